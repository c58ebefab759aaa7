#include <string.h>

#include "rank.h"
#include "banned.h"

static const char digits[] = "0123456789abcdefghijklmnopqrstuvwxyz";

static int
digit(char c)
{
	const char *p = c ? strchr(digits, c) : NULL;

	return p ? (int)(p - digits) : -1;
}

bool
bops_rank_valid(const char *s)
{
	if (s == NULL || *s == '\0')
		return false;
	for (; *s; s++)
		if (digit(*s) < 0)
			return false;
	return true;
}

const struct bops_error *
bops_rank_between(struct bops_buf *out, const char *lo, const char *hi)
{
	size_t i, lolen, hilen, start = out->len;
	bool bounded = hi != NULL;

	if ((lo && !bops_rank_valid(lo)) || (hi && !bops_rank_valid(hi)))
		return bops_error_fmt(BOPS_ERR_USAGE, "invalid rank '%s'",
		    lo && !bops_rank_valid(lo) ? lo : hi);
	if (lo && hi && strcmp(lo, hi) >= 0)
		return bops_error_fmt(BOPS_ERR_USAGE,
		    "no rank between '%s' and '%s'", lo, hi);
	if (hi && strspn(hi, "0") == strlen(hi))
		return bops_error_fmt(BOPS_ERR_USAGE,
		    "no rank below '%s'", hi);
	lolen = lo ? strlen(lo) : 0;
	hilen = hi ? strlen(hi) : 0;
	/*
	 * Walk both strings digit by digit (lo padded with 0, hi with an
	 * unbounded 36) until a digit strictly between them exists.
	 */
	for (i = 0;; i++) {
		int a = i < lolen ? digit(lo[i]) : 0;
		int b = bounded ? (i < hilen ? digit(hi[i]) : 0) : 36;
		int m;

		if (bounded && i >= hilen) {
			/* Equal to all of hi: lo < hi makes this impossible. */
			bops_buf_truncate(out, start);
			return bops_error_fmt(BOPS_ERR_USAGE,
			    "no rank between '%s' and '%s'", lo ? lo : "",
			    hi);
		}
		if (a == b) {
			bops_buf_putc(out, digits[a]);
			continue;
		}
		m = (a + b) / 2;
		if (m > a) {
			bops_buf_putc(out, digits[m]);
			break;
		}
		/* b == a + 1: keep a, then anything above the rest of lo. */
		bops_buf_putc(out, digits[a]);
		bounded = false;
	}
	return NULL;
}

void
bops_rank_initial(struct bops_buf *out, int64_t t)
{
	char tmp[8];
	int i;

	if (t < 0)
		t = 0;
	for (i = 6; i >= 0; i--) {
		tmp[i] = digits[t % 36];
		t /= 36;
	}
	tmp[7] = '\0';
	bops_buf_puts(out, tmp);
}

/* Add one to the base-36 number in d[0..n); false when it overflows. */
static bool
increment(char *d, size_t n)
{
	int v;

	while (n-- > 0) {
		v = digit(d[n]) + 1;
		d[n] = digits[v % 36];
		if (v < 36)
			return true;
	}
	return false;
}

void
bops_rank_append(struct bops_buf *out, const char *last, int64_t t,
    const char *tiebreak)
{
	char head[8];
	size_t i, n;

	bops_rank_initial(out, t);
	if (last && bops_rank_valid(last) &&
	    strcmp(out->ptr + out->len - 7, last) <= 0) {
		/* The clock is not past it: the first 7 digits of last,
		 * plus one, or failing that anything above it. */
		bops_buf_truncate(out, out->len - 7);
		for (i = 0; i < 7; i++)
			head[i] = i < strlen(last) ? last[i] : '0';
		head[7] = '\0';
		if (increment(head, 7))
			bops_buf_puts(out, head);
		else
			(void)bops_rank_between(out, last, NULL);
	}
	for (i = n = 0; tiebreak && tiebreak[i] && n < 10; i++)
		if (digit(tiebreak[i]) >= 0) {
			bops_buf_putc(out, tiebreak[i]);
			n++;
		}
}
