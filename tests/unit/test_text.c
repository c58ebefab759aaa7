#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "banned.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Vietnamese, precomposed (NFC) and decomposed (NFD): 48 columns each. */
#define VI_NFC "Đi cứu thế giới bằng 1000 suất cơm tại bệnh viện"
#define VI_NFD "\xc4\x90i cu\xcc\x9b\xcc\x81u the\xcc\x82\xcc\x81 " \
	"gio\xcc\x9b\xcc\x81i ba\xcc\x86\xcc\x80ng 1000 " \
	"sua\xcc\x82\xcc\x81t co\xcc\x9bm ta\xcc\xa3i " \
	"be\xcc\xa3\xcc\x82nh vie\xcc\xa3\xcc\x82n"
#define TH "ตอบกลับ 95% ของข้อเสนอแนะของลูกค้าภายใน 24 ชั่วโมง"
#define ZH "设计医院送餐活动的落地页和报名表单以及感谢页面"
/* A family: three people joined by ZWJ, drawn as one picture. */
#define FAMILY "\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d" \
	"\xf0\x9f\x91\xa7"
#define FLAG_VN "\xf0\x9f\x87\xbb\xf0\x9f\x87\xb3"

static void
valid_accepts_utf8_and_refuses_the_rest(void **state)
{
	static const struct {
		const char *in;
		bool valid;
	} cases[] = {
		{ "", true },
		{ "abc", true },
		{ VI_NFC, true },
		{ VI_NFD, true },
		{ TH, true },
		{ ZH, true },
		{ FAMILY, true },
		{ "\xe8\xae", false },		/* cut in the middle */
		{ "a\xff", false },
		{ "\xc0\xaf", false },		/* overlong '/' */
		{ "\xed\xa0\x80", false },	/* a surrogate */
		{ "\xf4\x90\x80\x80", false },	/* above U+10FFFF */
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++)
		if (bops_text_valid(cases[i].in, strlen(cases[i].in)) !=
		    cases[i].valid)
			fail_msg("case %zu: want %d", i, cases[i].valid);
}

static void
width_counts_columns_by_cluster(void **state)
{
	static const struct {
		const char *in;
		size_t width, chars;
	} cases[] = {
		{ "", 0, 0 },
		{ "abc", 3, 3 },
		{ VI_NFC, 48, 48 },
		{ VI_NFD, 48, 48 },
		{ TH, 44, 44 },
		{ ZH, 46, 23 },
		{ "a" FAMILY "b", 4, 3 },
		{ FLAG_VN, 2, 1 },
		{ "\xff\xfe" "ab", 4, 4 },	/* invalid bytes: 1 each */
		{ "a\xe6\x8f", 3, 3 },		/* truncated sequence */
		{ "a\tb\x1b", 2, 4 },		/* controls take no column */
	};
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		if (bops_text_width(cases[i].in) != cases[i].width)
			fail_msg("case %zu: width %zu, want %zu", i,
			    bops_text_width(cases[i].in), cases[i].width);
		if (bops_text_chars(cases[i].in) != cases[i].chars)
			fail_msg("case %zu: %zu characters, want %zu", i,
			    bops_text_chars(cases[i].in), cases[i].chars);
	}
}

/*
 * bops_text_width_valid is bops_text_width, and says when
 * bops_text_put_cut appends the text as it is at its own width.
 */
static void
width_valid_says_when_put_cut_appends_all(void **state)
{
	static const char *const cases[] = { "", "abc", VI_NFC, VI_NFD, TH,
	    ZH, "a" FAMILY "b", FLAG_VN, "\xff\xfe" "ab", "a\xe6\x8f",
	    "a\tb\x1b", "\xed\xa0\x80", "\xc0\xaf", "Überprüfung", "a\xcc" };
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i, w, put;
	bool valid;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		w = bops_text_width_valid(cases[i], &valid);
		if (w != bops_text_width(cases[i]))
			fail_msg("case %zu: width %zu, want %zu", i, w,
			    bops_text_width(cases[i]));
		bops_buf_reset(&b);
		put = bops_text_put_cut(&b, cases[i], strlen(cases[i]), w,
		    "~");
		assert_int_equal(put, w);
		if (valid != (strcmp(b.ptr, cases[i]) == 0))
			fail_msg("case %zu: %s, but put_cut gave '%s'", i,
			    valid ? "valid" : "not valid", b.ptr);
	}
	bops_buf_release(&b);
}

static void
put_cut_keeps_clusters_whole(void **state)
{
	static const struct {
		const char *in;
		size_t cols;
		const char *ell, *out;
		size_t width;
	} cases[] = {
		{ "abc", 3, "...", "abc", 3 },
		{ "abcd", 3, "...", "...", 3 },
		{ "abcdef", 5, "...", "ab...", 5 },
		{ "abc", 2, "...", "", 0 },
		/* wide characters never split, and never overflow */
		{ "设计医院", 5, "", "设计", 4 },
		{ "设计医院", 7, "...", "设计...", 7 },
		/* Thai: the consonant keeps its vowel and tone mark */
		{ "ชั่วโมง", 2, "", "ชั่ว", 2 },
		{ "ชั่วโมง", 1, "", "ชั่", 1 },
		/* NFD: the marks stay with their letter */
		{ "the\xcc\x82\xcc\x81 gio", 3, "", "the\xcc\x82\xcc\x81",
		    3 },
		{ "a" FAMILY "b", 2, "", "a", 1 },
		{ "a" FAMILY "b", 3, "", "a" FAMILY, 3 },
		{ "ab" FLAG_VN, 3, "", "ab", 2 },
		/* what is not UTF-8 comes out as U+FFFD */
		{ "a\xe8\xae" "bcdef", 4, "~", "a\xef\xbf\xbd\xef\xbf\xbd~",
		    4 },
		{ "\xff", 1, "~", "\xef\xbf\xbd", 1 },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i, w;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		bops_buf_reset(&b);
		w = bops_text_put_cut(&b, cases[i].in, strlen(cases[i].in),
		    cases[i].cols, cases[i].ell);
		if (strcmp(b.ptr, cases[i].out) || w != cases[i].width)
			fail_msg("case %zu: '%s' (%zu), want '%s' (%zu)", i,
			    b.ptr, w, cases[i].out, cases[i].width);
		assert_true(bops_text_valid(b.ptr, b.len));
	}
	bops_buf_release(&b);
}

static void
put_cut_of_long_titles_is_valid_utf8(void **state)
{
	const char *titles[] = { ZH, TH, VI_NFD, VI_NFC };
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i, cols;

	(void)state;
	for (i = 0; i < NELEM(titles); i++)
		for (cols = 0; cols < 60; cols++) {
			bops_buf_reset(&b);
			bops_text_put_cut(&b, titles[i], strlen(titles[i]),
			    cols, "...");
			assert_true(bops_text_valid(b.ptr, b.len));
			assert_true(bops_text_width(b.ptr) <= cols);
		}
	bops_buf_release(&b);
}

static void
put_short_cuts_values_for_messages(void **state)
{
	static const struct {
		const char *in;
		size_t max;
		const char *out;
	} cases[] = {
		{ "Write the brief", 50, "Write the brief" },
		{ "0123456789", 10, "0123456789" },
		{ "01234567890", 10, "0123456789..." },
		{ "line one\nline two", 50, "line one..." },
		{ ZH, 50, ZH },
		{ ZH ZH, 50, "设计医院送餐活动的落地页和报名表单以及感谢页面设计..." },
		{ ZH, 9, "设计医院..." },
		{ "ชั่วโมง", 2, "ชั่ว..." },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		bops_buf_reset(&b);
		bops_text_put_short(&b, cases[i].in, cases[i].max);
		if (strcmp(b.ptr, cases[i].out))
			fail_msg("case %zu: '%s', want '%s'", i, b.ptr,
			    cases[i].out);
	}
	bops_buf_reset(&b);
	bops_text_put_quoted(&b, "设计医院", 5);
	assert_string_equal(b.ptr, "'设计...'");
	bops_buf_release(&b);
}

static void
fit_finds_a_cut_between_clusters(void **state)
{
	const char *s = "ab" "e\xcc\x81" "设";	/* 2 + 3 + 3 bytes */

	(void)state;
	assert_int_equal(bops_text_fit(s, strlen(s), 100, true), 8);
	assert_int_equal(bops_text_fit(s, strlen(s), 7, true), 5);
	assert_int_equal(bops_text_fit(s, strlen(s), 4, true), 2);
	assert_int_equal(bops_text_fit(s, strlen(s), 3, true), 2);
	/* cut text: the last cluster may have lost its marks */
	assert_int_equal(bops_text_fit(s, 4, 100, false), 2);
	assert_int_equal(bops_text_fit(s, 7, 100, false), 2);
	assert_int_equal(bops_text_fit(s, 8, 100, false), 5);
}

static void
unaccent_takes_marks_away_in_any_normal_form(void **state)
{
	static const struct {
		const char *in, *out;
	} rows[] = {
		{ "Đăng ký", "dang ky" },
		{ "D\xcc\x9b\xcc\x81", "d" },	/* D + horn + acute */
		{ "Cứu thế giới", "cuu the gioi" },
		{ "Skapa en kundcentrerad ePMO", "skapa en kundcentrerad epmo" },
		{ "提高", "提高" },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		bops_buf_reset(&b);
		bops_text_unaccent(&b, rows[i].in);
		bops_buf_puts(&b, "");
		assert_string_equal(b.ptr, rows[i].out);
	}
	bops_buf_release(&b);
}

static void
fold_matches_case_and_normal_forms(void **state)
{
	static const struct {
		const char *a, *b;
	} same[] = {
		{ "viết", "VIẾT" },
		{ "vi\xe1\xba\xbft", "vie\xcc\x82\xcc\x81t" },	/* NFC, NFD */
		{ "Đi", "đi" },
		{ "Straße", "STRASSE" },
		{ "Lan Nguyen", "lan nguyen" },
		{ "\xe2\x84\xaa", "k" },			/* Kelvin sign */
	};
	struct bops_buf a = BOPS_BUF_INIT, b = BOPS_BUF_INIT;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(same); i++) {
		bops_buf_reset(&a);
		bops_buf_reset(&b);
		bops_text_fold(&a, same[i].a);
		bops_text_fold(&b, same[i].b);
		if (strcmp(a.ptr, b.ptr))
			fail_msg("case %zu: '%s' and '%s' fold apart", i,
			    a.ptr, b.ptr);
		assert_int_equal(bops_text_fold_cmp(same[i].a, same[i].b), 0);
	}
	assert_true(bops_text_fold_cmp("apple", "Zebra") < 0);
	assert_true(bops_text_fold_cmp("e", "\xc3\xa9") < 0);
	assert_true(bops_text_fold_cmp("e\xcc\x81", "\xc3\xa9") == 0);
	assert_true(bops_text_fold_cmp("ab", "abc") < 0);
	assert_true(bops_text_fold_cmp("a\xcc\x81", "\xc3\x81") == 0);
	assert_true(bops_text_nfc_equal("vi\xe1\xba\xbft",
	    "vie\xcc\x82\xcc\x81t"));
	assert_false(bops_text_nfc_equal("viết", "VIẾT"));
	/* Not UTF-8: kept as it is, so it still equals itself. */
	bops_buf_reset(&a);
	bops_text_fold(&a, "\xff" "A");
	assert_string_equal(a.ptr, "\xff" "A");
	bops_buf_release(&a);
	bops_buf_release(&b);
}

static void
suggest_finds_the_word_meant(void **state)
{
	static const char *verbs[] = { "add", "list", "show", "set", "edit",
	    "rm", "log", "move", "start", "done", "board", "backlog",
	    "rank" };
	static const struct {
		const char *typed, *want;
	} cases[] = {
		{ "lsit", "; did you mean 'list'?" },
		{ "lst", "; did you mean 'list'?" },
		{ "bord", "; did you mean 'board'?" },
		{ "backlgo", "; did you mean 'backlog'?" },
		{ "strat", "; did you mean 'start'?" },
		{ "sh", "; did you mean 'show'?" },
		{ "lo", "; did you mean 'log'?" },
		{ "s", "; did you mean 'show', 'set' or 'start'?" },
		{ "foo", "" },
		{ "xyzzy", "" },
		{ "list", "" },
	};
	struct bops_text_suggest s;
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i, k;

	(void)state;
	for (i = 0; i < NELEM(cases); i++) {
		bops_buf_reset(&b);
		bops_text_suggest_init(&s, cases[i].typed);
		for (k = 0; k < NELEM(verbs); k++)
			bops_text_suggest_add(&s, verbs[k]);
		assert_int_equal(bops_text_suggest_put(&b, &s),
		    *cases[i].want != '\0');
		if (strcmp(b.ptr, cases[i].want))
			fail_msg("'%s': '%s', want '%s'", cases[i].typed,
			    b.ptr, cases[i].want);
	}
	assert_int_equal(bops_text_distance("lsit", "list"), 0);
	assert_int_equal(bops_text_distance("procesing", "processing"), 1);
	assert_int_equal(bops_text_distance("listt", "list"), 3);
	assert_int_equal(bops_text_distance("lisr", "list"), 2);
	bops_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(valid_accepts_utf8_and_refuses_the_rest),
		cmocka_unit_test(width_counts_columns_by_cluster),
		cmocka_unit_test(put_cut_keeps_clusters_whole),
		cmocka_unit_test(width_valid_says_when_put_cut_appends_all),
		cmocka_unit_test(put_cut_of_long_titles_is_valid_utf8),
		cmocka_unit_test(put_short_cuts_values_for_messages),
		cmocka_unit_test(fit_finds_a_cut_between_clusters),
		cmocka_unit_test(fold_matches_case_and_normal_forms),
		cmocka_unit_test(unaccent_takes_marks_away_in_any_normal_form),
		cmocka_unit_test(suggest_finds_the_word_meant),
	};

	/* Nothing here may depend on the locale: run in plain C. */
	setlocale(LC_ALL, "C");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
