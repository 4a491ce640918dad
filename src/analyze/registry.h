/*
 * registry.h - which rules (analyze/lang/<lang>.c) analyze which language.
 */
#ifndef ASSAY_ANALYZE_REGISTRY_H
#define ASSAY_ANALYZE_REGISTRY_H

#include "analyze/lang.h"

/* The rules of language id; NULL for LANG_NONE or an id out of range. */
const struct lang_spec *lang_spec_for(enum lang_id id);

#endif
