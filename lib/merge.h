/*
 * merge.h: the three-way merge of records, field by field, by the policy
 * each field's schema declares (schema.h: enum bops_merge).
 *
 *   - a field changed on one side only takes that side;
 *   - scalar: changed both ways is a conflict;
 *   - latest (`updated`): the later value;
 *   - set (lists): additions and removals of both sides;
 *   - union (logs: check-ins, replies): every entry of either side,
 *     ordered by `at`, then `by`, then content;
 *   - byid (key results, variants): items matched by their key and
 *     merged recursively; both sides adding the same whole-number key
 *     with different content keeps both, the second renumbered;
 *   - text: a line merge when the changes do not overlap, else a
 *     conflict;
 *   - map (config sections): recursively.
 *
 * A conflict keeps the record valid YAML: the field shows one of the two
 * values, and an entry is added to the record's `conflicts` list:
 *
 *   conflicts:
 *   - field: status              (a path: key_results.2.title)
 *     base: processing
 *     values:
 *     - value: done
 *       commit: 3f2a...
 *       author: Lan Nguyen <lan@example.com>
 *     - value: not-started
 *       ...
 *
 * Which value is shown, and the order of everything the merge builds,
 * depend only on the values themselves (never on a clock or on which side
 * is "ours"): merging A into B and B into A gives identical trees.
 */
#ifndef BOPS_MERGE_H
#define BOPS_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "node.h"
#include "schema.h"

/* Where a side's changes come from, for conflict entries. */
struct bops_merge_side {
	const char *commit;	/* may be "" */
	const char *author;	/* "Name <email>", may be "" */
};

/*
 * Merge three versions of a record's map.  base may be NULL (both sides
 * added the record).  *out is a new tree the caller frees; *nconflicts
 * counts the conflicts added.  Returns the merged map even with
 * conflicts.
 */
struct bops_node *bops_merge_record(const struct bops_schema *s,
    const struct bops_node *base, const struct bops_node *ours,
    const struct bops_node *theirs, const struct bops_merge_side *os,
    const struct bops_merge_side *ts, size_t *nconflicts);

/*
 * Take a change back, three ways (what `bops undo` does): `change` is the
 * record as the change left it, `before` as it was before the change,
 * `current` as it is now.  The change's inverse (change -> before) is
 * merged onto current field by field, as bops_merge_record merges,
 * except that an entry of a log (check-ins, replies) that the change
 * added is removed again.  A field changed since in a way the inverse
 * cannot merge with is a conflict, counted in *nconflicts and added to
 * the result's `conflicts` list, last (conflict entries name no commit
 * or author).  *out is a new tree the caller frees.
 */
struct bops_node *bops_merge_revert(const struct bops_schema *s,
    const struct bops_node *change, const struct bops_node *current,
    const struct bops_node *before, size_t *nconflicts);

/*
 * A log (union policy) with more entries added, as an import adds them:
 * every entry of log in its order, then each entry of more that log does
 * not hold, once, in more's order.  Nothing of log is lost or moved, and
 * adding the same entries twice changes nothing.  Either may be NULL.
 * *out is a new sequence the caller frees.
 */
struct bops_node *bops_merge_log_add(const struct bops_node *log,
    const struct bops_node *more);

/*
 * A record's map `had` (may be NULL: a new record) with the fields of an
 * imported row set over it, as `bops import` updates a record: nothing
 * the row does not mention is lost, at any depth.
 *   - a field the row does not name keeps its value;
 *   - a log (union) only grows: bops_merge_log_add;
 *   - sub-records with a key (records; key results by id, stages by
 *     slug, risks by id): an item of the row whose key the record holds
 *     is merged into that item the same way (its fields the row does
 *     not name kept, its logs grown); items only in the record are kept
 *     where they were, items only in the row added after them in the
 *     row's order;
 *   - a map of named fields (schema `fields`), the same way;
 *   - a field whose policy is latest (the updated stamp) takes the
 *     later of the two: an older row does not turn it back;
 *   - a field that follows a log ("current follows checkins.value")
 *     takes that field of the log's latest entry (by `at`, then `by`)
 *     when the row gives the log but the merged log holds entries the
 *     row's does not: the row is older than the record, and the value
 *     stays the one its log says;
 *   - anything else is the row's value.
 * s is the schema of the map (may be NULL: every field is the row's).
 * *out is a new tree the caller frees.
 */
struct bops_node *bops_merge_import(const struct bops_schema *s,
    const struct bops_node *had, const struct bops_node *row);

/*
 * Line-based three-way merge of text.  Returns true and the merged text
 * in out when the changes do not overlap; false otherwise (out is then
 * unspecified).
 */
bool bops_merge_text(struct bops_buf *out, const char *base,
    const char *ours, const char *theirs);

/*
 * Add a conflict entry for `field` to map's conflicts list: base (may be
 * NULL) and the two values (either may be NULL: unset), each with its
 * side.  The entry's values are ordered by content.
 */
void bops_merge_add_conflict(struct bops_node *map, const char *field,
    const struct bops_node *base, const struct bops_node *a,
    const struct bops_merge_side *as, const struct bops_node *b,
    const struct bops_merge_side *bs);

/*
 * A field path as conflicts name it ("status", "key_results.2.title": a
 * keyed list's part is the item's key): the map that holds its last part
 * (borrowed from root), the schema of that map in *fs (NULL when the
 * schema does not say) and the last part in *last; NULL when the path
 * leads nowhere.
 */
struct bops_node *bops_merge_locate(const struct bops_schema **fs,
    const char **last, struct bops_node *root, const struct bops_schema *s,
    const char *path);
/* The value at a field path, or NULL. */
const struct bops_node *bops_merge_get(const struct bops_node *root,
    const struct bops_schema *s, const char *path);

/* Order two values by content (packed bytes); NULL first. */
int bops_merge_cmp(const struct bops_node *a, const struct bops_node *b);

#endif
