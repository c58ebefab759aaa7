#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phone.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* No module, no numbers; a file that is no module is an error naming it. */
static void
module_loads_once(void **state)
{
	const struct bops_error *err;
	char out[17] = "x";

	(void)state;
	assert_int_equal(bops_phone_e164(out, sizeof(out), "+84912345678",
	    NULL), BOPS_PHONE_INVALID);
	assert_string_equal(out, "");
	err = bops_phone_load("/nonexistent/bops-phone.so");
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_ENV);
	assert_non_null(strstr(err->msg, "/nonexistent/bops-phone.so"));
	/* a shared object without the module's symbol: libc's */
	err = bops_phone_load("libc.so.6");
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_ENV);
	assert_non_null(strstr(err->msg, "libc.so.6 is no phone module"));
	assert_null(bops_phone_load(BOPS_BUILD_PHONE));
	assert_null(bops_phone_load("/nonexistent/bops-phone.so"));
	assert_int_equal(bops_phone_e164(out, sizeof(out), "+84912345678",
	    NULL), BOPS_PHONE_OK);
	assert_string_equal(out, "+84912345678");
}

static void
numbers_become_e164(void **state)
{
	static const struct {
		const char *text, *region, *e164;
		enum bops_phone_result r;
	} rows[] = {
		/* Vietnamese: a mobile, a Ho Chi Minh City line, written
		 * nationally and internationally */
		{ "0912 345 678", "VN", "+84912345678", BOPS_PHONE_OK },
		{ "091.234.5678", "VN", "+84912345678", BOPS_PHONE_OK },
		{ "+84 912 345 678", NULL, "+84912345678", BOPS_PHONE_OK },
		{ "(028) 3855 4137", "VN", "+842838554137", BOPS_PHONE_OK },
		{ "0084 28 3855 4137", "TH", "+842838554137",
		    BOPS_PHONE_OK },
		/* Thai: a mobile and a Bangkok line */
		{ "081 234 5678", "TH", "+66812345678", BOPS_PHONE_OK },
		{ "+66-81-234-5678", "", "+66812345678", BOPS_PHONE_OK },
		{ "02 123 4567", "TH", "+6621234567", BOPS_PHONE_OK },
		/* Swedish */
		{ "070-123 45 67", "SE", "+46701234567", BOPS_PHONE_OK },
		/* a national number without its country */
		{ "0912 345 678", NULL, "", BOPS_PHONE_NO_REGION },
		{ "081 234 5678", "", "", BOPS_PHONE_NO_REGION },
		/* not numbers of their country */
		{ "12", "VN", "", BOPS_PHONE_INVALID },
		{ "+84 12", NULL, "", BOPS_PHONE_INVALID },
		{ "call me", "VN", "", BOPS_PHONE_INVALID },
		{ "+", NULL, "", BOPS_PHONE_INVALID },
		{ "0912 345 678", "XX", "", BOPS_PHONE_INVALID },
	};
	char out[17];
	size_t i;

	(void)state;
	assert_null(bops_phone_load(BOPS_BUILD_PHONE));
	for (i = 0; i < N(rows); i++) {
		assert_int_equal(bops_phone_e164(out, sizeof(out),
		    rows[i].text, rows[i].region), rows[i].r);
		assert_string_equal(out, rows[i].e164);
	}
	/* too small a buffer is no number */
	assert_int_equal(bops_phone_e164(out, 5, "+84912345678", NULL),
	    BOPS_PHONE_INVALID);
	assert_string_equal(out, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(module_loads_once),
		cmocka_unit_test(numbers_become_e164),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
