/*
 * formats.c - the table of report formats (see formats.h).
 */
#include "report/formats.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "report/writers.h"
#include "util/suggest.h"

static const struct report_format formats[] = {
	{ "text", "txt", 0, report_text },
	{ "warnings", "warnings", 0, report_warnings },
	{ "json", "json", REPORT_EVERY_UNIT | REPORT_SIZES, report_json },
	{ "sarif", "sarif", REPORT_IDENTITY, report_sarif },
	{ "checkstyle", "xml", 0, report_checkstyle },
	{ "codeclimate", "", REPORT_IDENTITY, report_codeclimate },	/* .json: ambiguous */
	{ "csv", "csv", REPORT_EVERY_UNIT, report_csv },
	{ "csv-lizard", "", REPORT_EVERY_UNIT, report_csv_lizard },
	{ "html", "html htm", REPORT_EVERY_UNIT | REPORT_IDENTITY | REPORT_INCREMENTS, report_html },
	{ "prometheus", "prom", REPORT_EVERY_UNIT | REPORT_IDENTITY, report_prometheus },
};

#define NFORMATS (sizeof(formats) / sizeof(formats[0]))

const struct report_format *report_format_by_name(const char *name)
{
	for (size_t i = 0; i < NFORMATS; i++)
		if (strcasecmp(formats[i].name, name) == 0)
			return &formats[i];
	return NULL;
}

/* Report file names CI systems look for, whose extension alone would pick another format. */
static const struct {
	const char *name;	/* the file's whole name, or its end after a '.' ("sarif.json") */
	const char *format;
} well_known[] = {
	{ "gl-code-quality-report.json", "codeclimate" },	/* GitLab's Code Quality artifact */
	{ "codeclimate.json", "codeclimate" },
	{ "code-quality.json", "codeclimate" },
	{ "sarif.json", "sarif" },				/* NAME.sarif.json */
};

/* The format a well-known file name asks for; NULL when the name is no such one. */
static const struct report_format *by_well_known_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	size_t n = strlen(base);
	for (size_t i = 0; i < sizeof(well_known) / sizeof(well_known[0]); i++) {
		size_t k = strlen(well_known[i].name);
		if (n == k ? strcasecmp(base, well_known[i].name) == 0
			   : n > k && base[n - k - 1] == '.'
			     && strcasecmp(base + n - k, well_known[i].name) == 0)
			return report_format_by_name(well_known[i].format);
	}
	return NULL;
}

const struct report_format *report_format_by_path(const char *path)
{
	const struct report_format *known = by_well_known_name(path);
	if (known)
		return known;
	const char *dot = strrchr(path, '.');
	if (!dot || strchr(dot, '/'))
		return NULL;
	for (size_t i = 0; i < NFORMATS; i++) {
		const char *e = formats[i].extensions;
		size_t n = strlen(dot + 1);
		while (*e) {
			size_t k = strcspn(e, " ");
			if (k == n && strncasecmp(e, dot + 1, n) == 0)	/* R.HTML, r.Json */
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

const char *report_format_nearest(const char *word)
{
	struct suggest s;
	suggest_init(&s, word);
	for (size_t i = 0; i < NFORMATS; i++)
		suggest_offer(&s, formats[i].name);
	return suggest_best(&s);
}
