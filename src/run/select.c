/*
 * select.c - the configuration's say on each file (see select.h).
 */
#include "run/select.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "config/settings.h"
#include "files/discover.h"
#include "git/keys.h"
#include "git/attrs.h"
#include "util/alloc.h"

/* The per-path thresholds of file i at path (their CCN capped by --max-absolute, as the
 * run's are), kept only when they differ from the run's. */
static void set_limits(struct run *r, size_t i, const char *path)
{
	struct thresholds scratch;
	const struct thresholds *t = settings_thresholds_for(&r->p->settings, path, &scratch);
	if (t != &scratch)
		scratch = *t;
	thresholds_cap_rank(&scratch, r->p->rank_max[RANK_ABSOLUTE]);
	if (memcmp(&scratch, &r->p->thresholds, sizeof(scratch)) == 0)
		return;
	free(r->limits[i]);
	r->limits[i] = xmalloc(sizeof(*r->limits[i]));
	*r->limits[i] = scratch;
}

/* The vendored folder path (relative to the repository root) is in: "vendor/",
 * "third_party/" or "node_modules/" at any depth (GitHub linguist's most common ones); NULL
 * when none. */
static const char *vendored_folder(const char *path)
{
	static const char *const folders[] = { "vendor/", "third_party/", "node_modules/" };
	for (const char *seg = path; seg; seg = strchr(seg, '/') ? strchr(seg, '/') + 1 : NULL)
		for (size_t k = 0; k < sizeof(folders) / sizeof(folders[0]); k++)
			if (strncmp(seg, folders[k], strlen(folders[k])) == 0)
				return folders[k];
	return NULL;
}

/* Skips file i as vendored when path is in such a folder and --include-vendored is off.
 * Returns 1 when it did. */
static int skip_vendored(struct run *r, size_t i, const char *path)
{
	const char *folder = r->p->include_vendored ? NULL : vendored_folder(path);
	if (folder)
		file_verdict_set(&r->list, i, FILE_SKIPPED, CAUSE_VENDORED, folder);
	return folder != NULL;
}

/* What .gitattributes say of file i, read at path (NULL: nothing), made its verdict
 * when they mark it generated or vendored (unless --include-generated or
 * --include-vendored); linguist-generated=false waives the markers (run/strict.c).
 * Returns 1 when it skipped the file; l says what they said. */
static int skip_by_attributes(struct run *r, size_t i, const char *path, struct linguist *l)
{
	*l = git_attrs_linguist(path ? r->attrs : NULL, path);
	r->state[i].generated_waived = l->generated == LINGUIST_FALSE;
	if (l->generated == LINGUIST_TRUE && !r->p->include_generated)
		file_verdict_set(&r->list, i, FILE_SKIPPED, CAUSE_GENERATED,
				 ".gitattributes linguist-generated");
	else if (l->vendored == LINGUIST_TRUE && !r->p->include_vendored)
		file_verdict_set(&r->list, i, FILE_SKIPPED, CAUSE_VENDORED,
				 ".gitattributes linguist-vendored");
	else
		return 0;
	return 1;
}

/* File f's language as [language] maps it: its content no longer decides (h = cpp). */
static void set_language(struct file_entry *f, enum lang_id mapped)
{
	f->lang = mapped;
	f->by_content = 0;
	f->header = 0;
}

/* The settings for one pending file at path (relative to the repository root). A plain
 * --strict run has no base revision, so a vendored folder excuses nothing (as its
 * markers and attributes: docs/SECURITY.md). */
static void apply_to_file(struct run *r, size_t i, const char *path)
{
	const struct assay_settings *s = &r->p->settings;
	if (!settings_path_selected(s, path)) {
		file_verdict_set(&r->list, i, FILE_SKIPPED, CAUSE_EXCLUDED, NULL);
		return;
	}
	struct linguist l;
	if (skip_by_attributes(r, i, path, &l)
	    || (!r->p->strict && l.vendored != LINGUIST_FALSE && skip_vendored(r, i, path)))
		return;
	if (l.converts)	/* its blob's cached result is not its bytes' */
		keys_distrust_index(&r->list.keys[i]);
	enum lang_id mapped = settings_language_for(s, path);
	if (mapped != LANG_NONE) {
		set_language(&r->list.files[i], mapped);
		if (!discover_language_wanted(r->p->language_mask, &r->list.files[i])) {
			file_verdict_set(&r->list, i, FILE_SKIPPED, CAUSE_EXCLUDED_LANGUAGE, NULL);
			return;	/* -l holds for the language [language] gives it too */
		}
	}
	set_limits(r, i, path);
}

void select_named(struct run *r, size_t i)
{
	char buf[2 * PATH_MAX];
	const char *path = run_repo_path(r, i, buf, sizeof(buf));
	struct file_verdict *v = &r->list.verdicts[i];
	if (!path)
		return;
	enum lang_id mapped = settings_language_for(&r->p->settings, path);
	if (mapped != LANG_NONE && v->given && v->status == FILE_SKIPPED
	    && v->cause == CAUSE_UNKNOWN_LANGUAGE)
		file_verdict_clear(v);
	if (mapped != LANG_NONE)
		set_language(&r->list.files[i], mapped);
	set_limits(r, i, path);
}

void select_files(struct run *r)
{
	const struct assay_settings *s = &r->p->settings;
	char buf[2 * PATH_MAX];
	for (size_t i = 0; i < r->list.nfiles; i++) {
		struct file_verdict *v = &r->list.verdicts[i];
		int unknown = v->given && v->status == FILE_SKIPPED
			      && v->cause == CAUSE_UNKNOWN_LANGUAGE;
		if (v->given && !unknown)
			continue;
		const char *path = run_repo_path(r, i, buf, sizeof(buf));
		if (!path)
			continue;
		if (unknown) {
			/* A file of no language by its name that [language] maps is back in. */
			if (settings_language_for(s, path) == LANG_NONE)
				continue;
			file_verdict_clear(v);
		}
		apply_to_file(r, i, path);
	}
}

/* Skips change i (at path; old_path its base version's, or NULL) when .gitattributes or
 * its folder mark it. Under --strict its folder excuses it only when its base version was
 * in one, and the attributes (r->attrs, the base revision's) are asked about its base
 * version: a new file is never excused. Returns 1 when it did. */
static int skip_marked_change(struct run *r, size_t i, const char *path, const char *old_path)
{
	int trusted = !r->p->strict || r->changes[i].side == 1;
	struct linguist l;
	if (skip_by_attributes(r, i, trusted ? path : old_path, &l))
		return 1;
	int vendored_counts = trusted || (old_path && vendored_folder(old_path));
	return vendored_counts && l.vendored != LINGUIST_FALSE && skip_vendored(r, i, path);
}

void select_change(struct run *r, size_t i, const char *path, const char *old_path)
{
	const struct assay_settings *s = &r->p->settings;
	struct file_entry *f = &r->list.files[i];
	const struct run_params *p = r->p;
	struct discover_options dopt = { (const char *const *)p->excludes, p->nexcludes, NULL,
					 p->max_size, p->language_mask, p->no_git, NULL };
	f->lang = settings_language_for(s, path);
	f->by_content = f->lang == LANG_NONE && language_is_c_header(path);
	f->header = f->by_content;
	if (f->lang == LANG_NONE)
		f->lang = language_by_path(path);
	r->changes[i].priority = settings_is_critical(s, path) ? 2 : 1;
	const char *base = strrchr(path, '/');
	if (!settings_path_selected(s, path) || discover_excluded(&dopt, path, path))
		file_verdict_set(&r->list, i, FILE_SKIPPED, CAUSE_EXCLUDED, NULL);
	else if (skip_marked_change(r, i, path, old_path))
		;
	else if (f->lang == LANG_NONE && strchr(base ? base + 1 : path, '.'))
		file_verdict_set(&r->list, i, FILE_SKIPPED, CAUSE_UNKNOWN_LANGUAGE, NULL);
	else if (f->lang != LANG_NONE && !discover_language_wanted(p->language_mask, f))
		file_verdict_set(&r->list, i, FILE_SKIPPED, CAUSE_EXCLUDED_LANGUAGE, NULL);
	else
		set_limits(r, i, path);
}
