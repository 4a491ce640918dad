/*
 * shard_read.h - a shard's JSON report read back for `assay merge`: its "shard" object
 * (json_shard.c writes it), every record decoded and checked as a worker's reply would
 * be. The file comes from another CI job: it is read as untrusted bytes, bounded, and
 * anything malformed is an error naming the file and where.
 */
#ifndef ASSAY_RUN_SHARD_READ_H
#define ASSAY_RUN_SHARD_READ_H

#include <stddef.h>
#include <stdint.h>

#include "common/record.h"
#include "run/shard.h"

struct shard_row {
	char *path;			/* as the shard showed it */
	int refused;			/* --strict refused its generated marker */
	int measured;			/* rec holds its result; else it was never reached */
	int has_oid;			/* oid: the git blob id of the content measured */
	uint8_t oid[20];
	struct record rec;
};

struct shard_engine {
	unsigned got_mode, mode;	/* the shard's --sandbox (enum sandbox_mode), when given */
	unsigned got_level, level, inprocess, unavailable;
	char detail[200], why_unavailable[256];
	unsigned started, crashes, timeouts, violations;
};

struct shard_file {
	const char *name;		/* the file, as the command line named it */
	char version[64];
	char command[16];		/* "analyze"; "diff" or "precommit" cannot be merged */
	unsigned index, total;
	uint64_t files;
	char files_digest[SHARD_DIGEST_HEX], config_digest[SHARD_DIGEST_HEX];
	char **paths;			/* the paths its run was given */
	size_t npaths;
	struct shard_engine engine;
	struct shard_row *rows;
	size_t nrows;
};

/* Reads the shard report at name into s; 0, or -1 with a message naming the file in err. */
int shard_read(const char *name, struct shard_file *s, char *err, size_t errlen);
/* The same from an open descriptor (read to the shard object, not closed). */
int shard_read_fd(int fd, const char *name, struct shard_file *s, char *err, size_t errlen);
void shard_file_free(struct shard_file *s);

#endif
