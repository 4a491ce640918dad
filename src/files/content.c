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

int content_check(const uint8_t *data, size_t len, enum lang_id *lang, struct cause_note *why)
{
	static const char lfs[] = "version https://git-lfs.github.com/spec/";
	if (*lang == LANG_NONE)
		*lang = language_by_shebang((const char *)data, len < 256 ? len : 256);
	if (len >= sizeof(lfs) - 1 && memcmp(data, lfs, sizeof(lfs) - 1) == 0)
		return cause_note(why, CAUSE_LFS_POINTER, NULL);
	if (*lang == LANG_NONE)
		return cause_note(why, CAUSE_UNKNOWN_LANGUAGE, NULL);
	if (fsguard_is_binary(data, len))
		return cause_note(why, CAUSE_BINARY, NULL);
	if (fsguard_is_minified(data, len))
		return cause_note(why, CAUSE_MINIFIED, NULL);
	return 0;
}
