// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

contract Control {
    uint256 public total;

    function branches(uint256 a, uint256 b) public pure returns (uint256) {
        if (a > b) {
            return a;
        } else if (a == b) {
            return 0;
        } else {
            return b;
        }
    }

    function loops(uint256 n) public {
        for (uint256 i = 0; i < n; i++) {
            while (total < i) {
                total += 1;
            }
        }
        do {
            total -= 1;
        } while (total > n && total > 1);
    }

    function logic(bool x, bool y, bool z) public pure returns (bool) {
        return x && y || z ? true : false;
    }

    function guarded(uint256 v) public view {
        require(v > 0, "zero");
        assert(v < 100);
        if (v == 7) {
            revert("seven");
        }
    }

    function jumps(uint256[] memory xs) public pure returns (uint256 s) {
        for (uint256 i = 0; i < xs.length; i++) {
            if (xs[i] == 0) {
                continue;
            }
            if (xs[i] > 9) {
                break;
            }
            s += xs[i];
        }
    }
}
