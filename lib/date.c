/*
 * date.c: the calendar by arithmetic; time zones through GLib, whose
 * header no other file includes.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "buf.h"
#include "date.h"
#include "error.h"
#include "banned.h"

#define DAY		86400
#define ZONEINFO	"/usr/share/zoneinfo"

/* 0001-01-01 and 9999-12-31: the dates bops can write as YYYY-MM-DD. */
#define DATE_MIN	BOPS_DATE_MIN
#define DATE_MAX	BOPS_DATE_MAX

/*
 * Calendar arithmetic after Howard Hinnant's days_from_civil and
 * civil_from_days: exact for the proleptic Gregorian calendar, with
 * 64-bit intermediates so that any instant can be formatted.
 */
static int64_t
civil_to_days(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
days_to_civil(int64_t z, int64_t *year, int *month, int *day)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = yoe + era * 400 + (*month <= 2);
}

static int64_t
floordiv(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

bool
bops_date_is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int
bops_date_days_in_month(int year, int month)
{
	static const int len[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (month < 1 || month > 12)
		return 0;
	if (month == 2 && bops_date_is_leap(year))
		return 29;
	return len[month - 1];
}

int32_t
bops_date_from_ymd(int year, int month, int day)
{
	return (int32_t)civil_to_days(year, month, day);
}

void
bops_date_to_ymd(int32_t days, int *year, int *month, int *day)
{
	int64_t y;

	days_to_civil(days, &y, month, day);
	*year = (int)y;
}

int
bops_date_weekday(int32_t days)
{
	/* 1970-01-01 was a Thursday. */
	return (int)(((int64_t)days % 7 + 7 + 3) % 7) + 1;
}

/* Exactly n decimal digits. */
static bool
digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* The 10 characters "YYYY-MM-DD" at s, a real day in 0001..9999. */
static bool
parse_ymd(const char *s, int32_t *out)
{
	int y, m, d;

	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m) ||
	    s[7] != '-' || !digits(s + 8, 2, &d))
		return false;
	if (y < 1 || m < 1 || m > 12 || d < 1 ||
	    d > bops_date_days_in_month(y, m))
		return false;
	*out = bops_date_from_ymd(y, m, d);
	return true;
}

const struct bops_error *
bops_date_parse(int32_t *out, const char *s)
{
	*out = 0;
	if (strlen(s) != 10 || !parse_ymd(s, out))
		return bops_error_fmt(BOPS_ERR_USAGE, "invalid date '%s'", s);
	return NULL;
}

/* Append v as `width` digits (zero-padded); validation formats a date
 * or an instant per record read, so no printf here. */
static void
put_digits(struct bops_buf *out, int64_t v, int width)
{
	char tmp[24];
	int i = (int)sizeof(tmp);

	if (v < 0 || v >= 10000000000LL) {
		bops_buf_printf(out, "%0*lld", width, (long long)v);
		return;
	}
	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
		width--;
	} while (v > 0 || width > 0);
	bops_buf_put(out, tmp + i, sizeof(tmp) - (size_t)i);
}

void
bops_date_format(struct bops_buf *out, int32_t days)
{
	int64_t y;
	int m, d;

	days_to_civil(days, &y, &m, &d);
	put_digits(out, y, 4);
	bops_buf_putc(out, '-');
	put_digits(out, m, 2);
	bops_buf_putc(out, '-');
	put_digits(out, d, 2);
}

void
bops_date_isoweek(int32_t days, int *iso_year, int *week)
{
	int64_t thursday, y;
	int m, d;

	/* The week belongs to the year that holds its Thursday. */
	thursday = (int64_t)days - bops_date_weekday(days) + 4;
	days_to_civil(thursday, &y, &m, &d);
	*iso_year = (int)y;
	*week = (int)((thursday - civil_to_days(y, 1, 1)) / 7 + 1);
}

int
bops_date_isoweeks_in_year(int iso_year)
{
	int jan1 = bops_date_weekday(bops_date_from_ymd(iso_year, 1, 1));

	/* 53 weeks when the year starts on a Thursday (or a leap Wednesday). */
	if (jan1 == 4 || (jan1 == 3 && bops_date_is_leap(iso_year)))
		return 53;
	return 52;
}

const struct bops_error *
bops_date_from_isoweek(int32_t *out, int iso_year, int week)
{
	int32_t jan4;

	*out = 0;
	if (iso_year < 1 || iso_year > 9999 || week < 1 ||
	    week > bops_date_isoweeks_in_year(iso_year))
		return bops_error_fmt(BOPS_ERR_USAGE,
		    "invalid week '%04d-w%02d'", iso_year, week);
	/* January 4th is always in week 1. */
	jan4 = bops_date_from_ymd(iso_year, 1, 4);
	*out = jan4 - (bops_date_weekday(jan4) - 1) + (week - 1) * 7;
	return NULL;
}

void
bops_date_format_isoweek(struct bops_buf *out, int32_t days)
{
	int y, w;

	bops_date_isoweek(days, &y, &w);
	bops_buf_printf(out, "%04d-w%02d", y, w);
}

const struct bops_error *
bops_instant_parse(int64_t *out, const char *s)
{
	int32_t days;
	int h, m, sec;

	*out = 0;
	if (strlen(s) != 20 || !parse_ymd(s, &days) || s[10] != 'T' ||
	    !digits(s + 11, 2, &h) || s[13] != ':' ||
	    !digits(s + 14, 2, &m) || s[16] != ':' ||
	    !digits(s + 17, 2, &sec) || s[19] != 'Z' ||
	    h > 23 || m > 59 || sec > 59)
		return bops_error_fmt(BOPS_ERR_USAGE, "invalid instant '%s'",
		    s);
	*out = (int64_t)days * DAY + h * 3600 + m * 60 + sec;
	return NULL;
}

void
bops_instant_format(struct bops_buf *out, int64_t t)
{
	int64_t days = floordiv(t, DAY), secs = t - days * DAY;

	bops_date_format(out, (int32_t)days);
	bops_buf_putc(out, 'T');
	put_digits(out, secs / 3600, 2);
	bops_buf_putc(out, ':');
	put_digits(out, secs / 60 % 60, 2);
	bops_buf_putc(out, ':');
	put_digits(out, secs % 60, 2);
	bops_buf_putc(out, 'Z');
}

/*
 * Time zones come from GLib's GTimeZone, which reads the system's tz
 * database.  GLib is handed the zone file's path, never the bare name: a
 * bare name that names no file it would read as a POSIX TZ rule ("GMT+7"
 * is UTC-7 there) or as an offset ("+07").  The name is checked first,
 * so that GLib opens no file of the database that holds no zone (it
 * complains on stderr about those).
 */
struct bops_tz {
	GTimeZone *zone;
	char *name;
};

static bool
is_utc(const char *name)
{
	return name == NULL || *name == '\0' || strcmp(name, "UTC") == 0;
}

/* Every part of an IANA zone name starts with a capital letter; the
 * database's other files and directories do not. */
static bool
zone_name_ok(const char *name)
{
	const char *p = name;

	if (strlen(name) > 255)
		return false;
	for (;;) {
		if (*p < 'A' || *p > 'Z')
			return false;
		for (p++; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' &&
		    *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' ||
		    *p == '+' || *p == '-'; p++)
			;
		if (*p == '\0')
			return true;
		if (*p++ != '/')
			return false;
	}
}

static GTimeZone *
zone_load(const char *name)
{
	char path[sizeof(ZONEINFO) + 257];

	if (!zone_name_ok(name))
		return NULL;
	snprintf(path, sizeof(path), "%s/%s", ZONEINFO, name);
	return g_time_zone_new_identifier(path);
}

bool
bops_tz_valid(const char *name)
{
	GTimeZone *zone;

	if (is_utc(name))
		return true;
	if ((zone = zone_load(name)) == NULL)
		return false;
	g_time_zone_unref(zone);
	return true;
}

const struct bops_error *
bops_tz_open(struct bops_tz **out, const char *name)
{
	GTimeZone *zone;

	*out = NULL;
	if (is_utc(name))
		return NULL;
	if ((zone = zone_load(name)) == NULL)
		return bops_error_fmt(BOPS_ERR_INVALID,
		    "unknown time zone '%s'", name);
	*out = bops_calloc(1, sizeof(**out));
	(*out)->zone = zone;
	(*out)->name = bops_strdup(name);
	return NULL;
}

void
bops_tz_close(struct bops_tz *tz)
{
	if (tz == NULL)
		return;
	g_time_zone_unref(tz->zone);
	free(tz->name);
	free(tz);
}

const char *
bops_tz_name(const struct bops_tz *tz)
{
	return tz ? tz->name : "UTC";
}

int32_t
bops_tz_offset(int64_t t, const struct bops_tz *tz)
{
	int i;

	if (tz == NULL)
		return 0;
	i = g_time_zone_find_interval(tz->zone, G_TIME_TYPE_UNIVERSAL, t);
	return i < 0 ? 0 : g_time_zone_get_offset(tz->zone, i);
}

int32_t
bops_date_local(int64_t t, const struct bops_tz *tz)
{
	return (int32_t)floordiv(t + bops_tz_offset(t, tz), DAY);
}

int64_t
bops_date_local_time(int32_t days, int32_t seconds, const struct bops_tz *tz)
{
	static const GTimeType readings[] = {
		G_TIME_TYPE_STANDARD, G_TIME_TYPE_DAYLIGHT,
	};
	gint64 local = (gint64)days * DAY + seconds;
	int64_t first = INT64_MAX, t;
	size_t i;
	int k;

	if (tz == NULL)
		return local;
	/*
	 * The wall time read as standard time and as daylight time: two
	 * instants when the clocks were put back over it, and the first
	 * is taken.
	 */
	for (i = 0; i < sizeof(readings) / sizeof(readings[0]); i++) {
		k = g_time_zone_find_interval(tz->zone, readings[i], local);
		if (k < 0)
			continue;
		t = local - g_time_zone_get_offset(tz->zone, k);
		if (t < first)
			first = t;
	}
	if (first != INT64_MAX)
		return first;
	/* A time the clocks jumped over: the moment of the jump, the first
	 * local time after the gap. */
	k = g_time_zone_adjust_time(tz->zone, G_TIME_TYPE_STANDARD, &local);
	return local - g_time_zone_get_offset(tz->zone, k);
}

int64_t
bops_date_local_start(int32_t days, const struct bops_tz *tz)
{
	return bops_date_local_time(days, 0, tz);
}

int32_t
bops_time_local_seconds(int64_t t, const struct bops_tz *tz)
{
	int64_t wall = t + bops_tz_offset(t, tz);

	return (int32_t)(wall - floordiv(wall, DAY) * DAY);
}

void
bops_instant_format_local(struct bops_buf *out, int64_t t,
    const struct bops_tz *tz)
{
	int32_t off = bops_tz_offset(t, tz);
	int64_t wall = t + off, days = floordiv(wall, DAY);
	int64_t secs = wall - days * DAY;

	bops_date_format(out, (int32_t)days);
	bops_buf_putc(out, ' ');
	put_digits(out, secs / 3600, 2);
	bops_buf_putc(out, ':');
	put_digits(out, secs / 60 % 60, 2);
	bops_buf_putc(out, ' ');
	bops_buf_putc(out, off < 0 ? '-' : '+');
	if (off < 0)
		off = -off;
	put_digits(out, off / 3600, 2);
	put_digits(out, off / 60 % 60, 2);
}

static const struct {
	char unit;
	int64_t secs;
} units[] = {
	{ 'w', 7 * DAY },
	{ 'd', DAY },
	{ 'h', 3600 },
	{ 'm', 60 },
};

#define NUNITS (sizeof(units) / sizeof(units[0]))
_Static_assert(NUNITS == BOPS_DUR__COUNT, "a unit for each BOPS_DUR_");

const struct bops_error *
bops_duration_parse_units(int64_t out[BOPS_DUR__COUNT], const char *s)
{
	const char *p = s;
	size_t next = 0, i;
	int64_t n;

	for (i = 0; i < BOPS_DUR__COUNT; i++)
		out[i] = 0;
	if (strcmp(s, "0") == 0)
		return NULL;
	if (*p == '\0')
		goto bad;
	while (*p) {
		if (*p < '0' || *p > '9')
			goto bad;
		for (n = 0; *p >= '0' && *p <= '9'; p++) {
			if (n > (INT64_MAX - 9) / 10)
				goto bad;
			n = n * 10 + (*p - '0');
		}
		/* Units come largest first, each at most once. */
		for (i = next; i < NUNITS && units[i].unit != *p; i++)
			;
		if (i == NUNITS)
			goto bad;
		out[i] = n;
		next = i + 1;
		p++;
	}
	return NULL;
bad:
	for (i = 0; i < BOPS_DUR__COUNT; i++)
		out[i] = 0;
	return bops_error_fmt(BOPS_ERR_USAGE, "invalid duration '%s'", s);
}

const struct bops_error *
bops_duration_parse(int64_t *out, const char *s)
{
	const struct bops_error *err;
	int64_t n[BOPS_DUR__COUNT], total = 0;
	size_t i;

	*out = 0;
	if ((err = bops_duration_parse_units(n, s)))
		return err;
	for (i = 0; i < NUNITS; i++) {
		if (n[i] > (INT64_MAX - total) / units[i].secs)
			return bops_error_fmt(BOPS_ERR_USAGE,
			    "invalid duration '%s'", s);
		total += n[i] * units[i].secs;
	}
	*out = total;
	return NULL;
}

void
bops_duration_format(struct bops_buf *out, int64_t seconds)
{
	uint64_t rest;
	size_t i;

	if (seconds < 0) {
		bops_buf_putc(out, '-');
		rest = (uint64_t)0 - (uint64_t)seconds;
	} else
		rest = (uint64_t)seconds;
	/* Durations are whole minutes; leftover seconds are dropped. */
	rest -= rest % 60;
	if (rest == 0) {
		bops_buf_puts(out, "0m");
		return;
	}
	for (i = 0; i < NUNITS; i++) {
		if (rest < (uint64_t)units[i].secs)
			continue;
		/* Weeks only when the days are whole weeks: 90d, not
		 * 12w6d, as people write it. */
		if (units[i].unit == 'w' && rest / DAY % 7)
			continue;
		bops_buf_printf(out, "%llu%c",
		    (unsigned long long)(rest / units[i].secs), units[i].unit);
		rest %= units[i].secs;
	}
}

void
bops_duration_format_span(struct bops_buf *out, int64_t seconds)
{
	if (seconds < 0)
		bops_buf_puts(out, "-");
	else if (seconds >= 86400)
		bops_buf_printf(out, "%.1fd", (double)seconds / 86400);
	else
		bops_buf_printf(out, "%.1fh", (double)seconds / 3600);
}

static const char *const weekdays[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday",
};

int
bops_date_weekday_named(const char *name)
{
	int i;

	for (i = 0; name && i < 7; i++)
		if (strcmp(name, weekdays[i]) == 0)
			return i + 1;
	return 0;
}

/* Today moved by `n` months, the day clamped to the month's end. */
static bool
add_months(int64_t *out, int32_t today, int64_t n)
{
	int y, m, d, dim;
	int64_t months, ny;

	bops_date_to_ymd(today, &y, &m, &d);
	months = (int64_t)y * 12 + (m - 1) + n;
	ny = floordiv(months, 12);
	if (ny < 1 || ny > 9999)
		return false;
	m = (int)(months - ny * 12) + 1;
	dim = bops_date_days_in_month((int)ny, m);
	*out = civil_to_days(ny, m, d < dim ? d : dim);
	return true;
}

/* "+3d", "-1w", "+2m". */
static bool
parse_offset(int64_t *out, const char *s, int32_t today)
{
	int64_t n = 0;
	int sign = *s == '-' ? -1 : 1;
	const char *p = s + 1;

	if (*p < '0' || *p > '9')
		return false;
	for (; *p >= '0' && *p <= '9'; p++) {
		n = n * 10 + (*p - '0');
		if (n > 100000000)
			return false;
	}
	if (p[0] == '\0' || p[1] != '\0')
		return false;
	n *= sign;
	switch (*p) {
	case 'd':
		*out = today + n;
		return true;
	case 'w':
		*out = today + 7 * n;
		return true;
	case 'm':
		return add_months(out, today, n);
	}
	return false;
}

/* The first and last day of the quarter, month or year holding today. */
static int64_t
period_edge(int32_t today, int months, bool end)
{
	int y, m, d, first;

	bops_date_to_ymd(today, &y, &m, &d);
	first = (m - 1) / months * months + 1;
	if (!end)
		return civil_to_days(y, first, 1);
	m = first + months - 1;
	return civil_to_days(y, m, bops_date_days_in_month(y, m));
}

static bool
parse_word(int64_t *out, const char *s, int32_t today,
    enum bops_date_dir dir)
{
	int wd = bops_date_weekday(today), i, delta;

	if (strcmp(s, "today") == 0)
		*out = today;
	else if (strcmp(s, "tomorrow") == 0)
		*out = (int64_t)today + 1;
	else if (strcmp(s, "yesterday") == 0)
		*out = (int64_t)today - 1;
	else if (strcmp(s, "sow") == 0)
		*out = (int64_t)today - (wd - 1);
	else if (strcmp(s, "eow") == 0)
		*out = (int64_t)today + (7 - wd);
	else if (strcmp(s, "som") == 0 || strcmp(s, "eom") == 0)
		*out = period_edge(today, 1, s[0] == 'e');
	else if (strcmp(s, "soq") == 0 || strcmp(s, "eoq") == 0)
		*out = period_edge(today, 3, s[0] == 'e');
	else if (strcmp(s, "soy") == 0 || strcmp(s, "eoy") == 0)
		*out = period_edge(today, 12, s[0] == 'e');
	else {
		for (i = 0; i < 7; i++)
			if (strcmp(s, weekdays[i]) == 0 ||
			    (strlen(s) == 3 && strncmp(s, weekdays[i], 3) == 0))
				break;
		if (i == 7)
			return false;
		/* The next (or last) such day; today itself never. */
		if (dir == BOPS_DATE_PAST) {
			delta = (wd - (i + 1) + 7) % 7;
			*out = (int64_t)today - (delta ? delta : 7);
		} else {
			delta = (i + 1 - wd + 7) % 7;
			*out = (int64_t)today + (delta ? delta : 7);
		}
	}
	return true;
}

/* "2026-w48", already lower case. */
static bool
parse_isoweek(int64_t *out, const char *s)
{
	int32_t days;
	int y, w;

	if (strlen(s) != 8 || !digits(s, 4, &y) || s[4] != '-' ||
	    s[5] != 'w' || !digits(s + 6, 2, &w))
		return false;
	if (bops_date_from_isoweek(&days, y, w))
		return false;
	*out = days;
	return true;
}

/*
 * Dates as people say them, in words.  The phrase is split at single
 * spaces into at most four words (a double space or a leading one is
 * no date).
 */
#define MAX_WORDS 4

static const char *const months[] = {
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december",
};

/* 1..12 for a month's name, in full or its first three letters
 * ("sept" too); 0 otherwise. */
static int
month_named(const char *s)
{
	int i;

	for (i = 0; i < 12; i++)
		if (strcmp(s, months[i]) == 0 || (strlen(s) == 3 &&
		    strncmp(s, months[i], 3) == 0))
			return i + 1;
	return strcmp(s, "sept") == 0 ? 9 : 0;
}

/* A count of at most 6 digits. */
static bool
count_of(const char *s, int64_t *n)
{
	size_t len = strspn(s, "0123456789");

	if (len == 0 || len > 6 || s[len])
		return false;
	*n = strtol(s, NULL, 10);
	return true;
}

/* "day", "days", "week", "weeks", "month", "months" as the unit of an
 * offset ('d', 'w', 'm'); 0 otherwise. */
static char
unit_named(const char *s)
{
	static const char *const names[] = { "day", "week", "month" };
	size_t i, len;

	for (i = 0; i < 3; i++) {
		len = strlen(names[i]);
		if (strncmp(s, names[i], len) == 0 &&
		    (s[len] == '\0' || strcmp(s + len, "s") == 0))
			return names[i][0];
	}
	return 0;
}

/* today moved n units ('d', 'w', 'm') ahead (or back, n < 0). */
static bool
move_by(int64_t *out, int32_t today, int64_t n, char unit)
{
	if (unit == 'd')
		*out = today + n;
	else if (unit == 'w')
		*out = today + 7 * n;
	else
		return add_months(out, today, n);
	return true;
}

/* Month m, day d, the nearest such day ahead of today (or back), today
 * included; Feb 29 is the nearest leap year's. */
static bool
month_day(int64_t *out, int m, int d, int32_t today,
    enum bops_date_dir dir)
{
	int y, tm, td, k;
	int64_t day;

	if (d < 1 || d > 31)
		return false;
	bops_date_to_ymd(today, &y, &tm, &td);
	for (k = 0; k <= 8; k++) {
		int year = dir == BOPS_DATE_PAST ? y - k : y + k;

		if (year < 1 || year > 9999 ||
		    d > bops_date_days_in_month(year, m))
			continue;
		day = civil_to_days(year, m, d);
		if (dir == BOPS_DATE_PAST ? day <= today : day >= today) {
			*out = day;
			return true;
		}
	}
	return false;
}

/* A weekday's number (1..7) by its name in full or in three letters. */
static int
weekday_of(const char *s)
{
	int i;

	for (i = 0; i < 7; i++)
		if (strcmp(s, weekdays[i]) == 0 ||
		    (strlen(s) == 3 && strncmp(s, weekdays[i], 3) == 0))
			return i + 1;
	return 0;
}

/*
 * "3d" (the way asked), "in 3 days", "3 days ago", "next monday",
 * "last friday", "dec 24", "24 dec".
 */
static bool
parse_phrase(int64_t *out, char *low, int32_t today, enum bops_date_dir dir)
{
	char *w[MAX_WORDS], *p = low;
	size_t n = 0, len;
	int64_t count;
	int m, wd;
	char unit;

	for (;;) {
		if (n == MAX_WORDS || *p == '\0' || *p == ' ')
			return false;
		w[n++] = p;
		if ((p = strchr(p, ' ')) == NULL)
			break;
		*p++ = '\0';
	}
	if (n == 1) {
		len = strlen(w[0]);
		unit = w[0][len ? len - 1 : 0];
		if (len < 2 || strchr("dwm", unit) == NULL)
			return false;
		w[0][len - 1] = '\0';
		if (!count_of(w[0], &count))
			return false;
		return move_by(out, today, dir == BOPS_DATE_PAST ? -count :
		    count, unit);
	}
	if (n == 3 && strcmp(w[0], "in") == 0 && count_of(w[1], &count) &&
	    (unit = unit_named(w[2])))
		return move_by(out, today, count, unit);
	if (n == 3 && strcmp(w[2], "ago") == 0 && count_of(w[0], &count) &&
	    (unit = unit_named(w[1])))
		return move_by(out, today, -count, unit);
	if (n != 2)
		return false;
	if ((strcmp(w[0], "next") == 0 || strcmp(w[0], "last") == 0) &&
	    (wd = weekday_of(w[1]))) {
		char name[16];

		snprintf(name, sizeof(name), "%s", weekdays[wd - 1]);
		return parse_word(out, name, today, w[0][0] == 'n' ?
		    BOPS_DATE_FUTURE : BOPS_DATE_PAST);
	}
	if ((m = month_named(w[0])) && count_of(w[1], &count))
		return month_day(out, m, (int)count, today, dir);
	if ((m = month_named(w[1])) && count_of(w[0], &count))
		return month_day(out, m, (int)count, today, dir);
	return false;
}

/* Month and day in figures, "12/24" or "24.12": which is which? */
static bool
ambiguous(const char *s)
{
	size_t len = strspn(s, "0123456789");

	return len >= 1 && len <= 4 && (s[len] == '/' || (s[len] == '.' &&
	    s[len + 1] >= '0' && s[len + 1] <= '9'));
}

const struct bops_error *
bops_date_parse_relative(int32_t *out, const char *s, int32_t today,
    enum bops_date_dir dir)
{
	char low[32];
	int64_t days;
	size_t i, n = strlen(s);
	bool ok;

	*out = 0;
	if (n == 10 && parse_ymd(s, out))
		return NULL;
	if (ambiguous(s))
		return bops_error_fmt(BOPS_ERR_USAGE, "ambiguous date '%s': "
		    "write YYYY-MM-DD (2026-12-24) or the month's name "
		    "(dec 24, 24 dec); bops(7) lists every form", s);
	if (n == 0 || n >= sizeof(low))
		goto bad;
	for (i = 0; i <= n; i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	if (low[0] == '+' || low[0] == '-')
		ok = parse_offset(&days, low, today);
	else if (parse_isoweek(&days, low) || parse_word(&days, low, today,
	    dir))
		ok = true;
	else
		ok = parse_phrase(&days, low, today, dir);
	if (ok && days >= DATE_MIN && days <= DATE_MAX) {
		*out = (int32_t)days;
		return NULL;
	}
bad:
	return bops_error_fmt(BOPS_ERR_USAGE, "invalid date '%s'", s);
}

const struct bops_error *
bops_instant_parse_relative(int64_t *out, const char *s, int64_t now,
    const struct bops_tz *tz, enum bops_date_dir dir)
{
	int32_t days;

	*out = 0;
	if (bops_instant_parse(out, s) == NULL)
		return NULL;
	if (bops_date_parse_relative(&days, s, bops_date_local(now, tz), dir))
		return bops_error_fmt(BOPS_ERR_USAGE, "invalid instant '%s'",
		    s);
	*out = bops_date_local_start(days, tz);
	return NULL;
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
		if (bops_date_parse(&a, from) ||
		    bops_date_parse(&b, dots + 2) || a > b)
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
	if (len < 4 || !digits(s, 4, &year) || year < 1)
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
		if (len != 7 || !digits(s + 6, 1, &n) ||
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

		if (len != 8 || !digits(s + 6, 2, &n) ||
		    bops_date_from_isoweek(&monday, year, n))
			goto bad;
		out->first = monday;
		out->last = monday + 6;
		if (canon)
			bops_buf_printf(canon, "%04d-w%02d", year, n);
		return NULL;
	}
	if (len == 7 && digits(s + 5, 2, &n) && n >= 1 && n <= 12) {
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

bool
bops_period_over(const struct bops_period *p, int64_t now,
    const struct bops_tz *tz)
{
	return now >= bops_date_local_start(p->last + 1, tz);
}

/* Business hours. */

static int
cmp_day(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

bool
bops_calendar_workday(const struct bops_calendar *c, int32_t day)
{
	if (!(c->days & (1u << bops_date_weekday(day))))
		return false;
	return c->nholidays == 0 || bsearch(&day, c->holidays, c->nholidays,
	    sizeof(*c->holidays), cmp_day) == NULL;
}

/* Why local date day is closed all day, or BOPS_CAL_OPEN when it is a
 * working day. */
static enum bops_calendar_why
day_kind(const struct bops_calendar *c, int32_t day)
{
	if (!(c->days & (1u << bops_date_weekday(day))))
		return BOPS_CAL_OFF_DAY;
	if (!bops_calendar_workday(c, day))
		return BOPS_CAL_HOLIDAY;
	return BOPS_CAL_OPEN;
}

/* fn for [a, b) clipped to [from, to), when anything is left. */
static void
clip(int64_t a, int64_t b, enum bops_calendar_why why, int64_t from,
    int64_t to, bops_calendar_fn fn, void *arg)
{
	if (a < from)
		a = from;
	if (b > to)
		b = to;
	if (a < b)
		fn(a, b, why, arg);
}

void
bops_calendar_spans(const struct bops_calendar *c, int64_t from, int64_t to,
    bops_calendar_fn fn, void *arg)
{
	int32_t day;
	int64_t start, next, open, close;
	enum bops_calendar_why kind;

	if (to <= from)
		return;
	day = bops_date_local(from, c->tz);
	for (start = bops_date_local_start(day, c->tz); start < to;
	    start = next, day++) {
		next = bops_date_local_start(day + 1, c->tz);
		if ((kind = day_kind(c, day)) != BOPS_CAL_OPEN) {
			clip(start, next, kind, from, to, fn, arg);
			continue;
		}
		open = bops_date_local_time(day, c->open, c->tz);
		close = bops_date_local_time(day, c->close, c->tz);
		clip(start, open, BOPS_CAL_CLOSED, from, to, fn, arg);
		clip(open, close, BOPS_CAL_OPEN, from, to, fn, arg);
		clip(close, next, BOPS_CAL_CLOSED, from, to, fn, arg);
	}
}

static void
count_span(int64_t from, int64_t to, enum bops_calendar_why why, void *arg)
{
	if (why == BOPS_CAL_OPEN)
		*(int64_t *)arg += to - from;
}

/* The most days a memo holds: a clock open for a century. */
#define MEMO_MAX_DAYS (100 * 366)

struct bops_calendar_memo {
	int32_t first;		/* the day of sums[0] */
	size_t n;		/* days held: first .. first + n - 1 */
	int64_t *sums;		/* sums[i]: the days before first + i */
	bool irregular;		/* a day's hours spill out of it: no memo */
};

void
bops_calendar_memo_new(struct bops_calendar *c)
{
	c->memo = bops_calloc(1, sizeof(*c->memo));
}

void
bops_calendar_memo_free(struct bops_calendar *c)
{
	if (c->memo)
		free(c->memo->sums);
	free(c->memo);
	c->memo = NULL;
}

/*
 * The business seconds of local day `day`, what the spans count of it
 * when they run past both its ends; false when its hours do not lie
 * within the day (never seen: then the memo is not used).
 */
static bool
day_seconds(const struct bops_calendar *c, int32_t day, int64_t *out)
{
	int64_t open, close;

	*out = 0;
	if (day_kind(c, day) != BOPS_CAL_OPEN)
		return true;
	open = bops_date_local_time(day, c->open, c->tz);
	close = bops_date_local_time(day, c->close, c->tz);
	if (open < bops_date_local_start(day, c->tz) ||
	    close > bops_date_local_start(day + 1, c->tz))
		return false;
	*out = close > open ? close - open : 0;
	return true;
}

/* Make the memo hold days a .. b (a <= b): false when it cannot. */
static bool
memo_cover(const struct bops_calendar *c, int32_t a, int32_t b)
{
	struct bops_calendar_memo *m = c->memo;
	int32_t first, last, d;
	int64_t *sums, secs;
	size_t n;

	if (m->irregular)
		return false;
	if (m->n && a >= m->first && b < m->first + (int32_t)m->n)
		return true;
	first = m->n && m->first < a ? m->first : a;
	last = m->n && m->first + (int32_t)m->n - 1 > b ?
	    m->first + (int32_t)m->n - 1 : b;
	n = (size_t)(last - first) + 1;
	if (n > MEMO_MAX_DAYS)
		return false;
	sums = bops_calloc(n + 1, sizeof(*sums));
	for (d = first; d <= last; d++) {
		size_t i = (size_t)(d - first);

		if (m->n && d >= m->first && d < m->first + (int32_t)m->n)
			secs = m->sums[d - m->first + 1] - m->sums[d - m->first];
		else if (!day_seconds(c, d, &secs)) {
			m->irregular = true;
			free(sums);
			return false;
		}
		sums[i + 1] = sums[i] + secs;
	}
	free(m->sums);
	m->sums = sums;
	m->first = first;
	m->n = n;
	return true;
}

int64_t
bops_calendar_count(const struct bops_calendar *c, int64_t from, int64_t to)
{
	struct bops_calendar_memo *m = c->memo;
	int64_t n = 0, mid_from, mid_to;
	int32_t d0, d1;

	if (to <= from)
		return 0;
	/* Whole days between the first and the last from the memo, when
	 * every one's hours lie within it, the first's and last's too. */
	if (m && (d1 = bops_date_local(to, c->tz)) - (d0 =
	    bops_date_local(from, c->tz)) > 2 && memo_cover(c, d0, d1)) {
		mid_from = bops_date_local_start(d0 + 1, c->tz);
		mid_to = bops_date_local_start(d1, c->tz);
		bops_calendar_spans(c, from, mid_from, count_span, &n);
		bops_calendar_spans(c, mid_to, to, count_span, &n);
		return n + m->sums[d1 - m->first] - m->sums[d0 + 1 - m->first];
	}
	bops_calendar_spans(c, from, to, count_span, &n);
	return n;
}

int64_t
bops_calendar_add(const struct bops_calendar *c, int64_t from, int64_t secs)
{
	int32_t day, last;
	int64_t open, close;

	if (secs <= 0)
		return from;
	day = bops_date_local(from, c->tz);
	for (last = day + BOPS_CALENDAR_HORIZON; day < last; day++) {
		if (!bops_calendar_workday(c, day))
			continue;
		open = bops_date_local_time(day, c->open, c->tz);
		close = bops_date_local_time(day, c->close, c->tz);
		if (open < from)
			open = from;
		if (close <= open)
			continue;
		if (close - open >= secs)
			return open + secs;
		secs -= close - open;
	}
	return INT64_MAX;
}

/* a * b + c, clamped to INT64_MAX (all three at least 0). */
static int64_t
mul_add(int64_t a, int64_t b, int64_t c)
{
	if (b && a > (INT64_MAX - c) / b)
		return INT64_MAX;
	return a * b + c;
}

int64_t
bops_calendar_duration(const struct bops_calendar *c,
    const int64_t n[BOPS_DUR__COUNT])
{
	int64_t day = c->close - c->open, total, days = 0;
	int i;

	for (i = 1; i <= 7; i++)
		days += (c->days >> i) & 1;
	total = mul_add(n[BOPS_DUR_M], 60, 0);
	total = mul_add(n[BOPS_DUR_H], 3600, total);
	total = mul_add(n[BOPS_DUR_D], day, total);
	if (n[BOPS_DUR_W] && days && day > INT64_MAX / days)
		return INT64_MAX;
	return mul_add(n[BOPS_DUR_W], days * day, total);
}
