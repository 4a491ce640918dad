-- only a comment
{- a block
   comment -}
