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
#include <sys/stat.h>

#include "buf.h"
#include "error.h"

#define BOPS_OID_HEXSZ 40

/*
 * Git's modes of tree and index entries.  bops reads and writes regular
 * files only; a link or a submodule is carried along as it is (sync,
 * clone), never read as a record, never followed.
 */
#define BOPS_MODE_TREE		0040000
#define BOPS_MODE_FILE		0100644
#define BOPS_MODE_EXEC		0100755
#define BOPS_MODE_LINK		0120000
#define BOPS_MODE_GITLINK	0160000
#define BOPS_MODE_IS_FILE(m)	((m) == BOPS_MODE_FILE || (m) == BOPS_MODE_EXEC)

/* "a directory", "a regular file", "an executable file", "a symbolic
 * link", "a submodule (gitlink)"; "nothing" for 0. */
const char *bops_repo_mode_name(unsigned mode);

struct bops_repo;

/* Who made a change, and when (seconds since the epoch, UTC). */
struct bops_sig {
	const char *name;
	const char *email;
	int64_t when;
};

/*
 * libgit2 is initialised the first time a function of this file needs
 * it (never for a read that the cache answers: initialising parses the
 * CA bundle); bops_git_global_init does it at once.  Shut it down once,
 * at the end of main(); nothing happens when it never started.
 */
void bops_git_global_init(void);
void bops_git_global_shutdown(void);

/*
 * Open the repository whose work tree is `workdir` (the directory that
 * holds .git).  BOPS_ERR_NO_WORKSPACE when there is none, BOPS_ERR_GIT
 * for a bare repository or another libgit2 failure.  Close with
 * bops_repo_close().  An absolute workdir whose .git is a plain
 * directory (HEAD, config, no commondir) is opened by libgit2 only when
 * a function first needs it, and then fails as above.
 */
const struct bops_error *bops_repo_open(struct bops_repo **out,
    const char *workdir);
/*
 * Open the repository at `workdir`, creating it (non-bare, HEAD pointing
 * at refs/heads/main) when there is none.  *created says which.  Close
 * with bops_repo_close().
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
 * bops_repo_head from the files alone, without libgit2, for a read that
 * the cache may answer: *found only when .git/HEAD is "ref:
 * refs/heads/<branch>" and the branch is a loose ref (a file of 40 hex
 * digits) or, with no loose ref, a line of packed-refs (where `git gc`
 * moves refs), as git takes them: the loose one first.  Anything else,
 * a detached HEAD, an unborn branch, an unusual name, a packed-refs
 * file over 1 MiB or of a form not git's, leaves *found false and the
 * question to bops_repo_head.  A ref and packed-refs are written by
 * renaming a lock file over them, so what is read is one whole value.
 */
const struct bops_error *bops_repo_head_fast(struct bops_repo *repo,
    char out_hex[BOPS_OID_HEXSZ + 1], struct bops_buf *refname,
    bool *found);

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

/*
 * The value of key in git config, every level as git reads it (the
 * repository's, the user's, the system's), appended to out.
 * BOPS_ERR_NOT_FOUND when it is not set, or set to "".
 */
const struct bops_error *bops_repo_config_get(struct bops_buf *out,
    struct bops_repo *repo, const char *key);

/* Set a key in the repository's own config (.git/config). */
const struct bops_error *bops_repo_config_set(struct bops_repo *repo,
    const char *key, const char *value);

/*
 * The blob at `path` in commit `commit_hex`: its content appended to
 * `content` (may be NULL to skip reading) and its id in blob_hex (may be
 * NULL).  BOPS_ERR_NOT_FOUND when the path is absent or a directory, or
 * commit_hex is ""; BOPS_ERR_INVALID "path: a symbolic link, not a
 * regular file" for a link or a submodule (its target is not read as a
 * file's content).
 */
const struct bops_error *bops_repo_read(struct bops_repo *repo,
    const char *commit_hex, const char *path, struct bops_buf *content,
    char blob_hex[BOPS_OID_HEXSZ + 1]);

/* Read a blob by id. */
const struct bops_error *bops_repo_read_blob(struct bops_repo *repo,
    const char *blob_hex, struct bops_buf *content);

/*
 * A reader of blobs for one thread, with an object store of its own (a
 * shared one reads one object at a time).  bops_blob_reader_read answers
 * as bops_repo_read_blob; several threads may each read with their own
 * reader while no thread writes to repo.
 */
struct bops_blob_reader;
const struct bops_error *bops_blob_reader_new(struct bops_blob_reader **out,
    struct bops_repo *repo);
const struct bops_error *bops_blob_reader_read(struct bops_blob_reader *r,
    const char *blob_hex, struct bops_buf *content);
void bops_blob_reader_free(struct bops_blob_reader *r);

/*
 * The id of the tree or blob at `path` ("" for the root tree) in commit
 * `commit_hex`; out_hex is "" when absent.
 */
const struct bops_error *bops_repo_entry_id(struct bops_repo *repo,
    const char *commit_hex, const char *path,
    char out_hex[BOPS_OID_HEXSZ + 1]);

/*
 * The id and mode (BOPS_MODE_*) of the entry at `path` of commit
 * commit_hex; "" and 0 when absent.
 */
const struct bops_error *bops_repo_entry_mode(struct bops_repo *repo,
    const char *commit_hex, const char *path,
    char out_hex[BOPS_OID_HEXSZ + 1], unsigned *mode);

/*
 * Call fn for every regular file below directory `dir` of commit
 * `commit_hex` (recursively), in tree order, with its path and blob id;
 * links and submodules are left out (bops_repo_walk shows them).  A
 * non-NULL return from fn stops the walk and is returned.  An absent dir
 * is not an error.
 */
typedef const struct bops_error *(*bops_repo_list_fn)(const char *path,
    const char *blob_hex, void *arg);
const struct bops_error *bops_repo_list(struct bops_repo *repo,
    const char *commit_hex, const char *dir, bops_repo_list_fn fn,
    void *arg);

/*
 * Every entry below directory `dir` of commit commit_hex, whatever its
 * mode, recursively and in tree order, a directory before what it holds:
 * fn gets its path, id and mode.  For `bops check`.
 */
typedef const struct bops_error *(*bops_repo_walk_fn)(const char *path,
    const char *hex, unsigned mode, void *arg);
const struct bops_error *bops_repo_walk(struct bops_repo *repo,
    const char *commit_hex, const char *dir, bops_repo_walk_fn fn,
    void *arg);

/*
 * Call fn for each directory and regular file directly inside directory
 * `dir` of commit commit_hex, in tree order, with its name, id and
 * whether it is a tree.  An absent dir is not an error.
 */
typedef const struct bops_error *(*bops_repo_dir_fn)(const char *name,
    const char *hex, bool is_tree, void *arg);
const struct bops_error *bops_repo_list_dir(struct bops_repo *repo,
    const char *commit_hex, const char *dir, bops_repo_dir_fn fn,
    void *arg);

/*
 * Whether the work-tree file at `path` differs from `blob_hex` (the
 * committed version of a regular file; "" when the path is not
 * committed).  A missing file against a committed blob differs; a
 * missing file against "" does not; anything but a regular file (a
 * link, a FIFO, a directory) differs and is not opened.  Only the
 * file's bytes count, not its stat data, and no more of them are read
 * than the blob holds.  The path is walked without following a link
 * (file.h): BOPS_ERR_REFUSED for a link among its leading components.
 */
const struct bops_error *bops_repo_worktree_differs(bool *out,
    struct bops_repo *repo, const char *path, const char *blob_hex);

/*
 * The same for an entry of any mode (BOPS_MODE_*): a link is the same
 * when the work tree holds a link with that target; a submodule when it
 * holds a directory (its content is the submodule's business).
 */
const struct bops_error *bops_repo_worktree_differs_mode(bool *out,
    struct bops_repo *repo, const char *path, const char *blob_hex,
    unsigned mode);

/* The blob id git would give `data`. */
void bops_repo_hash(const char *data, size_t len,
    char out_hex[BOPS_OID_HEXSZ + 1]);

/*
 * One file of a commit: new content, or data == NULL to delete.  mode is
 * BOPS_MODE_FILE when 0; a link's data is its target, a submodule's
 * (BOPS_MODE_GITLINK) the commit id in hex.
 */
struct bops_change {
	const char *path;
	const char *data;
	size_t len;
	unsigned mode;
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
 * The same with a second parent, other_hex: a merge commit.  With
 * refname NULL no ref moves: the commit is only written (a view of
 * history, see bops_repo_objects_in_memory).
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
 * Check a remote's name and a branch name (NULL: none given) by
 * libgit2's rules (git_remote_name_is_valid, and
 * git_reference_name_is_valid for refs/heads/<branch> and
 * refs/remotes/<remote>/<branch>), before either reaches a ref or a
 * path.  BOPS_ERR_USAGE "invalid remote name '<remote>'" or "invalid
 * branch name '<branch>'".
 */
const struct bops_error *bops_git_check_names(const char *remote,
    const char *branch);

/*
 * Clone url (a path, file://, ssh or https) into dir and open it.  The
 * new repository has core.symlinks set: a committed link is checked out
 * as a link, as git does, and never followed.  The checkout is one pass
 * over HEAD's tree: each directory opened once, each blob read once and
 * written with git's filters (.gitattributes), the index written once;
 * a tree entry named ".", ".." or ".git" is refused, BOPS_ERR_GIT.  BOPS_ERR_USAGE for a URL
 * with control characters (it would reach the repository's config),
 * BOPS_ERR_REMOTE "remote '<url>': clone: <reason>".  Close with
 * bops_repo_close().
 */
const struct bops_error *bops_repo_clone(struct bops_repo **out,
    const char *url, const char *dir);

/*
 * A clone keeps the bytes of the record files (*.yaml) it checked out,
 * so that the cache is built without reading them from the pack again:
 * bops_repo_read_blob answers from them.  _move hands them to another
 * handle of the same repository (the workspace's); _release frees them
 * (bops_repo_close does too).
 */
void bops_repo_stash_move(struct bops_repo *to, struct bops_repo *from);
void bops_repo_stash_release(struct bops_repo *repo);

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
const struct bops_error *bops_repo_descendant(bool *out, struct bops_repo *repo,
    const char *a, const char *b);

/*
 * *out: how many commits are reachable from `from` and not from `hide`
 * ("" or NULL: nothing hidden), as `git rev-list --count from ^hide`.
 */
const struct bops_error *bops_repo_count(size_t *out, struct bops_repo *repo,
    const char *from, const char *hide);

/*
 * From now on, objects this process writes go to memory, never to the
 * object database on disk; they can be read like any other until the
 * repository is closed.  For views of history that a read builds
 * (--as-of on a merged history) while a read never writes to the
 * repository.  Not for a process that commits.
 */
const struct bops_error *bops_repo_objects_in_memory(struct bops_repo *repo);

/*
 * Three-way merge of a file's contents line by line, as git merges text
 * (its xdiff, through libgit2): base may be NULL (both added it).  out
 * gets the result; *clean is false when changes overlapped, and then out
 * holds both sides between conflict markers labelled with the two
 * labels.  BOPS_ERR_INVALID when a version is binary (nothing merged).
 */
const struct bops_error *bops_repo_merge_file(struct bops_buf *out,
    bool *clean, const char *base, size_t blen, const char *ours,
    size_t olen, const char *theirs, size_t tlen, const char *path,
    const char *ours_label, const char *theirs_label);

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
 * Make the index entries of `paths` match commit_hex, mode and id
 * (removed when the commit lacks them), then write the index.  Other
 * entries are left alone, so a user's staged work survives.  st (may be
 * NULL) gives for each path the lstat data of its work-tree file, which
 * the caller has just made hold the commit's version: the entry takes
 * them, so git sees the file clean without reading it (no work-tree file
 * is read here).  Without them (st NULL, or an entry whose st_mode is 0)
 * the entry has no stat data and git compares the content: after a
 * crash, a hand-edited file stays an unstaged change.
 */
const struct bops_error *bops_repo_index_set(struct bops_repo *repo,
    const char *commit_hex, const char *const *paths, size_t n,
    const struct stat *st);

/*
 * Start checking the index file's checksum on another processor, for the
 * bops_repo_index_set that follows: the commit is made meanwhile, and
 * the update in place then need not read the old file twice.  The check
 * counts only if the file it read is the one the update finds (the same
 * device, inode, size and times); otherwise the update checks the file
 * itself.  Nothing is reported: a check that cannot start is no check.
 */
void bops_repo_index_prepare(struct bops_repo *repo);

/*
 * The two ways bops_repo_index_set goes, for the tests that compare
 * them.  bops_repo_index_set_direct updates the index file in
 * O(change) (lib/git-index.c): *out is true when it wrote it, false
 * when the index is of a form it leaves to libgit2 (no index yet,
 * version 4, a mandatory extension, a conflict or extended flags at a
 * changed path, a file where a directory goes, a checksum that does not
 * match, a lock it could not take...), and then nothing was written.
 * bops_repo_index_set_general reads, updates and writes the whole index
 * through libgit2.  Both take what bops_repo_index_set takes and return
 * what it returns.
 */
const struct bops_error *bops_repo_index_set_direct(bool *out,
    struct bops_repo *repo, const char *commit_hex,
    const char *const *paths, size_t n, const struct stat *st);
const struct bops_error *bops_repo_index_set_general(struct bops_repo *repo,
    const char *commit_hex, const char *const *paths, size_t n,
    const struct stat *st);

/* bops_repo_index_set without stat data. */
const struct bops_error *bops_repo_index_reset(struct bops_repo *repo,
    const char *commit_hex, const char *const *paths, size_t n);

struct bops_commit_info {
	char id[BOPS_OID_HEXSZ + 1];
	char parent[BOPS_OID_HEXSZ + 1];	/* first parent, or "" */
	unsigned nparents;
	/* every parent, nparents of them; borrowed like the strings
	 * (bops_repo_log only; NULL from bops_repo_commit_info) */
	const char (*parents)[BOPS_OID_HEXSZ + 1];
	const char *author_name;	/* borrowed: valid during the callback */
	const char *author_email;
	int64_t when;			/* author time: when the change was made */
	int64_t committed;		/* committer time: when it was recorded */
	const char *summary;		/* first line of the message */
	const char *message;		/* the whole message, borrowed: in
					   bops_repo_log callbacks only,
					   NULL elsewhere */
};

/* Details of one commit; strings copied into bufs the caller releases. */
const struct bops_error *bops_repo_commit_info(struct bops_commit_info *out,
    struct bops_buf *name, struct bops_buf *email, struct bops_buf *summary,
    struct bops_repo *repo, const char *commit_hex);

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
/* The same, without the commits reachable from hide_hex ("" or NULL:
 * none), as `git log start ^hide`. */
const struct bops_error *bops_repo_log_range(struct bops_repo *repo,
    const char *start_hex, const char *hide_hex, const char *path,
    size_t limit, bops_repo_log_fn fn, void *arg);

/*
 * The paths that commit_hex changed against its first parent (or against
 * the empty tree for a root commit), with old and new blob ids ("" for
 * added or deleted).
 */
const struct bops_error *bops_repo_commit_diff(struct bops_repo *repo,
    const char *commit_hex, bops_repo_diff_fn fn, void *arg);

#endif
