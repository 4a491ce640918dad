/*
 * registry.h - which grammar parses, and which rules (analyze/lang/<lang>.c) analyze, each
 * language: generated from common/languages.def.
 */
#ifndef ASSAY_ANALYZE_REGISTRY_H
#define ASSAY_ANALYZE_REGISTRY_H

#include <tree_sitter/api.h>

#include "analyze/lang.h"

/* The rules of language id; NULL for LANG_NONE or an id out of range. */
const struct lang_spec *lang_spec_for(enum lang_id id);
/* The grammar of language id (its entry point, called once per analyzer); NULL likewise. */
const TSLanguage *lang_grammar_for(enum lang_id id);

#endif
