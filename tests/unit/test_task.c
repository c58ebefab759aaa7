#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <git2.h>

#include "buf.h"
#include "error.h"
#include "git.h"
#include "record.h"
#include "store.h"
#include "task.h"
#include "workspace.h"
#include "banned.h"

#include "sandbox.h"

/* Add task id with its status, in a transaction with flags. */
static const struct bops_error *
add(struct ws_fixture *f, const char *id, const char *status, unsigned flags)
{
	const struct bops_error *err;
	struct bops_txn *txn = NULL;
	struct bops_record *rec = NULL;

	assert_null(bops_txn_begin(&txn, f->ws));
	bops_txn_set_flags(txn, flags);
	assert_null(bops_record_new(&rec, f->ws, &bops_kind_task, id));
	assert_null(bops_record_set(rec, f->ws, "title", id));
	assert_null(bops_record_set(rec, f->ws, "status", status));
	if ((err = bops_txn_put(txn, rec, NULL)) == NULL)
		assert_null(bops_txn_commit(txn, "add", NULL));
	bops_record_free(rec);
	bops_txn_free(txn);
	return err;
}

static struct bops_record *
load(struct ws_fixture *f, const char *id)
{
	struct bops_record *rec = NULL;

	assert_null(bops_store_read(&rec, f->ws, &bops_kind_task, NULL, id));
	return rec;
}

static void
done_and_points_read_the_board_and_the_estimate(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_record *rec;

	assert_null(bops_record_new(&rec, f->ws, &bops_kind_task, "t1"));
	assert_null(bops_record_set(rec, f->ws, "title", "T"));
	assert_false(bops_task_done(f->ws, rec));
	assert_true(bops_task_points(rec) == 1);
	assert_null(bops_record_set(rec, f->ws, "status", "done"));
	assert_null(bops_record_set(rec, f->ws, "estimate", "2.5"));
	assert_true(bops_task_done(f->ws, rec));
	assert_true(bops_task_points(rec) == 2.5);
	bops_record_free(rec);
}

static void
the_wip_limit_refuses_unless_forced(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	size_t i;

	/* board.wip.processing is 3 in a new workspace. */
	for (i = 0; i < 3; i++) {
		char id[8];

		snprintf(id, sizeof(id), "p%zu", i);
		assert_null(add(f, id, "processing", 0));
	}
	err = add(f, "p3", "processing", 0);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_WIP);
	assert_null(add(f, "p3", "processing", BOPS_TXN_FORCE));
	/* A merge keeps what each side wrote, limit or not. */
	assert_null(add(f, "p4", "processing", BOPS_TXN_MERGE));
}

static void
stamps_and_a_rank_come_with_the_change(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_record *rec;

	assert_null(add(f, "a1", "processing", 0));
	assert_null(add(f, "a2", "done", 0));
	rec = load(f, "a1");
	assert_string_equal(bops_record_str(rec, "started"),
	    "2026-11-23T09:00:00Z");
	assert_null(bops_record_str(rec, "finished"));
	assert_non_null(bops_record_str(rec, "rank"));
	bops_record_free(rec);
	rec = load(f, "a2");
	assert_string_equal(bops_record_str(rec, "finished"),
	    "2026-11-23T09:00:00Z");
	bops_record_free(rec);
	/* Under a merge no stamp, no rank is added. */
	assert_null(add(f, "m1", "done", BOPS_TXN_MERGE));
	rec = load(f, "m1");
	assert_null(bops_record_str(rec, "finished"));
	assert_null(bops_record_str(rec, "rank"));
	bops_record_free(rec);
}

/* Commit a sprint record id from start to end. */
static void
sprint(struct ws_fixture *f, const char *id, const char *start, const char *end)
{
	const struct bops_kind *k = bops_kind_find("sprint");
	struct bops_txn *txn = NULL;
	struct bops_record *rec = NULL;

	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_record_new(&rec, f->ws, k, id));
	assert_null(bops_record_set(rec, f->ws, "start", start));
	assert_null(bops_record_set(rec, f->ws, "end", end));
	assert_null(bops_txn_put(txn, rec, NULL));
	assert_null(bops_txn_commit(txn, "sprint", NULL));
	bops_record_free(rec);
	bops_txn_free(txn);
}

/* Set field of task id to value in one transaction; its error. */
static const struct bops_error *
set(struct ws_fixture *f, const char *id, const char *field, const char *value)
{
	const struct bops_error *err;
	struct bops_txn *txn = NULL;
	struct bops_record *rec = NULL;

	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_txn_load(&rec, txn, &bops_kind_task, id));
	assert_null(bops_record_set(rec, f->ws, field, value));
	if ((err = bops_txn_put(txn, rec, NULL)) == NULL)
		assert_null(bops_txn_commit(txn, "set", NULL));
	bops_record_free(rec);
	bops_txn_free(txn);
	return err;
}

static void
a_done_task_stays_in_its_sprint(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_error *err;

	sprint(f, "s1", "2026-11-23", "2026-11-29");
	sprint(f, "s2", "2026-11-30", "2026-12-06");
	/* Finished in s1... */
	assert_null(add(f, "d1", "processing", 0));
	assert_null(set(f, "d1", "sprint", "s1"));
	assert_null(set(f, "d1", "status", "done"));
	/* ...it is not planned again in another; taking it out is fine. */
	err = set(f, "d1", "sprint", "s2");
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
	assert_non_null(strstr(err->msg, "is done"));
	assert_null(set(f, "d1", "sprint", ""));
	/* An open task moves between sprints freely. */
	assert_null(add(f, "o1", "not-started", 0));
	assert_null(set(f, "o1", "sprint", "s1"));
	assert_null(set(f, "o1", "sprint", "s2"));
}

#define TS(name) cmocka_unit_test_setup_teardown(name, ws_setup, \
    ws_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TS(done_and_points_read_the_board_and_the_estimate),
		TS(the_wip_limit_refuses_unless_forced),
		TS(stamps_and_a_rank_come_with_the_change),
		TS(a_done_task_stays_in_its_sprint),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
