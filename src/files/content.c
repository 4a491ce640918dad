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

/* Whether line [p, e) (its newline excluded) is "ext-N-NAME VALUE": an extension of a
 * pointer (N a digit, NAME of [a-z0-9]). */
static int pointer_ext(const char *p, const char *e)
{
	if (e - p < 8 || memcmp(p, "ext-", 4) != 0 || p[4] < '0' || p[4] > '9' || p[5] != '-')
		return 0;
	const char *k = p + 6;
	while (k < e && ((*k >= 'a' && *k <= 'z') || (*k >= '0' && *k <= '9')))
		k++;
	return k > p + 6 && k < e && *k == ' ';
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

/* Whether the bytes are a git-lfs pointer as git-lfs reads one: under 1024 bytes, the
 * version line, extension lines, the oid line, the size line and nothing after it, each
 * line ended by a newline. Anything else is source to measure: a file that merely starts
 * like a pointer would be skipped unmeasured, even under --strict. */
static int lfs_pointer(const uint8_t *data, size_t len)
{
	static const char version[] = "version https://git-lfs.github.com/spec/v1\n";
	const char *p = (const char *)data, *end = p + len;
	if (len >= 1024 || len < sizeof(version) - 1 || memcmp(p, version, sizeof(version) - 1) != 0
	    || p[len - 1] != '\n')
		return 0;
	p += sizeof(version) - 1;
	const char *e = memchr(p, '\n', (size_t)(end - p));
	while (e && pointer_ext(p, e)) {
		p = e + 1;
		e = memchr(p, '\n', (size_t)(end - p));
	}
	if (!e || !pointer_oid(p, e))
		return 0;
	p = e + 1;
	e = memchr(p, '\n', (size_t)(end - p));
	return e && pointer_size(p, e) && e + 1 == end;
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
