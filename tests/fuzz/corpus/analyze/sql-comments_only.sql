!-- only comments
/* a block
   comment */
-- and one more
