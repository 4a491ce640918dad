/*
 * registry.c - the rules of each language (see registry.h).
 */
#include "analyze/registry.h"

const struct lang_spec *lang_spec_for(enum lang_id id)
{
	switch (id) {
	case LANG_C: return &lang_c;
	case LANG_CPP: return &lang_cpp;
	case LANG_PYTHON: return &lang_python;
	case LANG_JAVASCRIPT: return &lang_javascript;
	case LANG_TYPESCRIPT: return &lang_typescript;
	case LANG_TSX: return &lang_tsx;
	case LANG_GO: return &lang_go;
	case LANG_RUST: return &lang_rust;
	case LANG_JAVA: return &lang_java;
	default: return NULL;
	}
}
