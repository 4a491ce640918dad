/* comments_only.cpp
 * nothing but comments
 */

// line comment one
// line comment two

/// doc-style comment
