/*
 * formats.c - the table of report formats (see formats.h).
 */
#include "report/formats.h"

#include <stdio.h>
#include <string.h>

#include "report/writers.h"

static const struct report_format formats[] = {
	{ "text", "txt", 0, report_text },
	{ "warnings", "warnings", 0, report_warnings },
	{ "json", "json", REPORT_EVERY_UNIT | REPORT_SIZES, report_json },
	{ "sarif", "sarif", 0, report_sarif },
	{ "checkstyle", "xml", 0, report_checkstyle },
	{ "codeclimate", "", 0, report_codeclimate },	/* its .json would be ambiguous */
	{ "csv", "csv", REPORT_EVERY_UNIT, report_csv },
	{ "csv-lizard", "", REPORT_EVERY_UNIT, report_csv_lizard },
	{ "html", "html htm", REPORT_EVERY_UNIT, report_html },
	{ "prometheus", "prom", REPORT_EVERY_UNIT, report_prometheus },
};

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

const struct report_format *report_format_by_name(const char *name)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (strcmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

const struct report_format *report_format_by_path(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot || strchr(dot, '/'))
		return NULL;
	for (size_t i = 0; i < NFORMATS; i++) {
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

const char *report_format_extensions(void)
{
	static char list[256];
	if (list[0])
		return list;
	size_t len = 0;
	for (size_t i = 0; i < NFORMATS; i++) {
		const char *e = formats[i].extensions;
		while (*e && len < sizeof(list)) {
			size_t k = strcspn(e, " ");
			len += (size_t)snprintf(list + len, sizeof(list) - len, "%s.%.*s",
						len ? ", " : "", (int)k, e);
			e += k + strspn(e + k, " ");
		}
	}
	return list;
}

const char *report_format_names(void)
{
	static char names[256];
	if (!names[0]) {
		size_t len = 0;
		for (size_t i = 0; i < NFORMATS && len < sizeof(names); i++)
			len += (size_t)snprintf(names + len, sizeof(names) - len, "%s%s",
						i ? ", " : "", formats[i].name);
	}
	return names;
}
