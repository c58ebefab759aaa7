#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "file.h"

struct fixture {
	char dir[64];
	char path[256];	/* scratch for p() */
};

/* Exit codes of the child in the file-size limit test. */
enum {
	CHILD_OK = 0,
	CHILD_SUCCEEDED = 10,
	CHILD_WRONG_CODE,
	CHILD_WRONG_MESSAGE,
	CHILD_FAILED,
};

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/bops-test-file-XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int rc;

	rc = nftw(f->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return rc;
}

/* f->dir + "/" + rel, in a scratch buffer that the next call reuses. */
static const char *
p(struct fixture *f, const char *rel)
{
	snprintf(f->path, sizeof(f->path), "%s/%s", f->dir, rel);
	return f->path;
}

static char *
pdup(struct fixture *f, const char *rel)
{
	return strdup(p(f, rel));
}

static void
put_raw(const char *path, const char *s)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(s, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

/* The content of path, which must exist and hold no NUL. */
static void
assert_content(const char *path, const char *want)
{
	struct bops_buf b = BOPS_BUF_INIT;
	const struct bops_error *err;

	err = bops_file_read(&b, path, 0);
	if (err)
		fail_msg("%s", err->msg);
	assert_string_equal(b.ptr, want);
	bops_buf_release(&b);
}

static void
assert_no_temp(const char *path)
{
	struct bops_buf tmp = BOPS_BUF_INIT;

	bops_file_temp_name(&tmp, path);
	assert_false(bops_file_exists(tmp.ptr));
	bops_buf_release(&tmp);
}

static void
temp_name_appends_the_suffix(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;

	bops_buf_puts(&b, "junk");
	bops_file_temp_name(&b, "tasks/7k/7kq3.yaml");
	assert_string_equal(b.ptr, "tasks/7k/7kq3.yaml.bops-tmp");
	bops_buf_release(&b);
}

static void
write_then_read_round_trips(void **state)
{
	struct fixture *f = *state;
	static const char data[] = "a: 1\n\0binary\xff\n";
	struct bops_buf b = BOPS_BUF_INIT;
	char *path = pdup(f, "x.yaml");

	assert_null(bops_file_write_atomic(path, data, sizeof(data)));
	assert_null(bops_file_read(&b, path, 0));
	assert_int_equal(b.len, sizeof(data));
	assert_memory_equal(b.ptr, data, sizeof(data));
	assert_int_equal(b.ptr[b.len], '\0');
	assert_no_temp(path);

	/* An empty file reads as an empty buffer. */
	bops_buf_reset(&b);
	assert_null(bops_file_write_atomic(path, "", 0));
	assert_null(bops_file_read(&b, path, 0));
	assert_int_equal(b.len, 0);
	assert_string_equal(b.ptr, "");
	bops_buf_release(&b);
	free(path);
}

static void
write_replaces_existing_content(void **state)
{
	struct fixture *f = *state;
	char *path = pdup(f, "x.yaml");
	char big[20000];

	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	put_raw(path, big);
	assert_null(bops_file_write_atomic(path, "short\n", 6));
	assert_content(path, "short\n");
	assert_null(bops_file_write_atomic(path, big, strlen(big)));
	assert_content(path, big);
	assert_no_temp(path);
	free(path);
}

static void
write_overwrites_a_stale_temp_file(void **state)
{
	struct fixture *f = *state;
	char *path = pdup(f, "x.yaml");

	put_raw(p(f, "x.yaml.bops-tmp"), "stale and much longer\n");
	assert_null(bops_file_write_atomic(path, "new\n", 4));
	assert_content(path, "new\n");
	assert_no_temp(path);
	free(path);
}

static void
write_makes_missing_parents(void **state)
{
	struct fixture *f = *state;
	char *path = pdup(f, "tasks/7k/7kq3m2x9ab.yaml");
	struct stat st;

	assert_null(bops_file_write_atomic(path, "id: 7k\n", 7));
	assert_content(path, "id: 7k\n");
	assert_int_equal(stat(p(f, "tasks/7k"), &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	free(path);
}

static void
write_mode_is_0644_less_the_umask(void **state)
{
	struct fixture *f = *state;
	char *path = pdup(f, "x.yaml");
	struct stat st;
	mode_t old;

	old = umask(022);
	assert_null(bops_file_write_atomic(path, "x\n", 2));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	unlink(path);
	umask(077);
	assert_null(bops_file_write_atomic(path, "x\n", 2));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	umask(old);
	free(path);
}

static void
write_fails_when_a_parent_is_a_file(void **state)
{
	struct fixture *f = *state;
	const struct bops_error *err;
	char *path;

	put_raw(p(f, "plain"), "not a directory\n");

	/* The parent itself is a file: the temp file cannot be made. */
	path = pdup(f, "plain/x.yaml");
	err = bops_file_write_atomic(path, "x\n", 2);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_IO);
	assert_non_null(strstr(err->msg, "open '"));
	assert_non_null(strstr(err->msg, "plain/x.yaml.bops-tmp'"));
	free(path);

	/* A grandparent is a file: the mkdir fails. */
	path = pdup(f, "plain/sub/x.yaml");
	err = bops_file_write_atomic(path, "x\n", 2);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_IO);
	assert_non_null(strstr(err->msg, "mkdir '"));
	assert_non_null(strstr(err->msg, "plain/sub'"));
	free(path);

	assert_content(p(f, "plain"), "not a directory\n");
}

static void
write_into_a_read_only_directory_fails_cleanly(void **state)
{
	struct fixture *f = *state;
	const struct bops_error *err;
	char *dir, *path;

	if (geteuid() == 0)
		skip();	/* permissions do not stop root */
	dir = pdup(f, "ro");
	path = pdup(f, "ro/x.yaml");
	assert_int_equal(mkdir(dir, 0755), 0);
	put_raw(path, "original\n");
	assert_int_equal(chmod(dir, 0555), 0);
	err = bops_file_write_atomic(path, "new\n", 4);
	assert_int_equal(chmod(dir, 0755), 0);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_IO);
	assert_non_null(strstr(err->msg, "ro/x.yaml.bops-tmp'"));
	assert_content(path, "original\n");
	assert_no_temp(path);
	free(dir);
	free(path);
}

/* In a child limited to 10-byte files: expect the write to fail. */
static int
child_write_past_fsize_limit(const char *path)
{
	const struct bops_error *err;
	struct rlimit rl = { 10, 10 };
	char data[100];

	memset(data, 'n', sizeof(data));
	if (signal(SIGXFSZ, SIG_IGN) == SIG_ERR)
		return CHILD_FAILED;
	if (setrlimit(RLIMIT_FSIZE, &rl) == -1)
		return CHILD_FAILED;
	err = bops_file_write_atomic(path, data, sizeof(data));
	if (err == NULL)
		return CHILD_SUCCEEDED;
	if (err->code != BOPS_ERR_IO)
		return CHILD_WRONG_CODE;
	if (strncmp(err->msg, "write '", 7) != 0 ||
	    strstr(err->msg, ".bops-tmp': ") == NULL)
		return CHILD_WRONG_MESSAGE;
	return CHILD_OK;
}

static void
write_past_a_file_size_limit_fails_cleanly(void **state)
{
	struct fixture *f = *state;
	char path[256];
	int status;
	pid_t pid;

	/* No heap pointer, so the child leaves no leak when it _exits. */
	snprintf(path, sizeof(path), "%s", p(f, "x.yaml"));
	put_raw(path, "original\n");
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(child_write_past_fsize_limit(path));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), CHILD_OK);
	assert_content(path, "original\n");
	assert_no_temp(path);
}

static void
read_appends_to_the_buffer(void **state)
{
	struct fixture *f = *state;
	struct bops_buf b = BOPS_BUF_INIT;

	put_raw(p(f, "x"), "world\n");
	bops_buf_puts(&b, "hello ");
	assert_null(bops_file_read(&b, p(f, "x"), 0));
	assert_string_equal(b.ptr, "hello world\n");
	bops_buf_release(&b);
}

static void
read_reports_a_missing_file_as_not_found(void **state)
{
	struct fixture *f = *state;
	struct bops_buf b = BOPS_BUF_INIT;
	const struct bops_error *err;
	char want[300];

	err = bops_file_read(&b, p(f, "nope.yaml"), 0);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_NOT_FOUND);
	snprintf(want, sizeof(want), "'%s' does not exist", f->path);
	assert_string_equal(err->msg, want);
	assert_int_equal(b.len, 0);
	bops_buf_release(&b);
}

static void
read_rejects_a_file_past_the_limit(void **state)
{
	struct fixture *f = *state;
	struct bops_buf b = BOPS_BUF_INIT;
	const struct bops_error *err;
	char *path = pdup(f, "big");
	char want[300];

	put_raw(path, "0123456789");
	assert_null(bops_file_read(&b, path, 10));
	assert_string_equal(b.ptr, "0123456789");

	bops_buf_reset(&b);
	bops_buf_puts(&b, "kept");
	err = bops_file_read(&b, path, 9);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_INVALID);
	snprintf(want, sizeof(want),
	    "%s: file too large (10 bytes, at most 9)", path);
	assert_string_equal(err->msg, want);
	assert_string_equal(b.ptr, "kept");
	bops_buf_release(&b);
	free(path);
}

static void
read_counts_bytes_when_the_size_is_unknown(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	const struct bops_error *err;

	/* /dev/zero has size 0 and never ends: only the count stops it. */
	err = bops_file_read(&b, "/dev/zero", 100);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_INVALID);
	assert_non_null(strstr(err->msg, "/dev/zero: file too large ("));
	assert_non_null(strstr(err->msg, " bytes, at most 100)"));
	assert_int_equal(b.len, 0);
	bops_buf_release(&b);
}

static void
read_of_a_directory_is_an_io_error(void **state)
{
	struct fixture *f = *state;
	struct bops_buf b = BOPS_BUF_INIT;
	const struct bops_error *err;

	err = bops_file_read(&b, f->dir, 0);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_IO);
	assert_non_null(strstr(err->msg, f->dir));
	bops_buf_release(&b);
}

static void
remove_takes_empty_parents_up_to_stop(void **state)
{
	struct fixture *f = *state;
	char *path = pdup(f, "ws/tasks/ab/abcd.yaml");
	char *stop = pdup(f, "ws/");

	assert_null(bops_file_write_atomic(path, "x\n", 2));
	assert_null(bops_file_remove(path, stop));
	assert_false(bops_file_exists(path));
	assert_false(bops_file_exists(p(f, "ws/tasks/ab")));
	assert_false(bops_file_exists(p(f, "ws/tasks")));
	assert_true(bops_file_exists(p(f, "ws")));
	free(path);
	free(stop);
}

static void
remove_keeps_parents_that_are_not_empty(void **state)
{
	struct fixture *f = *state;
	char *path = pdup(f, "ws/tasks/ab/abcd.yaml");
	char *stop = pdup(f, "ws");	/* no trailing '/' */

	assert_null(bops_file_write_atomic(path, "x\n", 2));
	assert_null(bops_file_write_atomic(p(f, "ws/tasks/cd/cdef.yaml"),
	    "y\n", 2));
	assert_null(bops_file_remove(path, stop));
	assert_false(bops_file_exists(p(f, "ws/tasks/ab")));
	assert_true(bops_file_exists(p(f, "ws/tasks/cd/cdef.yaml")));
	free(path);
	free(stop);
}

static void
remove_without_stop_keeps_parents(void **state)
{
	struct fixture *f = *state;
	char *path = pdup(f, "ws/tasks/ab/abcd.yaml");

	assert_null(bops_file_write_atomic(path, "x\n", 2));
	assert_null(bops_file_remove(path, NULL));
	assert_false(bops_file_exists(path));
	assert_true(bops_file_exists(p(f, "ws/tasks/ab")));
	free(path);
}

static void
remove_keeps_parents_outside_stop(void **state)
{
	struct fixture *f = *state;
	char *path = pdup(f, "wsx/tasks/abcd.yaml");
	char *stop = pdup(f, "ws/");

	/* "wsx/" merely starts with the characters "ws". */
	assert_null(bops_file_write_atomic(path, "x\n", 2));
	assert_null(bops_file_remove(path, stop));
	assert_false(bops_file_exists(path));
	assert_true(bops_file_exists(p(f, "wsx/tasks")));
	free(path);
	free(stop);
}

static void
remove_of_a_missing_file_is_no_error(void **state)
{
	struct fixture *f = *state;

	assert_null(bops_file_remove(p(f, "nope.yaml"), NULL));
	assert_null(bops_file_remove(p(f, "no/such/dir/nope.yaml"), f->dir));
	assert_true(bops_file_exists(f->dir));
}

static void
remove_of_a_directory_fails(void **state)
{
	struct fixture *f = *state;
	const struct bops_error *err;
	char *path = pdup(f, "d");

	assert_int_equal(mkdir(path, 0755), 0);
	err = bops_file_remove(path, NULL);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_IO);
	assert_non_null(strstr(err->msg, "remove '"));
	assert_non_null(strstr(err->msg, "/d'"));
	assert_true(bops_file_exists(path));
	free(path);
}

static void
mkdirs_makes_parents_only(void **state)
{
	struct fixture *f = *state;
	struct stat st;

	assert_null(bops_file_mkdirs(p(f, "a//b/c/file.yaml")));
	assert_int_equal(stat(p(f, "a/b/c"), &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_false(bops_file_exists(p(f, "a/b/c/file.yaml")));
	/* Again: existing directories are fine. */
	assert_null(bops_file_mkdirs(p(f, "a/b/c/file.yaml")));
	/* A bare name has no parent to make. */
	assert_null(bops_file_mkdirs("file.yaml"));
	assert_null(bops_file_mkdirs(""));
}

static void
mkdirs_fails_below_a_file(void **state)
{
	struct fixture *f = *state;
	const struct bops_error *err;

	put_raw(p(f, "plain"), "x");
	err = bops_file_mkdirs(p(f, "plain/a/b"));
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_IO);
	assert_non_null(strstr(err->msg, "mkdir '"));
	assert_non_null(strstr(err->msg, "plain/a'"));
}

static void
exists_sees_files_directories_and_dangling_links(void **state)
{
	struct fixture *f = *state;

	assert_true(bops_file_exists(f->dir));
	assert_false(bops_file_exists(p(f, "x")));
	put_raw(p(f, "x"), "x");
	assert_true(bops_file_exists(p(f, "x")));
	assert_int_equal(symlink("nowhere", p(f, "link")), 0);
	assert_true(bops_file_exists(p(f, "link")));
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(temp_name_appends_the_suffix),
		T(write_then_read_round_trips),
		T(write_replaces_existing_content),
		T(write_overwrites_a_stale_temp_file),
		T(write_makes_missing_parents),
		T(write_mode_is_0644_less_the_umask),
		T(write_fails_when_a_parent_is_a_file),
		T(write_into_a_read_only_directory_fails_cleanly),
		T(write_past_a_file_size_limit_fails_cleanly),
		T(read_appends_to_the_buffer),
		T(read_reports_a_missing_file_as_not_found),
		T(read_rejects_a_file_past_the_limit),
		cmocka_unit_test(read_counts_bytes_when_the_size_is_unknown),
		T(read_of_a_directory_is_an_io_error),
		T(remove_takes_empty_parents_up_to_stop),
		T(remove_keeps_parents_that_are_not_empty),
		T(remove_without_stop_keeps_parents),
		T(remove_keeps_parents_outside_stop),
		T(remove_of_a_missing_file_is_no_error),
		T(remove_of_a_directory_fails),
		T(mkdirs_makes_parents_only),
		T(mkdirs_fails_below_a_file),
		T(exists_sees_files_directories_and_dangling_links),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
