	// only comments
/* a block
   comment */

/// doc
