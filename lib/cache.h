/*
 * cache.h: the read cache of records, .git/bops/cache/<kind>.
 *
 * For each kind the cache holds every record at HEAD in a packed binary
 * form (see bops_node_pack), or the message that says why it is invalid,
 * keyed by the kind's directory tree id, the config blob id and the
 * schema.  When HEAD moves, only the blobs whose ids changed are parsed
 * again, and for a sharded kind only the shards that changed since the
 * cache file was made are written, to a delta beside it (cache.c).  The
 * cache can be deleted at any time; it is rebuilt from git.
 * Failing to write it is not an error.  Caches of other commits than
 * HEAD (--as-of) are built in memory only.
 */
#ifndef BOPS_CACHE_H
#define BOPS_CACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <time.h>

#include "error.h"
#include "git.h"
#include "kind.h"
#include "workspace.h"

/*
 * An entry points into the cache's bytes: 24 bytes each, since a read
 * makes one for every record of the kind.  Its blob id is
 * bops_cache_entry_blob's.
 */
struct bops_cache_entry {
	const char *id;
	const unsigned char *data;	/* packed tree, or the message */
	uint32_t len;
	uint8_t idlen;			/* strlen(id) */
	uint8_t nkeys;			/* valid: how many top-level
					   values have offsets
					   (bops_cache_value) */
	bool valid;
};

struct bops_cache;

/*
 * The records of kind at commit_hex (ws->head when NULL), sorted by id.
 * Close with bops_cache_close().
 */
const struct bops_error *bops_cache_open(struct bops_cache **out,
    struct bops_ws *ws, const struct bops_kind *kind, const char *commit_hex);
/*
 * The key a cache of kind at commit_hex (ws->head when NULL) is made for
 * (what its content depends on: the kind's tree, the config, the
 * schema), appended to out as one or more lines; nothing when the
 * commit has no record of kind.  From what .git/bops/ remembers of HEAD,
 * without libgit2, when it can.
 */
const struct bops_error *bops_cache_key_at(struct bops_buf *out,
    struct bops_ws *ws, const struct bops_kind *kind, const char *commit_hex);
size_t bops_cache_count(const struct bops_cache *c);
/* Entry i, borrowed until the cache is closed. */
const struct bops_cache_entry *bops_cache_entry(const struct bops_cache *c,
    size_t i);
/*
 * Entry e's blob id: BOPS_OID_HEXSZ hex digits, not NUL-terminated, in
 * place (after its id in the file).
 */
const char *bops_cache_entry_blob(const struct bops_cache_entry *e);
/*
 * A top-level key of the records, as a number for bops_cache_value, or
 * -1 when no record of the cache has it in its table.
 */
long bops_cache_key(const struct bops_cache *c, const char *name);
/*
 * Whether the key table holds every top-level key of the records (it
 * has room for 64): then a key it lacks is in no record.  Otherwise a
 * key it lacks must be looked for in each record (bops_node_packed_get).
 */
bool bops_cache_keys_complete(const struct bops_cache *c);
/*
 * The packed node (node.h) of top-level key `key` of a valid entry, in
 * place: *p and *len.  False when the record lacks it.  No record is
 * decoded: filters, sort keys and counts read only the fields they need.
 */
bool bops_cache_value(const struct bops_cache_entry *e, long key,
    const unsigned char **p, size_t *len);
/* The first entry whose id is >= key (for prefix search), as an index. */
size_t bops_cache_lower_bound(const struct bops_cache *c, const char *key);
void bops_cache_close(struct bops_cache *c);
/*
 * Whether a cache file with stat st, on a file system of statfs(2) type
 * fs_type, can be recorded as trusted at time now (<kind>.stat): its
 * last change must be past the stamp's granularity, so that a change
 * in place cannot keep its times.  With fine stamps, past the clock
 * tick of its change time; with whole seconds (its times' nanoseconds
 * both 0: FAT's 2 s, ext3's and HFS+'s 1 s), 2 s past it; never on NFS,
 * SMB, 9p, FUSE or another network file system, whose stamps another
 * machine sets.
 */
bool bops_cache_stamp_settled(const struct stat *st,
    const struct timespec *now, long fs_type);

#endif
