/*
 * answer.h - one file analyzed and answered as a frame of the wire protocol
 * (common/proto.h): what a worker sends for each FILE, and what the in-process engine's
 * forked child sends its parent, so that both are read by the same bounded decoders.
 */
#ifndef ASSAY_ANALYZE_ANSWER_H
#define ASSAY_ANALYZE_ANSWER_H

#include "analyze/analyze.h"
#include "common/buf.h"
#include "common/proto.h"

/* Analyzes the file a FILE frame carries and appends the answer to out: a RESULT with
 * the record and the analysis time, or an ERROR (an unknown language, memory ran out).
 * Returns 0, or -1 when out could not hold the frame. */
int analyzer_answer(struct analyzer *a, const struct proto_file *f, struct wbuf *out);

#endif
