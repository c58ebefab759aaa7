#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "merge.h"
#include "banned.h"

/* At most this many lines are merged line by line (more: a conflict);
 * the LCS table counts in 16 bits. */
#define MAX_TEXT_LINES 4000

int
bops_merge_cmp(const struct bops_node *a, const struct bops_node *b)
{
	struct bops_buf pa = BOPS_BUF_INIT, pb = BOPS_BUF_INIT;
	size_t n;
	int c;

	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	bops_node_pack(&pa, a);
	bops_node_pack(&pb, b);
	n = pa.len < pb.len ? pa.len : pb.len;
	c = memcmp(pa.ptr, pb.ptr, n);
	if (c == 0)
		c = (pa.len > pb.len) - (pa.len < pb.len);
	bops_buf_release(&pa);
	bops_buf_release(&pb);
	return c;
}

static struct bops_node *
dup_or_null(const struct bops_node *n)
{
	return n ? bops_node_dup(n) : NULL;
}

static void
side_entry(struct bops_node *values, const struct bops_node *v,
    const struct bops_merge_side *side)
{
	struct bops_node *e = bops_node_new_map();

	if (v)
		bops_node_map_set(e, "value", bops_node_dup(v));
	if (side && side->commit && *side->commit)
		bops_node_map_set_str(e, "commit", side->commit,
		    BOPS_SCALAR_TEXT);
	if (side && side->author && *side->author)
		bops_node_map_set_str(e, "author", side->author,
		    BOPS_SCALAR_TEXT);
	bops_node_seq_append(values, e);
}

void
bops_merge_add_conflict(struct bops_node *map, const char *field,
    const struct bops_node *base, const struct bops_node *a,
    const struct bops_merge_side *as, const struct bops_node *b,
    const struct bops_merge_side *bs)
{
	struct bops_node *list = bops_node_map_get(map, "conflicts");
	struct bops_node *entry = bops_node_new_map(), *values;

	if (list == NULL || list->type != BOPS_NODE_SEQ) {
		list = bops_node_new_seq();
		bops_node_map_set(map, "conflicts", list);
	}
	bops_node_map_set_str(entry, "field", field, BOPS_SCALAR_TEXT);
	if (base)
		bops_node_map_set(entry, "base", bops_node_dup(base));
	values = bops_node_new_seq();
	if (bops_merge_cmp(a, b) <= 0) {
		side_entry(values, a, as);
		side_entry(values, b, bs);
	} else {
		side_entry(values, b, bs);
		side_entry(values, a, as);
	}
	bops_node_map_set(entry, "values", values);
	bops_node_seq_append(list, entry);
}

/* Line merge. */

struct lines {
	const char **at;
	size_t *len;
	size_t n;
};

static void
split_lines(struct lines *l, const char *s)
{
	const char *p = s, *nl;
	size_t cap = 16;

	l->n = 0;
	l->at = bops_calloc(cap, sizeof(*l->at));
	l->len = bops_calloc(cap, sizeof(*l->len));
	while (*p) {
		if (l->n == cap) {
			cap *= 2;
			l->at = bops_realloc(l->at, cap * sizeof(*l->at));
			l->len = bops_realloc(l->len, cap * sizeof(*l->len));
		}
		nl = strchr(p, '\n');
		l->at[l->n] = p;
		l->len[l->n] = nl ? (size_t)(nl - p) + 1 : strlen(p);
		l->n++;
		p += l->len[l->n - 1];
	}
}

static void
free_lines(struct lines *l)
{
	free(l->at);
	free(l->len);
}

static bool
line_eq(const struct lines *a, size_t i, const struct lines *b, size_t j)
{
	return a->len[i] == b->len[j] &&
	    memcmp(a->at[i], b->at[j], a->len[i]) == 0;
}

/*
 * m[i] = the line of b matched to line i of a by an LCS, or -1.  The
 * lines both share at the start and at the end are matched first, so
 * the table (quadratic, hence MAX_TEXT_LINES) covers only the part that
 * changed: a few lines for a usual edit.
 */
static long *
lcs_match(const struct lines *a, const struct lines *b)
{
	size_t i, j, pre = 0, suf = 0, an, bn, w;
	uint16_t *t;
	long *m = bops_calloc(a->n + 1, sizeof(*m));

	for (i = 0; i < a->n; i++)
		m[i] = -1;
	while (pre < a->n && pre < b->n && line_eq(a, pre, b, pre)) {
		m[pre] = (long)pre;
		pre++;
	}
	while (suf < a->n - pre && suf < b->n - pre &&
	    line_eq(a, a->n - 1 - suf, b, b->n - 1 - suf)) {
		m[a->n - 1 - suf] = (long)(b->n - 1 - suf);
		suf++;
	}
	an = a->n - pre - suf;
	bn = b->n - pre - suf;
	w = bn + 1;
	t = bops_calloc((an + 1) * w, sizeof(*t));
	/* t[i][j]: the LCS of the middles from line i of a and j of b. */
	for (i = an; i-- > 0;)
		for (j = bn; j-- > 0;)
			t[i * w + j] = line_eq(a, pre + i, b, pre + j) ?
			    (uint16_t)(t[(i + 1) * w + j + 1] + 1) :
			    (t[(i + 1) * w + j] > t[i * w + j + 1] ?
			    t[(i + 1) * w + j] : t[i * w + j + 1]);
	for (i = 0, j = 0; i < an && j < bn;) {
		if (line_eq(a, pre + i, b, pre + j)) {
			m[pre + i++] = (long)(pre + j++);
		} else if (t[(i + 1) * w + j] >= t[i * w + j + 1])
			i++;
		else
			j++;
	}
	free(t);
	return m;
}

static bool
chunk_eq(const struct lines *a, size_t a0, size_t a1, const struct lines *b,
    size_t b0, size_t b1)
{
	size_t k;

	if (a1 - a0 != b1 - b0)
		return false;
	for (k = 0; k < a1 - a0; k++)
		if (!line_eq(a, a0 + k, b, b0 + k))
			return false;
	return true;
}

static void
put_chunk(struct bops_buf *out, const struct lines *l, size_t from,
    size_t to)
{
	size_t k;

	for (k = from; k < to; k++)
		bops_buf_put(out, l->at[k], l->len[k]);
}

bool
bops_merge_text(struct bops_buf *out, const char *base, const char *ours,
    const char *theirs)
{
	struct lines b, o, t;
	long *mo = NULL, *mt = NULL;
	size_t i, bi = 0, po = 0, pt = 0;
	bool ok = true;

	split_lines(&b, base);
	split_lines(&o, ours);
	split_lines(&t, theirs);
	if (b.n > MAX_TEXT_LINES || o.n > MAX_TEXT_LINES ||
	    t.n > MAX_TEXT_LINES) {
		ok = false;
		goto done;
	}
	mo = lcs_match(&b, &o);
	mt = lcs_match(&b, &t);
	/* Walk the base; lines matched on both sides are stable. */
	for (i = 0; i <= b.n && ok; i++) {
		size_t eo, et;

		if (i < b.n && (mo[i] < 0 || mt[i] < 0))
			continue;
		eo = i < b.n ? (size_t)mo[i] : o.n;
		et = i < b.n ? (size_t)mt[i] : t.n;
		if (chunk_eq(&b, bi, i, &o, po, eo))
			put_chunk(out, &t, pt, et);
		else if (chunk_eq(&b, bi, i, &t, pt, et))
			put_chunk(out, &o, po, eo);
		else if (chunk_eq(&o, po, eo, &t, pt, et))
			put_chunk(out, &o, po, eo);
		else
			ok = false;
		if (i < b.n)
			put_chunk(out, &b, i, i + 1);
		bi = i + 1;
		po = eo + 1;
		pt = et + 1;
	}
done:
	free(mo);
	free(mt);
	free_lines(&b);
	free_lines(&o);
	free_lines(&t);
	return ok;
}

/* Field merges. */

struct ctx {
	const struct bops_merge_side *os, *ts;
	struct bops_node *root;		/* where conflicts are recorded */
	size_t conflicts;
	bool revert;			/* logs lose what a side removed */
};

static struct bops_node *merge_map(struct ctx *c, const char *path,
    const struct bops_schema *s, const struct bops_node *b,
    const struct bops_node *o, const struct bops_node *t);

static int
cmp_nodes(const void *a, const void *b)
{
	return bops_merge_cmp(*(struct bops_node *const *)a,
	    *(struct bops_node *const *)b);
}

/* Survivors of the base in its order, then every addition by content. */
static struct bops_node *
merge_set(const struct bops_node *b, const struct bops_node *o,
    const struct bops_node *t)
{
	struct bops_node *out = bops_node_new_seq();
	struct bops_nodeset bs = BOPS_NODESET_INIT, os = BOPS_NODESET_INIT;
	struct bops_nodeset ts = BOPS_NODESET_INIT, seen = BOPS_NODESET_INIT;
	struct bops_node **added;
	size_t i, n = 0;

	bops_nodeset_of(&bs, b);
	bops_nodeset_of(&os, o);
	bops_nodeset_of(&ts, t);
	for (i = 0; b && i < b->n; i++)
		if (bops_nodeset_has(&os, b->items[i]) &&
		    bops_nodeset_has(&ts, b->items[i]) &&
		    bops_nodeset_add(&seen, b->items[i]))
			bops_node_seq_append(out, bops_node_dup(b->items[i]));
	added = bops_calloc((o ? o->n : 0) + (t ? t->n : 0) + 1,
	    sizeof(*added));
	for (i = 0; o && i < o->n; i++)
		if (!bops_nodeset_has(&bs, o->items[i]))
			added[n++] = o->items[i];
	for (i = 0; t && i < t->n; i++)
		if (!bops_nodeset_has(&bs, t->items[i]))
			added[n++] = t->items[i];
	bops_qsort(added, n, sizeof(*added), cmp_nodes);
	for (i = 0; i < n; i++)
		if (bops_nodeset_add(&seen, added[i]))
			bops_node_seq_append(out, bops_node_dup(added[i]));
	free(added);
	bops_nodeset_release(&bs);
	bops_nodeset_release(&os);
	bops_nodeset_release(&ts);
	bops_nodeset_release(&seen);
	return out;
}

static int
cmp_log(const void *a, const void *b)
{
	const struct bops_node *x = *(struct bops_node *const *)a;
	const struct bops_node *y = *(struct bops_node *const *)b;
	const char *xa = bops_node_map_str(x, "at"), *ya = bops_node_map_str(y,
	    "at");
	const char *xb = bops_node_map_str(x, "by"), *yb = bops_node_map_str(y,
	    "by");
	int c;

	if (xa && ya && (c = strcmp(xa, ya)))
		return c;
	if (xb && yb && (c = strcmp(xb, yb)))
		return c;
	return bops_merge_cmp(x, y);
}

/* Every entry of any version, once, by time, identity and content. */
static struct bops_node *
merge_union(const struct bops_node *b, const struct bops_node *o,
    const struct bops_node *t)
{
	const struct bops_node *src[3] = { b, o, t };
	struct bops_node **all, *out = bops_node_new_seq();
	size_t i, k, n = 0, cap = 1;

	for (k = 0; k < 3; k++)
		cap += src[k] ? src[k]->n : 0;
	all = bops_calloc(cap, sizeof(*all));
	for (k = 0; k < 3; k++)
		for (i = 0; src[k] && i < src[k]->n; i++)
			all[n++] = src[k]->items[i];
	bops_qsort(all, n, sizeof(*all), cmp_log);
	for (i = 0; i < n; i++)
		if (i == 0 || !bops_node_equal(all[i - 1], all[i]))
			bops_node_seq_append(out, bops_node_dup(all[i]));
	free(all);
	return out;
}

struct bops_node *
bops_merge_log_add(const struct bops_node *log, const struct bops_node *more)
{
	struct bops_nodeset seen = BOPS_NODESET_INIT;
	struct bops_node *out = bops_node_new_seq();
	size_t i;

	for (i = 0; log && i < log->n; i++)
		if (bops_nodeset_add(&seen, log->items[i]))
			bops_node_seq_append(out, bops_node_dup(log->items[i]));
	for (i = 0; more && i < more->n; i++)
		if (bops_nodeset_add(&seen, more->items[i]))
			bops_node_seq_append(out,
			    bops_node_dup(more->items[i]));
	bops_nodeset_release(&seen);
	return out;
}

/*
 * A log (union policy) merged for a revert: an entry one side removed
 * is gone, as in a set, and the log stays in time order.
 */
static struct bops_node *
merge_log(const struct ctx *c, const struct bops_node *b,
    const struct bops_node *o, const struct bops_node *t)
{
	struct bops_node *out;

	if (!c->revert)
		return merge_union(b, o, t);
	out = merge_set(b, o, t);
	bops_qsort(out->items, out->n, sizeof(*out->items), cmp_log);
	return out;
}

/* The items of a keyed list by key: the first holding each key. */
struct keyed {
	const struct bops_node *seq;
	struct bops_strset keys;
	size_t *at;		/* keys index -> item */
};

static void
keyed_init(struct keyed *k, const struct bops_node *seq, const char *key)
{
	size_t i;

	memset(k, 0, sizeof(*k));
	k->seq = seq;
	k->at = bops_calloc((seq ? seq->n : 0) + 1, sizeof(*k->at));
	for (i = 0; seq && i < seq->n; i++) {
		const char *v = bops_node_map_str(seq->items[i], key);

		if (v && bops_strset_add(&k->keys, v, strlen(v)))
			k->at[k->keys.n - 1] = i;
	}
}

static void
keyed_release(struct keyed *k)
{
	bops_strset_release(&k->keys);
	free(k->at);
}

static const struct bops_node *
by_key(const struct keyed *k, const char *value)
{
	size_t i = bops_strset_find(&k->keys, value, strlen(value));

	return i == BOPS_HASH_NONE ? NULL : k->seq->items[k->at[i]];
}

static bool
is_number(const char *s)
{
	char *end;

	if (s == NULL || *s == '\0')
		return false;
	(void)strtol(s, &end, 10);
	return *end == '\0';
}

static int
cmp_keyed(const void *a, const void *b, void *arg)
{
	const char *key = arg;
	const char *x = bops_node_map_str(*(struct bops_node *const *)a, key);
	const char *y = bops_node_map_str(*(struct bops_node *const *)b, key);

	if (x == NULL || y == NULL)
		return (x != NULL) - (y != NULL);
	if (is_number(x) && is_number(y)) {
		long lx = strtol(x, NULL, 10), ly = strtol(y, NULL, 10);

		return (lx > ly) - (lx < ly);
	}
	return strcmp(x, y);
}

static bool
has_key(const struct keyed *k, const char *v)
{
	return bops_strset_find(&k->keys, v, strlen(v)) != BOPS_HASH_NONE;
}

/* Whether the keys a and b share come in the same order in both. */
static bool
same_order(const struct keyed *a, const struct keyed *b)
{
	const struct bops_strset *x = &a->keys, *y = &b->keys;
	size_t i = 0, j = 0;

	for (;;) {
		while (i < x->n && !has_key(b, x->s[i]))
			i++;
		while (j < y->n && !has_key(a, y->s[j]))
			j++;
		if (i == x->n || j == y->n)
			return i == x->n && j == y->n;
		if (strcmp(x->s[i++], y->s[j++]))
			return false;
	}
}

static int
cmp_orders(const struct keyed *a, const struct keyed *b)
{
	const struct bops_strset *x = &a->keys, *y = &b->keys;
	size_t i;
	int d;

	for (i = 0; i < x->n && i < y->n; i++)
		if ((d = strcmp(x->s[i], y->s[i])))
			return d;
	return (x->n > y->n) - (x->n < y->n);
}

/* Append to out the keys of s from s[i] on that p does not hold. */
static size_t
run_of(const char **out, size_t n, const struct keyed *s, size_t i,
    const struct keyed *p)
{
	for (; i < s->keys.n && !has_key(p, s->keys.s[i]); i++)
		out[n++] = s->keys.s[i];
	return n;
}

/*
 * The order of the merged list's keys (into out, which has room for
 * both sides' keys), each side's keys those of its keyed (the first item
 * holding each, in its order).  The order of a side that changed it
 * (against the base) wins; when neither or both did, the order that
 * sorts first, so that either way round gives the same list.  The keys
 * only the other side holds come after the key they follow there: a run
 * of them goes right after the key before it, or first.
 */
static size_t
merge_order(const char **out, const struct keyed *b, const struct keyed *o,
    const struct keyed *t)
{
	const struct keyed *p, *s;
	size_t n, i, at;
	bool moved_o = !same_order(o, b), moved_t = !same_order(t, b);

	if (moved_o != moved_t ? moved_o : cmp_orders(o, t) <= 0) {
		p = o, s = t;
	} else {
		p = t, s = o;
	}
	n = run_of(out, 0, s, 0, p);
	for (i = 0; i < p->keys.n; i++) {
		out[n++] = p->keys.s[i];
		at = bops_strset_find(&s->keys, p->keys.s[i],
		    p->keys.len[i]);
		if (at != BOPS_HASH_NONE)
			n = run_of(out, n, s, at + 1, p);
	}
	return n;
}

static bool
all_numbers(const struct bops_node *seq, const char *key)
{
	size_t i;

	for (i = 0; i < seq->n; i++)
		if (!is_number(bops_node_map_str(seq->items[i], key)))
			return false;
	return true;
}

static struct bops_node *
merge_byid(struct ctx *c, const char *path, const struct bops_field *f,
    const struct bops_node *b, const struct bops_node *o,
    const struct bops_node *t)
{
	const char *key = f->sub->key;
	struct bops_node *out = bops_node_new_seq(), *m;
	struct bops_buf sub = BOPS_BUF_INIT;
	const struct bops_node *src[3] = { b, o, t };
	const char **order;
	struct keyed kb, ko, kt;
	size_t i, j, k, n;
	long next = 0;

	order = bops_calloc((o ? o->n : 0) + (t ? t->n : 0) + 1,
	    sizeof(*order));
	/* The first number no version uses, for renumbering. */
	for (k = 0; k < 3; k++)
		for (i = 0; src[k] && i < src[k]->n; i++) {
			const char *v = bops_node_map_str(src[k]->items[i],
			    key);

			if (v && is_number(v) && strtol(v, NULL, 10) >= next)
				next = strtol(v, NULL, 10) + 1;
		}
	/* Every key either side holds once (one only the base holds is
	 * gone from both). */
	keyed_init(&kb, b, key);
	keyed_init(&ko, o, key);
	keyed_init(&kt, t, key);
	n = merge_order(order, &kb, &ko, &kt);
	for (j = 0; j < n; j++) {
		const char *v = order[j];
		const struct bops_node *bi, *oi, *ti;

		bi = by_key(&kb, v);
		oi = by_key(&ko, v);
		ti = by_key(&kt, v);
		bops_buf_reset(&sub);
		bops_buf_printf(&sub, "%s.%s", path, v);
		if (bi == NULL && oi && ti && !bops_node_equal(oi, ti) &&
		    is_number(v)) {
			/* Both added this number for different items:
			 * keep both, the larger content renumbered. */
			const struct bops_node *lo = oi, *hi = ti;
			char num[32];

			if (bops_merge_cmp(oi, ti) > 0) {
				lo = ti;
				hi = oi;
			}
			bops_node_seq_append(out, bops_node_dup(lo));
			m = bops_node_dup(hi);
			snprintf(num, sizeof(num), "%ld", next++);
			bops_node_map_set_str(m, key, num,
			    BOPS_SCALAR_RAW);
			bops_node_seq_append(out, m);
			continue;
		}
		if (bi && (oi == NULL || ti == NULL)) {
			const struct bops_node *kept = oi ? oi : ti;

			/* Removed on one side: gone, unless the other
			 * side changed it; then kept, with a conflict. */
			if (kept == NULL || bops_node_equal(kept, bi))
				continue;
			bops_node_seq_append(out, bops_node_dup(kept));
			bops_merge_add_conflict(c->root, sub.ptr, bi, oi,
			    c->os, ti, c->ts);
			c->conflicts++;
			continue;
		}
		m = merge_map(c, sub.ptr, f->sub, bi, oi ? oi : ti,
		    ti ? ti : oi);
		bops_node_seq_append(out, m);
	}
	free(order);
	keyed_release(&kb);
	keyed_release(&ko);
	keyed_release(&kt);
	bops_buf_release(&sub);
	/* Numbered items in the order of their numbers; named ones stay
	 * in the order the sides gave them. */
	if (out->n && all_numbers(out, key))
		qsort_r(out->items, out->n, sizeof(*out->items), cmp_keyed,
		    (void *)key);
	return out;
}

/* Import (bops_merge_import). */

static struct bops_node *import_value(const struct bops_field *f,
    const struct bops_node *had, const struct bops_node *v);

/* Keyed sub-records: the record's items, merged with the row's. */
static struct bops_node *
import_keyed(const struct bops_field *f, const struct bops_node *had,
    const struct bops_node *v)
{
	const char *key = f->sub->key, *kv;
	struct bops_node *out = bops_node_new_seq();
	const struct bops_node *mine;
	struct keyed kh, krow;
	size_t i;

	keyed_init(&kh, had, key);
	keyed_init(&krow, v, key);
	for (i = 0; i < had->n; i++) {
		kv = bops_node_map_str(had->items[i], key);
		mine = kv && by_key(&kh, kv) == had->items[i] ?
		    by_key(&krow, kv) : NULL;
		bops_node_seq_append(out, mine ? bops_merge_import(f->sub,
		    had->items[i], mine) : bops_node_dup(had->items[i]));
	}
	/* The row's others, a repeated key among them (validation says). */
	for (i = 0; i < v->n; i++) {
		kv = bops_node_map_str(v->items[i], key);
		if (kv == NULL || by_key(&kh, kv) == NULL ||
		    by_key(&krow, kv) != v->items[i])
			bops_node_seq_append(out, bops_node_dup(v->items[i]));
	}
	keyed_release(&kh);
	keyed_release(&krow);
	return out;
}

static struct bops_node *
import_value(const struct bops_field *f, const struct bops_node *had,
    const struct bops_node *v)
{
	if (f == NULL || had == NULL || had->type != v->type)
		return bops_node_dup(v);
	if (f->merge == BOPS_MERGE_UNION && v->type == BOPS_NODE_SEQ)
		return bops_merge_log_add(had, v);
	/* a stamp (updated) never goes back to an older row's */
	if (f->merge == BOPS_MERGE_LATEST && v->type == BOPS_NODE_SCALAR)
		return bops_node_dup(bops_merge_cmp(had, v) > 0 ? had : v);
	if (f->type == BOPS_TYPE_RECORDS && f->sub && f->sub->key &&
	    v->type == BOPS_NODE_SEQ)
		return import_keyed(f, had, v);
	if (f->type == BOPS_TYPE_MAP && f->sub && f->sub->n &&
	    v->type == BOPS_NODE_MAP)
		return bops_merge_import(f->sub, had, v);
	return bops_node_dup(v);
}

/*
 * The latest entry of log (by at, then by, then content): what a field
 * that follows it says.
 */
static const struct bops_node *
latest(const struct bops_node *log)
{
	const struct bops_node *best = NULL;
	size_t i;

	for (i = 0; log && log->type == BOPS_NODE_SEQ && i < log->n; i++)
		if (best == NULL || cmp_log(&log->items[i], &best) > 0)
			best = log->items[i];
	return best;
}

/* Fields that follow a log the row is behind on take its latest value. */
static void
import_follow(const struct bops_schema *s, struct bops_node *out,
    const struct bops_node *row)
{
	const struct bops_node *log, *rowlog, *last, *val;
	struct bops_nodeset seen;
	char name[64];
	const char *dot;
	size_t i, k, len;

	for (i = 0; i < s->n; i++) {
		const struct bops_field *f = &s->fields[i];

		if (f->follows == NULL || (dot = strchr(f->follows, '.')) ==
		    NULL || (len = (size_t)(dot - f->follows)) >= sizeof(name))
			continue;
		memcpy(name, f->follows, len);
		name[len] = '\0';
		log = bops_node_map_get(out, name);
		rowlog = bops_node_map_get(row, name);
		if (rowlog == NULL || rowlog->type != BOPS_NODE_SEQ ||
		    log == NULL || (last = latest(log)) ==
		    NULL || (val = bops_node_map_get(last, dot + 1)) == NULL)
			continue;
		/* Only when the record's log holds what the row's lacks. */
		memset(&seen, 0, sizeof(seen));
		for (k = 0; k < rowlog->n; k++)
			(void)bops_nodeset_add(&seen, rowlog->items[k]);
		for (k = 0; k < log->n; k++)
			if (!bops_nodeset_has(&seen, log->items[k]))
				break;
		bops_nodeset_release(&seen);
		if (k < log->n)
			bops_node_map_set(out, f->name, bops_node_dup(val));
	}
}

/*
 * A row in a kind's older form (an export made before a change of the
 * kind's schema) is read as the current form first, in the light of
 * what the record holds, as any read of the record would: what the
 * upgrade makes of it then merges like any row, so a text that became
 * a log entry joins the record's log instead of replacing it.  NULL
 * when the row needs no upgrade.
 */
static struct bops_node *
import_upgrade(const struct bops_schema *s, const struct bops_node *had,
    const struct bops_node *row)
{
	struct bops_node *both, *out;
	const struct bops_node *was;
	size_t i;

	if (s == NULL || s->upgrade == NULL)
		return NULL;
	both = bops_node_dup(had);
	for (i = 0; i < row->n; i++)
		bops_node_map_set(both, row->keys[i],
		    bops_node_dup(row->items[i]));
	if (!s->upgrade(NULL, "", both)) {
		bops_node_free(both);
		return NULL;
	}
	/* The row's fields as the upgrade left them, and what it made. */
	out = bops_node_new_map();
	for (i = 0; i < both->n; i++) {
		was = bops_node_map_get(had, both->keys[i]);
		if (bops_node_map_get(row, both->keys[i]) || was == NULL ||
		    !bops_node_equal(was, both->items[i]))
			bops_node_map_set(out, both->keys[i],
			    bops_node_dup(both->items[i]));
	}
	bops_node_free(both);
	return out;
}

struct bops_node *
bops_merge_import(const struct bops_schema *s, const struct bops_node *had,
    const struct bops_node *row)
{
	struct bops_node *out, *up;
	size_t i;

	if (had == NULL || had->type != BOPS_NODE_MAP ||
	    row->type != BOPS_NODE_MAP)
		return bops_node_dup(row);
	if ((up = import_upgrade(s, had, row)))
		row = up;
	out = bops_node_dup(had);
	for (i = 0; i < row->n; i++)
		bops_node_map_set(out, row->keys[i], import_value(s ?
		    bops_schema_field(s, row->keys[i]) : NULL,
		    bops_node_map_get(had, row->keys[i]), row->items[i]));
	if (s)
		import_follow(s, out, row);
	bops_node_free(up);
	return out;
}

/* An empty list is written as no field at all. */
static struct bops_node *
none_if_empty(struct bops_node *seq)
{
	if (seq->n)
		return seq;
	bops_node_free(seq);
	return NULL;
}

/* Both sides changed a field from b to different o and t. */
static struct bops_node *
merge_both(struct ctx *c, const char *path, const struct bops_field *f,
    const struct bops_node *b, const struct bops_node *o,
    const struct bops_node *t)
{
	struct bops_buf text = BOPS_BUF_INIT;
	enum bops_merge policy = f ? f->merge : BOPS_MERGE_SCALAR;
	/* An absent list is an empty one: the last item was removed. */
	bool all_seq = (!b || b->type == BOPS_NODE_SEQ) &&
	    (!o || o->type == BOPS_NODE_SEQ) &&
	    (!t || t->type == BOPS_NODE_SEQ);
	bool all_map = (!b || b->type == BOPS_NODE_MAP) && o && t &&
	    o->type == BOPS_NODE_MAP && t->type == BOPS_NODE_MAP;

	if (policy == BOPS_MERGE_LATEST && o && t)
		return bops_node_dup(bops_merge_cmp(o, t) >= 0 ? o : t);
	if (policy == BOPS_MERGE_SET && all_seq)
		return none_if_empty(merge_set(b, o, t));
	if (policy == BOPS_MERGE_UNION && all_seq)
		return none_if_empty(merge_log(c, b, o, t));
	if (policy == BOPS_MERGE_BYID && all_seq && f->sub && f->sub->key)
		return none_if_empty(merge_byid(c, path, f, b, o, t));
	if (policy == BOPS_MERGE_BYID && all_map)
		return merge_map(c, path, f->sub, b, o, t);
	/* Maps the schema does not describe (custom field declarations)
	 * merge key by key all the same. */
	if (f == NULL && all_map)
		return merge_map(c, path, NULL, b, o, t);
	if (policy == BOPS_MERGE_TEXT && o && t && o->type ==
	    BOPS_NODE_SCALAR && t->type == BOPS_NODE_SCALAR &&
	    bops_merge_text(&text, b ? b->str : "", o->str, t->str)) {
		struct bops_node *n = bops_node_new_scalar(text.ptr,
		    BOPS_SCALAR_TEXT);

		bops_buf_release(&text);
		return n;
	}
	bops_buf_release(&text);
	/* A conflict: show the value that sorts last, keep both. */
	bops_merge_add_conflict(c->root, path, b, o, c->os, t, c->ts);
	c->conflicts++;
	if (o == NULL || t == NULL)
		return dup_or_null(o ? o : t);
	return bops_node_dup(bops_merge_cmp(o, t) >= 0 ? o : t);
}

/*
 * A field that follows a log ("current follows checkins.value"): its
 * value is that field of the last entry of the merged log, or NULL when
 * the log has no such entry.
 */
static struct bops_node *
follow(const struct ctx *c, const struct bops_field *f,
    const struct bops_node *b, const struct bops_node *o,
    const struct bops_node *t)
{
	const char *dot = strchr(f->follows, '.');
	char log[64];
	struct bops_node *merged, *v = NULL;
	size_t len = (size_t)(dot - f->follows);

	if (len >= sizeof(log))
		return NULL;
	memcpy(log, f->follows, len);
	log[len] = '\0';
	merged = merge_log(c, bops_node_map_get(b, log),
	    bops_node_map_get(o, log), bops_node_map_get(t, log));
	if (merged->n &&
	    bops_node_map_get(merged->items[merged->n - 1], dot + 1))
		v = bops_node_dup(bops_node_map_get(merged->items[merged->n - 1],
		    dot + 1));
	bops_node_free(merged);
	return v;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static struct bops_node *
merge_map(struct ctx *c, const char *path, const struct bops_schema *s,
    const struct bops_node *b, const struct bops_node *o,
    const struct bops_node *t)
{
	struct bops_node *out = bops_node_new_map(), *v;
	struct bops_buf sub = BOPS_BUF_INIT;
	struct bops_strset seen = BOPS_STRSET_INIT;
	const struct bops_node *src[2] = { o, t };
	const char **keys;
	size_t i, k, n = 0, first;

	keys = bops_calloc((s ? s->n : 0) + (b ? b->n : 0) + (o ? o->n : 0) +
	    (t ? t->n : 0) + 1, sizeof(*keys));
	/* Schema order first. */
	for (i = 0; s && i < s->n; i++)
		if (bops_node_map_get(o, s->fields[i].name) ||
		    bops_node_map_get(t, s->fields[i].name) ||
		    bops_node_map_get(b, s->fields[i].name))
			if (bops_strset_add(&seen, s->fields[i].name,
			    strlen(s->fields[i].name)))
				keys[n++] = s->fields[i].name;
	/* Then the base's other keys in its order, then new ones by name. */
	for (i = 0; b && i < b->n; i++)
		if (bops_strset_add(&seen, b->keys[i], strlen(b->keys[i])))
			keys[n++] = b->keys[i];
	first = n;
	for (k = 0; k < 2; k++)
		for (i = 0; src[k] && i < src[k]->n; i++)
			if (bops_strset_add(&seen, src[k]->keys[i],
			    strlen(src[k]->keys[i])))
				keys[n++] = src[k]->keys[i];
	/* A side-independent order for the new keys. */
	bops_qsort(keys + first, n - first, sizeof(*keys), cmp_str);
	for (i = 0; i < n; i++) {
		const struct bops_node *bv = bops_node_map_get(b, keys[i]);
		const struct bops_node *ov = bops_node_map_get(o, keys[i]);
		const struct bops_node *tv = bops_node_map_get(t, keys[i]);
		const struct bops_field *f = s ? bops_schema_field(s, keys[i]) :
		    NULL;

		if ((path == NULL || *path == '\0') &&
		    strcmp(keys[i], "conflicts") == 0)
			continue;	/* bops_merge_record merges it */
		bops_buf_reset(&sub);
		if (path && *path)
			bops_buf_printf(&sub, "%s.%s", path, keys[i]);
		else
			bops_buf_puts(&sub, keys[i]);
		if (bops_node_equal(ov, tv))
			v = dup_or_null(ov);
		else if (bops_node_equal(bv, ov))
			v = dup_or_null(tv);
		else if (bops_node_equal(bv, tv))
			v = dup_or_null(ov);
		else if (f && f->follows && (v = follow(c, f, b, o, t)))
			;	/* the last check-in decides, no conflict */
		else
			v = merge_both(c, sub.ptr, f, bv, ov, tv);
		if (v)
			bops_node_map_set(out, keys[i], v);
	}
	free(keys);
	bops_strset_release(&seen);
	bops_buf_release(&sub);
	return out;
}

static struct bops_node *
merge_record(struct ctx *c, const struct bops_schema *s,
    const struct bops_node *base, const struct bops_node *ours,
    const struct bops_node *theirs, size_t *nconflicts);

struct bops_node *
bops_merge_record(const struct bops_schema *s, const struct bops_node *base,
    const struct bops_node *ours, const struct bops_node *theirs,
    const struct bops_merge_side *os, const struct bops_merge_side *ts,
    size_t *nconflicts)
{
	struct ctx c;

	memset(&c, 0, sizeof(c));
	c.os = os;
	c.ts = ts;
	return merge_record(&c, s, base, ours, theirs, nconflicts);
}

struct bops_node *
bops_merge_revert(const struct bops_schema *s, const struct bops_node *change,
    const struct bops_node *current, const struct bops_node *before,
    size_t *nconflicts)
{
	struct ctx c;

	memset(&c, 0, sizeof(c));
	c.revert = true;
	return merge_record(&c, s, change, current, before, nconflicts);
}

static struct bops_node *
merge_record(struct ctx *c, const struct bops_schema *s,
    const struct bops_node *base, const struct bops_node *ours,
    const struct bops_node *theirs, size_t *nconflicts)
{
	struct bops_node *conflicts, *out;
	const struct bops_node *bc, *oc, *tc;

	/*
	 * Existing conflict lists merge as sets first: one resolved on
	 * either side stays resolved.
	 */
	bc = bops_node_map_get(base, "conflicts");
	oc = bops_node_map_get(ours, "conflicts");
	tc = bops_node_map_get(theirs, "conflicts");
	conflicts = merge_set(bc, oc, tc);
	c->root = bops_node_new_map();
	bops_node_map_set(c->root, "conflicts", conflicts);
	out = merge_map(c, "", s, base, ours, theirs);
	conflicts = bops_node_map_take(c->root, "conflicts");
	if (conflicts && conflicts->n)
		bops_node_map_set(out, "conflicts", conflicts);
	else
		bops_node_free(conflicts);
	bops_node_free(c->root);
	*nconflicts = c->conflicts;
	return out;
}

/* Field paths. */

struct bops_node *
bops_merge_locate(const struct bops_schema **fs, const char **last,
    struct bops_node *root, const struct bops_schema *s, const char *path)
{
	struct bops_node *n = root;
	char part[128];
	const char *p = path, *dot;
	size_t len, i;

	*fs = s;
	for (;;) {
		const struct bops_field *f;
		struct bops_node *seq;

		dot = strchr(p, '.');
		if (dot == NULL) {
			*last = p;
			return n;
		}
		len = (size_t)(dot - p);
		if (len >= sizeof(part))
			return NULL;
		memcpy(part, p, len);
		part[len] = '\0';
		f = *fs ? bops_schema_field(*fs, part) : NULL;
		if ((seq = bops_node_map_get(n, part)) == NULL)
			return NULL;
		p = dot + 1;
		if (seq->type == BOPS_NODE_MAP) {
			n = seq;
			*fs = f ? f->sub : NULL;
			continue;
		}
		/* A keyed list: the next part is the key's value. */
		if (f == NULL || f->sub == NULL || f->sub->key == NULL)
			return NULL;
		dot = strchr(p, '.');
		len = dot ? (size_t)(dot - p) : strlen(p);
		if (len >= sizeof(part) || dot == NULL)
			return NULL;
		memcpy(part, p, len);
		part[len] = '\0';
		for (i = 0; i < seq->n; i++) {
			const char *k = bops_node_map_str(seq->items[i],
			    f->sub->key);

			if (k && strcmp(k, part) == 0)
				break;
		}
		if (i == seq->n)
			return NULL;
		n = seq->items[i];
		*fs = f->sub;
		p = dot + 1;
	}
}

const struct bops_node *
bops_merge_get(const struct bops_node *root, const struct bops_schema *s,
    const char *path)
{
	const struct bops_schema *fs;
	const char *last;
	struct bops_node *parent;

	parent = bops_merge_locate(&fs, &last, (struct bops_node *)root, s,
	    path);
	return parent ? bops_node_map_get(parent, last) : NULL;
}
