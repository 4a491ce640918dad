let classify n =
  if n < 0 then "neg"
  else if n = 0 then "zero"
  else "pos"

let pick m =
  match m with
  | Some x when x > 0 && x < 10 -> x
  | Some x -> if x > 100 then 100 else x
  | None -> 0

let rec length = function
  | [] -> 0
  | _ :: rest -> 1 + length rest

let safe_div a b =
  try a / b with
  | Division_by_zero -> 0
  | Invalid_argument _ -> -1

let count_up n =
  let i = ref 0 in
  while !i < n do
    for j = 1 to n do
      if j mod 2 = 0 || j = n then incr i
    done
  done;
  !i

let both a b c = a && b || c

let step n = n + 1
let step n = step (step n)
