/*
 * git-commit.c: the writes of history: a tree built from the staged
 * changes, the commit on it and the branch moved by compare-and-swap,
 * the index brought to a commit from the stat data of the files bops
 * wrote, and objects kept in memory for a dry run.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>

#include "git.h"
#include "git-int.h"
#include "text.h"
#include "banned.h"

/*
 * libgit2 1.5 can report success for a loose object whose write failed
 * (a full disk): make sure an object is there before anything refers
 * to it.
 */
static const struct bops_error *
stored(git_repository *repo, const git_oid *oid, const char *what)
{
	git_odb *odb = NULL;
	int found;

	if (git_repository_odb(&odb, repo) < 0)
		return bops_git_fail("%s: open the object database", what);
	found = git_odb_exists(odb, oid);
	git_odb_free(odb);
	if (!found)
		return bops_error_fmt(BOPS_ERR_GIT, "git: %s: the object was "
		    "not stored (is the disk full?)", what);
	return NULL;
}

/* The new tree: `base` (may be NULL) with `changes` applied. */
static const struct bops_error *
build_tree(git_tree **out, git_repository *repo, git_tree *base,
    const struct bops_change *changes, size_t n)
{
	const struct bops_error *err = NULL;
	git_tree_update *up;
	git_tree_entry *entry;
	git_oid oid;
	size_t i, m = 0;

	*out = NULL;
	up = bops_calloc(n, sizeof(*up));
	for (i = 0; i < n; i++) {
		if (changes[i].data == NULL) {
			/* libgit2 refuses to remove what is not there. */
			if (base == NULL)
				continue;
			if ((err = bops_git_tree_entry(&entry, base, changes[i].path)))
				goto done;
			if (entry == NULL)
				continue;
			git_tree_entry_free(entry);
			up[m].path = changes[i].path;
			up[m++].action = GIT_TREE_UPDATE_REMOVE;
			continue;
		}
		up[m].path = changes[i].path;
		up[m].action = GIT_TREE_UPDATE_UPSERT;
		up[m].filemode = changes[i].mode ?
		    (git_filemode_t)changes[i].mode : GIT_FILEMODE_BLOB;
		if (changes[i].mode == BOPS_MODE_GITLINK) {
			/* A submodule's commit is not in this repository. */
			if ((err = bops_git_parse_oid(&up[m++].id, changes[i].data)))
				goto done;
			continue;
		}
		if (git_blob_create_from_buffer(&up[m].id, repo,
		    changes[i].data, changes[i].len) < 0) {
			err = bops_git_fail("write blob '%s'", changes[i].path);
			goto done;
		}
		if ((err = stored(repo, &up[m++].id, "write blob")))
			goto done;
	}
	if (git_tree_create_updated(&oid, repo, base, m, up) < 0) {
		err = bops_git_fail("write tree");
		goto done;
	}
	if ((err = stored(repo, &oid, "write tree")))
		goto done;
	if (git_tree_lookup(out, repo, &oid) < 0)
		err = bops_git_fail("read new tree");
done:
	free(up);
	return err;
}

/* Move `refname` from `parent` (NULL: from nothing) to `oid`. */
static const struct bops_error *
move_ref(git_repository *repo, const char *refname, const git_oid *oid,
    const git_oid *parent, const char *message)
{
	const struct bops_error *err = NULL;
	struct bops_buf log = BOPS_BUF_INIT;
	git_reference *ref = NULL;
	size_t len = strcspn(message, "\n");
	int rc;

	bops_buf_puts(&log, parent ? "commit: " : "commit (initial): ");
	bops_text_put_cut(&log, message, len, SIZE_MAX, "");
	if (parent != NULL)
		rc = git_reference_create_matching(&ref, repo, refname, oid,
		    1, parent, log.ptr);
	else
		rc = git_reference_create(&ref, repo, refname, oid, 0,
		    log.ptr);
	if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS ||
	    (rc == GIT_ENOTFOUND && parent != NULL))
		err = bops_error_fmt(BOPS_ERR_REFUSED,
		    "update '%s': it moved (someone else committed)", refname);
	else if (rc < 0)
		err = bops_git_fail("update '%s'", refname);
	git_reference_free(ref);
	bops_buf_release(&log);
	return err;
}

/*
 * The message as it is committed: valid UTF-8 (what is not becomes
 * U+FFFD) and a subject of at most BOPS_SUBJECT_MAX columns, cut
 * between characters.  Whatever built the message, no commit bops
 * writes breaks `git log` in a teammate's terminal.
 */
static void
clean_message(struct bops_buf *out, const char *message)
{
	size_t len = strcspn(message, "\n");

	bops_text_put_cut(out, message, len, BOPS_SUBJECT_MAX, "...");
	if (message[len])
		bops_text_put_cut(out, message + len, strlen(message + len),
		    SIZE_MAX, "");
}

/* Commit on top of parent_hex, with other_hex ("" or NULL: none) as a
 * second parent, and move refname by compare-and-swap. */
static const struct bops_error *
commit_with(struct bops_repo *repo, const char *refname,
    const char *parent_hex, const char *other_hex,
    const struct bops_change *changes, size_t n, const char *message,
    const struct bops_sig *sig, char out_hex[BOPS_OID_HEXSZ + 1])
{
	const struct bops_error *err = NULL;
	git_commit *parent = NULL, *other = NULL;
	git_tree *base = NULL, *tree = NULL;
	git_signature *who = NULL;
	const git_commit *parents[2];
	git_oid parent_oid, other_oid, oid;
	struct bops_buf msg = BOPS_BUF_INIT;
	size_t np = 0;

	out_hex[0] = '\0';
	NEED_GIT(repo);
	if (*parent_hex != '\0') {
		if ((err = bops_git_parse_oid(&parent_oid, parent_hex)))
			goto done;
		if (git_commit_lookup(&parent, repo->repo, &parent_oid) < 0) {
			err = bops_git_fail("look up commit '%s'", parent_hex);
			goto done;
		}
		if (git_commit_tree(&base, parent) < 0) {
			err = bops_git_fail("read tree of '%s'", parent_hex);
			goto done;
		}
		parents[np++] = parent;
	}
	if (other_hex && *other_hex) {
		if ((err = bops_git_parse_oid(&other_oid, other_hex)))
			goto done;
		if (git_commit_lookup(&other, repo->repo, &other_oid) < 0) {
			err = bops_git_fail("look up commit '%s'", other_hex);
			goto done;
		}
		parents[np++] = other;
	}
	if ((err = build_tree(&tree, repo->repo, base, changes, n)))
		goto done;
	if (git_signature_new(&who, sig->name, sig->email,
	    (git_time_t)sig->when, 0) < 0) {
		err = bops_git_fail("signature '%s <%s>'", sig->name, sig->email);
		goto done;
	}
	clean_message(&msg, message);
	if (git_commit_create(&oid, repo->repo, NULL, who, who, NULL,
	    msg.ptr, tree, np, parents) < 0) {
		err = bops_git_fail("write commit");
		goto done;
	}
	if ((err = stored(repo->repo, &oid, "write commit")))
		goto done;
	if (refname != NULL && (err = move_ref(repo->repo, refname, &oid,
	    parent ? &parent_oid : NULL, msg.ptr)))
		goto done;
	bops_git_oid_hex(out_hex, &oid);
done:
	bops_buf_release(&msg);
	git_signature_free(who);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(parent);
	git_commit_free(other);
	return err;
}

const struct bops_error *
bops_repo_commit(struct bops_repo *repo, const char *refname,
    const char *parent_hex, const struct bops_change *changes, size_t n,
    const char *message, const struct bops_sig *sig,
    char out_hex[BOPS_OID_HEXSZ + 1])
{
	return commit_with(repo, refname, parent_hex, NULL, changes, n,
	    message, sig, out_hex);
}

const struct bops_error *
bops_repo_commit_merge(struct bops_repo *repo, const char *refname,
    const char *parent_hex, const char *other_hex,
    const struct bops_change *changes, size_t n, const char *message,
    const struct bops_sig *sig, char out_hex[BOPS_OID_HEXSZ + 1])
{
	return commit_with(repo, refname, parent_hex, other_hex, changes, n,
	    message, sig, out_hex);
}

const struct bops_error *
bops_repo_set_ref(struct bops_repo *repo, const char *refname,
    const char *old_hex, const char *new_hex, const char *message)
{
	const struct bops_error *err;
	git_oid old_oid, new_oid;

	NEED_GIT(repo);

	if ((err = bops_git_parse_oid(&new_oid, new_hex)))
		return err;
	if (old_hex && *old_hex && (err = bops_git_parse_oid(&old_oid, old_hex)))
		return err;
	return move_ref(repo->repo, refname, &new_oid,
	    old_hex && *old_hex ? &old_oid : NULL, message);
}

/* The stat data of an index entry, as git takes them from lstat(2). */
void
bops_git_entry_stat(git_index_entry *e, const struct stat *st)
{
	e->ctime.seconds = (int32_t)st->st_ctim.tv_sec;
	e->ctime.nanoseconds = (uint32_t)st->st_ctim.tv_nsec;
	e->mtime.seconds = (int32_t)st->st_mtim.tv_sec;
	e->mtime.nanoseconds = (uint32_t)st->st_mtim.tv_nsec;
	e->dev = (uint32_t)st->st_dev;
	e->ino = (uint32_t)st->st_ino;
	e->uid = (uint32_t)st->st_uid;
	e->gid = (uint32_t)st->st_gid;
	e->file_size = (uint32_t)st->st_size;
}

/*
 * libgit2 can add an entry by reading the work-tree file itself
 * (git_index_add_bypath), but it follows a link among the leading
 * directories of the path: the entry is made here from what the commit
 * holds and the stat data of the file bops wrote, and nothing is read.
 */
const struct bops_error *
bops_repo_index_set_general(struct bops_repo *repo, const char *commit_hex,
    const char *const *paths, size_t n, const struct stat *st)
{
	const struct bops_error *err = NULL;
	char hex[BOPS_OID_HEXSZ + 1];
	git_index_entry e;
	unsigned mode;
	size_t i;
	int rc;

	NEED_GIT(repo);

	if (repo->index == NULL &&
	    git_repository_index(&repo->index, repo->repo) < 0)
		return bops_git_fail("open index");
	/*
	 * Another process may have written it since: start from its copy.
	 * After a direct write (lib/git-index.c) it is read whatever its
	 * stamp says: a file of the same size, written in the same second
	 * on an inode used before, would pass for the one in memory.
	 */
	if (git_index_read(repo->index, repo->index_stale) < 0)
		return bops_git_fail("read index");
	repo->index_stale = false;
	for (i = 0; i < n && err == NULL; i++) {
		if ((err = bops_repo_entry_mode(repo, commit_hex, paths[i], hex,
		    &mode)))
			break;
		if (mode == 0 || mode == BOPS_MODE_TREE) {
			if (git_index_remove_bypath(repo->index, paths[i]) < 0)
				err = bops_git_fail("remove '%s' from index",
				    paths[i]);
			continue;
		}
		memset(&e, 0, sizeof(e));
		e.mode = mode;
		e.path = paths[i];
		if ((err = bops_git_parse_oid(&e.id, hex)))
			break;
		if (st && st[i].st_mode != 0 && mode != BOPS_MODE_GITLINK)
			bops_git_entry_stat(&e, &st[i]);
		/*
		 * git_index_add keeps a conflict's stages beside the new
		 * stage 0 (git status: "UU"): the path is resolved, as git
		 * add resolves it.
		 */
		if ((rc = git_index_conflict_remove(repo->index, paths[i])) < 0 &&
		    rc != GIT_ENOTFOUND) {
			err = bops_git_fail("resolve '%s' in index", paths[i]);
			break;
		}
		if (git_index_add(repo->index, &e) < 0)
			err = bops_git_fail("add '%s' to index", paths[i]);
	}
	if (err == NULL && git_index_write(repo->index) < 0)
		err = bops_git_fail("write index");
	if (err != NULL)	/* drop the half-done changes */
		git_index_read(repo->index, 1);
	return err;
}

/*
 * The index updated in place when it is of the usual form, through
 * libgit2 otherwise (bops_repo_index_set_direct says which).
 */
const struct bops_error *
bops_repo_index_set(struct bops_repo *repo, const char *commit_hex,
    const char *const *paths, size_t n, const struct stat *st)
{
	const struct bops_error *err;
	bool done;

	if ((err = bops_repo_index_set_direct(&done, repo, commit_hex, paths,
	    n, st)) || done)
		return err;
	return bops_repo_index_set_general(repo, commit_hex, paths, n, st);
}

const struct bops_error *
bops_repo_index_reset(struct bops_repo *repo, const char *commit_hex,
    const char *const *paths, size_t n)
{
	return bops_repo_index_set(repo, commit_hex, paths, n, NULL);
}

const struct bops_error *
bops_repo_objects_in_memory(struct bops_repo *repo)
{
	git_odb_backend *mem = NULL;
	git_odb *odb = NULL;
	const struct bops_error *err = NULL;

	NEED_GIT(repo);

	if (git_repository_odb(&odb, repo->repo) < 0)
		return bops_git_fail("open the object database");
	/* The highest priority: writes go there first. */
	if (git_mempack_new(&mem) < 0 ||
	    git_odb_add_backend(odb, mem, 1000) < 0) {
		err = bops_git_fail("keep objects in memory");
		if (mem)
			mem->free(mem);
	}
	git_odb_free(odb);
	return err;
}
