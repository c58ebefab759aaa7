#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Only to point libgit2's global config search at a directory we own. */
#include <git2.h>

#include "buf.h"
#include "error.h"
#include "file.h"
#include "git.h"
#include "head.h"
#include "workspace.h"
#include "banned.h"

#include "sandbox.h"

struct fixture {
	struct ws_fixture w;	/* the workspace, dir/acme */
	struct bops_buf file;	/* .git/bops/cache/head */
};

static int
setup(void **state)
{
	static const struct ws_fixture_opts acme = { "acme", NULL, NULL };
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || ws_fixture_open(&f->w, &acme)) {
		free(f);
		return -1;
	}
	bops_buf_init(&f->file);
	bops_buf_printf(&f->file, "%sbops/cache/head",
	    bops_repo_gitdir(f->w.ws->repo));
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	ws_fixture_close(&f->w);
	bops_buf_release(&f->file);
	free(f);
	return 0;
}

/* Commit a task file on top of HEAD (the work tree untouched). */
static void
commit_task(struct bops_ws *ws)
{
	const char *text = "title: One\nstatus: not-started\n";
	struct bops_change change = { .path = "tasks/on/one.yaml",
	    .data = text, .len = strlen(text) };
	struct bops_sig sig = { "Test", "t@example.com", 1795424400 };
	const struct bops_error *err;
	char commit[BOPS_OID_HEXSZ + 1];

	if ((err = bops_repo_commit(ws->repo, ws->refname.ptr, ws->head,
	    &change, 1, "task", &sig, commit)))
		fail_msg("commit: %s", err->msg);
	memcpy(ws->head, commit, sizeof(commit));
}

static void
read_remembers_the_config_and_the_trees(void **state)
{
	struct fixture *f = *state;
	struct bops_head h, again;
	struct bops_buf config = BOPS_BUF_INIT;
	char blob[BOPS_OID_HEXSZ + 1], tree[BOPS_OID_HEXSZ + 1];

	commit_task(f->w.ws);
	bops_head_init(&h);
	bops_head_init(&again);
	assert_null(bops_head_read(&h, f->w.ws->repo, f->w.ws->head));
	assert_null(bops_repo_read(f->w.ws->repo, f->w.ws->head,
	    BOPS_CONFIG_PATH, &config, blob));
	assert_string_equal(h.commit, f->w.ws->head);
	assert_string_equal(h.config, blob);
	assert_int_equal(h.config_data.len, config.len);
	assert_memory_equal(h.config_data.ptr, config.ptr, config.len);
	assert_null(bops_repo_entry_id(f->w.ws->repo, f->w.ws->head, "tasks",
	    tree));
	assert_string_equal(h.trees[bops_kind_task.index], tree);
	assert_string_equal(h.trees[bops_kind_find("okr")->index], "");
	/* Read back from the file, the same. */
	assert_true(bops_head_load(&again, bops_repo_gitdir(f->w.ws->repo),
	    f->w.ws->head));
	assert_string_equal(again.config, h.config);
	assert_string_equal(again.trees[bops_kind_task.index], tree);
	assert_int_equal(again.config_data.len, config.len);
	assert_memory_equal(again.config_data.ptr, config.ptr, config.len);
	bops_head_release(&h);
	bops_head_release(&again);
	bops_buf_release(&config);
}

static void
load_refuses_another_commit_and_damage(void **state)
{
	struct fixture *f = *state;
	const char *gitdir = bops_repo_gitdir(f->w.ws->repo);
	struct bops_head h;
	struct bops_buf good = BOPS_BUF_INIT, bad = BOPS_BUF_INIT;
	char other[BOPS_OID_HEXSZ + 1];
	size_t i;

	bops_head_init(&h);
	assert_null(bops_head_read(&h, f->w.ws->repo, f->w.ws->head));
	assert_null(bops_file_read(&good, f->file.ptr, 0));
	snprintf(other, sizeof(other), "%s", f->w.ws->head);
	other[0] = other[0] == 'a' ? 'b' : 'a';
	assert_false(bops_head_load(&h, gitdir, other));
	assert_string_equal(h.commit, "");
	/* Any byte changed, or the file cut short anywhere: not believed. */
	for (i = 0; i < good.len; i++) {
		bops_buf_reset(&bad);
		bops_buf_put(&bad, good.ptr, good.len);
		bad.ptr[i] ^= 0x20;
		assert_null(bops_file_write_atomic(f->file.ptr, bad.ptr,
		    bad.len));
		assert_false(bops_head_load(&h, gitdir, f->w.ws->head));
		assert_null(bops_file_write_atomic(f->file.ptr, good.ptr, i));
		assert_false(bops_head_load(&h, gitdir, f->w.ws->head));
	}
	assert_null(bops_file_remove(f->file.ptr, NULL));
	assert_false(bops_head_load(&h, gitdir, f->w.ws->head));
	assert_null(bops_file_write_atomic(f->file.ptr, good.ptr, good.len));
	assert_true(bops_head_load(&h, gitdir, f->w.ws->head));
	bops_head_release(&h);
	bops_buf_release(&good);
	bops_buf_release(&bad);
}

static void
read_of_a_commit_without_config_remembers_nothing(void **state)
{
	struct fixture *f = *state;
	struct bops_change change = { .path = BOPS_CONFIG_PATH, .data = NULL };
	struct bops_sig sig = { "Test", "t@example.com", 1795424400 };
	const struct bops_error *err;
	struct bops_head h;
	char commit[BOPS_OID_HEXSZ + 1];

	assert_null(bops_repo_commit(f->w.ws->repo, f->w.ws->refname.ptr,
	    f->w.ws->head, &change, 1, "gone", &sig, commit));
	bops_head_init(&h);
	assert_null(bops_file_remove(f->file.ptr, NULL));
	err = bops_head_read(&h, f->w.ws->repo, commit);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_NOT_FOUND);
	assert_string_equal(h.commit, "");
	assert_false(bops_file_exists(f->file.ptr));
	bops_head_release(&h);
}

/* bops_repo_head_fast answers as bops_repo_head, or not at all. */
static void
head_fast_agrees_or_leaves_it_to_libgit2(void **state)
{
	struct fixture *f = *state;
	struct bops_buf ref = BOPS_BUF_INIT, slow_ref = BOPS_BUF_INIT;
	struct bops_buf loose = BOPS_BUF_INIT;
	char hex[BOPS_OID_HEXSZ + 1], slow[BOPS_OID_HEXSZ + 1];
	bool found;

	bops_buf_printf(&loose, "%s/.git/refs/heads/main", f->w.path);
	commit_task(f->w.ws);
	assert_null(bops_repo_head_fast(f->w.ws->repo, hex, &ref, &found));
	assert_true(found);
	assert_null(bops_repo_head(f->w.ws->repo, slow, &slow_ref));
	assert_string_equal(hex, slow);
	assert_string_equal(ref.ptr, slow_ref.ptr);
	assert_string_equal(ref.ptr, "refs/heads/main");
	/* Packed by git gc: read from packed-refs, the same. */
	assert_int_equal(run(NULL, GIT "%s -c user.name=T "
	    "-c user.email=t@example.com tag -a -m t v1", f->w.path), 0);
	assert_int_equal(run(NULL, GIT "%s pack-refs --all", f->w.path), 0);
	assert_false(bops_file_exists(loose.ptr));
	assert_null(bops_repo_head_fast(f->w.ws->repo, hex, &ref, &found));
	assert_true(found);
	assert_string_equal(hex, slow);
	assert_string_equal(ref.ptr, "refs/heads/main");
	/* packed-refs as git would never write it: libgit2's business. */
	assert_int_equal(run(NULL, "cp %s/.git/packed-refs %s/packed.good && "
	    "printf 'garbage\\n' >>%s/.git/packed-refs", f->w.path, f->w.path,
	    f->w.path), 0);
	assert_null(bops_repo_head_fast(f->w.ws->repo, hex, &ref, &found));
	assert_false(found);
	assert_string_equal(hex, "");
	assert_int_equal(run(NULL, "sed 's/^[0-9a-f]* refs.heads.main$/&\\n&/' "
	    "%s/packed.good >%s/.git/packed-refs", f->w.path, f->w.path), 0);
	assert_null(bops_repo_head_fast(f->w.ws->repo, hex, &ref, &found));
	assert_false(found);
	/* The branch in neither: unborn, libgit2's business too. */
	assert_int_equal(run(NULL, "grep -v refs/heads/main %s/packed.good "
	    ">%s/.git/packed-refs", f->w.path, f->w.path), 0);
	assert_null(bops_repo_head_fast(f->w.ws->repo, hex, &ref, &found));
	assert_false(found);
	assert_int_equal(run(NULL, "cp %s/packed.good %s/.git/packed-refs",
	    f->w.path, f->w.path), 0);
	/* A loose ref beside the packed one is the one that counts. */
	assert_int_equal(run(NULL, "printf '%s\\n' >%s",
	    "0123456789abcdef0123456789abcdef01234567", loose.ptr), 0);
	assert_null(bops_repo_head_fast(f->w.ws->repo, hex, &ref, &found));
	assert_true(found);
	assert_string_equal(hex, "0123456789abcdef0123456789abcdef01234567");
	assert_int_equal(run(NULL, "rm %s", loose.ptr), 0);
	/* A branch of another name, loose again. */
	assert_int_equal(run(NULL, GIT "%s checkout -q -b fix/one-2.x",
	    f->w.path), 0);
	assert_int_equal(run(NULL, GIT "%s update-ref refs/heads/fix/one-2.x "
	    "HEAD", f->w.path), 0);
	assert_null(bops_repo_head_fast(f->w.ws->repo, hex, &ref, &found));
	assert_true(found);
	assert_string_equal(ref.ptr, "refs/heads/fix/one-2.x");
	assert_string_equal(hex, slow);
	/* Detached: not found (bops_repo_head says why). */
	assert_int_equal(run(NULL, GIT "%s checkout -q --detach", f->w.path),
	    0);
	assert_null(bops_repo_head_fast(f->w.ws->repo, hex, &ref, &found));
	assert_false(found);
	bops_buf_release(&ref);
	bops_buf_release(&slow_ref);
	bops_buf_release(&loose);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(read_remembers_the_config_and_the_trees),
		T(load_refuses_another_commit_and_damage),
		T(read_of_a_commit_without_config_remembers_nothing),
		T(head_fast_agrees_or_leaves_it_to_libgit2),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
