/*
 * deal.c: the verbs only deals have: moving one through the pipeline,
 * the board (a column of cards per stage, drawn by cmd/board.c, with
 * its sums per currency), the forecast.  The rules (the stage history,
 * a lost deal's reason, exact amounts, the order of the cards) are
 * lib/deal.c's; this file checks what is typed and prints what lib
 * computes.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "deal.h"
#include "money.h"
#include "out.h"
#include "banned.h"

/* An amount in the minor units of its currency: 2 for USD, 0 for VND. */
static const struct bops_error *
parse_amount(int64_t *out, const char *text, const char *code)
{
	return bops_money_parse(out, text, bops_money_minor(code), code);
}

static const struct money_field amount_field = {
	"amount", "an amount needs its currency (currency=USD)", parse_amount
};

static const struct bops_error *
deal_add(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err;

	if ((err = money_check(&amount_field, a->argc, a->argv, 1, NULL)))
		return err;
	return verb_find(record_verbs, "add")->fn(ctx, kind, a);
}

/* An amount= of set checked in the deal's own currency, or the new one. */
static const struct bops_error *
deal_set(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	return money_set(ctx, kind, a, &amount_field);
}

struct move {
	const char *stage, *reason;
	struct bops_buf what;
};

static const struct bops_error *
apply_move(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	const struct bops_error *err;
	struct move *m = arg;
	const char *old = bops_record_str(rec, "stage");

	(void)txn;
	bops_buf_printf(&m->what, "stage %s -> %s", old ? old : "none",
	    m->stage);
	if (m->reason && (err = bops_record_set(rec, ctx->ws, "lost_reason",
	    m->reason)))
		return err;
	return bops_record_set(rec, ctx->ws, "stage", m->stage);
}

static const struct bops_error *
deal_move(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err;
	struct move m = { NULL, NULL, BOPS_BUF_INIT };
	struct bops_buf what = BOPS_BUF_INIT;
	struct bulk b;
	int end = a->argc;

	if (end > 2 && strncmp(a->argv[end - 1], "reason=", 7) == 0) {
		if (!a->argv[end - 1][7])
			return usage_error(a);
		m.reason = a->argv[--end] + 7;
	}
	if (end < 3 && a->where.n == 0)
		return usage_error(a);
	if ((err = enum_arg(ctx, kind, "stage", "stage", a->argv[end - 1],
	    &m.stage)))
		return err;
	if (strcmp(m.stage, "lost") == 0 && m.reason == NULL)
		return bops_error_fmt(BOPS_ERR_USAGE, "a lost deal needs its "
		    "reason: bops deal move %s lost reason=TEXT",
		    end > 2 ? a->argv[1] : "--where FILTER");
	bops_buf_printf(&what, "stage -> %s", m.stage);
	b = (struct bulk){ .apply = apply_move, .arg = &m, .what = what.ptr,
	    .said = &m.what };
	err = bulk_verb(ctx, kind, a, 1, end - 1, &b);
	bops_buf_release(&m.what);
	bops_buf_release(&what);
	return err;
}

/* The facts of the deals that match the filters of a. */
static const struct bops_error *
facts_of(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a,
    struct out_list *l, struct bops_deal_fact **out)
{
	const struct bops_error *err;
	struct out_opts o = { 0 };
	size_t i;


	*out = NULL;
	/* every deal that matches: --limit is the board's, per column */
	if ((err = gather(ctx, kind, a->argc, a->argv, &o, "id", l)))
		return err;
	*out = bops_calloc(l->n + 1, sizeof(**out));
	for (i = 0; i < l->n; i++)
		bops_deal_fact(&(*out)[i], ctx->ws, l->recs[i]);
	return NULL;
}

/* Cells of one currency's total: currency, amount, weighted. */
static void
money_cells(struct bops_buf c[3], const struct bops_money_total *t,
    bool weighted)
{
	bops_buf_puts(&c[0], t->currency);
	bops_money_format(&c[1], t->sum, t->minor, 1, true);
	if (weighted)
		bops_money_format(&c[2], t->weighted, t->minor, 100, true);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
money_json(struct bops_json *w, const struct bops_money_totals *t,
    bool weighted)
{
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	bops_json_begin_array(w, 0);
	for (i = 0; i < t->n; i++) {
		bops_json_begin_object(w, 0);
		bops_json_key(w, "currency");
		bops_json_str(w, t->v[i].currency);
		bops_json_key(w, "amount");
		bops_buf_reset(&b);
		bops_money_format(&b, t->v[i].sum, t->v[i].minor, 1, false);
		bops_json_str(w, b.ptr);
		if (weighted) {
			bops_json_key(w, "weighted");
			bops_buf_reset(&b);
			bops_money_format(&b, t->v[i].weighted, t->v[i].minor,
			    100, false);
			bops_json_str(w, b.ptr);
		}
		bops_json_end_object(w);
	}
	bops_json_end_array(w);
	bops_buf_release(&b);
}

/*
 * Rows of a table for totals: the first with lead (its first cells), the
 * others, one per further currency, with those cells empty.
 */
static void
total_rows(struct bops_table *t, const char *const *lead, size_t nlead,
    const struct bops_money_totals *m, bool weighted)
{
	struct bops_buf c[3] = { BOPS_BUF_INIT, BOPS_BUF_INIT, BOPS_BUF_INIT };
	const char *cells[8];
	size_t i, k;

	for (i = 0; i < (m->n ? m->n : 1); i++) {
		for (k = 0; k < nlead; k++)
			cells[k] = i ? NULL : lead[k];
		for (k = 0; k < 3; k++)
			bops_buf_reset(&c[k]);
		if (m->n)
			money_cells(c, &m->v[i], weighted);
		for (k = 0; k < 3; k++)
			cells[nlead + k] = c[k].ptr;
		bops_table_add(t, cells);
	}
	for (k = 0; k < 3; k++)
		bops_buf_release(&c[k]);
}

/* A stage of the board: its deals, in the board's order, and totals. */
struct stage {
	const char *name;
	int percent;
	size_t n;
	struct bops_money_totals m;
};

/* A deal on the board: its record and its facts. */
struct card {
	struct bops_record *rec;
	const struct bops_deal_fact *f;
};

static int
cmp_card(const void *x, const void *y)
{
	const struct card *a = x, *b = y;
	int c = bops_deal_cmp(a->f, b->f);

	return c ? c : strcmp(a->rec->id, b->rec->id);
}

static int
cmp_total(const void *x, const void *y)
{
	return strcmp(((const struct bops_money_total *)x)->currency,
	    ((const struct bops_money_total *)y)->currency);
}

/*
 * The stages of deal.stages with their counts and totals (currencies in
 * alphabetical order), and the cards in the board's order.
 */
static void
stages_of(struct bops_ctx *ctx, const struct out_list *l,
    const struct bops_deal_fact *facts, struct stage **out, size_t *n,
    struct card **cards)
{
	const struct bops_node *cfg = bops_ws_config_get("deal.stages",
	    ctx->ws);
	struct stage *st;
	size_t s, i;

	*n = cfg && cfg->type == BOPS_NODE_SEQ ? cfg->n : 0;
	*out = st = bops_calloc(*n + 1, sizeof(*st));
	*cards = bops_calloc(l->n + 1, sizeof(**cards));
	for (i = 0; i < l->n; i++) {
		(*cards)[i].rec = l->recs[i];
		(*cards)[i].f = &facts[i];
	}
	bops_qsort(*cards, l->n, sizeof(**cards), cmp_card);
	for (s = 0; s < *n; s++) {
		st[s].name = cfg->items[s]->str;
		st[s].percent = bops_deal_probability(ctx->ws, st[s].name);
		for (i = 0; i < l->n; i++)
			if (facts[i].stage && strcmp(facts[i].stage,
			    st[s].name) == 0) {
				st[s].n++;
				if (facts[i].currency[0])
					bops_money_totals_add(&st[s].m,
					    facts[i].currency, facts[i].minor,
					    facts[i].amount, facts[i].percent);
			}
		bops_qsort(st[s].m.v, st[s].m.n, sizeof(*st[s].m.v), cmp_total);
	}
}

/* --summary: a row per stage, and a row per further currency. */
static void
board_summary(struct bops_ctx *ctx, struct bops_buf *b,
    const struct stage *st, size_t n, bool json)
{
	static const char *const head[] = { "stage", "chance", "deals",
	    "currency", "amount", "weighted" };
	struct bops_buf pct = BOPS_BUF_INIT, cnt = BOPS_BUF_INIT;
	struct bops_table *t = bops_table_new(6, head);
	struct bops_json w;
	const char *lead[3];
	size_t s, i;

	for (i = 1; i < 6; i++)
		if (i != 3)
			bops_table_align(t, i, BOPS_ALIGN_RIGHT);
	if (json) {
		bops_json_init(&w, b);
		bops_json_begin_array(&w, BOPS_JSON_LINES);
	}
	for (s = 0; s < n; s++) {
		if (json) {
			bops_json_begin_object(&w, 0);
			bops_json_key(&w, "stage");
			bops_json_str(&w, st[s].name);
			bops_json_key(&w, "probability");
			bops_json_int(&w, st[s].percent);
			bops_json_key(&w, "deals");
			bops_json_int(&w, (int64_t)st[s].n);
			bops_json_key(&w, "totals");
			money_json(&w, &st[s].m, true);
			bops_json_end_object(&w);
			continue;
		}
		bops_buf_reset(&pct);
		bops_buf_reset(&cnt);
		bops_buf_printf(&pct, "%d%%", st[s].percent);
		bops_buf_printf(&cnt, "%zu", st[s].n);
		lead[0] = st[s].name;
		lead[1] = pct.ptr;
		lead[2] = cnt.ptr;
		total_rows(t, lead, 3, &st[s].m, true);
	}
	if (json) {
		bops_json_end_array(&w);
		bops_json_release(&w);
	} else
		bops_table_render(b, t, table_flags(ctx), ctx->width);
	bops_table_free(t);
	bops_buf_release(&pct);
	bops_buf_release(&cnt);
}

/* --json: the columns with their totals and (up to limit) deals. */
static void
board_json(struct bops_buf *b, const struct stage *st, size_t n,
    const struct card *cards, size_t ncards, long limit)
{
	struct bops_json w;
	size_t s, i, shown;

	bops_json_init(&w, b);
	bops_json_begin_object(&w, 0);
	bops_json_key(&w, "columns");
	bops_json_begin_array(&w, BOPS_JSON_LINES);
	for (s = 0; s < n; s++) {
		bops_json_begin_object(&w, 0);
		bops_json_key(&w, "name");
		bops_json_str(&w, st[s].name);
		bops_json_key(&w, "probability");
		bops_json_int(&w, st[s].percent);
		bops_json_key(&w, "count");
		bops_json_int(&w, (int64_t)st[s].n);
		bops_json_key(&w, "totals");
		money_json(&w, &st[s].m, true);
		bops_json_key(&w, "deals");
		bops_json_begin_array(&w, 0);
		for (i = shown = 0; i < ncards; i++)
			if (cards[i].f->stage && strcmp(cards[i].f->stage,
			    st[s].name) == 0 && (limit < 0 ||
			    shown++ < (size_t)limit))
				out_record_json(&w, cards[i].rec);
		bops_json_end_array(&w);
		bops_json_end_object(&w);
	}
	bops_json_end_array(&w);
	bops_json_end_object(&w);
	bops_json_release(&w);
}

/*
 * A card: "id title", then, under it, the amount with its currency,
 * and the expected close and the owner when they fit in width.
 */
static void
deal_card(struct bops_buf *b, const struct card *c, size_t idlen,
    size_t width)
{
	struct bops_buf line = BOPS_BUF_INIT, part = BOPS_BUF_INIT;
	const char *more[2];
	size_t k;

	bops_buf_printf(b, "%.*s %s\n", (int)idlen, c->rec->id,
	    bops_record_title(c->rec));
	bops_buf_puts(&line, "  ");
	if (c->f->currency[0]) {
		bops_buf_printf(&line, "%s ", c->f->currency);
		bops_money_format(&line, c->f->amount, c->f->minor, 1, true);
	}
	more[0] = bops_record_str(c->rec, "expected_close");
	more[1] = bops_record_str(c->rec, "owner");
	for (k = 0; k < 2; k++) {
		if (more[k] == NULL)
			continue;
		bops_buf_reset(&part);
		bops_buf_printf(&part, "%s%s", line.len > 2 ? " " : "",
		    more[k]);
		if (bops_out_width(line.ptr) + bops_out_width(part.ptr) <=
		    width)
			bops_buf_puts(&line, part.ptr);
	}
	if (line.len > 2)
		bops_buf_printf(b, "%s\n", line.ptr);
	bops_buf_release(&line);
	bops_buf_release(&part);
}

/* The colour of a card: dim once closed, red past its expected close. */
static const char *
card_color(struct bops_ctx *ctx, const struct card *c)
{
	if (c->f->won || c->f->lost)
		return row_color(ctx, c->rec);
	return c->f->expected_close != INT32_MIN && c->f->expected_close <
	    ctx->ws->today ? "31" : NULL;
}

/* The board: a column per stage, its head, then its cards. */
static void
board_text(struct bops_ctx *ctx, struct bops_buf *b, const struct stage *st,
    size_t n, const struct card *cards, size_t ncards, long limit)
{
	const char *arrow = ctx->utf8 ? "→" : "->";
	struct board board;
	struct bops_buf *card;
	char **ids = bops_calloc(ncards + 1, sizeof(*ids)), **at;
	const char *key;
	size_t s, i, k;

	board_init(&board, n, limit);
	for (s = 0; s < n; s++) {
		bops_buf_printf(&board.cols[s].head, "%s %zu at %d%%\n",
		    st[s].name, st[s].n, st[s].percent);
		for (k = 0; k < st[s].m.n; k++) {
			const struct bops_money_total *t = &st[s].m.v[k];

			bops_buf_printf(&board.cols[s].head, "%s ",
			    t->currency);
			bops_money_format(&board.cols[s].head, t->sum,
			    t->minor, 1, true);
			/* at 0% or 100% the weighted says nothing more */
			if (st[s].percent > 0 && st[s].percent < 100) {
				bops_buf_printf(&board.cols[s].head, " %s ",
				    arrow);
				bops_money_format(&board.cols[s].head,
				    t->weighted, t->minor, 100, true);
			}
			bops_buf_putc(&board.cols[s].head, '\n');
		}
	}
	board_layout(&board, ctx, 24);
	for (i = 0; i < ncards; i++)
		ids[i] = cards[i].rec->id;
	bops_qsort(ids, ncards, sizeof(*ids), cmp_str);
	for (i = 0; i < ncards; i++)
		for (s = 0; s < n; s++) {
			if (cards[i].f->stage == NULL || strcmp(
			    cards[i].f->stage, st[s].name) || (card =
			    board_card(&board, s, card_color(ctx, &cards[i])))
			    == NULL)
				continue;
			key = cards[i].rec->id;
			at = bsearch(&key, ids, ncards, sizeof(*ids), cmp_str);
			deal_card(card, &cards[i], id_prefix_len(ids, ncards,
			    (size_t)(at - ids)), board.width);
		}
	board_render(b, ctx, &board);
	board_release(&board);
	free(ids);
}

static const struct bops_error *
deal_board(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct out_list l = { NULL, 0, 0 };
	struct bops_deal_fact *facts = NULL;
	struct stage *st = NULL;
	struct card *cards = NULL;
	struct bops_buf b = BOPS_BUF_INIT;
	size_t n = 0, s;
	long limit = -1;

	if ((err = out_opts_finish(ctx, &a->out)) || (a->out.limit &&
	    (err = parse_count(a->out.limit, "--limit", &limit))) ||
	    (err = facts_of(ctx, kind, a, &l, &facts)))
		goto done;
	stages_of(ctx, &l, facts, &st, &n, &cards);
	if (a->summary)
		board_summary(ctx, &b, st, n, a->out.json);
	else if (a->out.json)
		board_json(&b, st, n, cards, l.n, limit);
	else
		board_text(ctx, &b, st, n, cards, l.n, limit);
	out_write_color(&b);
done:
	for (s = 0; s < n; s++)
		bops_money_totals_release(&st[s].m);
	free(st);
	free(cards);
	free(facts);
	out_list_release(&l);
	bops_buf_release(&b);
	return err;
}

static void
forecast_json(struct bops_buf *b, const struct bops_forecast *f,
    const char *period)
{
	struct bops_buf d = BOPS_BUF_INIT;
	struct bops_json w;
	size_t i;

	bops_json_init(&w, b);
	bops_json_begin_object(&w, BOPS_JSON_LINES);
	bops_json_key(&w, "period");
	bops_json_str(&w, period);
	bops_json_key(&w, "months");
	bops_json_begin_array(&w, 0);
	for (i = 0; i < f->nmonths; i++) {
		bops_buf_reset(&d);
		bops_date_format(&d, f->months[i].month);
		bops_buf_truncate(&d, 7);
		bops_json_begin_object(&w, 0);
		bops_json_key(&w, "month");
		bops_json_str(&w, d.ptr);
		bops_json_key(&w, "deals");
		bops_json_int(&w, (int64_t)f->months[i].n);
		bops_json_key(&w, "totals");
		money_json(&w, &f->months[i].totals, true);
		bops_json_end_object(&w);
	}
	bops_json_end_array(&w);
	bops_json_key(&w, "won");
	bops_json_int(&w, (int64_t)f->nwon);
	bops_json_key(&w, "won_totals");
	money_json(&w, &f->won, false);
	bops_json_key(&w, "lost");
	bops_json_int(&w, (int64_t)f->nlost);
	bops_json_key(&w, "lost_totals");
	money_json(&w, &f->lost, false);
	bops_json_key(&w, "win_rate");
	if (f->win_rate >= 0)
		bops_json_round(&w, f->win_rate, 4);
	else
		bops_json_null(&w);
	bops_json_key(&w, "median_days_to_close");
	if (f->median_days >= 0)
		bops_json_round(&w, f->median_days, 2);
	else
		bops_json_null(&w);
	bops_json_end_object(&w);
	bops_json_release(&w);
	bops_buf_release(&d);
}

/* "won   2  VND 120,000,000, USD 5,000.00" */
static void
closed_line(struct bops_buf *b, const char *what, size_t n,
    const struct bops_money_totals *m)
{
	size_t i;

	bops_buf_printf(b, "%-5s %zu", what, n);
	for (i = 0; i < m->n; i++) {
		bops_buf_printf(b, "%s%s ", i ? ", " : "  ", m->v[i].currency);
		bops_money_format(b, m->v[i].sum, m->v[i].minor, 1, true);
	}
	bops_buf_putc(b, '\n');
}

static void
forecast_text(struct bops_ctx *ctx, struct bops_buf *b,
    const struct bops_forecast *f)
{
	static const char *const head[] = { "month", "deals", "currency",
	    "amount", "weighted" };
	struct bops_table *t = bops_table_new(5, head);
	struct bops_buf mo = BOPS_BUF_INIT, cnt = BOPS_BUF_INIT;
	const char *lead[2];
	size_t i;

	bops_table_align(t, 1, BOPS_ALIGN_RIGHT);
	bops_table_align(t, 3, BOPS_ALIGN_RIGHT);
	bops_table_align(t, 4, BOPS_ALIGN_RIGHT);
	for (i = 0; i < f->nmonths; i++) {
		bops_buf_reset(&mo);
		bops_buf_reset(&cnt);
		bops_date_format(&mo, f->months[i].month);
		bops_buf_truncate(&mo, 7);
		bops_buf_printf(&cnt, "%zu", f->months[i].n);
		lead[0] = mo.ptr;
		lead[1] = cnt.ptr;
		total_rows(t, lead, 2, &f->months[i].totals, true);
	}
	if (f->nmonths)
		bops_table_render(b, t, table_flags(ctx), ctx->width);
	else
		bops_buf_puts(b, "no open deal expected to close\n");
	bops_buf_putc(b, '\n');
	closed_line(b, "won", f->nwon, &f->won);
	closed_line(b, "lost", f->nlost, &f->lost);
	if (f->win_rate >= 0)
		bops_buf_printf(b, "win rate %.0f%%\n", 100 * f->win_rate);
	else
		bops_buf_puts(b, "win rate -\n");
	if (f->median_days >= 0)
		bops_buf_printf(b, "median days to close %.1f\n",
		    f->median_days);
	else
		bops_buf_puts(b, "median days to close -\n");
	bops_table_free(t);
	bops_buf_release(&mo);
	bops_buf_release(&cnt);
}

static const struct bops_error *
deal_forecast(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct out_list l = { NULL, 0, 0 };
	struct bops_deal_fact *facts = NULL;
	struct bops_forecast f;
	struct bops_buf b = BOPS_BUF_INIT, period = BOPS_BUF_INIT;
	int32_t first, last;

	memset(&f, 0, sizeof(f));
	if ((err = out_opts_finish(ctx, &a->out)) ||
	    (err = period_arg(ctx, a, &first, &last, &period)) ||
	    (err = facts_of(ctx, kind, a, &l, &facts)))
		goto done;
	bops_deal_forecast(&f, facts, l.n, first, last,
	    bops_date_local_start(first, ctx->ws->tz),
	    bops_date_local_start(last + 1, ctx->ws->tz));
	if (a->out.json)
		forecast_json(&b, &f, period.ptr);
	else
		forecast_text(ctx, &b, &f);
	out_write_color(&b);
done:
	bops_deal_forecast_release(&f);
	free(facts);
	out_list_release(&l);
	bops_buf_release(&b);
	bops_buf_release(&period);
	return err;
}

const struct bops_verb deal_verbs[] = {
	VERB_ADD(deal_add, "add a deal (in the first stage) and print its id"),
	VERB("set", deal_set, "[ID ...] field=value|field+=item|field-=item|"
	    "field= ...", 1, -1, OPTS(OPT_WHERE, OPT_FORCE),
	    "change fields of deals: the ids given, or what --where picks"),
	VERB("move", deal_move, "[ID ...] STAGE [reason=TEXT]", 1, -1,
	    OPTS(OPT_WHERE), "move deals to a stage (lost needs reason=)"),
	VERB("board", deal_board, "[FILTER ...]", 0, -1,
	    OPTS(OPT_LIMIT, OPT_FLAG("summary", 0, summary, OPT_OR), OPT_JSON),
	    "the Kanban board of deals: a column per stage, totals per "
	    "currency"),
	VERB("forecast", deal_forecast, "[PERIOD] [FILTER ...]", 0, -1,
	    OPTS(OPT_JSON), "weighted pipeline by month; won, lost, win rate"),
	VERBS_END,
};
