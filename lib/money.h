/*
 * money.h: exact amounts of money, in the minor units of their ISO 4217
 * currency (cents for USD and EUR, dong for VND, which has none), never
 * in binary floating point.
 *
 * A record writes an amount as a decimal string with exactly as many
 * decimals as its currency has minor units ("1250.50" USD, "350000000"
 * VND).  In memory an amount is a whole number of minor units (int64_t:
 * an amount has at most BOPS_MONEY_MAX_DIGITS digits before the point,
 * and 18 in all, so it fits), and sums are 128-bit, so that adding thousands of
 * 15-digit amounts stays exact to the last digit.  Amounts of different
 * currencies are never added: a sum is kept per currency.
 */
#ifndef BOPS_MONEY_H
#define BOPS_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"

/* Digits an amount may have before its decimal point. */
#define BOPS_MONEY_MAX_DIGITS 15

/* A sum of amounts: 128 bits, so no sum of int64_t amounts overflows. */
__extension__ typedef __int128 bops_money_sum;

/*
 * The minor units of ISO 4217 currency code (three upper-case letters:
 * 2 for USD, 0 for VND, 3 for KWD), or -1 for a code that is no currency
 * (funds and metals such as XAU have no minor unit and are refused).
 */
int bops_money_minor(const char *code);

/*
 * The currency code that text names, in any case ("usd" is USD), into
 * code (4 bytes); BOPS_ERR_USAGE "unknown currency 'x' (want an ISO 4217
 * code: USD, EUR, VND, THB...)" otherwise.
 */
const struct bops_error *bops_money_currency(char code[4], const char *text);

/*
 * Parse text, an amount of a currency with `minor` minor units, into
 * *out (minor units): digits, and a point followed by at most `minor`
 * digits ("1250.5" is 125050 for USD); no sign, no exponent, no
 * separators, at most BOPS_MONEY_MAX_DIGITS digits before the point
 * (fewer for a currency of 4 decimals: 18 digits in all).
 * BOPS_ERR_USAGE "amount 'x': ..." otherwise (more decimals than the
 * currency has: "VND has no minor unit").
 */
const struct bops_error *bops_money_parse(int64_t *out, const char *text,
    int minor, const char *code);

/*
 * Append an amount of `minor` minor units scaled by `scale` (1 for an
 * amount or a plain sum; 100 for a sum of amounts times percentages, a
 * weighted sum), rounded half away from zero to the minor unit:
 * "1250.50", or with group set "1,250.50".
 */
void bops_money_format(struct bops_buf *out, bops_money_sum v, int minor,
    int scale, bool group);

/* Sums per currency, in the order the currencies were first added. */
struct bops_money_total {
	char currency[4];
	int minor;
	size_t n;		/* amounts added */
	bops_money_sum sum;	/* minor units */
	bops_money_sum weighted;	/* minor units x percent */
};
struct bops_money_totals {
	struct bops_money_total *v;
	size_t n, alloc;
};
#define BOPS_MONEY_TOTALS_INIT { NULL, 0, 0 }
/* Add amount (minor units of currency) with its probability in percent
 * (0..100) to the currency's total. */
void bops_money_totals_add(struct bops_money_totals *t, const char *currency,
    int minor, int64_t amount, int percent);
void bops_money_totals_release(struct bops_money_totals *t);

#endif
