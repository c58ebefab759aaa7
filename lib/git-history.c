/*
 * git-history.c: reading history: merge bases and ancestry, the diff of
 * two trees or of a commit, the log of a path, counts of commits, and
 * the three-way merge of a file's text.
 */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "git.h"
#include "git-int.h"
#include "banned.h"

const struct bops_error *
bops_repo_merge_base(struct bops_repo *repo, const char *a, const char *b,
    char out_hex[BOPS_OID_HEXSZ + 1])
{
	const struct bops_error *err;
	git_oid oa, ob, base;
	int rc;

	NEED_GIT(repo);

	out_hex[0] = '\0';
	if ((err = bops_git_parse_oid(&oa, a)) || (err = bops_git_parse_oid(&ob, b)))
		return err;
	rc = git_merge_base(&base, repo->repo, &oa, &ob);
	if (rc == GIT_ENOTFOUND)
		return NULL;
	if (rc < 0)
		return bops_git_fail("merge base of %.12s and %.12s", a, b);
	bops_git_oid_hex(out_hex, &base);
	return NULL;
}

const struct bops_error *
bops_repo_descendant(bool *out, struct bops_repo *repo, const char *a,
    const char *b)
{
	const struct bops_error *err;
	git_oid oa, ob;
	int rc;

	NEED_GIT(repo);

	*out = false;
	if ((err = bops_git_parse_oid(&oa, a)) || (err = bops_git_parse_oid(&ob, b)))
		return err;
	if (git_oid_equal(&oa, &ob)) {
		*out = true;
		return NULL;
	}
	if ((rc = git_graph_descendant_of(repo->repo, &oa, &ob)) < 0)
		return bops_git_fail("compare %.12s and %.12s", a, b);
	*out = rc == 1;
	return NULL;
}

const struct bops_error *
bops_repo_diff_trees(struct bops_repo *repo, const char *from_hex,
    const char *to_hex, bops_repo_diff_fn fn, void *arg)
{
	const struct bops_error *err = NULL;
	git_commit *ca = NULL, *cb = NULL;
	git_tree *ta = NULL, *tb = NULL;
	git_diff *diff = NULL;
	git_oid oa, ob;
	char old_hex[BOPS_OID_HEXSZ + 1], new_hex[BOPS_OID_HEXSZ + 1];
	size_t i, n;

	NEED_GIT(repo);

	if (from_hex && *from_hex) {
		if ((err = bops_git_parse_oid(&oa, from_hex)))
			goto done;
		if (git_commit_lookup(&ca, repo->repo, &oa) < 0 ||
		    git_commit_tree(&ta, ca) < 0) {
			err = bops_git_fail("read commit '%s'", from_hex);
			goto done;
		}
	}
	if ((err = bops_git_parse_oid(&ob, to_hex)))
		goto done;
	if (git_commit_lookup(&cb, repo->repo, &ob) < 0 ||
	    git_commit_tree(&tb, cb) < 0) {
		err = bops_git_fail("read commit '%s'", to_hex);
		goto done;
	}
	if (git_diff_tree_to_tree(&diff, repo->repo, ta, tb, NULL) < 0) {
		err = bops_git_fail("diff %.12s..%.12s", from_hex, to_hex);
		goto done;
	}
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n && err == NULL; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);

		if (git_oid_is_zero(&d->old_file.id))
			old_hex[0] = '\0';
		else
			bops_git_oid_hex(old_hex, &d->old_file.id);
		if (git_oid_is_zero(&d->new_file.id))
			new_hex[0] = '\0';
		else
			bops_git_oid_hex(new_hex, &d->new_file.id);
		err = fn(d->new_file.path ? d->new_file.path :
		    d->old_file.path, old_hex, new_hex, arg);
	}
done:
	git_diff_free(diff);
	git_tree_free(ta);
	git_tree_free(tb);
	git_commit_free(ca);
	git_commit_free(cb);
	return err;
}

/* Fill `out` from `commit`; the strings are borrowed from it. */
static void
fill_info(struct bops_commit_info *out, const git_commit *commit)
{
	const git_signature *author = git_commit_author(commit);
	const git_oid *parent;

	bops_git_oid_hex(out->id, git_commit_id(commit));
	out->nparents = git_commit_parentcount(commit);
	out->parent[0] = '\0';
	out->parents = NULL;
	if (out->nparents > 0 &&
	    (parent = git_commit_parent_id(commit, 0)) != NULL)
		bops_git_oid_hex(out->parent, parent);
	out->author_name = author->name;
	out->author_email = author->email;
	out->when = (int64_t)author->when.time;
	out->committed = (int64_t)git_commit_time(commit);
	out->summary = git_commit_message(commit);
	out->message = out->summary;
}

/* Every parent of commit into *buf (grown as needed). */
static const char (*all_parents(const git_commit *commit,
    char (**buf)[BOPS_OID_HEXSZ + 1], size_t *cap))[BOPS_OID_HEXSZ + 1]
{
	unsigned i, n = git_commit_parentcount(commit);

	if (n > *cap) {
		*buf = bops_realloc(*buf, n * sizeof(**buf));
		*cap = n;
	}
	for (i = 0; i < n; i++)
		bops_git_oid_hex((*buf)[i], git_commit_parent_id(commit, i));
	return (const char (*)[BOPS_OID_HEXSZ + 1])*buf;
}

static void
put_line(struct bops_buf *out, const char *s)
{
	bops_buf_reset(out);
	bops_buf_put(out, s, strcspn(s, "\n"));
}

const struct bops_error *
bops_repo_commit_info(struct bops_commit_info *out, struct bops_buf *name,
    struct bops_buf *email, struct bops_buf *summary, struct bops_repo *repo,
    const char *commit_hex)
{
	const struct bops_error *err;
	git_commit *commit = NULL;
	git_oid oid;
	int rc;

	NEED_GIT(repo);

	memset(out, 0, sizeof(*out));
	if ((err = bops_git_parse_oid(&oid, commit_hex)))
		return err;
	if ((rc = git_commit_lookup(&commit, repo->repo, &oid)) < 0) {
		if (rc == GIT_ENOTFOUND)
			return bops_error_fmt(BOPS_ERR_NOT_FOUND,
			    "no commit '%s'", commit_hex);
		return bops_git_fail("look up commit '%s'", commit_hex);
	}
	fill_info(out, commit);
	bops_buf_reset(name);
	bops_buf_puts(name, out->author_name);
	bops_buf_reset(email);
	bops_buf_puts(email, out->author_email);
	put_line(summary, out->summary);
	out->author_name = name->ptr;
	out->author_email = email->ptr;
	out->summary = summary->ptr;
	out->message = NULL;
	git_commit_free(commit);
	return NULL;
}

/* Whether `commit` changed `path` against its first parent. */
static const struct bops_error *
touches(bool *out, git_commit *commit, const char *path)
{
	const struct bops_error *err = NULL;
	git_commit *parent = NULL;
	git_tree *tree = NULL, *ptree = NULL;
	git_oid id, pid;

	*out = false;
	if (git_commit_tree(&tree, commit) < 0)
		return bops_git_fail("read tree of commit");
	if (git_commit_parentcount(commit) > 0 &&
	    (git_commit_parent(&parent, commit, 0) < 0 ||
	    git_commit_tree(&ptree, parent) < 0)) {
		err = bops_git_fail("read parent of commit");
		goto done;
	}
	if ((err = bops_git_path_id(&id, tree, path)) ||
	    (err = bops_git_path_id(&pid, ptree, path)))
		goto done;
	*out = !git_oid_equal(&id, &pid);
done:
	git_tree_free(ptree);
	git_commit_free(parent);
	git_tree_free(tree);
	return err;
}

const struct bops_error *
bops_repo_log(struct bops_repo *repo, const char *start_hex,
    const char *path, size_t limit, bops_repo_log_fn fn, void *arg)
{
	return bops_repo_log_range(repo, start_hex, NULL, path, limit, fn,
	    arg);
}

const struct bops_error *
bops_repo_log_range(struct bops_repo *repo, const char *start_hex,
    const char *hide_hex, const char *path, size_t limit,
    bops_repo_log_fn fn, void *arg)
{
	const struct bops_error *err = NULL;
	struct bops_buf summary = BOPS_BUF_INIT;
	struct bops_commit_info info;
	git_revwalk *walk = NULL;
	git_commit *commit;
	git_oid oid;
	char (*parents)[BOPS_OID_HEXSZ + 1] = NULL;
	size_t count = 0, cap = 0;
	bool hit;
	int rc;

	NEED_GIT(repo);

	if (*start_hex == '\0')
		return NULL;
	if ((err = bops_git_parse_oid(&oid, start_hex)))
		return err;
	if (git_revwalk_new(&walk, repo->repo) < 0)
		return bops_git_fail("start history walk");
	if (git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) <
	    0 || git_revwalk_push(walk, &oid) < 0) {
		err = bops_git_fail("walk history from '%s'", start_hex);
		goto done;
	}
	if (hide_hex && *hide_hex) {
		if ((err = bops_git_parse_oid(&oid, hide_hex)))
			goto done;
		if (git_revwalk_hide(walk, &oid) < 0) {
			err = bops_git_fail("walk history without '%s'", hide_hex);
			goto done;
		}
	}
	while (limit == 0 || count < limit) {
		if ((rc = git_revwalk_next(&oid, walk)) == GIT_ITEROVER)
			break;
		if (rc < 0 ||
		    git_commit_lookup(&commit, repo->repo, &oid) < 0) {
			err = bops_git_fail("walk history from '%s'", start_hex);
			goto done;
		}
		hit = true;
		if (path != NULL)
			err = touches(&hit, commit, path);
		if (err == NULL && hit) {
			fill_info(&info, commit);
			info.parents = all_parents(commit, &parents, &cap);
			put_line(&summary, info.summary);
			info.summary = summary.ptr;
			err = fn(&info, arg);
			count++;
		}
		git_commit_free(commit);
		if (err != NULL)
			goto done;
	}
done:
	free(parents);
	bops_buf_release(&summary);
	git_revwalk_free(walk);
	return err;
}

const struct bops_error *
bops_repo_count(size_t *out, struct bops_repo *repo, const char *from,
    const char *hide)
{
	const struct bops_error *err = NULL;
	git_revwalk *walk = NULL;
	git_oid oid;
	int rc;

	NEED_GIT(repo);

	*out = 0;
	if (from == NULL || *from == '\0')
		return NULL;
	if (git_revwalk_new(&walk, repo->repo) < 0)
		return bops_git_fail("start history walk");
	if ((err = bops_git_parse_oid(&oid, from)))
		goto done;
	if (git_revwalk_push(walk, &oid) < 0) {
		err = bops_git_fail("walk history from '%s'", from);
		goto done;
	}
	if (hide && *hide) {
		if ((err = bops_git_parse_oid(&oid, hide)))
			goto done;
		if (git_revwalk_hide(walk, &oid) < 0) {
			err = bops_git_fail("walk history without '%s'", hide);
			goto done;
		}
	}
	while ((rc = git_revwalk_next(&oid, walk)) == 0)
		(*out)++;
	if (rc != GIT_ITEROVER)
		err = bops_git_fail("walk history from '%s'", from);
done:
	git_revwalk_free(walk);
	return err;
}

/* Whether data looks binary to git: a NUL in its first 8000 bytes. */
static bool
is_binary(const char *data, size_t len)
{
	return data && memchr(data, '\0', len < 8000 ? len : 8000) != NULL;
}

const struct bops_error *
bops_repo_merge_file(struct bops_buf *out, bool *clean, const char *base,
    size_t blen, const char *ours, size_t olen, const char *theirs,
    size_t tlen, const char *path, const char *ours_label,
    const char *theirs_label)
{
	git_merge_file_input b, o, t;
	git_merge_file_options opts;
	git_merge_file_result res;

	*clean = false;
	bops_git_global_init();
	if (git_merge_file_input_init(&b, GIT_MERGE_FILE_INPUT_VERSION) < 0 ||
	    git_merge_file_input_init(&o, GIT_MERGE_FILE_INPUT_VERSION) < 0 ||
	    git_merge_file_input_init(&t, GIT_MERGE_FILE_INPUT_VERSION) < 0 ||
	    git_merge_file_options_init(&opts,
	    GIT_MERGE_FILE_OPTIONS_VERSION) < 0)
		return bops_git_fail("merge '%s'", path);
	if (is_binary(base, blen) || is_binary(ours, olen) ||
	    is_binary(theirs, tlen))
		return bops_error_fmt(BOPS_ERR_INVALID, "%s: binary file "
		    "changed on both sides", path);
	memset(&res, 0, sizeof(res));
	b.ptr = base;
	b.size = base ? blen : 0;
	b.path = path;
	o.ptr = ours;
	o.size = olen;
	o.path = path;
	t.ptr = theirs;
	t.size = tlen;
	t.path = path;
	opts.our_label = ours_label;
	opts.their_label = theirs_label;
	opts.ancestor_label = "base";
	if (git_merge_file(&res, base ? &b : NULL, &o, &t, &opts) < 0)
		return bops_git_fail("merge '%s'", path);
	*clean = res.automergeable != 0;
	bops_buf_put(out, res.ptr, res.len);
	git_merge_file_result_free(&res);
	return NULL;
}

static void
diff_hex(char out[BOPS_OID_HEXSZ + 1], const git_diff_file *file)
{
	out[0] = '\0';
	if ((file->flags & GIT_DIFF_FLAG_EXISTS) && !git_oid_is_zero(&file->id))
		bops_git_oid_hex(out, &file->id);
}

const struct bops_error *
bops_repo_commit_diff(struct bops_repo *repo, const char *commit_hex,
    bops_repo_diff_fn fn, void *arg)
{
	const struct bops_error *err = NULL;
	git_commit *commit = NULL, *parent = NULL;
	git_tree *tree = NULL, *ptree = NULL;
	git_diff *diff = NULL;
	const git_diff_delta *d;
	char old_hex[BOPS_OID_HEXSZ + 1], new_hex[BOPS_OID_HEXSZ + 1];
	git_oid oid;
	size_t i, n;

	NEED_GIT(repo);

	if ((err = bops_git_parse_oid(&oid, commit_hex)))
		return err;
	if (git_commit_lookup(&commit, repo->repo, &oid) < 0)
		return bops_git_fail("look up commit '%s'", commit_hex);
	if (git_commit_tree(&tree, commit) < 0 ||
	    (git_commit_parentcount(commit) > 0 &&
	    (git_commit_parent(&parent, commit, 0) < 0 ||
	    git_commit_tree(&ptree, parent) < 0))) {
		err = bops_git_fail("read commit '%s'", commit_hex);
		goto done;
	}
	if (git_diff_tree_to_tree(&diff, repo->repo, ptree, tree, NULL) < 0) {
		err = bops_git_fail("diff commit '%s'", commit_hex);
		goto done;
	}
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n && err == NULL; i++) {
		d = git_diff_get_delta(diff, i);
		diff_hex(old_hex, &d->old_file);
		diff_hex(new_hex, &d->new_file);
		err = fn(d->status == GIT_DELTA_DELETED ? d->old_file.path :
		    d->new_file.path, old_hex, new_hex, arg);
	}
done:
	git_diff_free(diff);
	git_tree_free(ptree);
	git_tree_free(tree);
	git_commit_free(parent);
	git_commit_free(commit);
	return err;
}
