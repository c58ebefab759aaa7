#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "deal.h"
#include "money.h"
#include "banned.h"

static int32_t
day(const char *s)
{
	int32_t d;

	assert_null(bops_date_parse(&d, s));
	return d;
}

static int64_t
at(const char *s)
{
	return (int64_t)day(s) * 86400;
}

static struct bops_deal_fact
open_deal(const char *stage, int percent, const char *cur, int minor,
    int64_t amount, const char *close)
{
	struct bops_deal_fact f;

	memset(&f, 0, sizeof(f));
	f.stage = stage;
	f.percent = percent;
	memcpy(f.currency, cur, strlen(cur) < sizeof(f.currency) ?
	    strlen(cur) + 1 : sizeof(f.currency));
	f.minor = minor;
	f.amount = amount;
	f.expected_close = close ? day(close) : INT32_MIN;
	f.closed = -1;
	return f;
}

static struct bops_deal_fact
closed_deal(bool won, const char *cur, int minor, int64_t amount,
    const char *created, const char *closed)
{
	struct bops_deal_fact f = open_deal(won ? "won" : "lost",
	    won ? 100 : 0, cur, minor, amount, NULL);

	f.won = won;
	f.lost = !won;
	f.created = at(created);
	f.closed = at(closed);
	return f;
}

static void
fmt(struct bops_buf *b, bops_money_sum v, int minor, int scale)
{
	bops_buf_reset(b);
	bops_money_format(b, v, minor, scale, false);
}

static void
the_forecast_weighs_by_month_and_counts_the_closed(void **state)
{
	struct bops_deal_fact d[8];
	struct bops_forecast f;
	struct bops_buf b = BOPS_BUF_INIT;

	(void)state;
	d[0] = open_deal("qualified", 20, "VND", 0, 350000000, "2026-12-15");
	d[1] = open_deal("negotiation", 70, "USD", 2, 1200050, "2026-11-30");
	d[2] = open_deal("proposal", 40, "VND", 0, 100000000, "2026-12-01");
	d[3] = open_deal("proposal", 40, "USD", 2, 100, "2027-01-05");
	d[4] = open_deal("proposal", 40, "USD", 2, 100, NULL);
	d[5] = closed_deal(true, "VND", 0, 120000000, "2026-10-01",
	    "2026-10-11");
	d[6] = closed_deal(true, "THB", 2, 4500000, "2026-09-01",
	    "2026-11-01");
	d[7] = closed_deal(false, "USD", 2, 999, "2026-10-01", "2026-10-20");
	bops_deal_forecast(&f, d, 8, day("2026-10-01"), day("2026-12-31"),
	    at("2026-10-01"), at("2027-01-01"));
	assert_int_equal(f.nmonths, 2);
	assert_int_equal(f.months[0].month, day("2026-11-01"));
	assert_int_equal(f.months[0].n, 1);
	assert_int_equal(f.months[0].totals.n, 1);
	fmt(&b, f.months[0].totals.v[0].weighted, 2, 100);
	assert_string_equal(b.ptr, "8400.35");	/* 12000.50 x 70% */
	assert_int_equal(f.months[1].month, day("2026-12-01"));
	assert_int_equal(f.months[1].n, 2);
	assert_string_equal(f.months[1].totals.v[0].currency, "VND");
	fmt(&b, f.months[1].totals.v[0].sum, 0, 1);
	assert_string_equal(b.ptr, "450000000");
	fmt(&b, f.months[1].totals.v[0].weighted, 0, 100);
	assert_string_equal(b.ptr, "110000000");
	assert_int_equal(f.nwon, 2);
	assert_int_equal(f.nlost, 1);
	assert_int_equal(f.won.n, 2);	/* VND and THB, never summed */
	assert_string_equal(f.won.v[1].currency, "THB");
	assert_int_equal(f.lost.n, 1);
	assert_true(f.win_rate > 0.666 && f.win_rate < 0.667);
	/* 10 and 61 days to close */
	assert_true(f.median_days > 35.49 && f.median_days < 35.51);
	bops_deal_forecast_release(&f);
	/* nothing closed in November alone but the THB deal */
	bops_deal_forecast(&f, d, 8, day("2026-11-01"), day("2026-11-30"),
	    at("2026-11-01"), at("2026-12-01"));
	assert_int_equal(f.nmonths, 1);
	assert_int_equal(f.nwon, 1);
	assert_int_equal(f.nlost, 0);
	assert_true(f.win_rate == 1);
	assert_true(f.median_days == 61);
	bops_deal_forecast_release(&f);
	bops_deal_forecast(&f, d, 0, day("2026-11-01"), day("2026-11-30"),
	    at("2026-11-01"), at("2026-12-01"));
	assert_true(f.win_rate < 0);
	assert_true(f.median_days < 0);
	bops_deal_forecast_release(&f);
	bops_buf_release(&b);
}

/* The board's order: soonest close first, none last; then, in one
 * currency, the larger amount first; no amount after an amount. */
static void
cards_go_by_close_then_by_amount_in_one_currency(void **state)
{
	static const struct {
		const char *cur;
		int64_t amount;
		const char *close;
	} in[] = {
		/* in the order the board shows them */
		{ "THB", 45000000, "2026-11-30" },
		{ "USD", 1200050, "2026-11-30" },
		{ "USD", 500000, "2026-11-30" },
		{ "", 0, "2026-11-30" },
		{ "VND", 350000000, "2026-12-15" },
		{ "USD", 999999999, NULL },
		{ "", 0, NULL },
	};
	size_t n = sizeof(in) / sizeof(in[0]), i, k;
	struct bops_deal_fact a, b;

	(void)state;
	for (i = 0; i < n; i++)
		for (k = 0; k < n; k++) {
			a = open_deal("qualified", 20, in[i].cur, 2,
			    in[i].amount, in[i].close);
			b = open_deal("qualified", 20, in[k].cur, 2,
			    in[k].amount, in[k].close);
			if (i < k)
				assert_true(bops_deal_cmp(&a, &b) < 0);
			else if (i > k)
				assert_true(bops_deal_cmp(&a, &b) > 0);
			else
				assert_int_equal(bops_deal_cmp(&a, &b), 0);
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    the_forecast_weighs_by_month_and_counts_the_closed),
		cmocka_unit_test(
		    cards_go_by_close_then_by_amount_in_one_currency),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
