/*
 * options_output.c - the options that say where reports go and in what format: -f and the
 * switches naming one (-w, --csv, --checkstyle, --html), -o FILE and -o FORMAT:FILE, and
 * --metrics-file (option_table.h: handlers of options.c's table).
 */
#include "config/option_table.h"

#include <stdio.h>
#include <string.h>

#include "report/formats.h"
#include "util/alloc.h"

/* --format=FMT, or a switch naming a format itself (-w, --csv, --checkstyle). */
int cli_set_format(struct cli_options *opt, const struct cli_option *o, const char *arg,
		   char *err, size_t errlen)
{
	static const char *const implied[] = { NULL, "warnings", "csv-lizard", "checkstyle",
						"html" };
	opt->format = report_format_by_name(arg ? arg : implied[o->value]);
	if (!opt->format)
		snprintf(err, errlen, "unknown --%s '%s' (%s)", o->long_name, arg,
			 report_format_names());
	return opt->format ? 0 : -1;
}

/* Whether s is one word (letters, digits, '-', '_'): what a format's name looks like,
 * and a file's name before a colon seldom does. */
static int plain_word(const char *s)
{
	return s[0] && s[strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789-_")] == '\0';
}

/* "-o" or "--output_file": how the option was named, for a message. */
static const char *option_label(const struct cli_option *o)
{
	static char label[64];
	if (o->short_name)
		snprintf(label, sizeof(label), "-%c ", o->short_name);
	else
		snprintf(label, sizeof(label), "--%s ", o->long_name);
	return label;
}

/* One more report: to path, in format (NULL: the one its name or --format says). */
static struct cli_output *push_output(struct cli_options *opt, const struct report_format *format,
				      const char *path)
{
	opt->outputs = xrealloc(opt->outputs, (opt->noutputs + 1) * sizeof(*opt->outputs));
	opt->outputs[opt->noutputs] = (struct cli_output){ .format = format, .path = xstrdup(path) };
	return &opt->outputs[opt->noutputs++];
}

/* -o FILE, or -o FORMAT:FILE when the name alone would not say the format. A word before
 * the colon that names no format is a mistyped one (code-climate:, jsno:), refused rather
 * than taken for a file of that name (./WORD:FILE is one). */
int cli_add_output(struct cli_options *opt, const struct cli_option *o, const char *arg,
		   char *err, size_t errlen)
{
	const struct report_format *format = NULL;
	const char *given = arg, *colon = strchr(arg, ':');
	char name[32];
	if (colon && colon > arg && (size_t)(colon - arg) < sizeof(name)) {
		snprintf(name, sizeof(name), "%.*s", (int)(colon - arg), arg);
		if ((format = report_format_by_name(name)) != NULL) {
			arg = colon + 1;
		} else if (plain_word(name)) {
			const char *near = report_format_nearest(name);
			char hint[64] = "";
			if (near)
				snprintf(hint, sizeof(hint), ": did you mean %s?", near);
			snprintf(err, errlen, "%s%s: '%s' is no format (%s)%s%s ./%s for a file "
				 "of that name", option_label(o), arg, name, report_format_names(), hint,
				 near ? " Or write" : "; write", arg);
			return -1;
		}
	}
	if (!arg[0]) {	/* -o json: names no file */
		snprintf(err, errlen, "%s'%s': no file name%s", option_label(o), given,
			 format ? " after the format" : "");
		return -1;
	}
	push_output(opt, format, arg);
	return 0;
}

/* --metrics-file FILE: the Prometheus report written to FILE. */
int cli_add_metrics_file(struct cli_options *opt, const struct cli_option *o, const char *arg,
			 char *err, size_t errlen)
{
	const struct report_format *prom = report_format_by_name("prometheus");
	if (!prom) {
		snprintf(err, errlen, "--%s: this build has no Prometheus report", o->long_name);
		return -1;
	}
	if (!arg[0]) {
		snprintf(err, errlen, "--%s: no file name", o->long_name);
		return -1;
	}
	push_output(opt, prom, arg)->metrics_file = 1;	/* the name is the file's, colons too */
	return 0;
}
