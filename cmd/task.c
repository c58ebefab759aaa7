/*
 * task.c: the verbs only tasks have: the Kanban board and the backlog.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "out.h"
#include "rank.h"
#include "text.h"
#include "banned.h"

/* The column named by what was typed (any case or form) in *column. */
static const struct bops_error *
check_column(struct bops_ctx *ctx, const char **column)
{
	struct bops_buf list = BOPS_BUF_INIT;
	const struct bops_error *err;
	size_t i, n = bops_board_count(ctx->ws);

	if (bops_board_index(ctx->ws, *column) >= 0)
		return NULL;
	for (i = 0; i < n; i++)
		if (bops_text_fold_cmp(bops_board_column(ctx->ws, i),
		    *column) == 0) {
			*column = bops_board_column(ctx->ws, i);
			return NULL;
		}
	for (i = 0; i < n; i++)
		bops_buf_printf(&list, "%s%s", i ? ", " : "",
		    bops_board_column(ctx->ws, i));
	err = bops_error_fmt(BOPS_ERR_USAGE, "unknown column '%s'; the board "
	    "has: %s", *column, list.ptr);
	bops_buf_release(&list);
	return err;
}

static const struct bops_error *
apply_move(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	(void)txn;
	return bops_record_set(rec, ctx->ws, "status", arg);
}

/* Move the tasks named (or picked by --where) to a column: which 0 is
 * the last argument, 1 the second column, 2 the last. */
static const struct bops_error *
move_to(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a,
    int which)
{
	const struct bops_error *err;
	const char *column;
	struct bops_buf what = BOPS_BUF_INIT;
	struct targets t;
	struct bulk b;
	char **argv = a->argv;
	int end = a->argc;
	size_t ncols;

	if (which == 0 && end < 3 && a->where.n == 0)
		return usage_error(a);
	if ((ncols = bops_board_count(ctx->ws)) == 0)
		return bops_error_fmt(BOPS_ERR_INVALID,
		    "bops.yaml: board.columns is empty");
	if (which == 0)
		column = argv[--end];
	else if (which == 1)
		column = bops_board_column(ctx->ws, ncols > 1 ? 1 : 0);
	else
		column = bops_board_last(ctx->ws);
	if ((err = check_column(ctx, &column)))
		return err;
	if ((err = targets_find(&t, ctx, kind, a, 1, end, false)))
		return err;
	bops_buf_printf(&what, "status -> %s", column);
	b = (struct bulk){ .apply = apply_move, .arg = (void *)column,
	    .what = what.ptr };
	err = bulk_change(ctx, kind, &t, &b);
	targets_release(&t);
	bops_buf_release(&what);
	return err;
}

static const struct bops_error *
task_move(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	return move_to(ctx, kind, a, 0);
}

static const struct bops_error *
task_start(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	return move_to(ctx, kind, a, 1);
}

static const struct bops_error *
task_done(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	return move_to(ctx, kind, a, 2);
}

/* The shortest prefix (at least 4) that tells each id from its
 * neighbours in sorted order. */
static size_t
short_len(char **ids, size_t n, size_t i)
{
	size_t len = 4, k;

	for (k = 0; k < 2; k++) {
		const char *other = k == 0 ? (i > 0 ? ids[i - 1] : NULL) :
		    (i + 1 < n ? ids[i + 1] : NULL);
		size_t same = 0;

		while (other && ids[i][same] && ids[i][same] == other[same])
			same++;
		if (other && same + 1 > len)
			len = same + 1;
	}
	return len;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Cards a board column shows unless --limit says otherwise. */
#define BOARD_CARDS 20

/*
 * Over 100 lines for now: split it, the JSON from the text.
 */
static const struct bops_error *
render_board(struct bops_ctx *ctx, struct bops_store_group *cols,
    size_t ncols, bool json)
{
	struct bops_buf b = BOPS_BUF_INIT, cell = BOPS_BUF_INIT;
	size_t c, i, row, rows = 0, width, nids = 0;
	char **ids;
	const char *dash = ctx->utf8 ? "─" : "-";
	bool more = false;

	for (c = 0; c < ncols; c++) {
		if (cols[c].n > rows)
			rows = cols[c].n;
		more |= cols[c].count > cols[c].n;
		nids += cols[c].n;
	}
	if (json) {
		struct bops_json w;

		bops_json_init(&w, &b);
		bops_json_begin_object(&w, 0);
		bops_json_key(&w, "columns");
		bops_json_begin_array(&w, BOPS_JSON_LINES);
		for (c = 0; c < ncols; c++) {
			long lim = bops_board_wip(ctx->ws, cols[c].value);

			bops_json_begin_object(&w, 0);
			bops_json_key(&w, "name");
			bops_json_str(&w, cols[c].value);
			bops_json_key(&w, "limit");
			if (lim >= 0)
				bops_json_int(&w, lim);
			else
				bops_json_null(&w);
			bops_json_key(&w, "count");
			bops_json_int(&w, (int64_t)cols[c].count);
			bops_json_key(&w, "tasks");
			bops_json_begin_array(&w, 0);
			for (i = 0; i < cols[c].n; i++)
				out_record_json(&w, cols[c].recs[i]);
			bops_json_end_array(&w);
			bops_json_end_object(&w);
		}
		bops_json_end_array(&w);
		bops_json_end_object(&w);
		bops_json_release(&w);
		goto print;
	}
	ids = bops_calloc(nids + 1, sizeof(*ids));
	for (c = 0, nids = 0; c < ncols; c++)
		for (i = 0; i < cols[c].n; i++)
			ids[nids++] = cols[c].recs[i]->id;
	bops_qsort(ids, nids, sizeof(*ids), cmp_str);
	width = ctx->width ? ctx->width : 100;
	width = ncols ? (width - 2 * (ncols - 1)) / ncols : width;
	if (width < 12)
		width = 12;
	/* Headers: "processing 2/3" and a rule under each. */
	for (c = 0; c < ncols; c++) {
		long lim = bops_board_wip(ctx->ws, cols[c].value);
		size_t w;
		bool over = lim >= 0 && (long)cols[c].count > lim;

		bops_buf_reset(&cell);
		bops_buf_printf(&cell, "%s %zu", cols[c].value, cols[c].count);
		if (lim >= 0)
			bops_buf_printf(&cell, "/%ld", lim);
		if (ctx->color)
			bops_buf_puts(&b, over ? "\033[1;31m" : "\033[1m");
		w = bops_out_put_clipped(&b, cell.ptr, width, ctx->utf8);
		if (ctx->color)
			bops_buf_puts(&b, "\033[0m");
		if (c + 1 < ncols)
			bops_buf_pad(&b, ' ', width - w + 2);
	}
	bops_buf_putc(&b, '\n');
	for (c = 0; c < ncols; c++) {
		for (i = 0; i < width; i++)
			bops_buf_puts(&b, dash);
		if (c + 1 < ncols)
			bops_buf_puts(&b, "  ");
	}
	bops_buf_putc(&b, '\n');
	/* The cards, then "… 35,000 more" under a column that has more. */
	for (row = 0; row < rows + more; row++) {
		size_t pending = 0;

		for (c = 0; c < ncols; c++) {
			size_t w = 0;
			const struct bops_record *rec = row < cols[c].n ?
			    cols[c].recs[row] : NULL;

			bops_buf_reset(&cell);
			if (rec) {
				const char *key = rec->id;
				char **at = bsearch(&key, ids, nids,
				    sizeof(*ids), cmp_str);

				bops_buf_printf(&cell, "%.*s %s",
				    (int)short_len(ids, nids,
				    (size_t)(at - ids)), rec->id,
				    bops_record_title(rec));
			} else if (row == rows && cols[c].count > cols[c].n)
				bops_buf_printf(&cell, "%s %zu more",
				    ctx->utf8 ? "…" : "...",
				    cols[c].count - cols[c].n);
			if (cell.len) {
				const char *sgr = rec ? row_color(ctx, rec) :
				    NULL;

				bops_buf_pad(&b, ' ', pending);
				pending = 0;
				if (ctx->color && sgr)
					bops_buf_printf(&b, "\033[%sm", sgr);
				w = bops_out_put_clipped(&b, cell.ptr, width,
				    ctx->utf8);
				if (ctx->color && sgr)
					bops_buf_puts(&b, "\033[0m");
			}
			pending += width - w + 2;
		}
		bops_buf_putc(&b, '\n');
	}
	free(ids);
print:
	out_write_color(&b);
	bops_buf_release(&b);
	bops_buf_release(&cell);
	return NULL;
}

static const struct bops_error *
task_board(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err;
	const struct bops_schema *schema;
	struct bops_store_group *cols = NULL;
	struct bops_input_ctx ictx;
	struct bops_query *q = NULL;
	const char *me, *email;
	size_t ncols, c, k = BOARD_CARDS;
	long lim;
	int i;

	if (a->out.as_of && (err = set_as_of(ctx, a->out.as_of)))
		return err;
	if (a->out.limit) {
		if ((err = parse_count(a->out.limit, "--limit", &lim)))
			return err;
		k = lim < 0 ? (size_t)-1 : (size_t)lim;
	}
	if ((err = bops_ws_schema(&schema, ctx->ws, kind)))
		return err;
	ncols = bops_board_count(ctx->ws);
	bops_ws_input_ctx(ctx->ws, &ictx);
	/* As gather: the identity only for a filter that says "me". */
	q = bops_query_new(schema, &ictx, NULL, NULL);
	for (i = 1, err = NULL; i < a->argc && err == NULL; i++)
		err = bops_query_filter(q, a->argv[i]);
	if (err && err->code == BOPS_ERR_NO_IDENTITY &&
	    bops_ws_identity(&me, &email, ctx->ws) == NULL) {
		bops_query_free(q);
		q = bops_query_new(schema, &ictx, me, email);
		for (i = 1, err = NULL; i < a->argc && err == NULL; i++)
			err = bops_query_filter(q, a->argv[i]);
	}
	if (err || (err = bops_query_sort(q, "-priority,rank,created")))
		goto done;
	cols = bops_calloc(ncols + 1, sizeof(*cols));
	for (c = 0; c < ncols; c++)
		cols[c].value = bops_board_column(ctx->ws, c);
	if ((err = bops_store_top(ctx->ws, kind, ctx->as_of[0] ?
	    ctx->as_of : NULL, q, 0, "status", cols, ncols, k, warn_record,
	    NULL)) == NULL)
		err = render_board(ctx, cols, ncols, a->out.json);
	bops_store_groups_release(cols, ncols);
done:
	free(cols);
	bops_query_free(q);
	return err;
}

static const struct bops_error *
backlog(struct bops_ctx *ctx, const struct bops_kind *kind, int argc,
    char *argv[], struct out_list *l, const struct out_opts *o)
{
	struct bops_buf done = BOPS_BUF_INIT;
	const struct bops_error *err;
	char **args;
	int i;

	args = bops_calloc((size_t)argc + 3, sizeof(*args));
	args[0] = argv[0];
	args[1] = "sprint=";
	bops_buf_printf(&done, "status!=%s", bops_board_last(ctx->ws));
	args[2] = done.ptr;
	for (i = 1; i < argc; i++)
		args[i + 2] = argv[i];
	err = gather(ctx, kind, argc + 2, args, o, "rank,created", l);
	free(args);
	bops_buf_release(&done);
	return err;
}

static const struct bops_error *
task_backlog(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	const struct bops_schema *schema;
	struct out_list l = { NULL, 0, 0 };

	if ((err = out_opts_finish(ctx, &a->out)))
		return err;
	if (a->out.sort)
		return bops_error_fmt(BOPS_ERR_USAGE,
		    "the backlog is in rank order; use `bops task rank`");
	if (a->out.fields == NULL)
		a->out.fields = "id,priority,estimate,assignee,title";
	if ((err = bops_ws_schema(&schema, ctx->ws, kind)))
		return err;
	if ((err = backlog(ctx, kind, a->argc, a->argv, &l, &a->out)) == NULL)
		err = out_records(ctx, schema, &l, &a->out);
	out_list_release(&l);
	return err;
}

struct rank_arg {
	const char *rank;
};

static const struct bops_error *
apply_rank(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	struct rank_arg *r = arg;

	(void)txn;
	return bops_record_set(rec, ctx->ws, "rank", r->rank);
}

static const struct bops_error *
task_rank(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err;
	struct out_opts o = { 0 };
	struct out_list l = { NULL, 0, 0 };
	struct bops_buf id = BOPS_BUF_INIT, other = BOPS_BUF_INIT;
	struct bops_buf rank = BOPS_BUF_INIT, mine = BOPS_BUF_INIT;
	const char *before = a->before, *after = a->after;
	const char *lo = NULL, *hi = NULL;
	struct rank_arg r;
	char **argv = a->argv, *args[1];
	size_t i, at;

	if ((err = bops_store_resolve(&id, ctx->ws, kind, NULL, argv[1])) ||
	    (err = bops_store_resolve(&other, ctx->ws, kind, NULL,
	    before ? before : after)))
		goto done;
	if (strcmp(id.ptr, other.ptr) == 0) {
		err = bops_error_fmt(BOPS_ERR_USAGE,
		    "cannot rank a task against itself");
		goto done;
	}
	args[0] = argv[0];
	if ((err = backlog(ctx, kind, 1, args, &l, &o)))
		goto done;
	/* The order without the task being moved. */
	for (i = 0; i < l.n; i++)
		if (strcmp(l.recs[i]->id, id.ptr) == 0) {
			if (bops_record_str(l.recs[i], "rank"))
				bops_buf_puts(&mine, bops_record_str(l.recs[i],
				    "rank"));
			bops_record_free(l.recs[i]);
			memmove(&l.recs[i], &l.recs[i + 1],
			    (l.n - i - 1) * sizeof(*l.recs));
			l.n--;
			break;
		}
	for (at = 0; at < l.n; at++)
		if (strcmp(l.recs[at]->id, other.ptr) == 0)
			break;
	if (at == l.n) {
		err = bops_error_fmt(BOPS_ERR_USAGE,
		    "task '%s' is not in the backlog", other.ptr);
		goto done;
	}
	if (before) {
		hi = bops_record_str(l.recs[at], "rank");
		lo = at > 0 ? bops_record_str(l.recs[at - 1], "rank") : NULL;
	} else {
		lo = bops_record_str(l.recs[at], "rank");
		hi = at + 1 < l.n ? bops_record_str(l.recs[at + 1], "rank") :
		    NULL;
	}
	/*
	 * Equal ranks (ties): nothing fits between, so reach for the nearest
	 * different rank on the far side, keeping the side that was asked.
	 */
	if (lo && hi && strcmp(lo, hi) >= 0 && before) {
		for (i = at, lo = NULL; i-- > 0 && lo == NULL;)
			if ((lo = bops_record_str(l.recs[i], "rank")) &&
			    strcmp(lo, hi) >= 0)
				lo = NULL;
	} else if (lo && hi && strcmp(lo, hi) >= 0) {
		for (i = at + 1, hi = NULL; i < l.n && hi == NULL; i++)
			if ((hi = bops_record_str(l.recs[i], "rank")) &&
			    strcmp(lo, hi) >= 0)
				hi = NULL;
	}
	/* Already there: keep the rank, so nothing changes. */
	if (mine.len && (lo == NULL || strcmp(mine.ptr, lo) > 0) &&
	    (hi == NULL || strcmp(mine.ptr, hi) < 0))
		bops_buf_puts(&rank, mine.ptr);
	else if ((err = bops_rank_between(&rank, lo, hi)))
		goto done;
	r.rank = rank.ptr;
	err = record_change(ctx, kind, id.ptr, apply_rank, &r, NULL, NULL);
done:
	out_list_release(&l);
	bops_buf_release(&id);
	bops_buf_release(&other);
	bops_buf_release(&rank);
	bops_buf_release(&mine);
	return err;
}

const struct bops_verb task_verbs[] = {
	VERB("move", task_move, "[ID ...] COLUMN", 1, -1,
	    OPTS(OPT_WHERE, OPT_FORCE),
	    "move tasks to a board column (past a WIP limit: --force)"),
	VERB("start", task_start, "[ID ...]", 0, -1, OPTS(OPT_WHERE, OPT_FORCE),
	    "move tasks to the second column (processing)"),
	VERB("done", task_done, "[ID ...]", 0, -1, OPTS(OPT_WHERE, OPT_FORCE),
	    "move tasks to the last column (done)"),
	VERB("board", task_board, "[FILTER ...]", 0, -1,
	    OPTS(OPT_LIMIT, OPT_AS_OF, OPT_JSON),
	    "the Kanban board: each column with its count, WIP limit and "
	    "first tasks"),
	/* --sort is taken only to say that the backlog has its own order */
	VERB("backlog", task_backlog, "[FILTER ...]", 0, -1,
	    OPTS(OPT_FIELDS, OPT_LIMIT, OPT_AS_OF, OPT_FORMATS,
	    OPT_VALUE("sort", 0, "FIELD,-FIELD ...", out.sort, OPT_HIDDEN)),
	    "unfinished tasks in no sprint, in rank order"),
	VERB("rank", task_rank, "ID", 1, 1,
	    OPTS(OPT_VALUE("before", 0, "OTHER", before, OPT_NEEDED),
	    OPT_VALUE("after", 0, "OTHER", after, OPT_OR)),
	    "move a task in the backlog order"),
	VERBS_END,
};
