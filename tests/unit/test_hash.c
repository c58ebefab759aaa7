#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hash.h"
#include "banned.h"

static void
hash_depends_on_every_byte_and_the_length(void **state)
{
	const char a[] = "abcdefghijklmnopq";
	char b[sizeof(a)];
	size_t i;

	assert_true(bops_hash(a, 17) == bops_hash(a, 17));
	assert_true(bops_hash(a, 16) != bops_hash(a, 17));
	assert_true(bops_hash("", 0) != bops_hash("\0", 1));
	for (i = 0; i < 17; i++) {
		memcpy(b, a, sizeof(a));
		b[i] ^= 1;
		assert_true(bops_hash(a, 17) != bops_hash(b, 17));
	}
	/* Mixing: the pieces and their order count. */
	assert_true(bops_hash_mix(bops_hash_mix(BOPS_HASH_SEED, "ab", 2), "c",
	    1) != bops_hash_mix(bops_hash_mix(BOPS_HASH_SEED, "a", 1), "bc",
	    2));
	assert_true(bops_hash_mix(BOPS_HASH_SEED, "a", 1) !=
	    bops_hash_mix(BOPS_HASH_SEED + 1, "a", 1));
}

static bool
equals_target(size_t value, const void *arg)
{
	return value == *(const size_t *)arg;
}

static void
table_finds_values_by_hash_and_equality(void **state)
{
	struct bops_hash h = BOPS_HASH_INIT;
	size_t i, want;

	want = 3;
	assert_int_equal(bops_hash_find(&h, 1, equals_target, &want),
	    BOPS_HASH_NONE);
	/* Every value under the same hash: found by equality alone. */
	for (i = 0; i < 100; i++)
		bops_hash_add(&h, 42, i);
	for (i = 0; i < 100; i++)
		assert_int_equal(bops_hash_find(&h, 42, equals_target, &i), i);
	want = 100;
	assert_int_equal(bops_hash_find(&h, 42, equals_target, &want),
	    BOPS_HASH_NONE);
	want = 7;
	assert_int_equal(bops_hash_find(&h, 43, equals_target, &want),
	    BOPS_HASH_NONE);
	assert_int_equal(h.n, 100);
	assert_true(h.nslots >= 2 * h.n);
	bops_hash_release(&h);
	assert_null(h.slots);
	assert_int_equal(h.n, 0);
}

static void
strset_adds_once_and_finds_in_order_of_addition(void **state)
{
	struct bops_strset set = BOPS_STRSET_INIT;
	static const char *words[] = { "a", "b", "", "ab", "b\0c", "ba" };
	size_t lens[] = { 1, 1, 0, 2, 3, 2 };
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		assert_true(bops_strset_add(&set, words[i], lens[i]));
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		assert_false(bops_strset_add(&set, words[i], lens[i]));
		assert_int_equal(bops_strset_find(&set, words[i], lens[i]), i);
	}
	assert_int_equal(set.n, 6);
	/* Bytes after a NUL count. */
	assert_int_equal(bops_strset_find(&set, "b\0d", 3), BOPS_HASH_NONE);
	assert_int_equal(bops_strset_find(&set, "abc", 3), BOPS_HASH_NONE);
	bops_strset_release(&set);
	assert_int_equal(bops_strset_find(&set, "a", 1), BOPS_HASH_NONE);
}

/* 200,000 strings: linear, or this test would take minutes. */
static void
strset_stays_fast_with_many_keys(void **state)
{
	struct bops_strset set = BOPS_STRSET_INIT;
	char (*keys)[16] = calloc(200000, sizeof(*keys));
	size_t i;

	assert_non_null(keys);
	for (i = 0; i < 200000; i++) {
		snprintf(keys[i], sizeof(keys[i]), "x_%zu", i);
		assert_true(bops_strset_add(&set, keys[i], strlen(keys[i])));
	}
	for (i = 0; i < 200000; i += 7)
		assert_int_equal(bops_strset_find(&set, keys[i],
		    strlen(keys[i])), i);
	assert_false(bops_strset_add(&set, "x_199999", 8));
	bops_strset_release(&set);
	free(keys);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hash_depends_on_every_byte_and_the_length),
		cmocka_unit_test(table_finds_values_by_hash_and_equality),
		cmocka_unit_test(strset_adds_once_and_finds_in_order_of_addition),
		cmocka_unit_test(strset_stays_fast_with_many_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
