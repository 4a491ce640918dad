/*
 * testpoint.c - testpoint() in assay: nothing (see testpoint.h; the test build links
 * tests/support/testpoint.c instead).
 */
#include "util/testpoint.h"

void testpoint(const char *name)
{
	(void)name;
}

int testpoint_says(const char *name)
{
	(void)name;
	return 0;
}

const char *testpoint_file(const char *path)
{
	return path;
}

double testpoint_value(const char *name, double value)
{
	(void)name;
	return value;
}

void testpoint_fd(const char *name, int fd)
{
	(void)name;
	(void)fd;
}
