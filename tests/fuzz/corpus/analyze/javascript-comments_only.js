// Only comments in this file.
/*
 * A block comment.

 */
// The last line has no newline