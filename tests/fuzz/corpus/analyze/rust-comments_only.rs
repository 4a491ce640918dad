//! Only comments in this file.

/* A block comment
   over two lines. */
    // an indented line comment
/// The last line has no newline