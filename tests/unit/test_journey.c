#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "date.h"
#include "error.h"
#include "git.h"
#include "journey.h"
#include "kind.h"
#include "record.h"
#include "store.h"
#include "text.h"
#include "workspace.h"
#include "yaml.h"
#include "banned.h"

struct fixture {
	char dir[64];
	char path[96];
	struct bops_ws_opts opts;
	struct bops_ws *ws;
};

#include "sandbox.h"

#define VI "Đi cứu thế giới bằng 1000 suất cơm tại bệnh viện"
#define TH "ตอบกลับ 95% ของข้อเสนอแนะของลูกค้าภายใน 24 ชั่วโมง"
#define ZH "提高客户满意度评分"

static struct bops_node *
doc(const char *yaml)
{
	struct bops_node *n = NULL;

	assert_null(bops_yaml_load(&n, "t.yaml", yaml, strlen(yaml)));
	return n;
}

static const struct {
	const char *name, *slug;
} slugs[] = {
	{ "Discover", "discover" },
	{ "Sign up", "sign-up" },
	{ "  First value!! ", "first-value" },
	{ "Đăng ký", "dang-ky" },
	{ "Thử nghiệm", "thu-nghiem" },
	{ "ตอบกลับ", "" },
	{ ZH, "" },
	{ "Renew 2027", "renew-2027" },
};

static void
slug_keeps_letters_and_digits_of_any_script_without_marks(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < N(slugs); i++) {
		bops_buf_reset(&b);
		bops_journey_slug(&b, slugs[i].name);
		bops_buf_puts(&b, "");
		assert_string_equal(b.ptr, slugs[i].slug);
	}
	bops_buf_reset(&b);
	bops_journey_slug(&b, "a very long stage name that goes on and on "
	    "past forty characters");
	bops_buf_puts(&b, "");
	assert_true(b.len <= 40);
	assert_true(b.ptr[b.len - 1] != '-');
	bops_buf_release(&b);
}

static const struct {
	const char *yaml;
	size_t n;
	const char *first;	/* the first line of what is missing */
} approvals[] = {
	{ "title: J\n", 3, "an owner" },
	{ "title: J\nowner: Lan\n", 2, "a sponsor" },
	{ "title: J\nowner: Lan\nsponsor: Minh\n", 1, "a stage" },
	{ "title: J\nowner: Lan\nsponsor: Minh\nstages:\n- slug: a\n  name: A\n"
	    "- slug: b\n  name: B\n  metric: {name: CSAT, target: 4.5}\n", 1,
	    "a metric on stage 'a'" },
	{ "title: J\nowner: Lan\nsponsor: Minh\nstages:\n- slug: a\n  name: A\n"
	    "  metric: {name: CSAT, target: 4.5}\n", 0, "" },
};

static void
approval_needs_owner_sponsor_stages_and_a_metric_on_each(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_node *n;
	size_t i;

	for (i = 0; i < N(approvals); i++) {
		n = doc(approvals[i].yaml);
		bops_buf_reset(&b);
		assert_int_equal(bops_journey_missing(&b, n), approvals[i].n);
		bops_buf_puts(&b, "");
		assert_int_equal(strncmp(b.ptr, approvals[i].first,
		    strlen(approvals[i].first)), 0);
		bops_node_free(n);
	}
	bops_buf_release(&b);
}

static void
digest_covers_stages_and_metrics_but_not_links(void **state)
{
	struct bops_node *a = doc("stages:\n- slug: a\n  name: A\n"
	    "  metric: {name: CSAT, target: 4.5, current: 4.1}\n");
	struct bops_node *b = doc("stages:\n- slug: a\n  name: A\n"
	    "  metric: {name: CSAT, target: 4.5, current: 4.1}\n"
	    "  links: [task/abcd123456]\n");
	struct bops_node *c = doc("stages:\n- slug: a\n  name: A\n"
	    "  metric: {name: CSAT, target: 4.6, current: 4.1}\n");
	struct bops_buf da = BOPS_BUF_INIT, db = BOPS_BUF_INIT;
	struct bops_buf dc = BOPS_BUF_INIT;

	bops_journey_digest(&da, a);
	bops_journey_digest(&db, b);
	bops_journey_digest(&dc, c);
	assert_int_equal(da.len, 12);
	assert_string_equal(da.ptr, db.ptr);
	assert_string_not_equal(da.ptr, dc.ptr);
	assert_false(bops_journey_changed(a));	/* never approved */
	bops_node_map_set_str(c, "approved_digest", da.ptr, BOPS_SCALAR_TEXT);
	assert_false(bops_journey_changed(c));	/* no longer approved */
	bops_node_map_set_str(c, "status", "approved", BOPS_SCALAR_RAW);
	bops_node_map_set_str(b, "status", "approved", BOPS_SCALAR_RAW);
	assert_true(bops_journey_changed(c));
	bops_node_map_set_str(b, "approved_digest", da.ptr, BOPS_SCALAR_TEXT);
	assert_false(bops_journey_changed(b));
	bops_node_free(a);
	bops_node_free(b);
	bops_node_free(c);
	bops_buf_release(&da);
	bops_buf_release(&db);
	bops_buf_release(&dc);
}

static int64_t
instant(const char *s)
{
	int64_t t = 0;

	assert_null(bops_instant_parse(&t, s));
	return t;
}

static const struct {
	const char *yaml;
	const char *due;	/* NULL: none */
} reviews[] = {
	{ "created: 2026-11-23T09:00:00Z\n", "2027-02-21T09:00:00Z" },
	{ "created: 2026-11-23T09:00:00Z\nreview_every: 1w\n",
	    "2026-11-30T09:00:00Z" },
	{ "created: 2026-01-01T00:00:00Z\n"
	    "approved_at: 2026-06-01T00:00:00Z\n", "2026-08-30T00:00:00Z" },
	{ "created: 2026-01-01T00:00:00Z\n"
	    "approved_at: 2026-06-01T00:00:00Z\nreview_every: 30d\n"
	    "reviews:\n- {at: 2026-07-01T00:00:00Z, by: Lan}\n"
	    "- {at: 2026-10-01T00:00:00Z, by: Lan}\n",
	    "2026-10-31T00:00:00Z" },
	{ "created: 2026-01-01T00:00:00Z\nstatus: retired\n", NULL },
	{ "title: no dates\n", NULL },
};

static void
review_is_due_a_cadence_after_the_last_review(void **state)
{
	struct bops_node *n;
	size_t i;

	for (i = 0; i < N(reviews); i++) {
		n = doc(reviews[i].yaml);
		if (reviews[i].due)
			assert_true(bops_journey_review_due(n) ==
			    instant(reviews[i].due));
		else
			assert_true(bops_journey_review_due(n) == 0);
		bops_node_free(n);
	}
}

static const struct {
	const char *yaml;
	double want;	/* NAN: none */
} progress[] = {
	{ "{name: CSAT, target: 4.5, current: 4.5}", 1 },
	{ "{name: CSAT, target: 4, current: 2}", 0.5 },
	{ "{name: CSAT, target: 4, current: 8}", 1 },
	{ "{name: hours, target: 24, current: 48, direction: down}", 0.5 },
	{ "{name: hours, target: 24, current: 12, direction: down}", 1 },
	{ "{name: CSAT, target: 4.5}", NAN },
	{ "{name: CSAT, target: 0, current: 3}", NAN },
};

static void
metric_progress_runs_both_ways(void **state)
{
	struct bops_node *n;
	double p;
	size_t i;

	for (i = 0; i < N(progress); i++) {
		n = doc(progress[i].yaml);
		p = bops_journey_metric_progress(n);
		if (isnan(progress[i].want))
			assert_true(isnan(p));
		else
			assert_true(fabs(p - progress[i].want) < 1e-9);
		bops_node_free(n);
	}
	assert_true(isnan(bops_journey_metric_progress(NULL)));
}

static void
mermaid_scores_and_text_cannot_break_the_diagram(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;

	assert_int_equal(bops_journey_mermaid_score(-2), 1);
	assert_int_equal(bops_journey_mermaid_score(0), 3);
	assert_int_equal(bops_journey_mermaid_score(2), 5);
	assert_int_equal(bops_journey_mermaid_score(9), 5);
	bops_journey_mermaid_text(&b, "a: b, c; #d\ne");
	bops_buf_puts(&b, "");
	assert_null(strpbrk(b.ptr, ":,;#\n"));
	bops_buf_reset(&b);
	bops_journey_html_text(&b, "<a href=\"x\">&'</a>");
	bops_buf_puts(&b, "");
	assert_string_equal(b.ptr,
	    "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
	bops_buf_release(&b);
}

/* A grid of five stages in three scripts. */
static const char *const heads[] = { "Discover", VI, "First value", TH, ZH };
static const char *const touch[] = { "Facebook ad (social)\nLanding page",
    VI, ZH ZH, TH, "Support chat" };
static const double emotion[] = { 1, -1, 0, NAN, 2 };
static const double bar[] = { 0.9, NAN, 1, 0.5, 0 };

static void
render(struct bops_buf *out, size_t width, bool utf8)
{
	struct bops_journey_lane lanes[3];
	struct bops_journey_grid g;

	lanes[0] = (struct bops_journey_lane){ "touchpoints", BOPS_LANE_TEXT,
	    touch, NULL };
	lanes[1] = (struct bops_journey_lane){ "emotion", BOPS_LANE_CURVE,
	    NULL, emotion };
	lanes[2] = (struct bops_journey_lane){ "", BOPS_LANE_BAR, NULL, bar };
	g.ncols = N(heads);
	g.heads = heads;
	g.lanes = lanes;
	g.nlanes = N(lanes);
	bops_buf_reset(out);
	bops_journey_grid_render(out, &g, width, utf8);
	bops_buf_puts(out, "");
}

/* Every line at most width columns, none ending in a space. */
static size_t
check_lines(const char *text, size_t width)
{
	struct bops_buf line = BOPS_BUF_INIT;
	const char *p, *nl;
	size_t n = 0;

	for (p = text; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		assert_non_null(nl);
		bops_buf_reset(&line);
		bops_buf_put(&line, p, (size_t)(nl - p));
		bops_buf_puts(&line, "");
		if (bops_text_width(line.ptr) > width)
			fail_msg("line wider than %zu: '%s'", width, line.ptr);
		assert_true(line.len == 0 || line.ptr[line.len - 1] != ' ');
		n++;
	}
	bops_buf_release(&line);
	return n;
}

/* How many bands: one rule line under the stage names in each. */
static size_t
bands(const char *text, bool utf8)
{
	const char *rule = utf8 ? "\xe2\x94\x80\xe2\x94\x80\xe2\x94\x80" :
	    "---";
	const char *p;
	size_t n = 0;

	for (p = text; (p = strstr(p, "\n")); p++)
		if (strncmp(p + 1 + strspn(p + 1, " "), rule, strlen(rule)) ==
		    0)
			n++;
	return n;
}

static void
grid_fits_the_width_in_every_script(void **state)
{
	static const size_t widths[] = { 40, 60, 80, 100, 132, 200 };
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < N(widths); i++) {
		render(&b, widths[i], true);
		check_lines(b.ptr, widths[i]);
		render(&b, widths[i], false);
		check_lines(b.ptr, widths[i]);
	}
	bops_buf_release(&b);
}

static void
grid_puts_stages_in_bands_when_they_do_not_fit(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;

	render(&b, 200, true);
	assert_int_equal(bands(b.ptr, true), 1);
	render(&b, 80, true);	/* 12 + 5 * 14 = 82 > 80 */
	assert_int_equal(bands(b.ptr, true), 2);
	render(&b, 40, false);	/* two stages a band: 11 + 2 * 14 = 39 */
	assert_int_equal(bands(b.ptr, false), 3);
	bops_buf_release(&b);
}

static void
grid_wraps_and_cuts_long_items(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;

	render(&b, 40, true);
	/* The Chinese item is 36 columns: three lines, the last cut. */
	assert_non_null(strstr(b.ptr, "\xe2\x80\xa6"));
	/* Thai has no spaces: cut between clusters, every line fits. */
	assert_non_null(strstr(b.ptr, "ตอบกลับ"));
	/* Vietnamese marks take no column: the head fits whole at 200. */
	render(&b, 200, true);
	assert_non_null(strstr(b.ptr, "First value"));
	assert_non_null(strstr(b.ptr, "Landing page"));
	assert_non_null(strstr(b.ptr, "\xe2\x97\x8f"));	/* the curve */
	assert_non_null(strstr(b.ptr, "\xe2\x96\x88"));	/* a bar */
	bops_buf_release(&b);
}

static void
grid_columns_line_up_by_display_width(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT, line = BOPS_BUF_INIT;
	const char *p, *nl, *at;
	size_t col = 0, n = 0;

	render(&b, 200, true);
	/* "Landing page" and the curve's mark under "Discover" start in
	 * its column; the Chinese head stands where the fifth column does */
	for (p = b.ptr; (nl = strchr(p, '\n')); p = nl + 1) {
		bops_buf_reset(&line);
		bops_buf_put(&line, p, (size_t)(nl - p));
		bops_buf_puts(&line, "");
		if ((at = strstr(line.ptr, "Discover")) ||
		    (at = strstr(line.ptr, "Landing page"))) {
			struct bops_buf pre = BOPS_BUF_INIT;

			bops_buf_put(&pre, line.ptr, (size_t)(at - line.ptr));
			bops_buf_puts(&pre, "");
			if (n++ == 0)
				col = bops_text_width(pre.ptr);
			else
				assert_int_equal(bops_text_width(pre.ptr), col);
			bops_buf_release(&pre);
		}
	}
	assert_int_equal(n, 2);
	bops_buf_release(&b);
	bops_buf_release(&line);
}

/* Rules, through a transaction. */

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/bops-test-journey-XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/ws", f->dir);
	f->opts.dir = f->path;
	f->opts.now = "2026-11-23T09:00:00Z";
	f->opts.author = "Lan Nguyen <lan@example.com>";
	f->opts.lock_timeout_ms = -1;
	if (bops_ws_init(&f->ws, &f->opts)) {
		rm_rf(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	bops_ws_close(f->ws);
	rm_rf(f->dir);
	free(f);
	return 0;
}

static const struct bops_kind *
journey(void)
{
	return bops_kind_find("journey");
}

/* Write a journey of this YAML as id j. */
static const struct bops_error *
put(struct fixture *f, const char *kind, const char *id, const char *yaml)
{
	const struct bops_error *err;
	struct bops_txn *txn = NULL;
	struct bops_record *rec = NULL, *old = NULL;
	const struct bops_kind *k = bops_kind_find(kind);
	const struct bops_schema *schema;

	assert_null(bops_ws_schema(&schema, f->ws, k));
	assert_null(bops_txn_begin(&txn, f->ws));
	if (bops_store_read(&old, f->ws, k, NULL, id) == NULL) {
		rec = bops_record_wrap(k, schema, id, doc(yaml));
		memcpy(rec->blob, old->blob, sizeof(rec->blob));
		free(rec->path);
		rec->path = strdup(old->path);
	} else {
		assert_null(bops_record_new(&rec, f->ws, k, id));
		bops_node_free(rec->root);
		rec->root = doc(yaml);
	}
	if ((err = bops_txn_put(txn, rec, NULL)) == NULL)
		assert_null(bops_txn_commit(txn, "put", NULL));
	bops_record_free(rec);
	bops_record_free(old);
	bops_txn_free(txn);
	return err;
}

#define STAGES "stages:\n- slug: discover\n  name: Discover\n" \
	"  metric: {name: CSAT, target: 4.5, current: 4.1}\n"

static void
approval_is_refused_with_what_is_missing_then_stamped(void **state)
{
	struct fixture *f = *state;
	const struct bops_error *err;
	struct bops_record *rec = NULL;

	err = put(f, "journey", "j", "title: J\nstatus: approved\n" STAGES);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
	assert_non_null(strstr(err->msg, "an owner, a sponsor"));
	assert_null(put(f, "journey", "j", "title: J\n" STAGES));
	assert_null(put(f, "journey", "j", "title: J\nowner: Lan\n"
	    "sponsor: Minh\nstatus: approved\n" STAGES));
	assert_null(bops_store_read(&rec, f->ws, journey(), NULL, "j"));
	assert_string_equal(bops_record_str(rec, "approved_by"),
	    "Lan Nguyen");
	assert_string_equal(bops_record_str(rec, "approved_at"),
	    "2026-11-23T09:00:00Z");
	assert_non_null(bops_record_str(rec, "approved_digest"));
	assert_false(bops_journey_changed(rec->root));
	bops_record_free(rec);
}

static void
a_stage_that_a_task_points_at_cannot_go(void **state)
{
	struct fixture *f = *state;
	const struct bops_error *err;

	assert_null(put(f, "journey", "j", "title: J\n" STAGES
	    "- slug: renew\n  name: Renew\n"));
	err = put(f, "task", "t1", "title: T\njourney: j/nope\n");
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_NOT_FOUND);
	assert_non_null(strstr(err->msg, "its stages: discover, renew"));
	assert_null(put(f, "task", "t1", "title: T\njourney: j/discover\n"));
	err = put(f, "journey", "j", "title: J\nstages:\n- slug: renew\n"
	    "  name: Renew\n");
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
	assert_non_null(strstr(err->msg, "task t1"));
	assert_null(put(f, "journey", "j", "title: J\n" STAGES));
}

#define TS(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    slug_keeps_letters_and_digits_of_any_script_without_marks),
		cmocka_unit_test(
		    approval_needs_owner_sponsor_stages_and_a_metric_on_each),
		cmocka_unit_test(
		    digest_covers_stages_and_metrics_but_not_links),
		cmocka_unit_test(review_is_due_a_cadence_after_the_last_review),
		cmocka_unit_test(metric_progress_runs_both_ways),
		cmocka_unit_test(
		    mermaid_scores_and_text_cannot_break_the_diagram),
		cmocka_unit_test(grid_fits_the_width_in_every_script),
		cmocka_unit_test(
		    grid_puts_stages_in_bands_when_they_do_not_fit),
		cmocka_unit_test(grid_wraps_and_cuts_long_items),
		cmocka_unit_test(grid_columns_line_up_by_display_width),
		TS(approval_is_refused_with_what_is_missing_then_stamped),
		TS(a_stage_that_a_task_points_at_cannot_go),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
