/*
 * parse_heap.h - tree-sitter's memory, one file at a time, freed at once.
 *
 * A worker parses a file, walks its tree and throws the tree away. Freeing a tree node by
 * node (ts_tree_delete walks every node to drop its references) and glibc's malloc for
 * the parser's many small blocks cost 5 to 12 per cent of a file's analysis (the figures
 * are in docs/ARCHITECTURE.md). Installed (parse_heap_install, once, before the first
 * parser), the heap gives the tree-sitter runtime blocks carved from large slabs while a
 * file is open (parse_heap_file_begin):
 * a freed block goes on a list for its size and is handed out again, and closing the
 * file (parse_heap_file_end) takes back every block the file was given, with its trees,
 * in one step. Outside a file, and for blocks of more than 64 KiB, the runtime gets
 * malloc's blocks as before. Nothing of a file's may be used after it is closed: the
 * analyzer makes a parser per file and keeps none of the file's trees.
 */
#ifndef ASSAY_ANALYZE_PARSE_HEAP_H
#define ASSAY_ANALYZE_PARSE_HEAP_H

/* Makes tree-sitter allocate from this heap; out_of_memory (which must not return) is
 * called when a block cannot be had. Call it before the runtime allocates anything. */
void parse_heap_install(void (*out_of_memory)(void));

/* 1 when parse_heap_install was called. */
int parse_heap_installed(void);

/* Opens a file: the runtime's blocks come from the slabs until parse_heap_file_end. */
void parse_heap_file_begin(void);

/* Closes the file: every block it was given is free again (and the runtime must hold
 * none of them). The slabs are kept for the next file, up to a limit. */
void parse_heap_file_end(void);

#endif
