/*
 * syntax.h - the configuration files' syntax, git-config's: `.assay` at the repository root
 * (untrusted: anyone who can commit writes it) and the user's ~/.config/assay/config.
 *
 * config_parse() turns bytes into a flat list of entries (section, subsection, key, value,
 * line) and knows nothing of assay: it is the decoder of untrusted bytes, read through a
 * bounded reader with hard limits. Nothing here opens a file, reads the environment or
 * prints: the caller reads the file (at most CONFIG_MAX_FILE_BYTES + 1 bytes, so an
 * oversized file is reported as such) and passes the bytes; errors are messages
 * "FILE:LINE: what is wrong" in the caller's buffer.
 */
#ifndef ASSAY_CONFIG_SYNTAX_H
#define ASSAY_CONFIG_SYNTAX_H

#include <stddef.h>

/* Hard limits on an untrusted file; going over one is an error, never a truncation. */
#define CONFIG_MAX_FILE_BYTES (1024u * 1024u)
#define CONFIG_MAX_LINE_BYTES 4096	/* one physical line, without its line ending */
#define CONFIG_MAX_ENTRIES 10000
#define CONFIG_MAX_VALUE_BYTES 4096	/* a value after unquoting, continuations joined */
/* How much of a file's head is searched for generated-file markers. */
#define CONFIG_GENERATED_HEAD_BYTES 1024

struct config_entry {
	char *section;		/* lower case: section names are case-insensitive */
	char *subsection;	/* as written (case-sensitive), unescaped; NULL when none */
	char *key;		/* lower case */
	char *value;		/* unquoted and unescaped; NULL for a key without '=' (git's
				   implicit "true") */
	int line;		/* where the key is; 0 for entries added by config_add */
	int key_folded;		/* 1 when the key was written with upper-case letters */
};

struct config {
	char *file;		/* the name messages give for this configuration */
	struct config_entry *entries;	/* in file order; repeated keys are all kept */
	size_t count;
	size_t cap;
};

/*
 * Parses a configuration in git-config syntax (the subset git-config(1) documents under
 * CONFIGURATION FILE): [section], [section "subsection"] with \" and \\ escapes, key =
 * value, a key alone, # and ; comments, quoted values with \n \t \b \\ \" escapes, a
 * trailing backslash continuing a line, CRLF line endings and a leading UTF-8 BOM.
 * Never follows includes: an [includeIf "..."] section is an error. file names the
 * configuration in messages; data need not be NUL-terminated. Returns 0 with *out set
 * (free with config_free), or -1 with *out NULL and err "FILE:LINE: what is wrong".
 */
int config_parse(const char *file, const void *data, size_t len, struct config **out,
		 char *err, size_t errlen);

/* An empty configuration named file (for values that come from somewhere else, such as
 * the command line: see settings_apply). NULL when out of memory. */
struct config *config_new(const char *file);

/* One entry to add with config_add: where a setting goes and what it says. */
struct config_item {
	const char *section;
	const char *subsection;	/* NULL when none */
	const char *key;
	const char *value;	/* NULL for a key without '=' */
	int line;		/* 0 when there is none */
};

/* Appends an entry (copied; section and key folded to lower case; subsection and value
 * may be NULL). Returns 0, or -1 with err when out of memory or over CONFIG_MAX_ENTRIES. */
int config_add(struct config *c, const struct config_item *item, char *err, size_t errlen);

void config_free(struct config *c);

#endif
