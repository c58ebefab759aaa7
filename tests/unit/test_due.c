#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "due.h"
#include "kind.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void
owner_matches_name_email_or_both_ignoring_case(void **state)
{
	static const struct {
		const char *owner, *who;
		bool hit;
	} rows[] = {
		{ "Lan Nguyen", "lan nguyen", true },
		{ "Lan Nguyen <lan@example.com>", "lan@example.com", true },
		{ "Lan Nguyen <lan@example.com>", "Lan Nguyen", true },
		{ "Lan Nguyen <lan@example.com>",
		    "lan nguyen <LAN@example.com>", true },
		{ "Lan Nguyen", "Lan", false },
		{ "Minh", "Lan Nguyen", false },
		{ "", "Lan", false },
		{ NULL, "Lan", false },
		{ "Nguyễn Văn Minh", "NGUYỄN VĂN MINH", true },
	};
	struct bops_due_query q;
	const char *who[1];
	size_t i;

	memset(&q, 0, sizeof(q));
	assert_true(bops_due_owner_match(&q, NULL));
	assert_true(bops_due_owner_match(&q, "anyone"));
	q.owners = who;
	q.nowners = 1;
	for (i = 0; i < N(rows); i++) {
		who[0] = rows[i].who;
		assert_int_equal(bops_due_owner_match(&q, rows[i].owner),
		    rows[i].hit);
	}
}

static void
add(struct bops_due *d, const char *id, const char *owner, int64_t since)
{
	struct bops_due_item it;

	memset(&it, 0, sizeof(it));
	it.kind = &bops_kind_task;
	it.id = id;
	it.owner = owner;
	it.what = "overdue";
	it.since = since;
	it.command = "bops task done x";
	bops_due_add(d, &it);
}

static void
sorted_by_owner_group_then_urgency(void **state)
{
	static const char *const want[] = { "b2", "b1", "a1", "a2", "n1" };
	struct bops_due_query q;
	struct bops_due d;
	size_t i;

	memset(&q, 0, sizeof(q));
	q.now = 100 * 86400;
	bops_due_init(&d, &q);
	add(&d, "a1", "Anna", 95 * 86400);	/* 5 days late */
	add(&d, "n1", "", 99 * 86400);		/* nobody's */
	add(&d, "b1", "Bo", 97 * 86400);
	add(&d, "a2", "anna", 101 * 86400);	/* due tomorrow */
	add(&d, "b2", "Bo", 90 * 86400);	/* the most urgent of all */
	bops_due_sort(&d);
	assert_int_equal(d.n, N(want));
	for (i = 0; i < N(want); i++)
		assert_string_equal(d.items[i].id, want[i]);
	assert_true(d.items[0].urgency == 10.0);
	assert_true(d.items[3].urgency == -1.0);
	bops_due_release(&d);
}

static void
add_applies_the_owner_filter_and_copies(void **state)
{
	struct bops_due_query q;
	struct bops_due d;
	const char *who[1] = { "Bo" };
	char id[8] = "b1";

	memset(&q, 0, sizeof(q));
	q.owners = who;
	q.nowners = 1;
	bops_due_init(&d, &q);
	add(&d, "a1", "Anna", 0);
	add(&d, id, "Bo", 0);
	add(&d, "n1", NULL, 0);
	id[0] = 'x';
	assert_int_equal(d.n, 1);
	assert_string_equal(d.items[0].id, "b1");
	assert_string_equal(d.items[0].title, "");
	bops_due_release(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(owner_matches_name_email_or_both_ignoring_case),
		cmocka_unit_test(sorted_by_owner_group_then_urgency),
		cmocka_unit_test(add_applies_the_owner_filter_and_copies),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
