/*
 * git-worktree.c: whether a work-tree file holds what a commit holds
 * (bops_repo_worktree_differs), read without following a link and
 * without reading more than the blob's size.
 */
#include <string.h>
#include <sys/stat.h>

#include <git2.h>

#include "file.h"
#include "git.h"
#include "git-int.h"
#include "banned.h"

/* The size of blob hex, from its header (the blob is not read). */
static const struct bops_error *
blob_size(git_repository *repo, const char *hex, size_t *out)
{
	const struct bops_error *err;
	git_odb *odb = NULL;
	git_object_t type;
	git_oid oid;
	size_t len;

	*out = 0;
	if ((err = bops_git_parse_oid(&oid, hex)))
		return err;
	if (git_repository_odb(&odb, repo) < 0)
		return bops_git_fail("open the object database");
	if (git_odb_read_header(&len, &type, odb, &oid) < 0)
		err = bops_git_fail("read '%s'", hex);
	else
		*out = len;
	git_odb_free(odb);
	return err;
}

const struct bops_error *
bops_repo_worktree_differs_mode(bool *out, struct bops_repo *repo,
    const char *path, const char *blob_hex, unsigned mode)
{
	const struct bops_error *err;
	struct bops_buf data = BOPS_BUF_INIT;
	enum bops_file_type type;
	char hex[BOPS_OID_HEXSZ + 1];
	struct stat st;
	size_t size;

	NEED_GIT(repo);

	*out = true;
	if ((err = bops_file_stat_at(repo->workdir, path, &type, &st)))
		return err;
	if (type == BOPS_FILE_MISSING || *blob_hex == '\0') {
		*out = type != BOPS_FILE_MISSING || *blob_hex != '\0';
		return NULL;
	}
	switch (mode) {
	case BOPS_MODE_GITLINK:
		*out = type != BOPS_FILE_DIR;
		return NULL;
	case BOPS_MODE_LINK:
		if (type != BOPS_FILE_SYMLINK)
			return NULL;
		err = bops_file_readlink_at(&data, repo->workdir, path);
		break;
	default:
		if (type != BOPS_FILE_REGULAR)
			return NULL;
		if ((err = blob_size(repo->repo, blob_hex, &size)))
			return err;
		if ((size_t)st.st_size != size)
			return NULL;
		/* Read no more than the blob holds: a bigger file differs. */
		err = bops_file_read_at(&data, repo->workdir, path,
		    size ? size : 1);
		break;
	}
	if (err) {
		/* Gone, grown or swapped since it was looked at: it differs. */
		if (err->code == BOPS_ERR_NOT_FOUND ||
		    err->code == BOPS_ERR_INVALID)
			err = NULL;
		goto done;
	}
	bops_repo_hash(data.ptr, data.len, hex);
	*out = strcmp(hex, blob_hex) != 0;
done:
	bops_buf_release(&data);
	return err;
}

const struct bops_error *
bops_repo_worktree_differs(bool *out, struct bops_repo *repo, const char *path,
    const char *blob_hex)
{
	return bops_repo_worktree_differs_mode(out, repo, path, blob_hex,
	    BOPS_MODE_FILE);
}
