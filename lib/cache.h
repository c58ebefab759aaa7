/*
 * cache.h: the read cache of records, .git/bops/cache/<kind>.
 *
 * For each kind the cache holds every record at HEAD in a packed binary
 * form (see bops_node_pack), or the message that says why it is invalid,
 * keyed by the kind's directory tree id, the config blob id and the
 * schema.  When HEAD moves, only the blobs whose ids changed are parsed
 * again.  The cache can be deleted at any time; it is rebuilt from git.
 * Failing to write it is not an error.  Caches of other commits than
 * HEAD (--as-of) are built in memory only.
 */
#ifndef BOPS_CACHE_H
#define BOPS_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "git.h"
#include "kind.h"
#include "workspace.h"

struct bops_cache_entry {
	const char *id;
	char blob[BOPS_OID_HEXSZ + 1];
	bool valid;
	const unsigned char *data;	/* packed tree, or the message */
	size_t len;
};

struct bops_cache;

/*
 * The records of kind at commit_hex (ws->head when NULL), sorted by id.
 * Close with bops_cache_close().
 */
const struct bops_error *bops_cache_open(struct bops_cache **out,
    struct bops_ws *ws, const struct bops_kind *kind, const char *commit_hex);
size_t bops_cache_count(const struct bops_cache *c);
/* Entry i, borrowed until the cache is closed. */
const struct bops_cache_entry *bops_cache_entry(const struct bops_cache *c,
    size_t i);
/* The first entry whose id is >= key (for prefix search), as an index. */
size_t bops_cache_lower_bound(const struct bops_cache *c, const char *key);
void bops_cache_close(struct bops_cache *c);

#endif
