/*
 * project.h: projects of a PMO or BPO team, and their arithmetic as pure
 * functions: earned value, health, the risk matrix, budget against
 * actual.
 *
 * A project has a SMART goal (a statement, a measure: a key result or a
 * metric with a target, a date), milestones, resources, a budget by
 * category and an append-only log of actual costs, in exact money
 * (money.h), risks keyed by number, quality metrics, status reports and
 * a retrospective.  Tasks link to it with project=ID.
 *
 * Earned value management, from the budget at completion (BAC), the
 * actual cost (AC), the share of the work done (milestones and linked
 * tasks reached, done / total) and the share of the plan's time elapsed
 * (elapsed / span):
 *   PV  = BAC x elapsed / span       (planned value, pro rata to time)
 *   EV  = BAC x done / total         (earned value)
 *   CPI = EV / AC, SPI = EV / PV
 *   EAC = BAC / CPI = BAC x AC / EV  (estimate at completion)
 * Money stays exact: PV, EV and EAC are whole minor units, rounded half
 * away from zero; CPI and SPI are ratios.
 *
 * Health is green, amber or red for each of schedule, cost, quality and
 * risk, each with a one-line reason; the thresholds are project.health.*
 * in bops.yaml (struct bops_project_conf):
 *   schedule  the pace rule of key results (okr.h): progress (done /
 *             total) against the time elapsed: green at or above
 *             on_track x expected, amber at or above at_risk x expected,
 *             red below; a milestone overdue makes it amber at least, a
 *             project past its due day red;
 *   cost      spent more than the budget: red; else CPI (or, with no
 *             work to earn value from, PV / AC: actual against budget
 *             pro rata to time) green at or above cost_green, amber at
 *             or above cost_amber, red below; money spent with no
 *             budget: red;
 *   quality   each measured metric's attainment (current / target, or
 *             target / current going down, at most 1): the worst one
 *             green at 1, amber at or above quality_amber, red below;
 *   risk      an open or mitigating risk scored risk_red or more with no
 *             contingency plan: red; scored risk_amber or more with none,
 *             or a risk that occurred: amber; else green.
 * A part with nothing to judge (no due day, no budget, no metric) is
 * BOPS_HEALTH_NONE and does not count; the overall health is the worst
 * of the others.
 *
 * The rules of a project (bops_project_rules, kind.h):
 *   - validate: the currency is an ISO 4217 code; the budget, the budget
 *     lines and the costs are amounts of their currencies (a cost may be
 *     negative: a correction); the start is not after the due day
 *     (BOPS_ERR_INVALID "path:line:col: message");
 *   - check, for every write but a merge: amounts are made canonical;
 *     a new cost is in the budget's currency or in that of a budget line
 *     (BOPS_ERR_REFUSED); a project that records point at (tasks with
 *     project=ID) cannot be removed (BOPS_ERR_REFUSED).  The costs and
 *     the status reports are read-only fields that bops appends to (a
 *     correction is a negative cost), merged as unions;
 *   - config: project.health.at_risk <= on_track, cost_amber <=
 *     cost_green, risk_amber <= risk_red;
 *   - finished: done or cancelled;
 *   - due, for a project not done or cancelled: its milestones not
 *     reached whose due day passed or falls in the window, and the
 *     project's own (for the project's owner); its open or mitigating
 *     risks whose trigger_date passed or falls in the window, and those
 *     scored risk_amber or more with no contingency plan (for the risk's
 *     owner, else the project's); for an active project with
 *     report_every, the next status report (the last one's instant,
 *     else the start of the plan, plus report_every) once it falls in
 *     the window;
 *   - topic "projects", report: each active or on-hold project's
 *     health (a row for the project and one a part), milestones
 *     reached, budget against actual per currency, earned value and
 *     risk exposure (the scores of its open risks added up); the risk
 *     matrix of the running projects' open risks (a MATRIX block); each
 *     one's budget burn with its EAC (a BURN block, bops_project_burn);
 *     and the running projects' metrics by family and by factor of
 *     customer success, naming those nothing measures; for weekly, milestones
 *     reached and costs logged in the period (Progress), and running
 *     projects in the red and their risks that occurred (Problems).
 *     Linked tasks are counted at the report's commit, health is judged
 *     at ws->now.
 */
#ifndef BOPS_PROJECT_H
#define BOPS_PROJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"
#include "money.h"
#include "node.h"

struct bops_problems;
struct bops_record;
struct bops_tz;
struct bops_ws;

/* The family of a metric, as for key results and journey metrics. */
#define BOPS_PROJECT_FAMILIES { "tactical", "value", "longevity", \
	"financial" }

/* project.health.* of bops.yaml, with its defaults. */
struct bops_project_conf {
	double on_track;	/* 0.9 */
	double at_risk;		/* 0.6 */
	double cost_green;	/* 0.95 */
	double cost_amber;	/* 0.85 */
	double quality_amber;	/* 0.9 */
	int risk_amber;		/* 15 */
	int risk_red;		/* 20 */
};
/* Read the project section of bops.yaml (may be NULL: the defaults). */
void bops_project_conf_read(struct bops_project_conf *out,
    const struct bops_node *project);

/*
 * An amount of currency code (ISO 4217, upper case) into *out, minor
 * units: as bops_money_parse, and with negative set a leading '-' is
 * taken too.  BOPS_ERR_USAGE "amount 'x': ..." otherwise.
 */
const struct bops_error *bops_project_amount(int64_t *out, const char *text,
    const char *code, bool negative);

/* v x num / den, rounded half away from zero (den > 0). */
bops_money_sum bops_project_muldiv(bops_money_sum v, bops_money_sum num,
    bops_money_sum den);

/* Earned value: fill in the inputs, then call bops_project_evm(). */
struct bops_evm {
	/* in */
	int64_t bac;		/* budget at completion, minor units */
	bops_money_sum ac;	/* actual cost, minor units */
	size_t done, total;	/* units of work reached, planned */
	int64_t elapsed, span;	/* seconds of the plan gone, in all */
	/* out */
	bops_money_sum pv, ev;	/* planned and earned value */
	bops_money_sum eac;	/* estimate at completion; -1: none (no
				   value earned, or nothing spent) */
	double cpi, spi;	/* -1 when their divisor is 0 */
	double expected;	/* elapsed / span, 0..1 (1 with no span) */
	double progress;	/* done / total, 0..1; -1 with no work */
};
void bops_project_evm(struct bops_evm *e);

enum bops_health {
	BOPS_HEALTH_NONE,	/* nothing to judge */
	BOPS_HEALTH_GREEN,
	BOPS_HEALTH_AMBER,
	BOPS_HEALTH_RED,
};
/* "green", "amber", "red", "-" for none. */
const char *bops_health_name(enum bops_health h);

/* A metric as health reads it. */
struct bops_project_metric {
	const char *name;	/* borrowed */
	double target, current;
	bool measured;		/* current is set */
	bool down;		/* less is better */
};

/* A risk as health and the matrix read it. */
struct bops_project_risk {
	long id;
	int probability, impact;	/* 1..5 */
	bool active;		/* open or mitigating */
	bool occurred;
	bool contingency;	/* has a contingency plan */
};

/* What health needs of one project, read by bops_project_facts(). */
struct bops_project_facts {
	bool finished;		/* done */
	bool cancelled;
	bool has_due;
	int32_t today, due;	/* days */
	size_t milestones, milestones_done;
	long overdue;		/* the first overdue milestone, or 0 */
	const char *overdue_name;	/* borrowed */
	int32_t overdue_due;
	size_t tasks, tasks_done;	/* linked tasks (the caller's count) */
	bool has_budget;	/* a budget in the project's currency */
	char currency[4];	/* "" without one */
	int minor;
	struct bops_evm evm;	/* its in-fields set, out-fields computed */
	struct bops_project_metric *metrics;
	size_t nmetrics;
	struct bops_project_risk *risks;
	size_t nrisks;
};

/*
 * The facts of project rec (valid) at ws->now in ws's zone, with tasks
 * of its linked tasks, done of them done; the plan runs from its start
 * (else the day it was added) to the end of its due day.  Release with
 * bops_project_facts_release(); the facts borrow rec's strings.
 */
void bops_project_facts(struct bops_project_facts *out, struct bops_ws *ws,
    const struct bops_record *rec, size_t tasks, size_t done);
void bops_project_facts_release(struct bops_project_facts *f);

/* The health of a project, each part with its reason. */
enum bops_health_part {
	BOPS_PART_SCHEDULE,
	BOPS_PART_COST,
	BOPS_PART_QUALITY,
	BOPS_PART_RISK,
	BOPS_PART__COUNT
};
/* "schedule", "cost", "quality", "risk". */
const char *bops_health_part_name(enum bops_health_part p);

struct bops_project_health {
	enum bops_health part[BOPS_PART__COUNT];
	struct bops_buf why[BOPS_PART__COUNT];
	enum bops_health overall;
};
/*
 * The health of the project of f under conf.  Release with
 * bops_project_health_release().
 */
void bops_project_health(struct bops_project_health *out,
    const struct bops_project_facts *f, const struct bops_project_conf *conf);
void bops_project_health_release(struct bops_project_health *h);

/* How much of its target metric m reaches, 0..1: current / target, or
 * target / current going down; 1 when met. */
double bops_project_attainment(const struct bops_project_metric *m);

/* probability x impact. */
int bops_risk_score(int probability, int impact);
/*
 * The 5 x 5 matrix: counts[impact - 1][probability - 1] of the risks
 * (only the active ones with active_only).
 */
void bops_risk_matrix(unsigned counts[5][5],
    const struct bops_project_risk *risks, size_t n, bool active_only);
/*
 * Fill MATRIX block b (report.h, no rows yet) with counts: impact up,
 * probability across, each cell's band by its score: red from
 * conf->risk_red, amber from risk_amber, yellow from 8, else green.
 * In project-report.c.
 */
struct bops_report_block;
void bops_risk_matrix_block(struct bops_report_block *b,
    unsigned counts[5][5], const struct bops_project_conf *conf);

/*
 * The budget burn of project rec of facts f (bops_project_facts at now
 * in zone tz): the cumulative actual cost in the project's currency
 * against the planned burn, the budget pro rata to the time from the
 * start of the plan to the end of its due day, at points a day apart
 * when the plan and the days past it up to today are at most 62 days,
 * else a week or as many weeks as keep them to at most 60.  A point's
 * actual is the costs logged up to the end of its day (or now, for the
 * day that has begun and not ended); one whose first day has not come
 * is not known.  Exact: minor units.  No points (n 0) without a budget
 * in the project's currency or a due day.  Release with
 * bops_project_burn_release().
 */
struct bops_burn_point {
	int32_t day;		/* the last day the point covers */
	bool known;		/* its first day has come */
	bops_money_sum actual, planned;
};
struct bops_burn {
	struct bops_burn_point *points;
	size_t n;
	int step;		/* days between points */
	int32_t first, last;	/* the first day, the last */
};
void bops_project_burn(struct bops_burn *out, const struct bops_record *rec,
    const struct bops_project_facts *f, int64_t now,
    const struct bops_tz *tz);
void bops_project_burn_release(struct bops_burn *b);

/*
 * Budget against actual, by category and currency: the budget lines and
 * the costs of a project, in the order lines then categories first
 * charged appear; the budget itself in the project's currency, less
 * what its lines allocate, is the row of category NULL (unallocated),
 * present when it is not zero.  Release with bops_project_budget_release().
 */
struct bops_budget_row {
	const char *category;	/* borrowed; NULL: unallocated */
	char currency[4];
	int minor;
	bool budgeted;		/* it has a budget line */
	bops_money_sum budget, actual;
};
struct bops_budget_total {
	char currency[4];
	int minor;
	bops_money_sum budget, actual;
};
struct bops_budget {
	struct bops_budget_row *rows;
	size_t n;
	struct bops_budget_total *totals;	/* per currency, in the order
						   the rows show them */
	size_t ntotals;
};
void bops_project_budget(struct bops_budget *out,
    const struct bops_record *rec);
void bops_project_budget_release(struct bops_budget *b);

/*
 * Whether a project may take a cost in currency code: it is the budget's
 * currency or that of a budget line.
 */
bool bops_project_takes(const struct bops_record *rec, const char *code);

/* The next free number of a milestone or risk in seq (max + 1). */
long bops_project_next(const struct bops_node *seq);
/* The milestone or risk number n of seq, or NULL (borrowed). */
struct bops_node *bops_project_item(const struct bops_node *seq, long n);

/*
 * The project kind's rules `due` and `report` (kind.h), in
 * project-report.c: see the top of this file.
 */
struct bops_due;
struct bops_kind;
struct bops_report;
const struct bops_error *bops_project_due(struct bops_due *d,
    struct bops_ws *ws, const struct bops_kind *kind);
const struct bops_error *bops_project_report(struct bops_report *r,
    struct bops_ws *ws, const struct bops_kind *kind);

/*
 * What `bops check` warns of in project rec at path (its goal without a
 * measure or a date; milestones due after the project; budget lines that
 * add up to more than the budget), each appended to warnings as
 * "path: warning: message".
 */
void bops_project_warnings(struct bops_problems *warnings, const char *path,
    const struct bops_record *rec);

/*
 * Over-allocation: the people whose allocations (resources, percent)
 * add up to more than 100 across active projects.  Add each project
 * with bops_allocations_add() (one not active is left out), then
 * bops_allocations_warnings() appends a line per person over 100 to
 * warnings, "warning: NAME is allocated N% across active projects (P
 * A%, Q B%)", people in the order first met, projects in the order
 * added; names match ignoring ASCII case.  The struct copies what it
 * keeps.  Release with bops_allocations_release().
 */
struct bops_allocation {
	char *person;
	long total;		/* percent */
	struct bops_buf where;	/* "P 80%, Q 50%" */
};
struct bops_allocations {
	struct bops_allocation *v;
	size_t n;
};
#define BOPS_ALLOCATIONS_INIT { NULL, 0 }
void bops_allocations_add(struct bops_allocations *a,
    const struct bops_record *rec);
void bops_allocations_warnings(struct bops_problems *warnings,
    const struct bops_allocations *a);
/* The allocation of person, or NULL (borrowed). */
const struct bops_allocation *bops_allocations_of(
    const struct bops_allocations *a, const char *person);
void bops_allocations_release(struct bops_allocations *a);

#endif
