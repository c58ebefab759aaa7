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

/* Only to point libgit2's global config search at a directory we own. */
#include <git2.h>

#include "buf.h"
#include "error.h"
#include "git.h"
#include "kind.h"
#include "record.h"
#include "store.h"
#include "undo.h"
#include "workspace.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define ANN "Ann Le <ann@example.com>"
#define BOB "Bob Tran <bob@example.com>"

#include "sandbox.h"

/* The workspace of every test. */
static struct ws_fixture_opts ws_opts = { NULL, NULL, ANN };

/* As `who`, change task t (made when absent) with one assignment. */
static void
change(struct ws_fixture *f, const char *who, const char *expr)
{
	struct bops_ws_opts opts = f->opts;
	struct bops_ws *ws;
	struct bops_txn *txn;
	struct bops_record *rec = NULL;
	struct bops_buf msg = BOPS_BUF_INIT;
	const struct bops_error *err;

	opts.author = who;
	assert_null(bops_ws_open(&ws, &opts));
	assert_null(bops_txn_begin(&txn, ws));
	err = bops_txn_load(&rec, txn, &bops_kind_task, "t");
	if (err) {
		assert_int_equal(err->code, BOPS_ERR_NOT_FOUND);
		assert_null(bops_record_new(&rec, ws, &bops_kind_task, "t"));
		assert_null(bops_record_set(rec, ws, "title", "T"));
		bops_buf_puts(&msg, "task t: add 'T'");
	} else
		bops_buf_printf(&msg, "task t: %s", expr);
	assert_null(bops_record_assign(rec, ws, expr));
	assert_null(bops_txn_put(txn, rec, NULL));
	assert_null(bops_txn_commit(txn, msg.ptr, NULL));
	bops_record_free(rec);
	bops_txn_free(txn);
	bops_ws_close(ws);
	bops_buf_release(&msg);
	assert_null(bops_ws_refresh(f->ws));
}

/* As `who`, undo as `bops undo` does (any: `bops undo --any`). */
static const struct bops_error *
undo(struct ws_fixture *f, const char *who, bool any, struct bops_buf *subject)
{
	const struct bops_error *err;
	struct bops_ws_opts opts = f->opts;
	struct bops_ws *ws;
	struct bops_undo u = BOPS_UNDO_INIT;
	struct bops_buf ids = BOPS_BUF_INIT, body = BOPS_BUF_INIT;
	struct bops_txn *txn = NULL;
	const char *name, *email;

	opts.author = who;
	assert_null(bops_ws_open(&ws, &opts));
	assert_null(bops_ws_identity(&name, &email, ws));
	bops_buf_reset(subject);
	if ((err = bops_txn_begin(&txn, ws)) == NULL &&
	    (err = bops_undo_find(&u, ws, name, any ? NULL : email)) ==
	    NULL && (err = bops_undo_stage(ws, txn, &u, &ids)) == NULL) {
		assert_string_equal(ids.ptr, "t\n");
		bops_undo_message(&u, subject, &body);
		err = bops_txn_commit_body(txn, subject->ptr, body.ptr, NULL);
	}
	bops_txn_free(txn);
	bops_ws_close(ws);
	bops_undo_release(&u);
	bops_buf_release(&ids);
	bops_buf_release(&body);
	assert_null(bops_ws_refresh(f->ws));
	return err;
}

static const char *
field(struct ws_fixture *f, const char *name, struct bops_record **rec)
{
	bops_record_free(*rec);
	*rec = NULL;
	assert_null(bops_store_read(rec, f->ws, &bops_kind_task, NULL, "t"));
	return bops_record_str(*rec, name);
}

static void
change_subjects_are_the_ones_bops_writes(void **state)
{
	static const struct {
		const char *subject;
		bool change;
	} rows[] = {
		{ "task 7kq3m2x9ab: status processing -> done", true },
		{ "okr save: checkin 1 'Meals' 240", true },
		{ "okr: measure save/1 100", true },
		{ "sprint: unplan 2 tasks", true },
		{ "sprint 2026-w48: plan 2 tasks", true },
		{ "config: board.wip.processing 3 -> 2", true },
		{ "undo: task t: status done", true },
		{ "redo: task t: status done", true },
		{ "bops init", false },
		{ "sync: merge origin/main", false },
		{ "sync: fast-forward", false },
		{ "task without a colon", false },
		{ "fix typo in the brief", false },
		{ "Merge branch 'main'", false },
		{ "tasks: something", false },
		{ "", false },
	};
	size_t i;

	for (i = 0; i < N(rows); i++)
		if (bops_undo_is_change(rows[i].subject) != rows[i].change)
			fail_msg("'%s': want %s", rows[i].subject,
			    rows[i].change ? "a change" : "no change");
}

static void
message_says_undo_or_redo_and_which_commit(void **state)
{
	static const struct {
		const char *subject, *want;
	} rows[] = {
		{ "task t: status done", "undo: task t: status done" },
		{ "undo: task t: status done", "redo: task t: status done" },
		{ "redo: task t: status done", "undo: task t: status done" },
	};
	struct bops_undo u = BOPS_UNDO_INIT;
	struct bops_buf subject = BOPS_BUF_INIT, body = BOPS_BUF_INIT;
	size_t i;

	snprintf(u.commit, sizeof(u.commit), "%040d", 7);
	for (i = 0; i < N(rows); i++) {
		bops_buf_reset(&u.subject);
		bops_buf_puts(&u.subject, rows[i].subject);
		bops_buf_reset(&subject);
		bops_buf_reset(&body);
		bops_undo_message(&u, &subject, &body);
		assert_string_equal(subject.ptr, rows[i].want);
		assert_string_equal(body.ptr, "This reverts commit "
		    "0000000000000000000000000000000000000007.\n");
	}
	bops_undo_release(&u);
	bops_buf_release(&subject);
	bops_buf_release(&body);
}

static void
find_takes_your_newest_change_not_yet_undone(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_undo u = BOPS_UNDO_INIT;
	const struct bops_error *err;

	err = bops_undo_find(&u, f->ws, "Ann Le", "ann@example.com");
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
	assert_string_equal(err->msg, "nothing to undo: no bops change by "
	    "Ann Le <ann@example.com>");

	change(f, ANN, "priority=low");
	change(f, ANN, "due=2026-12-01");
	change(f, BOB, "status=processing");
	/* The e-mail address decides, whatever its case. */
	assert_null(bops_undo_find(&u, f->ws, NULL, NULL));
	assert_string_equal(u.subject.ptr, "task t: status=processing");
	assert_null(bops_undo_find(&u, f->ws, "Ann", "ANN@example.com"));
	assert_string_equal(u.subject.ptr, "task t: due=2026-12-01");

	/* Bob takes Ann's last change back: hers is then the one before. */
	assert_int_equal(run(NULL, GIT "'%s' -c user.name=Bob -c "
	    "user.email=bob@example.com commit -q --allow-empty -m 'by hand' "
	    "-m 'This reverts commit %s.'", f->path, u.commit), 0);
	assert_null(bops_ws_refresh(f->ws));
	assert_null(bops_undo_find(&u, f->ws, NULL, "ann@example.com"));
	assert_string_equal(u.subject.ptr, "task t: add 'T'");
	assert_null(bops_undo_find(&u, f->ws, NULL, "bob@example.com"));
	assert_string_equal(u.subject.ptr, "task t: status=processing");
	bops_undo_release(&u);
}

static void
stage_merges_the_inverse_onto_head(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_buf subject = BOPS_BUF_INIT;
	struct bops_record *rec = NULL;
	const struct bops_error *err;

	change(f, ANN, "priority=low");
	change(f, ANN, "priority=high");
	change(f, BOB, "status=processing");
	assert_null(undo(f, ANN, false, &subject));
	assert_string_equal(subject.ptr, "undo: task t: priority=high");
	assert_string_equal(field(f, "priority", &rec), "low");
	assert_string_equal(field(f, "status", &rec), "processing");

	/* Ann's next change back is her first: Bob changed it since. */
	change(f, BOB, "priority=urgent");
	err = undo(f, ANN, false, &subject);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_CONFLICT);
	assert_string_equal(err->msg, "tasks/t/t.yaml: 'priority' changed "
	    "since");
	assert_string_equal(field(f, "priority", &rec), "urgent");

	/* Undo twice redoes; --any takes anyone's. */
	assert_null(undo(f, BOB, false, &subject));
	assert_string_equal(subject.ptr, "undo: task t: priority=urgent");
	assert_null(undo(f, BOB, false, &subject));
	assert_string_equal(subject.ptr, "redo: task t: priority=urgent");
	assert_string_equal(field(f, "priority", &rec), "urgent");
	assert_null(undo(f, ANN, true, &subject));
	assert_string_equal(subject.ptr, "undo: task t: priority=urgent");
	assert_string_equal(field(f, "priority", &rec), "low");
	bops_record_free(rec);
	bops_buf_release(&subject);
	assert_int_equal(run(NULL, GIT "'%s' fsck --strict >/dev/null 2>&1",
	    f->path), 0);
}

#define T(name) cmocka_unit_test_prestate_setup_teardown(name, ws_setup, \
    ws_teardown, &ws_opts)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(change_subjects_are_the_ones_bops_writes),
		cmocka_unit_test(message_says_undo_or_redo_and_which_commit),
		T(find_takes_your_newest_change_not_yet_undone),
		T(stage_merges_the_inverse_onto_head),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
