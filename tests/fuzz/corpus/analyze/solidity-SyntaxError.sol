pragma solidity ^0.8.0;

contract Broken {
    function ok(uint256 a) public pure returns (uint256) {
        if (a > 1) {
            return a;
        }
        return 1;
    }

    function bad(uint256 a) public {
        a = = 3 +;
    }
}
