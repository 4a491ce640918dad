(* head (* nested *) still comment *)
let f x = (* inline *) x
(* a block
   (* nested, its close *)
   does not close the outer one: this line is comment *)
let g y = y
