let double = fun x -> x * 2

let positives xs = List.filter (fun x -> x > 0 && x < 100) xs

let apply xs = List.map (function Some x -> x | None -> 0) xs

let make_adder n =
  let add = fun k -> if k > 0 then n + k else n in
  add

let handlers = [ (fun () -> 1); (fun () -> 2) ]

let memo =
  let table = Hashtbl.create 16 in
  fun k -> if Hashtbl.mem table k then 1 else 0
