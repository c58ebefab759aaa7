/*
 * history.h: the workspace as it stood at an instant, by when things
 * happened rather than by when they arrived.
 *
 * Work done offline reaches the branch later, in a merge: Minh finishes
 * a task on Tuesday while offline, Lan commits on Wednesday, Minh syncs
 * on Thursday.  The newest commit made before the end of Wednesday is
 * Lan's, which has not seen Minh's change; yet on Wednesday the task was
 * done.  So the state at an instant T is this: take every commit made
 * (author time) before T; those of them that no other of them descends
 * from are the lines of work as each stood at T; the state is their
 * merge, made as bops sync merges (field by field).  With one line of
 * work that is simply its newest commit; with several, the merge is
 * built in memory, never written to the repository, and read like any
 * commit for the rest of the process.
 */
#ifndef BOPS_HISTORY_H
#define BOPS_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "git.h"
#include "workspace.h"

/*
 * For each instant cutoffs[i] (seconds since the epoch, ascending or
 * not), the commit that holds the workspace as it stood just before it,
 * in out[i]: a commit of HEAD's history, or a merge of several built in
 * memory; "" when nothing was committed before it.  The workspace's
 * config is HEAD's again afterwards.  Objects this process writes go to
 * memory from the first merge on (bops_repo_objects_in_memory): for
 * reads only, never in a process that commits.
 */
const struct bops_error *bops_history_at(char (*out)[BOPS_OID_HEXSZ + 1],
    struct bops_ws *ws, const int64_t *cutoffs, size_t n);

#endif
