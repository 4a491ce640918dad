let top x = x

module Stack = struct
  let push x s = x :: s

  module Inner = struct
    let peek = function [] -> None | x :: _ -> Some x
  end
end

module Make (Ord : sig type t end) = struct
  let rec even n = n = 0 || odd (n - 1)
  and odd n = n <> 0 && even (n - 1)
end

class counter init = object
  val mutable n = init
  method incr = n <- n + 1
  method add k = if k > 0 then n <- n + k
end

let ( +! ) a b = a + b

let outer xs =
  let go acc x = acc + x in
  List.fold_left go 0 xs

let () = print_endline "main"

let logger = object
  method log s = print_string s
end
