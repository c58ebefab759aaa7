/*
 * deal.c: the rules of deals, their facts, and the forecast.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "customer.h"
#include "date.h"
#include "deal.h"
#include "due.h"
#include "kind.h"
#include "node.h"
#include "record.h"
#include "report.h"
#include "schema.h"
#include "store.h"
#include "workspace.h"
#include "banned.h"

static const struct bops_error *
at(const char *path, const struct bops_node *n, const char *msg)
{
	return bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: %s", path, n->line,
	    n->col, msg);
}

/* The currency and the amount read together. */
static const struct bops_error *
deal_validate(const char *id, struct bops_node *root,
    const struct bops_validate *v)
{
	const struct bops_node *amount = bops_node_map_get(root, "amount");
	const struct bops_node *cur = bops_node_map_get(root, "currency");
	const struct bops_error *err;
	char code[4];
	int64_t units;

	(void)id;
	if (cur && (err = bops_money_currency(code, cur->str)))
		return at(v->path, cur, err->msg);
	if (amount && cur == NULL)
		return at(v->path, amount, "an amount needs its currency "
		    "(currency=USD)");
	if (amount && (err = bops_money_parse(&units, amount->str,
	    bops_money_minor(code), code)))
		return at(v->path, amount, err->msg);
	return NULL;
}

int
bops_deal_probability(struct bops_ws *ws, const char *stage)
{
	const struct bops_node *p = bops_ws_config_get("deal.probability", ws);
	const char *v = stage ? bops_node_map_str(p, stage) : NULL;

	return v ? (int)strtol(v, NULL, 10) : 0;
}

/* Amount and currency as the user typed them, canonical. */
static const struct bops_error *
canonical_amount(struct bops_ws *ws, struct bops_record *rec)
{
	const char *amount = bops_record_str(rec, "amount");
	const char *cur = bops_record_str(rec, "currency");
	const struct bops_error *err;
	struct bops_buf b = BOPS_BUF_INIT;
	char code[4];
	int64_t units;

	if (cur && (err = bops_money_currency(code, cur)))
		return err;
	if (cur && strcmp(cur, code) &&
	    (err = bops_record_set(rec, ws, "currency", code)))
		return err;
	if (amount == NULL)
		return NULL;
	if (cur == NULL)
		return bops_error_fmt(BOPS_ERR_USAGE, "deal '%s': an amount "
		    "needs its currency (currency=USD)", rec->id);
	if ((err = bops_money_parse(&units, amount, bops_money_minor(code),
	    code)))
		return err;
	bops_money_format(&b, units, bops_money_minor(code), 1, false);
	if (strcmp(b.ptr, amount))
		err = bops_record_set(rec, ws, "amount", b.ptr);
	bops_buf_release(&b);
	return err;
}

static const struct bops_error *
deal_check(struct bops_txn *txn, const struct bops_record *before,
    struct bops_record *after)
{
	const struct bops_error *err;
	struct bops_ws *ws = bops_txn_ws(txn);
	const struct bops_node *stages;
	const char *stage, *old;

	if (after == NULL || (bops_txn_flags(txn) & BOPS_TXN_MERGE))
		return NULL;
	stages = bops_ws_config_get("deal.stages", ws);
	if (bops_record_str(after, "stage") == NULL && stages &&
	    stages->type == BOPS_NODE_SEQ && stages->n &&
	    (err = bops_record_set(after, ws, "stage",
	    stages->items[0]->str)))
		return err;
	if ((err = canonical_amount(ws, after)))
		return err;
	stage = bops_record_str(after, "stage");
	old = before ? bops_record_str(before, "stage") : NULL;
	if (stage && strcmp(stage, "lost") == 0 &&
	    (old == NULL || strcmp(old, "lost")) &&
	    bops_record_str(after, "lost_reason") == NULL)
		return bops_error_fmt(BOPS_ERR_USAGE, "deal '%s': a lost deal "
		    "needs its reason: bops deal move %s lost reason=TEXT",
		    after->id, after->id);
	return bops_customer_track(ws, after, "stage", "stage_history",
	    "stage");
}

static bool
has(const struct bops_node *seq, const char *s)
{
	size_t i;

	for (i = 0; seq && seq->type == BOPS_NODE_SEQ && i < seq->n; i++)
		if (strcmp(seq->items[i]->str, s) == 0)
			return true;
	return false;
}

/* deal.stages holds won and lost: they close a deal. */
static const struct bops_error *
deal_config(const char *path, const struct bops_node *config,
    struct bops_problems *all)
{
	const struct bops_node *stages = bops_node_map_get(
	    bops_node_map_get(config, "deal"), "stages");
	const struct bops_error *err = NULL;
	static const char *const closing[] = { "won", "lost" };
	size_t i;

	for (i = 0; stages && i < 2; i++) {
		if (has(stages, closing[i]))
			continue;
		err = bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: deal.stages "
		    "must hold '%s', which closes a deal", path, stages->line,
		    stages->col, closing[i]);
		if (all == NULL)
			return err;
		bops_problems_add(all, err);
	}
	return err;
}

static bool
deal_finished(struct bops_ws *ws, const char *stage)
{
	(void)ws;
	return stage && (strcmp(stage, "won") == 0 ||
	    strcmp(stage, "lost") == 0);
}

/* What is due: open deals whose expected close is past or comes. */

struct deal_walk {
	struct bops_report *r;
	struct bops_ws *ws;
	struct bops_money_totals *stage;	/* reports: per stage */
	size_t *count;
	size_t nstages, open;
	struct bops_deal_fact *facts;	/* sales: every deal's, no stage */
	size_t nfacts;
	struct bops_report_block *won;
};

static const struct bops_error *
due_one(struct bops_due *d, struct bops_ws *ws, struct bops_record *rec,
    void *arg)
{
	struct bops_deal_fact f;
	struct bops_due_item it;
	struct bops_buf cmd = BOPS_BUF_INIT;
	int32_t today = bops_date_local(d->q->now, ws->tz);

	bops_deal_fact(&f, ws, rec);
	if (f.won || f.lost || f.expected_close == INT32_MIN ||
	    !bops_due_day_within(d->q, f.expected_close, ws->tz))
		return NULL;
	memset(&it, 0, sizeof(it));
	bops_buf_printf(&cmd, "bops deal move %s STAGE", rec->id);
	it.kind = rec->kind;
	it.id = rec->id;
	it.title = bops_record_title(rec);
	it.owner = bops_record_str(rec, "owner");
	it.late = f.expected_close < today;
	it.what = it.late ? "past expected close" : "closes";
	it.since = bops_date_local_start(f.expected_close, ws->tz);
	it.command = cmd.ptr;
	bops_due_add(d, &it);
	bops_buf_release(&cmd);
	return NULL;
}

static const struct bops_error *
deal_due(struct bops_due *d, struct bops_ws *ws, const struct bops_kind *kind)
{
	return bops_due_each(d, ws, kind, due_one, NULL);
}

/*
 * Reports: the pipeline, open deals by stage with their amounts per
 * currency (sales); the deals won in the period (weekly).
 */

static long
stage_index(const struct bops_node *stages, const char *stage)
{
	size_t i;

	for (i = 0; stages && stage && i < stages->n; i++)
		if (strcmp(stages->items[i]->str, stage) == 0)
			return (long)i;
	return -1;
}

static const struct bops_error *
report_one(struct bops_record *rec, void *arg)
{
	struct deal_walk *w = arg;
	struct bops_deal_fact f;
	struct bops_buf when = BOPS_BUF_INIT;
	long i;

	bops_deal_fact(&f, w->ws, rec);
	if (strcmp(w->r->topic, "weekly") == 0) {
		if (!f.won || f.closed < 0 || f.closed > w->r->now ||
		    f.closed < bops_date_local_start(w->r->period.first,
		    w->r->tz) || f.closed >= bops_date_local_start(
		    w->r->period.last + 1, w->r->tz))
			return NULL;
		if (w->won == NULL)
			w->won = bops_report_block(bops_report_section(w->r,
			    "progress", "Progress"), BOPS_BLOCK_LIST,
			    "progress-deals", "Deals won");
		bops_date_format(&when, bops_date_local(f.closed, w->r->tz));
		bops_report_line(w->won, bops_record_title(rec), when.ptr);
		bops_buf_release(&when);
		return NULL;
	}
	w->facts = bops_realloc(w->facts, (w->nfacts + 1) * sizeof(*w->facts));
	w->facts[w->nfacts] = f;
	w->facts[w->nfacts++].stage = NULL;	/* rec is borrowed */
	if (f.won || f.lost || (i = stage_index(bops_ws_config_get(
	    "deal.stages", w->ws), f.stage)) < 0)
		return NULL;
	w->count[i]++;
	w->open++;
	if (f.currency[0])
		bops_money_totals_add(&w->stage[i], f.currency, f.minor,
		    f.amount, f.percent);
	return NULL;
}

static void
pipeline_rows(struct bops_report_block *b, const struct deal_walk *w,
    const struct bops_node *stages)
{
	struct bops_buf text = BOPS_BUF_INIT, detail = BOPS_BUF_INIT;
	size_t i, k;

	for (i = 0; i < w->nstages; i++) {
		const char *name = stages->items[i]->str;

		if (strcmp(name, "won") == 0 || strcmp(name, "lost") == 0)
			continue;
		bops_buf_reset(&text);
		bops_buf_reset(&detail);
		bops_buf_printf(&text, "%zu", w->count[i]);
		for (k = 0; k < w->stage[i].n; k++) {
			const struct bops_money_total *t = &w->stage[i].v[k];

			bops_buf_printf(&detail, "%s%s ", k ? ", " : "",
			    t->currency);
			bops_money_format(&detail, t->sum, t->minor, 1, true);
		}
		bops_report_row(b, 0, name, (double)w->count[i],
		    (double)w->open, text.ptr, detail.len ? detail.ptr : NULL,
		    NULL);
	}
	bops_buf_release(&text);
	bops_buf_release(&detail);
}

/* An amount in few characters, for a bar's figure: "950", "1.2k", "48M". */
static void
compact(struct bops_buf *out, double v)
{
	static const char unit[] = " kMBT";
	size_t u = 0;

	while (u + 1 < sizeof(unit) - 1 && v >= 999.5) {
		v /= 1000;
		u++;
	}
	if (u == 0)
		bops_buf_printf(out, "%.0f", v);
	else
		bops_buf_printf(out, v < 9.95 ? "%.1f%c" : "%.0f%c", v, unit[u]);
}

/* A weighted sum (minor units x percent) in the currency's major units. */
static double
weighted_major(const struct bops_money_total *t)
{
	double v = (double)t->weighted / 100;
	int i;

	for (i = 0; i < t->minor; i++)
		v /= 10;
	return v;
}

/*
 * The forecast of `bops deal forecast` for the report's period: a bar
 * per month and currency of the open deals expected to close then,
 * weighted by their stage's win probability, against the largest month
 * of that currency (amounts of two currencies are never compared); then
 * what was won and lost in the period.
 */
static void
forecast_rows(struct bops_report_block *b, const struct bops_forecast *f)
{
	struct bops_buf label = BOPS_BUF_INIT, text = BOPS_BUF_INIT;
	struct bops_buf detail = BOPS_BUF_INIT;
	size_t i, j, k, none;
	double top;

	for (i = 0; i < f->nmonths; i++) {
		const struct bops_money_totals *m = &f->months[i].totals;

		none = f->months[i].n;
		for (k = 0; k < m->n; k++) {
			const struct bops_money_total *t = &m->v[k];

			for (top = 0, j = 0; j < f->nmonths; j++) {
				size_t c;

				for (c = 0; c < f->months[j].totals.n; c++)
					if (strcmp(f->months[j].totals.v[c].
					    currency, t->currency) == 0 &&
					    weighted_major(&f->months[j].
					    totals.v[c]) > top)
						top = weighted_major(
						    &f->months[j].totals.v[c]);
			}
			bops_buf_reset(&label);
			bops_buf_reset(&text);
			bops_buf_reset(&detail);
			bops_date_format(&label, f->months[i].month);
			bops_buf_truncate(&label, 7);
			bops_buf_printf(&label, " %s", t->currency);
			compact(&text, weighted_major(t));
			bops_money_format(&detail, t->weighted, t->minor, 100,
			    true);
			bops_buf_puts(&detail, " of ");
			bops_money_format(&detail, t->sum, t->minor, 1, true);
			bops_buf_printf(&detail, " in %zu deal%s", t->n,
			    t->n == 1 ? "" : "s");
			bops_report_row(b, 0, label.ptr, weighted_major(t),
			    top > 0 ? top : 1, text.ptr, detail.ptr, NULL);
			none -= t->n < none ? t->n : none;
		}
		if (none == 0)
			continue;
		bops_buf_reset(&label);
		bops_buf_reset(&detail);
		bops_date_format(&label, f->months[i].month);
		bops_buf_truncate(&label, 7);
		bops_buf_printf(&detail, "%zu deal%s without an amount", none,
		    none == 1 ? "" : "s");
		bops_report_row(b, 0, label.ptr, 0, 1, "-", detail.ptr, NULL);
	}
	bops_buf_release(&label);
	bops_buf_release(&text);
	bops_buf_release(&detail);
}

/* "Won: 1 deal" with its amounts per currency, if it has any. */
static void
closed_line(struct bops_report_block *b, const char *what, size_t n,
    const struct bops_money_totals *m)
{
	struct bops_buf label = BOPS_BUF_INIT, detail = BOPS_BUF_INIT;
	size_t i;

	bops_buf_printf(&label, "%s: %zu deal%s", what, n, n == 1 ? "" : "s");
	for (i = 0; i < m->n; i++) {
		bops_buf_printf(&detail, "%s%s ", i ? ", " : "",
		    m->v[i].currency);
		bops_money_format(&detail, m->v[i].sum, m->v[i].minor, 1, true);
	}
	bops_report_line(b, label.ptr, detail.len ? detail.ptr : NULL);
	bops_buf_release(&label);
	bops_buf_release(&detail);
}

static void
forecast_blocks(struct bops_report *r, struct bops_report_section *s,
    const struct deal_walk *w)
{
	struct bops_report_block *b;
	struct bops_buf line = BOPS_BUF_INIT;
	struct bops_forecast f;

	bops_deal_forecast(&f, w->facts, w->nfacts, r->period.first,
	    r->period.last, bops_date_local_start(r->period.first, r->tz),
	    bops_date_local_start(r->period.last + 1, r->tz));
	b = bops_report_block(s, BOPS_BLOCK_BARS, "sales-forecast",
	    "Forecast: weighted pipeline by expected close month");
	if (f.nmonths)
		bops_report_block_note(b, "Weighted by each stage's win "
		    "probability; a bar compares one currency's months.");
	else
		bops_report_block_note(b, "No open deal is expected to close "
		    "in %s.", r->period_text);
	forecast_rows(b, &f);
	bops_buf_printf(&line, "Closed in %s", r->period_text);
	b = bops_report_block(s, BOPS_BLOCK_LIST, "sales-closed", line.ptr);
	bops_buf_reset(&line);
	closed_line(b, "Won", f.nwon, &f.won);
	closed_line(b, "Lost", f.nlost, &f.lost);
	if (f.win_rate >= 0)
		bops_buf_printf(&line, "Win rate: %.0f%%", 100 * f.win_rate);
	else
		bops_buf_puts(&line, "Win rate: -");
	bops_report_line(b, line.ptr, NULL);
	bops_buf_reset(&line);
	if (f.median_days >= 0)
		bops_buf_printf(&line, "Median days to close: %.1f",
		    f.median_days);
	else
		bops_buf_puts(&line, "Median days to close: -");
	bops_report_line(b, line.ptr, NULL);
	bops_buf_release(&line);
	bops_deal_forecast_release(&f);
}

static const struct bops_error *
deal_report(struct bops_report *r, struct bops_ws *ws,
    const struct bops_kind *kind)
{
	const struct bops_error *err;
	const struct bops_node *stages = bops_ws_config_get("deal.stages", ws);
	struct bops_report_section *s;
	struct bops_report_block *b;
	struct deal_walk w;
	size_t i;

	if (strcmp(r->topic, "sales") && strcmp(r->topic, "weekly"))
		return NULL;
	memset(&w, 0, sizeof(w));
	w.r = r;
	w.ws = ws;
	w.nstages = stages && stages->type == BOPS_NODE_SEQ ? stages->n : 0;
	w.stage = bops_calloc(w.nstages + 1, sizeof(*w.stage));
	w.count = bops_calloc(w.nstages + 1, sizeof(*w.count));
	if ((err = bops_store_each(ws, kind, r->commit, report_one, NULL,
	    &w)) || strcmp(r->topic, "sales"))
		goto done;
	s = bops_report_section(r, "sales", "Sales");
	if (w.open == 0)
		bops_report_note(s, "No open deals.");
	else {
		b = bops_report_block(s, BOPS_BLOCK_BARS, "sales-pipeline",
		    "Pipeline: open deals by stage");
		bops_report_block_note(b, "%zu open deal%s; amounts per "
		    "currency, never added across currencies.", w.open,
		    w.open == 1 ? "" : "s");
		pipeline_rows(b, &w, stages);
	}
	if (w.nfacts)
		forecast_blocks(r, s, &w);
done:
	for (i = 0; i < w.nstages; i++)
		bops_money_totals_release(&w.stage[i]);
	free(w.stage);
	free(w.count);
	free(w.facts);
	return err;
}

const struct bops_kind_rules bops_deal_rules = {
	.validate = deal_validate,
	.check = deal_check,
	.config = deal_config,
	.finished = deal_finished,
	.due = deal_due,
	.topic = "sales",
	.report = deal_report,
	.finished_by = "stage",
};

void
bops_deal_fact(struct bops_deal_fact *out, struct bops_ws *ws,
    const struct bops_record *rec)
{
	const char *amount = bops_record_str(rec, "amount");
	const char *cur = bops_record_str(rec, "currency");
	const char *s;
	const struct bops_node *h = bops_record_get(rec, "stage_history");
	size_t i;

	memset(out, 0, sizeof(*out));
	out->stage = bops_record_str(rec, "stage");
	out->percent = bops_deal_probability(ws, out->stage);
	out->won = out->stage && strcmp(out->stage, "won") == 0;
	out->lost = out->stage && strcmp(out->stage, "lost") == 0;
	out->expected_close = INT32_MIN;
	out->closed = -1;
	if (cur && amount && bops_money_currency(out->currency, cur) == NULL &&
	    bops_money_parse(&out->amount, amount, out->minor =
	    bops_money_minor(out->currency), out->currency) == NULL)
		;
	else {
		out->currency[0] = '\0';
		out->amount = 0;
	}
	if ((s = bops_record_str(rec, "expected_close")))
		(void)bops_date_parse(&out->expected_close, s);
	if ((s = bops_record_str(rec, "created")) &&
	    bops_instant_parse(&out->created, s))
		out->created = 0;
	/* closed: the last time it entered the stage it is in */
	for (i = h && h->type == BOPS_NODE_SEQ ? h->n : 0;
	    (out->won || out->lost) && i-- > 0;) {
		s = bops_node_map_str(h->items[i], "stage");
		if (s && strcmp(s, out->stage) == 0 &&
		    bops_node_map_str(h->items[i], "at") &&
		    bops_instant_parse(&out->closed, bops_node_map_str(
		    h->items[i], "at")) == NULL)
			break;
		out->closed = -1;
	}
}

int
bops_deal_cmp(const struct bops_deal_fact *a, const struct bops_deal_fact *b)
{
	int c;

	/* INT32_MIN is "none": after every day */
	if (a->expected_close != b->expected_close)
		return a->expected_close == INT32_MIN ? 1 :
		    b->expected_close == INT32_MIN ? -1 :
		    a->expected_close < b->expected_close ? -1 : 1;
	if (!a->currency[0] != !b->currency[0])
		return a->currency[0] ? -1 : 1;
	if ((c = strcmp(a->currency, b->currency)))
		return c < 0 ? -1 : 1;
	return (a->amount < b->amount) - (a->amount > b->amount);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static struct bops_forecast_month *
month_of(struct bops_forecast *f, int32_t day)
{
	int y, m, d;
	int32_t first;
	size_t i;

	bops_date_to_ymd(day, &y, &m, &d);
	first = bops_date_from_ymd(y, m, 1);
	for (i = 0; i < f->nmonths; i++)
		if (f->months[i].month == first)
			return &f->months[i];
	f->months = bops_realloc(f->months, (f->nmonths + 1) *
	    sizeof(*f->months));
	for (i = f->nmonths; i > 0 && f->months[i - 1].month > first; i--)
		f->months[i] = f->months[i - 1];
	memset(&f->months[i], 0, sizeof(f->months[i]));
	f->months[i].month = first;
	f->nmonths++;
	return &f->months[i];
}

void
bops_deal_forecast(struct bops_forecast *out,
    const struct bops_deal_fact *facts, size_t n, int32_t first,
    int32_t last, int64_t from, int64_t to)
{
	double *days = bops_calloc(n + 1, sizeof(*days));
	struct bops_forecast_month *m;
	size_t i, nd = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++) {
		const struct bops_deal_fact *d = &facts[i];

		if (!d->won && !d->lost) {
			if (d->expected_close < first ||
			    d->expected_close > last)
				continue;
			m = month_of(out, d->expected_close);
			m->n++;
			if (d->currency[0])
				bops_money_totals_add(&m->totals, d->currency,
				    d->minor, d->amount, d->percent);
			continue;
		}
		if (d->closed < from || d->closed >= to)
			continue;
		if (d->won) {
			out->nwon++;
			days[nd++] = (double)(d->closed - d->created) / 86400;
		} else
			out->nlost++;
		if (d->currency[0])
			bops_money_totals_add(d->won ? &out->won : &out->lost,
			    d->currency, d->minor, d->amount, 100);
	}
	out->win_rate = out->nwon + out->nlost ? (double)out->nwon /
	    (double)(out->nwon + out->nlost) : -1;
	out->median_days = -1;
	if (nd) {
		bops_qsort(days, nd, sizeof(*days), cmp_double);
		out->median_days = nd % 2 ? days[nd / 2] :
		    (days[nd / 2 - 1] + days[nd / 2]) / 2;
	}
	free(days);
}

void
bops_deal_forecast_release(struct bops_forecast *f)
{
	size_t i;

	for (i = 0; i < f->nmonths; i++)
		bops_money_totals_release(&f->months[i].totals);
	free(f->months);
	bops_money_totals_release(&f->won);
	bops_money_totals_release(&f->lost);
	memset(f, 0, sizeof(*f));
}
