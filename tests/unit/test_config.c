/*
 * test_config.c - unit tests of the configuration files (src/config/settings.c): every piece
 * of the git-config syntax, every parse error with its line, the limits, what a
 * repository file may not set and what the user's may (test_settings.c: the settings
 * they make). One "ok"/"not ok" line per check, then "N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/settings.h"
#include "config/text.h"
#include "config/tighten.h"
#include "files/glob.h"
#include "tests/unit/check.h"
#include "tests/unit/config_check.h"

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
	CHECK(parse_fails("[a]\n\xef\xbb\xbfk = v\n", 13, ".assay:2: invalid key name starting '\\xef'"
		": a key starts with a letter"),
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
	FAILS("[a]\n1k = v\n", ".assay:2: invalid key name starting '1'"
	      ": a key starts with a letter", "error: a key starting with a digit");
	FAILS("[a]\nk_y = v\n", ".assay:2: invalid key name 'k_...'"
	      ": a key holds letters, digits and '-' only", "error: '_' in a key");
	FAILS("[a]\n-k = v\n", ".assay:2: invalid key name starting '-'"
	      ": a key starts with a letter", "error: a key starting with '-'");
	FAILS("[a]\n\"k\" = v\n", ".assay:2: invalid key name starting '\"'"
	      ": a key starts with a letter", "error: a quoted key");
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
}

/* A value of 4096 bytes through continuation lines, then one of 4097; a 2 MiB buffer, and
 * exactly 1 MiB (of comments), which is fine. */
static void test_limits_values(void)
{
	size_t cap = 16384, at;
	struct config *c;
	char *text = malloc(cap);
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
}

/* 10 000 entries, then 10 001, from a file and through config_add. */
static void test_limits_entries(void)
{
	size_t cap = 16 + 10001 * 6, at;
	struct config *c;
	char *text = malloc(cap);
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
}

/* The user's file may set the sandbox and the cache, but not what does not exist. */
static void test_user_may(void)
{
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
}

/* The user's file may name keys and the cache's size and eviction, each checked. */
static void test_user_keys(void)
{
	struct assay_settings s;
	settings_init(&s);
	int rc = apply(&s, "user", "[cache]\n\ttrustedKey = /ci/a.pub\n\ttrustedKey = ~/b.pub\n"
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
			  "user:2: cache.max must be a size from 1 byte to 1024T, such as 512M or 2G, not '12Q'"),
	      "user: cache.max must be a size");
	CHECK(apply_fails("[cache]\nmax = 99999999999999999999\n", CONFIG_USER,
			  "user:2: cache.max must be a size from 1 byte to 1024T, such as 512M or 2G, "
			  "not '99999999999999999999'"), "user: cache.max does not overflow");
	CHECK(apply_fails("[cache]\neviction = fifo\n", CONFIG_USER,
			  "user:2: cache.eviction must be 'lru' or 'lfu', not 'fifo'"),
	      "user: cache.eviction takes lru or lfu");
}

/* sandbox.mode = off from the user's file is never silent. */
static void test_user_sandbox_off(void)
{
	struct assay_settings s;
	char note[300];
	settings_init(&s);
	int rc = apply(&s, "/home/u/.config/assay/config", "[sandbox]\n# why\nmode = off\n", CONFIG_USER);
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
	CHECK(apply_fails("[precommit]\nbudget = -1\n", CONFIG_REPOSITORY,
			  ".assay:2: precommit.budget must be a number of seconds up to 86400 (0.5: "
			  "half a second), or 'off' (or 0: none), not '-1'"), "settings: precommit.budget");
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

int main(void)
{
	test_syntax();
	test_syntax_errors();
	test_limits();
	test_limits_values();
	test_limits_entries();
	test_repository_may_not();
	test_user_may();
	test_user_keys();
	test_user_sandbox_off();
	test_semantic_errors();
	return check_summary();
}
