/*
 * glob.h - the one glob dialect of assay: gitignore's.
 *
 * Every glob a user writes -- `-x` on the command line, `[exclude] path`, `[include]
 * path`, `[threshold "GLOB"]` and `[precommit] critical` in a configuration file -- means
 * what it would in a .gitignore, because every user of a git tree already knows those
 * rules:
 *   - '*' and '?' never match '/'; a whole segment "**" matches any number of
 *     directories ("**" + "/x", "a/" + "**", "a/" + "**" + "/b");
 *   - [...] classes ('!' or '^' negating, ranges, '\' escapes) match one character, never
 *     '/'; an unclosed '[' is a literal;
 *   - a glob without a '/' (other than a trailing one) matches a name at any depth;
 *   - a glob with a '/' at its start or in its middle is anchored: it is matched against
 *     the whole path (a leading '/' or "./" only says so);
 *   - a glob ending in '/' matches directories only: everything inside them;
 *   - a glob that matches a directory matches everything inside it (git ignores what is
 *     in an ignored directory).
 * Not taken from gitignore: '!' negation (a leading '!' is a literal character).
 *
 * lizard users write fnmatch globs, where '*' crosses '/' ("*" + "/tests/" + "*"); the
 * same selection is "**" + "/tests/" + "**" here (docs/MIGRATING.md).
 */
#ifndef ASSAY_GLOB_H
#define ASSAY_GLOB_H

/* 1 when path (a file's path, '/'-separated, relative to whatever the glob is relative
 * to; a leading "/" or "./" is ignored) matches glob, else 0. An empty glob matches
 * nothing. Backtracking is linear in each dimension: a hostile glob costs
 * O(len(glob) * len(path)) per directory level of path. */
int glob_match(const char *glob, const char *path);

/* 1 when glob matches path the way fnmatch(3) without FNM_PATHNAME would ('*' crossing
 * '/'): the reading of lizard's -x, used only to say why a glob matched nothing. */
int glob_match_crossing(const char *glob, const char *path);

/* Writes to out (len bytes) the gitignore glob nearest to what a fnmatch user meant by
 * glob: a segment that is a lone '*' becomes "**", and another segment holding a '*'
 * gets a "**" segment before it ("src/" + "*.c" becomes "src/" + "**" + "/" + "*.c"). */
void glob_suggest(const char *glob, char *out, unsigned long len);

#endif
