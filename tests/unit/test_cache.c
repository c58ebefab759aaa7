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

#define T(name) cmocka_unit_test_prestate_setup_teardown(name, ws_setup, \
    ws_teardown, (void *)&ws_opts)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(a_cache_written_then_changed_is_not_recorded),
		T(a_cache_checksummed_then_changed_is_not_recorded),
		T(a_cache_whose_count_lies_is_built_again),
		cmocka_unit_test(stamps_settle_past_their_granularity),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
