	/**
 * Only comments in this file.
 */

// line comment
    /* indented block */
