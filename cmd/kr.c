/*
 * kr.c: an objective's key results, `bops okr kr add|set|rm`, and their
 * check-ins, `bops okr checkin`.  lib/okr.h finds them by number and
 * writes the check-in log.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "okr.h"
#include "text.h"
#include "banned.h"

/* Split "OBJ/N" into the objective text and N. */
static const struct bops_error *
parse_kr(const char *text, struct bops_buf *obj, long *n)
{
	const char *slash = strrchr(text, '/');
	char *end;

	if (slash == NULL || slash == text)
		return bops_error_fmt(BOPS_ERR_USAGE,
		    "expected OBJECTIVE/N for a key result, got '%s'", text);
	errno = 0;
	*n = strtol(slash + 1, &end, 10);
	if (slash[1] == '\0' || *end || errno || *n < 1)
		return bops_error_fmt(BOPS_ERR_USAGE,
		    "expected OBJECTIVE/N for a key result, got '%s'", text);
	bops_buf_reset(obj);
	bops_buf_put(obj, text, (size_t)(slash - text));
	return NULL;
}

/* The sub-schema of key results. */
static const struct bops_field *
kr_field(const struct bops_record *rec)
{
	return bops_schema_field(rec->schema, "key_results");
}

/*
 * Apply "field=value" assignments to a key result's map through the
 * record machinery, with the key results' own schema.
 */
static const struct bops_error *
kr_assign(struct bops_ctx *ctx, const struct bops_record *rec,
    struct bops_node **map, char **exprs, int n)
{
	const struct bops_error *err = NULL;
	struct bops_record *tmp;
	int i;

	tmp = bops_record_wrap(rec->kind, kr_field(rec)->sub, rec->id, *map);
	for (i = 0; i < n && err == NULL; i++) {
		if (strncmp(exprs[i], "id=", 3) == 0 ||
		    strncmp(exprs[i], "checkins", 8) == 0 ||
		    strncmp(exprs[i], "grade=", 6) == 0)
			err = bops_error_fmt(BOPS_ERR_USAGE, "'%s': id, "
			    "checkins and grade are kept by bops", exprs[i]);
		else
			err = bops_record_assign(tmp, ctx->ws, exprs[i]);
	}
	*map = tmp->root;
	tmp->root = NULL;
	bops_record_free(tmp);
	return err;
}

/* kr add / set / rm */

struct kr_change {
	long n;			/* the key result, 0 for a new one */
	const char *title;	/* of a new one */
	char **exprs;
	int nexprs;
	bool remove;
	struct bops_buf what, print;
};

static const struct bops_error *
apply_kr(struct bops_ctx *ctx, struct bops_txn *txn, struct bops_record *rec,
    void *arg)
{
	const struct bops_error *err;
	struct kr_change *c = arg;
	struct bops_node *krs = bops_record_get(rec, "key_results"), *kr;
	struct bops_node *before;
	size_t i;
	long next;

	(void)txn;
	if (c->n == 0) {
		next = bops_okr_kr_next(krs);
		bops_buf_printf(&c->print, "%ld", next);
		kr = bops_node_new_map();
		bops_node_map_set_str(kr, "id", c->print.ptr, BOPS_SCALAR_RAW);
		bops_node_map_set_str(kr, "title", c->title, BOPS_SCALAR_TEXT);
		if ((err = kr_assign(ctx, rec, &kr, c->exprs, c->nexprs))) {
			bops_node_free(kr);
			return err;
		}
		if (bops_node_map_get(kr, "target") == NULL) {
			bops_node_free(kr);
			return bops_error_fmt(BOPS_ERR_USAGE,
			    "a key result needs target=N");
		}
		if (krs == NULL) {
			krs = bops_node_new_seq();
			bops_node_map_set(rec->root, "key_results", krs);
		}
		bops_node_seq_append(krs, kr);
		bops_buf_reset(&c->print);
		bops_buf_printf(&c->print, "%s/%ld", rec->id, next);
		bops_buf_printf(&c->what, "kr %ld add ", next);
		/* record_change puts "okr ID: " ahead */
		bops_text_put_quoted(&c->what, c->title, 50);
		return NULL;
	}
	if ((kr = bops_okr_kr(rec, c->n)) == NULL)
		return bops_error_fmt(BOPS_ERR_NOT_FOUND,
		    "no key result %s/%ld", rec->id, c->n);
	bops_buf_printf(&c->print, "%s/%ld", rec->id, c->n);
	i = (size_t)bops_okr_kr_index(rec, c->n);
	if (c->remove) {
		/* One that tasks point at is refused by the okr rules. */
		bops_buf_printf(&c->what, "kr %ld removed", c->n);
		bops_node_seq_remove(krs, i);
		if (krs->n == 0)
			bops_node_map_remove(rec->root, "key_results");
		return NULL;
	}
	before = bops_node_dup(kr);
	if ((err = kr_assign(ctx, rec, &krs->items[i], c->exprs,
	    c->nexprs)) == NULL) {
		bops_buf_printf(&c->what, "kr %ld ", c->n);
		bops_record_summary(&c->what, before, krs->items[i]);
	}
	bops_node_free(before);
	return err;
}

/* kr add and kr set: a measure is checked before the lock is taken. */
static const struct bops_error *
kr_change(struct bops_ctx *ctx, const struct bops_kind *kind,
    const char *obj, struct kr_change *c)
{
	const struct bops_error *err = NULL;
	double value;
	bool have;
	int i;

	for (i = 0; i < c->nexprs && err == NULL; i++)
		if (strncmp(c->exprs[i], "measure=", 8) == 0 &&
		    c->exprs[i][8] != '\0')
			err = measure_value(&value, &have, ctx, c->exprs[i] + 8,
			    NULL, false);
	if (err == NULL)
		err = record_change(ctx, kind, obj, apply_kr, c, &c->what,
		    &c->print);
	return err;
}

static const struct bops_error *
kr_add(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err;
	struct bops_buf title = BOPS_BUF_INIT;
	struct kr_change c;
	int i;

	/* Words up to the first assignment make the title. */
	for (i = 2; i < a->argc && !strchr(a->argv[i], '='); i++)
		bops_buf_printf(&title, "%s%s", title.len ? " " : "",
		    a->argv[i]);
	if (title.len == 0)
		return usage_error(a);
	memset(&c, 0, sizeof(c));
	bops_buf_init(&c.what);
	bops_buf_init(&c.print);
	c.title = title.ptr;
	c.exprs = a->argv + i;
	c.nexprs = a->argc - i;
	err = kr_change(ctx, kind, a->argv[1], &c);
	bops_buf_release(&title);
	bops_buf_release(&c.what);
	bops_buf_release(&c.print);
	return err;
}

/* kr set and kr rm: the key result OBJ/N, changed or removed. */
static const struct bops_error *
kr_existing(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a, bool remove)
{
	const struct bops_error *err;
	struct bops_buf obj = BOPS_BUF_INIT;
	struct kr_change c;

	memset(&c, 0, sizeof(c));
	bops_buf_init(&c.what);
	bops_buf_init(&c.print);
	c.remove = remove;
	c.exprs = a->argv + 2;
	c.nexprs = a->argc - 2;
	if ((err = parse_kr(a->argv[1], &obj, &c.n)) == NULL)
		err = kr_change(ctx, kind, obj.ptr, &c);
	bops_buf_release(&obj);
	bops_buf_release(&c.what);
	bops_buf_release(&c.print);
	return err;
}

const struct bops_error *
okr_show(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err;
	struct bops_record *obj = NULL, *kr = NULL;
	struct bops_buf text = BOPS_BUF_INIT, id = BOPS_BUF_INIT;
	struct bops_node *map;
	long n;
	int i;

	/* Objectives: as every kind shows records; a key result alone. */
	for (i = 1; i < a->argc; i++)
		if (strchr(a->argv[i], '/') && a->argc > 2)
			return bops_error_fmt(BOPS_ERR_USAGE, "a key result is "
			    "shown alone: bops okr show %s", a->argv[i]);
	if (strchr(a->argv[1], '/') == NULL)
		return verb_find(record_verbs, "show")->fn(ctx, kind, a);
	if ((err = out_opts_finish(ctx, &a->out)) ||
	    (err = parse_kr(a->argv[1], &text, &n)) ||
	    (err = bops_store_load(&obj, ctx->ws, kind, ctx->as_of[0] ?
	    ctx->as_of : NULL, text.ptr)))
		goto done;
	if ((map = bops_okr_kr(obj, n)) == NULL) {
		err = bops_error_fmt(BOPS_ERR_NOT_FOUND, "no key result "
		    "%s/%ld", obj->id, n);
		goto done;
	}
	/* The key result as a record of its own schema, named OBJ/N. */
	bops_buf_printf(&id, "%s/%ld", obj->id, n);
	map = bops_node_dup(map);
	bops_node_map_remove(map, "id");
	kr = bops_record_wrap(kind, kr_field(obj)->sub, id.ptr, map);
	err = out_record(ctx, kr, &a->out);
done:
	bops_record_free(kr);
	bops_record_free(obj);
	bops_buf_release(&text);
	bops_buf_release(&id);
	return err;
}

static const struct bops_error *
kr_set(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	return kr_existing(ctx, kind, a, false);
}

static const struct bops_error *
kr_rm(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	return kr_existing(ctx, kind, a, true);
}

const struct bops_verb kr_verbs[] = {
	VERB("add", kr_add, "OBJECTIVE TITLE ... target=N [start=N] "
	    "[unit=UNIT] [direction=up|down] [weight=W] [measure=SPEC] "
	    "[field=value ...]", 2, -1, NULL,
	    "add a key result to an objective and print OBJECTIVE/N"),
	VERB("set", kr_set, "OBJECTIVE/N field=value ...", 2, -1, NULL,
	    "change fields of a key result"),
	VERB("rm", kr_rm, "OBJECTIVE/N", 1, 1, NULL,
	    "remove a key result that no task points at"),
	VERBS_END,
};

/* checkin */

struct checkin {
	long n;
	const char *value;
	const char *confidence;
	const char *note;
	struct bops_buf what, print;
};

static const struct bops_error *
apply_checkin(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	const struct bops_error *err;
	struct checkin *c = arg;
	struct bops_node *kr;
	struct bops_buf now = BOPS_BUF_INIT;
	const char *name, *email;
	char *exprs[2];
	struct bops_buf e0 = BOPS_BUF_INIT, e1 = BOPS_BUF_INIT;
	long i;
	int ne = 0;

	(void)txn;
	if ((kr = bops_okr_kr(rec, c->n)) == NULL)
		return bops_error_fmt(BOPS_ERR_NOT_FOUND,
		    "no key result %s/%ld", rec->id, c->n);
	if ((err = bops_ws_identity(&name, &email, ctx->ws)))
		return err;
	bops_buf_printf(&e0, "current=%s", c->value);
	exprs[ne++] = e0.ptr;
	if (c->confidence) {
		bops_buf_printf(&e1, "confidence=%s", c->confidence);
		exprs[ne++] = e1.ptr;
	}
	i = bops_okr_kr_index(rec, c->n);
	if ((err = kr_assign(ctx, rec,
	    &bops_record_get(rec, "key_results")->items[i], exprs, ne)))
		goto done;
	kr = bops_record_get(rec, "key_results")->items[i];
	bops_instant_format(&now, ctx->ws->now);
	bops_okr_checkin_add(kr, now.ptr, name, bops_node_map_str(kr,
	    "current"), c->confidence ? bops_node_map_str(kr, "confidence") :
	    NULL, c->note);
	bops_buf_printf(&c->print, "%s/%ld", rec->id, c->n);
	bops_buf_printf(&c->what, "checkin %ld ", c->n);
	bops_text_put_quoted(&c->what, bops_node_map_str(kr, "title"), 40);
	bops_buf_printf(&c->what, " %s", bops_node_map_str(kr, "current"));
	if (c->confidence)
		bops_buf_printf(&c->what, " (confidence %s)",
		    bops_node_map_str(kr, "confidence"));
done:
	bops_buf_release(&now);
	bops_buf_release(&e0);
	bops_buf_release(&e1);
	return err;
}

const struct bops_error *
okr_checkin(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct bops_buf obj = BOPS_BUF_INIT;
	struct checkin c;
	const char *note = a->note;
	char **argv = a->argv, *end;
	int n = a->argc;

	memset(&c, 0, sizeof(c));
	bops_buf_init(&c.what);
	bops_buf_init(&c.print);
	c.value = argv[2];
	c.note = note;
	(void)strtod(c.value, &end);
	if (*c.value == '\0' || *end) {
		err = bops_error_fmt(BOPS_ERR_USAGE,
		    "check-in value must be a number, got '%s'", c.value);
		goto done;
	}
	if (n == 4) {
		if (strncmp(argv[3], "confidence=", 11)) {
			err = usage_error(a);
			goto done;
		}
		c.confidence = argv[3] + 11;
		errno = 0;
		if (*c.confidence == '\0' || strtod(c.confidence, &end) < 0 ||
		    strtod(c.confidence, NULL) > 1 || *end) {
			err = bops_error_fmt(BOPS_ERR_USAGE, "confidence "
			    "must be a number from 0 to 1, got '%s'",
			    c.confidence);
			goto done;
		}
	}
	if ((err = parse_kr(argv[1], &obj, &c.n)))
		goto done;
	err = record_change(ctx, kind, obj.ptr, apply_checkin, &c, &c.what,
	    &c.print);
done:
	bops_buf_release(&obj);
	bops_buf_release(&c.what);
	bops_buf_release(&c.print);
	return err;
}
