/*
 * commands.h - what the command files share with main.c.
 */
#ifndef ASSAY_COMMANDS_H
#define ASSAY_COMMANDS_H

#include <signal.h>
#include <stdint.h>

#include "config/options.h"
#include "engine/pool.h"

/* Pool options from the command line, with the worker found; -1 after an error message
 * when there is no worker to run. flags are extra ANALYZE_* flags. */
int pool_setup(struct pool_options *popt, const struct cli_options *opt, uint32_t flags);

/* assay explain FILE:LINE | FILE:FUNCTION */
int cmd_explain(int argc, char **argv, volatile sig_atomic_t *stop, int wake_fd);

/* assay cache stats|gc|clear|verify|path|export FILE|import FILE */
int cmd_cache(int argc, char **argv);

/* assay hook install [--force] | uninstall */
int cmd_hook(int argc, char **argv);

#endif
