/*
 * log.c: the workspace's history, and undo.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "out.h"
#include "text.h"
#include "banned.h"

struct log_arg {
	struct bops_ctx *ctx;
	struct bops_buf out;
	bool json;
	size_t n;
};

static const struct bops_error *
log_one(const struct bops_commit_info *info, void *arg)
{
	struct log_arg *l = arg;
	struct bops_buf when = BOPS_BUF_INIT;

	bops_instant_format(&when, info->when);
	if (l->json) {
		bops_buf_puts(&l->out, l->n ? ",\n{" : "\n{");
		bops_buf_printf(&l->out, "\"commit\":\"%s\",\"date\":",
		    info->id);
		bops_json_string(&l->out, when.ptr);
		bops_buf_puts(&l->out, ",\"author\":");
		bops_json_string(&l->out, info->author_name);
		bops_buf_puts(&l->out, ",\"email\":");
		bops_json_string(&l->out, info->author_email);
		bops_buf_puts(&l->out, ",\"message\":");
		bops_json_string(&l->out, info->summary);
		bops_buf_putc(&l->out, '}');
	} else {
		bops_buf_reset(&when);
		format_when(&when, l->ctx, info->when);
		bops_buf_printf(&l->out, "%s  %.10s  ", when.ptr, info->id);
		bops_text_put_line(&l->out, info->author_name);
		bops_buf_puts(&l->out, "  ");
		bops_text_put_line(&l->out, info->summary);
		bops_buf_putc(&l->out, '\n');
	}
	l->n++;
	bops_buf_release(&when);
	return NULL;
}

const struct bops_error *
cmd_log(struct bops_ctx *ctx, int argc, char *argv[])
{
	const struct bops_error *err = NULL;
	struct log_arg l;
	const char *count = NULL;
	bool help, json = false;
	struct opt opts[] = {
		{ "max-count", 'n', true, &count, NULL },
		{ "json", 0, false, NULL, &json },
		{ NULL, 0, false, NULL, NULL },
	};
	long limit = 20;
	int n;

	if ((err = parse_opts(argc, argv, opts, &n, &help)))
		return err;
	if (help) {
		print_usage("log [-n N] [--json]", "the workspace's recent "
		    "changes, newest first (default 20; -n -1 for all)");
		return NULL;
	}
	if (n != 1)
		return usage_error("log [-n N] [--json]");
	if (count && (err = parse_count(count, "-n", &limit)))
		return err;
	memset(&l, 0, sizeof(l));
	bops_buf_init(&l.out);
	l.ctx = ctx;
	l.json = json;
	if (json)
		bops_buf_putc(&l.out, '[');
	/* As git log: -n 0 shows nothing, a negative count everything. */
	if (limit != 0)
		err = bops_repo_log(ctx->ws->repo, ctx->ws->head, NULL,
		    limit < 0 ? 0 : (size_t)limit, log_one, &l);
	if (json)
		bops_buf_puts(&l.out, l.n ? "\n]\n" : "]\n");
	if (err == NULL)
		out_write(&l.out);
	bops_buf_release(&l.out);
	return err;
}

/* Whether a commit message is one bops writes. */
static bool
is_bops_message(const char *summary)
{
	const char *sp = strchr(summary, ' ');
	char word[32];
	size_t len;

	if (strncmp(summary, "config: ", 8) == 0 ||
	    strncmp(summary, "undo: ", 6) == 0)
		return true;
	if (sp == NULL || (len = (size_t)(sp - summary)) >= sizeof(word))
		return false;
	memcpy(word, summary, len);
	word[len] = '\0';
	return bops_kind_find(word) != NULL && strchr(sp + 1, ':') != NULL;
}

struct undo_arg {
	struct bops_txn *txn;
	struct bops_ws *ws;
	struct bops_buf ids;	/* the records undone, one per line */
};

static const struct bops_error *
undo_one(const char *path, const char *old_hex, const char *new_hex,
    void *arg)
{
	const struct bops_error *err;
	struct undo_arg *u = arg;
	struct bops_buf data = BOPS_BUF_INIT;

	char id[BOPS_ID_MAX_LEN + 1];

	(void)new_hex;
	if (bops_kind_of_path(path, id))
		bops_buf_printf(&u->ids, "%s\n", id);
	if (old_hex[0] == '\0')
		return bops_txn_delete_file(u->txn, path);
	if ((err = bops_repo_read_blob(u->ws->repo, old_hex, &data)) == NULL)
		err = bops_txn_put_file(u->txn, path, data.ptr, data.len);
	bops_buf_release(&data);
	return err;
}

const struct bops_error *
cmd_undo(struct bops_ctx *ctx, int argc, char *argv[])
{
	const struct bops_error *err;
	struct bops_txn *txn = NULL;
	struct bops_commit_info info;
	struct bops_buf name = BOPS_BUF_INIT, email = BOPS_BUF_INIT;
	struct bops_buf summary = BOPS_BUF_INIT, msg = BOPS_BUF_INIT;
	struct opt opts[] = { { NULL, 0, false, NULL, NULL } };
	struct undo_arg u = { NULL, NULL, BOPS_BUF_INIT };
	bool help;
	int n;

	if ((err = parse_opts(argc, argv, opts, &n, &help)))
		return err;
	if (help) {
		print_usage("undo", "revert the last bops change with a new "
		    "commit (refused when the last commit is not a bops "
		    "change)");
		return NULL;
	}
	if (n != 1)
		return usage_error("undo");
	if ((err = bops_txn_begin(&txn, ctx->ws)))
		goto done;
	if ((err = bops_repo_commit_info(ctx->ws->repo, ctx->ws->head, &info,
	    &name, &email, &summary)))
		goto done;
	if (info.nparents != 1) {
		err = bops_error_fmt(BOPS_ERR_REFUSED, "nothing to undo: "
		    "the last commit is %s", info.nparents ? "a merge" :
		    "the first one");
		goto done;
	}
	if (!is_bops_message(summary.ptr)) {
		err = bops_error_fmt(BOPS_ERR_REFUSED, "the last commit is "
		    "not a bops change: '%s'", summary.ptr);
		goto done;
	}
	u.txn = txn;
	u.ws = ctx->ws;
	bops_buf_init(&u.ids);
	if ((err = bops_repo_commit_diff(ctx->ws->repo, ctx->ws->head,
	    undo_one, &u)))
		goto done;
	bops_buf_printf(&msg, "undo: %s", summary.ptr);
	if ((err = bops_txn_commit(txn, msg.ptr, NULL)))
		goto done;
	out_write(&u.ids);
	say(ctx, "%s", msg.ptr);
done:
	if (u.txn)
		bops_buf_release(&u.ids);
	bops_txn_free(txn);
	bops_buf_release(&name);
	bops_buf_release(&email);
	bops_buf_release(&summary);
	bops_buf_release(&msg);
	return err;
}
