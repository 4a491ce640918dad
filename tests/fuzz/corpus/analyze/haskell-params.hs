module Params where

none :: Int
none = 42

three :: Int -> Int -> Int -> Int
three a b c = a + b + c

go :: Int -> Int
go 0 = 0
go n = go (n - 1)
