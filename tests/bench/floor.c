/*
 * floor.c - bench-floor, the tree-sitter floor that `make bench` measures assay against.
 *
 *   bench-floor [-j N] [-l LISTFILE] [-v]
 *
 * Reads a list of files, one "LANG<TAB>PATH" a line (from LISTFILE, or standard input when
 * there is none or it is "-"), LANG one of c cpp python javascript typescript tsx go rust
 * java. Sorts the files largest first and deals them to N forked processes greedily (each
 * file to the process with the fewest bytes so far); with one, this process parses them.
 * Each process reads its files, parses each with its grammar and walks every node of the
 * tree with a TSTreeCursor. Nothing else: no sandbox, no pipes to a supervisor, no
 * metrics. That is the least any tool built on tree-sitter must spend on the same files
 * with the same number of processes.
 *
 * Prints one line, "files=N bytes=N seconds=S nodes=N", where seconds is the wall clock
 * (CLOCK_MONOTONIC) from before the first fork to after the last wait (with one process,
 * from before its first file to after its last). With -v, each process' share (files,
 * bytes, seconds) goes to standard error first: the dealing is static, so a process much
 * slower than the others means the floor is not a floor there.
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
	double seconds;		/* the process' own wall time, fork (or start) to done */
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

/* Room for 64 KiB more after len bytes in *buf (doubled as needed): 0, or -1 when
 * memory ran out. */
static int make_room(char **buf, size_t *cap, size_t len)
{
	if (*cap - len >= 65536)
		return 0;
	size_t ncap = *cap ? *cap * 2 : 1 << 20;
	char *p = realloc(*buf, ncap);
	if (!p)
		return -1;
	*buf = p;
	*cap = ncap;
	return 0;
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
	ssize_t n = 1;
	while (n != 0) {
		if (make_room(buf, cap, len) < 0) {
			fprintf(stderr, "%s: %s: out of memory\n", progname, path);
			close(fd);
			return -1;
		}
		n = read(fd, *buf + len, *cap - len);
		if (n < 0 && errno != EINTR) {
			fprintf(stderr, "%s: %s: %s\n", progname, path, strerror(errno));
			close(fd);
			return -1;
		}
		len += n > 0 ? (size_t)n : 0;
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

/* One line of the list (its line break cut) into *f: 1, 0 for a blank line, or -1 with
 * a message. */
static int list_entry(char *line, const char *name, unsigned long lineno, struct file *f)
{
	if (*line == '\0')
		return 0;
	char *tab = strchr(line, '\t');
	if (!tab || tab[1] == '\0') {
		fprintf(stderr, "%s: %s:%lu: not LANG<TAB>PATH\n", progname, name, lineno);
		return -1;
	}
	*tab = '\0';
	f->lang = language_by_name(line);
	if (f->lang == LANG_NONE) {
		fprintf(stderr, "%s: %s:%lu: unknown language '%s'\n", progname, name, lineno, line);
		return -1;
	}
	struct stat st;
	if (stat(tab + 1, &st) < 0) {
		fprintf(stderr, "%s: %s: %s\n", progname, tab + 1, strerror(errno));
		return -1;
	}
	f->path = strdup(tab + 1);
	f->size = (uint64_t)st.st_size;
	f->proc = 0;
	if (f->path)
		return 1;
	fprintf(stderr, "%s: out of memory\n", progname);
	return -1;
}

/* Appends f to files (n of cap): 0, or -1 with a message (f's path freed). */
static int push_file(struct file **files, size_t *n, size_t *cap, const struct file *f)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 1024;
		struct file *p = realloc(*files, ncap * sizeof(**files));
		if (!p) {
			fprintf(stderr, "%s: out of memory\n", progname);
			free(f->path);
			return -1;
		}
		*files = p;
		*cap = ncap;
	}
	(*files)[(*n)++] = *f;
	return 0;
}

/* Reads the list; 0, or -1 with a message. */
static int read_list(FILE *in, const char *name, struct file **out, size_t *nout)
{
	struct file *files = NULL;
	size_t n = 0, cap = 0, linecap = 0;
	char *line = NULL;
	ssize_t len;
	unsigned long lineno = 0;
	int rc = 0;
	while (rc == 0 && (len = getline(&line, &linecap, in)) >= 0) {
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		struct file f;
		int got = list_entry(line, name, lineno, &f);
		rc = got < 0 ? -1 : got ? push_file(&files, &n, &cap, &f) : 0;
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

/* The options into *jobs, *verbose and *listname: 0, or the exit status to end with. */
static int parse_options(int argc, char **argv, long *jobs, int *verbose, const char **listname)
{
	int opt;
	while ((opt = getopt(argc, argv, "hj:l:v")) != -1) {
		char *end;
		switch (opt) {
		case 'j':
			errno = 0;
			*jobs = strtol(optarg, &end, 10);
			if (errno || *optarg == '\0' || *end != '\0' || *jobs < 1 || *jobs > 1024) {
				fprintf(stderr, "%s: -j wants a number from 1 to 1024\n", progname);
				return 2;
			}
			break;
		case 'l':
			*listname = optarg;
			break;
		case 'v':
			*verbose = 1;
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind == argc)
		return 0;
	usage(stderr);
	return 2;
}

/* The list named listname ("-" or NULL: standard input): 0, or -1 with a message. */
static int load_list(const char *listname, struct file **files, size_t *nfiles)
{
	FILE *in = stdin;
	if (listname && strcmp(listname, "-") != 0) {
		in = fopen(listname, "r");
		if (!in) {
			fprintf(stderr, "%s: %s: %s\n", progname, listname, strerror(errno));
			return -1;
		}
	}
	int rc = read_list(in, listname ? listname : "(stdin)", files, nfiles);
	if (in != stdin)
		fclose(in);
	return rc;
}

/* Largest first, each file to the least loaded of nprocs processes (LPT). */
static void deal(struct file *files, size_t nfiles, size_t nprocs, uint64_t *load)
{
	qsort(files, nfiles, sizeof(*files), by_size_desc);
	for (size_t i = 0; i < nfiles; i++) {
		size_t best = 0;
		for (size_t k = 1; k < nprocs; k++)
			if (load[k] < load[best])
				best = k;
		files[i].proc = (int)best;
		load[best] += files[i].size;
	}
}

/* The processes at work: their pids and the pipes their results come through. */
struct procs {
	size_t n;
	pid_t *pids;
	int *fds;
	uint64_t *load;
};

static void procs_free(struct procs *ps)
{
	free(ps->load);
	free(ps->pids);
	free(ps->fds);
}

/* Forks process k, which parses its files and writes its result; 0, or -1 said. */
static int start_process(struct procs *ps, size_t k, struct file *files, size_t nfiles,
			 double start)
{
	int p[2];
	if (pipe(p) < 0) {
		fprintf(stderr, "%s: pipe: %s\n", progname, strerror(errno));
		return -1;
	}
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "%s: fork: %s\n", progname, strerror(errno));
		return -1;
	}
	if (pid == 0) {
		close(p[0]);
		for (size_t j = 0; j < k; j++)
			close(ps->fds[j]);
		struct result r = run_process(files, nfiles, (int)k);
		r.seconds = now() - start;
		free_files(files, nfiles);
		procs_free(ps);
		_exit(write_full(p[1], &r, sizeof(r)) < 0 ? 3 : 0);
	}
	close(p[1]);
	ps->pids[k] = pid;
	ps->fds[k] = p[0];
	return 0;
}

/* Every process' result added into *total: 0, or 1 when one sent none. */
static int collect(const struct procs *ps, int verbose, struct result *total)
{
	int status = 0;
	for (size_t k = 0; k < ps->n; k++) {
		struct result r;
		if (read_full(ps->fds[k], &r, sizeof(r)) < 0) {
			fprintf(stderr, "%s: process %zu sent no result\n", progname, k);
			status = 1;
		} else {
			if (verbose)
				fprintf(stderr, "%s: process %zu: files=%" PRIu64 " bytes=%" PRIu64
					" seconds=%.3f\n", progname, k, r.files, r.bytes, r.seconds);
			total->files += r.files;
			total->bytes += r.bytes;
			total->nodes += r.nodes;
			total->failed += r.failed;
		}
		close(ps->fds[k]);
	}
	return status;
}

/* Waits for process k: 0 when it exited 0, else 1 said. */
static int reap(const struct procs *ps, size_t k)
{
	int ws;
	while (waitpid(ps->pids[k], &ws, 0) < 0)
		if (errno != EINTR) {
			ws = -1;
			break;
		}
	if (ws != -1 && WIFEXITED(ws) && WEXITSTATUS(ws) == 0)
		return 0;
	if (ws != -1 && WIFSIGNALED(ws))
		fprintf(stderr, "%s: process %zu killed by signal %d\n", progname, k, WTERMSIG(ws));
	else
		fprintf(stderr, "%s: process %zu failed\n", progname, k);
	return 1;
}

/* The files parsed by nprocs processes: the exit status, the totals in *total, the wall
 * time in *seconds. */
static int run_all(struct file *files, size_t nfiles, size_t nprocs, int verbose,
		   struct result *total, double *seconds)
{
	size_t slots = nprocs ? nprocs : 1;
	struct procs ps = { nprocs, calloc(slots, sizeof(pid_t)), calloc(slots, sizeof(int)),
			    calloc(slots, sizeof(uint64_t)) };
	if (!ps.load || !ps.pids || !ps.fds) {
		fprintf(stderr, "%s: out of memory\n", progname);
		procs_free(&ps);
		return 2;
	}
	deal(files, nfiles, nprocs, ps.load);
	fflush(NULL);
	double start = now();
	if (nprocs == 1) {
		/* One process: this one. A fork would add a second process' start (its page
		 * tables copied, its pages faulted again), which the least cost has not. */
		*total = run_process(files, nfiles, 0);
		*seconds = now() - start;
		if (verbose)
			fprintf(stderr, "%s: process 0: files=%" PRIu64 " bytes=%" PRIu64
				" seconds=%.3f\n", progname, total->files, total->bytes, *seconds);
		procs_free(&ps);
		return 0;
	}
	for (size_t k = 0; k < nprocs; k++)
		if (start_process(&ps, k, files, nfiles, start) < 0)
			return 2;
	int status = collect(&ps, verbose, total);
	for (size_t k = 0; k < nprocs; k++)
		status |= reap(&ps, k);
	*seconds = now() - start;
	procs_free(&ps);
	return status;
}

int main(int argc, char **argv)
{
	long jobs = 1;
	int verbose = 0;
	const char *listname = NULL;
	int rc = parse_options(argc, argv, &jobs, &verbose, &listname);
	if (rc != 0)
		return rc < 0 ? 0 : rc;
	struct file *files = NULL;
	size_t nfiles = 0;
	if (load_list(listname, &files, &nfiles) < 0)
		return 2;
	size_t nprocs = (size_t)jobs < nfiles ? (size_t)jobs : nfiles;
	struct result total = { 0, 0, 0, 0, 0 };
	double seconds = 0;
	int status = run_all(files, nfiles, nprocs, verbose, &total, &seconds);
	if (status == 2)
		return 2;
	if (total.failed > 0) {
		fprintf(stderr, "%s: %" PRIu64 " file(s) could not be read or parsed\n", progname,
			total.failed);
		status = 1;
	}
	printf("files=%" PRIu64 " bytes=%" PRIu64 " seconds=%.3f nodes=%" PRIu64 "\n",
	       total.files, total.bytes, seconds, total.nodes);
	free_files(files, nfiles);
	return status;
}
