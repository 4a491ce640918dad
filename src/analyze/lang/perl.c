/*
 * perl.c - Perl node types (tree-sitter-perl).
 *
 * Decisions follow Perl::Critic's McCabe score (Perl::Critic::Utils::McCabe, used by
 * Subroutines::ProhibitExcessComplexity): if, elsif, unless, while, until, for and
 * foreach, as statements and as statement modifiers (`x if y`), the ternary, &&, ||,
 * and, or, xor, &&= and ||=. Perl::Critic also counts each `else`, which McCabe's
 * definition does not, and `<<=` and `>>=`, which are shifts: those are left out. `//`
 * and `//=` count (as ?? does in other languages); Perl::Critic does not count them.
 * Names are Package::sub: a `package Foo;` statement names the subs after it.
 */
#include <string.h>

#include "analyze/lang.h"

/* method is Perl 5.38's `class` feature (Corinna). */
static const char *const units[] = { "subroutine_declaration_statement",
				     "method_declaration_statement", NULL };
/* sub { } and method { }: units when bound by name (my $f = sub { }), folded into their
 * sub otherwise (unit policy bound). */
static const char *const anonymous[] = { "anonymous_subroutine_expression",
					 "anonymous_method_expression", NULL };
/* package Foo { } and class Foo { }; the block-less forms name the subs after them
 * (perl_unit_name). */
static const char *const scopes[] = { "package_statement", "class_statement",
				      "role_statement", NULL };
/* conditional_statement is if and unless; the modifier form (`x if y`, `x unless y`) is
 * postfix_conditional_expression. An elsif holds the rest of the chain (the next elsif
 * or the else), so it is also an if, as Ruby's. */
static const char *const ifs[] = { "conditional_statement", "postfix_conditional_expression",
				   "elsif", NULL };
static const char *const elifs[] = { "elsif", NULL };
static const char *const else_clauses[] = { "else", NULL };
/* while and until (loop_statement), foreach (for_statement), C-style for, and the
 * modifiers `x while y`, `x until y`, `x for @list`. */
static const char *const loops[] = { "loop_statement", "for_statement", "cstyle_for_statement",
				     "postfix_loop_expression", "postfix_for_expression", NULL };
/* try/catch (feature 'try'): Perl::Critic counts no catch; nesting only. */
static const char *const tries[] = { "try_statement", NULL };
static const char *const ternaries[] = { "conditional_expression", NULL };
static const char *const logical[] = { "binary_expression", "lowprec_logical_expression",
				       NULL };
static const char *const parens[] = { "parenthesized_expression", NULL };
static const char *const and_ops[] = { "&&", "and", NULL };
static const char *const or_ops[] = { "||", "or", "xor", NULL };
static const char *const coalesce_ops[] = { "//", NULL };
static const char *const logical_assign[] = { "||=", "&&=", "//=", NULL };
/* return, and die with Carp's croak and confess (Perl's throw): calls that
 * perl_transfer_kind picks out by name. exit ends the program, not the sub (as PHP's
 * exit). */
static const char *const exits[] = { "return_expression", "function_call_expression",
				     "ambiguous_function_call_expression", NULL };
/* next, last, redo; `next OUTER` is labelled. */
static const char *const jumps[] = { "loopex_expression", NULL };
static const char *const gotos[] = { "goto_expression", NULL };
static const char *const labels[] = { "label", NULL };
static const char *const calls[] = { "function_call_expression",
				     "ambiguous_function_call_expression", NULL };
/* POD is documentation: a comment, as a docstring is. */
static const char *const comments[] = { "comment", "pod", NULL };
/* A variable ($x, @xs, %h, $#xs, *glob) is one operand, not a sigil and a name; strings,
 * regexps and word lists are one token: what they interpolate is variables. */
static const char *const atoms[] = { "scalar", "array", "hash", "arraylen", "glob",
				     "container_variable", "slice_container_variable",
				     "keyval_container_variable", "string_literal",
				     "interpolated_string_literal", "command_string",
				     "quoted_word_list", "match_regexp", "quoted_regexp",
				     "substitution_regexp", "transliteration_expression",
				     "heredoc_content", "autoquoted_bareword", NULL };
/* A variable's name may be a block of code: @{ $x || [] }, ${ \ f() }. The variable is
 * then split around that code (walked: its decisions count), and stays one token when
 * its name is a name. */
static const char *const variables[] = { "scalar", "array", "hash", "arraylen", "glob",
					 "container_variable", "slice_container_variable",
					 "keyval_container_variable", NULL };
/* A glob holds its block in a glob_deref_expression: *{ $x ? "a" : "b" }. */
static const char *const names[] = { "varname", "glob_deref_expression", NULL };
/* my $f = sub { }, $f = sub { }, *name = sub { }: perl_binding_name reads the target. */
static const struct binding_rule bindings[] = {
	{ "assignment_expression", "right", NULL },
	{ NULL, NULL, NULL }
};

/* 1 when n's text, white space left out, is one of the names (`shift @_`, `die (...)`). */
static int text_in(TSNode n, const char *src, const char *const *words)
{
	size_t len;
	const char *t = lang_node_text(n, src, &len);
	for (const char *const *s = words; *s; s++) {
		const char *p = *s;
		size_t i = 0;
		for (; i < len; i++) {
			if (t[i] == ' ' || t[i] == '\t' || t[i] == '\n')
				continue;
			if (*p != t[i])
				break;
			p++;
		}
		if (i == len && *p == '\0')
			return 1;
	}
	return 0;
}

static const char *const throwers[] = { "die", "croak", "confess", "CORE::die",
					"Carp::croak", "Carp::confess", NULL };

/* return is an exit, and a call of die, croak or confess; next/last/redo are jumps,
 * labelled when they name a label. */
static int perl_transfer_kind(TSNode node, const char *src)
{
	const char *type = ts_node_type(node);
	if (strcmp(type, "return_expression") == 0)
		return TRANSFER_EXIT;
	if (strcmp(type, "loopex_expression") == 0) {
		uint32_t n = ts_node_named_child_count(node);
		for (uint32_t i = 0; i < n; i++)
			if (strcmp(ts_node_type(ts_node_named_child(node, i)), "label") == 0)
				return TRANSFER_LABELED_JUMP;
		return TRANSFER_JUMP;
	}
	TSNode fn = lang_child(node, "function");
	return !ts_node_is_null(fn) && text_in(fn, src, throwers) ? TRANSFER_EXIT
								   : TRANSFER_NONE;
}

/* 1 when n is a package or class statement without a block: it names what follows. */
static int is_package_line(TSNode n)
{
	const char *type = ts_node_type(n);
	if (strcmp(type, "package_statement") != 0 && strcmp(type, "class_statement") != 0)
		return 0;
	uint32_t count = ts_node_named_child_count(n);
	for (uint32_t i = 0; i < count; i++)
		if (strcmp(ts_node_type(ts_node_named_child(n, i)), "block") == 0)
			return 0;
	return 1;
}

/* The last block-less package statement among the siblings before node, in parent (a
 * null node when none). */
static TSNode package_among(TSNode parent, TSNode node)
{
	TSNode found;
	memset(&found, 0, sizeof(found));
	uint32_t start = ts_node_start_byte(node);
	TSTreeCursor cur = ts_tree_cursor_new(parent);
	for (int more = ts_tree_cursor_goto_first_child(&cur); more;
	     more = ts_tree_cursor_goto_next_sibling(&cur)) {
		TSNode c = ts_tree_cursor_current_node(&cur);
		if (ts_node_start_byte(c) >= start)
			break;
		if (is_package_line(c))
			found = c;
	}
	ts_tree_cursor_delete(&cur);
	return found;
}

/* The package statement in force at node: the last block-less one before it in its
 * block, else in the blocks around it (`package Foo; { my $x; sub f { } }` is Foo::f),
 * up to a package or class block, whose name is the scope's, or a sub, whose name
 * qualifies what it holds. ts_node_parent walks from the root: asked once per named sub
 * and glob binding. */
static TSNode package_before(TSNode node)
{
	for (TSNode parent = ts_node_parent(node); !ts_node_is_null(parent);
	     node = parent, parent = ts_node_parent(parent)) {
		const char *type = ts_node_type(parent);
		if (lang_in_list(units, type) || lang_in_list(anonymous, type))
			break;	/* inside a sub: named after it */
		TSNode found = package_among(parent, node);
		if (!ts_node_is_null(found) || strcmp(type, "package_statement") == 0
		    || strcmp(type, "class_statement") == 0)
			return found;
	}
	TSNode none;
	memset(&none, 0, sizeof(none));
	return none;
}

/* name, prefixed with the package in force at node unless it has one (sub Foo::name). */
static void package_name(TSNode node, TSNode name, const char *src, struct wbuf *out)
{
	size_t len;
	const char *t = lang_node_text(name, src, &len);
	int qualified = 0;
	for (size_t i = 0; i + 1 < len; i++)
		qualified |= t[i] == ':' && t[i + 1] == ':';
	if (!qualified) {
		TSNode package = package_before(node);
		TSNode pname = ts_node_is_null(package) ? package : lang_child(package, "name");
		if (!ts_node_is_null(pname)) {
			lang_append_text(out, pname, src);
			wbuf_put(out, "::", 2);
		}
	}
	lang_append_text(out, name, src);
}

/* sub name in package Foo; is Foo::name; sub Foo::name is that whatever the package. */
static void perl_unit_name(TSNode node, const char *src, struct wbuf *out)
{
	TSNode name = lang_child(node, "name");
	if (!ts_node_is_null(name))
		package_name(node, name, src, out);
}

/* The variable an anonymous sub is assigned to: my $f (one variable), $f, a hash
 * element ($dispatch{key}, $self->{cb}: a dispatch table's entry) and *name (a glob:
 * the sub is then the package's sub name(), named as one). A computed glob (*$AUTOLOAD, *{"${pkg}::$x"})
 * names nothing: the sub folds into the one that installs it. */
static void perl_binding_name(TSNode parent, TSNode value, const char *src, struct wbuf *out)
{
	(void)value;
	if (strcmp(ts_node_type(parent), "assignment_expression") != 0)
		return;
	TSNode left = lang_child(parent, "left");
	if (!ts_node_is_null(left) && strcmp(ts_node_type(left), "variable_declaration") == 0)
		left = lang_child(left, "variable");
	if (ts_node_is_null(left))
		return;
	const char *type = ts_node_type(left);
	if (strcmp(type, "glob") == 0) {
		TSNode name = ts_node_named_child(left, 0);
		if (!ts_node_is_null(name) && strcmp(ts_node_type(name), "varname") == 0
		    && ts_node_named_child_count(name) == 0)	/* not *$name, *{"$name"} */
			package_name(parent, name, src, out);
	}
	else if (strcmp(type, "scalar") == 0 || strcmp(type, "hash_element_expression") == 0)
		lang_append_text(out, left, src);
}

static const char *const shifts[] = { "shift", "shift@_", "shift()", "shift(@_)", NULL };

/* How many parameters one leading statement of a body unpacks from @_: my $x = shift
 * (1), my ($a, $b) = @_ (2); -1 when the statement is not such an unpacking. *last is set
 * when it takes all of @_. */
static int unpacked(TSNode stmt, const char *src, int *last)
{
	if (strcmp(ts_node_type(stmt), "expression_statement") != 0
	    || ts_node_named_child_count(stmt) != 1)
		return -1;
	TSNode assign = ts_node_named_child(stmt, 0);
	if (strcmp(ts_node_type(assign), "assignment_expression") != 0)
		return -1;
	TSNode left = lang_child(assign, "left");
	TSNode right = lang_child(assign, "right");
	if (ts_node_is_null(left) || ts_node_is_null(right)
	    || strcmp(ts_node_type(left), "variable_declaration") != 0)
		return -1;
	static const char *const all[] = { "@_", NULL };
	if (text_in(right, src, all))
		*last = 1;
	else if (!text_in(right, src, shifts))
		return -1;
	if (!ts_node_is_null(lang_child(left, "variable")))
		return 1;
	int count = 0;
	uint32_t n = ts_node_named_child_count(left);
	for (uint32_t i = 0; i < n; i++)
		if (strcmp(ts_node_type(ts_node_named_child(left, i)), "attrlist") != 0)
			count++;
	return count;
}

/* A prototype's parameters: each of $ @ % & * _ + is one, a group \[$@%] one. */
static int prototype_params(TSNode proto, const char *src)
{
	size_t len;
	const char *t = lang_node_text(proto, src, &len);
	int count = 0, group = 0;
	for (size_t i = 0; i < len; i++) {
		if (t[i] == '[')
			group = 1;
		else if (t[i] == ']')
			group = 0, count++;
		else if (!group && strchr("$@%&*_+", t[i]))
			count++;
	}
	return count;
}

/* Parameters: a signature's, a prototype's, else what the first statements unpack from
 * @_ (my $self = shift; my ($x, $y) = @_), as Perl::Critic's
 * Subroutines::ProhibitManyArgs reads them. */
static int perl_count_params(TSNode node, const char *src)
{
	uint32_t n = ts_node_named_child_count(node);
	for (uint32_t i = 0; i < n; i++) {
		TSNode c = ts_node_named_child(node, i);
		if (strcmp(ts_node_type(c), "signature") == 0)
			return (int)ts_node_named_child_count(c);
		if (strcmp(ts_node_type(c), "prototype") == 0)
			return prototype_params(c, src);
	}
	TSNode body = lang_child(node, "body");
	if (ts_node_is_null(body))
		return 0;
	int count = 0, last = 0;
	n = ts_node_named_child_count(body);
	for (uint32_t i = 0; i < n && !last; i++) {
		TSNode stmt = ts_node_named_child(body, i);
		if (strcmp(ts_node_type(stmt), "comment") == 0)
			continue;
		int k = unpacked(stmt, src, &last);
		if (k < 0)
			break;
		count += k;
	}
	return count;
}

/* A call's callee, for recursion: its function (foo(), foo $x). A method call
 * ($self->foo) has none: the hook sees no text, and a method of the same name on
 * another object is not this sub. */
static TSNode perl_callee(TSNode call)
{
	return lang_child(call, "function");
}

const struct lang_spec lang_perl = {
	.separator = "::",
	.else_if_nests = 1,
	.units = units,
	.anonymous = anonymous,
	.scopes = scopes,
	.ifs = ifs,
	.elifs = elifs,
	.else_clauses = else_clauses,
	.loops = loops,
	.tries = tries,
	.ternaries = ternaries,
	.logical_parents = logical,
	.parentheses = parens,
	.and_operators = and_ops,
	.or_operators = or_ops,
	.coalesce_operators = coalesce_ops,
	.logical_assignments = logical_assign,
	.exits = exits,
	.jumps = jumps,
	.gotos = gotos,
	.labels = labels,
	.calls = calls,
	.comments = comments,
	.atoms = atoms,
	.splice_strings = variables,
	.substitutions = names,
	.bindings = bindings,
	.unit_body = "body",
	.unit_name = perl_unit_name,
	.binding_name = perl_binding_name,
	.count_params = perl_count_params,
	.callee = perl_callee,
	.transfer_kind = perl_transfer_kind,
};
