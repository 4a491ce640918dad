/*
 * report.c - the table of report formats (see report.h). Adding a format is adding a
 * writer file and a row here.
 */
#include "report.h"

#include <string.h>

#include "../util.h"

static const struct report_format formats[] = {
	{ "text", "txt", report_text },
	{ "warnings", "warnings", report_warnings },
	{ "json", "json", report_json },
};

const struct report_format *report_format_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

const struct report_format *report_format_by_path(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot || strchr(dot, '/'))
		return NULL;
	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		const char *e = formats[i].extensions;
		size_t n = strlen(dot + 1);
		while (*e) {
			size_t k = strcspn(e, " ");
			if (k == n && strncmp(e, dot + 1, n) == 0)
				return &formats[i];
			e += k;
			while (*e == ' ')
				e++;
		}
	}
	return NULL;
}

const char *report_format_names(void)
{
	return "text, warnings, json";
}

void report_put_text(FILE *out, const char *s)
{
	struct wbuf b;
	wbuf_init(&b);
	esc_text(&b, s ? s : "");
	fwrite(b.data ? (const char *)b.data : "", 1, b.len, out);
	wbuf_free(&b);
}
