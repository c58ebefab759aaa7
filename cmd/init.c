/*
 * init.c: making a workspace, and reading or changing its config.
 */
#include <stdlib.h>
#include <string.h>

#include "alias.h"
#include "cmd.h"
#include "date.h"
#include "sprint.h"
#include "yaml.h"
#include "text.h"
#include "banned.h"

/*
 * Re-initialise the workspace at ctx->opts.dir, as git init does an
 * existing repository: bops.yaml and the records stay as they are;
 * the .gitattributes lines of kinds made since the workspace was (or
 * that a user dropped) are appended in one commit, under the write
 * protocol; the merge driver is registered when git config has none.
 * A workspace whose bops.yaml does not validate is re-initialised too.
 */
static const struct bops_error *
reinit(struct bops_ctx *ctx)
{
	const struct bops_error *err;
	struct bops_txn *txn = NULL;
	struct bops_buf have = BOPS_BUF_INIT, want = BOPS_BUF_INIT;
	struct bops_buf names = BOPS_BUF_INIT, msg = BOPS_BUF_INIT;
	bool registered = false;
	size_t added = 0;

	ctx->opts.tolerant = true;
	if ((err = bops_ws_open(&ctx->ws, &ctx->opts)))
		return err;
	ctx->ws->allow_bad_config = true;
	if ((err = txn_begin(ctx, &txn)))
		goto done;
	err = bops_repo_read(ctx->ws->repo, ctx->ws->head,
	    BOPS_ATTRIBUTES_PATH, &have, NULL);
	if (err && err->code != BOPS_ERR_NOT_FOUND)
		goto done;
	if ((added = bops_ws_attributes_merge(&want, &names, have.ptr,
	    have.len))) {
		bops_buf_printf(&msg, "init: " BOPS_ATTRIBUTES_PATH " knows %s",
		    names.ptr);
		if ((err = bops_txn_put_file(txn, BOPS_ATTRIBUTES_PATH,
		    want.ptr, want.len)) ||
		    (err = bops_txn_commit(txn, msg.ptr, NULL)))
			goto done;
	}
	if ((err = bops_ws_driver_register(&registered, ctx->ws->repo)))
		goto done;
	if (added)
		say(ctx, "reinitialized: " BOPS_ATTRIBUTES_PATH " knows %s",
		    names.ptr);
	if (registered)
		say(ctx, "reinitialized: the merge driver is registered in "
		    ".git/config");
	if (!added && !registered)
		say(ctx, "bops workspace in %s: nothing to do (.gitattributes "
		    "and the merge driver are up to date)", ctx->ws->root);
done:
	bops_txn_free(txn);
	bops_buf_release(&have);
	bops_buf_release(&want);
	bops_buf_release(&names);
	bops_buf_release(&msg);
	return err;
}

const struct bops_error *
cmd_init(struct bops_ctx *ctx, struct args *a)
{
	const struct bops_error *err;
	struct bops_ws *ws = NULL;

	if (a->argc == 2)
		ctx->opts.dir = a->argv[1];
	if (bops_ws_is_root(ctx->opts.dir ? ctx->opts.dir : "."))
		return reinit(ctx);
	if ((err = bops_ws_init(&ws, &ctx->opts)))
		return err;
	say(ctx, "initialized bops workspace '%s' in %s",
	    bops_ws_config_str(ws, "name", ""), ws->root);
	bops_ws_close(ws);
	return NULL;
}

/*
 * "unknown key 'board.colums'; did you mean 'board.columns'?": the
 * candidates are the fields of schema s, or the items of names, after
 * the first `prefix` bytes of key.
 */
static const struct bops_error *
unknown_key(const char *key, size_t prefix, const struct bops_schema *s,
    const struct bops_node *names)
{
	const struct bops_error *err;
	struct bops_text_suggest sug;
	struct bops_buf cand = BOPS_BUF_INIT, msg = BOPS_BUF_INIT;
	size_t i, n = s ? s->n : names ? names->n : 0;
	const char *p;

	/* each candidate as a whole key, NUL-separated in one buffer */
	for (i = 0; i < n; i++) {
		bops_buf_put(&cand, key, prefix);
		bops_buf_puts(&cand, s ? s->fields[i].name :
		    names->items[i]->str);
		bops_buf_putc(&cand, '\0');
	}
	bops_text_suggest_init(&sug, key);
	for (i = 0, p = cand.ptr; i < n; i++, p += strlen(p) + 1)
		bops_text_suggest_add(&sug, p);
	bops_buf_printf(&msg, "unknown key '%s'", key);
	if (!bops_text_suggest_put(&msg, &sug))
		bops_buf_puts(&msg, "; see bops-config(5)");
	err = bops_error_fmt(BOPS_ERR_USAGE, "%s", msg.ptr);
	bops_buf_release(&cand);
	bops_buf_release(&msg);
	return err;
}

/* A message without its leading "path:line:col: ". */
static const char *
without_place(const char *msg)
{
	const char *p = strchr(msg, ':');

	if (p == NULL || p[1] < '0' || p[1] > '9')
		return msg;
	for (p++; *p >= '0' && *p <= '9'; p++)
		;
	if (*p++ != ':')
		return msg;
	for (; *p >= '0' && *p <= '9'; p++)
		;
	return strncmp(p, ": ", 2) == 0 ? p + 2 : msg;
}

/* Walk a dotted key to its node and its schema field. */
static const struct bops_error *
config_find(struct bops_ws *ws, const char *key, struct bops_node **node,
    struct bops_node **parent, const struct bops_field **field,
    const char **last)
{
	const struct bops_schema *s = ws->config_schema;
	const struct bops_field *f = NULL, *container = NULL;
	struct bops_node *n = ws->config, *p = NULL;
	char part[128];
	const char *dot, *k = key;
	const struct bops_node *names;
	size_t len;

	*node = *parent = NULL;
	*field = NULL;
	while (*k) {
		dot = strchr(k, '.');
		len = dot ? (size_t)(dot - k) : strlen(k);
		if (len == 0 || len >= sizeof(part))
			return bops_error_fmt(BOPS_ERR_USAGE,
			    "invalid config key '%s'", key);
		memcpy(part, k, len);
		part[len] = '\0';
		*last = k;
		if (container && container->of >= 0) {
			/* a free-key map: board.wip.<column> */
			static struct bops_field item;

			memset(&item, 0, sizeof(item));
			item.name = (char *)key;
			item.type = (enum bops_type)container->of;
			item.of = -1;
			item.has_min = container->has_min;
			item.min = container->min;
			item.has_max = container->has_max;
			item.max = container->max;
			f = &item;
		} else if (s == NULL || (f = bops_schema_field(s, part)) ==
		    NULL)
			return unknown_key(key, (size_t)(k - key), s, NULL);
		p = n;
		n = n ? bops_node_map_get(n, part) : NULL;
		container = f;
		s = f->sub;
		k += len + (dot != NULL);
		if (dot && *k == '\0')
			return bops_error_fmt(BOPS_ERR_USAGE,
			    "invalid config key '%s'", key);
		if (dot && f->type != BOPS_TYPE_MAP)
			return bops_error_fmt(BOPS_ERR_USAGE,
			    "config key '%.*s' has no parts",
			    (int)(k - key - 1), key);
	}
	/* board.wip.<column>: the key must name a column */
	if ((names = bops_ws_config_key_names(ws->config, key))) {
		size_t i;

		for (i = 0; i < names->n; i++)
			if (strcmp(names->items[i]->str, *last) == 0)
				break;
		if (i == names->n)
			return unknown_key(key, (size_t)(*last - key), NULL,
			    names);
	}
	*node = n;
	*parent = p;
	*field = f;
	return NULL;
}

static const struct bops_error *
config_show(struct bops_ctx *ctx, const char *key)
{
	const struct bops_error *err;
	struct bops_node *node, *parent;
	const struct bops_field *f;
	struct bops_buf b = BOPS_BUF_INIT;
	const char *last;

	if (key == NULL) {
		err = bops_yaml_emit(&b, ctx->ws->config);
		goto print;
	}
	if ((err = config_find(ctx->ws, key, &node, &parent, &f, &last)))
		return err;
	if (node == NULL)
		return bops_error_fmt(BOPS_ERR_NOT_FOUND,
		    "config key '%s' is not set", key);
	if (node->type == BOPS_NODE_SCALAR)
		bops_buf_printf(&b, "%s\n", node->str);
	else if (node->type == BOPS_NODE_SEQ && f->type == BOPS_TYPE_LIST) {
		size_t i;

		for (i = 0; i < node->n; i++)
			bops_buf_printf(&b, "%s\n", node->items[i]->str);
	} else
		err = bops_yaml_emit(&b, node);
print:
	out_write_data(&b);
	bops_buf_release(&b);
	return err;
}

struct column_count {
	const struct bops_node *gone;	/* columns being removed */
	size_t n;
	struct bops_buf example;
};

static bool
in_list(const struct bops_node *list, const char *s)
{
	size_t i;

	for (i = 0; list && i < list->n; i++)
		if (strcmp(list->items[i]->str, s) == 0)
			return true;
	return false;
}

static const struct bops_error *
count_in_gone(struct bops_record *rec, void *arg)
{
	struct column_count *c = arg;
	const char *st = bops_record_str(rec, "status");

	if (st && in_list(c->gone, st) && c->n++ == 0)
		bops_buf_puts(&c->example, st);
	return NULL;
}

/*
 * Columns that still hold tasks cannot go: the tasks would stop being
 * valid.
 */
static const struct bops_error *
check_columns(struct bops_ctx *ctx, const struct bops_node *old,
    const struct bops_node *new)
{
	const struct bops_error *err;
	struct bops_node *gone = bops_node_new_seq();
	struct column_count c = { gone, 0, BOPS_BUF_INIT };
	size_t i;

	for (i = 0; old && i < old->n; i++)
		if (!in_list(new, old->items[i]->str))
			bops_node_seq_append(gone, bops_node_dup(
			    old->items[i]));
	err = gone->n ? bops_store_each(ctx->ws, &bops_kind_task, NULL,
	    count_in_gone, NULL, &c) : NULL;
	if (err == NULL && c.n)
		err = bops_error_fmt(BOPS_ERR_REFUSED, "%zu task%s still in "
		    "a column that would go ('%s'): move %s first", c.n,
		    c.n == 1 ? " is" : "s are", c.example.ptr,
		    c.n == 1 ? "it" : "them");
	bops_buf_release(&c.example);
	bops_node_free(gone);
	return err;
}

struct sprint_length {
	int32_t max_days;
	const char *max;
	const struct bops_error *err;
};

static const struct bops_error *
sprint_too_long(struct bops_record *rec, void *arg)
{
	struct sprint_length *l = arg;
	const char *s = bops_record_str(rec, "start");
	const char *e = bops_record_str(rec, "end");
	int32_t start, end;

	if (l->err || s == NULL || e == NULL || bops_date_parse(&start, s) ||
	    bops_date_parse(&end, e) || end - start + 1 <= l->max_days)
		return NULL;
	l->err = bops_error_fmt(BOPS_ERR_REFUSED, "sprint %s lasts %ld days, "
	    "more than %s: shorten it first", rec->id,
	    (long)(end - start + 1), l->max);
	return NULL;
}

/* Sprints longer than a new sprint.max_length would stop being valid. */
static const struct bops_error *
check_max_length(struct bops_ctx *ctx, const struct bops_node *val)
{
	const struct bops_error *err;
	struct sprint_length l = { BOPS_SPRINT_MAX_DAYS, "92 days", NULL };
	int64_t t;

	if (val) {
		/* A value that is no length at all: validation says so. */
		if (bops_duration_parse(&t, val->str) || t % 86400 ||
		    t < 86400 || t > (int64_t)BOPS_SPRINT_LIMIT_DAYS * 86400)
			return NULL;
		l.max_days = (int32_t)(t / 86400);
		l.max = val->str;
	}
	if ((err = bops_store_each(ctx->ws, bops_kind_find("sprint"), NULL,
	    sprint_too_long, NULL, &l)))
		return err;
	return l.err;
}

/*
 * bops.yaml as HEAD has it, to change: a copy of the workspace's config,
 * or, when that is invalid (a repair), the file as it is if it parses.
 */
static const struct bops_error *
config_copy(struct bops_ctx *ctx, struct bops_node **out)
{
	const struct bops_error *err;
	struct bops_buf raw = BOPS_BUF_INIT;

	*out = NULL;
	if (ctx->ws->config) {
		*out = bops_node_dup(ctx->ws->config);
		return NULL;
	}
	err = bops_repo_read(ctx->ws->repo, ctx->ws->head, BOPS_CONFIG_PATH,
	    &raw, NULL);
	if (err == NULL)
		err = bops_yaml_load(out, BOPS_CONFIG_PATH, raw.ptr, raw.len);
	bops_buf_release(&raw);
	if (err)
		return bops_error_wrap(err, "bops.yaml must be fixed by hand");
	return NULL;
}

/*
 * The node value makes for key, of field f: a list of its comma-separated
 * items, or the scalar as the field's type writes it; NULL for "" (the
 * key cleared).  BOPS_ERR_USAGE for a key of several values, or a value
 * the type refuses.
 */
static const struct bops_error *
config_value(struct bops_ctx *ctx, const struct bops_field *f,
    const char *key, const char *value, struct bops_node **out)
{
	const struct bops_error *err;
	struct bops_buf canon = BOPS_BUF_INIT;
	struct bops_input_ctx ictx;
	enum bops_scalar_style style;
	const char *p, *comma;

	*out = NULL;
	if (f->type == BOPS_TYPE_MAP || f->type == BOPS_TYPE_RAW ||
	    f->type == BOPS_TYPE_RECORDS || f->type == BOPS_TYPE_LOG)
		return bops_error_fmt(BOPS_ERR_USAGE,
		    "config key '%s' holds several values: set its parts, or "
		    "edit bops.yaml and commit it", key);
	if (*value == '\0')
		return NULL;
	if (f->type == BOPS_TYPE_LIST) {
		*out = bops_node_new_seq();
		for (p = value; *p; p = comma ? comma + 1 : p + strlen(p)) {
			comma = strchr(p, ',');
			bops_buf_reset(&canon);
			bops_buf_put(&canon, p, comma ? (size_t)(comma - p) :
			    strlen(p));
			if (canon.len)
				bops_node_seq_append(*out,
				    bops_node_new_scalar(canon.ptr,
				    BOPS_SCALAR_TEXT));
		}
	} else {
		bops_ws_input_ctx(ctx->ws, &ictx);
		if ((err = bops_schema_input(&canon, &style, f, value,
		    &ictx))) {
			bops_buf_release(&canon);
			return err;
		}
		*out = bops_node_new_scalar(canon.ptr, style);
	}
	bops_buf_release(&canon);
	return NULL;
}

/*
 * Put val (taken; NULL removes the key) at key of config: in parent as
 * `part`, or, for a new key (parent NULL), in maps made along its path.
 * Setting a key settles any conflict a merge recorded on it.
 */
static void
config_put(struct bops_node *config, const char *key,
    struct bops_node *parent, const char *part, struct bops_node *val)
{
	struct bops_node *cl, *next;
	char *dup, *d, *p;
	size_t k;

	if (parent == NULL) {
		dup = bops_strdup(key);
		parent = config;
		for (d = dup; (p = strchr(d, '.')); d = p + 1) {
			*p = '\0';
			if ((next = bops_node_map_get(parent, d)) == NULL) {
				next = bops_node_new_map();
				bops_node_map_set(parent, d, next);
			}
			parent = next;
		}
		free(dup);
	}
	if (val)
		bops_node_map_set(parent, part, val);
	else
		bops_node_map_remove(parent, part);
	cl = bops_node_map_get(config, "conflicts");
	for (k = cl ? cl->n : 0; k-- > 0;)
		if (bops_node_map_str(cl->items[k], "field") &&
		    strcmp(bops_node_map_str(cl->items[k], "field"), key) == 0)
			bops_node_seq_remove(cl, k);
	if (cl && cl->n == 0)
		bops_node_map_remove(config, "conflicts");
}

/*
 * The problem of the committed bops.yaml that reads `why` (its message
 * without its place), cited where it is; NULL when it had none such.
 */
static const struct bops_error *
already(struct bops_ctx *ctx, const char *why)
{
	struct bops_problems all = BOPS_PROBLEMS_INIT;
	struct bops_buf data = BOPS_BUF_INIT;
	const struct bops_error *err = NULL;
	size_t i;

	if (ctx->ws->config_err == NULL)
		return NULL;
	if (bops_repo_read(ctx->ws->repo, ctx->ws->head, BOPS_CONFIG_PATH,
	    &data, NULL) == NULL)
		(void)bops_ws_config_check(&all, ctx->ws->config_schema,
		    BOPS_CONFIG_PATH, data.ptr, data.len);
	for (i = 0; i < all.n && err == NULL; i++)
		if (strcmp(why, without_place(all.v[i].msg)) == 0)
			err = bops_error_fmt(BOPS_ERR_INVALID, "%s",
			    all.v[i].msg);
	if (err == NULL && strcmp(why,
	    without_place(ctx->ws->config_err->msg)) == 0)
		err = bops_error_fmt(ctx->ws->config_err->code, "%s",
		    ctx->ws->config_err->msg);
	bops_problems_release(&all);
	bops_buf_release(&data);
	return err;
}

/*
 * Validate the whole file as it would be written, its text into text.
 * The text was never a file: a problem bops.yaml already had is cited
 * where it is in the file; one the new value made is the value's, as
 * typed (BOPS_ERR_USAGE).
 */
static const struct bops_error *
config_check(struct bops_ctx *ctx, const char *key,
    struct bops_node *config, struct bops_buf *text)
{
	const struct bops_error *err, *had;
	struct bops_node *parsed = NULL;
	const char *why;

	if ((err = bops_ws_config_emit(text, ctx->ws->config_schema,
	    config)))
		return err;
	if ((err = bops_ws_config_parse(&parsed, ctx->ws->config_schema,
	    BOPS_CONFIG_PATH, text->ptr, text->len)) == NULL) {
		bops_node_free(parsed);
		return NULL;
	}
	why = without_place(err->msg);
	if ((had = already(ctx, why)))
		return had;
	if (strncmp(why, key, strlen(key)) == 0 &&
	    (why[strlen(key)] == ':' || why[strlen(key)] == ' '))
		return bops_error_fmt(BOPS_ERR_USAGE, "%s", why);
	return bops_error_fmt(BOPS_ERR_USAGE, "%s: %s", key, why);
}

static const struct bops_error *
config_set(struct bops_ctx *ctx, const char *key, const char *value)
{
	const struct bops_error *err;
	struct bops_txn *txn = NULL;
	struct bops_node *config = NULL, *node, *parent, *val = NULL;
	const struct bops_field *f;
	struct bops_buf text = BOPS_BUF_INIT, msg = BOPS_BUF_INIT;
	struct bops_buf old = BOPS_BUF_INIT;
	struct bops_node *saved = ctx->ws->config;
	const char *last;
	char part[128];

	/* An alias is refused before the lock, as a bad argument; one
	 * that shadows a command may be cleared. */
	if (strncmp(key, "alias.", 6) == 0 && *value &&
	    command_exists(key + 6))
		return bops_error_fmt(BOPS_ERR_USAGE, "alias '%s' would "
		    "shadow the command '%s'", key + 6, key + 6);
	if (strncmp(key, "alias.", 6) == 0 && *value) {
		char **words = NULL;

		if ((err = bops_alias_split(&words, key + 6, value)))
			return bops_error_fmt(BOPS_ERR_USAGE, "%s", err->msg);
		bops_alias_free(words);
	}
	ctx->ws->allow_bad_config = true;
	if ((err = txn_begin(ctx, &txn)) ||
	    (err = config_copy(ctx, &config)))
		goto done;
	ctx->ws->config = config;
	err = config_find(ctx->ws, key, &node, &parent, &f, &last);
	ctx->ws->config = saved;
	if (err)
		goto done;
	snprintf(part, sizeof(part), "%s", last);
	if (node && node->type == BOPS_NODE_SCALAR)
		bops_buf_puts(&old, node->str);
	if ((err = config_value(ctx, f, key, value, &val)))
		goto done;
	if (strcmp(key, "board.columns") == 0 &&
	    (err = check_columns(ctx, node, val)))
		goto done;
	if (strcmp(key, "sprint.max_length") == 0 &&
	    (err = check_max_length(ctx, val)))
		goto done;
	config_put(config, key, parent, part, val);
	val = NULL;
	if ((err = config_check(ctx, key, config, &text)))
		goto done;
	bops_buf_printf(&msg, "config: %s ", key);
	if (old.len)
		bops_buf_printf(&msg, "%s -> ", old.ptr);
	bops_buf_puts(&msg, *value ? value : "cleared");
	if ((err = bops_txn_put_file(txn, BOPS_CONFIG_PATH, text.ptr,
	    text.len)))
		goto done;
	if (bops_txn_count(txn) == 0) {
		say(ctx, "config: %s unchanged", key);
		goto done;
	}
	err = commit_tell(ctx, txn, msg.ptr, NULL, NULL, NULL);
done:
	bops_node_free(val);
	bops_node_free(config);
	bops_txn_free(txn);
	bops_buf_release(&text);
	bops_buf_release(&msg);
	bops_buf_release(&old);
	return err;
}

const struct bops_error *
cmd_config(struct bops_ctx *ctx, struct args *a)
{
	char **argv = a->argv;
	int n = a->argc;

	if (n < 3 && ctx->ws->config == NULL)
		return bops_error_fmt(ctx->ws->config_err->code, "%s",
		    ctx->ws->config_err->msg);
	if (n == 3)
		return config_set(ctx, argv[1], argv[2]);
	return config_show(ctx, n == 2 ? argv[1] : NULL);
}
