/*
 * bulk.c: verbs that change several records at once: by ids, or by
 * --where filters.  Every record is loaded, changed and checked by its
 * kind's rules inside one transaction before anything is written; one
 * refusal writes nothing, and every refusal is named.  One commit for
 * the lot.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "out.h"
#include "text.h"
#include "banned.h"

/* A --where that changes more records than this asks first. */
#define BULK_CONFIRM_DEFAULT 5

void
targets_release(struct targets *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->ids[i]);
	free(t->ids);
	t->ids = NULL;
	t->n = 0;
}

static void
targets_add(struct targets *t, const char *id)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->ids[i], id) == 0)
			return;
	t->ids = bops_realloc(t->ids, (t->n + 1) * sizeof(*t->ids));
	t->ids[t->n++] = bops_strdup(id);
}

/* The limit of bulk.confirm in bops.yaml. */
static long
confirm_limit(struct bops_ctx *ctx)
{
	const char *s = bops_ws_config_str(ctx->ws, "bulk.confirm", NULL);

	return s ? strtol(s, NULL, 10) : BULK_CONFIRM_DEFAULT;
}

/* Ask on the terminal; anything but y or yes is no. */
static bool
ask(const char *question)
{
	char line[16];
	FILE *f = err_stream();

	fprintf(f, "%s [y/N] ", question);
	fflush(f);
	if (fgets(line, sizeof(line), stdin) == NULL)
		return false;
	line[strcspn(line, "\n")] = '\0';
	return bops_text_fold_cmp(line, "y") == 0 ||
	    bops_text_fold_cmp(line, "yes") == 0;
}

/* The records the --where filters pick, as list would list them. */
static const struct bops_error *
find_where(struct targets *t, struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a, bool finished)
{
	const struct bops_error *err;
	struct out_opts o;
	struct out_list l = { NULL, 0, 0 };
	char **argv;
	size_t i;
	int k;

	memset(&o, 0, sizeof(o));
	o.strict = true;
	o.open_only = !finished;
	argv = bops_calloc((size_t)a->where.n + 2, sizeof(*argv));
	argv[0] = a->argv[0];
	for (k = 0; k < a->where.n; k++)
		argv[k + 1] = (char *)a->where.v[k];
	err = gather(ctx, kind, a->where.n + 1, argv, &o, "id", &l);
	free(argv);
	if (err)
		return err;
	for (i = 0; i < l.n; i++)
		targets_add(t, l.recs[i]->id);
	out_list_release(&l);
	return NULL;
}

const struct bops_error *
targets_find(struct targets *out, struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a, int first, int end,
    bool finished)
{
	const struct bops_error *err = NULL;
	struct bops_buf id = BOPS_BUF_INIT, q = BOPS_BUF_INIT;
	long limit;
	int i;

	memset(out, 0, sizeof(*out));
	if (a->where.n && end > first)
		return bops_error_fmt(BOPS_ERR_USAGE, "give ids or --where, "
		    "not both");
	if (a->where.n == 0 && end <= first)
		return usage_error(a);
	/* Every id is checked before any is looked up. */
	for (i = first; i < end && err == NULL; i++) {
		bops_buf_reset(&id);
		err = bops_id_normalize(&id, a->argv[i]);
	}
	for (i = first; i < end && err == NULL; i++) {
		bops_buf_reset(&id);
		if ((err = bops_store_resolve(&id, ctx->ws, kind, NULL,
		    a->argv[i])) == NULL)
			targets_add(out, id.ptr);
	}
	if (err == NULL && a->where.n)
		err = find_where(out, ctx, kind, a, finished);
	limit = confirm_limit(ctx);
	if (err == NULL && a->where.n && !a->yes && (long)out->n > limit) {
		bops_buf_printf(&q, "--where picks %zu %s (bulk.confirm is "
		    "%ld)", out->n, kind->dir, limit);
		if (!ctx->tty_in)
			err = bops_error_fmt(BOPS_ERR_USAGE, "%s: add --yes to "
			    "change them all; nothing was written", q.ptr);
		else {
			bops_buf_puts(&q, "; change them all?");
			if (!ask(q.ptr))
				err = bops_error_fmt(BOPS_ERR_REFUSED,
				    "nothing was written");
		}
	}
	if (err)
		targets_release(out);
	bops_buf_release(&id);
	bops_buf_release(&q);
	return err;
}

/* One record of the lot: load, apply, stage (its kind's rules run). */
static const struct bops_error *
change_one(struct bops_ctx *ctx, struct bops_txn *txn,
    const struct bops_kind *kind, const char *id, const struct bulk *b,
    struct bops_buf *line)
{
	const struct bops_error *err;
	struct bops_record *rec = NULL;
	struct bops_node *before = NULL;
	struct bops_buf raw = BOPS_BUF_INIT;
	bool changed = false;

	err = bops_txn_load(&rec, txn, kind, id);
	if (err && err->code == BOPS_ERR_INVALID && b->remove)
		/* One that does not validate can still go. */
		err = bops_txn_load_raw(&rec, &raw, txn, kind, id);
	if (err)
		goto done;
	before = rec->root ? bops_node_dup(rec->root) : NULL;
	if (b->remove) {
		if ((err = bops_txn_delete(txn, rec)))
			goto done;
		bops_buf_printf(line, "%s %s: remove ", kind->name, id);
		bops_text_put_quoted(line, rec->root ? bops_record_title(rec) :
		    id, 50);
		goto done;
	}
	if (b->said)
		bops_buf_reset(b->said);
	if ((err = b->apply(ctx, txn, rec, b->arg)) ||
	    (err = bops_txn_put(txn, rec, &changed)) ||
	    (b->staged && (err = b->staged(ctx, txn, rec, b->arg))))
		goto done;
	bops_buf_printf(line, "%s %s: ", kind->name, id);
	if (changed && b->said && b->said->len)
		bops_buf_puts(line, b->said->ptr);
	else if (changed)
		bops_record_summary(line, before, rec->root);
	else
		bops_buf_puts(line, "no change");
done:
	bops_node_free(before);
	bops_record_free(rec);
	bops_buf_release(&raw);
	return err;
}

/* "task 7kq3m2x9ab: " before a refusal that does not say which. */
static void
name_refusal(struct bops_buf *out, const struct bops_kind *kind,
    const char *id, const char *msg)
{
	if (strstr(msg, id) == NULL)
		bops_buf_printf(out, "%s %s: ", kind->name, id);
	bops_buf_puts(out, msg);
}

const struct bops_error *
bulk_change(struct bops_ctx *ctx, const struct bops_kind *kind,
    const struct targets *t, const struct bulk *b)
{
	const struct bops_error *err = NULL;
	enum bops_error_code code = BOPS_ERR_REFUSED;
	struct bops_txn *txn = NULL;
	struct bops_buf line = BOPS_BUF_INIT, body = BOPS_BUF_INIT;
	struct bops_buf lines = BOPS_BUF_INIT, ids = BOPS_BUF_INIT;
	struct bops_buf subject = BOPS_BUF_INIT, msg = BOPS_BUF_INIT;
	size_t i, refused = 0;

	if (t->n == 0) {
		say(ctx, "no %s matches; nothing was written", kind->name);
		return NULL;
	}
	if ((err = txn_begin(ctx, &txn)))
		goto done;
	for (i = 0; i < t->n; i++) {
		bops_buf_reset(&line);
		if ((err = change_one(ctx, txn, kind, t->ids[i], b, &line))) {
			/* One record: its refusal as it is. */
			if (t->n == 1)
				goto done;
			/* Every refusal is named; the first sets the exit.
			 * Errors live in a ring: keep the code, not it. */
			if (refused++ == 0)
				code = err->code;
			bops_buf_reset(&msg);
			name_refusal(&msg, kind, t->ids[i], err->msg);
			print_error(msg.ptr);
			err = NULL;
			continue;
		}
		bops_buf_printf(&lines, "%s\n", line.ptr);
		bops_out_escape(&body, line.ptr, line.len, 0);
		bops_buf_putc(&body, '\n');
		bops_buf_printf(&ids, "%s\n", t->ids[i]);
	}
	if (refused) {
		err = bops_error_fmt(code, "%zu of %zu %s refused; "
		    "nothing was written", refused, t->n, kind->dir);
		goto done;
	}
	if (t->n == 1)
		bops_buf_puts(&subject, lines.ptr);
	else
		bops_buf_printf(&subject, "%s: %s (%zu %s)", kind->name,
		    b->what, t->n, kind->dir);
	/* The subject is one line; the body lists each record's change. */
	bops_buf_truncate(&subject, strcspn(subject.ptr, "\n"));
	if ((err = commit_print(txn, subject.ptr, t->n > 1 ? body.ptr : NULL,
	    NULL, &ids)))
		goto done;
	say_lines(ctx, &lines);
done:
	bops_txn_free(txn);
	bops_buf_release(&line);
	bops_buf_release(&body);
	bops_buf_release(&lines);
	bops_buf_release(&ids);
	bops_buf_release(&subject);
	bops_buf_release(&msg);
	return err;
}

const struct bops_error *
bulk_verb(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a, int first, int end, const struct bulk *b)
{
	const struct bops_error *err;
	struct targets t;

	if ((err = targets_find(&t, ctx, kind, a, first, end, b->finished)))
		return err;
	err = bulk_change(ctx, kind, &t, b);
	targets_release(&t);
	return err;
}
