#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "buf.h"
#include "report.h"
#include "text.h"
#include "banned.h"

static void
make(struct bops_report *r)
{
	struct bops_period p;
	struct bops_report_section *s;
	struct bops_report_block *b;

	assert_null(bops_period_parse(&p, "2026-Q4", NULL));
	bops_report_init(r, "okr", &p, "2026-Q4", 1795683600, "", NULL);
	s = bops_report_section(r, "okr", "Objectives and key results");
	assert_ptr_equal(s, bops_report_section(r, "okr", "again"));
	b = bops_report_block(s, BOPS_BLOCK_BARS, "okr-cascade", "Objectives");
	bops_report_row(b, 0, "Cứu thế giới", 0.72, 1, "72%", "on-track",
	    "on-track");
	bops_report_row(b, 1, "提高客户满意度评分", 0, 1, "0%", NULL,
	    "off-track");
	bops_report_row(b, 1, "ตอบกลับ 95% ของข้อเสนอแนะของลูกค้าภายใน 24 ชั่วโมง",
	    0.63, 1, "63%", "on-track", "on-track");
	b = bops_report_block(s, BOPS_BLOCK_BURNDOWN, "sprint-burndown", NULL);
	bops_report_row(b, 0, "11-23", 15, 12.9, "15", NULL, NULL);
	bops_report_row(b, 0, "11-24", NAN, 10.7, NULL, NULL, NULL);
	b = bops_report_block(bops_report_section(r, "celebrations",
	    "Celebrations"), BOPS_BLOCK_LIST, "c", NULL);
	bops_report_line(b, "<script>alert(1)</script>", "by Lan & Minh");
}

/* The display column where the first bar character of line is. */
static size_t
bar_column(const char *line)
{
	const char *p = strstr(line, "\xe2\x96");	/* U+2580.. blocks */
	struct bops_buf head = BOPS_BUF_INIT;
	size_t w;

	assert_non_null(p);
	bops_buf_put(&head, line, (size_t)(p - line));
	w = bops_text_width(head.ptr);
	bops_buf_release(&head);
	return w;
}

static void
text_bars_line_up_whatever_the_script(void **state)
{
	struct bops_report r;
	struct bops_buf b = BOPS_BUF_INIT;
	char *l1, *l2, *l3, *nl;

	make(&r);
	bops_report_text(&b, &r, 80, true, false);
	l1 = strstr(b.ptr, "  Cứu");
	l2 = strstr(b.ptr, "    提高");
	l3 = strstr(b.ptr, "    ตอบ");
	assert_non_null(l1);
	assert_non_null(l2);
	assert_non_null(l3);
	for (nl = b.ptr; (nl = strchr(nl, '\n')); nl++)
		*nl = '\0';
	assert_int_equal(bar_column(l1), bar_column(l2));
	assert_int_equal(bar_column(l1), bar_column(l3));
	assert_true(bops_text_width(l3) <= 80);
	bops_buf_release(&b);
	bops_report_release(&r);
}

static void
json_writes_an_unknown_value_as_null(void **state)
{
	struct bops_report r;
	struct bops_buf b = BOPS_BUF_INIT;

	make(&r);
	bops_report_json(&b, &r);
	assert_non_null(strstr(b.ptr, "{\"label\":\"11-24\",\"value\":null,"
	    "\"max\":10.7,"));
	assert_non_null(strstr(b.ptr, "\"from\":\"2026-10-01\""));
	assert_non_null(strstr(b.ptr, "\"to\":\"2026-12-31\""));
	bops_buf_release(&b);
	bops_report_release(&r);
}

static void
html_escapes_text_and_has_a_bar_per_row(void **state)
{
	struct bops_report r;
	struct bops_buf b = BOPS_BUF_INIT;
	const char *p;
	size_t bars = 0, rects = 0;

	make(&r);
	bops_report_html(&b, &r);
	assert_null(strstr(b.ptr, "<script"));
	assert_non_null(strstr(b.ptr, "&lt;script&gt;alert(1)&lt;/script&gt;"
	    "<small>by Lan &amp; Minh</small>"));
	for (p = b.ptr; (p = strstr(p, "<svg class=\"bar\"")); p++)
		bars++;
	for (p = b.ptr; (p = strstr(p, "<rect class=\"bar\"")); p++)
		rects++;
	assert_int_equal(bars, 3);
	assert_int_equal(rects, 1);	/* the day not known yet has none */
	bops_buf_reset(&b);
	/* Text for a page of its own: the five characters, nothing else. */
	bops_report_html_text(&b, "<a href=\"x\">&'</a>\t\xe1\xba\xa1");
	bops_report_html_text(&b, NULL);
	assert_string_equal(b.ptr,
	    "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;\t\xe1\xba\xa1");
	bops_buf_release(&b);
	bops_report_release(&r);
}

static void
sparkline_has_eight_levels_and_gaps(void **state)
{
	const double v[] = { 0, 0.5, 1, NAN, 2 };
	struct bops_buf b = BOPS_BUF_INIT;

	bops_report_sparkline(&b, v, 5, 1, true);
	assert_string_equal(b.ptr, "\xe2\x96\x81\xe2\x96\x85\xe2\x96\x88 "
	    "\xe2\x96\x88");
	bops_buf_reset(&b);
	bops_report_sparkline(&b, v, 3, 1, false);
	assert_string_equal(b.ptr, ":*@");
	bops_buf_release(&b);
}

/* A 2 x 3 matrix and a burn of three days, the last not come yet. */
static void
grid_and_burn(struct bops_report_block *m, struct bops_report_block *u)
{
	static const char *const band[] = { "green", "yellow", "red" };
	static const char *const text[] = { "0", "1", "2", "0", "12", "2" };
	size_t i;

	bops_report_block_init(m, BOPS_BLOCK_MATRIX, "m", "Matrix");
	m->cols = 3;
	m->xlabel = bops_strdup("probability");
	m->ylabel = bops_strdup("impact");
	for (i = 0; i < 6; i++)
		bops_report_row(m, 0, "c", (double)(i % 3), (double)i,
		    text[i], NULL, band[i % 3]);
	bops_report_block_init(u, BOPS_BLOCK_BURN, "u", "Burn");
	bops_report_row(u, 0, "2026-11-01", 0, 50, "0.00 USD",
	    "50.00 USD", NULL);
	bops_report_row(u, 0, "2026-11-02", 120, 100, "120.00 USD",
	    "100.00 USD", NULL);
	bops_report_row(u, 0, "2026-11-03", NAN, 150, NULL, "150.00 USD",
	    NULL);
	u->mark = 180;
	u->mark_text = bops_strdup("EAC 180.00 USD");
}

static void
matrix_and_burn_in_every_format(void **state)
{
	struct bops_report r;
	struct bops_report_section *s;
	struct bops_buf b = BOPS_BUF_INIT;
	const char *p;
	size_t cells = 0;

	make(&r);
	s = bops_report_section(&r, "projects", "Projects");
	s->blocks = bops_realloc(s->blocks, (s->n + 2) * sizeof(*s->blocks));
	s->alloc = s->n + 2;
	grid_and_burn(&s->blocks[s->n], &s->blocks[s->n + 1]);
	s->n += 2;

	bops_report_matrix_text(&b, &s->blocks[0], false);
	assert_string_equal(b.ptr, "impact\n"
	    "  2 |    .    1    2\n"
	    "  1 |    .   12    2\n"
	    "    +---------------\n"
	    "         1    2    3  probability\n");
	bops_buf_reset(&b);
	bops_report_matrix_text(&b, &s->blocks[0], true);
	assert_non_null(strstr(b.ptr, "  2 |\033[42;30m    .\033[0m"
	    "\033[103;30m    1\033[0m\033[41;97m    2\033[0m\n"));

	bops_buf_reset(&b);
	bops_report_text(&b, &r, 80, false, false);
	assert_non_null(strstr(b.ptr, "Matrix\n------\nimpact\n  2 |"));
	assert_non_null(strstr(b.ptr, "Burn\n----\n  :%   2026-11-02: "
	    "120.00 USD spent, 100.00 USD planned\n"));

	bops_buf_reset(&b);
	bops_report_json(&b, &r);
	assert_non_null(strstr(b.ptr, "\"type\":\"matrix\",\"title\":"
	    "\"Matrix\",\"note\":null,\"x\":\"probability\",\"y\":"
	    "\"impact\",\"cells\":[[0,1,2],[0,1,2]],"));
	assert_non_null(strstr(b.ptr, "\"type\":\"burn\",\"title\":"
	    "\"Burn\",\"note\":null,\"mark\":180,\"mark_text\":"
	    "\"EAC 180.00 USD\",\"rows\":[{\"label\":\"2026-11-01\""));

	bops_buf_reset(&b);
	bops_report_html(&b, &r);
	for (p = b.ptr; (p = strstr(p, "<span class=\"cell ")); p++)
		cells++;
	assert_int_equal(cells, 6);
	assert_non_null(strstr(b.ptr, "<span class=\"cell yellow\" "
	    "title=\"c\">12</span>"));
	assert_non_null(strstr(b.ptr, "<polyline class=\"planned\" "
	    "points=\"56.0,154.9 316.0,113.8 576.0,72.7\"/>"));
	assert_non_null(strstr(b.ptr, "<polyline class=\"actual\" "
	    "points=\"56.0,196.0 316.0,97.3\"/>"));
	assert_non_null(strstr(b.ptr, "<circle class=\"eac\" cx=\"576.0\" "
	    "cy=\"48.0\""));
	bops_buf_release(&b);
	bops_report_release(&r);
}

static void
topics_are_known_by_name(void **state)
{
	assert_true(bops_report_known("weekly"));
	assert_true(bops_report_known("all"));
	assert_true(bops_report_known("journeys"));
	assert_false(bops_report_known("weekley"));
	assert_false(bops_report_known(""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(text_bars_line_up_whatever_the_script),
		cmocka_unit_test(json_writes_an_unknown_value_as_null),
		cmocka_unit_test(html_escapes_text_and_has_a_bar_per_row),
		cmocka_unit_test(sparkline_has_eight_levels_and_gaps),
		cmocka_unit_test(matrix_and_burn_in_every_format),
		cmocka_unit_test(topics_are_known_by_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
