/*
 * import.h: records from other tools' files, for `bops import`: CSV
 * (libcsv), JSON (jansson) and taskwarrior's `task export`.  The only
 * file of lib/ that includes <csv.h> or <jansson.h> is import.c.
 *
 * A file is read whole into rows, each the map of one record with its
 * id when the file gives one.  Every node of a row is marked with where
 * it came from, so that validating the row against the kind's schema
 * (bops_record_validate, with the file's name as the path) names the
 * file, the row and the column of a bad value: "people.csv:9312:4:
 * field 'due': ...".  Rows are CSV records counted from 1 with the
 * header as row 1 (a quoted cell may hold line breaks), columns from 1;
 * in JSON, a row is the position of the object in the array and a
 * column the position of the key in the object.
 *
 * CSV, as `bops export --format csv` writes it: a header row of field
 * names (`id` for the id; --map renames columns), then a row per
 * record.  An empty cell leaves the field unset.  A list's items are
 * the cell's lines; a field of sub-records, a log or a map holds JSON.
 * A cell that export guarded against formulas (bops_csv_guarded in
 * out.h) has its ' taken off.
 *
 * taskwarrior: a task's description is the title; each annotation
 * {entry, description} is an entry of the notes log {at: entry, by: the
 * task's `owner` (a UDA) when it has one, else o->by, text:
 * description}, so a second import of the same file gives the same
 * entries.
 */
#ifndef BOPS_IMPORT_H
#define BOPS_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "node.h"
#include "schema.h"

enum bops_import_format {
	BOPS_IMPORT_CSV,
	BOPS_IMPORT_JSON,
	BOPS_IMPORT_TASKWARRIOR,
};

/* The format a name says ("csv", "json", "taskwarrior"); false if none. */
bool bops_import_format_named(enum bops_import_format *out,
    const char *name);

struct bops_import_row {
	char *id;		/* as given (checked later), or NULL */
	struct bops_node *map;	/* the fields, marked */
	unsigned row;		/* where it came from */
	unsigned id_col;	/* the column of the id, 0: none */
	bool skip;		/* taskwarrior: deleted, or a template */
};

struct bops_import {
	struct bops_import_row *rows;
	size_t n, alloc;
	size_t skipped;		/* rows left out (taskwarrior) */
};

/*
 * What the caller knows that a file does not: the board's columns (for
 * taskwarrior's statuses), the time zone of dates, and who imports (the
 * `by` of the notes made from taskwarrior's annotations).
 */
struct bops_import_opts {
	const char *path;	/* the file's name, for messages */
	const char *map;	/* --map "Col=field,..." or NULL */
	const char *first, *second, *last;	/* board columns */
	const struct bops_tz *tz;
	const char *by;		/* the identity's name */
};

/*
 * Read data[0..len) in format fmt into out, as rows of records of
 * schema s.  BOPS_ERR_INVALID "path:row:col: message" for a file that
 * is not what the format says (a CSV with unbalanced quotes or ragged
 * rows, JSON that does not parse or is not an array of objects), a
 * header naming no field of s (unless --map names one for it), a cell
 * with a control character or bytes that are not UTF-8 (records hold
 * none), or JSON that is not of the field's shape; BOPS_ERR_USAGE for a
 * malformed --map.  The values are not checked against their types
 * here: bops_record_validate does that with the marks.  On error out is
 * empty.  Release with bops_import_release().
 */
const struct bops_error *bops_import_read(struct bops_import *out,
    enum bops_import_format fmt, const char *data, size_t len,
    const struct bops_schema *s, const struct bops_import_opts *o);
void bops_import_release(struct bops_import *imp);

#endif
