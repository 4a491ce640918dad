//! Module doc comment.
//! Second line.

/// A doc comment alone.
// A plain comment.
