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
#include "node.h"
#include "sprint.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define DAY 86400

static int32_t
day(const char *s)
{
	int32_t d = 0;

	if (bops_date_parse(&d, s))
		fail_msg("bad date '%s' in a table", s);
	return d;
}

/* today, start_day (1 = Monday), the expected start; every pair of a week. */
static const struct {
	const char *today;
	int start_day;
	const char *expect;
} starts[] = {
	{ "2026-11-23", 1, "2026-11-23" },
	{ "2026-11-23", 2, "2026-11-24" },
	{ "2026-11-23", 3, "2026-11-25" },
	{ "2026-11-23", 4, "2026-11-26" },
	{ "2026-11-23", 5, "2026-11-27" },
	{ "2026-11-23", 6, "2026-11-28" },
	{ "2026-11-23", 7, "2026-11-29" },
	{ "2026-11-24", 1, "2026-11-30" },
	{ "2026-11-24", 2, "2026-11-24" },
	{ "2026-11-24", 3, "2026-11-25" },
	{ "2026-11-24", 4, "2026-11-26" },
	{ "2026-11-24", 5, "2026-11-27" },
	{ "2026-11-24", 6, "2026-11-28" },
	{ "2026-11-24", 7, "2026-11-29" },
	{ "2026-11-25", 1, "2026-11-30" },
	{ "2026-11-25", 2, "2026-12-01" },
	{ "2026-11-25", 3, "2026-11-25" },
	{ "2026-11-25", 4, "2026-11-26" },
	{ "2026-11-25", 5, "2026-11-27" },
	{ "2026-11-25", 6, "2026-11-28" },
	{ "2026-11-25", 7, "2026-11-29" },
	{ "2026-11-26", 1, "2026-11-30" },
	{ "2026-11-26", 2, "2026-12-01" },
	{ "2026-11-26", 3, "2026-12-02" },
	{ "2026-11-26", 4, "2026-11-26" },
	{ "2026-11-26", 5, "2026-11-27" },
	{ "2026-11-26", 6, "2026-11-28" },
	{ "2026-11-26", 7, "2026-11-29" },
	{ "2026-11-27", 1, "2026-11-30" },
	{ "2026-11-27", 2, "2026-12-01" },
	{ "2026-11-27", 3, "2026-12-02" },
	{ "2026-11-27", 4, "2026-12-03" },
	{ "2026-11-27", 5, "2026-11-27" },
	{ "2026-11-27", 6, "2026-11-28" },
	{ "2026-11-27", 7, "2026-11-29" },
	{ "2026-11-28", 1, "2026-11-30" },
	{ "2026-11-28", 2, "2026-12-01" },
	{ "2026-11-28", 3, "2026-12-02" },
	{ "2026-11-28", 4, "2026-12-03" },
	{ "2026-11-28", 5, "2026-12-04" },
	{ "2026-11-28", 6, "2026-11-28" },
	{ "2026-11-28", 7, "2026-11-29" },
	{ "2026-11-29", 1, "2026-11-30" },
	{ "2026-11-29", 2, "2026-12-01" },
	{ "2026-11-29", 3, "2026-12-02" },
	{ "2026-11-29", 4, "2026-12-03" },
	{ "2026-11-29", 5, "2026-12-04" },
	{ "2026-11-29", 6, "2026-12-05" },
	{ "2026-11-29", 7, "2026-11-29" },
	/* Across a year end (2026 has an ISO week 53) and a leap day. */
	{ "2026-12-28", 1, "2026-12-28" },
	{ "2026-12-28", 4, "2026-12-31" },
	{ "2026-12-28", 7, "2027-01-03" },
	{ "2026-12-31", 1, "2027-01-04" },
	{ "2026-12-31", 4, "2026-12-31" },
	{ "2027-01-01", 1, "2027-01-04" },
	{ "2027-01-01", 7, "2027-01-03" },
	{ "2024-02-26", 4, "2024-02-29" },
	{ "2024-02-26", 7, "2024-03-03" },
};

static void
next_start_is_the_first_start_day_from_today(void **state)
{
	size_t i;

	for (i = 0; i < N(starts); i++) {
		int32_t got = bops_sprint_next_start(day(starts[i].today),
		    starts[i].start_day);

		if (got != day(starts[i].expect)) {
			struct bops_buf b = BOPS_BUF_INIT;

			bops_date_format(&b, got);
			fail_msg("%s start_day %d: want %s, got %s",
			    starts[i].today, starts[i].start_day,
			    starts[i].expect, b.ptr);
		}
	}
}

static const struct {
	const char *start;
	int64_t length;
	const char *expect;
} ends[] = {
	{ "2026-11-23", 7 * DAY, "2026-11-29" },
	{ "2026-11-23", 14 * DAY, "2026-12-06" },
	{ "2026-11-23", DAY, "2026-11-23" },
	{ "2026-11-23", 2 * DAY, "2026-11-24" },
	{ "2026-12-28", 7 * DAY, "2027-01-03" },	/* 2026-w53 */
	{ "2027-01-04", 7 * DAY, "2027-01-10" },	/* 2027-w01 */
	{ "2024-02-26", 7 * DAY, "2024-03-03" },	/* over a leap day */
	{ "2026-11-23", 36 * 3600, "2026-11-23" },	/* whole days only */
	/* Under a day is one day. */
	{ "2026-11-23", DAY - 1, "2026-11-23" },
	{ "2026-11-23", 3600, "2026-11-23" },
	{ "2026-11-23", 0, "2026-11-23" },
	{ "2026-11-23", -7 * DAY, "2026-11-23" },
};

static void
end_is_start_plus_whole_days_minus_one(void **state)
{
	size_t i;

	for (i = 0; i < N(ends); i++)
		if (bops_sprint_end(day(ends[i].start), ends[i].length) !=
		    day(ends[i].expect))
			fail_msg("%s + %lld s: want %s", ends[i].start,
			    (long long)ends[i].length, ends[i].expect);
}

static void
end_of_a_week_one_keeps_its_iso_week(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	int32_t start = day("2026-12-28"), end;

	end = bops_sprint_end(start, 7 * DAY);
	bops_date_format_isoweek(&b, start);
	assert_string_equal(b.ptr, "2026-w53");
	bops_buf_reset(&b);
	bops_date_format_isoweek(&b, end);
	assert_string_equal(b.ptr, "2026-w53");
	bops_buf_reset(&b);
	bops_date_format_isoweek(&b, end + 1);
	assert_string_equal(b.ptr, "2027-w01");
	bops_buf_release(&b);
}

static const struct {
	const char *a1, *a2, *b1, *b2;
	bool expect;
} overlaps[] = {
	{ "2026-11-23", "2026-11-29", "2026-11-23", "2026-11-29", true },
	{ "2026-11-23", "2026-11-29", "2026-11-29", "2026-12-05", true },
	{ "2026-11-29", "2026-12-05", "2026-11-23", "2026-11-29", true },
	{ "2026-11-23", "2026-11-29", "2026-11-30", "2026-12-06", false },
	{ "2026-11-30", "2026-12-06", "2026-11-23", "2026-11-29", false },
	{ "2026-11-23", "2026-12-06", "2026-11-25", "2026-11-26", true },
	{ "2026-11-25", "2026-11-26", "2026-11-23", "2026-12-06", true },
	{ "2026-11-25", "2026-11-25", "2026-11-25", "2026-11-25", true },
	{ "2026-11-25", "2026-11-25", "2026-11-26", "2026-11-26", false },
	{ "2026-11-24", "2026-11-24", "2026-11-23", "2026-11-25", true },
	{ "2026-12-28", "2027-01-03", "2027-01-03", "2027-01-09", true },
	{ "2026-12-28", "2027-01-03", "2027-01-04", "2027-01-10", false },
	{ "2026-01-01", "2026-01-07", "2027-01-01", "2027-01-07", false },
};

static void
overlap_holds_when_the_ranges_share_a_day(void **state)
{
	size_t i;

	for (i = 0; i < N(overlaps); i++)
		if (bops_sprint_overlap(day(overlaps[i].a1),
		    day(overlaps[i].a2), day(overlaps[i].b1),
		    day(overlaps[i].b2)) != overlaps[i].expect)
			fail_msg("%s..%s and %s..%s: want %s", overlaps[i].a1,
			    overlaps[i].a2, overlaps[i].b1, overlaps[i].b2,
			    overlaps[i].expect ? "overlap" : "none");
}

static const struct {
	double committed;
	size_t ndays, i;
	double expect;
} ideals[] = {
	{ 7, 7, 0, 6 },			/* the end of the first day */
	{ 7, 7, 1, 5 },
	{ 7, 7, 3, 3 },
	{ 7, 7, 5, 1 },
	{ 7, 7, 6, 0 },			/* the last day reaches zero */
	{ 10, 4, 0, 7.5 },
	{ 10, 4, 1, 5 },
	{ 10, 4, 2, 2.5 },
	{ 10, 4, 3, 0 },
	{ 6, 7, 0, 36.0 / 7 },
	{ 6, 7, 5, 6.0 / 7 },
	{ 8, 1, 0, 0 },			/* a one-day sprint */
	{ 8, 14, 13, 0 },
	{ 8, 2, 5, 0 },			/* past the end */
	{ 8, 0, 0, 0 },			/* no days */
	{ 0, 7, 0, 0 },			/* nothing committed */
	{ 2.5, 5, 1, 1.5 },		/* fractional points */
};

static void
ideal_falls_straight_to_zero_on_the_last_day(void **state)
{
	size_t i;

	for (i = 0; i < N(ideals); i++) {
		double got = bops_sprint_ideal(ideals[i].committed,
		    ideals[i].ndays, ideals[i].i);

		if (fabs(got - ideals[i].expect) > 1e-9)
			fail_msg("committed %g, %zu days, day %zu: want %g, "
			    "got %g", ideals[i].committed, ideals[i].ndays,
			    ideals[i].i, ideals[i].expect, got);
	}
}

static void
mean_averages_and_is_zero_for_none(void **state)
{
	const double one[] = { 5 }, four[] = { 1, 2, 3, 4 },
	    three[] = { 5, 2, 1 }, zeros[] = { 0, 0 }, frac[] = { 0.5, 1.25 };

	assert_true(bops_sprint_mean(NULL, 0) == 0);
	assert_true(bops_sprint_mean(one, 0) == 0);
	assert_true(fabs(bops_sprint_mean(one, 1) - 5) < 1e-12);
	assert_true(fabs(bops_sprint_mean(four, 4) - 2.5) < 1e-12);
	assert_true(fabs(bops_sprint_mean(four, 2) - 1.5) < 1e-12);
	assert_true(fabs(bops_sprint_mean(three, 3) - 8.0 / 3) < 1e-12);
	assert_true(bops_sprint_mean(zeros, 2) == 0);
	assert_true(fabs(bops_sprint_mean(frac, 2) - 0.875) < 1e-12);
}

/*
 * Expected values from an independent computation (python3: pooled
 * standard error, p = math.erfc(abs(z) / math.sqrt(2))).
 */
static const struct {
	double c1, n1, c2, n2;
	double z, p;
} ztests[] = {
	{ 80, 1000, 40, 1000, 3.7662178858, 0.0001657391658 },
	{ 40, 1000, 80, 1000, -3.7662178858, 0.0001657391658 },
	{ 12, 100, 10, 100, 0.4519846147, 0.6512800661 },
	{ 1, 2, 0, 2, 1.1547005384, 0.248213079 },
	{ 30, 500, 20, 400, 0.6507913735, 0.5151811696 },
	{ 200, 2000, 150, 2000, 2.7978185520, 0.00514490061 },
	{ 5, 10, 5, 10, 0, 1 },
};

static void
ztest_matches_known_values(void **state)
{
	double z, p;
	size_t i;

	for (i = 0; i < N(ztests); i++) {
		if (!bops_ztest(ztests[i].c1, ztests[i].n1, ztests[i].c2,
		    ztests[i].n2, &z, &p))
			fail_msg("%g/%g vs %g/%g: not tested", ztests[i].c1,
			    ztests[i].n1, ztests[i].c2, ztests[i].n2);
		if (fabs(z - ztests[i].z) > 1e-8 ||
		    fabs(p - ztests[i].p) > 1e-9 * (ztests[i].p + 1e-3))
			fail_msg("%g/%g vs %g/%g: want z %.10f p %.10g, got "
			    "z %.10f p %.10g", ztests[i].c1, ztests[i].n1,
			    ztests[i].c2, ztests[i].n2, ztests[i].z,
			    ztests[i].p, z, p);
	}
}

/* No test: z = 0, p = 1. */
static const struct {
	double c1, n1, c2, n2;
} untestables[] = {
	{ 0, 0, 40, 1000 },		/* an empty sample */
	{ 80, 1000, 0, 0 },
	{ 0, 0, 0, 0 },
	{ 0, 100, 0, 100 },		/* pooled rate 0 */
	{ 100, 100, 50, 50 },		/* pooled rate 1 */
	{ 3, -1, 1, 10 },		/* a negative size */
};

static void
ztest_refuses_empty_samples_and_pooled_0_or_1(void **state)
{
	double z, p;
	size_t i;

	for (i = 0; i < N(untestables); i++) {
		z = 42;
		p = 42;
		if (bops_ztest(untestables[i].c1, untestables[i].n1,
		    untestables[i].c2, untestables[i].n2, &z, &p))
			fail_msg("%g/%g vs %g/%g: want no test",
			    untestables[i].c1, untestables[i].n1,
			    untestables[i].c2, untestables[i].n2);
		if (z != 0 || p != 1)
			fail_msg("%g/%g vs %g/%g: want z 0 p 1, got z %g p %g",
			    untestables[i].c1, untestables[i].n1,
			    untestables[i].c2, untestables[i].n2, z, p);
	}
}

static void
experiment_rank_orders_tests_and_names_a_winner(void **state)
{
	struct bops_variant clear[] = {
		{ "story/chat", 1000, 40, 0, 0, 0, false, false, 0, false },
		{ "price/landing", 1000, 80, 0, 0, 0, false, false, 0, false },
		/* not run yet */
		{ "proof/shop", 0, 0, 0, 0, 0, false, false, 0, false },
		{ "price/chat", 1000, 41, 0, 0, 0, false, false, 0, false },
	};
	struct bops_variant close[] = {
		{ "a/x", 1000, 80, 0, 0, 0, false, false, 0, false },
		{ "b/x", 1000, 78, 0, 0, 0, false, false, 0, false },
	};
	struct bops_variant none[] = {
		{ "a/x", 0, 0, 0, 0, 0, false, false, 0, false },
		{ "b/x", 0, 0, 0, 0, 0, false, false, 0, false },
	};
	struct bops_variant tie[] = {
		{ "b/x", 100, 10, 0, 0, 0, false, false, 0, false },
		{ "a/x", 200, 20, 0, 0, 0, false, false, 0, false },
	};

	(void)state;
	assert_true(bops_experiment_rank(clear, 4));
	assert_string_equal(clear[0].id, "price/landing");
	assert_string_equal(clear[1].id, "price/chat");
	assert_string_equal(clear[2].id, "story/chat");
	assert_string_equal(clear[3].id, "proof/shop");
	assert_false(clear[0].tested);
	assert_true(clear[2].tested);
	assert_true(fabs(clear[2].z - 3.76622) < 1e-4);
	assert_false(clear[3].tested);	/* no reach: shown, not counted */
	/* 80 of 1000 against 78 of 1000 is no difference at 95% */
	assert_false(bops_experiment_rank(close, 2));
	assert_true(close[1].tested && close[1].p > 0.05);
	/* nothing run, nothing won */
	assert_false(bops_experiment_rank(none, 2));
	/* equal rates: the larger reach ranks first, then the id */
	bops_experiment_rank(tie, 2);
	assert_string_equal(tie[0].id, "a/x");
}

/*
 * Holm-Bonferroni adjustments, as R's p.adjust(p, "holm") gives them.
 */
static const struct {
	size_t m;
	double p[8], adj[8];
} holms[] = {
	{ 1, { 0.03 }, { 0.03 } },
	{ 4, { 0.01, 0.04, 0.03, 0.005 }, { 0.03, 0.06, 0.06, 0.02 } },
	{ 6, { 0.001, 0.01, 0.02, 0.03, 0.04, 0.5 },
	    { 0.006, 0.05, 0.08, 0.09, 0.09, 0.5 } },
	{ 2, { 0.02, 0.02 }, { 0.04, 0.04 } },
	{ 3, { 0.4, 0.9, 0.3 }, { 0.9, 0.9, 0.9 } },
	{ 3, { 0.5, 0.6, 0.7 }, { 1, 1, 1 } },
	{ 2, { 0.0347813519, 0.0419655777 }, { 0.0695627038, 0.0695627038 } },
	{ 8, { 0.0098708263, 0.0098708263, 0.0098708263, 0.0098708263,
	    0.0098708263, 0.0098708263, 0.0098708263, 0.0098708263 },
	    { 0.0789666100, 0.0789666100, 0.0789666100, 0.0789666100,
	    0.0789666100, 0.0789666100, 0.0789666100, 0.0789666100 } },
	{ 8, { 0.0001, 0.002, 0.5, 0.003, 0.004, 0.006, 0.0004, 0.001 },
	    { 0.0008, 0.01, 0.5, 0.012, 0.012, 0.012, 0.0028, 0.006 } },
};

static void
holm_adjusts_as_known(void **state)
{
	double out[8];
	size_t i, k;

	(void)state;
	for (i = 0; i < N(holms); i++) {
		bops_holm(out, holms[i].p, holms[i].m);
		for (k = 0; k < holms[i].m; k++)
			if (fabs(out[k] - holms[i].adj[k]) > 1e-9)
				fail_msg("row %zu, p %g: want %.10g, got %.10g",
				    i, holms[i].p[k], holms[i].adj[k], out[k]);
	}
	/* In place, and nothing for an empty family. */
	memcpy(out, holms[1].p, sizeof(holms[1].p));
	bops_holm(out, out, holms[1].m);
	assert_true(fabs(out[1] - 0.06) < 1e-12);
	bops_holm(out, NULL, 0);
}

static void
experiment_rank_corrects_for_the_family_of_comparisons(void **state)
{
	/* Each of two would win alone at 95%; together they do not. */
	struct bops_variant two[] = {
		{ "story/chat", 1000, 91, 0, 0, 0, false, false, 0, false },
		{ "story/landing", 1000, 120, 0, 0, 0, false, false, 0, false },
		{ "price/landing", 1000, 92, 0, 0, 0, false, false, 0, false },
		{ "price/chat", 0, 0, 0, 0, 0, false, false, 0, false },
	};
	/* Eight comparisons at p = 0.0099 each: 8 x 0.0099 > 0.05. */
	struct bops_variant nine[9];
	static const char *ids[9] = { "a/x", "b/x", "c/x", "d/x", "e/x",
	    "f/x", "g/x", "h/x", "i/x" };
	size_t i;

	(void)state;
	assert_false(bops_experiment_rank(two, 4));
	assert_string_equal(two[0].id, "story/landing");
	assert_false(two[0].compared);
	assert_true(two[1].compared && two[2].compared);
	assert_false(two[3].compared);	/* not run: not in the family */
	assert_true(two[1].p < 0.05 && two[2].p < 0.05);
	assert_true(fabs(two[1].p_adj - 0.0695627038) < 1e-9);
	assert_true(fabs(two[2].p_adj - 0.0695627038) < 1e-9);
	assert_false(two[1].significant || two[2].significant);
	two[2].conv = 85;		/* price/landing falls further behind */
	assert_true(bops_experiment_rank(two, 4));
	assert_true(two[1].significant && two[2].significant);

	memset(nine, 0, sizeof(nine));
	for (i = 0; i < 9; i++) {
		nine[i].id = ids[i];
		nine[i].reach = 1000;
		nine[i].conv = i == 0 ? 120 : 85;
	}
	assert_false(bops_experiment_rank(nine, 9));
	for (i = 1; i < 9; i++) {
		assert_true(nine[i].compared && nine[i].tested);
		assert_true(fabs(nine[i].p - 0.0098708263) < 1e-9);
		assert_true(fabs(nine[i].p_adj - 0.0789666100) < 1e-9);
		assert_false(nine[i].significant);
	}
}

static void
end_is_clamped_to_the_longest_sprint(void **state)
{
	int32_t start = day("2026-11-23");

	assert_int_equal(bops_sprint_end(start, INT64_MAX),
	    start + BOPS_SPRINT_LIMIT_DAYS - 1);
	assert_int_equal(bops_sprint_end(start, -5), start);
	assert_int_equal(bops_sprint_end(BOPS_DATE_MAX, 7 * DAY),
	    BOPS_DATE_MAX + 6);
}

static void
max_days_reads_sprint_max_length(void **state)
{
	static const struct {
		const char *text;
		int32_t days;
	} rows[] = {
		{ NULL, 92 }, { "13w1d", 92 }, { "26w", 182 }, { "1d", 1 },
		{ "366d", 366 }, { "367d", 92 }, { "36h", 92 }, { "0", 92 },
		{ "x", 92 }, { "99999999999w", 92 },
	};
	size_t i;

	for (i = 0; i < N(rows); i++)
		assert_int_equal(bops_sprint_max_days(rows[i].text),
		    rows[i].days);
}

static void
check_dates_follows_the_table(void **state)
{
	static const struct {
		const char *start, *end;
		int32_t max;
		const char *msg;	/* NULL: fine */
	} rows[] = {
		{ "2026-11-23", "2026-11-29", 92, NULL },
		{ "2026-11-23", "2026-11-23", 1, NULL },
		{ "2026-11-23", "2027-02-22", 92, NULL },
		{ "2026-11-23", "2027-02-23", 92, "the sprint lasts 93 days, "
		    "more than sprint.max_length (92 days)" },
		{ "2026-11-23", "2026-11-22", 92, "end 2026-11-22 is before "
		    "start 2026-11-23" },
		{ "2026-11-23", "2026-11-01", 366, "end 2026-11-01 is before "
		    "start 2026-11-23" },
		{ "0001-01-01", "9999-12-31", 92, "the sprint lasts 3652059 "
		    "days, more than sprint.max_length (92 days)" },
		{ "9999-12-31", "0001-01-01", 92, "end 0001-01-01 is before "
		    "start 9999-12-31" },
	};
	const struct bops_error *err;
	size_t i;

	for (i = 0; i < N(rows); i++) {
		err = bops_sprint_check_dates(day(rows[i].start),
		    day(rows[i].end), rows[i].max);
		if (rows[i].msg == NULL) {
			assert_null(err);
			continue;
		}
		assert_non_null(err);
		assert_int_equal(err->code, BOPS_ERR_INVALID);
		assert_string_equal(err->msg, rows[i].msg);
	}
	err = bops_sprint_check_dates(day("9999-12-27"), BOPS_DATE_MAX + 6,
	    92);
	assert_non_null(err);
	assert_string_equal(err->msg, "the sprint would end after 9999-12-31");
}

static void
check_places_the_error_at_the_end_date(void **state)
{
	struct bops_node *map = bops_node_new_map();
	const struct bops_error *err;

	bops_node_map_set_str(map, "start", "2026-11-23", BOPS_SCALAR_RAW);
	assert_null(bops_sprint_check("s.yaml", map, 92));
	bops_node_map_set_str(map, "end", "2026-11-01", BOPS_SCALAR_RAW);
	err = bops_sprint_check("s.yaml", map, 92);
	assert_non_null(err);
	assert_string_equal(err->msg,
	    "s.yaml: end 2026-11-01 is before start 2026-11-23");
	bops_node_map_get(map, "end")->line = 2;
	bops_node_map_get(map, "end")->col = 6;
	err = bops_sprint_check("s.yaml", map, 92);
	assert_string_equal(err->msg,
	    "s.yaml:2:6: end 2026-11-01 is before start 2026-11-23");
	/* Not dates (the schema says so): no rule to apply. */
	bops_node_map_set_str(map, "end", "soon", BOPS_SCALAR_TEXT);
	assert_null(bops_sprint_check("s.yaml", map, 92));
	bops_node_free(map);
}

static void
overlaps_names_the_earlier_sprint_reaching_furthest(void **state)
{
	struct bops_sprint_span v[] = {
		{ "c", 0, 0, 0 }, { "a", 0, 0, 0 }, { "d", 0, 0, 0 },
		{ "b", 0, 0, 0 }, { "e", 0, 0, 0 },
	};
	struct bops_sprint_span *many;
	size_t i;

	v[0].start = day("2026-12-06"); v[0].end = day("2026-12-12");
	v[1].start = day("2026-11-23"); v[1].end = day("2026-11-29");
	v[2].start = day("2026-11-20"); v[2].end = day("2026-12-20");
	v[3].start = day("2026-11-29"); v[3].end = day("2026-12-05");
	v[4].start = day("2027-01-04"); v[4].end = day("2027-01-10");
	assert_int_equal(bops_sprint_overlaps(v, N(v)), 3);
	/* Sorted by start: d, a, b, c, e. */
	assert_string_equal(v[0].id, "d");
	assert_int_equal(v[0].with, -1);
	assert_string_equal(v[1].id, "a");
	assert_int_equal(v[1].with, 0);
	assert_int_equal(v[2].with, 0);
	assert_int_equal(v[3].with, 0);
	assert_string_equal(v[4].id, "e");
	assert_int_equal(v[4].with, -1);
	assert_int_equal(bops_sprint_overlaps(NULL, 0), 0);

	/* 100,000 week-long sprints back to back: none overlap, fast. */
	many = calloc(100000, sizeof(*many));
	assert_non_null(many);
	for (i = 0; i < 100000; i++) {
		many[i].id = "s";
		many[i].start = (int32_t)((99999 - i) * 7);
		many[i].end = many[i].start + 6;
	}
	assert_int_equal(bops_sprint_overlaps(many, 100000), 0);
	many[5].end += 7;
	assert_int_equal(bops_sprint_overlaps(many, 100000), 1);
	assert_int_equal(many[6].with, 5);
	free(many);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(next_start_is_the_first_start_day_from_today),
		cmocka_unit_test(end_is_start_plus_whole_days_minus_one),
		cmocka_unit_test(end_is_clamped_to_the_longest_sprint),
		cmocka_unit_test(max_days_reads_sprint_max_length),
		cmocka_unit_test(check_dates_follows_the_table),
		cmocka_unit_test(check_places_the_error_at_the_end_date),
		cmocka_unit_test(overlaps_names_the_earlier_sprint_reaching_furthest),
		cmocka_unit_test(end_of_a_week_one_keeps_its_iso_week),
		cmocka_unit_test(overlap_holds_when_the_ranges_share_a_day),
		cmocka_unit_test(ideal_falls_straight_to_zero_on_the_last_day),
		cmocka_unit_test(mean_averages_and_is_zero_for_none),
		cmocka_unit_test(ztest_matches_known_values),
		cmocka_unit_test(ztest_refuses_empty_samples_and_pooled_0_or_1),
		cmocka_unit_test(experiment_rank_orders_tests_and_names_a_winner),
		cmocka_unit_test(holm_adjusts_as_known),
		cmocka_unit_test(
		    experiment_rank_corrects_for_the_family_of_comparisons),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
