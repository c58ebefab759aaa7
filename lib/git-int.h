/*
 * git-int.h: what the files of the git module (git.c, git-commit.c,
 * git-history.c, git-index.c, git-remote.c, git-worktree.c) share and no other file
 * sees: the repository's struct, the stash of a clone's blobs, and the
 * helpers over libgit2 that all of them call.  Like <git2.h>, which it
 * includes, it is theirs alone (tests/layers.sh).
 */
#ifndef BOPS_GIT_INT_H
#define BOPS_GIT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include <git2.h>

#include "error.h"
#include "git.h"
#include "hash.h"

/*
 * The bytes of blobs a checkout wrote, kept for the cache to build from
 * without reading them from the pack again (bops_repo_checkout).
 */
struct stash {
	struct bops_hash h;	/* oid -> index into v */
	struct stashed {
		git_oid oid;
		char *data;
		size_t len;
	} *v;
	size_t n, alloc;
};

struct index_check;

struct bops_repo {
	git_repository *repo;	/* opened on first use (need_git) */
	git_index *index;	/* opened on first use */
	bool index_stale;	/* the file written since, not through index */
	char *workdir;		/* with a trailing '/' */
	char *gitdir;		/* likewise */
	struct stash stash;
	struct index_check *check;	/* bops_repo_index_prepare's */
};

/* Wait for bops_repo_index_prepare's check and forget it. */
void bops_git_index_check_drop(struct bops_repo *repo);

/*
 * libgit2's repository, opened now if it was not: every function of the
 * module that uses repo->repo starts with NEED_GIT(repo).
 */
const struct bops_error *bops_git_need(struct bops_repo *repo);

#define NEED_GIT(repo) do { \
	const struct bops_error *need_err_ = bops_git_need(repo); \
	if (need_err_ != NULL) \
		return need_err_; \
} while (0)

/*
 * BOPS_ERR_GIT with "git: <what>: <libgit2 message>".  The message is
 * read here, right after the failing call; in libgit2 1.5 there may be
 * none.
 */
const struct bops_error *bops_git_fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* oid as 40 hex digits and a NUL. */
void bops_git_oid_hex(char out[BOPS_OID_HEXSZ + 1], const git_oid *oid);

/* hex as an object id: BOPS_ERR_GIT unless it is 40 hex digits. */
const struct bops_error *bops_git_parse_oid(git_oid *out, const char *hex);

/* The root tree of commit hex, which must not be "": BOPS_ERR_NOT_FOUND
 * when there is no such commit.  Free with git_tree_free. */
const struct bops_error *bops_git_commit_tree(git_tree **out,
    git_repository *repo, const char *hex);

/* The entry at path of tree, or NULL when absent ("" is the root, which
 * has none).  Free with git_tree_entry_free. */
const struct bops_error *bops_git_tree_entry(git_tree_entry **out,
    git_tree *tree, const char *path);

/* The id at path in tree ("" is the root), or zero when absent. */
const struct bops_error *bops_git_path_id(git_oid *out, git_tree *tree,
    const char *path);

/* Free what s holds and empty it. */
void bops_git_stash_release(struct stash *s);

/* Keep a copy of len bytes of data as blob oid, unless s has it. */
void bops_git_stash_add(struct stash *s, const git_oid *oid,
    const void *data, size_t len);

/* The stat data of an index entry, as git takes them from lstat(2). */
void bops_git_entry_stat(git_index_entry *e, const struct stat *st);

#endif
