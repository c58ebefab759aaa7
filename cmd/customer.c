/*
 * customer.c: the verbs only customers have: notes, which service keeps
 * for customers who do not pay yet; the lifecycle stage and the lead
 * status, whose every change the rules keep in a history (lib/customer.c);
 * the funnel read from those histories.  The export to ad platforms is
 * cmd/audience.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "customer.h"
#include "date.h"
#include "out.h"
#include "text.h"
#include "banned.h"

struct note {
	const char *text;
	struct bops_buf what;
};

static const struct bops_error *
apply_note(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	const struct bops_error *err;
	struct note *n = arg;
	struct bops_node *log = bops_record_get(rec, "notes"), *e;
	struct bops_buf now = BOPS_BUF_INIT;
	const char *name, *email;

	(void)txn;
	if ((err = bops_ws_identity(&name, &email, ctx->ws)))
		return err;
	if (log == NULL) {
		log = bops_node_new_seq();
		bops_node_map_set(rec->root, "notes", log);
	}
	bops_instant_format(&now, ctx->ws->now);
	e = bops_node_new_map();
	bops_node_map_set_str(e, "at", now.ptr, BOPS_SCALAR_RAW);
	bops_node_map_set_str(e, "by", name, BOPS_SCALAR_TEXT);
	bops_node_map_set_str(e, "text", n->text, BOPS_SCALAR_TEXT);
	bops_node_seq_append(log, e);
	bops_buf_puts(&n->what, "note ");
	bops_text_put_quoted(&n->what, n->text, 50);
	bops_buf_release(&now);
	return NULL;
}

static const struct bops_error *
customer_note(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	const struct bops_schema *s;
	const struct bops_field *f;
	struct bops_buf text = BOPS_BUF_INIT, canon = BOPS_BUF_INIT;
	struct bops_input_ctx ictx;
	enum bops_scalar_style style;
	struct note n = { NULL, BOPS_BUF_INIT };
	struct bops_buf what = BOPS_BUF_INIT;
	struct bulk b;

	if ((err = read_text(&text, a->argv[a->argc - 1])) ||
	    (err = bops_ws_schema(&s, ctx->ws, kind)))
		goto done;
	/* The text is checked as the log's text before the lock. */
	f = bops_schema_field(bops_schema_field(s, "notes")->sub, "text");
	bops_ws_input_ctx(ctx->ws, &ictx);
	if ((err = bops_schema_input(&canon, &style, f, text.ptr, &ictx))) {
		err = bops_error_fmt(BOPS_ERR_USAGE, "the text: %s",
		    strncmp(err->msg, "field 'text': ", 14) ? err->msg :
		    err->msg + 14);
		goto done;
	}
	n.text = text.ptr;
	bops_buf_puts(&what, "note ");
	bops_text_put_quoted(&what, n.text, 50);
	b = (struct bulk){ .apply = apply_note, .arg = &n, .what = what.ptr,
	    .said = &n.what };
	err = bulk_verb(ctx, kind, a, 1, a->argc - 1, &b);
done:
	bops_buf_release(&what);
	bops_buf_release(&text);
	bops_buf_release(&canon);
	bops_buf_release(&n.what);
	return err;
}

/*
 * The value of enum field `field` that text names (any case), or
 * BOPS_ERR_USAGE naming the values there are: what every verb that takes
 * a stage, a status or a currency on the command line says.
 */
const struct bops_error *
enum_arg(struct bops_ctx *ctx, const struct bops_kind *kind,
    const char *field, const char *what, const char *text, const char **out)
{
	const struct bops_error *err;
	const struct bops_schema *s;
	const struct bops_field *f;
	struct bops_buf list = BOPS_BUF_INIT;

	*out = NULL;
	if ((err = bops_ws_schema(&s, ctx->ws, kind)))
		return err;
	f = bops_schema_field(s, field);
	if ((*out = bops_schema_enum_find(f, text, bops_ws_config_get,
	    ctx->ws)))
		return NULL;
	bops_schema_enum_join(&list, f, bops_ws_config_get, ctx->ws);
	err = bops_error_fmt(BOPS_ERR_USAGE, "unknown %s '%s'; one of: %s",
	    what, text, list.ptr);
	bops_buf_release(&list);
	return err;
}

struct move {
	const char *field, *value;
	struct bops_buf what;
};

static const struct bops_error *
apply_move(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	struct move *m = arg;
	const char *old = bops_record_str(rec, m->field);

	(void)txn;
	bops_buf_printf(&m->what, "%s %s -> %s", m->field, old ? old : "none",
	    m->value);
	return bops_record_set(rec, ctx->ws, m->field, m->value);
}

/* stage and lead: the rules append the change to the history. */
static const struct bops_error *
customer_move(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a, const char *field, const char *what)
{
	const struct bops_error *err;
	struct move m = { field, NULL, BOPS_BUF_INIT };
	struct bops_buf subject = BOPS_BUF_INIT;
	struct bulk b;

	if (a->argc < 3 && a->where.n == 0)
		return usage_error(a);
	if ((err = enum_arg(ctx, kind, field, what, a->argv[a->argc - 1],
	    &m.value)))
		return err;
	bops_buf_printf(&subject, "%s -> %s", field, m.value);
	b = (struct bulk){ .apply = apply_move, .arg = &m, .what = subject.ptr,
	    .said = &m.what };
	err = bulk_verb(ctx, kind, a, 1, a->argc - 1, &b);
	bops_buf_release(&m.what);
	bops_buf_release(&subject);
	return err;
}

static const struct bops_error *
customer_stage(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	return customer_move(ctx, kind, a, "stage", "stage");
}

static const struct bops_error *
customer_lead(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	return customer_move(ctx, kind, a, "lead_status", "lead status");
}

const struct bops_error *
period_arg(struct bops_ctx *ctx, struct args *a, int32_t *first,
    int32_t *last, struct bops_buf *canon)
{
	const struct bops_error *err;
	struct bops_period p;
	struct bops_buf q = BOPS_BUF_INIT;

	if (a->argc > 1 && strpbrk(a->argv[1], "=<>!~") == NULL) {
		if ((err = bops_period_parse(&p, a->argv[1], canon)))
			return err;
		a->argv++;
		a->argc--;
	} else {
		bops_period_quarter(&q, ctx->ws->today);
		err = bops_period_parse(&p, q.ptr, canon);
		bops_buf_release(&q);
		if (err)
			return err;
	}
	*first = p.first;
	*last = p.last;
	return NULL;
}

static void
funnel_json(struct bops_buf *b, const struct bops_funnel_row *rows,
    size_t n, const char *period)
{
	struct bops_json w;
	size_t i;

	bops_json_init(&w, b);
	bops_json_begin_array(&w, BOPS_JSON_LINES);
	for (i = 0; i < n; i++) {
		bops_json_begin_object(&w, 0);
		bops_json_key(&w, "period");
		bops_json_str(&w, period);
		bops_json_key(&w, "stage");
		bops_json_str(&w, rows[i].stage);
		bops_json_key(&w, "entered");
		bops_json_int(&w, (int64_t)rows[i].entered);
		bops_json_key(&w, "converted");
		if (i + 1 < n)
			bops_json_int(&w, (int64_t)rows[i].converted);
		else
			bops_json_null(&w);
		bops_json_key(&w, "median_days");
		if (rows[i].median >= 0)
			bops_json_round(&w, (double)rows[i].median / 86400,
			    2);
		else
			bops_json_null(&w);
		bops_json_end_object(&w);
	}
	bops_json_end_array(&w);
	bops_json_release(&w);
}

static void
funnel_table(struct bops_ctx *ctx, struct bops_buf *b,
    const struct bops_funnel_row *rows, size_t n)
{
	static const char *const head[] = { "stage", "entered", "converted",
	    "rate", "median time" };
	struct bops_table *t = bops_table_new(5, head);
	struct bops_buf c[4] = { BOPS_BUF_INIT, BOPS_BUF_INIT, BOPS_BUF_INIT,
	    BOPS_BUF_INIT };
	const char *cells[5];
	size_t i, k;

	for (k = 1; k < 5; k++)
		bops_table_align(t, k, BOPS_ALIGN_RIGHT);
	for (i = 0; i < n; i++) {
		for (k = 0; k < 4; k++)
			bops_buf_reset(&c[k]);
		bops_buf_printf(&c[0], "%zu", rows[i].entered);
		if (i + 1 < n) {
			bops_buf_printf(&c[1], "%zu", rows[i].converted);
			if (rows[i].entered)
				bops_buf_printf(&c[2], "%.0f%%", 100.0 *
				    (double)rows[i].converted /
				    (double)rows[i].entered);
			else
				bops_buf_puts(&c[2], "-");
		} else {
			bops_buf_puts(&c[1], "-");
			bops_buf_puts(&c[2], "-");
		}
		bops_duration_format_span(&c[3], rows[i].median);
		cells[0] = rows[i].stage;
		for (k = 0; k < 4; k++)
			cells[k + 1] = c[k].ptr;
		bops_table_add(t, cells);
	}
	bops_table_render(b, t, table_flags(ctx), ctx->width);
	bops_table_free(t);
	for (k = 0; k < 4; k++)
		bops_buf_release(&c[k]);
}

static const struct bops_error *
customer_funnel(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	const struct bops_node *stages, **hist = NULL;
	struct out_list l = { NULL, 0, 0 };
	struct bops_funnel_row *rows = NULL;
	struct bops_buf b = BOPS_BUF_INIT, period = BOPS_BUF_INIT;
	const char **names = NULL;
	int32_t first, last;
	size_t i;

	if ((err = out_opts_finish(ctx, &a->out)) ||
	    (err = period_arg(ctx, a, &first, &last, &period)) ||
	    (err = gather(ctx, kind, a->argc, a->argv, &a->out, "id",
	    &l)))
		goto done;
	stages = bops_ws_config_get("customer.stages", ctx->ws);
	if (stages == NULL || stages->type != BOPS_NODE_SEQ)
		goto done;
	names = bops_calloc(stages->n + 1, sizeof(*names));
	for (i = 0; i < stages->n; i++)
		names[i] = stages->items[i]->str;
	hist = bops_calloc(l.n + 1, sizeof(*hist));
	for (i = 0; i < l.n; i++)
		hist[i] = bops_record_get(l.recs[i], "stage_history");
	rows = bops_calloc(stages->n + 1, sizeof(*rows));
	bops_customer_funnel(rows, names, stages->n, hist, l.n,
	    bops_date_local_start(first, ctx->ws->tz),
	    bops_date_local_start(last + 1, ctx->ws->tz));
	if (a->out.json)
		funnel_json(&b, rows, stages->n, period.ptr);
	else
		funnel_table(ctx, &b, rows, stages->n);
	out_write_color(&b);
done:
	free(names);
	free(hist);
	free(rows);
	out_list_release(&l);
	bops_buf_release(&b);
	bops_buf_release(&period);
	return err;
}

const struct bops_verb customer_verbs[] = {
	VERB("note", customer_note, "[ID ...] TEXT", 1, -1, OPTS(OPT_WHERE),
	    "add a note on customers (TEXT - reads it from standard input)"),
	VERB("stage", customer_stage, "[ID ...] STAGE", 1, -1, OPTS(OPT_WHERE),
	    "move customers to a lifecycle stage (kept in their history)"),
	VERB("lead", customer_lead, "[ID ...] STATUS", 1, -1, OPTS(OPT_WHERE),
	    "set customers' lead status (kept in their history)"),
	VERB("funnel", customer_funnel, "[PERIOD] [FILTER ...]", 0, -1,
	    OPTS(OPT_JSON), "per stage: entered in the period, converted, "
	    "median time in it"),
	VERB("export", customer_export, "[FILTER ...]", 0, -1,
	    OPTS(OPT_AUDIENCE, OPT_VALUE("segment", 0, "SEGMENT", segment, 0)),
	    "the upload file of an ad platform's customer list"),
	VERBS_END,
};
