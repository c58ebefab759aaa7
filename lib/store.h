/*
 * store.h: records in the workspace: finding, reading, and the write
 * protocol.
 *
 * Reads come from a commit (HEAD unless told otherwise), through the
 * cache for HEAD.  Writes go through a transaction, which is the write
 * protocol of DESIGN.md:
 *
 *   bops_txn_begin     flock .git/bops.lock (waiting up to the lock
 *                      timeout), recover from an interrupted writer,
 *                      refuse while a git merge, rebase, cherry-pick or
 *                      revert is unfinished (BOPS_ERR_GIT), re-read
 *                      HEAD and the config
 *   bops_txn_load      read a record from HEAD; refuse it when its
 *                      work-tree file holds an uncommitted edit
 *   bops_txn_put/_delete  stage the new content (validated, canonical)
 *   bops_txn_commit    one commit of exactly the staged files, the
 *                      branch moved by compare-and-swap, then each work-
 *                      tree file replaced atomically and the index updated
 *   bops_txn_free      release the lock
 *
 * A put whose bytes equal the committed ones stages nothing, and a
 * commit with nothing staged writes nothing.
 *
 * The work tree is written without following a link (file.h): a staged
 * path with a link among its leading directories is refused when it is
 * staged, BOPS_ERR_REFUSED, before anything is committed.  A path whose
 * work-tree copy is not what HEAD holds (a hand edit, a FIFO, a link)
 * is BOPS_ERR_DIRTY.
 */
#ifndef BOPS_STORE_H
#define BOPS_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "kind.h"
#include "record.h"
#include "workspace.h"

/*
 * Resolve what a user typed (a whole id or a unique prefix of at least
 * four characters) to an id of kind at commit (NULL: HEAD).
 * BOPS_ERR_USAGE for text that is no id; BOPS_ERR_NOT_FOUND "no task
 * 'x'"; BOPS_ERR_AMBIGUOUS "task prefix 'x' is ambiguous: a, b, c".
 */
const struct bops_error *bops_store_resolve(struct bops_buf *id,
    struct bops_ws *ws, const struct bops_kind *kind, const char *commit,
    const char *text);

/* Read one record by exact id at commit (NULL: HEAD). NOT_FOUND.  Free
 * *out with bops_record_free(). */
const struct bops_error *bops_store_read(struct bops_record **out,
    struct bops_ws *ws, const struct bops_kind *kind, const char *commit,
    const char *id);

/* resolve + read; free *out with bops_record_free(). */
const struct bops_error *bops_store_load(struct bops_record **out,
    struct bops_ws *ws, const struct bops_kind *kind, const char *commit,
    const char *text);

/*
 * The committed bytes of the record that text names (an id or a unique
 * prefix), whether or not they validate: for repairing (edit) or
 * removing (rm) a record that does not.  *out is a record whose root is
 * the tree as loaded without the schema, or NULL when even the YAML is
 * broken; its id, path and blob are set.  data gets the bytes.  Free
 * *out with bops_record_free().
 */
const struct bops_error *bops_store_read_raw(struct bops_record **out,
    struct bops_buf *data, struct bops_ws *ws, const struct bops_kind *kind,
    const char *commit, const char *text);

/*
 * Call fn for each record of kind at commit (NULL: HEAD), in id order.
 * The record is borrowed for the call; fn may take its tree (setting
 * rec->root to NULL) to keep it.  A record that fails validation is
 * skipped and reported to warn (may be NULL) with its path:line:col
 * error.  A non-NULL return from fn stops and is returned.
 */
typedef const struct bops_error *(*bops_store_each_fn)(
    struct bops_record *rec, void *arg);
typedef void (*bops_store_warn_fn)(const struct bops_error *err, void *arg);
const struct bops_error *bops_store_each(struct bops_ws *ws,
    const struct bops_kind *kind, const char *commit, bops_store_each_fn fn,
    bops_store_warn_fn warn, void *arg);

/*
 * Every record of kind at commit (NULL: HEAD) that validates, in id
 * order, into *out (*n of them): for the reports and `bops due`, which
 * look at records side by side.  Free with bops_store_all_free().
 */
const struct bops_error *bops_store_all(struct bops_record ***out,
    size_t *n, struct bops_ws *ws, const struct bops_kind *kind,
    const char *commit);
void bops_store_all_free(struct bops_record **recs, size_t n);

/*
 * bops_store_each for the records that q matches (query.h), which alone
 * are decoded: filters read the packed values in the cache.  Records
 * that do not validate are reported to warn, every one, as
 * bops_store_each reports them.  With BOPS_STORE_FROZEN, the records'
 * trees come from the cache read-only (bops_node_unpack_frozen): fn may
 * take a tree and free it, but neither it nor whoever it hands the tree
 * to may change it.
 */
enum bops_store_flags {
	BOPS_STORE_FROZEN = 1 << 0,
	/* Finished records (kind.h) left out, told from the packed value
	 * of the kind's finished_by field, before anything is decoded. */
	BOPS_STORE_OPEN = 1 << 1,
};
struct bops_query;
const struct bops_error *bops_store_select(struct bops_ws *ws,
    const struct bops_kind *kind, const char *commit, struct bops_query *q,
    unsigned flags, bops_store_each_fn fn, bops_store_warn_fn warn,
    void *arg);
/*
 * *out: how many records bops_store_select would hand to fn, decoding
 * none (`count`); invalid ones go to warn the same way.
 */
const struct bops_error *bops_store_select_count(size_t *out,
    struct bops_ws *ws, const struct bops_kind *kind, const char *commit,
    struct bops_query *q, unsigned flags, bops_store_warn_fn warn,
    void *arg);

/*
 * The first k records, by q's sort order, of each group of the records
 * q matches: a group holds the records whose scalar `group` equals its
 * value (group NULL: one group of every record, groups[0]); a record in
 * no group is left out.  Each group gets how many records it holds
 * (count) and its first k, decoded (recs, n; freed by
 * bops_store_groups_release).  Only those k are decoded: filters and
 * sort keys read packed values.  A board's columns: group "status".
 * k (size_t)-1 for all of them.  flags as for bops_store_select.
 */
struct bops_store_group {
	const char *value;		/* in */
	size_t count;			/* out */
	struct bops_record **recs;	/* out */
	size_t n;
};
const struct bops_error *bops_store_top(struct bops_ws *ws,
    const struct bops_kind *kind, const char *commit, struct bops_query *q,
    unsigned flags, const char *group, struct bops_store_group *groups,
    size_t ngroups, size_t k, bops_store_warn_fn warn, void *arg);
void bops_store_groups_release(struct bops_store_group *groups, size_t n);

/*
 * *out: how many valid records of kind at HEAD have the scalar `field`
 * equal, byte for byte, to value; those for which skip (may be NULL)
 * says true are left out.  Reads the packed values in the cache: no
 * record is decoded (a WIP count on a write path).
 */
const struct bops_error *bops_store_count(size_t *out, struct bops_ws *ws,
    const struct bops_kind *kind, const char *field, const char *value,
    bool (*skip)(const char *id, void *arg), void *arg);

/*
 * Append the greatest value, by bytes, of the scalar field `field` among
 * the valid records of kind at HEAD; nothing when no record has one.
 * Remembered for the next call (lib/store-max.c), so that a write path
 * (a new task's rank) reads only the records changed since; the first
 * call, and one after many changes, scans the cache in place
 * (bops_store_scan_max).
 */
const struct bops_error *bops_store_max(struct bops_buf *out,
    struct bops_ws *ws, const struct bops_kind *kind, const char *field);
/* The same from a scan of every record's packed field, remembering
 * nothing. */
const struct bops_error *bops_store_scan_max(struct bops_buf *out,
    struct bops_ws *ws, const struct bops_kind *kind, const char *field);

/*
 * Call fn for each record of kind at HEAD whose id starts with prefix,
 * in id order, with the scalar text of field (not NUL-terminated: len
 * bytes; NULL and 0 when unset), read from the cache in place without
 * building the records, so it stays fast at 100,000 records (ids with
 * their titles, for completion).  A record that does not validate is
 * passed with no text.  At most max records (0: all); a non-NULL return
 * from fn stops and is returned.
 */
typedef const struct bops_error *(*bops_store_field_fn)(const char *id,
    const char *text, size_t len, void *arg);
const struct bops_error *bops_store_field_each(struct bops_ws *ws,
    const struct bops_kind *kind, const char *prefix, const char *field,
    size_t max, bops_store_field_fn fn, void *arg);

/*
 * Call fn for each valid record of kind at commit (NULL: HEAD), in id
 * order, with the packed values (node.h) of the top-level fields asked
 * for, read in place from the cache: vals[i] and lens[i] for fields[i],
 * NULL and 0 when the record has no such field.  No record is decoded:
 * for aggregates that read a few fields of every record (SLA clocks).
 * A record that does not validate goes to warn, as in bops_store_each;
 * a non-NULL return from fn stops and is returned.
 */
typedef const struct bops_error *(*bops_store_fields_fn)(const char *id,
    const unsigned char *const *vals, const size_t *lens, void *arg);
const struct bops_error *bops_store_fields(struct bops_ws *ws,
    const struct bops_kind *kind, const char *commit,
    const char *const *fields, size_t nf, bops_store_fields_fn fn,
    bops_store_warn_fn warn, void *arg);
/* The text of packed scalar val (len bytes) in buf, NUL-terminated; NULL
 * when val is NULL or no scalar. */
const char *bops_store_text(struct bops_buf *buf, const unsigned char *val,
    size_t len);

struct bops_txn;

/*
 * Take the workspace's lock and begin a transaction; free it with
 * bops_txn_free() (after bops_txn_commit(), or alone to drop what is
 * staged), which releases the lock.
 */
const struct bops_error *bops_txn_begin(struct bops_txn **out,
    struct bops_ws *ws);

/*
 * How the kinds' rules treat this transaction's writes (see the check
 * rule in kind.h).  None by default.
 */
enum bops_txn_flags {
	/* Past the refusals a user may override: a WIP limit (--force). */
	BOPS_TXN_FORCE = 1 << 0,
	/* A merge: the rules refuse nothing and add nothing (no stamps);
	 * records are validated all the same. */
	BOPS_TXN_MERGE = 1 << 1,
	/* An import: records arrive whole, from an export or another
	 * tool.  The stamps they carry (created, updated, a task's
	 * started and finished) are kept, the missing ones made; the
	 * rules refuse what they refuse of any write. */
	BOPS_TXN_IMPORT = 1 << 2,
};
void bops_txn_set_flags(struct bops_txn *txn, unsigned flags);
unsigned bops_txn_flags(const struct bops_txn *txn);
/* The workspace of txn (borrowed). */
struct bops_ws *bops_txn_ws(const struct bops_txn *txn);

/*
 * Call fn for each record of kind as the transaction would leave it:
 * HEAD's, with what is staged standing in (a staged deletion is left
 * out).  As bops_store_each otherwise: records borrowed for the call,
 * one that does not validate is reported to warn (may be NULL).
 */
const struct bops_error *bops_txn_each(struct bops_txn *txn,
    const struct bops_kind *kind, bops_store_each_fn fn,
    bops_store_warn_fn warn, void *arg);

/*
 * *out: how many records of kind, as the transaction would leave them
 * (bops_txn_each's), other than `except` (may be ""), have the scalar
 * `field` equal to value; fn (may be NULL) gets the id of each, in
 * bops_txn_each's order.  HEAD's are counted in the cache's packed form
 * (bops_store_count), without decoding one: a WIP limit, or the tasks
 * that point at a key result, cost no more than a scan of one field.
 */
typedef void (*bops_txn_id_fn)(const char *id, void *arg);
const struct bops_error *bops_txn_count_value(size_t *out,
    struct bops_txn *txn, const struct bops_kind *kind, const char *field,
    const char *value, const char *except, bops_txn_id_fn fn, void *arg);

/*
 * Apply the rules of the kind of a change to txn: before is the
 * committed version (NULL for a new record), after the version about to
 * be written (NULL for a removal); the rules may complete after (the
 * started and finished stamps of a task).  bops_txn_put and
 * bops_txn_delete call it for every write; sync calls it for what a
 * merge writes.  BOPS_ERR_WIP, BOPS_ERR_REFUSED, BOPS_ERR_INVALID.
 */
const struct bops_error *bops_txn_check(struct bops_txn *txn,
    const struct bops_record *before, struct bops_record *after);
/*
 * Load a record for change.  BOPS_ERR_DIRTY when its work-tree file
 * differs from HEAD (the file is left as it is).  *out is the caller's
 * (bops_record_free()), also after it is put.
 */
const struct bops_error *bops_txn_load(struct bops_record **out,
    struct bops_txn *txn, const struct bops_kind *kind, const char *text);
/* bops_store_read_raw under the lock, refused like bops_txn_load when
 * the work-tree file holds an uncommitted edit.  Free *out with
 * bops_record_free(). */
const struct bops_error *bops_txn_load_raw(struct bops_record **out,
    struct bops_buf *data, struct bops_txn *txn, const struct bops_kind *kind,
    const char *text);
/*
 * Stage rec: its kind's rules first (bops_txn_check, against the
 * committed version), then validated, `created`/`updated` stamped when
 * its content changed (a new record that holds them keeps them).  A new record (blob "") whose id is taken is
 * BOPS_ERR_REFUSED; one whose path holds an untracked file is
 * BOPS_ERR_DIRTY.  *changed (may be NULL) says whether anything was
 * staged.
 */
const struct bops_error *bops_txn_put(struct bops_txn *txn,
    struct bops_record *rec, bool *changed);
/* Stage the removal of rec (its kind's rules first, as for a put). */
const struct bops_error *bops_txn_delete(struct bops_txn *txn,
    struct bops_record *rec);
/*
 * Stage raw bytes at a path (bops.yaml, undo).  Bytes for a record path
 * or bops.yaml must read back as a read would check them: the YAML
 * profile (size included) and the schema; BOPS_ERR_INVALID "path:
 * message" otherwise ("path: too large to write (N bytes, at most
 * 1048576)", "path: would not read back (3:1: message)").  A record
 * meets its kind's rules as with bops_txn_put (and is staged as they
 * leave it, canonical).  Refused with BOPS_ERR_DIRTY when the work-tree
 * file differs from HEAD; nothing is staged when the bytes equal HEAD's.
 */
const struct bops_error *bops_txn_put_file(struct bops_txn *txn,
    const char *path, const char *data, size_t len);
/* Stage the deletion of a committed file (refused when hand-edited). */
const struct bops_error *bops_txn_delete_file(struct bops_txn *txn,
    const char *path);
/*
 * bops_txn_put_file for an entry of any mode (BOPS_MODE_*): a regular or
 * an executable file holding data, a symbolic link to data (made as a
 * link in the work tree, never followed), a submodule whose commit is
 * data in hex (its empty directory); mode 0 is a regular file,
 * executable when HEAD's is.  Nothing is staged when HEAD holds the
 * same, mode included.  Unlike bops_txn_put_file, the bytes are not
 * checked: this is for what sync takes as it came (a record that does
 * not validate is kept, never dropped) and for what its merge already
 * validated.
 */
const struct bops_error *bops_txn_put_entry(struct bops_txn *txn,
    const char *path, const char *data, size_t len, unsigned mode);
/* How many files are staged. */
size_t bops_txn_count(const struct bops_txn *txn);
/*
 * Commit what is staged with message and apply it to the work tree and
 * index.  Nothing staged: nothing happens.  out_hex (may be NULL)
 * receives the commit, or "".  The message is made one line, whatever
 * it holds: newlines, other control characters and bidi overrides are
 * escaped as out.h shows them (a tab is "\011"), so user text in a
 * subject can neither add lines nor drive a terminal in `git log`.
 */
const struct bops_error *bops_txn_commit(struct bops_txn *txn,
    const char *message, char *out_hex);
/*
 * The same with a body after the subject line: bops's own text (a
 * trailer such as "This reverts commit <id>."), kept as it is.
 */
const struct bops_error *bops_txn_commit_body(struct bops_txn *txn,
    const char *subject, const char *body, char *out_hex);
/*
 * The same, for sync: with other_hex, a merge commit whose second parent
 * is other_hex (made even when nothing is staged); with ff_hex, no new
 * commit: the branch moves to ff_hex (a fast-forward; what is staged must
 * be that commit's changes) and the work tree follows.
 */
const struct bops_error *bops_txn_commit_ex(struct bops_txn *txn,
    const char *message, const char *other_hex, const char *ff_hex,
    char *out_hex);
/* Release the lock and free; staged changes not committed are dropped. */
void bops_txn_free(struct bops_txn *txn);

/*
 * Recovery after a writer was killed: finish applying the last commit to
 * the work tree and index, remove temp files and the git locks (index,
 * branch) that writer left; BOPS_ERR_LOCKED for a git lock that is not
 * provably its own.  A temp file is removed only when it is a regular
 * file that HEAD does not track; temp files under .git/bops/ that no
 * writer under the lock made (the cache's, an edit's) only when a minute
 * old.  Called by bops_txn_begin; exposed for `bops check`.  Needs the
 * lock held.
 */
const struct bops_error *bops_store_recover(struct bops_ws *ws);

#endif
