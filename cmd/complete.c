/*
 * complete.c: `bops __complete WORD... CURRENT`, what the shell
 * completions of share/completions/ ask: the candidates for CURRENT
 * after the words before it, one a line, each "candidate" or
 * "candidate<TAB>description".  They come from the command table, the
 * verb tables and their option rows, the kinds' schemas, bops.yaml and
 * the cache (ids with their titles, read in place), so that what the
 * shells offer is what bops takes.
 */
#include <stdlib.h>
#include <string.h>

#include "alias.h"
#include "cmd.h"
#include "out.h"
#include "text.h"
#include "banned.h"

/* Ids offered for one prefix, at most: a shell shows no more. */
#define MAX_IDS 200

struct comp {
	struct bops_ctx *ctx;
	const char *cur;	/* the word being completed */
	const char *pre;	/* put before each candidate ("status=") */
	struct bops_buf out;
};

/* A candidate for the current word (c->pre and word), with its
 * description or NULL.  Tabs and newlines in either are made spaces. */
static void
offer(struct comp *c, const char *word, size_t len, const char *desc,
    size_t dlen)
{
	size_t i, start = c->out.len, plen = strlen(c->pre);

	bops_buf_puts(&c->out, c->pre);
	bops_buf_put(&c->out, word, len);
	len += plen;
	if (len < strlen(c->cur) || strncmp(c->out.ptr + start, c->cur,
	    strlen(c->cur))) {
		bops_buf_truncate(&c->out, start);
		return;
	}
	if (desc && dlen) {
		bops_buf_putc(&c->out, '\t');
		bops_buf_put(&c->out, desc, dlen);
	}
	/* One tab, between the two; none inside either. */
	for (i = start; i < c->out.len; i++)
		if ((c->out.ptr[i] == '\n' || c->out.ptr[i] == '\t' ||
		    c->out.ptr[i] == '\r') && i != start + len)
			c->out.ptr[i] = ' ';
	bops_buf_putc(&c->out, '\n');
}

static void
offer_str(struct comp *c, const char *word, const char *desc)
{
	offer(c, word, strlen(word), desc, desc ? strlen(desc) : 0);
}

/* An id with its title, from the cache. */
static const struct bops_error *
offer_id(const char *id, const char *text, size_t len, void *arg)
{
	offer(arg, id, strlen(id), text, len);
	return NULL;
}

/* The ids of kind that start with prefix, with their titles. */
static void
offer_ids(struct comp *c, const struct bops_kind *kind, const char *prefix)
{
	const struct bops_schema *s;
	struct bops_buf id = BOPS_BUF_INIT;
	const char *p;

	if (c->ctx->ws == NULL || bops_ws_schema(&s, c->ctx->ws, kind))
		return;
	/* Ids are lower case; what was typed may not be. */
	for (p = prefix; *p; p++)
		bops_buf_putc(&id, *p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' :
		    *p);
	(void)bops_store_field_each(c->ctx->ws, kind, id.ptr, s->title ?
	    s->title : "title", MAX_IDS, offer_id, c);
	bops_buf_release(&id);
}

/* The options of a row: "--name" (or "-x") with the name of its
 * value. */
static void
offer_options(struct comp *c, const struct syntax *s)
{
	struct bops_buf w = BOPS_BUF_INIT;
	const struct opt *o;

	for (o = s->opts; o && o->name; o++) {
		if (o->flags & OPT_HIDDEN)
			continue;
		bops_buf_reset(&w);
		if (o->flags & OPT_SHORT)
			bops_buf_printf(&w, "-%c", o->letter);
		else
			bops_buf_printf(&w, "--%s", o->name);
		offer_str(c, w.ptr, o->arg);
	}
	offer_str(c, "--help", NULL);
	bops_buf_release(&w);
}

/* Every field of kind, as "field=" (or the op given). */
static void
offer_fields(struct comp *c, const struct bops_kind *kind, const char *suffix)
{
	const struct bops_schema *s;
	struct bops_buf w = BOPS_BUF_INIT;
	size_t i;

	if (c->ctx->ws == NULL || bops_ws_schema(&s, c->ctx->ws, kind))
		return;
	for (i = 0; i < s->n; i++) {
		bops_buf_reset(&w);
		bops_buf_printf(&w, "%s%s", s->fields[i].name, suffix);
		offer_str(c, w.ptr, s->fields[i].doc);
	}
	bops_buf_release(&w);
}

static const char *const date_words[] = {
	"today", "tomorrow", "yesterday", "monday", "tuesday", "wednesday",
	"thursday", "friday", "saturday", "sunday", "eow", "eom", "eoq",
	"eoy", "+1d", "+1w", "3d", NULL,
};

/* The values of a field after "field=" (or another operator). */
static void
offer_values(struct comp *c, const struct bops_kind *kind, const char *word)
{
	const struct bops_schema *s;
	const struct bops_field *f;
	const struct bops_node *from = NULL;
	struct bops_buf field = BOPS_BUF_INIT, op = BOPS_BUF_INIT;
	struct bops_buf w = BOPS_BUF_INIT;
	const char *value;
	size_t i;

	if (c->ctx->ws == NULL || bops_ws_schema(&s, c->ctx->ws, kind) ||
	    !bops_record_split(word, &field, &op, &value) ||
	    (f = bops_schema_field(s, field.ptr)) == NULL)
		goto done;
	/* Candidates are whole words: "status=done". */
	bops_buf_printf(&w, "%s%s", field.ptr, op.ptr);
	if (f->type == BOPS_TYPE_REF && f->ref && bops_kind_find(f->ref)) {
		c->pre = w.ptr;
		offer_ids(c, bops_kind_find(f->ref), value);
		c->pre = "";
	}
	if (f->values_from)
		from = bops_ws_config_get(f->values_from, c->ctx->ws);
	for (i = 0; from && i < from->n; i++)
		if (from->items[i]->type == BOPS_NODE_SCALAR) {
			size_t len = w.len;

			bops_buf_puts(&w, from->items[i]->str);
			offer_str(c, w.ptr, NULL);
			bops_buf_truncate(&w, len);
		}
	for (i = 0; i < f->nvalues; i++) {
		size_t len = w.len;

		bops_buf_puts(&w, f->values[i]);
		offer_str(c, w.ptr, NULL);
		bops_buf_truncate(&w, len);
	}
	for (i = 0; f->type == BOPS_TYPE_BOOL && i < 2; i++) {
		size_t len = w.len;

		bops_buf_puts(&w, i ? "false" : "true");
		offer_str(c, w.ptr, NULL);
		bops_buf_truncate(&w, len);
	}
	for (i = 0; (f->type == BOPS_TYPE_DATE || f->type ==
	    BOPS_TYPE_INSTANT) && date_words[i]; i++) {
		size_t len = w.len;

		bops_buf_puts(&w, date_words[i]);
		offer_str(c, w.ptr, NULL);
		bops_buf_truncate(&w, len);
	}
	if (f->person) {
		bops_buf_puts(&w, "me");
		offer_str(c, w.ptr, "your git identity");
	}
done:
	bops_buf_release(&field);
	bops_buf_release(&op);
	bops_buf_release(&w);
}

static const struct opt *value_option(const struct syntax *s,
    const char *word);

/*
 * The name of positional argument p (from 0) in a usage's arguments:
 * "SPRINT TASK ..." gives SPRINT, then TASK for every one after;
 * brackets and alternatives ("ID|OBJECTIVE/N": ID) aside.  Into name
 * (64 bytes); "" when the usage takes no more.
 */
static void
arg_name(char *name, const char *args, size_t p)
{
	char tok[64], last[64] = "";
	const char *s = args;
	size_t len, k = 0;

	name[0] = '\0';
	while (s && *s) {
		s += strspn(s, " [");
		len = strcspn(s, " ]");
		if (len == 0)
			break;
		snprintf(tok, sizeof(tok), "%.*s", (int)len, s);
		tok[strcspn(tok, "|")] = '\0';
		s += len;
		s += strspn(s, "]");
		if (strcmp(tok, "...") == 0) {
			if (k <= p && last[0])
				snprintf(name, 64, "%s", last);
			continue;
		}
		snprintf(last, sizeof(last), "%s", tok);
		if (k++ == p) {
			snprintf(name, 64, "%s", tok);
			return;
		}
	}
}

/* The values of an enum field, bare words: "[ID ...] STAGE". */
static void
offer_enum(struct comp *c, const struct bops_kind *kind, const char *field)
{
	const struct bops_schema *s;
	const struct bops_field *f;
	const struct bops_node *from = NULL;
	size_t i;

	if (kind == NULL || c->ctx->ws == NULL || bops_ws_schema(&s,
	    c->ctx->ws, kind) || (f = bops_schema_field(s, field)) == NULL)
		return;
	if (f->values_from)
		from = bops_ws_config_get(f->values_from, c->ctx->ws);
	for (i = 0; from && i < from->n; i++)
		if (from->items[i]->type == BOPS_NODE_SCALAR)
			offer_str(c, from->items[i]->str, field);
	for (i = 0; i < f->nvalues; i++)
		offer_str(c, f->values[i], field);
}

/*
 * The last argument of "[ID ...] STAGE", which may come after any id:
 * the enum field it names, "me" for WHO; and where it may come, ids.
 */
static void
offer_tail(struct comp *c, const struct bops_kind *kind, const char *args,
    const char *name)
{
	static const char *const tails[][2] = {
		{ "STAGE", "stage" }, { "STATUS", "lead_status" },
	};
	size_t i, len;

	if (args == NULL || strncmp(args, "[ID ...] ", 9))
		return;
	len = strcspn(args + 9, " ");
	if (strcmp(name, "ID") && (strlen(name) != len ||
	    strncmp(name, args + 9, len)))
		return;
	/* After an id, another may come as well. */
	if (strcmp(name, "ID") && kind)
		offer_ids(c, kind, c->cur);
	for (i = 0; i < sizeof(tails) / sizeof(tails[0]); i++)
		if (strlen(tails[i][0]) == len &&
		    strncmp(args + 9, tails[i][0], len) == 0)
			offer_enum(c, kind, tails[i][1]);
	if (len == 3 && strncmp(args + 9, "WHO", 3) == 0)
		offer_str(c, "me", "your git identity");
}

/* The kind whose ids an argument named so takes, or NULL. */
static const struct bops_kind *
ids_of(const struct bops_kind *kind, const char *name)
{
	if (strcmp(name, "TASK") == 0)
		return bops_kind_find("task");
	if (strcmp(name, "SPRINT") == 0)
		return bops_kind_find("sprint");
	if (strncmp(name, "OBJECTIVE", 9) == 0)
		return bops_kind_find("okr");
	if (strcmp(name, "CUSTOMER") == 0)
		return bops_kind_find("customer");
	if (strcmp(name, "ID") == 0 || strcmp(name, "OTHER") == 0)
		return kind;
	return NULL;
}

/* How many positional arguments words holds (option values aside). */
static size_t
positionals(const struct syntax *s, char **words, int n)
{
	size_t p = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (words[i][0] != '-' || words[i][1] == '\0')
			p++;
		else if (value_option(s, words[i]) && !strchr(words[i], '='))
			i++;
	}
	return p;
}

/* The value of the option before the current word. */
static bool
option_value(struct comp *c, const struct bops_kind *kind,
    const struct opt *o)
{
	size_t i;

	if (strcmp(o->name, "fields") == 0 || strcmp(o->name, "sort") == 0 ||
	    strcmp(o->name, "by") == 0) {
		if (kind)
			offer_fields(c, kind, "");
	} else if (strcmp(o->name, "where") == 0) {
		if (strpbrk(c->cur, "=<>~") && kind)
			offer_values(c, kind, c->cur);
		else if (kind)
			offer_fields(c, kind, "=");
	} else if (strcmp(o->name, "kind") == 0) {
		for (i = 0; i < BOPS_KIND__COUNT; i++)
			offer_str(c, bops_kinds[i].name, bops_kinds[i].summary);
	} else if (strcmp(o->name, "author") == 0)
		offer_str(c, "me", "your git identity");
	else if (strcmp(o->name, "since") == 0 ||
	    strcmp(o->name, "until") == 0 || strcmp(o->name, "as-of") == 0) {
		for (i = 0; date_words[i]; i++)
			offer_str(c, date_words[i], NULL);
	} else if ((strcmp(o->name, "before") == 0 ||
	    strcmp(o->name, "after") == 0) && kind)
		offer_ids(c, kind, c->cur);
	return true;
}

/* The option of s that word names when it takes a value, or NULL. */
static const struct opt *
value_option(const struct syntax *s, const char *word)
{
	const struct opt *o;

	for (o = s->opts; o && o->name && word[0] == '-'; o++)
		if (o->arg && ((word[1] == '-' && strcmp(word + 2, o->name) ==
		    0) || (word[1] == o->letter && word[2] == '\0')))
			return o;
	return NULL;
}

/* After a verb (or a command) and its words so far. */
static void
complete_args(struct comp *c, const struct bops_kind *kind,
    const struct syntax *s, char **words, int n)
{
	const struct bops_kind *ids;
	const struct opt *o;
	char name[64];
	size_t i;

	if (n > 0 && (o = value_option(s, words[n - 1])) &&
	    option_value(c, kind, o))
		return;
	if (c->cur[0] == '-') {
		offer_options(c, s);
		return;
	}
	if (kind && strpbrk(c->cur, "=<>~")) {
		offer_values(c, kind, c->cur);
		return;
	}
	arg_name(name, s->args, positionals(s, words, n));
	/* "[ID ...] COLUMN": after an id, the column may come. */
	if (s->args && strstr(s->args, "COLUMN") && c->ctx->ws &&
	    (strcmp(name, "COLUMN") == 0 || strcmp(name, "ID") == 0))
		for (i = 0; i < bops_board_count(c->ctx->ws); i++)
			offer_str(c, bops_board_column(c->ctx->ws, i),
			    "a board column");
	offer_tail(c, kind, s->args, name);
	if (strcmp(name, "KIND") == 0 || strcmp(name, "COMMAND") == 0)
		for (i = 0; i < BOPS_KIND__COUNT; i++)
			offer_str(c, bops_kinds[i].name, bops_kinds[i].summary);
	if ((ids = ids_of(kind, name)))
		offer_ids(c, ids, c->cur);
	/* Fields to filter on or to set, wherever the usage takes them. */
	if (kind && s->args && (strstr(s->args, "FILTER") ||
	    strstr(s->args, "field=")))
		offer_fields(c, kind, "=");
}

/* `bops KIND ...`: its verbs, then a verb's arguments. */
static void
complete_kind(struct comp *c, const struct bops_kind *kind, char **words,
    int n)
{
	const struct bops_verb *tables[2] = { kind_verbs(kind), record_verbs };
	const struct bops_verb *v = NULL, *t;
	size_t k, ntables = 2;
	int i = 0;

	for (;;) {
		if (i == n) {
			for (k = 0; k < ntables; k++)
				for (t = tables[k]; t->name; t++)
					if (k == 0 || verb_find(tables[0],
					    t->name) == NULL)
						offer_str(c, t->name,
						    t->syntax.summary);
			return;
		}
		for (k = 0, v = NULL; k < ntables && v == NULL; k++)
			v = verb_find(tables[k], words[i]);
		if (v == NULL)
			return;
		i++;
		if (v->sub == NULL)
			break;
		tables[0] = v->sub;
		ntables = 1;
	}
	complete_args(c, kind, &v->syntax, words + i, n - i);
}

/* The keys of bops.yaml, dotted ("board.columns"), from its schema; a
 * map of free keys ("alias.", "board.wip.") as its prefix. */
static void
offer_config_keys(struct comp *c, const struct bops_schema *s,
    const char *prefix)
{
	struct bops_buf key = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; s && i < s->n; i++) {
		const struct bops_field *f = &s->fields[i];

		bops_buf_reset(&key);
		bops_buf_printf(&key, "%s%s", prefix, f->name);
		if (f->type == BOPS_TYPE_MAP && f->sub && f->sub->n) {
			bops_buf_putc(&key, '.');
			offer_config_keys(c, f->sub, key.ptr);
		} else if (f->type == BOPS_TYPE_MAP) {
			bops_buf_putc(&key, '.');
			offer_str(c, key.ptr, f->doc);
		} else if (strcmp(f->name, "conflicts"))
			offer_str(c, key.ptr, f->doc);
	}
	bops_buf_release(&key);
}

/* The aliases of bops.yaml, as commands. */
static void
offer_aliases(struct comp *c)
{
	const struct bops_node *a = c->ctx->ws ?
	    bops_ws_config_get("alias", c->ctx->ws) : NULL;
	size_t i;

	for (i = 0; a && a->type == BOPS_NODE_MAP && i < a->n; i++)
		if (a->items[i]->type == BOPS_NODE_SCALAR &&
		    !command_exists(a->keys[i]))
			offer_str(c, a->keys[i], a->items[i]->str);
}

static void
complete(struct comp *c, char **words, int n)
{
	const struct bops_cmd *cmd;
	const struct bops_kind *kind;
	int i = 0;
	size_t k;

	/* Global options before the command. */
	while (i < n && words[i][0] == '-') {
		if (strcmp(words[i], "-C") == 0 ||
		    strcmp(words[i], "--directory") == 0)
			i++;
		i++;
	}
	if (i >= n) {
		if (n > 0 && (strcmp(words[n - 1], "-C") == 0 ||
		    strcmp(words[n - 1], "--directory") == 0))
			return;	/* a directory: the shell's own */
		if (c->cur[0] == '-') {
			offer_str(c, "-C", "run in DIR");
			offer_str(c, "-q", "no human summaries");
			offer_str(c, "--no-color", NULL);
			offer_str(c, "--help", NULL);
			offer_str(c, "--version", NULL);
			return;
		}
		for (cmd = command_table(); cmd->name; cmd++)
			if (!(cmd->flags & CMD_HIDDEN))
				offer_str(c, cmd->name, cmd->syntax.summary);
		offer_aliases(c);
		return;
	}
	if ((kind = bops_kind_find(words[i]))) {
		complete_kind(c, kind, words + i + 1, n - i - 1);
		return;
	}
	for (cmd = command_table(); cmd->name; cmd++)
		if (strcmp(cmd->name, words[i]) == 0)
			break;
	if (cmd->name == NULL)
		return;
	if (strcmp(cmd->name, "help") == 0 && n - i == 1) {
		for (cmd = command_table(); cmd->name; cmd++)
			if (!(cmd->flags & CMD_HIDDEN))
				offer_str(c, cmd->name, cmd->syntax.summary);
		return;
	}
	if (strcmp(cmd->name, "config") == 0 && n - i == 1 && c->ctx->ws) {
		offer_config_keys(c, c->ctx->ws->config_schema, "");
		return;
	}
	if (strcmp(cmd->name, "show") == 0 && c->cur[0] != '-' &&
	    strlen(c->cur) >= 1) {
		for (k = 0; k < BOPS_KIND__COUNT; k++)
			offer_ids(c, &bops_kinds[k], c->cur);
		return;
	}
	complete_args(c, NULL, &cmd->syntax, words + i + 1, n - i - 1);
}

const struct bops_error *
cmd_complete(struct bops_ctx *ctx, struct args *a)
{
	struct comp c;

	/* Outside a workspace, or in a broken one, commands and verbs are
	 * still offered: what needs the workspace is left out. */
	ctx->opts.tolerant = true;
	if (bops_ws_open(&ctx->ws, &ctx->opts) || ctx->ws->config == NULL) {
		bops_ws_close(ctx->ws);
		ctx->ws = NULL;
	}
	c.ctx = ctx;
	c.cur = a->argv[a->argc - 1];
	c.pre = "";
	bops_buf_init(&c.out);
	complete(&c, a->argv + 1, a->argc - 2);
	out_write(&c.out);
	bops_buf_release(&c.out);
	return NULL;
}
