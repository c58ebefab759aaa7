/*
 * git.c: the libgit2 side of bops.  libgit2 reports failure as a negative
 * int with details in a thread-local slot; here each failure becomes a
 * struct bops_error at once, so nothing outside this file sees either.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>
#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>

#include "file.h"
#include "git.h"
#include "hash.h"
#include "text.h"
#include "banned.h"

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

struct bops_repo {
	git_repository *repo;	/* opened on first use (need_git) */
	git_index *index;	/* opened on first use */
	char *workdir;		/* with a trailing '/' */
	char *gitdir;		/* likewise */
	struct stash stash;
};

/* Whether git_libgit2_init has run: on first use, never for a read that
 * the cache answers (it parses the CA bundle, some milliseconds). */
static bool git_ready;

static void
global_init(void)
{
	if (!git_ready)
		git_libgit2_init();
	git_ready = true;
}

static const struct bops_error *repo_open_git(git_repository **out,
    const char *workdir);

/*
 * libgit2's repository, opened now if it was not: every function of this
 * file that uses repo->repo starts with NEED_GIT(repo).
 */
static const struct bops_error *
need_git(struct bops_repo *repo)
{
	global_init();
	if (repo->repo != NULL)
		return NULL;
	return repo_open_git(&repo->repo, repo->workdir);
}

#define NEED_GIT(repo) do { \
	const struct bops_error *need_err_ = need_git(repo); \
	if (need_err_ != NULL) \
		return need_err_; \
} while (0)

/*
 * BOPS_ERR_GIT with "git: <what>: <libgit2 message>".  The message is
 * read here, right after the failing call; in libgit2 1.5 there may be
 * none.
 */
static const struct bops_error *
git_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static const struct bops_error *
git_fail(const char *fmt, ...)
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

static void
oid_hex(char out[BOPS_OID_HEXSZ + 1], const git_oid *oid)
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

static const struct bops_error *
parse_oid(git_oid *out, const char *hex)
{
	if (strlen(hex) != BOPS_OID_HEXSZ || git_oid_fromstr(out, hex) < 0)
		return bops_error_fmt(BOPS_ERR_GIT,
		    "git: bad object id '%s'", hex);
	return NULL;
}

/* The root tree of commit `hex`, which must not be "". */
static const struct bops_error *
commit_tree(git_tree **out, git_repository *repo, const char *hex)
{
	const struct bops_error *err;
	git_commit *commit = NULL;
	git_oid oid;
	int rc;

	*out = NULL;
	if ((err = parse_oid(&oid, hex)))
		return err;
	if ((rc = git_commit_lookup(&commit, repo, &oid)) < 0) {
		if (rc == GIT_ENOTFOUND)
			return bops_error_fmt(BOPS_ERR_NOT_FOUND,
			    "no commit '%s'", hex);
		return git_fail("look up commit '%s'", hex);
	}
	if (git_commit_tree(out, commit) < 0)
		err = git_fail("read tree of commit '%s'", hex);
	git_commit_free(commit);
	return err;
}

/*
 * The entry at `path` of `tree`, or NULL when absent.  A path of "" (or
 * "/") names the root, which has no entry: callers handle it first.
 */
static const struct bops_error *
tree_entry(git_tree_entry **out, git_tree *tree, const char *path)
{
	int rc;

	*out = NULL;
	rc = git_tree_entry_bypath(out, tree, path);
	if (rc == GIT_ENOTFOUND) {
		*out = NULL;
		return NULL;
	}
	if (rc < 0)
		return git_fail("look up '%s'", path);
	return NULL;
}

/* The id at `path` in `tree` ("" is the root), or zero when absent. */
static const struct bops_error *
path_id(git_oid *out, git_tree *tree, const char *path)
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
	if ((err = tree_entry(&entry, tree, path)))
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
		return git_fail("open '%s'", workdir);
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
		return git_fail("init '%s'", workdir);
	opts.flags = GIT_REPOSITORY_INIT_MKPATH;
	opts.initial_head = "main";
	if (git_repository_init_ext(&r, workdir, &opts) < 0)
		return git_fail("init '%s'", workdir);
	if ((err = repo_wrap(out, r, workdir)))
		return err;
	*created = true;
	return NULL;
}

static void
stash_release(struct stash *s)
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

static void
stash_add(struct stash *s, const git_oid *oid, const void *data, size_t len)
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
	stash_release(&repo->stash);
}

void
bops_repo_close(struct bops_repo *repo)
{
	if (repo == NULL)
		return;
	stash_release(&repo->stash);
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
	if (need_git(repo) != NULL)
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
		return git_fail("read HEAD");
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC) {
		err = bops_error_fmt(BOPS_ERR_ENV, "HEAD is detached");
		goto done;
	}
	target = git_reference_symbolic_target(head);
	rc = git_reference_name_to_id(&oid, repo->repo, target);
	if (rc == 0)
		oid_hex(out_hex, &oid);
	else if (rc != GIT_ENOTFOUND) {
		err = git_fail("resolve '%s'", target);
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

const struct bops_error *
bops_repo_head_fast(struct bops_repo *repo, char out_hex[BOPS_OID_HEXSZ + 1],
    struct bops_buf *refname, bool *found)
{
	struct bops_buf head = BOPS_BUF_INIT, ref = BOPS_BUF_INIT;
	static const char prefix[] = "ref: refs/heads/";
	size_t plen = sizeof(prefix) - 1, len, i;

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
	if (!small_file(&ref, repo->gitdir, head.ptr + 5) ||
	    ref.len != BOPS_OID_HEXSZ + 1 || ref.ptr[BOPS_OID_HEXSZ] != '\n')
		goto done;
	for (i = 0; i < BOPS_OID_HEXSZ; i++)
		if (!((ref.ptr[i] >= '0' && ref.ptr[i] <= '9') ||
		    (ref.ptr[i] >= 'a' && ref.ptr[i] <= 'f')))
			goto done;
	memcpy(out_hex, ref.ptr, BOPS_OID_HEXSZ);
	out_hex[BOPS_OID_HEXSZ] = '\0';
	bops_buf_puts(refname, head.ptr + 5);
	*found = true;
done:
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
		return git_fail("resolve '%s'", rev);
	}
	rc = git_object_peel(&commit, obj, GIT_OBJECT_COMMIT);
	if (rc == 0)
		oid_hex(out_hex, git_object_id(commit));
	else if (rc == GIT_EINVALIDSPEC || rc == GIT_ENOTFOUND ||
	    rc == GIT_EPEEL)
		err = bops_error_fmt(BOPS_ERR_NOT_FOUND,
		    "revision '%s' is not a commit", rev);
	else
		err = git_fail("resolve '%s'", rev);
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
		return git_fail("read config '%s'", key);
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
	if (repo != NULL && (err = need_git(repo)))
		return err;
	if (repo == NULL) {
		git_config *def = NULL;
		int rc = git_config_open_default(&def);

		if (rc == 0)
			rc = git_config_snapshot(&cfg, def);
		git_config_free(def);
		if (rc < 0)
			return git_fail("read config");
	} else if (git_repository_config_snapshot(&cfg, repo->repo) < 0)
		return git_fail("read config");
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
		return git_fail("read config");
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
		return git_fail("open config");
	if (git_config_open_level(&local, cfg, GIT_CONFIG_LEVEL_LOCAL) < 0)
		err = git_fail("open '%sconfig'", repo->gitdir);
	else if (git_config_set_string(local, key, value) < 0)
		err = git_fail("set config '%s'", key);
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
		    git_fail("read '%s'", what);
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
		return git_fail("read '%s'", what);
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
	if ((err = commit_tree(&tree, repo->repo, commit_hex)))
		goto done;
	if (*path != '\0' && (err = tree_entry(&entry, tree, path)))
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
		oid_hex(blob_hex, git_tree_entry_id(entry));
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

	if ((err = parse_oid(&oid, blob_hex)))
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
		return git_fail("open the object store");
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

	if ((err = parse_oid(&oid, blob_hex)))
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
	if ((err = commit_tree(&tree, repo->repo, commit_hex)))
		return err;
	if ((err = path_id(&oid, tree, path)) == NULL && !git_oid_is_zero(&oid))
		oid_hex(out_hex, &oid);
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
	if ((err = commit_tree(&tree, repo->repo, commit_hex)))
		return err;
	if (*path == '\0') {
		oid_hex(out_hex, git_tree_id(tree));
		*mode = BOPS_MODE_TREE;
	} else if ((err = tree_entry(&entry, tree, path)) == NULL && entry) {
		oid_hex(out_hex, git_tree_entry_id(entry));
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
			oid_hex(hex, git_tree_entry_id(entry));
			err = fn(path->ptr, hex, arg);
			break;
		case GIT_OBJECT_TREE:
			if (git_tree_lookup(&sub, repo,
			    git_tree_entry_id(entry)) < 0)
				return git_fail("read tree '%s'", path->ptr);
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
	if ((err = commit_tree(&root, repo->repo, commit_hex)))
		return err;
	if (len == 0) {
		err = list_tree(repo->repo, root, &path, fn, arg);
		goto done;
	}
	bops_buf_put(&path, dir, len);
	if ((err = tree_entry(&entry, root, path.ptr)))
		goto done;
	if (entry == NULL || git_tree_entry_type(entry) != GIT_OBJECT_TREE)
		goto done;
	if (git_tree_lookup(&tree, repo->repo, git_tree_entry_id(entry)) < 0) {
		err = git_fail("read tree '%s'", path.ptr);
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
	if ((err = commit_tree(&root, repo->repo, commit_hex)))
		return err;
	if ((err = tree_entry(&entry, root, dir)))
		goto done;
	if (entry == NULL || git_tree_entry_type(entry) != GIT_OBJECT_TREE)
		goto done;
	if (git_tree_lookup(&tree, repo->repo, git_tree_entry_id(entry)) < 0) {
		err = git_fail("read tree '%s'", dir);
		goto done;
	}
	n = git_tree_entrycount(tree);
	for (i = 0; i < n && err == NULL; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		unsigned mode = (unsigned)git_tree_entry_filemode(e);

		if (mode != BOPS_MODE_TREE && !BOPS_MODE_IS_FILE(mode))
			continue;	/* a link or a submodule */
		oid_hex(hex, git_tree_entry_id(e));
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
		oid_hex(hex, git_tree_entry_id(entry));
		if ((err = fn(path->ptr, hex, mode, arg)) ||
		    mode != BOPS_MODE_TREE)
			continue;
		if (git_tree_lookup(&sub, repo, git_tree_entry_id(entry)) < 0)
			return git_fail("read tree '%s'", path->ptr);
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
	if ((err = commit_tree(&root, repo->repo, commit_hex)))
		return err;
	if (*dir == '\0') {
		err = walk_tree(repo->repo, root, &path, fn, arg);
		goto done;
	}
	if ((err = tree_entry(&entry, root, dir)))
		goto done;
	if (entry == NULL || git_tree_entry_type(entry) != GIT_OBJECT_TREE)
		goto done;
	if (git_tree_lookup(&tree, repo->repo, git_tree_entry_id(entry)) < 0) {
		err = git_fail("read tree '%s'", dir);
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
	if ((err = parse_oid(&oid, hex)))
		return err;
	if (git_repository_odb(&odb, repo) < 0)
		return git_fail("open the object database");
	if (git_odb_read_header(&len, &type, odb, &oid) < 0)
		err = git_fail("read '%s'", hex);
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

void
bops_repo_hash(const char *data, size_t len, char out_hex[BOPS_OID_HEXSZ + 1])
{
	git_oid oid;

	global_init();
	/* Only an invalid object type can make this fail. */
	if (git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB) < 0)
		memset(&oid, 0, sizeof(oid));
	oid_hex(out_hex, &oid);
}

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
		return git_fail("%s: open the object database", what);
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
			if ((err = tree_entry(&entry, base, changes[i].path)))
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
			if ((err = parse_oid(&up[m++].id, changes[i].data)))
				goto done;
			continue;
		}
		if (git_blob_create_from_buffer(&up[m].id, repo,
		    changes[i].data, changes[i].len) < 0) {
			err = git_fail("write blob '%s'", changes[i].path);
			goto done;
		}
		if ((err = stored(repo, &up[m++].id, "write blob")))
			goto done;
	}
	if (git_tree_create_updated(&oid, repo, base, m, up) < 0) {
		err = git_fail("write tree");
		goto done;
	}
	if ((err = stored(repo, &oid, "write tree")))
		goto done;
	if (git_tree_lookup(out, repo, &oid) < 0)
		err = git_fail("read new tree");
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
		err = git_fail("update '%s'", refname);
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
		if ((err = parse_oid(&parent_oid, parent_hex)))
			goto done;
		if (git_commit_lookup(&parent, repo->repo, &parent_oid) < 0) {
			err = git_fail("look up commit '%s'", parent_hex);
			goto done;
		}
		if (git_commit_tree(&base, parent) < 0) {
			err = git_fail("read tree of '%s'", parent_hex);
			goto done;
		}
		parents[np++] = parent;
	}
	if (other_hex && *other_hex) {
		if ((err = parse_oid(&other_oid, other_hex)))
			goto done;
		if (git_commit_lookup(&other, repo->repo, &other_oid) < 0) {
			err = git_fail("look up commit '%s'", other_hex);
			goto done;
		}
		parents[np++] = other;
	}
	if ((err = build_tree(&tree, repo->repo, base, changes, n)))
		goto done;
	if (git_signature_new(&who, sig->name, sig->email,
	    (git_time_t)sig->when, 0) < 0) {
		err = git_fail("signature '%s <%s>'", sig->name, sig->email);
		goto done;
	}
	clean_message(&msg, message);
	if (git_commit_create(&oid, repo->repo, NULL, who, who, NULL,
	    msg.ptr, tree, np, parents) < 0) {
		err = git_fail("write commit");
		goto done;
	}
	if ((err = stored(repo->repo, &oid, "write commit")))
		goto done;
	if (refname != NULL && (err = move_ref(repo->repo, refname, &oid,
	    parent ? &parent_oid : NULL, msg.ptr)))
		goto done;
	oid_hex(out_hex, &oid);
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

	if ((err = parse_oid(&new_oid, new_hex)))
		return err;
	if (old_hex && *old_hex && (err = parse_oid(&old_oid, old_hex)))
		return err;
	return move_ref(repo->repo, refname, &new_oid,
	    old_hex && *old_hex ? &old_oid : NULL, message);
}

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

	global_init();
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
	global_init();
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
			return git_fail("check out main of '%s'", url);
		}
	} else if ((err = checkout_head(r, git_repository_workdir(r),
	    &stash))) {
		git_repository_free(r);
		stash_release(&stash);
		return err;
	}
	git_repository_free(r);
	if ((err = bops_repo_open(out, dir))) {
		stash_release(&stash);
		return err;
	}
	(*out)->stash = stash;
	return NULL;
}

void
bops_repo_stash_move(struct bops_repo *to, struct bops_repo *from)
{
	stash_release(&to->stash);
	to->stash = from->stash;
	memset(&from->stash, 0, sizeof(from->stash));
}

static void entry_stat(git_index_entry *e, const struct stat *st);

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
		entry_stat(&ie, st);
	if (git_index_add(co->index, &ie) < 0)
		return git_fail("add '%s' to index", co->path.ptr);
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
		return git_fail("read '%s'", co->path.ptr);
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
		stash_add(co->stash, git_tree_entry_id(e), data, len);
	if (co->filters && git_filter_list_load(&fl, co->repo, blob,
	    co->path.ptr, GIT_FILTER_TO_WORKTREE, GIT_FILTER_DEFAULT) < 0) {
		err = git_fail("filters of '%s'", co->path.ptr);
		goto done;
	}
	if (fl != NULL) {
		if (git_filter_list_apply_to_blob(&out, fl, blob) < 0) {
			err = git_fail("filter '%s'", co->path.ptr);
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
				return git_fail("read tree '%s'", co->path.ptr);
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
		err = git_fail("open index");
		goto done;
	}
	if ((fd = open(workdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1) {
		err = bops_error_errno("open '%s'", workdir);
		goto done;
	}
	err = co_tree(&co, tree, fd);
	close(fd);
	if (err == NULL && git_index_write(co.index) < 0)
		err = git_fail("write index");
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

const struct bops_error *
bops_repo_merge_base(struct bops_repo *repo, const char *a, const char *b,
    char out_hex[BOPS_OID_HEXSZ + 1])
{
	const struct bops_error *err;
	git_oid oa, ob, base;
	int rc;

	NEED_GIT(repo);

	out_hex[0] = '\0';
	if ((err = parse_oid(&oa, a)) || (err = parse_oid(&ob, b)))
		return err;
	rc = git_merge_base(&base, repo->repo, &oa, &ob);
	if (rc == GIT_ENOTFOUND)
		return NULL;
	if (rc < 0)
		return git_fail("merge base of %.12s and %.12s", a, b);
	oid_hex(out_hex, &base);
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
	if ((err = parse_oid(&oa, a)) || (err = parse_oid(&ob, b)))
		return err;
	if (git_oid_equal(&oa, &ob)) {
		*out = true;
		return NULL;
	}
	if ((rc = git_graph_descendant_of(repo->repo, &oa, &ob)) < 0)
		return git_fail("compare %.12s and %.12s", a, b);
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
		if ((err = parse_oid(&oa, from_hex)))
			goto done;
		if (git_commit_lookup(&ca, repo->repo, &oa) < 0 ||
		    git_commit_tree(&ta, ca) < 0) {
			err = git_fail("read commit '%s'", from_hex);
			goto done;
		}
	}
	if ((err = parse_oid(&ob, to_hex)))
		goto done;
	if (git_commit_lookup(&cb, repo->repo, &ob) < 0 ||
	    git_commit_tree(&tb, cb) < 0) {
		err = git_fail("read commit '%s'", to_hex);
		goto done;
	}
	if (git_diff_tree_to_tree(&diff, repo->repo, ta, tb, NULL) < 0) {
		err = git_fail("diff %.12s..%.12s", from_hex, to_hex);
		goto done;
	}
	n = git_diff_num_deltas(diff);
	for (i = 0; i < n && err == NULL; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);

		if (git_oid_is_zero(&d->old_file.id))
			old_hex[0] = '\0';
		else
			oid_hex(old_hex, &d->old_file.id);
		if (git_oid_is_zero(&d->new_file.id))
			new_hex[0] = '\0';
		else
			oid_hex(new_hex, &d->new_file.id);
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

/* The stat data of an index entry, as git takes them from lstat(2). */
static void
entry_stat(git_index_entry *e, const struct stat *st)
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
bops_repo_index_set(struct bops_repo *repo, const char *commit_hex,
    const char *const *paths, size_t n, const struct stat *st)
{
	const struct bops_error *err = NULL;
	char hex[BOPS_OID_HEXSZ + 1];
	git_index_entry e;
	unsigned mode;
	size_t i;

	NEED_GIT(repo);

	if (repo->index == NULL &&
	    git_repository_index(&repo->index, repo->repo) < 0)
		return git_fail("open index");
	/* Another process may have written it since: start from its copy. */
	if (git_index_read(repo->index, 0) < 0)
		return git_fail("read index");
	for (i = 0; i < n && err == NULL; i++) {
		if ((err = bops_repo_entry_mode(repo, commit_hex, paths[i], hex,
		    &mode)))
			break;
		if (mode == 0 || mode == BOPS_MODE_TREE) {
			if (git_index_remove_bypath(repo->index, paths[i]) < 0)
				err = git_fail("remove '%s' from index",
				    paths[i]);
			continue;
		}
		memset(&e, 0, sizeof(e));
		e.mode = mode;
		e.path = paths[i];
		if ((err = parse_oid(&e.id, hex)))
			break;
		if (st && st[i].st_mode != 0 && mode != BOPS_MODE_GITLINK)
			entry_stat(&e, &st[i]);
		if (git_index_add(repo->index, &e) < 0)
			err = git_fail("add '%s' to index", paths[i]);
	}
	if (err == NULL && git_index_write(repo->index) < 0)
		err = git_fail("write index");
	if (err != NULL)	/* drop the half-done changes */
		git_index_read(repo->index, 1);
	return err;
}

const struct bops_error *
bops_repo_index_reset(struct bops_repo *repo, const char *commit_hex,
    const char *const *paths, size_t n)
{
	return bops_repo_index_set(repo, commit_hex, paths, n, NULL);
}

/* Fill `out` from `commit`; the strings are borrowed from it. */
static void
fill_info(struct bops_commit_info *out, const git_commit *commit)
{
	const git_signature *author = git_commit_author(commit);
	const git_oid *parent;

	oid_hex(out->id, git_commit_id(commit));
	out->nparents = git_commit_parentcount(commit);
	out->parent[0] = '\0';
	out->parents = NULL;
	if (out->nparents > 0 &&
	    (parent = git_commit_parent_id(commit, 0)) != NULL)
		oid_hex(out->parent, parent);
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
		oid_hex((*buf)[i], git_commit_parent_id(commit, i));
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
	if ((err = parse_oid(&oid, commit_hex)))
		return err;
	if ((rc = git_commit_lookup(&commit, repo->repo, &oid)) < 0) {
		if (rc == GIT_ENOTFOUND)
			return bops_error_fmt(BOPS_ERR_NOT_FOUND,
			    "no commit '%s'", commit_hex);
		return git_fail("look up commit '%s'", commit_hex);
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
		return git_fail("read tree of commit");
	if (git_commit_parentcount(commit) > 0 &&
	    (git_commit_parent(&parent, commit, 0) < 0 ||
	    git_commit_tree(&ptree, parent) < 0)) {
		err = git_fail("read parent of commit");
		goto done;
	}
	if ((err = path_id(&id, tree, path)) ||
	    (err = path_id(&pid, ptree, path)))
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
	if ((err = parse_oid(&oid, start_hex)))
		return err;
	if (git_revwalk_new(&walk, repo->repo) < 0)
		return git_fail("start history walk");
	if (git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME) <
	    0 || git_revwalk_push(walk, &oid) < 0) {
		err = git_fail("walk history from '%s'", start_hex);
		goto done;
	}
	if (hide_hex && *hide_hex) {
		if ((err = parse_oid(&oid, hide_hex)))
			goto done;
		if (git_revwalk_hide(walk, &oid) < 0) {
			err = git_fail("walk history without '%s'", hide_hex);
			goto done;
		}
	}
	while (limit == 0 || count < limit) {
		if ((rc = git_revwalk_next(&oid, walk)) == GIT_ITEROVER)
			break;
		if (rc < 0 ||
		    git_commit_lookup(&commit, repo->repo, &oid) < 0) {
			err = git_fail("walk history from '%s'", start_hex);
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
		return git_fail("start history walk");
	if ((err = parse_oid(&oid, from)))
		goto done;
	if (git_revwalk_push(walk, &oid) < 0) {
		err = git_fail("walk history from '%s'", from);
		goto done;
	}
	if (hide && *hide) {
		if ((err = parse_oid(&oid, hide)))
			goto done;
		if (git_revwalk_hide(walk, &oid) < 0) {
			err = git_fail("walk history without '%s'", hide);
			goto done;
		}
	}
	while ((rc = git_revwalk_next(&oid, walk)) == 0)
		(*out)++;
	if (rc != GIT_ITEROVER)
		err = git_fail("walk history from '%s'", from);
done:
	git_revwalk_free(walk);
	return err;
}

const struct bops_error *
bops_repo_objects_in_memory(struct bops_repo *repo)
{
	git_odb_backend *mem = NULL;
	git_odb *odb = NULL;
	const struct bops_error *err = NULL;

	NEED_GIT(repo);

	if (git_repository_odb(&odb, repo->repo) < 0)
		return git_fail("open the object database");
	/* The highest priority: writes go there first. */
	if (git_mempack_new(&mem) < 0 ||
	    git_odb_add_backend(odb, mem, 1000) < 0) {
		err = git_fail("keep objects in memory");
		if (mem)
			mem->free(mem);
	}
	git_odb_free(odb);
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
	global_init();
	if (git_merge_file_input_init(&b, GIT_MERGE_FILE_INPUT_VERSION) < 0 ||
	    git_merge_file_input_init(&o, GIT_MERGE_FILE_INPUT_VERSION) < 0 ||
	    git_merge_file_input_init(&t, GIT_MERGE_FILE_INPUT_VERSION) < 0 ||
	    git_merge_file_options_init(&opts,
	    GIT_MERGE_FILE_OPTIONS_VERSION) < 0)
		return git_fail("merge '%s'", path);
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
		return git_fail("merge '%s'", path);
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
		oid_hex(out, &file->id);
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

	if ((err = parse_oid(&oid, commit_hex)))
		return err;
	if (git_commit_lookup(&commit, repo->repo, &oid) < 0)
		return git_fail("look up commit '%s'", commit_hex);
	if (git_commit_tree(&tree, commit) < 0 ||
	    (git_commit_parentcount(commit) > 0 &&
	    (git_commit_parent(&parent, commit, 0) < 0 ||
	    git_commit_tree(&ptree, parent) < 0))) {
		err = git_fail("read commit '%s'", commit_hex);
		goto done;
	}
	if (git_diff_tree_to_tree(&diff, repo->repo, ptree, tree, NULL) < 0) {
		err = git_fail("diff commit '%s'", commit_hex);
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
