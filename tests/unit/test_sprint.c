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
#include "kind.h"
#include "node.h"
#include "record.h"
#include "sprint.h"
#include "store.h"
#include "workspace.h"
#include "yaml.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define DAY 86400

#include "sandbox.h"
#include "banned.h"

/* A record of kind from YAML text, without a schema (reads only). */
static struct bops_record *
record(const struct bops_kind *kind, const char *id, const char *yaml)
{
	struct bops_node *root = NULL;

	assert_null(bops_yaml_load(&root, id, yaml, strlen(yaml)));
	return bops_record_wrap(kind, NULL, id, root);
}

static void
free_records(struct bops_record **recs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		bops_record_free(recs[i]);
}

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

static struct bops_node *
names(const char *const *v)
{
	struct bops_node *seq = bops_node_new_seq();

	for (; *v; v++)
		bops_node_seq_append(seq, bops_node_new_scalar(*v,
		    BOPS_SCALAR_TEXT));
	return seq;
}

static void
experiment_new_has_a_variant_per_message_and_destination(void **state)
{
	static const struct {
		const char *messages[4], *destinations[4];
		const char *want;
	} rows[] = {
		{ { "price", "story", NULL }, { "landing", "chat", NULL },
		    "name: signup\nmessages:\n- price\n- story\n"
		    "destinations:\n- landing\n- chat\nvariants:\n"
		    "- id: price/landing\n- id: price/chat\n"
		    "- id: story/landing\n- id: story/chat\n" },
		{ { "giá rẻ", NULL }, { "shop", NULL },
		    "name: signup\nmessages:\n- giá rẻ\ndestinations:\n"
		    "- shop\nvariants:\n- id: giá rẻ/shop\n" },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_node *exp;
	size_t i;

	for (i = 0; i < N(rows); i++) {
		exp = bops_experiment_new("signup", names(rows[i].messages),
		    names(rows[i].destinations));
		bops_buf_reset(&b);
		assert_null(bops_yaml_emit(&b, exp));
		assert_string_equal(b.ptr, rows[i].want);
		bops_node_free(exp);
	}
	bops_buf_release(&b);
}

static void
experiment_variants_read_reach_and_conversions(void **state)
{
	static const char *yaml = "name: signup\nvariants:\n"
	    "- {id: price/landing, reach: 1000, conversions: 80}\n"
	    "- {id: price/chat}\n"
	    "- {id: story/chat, reach: 500, conversions: 0}\n";
	struct bops_node *exp = NULL;
	struct bops_variant *v = NULL;

	assert_null(bops_yaml_load(&exp, "e", yaml, strlen(yaml)));
	assert_int_equal(bops_experiment_variants(&v, exp), 3);
	assert_string_equal(v[0].id, "price/landing");
	assert_true(v[0].reach == 1000 && v[0].conv == 80);
	assert_string_equal(v[1].id, "price/chat");
	assert_true(v[1].reach == 0 && v[1].conv == 0);
	assert_true(v[2].reach == 500 && v[2].conv == 0);
	free(v);
	bops_node_map_remove(exp, "variants");
	assert_int_equal(bops_experiment_variants(&v, exp), 0);
	assert_non_null(v);
	free(v);
	bops_node_free(exp);
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

static void
start_day_reads_a_weekday_name_else_monday(void **state)
{
	static const struct {
		const char *name;
		int day;
	} rows[] = {
		{ "monday", 1 }, { "tuesday", 2 }, { "wednesday", 3 },
		{ "thursday", 4 }, { "friday", 5 }, { "saturday", 6 },
		{ "sunday", 7 }, { NULL, 1 }, { "", 1 }, { "Friday", 1 },
		{ "fri", 1 }, { "someday", 1 },
	};
	size_t i;

	for (i = 0; i < N(rows); i++)
		if (bops_sprint_start_day(rows[i].name) != rows[i].day)
			fail_msg("'%s': want %d, got %d", rows[i].name ?
			    rows[i].name : "(null)", rows[i].day,
			    bops_sprint_start_day(rows[i].name));
}

static void
length_reads_sprint_length_else_a_week(void **state)
{
	static const struct {
		const char *text;
		int64_t length;
	} rows[] = {
		{ NULL, 7 * DAY }, { "7d", 7 * DAY }, { "1w", 7 * DAY },
		{ "2w", 14 * DAY }, { "1d", DAY }, { "10d", 10 * DAY },
		/* Under a day, or no duration: a week. */
		{ "23h", 7 * DAY }, { "0", 7 * DAY }, { "", 7 * DAY },
		{ "soon", 7 * DAY }, { "-1w", 7 * DAY },
		/* Whole days are the config's rule; the length is as given. */
		{ "36h", 36 * 3600 },
	};
	size_t i;

	for (i = 0; i < N(rows); i++)
		if (bops_sprint_length(rows[i].text) != rows[i].length)
			fail_msg("'%s': want %lld, got %lld", rows[i].text ?
			    rows[i].text : "(null)",
			    (long long)rows[i].length,
			    (long long)bops_sprint_length(rows[i].text));
}

/* Sprints as "start..end" pairs; the next free start of a new one. */
static const struct {
	const char *spans[4][2];
	const char *from;
	int start_day;
	int64_t length;
	const char *expect;
} frees[] = {
	/* Nothing planned: the next start day. */
	{ { { NULL, NULL } }, "2026-11-23", 1, 7 * DAY, "2026-11-23" },
	{ { { NULL, NULL } }, "2026-11-24", 1, 7 * DAY, "2026-11-30" },
	/* This week taken: the next. */
	{ { { "2026-11-23", "2026-11-29" } }, "2026-11-23", 1, 7 * DAY,
	    "2026-11-30" },
	/* Three weeks taken, out of order: after all of them. */
	{ { { "2026-12-07", "2026-12-13" }, { "2026-11-23", "2026-11-29" },
	    { "2026-11-30", "2026-12-06" } }, "2026-11-23", 1, 7 * DAY,
	    "2026-12-14" },
	/* A gap too short for two weeks is passed over. */
	{ { { "2026-11-23", "2026-11-29" }, { "2026-12-07", "2026-12-13" } },
	    "2026-11-23", 1, 14 * DAY, "2026-12-14" },
	/* A gap of one week holds a one-week sprint. */
	{ { { "2026-11-23", "2026-11-29" }, { "2026-12-07", "2026-12-13" } },
	    "2026-11-23", 1, 7 * DAY, "2026-11-30" },
	/* A sprint ending midweek: the next Thursday after it. */
	{ { { "2026-11-20", "2026-11-25" } }, "2026-11-23", 4, 7 * DAY,
	    "2026-11-26" },
	{ { { "2026-11-20", "2026-11-26" } }, "2026-11-23", 4, 7 * DAY,
	    "2026-12-03" },
	{ { { "2026-11-20", "2026-11-27" } }, "2026-11-23", 4, 7 * DAY,
	    "2026-12-03" },
	/* One that ended before from is no obstacle. */
	{ { { "2026-11-16", "2026-11-22" } }, "2026-11-23", 1, 7 * DAY,
	    "2026-11-23" },
};

static void
free_start_passes_every_sprint_in_the_way(void **state)
{
	struct bops_sprint_span v[4];
	size_t i, n;

	for (i = 0; i < N(frees); i++) {
		int32_t got;

		for (n = 0; n < 4 && frees[i].spans[n][0]; n++) {
			v[n].id = "s";
			v[n].start = day(frees[i].spans[n][0]);
			v[n].end = day(frees[i].spans[n][1]);
			v[n].with = 0;
		}
		got = bops_sprint_free_start(v, n, day(frees[i].from),
		    frees[i].start_day, frees[i].length);
		if (got != day(frees[i].expect)) {
			struct bops_buf b = BOPS_BUF_INIT;

			bops_date_format(&b, got);
			fail_msg("row %zu: want %s, got %s", i,
			    frees[i].expect, b.ptr);
		}
	}
}

static void
spans_read_the_dates_and_overlapping_finds_the_first(void **state)
{
	static const char *yaml[] = {
		"start: 2026-11-16\nend: 2026-11-22\n",
		"start: 2026-11-30\nend: 2026-12-06\n",
		"start: 2026-11-23\nend: 2026-11-29\n",
		"start: soon\n",
	};
	static const struct {
		const char *start, *end;
		long expect;
	} rows[] = {
		{ "2026-11-23", "2026-11-29", 2 },
		{ "2026-11-22", "2026-11-29", 0 },
		{ "2026-11-29", "2026-12-01", 1 },
		{ "2026-12-07", "2026-12-13", -1 },
		{ "2026-11-10", "2026-11-15", -1 },
		{ "2026-11-10", "2026-12-31", 0 },
	};
	static const char *ids[] = { "a", "b", "c", "d" };
	struct bops_sprint_span v[4];
	struct bops_record *recs[4];
	size_t i;

	for (i = 0; i < 4; i++)
		recs[i] = record(&bops_kinds[BOPS_KIND_sprint], ids[i],
		    yaml[i]);
	bops_sprint_spans(v, (const struct bops_record *const *)recs, 4);
	assert_string_equal(v[1].id, "b");
	assert_int_equal(v[1].start, day("2026-11-30"));
	assert_int_equal(v[1].end, day("2026-12-06"));
	assert_int_equal(v[3].start, 0);
	assert_int_equal(v[3].end, 0);
	for (i = 0; i < N(rows); i++)
		if (bops_sprint_overlapping(v, 3, day(rows[i].start),
		    day(rows[i].end)) != rows[i].expect)
			fail_msg("%s..%s: want %ld", rows[i].start,
			    rows[i].end, rows[i].expect);
	assert_int_equal(bops_sprint_overlapping(v, 0, day("2026-11-23"),
	    day("2026-11-29")), -1);
	free_records(recs, 4);
}

/* Sprints as YAML; which is current on a day. */
static const struct {
	const char *yaml[3];
	const char *today;
	long expect;
} currents[] = {
	/* The one holding today. */
	{ { "start: 2026-11-16\nend: 2026-11-22\nstatus: closed\n",
	    "start: 2026-11-23\nend: 2026-11-29\nstatus: planned\n" },
	    "2026-11-25", 1 },
	/* Its first and last day hold it too. */
	{ { "start: 2026-11-23\nend: 2026-11-29\nstatus: planned\n" },
	    "2026-11-23", 0 },
	{ { "start: 2026-11-23\nend: 2026-11-29\nstatus: planned\n" },
	    "2026-11-29", 0 },
	/* An active one wins over the dates, the last active one first. */
	{ { "start: 2026-11-16\nend: 2026-11-22\nstatus: active\n",
	    "start: 2026-11-23\nend: 2026-11-29\nstatus: planned\n" },
	    "2026-11-25", 0 },
	{ { "start: 2026-11-09\nend: 2026-11-15\nstatus: active\n",
	    "start: 2026-11-16\nend: 2026-11-22\nstatus: active\n",
	    "start: 2026-11-23\nend: 2026-11-29\nstatus: planned\n" },
	    "2026-11-25", 1 },
	/* None holds today, none active. */
	{ { "start: 2026-11-16\nend: 2026-11-22\nstatus: closed\n" },
	    "2026-11-25", -1 },
	{ { NULL }, "2026-11-25", -1 },
	/* Overlapping by hand: the first that holds it. */
	{ { "start: 2026-11-20\nend: 2026-11-26\n",
	    "start: 2026-11-23\nend: 2026-11-29\n" }, "2026-11-25", 0 },
	/* Dates that do not read hold no day. */
	{ { "start: soon\nend: later\n" }, "2026-11-25", -1 },
};

static void
current_is_the_active_sprint_else_the_one_holding_today(void **state)
{
	struct bops_record *recs[3];
	size_t i, n;

	for (i = 0; i < N(currents); i++) {
		long got;

		for (n = 0; n < 3 && currents[i].yaml[n]; n++)
			recs[n] = record(&bops_kinds[BOPS_KIND_sprint], "s",
			    currents[i].yaml[n]);
		got = bops_sprint_current((const struct bops_record *const *)
		    recs, n, day(currents[i].today));
		free_records(recs, n);
		if (got != currents[i].expect)
			fail_msg("row %zu: want %ld, got %ld", i,
			    currents[i].expect, got);
	}
}

static void
following_is_the_first_sprint_starting_after_the_end(void **state)
{
	static const char *yaml[] = {
		"start: 2026-11-16\nend: 2026-11-22\n",
		"start: 2026-11-23\nend: 2026-11-29\n",
		"start: 2026-12-07\nend: 2026-12-13\n",
	};
	static const struct {
		const char *end;
		long expect;
	} rows[] = {
		{ "2026-11-15", 0 }, { "2026-11-22", 1 }, { "2026-11-23", 2 },
		{ "2026-11-29", 2 }, { "2026-12-06", 2 }, { "2026-12-07", -1 },
		{ "2026-12-13", -1 },
	};
	struct bops_record *recs[3];
	size_t i;

	for (i = 0; i < 3; i++)
		recs[i] = record(&bops_kinds[BOPS_KIND_sprint], "s", yaml[i]);
	for (i = 0; i < N(rows); i++)
		if (bops_sprint_following((const struct bops_record *const *)
		    recs, 3, day(rows[i].end)) != rows[i].expect)
			fail_msg("after %s: want %ld", rows[i].end,
			    rows[i].expect);
	assert_int_equal(bops_sprint_following(NULL, 0, day("2026-11-22")),
	    -1);
	free_records(recs, 3);
}

/* Tasks as YAML; what they add up to, and what close carries. */
static const struct {
	const char *tasks[4];
	double points, done;
	size_t ndone, nopen;
	size_t ncarry;
	long carried[4];	/* the counts of those that carry */
} tallies[] = {
	{ { NULL }, 0, 0, 0, 0, 0, { 0 } },
	/* No estimate is one point. */
	{ { "status: done\n", "status: processing\n" }, 2, 1, 1, 1, 1,
	    { 1 } },
	{ { "status: done\nestimate: 3\n",
	    "status: not-started\nestimate: 5\ncarried: 2\n",
	    "status: processing\nestimate: 0.5\n",
	    "status: done\nestimate: 2\ncarried: 1\n" },
	    10.5, 5, 2, 2, 2, { 3, 1 } },
	/* Not the board's last column: not done, whatever it says. */
	{ { "status: finished\nestimate: 2\n", "estimate: 4\n" }, 6, 0, 0, 2,
	    2, { 1, 1 } },
	/* Every task done: nothing carries. */
	{ { "status: done\nestimate: 8\n", "status: done\ncarried: 4\n" },
	    9, 9, 2, 0, 0, { 0 } },
};

static void
tally_adds_the_points_of_all_and_of_the_done(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_sprint_tally t;
	struct bops_record *recs[4];
	size_t i, n;

	for (i = 0; i < N(tallies); i++) {
		for (n = 0; n < 4 && tallies[i].tasks[n]; n++)
			recs[n] = record(&bops_kind_task, "t",
			    tallies[i].tasks[n]);
		memset(&t, 0xff, sizeof(t));
		bops_sprint_tally(&t, f->ws, recs, n);
		free_records(recs, n);
		if (fabs(t.points - tallies[i].points) > 1e-12 ||
		    fabs(t.done - tallies[i].done) > 1e-12 ||
		    t.ndone != tallies[i].ndone || t.nopen != tallies[i].nopen)
			fail_msg("row %zu: want %g/%g %zu/%zu, got %g/%g "
			    "%zu/%zu", i, tallies[i].points, tallies[i].done,
			    tallies[i].ndone, tallies[i].nopen, t.points,
			    t.done, t.ndone, t.nopen);
	}
}

static void
tally_of_huge_estimates_is_refused_by_check_points(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_sprint_tally t;
	struct bops_record *recs[2];
	const struct bops_error *err;

	recs[0] = record(&bops_kind_task, "a", "status: done\nestimate: 1e308\n");
	recs[1] = record(&bops_kind_task, "b", "estimate: 1e308\n");
	bops_sprint_tally(&t, f->ws, recs, 2);
	free_records(recs, 2);
	assert_false(isfinite(t.points));
	assert_true(t.done == 1e308);
	assert_null(bops_sprint_check_points("w48", t.done));
	assert_null(bops_sprint_check_points("w48", 0));
	err = bops_sprint_check_points("w48", t.points);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_INVALID);
	assert_string_equal(err->msg, "the estimates of sprint 'w48' are too "
	    "large to add up");
	assert_non_null(bops_sprint_check_points("w48", NAN));
	assert_non_null(bops_sprint_check_points("w48", -INFINITY));
}

static void
carry_takes_the_unfinished_with_one_more_carried(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_sprint_carry out[4];
	struct bops_record *recs[4];
	size_t i, k, n, got;

	for (i = 0; i < N(tallies); i++) {
		for (n = 0; n < 4 && tallies[i].tasks[n]; n++)
			recs[n] = record(&bops_kind_task, "t",
			    tallies[i].tasks[n]);
		got = bops_sprint_carry(out, f->ws, recs, n);
		if (got != tallies[i].ncarry)
			fail_msg("row %zu: want %zu to carry, got %zu", i,
			    tallies[i].ncarry, got);
		for (k = 0; k < got; k++) {
			const char *st = bops_record_str(recs[out[k].index],
			    "status");

			assert_true(st == NULL || strcmp(st, "done"));
			if (out[k].carried != tallies[i].carried[k])
				fail_msg("row %zu, carry %zu: want %ld, got "
				    "%ld", i, k, tallies[i].carried[k],
				    out[k].carried);
			assert_true(k == 0 || out[k].index > out[k - 1].index);
		}
		free_records(recs, n);
	}
}

/*
 * Commit tasks (id, sprint, status, estimate), new or changed, and return
 * HEAD in head.  The first call makes sprints w48 and w49.
 */
static void
commit_tasks(struct ws_fixture *f, const char *const (*rows)[4], size_t n,
    char head[BOPS_OID_HEXSZ + 1])
{
	static const char *const sprints[][3] = {
		{ "w48", "2026-11-23", "2026-11-29" },
		{ "w49", "2026-11-30", "2026-12-06" },
	};
	const struct bops_error *err;
	struct bops_txn *txn = NULL;
	struct bops_record *rec;
	size_t i;

	assert_null(bops_txn_begin(&txn, f->ws));
	for (i = 0; i < N(sprints); i++) {
		if (bops_txn_load(&rec, txn, &bops_kinds[BOPS_KIND_sprint],
		    sprints[i][0]) == NULL) {
			bops_record_free(rec);
			continue;
		}
		assert_null(bops_record_new(&rec, f->ws,
		    &bops_kinds[BOPS_KIND_sprint], sprints[i][0]));
		assert_null(bops_record_set(rec, f->ws, "start",
		    sprints[i][1]));
		assert_null(bops_record_set(rec, f->ws, "end", sprints[i][2]));
		assert_null(bops_txn_put(txn, rec, NULL));
		bops_record_free(rec);
	}
	for (i = 0; i < n; i++) {
		if (bops_txn_load(&rec, txn, &bops_kind_task, rows[i][0]))
			assert_null(bops_record_new(&rec, f->ws,
			    &bops_kind_task, rows[i][0]));
		assert_null(bops_record_set(rec, f->ws, "title", rows[i][0]));
		assert_null(bops_record_set(rec, f->ws, "sprint", rows[i][1]));
		assert_null(bops_record_set(rec, f->ws, "status", rows[i][2]));
		assert_null(bops_record_set(rec, f->ws, "estimate",
		    rows[i][3]));
		if ((err = bops_txn_put(txn, rec, NULL)))
			fail_msg("%s: %s", rows[i][0], err->msg);
		bops_record_free(rec);
	}
	assert_null(bops_txn_commit(txn, "tasks", NULL));
	bops_txn_free(txn);
	assert_null(bops_repo_resolve(f->ws->repo, "HEAD", head));
}

static void
remaining_counts_the_open_points_of_the_sprint_at_a_commit(void **state)
{
	struct ws_fixture *f = *state;
	static const char *const first[][4] = {
		{ "a1", "w48", "not-started", "3" },
		{ "a2", "w48", "processing", "5" },
		{ "a3", "w48", "done", "8" },
		{ "b1", "w49", "not-started", "13" },
		{ "c1", NULL, "not-started", "21" },
	};
	static const char *const second[][4] = {
		{ "a2", "w48", "done", "5" },
		{ "a4", "w48", "not-started", "0.5" },
	};
	char one[BOPS_OID_HEXSZ + 1], two[BOPS_OID_HEXSZ + 1];
	double v = -1;

	commit_tasks(f, first, N(first), one);
	commit_tasks(f, second, N(second), two);
	assert_null(bops_sprint_remaining(&v, f->ws, one, "w48"));
	assert_true(v == 8);
	assert_null(bops_sprint_remaining(&v, f->ws, two, "w48"));
	assert_true(v == 3.5);
	assert_null(bops_sprint_remaining(&v, f->ws, NULL, "w48"));
	assert_true(v == 3.5);
	assert_null(bops_sprint_remaining(&v, f->ws, one, "w49"));
	assert_true(v == 13);
	assert_null(bops_sprint_remaining(&v, f->ws, two, "w50"));
	assert_true(v == 0);
}

static const struct {
	const char *start, *end, *today;
	size_t ndays, known;
} burndown_days[] = {
	{ "2026-11-23", "2026-11-29", "2026-11-25", 7, 3 },
	{ "2026-11-23", "2026-11-29", "2026-11-23", 7, 1 },
	{ "2026-11-23", "2026-11-29", "2026-11-29", 7, 7 },
	/* Before it starts nothing is known, after it ends everything. */
	{ "2026-11-23", "2026-11-29", "2026-11-22", 7, 0 },
	{ "2026-11-23", "2026-11-29", "2027-03-01", 7, 7 },
	{ "2026-11-23", "2026-11-23", "2026-11-23", 1, 1 },
	{ "2026-12-28", "2027-01-10", "2027-01-01", 14, 5 },
	{ "2026-11-23", "2027-11-23", "2026-11-23", 366, 1 },
};

static void
burndown_init_knows_the_days_up_to_today(void **state)
{
	struct bops_burndown bd;
	const struct bops_error *err;
	size_t i, k;

	for (i = 0; i < N(burndown_days); i++) {
		assert_null(bops_burndown_init(&bd, day(burndown_days[i].start),
		    day(burndown_days[i].end), day(burndown_days[i].today),
		    NULL));
		if (bd.ndays != burndown_days[i].ndays ||
		    bd.known != burndown_days[i].known)
			fail_msg("row %zu: want %zu days, %zu known, got %zu, "
			    "%zu", i, burndown_days[i].ndays,
			    burndown_days[i].known, bd.ndays, bd.known);
		assert_int_equal(bd.start, day(burndown_days[i].start));
		/* Each known day ends at the next day's midnight (UTC). */
		for (k = 0; k < bd.known; k++)
			assert_true(bd.ends[k] == ((int64_t)bd.start +
			    (int64_t)k + 1) * DAY);
		for (k = 0; k < bd.ndays; k++)
			assert_true(isnan(bd.remaining[k]));
		bops_burndown_release(&bd);
	}
	/* Days that are no sprint's: refused, nothing to release. */
	err = bops_burndown_init(&bd, day("2026-11-23"), day("2026-11-22"),
	    day("2026-11-23"), NULL);
	assert_non_null(err);
	assert_string_equal(err->msg, "end 2026-11-22 is before start "
	    "2026-11-23");
	err = bops_burndown_init(&bd, day("2026-11-23"), day("2027-11-24"),
	    day("2026-11-23"), NULL);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_INVALID);
	bops_burndown_release(&bd);
}

/* A state's points: the digits after its letter ("a5" is 5). */
struct fake {
	size_t calls;
	bool fail;
};

static const struct bops_error *
fake_points(double *out, const char *state, void *arg)
{
	struct fake *fk = arg;

	fk->calls++;
	if (fk->fail)
		return bops_error_fmt(BOPS_ERR_GIT, "no such commit");
	*out = strtod(state + 1, NULL);
	return NULL;
}

static const struct {
	size_t ndays;
	const char *states[7];	/* one per known day; NULL ends them */
	double committed;	/* NAN: the sprint has none */
	double expect[7];	/* NAN: no value */
	size_t calls;
	double want_committed, top;
} fills[] = {
	/* A state a day, each counted. */
	{ 4, { "a8", "b6", "c3" }, 8, { 8, 6, 3, NAN }, 3, 8, 8 },
	/* The same state as the day before: no second count. */
	{ 4, { "a8", "a8", "a8", "b2" }, 8, { 8, 8, 8, 2 }, 2, 8, 8 },
	/* A state again after another: counted again. */
	{ 3, { "a8", "b4", "a8" }, 8, { 8, 4, 8 }, 3, 8, 8 },
	/* Before the workspace's history: no value. */
	{ 4, { "", "", "a5", "b1" }, NAN, { NAN, NAN, 5, 1 }, 2, 5, 5 },
	/* Not started: the first value stands for committed. */
	{ 3, { "a9", "b12" }, NAN, { 9, 12, NAN }, 2, 9, 12 },
	/* Nothing known yet: committed as recorded, else 0. */
	{ 2, { NULL }, 5, { NAN, NAN }, 0, 5, 5 },
	{ 2, { NULL }, NAN, { NAN, NAN }, 0, 0, 0 },
	{ 2, { "", "" }, NAN, { NAN, NAN }, 0, 0, 0 },
	/* Points added after the start rise above committed. */
	{ 3, { "a4", "b10", "c0" }, 4, { 4, 10, 0 }, 3, 4, 10 },
};

static void
burndown_fill_counts_each_new_state_once(void **state)
{
	char states[7][BOPS_OID_HEXSZ + 1];
	struct bops_burndown bd;
	struct fake fk;
	size_t i, k, known;
	int32_t start = day("2026-11-23");

	for (i = 0; i < N(fills); i++) {
		for (known = 0; known < 7 && fills[i].states[known]; known++)
			snprintf(states[known], sizeof(states[known]), "%s",
			    fills[i].states[known]);
		/* today is the last known day */
		assert_null(bops_burndown_init(&bd, start,
		    start + (int32_t)fills[i].ndays - 1,
		    start + (int32_t)known - 1, NULL));
		assert_int_equal(bd.known, known);
		fk.calls = 0;
		fk.fail = false;
		assert_null(bops_burndown_fill(&bd,
		    (const char (*)[BOPS_OID_HEXSZ + 1])states,
		    fills[i].committed, fake_points, &fk));
		if (fk.calls != fills[i].calls)
			fail_msg("row %zu: want %zu counts, got %zu", i,
			    fills[i].calls, fk.calls);
		for (k = 0; k < bd.ndays; k++) {
			double want = fills[i].expect[k];

			if (isnan(want) ? !isnan(bd.remaining[k]) :
			    bd.remaining[k] != want)
				fail_msg("row %zu, day %zu: want %g, got %g",
				    i, k, want, bd.remaining[k]);
			if (fabs(bd.ideal[k] - bops_sprint_ideal(
			    fills[i].want_committed, bd.ndays, k)) > 1e-12)
				fail_msg("row %zu, day %zu: ideal %g", i, k,
				    bd.ideal[k]);
		}
		if (bd.committed != fills[i].want_committed ||
		    bd.top != fills[i].top)
			fail_msg("row %zu: want committed %g top %g, got %g "
			    "%g", i, fills[i].want_committed, fills[i].top,
			    bd.committed, bd.top);
		bops_burndown_release(&bd);
	}
}

static void
burndown_fill_passes_the_count_error_up(void **state)
{
	char states[2][BOPS_OID_HEXSZ + 1] = { "a1", "b2" };
	struct bops_burndown bd;
	const struct bops_error *err;
	struct fake fk = { 0, true };
	int32_t start = day("2026-11-23");

	assert_null(bops_burndown_init(&bd, start, start + 6, start + 1,
	    NULL));
	err = bops_burndown_fill(&bd, (const char (*)[BOPS_OID_HEXSZ + 1])
	    states, 3, fake_points, &fk);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_GIT);
	assert_int_equal(fk.calls, 1);
	bops_burndown_release(&bd);
	bops_burndown_release(&bd);	/* twice is harmless */
}

/* Sprints by start; the newest closed ones, newest first. */
static const struct {
	const char *yaml[5];
	size_t want;
	size_t n;
	size_t pick[5];
	double points[5];
} velocities[] = {
	{ { "status: closed\ncompleted: 5\n", "status: closed\ncompleted: 8\n",
	    "status: closed\ncompleted: 3\n", "status: active\n",
	    "status: planned\n" }, 3, 3, { 2, 1, 0 }, { 3, 8, 5 } },
	/* Fewer wanted than closed: the newest. */
	{ { "status: closed\ncompleted: 5\n", "status: closed\ncompleted: 8\n",
	    "status: closed\ncompleted: 3\n" }, 2, 2, { 2, 1 }, { 3, 8 } },
	/* More wanted than closed: all of them. */
	{ { "status: closed\ncompleted: 5\n", "status: active\n",
	    "status: closed\ncompleted: 2.5\n" }, 10, 2, { 2, 0 },
	    { 2.5, 5 } },
	/* Closed without completed points: 0. */
	{ { "status: closed\n", "status: closed\ncompleted: 4\n" }, 3, 2,
	    { 1, 0 }, { 4, 0 } },
	/* None closed, or none at all. */
	{ { "status: active\n", "status: planned\n" }, 3, 0, { 0 }, { 0 } },
	{ { NULL }, 3, 0, { 0 }, { 0 } },
	{ { "\n" }, 3, 0, { 0 }, { 0 } },
};

static void
velocity_takes_the_newest_closed_sprints(void **state)
{
	struct bops_record *recs[5];
	size_t pick[5], i, k, n, got;
	double points[5];

	for (i = 0; i < N(velocities); i++) {
		for (n = 0; n < 5 && velocities[i].yaml[n]; n++)
			recs[n] = record(&bops_kinds[BOPS_KIND_sprint], "s",
			    strcmp(velocities[i].yaml[n], "\n") ?
			    velocities[i].yaml[n] : "id: s\n");
		got = bops_sprint_velocity(pick, points,
		    (const struct bops_record *const *)recs, n,
		    velocities[i].want);
		free_records(recs, n);
		if (got != velocities[i].n)
			fail_msg("row %zu: want %zu, got %zu", i,
			    velocities[i].n, got);
		for (k = 0; k < got; k++)
			if (pick[k] != velocities[i].pick[k] ||
			    points[k] != velocities[i].points[k])
				fail_msg("row %zu, %zu: want #%zu %g, got "
				    "#%zu %g", i, k, velocities[i].pick[k],
				    velocities[i].points[k], pick[k],
				    points[k]);
	}
}

/* A test in a fresh workspace (sandbox.h). */
#define WS(name) cmocka_unit_test_setup_teardown(name, ws_setup, ws_teardown)

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
		cmocka_unit_test(start_day_reads_a_weekday_name_else_monday),
		cmocka_unit_test(length_reads_sprint_length_else_a_week),
		cmocka_unit_test(free_start_passes_every_sprint_in_the_way),
		cmocka_unit_test(
		    spans_read_the_dates_and_overlapping_finds_the_first),
		cmocka_unit_test(
		    current_is_the_active_sprint_else_the_one_holding_today),
		cmocka_unit_test(
		    following_is_the_first_sprint_starting_after_the_end),
		WS(tally_adds_the_points_of_all_and_of_the_done),
		WS(tally_of_huge_estimates_is_refused_by_check_points),
		WS(carry_takes_the_unfinished_with_one_more_carried),
		WS(remaining_counts_the_open_points_of_the_sprint_at_a_commit),
		cmocka_unit_test(burndown_init_knows_the_days_up_to_today),
		cmocka_unit_test(burndown_fill_counts_each_new_state_once),
		cmocka_unit_test(burndown_fill_passes_the_count_error_up),
		cmocka_unit_test(velocity_takes_the_newest_closed_sprints),
		cmocka_unit_test(
		    experiment_new_has_a_variant_per_message_and_destination),
		cmocka_unit_test(experiment_variants_read_reach_and_conversions),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
