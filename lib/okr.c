#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "okr.h"
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
	double sum = 0, wsum = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		sum += values[i] * weights[i];
		wsum += weights[i];
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

struct bops_okr_obj *
bops_okr_cascade_find(struct bops_okr_cascade *c, const char *id)
{
	size_t i;

	for (i = 0; id && i < c->n; i++)
		if (strcmp(c->objs[i].rec->id, id) == 0)
			return &c->objs[i];
	return NULL;
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
		for (i = 0; i < krs->n; i++) {
			v[i] = bops_okr_kr_progress_of(krs->items[i]);
			w[i] = node_number(krs->items[i], "weight", 1);
		}
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
	size_t i;

	memset(c, 0, sizeof(*c));
	c->conf = *conf;
	c->now = now;
	c->tz = tz;
	c->n = n;
	c->objs = bops_calloc(n + 1, sizeof(*c->objs));
	for (i = 0; i < n; i++)
		c->objs[i].rec = recs[i];
	for (i = 0; i < n; i++) {
		struct bops_okr_obj *o = &c->objs[i], *p, *up;

		p = bops_okr_cascade_find(c, bops_record_str(o->rec, "parent"));
		/* A cycle made by hand is cut where it closes. */
		for (up = p; up && up != o; up = up->parent)
			;
		if (p == NULL || up == o)
			continue;
		o->parent = p;
		p->children = bops_realloc(p->children,
		    (p->nchildren + 1) * sizeof(*p->children));
		p->children[p->nchildren++] = o;
	}
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
	c->objs = NULL;
	c->n = 0;
}
