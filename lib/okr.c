#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "okr.h"
#include "banned.h"

static bool
parse_int(const char *s, size_t len, int *out)
{
	int v = 0;
	size_t i;

	if (len == 0 || len > 4)
		return false;
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

const struct bops_error *
bops_period_parse(struct bops_period *out, const char *s,
    struct bops_buf *canon)
{
	const char *dots = strstr(s, "..");
	size_t len = strlen(s);
	int year, n;
	char c;

	if (dots) {
		char from[16];
		int32_t a, b;

		if ((size_t)(dots - s) >= sizeof(from))
			goto bad;
		memcpy(from, s, (size_t)(dots - s));
		from[dots - s] = '\0';
		if (bops_date_parse(&a, from) || bops_date_parse(&b, dots + 2) ||
		    a > b)
			goto bad;
		out->first = a;
		out->last = b;
		if (canon) {
			bops_date_format(canon, a);
			bops_buf_puts(canon, "..");
			bops_date_format(canon, b);
		}
		return NULL;
	}
	if (len < 4 || !parse_int(s, 4, &year) || year < 1)
		goto bad;
	if (len == 4) {
		out->first = bops_date_from_ymd(year, 1, 1);
		out->last = bops_date_from_ymd(year, 12, 31);
		if (canon)
			bops_buf_printf(canon, "%04d", year);
		return NULL;
	}
	if (s[4] != '-' || len < 6)
		goto bad;
	c = (char)tolower((unsigned char)s[5]);
	if (c == 'q' || c == 'h') {
		if (len != 7 || !parse_int(s + 6, 1, &n) ||
		    n < 1 || n > (c == 'q' ? 4 : 2))
			goto bad;
		n = c == 'q' ? (n - 1) * 3 + 1 : (n - 1) * 6 + 1;
		out->first = bops_date_from_ymd(year, n, 1);
		n += c == 'q' ? 2 : 5;
		out->last = bops_date_from_ymd(year, n,
		    bops_date_days_in_month(year, n));
		if (canon)
			bops_buf_printf(canon, "%04d-%c%c", year, toupper(c),
			    s[6]);
		return NULL;
	}
	if (c == 'w') {
		int32_t monday;

		if (len != 8 || !parse_int(s + 6, 2, &n) ||
		    bops_date_from_isoweek(&monday, year, n))
			goto bad;
		out->first = monday;
		out->last = monday + 6;
		if (canon)
			bops_buf_printf(canon, "%04d-w%02d", year, n);
		return NULL;
	}
	if (len == 7 && parse_int(s + 5, 2, &n) && n >= 1 && n <= 12) {
		out->first = bops_date_from_ymd(year, n, 1);
		out->last = bops_date_from_ymd(year, n,
		    bops_date_days_in_month(year, n));
		if (canon)
			bops_buf_printf(canon, "%04d-%02d", year, n);
		return NULL;
	}
bad:
	return bops_error_fmt(BOPS_ERR_USAGE, "invalid period '%s' (want "
	    "2026-Q4, 2026-H1, 2026, 2026-11, 2026-w48 or FROM..TO)", s);
}

void
bops_period_quarter(struct bops_buf *out, int32_t day)
{
	int y, m, d;

	bops_date_to_ymd(day, &y, &m, &d);
	bops_buf_printf(out, "%04d-Q%d", y, (m - 1) / 3 + 1);
}

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

bool
bops_period_over(const struct bops_period *p, int64_t now,
    const struct bops_tz *tz)
{
	return now >= bops_date_local_start(p->last + 1, tz);
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
