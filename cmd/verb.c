/*
 * verb.c: commands and verbs as their table rows declare them.  A row
 * says which options and how many positional arguments it takes; the
 * arguments are parsed here by it, and its usage for -h, `bops help` and
 * usage errors is made here from it, so that the three cannot disagree
 * and no verb parses its own arguments.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "text.h"
#include "banned.h"

/* Help on stdout is wrapped to this many columns where it can be. */
#define HELP_WIDTH 80
/* The summary under a verb in a list of verbs is indented so. */
#define SUMMARY_INDENT "      "

static bool
is_help(const char *a)
{
	return strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0;
}

static const struct opt *
find_long(const struct opt *opts, const char *name, size_t len)
{
	for (; opts && opts->name; opts++)
		if (strlen(opts->name) == len &&
		    strncmp(opts->name, name, len) == 0)
			return opts;
	return NULL;
}

static const struct opt *
find_short(const struct opt *opts, char letter)
{
	for (; opts && opts->name; opts++)
		if (opts->letter && opts->letter == letter)
			return opts;
	return NULL;
}

/* The field of a row in a. */
static bool *
flag_at(struct args *a, const struct opt *o)
{
	return (bool *)(void *)((char *)a + o->at);
}

static const char **
value_at(struct args *a, const struct opt *o)
{
	return (const char **)(void *)((char *)a + o->at);
}

static bool
given(struct args *a, const struct opt *o)
{
	return o->arg ? *value_at(a, o) != NULL : *flag_at(a, o);
}

/* The end of the group that starts at o. */
static const struct opt *
group_end(const struct opt *o)
{
	for (o++; o->name && (o->flags & OPT_OR); o++)
		;
	return o;
}

/* "unknown option '--jsno'; did you mean '--json'?" */
static const struct bops_error *
unknown_option(const struct opt *opts, const char *a, size_t len)
{
	const struct bops_error *err;
	struct bops_text_suggest s;
	struct bops_buf typed = BOPS_BUF_INIT, names = BOPS_BUF_INIT;
	struct bops_buf msg = BOPS_BUF_INIT;
	const struct opt *o;
	size_t n = 0, i;
	char *p;

	bops_buf_put(&typed, a, len);
	/* candidates as "--name", NUL-separated in one buffer */
	for (o = opts; o && o->name; o++) {
		bops_buf_printf(&names, "--%s", o->name);
		bops_buf_putc(&names, '\0');
		n++;
	}
	bops_buf_puts(&names, "--help");
	n++;
	bops_text_suggest_init(&s, typed.ptr);
	for (i = 0, p = names.ptr; i < n; i++, p += strlen(p) + 1)
		bops_text_suggest_add(&s, p);
	bops_buf_printf(&msg, "unknown option '%s'", typed.ptr);
	bops_text_suggest_put(&msg, &s);
	err = bops_error_fmt(BOPS_ERR_USAGE, "%s", msg.ptr);
	bops_buf_release(&typed);
	bops_buf_release(&names);
	bops_buf_release(&msg);
	return err;
}

/* One option: the long one ("--name[=value]") or the short one. */
static const struct bops_error *
take_option(struct args *a, const struct opt *opts, int argc, char *argv[],
    int *i)
{
	const char *arg = argv[*i];
	const struct opt *o;

	if (arg[1] == '-') {
		const char *eq = strchr(arg + 2, '=');
		size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);

		if ((o = find_long(opts, arg + 2, len)) == NULL)
			return unknown_option(opts, arg, len + 2);
		if (o->arg == NULL && eq)
			return bops_error_fmt(BOPS_ERR_USAGE,
			    "option '--%s' takes no value", o->name);
		if (o->arg == NULL)
			*flag_at(a, o) = true;
		else if (eq)
			*value_at(a, o) = eq + 1;
		else if (*i + 1 < argc)
			*value_at(a, o) = argv[++*i];
		else
			return bops_error_fmt(BOPS_ERR_USAGE,
			    "option '--%s' needs a value", o->name);
		return NULL;
	}
	if ((o = find_short(opts, arg[1])) == NULL ||
	    (o->arg == NULL && arg[2]))
		return bops_error_fmt(BOPS_ERR_USAGE, "unknown option '%s'",
		    arg);
	if (o->arg == NULL)
		*flag_at(a, o) = true;
	else if (arg[2])
		*value_at(a, o) = arg + 2;
	else if (*i + 1 < argc)
		*value_at(a, o) = argv[++*i];
	else
		return bops_error_fmt(BOPS_ERR_USAGE,
		    "option '-%c' needs a value", arg[1]);
	return NULL;
}

/* The groups of s: options that exclude each other, or one needed. */
static const struct bops_error *
check_groups(struct args *a, const struct syntax *s)
{
	const struct opt *o, *end, *k;
	struct bops_buf names = BOPS_BUF_INIT;
	const struct bops_error *err = NULL;
	size_t n, seen;

	for (o = s->opts; o && o->name && err == NULL; o = end) {
		end = group_end(o);
		for (k = o, n = 0, seen = 0; k < end; k++, n++)
			seen += given(a, k);
		if (seen == 0 && (o->flags & OPT_NEEDED))
			err = usage_error(a);
		else if (seen > 1) {
			/* "--json, --csv and --yaml exclude each other" */
			for (k = o; k < end; k++)
				bops_buf_printf(&names, "%s--%s", k == o ? "" :
				    k + 1 == end ? " and " : ", ", k->name);
			err = bops_error_fmt(BOPS_ERR_USAGE,
			    "%s exclude each other", names.ptr);
		}
	}
	bops_buf_release(&names);
	return err;
}

const struct bops_error *
parse_args(struct args *a, const struct syntax *s, int argc, char *argv[],
    bool *help)
{
	const struct bops_error *err;
	int i, n = 1;
	bool done = false;

	*help = false;
	for (i = 1; i < argc; i++) {
		char *arg = argv[i];

		if (done || arg[0] != '-' || arg[1] == '\0' ||
		    (arg[1] >= '0' && arg[1] <= '9'))
			argv[n++] = arg;
		else if (strcmp(arg, "--") == 0)
			done = true;
		else if (is_help(arg))
			*help = true;
		else if ((err = take_option(a, s->opts, argc, argv, &i)))
			return err;
	}
	argv[n] = NULL;
	a->argc = n;
	a->argv = argv;
	if (*help)
		return NULL;
	if (n - 1 < s->min || (s->max >= 0 && n - 1 > s->max))
		return usage_error(a);
	return check_groups(a, s);
}

const struct bops_error *
usage_error(const struct args *a)
{
	return bops_error_fmt(BOPS_ERR_USAGE, "usage: bops %s", a->usage);
}

/* An option as the usage shows it: "--name", "-x", with " ARG" or not. */
static void
put_option(struct bops_buf *b, const struct opt *o, bool with_arg)
{
	if (o->flags & OPT_SHORT)
		bops_buf_printf(b, "-%c", o->letter);
	else
		bops_buf_printf(b, "--%s", o->name);
	if (with_arg && o->arg)
		bops_buf_printf(b, " %s", o->arg);
}

void
usage_line(struct bops_buf *b, const char *words, const struct syntax *s)
{
	const struct opt *o, *end, *k;
	bool one_arg;

	bops_buf_puts(b, words);
	if (s->args)
		bops_buf_printf(b, " %s", s->args);
	for (o = s->opts; o && o->name; o = end) {
		end = group_end(o);
		if (o->flags & OPT_HIDDEN)
			continue;
		/* One value name for the group: "--before|--after OTHER". */
		for (k = o + 1, one_arg = true; k < end; k++)
			one_arg &= (o->arg == NULL) == (k->arg == NULL) &&
			    (o->arg == NULL || strcmp(o->arg, k->arg) == 0);
		bops_buf_puts(b, o->flags & OPT_NEEDED ? " " : " [");
		for (k = o; k < end; k++) {
			if (k > o)
				bops_buf_puts(b, one_arg ? "|" : " | ");
			put_option(b, k, !one_arg);
		}
		if (one_arg && o->arg)
			bops_buf_printf(b, " %s", o->arg);
		if (!(o->flags & OPT_NEEDED))
			bops_buf_putc(b, ']');
	}
}

/*
 * Append lead and text and a newline, text broken at its spaces outside
 * brackets where a line would pass HELP_WIDTH columns ("..." stays with
 * the word before it); lines after the first are indented by indent.
 * Joining the lines with single spaces gives text back.
 */
static void
wrap(struct bops_buf *b, const char *lead, const char *text, size_t indent)
{
	size_t col = strlen(lead), len;
	const char *p = text, *end;
	int depth;

	bops_buf_puts(b, lead);
	while (*p) {
		for (end = p, depth = 0; *end; end++) {
			if (*end == '[')
				depth++;
			else if (*end == ']')
				depth--;
			else if (*end == ' ' && depth == 0 &&
			    strncmp(end + 1, "...", 3))
				break;
		}
		len = (size_t)(end - p);
		if (p > text && col + 1 + len > HELP_WIDTH) {
			bops_buf_putc(b, '\n');
			bops_buf_pad(b, ' ', indent);
			col = indent;
		} else if (p > text) {
			bops_buf_putc(b, ' ');
			col++;
		}
		bops_buf_put(b, p, len);
		col += len;
		p = *end ? end + 1 : end;
	}
	bops_buf_putc(b, '\n');
}

void
print_help(const char *words, const struct syntax *s)
{
	struct bops_buf u = BOPS_BUF_INIT, b = BOPS_BUF_INIT;

	usage_line(&u, words, s);
	wrap(&b, "usage: bops ", u.ptr, strlen("usage: bops ") +
	    strlen(words) + 1);
	bops_buf_printf(&b, "\n%s\n", s->summary);
	out_write(&b);
	bops_buf_release(&u);
	bops_buf_release(&b);
}

/* A verb in a list: its usage, its summary under it; a verb's verbs. */
static void
list_verb(struct bops_buf *b, const char *words, const struct bops_verb *v)
{
	struct bops_buf w = BOPS_BUF_INIT, u = BOPS_BUF_INIT;
	const struct bops_verb *sub;

	bops_buf_printf(&w, "%s %s", words, v->name);
	if (v->sub)
		for (sub = v->sub; sub->name; sub++)
			list_verb(b, w.ptr, sub);
	else {
		usage_line(&u, w.ptr, &v->syntax);
		wrap(b, "  bops ", u.ptr, strlen("  bops ") + w.len + 1);
		bops_buf_printf(b, SUMMARY_INDENT "%s\n", v->syntax.summary);
	}
	bops_buf_release(&w);
	bops_buf_release(&u);
}

/* The verb named name in tables[0..n-1], the first one that has it. */
static const struct bops_verb *
find_in(const struct bops_verb *const *tables, size_t n, const char *name)
{
	const struct bops_verb *v;
	size_t t;

	for (t = 0; t < n; t++)
		if ((v = verb_find(tables[t], name)))
			return v;
	return NULL;
}

/*
 * The list of the verbs of a family (`bops task -h`): the usage of each,
 * with its summary.  A verb of an earlier table hides the one of its
 * name in a later one (okr add over the generic add).
 */
static void
print_family(const char *words, const char *summary, const char *page,
    const struct bops_verb *const *tables, size_t n)
{
	struct bops_buf b = BOPS_BUF_INIT;
	const struct bops_verb *v;
	size_t t;

	bops_buf_printf(&b, "usage: bops %s VERB [ARGS]\n\n%s\n\n", words,
	    summary);
	for (t = 0; t < n; t++)
		for (v = tables[t]; v->name; v++)
			if (find_in(tables, t, v->name) == NULL)
				list_verb(&b, words, v);
	bops_buf_printf(&b, "\nSee bops-%s(1) for more.\n", page);
	out_write(&b);
	bops_buf_release(&b);
}

void
print_kind(const struct bops_kind *kind)
{
	const struct bops_verb *tables[2] = { kind_verbs(kind), record_verbs };

	print_family(kind->name, kind->summary, kind->name, tables, 2);
}

/* "unknown verb 'lsit' for task; did you mean 'list'?" */
static const struct bops_error *
unknown_verb(const char *words, const char *page,
    const struct bops_verb *const *tables, size_t n, const char *name)
{
	const struct bops_error *err;
	struct bops_text_suggest s;
	struct bops_buf msg = BOPS_BUF_INIT;
	const struct bops_verb *v;
	size_t t;

	bops_text_suggest_init(&s, name);
	for (t = 0; t < n; t++)
		for (v = tables[t]; v->name; v++)
			bops_text_suggest_add(&s, v->name);
	bops_buf_printf(&msg, "unknown verb '%s' for %s", name, words);
	if (!bops_text_suggest_put(&msg, &s))
		bops_buf_printf(&msg, "; see `bops help %s`", page);
	err = bops_error_fmt(BOPS_ERR_USAGE, "%s", msg.ptr);
	bops_buf_release(&msg);
	return err;
}

const struct bops_error *
verb_select(const struct bops_verb **out, struct bops_buf *words,
    const struct bops_kind *kind, int *argc, char ***argv)
{
	const struct bops_verb *tables[2] = { kind_verbs(kind), record_verbs };
	const struct bops_verb *v;
	const char *summary = kind->summary;
	size_t n = 2;

	*out = NULL;
	for (;;) {
		if (*argc < 2 || is_help((*argv)[1])) {
			print_family(words->ptr, summary, kind->name, tables,
			    n);
			return *argc < 2 ? bops_error_fmt(BOPS_ERR_USAGE,
			    "bops %s: a verb is needed", words->ptr) : NULL;
		}
		if ((v = find_in(tables, n, (*argv)[1])) == NULL)
			return unknown_verb(words->ptr, kind->name, tables, n,
			    (*argv)[1]);
		bops_buf_printf(words, " %s", v->name);
		(*argc)--;
		(*argv)++;
		if (v->sub == NULL) {
			*out = v;
			return NULL;
		}
		tables[0] = v->sub;
		n = 1;
		summary = v->syntax.summary;
	}
}
