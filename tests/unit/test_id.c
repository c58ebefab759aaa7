#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "id.h"

#define NGEN 1000

static int
cmp_str(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

static void
generate_makes_distinct_valid_ids(void **state)
{
	static char ids[NGEN][BOPS_ID_GEN_LEN + 1];
	const char *alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
	int i, j;

	for (i = 0; i < NGEN; i++) {
		assert_null(bops_id_generate(ids[i]));
		assert_int_equal(strlen(ids[i]), BOPS_ID_GEN_LEN);
		assert_true(bops_id_valid(ids[i]));
		for (j = 0; j < BOPS_ID_GEN_LEN; j++)
			assert_non_null(strchr(alphabet, ids[i][j]));
	}
	qsort(ids, NGEN, sizeof(ids[0]), cmp_str);
	for (i = 1; i < NGEN; i++)
		assert_string_not_equal(ids[i - 1], ids[i]);
}

static void
generate_uses_the_whole_alphabet(void **state)
{
	char id[BOPS_ID_GEN_LEN + 1];
	int seen[256] = { 0 };
	const char *p;
	int i, j;

	/* 3000 draws over 32 symbols: a missing one means a broken map. */
	for (i = 0; i < 300; i++) {
		assert_null(bops_id_generate(id));
		for (j = 0; j < BOPS_ID_GEN_LEN; j++)
			seen[(unsigned char)id[j]]++;
	}
	for (p = "0123456789abcdefghjkmnpqrstvwxyz"; *p; p++)
		assert_true(seen[(unsigned char)*p] > 0);
	for (p = "ilou"; *p; p++)
		assert_int_equal(seen[(unsigned char)*p], 0);
}

static const struct {
	const char *in;
	const char *normalized;	/* NULL: rejected */
} idcases[] = {
	{ "save-the-world", "save-the-world" },
	{ "a", "a" },
	{ "7", "7" },
	{ "7kq3m2x9ab", "7kq3m2x9ab" },
	{ "a-", "a-" },
	{ "A", "a" },
	{ "Ab-C", "ab-c" },
	{ "2026-W48", "2026-w48" },
	{ "", NULL },
	{ "-rf", NULL },
	{ "../x", NULL },
	{ "..", NULL },
	{ ".x", NULL },
	{ "x/y", NULL },
	{ "$(id)", NULL },
	{ "a b", NULL },
	{ "a_b", NULL },
	{ "a.yaml", NULL },
	{ "\xc3\xa9", NULL },
	{ "caf\xc3\xa9", NULL },
	{ "\xc3\x89", NULL },
	{ "abc\n", NULL },
	{ "\tabc", NULL },
	{ "ab\x7f", NULL },
	{ "ab\\c", NULL },
};

static void
normalize_follows_the_table(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	const struct bops_error *err;
	size_t i;

	for (i = 0; i < sizeof(idcases) / sizeof(idcases[0]); i++) {
		err = bops_id_normalize(&b, idcases[i].in);
		if (idcases[i].normalized) {
			if (err)
				fail_msg("'%s' rejected: %s", idcases[i].in,
				    err->msg);
			assert_string_equal(b.ptr, idcases[i].normalized);
			assert_true(bops_id_valid(b.ptr));
		} else {
			if (err == NULL)
				fail_msg("'%s' accepted", idcases[i].in);
			assert_int_equal(err->code, BOPS_ERR_USAGE);
			assert_non_null(strstr(err->msg, "invalid id '"));
			assert_string_equal(b.ptr, "");
		}
	}
	bops_buf_release(&b);
}

static void
valid_rejects_upper_case_and_accepts_lower(void **state)
{
	assert_true(bops_id_valid("ab-c"));
	assert_false(bops_id_valid("Ab-c"));
	assert_false(bops_id_valid("aB"));
	assert_false(bops_id_valid(""));
	assert_false(bops_id_valid(NULL));
}

static void
valid_limits_length_to_64(void **state)
{
	char s[80];

	memset(s, 'a', sizeof(s));
	s[64] = '\0';
	assert_true(bops_id_valid(s));
	s[63] = '-';
	assert_true(bops_id_valid(s));
	s[64] = 'b';
	s[65] = '\0';
	assert_false(bops_id_valid(s));
	s[79] = '\0';
	assert_false(bops_id_valid(s));
}

static void
normalize_limits_length_to_64(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	char s[66];

	memset(s, 'Q', sizeof(s));
	s[64] = '\0';
	assert_null(bops_id_normalize(&b, s));
	assert_int_equal(b.len, 64);
	s[64] = 'Q';
	s[65] = '\0';
	assert_non_null(bops_id_normalize(&b, s));
	bops_buf_release(&b);
}

static void
normalize_stops_at_an_embedded_nul(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	static const char s[] = "ab\0../x";

	/* A C string ends at its NUL: what follows never reaches a path. */
	assert_null(bops_id_normalize(&b, s));
	assert_string_equal(b.ptr, "ab");
	assert_int_equal(b.len, 2);
	bops_buf_release(&b);
}

static void
normalize_replaces_previous_content(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;

	bops_buf_puts(&b, "old");
	assert_null(bops_id_normalize(&b, "New"));
	assert_string_equal(b.ptr, "new");
	bops_buf_release(&b);
}

static void
error_shows_control_bytes_escaped(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	const struct bops_error *err;
	const char *p;

	err = bops_id_normalize(&b, "\x01" "bad\x1b[2J\n");
	assert_non_null(err);
	assert_string_equal(err->msg, "invalid id '\\001bad\\033[2J\\012'");
	for (p = err->msg; *p; p++)
		assert_true(*p >= 0x20 && *p < 0x7f);

	/* as every output does: letters stay, bidi overrides do not */
	err = bops_id_normalize(&b, "caf\xc3\xa9\xe2\x80\xae");
	assert_non_null(err);
	assert_string_equal(err->msg,
	    "invalid id 'caf\xc3\xa9\\342\\200\\256'");
	bops_buf_release(&b);
}

static void
error_truncates_long_ids(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	const struct bops_error *err;
	char s[200];

	memset(s, 'x', sizeof(s));
	s[0] = '-';
	s[199] = '\0';
	err = bops_id_normalize(&b, s);
	assert_non_null(err);
	assert_string_equal(err->msg, "invalid id "
	    "'-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...'");
	bops_buf_release(&b);
}

static void
error_keeps_a_40_byte_id_whole(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	const struct bops_error *err;
	char s[41];

	memset(s, 'y', sizeof(s));
	s[0] = '_';
	s[40] = '\0';
	err = bops_id_normalize(&b, s);
	assert_non_null(err);
	assert_null(strstr(err->msg, "..."));
	assert_non_null(strstr(err->msg, s));
	bops_buf_release(&b);
}

static const struct {
	const char *dir;
	int sharded;
	const char *id;
	const char *path;
} pathcases[] = {
	{ "tasks", 1, "7kq3m2x9ab", "tasks/7k/7kq3m2x9ab.yaml" },
	{ "tasks", 1, "ab", "tasks/ab/ab.yaml" },
	{ "tasks", 1, "a", "tasks/a/a.yaml" },
	{ "/w/deals", 1, "big-one", "/w/deals/bi/big-one.yaml" },
	{ "okrs", 0, "save-the-world", "okrs/save-the-world.yaml" },
	{ "sprints", 0, "2026-w48", "sprints/2026-w48.yaml" },
	{ "okrs", 0, "a", "okrs/a.yaml" },
};

static void
path_shards_by_first_two_characters(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	bops_buf_puts(&b, "junk");
	for (i = 0; i < sizeof(pathcases) / sizeof(pathcases[0]); i++) {
		bops_id_path(&b, pathcases[i].dir, pathcases[i].sharded,
		    pathcases[i].id);
		assert_string_equal(b.ptr, pathcases[i].path);
	}
	bops_buf_release(&b);
}

/*
 * A derived id is a generated one's shape, the same for the same hash:
 * its first 50 bits, five a character (here the git blob id of "abc").
 */
static void
derive_is_stable_and_shaped_as_generated(void **state)
{
	const char *alphabet = "0123456789abcdefghjkmnpqrstvwxyz";
	char a[BOPS_ID_GEN_LEN + 1], b[BOPS_ID_GEN_LEN + 1];
	int j;

	bops_id_derive(a, "f2ba8f84ab5c1bce84a7b441cb1959cfc7093b7f");
	assert_string_equal(a, "yax8z15bbg");
	bops_id_derive(b, "F2BA8F84AB5C1");
	assert_string_equal(a, b);
	/* The 50 bits: the 12th digit counts, the low bits of the 13th not. */
	bops_id_derive(b, "f2ba8f84ab5d1bce84a7b441cb1959cfc7093b7f");
	assert_string_not_equal(a, b);
	bops_id_derive(b, "f2ba8f84ab5c2bce84a7b441cb1959cfc7093b7f");
	assert_string_equal(a, b);
	bops_id_derive(b, "f2ba8f84ab5c5bce84a7b441cb1959cfc7093b7f");
	assert_string_not_equal(a, b);
	bops_id_derive(b, "0000000000000");
	assert_string_equal(b, "0000000000");
	bops_id_derive(b, "fffffffffffff");
	assert_string_equal(b, "zzzzzzzzzz");
	assert_true(bops_id_valid(a));
	for (j = 0; j < BOPS_ID_GEN_LEN; j++)
		assert_non_null(strchr(alphabet, a[j]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(generate_makes_distinct_valid_ids),
		cmocka_unit_test(generate_uses_the_whole_alphabet),
		cmocka_unit_test(normalize_follows_the_table),
		cmocka_unit_test(valid_rejects_upper_case_and_accepts_lower),
		cmocka_unit_test(valid_limits_length_to_64),
		cmocka_unit_test(normalize_limits_length_to_64),
		cmocka_unit_test(normalize_stops_at_an_embedded_nul),
		cmocka_unit_test(normalize_replaces_previous_content),
		cmocka_unit_test(error_shows_control_bytes_escaped),
		cmocka_unit_test(error_truncates_long_ids),
		cmocka_unit_test(error_keeps_a_40_byte_id_whole),
		cmocka_unit_test(path_shards_by_first_two_characters),
		cmocka_unit_test(derive_is_stable_and_shaped_as_generated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
