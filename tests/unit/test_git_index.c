#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "git.h"
#include "banned.h"

#include "sandbox.h"

/*
 * The index updated in place (bops_repo_index_set_direct) against the
 * same update through libgit2 (bops_repo_index_set_general), on copies
 * of one index: the same entries with the same stat data, and git sees
 * a clean work tree.  What the direct update leaves to libgit2 it does
 * not touch.
 */

static const struct bops_sig sig = {
	"Ada Lovelace", "ada@example.com", 1700000000
};

static void
write_file(const struct repo_fixture *f, const char *path, const char *data)
{
	char full[PATH_MAX], *slash;
	FILE *fp;

	snprintf(full, sizeof(full), "%s/%s", f->ws, path);
	for (slash = strchr(full + strlen(f->ws) + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(full, 0777);
		*slash = '/';
	}
	fp = fopen(full, "w");
	assert_non_null(fp);
	assert_int_equal(fputs(data, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

/*
 * Commit changes on f->head and make the work tree hold them; the
 * lstat data of each changed path into st (zeroed when it is gone).
 */
static void
commit_files(struct repo_fixture *f, const struct bops_change *ch, size_t n,
    const char **paths, struct stat *st)
{
	const struct bops_error *err;
	char full[PATH_MAX], next[BOPS_OID_HEXSZ + 1];
	size_t i;

	err = bops_repo_commit(f->repo, "refs/heads/main", f->head, ch, n,
	    "test", &sig, next);
	if (err != NULL)
		fail_msg("commit: %s", err->msg);
	memcpy(f->head, next, sizeof(next));
	for (i = 0; i < n; i++) {
		paths[i] = ch[i].path;
		snprintf(full, sizeof(full), "%s/%s", f->ws, ch[i].path);
		if (ch[i].mode == BOPS_MODE_LINK) {
			/* Its directory made by a file beside it, then gone. */
			snprintf(full, sizeof(full), "%s/%s.tmp", f->ws,
			    ch[i].path);
			write_file(f, full + strlen(f->ws) + 1, "");
			assert_int_equal(unlink(full), 0);
			snprintf(full, sizeof(full), "%s/%s", f->ws,
			    ch[i].path);
			assert_int_equal(symlink(ch[i].data, full), 0);
		} else if (ch[i].data != NULL) {
			write_file(f, ch[i].path, ch[i].data);
			if (ch[i].mode == BOPS_MODE_EXEC)
				assert_int_equal(chmod(full, 0755), 0);
		} else
			assert_int_equal(unlink(full), 0);
		if (lstat(full, &st[i]) == -1)
			memset(&st[i], 0, sizeof(st[i]));
	}
}

static void
assert_status_clean(const struct repo_fixture *f)
{
	struct bops_buf out = BOPS_BUF_INIT;

	assert_int_equal(run(&out, GIT "'%s' status --porcelain "
	    "--untracked-files=no", f->ws), 0);
	assert_string_equal(out.ptr, "");
	assert_int_equal(run(NULL, GIT "'%s' diff-files --quiet", f->ws), 0);
	assert_int_equal(run(NULL, GIT "'%s' fsck --strict --no-progress "
	    ">/dev/null 2>&1", f->ws), 0);
	bops_buf_release(&out);
}

static void
ls_files(struct bops_buf *out, const struct repo_fixture *f)
{
	bops_buf_reset(out);
	assert_int_equal(run(out, GIT "'%s' ls-files --stage --debug",
	    f->ws), 0);
}

/*
 * The same update both ways, from copies of the index as it is: the
 * same entries and stat data, then git status is clean.  The direct
 * update's index stays.
 */
static void
both_ways(struct repo_fixture *f, const char *const *paths, size_t n,
    const struct stat *st)
{
	struct bops_buf direct = BOPS_BUF_INIT, general = BOPS_BUF_INIT;
	bool done = false;

	assert_int_equal(run(NULL, "cp '%s/.git/index' '%s/index.orig'",
	    f->ws, f->dir), 0);
	assert_null(bops_repo_index_set_general(f->repo, f->head, paths, n,
	    st));
	ls_files(&general, f);
	assert_int_equal(run(NULL, "cp '%s/index.orig' '%s/.git/index'",
	    f->dir, f->ws), 0);
	assert_null(bops_repo_index_set_direct(&done, f->repo, f->head, paths,
	    n, st));
	assert_true(done);
	ls_files(&direct, f);
	assert_string_equal(direct.ptr, general.ptr);
	assert_status_clean(f);
	bops_buf_release(&direct);
	bops_buf_release(&general);
}

/* A first commit, its files in the work tree and an index by git. */
static void
base(struct repo_fixture *f)
{
	static const struct bops_change ch[] = {
		{ "bops.yaml", "version: 1\n", 11, 0 },
		{ "tasks/d1/d1x.yaml", "id: d1x\n", 8, 0 },
		{ "tasks/k2/k2y.yaml", "id: k2y\n", 8, 0 },
		{ "tasks/p3/p3z.yaml", "id: p3z\n", 8, 0 },
	};
	const char *paths[4];
	struct stat st[4];

	commit_files(f, ch, 4, paths, st);
	/* git's own index, cache tree (TREE) included. */
	assert_int_equal(run(NULL, GIT "'%s' reset -q", f->ws), 0);
	assert_status_clean(f);
}

static void
direct_update_agrees_with_libgit2(void **state)
{
	static const struct bops_change steps[][3] = {
		{ { "tasks/a0/a0a.yaml", "id: a0a\n", 8, 0 } },	/* first */
		{ { "tasks/g5/g5g.yaml", "id: g5g\n", 8, 0 } },	/* middle */
		{ { "tasks/z9/z9z.yaml", "id: z9z\n", 8, 0 } },	/* last */
		{ { "tasks/k2/k2y.yaml", "id: k2y\nn: 2\n", 13, 0 } },
		{ { "tasks/z9/z9z.yaml", NULL, 0, 0 } },	/* the last goes */
		{ { "tasks/b1/b1b.yaml", "id: b1b\n", 8, 0 },	/* several */
		  { "tasks/d1/d1x.yaml", "id: d1x\nn: 3\n", 13, 0 },
		  { "tasks/g5/g5g.yaml", NULL, 0, 0 } },
		{ { "tasks/a0/a0a.yaml", NULL, 0, 0 },		/* the first */
		  { "tasks/p3/p3z.yaml", NULL, 0, 0 } },
		{ { "x.sh", "#!/bin/sh\n", 10, BOPS_MODE_EXEC },
		  { "notes/latest", "../tasks", 8, BOPS_MODE_LINK } },
	};
	struct repo_fixture *f = *state;
	const char *paths[3];
	struct stat st[3];
	size_t i, n;

	base(f);
	for (i = 0; i < N(steps); i++) {
		for (n = 0; n < 3 && steps[i][n].path != NULL; n++)
			continue;
		commit_files(f, steps[i], n, paths, st);
		both_ways(f, paths, n, st);
	}
	/* Without stat data, as after a crash: the same again. */
	both_ways(f, paths, 1, NULL);
}

/* An index of git's, changed by git as cmd says, is left to libgit2. */
static void
left_to_libgit2(struct repo_fixture *f, const char *cmd)
{
	static const struct bops_change ch[] = {
		{ "tasks/k2/k2y.yaml", "id: k2y\nn: 9\n", 13, 0 },
	};
	struct bops_buf before = BOPS_BUF_INIT, after = BOPS_BUF_INIT;
	const char *paths[1];
	char lock[PATH_MAX];
	struct stat st[1];
	bool done = true, locked;

	base(f);
	assert_int_equal(run(NULL, "cd '%s' && export GIT_CONFIG_NOSYSTEM=1 "
	    "GIT_CONFIG_GLOBAL=/dev/null && { %s\n} >/dev/null 2>&1", f->ws, cmd),
	    0);
	snprintf(lock, sizeof(lock), "%s/.git/index.lock", f->ws);
	locked = access(lock, F_OK) == 0;
	commit_files(f, ch, 1, paths, st);
	assert_int_equal(run(&before, "{ od -c <'%s/.git/index'; } 2>&1; "
	    "true", f->ws), 0);
	assert_null(bops_repo_index_set_direct(&done, f->repo, f->head, paths,
	    1, st));
	assert_false(done);
	assert_int_equal(run(&after, "{ od -c <'%s/.git/index'; } 2>&1; "
	    "true", f->ws), 0);
	assert_string_equal(before.ptr, after.ptr);
	/* A lock of another's is left, none of its own. */
	assert_int_equal(access(lock, F_OK) == 0, locked);
	bops_buf_release(&before);
	bops_buf_release(&after);
}

static void
version_4_is_left_to_libgit2(void **state)
{
	struct repo_fixture *f = *state;

	left_to_libgit2(f, "git update-index --index-version 4");
	assert_null(bops_repo_index_set(f->repo, f->head,
	    (const char *[]){ "tasks/k2/k2y.yaml" }, 1, NULL));
	assert_status_clean(f);
}

static void
a_split_index_is_left_to_libgit2(void **state)
{
	/* The shared index's "link" extension is mandatory. */
	left_to_libgit2(*state, "git update-index --split-index");
}

static void
a_conflict_at_a_changed_path_is_left_to_libgit2(void **state)
{
	left_to_libgit2(*state, "git update-index --index-info <<EOF\n"
	    "0 0000000000000000000000000000000000000000\t"
	    "tasks/k2/k2y.yaml\n"
	    "100644 e69de29bb2d1d6434b8b29ae775ad8c2e48c5391 1\t"
	    "tasks/k2/k2y.yaml\n"
	    "100644 e69de29bb2d1d6434b8b29ae775ad8c2e48c5391 2\t"
	    "tasks/k2/k2y.yaml\n"
	    "EOF");
}

static void
skip_worktree_at_a_changed_path_is_left_to_libgit2(void **state)
{
	left_to_libgit2(*state,
	    "git update-index --skip-worktree tasks/k2/k2y.yaml");
}

static void
a_file_where_a_directory_goes_is_left_to_libgit2(void **state)
{
	/* The index has tasks/k2/k2y.yaml/old where a file goes. */
	left_to_libgit2(*state, "git rm -q --cached tasks/k2/k2y.yaml && "
	    "git update-index --add --cacheinfo "
	    "100644,e69de29bb2d1d6434b8b29ae775ad8c2e48c5391,"
	    "tasks/k2/k2y.yaml/old");
}

static void
a_held_lock_is_left_to_libgit2(void **state)
{
	struct repo_fixture *f = *state;
	const struct bops_error *err;

	left_to_libgit2(f, ": >.git/index.lock");
	err = bops_repo_index_set(f->repo, f->head,
	    (const char *[]){ "tasks/k2/k2y.yaml" }, 1, NULL);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_GIT);
	assert_non_null(strstr(err->msg, "the index is locked"));
}

static void
a_bad_checksum_is_left_to_libgit2(void **state)
{
	struct repo_fixture *f = *state;
	const struct bops_error *err;

	/* A byte of the first entry's ctime flipped. */
	left_to_libgit2(f, "printf '\\377' | dd of=.git/index bs=1 seek=13 "
	    "conv=notrunc");
	err = bops_repo_index_set(f->repo, f->head,
	    (const char *[]){ "tasks/k2/k2y.yaml" }, 1, NULL);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_GIT);
}

static void
no_index_is_left_to_libgit2(void **state)
{
	struct repo_fixture *f = *state;

	left_to_libgit2(f, "rm .git/index");
	assert_null(bops_repo_index_set(f->repo, f->head,
	    (const char *[]){ "tasks/k2/k2y.yaml" }, 1, NULL));
}

/*
 * An entry whose file changed in the second the old index was written,
 * with the same size and mtime: in a newer index git would trust its
 * stat data, so it is written with size 0 and git looks at the content.
 */
static void
racily_clean_entries_are_smudged(void **state)
{
	static const struct bops_change ch[] = {
		{ "tasks/p3/p3z.yaml", "id: p3z\nn: 1\n", 13, 0 },
	};
	struct repo_fixture *f = *state;
	struct bops_buf out = BOPS_BUF_INIT;
	const char *paths[1];
	struct stat st[1];
	bool done = false;

	base(f);
	assert_int_equal(run(NULL, "cd '%s' && export GIT_CONFIG_NOSYSTEM=1 "
	    "GIT_CONFIG_GLOBAL=/dev/null GIT_OPTIONAL_LOCKS=0 && "
	    "git config core.trustctime false && touch -d @1700000000 "
	    "tasks/d1/d1x.yaml tasks/k2/k2y.yaml "
	    "&& git update-index --refresh >/dev/null && "
	    "printf 'id: d1y\\n' >tasks/d1/d1x.yaml && "
	    "touch -d @1700000000 tasks/d1/d1x.yaml .git/index", f->ws), 0);
	/* git sees the edit, and writes no index that would smudge it. */
	assert_int_equal(run(&out, "GIT_OPTIONAL_LOCKS=0 " GIT "'%s' status "
	    "--porcelain --untracked-files=no", f->ws), 0);
	assert_string_equal(out.ptr, " M tasks/d1/d1x.yaml\n");
	commit_files(f, ch, 1, paths, st);
	assert_null(bops_repo_index_set_direct(&done, f->repo, f->head, paths,
	    1, st));
	assert_true(done);
	/* The edited one is smudged, the unchanged one is not. */
	assert_int_equal(run(&out, GIT "'%s' ls-files --debug "
	    "tasks/d1/d1x.yaml tasks/k2/k2y.yaml | grep size: | cut -f1",
	    f->ws), 0);
	assert_string_equal(out.ptr, "  size: 0\n  size: 8\n");
	assert_int_equal(run(&out, GIT "'%s' status --porcelain "
	    "--untracked-files=no", f->ws), 0);
	assert_string_equal(out.ptr, " M tasks/d1/d1x.yaml\n");
	bops_buf_release(&out);
}

/* git's resolve-undo records (REUC) of another path are kept. */
static void
resolve_undo_is_kept(void **state)
{
	static const struct bops_change ch[] = {
		{ "tasks/p3/p3z.yaml", "id: p3z\nn: 4\n", 13, 0 },
	};
	struct repo_fixture *f = *state;
	struct bops_buf before = BOPS_BUF_INIT, after = BOPS_BUF_INIT;
	const char *paths[1];
	struct stat st[1];
	bool done = false;

	base(f);
	assert_int_equal(run(NULL, "cd '%s' && export GIT_CONFIG_NOSYSTEM=1 "
	    "GIT_CONFIG_GLOBAL=/dev/null && h=$(git rev-parse HEAD:bops.yaml) "
	    "&& printf '0 %%040d\tbops.yaml\n100644 %%s 1\tbops.yaml\n"
	    "100644 %%s 2\tbops.yaml\n' 0 $h $h | git update-index "
	    "--index-info && git add bops.yaml", f->ws), 0);
	assert_int_equal(run(&before, GIT "'%s' ls-files --resolve-undo",
	    f->ws), 0);
	assert_string_not_equal(before.ptr, "");
	commit_files(f, ch, 1, paths, st);
	assert_null(bops_repo_index_set_direct(&done, f->repo, f->head, paths,
	    1, st));
	assert_true(done);
	assert_int_equal(run(&after, GIT "'%s' ls-files --resolve-undo",
	    f->ws), 0);
	assert_string_equal(after.ptr, before.ptr);
	assert_status_clean(f);
	bops_buf_release(&before);
	bops_buf_release(&after);
}

/* After a direct write, libgit2's index in memory is read again. */
static void
libgit2_reads_the_direct_write(void **state)
{
	static const struct bops_change one[] = {
		{ "tasks/a0/a0a.yaml", "id: a0a\n", 8, 0 },
	};
	static const struct bops_change two[] = {
		{ "tasks/b0/b0b.yaml", "id: b0b\n", 8, 0 },
	};
	struct repo_fixture *f = *state;
	struct bops_buf out = BOPS_BUF_INIT;
	const char *paths[1];
	struct stat st[1];
	bool done = false;

	base(f);
	/* libgit2's index loaded. */
	assert_null(bops_repo_index_set_general(f->repo, f->head,
	    (const char *[]){ "bops.yaml" }, 1, NULL));
	commit_files(f, one, 1, paths, st);
	assert_null(bops_repo_index_set_direct(&done, f->repo, f->head, paths,
	    1, st));
	assert_true(done);
	commit_files(f, two, 1, paths, st);
	assert_null(bops_repo_index_set_general(f->repo, f->head, paths, 1,
	    st));
	assert_int_equal(run(&out, GIT "'%s' ls-files tasks", f->ws), 0);
	assert_string_equal(out.ptr, "tasks/a0/a0a.yaml\ntasks/b0/b0b.yaml\n"
	    "tasks/d1/d1x.yaml\ntasks/k2/k2y.yaml\ntasks/p3/p3z.yaml\n");
	assert_status_clean(f);
	bops_buf_release(&out);
}

/*
 * The checksum checked beforehand on another processor
 * (bops_repo_index_prepare): the same index as without, clean.
 */
static void
a_prepared_check_gives_the_same_index(void **state)
{
	static const struct bops_change ch[] = {
		{ "tasks/k2/k2y.yaml", "id: k2y\nn: 5\n", 13, 0 },
		{ "tasks/c9/c9c.yaml", "id: c9c\n", 8, 0 },
	};
	struct repo_fixture *f = *state;
	struct bops_buf out = BOPS_BUF_INIT;
	const char *paths[2];
	struct stat st[2];
	bool done = false;

	base(f);
	bops_repo_index_prepare(f->repo);
	commit_files(f, ch, 2, paths, st);
	assert_null(bops_repo_index_set_direct(&done, f->repo, f->head, paths,
	    2, st));
	assert_true(done);
	assert_status_clean(f);
	assert_int_equal(run(&out, GIT "'%s' ls-files tasks", f->ws), 0);
	assert_string_equal(out.ptr, "tasks/c9/c9c.yaml\ntasks/d1/d1x.yaml\n"
	    "tasks/k2/k2y.yaml\ntasks/p3/p3z.yaml\n");
	/* Prepared and never used: closing the repository waits for it. */
	bops_repo_index_prepare(f->repo);
	bops_buf_release(&out);
}

/*
 * A check counts only for the file it read: an index damaged after it,
 * replaced by another file or changed in place, is found out, left as
 * it is, and reported by libgit2.
 */
static void
prepared_then_damaged(struct repo_fixture *f, const char *cmd)
{
	static const struct bops_change ch[] = {
		{ "tasks/k2/k2y.yaml", "id: k2y\nn: 7\n", 13, 0 },
	};
	struct bops_buf before = BOPS_BUF_INIT, after = BOPS_BUF_INIT;
	const struct bops_error *err;
	const char *paths[1];
	struct stat st[1];
	bool done = true;

	base(f);
	commit_files(f, ch, 1, paths, st);
	bops_repo_index_prepare(f->repo);
	/* Past the clock tick of the check's look at the file. */
	usleep(50 * 1000);
	assert_int_equal(run(NULL, "cd '%s' && { %s\n} >/dev/null 2>&1",
	    f->ws, cmd), 0);
	assert_int_equal(run(&before, "od -c <'%s/.git/index'", f->ws), 0);
	assert_null(bops_repo_index_set_direct(&done, f->repo, f->head, paths,
	    1, st));
	assert_false(done);
	assert_int_equal(run(&after, "od -c <'%s/.git/index'", f->ws), 0);
	assert_string_equal(before.ptr, after.ptr);
	err = bops_repo_index_set(f->repo, f->head, paths, 1, st);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_GIT);
	bops_buf_release(&before);
	bops_buf_release(&after);
}

static void
a_check_counts_only_for_the_file_it_read(void **state)
{
	prepared_then_damaged(*state, "cp .git/index i && printf '\\377' | "
	    "dd of=i bs=1 seek=13 conv=notrunc && mv i .git/index");
}

static void
a_check_counts_not_for_a_change_in_place(void **state)
{
	prepared_then_damaged(*state, "printf '\\377' | dd of=.git/index "
	    "bs=1 seek=13 conv=notrunc");
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, repo_setup, \
    repo_teardown)
	const struct CMUnitTest tests[] = {
		T(direct_update_agrees_with_libgit2),
		T(version_4_is_left_to_libgit2),
		T(a_split_index_is_left_to_libgit2),
		T(a_conflict_at_a_changed_path_is_left_to_libgit2),
		T(skip_worktree_at_a_changed_path_is_left_to_libgit2),
		T(a_file_where_a_directory_goes_is_left_to_libgit2),
		T(a_held_lock_is_left_to_libgit2),
		T(a_bad_checksum_is_left_to_libgit2),
		T(no_index_is_left_to_libgit2),
		T(racily_clean_entries_are_smudged),
		T(resolve_undo_is_kept),
		T(libgit2_reads_the_direct_write),
		T(a_prepared_check_gives_the_same_index),
		T(a_check_counts_only_for_the_file_it_read),
		T(a_check_counts_not_for_a_change_in_place),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
