/*
 * glob.c - gitignore-style globs (see glob.h).
 *
 * The matcher works segment by segment: within a segment, the classic backtracking to the
 * last '*'; across segments, the same backtracking with "**" as the star. Neither
 * recurses, so a hostile glob costs linear backtracking, never exponential. gitignore's
 * rules for where a glob applies (any depth without a '/', directories and what is in
 * them) are applied around it, in glob_match.
 */
#include "files/glob.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


/*
 * Reads one member of a [...] class at p[*j]: a character, a '\' escaped one, or a range
 * "lo-hi" (either end may be escaped). Sets *lo and *hi (equal for a single character)
 * and moves *j past the member.
 */
static void class_member(const char *p, size_t plen, size_t *j, unsigned char *lo,
			 unsigned char *hi)
{
	size_t k = *j;
	*lo = (unsigned char)p[k];
	if (*lo == '\\' && k + 1 < plen)
		*lo = (unsigned char)p[++k];
	k++;
	*hi = *lo;
	if (k + 1 < plen && p[k] == '-' && p[k + 1] != ']') {
		*hi = (unsigned char)p[k + 1];
		k += 2;
		if (*hi == '\\' && k < plen)
			*hi = (unsigned char)p[k++];
	}
	*j = k;
}

/*
 * Matches s against the class starting with the '[' at p[*i] ('!' or '^' negating it; a
 * ']' first is a member) and moves *i past its ']'. 1 on a match, 0 on none, -1 (*i
 * unchanged) when the class has no closing ']'.
 */
static int match_class(const char *p, size_t plen, size_t *i, unsigned char s)
{
	size_t j = *i + 1;
	int negate = j < plen && (p[j] == '!' || p[j] == '^');
	if (negate)
		j++;
	int found = 0, first = 1;
	for (; j < plen && (p[j] != ']' || first); first = 0) {
		unsigned char lo, hi;
		class_member(p, plen, &j, &lo, &hi);
		if (s >= lo && s <= hi)
			found = 1;
	}
	if (j >= plen)
		return -1;
	*i = j + 1;
	return found != negate;
}

/*
 * Matches one character of s against the pattern item at p[*i] ('?', a class, an escape
 * or a literal; never '*') and moves *i past the item. 1 on a match.
 */
static int match_item(const char *p, size_t plen, size_t *i, unsigned char s)
{
	size_t k = *i;
	if (p[k] == '?') {
		*i = k + 1;
		return 1;
	}
	if (p[k] == '\\' && k + 1 < plen) {
		*i = k + 2;
		return (unsigned char)p[k + 1] == s;
	}
	if (p[k] == '[') {
		int matched = match_class(p, plen, i, s);
		if (matched >= 0)
			return matched;
		/* no closing ']': the '[' is an ordinary character */
	}
	*i = k + 1;
	return (unsigned char)p[k] == s;
}

/* One segment of a path against one segment of a glob, neither holding '/'. The classic
 * backtracking to the last '*' only: O(plen * slen). */
static int match_segment(const char *p, size_t plen, const char *s, size_t slen)
{
	size_t pi = 0, si = 0, star_p = 0, star_s = 0;
	int have_star = 0;
	while (si < slen) {
		if (pi < plen && p[pi] == '*') {
			have_star = 1;
			star_p = ++pi;
			star_s = si;
			continue;
		}
		size_t next = pi;
		if (pi < plen && match_item(p, plen, &next, (unsigned char)s[si])) {
			pi = next;
			si++;
			continue;
		}
		if (!have_star)
			return 0;
		pi = star_p;
		si = ++star_s;
	}
	while (pi < plen && p[pi] == '*')
		pi++;
	return pi == plen;
}

static const char *segment_end(const char *s)
{
	const char *e = strchr(s, '/');
	return e ? e : s + strlen(s);
}

static const char *segment_next(const char *end)
{
	return *end ? end + 1 : end;
}

static const char *strip_root(const char *s)
{
	for (;;) {
		if (s[0] == '/')
			s++;
		else if (s[0] == '.' && s[1] == '/')
			s += 2;
		else
			return s;
	}
}

/* Where match_anchored's walk over segments is. */
struct glob_walk {
	const char *pat;	/* the glob without its root */
	const char *p;		/* the glob's next segment */
	const char *s;		/* the path's next segment */
	const char *star_p;	/* after the last "**"; NULL before one */
	const char *star_s;	/* where that "**" stopped matching */
};

/* What one step of the walk found: an answer, progress, or a dead end to backtrack from. */
enum glob_step { GLOB_NO_MATCH = 0, GLOB_MATCH = 1, GLOB_ADVANCED, GLOB_STUCK };

/* From a non-empty glob segment: steps past a "**" (remembering it) or past a segment
 * that matches the path's next one. */
static enum glob_step glob_advance(struct glob_walk *w)
{
	const char *pe = segment_end(w->p);
	const char *pn = segment_next(pe);
	if (pe - w->p == 2 && w->p[0] == '*' && w->p[1] == '*') {
		/* A trailing one takes all that is left, if anything is: an earlier "**"
		 * taking more would leave less. */
		if (*pn == '\0' && w->p != w->pat)
			return *w->s != '\0' ? GLOB_MATCH : GLOB_NO_MATCH;
		w->star_p = pn;
		w->star_s = w->s;
		w->p = pn;
		return GLOB_ADVANCED;
	}
	if (*w->s == '\0')
		return GLOB_STUCK;
	const char *se = segment_end(w->s);
	if (!match_segment(w->p, (size_t)(pe - w->p), w->s, (size_t)(se - w->s)))
		return GLOB_STUCK;
	w->p = pn;
	w->s = segment_next(se);
	return GLOB_ADVANCED;
}

/* One step of the walk: the answer when the glob is used up, else glob_advance. */
static enum glob_step glob_step(struct glob_walk *w)
{
	if (*w->p != '\0')
		return glob_advance(w);
	if (w->p > w->pat && w->p[-1] == '/')	/* "dir/": everything inside, as "dir/" + "**" */
		return *w->s != '\0' ? GLOB_MATCH : GLOB_NO_MATCH;
	return *w->s == '\0' ? GLOB_MATCH : GLOB_STUCK;
}

/* Lets the last "**" take one more path segment and restarts the walk after it; 0 when
 * there is no "**" or nothing left for it to take. */
static int glob_backtrack(struct glob_walk *w)
{
	if (!w->star_p || *w->star_s == '\0')
		return 0;
	w->star_s = segment_next(segment_end(w->star_s));
	w->p = w->star_p;
	w->s = w->star_s;
	return 1;
}

/* The whole of path against the whole of glob (anchored, no directory rule). */
static int match_anchored(const char *glob, const char *path)
{
	struct glob_walk w = { .pat = glob, .s = strip_root(path) };
	w.p = w.pat;
	/* The same backtracking as match_segment, over segments: "**" is the star. */
	for (;;) {
		enum glob_step step = glob_step(&w);
		if (step == GLOB_MATCH || step == GLOB_NO_MATCH)
			return step == GLOB_MATCH;
		if (step == GLOB_STUCK && !glob_backtrack(&w))
			return 0;
	}
}


/* What a glob says besides its pattern: anchored or at any depth, directories only. */
struct glob_form {
	const char *pattern;	/* without a leading "/" or "./" and a trailing "/" */
	size_t len;
	int anchored;
	int dir_only;
};

static void glob_form(const char *glob, struct glob_form *g)
{
	const char *p = glob;
	int rooted = 0;
	for (;;) {
		if (p[0] == '/')
			p++, rooted = 1;
		else if (p[0] == '.' && p[1] == '/')
			p += 2, rooted = 1;
		else
			break;
	}
	size_t n = strlen(p);
	g->dir_only = n > 0 && p[n - 1] == '/';
	while (n > 0 && p[n - 1] == '/')
		n--;
	g->pattern = p;
	g->len = n;
	g->anchored = rooted || memchr(p, '/', n) != NULL;
}

/* The first n bytes of path against pat, as a whole. */
static int match_prefix(const char *pat, const char *path, size_t n)
{
	char *s = malloc(n + 1);
	if (!s)
		return 0;
	memcpy(s, path, n);
	s[n] = '\0';
	int hit = match_anchored(pat, s);
	free(s);
	return hit;
}

int glob_match(const char *glob, const char *path)
{
	struct glob_form g;
	glob_form(glob, &g);
	if (g.len == 0)
		return 0;
	/* At any depth: as if "**" + "/" came first. */
	size_t plen = g.len + (g.anchored ? 0 : 3);
	char *pat = malloc(plen + 1);
	if (!pat)
		return 0;
	snprintf(pat, plen + 1, "%s%.*s", g.anchored ? "" : "**/", (int)g.len, g.pattern);
	path = strip_root(path);
	int hit = 0;
	/* The path itself (unless only directories match), then each directory on its
	 * way, longest first: a glob naming a directory takes what is inside it. */
	size_t n = strlen(path);
	if (!g.dir_only)
		hit = match_prefix(pat, path, n);
	while (!hit && n > 0) {
		while (n > 0 && path[n - 1] != '/')
			n--;
		if (n == 0)
			break;
		n--;	/* the '/' */
		hit = n > 0 && match_prefix(pat, path, n);
	}
	free(pat);
	return hit;
}

int glob_match_crossing(const char *glob, const char *path)
{
	return fnmatch(strip_root(glob), strip_root(path), 0) == 0;
}

/* The gitignore spelling of one fnmatch segment (n bytes at seg) after a "**" segment or
 * not: a lone '*' is "**"; another segment with a '*' in it, past the first, gets a "**"
 * segment before it (fnmatch's '*' there could have reached into subfolders). */
static void suggest_segment(const char *seg, size_t n, int first, int after_any,
			    const char **before, const char **text, size_t *tn)
{
	int any = n == 2 && seg[0] == '*' && seg[1] == '*';
	*before = "";
	*text = seg;
	*tn = n;
	if (n == 1 && seg[0] == '*') {
		*text = "**";
		*tn = 2;
	} else if (memchr(seg, '*', n) && !any && !first && !after_any) {
		*before = "**/";
	}
}

void glob_suggest(const char *glob, char *out, unsigned long len)
{
	size_t k = 0;
	int after_any = 0;
	if (len)
		out[0] = '\0';
	for (const char *seg = glob; len && k + 1 < len;) {
		const char *end = strchr(seg, '/');
		size_t n = end ? (size_t)(end - seg) : strlen(seg);
		const char *before, *text;
		size_t tn;
		suggest_segment(seg, n, seg == glob, after_any, &before, &text, &tn);
		int w = snprintf(out + k, len - k, "%s%.*s%s", before, (int)tn, text, end ? "/" : "");
		if (w < 0 || (size_t)w >= len - k || !end)
			break;
		k += (size_t)w;
		after_any = tn == 2 && text[0] == '*' && text[1] == '*';
		seg = end + 1;
	}
}
