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

/* A date or instant as --since and --until take it: the start of the
 * day (until: of the day after), or the instant. */
static const struct bops_error *
log_when(int64_t *out, struct bops_ctx *ctx, const char *opt,
    const char *text, bool end)
{
	int32_t day;

	if (bops_instant_parse(out, text) == NULL)
		return NULL;
	if (bops_date_parse_relative(&day, text, ctx->ws->today,
	    BOPS_DATE_PAST))
		return bops_error_fmt(BOPS_ERR_USAGE, "%s: %s", opt,
		    bops_date_parse_relative(&day, text, ctx->ws->today,
		    BOPS_DATE_PAST)->msg);
	*out = bops_date_local_start(day + (end ? 1 : 0), ctx->ws->tz);
	return NULL;
}

const struct bops_error *
log_filter_init(struct log_filter *f, struct bops_ctx *ctx,
    const struct args *a, long default_limit)
{
	const struct bops_error *err;

	memset(f, 0, sizeof(*f));
	f->ctx = ctx;
	f->since = INT64_MIN;
	f->until = INT64_MAX;
	f->limit = default_limit;
	if (a->count && (err = parse_count(a->count, "-n", &f->limit)))
		return err;
	if (a->since && (err = log_when(&f->since, ctx, "--since", a->since,
	    false)))
		return err;
	if (a->until && (err = log_when(&f->until, ctx, "--until", a->until,
	    true)))
		return err;
	if (a->kind && (f->kind = bops_kind_find(a->kind)) == NULL)
		return bops_error_fmt(BOPS_ERR_USAGE, "--kind: no kind '%s'",
		    a->kind);
	if ((f->author = a->author) && strcmp(f->author, "me") == 0) {
		f->me = true;
		if ((err = bops_ws_identity(&f->me_name, &f->me_email,
		    ctx->ws)))
			return err;
	}
	return NULL;
}

/* Whether a path of a commit is a record of the kind sought. */
static const struct bops_error *
kind_path(const char *path, const char *old_hex, const char *new_hex,
    void *arg)
{
	const struct bops_kind *want = arg;
	char id[65];

	(void)old_hex;
	(void)new_hex;
	/* Found: stop the walk of the diff. */
	if (bops_kind_of_path(path, id) == want)
		return bops_error(BOPS_ERR_FOUND);
	return NULL;
}

/* --author: "me" is the identity; anything else a part of "Name
 * <email>", in any case. */
static bool
author_matches(const struct log_filter *f, const struct bops_commit_info *i)
{
	struct bops_buf who = BOPS_BUF_INIT, low = BOPS_BUF_INIT;
	const char *p;
	bool yes;

	if (f->me)
		return bops_text_fold_cmp(i->author_name, f->me_name) == 0 ||
		    (f->me_email && bops_text_fold_cmp(i->author_email,
		    f->me_email) == 0);
	bops_text_fold(&who, i->author_name);
	bops_buf_puts(&who, " <");
	bops_text_fold(&who, i->author_email);
	bops_buf_putc(&who, '>');
	bops_text_fold(&low, f->author);
	p = strstr(who.ptr, low.ptr);
	yes = p != NULL;
	bops_buf_release(&who);
	bops_buf_release(&low);
	return yes;
}

const struct bops_error *
log_filter_match(bool *out, struct log_filter *f,
    const struct bops_commit_info *info)
{
	const struct bops_error *err;

	*out = false;
	if (info->when < f->since || info->when >= f->until)
		return NULL;
	if (f->author && !author_matches(f, info))
		return NULL;
	if (f->kind) {
		err = bops_repo_commit_diff(f->ctx->ws->repo, info->id,
		    kind_path, (void *)f->kind);
		if (err == NULL)
			return NULL;
		if (err->code != BOPS_ERR_FOUND)
			return err;
	}
	f->shown++;
	*out = true;
	return NULL;
}

bool
log_filter_more(const struct log_filter *f)
{
	return f->limit < 0 || f->shown < f->limit;
}

struct log_arg {
	struct bops_ctx *ctx;
	struct log_filter filter;
	struct bops_buf out;
	struct bops_json *json;	/* NULL for text */
};

static const struct bops_error *
log_one(const struct bops_commit_info *info, void *arg)
{
	const struct bops_error *err;
	struct log_arg *l = arg;
	bool yes;

	if (!log_filter_more(&l->filter))
		return bops_error(BOPS_ERR_FOUND);	/* enough: stop */
	if ((err = log_filter_match(&yes, &l->filter, info)) || !yes)
		return err;
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
	bool json = a->out.json;

	memset(&l, 0, sizeof(l));
	if ((err = log_filter_init(&l.filter, ctx, a, 20)))
		return err;
	bops_buf_init(&l.out);
	l.ctx = ctx;
	bops_json_init(&w, &l.out);
	if (json) {
		l.json = &w;
		bops_json_begin_array(&w, BOPS_JSON_LINES);
	}
	/* As git log: -n 0 shows nothing, a negative count everything. */
	if (log_filter_more(&l.filter)) {
		err = bops_repo_log(ctx->ws->repo, ctx->ws->head, NULL, 0,
		    log_one, &l);
		if (err && err->code == BOPS_ERR_FOUND)
			err = NULL;
	}
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
