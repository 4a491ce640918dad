// only a comment
/* and a block
   comment */

/// a doc comment
