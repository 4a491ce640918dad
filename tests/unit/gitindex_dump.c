/*
 * gitindex_dump.c - prints a git index file as src/gitindex.c reads it, in the shape of
 * `git ls-files --stage` ("MODE OID STAGE<TAB>PATH"), or with -d the stat data the keys
 * use ("PATH ctime=S:NS mtime=S:NS ino=N size=N"), so tests/cli/gitindex.sh can compare
 * the reader with git itself. Exit 1 with the reason when the index is refused.
 */
#include <stdio.h>
#include <string.h>

#include "../../src/gitindex.h"

int main(int argc, char **argv)
{
	int stat_data = argc == 3 && strcmp(argv[1], "-d") == 0;
	if (argc != 2 + stat_data) {
		fprintf(stderr, "usage: gitindex_dump [-d] INDEX\n");
		return 2;
	}
	struct gitindex ix;
	char err[600];
	if (gitindex_open(&ix, argv[1 + stat_data], err, sizeof(err)) < 0) {
		printf("refused: %s\n", err);
		return 1;
	}
	for (size_t i = 0; i < ix.n; i++) {
		const struct gitindex_entry *e = &ix.v[i];
		if (stat_data) {
			printf("%s ctime=%lld:%lld mtime=%lld:%lld ino=%u size=%u\n", e->path,
			       (long long)(e->ctime_ns / 1000000000), (long long)(e->ctime_ns % 1000000000),
			       (long long)(e->mtime_ns / 1000000000), (long long)(e->mtime_ns % 1000000000),
			       e->ino, e->size);
			continue;
		}
		printf("%06o ", e->mode);
		for (int k = 0; k < 20; k++)
			printf("%02x", e->oid[k]);
		printf(" %u\t%s\n", e->stage, e->path);
	}
	gitindex_close(&ix);
	return 0;
}
