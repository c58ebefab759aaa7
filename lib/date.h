/*
 * date.h: calendar dates, instants, durations, ISO weeks, periods,
 * relative dates and time zones.  Pure functions: the clock and the time
 * zone are always arguments.
 *
 * A date is a day number: days since 1970-01-01 (negative before).
 * An instant is seconds since the epoch, UTC (int64_t).
 * A duration is a number of seconds (int64_t).
 *
 * A time zone is a struct bops_tz, opened once from its IANA name
 * ("Asia/Ho_Chi_Minh", "Europe/Stockholm") and handed to each
 * conversion; NULL is UTC.  Its rules come from the system's tz database
 * (/usr/share/zoneinfo, which the distribution keeps up to date), read
 * through GLib's GTimeZone.  No conversion reads or changes TZ, nor any
 * other state of the process.
 */
#ifndef BOPS_DATE_H
#define BOPS_DATE_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"

/* The calendar bops knows: 0001-01-01 .. 9999-12-31, as day numbers. */
#define BOPS_DATE_MIN (-719162)
#define BOPS_DATE_MAX 2932896

/* Proleptic Gregorian calendar. */
bool bops_date_is_leap(int year);
int bops_date_days_in_month(int year, int month);
/* The day number of y-m-d; no range check beyond what the caller did. */
int32_t bops_date_from_ymd(int year, int month, int day);
void bops_date_to_ymd(int32_t days, int *year, int *month, int *day);
/* 1 = Monday .. 7 = Sunday (ISO). */
int bops_date_weekday(int32_t days);
/* The weekday a lower-case English name says ("monday" .. "sunday", in
 * full), 1 .. 7 as bops_date_weekday; 0 for anything else or NULL. */
int bops_date_weekday_named(const char *name);

/* "YYYY-MM-DD", strictly (zero-padded, a real day).  USAGE on error. */
const struct bops_error *bops_date_parse(int32_t *out, const char *s);
/* Append "YYYY-MM-DD". */
void bops_date_format(struct bops_buf *out, int32_t days);

/* ISO 8601 weeks: week 1 holds the year's first Thursday. */
void bops_date_isoweek(int32_t days, int *iso_year, int *week);
/* The Monday of ISO week `week` of `iso_year`; USAGE if no such week. */
const struct bops_error *bops_date_from_isoweek(int32_t *out, int iso_year,
    int week);
/* Weeks in an ISO year: 52 or 53. */
int bops_date_isoweeks_in_year(int iso_year);
/* Append "2026-w48" (lower case, two-digit week). */
void bops_date_format_isoweek(struct bops_buf *out, int32_t days);

/* "YYYY-MM-DDTHH:MM:SSZ" only.  USAGE on error. */
const struct bops_error *bops_instant_parse(int64_t *out, const char *s);
/* Append "YYYY-MM-DDTHH:MM:SSZ". */
void bops_instant_format(struct bops_buf *out, int64_t t);

/*
 * Time zones.  A zone does not change once opened, so one zone may serve
 * several threads at once.  NULL is UTC: every conversion below takes it,
 * and needs no library call for it.
 */
struct bops_tz;

/*
 * Whether name is a zone of the tz database: an IANA name such as
 * "Asia/Ho_Chi_Minh" or "UTC", each part a capital letter followed by
 * letters, digits, '_', '+' or '-'.  NULL and "" are UTC, and valid.
 * The database's other files (zone.tab, posixrules, localtime, right/),
 * paths and POSIX TZ rules ("XYZ-7", "+07") are not zones.
 */
bool bops_tz_valid(const char *name);
/*
 * Open zone name.  *out is NULL for UTC (NULL, "" or "UTC"): nothing
 * needs opening.  BOPS_ERR_INVALID "unknown time zone 'x'" when name is
 * no zone (bops_tz_valid).  Close with bops_tz_close().
 */
const struct bops_error *bops_tz_open(struct bops_tz **out,
    const char *name);
void bops_tz_close(struct bops_tz *tz);
/* The name tz was opened with ("UTC" for NULL); borrowed from tz. */
const char *bops_tz_name(const struct bops_tz *tz);

/* The local date of instant t in time zone tz. */
int32_t bops_date_local(int64_t t, const struct bops_tz *tz);
/*
 * The instant at which local date `days` starts in tz: its midnight, the
 * first one when the clocks were put back to 00:00, and the moment the
 * clocks jumped when they skipped midnight (DST that began at 00:00).
 */
int64_t bops_date_local_start(int32_t days, const struct bops_tz *tz);
/*
 * The instant at which the wall clock of tz shows `seconds` after
 * midnight (0..86400) on local date `days`.  A time the clocks skipped
 * (02:30 when they jumped from 02:00 to 03:00) is the moment of the
 * jump; a time they showed twice (when they were put back) is the first.
 * bops_date_local_start is this at 0 seconds.
 */
int64_t bops_date_local_time(int32_t days, int32_t seconds,
    const struct bops_tz *tz);
/* The local wall-clock of t in tz: seconds since local midnight. */
int32_t bops_time_local_seconds(int64_t t, const struct bops_tz *tz);
/* The offset of tz from UTC at instant t, in seconds east (+25200 for
 * Asia/Ho_Chi_Minh). */
int32_t bops_tz_offset(int64_t t, const struct bops_tz *tz);
/*
 * Append "2026-11-23 16:05 +0700": instant t on the wall clock of tz, to
 * the minute, with that zone's offset from UTC at t, as git log
 * --date=iso shows it, so that a reader never has to guess the zone.
 */
void bops_instant_format_local(struct bops_buf *out, int64_t t,
    const struct bops_tz *tz);

/*
 * Periods, as objectives and reports name them: the first and last day,
 * inclusive (day numbers).
 */
struct bops_period {
	int32_t first, last;
};

/*
 * Parse a period: "2026" (the year), "2026-H1"/"2026-H2", "2026-Q1".."Q4",
 * "2026-11" (a month), "2026-w48" (an ISO week), or "FROM..TO" with two
 * dates (FROM <= TO).  Case-insensitive.  BOPS_ERR_USAGE "invalid period
 * 'x' (want ...)" otherwise.  canon (may be NULL) receives the canonical
 * text: "2026-Q4", "2026-H1", "2026", "2026-11", "2026-w48",
 * "2026-11-01..2026-12-15"; nothing on error.
 */
const struct bops_error *bops_period_parse(struct bops_period *out,
    const char *s, struct bops_buf *canon);
/* Append the quarter holding day: "2026-Q4". */
void bops_period_quarter(struct bops_buf *out, int32_t day);
/* Whether period p is over at instant now: past the end of its last day
 * in time zone tz. */
bool bops_period_over(const struct bops_period *p, int64_t now,
    const struct bops_tz *tz);

/*
 * Durations: "<n><unit>" with unit m (minutes), h, d, w; several may be
 * combined largest first ("1d4h").  "0" and "0m" are zero.  Negative is
 * an error.  USAGE on error.
 */
const struct bops_error *bops_duration_parse(int64_t *out, const char *s);
/*
 * Append the canonical form: the largest units that divide exactly,
 * combined ("45m", "4h", "2d", "1w", "1d4h", "0m").
 */
void bops_duration_format(struct bops_buf *out, int64_t seconds);
/*
 * Append a time spent, short, to a tenth: "12.5d" from a day up, else
 * "3.0h"; "-" for a negative one (none known).  The funnel's median.
 */
void bops_duration_format_span(struct bops_buf *out, int64_t seconds);

/*
 * A duration as it is written, unit by unit: "1w2d" is 1 week and 2
 * days, and "7d" is 7 days, not a week.  For durations whose units mean
 * something of their own (business days, see bops_calendar_duration).
 */
enum { BOPS_DUR_W, BOPS_DUR_D, BOPS_DUR_H, BOPS_DUR_M, BOPS_DUR__COUNT };
/* The same syntax as bops_duration_parse; out[unit] is how many of each
 * were written (0 for a unit not written).  USAGE on error. */
const struct bops_error *bops_duration_parse_units(
    int64_t out[BOPS_DUR__COUNT], const char *s);

/*
 * Which way a date that names a day of the week points: ahead for what is
 * to come (a due date, a sprint's start), back for what has been (--as-of,
 * a filter on when something happened).
 */
enum bops_date_dir {
	BOPS_DATE_FUTURE,
	BOPS_DATE_PAST,
};

/*
 * A date as a user types it, relative to `today` (the local date now):
 *   YYYY-MM-DD; today, tomorrow, yesterday;
 *   +Nd -Nd +Nw -Nw +Nm -Nm (months: same day, clamped to month end);
 *   monday..sunday and mon..sun: with BOPS_DATE_FUTURE the next such day
 *     after today, with BOPS_DATE_PAST the last one before today (today
 *     itself never: "friday" on a Friday is a week away either way);
 *   YYYY-wNN (any case): the Monday of that ISO week;
 *   eow (this week's Sunday), eom (last day of this month),
 *   eoq (last day of this quarter), eoy (December 31), sow/som/soq/soy
 *   for the starts;
 *   Nd Nw Nm (no sign): N days, weeks or months ahead with
 *     BOPS_DATE_FUTURE ("3d" is "+3d"), back with BOPS_DATE_PAST;
 *   "in 3 days", "in 1 week", "in 2 months": always ahead;
 *   "3 days ago", "1 week ago", "2 months ago": always back;
 *   "next monday" (the next one after today), "last friday" (the last
 *     one before today), whatever dir says;
 *   "dec 24", "december 24", "24 dec": with BOPS_DATE_FUTURE the next
 *     such day, with BOPS_DATE_PAST the last one, today included
 *     either way (Feb 29: the nearest leap year's).
 * Words are separated by single spaces.  The bare counts, the weekdays
 * and the month days depend on dir; every other form names one day.
 * Case-insensitive.  USAGE with a message naming the text on error:
 * "invalid date 'x'", or for a month and day in figures ("12/24",
 * "24.12"), which read two ways round, "ambiguous date '12/24': ..."
 * with the forms that say it once.
 */
const struct bops_error *bops_date_parse_relative(int32_t *out,
    const char *s, int32_t today, enum bops_date_dir dir);

/*
 * Parse an instant as a user types it: the canonical form, or a
 * (relative, pointing dir) date meaning the start of that day in tz.
 */
const struct bops_error *bops_instant_parse_relative(int64_t *out,
    const char *s, int64_t now, const struct bops_tz *tz,
    enum bops_date_dir dir);

/*
 * Business hours: the working weekdays, the same opening and closing
 * time on each (wall-clock time in the calendar's zone, so 09:00 is
 * 09:00 on both sides of a change to or from daylight saving time), and
 * holidays, when nothing is open.  A night shift (closing before
 * opening) is not one of them.
 */
struct bops_calendar {
	const struct bops_tz *tz;	/* borrowed; NULL: UTC */
	unsigned days;			/* bit n set: ISO weekday n works
					   (1 = Monday .. 7 = Sunday) */
	int32_t open, close;		/* seconds after local midnight,
					   0 <= open < close <= 86400 */
	const int32_t *holidays;	/* day numbers, sorted; borrowed */
	size_t nholidays;
	/* The business seconds of whole days, summed as they are first
	 * counted (bops_calendar_memo_new); NULL: counted each time. */
	struct bops_calendar_memo *memo;
};

/*
 * Give c a memo of its whole days' business seconds, so that counting
 * over a long stretch (an SLA clock open for months, for each of
 * thousands of tickets) looks each day up once.  The answers are the
 * same with or without one.  Free with bops_calendar_memo_free(), before
 * c's zone and holidays go.
 */
void bops_calendar_memo_new(struct bops_calendar *c);
void bops_calendar_memo_free(struct bops_calendar *c);

/* How far the calendar looks ahead for working time before it gives up
 * (a calendar with every working day a holiday): 20 years. */
#define BOPS_CALENDAR_HORIZON (20 * 366)

/* Why a stretch of time counts or does not. */
enum bops_calendar_why {
	BOPS_CAL_OPEN,		/* within business hours: counted */
	BOPS_CAL_CLOSED,	/* a working day, outside its hours */
	BOPS_CAL_OFF_DAY,	/* not a working weekday */
	BOPS_CAL_HOLIDAY,	/* a holiday */
};

/* Whether local date `day` is a working day: a working weekday that is
 * no holiday. */
bool bops_calendar_workday(const struct bops_calendar *c, int32_t day);

/*
 * Cut [from, to) into consecutive stretches at the changes between open
 * and closed, each stretch within one local day, and call fn for each in
 * order: they cover [from, to) exactly.  Nothing when to <= from.
 */
typedef void (*bops_calendar_fn)(int64_t from, int64_t to,
    enum bops_calendar_why why, void *arg);
void bops_calendar_spans(const struct bops_calendar *c, int64_t from,
    int64_t to, bops_calendar_fn fn, void *arg);

/* The business seconds in [from, to): 0 when to <= from. */
int64_t bops_calendar_count(const struct bops_calendar *c, int64_t from,
    int64_t to);

/*
 * The instant at which `secs` business seconds have passed since from
 * (from itself for 0 or less): a deadline.  INT64_MAX when the calendar
 * has no such time within BOPS_CALENDAR_HORIZON days.
 */
int64_t bops_calendar_add(const struct bops_calendar *c, int64_t from,
    int64_t secs);

/*
 * A duration written in business time (units from
 * bops_duration_parse_units) as business seconds: a minute and an hour
 * as they are, a day one day's business hours (8 hours from 09:00 to
 * 17:00), a week as many such days as the calendar has working
 * weekdays.  Clamped to INT64_MAX.
 */
int64_t bops_calendar_duration(const struct bops_calendar *c,
    const int64_t units[BOPS_DUR__COUNT]);

#endif
