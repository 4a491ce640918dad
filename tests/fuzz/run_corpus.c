/*
 * run_corpus.c - replays files through a fuzz target's LLVMFuzzerTestOneInput, for builds
 * without libFuzzer (gcc, `make check`): each argument is a file or a directory whose
 * regular files are replayed in name order, printing "ok - NAME" after each (a crash or a
 * sanitizer report ends the run), then "N passed, N failed". A file that cannot be read
 * is "not ok".
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Larger than any target accepts, so every input still reaches the target's own check. */
#define MAX_INPUT_BYTES (4u << 20)

static int passed, failed;

static void replay(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data = malloc(MAX_INPUT_BYTES + 1);
	size_t n = 0;
	int ok = f != NULL && data != NULL;
	if (ok) {
		n = fread(data, 1, MAX_INPUT_BYTES + 1, f);
		ok = !ferror(f) && n <= MAX_INPUT_BYTES;
	}
	if (f)
		fclose(f);
	if (ok) {
		LLVMFuzzerTestOneInput(data, n);
		passed++;
		printf("ok - %s\n", path);
	} else {
		failed++;
		printf("not ok - %s (cannot read it, or over %u bytes)\n", path, MAX_INPUT_BYTES);
	}
	free(data);
	fflush(stdout);
}

static void replay_directory(const char *dir)
{
	struct dirent **names;
	int n = scandir(dir, &names, NULL, alphasort);
	if (n < 0) {
		failed++;
		printf("not ok - %s (cannot list it)\n", dir);
		return;
	}
	for (int i = 0; i < n; i++) {
		size_t len = strlen(dir) + strlen(names[i]->d_name) + 2;
		char *path = malloc(len);
		struct stat st;
		if (path) {
			snprintf(path, len, "%s/%s", dir, names[i]->d_name);
			if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
				replay(path);
		}
		free(path);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIRECTORY...\n", argv[0]);
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
			replay_directory(argv[i]);
		else
			replay(argv[i]);
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
