/*
 * git-remote.c: the remotes: their names checked, a clone with its own
 * one-pass checkout (the blobs it writes kept in the stash for the
 * cache), fetch and push.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "file.h"
#include "git.h"
#include "git-int.h"
#include "banned.h"

/* Remote failures name the remote and say why. */
static const struct bops_error *
remote_fail(const char *remote, const char *what)
{
	const git_error *e = git_error_last();
	const char *msg = e != NULL && e->message != NULL ? e->message :
	    "unknown error";

	/* What libgit2 says of a path where there is no repository. */
	if (strcmp(msg, "unsupported URL protocol") == 0)
		msg = "no repository there, or an unsupported URL protocol";
	return bops_error_fmt(BOPS_ERR_REMOTE, "remote '%s': %s: %s", remote,
	    what, msg);
}

/* Whether refname is a valid reference name; false on failure too. */
static bool
ref_valid(const char *refname)
{
	int valid = 0;

	return git_reference_name_is_valid(&valid, refname) == 0 && valid;
}

const struct bops_error *
bops_git_check_names(const char *remote, const char *branch)
{
	struct bops_buf ref = BOPS_BUF_INIT;
	int valid = 0;
	bool ok;

	bops_git_global_init();
	if (git_remote_name_is_valid(&valid, remote) < 0 || !valid)
		return bops_error_fmt(BOPS_ERR_USAGE, "invalid remote name "
		    "'%s'", remote);
	if (branch == NULL)
		return NULL;
	bops_buf_printf(&ref, "refs/heads/%s", branch);
	ok = ref_valid(ref.ptr);
	bops_buf_reset(&ref);
	bops_buf_printf(&ref, "refs/remotes/%s/%s", remote, branch);
	ok = ok && ref_valid(ref.ptr);
	bops_buf_release(&ref);
	if (!ok)
		return bops_error_fmt(BOPS_ERR_USAGE, "invalid branch name "
		    "'%s'", branch);
	return NULL;
}

/*
 * The new repository of a clone, made before its checkout: with
 * core.symlinks set, a committed link is checked out as a link (as git
 * does), never as a file holding its target, whatever a global config
 * says.  Checkout makes it and never follows it.
 */
static int
clone_repository(git_repository **out, const char *path, int bare,
    void *payload)
{
	git_config *cfg = NULL;
	int rc;

	(void)payload;
	if ((rc = git_repository_init(out, path, (unsigned)bare)) < 0)
		return rc;
	if ((rc = git_repository_config(&cfg, *out)) == 0)
		rc = git_config_set_bool(cfg, "core.symlinks", 1);
	git_config_free(cfg);
	if (rc < 0) {
		git_repository_free(*out);
		*out = NULL;
	}
	return rc;
}

static const struct bops_error *checkout_head(git_repository *r,
    const char *workdir, struct stash *stash);

const struct bops_error *
bops_repo_clone(struct bops_repo **out, const char *url, const char *dir)
{
	git_clone_options opts;
	git_repository *r = NULL;
	const struct bops_error *err;
	struct stash stash;
	const char *p;

	*out = NULL;
	for (p = url; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return bops_error_fmt(BOPS_ERR_USAGE, "clone: a "
			    "control character in the URL '%s'", url);
	bops_git_global_init();
	memset(&stash, 0, sizeof(stash));
	git_clone_options_init(&opts, GIT_CLONE_OPTIONS_VERSION);
	opts.repository_cb = clone_repository;
	/* The work tree is checked out below, in one pass. */
	opts.checkout_opts.checkout_strategy = GIT_CHECKOUT_NONE;
	if (git_clone(&r, url, dir, &opts) < 0)
		return remote_fail(url, "clone");
	/*
	 * A bare remote made with another default branch (master) points
	 * its HEAD at nothing: then take the remote's main branch.
	 */
	if (git_repository_head_unborn(r) == 1) {
		git_reference *remote_main = NULL, *local = NULL;
		git_checkout_options co;
		int rc;

		git_checkout_options_init(&co, GIT_CHECKOUT_OPTIONS_VERSION);
		co.checkout_strategy = GIT_CHECKOUT_SAFE;
		rc = git_reference_lookup(&remote_main, r,
		    "refs/remotes/origin/main");
		if (rc == 0)
			rc = git_reference_create(&local, r, "refs/heads/main",
			    git_reference_target(remote_main), 0, "clone");
		if (rc == 0)
			rc = git_repository_set_head(r, "refs/heads/main");
		if (rc == 0)
			rc = git_checkout_head(r, &co);
		if (rc == 0) {
			git_config *cfg = NULL;

			if (git_repository_config(&cfg, r) == 0) {
				(void)git_config_set_string(cfg,
				    "branch.main.remote", "origin");
				(void)git_config_set_string(cfg,
				    "branch.main.merge", "refs/heads/main");
			}
			git_config_free(cfg);
		}
		git_reference_free(remote_main);
		git_reference_free(local);
		if (rc < 0 && rc != GIT_ENOTFOUND) {
			git_repository_free(r);
			return bops_git_fail("check out main of '%s'", url);
		}
	} else if ((err = checkout_head(r, git_repository_workdir(r),
	    &stash))) {
		git_repository_free(r);
		bops_git_stash_release(&stash);
		return err;
	}
	git_repository_free(r);
	if ((err = bops_repo_open(out, dir))) {
		bops_git_stash_release(&stash);
		return err;
	}
	(*out)->stash = stash;
	return NULL;
}

void
bops_repo_stash_move(struct bops_repo *to, struct bops_repo *from)
{
	bops_git_stash_release(&to->stash);
	to->stash = from->stash;
	memset(&from->stash, 0, sizeof(from->stash));
}

/*
 * The checkout of a clone, in one pass over HEAD's tree: each directory
 * opened once and its entries made relative to it (openat, never
 * following a link), each blob read once from the pack, written, and
 * its index entry made from the file's lstat data, the index written
 * once at the end.  libgit2's own checkout looked every path up again
 * from the work tree's root (ten readlink calls a file) and mapped the
 * pack window anew for each blob.
 */
struct checkout {
	git_repository *repo;
	git_index *index;
	struct stash *stash;
	struct bops_buf path;
	bool filters;		/* some file may have a filter */
};

/*
 * Whether attribute text names anything that makes a checkout filter:
 * text, eol, crlf, ident, filter, working-tree-encoding.  A word
 * search: it may say yes where git would not filter, never no where
 * it would.
 */
static bool
attr_filters(const char *text, size_t len)
{
	static const char *const words[] = { "text", "eol", "crlf", "ident",
	    "filter", "encoding" };
	struct bops_buf s = BOPS_BUF_INIT;
	size_t i;
	bool found = false;

	bops_buf_put(&s, text, len);
	for (i = 0; i < sizeof(words) / sizeof(words[0]) && !found; i++)
		found = strstr(s.ptr ? s.ptr : "", words[i]) != NULL;
	bops_buf_release(&s);
	return found;
}

/* Whether a .gitattributes anywhere in tree names a filter. */
static bool
tree_filters(git_repository *repo, git_tree *tree)
{
	const git_tree_entry *e;
	git_object *obj;
	size_t i, n = git_tree_entrycount(tree);
	bool found = false;

	for (i = 0; i < n && !found; i++) {
		e = git_tree_entry_byindex(tree, i);
		if (git_tree_entry_type(e) == GIT_OBJECT_TREE) {
			if (git_tree_entry_to_object(&obj, repo, e) < 0)
				return true;
			found = tree_filters(repo, (git_tree *)obj);
			git_object_free(obj);
		} else if (strcmp(git_tree_entry_name(e), ".gitattributes") ==
		    0) {
			if (git_tree_entry_to_object(&obj, repo, e) < 0)
				return true;
			found = attr_filters(git_blob_rawcontent((git_blob *)obj),
			    (size_t)git_blob_rawsize((git_blob *)obj));
			git_object_free(obj);
		}
	}
	return found;
}

/*
 * Whether any file of tree may get a checkout filter, from every place
 * git takes attributes and line endings from: core.autocrlf, the
 * attribute files of the config, of the repository, of the system, and
 * every .gitattributes of the tree.  Only then are each file's filters
 * looked up: libgit2 resolves a path's attributes through realpath(3),
 * a system call for each of its directories, for each file.
 */
static bool
needs_filters(git_repository *repo, git_tree *tree)
{
	static const char *const files[] = { "/etc/gitattributes",
	    "/usr/etc/gitattributes" };
	git_config *cfg = NULL;
	struct bops_buf path = BOPS_BUF_INIT, data = BOPS_BUF_INIT;
	const char *s;
	int b;
	size_t i;
	bool need = false;

	if (git_repository_config_snapshot(&cfg, repo) < 0)
		return true;
	if (git_config_get_bool(&b, cfg, "core.autocrlf") == 0)
		need = b != 0;
	else if (git_config_get_string(&s, cfg, "core.autocrlf") == 0)
		need = strcmp(s, "input") != 0;
	if (git_config_get_string(&s, cfg, "core.attributesFile") == 0)
		need = true;
	git_config_free(cfg);
	bops_buf_printf(&path, "%sinfo/attributes", git_repository_path(repo));
	for (i = 0; i <= sizeof(files) / sizeof(files[0]) && !need; i++) {
		bops_buf_reset(&data);
		if (bops_file_read(&data, i == 0 ? path.ptr : files[i - 1], 0) ==
		    NULL)
			need = attr_filters(data.ptr, data.len);
	}
	bops_buf_release(&path);
	bops_buf_release(&data);
	return need || tree_filters(repo, tree);
}

/*
 * A name git's own checkout would refuse: ".", ".." or ".git" in any
 * case (a teammate's tree is hostile input), or one with a '/'.
 */
static bool
bad_name(const char *name)
{
	return strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
	    strcasecmp(name, ".git") == 0 || strchr(name, '/') != NULL ||
	    *name == '\0';
}

static const struct bops_error *
co_index(struct checkout *co, const git_tree_entry *e, unsigned mode,
    const struct stat *st)
{
	git_index_entry ie;

	memset(&ie, 0, sizeof(ie));
	ie.mode = mode;
	ie.path = co->path.ptr;
	git_oid_cpy(&ie.id, git_tree_entry_id(e));
	if (st)
		bops_git_entry_stat(&ie, st);
	if (git_index_add(co->index, &ie) < 0)
		return bops_git_fail("add '%s' to index", co->path.ptr);
	return NULL;
}

/* Write blob e as file name in dirfd (filters applied as git would). */
static const struct bops_error *
co_file(struct checkout *co, int dirfd, const char *name,
    const git_tree_entry *e, unsigned mode)
{
	const struct bops_error *err = NULL;
	git_blob *blob = NULL;
	git_filter_list *fl = NULL;
	git_buf out = { NULL, 0, 0 };
	const char *data;
	size_t len;
	struct stat st;
	ssize_t n;
	int fd = -1;

	if (git_blob_lookup(&blob, co->repo, git_tree_entry_id(e)) < 0)
		return bops_git_fail("read '%s'", co->path.ptr);
	data = git_blob_rawcontent(blob);
	len = (size_t)git_blob_rawsize(blob);
	if (mode == BOPS_MODE_LINK) {
		struct bops_buf target = BOPS_BUF_INIT;

		bops_buf_put(&target, data, len);
		if (symlinkat(target.ptr, dirfd, name) == -1)
			err = bops_error_errno("link '%s'", co->path.ptr);
		else if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1)
			err = bops_error_errno("stat '%s'", co->path.ptr);
		bops_buf_release(&target);
		goto done;
	}
	/* Records are read again by the cache: keep their bytes. */
	if (co->stash && len <= 1048576 && strlen(name) > 5 &&
	    strcmp(name + strlen(name) - 5, ".yaml") == 0)
		bops_git_stash_add(co->stash, git_tree_entry_id(e), data, len);
	if (co->filters && git_filter_list_load(&fl, co->repo, blob,
	    co->path.ptr, GIT_FILTER_TO_WORKTREE, GIT_FILTER_DEFAULT) < 0) {
		err = bops_git_fail("filters of '%s'", co->path.ptr);
		goto done;
	}
	if (fl != NULL) {
		if (git_filter_list_apply_to_blob(&out, fl, blob) < 0) {
			err = bops_git_fail("filter '%s'", co->path.ptr);
			goto done;
		}
		data = out.ptr;
		len = out.size;
	}
	fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, mode == BOPS_MODE_EXEC ? 0777 : 0666);
	if (fd == -1) {
		err = bops_error_errno("create '%s'", co->path.ptr);
		goto done;
	}
	for (; len > 0; data += n, len -= (size_t)n)
		if ((n = write(fd, data, len)) <= 0) {
			if (n == -1 && errno == EINTR) {
				n = 0;
				continue;
			}
			err = bops_error_errno("write '%s'", co->path.ptr);
			goto done;
		}
	if (fstat(fd, &st) == -1)
		err = bops_error_errno("stat '%s'", co->path.ptr);
done:
	if (fd != -1 && close(fd) == -1 && err == NULL)
		err = bops_error_errno("close '%s'", co->path.ptr);
	if (err == NULL)
		err = co_index(co, e, mode, &st);
	git_buf_dispose(&out);
	git_filter_list_free(fl);
	git_blob_free(blob);
	return err;
}

static const struct bops_error *
co_tree(struct checkout *co, git_tree *tree, int dirfd)
{
	const struct bops_error *err = NULL;
	const git_tree_entry *e;
	git_tree *sub;
	size_t i, n = git_tree_entrycount(tree), base = co->path.len;
	unsigned mode;
	int fd;

	for (i = 0; i < n && err == NULL; i++) {
		e = git_tree_entry_byindex(tree, i);
		bops_buf_truncate(&co->path, base);
		bops_buf_puts(&co->path, git_tree_entry_name(e));
		if (bad_name(git_tree_entry_name(e)))
			return bops_error_fmt(BOPS_ERR_GIT, "git: check out "
			    "'%s': a name git refuses", co->path.ptr);
		mode = (unsigned)git_tree_entry_filemode(e);
		switch (mode) {
		case BOPS_MODE_TREE:
			if (mkdirat(dirfd, git_tree_entry_name(e), 0777) == -1 &&
			    errno != EEXIST)
				return bops_error_errno("mkdir '%s'",
				    co->path.ptr);
			fd = openat(dirfd, git_tree_entry_name(e), O_RDONLY |
			    O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			if (fd == -1)
				return bops_error_errno("open '%s'",
				    co->path.ptr);
			if (git_tree_lookup(&sub, co->repo,
			    git_tree_entry_id(e)) < 0) {
				close(fd);
				return bops_git_fail("read tree '%s'", co->path.ptr);
			}
			bops_buf_putc(&co->path, '/');
			err = co_tree(co, sub, fd);
			git_tree_free(sub);
			close(fd);
			break;
		case BOPS_MODE_GITLINK:
			/* A submodule: its empty directory, as git makes. */
			if (mkdirat(dirfd, git_tree_entry_name(e), 0777) == -1 &&
			    errno != EEXIST)
				return bops_error_errno("mkdir '%s'",
				    co->path.ptr);
			err = co_index(co, e, mode, NULL);
			break;
		default:
			err = co_file(co, dirfd, git_tree_entry_name(e), e,
			    mode == BOPS_MODE_EXEC || mode == BOPS_MODE_LINK ?
			    mode : BOPS_MODE_FILE);
			break;
		}
	}
	bops_buf_truncate(&co->path, base);
	return err;
}

/* Check out HEAD of the new clone r at workdir (see struct checkout). */
static const struct bops_error *
checkout_head(git_repository *r, const char *workdir, struct stash *stash)
{
	const struct bops_error *err = NULL;
	struct checkout co;
	git_object *head = NULL;
	git_tree *tree = NULL;
	int fd;

	memset(&co, 0, sizeof(co));
	co.repo = r;
	co.stash = stash;
	bops_buf_init(&co.path);
	if (git_revparse_single(&head, r, "HEAD^{tree}") < 0) {
		/* An empty remote: nothing to check out. */
		return NULL;
	}
	tree = (git_tree *)head;
	co.filters = needs_filters(r, tree);
	if (git_repository_index(&co.index, r) < 0) {
		err = bops_git_fail("open index");
		goto done;
	}
	if ((fd = open(workdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		err = bops_error_errno("open '%s'", workdir);
		goto done;
	}
	err = co_tree(&co, tree, fd);
	close(fd);
	if (err == NULL && git_index_write(co.index) < 0)
		err = bops_git_fail("write index");
done:
	git_index_free(co.index);
	git_object_free(head);
	bops_buf_release(&co.path);
	return err;
}

const struct bops_error *
bops_repo_fetch(struct bops_repo *repo, const char *remote)
{
	git_fetch_options opts;
	git_remote *r = NULL;
	const struct bops_error *err = NULL;

	NEED_GIT(repo);

	git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
	if (git_remote_lookup(&r, repo->repo, remote) < 0)
		return bops_error_fmt(BOPS_ERR_REMOTE, "no remote '%s' (add "
		    "one with git remote add %s URL)", remote, remote);
	opts.prune = GIT_FETCH_NO_PRUNE;
	opts.update_fetchhead = 0;
	if (git_remote_fetch(r, NULL, &opts, NULL) < 0)
		err = remote_fail(remote, "fetch");
	git_remote_free(r);
	return err;
}

struct push_status {
	struct bops_buf reason;
	bool rejected;
};

static int
push_update(const char *refname, const char *status, void *payload)
{
	struct push_status *ps = payload;

	if (status != NULL) {
		ps->rejected = true;
		bops_buf_printf(&ps->reason, "%s%s: %s",
		    ps->reason.len ? "; " : "", refname, status);
	}
	return 0;
}

/*
 * The remote moved under the push: a non-fast-forward, or (a server that
 * saw another push land between its advertisement and its ref update)
 * "failed to update ref" / "cannot lock ref".
 */
static bool
is_nonff(const char *msg)
{
	return msg && (strstr(msg, "fast-forward") || strstr(msg, "fast forward")
	    || strstr(msg, "fastforward") || strstr(msg, "fetch first") ||
	    strstr(msg, "stale info") || strstr(msg, "failed to update ref") ||
	    strstr(msg, "cannot lock ref"));
}

const struct bops_error *
bops_repo_push(struct bops_repo *repo, const char *remote,
    const char *local_ref, const char *remote_ref, bool *nonff)
{
	git_push_options opts;
	git_remote *r = NULL;
	struct push_status ps;
	struct bops_buf spec = BOPS_BUF_INIT;
	const struct bops_error *err = NULL;
	char *specs[1];
	git_strarray arr;
	int rc;

	NEED_GIT(repo);

	*nonff = false;
	git_push_options_init(&opts, GIT_PUSH_OPTIONS_VERSION);
	memset(&ps, 0, sizeof(ps));
	bops_buf_init(&ps.reason);
	if (git_remote_lookup(&r, repo->repo, remote) < 0)
		return bops_error_fmt(BOPS_ERR_REMOTE, "no remote '%s'",
		    remote);
	bops_buf_printf(&spec, "%s:%s", local_ref, remote_ref);
	specs[0] = spec.ptr;
	arr.strings = specs;
	arr.count = 1;
	opts.callbacks.push_update_reference = push_update;
	opts.callbacks.payload = &ps;
	rc = git_remote_push(r, &arr, &opts);
	if (rc < 0) {
		const git_error *e = git_error_last();

		*nonff = rc == GIT_ENONFASTFORWARD ||
		    is_nonff(e ? e->message : NULL);
		err = remote_fail(remote, "push");
	} else if (ps.rejected) {
		*nonff = is_nonff(ps.reason.ptr);
		err = bops_error_fmt(BOPS_ERR_REMOTE, "remote '%s' rejected "
		    "the push: %s", remote, ps.reason.ptr);
	}
	git_remote_free(r);
	bops_buf_release(&spec);
	bops_buf_release(&ps.reason);
	return err;
}
