/*
 * file.h: files written so that readers never see half of one.
 */
#ifndef BOPS_FILE_H
#define BOPS_FILE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "error.h"

/*
 * Read the whole of `path` into out (appending).  BOPS_ERR_NOT_FOUND
 * "'path' does not exist" when it does not exist; BOPS_ERR_INVALID
 * "path: file too large (N bytes, at most M)" past max bytes (0: no
 * limit), judged by both its size and the bytes actually read;
 * BOPS_ERR_IO otherwise.  On failure out is as it was.
 */
const struct bops_error *bops_file_read(struct bops_buf *out,
    const char *path, size_t max);

/*
 * Replace `path` with `data` atomically: write "<path>.bops-tmp", fsync
 * it, close it, rename it over path, fsync the directory.  Missing parent
 * directories are made.  On any failure (a full disk, a file-size limit,
 * a read-only file system) the temp file is removed, `path` is untouched
 * and BOPS_ERR_IO names the step ("write 'x.bops-tmp': ...").  Only a
 * failed fsync of the directory comes after path was replaced.  The
 * caller must ignore SIGXFSZ for a file-size limit to be an error rather
 * than a signal.  Mode 0644 less the umask.
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

/* The temp name bops_file_write_atomic() uses for path, into out
 * (replacing its content). */
void bops_file_temp_name(struct bops_buf *out, const char *path);

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

#endif
