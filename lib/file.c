#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "file.h"
#include "id.h"
#include "banned.h"

#define READ_CHUNK 8192
#define TEMP_RANDOM BOPS_ID_GEN_LEN
#define TEMP_TRIES 16

const char *
bops_file_type_name(enum bops_file_type type)
{
	switch (type) {
	case BOPS_FILE_MISSING:
		return "nothing";
	case BOPS_FILE_REGULAR:
		return "a regular file";
	case BOPS_FILE_DIR:
		return "a directory";
	case BOPS_FILE_SYMLINK:
		return "a symbolic link";
	case BOPS_FILE_FIFO:
		return "a FIFO";
	default:
		return "a special file";
	}
}

static enum bops_file_type
type_of(mode_t mode)
{
	if (S_ISREG(mode))
		return BOPS_FILE_REGULAR;
	if (S_ISDIR(mode))
		return BOPS_FILE_DIR;
	if (S_ISLNK(mode))
		return BOPS_FILE_SYMLINK;
	if (S_ISFIFO(mode))
		return BOPS_FILE_FIFO;
	return BOPS_FILE_OTHER;
}

/*
 * Where a walk down a path got to: the open directory that holds the
 * last component, and that component.  A walk never follows a link
 * below its root; it stops at the first leading component that is not
 * a directory and says which (stop, stop_type).
 */
struct walk {
	int fd;
	struct bops_buf shown;	/* the directory, for messages: "" or ".../" */
	struct bops_buf name;	/* the last component */
	struct bops_buf stop;	/* relative to root */
	enum bops_file_type stop_type;
};

static void
walk_init(struct walk *w)
{
	w->fd = -1;
	bops_buf_init(&w->shown);
	bops_buf_init(&w->name);
	bops_buf_init(&w->stop);
	w->stop_type = BOPS_FILE_MISSING;
}

static void
walk_release(struct walk *w)
{
	if (w->fd != -1)
		close(w->fd);
	w->fd = -1;
	bops_buf_release(&w->shown);
	bops_buf_release(&w->name);
	bops_buf_release(&w->stop);
}

/* The full path of name in the walk's directory, for messages. */
static const char *
shown(struct walk *w, struct bops_buf *out, const char *name)
{
	bops_buf_reset(out);
	bops_buf_printf(out, "%s%s", w->shown.ptr, name);
	return out->ptr;
}

/*
 * A whole path whose leading directories are trusted: open its directory
 * (following links), made first with make.
 */
static const struct bops_error *
walk_path(struct walk *w, const char *path, bool make)
{
	const struct bops_error *err;
	const char *slash = strrchr(path, '/');
	struct bops_buf dir = BOPS_BUF_INIT;

	if (make && (err = bops_file_mkdirs(path)))
		return err;
	if (slash == NULL)
		bops_buf_putc(&dir, '.');
	else if (slash == path)
		bops_buf_putc(&dir, '/');
	else
		bops_buf_put(&dir, path, (size_t)(slash - path));
	if (slash)
		bops_buf_put(&w->shown, path, (size_t)(slash - path) + 1);
	bops_buf_puts(&w->name, slash ? slash + 1 : path);
	w->fd = open(dir.ptr, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (w->fd == -1) {
		if (!make && (errno == ENOENT || errno == ENOTDIR))
			err = bops_error_fmt(BOPS_ERR_NOT_FOUND,
			    "'%s' does not exist", path);
		else
			err = bops_error_errno("open '%s'", dir.ptr);
	} else
		err = NULL;
	bops_buf_release(&dir);
	return err;
}

/*
 * Walk path below root, one component at a time, never through a link.
 * With whole, every component is a directory and w->fd is the last one;
 * otherwise w->fd holds the last component, w->name.  With make, missing
 * directories are made.  BOPS_ERR_NOT_FOUND when a leading component is
 * absent or not a directory, BOPS_ERR_REFUSED when it is a link or "."
 * or "..".
 */
static const struct bops_error *
walk_at(struct walk *w, const char *root, const char *path, bool make,
    bool whole)
{
	const struct bops_error *err = NULL;
	struct bops_buf comp = BOPS_BUF_INIT, full = BOPS_BUF_INIT;
	const char *p = path, *next;
	struct stat st;
	size_t len;
	int fd;

	w->fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (w->fd == -1)
		return bops_error_errno("open '%s'", root);
	bops_buf_puts(&w->shown, root);
	if (w->shown.len && w->shown.ptr[w->shown.len - 1] != '/')
		bops_buf_putc(&w->shown, '/');
	for (;;) {
		while (*p == '/')
			p++;
		len = strcspn(p, "/");
		for (next = p + len; *next == '/'; next++)
			;
		bops_buf_reset(&comp);
		bops_buf_put(&comp, p, len);
		if (len == 0) {
			if (!whole)
				err = bops_error_fmt(BOPS_ERR_REFUSED,
				    "'%s': not a file name", path);
			break;
		}
		if (strcmp(comp.ptr, ".") == 0 || strcmp(comp.ptr, "..") == 0) {
			err = bops_error_fmt(BOPS_ERR_REFUSED,
			    "'%s': '%s' in a path", path, comp.ptr);
			break;
		}
		if (!whole && *next == '\0') {
			bops_buf_puts(&w->name, comp.ptr);
			break;
		}
		fd = openat(w->fd, comp.ptr, O_RDONLY | O_DIRECTORY |
		    O_NOFOLLOW | O_CLOEXEC);
		if (fd == -1 && errno == ENOENT && make) {
			if (mkdirat(w->fd, comp.ptr, 0777) == -1 &&
			    errno != EEXIST) {
				err = bops_error_errno("mkdir '%s'",
				    shown(w, &full, comp.ptr));
				break;
			}
			fd = openat(w->fd, comp.ptr, O_RDONLY | O_DIRECTORY |
			    O_NOFOLLOW | O_CLOEXEC);
		}
		if (fd == -1) {
			int e = errno;

			bops_buf_put(&w->stop, path, (size_t)(p + len - path));
			if (e == ENOENT) {
				err = bops_error_fmt(BOPS_ERR_NOT_FOUND,
				    "'%s' does not exist", w->stop.ptr);
				break;
			}
			if (e != ELOOP && e != ENOTDIR) {
				errno = e;
				err = bops_error_errno("open '%s'",
				    shown(w, &full, comp.ptr));
				break;
			}
			if (fstatat(w->fd, comp.ptr, &st,
			    AT_SYMLINK_NOFOLLOW) == -1) {
				err = bops_error_errno("stat '%s'",
				    shown(w, &full, comp.ptr));
				break;
			}
			w->stop_type = type_of(st.st_mode);
			if (w->stop_type == BOPS_FILE_SYMLINK)
				err = bops_error_fmt(BOPS_ERR_REFUSED,
				    "'%s' is a symbolic link: bops never reads "
				    "or writes through one", w->stop.ptr);
			else if (make) {
				errno = ENOTDIR;
				err = bops_error_errno("open '%s'",
				    shown(w, &full, comp.ptr));
			} else
				err = bops_error_fmt(BOPS_ERR_NOT_FOUND,
				    "'%s' is not a directory", w->stop.ptr);
			break;
		}
		close(w->fd);
		w->fd = fd;
		bops_buf_printf(&w->shown, "%s/", comp.ptr);
		p = next;
	}
	bops_buf_release(&comp);
	bops_buf_release(&full);
	return err;
}

static const struct bops_error *
not_regular(const char *path, mode_t mode)
{
	return bops_error_fmt(BOPS_ERR_INVALID, "'%s' is %s, not a regular "
	    "file", path, bops_file_type_name(type_of(mode)));
}

static const struct bops_error *
too_large(const char *path, unsigned long long n, size_t max)
{
	return bops_error_fmt(BOPS_ERR_INVALID,
	    "%s: file too large (%llu bytes, at most %zu)", path, n, max);
}

/*
 * Read the last component of a walk: looked at first, so that nothing
 * but a regular file is ever opened; opened without following a link or
 * waiting for a writer, and looked at again, in case it was swapped.
 */
static const struct bops_error *
read_in(struct bops_buf *out, struct walk *w, size_t max)
{
	const struct bops_error *err = NULL;
	struct bops_buf path = BOPS_BUF_INIT;
	size_t start = out->len, got = 0;
	struct stat st;
	ssize_t n;
	int fd = -1;

	shown(w, &path, w->name.ptr);
	if (fstatat(w->fd, w->name.ptr, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    !S_ISREG(st.st_mode)) {
		err = not_regular(path.ptr, st.st_mode);
		goto done;
	}
	fd = openat(w->fd, w->name.ptr, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC);
	if (fd == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			err = bops_error_fmt(BOPS_ERR_NOT_FOUND,
			    "'%s' does not exist", path.ptr);
		else if (errno == ELOOP)
			err = not_regular(path.ptr, S_IFLNK);
		else
			err = bops_error_errno("open '%s'", path.ptr);
		goto done;
	}
	if (fstat(fd, &st) == -1) {
		err = bops_error_errno("stat '%s'", path.ptr);
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		err = not_regular(path.ptr, st.st_mode);
		goto done;
	}
	if (max && (unsigned long long)st.st_size > max) {
		err = too_large(path.ptr, (unsigned long long)st.st_size, max);
		goto done;
	}
	if (st.st_size > 0)
		bops_buf_grow(out, (size_t)st.st_size);
	/* The size may change under us: count as we go. */
	for (;;) {
		bops_buf_grow(out, READ_CHUNK);
		n = read(fd, out->ptr + out->len, READ_CHUNK);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			err = bops_error_errno("read '%s'", path.ptr);
			goto done;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->ptr[out->len] = '\0';
		got += (size_t)n;
		if (max && got > max) {
			err = too_large(path.ptr, got, max);
			goto done;
		}
	}
done:
	if (fd != -1)
		close(fd);
	if (err)
		bops_buf_truncate(out, start);
	bops_buf_release(&path);
	return err;
}

const struct bops_error *
bops_file_read(struct bops_buf *out, const char *path, size_t max)
{
	const struct bops_error *err;
	struct walk w;

	walk_init(&w);
	if ((err = walk_path(&w, path, false)) == NULL)
		err = read_in(out, &w, max);
	walk_release(&w);
	return err;
}

const struct bops_error *
bops_file_map(const void **out, size_t *len, struct stat *st_out,
    const char *path)
{
	const struct bops_error *err = NULL;
	struct stat st;
	void *p;
	int fd;

	*out = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd == -1) {
		if (errno == ENOENT || errno == ENOTDIR)
			return bops_error_fmt(BOPS_ERR_NOT_FOUND,
			    "'%s' does not exist", path);
		if (errno == ELOOP)
			return not_regular(path, S_IFLNK);
		return bops_error_errno("open '%s'", path);
	}
	if (fstat(fd, &st) == -1)
		err = bops_error_errno("stat '%s'", path);
	else if (!S_ISREG(st.st_mode))
		err = not_regular(path, st.st_mode);
	else if (st_out)
		*st_out = st;
	if (err == NULL && st.st_size > 0) {
		p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE |
		    MAP_POPULATE, fd, 0);
		if (p == MAP_FAILED)
			err = bops_error_errno("map '%s'", path);
		else {
			*out = p;
			*len = (size_t)st.st_size;
		}
	}
	close(fd);
	return err;
}

void
bops_file_unmap(const void *p, size_t len)
{
	if (p != NULL && len > 0)
		munmap((void *)p, len);
}

const struct bops_error *
bops_file_read_at(struct bops_buf *out, const char *root, const char *path,
    size_t max)
{
	const struct bops_error *err;
	struct walk w;

	walk_init(&w);
	if ((err = walk_at(&w, root, path, false, false)) == NULL)
		err = read_in(out, &w, max);
	walk_release(&w);
	return err;
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

/*
 * Replace the last component of a walk by a temp file holding data (or,
 * with target, by a temp link to target) renamed over it.  The temp name
 * is random and made exclusively: whatever already has a name is never
 * opened, and a clash only costs another try.
 *
 * st gets the stat of the file made, through a descriptor of it (one
 * with O_PATH for a link) taken before the rename and read after it:
 * the name may hold another process's file by then, and the rename
 * itself changes the file's ctime (ext4 does).
 */
static const struct bops_error *
replace_in(struct walk *w, const char *data, size_t len, const char *target,
    mode_t mode, bool durable, struct stat *st)
{
	const struct bops_error *err = NULL;
	struct bops_buf tmp = BOPS_BUF_INIT, path = BOPS_BUF_INIT;
	struct bops_buf to = BOPS_BUF_INIT;
	char rnd[TEMP_RANDOM + 1];
	bool made = false;
	int fd = -1, keep = -1, tries, rc;

	for (tries = 0;; tries++) {
		if ((err = bops_id_generate(rnd)))
			goto done;
		bops_buf_reset(&tmp);
		bops_buf_printf(&tmp, "%s.%s" BOPS_FILE_TEMP_SUFFIX,
		    w->name.ptr, rnd);
		shown(w, &path, tmp.ptr);
		if (target)
			rc = symlinkat(target, w->fd, tmp.ptr);
		else
			rc = fd = openat(w->fd, tmp.ptr, O_WRONLY | O_CREAT |
			    O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
		if (rc != -1)
			break;
		if (errno != EEXIST || tries == TEMP_TRIES) {
			err = bops_error_errno("%s '%s'", target ? "symlink" :
			    "open", path.ptr);
			goto done;
		}
	}
	made = true;
	if (st && (keep = target ? openat(w->fd, tmp.ptr, O_PATH |
	    O_NOFOLLOW | O_CLOEXEC) : fcntl(fd, F_DUPFD_CLOEXEC, 0)) == -1) {
		err = bops_error_errno("open '%s'", path.ptr);
		goto done;
	}
	if (!target) {
		if ((err = write_all(fd, data, len, path.ptr)))
			goto done;
		if (durable && fsync(fd) == -1) {
			err = bops_error_errno("fsync '%s'", path.ptr);
			goto done;
		}
		/* close() can report a failed delayed write (NFS, quotas). */
		rc = close(fd);
		fd = -1;
		if (rc == -1) {
			err = bops_error_errno("close '%s'", path.ptr);
			goto done;
		}
	}
	if (renameat(w->fd, tmp.ptr, w->fd, w->name.ptr) == -1) {
		err = bops_error_errno("rename '%s' to '%s'", path.ptr,
		    shown(w, &to, w->name.ptr));
		goto done;
	}
	made = false;
	/* Some file systems cannot sync a directory; that is no failure. */
	if (durable && fsync(w->fd) == -1 && errno != EINVAL) {
		err = bops_error_errno("fsync '%s'", w->shown.ptr);
		goto done;
	}
	if (st && fstat(keep, st) == -1)
		err = bops_error_errno("stat '%s'", shown(w, &to,
		    w->name.ptr));
done:
	if (fd != -1)
		close(fd);
	if (keep != -1)
		close(keep);
	if (made)
		unlinkat(w->fd, tmp.ptr, 0);
	bops_buf_release(&tmp);
	bops_buf_release(&path);
	bops_buf_release(&to);
	return err;
}

static const struct bops_error *
write_path(const char *path, const char *data, size_t len, bool durable,
    struct stat *st)
{
	const struct bops_error *err;
	struct walk w;

	walk_init(&w);
	if ((err = walk_path(&w, path, true)) == NULL)
		err = replace_in(&w, data, len, NULL, 0644, durable, st);
	walk_release(&w);
	return err;
}

const struct bops_error *
bops_file_write_atomic(const char *path, const char *data, size_t len)
{
	return write_path(path, data, len, true, NULL);
}

const struct bops_error *
bops_file_write_cache(const char *path, const char *data, size_t len)
{
	return write_path(path, data, len, false, NULL);
}

const struct bops_error *
bops_file_write_cache_stat(const char *path, const char *data, size_t len,
    struct stat *st)
{
	return write_path(path, data, len, false, st);
}

const struct bops_error *
bops_file_write_at(const char *root, const char *path, const char *data,
    size_t len, bool exec, struct stat *st)
{
	const struct bops_error *err;
	struct walk w;

	walk_init(&w);
	if ((err = walk_at(&w, root, path, true, false)) == NULL)
		err = replace_in(&w, data, len, NULL, exec ? 0755 : 0644, true,
		    st);
	walk_release(&w);
	return err;
}

const struct bops_error *
bops_file_symlink_at(const char *root, const char *path, const char *target,
    struct stat *st)
{
	const struct bops_error *err;
	struct walk w;

	walk_init(&w);
	if ((err = walk_at(&w, root, path, true, false)) == NULL)
		err = replace_in(&w, NULL, 0, target, 0, true, st);
	walk_release(&w);
	return err;
}

const struct bops_error *
bops_file_mkdir_at(const char *root, const char *path, struct stat *st)
{
	const struct bops_error *err;
	struct bops_buf full = BOPS_BUF_INIT;
	struct stat sb;
	struct walk w;

	walk_init(&w);
	if ((err = walk_at(&w, root, path, true, false)))
		goto done;
	if (mkdirat(w.fd, w.name.ptr, 0777) == -1) {
		int e = errno;

		if (e != EEXIST || fstatat(w.fd, w.name.ptr, &sb,
		    AT_SYMLINK_NOFOLLOW) == -1 || !S_ISDIR(sb.st_mode)) {
			errno = e;
			err = bops_error_errno("mkdir '%s'", shown(&w, &full,
			    w.name.ptr));
			goto done;
		}
	}
	if (st && fstatat(w.fd, w.name.ptr, st, AT_SYMLINK_NOFOLLOW) == -1)
		err = bops_error_errno("stat '%s'", shown(&w, &full,
		    w.name.ptr));
done:
	walk_release(&w);
	bops_buf_release(&full);
	return err;
}

const struct bops_error *
bops_file_stat_at(const char *root, const char *path,
    enum bops_file_type *type, struct stat *st)
{
	const struct bops_error *err;
	struct bops_buf full = BOPS_BUF_INIT;
	struct stat sb;
	struct walk w;

	*type = BOPS_FILE_MISSING;
	if (st == NULL)
		st = &sb;
	memset(st, 0, sizeof(*st));
	walk_init(&w);
	if ((err = walk_at(&w, root, path, false, false))) {
		if (err->code == BOPS_ERR_NOT_FOUND)
			err = NULL;
		goto done;
	}
	if (fstatat(w.fd, w.name.ptr, st, AT_SYMLINK_NOFOLLOW) == -1) {
		if (errno != ENOENT)
			err = bops_error_errno("stat '%s'", shown(&w, &full,
			    w.name.ptr));
		memset(st, 0, sizeof(*st));
		goto done;
	}
	*type = type_of(st->st_mode);
done:
	walk_release(&w);
	bops_buf_release(&full);
	return err;
}

const struct bops_error *
bops_file_blocker_at(struct bops_buf *out, enum bops_file_type *type,
    const char *root, const char *path)
{
	const struct bops_error *err;
	struct walk w;

	bops_buf_reset(out);
	*type = BOPS_FILE_MISSING;
	walk_init(&w);
	err = walk_at(&w, root, path, false, false);
	if (err && (err->code == BOPS_ERR_NOT_FOUND ||
	    (err->code == BOPS_ERR_REFUSED && w.stop.len))) {
		err = NULL;
		if (w.stop_type != BOPS_FILE_MISSING) {
			bops_buf_puts(out, w.stop.ptr);
			*type = w.stop_type;
		}
	}
	walk_release(&w);
	return err;
}

const struct bops_error *
bops_file_readlink_at(struct bops_buf *out, const char *root,
    const char *path)
{
	const struct bops_error *err;
	struct bops_buf full = BOPS_BUF_INIT;
	size_t size = 256;
	struct walk w;
	ssize_t n;

	walk_init(&w);
	if ((err = walk_at(&w, root, path, false, false)))
		goto done;
	shown(&w, &full, w.name.ptr);
	for (;;) {
		bops_buf_grow(out, size);
		n = readlinkat(w.fd, w.name.ptr, out->ptr + out->len, size);
		if (n == -1) {
			if (errno == ENOENT || errno == ENOTDIR)
				err = bops_error_fmt(BOPS_ERR_NOT_FOUND,
				    "'%s' does not exist", full.ptr);
			else if (errno == EINVAL)
				err = bops_error_fmt(BOPS_ERR_INVALID,
				    "'%s' is not a symbolic link", full.ptr);
			else
				err = bops_error_errno("readlink '%s'",
				    full.ptr);
			break;
		}
		if ((size_t)n < size) {
			out->len += (size_t)n;
			out->ptr[out->len] = '\0';
			break;
		}
		size *= 2;
	}
done:
	walk_release(&w);
	bops_buf_release(&full);
	return err;
}

/* Remove directory name of dirfd when it is empty; *gone says whether. */
static const struct bops_error *
rmdir_empty(int dirfd, const char *name, const char *full, bool *gone)
{
	*gone = false;
	if (unlinkat(dirfd, name, AT_REMOVEDIR) == 0) {
		*gone = true;
		return NULL;
	}
	if (errno == ENOENT) {
		*gone = true;
		return NULL;
	}
	if (errno == ENOTEMPTY || errno == EEXIST)
		return NULL;
	return bops_error_errno("rmdir '%s'", full);
}

const struct bops_error *
bops_file_remove_at(const char *root, const char *path)
{
	const struct bops_error *err;
	struct bops_buf full = BOPS_BUF_INIT, dir = BOPS_BUF_INIT;
	struct walk w;
	char *slash;
	bool gone = true;

	walk_init(&w);
	if ((err = walk_at(&w, root, path, false, false))) {
		if (err->code == BOPS_ERR_NOT_FOUND)
			err = NULL;
		goto done;
	}
	shown(&w, &full, w.name.ptr);
	if (unlinkat(w.fd, w.name.ptr, 0) == -1) {
		if (errno == EISDIR || errno == EPERM)
			err = rmdir_empty(w.fd, w.name.ptr, full.ptr, &gone);
		else if (errno != ENOENT)
			err = bops_error_errno("remove '%s'", full.ptr);
		if (err || !gone)
			goto done;
	}
	/* Then the parents left empty, walked to again one by one. */
	bops_buf_puts(&dir, path);
	while (err == NULL && gone && (slash = strrchr(dir.ptr, '/'))) {
		bops_buf_truncate(&dir, (size_t)(slash - dir.ptr));
		if (dir.len == 0)
			break;
		walk_release(&w);
		walk_init(&w);
		if ((err = walk_at(&w, root, dir.ptr, false, false))) {
			if (err->code == BOPS_ERR_NOT_FOUND)
				err = NULL;
			break;
		}
		err = rmdir_empty(w.fd, w.name.ptr, shown(&w, &full,
		    w.name.ptr), &gone);
	}
done:
	walk_release(&w);
	bops_buf_release(&full);
	bops_buf_release(&dir);
	return err;
}

const struct bops_error *
bops_file_each_at(const char *root, const char *dir, bops_file_each_fn fn,
    void *arg)
{
	const struct bops_error *err;
	struct bops_buf path = BOPS_BUF_INIT;
	struct dirent *de;
	struct stat st;
	struct walk w;
	DIR *d = NULL;

	walk_init(&w);
	if ((err = walk_at(&w, root, dir, false, true))) {
		if (err->code == BOPS_ERR_NOT_FOUND)
			err = NULL;
		goto done;
	}
	if ((d = fdopendir(w.fd)) == NULL) {
		err = bops_error_errno("open '%s'", w.shown.ptr);
		goto done;
	}
	w.fd = -1;	/* the DIR has it */
	while (err == NULL && (errno = 0, de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(d), de->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) == -1)
			continue;	/* gone since */
		bops_buf_reset(&path);
		bops_buf_printf(&path, "%s%s%s", dir, *dir ? "/" : "",
		    de->d_name);
		err = fn(path.ptr, type_of(st.st_mode), arg);
	}
	if (err == NULL && errno != 0)
		err = bops_error_errno("read '%s'", w.shown.ptr);
done:
	if (d)
		closedir(d);
	walk_release(&w);
	bops_buf_release(&path);
	return err;
}

bool
bops_file_is_temp(const char *name, const char *base)
{
	size_t n = strlen(name), s = strlen(BOPS_FILE_TEMP_SUFFIX), b, i;
	const char *rnd;

	if (n < s + TEMP_RANDOM + 2 ||
	    strcmp(name + n - s, BOPS_FILE_TEMP_SUFFIX) != 0)
		return false;
	rnd = name + n - s - TEMP_RANDOM;
	for (i = 0; i < TEMP_RANDOM; i++)
		if (!((rnd[i] >= '0' && rnd[i] <= '9') ||
		    (rnd[i] >= 'a' && rnd[i] <= 'z')))
			return false;
	if (rnd[-1] != '.')
		return false;
	b = (size_t)(rnd - 1 - name);
	if (base == NULL)
		return b > 0;
	return b == strlen(base) && strncmp(name, base, b) == 0;
}

const struct bops_error *
bops_file_remove_temps(const char *path, unsigned min_age)
{
	const struct bops_error *err = NULL;
	struct bops_buf dir = BOPS_BUF_INIT, full = BOPS_BUF_INIT;
	const char *slash = strrchr(path, '/'), *base;
	struct dirent *de;
	struct stat st;
	time_t now = time(NULL);
	DIR *d;

	if (slash == NULL)
		bops_buf_putc(&dir, '.');
	else
		bops_buf_put(&dir, path, slash == path ? 1 :
		    (size_t)(slash - path));
	base = slash ? slash + 1 : path;
	if (*base == '\0')
		base = NULL;
	if ((d = opendir(dir.ptr)) == NULL) {
		if (errno != ENOENT && errno != ENOTDIR)
			err = bops_error_errno("open '%s'", dir.ptr);
		goto done;
	}
	while (err == NULL && (de = readdir(d)) != NULL) {
		if (!bops_file_is_temp(de->d_name, base) ||
		    fstatat(dirfd(d), de->d_name, &st,
		    AT_SYMLINK_NOFOLLOW) == -1 || !S_ISREG(st.st_mode) ||
		    (min_age && now - st.st_mtime < (time_t)min_age))
			continue;
		if (unlinkat(dirfd(d), de->d_name, 0) == -1 &&
		    errno != ENOENT) {
			bops_buf_reset(&full);
			bops_buf_printf(&full, "%s/%s", dir.ptr, de->d_name);
			err = bops_error_errno("remove '%s'", full.ptr);
		}
	}
	closedir(d);
done:
	bops_buf_release(&dir);
	bops_buf_release(&full);
	return err;
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
