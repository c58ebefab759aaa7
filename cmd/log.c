/*
 * log.c: the workspace's history, and undo.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "out.h"
#include "undo.h"
#include "text.h"
#include "banned.h"

struct log_arg {
	struct bops_ctx *ctx;
	struct bops_buf out;
	struct bops_json *json;	/* NULL for text */
};

static const struct bops_error *
log_one(const struct bops_commit_info *info, void *arg)
{
	struct log_arg *l = arg;

	if (l->json) {
		bops_json_begin_object(l->json, 0);
		out_commit_json(l->json, info);
		bops_json_end_object(l->json);
	} else
		out_commit_line(&l->out, l->ctx, info);
	return NULL;
}

const struct bops_error *
cmd_log(struct bops_ctx *ctx, struct args *a)
{
	const struct bops_error *err = NULL;
	struct log_arg l;
	struct bops_json w;
	const char *count = a->count;
	bool json = a->out.json;
	long limit = 20;

	if (count && (err = parse_count(count, "-n", &limit)))
		return err;
	memset(&l, 0, sizeof(l));
	bops_buf_init(&l.out);
	l.ctx = ctx;
	bops_json_init(&w, &l.out);
	if (json) {
		l.json = &w;
		bops_json_begin_array(&w, BOPS_JSON_LINES);
	}
	/* As git log: -n 0 shows nothing, a negative count everything. */
	if (limit != 0)
		err = bops_repo_log(ctx->ws->repo, ctx->ws->head, NULL,
		    limit < 0 ? 0 : (size_t)limit, log_one, &l);
	if (json)
		bops_json_end_array(&w);
	if (err == NULL)
		out_write(&l.out);
	bops_json_release(&w);
	bops_buf_release(&l.out);
	return err;
}

const struct bops_error *
cmd_undo(struct bops_ctx *ctx, struct args *a)
{
	const struct bops_error *err;
	struct bops_txn *txn = NULL;
	struct bops_undo u = BOPS_UNDO_INIT;
	struct bops_buf ids = BOPS_BUF_INIT, subject = BOPS_BUF_INIT;
	struct bops_buf body = BOPS_BUF_INIT;
	const char *name = NULL, *email = NULL;
	bool any = a->any;

	if ((err = txn_begin(ctx, &txn)))
		goto done;
	if (!any && (err = bops_ws_identity(&name, &email, ctx->ws)))
		goto done;
	if ((err = bops_undo_find(&u, ctx->ws, name, email)))
		goto done;
	if ((err = bops_undo_stage(ctx->ws, txn, &u, &ids))) {
		if (err->code == BOPS_ERR_CONFLICT ||
		    err->code == BOPS_ERR_INVALID)
			err = bops_error_fmt(err->code, "cannot undo '%s': %s; "
			    "nothing written", u.subject.ptr, err->msg);
		goto done;
	}
	bops_undo_message(&u, &subject, &body);
	err = commit_tell(ctx, txn, subject.ptr, body.ptr, NULL, &ids);
done:
	bops_txn_free(txn);
	bops_undo_release(&u);
	bops_buf_release(&ids);
	bops_buf_release(&subject);
	bops_buf_release(&body);
	return err;
}
