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
#include "cache.h"
#include "error.h"
#include "file.h"
#include "git.h"
#include "kind.h"
#include "node.h"
#include "query.h"
#include "record.h"
#include "store.h"
#include "yaml.h"
#include "workspace.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define NOW "2026-11-23T09:00:00Z"

#include "sandbox.h"

/* The workspace of every test. */
static struct ws_fixture_opts ws_opts = { NULL, NOW, NULL };

static void
assert_status_clean(const struct ws_fixture *f)
{
	struct bops_buf out = BOPS_BUF_INIT;

	assert_int_equal(run(&out, GIT "'%s' status --porcelain "
	    "--untracked-files=all", f->path), 0);
	if (out.len)
		fail_msg("git status: %s", out.ptr);
	bops_buf_release(&out);
	assert_int_equal(run(NULL, GIT "'%s' fsck --strict --no-progress "
	    ">/dev/null 2>&1", f->path), 0);
}

static int
count_commits(const struct ws_fixture *f)
{
	struct bops_buf out = BOPS_BUF_INIT;
	int n;

	assert_int_equal(run(&out, GIT "'%s' rev-list --count HEAD", f->path),
	    0);
	n = (int)strtol(out.ptr, NULL, 10);
	bops_buf_release(&out);
	return n;
}

/* The content of a work-tree file, or NULL when it is absent. */
static char *
slurp(const struct ws_fixture *f, const char *path)
{
	struct bops_buf full = BOPS_BUF_INIT, data = BOPS_BUF_INIT;
	const struct bops_error *err;

	bops_buf_printf(&full, "%s/%s", f->path, path);
	err = bops_file_read(&data, full.ptr, 0);
	bops_buf_release(&full);
	if (err) {
		assert_int_equal(err->code, BOPS_ERR_NOT_FOUND);
		return NULL;
	}
	return bops_buf_detach(&data);
}

static void
spit(const struct ws_fixture *f, const char *path, const char *data)
{
	struct bops_buf full = BOPS_BUF_INIT;

	bops_buf_printf(&full, "%s/%s", f->path, path);
	assert_null(bops_file_write_atomic(full.ptr, data, strlen(data)));
	bops_buf_release(&full);
}

static bool
exists(const struct ws_fixture *f, const char *path)
{
	struct bops_buf full = BOPS_BUF_INIT;
	bool yes;

	bops_buf_printf(&full, "%s/%s", f->path, path);
	yes = bops_file_exists(full.ptr);
	bops_buf_release(&full);
	return yes;
}

/* Add a task with id and title in its own transaction. */
static void
add_task(struct ws_fixture *f, const char *id, const char *title)
{
	const struct bops_error *err;
	struct bops_txn *txn = NULL;
	struct bops_record *rec = NULL;
	struct bops_buf msg = BOPS_BUF_INIT;
	bool changed = false;

	bops_buf_printf(&msg, "task %s: add", id);
	if ((err = bops_txn_begin(&txn, f->ws)) ||
	    (err = bops_record_new(&rec, f->ws, &bops_kind_task, id)) ||
	    (err = bops_record_set(rec, f->ws, "title", title)) ||
	    (err = bops_txn_put(txn, rec, &changed)) ||
	    (err = bops_txn_commit(txn, msg.ptr, NULL)))
		fail_msg("add %s: %s", id, err->msg);
	assert_true(changed);
	bops_record_free(rec);
	bops_txn_free(txn);
	bops_buf_release(&msg);
}

/* Commit files straight into git, as a hand-made commit would. */
static void
commit_raw(struct ws_fixture *f, const struct bops_change *changes, size_t n)
{
	const struct bops_error *err;
	struct bops_sig sig = { "Other", "o@example.com", 1795424400 };
	char commit[BOPS_OID_HEXSZ + 1];

	err = bops_repo_commit(f->ws->repo, f->ws->refname.ptr, f->ws->head,
	    changes, n, "raw", &sig, commit);
	if (err)
		fail_msg("commit: %s", err->msg);
	memcpy(f->ws->head, commit, sizeof(commit));
}

static void
put_and_commit_make_one_commit_and_the_file(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_txn *txn;
	struct bops_record *rec, *back;
	struct bops_buf out = BOPS_BUF_INIT, emitted = BOPS_BUF_INIT;
	char commit[BOPS_OID_HEXSZ + 1], *file;
	bool changed = false;

	assert_int_equal(count_commits(f), 1);
	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_record_new(&rec, f->ws, &bops_kind_task, "t1"));
	assert_null(bops_record_assign(rec, f->ws, "title=First"));
	assert_null(bops_record_assign(rec, f->ws, "tags+=x"));
	assert_int_equal(bops_txn_count(txn), 0);
	assert_null(bops_txn_put(txn, rec, &changed));
	assert_true(changed);
	assert_int_equal(bops_txn_count(txn), 1);
	/* Stamped on the way in; the task rules gave it its rank. */
	assert_string_equal(bops_record_str(rec, "created"), NOW);
	assert_string_equal(bops_record_str(rec, "updated"), NOW);
	assert_string_equal(bops_record_str(rec, "rank"), "0toy6c0t1");
	/* Staged, not yet written. */
	assert_false(exists(f, "tasks/t1/t1.yaml"));
	assert_null(bops_txn_commit(txn, "task t1: add", commit));
	assert_int_equal(strlen(commit), BOPS_OID_HEXSZ);
	assert_string_equal(f->ws->head, commit);
	bops_txn_free(txn);

	assert_int_equal(count_commits(f), 2);
	assert_int_equal(run(&out, GIT "'%s' log -1 --format='%%s|%%an|%%ae' "
	    "--name-status", f->path), 0);
	assert_string_equal(out.ptr, "task t1: add|Test|t@example.com\n\n"
	    "A\ttasks/t1/t1.yaml\n");
	file = slurp(f, "tasks/t1/t1.yaml");
	assert_non_null(file);
	assert_string_equal(file,
	    "title: First\n"
	    "status: not-started\n"
	    "tags:\n"
	    "- x\n"
	    "rank: 0toy6c0t1\n"
	    "created: 2026-11-23T09:00:00Z\n"
	    "updated: 2026-11-23T09:00:00Z\n");
	assert_null(bops_record_emit(&emitted, rec, f->ws));
	assert_string_equal(file, emitted.ptr);
	free(file);
	assert_status_clean(f);

	/* It reads back from HEAD with its blob. */
	assert_null(bops_store_read(&back, f->ws, &bops_kind_task, NULL, "t1"));
	assert_int_equal(strlen(back->blob), BOPS_OID_HEXSZ);
	assert_string_equal(bops_record_title(back), "First");
	assert_true(bops_node_equal(back->root, rec->root));
	bops_record_free(back);
	bops_record_free(rec);
	bops_buf_release(&out);
	bops_buf_release(&emitted);
}

static void
put_without_change_stages_and_commits_nothing(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_txn *txn;
	struct bops_record *rec;
	char commit[BOPS_OID_HEXSZ + 1] = "x", head[BOPS_OID_HEXSZ + 1];
	bool changed = true;

	add_task(f, "t1", "First");
	memcpy(head, f->ws->head, sizeof(head));
	/* Later: a stamp would differ if anything were written. */
	f->ws->now += 3600;
	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_txn_load(&rec, txn, &bops_kind_task, "t1"));
	assert_null(bops_record_assign(rec, f->ws, "title=First"));
	assert_null(bops_record_assign(rec, f->ws, "tags+=x"));
	assert_null(bops_record_assign(rec, f->ws, "tags-=x"));
	assert_null(bops_txn_put(txn, rec, &changed));
	assert_false(changed);
	assert_int_equal(bops_txn_count(txn), 0);
	assert_string_equal(bops_record_str(rec, "updated"), NOW);
	assert_null(bops_txn_commit(txn, "nothing", commit));
	assert_string_equal(commit, "");
	assert_string_equal(f->ws->head, head);
	assert_int_equal(count_commits(f), 2);

	/* A real change is stamped with the new time. */
	assert_null(bops_record_assign(rec, f->ws, "status=done"));
	assert_null(bops_txn_put(txn, rec, NULL));
	assert_string_equal(bops_record_str(rec, "updated"),
	    "2026-11-23T10:00:00Z");
	assert_string_equal(bops_record_str(rec, "created"), NOW);
	assert_null(bops_txn_commit(txn, "task t1: done", commit));
	assert_int_equal(count_commits(f), 3);
	bops_record_free(rec);
	bops_txn_free(txn);
	assert_status_clean(f);
}

static void
commit_subject_is_one_safe_line(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_txn *txn;
	struct bops_record *rec;
	struct bops_buf out = BOPS_BUF_INIT;

	add_task(f, "t1", "First");
	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_txn_load(&rec, txn, &bops_kind_task, "t1"));
	assert_null(bops_record_assign(rec, f->ws, "status=done"));
	assert_null(bops_txn_put(txn, rec, NULL));
	assert_null(bops_txn_commit_body(txn, "task t1: a\nb\tc\033[2J"
	    "\xe2\x80\xae", "This reverts commit x.\n", NULL));
	bops_record_free(rec);
	bops_txn_free(txn);
	assert_int_equal(run(&out, GIT "'%s' log -1 --format=%%B",
	    f->path), 0);
	assert_string_equal(out.ptr, "task t1: a\\012b\\011c\\033[2J"
	    "\\342\\200\\256\n\nThis reverts commit x.\n\n");
	assert_int_equal(run(&out, GIT "'%s' fsck --strict 2>&1", f->path),
	    0);
	bops_buf_release(&out);
}

static void
put_of_a_new_record_refuses_a_taken_id(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	struct bops_txn *txn;
	struct bops_record *rec;

	add_task(f, "t1", "First");
	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_record_new(&rec, f->ws, &bops_kind_task, "T1"));
	assert_null(bops_record_set(rec, f->ws, "title", "Again"));
	err = bops_txn_put(txn, rec, NULL);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
	assert_string_equal(err->msg, "task 't1' already exists");
	bops_record_free(rec);

	/* An untracked file in the way. */
	spit(f, "tasks/t2/t2.yaml", "title: mine\n");
	assert_null(bops_record_new(&rec, f->ws, &bops_kind_task, "t2"));
	assert_null(bops_record_set(rec, f->ws, "title", "Theirs"));
	err = bops_txn_put(txn, rec, NULL);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_DIRTY);
	assert_non_null(strstr(err->msg, "tasks/t2/t2.yaml"));
	assert_int_equal(bops_txn_count(txn), 0);
	bops_record_free(rec);
	bops_txn_free(txn);
}

static void
put_refuses_an_invalid_record(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	struct bops_txn *txn;
	struct bops_record *rec;

	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_record_new(&rec, f->ws, &bops_kind_task, "t1"));
	/* No title: required. */
	err = bops_txn_put(txn, rec, NULL);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_INVALID);
	assert_non_null(strstr(err->msg, "missing required field 'title'"));
	assert_int_equal(bops_txn_count(txn), 0);
	bops_record_free(rec);
	bops_txn_free(txn);
	assert_int_equal(count_commits(f), 1);
}

static const struct {
	const char *text;
	const char *id;		/* NULL: error */
	enum bops_error_code code;
	const char *msg;
} resolves[] = {
	{ "zz", "zz", 0, NULL },
	{ "abcd1111", "abcd1111", 0, NULL },
	{ "ABCD1111", "abcd1111", 0, NULL },
	{ "abce", "abce0000", 0, NULL },
	{ "abce0", "abce0000", 0, NULL },
	{ "Abce", "abce0000", 0, NULL },
	{ "abcd", NULL, BOPS_ERR_AMBIGUOUS,
	    "task prefix 'abcd' is ambiguous: abcd1111, abcd2222" },
	{ "abcf", NULL, BOPS_ERR_AMBIGUOUS,
	    "task prefix 'abcf' is ambiguous: abcf0, abcf1, abcf2, abcf3, "
	    "abcf4, abcf5, abcf6, abcf7, ..." },
	{ "abc", NULL, BOPS_ERR_NOT_FOUND,
	    "no task 'abc' (a prefix needs 4 characters)" },
	{ "z", NULL, BOPS_ERR_NOT_FOUND,
	    "no task 'z' (a prefix needs 4 characters)" },
	{ "nope", NULL, BOPS_ERR_NOT_FOUND, "no task 'nope'" },
	{ "abcd3", NULL, BOPS_ERR_NOT_FOUND, "no task 'abcd3'" },
	{ "abcd11112", NULL, BOPS_ERR_NOT_FOUND, "no task 'abcd11112'" },
	{ "../x", NULL, BOPS_ERR_USAGE, "invalid id '../x'" },
	{ "", NULL, BOPS_ERR_USAGE, "invalid id ''" },
};

static void
resolve_finds_ids_and_unique_prefixes(void **state)
{
	static const char *ids[] = { "abcd1111", "abcd2222", "abce0000", "zz",
	    "abcf0", "abcf1", "abcf2", "abcf3", "abcf4", "abcf5", "abcf6",
	    "abcf7", "abcf8", "abcf9" };
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	struct bops_buf id = BOPS_BUF_INIT;
	char first[BOPS_OID_HEXSZ + 1];
	size_t i;

	memcpy(first, f->ws->head, sizeof(first));
	for (i = 0; i < N(ids); i++)
		add_task(f, ids[i], ids[i]);
	for (i = 0; i < N(resolves); i++) {
		bops_buf_reset(&id);
		bops_buf_puts(&id, "junk");
		err = bops_store_resolve(&id, f->ws, &bops_kind_task, NULL,
		    resolves[i].text);
		if (resolves[i].id) {
			if (err)
				fail_msg("'%s': %s", resolves[i].text,
				    err->msg);
			assert_string_equal(id.ptr, resolves[i].id);
			continue;
		}
		if (err == NULL)
			fail_msg("'%s' resolved to '%s'", resolves[i].text,
			    id.ptr);
		assert_int_equal(err->code, resolves[i].code);
		assert_string_equal(err->msg, resolves[i].msg);
		assert_string_equal(id.ptr, "");
	}
	/* At an older commit none of them exist. */
	err = bops_store_resolve(&id, f->ws, &bops_kind_task, first, "zz");
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_NOT_FOUND);
	bops_buf_release(&id);
}

static void
read_and_load_report_missing_records(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	struct bops_record *rec = (struct bops_record *)f;

	add_task(f, "t1", "First");
	err = bops_store_read(&rec, f->ws, &bops_kind_task, NULL, "t2");
	assert_non_null(err);
	assert_null(rec);
	assert_int_equal(err->code, BOPS_ERR_NOT_FOUND);
	assert_string_equal(err->msg, "no task 't2'");
	err = bops_store_read(&rec, f->ws, &bops_kind_task, NULL, "T1");
	assert_int_equal(err->code, BOPS_ERR_USAGE);
	assert_string_equal(err->msg, "invalid id 'T1'");
	assert_null(bops_store_load(&rec, f->ws, &bops_kind_task, NULL, "T1"));
	assert_string_equal(rec->id, "t1");
	bops_record_free(rec);
}

struct visit {
	struct bops_buf ids;
	struct bops_buf warnings;
	size_t stop_after;	/* 0: never */
	size_t seen;
};

static const struct bops_error *
visit_one(struct bops_record *rec, void *arg)
{
	struct visit *v = arg;

	bops_buf_printf(&v->ids, "%s=%s;", rec->id, bops_record_title(rec));
	assert_int_equal(strlen(rec->blob), BOPS_OID_HEXSZ);
	assert_ptr_equal(rec->kind, &bops_kind_task);
	if (++v->seen == v->stop_after)
		return bops_error_fmt(BOPS_ERR_FOUND, "stop at %s", rec->id);
	return NULL;
}

static void
warn_one(const struct bops_error *err, void *arg)
{
	struct visit *v = arg;

	assert_int_equal(err->code, BOPS_ERR_INVALID);
	bops_buf_printf(&v->warnings, "%s;", err->msg);
}

static void
visit_init(struct visit *v)
{
	memset(v, 0, sizeof(*v));
	bops_buf_init(&v->ids);
	bops_buf_init(&v->warnings);
}

static void
visit_release(struct visit *v)
{
	bops_buf_release(&v->ids);
	bops_buf_release(&v->warnings);
}

static void
each_visits_in_id_order_and_warns_of_invalid_ones(void **state)
{
	static const char bad[] = "title: Bad\ncolour: red\n";
	static const char stray[] = "not a record\n";
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	struct bops_change changes[2] = {
		{ .path = "tasks/ba/bad.yaml", .data = bad,
		    .len = sizeof(bad) - 1 },
		{ .path = "tasks/README", .data = stray,
		    .len = sizeof(stray) - 1 },
	};
	struct visit v;

	add_task(f, "zz", "Z");
	add_task(f, "ab", "AB");
	add_task(f, "ab-c", "ABC");
	add_task(f, "b", "B");
	commit_raw(f, changes, 2);
	visit_init(&v);
	assert_null(bops_store_each(f->ws, &bops_kind_task, NULL, visit_one,
	    warn_one, &v));
	/* Tree order would put "ab-c.yaml" before "ab.yaml". */
	assert_string_equal(v.ids.ptr, "ab=AB;ab-c=ABC;b=B;zz=Z;");
	assert_string_equal(v.warnings.ptr,
	    "tasks/ba/bad.yaml:2:1: unknown field 'colour';");

	/* Without warn, invalid ones are skipped quietly. */
	visit_release(&v);
	visit_init(&v);
	assert_null(bops_store_each(f->ws, &bops_kind_task, NULL, visit_one,
	    NULL, &v));
	assert_string_equal(v.ids.ptr, "ab=AB;ab-c=ABC;b=B;zz=Z;");

	/* An error from fn stops the walk and comes back. */
	visit_release(&v);
	visit_init(&v);
	v.stop_after = 2;
	err = bops_store_each(f->ws, &bops_kind_task, NULL, visit_one,
	    warn_one, &v);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_FOUND);
	assert_string_equal(err->msg, "stop at ab-c");
	assert_string_equal(v.ids.ptr, "ab=AB;ab-c=ABC;");
	visit_release(&v);
}

/*
 * bops_store_all gives the records that validate, in id order, each with
 * its blob as bops_store_read gives it, as bops_store_each does.
 */
static void
all_gives_each_valid_record_with_its_blob(void **state)
{
	static const char bad[] = "title: Bad\ncolour: red\n";
	struct ws_fixture *f = *state;
	struct bops_change change = { .path = "tasks/ba/bad.yaml",
	    .data = bad, .len = sizeof(bad) - 1 };
	struct bops_record **recs = NULL, *one = NULL;
	size_t n = 9, i;

	assert_null(bops_store_all(&recs, &n, f->ws, &bops_kind_task, NULL));
	assert_null(recs);
	assert_int_equal(n, 0);
	add_task(f, "zz", "Zoë");
	add_task(f, "ab", "Сверка счетов");
	commit_raw(f, &change, 1);
	assert_null(bops_store_all(&recs, &n, f->ws, &bops_kind_task, NULL));
	assert_int_equal(n, 2);
	assert_string_equal(recs[0]->id, "ab");
	assert_string_equal(bops_record_title(recs[0]), "Сверка счетов");
	assert_string_equal(recs[1]->id, "zz");
	assert_string_equal(bops_record_title(recs[1]), "Zoë");
	for (i = 0; i < n; i++) {
		assert_null(bops_store_read(&one, f->ws, &bops_kind_task, NULL,
		    recs[i]->id));
		assert_string_equal(recs[i]->blob, one->blob);
		bops_record_free(one);
	}
	bops_store_all_free(recs, n);
}

/* "id=title;" into v, for records that may be staged (no blob yet). */
static const struct bops_error *
visit_staged(struct bops_record *rec, void *arg)
{
	struct visit *v = arg;

	bops_buf_printf(&v->ids, "%s=%s;", rec->id, bops_record_title(rec));
	return NULL;
}

/*
 * bops_txn_each shows HEAD as the transaction would leave it: a staged
 * version stands in for HEAD's, a staged new record comes after HEAD's,
 * and the warnings of HEAD's invalid records reach the caller's warn
 * with the caller's arg.
 */
static void
txn_each_sees_staged_records_and_passes_warnings_on(void **state)
{
	static const char bad[] = "title: Bad\ncolour: red\n";
	struct ws_fixture *f = *state;
	struct bops_change change = { .path = "tasks/ba/bad.yaml",
	    .data = bad, .len = sizeof(bad) - 1 };
	struct bops_txn *txn = NULL;
	struct bops_record *rec = NULL;
	struct visit v;

	add_task(f, "ab", "AB");
	add_task(f, "cd", "CD");
	commit_raw(f, &change, 1);
	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_txn_load(&rec, txn, &bops_kind_task, "ab"));
	assert_null(bops_record_set(rec, f->ws, "title", "AB again"));
	assert_null(bops_txn_put(txn, rec, NULL));
	bops_record_free(rec);
	assert_null(bops_record_new(&rec, f->ws, &bops_kind_task, "aa"));
	assert_null(bops_record_set(rec, f->ws, "title", "AA"));
	assert_null(bops_txn_put(txn, rec, NULL));
	bops_record_free(rec);
	visit_init(&v);
	assert_null(bops_txn_each(txn, &bops_kind_task, visit_staged,
	    warn_one, &v));
	bops_txn_free(txn);
	assert_string_equal(v.ids.ptr, "cd=CD;ab=AB again;aa=AA;");
	assert_string_equal(v.warnings.ptr,
	    "tasks/ba/bad.yaml:2:1: unknown field 'colour';");
	visit_release(&v);
}

static void
max_finds_the_greatest_value_of_a_field(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_txn *txn = NULL;
	struct bops_record *rec = NULL;
	static const char *const ranks[][2] = {
		{ "aa", "0toy6c0" }, { "bb", "0toy6c0x" }, { "cc", "0toy" },
		{ "dd", NULL },
	};
	size_t i;

	assert_null(bops_store_max(&b, f->ws, &bops_kind_task, "rank"));
	assert_string_equal(b.ptr, "");
	for (i = 0; i < N(ranks); i++) {
		assert_null(bops_txn_begin(&txn, f->ws));
		assert_null(bops_record_new(&rec, f->ws, &bops_kind_task,
		    ranks[i][0]));
		assert_null(bops_record_set(rec, f->ws, "title", "t"));
		if (ranks[i][1])
			assert_null(bops_record_set(rec, f->ws, "rank",
			    ranks[i][1]));
		assert_null(bops_txn_put(txn, rec, NULL));
		assert_null(bops_txn_commit(txn, "add", NULL));
		bops_record_free(rec);
		bops_txn_free(txn);
	}
	/* dd came without a rank: the task rules put it after the rest. */
	assert_null(bops_store_max(&b, f->ws, &bops_kind_task, "rank"));
	assert_string_equal(b.ptr, "0toy6c1dd");
	bops_buf_reset(&b);
	assert_null(bops_store_max(&b, f->ws, &bops_kind_task, "title"));
	assert_string_equal(b.ptr, "t");
	bops_buf_release(&b);
}

/* Put task id with rank (NULL: none; the rules then give one). */
static void
put_rank(struct ws_fixture *f, const char *id, const char *rank)
{
	struct bops_txn *txn = NULL;
	struct bops_record *rec = NULL;

	assert_null(bops_txn_begin(&txn, f->ws));
	if (bops_store_read(&rec, f->ws, &bops_kind_task, NULL, id)) {
		assert_null(bops_record_new(&rec, f->ws, &bops_kind_task, id));
		assert_null(bops_record_set(rec, f->ws, "title", "t"));
	}
	if (rank)
		assert_null(bops_record_set(rec, f->ws, "rank", rank));
	assert_null(bops_txn_put(txn, rec, NULL));
	assert_null(bops_txn_commit(txn, "put", NULL));
	bops_record_free(rec);
	bops_txn_free(txn);
}

/* The remembered answer and the scan's agree; the answer is returned. */
static char *
max_agrees(struct ws_fixture *f)
{
	struct bops_buf a = BOPS_BUF_INIT, b = BOPS_BUF_INIT;

	assert_null(bops_store_max(&a, f->ws, &bops_kind_task, "rank"));
	assert_null(bops_store_scan_max(&b, f->ws, &bops_kind_task, "rank"));
	assert_string_equal(a.ptr, b.ptr);
	bops_buf_release(&b);
	return bops_buf_detach(&a);
}

static void
max_memo_path(struct bops_buf *out, struct ws_fixture *f)
{
	bops_buf_reset(out);
	bops_buf_printf(out, "%s/.git/bops/cache/task.max.rank", f->path);
}

/* A memo of value at commit, with the key of commit's tree, forged to
 * show which way an answer came. */
static void
forge_max(struct ws_fixture *f, const char *commit, const char *value)
{
	struct bops_buf key = BOPS_BUF_INIT, path = BOPS_BUF_INIT;
	struct bops_buf data = BOPS_BUF_INIT;

	assert_null(bops_cache_key_at(&key, f->ws, &bops_kind_task, commit));
	bops_buf_printf(&data, "BOPSMAX1\n%s\n%s1 %zu\n%s", commit, key.ptr,
	    strlen(value), value);
	max_memo_path(&path, f);
	assert_null(bops_file_write_atomic(path.ptr, data.ptr, data.len));
	bops_buf_release(&key);
	bops_buf_release(&path);
	bops_buf_release(&data);
}

static void
max_is_remembered_and_agrees_with_the_scan(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_buf path = BOPS_BUF_INIT, data = BOPS_BUF_INIT;
	struct bops_txn *txn = NULL;
	struct bops_record *rec = NULL;
	char parent[BOPS_OID_HEXSZ + 1], *v;
	struct bops_change change = { "tasks/zz/zz9.yaml",
	    "title: hand\nstatus: not-started\nrank: 0zzzzzz\n", 0, 0 };
	struct bops_change bad = { "tasks/yy/yy9.yaml",
	    "title: [broken\nrank: 1zzzzzz\n", 0, 0 };
	char id[16];
	unsigned i;

	put_rank(f, "aa", "0toy6c0");
	free(max_agrees(f));
	max_memo_path(&path, f);
	assert_true(bops_file_exists(path.ptr));
	/* Higher, by the diff of one commit. */
	put_rank(f, "bb", "0toy6c5");
	v = max_agrees(f);
	assert_string_equal(v, "0toy6c5");
	free(v);
	/* The one that held it holds less: the scan. */
	put_rank(f, "bb", "0toy6a");
	v = max_agrees(f);
	assert_string_equal(v, "0toy6c0");
	free(v);
	/* It goes: the scan. */
	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_store_read(&rec, f->ws, &bops_kind_task, NULL, "aa"));
	assert_null(bops_txn_delete(txn, rec));
	assert_null(bops_txn_commit(txn, "rm", NULL));
	bops_record_free(rec);
	bops_txn_free(txn);
	v = max_agrees(f);
	assert_string_equal(v, "0toy6a");
	free(v);
	/* A commit made with plain git; one that does not validate counts
	 * for neither. */
	change.len = strlen(change.data);
	commit_raw(f, &change, 1);
	v = max_agrees(f);
	assert_string_equal(v, "0zzzzzz");
	free(v);
	bad.len = strlen(bad.data);
	commit_raw(f, &bad, 1);
	v = max_agrees(f);
	assert_string_equal(v, "0zzzzzz");
	free(v);
	/* The same tree at HEAD: the memo's value, forged here to show it
	 * is what answers. */
	forge_max(f, f->ws->head, "0forged");
	assert_null(bops_store_max(&data, f->ws, &bops_kind_task, "rank"));
	assert_string_equal(data.ptr, "0forged");
	/* One commit on: the diff from the memo's commit. */
	memcpy(parent, f->ws->head, sizeof(parent));
	forge_max(f, parent, "1forged");
	put_rank(f, "cc", "0toy7");
	bops_buf_reset(&data);
	assert_null(bops_store_max(&data, f->ws, &bops_kind_task, "rank"));
	assert_string_equal(data.ptr, "1forged");
	/* A memo whose commit is not in the repository: the scan. */
	forge_max(f, parent, "2forged");
	assert_null(bops_file_read(&data, path.ptr, 0));
	memset(strchr(data.ptr, '\n') + 1, 'e', BOPS_OID_HEXSZ);
	assert_null(bops_file_write_atomic(path.ptr, data.ptr, data.len));
	v = max_agrees(f);
	assert_string_equal(v, "0zzzzzz");
	free(v);
	/* A memo cut short, or of another format: the scan. */
	assert_null(bops_file_read(&data, path.ptr, 0));
	assert_null(bops_file_write_atomic(path.ptr, data.ptr, data.len - 3));
	v = max_agrees(f);
	assert_string_equal(v, "0zzzzzz");
	free(v);
	assert_null(bops_file_write_atomic(path.ptr, "BOPSMAX9\n", 9));
	v = max_agrees(f);
	assert_string_equal(v, "0zzzzzz");
	free(v);
	/* More changes than the diff reads: the scan. */
	forge_max(f, f->ws->head, "0forged");
	assert_null(bops_txn_begin(&txn, f->ws));
	for (i = 0; i < 70; i++) {
		snprintf(id, sizeof(id), "m%02u", i);
		assert_null(bops_record_new(&rec, f->ws, &bops_kind_task, id));
		assert_null(bops_record_set(rec, f->ws, "title", "t"));
		assert_null(bops_record_set(rec, f->ws, "rank", "0a"));
		assert_null(bops_txn_put(txn, rec, NULL));
		bops_record_free(rec);
	}
	assert_null(bops_txn_commit(txn, "many", NULL));
	bops_txn_free(txn);
	v = max_agrees(f);
	assert_string_equal(v, "0zzzzzz");
	free(v);
	bops_buf_release(&path);
	bops_buf_release(&data);
}

/* Skips the id that arg names. */
static bool
skip_id(const char *id, void *arg)
{
	return strcmp(id, arg) == 0;
}

static void
count_counts_records_whose_field_holds_the_value(void **state)
{
	struct ws_fixture *f = *state;
	size_t n = 9;

	assert_null(bops_store_count(&n, f->ws, &bops_kind_task, "title",
	    "Relatório", NULL, NULL));
	assert_int_equal(n, 0);
	add_task(f, "aa", "Relatório");
	add_task(f, "bb", "Relatório mensal");
	add_task(f, "cc", "Relatório");
	assert_null(bops_store_count(&n, f->ws, &bops_kind_task, "title",
	    "Relatório", NULL, NULL));
	assert_int_equal(n, 2);
	assert_null(bops_store_count(&n, f->ws, &bops_kind_task, "title",
	    "Relatório", skip_id, "cc"));
	assert_int_equal(n, 1);
	/* A field no record has counts none. */
	assert_null(bops_store_count(&n, f->ws, &bops_kind_task, "parent",
	    "aa", NULL, NULL));
	assert_int_equal(n, 0);
}

/* "id<TAB>text" a line, for each record field_each passes. */
static const struct bops_error *
field_one(const char *id, const char *text, size_t len, void *arg)
{
	bops_buf_printf(arg, "%s\t%.*s\n", id, (int)len, text ? text : "");
	return NULL;
}

/* Ids by prefix with a field's text, read from the cache in place. */
static void
field_each_gives_ids_by_prefix_with_their_text(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_buf b = BOPS_BUF_INIT;

	assert_null(bops_store_field_each(f->ws, &bops_kind_task, "", "title",
	    0, field_one, &b));
	assert_string_equal(b.ptr, "");
	add_task(f, "viet", "Viết bài blog");
	add_task(f, "vinv", "Send invoice");
	add_task(f, "zh", "准备季度报告");
	assert_null(bops_store_field_each(f->ws, &bops_kind_task, "vi",
	    "title", 0, field_one, &b));
	assert_string_equal(b.ptr, "viet\tViết bài blog\nvinv\tSend invoice\n");
	bops_buf_reset(&b);
	assert_null(bops_store_field_each(f->ws, &bops_kind_task, "", "title",
	    2, field_one, &b));
	assert_string_equal(b.ptr, "viet\tViết bài blog\nvinv\tSend invoice\n");
	bops_buf_reset(&b);
	assert_null(bops_store_field_each(f->ws, &bops_kind_task, "z", "due",
	    0, field_one, &b));
	assert_string_equal(b.ptr, "zh\t\n");
	bops_buf_reset(&b);
	assert_null(bops_store_field_each(f->ws, &bops_kind_task, "x", "title",
	    0, field_one, &b));
	assert_string_equal(b.ptr, "");
	bops_buf_release(&b);
}

/* "id:field=text|-;" for each field asked of bops_store_fields. */
static const struct bops_error *
fields_one(const char *id, const unsigned char *const *vals,
    const size_t *lens, void *arg)
{
	struct visit *v = arg;
	const char *s;
	size_t i, n;

	bops_buf_printf(&v->ids, "%s:", id);
	for (i = 0; i < 2; i++)
		if (vals[i] && bops_node_packed_scalar(vals[i], lens[i], &s, &n))
			bops_buf_printf(&v->ids, "%.*s,", (int)n, s);
		else
			bops_buf_puts(&v->ids, vals[i] ? "?," : "-,");
	bops_buf_puts(&v->ids, ";");
	return ++v->seen == v->stop_after ? bops_error_fmt(BOPS_ERR_FOUND,
	    "stop at %s", id) : NULL;
}

/*
 * bops_store_fields gives the packed values of the fields asked for, of
 * each valid record in id order, the same whether the cache's key table
 * holds the field or not (past its 64 keys), and warns of invalid ones.
 */
static void
fields_give_packed_values_and_warn_of_invalid_ones(void **state)
{
	static const char bad[] = "title: Bad\ncolour: red\n";
	static const char *const fields[] = { "title", "x_f70" };
	struct ws_fixture *f = *state;
	struct bops_buf wide = BOPS_BUF_INIT;
	struct bops_change changes[2] = {
		{ .path = "tasks/ba/bad.yaml", .data = bad,
		    .len = sizeof(bad) - 1 },
		{ .path = "tasks/wi/wide.yaml" },
	};
	const struct bops_error *err;
	struct visit v;
	int i;

	bops_buf_puts(&wide, "title: Wide\nstatus: not-started\n");
	for (i = 1; i <= 70; i++)
		bops_buf_printf(&wide, "x_f%d: v%d\n", i, i);
	bops_buf_puts(&wide, "created: 2026-11-02T09:00:00Z\n"
	    "updated: 2026-11-02T09:00:00Z\n");
	changes[1].data = wide.ptr;
	changes[1].len = wide.len;
	add_task(f, "ab", "Gọi lại cho khách hàng");
	add_task(f, "zz", "准备季度报告");
	commit_raw(f, changes, 2);
	visit_init(&v);
	assert_null(bops_store_fields(f->ws, &bops_kind_task, NULL, fields, 2,
	    fields_one, warn_one, &v));
	assert_string_equal(v.ids.ptr, "ab:Gọi lại cho khách hàng,-,;"
	    "wide:Wide,v70,;zz:准备季度报告,-,;");
	assert_string_equal(v.warnings.ptr,
	    "tasks/ba/bad.yaml:2:1: unknown field 'colour';");
	/* An error from fn stops the walk and comes back. */
	visit_release(&v);
	visit_init(&v);
	v.stop_after = 2;
	err = bops_store_fields(f->ws, &bops_kind_task, NULL, fields, 2,
	    fields_one, NULL, &v);
	assert_non_null(err);
	assert_string_equal(err->msg, "stop at wide");
	assert_string_equal(v.warnings.ptr, "");
	visit_release(&v);
	bops_buf_release(&wide);
}

static void
each_of_an_empty_workspace_visits_nothing(void **state)
{
	struct ws_fixture *f = *state;
	struct visit v;

	visit_init(&v);
	assert_null(bops_store_each(f->ws, &bops_kind_task, NULL, visit_one,
	    warn_one, &v));
	assert_string_equal(v.ids.ptr, "");
	visit_release(&v);
}

static void
each_at_an_older_commit_sees_that_commit(void **state)
{
	struct ws_fixture *f = *state;
	char middle[BOPS_OID_HEXSZ + 1];
	struct visit v;

	add_task(f, "t1", "One");
	memcpy(middle, f->ws->head, sizeof(middle));
	add_task(f, "t2", "Two");
	visit_init(&v);
	assert_null(bops_store_each(f->ws, &bops_kind_task, middle,
	    visit_one, warn_one, &v));
	assert_string_equal(v.ids.ptr, "t1=One;");
	bops_buf_reset(&v.ids);
	assert_null(bops_store_each(f->ws, &bops_kind_task, NULL, visit_one,
	    warn_one, &v));
	assert_string_equal(v.ids.ptr, "t1=One;t2=Two;");
	visit_release(&v);
}

/* The inode of path: a cache rewritten (atomically) gets a new one. */
static ino_t
inode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_ino;
}

static void
cache_file_is_written_and_used(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_buf cpath = BOPS_BUF_INIT, data = BOPS_BUF_INIT;
	struct bops_cache *c;
	char *p;
	ino_t ino;
	struct visit v;

	add_task(f, "t1", "First");
	add_task(f, "t2", "Second");
	bops_buf_printf(&cpath, "%sbops/cache/task",
	    bops_repo_gitdir(f->ws->repo));
	unlink(cpath.ptr);
	visit_init(&v);
	assert_null(bops_store_each(f->ws, &bops_kind_task, NULL, visit_one,
	    warn_one, &v));
	assert_string_equal(v.ids.ptr, "t1=First;t2=Second;");
	assert_true(bops_file_exists(cpath.ptr));

	/* A second read takes the file as it is, without rebuilding it. */
	ino = inode_of(cpath.ptr);
	bops_buf_reset(&v.ids);
	assert_null(bops_store_each(f->ws, &bops_kind_task, NULL, visit_one,
	    warn_one, &v));
	assert_string_equal(v.ids.ptr, "t1=First;t2=Second;");
	assert_true(inode_of(cpath.ptr) == ino);

	/* Deleted, it is rebuilt from git with the same results. */
	assert_int_equal(unlink(cpath.ptr), 0);
	bops_buf_reset(&v.ids);
	assert_null(bops_store_each(f->ws, &bops_kind_task, NULL, visit_one,
	    warn_one, &v));
	assert_string_equal(v.ids.ptr, "t1=First;t2=Second;");
	assert_true(bops_file_exists(cpath.ptr));

	/* A new commit refreshes it. */
	add_task(f, "t0", "Zeroth");
	bops_buf_reset(&v.ids);
	assert_null(bops_store_each(f->ws, &bops_kind_task, NULL, visit_one,
	    warn_one, &v));
	assert_string_equal(v.ids.ptr, "t0=Zeroth;t1=First;t2=Second;");

	/* Damaged or garbage files are noticed and replaced. */
	assert_null(bops_file_read(&data, cpath.ptr, 0));
	p = memmem(data.ptr, data.len, "Second", 6);
	assert_non_null(p);
	memcpy(p, "Sekond", 6);
	assert_null(bops_file_write_atomic(cpath.ptr, data.ptr, data.len));
	bops_buf_reset(&v.ids);
	assert_null(bops_store_each(f->ws, &bops_kind_task, NULL, visit_one,
	    warn_one, &v));
	assert_string_equal(v.ids.ptr, "t0=Zeroth;t1=First;t2=Second;");
	assert_null(bops_file_write_atomic(cpath.ptr, data.ptr,
	    data.len / 2));
	bops_buf_reset(&v.ids);
	assert_null(bops_store_each(f->ws, &bops_kind_task, NULL, visit_one,
	    warn_one, &v));
	assert_string_equal(v.ids.ptr, "t0=Zeroth;t1=First;t2=Second;");
	assert_null(bops_file_write_atomic(cpath.ptr, "garbage", 7));
	bops_buf_reset(&v.ids);
	assert_null(bops_store_each(f->ws, &bops_kind_task, NULL, visit_one,
	    warn_one, &v));
	assert_string_equal(v.ids.ptr, "t0=Zeroth;t1=First;t2=Second;");

	/* The cache API: sorted entries and a lower bound. */
	assert_null(bops_cache_open(&c, f->ws, &bops_kind_task, NULL));
	assert_int_equal(bops_cache_count(c), 3);
	assert_string_equal(bops_cache_entry(c, 0)->id, "t0");
	assert_true(bops_cache_entry(c, 2)->valid);
	assert_null(bops_cache_entry(c, 3));
	assert_int_equal(bops_cache_lower_bound(c, "t1"), 1);
	assert_int_equal(bops_cache_lower_bound(c, "t10"), 2);
	assert_int_equal(bops_cache_lower_bound(c, "u"), 3);
	assert_int_equal(bops_cache_lower_bound(c, ""), 0);
	bops_cache_close(c);
	bops_cache_close(NULL);
	/* Reads never touch the repository itself. */
	assert_status_clean(f);
	visit_release(&v);
	bops_buf_release(&cpath);
	bops_buf_release(&data);
}

/* The trees bops_store_select hands out, taken as gather takes them. */
struct taken {
	char ids[8][BOPS_ID_MAX_LEN + 1];
	struct bops_node *roots[8];
	size_t n;
};

static const struct bops_error *
take_one(struct bops_record *rec, void *arg)
{
	struct taken *t = arg;

	assert_true(t->n < 8);
	memcpy(t->ids[t->n], rec->id, sizeof(rec->id));
	t->roots[t->n++] = rec->root;
	rec->root = NULL;
	return NULL;
}

static void
taken_free(struct taken *t)
{
	while (t->n)
		bops_node_free(t->roots[--t->n]);
}

/*
 * Read-only (frozen) records are the records select decodes otherwise:
 * the same ids, trees and packed bytes, with or without a filter.
 */
static void
select_frozen_gives_the_same_records(void **state)
{
	static const char *const filters[] = { NULL, "title~e", "id=t2",
	    "title~zzz" };
	static const size_t counts[] = { 4, 2, 1, 0 };
	struct ws_fixture *f = *state;
	const struct bops_schema *schema;
	struct bops_input_ctx ictx;
	struct bops_buf pa = BOPS_BUF_INIT, pb = BOPS_BUF_INIT;
	struct taken a, b;
	size_t i, k;

	add_task(f, "t1", "Quarterly review: prepare the deck");
	add_task(f, "t2", "Überprüfung der Verträge");
	add_task(f, "t3", "会議の準備をする");
	add_task(f, "t4", "Подготовить отчёт о продажах");
	assert_null(bops_ws_schema(&schema, f->ws, &bops_kind_task));
	bops_ws_input_ctx(f->ws, &ictx);
	for (i = 0; i < N(filters); i++) {
		struct bops_query *q = bops_query_new(schema, &ictx, NULL,
		    NULL);

		if (filters[i])
			assert_null(bops_query_filter(q, filters[i]));
		memset(&a, 0, sizeof(a));
		memset(&b, 0, sizeof(b));
		assert_null(bops_store_select(f->ws, &bops_kind_task, NULL, q,
		    0, take_one, NULL, &a));
		assert_null(bops_store_select(f->ws, &bops_kind_task, NULL, q,
		    BOPS_STORE_FROZEN, take_one, NULL, &b));
		assert_int_equal(a.n, counts[i]);
		assert_int_equal(a.n, b.n);
		for (k = 0; k < a.n; k++) {
			assert_string_equal(a.ids[k], b.ids[k]);
			assert_true(bops_node_equal(a.roots[k], b.roots[k]));
			bops_buf_reset(&pa);
			bops_buf_reset(&pb);
			bops_node_pack(&pa, a.roots[k]);
			bops_node_pack(&pb, b.roots[k]);
			assert_int_equal(pa.len, pb.len);
			assert_memory_equal(pa.ptr, pb.ptr, pa.len);
		}
		taken_free(&a);
		taken_free(&b);
		bops_query_free(q);
	}
	bops_buf_release(&pa);
	bops_buf_release(&pb);
}

/* Set task id's status, in a commit of its own. */
static void
set_status(struct ws_fixture *f, const char *id, const char *status)
{
	struct bops_txn *txn = NULL;
	struct bops_record *rec = NULL;

	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_txn_load(&rec, txn, &bops_kind_task, id));
	assert_null(bops_record_set(rec, f->ws, "status", status));
	assert_null(bops_txn_put(txn, rec, NULL));
	assert_null(bops_txn_commit(txn, "status", NULL));
	bops_record_free(rec);
	bops_txn_free(txn);
}

/*
 * BOPS_STORE_OPEN leaves out the records the kind's rule calls finished,
 * told from the packed status, as a filter of the decoded records on
 * bops_record_finished does, in the fast path and in the one that
 * decodes every record (a filter on a field past the cache's key
 * table); bops_store_select_count counts what select gives.
 */
static void
select_open_and_count_agree_with_the_records(void **state)
{
	static const char *const filters[] = { NULL, "title~a", "x_f70=v70",
	    "status=done" };
	static const char bad[] = "title: Bad\ncolour: red\n";
	struct ws_fixture *f = *state;
	const struct bops_schema *schema;
	struct bops_input_ctx ictx;
	struct bops_buf wide = BOPS_BUF_INIT;
	struct bops_change changes[2] = {
		{ .path = "tasks/ba/bad.yaml", .data = bad,
		    .len = sizeof(bad) - 1 },
		{ .path = "tasks/wi/wide.yaml" },
	};
	struct taken all, open;
	size_t i, k, n, want;
	int j;

	bops_buf_puts(&wide, "title: Wide and done\nstatus: done\n");
	for (j = 1; j <= 70; j++)
		bops_buf_printf(&wide, "x_f%d: v%d\n", j, j);
	bops_buf_puts(&wide, "created: 2026-11-02T09:00:00Z\n"
	    "updated: 2026-11-02T09:00:00Z\n"
	    "finished: 2026-11-02T09:00:00Z\n");
	changes[1].data = wide.ptr;
	changes[1].len = wide.len;
	add_task(f, "t1", "Plan the launch");
	add_task(f, "t2", "Gọi lại cho khách hàng");
	add_task(f, "t3", "Prepare a report");
	commit_raw(f, changes, 2);
	set_status(f, "t2", "done");
	set_status(f, "t3", "processing");
	assert_null(bops_ws_schema(&schema, f->ws, &bops_kind_task));
	bops_ws_input_ctx(f->ws, &ictx);
	for (i = 0; i < N(filters); i++) {
		struct bops_query *q = bops_query_new(schema, &ictx, NULL,
		    NULL);

		if (filters[i])
			assert_null(bops_query_filter(q, filters[i]));
		memset(&all, 0, sizeof(all));
		memset(&open, 0, sizeof(open));
		assert_null(bops_store_select(f->ws, &bops_kind_task, NULL, q,
		    0, take_one, NULL, &all));
		assert_null(bops_store_select(f->ws, &bops_kind_task, NULL, q,
		    BOPS_STORE_OPEN, take_one, NULL, &open));
		for (k = want = 0; k < all.n; k++) {
			const char *st = bops_node_map_str(all.roots[k],
			    "status");

			if (bops_board_done(f->ws, st))
				continue;
			assert_true(want < open.n);
			assert_string_equal(open.ids[want], all.ids[k]);
			want++;
		}
		assert_int_equal(open.n, want);
		if (filters[i] == NULL) {	/* 4 valid, 2 of them done */
			assert_int_equal(all.n, 4);
			assert_int_equal(open.n, 2);
		}
		assert_null(bops_store_select_count(&n, f->ws, &bops_kind_task,
		    NULL, q, 0, NULL, NULL));
		assert_int_equal(n, all.n);
		assert_null(bops_store_select_count(&n, f->ws, &bops_kind_task,
		    NULL, q, BOPS_STORE_OPEN, NULL, NULL));
		assert_int_equal(n, open.n);
		taken_free(&all);
		taken_free(&open);
		bops_query_free(q);
	}
	bops_buf_release(&wide);
}

static void
cache_of_an_older_commit_is_not_written(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_buf cpath = BOPS_BUF_INIT;
	char first[BOPS_OID_HEXSZ + 1];
	struct bops_cache *c;
	ino_t ino;

	add_task(f, "t1", "First");
	memcpy(first, f->ws->head, sizeof(first));
	add_task(f, "t2", "Second");
	bops_buf_printf(&cpath, "%sbops/cache/task",
	    bops_repo_gitdir(f->ws->repo));
	assert_null(bops_cache_open(&c, f->ws, &bops_kind_task, NULL));
	assert_int_equal(bops_cache_count(c), 2);
	bops_cache_close(c);
	ino = inode_of(cpath.ptr);
	assert_null(bops_cache_open(&c, f->ws, &bops_kind_task, first));
	assert_int_equal(bops_cache_count(c), 1);
	assert_string_equal(bops_cache_entry(c, 0)->id, "t1");
	bops_cache_close(c);
	assert_true(inode_of(cpath.ptr) == ino);
	bops_buf_release(&cpath);
}

static void
load_refuses_a_hand_edited_file(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	struct bops_txn *txn;
	struct bops_record *rec = (struct bops_record *)f;
	char *file;

	add_task(f, "t1", "First");
	spit(f, "tasks/t1/t1.yaml", "title: Edited by hand\n");
	assert_null(bops_txn_begin(&txn, f->ws));
	err = bops_txn_load(&rec, txn, &bops_kind_task, "t1");
	assert_non_null(err);
	assert_null(rec);
	assert_int_equal(err->code, BOPS_ERR_DIRTY);
	assert_string_equal(err->msg, "tasks/t1/t1.yaml: has uncommitted "
	    "changes; commit them with git, or discard them with "
	    "`git checkout -- tasks/t1/t1.yaml`");
	/* Left as it was. */
	file = slurp(f, "tasks/t1/t1.yaml");
	assert_string_equal(file, "title: Edited by hand\n");
	free(file);

	/* A deleted work-tree file is a change too. */
	bops_txn_free(txn);
	assert_int_equal(run(NULL, "rm '%s/tasks/t1/t1.yaml'", f->path), 0);
	assert_null(bops_txn_begin(&txn, f->ws));
	err = bops_txn_load(&rec, txn, &bops_kind_task, "t1");
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_DIRTY);
	bops_txn_free(txn);
}

static void
begin_waits_for_the_workspace_lock(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	struct bops_txn *a, *b = (struct bops_txn *)f;

	f->ws->lock_timeout_ms = 0;
	assert_null(bops_txn_begin(&a, f->ws));
	err = bops_txn_begin(&b, f->ws);
	assert_non_null(err);
	assert_null(b);
	assert_int_equal(err->code, BOPS_ERR_LOCKED);
	bops_txn_free(a);
	assert_null(bops_txn_begin(&b, f->ws));
	bops_txn_free(b);
	bops_txn_free(NULL);
}

static void
delete_removes_the_file_and_its_empty_shard(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	struct bops_txn *txn;
	struct bops_record *rec;
	struct bops_buf out = BOPS_BUF_INIT;

	add_task(f, "t1", "First");
	add_task(f, "t2", "Second");
	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_txn_load(&rec, txn, &bops_kind_task, "t1"));
	assert_null(bops_txn_delete(txn, rec));
	assert_int_equal(bops_txn_count(txn), 1);
	assert_null(bops_txn_commit(txn, "task t1: remove", NULL));
	bops_record_free(rec);
	bops_txn_free(txn);
	assert_false(exists(f, "tasks/t1/t1.yaml"));
	assert_false(exists(f, "tasks/t1"));
	assert_true(exists(f, "tasks/t2/t2.yaml"));
	assert_int_equal(run(&out, GIT "'%s' log -1 --format=%%s "
	    "--name-status", f->path), 0);
	assert_string_equal(out.ptr,
	    "task t1: remove\n\nD\ttasks/t1/t1.yaml\n");
	assert_status_clean(f);
	err = bops_store_read(&rec, f->ws, &bops_kind_task, NULL, "t1");
	assert_int_equal(err->code, BOPS_ERR_NOT_FOUND);

	/* A record that was never saved cannot be deleted. */
	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_record_new(&rec, f->ws, &bops_kind_task, "t9"));
	err = bops_txn_delete(txn, rec);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_NOT_FOUND);
	assert_string_equal(err->msg, "no task 't9'");
	bops_record_free(rec);
	bops_txn_free(txn);
	bops_buf_release(&out);
}

/* A path staged twice in one transaction is one change: the last. */
static void
a_second_change_of_a_path_replaces_the_first(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_txn *txn;
	struct bops_record *rec;
	struct bops_buf out = BOPS_BUF_INIT;
	char *file;

	add_task(f, "t1", "Erste");
	add_task(f, "t2", "Zweite");
	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_txn_load(&rec, txn, &bops_kind_task, "t1"));
	assert_null(bops_record_set(rec, f->ws, "title", "Erste, neu"));
	assert_null(bops_txn_put(txn, rec, NULL));
	assert_null(bops_txn_delete(txn, rec));
	assert_int_equal(bops_txn_count(txn), 1);
	bops_record_free(rec);
	assert_null(bops_txn_load(&rec, txn, &bops_kind_task, "t2"));
	assert_null(bops_txn_delete(txn, rec));
	assert_null(bops_record_set(rec, f->ws, "title", "Zweite, neu"));
	assert_null(bops_txn_put(txn, rec, NULL));
	assert_int_equal(bops_txn_count(txn), 2);
	assert_null(bops_txn_commit(txn, "two changes", NULL));
	bops_record_free(rec);
	bops_txn_free(txn);
	assert_false(exists(f, "tasks/t1/t1.yaml"));
	file = slurp(f, "tasks/t2/t2.yaml");
	assert_non_null(strstr(file, "title: Zweite, neu\n"));
	free(file);
	assert_int_equal(run(&out, GIT "'%s' log -1 --format=%%s "
	    "--name-status", f->path), 0);
	assert_string_equal(out.ptr,
	    "two changes\n\nD\ttasks/t1/t1.yaml\nM\ttasks/t2/t2.yaml\n");
	assert_status_clean(f);
	bops_buf_release(&out);
}

static void
put_file_and_delete_file_stage_raw_files(void **state)
{
	static const char readme[] = "read me\n";
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	struct bops_txn *txn;
	char *cfg, *file;

	/* The same bytes as HEAD: nothing to do. */
	cfg = slurp(f, "bops.yaml");
	assert_non_null(cfg);
	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_txn_put_file(txn, "bops.yaml", cfg, strlen(cfg)));
	assert_int_equal(bops_txn_count(txn), 0);
	/* Deleting what is not there: nothing to do. */
	assert_null(bops_txn_delete_file(txn, "docs/none.txt"));
	assert_int_equal(bops_txn_count(txn), 0);
	assert_null(bops_txn_put_file(txn, "docs/readme.txt", readme,
	    sizeof(readme) - 1));
	/* Staging a path again replaces what was staged. */
	assert_null(bops_txn_put_file(txn, "docs/readme.txt", "v0\n", 3));
	assert_null(bops_txn_put_file(txn, "docs/readme.txt", readme,
	    sizeof(readme) - 1));
	assert_int_equal(bops_txn_count(txn), 1);
	assert_null(bops_txn_commit(txn, "add readme", NULL));
	bops_txn_free(txn);
	file = slurp(f, "docs/readme.txt");
	assert_string_equal(file, readme);
	free(file);
	assert_status_clean(f);

	/* A hand edit blocks both. */
	spit(f, "docs/readme.txt", "edited\n");
	assert_null(bops_txn_begin(&txn, f->ws));
	err = bops_txn_put_file(txn, "docs/readme.txt", "new\n", 4);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_DIRTY);
	err = bops_txn_delete_file(txn, "docs/readme.txt");
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_DIRTY);
	assert_int_equal(bops_txn_count(txn), 0);
	bops_txn_free(txn);
	spit(f, "docs/readme.txt", readme);

	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_txn_delete_file(txn, "docs/readme.txt"));
	assert_int_equal(bops_txn_count(txn), 1);
	assert_null(bops_txn_commit(txn, "remove readme", NULL));
	bops_txn_free(txn);
	assert_false(exists(f, "docs/readme.txt"));
	assert_false(exists(f, "docs"));
	assert_status_clean(f);
	free(cfg);
}

/* Bytes for a record or bops.yaml must read back; others are opaque. */
static void
put_file_refuses_records_and_config_that_would_not_read_back(void **state)
{
	static const struct {
		const char *path;
		const char *data;
		const char *msg;
	} rows[] = {
		{ "tasks/t1/t1.yaml", "title: x\n<<<<<<< HEAD\n",
		    "tasks/t1/t1.yaml: would not read back (2:1: merge "
		    "conflict marker)" },
		{ "tasks/t1/t1.yaml", "title: x\ncolour: red\n",
		    "tasks/t1/t1.yaml: would not read back (2:1: unknown "
		    "field 'colour')" },
		{ "okrs/o.yaml", "status: active\n",
		    "okrs/o.yaml: would not read back (1:1: missing required "
		    "field 'title')" },
		{ "bops.yaml", "name: x\ntimezone: Mars/Olympus\n",
		    "bops.yaml: would not read back (2:11: unknown time zone "
		    "'Mars/Olympus')" },
		{ "bops.yaml", "", "bops.yaml: would not read back (1:1: "
		    "empty document)" },
	};
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	struct bops_txn *txn;
	struct bops_buf big = BOPS_BUF_INIT;
	size_t i;

	assert_null(bops_txn_begin(&txn, f->ws));
	for (i = 0; i < N(rows); i++) {
		err = bops_txn_put_file(txn, rows[i].path, rows[i].data,
		    strlen(rows[i].data));
		assert_non_null(err);
		assert_int_equal(err->code, BOPS_ERR_INVALID);
		assert_string_equal(err->msg, rows[i].msg);
	}
	bops_buf_puts(&big, "title: x\nnotes: ");
	bops_buf_pad(&big, 'a', BOPS_YAML_MAX_SIZE);
	err = bops_txn_put_file(txn, "tasks/t1/t1.yaml", big.ptr, big.len);
	assert_non_null(err);
	assert_string_equal(err->msg, "tasks/t1/t1.yaml: too large to write "
	    "(1048592 bytes, at most 1048576)");
	assert_int_equal(bops_txn_count(txn), 0);
	/* What is not a record nor the config is not bops's to judge. */
	assert_null(bops_txn_put_file(txn, "docs/x.yaml", "<<<<<<< x\n", 10));
	assert_null(bops_txn_put_file(txn, "tasks/t1/t1.yaml",
	    "title: x\n", 9));
	assert_int_equal(bops_txn_count(txn), 2);
	bops_txn_free(txn);
	bops_buf_release(&big);
}

static void
recover_finishes_an_interrupted_commit(void **state)
{
	static const char two[] = "title: Two\nstatus: not-started\n";
	static const char newer[] = "title: New\nstatus: not-started\n";
	static const char theirs[] = "title: Hand\nstatus: not-started\n";
	struct ws_fixture *f = *state;
	struct bops_buf journal = BOPS_BUF_INIT, jpath = BOPS_BUF_INIT;
	struct bops_change changes[5] = {
		{ .path = "tasks/t1/t1.yaml", .data = two,
		    .len = sizeof(two) - 1 },
		{ .path = "tasks/t2/t2.yaml", .data = newer,
		    .len = sizeof(newer) - 1 },
		{ .path = "tasks/t3/t3.yaml", .data = NULL, .len = 0 },
		{ .path = "tasks/t4/t4.yaml", .data = two,
		    .len = sizeof(two) - 1 },
		/* Named like a temp file, but committed: kept. */
		{ .path = "tasks/t1/t1.yaml.0123456789.bops-tmp",
		    .data = two, .len = sizeof(two) - 1 },
	};
	struct bops_record *r1, *r3, *r4;
	struct bops_txn *txn;
	char *file;

	add_task(f, "t1", "One");
	add_task(f, "t3", "Three");
	add_task(f, "t4", "Four");
	assert_null(bops_store_read(&r1, f->ws, &bops_kind_task, NULL, "t1"));
	assert_null(bops_store_read(&r3, f->ws, &bops_kind_task, NULL, "t3"));
	assert_null(bops_store_read(&r4, f->ws, &bops_kind_task, NULL, "t4"));

	/*
	 * A writer journals, commits, and dies before the work tree: t1
	 * changed, t2 added, t3 deleted, t4 changed but hand-edited since.
	 */
	bops_buf_printf(&journal, "%s tasks/t1/t1.yaml\n- tasks/t2/t2.yaml\n"
	    "%s tasks/t3/t3.yaml\n%s tasks/t4/t4.yaml\n", r1->blob, r3->blob,
	    r4->blob);
	bops_buf_printf(&jpath, "%sbops/journal",
	    bops_repo_gitdir(f->ws->repo));
	assert_null(bops_file_write_atomic(jpath.ptr, journal.ptr,
	    journal.len));
	commit_raw(f, changes, N(changes));
	spit(f, "tasks/t1/t1.yaml.0123456789.bops-tmp", two);
	assert_int_equal(run(NULL, GIT "'%s' add "
	    "tasks/t1/t1.yaml.0123456789.bops-tmp", f->path), 0);
	spit(f, "tasks/t1/t1.yaml.k3f9x2m7qa.bops-tmp", "half a fi");
	spit(f, "tasks/t2/t2.yaml.abcdefghjk.bops-tmp", "half a fi");
	spit(f, "tasks/t4/t4.yaml", theirs);
	file = slurp(f, "tasks/t1/t1.yaml");
	assert_string_not_equal(file, two);
	free(file);

	/* The next writer settles it. */
	assert_null(bops_txn_begin(&txn, f->ws));
	bops_txn_free(txn);
	assert_false(bops_file_exists(jpath.ptr));
	assert_false(exists(f, "tasks/t1/t1.yaml.k3f9x2m7qa.bops-tmp"));
	assert_false(exists(f, "tasks/t2/t2.yaml.abcdefghjk.bops-tmp"));
	file = slurp(f, "tasks/t1/t1.yaml.0123456789.bops-tmp");
	assert_string_equal(file, two);
	free(file);
	file = slurp(f, "tasks/t1/t1.yaml");
	assert_string_equal(file, two);
	free(file);
	file = slurp(f, "tasks/t2/t2.yaml");
	assert_string_equal(file, newer);
	free(file);
	assert_false(exists(f, "tasks/t3/t3.yaml"));
	/* A hand edit is never overwritten. */
	file = slurp(f, "tasks/t4/t4.yaml");
	assert_string_equal(file, theirs);
	free(file);
	assert_int_equal(run(NULL, GIT "'%s' checkout -q HEAD -- "
	    "tasks/t4/t4.yaml", f->path), 0);
	assert_status_clean(f);

	/* Nothing to do the second time. */
	assert_null(bops_store_recover(f->ws));
	bops_record_free(r1);
	bops_record_free(r3);
	bops_record_free(r4);
	bops_buf_release(&journal);
	bops_buf_release(&jpath);
}

static void
put_entry_carries_links_modes_and_submodules(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_buf out = BOPS_BUF_INIT;
	const struct bops_error *err;
	struct bops_txn *txn;
	char link[64];
	struct stat st;
	ssize_t n;

	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_txn_put_entry(txn, "notes/latest", "../bops.yaml",
	    12, BOPS_MODE_LINK));
	assert_null(bops_txn_put_entry(txn, "bin/run", "#!/bin/sh\n", 10,
	    BOPS_MODE_EXEC));
	assert_null(bops_txn_put_entry(txn, "vendor/lib", f->ws->head,
	    BOPS_OID_HEXSZ, BOPS_MODE_GITLINK));
	assert_int_equal(bops_txn_count(txn), 3);
	assert_null(bops_txn_commit(txn, "entries", NULL));
	bops_txn_free(txn);
	bops_buf_printf(&out, "%s/notes/latest", f->path);
	n = readlink(out.ptr, link, sizeof(link) - 1);
	assert_int_equal(n, 12);
	link[n] = '\0';
	assert_string_equal(link, "../bops.yaml");
	bops_buf_reset(&out);
	bops_buf_printf(&out, "%s/bin/run", f->path);
	assert_int_equal(stat(out.ptr, &st), 0);
	assert_true(st.st_mode & 0100);
	bops_buf_reset(&out);
	bops_buf_printf(&out, "%s/vendor/lib", f->path);
	assert_int_equal(lstat(out.ptr, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(run(&out, GIT "'%s' ls-tree -r HEAD | cut -c1-6 | "
	    "sort | tr '\\n' ' '", f->path), 0);
	assert_string_equal(out.ptr, "100644 100644 100755 120000 160000 ");
	assert_status_clean(f);

	/* The same again: nothing; new bytes for the script keep its mode. */
	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_txn_put_entry(txn, "notes/latest", "../bops.yaml",
	    12, BOPS_MODE_LINK));
	assert_int_equal(bops_txn_count(txn), 0);
	assert_null(bops_txn_put_file(txn, "bin/run", "#!/bin/sh -e\n", 13));
	assert_null(bops_txn_commit(txn, "script", NULL));
	bops_txn_free(txn);
	assert_int_equal(run(&out, GIT "'%s' ls-tree HEAD bin/run | "
	    "cut -c1-6", f->path), 0);
	assert_string_equal(out.ptr, "100755\n");
	assert_status_clean(f);

	/* A link changed by hand blocks a change, like a hand edit. */
	bops_buf_reset(&out);
	bops_buf_printf(&out, "%s/notes/latest", f->path);
	assert_int_equal(unlink(out.ptr), 0);
	assert_int_equal(symlink("elsewhere", out.ptr), 0);
	assert_null(bops_txn_begin(&txn, f->ws));
	err = bops_txn_put_entry(txn, "notes/latest", "../README", 9,
	    BOPS_MODE_LINK);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_DIRTY);
	assert_int_equal(bops_txn_count(txn), 0);
	bops_txn_free(txn);
	n = readlink(out.ptr, link, sizeof(link) - 1);
	assert_int_equal(n, 9);
	bops_buf_release(&out);
}

static void
writes_through_a_link_are_refused_before_the_commit(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_buf out = BOPS_BUF_INIT, target = BOPS_BUF_INIT;
	const struct bops_error *err;
	struct bops_record *rec = NULL;
	struct bops_txn *txn;
	int before;

	/* A shard that points outside the workspace. */
	bops_buf_printf(&target, "%s/outside", f->dir);
	assert_int_equal(mkdir(target.ptr, 0755), 0);
	assert_null(bops_file_mkdirs(f->path));
	bops_buf_printf(&out, "%s/tasks", f->path);
	assert_int_equal(mkdir(out.ptr, 0755), 0);
	bops_buf_puts(&out, "/ab");
	assert_int_equal(symlink(target.ptr, out.ptr), 0);
	before = count_commits(f);
	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_record_new(&rec, f->ws, &bops_kind_task, "abc"));
	assert_null(bops_record_set(rec, f->ws, "title", "Outside"));
	err = bops_txn_put(txn, rec, NULL);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
	assert_string_equal(err->msg, "'tasks/ab' is a symbolic link: bops "
	    "never reads or writes through one; remove it, or restore what "
	    "HEAD holds with `git checkout -- tasks/ab`");
	err = bops_txn_put_file(txn, "tasks/ab/x", "x\n", 2);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
	assert_int_equal(bops_txn_count(txn), 0);
	bops_txn_free(txn);
	assert_int_equal(count_commits(f), before);
	assert_int_equal(rmdir(target.ptr), 0);	/* still empty */
	bops_record_free(rec);
	bops_buf_release(&out);
	bops_buf_release(&target);
}

static void
recover_ignores_a_torn_journal_line(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_buf jpath = BOPS_BUF_INIT;
	char *file;

	add_task(f, "t1", "One");
	spit(f, "tasks/t1/t1.yaml", "title: Hand\n");
	bops_buf_printf(&jpath, "%sbops/journal",
	    bops_repo_gitdir(f->ws->repo));
	/* The commit never ran: HEAD is what the journal's "old" says. */
	assert_null(bops_file_write_atomic(jpath.ptr, "- tasks/t1/t1.y", 15));
	assert_null(bops_store_recover(f->ws));
	assert_false(bops_file_exists(jpath.ptr));
	file = slurp(f, "tasks/t1/t1.yaml");
	assert_string_equal(file, "title: Hand\n");
	free(file);
	bops_buf_release(&jpath);
}

#define T(name) cmocka_unit_test_prestate_setup_teardown(name, ws_setup, \
    ws_teardown, &ws_opts)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(put_and_commit_make_one_commit_and_the_file),
		T(put_without_change_stages_and_commits_nothing),
		T(commit_subject_is_one_safe_line),
		T(put_of_a_new_record_refuses_a_taken_id),
		T(put_refuses_an_invalid_record),
		T(resolve_finds_ids_and_unique_prefixes),
		T(read_and_load_report_missing_records),
		T(each_visits_in_id_order_and_warns_of_invalid_ones),
		T(all_gives_each_valid_record_with_its_blob),
		T(txn_each_sees_staged_records_and_passes_warnings_on),
		T(field_each_gives_ids_by_prefix_with_their_text),
		T(each_of_an_empty_workspace_visits_nothing),
		T(max_finds_the_greatest_value_of_a_field),
		T(max_is_remembered_and_agrees_with_the_scan),
		T(fields_give_packed_values_and_warn_of_invalid_ones),
		T(select_open_and_count_agree_with_the_records),
		T(count_counts_records_whose_field_holds_the_value),
		T(each_at_an_older_commit_sees_that_commit),
		T(cache_file_is_written_and_used),
		T(cache_of_an_older_commit_is_not_written),
		T(load_refuses_a_hand_edited_file),
		T(begin_waits_for_the_workspace_lock),
		T(delete_removes_the_file_and_its_empty_shard),
		T(a_second_change_of_a_path_replaces_the_first),
		T(put_file_and_delete_file_stage_raw_files),
		T(put_file_refuses_records_and_config_that_would_not_read_back),
		T(recover_finishes_an_interrupted_commit),
		T(select_frozen_gives_the_same_records),
		T(recover_ignores_a_torn_journal_line),
		T(put_entry_carries_links_modes_and_submodules),
		T(writes_through_a_link_are_refused_before_the_commit),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
