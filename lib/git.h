/*
 * git.h: every git operation bops performs, through libgit2.
 * The only file of lib/ that includes <git2.h> is git.c.
 *
 * Object ids cross this interface as 40-character lower-case hex strings
 * (char[BOPS_OID_HEXSZ + 1]); the empty string means "none" (an unborn
 * branch, an absent path).  Paths are relative to the work tree, with
 * '/' separators.
 */
#ifndef BOPS_GIT_H
#define BOPS_GIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"

#define BOPS_OID_HEXSZ 40

struct bops_repo;

/* Who made a change, and when (seconds since the epoch, UTC). */
struct bops_sig {
	const char *name;
	const char *email;
	int64_t when;
};

/* Once per process, from main(). */
void bops_git_global_init(void);
void bops_git_global_shutdown(void);

/*
 * Open the repository whose work tree is `workdir` (the directory that
 * holds .git).  BOPS_ERR_NO_WORKSPACE when there is none, BOPS_ERR_GIT
 * for a bare repository or another libgit2 failure.  Close with
 * bops_repo_close().
 */
const struct bops_error *bops_repo_open(struct bops_repo **out,
    const char *workdir);
/*
 * Open the repository at `workdir`, creating it (non-bare, HEAD pointing
 * at refs/heads/main) when there is none.  *created says which.
 */
const struct bops_error *bops_repo_init(struct bops_repo **out,
    const char *workdir, bool *created);
void bops_repo_close(struct bops_repo *repo);

/* The work tree, with a trailing '/'; and the git directory, likewise. */
const char *bops_repo_workdir(const struct bops_repo *repo);
const char *bops_repo_gitdir(const struct bops_repo *repo);

/*
 * The current branch's full ref name ("refs/heads/main") and its commit
 * (out_hex is "" on an unborn branch).  BOPS_ERR_ENV for a detached HEAD.
 */
const struct bops_error *bops_repo_head(struct bops_repo *repo,
    char out_hex[BOPS_OID_HEXSZ + 1], struct bops_buf *refname);

/*
 * Resolve a revision (anything git_revparse_single understands: a hex id,
 * "HEAD~2", a branch) to a commit id.  BOPS_ERR_NOT_FOUND when it names
 * nothing.
 */
const struct bops_error *bops_repo_resolve(struct bops_repo *repo,
    const char *rev, char out_hex[BOPS_OID_HEXSZ + 1]);

/*
 * user.name and user.email from git config (repo NULL: the global and
 * system config only); BOPS_ERR_NO_IDENTITY.
 */
const struct bops_error *bops_repo_identity(struct bops_repo *repo,
    struct bops_buf *name, struct bops_buf *email);

/* Set a key in the repository's own config (.git/config). */
const struct bops_error *bops_repo_config_set(struct bops_repo *repo,
    const char *key, const char *value);

/*
 * The blob at `path` in commit `commit_hex`: its content appended to
 * `content` (may be NULL to skip reading) and its id in blob_hex (may be
 * NULL).  BOPS_ERR_NOT_FOUND when the path is absent, or commit_hex is "".
 */
const struct bops_error *bops_repo_read(struct bops_repo *repo,
    const char *commit_hex, const char *path, struct bops_buf *content,
    char blob_hex[BOPS_OID_HEXSZ + 1]);

/* Read a blob by id. */
const struct bops_error *bops_repo_read_blob(struct bops_repo *repo,
    const char *blob_hex, struct bops_buf *content);

/*
 * The id of the tree or blob at `path` ("" for the root tree) in commit
 * `commit_hex`; out_hex is "" when absent.
 */
const struct bops_error *bops_repo_entry_id(struct bops_repo *repo,
    const char *commit_hex, const char *path,
    char out_hex[BOPS_OID_HEXSZ + 1]);

/*
 * Call fn for every blob below directory `dir` of commit `commit_hex`
 * (recursively), in tree order, with its path and blob id.  A non-NULL
 * return from fn stops the walk and is returned.  An absent dir is not
 * an error.
 */
typedef const struct bops_error *(*bops_repo_list_fn)(const char *path,
    const char *blob_hex, void *arg);
const struct bops_error *bops_repo_list(struct bops_repo *repo,
    const char *commit_hex, const char *dir, bops_repo_list_fn fn,
    void *arg);

/*
 * Call fn for each entry directly inside directory `dir` of commit
 * commit_hex, in tree order, with its name, id and whether it is a
 * tree.  An absent dir is not an error.
 */
typedef const struct bops_error *(*bops_repo_dir_fn)(const char *name,
    const char *hex, bool is_tree, void *arg);
const struct bops_error *bops_repo_list_dir(struct bops_repo *repo,
    const char *commit_hex, const char *dir, bops_repo_dir_fn fn,
    void *arg);

/*
 * Whether the work-tree file at `path` differs from `blob_hex` (the
 * committed version; "" when the path is not committed).  A missing file
 * against a committed blob differs; a missing file against "" does not.
 * Only the file's bytes count, not its stat data.
 */
const struct bops_error *bops_repo_worktree_differs(struct bops_repo *repo,
    const char *path, const char *blob_hex, bool *out);

/* The blob id git would give `data`. */
void bops_repo_hash(const char *data, size_t len,
    char out_hex[BOPS_OID_HEXSZ + 1]);

/* One file of a commit: new content, or data == NULL to delete. */
struct bops_change {
	const char *path;
	const char *data;
	size_t len;
};

/*
 * Commit `changes` on top of `parent_hex` ("" for the first commit) and
 * move `refname` from parent_hex to the new commit atomically (compare
 * and swap).  Blobs and the trees along each changed path are written;
 * every other tree is reused.  Author and committer are `sig`.  The
 * message is committed as valid UTF-8 (U+FFFD for what is not) with its
 * first line cut between characters to BOPS_SUBJECT_MAX columns.  The
 * work tree and the index are not touched.  Deleting an absent path is not an
 * error.  BOPS_ERR_REFUSED when the branch no longer points at
 * parent_hex (someone else committed), nothing changed.  An empty change
 * set still makes a commit; callers avoid it.
 */
const struct bops_error *bops_repo_commit(struct bops_repo *repo,
    const char *refname, const char *parent_hex,
    const struct bops_change *changes, size_t n, const char *message,
    const struct bops_sig *sig, char out_hex[BOPS_OID_HEXSZ + 1]);

/*
 * The same with a second parent, other_hex: a merge commit.
 */
const struct bops_error *bops_repo_commit_merge(struct bops_repo *repo,
    const char *refname, const char *parent_hex, const char *other_hex,
    const struct bops_change *changes, size_t n, const char *message,
    const struct bops_sig *sig, char out_hex[BOPS_OID_HEXSZ + 1]);

/*
 * Move refname from old_hex ("" or NULL: it must not exist) to new_hex
 * by compare-and-swap (a fast-forward).  BOPS_ERR_REFUSED when it moved.
 */
const struct bops_error *bops_repo_set_ref(struct bops_repo *repo,
    const char *refname, const char *old_hex, const char *new_hex,
    const char *message);

/*
 * Clone url (a path, file://, ssh or https) into dir and open it.
 * BOPS_ERR_REMOTE "remote '<url>': clone: <reason>".
 */
const struct bops_error *bops_repo_clone(struct bops_repo **out,
    const char *url, const char *dir);

/* Fetch the remote's branches into refs/remotes/<remote>/.
 * BOPS_ERR_REMOTE naming the remote and the reason. */
const struct bops_error *bops_repo_fetch(struct bops_repo *repo,
    const char *remote);

/*
 * Push local_ref to remote_ref on remote.  Success only when the remote
 * accepted every ref update (each ref's status is checked: a hook's
 * refusal is a failure).  BOPS_ERR_REMOTE otherwise, with *nonff set when
 * the refusal was because the remote moved (fetch, merge and retry).
 */
const struct bops_error *bops_repo_push(struct bops_repo *repo,
    const char *remote, const char *local_ref, const char *remote_ref,
    bool *nonff);

/*
 * The git operation left unfinished in the work tree (git's own
 * git_repository_state): "merge", "rebase", "cherry-pick", "revert",
 * "am" or "bisect", with *how saying how to finish or abort it; NULL
 * when there is none.  A commit made then would be lost to it.
 */
const char *bops_repo_operation(struct bops_repo *repo, const char **how);

/* The merge base of two commits ("" when they share no history). */
const struct bops_error *bops_repo_merge_base(struct bops_repo *repo,
    const char *a, const char *b, char out_hex[BOPS_OID_HEXSZ + 1]);

/* Whether commit a is b or a descendant of b. */
const struct bops_error *bops_repo_descendant(struct bops_repo *repo,
    const char *a, const char *b, bool *out);

typedef const struct bops_error *(*bops_repo_diff_fn)(const char *path,
    const char *old_hex, const char *new_hex, void *arg);

/*
 * The paths that differ between the trees of two commits (from_hex ""
 * or NULL: the empty tree), with old and new blob ids ("" when absent).
 */
const struct bops_error *bops_repo_diff_trees(struct bops_repo *repo,
    const char *from_hex, const char *to_hex, bops_repo_diff_fn fn,
    void *arg);

/*
 * Make the index entries of `paths` match the work tree (added when the
 * file exists, removed when it does not), then write the index.  Other
 * entries are left alone, so a user's staged work survives.
 */
const struct bops_error *bops_repo_index_update(struct bops_repo *repo,
    const char *const *paths, size_t n);

/*
 * Make the index entries of `paths` match commit_hex (removed when the
 * commit lacks them), whatever the work tree holds: after a crash, a
 * hand-edited file stays an unstaged change.
 */
const struct bops_error *bops_repo_index_reset(struct bops_repo *repo,
    const char *commit_hex, const char *const *paths, size_t n);

struct bops_commit_info {
	char id[BOPS_OID_HEXSZ + 1];
	char parent[BOPS_OID_HEXSZ + 1];	/* first parent, or "" */
	unsigned nparents;
	const char *author_name;	/* borrowed: valid during the callback */
	const char *author_email;
	int64_t when;			/* author time */
	const char *summary;		/* first line of the message */
};

/* Details of one commit; strings copied into bufs the caller releases. */
const struct bops_error *bops_repo_commit_info(struct bops_repo *repo,
    const char *commit_hex, struct bops_commit_info *out,
    struct bops_buf *name, struct bops_buf *email, struct bops_buf *summary);

/*
 * Walk history from `start_hex` (newest first, topological and time
 * order, like `git log`), calling fn for each commit.  With `path`, only
 * commits whose blob/tree at path differs from their first parent's (so
 * the record's history, including its creation and deletion).  Stops
 * after `limit` commits when limit > 0, or when fn returns non-NULL
 * (which is returned).
 */
typedef const struct bops_error *(*bops_repo_log_fn)(
    const struct bops_commit_info *info, void *arg);
const struct bops_error *bops_repo_log(struct bops_repo *repo,
    const char *start_hex, const char *path, size_t limit,
    bops_repo_log_fn fn, void *arg);

/*
 * The paths that commit_hex changed against its first parent (or against
 * the empty tree for a root commit), with old and new blob ids ("" for
 * added or deleted).
 */
const struct bops_error *bops_repo_commit_diff(struct bops_repo *repo,
    const char *commit_hex, bops_repo_diff_fn fn, void *arg);

#endif
