#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "rank.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *s;
	bool valid;
} valids[] = {
	{ "0", true },
	{ "a", true },
	{ "0123456789abcdefghijklmnopqrstuvwxyz", true },
	{ "zzzzzzz", true },
	{ "", false },
	{ "A", false },
	{ "a-b", false },
	{ "a b", false },
	{ "\xc3\xa9", false },
	{ "a\n", false },
};

static void
valid_accepts_base36_digits_only(void **state)
{
	size_t i;

	for (i = 0; i < N(valids); i++)
		if (bops_rank_valid(valids[i].s) != valids[i].valid)
			fail_msg("'%s' should be %s", valids[i].s,
			    valids[i].valid ? "valid" : "invalid");
	assert_false(bops_rank_valid(NULL));
}

/* lo and hi may be NULL: no bound. */
static const struct {
	const char *lo;
	const char *hi;
	const char *expect;	/* NULL: any rank strictly between */
} betweens[] = {
	{ "a", "c", "b" },
	{ "0", "z", "h" },
	{ "a", "b", "ai" },		/* adjacent digits */
	{ "a", "a1", "a0i" },		/* lo is a prefix of hi */
	{ "a0", "a1", "a0i" },
	{ "az", "b", "azi" },
	{ "azz", "b", "azzi" },
	{ "y", "z", "yi" },
	{ "a", "az", "ah" },
	{ "ab", "b", "an" },
	{ NULL, NULL, "i" },		/* unbounded both sides */
	{ "a", NULL, "n" },
	{ "z", NULL, "zi" },
	{ "zz", NULL, "zzi" },
	{ "0", NULL, "i" },
	{ NULL, "1", "0i" },
	{ NULL, "01", "00i" },
	{ NULL, "a", "5" },
	{ NULL, "0001", "0000i" },
	{ "0i", "1", NULL },
	{ "1", "10001", NULL },
	{ "hello", "help", NULL },
	{ "7kq3m2x", "7kq3m2y", NULL },
};

static void
between_is_strictly_between(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	const struct bops_error *err;
	const char *lo, *hi;
	size_t i;

	for (i = 0; i < N(betweens); i++) {
		lo = betweens[i].lo;
		hi = betweens[i].hi;
		if (lo && hi && strcmp(lo, hi) >= 0)
			continue;	/* the error rows are below */
		bops_buf_reset(&b);
		bops_buf_puts(&b, "prefix:");
		err = bops_rank_between(&b, lo, hi);
		if (err)
			fail_msg("between '%s' and '%s': %s", lo ? lo : "-",
			    hi ? hi : "-", err->msg);
		/* Appended, not replaced. */
		assert_memory_equal(b.ptr, "prefix:", 7);
		if (!bops_rank_valid(b.ptr + 7))
			fail_msg("'%s' is no rank", b.ptr + 7);
		if ((lo && strcmp(lo, b.ptr + 7) >= 0) ||
		    (hi && strcmp(b.ptr + 7, hi) >= 0))
			fail_msg("'%s' is not between '%s' and '%s'",
			    b.ptr + 7, lo ? lo : "-", hi ? hi : "-");
		/* Never ends in 0, so there is always room below it. */
		assert_int_not_equal(b.ptr[b.len - 1], '0');
		if (betweens[i].expect)
			assert_string_equal(b.ptr + 7, betweens[i].expect);
	}
	bops_buf_release(&b);
}

static void
between_works_for_every_pair_of_short_ranks(void **state)
{
	static const char *ranks[] = { "0", "00i", "01", "0i", "1", "1z",
	    "5", "a", "a0i", "a1", "ai", "az", "azz", "b", "h", "n", "y",
	    "yz", "z", "zi", "zz", "zzz" };
	struct bops_buf b = BOPS_BUF_INIT;
	const struct bops_error *err;
	size_t i, j;

	for (i = 0; i < N(ranks); i++)
		for (j = i + 1; j < N(ranks); j++) {
			assert_true(strcmp(ranks[i], ranks[j]) < 0);
			bops_buf_reset(&b);
			err = bops_rank_between(&b, ranks[i], ranks[j]);
			if (err)
				fail_msg("between '%s' and '%s': %s",
				    ranks[i], ranks[j], err->msg);
			assert_true(strcmp(ranks[i], b.ptr) < 0);
			assert_true(strcmp(b.ptr, ranks[j]) < 0);
		}
	bops_buf_release(&b);
}

static const struct {
	const char *lo;
	const char *hi;
	const char *msg;
} errors[] = {
	{ "b", "a", "no rank between 'b' and 'a'" },
	{ "a", "a", "no rank between 'a' and 'a'" },
	{ "a1", "a", "no rank between 'a1' and 'a'" },
	{ NULL, "0", "no rank below '0'" },
	{ NULL, "000", "no rank below '000'" },
	{ "A", "b", "invalid rank 'A'" },
	{ "a", "B", "invalid rank 'B'" },
	{ "", "b", "invalid rank ''" },
	{ NULL, "", "invalid rank ''" },
	{ "a-1", NULL, "invalid rank 'a-1'" },
	{ NULL, "z!", "invalid rank 'z!'" },
	/* Nothing sorts between a string and itself followed by zeros. */
	{ "a", "a0", "no rank between 'a' and 'a0'" },
	{ "a", "a00", "no rank between 'a' and 'a00'" },
};

static void
between_refuses_impossible_bounds(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	const struct bops_error *err;
	size_t i;

	for (i = 0; i < N(errors); i++) {
		bops_buf_reset(&b);
		bops_buf_puts(&b, "keep");
		err = bops_rank_between(&b, errors[i].lo, errors[i].hi);
		if (err == NULL)
			fail_msg("between '%s' and '%s' gave '%s'",
			    errors[i].lo ? errors[i].lo : "-",
			    errors[i].hi ? errors[i].hi : "-", b.ptr);
		assert_int_equal(err->code, BOPS_ERR_USAGE);
		assert_string_equal(err->msg, errors[i].msg);
		/* Nothing is left behind in the buffer. */
		assert_string_equal(b.ptr, "keep");
	}
	bops_buf_release(&b);
}

#define NINSERT 1000

static int
cmp_rank(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
random_insertions_keep_strict_order(void **state)
{
	char *ranks[NINSERT + 1], *sorted[NINSERT + 1];
	struct bops_buf b = BOPS_BUF_INIT;
	const struct bops_error *err;
	size_t n = 0, i, pos, maxlen = 0;

	srand(20261123);
	for (i = 0; i < NINSERT; i++) {
		/* Between ranks[pos-1] and ranks[pos]; the ends unbounded. */
		pos = (size_t)rand() % (n + 1);
		bops_buf_reset(&b);
		err = bops_rank_between(&b, pos ? ranks[pos - 1] : NULL,
		    pos < n ? ranks[pos] : NULL);
		if (err)
			fail_msg("insertion %zu at %zu: %s", i, pos, err->msg);
		memmove(&ranks[pos + 1], &ranks[pos],
		    (n - pos) * sizeof(ranks[0]));
		ranks[pos] = bops_buf_detach(&b);
		n++;
		if (strlen(ranks[pos]) > maxlen)
			maxlen = strlen(ranks[pos]);
	}
	for (i = 1; i < n; i++)
		if (strcmp(ranks[i - 1], ranks[i]) >= 0)
			fail_msg("'%s' before '%s'", ranks[i - 1], ranks[i]);
	/* Sorting by bytes gives back the insertion order. */
	memcpy(sorted, ranks, n * sizeof(ranks[0]));
	qsort(sorted, n, sizeof(sorted[0]), cmp_rank);
	for (i = 0; i < n; i++)
		assert_ptr_equal(sorted[i], ranks[i]);
	/* Random places keep ranks short. */
	assert_true(maxlen < 20);
	for (i = 0; i < n; i++)
		free(ranks[i]);
}

static void
repeated_insertion_at_one_place_keeps_working(void **state)
{
	struct bops_buf lo = BOPS_BUF_INIT, hi = BOPS_BUF_INIT;
	struct bops_buf mid = BOPS_BUF_INIT;
	const struct bops_error *err;
	size_t i;

	/* Always just after "a" or always just before "b". */
	bops_buf_puts(&lo, "a");
	bops_buf_puts(&hi, "b");
	for (i = 0; i < 200; i++) {
		bops_buf_reset(&mid);
		if ((err = bops_rank_between(&mid, lo.ptr, hi.ptr)))
			fail_msg("step %zu: %s", i, err->msg);
		assert_true(strcmp(lo.ptr, mid.ptr) < 0);
		assert_true(strcmp(mid.ptr, hi.ptr) < 0);
		bops_buf_reset(i % 2 ? &lo : &hi);
		bops_buf_puts(i % 2 ? &lo : &hi, mid.ptr);
	}
	bops_buf_reset(&hi);
	bops_buf_puts(&hi, "1");
	for (i = 0; i < 200; i++) {
		bops_buf_reset(&mid);
		if ((err = bops_rank_between(&mid, NULL, hi.ptr)))
			fail_msg("step %zu: %s", i, err->msg);
		assert_true(strcmp(mid.ptr, hi.ptr) < 0);
		bops_buf_reset(&hi);
		bops_buf_puts(&hi, mid.ptr);
	}
	bops_buf_release(&lo);
	bops_buf_release(&hi);
	bops_buf_release(&mid);
}

static const struct {
	int64_t t;
	const char *expect;
} initials[] = {
	{ 0, "0000000" },
	{ -5, "0000000" },
	{ 35, "000000z" },
	{ 36, "0000010" },
	{ 1764000000, "0t68n40" },	/* 2025-11-24T16:00:00Z */
	{ 1795392000, "0toxhc0" },	/* 2026-11-23T00:00:00Z */
};

static void
initial_is_seven_digits_of_the_time(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < N(initials); i++) {
		bops_buf_reset(&b);
		bops_rank_initial(&b, initials[i].t);
		assert_int_equal(b.len, 7);
		assert_true(bops_rank_valid(b.ptr));
		assert_string_equal(b.ptr, initials[i].expect);
	}
	bops_buf_release(&b);
}

static void
initial_increases_with_time(void **state)
{
	struct bops_buf a = BOPS_BUF_INIT, b = BOPS_BUF_INIT;
	int64_t t;

	for (t = 1700000000; t < 1700000000 + 86400 * 400; t += 3607) {
		bops_buf_reset(&a);
		bops_buf_reset(&b);
		bops_rank_initial(&a, t);
		bops_rank_initial(&b, t + 1);
		assert_int_equal(a.len, 7);
		assert_true(strcmp(a.ptr, b.ptr) < 0);
	}
	/* Appends to what is there. */
	bops_buf_reset(&a);
	bops_buf_puts(&a, "r=");
	bops_rank_initial(&a, 36);
	assert_string_equal(a.ptr, "r=0000010");
	bops_buf_release(&a);
	bops_buf_release(&b);
}

static void
append_goes_after_the_last_and_the_clock(void **state)
{
	static const struct {
		const char *last;
		int64_t t;
		const char *tiebreak, *expect;
	} rows[] = {
		/* nothing yet, or the clock is past the last: the clock */
		{ NULL, 36, "7kq3m2x9ab", "00000107kq3m2x9ab" },
		{ "000000z", 36, "ab", "0000010ab" },
		/* the same second: one past the last */
		{ "0000010ab", 36, "cd", "0000011cd" },
		{ "0000011cd", 36, "ef", "0000012ef" },
		/* ranked past the clock by hand */
		{ "i", 36, "x", "i000001x" },
		{ "0000010", 36, "x", "0000011x" },
		{ "000001z", 36, "x", "0000020x" },
		/* slugs: only their digits and letters */
		{ NULL, 36, "write-the-brief", "0000010writethebr" },
		/* no room: past it all the same */
		{ "zzzzzzz", 36, "x", "zzzzzzzix" },
		/* not a rank (a hand edit): passed over */
		{ "Zebra", 36, "x", "0000010x" },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < N(rows); i++) {
		bops_buf_reset(&b);
		bops_rank_append(&b, rows[i].last, rows[i].t, rows[i].tiebreak);
		if (strcmp(b.ptr, rows[i].expect))
			fail_msg("row %zu: '%s', want '%s'", i, b.ptr,
			    rows[i].expect);
		assert_true(bops_rank_valid(b.ptr));
		if (rows[i].last && bops_rank_valid(rows[i].last))
			assert_true(strcmp(rows[i].last, b.ptr) < 0);
	}
	bops_buf_release(&b);
}

static void
append_in_one_second_keeps_the_order_and_never_ties(void **state)
{
	static const char *ids[] = { "zz", "yy", "xx", "ww", "vv", "aa" };
	struct bops_buf last = BOPS_BUF_INIT, b = BOPS_BUF_INIT;
	struct bops_buf other = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < N(ids); i++) {
		bops_buf_reset(&b);
		bops_rank_append(&b, last.len ? last.ptr : NULL, 1795392000,
		    ids[i]);
		if (last.len)
			assert_true(strcmp(last.ptr, b.ptr) < 0);
		/* another clone, from the same last rank, with its own id */
		bops_buf_reset(&other);
		bops_rank_append(&other, last.len ? last.ptr : NULL,
		    1795392000, "k3m2");
		assert_true(strcmp(other.ptr, b.ptr) != 0);
		bops_buf_reset(&last);
		bops_buf_puts(&last, b.ptr);
	}
	bops_buf_release(&last);
	bops_buf_release(&b);
	bops_buf_release(&other);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_accepts_base36_digits_only),
		cmocka_unit_test(between_is_strictly_between),
		cmocka_unit_test(between_works_for_every_pair_of_short_ranks),
		cmocka_unit_test(between_refuses_impossible_bounds),
		cmocka_unit_test(random_insertions_keep_strict_order),
		cmocka_unit_test(repeated_insertion_at_one_place_keeps_working),
		cmocka_unit_test(initial_is_seven_digits_of_the_time),
		cmocka_unit_test(initial_increases_with_time),
		cmocka_unit_test(append_goes_after_the_last_and_the_clock),
		cmocka_unit_test(
		    append_in_one_second_keeps_the_order_and_never_ties),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
