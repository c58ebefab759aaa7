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
#include "store.h"
#include "sync.h"
#include "workspace.h"
#include "banned.h"

#include "sandbox.h"

struct fixture {
	struct ws_fixture w;
	char base[BOPS_OID_HEXSZ + 1];	/* HEAD as bops_ws_init made it */
	struct bops_sync_result r;
	struct bops_sync_changes ch;
};

#define TASK "tasks/t1/t1.yaml"

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || ws_fixture_open(&f->w, NULL)) {
		free(f);
		return -1;
	}
	memcpy(f->base, f->w.ws->head, sizeof(f->base));
	bops_buf_init(&f->r.ids);
	bops_buf_init(&f->r.invalid);
	bops_buf_init(&f->r.refused);
	bops_buf_init(&f->r.files);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	bops_sync_changes_release(&f->ch);
	bops_sync_result_release(&f->r);
	ws_fixture_close(&f->w);
	free(f);
	return 0;
}

/* A commit over parent (on no branch) changing path to text (NULL:
 * removed); config: the config gets extra appended. */
static void
side(struct fixture *f, const char *parent, const char *path,
    const char *text, char out[BOPS_OID_HEXSZ + 1])
{
	struct bops_change c = { .path = path, .data = text,
	    .len = text ? strlen(text) : 0 };
	struct bops_sig sig = { "Test", "t@example.com", 1795424400 };
	const struct bops_error *err;

	err = bops_repo_commit(f->w.ws->repo, NULL, parent, &c, 1, "test", &sig,
	    out);
	if (err)
		fail_msg("commit: %s", err->msg);
}

static const struct bops_change *
find(const struct bops_sync_changes *ch, const char *path)
{
	size_t i;

	for (i = 0; i < ch->n; i++)
		if (strcmp(ch->c[i].path, path) == 0)
			return &ch->c[i];
	return NULL;
}

static void
incoming_records_meet_the_incoming_config(void **state)
{
	struct fixture *f = *state;
	struct bops_buf cfg = BOPS_BUF_INIT;
	char c1[41], theirs[41], ours[41];
	const struct bops_change *c;

	assert_null(bops_repo_read(f->w.ws->repo, f->base, "bops.yaml", &cfg,
	    NULL));
	bops_buf_puts(&cfg, "custom:\n  task:\n    channel:\n"
	    "      type: string\n");
	side(f, f->base, "bops.yaml", cfg.ptr, c1);
	side(f, c1, TASK, "title: Zalo post\nstatus: not-started\n"
	    "channel: zalo\n", theirs);
	side(f, f->base, "notes.txt", "ours\n", ours);
	assert_null(bops_sync_merge_commits(&f->ch, &f->r, f->w.ws, f->base,
	    ours, theirs));
	assert_false(f->ch.refused);
	assert_int_equal(f->r.invalid.len, 0);
	assert_non_null(c = find(&f->ch, TASK));
	assert_non_null(strstr(c->data, "channel: zalo"));
	assert_non_null(find(&f->ch, "bops.yaml"));
	bops_buf_release(&cfg);
}

static void
an_invalid_record_is_kept_as_it_came(void **state)
{
	struct fixture *f = *state;
	static const char bad[] = "title: X\nstatus: nonsense\n";
	char theirs[41], ours[41];
	const struct bops_change *c;

	side(f, f->base, TASK, bad, theirs);
	side(f, f->base, "notes.txt", "ours\n", ours);
	assert_null(bops_sync_merge_commits(&f->ch, &f->r, f->w.ws, f->base,
	    ours, theirs));
	assert_false(f->ch.refused);
	assert_non_null(c = find(&f->ch, TASK));
	assert_int_equal(c->len, strlen(bad));
	assert_memory_equal(c->data, bad, c->len);
	assert_non_null(strstr(f->r.invalid.ptr, TASK ":2:9: "));
}

static void
an_invalid_record_changed_on_both_sides_is_refused(void **state)
{
	struct fixture *f = *state;
	char b[41], theirs[41], ours[41];

	side(f, f->base, TASK, "title: X\nstatus: not-started\n", b);
	side(f, b, TASK, "title: X\nstatus: nonsense\n", theirs);
	side(f, b, TASK, "title: Why\nstatus: not-started\n", ours);
	assert_null(bops_sync_merge_commits(&f->ch, &f->r, f->w.ws, b, ours,
	    theirs));
	assert_true(f->ch.refused);
	assert_non_null(strstr(f->r.refused.ptr, TASK ":2:9: "));
}

static void
a_record_removed_only_by_them_goes(void **state)
{
	struct fixture *f = *state;
	char b[41], theirs[41], ours[41];
	const struct bops_change *c;

	side(f, f->base, TASK, "title: X\nstatus: not-started\n", b);
	side(f, b, TASK, NULL, theirs);
	side(f, b, "notes.txt", "ours\n", ours);
	assert_null(bops_sync_merge_commits(&f->ch, &f->r, f->w.ws, b, ours,
	    theirs));
	assert_non_null(c = find(&f->ch, TASK));
	assert_null(c->data);
}

static void
a_record_changed_here_and_removed_there_stays(void **state)
{
	struct fixture *f = *state;
	char b[41], theirs[41], ours[41];
	const struct bops_change *c;

	side(f, f->base, TASK, "title: X\nstatus: not-started\n", b);
	side(f, b, TASK, NULL, theirs);
	side(f, b, TASK, "title: Why\nstatus: not-started\n", ours);
	assert_null(bops_sync_merge_commits(&f->ch, &f->r, f->w.ws, b, ours,
	    theirs));
	assert_non_null(c = find(&f->ch, TASK));
	assert_non_null(c->data);
	if (strstr(c->data, "title: Why") == NULL)
		fail_msg("%s", c->data);
	assert_non_null(strstr(c->data, "(deleted)"));
	assert_int_equal(f->r.conflicts, 1);
}

static void
files_that_are_no_records_merge_by_lines(void **state)
{
	struct fixture *f = *state;
	char b[41], theirs[41], ours[41];
	const struct bops_change *c;

	side(f, f->base, "NOTES.md", "one\ntwo\nthree\n", b);
	side(f, b, "NOTES.md", "one\ntwo\nthree\nAnn\n", theirs);
	side(f, b, "NOTES.md", "Bob\none\ntwo\nthree\n", ours);
	assert_null(bops_sync_merge_commits(&f->ch, &f->r, f->w.ws, b, ours,
	    theirs));
	assert_non_null(c = find(&f->ch, "NOTES.md"));
	assert_string_equal(c->data, "Bob\none\ntwo\nthree\nAnn\n");
	assert_int_equal(f->r.conflicts, 0);
}

#define TS(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TS(incoming_records_meet_the_incoming_config),
		TS(an_invalid_record_is_kept_as_it_came),
		TS(an_invalid_record_changed_on_both_sides_is_refused),
		TS(a_record_removed_only_by_them_goes),
		TS(a_record_changed_here_and_removed_there_stays),
		TS(files_that_are_no_records_merge_by_lines),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
