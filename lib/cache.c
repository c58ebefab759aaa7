#include <endian.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#include "cache.h"
#include "file.h"
#include "hash.h"
#include "id.h"
#include "node.h"
#include "record.h"
#include "share.h"
#include "banned.h"

/*
 * Bump when the file format, the packed form or what validation accepts
 * changes (4: the rules of a kind's records join the schema; 5: each
 * record's field offsets, a key table, bops_checksum; 7: the rows).
 *
 * The file: the key line, the count of records, the offset of the key
 * table (both u32, little-endian), then each record: its id's length
 * (u8), the id and a NUL, its blob id in hex, whether it is valid (u8);
 * a valid one then has nk (u8) and nk offsets (u32) of its top-level
 * values in its packed tree, one for each of the first nk keys of the
 * key table (0: absent, else the offset + 1); the length of the packed
 * tree or the message (u32) and its bytes.  Then the key table: how
 * many keys (u8), each as its length (u8) and bytes.  Then a row of
 * ROW_SIZE bytes for each entry (put_rows), from which a read makes its
 * table without walking the entries.  Then the checksum of all that
 * (SUM_LEN bytes).  A sharded kind's file is the base of a
 * delta beside it after a write (<kind>.delta, described at
 * DELTA_SHARDS).
 */
/*
 * The magic changes with what validation makes of a record's bytes (the
 * canonical form of a value), since the cache keeps that by blob: a
 * cache of an older form is built again.
 */
#define CACHE_MAGIC "BOPSCACHE7\n"
/* The file ends in a checksum of the bytes before it. */
#define SUM_LEN 8
/* Threads that parse records, at most. */
#define MAX_THREADS 16
/* A record's keys that get an offset; the others are looked for. */
#define MAX_KEYS 64
/* The fewest bytes of an entry: id length, NUL, blob, valid, length. */
#define MIN_ENTRY (1 + 1 + BOPS_OID_HEXSZ + 1 + 4)
/* A row of the table of entries at the end of the file. */
#define ROW_SIZE 16
_Static_assert(sizeof(struct bops_cache_entry) <= 24,
    "an entry of the table is made for every record");

struct bops_cache {
	struct bops_cache_entry *entries;
	size_t n, alloc;
	struct bops_buf data;		/* the bytes of a cache built here */
	const void *map;		/* or of the file, mapped */
	size_t maplen;
	const unsigned char *bytes;	/* what entries point into: data's
					   or map's */
	size_t size;
	char *keys[MAX_KEYS];		/* the key table */
	size_t nkeys;
	char *note;			/* the file to record at close */
	struct stat seen;		/* the note as mapped or written */
	struct bops_cache *base;	/* a delta's: the base file, whose
					   entries the table merges */
};

static void stat_note(const struct bops_cache *c);

size_t
bops_cache_count(const struct bops_cache *c)
{
	return c->n;
}

const struct bops_cache_entry *
bops_cache_entry(const struct bops_cache *c, size_t i)
{
	return i < c->n ? &c->entries[i] : NULL;
}

const char *
bops_cache_entry_blob(const struct bops_cache_entry *e)
{
	return e->id + e->idlen + 1;
}

size_t
bops_cache_lower_bound(const struct bops_cache *c, const char *key)
{
	size_t lo = 0, hi = c->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(c->entries[mid].id, key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
keys_clear(struct bops_cache *c)
{
	size_t i;

	for (i = 0; i < c->nkeys; i++)
		free(c->keys[i]);
	c->nkeys = 0;
}

bool
bops_cache_keys_complete(const struct bops_cache *c)
{
	return c->nkeys < MAX_KEYS;
}

long
bops_cache_key(const struct bops_cache *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nkeys; i++)
		if (strcmp(c->keys[i], name) == 0)
			return (long)i;
	return -1;
}

/* Where a valid entry's offsets are: just before its data's length. */
static const unsigned char *
entry_offsets(const struct bops_cache_entry *e)
{
	return e->data - 4 - 4 * (size_t)e->nkeys;
}

bool
bops_cache_value(const struct bops_cache_entry *e, long key,
    const unsigned char **p, size_t *len)
{
	uint32_t off;
	size_t n;

	*p = NULL;
	*len = 0;
	if (!e->valid || key < 0 || (size_t)key >= e->nkeys)
		return false;
	memcpy(&off, entry_offsets(e) + 4 * (size_t)key, 4);
	off = le32toh(off);
	if (off == 0 || off - 1 >= e->len)
		return false;
	/* A short scalar, the usual field, without a walk. */
	if (off + 1 < e->len && (e->data[off - 1] & 3) == BOPS_NODE_SCALAR &&
	    e->data[off] < 0x80 && (size_t)e->data[off] + 2 <=
	    e->len - off + 1)
		n = (size_t)e->data[off] + 2;
	else if ((n = bops_node_packed_size(e->data + off - 1,
	    e->len - off + 1)) == 0)
		return false;
	*p = e->data + off - 1;
	*len = n;
	return true;
}

void
bops_cache_close(struct bops_cache *c)
{
	if (c == NULL)
		return;
	if (c->note)
		stat_note(c);
	free(c->note);
	keys_clear(c);
	bops_block_free(c->entries, c->alloc * sizeof(*c->entries));
	bops_buf_release(&c->data);
	bops_file_unmap(c->map, c->maplen);
	bops_cache_close(c->base);
	free(c);
}

/*
 * The table of entries, made once at the count of the file's header,
 * never grown: each entry is a first touch of the heap's pages, and a
 * table grown by doubling touches them again as it is copied.
 */
static void
reserve_entries(struct bops_cache *c, size_t count)
{
	if (count <= c->alloc)
		return;
	bops_block_free(c->entries, c->alloc * sizeof(*c->entries));
	c->alloc = count ? count : 1;
	c->entries = bops_block_alloc(c->alloc * sizeof(*c->entries));
}

/* The next entry of a table that reserve_entries made room for. */
static struct bops_cache_entry *
add_entry(struct bops_cache *c)
{
	memset(&c->entries[c->n], 0, sizeof(c->entries[0]));
	return &c->entries[c->n++];
}

static uint32_t
get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
put32(struct bops_buf *b, uint32_t v)
{
	unsigned char p[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff,
	    (v >> 24) & 0xff };

	bops_buf_put(b, p, 4);
}

static void
put_sum(struct bops_buf *b)
{
	uint64_t h = bops_checksum(b->ptr, b->len);

	put32(b, (uint32_t)h);
	put32(b, (uint32_t)(h >> 32));
}

/*
 * Beside each cache file, <kind>.stat records the file as bops wrote (or
 * last checksummed) it: its device, inode, size, modification and change
 * times and its checksum.  A read whose fstat(2) of the mapped file gives
 * the same line reads bytes that nothing has touched since they were
 * checksummed: it skips the checksum of the whole file (21 million
 * instructions at 100k records) and checks the structure alone, as for
 * bytes made in this process, which never crashes.  Anything else (no
 * record, another file, a change in place, even one that kept the size
 * and the modification time, since the change time cannot be set back)
 * is checksummed as before.  The record is made when the cache is
 * closed, of the file as it was mapped and checksummed or written (a
 * change since then makes none), and only once the stamp of its last
 * change is settled (bops_cache_stamp_settled): a change within the
 * same clock tick, or the same second on a file system with coarse
 * stamps, would keep its times.  A rebuild checksums the old file
 * whatever its record says: its entries go into a new checksummed file.
 */
static void
stat_line(struct bops_buf *out, const struct stat *st,
    const unsigned char *bytes, size_t size)
{
	const unsigned char *sum = bytes + size - SUM_LEN;

	bops_buf_printf(out, "BOPSSTAT1 %ju %ju %jd %jd.%09ld %jd.%09ld "
	    "%08x%08x\n", (uintmax_t)st->st_dev, (uintmax_t)st->st_ino,
	    (intmax_t)st->st_size, (intmax_t)st->st_mtim.tv_sec,
	    st->st_mtim.tv_nsec, (intmax_t)st->st_ctim.tv_sec,
	    st->st_ctim.tv_nsec, (unsigned)get32(sum),
	    (unsigned)get32(sum + 4));
}

static const char *
stat_path(struct bops_buf *out, const char *cache_path)
{
	bops_buf_reset(out);
	bops_buf_printf(out, "%s.stat", cache_path);
	return out->ptr;
}

/* Whether the record vouches for the cache file mapped with stat st. */
static bool
stat_trusted(const char *cache_path, const struct stat *st,
    const unsigned char *bytes, size_t size)
{
	struct bops_buf p = BOPS_BUF_INIT, want = BOPS_BUF_INIT;
	const void *rec = NULL;
	size_t len = 0;
	bool ok;

	if (size < SUM_LEN || (size_t)st->st_size != size)
		return false;
	stat_line(&want, st, bytes, size);
	ok = bops_file_map(&rec, &len, NULL, stat_path(&p, cache_path)) ==
	    NULL && len == want.len && memcmp(rec, want.ptr, len) == 0;
	bops_file_unmap(rec, len);
	bops_buf_release(&p);
	bops_buf_release(&want);
	return ok;
}

/* File systems whose stamps a change can keep or that another machine
 * changes (statfs(2) f_type): no record is made on them. */
static const long network_fs[] = {
	0x6969,		/* NFS */
	0xff534d42,	/* CIFS */
	0xfe534d42,	/* SMB2 */
	0x517b,		/* SMB */
	0x01021997,	/* 9p */
	0x65735546,	/* FUSE (sshfs, and any file system in user space) */
	0x00c36400,	/* Ceph */
	0x5346414f,	/* AFS */
	0x6b414653,	/* kAFS */
	0x73757245,	/* Coda */
	0x564c,		/* NCP */
	0x47504653,	/* GPFS */
	0x0bd00bd0,	/* Lustre */
};

bool
bops_cache_stamp_settled(const struct stat *st, const struct timespec *now,
    long fs_type)
{
	size_t i;

	for (i = 0; i < sizeof(network_fs) / sizeof(network_fs[0]); i++)
		if ((unsigned long)fs_type == (unsigned long)network_fs[i] ||
		    (uint32_t)fs_type == (uint32_t)network_fs[i])
			return false;
	/* Whole seconds: a file system stamping by 1 s or 2 s (FAT). */
	if (st->st_mtim.tv_nsec == 0 && st->st_ctim.tv_nsec == 0)
		return now->tv_sec - st->st_ctim.tv_sec >= 2;
	return now->tv_sec > st->st_ctim.tv_sec ||
	    (now->tv_sec == st->st_ctim.tv_sec &&
	    now->tv_nsec > st->st_ctim.tv_nsec);
}

static bool
same_stat(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
	    a->st_size == b->st_size &&
	    a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	    a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	    a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
	    a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/*
 * Record the cache file at c->note (checksummed or made by this process)
 * as it is now, if it is still the file as c->seen describes it (as
 * mapped and checksummed, or as written: not a file changed since) and
 * if the stamp of its last change is settled.
 */
static void
stat_note(const struct bops_cache *c)
{
	struct bops_buf p = BOPS_BUF_INIT, line = BOPS_BUF_INIT;
	struct timespec now;
	struct statfs fs;
	struct stat st;

	if (c->size >= SUM_LEN && stat(c->note, &st) == 0 &&
	    (size_t)st.st_size == c->size && same_stat(&st, &c->seen) &&
	    statfs(c->note, &fs) == 0 &&
	    clock_gettime(CLOCK_REALTIME_COARSE, &now) == 0 &&
	    bops_cache_stamp_settled(&st, &now, (long)fs.f_type)) {
		stat_line(&line, &st, c->bytes, c->size);
		(void)bops_file_write_cache(stat_path(&p, c->note), line.ptr,
		    line.len);
	}
	bops_buf_release(&p);
	bops_buf_release(&line);
}

/* The key line: what the cached content depends on. */
static void
cache_key(struct bops_buf *out, struct bops_ws *ws,
    const struct bops_kind *kind, const char *tree, const char *config)
{
	char path[96];
	const char *schema;
	size_t len, i;
	uint32_t h = 2166136261u;

	snprintf(path, sizeof(path), "schemas/%s.yaml", kind->name);
	schema = bops_share_get(path, &len);
	for (i = 0; schema && i < len; i++)
		h = (h ^ (unsigned char)schema[i]) * 16777619u;
	bops_buf_printf(out, CACHE_MAGIC "%s %s %08x\n", tree, config,
	    (unsigned)h);
	(void)ws;
}

/*
 * The key line of kind at commit_hex into out, and its tree into tree
 * ("" when the commit has none: then no key).
 */
static const struct bops_error *
key_at(struct bops_buf *out, char tree[BOPS_OID_HEXSZ + 1],
    struct bops_ws *ws, const struct bops_kind *kind, const char *commit_hex)
{
	const struct bops_error *err;
	char config[BOPS_OID_HEXSZ + 1];

	tree[0] = '\0';
	if (commit_hex[0] == '\0')
		return NULL;
	if (strcmp(ws->state.commit, commit_hex) == 0) {
		/* What .git/bops/ remembers of HEAD: no libgit2. */
		memcpy(tree, ws->state.trees[kind->index], BOPS_OID_HEXSZ + 1);
		memcpy(config, ws->state.config, sizeof(config));
	} else if ((err = bops_repo_entry_id(ws->repo, commit_hex, kind->dir,
	    tree)) || (err = bops_repo_entry_id(ws->repo, commit_hex,
	    BOPS_CONFIG_PATH, config)))
		return err;
	if (tree[0] != '\0')
		cache_key(out, ws, kind, tree, config);
	return NULL;
}

const struct bops_error *
bops_cache_key_at(struct bops_buf *out, struct bops_ws *ws,
    const struct bops_kind *kind, const char *commit_hex)
{
	char tree[BOPS_OID_HEXSZ + 1];

	return key_at(out, tree, ws, kind, commit_hex ? commit_hex : ws->head);
}

/*
 * Parse a cache file's bytes into c (entries point into c->data).
 * Returns false when it is not a well-formed cache for key.
 */
static bool parse_entries(struct bops_cache *c, const char *key,
    bool check);
static bool table_of_rows(struct bops_cache *c, const unsigned char *row,
    uint32_t count, size_t start, size_t stop, size_t nk);

/* check: the checksum too, for bytes not made by this process. */
static bool
parse_file(struct bops_cache *c, const char *key, bool check)
{
	if (parse_entries(c, key, check))
		return true;
	c->n = 0;
	keys_clear(c);
	return false;
}

static bool
parse_entries(struct bops_cache *c, const char *key, bool check)
{
	const unsigned char *p, *end, *base, *kt;
	size_t klen = strlen(key), nk;
	uint32_t count, ktoff, j;
	uint64_t sum;

	/* A parse replaces what an earlier one of the same bytes made. */
	c->n = 0;
	keys_clear(c);
	if (c->size < klen + 8 + SUM_LEN || memcmp(c->bytes, key, klen))
		return false;
	base = c->bytes;
	end = base + c->size - SUM_LEN;
	if (check) {
		sum = bops_checksum(base, c->size - SUM_LEN);
		if (get32(end) != (uint32_t)sum || get32(end + 4) != sum >> 32)
			return false;
	}
	p = base + klen;
	count = get32(p);
	ktoff = get32(p + 4);
	p += 8;
	if (ktoff < (size_t)(p - base) || ktoff >= (size_t)(end - base))
		return false;
	/* The key table first: entries are checked against it. */
	kt = base + ktoff;
	nk = *kt++;
	for (j = 0; j < nk; j++) {
		size_t len;

		if (kt >= end)
			return false;
		len = *kt++;
		if (len > (size_t)(end - kt))
			return false;
		c->keys[c->nkeys++] = bops_strndup((const char *)kt, len);
		kt += len;
	}
	/* A count its bytes cannot hold is a lie: no table is made for it. */
	if (count > (size_t)(base + ktoff - p) / MIN_ENTRY ||
	    (size_t)(end - kt) != (size_t)count * ROW_SIZE)
		return false;
	return table_of_rows(c, kt, count, (size_t)(p - base), ktoff, nk);
}

/*
 * The table of entries from the file's rows: each entry is checked to
 * start where the one before it ends (the first at start, the last
 * ending at stop, the key table) and to be laid out as its row says,
 * without reading its bytes: a read of 100,000 entries spread over the
 * file was most of opening it.  An id is NUL-terminated in the file, and
 * a string read past a damaged one stops at a row's last byte, 0.
 */
static bool
table_of_rows(struct bops_cache *c, const unsigned char *row, uint32_t count,
    size_t start, size_t stop, size_t nk)
{
	size_t at = start, head, data, len;
	uint32_t i;

	reserve_entries(c, count);
	for (i = 0; i < count; i++, row += ROW_SIZE) {
		struct bops_cache_entry *e;

		head = 1 + (size_t)row[12] + 1 + BOPS_OID_HEXSZ + 1 +
		    (row[13] ? 1 + 4 * (size_t)row[14] : 0) + 4;
		data = get32(row + 4);
		len = get32(row + 8);
		if (get32(row) != at || data != at + head || row[13] > 1 ||
		    row[14] > nk || (!row[13] && row[14]) || row[15] ||
		    data > stop || len > stop - data)
			return false;
		e = add_entry(c);
		e->id = (const char *)c->bytes + at + 1;
		e->idlen = row[12];
		e->valid = row[13];
		e->nkeys = row[14];
		e->data = c->bytes + data;
		e->len = (uint32_t)len;
		at = data + len;
	}
	return at == stop;
}

/*
 * A record of the new cache, in tree order: an old entry copied as it
 * is, or a blob to parse, which the workers do (parse_jobs).
 */
struct job {
	const struct bops_cache_entry *old;	/* or NULL: parse data */
	char id[BOPS_ID_MAX_LEN + 1];
	char blob[BOPS_OID_HEXSZ + 1];
	struct bops_buf data;		/* the blob, then the packed tree or
					   the message */
	bool valid;
	/*
	 * A failure other than INVALID: its code and a copy of its message,
	 * never the error, which lives in the worker's thread-local ring,
	 * gone once the worker is joined.
	 */
	enum bops_error_code fatal;
	char *fatal_msg;
};

struct build {
	struct job *jobs;
	size_t njobs, alloc, nparse;
	struct bops_cache *keys;	/* the new file's key table */
	struct bops_ws *ws;
	const struct bops_kind *kind;
	const char *commit;
	struct bops_cache *old;		/* may be empty */
	struct bops_buf *out;		/* the new file */
	uint32_t count;
	struct bops_buf scratch;
	struct bops_buf shards;		/* "name tree\n" of the old tree */
	struct shard *old_shards;	/* shards' lines, split and sorted */
	size_t nold_shards;
	struct bops_buf new_shards;	/* the same for the new tree */
};

static const struct bops_cache_entry *
old_entry(struct bops_cache *old, const char *id)
{
	size_t i = bops_cache_lower_bound(old, id);

	return i < old->n && strcmp(old->entries[i].id, id) == 0 ?
	    &old->entries[i] : NULL;
}

static void
write_entry(struct bops_buf *out, const char *id, const char *blob,
    bool valid, const unsigned char *offsets, size_t nk, const void *data,
    size_t len)
{
	size_t idlen = strlen(id);

	bops_buf_putc(out, (int)idlen);
	bops_buf_put(out, id, idlen + 1);
	bops_buf_put(out, blob, BOPS_OID_HEXSZ);
	bops_buf_putc(out, valid);
	if (valid) {
		bops_buf_putc(out, (int)nk);
		bops_buf_put(out, offsets, 4 * nk);
	}
	put32(out, (uint32_t)len);
	bops_buf_put(out, data, len);
}

static void
copy_entry(struct bops_buf *out, const struct bops_cache_entry *e)
{
	write_entry(out, e->id, bops_cache_entry_blob(e), e->valid,
	    entry_offsets(e), e->nkeys, e->data, e->len);
}

/*
 * Write a new valid record: the offsets of its top-level values, the
 * keys new to the table added to it (past MAX_KEYS a key has no offset
 * and is looked for, bops_cache_value says absent).
 */
static void
write_packed(struct bops_buf *out, struct bops_cache *keys, const char *id,
    const char *blob, const unsigned char *data, size_t len)
{
	unsigned char offsets[4 * MAX_KEYS];
	const unsigned char *p = data, *end = data + len;
	size_t count = 0, nk = 0, i, klen, k;

	memset(offsets, 0, sizeof(offsets));
	if (len > 0 && (*p & 3) == BOPS_NODE_MAP && bops_node_packed_count(&p,
	    end, &count))
		for (i = 0; i < count && p < end; i++) {
			const unsigned char *kp;
			uint32_t off;
			size_t n;

			if (!bops_node_packed_key(&p, end, &kp, &klen))
				break;
			for (k = 0; k < keys->nkeys; k++)
				if (strlen(keys->keys[k]) == klen &&
				    memcmp(keys->keys[k], kp, klen) == 0)
					break;
			if (k == keys->nkeys && k < MAX_KEYS && klen < 256)
				keys->keys[keys->nkeys++] = bops_strndup(
				    (const char *)kp, klen);
			if (k < MAX_KEYS) {
				off = htole32((uint32_t)(p - data) + 1);
				memcpy(offsets + 4 * k, &off, 4);
				if (k + 1 > nk)
					nk = k + 1;
			}
			if ((n = bops_node_packed_size(p, (size_t)(end - p)))
			    == 0)
				break;
			p += n;
		}
	write_entry(out, id, blob, true, offsets, nk, data, len);
}

/*
 * The rows of the entries written to out from its offset start to its
 * end (ROW_SIZE bytes each: where the entry starts, where its data
 * starts, its length, its id's length, whether it is valid, its number
 * of offsets, a 0), appended to out.  The entries were just written:
 * they are walked without checks.
 */
static void
put_rows(struct bops_buf *out, size_t start, size_t end)
{
	const unsigned char *b;
	size_t at = start, idlen, nk, data;
	uint32_t len;
	unsigned char row[ROW_SIZE];
	bool valid;

	while (at < end) {
		b = (const unsigned char *)out->ptr;
		idlen = b[at];
		valid = b[at + 1 + idlen + 1 + BOPS_OID_HEXSZ] != 0;
		nk = valid ? b[at + 1 + idlen + 1 + BOPS_OID_HEXSZ + 1] : 0;
		data = at + 1 + idlen + 1 + BOPS_OID_HEXSZ + 1 +
		    (valid ? 1 + 4 * nk : 0) + 4;
		len = get32(b + data - 4);
		memset(row, 0, sizeof(row));
		memcpy(row, &(uint32_t){ htole32((uint32_t)at) }, 4);
		memcpy(row + 4, &(uint32_t){ htole32((uint32_t)data) }, 4);
		memcpy(row + 8, &(uint32_t){ htole32(len) }, 4);
		row[12] = (unsigned char)idlen;
		row[13] = valid;
		row[14] = (unsigned char)nk;
		bops_buf_put(out, row, sizeof(row));
		at = data + len;
	}
}

/*
 * The key table, after the entries: its offset goes in the header.  The
 * rows of the entries follow it.
 */
static void
put_keys(struct bops_buf *out, const struct bops_cache *keys, size_t at)
{
	unsigned char *cp = (unsigned char *)out->ptr + at;
	uint32_t off = (uint32_t)out->len;
	size_t i;

	cp[0] = off & 0xff;
	cp[1] = (off >> 8) & 0xff;
	cp[2] = (off >> 16) & 0xff;
	cp[3] = (off >> 24) & 0xff;
	bops_buf_putc(out, (int)keys->nkeys);
	for (i = 0; i < keys->nkeys; i++) {
		bops_buf_putc(out, (int)strlen(keys->keys[i]));
		bops_buf_puts(out, keys->keys[i]);
	}
	put_rows(out, at + 4, off);
}

/*
 * Beside each sharded cache, <kind>.shards lists the tree id of every
 * shard for the tree it was made from (its first line).  A refresh then
 * re-reads only the shards whose tree changed: a write touches one.
 */
static const char *
shards_path(struct bops_buf *out, const char *cache_path)
{
	bops_buf_reset(out);
	bops_buf_printf(out, "%s.shards", cache_path);
	return out->ptr;
}

/* The tree id an old cache file was made from (its key), or "". */
static const char *
old_tree(const struct bops_cache *old)
{
	static char tree[BOPS_OID_HEXSZ + 1];
	size_t m = strlen(CACHE_MAGIC);

	tree[0] = '\0';
	if (old->size > m + BOPS_OID_HEXSZ)
		snprintf(tree, sizeof(tree), "%.*s", BOPS_OID_HEXSZ,
		    (const char *)old->bytes + m);
	return tree;
}

struct shard {
	const char *name, *tree;
};

static int
cmp_shard(const void *a, const void *b)
{
	return strcmp(((const struct shard *)a)->name,
	    ((const struct shard *)b)->name);
}

/*
 * Split the lines "name tree\n" of text in place into a table sorted by
 * name, so each shard is looked up in O(log shards).
 */
static void
split_shards(char *text, struct shard **tab, size_t *n)
{
	char *line, *next, *sp;
	size_t alloc = 0;

	for (line = text; line && *line; line = next) {
		if ((next = strchr(line, '\n')) == NULL)
			break;	/* a last line cut short: not used */
		*next++ = '\0';
		if ((sp = strchr(line, ' ')) == NULL)
			continue;
		*sp = '\0';
		if (*n == alloc) {
			alloc = alloc ? 2 * alloc : 256;
			*tab = bops_realloc(*tab, alloc * sizeof(**tab));
		}
		(*tab)[*n].name = line;
		(*tab)[(*n)++].tree = sp + 1;
	}
	if (*n)
		bops_qsort(*tab, *n, sizeof(**tab), cmp_shard);
}

/*
 * Read the .shards list of the old tree into b, split (split_shards).
 * Nothing when it is not for that tree.
 */
static void
read_shards(struct build *b, const char *cache_path, const char *tree)
{
	struct bops_buf p = BOPS_BUF_INIT, *out = &b->shards;

	bops_buf_reset(out);
	if (tree[0] && bops_file_read(out, shards_path(&p, cache_path), 0) ==
	    NULL && (out->len < BOPS_OID_HEXSZ + 1 ||
	    strncmp(out->ptr, tree, BOPS_OID_HEXSZ) ||
	    out->ptr[BOPS_OID_HEXSZ] != '\n'))
		bops_buf_reset(out);
	bops_buf_release(&p);
	if (out->len)
		split_shards(out->ptr + BOPS_OID_HEXSZ + 1, &b->old_shards,
		    &b->nold_shards);
}

/* Whether the old tree had shard `name` with the same tree id. */
static bool
shard_unchanged(const struct build *b, const char *name, const char *hex)
{
	struct shard key = { name, NULL };
	const struct shard *s;

	if (b->nold_shards == 0)
		return false;
	s = bsearch(&key, b->old_shards, b->nold_shards, sizeof(key),
	    cmp_shard);
	return s && strcmp(s->tree, hex) == 0;
}

static bool
in_shard(const char *id, const char *name)
{
	size_t n = strlen(name);

	return strncmp(id, name, n) == 0 && (n >= 2 || id[n] == '\0');
}

static struct job *new_job(struct build *b);
static const struct bops_error *build_one(const char *path,
    const char *blob, void *arg);

/* Add a shard of the new tree to the .shards list. */
static const struct bops_error *
note_shard(const char *name, const char *hex, bool is_tree, void *arg)
{
	struct build *b = arg;
	char tree[BOPS_OID_HEXSZ + 1];
	const struct bops_error *err;

	if (!is_tree)
		return NULL;
	if (b->new_shards.len == 0) {
		if ((err = bops_repo_entry_id(b->ws->repo, b->commit,
		    b->kind->dir, tree)))
			return err;
		bops_buf_printf(&b->new_shards, "%s\n", tree);
	}
	bops_buf_printf(&b->new_shards, "%s %s\n", name, hex);
	return NULL;
}

/* One entry directly in the kind's directory: a shard, or a file. */
static const struct bops_error *
build_dir(const char *name, const char *hex, bool is_tree, void *arg)
{
	struct build *b = arg;
	struct bops_buf path = BOPS_BUF_INIT;
	const struct bops_error *err = NULL;
	size_t i;

	bops_buf_printf(&path, "%s/%s", b->kind->dir, name);
	if (!is_tree) {
		err = build_one(path.ptr, hex, b);
		goto done;
	}
	if ((err = note_shard(name, hex, is_tree, b)))
		goto done;
	if (shard_unchanged(b, name, hex)) {
		/* Copy the old entries of the shard as they are. */
		for (i = bops_cache_lower_bound(b->old, name); i < b->old->n &&
		    in_shard(b->old->entries[i].id, name); i++) {
			new_job(b)->old = &b->old->entries[i];
		}
		goto done;
	}
	err = bops_repo_list(b->ws->repo, b->commit, path.ptr, build_one, b);
done:
	bops_buf_release(&path);
	return err;
}

static struct job *
new_job(struct build *b)
{
	struct job *j;

	if (b->njobs == b->alloc) {
		b->alloc = b->alloc ? 2 * b->alloc : 256;
		b->jobs = bops_realloc(b->jobs, b->alloc * sizeof(*b->jobs));
	}
	j = &b->jobs[b->njobs++];
	memset(j, 0, sizeof(*j));
	bops_buf_init(&j->data);
	b->count++;
	return j;
}

static void
jobs_free(struct build *b)
{
	size_t i;

	for (i = 0; i < b->njobs; i++) {
		bops_buf_release(&b->jobs[i].data);
		free(b->jobs[i].fatal_msg);
	}
	free(b->jobs);
	b->jobs = NULL;
	b->njobs = b->alloc = 0;
}

/* One blob of the kind's tree: reuse the old entry or read it to parse. */
static const struct bops_error *
build_one(const char *path, const char *blob, void *arg)
{
	struct build *b = arg;
	const struct bops_cache_entry *e;
	struct job *j;
	char id[BOPS_ID_MAX_LEN + 1];

	if (bops_kind_of_path(path, id) != b->kind)
		return NULL;	/* not a record file: `check` reports it */
	bops_buf_reset(&b->scratch);
	bops_id_path(&b->scratch, b->kind->dir, b->kind->sharded, id);
	if (strcmp(b->scratch.ptr, path))
		return NULL;	/* misplaced: `check` reports it */
	j = new_job(b);
	memcpy(j->id, id, sizeof(id));
	snprintf(j->blob, sizeof(j->blob), "%s", blob);
	if ((e = old_entry(b->old, id)) &&
	    memcmp(bops_cache_entry_blob(e), blob, BOPS_OID_HEXSZ) == 0) {
		j->old = e;
		return NULL;
	}
	b->nparse++;
	return NULL;	/* read by parse_job, on any processor */
}

/*
 * Read and parse job j's blob: its data becomes the packed tree or the
 * message.
 */
static void
parse_job(struct build *b, struct job *j, struct bops_blob_reader *reader,
    struct bops_buf *scratch)
{
	const struct bops_error *err;
	struct bops_record *rec = NULL;

	if ((err = bops_blob_reader_read(reader, j->blob, &j->data)) == NULL)
		err = bops_record_parse(&rec, b->ws, b->kind, j->id,
		    j->data.ptr, j->data.len);
	bops_buf_reset(&j->data);
	if (err == NULL) {
		bops_buf_reset(scratch);
		bops_node_pack(scratch, rec->root);
		bops_record_free(rec);
		bops_buf_put(&j->data, scratch->ptr, scratch->len);
		j->valid = true;
	} else if (err->code == BOPS_ERR_INVALID)
		bops_buf_puts(&j->data, err->msg);
	else {
		/* The error lives in this thread's ring: keep a copy. */
		j->fatal = err->code;
		j->fatal_msg = bops_strdup(err->msg);
	}
}

struct worker {
	struct build *b;
	atomic_size_t *next;
	struct bops_blob_reader *reader;	/* the thread's own */
};

static void *
work(void *arg)
{
	struct worker *w = arg;
	struct bops_buf scratch = BOPS_BUF_INIT;
	size_t i;

	while ((i = atomic_fetch_add(w->next, 1)) < w->b->njobs)
		if (w->b->jobs[i].old == NULL)
			parse_job(w->b, &w->b->jobs[i], w->reader, &scratch);
	bops_buf_release(&scratch);
	return NULL;
}

/*
 * Parse what the jobs hold, on every processor when there is much of it
 * (the first read after a clone), reporting to the workspace's progress
 * callback.  The schema, the hash key and the error rings are the only
 * state the parse shares: made before, or one a thread.
 */
static const struct bops_error *
parse_jobs(struct build *b)
{
	const struct bops_schema *schema;
	const struct bops_error *err;
	struct bops_buf scratch = BOPS_BUF_INIT;
	atomic_size_t next;
	pthread_t tids[MAX_THREADS];
	struct worker w[MAX_THREADS + 1];
	size_t i, nthreads = 0;
	long ncpu;

	if (b->nparse == 0)
		return NULL;
	if ((err = bops_ws_schema(&schema, b->ws, b->kind)))
		return err;
	(void)bops_hash("", 0);
	atomic_init(&next, 0);
	memset(w, 0, sizeof(w));
	ncpu = b->nparse >= 512 ? sysconf(_SC_NPROCESSORS_ONLN) : 1;
	for (i = 0; i == 0 || ((long)i < ncpu && i <= MAX_THREADS); i++) {
		w[i].b = b;
		w[i].next = &next;
		/*
		 * Without the first reader nothing is read; without a later
		 * one (out of file descriptors or memory), the threads that
		 * have one read it all.
		 */
		if ((err = bops_blob_reader_new(&w[i].reader, b->ws->repo))) {
			if (i == 0)
				goto done;
			err = NULL;
			break;
		}
		if (i > 0 && pthread_create(&tids[nthreads], NULL, work,
		    &w[i]) == 0)
			nthreads++;
	}
	/* The main thread works too, and tells how far it got. */
	while ((i = atomic_fetch_add(&next, 1)) < b->njobs) {
		if (b->jobs[i].old == NULL)
			parse_job(b, &b->jobs[i], w[0].reader, &scratch);
		if (b->ws->progress && i % 1024 == 0)
			b->ws->progress(b->kind->name, i, b->njobs,
			    b->ws->progress_arg);
	}
done:
	/* A thread that failed to start leaves its jobs to the others. */
	for (i = 0; i < nthreads; i++)
		pthread_join(tids[i], NULL);
	if (b->ws->progress)
		b->ws->progress(b->kind->name, b->njobs, b->njobs,
		    b->ws->progress_arg);
	for (i = 0; i < b->njobs && err == NULL; i++)
		if (b->jobs[i].fatal != BOPS_ERR_NONE)
			err = bops_error_fmt(b->jobs[i].fatal, "%s",
			    b->jobs[i].fatal_msg);
	for (i = 0; i <= MAX_THREADS; i++)
		bops_blob_reader_free(w[i].reader);
	bops_buf_release(&scratch);
	return err;
}

/* An entry's bytes in the file it was read from start at its id's length. */
static const unsigned char *
entry_start(const struct bops_cache_entry *e)
{
	return (const unsigned char *)e->id - 1;
}

/*
 * The jobs, in order, as the new file's entries.  Old entries next to
 * each other in the old file are copied as one run of bytes: a refresh
 * after a write copies a few runs, not every record one by one.
 */
static void
write_jobs(struct build *b)
{
	const unsigned char *run = NULL, *run_end = NULL;
	size_t i;

	for (i = 0; i < b->njobs; i++) {
		struct job *j = &b->jobs[i];

		if (j->old && run && entry_start(j->old) == run_end) {
			run_end = j->old->data + j->old->len;
			continue;
		}
		if (run)
			bops_buf_put(b->out, run, (size_t)(run_end - run));
		run = NULL;
		if (j->old) {
			run = entry_start(j->old);
			run_end = j->old->data + j->old->len;
		} else if (j->valid)
			write_packed(b->out, b->keys, j->id, j->blob,
			    (const unsigned char *)j->data.ptr, j->data.len);
		else
			write_entry(b->out, j->id, j->blob, false, NULL, 0,
			    j->data.ptr, j->data.len);
	}
	if (run)
		bops_buf_put(b->out, run, (size_t)(run_end - run));
}

static bool
keys_sorted(const struct bops_cache *c)
{
	size_t i;

	for (i = 1; i < c->nkeys; i++)
		if (strcmp(c->keys[i - 1], c->keys[i]) > 0)
			return false;
	return true;
}

static int
cmp_key(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Write c's entries to out with the key table in byte order, each
 * record's offsets moved to the keys' new places: the table is the
 * same whatever order the records brought their keys in, so a cache
 * rebuilt from nothing is byte for byte the one kept up to date.
 */
static void
sort_keys(struct bops_cache *c, struct bops_buf *out, size_t at)
{
	unsigned char offsets[4 * MAX_KEYS];
	char *sorted_keys[MAX_KEYS];
	size_t to[MAX_KEYS], i, k, j, nk;

	memcpy(sorted_keys, c->keys, c->nkeys * sizeof(*c->keys));
	bops_qsort(sorted_keys, c->nkeys, sizeof(*sorted_keys), cmp_key);
	for (k = 0; k < c->nkeys; k++)
		for (j = 0; j < c->nkeys; j++)
			if (sorted_keys[j] == c->keys[k])
				to[k] = j;
	for (i = 0; i < c->n; i++) {
		const struct bops_cache_entry *e = &c->entries[i];

		if (!e->valid) {
			copy_entry(out, e);
			continue;
		}
		memset(offsets, 0, sizeof(offsets));
		for (k = nk = 0; k < e->nkeys; k++)
			if (memcmp(entry_offsets(e) + 4 * k, "\0\0\0\0",
			    4)) {
				memcpy(offsets + 4 * to[k], entry_offsets(e) +
				    4 * k, 4);
				if (to[k] + 1 > nk)
					nk = to[k] + 1;
			}
		write_entry(out, e->id, bops_cache_entry_blob(e), true, offsets,
		    nk, e->data, e->len);
	}
	memcpy(c->keys, sorted_keys, c->nkeys * sizeof(*c->keys));
	put_keys(out, c, at);
}

/* Sort entries by id: tree order puts "ab-c.yaml" before "ab.yaml". */
static int
cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct bops_cache_entry *)a)->id,
	    ((const struct bops_cache_entry *)b)->id);
}

static bool
sorted(const struct bops_cache *c)
{
	size_t i;

	for (i = 1; i < c->n; i++)
		if (strcmp(c->entries[i - 1].id, c->entries[i].id) > 0)
			return false;
	return true;
}

/*
 * The delta, <kind>.delta beside a sharded kind's cache file (the base).
 * A write changes a shard or two; the refresh that follows writes the
 * entries of the shards that changed since the base was made, not a new
 * base.  The delta: the key line of the tree it is for (as the base's),
 * "delta <tree> <checksum>\n" naming the base it applies to by the tree
 * of its key line and the checksum it ends in, "shards <n>\n" and the
 * names of the n shards it replaces, one a line, in byte order; then as
 * in the base: the count, the offset of the key table, the entries of
 * those shards in id order (every record of each, a removed one by its
 * absence), the key table, which starts with the base's keys in their
 * order (so that a key's number is the same in both), and the checksum.
 * Opened, the cache is the base's entries outside those shards and the
 * delta's, merged in id order.  A delta for another base or another
 * tree, or damaged, is not used.  When the shards a delta would replace
 * are more than DELTA_SHARDS of the tree's, the refresh compacts: it
 * writes a new base, byte for byte a cache built from nothing.
 */
#define DELTA_SHARDS 16		/* a delta replaces at most 1/16 of them */

struct delta_head {
	char base_tree[BOPS_OID_HEXSZ + 1];
	char base_sum[2 * SUM_LEN + 1];
	char (*names)[3];		/* the shards it replaces, sorted */
	size_t nnames;
	char *text;			/* the whole header, NUL-terminated */
};

static void
head_release(struct delta_head *h)
{
	free(h->names);
	free(h->text);
	memset(h, 0, sizeof(*h));
}

static const char *
delta_path(struct bops_buf *out, const char *cache_path)
{
	bops_buf_reset(out);
	bops_buf_printf(out, "%s.delta", cache_path);
	return out->ptr;
}

/* The checksum a cache file ends in, in hex. */
static void
sum_hex(char *out, const struct bops_cache *c)
{
	const unsigned char *sum = c->bytes + c->size - SUM_LEN;

	snprintf(out, 2 * SUM_LEN + 1, "%08x%08x", (unsigned)get32(sum),
	    (unsigned)get32(sum + 4));
}

/* Whether key lines a and b are the same but for the tree id. */
static bool
same_tail(const char *a, size_t alen, const char *b)
{
	size_t m = strlen(CACHE_MAGIC) + BOPS_OID_HEXSZ;
	const char *nl = memchr(a, '\n', alen);

	nl = nl ? memchr(nl + 1, '\n', alen - (size_t)(nl + 1 - a)) : NULL;
	return nl && strlen(b) == (size_t)(nl + 1 - a) && strlen(b) > m &&
	    memcmp(a, CACHE_MAGIC, m - BOPS_OID_HEXSZ) == 0 &&
	    memcmp(a + m, b + m, strlen(b) - m) == 0;
}

/* The next line of [*p, end) into a NUL-terminated copy, at most max. */
static bool
next_line(const unsigned char **p, const unsigned char *end, char *out,
    size_t max)
{
	const unsigned char *nl = memchr(*p, '\n', (size_t)(end - *p));
	size_t n;

	if (nl == NULL || (n = (size_t)(nl - *p)) >= max ||
	    memchr(*p, '\0', n))
		return false;
	memcpy(out, *p, n);
	out[n] = '\0';
	*p = nl + 1;
	return true;
}

/*
 * Read the header of delta d (its bytes), whose key line must be key's
 * but for the tree id (any tree, or key's own with same_tree).
 */
static bool
parse_head(struct delta_head *h, const struct bops_cache *d,
    const char *key, bool same_tree)
{
	const unsigned char *p = d->bytes, *end;
	size_t klen = strlen(key), i, n;
	char line[128], *e;

	memset(h, 0, sizeof(*h));
	if (d->size < klen + 8 + SUM_LEN || !same_tail((const char *)p,
	    klen, key) || (same_tree && memcmp(p, key, klen)))
		return false;
	end = p + d->size - SUM_LEN;
	p += klen;
	if (!next_line(&p, end, line, sizeof(line)) ||
	    sscanf(line, "delta %40[0-9a-f] %16[0-9a-f]", h->base_tree,
	    h->base_sum) != 2 || strlen(h->base_tree) != BOPS_OID_HEXSZ ||
	    strlen(h->base_sum) != 2 * SUM_LEN ||
	    !next_line(&p, end, line, sizeof(line)) ||
	    strncmp(line, "shards ", 7) || line[7] < '0' || line[7] > '9')
		return false;
	n = strtoul(line + 7, &e, 10);
	if (*e || n > (size_t)(end - p) / 2)
		return false;
	h->names = bops_calloc(n + 1, sizeof(*h->names));
	for (i = 0; i < n; i++) {
		if (!next_line(&p, end, line, sizeof(line)) || !line[0] ||
		    strlen(line) > 2 || strchr(line, '/') ||
		    (i && strcmp(h->names[i - 1], line) >= 0))
			return false;
		memcpy(h->names[i], line, strlen(line) + 1);
	}
	h->nnames = n;
	h->text = bops_strndup((const char *)d->bytes,
	    (size_t)(p - d->bytes));
	return true;
}

/*
 * Map and parse the delta at dpath for base (its tree and checksum) and
 * for key (any tree but key's config and schema, or key itself with
 * same_tree).  check: its checksum even when its .stat vouches for it.
 * NULL when there is none that fits.
 */
static struct bops_cache *
load_delta(struct delta_head *h, const struct bops_cache *base,
    const char *dpath, const char *key, bool same_tree, bool check)
{
	struct bops_cache *d = bops_calloc(1, sizeof(*d));
	char sum[2 * SUM_LEN + 1];
	struct stat st;
	bool trusted;

	bops_buf_init(&d->data);
	memset(h, 0, sizeof(*h));
	if (base->size < SUM_LEN || bops_file_map(&d->map, &d->maplen, &st,
	    dpath))
		goto fail;
	d->bytes = d->map;
	d->size = d->maplen;
	sum_hex(sum, base);
	if (!parse_head(h, d, key, same_tree) ||
	    strcmp(h->base_tree, old_tree(base)) || strcmp(h->base_sum, sum))
		goto fail;
	trusted = !check && stat_trusted(dpath, &st, d->bytes, d->size);
	if (!parse_file(d, h->text, !trusted))
		goto fail;
	if (!trusted) {
		d->note = bops_strdup(dpath);
		d->seen = st;
	}
	return d;
fail:
	head_release(h);
	bops_cache_close(d);
	return NULL;
}

/*
 * Whether delta d fits base: its key table an extension of base's, its
 * entries in id order, each in a shard it replaces.
 */
static bool
delta_fits(const struct bops_cache *d, const struct bops_cache *base,
    const struct delta_head *h)
{
	size_t j, s;

	if (d->nkeys < base->nkeys)
		return false;
	for (s = 0; s < base->nkeys; s++)
		if (strcmp(d->keys[s], base->keys[s]))
			return false;
	for (j = s = 0; j < d->n; j++) {
		const char *id = d->entries[j].id;

		if (j && strcmp(d->entries[j - 1].id, id) >= 0)
			return false;
		while (s < h->nnames && !in_shard(id, h->names[s]) &&
		    strcmp(h->names[s], id) < 0)
			s++;
		if (s == h->nnames || !in_shard(id, h->names[s]))
			return false;
	}
	return true;
}

/* Append src[n] to m (o entries), if it starts past m's last id. */
static bool
append_run(struct bops_cache_entry *m, size_t *o,
    const struct bops_cache_entry *src, size_t n)
{
	if (n == 0)
		return true;
	if (*o && strcmp(m[*o - 1].id, src[0].id) >= 0)
		return false;
	memcpy(m + *o, src, n * sizeof(*m));
	*o += n;
	return true;
}

/*
 * Make d's table the merge in id order of base's entries outside the
 * shards d replaces and d's own; d keeps base.  A shard's ids are one
 * run in id order: the table is base's runs between the shards, each
 * followed by the delta's entries of the shard, copied as runs, with no
 * comparison but where two runs meet.  False when d does not fit base
 * (delta_fits) or two runs are out of order.
 */
static bool
merge_delta(struct bops_cache *d, struct bops_cache *base,
    const struct delta_head *h)
{
	struct bops_cache_entry *m;
	size_t i = 0, j = 0, s, o = 0, lo, hi, cap = base->n + d->n + 1;

	if (!delta_fits(d, base, h))
		return false;
	m = bops_block_alloc(cap * sizeof(*m));
	for (s = 0; s <= h->nnames; s++) {
		lo = s < h->nnames ? bops_cache_lower_bound(base,
		    h->names[s]) : base->n;
		if (lo < i || !append_run(m, &o, base->entries + i, lo - i))
			goto fail;
		if (s == h->nnames)
			break;
		for (hi = lo; hi < base->n && in_shard(base->entries[hi].id,
		    h->names[s]); hi++)
			;
		for (lo = j; j < d->n && in_shard(d->entries[j].id,
		    h->names[s]); j++)
			;
		if (!append_run(m, &o, d->entries + lo, j - lo))
			goto fail;
		i = hi;
	}
	if (j != d->n)
		goto fail;
	bops_block_free(d->entries, d->alloc * sizeof(*d->entries));
	d->entries = m;
	d->n = o;
	d->alloc = cap;
	d->base = base;
	return true;
fail:
	bops_block_free(m, cap * sizeof(*m));
	return false;
}

/* Parse base c with its own key line: the tree it was made from. */
static bool
parse_base(struct bops_cache *c, const char *key, bool check)
{
	struct bops_buf own = BOPS_BUF_INIT;
	const char *b = (const char *)c->bytes;
	const char *nl = c->size ? memchr(b, '\n', c->size) : NULL;
	bool ok;

	nl = nl ? memchr(nl + 1, '\n', c->size - (size_t)(nl + 1 - b)) : NULL;
	if (nl == NULL)
		return false;
	bops_buf_put(&own, b, (size_t)(nl + 1 - b));
	ok = same_tail(own.ptr, own.len, key) && parse_file(c, own.ptr, check);
	bops_buf_release(&own);
	return ok;
}

/* What opening the cache file at path, for an older tree, knows. */
struct opening {
	struct bops_ws *ws;
	const struct bops_kind *kind;
	const char *commit, *key, *path;
	struct bops_cache *base;	/* mapped, for an older tree */
	bool trusted;			/* its .stat vouches for it */
	struct stat st;			/* its fstat */
};

/* The base as part of the cache: the record of its checksum at close. */
static void
note_base(const struct opening *o)
{
	if (!o->trusted && o->base->note == NULL) {
		o->base->note = bops_strdup(o->path);
		o->base->seen = o->st;
	}
}

/* The cache as the base and the delta for its tree, or NULL. */
static struct bops_cache *
open_delta(const struct opening *o)
{
	struct bops_buf dpath = BOPS_BUF_INIT;
	struct delta_head h;
	struct bops_cache *d;

	d = load_delta(&h, o->base, delta_path(&dpath, o->path), o->key,
	    true, false);
	bops_buf_release(&dpath);
	if (d == NULL)
		return NULL;
	if (!parse_base(o->base, o->key, !o->trusted) ||
	    !merge_delta(d, o->base, &h)) {
		head_release(&h);
		bops_cache_close(d);
		return NULL;
	}
	head_release(&h);
	note_base(o);
	return d;
}

/* Jobs in id order: a delta's entries are sorted in its file. */
static int
cmp_job(const void *a, const void *b)
{
	const struct job *x = a, *y = b;

	return strcmp(x->old ? x->old->id : x->id, y->old ? y->old->id :
	    y->id);
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Whether sorted names[n] holds name. */
static bool
has_name(char (*names)[3], size_t n, const char *name)
{
	return n && bsearch(name, names, n, sizeof(*names), cmp_name);
}

static const struct shard *
find_shard(const struct shard *tab, size_t n, const char *name)
{
	struct shard key = { name, NULL };

	return n ? bsearch(&key, tab, n, sizeof(key), cmp_shard) : NULL;
}

static void
add_name(char (**names)[3], size_t *n, const char *name)
{
	if (strlen(name) < 1 || strlen(name) > 2)
		return;	/* no shard: `check` reports what is in it */
	*names = bops_realloc(*names, (*n + 1) * sizeof(**names));
	memcpy((*names)[(*n)++], name, strlen(name) + 1);
}

/*
 * The shards a new delta replaces: those of the new tree (nnew of them,
 * sorted) that changed since the old .shards list, those of that list
 * gone from the new tree, and those the old delta replaced (old).
 * Sorted, each once.
 */
static size_t
changed_shards(char (**out)[3], const struct build *b,
    const struct shard *nw, size_t nnew, const struct delta_head *old)
{
	size_t i, n = 0, k;

	*out = NULL;
	for (i = 0; i < nnew; i++)
		if (!shard_unchanged(b, nw[i].name, nw[i].tree) ||
		    has_name(old->names, old->nnames, nw[i].name))
			add_name(out, &n, nw[i].name);
	for (i = 0; i < b->nold_shards; i++)
		if (!find_shard(nw, nnew, b->old_shards[i].name))
			add_name(out, &n, b->old_shards[i].name);
	for (i = 0; i < old->nnames; i++)
		add_name(out, &n, old->names[i]);
	if (n)
		bops_qsort(*out, n, sizeof(**out), cmp_name);
	for (i = k = 0; i < n; i++)
		if (k == 0 || strcmp((*out)[k - 1], (*out)[i]))
			memcpy((*out)[k++], (*out)[i], 3);
	return k;
}

/*
 * The jobs of the shards names[n] of the new tree: a shard the old
 * delta holds and that did not change since, copied from it; another
 * read from git, each record the old delta holds with the same blob
 * copied (never one of the base, whose checksum a refresh does not
 * check).
 */
static const struct bops_error *
delta_jobs(struct build *b, char (*names)[3], size_t n,
    const struct shard *nw, size_t nnew, const struct delta_head *old)
{
	struct bops_buf path = BOPS_BUF_INIT;
	const struct bops_error *err = NULL;
	const struct shard *s;
	size_t i, k;

	for (k = 0; k < n && err == NULL; k++) {
		if ((s = find_shard(nw, nnew, names[k])) == NULL)
			continue;	/* gone: no entries */
		if (has_name(old->names, old->nnames, names[k]) &&
		    shard_unchanged(b, s->name, s->tree)) {
			for (i = bops_cache_lower_bound(b->old, names[k]);
			    i < b->old->n && in_shard(b->old->entries[i].id,
			    names[k]); i++)
				new_job(b)->old = &b->old->entries[i];
			continue;
		}
		bops_buf_reset(&path);
		bops_buf_printf(&path, "%s/%s", b->kind->dir, names[k]);
		err = bops_repo_list(b->ws->repo, b->commit, path.ptr,
		    build_one, b);
	}
	bops_buf_release(&path);
	return err;
}

/*
 * The bytes of the delta of the jobs in b, for shards names[n] over
 * base, into out; its header into *head.
 */
static void
write_delta(struct build *b, struct bops_buf *out, char **head,
    const struct opening *o, char (*names)[3], size_t n)
{
	char sum[2 * SUM_LEN + 1];
	size_t i, at;

	sum_hex(sum, o->base);
	bops_buf_puts(out, o->key);
	bops_buf_printf(out, "delta %s %s\nshards %zu\n", old_tree(o->base),
	    sum, n);
	for (i = 0; i < n; i++)
		bops_buf_printf(out, "%s\n", names[i]);
	*head = bops_strndup(out->ptr, out->len);
	at = out->len;
	put32(out, b->count);
	put32(out, 0);
	if (b->njobs)
		bops_qsort(b->jobs, b->njobs, sizeof(*b->jobs), cmp_job);
	write_jobs(b);
	put_keys(out, b->keys, at + 4);
	put_sum(out);
}

/* A copy of the key table of c, to which a build adds. */
static struct bops_cache *
keys_of(const struct bops_cache *c)
{
	struct bops_cache *k = bops_calloc(1, sizeof(*k));

	bops_buf_init(&k->data);
	for (k->nkeys = 0; k->nkeys < c->nkeys; k->nkeys++)
		k->keys[k->nkeys] = bops_strdup(c->keys[k->nkeys]);
	return k;
}

/*
 * The delta's jobs, bytes and table after HEAD moved, when the shards
 * changed since the base are few; false otherwise.  b->old: the old
 * delta (or an empty cache), oldh its header.
 */
static bool
build_delta(struct bops_cache **out, struct build *b,
    const struct opening *o, const struct delta_head *oldh)
{
	struct bops_buf split = BOPS_BUF_INIT, bytes = BOPS_BUF_INIT;
	struct delta_head h;
	struct shard *nw = NULL;
	size_t nnew = 0;
	struct bops_cache *d = NULL;
	bool ok = false;

	memset(&h, 0, sizeof(h));
	if (b->nold_shards == 0 || bops_repo_list_dir(o->ws->repo, o->commit,
	    o->kind->dir, note_shard, b) || b->new_shards.len == 0)
		goto done;
	bops_buf_put(&split, b->new_shards.ptr, b->new_shards.len);
	split_shards(split.ptr + BOPS_OID_HEXSZ + 1, &nw, &nnew);
	h.nnames = changed_shards(&h.names, b, nw, nnew, oldh);
	if (h.nnames * DELTA_SHARDS > nnew)
		goto done;
	b->keys = keys_of(b->old->nkeys ? b->old : o->base);
	b->out = &bytes;
	if (delta_jobs(b, h.names, h.nnames, nw, nnew, oldh) ||
	    parse_jobs(b))
		goto done;
	write_delta(b, &bytes, &h.text, o, h.names, h.nnames);
	d = bops_calloc(1, sizeof(*d));
	d->data = bytes;
	d->bytes = (const unsigned char *)d->data.ptr;
	d->size = d->data.len;
	bops_buf_init(&bytes);
	if (!parse_file(d, h.text, false) || !merge_delta(d, o->base, &h))
		goto done;
	*out = d;
	d = NULL;
	ok = true;
done:
	bops_cache_close(d);
	bops_cache_close(b->keys);
	b->keys = NULL;
	head_release(&h);
	free(nw);
	bops_buf_release(&split);
	bops_buf_release(&bytes);
	return ok;
}

/*
 * After HEAD moved: the cache as the base and a new delta, written
 * beside it, when the shards changed since the base are few; NULL
 * otherwise (a compaction follows).
 */
static struct bops_cache *
refresh_delta(const struct opening *o)
{
	struct bops_buf dpath = BOPS_BUF_INIT;
	struct delta_head oldh;
	struct bops_cache *old, *d = NULL;
	char otree[BOPS_OID_HEXSZ + 1];
	struct build b;

	if (!parse_base(o->base, o->key, !o->trusted))
		return NULL;
	delta_path(&dpath, o->path);
	old = load_delta(&oldh, o->base, dpath.ptr, o->key, false, true);
	if (old && !delta_fits(old, o->base, &oldh)) {
		bops_cache_close(old);
		head_release(&oldh);
		old = NULL;
	}
	if (old == NULL) {
		old = bops_calloc(1, sizeof(*old));
		bops_buf_init(&old->data);
	}
	snprintf(otree, sizeof(otree), "%s", old->size ? old_tree(old) :
	    old_tree(o->base));
	memset(&b, 0, sizeof(b));
	b.ws = o->ws;
	b.kind = o->kind;
	b.commit = o->commit;
	b.old = old;
	bops_buf_init(&b.scratch);
	read_shards(&b, o->path, otree);
	if (build_delta(&d, &b, o, &oldh)) {
		if (bops_file_write_cache_stat(dpath.ptr, d->data.ptr,
		    d->data.len, &d->seen) == NULL) {
			d->note = bops_strdup(dpath.ptr);
			(void)bops_file_write_cache(shards_path(&b.scratch,
			    o->path), b.new_shards.ptr, b.new_shards.len);
		}
		note_base(o);
	}
	jobs_free(&b);
	bops_buf_release(&b.scratch);
	bops_buf_release(&b.shards);
	free(b.old_shards);
	bops_buf_release(&b.new_shards);
	bops_cache_close(old);
	head_release(&oldh);
	bops_buf_release(&dpath);
	return d;
}

/*
 * A rebuild's old cache: base, parsed, and the delta over it, when one
 * fits (its checksum checked: its entries are copied), or base alone.
 */
static struct bops_cache *
with_delta(struct bops_cache *base, const char *path, const char *key)
{
	struct bops_buf dpath = BOPS_BUF_INIT;
	struct delta_head h;
	struct bops_cache *d;

	d = load_delta(&h, base, delta_path(&dpath, path), key, false, true);
	bops_buf_release(&dpath);
	if (d && !merge_delta(d, base, &h)) {
		bops_cache_close(d);
		d = NULL;
	}
	head_release(&h);
	return d ? d : base;
}

/* A new base: a delta over the old one is no longer of use. */
static void
remove_delta(const char *path)
{
	struct bops_buf p = BOPS_BUF_INIT, s = BOPS_BUF_INIT;

	(void)bops_file_remove(delta_path(&p, path), NULL);
	(void)bops_file_remove(stat_path(&s, p.ptr), NULL);
	bops_buf_release(&p);
	bops_buf_release(&s);
}

/*
 * Over 100 lines for now: opening the cache is being reworked (reads
 * that start no libgit2, a build spread over the processors); split it
 * then into the reuse of the old file, the build and the sort.
 */
const struct bops_error *
bops_cache_open(struct bops_cache **out, struct bops_ws *ws,
    const struct bops_kind *kind, const char *commit_hex)
{
	const struct bops_error *err = NULL;
	struct bops_cache *c = NULL, *old = NULL;
	struct bops_buf key = BOPS_BUF_INIT, path = BOPS_BUF_INIT;
	struct bops_buf fresh = BOPS_BUF_INIT;
	char tree[BOPS_OID_HEXSZ + 1];
	bool at_head, trusted = false;
	struct stat st;
	struct build b;

	*out = NULL;
	if (commit_hex == NULL)
		commit_hex = ws->head;
	at_head = strcmp(commit_hex, ws->head) == 0;
	c = bops_calloc(1, sizeof(*c));
	bops_buf_init(&c->data);
	if (commit_hex[0] == '\0')
		goto done;
	if ((err = key_at(&key, tree, ws, kind, commit_hex)) ||
	    tree[0] == '\0')
		goto done;
	bops_buf_printf(&path, "%sbops/cache/%s", bops_repo_gitdir(ws->repo),
	    kind->name);
	/*
	 * HEAD's file, or at another commit (--as-of, a burndown's days)
	 * the file of HEAD to take from: a record whose blob is the same
	 * is not parsed again.  Only HEAD's is written.
	 */
	if (bops_file_map(&c->map, &c->maplen, &st, path.ptr) == NULL) {
		c->bytes = c->map;
		c->size = c->maplen;
		trusted = stat_trusted(path.ptr, &st, c->bytes, c->size);
		if (parse_file(c, key.ptr, !trusted)) {
			if (!trusted && at_head) {
				c->note = bops_strdup(path.ptr);
				c->seen = st;
			}
			goto sort;
		}
		if (kind->sharded && at_head) {
			struct opening o = { ws, kind, commit_hex, key.ptr,
			    path.ptr, c, trusted, st };
			struct bops_cache *d;

			if ((d = open_delta(&o)) || (d = refresh_delta(&o))) {
				c = d;
				goto sort;
			}
		}
	}
	/* Rebuild, reusing what the old file still has right. */
	old = c;
	c = bops_calloc(1, sizeof(*c));
	bops_buf_init(&c->data);
	old->n = 0;
	if (old->size) {
		/*
		 * The old file may be for another tree: parse it loosely,
		 * but check its checksum even when its record vouches for
		 * it: its entries are copied into a file with a checksum
		 * of its own, and a rebuild costs far more than the check.
		 */
		struct bops_buf oldkey = BOPS_BUF_INIT;
		const char *ob = (const char *)old->bytes;
		const char *nl = memchr(ob, '\n', old->size);

		if (nl && (nl = memchr(nl + 1, '\n', old->size -
		    (size_t)(nl + 1 - ob)))) {
			bops_buf_put(&oldkey, ob, (size_t)(nl + 1 - ob));
			/* Reusable only for the same config and schema: the
			 * key after the tree id must match. */
			const char *a, *b2;

			a = oldkey.len > 1 ? memchr(oldkey.ptr + strlen(
			    CACHE_MAGIC), ' ', oldkey.len -
			    strlen(CACHE_MAGIC)) : NULL;
			b2 = memchr(key.ptr + strlen(CACHE_MAGIC), ' ',
			    key.len - strlen(CACHE_MAGIC));
			if (a == NULL || b2 == NULL || strcmp(a, b2) ||
			    !parse_file(old, oldkey.ptr, true))
				old->n = 0;
		}
		bops_buf_release(&oldkey);
		if (old->n && kind->sharded)
			old = with_delta(old, path.ptr, key.ptr);
		/* At another commit nothing is recorded, not even trust. */
		if (!at_head) {
			free(old->note);
			old->note = NULL;
		}
	}
	bops_buf_puts(&fresh, key.ptr);
	put32(&fresh, 0);
	put32(&fresh, 0);
	memset(&b, 0, sizeof(b));
	/* Old entries are copied as they are: the key table goes on. */
	for (c->nkeys = 0; c->nkeys < old->nkeys && old->n; c->nkeys++)
		c->keys[c->nkeys] = bops_strdup(old->keys[c->nkeys]);
	b.keys = c;
	b.ws = ws;
	b.kind = kind;
	b.old = old;
	b.out = &fresh;
	bops_buf_init(&b.scratch);
	b.commit = commit_hex;
	if (old->n)
		read_shards(&b, path.ptr, old_tree(old));
	/*
	 * With the shards of the old tree known, visit the new tree shard
	 * by shard; otherwise list it whole (faster than shard by shard)
	 * and note its shards for next time.
	 */
	if (b.nold_shards)
		err = bops_repo_list_dir(ws->repo, commit_hex, kind->dir,
		    build_dir, &b);
	else if ((err = bops_repo_list(ws->repo, commit_hex, kind->dir,
	    build_one, &b)) == NULL && kind->sharded)
		err = bops_repo_list_dir(ws->repo, commit_hex, kind->dir,
		    note_shard, &b);
	if (err == NULL && (err = parse_jobs(&b)) == NULL)
		write_jobs(&b);
	jobs_free(&b);
	bops_buf_release(&b.scratch);
	if (err == NULL && at_head && b.new_shards.len)
		(void)bops_file_write_cache(shards_path(&b.scratch, path.ptr),
		    b.new_shards.ptr, b.new_shards.len);
	bops_buf_release(&b.scratch);
	bops_buf_release(&b.shards);
	free(b.old_shards);
	bops_buf_release(&b.new_shards);
	if (err)
		goto done;
	/* Patch the count in, then adopt the bytes. */
	{
		unsigned char *cp = (unsigned char *)fresh.ptr + key.len;

		cp[0] = b.count & 0xff;
		cp[1] = (b.count >> 8) & 0xff;
		cp[2] = (b.count >> 16) & 0xff;
		cp[3] = (b.count >> 24) & 0xff;
	}
	put_keys(&fresh, c, key.len + 4);
	put_sum(&fresh);
	/*
	 * The tree lists "ab-c.yaml" before "ab.yaml": sort by id once,
	 * here, and store the sorted order so that reads need not sort.
	 */
	c->data = fresh;
	c->bytes = (const unsigned char *)c->data.ptr;
	c->size = c->data.len;
	bops_buf_init(&fresh);
	if (!parse_file(c, key.ptr, false)) {
		err = bops_error(BOPS_ERR_ENV);
		goto done;
	}
	if (!sorted(c) || !keys_sorted(c)) {
		bops_qsort(c->entries, c->n, sizeof(*c->entries), cmp_entry);
		bops_buf_puts(&fresh, key.ptr);
		put32(&fresh, (uint32_t)c->n);
		put32(&fresh, 0);
		sort_keys(c, &fresh, key.len + 4);
		put_sum(&fresh);
		bops_buf_release(&c->data);
		c->n = 0;
		c->data = fresh;
		c->bytes = (const unsigned char *)c->data.ptr;
		c->size = c->data.len;
		bops_buf_init(&fresh);
		if (!parse_file(c, key.ptr, false)) {
			err = bops_error(BOPS_ERR_ENV);
			goto done;
		}
	}
	if (at_head && bops_file_write_cache_stat(path.ptr, c->data.ptr,
	    c->data.len, &c->seen) == NULL) {
		c->note = bops_strdup(path.ptr);
		if (kind->sharded)
			remove_delta(path.ptr);
	}
sort:
	if (!sorted(c))
		bops_qsort(c->entries, c->n, sizeof(*c->entries), cmp_entry);
done:
	bops_cache_close(old);
	bops_buf_release(&key);
	bops_buf_release(&path);
	bops_buf_release(&fresh);
	if (err) {
		bops_cache_close(c);
		return err;
	}
	*out = c;
	return NULL;
}
