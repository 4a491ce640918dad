/*
 * test_config.c - unit tests of the configuration files (src/config/settings.c): every piece
 * of the git-config syntax, every parse error with its line, the limits, what a
 * repository file may not set, precedence and where each value came from, per-path
 * thresholds and the globs behind them, and what --strict leaves of a repository's file. One "ok"/"not ok" line per check, then
 * "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/settings.h"
#include "config/text.h"
#include "config/tighten.h"
#include "files/glob.h"
#include "tests/unit/check.h"


static char err[1024];

/* Parses text as ".assay"; NULL (and err) when it does not parse. */
static struct config *parse(const char *text)
{
	struct config *c = NULL;
	err[0] = '\0';
	if (config_parse(".assay", text, strlen(text), &c, err, sizeof(err)) < 0)
		return NULL;
	return c;
}

/* 1 when text fails to parse with exactly the message expected. */
static int parse_fails(const char *text, size_t len, const char *expected)
{
	struct config *c = NULL;
	err[0] = '\0';
	int rc = config_parse(".assay", text, len, &c, err, sizeof(err));
	config_free(c);
	if (rc == 0 || c != NULL || strcmp(err, expected) != 0) {
		printf("# got '%s', wanted '%s'\n", rc == 0 ? "(parsed)" : err, expected);
		return 0;
	}
	return 1;
}

static int str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* 1 when entry i of c is exactly this. */
static int entry_is(const struct config *c, size_t i, const char *section,
		    const char *subsection, const char *key, const char *value, int line)
{
	if (!c || i >= c->count)
		return 0;
	const struct config_entry *e = &c->entries[i];
	int ok = str_eq(e->section, section) && str_eq(e->subsection, subsection)
		 && str_eq(e->key, key) && str_eq(e->value, value) && e->line == line;
	if (!ok)
		printf("# entry %zu: [%s \"%s\"] %s = '%s' at %d\n", i, e->section,
		       e->subsection ? e->subsection : "(none)", e->key,
		       e->value ? e->value : "(none)", e->line);
	return ok;
}

/* The single value text gives, as "[s] k = ..." */
static int value_is(const char *text, const char *expected)
{
	struct config *c = parse(text);
	int ok = c && c->count == 1 && str_eq(c->entries[0].value, expected);
	if (!ok)
		printf("# %s\n", c ? (c->count ? c->entries[0].value : "(no entry)") : err);
	config_free(c);
	return ok;
}

static void test_syntax(void)
{
	struct config *c = parse("# a comment\n"
				 "[threshold]\n"
				 "\tccn = 10\n"
				 "  nloc=200 ; trailing comment\n"
				 "\n"
				 "; another comment\n"
				 "[Threshold \"Tests/**\"]\n"
				 "\tCCN = 30\n"
				 "[exclude]\n"
				 "path = vendor/**\n"
				 "path = third_party/**\n"
				 "[generated]\n"
				 "marker\n");
	CHECK(c && c->count == 6, "syntax: six entries");
	CHECK(entry_is(c, 0, "threshold", NULL, "ccn", "10", 3), "syntax: key = value, line 3");
	CHECK(entry_is(c, 1, "threshold", NULL, "nloc", "200", 4),
	      "syntax: no spaces around '=', comment after the value");
	CHECK(entry_is(c, 2, "threshold", "Tests/**", "ccn", "30", 8),
	      "syntax: section and key fold to lower case, the subsection keeps its case");
	CHECK(entry_is(c, 3, "exclude", NULL, "path", "vendor/**", 10)
	      && entry_is(c, 4, "exclude", NULL, "path", "third_party/**", 11),
	      "syntax: repeated keys are all kept, in order");
	CHECK(entry_is(c, 5, "generated", NULL, "marker", NULL, 13),
	      "syntax: a key without '=' has no value (git's implicit true)");
	CHECK(c && c->entries[2].key_folded && !c->entries[0].key_folded,
	      "syntax: an upper-case key is flagged as folded");
	config_free(c);

	c = parse("[threshold \"a\\\"b\\\\c\\d\"]\nx = 1\n");
	CHECK(entry_is(c, 0, "threshold", "a\"b\\cd", "x", "1", 2),
	      "syntax: subsection escapes \\\" and \\\\ (other backslashes dropped, as git)");
	config_free(c);

	c = parse("[a \"\"]\nx = 1\n[b]\ny = 2\n");
	CHECK(entry_is(c, 0, "a", "", "x", "1", 2) && entry_is(c, 1, "b", NULL, "y", "2", 4),
	      "syntax: an empty subsection differs from none");
	config_free(c);

	c = parse("[a] x = 1\n[b \"s\"] y\n");
	CHECK(entry_is(c, 0, "a", NULL, "x", "1", 1) && entry_is(c, 1, "b", "s", "y", NULL, 2),
	      "syntax: a key on the header's line");
	config_free(c);

	c = parse("[a-b]\nkey-2 = x\nk9 =\n");
	CHECK(entry_is(c, 0, "a-b", NULL, "key-2", "x", 2) && entry_is(c, 1, "a-b", NULL, "k9", "", 3),
	      "syntax: '-' and digits in names; 'key =' is an empty value, not none");
	config_free(c);

	c = parse("[a]\nk # comment\nj ; comment\n");
	CHECK(entry_is(c, 0, "a", NULL, "k", NULL, 2) && entry_is(c, 1, "a", NULL, "j", NULL, 3),
	      "syntax: a comment after a key without '='");
	config_free(c);

	c = parse("");
	CHECK(c && c->count == 0, "syntax: an empty file");
	config_free(c);
	c = parse("# only\n; comments\n\n   \n");
	CHECK(c && c->count == 0, "syntax: a file of comments and blank lines");
	config_free(c);
	c = parse("[a]\nk = v");
	CHECK(entry_is(c, 0, "a", NULL, "k", "v", 2), "syntax: no newline at the end");
	config_free(c);

	CHECK(value_is("[a]\nk =   spaced out   \n", "spaced out"),
	      "values: blanks trimmed at both ends, kept inside");
	CHECK(value_is("[a]\nk = a\tb\n", "a b"), "values: an inner tab outside quotes is a space");
	CHECK(value_is("[a]\nk = \"  kept  \"\n", "  kept  "), "values: blanks kept inside quotes");
	CHECK(value_is("[a]\nk = \"x # not ; a comment\" # a comment\n", "x # not ; a comment"),
	      "values: # and ; inside quotes are text");
	CHECK(value_is("[a]\nk = a\"b c\"d\n", "ab cd"), "values: quotes may cover part of a value");
	CHECK(value_is("[a]\nk = \"l1\\nl2\\tt\\bb\\\\s\\\"q\"\n", "l1\nl2\tt\bb\\s\"q"),
	      "values: escapes \\n \\t \\b \\\\ \\\" inside quotes");
	CHECK(value_is("[a]\nk = x\\ty\\\"\n", "x\ty\""), "values: escapes outside quotes");
	CHECK(value_is("[a]\nk = \"\"\n", ""), "values: \"\" is empty");
	CHECK(value_is("[a]\nk = ab\\\ncd\n", "abcd"), "values: a trailing backslash continues the line");
	CHECK(value_is("[a]\nk = \"ab \\\n cd\"\n", "ab  cd"),
	      "values: a continuation inside quotes keeps the blanks");
	CHECK(value_is("[a]\nk = one \\\n  two\n", "one   two"),
	      "values: blanks around a continuation outside quotes become spaces, as git");

	c = parse("[a]\nk = x\\\ny\nj = 2\n");
	CHECK(entry_is(c, 0, "a", NULL, "k", "xy", 2) && entry_is(c, 1, "a", NULL, "j", "2", 4),
	      "values: lines after a continuation are counted");
	config_free(c);

	c = parse("[a]\r\nk = v\r\nq = \"x\"\r\n\r\n[b]\r\nz\r\n");
	CHECK(entry_is(c, 0, "a", NULL, "k", "v", 2) && entry_is(c, 1, "a", NULL, "q", "x", 3)
	      && entry_is(c, 2, "b", NULL, "z", NULL, 6), "CRLF: line endings folded, lines counted");
	config_free(c);
	c = parse("[a]\r\nk = one\\\r\ntwo\r\n");
	CHECK(entry_is(c, 0, "a", NULL, "k", "onetwo", 2), "CRLF: a continuation before CRLF");
	config_free(c);
	CHECK(value_is("[a]\nk = v\r\r\n", "v"), "CRLF: a stray CR before the line end is a blank");

	c = parse("\xef\xbb\xbf[a]\nk = v\n");
	CHECK(entry_is(c, 0, "a", NULL, "k", "v", 2), "BOM: a leading UTF-8 BOM is skipped");
	config_free(c);
	CHECK(parse_fails("[a]\n\xef\xbb\xbfk = v\n", 13, ".assay:2: invalid key name"),
	      "BOM: one later in the file is not");
	CHECK(value_is("[a]\nk = \"h\xc3\xa9llo\"\n", "h\xc3\xa9llo"), "values: UTF-8 passes through");
}

static void test_syntax_errors(void)
{
#define FAILS(text, msg, name) CHECK(parse_fails(text, sizeof(text) - 1, msg), name)
	FAILS("[a]\nk = v\nq = \"open\n", ".assay:3: unterminated quote", "error: unterminated quote");
	FAILS("[a]\nq = \"open\\\nstill open\n", ".assay:3: unterminated quote",
	      "error: unterminated quote after a continuation names the last line");
	FAILS("[a]\nq = \"open", ".assay:2: unterminated quote", "error: unterminated quote at the end");
	FAILS("[a\nk = v\n", ".assay:1: bad section header", "error: header without ']'");
	FAILS("[a]\n[]\n", ".assay:2: bad section header", "error: empty section name");
	FAILS("[a b]\n", ".assay:1: bad section header", "error: a space in a section name");
	FAILS("[a \"b]\n", ".assay:1: bad section header", "error: unterminated subsection");
	FAILS("[a \"b\" ]\n", ".assay:1: bad section header", "error: a blank after a subsection");
	FAILS("[a \"b\"x]\n", ".assay:1: bad section header", "error: text after a subsection");
	FAILS("[a.b]\n", ".assay:1: bad section header", "error: the old [a.b] form");
	FAILS("[ a]\n", ".assay:1: bad section header", "error: a blank before the name");
	FAILS("[a_b]\n", ".assay:1: bad section header", "error: '_' in a section name");
	FAILS("[a \"b\\\n\"]\n", ".assay:1: bad section header", "error: a newline in a subsection");
	FAILS("[a]\n1k = v\n", ".assay:2: invalid key name", "error: a key starting with a digit");
	FAILS("[a]\nk_y = v\n", ".assay:2: invalid key name", "error: '_' in a key");
	FAILS("[a]\n-k = v\n", ".assay:2: invalid key name", "error: a key starting with '-'");
	FAILS("[a]\n\"k\" = v\n", ".assay:2: invalid key name", "error: a quoted key");
	FAILS("[a]\nk v\n", ".assay:2: expected '=' after key 'k'", "error: a key and no '='");
	FAILS("k = v\n", ".assay:1: key before any section header", "error: a key before any section");
	FAILS("[a]\n\nk = \\x\n", ".assay:3: unknown escape '\\x' in value", "error: unknown escape");
	FAILS("[a]\nk = \"\\q\"\n", ".assay:2: unknown escape '\\q' in value",
	      "error: unknown escape in quotes");
	FAILS("[a]\n[includeIf \"gitdir:~/x\"]\npath = y\n", ".assay:2: includes are not allowed",
	      "error: [includeIf] is an include");
	FAILS("[IncludeIf \"onbranch:main\"]\n", ".assay:1: includes are not allowed",
	      "error: [IncludeIf] whatever its case");
	FAILS("[a]\nk = v\x00w\n", ".assay:2: NUL byte", "error: a NUL byte in a value");
	FAILS("[a]\n# \x00\n", ".assay:2: NUL byte", "error: a NUL byte in a comment");
	FAILS("\x00", ".assay:1: NUL byte", "error: a NUL byte alone");
	FAILS("[a]\nk = \"v\x00\"\n", ".assay:2: NUL byte", "error: a NUL byte in quotes");
#undef FAILS
}

static void test_limits(void)
{
	/* A 5000-byte line. */
	size_t n = 5000;
	char *text = malloc(n + 64);
	strcpy(text, "[a]\nk = ");
	size_t at = strlen(text);
	memset(text + at, 'x', n - (at - 4));
	text[4 + n] = '\n';
	text[4 + n + 1] = '\0';
	CHECK(parse_fails(text, strlen(text), ".assay:2: line longer than 4096 bytes"),
	      "limits: a 5000-byte line");
	free(text);

	/* A 4096-byte line is fine, in a comment too; 4097 is not. */
	text = malloc(8192);
	strcpy(text, "[a]\n#");
	memset(text + 5, 'c', 4095);
	strcpy(text + 5 + 4095, "\nk = v\n");
	struct config *c = parse(text);
	CHECK(entry_is(c, 0, "a", NULL, "k", "v", 3), "limits: a 4096-byte line is accepted");
	config_free(c);
	strcpy(text, "[a]\n#");
	memset(text + 5, 'c', 4096);
	strcpy(text + 5 + 4096, "\r\n");
	CHECK(parse_fails(text, strlen(text), ".assay:2: line longer than 4096 bytes"),
	      "limits: a 4097-byte comment line (CRLF not counted)");
	free(text);

	/* A value of 4096 bytes through continuation lines, then one of 4097. */
	size_t cap = 16384;
	text = malloc(cap);
	for (int extra = 0; extra < 2; extra++) {
		strcpy(text, "[a]\nk = ");
		at = strlen(text);
		for (int line = 0; line < 4; line++) {
			memset(text + at, 'v', 1024);
			at += 1024;
			memcpy(text + at, "\\\n", 2);
			at += 2;
		}
		if (extra)
			text[at++] = 'w';
		memcpy(text + at, "\n", 2);
		if (!extra) {
			c = parse(text);
			CHECK(c && c->count == 1 && strlen(c->entries[0].value) == 4096,
			      "limits: a 4096-byte value over continuation lines");
			config_free(c);
		} else {
			CHECK(parse_fails(text, strlen(text), ".assay:6: value longer than 4096 bytes"),
			      "limits: a 4097-byte value");
		}
	}
	free(text);

	/* A 2 MiB buffer, and exactly 1 MiB (of comments) which is fine. */
	size_t big = 2u << 20;
	text = malloc(big);
	memset(text, '\n', big);
	CHECK(parse_fails(text, big, ".assay: larger than 1048576 bytes (1 MiB)"),
	      "limits: a 2 MiB buffer");
	c = NULL;
	CHECK(config_parse(".assay", text, CONFIG_MAX_FILE_BYTES, &c, err, sizeof(err)) == 0
	      && c && c->count == 0, "limits: exactly 1 MiB is accepted");
	config_free(c);
	free(text);

	/* 10 000 entries, then 10 001. */
	cap = 16 + 10001 * 6;
	text = malloc(cap);
	for (int extra = 0; extra < 2; extra++) {
		strcpy(text, "[a]\n");
		at = 4;
		for (int i = 0; i < 10000 + extra; i++) {
			memcpy(text + at, "k = 1\n", 6);
			at += 6;
		}
		text[at] = '\0';
		c = NULL;
		int rc = config_parse(".assay", text, at, &c, err, sizeof(err));
		if (!extra)
			CHECK(rc == 0 && c && c->count == 10000, "limits: 10 000 entries are accepted");
		else
			CHECK(rc < 0 && strcmp(err, ".assay:10002: more than 10000 entries") == 0,
			      "limits: 10 001 entries are refused, naming the line");
		config_free(c);
	}
	free(text);

	c = config_new("command line");
	const struct config_item item = { "a", NULL, "k", "1", 0 };
	int ok = 1;
	for (int i = 0; i < 10000 && ok; i++)
		ok = config_add(c, &item, err, sizeof(err)) == 0;
	CHECK(ok && config_add(c, &item, err, sizeof(err)) < 0
	      && strcmp(err, "command line: more than 10000 entries") == 0,
	      "limits: config_add stops at 10 000 too");
	config_free(c);
}

/* Parses text as name and applies it from origin into s; 0 or -1 (err). */
static int apply(struct assay_settings *s, const char *name, const char *text,
		 enum config_origin origin)
{
	struct config *c = NULL;
	err[0] = '\0';
	if (config_parse(name, text, strlen(text), &c, err, sizeof(err)) < 0)
		return -1;
	int rc = settings_apply(s, c, origin, err, sizeof(err));
	config_free(c);
	return rc;
}

/* 1 when text from origin is refused with exactly expected, leaving the settings as
 * they were. */
static int apply_fails(const char *text, enum config_origin origin, const char *expected)
{
	struct assay_settings s;
	settings_init(&s);
	const char *name = origin == CONFIG_USER ? "user" : ".assay";
	int rc = apply(&s, name, text, origin);
	int untouched = s.excludes.count == 0 && s.noverrides == 0
			&& s.threshold_source[MET_CCN].origin == CONFIG_DEFAULT;
	settings_free(&s);
	if (rc == 0 || strcmp(err, expected) != 0 || !untouched) {
		printf("# got '%s', wanted '%s'%s\n", rc == 0 ? "(applied)" : err, expected,
		       untouched ? "" : " (settings changed)");
		return 0;
	}
	return 1;
}

static void test_repository_may_not(void)
{
	static const struct {
		const char *text;
		const char *message;
	} refused[] = {
		{ "[sandbox]\nlevel = off\n",
		  ".assay:2: a repository configuration may not set sandbox.level" },
		{ "[sandbox]\nmode = off\n",
		  ".assay:2: a repository configuration may not set sandbox.mode" },
		{ "[cache]\ndir = /tmp/x\n", ".assay:2: a repository configuration may not set cache.dir" },
		{ "[cache]\nmax = 1G\n", ".assay:2: a repository configuration may not set cache.max" },
		{ "[cache]\neviction = lfu\n",
		  ".assay:2: a repository configuration may not set cache.eviction" },
		{ "[cache]\ntrustedKey = /k.pub\n",
		  ".assay:2: a repository configuration may not set cache.trustedkey" },
		{ "[cache]\nsigningKey = /k.key\n",
		  ".assay:2: a repository configuration may not set cache.signingkey" },
		{ "[cache]\nlocation = /tmp\n",
		  ".assay:2: a repository configuration may not set cache.location" },
		{ "[core]\nhooksPath = /tmp/h\n",
		  ".assay:2: a repository configuration may not set core.hookspath" },
		{ "[core]\neditor = vi\n", ".assay:2: a repository configuration may not set core.editor" },
		{ "[precommit]\ncommand = make\n", ".assay:2: a repository configuration may not set "
		  "precommit.command (it would name a program to run)" },
		{ "[precommit]\nexec = ./x\n", ".assay:2: a repository configuration may not set "
		  "precommit.exec (it would name a program to run)" },
		{ "[language]\nprogram = x\n", ".assay:2: a repository configuration may not set "
		  "language.program (it would name a program to run)" },
		{ "[threshold \"x\"]\nhook = y\n", ".assay:2: a repository configuration may not set "
		  "threshold.x.hook (it would name a program to run)" },
		{ "[hooks]\npre = ./x\n", ".assay:2: a repository configuration may not set hooks.pre "
		  "(it would name a program to run)" },
		{ "[diff]\nexternalCmd = x\n", ".assay:2: a repository configuration may not set "
		  "diff.externalcmd (it would name a program to run)" },
		{ "[core]\nsshCommand = x\n",
		  ".assay:2: a repository configuration may not set core.sshcommand" },
		{ "[a]\n[includeIf \"gitdir:/\"]\npath = /etc/x\n", ".assay:2: includes are not allowed" },
	};
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		char name[160];
		snprintf(name, sizeof(name), "repository may not: %s", refused[i].message + 9);
		CHECK(apply_fails(refused[i].text, CONFIG_REPOSITORY, refused[i].message), name);
	}

	/* The user's file may set the sandbox and the cache, but not what does not exist. */
	struct assay_settings s;
	settings_init(&s);
	int rc = apply(&s, "user", "[cache]\n\tdir = ~/cache/assay\n\tmax = 512M\n"
		       "\teviction = LFU\n[sandbox]\n\tmode = strict\n", CONFIG_USER);
	CHECK(rc == 0 && strcmp(s.cache_dir, "~/cache/assay") == 0 && s.cache_max == (512u << 20)
	      && s.cache_lfu == 1 && s.sandbox_mode == SANDBOX_MODE_STRICT
	      && s.cache_max_source.line == 3 && s.sandbox_mode_source.origin == CONFIG_USER,
	      "user: may set cache.dir, cache.max, cache.eviction and sandbox.mode");
	char note[300];
	CHECK(settings_sandbox_notice(&s, note, sizeof(note)) == 0,
	      "user: no notice while the sandbox is on");
	settings_free(&s);
	CHECK(apply_fails("[sandbox]\nlevel = off\n", CONFIG_USER, "user:2: unknown key 'sandbox.level'"),
	      "user: sandbox.level is unknown");
	CHECK(apply_fails("[core]\nhooksPath = x\n", CONFIG_USER, "user:2: unknown key 'core.hookspath'"),
	      "user: core.hooksPath is unknown");
	CHECK(apply_fails("[precommit]\ncommand = x\n", CONFIG_USER,
			  "user:2: unknown key 'precommit.command'"),
	      "user: nothing names a program for the user either");
	CHECK(apply_fails("[sandbox]\nmode = none\n", CONFIG_USER,
			  "user:2: sandbox.mode must be 'strict', 'auto' or 'off', not 'none'"),
	      "user: sandbox.mode takes strict, auto or off");
	CHECK(apply_fails("[cache]\ndir = relative/dir\n", CONFIG_USER,
			  "user:2: cache.dir must be an absolute path or one starting with ~/, "
			  "not 'relative/dir'"), "user: cache.dir must be absolute");
	settings_init(&s);
	rc = apply(&s, "user", "[cache]\n\ttrustedKey = /ci/a.pub\n\ttrustedKey = ~/b.pub\n"
		   "\tsigningKey = ~/.config/assay/k.key\n", CONFIG_USER);
	CHECK(rc == 0 && s.trusted_keys.count == 2 && strcmp(s.trusted_keys.items[1].text,
							     "~/b.pub") == 0
	      && strcmp(s.signing_key, "~/.config/assay/k.key") == 0
	      && s.signing_key_source.line == 4,
	      "user: may set cache.trustedKey (repeatable) and cache.signingKey");
	settings_free(&s);
	CHECK(apply_fails("[cache]\ntrustedKey = keys/ci.pub\n", CONFIG_USER,
			  "user:2: cache.trustedkey must be an absolute path or one starting with "
			  "~/, not 'keys/ci.pub'"), "user: cache.trustedKey must be absolute");
	CHECK(apply_fails("[cache]\nmax = 12Q\n", CONFIG_USER,
			  "user:2: cache.max must be a size such as 512M or 2G, not '12Q'"),
	      "user: cache.max must be a size");
	CHECK(apply_fails("[cache]\nmax = 99999999999999999999\n", CONFIG_USER,
			  "user:2: cache.max must be a size such as 512M or 2G, "
			  "not '99999999999999999999'"), "user: cache.max does not overflow");
	CHECK(apply_fails("[cache]\neviction = fifo\n", CONFIG_USER,
			  "user:2: cache.eviction must be 'lru' or 'lfu', not 'fifo'"),
	      "user: cache.eviction takes lru or lfu");

	/* sandbox.mode = off from the user's file is never silent. */
	settings_init(&s);
	rc = apply(&s, "/home/u/.config/assay/config", "[sandbox]\n# why\nmode = off\n", CONFIG_USER);
	CHECK(rc == 0 && s.sandbox_mode == SANDBOX_MODE_OFF
	      && settings_sandbox_notice(&s, note, sizeof(note)) == 1
	      && strcmp(note, "/home/u/.config/assay/config:3: sandbox.mode = off: files are "
			"parsed without a sandbox") == 0,
	      "user: sandbox.mode = off gives a notice naming the file and line");
	struct config *cli = config_new("command line");
	const struct config_item sandbox_auto = { "sandbox", NULL, "mode", "auto", 0 };
	config_add(cli, &sandbox_auto, err, sizeof(err));
	rc = settings_apply(&s, cli, CONFIG_COMMAND_LINE, err, sizeof(err));
	CHECK(rc == 0 && s.sandbox_mode == SANDBOX_MODE_AUTO
	      && settings_sandbox_notice(&s, note, sizeof(note)) == 0,
	      "user: --sandbox on the command line overrides it, and the notice goes");
	config_free(cli);
	settings_free(&s);
}

static void test_semantic_errors(void)
{
	CHECK(apply_fails("[threshold]\nfoo = 3\n", CONFIG_REPOSITORY,
			  ".assay:2: unknown key 'threshold.foo'"), "settings: unknown key");
	CHECK(apply_fails("[threshold \"tests/**\"]\nfoo = 3\n", CONFIG_REPOSITORY,
			  ".assay:2: unknown key 'threshold.tests/**.foo'"),
	      "settings: unknown key in a subsection");
	CHECK(apply_fails("[threshold]\nccn = 3\n[colours]\nred = 1\n", CONFIG_REPOSITORY,
			  ".assay:4: unknown key 'colours.red'"), "settings: unknown section");
	CHECK(apply_fails("[exclude]\nglob = x\n", CONFIG_USER, "user:2: unknown key 'exclude.glob'"),
	      "settings: unknown key in a known section");
	CHECK(apply_fails("[gate]\nmdoe = new\n", CONFIG_USER,
			  "user:2: unknown key 'gate.mdoe' (did you mean 'gate.mode'?)"),
	      "settings: a mistyped key gets the nearest of its section");
	CHECK(apply_fails("[threshold]\ncognitve = 3\n", CONFIG_USER,
			  "user:2: unknown key 'threshold.cognitve' (did you mean "
			  "'threshold.cognitive'?)"),
	      "settings: a mistyped metric gets the nearest");
	CHECK(apply_fails("[gaet]\nmode = new\n", CONFIG_USER,
			  "user:2: unknown key 'gaet.mode' (did you mean 'gate.mode'?)"),
	      "settings: a mistyped section gets the nearest");
	CHECK(apply_fails("[include]\npath = src/**\n[include]\nfile = x\n", CONFIG_REPOSITORY,
			  ".assay:4: unknown key 'include.file'"),
	      "settings: [include] takes path only (no git includes)");
	CHECK(apply_fails("[threshold]\nccn = ten\n", CONFIG_REPOSITORY,
			  ".assay:2: threshold.ccn must be a number or 'off', not 'ten'"),
	      "settings: a threshold must be a number");
	CHECK(apply_fails("[threshold]\nccn = -1\n", CONFIG_REPOSITORY,
			  ".assay:2: threshold.ccn must be a number or 'off', not '-1'"),
	      "settings: a threshold is not negative");
	CHECK(apply_fails("[threshold]\nccn = 99999999999\n", CONFIG_REPOSITORY,
			  ".assay:2: threshold.ccn must be a number or 'off', not '99999999999'"),
	      "settings: a threshold is at most 10^9");
	CHECK(apply_fails("[threshold]\n\nccn\n", CONFIG_REPOSITORY,
			  ".assay:3: threshold.ccn needs a value"), "settings: a key without a value");
	CHECK(apply_fails("[exclude]\npath =\n", CONFIG_REPOSITORY,
			  ".assay:2: exclude.path needs a value"), "settings: an empty glob");
	CHECK(apply_fails("[exclude \"x\"]\npath = y\n", CONFIG_REPOSITORY,
			  ".assay:2: [exclude] takes no subsection"),
	      "settings: a subsection where none belongs");
	CHECK(apply_fails("[threshold \"\"]\nccn = 3\n", CONFIG_REPOSITORY,
			  ".assay:2: [threshold \"\"] needs a glob"), "settings: an empty override glob");
	{
		/* Every language of the table, by its name, in the table's order. */
		char known[256] = "", expected[400];
		for (int l = LANG_NONE + 1; l < LANG_COUNT; l++)
			snprintf(known + strlen(known), sizeof(known) - strlen(known), "%s%s",
				 l > LANG_NONE + 1 ? ", " : "", language_info((enum lang_id)l)->name);
		snprintf(expected, sizeof(expected), ".assay:2: unknown language 'cobol' for "
			 "language.h (known: %s)", known);
		CHECK(strstr(known, "c, cpp, python") == known && apply_fails("[language]\nh = cobol\n",
									      CONFIG_REPOSITORY, expected),
		      "settings: an unknown language, with the known ones");
	}
	CHECK(apply_fails("[language]\nH = cpp\n", CONFIG_REPOSITORY,
			  ".assay:2: [language] extensions are written in lower case ('h'): keys are "
			  "case-insensitive, extensions are not"),
	      "settings: an upper-case extension is refused, not folded");
	CHECK(apply_fails("[precommit]\nbudget = 0\n", CONFIG_REPOSITORY,
			  ".assay:2: precommit.budget must be a number of seconds above 0 up to 86400 "
			  "(0.5: half a second) or 'off', not '0'"), "settings: precommit.budget");
	CHECK(apply_fails("[precommit]\nonError = maybe\n", CONFIG_REPOSITORY,
			  ".assay:2: precommit.onerror must be 'allow' or 'block', not 'maybe'"),
	      "settings: precommit.onError");
	char text[1200];
	snprintf(text, sizeof(text), "[generated]\nmarker = %01025d\n", 0);
	CHECK(apply_fails(text, CONFIG_REPOSITORY,
			  ".assay:2: generated.marker must be at most 1024 bytes (only a file's first "
			  "1024 are searched), not '00000000000000000000000000000000000000000000000000"
			  "0000000000...'"),
	      "settings: a marker longer than the head searched");
	CHECK(apply_fails("[threshold]\nccn = \"\033[31mred\\n\"\n", CONFIG_REPOSITORY,
			  ".assay:2: threshold.ccn must be a number or 'off', not "
			  "'\\x1b[31mred\\x0a'"),
	      "settings: control bytes from the file are escaped in messages");
	CHECK(apply_fails("[threshold \"\033]0;x\007\"]\nbad = 1\n", CONFIG_REPOSITORY,
			  ".assay:2: unknown key 'threshold.\\x1b]0;x\\x07.bad'"),
	      "settings: control bytes in a subsection are escaped too");

	/* All or nothing: a good entry before the bad one is not applied. */
	struct assay_settings s;
	settings_init(&s);
	int rc = apply(&s, ".assay", "[threshold]\nccn = 3\n[exclude]\npath = x\n[bad]\nk = 1\n",
		       CONFIG_REPOSITORY);
	CHECK(rc < 0 && s.thresholds.limit[MET_CCN] == 15 && s.excludes.count == 0
	      && s.nfile_names == 0, "settings: a refused file changes nothing");
	struct config empty = { 0 };
	empty.file = (char *)"x";
	CHECK(settings_apply(&s, &empty, CONFIG_DEFAULT, err, sizeof(err)) < 0,
	      "settings: CONFIG_DEFAULT is not an origin to apply");
	settings_free(&s);
}

static void test_settings(void)
{
	struct assay_settings s;
	settings_init(&s);
	int rc = apply(&s, ".assay",
		       "[threshold]\n"
		       "\tccn = 10\n"
		       "\tlength = off\n"
		       "\tcognitive = OFF\n"
		       "\tparameters = 4\n"
		       "[exclude]\n"
		       "\tpath = vendor/**\n"
		       "\tpath = build/\n"
		       "[language]\n"
		       "\th = cpp\n"
		       "\tinc = c++\n"
		       "[generated]\n"
		       "\tmarker = @generated\n"
		       "\tmarker = \"DO NOT EDIT\"\n"
		       "[precommit]\n"
		       "\tbudget = 20\n"
		       "\tonError = block\n"
		       "\tcritical = src/crypto/**\n", CONFIG_REPOSITORY);
	CHECK(rc == 0, "settings: a full repository file applies");
	CHECK(s.thresholds.limit[MET_CCN] == 10 && s.thresholds.limit[MET_LENGTH] == -1
	      && s.thresholds.limit[MET_COGNITIVE] == -1 && s.thresholds.limit[MET_PARAMS] == 4
	      && s.thresholds.limit[MET_NLOC] == 200,
	      "settings: thresholds, 'off' in any case, aliases, defaults kept");
	CHECK(s.threshold_source[MET_CCN].origin == CONFIG_REPOSITORY
	      && s.threshold_source[MET_CCN].line == 2
	      && strcmp(s.threshold_source[MET_CCN].file, ".assay") == 0
	      && s.threshold_source[MET_NLOC].origin == CONFIG_DEFAULT,
	      "settings: each threshold records its source");
	CHECK(!settings_path_selected(&s, "vendor/lib/x.c") && !settings_path_selected(&s, "build/gen.c")
	      && settings_path_selected(&s, "src/vendor.c") && settings_path_selected(&s, "builder.c"),
	      "settings: exclude globs ('dir/' means everything inside)");
	CHECK(settings_language_for(&s, "src/x.h") == LANG_CPP
	      && settings_language_for(&s, "a/b.inc") == LANG_CPP
	      && settings_language_for(&s, "x.H") == LANG_NONE
	      && settings_language_for(&s, "x.c") == LANG_NONE
	      && settings_language_for(&s, ".h") == LANG_NONE,
	      "settings: [language] maps extensions, case-sensitively");
	const char head[] = "/* Code generated by x. DO NOT EDIT. */\n";
	char late[2048];
	memset(late, ' ', sizeof(late));
	memcpy(late + 1020, "@generated", 10);
	CHECK(settings_is_generated(&s, head, sizeof(head) - 1)
	      && !settings_is_generated(&s, "int x;\n", 7)
	      && !settings_is_generated(&s, late, sizeof(late))
	      && settings_is_generated(&s, late, 1030) == 0,
	      "settings: generated markers in the first 1 KiB only");
	memcpy(late + 1000, "@generated", 10);
	CHECK(settings_is_generated(&s, late, sizeof(late)), "settings: a marker ending inside 1 KiB");
	CHECK(s.precommit_budget == 20 && s.precommit_on_error == PRECOMMIT_BLOCK
	      && settings_is_critical(&s, "src/crypto/aes.c") && !settings_is_critical(&s, "src/x.c"),
	      "settings: precommit budget, onError, critical");
	settings_free(&s);

	settings_init(&s);
	rc = apply(&s, ".assay", "[include]\npath = src/**\npath = lib/*.c\n[exclude]\npath = src/gen/**\n",
		   CONFIG_REPOSITORY);
	CHECK(rc == 0 && settings_path_selected(&s, "src/a/b.c") && settings_path_selected(&s, "lib/x.c")
	      && !settings_path_selected(&s, "lib/sub/x.c") && !settings_path_selected(&s, "tools/x.c")
	      && !settings_path_selected(&s, "src/gen/x.c"),
	      "settings: include globs select, exclude globs win over them");
	settings_free(&s);

	settings_init(&s);
	rc = apply(&s, ".assay", "[precommit]\nbudget = 0.5\n", CONFIG_REPOSITORY);
	CHECK(rc == 0 && s.precommit_budget == 0.5, "settings: precommit budget takes fractions");
	CHECK(apply_fails("[precommit]\nbudget = 1e3\n", CONFIG_REPOSITORY,
			  ".assay:2: precommit.budget must be a number of seconds above 0 up to 86400 "
			  "(0.5: half a second) or 'off', not '1e3'"),
	      "settings: precommit budget: decimals only");
	settings_free(&s);
	double sec = -1;
	CHECK(text_seconds("0.5", 86400, &sec) == 0 && sec == 0.5
	      && text_seconds(".25", 86400, &sec) == 0 && sec == 0.25
	      && text_seconds("86400", 86400, &sec) == 0 && sec == 86400
	      && text_seconds("0", 86400, &sec) == 0 && sec == 0,
	      "text_seconds: whole and decimal seconds");
	CHECK(text_seconds("", 86400, &sec) < 0 && text_seconds(".", 86400, &sec) < 0
	      && text_seconds("-1", 86400, &sec) < 0 && text_seconds("1e3", 86400, &sec) < 0
	      && text_seconds("inf", 86400, &sec) < 0 && text_seconds("1.2.3", 86400, &sec) < 0
	      && text_seconds("0.0001", 86400, &sec) < 0 && text_seconds("86400.5", 86400, &sec) < 0
	      && text_seconds("99999999999999999999", 86400, &sec) < 0,
	      "text_seconds: refuses signs, exponents, words, more than milliseconds, too much");

	settings_init(&s);
	CHECK(settings_path_selected(&s, "anything") && s.precommit_budget == 5
	      && s.precommit_on_error == PRECOMMIT_ALLOW && s.cache_dir == NULL
	      && s.cache_max == (1ull << 30) && s.sandbox_mode == SANDBOX_MODE_AUTO
	      && s.generated_markers.count == 2 && settings_is_generated(&s, "@generated", 10)
	      && settings_is_generated(&s, "// Code generated. DO NOT EDIT.", 31)
	      && !settings_is_generated(&s, "// do not edit", 14),
	      "settings: defaults (@generated and DO NOT EDIT are markers)");
	settings_free(&s);
}

static void test_precedence(void)
{
	const char *user = "[threshold]\nccn = 20\nnloc = 100\nnesting = 9\n"
			   "[language]\nh = c\n[precommit]\nonError = block\n";
	const char *repo = "[threshold]\n\n\nccn = 10\nnloc = 50\n[language]\nh = cpp\n";
	for (int order = 0; order < 2; order++) {
		struct assay_settings s;
		settings_init(&s);
		int rc;
		if (!order) {
			struct config *u = NULL, *r = NULL;
			config_parse("user", user, strlen(user), &u, err, sizeof(err));
			config_parse(".assay", repo, strlen(repo), &r, err, sizeof(err));
			rc = settings_load(&s, u, r, err, sizeof(err));
			config_free(u);
			config_free(r);
		} else {	/* the wrong order: the origins still decide */
			rc = apply(&s, ".assay", repo, CONFIG_REPOSITORY)
			     | apply(&s, "user", user, CONFIG_USER);
		}
		struct config *cli = config_new("command line");
		const struct config_item nloc = { "threshold", NULL, "nloc", "30", 0 };
		config_add(cli, &nloc, err, sizeof(err));
		rc |= settings_apply(&s, cli, CONFIG_COMMAND_LINE, err, sizeof(err));
		config_free(cli);
		char name[120], where[300];
		snprintf(name, sizeof(name), "precedence (%s): repository beats user",
			 order ? "applied repository first" : "settings_load");
		CHECK(rc == 0 && s.thresholds.limit[MET_CCN] == 10
		      && s.threshold_source[MET_CCN].origin == CONFIG_REPOSITORY, name);
		snprintf(name, sizeof(name), "precedence (%s): command line beats repository",
			 order ? "applied repository first" : "settings_load");
		CHECK(s.thresholds.limit[MET_NLOC] == 30
		      && s.threshold_source[MET_NLOC].origin == CONFIG_COMMAND_LINE, name);
		snprintf(name, sizeof(name), "precedence (%s): user beats default",
			 order ? "applied repository first" : "settings_load");
		CHECK(s.thresholds.limit[MET_NESTING] == 9 && s.precommit_on_error == PRECOMMIT_BLOCK
		      && s.thresholds.limit[MET_PARAMS] == 7, name);
		snprintf(name, sizeof(name), "precedence (%s): the repository's language mapping wins",
			 order ? "applied repository first" : "settings_load");
		CHECK(settings_language_for(&s, "x.h") == LANG_CPP && s.nlanguages == 2
		      && s.languages[0].source.origin == CONFIG_USER, name);
		settings_source_text(&s.threshold_source[MET_CCN], where, sizeof(where));
		snprintf(name, sizeof(name), "sources (%s): ccn from .assay:4",
			 order ? "applied repository first" : "settings_load");
		CHECK(strcmp(where, ".assay:4") == 0, name);
		settings_source_text(&s.threshold_source[MET_NESTING], where, sizeof(where));
		CHECK(strcmp(where, "user:4") == 0, "sources: nesting from user:4");
		settings_source_text(&s.threshold_source[MET_NLOC], where, sizeof(where));
		CHECK(strcmp(where, "command line") == 0, "sources: nloc from the command line");
		settings_source_text(&s.threshold_source[MET_PARAMS], where, sizeof(where));
		CHECK(strcmp(where, "default") == 0, "sources: params is the default");

		struct wbuf out;
		wbuf_init(&out);
		settings_format(&s, &out);
		wbuf_put_u8(&out, 0);
		const char *text = (const char *)out.data;
		CHECK(strstr(text, "threshold.ccn = 10 (.assay:4)\n")
		      && strstr(text, "threshold.nloc = 30 (command line)\n")
		      && strstr(text, "threshold.length = off (default)\n")
		      && strstr(text, "language.h = c (user:6)\n")
		      && strstr(text, "language.h = cpp (.assay:7)\n")
		      && strstr(text, "precommit.onError = block (user:8)\n")
		      && strstr(text, "sandbox.mode = auto (default)\n"),
		      "format: every value with its source");
		wbuf_free(&out);
		settings_free(&s);
	}

	/* Within one origin the later line wins; lists keep every origin, weakest first. */
	struct assay_settings s;
	settings_init(&s);
	int rc = apply(&s, ".assay", "[threshold]\nccn = 1\nccn = 2\n[exclude]\npath = r/**\n",
		       CONFIG_REPOSITORY);
	rc |= apply(&s, "user", "[exclude]\npath = u/**\n", CONFIG_USER);
	CHECK(rc == 0 && s.thresholds.limit[MET_CCN] == 2 && s.threshold_source[MET_CCN].line == 3,
	      "precedence: the later line of one file wins");
	CHECK(s.excludes.count == 2 && strcmp(s.excludes.items[0].text, "u/**") == 0
	      && strcmp(s.excludes.items[1].text, "r/**") == 0
	      && !settings_path_selected(&s, "u/x") && !settings_path_selected(&s, "r/x"),
	      "precedence: excludes from both files apply, user's listed first");
	settings_free(&s);

	/* A value that needs quoting is listed quoted, control bytes escaped. */
	settings_init(&s);
	rc = apply(&s, ".assay", "[generated]\nmarker = \"# x\\t\"\n[exclude]\npath = \" a\"\n",
		   CONFIG_REPOSITORY);
	struct wbuf out;
	wbuf_init(&out);
	settings_format(&s, &out);
	wbuf_put_u8(&out, 0);
	CHECK(rc == 0 && strstr((char *)out.data, "generated.marker = \"# x\\t\" (.assay:2)\n")
	      && strstr((char *)out.data, "exclude.path = \" a\" (.assay:4)\n"),
	      "format: values quoted as in a file");
	wbuf_free(&out);
	settings_free(&s);
}

static int limits_are(const struct thresholds *t, long ccn, long nloc, long nesting)
{
	return t->limit[MET_CCN] == ccn && t->limit[MET_NLOC] == nloc
	       && t->limit[MET_NESTING] == nesting;
}

static void test_overrides(void)
{
	struct assay_settings s;
	settings_init(&s);
	int rc = apply(&s, ".assay",
		       "[threshold]\n"
		       "\tccn = 10\n"
		       "[threshold \"tests/**\"]\n"
		       "\tccn = 30\n"
		       "\tnloc = off\n"
		       "[threshold \"**/*.gen.c\"]\n"
		       "\tccn = off\n"
		       "[threshold \"tests/slow/**\"]\n"
		       "\tccn = 50\n"
		       "[threshold \"tests/**\"]\n"
		       "\tnesting = 8\n", CONFIG_REPOSITORY);
	struct thresholds scratch;
	CHECK(rc == 0 && s.noverrides == 4, "overrides: four blocks kept in file order");
	const struct thresholds *t = settings_thresholds_for(&s, "src/a.c", &scratch);
	CHECK(t == &s.thresholds && limits_are(t, 10, 200, 5), "overrides: no match, the base");
	t = settings_thresholds_for(&s, "tests/unit/a.c", &scratch);
	CHECK(t == &scratch && limits_are(t, 30, -1, 8), "overrides: tests/** under tests/");
	CHECK(limits_are(settings_thresholds_for(&s, "tests/a.c", &scratch), 30, -1, 8),
	      "overrides: tests/** directly in tests/");
	CHECK(limits_are(settings_thresholds_for(&s, "tests", &scratch), 10, 200, 5),
	      "overrides: tests/** does not match tests itself");
	CHECK(limits_are(settings_thresholds_for(&s, "a/b/c.gen.c", &scratch), -1, 200, 5)
	      && limits_are(settings_thresholds_for(&s, "x.gen.c", &scratch), -1, 200, 5),
	      "overrides: **/*.gen.c at any depth");
	CHECK(limits_are(settings_thresholds_for(&s, "tests/slow/x.gen.c", &scratch), 50, -1, 8),
	      "overrides: every match applies, the later block wins");
	CHECK(limits_are(settings_thresholds_for(&s, "./tests/x.c", &scratch), 30, -1, 8),
	      "overrides: a leading ./ on the path is ignored");
	CHECK(s.overrides[0].source[MET_CCN].line == 4 && s.overrides[3].source[MET_NESTING].line == 11,
	      "overrides: each value records its line");
	CHECK(limits_are(&s.thresholds, 10, 200, 5), "overrides: the base is not modified");

	/* A user's block applies before the repository's; the command line beats both. */
	rc = apply(&s, "user", "[threshold \"tests/**\"]\nccn = 99\nnesting = 1\n", CONFIG_USER);
	CHECK(rc == 0 && s.noverrides == 5 && s.overrides[0].origin == CONFIG_USER,
	      "overrides: the user's block goes first");
	CHECK(limits_are(settings_thresholds_for(&s, "tests/a.c", &scratch), 30, -1, 8),
	      "overrides: the repository's blocks beat the user's");
	struct config *cli = config_new("command line");
	const struct config_item ccn = { "threshold", NULL, "ccn", "12", 0 };
	config_add(cli, &ccn, err, sizeof(err));
	rc = settings_apply(&s, cli, CONFIG_COMMAND_LINE, err, sizeof(err));
	config_free(cli);
	CHECK(rc == 0 && limits_are(settings_thresholds_for(&s, "tests/a.c", &scratch), 12, -1, 8)
	      && limits_are(settings_thresholds_for(&s, "x.gen.c", &scratch), 12, 200, 5),
	      "overrides: a threshold from the command line is not overridden by files");
	cli = config_new("command line");
	const struct config_item tests_ccn = { "threshold", "tests/**", "ccn", "13", 0 };
	config_add(cli, &tests_ccn, err, sizeof(err));
	rc = settings_apply(&s, cli, CONFIG_COMMAND_LINE, err, sizeof(err));
	config_free(cli);
	CHECK(rc == 0 && limits_are(settings_thresholds_for(&s, "tests/a.c", &scratch), 13, -1, 8),
	      "overrides: a command-line block does override");
	settings_free(&s);
}

static void test_globs(void)
{
	static const struct {
		const char *glob;
		const char *path;
		int match;
	} cases[] = {
		{ "*.c", "a.c", 1 },
		{ "*.c", "src/a.c", 1 },		/* no '/': a name at any depth */
		{ "/*.c", "src/a.c", 0 },		/* a leading '/' anchors */
		{ "/*.c", "a.c", 1 },
		{ "src/*.c", "src/a.c", 1 },
		{ "src/*.c", "src/x/a.c", 0 },		/* '*' never crosses '/' */
		{ "src/*.c", "lib/src/a.c", 0 },	/* a '/' in the middle anchors */
		{ "src/?.c", "src/a.c", 1 },
		{ "src/?.c", "src/ab.c", 0 },
		{ "?", "/", 0 },
		{ "a?c", "a/c", 0 },
		{ "tests/**", "tests/a", 1 },
		{ "tests/**", "tests/a/b/c.c", 1 },
		{ "tests/**", "tests", 0 },
		{ "tests/**", "testsuite/a", 0 },
		{ "**/*.gen.c", "x.gen.c", 1 },
		{ "**/*.gen.c", "a/b/c/x.gen.c", 1 },
		{ "**/*.gen.c", "a/b/x.gen.h", 0 },
		{ "**/tests/**", "tests/a.c", 1 },
		{ "**/tests/**", "src/tests/a/b.c", 1 },
		{ "**/tests/**", "src/testsuite/a.c", 0 },
		{ "*/tests/*", "a/tests/b.c", 1 },
		{ "*/tests/*", "x/a/tests/b.c", 0 },	/* lizard's reading would match */
		{ "a/**/b", "a/b", 1 },
		{ "a/**/b", "a/x/y/b", 1 },
		{ "a/**/b", "a/x/y/c", 0 },
		{ "a/**/b/**/c", "a/1/b/2/b/3/c", 1 },
		{ "a/**/b/**/c", "a/1/b/2/b/3/d", 0 },
		{ "**", "anything/at/all", 1 },
		{ "**/", "x", 0 },			/* directories only: x is a file */
		{ "**/", "a/x", 1 },
		{ "a**b", "axxb", 1 },			/* not a whole segment: a plain '*' */
		{ "a**b", "ax/xb", 0 },
		{ "vendor/", "vendor/x/y.c", 1 },
		{ "vendor/", "lib/vendor/y.c", 1 },	/* no other '/': any depth */
		{ "vendor/", "vendor", 0 },		/* a file named vendor is no directory */
		{ "vendor", "vendor", 1 },
		{ "vendor", "lib/vendor/y.c", 1 },	/* a directory takes what is inside */
		{ "vendor", "vendored/y.c", 0 },
		{ "src/gen", "src/gen/x.c", 1 },
		{ "src/gen", "lib/src/gen/x.c", 0 },
		{ "/src/*.c", "src/a.c", 1 },
		{ "./src/*.c", "./src/a.c", 1 },
		{ "./src/*.c", "src/a.c", 1 },
		{ "[abc].c", "b.c", 1 },
		{ "[abc].c", "d.c", 0 },
		{ "[!abc].c", "d.c", 1 },
		{ "[^abc].c", "a.c", 0 },
		{ "[a-f]x", "cx", 1 },
		{ "[a-f]x", "gx", 0 },
		{ "[]]", "]", 1 },
		{ "[!]]", "a", 1 },
		{ "[a-]", "-", 1 },
		{ "[", "[", 1 },			/* an unclosed class is a literal '[' */
		{ "a[", "a[", 1 },
		{ "\\*", "*", 1 },
		{ "\\*", "a", 0 },
		{ "[\\]]", "]", 1 },
		{ "*", ".hidden", 1 },			/* a leading dot is not special */
		{ "!x.c", "x.c", 0 },			/* no negation: '!' is a character */
		{ "", "", 0 },				/* an empty glob matches nothing */
		{ "", "a", 0 },
		{ "a*b*c*d", "aXbYcZd", 1 },
		{ "a*b*c*d", "aXbYcZe", 0 },
		{ "*a*a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0 },
		{ "**/**/**/**/**/x", "a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/y", 0 },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char name[200];
		snprintf(name, sizeof(name), "glob: '%s' %s '%s'", cases[i].glob,
			 cases[i].match ? "matches" : "does not match", cases[i].path);
		CHECK(glob_match(cases[i].glob, cases[i].path) == cases[i].match, name);
	}

	CHECK(glob_match_crossing("*/tests/*", "x/a/tests/b/c.c")
	      && !glob_match_crossing("*/tests/*", "x/a/b.c"),
	      "glob: the fnmatch reading (lizard's -x) lets '*' cross '/'");
	char suggestion[64];
	glob_suggest("*/tests/*", suggestion, sizeof(suggestion));
	CHECK(strcmp(suggestion, "**/tests/**") == 0, "glob: '*/tests/*' suggests '**/tests/**'");
	glob_suggest("src/*.c", suggestion, sizeof(suggestion));
	CHECK(strcmp(suggestion, "src/**/*.c") == 0, "glob: 'src/*.c' suggests 'src/**/*.c'");
	glob_suggest("src/**/*.c", suggestion, sizeof(suggestion));
	CHECK(strcmp(suggestion, "src/**/*.c") == 0, "glob: a glob with '**' is kept as it is");

	/* A hostile glob costs linear backtracking, not exponential. */
	char glob[4097], path[4097];
	for (int i = 0; i < 4096; i++) {
		glob[i] = (i % 2) ? '*' : 'a';
		path[i] = 'a';
	}
	glob[4095] = 'c';
	glob[4096] = '\0';
	path[4095] = 'b';
	path[4096] = '\0';
	CHECK(glob_match(glob, path) == 0, "glob: 2048 stars against 4096 bytes returns");
	for (int i = 0; i < 4096; i++)
		glob[i] = (i % 3 == 2) ? '/' : '*';
	glob[4095] = 'x';
	for (int i = 0; i < 4096; i++)
		path[i] = (i % 2) ? '/' : 'a';
	path[4096] = '\0';
	CHECK(glob_match(glob, path) == 0, "glob: 1365 '**' segments against 2048 returns");
}

/* 1 when l lists key = value from .assay line with why. */
static int lists(const struct ignored_settings *l, const char *key, const char *value, int line,
		 const char *why)
{
	for (size_t i = 0; i < l->count; i++)
		if (strcmp(l->items[i].key, key) == 0 && strcmp(l->items[i].value, value) == 0
		    && l->items[i].line == line && strcmp(l->items[i].why, why) == 0)
			return 1;
	return 0;
}

/* --strict: the repository's file may only tighten (config/tighten.h). */
static void test_tighten(void)
{
	const char *user = "[threshold]\nccn = 12\nnesting = 4\n[exclude]\npath = vendor/**\n"
			   "[threshold \"lib/**\"]\nccn = 5\n";
	const char *repo = "[threshold]\nccn = 30\nnesting = 2\nlength = off\nparams = off\n"
			   "[threshold \"legacy/**\"]\nccn = 50\ncognitive = 3\n"
			   "[exclude]\npath = hidden/**\n[include]\npath = src/**\n"
			   "[language]\nh = cpp\n[generated]\nmarker = @gen\n"
			   "[threshold \"lib/**\"]\nccn = 10\n";
	struct assay_settings s;
	struct limits_before before;
	struct ignored_settings ig = { NULL, 0, 0 };
	settings_init(&s);
	int rc = apply(&s, "user", user, CONFIG_USER);
	settings_limits_before(&s, &before);
	rc |= apply(&s, ".assay", repo, CONFIG_REPOSITORY);
	rc |= settings_tighten(&s, &before, &ig);
	CHECK(rc == 0 && s.thresholds.limit[MET_CCN] == 12
	      && s.threshold_source[MET_CCN].origin == CONFIG_USER
	      && lists(&ig, "threshold.ccn", "30", 2, "raises the limit"),
	      "tighten: a raised limit goes back to the user's, listed");
	CHECK(s.thresholds.limit[MET_NESTING] == 2 && s.thresholds.limit[MET_LENGTH] == -1,
	      "tighten: a lower limit stays, so does an off limit that was off");
	CHECK(s.thresholds.limit[MET_PARAMS] == 7 && lists(&ig, "threshold.params", "off", 5,
							   "raises the limit"),
	      "tighten: turning a limit off is raising it");
	struct thresholds scratch;
	const struct thresholds *t = settings_thresholds_for(&s, "legacy/a.c", &scratch);
	CHECK(t->limit[MET_CCN] == 12 && t->limit[MET_COGNITIVE] == 3
	      && lists(&ig, "threshold.legacy/**.ccn", "50", 7,
		       "raises the limit for the paths it matches"),
	      "tighten: a per-path block only lowers");
	t = settings_thresholds_for(&s, "lib/x.c", &scratch);
	CHECK(t->limit[MET_CCN] == 5, "tighten: a repository's block cannot undo a user's lower one");
	CHECK(settings_path_selected(&s, "hidden/x.c") && settings_path_selected(&s, "lib/x.c")
	      && !settings_path_selected(&s, "vendor/x.c"),
	      "tighten: the repository's exclude and include go, the user's exclude stays");
	CHECK(settings_language_for(&s, "x.h") == LANG_NONE && s.generated_markers.count == 2
	      && s.generated_markers.items[0].source.origin == CONFIG_DEFAULT
	      && s.generated_markers.items[1].source.origin == CONFIG_DEFAULT
	      && lists(&ig, "language.h", "cpp", 14, "changes the language files are read as")
	      && lists(&ig, "generated.marker", "@gen", 16,
		       "skips the files carrying it as generated"),
	      "tighten: the repository's language mappings and markers go, listed");
	ignored_settings_free(&ig);
	settings_free(&s);

	settings_init(&s);
	rc = apply(&s, "user", "[gate]\nstrict\n", CONFIG_USER);
	CHECK(rc == 0 && s.gate_strict == 1, "[gate] strict without a value is true");
	rc = apply(&s, "user", "[gate]\nstrict = no\n", CONFIG_USER);
	CHECK(rc == 0 && s.gate_strict == 0, "[gate] strict = no");
	settings_free(&s);
	CHECK(apply_fails("[gate]\nstrict = maybe\n", CONFIG_USER,
			  "user:2: gate.strict must be true or false, not 'maybe'"),
	      "[gate] strict takes a boolean");
	CHECK(apply_fails("[gate]\nstrict = true\n", CONFIG_REPOSITORY,
			  ".assay:2: a repository configuration may not set gate.strict (only the "
			  "user's configuration or --strict turns strict mode on: a repository does "
			  "not decide how far it is trusted)"),
	      "repository may not: gate.strict");
}

int main(void)
{
	test_syntax();
	test_syntax_errors();
	test_limits();
	test_repository_may_not();
	test_semantic_errors();
	test_settings();
	test_precedence();
	test_overrides();
	test_globs();
	test_tighten();
	return check_summary();
}
