#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "kind.h"
#include "merge.h"
#include "out.h"
#include "record.h"
#include "store.h"
#include "sync.h"
#include "yaml.h"
#include "banned.h"

void
bops_sync_result_release(struct bops_sync_result *r)
{
	bops_buf_release(&r->ids);
	bops_buf_release(&r->invalid);
}

/* The schema for a path: a record kind's, or the config's. */
static const struct bops_error *
schema_of(struct bops_ws *ws, const char *path, const struct bops_schema **s,
    const struct bops_kind **kind, char *id)
{
	*s = NULL;
	*kind = bops_kind_of_path(path, id);
	if (*kind)
		return bops_ws_schema(ws, *kind, s);
	if (strcmp(path, BOPS_CONFIG_PATH) == 0)
		*s = ws->config_schema;
	return NULL;
}

/* Parse and validate one version of a file; NULL data is absent. */
static const struct bops_error *
parse_version(struct bops_ws *ws, const char *path, const char *data,
    size_t len, const struct bops_schema *s, struct bops_node **out)
{
	const struct bops_error *err;
	struct bops_validate v = { path, bops_ws_config_get, ws };

	*out = NULL;
	if (data == NULL)
		return NULL;
	if ((err = bops_yaml_load(out, path, data, len)))
		return err;
	if ((err = bops_schema_validate(s, *out, &v))) {
		bops_node_free(*out);
		*out = NULL;
	}
	return err;
}

static const struct bops_error *
emit(struct bops_buf *out, struct bops_ws *ws, const char *path,
    const struct bops_schema *s, struct bops_node *root)
{
	const struct bops_error *err;
	struct bops_validate v = { path, bops_ws_config_get, ws };

	if ((err = bops_schema_validate(s, root, &v)))
		return err;
	if (s == ws->config_schema)
		return bops_ws_config_emit(out, s, root);
	return bops_yaml_emit(out, root);
}

const struct bops_error *
bops_sync_merge_file(struct bops_buf *out, struct bops_ws *ws,
    const char *path, const char *base, size_t blen, const char *ours,
    size_t olen, const char *theirs, size_t tlen, size_t *conflicts)
{
	const struct bops_error *err;
	const struct bops_schema *s;
	const struct bops_kind *kind;
	struct bops_node *b = NULL, *o = NULL, *t = NULL, *m = NULL;
	struct bops_merge_side none = { "", "" };
	char id[BOPS_ID_MAX_LEN + 1];

	*conflicts = 0;
	if ((err = schema_of(ws, path, &s, &kind, id)))
		return err;
	if (s == NULL)
		return bops_error_fmt(BOPS_ERR_INVALID, "%s: not a bops "
		    "record", path);
	if ((err = parse_version(ws, path, base, blen, s, &b)) ||
	    (err = parse_version(ws, path, ours, olen, s, &o)) ||
	    (err = parse_version(ws, path, theirs, tlen, s, &t)))
		goto done;
	m = bops_merge_record(s, b, o, t, &none, &none, conflicts);
	err = emit(out, ws, path, s, m);
done:
	bops_node_free(b);
	bops_node_free(o);
	bops_node_free(t);
	bops_node_free(m);
	return err;
}

/* The merge of two commits, path by path. */

struct merge_state {
	struct bops_ws *ws;
	struct bops_txn *txn;
	const char *base, *ours, *theirs;
	struct bops_merge_side os, ts;
	struct bops_sync_result *r;
	bool diverged;		/* anything kept from ours */
};

static const struct bops_error *
read_at(struct bops_ws *ws, const char *commit, const char *path,
    struct bops_buf *out, bool *present)
{
	const struct bops_error *err;

	bops_buf_reset(out);
	*present = false;
	if (commit == NULL || *commit == '\0')
		return NULL;
	err = bops_repo_read(ws->repo, commit, path, out, NULL);
	if (err && err->code == BOPS_ERR_NOT_FOUND)
		return NULL;
	*present = err == NULL;
	return err;
}

static void
note_invalid(struct merge_state *m, const struct bops_error *err)
{
	bops_buf_printf(&m->r->invalid, "%s\n", err->msg);
}

/* One path that theirs changed since the base. */
static const struct bops_error *
merge_path(const char *path, const char *base_blob, const char *their_blob,
    void *arg)
{
	struct merge_state *m = arg;
	const struct bops_error *err = NULL, *bad;
	const struct bops_schema *s;
	const struct bops_kind *kind;
	struct bops_buf bd = BOPS_BUF_INIT, od = BOPS_BUF_INIT;
	struct bops_buf td = BOPS_BUF_INIT, out = BOPS_BUF_INIT;
	struct bops_node *b = NULL, *o = NULL, *t = NULL, *merged = NULL;
	char our_blob[BOPS_OID_HEXSZ + 1], id[BOPS_ID_MAX_LEN + 1];
	bool bp, op, tp;
	size_t nc = 0;

	if ((err = bops_repo_entry_id(m->ws->repo, m->ours, path, our_blob)))
		return err;
	if (strcmp(our_blob, their_blob) == 0)
		return NULL;		/* both made the same change */
	if ((err = schema_of(m->ws, path, &s, &kind, id)))
		return err;
	if ((err = read_at(m->ws, m->base, path, &bd, &bp)) ||
	    (err = read_at(m->ws, m->ours, path, &od, &op)) ||
	    (err = read_at(m->ws, m->theirs, path, &td, &tp)))
		goto done;
	if (s == NULL) {
		/* Not a record: take theirs when ours did not change it. */
		if (strcmp(our_blob, base_blob) == 0) {
			err = tp ? bops_txn_put_file(m->txn, path, td.ptr,
			    td.len) : bops_txn_delete_file(m->txn, path);
		} else
			m->diverged = true;
		goto done;
	}
	/* What came in must be valid; a broken file is never committed. */
	if (tp && (bad = parse_version(m->ws, path, td.ptr, td.len, s, &t))) {
		note_invalid(m, bad);
		m->diverged = true;
		goto done;
	}
	if (strcmp(our_blob, base_blob) == 0) {
		/* Only theirs changed it: take it, canonical. */
		if (t == NULL)
			err = bops_txn_delete_file(m->txn, path);
		else if ((err = emit(&out, m->ws, path, s, t)) == NULL) {
			char hash[BOPS_OID_HEXSZ + 1];

			/* Not canonical as it came: a commit must say so. */
			bops_repo_hash(out.ptr, out.len, hash);
			if (strcmp(hash, their_blob))
				m->diverged = true;
			err = bops_txn_put_file(m->txn, path, out.ptr, out.len);
		}
		if (err == NULL && kind)
			bops_buf_printf(&m->r->ids, "%s\n", id);
		m->r->changed += kind != NULL;
		goto done;
	}
	m->diverged = true;
	if (bp)
		(void)parse_version(m->ws, path, bd.ptr, bd.len, s, &b);
	if (op && (bad = parse_version(m->ws, path, od.ptr, od.len, s, &o))) {
		/* Ours is broken (a hand commit): take theirs whole. */
		note_invalid(m, bad);
		if (t && (err = emit(&out, m->ws, path, s, t)) == NULL)
			err = bops_txn_put_file(m->txn, path, out.ptr, out.len);
		goto done;
	}
	if (o == NULL || t == NULL) {
		/* Deleted on one side, changed on the other: keep it. */
		struct bops_node *kept = bops_node_new_scalar("kept",
		    BOPS_SCALAR_TEXT);

		merged = bops_node_dup(o ? o : t);
		bops_merge_add_conflict(merged, "(deleted)", NULL,
		    o ? kept : NULL, &m->os, t ? kept : NULL, &m->ts);
		bops_node_free(kept);
		nc = 1;
	} else
		merged = bops_merge_record(s, b, o, t, &m->os, &m->ts, &nc);
	if ((err = emit(&out, m->ws, path, s, merged)))
		goto done;
	if (strcmp(out.ptr, od.ptr) || out.len != od.len) {
		if ((err = bops_txn_put_file(m->txn, path, out.ptr, out.len)))
			goto done;
		if (kind)
			bops_buf_printf(&m->r->ids, "%s\n", id);
		m->r->changed += kind != NULL;
	}
	m->r->conflicts += nc;
done:
	bops_node_free(b);
	bops_node_free(o);
	bops_node_free(t);
	bops_node_free(merged);
	bops_buf_release(&bd);
	bops_buf_release(&od);
	bops_buf_release(&td);
	bops_buf_release(&out);
	return err;
}

struct count_arg {
	const char *stop;
	size_t n;
};

static const struct bops_error *
count_until(const struct bops_commit_info *info, void *arg)
{
	struct count_arg *c = arg;

	if (c->stop && strcmp(info->id, c->stop) == 0)
		return bops_error(BOPS_ERR_FOUND);
	c->n++;
	return NULL;
}

/* Commits reachable from `from` down to (not including) `stop`. */
static size_t
count_commits(struct bops_ws *ws, const char *from, const char *stop)
{
	struct count_arg c = { stop, 0 };

	if (from == NULL || *from == '\0')
		return 0;
	(void)bops_repo_log(ws->repo, from, NULL, 0, count_until, &c);
	return c.n;
}

static void
author_of(struct bops_ws *ws, const char *commit, struct bops_buf *out)
{
	struct bops_commit_info info;
	struct bops_buf name = BOPS_BUF_INIT, email = BOPS_BUF_INIT;
	struct bops_buf summary = BOPS_BUF_INIT;

	if (bops_repo_commit_info(ws->repo, commit, &info, &name, &email,
	    &summary) == NULL) {
		/* A teammate's commit: its identity may hold anything. */
		bops_out_escape(out, name.ptr, name.len, 0);
		bops_buf_puts(out, " <");
		bops_out_escape(out, email.ptr, email.len, 0);
		bops_buf_putc(out, '>');
	}
	bops_buf_release(&name);
	bops_buf_release(&email);
	bops_buf_release(&summary);
}

const struct bops_error *
bops_sync_merge(struct bops_ws *ws, struct bops_txn *txn,
    const char *theirs_hex, const char *label, struct bops_sync_result *r)
{
	const struct bops_error *err;
	struct merge_state m;
	struct bops_buf oa = BOPS_BUF_INIT, ta = BOPS_BUF_INIT;
	struct bops_buf msg = BOPS_BUF_INIT;
	char base[BOPS_OID_HEXSZ + 1], ours[BOPS_OID_HEXSZ + 1];
	bool contained;
	/* What r said before: a merge that fails counts nothing. */
	size_t in = r->in, changed = r->changed, conflicts = r->conflicts;
	size_t ids = r->ids.len, invalid = r->invalid.len;

	snprintf(ours, sizeof(ours), "%s", ws->head);
	if (ours[0] && (err = bops_repo_descendant(ws->repo, ours, theirs_hex,
	    &contained)))
		return err;
	if (ours[0] && contained)
		return NULL;		/* nothing new came in */
	base[0] = '\0';
	if (ours[0] && (err = bops_repo_merge_base(ws->repo, ours, theirs_hex,
	    base)))
		return err;
	memset(&m, 0, sizeof(m));
	m.ws = ws;
	m.txn = txn;
	m.base = base;
	m.ours = ours;
	m.theirs = theirs_hex;
	m.r = r;
	author_of(ws, ours, &oa);
	author_of(ws, theirs_hex, &ta);
	m.os = (struct bops_merge_side){ ours, oa.ptr };
	m.ts = (struct bops_merge_side){ theirs_hex, ta.ptr };
	r->in += count_commits(ws, theirs_hex, base[0] ? base : NULL);
	if ((err = bops_repo_diff_trees(ws->repo, base, theirs_hex, merge_path,
	    &m)))
		goto done;
	/* Our history is inside theirs and all of it came in as it is. */
	if (strcmp(base, ours) == 0 && !m.diverged)
		err = bops_txn_commit_ex(txn, "sync: fast-forward", NULL,
		    theirs_hex, NULL);
	else {
		bops_buf_printf(&msg, "sync: merge %s", label);
		if (r->conflicts > conflicts)
			bops_buf_printf(&msg, " (%zu conflict%s)",
			    r->conflicts - conflicts,
			    r->conflicts - conflicts == 1 ? "" : "s");
		err = bops_txn_commit_ex(txn, msg.ptr, theirs_hex, NULL, NULL);
	}
done:
	if (err) {
		r->in = in;
		r->changed = changed;
		r->conflicts = conflicts;
		bops_buf_truncate(&r->ids, ids);
		bops_buf_truncate(&r->invalid, invalid);
	}
	bops_buf_release(&oa);
	bops_buf_release(&ta);
	bops_buf_release(&msg);
	return err;
}

/*
 * A sync killed in a fetch leaves locks on the remote-tracking refs that
 * no one will remove.  A marker file, written under the workspace lock
 * before the first fetch and removed at the end, tells them apart: a lock
 * no older than a marker left behind was made by that dead sync.
 */
static bool
not_older(const struct timespec *t, const struct timespec *than)
{
	return t->tv_sec > than->tv_sec || (t->tv_sec == than->tv_sec &&
	    t->tv_nsec >= than->tv_nsec);
}

static void
remove_stale_locks(const char *dir, const struct timespec *since,
    unsigned depth)
{
	struct bops_buf p = BOPS_BUF_INIT;
	struct dirent *de;
	struct stat st;
	size_t len;
	DIR *d;

	if (depth > 8 || (d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		bops_buf_reset(&p);
		bops_buf_printf(&p, "%s/%s", dir, de->d_name);
		if (lstat(p.ptr, &st) == -1)
			continue;
		len = strlen(de->d_name);
		if (S_ISDIR(st.st_mode))
			remove_stale_locks(p.ptr, since, depth + 1);
		else if (len > 5 && strcmp(de->d_name + len - 5, ".lock") ==
		    0 && not_older(&st.st_mtim, since))
			(void)unlink(p.ptr);
	}
	closedir(d);
	bops_buf_release(&p);
}

static const struct bops_error *
marker_begin(struct bops_ws *ws, const char *remote, struct bops_buf *marker)
{
	const char *gitdir = bops_repo_gitdir(ws->repo);
	struct bops_buf p = BOPS_BUF_INIT;
	struct stat st, lk;

	bops_buf_printf(marker, "%sbops/sync", gitdir);
	if (lstat(marker->ptr, &st) == 0 && strstr(remote, "..") == NULL) {
		bops_buf_printf(&p, "%srefs/remotes/%s", gitdir, remote);
		remove_stale_locks(p.ptr, &st.st_mtim, 0);
		bops_buf_reset(&p);
		bops_buf_printf(&p, "%spacked-refs.lock", gitdir);
		if (lstat(p.ptr, &lk) == 0 && not_older(&lk.st_mtim,
		    &st.st_mtim))
			(void)unlink(p.ptr);
	}
	bops_buf_release(&p);
	return bops_file_write_atomic(marker->ptr, remote, strlen(remote));
}

const struct bops_error *
bops_sync(struct bops_ws *ws, const char *remote, const char *branch,
    struct bops_sync_result *r)
{
	const struct bops_error *err = NULL;
	struct bops_txn *txn = NULL;
	struct bops_buf tracking = BOPS_BUF_INIT, label = BOPS_BUF_INIT;
	struct bops_buf rref = BOPS_BUF_INIT, marker = BOPS_BUF_INIT;
	char theirs[BOPS_OID_HEXSZ + 1];
	const char *br;
	bool nonff = false, contained;
	int attempt;

	memset(r, 0, sizeof(*r));
	bops_buf_init(&r->ids);
	bops_buf_init(&r->invalid);
	if ((err = bops_git_check_names(remote, branch)))
		return err;
	if ((err = bops_txn_begin(&txn, ws)))
		return err;
	if ((err = marker_begin(ws, remote, &marker))) {
		bops_txn_free(txn);
		bops_buf_release(&marker);
		return err;
	}
	br = branch ? branch : strncmp(ws->refname.ptr, "refs/heads/", 11) ==
	    0 ? ws->refname.ptr + 11 : ws->refname.ptr;
	bops_buf_printf(&tracking, "refs/remotes/%s/%s", remote, br);
	bops_buf_printf(&label, "%s/%s", remote, br);
	bops_buf_printf(&rref, "refs/heads/%s", br);
	for (attempt = 0; attempt < BOPS_SYNC_TRIES; attempt++) {
		if ((err = bops_repo_fetch(ws->repo, remote)))
			break;
		err = bops_repo_resolve(ws->repo, tracking.ptr, theirs);
		if (err && err->code != BOPS_ERR_NOT_FOUND)
			break;
		if (err == NULL) {
			if ((err = bops_sync_merge(ws, txn, theirs, label.ptr,
			    r)))
				break;
		} else
			theirs[0] = '\0';
		err = NULL;
		/* Anything to send? */
		contained = false;
		if (theirs[0] && (err = bops_repo_descendant(ws->repo, theirs,
		    ws->head, &contained)))
			break;
		if (ws->head[0] == '\0' || contained)
			break;
		r->out = count_commits(ws, ws->head, theirs[0] ? theirs :
		    NULL);
		err = bops_repo_push(ws->repo, remote, ws->refname.ptr,
		    rref.ptr, &nonff);
		if (err == NULL) {
			r->pushed = true;
			break;
		}
		if (!nonff)
			break;
	}
	if (err && nonff && attempt == BOPS_SYNC_TRIES)
		err = bops_error_fmt(BOPS_ERR_REMOTE, "remote '%s' kept "
		    "moving: gave up after %d tries (%s)", remote,
		    BOPS_SYNC_TRIES, err->msg);
	(void)unlink(marker.ptr);
	bops_buf_release(&marker);
	bops_txn_free(txn);
	bops_buf_release(&tracking);
	bops_buf_release(&label);
	bops_buf_release(&rref);
	return err;
}
