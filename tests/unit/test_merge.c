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
#include "merge.h"
#include "node.h"
#include "schema.h"
#include "yaml.h"
#include "banned.h"

#include "sandbox.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const struct bops_merge_side ann = { "c0ffee1", "Ann <ann@x>" };
static const struct bops_merge_side bob = { "beef002", "Bob <bob@x>" };

static struct bops_node *columns;

static const struct bops_node *
lookup(const char *key, void *arg)
{
	return strcmp(key, "board.columns") == 0 ?
	    bops_node_map_get(columns, "c") : NULL;
}

static int
columns_setup(void **state)
{
	columns = yaml_doc("c: [not-started, processing, done]\n");
	return 0;
}

static int
columns_teardown(void **state)
{
	bops_node_free(columns);
	return 0;
}

/* One three-way merge of records, and what it must give. */
struct row {
	const char *name;
	const char *schema;
	const char *base;	/* NULL: both sides added the record */
	const char *ours;
	const char *theirs;
	const char *want;
	size_t conflicts;
};

/*
 * Merge a row both ways round: merge(base, ours, theirs) must emit want,
 * and merge(base, theirs, ours) an equal tree with the same bytes.  The
 * result must be a valid record.
 */
static void
check_row(const struct row *r)
{
	struct bops_schema *s = NULL;
	struct bops_node *b, *o, *t, *w, *m1, *m2;
	struct bops_buf y1 = BOPS_BUF_INIT, y2 = BOPS_BUF_INIT;
	struct bops_buf want = BOPS_BUF_INIT;
	struct bops_validate v = { "t.yaml", lookup, NULL };
	const struct bops_error *err;
	size_t n1 = 99, n2 = 99;

	if ((err = bops_schema_builtin(&s, r->schema)))
		fail_msg("%s: schema: %s", r->name, err->msg);
	b = yaml_doc(r->base);
	o = yaml_doc(r->ours);
	t = yaml_doc(r->theirs);
	/* As sync reads them: valid and canonical. */
	if ((b && (err = bops_schema_validate(s, b, &v))) ||
	    (err = bops_schema_validate(s, o, &v)) ||
	    (err = bops_schema_validate(s, t, &v)))
		fail_msg("%s: input: %s", r->name, err->msg);
	w = yaml_doc(r->want);
	if ((err = bops_schema_validate(s, w, &v)))
		fail_msg("%s: want: %s", r->name, err->msg);
	assert_null(bops_yaml_emit(&want, w));
	m1 = bops_merge_record(s, b, o, t, &ann, &bob, &n1);
	m2 = bops_merge_record(s, b, t, o, &bob, &ann, &n2);
	assert_null(bops_yaml_emit(&y1, m1));
	assert_null(bops_yaml_emit(&y2, m2));
	if (strcmp(y1.ptr, want.ptr))
		fail_msg("%s: merged\n%s\nwant\n%s", r->name, y1.ptr, want.ptr);
	if (n1 != r->conflicts)
		fail_msg("%s: %zu conflicts, want %zu", r->name, n1,
		    r->conflicts);
	if (n2 != n1 || !bops_node_equal(m1, m2) || strcmp(y1.ptr, y2.ptr))
		fail_msg("%s: not symmetric: ours into theirs\n%s\ntheirs "
		    "into ours\n%s", r->name, y1.ptr, y2.ptr);
	if ((err = bops_schema_validate(s, m1, &v)))
		fail_msg("%s: the merge is not a valid record: %s", r->name,
		    err->msg);
	bops_node_free(b);
	bops_node_free(o);
	bops_node_free(t);
	bops_node_free(m1);
	bops_node_free(m2);
	bops_node_free(w);
	bops_buf_release(&y1);
	bops_buf_release(&y2);
	bops_buf_release(&want);
	bops_schema_free(s);
}

static void
check_rows(const struct row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		check_row(&rows[i]);
}

static void
scalar_changed_on_one_side_takes_that_side(void **state)
{
	static const struct row rows[] = {
		{ "ours changed", "task",
		  "title: X\nstatus: not-started\n",
		  "title: X\nstatus: processing\n",
		  "title: X\nstatus: not-started\n",
		  "title: X\nstatus: processing\n", 0 },
		{ "theirs added a field", "task",
		  "title: X\nstatus: not-started\n",
		  "title: X\nstatus: not-started\n",
		  "title: X\nstatus: not-started\npriority: high\n",
		  "title: X\nstatus: not-started\npriority: high\n", 0 },
		{ "ours removed a field", "task",
		  "title: X\nstatus: done\ndue: 2026-12-01\n",
		  "title: X\nstatus: done\n",
		  "title: X\nstatus: done\ndue: 2026-12-01\n",
		  "title: X\nstatus: done\n", 0 },
		{ "different fields on each side", "task",
		  "title: X\nstatus: not-started\n",
		  "title: X\nstatus: processing\n",
		  "title: T2\nstatus: not-started\npriority: low\n",
		  "title: T2\nstatus: processing\npriority: low\n", 0 },
	};

	check_rows(rows, N(rows));
}

static void
same_change_on_both_sides_is_no_conflict(void **state)
{
	static const struct row rows[] = {
		{ "same new value", "task",
		  "title: X\nstatus: not-started\n",
		  "title: X\nstatus: done\npriority: high\n",
		  "title: X\nstatus: done\npriority: high\n",
		  "title: X\nstatus: done\npriority: high\n", 0 },
		{ "both removed a field", "task",
		  "title: X\nstatus: done\nassignee: Lan\n",
		  "title: X\nstatus: done\n",
		  "title: X\nstatus: done\n",
		  "title: X\nstatus: done\n", 0 },
	};

	check_rows(rows, N(rows));
}

static void
scalar_changed_two_ways_is_a_conflict_kept_in_the_record(void **state)
{
	static const struct row rows[] = {
		{ "status two ways", "task",
		  "title: X\nstatus: processing\n",
		  "title: X\nstatus: done\n",
		  "title: X\nstatus: not-started\n",
		  "title: X\nstatus: not-started\n"
		  "conflicts:\n"
		  "- field: status\n"
		  "  base: processing\n"
		  "  values:\n"
		  "  - value: done\n"
		  "    commit: c0ffee1\n"
		  "    author: Ann <ann@x>\n"
		  "  - value: not-started\n"
		  "    commit: beef002\n"
		  "    author: Bob <bob@x>\n", 1 },
		{ "removed against changed", "task",
		  "title: X\nstatus: done\npriority: high\n",
		  "title: X\nstatus: done\n",
		  "title: X\nstatus: done\npriority: low\n",
		  "title: X\nstatus: done\npriority: low\n"
		  "conflicts:\n"
		  "- field: priority\n"
		  "  base: high\n"
		  "  values:\n"
		  "  - commit: c0ffee1\n"
		  "    author: Ann <ann@x>\n"
		  "  - value: low\n"
		  "    commit: beef002\n"
		  "    author: Bob <bob@x>\n", 1 },
		{ "two fields two ways", "task",
		  "title: X\nstatus: processing\npriority: normal\n",
		  "title: A\nstatus: done\npriority: high\n",
		  "title: B\nstatus: done\npriority: low\n",
		  /* Values order by packed content: shorter first. */
		  "title: B\nstatus: done\npriority: high\n"
		  "conflicts:\n"
		  "- field: title\n"
		  "  base: X\n"
		  "  values:\n"
		  "  - value: A\n"
		  "    commit: c0ffee1\n"
		  "    author: Ann <ann@x>\n"
		  "  - value: B\n"
		  "    commit: beef002\n"
		  "    author: Bob <bob@x>\n"
		  "- field: priority\n"
		  "  base: normal\n"
		  "  values:\n"
		  "  - value: low\n"
		  "    commit: beef002\n"
		  "    author: Bob <bob@x>\n"
		  "  - value: high\n"
		  "    commit: c0ffee1\n"
		  "    author: Ann <ann@x>\n", 2 },
	};

	check_rows(rows, N(rows));
}

static void
latest_takes_the_later_value_without_conflict(void **state)
{
	static const struct row rows[] = {
		{ "updated both sides", "task",
		  "title: X\nstatus: done\nupdated: 2026-11-01T00:00:00Z\n",
		  "title: X\nstatus: done\nupdated: 2026-11-03T08:00:00Z\n",
		  "title: X\nstatus: done\nupdated: 2026-11-02T10:00:00Z\n",
		  "title: X\nstatus: done\nupdated: 2026-11-03T08:00:00Z\n",
		  0 },
		{ "updated with other changes", "okr",
		  "title: O\nupdated: 2026-11-01T00:00:00Z\n",
		  "title: O\nteam: sales\nupdated: 2026-11-02T00:00:00Z\n",
		  "title: O\nstatus: draft\nupdated: 2026-11-05T00:00:00Z\n",
		  "title: O\nteam: sales\nstatus: draft\n"
		  "updated: 2026-11-05T00:00:00Z\n", 0 },
	};

	check_rows(rows, N(rows));
}

static void
sets_merge_additions_and_removals_of_both_sides(void **state)
{
	static const struct row rows[] = {
		{ "+x on one side, -y on the other", "task",
		  "title: X\ntags:\n- a\n- y\n",
		  "title: X\ntags:\n- a\n- y\n- x\n",
		  "title: X\ntags:\n- a\n",
		  "title: X\ntags:\n- a\n- x\n", 0 },
		{ "both add, both remove the same", "task",
		  "title: X\ntags:\n- a\n- b\n",
		  "title: X\ntags:\n- b\n- d\n- c\n",
		  "title: X\ntags:\n- b\n- e\n",
		  "title: X\ntags:\n- b\n- c\n- d\n- e\n", 0 },
		{ "both add the same", "task",
		  "title: X\n",
		  "title: X\ntags:\n- z\n- m\n",
		  "title: X\ntags:\n- m\n",
		  "title: X\ntags:\n- m\n- z\n", 0 },
		{ "one side empties it", "task",
		  "title: X\ntags:\n- a\n- b\n",
		  "title: X\n",
		  "title: X\ntags:\n- a\n- b\n- c\n",
		  "title: X\ntags:\n- c\n", 0 },
	};

	check_rows(rows, N(rows));
}

#define OKR_BASE \
	"title: O\n" \
	"key_results:\n" \
	"- id: 1\n" \
	"  title: Meals\n" \
	"  target: 1000\n" \
	"  checkins:\n" \
	"  - at: 2026-11-01T09:00:00Z\n" \
	"    by: Ann\n" \
	"    value: 10\n" \
	"- id: 2\n" \
	"  title: Volunteers\n" \
	"  target: 50\n"

#define KR2 \
	"- id: 2\n" \
	"  title: Volunteers\n" \
	"  target: 50\n"

#define KR1_HEAD \
	"- id: 1\n" \
	"  title: Meals\n" \
	"  target: 1000\n"

#define KR1_CHECKIN \
	"  checkins:\n" \
	"  - at: 2026-11-01T09:00:00Z\n" \
	"    by: Ann\n" \
	"    value: 10\n"

static void
logs_merge_as_a_union_ordered_by_time_then_author(void **state)
{
	static const struct row rows[] = {
		{ "check-ins on both sides", "okr", OKR_BASE,
		  "title: O\nkey_results:\n" KR1_HEAD KR1_CHECKIN
		  "  - at: 2026-11-03T09:00:00Z\n"
		  "    by: Ann\n"
		  "    value: 30\n" KR2,
		  "title: O\nkey_results:\n" KR1_HEAD KR1_CHECKIN
		  "  - at: 2026-11-03T09:00:00Z\n"
		  "    by: Aaron\n"
		  "    value: 25\n"
		  "  - at: 2026-11-02T09:00:00Z\n"
		  "    by: Bob\n"
		  "    value: 20\n" KR2,
		  "title: O\nkey_results:\n" KR1_HEAD KR1_CHECKIN
		  "  - at: 2026-11-02T09:00:00Z\n"
		  "    by: Bob\n"
		  "    value: 20\n"
		  "  - at: 2026-11-03T09:00:00Z\n"
		  "    by: Aaron\n"
		  "    value: 25\n"
		  "  - at: 2026-11-03T09:00:00Z\n"
		  "    by: Ann\n"
		  "    value: 30\n" KR2, 0 },
		{ "the same check-in on both sides once", "okr", OKR_BASE,
		  "title: O\nkey_results:\n" KR1_HEAD KR1_CHECKIN
		  "  - at: 2026-11-03T09:00:00Z\n"
		  "    by: Ann\n"
		  "    value: 30\n" KR2,
		  "title: O\nkey_results:\n" KR1_HEAD "  unit: meals\n"
		  KR1_CHECKIN
		  "  - at: 2026-11-03T09:00:00Z\n"
		  "    by: Ann\n"
		  "    value: 30\n" KR2,
		  "title: O\nkey_results:\n" KR1_HEAD "  unit: meals\n"
		  KR1_CHECKIN
		  "  - at: 2026-11-03T09:00:00Z\n"
		  "    by: Ann\n"
		  "    value: 30\n" KR2, 0 },
	};

	check_rows(rows, N(rows));
}

/* One revert: take `change` back from `current`; `before` is its parent. */
struct revert_row {
	const char *name;
	const char *schema;
	const char *before, *change, *current;
	const char *want;	/* when there is no conflict */
	const char *conflicts;	/* the fields in conflict, "a,b", or "" */
};

static void
check_revert(const struct revert_row *r)
{
	struct bops_schema *s = NULL;
	struct bops_node *b, *c, *cur, *w = NULL, *m;
	struct bops_buf y = BOPS_BUF_INIT, want = BOPS_BUF_INIT;
	struct bops_buf fields = BOPS_BUF_INIT;
	struct bops_validate v = { "t.yaml", lookup, NULL };
	const struct bops_node *list;
	const struct bops_error *err;
	size_t n = 99, i;

	if ((err = bops_schema_builtin(&s, r->schema)))
		fail_msg("%s: schema: %s", r->name, err->msg);
	b = yaml_doc(r->before);
	c = yaml_doc(r->change);
	cur = yaml_doc(r->current);
	if ((err = bops_schema_validate(s, b, &v)) ||
	    (err = bops_schema_validate(s, c, &v)) ||
	    (err = bops_schema_validate(s, cur, &v)))
		fail_msg("%s: input: %s", r->name, err->msg);
	m = bops_merge_revert(s, c, cur, b, &n);
	list = bops_node_map_get(m, "conflicts");
	for (i = list && list->n > n ? list->n - n : 0; list && i < list->n;
	    i++)
		bops_buf_printf(&fields, "%s%s", fields.len ? "," : "",
		    bops_node_map_str(list->items[i], "field"));
	if (strcmp(fields.ptr, r->conflicts))
		fail_msg("%s: conflicts '%s', want '%s'", r->name, fields.ptr,
		    r->conflicts);
	if (*r->conflicts == '\0') {
		w = yaml_doc(r->want);
		if ((err = bops_schema_validate(s, w, &v)))
			fail_msg("%s: want: %s", r->name, err->msg);
		assert_null(bops_yaml_emit(&want, w));
		if ((err = bops_schema_validate(s, m, &v)))
			fail_msg("%s: not a valid record: %s", r->name,
			    err->msg);
		assert_null(bops_yaml_emit(&y, m));
		if (strcmp(y.ptr, want.ptr))
			fail_msg("%s: reverted\n%s\nwant\n%s", r->name, y.ptr,
			    want.ptr);
	}
	bops_node_free(b);
	bops_node_free(c);
	bops_node_free(cur);
	bops_node_free(w);
	bops_node_free(m);
	bops_buf_release(&y);
	bops_buf_release(&want);
	bops_buf_release(&fields);
	bops_schema_free(s);
}

static void
revert_takes_a_change_back_and_keeps_later_ones(void **state)
{
	static const struct revert_row rows[] = {
		{ "nothing changed since: the version before", "task",
		  "title: T\nstatus: not-started\n",
		  "title: T\nstatus: done\n",
		  "title: T\nstatus: done\n",
		  "title: T\nstatus: not-started\n", "" },
		{ "another field changed since stays", "task",
		  "title: T\nstatus: not-started\n",
		  "title: T\nstatus: done\n",
		  "title: T\nstatus: done\npriority: high\n",
		  "title: T\nstatus: not-started\npriority: high\n", "" },
		{ "the same field changed since: a conflict", "task",
		  "title: T\nstatus: not-started\npriority: low\n",
		  "title: T\nstatus: done\npriority: high\n",
		  "title: T\nstatus: processing\npriority: urgent\n",
		  NULL, "status,priority" },
		{ "a field the change set is unset again", "task",
		  "title: T\nstatus: done\n",
		  "title: T\nstatus: done\ndue: 2026-12-01\n",
		  "title: Renamed\nstatus: done\ndue: 2026-12-01\n",
		  "title: Renamed\nstatus: done\n", "" },
		{ "a tag the change added goes, a later one stays", "task",
		  "title: T\nstatus: done\ntags: [a]\n",
		  "title: T\nstatus: done\ntags: [a, b]\n",
		  "title: T\nstatus: done\ntags: [a, b, c]\n",
		  "title: T\nstatus: done\ntags: [a, c]\n", "" },
		{ "a check-in the change made goes, a later one stays", "okr",
		  "title: O\nkey_results:\n" KR1_HEAD KR1_CHECKIN,
		  "title: O\nkey_results:\n" KR1_HEAD KR1_CHECKIN
		  "  - at: 2026-11-02T09:00:00Z\n"
		  "    by: Ann\n"
		  "    value: 20\n",
		  "title: O\nkey_results:\n" KR1_HEAD KR1_CHECKIN
		  "  - at: 2026-11-02T09:00:00Z\n"
		  "    by: Ann\n"
		  "    value: 20\n"
		  "  - at: 2026-11-03T09:00:00Z\n"
		  "    by: Bob\n"
		  "    value: 30\n",
		  "title: O\nkey_results:\n" KR1_HEAD KR1_CHECKIN
		  "  - at: 2026-11-03T09:00:00Z\n"
		  "    by: Bob\n"
		  "    value: 30\n", "" },
		{ "a key result the change added and nobody touched goes",
		  "okr", "title: O\nkey_results:\n" KR1_HEAD,
		  "title: O\nkey_results:\n" KR1_HEAD KR2,
		  "title: P\nkey_results:\n" KR1_HEAD KR2,
		  "title: P\nkey_results:\n" KR1_HEAD, "" },
		{ "a key result the change added and someone changed stays",
		  "okr", "title: O\nkey_results:\n" KR1_HEAD,
		  "title: O\nkey_results:\n" KR1_HEAD KR2,
		  "title: O\nkey_results:\n" KR1_HEAD KR2 "  unit: people\n",
		  NULL, "key_results.2" },
	};
	size_t i;

	for (i = 0; i < N(rows); i++)
		check_revert(&rows[i]);
}

#define J_HEAD "title: J\nstatus: draft\nreview_every: 90d\nstages:\n"
#define J_SEE "- slug: see\n  name: See\n"
#define J_TRY "- slug: try\n  name: Try\n"
#define J_BUY "- slug: buy\n  name: Buy\n"
#define J_USE "- slug: use\n  name: Use\n"

/*
 * A list keyed by name keeps the order its items are in (a journey's
 * stages are in the order customers go through them): a side that
 * reordered it wins, an item one side added comes after the item it
 * follows there, and either way round gives the same bytes.
 */
static void
keyed_lists_by_name_keep_their_order(void **state)
{
	static const struct row rows[] = {
		{ "each side changes a stage: the order stays", "journey",
		  J_HEAD J_SEE J_TRY J_BUY,
		  J_HEAD J_SEE "  goal: notice\n" J_TRY J_BUY,
		  J_HEAD J_SEE J_TRY J_BUY "  goal: pay\n",
		  J_HEAD J_SEE "  goal: notice\n" J_TRY J_BUY "  goal: pay\n",
		  0 },
		{ "one side adds a stage in the middle", "journey",
		  J_HEAD J_SEE J_BUY,
		  J_HEAD J_SEE J_TRY J_BUY,
		  J_HEAD J_SEE J_BUY "  goal: pay\n",
		  J_HEAD J_SEE J_TRY J_BUY "  goal: pay\n", 0 },
		{ "both add stages after different ones", "journey",
		  J_HEAD J_SEE J_BUY,
		  J_HEAD J_SEE J_TRY J_BUY,
		  J_HEAD J_SEE J_BUY J_USE,
		  J_HEAD J_SEE J_TRY J_BUY J_USE, 0 },
		{ "one side reorders, the other changes a stage", "journey",
		  J_HEAD J_SEE J_TRY J_BUY,
		  J_HEAD J_TRY J_SEE J_BUY,
		  J_HEAD J_SEE J_TRY "  goal: test\n" J_BUY,
		  J_HEAD J_TRY "  goal: test\n" J_SEE J_BUY, 0 },
		{ "one side reorders, the other adds at the end", "journey",
		  J_HEAD J_SEE J_TRY J_BUY,
		  J_HEAD J_BUY J_TRY J_SEE,
		  J_HEAD J_SEE J_TRY J_BUY J_USE,
		  J_HEAD J_BUY J_USE J_TRY J_SEE, 0 },
		{ "one side reorders, the other removes a stage", "journey",
		  J_HEAD J_SEE J_TRY J_BUY,
		  J_HEAD J_BUY J_TRY J_SEE,
		  J_HEAD J_SEE J_BUY,
		  J_HEAD J_BUY J_SEE, 0 },
	};

	(void)state;
	check_rows(rows, sizeof(rows) / sizeof(rows[0]));
}

static void
stage(struct bops_buf *b, char side, size_t i)
{
	bops_buf_printf(b, "- slug: %c%04zu\n  name: %c%04zu\n", side, i, side,
	    i);
}

/*
 * A long keyed list, reordered on both sides, merges in one pass: the
 * order that sorts first wins (theirs, s0001 before x0000), the stages
 * ours added come after the stage they follow in ours, the one theirs
 * removed is gone.
 */
static void
long_keyed_lists_reordered_on_both_sides(void **state)
{
	enum { n = 5000, gone = 2500 };
	struct bops_buf base = BOPS_BUF_INIT, ours = BOPS_BUF_INIT;
	struct bops_buf theirs = BOPS_BUF_INIT, want = BOPS_BUF_INIT;
	struct row r = { "5000 stages", "journey", NULL, NULL, NULL, NULL,
	    0 };
	size_t i, x;

	(void)state;
	bops_buf_puts(&base, J_HEAD);
	bops_buf_puts(&ours, J_HEAD);
	bops_buf_puts(&theirs, J_HEAD);
	bops_buf_puts(&want, J_HEAD);
	for (i = 0; i < n; i++)
		stage(&base, 's', i);
	/* Ours: the stages backwards, one added first and one after
	 * every tenth. */
	stage(&ours, 'x', 0);
	for (i = n; i-- > 0;) {
		stage(&ours, 's', i);
		if (i % 10 == 0)
			stage(&ours, 'o', i);
	}
	/* Theirs: the first stage moved last, one added after every
	 * hundredth, one removed. */
	for (i = 1; i <= n; i++) {
		x = i % n;
		if (x != gone)
			stage(&theirs, 's', x);
		if (x % 100 == 0)
			stage(&theirs, 't', x);
	}
	stage(&want, 'x', 0);
	for (i = 1; i <= n; i++) {
		x = i % n;
		if (x != gone)
			stage(&want, 's', x);
		/* what followed the removed stage in ours follows the
		 * stage before it there */
		if (x == gone + 1)
			stage(&want, 'o', gone);
		if (x % 10 == 0 && x != gone)
			stage(&want, 'o', x);
		if (x % 100 == 0)
			stage(&want, 't', x);
	}
	r.base = base.ptr;
	r.ours = ours.ptr;
	r.theirs = theirs.ptr;
	r.want = want.ptr;
	check_row(&r);
	bops_buf_release(&base);
	bops_buf_release(&ours);
	bops_buf_release(&theirs);
	bops_buf_release(&want);
}

static void
keyed_lists_match_items_by_id_and_merge_them(void **state)
{
	static const struct row rows[] = {
		{ "each side removed one KR: none is left", "okr", OKR_BASE,
		  "title: O\nkey_results:\n" KR2,
		  "title: O\nkey_results:\n" KR1_HEAD KR1_CHECKIN,
		  "title: O\n", 0 },
		{ "different KRs", "okr", OKR_BASE,
		  "title: O\nkey_results:\n" KR1_HEAD "  current: 30\n"
		  KR1_CHECKIN KR2,
		  "title: O\nkey_results:\n" KR1_HEAD KR1_CHECKIN
		  "- id: 2\n  title: Helpers\n  target: 50\n",
		  "title: O\nkey_results:\n" KR1_HEAD "  current: 30\n"
		  KR1_CHECKIN "- id: 2\n  title: Helpers\n  target: 50\n", 0 },
		{ "one KR, different fields", "okr", OKR_BASE,
		  "title: O\nkey_results:\n"
		  "- id: 1\n  title: Meals\n  target: 1200\n" KR1_CHECKIN KR2,
		  "title: O\nkey_results:\n" KR1_HEAD "  unit: meals\n"
		  KR1_CHECKIN KR2,
		  "title: O\nkey_results:\n"
		  "- id: 1\n  title: Meals\n  target: 1200\n  unit: meals\n"
		  KR1_CHECKIN KR2, 0 },
		{ "one KR, one field two ways", "okr", OKR_BASE,
		  "title: O\nkey_results:\n"
		  "- id: 1\n  title: Meals\n  target: 1200\n" KR1_CHECKIN KR2,
		  "title: O\nkey_results:\n"
		  "- id: 1\n  title: Meals\n  target: 1500\n" KR1_CHECKIN KR2,
		  "title: O\nkey_results:\n"
		  "- id: 1\n  title: Meals\n  target: 1500\n" KR1_CHECKIN KR2
		  "conflicts:\n"
		  "- field: key_results.1.target\n"
		  "  base: 1000\n"
		  "  values:\n"
		  "  - value: 1200\n"
		  "    commit: c0ffee1\n"
		  "    author: Ann <ann@x>\n"
		  "  - value: 1500\n"
		  "    commit: beef002\n"
		  "    author: Bob <bob@x>\n", 1 },
		{ "both add KR 3: both kept, one renumbered", "okr", OKR_BASE,
		  OKR_BASE "- id: 3\n  title: Donors\n  target: 10\n",
		  OKR_BASE "- id: 3\n  title: Cooks\n  target: 5\n",
		  OKR_BASE "- id: 3\n  title: Cooks\n  target: 5\n"
		  "- id: 4\n  title: Donors\n  target: 10\n", 0 },
		{ "both add KRs 3 and 4 in other orders", "okr", OKR_BASE,
		  OKR_BASE "- id: 3\n  title: A3\n  target: 1\n"
		  "- id: 4\n  title: A4\n  target: 1\n",
		  OKR_BASE "- id: 4\n  title: B4\n  target: 1\n"
		  "- id: 3\n  title: B3\n  target: 1\n",
		  OKR_BASE "- id: 3\n  title: A3\n  target: 1\n"
		  "- id: 4\n  title: A4\n  target: 1\n"
		  "- id: 5\n  title: B3\n  target: 1\n"
		  "- id: 6\n  title: B4\n  target: 1\n", 0 },
		{ "both add the same KR", "okr", OKR_BASE,
		  OKR_BASE "- id: 3\n  title: Cooks\n  target: 5\n",
		  OKR_BASE "- id: 3\n  title: Cooks\n  target: 5\n",
		  OKR_BASE "- id: 3\n  title: Cooks\n  target: 5\n", 0 },
		{ "removed KR not changed elsewhere goes", "okr", OKR_BASE,
		  "title: O\nkey_results:\n" KR1_HEAD KR1_CHECKIN,
		  "title: O\nkey_results:\n"
		  "- id: 1\n  title: Hot meals\n  target: 1000\n"
		  KR1_CHECKIN KR2,
		  "title: O\nkey_results:\n"
		  "- id: 1\n  title: Hot meals\n  target: 1000\n"
		  KR1_CHECKIN, 0 },
		{ "removed KR changed elsewhere is kept, with a conflict",
		  "okr", OKR_BASE,
		  "title: O\nkey_results:\n" KR1_HEAD KR1_CHECKIN,
		  "title: O\nkey_results:\n" KR1_HEAD KR1_CHECKIN
		  "- id: 2\n  title: Volunteers\n  target: 60\n",
		  "title: O\nkey_results:\n" KR1_HEAD KR1_CHECKIN
		  "- id: 2\n  title: Volunteers\n  target: 60\n"
		  "conflicts:\n"
		  "- field: key_results.2\n"
		  "  base:\n"
		  "    id: 2\n"
		  "    title: Volunteers\n"
		  "    start: 0\n"
		  "    target: 50\n"
		  "    direction: up\n"
		  "    weight: 1\n"
		  "  values:\n"
		  "  - commit: c0ffee1\n"
		  "    author: Ann <ann@x>\n"
		  "  - value:\n"
		  "      id: 2\n"
		  "      title: Volunteers\n"
		  "      start: 0\n"
		  "      target: 60\n"
		  "      direction: up\n"
		  "      weight: 1\n"
		  "    commit: beef002\n"
		  "    author: Bob <bob@x>\n", 1 },
	};

	check_rows(rows, N(rows));
}

static void
text_merges_lines_or_conflicts(void **state)
{
	static const struct row rows[] = {
		{ "edits of different lines", "task",
		  "title: X\ndescription: |\n  a\n  b\n  c\n  d\n",
		  "title: X\ndescription: |\n  A\n  b\n  c\n  d\n",
		  "title: X\ndescription: |\n  a\n  b\n  c\n  D\n",
		  "title: X\ndescription: |\n  A\n  b\n  c\n  D\n", 0 },
		{ "an addition and an edit", "task",
		  "title: X\ndescription: |\n  a\n  b\n  c\n",
		  "title: X\ndescription: |\n  a\n  b\n  c\n  new\n",
		  "title: X\ndescription: |\n  aa\n  b\n  c\n",
		  "title: X\ndescription: |\n  aa\n  b\n  c\n  new\n", 0 },
		{ "the same line two ways", "task",
		  "title: X\ndescription: |\n  a\n  b\n  c\n",
		  "title: X\ndescription: |\n  a\n  B1\n  c\n",
		  "title: X\ndescription: |\n  a\n  B2\n  c\n",
		  "title: X\ndescription: |\n  a\n  B2\n  c\n"
		  "conflicts:\n"
		  "- field: description\n"
		  "  base: |\n"
		  "    a\n"
		  "    b\n"
		  "    c\n"
		  "  values:\n"
		  "  - value: |\n"
		  "      a\n"
		  "      B1\n"
		  "      c\n"
		  "    commit: c0ffee1\n"
		  "    author: Ann <ann@x>\n"
		  "  - value: |\n"
		  "      a\n"
		  "      B2\n"
		  "      c\n"
		  "    commit: beef002\n"
		  "    author: Bob <bob@x>\n", 1 },
	};

	check_rows(rows, N(rows));
}

static void
text_line_merge_table(void **state)
{
	static const struct {
		const char *base, *ours, *theirs, *want; /* want NULL: no */
	} rows[] = {
		{ "a\nb\nc\nd\n", "A\nb\nc\nd\n", "a\nb\nc\nD\n",
		  "A\nb\nc\nD\n" },
		{ "a\nb\nc\n", "a\nb\nc\n", "a\nB\nc\n", "a\nB\nc\n" },
		{ "a\nb\nc\n", "a\nB\nc\n", "a\nB\nc\n", "a\nB\nc\n" },
		{ "a\nb\nc\n", "x\na\nb\nc\n", "a\nb\nc\ny\n",
		  "x\na\nb\nc\ny\n" },
		{ "a\nb\nc\n", "a\nc\n", "a\nb\nc\nz\n", "a\nc\nz\n" },
		{ "", "same\n", "same\n", "same\n" },
		{ "a\nb\nc\n", "a\nB1\nc\n", "a\nB2\nc\n", NULL },
		{ "a\nb\n", "a\nb\nx\n", "a\nb\ny\n", NULL },
		{ "", "one\n", "two\n", NULL },
		{ "a\nb\nc\n", "A\nb\nc\n", "a\nB\nc\n", NULL },
		{ "a\nb", "a\nb\nc", "A\nb", NULL },
		{ "a\nb\nc\nd\ne", "a\nB\nc\nd\ne", "a\nb\nc\nd\nE",
		  "a\nB\nc\nd\nE" },
	};
	struct bops_buf out = BOPS_BUF_INIT, swap = BOPS_BUF_INIT;
	size_t i;
	bool ok, ok2;

	for (i = 0; i < N(rows); i++) {
		bops_buf_reset(&out);
		bops_buf_reset(&swap);
		ok = bops_merge_text(&out, rows[i].base, rows[i].ours,
		    rows[i].theirs);
		ok2 = bops_merge_text(&swap, rows[i].base, rows[i].theirs,
		    rows[i].ours);
		if (ok != (rows[i].want != NULL) || ok2 != ok)
			fail_msg("row %zu: merged %d/%d, want %d", i, ok, ok2,
			    rows[i].want != NULL);
		if (ok && (strcmp(out.ptr, rows[i].want) ||
		    strcmp(swap.ptr, rows[i].want)))
			fail_msg("row %zu: got '%s' / '%s', want '%s'", i,
			    out.ptr, swap.ptr, rows[i].want);
	}
	bops_buf_release(&out);
	bops_buf_release(&swap);
}

static void
records_both_sides_added_merge_with_an_empty_base(void **state)
{
	static const struct row rows[] = {
		{ "added the same", "task", NULL,
		  "title: X\nstatus: done\n",
		  "title: X\nstatus: done\n",
		  "title: X\nstatus: done\n", 0 },
		{ "added two ways", "task", NULL,
		  "title: X\nstatus: done\ntags:\n- a\n",
		  "title: X\nstatus: processing\npriority: high\ntags:\n"
		  "- b\n",
		  "title: X\nstatus: processing\npriority: high\ntags:\n"
		  "- a\n- b\n"
		  "conflicts:\n"
		  "- field: status\n"
		  "  values:\n"
		  "  - value: done\n"
		  "    commit: c0ffee1\n"
		  "    author: Ann <ann@x>\n"
		  "  - value: processing\n"
		  "    commit: beef002\n"
		  "    author: Bob <bob@x>\n", 1 },
	};

	check_rows(rows, N(rows));
}

static void
nested_config_maps_merge_recursively(void **state)
{
#define CFG_BASE \
	"name: w\n" \
	"board:\n" \
	"  columns:\n" \
	"  - not-started\n" \
	"  - processing\n" \
	"  - done\n" \
	"  wip:\n" \
	"    processing: 3\n" \
	"sprint:\n" \
	"  length: 7d\n"
	static const struct row rows[] = {
		{ "different sections", "config", CFG_BASE,
		  "name: w\nboard:\n  columns:\n  - not-started\n"
		  "  - processing\n  - done\n  wip:\n    processing: 4\n"
		  "sprint:\n  length: 7d\n",
		  "name: w\nboard:\n  columns:\n  - not-started\n"
		  "  - processing\n  - done\n  wip:\n    processing: 3\n"
		  "sprint:\n  length: 14d\n",
		  "name: w\nboard:\n  columns:\n  - not-started\n"
		  "  - processing\n  - done\n  wip:\n    processing: 4\n"
		  "sprint:\n  length: 14d\n", 0 },
		{ "one section, different keys", "config", CFG_BASE,
		  "name: w\nboard:\n  columns:\n  - not-started\n"
		  "  - processing\n  - review\n  - done\n  wip:\n"
		  "    processing: 3\nsprint:\n  length: 7d\n",
		  "name: w\nboard:\n  columns:\n  - not-started\n"
		  "  - processing\n  - done\n  wip:\n    processing: 4\n"
		  "sprint:\n  length: 7d\n",
		  "name: w\nboard:\n  columns:\n  - not-started\n"
		  "  - processing\n  - review\n  - done\n  wip:\n"
		  "    processing: 4\nsprint:\n  length: 7d\n", 0 },
		{ "free keys of one map", "config", CFG_BASE,
		  "name: w\nboard:\n  columns:\n  - not-started\n"
		  "  - processing\n  - done\n  wip:\n    processing: 5\n"
		  "sprint:\n  length: 7d\n",
		  "name: w\nboard:\n  columns:\n  - not-started\n"
		  "  - processing\n  - done\n  wip:\n    processing: 3\n"
		  "    done: 10\n    not-started: 8\n"
		  "sprint:\n  length: 7d\n",
		  "name: w\nboard:\n  columns:\n  - not-started\n"
		  "  - processing\n  - done\n  wip:\n    processing: 5\n"
		  "    done: 10\n    not-started: 8\n"
		  "sprint:\n  length: 7d\n", 0 },
		{ "custom fields declared on both sides", "config", CFG_BASE,
		  CFG_BASE "custom:\n  task:\n    channel:\n"
		  "      type: string\n",
		  CFG_BASE "custom:\n  task:\n    segment:\n"
		  "      type: string\n  deal:\n    region:\n"
		  "      type: string\n",
		  CFG_BASE "custom:\n  deal:\n    region:\n"
		  "      type: string\n  task:\n    channel:\n"
		  "      type: string\n    segment:\n      type: string\n",
		  0 },
	};

	check_rows(rows, N(rows));
#undef CFG_BASE
}

#define CONFLICT_E \
	"conflicts:\n" \
	"- field: priority\n" \
	"  base: normal\n" \
	"  values:\n" \
	"  - value: high\n" \
	"    commit: c0ffee1\n" \
	"    author: Ann <ann@x>\n" \
	"  - value: low\n" \
	"    commit: beef002\n" \
	"    author: Bob <bob@x>\n"

static void
recorded_conflicts_merge_as_a_set(void **state)
{
	static const struct row rows[] = {
		{ "a conflict on one side is kept", "task",
		  "title: X\npriority: normal\n",
		  "title: X\npriority: low\n" CONFLICT_E,
		  "title: T2\npriority: normal\n",
		  "title: T2\npriority: low\n" CONFLICT_E, 0 },
		{ "the same conflict on both sides once", "task",
		  "title: X\npriority: normal\n",
		  "title: X\npriority: low\n" CONFLICT_E,
		  "title: X\nstatus: done\npriority: low\n" CONFLICT_E,
		  "title: X\nstatus: done\npriority: low\n" CONFLICT_E, 0 },
		{ "resolved on one side stays resolved", "task",
		  "title: X\npriority: low\n" CONFLICT_E,
		  "title: X\npriority: high\n",
		  "title: T2\npriority: low\n" CONFLICT_E,
		  "title: T2\npriority: high\n", 0 },
	};

	check_rows(rows, N(rows));
}

static void
add_conflict_orders_values_by_content(void **state)
{
	struct bops_node *m1 = bops_node_new_map(), *m2 = bops_node_new_map();
	struct bops_node *a = bops_node_new_scalar("zulu", BOPS_SCALAR_TEXT);
	struct bops_node *b = bops_node_new_scalar("alfa", BOPS_SCALAR_TEXT);
	struct bops_buf y1 = BOPS_BUF_INIT, y2 = BOPS_BUF_INIT;

	bops_merge_add_conflict(m1, "title", NULL, a, &ann, b, &bob);
	bops_merge_add_conflict(m2, "title", NULL, b, &bob, a, &ann);
	assert_null(bops_yaml_emit(&y1, m1));
	assert_null(bops_yaml_emit(&y2, m2));
	assert_string_equal(y1.ptr,
	    "conflicts:\n"
	    "- field: title\n"
	    "  values:\n"
	    "  - value: alfa\n"
	    "    commit: beef002\n"
	    "    author: Bob <bob@x>\n"
	    "  - value: zulu\n"
	    "    commit: c0ffee1\n"
	    "    author: Ann <ann@x>\n");
	assert_string_equal(y1.ptr, y2.ptr);
	bops_node_free(m1);
	bops_node_free(m2);
	bops_node_free(a);
	bops_node_free(b);
	bops_buf_release(&y1);
	bops_buf_release(&y2);
}

static void
cmp_puts_null_first_and_orders_by_content(void **state)
{
	struct bops_node *a = bops_node_new_scalar("a", BOPS_SCALAR_TEXT);
	struct bops_node *b = bops_node_new_scalar("b", BOPS_SCALAR_TEXT);

	assert_int_equal(bops_merge_cmp(NULL, NULL), 0);
	assert_true(bops_merge_cmp(NULL, a) < 0);
	assert_true(bops_merge_cmp(a, NULL) > 0);
	assert_true(bops_merge_cmp(a, b) < 0);
	assert_true(bops_merge_cmp(b, a) > 0);
	assert_int_equal(bops_merge_cmp(a, a), 0);
	bops_node_free(a);
	bops_node_free(b);
}

/* Long texts with edits far apart merge line by line. */
static void
text_merges_long_texts_edited_in_places(void **state)
{
	struct bops_buf base = BOPS_BUF_INIT, ours = BOPS_BUF_INIT;
	struct bops_buf theirs = BOPS_BUF_INIT, want = BOPS_BUF_INIT;
	struct bops_buf out = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < 1990; i++) {
		bops_buf_printf(&base, "line %zu\n", i);
		bops_buf_printf(&ours, i == 0 ? "first\n" : i == 1000 ?
		    "ours %zu\n" : "line %zu\n", i);
		bops_buf_printf(&theirs, i == 1989 ? "last\n" : i == 10 ?
		    "" : "line %zu\n", i);
		bops_buf_printf(&want, i == 0 ? "first\n" : i == 1000 ?
		    "ours %zu\n" : i == 1989 ? "last\n" : i == 10 ? "" :
		    "line %zu\n", i);
	}
	assert_true(bops_merge_text(&out, base.ptr, ours.ptr, theirs.ptr));
	assert_string_equal(out.ptr, want.ptr);
	bops_buf_reset(&out);
	assert_true(bops_merge_text(&out, base.ptr, theirs.ptr, ours.ptr));
	assert_string_equal(out.ptr, want.ptr);
	/* The same line changed two ways: no merge. */
	bops_buf_reset(&out);
	assert_false(bops_merge_text(&out, base.ptr, ours.ptr, "first?\n"));
	bops_buf_release(&base);
	bops_buf_release(&ours);
	bops_buf_release(&theirs);
	bops_buf_release(&want);
	bops_buf_release(&out);
}

/*
 * A record as deep as validation allows: a conflict on its deepest
 * field still fits the profile (found by fuzz_merge: an x_* or a
 * custom raw value 30 levels deep, replaced on one side and changed on
 * the other, made a conflict entry 34 deep that could not be written).
 */
static void
conflicts_on_the_deepest_values_can_be_written(void **state)
{
	struct bops_schema *s = NULL;
	struct bops_validate v = { "t.yaml", lookup, NULL };
	struct bops_buf base = BOPS_BUF_INIT, ours = BOPS_BUF_INIT;
	struct bops_buf y = BOPS_BUF_INIT;
	struct bops_node *b, *o, *t, *m;
	size_t i, n = 0;

	assert_null(bops_schema_builtin(&s, "task"));
	/* x_deep: 27 levels under the root, the deepest a record has. */
	bops_buf_puts(&base, "title: t\nx_deep:\n");
	for (i = 0; i < BOPS_RECORD_MAX_DEPTH - 2; i++) {
		bops_buf_pad(&base, ' ', 2 * (i + 1));
		bops_buf_puts(&base, i + 3 < BOPS_RECORD_MAX_DEPTH ? "k:\n" :
		    "k: a\n");
	}
	bops_buf_put(&ours, base.ptr, base.len - 2);
	bops_buf_puts(&ours, "b\n");
	b = yaml_doc(base.ptr);
	o = yaml_doc(ours.ptr);
	t = yaml_doc("title: t\nx_deep: flat\n");
	assert_null(bops_schema_validate(s, b, &v));
	assert_null(bops_schema_validate(s, o, &v));
	assert_null(bops_schema_validate(s, t, &v));
	m = bops_merge_record(s, b, o, t, &ann, &bob, &n);
	assert_int_equal(n, 1);
	assert_null(bops_schema_validate(s, m, &v));
	assert_null(bops_yaml_emit(&y, m));
	assert_null(bops_yaml_verify("t.yaml", y.ptr, y.len, m));
	bops_node_free(b);
	bops_node_free(o);
	bops_node_free(t);
	bops_node_free(m);
	bops_buf_release(&base);
	bops_buf_release(&ours);
	bops_buf_release(&y);
	bops_schema_free(s);
}

/* An import adds entries: the log keeps its own, in its order. */
static void
log_add_keeps_every_entry_once_in_place(void **state)
{
	static const struct {
		const char *log, *more, *want;
	} rows[] = {
		{ "l: [b, a]\n", "l: [a, c]\n", "l: [b, a, c]\n" },
		{ "l: [a]\n", "l: [a]\n", "l: [a]\n" },
		{ "l: []\n", "l: [c, c, a]\n", "l: [c, a]\n" },
		{ "l: [{at: '2', text: x}, {at: '1', text: y}]\n",
		  "l: [{at: '1', text: y}, {at: '1', text: z}]\n",
		  "l: [{at: '2', text: x}, {at: '1', text: y}, "
		  "{at: '1', text: z}]\n" },
	};
	struct bops_node *l, *m, *w, *got;
	size_t i;

	for (i = 0; i < N(rows); i++) {
		l = yaml_doc(rows[i].log);
		m = yaml_doc(rows[i].more);
		w = yaml_doc(rows[i].want);
		got = bops_merge_log_add(bops_node_map_get(l, "l"),
		    bops_node_map_get(m, "l"));
		if (!bops_node_equal(got, bops_node_map_get(w, "l")))
			fail_msg("row %zu", i);
		bops_node_free(got);
		bops_node_free(l);
		bops_node_free(m);
		bops_node_free(w);
	}
	got = bops_merge_log_add(NULL, NULL);
	assert_int_equal(got->type, BOPS_NODE_SEQ);
	assert_int_equal(got->n, 0);
	bops_node_free(got);
}

/* An import over a record: what the record had, the row, the result. */
static void
import_keeps_what_the_row_does_not_name(void **state)
{
	static const struct {
		const char *name, *schema, *had, *row, *want;
	} rows[] = {
		{ "a check-in after the export stays; current follows it",
		  "okr",
		  "title: O\nkey_results:\n- id: 1\n  title: Meals\n"
		  "  target: 1000\n  current: 800\n  owner: Ann\n  checkins:\n"
		  "  - {at: 2026-11-01T09:00:00Z, by: Ann, value: 400}\n"
		  "  - {at: 2026-11-08T09:00:00Z, by: Bob, value: 800}\n"
		  "- id: 2\n  title: Rating\n  target: 4.5\n",
		  "title: O2\nkey_results:\n- id: 1\n  title: Meals!\n"
		  "  target: 1000\n  current: 400\n  checkins:\n"
		  "  - {at: 2026-11-01T09:00:00Z, by: Ann, value: 400}\n"
		  "- id: 3\n  title: Money\n  target: 200\n",
		  "title: O2\nkey_results:\n- id: 1\n  title: Meals!\n"
		  "  target: 1000\n  current: 800\n  owner: Ann\n  checkins:\n"
		  "  - {at: 2026-11-01T09:00:00Z, by: Ann, value: 400}\n"
		  "  - {at: 2026-11-08T09:00:00Z, by: Bob, value: 800}\n"
		  "- id: 2\n  title: Rating\n  target: 4.5\n"
		  "- id: 3\n  title: Money\n  target: 200\n" },
		{ "a row that knows every check-in sets current",
		  "okr",
		  "title: O\nkey_results:\n- id: 1\n  title: Meals\n"
		  "  target: 1000\n  current: 400\n  checkins:\n"
		  "  - {at: 2026-11-01T09:00:00Z, by: Ann, value: 400}\n",
		  "key_results:\n- id: 1\n  current: 500\n  checkins:\n"
		  "  - {at: 2026-11-01T09:00:00Z, by: Ann, value: 400}\n",
		  "title: O\nkey_results:\n- id: 1\n  title: Meals\n"
		  "  target: 1000\n  current: 500\n  checkins:\n"
		  "  - {at: 2026-11-01T09:00:00Z, by: Ann, value: 400}\n" },
		{ "a newer check-in of the row, added after, decides",
		  "okr",
		  "title: O\nkey_results:\n- id: 1\n  title: Meals\n"
		  "  target: 1000\n  current: 400\n  checkins:\n"
		  "  - {at: 2026-11-08T09:00:00Z, by: Ann, value: 400}\n",
		  "key_results:\n- id: 1\n  current: 300\n  checkins:\n"
		  "  - {at: 2026-11-01T09:00:00Z, by: Bob, value: 300}\n",
		  "title: O\nkey_results:\n- id: 1\n  title: Meals\n"
		  "  target: 1000\n  current: 400\n  checkins:\n"
		  "  - {at: 2026-11-08T09:00:00Z, by: Ann, value: 400}\n"
		  "  - {at: 2026-11-01T09:00:00Z, by: Bob, value: 300}\n" },
		{ "risks by id, milestones by id, in the record's order",
		  "project",
		  "title: P\nmilestones:\n- {id: 2, name: B, due: 2026-11-01}\n"
		  "- {id: 1, name: A, due: 2026-10-01, done: 2026-10-02}\n"
		  "risks:\n- {id: 1, title: Leave, owner: Minh, "
		  "contingency: Hire}\n- {id: 2, title: Late}\n",
		  "milestones:\n- {id: 1, name: A2, due: 2026-10-01}\n"
		  "risks:\n- {id: 1, title: Leave!}\n",
		  "title: P\nmilestones:\n- {id: 2, name: B, due: 2026-11-01}\n"
		  "- {id: 1, name: A2, due: 2026-10-01, done: 2026-10-02}\n"
		  "risks:\n- {id: 1, title: Leave!, owner: Minh, "
		  "contingency: Hire}\n- {id: 2, title: Late}\n" },
		{ "a stamp that takes the latest never goes back", "okr",
		  "title: O\nupdated: 2026-11-26T10:00:00Z\n",
		  "title: O\nupdated: 2026-11-20T09:00:00Z\n",
		  "title: O\nupdated: 2026-11-26T10:00:00Z\n" },
		{ "nor stops a later one of the row", "okr",
		  "title: O\nupdated: 2026-11-20T09:00:00Z\n",
		  "title: O\nupdated: 2026-11-26T10:00:00Z\n",
		  "title: O\nupdated: 2026-11-26T10:00:00Z\n" },
		{ "no record: the row as it is", "okr", NULL,
		  "title: O\nkey_results:\n- {id: 1, title: M, target: 1}\n",
		  "title: O\nkey_results:\n- {id: 1, title: M, target: 1}\n" },
	};
	struct bops_schema *s = NULL;
	struct bops_node *had, *row, *want, *got;
	const struct bops_error *err;
	size_t i;

	for (i = 0; i < N(rows); i++) {
		if ((err = bops_schema_builtin(&s, rows[i].schema)))
			fail_msg("%s: schema: %s", rows[i].name, err->msg);
		had = yaml_doc(rows[i].had);
		row = yaml_doc(rows[i].row);
		want = yaml_doc(rows[i].want);
		got = bops_merge_import(s, had, row);
		if (!bops_node_equal(got, want)) {
			struct bops_buf y = BOPS_BUF_INIT;

			(void)bops_yaml_emit(&y, got);
			fail_msg("%s: got\n%s", rows[i].name, y.ptr);
		}
		bops_node_free(had);
		bops_node_free(row);
		bops_node_free(want);
		bops_node_free(got);
		bops_schema_free(s);
		s = NULL;
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(conflicts_on_the_deepest_values_can_be_written),
		cmocka_unit_test(text_merges_long_texts_edited_in_places),
		cmocka_unit_test(scalar_changed_on_one_side_takes_that_side),
		cmocka_unit_test(same_change_on_both_sides_is_no_conflict),
		cmocka_unit_test(
		    scalar_changed_two_ways_is_a_conflict_kept_in_the_record),
		cmocka_unit_test(latest_takes_the_later_value_without_conflict),
		cmocka_unit_test(
		    sets_merge_additions_and_removals_of_both_sides),
		cmocka_unit_test(
		    logs_merge_as_a_union_ordered_by_time_then_author),
		cmocka_unit_test(keyed_lists_match_items_by_id_and_merge_them),
		cmocka_unit_test(keyed_lists_by_name_keep_their_order),
		cmocka_unit_test(long_keyed_lists_reordered_on_both_sides),
		cmocka_unit_test(
		    revert_takes_a_change_back_and_keeps_later_ones),
		cmocka_unit_test(text_merges_lines_or_conflicts),
		cmocka_unit_test(text_line_merge_table),
		cmocka_unit_test(
		    records_both_sides_added_merge_with_an_empty_base),
		cmocka_unit_test(nested_config_maps_merge_recursively),
		cmocka_unit_test(recorded_conflicts_merge_as_a_set),
		cmocka_unit_test(add_conflict_orders_values_by_content),
		cmocka_unit_test(cmp_puts_null_first_and_orders_by_content),
		cmocka_unit_test(log_add_keeps_every_entry_once_in_place),
		cmocka_unit_test(import_keeps_what_the_row_does_not_name),
	};

	return cmocka_run_group_tests(tests, columns_setup, columns_teardown);
}
