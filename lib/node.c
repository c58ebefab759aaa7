#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "hash.h"
#include "node.h"
#include "banned.h"

/* Maps this small are searched key by key; larger ones get an index. */
#define INDEX_MIN 16

/*
 * A node and its text are one allocation (the text right after the
 * struct) until the text is replaced; collections share one empty
 * string.  Reading the cache builds a node per value, so this halves
 * the allocator's work there.
 */
static char empty[1];

static bool
str_is_own(const struct bops_node *n)
{
	return n->str != empty && n->str != (const char *)(n + 1);
}

static struct bops_node *
node_new(enum bops_node_type type)
{
	struct bops_node *n = bops_calloc(1, sizeof(*n));

	n->type = type;
	n->str = empty;
	return n;
}

struct bops_node *
bops_node_new_scalarn(const char *s, size_t len, enum bops_scalar_style style)
{
	struct bops_node *n = bops_malloc(sizeof(*n) + len + 1);

	memset(n, 0, sizeof(*n));
	n->type = BOPS_NODE_SCALAR;
	n->str = (char *)(n + 1);
	memcpy(n->str, s, len);
	n->str[len] = '\0';
	n->len = len;
	n->style = style;
	return n;
}

struct bops_node *
bops_node_new_scalar(const char *s, enum bops_scalar_style style)
{
	return bops_node_new_scalarn(s, strlen(s), style);
}

struct bops_node *
bops_node_new_seq(void)
{
	return node_new(BOPS_NODE_SEQ);
}

struct bops_node *
bops_node_new_map(void)
{
	return node_new(BOPS_NODE_MAP);
}

static void
index_drop(struct bops_node *map)
{
	if (map->index == NULL)
		return;
	bops_hash_release(map->index);
	free(map->index);
	map->index = NULL;
}

static uint64_t
key_hash(const char *key)
{
	return bops_hash(key, strlen(key));
}

/* Drop the indexes that lookups made in a frozen tree. */
static void
frozen_drop(struct bops_node *n)
{
	size_t i;

	index_drop(n);
	for (i = 0; i < n->n; i++)
		frozen_drop(n->items[i]);
}

/* A frozen tree's root: the start of its block, freed whole. */
static void
frozen_free(struct bops_node *root)
{
	frozen_drop(root);
	free(root);
}

void
bops_node_free(struct bops_node *n)
{
	size_t i;

	if (n == NULL)
		return;
	if (n->frozen) {
		if (n->frozen == 2)
			frozen_free(n);
		return;
	}
	index_drop(n);
	for (i = 0; i < n->n; i++) {
		if (n->keys)
			free(n->keys[i]);
		bops_node_free(n->items[i]);
	}
	free(n->keys);
	free(n->items);
	if (str_is_own(n))
		free(n->str);
	free(n->comment);
	free(n);
}

static void
grow(struct bops_node *n)
{
	if (n->n < n->alloc)
		return;
	n->alloc = n->alloc ? n->alloc * 2 : 8;
	n->items = bops_realloc(n->items, n->alloc * sizeof(*n->items));
	if (n->type == BOPS_NODE_MAP)
		n->keys = bops_realloc(n->keys, n->alloc * sizeof(*n->keys));
}

struct bops_node *
bops_node_dup(const struct bops_node *n)
{
	struct bops_node *d;
	size_t i;

	if (n == NULL)
		return NULL;
	d = n->type == BOPS_NODE_SCALAR ? bops_node_new_scalarn(n->str,
	    n->len, n->style) : node_new(n->type);
	d->style = n->style;
	d->quoted = n->quoted;
	d->line = n->line;
	d->col = n->col;
	d->key_line = n->key_line;
	d->key_col = n->key_col;
	if (n->comment)
		d->comment = bops_strdup(n->comment);
	for (i = 0; i < n->n; i++) {
		grow(d);
		if (n->type == BOPS_NODE_MAP)
			d->keys[i] = bops_strdup(n->keys[i]);
		d->items[i] = bops_node_dup(n->items[i]);
		d->n++;
	}
	return d;
}

bool
bops_node_equal(const struct bops_node *a, const struct bops_node *b)
{
	size_t i;

	if (a == NULL || b == NULL)
		return a == b;
	if (a->type != b->type || a->n != b->n)
		return false;
	if (a->type == BOPS_NODE_SCALAR)
		return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
	for (i = 0; i < a->n; i++) {
		if (a->type == BOPS_NODE_MAP && strcmp(a->keys[i], b->keys[i]))
			return false;
		if (!bops_node_equal(a->items[i], b->items[i]))
			return false;
	}
	return true;
}

uint64_t
bops_node_hash(const struct bops_node *n)
{
	uint64_t h = BOPS_HASH_SEED, sub;
	unsigned char type;
	size_t i;

	if (n == NULL)
		return h;
	type = (unsigned char)n->type;
	h = bops_hash_mix(h, &type, 1);
	if (n->type == BOPS_NODE_SCALAR)
		return bops_hash_mix(h, n->str, n->len);
	for (i = 0; i < n->n; i++) {
		if (n->type == BOPS_NODE_MAP)
			h = bops_hash_mix(h, n->keys[i], strlen(n->keys[i]) + 1);
		sub = bops_node_hash(n->items[i]);
		h = bops_hash_mix(h, &sub, sizeof(sub));
	}
	return h;
}

struct node_probe {
	const struct bops_nodeset *set;
	const struct bops_node *n;
};

static bool
same_node(size_t i, const void *arg)
{
	const struct node_probe *p = arg;

	return bops_node_equal(p->set->v[i], p->n);
}

void
bops_nodeset_release(struct bops_nodeset *set)
{
	if (set->h) {
		bops_hash_release(set->h);
		free(set->h);
	}
	free(set->v);
	set->h = NULL;
	set->v = NULL;
	set->n = set->alloc = 0;
}

bool
bops_nodeset_has(const struct bops_nodeset *set, const struct bops_node *n)
{
	struct node_probe p = { set, n };

	return set->h && bops_hash_find(set->h, bops_node_hash(n), same_node,
	    &p) != BOPS_HASH_NONE;
}

bool
bops_nodeset_add(struct bops_nodeset *set, const struct bops_node *n)
{
	struct node_probe p = { set, n };
	uint64_t h = bops_node_hash(n);

	if (set->h == NULL) {
		set->h = bops_malloc(sizeof(*set->h));
		bops_hash_init(set->h);
	} else if (bops_hash_find(set->h, h, same_node, &p) != BOPS_HASH_NONE)
		return false;
	if (set->n == set->alloc) {
		set->alloc = set->alloc ? set->alloc * 2 : 16;
		set->v = bops_realloc(set->v, set->alloc * sizeof(*set->v));
	}
	set->v[set->n] = n;
	bops_hash_add(set->h, h, set->n++);
	return true;
}

void
bops_nodeset_of(struct bops_nodeset *set, const struct bops_node *seq)
{
	size_t i;

	for (i = 0; seq && i < seq->n; i++)
		(void)bops_nodeset_add(set, seq->items[i]);
}

void
bops_node_set_str(struct bops_node *n, const char *s,
    enum bops_scalar_style style)
{
	char *copy = bops_strdup(s);

	if (str_is_own(n))
		free(n->str);
	n->str = copy;
	n->len = strlen(copy);
	n->style = style;
}

void
bops_node_seq_append(struct bops_node *seq, struct bops_node *item)
{
	grow(seq);
	seq->items[seq->n++] = item;
}

void
bops_node_seq_remove(struct bops_node *seq, size_t i)
{
	if (i >= seq->n)
		return;
	bops_node_free(seq->items[i]);
	memmove(&seq->items[i], &seq->items[i + 1],
	    (seq->n - i - 1) * sizeof(*seq->items));
	seq->n--;
}

struct bops_node *
bops_node_seq_find(const struct bops_node *seq, const char *key,
    const char *value)
{
	const char *s;
	size_t i;

	for (i = 0; seq && i < seq->n; i++)
		if ((s = bops_node_map_str(seq->items[i], key)) &&
		    strcmp(s, value) == 0)
			return seq->items[i];
	return NULL;
}

struct key_probe {
	const struct bops_node *map;
	const char *key;
};

static bool
same_key(size_t i, const void *arg)
{
	const struct key_probe *p = arg;

	return strcmp(p->map->keys[i], p->key) == 0;
}

/* The index is a cache: building it leaves the map's content alone. */
static void
index_build(struct bops_node *map)
{
	size_t i;

	map->index = bops_malloc(sizeof(*map->index));
	bops_hash_init(map->index);
	for (i = 0; i < map->n; i++)
		bops_hash_add(map->index, key_hash(map->keys[i]), i);
}

long
bops_node_map_index(const struct bops_node *map, const char *key)
{
	struct key_probe probe = { map, key };
	size_t i;

	if (map == NULL || map->type != BOPS_NODE_MAP)
		return -1;
	if (map->n < INDEX_MIN) {
		for (i = 0; i < map->n; i++)
			if (strcmp(map->keys[i], key) == 0)
				return (long)i;
		return -1;
	}
	if (map->index == NULL)
		index_build((struct bops_node *)map);
	i = bops_hash_find(map->index, key_hash(key), same_key, &probe);
	return i == BOPS_HASH_NONE ? -1 : (long)i;
}

struct bops_node *
bops_node_map_get(const struct bops_node *map, const char *key)
{
	long i = bops_node_map_index(map, key);

	return i < 0 ? NULL : map->items[i];
}

const char *
bops_node_map_str(const struct bops_node *map, const char *key)
{
	const struct bops_node *v = bops_node_map_get(map, key);

	return v && v->type == BOPS_NODE_SCALAR ? v->str : NULL;
}

void
bops_node_map_insert(struct bops_node *map, size_t pos, const char *key,
    struct bops_node *value)
{
	grow(map);
	if (pos > map->n)
		pos = map->n;
	if (pos < map->n)
		index_drop(map);
	else if (map->index)
		bops_hash_add(map->index, key_hash(key), pos);
	memmove(&map->keys[pos + 1], &map->keys[pos],
	    (map->n - pos) * sizeof(*map->keys));
	memmove(&map->items[pos + 1], &map->items[pos],
	    (map->n - pos) * sizeof(*map->items));
	map->keys[pos] = bops_strdup(key);
	map->items[pos] = value;
	map->n++;
}

void
bops_node_map_set(struct bops_node *map, const char *key,
    struct bops_node *value)
{
	long i = bops_node_map_index(map, key);

	if (i >= 0) {
		bops_node_free(map->items[i]);
		map->items[i] = value;
		return;
	}
	bops_node_map_insert(map, map->n, key, value);
}

void
bops_node_map_set_str(struct bops_node *map, const char *key, const char *s,
    enum bops_scalar_style style)
{
	bops_node_map_set(map, key, bops_node_new_scalar(s, style));
}

struct bops_node *
bops_node_map_take(struct bops_node *map, const char *key)
{
	long i = bops_node_map_index(map, key);
	struct bops_node *v;

	if (i < 0)
		return NULL;
	index_drop(map);
	v = map->items[i];
	free(map->keys[i]);
	memmove(&map->keys[i], &map->keys[i + 1],
	    (map->n - (size_t)i - 1) * sizeof(*map->keys));
	memmove(&map->items[i], &map->items[i + 1],
	    (map->n - (size_t)i - 1) * sizeof(*map->items));
	map->n--;
	return v;
}

void
bops_node_map_reorder(struct bops_node *map, const size_t *order, size_t n)
{
	char **keys = bops_calloc(map->alloc + 1, sizeof(*keys));
	struct bops_node **items = bops_calloc(map->alloc + 1,
	    sizeof(*items));
	size_t i;

	index_drop(map);
	for (i = 0; i < n; i++) {
		keys[i] = map->keys[order[i]];
		items[i] = map->items[order[i]];
		map->keys[order[i]] = NULL;
		map->items[order[i]] = NULL;
	}
	for (i = 0; i < map->n; i++) {
		free(map->keys[i]);
		bops_node_free(map->items[i]);
	}
	free(map->keys);
	free(map->items);
	map->keys = keys;
	map->items = items;
	map->n = n;
}

bool
bops_node_map_remove(struct bops_node *map, const char *key)
{
	struct bops_node *v = bops_node_map_take(map, key);
	bool found = v != NULL;

	bops_node_free(v);
	return found;
}

static void
put_varint(struct bops_buf *out, size_t v)
{
	while (v >= 0x80) {
		bops_buf_putc(out, (int)(v & 0x7f) | 0x80);
		v >>= 7;
	}
	bops_buf_putc(out, (int)v);
}

static bool
get_varint(const unsigned char **p, const unsigned char *end, size_t *v)
{
	unsigned shift = 0;

	*v = 0;
	while (*p < end && shift < 63) {
		unsigned char c = *(*p)++;

		*v |= (size_t)(c & 0x7f) << shift;
		if (!(c & 0x80))
			return true;
		shift += 7;
	}
	return false;
}

void
bops_node_pack(struct bops_buf *out, const struct bops_node *n)
{
	size_t i;

	bops_buf_putc(out, (int)n->type | ((int)n->style << 2) |
	    (n->quoted ? 0x10 : 0));
	if (n->type == BOPS_NODE_SCALAR) {
		put_varint(out, n->len);
		bops_buf_put(out, n->str, n->len);
		return;
	}
	put_varint(out, n->n);
	for (i = 0; i < n->n; i++) {
		if (n->type == BOPS_NODE_MAP) {
			size_t klen = strlen(n->keys[i]);

			put_varint(out, klen);
			bops_buf_put(out, n->keys[i], klen);
		}
		bops_node_pack(out, n->items[i]);
	}
}

static struct bops_node *
unpack(const unsigned char **p, const unsigned char *end, unsigned depth)
{
	struct bops_node *n;
	size_t count, len, i;
	unsigned char tag;
	char *key;

	if (*p >= end || depth > 64)
		return NULL;
	tag = *(*p)++;
	if ((tag & 3) == BOPS_NODE_SCALAR) {
		if (!get_varint(p, end, &len) || len > (size_t)(end - *p))
			return NULL;
		n = bops_node_new_scalarn((const char *)*p, len,
		    (enum bops_scalar_style)((tag >> 2) & 3));
		n->quoted = (tag & 0x10) != 0;
		*p += len;
		return n;
	}
	if ((tag & 3) > BOPS_NODE_MAP || !get_varint(p, end, &count) ||
	    count > (size_t)(end - *p))
		return NULL;
	n = node_new((enum bops_node_type)(tag & 3));
	if (count) {
		/* The count is known: one allocation, no growing. */
		n->alloc = count;
		n->items = bops_malloc(count * sizeof(*n->items));
		if (n->type == BOPS_NODE_MAP)
			n->keys = bops_malloc(count * sizeof(*n->keys));
	}
	for (i = 0; i < count; i++) {
		struct bops_node *item;

		key = NULL;
		if (n->type == BOPS_NODE_MAP) {
			if (!get_varint(p, end, &len) ||
			    len > (size_t)(end - *p))
				goto fail;
			key = bops_strndup((const char *)*p, len);
			*p += len;
		}
		if ((item = unpack(p, end, depth + 1)) == NULL) {
			free(key);
			goto fail;
		}
		grow(n);
		if (key)
			n->keys[n->n] = key;
		n->items[n->n++] = item;
	}
	return n;
fail:
	bops_node_free(n);
	return NULL;
}

struct bops_node *
bops_node_unpack(const unsigned char *data, size_t len, size_t *used)
{
	const unsigned char *p = data;
	struct bops_node *n = unpack(&p, data + len, 0);

	*used = (size_t)(p - data);
	return n;
}

/*
 * A frozen tree's block: its nodes first (the root at the start), then
 * the arrays of items and keys, then the text.
 */
struct block {
	struct bops_node *node;
	void **ptr;
	char *text;
	const unsigned char *end;	/* of the packed bytes */
};

/*
 * Check one packed node as unpack would and count what its tree takes:
 * nodes, pointers (items and keys) and bytes of text.
 */
static bool
measure(const unsigned char **p, const unsigned char *end, unsigned depth,
    size_t *nodes, size_t *ptrs, size_t *text)
{
	size_t count, len, i;
	unsigned char tag;

	if (*p >= end || depth > 64)
		return false;
	tag = *(*p)++;
	++*nodes;
	if ((tag & 3) == BOPS_NODE_SCALAR) {
		if (!get_varint(p, end, &len) || len > (size_t)(end - *p))
			return false;
		*p += len;
		*text += len + 1;
		return true;
	}
	if ((tag & 3) > BOPS_NODE_MAP || !get_varint(p, end, &count) ||
	    count > (size_t)(end - *p))
		return false;
	*ptrs += (tag & 3) == BOPS_NODE_MAP ? 2 * count : count;
	for (i = 0; i < count; i++) {
		if ((tag & 3) == BOPS_NODE_MAP) {
			if (!get_varint(p, end, &len) ||
			    len > (size_t)(end - *p))
				return false;
			*p += len;
			*text += len + 1;
		}
		if (!measure(p, end, depth + 1, nodes, ptrs, text))
			return false;
	}
	return true;
}

static char *
block_text(struct block *b, const unsigned char *s, size_t len)
{
	char *t = b->text;

	memcpy(t, s, len);
	t[len] = '\0';
	b->text += len + 1;
	return t;
}

/* Fill b with the node at *p, which measure has checked. */
static struct bops_node *
thaw_into(struct block *b, const unsigned char **p)
{
	struct bops_node *n = b->node++;
	unsigned char tag = *(*p)++;
	size_t count, len, i;

	memset(n, 0, sizeof(*n));
	n->frozen = 1;
	n->type = (enum bops_node_type)(tag & 3);
	n->str = empty;
	if (n->type == BOPS_NODE_SCALAR) {
		(void)get_varint(p, b->end, &len);
		n->style = (enum bops_scalar_style)((tag >> 2) & 3);
		n->quoted = (tag & 0x10) != 0;
		n->str = block_text(b, *p, len);
		n->len = len;
		*p += len;
		return n;
	}
	(void)get_varint(p, b->end, &count);
	n->n = n->alloc = count;
	if (count) {
		n->items = (struct bops_node **)b->ptr;
		b->ptr += count;
	}
	if (count && n->type == BOPS_NODE_MAP) {
		n->keys = (char **)b->ptr;
		b->ptr += count;
	}
	for (i = 0; i < count; i++) {
		if (n->type == BOPS_NODE_MAP) {
			(void)get_varint(p, b->end, &len);
			n->keys[i] = block_text(b, *p, len);
			*p += len;
		}
		n->items[i] = thaw_into(b, p);
	}
	return n;
}

struct bops_node *
bops_node_unpack_frozen(const unsigned char *data, size_t len, size_t *used)
{
	const unsigned char *p = data;
	size_t nodes = 0, ptrs = 0, text = 0;
	struct bops_node *root;
	struct block b;

	if (!measure(&p, data + len, 0, &nodes, &ptrs, &text)) {
		*used = (size_t)(p - data);
		return NULL;
	}
	*used = (size_t)(p - data);
	root = bops_malloc(nodes * sizeof(*root) + ptrs * sizeof(void *) +
	    text);
	b.node = root;
	b.ptr = (void **)(root + nodes);
	b.text = (char *)(b.ptr + ptrs);
	b.end = data + len;
	p = data;
	(void)thaw_into(&b, &p);
	root->frozen = 2;
	return root;
}

/* Step over one packed node; false when it is malformed. */
static bool
skip(const unsigned char **p, const unsigned char *end, unsigned depth)
{
	size_t count, len, i;
	unsigned char tag;

	if (*p >= end || depth > 64)
		return false;
	tag = *(*p)++;
	if ((tag & 3) == BOPS_NODE_SCALAR)
		return get_varint(p, end, &len) &&
		    len <= (size_t)(end - *p) && (*p += len, true);
	if ((tag & 3) > BOPS_NODE_MAP || !get_varint(p, end, &count))
		return false;
	for (i = 0; i < count; i++) {
		if ((tag & 3) == BOPS_NODE_MAP) {
			if (!get_varint(p, end, &len) ||
			    len > (size_t)(end - *p))
				return false;
			*p += len;
		}
		if (!skip(p, end, depth + 1))
			return false;
	}
	return true;
}

bool
bops_node_packed_get(const unsigned char *data, size_t len, const char *key,
    const char **s, size_t *slen)
{
	const unsigned char *p = data, *end = data + len;
	size_t count, klen, vlen, i, want = strlen(key);

	if (p >= end || (*p++ & 3) != BOPS_NODE_MAP ||
	    !get_varint(&p, end, &count))
		return false;
	for (i = 0; i < count; i++) {
		if (!get_varint(&p, end, &klen) || klen > (size_t)(end - p))
			return false;
		if (klen == want && memcmp(p, key, klen) == 0) {
			p += klen;
			if (p >= end || (*p++ & 3) != BOPS_NODE_SCALAR ||
			    !get_varint(&p, end, &vlen) ||
			    vlen > (size_t)(end - p))
				return false;
			*s = (const char *)p;
			*slen = vlen;
			return true;
		}
		p += klen;
		if (!skip(&p, end, 0))
			return false;
	}
	return false;
}

size_t
bops_node_packed_size(const unsigned char *data, size_t len)
{
	const unsigned char *p = data;

	return skip(&p, data + len, 0) ? (size_t)(p - data) : 0;
}

bool
bops_node_packed_count(const unsigned char **p, const unsigned char *end,
    size_t *count)
{
	if (*p >= end || (**p & 3) == BOPS_NODE_SCALAR)
		return false;
	(*p)++;
	return get_varint(p, end, count);
}

bool
bops_node_packed_key(const unsigned char **p, const unsigned char *end,
    const unsigned char **key, size_t *len)
{
	if (!get_varint(p, end, len) || *len > (size_t)(end - *p))
		return false;
	*key = *p;
	*p += *len;
	return true;
}

bool
bops_node_packed_scalar(const unsigned char *data, size_t len,
    const char **s, size_t *slen)
{
	const unsigned char *p = data, *end = data + len;

	if (p >= end || (*p++ & 3) != BOPS_NODE_SCALAR ||
	    !get_varint(&p, end, slen) || *slen > (size_t)(end - p))
		return false;
	*s = (const char *)p;
	return true;
}
