/*
 * content.h - what a file's bytes tell before it is parsed: read through fsguard, then
 * the language of an extension-less script (its #! line), a git-lfs pointer, binary or
 * minified content.
 */
#ifndef ASSAY_FILES_CONTENT_H
#define ASSAY_FILES_CONTENT_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "common/cause.h"
#include "files/filelist.h"

/* Reads file i of list (at most max_size bytes) into bytes. 0, or -1 with *why and
 * *status (FILE_SKIPPED when refused on purpose, FILE_FAILED when it could not be read). */
int content_read(const struct file_list *list, size_t i, uint64_t max_size, struct wbuf *bytes,
		 enum file_status *status, struct cause_note *why);
/* Whether len bytes are to be analyzed as *lang (decided from the #! line when it is
 * LANG_NONE): 0, or -1 with *why (the file is then skipped). */
int content_check(const uint8_t *data, size_t len, enum lang_id *lang, struct cause_note *why);

#endif
