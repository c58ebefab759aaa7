/*
 * lock.h: the workspace writer lock, flock(2) on a file.
 */
#ifndef BOPS_LOCK_H
#define BOPS_LOCK_H

#include "error.h"

struct bops_lock;

/*
 * Take an exclusive flock on `path` (created if missing, mode 0644 less
 * the umask), waiting up to timeout_ms milliseconds (0: try once).  On
 * success *out is the held lock; free it with bops_lock_release().
 * BOPS_ERR_LOCKED "workspace is locked by another bops process (waited
 * N.N s)" on timeout; BOPS_ERR_IO when the file cannot be opened (a
 * symbolic link at path is never followed) or locked.  The lock is released by bops_lock_release() or when the
 * process dies.  The descriptor is close-on-exec, so programs bops runs
 * (an editor, git hooks) do not hold it; but a child that is forked and
 * does not exec shares the lock and keeps it until it exits too.
 */
const struct bops_error *bops_lock_acquire(struct bops_lock **out,
    const char *path, long timeout_ms);
/* Release and free; NULL is a no-op.  The file stays. */
void bops_lock_release(struct bops_lock *lock);

#endif
