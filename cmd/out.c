/*
 * out.c: records as an aligned table, JSON, CSV or YAML.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "out.h"
#include "yaml.h"
#include "banned.h"

void
out_record_json(struct bops_json *w, const struct bops_record *rec)
{
	bops_json_record(w, rec->root, rec->schema, rec->id);
}

void
out_commit_json(struct bops_json *w, const struct bops_commit_info *info)
{
	struct bops_buf when = BOPS_BUF_INIT;

	bops_instant_format(&when, info->when);
	bops_json_key(w, "commit");
	bops_json_str(w, info->id);
	bops_json_key(w, "date");
	bops_json_str(w, when.ptr);
	bops_json_key(w, "author");
	bops_json_str(w, info->author_name);
	bops_json_key(w, "email");
	bops_json_str(w, info->author_email);
	bops_json_key(w, "message");
	bops_json_str(w, info->summary);
	bops_buf_release(&when);
}

void
out_commit_line(struct bops_buf *b, struct bops_ctx *ctx,
    const struct bops_commit_info *info)
{
	struct bops_buf when = BOPS_BUF_INIT;

	format_when(&when, ctx, info->when);
	bops_buf_printf(b, "%s  %.10s  ", when.ptr, info->id);
	bops_out_escape(b, info->author_name, strlen(info->author_name), 0);
	bops_buf_puts(b, "  ");
	bops_out_escape(b, info->summary, strlen(info->summary), 0);
	bops_buf_putc(b, '\n');
	bops_buf_release(&when);
}

void
out_field_text(struct bops_buf *b, const struct bops_record *rec,
    const char *field)
{
	const struct bops_node *n;
	size_t i;

	if (strcmp(field, "id") == 0) {
		bops_buf_puts(b, rec->id);
		return;
	}
	if ((n = bops_record_get(rec, field)) == NULL)
		return;
	if (n->type == BOPS_NODE_SCALAR) {
		bops_buf_puts(b, n->str);
		return;
	}
	if (n->type == BOPS_NODE_SEQ) {
		for (i = 0; i < n->n; i++) {
			if (i)
				bops_buf_puts(b, ", ");
			if (n->items[i]->type == BOPS_NODE_SCALAR)
				bops_buf_puts(b, n->items[i]->str);
			else
				bops_buf_puts(b, "{...}");
		}
		return;
	}
	bops_buf_printf(b, "{%zu}", n->n);
}

unsigned
table_flags(const struct bops_ctx *ctx)
{
	return (ctx->color ? BOPS_TABLE_COLOR : 0) |
	    (ctx->utf8 ? BOPS_TABLE_UTF8 : 0);
}

const char *
row_color(struct bops_ctx *ctx, const struct bops_record *rec)
{
	const char *due = bops_record_str(rec, "due");
	struct bops_buf today = BOPS_BUF_INIT;
	bool overdue;

	if (bops_record_finished(ctx->ws, rec))
		return "2";
	bops_date_format(&today, ctx->ws->today);
	overdue = due && strcmp(due, today.ptr) < 0;
	bops_buf_release(&today);
	return overdue ? "31" : NULL;
}

size_t
id_prefix_len(char *const *ids, size_t n, size_t i)
{
	size_t len = 4, k, same;

	for (k = 0; k < 2; k++) {
		const char *other = k == 0 ? (i > 0 ? ids[i - 1] : NULL) :
		    (i + 1 < n ? ids[i + 1] : NULL);

		for (same = 0; other && ids[i][same] &&
		    ids[i][same] == other[same]; same++)
			;
		if (other && same + 1 > len)
			len = same + 1;
	}
	return len;
}

/* Split a comma list of field names and check each. */
static const struct bops_error *
columns(const struct bops_schema *s, const char *spec, char ***out,
    size_t *n)
{
	char *copy = bops_strdup(spec), *p, *comma;
	char **cols = NULL;
	size_t count = 0;

	for (p = copy; p; p = comma) {
		if ((comma = strchr(p, ',')))
			*comma++ = '\0';
		if (*p == '\0')
			continue;
		if (strcmp(p, "id") && bops_schema_field(s, p) == NULL &&
		    strncmp(p, "x_", 2)) {
			const struct bops_error *err =
			    bops_schema_unknown_field(s, p);
			size_t i;

			for (i = 0; i < count; i++)
				free(cols[i]);
			free(cols);
			free(copy);
			return err;
		}
		cols = bops_realloc(cols, (count + 1) * sizeof(*cols));
		cols[count++] = bops_strdup(p);
	}
	free(copy);
	if (count == 0)
		return bops_error_fmt(BOPS_ERR_USAGE, "no fields in '%s'",
		    spec);
	*out = cols;
	*n = count;
	return NULL;
}

static void
free_columns(char **cols, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(cols[i]);
	free(cols);
}

/* Every field of the schema, id first: the CSV default. */
static void
all_columns(struct bops_buf *spec, const struct bops_schema *s)
{
	size_t i;

	bops_buf_puts(spec, "id");
	for (i = 0; i < s->n; i++)
		if (s->fields[i].type != BOPS_TYPE_RECORDS &&
		    s->fields[i].type != BOPS_TYPE_LOG &&
		    s->fields[i].type != BOPS_TYPE_MAP)
			bops_buf_printf(spec, ",%s", s->fields[i].name);
}

static void
list_columns(struct bops_buf *spec, const struct bops_schema *s)
{
	size_t i;

	for (i = 0; i < s->nlist; i++)
		bops_buf_printf(spec, "%s%s", i ? "," : "", s->list[i]);
	if (s->nlist == 0)
		all_columns(spec, s);
}

/* A YAML sequence node of the records, each map with its id first. */
static struct bops_node *
records_node(struct out_list *l)
{
	struct bops_node *seq = bops_node_new_seq();
	size_t i;

	for (i = 0; i < l->n; i++) {
		struct bops_node *m = bops_node_dup(l->recs[i]->root);

		bops_node_map_insert(m, 0, "id", bops_node_new_scalar(
		    l->recs[i]->id, BOPS_SCALAR_RAW));
		bops_node_seq_append(seq, m);
	}
	return seq;
}

/*
 * CSV: a header row of the columns, then a row per record.  Text cells
 * a spreadsheet would run as a formula are guarded (bops_csv_guarded);
 * numbers are not, a leading - only makes them negative.
 */
static void
records_csv(struct bops_buf *b, const struct bops_schema *schema,
    const struct out_list *l, char **cols, size_t ncols)
{
	const struct bops_field *f;

	struct bops_buf cell = BOPS_BUF_INIT;
	size_t i, j;

	for (j = 0; j < ncols; j++) {
		if (j)
			bops_buf_putc(b, ',');
		bops_csv_field(b, cols[j]);
	}
	bops_buf_putc(b, '\n');
	for (i = 0; i < l->n; i++) {
		for (j = 0; j < ncols; j++) {
			bops_buf_reset(&cell);
			out_field_text(&cell, l->recs[i], cols[j]);
			if (j)
				bops_buf_putc(b, ',');
			f = bops_schema_field(schema, cols[j]);
			if (f && (f->type == BOPS_TYPE_INT ||
			    f->type == BOPS_TYPE_NUMBER))
				bops_csv_field(b, cell.ptr);
			else
				bops_csv_field_text(b, cell.ptr);
		}
		bops_buf_putc(b, '\n');
	}
	bops_buf_release(&cell);
}

/* An aligned table, numbers to the right, rows coloured by row_color. */
static void
records_table(struct bops_ctx *ctx, struct bops_buf *b,
    const struct bops_schema *schema, const struct out_list *l,
    char **cols, size_t ncols)
{
	struct bops_table *t = bops_table_new(ncols, (const char *const *)cols);
	const char **cells = bops_calloc(ncols, sizeof(*cells));
	struct bops_buf *vals = bops_calloc(ncols, sizeof(*vals));
	const struct bops_field *f;
	const char *sgr;
	size_t i, j;

	for (j = 0; j < ncols; j++) {
		f = bops_schema_field(schema, cols[j]);
		if (f && (f->type == BOPS_TYPE_INT ||
		    f->type == BOPS_TYPE_NUMBER))
			bops_table_align(t, j, BOPS_ALIGN_RIGHT);
		bops_buf_init(&vals[j]);
	}
	for (i = 0; i < l->n; i++) {
		for (j = 0; j < ncols; j++) {
			bops_buf_reset(&vals[j]);
			out_field_text(&vals[j], l->recs[i], cols[j]);
			cells[j] = vals[j].ptr;
		}
		bops_table_add(t, cells);
		if ((sgr = row_color(ctx, l->recs[i])))
			bops_table_color_row(t, i, sgr);
	}
	if (l->n)
		bops_table_render(b, t, table_flags(ctx), ctx->width);
	for (j = 0; j < ncols; j++)
		bops_buf_release(&vals[j]);
	free(vals);
	free(cells);
	bops_table_free(t);
}

const struct bops_error *
out_records(struct bops_ctx *ctx, const struct bops_schema *schema,
    struct out_list *l, const struct out_opts *o)
{
	const struct bops_error *err = NULL;
	struct bops_buf b = BOPS_BUF_INIT, spec = BOPS_BUF_INIT;
	struct bops_node *seq;
	struct bops_json w;
	char **cols = NULL;
	size_t ncols = 0, i;

	switch (o->format) {
	case OUT_JSON:
		bops_json_init(&w, &b);
		bops_json_begin_array(&w, BOPS_JSON_LINES);
		for (i = 0; i < l->n; i++)
			out_record_json(&w, l->recs[i]);
		bops_json_end_array(&w);
		bops_json_release(&w);
		goto print;
	case OUT_YAML:
		seq = records_node(l);
		if (l->n == 0)
			bops_buf_puts(&b, "[]\n");
		else
			err = bops_yaml_emit(&b, seq);
		bops_node_free(seq);
		goto print;
	default:
		break;
	}
	if (o->fields)
		bops_buf_puts(&spec, o->fields);
	else if (o->format == OUT_CSV)
		all_columns(&spec, schema);
	else
		list_columns(&spec, schema);
	if ((err = columns(schema, spec.ptr, &cols, &ncols)))
		goto done;
	if (o->format == OUT_CSV)
		records_csv(&b, schema, l, cols, ncols);
	else
		records_table(ctx, &b, schema, l, cols, ncols);
print:
	if (o->format == OUT_CSV || o->format == OUT_YAML)
		out_write_data(&b);
	else
		out_write_color(&b);
done:
	free_columns(cols, ncols);
	bops_buf_release(&b);
	bops_buf_release(&spec);
	return err;
}

/* Sub-records (key results, check-ins) as an indented table. */
static void
show_subrecords(struct bops_buf *b, struct bops_ctx *ctx,
    const struct bops_field *f, const struct bops_node *seq)
{
	struct bops_table *t;
	const char **cells;
	struct bops_buf *vals;
	size_t i, j;

	if (f->sub == NULL || seq->type != BOPS_NODE_SEQ || seq->n == 0)
		return;
	bops_buf_printf(b, "\n%s:\n", f->name);
	cells = bops_calloc(f->sub->n, sizeof(*cells));
	vals = bops_calloc(f->sub->n, sizeof(*vals));
	for (j = 0; j < f->sub->n; j++)
		cells[j] = f->sub->fields[j].name;
	t = bops_table_new(f->sub->n, cells);
	for (i = 0; i < seq->n; i++) {
		for (j = 0; j < f->sub->n; j++) {
			const struct bops_node *v = bops_node_map_get(
			    seq->items[i], f->sub->fields[j].name);

			bops_buf_init(&vals[j]);
			if (v && v->type == BOPS_NODE_SCALAR)
				bops_buf_puts(&vals[j], v->str);
			else if (v)
				bops_buf_printf(&vals[j], "(%zu)", v->n);
			cells[j] = vals[j].ptr;
		}
		bops_table_add(t, cells);
		for (j = 0; j < f->sub->n; j++)
			bops_buf_release(&vals[j]);
	}
	{
		struct bops_buf tb = BOPS_BUF_INIT;
		char *line, *nl;

		bops_table_render(&tb, t, table_flags(ctx), 0);
		for (line = tb.ptr; *line; line = nl + 1) {
			nl = strchr(line, '\n');
			bops_buf_printf(b, "  %.*s\n", (int)(nl - line), line);
		}
		bops_buf_release(&tb);
	}
	bops_table_free(t);
	free(cells);
	free(vals);
}

const struct bops_error *
out_record(struct bops_ctx *ctx, struct bops_record *rec,
    const struct out_opts *o)
{
	const struct bops_error *err = NULL;
	struct bops_buf b = BOPS_BUF_INIT, v = BOPS_BUF_INIT;
	struct bops_table *t;
	struct bops_node *m;
	struct bops_json w;
	const char *hdr[2] = { "field", "value" }, *cells[2];
	size_t i;

	switch (o->format) {
	case OUT_JSON:
		bops_json_init(&w, &b);
		out_record_json(&w, rec);
		bops_json_release(&w);
		break;
	case OUT_YAML:
		m = bops_node_dup(rec->root);
		bops_node_map_insert(m, 0, "id", bops_node_new_scalar(rec->id,
		    BOPS_SCALAR_RAW));
		err = bops_yaml_emit(&b, m);
		bops_node_free(m);
		break;
	case OUT_CSV: {
		struct out_list l = { NULL, 0, 0 };

		out_list_add(&l, rec);
		err = out_records(ctx, rec->schema, &l, o);
		free(l.recs);
		return err;
	}
	case OUT_TABLE:
		t = bops_table_new(2, hdr);
		cells[0] = "id";
		cells[1] = rec->id;
		bops_table_add(t, cells);
		for (i = 0; i < rec->root->n; i++) {
			const struct bops_field *f = bops_schema_field(
			    rec->schema, rec->root->keys[i]);

			/* sub-records and text follow the table */
			if (f && (f->sub || f->type == BOPS_TYPE_TEXT))
				continue;
			bops_buf_reset(&v);
			out_field_text(&v, rec, rec->root->keys[i]);
			cells[0] = rec->root->keys[i];
			cells[1] = v.ptr;
			bops_table_add(t, cells);
		}
		bops_table_render(&b, t, BOPS_TABLE_NO_HEADER |
		    table_flags(ctx), 0);
		bops_table_free(t);
		for (i = 0; i < rec->root->n; i++) {
			const struct bops_field *f = bops_schema_field(
			    rec->schema, rec->root->keys[i]);
			const struct bops_node *n = rec->root->items[i];
			const char *line, *nl;

			if (f && f->sub)
				show_subrecords(&b, ctx, f, n);
			else if (f && f->type == BOPS_TYPE_TEXT) {
				bops_buf_printf(&b, "\n%s:\n", f->name);
				for (line = n->str; *line; line = nl + 1) {
					nl = strchr(line, '\n');
					if (nl == NULL)
						nl = line + strlen(line);
					bops_buf_printf(&b, "  %.*s\n",
					    (int)(nl - line), line);
					if (*nl == '\0')
						break;
				}
			}
		}
		break;
	}
	if (o->format == OUT_YAML)
		out_write_data(&b);
	else
		out_write_color(&b);
	bops_buf_release(&b);
	bops_buf_release(&v);
	return err;
}
