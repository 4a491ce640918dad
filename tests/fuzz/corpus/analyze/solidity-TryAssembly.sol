pragma solidity ^0.8.0;

interface IFeed {
    function price() external view returns (uint256);
}

contract Reader {
    IFeed feed;

    /// @notice reads the feed, falling back to zero
    function read() public view returns (uint256 p, bool ok) {
        try feed.price() returns (uint256 v) {
            return (v, true);
        } catch Error(string memory) {
            return (0, false);
        } catch (bytes memory) {
            return (0, false);
        }
    }

    function size(address a) public view returns (uint256 s) {
        assembly {
            s := extcodesize(a)
            if iszero(s) { s := 1 }
            for { let i := 0 } lt(i, 3) { i := add(i, 1) } {
                switch i
                case 0 { s := add(s, 1) }
                default { s := add(s, 2) }
            }
        }
    }

    function tally(uint256 n) public pure returns (uint256 t) {
        unchecked {
            for (uint256 i; i < n; ++i) {
                t += i > 2 ? 2 : 1;
            }
        }
    }
}
