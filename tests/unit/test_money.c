#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "money.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void
minor_units_are_iso_4217s(void **state)
{
	static const struct { const char *code; int minor; } rows[] = {
		{ "USD", 2 }, { "EUR", 2 }, { "VND", 0 }, { "THB", 2 },
		{ "JPY", 0 }, { "KWD", 3 }, { "CLF", 4 }, { "SEK", 2 },
		{ "CNY", 2 }, { "AED", 2 }, { "ZWG", 2 },
		{ "XAU", -1 }, { "XXX", -1 }, { "usd", -1 }, { "US", -1 },
		{ "", -1 }, { NULL, -1 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(rows); i++)
		assert_int_equal(bops_money_minor(rows[i].code), rows[i].minor);
}

static void
a_currency_is_named_in_any_case(void **state)
{
	char code[4];
	const struct bops_error *err;

	(void)state;
	assert_null(bops_money_currency(code, "vnd"));
	assert_string_equal(code, "VND");
	assert_null(bops_money_currency(code, "Thb"));
	assert_string_equal(code, "THB");
	err = bops_money_currency(code, "XYZ");
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_USAGE);
	assert_string_equal(err->msg, "unknown currency 'XYZ' (want an ISO "
	    "4217 code: USD, EUR, VND, THB, CNY, SEK...)");
	assert_string_equal(code, "");
	assert_non_null(bops_money_currency(code, "USDX"));
	assert_non_null(bops_money_currency(code, "XAU"));
}

static void
amounts_parse_to_minor_units(void **state)
{
	static const struct {
		const char *text, *code;
		int64_t units;
		const char *err;
	} rows[] = {
		{ "1250.50", "USD", 125050, NULL },
		{ "1250.5", "USD", 125050, NULL },
		{ "1250", "USD", 125000, NULL },
		{ "0.01", "EUR", 1, NULL },
		{ "350000000", "VND", 350000000, NULL },
		{ "999999999999999.99", "USD", INT64_C(99999999999999999),
		    NULL },
		{ "1.234", "KWD", 1234, NULL },
		{ "12.5", "VND", 0, "amount '12.5': VND has no minor unit" },
		{ "12.505", "USD", 0, "amount '12.505': USD has 2 decimals" },
		{ "1000000000000000", "USD", 0,
		    "amount '1000000000000000': more than 15 digits before "
		    "the point" },
		{ "99999999999999.9999", "CLF", INT64_C(999999999999999999),
		    NULL },
		{ "100000000000000", "CLF", 0, "amount '100000000000000': "
		    "more than 14 digits before the point" },
		{ "-5", "USD", 0, "amount '-5': want digits, with a decimal "
		    "point if any (1250.50)" },
		{ "1e6", "USD", 0, "amount '1e6': want digits, with a "
		    "decimal point if any (1250.50)" },
		{ "1,000", "USD", 0, "amount '1,000': want digits, with a "
		    "decimal point if any (1250.50)" },
		{ "12.", "USD", 0, "amount '12.': no digits after the point" },
		{ "", "USD", 0, "amount '': want digits, with a decimal "
		    "point if any (1250.50)" },
		{ "0x10", "USD", 0, "amount '0x10': want digits, with a "
		    "decimal point if any (1250.50)" },
	};
	const struct bops_error *err;
	int64_t v;
	size_t i;

	(void)state;
	for (i = 0; i < N(rows); i++) {
		err = bops_money_parse(&v, rows[i].text,
		    bops_money_minor(rows[i].code), rows[i].code);
		if (rows[i].err) {
			assert_non_null(err);
			assert_int_equal(err->code, BOPS_ERR_USAGE);
			assert_string_equal(err->msg, rows[i].err);
		} else {
			assert_null(err);
			assert_true(v == rows[i].units);
		}
	}
}

static void
amounts_format_back_exactly(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;

	(void)state;
	bops_money_format(&b, 125050, 2, 1, false);
	assert_string_equal(b.ptr, "1250.50");
	bops_buf_reset(&b);
	bops_money_format(&b, 5, 2, 1, false);
	assert_string_equal(b.ptr, "0.05");
	bops_buf_reset(&b);
	bops_money_format(&b, 0, 0, 1, false);
	assert_string_equal(b.ptr, "0");
	bops_buf_reset(&b);
	bops_money_format(&b, 350000000, 0, 1, true);
	assert_string_equal(b.ptr, "350,000,000");
	bops_buf_reset(&b);
	bops_money_format(&b, 123456789, 2, 1, true);
	assert_string_equal(b.ptr, "1,234,567.89");
	bops_buf_reset(&b);
	/* weighted: x percent, rounded half away from zero */
	bops_money_format(&b, (bops_money_sum)125 * 40, 2, 100, false);
	assert_string_equal(b.ptr, "0.50");
	bops_buf_reset(&b);
	bops_money_format(&b, (bops_money_sum)333 * 50, 0, 100, false);
	assert_string_equal(b.ptr, "167");
	bops_buf_release(&b);
}

/* Sums of 15-digit amounts stay exact to the last digit, per currency. */
static void
sums_are_exact_and_never_mix_currencies(void **state)
{
	struct bops_money_totals t = BOPS_MONEY_TOTALS_INIT;
	struct bops_buf b = BOPS_BUF_INIT;
	int64_t big;
	size_t i;

	(void)state;
	assert_null(bops_money_parse(&big, "999999999999999.99", 2, "USD"));
	for (i = 0; i < 1000; i++)
		bops_money_totals_add(&t, "USD", 2, big, 70);
	bops_money_totals_add(&t, "VND", 0, 350000000, 20);
	bops_money_totals_add(&t, "USD", 2, 1, 0);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.v[0].currency, "USD");
	assert_int_equal(t.v[0].n, 1001);
	bops_money_format(&b, t.v[0].sum, 2, 1, false);
	assert_string_equal(b.ptr, "999999999999999990.01");
	bops_buf_reset(&b);
	bops_money_format(&b, t.v[0].weighted, 2, 100, false);
	assert_string_equal(b.ptr, "699999999999999993.00");
	bops_buf_reset(&b);
	assert_string_equal(t.v[1].currency, "VND");
	bops_money_format(&b, t.v[1].weighted, 0, 100, true);
	assert_string_equal(b.ptr, "70,000,000");
	bops_buf_release(&b);
	bops_money_totals_release(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(minor_units_are_iso_4217s),
		cmocka_unit_test(a_currency_is_named_in_any_case),
		cmocka_unit_test(amounts_parse_to_minor_units),
		cmocka_unit_test(amounts_format_back_exactly),
		cmocka_unit_test(sums_are_exact_and_never_mix_currencies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
