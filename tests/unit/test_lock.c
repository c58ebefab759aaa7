#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "lock.h"
#include "sandbox.h"

/* Exit codes of the child processes. */
enum {
	CHILD_OK = 0,
	CHILD_GOT_LOCK = 10,
	CHILD_WRONG_CODE,
	CHILD_WRONG_MESSAGE,
	CHILD_TOO_EARLY,
	CHILD_TOO_LATE,
	CHILD_FAILED,
};

#define LOCKED_MSG "workspace is locked by another bops process (waited "

struct fixture {
	char dir[64];
	char path[96];
};

/* Kept reachable, so a child that exits holding it leaks nothing. */
static struct bops_lock *child_lock;

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	if (sandbox_tmpdir(f->dir, sizeof(f->dir))) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/bops.lock", f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	unlink(f->path);
	rmdir(f->dir);
	free(f);
	return 0;
}

static long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static int
wait_child(pid_t pid)
{
	int status;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

/*
 * In a child: try for the lock for timeout_ms and expect to be refused
 * after between min_ms and max_ms.
 */
static int
child_expect_locked(const char *path, long timeout_ms, long min_ms,
    long max_ms)
{
	const struct bops_error *err;
	struct bops_lock *lock;
	long t0, took;

	t0 = now_ms();
	err = bops_lock_acquire(&lock, path, timeout_ms);
	took = now_ms() - t0;
	if (err == NULL) {
		bops_lock_release(lock);
		return CHILD_GOT_LOCK;
	}
	if (lock != NULL)
		return CHILD_FAILED;
	if (err->code != BOPS_ERR_LOCKED)
		return CHILD_WRONG_CODE;
	if (strncmp(err->msg, LOCKED_MSG, sizeof(LOCKED_MSG) - 1) != 0 ||
	    strstr(err->msg, " s)") == NULL)
		return CHILD_WRONG_MESSAGE;
	if (took < min_ms)
		return CHILD_TOO_EARLY;
	if (took > max_ms)
		return CHILD_TOO_LATE;
	return CHILD_OK;
}

static void
acquire_creates_the_file_and_release_keeps_it(void **state)
{
	struct fixture *f = *state;
	struct bops_lock *lock = (struct bops_lock *)f;

	assert_null(bops_lock_acquire(&lock, f->path, 0));
	assert_non_null(lock);
	assert_int_equal(access(f->path, F_OK), 0);
	bops_lock_release(lock);
	assert_int_equal(access(f->path, F_OK), 0);

	/* Taken again at once: the release really dropped it. */
	assert_null(bops_lock_acquire(&lock, f->path, 0));
	bops_lock_release(lock);
}

static void
release_of_null_does_nothing(void **state)
{
	bops_lock_release(NULL);
}

static void
second_acquire_in_one_process_is_refused(void **state)
{
	struct fixture *f = *state;
	const struct bops_error *err;
	struct bops_lock *a, *b = (struct bops_lock *)f;

	assert_null(bops_lock_acquire(&a, f->path, 0));
	err = bops_lock_acquire(&b, f->path, 0);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_LOCKED);
	assert_string_equal(err->msg, "workspace is locked by another bops "
	    "process (waited 0.0 s)");
	assert_null(b);
	bops_lock_release(a);
}

static void
acquire_times_out_while_another_process_holds_it(void **state)
{
	struct fixture *f = *state;
	struct bops_lock *lock;
	pid_t pid;

	assert_null(bops_lock_acquire(&lock, f->path, 0));
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(child_expect_locked(f->path, 300, 300, 3000));
	assert_int_equal(wait_child(pid), CHILD_OK);

	/* Once released, the other process gets it. */
	bops_lock_release(lock);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(child_expect_locked(f->path, 0, 0, 0) ==
		    CHILD_GOT_LOCK ? CHILD_OK : CHILD_FAILED);
	assert_int_equal(wait_child(pid), CHILD_OK);
}

static void
acquire_waits_for_a_release(void **state)
{
	struct fixture *f = *state;
	const struct bops_error *err;
	struct bops_lock *lock;
	int held[2];
	long t0, took;
	pid_t pid;
	char c;

	/*
	 * Fork before taking the lock: a child forked while it is held
	 * would share the locked open file and keep it past our release.
	 */
	assert_int_equal(pipe(held), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(held[1]);
		if (read(held[0], &c, 1) != 1)
			_exit(CHILD_FAILED);
		t0 = now_ms();
		err = bops_lock_acquire(&child_lock, f->path, 10000);
		took = now_ms() - t0;
		if (err != NULL)
			_exit(err->code == BOPS_ERR_LOCKED ?
			    CHILD_TOO_LATE : CHILD_FAILED);
		bops_lock_release(child_lock);
		_exit(took < 150 ? CHILD_TOO_EARLY : CHILD_OK);
	}
	close(held[0]);
	assert_null(bops_lock_acquire(&lock, f->path, 0));
	t0 = now_ms();
	assert_int_equal(write(held[1], "x", 1), 1);
	close(held[1]);
	sleep_ms(200);
	bops_lock_release(lock);
	assert_int_equal(wait_child(pid), CHILD_OK);
	took = now_ms() - t0;
	assert_true(took < 5000);
}

static void
lock_is_released_when_its_holder_exits(void **state)
{
	struct fixture *f = *state;
	const struct bops_error *err;
	struct bops_lock *lock;
	int ready[2];
	pid_t pid;
	char c;

	/* A holder that exits without releasing. */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(bops_lock_acquire(&child_lock, f->path, 0) ?
		    CHILD_FAILED : CHILD_OK);
	assert_int_equal(wait_child(pid), CHILD_OK);
	assert_null(bops_lock_acquire(&lock, f->path, 0));
	bops_lock_release(lock);

	/* A holder that is killed while holding it. */
	assert_int_equal(pipe(ready), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(ready[0]);
		if (bops_lock_acquire(&child_lock, f->path, 0))
			_exit(CHILD_FAILED);
		if (write(ready[1], "x", 1) != 1)
			_exit(CHILD_FAILED);
		for (;;)
			pause();
	}
	close(ready[1]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	err = bops_lock_acquire(&lock, f->path, 0);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_LOCKED);
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	assert_null(bops_lock_acquire(&lock, f->path, 0));
	bops_lock_release(lock);
}

static void
acquire_fails_with_io_when_the_file_cannot_be_opened(void **state)
{
	struct fixture *f = *state;
	const struct bops_error *err;
	struct bops_lock *lock = (struct bops_lock *)f;
	char path[128];

	snprintf(path, sizeof(path), "%s/missing/bops.lock", f->dir);
	err = bops_lock_acquire(&lock, path, 100);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_IO);
	assert_non_null(strstr(err->msg, path));
	assert_non_null(strstr(err->msg, "open '"));
	assert_null(lock);
}

static void
acquire_never_follows_a_link(void **state)
{
	struct fixture *f = *state;
	const struct bops_error *err;
	struct bops_lock *lock = NULL;
	char target[128];
	struct stat st;

	/* A link to a file that does not exist: open would make it. */
	snprintf(target, sizeof(target), "%s/elsewhere", f->dir);
	assert_int_equal(symlink(target, f->path), 0);
	err = bops_lock_acquire(&lock, f->path, 100);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_IO);
	assert_non_null(strstr(err->msg, "open '"));
	assert_null(lock);
	assert_int_equal(lstat(target, &st), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    acquire_creates_the_file_and_release_keeps_it,
		    setup, teardown),
		cmocka_unit_test(release_of_null_does_nothing),
		cmocka_unit_test_setup_teardown(
		    second_acquire_in_one_process_is_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    acquire_times_out_while_another_process_holds_it,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(acquire_waits_for_a_release,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    lock_is_released_when_its_holder_exits,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    acquire_fails_with_io_when_the_file_cannot_be_opened,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(acquire_never_follows_a_link,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
