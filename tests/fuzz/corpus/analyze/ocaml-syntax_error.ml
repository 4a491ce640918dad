
let ok x = x + 1

let bad x =
  if x > 0 then ( x + ) else 0
