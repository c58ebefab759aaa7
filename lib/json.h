/*
 * json.h: the one JSON writer.  Every --json output is written through
 * it, so every value bops prints as JSON is typed the same way and the
 * document is always well-formed, whatever a record holds.
 *
 * The writer appends to a bops_buf and keeps track of the open arrays
 * and objects, so commas come by themselves:
 *
 *	struct bops_json w;
 *
 *	bops_json_init(&w, &buf);
 *	bops_json_begin_array(&w, BOPS_JSON_LINES);
 *	bops_json_begin_object(&w, 0);
 *	bops_json_key(&w, "id");
 *	bops_json_str(&w, "save-the-world");
 *	bops_json_key(&w, "progress");
 *	bops_json_num(&w, 0.61, 4);
 *	bops_json_end_object(&w);
 *	bops_json_end_array(&w);	-> [\n{"id":"save-the-world",...}\n]\n
 *	bops_json_release(&w);
 *
 * Values of records are typed by their field's schema
 * (bops_json_node): int and number as JSON numbers, bool as true or
 * false, list as an array of strings, records and log as arrays of
 * objects typed by the sub-schema, map as an object, and everything
 * else (string, text, enum, date, instant, duration, period, ref) as a
 * string.  A value with no field (raw, x_* fields, a field no schema
 * names) is untyped: scalars are strings.  A value that does not read
 * as its field's type (a hand edit in an old version, a teammate's
 * commit) is written as the string it is, never as a broken number: an
 * int outside -(2^53 - 1)..2^53 - 1 or a number that is not finite
 * ("1e999", ".nan") stays a string.  Nothing the writer appends is
 * anything but JSON.
 *
 * Strings are escaped for JSON and for a terminal: controls, DEL, the C1
 * controls and the bidi overrides U+202A..U+202E, U+2066..U+2069 as
 * \uXXXX, a byte that is not UTF-8 as \ufffd.
 *
 * Layout: compact, except that an array or object begun with
 * BOPS_JSON_LINES puts each item on a line of its own; the document
 * ends with a newline once its outermost value is closed.
 */
#ifndef BOPS_JSON_H
#define BOPS_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "node.h"
#include "schema.h"

enum bops_json_flags {
	BOPS_JSON_LINES = 1 << 0,	/* each item on a line of its own */
};

struct bops_json_level;

struct bops_json {
	struct bops_buf *out;		/* borrowed */
	struct bops_json_level *levels;	/* private: the open containers */
	size_t depth, alloc;
};

/* A writer appending to buf (borrowed; it must outlive the writer). */
void bops_json_init(struct bops_json *w, struct bops_buf *buf);
/* Free what the writer holds (not its buf).  Safe after init alone. */
void bops_json_release(struct bops_json *w);

/*
 * Containers.  Inside an object each value follows a bops_json_key();
 * inside an array values follow each other.  An end closes the
 * innermost container, which must be of its kind.
 */
void bops_json_begin_object(struct bops_json *w, unsigned flags);
void bops_json_end_object(struct bops_json *w);
void bops_json_begin_array(struct bops_json *w, unsigned flags);
void bops_json_end_array(struct bops_json *w);
void bops_json_key(struct bops_json *w, const char *key);

/* Plain values.  bops_json_str(w, NULL) writes null. */
void bops_json_str(struct bops_json *w, const char *s);
void bops_json_null(struct bops_json *w);
void bops_json_bool(struct bops_json *w, bool v);
void bops_json_int(struct bops_json *w, int64_t v);
/*
 * v with `digits` significant digits (1 to 17; 17 keeps every double
 * exactly, 15 is what records store), or null when it is not finite:
 * JSON has no inf or NaN.  -0 is written 0.
 */
void bops_json_num(struct bops_json *w, double v, int digits);
/* v with `decimals` digits after the point (0 to 17), or null as above. */
void bops_json_fixed(struct bops_json *w, double v, int decimals);
/*
 * The same without trailing zeros: 1234567, 3.6667, 0.5.  For sums of
 * points and the like, whose whole part must come out whole, as
 * bops_json_num() with few digits would not (1.235e+06).
 */
void bops_json_round(struct bops_json *w, double v, int decimals);

/*
 * The scalar text of a value of type t: a number, true or false when it
 * reads as one (see above), otherwise a string.
 */
void bops_json_scalar(struct bops_json *w, const char *text,
    enum bops_type t);
/*
 * A node typed by its field f (NULL: untyped); n NULL writes null.
 * Borrowed, not kept.
 */
void bops_json_node(struct bops_json *w, const struct bops_node *n,
    const struct bops_field *f);
/*
 * A record's map as an object typed by schema s (NULL: untyped): "id":
 * id first when id is not NULL, then its keys in their order.  The
 * values kept in a record's `conflicts` (base, value) are typed by the
 * field their path names, as bops_json_node_at does.
 */
void bops_json_record(struct bops_json *w, const struct bops_node *map,
    const struct bops_schema *s, const char *id);
/*
 * A node typed as the field at `path` of schema s, a path as conflicts
 * name it ("estimate", "key_results.2.target", "board.wip.processing":
 * the part after a records field is an item's key); untyped when the
 * path names no field.  n NULL writes null.
 */
void bops_json_node_at(struct bops_json *w, const struct bops_node *n,
    const struct bops_schema *s, const char *path);

#endif
