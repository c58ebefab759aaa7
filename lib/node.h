/*
 * node.h: an in-memory YAML document, independent of libyaml.
 *
 * A document is a tree of nodes: scalars (always text; the schema gives
 * them a type), sequences and mappings with ordered, unique keys.  Every
 * node remembers where it was read (line and column from 1; 0 for nodes
 * built in memory) so that validation can say `path:line:col: message`.
 *
 * Ownership: a parent owns its children.  bops_node_free() frees a whole
 * subtree.  Getters return borrowed pointers, valid until the parent
 * changes or is freed.
 */
#ifndef BOPS_NODE_H
#define BOPS_NODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bops_buf;
struct bops_hash;

enum bops_node_type {
	BOPS_NODE_SCALAR,
	BOPS_NODE_SEQ,
	BOPS_NODE_MAP,
};

/*
 * How a scalar is emitted.  TEXT is user text: emitted plain when that
 * reads back as the same string in YAML 1.1 and 1.2, quoted when it would
 * read as something else (`NO`, `1.10`, `null`, `0x1F`, leading spaces),
 * as a literal block when it holds a newline.  RAW is a value the schema
 * has already made canonical (numbers, dates, instants, durations, enum
 * words): emitted plain.
 */
enum bops_scalar_style {
	BOPS_SCALAR_TEXT,
	BOPS_SCALAR_RAW,
};

struct bops_node {
	enum bops_node_type type;
	enum bops_scalar_style style;	/* scalars */
	bool quoted;		/* scalar was quoted or a block in the source */
	unsigned char frozen;	/* bops_node_unpack_frozen's: 1 in its
				   block, 2 the block's first node; private */
	char *str;		/* scalar text, NUL-terminated, never NULL */
	size_t len;		/* scalar length in bytes */
	size_t n;		/* seq items or map pairs */
	size_t alloc;
	char **keys;		/* map keys, n of them */
	struct bops_node **items; /* seq items or map values */
	unsigned line, col;	/* from 1; 0 when built in memory */
	unsigned key_line, key_col; /* for map values: where the key was */
	char *comment;		/* map values: emitted as "# ..." lines
				   before the key; NULL for none */
	struct bops_hash *index; /* maps: key -> position, built by the
				   first lookup in a large map; private */
};

/* New nodes, the caller's: free with bops_node_free(), or hand them to a
 * parent (bops_node_seq_push, bops_node_map_set), which then owns them. */
struct bops_node *bops_node_new_scalar(const char *s,
    enum bops_scalar_style style);
struct bops_node *bops_node_new_scalarn(const char *s, size_t len,
    enum bops_scalar_style style);
struct bops_node *bops_node_new_seq(void);
struct bops_node *bops_node_new_map(void);
void bops_node_free(struct bops_node *n);
/* A deep copy, marks included, the caller's (bops_node_free()). */
struct bops_node *bops_node_dup(const struct bops_node *n);
/* Deep equality of type, text and structure (marks and styles ignored). */
bool bops_node_equal(const struct bops_node *a, const struct bops_node *b);

/*
 * A hash of what bops_node_equal compares (type, text, keys, structure;
 * not marks or styles): equal nodes hash alike.  Linear in the size.
 */
uint64_t bops_node_hash(const struct bops_node *n);

/*
 * A set of borrowed nodes, compared by bops_node_equal, for "is this
 * item in that list" over large lists.
 */
struct bops_nodeset {
	struct bops_hash *h;
	const struct bops_node **v;
	size_t n, alloc;
};
#define BOPS_NODESET_INIT { NULL, NULL, 0, 0 }
void bops_nodeset_release(struct bops_nodeset *set);
/* Add n (borrowed); true when it was new. */
bool bops_nodeset_add(struct bops_nodeset *set, const struct bops_node *n);
/* Whether the set holds a node equal to n. */
bool bops_nodeset_has(const struct bops_nodeset *set,
    const struct bops_node *n);
/* The set of a sequence's items (seq may be NULL: the empty set). */
void bops_nodeset_of(struct bops_nodeset *set, const struct bops_node *seq);

/* Replace a scalar's text. */
void bops_node_set_str(struct bops_node *n, const char *s,
    enum bops_scalar_style style);

/* Sequences: append takes ownership of item. */
void bops_node_seq_append(struct bops_node *seq, struct bops_node *item);
/* Remove and free item i. */
void bops_node_seq_remove(struct bops_node *seq, size_t i);
/*
 * The first map of seq (may be NULL) whose scalar at key is value: a
 * keyed list's item (a key result by id, an experiment by name).
 * Borrowed from seq; NULL when none is.  A linear scan.
 */
struct bops_node *bops_node_seq_find(const struct bops_node *seq,
    const char *key, const char *value);

/*
 * Mappings.  A lookup in a map of more than a few keys goes through an
 * index (hash.h) built by the first lookup and kept up to date by
 * appends, so looking up every key of a large map is linear; inserting
 * anywhere but at the end, taking or removing a key drops the index (the
 * next lookup rebuilds it).  A map's keys and items arrays are changed
 * through these functions only.
 */
/* The value for key, or NULL; borrowed from the map. */
struct bops_node *bops_node_map_get(const struct bops_node *map,
    const char *key);
/* The index of key, or -1. */
long bops_node_map_index(const struct bops_node *map, const char *key);
/* The scalar text for key, or NULL when absent or not a scalar. */
const char *bops_node_map_str(const struct bops_node *map, const char *key);
/*
 * Set key to value (ownership taken).  An existing value is freed and
 * replaced in place; a new key is appended.
 */
void bops_node_map_set(struct bops_node *map, const char *key,
    struct bops_node *value);
/* Shorthand: set key to a new scalar. */
void bops_node_map_set_str(struct bops_node *map, const char *key,
    const char *s, enum bops_scalar_style style);
/* Insert key at position pos (0..n); key must not exist yet. */
void bops_node_map_insert(struct bops_node *map, size_t pos, const char *key,
    struct bops_node *value);
/* Remove key and free its value; returns whether it was there. */
bool bops_node_map_remove(struct bops_node *map, const char *key);
/* Detach the value of key without freeing it (NULL when absent). */
struct bops_node *bops_node_map_take(struct bops_node *map, const char *key);
/*
 * Keep the n entries at positions order[0..n-1], in that order, and free
 * the others.  No position may appear twice.  Linear in map->n.
 */
void bops_node_map_reorder(struct bops_node *map, const size_t *order,
    size_t n);

/*
 * A compact binary form of a tree, for the cache: types, styles and
 * text, without marks or comments.  bops_node_unpack() returns a new
 * tree, the caller's (bops_node_free()), or NULL on malformed input, and
 * sets *used to the bytes consumed.
 */
void bops_node_pack(struct bops_buf *out, const struct bops_node *n);
struct bops_node *bops_node_unpack(const unsigned char *data, size_t len,
    size_t *used);
/*
 * The same tree in one allocation: its nodes, their arrays and text in
 * one block, which bops_node_free of the root frees at once, for a
 * reader that decodes many records (a list).  Such a tree is read-only:
 * no node of it is changed (set, append, insert, remove, take, reorder)
 * or freed but the root, and none outlives the root.
 */
struct bops_node *bops_node_unpack_frozen(const unsigned char *data,
    size_t len, size_t *used);
/*
 * The scalar at `key` of the map packed in data[0..len), read in place
 * without unpacking the tree: *s (not NUL-terminated, borrowed from data)
 * and *slen.  False when data holds no map, or the key is absent or is
 * no scalar.
 */
bool bops_node_packed_get(const unsigned char *data, size_t len,
    const char *key, const char **s, size_t *slen);
/* The size of the packed node at data, or 0 when it is malformed. */
size_t bops_node_packed_size(const unsigned char *data, size_t len);
/*
 * Walking a packed map or sequence in place: _count steps over its tag
 * and reads its count of items; then, for a map, _key reads each key
 * (*p then at its value, which bops_node_packed_size steps over).  False
 * on a scalar or malformed input.
 */
bool bops_node_packed_count(const unsigned char **p, const unsigned char *end,
    size_t *count);
bool bops_node_packed_key(const unsigned char **p, const unsigned char *end,
    const unsigned char **key, size_t *len);
/* The text of the packed scalar at data, in place; false for any other
 * node. */
bool bops_node_packed_scalar(const unsigned char *data, size_t len,
    const char **s, size_t *slen);

#endif
