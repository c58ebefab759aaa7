/*
 * undo.h: taking a change back (`bops undo`).
 *
 * What can be undone is a bops change: a commit with one parent whose
 * subject bops writes, a kind with or without an id and a colon
 * ("task 7kq3: status ...", "okr: measure ...", "sprint 2026-w48: plan
 * ..."), "config: ...", "undo: ..." or "redo: ...".  Commits made with
 * plain git, sync merges and the first commit are not.
 *
 * A change is taken back three ways, like git revert: its inverse is
 * merged onto HEAD record by record and field by field
 * (bops_merge_revert), so that what was done since to other fields, or
 * to other records, stays.  The commit that takes it back says so in its
 * body, as git revert does, "This reverts commit <id>.", and a change
 * that a later commit reverts (by bops or by git revert) is undone
 * already.
 */
#ifndef BOPS_UNDO_H
#define BOPS_UNDO_H

#include <stdbool.h>

#include "buf.h"
#include "error.h"
#include "git.h"
#include "store.h"
#include "workspace.h"

/* A change to take back. */
struct bops_undo {
	char commit[BOPS_OID_HEXSZ + 1];
	struct bops_buf subject;	/* its first line */
};
#define BOPS_UNDO_INIT { "", BOPS_BUF_INIT }

void bops_undo_release(struct bops_undo *u);

/* Whether a commit subject is one bops writes for a change. */
bool bops_undo_is_change(const char *subject);

/*
 * Find the change to take back: the newest bops change reachable from
 * HEAD (merged or not, history walked as `git log` does) that no later
 * commit reverts, made by the author with this e-mail address (compared
 * ignoring case), or by anyone when email is NULL.  `name` only names
 * the author in the message.  BOPS_ERR_REFUSED "nothing to undo: ..."
 * when there is none.
 */
const struct bops_error *bops_undo_find(struct bops_undo *out,
    struct bops_ws *ws, const char *name, const char *email);

/*
 * Stage in txn (its lock held) what takes u back: for each file the
 * change touched, the version from before the change when the file is
 * still as the change left it, else the change's inverse merged onto
 * HEAD's version.  The id of each record that will change is appended
 * to ids, one a line.  Errors, after which the caller must not commit:
 * BOPS_ERR_CONFLICT when something was changed since in a way the
 * inverse cannot merge with ("tasks/br/brief.yaml: 'priority' changed
 * since"), BOPS_ERR_INVALID when a version does not validate,
 * BOPS_ERR_REFUSED when nothing of the change is left to take back,
 * BOPS_ERR_DIRTY for an uncommitted hand edit of a file to change.
 */
const struct bops_error *bops_undo_stage(struct bops_ws *ws,
    struct bops_txn *txn, const struct bops_undo *u, struct bops_buf *ids);

/*
 * The message of the commit that takes u back, appended to subject and
 * body: "undo: <subject>" ("redo: S" for a change "undo: S", "undo: S"
 * for "redo: S"), and "This reverts commit <id>.\n".
 */
void bops_undo_message(const struct bops_undo *u, struct bops_buf *subject,
    struct bops_buf *body);

#endif
