/*
 * testpoint.h - named points in the supervisor where the test build (assay-testpoint, linked
 * with tests/support/testpoint.c instead of util/testpoint.c) can deliver a signal, or make
 * the next allocation fail (util/alloc.h), so the tests interrupt every command at a known
 * place instead of at a moment that depends on the machine's speed. In assay itself
 * testpoint() does nothing.
 *
 * Names: "discover.dir" (a directory is read), "cache.check" (verify: before the
 * integrity check), "cache.row" (verify, export, import: a row), "cache.gc" (a batch evicted), "cache.clear", "hook.write" (the hook is written,
 * not yet in place), "config.print", "engine.result" (a file's result arrived),
 * "lookup.file" (a keyed file is looked up in the cache before any is read),
 * "inprocess.analyze" (the in-process engine is about to parse a file); see also
 * testpoint_fd's names below.
 */
#ifndef ASSAY_UTIL_TESTPOINT_H
#define ASSAY_UTIL_TESTPOINT_H

void testpoint(const char *name);
/* 0 in assay; in assay-testpoint, 1 when ASSAY_TESTPOINT=NAME:TRUE, for a condition the
 * tests cannot bring about otherwise: "keys.collide" (every content read is keyed by one
 * SHA-1 blob id: no collision exists for git's blob ids to test with), "engine.spent" (a
 * worker that has taken files finds its CPU time spent when it would steal: the time a
 * worker spends before that happens cannot be arranged between two workers),
 * "engine.steal_head" (a worker's head file, which it has started, may be stolen: the race
 * of a file started just as it is withdrawn, which timing cannot arrange). */
int testpoint_says(const char *name);
/* The file to read for path: path itself in assay; in assay-testpoint, with
 * ASSAY_TESTPOINT_FILE=PATH=OTHER in the environment, OTHER instead (the tests give the
 * memory watch a /proc/meminfo of their own). */
const char *testpoint_file(const char *path);
/* The value to use for a setting no option reaches: value in assay; in assay-testpoint,
 * with ASSAY_TESTPOINT_VALUE=NAME=NUMBER in the environment, NUMBER instead (the tests
 * lower a worker's CPU time limit, "engine.cpu_limit", to seconds, and make the memory a
 * run holds, "memory.resident", more than its --memory). */
double testpoint_value(const char *name, double value);
/* Nothing in assay; in assay-testpoint, with ASSAY_TESTPOINT=NAME:WAIT, waits until fd
 * has bytes to read (at most ten seconds), so that a test can have a worker's answer
 * arrive at a chosen moment: "engine.kill" (the pool is about to kill a worker past its
 * file's deadline; fd is the worker's reply pipe). */
void testpoint_fd(const char *name, int fd);

#endif
