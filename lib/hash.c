/*
 * hash.c: SipHash-1-3 (Aumasson and Bernstein) under a per-process
 * random key, and a linear-probing table of (hash, value) pairs.
 *
 * A fixed hash such as FNV would let a record be written whose keys all
 * share their low bits; then every probe walks one long run and loading
 * it is quadratic.  The random key takes that choice away from the
 * writer.  If getrandom() fails (a kernel without it), the key comes
 * from the clock and addresses: weaker, never fatal.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "hash.h"
#include "banned.h"

static uint64_t key0, key1;
static bool keyed;

static void
make_key(void)
{
	uint64_t k[2];
	size_t got = 0;
	ssize_t n;
	struct timespec ts;

	while (got < sizeof(k)) {
		n = getrandom((char *)k + got, sizeof(k) - got, GRND_NONBLOCK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (got < sizeof(k)) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		k[0] = (uint64_t)ts.tv_nsec ^ (uint64_t)(uintptr_t)&got;
		k[1] = (uint64_t)ts.tv_sec ^ ((uint64_t)getpid() << 32) ^
		    (uint64_t)(uintptr_t)&key0;
	}
	key0 = k[0];
	key1 = k[1];
	keyed = true;
}

#define ROTL(x, b) (uint64_t)(((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND do { \
	v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32); \
	v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2; \
	v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0; \
	v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32); \
} while (0)

static uint64_t
load64(const unsigned char *p, size_t n)
{
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static uint64_t
siphash13(uint64_t k0, uint64_t k1, const unsigned char *p, size_t len)
{
	uint64_t v0 = k0 ^ UINT64_C(0x736f6d6570736575);
	uint64_t v1 = k1 ^ UINT64_C(0x646f72616e646f6d);
	uint64_t v2 = k0 ^ UINT64_C(0x6c7967656e657261);
	uint64_t v3 = k1 ^ UINT64_C(0x7465646279746573);
	uint64_t m, b = (uint64_t)len << 56;
	size_t left = len;

	for (; left >= 8; p += 8, left -= 8) {
		m = load64(p, 8);
		v3 ^= m;
		SIPROUND;
		v0 ^= m;
	}
	b |= load64(p, left);
	v3 ^= b;
	SIPROUND;
	v0 ^= b;
	v2 ^= 0xff;
	SIPROUND;
	SIPROUND;
	SIPROUND;
	return v0 ^ v1 ^ v2 ^ v3;
}

uint64_t
bops_hash(const void *data, size_t len)
{
	if (!keyed)
		make_key();
	return siphash13(key0, key1, data, len);
}

uint64_t
bops_hash_mix(uint64_t h, const void *data, size_t len)
{
	if (!keyed)
		make_key();
	return siphash13(key0 ^ h, key1, data, len);
}

void
bops_hash_init(struct bops_hash *h)
{
	h->slots = NULL;
	h->nslots = 0;
	h->n = 0;
}

void
bops_hash_release(struct bops_hash *h)
{
	free(h->slots);
	bops_hash_init(h);
}

static void
put_slot(struct bops_hash_slot *slots, size_t nslots, uint64_t hash,
    size_t stored)
{
	size_t i, mask = nslots - 1;

	for (i = (size_t)hash & mask; slots[i].value; i = (i + 1) & mask)
		;
	slots[i].hash = hash;
	slots[i].value = stored;
}

void
bops_hash_add(struct bops_hash *h, uint64_t hash, size_t value)
{
	struct bops_hash_slot *old = h->slots;
	size_t i, nold = h->nslots;

	/* At most half full, so a probe ends soon. */
	if ((h->n + 1) * 2 > h->nslots) {
		h->nslots = h->nslots ? h->nslots * 2 : 16;
		h->slots = bops_calloc(h->nslots, sizeof(*h->slots));
		for (i = 0; i < nold; i++)
			if (old[i].value)
				put_slot(h->slots, h->nslots, old[i].hash,
				    old[i].value);
		free(old);
	}
	put_slot(h->slots, h->nslots, hash, value + 1);
	h->n++;
}

size_t
bops_hash_find(const struct bops_hash *h, uint64_t hash, bops_hash_eq_fn eq,
    const void *arg)
{
	size_t i, mask = h->nslots - 1;

	if (h->nslots == 0)
		return BOPS_HASH_NONE;
	for (i = (size_t)hash & mask; h->slots[i].value; i = (i + 1) & mask)
		if (h->slots[i].hash == hash &&
		    eq(h->slots[i].value - 1, arg))
			return h->slots[i].value - 1;
	return BOPS_HASH_NONE;
}

/* String sets. */

struct probe {
	const struct bops_strset *set;
	const char *s;
	size_t len;
};

static bool
same_string(size_t value, const void *arg)
{
	const struct probe *p = arg;

	return p->set->len[value] == p->len &&
	    memcmp(p->set->s[value], p->s, p->len) == 0;
}

void
bops_strset_release(struct bops_strset *set)
{
	bops_hash_release(&set->h);
	free(set->s);
	free(set->len);
	set->s = NULL;
	set->len = NULL;
	set->n = set->alloc = 0;
}

size_t
bops_strset_find(const struct bops_strset *set, const char *s, size_t len)
{
	struct probe p = { set, s, len };

	return bops_hash_find(&set->h, bops_hash(s, len), same_string, &p);
}

bool
bops_strset_add(struct bops_strset *set, const char *s, size_t len)
{
	struct probe p = { set, s, len };
	uint64_t hash = bops_hash(s, len);

	if (bops_hash_find(&set->h, hash, same_string, &p) != BOPS_HASH_NONE)
		return false;
	if (set->n == set->alloc) {
		set->alloc = set->alloc ? set->alloc * 2 : 16;
		set->s = bops_realloc(set->s, set->alloc * sizeof(*set->s));
		set->len = bops_realloc(set->len,
		    set->alloc * sizeof(*set->len));
	}
	set->s[set->n] = s;
	set->len[set->n] = len;
	bops_hash_add(&set->h, hash, set->n++);
	return true;
}

/*
 * Four independent lanes over 32-byte blocks, each word xored in and
 * multiplied by an odd constant: a bijection of the lane for each word,
 * so a change confined to one word always shows, and the multiplies
 * overlap.  The lanes, the tail and the length are mixed at the end.
 */
static uint64_t
mix(uint64_t h, uint64_t w)
{
	h = (h ^ w) * UINT64_C(0x100000001b3);
	return h ^ (h >> 29);
}

uint64_t
bops_checksum(const void *data, size_t len)
{
	const uint64_t k = UINT64_C(0x9e3779b97f4a7c15);
	const unsigned char *p = data;
	uint64_t a = UINT64_C(14695981039346656037), b = a ^ 1, c = a ^ 2;
	uint64_t d = a ^ 3, w[4], h;

	for (; len >= 32; p += 32, len -= 32) {
		memcpy(w, p, 32);
		a = (a ^ w[0]) * k;
		b = (b ^ w[1]) * k;
		c = (c ^ w[2]) * k;
		d = (d ^ w[3]) * k;
	}
	h = mix(mix(mix(mix(0, a), b), c), d);
	for (; len >= 8; p += 8, len -= 8) {
		memcpy(w, p, 8);
		h = mix(h, w[0]);
	}
	for (; len > 0; p++, len--)
		h = mix(h, *p);
	h = mix(h, (uint64_t)(p - (const unsigned char *)data));
	return h ^ (h >> 32);
}
