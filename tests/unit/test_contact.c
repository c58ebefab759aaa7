#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "contact.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void
emails_are_trimmed_and_lower_cased(void **state)
{
	static const struct { const char *text, *want; } rows[] = {
		{ "  Chi.Pham@ChoRay.VN \n", "chi.pham@choray.vn" },
		{ "somchai@example.co.th", "somchai@example.co.th" },
		{ "HOA+news@Gmail.com", "hoa+news@gmail.com" },
		{ "Đức@bệnhviện.vn", "Đức@bệnhviện.vn" },
		{ "no-at.example.com", NULL },
		{ "two@@example.com", NULL },
		{ "a@b@example.com", NULL },
		{ "@example.com", NULL },
		{ "chi@", NULL },
		{ "chi@localhost", NULL },
		{ "chi@.example.com", NULL },
		{ "chi@example.com.", NULL },
		{ "chi@example..com", NULL },
		{ "chi pham@example.com", NULL },
		{ "chi\t@example.com", NULL },
		{ "", NULL },
		{ "   ", NULL },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < N(rows); i++) {
		assert_int_equal(bops_contact_email(&b, rows[i].text),
		    rows[i].want != NULL);
		assert_string_equal(b.ptr ? b.ptr : "", rows[i].want ?
		    rows[i].want : "");
	}
	bops_buf_release(&b);
}

/* Known answers (FIPS 180-2, and the values sha256sum gives). */
static void
sha256_is_lower_case_hex(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;

	(void)state;
	bops_contact_sha256(&b, "", 0);
	assert_string_equal(b.ptr, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	bops_buf_reset(&b);
	bops_contact_sha256(&b, "abc", 3);
	assert_string_equal(b.ptr, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	bops_buf_reset(&b);
	bops_contact_sha256(&b, "+84912345678", 12);
	assert_int_equal(b.len, 64);
	assert_string_equal(b.ptr, "ed644edf0566470f0b5a8c13c792fa8e"
	    "8a489574da3aceec119b9456e870d396");
	bops_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(emails_are_trimmed_and_lower_cased),
		cmocka_unit_test(sha256_is_lower_case_hex),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
