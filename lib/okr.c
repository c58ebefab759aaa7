#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
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
 * A key result that tasks point at cannot go: they would point at
 * nothing (or, once its number is used again, at another one).  The
 * tasks' kr fields are read in the cache, none decoded.
 */
static const struct bops_error *
kr_in_use(struct bops_txn *txn, const char *obj, const char *n)
{
	const struct bops_error *err = NULL;
	const struct bops_kind *task = bops_kind_find("task");
	struct kr_users u;
	struct bops_buf kr = BOPS_BUF_INIT;
	size_t first, count;

	bops_buf_printf(&kr, "%s/%s", obj, n);
	u.n = 0;
	bops_buf_init(&u.ids);
	if (task && (err = bops_txn_count_value(&count, txn, task, "kr",
	    kr.ptr, "", kr_user, &u)) == NULL && u.n) {
		first = strcspn(u.ids.ptr, ",");
		err = bops_error_fmt(BOPS_ERR_REFUSED, "key result '%s' is the "
		    "kr of %zu task%s (%s); point %s elsewhere first: bops "
		    "task set %.*s kr=", kr.ptr, u.n, u.n == 1 ? "" : "s",
		    u.ids.ptr, u.n == 1 ? "it" : "them", (int)first,
		    u.ids.ptr);
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
okr_finished(struct bops_ws *ws, const struct bops_record *rec)
{
	const char *status = bops_record_str(rec, "status");

	(void)ws;
	return status && (strcmp(status, "achieved") == 0 ||
	    strcmp(status, "missed") == 0 || strcmp(status, "dropped") == 0);
}

const struct bops_kind_rules bops_okr_rules = {
	.validate = okr_validate,
	.check = okr_check,
	.finished = okr_finished,
};
