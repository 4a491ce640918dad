/*
 * progress.c - the progress line (see progress.h).
 */
#include "run/progress.h"

#include <stdio.h>
#include <unistd.h>

#include "util/clock.h"
#include "util/msg.h"

void progress_start(struct run *r)
{
	r->progress = r->p->progress == 1
		      || (r->p->progress == -1 && isatty(2) && !msg_terminal_dumb());
}

void progress_show(void *ctx, size_t done, size_t total)
{
	struct run *r = ctx;
	double now = now_seconds();
	if (!r->progress || (now - r->progress_at < 0.1 && done < total))
		return;
	r->progress_at = now;
	double rate = done / (now - r->t.cached > 0.001 ? now - r->t.cached : 0.001);
	double left = rate > 0 ? (total - done) / rate : 0;
	fprintf(stderr, "\r\033[Kassay: %zu/%zu files, %.0f files/s, %d:%02d left", done, total,
		rate, (int)left / 60, (int)left % 60);
	fflush(stderr);
	msg_transient_shown();
}

void progress_end(struct run *r)
{
	(void)r;
	msg_clear_transient();
}
