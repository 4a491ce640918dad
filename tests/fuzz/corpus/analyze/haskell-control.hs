module Control where

classify :: Int -> String
classify n
  | n < 0 = "neg"
  | n == 0 = "zero"
  | otherwise = "pos"

pick :: Maybe Int -> Int
pick m = case m of
  Just x -> if x > 0 && x < 10 then x else 0
  Nothing -> 1

both :: Bool -> Bool -> Bool -> Bool
both a b c = a && b || c

plain :: Int -> Int
plain x = x + 1

multi :: Int -> Int
multi x = if | x > 5 -> 1
             | otherwise -> 2
