module Broken where

ok :: Int -> Int
ok x = x + 1

bad x = = case of
