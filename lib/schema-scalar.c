/*
 * schema-scalar.c: one scalar value checked against its field and made
 * canonical (text, enums, numbers, dates, instants, durations, periods,
 * references), for validation (schema-validate.c) and for what a user
 * types (bops_schema_input).  Loading a schema is schema.c's.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "id.h"
#include "schema.h"
#include "schema-int.h"
#include "text.h"
#include "banned.h"

/* 2^53 - 1: the largest whole number a double holds exactly. */
#define INT_SAFE 9007199254740991LL

/* Scalar checks shared by validation and user input. */

/*
 * An id, or ID/N (a key result), or ID/KEY for a field with a part (a
 * stage's slug: the syntax of an id).
 */
static bool
valid_ref(const char *s, bool part)
{
	size_t n = 0;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return false;
	for (; *s && *s != '/'; s++, n++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return false;
	if (n > 64)
		return false;
	if (*s == '\0')
		return true;
	if (part)
		return bops_id_valid(s + 1);
	if (!(*++s >= '1' && *s <= '9'))
		return false;
	for (; *s; s++)
		if (!(*s >= '0' && *s <= '9'))
			return false;
	return true;
}

/* Copy a message into msgbuf, cut between characters if it must be. */
static void
put_msg(char *msgbuf, size_t msglen, const char *msg)
{
	size_t keep = bops_text_fit(msg, strlen(msg), msglen - 4, true);

	memcpy(msgbuf, msg, keep);
	memcpy(msgbuf + keep, msg[keep] ? "..." : "", msg[keep] ? 4 : 1);
}

/* A whole number's digits, as "%lld" writes them. */
static void
format_int(struct bops_buf *out, long long ll)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	unsigned long long u = ll < 0 ? 0 - (unsigned long long)ll :
	    (unsigned long long)ll;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (ll < 0)
		*--p = '-';
	bops_buf_put(out, p, (size_t)(tmp + sizeof(tmp) - p));
}

static void
format_number(struct bops_buf *out, double d)
{
	char tmp[64];

	if (d == 0)
		d = 0;	/* no "-0" */
	/* A whole number of at most 15 digits is what "%.15g" writes. */
	if (d == floor(d) && fabs(d) < 1e15) {
		format_int(out, (long long)d);
		return;
	}
	snprintf(tmp, sizeof(tmp), "%.15g", d);
	bops_buf_puts(out, tmp);
}

/*
 * The checks of bops_schema_check_scalar, one family of types each,
 * with its arguments: on success the canonical form appended to out and
 * NULL, else a message (static or in msgbuf).
 */

/* A string (one line) or text, within its min and max characters. */
static const char *
check_text(struct bops_buf *out, enum bops_scalar_style *style,
    const struct bops_field *f, const char *text, char *msgbuf,
    size_t msglen)
{
	size_t len = strlen(text);

	if (f->type == BOPS_TYPE_STRING && memchr(text, '\n', len))
		return "must be one line";
	/*
	 * A character is at least a byte: the count is taken only when the
	 * length in bytes cannot answer.
	 */
	if (f->has_max && (double)len > f->max &&
	    (double)bops_text_chars(text) > f->max) {
		snprintf(msgbuf, msglen, "must be at most %.0f characters",
		    f->max);
		return msgbuf;
	}
	if (f->has_min && !(f->min <= 1 && len >= 1) &&
	    (double)bops_text_chars(text) < f->min) {
		snprintf(msgbuf, msglen, "must be at least %.0f characters",
		    f->min);
		return msgbuf;
	}
	*style = BOPS_SCALAR_TEXT;
	bops_buf_puts(out, text);
	return NULL;
}

/* One of an enum's values; as typed by a user, the value meant. */
static const char *
check_enum(struct bops_buf *out, const struct bops_field *f,
    const char *text, bool user, const struct bops_input_ctx *ctx,
    char *msgbuf, size_t msglen)
{
	struct bops_buf vals = BOPS_BUF_INIT;
	bops_schema_lookup_fn lookup = ctx ? ctx->lookup : NULL;
	void *arg = ctx ? ctx->lookup_arg : NULL;
	const char *found;

	if (bops_schema_enum_rank(f, text, lookup, arg) >= 0) {
		bops_buf_puts(out, text);
		return NULL;
	}
	if (user && (found = bops_schema_enum_find(f, text, lookup, arg))) {
		bops_buf_puts(out, found);
		return NULL;
	}
	bops_buf_putc(&vals, '\'');
	bops_text_put_cut(&vals, text, strlen(text), 60, "...");
	bops_buf_puts(&vals, "' is not one of: ");
	bops_schema_enum_join(&vals, f, lookup, arg);
	put_msg(msgbuf, msglen, vals.ptr);
	bops_buf_release(&vals);
	return msgbuf;
}

/* A whole number or a number, within the field's min and max. */
static const char *
check_number(struct bops_buf *out, const struct bops_field *f,
    const char *text, char *msgbuf, size_t msglen)
{
	char *end;
	long long ll = 0;
	double d;

	errno = 0;
	if (f->type == BOPS_TYPE_INT) {
		ll = strtoll(text, &end, 10);
		if (*text == '\0' || *end || errno || text[0] == ' ')
			return "must be a whole number";
		/* Exact as a double, so arithmetic on it cannot overflow. */
		if (ll > INT_SAFE || ll < -INT_SAFE)
			return "must be a whole number from -9007199254740991 "
			    "to 9007199254740991";
		d = (double)ll;
	} else {
		d = strtod(text, &end);
		if (*text == '\0' || *end || errno || !isfinite(d) ||
		    text[0] == ' ' || strpbrk(text, "xXpP"))
			return "must be a number";
	}
	if ((f->has_min && d < f->min) || (f->has_max && d > f->max)) {
		if (f->has_min && f->has_max)
			snprintf(msgbuf, msglen, "must be between %g and %g",
			    f->min, f->max);
		else if (f->has_min)
			snprintf(msgbuf, msglen, "must be at least %g", f->min);
		else
			snprintf(msgbuf, msglen, "must be at most %g", f->max);
		return msgbuf;
	}
	if (f->type == BOPS_TYPE_INT)
		format_int(out, ll);
	else
		format_number(out, d);
	return NULL;
}

/*
 * A date, an instant, a duration or a period; dates and instants typed
 * by a user may be relative (today, +3d, friday).
 */
static const char *
check_time(struct bops_buf *out, const struct bops_field *f,
    const char *text, bool user, const struct bops_input_ctx *ctx)
{
	enum bops_date_dir dir = f->past ? BOPS_DATE_PAST : BOPS_DATE_FUTURE;
	struct bops_period p;
	int32_t day;
	int64_t t;

	switch (f->type) {
	case BOPS_TYPE_DATE:
		if (user && ctx) {
			const struct bops_error *err;

			if ((err = bops_date_parse_relative(&day, text,
			    ctx->today, dir)) && strncmp(err->msg,
			    "ambiguous", 9) == 0)
				return "is an ambiguous date: write YYYY-MM-DD "
				    "(2026-12-24) or the month's name (dec 24, "
				    "24 dec); bops(7) lists every form";
			if (err)
				return "must be a date (YYYY-MM-DD, today, "
				    "+3d, friday, 2026-w48, eow...)";
		} else if (bops_date_parse(&day, text))
			return "must be a date YYYY-MM-DD";
		else {
			/* The one form bops_date_parse reads is canonical. */
			bops_buf_puts(out, text);
			return NULL;
		}
		bops_date_format(out, day);
		return NULL;
	case BOPS_TYPE_INSTANT:
		if (user && ctx) {
			if (bops_instant_parse_relative(&t, text, ctx->now,
			    ctx->tz, dir))
				return "must be an instant "
				    "YYYY-MM-DDTHH:MM:SSZ or a date";
		} else if (bops_instant_parse(&t, text))
			return "must be an instant YYYY-MM-DDTHH:MM:SSZ";
		else {
			/* Likewise for bops_instant_parse. */
			bops_buf_puts(out, text);
			return NULL;
		}
		bops_instant_format(out, t);
		return NULL;
	case BOPS_TYPE_DURATION:
		if (bops_duration_parse(&t, text))
			return "must be a duration (45m, 4h, 2d, 1w)";
		bops_duration_format(out, t);
		return NULL;
	default:
		if (bops_period_parse(&p, text, out))
			return "must be a period (2026-Q4, 2026-H1, 2026, "
			    "2026-11, 2026-w48 or FROM..TO)";
		return NULL;
	}
}

/*
 * An id (or OBJECTIVE/N, or ID/KEY for a field with a part), folded to
 * lower case.
 */
static const char *
check_ref(struct bops_buf *out, const struct bops_field *f, const char *text,
    char *msgbuf, size_t msglen)
{
	struct bops_buf low = BOPS_BUF_INIT;
	const char *p;
	bool ok;

	for (p = text; *p; p++)
		bops_buf_putc(&low, *p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' :
		    *p);
	ok = valid_ref(low.ptr, f->part != NULL);
	if (ok)
		bops_buf_puts(out, low.ptr);
	bops_buf_release(&low);
	if (ok)
		return NULL;
	if (f->part == NULL)
		return "must be an id (or OBJECTIVE/N)";
	snprintf(msgbuf, msglen, "must be an id, or ID/KEY naming one of its "
	    "%s", f->part);
	return msgbuf;
}

/*
 * Check one scalar `text` against field f; on success append the
 * canonical form to out.  Returns a message (static or in msgbuf) or NULL.
 */
const char *
bops_schema_check_scalar(struct bops_buf *out,
    enum bops_scalar_style *style, const struct bops_field *f,
    const char *text, bool user, const struct bops_input_ctx *ctx,
    char *msgbuf, size_t msglen)
{
	*style = BOPS_SCALAR_RAW;
	switch (f->type) {
	case BOPS_TYPE_STRING:
	case BOPS_TYPE_TEXT:
		return check_text(out, style, f, text, msgbuf, msglen);
	case BOPS_TYPE_ENUM:
		return check_enum(out, f, text, user, ctx, msgbuf, msglen);
	case BOPS_TYPE_INT:
	case BOPS_TYPE_NUMBER:
		return check_number(out, f, text, msgbuf, msglen);
	case BOPS_TYPE_BOOL:
		if (strcmp(text, "true") && strcmp(text, "false"))
			return "must be true or false";
		bops_buf_puts(out, text);
		return NULL;
	case BOPS_TYPE_DATE:
	case BOPS_TYPE_INSTANT:
	case BOPS_TYPE_DURATION:
	case BOPS_TYPE_PERIOD:
		return check_time(out, f, text, user, ctx);
	case BOPS_TYPE_REF:
		return check_ref(out, f, text, msgbuf, msglen);
	default:
		return "is not a scalar field";
	}
}

const struct bops_error *
bops_schema_input(struct bops_buf *out, enum bops_scalar_style *style,
    const struct bops_field *f, const char *text,
    const struct bops_input_ctx *ctx)
{
	char msgbuf[512];
	const char *msg;
	size_t len = out->len;

	msg = bops_schema_check_scalar(out, style, f, text, true, ctx,
	    msgbuf, sizeof(msgbuf));
	if (msg == NULL)
		return NULL;
	bops_buf_truncate(out, len);
	return bops_error_fmt(BOPS_ERR_USAGE, "field '%s': %s", f->name, msg);
}
