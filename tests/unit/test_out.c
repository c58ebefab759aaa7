#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "banned.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Vietnamese, precomposed (NFC) and decomposed (NFD): 48 columns each. */
#define VI_NFC "Đi cứu thế giới bằng 1000 suất cơm tại bệnh viện"
#define VI_NFD "\xc4\x90i cu\xcc\x9b\xcc\x81u the\xcc\x82\xcc\x81 " \
	"gio\xcc\x9b\xcc\x81i ba\xcc\x86\xcc\x80ng 1000 " \
	"sua\xcc\x82\xcc\x81t co\xcc\x9bm ta\xcc\xa3i " \
	"be\xcc\xa3\xcc\x82nh vie\xcc\xa3\xcc\x82n"
/* 50 code points, 6 of them vowel signs and tone marks of width 0. */
#define TH "ตอบกลับ 95% ของข้อเสนอแนะของลูกค้าภายใน 24 ชั่วโมง"
#define ZH "提高客户满意度评分"
#define SV "Skapa en kundcentrerad ePMO"

static void
width_counts_terminal_columns(void **state)
{
	static const struct {
		const char *in;
		size_t width;
	} cases[] = {
		{ "", 0 },
		{ "abc", 3 },
		{ VI_NFC, 48 },
		{ VI_NFD, 48 },
		{ TH, 44 },
		{ ZH, 18 },
		{ SV, 27 },
		{ "a" ZH, 19 },
		{ "\xff\xfe" "ab", 4 },		/* invalid bytes: 1 each */
		{ "a\xe6\x8f", 3 },		/* truncated sequence */
		{ "\xc0\xaf", 2 },		/* overlong '/' */
		{ "a\tb\x1b\x7f", 2 },		/* controls: 0 */
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		if (bops_out_width(cases[i].in) != cases[i].width)
			fail_msg("case %zu: width %zu, want %zu", i,
			    bops_out_width(cases[i].in), cases[i].width);
	}
}

static void
put_clipped_cuts_at_character_boundaries(void **state)
{
	static const struct {
		const char *in;
		size_t width;
		bool utf8;
		const char *out;
		size_t cols;
	} cases[] = {
		{ "abcdef", 10, true, "abcdef", 6 },
		{ "abcdef", 6, true, "abcdef", 6 },
		{ "abcdef", 5, true, "abcd…", 5 },
		{ "abcdef", 5, false, "abcd~", 5 },
		{ "abc", 1, true, "…", 1 },
		{ "abc", 0, true, "", 0 },
		{ "", 0, false, "", 0 },
		{ ZH, 5, true, "提高…", 5 },
		{ ZH, 4, true, "提…", 3 },	/* a wide char does not fit */
		{ ZH, 18, true, ZH, 18 },
		/* marks stay with their base, none left dangling */
		{ "e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 2, true,
		    "e\xcc\x81…", 2 },
		{ "ชั่วโมง", 3, false, "ชั่ว~", 3 },
		{ VI_NFD, 6, true, "\xc4\x90i cu\xcc\x9b\xcc\x81…", 6 },
		{ "\xff\xff\xff", 5, false, "\\377~", 5 },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i, cols;

	for (i = 0; i < NELEM(cases); i++) {
		bops_buf_reset(&b);
		cols = bops_out_put_clipped(&b, cases[i].in, cases[i].width,
		    cases[i].utf8);
		if (strcmp(b.ptr, cases[i].out) != 0 || cols != cases[i].cols)
			fail_msg("case %zu: '%s' (%zu), want '%s' (%zu)", i,
			    b.ptr, cols, cases[i].out, cases[i].cols);
		assert_int_equal(bops_out_width(b.ptr), cols);
	}
	bops_buf_release(&b);
}

/* Split rendered output into lines; check each ends with '\n'. */
static size_t
split_lines(char *s, char **lines, size_t max)
{
	size_t n = 0;
	char *nl;

	while (*s) {
		nl = strchr(s, '\n');
		assert_non_null(nl);
		assert_true(n < max);
		*nl = '\0';
		lines[n++] = s;
		s = nl + 1;
	}
	return n;
}

static void
assert_no_trailing_spaces(const char *out)
{
	const char *p;

	for (p = out; *p; p++)
		if (*p == '\n' && p > out && p[-1] == ' ')
			fail_msg("trailing space before byte %td in:\n%s",
			    p - out, out);
	if (strstr(out, " \033[0m"))
		fail_msg("coloured trailing space in:\n%s", out);
}

static void
table_aligns_columns_across_languages(void **state)
{
	static const char *const headers[] = { "Goal", "Ref" };
	static const char *const rows[][2] = {
		{ VI_NFC, "R1" },
		{ VI_NFD, "R2" },
		{ TH, "R3" },
		{ ZH, "R4" },
		{ SV, "R5" },
		{ "\xff\xfe bad", "R6" },
		{ "tab\there\nnewline", "R7" },
	};
	struct bops_table *t;
	struct bops_buf b = BOPS_BUF_INIT;
	char *lines[16], *at, *prefix, want[64];
	size_t i, n;

	t = bops_table_new(2, headers);
	for (i = 0; i < NELEM(rows); i++)
		bops_table_add(t, rows[i]);
	assert_int_equal(bops_table_rows(t), NELEM(rows));
	bops_table_render(&b, t, BOPS_TABLE_UTF8, 0);
	assert_no_trailing_spaces(b.ptr);
	assert_null(strchr(b.ptr, '\t'));

	n = split_lines(b.ptr, lines, NELEM(lines));
	assert_int_equal(n, NELEM(rows) + 1);
	for (i = 0; i < n; i++) {
		at = strstr(lines[i], i == 0 ? "Ref" : rows[i - 1][1]);
		assert_non_null(at);
		prefix = bops_strndup(lines[i], (size_t)(at - lines[i]));
		/* widest cell is 48 columns, then two spaces */
		if (bops_out_width(prefix) != 50)
			fail_msg("line %zu: column 2 at %zu, want 50: %s", i,
			    bops_out_width(prefix), lines[i]);
		free(prefix);
	}
	/* controls shown as spaces, padded to 48, two spaces, R7 */
	snprintf(want, sizeof(want), "%-48s  R7", "tab here newline");
	assert_string_equal(lines[7], want);
	bops_buf_release(&b);
	bops_table_free(t);
}

static void
table_pads_right_aligned_columns_on_the_left(void **state)
{
	static const char *const headers[] = { "Name", "Count" };
	static const char *const rows[][2] = {
		{ "a", "5" },
		{ "bb", "100" },
		{ "提", "7" },
	};
	struct bops_table *t;
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	t = bops_table_new(2, headers);
	bops_table_align(t, 1, BOPS_ALIGN_RIGHT);
	bops_table_align(t, 9, BOPS_ALIGN_RIGHT);	/* ignored */
	for (i = 0; i < NELEM(rows); i++)
		bops_table_add(t, rows[i]);
	bops_table_render(&b, t, 0, 0);
	assert_string_equal(b.ptr,
	    "Name  Count\n"
	    "a         5\n"
	    "bb      100\n"
	    "提        7\n");

	bops_buf_reset(&b);
	bops_table_render(&b, t, BOPS_TABLE_NO_HEADER, 0);
	assert_string_equal(b.ptr,
	    "a     5\n"
	    "bb  100\n"
	    "提    7\n");
	bops_buf_release(&b);
	bops_table_free(t);
}

static void
table_lines_never_end_in_spaces(void **state)
{
	static const char *const headers[] = { "A", "B", "C" };
	static const char *const rows[][3] = {
		{ "x", "y", "" },
		{ "x", NULL, NULL },
		{ "longer", "cell  ", "  " },
		{ "", "", "" },
		{ "x", "y", "z\n" },
	};
	struct bops_table *t;
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	t = bops_table_new(3, headers);
	for (i = 0; i < NELEM(rows); i++)
		bops_table_add(t, rows[i]);
	bops_table_add(t, NULL);
	bops_table_color_row(t, 2, "31");
	bops_table_render(&b, t, 0, 0);
	assert_string_equal(b.ptr,
	    "A       B       C\n"
	    "x       y\n"
	    "x\n"
	    "longer  cell\n"
	    "\n"
	    "x       y       z\n"
	    "\n");
	bops_buf_reset(&b);
	bops_table_render(&b, t, BOPS_TABLE_COLOR | BOPS_TABLE_NO_HEADER, 0);
	assert_no_trailing_spaces(b.ptr);
	assert_non_null(strstr(b.ptr, "\033[31mlonger\033[0m  "
	    "\033[31mcell\033[0m\n"));
	bops_buf_release(&b);
	bops_table_free(t);
}

static void
table_colors_only_with_the_flag(void **state)
{
	static const char *const headers[] = { "Id", "Title" };
	static const char *const rows[][2] = {
		{ "1", "Fix" },
		{ "22", "Ship it" },
		{ "3", "" },
		{ "4", "Plan" },
	};
	struct bops_table *t;
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	t = bops_table_new(2, headers);
	for (i = 0; i < NELEM(rows); i++)
		bops_table_add(t, rows[i]);
	bops_table_color_row(t, 0, "31");
	bops_table_color_row(t, 2, "1;32");
	bops_table_color_row(t, 3, "33");
	bops_table_color_row(t, 3, NULL);	/* cleared */
	bops_table_color_row(t, 4, "34");	/* no such row: ignored */

	bops_table_render(&b, t, BOPS_TABLE_UTF8, 0);
	assert_null(strchr(b.ptr, '\033'));
	assert_string_equal(b.ptr,
	    "Id  Title\n"
	    "1   Fix\n"
	    "22  Ship it\n"
	    "3\n"
	    "4   Plan\n");

	bops_buf_reset(&b);
	bops_table_render(&b, t, BOPS_TABLE_COLOR, 0);
	assert_string_equal(b.ptr,
	    "\033[1mId\033[0m  \033[1mTitle\033[0m\n"
	    "\033[31m1\033[0m   \033[31mFix\033[0m\n"
	    "22  Ship it\n"
	    "\033[1;32m3\033[0m\n"
	    "4   Plan\n");
	bops_buf_release(&b);
	bops_table_free(t);
}

static void
table_clips_widest_left_column_to_max_width(void **state)
{
	static const char *const headers[] = { "Id", "Title", "Owner" };
	static const char *const rows[][3] = {
		{ "1", "A very long title that goes on", "ana" },
		{ "2", "Short", "bob" },
	};
	struct bops_table *t;
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	t = bops_table_new(3, headers);
	bops_table_align(t, 0, BOPS_ALIGN_RIGHT);
	for (i = 0; i < NELEM(rows); i++)
		bops_table_add(t, rows[i]);

	bops_table_render(&b, t, BOPS_TABLE_UTF8, 20);
	assert_string_equal(b.ptr,
	    "Id  Title      Owner\n"
	    " 1  A very l…  ana\n"
	    " 2  Short      bob\n");

	bops_buf_reset(&b);
	bops_table_render(&b, t, 0, 20);
	assert_string_equal(b.ptr,
	    "Id  Title      Owner\n"
	    " 1  A very l~  ana\n"
	    " 2  Short      bob\n");

	/* never narrower than a header */
	bops_buf_reset(&b);
	bops_table_render(&b, t, 0, 5);
	assert_string_equal(b.ptr,
	    "Id  Title  Owner\n"
	    " 1  A ve~  ana\n"
	    " 2  Short  bob\n");

	/* wide enough: untouched */
	bops_buf_reset(&b);
	bops_table_render(&b, t, 0, 41);
	assert_non_null(strstr(b.ptr, "that goes on  ana\n"));
	bops_buf_release(&b);
	bops_table_free(t);
}

static void
table_clips_widest_first_and_not_below_four(void **state)
{
	static const char *const headers[] = { "A", "B" };
	static const char *const row[] = { "abcdefghij", "uvwxyz" };
	static const char *const cjk[] = { ZH, VI_NFD };
	struct bops_table *t;
	struct bops_buf b = BOPS_BUF_INIT;

	t = bops_table_new(2, headers);
	bops_table_add(t, row);
	bops_table_render(&b, t, 0, 13);
	assert_string_equal(b.ptr,
	    "A      B\n"
	    "abcd~  uvwxyz\n");

	bops_buf_reset(&b);
	bops_table_render(&b, t, 0, 1);
	assert_string_equal(b.ptr,
	    "A     B\n"
	    "abc~  uvw~\n");

	bops_buf_reset(&b);
	bops_table_add(t, cjk);
	bops_table_render(&b, t, BOPS_TABLE_UTF8 | BOPS_TABLE_NO_HEADER, 16);
	assert_string_equal(b.ptr,
	    "abcdef…  uvwxyz\n"
	    "提高客…  \xc4\x90i cu\xcc\x9b\xcc\x81u…\n");
	bops_buf_release(&b);
	bops_table_free(t);
}

static void
escape_shows_terminal_controls_as_octal(void **state)
{
	static const struct {
		const char *in;
		unsigned flags;
		const char *out;
	} cases[] = {
		{ "", 0, "" },
		{ "plain text", 0, "plain text" },
		{ VI_NFC " " ZH " " TH, 0, VI_NFC " " ZH " " TH },
		{ VI_NFD, 0, VI_NFD },
		{ "\xf0\x9f\x98\x80", 0, "\xf0\x9f\x98\x80" },
		/* a backslash stays: escaping twice changes nothing */
		{ "C:\\new", 0, "C:\\new" },
		{ "\033]0;PWNED\007\033[2Jx", 0,
		    "\\033]0;PWNED\\007\\033[2Jx" },
		{ "a\nb\tc\rd", 0, "a\\012b\\011c\\015d" },
		{ "a\nb\tc\rd", BOPS_ESCAPE_LINES, "a\nb\tc\\015d" },
		{ "\x01\x1f\x7f", 0, "\\001\\037\\177" },
		/* C1 controls, as characters and as stray bytes */
		{ "\xc2\x85\xc2\x9b" "2J", 0, "\\302\\205\\302\\2332J" },
		{ "\x9b" "2J", 0, "\\2332J" },
		{ "\xc2\xa0", 0, "\xc2\xa0" },
		/* bidi overrides and isolates: U+202A..202E, U+2066..2069 */
		{ "a\xe2\x80\xaa" "b\xe2\x80\xae" "c", 0,
		    "a\\342\\200\\252b\\342\\200\\256c" },
		{ "\xe2\x81\xa6\xe2\x81\xa9", 0,
		    "\\342\\201\\246\\342\\201\\251" },
		{ "\xe2\x80\xa9\xe2\x81\xaa", 0, "\xe2\x80\xa9\xe2\x81\xaa" },
		/* bytes that are not UTF-8 */
		{ "a\xff" "b", 0, "a\\377b" },
		{ "\xc0\xaf", 0, "\\300\\257" },
		{ "x\xe6\x8f", 0, "x\\346\\217" },
		/* colour codes pass only when asked, and only SGR */
		{ "\033[1;31mred\033[0m", BOPS_ESCAPE_SGR,
		    "\033[1;31mred\033[0m" },
		{ "\033[1;31mred\033[0m", 0, "\\033[1;31mred\\033[0m" },
		{ "\033[2J\033]0;x\007", BOPS_ESCAPE_SGR,
		    "\\033[2J\\033]0;x\\007" },
		{ "\033[", BOPS_ESCAPE_SGR, "\\033[" },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i, len;

	for (i = 0; i < NELEM(cases); i++) {
		bops_buf_reset(&b);
		len = strlen(cases[i].in);
		bops_out_escape(&b, cases[i].in, len, cases[i].flags);
		if (strcmp(b.ptr, cases[i].out) != 0)
			fail_msg("case %zu: [%s], want [%s]", i, b.ptr,
			    cases[i].out);
		/* the safe span stops at the first escaped character */
		if ((bops_out_safe_span(cases[i].in, len, cases[i].flags) ==
		    len) != (strcmp(cases[i].in, cases[i].out) == 0))
			fail_msg("case %zu: safe span disagrees", i);
	}
	/* escaped text is safe: escaping it again changes nothing */
	for (i = 0; i < NELEM(cases); i++) {
		bops_buf_reset(&b);
		len = strlen(cases[i].out);
		if (cases[i].flags & BOPS_ESCAPE_SGR)
			continue;
		assert_int_equal(bops_out_safe_span(cases[i].out, len,
		    cases[i].flags), len);
	}
	bops_buf_release(&b);
}

static void
table_cells_never_carry_terminal_controls(void **state)
{
	static const char *const headers[] = { "id", "ti\033[2Jtle" };
	static const char *const row[] = { "a", "x\033]0;PWNED\007y" };
	static const char *const bidi[] = { "b", "\xe2\x80\xae" "evil" };
	struct bops_table *t;
	struct bops_buf b = BOPS_BUF_INIT;

	t = bops_table_new(2, headers);
	bops_table_add(t, row);
	bops_table_add(t, bidi);
	bops_table_render(&b, t, 0, 0);
	assert_string_equal(b.ptr,
	    "id  ti\\033[2Jtle\n"
	    "a   x\\033]0;PWNED\\007y\n"
	    "b   \\342\\200\\256evil\n");
	/* clipped cells are measured escaped */
	bops_buf_reset(&b);
	bops_table_render(&b, t, BOPS_TABLE_NO_HEADER, 12);
	assert_string_equal(b.ptr,
	    "a  x\\033]0;~\n"
	    "b  \\342\\200~\n");
	bops_buf_release(&b);
	bops_table_free(t);
	/* and so is text clipped on its own (a board's cells) */
	bops_out_put_clipped(&b, "x\033[2Jy", 40, false);
	assert_string_equal(b.ptr, "x\\033[2Jy");
	bops_buf_release(&b);
}

static void
csv_field_quotes_per_rfc4180(void **state)
{
	static const struct {
		const char *in;
		const char *out;
	} cases[] = {
		{ "", "" },
		{ "plain", "plain" },
		{ "in side", "in side" },
		{ ZH, ZH },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "\"", "\"\"\"\"" },
		{ "line\nbreak", "\"line\nbreak\"" },
		{ "cr\r", "\"cr\r\"" },
		{ " lead", "\" lead\"" },
		{ "trail ", "\"trail \"" },
		{ "tab\there", "tab\there" },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		bops_buf_reset(&b);
		bops_csv_field(&b, cases[i].in);
		if (strcmp(b.ptr, cases[i].out) != 0)
			fail_msg("case %zu: [%s], want [%s]", i, b.ptr,
			    cases[i].out);
	}
	bops_buf_release(&b);
}

static void
bar_fills_exactly_width_columns(void **state)
{
	static const struct {
		double f;
		size_t width;
		bool utf8;
		const char *out;
	} cases[] = {
		{ 0, 10, true, "░░░░░░░░░░" },
		{ 0.5, 10, true, "█████░░░░░" },
		{ 1, 10, true, "██████████" },
		{ 1.3, 10, true, "██████████" },
		{ -1, 10, true, "░░░░░░░░░░" },
		{ 0.0625, 10, true, "▋░░░░░░░░░" },
		{ 0.0625, 8, true, "▌░░░░░░░" },
		{ 0.0625, 2, true, "▏░" },
		{ 0.33, 10, true, "███▎░░░░░░" },
		{ 0.3, 10, true, "███░░░░░░░" },
		{ 0.99, 10, true, "█████████▉" },
		/* 0.29 * 25 * 8 is 57.99999999999999 in binary */
		{ 0.29, 25, true, "███████▎░░░░░░░░░░░░░░░░░" },
		{ 0.5, 0, true, "" },
		{ 0, 10, false, ".........." },
		{ 0.5, 10, false, "#####....." },
		{ 1, 10, false, "##########" },
		{ 1.3, 10, false, "##########" },
		{ -1, 10, false, ".........." },
		{ 0.0625, 10, false, ".........." },
		{ 0.3, 10, false, "###......." },
		{ 0.99, 10, false, "#########." },
		{ 0.5, 0, false, "" },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		bops_buf_reset(&b);
		bops_out_bar(&b, cases[i].f, cases[i].width, cases[i].utf8);
		if (strcmp(b.ptr, cases[i].out) != 0)
			fail_msg("case %zu: [%s], want [%s]", i, b.ptr,
			    cases[i].out);
		assert_int_equal(bops_out_width(b.ptr), cases[i].width);
	}
	bops_buf_reset(&b);
	bops_out_bar(&b, NAN, 4, true);
	assert_string_equal(b.ptr, "░░░░");
	bops_buf_reset(&b);
	bops_out_bar(&b, NAN, 4, false);
	assert_string_equal(b.ptr, "....");
	bops_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(width_counts_terminal_columns),
		cmocka_unit_test(put_clipped_cuts_at_character_boundaries),
		cmocka_unit_test(table_aligns_columns_across_languages),
		cmocka_unit_test(table_pads_right_aligned_columns_on_the_left),
		cmocka_unit_test(table_lines_never_end_in_spaces),
		cmocka_unit_test(table_colors_only_with_the_flag),
		cmocka_unit_test(table_clips_widest_left_column_to_max_width),
		cmocka_unit_test(table_clips_widest_first_and_not_below_four),
		cmocka_unit_test(escape_shows_terminal_controls_as_octal),
		cmocka_unit_test(table_cells_never_carry_terminal_controls),
		cmocka_unit_test(csv_field_quotes_per_rfc4180),
		cmocka_unit_test(bar_fills_exactly_width_columns),
	};

	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL) {
		fprintf(stderr, "test_out: no C.UTF-8 locale\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
