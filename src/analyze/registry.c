/*
 * registry.c - each language's grammar and rules (see registry.h), from languages.def.
 * The grammar entry points are those of libassay_grammars.a; the rules are the struct
 * lang_spec each file under analyze/lang/ defines.
 */
#include "analyze/registry.h"

#define LANGUAGE(ENUM, ID, NAME, DISPLAY, EXTENSIONS, INTERPRETERS, LINE, LINE2, OPEN, CLOSE, \
		 TRIPLE, GRAMMAR, RULES, RULES_VERSION) \
	const TSLanguage *GRAMMAR(void); \
	extern const struct lang_spec RULES;
#include "common/languages.def"
#undef LANGUAGE

const struct lang_spec *lang_spec_for(enum lang_id id)
{
	switch ((int)id) {
#define LANGUAGE(ENUM, ID, NAME, DISPLAY, EXTENSIONS, INTERPRETERS, LINE, LINE2, OPEN, CLOSE, \
		 TRIPLE, GRAMMAR, RULES, RULES_VERSION) \
	case ID: \
		return &RULES;
#include "common/languages.def"
#undef LANGUAGE
	default:
		return NULL;
	}
}

const TSLanguage *lang_grammar_for(enum lang_id id)
{
	switch ((int)id) {
#define LANGUAGE(ENUM, ID, NAME, DISPLAY, EXTENSIONS, INTERPRETERS, LINE, LINE2, OPEN, CLOSE, \
		 TRIPLE, GRAMMAR, RULES, RULES_VERSION) \
	case ID: \
		return GRAMMAR();
#include "common/languages.def"
#undef LANGUAGE
	default:
		return NULL;
	}
}
