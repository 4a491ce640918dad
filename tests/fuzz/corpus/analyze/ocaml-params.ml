	let labelled ~x ~y:z = x + z
let optional ?(step = 1) ?limit n = ignore limit; n + step
let unit_arg () = 42
let typed (a : int) ((b, c) : int * int) = a + b + c
let abstract (type t) (x : t) = x
let curried x = fun y -> x + y
let dispatch k = function
  | 0 -> k
  | _ -> -k
let value = 3
let point_free = List.map succ
