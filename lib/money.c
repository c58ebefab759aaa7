/*
 * money.c: amounts in minor units, and the ISO 4217 table they are read
 * against.
 */
#include <stdlib.h>
#include <string.h>

#include "money.h"
#include "banned.h"

/*
 * ISO 4217 (list one): the active currency codes and their minor units.
 * Data, not code: a new currency is a new row.
 */
static const struct {
	char code[4];
	int minor;
} currencies[] = {
	{ "AED", 2 }, { "AFN", 2 }, { "ALL", 2 }, { "AMD", 2 }, { "ANG", 2 },
	{ "AOA", 2 }, { "ARS", 2 }, { "AUD", 2 }, { "AWG", 2 }, { "AZN", 2 },
	{ "BAM", 2 }, { "BBD", 2 }, { "BDT", 2 }, { "BGN", 2 }, { "BHD", 3 },
	{ "BIF", 0 }, { "BMD", 2 }, { "BND", 2 }, { "BOB", 2 }, { "BOV", 2 },
	{ "BRL", 2 }, { "BSD", 2 }, { "BTN", 2 }, { "BWP", 2 }, { "BYN", 2 },
	{ "BZD", 2 }, { "CAD", 2 }, { "CDF", 2 }, { "CHE", 2 }, { "CHF", 2 },
	{ "CHW", 2 }, { "CLF", 4 }, { "CLP", 0 }, { "CNY", 2 }, { "COP", 2 },
	{ "COU", 2 }, { "CRC", 2 }, { "CUC", 2 }, { "CUP", 2 }, { "CVE", 2 },
	{ "CZK", 2 }, { "DJF", 0 }, { "DKK", 2 }, { "DOP", 2 }, { "DZD", 2 },
	{ "EGP", 2 }, { "ERN", 2 }, { "ETB", 2 }, { "EUR", 2 }, { "FJD", 2 },
	{ "FKP", 2 }, { "GBP", 2 }, { "GEL", 2 }, { "GHS", 2 }, { "GIP", 2 },
	{ "GMD", 2 }, { "GNF", 0 }, { "GTQ", 2 }, { "GYD", 2 }, { "HKD", 2 },
	{ "HNL", 2 }, { "HTG", 2 }, { "HUF", 2 }, { "IDR", 2 }, { "ILS", 2 },
	{ "INR", 2 }, { "IQD", 3 }, { "IRR", 2 }, { "ISK", 0 }, { "JMD", 2 },
	{ "JOD", 3 }, { "JPY", 0 }, { "KES", 2 }, { "KGS", 2 }, { "KHR", 2 },
	{ "KMF", 0 }, { "KPW", 2 }, { "KRW", 0 }, { "KWD", 3 }, { "KYD", 2 },
	{ "KZT", 2 }, { "LAK", 2 }, { "LBP", 2 }, { "LKR", 2 }, { "LRD", 2 },
	{ "LSL", 2 }, { "LYD", 3 }, { "MAD", 2 }, { "MDL", 2 }, { "MGA", 2 },
	{ "MKD", 2 }, { "MMK", 2 }, { "MNT", 2 }, { "MOP", 2 }, { "MRU", 2 },
	{ "MUR", 2 }, { "MVR", 2 }, { "MWK", 2 }, { "MXN", 2 }, { "MXV", 2 },
	{ "MYR", 2 }, { "MZN", 2 }, { "NAD", 2 }, { "NGN", 2 }, { "NIO", 2 },
	{ "NOK", 2 }, { "NPR", 2 }, { "NZD", 2 }, { "OMR", 3 }, { "PAB", 2 },
	{ "PEN", 2 }, { "PGK", 2 }, { "PHP", 2 }, { "PKR", 2 }, { "PLN", 2 },
	{ "PYG", 0 }, { "QAR", 2 }, { "RON", 2 }, { "RSD", 2 }, { "RUB", 2 },
	{ "RWF", 0 }, { "SAR", 2 }, { "SBD", 2 }, { "SCR", 2 }, { "SDG", 2 },
	{ "SEK", 2 }, { "SGD", 2 }, { "SHP", 2 }, { "SLE", 2 }, { "SOS", 2 },
	{ "SRD", 2 }, { "SSP", 2 }, { "STN", 2 }, { "SVC", 2 }, { "SYP", 2 },
	{ "SZL", 2 }, { "THB", 2 }, { "TJS", 2 }, { "TMT", 2 }, { "TND", 3 },
	{ "TOP", 2 }, { "TRY", 2 }, { "TTD", 2 }, { "TWD", 2 }, { "TZS", 2 },
	{ "UAH", 2 }, { "UGX", 0 }, { "USD", 2 }, { "USN", 2 }, { "UYI", 0 },
	{ "UYU", 2 }, { "UYW", 4 }, { "UZS", 2 }, { "VED", 2 }, { "VES", 2 },
	{ "VND", 0 }, { "VUV", 0 }, { "WST", 2 }, { "XAF", 0 }, { "XCD", 2 },
	{ "XOF", 0 }, { "XPF", 0 }, { "YER", 2 }, { "ZAR", 2 }, { "ZMW", 2 },
	{ "ZWG", 2 },
};

int
bops_money_minor(const char *code)
{
	size_t lo = 0, hi = sizeof(currencies) / sizeof(currencies[0]), mid;
	int c;

	while (code && lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(code, currencies[mid].code)) == 0)
			return currencies[mid].minor;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

const struct bops_error *
bops_money_currency(char code[4], const char *text)
{
	size_t i;

	code[0] = '\0';
	for (i = 0; text && i < 3 && text[i]; i++)
		code[i] = (char)(text[i] >= 'a' && text[i] <= 'z' ?
		    text[i] - 'a' + 'A' : text[i]);
	code[i < 4 ? i : 3] = '\0';
	if (text && strlen(text) == 3 && bops_money_minor(code) >= 0)
		return NULL;
	code[0] = '\0';
	return bops_error_fmt(BOPS_ERR_USAGE, "unknown currency '%s' (want an "
	    "ISO 4217 code: USD, EUR, VND, THB, CNY, SEK...)",
	    text ? text : "");
}

const struct bops_error *
bops_money_parse(int64_t *out, const char *text, int minor, const char *code)
{
	const char *p = text;
	int64_t v = 0;
	int digits = 0, decimals = 0;
	/* 18 digits in all fit in an int64_t: fewer before the point for a
	 * currency of 4 decimals (CLF). */
	int max = 18 - minor < BOPS_MONEY_MAX_DIGITS ? 18 - minor :
	    BOPS_MONEY_MAX_DIGITS;

	*out = 0;
	for (; *p >= '0' && *p <= '9'; p++, digits++)
		if (digits < max)
			v = v * 10 + (*p - '0');
	if (digits == 0)
		return bops_error_fmt(BOPS_ERR_USAGE, "amount '%s': want "
		    "digits, with a decimal point if any (1250.50)", text);
	if (digits > max)
		return bops_error_fmt(BOPS_ERR_USAGE, "amount '%s': more than "
		    "%d digits before the point", text, max);
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, decimals++)
			if (decimals < minor)
				v = v * 10 + (*p - '0');
		if (decimals == 0 && *p == '\0')
			return bops_error_fmt(BOPS_ERR_USAGE, "amount '%s': "
			    "no digits after the point", text);
	}
	if (*p)
		return bops_error_fmt(BOPS_ERR_USAGE, "amount '%s': want "
		    "digits, with a decimal point if any (1250.50)", text);
	if (decimals > minor) {
		if (minor == 0)
			return bops_error_fmt(BOPS_ERR_USAGE, "amount '%s': "
			    "%s has no minor unit", text, code);
		return bops_error_fmt(BOPS_ERR_USAGE, "amount '%s': %s has "
		    "%d decimal%s", text, code, minor, minor == 1 ? "" : "s");
	}
	for (; decimals < minor; decimals++)
		v *= 10;
	*out = v;
	return NULL;
}

/*
 * Divide the magnitude w (four 32-bit words, the most significant first)
 * by d in place, returning the remainder: long division in 64 bits, so
 * that no 128-bit division of the compiler's runtime is needed.
 */
static uint32_t
divide(uint32_t w[4], uint32_t d)
{
	uint64_t r = 0;
	int i;

	for (i = 0; i < 4; i++) {
		r = (r << 32) | w[i];
		w[i] = (uint32_t)(r / d);
		r %= d;
	}
	return (uint32_t)r;
}

/* The magnitude of a sum. */
__extension__ typedef unsigned __int128 magnitude;

void
bops_money_format(struct bops_buf *out, bops_money_sum v, int minor,
    int scale, bool group)
{
	magnitude u;
	uint32_t w[4];
	char digits[64];
	size_t n = 0, i;
	bool neg = v < 0;

	u = neg ? -(magnitude)v : (magnitude)v;
	if (scale > 1)
		u += (unsigned)scale / 2;
	for (i = 0; i < 4; i++)
		w[i] = (uint32_t)(u >> (32 * (3 - i)));
	if (scale > 1)
		(void)divide(w, (uint32_t)scale);
	do
		digits[n++] = (char)('0' + divide(w, 10));
	while ((w[0] | w[1] | w[2] | w[3]) && n < sizeof(digits));
	while (n <= (size_t)minor)
		digits[n++] = '0';
	if (neg)
		bops_buf_putc(out, '-');
	for (i = n; i-- > 0;) {
		bops_buf_putc(out, digits[i]);
		if (i == (size_t)minor && minor > 0)
			bops_buf_putc(out, '.');
		else if (group && i > (size_t)minor &&
		    (i - (size_t)minor) % 3 == 0)
			bops_buf_putc(out, ',');
	}
}

void
bops_money_totals_add(struct bops_money_totals *t, const char *currency,
    int minor, int64_t amount, int percent)
{
	struct bops_money_total *x = NULL;
	size_t i;

	for (i = 0; i < t->n && x == NULL; i++)
		if (strcmp(t->v[i].currency, currency) == 0)
			x = &t->v[i];
	if (x == NULL) {
		if (t->n == t->alloc) {
			t->alloc = t->alloc ? 2 * t->alloc : 4;
			t->v = bops_realloc(t->v, t->alloc * sizeof(*t->v));
		}
		x = &t->v[t->n++];
		memset(x, 0, sizeof(*x));
		memcpy(x->currency, currency, strnlen(currency, 3));
		x->minor = minor;
	}
	x->n++;
	x->sum += amount;
	x->weighted += (bops_money_sum)amount * percent;
}

void
bops_money_totals_release(struct bops_money_totals *t)
{
	free(t->v);
	t->v = NULL;
	t->n = t->alloc = 0;
}
