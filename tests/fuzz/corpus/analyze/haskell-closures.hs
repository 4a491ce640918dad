module Closures where

double = \x -> x * 2

apply :: [Int] -> [Int]
apply xs = map (\x -> if x > 0 then x else 0) xs

sign = \case
  0 -> 0
  _ -> 1

scale :: Int -> Int
scale n = f n
  where f = \k -> k * 3
