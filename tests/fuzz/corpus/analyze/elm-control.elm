module Control exposing (classify, describe, logic, length)


classify : Int -> String
classify n =
    if n < 0 then
        "negative"

    else if n == 0 then
        "zero"

    else if n < 10 then
        "small"

    else
        "large"


describe : Maybe Int -> String
describe m =
    case m of
        Nothing ->
            "none"

        Just n ->
            if n > 0 && n < 10 then
                "digit"

            else
                "other"


logic : Bool -> Bool -> Bool -> Bool
logic a b c =
    (a && b) || c && not (a || c)


length : List a -> Int
length xs =
    case xs of
        [] ->
            0

        _ :: rest ->
            1 + length rest
