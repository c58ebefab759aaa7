#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "file.h"
#include "sandbox.h"

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
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	if (sandbox_tmpdir(f->dir, sizeof(f->dir))) {
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

	rc = rm_rf(f->dir);
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

/* How many temp files of path's name its directory holds. */
static int
count_temps(const char *path)
{
	char dir[256];
	const char *slash = strrchr(path, '/');
	struct dirent *de;
	DIR *d;
	int n = 0;

	snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		n += bops_file_is_temp(de->d_name, slash + 1);
	closedir(d);
	return n;
}

static void
assert_no_temp(const char *path)
{
	assert_int_equal(count_temps(path), 0);
}

static void
temp_names_are_recognised(void **state)
{
	static const struct {
		const char *name, *base;
		bool temp;
	} rows[] = {
		{ "x.yaml.0123456789.bops-tmp", "x.yaml", true },
		{ "x.yaml.abcdefghjk.bops-tmp", NULL, true },
		{ "x.yaml.abcdefghjk.bops-tmp", "y.yaml", false },
		{ "x.yaml.abcdefghjk.bops-tmp", "x", false },
		{ "x.yaml.bops-tmp", "x.yaml", false },	/* the old name */
		{ "x.yaml.ABCDEFGHJK.bops-tmp", "x.yaml", false },
		{ "x.yaml.abcdefghj.bops-tmp", "x.yaml", false },
		{ "x.yaml-abcdefghjk.bops-tmp", "x.yaml", false },
		{ ".abcdefghjk.bops-tmp", NULL, false },
		{ "x.yaml.abcdefghjk.bops-tmpx", "x.yaml", false },
		{ "journal.k3f9x2m7qa.bops-tmp", "journal", true },
	};
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (bops_file_is_temp(rows[i].name, rows[i].base) !=
		    rows[i].temp)
			fail_msg("%s (base %s): want %d", rows[i].name,
			    rows[i].base ? rows[i].base : "NULL", rows[i].temp);
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
write_never_opens_what_is_there_under_a_temp_like_name(void **state)
{
	struct fixture *f = *state;
	char *path = pdup(f, "x.yaml"), *canary = pdup(f, "canary");

	/* Planted under the names temp files had and have. */
	put_raw(canary, "canary\n");
	assert_int_equal(symlink(canary, p(f, "x.yaml.bops-tmp")), 0);
	put_raw(p(f, "x.yaml.0123456789.bops-tmp"), "tracked\n");
	assert_null(bops_file_write_atomic(path, "new\n", 4));
	assert_content(path, "new\n");
	assert_content(canary, "canary\n");
	assert_content(p(f, "x.yaml.0123456789.bops-tmp"), "tracked\n");
	assert_int_equal(count_temps(path), 1);	/* only the planted one */
	free(path);
	free(canary);
}

static void
write_replaces_a_link_without_following_it(void **state)
{
	struct fixture *f = *state;
	char *path = pdup(f, "x.yaml"), *canary = pdup(f, "canary");
	struct stat st;

	put_raw(canary, "canary\n");
	assert_int_equal(symlink(canary, path), 0);
	assert_null(bops_file_write_atomic(path, "new\n", 4));
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_content(path, "new\n");
	assert_content(canary, "canary\n");
	free(path);
	free(canary);
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

	/* The parent itself is a file: it cannot be opened as one. */
	path = pdup(f, "plain/x.yaml");
	err = bops_file_write_atomic(path, "x\n", 2);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_IO);
	assert_non_null(strstr(err->msg, "open '"));
	assert_non_null(strstr(err->msg, "/plain': Not a directory"));
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
	assert_non_null(strstr(err->msg, "open '"));
	assert_non_null(strstr(err->msg, "ro/x.yaml."));
	assert_non_null(strstr(err->msg, ".bops-tmp': "));
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

/* Read path (and, with root, root + path) expecting an error. */
static void
assert_read_fails(const char *root, const char *path, size_t max,
    enum bops_error_code code, const char *want)
{
	struct bops_buf b = BOPS_BUF_INIT;
	const struct bops_error *err;

	bops_buf_puts(&b, "kept");
	err = root ? bops_file_read_at(&b, root, path, max) :
	    bops_file_read(&b, path, max);
	if (err == NULL)
		fail_msg("read '%s' succeeded", path);
	assert_int_equal(err->code, code);
	if (strstr(err->msg, want) == NULL)
		fail_msg("'%s' lacks '%s'", err->msg, want);
	assert_string_equal(b.ptr, "kept");
	bops_buf_release(&b);
}

static void
read_refuses_a_device_without_reading_it(void **state)
{
	/* /dev/zero never ends: it is not even opened. */
	assert_read_fails(NULL, "/dev/zero", 0, BOPS_ERR_INVALID,
	    "'/dev/zero' is a special file, not a regular file");
	assert_read_fails("/dev", "zero", 100, BOPS_ERR_INVALID,
	    "is a special file, not a regular file");
}

static void
read_of_a_directory_is_refused(void **state)
{
	struct fixture *f = *state;

	assert_read_fails(NULL, f->dir, 0, BOPS_ERR_INVALID,
	    "is a directory, not a regular file");
}

static void
read_never_follows_a_link(void **state)
{
	struct fixture *f = *state;
	char *link = pdup(f, "x.yaml");

	put_raw(p(f, "target"), "target\n");
	assert_int_equal(symlink(p(f, "target"), link), 0);
	assert_read_fails(NULL, link, 0, BOPS_ERR_INVALID,
	    "x.yaml' is a symbolic link, not a regular file");
	assert_read_fails(f->dir, "x.yaml", 0, BOPS_ERR_INVALID,
	    "x.yaml' is a symbolic link, not a regular file");
	assert_int_equal(symlink("/dev/zero", p(f, "zero.yaml")), 0);
	assert_read_fails(f->dir, "zero.yaml", 0, BOPS_ERR_INVALID,
	    "zero.yaml' is a symbolic link");
	free(link);
}

static void
read_of_a_fifo_neither_waits_nor_reads(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(mkfifo(p(f, "fifo.yaml"), 0644), 0);
	alarm(10);	/* a read that waits for a writer fails the test */
	assert_read_fails(f->dir, "fifo.yaml", 0, BOPS_ERR_INVALID,
	    "fifo.yaml' is a FIFO, not a regular file");
	assert_read_fails(NULL, p(f, "fifo.yaml"), 0, BOPS_ERR_INVALID,
	    "is a FIFO, not a regular file");
	alarm(0);
}

static void
read_at_stops_at_the_limit_and_at_links_on_the_way(void **state)
{
	struct fixture *f = *state;
	struct bops_buf b = BOPS_BUF_INIT;

	char *ws = pdup(f, "ws"), *out = pdup(f, "outside");

	assert_int_equal(mkdir(ws, 0755), 0);
	assert_int_equal(mkdir(out, 0755), 0);
	put_raw(p(f, "outside/x.yaml"), "outside\n");
	assert_int_equal(symlink(out, p(f, "ws/tasks")), 0);
	assert_read_fails(ws, "tasks/x.yaml", 0, BOPS_ERR_REFUSED,
	    "'tasks' is a symbolic link: bops never reads or writes through "
	    "one");
	assert_read_fails(ws, "../outside/x.yaml", 0, BOPS_ERR_REFUSED,
	    "'..' in a path");
	assert_read_fails(ws, "nope/x.yaml", 0, BOPS_ERR_NOT_FOUND,
	    "'nope' does not exist");
	assert_null(bops_file_write_at(ws, "a//b.yaml", "0123456789", 10,
	    false, NULL));
	assert_null(bops_file_read_at(&b, ws, "a/b.yaml", 10));
	assert_string_equal(b.ptr, "0123456789");
	assert_read_fails(ws, "a/b.yaml", 9, BOPS_ERR_INVALID,
	    "file too large (10 bytes, at most 9)");
	bops_buf_release(&b);
	free(ws);
	free(out);
}

/* An outside directory with a canary, and ws/ with a link to it. */
static void
outside(struct fixture *f, const char *link)
{
	char target[256];

	snprintf(target, sizeof(target), "%s", p(f, "outside"));
	assert_int_equal(mkdir(target, 0755), 0);
	put_raw(p(f, "outside/canary"), "canary\n");
	assert_int_equal(mkdir(p(f, "ws"), 0755), 0);
	assert_null(bops_file_mkdirs(p(f, link)));
	assert_int_equal(symlink(target, p(f, link)), 0);
}

static void
assert_outside_intact(struct fixture *f)
{
	struct dirent *de;
	DIR *d = opendir(p(f, "outside"));
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		n += de->d_name[0] != '.';
	closedir(d);
	assert_int_equal(n, 1);
	assert_content(p(f, "outside/canary"), "canary\n");
}

static void
write_at_refuses_a_link_on_the_way(void **state)
{
	struct fixture *f = *state;
	const struct bops_error *err;
	char *ws;

	outside(f, "ws/tasks/ab");
	ws = pdup(f, "ws");
	err = bops_file_write_at(ws, "tasks/ab/abc.yaml", "x\n", 2, false,
	    NULL);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
	assert_string_equal(err->msg, "'tasks/ab' is a symbolic link: bops "
	    "never reads or writes through one");
	err = bops_file_write_at(ws, "tasks/ab/sub/abc.yaml", "x\n", 2,
	    false, NULL);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
	err = bops_file_symlink_at(ws, "tasks/ab/l", "canary", NULL);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
	err = bops_file_mkdir_at(ws, "tasks/ab/d", NULL);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
	err = bops_file_remove_at(ws, "tasks/ab/canary");
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
	assert_outside_intact(f);
	free(ws);
}

static void
write_at_replaces_a_link_and_reports_the_new_file(void **state)
{
	struct fixture *f = *state;
	struct stat st, sl;
	char *ws;
	mode_t old;

	outside(f, "ws/x.yaml");
	ws = pdup(f, "ws");
	old = umask(022);
	assert_null(bops_file_write_at(ws, "x.yaml", "new\n", 4, false, &st));
	assert_int_equal(lstat(p(f, "ws/x.yaml"), &sl), 0);
	assert_true(S_ISREG(sl.st_mode));
	assert_int_equal(st.st_ino, sl.st_ino);
	assert_int_equal(st.st_size, 4);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_content(p(f, "ws/x.yaml"), "new\n");
	assert_null(bops_file_write_at(ws, "bin/run", "#!/bin/sh\n", 10, true,
	    &st));
	assert_int_equal(st.st_mode & 07777, 0755);
	umask(old);
	assert_no_temp(p(f, "ws/x.yaml"));
	assert_outside_intact(f);
	free(ws);
}

static void
symlink_at_makes_a_link_and_follows_none(void **state)
{
	struct fixture *f = *state;
	char buf[256], *ws;
	struct stat st;
	ssize_t n;

	outside(f, "ws/notes/old");
	ws = pdup(f, "ws");
	/* Over a file, and over a link, which is replaced, not followed. */
	put_raw(p(f, "ws/notes/latest"), "a file\n");
	assert_null(bops_file_symlink_at(ws, "notes/latest", "../canary",
	    &st));
	assert_true(S_ISLNK(st.st_mode));
	assert_null(bops_file_symlink_at(ws, "notes/old", "elsewhere", NULL));
	n = readlink(p(f, "ws/notes/latest"), buf, sizeof(buf) - 1);
	assert_int_equal(n, 9);
	buf[n] = '\0';
	assert_string_equal(buf, "../canary");
	n = readlink(p(f, "ws/notes/old"), buf, sizeof(buf) - 1);
	assert_int_equal(n, 9);
	assert_no_temp(p(f, "ws/notes/latest"));
	assert_outside_intact(f);
	free(ws);
}

/*
 * A process that puts a file of its own at dir/name, over and over,
 * until it is killed.
 */
static pid_t
keep_taking(const char *dir, const char *name)
{
	char tmp[300], to[300];
	pid_t pid, parent = getpid();
	int fd;

	if ((pid = fork()) != 0)
		return pid;
	/* Gone with the test, even when it dies before it kills us. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) == -1 || getppid() != parent)
		_exit(1);
	snprintf(tmp, sizeof(tmp), "%s/theirs-%s.tmp", dir, name);
	snprintf(to, sizeof(to), "%s/%s", dir, name);
	for (;;)
		if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644)) == -1 ||
		    write(fd, "theirs, longer\n", 15) != 15 || close(fd) == -1 ||
		    rename(tmp, to) == -1)
			_exit(1);
}

/*
 * What a write reports of its file is the file it wrote, even when
 * another process puts its own at the name as soon as it is renamed
 * there: the stat is never of what the name holds after the rename.
 */
static void
stat_is_of_the_file_written_not_of_the_name(void **state)
{
	struct fixture *f = *state;
	char *ws = pdup(f, "ws"), *cache = pdup(f, "ws/cache");
	struct stat sc, sl;
	pid_t pc, pl;
	int i, status;

	assert_int_equal(mkdir(ws, 0777), 0);
	pc = keep_taking(ws, "cache");
	pl = keep_taking(ws, "link");
	assert_true(pc > 0 && pl > 0);
	/* Every assertion after the children are gone. */
	for (i = 0; i < 3000; i++)
		if (bops_file_write_cache_stat(cache, "ours\n", 5, &sc) ||
		    !S_ISREG(sc.st_mode) || sc.st_size != 5 ||
		    bops_file_symlink_at(ws, "link", "ours", &sl) ||
		    !S_ISLNK(sl.st_mode) || sl.st_size != 4)
			break;
	kill(pc, SIGKILL);
	kill(pl, SIGKILL);
	assert_int_equal(waitpid(pc, &status, 0), pc);
	assert_int_equal(waitpid(pl, &status, 0), pl);
	if (i < 3000)
		fail_msg("write %d: the stat of the cache's %lld bytes, of the "
		    "link's %lld", i, (long long)sc.st_size,
		    (long long)sl.st_size);
	free(cache);
	free(ws);
}

static void
remove_at_removes_a_link_not_its_target(void **state)
{
	struct fixture *f = *state;
	char *ws;

	outside(f, "ws/tasks/ab/abc.yaml");
	ws = pdup(f, "ws");
	assert_null(bops_file_remove_at(ws, "tasks/ab/abc.yaml"));
	assert_false(bops_file_exists(p(f, "ws/tasks/ab/abc.yaml")));
	/* The parents left empty go, up to ws. */
	assert_false(bops_file_exists(p(f, "ws/tasks")));
	assert_true(bops_file_exists(ws));
	assert_null(bops_file_remove_at(ws, "tasks/ab/abc.yaml"));
	assert_null(bops_file_remove_at(ws, "no/such/file"));
	/* An empty directory goes, one that is not empty stays. */
	assert_null(bops_file_mkdir_at(ws, "vendor/lib", NULL));
	put_raw(p(f, "ws/vendor/keep"), "keep\n");
	assert_null(bops_file_remove_at(ws, "vendor/lib"));
	assert_false(bops_file_exists(p(f, "ws/vendor/lib")));
	assert_true(bops_file_exists(p(f, "ws/vendor/keep")));
	assert_null(bops_file_mkdir_at(ws, "vendor/lib", NULL));
	put_raw(p(f, "ws/vendor/lib/x"), "x\n");
	assert_null(bops_file_remove_at(ws, "vendor/lib"));
	assert_true(bops_file_exists(p(f, "ws/vendor/lib/x")));
	assert_outside_intact(f);
	free(ws);
}

static void
stat_at_tells_what_is_there(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *path;
		enum bops_file_type type;
	} rows[] = {
		{ "file", BOPS_FILE_REGULAR },
		{ "dir", BOPS_FILE_DIR },
		{ "link", BOPS_FILE_SYMLINK },
		{ "fifo", BOPS_FILE_FIFO },
		{ "nope", BOPS_FILE_MISSING },
		{ "file/below", BOPS_FILE_MISSING },	/* git's view */
		{ "nope/below", BOPS_FILE_MISSING },
	};
	enum bops_file_type type;
	const struct bops_error *err;
	struct bops_buf bad = BOPS_BUF_INIT;
	struct stat st;
	size_t i;

	put_raw(p(f, "file"), "x");
	assert_int_equal(mkdir(p(f, "dir"), 0755), 0);
	assert_int_equal(symlink("dir", p(f, "link")), 0);
	assert_int_equal(mkfifo(p(f, "fifo"), 0644), 0);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		err = bops_file_stat_at(f->dir, rows[i].path, &type, &st);
		if (err && rows[i].type != BOPS_FILE_MISSING)
			fail_msg("%s: %s", rows[i].path, err->msg);
		if (err == NULL && type != rows[i].type)
			fail_msg("%s: got %s", rows[i].path,
			    bops_file_type_name(type));
	}
	err = bops_file_stat_at(f->dir, "link/below", &type, &st);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);

	/* What stands in the way of a write. */
	assert_null(bops_file_blocker_at(&bad, &type, f->dir, "link/below/x"));
	assert_string_equal(bad.ptr, "link");
	assert_int_equal(type, BOPS_FILE_SYMLINK);
	assert_null(bops_file_blocker_at(&bad, &type, f->dir, "file/below"));
	assert_string_equal(bad.ptr, "file");
	assert_int_equal(type, BOPS_FILE_REGULAR);
	assert_null(bops_file_blocker_at(&bad, &type, f->dir, "dir/new/x"));
	assert_string_equal(bad.ptr, "");
	assert_null(bops_file_blocker_at(&bad, &type, f->dir, "link"));
	assert_string_equal(bad.ptr, "");
	bops_buf_release(&bad);
}

struct seen {
	char names[8][32];
	enum bops_file_type types[8];
	int n;
};

static const struct bops_error *
see(const char *path, enum bops_file_type type, void *arg)
{
	struct seen *s = arg;

	assert_true(s->n < 8);
	snprintf(s->names[s->n], sizeof(s->names[0]), "%s", path);
	s->types[s->n++] = type;
	return NULL;
}

static void
each_at_lists_entries_and_refuses_a_link(void **state)
{
	struct fixture *f = *state;
	const struct bops_error *err;
	struct seen s;
	int i, found = 0;

	outside(f, "ws/tasks/ab");
	put_raw(p(f, "ws/tasks/x.yaml"), "x");
	memset(&s, 0, sizeof(s));
	assert_null(bops_file_each_at(p(f, "ws"), "tasks", see, &s));
	assert_int_equal(s.n, 2);
	for (i = 0; i < s.n; i++) {
		if (strcmp(s.names[i], "tasks/ab") == 0) {
			assert_int_equal(s.types[i], BOPS_FILE_SYMLINK);
			found++;
		} else if (strcmp(s.names[i], "tasks/x.yaml") == 0) {
			assert_int_equal(s.types[i], BOPS_FILE_REGULAR);
			found++;
		}
	}
	assert_int_equal(found, 2);
	err = bops_file_each_at(p(f, "ws"), "tasks/ab", see, &s);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
	memset(&s, 0, sizeof(s));
	assert_null(bops_file_each_at(p(f, "ws"), "nope", see, &s));
	assert_int_equal(s.n, 0);
	assert_outside_intact(f);
}

static void
remove_temps_takes_only_old_regular_temp_files(void **state)
{
	struct fixture *f = *state;
	struct timespec times[2] = { { 0, 0 }, { 0, 0 } };
	char *path = pdup(f, "journal");

	put_raw(p(f, "journal.0123456789.bops-tmp"), "torn");
	put_raw(p(f, "journal.k3f9x2m7qa.bops-tmp"), "young");
	put_raw(p(f, "other.0123456789.bops-tmp"), "other");
	put_raw(p(f, "journal.bops-tmp"), "not ours");
	assert_int_equal(symlink("journal", p(f, "journal.abcdefghjk.bops-tmp")),
	    0);
	/* An hour old. */
	times[0].tv_sec = times[1].tv_sec = time(NULL) - 3600;
	assert_int_equal(utimensat(AT_FDCWD, p(f,
	    "journal.0123456789.bops-tmp"), times, 0), 0);
	assert_null(bops_file_remove_temps(path, 60));
	assert_false(bops_file_exists(p(f, "journal.0123456789.bops-tmp")));
	assert_true(bops_file_exists(p(f, "journal.k3f9x2m7qa.bops-tmp")));
	assert_null(bops_file_remove_temps(path, 0));
	assert_false(bops_file_exists(p(f, "journal.k3f9x2m7qa.bops-tmp")));
	assert_true(bops_file_exists(p(f, "other.0123456789.bops-tmp")));
	assert_true(bops_file_exists(p(f, "journal.bops-tmp")));
	assert_true(bops_file_exists(p(f, "journal.abcdefghjk.bops-tmp")));
	/* "dir/": the temp files of every name. */
	snprintf(path, strlen(path) + 1, "%s/", f->dir);
	assert_null(bops_file_remove_temps(path, 0));
	assert_false(bops_file_exists(p(f, "other.0123456789.bops-tmp")));
	assert_true(bops_file_exists(p(f, "journal.abcdefghjk.bops-tmp")));
	assert_null(bops_file_remove_temps(p(f, "nope/journal"), 0));
	free(path);
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
		cmocka_unit_test(temp_names_are_recognised),
		T(write_then_read_round_trips),
		T(write_replaces_existing_content),
		T(write_never_opens_what_is_there_under_a_temp_like_name),
		T(write_replaces_a_link_without_following_it),
		T(write_makes_missing_parents),
		T(write_mode_is_0644_less_the_umask),
		T(write_fails_when_a_parent_is_a_file),
		T(write_into_a_read_only_directory_fails_cleanly),
		T(write_past_a_file_size_limit_fails_cleanly),
		T(read_appends_to_the_buffer),
		T(read_reports_a_missing_file_as_not_found),
		T(read_rejects_a_file_past_the_limit),
		cmocka_unit_test(read_refuses_a_device_without_reading_it),
		T(read_of_a_directory_is_refused),
		T(read_never_follows_a_link),
		T(read_of_a_fifo_neither_waits_nor_reads),
		T(read_at_stops_at_the_limit_and_at_links_on_the_way),
		T(write_at_refuses_a_link_on_the_way),
		T(write_at_replaces_a_link_and_reports_the_new_file),
		T(stat_is_of_the_file_written_not_of_the_name),
		T(symlink_at_makes_a_link_and_follows_none),
		T(remove_at_removes_a_link_not_its_target),
		T(stat_at_tells_what_is_there),
		T(each_at_lists_entries_and_refuses_a_link),
		T(remove_temps_takes_only_old_regular_temp_files),
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
