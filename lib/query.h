/*
 * query.h: filters and sort orders over the records of one kind.
 *
 * A filter is "field OP value" as a user types it:
 *   =   equals any of a comma-separated list (a list field: contains any)
 *   !=  equals none of them (a list field: contains none)
 *   < <= > >=  ordered by the field's type: numbers numerically, dates
 *       and instants in time, enums by the order their schema declares
 *       (bops_schema_enum_level: priority>normal is urgent or high,
 *       status<done is any column before done), text folded (below)
 *   ~   case-insensitive substring (any item, for lists); for text,
 *       enums, refs, lists, ids, x_* fields, and dates and instants as
 *       text
 * Text is compared folded (bops_text_fold: Unicode case folding and
 * normal form C), so "đi" finds "Đi" and "viết" finds "viết" typed with
 * decomposed marks; = on text is exact but for the normal form.
 * Values are typed by the field: dates may be relative (today, +3d,
 * friday, 2026-w48, eow...), instants may be dates, enum values are
 * taken in any case or form (bops_schema_input), person fields compare
 * folded and take "me": the identity's name, its e-mail, or
 * "Name <email>".  An instant compared with a
 * date compares with that whole day in the zone: created=today is any
 * time today, created<=2026-11-01 includes that day.  `field=` (empty)
 * matches records where the field is unset and `field!=` those where it
 * is set; an empty item in a list means the same (`assignee=me,` is
 * mine or nobody's).  Bools take only = and !=, records, logs and maps
 * only `field=` and `field!=`.  The pseudo-field `id` matches ids (with
 * = an id prefix of any length matches); x_* fields are plain text.  A
 * record lacking the field never matches an ordering or substring
 * filter, and always matches `!=` with a value.
 *
 * A sort order is "f,-g": fields compared in turn, '-' for descending;
 * text sorts folded, then by bytes; enums from least to greatest by
 * their order, so "-priority" puts urgent first and "status" follows
 * the board.  Unset values sort last in either direction; ties keep id
 * order.
 */
#ifndef BOPS_QUERY_H
#define BOPS_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "record.h"
#include "schema.h"

struct bops_query;

/*
 * A query over records of `schema`.  ctx gives the clock, zone and config
 * lookup (for relative dates and enum values from config); me and
 * me_email are the identity's name and e-mail for person fields (me may
 * be NULL: then "me" is refused with BOPS_ERR_NO_IDENTITY; me_email may
 * be NULL: then "me" is the name alone).
 * All are borrowed for the query's life.
 */
struct bops_query *bops_query_new(const struct bops_schema *schema,
    const struct bops_input_ctx *ctx, const char *me, const char *me_email);
void bops_query_free(struct bops_query *q);

/*
 * Add a filter (all filters must match).  BOPS_ERR_USAGE for text that
 * is no filter, an unknown field, an operator the field's type does not
 * support (< on a list), or a value its type refuses ("due<someday").
 */
const struct bops_error *bops_query_filter(struct bops_query *q,
    const char *expr);
/*
 * Set the sort order ("status,-due"), replacing any earlier one.
 * BOPS_ERR_USAGE for unknown fields and those that do not sort (logs).
 */
const struct bops_error *bops_query_sort(struct bops_query *q,
    const char *spec);

bool bops_query_match(const struct bops_query *q,
    const struct bops_record *rec);
/*
 * Matching without decoding, on the packed records of the cache (node.h):
 * the fields the filters read are q's fields 0..nfields-1; the caller
 * gives each one's packed node (vals[i], lens[i]; vals[i] NULL when the
 * record lacks it) and the record's id.  The answer is
 * bops_query_match's on the whole record, by the same code, once per
 * distinct value of a field rather than once per record.  Not for
 * concurrent use of one query.
 */
size_t bops_query_nfields(const struct bops_query *q);
const char *bops_query_field(const struct bops_query *q, size_t i);
/* Whether a filter reads field i (the others are sort keys'). */
bool bops_query_field_filtered(const struct bops_query *q, size_t i);
bool bops_query_match_packed(struct bops_query *q, const char *id,
    const unsigned char *const *vals, const size_t *lens);
/*
 * The same, filter by filter, for a caller that reads a field only once
 * the filters before it have passed (most records fail the first): q's
 * filters, in order; the field filter i reads, as an index of q's
 * fields, or -1 for the id; and whether filter i passes a record whose
 * field it reads is the packed node p, len (NULL when the record lacks
 * it; unused for the id).  bops_query_match_packed is true when every
 * filter passes.
 */
size_t bops_query_nfilters(const struct bops_query *q);
long bops_query_filter_field(const struct bops_query *q, size_t i);
bool bops_query_match_packed_filter(struct bops_query *q, size_t i,
    const char *id, const unsigned char *p, size_t len);
/*
 * The first k records by q's sort order, chosen from packed values as
 * bops_query_match_packed reads them (the sort keys' fields are among
 * q's fields once bops_query_sort has run): offer each record with an
 * index of the caller's; take gives the indices of the k first (fewer
 * when fewer were offered), in order, into out (room for k).  Nothing
 * is decoded: a board shows its first cards of 100,000 tasks at the
 * cost of a comparison each.  The order is bops_query_sort_records's.
 */
struct bops_query_top;
struct bops_query_top *bops_query_top_new(struct bops_query *q, size_t k);
void bops_query_top_offer(struct bops_query_top *t, size_t index,
    const char *id, const unsigned char *const *vals, const size_t *lens);
size_t bops_query_top_take(size_t *out, struct bops_query_top *t);
void bops_query_top_free(struct bops_query_top *t);

/* <0, 0, >0 by the sort order, then by id. */
int bops_query_compare(const struct bops_query *q,
    const struct bops_record *a, const struct bops_record *b);
/* Sort an array of records by the query's order, in place (the
 * records stay the caller's). */
void bops_query_sort_records(const struct bops_query *q,
    struct bops_record **recs, size_t n);

/*
 * Compare two values of field f by its type (numbers, dates, enum
 * level, text); NULL (unset) sorts after everything.  Exposed for verbs
 * that sort by one field.
 */
int bops_query_compare_values(const struct bops_field *f, const char *a,
    const char *b, const struct bops_input_ctx *ctx);

#endif
