/*
 * store.c: reading records from a commit: resolving an id or a prefix,
 * loading one record, and walking, selecting, counting and ranking a
 * kind's records through its cache.  The transaction is store-txn.c's,
 * the write protocol store-commit.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "id.h"
#include "query.h"
#include "store.h"
#include "store-int.h"
#include "yaml.h"
#include "banned.h"

#define MAX_CANDIDATES 8

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

/*
 * Whether e of a cache is a record that validates; if not, its message
 * (the cache keeps it in place of the record) goes to warn.
 */
static bool
usable(const struct bops_cache_entry *e, bops_store_warn_fn warn, void *arg)
{
	if (e->valid)
		return true;
	if (warn)
		warn(bops_error_fmt(BOPS_ERR_INVALID, "%.*s", (int)e->len,
		    (const char *)e->data), arg);
	return false;
}

static const struct bops_error *decode_one(const struct bops_kind *kind,
    const struct bops_schema *schema, const struct bops_cache_entry *e,
    bool frozen, bops_store_each_fn fn, void *arg);

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

		if (!usable(e, warn, arg))
			continue;
		err = decode_one(kind, schema, e, false, fn, arg);
	}
	bops_cache_close(cache);
	return err;
}

/* Decode entry e of cache (frozen: read-only) and hand it to fn. */
static const struct bops_error *
decode_one(const struct bops_kind *kind, const struct bops_schema *schema,
    const struct bops_cache_entry *e, bool frozen, bops_store_each_fn fn,
    void *arg)
{
	const struct bops_error *err;
	struct bops_record *rec;
	struct bops_node *root;
	size_t used;

	if ((root = frozen ? bops_node_unpack_frozen(e->data, e->len,
	    &used) : bops_node_unpack(e->data, e->len, &used)) == NULL)
		return bops_error_fmt(BOPS_ERR_ENV, "corrupt cache entry for "
		    "%s '%s': remove .git/bops/cache", kind->name, e->id);
	rec = bops_record_wrap(kind, schema, e->id, root);
	memcpy(rec->blob, bops_cache_entry_blob(e), BOPS_OID_HEXSZ);
	rec->blob[BOPS_OID_HEXSZ] = '\0';
	err = fn(rec, arg);
	bops_record_free(rec);
	return err;
}

void
bops_store_relay_warn(const struct bops_error *err, void *arg)
{
	struct bops_store_relay *to = arg;

	if (to->warn)
		to->warn(err, to->arg);
}

struct select_slow {
	struct bops_store_relay to;	/* first: the warnings' way */
	struct bops_query *q;
	struct bops_ws *ws;
	unsigned flags;
	size_t *count;			/* counting, not calling fn */
};

static const struct bops_error *
select_slow_one(struct bops_record *rec, void *arg)
{
	struct select_slow *s = arg;

	if (!bops_query_match(s->q, rec) || ((s->flags & BOPS_STORE_OPEN) &&
	    bops_record_finished(s->ws, rec)))
		return NULL;
	if (s->count) {
		(*s->count)++;
		return NULL;
	}
	return s->to.fn(rec, s->to.arg);
}

static bool packed_field(const struct bops_cache_entry *e, const char *name,
    const unsigned char **out, size_t *len);

/*
 * Whether valid entry e is finished, by its kind's rule on the packed
 * value of the kind's finished_by field (key: its number in cache).
 */
static bool
entry_finished(struct bops_ws *ws, const struct bops_kind *kind,
    const struct bops_cache *cache, long key,
    const struct bops_cache_entry *e)
{
	struct bops_buf text = BOPS_BUF_INIT;
	const unsigned char *p;
	size_t len;
	bool have, done;

	if (kind->rules == NULL || kind->rules->finished == NULL)
		return false;
	have = key >= 0 || bops_cache_keys_complete(cache) ?
	    bops_cache_value(e, key, &p, &len) : packed_field(e,
	    bops_kind_finished_by(kind), &p, &len);
	done = kind->rules->finished(ws, have ? bops_store_text(&text, p,
	    len) : NULL);
	bops_buf_release(&text);
	return done;
}

/* A field's packed value in the entry read last (seen: its number). */
struct field_read {
	size_t seen;
	const unsigned char *p;		/* NULL: the record lacks it */
	size_t len;
};

/*
 * Whether entry e, the n-th, passes q's filters, keys[f] being field f's
 * key in the cache: a field is read when a filter first asks for it, so
 * a record that fails the first filter costs one value.
 */
static bool
match_entry(struct bops_query *q, const struct bops_cache_entry *e,
    const long *keys, struct field_read *read, size_t n)
{
	size_t i;
	long f;

	for (i = 0; i < bops_query_nfilters(q); i++) {
		struct field_read *r = NULL;

		if ((f = bops_query_filter_field(q, i)) >= 0 &&
		    (r = &read[f])->seen != n) {
			r->seen = n;
			if (!bops_cache_value(e, keys[f], &r->p, &r->len))
				r->p = NULL;
		}
		if (!bops_query_match_packed_filter(q, i, e->id, r ? r->p :
		    NULL, r && r->p ? r->len : 0))
			return false;
	}
	return true;
}

/*
 * bops_store_select, or with count its count of the records fn would
 * get, decoding none.
 */
static const struct bops_error *
select_walk(struct bops_ws *ws, const struct bops_kind *kind,
    const char *commit, struct bops_query *q, unsigned flags,
    bops_store_each_fn fn, bops_store_warn_fn warn, void *arg,
    size_t *count)
{
	const struct bops_error *err;
	const struct bops_schema *schema;
	struct bops_cache *cache = NULL;
	struct field_read *read = NULL;
	size_t i, f, nf = bops_query_nfields(q);
	long *keys = NULL, done_key;

	if ((err = bops_ws_schema(&schema, ws, kind)))
		return err;
	if ((err = bops_cache_open(&cache, ws, kind, commit)))
		return err;
	keys = bops_calloc(nf + 1, sizeof(*keys));
	read = bops_calloc(nf + 1, sizeof(*read));
	done_key = bops_cache_key(cache, bops_kind_finished_by(kind));
	for (f = 0; f < nf; f++)
		if (!bops_query_field_filtered(q, f))
			keys[f] = -2;	/* a sort key's: not read here */
		else if ((keys[f] = bops_cache_key(cache,
		    bops_query_field(q, f))) < 0 &&
		    !bops_cache_keys_complete(cache)) {
			/* A key past the table: decode every record. */
			struct select_slow s = { { fn, warn, arg }, q, ws,
			    flags, count };

			bops_cache_close(cache);
			cache = NULL;
			err = bops_store_each(ws, kind, commit, select_slow_one,
			    bops_store_relay_warn, &s);
			goto done;
		}
	for (i = 0; i < bops_cache_count(cache) && err == NULL; i++) {
		const struct bops_cache_entry *e = bops_cache_entry(cache, i);

		if (!usable(e, warn, arg) || !match_entry(q, e, keys, read,
		    i + 1) || ((flags & BOPS_STORE_OPEN) && entry_finished(ws,
		    kind, cache, done_key, e)))
			continue;
		if (count)
			(*count)++;
		else
			err = decode_one(kind, schema, e,
			    (flags & BOPS_STORE_FROZEN) != 0, fn, arg);
	}
done:
	free(read);
	free(keys);
	bops_cache_close(cache);
	return err;
}

const struct bops_error *
bops_store_select(struct bops_ws *ws, const struct bops_kind *kind,
    const char *commit, struct bops_query *q, unsigned flags,
    bops_store_each_fn fn, bops_store_warn_fn warn, void *arg)
{
	return select_walk(ws, kind, commit, q, flags, fn, warn, arg, NULL);
}

const struct bops_error *
bops_store_select_count(size_t *out, struct bops_ws *ws,
    const struct bops_kind *kind, const char *commit, struct bops_query *q,
    unsigned flags, bops_store_warn_fn warn, void *arg)
{
	*out = 0;
	return select_walk(ws, kind, commit, q, flags, NULL, warn, arg, out);
}

struct collect {
	struct bops_record **recs;
	size_t n;
};

/* Into c, which has room for it. */
static const struct bops_error *
collect_one(struct bops_record *rec, void *arg)
{
	struct collect *c = arg;

	c->recs[c->n++] = bops_record_take(rec);
	return NULL;
}

struct collect_all {
	struct bops_store_relay to;	/* first: the warnings' way */
	struct bops_record **recs;
	size_t n, alloc;
};

/* Into c, which grows for it. */
static const struct bops_error *
collect_all_one(struct bops_record *rec, void *arg)
{
	struct collect_all *c = arg;

	if (c->n == c->alloc) {
		c->alloc = c->alloc ? 2 * c->alloc : 64;
		c->recs = bops_realloc(c->recs, c->alloc * sizeof(*c->recs));
	}
	c->recs[c->n++] = bops_record_take(rec);
	return NULL;
}

/*
 * bops_store_top by decoding every record that matches, for a cache
 * whose key table is full: the same answer, the slow way.
 */
static const struct bops_error *
top_slow(struct bops_ws *ws, const struct bops_kind *kind, const char *commit,
    struct bops_query *q, unsigned flags, const char *group,
    struct bops_store_group *groups, size_t ngroups, size_t k,
    bops_store_warn_fn warn, void *arg)
{
	const struct bops_error *err;
	struct collect_all all = { { NULL, warn, arg }, NULL, 0, 0 };
	const char *v;
	size_t i, g;

	if ((err = bops_store_select(ws, kind, commit, q, flags,
	    collect_all_one, bops_store_relay_warn, &all)) == NULL)
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
    const char *commit, struct bops_query *q, unsigned flags,
    const char *group, struct bops_store_group *groups, size_t ngroups,
    size_t k, bops_store_warn_fn warn, void *arg)
{
	const struct bops_error *err;
	const struct bops_schema *schema;
	struct bops_cache *cache = NULL;
	struct bops_query_top **tops = NULL;
	const unsigned char **vals = NULL, *gp;
	const char *gs;
	size_t i, f, g, nf = bops_query_nfields(q), *lens = NULL, *at = NULL;
	size_t glen, gslen;
	long *keys = NULL, gkey = -1, done_key;

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
	done_key = bops_cache_key(cache, bops_kind_finished_by(kind));
	/* Every card of a full table, or all of them: the slow way. */
	if (!bops_cache_keys_complete(cache) || k >= bops_cache_count(cache)) {
		err = top_slow(ws, kind, commit, q, flags, group, groups,
		    ngroups, k, warn, arg);
		goto done;
	}
	tops = bops_calloc(ngroups + 1, sizeof(*tops));
	for (g = 0; g < ngroups; g++)
		tops[g] = bops_query_top_new(q, k);
	for (i = 0; i < bops_cache_count(cache); i++) {
		const struct bops_cache_entry *e = bops_cache_entry(cache, i);

		if (!usable(e, warn, arg))
			continue;
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
		if (!bops_query_match_packed(q, e->id, vals, lens) ||
		    ((flags & BOPS_STORE_OPEN) && entry_finished(ws, kind,
		    cache, done_key, e)))
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
			    at[i]), (flags & BOPS_STORE_FROZEN) != 0,
			    collect_one, &c);
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

/*
 * The text of field (a scalar) in e of cache, into *out and *len: from
 * the key table when it has the field (key, or a full table), else read
 * out of the packed record.  False when e has no such text.
 */
static bool
field_at(const char **out, size_t *len, const struct bops_cache *cache,
    long key, const struct bops_cache_entry *e, const char *field)
{
	const unsigned char *p;
	size_t plen;

	if (key >= 0 || bops_cache_keys_complete(cache))
		return bops_cache_value(e, key, &p, &plen) &&
		    bops_node_packed_scalar(p, plen, out, len);
	return bops_node_packed_get(e->data, e->len, field, out, len);
}

const struct bops_error *
bops_store_count(size_t *out, struct bops_ws *ws,
    const struct bops_kind *kind, const char *field, const char *value,
    bool (*skip)(const char *id, void *arg), void *arg)
{
	const struct bops_error *err;
	struct bops_cache *cache = NULL;
	const char *s;
	size_t i, slen, vlen = strlen(value);
	long key;

	*out = 0;
	if ((err = bops_cache_open(&cache, ws, kind, NULL)))
		return err;
	key = bops_cache_key(cache, field);
	for (i = 0; i < bops_cache_count(cache); i++) {
		const struct bops_cache_entry *e = bops_cache_entry(cache, i);

		if (e->valid && field_at(&s, &slen, cache, key, e, field) &&
		    slen == vlen && memcmp(s, value, vlen) == 0 &&
		    !(skip && skip(e->id, arg)))
			(*out)++;
	}
	bops_cache_close(cache);
	return NULL;
}

const struct bops_error *
bops_store_scan_max(struct bops_buf *out, struct bops_ws *ws,
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
		int c;

		if (!e->valid || !field_at(&s, &len, cache, key, e, field))
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

/*
 * The packed node of top-level key `name` of valid entry e, walking its
 * map: for a key past the cache's key table.
 */
static bool
packed_field(const struct bops_cache_entry *e, const char *name,
    const unsigned char **out, size_t *len)
{
	const unsigned char *p = e->data, *end = e->data + e->len, *k;
	size_t count, klen, n, i, want = strlen(name);

	if (p >= end || (*p & 3) != BOPS_NODE_MAP ||
	    !bops_node_packed_count(&p, end, &count))
		return false;
	for (i = 0; i < count; i++, p += n) {
		if (!bops_node_packed_key(&p, end, &k, &klen) ||
		    (n = bops_node_packed_size(p, (size_t)(end - p))) == 0)
			return false;
		if (klen == want && memcmp(k, name, klen) == 0) {
			*out = p;
			*len = n;
			return true;
		}
	}
	return false;
}

const struct bops_error *
bops_store_fields(struct bops_ws *ws, const struct bops_kind *kind,
    const char *commit, const char *const *fields, size_t nf,
    bops_store_fields_fn fn, bops_store_warn_fn warn, void *arg)
{
	const struct bops_error *err;
	struct bops_cache *cache = NULL;
	const unsigned char **vals;
	size_t i, f, *lens;
	long *keys;

	if ((err = bops_cache_open(&cache, ws, kind, commit)))
		return err;
	keys = bops_calloc(nf + 1, sizeof(*keys));
	vals = bops_calloc(nf + 1, sizeof(*vals));
	lens = bops_calloc(nf + 1, sizeof(*lens));
	for (f = 0; f < nf; f++)
		keys[f] = bops_cache_key(cache, fields[f]);
	for (i = 0; i < bops_cache_count(cache) && err == NULL; i++) {
		const struct bops_cache_entry *e = bops_cache_entry(cache, i);

		if (!usable(e, warn, arg))
			continue;
		for (f = 0; f < nf; f++)
			if (keys[f] >= 0 || bops_cache_keys_complete(cache) ?
			    !bops_cache_value(e, keys[f], &vals[f], &lens[f]) :
			    !packed_field(e, fields[f], &vals[f], &lens[f])) {
				vals[f] = NULL;
				lens[f] = 0;
			}
		err = fn(e->id, vals, lens, arg);
	}
	free(keys);
	free(vals);
	free(lens);
	bops_cache_close(cache);
	return err;
}

const char *
bops_store_text(struct bops_buf *buf, const unsigned char *val, size_t len)
{
	const char *s;
	size_t n;

	bops_buf_reset(buf);
	if (val == NULL || !bops_node_packed_scalar(val, len, &s, &n))
		return NULL;
	bops_buf_put(buf, s, n);
	return buf->ptr;
}

const struct bops_error *
bops_store_all(struct bops_record ***out, size_t *n, struct bops_ws *ws,
    const struct bops_kind *kind, const char *commit)
{
	const struct bops_error *err;
	struct collect_all all = { { NULL, NULL, NULL }, NULL, 0, 0 };

	*out = NULL;
	*n = 0;
	if ((err = bops_store_each(ws, kind, commit, collect_all_one, NULL,
	    &all))) {
		bops_store_all_free(all.recs, all.n);
		return err;
	}
	*out = all.recs;
	*n = all.n;
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
