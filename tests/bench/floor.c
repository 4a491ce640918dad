/*
 * floor.c - bench-floor, the tree-sitter floor that `make bench` measures assay against.
 *
 *   bench-floor [-j N] [-l LISTFILE] [-v]
 *
 * Reads a list of files, one "LANG<TAB>PATH" a line (from LISTFILE, or standard input when
 * there is none or it is "-"), LANG one of c cpp python javascript typescript tsx go rust
 * java. Sorts the files largest first and deals them to N forked processes greedily (each
 * file to the process with the fewest bytes so far). Each process reads its files, parses
 * each with its grammar and walks every node of the tree with a TSTreeCursor. Nothing
 * else: no sandbox, no pipes to a supervisor, no metrics. That is the least any tool built
 * on tree-sitter must spend on the same files with the same number of processes.
 *
 * Prints one line, "files=N bytes=N seconds=S nodes=N", where seconds is the wall clock
 * (CLOCK_MONOTONIC) from before the first fork to after the last wait. With -v, each
 * process' share (files, bytes, seconds) goes to standard error first: the dealing is
 * static, so a process much slower than the others means the floor is not a floor there.
 * Exit status: 0, 1
 * when a file could not be read or parsed (the line is still printed), 2 on a usage error
 * or a bad list.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <tree_sitter/api.h>

#include "analyze/registry.h"
#include "common/fdio.h"
#include "common/languages.h"

/* The grammars are the worker's: analyze/registry.c ties them to the language table. */

struct file {
	char *path;
	enum lang_id lang;
	uint64_t size;	/* from stat(), for dealing; the bytes counted are those read */
	int proc;	/* the process it was dealt to */
};

/* What a process sends back through its pipe when it is done. */
struct result {
	uint64_t files, bytes, nodes, failed;
	double seconds;		/* the process' own wall time, fork to done */
};

static const char *progname = "bench-floor";

static void usage(FILE *out)
{
	fprintf(out, "usage: %s [-j N] [-l LISTFILE] [-v]\n"
		"Reads \"LANG<TAB>PATH\" lines (LISTFILE, or standard input), parses every file with\n"
		"tree-sitter and walks every node, in N processes (default 1). Prints\n"
		"files=N bytes=N seconds=S nodes=N (-v: each process' share on stderr first).\n",
		progname);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int by_size_desc(const void *a, const void *b)
{
	const struct file *x = a, *y = b;
	if (x->size != y->size)
		return x->size < y->size ? 1 : -1;
	return strcmp(x->path, y->path);
}

/* Reads path whole into *buf (grown as needed); its length, or -1 with a message. */
static long long read_file(const char *path, char **buf, size_t *cap)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr, "%s: %s: %s\n", progname, path, strerror(errno));
		return -1;
	}
	size_t len = 0;
	for (;;) {
		if (*cap - len < 65536) {
			size_t ncap = *cap ? *cap * 2 : 1 << 20;
			char *p = realloc(*buf, ncap);
			if (!p) {
				fprintf(stderr, "%s: %s: out of memory\n", progname, path);
				close(fd);
				return -1;
			}
			*buf = p;
			*cap = ncap;
		}
		ssize_t n = read(fd, *buf + len, *cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "%s: %s: %s\n", progname, path, strerror(errno));
			close(fd);
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (len > UINT32_MAX) {
		fprintf(stderr, "%s: %s: too large for tree-sitter\n", progname, path);
		return -1;
	}
	return (long long)len;
}

/* Every node of the tree, root included, visited with a cursor: preorder, iterative. */
static uint64_t walk(TSTree *tree)
{
	TSTreeCursor c = ts_tree_cursor_new(ts_tree_root_node(tree));
	uint64_t nodes = 1;
	for (;;) {
		if (ts_tree_cursor_goto_first_child(&c)) {
			nodes++;
			continue;
		}
		while (!ts_tree_cursor_goto_next_sibling(&c))
			if (!ts_tree_cursor_goto_parent(&c))
				goto done;
		nodes++;
	}
done:
	ts_tree_cursor_delete(&c);
	return nodes;
}

/* The body of process `proc`: its files, largest first. */
static struct result run_process(const struct file *files, size_t nfiles, int proc)
{
	struct result r = { 0, 0, 0, 0, 0 };
	TSParser *parser = ts_parser_new();
	char *buf = NULL;
	size_t cap = 0;
	for (size_t i = 0; i < nfiles; i++) {
		const struct file *f = &files[i];
		if (f->proc != proc)
			continue;
		long long len = read_file(f->path, &buf, &cap);
		if (len < 0) {
			r.failed++;
			continue;
		}
		if (!ts_parser_set_language(parser, lang_grammar_for(f->lang))) {
			fprintf(stderr, "%s: %s: grammar %s is incompatible with this tree-sitter\n",
				progname, f->path, language_info(f->lang)->name);
			r.failed++;
			continue;
		}
		TSTree *tree = ts_parser_parse_string(parser, NULL, buf, (uint32_t)len);
		if (!tree) {
			fprintf(stderr, "%s: %s: no tree\n", progname, f->path);
			ts_parser_reset(parser);
			r.failed++;
			continue;
		}
		r.nodes += walk(tree);
		ts_tree_delete(tree);
		r.files++;
		r.bytes += (uint64_t)len;
	}
	free(buf);
	ts_parser_delete(parser);
	return r;
}

static void free_files(struct file *files, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(files[i].path);
	free(files);
}

/* Reads the list; 0, or -1 with a message. */
static int read_list(FILE *in, const char *name, struct file **out, size_t *nout)
{
	struct file *files = NULL;
	size_t n = 0, cap = 0;
	char *line = NULL;
	size_t linecap = 0;
	ssize_t len;
	unsigned long lineno = 0;
	int rc = 0;
	while ((len = getline(&line, &linecap, in)) >= 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0)
			continue;
		char *tab = strchr(line, '\t');
		if (!tab || tab[1] == '\0') {
			fprintf(stderr, "%s: %s:%lu: not LANG<TAB>PATH\n", progname, name, lineno);
			rc = -1;
			break;
		}
		*tab = '\0';
		enum lang_id lang = language_by_name(line);
		if (lang == LANG_NONE) {
			fprintf(stderr, "%s: %s:%lu: unknown language '%s'\n", progname, name, lineno,
				line);
			rc = -1;
			break;
		}
		struct stat st;
		if (stat(tab + 1, &st) < 0) {
			fprintf(stderr, "%s: %s: %s\n", progname, tab + 1, strerror(errno));
			rc = -1;
			break;
		}
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 1024;
			struct file *p = realloc(files, ncap * sizeof(*files));
			if (!p) {
				fprintf(stderr, "%s: out of memory\n", progname);
				rc = -1;
				break;
			}
			files = p;
			cap = ncap;
		}
		files[n].path = strdup(tab + 1);
		if (!files[n].path) {
			fprintf(stderr, "%s: out of memory\n", progname);
			rc = -1;
			break;
		}
		files[n].lang = lang;
		files[n].size = (uint64_t)st.st_size;
		files[n].proc = 0;
		n++;
	}
	if (rc == 0 && ferror(in)) {
		fprintf(stderr, "%s: %s: read error\n", progname, name);
		rc = -1;
	}
	free(line);
	if (rc < 0) {
		free_files(files, n);
		return -1;
	}
	*out = files;
	*nout = n;
	return 0;
}

int main(int argc, char **argv)
{
	long jobs = 1;
	int verbose = 0;
	const char *listname = NULL;
	int opt;
	while ((opt = getopt(argc, argv, "hj:l:v")) != -1) {
		switch (opt) {
		case 'j': {
			char *end;
			errno = 0;
			jobs = strtol(optarg, &end, 10);
			if (errno || *optarg == '\0' || *end != '\0' || jobs < 1 || jobs > 1024) {
				fprintf(stderr, "%s: -j wants a number from 1 to 1024\n", progname);
				return 2;
			}
			break;
		}
		case 'l':
			listname = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}

	FILE *in = stdin;
	if (listname && strcmp(listname, "-") != 0) {
		in = fopen(listname, "r");
		if (!in) {
			fprintf(stderr, "%s: %s: %s\n", progname, listname, strerror(errno));
			return 2;
		}
	}
	struct file *files = NULL;
	size_t nfiles = 0;
	int bad = read_list(in, listname ? listname : "(stdin)", &files, &nfiles);
	if (in != stdin)
		fclose(in);
	if (bad < 0)
		return 2;

	/* Largest first, each to the least loaded process (LPT). */
	qsort(files, nfiles, sizeof(*files), by_size_desc);
	size_t nprocs = (size_t)jobs < nfiles ? (size_t)jobs : nfiles;
	uint64_t *load = calloc(nprocs ? nprocs : 1, sizeof(*load));
	pid_t *pids = calloc(nprocs ? nprocs : 1, sizeof(*pids));
	int *fds = calloc(nprocs ? nprocs : 1, sizeof(*fds));
	if (!load || !pids || !fds) {
		fprintf(stderr, "%s: out of memory\n", progname);
		return 2;
	}
	for (size_t i = 0; i < nfiles; i++) {
		size_t best = 0;
		for (size_t k = 1; k < nprocs; k++)
			if (load[k] < load[best])
				best = k;
		files[i].proc = (int)best;
		load[best] += files[i].size;
	}
	fflush(NULL);

	double start = now();
	int status = 0;
	for (size_t k = 0; k < nprocs; k++) {
		int p[2];
		if (pipe(p) < 0) {
			fprintf(stderr, "%s: pipe: %s\n", progname, strerror(errno));
			return 2;
		}
		pid_t pid = fork();
		if (pid < 0) {
			fprintf(stderr, "%s: fork: %s\n", progname, strerror(errno));
			return 2;
		}
		if (pid == 0) {
			close(p[0]);
			for (size_t j = 0; j < k; j++)
				close(fds[j]);
			struct result r = run_process(files, nfiles, (int)k);
			r.seconds = now() - start;
			free_files(files, nfiles);
			free(load);
			free(pids);
			free(fds);
			_exit(write_full(p[1], &r, sizeof(r)) < 0 ? 3 : 0);
		}
		close(p[1]);
		pids[k] = pid;
		fds[k] = p[0];
	}
	struct result total = { 0, 0, 0, 0, 0 };
	for (size_t k = 0; k < nprocs; k++) {
		struct result r;
		if (read_full(fds[k], &r, sizeof(r)) < 0) {
			fprintf(stderr, "%s: process %zu sent no result\n", progname, k);
			status = 1;
		} else {
			if (verbose)
				fprintf(stderr, "%s: process %zu: files=%" PRIu64 " bytes=%" PRIu64
					" seconds=%.3f\n", progname, k, r.files, r.bytes, r.seconds);
			total.files += r.files;
			total.bytes += r.bytes;
			total.nodes += r.nodes;
			total.failed += r.failed;
		}
		close(fds[k]);
	}
	for (size_t k = 0; k < nprocs; k++) {
		int ws;
		while (waitpid(pids[k], &ws, 0) < 0)
			if (errno != EINTR) {
				ws = -1;
				break;
			}
		if (ws == -1 || !WIFEXITED(ws) || WEXITSTATUS(ws) != 0) {
			if (ws != -1 && WIFSIGNALED(ws))
				fprintf(stderr, "%s: process %zu killed by signal %d\n", progname, k,
					WTERMSIG(ws));
			else
				fprintf(stderr, "%s: process %zu failed\n", progname, k);
			status = 1;
		}
	}
	double seconds = now() - start;

	if (total.failed > 0) {
		fprintf(stderr, "%s: %" PRIu64 " file(s) could not be read or parsed\n", progname,
			total.failed);
		status = 1;
	}
	printf("files=%" PRIu64 " bytes=%" PRIu64 " seconds=%.3f nodes=%" PRIu64 "\n",
	       total.files, total.bytes, seconds, total.nodes);
	free_files(files, nfiles);
	free(load);
	free(pids);
	free(fds);
	return status;
}
