/*
 * head.h: what a read needs to know of a commit before it can use the
 * cache, remembered in .git/bops/cache/head so that a read the cache
 * answers needs no libgit2 at all.
 *
 * For one commit: the blob id and the bytes of its bops.yaml, and the
 * tree id of each kind's directory.  All of it follows from the commit
 * id, which never changes what it names: the file is keyed by the
 * commit, checks itself (a checksum over its bytes), and is written
 * atomically.  A file for another commit, or a damaged one, is no
 * error: the state is read again through libgit2 and the file replaced.
 * Failing to write it is not an error either.
 */
#ifndef BOPS_HEAD_H
#define BOPS_HEAD_H

#include <stdbool.h>

#include "buf.h"
#include "error.h"
#include "git.h"
#include "kind.h"

#define BOPS_CONFIG_PATH "bops.yaml"

struct bops_head {
	char commit[BOPS_OID_HEXSZ + 1];	/* "" while unknown */
	char config[BOPS_OID_HEXSZ + 1];	/* bops.yaml's blob */
	char trees[BOPS_KIND__COUNT][BOPS_OID_HEXSZ + 1]; /* "" absent */
	struct bops_buf config_data;		/* bops.yaml's bytes */
};

void bops_head_init(struct bops_head *h);
void bops_head_release(struct bops_head *h);

/*
 * Fill h for commit (not "") from the file under gitdir (with a
 * trailing '/').  False, h then unknown, when the file is missing, for
 * another commit or damaged.
 */
bool bops_head_load(struct bops_head *h, const char *gitdir,
    const char *commit);

/*
 * Fill h for commit through libgit2 and remember it in the file.  The
 * errors of reading bops.yaml (bops_repo_read: BOPS_ERR_NOT_FOUND when
 * it is not committed, BOPS_ERR_INVALID for a link) are returned, and
 * then nothing is remembered.
 */
const struct bops_error *bops_head_read(struct bops_head *h,
    struct bops_repo *repo, const char *commit);

#endif
