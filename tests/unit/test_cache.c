#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "cache.h"
#include "error.h"
#include "file.h"
#include "git.h"
#include "hash.h"
#include "kind.h"
#include "record.h"
#include "store.h"
#include "workspace.h"
#include "sandbox.h"
#include "banned.h"

static const struct ws_fixture_opts ws_opts = { "ws", NULL, NULL };

/* Add a task with id and title in its own transaction. */
static void
add_task(struct ws_fixture *f, const char *id, const char *title)
{
	const struct bops_error *err;
	struct bops_txn *txn = NULL;
	struct bops_record *rec = NULL;
	bool changed = false;

	if ((err = bops_txn_begin(&txn, f->ws)) ||
	    (err = bops_record_new(&rec, f->ws, &bops_kind_task, id)) ||
	    (err = bops_record_set(rec, f->ws, "title", title)) ||
	    (err = bops_txn_put(txn, rec, &changed)) ||
	    (err = bops_txn_commit(txn, "task: add", NULL)))
		fail_msg("add %s: %s", id, err->msg);
	bops_record_free(rec);
	bops_txn_free(txn);
}

/* Wait until the clock tick of path's change time is over. */
static void
past_tick(const char *path)
{
	struct timespec now;
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	do {
		usleep(2000);
		assert_int_equal(clock_gettime(CLOCK_REALTIME_COARSE, &now), 0);
	} while (now.tv_sec < st.st_ctim.tv_sec || (now.tv_sec ==
	    st.st_ctim.tv_sec && now.tv_nsec <= st.st_ctim.tv_nsec));
}

/*
 * Change "Second" to "Sekond" in the cache file in place, its size and
 * modification time kept (its change time cannot be).
 */
static void
change_in_place(const char *path)
{
	struct bops_buf data = BOPS_BUF_INIT;
	struct timespec times[2];
	struct stat st;
	char *p;
	int fd;

	assert_int_equal(stat(path, &st), 0);
	assert_null(bops_file_read(&data, path, 0));
	p = memmem(data.ptr, data.len, "Second", 6);
	assert_non_null(p);
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, "Sekond", 6, p - data.ptr), 6);
	times[0] = st.st_atim;
	times[1] = st.st_mtim;
	assert_int_equal(futimens(fd, times), 0);
	assert_int_equal(close(fd), 0);
	bops_buf_release(&data);
}

static void
paths(struct ws_fixture *f, struct bops_buf *cache, struct bops_buf *rec)
{
	bops_buf_printf(cache, "%sbops/cache/task",
	    bops_repo_gitdir(f->ws->repo));
	bops_buf_printf(rec, "%s.stat", cache->ptr);
}

/* The title of every entry, which the cache must still give right. */
static void
assert_titles_right(struct ws_fixture *f)
{
	struct bops_cache *c;
	size_t i;

	assert_null(bops_cache_open(&c, f->ws, &bops_kind_task, NULL));
	assert_int_equal(bops_cache_count(c), 2);
	for (i = 0; i < 2; i++) {
		const struct bops_cache_entry *e = bops_cache_entry(c, i);

		assert_true(e->valid);
		assert_null(memmem(e->data, e->len, "Sekond", 6));
	}
	bops_cache_close(c);
}

static void
a_cache_written_then_changed_is_not_recorded(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_buf cpath = BOPS_BUF_INIT, spath = BOPS_BUF_INIT;
	struct bops_cache *c;

	add_task(f, "t1", "First");
	add_task(f, "t2", "Second");
	paths(f, &cpath, &spath);
	(void)unlink(cpath.ptr);
	(void)unlink(spath.ptr);
	/* Built and written by this open; changed before it is closed. */
	assert_null(bops_cache_open(&c, f->ws, &bops_kind_task, NULL));
	change_in_place(cpath.ptr);
	past_tick(cpath.ptr);
	bops_cache_close(c);
	assert_false(bops_file_exists(spath.ptr));
	assert_titles_right(f);
	bops_buf_release(&cpath);
	bops_buf_release(&spath);
}

static void
a_cache_checksummed_then_changed_is_not_recorded(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_buf cpath = BOPS_BUF_INIT, spath = BOPS_BUF_INIT;
	struct bops_cache *c;

	add_task(f, "t1", "First");
	add_task(f, "t2", "Second");
	paths(f, &cpath, &spath);
	assert_null(bops_cache_open(&c, f->ws, &bops_kind_task, NULL));
	bops_cache_close(c);
	(void)unlink(spath.ptr);
	past_tick(cpath.ptr);
	/* Mapped and checksummed by this open; changed before its close. */
	assert_null(bops_cache_open(&c, f->ws, &bops_kind_task, NULL));
	change_in_place(cpath.ptr);
	past_tick(cpath.ptr);
	bops_cache_close(c);
	assert_false(bops_file_exists(spath.ptr));
	assert_titles_right(f);
	/* Untouched, the same file is recorded. */
	past_tick(cpath.ptr);
	assert_null(bops_cache_open(&c, f->ws, &bops_kind_task, NULL));
	bops_cache_close(c);
	assert_true(bops_file_exists(spath.ptr));
	bops_buf_release(&cpath);
	bops_buf_release(&spath);
}

static void
put32_at(unsigned char *p, uint32_t v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
	p[2] = (v >> 16) & 0xff;
	p[3] = (v >> 24) & 0xff;
}

/*
 * Write count into the header of the cache file at path and seal it with
 * a checksum made again, so that only the count is wrong.
 */
static void
set_count(const char *path, uint32_t count)
{
	struct bops_buf data = BOPS_BUF_INIT;
	unsigned char *p, *end;
	uint64_t sum;
	char *nl;

	assert_null(bops_file_read(&data, path, 0));
	assert_true(data.len > 32);
	/* The key line is two lines: the magic, then tree, config, schema. */
	nl = memchr(data.ptr, '\n', data.len);
	assert_non_null(nl);
	nl = memchr(nl + 1, '\n', data.len - (size_t)(nl + 1 - data.ptr));
	assert_non_null(nl);
	p = (unsigned char *)nl + 1;
	put32_at(p, count);
	end = (unsigned char *)data.ptr + data.len - 8;
	sum = bops_checksum(data.ptr, data.len - 8);
	put32_at(end, (uint32_t)sum);
	put32_at(end + 4, (uint32_t)(sum >> 32));
	assert_null(bops_file_write_cache(path, data.ptr, data.len));
	bops_buf_release(&data);
}

/*
 * The table of entries is made at the count in the file's header: a
 * count larger or smaller than the entries present, even one no file
 * could hold, is a damaged file, built again, never read past.
 */
static void
a_cache_whose_count_lies_is_built_again(void **state)
{
	static const uint32_t counts[] = { 0, 1, 2, 4, 5, 1000, 0x7fffffff,
	    0xffffffff };
	static const char *const ids[] = { "t1", "t2", "t3" };
	struct ws_fixture *f = *state;
	struct bops_buf cpath = BOPS_BUF_INIT, spath = BOPS_BUF_INIT;
	struct bops_cache *c;
	size_t i, j;

	add_task(f, "t1", "First");
	add_task(f, "t2", "Second");
	add_task(f, "t3", "Third");
	paths(f, &cpath, &spath);
	assert_null(bops_cache_open(&c, f->ws, &bops_kind_task, NULL));
	bops_cache_close(c);
	for (i = 0; i < N(counts); i++) {
		set_count(cpath.ptr, counts[i]);
		(void)unlink(spath.ptr);
		assert_null(bops_cache_open(&c, f->ws, &bops_kind_task,
		    NULL));
		if (bops_cache_count(c) != N(ids))
			fail_msg("count %u: %zu entries", counts[i],
			    bops_cache_count(c));
		for (j = 0; j < N(ids); j++) {
			const struct bops_cache_entry *e = bops_cache_entry(c,
			    j);

			assert_string_equal(e->id, ids[j]);
			assert_true(e->valid);
			assert_non_null(memmem(e->data, e->len, j == 0 ?
			    "First" : j == 1 ? "Second" : "Third", j == 1 ?
			    6 : 5));
		}
		assert_null(bops_cache_entry(c, N(ids)));
		bops_cache_close(c);
	}
	bops_buf_release(&cpath);
	bops_buf_release(&spath);
}

/*
 * Add delta to byte at of row `row` of the n rows at the end of the cache
 * file at path, and seal it with a checksum made again.
 */
static void
bump_row(const char *path, size_t n, size_t row, size_t at, int delta)
{
	struct bops_buf data = BOPS_BUF_INIT;
	unsigned char *end;
	uint64_t sum;

	assert_null(bops_file_read(&data, path, 0));
	end = (unsigned char *)data.ptr + data.len - 8;
	end[-(ptrdiff_t)((n - row) * 16) + (ptrdiff_t)at] += (unsigned char)delta;
	sum = bops_checksum(data.ptr, data.len - 8);
	put32_at(end, (uint32_t)sum);
	put32_at(end + 4, (uint32_t)(sum >> 32));
	assert_null(bops_file_write_cache(path, data.ptr, data.len));
	bops_buf_release(&data);
}

/*
 * The table of entries is made from the rows at the end of the file,
 * without reading the entries: a row that does not describe its entry
 * (where it or its data starts, its length, its id's length, its flag
 * of validity, its number of offsets, its last byte) is a damaged file,
 * built again, never read past.
 */
static void
a_cache_whose_rows_lie_is_built_again(void **state)
{
	static const struct { size_t at; int delta; } lies[] = {
		{ 0, 1 }, { 0, -1 }, { 3, 1 }, { 4, 1 }, { 4, -4 }, { 7, 0x10 },
		{ 8, 1 }, { 8, -1 }, { 11, 0x40 }, { 12, 1 }, { 12, -1 },
		{ 13, 1 }, { 13, -1 }, { 14, 1 }, { 14, 100 }, { 15, 1 },
	};
	static const char *const ids[] = { "t1", "t2", "t3" };
	struct ws_fixture *f = *state;
	struct bops_buf cpath = BOPS_BUF_INIT, spath = BOPS_BUF_INIT;
	struct bops_buf good = BOPS_BUF_INIT, now = BOPS_BUF_INIT;
	struct bops_cache *c;
	size_t i, j, row;

	add_task(f, "t1", "First");
	add_task(f, "t2", "Second");
	add_task(f, "t3", "Third");
	paths(f, &cpath, &spath);
	assert_null(bops_cache_open(&c, f->ws, &bops_kind_task, NULL));
	bops_cache_close(c);
	assert_null(bops_file_read(&good, cpath.ptr, 0));
	for (row = 0; row < N(ids); row++)
		for (i = 0; i < N(lies); i++) {
			assert_null(bops_cache_open(&c, f->ws, &bops_kind_task,
			    NULL));
			bops_cache_close(c);
			bump_row(cpath.ptr, N(ids), row, lies[i].at,
			    lies[i].delta);
			(void)unlink(spath.ptr);
			assert_null(bops_cache_open(&c, f->ws, &bops_kind_task,
			    NULL));
			if (bops_cache_count(c) != N(ids))
				fail_msg("row %zu byte %zu: %zu entries", row,
				    lies[i].at, bops_cache_count(c));
			for (j = 0; j < N(ids); j++) {
				const struct bops_cache_entry *e =
				    bops_cache_entry(c, j);

				assert_string_equal(e->id, ids[j]);
				assert_true(e->valid);
				assert_non_null(memmem(e->data, e->len, j == 0 ?
				    "First" : j == 1 ? "Second" : "Third",
				    j == 1 ? 6 : 5));
			}
			bops_cache_close(c);
			/* Built again: the file as it was. */
			bops_buf_reset(&now);
			assert_null(bops_file_read(&now, cpath.ptr, 0));
			if (now.len != good.len || memcmp(now.ptr, good.ptr,
			    now.len))
				fail_msg("row %zu byte %zu: not built again",
				    row, lies[i].at);
		}
	bops_buf_release(&cpath);
	bops_buf_release(&spath);
	bops_buf_release(&good);
	bops_buf_release(&now);
}

static void
stamps_settle_past_their_granularity(void **state)
{
	static const struct {
		long ctime_ns, mtime_ns;	/* of a change at 1000 s */
		long now_s, now_ns;
		long fs_type;
		bool settled;
	} cases[] = {
		/* Fine stamps (ext4, tmpfs): past the tick. */
		{ 5, 5, 1000, 5, 0xef53, false },
		{ 5, 5, 1000, 4, 0xef53, false },
		{ 5, 5, 1000, 6, 0xef53, true },
		{ 5, 0, 1001, 0, 0xef53, true },
		{ 0, 5, 1000, 1, 0xef53, true },
		/* Whole seconds (FAT's 2 s, 1 s elsewhere): 2 s past. */
		{ 0, 0, 1000, 1, 0x4d44, false },
		{ 0, 0, 1001, 999999999, 0x4d44, false },
		{ 0, 0, 1002, 0, 0x4d44, true },
		{ 0, 0, 1002, 0, 0xef53, true },
		/* Network file systems: never. */
		{ 5, 5, 9000, 0, 0x6969, false },		/* NFS */
		{ 5, 5, 9000, 0, 0xff534d42, false },	/* CIFS */
		{ 5, 5, 9000, 0, (long)0xfe534d42, false },/* SMB2 */
		{ 5, 5, 9000, 0, 0x01021997, false },	/* 9p */
		{ 5, 5, 9000, 0, 0x65735546, false },	/* FUSE */
		{ 0, 0, 9000, 0, 0x6969, false },
	};
	size_t i;

	(void)state;
	for (i = 0; i < N(cases); i++) {
		struct stat st;
		struct timespec now;

		memset(&st, 0, sizeof(st));
		st.st_ctim.tv_sec = st.st_mtim.tv_sec = 1000;
		st.st_ctim.tv_nsec = cases[i].ctime_ns;
		st.st_mtim.tv_nsec = cases[i].mtime_ns;
		now.tv_sec = cases[i].now_s;
		now.tv_nsec = cases[i].now_ns;
		if (bops_cache_stamp_settled(&st, &now, cases[i].fs_type) !=
		    cases[i].settled)
			fail_msg("case %zu: want %s", i, cases[i].settled ?
			    "settled" : "not settled");
	}
}

/*
 * The delta (.git/bops/cache/<kind>.delta): a cache opened through the
 * base file and a delta must answer as one rebuilt from nothing.
 */

static uint32_t lcg_state;

static uint32_t
lcg(void)
{
	lcg_state = lcg_state * 1103515245u + 12345u;
	return (lcg_state >> 8) & 0xffffff;
}

/* Ids of many shards: two of 32 characters, then a tail. */
static void
random_id(char *id, size_t size)
{
	static const char cs[] = "0123456789abcdefghjkmnpqrstvwxyz";

	snprintf(id, size, "%c%c%c%c%u", cs[lcg() % 32], cs[lcg() % 32],
	    cs[lcg() % 32], cs[lcg() % 32], (unsigned)(lcg() % 1000));
}

static void
reopen(struct ws_fixture *f)
{
	const struct bops_error *err;

	bops_ws_close(f->ws);
	if ((err = bops_ws_open(&f->ws, &f->opts)))
		fail_msg("reopen: %s", err->msg);
}

/* Write n tasks in one commit: new ones (id NULL: random), or titles. */
static void
put_tasks(struct ws_fixture *f, const char *const *ids, size_t n,
    const char *title)
{
	const struct bops_error *err = NULL;
	struct bops_txn *txn = NULL;
	size_t i;

	if ((err = bops_txn_begin(&txn, f->ws)))
		fail_msg("begin: %s", err->msg);
	for (i = 0; i < n && err == NULL; i++) {
		struct bops_record *rec = NULL;
		char id[32];
		bool changed = false;

		if (ids && ids[i])
			err = bops_txn_load(&rec, txn, &bops_kind_task, ids[i]);
		else {
			random_id(id, sizeof(id));
			err = bops_record_new(&rec, f->ws, &bops_kind_task,
			    id);
		}
		if (err == NULL && (err = bops_record_set(rec, f->ws, "title",
		    title)) == NULL)
			err = bops_txn_put(txn, rec, &changed);
		bops_record_free(rec);
	}
	if (err || (err = bops_txn_commit(txn, "task: put", NULL)))
		fail_msg("put: %s", err->msg);
	bops_txn_free(txn);
}

/* Remove the records ids[n] in one commit. */
static void
rm_tasks(struct ws_fixture *f, const char *const *ids, size_t n)
{
	const struct bops_error *err = NULL;
	struct bops_txn *txn = NULL;
	size_t i;

	if ((err = bops_txn_begin(&txn, f->ws)))
		fail_msg("begin: %s", err->msg);
	for (i = 0; i < n && err == NULL; i++) {
		struct bops_record *rec = NULL;

		if ((err = bops_txn_load(&rec, txn, &bops_kind_task,
		    ids[i])) == NULL)
			err = bops_txn_delete(txn, rec);
		bops_record_free(rec);
	}
	if (err || (err = bops_txn_commit(txn, "task: rm", NULL)))
		fail_msg("rm: %s", err->msg);
	bops_txn_free(txn);
}

/* The same value of key `name` in every entry, or the same absence. */
static void
assert_same_values(const struct bops_cache *c, const struct bops_cache *r,
    const char *name)
{
	long kc = bops_cache_key(c, name), kr = bops_cache_key(r, name);
	size_t i;

	for (i = 0; i < bops_cache_count(r); i++) {
		const unsigned char *pc, *pr;
		size_t lc, lr;
		bool hc = bops_cache_value(bops_cache_entry(c, i), kc, &pc,
		    &lc);
		bool hr = bops_cache_value(bops_cache_entry(r, i), kr, &pr,
		    &lr);

		if (hc != hr || lc != lr || (hc && memcmp(pc, pr, lc)))
			fail_msg("%s of %s differs", name,
			    bops_cache_entry(r, i)->id);
	}
}

/* c gives what r, a cache rebuilt from nothing, gives. */
static void
assert_same_cache(const struct bops_cache *c, const struct bops_cache *r,
    char (*ids)[32], size_t max, size_t *n)
{
	static const char *const names[] = { "id", "title", "status",
	    "priority", "rank", "created", "updated", "assignee", "notes",
	    "none" };
	size_t i, k;

	assert_int_equal(bops_cache_count(c), bops_cache_count(r));
	assert_int_equal(bops_cache_keys_complete(c),
	    bops_cache_keys_complete(r));
	for (i = *n = 0; i < bops_cache_count(r); i++) {
		const struct bops_cache_entry *ec = bops_cache_entry(c, i);
		const struct bops_cache_entry *er = bops_cache_entry(r, i);

		assert_string_equal(ec->id, er->id);
		assert_memory_equal(bops_cache_entry_blob(ec),
		    bops_cache_entry_blob(er), BOPS_OID_HEXSZ);
		assert_int_equal(ec->valid, er->valid);
		assert_int_equal(ec->len, er->len);
		assert_memory_equal(ec->data, er->data, er->len);
		assert_int_equal(bops_cache_lower_bound(c, er->id), i);
		assert_int_equal(bops_cache_lower_bound(c, er->id),
		    bops_cache_lower_bound(r, er->id));
		if (er->valid && *n < max)
			snprintf(ids[(*n)++], 32, "%s", er->id);
	}
	assert_null(bops_cache_entry(c, i));
	for (k = 0; k < N(names); k++)
		assert_same_values(c, r, names[k]);
}

/*
 * The cache of f's HEAD, opened as it is, against one rebuilt from
 * nothing in a copy of the workspace without its cache directory.
 * The ids of the valid records go to ids (n of them, at most max).
 */
static void
assert_as_rebuilt(struct ws_fixture *f, char (*ids)[32], size_t max,
    size_t *n)
{
	struct ws_fixture g;
	struct bops_cache *c, *r;
	const struct bops_error *err;
	int pass;

	assert_int_equal(run(NULL, "rm -rf %s/copy && cp -a %s %s/copy && "
	    "rm -rf %s/copy/.git/bops/cache", f->dir, f->path, f->dir,
	    f->dir), 0);
	g = *f;
	snprintf(g.path, sizeof(g.path), "%s/copy", f->dir);
	g.opts.dir = g.path;
	if ((err = bops_ws_open(&g.ws, &g.opts)))
		fail_msg("open copy: %s", err->msg);
	assert_null(bops_cache_open(&r, g.ws, &bops_kind_task, NULL));
	/* As refreshed, then as opened from what the refresh wrote. */
	for (pass = 0; pass < 2; pass++) {
		assert_null(bops_cache_open(&c, f->ws, &bops_kind_task,
		    NULL));
		assert_same_cache(c, r, ids, max, n);
		bops_cache_close(c);
	}
	bops_cache_close(r);
	bops_ws_close(g.ws);
}

/* A file's bytes, or "" when it is missing. */
static void
slurp(struct bops_buf *out, const char *path)
{
	bops_buf_reset(out);
	if (bops_file_exists(path))
		assert_null(bops_file_read(out, path, 0));
}

static bool
same_bytes(const struct bops_buf *a, const struct bops_buf *b)
{
	return a->len == b->len && memcmp(a->ptr, b->ptr, a->len) == 0;
}

/* Commit 30 new records in 30 shards with plain git. */
static void
hand_commit(struct ws_fixture *f, unsigned step)
{
	struct bops_buf cmd = BOPS_BUF_INIT;
	char id[32];
	size_t i;

	bops_buf_printf(&cmd, "cd %s", f->path);
	for (i = 0; i < 30; i++) {
		random_id(id, sizeof(id));
		bops_buf_printf(&cmd, " && mkdir -p tasks/%.2s && printf "
		    "'title: Kiểm tra %u\\nstatus: todo\\n' >tasks/%.2s/%s.yaml",
		    id, step, id, id);
	}
	bops_buf_printf(&cmd, " && " GIT ". add -A && " GIT ". -c "
	    "user.name=Hand -c user.email=h@example.com commit -q -m hand");
	assert_int_equal(run(NULL, "%s", cmd.ptr), 0);
	bops_buf_release(&cmd);
}

static void
a_delta_answers_as_a_rebuilt_cache(void **state)
{
	struct ws_fixture *f = *state;
	static char ids[400][32];
	struct bops_buf cpath = BOPS_BUF_INIT, spath = BOPS_BUF_INIT;
	struct bops_buf dpath = BOPS_BUF_INIT, before = BOPS_BUF_INIT;
	struct bops_buf after = BOPS_BUF_INIT, rebuilt = BOPS_BUF_INIT;
	size_t n = 0, deltas = 0, compactions = 0;
	unsigned step;

	lcg_state = 20261202;
	paths(f, &cpath, &spath);
	bops_buf_printf(&dpath, "%s.delta", cpath.ptr);
	put_tasks(f, NULL, 300, "Quarterly plan – 東京");
	assert_as_rebuilt(f, ids, N(ids), &n);
	for (step = 0; step < 60; step++) {
		const char *one[3];
		unsigned op = lcg() % 10;

		if (op == 9 && step < 4)
			op = 0;	/* a reset, once there is history */

		assert_true(n > 0);
		slurp(&before, cpath.ptr);
		one[0] = ids[lcg() % n];
		one[1] = ids[lcg() % n];
		one[2] = NULL;
		if (op < 3)
			put_tasks(f, one, 1, step % 2 ? "Sửa lại" : "Edited");
		else if (op < 5)
			put_tasks(f, NULL, 1, "New");
		else if (op == 5)
			rm_tasks(f, one, strcmp(one[0], one[1]) ? 1 + step % 2 :
			    1);
		else if (op == 6)
			put_tasks(f, one, 3, "Three shards");
		else if (op == 7)
			hand_commit(f, step);
		else if (op == 8)
			assert_int_equal(run(NULL, GIT "%s gc -q", f->path),
			    0);
		else
			assert_int_equal(run(NULL, GIT "%s reset -q --hard "
			    "HEAD~2", f->path), 0);
		reopen(f);
		assert_as_rebuilt(f, ids, N(ids), &n);
		slurp(&after, cpath.ptr);
		if (same_bytes(&before, &after) && bops_file_exists(dpath.ptr))
			deltas++;
		else if (!same_bytes(&before, &after)) {
			/* A compaction is what a rebuild from nothing writes. */
			bops_buf_reset(&rebuilt);
			bops_buf_printf(&rebuilt, "%s/copy/.git/bops/cache/task",
			    f->dir);
			slurp(&before, rebuilt.ptr);
			if (!same_bytes(&before, &after))
				fail_msg("step %u: the compacted base is not "
				    "the rebuilt one", step);
			compactions++;
		}
	}
	if (deltas < 20 || compactions < 3)
		fail_msg("%zu deltas, %zu compactions", deltas, compactions);
	bops_buf_release(&cpath);
	bops_buf_release(&spath);
	bops_buf_release(&dpath);
	bops_buf_release(&before);
	bops_buf_release(&after);
	bops_buf_release(&rebuilt);
}

/* The cache files of f: base, delta, .shards; .stat records none. */
struct files {
	struct bops_buf base, delta, shards;
};

static void
cache_file(struct bops_buf *out, struct ws_fixture *f, const char *ext)
{
	bops_buf_reset(out);
	bops_buf_printf(out, "%sbops/cache/task%s",
	    bops_repo_gitdir(f->ws->repo), ext);
}

static void
files_save(struct files *fs, struct ws_fixture *f)
{
	struct bops_buf p = BOPS_BUF_INIT;

	cache_file(&p, f, "");
	slurp(&fs->base, p.ptr);
	cache_file(&p, f, ".delta");
	slurp(&fs->delta, p.ptr);
	cache_file(&p, f, ".shards");
	slurp(&fs->shards, p.ptr);
	bops_buf_release(&p);
}

/* Put the files back, the delta as data[len] (NULL: none). */
static void
files_put(struct files *fs, struct ws_fixture *f, const void *data,
    size_t len)
{
	static const char *const stats[] = { ".stat", ".delta.stat" };
	struct bops_buf p = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < N(stats); i++) {
		cache_file(&p, f, stats[i]);
		(void)unlink(p.ptr);
	}
	cache_file(&p, f, "");
	assert_null(bops_file_write_cache(p.ptr, fs->base.ptr, fs->base.len));
	cache_file(&p, f, ".shards");
	assert_null(bops_file_write_cache(p.ptr, fs->shards.ptr,
	    fs->shards.len));
	cache_file(&p, f, ".delta");
	(void)unlink(p.ptr);
	if (data)
		assert_null(bops_file_write_cache(p.ptr, data, len));
	bops_buf_release(&p);
}

static void
files_release(struct files *fs)
{
	bops_buf_release(&fs->base);
	bops_buf_release(&fs->delta);
	bops_buf_release(&fs->shards);
}

/* The cache of f as the files are, against r. */
static void
assert_opens_as(struct ws_fixture *f, const struct bops_cache *r,
    const char *what, size_t at)
{
	static char ids[4][32];
	struct bops_cache *c;
	size_t n;

	if (bops_cache_open(&c, f->ws, &bops_kind_task, NULL))
		fail_msg("%s %zu: open failed", what, at);
	assert_same_cache(c, r, ids, N(ids), &n);
	bops_cache_close(c);
}

/* The cache of f opens, with as many entries as r, whatever they say. */
static void
assert_opens(struct ws_fixture *f, const struct bops_cache *r, size_t at)
{
	struct bops_cache *c;

	if (bops_cache_open(&c, f->ws, &bops_kind_task, NULL))
		fail_msg("changed and summed %zu: open failed", at);
	assert_int_equal(bops_cache_count(c), bops_cache_count(r));
	bops_cache_close(c);
}

/* The length of a delta's header: up to the names of its shards. */
static size_t
header_len(const struct bops_buf *delta)
{
	const char *p = memmem(delta->ptr, delta->len, "\nshards ", 8);
	long n;

	assert_non_null(p);
	n = strtol(p + 8, NULL, 10) + 1;
	for (p++; n > 0; n--)
		p = strchr(p, '\n') + 1;
	return (size_t)(p - delta->ptr);
}

/* A cache rebuilt from nothing in a copy of f, open in g. */
static struct bops_cache *
rebuilt_copy(struct ws_fixture *f, struct ws_fixture *g)
{
	struct bops_cache *r;

	assert_int_equal(run(NULL, "rm -rf %s/copy && cp -a %s %s/copy && "
	    "rm -rf %s/copy/.git/bops/cache", f->dir, f->path, f->dir,
	    f->dir), 0);
	*g = *f;
	snprintf(g->path, sizeof(g->path), "%s/copy", f->dir);
	g->opts.dir = g->path;
	assert_null(bops_ws_open(&g->ws, &g->opts));
	assert_null(bops_cache_open(&r, g->ws, &bops_kind_task, NULL));
	return r;
}

/* Re-sum data[len] after a change, as a forged file would be. */
static void
resum(unsigned char *data, size_t len)
{
	uint64_t h = bops_checksum(data, len - 8);
	size_t i;

	for (i = 0; i < 8; i++)
		data[len - 8 + i] = (unsigned char)(h >> (8 * i));
}

static void
a_delta_that_does_not_fit_is_not_used(void **state)
{
	struct ws_fixture *f = *state, g, other;
	static char ids[400][32];
	struct files good = { BOPS_BUF_INIT, BOPS_BUF_INIT, BOPS_BUF_INIT };
	struct bops_buf bad = BOPS_BUF_INIT, p = BOPS_BUF_INIT;
	struct bops_cache *r;
	const char *one[2] = { NULL, NULL };
	size_t n, i, len, step, hlen;
	int resummed;

	lcg_state = 42;
	put_tasks(f, NULL, 300, "Quarterly plan");
	assert_as_rebuilt(f, ids, N(ids), &n);
	one[0] = ids[7];
	put_tasks(f, one, 1, "Edited – 東京");
	assert_as_rebuilt(f, ids, N(ids), &n);
	files_save(&good, f);
	assert_true(good.delta.len > 0);
	r = rebuilt_copy(f, &g);
	len = good.delta.len;
	/* As written; cut short; longer. */
	files_put(&good, f, good.delta.ptr, len);
	assert_opens_as(f, r, "as written", 0);
	for (i = 0; i < len; i += i < 200 ? 1 : len / 40 + 1) {
		files_put(&good, f, good.delta.ptr, i);
		assert_opens_as(f, r, "cut to", i);
	}
	bops_buf_reset(&bad);
	bops_buf_put(&bad, good.delta.ptr, len);
	bops_buf_puts(&bad, "tail");
	files_put(&good, f, bad.ptr, bad.len);
	assert_opens_as(f, r, "a tail", 0);
	/*
	 * A byte changed: the checksum sees it.  Made again over the
	 * change, as a forged file would be: a change to the header (the
	 * base it names, the shards, the counts) is seen all the same; one
	 * to an entry's bytes cannot be, but never crashes or fails.
	 */
	hlen = header_len(&good.delta);
	for (resummed = 0; resummed < 2; resummed++)
		for (i = 0; i < len - 8; i += step) {
			step = i < hlen + 8 ? 1 : len / 60 + 1;
			bops_buf_reset(&bad);
			bops_buf_put(&bad, good.delta.ptr, len);
			bad.ptr[i] ^= (char)(i % 7 == 0 ? 0x80 : 0x01);
			if (resummed)
				resum((unsigned char *)bad.ptr, len);
			files_put(&good, f, bad.ptr, len);
			if (resummed && i >= hlen + 8)
				assert_opens(f, r, i);
			else
				assert_opens_as(f, r, resummed ?
				    "changed and summed" : "changed", i);
		}
	/* No base. */
	files_put(&good, f, good.delta.ptr, len);
	cache_file(&p, f, "");
	assert_int_equal(unlink(p.ptr), 0);
	assert_opens_as(f, r, "no base", 0);
	/* Another workspace's delta, for a base of its own. */
	assert_int_equal(ws_fixture_open(&other, NULL), 0);
	{
		struct ws_fixture *o = &other;

		put_tasks(o, NULL, 300, "Quarterly plan");
		assert_as_rebuilt(o, ids, N(ids), &n);
		one[0] = ids[7];
		put_tasks(o, one, 1, "Edited – 東京");
		assert_as_rebuilt(o, ids, N(ids), &n);
		cache_file(&p, o, ".delta");
		slurp(&bad, p.ptr);
		assert_true(bad.len > 0);
	}
	ws_fixture_close(&other);
	files_put(&good, f, bad.ptr, bad.len);
	assert_opens_as(f, r, "another workspace's", 0);
	bops_cache_close(r);
	bops_ws_close(g.ws);
	files_release(&good);
	bops_buf_release(&bad);
	bops_buf_release(&p);
}

/*
 * A delta whose base was replaced by the base of another tree: HEAD
 * back at the delta's tree, the base of a later one.
 */
static void
a_delta_over_another_base_is_not_used(void **state)
{
	struct ws_fixture *f = *state, g;
	static char ids[400][32];
	struct files good = { BOPS_BUF_INIT, BOPS_BUF_INIT, BOPS_BUF_INIT };
	struct bops_buf later = BOPS_BUF_INIT, p = BOPS_BUF_INIT;
	struct bops_cache *r;
	const char *one[2] = { NULL, NULL };
	size_t n;

	lcg_state = 4242;
	put_tasks(f, NULL, 300, "Quarterly plan");
	assert_as_rebuilt(f, ids, N(ids), &n);
	one[0] = ids[3];
	put_tasks(f, one, 1, "Edited");
	assert_as_rebuilt(f, ids, N(ids), &n);
	files_save(&good, f);
	assert_true(good.delta.len > 0);
	/* The base of a later tree, built from nothing. */
	one[0] = ids[9];
	put_tasks(f, one, 1, "Later");
	cache_file(&p, f, "");
	assert_int_equal(unlink(p.ptr), 0);
	assert_as_rebuilt(f, ids, N(ids), &n);
	slurp(&later, p.ptr);
	assert_int_equal(run(NULL, GIT "%s reset -q --hard HEAD~1", f->path),
	    0);
	reopen(f);
	r = rebuilt_copy(f, &g);
	bops_buf_reset(&good.base);
	bops_buf_put(&good.base, later.ptr, later.len);
	files_put(&good, f, good.delta.ptr, good.delta.len);
	assert_opens_as(f, r, "a later base", 0);
	bops_cache_close(r);
	bops_ws_close(g.ws);
	files_release(&good);
	bops_buf_release(&later);
	bops_buf_release(&p);
}

#define T(name) cmocka_unit_test_prestate_setup_teardown(name, ws_setup, \
    ws_teardown, (void *)&ws_opts)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(a_cache_written_then_changed_is_not_recorded),
		T(a_cache_checksummed_then_changed_is_not_recorded),
		T(a_cache_whose_count_lies_is_built_again),
		T(a_cache_whose_rows_lie_is_built_again),
		cmocka_unit_test(stamps_settle_past_their_granularity),
		T(a_delta_answers_as_a_rebuilt_cache),
		T(a_delta_that_does_not_fit_is_not_used),
		T(a_delta_over_another_base_is_not_used),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
