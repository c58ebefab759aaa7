/*
 * store-int.h: what the files of the store share and no other module
 * sees: the staged changes of a transaction, which store-txn.c makes and
 * store-commit.c commits, the check for git's own locks that both make
 * before they write, and the relay of a walk's warnings to its caller.
 */
#ifndef BOPS_STORE_INT_H
#define BOPS_STORE_INT_H

#include <stdbool.h>
#include <time.h>

#include "buf.h"
#include "git.h"
#include "lock.h"
#include "store.h"

struct staged {
	char *path;
	struct bops_buf data;	/* a link's target, a submodule's commit */
	bool del;
	unsigned mode;		/* BOPS_MODE_*, a regular file but for
				   bops_txn_put_entry */
	char old[BOPS_OID_HEXSZ + 1];	/* HEAD blob, or "" */
};

struct bops_txn {
	struct bops_ws *ws;
	struct bops_lock *lock;
	struct staged *s;
	size_t n, alloc;
	unsigned flags;		/* enum bops_txn_flags */
};

/*
 * A callback of bops_store_each or bops_store_select that stands between
 * the walk and the caller's fn: its state begins with this struct, and
 * bops_store_relay_warn, as the walk's warn, hands each warning on to
 * the caller's warn (when there is one) with the caller's arg.
 */
struct bops_store_relay {
	bops_store_each_fn fn;
	bops_store_warn_fn warn;
	void *arg;
};
void bops_store_relay_warn(const struct bops_error *err, void *arg);

/*
 * The git locks a writer takes after writing its journal: the index's
 * and the branch's.  One that exists is BOPS_ERR_LOCKED, unless journal
 * (the mtime of a journal left behind) is given and the lock is no
 * older: then it was the dead writer's, and is removed.
 */
const struct bops_error *bops_store_git_locks(struct bops_ws *ws,
    const struct timespec *journal);

#endif
