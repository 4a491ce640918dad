// SPDX-License-Identifier: MIT
/*
 * Nothing here but comments.
 */

/// @title none
