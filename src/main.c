/*
 * main.c - assay's entry point: the signal handlers, the command word, the options and
 * the configuration resolved into one struct run_params, then the command (cmd/cmd.h),
 * whose return is the exit status (run/exitcode.h). Only this file exits, but for running
 * out of memory a second time (util/alloc.c): the first time stops the run as a signal
 * does, through the same flag.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "common/buf.h"
#include "common/heap.h"
#include "git/keys.h"
#include "run/exitcode.h"
#include "util/alloc.h"
#include "util/log.h"
#include "util/runid.h"

static volatile sig_atomic_t stop_signal;
static int wake_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
	int saved = errno;
	stop_signal = sig;
	if (wake_pipe[1] >= 0)
		(void)!write(wake_pipe[1], "x", 1);
	errno = saved;
}

static void install_signals(void)
{
	if (pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		wake_pipe[0] = wake_pipe[1] = -1;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);	/* dead workers and `assay | head` become EPIPE */
	/* Inherited as ignored (a parent's choice), SIGCHLD would have the kernel reap the
	 * workers itself: how each ended (a sandbox kill, a crash) could not be read. */
	signal(SIGCHLD, SIG_DFL);
	signal(SIGXFSZ, SIG_IGN);	/* a file-size limit is a write error (EFBIG), not death */
}

/* The soft limit on descriptors up to the hard one: every directory named on the command
 * line (`assay $(git ls-files)`) holds one while the run lasts. Workers get their own. */
static void raise_fd_limit(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

/* The commands, by the word after "assay" (options may come before it); any other word
 * is a path to analyze. */
#define CONFIG CMD_NEEDS_CONFIG
static const struct command commands[] = {
	{ "precommit", cmd_precommit, CONFIG | CMD_REPORTS, -1, 0 },
	{ "diff", cmd_diff, CONFIG | CMD_REPORTS, -1, 2 },
	{ "baseline", cmd_baseline, CONFIG, 1, -1 },	/* baseline write PATH */
	{ "cache", cmd_cache, CONFIG | CMD_OUTPUT_PREFIX, -1, -1 },
	{ "merge", cmd_merge, CONFIG | CMD_REPORTS, -1, -1 },
	{ "config", cmd_config, CONFIG | CMD_TREE_MUST_EXIST | CMD_JSON, 0, 1 },
	{ "explain", cmd_explain, CONFIG | CMD_TREE_IS_SPEC, 0, -1 },
	{ "hook", cmd_hook, 0, -1, -1 },
	{ "languages", cmd_languages, 0, -1, 0 },
	{ "version", cmd_version, 0, -1, 0 },
	{ "help", cmd_help, 0, -1, 1 },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))
static const struct command analyze = { NULL, cmd_analyze, CONFIG | CMD_REPORTS, 0, -1 };

static const struct command *command_named(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

/* The command argv names, its word taken out of argv; NULL after a mistyped command. */
static const struct command *find_command(int *argc, char **argv)
{
	int w = cli_first_word(*argc, argv);
	const struct command *cmd = w > 0 ? command_named(argv[w]) : NULL;
	if (!cmd && w > 0 && command_mistyped(argv[w], commands, NCOMMANDS))
		return NULL;
	if (!cmd)
		return &analyze;
	memmove(argv + w, argv + w + 1, (size_t)(*argc - w) * sizeof(*argv));
	(*argc)--;
	return cmd;
}

int main(int argc, char **argv)
{
	heap_hint();	/* before any block or thread: see common/heap.h */
	install_signals();
	alloc_reserve(&stop_signal, wake_pipe[1]);
	core_out_of_memory = alloc_out_of_memory;
	raise_fd_limit();
	const struct command *cmd = find_command(&argc, argv);
	if (!cmd)
		return EXIT_USAGE;
	struct cli_options cli;
	int rc = cli_parse(&cli, argc, argv, cmd->name);
	int version = rc == CLI_VERSION;	/* GNU's spelling of `assay version`: it answers
						   whatever else the command line says */
	if (version)
		cmd = command_named("version"), rc = 0;
	if (rc != 0 || (!version && command_words_refused(cmd, &cli, commands, NCOMMANDS))) {
		cli_free(&cli);
		return rc > 0 ? exit_stdout_flushed(EXIT_CLEAN) : EXIT_USAGE;
	}
	log_configure(cli.log_json ? LOG_JSON : LOG_TEXT, (enum log_level)cli.log_level);
	run_id();	/* drawn now, before any child is forked: one id for the whole run */
	struct run_params p;
	int code = EXIT_USAGE;
	char *tree;
	if (params_resolve(&p, &cli, command_tree(cmd, &cli, &tree)) == 0) {
		struct run_signals sig = { &stop_signal, wake_pipe[0] };
		code = exit_stdout_flushed(cmd->run(&p, sig));
	}
	free(tree);
	keys_shutdown();	/* libgit2, when the run loaded it */
	params_free(&p);
	return code;
}
