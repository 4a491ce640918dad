module Shapes.Area exposing (area, total)

{-| Areas of shapes. -}


type Shape
    = Circle Float
    | Rect Float Float


area : Shape -> Float
area shape =
    case shape of
        Circle r ->
            pi * r * r

        Rect w h ->
            w * h


total : List Shape -> Float
total shapes =
    let
        add s acc =
            if s == s then
                acc + area s

            else
                acc

        ( first, second ) =
            ( 1, 2 )
    in
    List.foldl add 0 shapes


config =
    { view = \m -> m + 1
    , size = 3
    }


scale : Float -> Float
scale x =
    let
        factor =
            if x > 1 then
                2

            else
                1
    in
    x * factor
