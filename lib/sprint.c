#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "due.h"
#include "history.h"
#include "report.h"
#include "kind.h"
#include "record.h"
#include "schema.h"
#include "sprint.h"
#include "store.h"
#include "task.h"
#include "banned.h"

int32_t
bops_sprint_next_start(int32_t today, int start_day)
{
	int wd = bops_date_weekday(today);

	return today + (start_day - wd + 7) % 7;
}

int
bops_sprint_start_day(const char *start_day)
{
	int day = bops_date_weekday_named(start_day);

	return day ? day : 1;
}

int64_t
bops_sprint_length(const char *length)
{
	int64_t len;

	if (length == NULL || bops_duration_parse(&len, length) ||
	    len < 86400)
		return 7 * 86400;
	return len;
}

int32_t
bops_sprint_end(int32_t start, int64_t length)
{
	int64_t days = length / 86400;

	if (days < 1)
		days = 1;
	if (days > BOPS_SPRINT_LIMIT_DAYS)
		days = BOPS_SPRINT_LIMIT_DAYS;
	return (int32_t)((int64_t)start + days - 1);
}

bool
bops_sprint_overlap(int32_t a1, int32_t a2, int32_t b1, int32_t b2)
{
	return a1 <= b2 && b1 <= a2;
}

int32_t
bops_sprint_max_days(const char *max_length)
{
	int64_t len;

	if (max_length == NULL || bops_duration_parse(&len, max_length) ||
	    len % 86400 || len < 86400 ||
	    len > (int64_t)BOPS_SPRINT_LIMIT_DAYS * 86400)
		return BOPS_SPRINT_MAX_DAYS;
	return (int32_t)(len / 86400);
}

const struct bops_error *
bops_sprint_check_dates(int32_t start, int32_t end, int32_t max_days)
{
	struct bops_buf a = BOPS_BUF_INIT, b = BOPS_BUF_INIT;
	const struct bops_error *err = NULL;
	int64_t days = (int64_t)end - start + 1;

	if (start < BOPS_DATE_MIN || end > BOPS_DATE_MAX)
		return bops_error_fmt(BOPS_ERR_INVALID, "the sprint would %s",
		    start < BOPS_DATE_MIN ? "start before 0001-01-01" :
		    "end after 9999-12-31");
	if (end < start) {
		bops_date_format(&a, end);
		bops_date_format(&b, start);
		err = bops_error_fmt(BOPS_ERR_INVALID, "end %s is before start "
		    "%s", a.ptr, b.ptr);
	} else if (days > max_days)
		err = bops_error_fmt(BOPS_ERR_INVALID, "the sprint lasts %lld "
		    "days, more than sprint.max_length (%d days)",
		    (long long)days, (int)max_days);
	bops_buf_release(&a);
	bops_buf_release(&b);
	return err;
}

const struct bops_error *
bops_sprint_check(const char *path, const struct bops_node *sprint,
    int32_t max_days)
{
	const struct bops_error *err;
	const struct bops_node *s = bops_node_map_get(sprint, "start");
	const struct bops_node *e = bops_node_map_get(sprint, "end");
	int32_t start, end;

	if (s == NULL || e == NULL || s->type != BOPS_NODE_SCALAR ||
	    e->type != BOPS_NODE_SCALAR || bops_date_parse(&start, s->str) ||
	    bops_date_parse(&end, e->str))
		return NULL;
	if ((err = bops_sprint_check_dates(start, end, max_days)) == NULL)
		return NULL;
	if (e->line == 0)
		return bops_error_fmt(err->code, "%s: %s", path, err->msg);
	return bops_error_fmt(err->code, "%s:%u:%u: %s", path, e->line,
	    e->col, err->msg);
}

static int
cmp_span(const void *a, const void *b)
{
	const struct bops_sprint_span *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return strcmp(x->id, y->id);
}

size_t
bops_sprint_overlaps(struct bops_sprint_span *v, size_t n)
{
	size_t i, count = 0;
	long far = -1;		/* the earlier span that ends last */

	if (n == 0)
		return 0;
	bops_qsort(v, n, sizeof(*v), cmp_span);
	for (i = 0; i < n; i++) {
		v[i].with = -1;
		if (far >= 0 && v[i].start <= v[far].end) {
			v[i].with = far;
			count++;
		}
		if (far < 0 || v[i].end > v[far].end)
			far = (long)i;
	}
	return count;
}

int32_t
bops_sprint_free_start(const struct bops_sprint_span *v, size_t n,
    int32_t from, int start_day, int64_t length)
{
	int32_t start = bops_sprint_next_start(from, start_day);
	size_t i;
	bool moved = true;

	/* Past each sprint in the way, until none is: each pass moves on. */
	while (moved) {
		moved = false;
		for (i = 0; i < n; i++)
			if (bops_sprint_overlap(start, bops_sprint_end(start,
			    length), v[i].start, v[i].end)) {
				start = bops_sprint_next_start(v[i].end + 1,
				    start_day);
				moved = true;
			}
	}
	return start;
}

static int32_t
date_of(const struct bops_record *rec, const char *field)
{
	int32_t d = 0;
	const char *s = bops_record_str(rec, field);

	if (s)
		(void)bops_date_parse(&d, s);
	return d;
}

static bool
status_is(const struct bops_record *rec, const char *status)
{
	const char *s = bops_record_str(rec, "status");

	return s && strcmp(s, status) == 0;
}

void
bops_sprint_spans(struct bops_sprint_span *out,
    const struct bops_record *const *sprints, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		out[i].id = sprints[i]->id;
		out[i].start = date_of(sprints[i], "start");
		out[i].end = date_of(sprints[i], "end");
		out[i].with = -1;
	}
}

long
bops_sprint_overlapping(const struct bops_sprint_span *v, size_t n,
    int32_t start, int32_t end)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (bops_sprint_overlap(start, end, v[i].start, v[i].end))
			return (long)i;
	return -1;
}

long
bops_sprint_current(const struct bops_record *const *sprints, size_t n,
    int32_t today)
{
	size_t i;
	long found = -1;

	for (i = 0; i < n; i++)
		if (status_is(sprints[i], "active"))
			found = (long)i;
	for (i = 0; found < 0 && i < n; i++)
		if (date_of(sprints[i], "start") <= today &&
		    today <= date_of(sprints[i], "end"))
			found = (long)i;
	return found;
}

long
bops_sprint_following(const struct bops_record *const *sprints, size_t n,
    int32_t end)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (date_of(sprints[i], "start") > end)
			return (long)i;
	return -1;
}

/* Count a task of estimate and status (NULL: unset) in t. */
static void
tally_add(struct bops_sprint_tally *t, struct bops_ws *ws,
    const char *estimate, const char *status)
{
	double points = estimate ? strtod(estimate, NULL) : 1;

	t->points += points;
	if (bops_board_done(ws, status)) {
		t->done += points;
		t->ndone++;
	} else {
		t->open += points;
		t->nopen++;
	}
}

void
bops_sprint_tally(struct bops_sprint_tally *out, struct bops_ws *ws,
    struct bops_record *const *tasks, size_t n)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < n; i++)
		tally_add(out, ws, bops_record_str(tasks[i], "estimate"),
		    bops_record_str(tasks[i], "status"));
}

/* The fields of a task that a sprint's sums read, packed. */
enum { T_SPRINT, T_ESTIMATE, T_STATUS, T__COUNT };
static const char *const tally_fields[T__COUNT] = {
	"sprint", "estimate", "status",
};

struct tallies {
	struct bops_ws *ws;
	const char **ids;		/* the sprints', sorted */
	struct bops_sprint_tally *t;	/* one an id */
	size_t n;
};

static int
cmp_id(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static const struct bops_error *
tally_one(const char *id, const unsigned char *const *vals,
    const size_t *lens, void *arg)
{
	struct tallies *ts = arg;
	struct bops_buf sprint = BOPS_BUF_INIT, est = BOPS_BUF_INIT;
	struct bops_buf status = BOPS_BUF_INIT;
	const char *sp, **at;

	(void)id;
	if ((sp = bops_store_text(&sprint, vals[T_SPRINT], lens[T_SPRINT])) &&
	    (at = bsearch(&sp, ts->ids, ts->n, sizeof(*ts->ids), cmp_id)))
		tally_add(&ts->t[at - ts->ids], ts->ws, bops_store_text(&est,
		    vals[T_ESTIMATE], lens[T_ESTIMATE]), bops_store_text(
		    &status, vals[T_STATUS], lens[T_STATUS]));
	bops_buf_release(&sprint);
	bops_buf_release(&est);
	bops_buf_release(&status);
	return NULL;
}

/*
 * The tally of the tasks of each of sprints ids[0..n) (sorted), into
 * t[0..n), from the packed values of the tasks at commit: no task is
 * decoded.
 */
static const struct bops_error *
sprint_tallies(struct bops_sprint_tally *t, struct bops_ws *ws,
    const char *commit, const char **ids, size_t n)
{
	struct tallies ts = { ws, ids, t, n };

	memset(t, 0, n * sizeof(*t));
	if (n == 0)
		return NULL;
	return bops_store_fields(ws, &bops_kind_task, commit, tally_fields,
	    T__COUNT, tally_one, NULL, &ts);
}

const struct bops_error *
bops_sprint_check_points(const char *sprint, double points)
{
	if (isfinite(points))
		return NULL;
	return bops_error_fmt(BOPS_ERR_INVALID, "the estimates of sprint '%s' "
	    "are too large to add up", sprint);
}

size_t
bops_sprint_carry(struct bops_sprint_carry *out, struct bops_ws *ws,
    struct bops_record *const *tasks, size_t n)
{
	size_t i, m = 0;

	for (i = 0; i < n; i++) {
		const char *c;

		if (bops_task_done(ws, tasks[i]))
			continue;
		c = bops_record_str(tasks[i], "carried");
		out[m].index = i;
		out[m].carried = (c ? strtol(c, NULL, 10) : 0) + 1;
		m++;
	}
	return m;
}

const struct bops_error *
bops_sprint_remaining(double *out, struct bops_ws *ws, const char *commit,
    const char *sprint)
{
	const struct bops_error *err;
	struct bops_sprint_tally t;

	*out = 0;
	if ((err = sprint_tallies(&t, ws, commit, &sprint, 1)) == NULL)
		*out = t.open;
	return err;
}

const struct bops_error *
bops_burndown_init(struct bops_burndown *bd, int32_t start, int32_t end,
    int32_t today, const struct bops_tz *tz)
{
	const struct bops_error *err;
	size_t i;

	memset(bd, 0, sizeof(*bd));
	/* Validation saw to it; the days size what is allocated. */
	if ((err = bops_sprint_check_dates(start, end,
	    BOPS_SPRINT_LIMIT_DAYS)))
		return err;
	bd->start = start;
	bd->ndays = (size_t)(end - start + 1);
	/* Days still to come have no value yet. */
	while (bd->known < bd->ndays && start + (int32_t)bd->known <= today)
		bd->known++;
	bd->ends = bops_calloc(bd->known + 1, sizeof(*bd->ends));
	bd->remaining = bops_calloc(bd->ndays, sizeof(*bd->remaining));
	bd->ideal = bops_calloc(bd->ndays, sizeof(*bd->ideal));
	for (i = 0; i < bd->known; i++)
		bd->ends[i] = bops_date_local_start(start + (int32_t)i + 1, tz);
	for (i = 0; i < bd->ndays; i++)
		bd->remaining[i] = NAN;
	return NULL;
}

const struct bops_error *
bops_burndown_fill(struct bops_burndown *bd,
    const char (*states)[BOPS_OID_HEXSZ + 1], double committed,
    bops_burndown_fn fn, void *arg)
{
	const struct bops_error *err;
	size_t i;

	for (i = 0; i < bd->known; i++) {
		/* Before the workspace existed: no value. */
		if (states[i][0] == '\0')
			continue;
		/* The same state as the day before: the same value. */
		if (i > 0 && strcmp(states[i], states[i - 1]) == 0)
			bd->remaining[i] = bd->remaining[i - 1];
		else if ((err = fn(&bd->remaining[i], states[i], arg)))
			return err;
	}
	/* Not started: the first day with history stands for committed. */
	for (i = 0; i < bd->known && isnan(bd->remaining[i]); i++)
		;
	if (!isnan(committed))
		bd->committed = committed;
	else
		bd->committed = i < bd->known ? bd->remaining[i] : 0;
	bd->top = bd->committed;
	for (i = 0; i < bd->ndays; i++) {
		if (bd->remaining[i] > bd->top)
			bd->top = bd->remaining[i];
		bd->ideal[i] = bops_sprint_ideal(bd->committed, bd->ndays, i);
	}
	return NULL;
}

void
bops_burndown_release(struct bops_burndown *bd)
{
	free(bd->ends);
	free(bd->remaining);
	free(bd->ideal);
	bd->ends = NULL;
	bd->remaining = bd->ideal = NULL;
	bd->ndays = bd->known = 0;
}

size_t
bops_sprint_velocity(size_t *pick, double *points,
    const struct bops_record *const *sprints, size_t n, size_t want)
{
	size_t i, m = 0;

	for (i = n; i-- > 0 && m < want;) {
		const char *c = bops_record_str(sprints[i], "completed");

		if (!status_is(sprints[i], "closed"))
			continue;
		pick[m] = i;
		points[m] = c ? strtod(c, NULL) : 0;
		m++;
	}
	return m;
}

double
bops_sprint_ideal(double committed, size_t ndays, size_t i)
{
	if (ndays == 0 || i + 1 >= ndays)
		return 0;
	return committed * (double)(ndays - i - 1) / (double)ndays;
}

double
bops_sprint_mean(const double *v, size_t n)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += v[i];
	return n ? sum / (double)n : 0;
}

bool
bops_ztest(double c1, double n1, double c2, double n2, double *z, double *p)
{
	double p1, p2, pool, se;

	*z = 0;
	*p = 1;
	if (n1 <= 0 || n2 <= 0)
		return false;
	p1 = c1 / n1;
	p2 = c2 / n2;
	pool = (c1 + c2) / (n1 + n2);
	if (pool <= 0 || pool >= 1)
		return false;
	se = sqrt(pool * (1 - pool) * (1 / n1 + 1 / n2));
	*z = (p1 - p2) / se;
	*p = erfc(fabs(*z) / sqrt(2));
	return true;
}

static int
cmp_rate(const void *a, const void *b)
{
	const struct bops_variant *x = a, *y = b;

	if (x->rate != y->rate)
		return x->rate < y->rate ? 1 : -1;
	if (x->reach != y->reach)
		return x->reach < y->reach ? 1 : -1;
	return strcmp(x->id, y->id);
}

void
bops_holm(double *out, const double *p, size_t m)
{
	size_t *order, i, j, k;
	double run = 0, v;

	if (m == 0)
		return;
	/* The indices by ascending p, ties in their order (insertion). */
	order = bops_calloc(m, sizeof(*order));
	for (i = 0; i < m; i++) {
		for (j = i; j > 0 && p[order[j - 1]] > p[i]; j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	for (k = 0; k < m; k++) {
		v = (double)(m - k) * p[order[k]];
		if (!(v < 1))
			v = 1;		/* also NaN */
		if (v > run)
			run = v;
		out[order[k]] = run;
	}
	free(order);
}

struct bops_node *
bops_experiment_new(const char *name, struct bops_node *messages,
    struct bops_node *destinations)
{
	struct bops_node *exp = bops_node_new_map(), *vars, *v;
	struct bops_buf id = BOPS_BUF_INIT;
	size_t i, j;

	bops_node_map_set_str(exp, "name", name, BOPS_SCALAR_TEXT);
	vars = bops_node_new_seq();
	for (i = 0; i < messages->n; i++)
		for (j = 0; j < destinations->n; j++) {
			v = bops_node_new_map();
			bops_buf_reset(&id);
			bops_buf_printf(&id, "%s/%s", messages->items[i]->str,
			    destinations->items[j]->str);
			bops_node_map_set_str(v, "id", id.ptr,
			    BOPS_SCALAR_TEXT);
			bops_node_seq_append(vars, v);
		}
	bops_node_map_set(exp, "messages", messages);
	bops_node_map_set(exp, "destinations", destinations);
	bops_node_map_set(exp, "variants", vars);
	bops_buf_release(&id);
	return exp;
}

static double
count_of(const struct bops_node *map, const char *key)
{
	const char *s = bops_node_map_str(map, key);

	return strtod(s ? s : "0", NULL);
}

size_t
bops_experiment_variants(struct bops_variant **out,
    const struct bops_node *exp)
{
	const struct bops_node *vars = bops_node_map_get(exp, "variants");
	size_t i, n = vars ? vars->n : 0;
	struct bops_variant *v = bops_calloc(n + 1, sizeof(*v));

	for (i = 0; i < n; i++) {
		v[i].id = bops_node_map_str(vars->items[i], "id");
		v[i].reach = count_of(vars->items[i], "reach");
		v[i].conv = count_of(vars->items[i], "conversions");
	}
	*out = v;
	return n;
}

bool
bops_experiment_rank(struct bops_variant *v, size_t n)
{
	double *p;
	size_t i, m = 0;
	bool winner = true;

	for (i = 0; i < n; i++) {
		v[i].rate = v[i].reach > 0 ? v[i].conv / v[i].reach : 0;
		v[i].tested = v[i].compared = v[i].significant = false;
		v[i].z = 0;
		v[i].p = v[i].p_adj = 1;
	}
	bops_qsort(v, n, sizeof(*v), cmp_rate);
	p = bops_calloc(n + 1, sizeof(*p));
	for (i = 1; i < n; i++) {
		if (v[i].reach <= 0)
			continue;
		v[i].compared = true;
		v[i].tested = bops_ztest(v[0].conv, v[0].reach, v[i].conv,
		    v[i].reach, &v[i].z, &v[i].p);
		p[m++] = v[i].p;
	}
	bops_holm(p, p, m);
	for (i = 1, m = 0; i < n; i++) {
		if (!v[i].compared)
			continue;
		v[i].p_adj = p[m++];
		v[i].significant = v[i].tested && v[i].z > 0 &&
		    v[i].p_adj < 0.05;
		winner = winner && v[i].significant;
	}
	free(p);
	return winner && m > 0 && n > 0 && v[0].reach > 0;
}

struct planned {
	const char *sprint;
	double points;
	size_t n;
	struct bops_buf bad;	/* the first task that does not read */
};

static const struct bops_error *
planned_one(struct bops_record *task, void *arg)
{
	struct planned *p = arg;
	const char *s = bops_record_str(task, "sprint");

	if (s && strcmp(s, p->sprint) == 0) {
		p->points += bops_task_points(task);
		p->n++;
	}
	return NULL;
}

static void
planned_bad(const struct bops_error *err, void *arg)
{
	struct planned *p = arg;

	if (p->bad.len == 0)
		bops_buf_puts(&p->bad, err->msg);
}

const struct bops_error *
bops_sprint_start(struct bops_txn *txn, struct bops_record *sprint,
    struct bops_buf *what)
{
	const struct bops_error *err;
	struct bops_ws *ws = bops_txn_ws(txn);
	const char *st = bops_record_str(sprint, "status");
	struct planned p = { sprint->id, 0, 0, BOPS_BUF_INIT };
	char pts[32];

	if (st && strcmp(st, "closed") == 0)
		return bops_error_fmt(BOPS_ERR_REFUSED, "sprint '%s' is "
		    "closed", sprint->id);
	if (st && strcmp(st, "active") == 0)
		return bops_error_fmt(BOPS_ERR_REFUSED, "sprint '%s' is "
		    "already active", sprint->id);
	err = bops_txn_each(txn, &bops_kind_task, planned_one, planned_bad,
	    &p);
	if (err == NULL && p.bad.len)
		err = bops_error_fmt(BOPS_ERR_INVALID, "%s", p.bad.ptr);
	if (err == NULL && !isfinite(p.points))
		err = bops_error_fmt(BOPS_ERR_INVALID, "the estimates of "
		    "sprint '%s' are too large to add up", sprint->id);
	bops_buf_release(&p.bad);
	if (err)
		return err;
	snprintf(pts, sizeof(pts), "%.15g", p.points);
	bops_buf_printf(what, "start, committed %s point%s in %zu task%s",
	    pts, strcmp(pts, "1") ? "s" : "", p.n, p.n == 1 ? "" : "s");
	if ((err = bops_record_set(sprint, ws, "committed", pts)))
		return err;
	return bops_record_set(sprint, ws, "status", "active");
}

static const struct bops_error *
sprint_validate(const char *id, struct bops_node *root,
    const struct bops_validate *v)
{
	const struct bops_node *max;

	(void)id;
	max = v->lookup ? v->lookup("sprint.max_length", v->lookup_arg) : NULL;
	return bops_sprint_check(v->path, root, bops_sprint_max_days(
	    max && max->type == BOPS_NODE_SCALAR ? max->str : NULL));
}

struct overlap {
	const struct bops_record *rec;
	int32_t start, end;
	struct bops_buf bad;	/* the first sprint that does not read */
};

static void
overlap_bad(const struct bops_error *err, void *arg)
{
	struct overlap *o = arg;

	if (o->bad.len == 0)
		bops_buf_puts(&o->bad, err->msg);
}

static const struct bops_error *
overlap_one(struct bops_record *other, void *arg)
{
	struct overlap *o = arg;

	if (strcmp(other->id, o->rec->id) == 0 || !bops_sprint_overlap(
	    o->start, o->end, date_of(other, "start"), date_of(other, "end")))
		return NULL;
	return bops_error_fmt(BOPS_ERR_REFUSED, "the sprint would overlap "
	    "sprint '%s' (%s..%s)", other->id, bops_record_str(other,
	    "start"), bops_record_str(other, "end"));
}

/*
 * A sprint whose days change shares none with another sprint.  One that
 * does not read might hold those days: it stops the change (exit 4,
 * naming its file) rather than let an overlap through unseen.
 */
static const struct bops_error *
sprint_check(struct bops_txn *txn, const struct bops_record *before,
    struct bops_record *after)
{
	const struct bops_error *err;
	struct overlap o;

	if (after == NULL || (bops_txn_flags(txn) & BOPS_TXN_MERGE))
		return NULL;
	if (before && bops_node_equal(bops_record_get(before, "start"),
	    bops_record_get(after, "start")) && bops_node_equal(
	    bops_record_get(before, "end"), bops_record_get(after, "end")))
		return NULL;
	o.rec = after;
	o.start = date_of(after, "start");
	o.end = date_of(after, "end");
	bops_buf_init(&o.bad);
	err = bops_txn_each(txn, after->kind, overlap_one, overlap_bad, &o);
	if (err == NULL && o.bad.len)
		err = bops_error_fmt(BOPS_ERR_INVALID, "%s", o.bad.ptr);
	bops_buf_release(&o.bad);
	return err;
}

/*
 * Sprints last whole days: sprint.max_length from 1d to a year, and
 * sprint.length at most that.
 */
static const struct bops_error *
sprint_config(const char *path, const struct bops_node *doc,
    struct bops_problems *all)
{
	const struct bops_node *max = bops_node_map_get(bops_node_map_get(doc, "sprint"),
	    "max_length");
	const struct bops_node *len = bops_node_map_get(bops_node_map_get(doc, "sprint"),
	    "length");
	const struct bops_error *first = NULL;
	int32_t max_days = BOPS_SPRINT_MAX_DAYS;
	int64_t t;

	if (max && max->type == BOPS_NODE_SCALAR) {
		if (bops_duration_parse(&t, max->str) || t % 86400 ||
		    t < 86400 || t > (int64_t)BOPS_SPRINT_LIMIT_DAYS * 86400) {
			if (bops_problems_keep(&first, all, bops_problem_at(
			    path, max, "sprint.max_length must be whole days "
			    "from 1d to %dd, got '%s'", BOPS_SPRINT_LIMIT_DAYS,
			    max->str)))
				return first;
		} else
			max_days = (int32_t)(t / 86400);
	}
	if (len && len->type == BOPS_NODE_SCALAR &&
	    (bops_duration_parse(&t, len->str) || t % 86400 || t < 86400 ||
	    t > (int64_t)max_days * 86400))
		(void)bops_problems_keep(&first, all, bops_problem_at(path, len,
		    "sprint.length must be whole days, at most "
		    "sprint.max_length (%d days), got '%s'", (int)max_days,
		    len->str));
	return first;
}

static bool
sprint_finished(struct bops_ws *ws, const char *status)
{
	(void)ws;
	return status && strcmp(status, "closed") == 0;
}

/*
 * An active sprint whose last day comes within the window (to review
 * and close), a planned one whose first day does (to start).  Sprints
 * are the team's: they have no owner.
 */
static const struct bops_error *
due_one(struct bops_due *d, struct bops_ws *ws, struct bops_record *rec,
    void *arg)
{
	struct bops_due_item it;
	struct bops_buf cmd = BOPS_BUF_INIT;
	const char *status = bops_record_str(rec, "status");
	int32_t today = bops_date_local(d->q->now, ws->tz), day;
	bool active = status && strcmp(status, "active") == 0;

	if (status == NULL || (!active && strcmp(status, "planned")))
		return NULL;
	day = date_of(rec, active ? "end" : "start");
	if (day == 0 || !bops_due_day_within(d->q, day, ws->tz))
		return NULL;
	memset(&it, 0, sizeof(it));
	bops_buf_printf(&cmd, "bops sprint %s %s", active ? "close" :
	    "start", rec->id);
	it.kind = rec->kind;
	it.id = rec->id;
	it.title = bops_record_str(rec, "goal");
	if (it.title == NULL)
		it.title = bops_record_str(rec, "title");
	if (active) {
		it.what = day < today ? "not closed" : day == today ?
		    "ends today" : "ends";
		it.since = bops_date_local_start(day, ws->tz);
	} else {
		it.what = day < today ? "not started" : day == today ?
		    "starts today" : "starts";
		it.since = bops_date_local_start(day, ws->tz);
	}
	it.late = day < today;
	it.command = cmd.ptr;
	bops_due_add(d, &it);
	bops_buf_release(&cmd);
	return NULL;
}

static const struct bops_error *
sprint_due(struct bops_due *d, struct bops_ws *ws,
    const struct bops_kind *kind)
{
	return bops_due_each(d, ws, kind, due_one, NULL);
}


/* Reports. */

static int
by_start(const void *x, const void *y)
{
	const struct bops_record *a = *(const struct bops_record *const *)x;
	const struct bops_record *b = *(const struct bops_record *const *)y;
	int32_t da = date_of(a, "start"), db = date_of(b, "start");

	return da != db ? (da < db ? -1 : 1) : strcmp(a->id, b->id);
}

struct left {
	struct bops_ws *ws;
	const char *sprint;
};

static const struct bops_error *
left_at(double *out, const char *state, void *arg)
{
	struct left *rm = arg;

	return bops_sprint_remaining(out, rm->ws, state, rm->sprint);
}

/*
 * The burndown of sprint: the points left at the end of each day, from
 * the history up to the report's clock (so a revision's report never
 * sees a later commit), and the ideal line.
 */
static const struct bops_error *
report_burndown(struct bops_report *r, struct bops_ws *ws,
    struct bops_report_section *s, const struct bops_record *sprint)
{
	const struct bops_error *err;
	struct bops_burndown bd;
	struct bops_report_block *b;
	struct bops_buf title = BOPS_BUF_INIT, label = BOPS_BUF_INIT;
	struct bops_buf text = BOPS_BUF_INIT, detail = BOPS_BUF_INIT;
	struct left rm = { ws, sprint->id };
	char (*states)[BOPS_OID_HEXSZ + 1] = NULL;
	const char *committed = bops_record_str(sprint, "committed");
	int y, m, d;
	size_t i;

	if ((err = bops_burndown_init(&bd, date_of(sprint, "start"),
	    date_of(sprint, "end"), bops_date_local(r->now, r->tz), r->tz)))
		return bops_error_fmt(err->code, "%s: %s", sprint->path,
		    err->msg);
	for (i = 0; i < bd.known; i++)
		if (bd.ends[i] > r->now + 1)
			bd.ends[i] = r->now + 1;
	states = bops_calloc(bd.known + 1, sizeof(*states));
	if ((err = bops_history_at(states, ws, bd.ends, bd.known)) ||
	    (err = bops_burndown_fill(&bd, (const char (*)[BOPS_OID_HEXSZ +
	    1])states, committed ? strtod(committed, NULL) : NAN,
	    left_at, &rm)))
		goto done;
	bops_buf_printf(&title, "Burndown of %s", sprint->id);
	b = bops_report_block(s, BOPS_BLOCK_BURNDOWN, "sprint-burndown",
	    title.ptr);
	if (bops_record_str(sprint, "goal"))
		bops_report_block_note(b, "Goal: %s",
		    bops_record_str(sprint, "goal"));
	for (i = 0; i < bd.ndays; i++) {
		bops_buf_reset(&label);
		bops_buf_reset(&text);
		bops_buf_reset(&detail);
		bops_date_to_ymd(bd.start + (int32_t)i, &y, &m, &d);
		bops_buf_printf(&label, "%02d-%02d", m, d);
		if (!isnan(bd.remaining[i]))
			bops_buf_printf(&text, "%.15g", bd.remaining[i]);
		bops_buf_printf(&detail, "ideal %.1f", bd.ideal[i]);
		bops_report_row(b, 0, label.ptr, bd.remaining[i], bd.ideal[i],
		    text.ptr, detail.ptr, NULL);
	}
done:
	bops_burndown_release(&bd);
	free(states);
	bops_buf_release(&title);
	bops_buf_release(&label);
	bops_buf_release(&text);
	bops_buf_release(&detail);
	return err;
}

static void
report_velocity(struct bops_report_section *s,
    struct bops_record *const *recs, size_t n)
{
	struct bops_report_block *b;
	struct bops_buf text = BOPS_BUF_INIT;
	size_t *pick = bops_calloc(n + 1, sizeof(*pick)), m, i;
	double *pts = bops_calloc(n + 1, sizeof(*pts));

	m = bops_sprint_velocity(pick, pts, (const struct bops_record *const *)
	    recs, n, 8);
	b = bops_report_block(s, BOPS_BLOCK_COLUMNS, "sprint-velocity",
	    "Velocity");
	if (m == 0)
		bops_report_block_note(b, "No sprint closed yet.");
	else
		bops_report_block_note(b, "Mean %.1f points over the last %zu "
		    "closed sprint%s.", bops_sprint_mean(pts, m), m, m == 1 ?
		    "" : "s");
	/* Oldest first, as time runs on a chart. */
	for (i = m; i-- > 0;) {
		bops_buf_reset(&text);
		bops_buf_printf(&text, "%.15g", pts[i]);
		bops_report_row(b, 0, recs[pick[i]]->id, pts[i], pts[i],
		    text.ptr, NULL, NULL);
	}
	free(pick);
	free(pts);
	bops_buf_release(&text);
}

/* Plans: the sprints that start in the coming weeks; Progress: closed. */
/* What is planned for a sprint: its tasks and their points. */
static void
planned(struct bops_buf *out, const struct bops_sprint_tally *t)
{
	size_t n = t->ndone + t->nopen;

	if (n == 0)
		bops_buf_puts(out, ", nothing planned yet");
	else
		bops_buf_printf(out, ", %zu task%s planned (%.15g point%s)", n,
		    n == 1 ? "" : "s", t->points, t->points == 1 ? "" : "s");
}

/* Whether sprint rec is planned to start within the weekly report's
 * reach: from today to two weeks past its period. */
static bool
coming(const struct bops_report *r, const struct bops_record *rec,
    int32_t today)
{
	const char *status = bops_record_str(rec, "status");
	int32_t start = date_of(rec, "start");

	return status && strcmp(status, "planned") == 0 && start >= today &&
	    start <= r->period.last + 14;
}

/* The weekly report's lines of sprints: those to come, those closed. */
static const struct bops_error *
sprint_weekly(struct bops_report *r, struct bops_ws *ws,
    struct bops_record *const *recs, size_t n)
{
	const struct bops_error *err;
	struct bops_report_block *plans = NULL, *done = NULL;
	struct bops_buf label = BOPS_BUF_INIT, detail = BOPS_BUF_INIT;
	int32_t today = bops_date_local(r->now, r->tz), end;
	const char **ids = bops_calloc(n + 1, sizeof(*ids)), **at, *key;
	struct bops_sprint_tally *t = bops_calloc(n + 1, sizeof(*t));
	size_t i, m = 0;

	/* The tasks of the sprints to come, counted in one pass. */
	for (i = 0; i < n; i++)
		if (coming(r, recs[i], today))
			ids[m++] = recs[i]->id;
	bops_qsort(ids, m, sizeof(*ids), cmp_id);
	if ((err = sprint_tallies(t, ws, r->commit, ids, m)))
		goto done;
	for (i = 0; i < n; i++) {
		const char *status = bops_record_str(recs[i], "status");
		const char *goal = bops_record_str(recs[i], "goal");

		end = date_of(recs[i], "end");
		bops_buf_reset(&label);
		bops_buf_reset(&detail);
		if (coming(r, recs[i], today)) {
			if (plans == NULL)
				plans = bops_report_block(bops_report_section(
				    r, "plans", "Plans"), BOPS_BLOCK_LIST,
				    "plans-sprints", "Next sprints");
			bops_buf_printf(&label, "Sprint %s", recs[i]->id);
			if (goal || bops_record_str(recs[i], "title"))
				bops_buf_printf(&label, ": %s", goal ? goal :
				    bops_record_str(recs[i], "title"));
			bops_buf_puts(&detail, "starts ");
			bops_date_format(&detail, date_of(recs[i], "start"));
			key = recs[i]->id;
			at = bsearch(&key, ids, m, sizeof(*ids), cmp_id);
			planned(&detail, &t[at - ids]);
			bops_report_line(plans, label.ptr, detail.ptr);
		} else if (status && strcmp(status, "closed") == 0 &&
		    end >= r->period.first && end <= r->period.last) {
			if (done == NULL)
				done = bops_report_block(bops_report_section(
				    r, "progress", "Progress"),
				    BOPS_BLOCK_LIST, "progress-sprints",
				    "Sprints closed");
			bops_buf_printf(&label, "Sprint %s: %s of %s points",
			    recs[i]->id, bops_record_str(recs[i],
			    "completed") ? bops_record_str(recs[i],
			    "completed") : "0", bops_record_str(recs[i],
			    "committed") ? bops_record_str(recs[i],
			    "committed") : "0");
			bops_report_line(done, label.ptr, goal);
		}
	}
done:
	free(ids);
	free(t);
	bops_buf_release(&label);
	bops_buf_release(&detail);
	return err;
}

static const struct bops_error *
sprint_report(struct bops_report *r, struct bops_ws *ws,
    const struct bops_kind *kind)
{
	const struct bops_error *err;
	struct bops_record **recs;
	struct bops_report_section *s;
	size_t n;
	long cur;

	if (strcmp(r->topic, "sprint") && strcmp(r->topic, "weekly"))
		return NULL;
	if ((err = bops_store_all(&recs, &n, ws, kind, r->commit)))
		return err;
	bops_qsort(recs, n, sizeof(*recs), by_start);
	if (strcmp(r->topic, "weekly") == 0) {
		err = sprint_weekly(r, ws, recs, n);
		goto done;
	}
	s = bops_report_section(r, "sprint", "Sprints");
	cur = bops_sprint_current((const struct bops_record *const *)recs, n,
	    bops_date_local(r->now, r->tz));
	if (cur >= 0)
		err = report_burndown(r, ws, s, recs[cur]);
	else
		bops_report_note(s, n ? "No sprint is running." :
		    "No sprints yet: bops sprint new makes one.");
	if (err == NULL && n)
		report_velocity(s, recs, n);
done:
	bops_store_all_free(recs, n);
	return err;
}

const struct bops_kind_rules bops_sprint_rules = {
	.validate = sprint_validate,
	.check = sprint_check,
	.config = sprint_config,
	.finished = sprint_finished,
	.due = sprint_due,
	.topic = "sprint",
	.report = sprint_report,
};
