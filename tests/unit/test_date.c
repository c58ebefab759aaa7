#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "error.h"

#include "sandbox.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define HCM "Asia/Ho_Chi_Minh"

static void
expect_usage(const struct bops_error *err, const char *msg)
{
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_USAGE);
	assert_string_equal(err->msg, msg);
}

static void
is_leap_follows_gregorian_rules(void **state)
{
	static const struct { int year; bool leap; } rows[] = {
		{ 1900, false }, { 2000, true }, { 2024, true },
		{ 2026, false }, { 2100, false }, { 2400, true },
		{ 1, false }, { 4, true },
	};
	size_t i;

	for (i = 0; i < NELEM(rows); i++)
		assert_int_equal(bops_date_is_leap(rows[i].year),
		    rows[i].leap);
}

static void
days_in_month_knows_february(void **state)
{
	static const struct { int y, m, n; } rows[] = {
		{ 2026, 1, 31 }, { 2026, 2, 28 }, { 2024, 2, 29 },
		{ 1900, 2, 28 }, { 2000, 2, 29 }, { 2026, 4, 30 },
		{ 2026, 6, 30 }, { 2026, 7, 31 }, { 2026, 8, 31 },
		{ 2026, 9, 30 }, { 2026, 11, 30 }, { 2026, 12, 31 },
	};
	size_t i;

	for (i = 0; i < NELEM(rows); i++)
		assert_int_equal(bops_date_days_in_month(rows[i].y,
		    rows[i].m), rows[i].n);
}

static void
from_ymd_counts_days_since_epoch(void **state)
{
	static const struct { int y, m, d; int32_t days; } rows[] = {
		{ 1970, 1, 1, 0 }, { 1970, 1, 2, 1 }, { 1969, 12, 31, -1 },
		{ 2000, 3, 1, 11017 }, { 2026, 11, 23, 20780 },
		{ 1, 1, 1, -719162 }, { 9999, 12, 31, 2932896 },
	};
	size_t i;
	int y, m, d;

	for (i = 0; i < NELEM(rows); i++) {
		assert_int_equal(bops_date_from_ymd(rows[i].y, rows[i].m,
		    rows[i].d), rows[i].days);
		bops_date_to_ymd(rows[i].days, &y, &m, &d);
		assert_int_equal(y, rows[i].y);
		assert_int_equal(m, rows[i].m);
		assert_int_equal(d, rows[i].d);
	}
}

static void
ymd_round_trips_over_every_day_of_ten_millennia(void **state)
{
	int32_t days, expect = bops_date_from_ymd(1, 1, 1);
	int y, m, d, y2, m2, d2;

	for (y = 1; y <= 9999; y++)
		for (m = 1; m <= 12; m++)
			for (d = 1; d <= bops_date_days_in_month(y, m); d++) {
				days = bops_date_from_ymd(y, m, d);
				if (days != expect)
					fail_msg("%04d-%02d-%02d: %d, not %d",
					    y, m, d, days, expect);
				bops_date_to_ymd(days, &y2, &m2, &d2);
				if (y2 != y || m2 != m || d2 != d)
					fail_msg("%d: %04d-%02d-%02d", days,
					    y2, m2, d2);
				expect++;
			}
}

static void
weekday_is_iso_numbered(void **state)
{
	static const struct { const char *date; int wd; } rows[] = {
		{ "1970-01-01", 4 }, { "2026-11-23", 1 }, { "2026-11-27", 5 },
		{ "2026-11-29", 7 }, { "1969-12-28", 7 }, { "0001-01-01", 1 },
		{ "2000-02-29", 2 },
	};
	size_t i;

	for (i = 0; i < NELEM(rows); i++)
		assert_int_equal(bops_date_weekday(ymd(rows[i].date)),
		    rows[i].wd);
}

static void
weekday_named_takes_whole_lower_case_names(void **state)
{
	static const struct { const char *name; int wd; } rows[] = {
		{ "monday", 1 }, { "tuesday", 2 }, { "wednesday", 3 },
		{ "thursday", 4 }, { "friday", 5 }, { "saturday", 6 },
		{ "sunday", 7 }, { "mon", 0 }, { "Monday", 0 }, { "", 0 },
		{ "mondays", 0 }, { "funday", 0 }, { NULL, 0 },
	};
	size_t i;

	for (i = 0; i < NELEM(rows); i++)
		assert_int_equal(bops_date_weekday_named(rows[i].name),
		    rows[i].wd);
}

static void
parse_and_format_dates(void **state)
{
	static const char *rows[] = {
		"2026-11-23", "0001-01-01", "9999-12-31", "2024-02-29",
		"1970-01-01", "1969-12-31",
	};
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		bops_buf_reset(&b);
		bops_date_format(&b, ymd(rows[i]));
		assert_string_equal(b.ptr, rows[i]);
	}
	bops_buf_release(&b);
}

static void
parse_rejects_loose_dates(void **state)
{
	static const char *rows[] = {
		"", "2026-1-5", "2026-01-5", "26-01-05", "2026/01/05",
		"2026-02-29", "2026-13-01", "2026-00-10", "2026-01-00",
		"2026-04-31", "0000-01-01", "2026-01-05x", " 2026-01-05",
		"2026-11-23T10:00:00Z", "+026-01-05", "today",
	};
	char msg[128];
	int32_t days;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		snprintf(msg, sizeof(msg), "invalid date '%s'", rows[i]);
		expect_usage(bops_date_parse(&days, rows[i]), msg);
	}
}

static void
isoweek_crosses_year_ends(void **state)
{
	static const struct { const char *date; int y, w; } rows[] = {
		{ "2026-12-28", 2026, 53 }, { "2026-12-31", 2026, 53 },
		{ "2027-01-01", 2026, 53 }, { "2027-01-03", 2026, 53 },
		{ "2027-01-04", 2027, 1 }, { "2021-01-01", 2020, 53 },
		{ "2024-12-30", 2025, 1 }, { "2026-11-23", 2026, 48 },
		{ "2026-11-29", 2026, 48 }, { "2026-01-01", 2026, 1 },
		{ "2025-12-29", 2026, 1 }, { "2023-01-01", 2022, 52 },
	};
	size_t i;
	int y, w;

	for (i = 0; i < NELEM(rows); i++) {
		bops_date_isoweek(ymd(rows[i].date), &y, &w);
		if (y != rows[i].y || w != rows[i].w)
			fail_msg("%s: %d-w%02d", rows[i].date, y, w);
	}
}

static void
isoweeks_in_year_is_52_or_53(void **state)
{
	static const struct { int y, n; } rows[] = {
		{ 2020, 53 }, { 2021, 52 }, { 2024, 52 }, { 2025, 52 },
		{ 2026, 53 }, { 2027, 52 }, { 2032, 53 }, { 2015, 53 },
	};
	size_t i;

	for (i = 0; i < NELEM(rows); i++)
		assert_int_equal(bops_date_isoweeks_in_year(rows[i].y),
		    rows[i].n);
}

static void
from_isoweek_gives_the_monday(void **state)
{
	static const struct { int y, w; const char *monday; } rows[] = {
		{ 2026, 48, "2026-11-23" }, { 2026, 53, "2026-12-28" },
		{ 2027, 1, "2027-01-04" }, { 2020, 53, "2020-12-28" },
		{ 2025, 1, "2024-12-30" }, { 2026, 1, "2025-12-29" },
	};
	int32_t days;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		assert_null(bops_date_from_isoweek(&days, rows[i].y,
		    rows[i].w));
		assert_int_equal(days, ymd(rows[i].monday));
	}
}

static void
from_isoweek_refuses_missing_weeks(void **state)
{
	static const struct { int y, w; const char *msg; } rows[] = {
		{ 2027, 53, "invalid week '2027-w53'" },
		{ 2026, 0, "invalid week '2026-w00'" },
		{ 2026, 54, "invalid week '2026-w54'" },
		{ 0, 1, "invalid week '0000-w01'" },
	};
	int32_t days;
	size_t i;

	for (i = 0; i < NELEM(rows); i++)
		expect_usage(bops_date_from_isoweek(&days, rows[i].y,
		    rows[i].w), rows[i].msg);
}

static void
format_isoweek_is_lower_case_two_digits(void **state)
{
	static const struct { const char *date, *week; } rows[] = {
		{ "2026-11-23", "2026-w48" }, { "2027-01-03", "2026-w53" },
		{ "2024-12-30", "2025-w01" }, { "2027-03-01", "2027-w09" },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		bops_buf_reset(&b);
		bops_date_format_isoweek(&b, ymd(rows[i].date));
		assert_string_equal(b.ptr, rows[i].week);
	}
	bops_buf_release(&b);
}

static void
instants_parse_and_format(void **state)
{
	static const struct { const char *s; int64_t t; } rows[] = {
		{ "1970-01-01T00:00:00Z", 0 },
		{ "1969-12-31T23:59:59Z", -1 },
		{ "2026-11-23T10:00:00Z", 1795428000 },
		{ "2038-01-19T03:14:08Z", 2147483648LL },
		{ "0001-01-01T00:00:00Z", -62135596800LL },
		{ "9999-12-31T23:59:59Z", 253402300799LL },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	int64_t t;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		assert_null(bops_instant_parse(&t, rows[i].s));
		assert_int_equal(t, rows[i].t);
		bops_buf_reset(&b);
		bops_instant_format(&b, rows[i].t);
		assert_string_equal(b.ptr, rows[i].s);
	}
	bops_buf_release(&b);
}

static void
instant_parse_wants_utc_with_z(void **state)
{
	static const char *rows[] = {
		"2026-11-23T10:00:00", "2026-11-23T10:00:00+07:00",
		"2026-11-23 10:00:00Z", "2026-11-23t10:00:00z",
		"2026-11-23T24:00:00Z", "2026-11-23T10:60:00Z",
		"2026-11-23T10:00:60Z", "2026-11-23T10:00Z", "2026-11-23",
		"2026-02-29T10:00:00Z", "2026-11-23T1:00:00Z", "",
	};
	char msg[128];
	int64_t t;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		snprintf(msg, sizeof(msg), "invalid instant '%s'", rows[i]);
		expect_usage(bops_instant_parse(&t, rows[i]), msg);
	}
}

static void
durations_parse(void **state)
{
	static const struct { const char *s; int64_t secs; } rows[] = {
		{ "45m", 2700 }, { "4h", 14400 }, { "2d", 172800 },
		{ "1w", 604800 }, { "1d4h", 100800 }, { "0", 0 },
		{ "0m", 0 }, { "1h30m", 5400 }, { "1w2d3h4m", 788640 },
		{ "90m", 5400 },
	};
	int64_t secs;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		assert_null(bops_duration_parse(&secs, rows[i].s));
		assert_int_equal(secs, rows[i].secs);
	}
}

static void
duration_parse_rejects_junk(void **state)
{
	static const char *rows[] = {
		"5x", "-1d", "", "d", "1.5h", "4h1d", "1h1h", "1d 4h", "5",
		"00", "+1d", "4H", "99999999999999999999m", "1h-",
	};
	char msg[128];
	int64_t secs;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		snprintf(msg, sizeof(msg), "invalid duration '%s'", rows[i]);
		expect_usage(bops_duration_parse(&secs, rows[i]), msg);
	}
}

static void
duration_format_is_canonical(void **state)
{
	static const struct { int64_t secs; const char *s; } rows[] = {
		{ 86400 * 7, "1w" }, { 5400, "1h30m" }, { 0, "0m" },
		{ 2700, "45m" }, { 14400, "4h" }, { 172800, "2d" },
		{ 100800, "1d4h" }, { 59, "0m" },
		{ 3690, "1h1m" }, { -5400, "-1h30m" },
		/* weeks only for whole weeks: days are not split into
		 * weeks and days (90d is not 12w6d) */
		{ 8 * 86400, "8d" }, { 90 * 86400, "90d" },
		{ 14 * 86400, "2w" }, { 14 * 86400 + 7200, "2w2h" },
		{ 15 * 86400 + 5400, "15d1h30m" }, { -90 * 86400, "-90d" },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	int64_t back;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		bops_buf_reset(&b);
		bops_duration_format(&b, rows[i].secs);
		assert_string_equal(b.ptr, rows[i].s);
		if (rows[i].secs >= 0 && rows[i].secs % 60 == 0) {
			assert_null(bops_duration_parse(&back, b.ptr));
			assert_int_equal(back, rows[i].secs);
		}
	}
	bops_buf_release(&b);
}

static void
duration_span_is_short(void **state)
{
	static const struct { int64_t secs; const char *s; } rows[] = {
		{ -1, "-" }, { 0, "0.0h" }, { 5400, "1.5h" },
		{ 86399, "24.0h" }, { 86400, "1.0d" }, { 1296000, "15.0d" },
		{ 1080000, "12.5d" },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		bops_buf_reset(&b);
		bops_duration_format_span(&b, rows[i].secs);
		assert_string_equal(b.ptr, rows[i].s);
	}
	bops_buf_release(&b);
}

/* Forms that name one day, whichever way the caller looks. */
static void
relative_dates_count_from_today(void **state)
{
	static const struct { const char *s, *today, *date; } rows[] = {
		{ "today", "2026-11-23", "2026-11-23" },
		{ "today", "2026-11-26", "2026-11-26" },
		{ "tomorrow", "2026-11-23", "2026-11-24" },
		{ "yesterday", "2026-11-23", "2026-11-22" },
		{ "+3d", "2026-11-23", "2026-11-26" },
		{ "+3d", "2026-12-30", "2027-01-02" },
		{ "-3d", "2026-11-23", "2026-11-20" },
		{ "+0d", "2026-11-23", "2026-11-23" },
		{ "-1w", "2026-11-23", "2026-11-16" },
		{ "-1w", "2026-01-02", "2025-12-26" },
		{ "+2w", "2026-11-23", "2026-12-07" },
		{ "+1m", "2026-01-31", "2026-02-28" },
		{ "+1m", "2024-01-31", "2024-02-29" },
		{ "-1m", "2026-03-31", "2026-02-28" },
		{ "+2m", "2026-11-23", "2027-01-23" },
		{ "-11m", "2026-11-23", "2025-12-23" },
		{ "2026-w48", "2026-11-23", "2026-11-23" },
		{ "2026-w48", "2026-12-30", "2026-11-23" },
		{ "2026-W53", "2026-11-23", "2026-12-28" },
		{ "2025-w01", "2026-11-23", "2024-12-30" },
		{ "2027-w01", "2026-11-23", "2027-01-04" },
		{ "2026-12-25", "2026-11-23", "2026-12-25" },
		{ "sow", "2026-11-25", "2026-11-23" },
		{ "sow", "2026-11-23", "2026-11-23" },
		{ "eow", "2026-11-23", "2026-11-29" },
		{ "eow", "2026-11-26", "2026-11-29" },
		{ "eow", "2026-11-29", "2026-11-29" },
		{ "som", "2026-11-23", "2026-11-01" },
		{ "eom", "2026-11-23", "2026-11-30" },
		{ "eom", "2026-11-30", "2026-11-30" },
		{ "eom", "2024-02-10", "2024-02-29" },
		{ "soq", "2026-11-23", "2026-10-01" },
		{ "eoq", "2026-11-23", "2026-12-31" },
		{ "eoq", "2026-10-01", "2026-12-31" },
		{ "soq", "2026-03-31", "2026-01-01" },
		{ "eoq", "2026-04-01", "2026-06-30" },
		{ "soy", "2026-11-23", "2026-01-01" },
		{ "eoy", "2026-11-23", "2026-12-31" },
		{ "TODAY", "2026-11-23", "2026-11-23" },
		{ "EOM", "2026-11-23", "2026-11-30" },
		{ "+3D", "2026-11-23", "2026-11-26" },
	};
	static const enum bops_date_dir dirs[] = {
		BOPS_DATE_FUTURE, BOPS_DATE_PAST,
	};
	struct bops_buf b = BOPS_BUF_INIT;
	int32_t days;
	size_t i, d;

	for (d = 0; d < NELEM(dirs); d++)
		for (i = 0; i < NELEM(rows); i++) {
			assert_null(bops_date_parse_relative(&days,
			    rows[i].s, ymd(rows[i].today), dirs[d]));
			bops_buf_reset(&b);
			bops_date_format(&b, days);
			if (strcmp(b.ptr, rows[i].date) != 0)
				fail_msg("'%s' from %s (%s): %s, not %s",
				    rows[i].s, rows[i].today, d ? "past" :
				    "future", b.ptr, rows[i].date);
		}
	bops_buf_release(&b);
}

/*
 * A weekday is the next one after today looking ahead, the last one
 * before today looking back; today never.  2026-11-23 is a Monday.
 */
static void
weekdays_point_the_way_asked(void **state)
{
#define F BOPS_DATE_FUTURE
#define P BOPS_DATE_PAST
	static const struct {
		const char *s, *today;
		enum bops_date_dir dir;
		const char *date;
	} rows[] = {
		/* Every weekday from a Thursday, both ways. */
		{ "monday", "2026-11-26", F, "2026-11-30" },
		{ "tuesday", "2026-11-26", F, "2026-12-01" },
		{ "wednesday", "2026-11-26", F, "2026-12-02" },
		{ "thursday", "2026-11-26", F, "2026-12-03" },
		{ "friday", "2026-11-26", F, "2026-11-27" },
		{ "saturday", "2026-11-26", F, "2026-11-28" },
		{ "sunday", "2026-11-26", F, "2026-11-29" },
		{ "monday", "2026-11-26", P, "2026-11-23" },
		{ "tuesday", "2026-11-26", P, "2026-11-24" },
		{ "wednesday", "2026-11-26", P, "2026-11-25" },
		{ "thursday", "2026-11-26", P, "2026-11-19" },
		{ "friday", "2026-11-26", P, "2026-11-20" },
		{ "saturday", "2026-11-26", P, "2026-11-21" },
		{ "sunday", "2026-11-26", P, "2026-11-22" },
		/* Each weekday on that very day: a week away. */
		{ "monday", "2026-11-23", F, "2026-11-30" },
		{ "tuesday", "2026-11-24", F, "2026-12-01" },
		{ "wednesday", "2026-11-25", F, "2026-12-02" },
		{ "thursday", "2026-11-26", F, "2026-12-03" },
		{ "friday", "2026-11-27", F, "2026-12-04" },
		{ "saturday", "2026-11-28", F, "2026-12-05" },
		{ "sunday", "2026-11-29", F, "2026-12-06" },
		{ "monday", "2026-11-23", P, "2026-11-16" },
		{ "tuesday", "2026-11-24", P, "2026-11-17" },
		{ "wednesday", "2026-11-25", P, "2026-11-18" },
		{ "thursday", "2026-11-26", P, "2026-11-19" },
		{ "friday", "2026-11-27", P, "2026-11-20" },
		{ "saturday", "2026-11-28", P, "2026-11-21" },
		{ "sunday", "2026-11-29", P, "2026-11-22" },
		/* The day after and the day before. */
		{ "tue", "2026-11-23", F, "2026-11-24" },
		{ "sun", "2026-11-23", P, "2026-11-22" },
		/* Across a year end and a month end. */
		{ "fri", "2026-12-31", F, "2027-01-01" },
		{ "thu", "2027-01-01", P, "2026-12-31" },
		{ "mon", "2026-03-01", P, "2026-02-23" },
		/* Abbreviations and case. */
		{ "Friday", "2026-11-23", F, "2026-11-27" },
		{ "FRI", "2026-11-23", P, "2026-11-20" },
		{ "wed", "2026-11-23", P, "2026-11-18" },
	};
#undef F
#undef P
	struct bops_buf b = BOPS_BUF_INIT;
	int32_t days;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		assert_null(bops_date_parse_relative(&days, rows[i].s,
		    ymd(rows[i].today), rows[i].dir));
		bops_buf_reset(&b);
		bops_date_format(&b, days);
		if (strcmp(b.ptr, rows[i].date) != 0)
			fail_msg("'%s' from %s (%s): %s, not %s", rows[i].s,
			    rows[i].today, rows[i].dir == BOPS_DATE_PAST ?
			    "past" : "future", b.ptr, rows[i].date);
	}
	bops_buf_release(&b);
}

/*
 * Dates as people type them.  2026-11-23 is a Monday.  A bare count
 * ("3d") points the way asked; "in 3 days" and "next monday" always
 * ahead, "3 days ago" and "last friday" always back; "dec 24" is the
 * next one (today included) ahead, the last one (today included) back.
 */
static void
typed_dates_read_as_people_mean_them(void **state)
{
#define F BOPS_DATE_FUTURE
#define P BOPS_DATE_PAST
	static const struct {
		const char *s, *today;
		enum bops_date_dir dir;
		const char *date;
	} rows[] = {
		{ "3d", "2026-11-23", F, "2026-11-26" },
		{ "3d", "2026-11-23", P, "2026-11-20" },
		{ "2w", "2026-11-23", F, "2026-12-07" },
		{ "2w", "2026-11-23", P, "2026-11-09" },
		{ "1m", "2026-01-31", F, "2026-02-28" },
		{ "1m", "2026-03-31", P, "2026-02-28" },
		{ "0d", "2026-11-23", F, "2026-11-23" },
		{ "in 3 days", "2026-11-23", F, "2026-11-26" },
		{ "in 3 days", "2026-11-23", P, "2026-11-26" },
		{ "in 1 day", "2026-12-31", F, "2027-01-01" },
		{ "in 2 weeks", "2026-11-23", P, "2026-12-07" },
		{ "in 1 month", "2026-01-31", F, "2026-02-28" },
		{ "In 3 Days", "2026-11-23", F, "2026-11-26" },
		{ "3 days ago", "2026-11-23", F, "2026-11-20" },
		{ "1 week ago", "2026-11-23", P, "2026-11-16" },
		{ "2 months ago", "2026-05-31", F, "2026-03-31" },
		{ "next monday", "2026-11-23", F, "2026-11-30" },
		{ "next monday", "2026-11-23", P, "2026-11-30" },
		{ "next fri", "2026-11-26", P, "2026-11-27" },
		{ "last friday", "2026-11-23", F, "2026-11-20" },
		{ "last monday", "2026-11-23", F, "2026-11-16" },
		{ "Next Sunday", "2026-11-29", F, "2026-12-06" },
		{ "dec 24", "2026-11-23", F, "2026-12-24" },
		{ "dec 24", "2026-11-23", P, "2025-12-24" },
		{ "december 24", "2026-12-24", F, "2026-12-24" },
		{ "24 dec", "2026-12-24", P, "2026-12-24" },
		{ "jan 2", "2026-11-23", F, "2027-01-02" },
		{ "jan 2", "2026-11-23", P, "2026-01-02" },
		{ "Nov 1", "2026-11-23", F, "2027-11-01" },
		{ "sept 9", "2026-11-23", F, "2027-09-09" },
		{ "feb 29", "2026-11-23", F, "2028-02-29" },
		{ "feb 29", "2026-11-23", P, "2024-02-29" },
		{ "1 mar", "2026-11-23", P, "2026-03-01" },
	};
#undef F
#undef P
	struct bops_buf b = BOPS_BUF_INIT;
	int32_t days;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		if (bops_date_parse_relative(&days, rows[i].s,
		    ymd(rows[i].today), rows[i].dir))
			fail_msg("'%s' refused", rows[i].s);
		bops_buf_reset(&b);
		bops_date_format(&b, days);
		if (strcmp(b.ptr, rows[i].date) != 0)
			fail_msg("'%s' from %s (%s): %s, not %s", rows[i].s,
			    rows[i].today, rows[i].dir == BOPS_DATE_PAST ?
			    "past" : "future", b.ptr, rows[i].date);
	}
	bops_buf_release(&b);
}

/* Month and day in figures read two ways round: refused with the forms
 * that say it once. */
static void
ambiguous_dates_are_refused_with_a_hint(void **state)
{
	static const char *rows[] = {
		"12/24", "24/12", "12/24/2026", "24.12", "24.12.2026",
		"2026/12/24", "1/2",
	};
	char msg[256];
	int32_t days;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		snprintf(msg, sizeof(msg), "ambiguous date '%s': write "
		    "YYYY-MM-DD (2026-12-24) or the month's name (dec 24, "
		    "24 dec); bops(7) lists every form", rows[i]);
		expect_usage(bops_date_parse_relative(&days, rows[i],
		    ymd("2026-11-23"), BOPS_DATE_FUTURE), msg);
	}
}

static void
relative_dates_reject_nonsense(void **state)
{
	static const char *rows[] = {
		"someday", "+d", "2026-13-01", "2026-02-29", "", "+3", "3y",
		"+3y", "+-3d", "2027-w53", "2026-w00", "2026-w5", "fr",
		"mondays", "today ", "+99999999999d", "+10000000w",
		"+100000m", "-8000y", "eod", "next", "next friday2",
		"in 3", "in three days", "in 3 fortnights", "3 days", "ago",
		"3 days ago ago", "dec", "dec 32", "feb 30", "24 dec dec",
		"dece 24", "next  monday", " in 3 days", "in 3 days later",
		"last", "next tomorrow", "0x3d", "3dd",
		"a very long string that is not any kind of date at all",
	};
	char msg[128];
	int32_t days;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		snprintf(msg, sizeof(msg), "invalid date '%s'", rows[i]);
		expect_usage(bops_date_parse_relative(&days, rows[i],
		    ymd("2026-11-23"), BOPS_DATE_FUTURE), msg);
		expect_usage(bops_date_parse_relative(&days, rows[i],
		    ymd("2026-11-23"), BOPS_DATE_PAST), msg);
	}
}

/* Zone name, opened for one row; NULL for UTC.  Close with
 * bops_tz_close(). */
static struct bops_tz *
zone(const char *name)
{
	struct bops_tz *tz = NULL;

	if (bops_tz_open(&tz, name))
		fail_msg("cannot open zone '%s'", name ? name : "NULL");
	return tz;
}

/*
 * One instant in each kind of zone: its local date, wall clock, offset
 * and local text.  Stockholm puts its clocks forward at 01:00Z on
 * 2026-03-29 and back at 01:00Z on 2026-10-25.
 */
static const struct {
	const char *tz, *t, *date;
	int32_t secs, off;
	const char *text;
} instants[] = {
	{ "Asia/Ho_Chi_Minh", "2026-11-22T18:30:00Z", "2026-11-23", 5400,
	    25200, "2026-11-23 01:30 +0700" },
	{ "Asia/Ho_Chi_Minh", "2026-11-22T16:59:59Z", "2026-11-22", 86399,
	    25200, "2026-11-22 23:59 +0700" },
	{ "UTC", "2026-11-22T18:30:59Z", "2026-11-22", 66659, 0,
	    "2026-11-22 18:30 +0000" },
	{ "", "2026-11-22T18:30:00Z", "2026-11-22", 66600, 0,
	    "2026-11-22 18:30 +0000" },
	{ NULL, "2026-11-22T18:30:05Z", "2026-11-22", 66605, 0,
	    "2026-11-22 18:30 +0000" },
	{ NULL, "1969-12-31T23:00:00Z", "1969-12-31", 82800, 0,
	    "1969-12-31 23:00 +0000" },
	{ "Etc/UTC", "2026-11-22T18:30:00Z", "2026-11-22", 66600, 0,
	    "2026-11-22 18:30 +0000" },
	{ "Europe/Stockholm", "2026-03-28T22:30:00Z", "2026-03-28", 84600,
	    3600, "2026-03-28 23:30 +0100" },
	{ "Europe/Stockholm", "2026-03-29T00:59:59Z", "2026-03-29", 7199,
	    3600, "2026-03-29 01:59 +0100" },
	{ "Europe/Stockholm", "2026-03-29T01:00:00Z", "2026-03-29", 10800,
	    7200, "2026-03-29 03:00 +0200" },
	{ "Europe/Stockholm", "2026-03-29T22:30:00Z", "2026-03-30", 1800,
	    7200, "2026-03-30 00:30 +0200" },
	{ "Europe/Stockholm", "2026-10-25T00:59:59Z", "2026-10-25", 10799,
	    7200, "2026-10-25 02:59 +0200" },
	{ "Europe/Stockholm", "2026-10-25T01:00:00Z", "2026-10-25", 7200,
	    3600, "2026-10-25 02:00 +0100" },
	{ "America/Sao_Paulo", "2018-11-04T02:59:59Z", "2018-11-03", 86399,
	    -10800, "2018-11-03 23:59 -0300" },
	{ "America/Sao_Paulo", "2018-11-04T03:00:00Z", "2018-11-04", 3600,
	    -7200, "2018-11-04 01:00 -0200" },
	{ "America/Sao_Paulo", "2026-11-22T18:30:00Z", "2026-11-22", 55800,
	    -10800, "2026-11-22 15:30 -0300" },
	{ "America/New_York", "2026-10-31T12:00:00Z", "2026-10-31", 28800,
	    -14400, "2026-10-31 08:00 -0400" },
	{ "America/New_York", "2026-11-23T03:00:00Z", "2026-11-22", 79200,
	    -18000, "2026-11-22 22:00 -0500" },
	{ "America/St_Johns", "2026-11-23T02:00:00Z", "2026-11-22", 81000,
	    -12600, "2026-11-22 22:30 -0330" },
	{ "Asia/Kolkata", "2026-11-23T02:00:00Z", "2026-11-23", 27000,
	    19800, "2026-11-23 07:30 +0530" },
	{ "Asia/Tokyo", "1969-12-31T23:00:00Z", "1970-01-01", 28800, 32400,
	    "1970-01-01 08:00 +0900" },
	/* Samoa skipped 30 December 2011. */
	{ "Pacific/Apia", "2011-12-30T09:59:59Z", "2011-12-29", 86399,
	    -36000, "2011-12-29 23:59 -1000" },
	{ "Pacific/Apia", "2011-12-30T10:00:00Z", "2011-12-31", 0, 50400,
	    "2011-12-31 00:00 +1400" },
};

/* Every row of instants[], checked with every conversion. */
static void
check_instants(void)
{
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_tz *tz;
	int64_t t;
	size_t i;

	for (i = 0; i < NELEM(instants); i++) {
		tz = zone(instants[i].tz);
		t = instant(instants[i].t);
		bops_buf_reset(&b);
		bops_date_format(&b, bops_date_local(t, tz));
		if (strcmp(b.ptr, instants[i].date) != 0 ||
		    bops_time_local_seconds(t, tz) != instants[i].secs ||
		    bops_tz_offset(t, tz) != instants[i].off)
			fail_msg("%s in %s: %s, %d s, offset %d", instants[i].t,
			    bops_tz_name(tz), b.ptr,
			    bops_time_local_seconds(t, tz),
			    bops_tz_offset(t, tz));
		bops_buf_reset(&b);
		bops_instant_format_local(&b, t, tz);
		assert_string_equal(b.ptr, instants[i].text);
		bops_tz_close(tz);
	}
	bops_buf_release(&b);
}

static void
conversions_know_each_kind_of_zone(void **state)
{
	check_instants();
}

/*
 * When each day starts, and how long it lasts.  A day that loses an hour
 * to summer time is 23 hours long, one that gains it 25.  Where the
 * clocks skipped midnight (Sao Paulo 2018, Havana 2023), the day starts
 * when they jumped; where they went back to midnight (Havana in
 * November), at the first midnight.  Past years only: the tz database
 * rewrites a zone's future when its government changes the rules (Cuba
 * did for 2026).
 */
static void
days_start_at_local_midnight(void **state)
{
	static const struct {
		const char *tz, *date, *start;
		int hours;
	} rows[] = {
		{ "Asia/Ho_Chi_Minh", "2026-11-23", "2026-11-22T17:00:00Z",
		    24 },
		{ "UTC", "2026-11-23", "2026-11-23T00:00:00Z", 24 },
		{ NULL, "2026-11-23", "2026-11-23T00:00:00Z", 24 },
		{ "Europe/Stockholm", "2025-03-29", "2025-03-28T23:00:00Z",
		    24 },
		{ "Europe/Stockholm", "2025-03-30", "2025-03-29T23:00:00Z",
		    23 },
		{ "Europe/Stockholm", "2025-03-31", "2025-03-30T22:00:00Z",
		    24 },
		{ "Europe/Stockholm", "2025-10-26", "2025-10-25T22:00:00Z",
		    25 },
		{ "Europe/Stockholm", "2025-10-27", "2025-10-26T23:00:00Z",
		    24 },
		{ "America/New_York", "2026-11-23", "2026-11-23T05:00:00Z",
		    24 },
		{ "America/Sao_Paulo", "2018-11-03", "2018-11-03T03:00:00Z",
		    24 },
		{ "America/Sao_Paulo", "2018-11-04", "2018-11-04T03:00:00Z",
		    23 },
		{ "America/Sao_Paulo", "2019-02-16", "2019-02-16T02:00:00Z",
		    25 },
		{ "America/Sao_Paulo", "2019-02-17", "2019-02-17T03:00:00Z",
		    24 },
		{ "America/Havana", "2023-03-12", "2023-03-12T05:00:00Z", 23 },
		{ "America/Havana", "2023-11-05", "2023-11-05T04:00:00Z", 25 },
		{ "Pacific/Apia", "2011-12-30", "2011-12-30T10:00:00Z", 0 },
		{ "Pacific/Apia", "2011-12-31", "2011-12-30T10:00:00Z", 24 },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_tz *tz;
	int64_t start, end;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		tz = zone(rows[i].tz);
		start = bops_date_local_start(ymd(rows[i].date), tz);
		end = bops_date_local_start(ymd(rows[i].date) + 1, tz);
		bops_buf_reset(&b);
		bops_instant_format(&b, start);
		if (strcmp(b.ptr, rows[i].start) != 0 ||
		    end - start != rows[i].hours * 3600)
			fail_msg("%s in %s: starts %s, lasts %llds",
			    rows[i].date, bops_tz_name(tz), b.ptr,
			    (long long)(end - start));
		bops_tz_close(tz);
	}
	bops_buf_release(&b);
}

/* For every day of 2000-2030: the day starts at the first instant whose
 * local date is that day (or a later one, for a day a zone skipped). */
static void
day_start_is_the_first_instant_of_the_day(void **state)
{
	static const char *zones[] = {
		"Asia/Ho_Chi_Minh", "Europe/Stockholm", "America/Sao_Paulo",
		"America/Havana", "Pacific/Apia", "Australia/Lord_Howe",
	};
	int32_t d, from = ymd("2000-01-01"), to = ymd("2030-12-31");
	struct bops_tz *tz;
	int64_t start;
	size_t i;

	for (i = 0; i < NELEM(zones); i++) {
		tz = zone(zones[i]);
		for (d = from; d <= to; d++) {
			start = bops_date_local_start(d, tz);
			if (bops_date_local(start, tz) < d ||
			    bops_date_local(start - 1, tz) >= d)
				fail_msg("day %d in %s starts at %lld", d,
				    zones[i], (long long)start);
		}
		bops_tz_close(tz);
	}
}

static void
tz_valid_knows_real_zones_only(void **state)
{
	static const struct { const char *tz; bool ok; } rows[] = {
		{ "UTC", true }, { "", true }, { NULL, true },
		{ "Asia/Ho_Chi_Minh", true }, { "Europe/Stockholm", true },
		{ "America/New_York", true }, { "America/Sao_Paulo", true },
		{ "America/Argentina/Buenos_Aires", true },
		{ "Etc/GMT+7", true }, { "Etc/UTC", true },
		{ "Mars/Base", false }, { "../etc/passwd", false },
		{ "/etc/passwd", false }, { "Asia/../Europe/Stockholm", false },
		{ "Asia", false }, { "Asia/", false }, { "Asia//Tokyo", false },
		{ "./UTC", false }, { "zone.tab", false },
		{ "Asia/Ho Chi Minh", false }, { "asia/tokyo", false },
		/* The database's other files, and what GLib would read as a
		 * POSIX TZ rule, an offset or a path. */
		{ "posixrules", false }, { "localtime", false },
		{ "right/UTC", false }, { "leapseconds", false },
		{ "GMT+7", false }, { "XYZ-7", false }, { "+07", false },
		{ "CET-1CEST,M3.5.0,M10.5.0/3", false },
		{ "/usr/share/zoneinfo/Asia/Tokyo", false },
	};
	size_t i;

	for (i = 0; i < NELEM(rows); i++)
		if (bops_tz_valid(rows[i].tz) != rows[i].ok)
			fail_msg("tz_valid('%s') is not %d",
			    rows[i].tz ? rows[i].tz : "NULL", rows[i].ok);
}

static void
tz_open_refuses_unknown_zones_and_needs_nothing_for_utc(void **state)
{
	static const char *unknown[] = {
		"Mars/Base", "GMT+7", "Europe/stockholm", "zone.tab",
	};
	const struct bops_error *err;
	struct bops_tz *tz = (struct bops_tz *)&tz;
	char msg[64];
	size_t i;

	for (i = 0; i < NELEM(unknown); i++) {
		err = bops_tz_open(&tz, unknown[i]);
		assert_non_null(err);
		assert_int_equal(err->code, BOPS_ERR_INVALID);
		snprintf(msg, sizeof(msg), "unknown time zone '%s'",
		    unknown[i]);
		assert_string_equal(err->msg, msg);
		assert_null(tz);
	}
	assert_null(bops_tz_open(&tz, "UTC"));
	assert_null(tz);
	assert_null(bops_tz_open(&tz, NULL));
	assert_null(tz);
	assert_string_equal(bops_tz_name(NULL), "UTC");
	tz = zone("Europe/Stockholm");
	assert_string_equal(bops_tz_name(tz), "Europe/Stockholm");
	bops_tz_close(tz);
	bops_tz_close(NULL);
}

/*
 * No conversion sets TZ, nor puts it back: the very string the caller
 * put in the environment stays there, and whatever TZ says, unset, odd or
 * a real zone, every result is the same.
 */
static void
conversions_leave_the_environment_alone(void **state)
{
	static char odd[] = "TZ=XYZ+3", real[] = "TZ=America/New_York";
	char *const values[] = { NULL, odd, real };
	const char *before;
	size_t i;

	for (i = 0; i < NELEM(values); i++) {
		if (values[i])
			assert_int_equal(putenv(values[i]), 0);
		else
			assert_int_equal(unsetenv("TZ"), 0);
		before = getenv("TZ");
		check_instants();
		assert_ptr_equal(getenv("TZ"), before);
	}
	assert_int_equal(unsetenv("TZ"), 0);
}

static void
instant_parse_relative_takes_dates_as_local_midnight(void **state)
{
	static const struct {
		const char *s, *tz;
		enum bops_date_dir dir;
		const char *t;
	} rows[] = {
		{ "2026-11-23T10:00:00Z", "Asia/Ho_Chi_Minh",
		    BOPS_DATE_PAST, "2026-11-23T10:00:00Z" },
		{ "today", "Asia/Ho_Chi_Minh", BOPS_DATE_FUTURE,
		    "2026-11-22T17:00:00Z" },
		{ "today", "UTC", BOPS_DATE_PAST, "2026-11-22T00:00:00Z" },
		{ "tomorrow", "UTC", BOPS_DATE_PAST, "2026-11-23T00:00:00Z" },
		{ "2026-12-01", "Asia/Ho_Chi_Minh", BOPS_DATE_FUTURE,
		    "2026-11-30T17:00:00Z" },
		{ "monday", NULL, BOPS_DATE_FUTURE, "2026-11-23T00:00:00Z" },
		{ "monday", NULL, BOPS_DATE_PAST, "2026-11-16T00:00:00Z" },
		/* Already Monday in Ho Chi Minh City. */
		{ "monday", "Asia/Ho_Chi_Minh", BOPS_DATE_FUTURE,
		    "2026-11-29T17:00:00Z" },
		{ "sunday", "Asia/Ho_Chi_Minh", BOPS_DATE_PAST,
		    "2026-11-21T17:00:00Z" },
		{ "2026-10-25", "Europe/Stockholm", BOPS_DATE_PAST,
		    "2026-10-24T22:00:00Z" },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	int64_t now = instant("2026-11-22T18:30:00Z"), t;
	struct bops_tz *tz;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		tz = zone(rows[i].tz);
		assert_null(bops_instant_parse_relative(&t, rows[i].s, now,
		    tz, rows[i].dir));
		bops_buf_reset(&b);
		bops_instant_format(&b, t);
		assert_string_equal(b.ptr, rows[i].t);
		bops_tz_close(tz);
	}
	bops_buf_release(&b);
	expect_usage(bops_instant_parse_relative(&t, "someday", now, NULL,
	    BOPS_DATE_PAST), "invalid instant 'someday'");
	expect_usage(bops_instant_parse_relative(&t, "2026-11-23T10:00:00",
	    now, NULL, BOPS_DATE_FUTURE),
	    "invalid instant '2026-11-23T10:00:00'");
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
period_parse_knows_every_form(void **state)
{
	static const struct {
		const char *text, *first, *last, *canon;
	} rows[] = {
		{ "2026", "2026-01-01", "2026-12-31", "2026" },
		{ "2024", "2024-01-01", "2024-12-31", "2024" },
		{ "2026-H1", "2026-01-01", "2026-06-30", "2026-H1" },
		{ "2026-H2", "2026-07-01", "2026-12-31", "2026-H2" },
		{ "2026-h1", "2026-01-01", "2026-06-30", "2026-H1" },
		{ "2026-Q1", "2026-01-01", "2026-03-31", "2026-Q1" },
		{ "2026-Q2", "2026-04-01", "2026-06-30", "2026-Q2" },
		{ "2026-Q3", "2026-07-01", "2026-09-30", "2026-Q3" },
		{ "2026-Q4", "2026-10-01", "2026-12-31", "2026-Q4" },
		{ "2026-q4", "2026-10-01", "2026-12-31", "2026-Q4" },
		{ "2026-q1", "2026-01-01", "2026-03-31", "2026-Q1" },
		{ "2024-Q1", "2024-01-01", "2024-03-31", "2024-Q1" },
		{ "2026-01", "2026-01-01", "2026-01-31", "2026-01" },
		{ "2026-02", "2026-02-01", "2026-02-28", "2026-02" },
		{ "2024-02", "2024-02-01", "2024-02-29", "2024-02" },
		{ "2026-04", "2026-04-01", "2026-04-30", "2026-04" },
		{ "2026-11", "2026-11-01", "2026-11-30", "2026-11" },
		{ "2026-12", "2026-12-01", "2026-12-31", "2026-12" },
		{ "2026-w48", "2026-11-23", "2026-11-29", "2026-w48" },
		{ "2026-W48", "2026-11-23", "2026-11-29", "2026-w48" },
		{ "2026-w53", "2026-12-28", "2027-01-03", "2026-w53" },
		{ "2026-w01", "2025-12-29", "2026-01-04", "2026-w01" },
		{ "2020-w53", "2020-12-28", "2021-01-03", "2020-w53" },
		{ "2026-11-01..2026-12-15", "2026-11-01", "2026-12-15",
		    "2026-11-01..2026-12-15" },
		{ "2026-11-01..2026-11-01", "2026-11-01", "2026-11-01",
		    "2026-11-01..2026-11-01" },
		{ "2024-02-28..2024-03-01", "2024-02-28", "2024-03-01",
		    "2024-02-28..2024-03-01" },
	};
	struct bops_buf canon = BOPS_BUF_INIT;
	struct bops_period p, again;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		bops_buf_reset(&canon);
		if (bops_period_parse(&p, rows[i].text, &canon))
			fail_msg("'%s' refused", rows[i].text);
		if (p.first != ymd(rows[i].first) ||
		    p.last != ymd(rows[i].last))
			fail_msg("'%s': wrong days", rows[i].text);
		assert_string_equal(canon.ptr, rows[i].canon);
		/* The canonical text reads back as the same period. */
		assert_null(bops_period_parse(&again, canon.ptr, NULL));
		assert_int_equal(again.first, p.first);
		assert_int_equal(again.last, p.last);
	}
	bops_buf_release(&canon);
}

static void
period_parse_rejects_what_is_no_period(void **state)
{
	static const char *rows[] = {
		"2026-Q5", "2026-Q0", "2026-Q", "2026-Q44", "2026-H3",
		"2026-H0", "2026-13", "2026-00", "2026-1", "2026-011",
		"2027-w53", "2026-w54", "2026-w00", "2026-w5", "2026-w100",
		"2026-12-15..2026-11-01", "2026-11-01..", "..2026-11-01",
		"2026-11-31..2026-12-01", "2026-11-01..2026-13-01",
		"2026..2027", "garbage", "", "26", "2026-", "20261",
		" 2026", "2026 ", "0000", "2026-Q4x", "2026-X1", "-2026",
		"2026-11-01...2026-12-01",
	};
	struct bops_buf canon = BOPS_BUF_INIT, want = BOPS_BUF_INIT;
	const struct bops_error *err;
	struct bops_period p;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		bops_buf_reset(&canon);
		bops_buf_reset(&want);
		err = bops_period_parse(&p, rows[i], &canon);
		if (err == NULL)
			fail_msg("'%s' accepted", rows[i]);
		assert_int_equal(err->code, BOPS_ERR_USAGE);
		bops_buf_printf(&want, "invalid period '%s'", rows[i]);
		if (strncmp(err->msg, want.ptr, want.len))
			fail_msg("'%s': message '%s'", rows[i], err->msg);
		assert_int_equal(canon.len, 0);
	}
	bops_buf_release(&canon);
	bops_buf_release(&want);
}

static void
quarter_names_the_quarter_of_a_day(void **state)
{
	static const struct { const char *day, *want; } rows[] = {
		{ "2026-01-01", "2026-Q1" }, { "2026-03-31", "2026-Q1" },
		{ "2026-04-01", "2026-Q2" }, { "2026-06-30", "2026-Q2" },
		{ "2026-07-01", "2026-Q3" }, { "2026-09-30", "2026-Q3" },
		{ "2026-10-01", "2026-Q4" }, { "2026-11-23", "2026-Q4" },
		{ "2026-12-31", "2026-Q4" }, { "2024-02-29", "2024-Q1" },
		{ "2027-01-01", "2027-Q1" },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_period p;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		bops_buf_reset(&b);
		bops_period_quarter(&b, ymd(rows[i].day));
		assert_string_equal(b.ptr, rows[i].want);
		/* The quarter holds the day. */
		p = period(b.ptr);
		assert_true(p.first <= ymd(rows[i].day));
		assert_true(ymd(rows[i].day) <= p.last);
	}
	/* It appends. */
	bops_buf_reset(&b);
	bops_buf_puts(&b, "period=");
	bops_period_quarter(&b, ymd("2026-11-23"));
	assert_string_equal(b.ptr, "period=2026-Q4");
	bops_buf_release(&b);
}

static void
period_is_over_after_its_last_day_in_the_zone(void **state)
{
	static const struct {
		const char *period, *now, *tz;
		bool over;
	} rows[] = {
		{ "2026-Q4", "2026-11-23T09:00:00Z", NULL, false },
		{ "2026-Q4", "2026-12-31T23:59:59Z", NULL, false },
		{ "2026-Q4", "2027-01-01T00:00:00Z", NULL, true },
		{ "2026-Q4", "2026-12-31T16:59:59Z", HCM, false },
		{ "2026-Q4", "2026-12-31T17:00:00Z", HCM, true },
		{ "2026-Q4", "2027-01-01T04:59:59Z", "America/New_York",
		    false },
		{ "2026-Q4", "2027-01-01T05:00:00Z", "America/New_York",
		    true },
		{ "2026-w48", "2026-11-29T23:59:59Z", NULL, false },
		{ "2026-w48", "2026-11-30T00:00:00Z", NULL, true },
		{ "2026-11-01..2026-11-15", "2026-11-16T00:00:00Z", NULL,
		    true },
		{ "2027", "2026-06-01T00:00:00Z", NULL, false },
	};
	struct bops_period p;
	struct bops_tz *tz;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		p = period(rows[i].period);
		tz = zone(rows[i].tz);
		if (bops_period_over(&p, instant(rows[i].now), tz) !=
		    rows[i].over)
			fail_msg("%s at %s in %s: want %s", rows[i].period,
			    rows[i].now, rows[i].tz ? rows[i].tz : "UTC",
			    rows[i].over ? "over" : "not over");
		bops_tz_close(tz);
	}
}

static void
duration_units_keep_what_was_written(void **state)
{
	static const struct {
		const char *text;
		int64_t w, d, h, m;
	} rows[] = {
		{ "7d", 0, 7, 0, 0 },
		{ "1w", 1, 0, 0, 0 },
		{ "1w2d3h4m", 1, 2, 3, 4 },
		{ "90m", 0, 0, 0, 90 },
		{ "0", 0, 0, 0, 0 },
		{ "0m", 0, 0, 0, 0 },
	};
	static const char *const bad[] = { "", "7", "1d1w", "1h1h", "-1h",
	    "1x", "h", "1.5h" };
	int64_t u[BOPS_DUR__COUNT];
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		assert_null(bops_duration_parse_units(u, rows[i].text));
		if (u[BOPS_DUR_W] != rows[i].w || u[BOPS_DUR_D] !=
		    rows[i].d || u[BOPS_DUR_H] != rows[i].h ||
		    u[BOPS_DUR_M] != rows[i].m)
			fail_msg("'%s': got %lldw %lldd %lldh %lldm",
			    rows[i].text, (long long)u[BOPS_DUR_W],
			    (long long)u[BOPS_DUR_D], (long long)u[BOPS_DUR_H],
			    (long long)u[BOPS_DUR_M]);
	}
	for (i = 0; i < NELEM(bad); i++)
		assert_non_null(bops_duration_parse_units(u, bad[i]));
}

/*
 * Wall-clock times in each kind of zone.  Stockholm jumps from 02:00
 * to 03:00 on 2026-03-29 and from 03:00 back to 02:00 on 2026-10-25.
 */
static void
local_time_reads_the_wall_clock(void **state)
{
	static const struct {
		const char *day;
		int32_t secs;
		const char *tz, *want;
	} rows[] = {
		{ "2026-11-23", 9 * 3600, NULL, "2026-11-23T09:00:00Z" },
		{ "2026-11-23", 9 * 3600, HCM, "2026-11-23T02:00:00Z" },
		{ "2026-11-23", 0, HCM, "2026-11-22T17:00:00Z" },
		{ "2026-11-23", 86400, HCM, "2026-11-23T17:00:00Z" },
		{ "2026-03-29", 9 * 3600, "Europe/Stockholm",
		    "2026-03-29T07:00:00Z" },
		{ "2026-03-28", 9 * 3600, "Europe/Stockholm",
		    "2026-03-28T08:00:00Z" },
		/* skipped: the moment of the jump */
		{ "2026-03-29", 2 * 3600 + 1800, "Europe/Stockholm",
		    "2026-03-29T01:00:00Z" },
		/* shown twice: the first */
		{ "2026-10-25", 2 * 3600 + 1800, "Europe/Stockholm",
		    "2026-10-25T00:30:00Z" },
		{ "2026-10-25", 17 * 3600, "Europe/Stockholm",
		    "2026-10-25T16:00:00Z" },
		{ "2026-10-25", 0, "Europe/Stockholm",
		    "2026-10-24T22:00:00Z" },
	};
	struct bops_tz *tz;
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		tz = zone(rows[i].tz);
		bops_buf_reset(&b);
		bops_instant_format(&b, bops_date_local_time(ymd(rows[i].day),
		    rows[i].secs, tz));
		if (strcmp(b.ptr, rows[i].want))
			fail_msg("%s +%ds in %s: got %s, want %s",
			    rows[i].day, (int)rows[i].secs,
			    rows[i].tz ? rows[i].tz : "UTC", b.ptr,
			    rows[i].want);
		assert_int_equal(bops_date_local_time(ymd(rows[i].day), 0, tz),
		    bops_date_local_start(ymd(rows[i].day), tz));
		bops_tz_close(tz);
	}
	bops_buf_release(&b);
}

/* A calendar of Monday to Friday, open..close, in zone name, with the
 * holidays given (YYYY-MM-DD, sorted, NULL-terminated). */
struct cal {
	struct bops_calendar c;
	struct bops_tz *tz;
	int32_t holidays[8];
};

static void
cal_open(struct cal *k, const char *name, unsigned days, int open,
    int close, const char *const *holidays)
{
	size_t n = 0;

	memset(k, 0, sizeof(*k));
	k->tz = zone(name);
	for (; holidays && holidays[n]; n++)
		k->holidays[n] = ymd(holidays[n]);
	k->c.tz = k->tz;
	k->c.days = days;
	k->c.open = open;
	k->c.close = close;
	k->c.holidays = k->holidays;
	k->c.nholidays = n;
}

#define WEEKDAYS (0x3e)		/* bits 1..5: Monday to Friday */
#define EVERY_DAY (0xfe)	/* bits 1..7 */
#define H(x) ((x) * 3600)
#define STHLM "Europe/Stockholm"

/* Business hours counted between two instants: the edge cases of an SLA
 * clock.  2026-11-23 is a Monday; 2026-12-24 a holiday (a Thursday). */
static void
calendar_counts_business_time(void **state)
{
	static const char *const xmas[] = { "2026-12-24", NULL };
	static const struct {
		const char *what, *tz;
		unsigned days;
		int open, close;
		const char *from, *to;
		int64_t want;
	} rows[] = {
		{ "within one day", HCM, WEEKDAYS, H(9), H(17),
		    "2026-11-23T02:00:00Z", "2026-11-23T03:30:00Z", 5400 },
		{ "opened at night: from the next opening", HCM, WEEKDAYS,
		    H(9), H(17), "2026-11-23T15:00:00Z",
		    "2026-11-24T03:00:00Z", H(1) },
		{ "opened on a Saturday: from Monday 09:00", HCM, WEEKDAYS,
		    H(9), H(17), "2026-11-21T03:00:00Z",
		    "2026-11-23T02:30:00Z", 1800 },
		{ "across a weekend", HCM, WEEKDAYS, H(9), H(17),
		    "2026-11-27T09:00:00Z", "2026-11-30T03:00:00Z", H(2) },
		{ "a whole week", HCM, WEEKDAYS, H(9), H(17),
		    "2026-11-22T17:00:00Z", "2026-11-29T17:00:00Z", H(40) },
		{ "a holiday is skipped", HCM, WEEKDAYS, H(9), H(17),
		    "2026-12-23T09:00:00Z", "2026-12-25T03:00:00Z", H(2) },
		{ "on a holiday: nothing", HCM, WEEKDAYS, H(9), H(17),
		    "2026-12-24T02:00:00Z", "2026-12-24T10:00:00Z", 0 },
		{ "after closing: nothing", HCM, WEEKDAYS, H(9), H(17),
		    "2026-11-23T10:00:00Z", "2026-11-23T16:59:59Z", 0 },
		{ "an empty range", HCM, WEEKDAYS, H(9), H(17),
		    "2026-11-23T03:00:00Z", "2026-11-23T03:00:00Z", 0 },
		{ "a backwards range", HCM, WEEKDAYS, H(9), H(17),
		    "2026-11-23T04:00:00Z", "2026-11-23T03:00:00Z", 0 },
		{ "in UTC", NULL, WEEKDAYS, H(9), H(17),
		    "2026-11-23T08:00:00Z", "2026-11-23T18:00:00Z", H(8) },
		{ "spring forward over a weekend", STHLM, WEEKDAYS, H(9),
		    H(17), "2026-03-27T15:00:00Z", "2026-03-30T08:00:00Z",
		    H(2) },
		{ "fall back over a weekend", STHLM, WEEKDAYS, H(9), H(17),
		    "2026-10-23T14:00:00Z", "2026-10-26T09:00:00Z", H(2) },
		{ "a day of 8 hours either side of a change", STHLM,
		    WEEKDAYS, H(9), H(17), "2026-03-26T23:00:00Z",
		    "2026-03-30T22:00:00Z", H(16) },
		{ "hours across the jump forward are an hour short", STHLM,
		    EVERY_DAY, H(1), H(5), "2026-03-28T22:00:00Z",
		    "2026-03-29T21:00:00Z", H(3) },
		{ "hours across the jump back are an hour long", STHLM,
		    EVERY_DAY, H(1), H(5), "2026-10-24T22:00:00Z",
		    "2026-10-25T22:00:00Z", H(5) },
		{ "open all day, every day", HCM, EVERY_DAY, 0, 86400,
		    "2026-11-21T00:00:00Z", "2026-11-23T00:00:00Z", H(48) },
	};
	struct cal k;
	size_t i;
	int64_t got;

	for (i = 0; i < NELEM(rows); i++) {
		cal_open(&k, rows[i].tz, rows[i].days, rows[i].open,
		    rows[i].close, xmas);
		got = bops_calendar_count(&k.c, instant(rows[i].from),
		    instant(rows[i].to));
		if (got != rows[i].want)
			fail_msg("%s: %s..%s: got %llds, want %llds",
			    rows[i].what, rows[i].from, rows[i].to,
			    (long long)got, (long long)rows[i].want);
		bops_tz_close(k.tz);
	}
}

/*
 * A calendar with a memo of its days counts what one without counts:
 * stretches of every length, from a minute to two years, in zones with
 * and without summer time, hours that cross its changes, holidays.
 */
static void
calendar_memo_counts_the_same(void **state)
{
	static const char *const xmas[] = { "2026-12-24", "2027-01-01", NULL };
	static const struct {
		const char *tz;
		unsigned days;
		int open, close;
	} cals[] = {
		{ HCM, WEEKDAYS, H(9), H(17) },
		{ STHLM, WEEKDAYS, H(8), H(18) },
		{ STHLM, EVERY_DAY, H(1), H(5) },
		{ STHLM, EVERY_DAY, 0, 86400 },
		{ "America/New_York", WEEKDAYS, H(9), H(17) },
		{ NULL, EVERY_DAY, H(2), H(3) },
	};
	int64_t base = instant("2025-10-01T00:00:00Z"), from, to, slow;
	struct bops_calendar_memo *grown;
	uint32_t r = 12345;
	struct cal k;
	size_t i, j;

	for (i = 0; i < NELEM(cals); i++) {
		cal_open(&k, cals[i].tz, cals[i].days, cals[i].open,
		    cals[i].close, xmas);
		bops_calendar_memo_new(&k.c);
		grown = k.c.memo;
		for (j = 0; j < 400; j++) {
			r = r * 1103515245u + 12345u;
			from = base + (int64_t)(r % (700u * 86400u));
			r = r * 1103515245u + 12345u;
			/* a minute, a day or so, or up to two years */
			to = from + (j % 3 == 0 ? (int64_t)(r % 3600) :
			    j % 3 == 1 ? (int64_t)(r % (4 * 86400)) :
			    (int64_t)(r % (730u * 86400u)));
			k.c.memo = NULL;
			slow = bops_calendar_count(&k.c, from, to);
			/* with the memo grown over the stretches before */
			k.c.memo = grown;
			assert_int_equal(bops_calendar_count(&k.c, from, to),
			    slow);
		}
		bops_calendar_memo_free(&k.c);
		bops_tz_close(k.tz);
	}
}

/* Deadlines: the instant a business time runs out. */
static void
calendar_adds_business_time(void **state)
{
	static const char *const xmas[] = { "2026-12-24", NULL };
	static const struct {
		const char *what, *tz, *from;
		int64_t secs;
		const char *want;
	} rows[] = {
		{ "within the day", HCM, "2026-11-23T02:00:00Z", H(1),
		    "2026-11-23T03:00:00Z" },
		{ "past closing: the next morning", HCM,
		    "2026-11-23T09:30:00Z", H(1), "2026-11-24T02:30:00Z" },
		{ "ends at closing time", HCM, "2026-11-23T02:00:00Z", H(8),
		    "2026-11-23T10:00:00Z" },
		{ "opened at night", HCM, "2026-11-23T15:00:00Z", H(1),
		    "2026-11-24T03:00:00Z" },
		{ "opened on a Saturday", HCM, "2026-11-21T03:00:00Z", H(1),
		    "2026-11-23T03:00:00Z" },
		{ "over a holiday", HCM, "2026-12-23T09:00:00Z", H(4),
		    "2026-12-25T05:00:00Z" },
		{ "a business week", HCM, "2026-11-23T02:00:00Z", H(40),
		    "2026-11-27T10:00:00Z" },
		{ "nothing to add", HCM, "2026-11-21T03:00:00Z", 0,
		    "2026-11-21T03:00:00Z" },
		{ "over the jump forward", STHLM, "2026-03-27T15:00:00Z",
		    H(2), "2026-03-30T08:00:00Z" },
		{ "over the jump back", STHLM, "2026-10-23T14:00:00Z", H(2),
		    "2026-10-26T09:00:00Z" },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	struct cal k;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		cal_open(&k, rows[i].tz, WEEKDAYS, H(9), H(17), xmas);
		bops_buf_reset(&b);
		bops_instant_format(&b, bops_calendar_add(&k.c,
		    instant(rows[i].from), rows[i].secs));
		if (strcmp(b.ptr, rows[i].want))
			fail_msg("%s: %s + %llds: got %s, want %s",
			    rows[i].what, rows[i].from,
			    (long long)rows[i].secs, b.ptr, rows[i].want);
		/* count is the inverse of add */
		assert_int_equal(bops_calendar_count(&k.c,
		    instant(rows[i].from), bops_calendar_add(&k.c,
		    instant(rows[i].from), rows[i].secs)), rows[i].secs);
		bops_tz_close(k.tz);
	}
	/* A calendar without a working day never gets there. */
	cal_open(&k, HCM, 0, H(9), H(17), NULL);
	assert_true(bops_calendar_add(&k.c, instant("2026-11-23T02:00:00Z"),
	    60) == INT64_MAX);
	assert_int_equal(bops_calendar_count(&k.c,
	    instant("2026-11-23T02:00:00Z"), instant("2027-11-23T02:00:00Z")),
	    0);
	bops_tz_close(k.tz);
	bops_buf_release(&b);
}

struct spans {
	int64_t end, counted;
	size_t n;
	enum bops_calendar_why why[16];
};

static void
one_span(int64_t from, int64_t to, enum bops_calendar_why why, void *arg)
{
	struct spans *s = arg;

	assert_int_equal(from, s->end);
	assert_true(to > from);
	s->end = to;
	if (why == BOPS_CAL_OPEN)
		s->counted += to - from;
	if (s->n < NELEM(s->why))
		s->why[s->n] = why;
	s->n++;
}

/* The stretches tile the range and say why each counts or not. */
static void
calendar_spans_say_why(void **state)
{
	static const char *const xmas[] = { "2026-12-24", NULL };
	static const enum bops_calendar_why want[] = {
		BOPS_CAL_OPEN, BOPS_CAL_CLOSED,		/* Wed 16:00.. */
		BOPS_CAL_HOLIDAY,			/* Thu */
		BOPS_CAL_CLOSED, BOPS_CAL_OPEN,	BOPS_CAL_CLOSED, /* Fri */
		BOPS_CAL_OFF_DAY, BOPS_CAL_OFF_DAY,	/* the weekend */
		BOPS_CAL_CLOSED, BOPS_CAL_OPEN,		/* Mon ..10:00 */
	};
	struct spans s;
	struct cal k;
	size_t i;

	cal_open(&k, HCM, WEEKDAYS, H(9), H(17), xmas);
	memset(&s, 0, sizeof(s));
	s.end = instant("2026-12-23T09:00:00Z");
	bops_calendar_spans(&k.c, s.end, instant("2026-12-28T03:00:00Z"),
	    one_span, &s);
	assert_int_equal(s.end, instant("2026-12-28T03:00:00Z"));
	assert_int_equal(s.counted, H(10));
	assert_int_equal(s.n, NELEM(want));
	for (i = 0; i < NELEM(want); i++)
		if (s.why[i] != want[i])
			fail_msg("stretch %zu: got %d, want %d", i,
			    (int)s.why[i], (int)want[i]);
	assert_false(bops_calendar_workday(&k.c, ymd("2026-12-24")));
	assert_false(bops_calendar_workday(&k.c, ymd("2026-12-26")));
	assert_true(bops_calendar_workday(&k.c, ymd("2026-12-23")));
	bops_tz_close(k.tz);
}

/* SLA targets in business time: a day is a day's hours, a week the
 * working days of a week; 7d is not 1w. */
static void
calendar_duration_is_business_time(void **state)
{
	static const struct {
		const char *text;
		unsigned days;
		int64_t want;
	} rows[] = {
		{ "1h", WEEKDAYS, H(1) },
		{ "45m", WEEKDAYS, 2700 },
		{ "1d", WEEKDAYS, H(8) },
		{ "3d", WEEKDAYS, H(24) },
		{ "7d", WEEKDAYS, H(56) },
		{ "1w", WEEKDAYS, H(40) },
		{ "1w", EVERY_DAY, H(56) },
		{ "1d4h", WEEKDAYS, H(12) },
		{ "0m", WEEKDAYS, 0 },
	};
	int64_t u[BOPS_DUR__COUNT];
	struct cal k;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		cal_open(&k, NULL, rows[i].days, H(9), H(17), NULL);
		assert_null(bops_duration_parse_units(u, rows[i].text));
		if (bops_calendar_duration(&k.c, u) != rows[i].want)
			fail_msg("'%s': got %llds, want %llds", rows[i].text,
			    (long long)bops_calendar_duration(&k.c, u),
			    (long long)rows[i].want);
	}
	assert_null(bops_duration_parse_units(u, "999999999999999w"));
	cal_open(&k, NULL, WEEKDAYS, H(9), H(17), NULL);
	assert_true(bops_calendar_duration(&k.c, u) == INT64_MAX);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(is_leap_follows_gregorian_rules),
		cmocka_unit_test(days_in_month_knows_february),
		cmocka_unit_test(from_ymd_counts_days_since_epoch),
		cmocka_unit_test(
		    ymd_round_trips_over_every_day_of_ten_millennia),
		cmocka_unit_test(weekday_is_iso_numbered),
		cmocka_unit_test(weekday_named_takes_whole_lower_case_names),
		cmocka_unit_test(parse_and_format_dates),
		cmocka_unit_test(parse_rejects_loose_dates),
		cmocka_unit_test(isoweek_crosses_year_ends),
		cmocka_unit_test(isoweeks_in_year_is_52_or_53),
		cmocka_unit_test(from_isoweek_gives_the_monday),
		cmocka_unit_test(from_isoweek_refuses_missing_weeks),
		cmocka_unit_test(format_isoweek_is_lower_case_two_digits),
		cmocka_unit_test(instants_parse_and_format),
		cmocka_unit_test(instant_parse_wants_utc_with_z),
		cmocka_unit_test(durations_parse),
		cmocka_unit_test(duration_parse_rejects_junk),
		cmocka_unit_test(duration_format_is_canonical),
		cmocka_unit_test(duration_span_is_short),
		cmocka_unit_test(relative_dates_count_from_today),
		cmocka_unit_test(weekdays_point_the_way_asked),
		cmocka_unit_test(relative_dates_reject_nonsense),
		cmocka_unit_test(typed_dates_read_as_people_mean_them),
		cmocka_unit_test(ambiguous_dates_are_refused_with_a_hint),
		cmocka_unit_test(conversions_know_each_kind_of_zone),
		cmocka_unit_test(days_start_at_local_midnight),
		cmocka_unit_test(day_start_is_the_first_instant_of_the_day),
		cmocka_unit_test(tz_valid_knows_real_zones_only),
		cmocka_unit_test(
		    tz_open_refuses_unknown_zones_and_needs_nothing_for_utc),
		cmocka_unit_test(conversions_leave_the_environment_alone),
		cmocka_unit_test(
		    instant_parse_relative_takes_dates_as_local_midnight),
		cmocka_unit_test(period_parse_knows_every_form),
		cmocka_unit_test(period_parse_rejects_what_is_no_period),
		cmocka_unit_test(quarter_names_the_quarter_of_a_day),
		cmocka_unit_test(
		    period_is_over_after_its_last_day_in_the_zone),
		cmocka_unit_test(duration_units_keep_what_was_written),
		cmocka_unit_test(local_time_reads_the_wall_clock),
		cmocka_unit_test(calendar_counts_business_time),
		cmocka_unit_test(calendar_memo_counts_the_same),
		cmocka_unit_test(calendar_adds_business_time),
		cmocka_unit_test(calendar_spans_say_why),
		cmocka_unit_test(calendar_duration_is_business_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
