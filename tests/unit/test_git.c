#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <limits.h>
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
#include "text.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define EMPTY_BLOB "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"

static const struct bops_sig sig = {
	"Ada Lovelace", "ada@example.com", 1700000000
};

#include "sandbox.h"

static void
assert_fsck_clean(const struct repo_fixture *f)
{
	assert_int_equal(run(NULL, GIT "'%s' fsck --strict --no-progress "
	    ">/dev/null 2>&1", f->ws), 0);
}

/* The directory part of path, in place (path is changed). */
static char *
dirname_of(char *path)
{
	*strrchr(path, '/') = '\0';
	return path;
}

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

static void
remove_file(const struct repo_fixture *f, const char *path)
{
	char full[PATH_MAX];

	snprintf(full, sizeof(full), "%s/%s", f->ws, path);
	assert_int_equal(unlink(full), 0);
}

static void
commit_at(struct repo_fixture *f, const char *parent,
    const struct bops_change *changes, size_t n, const char *message,
    int64_t when, char out[BOPS_OID_HEXSZ + 1])
{
	struct bops_sig s = sig;
	const struct bops_error *err;

	s.when = when;
	err = bops_repo_commit(f->repo, "refs/heads/main", parent, changes,
	    n, message, &s, out);
	if (err != NULL)
		fail_msg("commit: %s", err->msg);
	assert_int_equal(strlen(out), BOPS_OID_HEXSZ);
}

static void
commit(struct repo_fixture *f, const char *parent,
    const struct bops_change *changes, size_t n,
    char out[BOPS_OID_HEXSZ + 1])
{
	commit_at(f, parent, changes, n, "test commit", sig.when, out);
}

static void
assert_head(struct repo_fixture *f, const char *hex)
{
	struct bops_buf ref = BOPS_BUF_INIT;
	char head[BOPS_OID_HEXSZ + 1];

	assert_null(bops_repo_head(f->repo, head, &ref));
	assert_string_equal(ref.ptr, "refs/heads/main");
	assert_string_equal(head, hex);
	bops_buf_release(&ref);
}

static void
entry_id(struct repo_fixture *f, const char *commit_hex, const char *path,
    char out[BOPS_OID_HEXSZ + 1])
{
	assert_null(bops_repo_entry_id(f->repo, commit_hex, path, out));
}

#define CH(p, d) { .path = (p), .data = (d), .len = sizeof(d) - 1 }
#define RM(p) { .path = (p), .data = NULL, .len = 0 }

static void
init_creates_unborn_main_and_reinit_opens_it(void **state)
{
	struct repo_fixture *f = *state;
	struct bops_repo *again = NULL;
	struct bops_buf out = BOPS_BUF_INIT;
	char real[PATH_MAX], want[PATH_MAX + 8], nested[160];
	bool created = true;

	assert_head(f, "");
	assert_non_null(realpath(f->ws, real));
	snprintf(want, sizeof(want), "%s/", real);
	assert_string_equal(bops_repo_workdir(f->repo), want);
	snprintf(want, sizeof(want), "%s/.git/", real);
	assert_string_equal(bops_repo_gitdir(f->repo), want);
	assert_int_equal(run(&out, GIT "'%s' symbolic-ref HEAD", f->ws), 0);
	assert_string_equal(out.ptr, "refs/heads/main\n");
	assert_int_equal(run(NULL, GIT "'%s' rev-parse --is-bare-repository"
	    " | grep -qx false", f->ws), 0);

	assert_null(bops_repo_init(&again, f->ws, &created));
	assert_false(created);
	assert_non_null(again);
	bops_repo_close(again);

	/* Missing parent directories are made. */
	snprintf(nested, sizeof(nested), "%s/a/b/c", f->dir);
	assert_null(bops_repo_init(&again, nested, &created));
	assert_true(created);
	bops_repo_close(again);
	bops_buf_release(&out);
}

static void
open_needs_a_non_bare_repository(void **state)
{
	static const struct {
		const char *name;
		const char *make;	/* shell command run in the dir */
		enum bops_error_code code;
		const char *msg;
	} rows[] = {
		{ "plain", "mkdir plain", BOPS_ERR_NO_WORKSPACE,
		    "not a git repository: '" },
		{ "absent", "true", BOPS_ERR_NO_WORKSPACE,
		    "not a git repository: '" },
		{ "bare", "git init -q --bare bare", BOPS_ERR_GIT,
		    "git: open '" },
		/* Not the repository of a parent directory. */
		{ "ws/sub", "mkdir ws/sub", BOPS_ERR_NO_WORKSPACE,
		    "not a git repository: '" },
		{ "ws", "true", BOPS_ERR_NONE, NULL },
	};
	struct repo_fixture *f = *state;
	const struct bops_error *err;
	struct bops_repo *repo;
	char path[160];
	size_t i;

	for (i = 0; i < N(rows); i++) {
		assert_int_equal(run(NULL, "cd '%s' && %s", f->dir,
		    rows[i].make), 0);
		snprintf(path, sizeof(path), "%s/%s", f->dir, rows[i].name);
		repo = (struct bops_repo *)&repo;
		err = bops_repo_open(&repo, path);
		if (rows[i].code == BOPS_ERR_NONE) {
			assert_null(err);
			assert_non_null(repo);
			bops_repo_close(repo);
			continue;
		}
		assert_non_null(err);
		assert_null(repo);
		assert_string_equal(bops_error_name(err->code),
		    bops_error_name(rows[i].code));
		assert_non_null(strstr(err->msg, rows[i].msg));
		assert_non_null(strstr(err->msg, path));
	}
}

static void
commit_writes_nested_paths_and_reads_them_back(void **state)
{
	static const struct bops_change changes[] = {
		CH("tasks/7k/7kq3.yaml", "id: 7kq3\ntitle: ship it\n"),
		CH("bops.yaml", "version: 1\n"),
	};
	struct repo_fixture *f = *state;
	struct bops_buf content = BOPS_BUF_INIT, out = BOPS_BUF_INIT;
	struct bops_blob_reader *reader = NULL;
	const struct bops_error *err;
	char c1[BOPS_OID_HEXSZ + 1], blob[BOPS_OID_HEXSZ + 1];
	char hash[BOPS_OID_HEXSZ + 1], id[BOPS_OID_HEXSZ + 1];
	size_t i;

	commit(f, "", changes, N(changes), c1);
	assert_head(f, c1);

	for (i = 0; i < N(changes); i++) {
		bops_buf_reset(&content);
		assert_null(bops_repo_read(f->repo, c1, changes[i].path,
		    &content, blob));
		assert_string_equal(content.ptr, changes[i].data);
		bops_repo_hash(changes[i].data, changes[i].len, hash);
		assert_string_equal(blob, hash);
		entry_id(f, c1, changes[i].path, id);
		assert_string_equal(id, blob);

		/* The git binary sees the same bytes. */
		assert_int_equal(run(&out, GIT "'%s' cat-file blob '%s:%s'",
		    f->ws, c1, changes[i].path), 0);
		assert_string_equal(out.ptr, changes[i].data);

		/* Content NULL: only the id. */
		assert_null(bops_repo_read(f->repo, c1, changes[i].path, NULL,
		    blob));
		assert_string_equal(blob, hash);

		bops_buf_reset(&content);
		assert_null(bops_repo_read_blob(f->repo, hash, &content));
		assert_string_equal(content.ptr, changes[i].data);
	}

	/* The root and the directories along the path. */
	entry_id(f, c1, "", id);
	assert_int_equal(run(&out, GIT "'%s' rev-parse '%s^{tree}'", f->ws, c1),
	    0);
	assert_memory_equal(out.ptr, id, BOPS_OID_HEXSZ);
	entry_id(f, c1, "tasks/7k", id);
	assert_int_equal(run(&out, GIT "'%s' rev-parse '%s:tasks/7k'", f->ws,
	    c1), 0);
	assert_memory_equal(out.ptr, id, BOPS_OID_HEXSZ);
	entry_id(f, c1, "tasks/zz", id);
	assert_string_equal(id, "");
	entry_id(f, "", "tasks", id);
	assert_string_equal(id, "");

	/* Reading something that is not a committed file. */
	err = bops_repo_read(f->repo, c1, "tasks/7k/nope.yaml", &content,
	    blob);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_NOT_FOUND);
	assert_non_null(strstr(err->msg, "'tasks/7k/nope.yaml'"));
	assert_string_equal(blob, "");
	err = bops_repo_read(f->repo, c1, "tasks/7k", NULL, NULL);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_NOT_FOUND);
	err = bops_repo_read(f->repo, "", "bops.yaml", NULL, blob);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_NOT_FOUND);
	assert_non_null(strstr(err->msg, "'bops.yaml'"));
	err = bops_repo_read_blob(f->repo, EMPTY_BLOB, &content);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_NOT_FOUND);

	/* A reader of its own reads the same bytes and misses the same. */
	assert_null(bops_blob_reader_new(&reader, f->repo));
	for (i = 0; i < N(changes); i++) {
		bops_buf_reset(&content);
		bops_repo_hash(changes[i].data, changes[i].len, hash);
		assert_null(bops_blob_reader_read(reader, hash, &content));
		assert_string_equal(content.ptr, changes[i].data);
	}
	err = bops_blob_reader_read(reader, EMPTY_BLOB, &content);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_NOT_FOUND);
	entry_id(f, c1, "tasks/7k", id);	/* a tree, not a blob */
	err = bops_blob_reader_read(reader, id, &content);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_NOT_FOUND);
	bops_blob_reader_free(reader);

	/* Author and committer are sig; nothing else was touched. */
	assert_int_equal(run(&out, GIT "'%s' log -1 --date=raw --format='%%an|"
	    "%%ae|%%ad|%%cn|%%ce|%%cd|%%s' '%s'", f->ws, c1), 0);
	assert_string_equal(out.ptr, "Ada Lovelace|ada@example.com|"
	    "1700000000 +0000|Ada Lovelace|ada@example.com|1700000000 +0000|"
	    "test commit\n");
	assert_int_equal(run(&out, "ls -A '%s'", f->ws), 0);
	assert_string_equal(out.ptr, ".git\n");
	assert_fsck_clean(f);
	bops_buf_release(&content);
	bops_buf_release(&out);
}

static void
commit_reuses_the_trees_it_does_not_change(void **state)
{
	static const struct bops_change first[] = {
		CH("tasks/7k/7kq3.yaml", "id: 7kq3\n"),
		CH("tasks/8z/8z01.yaml", "id: 8z01\n"),
		CH("okrs/o1.yaml", "id: o1\n"),
		CH("bops.yaml", "version: 1\n"),
	};
	static const struct bops_change second[] = {
		CH("tasks/7k/7kq3.yaml", "id: 7kq3\nstatus: done\n"),
	};
	static const struct {
		const char *path;
		bool same;
	} rows[] = {
		{ "", false },
		{ "tasks", false },
		{ "tasks/7k", false },
		{ "tasks/7k/7kq3.yaml", false },
		{ "tasks/8z", true },
		{ "tasks/8z/8z01.yaml", true },
		{ "okrs", true },
		{ "bops.yaml", true },
	};
	struct repo_fixture *f = *state;
	char c1[BOPS_OID_HEXSZ + 1], c2[BOPS_OID_HEXSZ + 1];
	char a[BOPS_OID_HEXSZ + 1], b[BOPS_OID_HEXSZ + 1];
	size_t i;

	commit(f, "", first, N(first), c1);
	commit(f, c1, second, N(second), c2);
	assert_head(f, c2);
	for (i = 0; i < N(rows); i++) {
		entry_id(f, c1, rows[i].path, a);
		entry_id(f, c2, rows[i].path, b);
		assert_int_equal(strlen(a), BOPS_OID_HEXSZ);
		assert_int_equal(strlen(b), BOPS_OID_HEXSZ);
		if (rows[i].same)
			assert_string_equal(a, b);
		else
			assert_string_not_equal(a, b);
	}
	assert_fsck_clean(f);
}

static void
commit_deletes_paths_and_drops_empty_directories(void **state)
{
	static const struct bops_change first[] = {
		CH("tasks/7k/7kq3.yaml", "id: 7kq3\n"),
		CH("tasks/7k/7kaa.yaml", "id: 7kaa\n"),
		CH("tasks/8z/8z01.yaml", "id: 8z01\n"),
	};
	static const struct bops_change second[] = {
		RM("tasks/7k/7kq3.yaml"),
		RM("tasks/8z/8z01.yaml"),
	};
	static const struct bops_change absent[] = {
		RM("tasks/7k/7kq3.yaml"),
		RM("tasks/7k/nope.yaml"),
		RM("nodir/nope.yaml"),
	};
	struct repo_fixture *f = *state;
	struct bops_buf out = BOPS_BUF_INIT;
	const struct bops_error *err;
	char c1[BOPS_OID_HEXSZ + 1], c2[BOPS_OID_HEXSZ + 1];
	char c3[BOPS_OID_HEXSZ + 1], id[BOPS_OID_HEXSZ + 1];
	char id3[BOPS_OID_HEXSZ + 1];

	commit(f, "", first, N(first), c1);
	commit(f, c1, second, N(second), c2);
	err = bops_repo_read(f->repo, c2, "tasks/7k/7kq3.yaml", NULL, id);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_NOT_FOUND);
	assert_null(bops_repo_read(f->repo, c1, "tasks/7k/7kq3.yaml", NULL,
	    id));
	entry_id(f, c2, "tasks/8z", id);
	assert_string_equal(id, "");
	assert_int_equal(run(&out, GIT "'%s' ls-tree -r -t --name-only '%s'",
	    f->ws, c2), 0);
	assert_string_equal(out.ptr, "tasks\ntasks/7k\ntasks/7k/7kaa.yaml\n");

	/* Deleting what is not there changes nothing. */
	commit(f, c2, absent, N(absent), c3);
	entry_id(f, c2, "", id);
	entry_id(f, c3, "", id3);
	assert_string_equal(id, id3);
	assert_fsck_clean(f);
	bops_buf_release(&out);
}

static void
commit_refuses_a_stale_parent(void **state)
{
	static const struct bops_change one[] = { CH("a.yaml", "n: 1\n") };
	static const struct bops_change two[] = { CH("a.yaml", "n: 2\n") };
	static const struct bops_change three[] = { CH("a.yaml", "n: 3\n") };
	struct repo_fixture *f = *state;
	const struct bops_error *err;
	char c1[BOPS_OID_HEXSZ + 1], c2[BOPS_OID_HEXSZ + 1];
	char c3[BOPS_OID_HEXSZ + 1];
	struct bops_buf out = BOPS_BUF_INIT;
	const char *parents[] = { "", NULL };
	size_t i;

	commit(f, "", one, N(one), c1);
	commit(f, c1, two, N(two), c2);
	parents[1] = c1;
	for (i = 0; i < N(parents); i++) {
		err = bops_repo_commit(f->repo, "refs/heads/main", parents[i],
		    three, N(three), "late", &sig, c3);
		assert_non_null(err);
		assert_int_equal(err->code, BOPS_ERR_REFUSED);
		assert_non_null(strstr(err->msg, "'refs/heads/main'"));
		assert_string_equal(c3, "");
		assert_head(f, c2);
	}

	/* A branch that does not exist does not point at c1 either. */
	err = bops_repo_commit(f->repo, "refs/heads/other", c1, three,
	    N(three), "late", &sig, c3);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
	assert_int_equal(run(NULL, GIT "'%s' rev-parse -q --verify "
	    "refs/heads/other >/dev/null", f->ws), 1);

	/* The branch's reflog has the two real commits only. */
	assert_int_equal(run(&out, GIT "'%s' reflog show --format=%%gs "
	    "refs/heads/main", f->ws), 0);
	assert_string_equal(out.ptr, "commit: test commit\n"
	    "commit (initial): test commit\n");
	assert_fsck_clean(f);
	bops_buf_release(&out);
}

static void
commit_reports_libgit2_failures(void **state)
{
	static const struct bops_change bad[] = { CH("../x.yaml", "n: 1\n") };
	struct repo_fixture *f = *state;
	const struct bops_error *err;
	char c1[BOPS_OID_HEXSZ + 1];

	err = bops_repo_commit(f->repo, "refs/heads/main", "", bad, N(bad),
	    "bad", &sig, c1);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_GIT);
	assert_non_null(strstr(err->msg, "git: write tree: "));
	/* libgit2's own words follow. */
	assert_true(strlen(err->msg) > strlen("git: write tree: "));
	assert_string_equal(c1, "");
	assert_head(f, "");

	err = bops_repo_commit(f->repo, "refs/heads/main", "not-hex", bad,
	    N(bad), "bad", &sig, c1);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_GIT);
	assert_non_null(strstr(err->msg, "'not-hex'"));
}

/* The lstat data of the work-tree files of paths, into st. */
static void
lstat_all(const struct repo_fixture *f, const char *const *paths, size_t n,
    struct stat *st)
{
	char full[PATH_MAX];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(full, sizeof(full), "%s/%s", f->ws, paths[i]);
		if (lstat(full, &st[i]) == -1)
			memset(&st[i], 0, sizeof(st[i]));
	}
}

static void
index_set_leaves_git_status_clean(void **state)
{
	static const struct bops_change first[] = {
		CH("tasks/7k/7kq3.yaml", "id: 7kq3\n"),
		CH("bops.yaml", "version: 1\n"),
	};
	static const struct bops_change second[] = {
		RM("tasks/7k/7kq3.yaml"),
		CH("bops.yaml", "version: 2\n"),
	};
	static const char *const paths[] = {
		"tasks/7k/7kq3.yaml", "bops.yaml",
	};
	struct repo_fixture *f = *state;
	struct bops_buf out = BOPS_BUF_INIT;
	char c1[BOPS_OID_HEXSZ + 1], c2[BOPS_OID_HEXSZ + 1];
	struct stat st[N(paths)];

	commit(f, "", first, N(first), c1);
	write_file(f, "tasks/7k/7kq3.yaml", "id: 7kq3\n");
	write_file(f, "bops.yaml", "version: 1\n");
	assert_int_equal(run(&out, GIT "'%s' status --porcelain", f->ws), 0);
	assert_string_not_equal(out.ptr, "");
	lstat_all(f, paths, N(paths), st);
	assert_null(bops_repo_index_set(f->repo, c1, paths, N(paths), st));
	assert_int_equal(run(&out, GIT "'%s' status --porcelain", f->ws), 0);
	assert_string_equal(out.ptr, "");

	/* The user's staged work survives a later update. */
	write_file(f, "notes.txt", "mine\n");
	assert_int_equal(run(NULL, GIT "'%s' add notes.txt", f->ws), 0);
	commit(f, c1, second, N(second), c2);
	remove_file(f, "tasks/7k/7kq3.yaml");
	write_file(f, "bops.yaml", "version: 2\n");
	lstat_all(f, paths, N(paths), st);
	assert_null(bops_repo_index_set(f->repo, c2, paths, N(paths), st));
	assert_int_equal(run(&out, GIT "'%s' status --porcelain "
	    "--untracked-files=all", f->ws), 0);
	assert_string_equal(out.ptr, "A  notes.txt\n");

	/* Without stat data git looks at the content: an edit shows. */
	write_file(f, "bops.yaml", "version: 3\n");
	assert_null(bops_repo_index_reset(f->repo, c2, paths, N(paths)));
	assert_int_equal(run(&out, GIT "'%s' status --porcelain "
	    "--untracked-files=no", f->ws), 0);
	assert_string_equal(out.ptr, " M bops.yaml\nA  notes.txt\n");
	assert_fsck_clean(f);
	bops_buf_release(&out);
}

static const struct bops_error *
walk_cb(const char *path, const char *hex, unsigned mode, void *arg)
{
	bops_buf_printf(arg, "%s %o\n", path, mode);
	return NULL;
}

static const struct bops_error *
file_cb(const char *path, const char *hex, void *arg)
{
	bops_buf_printf(arg, "%s\n", path);
	return NULL;
}

static void
links_and_submodules_keep_their_modes(void **state)
{
	struct repo_fixture *f = *state;
	char c1[BOPS_OID_HEXSZ + 1], c2[BOPS_OID_HEXSZ + 1];
	char hex[BOPS_OID_HEXSZ + 1], full[PATH_MAX];
	struct bops_buf out = BOPS_BUF_INIT;
	const struct bops_error *err;
	const char *paths[3] = { "notes/latest", "bin/run", "vendor/lib" };
	struct bops_change ch[3];
	struct stat st[3];
	unsigned mode;

	commit(f, "", NULL, 0, c1);
	ch[0] = (struct bops_change){ .path = "notes/latest",
	    .data = "../tasks", .len = 8, .mode = BOPS_MODE_LINK };
	ch[1] = (struct bops_change){ .path = "bin/run",
	    .data = "#!/bin/sh\n", .len = 10, .mode = BOPS_MODE_EXEC };
	ch[2] = (struct bops_change){ .path = "vendor/lib", .data = c1,
	    .len = BOPS_OID_HEXSZ, .mode = BOPS_MODE_GITLINK };
	commit(f, c1, ch, N(ch), c2);
	assert_int_equal(run(&out, GIT "'%s' ls-tree -r HEAD | cut -c1-6 | "
	    "tr '\\n' ' '", f->ws), 0);
	assert_string_equal(out.ptr, "100755 120000 160000 ");
	assert_null(bops_repo_entry_mode(f->repo, c2, "notes/latest", hex,
	    &mode));
	assert_int_equal(mode, BOPS_MODE_LINK);
	assert_null(bops_repo_entry_mode(f->repo, c2, "nope", hex, &mode));
	assert_int_equal(mode, 0);
	assert_string_equal(hex, "");

	/* A link is no file: its target is not read as content. */
	err = bops_repo_read(f->repo, c2, "notes/latest", &out, NULL);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_INVALID);
	assert_string_equal(err->msg, "notes/latest: a symbolic link, not a "
	    "regular file");
	err = bops_repo_read(f->repo, c2, "vendor/lib", &out, NULL);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_INVALID);

	/* Listing files leaves them out; a walk shows everything. */
	bops_buf_reset(&out);
	assert_null(bops_repo_list(f->repo, c2, "", file_cb, &out));
	assert_string_equal(out.ptr, "bin/run\n");
	bops_buf_reset(&out);
	assert_null(bops_repo_walk(f->repo, c2, "", walk_cb, &out));
	assert_string_equal(out.ptr, "bin 40000\nbin/run 100755\n"
	    "notes 40000\nnotes/latest 120000\nvendor 40000\n"
	    "vendor/lib 160000\n");
	bops_buf_reset(&out);
	assert_null(bops_repo_walk(f->repo, c2, "notes", walk_cb, &out));
	assert_string_equal(out.ptr, "notes/latest 120000\n");

	/* The work tree as git checks it out: the index follows. */
	write_file(f, "bin/run", "#!/bin/sh\n");
	snprintf(full, sizeof(full), "%s/bin/run", f->ws);
	assert_int_equal(chmod(full, 0755), 0);
	snprintf(full, sizeof(full), "%s/notes/latest", f->ws);
	assert_int_equal(mkdir(dirname_of(full), 0777), 0);
	snprintf(full, sizeof(full), "%s/notes/latest", f->ws);
	assert_int_equal(symlink("../tasks", full), 0);
	snprintf(full, sizeof(full), "%s/vendor/lib", f->ws);
	assert_int_equal(mkdir(dirname_of(full), 0777), 0);
	snprintf(full, sizeof(full), "%s/vendor/lib", f->ws);
	assert_int_equal(mkdir(full, 0777), 0);
	lstat_all(f, paths, N(paths), st);
	assert_null(bops_repo_index_set(f->repo, c2, paths, N(paths), st));
	assert_int_equal(run(&out, GIT "'%s' status --porcelain", f->ws), 0);
	assert_string_equal(out.ptr, "");
	assert_int_equal(run(&out, GIT "'%s' ls-files -s | cut -c1-6 | "
	    "tr '\\n' ' '", f->ws), 0);
	assert_string_equal(out.ptr, "100755 120000 160000 ");
	bops_buf_release(&out);
}

static void
worktree_differs_compares_bytes_with_the_blob(void **state)
{
	static const struct bops_change first[] = {
		CH("tasks/same.yaml", "n: 1\n"),
		CH("tasks/edited.yaml", "n: 1\n"),
		CH("tasks/gone.yaml", "n: 1\n"),
	};
	static const struct {
		const char *path;
		const char *file;	/* work-tree content, NULL: none */
		bool committed;
		bool differs;
	} rows[] = {
		{ "tasks/same.yaml", "n: 1\n", true, false },
		{ "tasks/edited.yaml", "n: 2\n", true, true },
		{ "tasks/gone.yaml", NULL, true, true },
		{ "tasks/new.yaml", "n: 1\n", false, true },
		{ "tasks/never.yaml", NULL, false, false },
		{ "nodir/never.yaml", NULL, false, false },
		/* Neither opened nor followed: they differ. */
		{ "tasks/link.yaml", NULL, true, true },
		{ "tasks/fifo.yaml", NULL, true, true },
		{ "tasks/dir.yaml", NULL, true, true },
		{ "tasks/longer.yaml", "n: 1\nmore\n", true, true },
	};
	static const struct bops_change more[] = {
		CH("tasks/link.yaml", "n: 1\n"),
		CH("tasks/fifo.yaml", "n: 1\n"),
		CH("tasks/dir.yaml", "n: 1\n"),
		CH("tasks/longer.yaml", "n: 1\n"),
	};
	struct repo_fixture *f = *state;
	char c1[BOPS_OID_HEXSZ + 1], c2[BOPS_OID_HEXSZ + 1];
	char blob[BOPS_OID_HEXSZ + 1], full[PATH_MAX];
	const struct bops_error *err;
	bool differs;
	size_t i;

	commit(f, "", first, N(first), c2);
	commit(f, c2, more, N(more), c1);
	for (i = 0; i < N(rows); i++)
		if (rows[i].file != NULL)
			write_file(f, rows[i].path, rows[i].file);
	write_file(f, "canary", "n: 1\n");
	snprintf(full, sizeof(full), "%s/tasks/link.yaml", f->ws);
	assert_int_equal(symlink("../canary", full), 0);
	snprintf(full, sizeof(full), "%s/tasks/fifo.yaml", f->ws);
	assert_int_equal(mkfifo(full, 0644), 0);
	snprintf(full, sizeof(full), "%s/tasks/dir.yaml", f->ws);
	assert_int_equal(mkdir(full, 0755), 0);
	for (i = 0; i < N(rows); i++) {
		blob[0] = '\0';
		if (rows[i].committed)
			assert_null(bops_repo_read(f->repo, c1, rows[i].path,
			    NULL, blob));
		differs = !rows[i].differs;
		assert_null(bops_repo_worktree_differs(&differs, f->repo,
		    rows[i].path, blob));
		if (differs != rows[i].differs)
			fail_msg("%s: differs %d", rows[i].path, differs);
	}

	/* A link is the same when the work tree holds that link. */
	bops_repo_hash("../canary", 9, blob);
	assert_null(bops_repo_worktree_differs_mode(&differs, f->repo,
	    "tasks/link.yaml", blob, BOPS_MODE_LINK));
	assert_false(differs);
	bops_repo_hash("../other", 8, blob);
	assert_null(bops_repo_worktree_differs_mode(&differs, f->repo,
	    "tasks/link.yaml", blob, BOPS_MODE_LINK));
	assert_true(differs);
	assert_null(bops_repo_worktree_differs_mode(&differs, f->repo,
	    "tasks/dir.yaml", c1, BOPS_MODE_GITLINK));
	assert_false(differs);

	/* A link on the way is refused, not followed. */
	snprintf(full, sizeof(full), "%s/linked", f->ws);
	assert_int_equal(symlink("tasks", full), 0);
	err = bops_repo_worktree_differs(&differs, f->repo, "linked/same.yaml",
	    blob);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
}

struct listed {
	struct bops_buf text;
	const struct bops_change *files;
	size_t nfiles;
	int calls;
	int stop_after;		/* 0: never */
};

static const struct bops_error *
list_cb(const char *path, const char *blob_hex, void *arg)
{
	struct listed *l = arg;
	char hex[BOPS_OID_HEXSZ + 1];
	size_t i;

	/* The id is the blob of the file committed at that path. */
	for (i = 0; i < l->nfiles; i++)
		if (strcmp(l->files[i].path, path) == 0)
			break;
	if (i == l->nfiles)
		fail_msg("list: unknown path '%s'", path);
	bops_repo_hash(l->files[i].data, l->files[i].len, hex);
	assert_string_equal(blob_hex, hex);
	bops_buf_printf(&l->text, "%s|", path);
	if (++l->calls == l->stop_after)
		return bops_error_fmt(BOPS_ERR_FOUND, "stop at '%s'", path);
	return NULL;
}

static void
list_walks_directories_in_tree_order(void **state)
{
	static const struct bops_change files[] = {
		CH("tasks/8z/8z01.yaml", "a\n"),
		CH("tasks/7k/7kq3.yaml", "b\n"),
		CH("tasks/7k.yaml", "c\n"),
		CH("tasks/7k/7kaa.yaml", "d\n"),
		CH("bops.yaml", "e\n"),
		CH("okrs/o1.yaml", "f\n"),
	};
	/* git orders a tree "7k" as "7k/", after "7k.yaml". */
	static const struct {
		const char *dir;
		const char *want;
	} rows[] = {
		{ "tasks", "tasks/7k.yaml|tasks/7k/7kaa.yaml|"
		    "tasks/7k/7kq3.yaml|tasks/8z/8z01.yaml|" },
		{ "tasks/", "tasks/7k.yaml|tasks/7k/7kaa.yaml|"
		    "tasks/7k/7kq3.yaml|tasks/8z/8z01.yaml|" },
		{ "tasks/7k", "tasks/7k/7kaa.yaml|tasks/7k/7kq3.yaml|" },
		{ "", "bops.yaml|okrs/o1.yaml|tasks/7k.yaml|"
		    "tasks/7k/7kaa.yaml|tasks/7k/7kq3.yaml|"
		    "tasks/8z/8z01.yaml|" },
		{ "tickets", "" },
		{ "tasks/9x", "" },
		{ "bops.yaml", "" },
	};
	struct repo_fixture *f = *state;
	struct listed l = { BOPS_BUF_INIT, files, N(files), 0, 0 };
	const struct bops_error *err;
	char c1[BOPS_OID_HEXSZ + 1];
	size_t i;

	commit(f, "", files, N(files), c1);
	for (i = 0; i < N(rows); i++) {
		bops_buf_reset(&l.text);
		assert_null(bops_repo_list(f->repo, c1, rows[i].dir, list_cb,
		    &l));
		if (strcmp(l.text.ptr, rows[i].want) != 0)
			fail_msg("list '%s': got '%s', want '%s'",
			    rows[i].dir, l.text.ptr, rows[i].want);
	}

	/* An unborn branch has nothing. */
	bops_buf_reset(&l.text);
	assert_null(bops_repo_list(f->repo, "", "tasks", list_cb, &l));
	assert_string_equal(l.text.ptr, "");

	/* The callback's error stops the walk and comes back. */
	l.calls = 0;
	l.stop_after = 2;
	err = bops_repo_list(f->repo, c1, "tasks", list_cb, &l);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_FOUND);
	assert_string_equal(err->msg, "stop at 'tasks/7k/7kaa.yaml'");
	assert_int_equal(l.calls, 2);
	bops_buf_release(&l.text);
}

struct logged {
	struct bops_buf text;
	const char *names[8];	/* commit ids -> names */
	const char *hexes[8];
	int stop_after;
	int calls;
};

static const char *
name_of(const struct logged *l, const char *hex)
{
	size_t i;

	if (*hex == '\0')
		return "-";
	for (i = 0; i < N(l->hexes) && l->hexes[i] != NULL; i++)
		if (strcmp(l->hexes[i], hex) == 0)
			return l->names[i];
	return "?";
}

static const struct bops_error *
log_cb(const struct bops_commit_info *info, void *arg)
{
	struct logged *l = arg;

	bops_buf_printf(&l->text, "%s<%s %s %u %s %s %lld|", name_of(l,
	    info->id), name_of(l, info->parent), info->summary,
	    info->nparents, info->author_name, info->author_email,
	    (long long)info->when);
	if (++l->calls == l->stop_after)
		return bops_error_fmt(BOPS_ERR_FOUND, "stop");
	return NULL;
}

static void
log_walks_history_with_a_path_filter(void **state)
{
	static const struct bops_change add[] = {
		CH("tasks/a.yaml", "a: 1\n"), CH("tasks/b.yaml", "b: 1\n"),
	};
	static const struct bops_change edit_a[] = {
		CH("tasks/a.yaml", "a: 2\n")
	};
	static const struct bops_change edit_b[] = {
		CH("tasks/b.yaml", "b: 2\n")
	};
	static const struct bops_change rm_a[] = { RM("tasks/a.yaml") };
	static const struct {
		int start;		/* index into c[] */
		const char *path;
		size_t limit;
		const char *want;	/* names, newest first */
	} rows[] = {
		{ 3, NULL, 0, "c4 c3 c2 c1" },
		{ 3, NULL, 2, "c4 c3" },
		{ 3, NULL, 9, "c4 c3 c2 c1" },
		{ 3, "tasks/a.yaml", 0, "c4 c2 c1" },
		{ 3, "tasks/a.yaml", 1, "c4" },
		{ 3, "tasks/b.yaml", 0, "c3 c1" },
		{ 3, "tasks", 0, "c4 c3 c2 c1" },
		{ 3, "tasks/zz.yaml", 0, "" },
		{ 1, "tasks/b.yaml", 0, "c1" },
		{ 0, NULL, 0, "c1" },
	};
	struct repo_fixture *f = *state;
	struct logged l;
	const struct bops_error *err;
	char c[4][BOPS_OID_HEXSZ + 1];
	struct bops_buf got = BOPS_BUF_INIT;
	const char *p;
	size_t i;

	commit_at(f, "", add, N(add), "add a and b\n\nboth at once\n", 1000,
	    c[0]);
	commit_at(f, c[0], edit_a, N(edit_a), "edit a", 2000, c[1]);
	commit_at(f, c[1], edit_b, N(edit_b), "edit b", 3000, c[2]);
	commit_at(f, c[2], rm_a, N(rm_a), "remove a", 4000, c[3]);

	memset(&l, 0, sizeof(l));
	bops_buf_init(&l.text);
	for (i = 0; i < 4; i++) {
		static const char *const names[] = { "c1", "c2", "c3", "c4" };

		l.names[i] = names[i];
		l.hexes[i] = c[i];
	}
	for (i = 0; i < N(rows); i++) {
		bops_buf_reset(&l.text);
		assert_null(bops_repo_log(f->repo, c[rows[i].start],
		    rows[i].path, rows[i].limit, log_cb, &l));
		/* Keep the names only. */
		bops_buf_reset(&got);
		for (p = l.text.ptr; *p != '\0'; p = strchr(p, '|') + 1) {
			if (got.len > 0)
				bops_buf_putc(&got, ' ');
			bops_buf_put(&got, p, strcspn(p, "<"));
		}
		if (strcmp(got.ptr, rows[i].want) != 0)
			fail_msg("log %s %s %zu: got '%s', want '%s'",
			    l.names[rows[i].start], rows[i].path ?
			    rows[i].path : "-", rows[i].limit, got.ptr,
			    rows[i].want);
	}

	/* The details of each commit. */
	bops_buf_reset(&l.text);
	assert_null(bops_repo_log(f->repo, c[3], NULL, 0, log_cb, &l));
	assert_string_equal(l.text.ptr,
	    "c4<c3 remove a 1 Ada Lovelace ada@example.com 4000|"
	    "c3<c2 edit b 1 Ada Lovelace ada@example.com 3000|"
	    "c2<c1 edit a 1 Ada Lovelace ada@example.com 2000|"
	    "c1<- add a and b 0 Ada Lovelace ada@example.com 1000|");

	/* Nothing from an unborn branch; the callback's error stops it. */
	bops_buf_reset(&l.text);
	assert_null(bops_repo_log(f->repo, "", NULL, 0, log_cb, &l));
	assert_string_equal(l.text.ptr, "");
	l.calls = 0;
	l.stop_after = 2;
	err = bops_repo_log(f->repo, c[3], NULL, 0, log_cb, &l);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_FOUND);
	assert_int_equal(l.calls, 2);
	bops_buf_release(&l.text);
	bops_buf_release(&got);
}

static void
commit_info_copies_the_details(void **state)
{
	static const struct bops_change add[] = { CH("a.yaml", "a: 1\n") };
	struct repo_fixture *f = *state;
	struct bops_buf name = BOPS_BUF_INIT, email = BOPS_BUF_INIT;
	struct bops_buf summary = BOPS_BUF_INIT;
	struct bops_commit_info info;
	const struct bops_error *err;
	char c1[BOPS_OID_HEXSZ + 1], c2[BOPS_OID_HEXSZ + 1];

	commit_at(f, "", add, N(add), "first\nsecond line\n", 1234, c1);
	commit_at(f, c1, add, N(add), "again", 5678, c2);
	assert_null(bops_repo_commit_info(&info, &name, &email, &summary,
	    f->repo, c2));
	assert_string_equal(info.id, c2);
	assert_string_equal(info.parent, c1);
	assert_int_equal(info.nparents, 1);
	assert_string_equal(info.summary, "again");
	assert_int_equal(info.when, 5678);
	assert_ptr_equal(info.author_name, name.ptr);
	assert_ptr_equal(info.author_email, email.ptr);
	assert_ptr_equal(info.summary, summary.ptr);
	assert_null(bops_repo_commit_info(&info, &name, &email, &summary,
	    f->repo, c1));
	assert_string_equal(info.parent, "");
	assert_int_equal(info.nparents, 0);
	assert_string_equal(name.ptr, "Ada Lovelace");
	assert_string_equal(email.ptr, "ada@example.com");
	assert_string_equal(summary.ptr, "first");

	err = bops_repo_commit_info(&info, &name, &email, &summary, f->repo,
	    EMPTY_BLOB);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_NOT_FOUND);
	bops_buf_release(&name);
	bops_buf_release(&email);
	bops_buf_release(&summary);
}

static void
commit_messages_are_utf8_with_a_short_subject(void **state)
{
	static const struct bops_change add[] = { CH("a.yaml", "a: 1\n") };
	struct repo_fixture *f = *state;
	struct bops_buf name = BOPS_BUF_INIT, email = BOPS_BUF_INIT;
	struct bops_buf summary = BOPS_BUF_INIT, msg = BOPS_BUF_INIT;
	struct bops_commit_info info;
	char c1[BOPS_OID_HEXSZ + 1], c2[BOPS_OID_HEXSZ + 1];
	size_t i;

	bops_buf_puts(&msg, "task x: add '");
	for (i = 0; i < 60; i++)
		bops_buf_puts(&msg, "设");
	bops_buf_puts(&msg, "'\nbody \xe8\xae\n");
	commit_at(f, "", add, N(add), msg.ptr, 1234, c1);
	assert_null(bops_repo_commit_info(&info, &name, &email, &summary,
	    f->repo, c1));
	assert_true(bops_text_valid(summary.ptr, summary.len));
	assert_int_equal(bops_text_width(summary.ptr), BOPS_SUBJECT_MAX);
	assert_string_equal(summary.ptr + summary.len - 6, "\xe8\xae\xbe...");
	/* a stray byte becomes U+FFFD */
	commit_at(f, c1, add, N(add), "bad \xff byte", 5678, c2);
	assert_null(bops_repo_commit_info(&info, &name, &email, &summary,
	    f->repo, c2));
	assert_string_equal(summary.ptr, "bad \xef\xbf\xbd byte");
	bops_buf_release(&name);
	bops_buf_release(&email);
	bops_buf_release(&summary);
	bops_buf_release(&msg);
}

static const struct bops_error *
diff_cb(const char *path, const char *old_hex, const char *new_hex,
    void *arg)
{
	bops_buf_printf(arg, "%s %.7s %.7s|", path,
	    *old_hex ? old_hex : "-", *new_hex ? new_hex : "-");
	return NULL;
}

static void
commit_diff_lists_changed_paths_with_blob_ids(void **state)
{
	static const struct bops_change first[] = {
		CH("tasks/a.yaml", "a: 1\n"), CH("tasks/b.yaml", "b: 1\n"),
		CH("bops.yaml", "v: 1\n"),
	};
	static const struct bops_change second[] = {
		CH("tasks/c.yaml", "c: 1\n"), RM("tasks/b.yaml"),
		CH("tasks/a.yaml", "a: 2\n"),
	};
	struct repo_fixture *f = *state;
	struct bops_buf got = BOPS_BUF_INIT, want = BOPS_BUF_INIT;
	char c1[BOPS_OID_HEXSZ + 1], c2[BOPS_OID_HEXSZ + 1];
	char a1[BOPS_OID_HEXSZ + 1], a2[BOPS_OID_HEXSZ + 1];
	char b1[BOPS_OID_HEXSZ + 1], c[BOPS_OID_HEXSZ + 1];
	char v[BOPS_OID_HEXSZ + 1];

	commit(f, "", first, N(first), c1);
	commit(f, c1, second, N(second), c2);
	bops_repo_hash("a: 1\n", 5, a1);
	bops_repo_hash("a: 2\n", 5, a2);
	bops_repo_hash("b: 1\n", 5, b1);
	bops_repo_hash("c: 1\n", 5, c);
	bops_repo_hash("v: 1\n", 5, v);

	assert_null(bops_repo_commit_diff(f->repo, c1, diff_cb, &got));
	bops_buf_printf(&want, "bops.yaml - %.7s|tasks/a.yaml - %.7s|"
	    "tasks/b.yaml - %.7s|", v, a1, b1);
	assert_string_equal(got.ptr, want.ptr);

	bops_buf_reset(&got);
	bops_buf_reset(&want);
	assert_null(bops_repo_commit_diff(f->repo, c2, diff_cb, &got));
	bops_buf_printf(&want, "tasks/a.yaml %.7s %.7s|tasks/b.yaml %.7s -|"
	    "tasks/c.yaml - %.7s|", a1, a2, b1, c);
	assert_string_equal(got.ptr, want.ptr);
	bops_buf_release(&got);
	bops_buf_release(&want);
}

static void
assert_no_identity(struct bops_repo *repo)
{
	struct bops_buf name = BOPS_BUF_INIT, email = BOPS_BUF_INIT;
	const struct bops_error *err;

	err = bops_repo_identity(repo, &name, &email);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_NO_IDENTITY);
	assert_string_equal(err->msg, "no identity: set BOPS_AUTHOR or git "
	    "config user.name and user.email");
	bops_buf_release(&name);
	bops_buf_release(&email);
}

static void
assert_identity(struct bops_repo *repo, const char *want_name,
    const char *want_email)
{
	struct bops_buf name = BOPS_BUF_INIT, email = BOPS_BUF_INIT;
	const struct bops_error *err;

	err = bops_repo_identity(repo, &name, &email);
	if (err != NULL)
		fail_msg("identity: %s", err->msg);
	assert_string_equal(name.ptr, want_name);
	assert_string_equal(email.ptr, want_email);
	bops_buf_release(&name);
	bops_buf_release(&email);
}

static void
identity_comes_from_the_repository_config(void **state)
{
	struct repo_fixture *f = *state;
	struct bops_buf out = BOPS_BUF_INIT;

	/* No global or system config is visible (group setup). */
	assert_no_identity(f->repo);
	assert_null(bops_repo_config_set(f->repo, "user.email",
	    "grace@example.com"));
	assert_no_identity(f->repo);
	assert_null(bops_repo_config_set(f->repo, "user.name", ""));
	assert_no_identity(f->repo);
	assert_null(bops_repo_config_set(f->repo, "user.name", "Grace"));
	assert_identity(f->repo, "Grace", "grace@example.com");

	/* It went to .git/config, where git finds it. */
	assert_int_equal(run(&out, "git config --file '%s/.git/config' "
	    "--get user.email", f->ws), 0);
	assert_string_equal(out.ptr, "grace@example.com\n");

	/* An edit by the git binary is seen too. */
	assert_int_equal(run(NULL, GIT "'%s' config user.name 'Grace H'",
	    f->ws), 0);
	assert_identity(f->repo, "Grace H", "grace@example.com");
	bops_buf_release(&out);
}

static void
identity_comes_from_the_global_config(void **state)
{
	struct repo_fixture *f = *state;
	struct bops_repo *repo = NULL;
	char home[128], path[160];
	FILE *fp;

	snprintf(home, sizeof(home), "%s/home", f->dir);
	assert_int_equal(mkdir(home, 0777), 0);
	snprintf(path, sizeof(path), "%s/.gitconfig", home);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("[user]\n\tname = Global\n\temail = global@example.com\n", fp);
	assert_int_equal(fclose(fp), 0);

	assert_int_equal(git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH,
	    GIT_CONFIG_LEVEL_GLOBAL, home), 0);
	assert_null(bops_repo_open(&repo, f->ws));
	assert_identity(repo, "Global", "global@example.com");
	/* The repository's own config wins. */
	assert_null(bops_repo_config_set(repo, "user.email", "local@x.org"));
	assert_identity(repo, "Global", "local@x.org");
	bops_repo_close(repo);
	assert_int_equal(git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH,
	    GIT_CONFIG_LEVEL_GLOBAL, cfgdir), 0);
}

static void
resolve_peels_revisions_to_commits(void **state)
{
	static const struct bops_change one[] = { CH("a.yaml", "n: 1\n") };
	static const struct bops_change two[] = { CH("a.yaml", "n: 2\n") };
	struct repo_fixture *f = *state;
	char c1[BOPS_OID_HEXSZ + 1], c2[BOPS_OID_HEXSZ + 1];
	char out[BOPS_OID_HEXSZ + 1], rev[64];
	const struct bops_error *err;
	const struct {
		const char *rev;
		const char *want;	/* NULL: NOT_FOUND */
	} rows[] = {
		{ "HEAD", c2 },
		{ "HEAD~1", c1 },
		{ "main", c2 },
		{ "refs/heads/main^", c1 },
		{ rev, c1 },
		{ c2, c2 },
		{ "HEAD~2", NULL },
		{ "nope", NULL },
		{ "HEAD:a.yaml", NULL },
		{ "HEAD^{tree}", NULL },
		{ "", NULL },
	};
	size_t i;

	err = bops_repo_resolve(f->repo, "HEAD", out);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_NOT_FOUND);

	commit(f, "", one, N(one), c1);
	commit(f, c1, two, N(two), c2);
	snprintf(rev, sizeof(rev), "%.7s", c1);
	for (i = 0; i < N(rows); i++) {
		err = bops_repo_resolve(f->repo, rows[i].rev, out);
		if (rows[i].want != NULL) {
			if (err != NULL)
				fail_msg("resolve '%s': %s", rows[i].rev,
				    err->msg);
			assert_string_equal(out, rows[i].want);
			continue;
		}
		if (err == NULL)
			fail_msg("resolve '%s': got %s", rows[i].rev, out);
		assert_int_equal(err->code, BOPS_ERR_NOT_FOUND);
		assert_non_null(strstr(err->msg, rows[i].rev));
		assert_string_equal(out, "");
	}
}

static void
head_reports_a_detached_head(void **state)
{
	static const struct bops_change one[] = { CH("a.yaml", "n: 1\n") };
	struct repo_fixture *f = *state;
	struct bops_buf ref = BOPS_BUF_INIT;
	const struct bops_error *err;
	char c1[BOPS_OID_HEXSZ + 1], out[BOPS_OID_HEXSZ + 1];

	commit(f, "", one, N(one), c1);
	assert_int_equal(run(NULL, GIT "'%s' checkout -q --detach", f->ws),
	    0);
	err = bops_repo_head(f->repo, out, &ref);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_ENV);
	assert_string_equal(err->msg, "HEAD is detached");
	assert_int_equal(run(NULL, GIT "'%s' checkout -q main", f->ws), 0);
	assert_head(f, c1);
	bops_buf_release(&ref);
}

static void
hash_matches_git(void **state)
{
	static const struct {
		const char *data;
		const char *want;
	} rows[] = {
		{ "", EMPTY_BLOB },
		{ "hello\n", "ce013625030ba8dba906f756967f9e9ca394464a" },
		{ "id: 7kq3\n", NULL },
	};
	struct bops_buf out = BOPS_BUF_INIT;
	char hex[BOPS_OID_HEXSZ + 1];
	size_t i;

	for (i = 0; i < N(rows); i++) {
		bops_repo_hash(rows[i].data, strlen(rows[i].data), hex);
		if (rows[i].want != NULL)
			assert_string_equal(hex, rows[i].want);
		assert_int_equal(run(&out, "printf '%%s' '%s' | "
		    "git hash-object --stdin", rows[i].data), 0);
		assert_memory_equal(out.ptr, hex, BOPS_OID_HEXSZ);
	}
	bops_buf_release(&out);
}


/* Two lines of work from one base: a1 a2 on main, b1 on a side branch,
 * then a merge m of both. */
static void
diamond(struct repo_fixture *f, char base[41], char a2[41], char b1[41],
    char m[41])
{
	const struct bops_change c0 = { .path = "f.txt", .data = "one\n",
	    .len = 4 };
	const struct bops_change ca1 = { .path = "a.txt", .data = "a1\n",
	    .len = 3 };
	const struct bops_change ca2 = { .path = "a.txt", .data = "a2\n",
	    .len = 3 };
	const struct bops_change cb1 = { .path = "b.txt", .data = "b1\n",
	    .len = 3 };
	const struct bops_error *err;
	char a1[BOPS_OID_HEXSZ + 1];

	commit_at(f, "", &c0, 1, "base", 1000, base);
	commit_at(f, base, &ca1, 1, "a1", 2000, a1);
	commit_at(f, a1, &ca2, 1, "a2", 3000, a2);
	assert_null(bops_repo_set_ref(f->repo, "refs/heads/side", NULL, base,
	    "branch"));
	err = bops_repo_commit(f->repo, "refs/heads/side", base, &cb1, 1,
	    "b1", &sig, b1);
	assert_null(err);
	err = bops_repo_commit_merge(f->repo, "refs/heads/main", a2, b1,
	    NULL, 0, "merge", &sig, m);
	assert_null(err);
}

static void
count_is_reachable_from_one_and_not_the_other(void **state)
{
	struct repo_fixture *f = *state;
	char base[41], a2[41], b1[41], m[41];
	size_t n;

	diamond(f, base, a2, b1, m);
	assert_null(bops_repo_count(&n, f->repo, m, b1));
	assert_int_equal(n, 3);		/* a1, a2 and the merge */
	assert_null(bops_repo_count(&n, f->repo, m, a2));
	assert_int_equal(n, 2);		/* b1 and the merge */
	assert_null(bops_repo_count(&n, f->repo, m, ""));
	assert_int_equal(n, 5);
	assert_null(bops_repo_count(&n, f->repo, base, m));
	assert_int_equal(n, 0);
}

struct seen {
	char ids[8][BOPS_OID_HEXSZ + 1];
	unsigned nparents[8];
	size_t n;
};

static const struct bops_error *
see(const struct bops_commit_info *info, void *arg)
{
	struct seen *s = arg;

	if (s->n < 8) {
		memcpy(s->ids[s->n], info->id, sizeof(s->ids[0]));
		s->nparents[s->n] = info->nparents;
		if (info->nparents == 2)
			assert_string_not_equal(info->parents[0],
			    info->parents[1]);
		s->n++;
	}
	return NULL;
}

static void
log_range_hides_what_the_other_side_has(void **state)
{
	struct repo_fixture *f = *state;
	struct seen s;
	char base[41], a2[41], b1[41], m[41];

	diamond(f, base, a2, b1, m);
	memset(&s, 0, sizeof(s));
	assert_null(bops_repo_log_range(f->repo, m, a2, NULL, 0, see, &s));
	assert_int_equal(s.n, 2);
	assert_string_equal(s.ids[0], m);
	assert_int_equal(s.nparents[0], 2);
	assert_string_equal(s.ids[1], b1);
	memset(&s, 0, sizeof(s));
	assert_null(bops_repo_log_range(f->repo, m, base, "a.txt", 0, see,
	    &s));
	assert_int_equal(s.n, 2);	/* a2 and a1 changed a.txt */
}

static void
merge_file_merges_lines_as_git_does(void **state)
{
	struct repo_fixture *f = *state;
	struct bops_buf out = BOPS_BUF_INIT;
	bool clean;

	(void)f;
	assert_null(bops_repo_merge_file(&out, &clean, "a\nb\nc\n", 6,
	    "A\nb\nc\n", 6, "a\nb\nC\n", 6, "n.txt", "ours", "theirs"));
	assert_true(clean);
	assert_string_equal(out.ptr, "A\nb\nC\n");
	bops_buf_reset(&out);
	assert_null(bops_repo_merge_file(&out, &clean, "a\n", 2, "x\n", 2,
	    "y\n", 2, "n.txt", "ours", "theirs"));
	assert_false(clean);
	assert_string_equal(out.ptr, "<<<<<<< ours\nx\n=======\ny\n"
	    ">>>>>>> theirs\n");
	bops_buf_reset(&out);
	/* Both added it: no base. */
	assert_null(bops_repo_merge_file(&out, &clean, NULL, 0, "x\n", 2,
	    "x\n", 2, "n.txt", "ours", "theirs"));
	assert_true(clean);
	assert_string_equal(out.ptr, "x\n");
	bops_buf_reset(&out);
	assert_int_equal(bops_repo_merge_file(&out, &clean, "a", 1, "b\0", 2,
	    "c", 1, "n.bin", "o", "t")->code, BOPS_ERR_INVALID);
	bops_buf_release(&out);
}

static void
objects_in_memory_are_readable_and_never_stored(void **state)
{
	struct repo_fixture *f = *state;
	const struct bops_change c0 = { .path = "f.txt", .data = "one\n",
	    .len = 4 };
	const struct bops_change c1 = { .path = "g.txt",
	    .data = "in memory\n", .len = 10 };
	struct bops_buf out = BOPS_BUF_INIT;
	struct bops_blob_reader *reader = NULL;
	char base[41], view[41], blob[41];

	commit_at(f, "", &c0, 1, "base", 1000, base);
	assert_int_equal(run(&out, GIT "'%s' count-objects", f->ws), 0);
	assert_null(bops_repo_objects_in_memory(f->repo));
	assert_null(bops_repo_commit(f->repo, NULL, base, &c1, 1, "view",
	    &sig, view));
	assert_head(f, base);
	bops_buf_reset(&out);
	assert_null(bops_repo_read(f->repo, view, "g.txt", &out, NULL));
	assert_string_equal(out.ptr, "in memory\n");
	/* A reader of its own finds it too. */
	bops_repo_hash(c1.data, c1.len, blob);
	assert_null(bops_blob_reader_new(&reader, f->repo));
	bops_buf_reset(&out);
	assert_null(bops_blob_reader_read(reader, blob, &out));
	assert_string_equal(out.ptr, "in memory\n");
	bops_blob_reader_free(reader);
	/* git on disk never saw it. */
	assert_int_not_equal(run(NULL, GIT "'%s' cat-file -e %s 2>/dev/null",
	    f->ws, view), 0);
	bops_buf_release(&out);
}

static void
names_follow_libgit2_ref_rules(void **state)
{
	static const struct {
		const char *remote, *branch;
		const char *msg;	/* NULL: valid */
	} rows[] = {
		{ "origin", NULL, NULL },
		{ "origin", "main", NULL },
		{ "team-eu", "sprint/2026-w48", NULL },
		{ "", NULL, "invalid remote name ''" },
		{ "../x", NULL, "invalid remote name '../x'" },
		{ "a b", "main", "invalid remote name 'a b'" },
		{ "o\nx", NULL, "invalid remote name 'o\nx'" },
		{ "o:x", NULL, "invalid remote name 'o:x'" },
		{ "origin", "", "invalid branch name ''" },
		{ "origin", "a..b", "invalid branch name 'a..b'" },
		{ "origin", "x~1", "invalid branch name 'x~1'" },
		{ "origin", "@{-1}", "invalid branch name '@{-1}'" },
		{ "origin", "x.lock", "invalid branch name 'x.lock'" },
		{ "origin", "main/", "invalid branch name 'main/'" },
		{ "origin", "br\033[2J", "invalid branch name 'br\033[2J'" },
	};
	const struct bops_error *err;
	size_t i;

	for (i = 0; i < N(rows); i++) {
		err = bops_git_check_names(rows[i].remote, rows[i].branch);
		if (rows[i].msg == NULL) {
			if (err)
				fail_msg("row %zu: %s", i, err->msg);
			continue;
		}
		if (err == NULL)
			fail_msg("row %zu: accepted", i);
		assert_int_equal(err->code, BOPS_ERR_USAGE);
		assert_string_equal(err->msg, rows[i].msg);
	}
}

#define T(name) cmocka_unit_test_setup_teardown(name, repo_setup, \
    repo_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(init_creates_unborn_main_and_reinit_opens_it),
		T(open_needs_a_non_bare_repository),
		T(commit_writes_nested_paths_and_reads_them_back),
		T(commit_reuses_the_trees_it_does_not_change),
		T(commit_deletes_paths_and_drops_empty_directories),
		T(commit_refuses_a_stale_parent),
		T(commit_reports_libgit2_failures),
		T(index_set_leaves_git_status_clean),
		T(links_and_submodules_keep_their_modes),
		T(worktree_differs_compares_bytes_with_the_blob),
		T(list_walks_directories_in_tree_order),
		T(log_walks_history_with_a_path_filter),
		T(commit_info_copies_the_details),
		T(commit_messages_are_utf8_with_a_short_subject),
		T(commit_diff_lists_changed_paths_with_blob_ids),
		T(identity_comes_from_the_repository_config),
		T(identity_comes_from_the_global_config),
		T(resolve_peels_revisions_to_commits),
		T(head_reports_a_detached_head),
		T(count_is_reachable_from_one_and_not_the_other),
		T(log_range_hides_what_the_other_side_has),
		T(merge_file_merges_lines_as_git_does),
		T(objects_in_memory_are_readable_and_never_stored),
		cmocka_unit_test(hash_matches_git),
		cmocka_unit_test(names_follow_libgit2_ref_rules),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
