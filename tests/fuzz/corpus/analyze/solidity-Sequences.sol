pragma solidity ^0.8.0;

contract Sequences {
    function selectors(bytes4 s) public view returns (bool) {
        return s == this.a.selector || s == this.b.selector || s == this.c.selector;
    }

    function indexes(uint256[] memory v) public pure returns (bool) {
        return v[0] == 1 || v[1] == 2 || v.length == 3;
    }

    function mixed(bool a, bool b, bool c, bool d) public pure returns (bool) {
        return a && b || c && d;
    }

    function fact(uint256 n) public view returns (uint256) {
        if (n < 2) return 1;
        return n * fact(n - 1) + this.fact(0);
    }

    function a() external {}
    function b() external {}
    function c() external {}
}
