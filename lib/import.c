/*
 * import.c: other tools' files as rows of records.  CSV is read by
 * libcsv and JSON by jansson: their headers stop here.
 */
#include <csv.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "import.h"
#include "out.h"
#include "text.h"
#include "banned.h"

bool
bops_import_format_named(enum bops_import_format *out, const char *name)
{
	if (strcmp(name, "csv") == 0)
		*out = BOPS_IMPORT_CSV;
	else if (strcmp(name, "json") == 0)
		*out = BOPS_IMPORT_JSON;
	else if (strcmp(name, "taskwarrior") == 0)
		*out = BOPS_IMPORT_TASKWARRIOR;
	else
		return false;
	return true;
}

void
bops_import_release(struct bops_import *imp)
{
	size_t i;

	for (i = 0; i < imp->n; i++) {
		free(imp->rows[i].id);
		bops_node_free(imp->rows[i].map);
	}
	free(imp->rows);
	memset(imp, 0, sizeof(*imp));
}

static struct bops_import_row *
new_row(struct bops_import *imp, unsigned row)
{
	struct bops_import_row *r;

	if (imp->n == imp->alloc) {
		imp->alloc = imp->alloc ? imp->alloc * 2 : 64;
		imp->rows = bops_realloc(imp->rows, imp->alloc *
		    sizeof(*imp->rows));
	}
	r = &imp->rows[imp->n++];
	memset(r, 0, sizeof(*r));
	r->map = bops_node_new_map();
	r->row = row;
	return r;
}

static void
mark(struct bops_node *n, unsigned line, unsigned col)
{
	size_t i;

	n->line = n->key_line = line;
	n->col = n->key_col = col;
	if (n->type != BOPS_NODE_SCALAR)
		for (i = 0; i < n->n; i++)
			mark(n->items[i], line, col);
}

/*
 * Text a record can hold: UTF-8 without control characters but line
 * breaks and tabs (the YAML profile).  BOPS_ERR_INVALID at row:col.
 */
static const struct bops_error *
check_text(const struct bops_import_opts *o, unsigned row, unsigned col,
    const char *s, size_t len)
{
	size_t i;

	if (!bops_text_valid(s, len))
		return bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: not UTF-8",
		    o->path, row, col);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			return bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: "
			    "control character U+%04X: records hold none",
			    o->path, row, col, c);
	}
	return NULL;
}

/* JSON to a node: strings as text, numbers and true/false as written. */
static const struct bops_error *
from_json(struct bops_node **out, const json_t *j,
    const struct bops_import_opts *o, unsigned row, unsigned col)
{
	const struct bops_error *err = NULL;
	struct bops_node *n = NULL, *item;
	const char *key;
	json_t *v;
	size_t i;
	char num[64];

	*out = NULL;
	switch (json_typeof(j)) {
	case JSON_STRING:
		if ((err = check_text(o, row, col, json_string_value(j),
		    json_string_length(j))))
			return err;
		n = bops_node_new_scalarn(json_string_value(j),
		    json_string_length(j), BOPS_SCALAR_TEXT);
		break;
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(j));
		n = bops_node_new_scalar(num, BOPS_SCALAR_TEXT);
		break;
	case JSON_REAL:
		/* Records keep 15 significant digits. */
		snprintf(num, sizeof(num), "%.15g", json_real_value(j));
		n = bops_node_new_scalar(num, BOPS_SCALAR_TEXT);
		break;
	case JSON_TRUE:
	case JSON_FALSE:
		n = bops_node_new_scalar(json_is_true(j) ? "true" : "false",
		    BOPS_SCALAR_TEXT);
		break;
	case JSON_NULL:
		return NULL;
	case JSON_ARRAY:
		n = bops_node_new_seq();
		json_array_foreach(j, i, v) {
			if ((err = from_json(&item, v, o, row, col)))
				break;
			if (item)
				bops_node_seq_append(n, item);
		}
		break;
	case JSON_OBJECT:
		n = bops_node_new_map();
		json_object_foreach((json_t *)j, key, v) {
			if ((err = check_text(o, row, col, key, strlen(key))) ||
			    (err = from_json(&item, v, o, row, col)))
				break;
			if (item)
				bops_node_map_set(n, key, item);
		}
		break;
	}
	if (err) {
		bops_node_free(n);
		return err;
	}
	mark(n, row, col);
	*out = n;
	return NULL;
}

static const struct bops_error *
parse_json(json_t **out, const char *data, size_t len,
    const struct bops_import_opts *o)
{
	json_error_t je;

	if ((*out = json_loadb(data, len, JSON_REJECT_DUPLICATES, &je)) == NULL)
		return bops_error_fmt(BOPS_ERR_INVALID, "%s:%d:%d: %s", o->path,
		    je.line, je.column, je.text);
	if (!json_is_array(*out)) {
		json_decref(*out);
		*out = NULL;
		return bops_error_fmt(BOPS_ERR_INVALID, "%s:1:1: want an array "
		    "of records", o->path);
	}
	return NULL;
}

/* bops's own JSON: the objects `bops export --format json` writes. */
static const struct bops_error *
read_json(struct bops_import *imp, const char *data, size_t len,
    const struct bops_schema *s, const struct bops_import_opts *o)
{
	const struct bops_error *err = NULL;
	json_t *root, *obj, *v;
	const char *key;
	size_t i;

	if ((err = parse_json(&root, data, len, o)))
		return err;
	json_array_foreach(root, i, obj) {
		struct bops_import_row *r;
		unsigned row = (unsigned)i + 1, col = 0;
		struct bops_node *n;

		if (!json_is_object(obj)) {
			err = bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:1: want "
			    "an object", o->path, row);
			break;
		}
		r = new_row(imp, row);
		json_object_foreach(obj, key, v) {
			col++;
			if (strcmp(key, "kind") == 0 && json_is_string(v) &&
			    strcmp(json_string_value(v), s->kind) == 0)
				continue;
			if (strcmp(key, "kind") == 0) {
				err = bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: "
				    "a record of another kind", o->path, row,
				    col);
				break;
			}
			if (strcmp(key, "id") == 0) {
				if (!json_is_string(v)) {
					err = bops_error_fmt(BOPS_ERR_INVALID,
					    "%s:%u:%u: id: want a string",
					    o->path, row, col);
					break;
				}
				r->id = bops_strdup(json_string_value(v));
				r->id_col = col;
				continue;
			}
			if ((err = from_json(&n, v, o, row, col)))
				break;
			if (n)
				bops_node_map_set(r->map, key, n);
		}
		if (err)
			break;
	}
	json_decref(root);
	return err;
}

/* taskwarrior's instants: 20261127T093000Z. */
static bool
tw_instant(int64_t *out, const char *s)
{
	char iso[32];

	if (strlen(s) != 16 || s[8] != 'T' || s[15] != 'Z')
		return false;
	snprintf(iso, sizeof(iso), "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", s, s + 4,
	    s + 6, s + 9, s + 11, s + 13);
	return bops_instant_parse(out, iso) == NULL;
}

static void
set_text(struct bops_node *map, const char *key, const char *value,
    unsigned row, unsigned col)
{
	struct bops_node *n = bops_node_new_scalar(value, BOPS_SCALAR_TEXT);

	mark(n, row, col);
	bops_node_map_set(map, key, n);
}

/* An instant field from taskwarrior's form, as bops writes it. */
static const struct bops_error *
tw_when(struct bops_node *map, const char *field, json_t *v, bool date,
    const struct bops_import_opts *o, unsigned row, unsigned col)
{
	struct bops_buf b = BOPS_BUF_INIT;
	int64_t t;

	if (!json_is_string(v) || !tw_instant(&t, json_string_value(v)))
		return bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: %s: want "
		    "an instant as task export writes it (20261127T093000Z)",
		    o->path, row, col, field);
	if (date)
		bops_date_format(&b, bops_date_local(t, o->tz));
	else
		bops_instant_format(&b, t);
	set_text(map, field, b.ptr, row, col);
	bops_buf_release(&b);
	return NULL;
}

/*
 * Annotations as the notes log: an entry {at, by, text} for each, at
 * the annotation's time, by the task's owner or the one who imports.
 */
static const struct bops_error *
tw_notes(struct bops_node *map, json_t *v, const char *by,
    const struct bops_import_opts *o, unsigned row, unsigned col)
{
	struct bops_buf at = BOPS_BUF_INIT;
	struct bops_node *log, *e;
	json_t *a, *d;
	const char *entry;
	size_t i;
	int64_t t;

	log = bops_node_new_seq();
	json_array_foreach(v, i, a) {
		d = json_object_get(a, "description");
		if (!json_is_string(d))
			continue;
		entry = json_string_value(json_object_get(a, "entry"));
		if (entry == NULL || !tw_instant(&t, entry)) {
			bops_node_free(log);
			return bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: "
			    "annotations: want an entry instant as task "
			    "export writes it (20261127T093000Z)", o->path,
			    row, col);
		}
		bops_buf_reset(&at);
		bops_instant_format(&at, t);
		e = bops_node_new_map();
		bops_node_map_set_str(e, "at", at.ptr, BOPS_SCALAR_RAW);
		if (by)
			bops_node_map_set_str(e, "by", by, BOPS_SCALAR_TEXT);
		bops_node_map_set(e, "text", bops_node_new_scalarn(
		    json_string_value(d), json_string_length(d),
		    BOPS_SCALAR_TEXT));
		bops_node_seq_append(log, e);
	}
	bops_buf_release(&at);
	if (log->n == 0) {
		bops_node_free(log);
		return NULL;
	}
	mark(log, row, col);
	bops_node_map_set(map, "notes", log);
	return NULL;
}

/*
 * One task of `task export`: uuid as the id, so a second import updates
 * the same record; description, status, priority H/M/L, due, tags,
 * project (x_project), annotations (notes, by owner when the task has
 * that UDA), entry, modified, start and end (the stamps).  Deleted tasks and recurrence templates are left
 * out; urgency, id and the rest are taskwarrior's own.
 */
static const struct bops_error *
tw_task(struct bops_import_row *r, json_t *obj,
    const struct bops_import_opts *o)
{
	static const struct {
		const char *from, *to;
		bool date;
	} stamps[] = {
		{ "due", "due", true }, { "entry", "created", false },
		{ "modified", "updated", false }, { "start", "started", false },
		{ "end", "finished", false },
	};
	const struct bops_error *err = NULL;
	const char *status, *prio, *key, *by;
	struct bops_node *tags;
	json_t *v, *t;
	unsigned col = 0;
	size_t i;

	status = json_string_value(json_object_get(obj, "status"));
	if (status == NULL || strcmp(status, "deleted") == 0 ||
	    strcmp(status, "recurring") == 0) {
		r->skip = true;
		return NULL;
	}
	if ((by = json_string_value(json_object_get(obj, "owner"))) == NULL ||
	    *by == '\0')
		by = o->by;
	json_object_foreach(obj, key, v) {
		col++;
		if (json_is_string(v) && (err = check_text(o, r->row, col,
		    json_string_value(v), json_string_length(v))))
			return err;
		if (strcmp(key, "uuid") == 0 && json_is_string(v)) {
			char *p;

			r->id = bops_strdup(json_string_value(v));
			for (p = r->id; *p; p++)
				if (*p >= 'A' && *p <= 'Z')
					*p = (char)(*p - 'A' + 'a');
			r->id_col = col;
		} else if (strcmp(key, "description") == 0 &&
		    json_is_string(v))
			set_text(r->map, "title", json_string_value(v), r->row,
			    col);
		else if (strcmp(key, "status") == 0)
			set_text(r->map, "status", strcmp(status, "completed")
			    == 0 ? o->last : json_object_get(obj, "start") ?
			    o->second : o->first, r->row, col);
		else if (strcmp(key, "priority") == 0 && json_is_string(v)) {
			prio = json_string_value(v);
			set_text(r->map, "priority", strcmp(prio, "H") == 0 ?
			    "high" : strcmp(prio, "M") == 0 ? "normal" :
			    strcmp(prio, "L") == 0 ? "low" : prio, r->row, col);
		} else if (strcmp(key, "project") == 0 && json_is_string(v))
			set_text(r->map, "x_project", json_string_value(v),
			    r->row, col);
		else if (strcmp(key, "tags") == 0 && json_is_array(v)) {
			tags = bops_node_new_seq();
			json_array_foreach(v, i, t)
				if (json_is_string(t))
					bops_node_seq_append(tags,
					    bops_node_new_scalar(
					    json_string_value(t),
					    BOPS_SCALAR_TEXT));
			mark(tags, r->row, col);
			bops_node_map_set(r->map, "tags", tags);
		} else if (strcmp(key, "annotations") == 0 &&
		    json_is_array(v)) {
			if ((err = tw_notes(r->map, v, by, o, r->row, col)))
				return err;
		} else
			for (i = 0; i < sizeof(stamps) / sizeof(*stamps); i++)
				if (strcmp(key, stamps[i].from) == 0 &&
				    (err = tw_when(r->map, stamps[i].to, v,
				    stamps[i].date, o, r->row, col)))
					return err;
	}
	return NULL;
}

static const struct bops_error *
read_taskwarrior(struct bops_import *imp, const char *data, size_t len,
    const struct bops_schema *s, const struct bops_import_opts *o)
{
	const struct bops_error *err = NULL;
	json_t *root, *obj;
	size_t i;

	if (strcmp(s->kind, "task"))
		return bops_error_fmt(BOPS_ERR_USAGE, "--format taskwarrior "
		    "makes tasks, not %ss", s->kind);
	if ((err = parse_json(&root, data, len, o)))
		return err;
	json_array_foreach(root, i, obj) {
		struct bops_import_row *r = new_row(imp, (unsigned)i + 1);

		if (!json_is_object(obj))
			err = bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:1: want "
			    "an object", o->path, r->row);
		else
			err = tw_task(r, obj, o);
		if (err)
			break;
		if (r->skip)
			imp->skipped++;
	}
	json_decref(root);
	return err;
}

/* CSV, read by libcsv a cell at a time. */
struct csv_read {
	struct bops_import *imp;
	const struct bops_schema *s;
	const struct bops_import_opts *o;
	char **fields;		/* the field of each column; "id"; NULL */
	size_t ncols;
	unsigned row, col;	/* where libcsv is */
	struct bops_import_row *r;
	const struct bops_error *err;
};

/* The field a header names: --map's, else the header itself. */
static const struct bops_error *
header_field(char **out, const char *head, const struct bops_import_opts *o,
    const struct bops_schema *s, unsigned col)
{
	const char *p, *eq, *end;
	size_t hl = strlen(head);

	*out = NULL;
	for (p = o->map; p && *p; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",");
		if ((eq = memchr(p, '=', (size_t)(end - p))) == NULL ||
		    eq == p || eq + 1 == end)
			return bops_error_fmt(BOPS_ERR_USAGE, "--map: want "
			    "'Column=field,...', got '%.*s'", (int)(end - p),
			    p);
		if ((size_t)(eq - p) == hl && memcmp(p, head, hl) == 0) {
			*out = bops_strndup(eq + 1, (size_t)(end - eq - 1));
			break;
		}
	}
	if (*out == NULL)
		*out = bops_strdup(head);
	if (strcmp(*out, "id") && strncmp(*out, "x_", 2) &&
	    bops_schema_field(s, *out) == NULL) {
		const struct bops_error *err = bops_error_fmt(BOPS_ERR_INVALID,
		    "%s:1:%u: no field '%s' in a %s (--map '%s=FIELD' names "
		    "one)", o->path, col, *out, s->kind, head);

		free(*out);
		*out = NULL;
		return err;
	}
	return NULL;
}

/* A cell's value for field f: a list's lines, JSON for structures. */
static const struct bops_error *
cell_node(struct bops_node **out, const struct bops_field *f, const char *s,
    size_t len, struct csv_read *c)
{
	const struct bops_error *err;
	const char *p, *nl;
	json_t *j;
	json_error_t je;

	*out = NULL;
	if (f && (f->type == BOPS_TYPE_RECORDS || f->type == BOPS_TYPE_LOG ||
	    f->type == BOPS_TYPE_MAP)) {
		if ((j = json_loadb(s, len, JSON_DECODE_ANY, &je)) == NULL)
			return bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: "
			    "field '%s': want JSON (%s)", c->o->path, c->row,
			    c->col, f->name, je.text);
		err = from_json(out, j, c->o, c->row, c->col);
		json_decref(j);
		return err;
	}
	if (f && f->type == BOPS_TYPE_LIST) {
		*out = bops_node_new_seq();
		for (p = s; p < s + len; p = nl + 1) {
			if ((nl = memchr(p, '\n', (size_t)(s + len - p))) ==
			    NULL)
				nl = s + len;
			bops_node_seq_append(*out, bops_node_new_scalarn(p,
			    (size_t)(nl - p), BOPS_SCALAR_TEXT));
		}
		mark(*out, c->row, c->col);
		return NULL;
	}
	/* The guard of export comes off. */
	if (len > 1 && s[0] == '\'' && bops_csv_guarded(s)) {
		s++;
		len--;
	}
	*out = bops_node_new_scalarn(s, len, BOPS_SCALAR_TEXT);
	mark(*out, c->row, c->col);
	return NULL;
}

static void
csv_cell(void *data, size_t len, void *arg)
{
	struct csv_read *c = arg;
	const char *s = data ? data : "";
	const char *field;
	struct bops_node *n;

	c->col++;
	if (c->err)
		return;
	if ((c->err = check_text(c->o, c->row, c->col, s, len)))
		return;
	if (c->row == 1) {
		char *h = bops_strndup(s, len);

		c->fields = bops_realloc(c->fields, (c->ncols + 1) *
		    sizeof(*c->fields));
		c->err = header_field(&c->fields[c->ncols], h, c->o, c->s,
		    c->col);
		c->ncols++;
		free(h);
		return;
	}
	if (c->col > c->ncols) {
		c->err = bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: more "
		    "cells than the header's %zu", c->o->path, c->row, c->col,
		    c->ncols);
		return;
	}
	if (c->r == NULL)
		c->r = new_row(c->imp, c->row);
	if (len == 0)
		return;
	field = c->fields[c->col - 1];
	if (strcmp(field, "id") == 0) {
		c->r->id = bops_strndup(s, len);
		c->r->id_col = c->col;
		return;
	}
	if ((c->err = cell_node(&n, bops_schema_field(c->s, field), s, len,
	    c)) == NULL)
		bops_node_map_set(c->r->map, field, n);
}

static void
csv_row(int term, void *arg)
{
	struct csv_read *c = arg;

	if (c->err == NULL && c->row > 1 && c->col != c->ncols)
		c->err = bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: %u "
		    "cells, the header has %zu", c->o->path, c->row, c->col,
		    c->col, c->ncols);
	c->row++;
	c->col = 0;
	c->r = NULL;
}

static const struct bops_error *
read_csv(struct bops_import *imp, const char *data, size_t len,
    const struct bops_schema *s, const struct bops_import_opts *o)
{
	struct csv_parser p;
	struct csv_read c;
	size_t i;

	memset(&c, 0, sizeof(c));
	c.imp = imp;
	c.s = s;
	c.o = o;
	c.row = 1;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL |
	    CSV_EMPTY_IS_NULL) != 0)
		return bops_error(BOPS_ERR_NOMEM);
	if (csv_parse(&p, data, len, csv_cell, csv_row, &c) != len ||
	    csv_fini(&p, csv_cell, csv_row, &c) != 0) {
		if (c.err == NULL)
			c.err = bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: %s",
			    o->path, c.row, c.col + 1,
			    csv_strerror(csv_error(&p)));
	}
	csv_free(&p);
	for (i = 0; i < c.ncols; i++)
		free(c.fields[i]);
	free(c.fields);
	if (c.err == NULL && c.row == 1)
		c.err = bops_error_fmt(BOPS_ERR_INVALID, "%s:1:1: no header "
		    "row", o->path);
	return c.err;
}

const struct bops_error *
bops_import_read(struct bops_import *out, enum bops_import_format fmt,
    const char *data, size_t len, const struct bops_schema *s,
    const struct bops_import_opts *o)
{
	const struct bops_error *err;

	memset(out, 0, sizeof(*out));
	switch (fmt) {
	case BOPS_IMPORT_CSV:
		err = read_csv(out, data, len, s, o);
		break;
	case BOPS_IMPORT_JSON:
		err = read_json(out, data, len, s, o);
		break;
	default:
		err = read_taskwarrior(out, data, len, s, o);
		break;
	}
	if (err)
		bops_import_release(out);
	return err;
}
