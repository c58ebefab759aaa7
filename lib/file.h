/*
 * file.h: files written so that readers never see half of one, and a
 * work tree read and written without following a symbolic link.
 *
 * Two families.  The path functions (bops_file_read, _write_atomic...)
 * take a whole path, for the files bops keeps under .git/ and the files
 * git names (the merge driver's): their leading directories are trusted,
 * their last component is never followed.  The _at functions take a
 * trusted root (the work tree) and a path below it, with '/' separators,
 * and walk that path one component at a time (openat with O_NOFOLLOW and
 * O_DIRECTORY), so that what a teammate committed, a `tasks/ab -> /tmp`,
 * can never make bops read or write outside the work tree.  A symbolic
 * link among the leading components is BOPS_ERR_REFUSED "'tasks/ab' is
 * a symbolic link: bops never reads or writes through one" (the path
 * shown relative to root); a "." or ".." component is refused alike.
 *
 * A file is replaced through a temp file beside it, named
 * "<name>.<10 random characters>.bops-tmp" and created exclusively
 * (O_CREAT | O_EXCL, which follows no link): a file or a link planted
 * under a temp name is never opened, let alone written or removed.
 */
#ifndef BOPS_FILE_H
#define BOPS_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/stat.h>

#include "buf.h"
#include "error.h"

#define BOPS_FILE_TEMP_SUFFIX ".bops-tmp"

/* What lstat(2) finds at a path. */
enum bops_file_type {
	BOPS_FILE_MISSING,
	BOPS_FILE_REGULAR,
	BOPS_FILE_DIR,
	BOPS_FILE_SYMLINK,
	BOPS_FILE_FIFO,
	BOPS_FILE_OTHER,	/* a socket or a device */
};

/* "nothing", "a regular file", "a directory", "a symbolic link", "a
 * FIFO", "a special file". */
const char *bops_file_type_name(enum bops_file_type type);

/*
 * Read the whole of `path` into out (appending).  BOPS_ERR_NOT_FOUND
 * "'path' does not exist" when it does not exist; BOPS_ERR_INVALID
 * "'path' is a FIFO, not a regular file" for anything but a regular file
 * (a link is not followed, a FIFO not waited on: O_NOFOLLOW, O_NONBLOCK);
 * BOPS_ERR_INVALID "path: file too large (N bytes, at most M)" past max
 * bytes (0: no limit), judged by both its size and the bytes actually
 * read; BOPS_ERR_IO otherwise.  On failure out is as it was.
 */
const struct bops_error *bops_file_read(struct bops_buf *out,
    const char *path, size_t max);

/*
 * Map the whole of `path` read-only: *out and *len (NULL and 0 for an
 * empty file).  The codes of bops_file_read.  For the cache, which bops
 * replaces by renaming, never by writing in place: a mapping stays
 * whole while another process replaces the file.  Unmap with
 * bops_file_unmap (NULL is fine).  st, unless NULL, gets the fstat(2) of
 * the file mapped.
 */
const struct bops_error *bops_file_map(const void **out, size_t *len,
    struct stat *st, const char *path);
void bops_file_unmap(const void *p, size_t len);

/*
 * Replace `path` with `data` atomically: write a temp file beside it
 * (see above), fsync it, close it, rename it over path, fsync the
 * directory.  Missing parent directories are made.  On any failure (a
 * full disk, a file-size limit, a read-only file system) the temp file
 * is removed, `path` is untouched and BOPS_ERR_IO names the step
 * ("write 'x.yaml.k3f....bops-tmp': ...").  Only a failed fsync of the
 * directory comes after path was replaced.  A link at path is replaced,
 * never followed.  The caller must ignore SIGXFSZ for a file-size limit
 * to be an error rather than a signal.  Mode 0644 less the umask.
 */
const struct bops_error *bops_file_write_atomic(const char *path,
    const char *data, size_t len);

/*
 * The same without fsync, for files that can be rebuilt and that check
 * themselves when read (the cache): a crash may lose the new version,
 * and a reader must verify what it reads.
 */
const struct bops_error *bops_file_write_cache(const char *path,
    const char *data, size_t len);
/*
 * The same, with the stat(2) of the file just written in *st, as it is
 * once renamed to path: taken from the file, not from the name, which
 * another process may have taken by then.
 */
const struct bops_error *bops_file_write_cache_stat(const char *path,
    const char *data, size_t len, struct stat *st);

/*
 * Whether `name` (one path component) is a temp file name of `base`
 * ("<base>.<10 of [0-9a-z]>.bops-tmp"); base NULL: of any name.
 */
bool bops_file_is_temp(const char *name, const char *base);

/*
 * Remove the temp files of `path` that a killed writer left: the regular
 * files named like its temp files (never a link or anything else), at
 * least min_age seconds old (0: any age; a writer that is still at work
 * has a young one).  With path "dir/" (a trailing '/'), the temp files
 * of every name in dir.  A missing directory is no error.
 */
const struct bops_error *bops_file_remove_temps(const char *path,
    unsigned min_age);

/*
 * Remove path; a missing file is not an error.  Then its parent
 * directories that are empty, below (not including) the directory
 * `stop`, are removed too: with stop "ws/", "ws/tasks/ab/x.yaml" takes
 * "ws/tasks/ab" and "ws/tasks" with it when they are left empty.  path
 * must start with stop for any parent to go; stop "" means the current
 * directory; stop NULL removes no parents.  BOPS_ERR_IO when the file or
 * a parent cannot be removed (other than not being empty).
 */
const struct bops_error *bops_file_remove(const char *path,
    const char *stop);

/* mkdir -p of every parent directory of path (mode 0777 less the
 * umask); existing ones are fine.  BOPS_ERR_IO names the failed mkdir. */
const struct bops_error *bops_file_mkdirs(const char *path);

/* Whether path exists (any type; a dangling symlink exists). */
bool bops_file_exists(const char *path);

/*
 * The work tree: root is trusted (followed), path is walked (see above).
 * Every function may fail with BOPS_ERR_REFUSED for a link among path's
 * leading components, and with BOPS_ERR_IO.
 */

/*
 * What is at path, with its lstat data in st (may be NULL).  Nothing is
 * (BOPS_FILE_MISSING, st zeroed) also when a leading component is absent
 * or is not a directory: then path is not in the work tree, as git sees
 * it.
 */
const struct bops_error *bops_file_stat_at(const char *root,
    const char *path, enum bops_file_type *type, struct stat *st);

/*
 * The first leading component of path that exists and is not a
 * directory, into out (replacing its content; "" when there is none),
 * and what it is.  The question a writer asks before it commits.
 */
const struct bops_error *bops_file_blocker_at(struct bops_buf *out,
    enum bops_file_type *type, const char *root, const char *path);

/* bops_file_read for the work tree: the same codes and limit. */
const struct bops_error *bops_file_read_at(struct bops_buf *out,
    const char *root, const char *path, size_t max);

/* The target of the symbolic link at path, appended to out.
 * BOPS_ERR_NOT_FOUND when absent, BOPS_ERR_INVALID when not a link. */
const struct bops_error *bops_file_readlink_at(struct bops_buf *out,
    const char *root, const char *path);

/*
 * bops_file_write_atomic for the work tree (always durable): missing
 * directories are made, mode 0644, or 0755 when exec, less the umask.
 * st (may be NULL) receives the new file's lstat data, of the file
 * made (as bops_file_write_cache_stat), not of what path holds later.
 */
const struct bops_error *bops_file_write_at(const char *root,
    const char *path, const char *data, size_t len, bool exec,
    struct stat *st);

/*
 * Make path a symbolic link to target, atomically (a temp link renamed
 * over path), as git checks out a committed link; the link is made, not
 * followed.  st as above.
 */
const struct bops_error *bops_file_symlink_at(const char *root,
    const char *path, const char *target, struct stat *st);

/* Make directory path (and its missing parents); an existing directory
 * is fine.  st as above. */
const struct bops_error *bops_file_mkdir_at(const char *root,
    const char *path, struct stat *st);

/*
 * Remove path (a file or a link, never what it points to; an empty
 * directory), then its parents left empty, up to (not including) root.
 * Nothing at path is no error, nor a directory that is not empty.
 */
const struct bops_error *bops_file_remove_at(const char *root,
    const char *path);

/*
 * Call fn for each entry of directory dir ("" for root itself), in no
 * particular order, with its path ("dir/name") and what it is (lstat).
 * A missing dir is no error; one that is a link is BOPS_ERR_REFUSED.  A
 * non-NULL return from fn stops and is returned.
 */
typedef const struct bops_error *(*bops_file_each_fn)(const char *path,
    enum bops_file_type type, void *arg);
const struct bops_error *bops_file_each_at(const char *root,
    const char *dir, bops_file_each_fn fn, void *arg);

#endif
