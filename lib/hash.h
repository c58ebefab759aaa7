/*
 * hash.h: lookups that stay linear on hostile input.
 *
 * Records are hostile input: a file of 100,000 keys must load, validate,
 * merge and emit in time linear in its size, so every "have we seen
 * this" goes through a hash table, never through a nested loop.
 *
 * bops_hash() is SipHash-1-3 under a 128-bit key drawn from getrandom()
 * the first time it is needed: whoever writes a record cannot know the
 * key, so cannot choose keys that all fall in one bucket.  The key only
 * changes speed, never a result: nothing iterates a table.
 *
 * struct bops_hash maps 64-bit hashes to values (size_t, often an index
 * into the caller's array).  It keeps no keys: a lookup offers each
 * value stored under the same hash to the caller's `eq`, which says
 * whether it is the one sought.  Tables grow; they never shrink or
 * delete.  Allocation failure aborts (buf.h).
 *
 *	struct bops_hash h = BOPS_HASH_INIT;
 *	bops_hash_add(&h, bops_hash(s, len), i);
 *	i = bops_hash_find(&h, bops_hash(s, len), same_string, s);
 *	bops_hash_release(&h);
 *
 * struct bops_strset is the common case: a set of byte strings, which
 * it borrows (they must outlive the set).
 */
#ifndef BOPS_HASH_H
#define BOPS_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The keyed hash of len bytes at data. */
uint64_t bops_hash(const void *data, size_t len);

/*
 * Continue a hash over several pieces: start with BOPS_HASH_SEED and
 * fold each piece in with bops_hash_mix(); the result depends on the
 * pieces and their order.
 */
#define BOPS_HASH_SEED UINT64_C(0x9e3779b97f4a7c15)
uint64_t bops_hash_mix(uint64_t h, const void *data, size_t len);

struct bops_hash_slot {
	uint64_t hash;
	size_t value;		/* value + 1; 0: an empty slot */
};

struct bops_hash {
	struct bops_hash_slot *slots;
	size_t nslots;		/* 0 or a power of two */
	size_t n;
};

#define BOPS_HASH_INIT { NULL, 0, 0 }
#define BOPS_HASH_NONE ((size_t)-1)

void bops_hash_init(struct bops_hash *h);
/* Free the slots; h is empty and usable again. */
void bops_hash_release(struct bops_hash *h);

/* Store value under hash (value < BOPS_HASH_NONE; duplicates allowed). */
void bops_hash_add(struct bops_hash *h, uint64_t hash, size_t value);

/* Says whether the entry holding value is the one a lookup wants. */
typedef bool (*bops_hash_eq_fn)(size_t value, const void *arg);

/*
 * The first value stored under hash for which eq(value, arg) is true
 * (in the order they were added), or BOPS_HASH_NONE.
 */
size_t bops_hash_find(const struct bops_hash *h, uint64_t hash,
    bops_hash_eq_fn eq, const void *arg);

/*
 * A checksum of len bytes, the same in every process (no key): for the
 * files bops writes and must check when it reads them back (the cache),
 * to tell a torn or damaged file from a good one.  Not cryptographic; a
 * changed byte always shows.  Four words at a time, so that checking a
 * file costs little next to reading it.
 */
uint64_t bops_checksum(const void *data, size_t len);

/* A set of borrowed byte strings. */
struct bops_strset {
	struct bops_hash h;
	const char **s;
	size_t *len;
	size_t n, alloc;
};

#define BOPS_STRSET_INIT { BOPS_HASH_INIT, NULL, NULL, 0, 0 }

void bops_strset_release(struct bops_strset *set);
/*
 * Add the len bytes at s (borrowed).  Returns true when they were new,
 * false when the set already held them (the set is then unchanged).
 */
bool bops_strset_add(struct bops_strset *set, const char *s, size_t len);
/* The index (order of addition) of s in the set, or BOPS_HASH_NONE. */
size_t bops_strset_find(const struct bops_strset *set, const char *s,
    size_t len);

#endif
