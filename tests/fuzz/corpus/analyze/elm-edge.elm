module Edge exposing (grade)


grade : Int -> Bool -> String
grade n strict =
    if strict && n > 90 then
        "A"

    else if isPass n then
        "B"

    else if (n > 10 || strict) then
        "C"

    else
        (if n > 0 then "D" else "E")


isPass n =
    n > 50
