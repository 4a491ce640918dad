let positives xs = List.filter (fun x -> x > 0 && x < 9) xs
let add x = fun y -> x + y
