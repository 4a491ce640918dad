module Broken exposing (..)


ok x =
    x + 1


broken y =
    if y then
