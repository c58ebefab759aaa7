/*
 * schema.h: record kinds described as data.
 *
 * A kind's schema is share/schemas/<kind>.yaml (compiled in): its fields
 * in canonical order, each with a type and constraints.  The same engine
 * validates records, the sub-records inside them (key results,
 * check-ins) and the workspace config (bops.yaml, schema "config").
 *
 * Schema file format:
 *
 *   kind: task
 *   title: title                 # field that names a record in listings
 *   list: [title, status, ...]   # default columns of `list`
 *   sort: status,-priority,due   # default order of `list`
 *   fields:
 *     status:
 *       type: enum
 *       values: [a, b]           # or values_from: board.columns (config)
 *       order: flow|high-to-low  # enum: which way the list runs (below)
 *       default: not-started
 *       required: true
 *       readonly: true           # set by bops, not by `set`
 *       person: true             # "me" is the identity's name
 *       auto: created|updated    # stamped by the store
 *       min: 0                   # int/number: range; string/text: length;
 *       max: 200                 # map with `of`: its values' range
 *       unique: true             # list: a repeat is an error, not dropped
 *       ref: task                # type ref: the kind referred to
 *       part: stages             # ref: ID/KEY names the item KEY of
 *                                # that kind's records field `stages`
 *       key: id                  # records: the field that identifies items
 *       merge: scalar|set|union|byid|text|latest   (default from type)
 *       doc: one line shown in bops.yaml and `bops help`
 *       fields: {...}            # records, log and map: the sub-schema
 *       of: int                  # map with free keys: the values' type
 *       follows: checkins.value  # in a merge, the field of the last
 *                                # entry of that log (a KR's current)
 *       relative: past           # date, instant: a weekday a user types
 *                                # is the last one, not the next (for
 *                                # what happened: created, finished)
 *
 * Types: string (one line), text (may hold newlines), enum, int (whole,
 * at most 2^53 - 1 either way, so exact as a double), number,
 * bool (true/false), date (YYYY-MM-DD), instant (YYYY-MM-DDTHH:MM:SSZ),
 * duration (45m 4h 2d 1w), period (2026-Q4, 2026-H1, 2026, 2026-11,
 * 2026-w48, FROM..TO), ref (an id, OBJ/N, or ID/KEY for a field with
 * `part`), list (of one-line
 * strings, no duplicates, order kept), records (a list of sub-records
 * with a key), log (append-only list of sub-records), map (nested
 * fields, or free keys whose values all have the type named by `of`;
 * used by config), raw (any YAML, checked by its user).
 *
 * An enum's order says which of its values is greater, for sorting and
 * for < and >: `flow` (the default) for a list in the order things move
 * through (board columns, pipeline stages, a lifecycle), where a later
 * value is greater; `high-to-low` for a list that runs from the most to
 * the least (priorities: urgent, high, normal, low), where the first
 * value is the greatest.  Either way the list is the order values are
 * shown and offered in.
 */
#ifndef BOPS_SCHEMA_H
#define BOPS_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "date.h"
#include "error.h"
#include "hash.h"
#include "node.h"

/*
 * How deep a record (or bops.yaml) may nest, the root map counting as 1:
 * the profile's BOPS_YAML_MAX_DEPTH less the 4 levels a merge adds when
 * it keeps a value in the record's conflicts (conflicts, entry, values,
 * value entry), so that a merged record can always be written.  The
 * record's `conflicts` field itself may use those levels.
 */
#define BOPS_RECORD_MAX_DEPTH 28

enum bops_type {
	BOPS_TYPE_STRING,
	BOPS_TYPE_TEXT,
	BOPS_TYPE_ENUM,
	BOPS_TYPE_INT,
	BOPS_TYPE_NUMBER,
	BOPS_TYPE_BOOL,
	BOPS_TYPE_DATE,
	BOPS_TYPE_INSTANT,
	BOPS_TYPE_DURATION,
	BOPS_TYPE_REF,
	BOPS_TYPE_LIST,
	BOPS_TYPE_RECORDS,
	BOPS_TYPE_LOG,
	BOPS_TYPE_MAP,
	BOPS_TYPE_RAW,
	BOPS_TYPE_PERIOD,
};

enum bops_merge {
	BOPS_MERGE_SCALAR,	/* both changed differently: conflict */
	BOPS_MERGE_SET,		/* three-way set merge */
	BOPS_MERGE_UNION,	/* append-only log: union */
	BOPS_MERGE_BYID,	/* sub-records matched by key, recursively */
	BOPS_MERGE_TEXT,	/* line merge, else conflict */
	BOPS_MERGE_LATEST,	/* the later value wins (timestamps) */
};

enum bops_auto {
	BOPS_AUTO_NONE,
	BOPS_AUTO_CREATED,
	BOPS_AUTO_UPDATED,
};

struct bops_schema;

struct bops_field {
	char *name;
	enum bops_type type;
	enum bops_merge merge;
	enum bops_auto autostamp;
	bool required;
	bool readonly;
	bool person;		/* "me" means the workspace identity */
	bool custom;		/* declared in bops.yaml, not the kind */
	bool unique;		/* list: a repeated item is an error */
	char *def;		/* default as text, or NULL */
	char **values;		/* enum values, as listed (rank order) */
	size_t nvalues;
	char *values_from;	/* dotted config key holding the values */
	bool high_first;	/* enum, order: high-to-low: the first value
				   is the greatest (else flow order) */
	bool has_min, has_max;
	double min, max;
	char *ref;		/* kind referred to */
	char *part;		/* ref: the records field of that kind
				   whose items ID/KEY names, or NULL
				   (ID/N: a key result) */
	char *follows;		/* "checkins.value": a merge takes the
				   field of the log's last entry */
	bool past;		/* relative: past; relative dates typed for
				   it point back (BOPS_DATE_PAST) */
	char *doc;
	struct bops_schema *sub; /* records, log, map */
	int of;			/* map with free keys: their type, or -1 */
};

/* A kind's upgrade of a record's older form (kind.h, bops_kind_rules). */
typedef bool (*bops_schema_upgrade_fn)(struct bops_buf *note,
    const char *path, struct bops_node *root);

struct bops_schema {
	char *kind;
	char *title;		/* the naming field, or NULL */
	char *key;		/* for sub-records: their key field */
	char *sort;		/* default sort order of `list` */
	char **list;		/* default list columns */
	size_t nlist;
	struct bops_field *fields;
	size_t n;
	struct bops_hash index;	/* field name -> position */
	/* Applied to a document's root before it is validated: the
	 * record kind's upgrade (set by bops_ws_schema), or NULL. */
	bops_schema_upgrade_fn upgrade;
};

/*
 * Parse a schema document (see above).  `path` names it in errors
 * (BOPS_ERR_INVALID "path:line:col: message").  Free with
 * bops_schema_free().
 */
const struct bops_error *bops_schema_parse(struct bops_schema **out,
    const char *path, const struct bops_node *doc);
/* Load share/schemas/<name>.yaml from the compiled-in share files.
 * Free with bops_schema_free(). */
const struct bops_error *bops_schema_builtin(struct bops_schema **out,
    const char *name);
void bops_schema_free(struct bops_schema *s);

/* The field called name, or NULL (constant time: a schema can hold any
 * number of custom fields). */
const struct bops_field *bops_schema_field(const struct bops_schema *s,
    const char *name);
/* The index of field name, or -1. */
long bops_schema_index(const struct bops_schema *s, const char *name);

/*
 * Add custom fields from a config node shaped like
 *   { name: { type: string, ... }, ... }
 * (the value of custom.<kind> in bops.yaml), marked custom.  A name that
 * clashes with a kind field, or is not [a-z][a-z0-9_]*, is
 * BOPS_ERR_INVALID at its position in `path`.
 */
const struct bops_error *bops_schema_add_custom(struct bops_schema *s,
    const char *path, const struct bops_node *custom);

/* The type's name ("string", "date"...) and back; -1 when unknown. */
const char *bops_type_name(enum bops_type t);
int bops_type_from_name(const char *name);

/*
 * Where enum values come from when a field says values_from: called with
 * the dotted key, it returns a borrowed sequence node of scalars, or NULL
 * (then the field accepts nothing but its default).
 */
typedef const struct bops_node *(*bops_schema_lookup_fn)(const char *key,
    void *arg);

struct bops_validate {
	const char *path;		/* file name for messages */
	bops_schema_lookup_fn lookup;	/* may be NULL */
	void *lookup_arg;
};

/*
 * Check `root` (a map) against schema s and make it canonical in place,
 * after s->upgrade, when set, has read an older form as the current one:
 * keys in schema order, then custom fields in their declared order, then
 * x_* fields in their original order; each scalar checked against its
 * type and rewritten in canonical form with the right style (numbers
 * without trailing zeros, durations "1h30m", enum words and dates RAW).
 * Empty values ("" or empty lists) are removed; a missing required field
 * with a default gets it, without one is an error.  Unknown fields are
 * errors, and so is nesting deeper than BOPS_RECORD_MAX_DEPTH outside
 * `conflicts`.  The first problem found (unknown fields are looked for
 * before values) is returned as BOPS_ERR_INVALID
 * "path:line:col: message" (position of the offending value or key; line
 * 0 positions are printed as "path: message").
 */
const struct bops_error *bops_schema_validate(const struct bops_schema *s,
    struct bops_node *root, const struct bops_validate *v);

/* One problem a validation found, and where. */
struct bops_problem {
	unsigned line, col;	/* counted from 1; 0: no place in the file */
	char *msg;		/* "path:line:col: message", owned */
};

/* Problems kept by bops_schema_validate_all, and whatever joins them. */
struct bops_problems {
	struct bops_problem *v;
	size_t n, alloc;
};
#define BOPS_PROBLEMS_INIT { NULL, 0, 0 }

/* Append a copy of err's message (with no place: line and col 0). */
void bops_problems_add(struct bops_problems *p, const struct bops_error *err);
/* Free every message and the array; p is empty and reusable after. */
void bops_problems_release(struct bops_problems *p);
/*
 * One problem err (NULL: none) of the many a check may find, such as a
 * kind's rules on its part of bops.yaml: the first is kept in *first;
 * with all (bops check), each is appended there too and the check goes
 * on.  Returns whether the check is to stop: a problem, and no all.
 */
bool bops_problems_keep(const struct bops_error **first,
    struct bops_problems *all, const struct bops_error *err);
/*
 * BOPS_ERR_INVALID "path:line:col: message" at the place of n, a node
 * of the document at path ("path: message" for a node made in memory),
 * for the problems that the rules beyond a schema find.
 */
const struct bops_error *bops_problem_at(const char *path,
    const struct bops_node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * bops_schema_validate that does not stop at the first problem, for
 * `bops check`: every problem of the document is appended to `all`, in
 * file order (line, then column), each as its "path:line:col: message";
 * then the first of them is returned as BOPS_ERR_INVALID.  NULL when
 * there is none (nothing appended).  The document is made canonical as
 * far as it is valid; with problems, it is fit only to be thrown away.
 * Nesting too deep, or a root that is no map, is the one problem.
 */
const struct bops_error *bops_schema_validate_all(const struct bops_schema *s,
    struct bops_node *root, const struct bops_validate *v,
    struct bops_problems *all);

/*
 * Check and canonicalise one scalar value typed by a user for field f
 * (from `set`, `add`, a filter).  On success out holds the canonical
 * text and *style its emit style (text as typed; an enum value as
 * configured).  BOPS_ERR_USAGE "field 'x': message"
 * otherwise.  `today` is the local date, for relative dates; `now` and
 * `tz` for instants.  A weekday points back for a field marked
 * `relative: past`, ahead otherwise (see bops_date_parse_relative).
 */
struct bops_input_ctx {
	int32_t today;
	int64_t now;
	const struct bops_tz *tz;	/* borrowed; NULL: UTC */
	bops_schema_lookup_fn lookup;
	void *lookup_arg;
};
const struct bops_error *bops_schema_input(struct bops_buf *out,
    enum bops_scalar_style *style, const struct bops_field *f,
    const char *text, const struct bops_input_ctx *ctx);

/*
 * BOPS_ERR_USAGE "unknown field 'prority' for task", with "; did you
 * mean 'priority'?" when a field of s is close to what was typed.
 */
const struct bops_error *bops_schema_unknown_field(
    const struct bops_schema *s, const char *name);

/* The rank of value among f's enum values (0 first), or -1. */
long bops_schema_enum_rank(const struct bops_field *f, const char *value,
    bops_schema_lookup_fn lookup, void *arg);
/*
 * How high value stands among f's enum values, by the field's order
 * (above): 0 for the least, one more for each value above it; -1 when
 * value is none of them.  In flow order this is the rank; high-to-low
 * turns it round, so urgent is greater than low.  Sorting and the
 * filters < <= > >= compare levels.
 */
long bops_schema_enum_level(const struct bops_field *f, const char *value,
    bops_schema_lookup_fn lookup, void *arg);
/*
 * The enum value of f that text names as a person types it: the value
 * itself, or the one equal to it folded (any case, any Unicode normal
 * form: "HIGH", a decomposed "đang-làm").  Borrowed from f or the
 * config; NULL when none.  bops_schema_input stores this spelling.
 */
const char *bops_schema_enum_find(const struct bops_field *f,
    const char *text, bops_schema_lookup_fn lookup, void *arg);
/* Append f's enum values joined by ", " (for messages and help). */
void bops_schema_enum_join(struct bops_buf *out, const struct bops_field *f,
    bops_schema_lookup_fn lookup, void *arg);

#endif
