(* a comment (* nested *)
   still the outer comment *)
(** a doc comment *)
