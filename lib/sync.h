/*
 * sync.h: sharing a workspace through a git remote.
 *
 * bops_sync() runs the whole protocol under the workspace lock: fetch,
 * validate what came in, merge record by record (merge.h), commit, push,
 * and on a push refused because the remote moved, again (up to
 * BOPS_SYNC_TRIES times).  A push counts only when the remote accepted
 * every ref update.
 */
#ifndef BOPS_SYNC_H
#define BOPS_SYNC_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "error.h"
#include "git.h"
#include "workspace.h"

#define BOPS_SYNC_TRIES 5

struct bops_sync_result {
	size_t in;		/* commits that came in */
	size_t out;		/* commits that went out */
	size_t changed;		/* records changed by what came in */
	size_t conflicts;	/* conflicts recorded (files included) */
	struct bops_buf ids;	/* ids of the records changed, one a line */
	struct bops_buf invalid;/* path:line:col lines of records that came
				   in invalid and were kept as they came */
	struct bops_buf refused;/* path:line:col lines of what no merge
				   could take: nothing was merged */
	struct bops_buf files;	/* "path: what happened" lines for files
				   that are no records, merged by lines */
	bool pushed;
};

void bops_sync_result_release(struct bops_sync_result *r);

/*
 * Sync with remote's branch (branch NULL: the current branch's name).
 *
 * What came in is validated against the config the merge makes.  A
 * record that does not validate is never dropped, reverted or rewritten:
 * when only the other side changed it, it is kept byte for byte as it
 * came (listed in r.invalid), the merge is committed here and nothing is
 * pushed this time; when both sides changed it, no merge is made at all
 * (BOPS_ERR_INVALID, listed in r.refused).  No sync removes a record that
 * the other side did not remove.
 *
 * Errors: BOPS_ERR_USAGE for an invalid remote or branch name
 * (bops_git_check_names; nothing done), BOPS_ERR_REMOTE (offline,
 * rejected: local commits stay),
 * BOPS_ERR_DIRTY (a record the merge would change holds an uncommitted
 * edit; nothing done), BOPS_ERR_LOCKED, BOPS_ERR_INVALID (refused).
 * Conflicts and records kept as they came are not errors here: they are
 * counted in r.
 */
const struct bops_error *bops_sync(struct bops_ws *ws, const char *remote,
    const char *branch, struct bops_sync_result *r);

/* What merging one commit into another does, path by path. */
struct bops_sync_changes {
	struct bops_change *c;	/* owned: path and data copied */
	size_t n, alloc;
	bool diverged;		/* the result is not theirs as it came: a
				   merge commit is needed */
	bool refused;		/* something no merge can take: commit
				   nothing (r.refused says what) */
};

void bops_sync_changes_release(struct bops_sync_changes *c);

/*
 * Merge commit theirs into ours (base: their merge base, "" for none):
 * out gets every path whose content the merge changes in ours, and r the
 * counts and reports.  bops.yaml is merged first and the workspace reads
 * with the merged config from then on (bops_ws_refresh() goes back to
 * HEAD's).  Writes nothing: the caller commits out, or builds a view.
 */
const struct bops_error *bops_sync_merge_commits(struct bops_sync_changes *out,
    struct bops_sync_result *r, struct bops_ws *ws, const char *base,
    const char *ours, const char *theirs);

/*
 * Merge commit theirs_hex into HEAD (the lock held by txn) and commit:
 * the merge step of bops_sync, exposed for tests.  BOPS_ERR_INVALID when
 * refused (nothing committed).
 */
struct bops_txn;
const struct bops_error *bops_sync_merge(struct bops_ws *ws,
    struct bops_txn *txn, const char *theirs_hex, const char *label,
    struct bops_sync_result *r);

/*
 * Merge three versions of one file (the git merge driver): base, ours
 * and theirs are file contents; path says which kind of record (or
 * bops.yaml).  On success out holds the merged file and *conflicts the
 * conflicts recorded in it.  BOPS_ERR_INVALID when a version does not
 * parse (then git's own conflict handling takes over).
 */
const struct bops_error *bops_sync_merge_file(struct bops_buf *out,
    struct bops_ws *ws, const char *path, const char *base, size_t blen,
    const char *ours, size_t olen, const char *theirs, size_t tlen,
    size_t *conflicts);

#endif
