// A file of comments only.

/*
 * A block comment
 * over several lines. /* Scala block comments nest */ still inside.
 */

/** A Scaladoc comment. */
