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
#include "history.h"
#include "record.h"
#include "store.h"
#include "workspace.h"
#include "banned.h"

#include "sandbox.h"

struct fixture {
	struct ws_fixture w;
	char init[BOPS_OID_HEXSZ + 1];	/* HEAD as bops_ws_init made it */
};

static int
setup(void **state)
{
	static const struct ws_fixture_opts t0 = {
		NULL, "2001-09-09T01:46:40Z", NULL	/* 1000000000 */
	};
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || ws_fixture_open(&f->w, &t0)) {
		free(f);
		return -1;
	}
	memcpy(f->init, f->w.ws->head, sizeof(f->init));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	ws_fixture_close(&f->w);
	free(f);
	return 0;
}

#define T0 1000000000

/* Commit tasks/t1/t1.yaml = text on branch ref over parent, at when. */
static void
task_at(struct fixture *f, const char *ref, const char *parent,
    const char *text, int64_t when, char out[BOPS_OID_HEXSZ + 1])
{
	struct bops_change c = { .path = "tasks/t1/t1.yaml", .data = text,
	    .len = strlen(text) };
	struct bops_sig sig = { "Test", "t@example.com", when };
	const struct bops_error *err;

	err = bops_repo_commit(f->w.ws->repo, ref, parent, &c, 1, "test", &sig,
	    out);
	if (err)
		fail_msg("commit: %s", err->msg);
}

static const char *
status_at(struct fixture *f, const char *commit, const char *field,
    struct bops_buf *buf)
{
	struct bops_record *rec = NULL;
	const struct bops_error *err;

	bops_buf_reset(buf);
	err = bops_store_read(&rec, f->w.ws, &bops_kind_task, commit, "t1");
	if (err)
		fail_msg("read at %s: %s", commit, err->msg);
	if (bops_record_str(rec, field))
		bops_buf_puts(buf, bops_record_str(rec, field));
	bops_record_free(rec);
	return buf->ptr;
}

/*
 * base (T0+10) on main; main: status processing at T0+200; side (from
 * base): priority high at T0+150; main merges side at T0+300.
 */
static void
two_lines(struct fixture *f, char base[41], char a[41], char b[41],
    char m[41])
{
	struct bops_change none;
	struct bops_sig sig = { "Test", "t@example.com", T0 + 300 };

	(void)none;
	task_at(f, "refs/heads/main", f->init,
	    "title: One\nstatus: not-started\n", T0 + 10, base);
	task_at(f, "refs/heads/main", base,
	    "title: One\nstatus: processing\n", T0 + 200, a);
	assert_null(bops_repo_set_ref(f->w.ws->repo, "refs/heads/side", NULL,
	    base, "branch"));
	task_at(f, "refs/heads/side", base,
	    "title: One\nstatus: not-started\npriority: high\n", T0 + 150, b);
	assert_null(bops_repo_commit_merge(f->w.ws->repo, "refs/heads/main", a,
	    b, &(struct bops_change){ .path = "tasks/t1/t1.yaml",
	    .data = "title: One\nstatus: processing\npriority: high\n",
	    .len = 46 }, 1,
	    "merge", &sig, m));
	assert_null(bops_ws_refresh(f->w.ws));
}

static void
one_line_of_work_is_its_newest_commit(void **state)
{
	struct fixture *f = *state;
	char base[41], a[41], b[41], m[41], out[3][BOPS_OID_HEXSZ + 1];
	int64_t cut[3] = { T0 + 100, T0 + 400, T0 + 1 };

	two_lines(f, base, a, b, m);
	assert_null(bops_history_at(out, f->w.ws, cut, 3));
	assert_string_equal(out[0], base);
	assert_string_equal(out[1], m);
	assert_string_equal(out[2], f->init);
}

static void
several_lines_of_work_are_merged_by_field(void **state)
{
	struct fixture *f = *state;
	struct bops_buf v = BOPS_BUF_INIT;
	char base[41], a[41], b[41], m[41], out[2][BOPS_OID_HEXSZ + 1];
	int64_t cut[2] = { T0 + 160, T0 + 250 };

	two_lines(f, base, a, b, m);
	assert_null(bops_history_at(out, f->w.ws, cut, 2));
	/* At +160 only the side had its change: the side's commit. */
	assert_string_equal(out[0], b);
	/* At +250 both had theirs, not yet merged: a merge in memory. */
	assert_string_not_equal(out[1], a);
	assert_string_not_equal(out[1], b);
	assert_string_not_equal(out[1], m);
	assert_string_equal(status_at(f, out[1], "status", &v), "processing");
	assert_string_equal(status_at(f, out[1], "priority", &v), "high");
	/* Nothing was written to the repository, HEAD did not move. */
	assert_int_not_equal(run(NULL, GIT "'%s' cat-file -e %s 2>/dev/null",
	    f->w.path, out[1]), 0);
	assert_string_equal(f->w.ws->head, m);
	bops_buf_release(&v);
}

static void
nothing_before_the_first_commit(void **state)
{
	struct fixture *f = *state;
	char out[1][BOPS_OID_HEXSZ + 1];
	int64_t cut[1] = { T0 - 1 };

	assert_null(bops_history_at(out, f->w.ws, cut, 1));
	assert_string_equal(out[0], "");
}

static void
more_instants_than_one_walk_holds(void **state)
{
	struct fixture *f = *state;
	char base[41], a[41], b[41], m[41];
	char (*out)[BOPS_OID_HEXSZ + 1];
	int64_t cut[100];
	size_t i;

	two_lines(f, base, a, b, m);
	out = calloc(100, sizeof(*out));
	for (i = 0; i < 100; i++)
		cut[i] = T0 + 1 + (int64_t)i * 4;	/* up to +397 */
	assert_null(bops_history_at(out, f->w.ws, cut, 100));
	assert_string_equal(out[0], f->init);
	assert_string_equal(out[10], base);	/* +41 */
	assert_string_equal(out[45], b);	/* +181 */
	assert_string_equal(out[99], m);	/* +397 */
	assert_string_equal(out[60], out[70]);	/* +241, +281: one view */
	free(out);
}

#define TS(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TS(one_line_of_work_is_its_newest_commit),
		TS(several_lines_of_work_are_merged_by_field),
		TS(nothing_before_the_first_commit),
		TS(more_instants_than_one_walk_holds),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
