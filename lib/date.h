/*
 * date.h: calendar dates, instants, durations, ISO weeks, relative dates
 * and time zones.  Pure functions: the clock and the time zone are
 * always arguments.
 *
 * A date is a day number: days since 1970-01-01 (negative before).
 * An instant is seconds since the epoch, UTC (int64_t).
 * A duration is a number of seconds (int64_t).
 *
 * Time zones are IANA names ("Asia/Ho_Chi_Minh", "UTC", "Europe/Stockholm")
 * resolved through the C library (TZ + localtime_r/mktime); the process
 * TZ is restored afterwards.  NULL or "" means UTC.
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

/* The local date of instant t in time zone tz. */
int32_t bops_date_local(int64_t t, const char *tz);
/* The instant at which local date `days` starts (00:00) in tz. */
int64_t bops_date_local_start(int32_t days, const char *tz);
/* The local wall-clock of t in tz: seconds since local midnight. */
int32_t bops_time_local_seconds(int64_t t, const char *tz);
/* The offset of tz from UTC at instant t, in seconds east (+25200 for
 * Asia/Ho_Chi_Minh). */
int32_t bops_tz_offset(int64_t t, const char *tz);
/*
 * Append "2026-11-23 16:05 +0700": instant t on the wall clock of tz, to
 * the minute, with that zone's offset from UTC at t, as git log
 * --date=iso shows it, so that a reader never has to guess the zone.
 */
void bops_instant_format_local(struct bops_buf *out, int64_t t,
    const char *tz);
/* Whether tz names a zone the C library knows (UTC and "" always do). */
bool bops_tz_valid(const char *tz);

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
 *   for the starts.
 * Only the weekdays depend on dir: every other form names one day.
 * Case-insensitive.  USAGE with a message naming the text on error.
 */
const struct bops_error *bops_date_parse_relative(int32_t *out,
    const char *s, int32_t today, enum bops_date_dir dir);

/*
 * Parse an instant as a user types it: the canonical form, or a
 * (relative, pointing dir) date meaning the start of that day in tz.
 */
const struct bops_error *bops_instant_parse_relative(int64_t *out,
    const char *s, int64_t now, const char *tz, enum bops_date_dir dir);

#endif
