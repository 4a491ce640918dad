// comments_only.go: no package clause, no code

/*
   block comment

   with blank lines inside
*/

// end
