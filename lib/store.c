#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cache.h"
#include "date.h"
#include "file.h"
#include "id.h"
#include "lock.h"
#include "store.h"
#include "yaml.h"
#include "banned.h"

#define MAX_CANDIDATES 8

struct staged {
	char *path;
	struct bops_buf data;
	bool del;
	char old[BOPS_OID_HEXSZ + 1];	/* HEAD blob, or "" */
};

struct bops_txn {
	struct bops_ws *ws;
	struct bops_lock *lock;
	struct staged *s;
	size_t n, alloc;
};

/* Finding records. */

struct prefix_search {
	const struct bops_kind *kind;
	const char *prefix;
	size_t plen;
	size_t found;
	struct bops_buf *first;
	struct bops_buf list;
};

static const struct bops_error *
prefix_one(const char *path, const char *blob, void *arg)
{
	struct prefix_search *ps = arg;
	char id[BOPS_ID_MAX_LEN + 1];

	if (bops_kind_of_path(path, id) != ps->kind ||
	    strncmp(id, ps->prefix, ps->plen))
		return NULL;
	if (ps->found++ == 0)
		bops_buf_puts(ps->first, id);
	if (ps->found <= MAX_CANDIDATES)
		bops_buf_printf(&ps->list, "%s%s", ps->found > 1 ? ", " : "",
		    id);
	return NULL;
}

const struct bops_error *
bops_store_resolve(struct bops_ws *ws, const struct bops_kind *kind,
    const char *commit, const char *text, struct bops_buf *id)
{
	const struct bops_error *err;
	struct bops_buf norm = BOPS_BUF_INIT, path = BOPS_BUF_INIT;
	struct prefix_search ps;
	char entry[BOPS_OID_HEXSZ + 1];

	if (commit == NULL)
		commit = ws->head;
	bops_buf_reset(id);
	memset(&ps, 0, sizeof(ps));
	bops_buf_init(&ps.list);
	if ((err = bops_id_normalize(&norm, text)))
		goto done;
	bops_id_path(&path, kind->dir, kind->sharded, norm.ptr);
	if ((err = bops_repo_entry_id(ws->repo, commit, path.ptr, entry)))
		goto done;
	if (entry[0]) {
		bops_buf_puts(id, norm.ptr);
		goto done;
	}
	if (norm.len < BOPS_ID_MIN_PREFIX) {
		err = bops_error_fmt(BOPS_ERR_NOT_FOUND,
		    "no %s '%s' (a prefix needs %d characters)", kind->name,
		    norm.ptr, BOPS_ID_MIN_PREFIX);
		goto done;
	}
	ps.kind = kind;
	ps.prefix = norm.ptr;
	ps.plen = norm.len;
	ps.first = id;
	bops_buf_reset(&path);
	bops_buf_puts(&path, kind->dir);
	if (kind->sharded)
		bops_buf_printf(&path, "/%.2s", norm.ptr);
	if ((err = bops_repo_list(ws->repo, commit, path.ptr, prefix_one,
	    &ps)))
		goto done;
	if (ps.found == 0)
		err = bops_error_fmt(BOPS_ERR_NOT_FOUND, "no %s '%s'",
		    kind->name, norm.ptr);
	else if (ps.found > 1)
		err = bops_error_fmt(BOPS_ERR_AMBIGUOUS,
		    "%s prefix '%s' is ambiguous: %s%s", kind->name, norm.ptr,
		    ps.list.ptr, ps.found > MAX_CANDIDATES ? ", ..." : "");
done:
	if (err)
		bops_buf_reset(id);
	bops_buf_release(&norm);
	bops_buf_release(&path);
	bops_buf_release(&ps.list);
	return err;
}

const struct bops_error *
bops_store_read(struct bops_ws *ws, const struct bops_kind *kind,
    const char *commit, const char *id, struct bops_record **out)
{
	const struct bops_error *err;
	struct bops_buf path = BOPS_BUF_INIT, data = BOPS_BUF_INIT;
	char blob[BOPS_OID_HEXSZ + 1];

	*out = NULL;
	if (commit == NULL)
		commit = ws->head;
	if (!bops_id_valid(id))
		return bops_error_fmt(BOPS_ERR_USAGE, "invalid id '%s'", id);
	bops_id_path(&path, kind->dir, kind->sharded, id);
	err = bops_repo_read(ws->repo, commit, path.ptr, &data, blob);
	if (err && err->code == BOPS_ERR_NOT_FOUND)
		err = bops_error_fmt(BOPS_ERR_NOT_FOUND, "no %s '%s'",
		    kind->name, id);
	if (err == NULL &&
	    (err = bops_record_parse(out, ws, kind, id, data.ptr, data.len))
	    == NULL)
		memcpy((*out)->blob, blob, sizeof(blob));
	bops_buf_release(&path);
	bops_buf_release(&data);
	return err;
}

const struct bops_error *
bops_store_load(struct bops_ws *ws, const struct bops_kind *kind,
    const char *commit, const char *text, struct bops_record **out)
{
	const struct bops_error *err;
	struct bops_buf id = BOPS_BUF_INIT;

	*out = NULL;
	if ((err = bops_store_resolve(ws, kind, commit, text, &id)) == NULL)
		err = bops_store_read(ws, kind, commit, id.ptr, out);
	bops_buf_release(&id);
	return err;
}

const struct bops_error *
bops_store_each(struct bops_ws *ws, const struct bops_kind *kind,
    const char *commit, bops_store_each_fn fn, bops_store_warn_fn warn,
    void *arg)
{
	const struct bops_error *err;
	const struct bops_schema *schema;
	struct bops_cache *cache = NULL;
	size_t i, used;

	if ((err = bops_ws_schema(ws, kind, &schema)))
		return err;
	if ((err = bops_cache_open(&cache, ws, kind, commit)))
		return err;
	for (i = 0; i < bops_cache_count(cache) && err == NULL; i++) {
		const struct bops_cache_entry *e = bops_cache_entry(cache, i);
		struct bops_record *rec;
		struct bops_node *root;

		if (!e->valid) {
			if (warn)
				warn(bops_error_fmt(BOPS_ERR_INVALID, "%.*s",
				    (int)e->len, (const char *)e->data), arg);
			continue;
		}
		root = bops_node_unpack(e->data, e->len, &used);
		if (root == NULL) {
			err = bops_error_fmt(BOPS_ERR_ENV,
			    "corrupt cache entry for %s '%s': remove "
			    ".git/bops/cache", kind->name, e->id);
			break;
		}
		rec = bops_record_wrap(kind, schema, e->id, root);
		memcpy(rec->blob, e->blob, sizeof(rec->blob));
		err = fn(rec, arg);
		bops_record_free(rec);
	}
	bops_cache_close(cache);
	return err;
}

/* The journal: what the last commit is about to do to the work tree. */

static void
journal_path(struct bops_buf *out, struct bops_ws *ws)
{
	bops_buf_printf(out, "%sbops/journal", bops_repo_gitdir(ws->repo));
}

static void
worktree_path(struct bops_buf *out, struct bops_ws *ws, const char *path)
{
	bops_buf_reset(out);
	bops_buf_printf(out, "%s%s", ws->root, path);
}

/*
 * The git locks a writer takes after writing its journal: the index's
 * and the branch's.  One that exists is reported, unless journal (the
 * mtime of a journal left behind) is given and the lock is no older: a
 * left-over journal means its writer died holding the workspace lock,
 * so a git lock made after the journal was that writer's, and is stale.
 */
static const struct bops_error *
git_locks(struct bops_ws *ws, const struct timespec *journal)
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
 * Make the work-tree file of path hold what HEAD holds, unless it holds
 * something that is neither HEAD's nor old's version (a hand edit).
 */
static const struct bops_error *
settle(struct bops_ws *ws, const char *path, const char *old)
{
	const struct bops_error *err;
	struct bops_buf full = BOPS_BUF_INIT, data = BOPS_BUF_INIT;
	char head[BOPS_OID_HEXSZ + 1];
	bool differs;

	worktree_path(&full, ws, path);
	bops_buf_puts(&data, full.ptr);
	bops_buf_puts(&data, ".bops-tmp");
	unlink(data.ptr);
	bops_buf_reset(&data);
	if ((err = bops_repo_entry_id(ws->repo, ws->head, path, head)))
		goto done;
	if ((err = bops_repo_worktree_differs(ws->repo, path, head, &differs))
	    || !differs)
		goto done;
	if ((err = bops_repo_worktree_differs(ws->repo, path, old, &differs))
	    || differs)
		goto done;
	if (head[0] == '\0')
		err = bops_file_remove(full.ptr, ws->root);
	else if ((err = bops_repo_read_blob(ws->repo, head, &data)) == NULL)
		err = bops_file_write_atomic(full.ptr, data.ptr, data.len);
done:
	bops_buf_release(&full);
	bops_buf_release(&data);
	return err;
}

const struct bops_error *
bops_store_recover(struct bops_ws *ws)
{
	const struct bops_error *err = NULL;
	struct bops_buf jpath = BOPS_BUF_INIT, journal = BOPS_BUF_INIT;
	const char **paths = NULL;
	struct stat st;
	size_t n = 0, i;
	char *line, *next, *sp;

	journal_path(&jpath, ws);
	/* A journal torn while it was written: its commit never ran. */
	bops_file_temp_name(&journal, jpath.ptr);
	unlink(journal.ptr);
	bops_buf_reset(&journal);
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
	if ((err = git_locks(ws, &st.st_mtim)))
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
	 * The index follows HEAD: from the work tree where it now holds
	 * HEAD's version, from HEAD itself where a hand edit stays.
	 */
	for (i = 0; i < n; i++) {
		char head[BOPS_OID_HEXSZ + 1];
		bool differs;

		if ((err = bops_repo_entry_id(ws->repo, ws->head, paths[i],
		    head)) || (err = bops_repo_worktree_differs(ws->repo,
		    paths[i], head, &differs)))
			goto done;
		err = differs ? bops_repo_index_reset(ws->repo, ws->head,
		    &paths[i], 1) : bops_repo_index_update(ws->repo, &paths[i],
		    1);
		if (err)
			goto done;
	}
	err = bops_file_remove(jpath.ptr, NULL);
done:
	free(paths);
	bops_buf_release(&jpath);
	bops_buf_release(&journal);
	return err;
}

/* Transactions. */

const struct bops_error *
bops_txn_begin(struct bops_txn **out, struct bops_ws *ws)
{
	const struct bops_error *err;
	struct bops_buf path = BOPS_BUF_INIT;
	struct bops_txn *txn;

	*out = NULL;
	txn = bops_calloc(1, sizeof(*txn));
	txn->ws = ws;
	bops_buf_printf(&path, "%sbops.lock", bops_repo_gitdir(ws->repo));
	if ((err = bops_lock_acquire(&txn->lock, path.ptr,
	    ws->lock_timeout_ms)))
		goto fail;
	if ((err = bops_store_recover(ws)))
		goto fail;
	if ((err = git_locks(ws, NULL)))
		goto fail;
	if ((err = bops_ws_refresh(ws)) && !(ws->allow_bad_config &&
	    err->code == BOPS_ERR_INVALID))
		goto fail;
	bops_buf_release(&path);
	*out = txn;
	return NULL;
fail:
	bops_buf_release(&path);
	bops_txn_free(txn);
	return err;
}

void
bops_txn_free(struct bops_txn *txn)
{
	size_t i;

	if (txn == NULL)
		return;
	for (i = 0; i < txn->n; i++) {
		free(txn->s[i].path);
		bops_buf_release(&txn->s[i].data);
	}
	free(txn->s);
	bops_lock_release(txn->lock);
	free(txn);
}

size_t
bops_txn_count(const struct bops_txn *txn)
{
	return txn->n;
}

static const struct bops_error *
check_clean(struct bops_txn *txn, const char *path, const char *blob)
{
	const struct bops_error *err;
	bool differs;

	if ((err = bops_repo_worktree_differs(txn->ws->repo, path, blob,
	    &differs)))
		return err;
	if (differs)
		return bops_error_fmt(BOPS_ERR_DIRTY,
		    "%s: has uncommitted changes; commit them with git, or "
		    "discard them with `git checkout -- %s`", path, path);
	return NULL;
}

const struct bops_error *
bops_txn_load(struct bops_txn *txn, const struct bops_kind *kind,
    const char *text, struct bops_record **out)
{
	const struct bops_error *err;

	*out = NULL;
	if ((err = bops_store_load(txn->ws, kind, NULL, text, out)))
		return err;
	if ((err = check_clean(txn, (*out)->path, (*out)->blob))) {
		bops_record_free(*out);
		*out = NULL;
	}
	return err;
}

static struct staged *
stage(struct bops_txn *txn, const char *path, const char *old)
{
	struct staged *s;
	size_t i;

	for (i = 0; i < txn->n; i++)
		if (strcmp(txn->s[i].path, path) == 0) {
			bops_buf_reset(&txn->s[i].data);
			return &txn->s[i];
		}
	if (txn->n == txn->alloc) {
		txn->alloc = txn->alloc ? txn->alloc * 2 : 4;
		txn->s = bops_realloc(txn->s, txn->alloc * sizeof(*txn->s));
	}
	s = &txn->s[txn->n++];
	memset(s, 0, sizeof(*s));
	s->path = bops_strdup(path);
	bops_buf_init(&s->data);
	snprintf(s->old, sizeof(s->old), "%s", old);
	return s;
}

/* Set each auto-stamped field of rec. */
static const struct bops_error *
stamp(struct bops_record *rec, struct bops_ws *ws, bool created)
{
	const struct bops_error *err;
	struct bops_buf now = BOPS_BUF_INIT;
	size_t i;

	bops_instant_format(&now, ws->now);
	for (i = 0; i < rec->schema->n; i++) {
		const struct bops_field *f = &rec->schema->fields[i];

		if (f->autostamp == BOPS_AUTO_UPDATED ||
		    (f->autostamp == BOPS_AUTO_CREATED && created &&
		    bops_record_str(rec, f->name) == NULL))
			if ((err = bops_record_set(rec, ws, f->name,
			    now.ptr))) {
				bops_buf_release(&now);
				return err;
			}
	}
	bops_buf_release(&now);
	return NULL;
}

/* Whether a record of kind with id exists at HEAD or is staged. */
static const struct bops_error *
ref_exists(struct bops_txn *txn, const struct bops_kind *kind,
    const char *id, bool *out)
{
	const struct bops_error *err;
	struct bops_buf path = BOPS_BUF_INIT;
	char entry[BOPS_OID_HEXSZ + 1];
	size_t i;

	*out = false;
	if (!bops_id_valid(id))
		return NULL;
	bops_id_path(&path, kind->dir, kind->sharded, id);
	for (i = 0; i < txn->n; i++)
		if (strcmp(txn->s[i].path, path.ptr) == 0)
			*out = !txn->s[i].del;
	err = bops_repo_entry_id(txn->ws->repo, txn->ws->head, path.ptr,
	    entry);
	if (err == NULL && entry[0])
		*out = true;
	bops_buf_release(&path);
	return err;
}

/* Whether objective obj has key result n at HEAD. */
static bool
kr_exists(struct bops_txn *txn, const struct bops_kind *kind,
    const char *obj, const char *n)
{
	struct bops_record *rec = NULL;
	const struct bops_node *krs;
	size_t i;
	bool found = false;

	if (bops_store_read(txn->ws, kind, NULL, obj, &rec))
		return false;
	krs = bops_record_get(rec, "key_results");
	for (i = 0; krs && i < krs->n; i++)
		found |= bops_node_map_str(krs->items[i], "id") &&
		    strcmp(bops_node_map_str(krs->items[i], "id"), n) == 0;
	bops_record_free(rec);
	return found;
}

/*
 * Every reference that changed must name a record that exists (an
 * OBJECTIVE/N a key result that exists), and a reference to the record's
 * own kind (a parent) must not make a cycle.
 */
static const struct bops_error *
check_refs(struct bops_txn *txn, struct bops_record *rec)
{
	const struct bops_error *err = NULL;
	struct bops_record *old = NULL, *cur = NULL;
	struct bops_buf chain = BOPS_BUF_INIT, obj = BOPS_BUF_INIT;
	size_t i, steps;

	if (rec->blob[0])
		(void)bops_store_read(txn->ws, rec->kind, NULL, rec->id, &old);
	for (i = 0; i < rec->schema->n && err == NULL; i++) {
		const struct bops_field *f = &rec->schema->fields[i];
		const struct bops_kind *kind;
		const char *v, *slash, *next;
		bool found;

		if (f->type != BOPS_TYPE_REF || f->ref == NULL ||
		    (kind = bops_kind_find(f->ref)) == NULL ||
		    (v = bops_record_str(rec, f->name)) == NULL)
			continue;
		if (old && bops_record_str(old, f->name) &&
		    strcmp(bops_record_str(old, f->name), v) == 0)
			continue;
		if ((slash = strchr(v, '/'))) {
			bops_buf_reset(&obj);
			bops_buf_put(&obj, v, (size_t)(slash - v));
			if (!kr_exists(txn, kind, obj.ptr, slash + 1))
				err = bops_error_fmt(BOPS_ERR_INVALID,
				    "%s: %s '%s': no such key result",
				    rec->path, f->name, v);
			continue;
		}
		if ((err = ref_exists(txn, kind, v, &found)))
			break;
		if (!found) {
			err = bops_error_fmt(BOPS_ERR_INVALID,
			    "%s: %s '%s': no such %s", rec->path, f->name, v,
			    kind->name);
			break;
		}
		if (kind != rec->kind)
			continue;
		/* Follow the chain of parents; it must not come back. */
		bops_buf_reset(&chain);
		bops_buf_printf(&chain, "%s -> %s", rec->id, v);
		for (steps = 0, next = v; next && steps < 1000; steps++) {
			if (strcmp(next, rec->id) == 0) {
				err = bops_error_fmt(BOPS_ERR_INVALID,
				    "%s: %s '%s' makes a cycle: %s", rec->path,
				    f->name, v, chain.ptr);
				break;
			}
			/* next may live in cur: keep it while cur is freed. */
			bops_buf_reset(&obj);
			bops_buf_puts(&obj, next);
			bops_record_free(cur);
			cur = NULL;
			if (bops_store_read(txn->ws, kind, NULL, obj.ptr, &cur))
				break;
			next = bops_record_str(cur, f->name);
			if (next)
				bops_buf_printf(&chain, " -> %s", next);
		}
	}
	bops_record_free(old);
	bops_record_free(cur);
	bops_buf_release(&chain);
	bops_buf_release(&obj);
	return err;
}

const struct bops_error *
bops_txn_put(struct bops_txn *txn, struct bops_record *rec, bool *changed)
{
	const struct bops_error *err;
	struct bops_buf data = BOPS_BUF_INIT;
	struct staged *s;
	char entry[BOPS_OID_HEXSZ + 1], hash[BOPS_OID_HEXSZ + 1];

	if (changed)
		*changed = false;
	if (rec->blob[0] == '\0') {
		if ((err = bops_repo_entry_id(txn->ws->repo, txn->ws->head,
		    rec->path, entry)))
			return err;
		if (entry[0])
			return bops_error_fmt(BOPS_ERR_REFUSED,
			    "%s '%s' already exists", rec->kind->name,
			    rec->id);
		if ((err = check_clean(txn, rec->path, "")))
			return err;
	} else {
		/* Unchanged needs no read-back check: nothing is written. */
		if ((err = bops_record_canon(rec, txn->ws, &data)))
			goto done;
		bops_repo_hash(data.ptr, data.len, hash);
		if (strcmp(hash, rec->blob) == 0)
			goto done;	/* no change */
		bops_buf_reset(&data);
	}
	if ((err = check_refs(txn, rec)))
		goto done;
	if ((err = stamp(rec, txn->ws, rec->blob[0] == '\0')))
		goto done;
	if ((err = bops_record_emit(rec, txn->ws, &data)))
		goto done;
	s = stage(txn, rec->path, rec->blob);
	bops_buf_put(&s->data, data.ptr, data.len);
	s->del = false;
	if (changed)
		*changed = true;
done:
	bops_buf_release(&data);
	return err;
}

const struct bops_error *
bops_txn_delete(struct bops_txn *txn, struct bops_record *rec)
{
	struct staged *s;

	if (rec->blob[0] == '\0')
		return bops_error_fmt(BOPS_ERR_NOT_FOUND, "no %s '%s'",
		    rec->kind->name, rec->id);
	s = stage(txn, rec->path, rec->blob);
	s->del = true;
	return NULL;
}

/*
 * Bytes for a record or bops.yaml: what a read would accept, so nothing
 * bops commits is skipped or refused by the next read.
 */
static const struct bops_error *
check_file(struct bops_txn *txn, const char *path, const char *data,
    size_t len)
{
	const struct bops_error *err;
	const struct bops_kind *kind;
	struct bops_record *rec = NULL;
	struct bops_node *config = NULL;
	size_t plen = strlen(path);
	char id[BOPS_ID_MAX_LEN + 1];
	const char *msg;

	kind = bops_kind_of_path(path, id);
	if (kind == NULL && strcmp(path, BOPS_CONFIG_PATH))
		return NULL;
	if ((err = bops_yaml_verify(path, data, len, NULL)))
		return err;
	if (kind)
		err = bops_record_parse(&rec, txn->ws, kind, id, data, len);
	else
		err = bops_ws_config_parse(&config, txn->ws->config_schema,
		    path, data, len);
	bops_record_free(rec);
	bops_node_free(config);
	if (err == NULL || err->code != BOPS_ERR_INVALID)
		return err;
	msg = err->msg;
	if (strncmp(msg, path, plen) == 0 && msg[plen] == ':')
		msg += plen + 1;
	while (*msg == ' ')
		msg++;
	return bops_error_fmt(BOPS_ERR_INVALID, "%s: would not read back "
	    "(%s)", path, msg);
}

const struct bops_error *
bops_txn_put_file(struct bops_txn *txn, const char *path, const char *data,
    size_t len)
{
	const struct bops_error *err;
	struct staged *s;
	char blob[BOPS_OID_HEXSZ + 1], hash[BOPS_OID_HEXSZ + 1];

	if ((err = check_file(txn, path, data, len)))
		return err;
	if ((err = bops_repo_entry_id(txn->ws->repo, txn->ws->head, path,
	    blob)))
		return err;
	if ((err = check_clean(txn, path, blob)))
		return err;
	bops_repo_hash(data, len, hash);
	if (strcmp(hash, blob) == 0)
		return NULL;
	s = stage(txn, path, blob);
	bops_buf_put(&s->data, data, len);
	s->del = false;
	return NULL;
}

const struct bops_error *
bops_txn_delete_file(struct bops_txn *txn, const char *path)
{
	const struct bops_error *err;
	struct staged *s;
	char blob[BOPS_OID_HEXSZ + 1];

	if ((err = bops_repo_entry_id(txn->ws->repo, txn->ws->head, path,
	    blob)))
		return err;
	if (blob[0] == '\0')
		return NULL;
	if ((err = check_clean(txn, path, blob)))
		return err;
	s = stage(txn, path, blob);
	s->del = true;
	return NULL;
}

const struct bops_error *
bops_txn_commit(struct bops_txn *txn, const char *message, char *out_hex)
{
	return bops_txn_commit_ex(txn, message, NULL, NULL, out_hex);
}

const struct bops_error *
bops_txn_commit_ex(struct bops_txn *txn, const char *message,
    const char *other_hex, const char *ff_hex, char *out_hex)
{
	const struct bops_error *err = NULL;
	struct bops_ws *ws = txn->ws;
	struct bops_buf journal = BOPS_BUF_INIT, jpath = BOPS_BUF_INIT;
	struct bops_buf full = BOPS_BUF_INIT;
	struct bops_change *changes = NULL;
	const char **paths = NULL;
	const char *name, *email;
	struct bops_sig sig;
	char commit[BOPS_OID_HEXSZ + 1];
	size_t i;

	if (out_hex)
		out_hex[0] = '\0';
	if (txn->n == 0 && ff_hex == NULL && other_hex == NULL)
		return NULL;
	if ((err = bops_ws_identity(ws, &name, &email)))
		return err;
	changes = bops_calloc(txn->n, sizeof(*changes));
	paths = bops_calloc(txn->n, sizeof(*paths));
	for (i = 0; i < txn->n; i++) {
		changes[i].path = paths[i] = txn->s[i].path;
		changes[i].data = txn->s[i].del ? NULL : txn->s[i].data.ptr;
		changes[i].len = txn->s[i].data.len;
		bops_buf_printf(&journal, "%s %s\n",
		    txn->s[i].old[0] ? txn->s[i].old : "-", txn->s[i].path);
	}
	/* The journal goes first, so a crash after the commit can finish. */
	journal_path(&jpath, ws);
	if ((err = bops_file_write_atomic(jpath.ptr, journal.ptr,
	    journal.len)))
		goto done;
	sig = (struct bops_sig){ name, email, ws->now };
	if (ff_hex)
		err = bops_repo_set_ref(ws->repo, ws->refname.ptr, ws->head,
		    ff_hex, message);
	else
		err = bops_repo_commit_merge(ws->repo, ws->refname.ptr,
		    ws->head, other_hex, changes, txn->n, message, &sig,
		    commit);
	if (err == NULL && ff_hex)
		snprintf(commit, sizeof(commit), "%s", ff_hex);
	if (err) {
		(void)bops_file_remove(jpath.ptr, NULL);
		goto done;
	}
	memcpy(ws->head, commit, sizeof(commit));
	for (i = 0; i < txn->n && err == NULL; i++) {
		worktree_path(&full, ws, txn->s[i].path);
		if (txn->s[i].del)
			err = bops_file_remove(full.ptr, ws->root);
		else
			err = bops_file_write_atomic(full.ptr,
			    txn->s[i].data.ptr, txn->s[i].data.len);
	}
	if (err == NULL)
		err = bops_repo_index_update(ws->repo, paths, txn->n);
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
	bops_buf_release(&journal);
	bops_buf_release(&jpath);
	bops_buf_release(&full);
	return err;
}
