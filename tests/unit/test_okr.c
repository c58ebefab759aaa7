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
#include "date.h"
#include "error.h"
#include "okr.h"
#include "schema.h"
#include "yaml.h"

#include "sandbox.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define HCM "Asia/Ho_Chi_Minh"

/* Doubles compared to 1e-9 (cmocka's float assertion is single precision). */
static void
expect_near(double got, double want, const char *what)
{
	if (isnan(got) || fabs(got - want) > 1e-9)
		fail_msg("%s: got %.12g, want %.12g", what, got, want);
}

/* Zone name, opened for one row; NULL for UTC. */
static struct bops_tz *
zone(const char *name)
{
	struct bops_tz *tz = NULL;

	if (bops_tz_open(&tz, name))
		fail_msg("cannot open zone '%s'", name);
	return tz;
}

static struct bops_period
period(const char *s)
{
	struct bops_period p;

	if (bops_period_parse(&p, s, NULL))
		fail_msg("bad test period '%s'", s);
	return p;
}

static void
kr_progress_moves_up_and_down(void **state)
{
	static const struct {
		double start, target, current;
		bool down;
		double want;
	} rows[] = {
		{ 0, 1000, 0, false, 0 },
		{ 0, 1000, 250, false, 0.25 },
		{ 0, 1000, 1000, false, 1 },
		{ 3.9, 4.5, 4.2, false, 0.5 },
		{ 0, 95, 76, false, 0.8 },
		{ 0, 1, 1, false, 1 },		/* a yes/no result, done */
		{ 0, 1, 0, false, 0 },		/* and not yet */
		{ 48, 24, 48, true, 0 },
		{ 48, 24, 36, true, 0.5 },
		{ 48, 24, 30, true, 0.75 },
		{ 48, 24, 24, true, 1 },
		{ 100, 50, 90, true, 0.2 },
		{ -10, 10, 0, false, 0.5 },
	};
	char what[96];
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		snprintf(what, sizeof(what), "start %g target %g current %g%s",
		    rows[i].start, rows[i].target, rows[i].current,
		    rows[i].down ? " down" : "");
		expect_near(bops_okr_kr_progress(rows[i].start, rows[i].target,
		    rows[i].current, rows[i].down), rows[i].want, what);
	}
}

static void
kr_progress_is_clamped_at_both_ends(void **state)
{
	static const struct {
		double start, target, current;
		bool down;
		double want;
	} rows[] = {
		{ 0, 1000, 1500, false, 1 },	/* past the target */
		{ 0, 1000, -50, false, 0 },	/* went backwards */
		{ 3.9, 4.5, 3.5, false, 0 },
		{ 3.9, 4.5, 5, false, 1 },
		{ 48, 24, 12, true, 1 },	/* better than the target */
		{ 48, 24, 60, true, 0 },	/* worse than the start */
		{ 0, 1, 1e300, false, 1 },
		{ 0, 1, -1e300, false, 0 },
	};
	char what[96];
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		snprintf(what, sizeof(what), "start %g target %g current %g",
		    rows[i].start, rows[i].target, rows[i].current);
		expect_near(bops_okr_kr_progress(rows[i].start, rows[i].target,
		    rows[i].current, rows[i].down), rows[i].want, what);
	}
}

static void
kr_progress_with_target_equal_to_start_is_all_or_nothing(void **state)
{
	static const struct {
		double value, current;
		bool down;
		double want;
	} rows[] = {
		{ 5, 5, false, 1 },
		{ 5, 6, false, 1 },
		{ 5, 4, false, 0 },
		{ 5, 5, true, 1 },
		{ 5, 4, true, 1 },
		{ 5, 6, true, 0 },
		{ 0, 0, false, 1 },
	};
	char what[64];
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		snprintf(what, sizeof(what), "start = target = %g, current %g",
		    rows[i].value, rows[i].current);
		expect_near(bops_okr_kr_progress(rows[i].value, rows[i].value,
		    rows[i].current, rows[i].down), rows[i].want, what);
	}
}

static void
kr_progress_is_nan_safe(void **state)
{
	static const struct {
		double start, target, current;
		bool down;
		double want;
	} rows[] = {
		{ 0, 1000, NAN, false, 0 },
		{ 48, 24, NAN, true, 0 },
		{ NAN, 1000, 250, false, 0 },
		{ 0, NAN, 250, false, 0 },
		{ NAN, NAN, NAN, false, 0 },
		{ 5, 5, NAN, false, 0 },
		{ 5, 5, NAN, true, 0 },
		{ 0, 1000, INFINITY, false, 1 },
		{ 0, 1000, -INFINITY, false, 0 },
		{ 0, INFINITY, 250, false, 0 },
	};
	double got;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		got = bops_okr_kr_progress(rows[i].start, rows[i].target,
		    rows[i].current, rows[i].down);
		if (isnan(got) || got < 0 || got > 1)
			fail_msg("row %zu: %g is not in [0, 1]", i, got);
		expect_near(got, rows[i].want, "nan row");
	}
}

static void
weighted_mean_weighs_and_survives_zero_weights(void **state)
{
	static const struct {
		size_t n;
		double v[4], w[4];
		double want;
	} rows[] = {
		{ 2, { 0.25, 0.5 }, { 1, 1 }, 0.375 },
		{ 2, { 1, 0 }, { 3, 1 }, 0.75 },
		/* A zero weight leaves its value out. */
		{ 3, { 1, 0.5, 0 }, { 0, 2, 2 }, 0.25 },
		{ 2, { 1, 1 }, { 0, 0 }, 0 },		/* all zero: 0 */
		{ 1, { 0.7 }, { 5 }, 0.7 },
		{ 4, { 0.2, 0.4, 0.6, 0.8 }, { 1, 1, 1, 1 }, 0.5 },
		{ 2, { 0.5, 1 }, { 0.5, 1.5 }, 0.875 },
		{ 0, { 0 }, { 0 }, 0 },			/* no key results */
	};
	char what[32];
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		snprintf(what, sizeof(what), "row %zu", i);
		expect_near(bops_okr_weighted(rows[i].v, rows[i].w, rows[i].n),
		    rows[i].want, what);
	}
}

/*
 * 2026-Q4 lasts 92 days; in Ho Chi Minh City (UTC+7) it starts at
 * 2026-09-30T17:00:00Z and ends at 2026-12-31T17:00:00Z.
 */
static void
expected_is_the_elapsed_share_of_the_period(void **state)
{
	static const struct {
		const char *period, *tz, *now;
		double want;
	} rows[] = {
		{ "2026-Q4", "UTC", "2026-06-01T00:00:00Z", 0 },
		{ "2026-Q4", "UTC", "2026-09-30T23:59:59Z", 0 },
		{ "2026-Q4", "UTC", "2026-10-01T00:00:00Z", 0 },
		{ "2026-Q4", "UTC", "2026-10-01T00:00:01Z",
		    1.0 / (92 * 86400) },
		{ "2026-Q4", "UTC", "2026-11-16T00:00:00Z", 0.5 },
		{ "2026-Q4", "UTC", "2026-11-23T09:00:00Z", 53.375 / 92 },
		{ "2026-Q4", "UTC", "2026-12-31T00:00:00Z", 91.0 / 92 },
		{ "2026-Q4", "UTC", "2026-12-31T23:59:59Z",
		    1 - 1.0 / (92 * 86400) },
		{ "2026-Q4", "UTC", "2027-01-01T00:00:00Z", 1 },
		{ "2026-Q4", "UTC", "2027-03-01T00:00:00Z", 1 },
		{ "2026-Q4", NULL, "2026-11-16T00:00:00Z", 0.5 },
		{ "2026-Q4", "", "2026-11-16T00:00:00Z", 0.5 },
		{ "2026-Q4", HCM, "2026-09-30T16:59:59Z", 0 },
		{ "2026-Q4", HCM, "2026-09-30T17:00:00Z", 0 },
		{ "2026-Q4", HCM, "2026-10-01T00:00:00Z", 7.0 / (92 * 24) },
		{ "2026-Q4", HCM, "2026-11-15T17:00:00Z", 0.5 },
		{ "2026-Q4", HCM, "2026-11-23T09:00:00Z", (53.375 + 7.0 / 24)
		    / 92 },
		{ "2026-Q4", HCM, "2026-12-31T16:59:59Z",
		    1 - 1.0 / (92 * 86400) },
		{ "2026-Q4", HCM, "2026-12-31T17:00:00Z", 1 },
		{ "2026-Q4", HCM, "2026-12-31T23:00:00Z", 1 },
		{ "2026", "UTC", "2026-07-02T12:00:00Z", 0.5 },
		{ "2024", "UTC", "2024-07-02T00:00:00Z", 0.5 },   /* 366 days */
		{ "2024-02", "UTC", "2024-02-15T00:00:00Z", 14.0 / 29 },
		{ "2026-02", "UTC", "2026-02-15T00:00:00Z", 0.5 },
		{ "2026-w48", "UTC", "2026-11-26T12:00:00Z", 0.5 },
		{ "2026-w48", HCM, "2026-11-22T17:00:00Z", 0 },
		{ "2026-11-01..2026-11-10", "UTC", "2026-11-06T00:00:00Z",
		    0.5 },
		{ "2026-11-01..2026-11-01", "UTC", "2026-11-01T06:00:00Z",
		    0.25 },
		/* Stockholm leaves summer time on 25 October: 92 days + 1h. */
		{ "2026-Q4", "Europe/Stockholm", "2026-09-30T22:00:00Z", 0 },
		{ "2026-Q4", "Europe/Stockholm", "2026-11-15T22:30:00Z",
		    0.5 },
		{ "2026-Q4", "Europe/Stockholm", "2026-12-31T23:00:00Z", 1 },
	};
	struct bops_period p;
	struct bops_tz *tz;
	char what[128];
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		p = period(rows[i].period);
		tz = zone(rows[i].tz);
		snprintf(what, sizeof(what), "%s in %s at %s", rows[i].period,
		    rows[i].tz ? rows[i].tz : "(null)", rows[i].now);
		expect_near(bops_okr_expected(&p, instant(rows[i].now), tz),
		    rows[i].want, what);
		bops_tz_close(tz);
	}
}

static void
expected_stays_within_zero_and_one(void **state)
{
	struct bops_period p = period("2026-Q4");
	int64_t t, from = instant("2026-09-29T00:00:00Z");
	int64_t to = instant("2027-01-02T00:00:00Z");
	struct bops_tz *tz = zone(HCM);
	double e, last = 0;

	for (t = from; t <= to; t += 3571) {
		e = bops_okr_expected(&p, t, tz);
		if (e < 0 || e > 1 || e < last)
			fail_msg("expected %g at %lld after %g", e,
			    (long long)t, last);
		last = e;
	}
	expect_near(last, 1, "after the period");
	bops_tz_close(tz);
}

static void
pace_compares_progress_with_expected(void **state)
{
	static const struct {
		double progress, expected;
		bool started;
		double on_track, at_risk;
		enum bops_pace want;
	} rows[] = {
		{ 0.45, 0.5, true, 0.9, 0.6, BOPS_PACE_ON_TRACK }, /* 0.9x */
		{ 0.4499, 0.5, true, 0.9, 0.6, BOPS_PACE_AT_RISK },
		{ 0.63, 0.7, true, 0.9, 0.6, BOPS_PACE_ON_TRACK },
		{ 0.6299, 0.7, true, 0.9, 0.6, BOPS_PACE_AT_RISK },
		{ 0.30, 0.5, true, 0.9, 0.6, BOPS_PACE_AT_RISK },  /* 0.6x */
		{ 0.2999, 0.5, true, 0.9, 0.6, BOPS_PACE_OFF_TRACK },
		{ 0.42, 0.7, true, 0.9, 0.6, BOPS_PACE_AT_RISK },
		{ 0, 0.5, true, 0.9, 0.6, BOPS_PACE_OFF_TRACK },
		{ 1, 0.5, true, 0.9, 0.6, BOPS_PACE_ON_TRACK },
		/* The first instant of the period. */
		{ 0, 0, true, 0.9, 0.6, BOPS_PACE_ON_TRACK },
		{ 0.9, 1, true, 0.9, 0.6, BOPS_PACE_ON_TRACK },
		{ 0.7, 1, true, 0.9, 0.6, BOPS_PACE_AT_RISK },
		{ 0.5, 1, true, 0.9, 0.6, BOPS_PACE_OFF_TRACK },
		{ 0, 0, false, 0.9, 0.6, BOPS_PACE_NOT_STARTED },
		{ 1, 0, false, 0.9, 0.6, BOPS_PACE_NOT_STARTED },
		{ 0.4, 0.5, true, 0.8, 0.5, BOPS_PACE_ON_TRACK },
		{ 0.39, 0.5, true, 0.8, 0.5, BOPS_PACE_AT_RISK },
		{ 0.25, 0.5, true, 0.8, 0.5, BOPS_PACE_AT_RISK },
		{ 0.24, 0.5, true, 0.8, 0.5, BOPS_PACE_OFF_TRACK },
	};
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		enum bops_pace got = bops_okr_pace(rows[i].progress,
		    rows[i].expected, rows[i].started, rows[i].on_track,
		    rows[i].at_risk);

		if (got != rows[i].want)
			fail_msg("progress %g expected %g: %s, want %s",
			    rows[i].progress, rows[i].expected,
			    bops_pace_name(got), bops_pace_name(rows[i].want));
	}
}

static void
pace_names_are_stable(void **state)
{
	assert_string_equal(bops_pace_name(BOPS_PACE_NOT_STARTED),
	    "not-started");
	assert_string_equal(bops_pace_name(BOPS_PACE_ON_TRACK), "on-track");
	assert_string_equal(bops_pace_name(BOPS_PACE_AT_RISK), "at-risk");
	assert_string_equal(bops_pace_name(BOPS_PACE_OFF_TRACK), "off-track");
}

static void
round2_keeps_two_decimals(void **state)
{
	static const struct { double v, want; } rows[] = {
		{ 0, 0 }, { 1, 1 }, { 0.5, 0.5 }, { 0.333333, 0.33 },
		{ 2.0 / 3, 0.67 }, { 0.994, 0.99 }, { 0.996, 1 },
		{ 0.704, 0.7 }, { 0.6951, 0.7 }, { 0.12, 0.12 },
		{ 0.581, 0.58 },
	};
	char what[32];
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		snprintf(what, sizeof(what), "round2(%g)", rows[i].v);
		expect_near(bops_okr_round2(rows[i].v), rows[i].want, what);
	}
}

/* An objective record from YAML text (no validation needed here). */
static struct bops_record *
objective(const struct bops_schema *s, const char *id, const char *yaml)
{
	struct bops_node *root = NULL;

	assert_null(bops_yaml_load(&root, id, yaml, strlen(yaml)));
	return bops_record_wrap(&bops_kinds[BOPS_KIND_okr], s, id, root);
}

static void
cascade_rolls_progress_up_and_inherits_periods(void **state)
{
	struct bops_schema *s = NULL;
	struct bops_record *recs[4];
	struct bops_okr_cascade c;
	struct bops_okr_conf conf = { 0.9, 0.6, 0.7, 7 * 86400 };
	struct bops_okr_obj *top, *a, *b, *loop;
	double expected;
	enum bops_pace pace;
	int64_t now;
	size_t i;

	(void)state;
	assert_null(bops_schema_builtin(&s, "okr"));
	recs[0] = objective(s, "top", "title: Top\nperiod: 2026-Q4\n");
	recs[1] = objective(s, "a", "title: A\nparent: top\n"
	    "period: 2026-Q4\nkey_results:\n"
	    "- {id: 1, title: x, start: 0, target: 10, current: 5}\n"
	    "- {id: 2, title: y, start: 48, target: 24, current: 36, "
	    "direction: down, weight: 3}\n");
	recs[2] = objective(s, "b", "title: B\nparent: top\nkey_results:\n"
	    "- {id: 1, title: z, start: 0, target: 4, current: 1}\n");
	/* a hand-made cycle: cut where it closes, never followed forever */
	recs[3] = objective(s, "loop", "title: L\nparent: loop\n");
	assert_null(bops_instant_parse(&now, "2026-11-15T12:00:00Z"));
	bops_okr_cascade_build(&c, (const struct bops_record *const *)recs, 4,
	    &conf, now, NULL);
	top = bops_okr_cascade_find(&c, "top");
	a = bops_okr_cascade_find(&c, "a");
	b = bops_okr_cascade_find(&c, "b");
	loop = bops_okr_cascade_find(&c, "loop");
	assert_non_null(top);
	assert_null(bops_okr_cascade_find(&c, "nope"));
	assert_ptr_equal(a->parent, top);
	assert_ptr_equal(b->parent, top);
	assert_null(loop->parent);
	assert_int_equal(top->nchildren, 2);
	/* a: (0.5 * 1 + 0.5 * 3) / 4; b: 0.25; top: their mean */
	assert_true(fabs(a->progress - 0.5) < 1e-9);
	assert_true(fabs(b->progress - 0.25) < 1e-9);
	assert_true(fabs(top->progress - 0.375) < 1e-9);
	/* b has no period: it takes top's, so the same expected value */
	assert_true(fabs(b->expected - 45.5 / 92) < 1e-9);
	assert_true(fabs(b->expected - top->expected) < 1e-12);
	assert_int_equal(b->pace, BOPS_PACE_OFF_TRACK);
	assert_int_equal(a->pace, BOPS_PACE_ON_TRACK);
	bops_okr_kr_pace(&c, b, 1.0, &expected, &pace);
	assert_int_equal(pace, BOPS_PACE_ON_TRACK);
	/* loop has no period anywhere: expected 0, on track */
	assert_true(loop->expected == 0);
	/* The period that applies: its own, else the nearest ancestor's. */
	{
		struct bops_period p;

		assert_ptr_equal(bops_okr_period_of(a, &p), a);
		assert_int_equal(p.last, ymd("2026-12-31"));
		assert_ptr_equal(bops_okr_period_of(b, &p), top);
		assert_int_equal(p.first, ymd("2026-10-01"));
		assert_null(bops_okr_period_of(loop, &p));
	}
	bops_okr_cascade_release(&c);
	for (i = 0; i < 4; i++)
		bops_record_free(recs[i]);
	bops_schema_free(s);
}

static void
cycles_marks_every_objective_on_a_parent_cycle(void **state)
{
	/* a <- b <- c; d <-> e; f is its own parent; g -> d (leads in). */
	static const char *ids[] = { "a", "b", "c", "d", "e", "f", "g", "h" };
	static const char *parents[] = { NULL, "a", "b", "e", "d", "f", "d",
	    "gone" };
	static const bool want[] = { false, false, false, true, true, true,
	    false, false };
	long up[8];
	bool on[8];
	size_t i;

	assert_int_equal(bops_okr_cycles(ids, parents, 8, up, on), 3);
	for (i = 0; i < 8; i++)
		assert_int_equal(on[i], want[i]);
	assert_int_equal(up[0], -1);
	assert_int_equal(up[1], 0);
	assert_int_equal(up[3], 4);
	assert_int_equal(up[5], 5);
	assert_int_equal(up[7], -1);
	assert_int_equal(bops_okr_cycles(NULL, NULL, 0, up, on), 0);
}

/* A chain of 100,000 objectives closed into one ring: linear. */
static void
cycles_is_linear_on_long_chains(void **state)
{
	size_t n = 100000, i;
	char (*names)[16] = calloc(n, sizeof(*names));
	const char **ids = calloc(n, sizeof(*ids));
	const char **parents = calloc(n, sizeof(*parents));
	long *up = calloc(n, sizeof(*up));
	bool *on = calloc(n, sizeof(*on));

	assert_non_null(names);
	assert_non_null(on);
	for (i = 0; i < n; i++) {
		snprintf(names[i], sizeof(names[i]), "o%zu", i);
		ids[i] = names[i];
	}
	for (i = 0; i < n; i++)
		parents[i] = i + 1 < n ? names[i + 1] : NULL;
	assert_int_equal(bops_okr_cycles(ids, parents, n, up, on), 0);
	parents[n - 1] = names[0];
	assert_int_equal(bops_okr_cycles(ids, parents, n, up, on), n);
	free(names);
	free(ids);
	free(parents);
	free(up);
	free(on);
}

static void
check_refuses_an_objective_that_is_its_own_parent(void **state)
{
	struct bops_node *map = bops_node_new_map();
	const struct bops_error *err;

	assert_null(bops_okr_check("okrs/a.yaml", "a", map));
	bops_node_map_set_str(map, "parent", "b", BOPS_SCALAR_RAW);
	assert_null(bops_okr_check("okrs/a.yaml", "a", map));
	bops_node_map_set_str(map, "parent", "a", BOPS_SCALAR_RAW);
	err = bops_okr_check("okrs/a.yaml", "a", map);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_INVALID);
	assert_string_equal(err->msg,
	    "okrs/a.yaml: parent 'a' is the objective itself");
	bops_node_map_get(map, "parent")->line = 3;
	bops_node_map_get(map, "parent")->col = 9;
	err = bops_okr_check("okrs/a.yaml", "a", map);
	assert_string_equal(err->msg,
	    "okrs/a.yaml:3:9: parent 'a' is the objective itself");
	bops_node_free(map);
}

static void
weighted_survives_huge_weights(void **state)
{
	static const double v[] = { 1, 0, 0.5 };
	static const double big[] = { 1e308, 1e308, 0 };
	static const double none[] = { 0, 0, 0 };

	assert_true(fabs(bops_okr_weighted(v, big, 3) - 0.5) < 1e-12);
	assert_true(bops_okr_weighted(v, none, 3) == 0);
	assert_true(fabs(bops_okr_weighted(v + 2, big, 1) - 0.5) < 1e-12);
}

/*
 * 10,000 objectives under one parent and a ring of 10,000 made by hand:
 * built in linear time, the ring cut at its last member.
 */
static void
cascade_is_linear_in_the_objectives(void **state)
{
	struct bops_schema *s = NULL;
	size_t n = 20001, i;
	struct bops_record **recs = calloc(n, sizeof(*recs));
	struct bops_okr_cascade c;
	struct bops_okr_conf conf = { 0.9, 0.6, 0.7, 7 * 86400 };
	char id[32], yaml[96];

	(void)state;
	assert_non_null(recs);
	assert_null(bops_schema_builtin(&s, "okr"));
	recs[0] = objective(s, "root", "title: Root\n");
	for (i = 1; i < n; i++) {
		snprintf(id, sizeof(id), "o%zu", i);
		if (i <= 10000)
			snprintf(yaml, sizeof(yaml), "title: t\nparent: root\n");
		else	/* o10001 -> o10002 -> ... -> o20000 -> o10001 */
			snprintf(yaml, sizeof(yaml), "title: t\nparent: o%zu\n",
			    i + 1 < n ? i + 1 : (size_t)10001);
		recs[i] = objective(s, id, yaml);
	}
	bops_okr_cascade_build(&c, (const struct bops_record *const *)recs, n,
	    &conf, 0, NULL);
	assert_int_equal(bops_okr_cascade_find(&c, "root")->nchildren, 10000);
	assert_null(bops_okr_cascade_find(&c, "o20000")->parent);
	assert_ptr_equal(bops_okr_cascade_find(&c, "o19999")->parent,
	    bops_okr_cascade_find(&c, "o20000"));
	assert_ptr_equal(bops_okr_cascade_find(&c, "o10001")->parent,
	    bops_okr_cascade_find(&c, "o10002"));
	bops_okr_cascade_release(&c);
	for (i = 0; i < n; i++)
		bops_record_free(recs[i]);
	free(recs);
	bops_schema_free(s);
}

/* The YAML of a node, for comparing with what a table expects. */
static char *
yaml_of(const struct bops_node *n)
{
	struct bops_buf b = BOPS_BUF_INIT;

	assert_null(bops_yaml_emit(&b, n));
	return bops_buf_detach(&b);
}

static struct bops_node *
node(const char *yaml)
{
	struct bops_node *root = NULL;

	assert_null(bops_yaml_load(&root, "t.yaml", yaml, strlen(yaml)));
	return root;
}

static void
conf_read_takes_each_setting_else_its_default(void **state)
{
	static const struct {
		const char *yaml;	/* the okr map; NULL: none */
		struct bops_okr_conf want;
	} rows[] = {
		{ NULL, { 0.9, 0.6, 0.7, 7 * 86400 } },
		{ "x: 1\n", { 0.9, 0.6, 0.7, 7 * 86400 } },
		{ "on_track: 0.8\n", { 0.8, 0.6, 0.7, 7 * 86400 } },
		{ "at_risk: 0.5\nachieved: 0.65\n",
		    { 0.9, 0.5, 0.65, 7 * 86400 } },
		{ "checkin_every: 2w\n", { 0.9, 0.6, 0.7, 14 * 86400 } },
		{ "checkin_every: 1d12h\n", { 0.9, 0.6, 0.7, 36 * 3600 } },
		{ "checkin_every: soon\n", { 0.9, 0.6, 0.7, 7 * 86400 } },
		{ "on_track: 1\nat_risk: 0\nachieved: 1\ncheckin_every: 30m\n",
		    { 1, 0, 1, 1800 } },
	};
	struct bops_okr_conf c;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		struct bops_node *okr = rows[i].yaml ? node(rows[i].yaml) :
		    NULL;

		memset(&c, 0xff, sizeof(c));
		bops_okr_conf_read(&c, okr);
		bops_node_free(okr);
		if (c.on_track != rows[i].want.on_track ||
		    c.at_risk != rows[i].want.at_risk ||
		    c.achieved != rows[i].want.achieved ||
		    c.checkin_every != rows[i].want.checkin_every)
			fail_msg("row %zu: got %g %g %g %lld", i, c.on_track,
			    c.at_risk, c.achieved,
			    (long long)c.checkin_every);
	}
}

static void
kr_finds_a_key_result_by_its_number_and_next_follows_the_largest(
    void **state)
{
	static const struct {
		const char *yaml;
		long n, index, next;
	} rows[] = {
		{ "title: O\n", 1, -1, 1 },
		{ "title: O\nkey_results:\n- {id: 1, title: a}\n", 1, 0, 2 },
		{ "title: O\nkey_results:\n- {id: 1, title: a}\n", 2, -1, 2 },
		/* Removed ones leave gaps; numbers are not reused below. */
		{ "title: O\nkey_results:\n- {id: 3, title: c}\n"
		    "- {id: 1, title: a}\n", 1, 1, 4 },
		{ "title: O\nkey_results:\n- {id: 3, title: c}\n"
		    "- {id: 1, title: a}\n", 2, -1, 4 },
		{ "title: O\nkey_results:\n- {id: 7, title: g}\n", 7, 0, 8 },
		/* A map without a number is no key result to address. */
		{ "title: O\nkey_results:\n- {title: x}\n", 0, 0, 1 },
		{ "title: O\nkey_results:\n- {title: x}\n", 1, -1, 1 },
	};
	struct bops_schema *s = NULL;
	struct bops_record *rec;
	struct bops_node *kr;
	size_t i;

	assert_null(bops_schema_builtin(&s, "okr"));
	for (i = 0; i < NELEM(rows); i++) {
		rec = objective(s, "o", rows[i].yaml);
		if (bops_okr_kr_index(rec, rows[i].n) != rows[i].index)
			fail_msg("row %zu: want index %ld, got %ld", i,
			    rows[i].index, bops_okr_kr_index(rec, rows[i].n));
		kr = bops_okr_kr(rec, rows[i].n);
		if (rows[i].index < 0)
			assert_null(kr);
		else
			assert_ptr_equal(kr, bops_record_get(rec,
			    "key_results")->items[rows[i].index]);
		if (bops_okr_kr_next(bops_record_get(rec, "key_results")) !=
		    rows[i].next)
			fail_msg("row %zu: want next %ld", i, rows[i].next);
		bops_record_free(rec);
	}
	assert_int_equal(bops_okr_kr_next(NULL), 1);
	bops_schema_free(s);
}

static void
checkin_add_appends_to_the_log_in_order(void **state)
{
	static const struct {
		const char *value, *confidence, *note;
		const char *want;	/* the key result after */
	} rows[] = {
		{ "250", NULL, NULL, "title: x\ncheckins:\n"
		    "- at: 2026-11-23T09:00:00Z\n  by: Lan\n  value: 250\n" },
		{ "300", "0.8", "", "title: x\ncheckins:\n"
		    "- at: 2026-11-23T09:00:00Z\n  by: Lan\n  value: 300\n"
		    "  confidence: 0.8\n" },
		{ "320", "0.7", "bếp bệnh viện", "title: x\ncheckins:\n"
		    "- at: 2026-11-23T09:00:00Z\n  by: Lan\n  value: 320\n"
		    "  confidence: 0.7\n  note: bếp bệnh viện\n" },
		{ "0", NULL, "a note", "title: x\ncheckins:\n"
		    "- at: 2026-11-23T09:00:00Z\n  by: Lan\n  value: 0\n"
		    "  note: a note\n" },
	};
	struct bops_node *kr, *log;
	char *got;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		kr = node("title: x\n");
		bops_okr_checkin_add(kr, "2026-11-23T09:00:00Z", "Lan",
		    rows[i].value, rows[i].confidence, rows[i].note);
		got = yaml_of(kr);
		if (strcmp(got, rows[i].want))
			fail_msg("row %zu: got\n%s", i, got);
		free(got);
		bops_node_free(kr);
	}
	/* A second one goes after the first. */
	kr = node("title: x\ncheckins:\n- {at: 2026-11-16T09:00:00Z, by: Minh, "
	    "value: 100}\n");
	bops_okr_checkin_add(kr, "2026-11-23T09:00:00Z", "Lan", "250", NULL,
	    NULL);
	log = bops_node_map_get(kr, "checkins");
	assert_int_equal(log->n, 2);
	assert_string_equal(bops_node_map_str(log->items[0], "by"), "Minh");
	assert_string_equal(bops_node_map_str(log->items[1], "value"), "250");
	bops_node_free(kr);
}

static void
stale_is_no_checkin_within_the_cadence(void **state)
{
	static const struct {
		const char *kr;
		const char *now;
		int64_t every;
		const char *last;	/* NULL: none */
		bool stale;
	} rows[] = {
		{ "id: 1\n", "2026-11-23T09:00:00Z", 7 * 86400, NULL, true },
		{ "id: 1\ncheckins: []\n", "2026-11-23T09:00:00Z", 7 * 86400,
		    NULL, true },
		{ "id: 1\ncheckins:\n- {at: 2026-11-20T09:00:00Z}\n",
		    "2026-11-23T09:00:00Z", 7 * 86400, "2026-11-20T09:00:00Z",
		    false },
		/* Exactly the cadence ago is in time; a second more is not. */
		{ "id: 1\ncheckins:\n- {at: 2026-11-16T09:00:00Z}\n",
		    "2026-11-23T09:00:00Z", 7 * 86400, "2026-11-16T09:00:00Z",
		    false },
		{ "id: 1\ncheckins:\n- {at: 2026-11-16T08:59:59Z}\n",
		    "2026-11-23T09:00:00Z", 7 * 86400, "2026-11-16T08:59:59Z",
		    true },
		/* The latest counts, wherever it stands in the log. */
		{ "id: 1\ncheckins:\n- {at: 2026-11-22T09:00:00Z}\n"
		    "- {at: 2026-11-01T09:00:00Z}\n", "2026-11-23T09:00:00Z",
		    7 * 86400, "2026-11-22T09:00:00Z", false },
		{ "id: 1\ncheckins:\n- {at: 2026-11-01T09:00:00Z}\n"
		    "- {at: 2026-11-02T09:00:00Z}\n", "2026-11-23T09:00:00Z",
		    7 * 86400, "2026-11-02T09:00:00Z", true },
		/* A shorter cadence. */
		{ "id: 1\ncheckins:\n- {at: 2026-11-22T09:00:00Z}\n",
		    "2026-11-23T09:00:00Z", 3600, "2026-11-22T09:00:00Z",
		    true },
		/* An entry without an instant, or with no instant in it. */
		{ "id: 1\ncheckins:\n- {value: 3}\n", "2026-11-23T09:00:00Z",
		    7 * 86400, NULL, true },
		{ "id: 1\ncheckins:\n- {at: yesterday}\n",
		    "2026-11-23T09:00:00Z", 7 * 86400, "yesterday", true },
	};
	struct bops_node *kr;
	const char *last;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		kr = node(rows[i].kr);
		last = bops_okr_kr_last_checkin(kr);
		if (rows[i].last ? last == NULL || strcmp(last, rows[i].last) :
		    last != NULL)
			fail_msg("row %zu: want last %s, got %s", i,
			    rows[i].last ? rows[i].last : "none",
			    last ? last : "none");
		if (bops_okr_kr_stale(kr, instant(rows[i].now),
		    rows[i].every) != rows[i].stale)
			fail_msg("row %zu: want %s", i, rows[i].stale ?
			    "stale" : "in time");
		bops_node_free(kr);
	}
}

static void
owner_scored_and_checkins_due_read_the_objective(void **state)
{
	static const struct {
		const char *yaml;
		const char *now;
		const char *owner;	/* of key result 1 */
		const char *period;	/* scored for */
		bool scored, due;
	} rows[] = {
		{ "title: O\nowner: Lan\nstatus: active\nperiod: 2026-Q4\n"
		    "key_results:\n- {id: 1, title: a, target: 1}\n",
		    "2026-11-23T09:00:00Z", "Lan", "2026-Q4", true, true },
		{ "title: O\nowner: Lan\nstatus: active\nperiod: 2026-Q4\n"
		    "key_results:\n- {id: 1, title: a, target: 1, "
		    "owner: Minh}\n", "2026-11-23T09:00:00Z", "Minh", NULL,
		    true, true },
		/* Another period's; before its period; not active. */
		{ "title: O\nstatus: active\nperiod: 2027-Q1\nkey_results:\n"
		    "- {id: 1, title: a, target: 1}\n",
		    "2026-11-23T09:00:00Z", NULL, "2026-Q4", false, false },
		{ "title: O\nstatus: achieved\nperiod: 2026-Q4\n"
		    "key_results:\n- {id: 1, title: a, target: 1}\n",
		    "2026-11-23T09:00:00Z", NULL, "2026-Q4", true, false },
		/* Dropped: never scored. */
		{ "title: O\nstatus: dropped\nperiod: 2026-Q4\n"
		    "key_results:\n- {id: 1, title: a, target: 1}\n",
		    "2026-11-23T09:00:00Z", NULL, NULL, false, false },
		/* No period: scored for every period asked but one. */
		{ "title: O\nstatus: active\nkey_results:\n"
		    "- {id: 1, title: a, target: 1}\n",
		    "2026-11-23T09:00:00Z", NULL, "2026-Q4", false, true },
		{ "title: O\nstatus: active\nkey_results:\n"
		    "- {id: 1, title: a, target: 1}\n",
		    "2026-11-23T09:00:00Z", NULL, NULL, true, true },
	};
	struct bops_okr_conf conf = { 0.9, 0.6, 0.7, 7 * 86400 };
	struct bops_schema *s = NULL;
	struct bops_okr_cascade c;
	struct bops_record *rec;
	const char *owner;
	size_t i;

	assert_null(bops_schema_builtin(&s, "okr"));
	for (i = 0; i < NELEM(rows); i++) {
		rec = objective(s, "o", rows[i].yaml);
		bops_okr_cascade_build(&c, (const struct bops_record *const *)
		    &rec, 1, &conf, instant(rows[i].now), NULL);
		owner = bops_okr_kr_owner(rec, bops_okr_kr(rec, 1));
		if (rows[i].owner ? owner == NULL ||
		    strcmp(owner, rows[i].owner) : owner != NULL)
			fail_msg("row %zu: want owner %s", i, rows[i].owner ?
			    rows[i].owner : "none");
		if (bops_okr_scored(rec, rows[i].period) != rows[i].scored)
			fail_msg("row %zu: want %sscored", i, rows[i].scored ?
			    "" : "not ");
		if (bops_okr_checkins_due(&c.objs[0]) != rows[i].due)
			fail_msg("row %zu: want check-ins %sdue", i,
			    rows[i].due ? "" : "not ");
		bops_okr_cascade_release(&c);
		bops_record_free(rec);
	}
	bops_schema_free(s);
}

#define MEASURE_WANT "want 'count KIND FILTER...', 'percent KIND " \
	"FILTER... of FILTER...' or 'sla ticket first-response|resolution " \
	"[FILTER...]'"

/*
 * The three forms of a measure: argv is the kind and the filters of what
 * is counted (for a percent, the filters after "of" first: argv[0..whole)
 * are what the share is of); a sla measure names its clock.
 */
static void
measure_parse_splits_count_kind_filters(void **state)
{
	static const struct {
		const char *spec;
		const char *kind;	/* NULL: refused */
		int form, argc;
		const char *args;	/* argv[1..] joined by '|' */
		int whole, clock;
	} rows[] = {
		{ "count task status=done", "task", BOPS_MEASURE_COUNT, 2,
		    "status=done", 2, 0 },
		{ "count task", "task", BOPS_MEASURE_COUNT, 1, "", 1, 0 },
		{ "  count\ttask  status=done   kr=o/1 ", "task",
		    BOPS_MEASURE_COUNT, 3, "status=done|kr=o/1", 3, 0 },
		{ "count okr status!=dropped", "okr", BOPS_MEASURE_COUNT, 2,
		    "status!=dropped", 2, 0 },
		{ "count sprint", "sprint", BOPS_MEASURE_COUNT, 1, "", 1, 0 },
		{ "percent task status=done of kr=o/1", "task",
		    BOPS_MEASURE_PERCENT, 3, "kr=o/1|status=done", 2, 0 },
		{ "percent ticket status=resolved,closed channel=zalo of "
		    "queue=support priority=urgent", "ticket",
		    BOPS_MEASURE_PERCENT, 5, "queue=support|priority=urgent|"
		    "status=resolved,closed|channel=zalo", 3, 0 },
		{ "percent task status=done of", "task", BOPS_MEASURE_PERCENT,
		    2, "status=done", 1, 0 },
		{ "sla ticket first-response", "ticket", BOPS_MEASURE_SLA, 1,
		    "", 1, BOPS_MEASURE_FIRST_RESPONSE },
		{ "sla ticket resolution queue=support priority=urgent",
		    "ticket", BOPS_MEASURE_SLA, 3,
		    "queue=support|priority=urgent", 3,
		    BOPS_MEASURE_RESOLUTION },
		{ "count", NULL, 0, 0, NULL, 0, 0 },
		{ "", NULL, 0, 0, NULL, 0, 0 },
		{ "   ", NULL, 0, 0, NULL, 0, 0 },
		{ "sum task estimate", NULL, 0, 0, NULL, 0, 0 },
		{ "count tasks", NULL, 0, 0, NULL, 0, 0 },
		{ "COUNT task", NULL, 0, 0, NULL, 0, 0 },
		{ "percent task status=done", NULL, 0, 0, NULL, 0, 0 },
		{ "percent task of status=done", NULL, 0, 0, NULL, 0, 0 },
		{ "percent task a=1 of b=2 of c=3", NULL, 0, 0, NULL, 0, 0 },
		{ "percent of", NULL, 0, 0, NULL, 0, 0 },
		{ "sla ticket", NULL, 0, 0, NULL, 0, 0 },
		{ "sla task first-response", NULL, 0, 0, NULL, 0, 0 },
		{ "sla ticket first_response", NULL, 0, 0, NULL, 0, 0 },
		{ "sla ticket response status=open", NULL, 0, 0, NULL, 0, 0 },
	};
	struct bops_okr_measure m;
	const struct bops_error *err;
	struct bops_buf args = BOPS_BUF_INIT, msg = BOPS_BUF_INIT;
	size_t i;
	int k;

	for (i = 0; i < NELEM(rows); i++) {
		err = bops_okr_measure_parse(&m, rows[i].spec);
		if (rows[i].kind == NULL) {
			if (err == NULL)
				fail_msg("row %zu: '%s' taken", i,
				    rows[i].spec);
			assert_int_equal(err->code, BOPS_ERR_USAGE);
			bops_buf_reset(&msg);
			bops_buf_printf(&msg, "measure '%s': " MEASURE_WANT,
			    rows[i].spec);
			assert_string_equal(err->msg, msg.ptr);
			continue;
		}
		if (err)
			fail_msg("row %zu: %s", i, err->msg);
		assert_string_equal(m.kind->name, rows[i].kind);
		assert_int_equal(m.form, rows[i].form);
		assert_int_equal(m.argc, rows[i].argc);
		assert_int_equal(m.whole, rows[i].whole);
		if (m.form == BOPS_MEASURE_SLA)
			assert_int_equal(m.clock, rows[i].clock);
		assert_string_equal(m.argv[0], rows[i].kind);
		assert_null(m.argv[m.argc]);
		bops_buf_reset(&args);
		for (k = 1; k < m.argc; k++)
			bops_buf_printf(&args, "%s%s", k > 1 ? "|" : "",
			    m.argv[k]);
		assert_string_equal(args.ptr ? args.ptr : "", rows[i].args);
		bops_okr_measure_release(&m);
	}
	bops_buf_release(&args);
	bops_buf_release(&msg);
}

/* A share on a percentage's scale, to a tenth; none of nothing. */
static void
measure_share_is_a_percentage_to_a_tenth(void **state)
{
	static const struct {
		size_t part, whole;
		bool have;
		double want;
	} rows[] = {
		{ 0, 0, false, 0 },
		{ 3, 0, false, 0 },
		{ 0, 4, true, 0 },
		{ 4, 4, true, 100 },
		{ 1, 2, true, 50 },
		{ 1, 3, true, 33.3 },
		{ 2, 3, true, 66.7 },
		{ 19, 20, true, 95 },
		{ 191, 200, true, 95.5 },
		{ 1999, 2000, true, 100 },	/* 99.95: to a tenth, up */
		{ 1, 1000000, true, 0 },
	};
	double v;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		v = -1;
		if (bops_okr_measure_share(&v, rows[i].part, rows[i].whole) !=
		    rows[i].have)
			fail_msg("row %zu: want %s", i, rows[i].have ?
			    "a share" : "none");
		if (rows[i].have && fabs(v - rows[i].want) > 1e-9)
			fail_msg("row %zu: got %g, want %g", i, v,
			    rows[i].want);
	}
}

static void
measure_parse_keeps_every_filter(void **state)
{
	struct bops_buf spec = BOPS_BUF_INIT;
	struct bops_okr_measure m;
	int k;

	bops_buf_puts(&spec, "count task");
	for (k = 0; k < 100; k++)
		bops_buf_printf(&spec, " title!=x%d", k);
	assert_null(bops_okr_measure_parse(&m, spec.ptr));
	assert_int_equal(m.argc, 101);
	assert_string_equal(m.argv[100], "title!=x99");
	bops_okr_measure_release(&m);
	bops_buf_release(&spec);
}

static void
measure_checks_a_new_count_in(void **state)
{
	static const struct {
		const char *kr;
		double count;
		bool due;
		const char *want;	/* after the check-in */
	} rows[] = {
		{ "title: x\nmeasure: count task\n", 0, true,
		    "title: x\nmeasure: count task\ncurrent: 0\ncheckins:\n"
		    "- at: 2026-11-23T09:00:00Z\n  by: Lan\n  value: 0\n"
		    "  note: count task\n" },
		{ "title: x\nmeasure: count task\ncurrent: 3\n", 3, false, NULL },
		{ "title: x\nmeasure: count task\ncurrent: 3.0\n", 3, false,
		    NULL },
		{ "title: x\nmeasure: count task\ncurrent: 3\n", 4, true,
		    "title: x\nmeasure: count task\ncurrent: 4\ncheckins:\n"
		    "- at: 2026-11-23T09:00:00Z\n  by: Lan\n  value: 4\n"
		    "  note: count task\n" },
		{ "title: x\nmeasure: sla ticket first-response\ncurrent: 95\n",
		    95.5, true, "title: x\nmeasure: sla ticket first-response\n"
		    "current: 95.5\ncheckins:\n- at: 2026-11-23T09:00:00Z\n"
		    "  by: Lan\n  value: 95.5\n"
		    "  note: sla ticket first-response\n" },
		{ "title: x\nmeasure: percent task a=1 of\ncurrent: 33.3\n",
		    33.3, false, NULL },
		{ "title: x\nmeasure: percent task a=1 of\n", 100, true,
		    "title: x\nmeasure: percent task a=1 of\ncurrent: 100\n"
		    "checkins:\n- at: 2026-11-23T09:00:00Z\n  by: Lan\n"
		    "  value: 100\n  note: percent task a=1 of\n" },
	};
	struct bops_node *kr;
	char *got;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		kr = node(rows[i].kr);
		if (bops_okr_measure_due(kr, rows[i].count) != rows[i].due)
			fail_msg("row %zu: want %sdue", i, rows[i].due ? "" :
			    "not ");
		if (rows[i].want) {
			bops_okr_measure_checkin(kr, rows[i].count,
			    "2026-11-23T09:00:00Z", "Lan");
			got = yaml_of(kr);
			if (strcmp(got, rows[i].want))
				fail_msg("row %zu: got\n%s", i, got);
			free(got);
			assert_false(bops_okr_measure_due(kr,
			    rows[i].count));
		}
		bops_node_free(kr);
	}
}

static void
grade_rounds_each_and_weights_the_mean(void **state)
{
	static const struct {
		const char *krs;
		double grades[3];
		double grade;
	} rows[] = {
		{ "- {id: 1, start: 0, target: 1000, current: 700}\n",
		    { 0.7 }, 0.7 },
		{ "- {id: 1, start: 0, target: 3, current: 2}\n"
		    "- {id: 2, start: 48, target: 24, current: 24, "
		    "direction: down}\n", { 0.67, 1 }, 0.84 },
		/* Weighted: (0.5 * 1 + 0 * 3) / 4, rounded. */
		{ "- {id: 1, start: 0, target: 10, current: 5}\n"
		    "- {id: 2, start: 0, target: 10, current: 0, weight: 3}\n",
		    { 0.5, 0 }, 0.13 },
		/* Past the target is 1; a weight of 0 counts nothing. */
		{ "- {id: 1, start: 0, target: 10, current: 15}\n"
		    "- {id: 2, start: 0, target: 10, current: 1, weight: 0}\n",
		    { 1, 0.1 }, 1 },
		{ "- {id: 1, start: 0, target: 10}\n", { 0 }, 0 },
	};
	struct bops_node *obj, *krs;
	double grades[3];
	struct bops_buf yaml = BOPS_BUF_INIT;
	char want[16];
	size_t i, k;

	for (i = 0; i < NELEM(rows); i++) {
		bops_buf_reset(&yaml);
		bops_buf_printf(&yaml, "key_results:\n%s", rows[i].krs);
		obj = node(yaml.ptr);
		krs = bops_node_map_get(obj, "key_results");
		expect_near(bops_okr_grade(grades, krs), rows[i].grade,
		    "grade");
		for (k = 0; k < krs->n; k++) {
			expect_near(grades[k], rows[i].grades[k], "kr grade");
			snprintf(want, sizeof(want), "%.2f",
			    rows[i].grades[k]);
			assert_string_equal(bops_node_map_str(krs->items[k],
			    "grade"), want);
		}
		/* Again, without grades: the same, written the same. */
		expect_near(bops_okr_grade(NULL, krs), rows[i].grade,
		    "grade");
		assert_true(bops_okr_ungrade(krs));
		for (k = 0; k < krs->n; k++)
			assert_null(bops_node_map_get(krs->items[k], "grade"));
		assert_false(bops_okr_ungrade(krs));
		bops_node_free(obj);
	}
	assert_false(bops_okr_ungrade(NULL));
	bops_buf_release(&yaml);
}

static void
refuse_graded_names_the_grade_and_the_way_out(void **state)
{
	static const struct {
		const char *yaml;
		const char *msg;	/* NULL: not refused */
	} rows[] = {
		{ "title: O\nstatus: active\n", NULL },
		{ "title: O\nstatus: achieved\ngrade: 0.8\n", "okr 'o' is "
		    "graded (0.8, achieved): its key results are frozen; "
		    "reopen it first: bops okr reopen o" },
		{ "title: O\ngrade: 0.4\n", "okr 'o' is graded (0.4, "
		    "graded): its key results are frozen; reopen it first: "
		    "bops okr reopen o" },
	};
	struct bops_schema *s = NULL;
	struct bops_record *rec;
	const struct bops_error *err;
	size_t i;

	assert_null(bops_schema_builtin(&s, "okr"));
	for (i = 0; i < NELEM(rows); i++) {
		rec = objective(s, "o", rows[i].yaml);
		err = bops_okr_refuse_graded(rec);
		if (rows[i].msg == NULL)
			assert_null(err);
		else {
			assert_non_null(err);
			assert_int_equal(err->code, BOPS_ERR_REFUSED);
			assert_string_equal(err->msg, rows[i].msg);
		}
		bops_record_free(rec);
	}
	bops_schema_free(s);
}

static void
achieved_allows_a_hair_below_the_mark(void **state)
{
	static const struct {
		double grade, mark;
		bool achieved;
	} rows[] = {
		{ 0.7, 0.7, true }, { 0.69, 0.7, false }, { 0.71, 0.7, true },
		{ 0.7 - 1e-12, 0.7, true }, { 0.7 - 1e-6, 0.7, false },
		{ 0, 0, true }, { 1, 1, true }, { 0.99, 1, false },
	};
	size_t i;

	for (i = 0; i < NELEM(rows); i++)
		if (bops_okr_achieved(rows[i].grade, rows[i].mark) !=
		    rows[i].achieved)
			fail_msg("%.15g against %g: want %s", rows[i].grade,
			    rows[i].mark, rows[i].achieved ? "achieved" :
			    "missed");
}

static void
period_running_until_its_last_day_ends(void **state)
{
	static const struct {
		const char *now;
		const char *id;
		bool running;
		const char *owner;
	} rows[] = {
		{ "2026-11-23T09:00:00Z", "top", true, "top" },
		/* Without a period of its own: its parent's. */
		{ "2026-11-23T09:00:00Z", "child", true, "top" },
		{ "2026-12-31T23:59:59Z", "child", true, "top" },
		{ "2027-01-01T00:00:00Z", "child", false, NULL },
		{ "2027-01-01T00:00:00Z", "top", false, NULL },
		/* Its own period, ended. */
		{ "2026-11-23T09:00:00Z", "sept", false, NULL },
		/* No period anywhere: nothing to wait for. */
		{ "2026-11-23T09:00:00Z", "none", false, NULL },
	};
	struct bops_okr_conf conf = { 0.9, 0.6, 0.7, 7 * 86400 };
	const struct bops_okr_obj *owner;
	struct bops_schema *s = NULL;
	struct bops_record *recs[4];
	struct bops_okr_cascade c;
	struct bops_period p;
	size_t i;

	assert_null(bops_schema_builtin(&s, "okr"));
	recs[0] = objective(s, "top", "title: T\nperiod: 2026-Q4\n");
	recs[1] = objective(s, "child", "title: C\nparent: top\n");
	recs[2] = objective(s, "sept", "title: S\nparent: top\n"
	    "period: 2026-09\n");
	recs[3] = objective(s, "none", "title: N\n");
	for (i = 0; i < NELEM(rows); i++) {
		bops_okr_cascade_build(&c, (const struct bops_record *const *)
		    recs, 4, &conf, instant(rows[i].now), NULL);
		owner = NULL;
		if (bops_okr_period_running(&owner, &p, &c,
		    bops_okr_cascade_find(&c,
		    rows[i].id)) != rows[i].running)
			fail_msg("row %zu: want %s", i, rows[i].running ?
			    "running" : "over");
		if (rows[i].running) {
			assert_string_equal(owner->rec->id, rows[i].owner);
			assert_int_equal(p.last, ymd("2026-12-31"));
		}
		bops_okr_cascade_release(&c);
	}
	for (i = 0; i < 4; i++)
		bops_record_free(recs[i]);
	bops_schema_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kr_progress_moves_up_and_down),
		cmocka_unit_test(weighted_survives_huge_weights),
		cmocka_unit_test(cycles_marks_every_objective_on_a_parent_cycle),
		cmocka_unit_test(cycles_is_linear_on_long_chains),
		cmocka_unit_test(check_refuses_an_objective_that_is_its_own_parent),
		cmocka_unit_test(kr_progress_is_clamped_at_both_ends),
		cmocka_unit_test(
		    kr_progress_with_target_equal_to_start_is_all_or_nothing),
		cmocka_unit_test(kr_progress_is_nan_safe),
		cmocka_unit_test(
		    weighted_mean_weighs_and_survives_zero_weights),
		cmocka_unit_test(expected_is_the_elapsed_share_of_the_period),
		cmocka_unit_test(expected_stays_within_zero_and_one),
		cmocka_unit_test(pace_compares_progress_with_expected),
		cmocka_unit_test(pace_names_are_stable),
		cmocka_unit_test(round2_keeps_two_decimals),
		cmocka_unit_test(cascade_rolls_progress_up_and_inherits_periods),
		cmocka_unit_test(cascade_is_linear_in_the_objectives),
		cmocka_unit_test(conf_read_takes_each_setting_else_its_default),
		cmocka_unit_test(
		    kr_finds_a_key_result_by_its_number_and_next_follows_the_largest),
		cmocka_unit_test(checkin_add_appends_to_the_log_in_order),
		cmocka_unit_test(stale_is_no_checkin_within_the_cadence),
		cmocka_unit_test(
		    owner_scored_and_checkins_due_read_the_objective),
		cmocka_unit_test(measure_parse_splits_count_kind_filters),
		cmocka_unit_test(measure_parse_keeps_every_filter),
		cmocka_unit_test(measure_share_is_a_percentage_to_a_tenth),
		cmocka_unit_test(measure_checks_a_new_count_in),
		cmocka_unit_test(grade_rounds_each_and_weights_the_mean),
		cmocka_unit_test(achieved_allows_a_hair_below_the_mark),
		cmocka_unit_test(refuse_graded_names_the_grade_and_the_way_out),
		cmocka_unit_test(period_running_until_its_last_day_ends),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
