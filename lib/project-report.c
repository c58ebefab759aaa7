/*
 * project-report.c: a project's part of `bops due` and of the reports
 * (report projects, weekly), from the pure functions of project.c.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "due.h"
#include "kind.h"
#include "node.h"
#include "project.h"
#include "record.h"
#include "report.h"
#include "store.h"
#include "workspace.h"
#include "banned.h"

static double
number(const struct bops_node *map, const char *key, double def)
{
	const char *v = bops_node_map_str(map, key);

	return v ? strtod(v, NULL) : def;
}

static bool
is(const char *s, const char *v)
{
	return s && strcmp(s, v) == 0;
}

/*
 * bops due: a project's milestones overdue or coming due (for its
 * owner), its open risks whose trigger day came or comes, and those
 * scored risk_amber or more with no contingency plan (for the risk's
 * owner, else the project's), a status report past the project's
 * cadence (report_every, while it is active), and the project itself
 * past its due day and not done.
 */

struct due_walk {
	struct bops_due *d;
	struct bops_ws *ws;
	struct bops_project_conf conf;
	int32_t today;
	struct bops_buf id, cmd;
};

static void
due_put(struct due_walk *w, const struct bops_record *rec,
    const char *title, const char *owner, const char *what, int64_t since,
    bool late)
{
	struct bops_due_item it;

	memset(&it, 0, sizeof(it));
	it.kind = rec->kind;
	it.id = w->id.ptr;
	it.title = title;
	it.owner = owner;
	it.what = what;
	it.since = since;
	it.command = w->cmd.ptr;
	it.late = late;
	bops_due_add(w->d, &it);
}

/* What to call a day that falls due: past, today, or to come. */
static const char *
day_what(const struct due_walk *w, int32_t day, const char *past,
    const char *today, const char *coming)
{
	return day < w->today ? past : day == w->today ? today : coming;
}

/* The item of a sub-record: id P/N, and its command. */
static void
item_of(struct due_walk *w, const struct bops_record *rec,
    const struct bops_node *n, const char *fmt)
{
	long num = (long)number(n, "id", 0);

	bops_buf_reset(&w->id);
	bops_buf_reset(&w->cmd);
	bops_buf_printf(&w->id, "%s/%ld", rec->id, num);
	bops_buf_printf(&w->cmd, fmt, rec->id, num);
}

static void
milestones_due(struct due_walk *w, const struct bops_record *rec,
    const char *owner)
{
	const struct bops_node *seq = bops_record_get(rec, "milestones"), *m;
	const char *due;
	int32_t day;
	size_t i;

	for (i = 0; seq && seq->type == BOPS_NODE_SEQ && i < seq->n; i++) {
		m = seq->items[i];
		if (bops_node_map_str(m, "done") || (due = bops_node_map_str(m,
		    "due")) == NULL || bops_date_parse(&day, due) ||
		    !bops_due_day_within(w->d->q, day, w->ws->tz))
			continue;
		item_of(w, rec, m, "bops project milestone done %s/%ld");
		due_put(w, rec, bops_node_map_str(m, "name"), owner,
		    day_what(w, day, "milestone overdue", "milestone due today",
		    "milestone due"), bops_date_local_start(day, w->ws->tz),
		    day < w->today);
	}
}

static void
risks_due(struct due_walk *w, const struct bops_record *rec,
    const char *owner)
{
	const struct bops_node *seq = bops_record_get(rec, "risks"), *n;
	const char *st, *trig, *who;
	int32_t day;
	size_t i;

	for (i = 0; seq && seq->type == BOPS_NODE_SEQ && i < seq->n; i++) {
		n = seq->items[i];
		st = bops_node_map_str(n, "status");
		if (st && !is(st, "open") && !is(st, "mitigating"))
			continue;
		who = bops_node_map_str(n, "owner");
		who = who ? who : owner;
		if ((trig = bops_node_map_str(n, "trigger_date")) &&
		    bops_date_parse(&day, trig) == NULL &&
		    bops_due_day_within(w->d->q, day, w->ws->tz)) {
			item_of(w, rec, n, "bops project risk set %s/%ld "
			    "status=STATUS");
			due_put(w, rec, bops_node_map_str(n, "title"), who,
			    day_what(w, day, "risk trigger passed",
			    "risk trigger today", "risk trigger"),
			    bops_date_local_start(day, w->ws->tz),
			    day < w->today);
		}
		if (bops_node_map_str(n, "contingency") == NULL &&
		    bops_risk_score((int)number(n, "probability", 0),
		    (int)number(n, "impact", 0)) >= w->conf.risk_amber) {
			item_of(w, rec, n, "bops project risk set %s/%ld "
			    "contingency=TEXT");
			due_put(w, rec, bops_node_map_str(n, "title"), who,
			    "no contingency plan", w->d->q->now, true);
		}
	}
}

/* When the next status report is due: the last one (else the start of
 * the plan) plus report_every; false with no cadence. */
static bool
report_next(int64_t *out, struct bops_ws *ws, const struct bops_record *rec)
{
	const struct bops_node *log = bops_record_get(rec, "reports");
	const char *every = bops_record_str(rec, "report_every"), *s;
	int64_t len, last = ws->now;
	int32_t start;

	if (every == NULL || bops_duration_parse(&len, every) || len <= 0)
		return false;
	s = log && log->type == BOPS_NODE_SEQ && log->n ?
	    bops_node_map_str(log->items[log->n - 1], "at") : NULL;
	if (s == NULL || bops_instant_parse(&last, s)) {
		if ((s = bops_record_str(rec, "start")) &&
		    bops_date_parse(&start, s) == NULL)
			last = bops_date_local_start(start, ws->tz);
		else if ((s = bops_record_str(rec, "created")))
			(void)bops_instant_parse(&last, s);
	}
	*out = last + len;
	return true;
}

static const struct bops_error *
due_one(struct bops_due *d, struct bops_ws *ws, struct bops_record *rec,
    void *arg)
{
	struct due_walk *w = arg;
	const char *status = bops_record_str(rec, "status");
	const char *owner = bops_record_str(rec, "owner");
	const char *due = bops_record_str(rec, "due");
	int64_t next;
	int32_t day;

	if (is(status, "done") || is(status, "cancelled"))
		return NULL;
	milestones_due(w, rec, owner);
	risks_due(w, rec, owner);
	bops_buf_reset(&w->id);
	bops_buf_puts(&w->id, rec->id);
	if (is(status, "active") && report_next(&next, w->ws, rec) &&
	    next <= w->d->q->now + w->d->q->within) {
		bops_buf_reset(&w->cmd);
		bops_buf_printf(&w->cmd, "bops project status %s --note TEXT",
		    rec->id);
		due_put(w, rec, bops_record_title(rec), owner, next <=
		    w->d->q->now ? "status report late" : "status report due",
		    next, next <= w->d->q->now);
	}
	if (due && bops_date_parse(&day, due) == NULL &&
	    bops_due_day_within(w->d->q, day, w->ws->tz)) {
		bops_buf_reset(&w->cmd);
		bops_buf_printf(&w->cmd, "bops project set %s status=done",
		    rec->id);
		due_put(w, rec, bops_record_title(rec), owner, day_what(w, day,
		    "past due", "due today", "due"), bops_date_local_start(day,
		    w->ws->tz), day < w->today);
	}
	return NULL;
}

const struct bops_error *
bops_project_due(struct bops_due *d, struct bops_ws *ws,
    const struct bops_kind *kind)
{
	const struct bops_error *err;
	struct due_walk w;

	memset(&w, 0, sizeof(w));
	w.d = d;
	w.ws = ws;
	w.today = bops_date_local(d->q->now, ws->tz);
	bops_project_conf_read(&w.conf, bops_ws_config_get("project", ws));
	bops_buf_init(&w.id);
	bops_buf_init(&w.cmd);
	err = bops_due_each(d, ws, kind, due_one, &w);
	bops_buf_release(&w.id);
	bops_buf_release(&w.cmd);
	return err;
}

/*
 * Reports.  `bops report projects`: each running project (active or on
 * hold) with its health, milestones, budget against actual per
 * currency, earned value and risk exposure, and the balance of their
 * metrics across families and factors.  The weekly report: milestones
 * reached and costs logged in the period (Progress), running projects
 * in the red and risks that occurred (Problems); what comes due is
 * `due`'s, which the weekly report has already.
 */

struct project_set {
	struct bops_record **recs;
	size_t n;
	size_t *tasks, *done;	/* linked tasks of each, and done */
	struct bops_ws *ws;
};

static bool
running(const struct bops_record *rec)
{
	const char *status = bops_record_str(rec, "status");

	return is(status, "active") || is(status, "on-hold");
}

static const struct bops_error *
count_linked(struct bops_record *rec, void *arg)
{
	struct project_set *set = arg;
	const char *p = bops_record_str(rec, "project");
	size_t i;

	for (i = 0; p && i < set->n; i++)
		if (strcmp(set->recs[i]->id, p) == 0) {
			set->tasks[i]++;
			if (bops_board_done(set->ws, bops_record_str(rec,
			    "status")))
				set->done[i]++;
			break;
		}
	return NULL;
}

/* The state a report row shows for a health. */
static const char *
health_state(enum bops_health h)
{
	static const char *const states[] = { NULL, "on-track", "at-risk",
	    "off-track" };

	return states[h];
}

/* The worst attainment of f's measured metrics (1 with none) and the
 * highest score of its open risks. */
static void
worst_of(const struct bops_project_facts *f, double *quality, int *top)
{
	size_t i;
	double a;
	int s;

	*quality = 1;
	*top = 0;
	for (i = 0; i < f->nmetrics; i++)
		if (f->metrics[i].measured &&
		    (a = bops_project_attainment(&f->metrics[i])) < *quality)
			*quality = a;
	for (i = 0; i < f->nrisks; i++)
		if (f->risks[i].active && (s = bops_risk_score(
		    f->risks[i].probability, f->risks[i].impact)) > *top)
			*top = s;
}

/* A project's rows of the health block: overall, then each part with
 * the figure it is judged by as its bar. */
static void
health_rows(struct bops_report_block *b, const char *label,
    const struct bops_project_facts *f, const struct bops_project_health *h)
{
	struct bops_buf detail = BOPS_BUF_INIT;
	double v[BOPS_PART__COUNT], quality;
	size_t i, green = 0, judged = 0;
	int top;

	worst_of(f, &quality, &top);
	v[BOPS_PART_SCHEDULE] = f->evm.progress < 0 ? 0 : f->evm.progress;
	v[BOPS_PART_COST] = f->evm.bac > 0 ? (double)f->evm.ac /
	    (double)f->evm.bac : 0;
	v[BOPS_PART_QUALITY] = quality;
	v[BOPS_PART_RISK] = top / 25.0;
	for (i = 0; i < BOPS_PART__COUNT; i++) {
		judged += h->part[i] != BOPS_HEALTH_NONE;
		green += h->part[i] == BOPS_HEALTH_GREEN;
	}
	bops_buf_printf(&detail, "%zu of %zu parts green", green, judged);
	bops_report_row(b, 0, label, (double)green, (double)judged,
	    bops_health_name(h->overall), detail.ptr,
	    health_state(h->overall));
	for (i = 0; i < BOPS_PART__COUNT; i++)
		bops_report_row(b, 1, bops_health_part_name(i), v[i], 1,
		    bops_health_name(h->part[i]), h->why[i].ptr,
		    health_state(h->part[i]));
	bops_buf_release(&detail);
}

static void
milestone_row(struct bops_report_block *b, const char *label,
    const struct bops_record *rec, int32_t today)
{
	const struct bops_node *seq = bops_record_get(rec, "milestones");
	const char *due, *done;
	struct bops_buf text = BOPS_BUF_INIT, detail = BOPS_BUF_INIT;
	size_t i, n = 0, reached = 0, overdue = 0, late = 0;

	for (i = 0; seq && seq->type == BOPS_NODE_SEQ && i < seq->n; i++) {
		due = bops_node_map_str(seq->items[i], "due");
		done = bops_node_map_str(seq->items[i], "done");
		n++;
		if (done) {
			reached++;
			late += due && strcmp(done, due) > 0;
		} else if (due) {
			int32_t day;

			overdue += bops_date_parse(&day, due) == NULL &&
			    day < today;
		}
	}
	bops_buf_printf(&text, "%zu of %zu", reached, n);
	if (n == 0)
		bops_buf_puts(&detail, "no milestones");
	if (overdue)
		bops_buf_printf(&detail, "%zu overdue", overdue);
	if (late)
		bops_buf_printf(&detail, "%s%zu reached late", overdue ? ", " :
		    "", late);
	bops_report_row(b, 0, label, (double)reached, (double)n, text.ptr,
	    detail.len ? detail.ptr : NULL, overdue ? "off-track" : n &&
	    reached == n ? "done" : NULL);
	bops_buf_release(&text);
	bops_buf_release(&detail);
}

static void
put_sum(struct bops_buf *b, bops_money_sum v, int minor, const char *code)
{
	bops_money_format(b, v, minor, 1, true);
	bops_buf_printf(b, " %s", code);
}

/* Budget against actual, a row per currency, never added across. */
static void
budget_rows(struct bops_report_block *b, const struct bops_record *rec)
{
	struct bops_buf label = BOPS_BUF_INIT, text = BOPS_BUF_INIT;
	struct bops_buf detail = BOPS_BUF_INIT;
	struct bops_budget bud;
	size_t i;

	bops_project_budget(&bud, rec);
	for (i = 0; i < bud.ntotals; i++) {
		const struct bops_budget_total *t = &bud.totals[i];

		bops_buf_reset(&label);
		bops_buf_reset(&text);
		bops_buf_reset(&detail);
		bops_buf_printf(&label, "%s %s", rec->id, t->currency);
		if (t->budget > 0)
			bops_buf_printf(&text, "%.0f%%", 100 * (double)t->actual
			    / (double)t->budget);
		else
			bops_buf_puts(&text, "-");
		bops_money_format(&detail, t->actual, t->minor, 1, true);
		bops_buf_puts(&detail, " of ");
		put_sum(&detail, t->budget, t->minor, t->currency);
		bops_buf_puts(&detail, " spent");
		bops_report_row(b, 0, label.ptr, (double)t->actual,
		    (double)(t->budget > 0 ? t->budget : t->actual), text.ptr,
		    detail.ptr, t->actual > t->budget ? "off-track" : NULL);
	}
	if (bud.ntotals == 0) {
		bops_buf_printf(&label, "%s", rec->id);
		bops_report_row(b, 0, label.ptr, 0, 0, "-", "no budget and "
		    "no costs", NULL);
	}
	bops_project_budget_release(&bud);
	bops_buf_release(&label);
	bops_buf_release(&text);
	bops_buf_release(&detail);
}

static void
evm_line(struct bops_report_block *b, const char *label,
    const struct bops_project_facts *f)
{
	const struct bops_evm *e = &f->evm;
	struct bops_buf d = BOPS_BUF_INIT;

	if (!f->has_budget) {
		bops_report_line(b, label, "no budget in its currency to earn "
		    "value against");
		return;
	}
	bops_buf_puts(&d, "PV ");
	put_sum(&d, e->pv, f->minor, f->currency);
	bops_buf_puts(&d, ", EV ");
	put_sum(&d, e->ev, f->minor, f->currency);
	bops_buf_puts(&d, ", AC ");
	put_sum(&d, e->ac, f->minor, f->currency);
	if (e->cpi >= 0)
		bops_buf_printf(&d, "; CPI %.2f", e->cpi);
	else
		bops_buf_puts(&d, "; CPI -");
	if (e->spi >= 0)
		bops_buf_printf(&d, ", SPI %.2f", e->spi);
	else
		bops_buf_puts(&d, ", SPI -");
	if (e->eac >= 0) {
		bops_buf_puts(&d, "; EAC ");
		put_sum(&d, e->eac, f->minor, f->currency);
	}
	bops_report_line(b, label, d.ptr);
	bops_buf_release(&d);
}

/* The risk matrix of a project: its highest open score as the bar, and
 * its exposure (the scores of the open risks added up, cell by cell). */
static void
risk_row(struct bops_report_block *b, const char *label,
    const struct bops_project_facts *f, const struct bops_project_health *h)
{
	struct bops_buf text = BOPS_BUF_INIT, detail = BOPS_BUF_INIT;
	unsigned counts[5][5];
	size_t i, p, open = 0, occurred = 0;
	long exposure = 0;
	double quality;
	int top;

	worst_of(f, &quality, &top);
	bops_risk_matrix(counts, f->risks, f->nrisks, true);
	for (i = 0; i < 5; i++)
		for (p = 0; p < 5; p++) {
			open += counts[i][p];
			exposure += (long)counts[i][p] * (long)bops_risk_score(
			    (int)p + 1, (int)i + 1);
		}
	for (i = 0; i < f->nrisks; i++)
		occurred += f->risks[i].occurred;
	bops_buf_printf(&text, "%d", top);
	bops_buf_printf(&detail, "%zu open, exposure %ld", open, exposure);
	if (occurred)
		bops_buf_printf(&detail, ", %zu occurred", occurred);
	bops_report_row(b, 0, label, top, 25, text.ptr, detail.ptr,
	    health_state(h->part[BOPS_PART_RISK]));
	bops_buf_release(&text);
	bops_buf_release(&detail);
}

void
bops_risk_matrix_block(struct bops_report_block *b,
    unsigned counts[5][5], const struct bops_project_conf *conf)
{
	struct bops_buf label = BOPS_BUF_INIT, text = BOPS_BUF_INIT;
	struct bops_buf detail = BOPS_BUF_INIT;
	unsigned c;
	int p, im, s;

	b->cols = 5;
	free(b->xlabel);
	free(b->ylabel);
	b->xlabel = bops_strdup("probability");
	b->ylabel = bops_strdup("impact");
	for (im = 5; im >= 1; im--)
		for (p = 1; p <= 5; p++) {
			s = bops_risk_score(p, im);
			c = counts[im - 1][p - 1];
			bops_buf_reset(&label);
			bops_buf_reset(&text);
			bops_buf_reset(&detail);
			bops_buf_printf(&label, "probability %d, impact %d", p,
			    im);
			bops_buf_printf(&text, "%u", c);
			bops_buf_printf(&detail, "score %d, %u risk%s", s, c,
			    c == 1 ? "" : "s");
			bops_report_row(b, 0, label.ptr, c, s, text.ptr,
			    detail.ptr, s >= conf->risk_red ? "red" : s >=
			    conf->risk_amber ? "amber" : s >= 8 ? "yellow" :
			    "green");
		}
	bops_buf_release(&label);
	bops_buf_release(&text);
	bops_buf_release(&detail);
}

/* The risk matrix of the running projects' open risks. */
static void
matrix_block(struct bops_report_section *s, struct project_set *set,
    const struct bops_project_conf *conf)
{
	struct bops_report_block *b = bops_report_block(s, BOPS_BLOCK_MATRIX,
	    "projects-risk-matrix", "Risk matrix");
	unsigned all[5][5], one[5][5], n = 0;
	size_t i, k, p;

	memset(all, 0, sizeof(all));
	for (i = 0; i < set->n; i++) {
		struct bops_project_facts f;

		if (!running(set->recs[i]))
			continue;
		bops_project_facts(&f, set->ws, set->recs[i], 0, 0);
		bops_risk_matrix(one, f.risks, f.nrisks, true);
		for (k = 0; k < 5; k++)
			for (p = 0; p < 5; p++) {
				all[k][p] += one[k][p];
				n += one[k][p];
			}
		bops_project_facts_release(&f);
	}
	bops_risk_matrix_block(b, all, conf);
	bops_report_block_note(b, "The open risks of the running projects "
	    "(%u) by probability and impact; a cell's colour is its score's "
	    "band.", n);
}

/* A major-unit figure to draw, never to keep. */
static double
drawn(bops_money_sum v, int minor)
{
	double d = (double)v;
	int i;

	for (i = 0; i < minor; i++)
		d /= 10;
	return d;
}

/* A running project's budget burn, when it has a budget and a due day. */
static void
burn_block(struct bops_report_section *s, const struct bops_record *rec,
    struct project_set *set, size_t i)
{
	struct bops_project_facts f;
	struct bops_burn burn;
	struct bops_report_block *b;
	struct bops_buf key = BOPS_BUF_INIT, t = BOPS_BUF_INIT;
	struct bops_buf text = BOPS_BUF_INIT, detail = BOPS_BUF_INIT;
	size_t k;

	bops_project_facts(&f, set->ws, rec, set->tasks[i], set->done[i]);
	bops_project_burn(&burn, rec, &f, set->ws->now, set->ws->tz);
	if (burn.n == 0)
		goto done;
	bops_buf_printf(&key, "projects-burn-%s", rec->id);
	bops_buf_printf(&t, "Budget burn: %s %s", rec->id,
	    bops_record_title(rec));
	b = bops_report_block(s, BOPS_BLOCK_BURN, key.ptr, t.ptr);
	for (k = 0; k < burn.n; k++) {
		const struct bops_burn_point *p = &burn.points[k];

		bops_buf_reset(&t);
		bops_buf_reset(&text);
		bops_buf_reset(&detail);
		bops_date_format(&t, p->day);
		put_sum(&detail, p->planned, f.minor, f.currency);
		if (p->known)
			put_sum(&text, p->actual, f.minor, f.currency);
		bops_report_row(b, 0, t.ptr, p->known ? drawn(p->actual,
		    f.minor) : NAN, drawn(p->planned, f.minor), p->known ?
		    text.ptr : NULL, detail.ptr, NULL);
	}
	bops_buf_reset(&t);
	bops_buf_reset(&text);
	put_sum(&t, f.evm.bac, f.minor, f.currency);
	if (f.evm.eac >= 0) {
		bops_buf_puts(&text, "EAC ");
		put_sum(&text, f.evm.eac, f.minor, f.currency);
		b->mark = drawn(f.evm.eac, f.minor);
		b->mark_text = bops_strdup(text.ptr);
	} else
		bops_buf_puts(&text, "no EAC yet (no value earned or nothing "
		    "spent)");
	bops_buf_reset(&detail);
	bops_date_format(&detail, burn.first);
	bops_buf_puts(&detail, " to ");
	bops_date_format(&detail, burn.last);
	bops_report_block_note(b, "Cumulative actual cost against the plan "
	    "(a budget of %s pro rata to the due day), %s from %s; %s.", t.ptr,
	    burn.step == 1 ? "daily" : burn.step == 7 ? "weekly" :
	    "every few weeks", detail.ptr, text.ptr);
done:
	bops_project_burn_release(&burn);
	bops_project_facts_release(&f);
	bops_buf_release(&key);
	bops_buf_release(&t);
	bops_buf_release(&text);
	bops_buf_release(&detail);
}

/* The balance of the metrics of running projects: by family (what is
 * measured) and by factor of customer success. */
static void
balance(struct bops_report_section *s, struct project_set *set,
    const char *field, const char *key, const char *title,
    const char *const *names, const char *none)
{
	struct bops_report_block *b = bops_report_block(s, BOPS_BLOCK_BARS,
	    key, title);
	struct bops_buf text = BOPS_BUF_INIT, missing = BOPS_BUF_INIT;
	size_t counts[5] = { 0 }, total = 0, i, k, f;

	for (i = 0; i < set->n; i++) {
		const struct bops_node *seq = bops_record_get(set->recs[i],
		    "metrics");

		if (!running(set->recs[i]))
			continue;
		for (k = 0; seq && seq->type == BOPS_NODE_SEQ && k < seq->n;
		    k++) {
			const char *v = bops_node_map_str(seq->items[k],
			    field);

			for (f = 0; f < 4 && !is(v, names[f]); f++)
				;
			counts[f]++;
			total++;
		}
	}
	for (f = 0; f < 5; f++) {
		if (f == 4 && counts[4] == 0)
			break;
		bops_buf_reset(&text);
		bops_buf_printf(&text, "%zu", counts[f]);
		bops_report_row(b, 0, f < 4 ? names[f] : none,
		    (double)counts[f], total ? (double)total : 1, text.ptr,
		    NULL, NULL);
		if (f < 4 && counts[f] == 0)
			bops_buf_printf(&missing, "%s%s", missing.len ? ", " :
			    "", names[f]);
	}
	if (total == 0)
		bops_report_block_note(b, "No running project has a quality "
		    "metric: bops project metric set P NAME target=N.");
	else if (missing.len)
		bops_report_block_note(b, "No project metric measures %s: "
		    "what is not measured is not managed.", missing.ptr);
	else
		bops_report_block_note(b, "%zu metric%s.", total, total == 1 ?
		    "" : "s");
	bops_buf_release(&text);
	bops_buf_release(&missing);
}

/*
 * The block key of section sec, made when it is not there yet.  Found
 * again each time: a new block of the section may move the others.
 */
static struct bops_report_block *
block_in(struct bops_report *r, const char *sec, const char *sec_title,
    enum bops_block_type type, const char *key, const char *title)
{
	struct bops_report_section *s = bops_report_section(r, sec, sec_title);
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->blocks[i].key, key) == 0)
			return &s->blocks[i];
	return bops_report_block(s, type, key, title);
}

static void
project_sections(struct bops_report *r, struct project_set *set)
{
	static const char *const families[] = BOPS_PROJECT_FAMILIES;
	static const char *const factors[] = { "quality", "performance",
	    "value", "compliance" };
	struct bops_report_section *s = bops_report_section(r, "projects",
	    "Projects");
	struct bops_report_block *hb, *mb, *bb, *eb, *rb;
	struct bops_project_conf conf;
	struct bops_buf label = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < set->n && !running(set->recs[i]); i++)
		;
	if (i == set->n) {
		bops_report_note(s, "No active projects.");
		return;
	}
	bops_report_block_note(block_in(r, "projects", "Projects",
	    BOPS_BLOCK_BARS, "projects-health", "Health"), "Each part green, "
	    "amber or red, and why; a part's bar is its figure: work done, "
	    "budget spent, the worst metric's attainment, the highest open "
	    "risk of 25.");
	block_in(r, "projects", "Projects", BOPS_BLOCK_BARS,
	    "projects-milestones", "Milestones reached");
	bops_report_block_note(block_in(r, "projects", "Projects",
	    BOPS_BLOCK_BARS, "projects-budget", "Budget against actual"),
	    "Per currency, never added across currencies.");
	block_in(r, "projects", "Projects", BOPS_BLOCK_LIST, "projects-evm",
	    "Earned value");
	bops_report_block_note(block_in(r, "projects", "Projects",
	    BOPS_BLOCK_BARS, "projects-risks", "Risk exposure"), "The highest "
	    "score of an open risk (probability x impact, of 25); exposure "
	    "adds up the open risks' scores.");
	/* Every block is made: the pointers stay put from here. */
	hb = block_in(r, "projects", "", 0, "projects-health", NULL);
	mb = block_in(r, "projects", "", 0, "projects-milestones", NULL);
	bb = block_in(r, "projects", "", 0, "projects-budget", NULL);
	eb = block_in(r, "projects", "", 0, "projects-evm", NULL);
	rb = block_in(r, "projects", "", 0, "projects-risks", NULL);
	bops_project_conf_read(&conf, bops_ws_config_get("project",
	    set->ws));
	for (i = 0; i < set->n; i++) {
		struct bops_project_facts f;
		struct bops_project_health h;
		const struct bops_record *rec = set->recs[i];

		if (!running(rec))
			continue;
		bops_project_facts(&f, set->ws, rec, set->tasks[i],
		    set->done[i]);
		bops_project_health(&h, &f, &conf);
		bops_buf_reset(&label);
		bops_buf_printf(&label, "%s %s", rec->id,
		    bops_record_title(rec));
		health_rows(hb, label.ptr, &f, &h);
		milestone_row(mb, label.ptr, rec, f.today);
		budget_rows(bb, rec);
		evm_line(eb, label.ptr, &f);
		risk_row(rb, label.ptr, &f, &h);
		bops_project_health_release(&h);
		bops_project_facts_release(&f);
	}
	matrix_block(s, set, &conf);
	for (i = 0; i < set->n; i++)
		if (running(set->recs[i]))
			burn_block(s, set->recs[i], set, i);
	balance(s, set, "family", "projects-families", "Metric families",
	    families, "(no family)");
	balance(s, set, "factor", "projects-factors",
	    "Customer-success factors", factors, "(no factor)");
	bops_buf_release(&label);
}

/* Whether day is in the report's period, up to today. */
static bool
day_in(const struct bops_report *r, const char *text)
{
	int32_t day;

	return text && bops_date_parse(&day, text) == NULL &&
	    day >= r->period.first && day <= r->period.last &&
	    day <= bops_date_local(r->now, r->tz);
}

static bool
instant_in(const struct bops_report *r, const char *text, int64_t *t)
{
	return text && bops_instant_parse(t, text) == NULL && *t <= r->now &&
	    *t >= bops_date_local_start(r->period.first, r->tz) &&
	    *t < bops_date_local_start(r->period.last + 1, r->tz);
}

/* Progress: the milestones reached and the costs logged in the period. */
static void
weekly_progress(struct bops_report *r, const struct bops_record *rec)
{
	const struct bops_node *seq = bops_record_get(rec, "milestones"), *n;
	struct bops_buf label = BOPS_BUF_INIT, detail = BOPS_BUF_INIT;
	const char *s, *cur;
	char code[4];
	int64_t t, v;
	size_t i;

	for (i = 0; seq && seq->type == BOPS_NODE_SEQ && i < seq->n; i++) {
		n = seq->items[i];
		if (!day_in(r, s = bops_node_map_str(n, "done")))
			continue;
		bops_buf_reset(&label);
		bops_buf_reset(&detail);
		bops_buf_printf(&label, "%s/%s %s", rec->id,
		    bops_node_map_str(n, "id"), bops_node_map_str(n, "name"));
		bops_buf_printf(&detail, "%s, %s", bops_record_title(rec), s);
		bops_report_line(block_in(r, "progress", "Progress",
		    BOPS_BLOCK_LIST, "progress-milestones",
		    "Milestones reached"), label.ptr, detail.ptr);
	}
	seq = bops_record_get(rec, "costs");
	for (i = 0; seq && seq->type == BOPS_NODE_SEQ && i < seq->n; i++) {
		n = seq->items[i];
		cur = bops_node_map_str(n, "currency");
		if (!instant_in(r, bops_node_map_str(n, "at"), &t) ||
		    cur == NULL || bops_money_currency(code, cur) ||
		    (s = bops_node_map_str(n, "amount")) == NULL ||
		    bops_project_amount(&v, s, code, true))
			continue;
		bops_buf_reset(&label);
		bops_buf_reset(&detail);
		bops_buf_printf(&label, "%s: ", rec->id);
		put_sum(&label, v, bops_money_minor(code), code);
		bops_buf_printf(&label, " %s", bops_node_map_str(n,
		    "category"));
		bops_buf_printf(&detail, "%s, ", bops_node_map_str(n, "by"));
		bops_date_format(&detail, bops_date_local(t, r->tz));
		bops_report_line(block_in(r, "progress", "Progress",
		    BOPS_BLOCK_LIST, "progress-costs", "Costs logged"),
		    label.ptr, detail.ptr);
	}
	bops_buf_release(&label);
	bops_buf_release(&detail);
}

static struct bops_report_block *
problems(struct bops_report *r)
{
	return block_in(r, "problems", "Problems", BOPS_BLOCK_LIST,
	    "problems-projects", "Projects");
}

/* Problems: a running project in the red, and risks that occurred. */
static void
weekly_problems(struct bops_report *r, struct project_set *set, size_t i,
    const struct bops_project_conf *conf)
{
	const struct bops_record *rec = set->recs[i];
	const struct bops_node *seq = bops_record_get(rec, "risks"), *n;
	struct bops_project_facts f;
	struct bops_project_health h;
	struct bops_buf label = BOPS_BUF_INIT, detail = BOPS_BUF_INIT;
	size_t k;

	bops_project_facts(&f, set->ws, rec, set->tasks[i], set->done[i]);
	bops_project_health(&h, &f, conf);
	if (h.overall == BOPS_HEALTH_RED) {
		bops_buf_printf(&label, "project %s: %s", rec->id,
		    bops_record_title(rec));
		bops_buf_puts(&detail, "red:");
		for (k = 0; k < BOPS_PART__COUNT; k++)
			if (h.part[k] == BOPS_HEALTH_RED)
				bops_buf_printf(&detail, "%s %s (%s)",
				    detail.len > 4 ? ";" : "",
				    bops_health_part_name(k), h.why[k].ptr);
		bops_report_line(problems(r), label.ptr, detail.ptr);
	}
	for (k = 0; seq && seq->type == BOPS_NODE_SEQ && k < seq->n; k++) {
		n = seq->items[k];
		if (!is(bops_node_map_str(n, "status"), "occurred"))
			continue;
		bops_buf_reset(&label);
		bops_buf_printf(&label, "risk %s/%s: %s", rec->id,
		    bops_node_map_str(n, "id"), bops_node_map_str(n, "title"));
		bops_report_line(problems(r), label.ptr, "occurred");
	}
	bops_project_health_release(&h);
	bops_project_facts_release(&f);
	bops_buf_release(&label);
	bops_buf_release(&detail);
}

static void
project_weekly(struct bops_report *r, struct project_set *set)
{
	struct bops_project_conf conf;
	size_t i;

	bops_project_conf_read(&conf, bops_ws_config_get("project",
	    set->ws));
	for (i = 0; i < set->n; i++) {
		weekly_progress(r, set->recs[i]);
		if (running(set->recs[i]))
			weekly_problems(r, set, i, &conf);
	}
}

const struct bops_error *
bops_project_report(struct bops_report *r, struct bops_ws *ws,
    const struct bops_kind *kind)
{
	const struct bops_error *err;
	struct project_set set;

	if (strcmp(r->topic, "projects") && strcmp(r->topic, "weekly"))
		return NULL;
	memset(&set, 0, sizeof(set));
	set.ws = ws;
	if ((err = bops_store_all(&set.recs, &set.n, ws, kind, r->commit)))
		return err;
	set.tasks = bops_calloc(set.n + 1, sizeof(*set.tasks));
	set.done = bops_calloc(set.n + 1, sizeof(*set.done));
	if (set.n && (err = bops_store_each(ws, &bops_kind_task, r->commit,
	    count_linked, NULL, &set)))
		goto done;
	if (strcmp(r->topic, "projects") == 0)
		project_sections(r, &set);
	else
		project_weekly(r, &set);
done:
	bops_store_all_free(set.recs, set.n);
	free(set.tasks);
	free(set.done);
	return err;
}
