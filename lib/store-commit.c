/*
 * store-commit.c: the write protocol of DESIGN.md: a transaction's
 * commit, with the journal written first and the work tree and index
 * brought to the commit after it, and the recovery that finishes what
 * a writer killed in the middle left (bops_store_recover).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "out.h"
#include "store.h"
#include "store-int.h"
#include "banned.h"

/* The journal: what the last commit is about to do to the work tree. */

static void
journal_path(struct bops_buf *out, struct bops_ws *ws)
{
	bops_buf_printf(out, "%sbops/journal", bops_repo_gitdir(ws->repo));
}

/*
 * The git locks a writer takes after writing its journal: the index's
 * and the branch's.  One that exists is reported, unless journal (the
 * mtime of a journal left behind) is given and the lock is no older: a
 * left-over journal means its writer died holding the workspace lock,
 * so a git lock made after the journal was that writer's, and is stale.
 */
const struct bops_error *
bops_store_git_locks(struct bops_ws *ws, const struct timespec *journal)
{
	const struct bops_error *err = NULL;
	struct bops_buf path = BOPS_BUF_INIT;
	const char *names[2];
	struct stat st;
	size_t i;

	names[0] = "index";
	names[1] = ws->refname.ptr;
	for (i = 0; i < 2 && err == NULL; i++) {
		if (names[i] == NULL || names[i][0] == '\0')
			continue;
		bops_buf_reset(&path);
		bops_buf_printf(&path, "%s%s.lock", bops_repo_gitdir(ws->repo),
		    names[i]);
		if (lstat(path.ptr, &st) == -1)
			continue;
		if (journal && (st.st_mtim.tv_sec > journal->tv_sec ||
		    (st.st_mtim.tv_sec == journal->tv_sec &&
		    st.st_mtim.tv_nsec >= journal->tv_nsec)) &&
		    unlink(path.ptr) == 0)
			continue;
		err = bops_error_fmt(BOPS_ERR_LOCKED,
		    "'%s' exists: another git process is running, or one "
		    "crashed (then remove the file)", path.ptr);
	}
	bops_buf_release(&path);
	return err;
}

/*
 * Make the work tree hold `data` at path as an entry of mode (a regular
 * file, a link to data, a submodule's empty directory), or nothing when
 * del; st (may be NULL) gets what is there now.  Never through a link.
 */
static const struct bops_error *
apply(struct bops_ws *ws, const char *path, unsigned mode, bool del,
    const char *data, size_t len, struct stat *st)
{
	if (del)
		return bops_file_remove_at(ws->root, path);
	switch (mode) {
	case BOPS_MODE_LINK:
		return bops_file_symlink_at(ws->root, path, data, st);
	case BOPS_MODE_GITLINK:
		return bops_file_mkdir_at(ws->root, path, st);
	default:
		return bops_file_write_at(ws->root, path, data, len,
		    mode == BOPS_MODE_EXEC, st);
	}
}

/* The version of path at commit, to be applied by apply(). */
static const struct bops_error *
version_at(struct bops_ws *ws, const char *commit, const char *path,
    struct bops_buf *data, unsigned *mode, bool *del)
{
	const struct bops_error *err;
	char hex[BOPS_OID_HEXSZ + 1];

	bops_buf_reset(data);
	if ((err = bops_repo_entry_mode(ws->repo, commit, path, hex, mode)))
		return err;
	*del = *mode == 0 || *mode == BOPS_MODE_TREE;
	if (*del)
		return NULL;
	if (*mode == BOPS_MODE_GITLINK) {
		bops_buf_puts(data, hex);
		return NULL;
	}
	return bops_repo_read_blob(ws->repo, hex, data);
}

struct sweep {
	struct bops_ws *ws;
	const char *base;
};

/*
 * A temp file of a killed writer, beside the file it was to replace:
 * removed, unless it is something else with a name like it (a link, a
 * directory, a file HEAD tracks).
 */
static const struct bops_error *
sweep_one(const char *path, enum bops_file_type type, void *arg)
{
	const struct bops_error *err;
	struct sweep *sw = arg;
	const char *name = strrchr(path, '/');
	char hex[BOPS_OID_HEXSZ + 1];

	name = name ? name + 1 : path;
	if (type != BOPS_FILE_REGULAR || !bops_file_is_temp(name, sw->base))
		return NULL;
	if ((err = bops_repo_entry_id(sw->ws->repo, sw->ws->head, path, hex)))
		return err;
	if (hex[0])
		return NULL;
	return bops_file_remove_at(sw->ws->root, path);
}

static const struct bops_error *
sweep_temps(struct bops_ws *ws, const char *path)
{
	const struct bops_error *err;
	struct bops_buf dir = BOPS_BUF_INIT;
	const char *slash = strrchr(path, '/');
	struct sweep sw;

	sw.ws = ws;
	sw.base = slash ? slash + 1 : path;
	if (slash)
		bops_buf_put(&dir, path, (size_t)(slash - path));
	err = bops_file_each_at(ws->root, dir.ptr, sweep_one, &sw);
	bops_buf_release(&dir);
	return err;
}

/*
 * Make the work tree hold at path what HEAD holds, unless it holds
 * something that is neither HEAD's nor old's version (a hand edit).
 */
static const struct bops_error *
settle(struct bops_ws *ws, const char *path, const char *old)
{
	static const unsigned modes[] = {
		BOPS_MODE_FILE, BOPS_MODE_LINK, BOPS_MODE_GITLINK,
	};
	const struct bops_error *err;
	struct bops_buf data = BOPS_BUF_INIT;
	char head[BOPS_OID_HEXSZ + 1];
	unsigned mode;
	bool differs, del;
	size_t i;

	if ((err = sweep_temps(ws, path)))
		goto done;
	if ((err = bops_repo_entry_mode(ws->repo, ws->head, path, head,
	    &mode)))
		goto done;
	if ((err = bops_repo_worktree_differs_mode(&differs, ws->repo, path,
	    head, mode)) || !differs)
		goto done;
	/* The journal keeps old's id, not its mode: any will do. */
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]) && differs; i++)
		if ((err = bops_repo_worktree_differs_mode(&differs, ws->repo,
		    path, old, modes[i])))
			goto done;
	if (differs)
		goto done;
	if ((err = version_at(ws, ws->head, path, &data, &mode, &del)) == NULL)
		err = apply(ws, path, mode, del, data.ptr, data.len, NULL);
done:
	bops_buf_release(&data);
	return err;
}

/*
 * The temp files bops keeps under .git/bops/: the journal's and the sync
 * marker's are written under the workspace lock, which the caller
 * holds; the cache's are not, but a reader whose temp goes only fails
 * to write the cache, which is no error; an edit's are not either, and
 * only old ones go.
 */
static const struct bops_error *
sweep_gitdir(struct bops_ws *ws)
{
	static const struct { const char *name; unsigned age; } temps[] = {
		{ "bops/journal", 0 }, { "bops/sync", 0 },
		{ "bops/", 60 }, { "bops/cache/", 0 },
	};
	const struct bops_error *err = NULL;
	struct bops_buf path = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(temps) / sizeof(temps[0]) && err == NULL;
	    i++) {
		bops_buf_reset(&path);
		bops_buf_printf(&path, "%s%s", bops_repo_gitdir(ws->repo),
		    temps[i].name);
		err = bops_file_remove_temps(path.ptr, temps[i].age);
	}
	bops_buf_release(&path);
	return err;
}

const struct bops_error *
bops_store_recover(struct bops_ws *ws)
{
	const struct bops_error *err = NULL;
	struct bops_buf jpath = BOPS_BUF_INIT, journal = BOPS_BUF_INIT;
	const char **paths = NULL;
	struct stat st, *sts = NULL;
	size_t n = 0, i;
	char *line, *next, *sp;

	journal_path(&jpath, ws);
	/* Among them a journal torn while it was written: its commit never
	 * ran. */
	if ((err = sweep_gitdir(ws)))
		goto done;
	err = bops_file_read(&journal, jpath.ptr, 0);
	if (err) {
		if (err->code == BOPS_ERR_NOT_FOUND)
			err = NULL;
		goto done;
	}
	if ((err = bops_ws_refresh(ws)) && err->code != BOPS_ERR_INVALID)
		goto done;
	err = NULL;
	if (stat(jpath.ptr, &st) == -1) {
		err = bops_error_errno("stat '%s'", jpath.ptr);
		goto done;
	}
	if ((err = bops_store_git_locks(ws, &st.st_mtim)))
		goto done;
	paths = bops_calloc(journal.len + 1, sizeof(*paths));
	for (line = journal.ptr; *line; line = next) {
		if ((next = strchr(line, '\n')) == NULL)
			break;	/* a torn last line: its commit never ran */
		*next++ = '\0';
		if ((sp = strchr(line, ' ')) == NULL)
			continue;
		*sp = '\0';
		if (strcmp(line, "-") == 0)
			line[0] = '\0';
		if ((err = settle(ws, sp + 1, line)))
			goto done;
		paths[n++] = sp + 1;
	}
	/*
	 * The index follows HEAD, with the stat data of the work tree where
	 * it now holds HEAD's version, without where a hand edit stays.
	 */
	sts = bops_calloc(n + 1, sizeof(*sts));
	for (i = 0; i < n; i++) {
		char head[BOPS_OID_HEXSZ + 1];
		enum bops_file_type type;
		unsigned mode;
		bool differs;

		if ((err = bops_repo_entry_mode(ws->repo, ws->head, paths[i],
		    head,
		    &mode)) || (err = bops_repo_worktree_differs_mode(&differs,
		    ws->repo, paths[i], head, mode)))
			goto done;
		if (!differs && (err = bops_file_stat_at(ws->root, paths[i],
		    &type, &sts[i])))
			goto done;
	}
	if ((err = bops_repo_index_set(ws->repo, ws->head, paths, n, sts)))
		goto done;
	err = bops_file_remove(jpath.ptr, NULL);
done:
	free(paths);
	free(sts);
	bops_buf_release(&jpath);
	bops_buf_release(&journal);
	return err;
}

static const struct bops_error *commit_txn(struct bops_txn *txn,
    const char *subject, const char *body, const char *other_hex,
    const char *ff_hex, char *out_hex);

const struct bops_error *
bops_txn_commit(struct bops_txn *txn, const char *message, char *out_hex)
{
	return commit_txn(txn, message, NULL, NULL, NULL, out_hex);
}

const struct bops_error *
bops_txn_commit_body(struct bops_txn *txn, const char *subject,
    const char *body, char *out_hex)
{
	return commit_txn(txn, subject, body, NULL, NULL, out_hex);
}

const struct bops_error *
bops_txn_commit_ex(struct bops_txn *txn, const char *message,
    const char *other_hex, const char *ff_hex, char *out_hex)
{
	return commit_txn(txn, message, NULL, other_hex, ff_hex, out_hex);
}

static const struct bops_error *
commit_txn(struct bops_txn *txn, const char *subject, const char *body,
    const char *other_hex, const char *ff_hex, char *out_hex)
{
	const struct bops_error *err = NULL;
	struct bops_ws *ws = txn->ws;
	struct bops_buf journal = BOPS_BUF_INIT, jpath = BOPS_BUF_INIT;
	struct bops_buf message = BOPS_BUF_INIT;
	struct bops_change *changes = NULL;
	const char **paths = NULL;
	const char *name = NULL, *email = NULL;
	struct bops_sig sig;
	struct stat *sts = NULL;
	char commit[BOPS_OID_HEXSZ + 1];
	size_t i, pass;

	if (out_hex)
		out_hex[0] = '\0';
	if (txn->n == 0 && ff_hex == NULL && other_hex == NULL)
		return NULL;
	/* A fast-forward makes no commit, so it signs nothing. */
	if (ff_hex == NULL && (err = bops_ws_identity(&name, &email, ws)))
		return err;
	/*
	 * The subject is built from what users typed: one line, nothing
	 * that could drive a terminal in `git log`.
	 */
	bops_out_escape(&message, subject, strlen(subject), 0);
	if (body && *body)
		bops_buf_printf(&message, "\n\n%s", body);
	changes = bops_calloc(txn->n, sizeof(*changes));
	paths = bops_calloc(txn->n, sizeof(*paths));
	for (i = 0; i < txn->n; i++) {
		changes[i].path = paths[i] = txn->s[i].path;
		changes[i].data = txn->s[i].del ? NULL : txn->s[i].data.ptr;
		changes[i].len = txn->s[i].data.len;
		changes[i].mode = txn->s[i].mode;
		bops_buf_printf(&journal, "%s %s\n",
		    txn->s[i].old[0] ? txn->s[i].old : "-", txn->s[i].path);
	}
	/* The index's checksum is checked while the commit is made. */
	bops_repo_index_prepare(ws->repo);
	/* The journal goes first, so a crash after the commit can finish. */
	journal_path(&jpath, ws);
	if ((err = bops_file_write_atomic(jpath.ptr, journal.ptr,
	    journal.len)))
		goto done;
	sig = (struct bops_sig){ name, email, ws->now };
	if (ff_hex)
		err = bops_repo_set_ref(ws->repo, ws->refname.ptr, ws->head,
		    ff_hex, message.ptr);
	else
		err = bops_repo_commit_merge(ws->repo, ws->refname.ptr,
		    ws->head, other_hex, changes, txn->n, message.ptr, &sig,
		    commit);
	if (err == NULL && ff_hex)
		snprintf(commit, sizeof(commit), "%s", ff_hex);
	if (err) {
		(void)bops_file_remove(jpath.ptr, NULL);
		goto done;
	}
	memcpy(ws->head, commit, sizeof(commit));
	/* Deletions first: a link or a file may give way to a directory. */
	sts = bops_calloc(txn->n, sizeof(*sts));
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < txn->n && err == NULL; i++) {
			struct staged *s = &txn->s[i];

			if (s->del == (pass == 0))
				err = apply(ws, s->path, s->mode, s->del,
				    s->data.ptr, s->data.len, &sts[i]);
		}
	if (err == NULL)
		err = bops_repo_index_set(ws->repo, ws->head, paths, txn->n,
		    sts);
	if (err == NULL)
		err = bops_file_remove(jpath.ptr, NULL);
	else
		err = bops_error_wrap(err, "committed %.12s, but the work tree "
		    "was not updated (the next bops command finishes it)",
		    commit);
	if (out_hex)
		memcpy(out_hex, commit, sizeof(commit));
done:
	free(changes);
	free(paths);
	free(sts);
	bops_buf_release(&journal);
	bops_buf_release(&jpath);
	bops_buf_release(&message);
	return err;
}
