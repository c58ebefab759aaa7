/*
 * project.c: the rules of projects and their arithmetic: earned value,
 * health, the risk matrix, budget against actual.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "customer.h"
#include "date.h"
#include "kind.h"
#include "node.h"
#include "project.h"
#include "record.h"
#include "schema.h"
#include "store.h"
#include "workspace.h"
#include "banned.h"

static double
number(const struct bops_node *map, const char *key, double def)
{
	const char *v = bops_node_map_str(map, key);

	return v ? strtod(v, NULL) : def;
}

void
bops_project_conf_read(struct bops_project_conf *out,
    const struct bops_node *project)
{
	const struct bops_node *h = bops_node_map_get(project, "health");

	out->on_track = number(h, "on_track", 0.9);
	out->at_risk = number(h, "at_risk", 0.6);
	out->cost_green = number(h, "cost_green", 0.95);
	out->cost_amber = number(h, "cost_amber", 0.85);
	out->quality_amber = number(h, "quality_amber", 0.9);
	out->risk_amber = (int)number(h, "risk_amber", 15);
	out->risk_red = (int)number(h, "risk_red", 20);
}

const struct bops_error *
bops_project_amount(int64_t *out, const char *text, const char *code,
    bool negative)
{
	const struct bops_error *err;
	bool minus = negative && text[0] == '-';

	if ((err = bops_money_parse(out, text + minus, bops_money_minor(code),
	    code)))
		return err;
	if (minus)
		*out = -*out;
	return NULL;
}

bops_money_sum
bops_project_muldiv(bops_money_sum v, bops_money_sum num, bops_money_sum den)
{
	bops_money_sum p = v * num, q, r;
	bool neg = p < 0;

	if (neg)
		p = -p;
	q = p / den;
	r = p % den;
	if (2 * r >= den)
		q++;
	return neg ? -q : q;
}

void
bops_project_evm(struct bops_evm *e)
{
	int64_t elapsed = e->elapsed < 0 ? 0 : e->elapsed;

	if (e->span > 0 && elapsed > e->span)
		elapsed = e->span;
	e->expected = e->span > 0 ? (double)elapsed / (double)e->span : 1;
	e->pv = e->span > 0 ? bops_project_muldiv(e->bac, elapsed, e->span) :
	    e->bac;
	e->progress = e->total ? (double)e->done / (double)e->total : -1;
	e->ev = e->total ? bops_project_muldiv(e->bac, (bops_money_sum)e->done,
	    (bops_money_sum)e->total) : 0;
	e->cpi = e->ac > 0 && e->total ? (double)e->ev / (double)e->ac : -1;
	e->spi = e->pv > 0 && e->total ? (double)e->ev / (double)e->pv : -1;
	e->eac = e->ev > 0 && e->ac > 0 ? bops_project_muldiv(e->bac, e->ac,
	    e->ev) : -1;
}

const char *
bops_health_name(enum bops_health h)
{
	static const char *const names[] = { "-", "green", "amber", "red" };

	return names[h];
}

const char *
bops_health_part_name(enum bops_health_part p)
{
	static const char *const names[] = { "schedule", "cost", "quality",
	    "risk" };

	return names[p];
}

int
bops_risk_score(int probability, int impact)
{
	return probability * impact;
}

void
bops_risk_matrix(unsigned counts[5][5],
    const struct bops_project_risk *risks, size_t n, bool active_only)
{
	size_t i;

	memset(counts, 0, 25 * sizeof(counts[0][0]));
	for (i = 0; i < n; i++) {
		const struct bops_project_risk *r = &risks[i];

		if ((active_only && !r->active) || r->probability < 1 ||
		    r->probability > 5 || r->impact < 1 || r->impact > 5)
			continue;
		counts[r->impact - 1][r->probability - 1]++;
	}
}

/* Health: one function a part, each saying why. */

static enum bops_health
schedule(struct bops_buf *why, const struct bops_project_facts *f,
    const struct bops_project_conf *c)
{
	const struct bops_evm *e = &f->evm;
	enum bops_health h;
	double want;

	if (f->finished) {
		bops_buf_puts(why, "done");
		return BOPS_HEALTH_GREEN;
	}
	if (!f->has_due) {
		bops_buf_puts(why, "no due day to measure against");
		return BOPS_HEALTH_NONE;
	}
	if (f->today > f->due) {
		bops_buf_printf(why, "%ld day%s past its due day",
		    (long)(f->today - f->due), f->today - f->due == 1 ? "" :
		    "s");
		return BOPS_HEALTH_RED;
	}
	if (e->total == 0) {
		h = f->overdue ? BOPS_HEALTH_AMBER : BOPS_HEALTH_NONE;
		bops_buf_puts(why, "no milestone or linked task to measure");
	} else {
		want = e->expected;
		h = e->progress >= c->on_track * want ? BOPS_HEALTH_GREEN :
		    e->progress >= c->at_risk * want ? BOPS_HEALTH_AMBER :
		    BOPS_HEALTH_RED;
		bops_buf_printf(why, "%.0f%% done at %.0f%% of the time",
		    100 * e->progress, 100 * e->expected);
		bops_buf_printf(why, " (%zu of %zu milestones, %zu of %zu "
		    "tasks)", f->milestones_done, f->milestones,
		    f->tasks_done, f->tasks);
	}
	if (f->overdue) {
		bops_buf_printf(why, "; milestone %ld '%s' %ld day%s overdue",
		    f->overdue, f->overdue_name, (long)(f->today -
		    f->overdue_due), f->today - f->overdue_due == 1 ? "" :
		    "s");
		if (h < BOPS_HEALTH_AMBER)
			h = BOPS_HEALTH_AMBER;
	}
	return h;
}

static void
put_money(struct bops_buf *b, const struct bops_project_facts *f,
    bops_money_sum v)
{
	bops_money_format(b, v, f->minor, 1, true);
	bops_buf_printf(b, " %s", f->currency);
}

static enum bops_health
cost(struct bops_buf *why, const struct bops_project_facts *f,
    const struct bops_project_conf *c)
{
	const struct bops_evm *e = &f->evm;
	double ratio;

	if (!f->has_budget || e->bac == 0) {
		if (e->ac > 0) {
			bops_buf_puts(why, "spent ");
			put_money(why, f, e->ac);
			bops_buf_puts(why, " with no budget");
			return BOPS_HEALTH_RED;
		}
		bops_buf_puts(why, "no budget");
		return BOPS_HEALTH_NONE;
	}
	if (e->ac > e->bac) {
		bops_buf_puts(why, "over budget: spent ");
		put_money(why, f, e->ac);
		bops_buf_puts(why, " of ");
		put_money(why, f, e->bac);
		return BOPS_HEALTH_RED;
	}
	if (e->ac <= 0) {
		bops_buf_puts(why, "nothing spent yet");
		return BOPS_HEALTH_GREEN;
	}
	if (e->total) {
		ratio = e->cpi;
		bops_buf_printf(why, "CPI %.2f: earned ", e->cpi);
		put_money(why, f, e->ev);
		bops_buf_puts(why, " for ");
		put_money(why, f, e->ac);
		bops_buf_puts(why, " spent");
	} else {
		/* No work to earn value from: actual against budget pro
		 * rata to the time elapsed. */
		ratio = (double)e->pv / (double)e->ac;
		bops_buf_printf(why, "spent %.0f%% of the budget at %.0f%% "
		    "of the time", 100 * (double)e->ac / (double)e->bac,
		    100 * e->expected);
	}
	return ratio >= c->cost_green ? BOPS_HEALTH_GREEN :
	    ratio >= c->cost_amber ? BOPS_HEALTH_AMBER : BOPS_HEALTH_RED;
}

double
bops_project_attainment(const struct bops_project_metric *m)
{
	double a;

	if (m->down ? m->current <= m->target : m->current >= m->target)
		return 1;
	if (m->down)
		a = m->current > 0 ? m->target / m->current : 0;
	else
		a = m->target > 0 ? m->current / m->target : 0;
	return a < 0 ? 0 : a > 1 ? 1 : a;
}

static enum bops_health
quality(struct bops_buf *why, const struct bops_project_facts *f,
    const struct bops_project_conf *c)
{
	const struct bops_project_metric *worst = NULL;
	double low = 2, a;
	size_t i, n = 0;

	for (i = 0; i < f->nmetrics; i++) {
		if (!f->metrics[i].measured)
			continue;
		n++;
		if ((a = bops_project_attainment(&f->metrics[i])) < low) {
			low = a;
			worst = &f->metrics[i];
		}
	}
	if (worst == NULL) {
		bops_buf_puts(why, "no quality metric measured");
		return BOPS_HEALTH_NONE;
	}
	if (low >= 1) {
		bops_buf_printf(why, "%s met", n == 1 ? "its metric is" :
		    n == 2 ? "both metrics" : "all metrics");
		return BOPS_HEALTH_GREEN;
	}
	bops_buf_printf(why, "%s %g against a target of %g", worst->name,
	    worst->current, worst->target);
	return low >= c->quality_amber ? BOPS_HEALTH_AMBER : BOPS_HEALTH_RED;
}

static enum bops_health
risk(struct bops_buf *why, const struct bops_project_facts *f,
    const struct bops_project_conf *c)
{
	const struct bops_project_risk *bare = NULL, *occurred = NULL;
	size_t i, active = 0;
	int top = 0, s, bare_score = 0;

	for (i = 0; i < f->nrisks; i++) {
		const struct bops_project_risk *r = &f->risks[i];

		if (r->occurred && occurred == NULL)
			occurred = r;
		if (!r->active)
			continue;
		active++;
		s = bops_risk_score(r->probability, r->impact);
		if (s > top)
			top = s;
		if (!r->contingency && s >= c->risk_amber && s > bare_score) {
			bare = r;
			bare_score = s;
		}
	}
	if (bare) {
		bops_buf_printf(why, "risk %ld scores %d with no contingency "
		    "plan", bare->id, bare_score);
		return bare_score >= c->risk_red ? BOPS_HEALTH_RED :
		    BOPS_HEALTH_AMBER;
	}
	if (occurred) {
		bops_buf_printf(why, "risk %ld occurred", occurred->id);
		return BOPS_HEALTH_AMBER;
	}
	if (active == 0)
		bops_buf_puts(why, "no open risk");
	else
		bops_buf_printf(why, "%zu open risk%s, the highest scores %d",
		    active, active == 1 ? "" : "s", top);
	return BOPS_HEALTH_GREEN;
}

void
bops_project_health(struct bops_project_health *out,
    const struct bops_project_facts *f, const struct bops_project_conf *conf)
{
	static enum bops_health (*const part[])(struct bops_buf *,
	    const struct bops_project_facts *,
	    const struct bops_project_conf *) = { schedule, cost, quality,
	    risk };
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < BOPS_PART__COUNT; i++) {
		bops_buf_init(&out->why[i]);
		if (f->cancelled) {
			bops_buf_puts(&out->why[i], "cancelled");
			continue;
		}
		out->part[i] = part[i](&out->why[i], f, conf);
		if (out->part[i] > out->overall)
			out->overall = out->part[i];
	}
}

void
bops_project_health_release(struct bops_project_health *h)
{
	size_t i;

	for (i = 0; i < BOPS_PART__COUNT; i++)
		bops_buf_release(&h->why[i]);
}

/* Reading a record. */

long
bops_project_next(const struct bops_node *seq)
{
	long max = 0, v;
	size_t i;

	for (i = 0; seq && seq->type == BOPS_NODE_SEQ && i < seq->n; i++)
		if ((v = (long)number(seq->items[i], "id", 0)) > max)
			max = v;
	return max + 1;
}

struct bops_node *
bops_project_item(const struct bops_node *seq, long n)
{
	size_t i;

	for (i = 0; seq && seq->type == BOPS_NODE_SEQ && i < seq->n; i++)
		if ((long)number(seq->items[i], "id", 0) == n)
			return seq->items[i];
	return NULL;
}

/* The currency of a budget line: its own, else the project's. */
static const char *
line_currency(const struct bops_node *line, const char *project)
{
	const char *c = bops_node_map_str(line, "currency");

	return c ? c : project;
}

bool
bops_project_takes(const struct bops_record *rec, const char *code)
{
	const char *cur = bops_record_str(rec, "currency");
	const struct bops_node *lines = bops_record_get(rec, "budget_lines");
	const char *c;
	size_t i;

	if (cur && strcmp(cur, code) == 0)
		return true;
	for (i = 0; lines && lines->type == BOPS_NODE_SEQ && i < lines->n;
	    i++)
		if ((c = line_currency(lines->items[i], cur)) &&
		    strcmp(c, code) == 0)
			return true;
	return false;
}

static bool
is(const char *s, const char *v)
{
	return s && strcmp(s, v) == 0;
}

/* The milestones of f from seq: counts and the first overdue. */
static void
milestone_facts(struct bops_project_facts *f, const struct bops_node *seq)
{
	const struct bops_node *m;
	int32_t due;
	size_t i;

	for (i = 0; seq && seq->type == BOPS_NODE_SEQ && i < seq->n; i++) {
		m = seq->items[i];
		f->milestones++;
		if (bops_node_map_str(m, "done")) {
			f->milestones_done++;
			continue;
		}
		if (bops_node_map_str(m, "due") == NULL || bops_date_parse(
		    &due, bops_node_map_str(m, "due")) || due >= f->today)
			continue;
		if (f->overdue == 0 || due < f->overdue_due) {
			f->overdue = (long)number(m, "id", 0);
			f->overdue_name = bops_node_map_str(m, "name");
			f->overdue_due = due;
		}
	}
}

static void
list_facts(struct bops_project_facts *f, const struct bops_record *rec)
{
	const struct bops_node *seq = bops_record_get(rec, "metrics"), *n;
	size_t i;

	for (i = 0; seq && seq->type == BOPS_NODE_SEQ && i < seq->n; i++) {
		struct bops_project_metric *m;

		n = seq->items[i];
		f->metrics = bops_realloc(f->metrics, (f->nmetrics + 1) *
		    sizeof(*f->metrics));
		m = &f->metrics[f->nmetrics++];
		m->name = bops_node_map_str(n, "name");
		m->target = number(n, "target", 0);
		m->measured = bops_node_map_str(n, "current") != NULL;
		m->current = number(n, "current", 0);
		m->down = is(bops_node_map_str(n, "direction"), "down");
	}
	seq = bops_record_get(rec, "risks");
	for (i = 0; seq && seq->type == BOPS_NODE_SEQ && i < seq->n; i++) {
		struct bops_project_risk *r;
		const char *st;

		n = seq->items[i];
		st = bops_node_map_str(n, "status");
		f->risks = bops_realloc(f->risks, (f->nrisks + 1) *
		    sizeof(*f->risks));
		r = &f->risks[f->nrisks++];
		r->id = (long)number(n, "id", 0);
		r->probability = (int)number(n, "probability", 0);
		r->impact = (int)number(n, "impact", 0);
		r->active = st == NULL || is(st, "open") ||
		    is(st, "mitigating");
		r->occurred = is(st, "occurred");
		r->contingency = bops_node_map_str(n, "contingency") != NULL;
	}
}

void
bops_project_facts(struct bops_project_facts *out, struct bops_ws *ws,
    const struct bops_record *rec, size_t tasks, size_t done)
{
	const char *status = bops_record_str(rec, "status");
	const char *s, *cur = bops_record_str(rec, "currency");
	const struct bops_node *costs = bops_record_get(rec, "costs");
	int64_t created = ws->now, from, to, v;
	int32_t start;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->finished = is(status, "done");
	out->cancelled = is(status, "cancelled");
	out->today = ws->today;
	out->tasks = tasks;
	out->tasks_done = done;
	if ((s = bops_record_str(rec, "created")))
		(void)bops_instant_parse(&created, s);
	start = bops_date_local(created, ws->tz);
	if ((s = bops_record_str(rec, "start")))
		(void)bops_date_parse(&start, s);
	if ((s = bops_record_str(rec, "due")) &&
	    bops_date_parse(&out->due, s) == NULL)
		out->has_due = true;
	milestone_facts(out, bops_record_get(rec, "milestones"));
	list_facts(out, rec);
	out->evm.done = out->milestones_done + done;
	out->evm.total = out->milestones + tasks;
	if (out->has_due) {
		from = bops_date_local_start(start, ws->tz);
		to = bops_date_local_start(out->due + 1, ws->tz);
		out->evm.span = to > from ? to - from : 0;
		out->evm.elapsed = ws->now - from;
	}
	if (cur && bops_money_currency(out->currency, cur) == NULL) {
		out->minor = bops_money_minor(out->currency);
		if ((s = bops_record_str(rec, "budget")) &&
		    bops_project_amount(&out->evm.bac, s, out->currency,
		    false) == NULL)
			out->has_budget = true;
		for (i = 0; costs && costs->type == BOPS_NODE_SEQ &&
		    i < costs->n; i++)
			if (is(bops_node_map_str(costs->items[i], "currency"),
			    out->currency) && (s = bops_node_map_str(
			    costs->items[i], "amount")) &&
			    bops_project_amount(&v, s, out->currency,
			    true) == NULL)
				out->evm.ac += v;
	} else
		out->currency[0] = '\0';
	bops_project_evm(&out->evm);
}

void
bops_project_facts_release(struct bops_project_facts *f)
{
	free(f->metrics);
	free(f->risks);
	memset(f, 0, sizeof(*f));
}

/* The burn. */

/* The costs in currency code logged before instant end. */
static bops_money_sum
spent_before(const struct bops_node *costs, const char *code, int64_t end)
{
	bops_money_sum sum = 0;
	const char *s;
	int64_t at, v;
	size_t i;

	for (i = 0; costs && costs->type == BOPS_NODE_SEQ && i < costs->n;
	    i++)
		if (is(bops_node_map_str(costs->items[i], "currency"), code) &&
		    (s = bops_node_map_str(costs->items[i], "at")) &&
		    bops_instant_parse(&at, s) == NULL && at < end &&
		    (s = bops_node_map_str(costs->items[i], "amount")) &&
		    bops_project_amount(&v, s, code, true) == NULL)
			sum += v;
	return sum;
}

void
bops_project_burn(struct bops_burn *out, const struct bops_record *rec,
    const struct bops_project_facts *f, int64_t now,
    const struct bops_tz *tz)
{
	const struct bops_node *costs = bops_record_get(rec, "costs");
	int64_t from, end, upto;
	int32_t days;
	size_t k;

	memset(out, 0, sizeof(*out));
	if (!f->has_budget || !f->has_due || f->evm.span <= 0)
		return;
	from = now - f->evm.elapsed;
	out->first = bops_date_local(from, tz);
	out->last = f->today > f->due ? f->today : f->due;
	days = out->last - out->first + 1;
	out->step = days <= 62 ? 1 : 7;
	while ((days + out->step - 1) / out->step > 60)
		out->step += 7;
	out->n = (size_t)((days + out->step - 1) / out->step);
	out->points = bops_calloc(out->n, sizeof(*out->points));
	for (k = 0; k < out->n; k++) {
		struct bops_burn_point *p = &out->points[k];
		int32_t first = out->first + (int32_t)k * out->step;

		p->day = first + out->step - 1 < out->last ? first +
		    out->step - 1 : out->last;
		end = bops_date_local_start(p->day + 1, tz);
		upto = end - from < f->evm.span ? end - from : f->evm.span;
		p->planned = bops_project_muldiv(f->evm.bac, upto, f->evm.span);
		p->known = first <= f->today;
		if (p->known)
			p->actual = spent_before(costs, f->currency, end < now +
			    1 ? end : now + 1);
	}
}

void
bops_project_burn_release(struct bops_burn *b)
{
	free(b->points);
	memset(b, 0, sizeof(*b));
}

/* Budget against actual. */

static struct bops_budget_row *
row_of(struct bops_budget *b, const char *category, const char *currency)
{
	struct bops_budget_row *r;
	size_t i;

	for (i = 0; i < b->n; i++)
		if (strcmp(b->rows[i].currency, currency) == 0 &&
		    (category ? b->rows[i].category &&
		    strcmp(b->rows[i].category, category) == 0 :
		    b->rows[i].category == NULL))
			return &b->rows[i];
	b->rows = bops_realloc(b->rows, (b->n + 1) * sizeof(*b->rows));
	r = &b->rows[b->n++];
	memset(r, 0, sizeof(*r));
	r->category = category;
	memcpy(r->currency, currency, 4);
	r->minor = bops_money_minor(currency);
	return r;
}

void
bops_project_budget(struct bops_budget *out, const struct bops_record *rec)
{
	const struct bops_node *lines = bops_record_get(rec, "budget_lines");
	const struct bops_node *costs = bops_record_get(rec, "costs");
	const char *cur = bops_record_str(rec, "currency"), *s, *c, *cat;
	struct bops_budget_row *r;
	bops_money_sum allocated = 0;
	int64_t v, total;
	char code[4];
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; lines && lines->type == BOPS_NODE_SEQ && i < lines->n;
	    i++) {
		c = line_currency(lines->items[i], cur);
		s = bops_node_map_str(lines->items[i], "amount");
		cat = bops_node_map_str(lines->items[i], "category");
		if (c == NULL || s == NULL || cat == NULL ||
		    bops_money_currency(code, c) ||
		    bops_project_amount(&v, s, code, false))
			continue;
		r = row_of(out, cat, code);
		r->budgeted = true;
		r->budget += v;
		if (cur && strcmp(code, cur) == 0)
			allocated += v;
	}
	if (cur && (s = bops_record_str(rec, "budget")) &&
	    bops_money_currency(code, cur) == NULL &&
	    bops_project_amount(&total, s, code, false) == NULL &&
	    total != allocated) {
		r = row_of(out, NULL, code);
		r->budget = total - allocated;
	}
	for (i = 0; costs && costs->type == BOPS_NODE_SEQ && i < costs->n;
	    i++) {
		c = bops_node_map_str(costs->items[i], "currency");
		s = bops_node_map_str(costs->items[i], "amount");
		cat = bops_node_map_str(costs->items[i], "category");
		if (c == NULL || s == NULL || cat == NULL ||
		    bops_money_currency(code, c) ||
		    bops_project_amount(&v, s, code, true))
			continue;
		row_of(out, cat, code)->actual += v;
	}
	for (i = 0; i < out->n; i++) {
		struct bops_budget_total *t = NULL;
		size_t k;

		r = &out->rows[i];
		for (k = 0; k < out->ntotals && t == NULL; k++)
			if (strcmp(out->totals[k].currency, r->currency) == 0)
				t = &out->totals[k];
		if (t == NULL) {
			out->totals = bops_realloc(out->totals,
			    (out->ntotals + 1) * sizeof(*out->totals));
			t = &out->totals[out->ntotals++];
			memset(t, 0, sizeof(*t));
			memcpy(t->currency, r->currency, 4);
			t->minor = r->minor;
		}
		t->budget += r->budget;
		t->actual += r->actual;
	}
}

void
bops_project_budget_release(struct bops_budget *b)
{
	free(b->rows);
	free(b->totals);
	memset(b, 0, sizeof(*b));
}

/* What bops check warns of. */

static void
warn(struct bops_problems *w, const char *path, const char *fmt,
    const char *a, const char *b)
{
	struct bops_buf m = BOPS_BUF_INIT;

	bops_buf_printf(&m, "%s: warning: ", path);
	bops_buf_printf(&m, fmt, a, b);
	bops_problems_add(w, bops_error_fmt(BOPS_ERR_INVALID, "%s", m.ptr));
	bops_buf_release(&m);
}

void
bops_project_warnings(struct bops_problems *warnings, const char *path,
    const struct bops_record *rec)
{
	const char *due = bops_record_str(rec, "due"), *d, *name;
	const struct bops_node *ms = bops_record_get(rec, "milestones");
	struct bops_budget b;
	size_t i;

	if (bops_record_str(rec, "goal") == NULL)
		warn(warnings, path, "no SMART goal (bops project set %s "
		    "goal=TEXT)%s", rec->id, "");
	else if (bops_record_str(rec, "kr") == NULL &&
	    (bops_record_str(rec, "metric") == NULL ||
	    bops_record_str(rec, "target") == NULL))
		warn(warnings, path, "the goal has no measure (kr=OBJECTIVE/N, "
		    "or metric=NAME target=N)%s%s", "", "");
	if (bops_record_str(rec, "goal_due") == NULL && due == NULL)
		warn(warnings, path, "the goal has no date (due=DATE or "
		    "goal_due=DATE)%s%s", "", "");
	for (i = 0; due && ms && ms->type == BOPS_NODE_SEQ && i < ms->n; i++) {
		d = bops_node_map_str(ms->items[i], "due");
		name = bops_node_map_str(ms->items[i], "name");
		if (d && strcmp(d, due) > 0)
			warn(warnings, path, "milestone '%s' is due %s, after "
			    "the project", name ? name : "?", d);
	}
	bops_project_budget(&b, rec);
	for (i = 0; i < b.n; i++)
		if (b.rows[i].category == NULL && b.rows[i].budget < 0)
			warn(warnings, path, "the budget lines in %s add up "
			    "to more than the budget%s", b.rows[i].currency,
			    "");
	bops_project_budget_release(&b);
}

/* Over-allocation. */

static struct bops_allocation *
allocation_of(struct bops_allocations *a, const char *person)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (strcasecmp(a->v[i].person, person) == 0)
			return &a->v[i];
	return NULL;
}

const struct bops_allocation *
bops_allocations_of(const struct bops_allocations *a, const char *person)
{
	return allocation_of((struct bops_allocations *)a, person);
}

void
bops_allocations_add(struct bops_allocations *a,
    const struct bops_record *rec)
{
	const struct bops_node *seq = bops_record_get(rec, "resources");
	struct bops_allocation *p;
	const char *who;
	size_t i;
	long pct;

	if (!is(bops_record_str(rec, "status"), "active"))
		return;
	for (i = 0; seq && seq->type == BOPS_NODE_SEQ && i < seq->n; i++) {
		who = bops_node_map_str(seq->items[i], "person");
		pct = (long)number(seq->items[i], "allocation", 0);
		if (who == NULL || pct <= 0)
			continue;
		if ((p = allocation_of(a, who)) == NULL) {
			a->v = bops_realloc(a->v, (a->n + 1) * sizeof(*a->v));
			p = &a->v[a->n++];
			p->person = bops_strdup(who);
			p->total = 0;
			bops_buf_init(&p->where);
		}
		p->total += pct;
		bops_buf_printf(&p->where, "%s%s %ld%%", p->where.len ?
		    ", " : "", rec->id, pct);
	}
}

void
bops_allocations_warnings(struct bops_problems *warnings,
    const struct bops_allocations *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		if (a->v[i].total > 100)
			bops_problems_add(warnings, bops_error_fmt(
			    BOPS_ERR_INVALID, "warning: %s is allocated %ld%% "
			    "across active projects (%s)", a->v[i].person,
			    a->v[i].total, a->v[i].where.ptr));
}

void
bops_allocations_release(struct bops_allocations *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		free(a->v[i].person);
		bops_buf_release(&a->v[i].where);
	}
	free(a->v);
	a->v = NULL;
	a->n = 0;
}

/* The rules. */

/* An amount at key of map, of currency code (NULL: none given). */
static const struct bops_error *
amount_at(const char *path, const struct bops_node *map, const char *key,
    const char *code, bool negative)
{
	const struct bops_node *n = bops_node_map_get(map, key);
	const struct bops_error *err;
	char c[4];
	int64_t v;

	if (n == NULL)
		return NULL;
	if (code == NULL)
		return bops_problem_at(path, n, "an amount needs its currency "
		    "(currency=USD)");
	if ((err = bops_money_currency(c, code)))
		return NULL;	/* reported where the currency is */
	if ((err = bops_project_amount(&v, n->str, c, negative)))
		return bops_problem_at(path, n, "%s", err->msg);
	return NULL;
}

static const struct bops_error *
currency_at(const char *path, const struct bops_node *map)
{
	const struct bops_node *cur = bops_node_map_get(map, "currency");
	const struct bops_error *err;
	char code[4];

	if (cur && (err = bops_money_currency(code, cur->str)))
		return bops_problem_at(path, cur, "%s", err->msg);
	return NULL;
}

static const struct bops_error *
project_validate(const char *id, struct bops_node *root,
    const struct bops_validate *v)
{
	const struct bops_error *err;
	const struct bops_node *seq, *s = bops_node_map_get(root, "start");
	const struct bops_node *d = bops_node_map_get(root, "due");
	const char *cur = bops_node_map_str(root, "currency");
	size_t i;

	(void)id;
	if ((err = currency_at(v->path, root)) ||
	    (err = amount_at(v->path, root, "budget", cur, false)))
		return err;
	seq = bops_node_map_get(root, "budget_lines");
	for (i = 0; seq && i < seq->n; i++)
		if ((err = currency_at(v->path, seq->items[i])) ||
		    (err = amount_at(v->path, seq->items[i], "amount",
		    line_currency(seq->items[i], cur), false)))
			return err;
	seq = bops_node_map_get(root, "costs");
	for (i = 0; seq && i < seq->n; i++)
		if ((err = currency_at(v->path, seq->items[i])) ||
		    (err = amount_at(v->path, seq->items[i], "amount",
		    bops_node_map_str(seq->items[i], "currency"), true)))
			return err;
	if (s && d && strcmp(s->str, d->str) > 0)
		return bops_problem_at(v->path, d, "the due day is before the "
		    "start");
	return NULL;
}

/* The amount at key of map written canonically. */
static void
canonical(struct bops_node *map, const char *key, const char *code)
{
	struct bops_node *n = bops_node_map_get(map, key);
	struct bops_buf b = BOPS_BUF_INIT;
	char c[4];
	int64_t v;

	if (n == NULL || code == NULL || bops_money_currency(c, code) ||
	    bops_project_amount(&v, n->str, c, true))
		return;
	if (v < 0)
		bops_buf_putc(&b, '-');
	bops_money_format(&b, v < 0 ? -(bops_money_sum)v : v,
	    bops_money_minor(c), 1, false);
	if (strcmp(b.ptr, n->str))
		bops_node_set_str(n, b.ptr, BOPS_SCALAR_TEXT);
	bops_buf_release(&b);
}

/* Currency codes in upper case, amounts canonical. */
static const struct bops_error *
canonical_money(struct bops_ws *ws, struct bops_record *rec, size_t from)
{
	const struct bops_error *err;
	const char *cur = bops_record_str(rec, "currency");
	struct bops_node *seq;
	char code[4];
	size_t i;

	if (cur && (err = bops_money_currency(code, cur)))
		return err;
	if (cur && strcmp(cur, code) && (err = bops_record_set(rec, ws,
	    "currency", code)))
		return err;
	cur = bops_record_str(rec, "currency");
	canonical(rec->root, "budget", cur);
	seq = bops_record_get(rec, "budget_lines");
	for (i = 0; seq && i < seq->n; i++)
		canonical(seq->items[i], "amount", line_currency(
		    seq->items[i], cur));
	seq = bops_record_get(rec, "costs");
	for (i = from; seq && i < seq->n; i++)
		canonical(seq->items[i], "amount", bops_node_map_str(
		    seq->items[i], "currency"));
	return NULL;
}

/* How many costs before has: those after them are new. */
static size_t
costs_before(const struct bops_record *before)
{
	const struct bops_node *c = before ? bops_record_get(before, "costs") :
	    NULL;

	return c && c->type == BOPS_NODE_SEQ ? c->n : 0;
}

static const struct bops_error *
project_check(struct bops_txn *txn, const struct bops_record *before,
    struct bops_record *after)
{
	const struct bops_error *err;
	const struct bops_node *costs;
	const char *c;
	size_t kept = costs_before(before), i;

	if (bops_txn_flags(txn) & BOPS_TXN_MERGE)
		return NULL;
	if (after == NULL)
		return before ? bops_customer_in_use(txn, before) : NULL;
	if ((err = canonical_money(bops_txn_ws(txn), after, kept)))
		return err;
	costs = bops_record_get(after, "costs");
	for (i = kept; costs && i < costs->n; i++) {
		c = bops_node_map_str(costs->items[i], "currency");
		if (c && !bops_project_takes(after, c))
			return bops_error_fmt(BOPS_ERR_REFUSED, "project '%s' "
			    "has no budget in %s; add a budget line in it "
			    "first: bops project budget-line %s CATEGORY "
			    "AMOUNT currency=%s", after->id, c, after->id, c);
	}
	return NULL;
}

/* project.health: the amber threshold of each pair below the green. */
static const struct bops_error *
project_config(const char *path, const struct bops_node *config,
    struct bops_problems *all)
{
	static const char *const pairs[][2] = { { "at_risk", "on_track" },
	    { "cost_amber", "cost_green" }, { "risk_amber", "risk_red" } };
	const struct bops_node *h = bops_node_map_get(bops_node_map_get(
	    config, "project"), "health");
	const struct bops_node *lo, *hi;
	const struct bops_error *err = NULL;
	size_t i;

	for (i = 0; h && i < 3; i++) {
		lo = bops_node_map_get(h, pairs[i][0]);
		hi = bops_node_map_get(h, pairs[i][1]);
		if (lo == NULL || hi == NULL ||
		    strtod(lo->str, NULL) <= strtod(hi->str, NULL))
			continue;
		if (bops_problems_keep(&err, all, bops_problem_at(path, lo,
		    "project.health.%s must not be above %s", pairs[i][0],
		    pairs[i][1])))
			return err;
	}
	return err;
}

static bool
project_finished(struct bops_ws *ws, const char *status)
{
	(void)ws;
	return is(status, "done") || is(status, "cancelled");
}

const struct bops_kind_rules bops_project_rules = {
	.validate = project_validate,
	.check = project_check,
	.config = project_config,
	.finished = project_finished,
	.due = bops_project_due,
	.topic = "projects",
	.report = bops_project_report,
};
