#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "due.h"
#include "money.h"
#include "project.h"
#include "report.h"
#include "store.h"
#include "banned.h"

#include "sandbox.h"

static void
muldiv_rounds_half_away_from_zero(void **state)
{
	static const struct {
		int64_t v, num, den, want;
	} t[] = {
		{ 1000, 1, 3, 333 },
		{ 1000, 2, 3, 667 },
		{ 5, 1, 2, 3 },		/* 2.5 */
		{ -5, 1, 2, -3 },	/* -2.5 */
		{ 1200000000, 53, 92, 691304348 },
		{ 0, 7, 9, 0 },
		{ INT64_C(999999999999999), 999999, 1000000,
		    INT64_C(999998999999999) },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(t); i++)
		assert_true(bops_project_muldiv(t[i].v, t[i].num, t[i].den) ==
		    t[i].want);
}

static void
amounts_take_a_sign_only_where_allowed(void **state)
{
	int64_t v;

	(void)state;
	assert_null(bops_project_amount(&v, "1250.5", "USD", false));
	assert_int_equal(v, 125050);
	assert_null(bops_project_amount(&v, "-150000", "VND", true));
	assert_int_equal(v, -150000);
	assert_non_null(bops_project_amount(&v, "-150000", "VND", false));
	assert_non_null(bops_project_amount(&v, "1.5", "VND", true));
	assert_non_null(bops_project_amount(&v, "--1", "VND", true));
	assert_non_null(bops_project_amount(&v, "-", "VND", true));
}

/* Earned value, the edge cases included. */
static void
earned_value_from_work_and_time(void **state)
{
	static const struct {
		const char *what;
		int64_t bac, ac;
		size_t done, total;
		int64_t elapsed, span;
		int64_t pv, ev, eac;
		double cpi, spi;
	} t[] = {
		{ "on plan", 1000, 500, 2, 4, 50, 100, 500, 500, 1000, 1, 1 },
		{ "overspent and late", 1200, 600, 1, 4, 50, 100, 600, 300,
		    2400, 0.5, 0.5 },
		{ "zero budget", 0, 300, 1, 2, 50, 100, 0, 0, -1, 0, -1 },
		{ "no milestones or tasks", 1000, 400, 0, 0, 40, 100, 400, 0,
		    -1, -1, -1 },
		{ "everything done early", 1000, 800, 5, 5, 30, 100, 300, 1000,
		    800, 1.25, 1000.0 / 300 },
		{ "nothing spent", 1000, 0, 1, 4, 50, 100, 500, 250, -1, -1,
		    0.5 },
		{ "before the start", 1000, 0, 0, 4, -20, 100, 0, 0, -1, -1,
		    -1 },
		{ "past the end", 1000, 900, 3, 4, 150, 100, 1000, 750, 1200,
		    750.0 / 900, 0.75 },
		{ "no span", 1000, 100, 1, 2, 0, 0, 1000, 500, 200, 5, 0.5 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(t); i++) {
		struct bops_evm e;

		memset(&e, 0, sizeof(e));
		e.bac = t[i].bac;
		e.ac = t[i].ac;
		e.done = t[i].done;
		e.total = t[i].total;
		e.elapsed = t[i].elapsed;
		e.span = t[i].span;
		bops_project_evm(&e);
		print_message("%s\n", t[i].what);
		assert_true(e.pv == t[i].pv);
		assert_true(e.ev == t[i].ev);
		assert_true(e.eac == t[i].eac);
		assert_true(fabs(e.cpi - t[i].cpi) < 1e-9);
		assert_true(fabs(e.spi - t[i].spi) < 1e-9);
	}
}

/* Facts of a project: a quarter-long plan, half of it gone. */
static struct bops_project_facts
facts(void)
{
	struct bops_project_facts f;

	memset(&f, 0, sizeof(f));
	f.has_due = true;
	f.today = 100;
	f.due = 150;
	f.has_budget = true;
	memcpy(f.currency, "VND", 4);
	f.minor = 0;
	f.evm.bac = 1000000;
	f.evm.elapsed = 50;
	f.evm.span = 100;
	return f;
}

static void
work(struct bops_project_facts *f, size_t ms, size_t ms_done, size_t tasks,
    size_t done, int64_t ac)
{
	f->milestones = ms;
	f->milestones_done = ms_done;
	f->tasks = tasks;
	f->tasks_done = done;
	f->evm.done = ms_done + done;
	f->evm.total = ms + tasks;
	f->evm.ac = ac;
	bops_project_evm(&f->evm);
}

static void
expect(const struct bops_project_facts *f, enum bops_health_part part,
    enum bops_health want, const char *why)
{
	struct bops_project_conf conf;
	struct bops_project_health h;

	bops_project_conf_read(&conf, NULL);
	bops_project_health(&h, f, &conf);
	print_message("%s: %s (%s)\n", bops_health_part_name(part),
	    bops_health_name(h.part[part]), h.why[part].ptr);
	assert_string_equal(bops_health_name(h.part[part]),
	    bops_health_name(want));
	assert_non_null(strstr(h.why[part].ptr, why));
	bops_project_health_release(&h);
}

static void
schedule_follows_the_pace_rule(void **state)
{
	struct bops_project_facts f = facts();

	(void)state;
	work(&f, 4, 2, 0, 0, 0);	/* 50% at 50% */
	expect(&f, BOPS_PART_SCHEDULE, BOPS_HEALTH_GREEN,
	    "50% done at 50% of the time (2 of 4 milestones, 0 of 0 tasks)");
	work(&f, 4, 1, 6, 2, 0);	/* 30% at 50%: 0.6 x 50% */
	expect(&f, BOPS_PART_SCHEDULE, BOPS_HEALTH_AMBER, "30% done");
	work(&f, 4, 0, 6, 2, 0);	/* 20% */
	expect(&f, BOPS_PART_SCHEDULE, BOPS_HEALTH_RED, "20% done");
	work(&f, 5, 5, 0, 0, 0);	/* everything done early */
	expect(&f, BOPS_PART_SCHEDULE, BOPS_HEALTH_GREEN, "100% done");
	work(&f, 0, 0, 0, 0, 0);	/* nothing to measure */
	expect(&f, BOPS_PART_SCHEDULE, BOPS_HEALTH_NONE, "no milestone");
	f.overdue = 2;
	f.overdue_name = "Go live";
	f.overdue_due = 97;
	expect(&f, BOPS_PART_SCHEDULE, BOPS_HEALTH_AMBER,
	    "milestone 2 'Go live' 3 days overdue");
	work(&f, 4, 3, 0, 0, 0);	/* ahead, but a milestone is late */
	expect(&f, BOPS_PART_SCHEDULE, BOPS_HEALTH_AMBER, "75% done");
	f.today = 151;
	expect(&f, BOPS_PART_SCHEDULE, BOPS_HEALTH_RED,
	    "1 day past its due day");
	f.finished = true;
	expect(&f, BOPS_PART_SCHEDULE, BOPS_HEALTH_GREEN, "done");
	f = facts();
	f.has_due = false;
	expect(&f, BOPS_PART_SCHEDULE, BOPS_HEALTH_NONE, "no due day");
}

static void
cost_from_cpi_or_pro_rata(void **state)
{
	struct bops_project_facts f = facts();

	(void)state;
	work(&f, 4, 2, 0, 0, 500000);	/* CPI 1 */
	expect(&f, BOPS_PART_COST, BOPS_HEALTH_GREEN,
	    "CPI 1.00: earned 500,000 VND for 500,000 VND spent");
	work(&f, 4, 2, 0, 0, 555556);	/* CPI 0.90 */
	expect(&f, BOPS_PART_COST, BOPS_HEALTH_AMBER, "CPI 0.90");
	work(&f, 4, 2, 0, 0, 625000);	/* CPI 0.80 */
	expect(&f, BOPS_PART_COST, BOPS_HEALTH_RED, "CPI 0.80");
	work(&f, 4, 2, 0, 0, 1000001);
	expect(&f, BOPS_PART_COST, BOPS_HEALTH_RED,
	    "over budget: spent 1,000,001 VND of 1,000,000 VND");
	work(&f, 4, 2, 0, 0, 0);
	expect(&f, BOPS_PART_COST, BOPS_HEALTH_GREEN, "nothing spent yet");
	/* no milestones: actual against budget pro rata */
	work(&f, 0, 0, 0, 0, 450000);
	expect(&f, BOPS_PART_COST, BOPS_HEALTH_GREEN,
	    "spent 45% of the budget at 50% of the time");
	work(&f, 0, 0, 0, 0, 560000);
	expect(&f, BOPS_PART_COST, BOPS_HEALTH_AMBER, "spent 56%");
	work(&f, 0, 0, 0, 0, 700000);
	expect(&f, BOPS_PART_COST, BOPS_HEALTH_RED, "spent 70%");
	/* zero budget */
	f.evm.bac = 0;
	work(&f, 4, 2, 0, 0, 0);
	expect(&f, BOPS_PART_COST, BOPS_HEALTH_NONE, "no budget");
	work(&f, 4, 2, 0, 0, 10);
	expect(&f, BOPS_PART_COST, BOPS_HEALTH_RED,
	    "spent 10 VND with no budget");
}

static void
quality_is_the_worst_metric(void **state)
{
	struct bops_project_facts f = facts();
	struct bops_project_metric m[3] = {
		{ "CSAT", 4.5, 4.6, true, false },
		{ "first response h", 4, 3, true, true },
		{ "attrition", 10, 0, false, true },
	};

	(void)state;
	expect(&f, BOPS_PART_QUALITY, BOPS_HEALTH_NONE, "no quality metric");
	f.metrics = m;
	f.nmetrics = 3;
	expect(&f, BOPS_PART_QUALITY, BOPS_HEALTH_GREEN, "both metrics met");
	m[0].current = 4.1;		/* 0.911 of its target */
	expect(&f, BOPS_PART_QUALITY, BOPS_HEALTH_AMBER,
	    "CSAT 4.1 against a target of 4.5");
	m[0].current = 4.6;
	m[1].current = 5;		/* down: 4 / 5 = 0.8 */
	expect(&f, BOPS_PART_QUALITY, BOPS_HEALTH_RED,
	    "first response h 5 against a target of 4");
	m[1].current = 0;		/* down to nothing: met */
	expect(&f, BOPS_PART_QUALITY, BOPS_HEALTH_GREEN, "met");
}

static void
risk_needs_a_contingency_plan_when_high(void **state)
{
	struct bops_project_facts f = facts();
	struct bops_project_risk r[3] = {
		{ 1, 4, 4, true, false, true },	/* 16, with a plan */
		{ 2, 2, 3, true, false, false },	/* 6 */
		{ 3, 5, 5, false, false, false },	/* closed */
	};

	(void)state;
	expect(&f, BOPS_PART_RISK, BOPS_HEALTH_GREEN, "no open risk");
	f.risks = r;
	f.nrisks = 3;
	expect(&f, BOPS_PART_RISK, BOPS_HEALTH_GREEN,
	    "2 open risks, the highest scores 16");
	r[0].contingency = false;
	expect(&f, BOPS_PART_RISK, BOPS_HEALTH_AMBER,
	    "risk 1 scores 16 with no contingency plan");
	r[2].active = true;
	expect(&f, BOPS_PART_RISK, BOPS_HEALTH_RED,
	    "risk 3 scores 25 with no contingency plan");
	r[0].contingency = true;
	r[2].active = false;
	r[2].occurred = true;
	expect(&f, BOPS_PART_RISK, BOPS_HEALTH_AMBER, "risk 3 occurred");
}

static void
overall_is_the_worst_part_and_cancelled_is_none(void **state)
{
	struct bops_project_facts f = facts();
	struct bops_project_conf conf;
	struct bops_project_health h;

	(void)state;
	bops_project_conf_read(&conf, NULL);
	work(&f, 4, 2, 0, 0, 625000);
	bops_project_health(&h, &f, &conf);
	assert_int_equal(h.part[BOPS_PART_SCHEDULE], BOPS_HEALTH_GREEN);
	assert_int_equal(h.part[BOPS_PART_COST], BOPS_HEALTH_RED);
	assert_int_equal(h.part[BOPS_PART_QUALITY], BOPS_HEALTH_NONE);
	assert_int_equal(h.overall, BOPS_HEALTH_RED);
	bops_project_health_release(&h);
	f.cancelled = true;
	bops_project_health(&h, &f, &conf);
	assert_int_equal(h.overall, BOPS_HEALTH_NONE);
	assert_string_equal(h.why[BOPS_PART_COST].ptr, "cancelled");
	bops_project_health_release(&h);
	/* thresholds come from bops.yaml */
	conf.cost_amber = 0.5;
	f.cancelled = false;
	bops_project_health(&h, &f, &conf);
	assert_int_equal(h.part[BOPS_PART_COST], BOPS_HEALTH_AMBER);
	bops_project_health_release(&h);
}

static void
the_matrix_counts_by_impact_and_probability(void **state)
{
	struct bops_project_risk r[4] = {
		{ 1, 4, 4, true, false, true },
		{ 2, 4, 4, true, false, false },
		{ 3, 1, 5, false, false, false },
		{ 4, 9, 1, true, false, false },	/* out of range */
	};
	unsigned c[5][5];

	(void)state;
	bops_risk_matrix(c, r, 4, false);
	assert_int_equal(c[3][3], 2);
	assert_int_equal(c[4][0], 1);
	bops_risk_matrix(c, r, 4, true);
	assert_int_equal(c[3][3], 2);
	assert_int_equal(c[4][0], 0);
	assert_int_equal(bops_risk_score(4, 5), 20);
}

static void
config_defaults(void **state)
{
	struct bops_project_conf c;

	(void)state;
	bops_project_conf_read(&c, NULL);
	assert_true(c.on_track == 0.9 && c.at_risk == 0.6);
	assert_true(c.cost_green == 0.95 && c.cost_amber == 0.85);
	assert_true(c.quality_amber == 0.9);
	assert_int_equal(c.risk_amber, 15);
	assert_int_equal(c.risk_red, 20);
}

/*
 * A workspace with projects, for due and the reports (the clock is
 * Monday 2026-11-23 09:00 UTC): out-cs is active, with a milestone
 * overdue, one due tomorrow and one reached today, a risk whose trigger
 * day came and that scores 16 with no contingency plan, one that
 * occurred, a weekly status report last made two weeks ago, a cost
 * logged today and a linked task done; late is active and past its due
 * day; shipped is done, with a milestone never reached.
 */
static const char out_cs[] =
"title: Thuê ngoài dịch vụ khách hàng\n"
"status: active\n"
"owner: Lan\n"
"start: 2026-10-01\n"
"due: 2026-12-31\n"
"currency: VND\n"
"budget: '1200000000'\n"
"budget_lines:\n"
"- category: staff\n"
"  amount: '900000000'\n"
"- category: tools\n"
"  amount: '1000'\n"
"  currency: USD\n"
"costs:\n"
"- at: 2026-11-02T09:00:00Z\n"
"  by: Lan\n"
"  amount: '200000000'\n"
"  currency: VND\n"
"  category: staff\n"
"- at: 2026-11-23T08:00:00Z\n"
"  by: Minh\n"
"  amount: '100000000'\n"
"  currency: VND\n"
"  category: staff\n"
"- at: 2026-11-23T08:30:00Z\n"
"  by: Minh\n"
"  amount: '250.50'\n"
"  currency: USD\n"
"  category: tools\n"
"milestones:\n"
"- id: 1\n"
"  name: Vendor chosen\n"
"  due: 2026-10-15\n"
"  done: 2026-10-14\n"
"- id: 2\n"
"  name: Agents trained\n"
"  due: 2026-11-20\n"
"- id: 3\n"
"  name: Go live\n"
"  due: 2026-11-24\n"
"- id: 4\n"
"  name: Scripts written\n"
"  due: 2026-11-20\n"
"  done: 2026-11-23\n"
"risks:\n"
"- id: 1\n"
"  title: Agents leave after training\n"
"  probability: 4\n"
"  impact: 4\n"
"  owner: Minh\n"
"  status: open\n"
"  trigger_date: 2026-11-22\n"
"- id: 2\n"
"  title: Vendor late\n"
"  probability: 2\n"
"  impact: 3\n"
"  status: occurred\n"
"metrics:\n"
"- name: CSAT\n"
"  family: value\n"
"  factor: quality\n"
"  target: 4.5\n"
"  current: 4.1\n"
"  direction: up\n"
"- name: Attrition\n"
"  family: longevity\n"
"  factor: performance\n"
"  target: 10\n"
"  current: 8\n"
"  direction: down\n"
"report_every: 7d\n"
"reports:\n"
"- at: 2026-11-09T09:00:00Z\n"
"  by: Lan\n";

static const char late[] =
"title: Late one\n"
"status: active\n"
"owner: Somchai\n"
"start: 2026-09-01\n"
"due: 2026-11-01\n";

static const char shipped[] =
"title: Shipped\n"
"status: done\n"
"owner: Lan\n"
"due: 2026-11-01\n"
"milestones:\n"
"- id: 1\n"
"  name: Never reached\n"
"  due: 2026-10-01\n";

static const char linked[] =
"title: Hire agents\n"
"status: done\n"
"project: out-cs\n";

static void
put(struct ws_fixture *f, const char *path, const char *yaml)
{
	struct bops_txn *txn = NULL;

	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_txn_put_file(txn, path, yaml, strlen(yaml)));
	assert_null(bops_txn_commit(txn, "add", NULL));
	bops_txn_free(txn);
}

static void
projects(struct ws_fixture *f)
{
	put(f, "projects/out-cs.yaml", out_cs);
	put(f, "projects/late.yaml", late);
	put(f, "projects/shipped.yaml", shipped);
	put(f, "tasks/hi/hire.yaml", linked);
}

static const struct bops_due_item *
due_item(const struct bops_due *d, const char *id, const char *what)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->items[i].id, id) == 0 &&
		    strcmp(d->items[i].what, what) == 0)
			return &d->items[i];
	return NULL;
}

/* What falls due, with its owner and the command that deals with it. */
static void
due_lists_milestones_risks_reports_and_late_projects(void **state)
{
	struct ws_fixture *f = *state;
	static const struct {
		const char *id, *what, *owner, *command;
		bool late;
		const char *since;
	} want[] = {
		{ "out-cs/2", "milestone overdue", "Lan",
		    "bops project milestone done out-cs/2", true,
		    "2026-11-20T00:00:00Z" },
		{ "out-cs/3", "milestone due", "Lan",
		    "bops project milestone done out-cs/3", false,
		    "2026-11-24T00:00:00Z" },
		{ "out-cs/1", "risk trigger passed", "Minh",
		    "bops project risk set out-cs/1 status=STATUS", true,
		    "2026-11-22T00:00:00Z" },
		{ "out-cs/1", "no contingency plan", "Minh",
		    "bops project risk set out-cs/1 contingency=TEXT", true,
		    "2026-11-23T09:00:00Z" },
		{ "out-cs", "status report late", "Lan",
		    "bops project status out-cs --note TEXT", true,
		    "2026-11-16T09:00:00Z" },
		{ "late", "past due", "Somchai",
		    "bops project set late status=done", true,
		    "2026-11-01T00:00:00Z" },
	};
	struct bops_due_query q;
	struct bops_due d;
	const struct bops_due_item *it;
	struct bops_buf since = BOPS_BUF_INIT;
	const char *owner = "minh";
	size_t i;

	projects(f);
	memset(&q, 0, sizeof(q));
	q.now = f->ws->now;
	q.within = 86400;
	bops_due_init(&d, &q);
	assert_null(bops_due_collect(&d, f->ws));
	for (i = 0; i < N(want); i++) {
		if ((it = due_item(&d, want[i].id, want[i].what)) == NULL)
			fail_msg("no '%s' for %s", want[i].what, want[i].id);
		assert_string_equal(it->kind->name, "project");
		assert_string_equal(it->owner, want[i].owner);
		assert_string_equal(it->command, want[i].command);
		assert_int_equal(it->late, want[i].late);
		bops_buf_reset(&since);
		bops_instant_format(&since, it->since);
		assert_string_equal(since.ptr, want[i].since);
	}
	/* Nothing of the done project, nor the occurred risk, nor the
	 * milestone due in a month. */
	assert_int_equal(d.n, N(want));
	bops_due_release(&d);

	/* A week later, Minh's alone: the risk is still his. */
	q.owners = &owner;
	q.nowners = 1;
	q.now += 7 * 86400;
	bops_due_init(&d, &q);
	assert_null(bops_due_collect(&d, f->ws));
	assert_non_null(due_item(&d, "out-cs/1", "risk trigger passed"));
	assert_null(due_item(&d, "out-cs/2", "milestone overdue"));
	bops_due_release(&d);
	bops_buf_release(&since);
}

static const struct bops_report_block *
block(const struct bops_report *r, const char *key)
{
	size_t i, j;

	for (i = 0; i < r->n; i++)
		for (j = 0; j < r->sections[i].n; j++)
			if (strcmp(r->sections[i].blocks[j].key, key) == 0)
				return &r->sections[i].blocks[j];
	return NULL;
}

static const struct bops_report_row *
row(const struct bops_report_block *b, const char *label)
{
	size_t i;

	assert_non_null(b);
	for (i = 0; i < b->n; i++)
		if (strcmp(b->rows[i].label, label) == 0)
			return &b->rows[i];
	for (i = 0; i < b->n; i++)
		print_message("row %s\n", b->rows[i].label);
	fail_msg("no row '%s' in %s", label, b->key);
	return NULL;
}

static void
report_of(struct bops_report *r, struct ws_fixture *f, const char *name,
    const char *period)
{
	struct bops_period p;

	assert_null(bops_period_parse(&p, period, NULL));
	bops_report_init(r, name, &p, period, f->ws->now, "", f->ws->tz);
	assert_null(bops_report_collect(r, f->ws));
}

/* The projects report: health, budget, earned value, risks, balance. */
static void
report_projects_shows_health_money_risks_and_balance(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_report_block *b;
	const struct bops_report_row *x;
	struct bops_report r;
	size_t i;

	projects(f);
	report_of(&r, f, "projects", "2026-Q4");
	b = block(&r, "projects-health");
	/* Active projects only: the done one is not there. */
	x = row(b, "out-cs Thuê ngoài dịch vụ khách hàng");
	assert_int_equal(x->depth, 0);
	assert_string_equal(x->text, "amber");
	assert_string_equal(x->state, "at-risk");
	x = row(b, "late Late one");
	assert_string_equal(x->text, "red");
	assert_string_equal(x->state, "off-track");
	for (i = 0; i < b->n; i++)
		assert_true(strstr(b->rows[i].label, "Shipped") == NULL);

	/* Money per currency, exact, never added across currencies. */
	b = block(&r, "projects-budget");
	x = row(b, "out-cs VND");
	assert_true(x->value == 300000000 && x->max == 1200000000);
	assert_string_equal(x->text, "25%");
	assert_string_equal(x->detail,
	    "300,000,000 of 1,200,000,000 VND spent");
	x = row(b, "out-cs USD");
	assert_true(x->value == 25050 && x->max == 100000);
	assert_string_equal(x->detail, "250.50 of 1,000.00 USD spent");

	/* 2 of 4 milestones and 1 of 1 task: EV = 60% of the budget. */
	x = row(block(&r, "projects-evm"), "out-cs Thuê ngoài dịch vụ khách "
	    "hàng");
	assert_non_null(strstr(x->detail, "EV 720,000,000 VND"));
	assert_non_null(strstr(x->detail, "AC 300,000,000 VND"));
	assert_non_null(strstr(x->detail, "CPI 2.40"));

	x = row(block(&r, "projects-milestones"), "out-cs Thuê ngoài dịch vụ "
	    "khách hàng");
	assert_true(x->value == 2 && x->max == 4);
	assert_string_equal(x->text, "2 of 4");
	assert_string_equal(x->detail, "1 overdue, 1 reached late");

	/* The matrix: one open risk, 4 x 4; the occurred one is not open. */
	x = row(block(&r, "projects-risks"), "out-cs Thuê ngoài dịch vụ "
	    "khách hàng");
	assert_true(x->value == 16 && x->max == 25);
	assert_string_equal(x->state, "at-risk");

	b = block(&r, "projects-families");
	assert_true(row(b, "value")->value == 1 && row(b, "tactical")->value
	    == 0);
	assert_non_null(strstr(b->note, "tactical, financial"));
	b = block(&r, "projects-factors");
	assert_true(row(b, "quality")->value == 1 &&
	    row(b, "compliance")->value == 0);
	assert_non_null(strstr(b->note, "value, compliance"));
	bops_report_release(&r);
}

/*
 * The burn of out-cs (costs of 200,000,000 VND on 2026-11-02 and
 * 100,000,000 on 2026-11-23, and USD, not counted) at now 2026-11-23
 * 09:00 UTC: by the day or by the week by the span, and none without a
 * budget, a due day or a span.
 */
static void
burn_by_day_or_week_exact(void **state)
{
	static const struct {
		const char *what;
		const char *start, *due;	/* the plan */
		bool budget;
		int step;
		size_t n, known;
		int64_t first_planned, last_actual;
	} t[] = {
		{ "a quarter: weekly", "2026-10-01", "2026-12-31", true, 7, 14,
		    8, 91304348, 300000000 },
		{ "a month: daily", "2026-11-01", "2026-11-30", true, 1, 30,
		    23, 40000000, 300000000 },
		{ "past its due day: up to today", "2026-11-01", "2026-11-10",
		    true, 1, 23, 23, 120000000, 300000000 },
		{ "two years: every few weeks", "2025-01-01", "2026-12-31",
		    true, 14, 53, 50, 23013699, 300000000 },
		{ "the first day only", "2026-11-23", "2026-11-23", true, 1,
		    1, 1, 1200000000, 300000000 },
		{ "not started", "2026-12-01", "2026-12-31", true, 1, 31, 0,
		    38709677, 0 },
		{ "no budget", "2026-10-01", "2026-12-31", false, 0, 0, 0, 0,
		    0 },
	};
	struct ws_fixture *f = *state;
	struct bops_record *rec = NULL;
	size_t i, k, known;

	projects(f);
	assert_null(bops_store_load(&rec, f->ws, &bops_kinds[BOPS_KIND_project], NULL,
	    "out-cs"));
	for (i = 0; i < N(t); i++) {
		struct bops_project_facts fa;
		struct bops_burn b;
		int32_t start, due;
		int64_t from;

		print_message("%s\n", t[i].what);
		memset(&fa, 0, sizeof(fa));
		assert_null(bops_date_parse(&start, t[i].start));
		assert_null(bops_date_parse(&due, t[i].due));
		from = bops_date_local_start(start, f->ws->tz);
		fa.has_due = true;
		fa.due = due;
		fa.today = f->ws->today;
		fa.has_budget = t[i].budget;
		memcpy(fa.currency, "VND", 4);
		fa.evm.bac = 1200000000;
		fa.evm.span = bops_date_local_start(due + 1, f->ws->tz) - from;
		fa.evm.elapsed = f->ws->now - from;
		bops_project_burn(&b, rec, &fa, f->ws->now, f->ws->tz);
		assert_int_equal(b.n, t[i].n);
		if (t[i].n == 0) {
			assert_null(b.points);
			continue;
		}
		assert_int_equal(b.step, t[i].step);
		assert_int_equal(b.first, start);
		assert_true(b.n <= 60 || b.step == 1);
		for (k = 0, known = 0; k < b.n; k++) {
			known += b.points[k].known;
			/* never down, the plan never past the budget */
			assert_true(k == 0 || b.points[k].planned >=
			    b.points[k - 1].planned);
			assert_true(b.points[k].planned <= fa.evm.bac);
		}
		assert_int_equal(known, t[i].known);
		assert_true(b.points[0].planned == t[i].first_planned);
		assert_true(b.points[b.n - 1].day == (due > fa.today ? due :
		    fa.today));
		if (known)
			assert_true(b.points[known - 1].actual ==
			    t[i].last_actual);
		if (due >= fa.today)
			assert_true(b.points[b.n - 1].planned == fa.evm.bac);
		bops_project_burn_release(&b);
	}
	bops_record_free(rec);
}

/* The report's matrix and burn of the running projects. */
static void
report_projects_draws_the_matrix_and_the_burn(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_report_block *b;
	struct bops_report r;
	size_t i, n = 0;

	projects(f);
	report_of(&r, f, "projects", "2026-Q4");
	b = block(&r, "projects-risk-matrix");
	assert_int_equal(b->type, BOPS_BLOCK_MATRIX);
	assert_int_equal(b->cols, 5);
	assert_int_equal(b->n, 25);
	for (i = 0; i < b->n; i++)
		n += (size_t)b->rows[i].value;
	assert_int_equal(n, 1);
	/* impact 4 (the second line), probability 4 */
	assert_true(b->rows[8].value == 1 && b->rows[8].max == 16);
	assert_string_equal(b->rows[8].state, "amber");
	assert_string_equal(b->rows[4].state, "red");
	assert_string_equal(b->rows[20].state, "green");

	b = block(&r, "projects-burn-out-cs");
	assert_int_equal(b->type, BOPS_BLOCK_BURN);
	assert_int_equal(b->n, 14);
	assert_string_equal(b->rows[7].label, "2026-11-25");
	assert_string_equal(b->rows[7].text, "300,000,000 VND");
	assert_true(isnan(b->rows[8].value) && b->rows[8].text == NULL);
	assert_string_equal(b->rows[13].detail, "1,200,000,000 VND");
	assert_string_equal(b->mark_text, "EAC 500,000,000 VND");
	assert_true(b->mark == 500000000);
	/* late has no budget: no burn */
	for (i = 0; i < r.sections[0].n; i++)
		assert_true(strcmp(r.sections[0].blocks[i].key,
		    "projects-burn-late") != 0);
	bops_report_release(&r);
}

/* People over 100% across active projects, names ignoring case. */
static void
allocations_add_up_across_active_projects(void **state)
{
	static const struct {
		const char *id, *yaml;
	} t[] = {
		{ "a", "title: A\nstatus: active\nresources:\n- person: Lan\n"
		    "  allocation: 80\n- person: Minh\n  allocation: 100\n" },
		{ "b", "title: B\nstatus: active\nresources:\n- person: lan\n"
		    "  allocation: 30\n- person: Somchai\n  allocation: 0\n" },
		{ "c", "title: C\nstatus: on-hold\nresources:\n- person: Minh\n"
		    "  allocation: 50\n" },
		{ "d", "title: D\nstatus: active\n" },
	};
	struct ws_fixture *f = *state;
	struct bops_allocations a = BOPS_ALLOCATIONS_INIT;
	struct bops_problems w = BOPS_PROBLEMS_INIT;
	struct bops_buf path = BOPS_BUF_INIT;
	struct bops_record *rec;
	size_t i;

	for (i = 0; i < N(t); i++) {
		bops_buf_reset(&path);
		bops_buf_printf(&path, "projects/%s.yaml", t[i].id);
		put(f, path.ptr, t[i].yaml);
		rec = NULL;
		assert_null(bops_store_load(&rec, f->ws,
		    &bops_kinds[BOPS_KIND_project], NULL, t[i].id));
		bops_allocations_add(&a, rec);
		bops_record_free(rec);
	}
	assert_int_equal(a.n, 2);	/* 0% is no allocation */
	assert_int_equal(bops_allocations_of(&a, "LAN")->total, 110);
	assert_int_equal(bops_allocations_of(&a, "Minh")->total, 100);
	assert_null(bops_allocations_of(&a, "Somchai"));
	bops_allocations_warnings(&w, &a);
	assert_int_equal(w.n, 1);
	assert_string_equal(w.v[0].msg, "warning: Lan is allocated 110% "
	    "across active projects (a 80%, b 30%)");
	bops_problems_release(&w);
	bops_allocations_release(&a);
	bops_allocations_release(&a);	/* twice: nothing left */
	bops_buf_release(&path);
}

/* The weekly report: what projects did, what they plan, what hurts. */
static void
report_weekly_has_the_projects_part(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_report_block *b;
	struct bops_report r;

	projects(f);
	report_of(&r, f, "weekly", "2026-w48");
	b = block(&r, "progress-milestones");
	assert_int_equal(b->n, 1);
	assert_string_equal(b->rows[0].label, "out-cs/4 Scripts written");
	b = block(&r, "progress-costs");
	assert_int_equal(b->n, 2);
	assert_string_equal(b->rows[0].label, "out-cs: 100,000,000 VND staff");
	assert_string_equal(b->rows[0].detail, "Minh, 2026-11-23");
	assert_string_equal(b->rows[1].label, "out-cs: 250.50 USD tools");
	/* Milestones due come through due: a plan, or late a problem. */
	row(block(&r, "plans-due"), "project out-cs/3: Go live");
	row(block(&r, "problems-late"), "project out-cs/2: Agents trained");
	b = block(&r, "problems-projects");
	assert_non_null(strstr(row(b, "project late: Late one")->detail,
	    "red"));
	assert_string_equal(row(b, "risk out-cs/2: Vendor late")->detail,
	    "occurred");
	bops_report_release(&r);
}

/* No active project: a note, not empty charts. */
static void
report_projects_without_projects_says_so(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_report r;

	put(f, "projects/shipped.yaml", shipped);
	report_of(&r, f, "projects", "2026-Q4");
	assert_int_equal(r.n, 2);
	assert_string_equal(r.sections[0].key, "projects");
	assert_int_equal(r.sections[0].n, 0);
	assert_string_equal(r.sections[0].note, "No active projects.");
	bops_report_release(&r);
}

#define TS(name) cmocka_unit_test_setup_teardown(name, ws_setup, ws_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(muldiv_rounds_half_away_from_zero),
		cmocka_unit_test(amounts_take_a_sign_only_where_allowed),
		cmocka_unit_test(earned_value_from_work_and_time),
		cmocka_unit_test(schedule_follows_the_pace_rule),
		cmocka_unit_test(cost_from_cpi_or_pro_rata),
		cmocka_unit_test(quality_is_the_worst_metric),
		cmocka_unit_test(risk_needs_a_contingency_plan_when_high),
		cmocka_unit_test(overall_is_the_worst_part_and_cancelled_is_none),
		cmocka_unit_test(the_matrix_counts_by_impact_and_probability),
		cmocka_unit_test(config_defaults),
		TS(due_lists_milestones_risks_reports_and_late_projects),
		TS(report_projects_shows_health_money_risks_and_balance),
		TS(report_projects_draws_the_matrix_and_the_burn),
		TS(burn_by_day_or_week_exact),
		TS(allocations_add_up_across_active_projects),
		TS(report_weekly_has_the_projects_part),
		TS(report_projects_without_projects_says_so),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
