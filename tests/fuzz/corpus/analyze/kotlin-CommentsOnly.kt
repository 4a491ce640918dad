
// only comments

/*
 * a block comment
 */
// fun notCode() {}
