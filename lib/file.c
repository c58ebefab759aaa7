#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "file.h"
#include "banned.h"

#define TEMP_SUFFIX ".bops-tmp"
#define READ_CHUNK 8192

static const struct bops_error *
too_large(const char *path, unsigned long long n, size_t max)
{
	return bops_error_fmt(BOPS_ERR_INVALID,
	    "%s: file too large (%llu bytes, at most %zu)", path, n, max);
}

const struct bops_error *
bops_file_read(struct bops_buf *out, const char *path, size_t max)
{
	const struct bops_error *err = NULL;
	size_t start = out->len, got = 0;
	struct stat st;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		if (errno == ENOENT)
			return bops_error_fmt(BOPS_ERR_NOT_FOUND,
			    "'%s' does not exist", path);
		return bops_error_errno("open '%s'", path);
	}
	if (fstat(fd, &st) == -1) {
		err = bops_error_errno("stat '%s'", path);
		goto done;
	}
	if (max && S_ISREG(st.st_mode) &&
	    (unsigned long long)st.st_size > max) {
		err = too_large(path, (unsigned long long)st.st_size, max);
		goto done;
	}
	if (S_ISREG(st.st_mode) && st.st_size > 0)
		bops_buf_grow(out, (size_t)st.st_size);
	/* The size may change under us, or not be known: count as we go. */
	for (;;) {
		bops_buf_grow(out, READ_CHUNK);
		n = read(fd, out->ptr + out->len, READ_CHUNK);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			err = bops_error_errno("read '%s'", path);
			goto done;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->ptr[out->len] = '\0';
		got += (size_t)n;
		if (max && got > max) {
			err = too_large(path, got, max);
			goto done;
		}
	}
done:
	close(fd);
	if (err)
		bops_buf_truncate(out, start);
	return err;
}

void
bops_file_temp_name(struct bops_buf *out, const char *path)
{
	bops_buf_reset(out);
	bops_buf_printf(out, "%s%s", path, TEMP_SUFFIX);
}

/* The directory holding path: "." for a bare name. */
static void
parent_dir(struct bops_buf *out, const char *path)
{
	const char *slash = strrchr(path, '/');

	bops_buf_reset(out);
	if (slash == NULL)
		bops_buf_putc(out, '.');
	else if (slash == path)
		bops_buf_putc(out, '/');
	else
		bops_buf_put(out, path, (size_t)(slash - path));
}

static const struct bops_error *
write_all(int fd, const char *data, size_t len, const char *tmp)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, data, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return bops_error_errno("write '%s'", tmp);
		}
		if (n == 0) {
			errno = ENOSPC;
			return bops_error_errno("write '%s'", tmp);
		}
		data += n;
		len -= (size_t)n;
	}
	return NULL;
}

static const struct bops_error *
sync_dir(const char *path)
{
	const struct bops_error *err = NULL;
	struct bops_buf dir = BOPS_BUF_INIT;
	int fd;

	parent_dir(&dir, path);
	fd = open(dir.ptr, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd == -1) {
		err = bops_error_errno("open '%s'", dir.ptr);
		goto done;
	}
	/* Some file systems cannot sync a directory; that is no failure. */
	if (fsync(fd) == -1 && errno != EINVAL)
		err = bops_error_errno("fsync '%s'", dir.ptr);
	close(fd);
done:
	bops_buf_release(&dir);
	return err;
}

static const struct bops_error *
write_atomic(const char *path, const char *data, size_t len, bool durable)
{
	const struct bops_error *err = NULL;
	struct bops_buf tmp = BOPS_BUF_INIT;
	bool made = false;
	int fd = -1;

	if ((err = bops_file_mkdirs(path)))
		goto done;
	bops_file_temp_name(&tmp, path);
	fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd == -1) {
		err = bops_error_errno("open '%s'", tmp.ptr);
		goto done;
	}
	made = true;
	if ((err = write_all(fd, data, len, tmp.ptr)))
		goto done;
	if (durable && fsync(fd) == -1) {
		err = bops_error_errno("fsync '%s'", tmp.ptr);
		goto done;
	}
	/* close() can report a failed delayed write (NFS, quotas). */
	if (close(fd) == -1) {
		fd = -1;
		err = bops_error_errno("close '%s'", tmp.ptr);
		goto done;
	}
	fd = -1;
	if (rename(tmp.ptr, path) == -1) {
		err = bops_error_errno("rename '%s' to '%s'", tmp.ptr, path);
		goto done;
	}
	made = false;
	if (durable)
		err = sync_dir(path);
done:
	if (fd != -1)
		close(fd);
	if (made)
		unlink(tmp.ptr);
	bops_buf_release(&tmp);
	return err;
}

const struct bops_error *
bops_file_write_atomic(const char *path, const char *data, size_t len)
{
	return write_atomic(path, data, len, true);
}

const struct bops_error *
bops_file_write_cache(const char *path, const char *data, size_t len)
{
	return write_atomic(path, data, len, false);
}

/* Whether dir lies strictly below stop (whose trailing '/'s are ignored). */
static bool
below(const char *dir, const char *stop)
{
	size_t n = strlen(stop);

	while (n > 0 && stop[n - 1] == '/')
		n--;
	if (n == 0) {
		/* stop is "/" or "": any absolute or relative dir below it. */
		if (stop[0] == '/')
			return dir[0] == '/' && dir[1] != '\0';
		return dir[0] != '/' && dir[0] != '\0' &&
		    strcmp(dir, ".") != 0;
	}
	return strncmp(dir, stop, n) == 0 && dir[n] == '/' &&
	    dir[n + 1] != '\0';
}

const struct bops_error *
bops_file_remove(const char *path, const char *stop)
{
	const struct bops_error *err = NULL;
	struct bops_buf dir = BOPS_BUF_INIT;
	char *slash;

	if (unlink(path) == -1 && errno != ENOENT)
		return bops_error_errno("remove '%s'", path);
	if (stop == NULL)
		return NULL;
	parent_dir(&dir, path);
	while (below(dir.ptr, stop)) {
		if (rmdir(dir.ptr) == -1) {
			if (errno == ENOTEMPTY || errno == EEXIST)
				break;
			if (errno != ENOENT) {
				err = bops_error_errno("rmdir '%s'", dir.ptr);
				break;
			}
		}
		slash = strrchr(dir.ptr, '/');
		if (slash == NULL)
			break;
		bops_buf_truncate(&dir, (size_t)(slash - dir.ptr));
	}
	bops_buf_release(&dir);
	return err;
}

const struct bops_error *
bops_file_mkdirs(const char *path)
{
	const struct bops_error *err = NULL;
	struct bops_buf dir = BOPS_BUF_INIT;
	const char *p;

	if (path[0] == '\0')
		return NULL;
	for (p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
		/* Skip the empty components of "a//b". */
		if (p[-1] == '/')
			continue;
		bops_buf_reset(&dir);
		bops_buf_put(&dir, path, (size_t)(p - path));
		if (mkdir(dir.ptr, 0777) == -1 && errno != EEXIST) {
			err = bops_error_errno("mkdir '%s'", dir.ptr);
			break;
		}
	}
	bops_buf_release(&dir);
	return err;
}

bool
bops_file_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}
