/*
 * segment.c: the verbs only segments have: add, which takes a name and
 * customer filters.  list, show, set, edit, rm and log are every kind's.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "text.h"
#include "banned.h"

const struct bops_error *
segment_filters(struct bops_ctx *ctx, const char *name, int *argc,
    char ***argv)
{
	const struct bops_error *err;
	struct bops_record *seg = NULL;
	const struct bops_node *f;
	char **v;
	int i, n = *argc;
	size_t k;

	if ((err = bops_store_load(&seg, ctx->ws, bops_kind_find("segment"),
	    NULL, name)))
		return err;
	f = bops_record_get(seg, "filters");
	v = bops_calloc((size_t)n + (f ? f->n : 0) + 1, sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = bops_strdup((*argv)[i]);
	for (k = 0; f && k < f->n; k++)
		v[n++] = bops_strdup(f->items[k]->str);
	*argc = n;
	*argv = v;
	bops_record_free(seg);
	return NULL;
}

void
segment_filters_free(int argc, char **argv)
{
	int i;

	for (i = 0; argv && i < argc; i++)
		free(argv[i]);
	free(argv);
}

/* The filters make sense for customers: checked before the lock. */
static const struct bops_error *
check_filters(struct bops_ctx *ctx, int argc, char **argv)
{
	const struct bops_error *err = NULL;
	const struct bops_schema *s;
	struct bops_input_ctx ictx;
	struct bops_query *q;
	const char *name = NULL, *email = NULL;
	int i;

	if ((err = bops_ws_schema(&s, ctx->ws, bops_kind_find("customer"))))
		return err;
	bops_ws_input_ctx(ctx->ws, &ictx);
	(void)bops_ws_identity(&name, &email, ctx->ws);
	q = bops_query_new(s, &ictx, name, email);
	for (i = 0; i < argc && err == NULL; i++)
		err = bops_query_filter(q, argv[i]);
	bops_query_free(q);
	return err;
}

static const struct bops_error *
segment_add(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct bops_record *rec = NULL;
	struct bops_txn *txn = NULL;
	struct bops_node *list;
	struct bops_buf id = BOPS_BUF_INIT, msg = BOPS_BUF_INIT;
	int i;

	if ((err = bops_id_normalize(&id, a->argv[1])))
		goto done;
	if ((err = check_filters(ctx, a->argc - 2, a->argv + 2)))
		goto done;
	if ((err = bops_record_new(&rec, ctx->ws, kind, id.ptr)) ||
	    (err = bops_record_set(rec, ctx->ws, "name", a->argv[1])))
		goto done;
	list = bops_node_new_seq();
	for (i = 2; i < a->argc; i++)
		bops_node_seq_append(list, bops_node_new_scalar(a->argv[i],
		    BOPS_SCALAR_TEXT));
	bops_node_map_set(rec->root, "filters", list);
	if ((err = txn_begin(ctx, &txn)) ||
	    (err = bops_txn_put(txn, rec, NULL)))
		goto done;
	bops_buf_printf(&msg, "segment %s: add", rec->id);
	for (i = 2; i < a->argc; i++)
		bops_buf_printf(&msg, " %s", a->argv[i]);
	if ((err = commit_tell(ctx, txn, msg.ptr, NULL, rec->id, NULL)))
		goto done;
done:
	bops_txn_free(txn);
	bops_record_free(rec);
	bops_buf_release(&id);
	bops_buf_release(&msg);
	return err;
}

const struct bops_verb segment_verbs[] = {
	VERB("add", segment_add, "NAME FILTER ...", 2, -1, NULL,
	    "save the customers that match every filter as a segment"),
	VERBS_END,
};
