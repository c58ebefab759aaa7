/*
 * git.c: the libgit2 side of bops.  libgit2 reports failure as a negative
 * int with details in a thread-local slot; here each failure becomes a
 * struct bops_error at once, so nothing outside this module (git.c and
 * its git-*.c, which git-int.h serves) sees either.  This file opens
 * and configures repositories and reads their trees and blobs.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <git2.h>

#include "file.h"
#include "git.h"
#include "git-int.h"
#include "hash.h"
#include "banned.h"

/* Whether git_libgit2_init has run: on first use, never for a read that
 * the cache answers (it parses the CA bundle, some milliseconds). */
static bool git_ready;

/* The largest tree libgit2 keeps in its cache of objects once read. */
#define TREE_CACHE_LIMIT (1 << 20)

static void
global_init(void)
{
	if (!git_ready) {
		git_libgit2_init();
		/*
		 * libgit2 keeps trees of at most 4 KiB: a kind's directory of
		 * 1,024 shards is 30 KiB, and every lookup of a path would
		 * read and inflate it again.
		 */
		(void)git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT,
		    GIT_OBJECT_TREE, (size_t)TREE_CACHE_LIMIT);
	}
	git_ready = true;
}

static const struct bops_error *repo_open_git(git_repository **out,
    const char *workdir);

/*
 * libgit2's repository, opened now if it was not: every function of this
 * file that uses repo->repo starts with NEED_GIT(repo).
 */
const struct bops_error *
bops_git_need(struct bops_repo *repo)
{
	global_init();
	if (repo->repo != NULL)
		return NULL;
	return repo_open_git(&repo->repo, repo->workdir);
}

/*
 * BOPS_ERR_GIT with "git: <what>: <libgit2 message>".  The message is
 * read here, right after the failing call; in libgit2 1.5 there may be
 * none.
 */
const struct bops_error *
bops_git_fail(const char *fmt, ...)
{
	const git_error *e = git_error_last();
	int saved = errno;
	char what[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	/* Without a message, a failed write has left at least errno. */
	return bops_error_fmt(BOPS_ERR_GIT, "git: %s: %s", what,
	    e != NULL && e->message != NULL ? e->message :
	    saved != 0 ? strerror(saved) : "unknown error");
}

void
bops_git_oid_hex(char out[BOPS_OID_HEXSZ + 1], const git_oid *oid)
{
	git_oid_fmt(out, oid);
	out[BOPS_OID_HEXSZ] = '\0';
}

const char *
bops_repo_mode_name(unsigned mode)
{
	switch (mode) {
	case 0:
		return "nothing";
	case BOPS_MODE_TREE:
		return "a directory";
	case BOPS_MODE_EXEC:
		return "an executable file";
	case BOPS_MODE_LINK:
		return "a symbolic link";
	case BOPS_MODE_GITLINK:
		return "a submodule (gitlink)";
	default:
		return "a regular file";
	}
}

const struct bops_error *
bops_git_parse_oid(git_oid *out, const char *hex)
{
	if (strlen(hex) != BOPS_OID_HEXSZ || git_oid_fromstr(out, hex) < 0)
		return bops_error_fmt(BOPS_ERR_GIT,
		    "git: bad object id '%s'", hex);
	return NULL;
}

/* The root tree of commit `hex`, which must not be "". */
const struct bops_error *
bops_git_commit_tree(git_tree **out, git_repository *repo, const char *hex)
{
	const struct bops_error *err;
	git_commit *commit = NULL;
	git_oid oid;
	int rc;

	*out = NULL;
	if ((err = bops_git_parse_oid(&oid, hex)))
		return err;
	if ((rc = git_commit_lookup(&commit, repo, &oid)) < 0) {
		if (rc == GIT_ENOTFOUND)
			return bops_error_fmt(BOPS_ERR_NOT_FOUND,
			    "no commit '%s'", hex);
		return bops_git_fail("look up commit '%s'", hex);
	}
	if (git_commit_tree(out, commit) < 0)
		err = bops_git_fail("read tree of commit '%s'", hex);
	git_commit_free(commit);
	return err;
}

/*
 * The entry at `path` of `tree`, or NULL when absent.  A path of "" (or
 * "/") names the root, which has no entry: callers handle it first.
 */
const struct bops_error *
bops_git_tree_entry(git_tree_entry **out, git_tree *tree, const char *path)
{
	int rc;

	*out = NULL;
	rc = git_tree_entry_bypath(out, tree, path);
	if (rc == GIT_ENOTFOUND) {
		*out = NULL;
		return NULL;
	}
	if (rc < 0)
		return bops_git_fail("look up '%s'", path);
	return NULL;
}

/* The id at `path` in `tree` ("" is the root), or zero when absent. */
const struct bops_error *
bops_git_path_id(git_oid *out, git_tree *tree, const char *path)
{
	const struct bops_error *err;
	git_tree_entry *entry;

	memset(out, 0, sizeof(*out));
	if (tree == NULL)
		return NULL;
	if (*path == '\0') {
		git_oid_cpy(out, git_tree_id(tree));
		return NULL;
	}
	if ((err = bops_git_tree_entry(&entry, tree, path)))
		return err;
	if (entry != NULL)
		git_oid_cpy(out, git_tree_entry_id(entry));
	git_tree_entry_free(entry);
	return NULL;
}

void
bops_git_global_init(void)
{
	global_init();
}

void
bops_git_global_shutdown(void)
{
	if (git_ready)
		git_libgit2_shutdown();
	git_ready = false;
}

static const struct bops_error *
repo_wrap(struct bops_repo **out, git_repository *r, const char *workdir)
{
	struct bops_repo *repo;

	*out = NULL;
	if (git_repository_is_bare(r) || git_repository_workdir(r) == NULL) {
		git_repository_free(r);
		return bops_error_fmt(BOPS_ERR_GIT,
		    "git: open '%s': bare repository", workdir);
	}
	repo = bops_calloc(1, sizeof(*repo));
	repo->repo = r;
	repo->workdir = bops_strdup(git_repository_workdir(r));
	repo->gitdir = bops_strdup(git_repository_path(r));
	*out = repo;
	return NULL;
}

static const struct bops_error *
repo_open_git(git_repository **out, const char *workdir)
{
	git_repository *r = NULL;
	int rc;

	*out = NULL;
	global_init();
	rc = git_repository_open_ext(&r, workdir,
	    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL);
	if (rc == GIT_ENOTFOUND)
		return bops_error_fmt(BOPS_ERR_NO_WORKSPACE,
		    "not a git repository: '%s'", workdir);
	if (rc < 0)
		return bops_git_fail("open '%s'", workdir);
	if (git_repository_is_bare(r) || git_repository_workdir(r) == NULL) {
		git_repository_free(r);
		return bops_error_fmt(BOPS_ERR_GIT,
		    "git: open '%s': bare repository", workdir);
	}
	*out = r;
	return NULL;
}

/*
 * Whether workdir holds the plain layout that a read can use without
 * libgit2: .git a directory (not a link, not a worktree's or a
 * submodule's "gitdir:" file) with a regular HEAD, no commondir (a
 * linked worktree's git directory) and a config.  Anything else is
 * opened by libgit2 at once, which knows every layout.
 */
static bool
plain_layout(const char *gitdir)
{
	static const char *const want[] = { "", "HEAD", "config",
	    "commondir" };
	struct bops_buf path = BOPS_BUF_INIT;
	struct stat st;
	bool ok = true;
	size_t i;

	for (i = 0; i < sizeof(want) / sizeof(want[0]) && ok; i++) {
		bops_buf_reset(&path);
		bops_buf_printf(&path, "%s%s", gitdir, want[i]);
		if (i == 3)
			ok = lstat(path.ptr, &st) == -1 && errno == ENOENT;
		else
			ok = lstat(path.ptr, &st) == 0 && (i == 0 ?
			    S_ISDIR(st.st_mode) : S_ISREG(st.st_mode));
	}
	bops_buf_release(&path);
	return ok;
}

const struct bops_error *
bops_repo_open(struct bops_repo **out, const char *workdir)
{
	const struct bops_error *err;
	struct bops_buf gitdir = BOPS_BUF_INIT;
	struct bops_repo *repo;
	git_repository *r = NULL;
	size_t len = strlen(workdir);

	*out = NULL;
	/* The plain layout of an absolute work tree: libgit2 waits. */
	if (workdir[0] == '/' && len > 0 && workdir[len - 1] == '/') {
		bops_buf_printf(&gitdir, "%s.git/", workdir);
		if (plain_layout(gitdir.ptr)) {
			repo = bops_calloc(1, sizeof(*repo));
			repo->workdir = bops_strdup(workdir);
			repo->gitdir = bops_buf_detach(&gitdir);
			*out = repo;
			return NULL;
		}
		bops_buf_release(&gitdir);
	}
	if ((err = repo_open_git(&r, workdir)))
		return err;
	return repo_wrap(out, r, workdir);
}

const struct bops_error *
bops_repo_init(struct bops_repo **out, const char *workdir, bool *created)
{
	const struct bops_error *err;
	git_repository_init_options opts;
	git_repository *r = NULL;

	*out = NULL;
	*created = false;
	err = bops_repo_open(out, workdir);
	if (err == NULL || err->code != BOPS_ERR_NO_WORKSPACE)
		return err;
	global_init();
	if (git_repository_init_options_init(&opts,
	    GIT_REPOSITORY_INIT_OPTIONS_VERSION) < 0)
		return bops_git_fail("init '%s'", workdir);
	opts.flags = GIT_REPOSITORY_INIT_MKPATH;
	opts.initial_head = "main";
	if (git_repository_init_ext(&r, workdir, &opts) < 0)
		return bops_git_fail("init '%s'", workdir);
	if ((err = repo_wrap(out, r, workdir)))
		return err;
	*created = true;
	return NULL;
}

void
bops_git_stash_release(struct stash *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].data);
	free(s->v);
	bops_hash_release(&s->h);
	memset(s, 0, sizeof(*s));
}

static bool
same_oid(size_t i, const void *arg)
{
	const struct stash *s = ((const void *const *)arg)[0];
	const git_oid *oid = ((const void *const *)arg)[1];

	return git_oid_equal(&s->v[i].oid, oid);
}

static uint64_t
oid_key(const git_oid *oid)
{
	uint64_t k;

	memcpy(&k, oid->id, sizeof(k));
	return k;
}

static const struct stashed *
stash_find(const struct stash *s, const git_oid *oid)
{
	const void *arg[2] = { s, oid };
	size_t i;

	if (s->n == 0)
		return NULL;
	i = bops_hash_find(&s->h, oid_key(oid), same_oid, arg);
	return i == BOPS_HASH_NONE ? NULL : &s->v[i];
}

void
bops_git_stash_add(struct stash *s, const git_oid *oid, const void *data, size_t len)
{
	struct stashed *e;

	if (stash_find(s, oid))
		return;
	if (s->n == s->alloc) {
		s->alloc = s->alloc ? 2 * s->alloc : 1024;
		s->v = bops_realloc(s->v, s->alloc * sizeof(*s->v));
	}
	e = &s->v[s->n];
	git_oid_cpy(&e->oid, oid);
	e->data = bops_malloc(len + 1);
	memcpy(e->data, data, len);
	e->len = len;
	bops_hash_add(&s->h, oid_key(oid), s->n++);
}

void
bops_repo_stash_release(struct bops_repo *repo)
{
	bops_git_stash_release(&repo->stash);
}

void
bops_repo_close(struct bops_repo *repo)
{
	if (repo == NULL)
		return;
	bops_git_index_check_drop(repo);
	bops_git_stash_release(&repo->stash);
	git_index_free(repo->index);
	git_repository_free(repo->repo);
	free(repo->workdir);
	free(repo->gitdir);
	free(repo);
}

const char *
bops_repo_workdir(const struct bops_repo *repo)
{
	return repo->workdir;
}

const char *
bops_repo_gitdir(const struct bops_repo *repo)
{
	return repo->gitdir;
}

const char *
bops_repo_operation(struct bops_repo *repo, const char **how)
{
	/* Not opened: the next call that needs libgit2 says why. */
	*how = NULL;
	if (bops_git_need(repo) != NULL)
		return NULL;
	switch (git_repository_state(repo->repo)) {
	case GIT_REPOSITORY_STATE_NONE:
		*how = NULL;
		return NULL;
	case GIT_REPOSITORY_STATE_MERGE:
		*how = "finish it with `git commit` or abort it with "
		    "`git merge --abort`";
		return "merge";
	case GIT_REPOSITORY_STATE_REVERT:
	case GIT_REPOSITORY_STATE_REVERT_SEQUENCE:
		*how = "finish it with `git revert --continue` or abort it "
		    "with `git revert --abort`";
		return "revert";
	case GIT_REPOSITORY_STATE_CHERRYPICK:
	case GIT_REPOSITORY_STATE_CHERRYPICK_SEQUENCE:
		*how = "finish it with `git cherry-pick --continue` or abort "
		    "it with `git cherry-pick --abort`";
		return "cherry-pick";
	case GIT_REPOSITORY_STATE_BISECT:
		*how = "end it with `git bisect reset`";
		return "bisect";
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX:
	case GIT_REPOSITORY_STATE_APPLY_MAILBOX_OR_REBASE:
		*how = "finish it with `git am --continue` or abort it with "
		    "`git am --abort`";
		return "am";
	default:
		*how = "finish it with `git rebase --continue` or abort it "
		    "with `git rebase --abort`";
		return "rebase";
	}
}

const struct bops_error *
bops_repo_head(struct bops_repo *repo, char out_hex[BOPS_OID_HEXSZ + 1],
    struct bops_buf *refname)
{
	const struct bops_error *err = NULL;
	git_reference *head = NULL;
	const char *target;
	git_oid oid;
	int rc;

	NEED_GIT(repo);

	out_hex[0] = '\0';
	bops_buf_reset(refname);
	if (git_reference_lookup(&head, repo->repo, "HEAD") < 0)
		return bops_git_fail("read HEAD");
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) {
		err = bops_error_fmt(BOPS_ERR_ENV, "HEAD is detached");
		goto done;
	}
	target = git_reference_symbolic_target(head);
	rc = git_reference_name_to_id(&oid, repo->repo, target);
	if (rc == 0)
		bops_git_oid_hex(out_hex, &oid);
	else if (rc != GIT_ENOTFOUND) {
		err = bops_git_fail("resolve '%s'", target);
		goto done;
	}
	bops_buf_puts(refname, target);
done:
	git_reference_free(head);
	return err;
}

/*
 * A branch name the fast path takes: [A-Za-z0-9._/-] in components that
 * neither start with '.' nor end with ".lock", no "..", no empty
 * component.  Any other (valid or not) is left to libgit2.
 */
static bool
plain_branch(const char *name, size_t len)
{
	size_t i, start = 0;

	if (len == 0 || len > 200)
		return false;
	for (i = 0; i <= len; i++) {
		char c = i < len ? name[i] : '/';

		if (c == '/') {
			if (i == start || name[start] == '.' ||
			    (i - start >= 5 && memcmp(name + i - 5, ".lock",
			    5) == 0))
				return false;
			start = i + 1;
			continue;
		}
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    (c == '.' && name[i + 1] != '.')))
			return false;
	}
	return true;
}

/* The whole of a small regular file under the git directory, not
 * following a link; false when it is anything else. */
static bool
small_file(struct bops_buf *out, const char *gitdir, const char *name)
{
	struct bops_buf path = BOPS_BUF_INIT;
	bool ok;

	bops_buf_reset(out);
	bops_buf_printf(&path, "%s%s", gitdir, name);
	ok = bops_file_read(out, path.ptr, 4096) == NULL;
	bops_buf_release(&path);
	return ok;
}

/* Whether p starts with an object id in lower-case hex. */
static bool
hex_id(const char *p)
{
	size_t i;

	for (i = 0; i < BOPS_OID_HEXSZ; i++)
		if (!((p[i] >= '0' && p[i] <= '9') || (p[i] >= 'a' &&
		    p[i] <= 'f')))
			return false;
	return true;
}

/* Whether the loose ref `name` is absent, and not merely unreadable. */
static bool
loose_absent(const char *gitdir, const char *name)
{
	struct bops_buf path = BOPS_BUF_INIT;
	struct stat st;
	bool absent;

	bops_buf_printf(&path, "%s%s", gitdir, name);
	absent = lstat(path.ptr, &st) < 0 && errno == ENOENT;
	bops_buf_release(&path);
	return absent;
}

/* The packed-refs file a fast read takes, at most. */
#define PACKED_REFS_MAX (1 << 20)

/*
 * The id of ref `name` in packed-refs (where git gc moves refs), into
 * out (BOPS_OID_HEXSZ bytes): false when the file is absent, larger than
 * PACKED_REFS_MAX, or holds anything but its header, "ID NAME" lines
 * and peeled "^ID" lines, or not the ref.
 */
static bool
packed_ref(char *out, const char *gitdir, const char *name)
{
	struct bops_buf path = BOPS_BUF_INIT, data = BOPS_BUF_INIT;
	const char *p, *end, *nl;
	size_t len = strlen(name);
	bool found = false, ok = false;

	bops_buf_printf(&path, "%spacked-refs", gitdir);
	if (bops_file_read(&data, path.ptr, PACKED_REFS_MAX) ||
	    memchr(data.ptr, '\0', data.len))
		goto done;
	for (p = data.ptr, end = p + data.len; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			goto done;	/* a last line cut short */
		if (*p == '#' && p == data.ptr)
			continue;	/* the header: its traits */
		if (*p == '^' && nl - p == BOPS_OID_HEXSZ + 1 &&
		    hex_id(p + 1))
			continue;	/* the peeled id of a tag */
		if (nl - p < BOPS_OID_HEXSZ + 2 || !hex_id(p) ||
		    p[BOPS_OID_HEXSZ] != ' ')
			goto done;
		if ((size_t)(nl - p) == BOPS_OID_HEXSZ + 1 + len &&
		    memcmp(p + BOPS_OID_HEXSZ + 1, name, len) == 0) {
			if (found)
				goto done;	/* twice: not git's */
			memcpy(out, p, BOPS_OID_HEXSZ);
			found = true;
		}
	}
	ok = found;
done:
	bops_buf_release(&path);
	bops_buf_release(&data);
	return ok;
}

const struct bops_error *
bops_repo_head_fast(struct bops_repo *repo, char out_hex[BOPS_OID_HEXSZ + 1],
    struct bops_buf *refname, bool *found)
{
	struct bops_buf head = BOPS_BUF_INIT, ref = BOPS_BUF_INIT;
	static const char prefix[] = "ref: refs/heads/";
	size_t plen = sizeof(prefix) - 1, len;

	*found = false;
	out_hex[0] = '\0';
	bops_buf_reset(refname);
	if (!small_file(&head, repo->gitdir, "HEAD") || head.len < plen + 2 ||
	    memcmp(head.ptr, prefix, plen) || head.ptr[head.len - 1] != '\n')
		goto done;
	len = head.len - plen - 1;
	if (!plain_branch(head.ptr + plen, len) ||
	    memchr(head.ptr + plen, '\0', len))
		goto done;
	head.ptr[head.len - 1] = '\0';
	if (small_file(&ref, repo->gitdir, head.ptr + 5)) {
		if (ref.len != BOPS_OID_HEXSZ + 1 ||
		    ref.ptr[BOPS_OID_HEXSZ] != '\n' || !hex_id(ref.ptr))
			goto done;
		memcpy(out_hex, ref.ptr, BOPS_OID_HEXSZ);
	} else if (!loose_absent(repo->gitdir, head.ptr + 5) ||
	    !packed_ref(out_hex, repo->gitdir, head.ptr + 5))
		goto done;
	out_hex[BOPS_OID_HEXSZ] = '\0';
	bops_buf_puts(refname, head.ptr + 5);
	*found = true;
done:
	if (!*found)
		out_hex[0] = '\0';
	bops_buf_release(&head);
	bops_buf_release(&ref);
	return NULL;
}

const struct bops_error *
bops_repo_resolve(struct bops_repo *repo, const char *rev,
    char out_hex[BOPS_OID_HEXSZ + 1])
{
	const struct bops_error *err = NULL;
	git_object *obj = NULL, *commit = NULL;
	int rc;

	NEED_GIT(repo);

	out_hex[0] = '\0';
	rc = git_revparse_single(&obj, repo->repo, rev);
	switch (rc) {
	case 0:
		break;
	case GIT_ENOTFOUND:
	case GIT_EINVALIDSPEC:
	case GIT_EUNBORNBRANCH:
		return bops_error_fmt(BOPS_ERR_NOT_FOUND,
		    "unknown revision '%s'", rev);
	case GIT_EAMBIGUOUS:
		return bops_error_fmt(BOPS_ERR_AMBIGUOUS,
		    "ambiguous revision '%s'", rev);
	default:
		return bops_git_fail("resolve '%s'", rev);
	}
	rc = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);
	if (rc == 0)
		bops_git_oid_hex(out_hex, git_object_id(commit));
	else if (rc == GIT_EINVALIDSPEC || rc == GIT_ENOTFOUND ||
	    rc == GIT_EPEEL)
		err = bops_error_fmt(BOPS_ERR_NOT_FOUND,
		    "revision '%s' is not a commit", rev);
	else
		err = bops_git_fail("resolve '%s'", rev);
	git_object_free(commit);
	git_object_free(obj);
	return err;
}

static const struct bops_error *
config_string(git_config *cfg, const char *key, struct bops_buf *out,
    bool *found)
{
	const char *s;
	int rc;

	*found = false;
	rc = git_config_get_string(&s, cfg, key);
	if (rc == GIT_ENOTFOUND)
		return NULL;
	if (rc < 0)
		return bops_git_fail("read config '%s'", key);
	if (*s == '\0')
		return NULL;
	bops_buf_puts(out, s);
	*found = true;
	return NULL;
}

const struct bops_error *
bops_repo_identity(struct bops_repo *repo, struct bops_buf *name,
    struct bops_buf *email)
{
	const struct bops_error *err = NULL;
	git_config *cfg = NULL;
	bool has_name = false, has_email = false;

	bops_buf_reset(name);
	bops_buf_reset(email);
	global_init();
	if (repo != NULL && (err = bops_git_need(repo)))
		return err;
	if (repo == NULL) {
		git_config *def = NULL;
		int rc = git_config_open_default(&def);

		if (rc == 0)
			rc = git_config_snapshot(&cfg, def);
		git_config_free(def);
		if (rc < 0)
			return bops_git_fail("read config");
	} else if (git_repository_config_snapshot(&cfg, repo->repo) < 0)
		return bops_git_fail("read config");
	if ((err = config_string(cfg, "user.name", name, &has_name)))
		goto done;
	if ((err = config_string(cfg, "user.email", email, &has_email)))
		goto done;
	if (!has_name || !has_email)
		err = bops_error_fmt(BOPS_ERR_NO_IDENTITY, "no identity: set "
		    "BOPS_AUTHOR or git config user.name and user.email");
done:
	if (err != NULL) {
		bops_buf_reset(name);
		bops_buf_reset(email);
	}
	git_config_free(cfg);
	return err;
}

const struct bops_error *
bops_repo_config_get(struct bops_buf *out, struct bops_repo *repo,
    const char *key)
{
	const struct bops_error *err;
	git_config *cfg = NULL;
	bool found;

	NEED_GIT(repo);
	if (git_repository_config_snapshot(&cfg, repo->repo) < 0)
		return bops_git_fail("read config");
	err = config_string(cfg, key, out, &found);
	git_config_free(cfg);
	if (err == NULL && !found)
		err = bops_error_fmt(BOPS_ERR_NOT_FOUND, "config '%s' is not "
		    "set", key);
	return err;
}

const struct bops_error *
bops_repo_config_set(struct bops_repo *repo, const char *key,
    const char *value)
{
	const struct bops_error *err = NULL;
	git_config *cfg = NULL, *local = NULL;

	NEED_GIT(repo);

	if (git_repository_config(&cfg, repo->repo) < 0)
		return bops_git_fail("open config");
	if (git_config_open_level(&local, cfg, GIT_CONFIG_LEVEL_LOCAL) < 0)
		err = bops_git_fail("open '%sconfig'", repo->gitdir);
	else if (git_config_set_string(local, key, value) < 0)
		err = bops_git_fail("set config '%s'", key);
	git_config_free(local);
	git_config_free(cfg);
	return err;
}

/* Append the blob oid of odb to content. */
static const struct bops_error *
odb_append(git_odb *odb, const git_oid *oid, const char *what,
    struct bops_buf *content)
{
	git_odb_object *obj = NULL;
	const struct bops_error *err = NULL;
	int rc;

	if ((rc = git_odb_read(&obj, odb, oid)) < 0)
		err = rc == GIT_ENOTFOUND ? bops_error_fmt(BOPS_ERR_NOT_FOUND,
		    "read '%s': no such blob", what) :
		    bops_git_fail("read '%s'", what);
	else if (git_odb_object_type(obj) != GIT_OBJECT_BLOB)
		err = bops_error_fmt(BOPS_ERR_NOT_FOUND,
		    "read '%s': no such blob", what);
	else
		bops_buf_put(content, git_odb_object_data(obj),
		    git_odb_object_size(obj));
	git_odb_object_free(obj);
	return err;
}

static const struct bops_error *
blob_append(git_repository *repo, const git_oid *oid, const char *what,
    struct bops_buf *content)
{
	git_odb *odb = NULL;
	const struct bops_error *err;

	if (git_repository_odb(&odb, repo) < 0)
		return bops_git_fail("read '%s'", what);
	err = odb_append(odb, oid, what, content);
	git_odb_free(odb);
	return err;
}

const struct bops_error *
bops_repo_read(struct bops_repo *repo, const char *commit_hex,
    const char *path, struct bops_buf *content,
    char blob_hex[BOPS_OID_HEXSZ + 1])
{
	const struct bops_error *err = NULL;
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;

	NEED_GIT(repo);

	if (blob_hex != NULL)
		blob_hex[0] = '\0';
	if (*commit_hex == '\0')
		return bops_error_fmt(BOPS_ERR_NOT_FOUND,
		    "read '%s': no commit yet", path);
	if ((err = bops_git_commit_tree(&tree, repo->repo, commit_hex)))
		goto done;
	if (*path != '\0' && (err = bops_git_tree_entry(&entry, tree, path)))
		goto done;
	if (entry == NULL || git_tree_entry_type(entry) == GIT_OBJECT_TREE) {
		err = bops_error_fmt(BOPS_ERR_NOT_FOUND,
		    "read '%s': not in commit %.7s", path, commit_hex);
		goto done;
	}
	if (!BOPS_MODE_IS_FILE(git_tree_entry_filemode(entry))) {
		err = bops_error_fmt(BOPS_ERR_INVALID, "%s: %s, not a regular "
		    "file", path, bops_repo_mode_name(
		    git_tree_entry_filemode(entry)));
		goto done;
	}
	if (content != NULL && (err = blob_append(repo->repo,
	    git_tree_entry_id(entry), path, content)))
		goto done;
	if (blob_hex != NULL)
		bops_git_oid_hex(blob_hex, git_tree_entry_id(entry));
done:
	git_tree_entry_free(entry);
	git_tree_free(tree);
	return err;
}

const struct bops_error *
bops_repo_read_blob(struct bops_repo *repo, const char *blob_hex,
    struct bops_buf *content)
{
	const struct bops_error *err;
	const struct stashed *s;
	git_oid oid;

	NEED_GIT(repo);

	if ((err = bops_git_parse_oid(&oid, blob_hex)))
		return err;
	if ((s = stash_find(&repo->stash, &oid))) {
		bops_buf_put(content, s->data, s->len);
		return NULL;
	}
	return blob_append(repo->repo, &oid, blob_hex, content);
}

/*
 * libgit2 1.5 reads an object of a git_odb under the odb's lock, inflating
 * included: a thread that reads many blobs has an odb of its own, over
 * the same directory.
 */
struct bops_blob_reader {
	struct bops_repo *repo;
	git_odb *odb;
};

const struct bops_error *
bops_blob_reader_new(struct bops_blob_reader **out, struct bops_repo *repo)
{
	struct bops_buf path = BOPS_BUF_INIT;
	git_odb *odb = NULL;
	int rc;

	*out = NULL;
	NEED_GIT(repo);
	bops_buf_printf(&path, "%sobjects",
	    git_repository_commondir(repo->repo));
	rc = git_odb_open(&odb, path.ptr);
	bops_buf_release(&path);
	if (rc < 0)
		return bops_git_fail("open the object store");
	*out = bops_calloc(1, sizeof(**out));
	(*out)->repo = repo;
	(*out)->odb = odb;
	return NULL;
}

const struct bops_error *
bops_blob_reader_read(struct bops_blob_reader *r, const char *blob_hex,
    struct bops_buf *content)
{
	const struct bops_error *err;
	const struct stashed *s;
	git_oid oid;

	if ((err = bops_git_parse_oid(&oid, blob_hex)))
		return err;
	if ((s = stash_find(&r->repo->stash, &oid))) {
		bops_buf_put(content, s->data, s->len);
		return NULL;
	}
	/*
	 * What the store on disk lacks may be in a backend of the shared
	 * one: objects kept in memory (bops_repo_objects_in_memory).
	 */
	if ((err = odb_append(r->odb, &oid, blob_hex, content)) &&
	    err->code == BOPS_ERR_NOT_FOUND)
		err = blob_append(r->repo->repo, &oid, blob_hex, content);
	return err;
}

void
bops_blob_reader_free(struct bops_blob_reader *r)
{
	if (r == NULL)
		return;
	git_odb_free(r->odb);
	free(r);
}

const struct bops_error *
bops_repo_entry_id(struct bops_repo *repo, const char *commit_hex,
    const char *path, char out_hex[BOPS_OID_HEXSZ + 1])
{
	const struct bops_error *err;
	git_tree *tree = NULL;
	git_oid oid;

	NEED_GIT(repo);

	out_hex[0] = '\0';
	if (*commit_hex == '\0')
		return NULL;
	if ((err = bops_git_commit_tree(&tree, repo->repo, commit_hex)))
		return err;
	if ((err = bops_git_path_id(&oid, tree, path)) == NULL && !git_oid_is_zero(&oid))
		bops_git_oid_hex(out_hex, &oid);
	git_tree_free(tree);
	return err;
}

const struct bops_error *
bops_repo_entry_mode(struct bops_repo *repo, const char *commit_hex,
    const char *path, char out_hex[BOPS_OID_HEXSZ + 1], unsigned *mode)
{
	const struct bops_error *err;
	git_tree *tree = NULL;
	git_tree_entry *entry = NULL;

	NEED_GIT(repo);

	out_hex[0] = '\0';
	*mode = 0;
	if (*commit_hex == '\0')
		return NULL;
	if ((err = bops_git_commit_tree(&tree, repo->repo, commit_hex)))
		return err;
	if (*path == '\0') {
		bops_git_oid_hex(out_hex, git_tree_id(tree));
		*mode = BOPS_MODE_TREE;
	} else if ((err = bops_git_tree_entry(&entry, tree, path)) == NULL && entry) {
		bops_git_oid_hex(out_hex, git_tree_entry_id(entry));
		*mode = (unsigned)git_tree_entry_filemode(entry);
	}
	git_tree_entry_free(entry);
	git_tree_free(tree);
	return err;
}

/*
 * Depth-first over `tree`, whose path (with a trailing '/', or "" for
 * the root) is in path.  The one buffer grows and shrinks with the
 * walk, so a blob costs no allocation.
 */
static const struct bops_error *
list_tree(git_repository *repo, git_tree *tree, struct bops_buf *path,
    bops_repo_list_fn fn, void *arg)
{
	const struct bops_error *err = NULL;
	const git_tree_entry *entry;
	git_tree *sub;
	size_t i, n, base = path->len;
	char hex[BOPS_OID_HEXSZ + 1];

	n = git_tree_entrycount(tree);
	for (i = 0; i < n && err == NULL; i++) {
		entry = git_tree_entry_byindex(tree, i);
		bops_buf_truncate(path, base);
		bops_buf_puts(path, git_tree_entry_name(entry));
		switch (git_tree_entry_type(entry)) {
		case GIT_OBJECT_BLOB:
			if (!BOPS_MODE_IS_FILE(git_tree_entry_filemode(entry)))
				break;	/* a link: not a file to read */
			bops_git_oid_hex(hex, git_tree_entry_id(entry));
			err = fn(path->ptr, hex, arg);
			break;
		case GIT_OBJECT_TREE:
			if (git_tree_lookup(&sub, repo,
			    git_tree_entry_id(entry)) < 0)
				return bops_git_fail("read tree '%s'", path->ptr);
			bops_buf_putc(path, '/');
			err = list_tree(repo, sub, path, fn, arg);
			git_tree_free(sub);
			break;
		default:	/* a submodule: not ours */
			break;
		}
	}
	bops_buf_truncate(path, base);
	return err;
}

const struct bops_error *
bops_repo_list(struct bops_repo *repo, const char *commit_hex,
    const char *dir, bops_repo_list_fn fn, void *arg)
{
	const struct bops_error *err = NULL;
	struct bops_buf path = BOPS_BUF_INIT;
	git_tree *root = NULL, *tree = NULL;
	git_tree_entry *entry = NULL;
	size_t len = strlen(dir);

	NEED_GIT(repo);

	if (*commit_hex == '\0')
		return NULL;
	while (len > 0 && dir[len - 1] == '/')
		len--;
	if ((err = bops_git_commit_tree(&root, repo->repo, commit_hex)))
		return err;
	if (len == 0) {
		err = list_tree(repo->repo, root, &path, fn, arg);
		goto done;
	}
	bops_buf_put(&path, dir, len);
	if ((err = bops_git_tree_entry(&entry, root, path.ptr)))
		goto done;
	if (entry == NULL || git_tree_entry_type(entry) != GIT_OBJECT_TREE)
		goto done;
	if (git_tree_lookup(&tree, repo->repo, git_tree_entry_id(entry)) < 0) {
		err = bops_git_fail("read tree '%s'", path.ptr);
		goto done;
	}
	bops_buf_putc(&path, '/');
	err = list_tree(repo->repo, tree, &path, fn, arg);
done:
	git_tree_free(tree);
	git_tree_entry_free(entry);
	git_tree_free(root);
	bops_buf_release(&path);
	return err;
}

const struct bops_error *
bops_repo_list_dir(struct bops_repo *repo, const char *commit_hex,
    const char *dir, bops_repo_dir_fn fn, void *arg)
{
	const struct bops_error *err = NULL;
	git_tree *root = NULL, *tree = NULL;
	git_tree_entry *entry = NULL;
	char hex[BOPS_OID_HEXSZ + 1];
	size_t i, n;

	NEED_GIT(repo);

	if (*commit_hex == '\0')
		return NULL;
	if ((err = bops_git_commit_tree(&root, repo->repo, commit_hex)))
		return err;
	if ((err = bops_git_tree_entry(&entry, root, dir)))
		goto done;
	if (entry == NULL || git_tree_entry_type(entry) != GIT_OBJECT_TREE)
		goto done;
	if (git_tree_lookup(&tree, repo->repo, git_tree_entry_id(entry)) < 0) {
		err = bops_git_fail("read tree '%s'", dir);
		goto done;
	}
	n = git_tree_entrycount(tree);
	for (i = 0; i < n && err == NULL; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		unsigned mode = (unsigned)git_tree_entry_filemode(e);

		if (mode != BOPS_MODE_TREE && !BOPS_MODE_IS_FILE(mode))
			continue;	/* a link or a submodule */
		bops_git_oid_hex(hex, git_tree_entry_id(e));
		err = fn(git_tree_entry_name(e), hex, mode == BOPS_MODE_TREE,
		    arg);
	}
done:
	git_tree_free(tree);
	git_tree_entry_free(entry);
	git_tree_free(root);
	return err;
}

static const struct bops_error *
walk_tree(git_repository *repo, git_tree *tree, struct bops_buf *path,
    bops_repo_walk_fn fn, void *arg)
{
	const struct bops_error *err = NULL;
	const git_tree_entry *entry;
	git_tree *sub;
	size_t i, n, base = path->len;
	unsigned mode;
	char hex[BOPS_OID_HEXSZ + 1];

	n = git_tree_entrycount(tree);
	for (i = 0; i < n && err == NULL; i++) {
		entry = git_tree_entry_byindex(tree, i);
		bops_buf_truncate(path, base);
		bops_buf_puts(path, git_tree_entry_name(entry));
		mode = (unsigned)git_tree_entry_filemode(entry);
		bops_git_oid_hex(hex, git_tree_entry_id(entry));
		if ((err = fn(path->ptr, hex, mode, arg)) ||
		    mode != BOPS_MODE_TREE)
			continue;
		if (git_tree_lookup(&sub, repo, git_tree_entry_id(entry)) < 0)
			return bops_git_fail("read tree '%s'", path->ptr);
		bops_buf_putc(path, '/');
		err = walk_tree(repo, sub, path, fn, arg);
		git_tree_free(sub);
	}
	bops_buf_truncate(path, base);
	return err;
}

const struct bops_error *
bops_repo_walk(struct bops_repo *repo, const char *commit_hex,
    const char *dir, bops_repo_walk_fn fn, void *arg)
{
	const struct bops_error *err = NULL;
	struct bops_buf path = BOPS_BUF_INIT;
	git_tree *root = NULL, *tree = NULL;
	git_tree_entry *entry = NULL;

	NEED_GIT(repo);

	if (*commit_hex == '\0')
		return NULL;
	if ((err = bops_git_commit_tree(&root, repo->repo, commit_hex)))
		return err;
	if (*dir == '\0') {
		err = walk_tree(repo->repo, root, &path, fn, arg);
		goto done;
	}
	if ((err = bops_git_tree_entry(&entry, root, dir)))
		goto done;
	if (entry == NULL || git_tree_entry_type(entry) != GIT_OBJECT_TREE)
		goto done;
	if (git_tree_lookup(&tree, repo->repo, git_tree_entry_id(entry)) < 0) {
		err = bops_git_fail("read tree '%s'", dir);
		goto done;
	}
	bops_buf_printf(&path, "%s/", dir);
	err = walk_tree(repo->repo, tree, &path, fn, arg);
done:
	git_tree_free(tree);
	git_tree_entry_free(entry);
	git_tree_free(root);
	bops_buf_release(&path);
	return err;
}

void
bops_repo_hash(const char *data, size_t len, char out_hex[BOPS_OID_HEXSZ + 1])
{
	git_oid oid;

	global_init();
	/* Only an invalid object type can make this fail. */
	if (git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB) < 0)
		memset(&oid, 0, sizeof(oid));
	bops_git_oid_hex(out_hex, &oid);
}
