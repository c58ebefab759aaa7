/*
 * store-txn.c: a transaction: the workspace lock, the staged changes
 * and the checks each must pass before it is staged (the work tree
 * holds what HEAD holds, the kind's rules, references that exist, the
 * stamps), and the records of HEAD as the transaction would leave them.
 * store-commit.c commits what is staged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "file.h"
#include "id.h"
#include "lock.h"
#include "store.h"
#include "store-int.h"
#include "yaml.h"
#include "banned.h"

/* Transactions. */

const struct bops_error *
bops_txn_begin(struct bops_txn **out, struct bops_ws *ws)
{
	const struct bops_error *err;
	struct bops_buf path = BOPS_BUF_INIT;
	struct bops_txn *txn;
	const char *op, *how;

	*out = NULL;
	txn = bops_calloc(1, sizeof(*txn));
	txn->ws = ws;
	bops_buf_printf(&path, "%sbops.lock", bops_repo_gitdir(ws->repo));
	if ((err = bops_lock_acquire(&txn->lock, path.ptr,
	    ws->lock_timeout_ms)))
		goto fail;
	if ((err = bops_store_recover(ws)))
		goto fail;
	if ((err = bops_store_git_locks(ws, NULL)))
		goto fail;
	/* A commit now would be lost to a merge or rebase under way. */
	if ((op = bops_repo_operation(ws->repo, &how))) {
		err = bops_error_fmt(BOPS_ERR_GIT, "a git %s is in progress: "
		    "%s, then run bops again", op, how);
		goto fail;
	}
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

/* The staged entry of path, or NULL. */
static const struct staged *
staged_at(const struct bops_txn *txn, const char *path)
{
	size_t i;

	for (i = 0; i < txn->n; i++)
		if (strcmp(txn->s[i].path, path) == 0)
			return &txn->s[i];
	return NULL;
}

/* Whether txn deletes path (before anything is written). */
static bool
staged_deletion(const struct bops_txn *txn, const char *path)
{
	const struct staged *s = staged_at(txn, path);

	return s && s->del;
}

/*
 * The work tree must hold at path what HEAD holds (blob, of mode; "" for
 * nothing), and the way to path must be directories: a link on the way
 * is refused before anything is committed, unless this change removes
 * it first (a teammate replacing a link with a directory).
 */
static const struct bops_error *
check_clean(struct bops_txn *txn, const char *path, const char *blob,
    unsigned mode)
{
	const struct bops_error *err;
	struct bops_buf bad = BOPS_BUF_INIT;
	enum bops_file_type type;
	bool differs;

	if ((err = bops_file_blocker_at(&bad, &type, txn->ws->root, path)))
		goto done;
	if (bad.len && !staged_deletion(txn, bad.ptr)) {
		if (type == BOPS_FILE_SYMLINK)
			err = bops_error_fmt(BOPS_ERR_REFUSED, "'%s' is a "
			    "symbolic link: bops never reads or writes through "
			    "one; remove it, or restore what HEAD holds with "
			    "`git checkout -- %s`", bad.ptr, bad.ptr);
		else
			err = bops_error_fmt(BOPS_ERR_DIRTY, "%s: %s in the "
			    "work tree where a directory belongs", bad.ptr,
			    bops_file_type_name(type));
		goto done;
	}
	if (bad.len)
		differs = blob[0] != '\0';	/* nothing there once it goes */
	else if ((err = bops_repo_worktree_differs_mode(&differs, txn->ws->repo,
	    path, blob, mode ? mode : BOPS_MODE_FILE)))
		goto done;
	if (!differs)
		goto done;
	if ((err = bops_file_stat_at(txn->ws->root, path, &type, NULL)))
		goto done;
	if (blob[0] == '\0' && type != BOPS_FILE_REGULAR)
		err = bops_error_fmt(BOPS_ERR_DIRTY, "%s: %s in the work tree, "
		    "not committed; remove it", path,
		    bops_file_type_name(type));
	else if (type != BOPS_FILE_MISSING && type != BOPS_FILE_REGULAR &&
	    !(type == BOPS_FILE_SYMLINK && mode == BOPS_MODE_LINK) &&
	    !(type == BOPS_FILE_DIR && mode == BOPS_MODE_GITLINK))
		err = bops_error_fmt(BOPS_ERR_DIRTY, "%s: %s in the work tree "
		    "where %s belongs; remove it, or restore what HEAD holds "
		    "with `git checkout -- %s`", path,
		    bops_file_type_name(type),
		    bops_repo_mode_name(mode ? mode : BOPS_MODE_FILE), path);
	else
		err = bops_error_fmt(BOPS_ERR_DIRTY,
		    "%s: has uncommitted changes; commit them with git, or "
		    "discard them with `git checkout -- %s`", path, path);
done:
	bops_buf_release(&bad);
	return err;
}

/*
 * A record just read into *out with err: refused, and freed, when its
 * work-tree file is not what HEAD holds (check_clean).
 */
static const struct bops_error *
loaded_clean(struct bops_record **out, struct bops_txn *txn,
    const struct bops_error *err)
{
	if (err == NULL && (err = check_clean(txn, (*out)->path,
	    (*out)->blob, BOPS_MODE_FILE))) {
		bops_record_free(*out);
		*out = NULL;
	}
	return err;
}

const struct bops_error *
bops_txn_load(struct bops_record **out, struct bops_txn *txn,
    const struct bops_kind *kind, const char *text)
{
	return loaded_clean(out, txn, bops_store_load(out, txn->ws, kind, NULL,
	    text));
}

const struct bops_error *
bops_txn_load_raw(struct bops_record **out, struct bops_buf *data,
    struct bops_txn *txn, const struct bops_kind *kind, const char *text)
{
	return loaded_clean(out, txn, bops_store_read_raw(out, data, txn->ws,
	    kind, NULL, text));
}

/*
 * Stage path, whose HEAD blob is old ("" for none), to hold len bytes of
 * data as an entry of mode, or, when data is NULL, to go.  A path staged
 * before keeps its place and its old, and takes the new change.
 */
static void
stage(struct bops_txn *txn, const char *path, const char *old,
    const char *data, size_t len, unsigned mode)
{
	struct staged *s = NULL;
	size_t i;

	for (i = 0; i < txn->n && s == NULL; i++)
		if (strcmp(txn->s[i].path, path) == 0) {
			s = &txn->s[i];
			bops_buf_reset(&s->data);
		}
	if (s == NULL) {
		if (txn->n == txn->alloc) {
			txn->alloc = txn->alloc ? txn->alloc * 2 : 4;
			txn->s = bops_realloc(txn->s,
			    txn->alloc * sizeof(*txn->s));
		}
		s = &txn->s[txn->n++];
		memset(s, 0, sizeof(*s));
		s->path = bops_strdup(path);
		bops_buf_init(&s->data);
		snprintf(s->old, sizeof(s->old), "%s", old);
	}
	if (data)
		bops_buf_put(&s->data, data, len);
	s->del = data == NULL;
	s->mode = mode;
}

/*
 * Set each auto-stamped field of rec.  A new record keeps the stamps it
 * was made with (a follow-up made for the moment its cycle came round,
 * the same on every clone that makes it), and an import those it
 * arrives with.
 */
static const struct bops_error *
stamp(struct bops_record *rec, struct bops_ws *ws, bool created,
    bool import)
{
	const struct bops_error *err;
	struct bops_buf now = BOPS_BUF_INIT;
	size_t i;

	bops_instant_format(&now, ws->now);
	for (i = 0; i < rec->schema->n; i++) {
		const struct bops_field *f = &rec->schema->fields[i];

		if (f->autostamp == BOPS_AUTO_NONE || ((created || import) &&
		    bops_record_str(rec, f->name)))
			continue;
		if (f->autostamp == BOPS_AUTO_UPDATED || created)
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
	const struct staged *s;
	char entry[BOPS_OID_HEXSZ + 1];

	*out = false;
	if (!bops_id_valid(id))
		return NULL;
	bops_id_path(&path, kind->dir, kind->sharded, id);
	*out = (s = staged_at(txn, path.ptr)) && !s->del;
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

	if (bops_store_read(&rec, txn->ws, kind, NULL, obj))
		return false;
	krs = bops_record_get(rec, "key_results");
	for (i = 0; krs && i < krs->n; i++)
		found |= bops_node_map_str(krs->items[i], "id") &&
		    strcmp(bops_node_map_str(krs->items[i], "id"), n) == 0;
	bops_record_free(rec);
	return found;
}

/*
 * Whether record id of kind at HEAD has the item key in its records
 * field part (a journey's stage): BOPS_ERR_NOT_FOUND naming what there
 * is otherwise, as a stage typed on the command line.
 */
static const struct bops_error *
part_exists(struct bops_txn *txn, const struct bops_kind *kind,
    const char *part, const char *id, const char *key)
{
	const struct bops_error *err;
	struct bops_record *rec = NULL;

	if ((err = bops_store_read(&rec, txn->ws, kind, NULL, id)))
		return err;
	if (bops_record_part(rec, part, key, NULL) == NULL)
		err = bops_record_part_missing(rec, part, key);
	bops_record_free(rec);
	return err;
}

/*
 * Every reference that changed must name a record that exists (an
 * OBJECTIVE/N a key result that exists, an ID/KEY of a field with a
 * part an item that exists: BOPS_ERR_NOT_FOUND), and a reference to the record's
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
		(void)bops_store_read(&old, txn->ws, rec->kind, NULL, rec->id);
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
		if ((slash = strchr(v, '/')) && f->part) {
			bops_buf_reset(&obj);
			bops_buf_put(&obj, v, (size_t)(slash - v));
			err = part_exists(txn, kind, f->part, obj.ptr,
			    slash + 1);
			continue;
		}
		if (slash) {
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
			if (bops_store_read(&cur, txn->ws, kind, NULL, obj.ptr))
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

void
bops_txn_set_flags(struct bops_txn *txn, unsigned flags)
{
	txn->flags = flags;
}

unsigned
bops_txn_flags(const struct bops_txn *txn)
{
	return txn->flags;
}

struct bops_ws *
bops_txn_ws(const struct bops_txn *txn)
{
	return txn->ws;
}

struct txn_each {
	struct bops_store_relay to;	/* first: the warnings' way */
	const struct bops_txn *txn;
};

static const struct bops_error *
txn_each_head(struct bops_record *rec, void *arg)
{
	struct txn_each *e = arg;

	/* A staged version stands in for it; it comes after. */
	if (e->txn->n && staged_at(e->txn, rec->path))
		return NULL;
	return e->to.fn(rec, e->to.arg);
}

const struct bops_error *
bops_txn_each(struct bops_txn *txn, const struct bops_kind *kind,
    bops_store_each_fn fn, bops_store_warn_fn warn, void *arg)
{
	const struct bops_error *err;
	struct txn_each e = { { fn, warn, arg }, txn };
	struct bops_record *rec;
	char id[BOPS_ID_MAX_LEN + 1];
	size_t i;

	if ((err = bops_store_each(txn->ws, kind, NULL, txn_each_head,
	    bops_store_relay_warn, &e)))
		return err;
	for (i = 0; i < txn->n && err == NULL; i++) {
		if (txn->s[i].del || bops_kind_of_path(txn->s[i].path, id) !=
		    kind)
			continue;
		if ((err = bops_record_parse(&rec, txn->ws, kind, id,
		    txn->s[i].data.ptr, txn->s[i].data.len))) {
			if (err->code == BOPS_ERR_INVALID && warn) {
				warn(err, arg);
				err = NULL;
			}
			continue;
		}
		err = fn(rec, arg);
		bops_record_free(rec);
	}
	return err;
}

struct txn_skip {
	const struct bops_txn *txn;
	const struct bops_kind *kind;
	const char *except;
	struct bops_buf path;
	bops_txn_id_fn fn;
	void *arg;
};

/* HEAD's record id is counted unless it is `except` or staged. */
static bool
txn_skip(const char *id, void *arg)
{
	struct txn_skip *k = arg;

	if (strcmp(id, k->except) == 0)
		return true;
	if (k->txn->n) {
		bops_buf_reset(&k->path);
		bops_id_path(&k->path, k->kind->dir, k->kind->sharded, id);
		if (staged_at(k->txn, k->path.ptr) != NULL)
			return true;
	}
	if (k->fn)
		k->fn(id, k->arg);
	return false;
}

const struct bops_error *
bops_txn_count_value(size_t *out, struct bops_txn *txn,
    const struct bops_kind *kind, const char *field, const char *value,
    const char *except, bops_txn_id_fn fn, void *arg)
{
	const struct bops_error *err;
	struct txn_skip k = { txn, kind, except, BOPS_BUF_INIT, fn, arg };
	struct bops_record *rec;
	char id[BOPS_ID_MAX_LEN + 1];
	const char *v;
	size_t i;

	if ((err = bops_store_count(out, txn->ws, kind, field, value,
	    txn_skip, &k)))
		goto done;
	for (i = 0; i < txn->n; i++) {
		if (txn->s[i].del || bops_kind_of_path(txn->s[i].path, id) !=
		    kind || strcmp(id, except) == 0)
			continue;
		/* A staged version that does not validate counts nowhere. */
		if (bops_record_parse(&rec, txn->ws, kind, id,
		    txn->s[i].data.ptr, txn->s[i].data.len))
			continue;
		if ((v = bops_record_str(rec, field)) && strcmp(v, value) == 0) {
			(*out)++;
			if (fn)
				fn(id, arg);
		}
		bops_record_free(rec);
	}
done:
	bops_buf_release(&k.path);
	return err;
}

const struct bops_error *
bops_txn_check(struct bops_txn *txn, const struct bops_record *before,
    struct bops_record *rec)
{
	const struct bops_kind_rules *r = rec ? rec->kind->rules :
	    before->kind->rules;

	if (r == NULL || r->check == NULL)
		return NULL;
	return r->check(txn, before, rec);
}

/* The committed version of rec (NULL: new, or it does not validate). */
static struct bops_record *
committed(struct bops_txn *txn, const struct bops_record *rec)
{
	struct bops_record *before = NULL;

	if (rec->blob[0] && bops_store_read(&before, txn->ws, rec->kind, NULL,
	    rec->id))
		before = NULL;
	return before;
}

const struct bops_error *
bops_txn_put(struct bops_txn *txn, struct bops_record *rec, bool *changed)
{
	const struct bops_error *err;
	struct bops_buf data = BOPS_BUF_INIT;
	struct bops_record *before = NULL;
	char entry[BOPS_OID_HEXSZ + 1], hash[BOPS_OID_HEXSZ + 1];

	if (changed)
		*changed = false;
	if (rec->blob[0] == '\0') {
		if ((err = bops_repo_entry_id(txn->ws->repo, txn->ws->head,
		    rec->path, entry)))
			goto done;
		if (entry[0]) {
			err = bops_error_fmt(BOPS_ERR_REFUSED,
			    "%s '%s' already exists", rec->kind->name,
			    rec->id);
			goto done;
		}
		if ((err = check_clean(txn, rec->path, "", 0)))
			goto done;
	}
	/* The kind's rules, whichever verb made the change; they compare
	 * canonical values (a grade 1.00 is 1). */
	if (rec->kind->rules && rec->kind->rules->check) {
		if ((err = bops_record_canon(&data, rec, txn->ws)))
			goto done;
		bops_buf_reset(&data);
		before = committed(txn, rec);
		err = bops_txn_check(txn, before, rec);
		bops_record_free(before);
		if (err)
			goto done;
	}
	if (rec->blob[0]) {
		/* Unchanged needs no read-back check: nothing is written. */
		if ((err = bops_record_canon(&data, rec, txn->ws)))
			goto done;
		bops_repo_hash(data.ptr, data.len, hash);
		if (strcmp(hash, rec->blob) == 0)
			goto done;	/* no change */
		bops_buf_reset(&data);
	}
	if ((err = check_refs(txn, rec)))
		goto done;
	if ((err = stamp(rec, txn->ws, rec->blob[0] == '\0',
	    (txn->flags & BOPS_TXN_IMPORT) != 0)))
		goto done;
	if ((err = bops_record_emit(&data, rec, txn->ws)))
		goto done;
	stage(txn, rec->path, rec->blob, data.ptr, data.len, BOPS_MODE_FILE);
	if (changed)
		*changed = true;
done:
	bops_buf_release(&data);
	return err;
}

const struct bops_error *
bops_txn_delete(struct bops_txn *txn, struct bops_record *rec)
{
	const struct bops_error *err;

	if (rec->blob[0] == '\0')
		return bops_error_fmt(BOPS_ERR_NOT_FOUND, "no %s '%s'",
		    rec->kind->name, rec->id);
	if (rec->root && (err = bops_txn_check(txn, rec, NULL)))
		return err;
	stage(txn, rec->path, rec->blob, NULL, 0, BOPS_MODE_FILE);
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
bops_txn_put_entry(struct bops_txn *txn, const char *path, const char *data,
    size_t len, unsigned mode)
{
	const struct bops_error *err;
	char blob[BOPS_OID_HEXSZ + 1], hash[BOPS_OID_HEXSZ + 1];
	unsigned om;

	if ((err = bops_repo_entry_mode(txn->ws->repo, txn->ws->head, path,
	    blob, &om)))
		return err;
	if (om == BOPS_MODE_TREE)
		blob[0] = '\0';	/* a directory gives way, if empty */
	if ((err = check_clean(txn, path, blob, om)))
		return err;
	if (mode == 0)
		mode = om == BOPS_MODE_EXEC ? om : BOPS_MODE_FILE;
	if (mode == BOPS_MODE_GITLINK)
		snprintf(hash, sizeof(hash), "%.*s", (int)len, data);
	else
		bops_repo_hash(data, len, hash);
	if (strcmp(hash, blob) == 0 && mode == om)
		return NULL;
	stage(txn, path, blob, data, len, mode);
	return NULL;
}

const struct bops_error *
bops_txn_put_file(struct bops_txn *txn, const char *path, const char *data,
    size_t len)
{
	const struct bops_error *err;
	const struct bops_kind *kind;
	struct bops_record *rec = NULL, *before = NULL;
	struct bops_buf out = BOPS_BUF_INIT;
	char id[BOPS_ID_MAX_LEN + 1];

	if ((err = check_file(txn, path, data, len)))
		return err;
	kind = bops_kind_of_path(path, id);
	if (kind == NULL || kind->rules == NULL || kind->rules->check == NULL)
		return bops_txn_put_entry(txn, path, data, len, 0);
	/* A record's bytes (undo) meet its kind's rules as any write. */
	if ((err = bops_record_parse(&rec, txn->ws, kind, id, data, len)) ||
	    (err = bops_repo_entry_id(txn->ws->repo, txn->ws->head, path,
	    rec->blob)))
		goto done;
	before = committed(txn, rec);
	if ((err = bops_txn_check(txn, before, rec)) ||
	    (err = bops_record_emit(&out, rec, txn->ws)))
		goto done;
	err = bops_txn_put_entry(txn, path, out.ptr, out.len, 0);
done:
	bops_record_free(rec);
	bops_record_free(before);
	bops_buf_release(&out);
	return err;
}

const struct bops_error *
bops_txn_delete_file(struct bops_txn *txn, const char *path)
{
	const struct bops_error *err;
	char blob[BOPS_OID_HEXSZ + 1];
	unsigned mode;

	if ((err = bops_repo_entry_mode(txn->ws->repo, txn->ws->head, path,
	    blob, &mode)))
		return err;
	if (blob[0] == '\0')
		return NULL;
	if ((err = check_clean(txn, path, blob, mode)))
		return err;
	stage(txn, path, blob, NULL, 0, mode);
	return NULL;
}
