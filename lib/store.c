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
#include "out.h"
#include "query.h"
#include "store.h"
#include "yaml.h"
#include "banned.h"

#define MAX_CANDIDATES 8

struct staged {
	char *path;
	struct bops_buf data;	/* a link's target, a submodule's commit */
	bool del;
	unsigned mode;		/* BOPS_MODE_*, a regular file but for
				   bops_txn_put_entry */
	char old[BOPS_OID_HEXSZ + 1];	/* HEAD blob, or "" */
};

struct bops_txn {
	struct bops_ws *ws;
	struct bops_lock *lock;
	struct staged *s;
	size_t n, alloc;
	unsigned flags;		/* enum bops_txn_flags */
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
bops_store_resolve(struct bops_buf *id, struct bops_ws *ws,
    const struct bops_kind *kind, const char *commit, const char *text)
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
bops_store_read(struct bops_record **out, struct bops_ws *ws,
    const struct bops_kind *kind, const char *commit, const char *id)
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
bops_store_load(struct bops_record **out, struct bops_ws *ws,
    const struct bops_kind *kind, const char *commit, const char *text)
{
	const struct bops_error *err;
	struct bops_buf id = BOPS_BUF_INIT;

	*out = NULL;
	if ((err = bops_store_resolve(&id, ws, kind, commit, text)) == NULL)
		err = bops_store_read(out, ws, kind, commit, id.ptr);
	bops_buf_release(&id);
	return err;
}

const struct bops_error *
bops_store_read_raw(struct bops_record **out, struct bops_buf *data,
    struct bops_ws *ws, const struct bops_kind *kind, const char *commit,
    const char *text)
{
	const struct bops_error *err;
	const struct bops_schema *schema;
	struct bops_buf id = BOPS_BUF_INIT;
	struct bops_record *rec;
	struct bops_node *root = NULL;
	char blob[BOPS_OID_HEXSZ + 1];

	*out = NULL;
	bops_buf_reset(data);
	if (commit == NULL)
		commit = ws->head;
	if ((err = bops_ws_schema(&schema, ws, kind)) ||
	    (err = bops_store_resolve(&id, ws, kind, commit, text)))
		goto done;
	rec = bops_record_wrap(kind, schema, id.ptr, NULL);
	if ((err = bops_repo_read(ws->repo, commit, rec->path, data, blob))) {
		bops_record_free(rec);
		goto done;
	}
	memcpy(rec->blob, blob, sizeof(blob));
	if (bops_yaml_load(&root, rec->path, data->ptr, data->len) == NULL)
		rec->root = root;
	*out = rec;
done:
	bops_buf_release(&id);
	return err;
}

static const struct bops_error *decode_one(const struct bops_kind *kind,
    const struct bops_schema *schema, const struct bops_cache_entry *e,
    bops_store_each_fn fn, void *arg);

const struct bops_error *
bops_store_each(struct bops_ws *ws, const struct bops_kind *kind,
    const char *commit, bops_store_each_fn fn, bops_store_warn_fn warn,
    void *arg)
{
	const struct bops_error *err;
	const struct bops_schema *schema;
	struct bops_cache *cache = NULL;
	size_t i;

	if ((err = bops_ws_schema(&schema, ws, kind)))
		return err;
	if ((err = bops_cache_open(&cache, ws, kind, commit)))
		return err;
	for (i = 0; i < bops_cache_count(cache) && err == NULL; i++) {
		const struct bops_cache_entry *e = bops_cache_entry(cache, i);

		if (!e->valid) {
			if (warn)
				warn(bops_error_fmt(BOPS_ERR_INVALID, "%.*s",
				    (int)e->len, (const char *)e->data), arg);
			continue;
		}
		err = decode_one(kind, schema, e, fn, arg);
	}
	bops_cache_close(cache);
	return err;
}

/* Decode entry e of cache and hand it to fn. */
static const struct bops_error *
decode_one(const struct bops_kind *kind, const struct bops_schema *schema,
    const struct bops_cache_entry *e, bops_store_each_fn fn, void *arg)
{
	const struct bops_error *err;
	struct bops_record *rec;
	struct bops_node *root;
	size_t used;

	if ((root = bops_node_unpack(e->data, e->len, &used)) == NULL)
		return bops_error_fmt(BOPS_ERR_ENV, "corrupt cache entry for "
		    "%s '%s': remove .git/bops/cache", kind->name, e->id);
	rec = bops_record_wrap(kind, schema, e->id, root);
	memcpy(rec->blob, e->blob, sizeof(rec->blob));
	err = fn(rec, arg);
	bops_record_free(rec);
	return err;
}

struct select_slow {
	struct bops_query *q;
	bops_store_each_fn fn;
	bops_store_warn_fn warn;
	void *arg;
};

static void
select_slow_warn(const struct bops_error *err, void *arg)
{
	struct select_slow *s = arg;

	if (s->warn)
		s->warn(err, s->arg);
}

static const struct bops_error *
select_slow_one(struct bops_record *rec, void *arg)
{
	struct select_slow *s = arg;

	return bops_query_match(s->q, rec) ? s->fn(rec, s->arg) : NULL;
}

const struct bops_error *
bops_store_select(struct bops_ws *ws, const struct bops_kind *kind,
    const char *commit, struct bops_query *q, bops_store_each_fn fn,
    bops_store_warn_fn warn, void *arg)
{
	const struct bops_error *err;
	const struct bops_schema *schema;
	struct bops_cache *cache = NULL;
	const unsigned char **vals = NULL;
	size_t i, f, nf = bops_query_nfields(q), *lens = NULL;
	long *keys = NULL;

	if ((err = bops_ws_schema(&schema, ws, kind)))
		return err;
	if ((err = bops_cache_open(&cache, ws, kind, commit)))
		return err;
	keys = bops_calloc(nf + 1, sizeof(*keys));
	vals = bops_calloc(nf + 1, sizeof(*vals));
	lens = bops_calloc(nf + 1, sizeof(*lens));
	for (f = 0; f < nf; f++)
		if (!bops_query_field_filtered(q, f))
			keys[f] = -2;	/* a sort key's: not read here */
		else if ((keys[f] = bops_cache_key(cache,
		    bops_query_field(q, f))) < 0 &&
		    !bops_cache_keys_complete(cache)) {
			/* A key past the table: decode every record. */
			struct select_slow s = { q, fn, warn, arg };

			bops_cache_close(cache);
			cache = NULL;
			err = bops_store_each(ws, kind, commit, select_slow_one,
			    select_slow_warn, &s);
			goto done;
		}
	for (i = 0; i < bops_cache_count(cache) && err == NULL; i++) {
		const struct bops_cache_entry *e = bops_cache_entry(cache, i);

		if (!e->valid) {
			if (warn)
				warn(bops_error_fmt(BOPS_ERR_INVALID, "%.*s",
				    (int)e->len, (const char *)e->data), arg);
			continue;
		}
		for (f = 0; f < nf; f++)
			if (keys[f] != -2 && !bops_cache_value(e, keys[f],
			    &vals[f], &lens[f]))
				vals[f] = NULL;
		if (bops_query_match_packed(q, e->id, vals, lens))
			err = decode_one(kind, schema, e, fn, arg);
	}
done:
	free(keys);
	free(vals);
	free(lens);
	bops_cache_close(cache);
	return err;
}

struct collect {
	struct bops_record **recs;
	size_t n;
};

static const struct bops_error *
collect_one(struct bops_record *rec, void *arg)
{
	struct collect *c = arg;
	struct bops_record *copy;

	copy = bops_record_wrap(rec->kind, rec->schema, rec->id, rec->root);
	rec->root = NULL;
	memcpy(copy->blob, rec->blob, sizeof(copy->blob));
	c->recs[c->n++] = copy;
	return NULL;
}

struct collect_all {
	struct bops_record **recs;
	size_t n, alloc;
	bops_store_warn_fn warn;
	void *warn_arg;
};

static void
collect_all_warn(const struct bops_error *err, void *arg)
{
	struct collect_all *c = arg;

	if (c->warn)
		c->warn(err, c->warn_arg);
}

static const struct bops_error *
collect_all_one(struct bops_record *rec, void *arg)
{
	struct collect_all *c = arg;
	struct collect one;

	if (c->n == c->alloc) {
		c->alloc = c->alloc ? 2 * c->alloc : 64;
		c->recs = bops_realloc(c->recs, c->alloc * sizeof(*c->recs));
	}
	one.recs = c->recs;
	one.n = c->n;
	collect_one(rec, &one);
	c->n = one.n;
	return NULL;
}

/*
 * bops_store_top by decoding every record that matches, for a cache
 * whose key table is full: the same answer, the slow way.
 */
static const struct bops_error *
top_slow(struct bops_ws *ws, const struct bops_kind *kind, const char *commit,
    struct bops_query *q, const char *group, struct bops_store_group *groups,
    size_t ngroups, size_t k, bops_store_warn_fn warn, void *arg)
{
	const struct bops_error *err;
	struct collect_all all = { NULL, 0, 0, warn, arg };
	const char *v;
	size_t i, g;

	if ((err = bops_store_select(ws, kind, commit, q, collect_all_one,
	    collect_all_warn, &all)) == NULL)
		bops_query_sort_records(q, all.recs, all.n);
	for (i = 0; i < all.n && err == NULL; i++) {
		v = group ? bops_record_str(all.recs[i], group) : NULL;
		for (g = 0; g < ngroups; g++)
			if (group == NULL || (v && strcmp(v,
			    groups[g].value) == 0))
				break;
		if (g == ngroups || groups[g].count++ >= k)
			continue;
		groups[g].recs = bops_realloc(groups[g].recs,
		    (groups[g].n + 1) * sizeof(*groups[g].recs));
		groups[g].recs[groups[g].n++] = all.recs[i];
		all.recs[i] = NULL;
	}
	for (i = 0; i < all.n; i++)
		bops_record_free(all.recs[i]);
	free(all.recs);
	return err;
}

const struct bops_error *
bops_store_top(struct bops_ws *ws, const struct bops_kind *kind,
    const char *commit, struct bops_query *q, const char *group,
    struct bops_store_group *groups, size_t ngroups, size_t k,
    bops_store_warn_fn warn, void *arg)
{
	const struct bops_error *err;
	const struct bops_schema *schema;
	struct bops_cache *cache = NULL;
	struct bops_query_top **tops = NULL;
	const unsigned char **vals = NULL, *gp;
	const char *gs;
	size_t i, f, g, nf = bops_query_nfields(q), *lens = NULL, *at = NULL;
	size_t glen, gslen;
	long *keys = NULL, gkey = -1;

	for (g = 0; g < ngroups; g++) {
		groups[g].count = groups[g].n = 0;
		groups[g].recs = NULL;
	}
	if ((err = bops_ws_schema(&schema, ws, kind)) ||
	    (err = bops_cache_open(&cache, ws, kind, commit)))
		return err;
	keys = bops_calloc(nf + 1, sizeof(*keys));
	vals = bops_calloc(nf + 1, sizeof(*vals));
	lens = bops_calloc(nf + 1, sizeof(*lens));
	for (f = 0; f < nf; f++)
		keys[f] = bops_cache_key(cache, bops_query_field(q, f));
	if (group)
		gkey = bops_cache_key(cache, group);
	/* Every card of a full table, or all of them: the slow way. */
	if (!bops_cache_keys_complete(cache) || k >= bops_cache_count(cache)) {
		err = top_slow(ws, kind, commit, q, group, groups, ngroups, k,
		    warn, arg);
		goto done;
	}
	tops = bops_calloc(ngroups + 1, sizeof(*tops));
	for (g = 0; g < ngroups; g++)
		tops[g] = bops_query_top_new(q, k);
	for (i = 0; i < bops_cache_count(cache); i++) {
		const struct bops_cache_entry *e = bops_cache_entry(cache, i);

		if (!e->valid) {
			if (warn)
				warn(bops_error_fmt(BOPS_ERR_INVALID, "%.*s",
				    (int)e->len, (const char *)e->data), arg);
			continue;
		}
		g = 0;
		if (group) {
			if (!bops_cache_value(e, gkey, &gp, &glen) ||
			    !bops_node_packed_scalar(gp, glen, &gs, &gslen))
				continue;
			for (g = 0; g < ngroups; g++)
				if (strlen(groups[g].value) == gslen &&
				    memcmp(groups[g].value, gs, gslen) == 0)
					break;
			if (g == ngroups)
				continue;
		} else if (ngroups == 0)
			continue;
		for (f = 0; f < nf; f++)
			if (!bops_cache_value(e, keys[f], &vals[f], &lens[f]))
				vals[f] = NULL;
		if (!bops_query_match_packed(q, e->id, vals, lens))
			continue;
		groups[g].count++;
		bops_query_top_offer(tops[g], i, e->id, vals, lens);
	}
	/* Decode the chosen, in order. */
	at = bops_calloc(k + 1, sizeof(*at));
	for (g = 0; g < ngroups && err == NULL; g++) {
		struct collect c;
		size_t n = bops_query_top_take(at, tops[g]);

		c.recs = bops_calloc(n + 1, sizeof(*c.recs));
		c.n = 0;
		for (i = 0; i < n && err == NULL; i++)
			err = decode_one(kind, schema, bops_cache_entry(cache,
			    at[i]), collect_one, &c);
		groups[g].recs = c.recs;
		groups[g].n = c.n;
	}
done:
	for (g = 0; tops && g < ngroups; g++)
		bops_query_top_free(tops[g]);
	free(tops);
	free(at);
	free(keys);
	free(vals);
	free(lens);
	bops_cache_close(cache);
	if (err)
		bops_store_groups_release(groups, ngroups);
	return err;
}

void
bops_store_groups_release(struct bops_store_group *groups, size_t n)
{
	size_t g, i;

	for (g = 0; g < n; g++) {
		for (i = 0; i < groups[g].n; i++)
			bops_record_free(groups[g].recs[i]);
		free(groups[g].recs);
		groups[g].recs = NULL;
		groups[g].n = 0;
	}
}

const struct bops_error *
bops_store_count(size_t *out, struct bops_ws *ws,
    const struct bops_kind *kind, const char *field, const char *value,
    bool (*skip)(const char *id, void *arg), void *arg)
{
	const struct bops_error *err;
	struct bops_cache *cache = NULL;
	const unsigned char *p;
	const char *s;
	size_t i, len, slen, vlen = strlen(value);
	long key;

	*out = 0;
	if ((err = bops_cache_open(&cache, ws, kind, NULL)))
		return err;
	key = bops_cache_key(cache, field);
	for (i = 0; i < bops_cache_count(cache); i++) {
		const struct bops_cache_entry *e = bops_cache_entry(cache, i);
		bool has;

		if (!e->valid)
			continue;
		if (key >= 0 || bops_cache_keys_complete(cache))
			has = bops_cache_value(e, key, &p, &len) &&
			    bops_node_packed_scalar(p, len, &s, &slen);
		else
			has = bops_node_packed_get(e->data, e->len, field, &s,
			    &slen);
		if (has && slen == vlen && memcmp(s, value, vlen) == 0 &&
		    !(skip && skip(e->id, arg)))
			(*out)++;
	}
	bops_cache_close(cache);
	return NULL;
}

const struct bops_error *
bops_store_max(struct bops_buf *out, struct bops_ws *ws,
    const struct bops_kind *kind, const char *field)
{
	const struct bops_error *err;
	struct bops_cache *cache = NULL;
	const char *best = NULL, *s;
	size_t i, blen = 0, len;
	long key;

	if ((err = bops_cache_open(&cache, ws, kind, NULL)))
		return err;
	key = bops_cache_key(cache, field);
	for (i = 0; i < bops_cache_count(cache); i++) {
		const struct bops_cache_entry *e = bops_cache_entry(cache, i);
		const unsigned char *p;
		size_t plen;
		int c;

		if (!e->valid)
			continue;
		if (key >= 0 || bops_cache_keys_complete(cache)) {
			if (!bops_cache_value(e, key, &p, &plen) ||
			    !bops_node_packed_scalar(p, plen, &s, &len))
				continue;
		} else if (!bops_node_packed_get(e->data, e->len, field, &s,
		    &len))
			continue;
		c = memcmp(s, best ? best : "", len < blen ? len : blen);
		if (best == NULL || c > 0 || (c == 0 && len > blen)) {
			best = s;
			blen = len;
		}
	}
	if (best)
		bops_buf_put(out, best, blen);
	bops_cache_close(cache);
	return NULL;
}

const struct bops_error *
bops_store_field_each(struct bops_ws *ws, const struct bops_kind *kind,
    const char *prefix, const char *field, size_t max,
    bops_store_field_fn fn, void *arg)
{
	const struct bops_error *err = NULL;
	struct bops_cache *cache = NULL;
	size_t i, n, len, plen = strlen(prefix), done = 0;
	const char *s;

	if ((err = bops_cache_open(&cache, ws, kind, NULL)))
		return err;
	n = bops_cache_count(cache);
	for (i = bops_cache_lower_bound(cache, prefix); i < n && err == NULL &&
	    (max == 0 || done < max); i++, done++) {
		const struct bops_cache_entry *e = bops_cache_entry(cache, i);

		if (strncmp(e->id, prefix, plen) != 0)
			break;
		if (!e->valid || !bops_node_packed_get(e->data, e->len, field,
		    &s, &len)) {
			s = NULL;
			len = 0;
		}
		err = fn(e->id, s, len, arg);
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
	if ((err = git_locks(ws, NULL)))
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

/* Whether txn deletes path (before anything is written). */
static bool
staged_deletion(const struct bops_txn *txn, const char *path)
{
	size_t i;

	for (i = 0; i < txn->n; i++)
		if (txn->s[i].del && strcmp(txn->s[i].path, path) == 0)
			return true;
	return false;
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

const struct bops_error *
bops_txn_load(struct bops_record **out, struct bops_txn *txn,
    const struct bops_kind *kind, const char *text)
{
	const struct bops_error *err;

	*out = NULL;
	if ((err = bops_store_load(out, txn->ws, kind, NULL, text)))
		return err;
	if ((err = check_clean(txn, (*out)->path, (*out)->blob,
	    BOPS_MODE_FILE))) {
		bops_record_free(*out);
		*out = NULL;
	}
	return err;
}

const struct bops_error *
bops_txn_load_raw(struct bops_record **out, struct bops_buf *data,
    struct bops_txn *txn, const struct bops_kind *kind, const char *text)
{
	const struct bops_error *err;

	if ((err = bops_store_read_raw(out, data, txn->ws, kind, NULL, text)))
		return err;
	if ((err = check_clean(txn, (*out)->path, (*out)->blob,
	    BOPS_MODE_FILE))) {
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
	s->mode = BOPS_MODE_FILE;
	snprintf(s->old, sizeof(s->old), "%s", old);
	return s;
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

struct txn_each {
	const struct bops_txn *txn;
	bops_store_each_fn fn;
	bops_store_warn_fn warn;
	void *arg;
};

static void
txn_each_warn(const struct bops_error *err, void *arg)
{
	struct txn_each *e = arg;

	if (e->warn)
		e->warn(err, e->arg);
}

static const struct bops_error *
txn_each_head(struct bops_record *rec, void *arg)
{
	struct txn_each *e = arg;

	/* A staged version stands in for it; it comes after. */
	if (e->txn->n && staged_at(e->txn, rec->path))
		return NULL;
	return e->fn(rec, e->arg);
}

const struct bops_error *
bops_txn_each(struct bops_txn *txn, const struct bops_kind *kind,
    bops_store_each_fn fn, bops_store_warn_fn warn, void *arg)
{
	const struct bops_error *err;
	struct txn_each e = { txn, fn, warn, arg };
	struct bops_record *rec;
	char id[BOPS_ID_MAX_LEN + 1];
	size_t i;

	if ((err = bops_store_each(txn->ws, kind, NULL, txn_each_head,
	    txn_each_warn, &e)))
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
	struct staged *s;
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
	s = stage(txn, rec->path, rec->blob);
	bops_buf_put(&s->data, data.ptr, data.len);
	s->del = false;
	s->mode = BOPS_MODE_FILE;
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
	struct staged *s;

	if (rec->blob[0] == '\0')
		return bops_error_fmt(BOPS_ERR_NOT_FOUND, "no %s '%s'",
		    rec->kind->name, rec->id);
	if (rec->root && (err = bops_txn_check(txn, rec, NULL)))
		return err;
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
bops_txn_put_entry(struct bops_txn *txn, const char *path, const char *data,
    size_t len, unsigned mode)
{
	const struct bops_error *err;
	struct staged *s;
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
	s = stage(txn, path, blob);
	bops_buf_put(&s->data, data, len);
	s->del = false;
	s->mode = mode;
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
	struct staged *s;
	char blob[BOPS_OID_HEXSZ + 1];
	unsigned mode;

	if ((err = bops_repo_entry_mode(txn->ws->repo, txn->ws->head, path,
	    blob, &mode)))
		return err;
	if (blob[0] == '\0')
		return NULL;
	if ((err = check_clean(txn, path, blob, mode)))
		return err;
	s = stage(txn, path, blob);
	s->del = true;
	s->mode = mode;
	return NULL;
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

struct all {
	struct bops_record **v;
	size_t n, alloc;
};

static const struct bops_error *
all_one(struct bops_record *rec, void *arg)
{
	struct all *a = arg;

	if (a->n == a->alloc) {
		a->alloc = a->alloc ? a->alloc * 2 : 16;
		a->v = bops_realloc(a->v, a->alloc * sizeof(*a->v));
	}
	a->v[a->n++] = bops_record_wrap(rec->kind, rec->schema, rec->id,
	    rec->root);
	rec->root = NULL;
	return NULL;
}

const struct bops_error *
bops_store_all(struct bops_record ***out, size_t *n, struct bops_ws *ws,
    const struct bops_kind *kind, const char *commit)
{
	const struct bops_error *err;
	struct all a = { NULL, 0, 0 };

	*out = NULL;
	*n = 0;
	if ((err = bops_store_each(ws, kind, commit, all_one, NULL, &a))) {
		bops_store_all_free(a.v, a.n);
		return err;
	}
	*out = a.v;
	*n = a.n;
	return NULL;
}

void
bops_store_all_free(struct bops_record **recs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		bops_record_free(recs[i]);
	free(recs);
}
