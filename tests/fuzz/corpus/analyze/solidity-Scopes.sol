pragma solidity ^0.8.20;

import "./Other.sol";

function freeAdd(uint256 a, uint256 b) pure returns (uint256) {
    return a + b;
}

interface IToken {
    function transfer(address to, uint256 amount) external returns (bool);
}

library SafeOps {
    function sub(uint256 a, uint256 b) internal pure returns (uint256) {
        if (b > a) {
            revert Underflow();
        }
        return a - b;
    }
}

error Underflow();

abstract contract Base {
    function hook() internal virtual;

    function run() public virtual {
        hook();
    }
}

contract Vault is Base {
    address owner;

    constructor(address o) {
        owner = o;
    }

    modifier onlyOwner() {
        require(msg.sender == owner);
        _;
    }

    function hook() internal override {}

    fallback() external payable {
        if (msg.value == 0) revert();
    }

    receive() external payable {}
}

contract Old {
    function () external payable {}
}
