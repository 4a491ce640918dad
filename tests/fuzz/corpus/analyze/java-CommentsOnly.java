/**
 * CommentsOnly.java: a Javadoc-style comment and nothing else.
 *
 * The line above holds only " *", which is comment text.
 */

// trailing line comment
