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
#include "due.h"
#include "error.h"
#include "git.h"
#include "journey.h"
#include "kind.h"
#include "record.h"
#include "report.h"
#include "store.h"
#include "text.h"
#include "workspace.h"
#include "yaml.h"
#include "banned.h"

#include "sandbox.h"

#define VI "Đi cứu thế giới bằng 1000 suất cơm tại bệnh viện"
#define TH "ตอบกลับ 95% ของข้อเสนอแนะของลูกค้าภายใน 24 ชั่วโมง"
#define ZH "提高客户满意度评分"

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
		n = yaml_doc(approvals[i].yaml);
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
	struct bops_node *a = yaml_doc("stages:\n- slug: a\n  name: A\n"
	    "  metric: {name: CSAT, target: 4.5, current: 4.1}\n");
	struct bops_node *b = yaml_doc("stages:\n- slug: a\n  name: A\n"
	    "  metric: {name: CSAT, target: 4.5, current: 4.1}\n"
	    "  links: [task/abcd123456]\n");
	struct bops_node *c = yaml_doc("stages:\n- slug: a\n  name: A\n"
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
		n = yaml_doc(reviews[i].yaml);
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
		n = yaml_doc(progress[i].yaml);
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

/* Rules, through a transaction, in a workspace of Lan's. */

static struct ws_fixture_opts ws_opts = {
	NULL, NULL, "Lan Nguyen <lan@example.com>"
};

static const struct bops_kind *
journey(void)
{
	return bops_kind_find("journey");
}

/* Write a journey of this YAML as id j. */
static const struct bops_error *
put(struct ws_fixture *f, const char *kind, const char *id, const char *yaml)
{
	const struct bops_error *err;
	struct bops_txn *txn = NULL;
	struct bops_record *rec = NULL, *old = NULL;
	const struct bops_kind *k = bops_kind_find(kind);
	const struct bops_schema *schema;

	assert_null(bops_ws_schema(&schema, f->ws, k));
	assert_null(bops_txn_begin(&txn, f->ws));
	if (bops_store_read(&old, f->ws, k, NULL, id) == NULL) {
		rec = bops_record_wrap(k, schema, id, yaml_doc(yaml));
		memcpy(rec->blob, old->blob, sizeof(rec->blob));
		free(rec->path);
		rec->path = strdup(old->path);
	} else {
		assert_null(bops_record_new(&rec, f->ws, k, id));
		bops_node_free(rec->root);
		rec->root = yaml_doc(yaml);
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
	struct ws_fixture *f = *state;
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
	struct ws_fixture *f = *state;
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

/* The journeys' items of `bops due` at the fixture's clock. */
static void
due_items(struct bops_due *d, struct bops_due_query *q, struct ws_fixture *f,
    int64_t within)
{
	memset(q, 0, sizeof(*q));
	q->now = f->ws->now;
	q->within = within;
	bops_due_init(d, q);
	assert_null(bops_due_collect(d, f->ws));
}

static const struct bops_due_item *
due_find(const struct bops_due *d, const char *id)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (strcmp(d->items[i].kind->name, "journey") == 0 &&
		    strcmp(d->items[i].id, id) == 0)
			return &d->items[i];
	return NULL;
}

#define GOVERNED "owner: Lan Nguyen <lan@example.com>\nsponsor: Minh\n"

static void
due_lists_journeys_past_their_review_for_their_owner(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_due_query q;
	struct bops_due d;
	const struct bops_due_item *it;

	/* now is 2026-11-23T09:00:00Z */
	assert_null(put(f, "journey", "late", "title: Onboarding\n" GOVERNED
	    "reviews:\n- {at: 2026-08-01T09:00:00Z, by: Lan}\n"));
	assert_null(put(f, "journey", "today", "title: Support\n"
	    "owner: Somchai\nreview_every: 30d\n"
	    "reviews:\n- {at: 2026-10-24T09:00:00Z, by: Lan}\n"));
	assert_null(put(f, "journey", "soon", "title: Renewal\nowner: Minh\n"
	    "reviews:\n- {at: 2026-08-29T12:00:00Z, by: Lan}\n"));
	assert_null(put(f, "journey", "gone", "title: Old\nstatus: retired\n"
	    "reviews:\n- {at: 2025-01-01T09:00:00Z, by: Lan}\n"));
	due_items(&d, &q, f, 2 * 86400);
	assert_non_null(it = due_find(&d, "late"));
	assert_string_equal(it->what, "review overdue");
	assert_string_equal(it->owner, "Lan Nguyen <lan@example.com>");
	assert_string_equal(it->title, "Onboarding");
	assert_string_equal(it->command, "bops journey review late");
	assert_true(it->late);
	assert_true(it->since == instant("2026-10-30T09:00:00Z"));
	assert_non_null(it = due_find(&d, "today"));
	assert_true(it->late);
	assert_true(it->since == instant("2026-11-23T09:00:00Z"));
	assert_null(due_find(&d, "soon"));
	assert_null(due_find(&d, "gone"));
	bops_due_release(&d);
	/* inside a wider window: coming due, not late */
	due_items(&d, &q, f, 7 * 86400);
	assert_non_null(it = due_find(&d, "soon"));
	assert_string_equal(it->what, "review due");
	assert_false(it->late);
	assert_true(it->urgency < 0);
	assert_null(due_find(&d, "gone"));
	bops_due_release(&d);
	/* only the owner's, by name or e-mail */
	{
		const char *const who[] = { "lan@example.com" };

		memset(&q, 0, sizeof(q));
		q.now = f->ws->now;
		q.owners = who;
		q.nowners = 1;
		bops_due_init(&d, &q);
		assert_null(bops_due_collect(&d, f->ws));
		assert_non_null(due_find(&d, "late"));
		assert_null(due_find(&d, "today"));
		bops_due_release(&d);
	}
}

static void
due_lists_an_approved_journey_changed_since_approval(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_due_query q;
	struct bops_due d;
	struct bops_record *rec = NULL;
	struct bops_buf yaml = BOPS_BUF_INIT;
	const struct bops_due_item *it;

	assert_null(put(f, "journey", "j", "title: J\n" GOVERNED
	    "status: approved\n" STAGES));
	due_items(&d, &q, f, 2 * 86400);
	assert_null(due_find(&d, "j"));
	bops_due_release(&d);
	/* two days later its metric moves: the map is not the approved one */
	assert_null(bops_store_read(&rec, f->ws, journey(), NULL, "j"));
	bops_buf_printf(&yaml, "title: J\n" GOVERNED "status: approved\n"
	    "approved_by: Lan Nguyen\napproved_at: 2026-11-23T09:00:00Z\n"
	    "approved_digest: %s\nstages:\n- slug: discover\n"
	    "  name: Discover\n  metric: {name: CSAT, target: 4.5, "
	    "current: 4.3}\n", bops_record_str(rec, "approved_digest"));
	bops_record_free(rec);
	f->ws->now = instant("2026-11-25T09:00:00Z");
	assert_null(put(f, "journey", "j", yaml.ptr));
	bops_buf_release(&yaml);
	due_items(&d, &q, f, 2 * 86400);
	assert_non_null(it = due_find(&d, "j"));
	assert_string_equal(it->what, "changed since approval");
	assert_string_equal(it->command, "bops journey approve j");
	assert_string_equal(it->owner, "Lan Nguyen <lan@example.com>");
	assert_false(it->late);
	assert_true(it->since == instant("2026-11-25T09:00:00Z"));
	bops_due_release(&d);
}

static const struct bops_report_block *
block_of(const struct bops_report *r, const char *key)
{
	size_t i, j;

	for (i = 0; i < r->n; i++)
		for (j = 0; j < r->sections[i].n; j++)
			if (strcmp(r->sections[i].blocks[j].key, key) == 0)
				return &r->sections[i].blocks[j];
	return NULL;
}

static void
report(struct bops_report *r, struct ws_fixture *f, const char *name,
    const char *period)
{
	struct bops_period p;

	assert_null(bops_period_parse(&p, period, NULL));
	bops_report_init(r, name, &p, period, f->ws->now, "", f->ws->tz);
	assert_null(bops_report_collect(r, f->ws));
}

#define MAP "stages:\n" \
	"- slug: discover\n  name: Discover\n  emotion: 1\n" \
	"  metric: {name: CSAT, target: 4.5, current: 4.5, family: value}\n" \
	"- slug: sign-up\n  name: Đăng ký\n  emotion: -2\n" \
	"  metric: {name: Completion, target: 80, current: 40, unit: '%', " \
	"family: tactical}\n" \
	"- slug: renew\n  name: 续约\n"

static void
report_journeys_shows_health_by_stage_and_the_families(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_report r;
	const struct bops_report_block *b;

	assert_null(put(f, "journey", "onboarding", "title: Onboarding\n"
	    GOVERNED "reviews:\n- {at: 2026-08-01T09:00:00Z, by: Lan}\n"
	    MAP));
	assert_null(put(f, "journey", "old", "title: Old\nstatus: retired\n"
	    "stages:\n- slug: s\n  name: S\n"
	    "  metric: {name: Churn, target: 5, current: 9, "
	    "direction: down, family: longevity}\n"));
	assert_null(put(f, "task", "t1", "title: Call\n"
	    "journey: onboarding/sign-up\n"));
	assert_null(put(f, "task", "t2", "title: Done\nstatus: done\n"
	    "journey: onboarding/sign-up\n"));
	report(&r, f, "journeys", "2026-Q4");
	/* every journey: status, owner, review and health */
	assert_non_null(b = block_of(&r, "journeys-portfolio"));
	assert_int_equal(b->type, BOPS_BLOCK_LIST);
	assert_int_equal(b->n, 2);
	assert_string_equal(b->rows[0].label,
	    "old Old: retired, no owner, 0 of 1 stage on target");
	assert_string_equal(b->rows[1].label, "onboarding Onboarding: draft, "
	    "Lan Nguyen <lan@example.com>, 1 of 2 stages on target");
	assert_string_equal(b->rows[1].detail, "reviewed 2026-08-01, "
	    "review overdue since 2026-10-30");
	/* the stages of a journey in use, each metric against its target */
	assert_non_null(b = block_of(&r, "journeys-onboarding"));
	assert_int_equal(b->n, 3);
	assert_string_equal(b->rows[0].label, "Discover");
	assert_true(b->rows[0].value == 1);
	assert_string_equal(b->rows[0].state, "done");
	assert_string_equal(b->rows[1].label, "Đăng ký");
	assert_true(fabs(b->rows[1].value - 0.5) < 1e-9);
	assert_string_equal(b->rows[1].text, "50%");
	assert_string_equal(b->rows[1].state, "off-track");
	assert_non_null(strstr(b->rows[1].detail, "Completion 40/80 %"));
	assert_non_null(strstr(b->rows[1].detail, "emotion -2"));
	assert_non_null(strstr(b->rows[1].detail, "1 open task"));
	assert_true(isnan(b->rows[2].value));
	assert_non_null(strstr(b->rows[2].detail, "no metric"));
	assert_null(block_of(&r, "journeys-old"));
	/* the families of the stage metrics of journeys in use */
	assert_non_null(b = block_of(&r, "journeys-families"));
	assert_int_equal(b->n, 4);
	assert_string_equal(b->rows[0].label, "tactical");
	assert_true(b->rows[0].value == 1 && b->rows[0].max == 2);
	assert_true(b->rows[2].value == 0);
	assert_non_null(b->note);
	assert_non_null(strstr(b->note, "longevity, financial"));
	bops_report_release(&r);
}

static void
report_weekly_has_the_reviews_of_the_period(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_report r;
	const struct bops_report_block *b;

	assert_null(put(f, "journey", "onboarding", "title: Onboarding\n"
	    GOVERNED "reviews:\n- {at: 2026-08-01T09:00:00Z, by: Lan}\n"
	    "- {at: 2026-11-23T08:00:00Z, by: Minh, note: Pains cut}\n"));
	assert_null(put(f, "journey", "support", "title: Support\n"
	    "owner: Somchai\n"
	    "reviews:\n- {at: 2026-08-01T09:00:00Z, by: Lan}\n"));
	report(&r, f, "weekly", "2026-w48");
	assert_non_null(b = block_of(&r, "progress-journeys"));
	assert_int_equal(b->n, 1);
	assert_string_equal(b->rows[0].label,
	    "onboarding Onboarding: reviewed");
	assert_string_equal(b->rows[0].detail, "Minh, 2026-11-23: Pains cut");
	/* the review that is late is a problem, through due */
	assert_non_null(b = block_of(&r, "problems-late"));
	assert_int_equal(b->n, 1);
	assert_string_equal(b->rows[0].label, "journey support: Support");
	bops_report_release(&r);
	/* a review of another week is not this week's progress */
	report(&r, f, "weekly", "2026-w47");
	assert_null(block_of(&r, "progress-journeys"));
	bops_report_release(&r);
}

#define TS(name) cmocka_unit_test_prestate_setup_teardown(name, ws_setup, \
    ws_teardown, &ws_opts)

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
		TS(due_lists_journeys_past_their_review_for_their_owner),
		TS(due_lists_an_approved_journey_changed_since_approval),
		TS(report_journeys_shows_health_by_stage_and_the_families),
		TS(report_weekly_has_the_reviews_of_the_period),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
