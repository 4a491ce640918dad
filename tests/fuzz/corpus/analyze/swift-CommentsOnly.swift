// A file of comments only.
/* A block comment
   over two lines. */

/// A documentation comment.
/* Swift block comments /* nest */ like this. */
