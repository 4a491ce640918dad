/*
 * fuzz_shard.c - libFuzzer target for the reader of shard reports (shard_read_fd in
 * src/run/shard_read.c, over the JSON pull reader src/util/jsonread.c): `assay merge`
 * reads them from other CI jobs' artifacts, so they are parsed as hostile input. An
 * accepted shard's rows are walked so that what was decoded is touched. Built with clang
 * -fsanitize=fuzzer, or with tests/fuzz/run_corpus.c where libFuzzer is missing.
 */
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "run/shard_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("shard", MFD_CLOEXEC);
	if (fd < 0)
		return 0;
	if (write(fd, data, size) != (ssize_t)size || lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return 0;
	}
	struct shard_file s;
	char err[512];
	if (shard_read_fd(fd, "fuzz", &s, err, sizeof(err)) == 0) {
		size_t units = 0;
		for (size_t i = 0; i < s.nrows; i++)
			units += s.rows[i].measured ? s.rows[i].rec.nunits + strlen(s.rows[i].path) : 0;
		(void)units;
	}
	shard_file_free(&s);
	close(fd);
	return 0;
}
