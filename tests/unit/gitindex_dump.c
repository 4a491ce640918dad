/*
 * gitindex_dump.c - prints a git index file as src/git/index.c reads it, in the shape of
 * `git ls-files --stage` ("MODE OID STAGE<TAB>PATH"), or with -d the stat data the keys
 * use ("PATH ctime=S:NS mtime=S:NS ino=N size=N"), or with -t the cache tree ("DIR/ OID"
 * for each directory whose node holds a tree, "DIR/ invalid" for the others; the root is
 * "/"), so tests/cli/gitindex.sh can compare the reader with git itself. Exit 1 with the
 * reason when the index is refused.
 *
 * With -r INDEX COMMAND...: opens and closes INDEX twice, runs COMMAND, opens it once more,
 * and prints for each opening its entry count and whether it was "read" or "reused" (the
 * buffers of the reading before: the memo of an unchanged file).
 */
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "git/index.h"

/* Node i and its subtree, under the directory path dir (len bytes, '/'-terminated). */
static void dump_tree(const struct gitindex *ix, size_t i, char *dir, size_t len)
{
	const struct gitindex_tree *t = &ix->tree[i];
	if (len + t->name_len + 2 > 4096)
		return;
	memcpy(dir + len, t->name, t->name_len);
	len += t->name_len;
	if (i > 0)
		dir[len++] = '/';
	dir[len] = '\0';
	printf("%s ", i > 0 ? dir : "/");
	if (t->entries < 0)
		printf("invalid");
	for (int k = 0; t->entries >= 0 && k < 20; k++)
		printf("%02x", t->oid[k]);
	printf("\n");
	for (size_t c = i + 1; c < t->end; c = ix->tree[c].end)
		dump_tree(ix, c, dir, len);
}

/* Opens path; prints its entry count and whether the buffers are last's; closes it. */
static int reopen(const char *name, const char *path, const void **last)
{
	struct gitindex ix;
	char err[600];
	if (gitindex_open(&ix, path, err, sizeof(err)) < 0) {
		printf("refused: %s\n", err);
		return -1;
	}
	printf("%s %zu %s\n", name, ix.n, (const void *)ix.data == *last ? "reused" : "read");
	*last = ix.data;
	gitindex_close(&ix);
	return 0;
}

static int reread(const char *path, char **command)
{
	const void *last = NULL;
	if (reopen("first", path, &last) < 0 || reopen("again", path, &last) < 0)
		return 1;
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		execvp(command[0], command);
		_exit(127);
	}
	int status;
	if (pid < 0 || waitpid(pid, &status, 0) < 0 || !WIFEXITED(status)
	    || WEXITSTATUS(status) != 0) {
		printf("%s failed\n", command[0]);
		return 1;
	}
	return reopen("after", path, &last) < 0;
}

/* One entry as `git ls-files -s` prints it, or (stat_data) its path and stat data. */
static void print_entry(const struct gitindex_entry *e, int stat_data)
{
	if (stat_data) {
		printf("%s ctime=%lld:%lld mtime=%lld:%lld ino=%u size=%u\n", e->path,
		       (long long)(e->ctime_ns / 1000000000), (long long)(e->ctime_ns % 1000000000),
		       (long long)(e->mtime_ns / 1000000000), (long long)(e->mtime_ns % 1000000000),
		       e->ino, e->size);
		return;
	}
	printf("%06o ", e->mode);
	for (int k = 0; k < 20; k++)
		printf("%02x", e->oid[k]);
	printf(" %u\t%s\n", e->stage, e->path);
}

int main(int argc, char **argv)
{
	if (argc >= 4 && strcmp(argv[1], "-r") == 0)
		return reread(argv[2], argv + 3);
	int stat_data = argc == 3 && strcmp(argv[1], "-d") == 0;
	int tree = argc == 3 && strcmp(argv[1], "-t") == 0;
	if (argc != 2 + (stat_data || tree)) {
		fprintf(stderr, "usage: gitindex_dump [-d | -t] INDEX\n");
		return 2;
	}
	struct gitindex ix;
	char err[600];
	if (gitindex_open(&ix, argv[argc - 1], err, sizeof(err)) < 0) {
		printf("refused: %s\n", err);
		return 1;
	}
	if (tree) {
		char dir[4096];
		if (ix.ntree == 0)
			printf("no cache tree\n");
		else
			dump_tree(&ix, 0, dir, 0);
		gitindex_close(&ix);
		return 0;
	}
	for (size_t i = 0; i < ix.n; i++)
		print_entry(&ix.v[i], stat_data);
	gitindex_close(&ix);
	return 0;
}
