/*
 * content.c - reading a file and what its bytes tell (see content.h).
 */
#include "files/content.h"

#include <string.h>

#include "files/fsguard.h"

int content_read(const struct file_list *list, size_t i, uint64_t max_size, struct wbuf *bytes,
		 enum file_status *status, struct cause_note *why)
{
	const struct file_entry *f = &list->files[i];
	enum fsguard_result r = fsguard_read(list->root_fds[f->root], f->relpath, max_size, bytes,
					     why);
	if (r == FSGUARD_OK)
		return 0;
	*status = r == FSGUARD_SKIP ? FILE_SKIPPED : FILE_FAILED;
	return -1;
}

/* Whether line [p, e) (its newline excluded) of a pointer is `key value`, the key of
 * [a-z0-9.-] (git-lfs's spec). */
static int pointer_line(const char *p, const char *e)
{
	const char *k = p;
	while (k < e && ((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9') || *k == '.'
			 || *k == '-'))
		k++;
	return k > p && k < e && *k == ' ';
}

/* Whether line [p, e) is "oid sha256:" and 64 lower-case hex digits. */
static int pointer_oid(const char *p, const char *e)
{
	static const char key[] = "oid sha256:";
	size_t n = sizeof(key) - 1;
	if ((size_t)(e - p) != n + 64 || memcmp(p, key, n) != 0)
		return 0;
	for (p += n; p < e; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return 1;
}

/* Whether line [p, e) is "size" and a number. */
static int pointer_size(const char *p, const char *e)
{
	if (e - p < 6 || memcmp(p, "size ", 5) != 0)
		return 0;
	for (p += 5; p < e; p++)
		if (*p < '0' || *p > '9')
			return 0;
	return 1;
}

/* Whether the bytes are a git-lfs pointer as its spec defines one: under 1024 bytes, the
 * version line first, then `key value` lines each ended by a newline, with an oid and a
 * size. A source file that merely starts with the version line is no pointer (it would
 * be skipped unmeasured, even under --strict). */
static int lfs_pointer(const uint8_t *data, size_t len)
{
	static const char version[] = "version https://git-lfs.github.com/spec/v1\n";
	const char *s = (const char *)data, *end = s + len;
	if (len >= 1024 || len < sizeof(version) - 1 || memcmp(s, version, sizeof(version) - 1) != 0
	    || s[len - 1] != '\n')
		return 0;
	int oid = 0, size = 0;
	for (const char *p = s + sizeof(version) - 1; p < end;) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		if (!pointer_line(p, e))
			return 0;
		oid |= pointer_oid(p, e);
		size |= pointer_size(p, e);
		p = e + 1;
	}
	return oid && size;
}

int content_check(const uint8_t *data, size_t len, enum lang_id *lang, struct cause_note *why)
{
	if (*lang == LANG_NONE)
		*lang = language_by_shebang((const char *)data, len < 256 ? len : 256);
	if (lfs_pointer(data, len))
		return cause_note(why, CAUSE_LFS_POINTER, NULL);
	if (*lang == LANG_NONE)
		return cause_note(why, CAUSE_UNKNOWN_LANGUAGE, NULL);
	if (fsguard_is_binary(data, len))
		return cause_note(why, CAUSE_BINARY, NULL);
	if (fsguard_is_minified(data, len))
		return cause_note(why, CAUSE_MINIFIED, NULL);
	return 0;
}
