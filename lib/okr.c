#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "due.h"
#include "report.h"
#include "hash.h"
#include "kind.h"
#include "okr.h"
#include "schema.h"
#include "store.h"
#include "banned.h"

double
bops_okr_kr_progress(double start, double target, double current, bool down)
{
	double p;

	if (target == start)
		return (down ? current <= target : current >= target) ? 1 : 0;
	p = (current - start) / (target - start);
	if (!(p > 0))
		return 0;	/* also NaN */
	return p > 1 ? 1 : p;
}

double
bops_okr_expected(const struct bops_period *p, int64_t now,
    const struct bops_tz *tz)
{
	int64_t from = bops_date_local_start(p->first, tz);
	int64_t to = bops_date_local_start(p->last + 1, tz);

	if (now <= from)
		return 0;
	if (now >= to || to <= from)
		return 1;
	return (double)(now - from) / (double)(to - from);
}

enum bops_pace
bops_okr_pace(double progress, double expected, bool started,
    double on_track, double at_risk)
{
	if (!started)
		return BOPS_PACE_NOT_STARTED;
	/* A hair of tolerance so 0.9 * 0.5 == 0.45 counts as on track. */
	if (progress + 1e-9 >= on_track * expected)
		return BOPS_PACE_ON_TRACK;
	if (progress + 1e-9 >= at_risk * expected)
		return BOPS_PACE_AT_RISK;
	return BOPS_PACE_OFF_TRACK;
}

const char *
bops_pace_name(enum bops_pace pace)
{
	switch (pace) {
	case BOPS_PACE_NOT_STARTED:
		return "not-started";
	case BOPS_PACE_ON_TRACK:
		return "on-track";
	case BOPS_PACE_AT_RISK:
		return "at-risk";
	default:
		return "off-track";
	}
}

double
bops_okr_weighted(const double *values, const double *weights, size_t n)
{
	double sum = 0, wsum = 0, top = 0;
	size_t i;

	/* Weights scaled by the largest: huge ones cannot overflow. */
	for (i = 0; i < n; i++)
		if (weights[i] > top)
			top = weights[i];
	if (!(top > 0) || !isfinite(top))
		return 0;
	for (i = 0; i < n; i++) {
		if (!(weights[i] > 0))
			continue;
		sum += values[i] * (weights[i] / top);
		wsum += weights[i] / top;
	}
	return wsum > 0 ? sum / wsum : 0;
}

double
bops_okr_round2(double v)
{
	return round(v * 100) / 100;
}

static double
node_number(const struct bops_node *map, const char *field, double def)
{
	const char *v = bops_node_map_str(map, field);

	return v ? strtod(v, NULL) : def;
}

double
bops_okr_kr_progress_of(const struct bops_node *kr)
{
	double start = node_number(kr, "start", 0);
	const char *dir = bops_node_map_str(kr, "direction");

	return bops_okr_kr_progress(start, node_number(kr, "target", 0),
	    node_number(kr, "current", start), dir && strcmp(dir, "down") == 0);
}

void
bops_okr_conf_read(struct bops_okr_conf *out, const struct bops_node *okr)
{
	const char *every = bops_node_map_str(okr, "checkin_every");

	out->on_track = node_number(okr, "on_track", 0.9);
	out->at_risk = node_number(okr, "at_risk", 0.6);
	out->achieved = node_number(okr, "achieved", 0.7);
	if (every == NULL || bops_duration_parse(&out->checkin_every, every))
		out->checkin_every = 7 * 86400;
}

long
bops_okr_kr_index(const struct bops_record *obj, long n)
{
	const struct bops_node *krs = bops_record_get(obj, "key_results");
	size_t i;

	for (i = 0; krs && i < krs->n; i++)
		if (node_number(krs->items[i], "id", 0) == (double)n)
			return (long)i;
	return -1;
}

struct bops_node *
bops_okr_kr(const struct bops_record *obj, long n)
{
	long i = bops_okr_kr_index(obj, n);

	return i < 0 ? NULL : bops_record_get(obj, "key_results")->items[i];
}

long
bops_okr_kr_next(const struct bops_node *krs)
{
	size_t i;
	long next = 1;

	for (i = 0; krs && i < krs->n; i++)
		if (node_number(krs->items[i], "id", 0) >= next)
			next = (long)node_number(krs->items[i], "id", 0) + 1;
	return next;
}

void
bops_okr_checkin_add(struct bops_node *kr, const char *at, const char *by,
    const char *value, const char *confidence, const char *note)
{
	struct bops_node *log = bops_node_map_get(kr, "checkins");
	struct bops_node *entry = bops_node_new_map();

	bops_node_map_set_str(entry, "at", at, BOPS_SCALAR_RAW);
	bops_node_map_set_str(entry, "by", by, BOPS_SCALAR_TEXT);
	bops_node_map_set_str(entry, "value", value, BOPS_SCALAR_RAW);
	if (confidence)
		bops_node_map_set_str(entry, "confidence", confidence,
		    BOPS_SCALAR_RAW);
	if (note && *note)
		bops_node_map_set_str(entry, "note", note, BOPS_SCALAR_TEXT);
	if (log == NULL) {
		log = bops_node_new_seq();
		bops_node_map_set(kr, "checkins", log);
	}
	bops_node_seq_append(log, entry);
}

const char *
bops_okr_kr_last_checkin(const struct bops_node *kr)
{
	const struct bops_node *log = bops_node_map_get(kr, "checkins");
	const char *last = NULL, *at;
	size_t i;

	for (i = 0; log && i < log->n; i++) {
		at = bops_node_map_str(log->items[i], "at");
		if (at && (last == NULL || strcmp(at, last) > 0))
			last = at;
	}
	return last;
}

bool
bops_okr_kr_stale(const struct bops_node *kr, int64_t now, int64_t every)
{
	const char *last = bops_okr_kr_last_checkin(kr);
	int64_t at;

	return last == NULL || bops_instant_parse(&at, last) ||
	    now - at > every;
}

bool
bops_okr_checkins_due(const struct bops_okr_obj *o)
{
	const char *status = bops_record_str(o->rec, "status");

	/* Nothing is due before the period starts. */
	return status && strcmp(status, "active") == 0 &&
	    o->pace != BOPS_PACE_NOT_STARTED;
}

const char *
bops_okr_kr_owner(const struct bops_record *obj, const struct bops_node *kr)
{
	const char *owner = bops_node_map_str(kr, "owner");

	return owner ? owner : bops_record_str(obj, "owner");
}

bool
bops_okr_scored(const struct bops_record *obj, const char *period)
{
	const char *per = bops_record_str(obj, "period");
	const char *status = bops_record_str(obj, "status");

	if (period && (per == NULL || strcmp(per, period)))
		return false;
	return status == NULL || strcmp(status, "dropped");
}

/*
 * The form of a measure split into m->argv (its first word, then the
 * kind): its kind and, for a sla, its clock; false when it is none.
 */
static bool
measure_form(struct bops_okr_measure *m)
{
	if (m->argc < 2 || (m->kind = bops_kind_find(m->argv[1])) == NULL)
		return false;
	if (strcmp(m->argv[0], "count") == 0)
		m->form = BOPS_MEASURE_COUNT;
	else if (strcmp(m->argv[0], "percent") == 0)
		m->form = BOPS_MEASURE_PERCENT;
	else if (strcmp(m->argv[0], "sla") == 0 && m->argc >= 3 &&
	    strcmp(m->kind->name, "ticket") == 0) {
		m->form = BOPS_MEASURE_SLA;
		if (strcmp(m->argv[2], "first-response") == 0)
			m->clock = BOPS_MEASURE_FIRST_RESPONSE;
		else if (strcmp(m->argv[2], "resolution") == 0)
			m->clock = BOPS_MEASURE_RESOLUTION;
		else
			return false;
	} else
		return false;
	return true;
}

/*
 * A percent's words after the kind: FILTER... of FILTER..., the filters
 * after "of" moved first.  False when "of" is not there once, after at
 * least one filter.
 */
static bool
measure_percent(struct bops_okr_measure *m)
{
	char **tmp;
	int of = -1, i, n;

	for (i = 1; i < m->argc; i++)
		if (strcmp(m->argv[i], "of") == 0) {
			if (of >= 0)
				return false;
			of = i;
		}
	if (of < 2)
		return false;
	/* kind, part filters [1, of), "of", whole filters (of, argc) */
	n = m->argc - of - 1;
	tmp = bops_calloc((size_t)m->argc + 1, sizeof(*tmp));
	tmp[0] = m->argv[0];
	for (i = 0; i < n; i++)
		tmp[1 + i] = m->argv[of + 1 + i];
	for (i = 1; i < of; i++)
		tmp[n + i] = m->argv[i];
	free(m->argv);
	m->argv = tmp;
	m->argc--;
	m->whole = 1 + n;
	return true;
}

const struct bops_error *
bops_okr_measure_parse(struct bops_okr_measure *m, const char *spec)
{
	size_t alloc = 8, drop;
	char *p;

	memset(m, 0, sizeof(*m));
	m->text = bops_strdup(spec);
	m->argv = bops_calloc(alloc, sizeof(*m->argv));
	/* Words at blanks: the form, then the kind and the rest. */
	for (p = m->text; *p;) {
		while (*p == ' ' || *p == '\t')
			*p++ = '\0';
		if (*p == '\0')
			break;
		if ((size_t)m->argc + 2 > alloc) {
			alloc *= 2;
			m->argv = bops_realloc(m->argv, alloc *
			    sizeof(*m->argv));
		}
		m->argv[m->argc++] = p;
		p += strcspn(p, " \t");
	}
	if (!measure_form(m))
		goto bad;
	/* Drop the form (and a sla's clock): argv is the kind and the
	 * filters, as list takes them. */
	drop = m->form == BOPS_MEASURE_SLA ? 2 : 1;
	memmove(m->argv + 1, m->argv + drop + 1, ((size_t)m->argc - drop) *
	    sizeof(*m->argv));
	m->argv[0] = (char *)m->kind->name;
	m->argc -= (int)drop;
	m->argv[m->argc] = NULL;
	m->whole = m->argc;
	if (m->form == BOPS_MEASURE_PERCENT && !measure_percent(m))
		goto bad;
	return NULL;
bad:
	bops_okr_measure_release(m);
	return bops_error_fmt(BOPS_ERR_USAGE, "measure '%s': want 'count "
	    "KIND FILTER...', 'percent KIND FILTER... of FILTER...' or 'sla "
	    "ticket first-response|resolution [FILTER...]'", spec);
}

void
bops_okr_measure_release(struct bops_okr_measure *m)
{
	free(m->argv);
	free(m->text);
	memset(m, 0, sizeof(*m));
}

bool
bops_okr_measure_share(double *out, size_t part, size_t whole)
{
	uint64_t tenths;

	if (whole == 0)
		return false;
	/* In whole numbers, so that a half tenth rounds up every time. */
	tenths = ((uint64_t)part * 2000 + whole) / (2 * (uint64_t)whole);
	*out = (double)tenths / 10;
	return true;
}

/* value as a check-in writes it: to a tenth, without a needless ".0". */
static void
measure_value(char out[32], double value)
{
	size_t n;

	snprintf(out, 32, "%.1f", value);
	n = strlen(out);
	if (n > 2 && strcmp(out + n - 2, ".0") == 0)
		out[n - 2] = '\0';
	if (strcmp(out, "-0") == 0)
		memcpy(out, "0", 2);
}

bool
bops_okr_measure_due(const struct bops_node *kr, double value)
{
	const char *cur = bops_node_map_str(kr, "current");
	char val[32];

	measure_value(val, value);
	return cur == NULL || strtod(cur, NULL) != strtod(val, NULL);
}

void
bops_okr_measure_checkin(struct bops_node *kr, double value, const char *at,
    const char *by)
{
	char val[32];

	measure_value(val, value);
	bops_node_map_set_str(kr, "current", val, BOPS_SCALAR_RAW);
	bops_okr_checkin_add(kr, at, by, val, NULL, bops_node_map_str(kr,
	    "measure"));
}

/*
 * The progress of each key result of krs (rounded to two decimals when
 * round) into v, and its weight into w; each has room for krs->n.
 */
static void
kr_values(double *v, double *w, const struct bops_node *krs, bool round)
{
	size_t i;

	for (i = 0; i < krs->n; i++) {
		v[i] = bops_okr_kr_progress_of(krs->items[i]);
		if (round)
			v[i] = bops_okr_round2(v[i]);
		w[i] = node_number(krs->items[i], "weight", 1);
	}
}

double
bops_okr_grade(double *grades, struct bops_node *krs)
{
	size_t i, n = krs ? krs->n : 0;
	double *v = bops_calloc(n + 1, sizeof(*v));
	double *w = bops_calloc(n + 1, sizeof(*w));
	double grade;
	char text[16];

	if (n)
		kr_values(v, w, krs, true);
	for (i = 0; i < n; i++) {
		snprintf(text, sizeof(text), "%.2f", v[i]);
		bops_node_map_set_str(krs->items[i], "grade", text,
		    BOPS_SCALAR_RAW);
		if (grades)
			grades[i] = v[i];
	}
	grade = bops_okr_round2(bops_okr_weighted(v, w, n));
	free(v);
	free(w);
	return grade;
}

bool
bops_okr_achieved(double grade, double achieved)
{
	return grade + 1e-9 >= achieved;
}

bool
bops_okr_ungrade(struct bops_node *krs)
{
	size_t i;
	bool cleared = false;

	for (i = 0; krs && i < krs->n; i++)
		cleared |= bops_node_map_remove(krs->items[i], "grade");
	return cleared;
}

struct bops_okr_obj *
bops_okr_cascade_find(struct bops_okr_cascade *c, const char *id)
{
	size_t i;

	if (id == NULL || (i = bops_strset_find(&c->ids, id, strlen(id))) ==
	    BOPS_HASH_NONE)
		return NULL;
	return &c->objs[i];
}

const struct bops_okr_obj *
bops_okr_period_of(const struct bops_okr_obj *o, struct bops_period *p)
{
	unsigned depth = 0;

	for (; o && depth < 64; o = o->parent, depth++) {
		const char *s = bops_record_str(o->rec, "period");

		if (s && bops_period_parse(p, s, NULL) == NULL)
			return o;
	}
	return NULL;
}

static bool
objective_period(const struct bops_okr_obj *o, struct bops_period *p)
{
	return bops_okr_period_of(o, p) != NULL;
}

static double
objective_progress(struct bops_okr_obj *o, unsigned depth)
{
	const struct bops_node *krs = bops_record_get(o->rec, "key_results");
	double *v, *w, sum = 0;
	size_t i;

	if (o->done)
		return o->progress;
	if (depth > 64)
		return 0;
	if (krs && krs->n) {
		v = bops_calloc(krs->n, sizeof(*v));
		w = bops_calloc(krs->n, sizeof(*w));
		kr_values(v, w, krs, false);
		o->progress = bops_okr_weighted(v, w, krs->n);
		free(v);
		free(w);
	} else if (o->nchildren) {
		for (i = 0; i < o->nchildren; i++)
			sum += objective_progress(o->children[i], depth + 1);
		o->progress = sum / (double)o->nchildren;
	} else
		o->progress = 0;
	o->done = true;
	return o->progress;
}

bool
bops_okr_period_running(const struct bops_okr_obj **owner,
    struct bops_period *p, const struct bops_okr_cascade *c,
    const struct bops_okr_obj *o)
{
	const struct bops_okr_obj *own;

	if (o == NULL || (own = bops_okr_period_of(o, p)) == NULL ||
	    bops_period_over(p, c->now, c->tz))
		return false;
	*owner = own;
	return true;
}

void
bops_okr_kr_pace(const struct bops_okr_cascade *c,
    const struct bops_okr_obj *o, double progress, double *expected,
    enum bops_pace *pace)
{
	struct bops_period p;

	if (!objective_period(o, &p)) {
		*expected = 0;
		*pace = bops_okr_pace(progress, 0, true, c->conf.on_track,
		    c->conf.at_risk);
		return;
	}
	*expected = bops_okr_expected(&p, c->now, c->tz);
	*pace = bops_okr_pace(progress, *expected,
	    c->now >= bops_date_local_start(p.first, c->tz),
	    c->conf.on_track, c->conf.at_risk);
}

void
bops_okr_cascade_build(struct bops_okr_cascade *c,
    const struct bops_record *const *recs, size_t n,
    const struct bops_okr_conf *conf, int64_t now,
    const struct bops_tz *tz)
{
	const char **ids = bops_calloc(n + 1, sizeof(*ids));
	const char **parents = bops_calloc(n + 1, sizeof(*parents));
	long *up = bops_calloc(n + 1, sizeof(*up)), j;
	bool *on_cycle = bops_calloc(n + 1, sizeof(*on_cycle));
	bool *cut = bops_calloc(n + 1, sizeof(*cut));
	size_t i, last;

	memset(c, 0, sizeof(*c));
	c->conf = *conf;
	c->now = now;
	c->tz = tz;
	c->n = n;
	c->objs = bops_calloc(n + 1, sizeof(*c->objs));
	for (i = 0; i < n; i++) {
		c->objs[i].rec = recs[i];
		ids[i] = recs[i]->id;
		parents[i] = bops_record_str(recs[i], "parent");
		(void)bops_strset_add(&c->ids, ids[i], strlen(ids[i]));
	}
	/* A cycle made by hand is cut where it closes: at its last member. */
	(void)bops_okr_cycles(ids, parents, n, up, on_cycle);
	for (i = 0; i < n; i++) {
		if (!on_cycle[i] || cut[i])
			continue;
		last = i;
		for (j = up[i]; j >= 0 && (size_t)j != i; j = up[j]) {
			cut[j] = true;	/* seen; only `last` loses its parent */
			if ((size_t)j > last)
				last = (size_t)j;
		}
		cut[i] = true;
		on_cycle[last] = false;	/* reused: marks the one cut */
		up[last] = -1;
	}
	for (i = 0; i < n; i++) {
		struct bops_okr_obj *o = &c->objs[i], *p;

		if (up[i] < 0 || (size_t)up[i] == i)
			continue;
		p = &c->objs[up[i]];
		o->parent = p;
		if (p->nchildren == p->achildren) {
			p->achildren = p->achildren ? p->achildren * 2 : 4;
			p->children = bops_realloc(p->children,
			    p->achildren * sizeof(*p->children));
		}
		p->children[p->nchildren++] = o;
	}
	free(ids);
	free(parents);
	free(up);
	free(on_cycle);
	free(cut);
	for (i = 0; i < n; i++) {
		objective_progress(&c->objs[i], 0);
		bops_okr_kr_pace(c, &c->objs[i], c->objs[i].progress,
		    &c->objs[i].expected, &c->objs[i].pace);
	}
}

void
bops_okr_cascade_release(struct bops_okr_cascade *c)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		free(c->objs[i].children);
	free(c->objs);
	bops_strset_release(&c->ids);
	c->objs = NULL;
	c->n = 0;
}

const struct bops_error *
bops_okr_check(const char *path, const char *id, const struct bops_node *okr)
{
	const struct bops_node *p = bops_node_map_get(okr, "parent");

	if (p == NULL || p->type != BOPS_NODE_SCALAR || strcmp(p->str, id))
		return NULL;
	if (p->line == 0)
		return bops_error_fmt(BOPS_ERR_INVALID, "%s: parent '%s' is "
		    "the objective itself", path, id);
	return bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: parent '%s' is "
	    "the objective itself", path, p->line, p->col, id);
}

size_t
bops_okr_cycles(const char *const *ids, const char *const *parents,
    size_t n, long *up, bool *on_cycle)
{
	struct bops_strset index = BOPS_STRSET_INIT;
	unsigned char *state = bops_calloc(n + 1, 1);	/* 0 new, 1 on the
							   walk, 2 done */
	size_t *walk = bops_calloc(n + 1, sizeof(*walk));
	size_t i, k, len, count = 0;
	long j;

	for (i = 0; i < n; i++) {
		(void)bops_strset_add(&index, ids[i], strlen(ids[i]));
		on_cycle[i] = false;
	}
	for (i = 0; i < n; i++) {
		size_t at = parents[i] ? bops_strset_find(&index, parents[i],
		    strlen(parents[i])) : BOPS_HASH_NONE;

		up[i] = at == BOPS_HASH_NONE ? -1 : (long)at;
	}
	/* Each walk stops at a done objective or at one on this walk. */
	for (i = 0; i < n; i++) {
		len = 0;
		for (j = (long)i; j >= 0 && state[j] == 0; j = up[j]) {
			state[j] = 1;
			walk[len++] = (size_t)j;
		}
		if (j >= 0 && state[j] == 1)
			for (k = len; k-- > 0;) {
				on_cycle[walk[k]] = true;
				count++;
				if ((long)walk[k] == j)
					break;
			}
		for (k = 0; k < len; k++)
			state[walk[k]] = 2;
	}
	free(state);
	free(walk);
	bops_strset_release(&index);
	return count;
}

static const struct bops_error *
okr_validate(const char *id, struct bops_node *root,
    const struct bops_validate *v)
{
	return bops_okr_check(v->path, id, root);
}

const struct bops_error *
bops_okr_refuse_graded(const struct bops_record *obj)
{
	const char *grade = bops_record_str(obj, "grade");
	const char *status = bops_record_str(obj, "status");

	if (grade == NULL)
		return NULL;
	return bops_error_fmt(BOPS_ERR_REFUSED, "okr '%s' is graded (%s, %s): "
	    "its key results are frozen; reopen it first: bops okr reopen %s",
	    obj->id, grade, status ? status : "graded", obj->id);
}

/* A change to the key results of a graded objective that stays graded. */
static const struct bops_error *
frozen(const struct bops_record *before, const struct bops_record *after)
{
	if (bops_record_str(after, "grade") == NULL ||
	    bops_node_equal(bops_record_get(before, "key_results"),
	    bops_record_get(after, "key_results")))
		return NULL;
	return bops_okr_refuse_graded(before);
}

struct kr_users {
	size_t n;
	struct bops_buf ids;
};

static void
kr_user(const char *id, void *arg)
{
	struct kr_users *u = arg;

	if (u->n++ < 5)
		bops_buf_printf(&u->ids, "%s%s", u->n > 1 ? ", " : "", id);
	else if (u->n == 6)
		bops_buf_puts(&u->ids, ", ...");
}

/*
 * A key result that records point at (a task's kr, a project's goal
 * measure: any field that refers to objectives) cannot go: they would
 * point at nothing (or, once its number is used again, at another one).
 * The fields are read in the cache's packed form, none decoded.
 */
static const struct bops_error *
kr_in_use(struct bops_txn *txn, const char *obj, const char *n)
{
	const struct bops_error *err = NULL;
	const struct bops_schema *s;
	const char *field = NULL;
	struct kr_users u;
	struct bops_buf kr = BOPS_BUF_INIT;
	size_t first, count, k, i;

	bops_buf_printf(&kr, "%s/%s", obj, n);
	u.n = 0;
	bops_buf_init(&u.ids);
	for (k = 0; k < BOPS_KIND__COUNT && err == NULL && u.n == 0; k++) {
		if (bops_ws_schema(&s, bops_txn_ws(txn), &bops_kinds[k]))
			continue;
		for (i = 0; i < s->n && err == NULL && u.n == 0; i++) {
			if (s->fields[i].type != BOPS_TYPE_REF ||
			    s->fields[i].ref == NULL ||
			    strcmp(s->fields[i].ref, "okr"))
				continue;
			field = s->fields[i].name;
			err = bops_txn_count_value(&count, txn, &bops_kinds[k],
			    field, kr.ptr, "", kr_user, &u);
		}
		if (err || u.n == 0)
			continue;
		first = strcspn(u.ids.ptr, ",");
		err = bops_error_fmt(BOPS_ERR_REFUSED, "key result '%s' is the "
		    "%s of %zu %s%s (%s); point %s elsewhere first: bops "
		    "%s set %.*s %s=", kr.ptr, field, u.n,
		    bops_kinds[k].name, u.n == 1 ? "" : "s", u.ids.ptr,
		    u.n == 1 ? "it" : "them", bops_kinds[k].name, (int)first,
		    u.ids.ptr, field);
	}
	bops_buf_release(&u.ids);
	bops_buf_release(&kr);
	return err;
}

static const struct bops_error *
okr_check(struct bops_txn *txn, const struct bops_record *before,
    struct bops_record *after)
{
	const struct bops_error *err;
	const struct bops_node *was, *now;
	size_t i;

	if (before == NULL || after == NULL ||
	    (bops_txn_flags(txn) & BOPS_TXN_MERGE))
		return NULL;
	if ((err = frozen(before, after)))
		return err;
	was = bops_record_get(before, "key_results");
	now = bops_record_get(after, "key_results");
	for (i = 0; was && i < was->n; i++) {
		const char *id = bops_node_map_str(was->items[i], "id");

		if (id && bops_node_seq_find(now, "id", id) == NULL &&
		    (err = kr_in_use(txn, after->id, id)))
			return err;
	}
	return NULL;
}

static bool
okr_finished(struct bops_ws *ws, const char *status)
{
	(void)ws;
	return status && (strcmp(status, "achieved") == 0 ||
	    strcmp(status, "missed") == 0 || strcmp(status, "dropped") == 0);
}

/* Every objective at commit, in a cascade at now. */
struct okr_set {
	struct bops_record **recs;
	size_t n;
	struct bops_okr_cascade c;
};

static const struct bops_error *
okr_set_load(struct okr_set *s, struct bops_ws *ws,
    const struct bops_kind *kind, const char *commit, int64_t now)
{
	const struct bops_error *err;
	struct bops_okr_conf conf;

	memset(s, 0, sizeof(*s));
	if ((err = bops_store_all(&s->recs, &s->n, ws, kind, commit)))
		return err;
	bops_okr_conf_read(&conf, bops_ws_config_get("okr", ws));
	bops_okr_cascade_build(&s->c, (const struct bops_record *const *)
	    s->recs, s->n, &conf, now, ws->tz);
	return NULL;
}

static void
okr_set_release(struct okr_set *s)
{
	bops_okr_cascade_release(&s->c);
	bops_store_all_free(s->recs, s->n);
}

/*
 * A key result of an active objective whose period has begun, with no
 * check-in within the cadence at now + within: late since its last
 * check-in plus the cadence, or since its period began when it has
 * none.
 */
static void
kr_due(struct bops_due *d, const struct okr_set *s,
    const struct bops_okr_obj *o, const struct bops_node *kr)
{
	struct bops_due_item it;
	struct bops_buf id = BOPS_BUF_INIT, cmd = BOPS_BUF_INIT;
	struct bops_period p;
	const char *last = bops_okr_kr_last_checkin(kr);
	int64_t at, every = s->c.conf.checkin_every;

	if (!bops_okr_kr_stale(kr, d->q->now + d->q->within, every))
		return;
	memset(&it, 0, sizeof(it));
	if (last && bops_instant_parse(&at, last) == NULL)
		it.since = at + every;
	else if (bops_okr_period_of(o, &p))
		it.since = bops_date_local_start(p.first, s->c.tz);
	else
		it.since = d->q->now;
	bops_buf_printf(&id, "%s/%s", o->rec->id, bops_node_map_str(kr, "id"));
	bops_buf_printf(&cmd, "bops okr checkin %s VALUE", id.ptr);
	it.kind = o->rec->kind;
	it.id = id.ptr;
	it.title = bops_node_map_str(kr, "title");
	it.owner = bops_okr_kr_owner(o->rec, kr);
	it.what = last == NULL ? "no check-in yet" : it.since <= d->q->now ?
	    "check-in late" : "check-in due";
	it.late = it.since <= d->q->now;
	it.command = cmd.ptr;
	bops_due_add(d, &it);
	bops_buf_release(&id);
	bops_buf_release(&cmd);
}

static const struct bops_error *
okr_due(struct bops_due *d, struct bops_ws *ws, const struct bops_kind *kind)
{
	const struct bops_error *err;
	struct okr_set s;
	size_t i, k;

	if ((err = okr_set_load(&s, ws, kind, d->q->commit, d->q->now)))
		return err;
	for (i = 0; i < s.c.n; i++) {
		const struct bops_okr_obj *o = &s.c.objs[i];
		const struct bops_node *krs = bops_record_get(o->rec,
		    "key_results");

		if (!bops_okr_checkins_due(o))
			continue;
		for (k = 0; krs && k < krs->n; k++)
			kr_due(d, &s, o, krs->items[k]);
	}
	okr_set_release(&s);
	return NULL;
}


/* Reports. */

/* Whether o's period (its own or an ancestor's) meets p; none: yes. */
static bool
in_period(const struct bops_okr_obj *o, const struct bops_period *p)
{
	struct bops_period own;
	const char *status = bops_record_str(o->rec, "status");

	if (status && strcmp(status, "dropped") == 0)
		return false;
	if (bops_okr_period_of(o, &own) == NULL)
		return true;
	return own.first <= p->last && own.last >= p->first;
}

static const char *
obj_state(const struct bops_okr_obj *o)
{
	const char *status = bops_record_str(o->rec, "status");

	if (status && strcmp(status, "achieved") == 0)
		return "done";
	return bops_pace_name(o->pace);
}

static void
percent(struct bops_buf *b, double f)
{
	bops_buf_reset(b);
	bops_buf_printf(b, "%.0f%%", f * 100);
}

/* The cascade, depth first from the objectives without a parent. */
static void
cascade_rows(struct bops_report_block *b, const struct bops_okr_obj *o,
    const struct bops_period *p, unsigned depth)
{
	struct bops_buf text = BOPS_BUF_INIT, detail = BOPS_BUF_INIT;
	const char *grade = bops_record_str(o->rec, "grade");
	size_t i;

	if (depth > 16)
		return;
	if (in_period(o, p)) {
		percent(&text, o->progress);
		bops_buf_puts(&detail, obj_state(o));
		if (grade)
			bops_buf_printf(&detail, ", graded %s", grade);
		bops_report_row(b, depth, bops_record_title(o->rec),
		    o->progress, 1, text.ptr, detail.ptr, obj_state(o));
		depth++;
	}
	for (i = 0; i < o->nchildren; i++)
		cascade_rows(b, o->children[i], p, depth);
	bops_buf_release(&text);
	bops_buf_release(&detail);
}

/* The key results of the period: a bar each, and the families. */
static void
okr_sections(struct bops_report *r, const struct okr_set *set)
{
	struct bops_report_section *s = bops_report_section(r, "okr",
	    "Objectives and key results");
	struct bops_report_block *cas, *krb;
	struct bops_buf text = BOPS_BUF_INIT, detail = BOPS_BUF_INIT;
	struct bops_buf label = BOPS_BUF_INIT;
	size_t counts[BOPS_REPORT_FAMILIES + 1] = { 0 }, i, k;
	double expected;
	enum bops_pace pace;

	cas = bops_report_block(s, BOPS_BLOCK_BARS, "okr-cascade",
	    "Objectives");
	for (i = 0; i < set->c.n; i++)
		if (set->c.objs[i].parent == NULL)
			cascade_rows(cas, &set->c.objs[i], &r->period, 0);
	krb = bops_report_block(s, BOPS_BLOCK_BARS, "okr-key-results",
	    "Key results");
	for (i = 0; i < set->c.n; i++) {
		const struct bops_okr_obj *o = &set->c.objs[i];
		const struct bops_node *krs = bops_record_get(o->rec,
		    "key_results");
		const char *oc = bops_record_str(o->rec, "category");

		if (!in_period(o, &r->period))
			continue;
		for (k = 0; krs && k < krs->n; k++) {
			const struct bops_node *kr = krs->items[k];
			const char *cat = bops_node_map_str(kr, "category");
			const char *cur = bops_node_map_str(kr, "current");
			const char *unit = bops_node_map_str(kr, "unit");
			double prog = bops_okr_kr_progress_of(kr);

			counts[bops_report_family(cat ? cat : oc)]++;
			bops_okr_kr_pace(&set->c, o, prog, &expected, &pace);
			bops_buf_reset(&label);
			bops_buf_printf(&label, "%s/%s %s", o->rec->id,
			    bops_node_map_str(kr, "id"),
			    bops_node_map_str(kr, "title"));
			bops_buf_reset(&detail);
			bops_buf_printf(&detail, "%s, %s of %s%s%s", prog >= 1 ?
			    "reached" : bops_pace_name(pace), cur ? cur :
			    bops_node_map_str(kr, "start"),
			    bops_node_map_str(kr, "target"), unit ? " " : "",
			    unit ? unit : "");
			percent(&text, prog);
			bops_report_row(krb, 0, label.ptr, prog, 1, text.ptr,
			    detail.ptr, prog >= 1 ? "done" :
			    bops_pace_name(pace));
		}
	}
	bops_report_families_block(s, "okr-families", counts, "KR",
	    "key result");
	if (cas->n == 0)
		bops_report_note(s, "No objectives in %s.", r->period_text);
	bops_buf_release(&text);
	bops_buf_release(&detail);
	bops_buf_release(&label);
}

/* Whether instant text at falls in the report's period (up to now). */
static bool
at_in(const struct bops_report *r, const char *at)
{
	int64_t t;

	return at && bops_instant_parse(&t, at) == NULL && t <= r->now &&
	    t >= bops_date_local_start(r->period.first, r->tz) &&
	    t < bops_date_local_start(r->period.last + 1, r->tz);
}

struct checkin_line {
	const char *at;		/* borrowed from the set */
	char *label, *detail;
};

static int
by_at(const void *x, const void *y)
{
	const struct checkin_line *a = x, *b = y;
	int c = strcmp(a->at, b->at);

	return c ? c : strcmp(a->label, b->label);
}

/* The check-ins of the period, in the order they were made. */
static void
okr_weekly(struct bops_report *r, const struct okr_set *set)
{
	struct bops_report_block *b;
	struct checkin_line *v = NULL;
	struct bops_buf label = BOPS_BUF_INIT, detail = BOPS_BUF_INIT;
	size_t i, k, c, n = 0;

	for (i = 0; i < set->n; i++) {
		const struct bops_node *krs = bops_record_get(set->recs[i],
		    "key_results");

		for (k = 0; krs && k < krs->n; k++) {
			const struct bops_node *log = bops_node_map_get(
			    krs->items[k], "checkins");

			for (c = 0; log && c < log->n; c++) {
				const char *at = bops_node_map_str(
				    log->items[c], "at");

				if (!at_in(r, at))
					continue;
				bops_buf_reset(&label);
				bops_buf_reset(&detail);
				bops_buf_printf(&label, "%s/%s %s: %s",
				    set->recs[i]->id, bops_node_map_str(
				    krs->items[k], "id"), bops_node_map_str(
				    krs->items[k], "title"), bops_node_map_str(
				    log->items[c], "value"));
				bops_buf_printf(&detail, "%s, %.10s",
				    bops_node_map_str(log->items[c], "by"), at);
				v = bops_realloc(v, (n + 1) * sizeof(*v));
				v[n].at = at;
				v[n].label = bops_strdup(label.ptr);
				v[n++].detail = bops_strdup(detail.ptr);
			}
		}
	}
	bops_qsort(v, n, sizeof(*v), by_at);
	if (n) {
		b = bops_report_block(bops_report_section(r, "progress",
		    "Progress"), BOPS_BLOCK_LIST, "progress-checkins",
		    "Check-ins");
		for (i = 0; i < n; i++)
			bops_report_line(b, v[i].label, v[i].detail);
	}
	for (i = 0; i < n; i++) {
		free(v[i].label);
		free(v[i].detail);
	}
	free(v);
	bops_buf_release(&label);
	bops_buf_release(&detail);
}

/*
 * The key results that reached their target in the period, by the
 * check-in that reached it (who, when): Progress of the weekly report.
 */
static void
okr_weekly_reached(struct bops_report *r, const struct okr_set *set)
{
	struct bops_report_block *b = NULL;
	struct bops_buf label = BOPS_BUF_INIT, detail = BOPS_BUF_INIT;
	const struct bops_node *krs, *ci;
	const char *unit;
	size_t i, k;
	long c;

	for (i = 0; i < set->n; i++) {
		krs = bops_record_get(set->recs[i], "key_results");
		for (k = 0; krs && k < krs->n; k++) {
			if ((c = bops_okr_kr_reached(krs->items[k])) < 0)
				continue;
			ci = bops_node_map_get(krs->items[k], "checkins")->
			    items[c];
			if (!at_in(r, bops_node_map_str(ci, "at")))
				continue;
			if (b == NULL)
				b = bops_report_block(bops_report_section(r,
				    "progress", "Progress"), BOPS_BLOCK_LIST,
				    "progress-reached", "Key results reached");
			unit = bops_node_map_str(krs->items[k], "unit");
			bops_buf_reset(&label);
			bops_buf_reset(&detail);
			bops_buf_printf(&label, "%s/%s %s: %s%s%s",
			    set->recs[i]->id, bops_node_map_str(krs->items[k],
			    "id"), bops_node_map_str(krs->items[k], "title"),
			    bops_node_map_str(krs->items[k], "target"),
			    unit ? " " : "", unit ? unit : "");
			bops_buf_printf(&detail, "%s, %.10s",
			    bops_node_map_str(ci, "by"),
			    bops_node_map_str(ci, "at"));
			bops_report_line(b, label.ptr, detail.ptr);
		}
	}
	bops_buf_release(&label);
	bops_buf_release(&detail);
}

/* Who checked kr in, up to check-in `upto` (included), in order. */
static void
who(struct bops_buf *out, struct bops_strset *seen,
    const struct bops_node *kr, size_t upto)
{
	const struct bops_node *log = bops_node_map_get(kr, "checkins");
	size_t c;

	for (c = 0; log && c < log->n && c <= upto; c++) {
		const char *by = bops_node_map_str(log->items[c], "by");

		if (by && bops_strset_add(seen, by, strlen(by)))
			bops_buf_printf(out, "%s%s", out->len ? ", " : "by ",
			    by);
	}
}

long
bops_okr_kr_reached(const struct bops_node *kr)
{
	const struct bops_node *log = bops_node_map_get(kr, "checkins");
	const char *dir = bops_node_map_str(kr, "direction");
	const char *st = bops_node_map_str(kr, "start");
	const char *tg = bops_node_map_str(kr, "target");
	size_t c;

	if (tg == NULL)
		return -1;
	for (c = 0; log && c < log->n; c++) {
		const char *v = bops_node_map_str(log->items[c], "value");

		if (v && bops_okr_kr_progress(st ? strtod(st, NULL) : 0,
		    strtod(tg, NULL), strtod(v, NULL), dir &&
		    strcmp(dir, "down") == 0) >= 1)
			return (long)c;
	}
	return -1;
}

/*
 * Achievements: key results that reached their target by a check-in in
 * the period, and objectives of the period graded at or above
 * okr.achieved, each with who made it happen (the check-ins' authors).
 */
static void
okr_celebrate(struct bops_report *r, const struct okr_set *set)
{
	struct bops_report_block *b = bops_report_block(bops_report_section(
	    r, "celebrations", "Celebrations"), BOPS_BLOCK_LIST,
	    "celebrations-okr", NULL);
	struct bops_buf label = BOPS_BUF_INIT, by = BOPS_BUF_INIT;
	size_t i, k;
	long c;

	for (i = 0; i < set->c.n; i++) {
		const struct bops_okr_obj *o = &set->c.objs[i];
		const struct bops_node *krs = bops_record_get(o->rec,
		    "key_results");
		const char *grade = bops_record_str(o->rec, "grade");
		struct bops_strset seen = BOPS_STRSET_INIT;

		for (k = 0; krs && k < krs->n; k++) {
			const struct bops_node *kr = krs->items[k];
			const char *unit = bops_node_map_str(kr, "unit");

			if ((c = bops_okr_kr_reached(kr)) < 0 || !at_in(r,
			    bops_node_map_str(bops_node_map_get(kr,
			    "checkins")->items[c], "at")))
				continue;
			bops_buf_reset(&label);
			bops_buf_reset(&by);
			bops_buf_printf(&label, "%s/%s %s: reached %s%s%s",
			    o->rec->id, bops_node_map_str(kr, "id"),
			    bops_node_map_str(kr, "title"),
			    bops_node_map_str(kr, "target"), unit ? " " : "",
			    unit ? unit : "");
			bops_strset_release(&seen);
			memset(&seen, 0, sizeof(seen));
			who(&by, &seen, kr, (size_t)c);
			bops_report_line(b, label.ptr, by.len ? by.ptr : NULL);
		}
		bops_strset_release(&seen);
		memset(&seen, 0, sizeof(seen));
		if (grade == NULL || !bops_okr_achieved(strtod(grade, NULL),
		    set->c.conf.achieved) || !in_period(o, &r->period))
			continue;
		bops_buf_reset(&label);
		bops_buf_reset(&by);
		bops_buf_printf(&label, "%s %s: graded %s", o->rec->id,
		    bops_record_title(o->rec), grade);
		for (k = 0; krs && k < krs->n; k++)
			who(&by, &seen, krs->items[k], (size_t)-1);
		bops_strset_release(&seen);
		bops_report_line(b, label.ptr, by.len ? by.ptr : NULL);
	}
	bops_buf_release(&label);
	bops_buf_release(&by);
}

static const struct bops_error *
okr_report(struct bops_report *r, struct bops_ws *ws,
    const struct bops_kind *kind)
{
	const struct bops_error *err;
	struct okr_set set;

	if ((err = okr_set_load(&set, ws, kind, r->commit, r->now)))
		return err;
	if (strcmp(r->topic, "okr") == 0)
		okr_sections(r, &set);
	else if (strcmp(r->topic, "weekly") == 0) {
		okr_weekly(r, &set);
		okr_weekly_reached(r, &set);
	}
	else if (strcmp(r->topic, "celebrate") == 0)
		okr_celebrate(r, &set);
	okr_set_release(&set);
	return NULL;
}

const struct bops_kind_rules bops_okr_rules = {
	.validate = okr_validate,
	.check = okr_check,
	.finished = okr_finished,
	.due = okr_due,
	.topic = "okr",
	.report = okr_report,
};
