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
#include "yaml.h"
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

/*
 * A task written before the notes log, with its free text in notes, and
 * how it reads: its description, its notes log (as canonical YAML) and
 * the start of check's note ("" when it read as it is).
 */
static const struct {
	const char *file, *description, *notes, *note;
} old_forms[] = {
	/* No description: the text is the description. */
	{ "title: T\nnotes: |-\n  Gọi nhà in\n  提高\n"
	    "created: 2026-11-02T08:00:00Z\n", "Gọi nhà in\n提高", NULL,
	    "tasks/t1/t1.yaml:2:1: note: 'notes' holds text, as before the "
	    "notes log: read as the description; the next write of the "
	    "task stores it so" },
	{ "title: T\ndescription: ''\nnotes: x\n", "x", NULL,
	    "tasks/t1/t1.yaml:3:1: note: 'notes' holds text" },
	/* With one: the log's entry, dated and signed from the record. */
	{ "title: T\nassignee: Minh Tran\ndescription: Plan\n"
	    "notes: Gọi nhà in\ncreated: 2026-11-02T08:00:00Z\n"
	    "updated: 2026-11-03T08:00:00Z\n", "Plan",
	    "- at: 2026-11-02T08:00:00Z\n  by: Minh Tran\n"
	    "  text: Gọi nhà in\n",
	    "tasks/t1/t1.yaml:4:1: note: 'notes' holds text, as before the "
	    "notes log: read as one entry of the log;" },
	{ "title: T\ndescription: Plan\nnotes: ส่งแล้ว\n"
	    "updated: 2026-11-03T08:00:00Z\n", "Plan",
	    "- at: 2026-11-03T08:00:00Z\n  by: unknown\n  text: ส่งแล้ว\n",
	    "tasks/t1/t1.yaml:3:1: note:" },
	/* Nothing to date an entry by: the text ends the description. */
	{ "title: T\ndescription: Plan\nnotes: later\n", "Plan\n\nlater",
	    NULL, "tasks/t1/t1.yaml:3:1: note: 'notes' holds text, as before "
	    "the notes log: read as the end of the description" },
	/* Empty text says nothing. */
	{ "title: T\nnotes: ''\n", NULL, NULL,
	    "tasks/t1/t1.yaml:2:1: note: 'notes' holds text, as before the "
	    "notes log: read as no notes" },
	/* The current form reads as it is. */
	{ "title: T\ndescription: Plan\nnotes:\n- at: 2026-11-02T08:00:00Z"
	    "\n  by: Lan\n  text: hi\n", "Plan",
	    "- at: 2026-11-02T08:00:00Z\n  by: Lan\n  text: hi\n", "" },
};

static void
a_task_of_the_old_form_reads_as_the_new(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_schema *s;
	struct bops_record *rec, *again;
	struct bops_buf yaml = BOPS_BUF_INIT, log = BOPS_BUF_INIT;
	struct bops_node *root;
	struct bops_validate v = { "tasks/t1/t1.yaml", bops_ws_config_get,
	    f->ws };
	const char *d;
	size_t i;

	assert_null(bops_ws_schema(&s, f->ws, &bops_kind_task));
	for (i = 0; i < N(old_forms); i++) {
		rec = NULL;
		assert_null(bops_record_parse(&rec, f->ws, &bops_kind_task,
		    "t1", old_forms[i].file, strlen(old_forms[i].file)));
		d = bops_record_str(rec, "description");
		if (old_forms[i].description)
			assert_string_equal(d, old_forms[i].description);
		else
			assert_null(d);
		bops_buf_reset(&log);
		if (bops_record_get(rec, "notes"))
			assert_null(bops_yaml_emit(&log,
			    bops_record_get(rec, "notes")));
		bops_buf_puts(&log, "");
		assert_string_equal(log.ptr, old_forms[i].notes ?
		    old_forms[i].notes : "");
		if (*old_forms[i].note) {
			assert_non_null(rec->was);
			assert_ptr_equal(strstr(rec->was, old_forms[i].note),
			    rec->was);
		} else
			assert_null(rec->was);
		/* Written, it is the new form, which reads as it is. */
		bops_buf_reset(&yaml);
		assert_null(bops_record_emit(&yaml, rec, f->ws));
		again = NULL;
		assert_null(bops_record_parse(&again, f->ws, &bops_kind_task,
		    "t1", yaml.ptr, yaml.len));
		assert_null(again->was);
		assert_true(bops_node_equal(again->root, rec->root));
		bops_record_free(again);
		bops_record_free(rec);
		/* Every validation reads it so: undo's, a merge's. */
		root = NULL;
		assert_null(bops_yaml_load(&root, v.path, old_forms[i].file,
		    strlen(old_forms[i].file)));
		assert_null(bops_schema_validate(s, root, &v));
		assert_null(bops_node_map_get(root, "notes") &&
		    bops_node_map_get(root, "notes")->type ==
		    BOPS_NODE_SCALAR ? root : NULL);
		bops_node_free(root);
	}
	bops_buf_release(&yaml);
	bops_buf_release(&log);
}

static void
an_old_form_the_schema_cannot_read_stays_an_error(void **state)
{
	static const char *const bad[] = {
		/* A description that is no text: nothing moves. */
		"title: T\ndescription: [a]\nnotes: x\n",
		/* Notes that are neither text nor a log. */
		"title: T\nnotes: {a: b}\n",
	};
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	struct bops_record *rec;
	size_t i;

	for (i = 0; i < N(bad); i++) {
		rec = NULL;
		err = bops_record_parse(&rec, f->ws, &bops_kind_task, "t1",
		    bad[i], strlen(bad[i]));
		assert_non_null(err);
		assert_int_equal(err->code, BOPS_ERR_INVALID);
		assert_null(rec);
	}
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
		TS(a_task_of_the_old_form_reads_as_the_new),
		TS(an_old_form_the_schema_cannot_read_stays_an_error),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
