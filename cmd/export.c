/*
 * export.c: `bops export` writes whole records out as JSON, CSV or
 * YAML; `bops import` reads them back, or another tool's, in one
 * commit (lib/import.h reads the files).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "file.h"
#include "import.h"
#include "merge.h"
#include "out.h"
#include "text.h"
#include "yaml.h"
#include "banned.h"

/* The largest file import reads. */
#define IMPORT_MAX (256u << 20)

/* The map of a record with id, and kind when not NULL, first. */
static struct bops_node *
export_node(const struct bops_record *rec, bool kind)
{
	struct bops_node *m = bops_node_dup(rec->root);

	bops_node_map_insert(m, 0, "id", bops_node_new_scalar(rec->id,
	    BOPS_SCALAR_RAW));
	if (kind)
		bops_node_map_insert(m, 0, "kind", bops_node_new_scalar(
		    rec->kind->name, BOPS_SCALAR_RAW));
	return m;
}

/*
 * The columns of a kind's CSV: id, every field, and each x_* field the
 * records hold after the field it follows in the first record holding
 * it, so that an import puts it back in its place.
 */
static void
csv_columns(struct bops_strset *cols, const struct bops_schema *s,
    const struct out_list *l)
{
	struct bops_strset xs = BOPS_STRSET_INIT;
	long *after = NULL, prev, f;
	size_t i, k;

	for (i = 0; i < l->n; i++) {
		const struct bops_node *root = l->recs[i]->root;

		for (prev = -1, k = 0; k < root->n; k++) {
			if (strncmp(root->keys[k], "x_", 2)) {
				if ((f = bops_schema_index(s, root->keys[k])) >=
				    0)
					prev = f;
				continue;
			}
			if (!bops_strset_add(&xs, root->keys[k],
			    strlen(root->keys[k])))
				continue;
			after = bops_realloc(after, xs.n * sizeof(*after));
			after[xs.n - 1] = prev;
		}
	}
	bops_strset_add(cols, "id", 2);
	for (f = -1; f < (long)s->n; f++) {
		if (f >= 0)
			bops_strset_add(cols, s->fields[f].name,
			    strlen(s->fields[f].name));
		for (k = 0; k < xs.n; k++)
			if (after[k] == f)
				bops_strset_add(cols, xs.s[k], strlen(xs.s[k]));
	}
	free(after);
	bops_strset_release(&xs);
}

/*
 * One cell: a scalar as its text, guarded against formulas unless a
 * number; a list's items one per line; sub-records, logs and maps as
 * JSON.
 */
static void
csv_cell(struct bops_buf *b, const struct bops_record *rec,
    const struct bops_field *f, const char *col)
{
	struct bops_buf cell = BOPS_BUF_INIT;
	const struct bops_node *n;
	struct bops_json w;
	size_t i;

	n = strcmp(col, "id") == 0 ? NULL : bops_node_map_get(rec->root, col);
	if (strcmp(col, "id") == 0)
		bops_buf_puts(&cell, rec->id);
	else if (n && n->type == BOPS_NODE_SCALAR)
		bops_buf_puts(&cell, n->str);
	else if (n && f && f->type == BOPS_TYPE_LIST) {
		for (i = 0; i < n->n; i++)
			bops_buf_printf(&cell, "%s%s", i ? "\n" : "",
			    n->items[i]->str);
	} else if (n) {
		bops_json_init(&w, &cell);
		bops_json_node(&w, n, f);
		bops_json_release(&w);
		/* The writer ends a document with a newline. */
		while (cell.len && cell.ptr[cell.len - 1] == '\n')
			bops_buf_truncate(&cell, cell.len - 1);
	}
	if (f && (f->type == BOPS_TYPE_INT || f->type == BOPS_TYPE_NUMBER))
		bops_csv_field(b, cell.ptr);
	else
		bops_csv_field_text(b, cell.ptr);
	bops_buf_release(&cell);
}

static void
export_csv(struct bops_buf *b, const struct bops_schema *s,
    const struct out_list *l)
{
	struct bops_strset cols = BOPS_STRSET_INIT;
	size_t i, j;

	csv_columns(&cols, s, l);
	for (j = 0; j < cols.n; j++) {
		if (j)
			bops_buf_putc(b, ',');
		bops_csv_field(b, cols.s[j]);
	}
	bops_buf_putc(b, '\n');
	for (i = 0; i < l->n; i++) {
		for (j = 0; j < cols.n; j++) {
			if (j)
				bops_buf_putc(b, ',');
			csv_cell(b, l->recs[i], bops_schema_field(s,
			    cols.s[j]), cols.s[j]);
		}
		bops_buf_putc(b, '\n');
	}
	bops_strset_release(&cols);
}

/* KIND... then filters: the kinds named first (none: every kind). */
static size_t
export_kinds(const struct bops_kind **kinds, struct args *a, int *first)
{
	const struct bops_kind *k;
	size_t n = 0, i;
	int j;

	for (j = 1; j < a->argc && (k = bops_kind_find(a->argv[j])); j++)
		kinds[n++] = k;
	*first = j;
	if (n == 0)
		for (i = 0; i < BOPS_KIND__COUNT; i++)
			kinds[n++] = &bops_kinds[i];
	return n;
}

const struct bops_error *
cmd_export(struct bops_ctx *ctx, struct args *a)
{
	const struct bops_error *err = NULL;
	const struct bops_kind *kinds[BOPS_KIND__COUNT + 8];
	const struct bops_schema *schema;
	const char *fmt = a->format ? a->format : "json";
	struct out_list l = { NULL, 0, 0 };
	struct out_opts o;
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_node *seq = NULL;
	struct bops_json w;
	char **argv;
	size_t nk, i, r;
	int first, j;

	if (strcmp(fmt, "json") && strcmp(fmt, "csv") && strcmp(fmt, "yaml"))
		return bops_error_fmt(BOPS_ERR_USAGE, "--format: want json, "
		    "csv or yaml, got '%s'", fmt);
	if (a->argc > BOPS_KIND__COUNT + 64)
		return usage_error(a);
	nk = export_kinds(kinds, a, &first);
	if (strcmp(fmt, "csv") == 0 && nk != 1)
		return bops_error_fmt(BOPS_ERR_USAGE, "--format csv: a CSV "
		    "holds one kind; name it (bops export task --format csv)");
	if (a->out.as_of && (err = set_as_of(ctx, a->out.as_of)))
		return err;
	memset(&o, 0, sizeof(o));
	argv = bops_calloc((size_t)a->argc + 1, sizeof(*argv));
	bops_json_init(&w, &b);
	if (strcmp(fmt, "json") == 0)
		bops_json_begin_array(&w, BOPS_JSON_LINES);
	else if (strcmp(fmt, "yaml") == 0)
		seq = bops_node_new_seq();
	for (i = 0; i < nk && err == NULL; i++) {
		argv[0] = (char *)kinds[i]->name;
		for (j = first; j < a->argc; j++)
			argv[j - first + 1] = a->argv[j];
		if ((err = bops_ws_schema(&schema, ctx->ws, kinds[i])) ||
		    (err = gather(ctx, kinds[i], a->argc - first + 1, argv, &o,
		    "id", &l)))
			break;
		for (r = 0; r < l.n; r++) {
			struct bops_node *m = export_node(l.recs[r], true);

			if (seq)
				bops_node_seq_append(seq, m);
			else if (strcmp(fmt, "json") == 0) {
				bops_json_record(&w, m, schema, NULL);
				bops_node_free(m);
			} else
				bops_node_free(m);
		}
		if (strcmp(fmt, "csv") == 0)
			export_csv(&b, schema, &l);
		out_list_release(&l);
	}
	if (err == NULL && strcmp(fmt, "json") == 0)
		bops_json_end_array(&w);
	else if (err == NULL && seq && seq->n == 0)
		bops_buf_puts(&b, "[]\n");
	else if (err == NULL && seq)
		err = bops_yaml_emit(&b, seq);
	if (err == NULL)
		out_write_data(&b);
	bops_node_free(seq);
	bops_json_release(&w);
	bops_buf_release(&b);
	free(argv);
	return err;
}

/* import */

struct import_run {
	struct bops_ctx *ctx;
	const struct bops_kind *kind;
	const struct bops_schema *schema;
	const char *path;
	struct bops_import imp;
	struct bops_record **recs;	/* per row; NULL for a skipped one */
	struct bops_node **before;	/* per row: HEAD's map, or NULL */
	size_t nnew, nchanged, nsame;
};

static const struct bops_error *
import_read(struct import_run *run, struct args *a)
{
	const struct bops_error *err;
	struct bops_import_opts o;
	enum bops_import_format fmt;
	const char *email;
	struct bops_buf data = BOPS_BUF_INIT;
	const char *f = a->format;
	size_t plen = strlen(a->argv[1]);

	if (f == NULL && plen > 4 && strcmp(a->argv[1] + plen - 4, ".csv") == 0)
		f = "csv";
	else if (f == NULL && plen > 5 &&
	    strcmp(a->argv[1] + plen - 5, ".json") == 0)
		f = "json";
	if (f == NULL)
		return bops_error_fmt(BOPS_ERR_USAGE, "--format: csv, json or "
		    "taskwarrior is needed for '%s'", a->argv[1]);
	if (!bops_import_format_named(&fmt, f))
		return bops_error_fmt(BOPS_ERR_USAGE, "--format: want csv, "
		    "json or taskwarrior, got '%s'", f);
	if ((run->kind = bops_kind_find(a->kind ? a->kind : fmt ==
	    BOPS_IMPORT_TASKWARRIOR ? "task" : "")) == NULL)
		return a->kind ? bops_error_fmt(BOPS_ERR_USAGE, "--kind: no "
		    "kind '%s'", a->kind) : bops_error_fmt(BOPS_ERR_USAGE,
		    "--kind KIND is needed: the kind of the records");
	if ((err = bops_ws_schema(&run->schema, run->ctx->ws, run->kind)))
		return err;
	if ((err = bops_file_read(&data, a->argv[1], IMPORT_MAX)))
		return err;
	memset(&o, 0, sizeof(o));
	o.path = a->argv[1];
	o.map = a->map;
	o.first = bops_board_first(run->ctx->ws);
	o.second = bops_board_count(run->ctx->ws) > 2 ?
	    bops_board_column(run->ctx->ws, 1) : o.first;
	o.last = bops_board_last(run->ctx->ws);
	o.tz = run->ctx->ws->tz;
	/* taskwarrior's annotations become notes by the one who imports. */
	if (fmt == BOPS_IMPORT_TASKWARRIOR &&
	    (err = bops_ws_identity(&o.by, &email, run->ctx->ws)))
		return err;
	run->path = a->argv[1];
	err = bops_import_read(&run->imp, fmt, data.ptr, data.len,
	    run->schema, &o);
	bops_buf_release(&data);
	return err;
}

/* The id of row r: as given, checked and folded; NULL for a new one. */
static const struct bops_error *
row_id(struct bops_buf *id, struct import_run *run,
    const struct bops_import_row *r)
{
	const struct bops_error *err;

	if (r->id == NULL)
		return NULL;
	if ((err = bops_id_normalize(id, r->id)))
		return bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: %s",
		    run->path, r->row, r->id_col, err->msg);
	return NULL;
}

/*
 * Row r as a record: the committed one with the row merged in (an
 * update: logs grow, sub-records merge by key, nothing is removed), or
 * a new one; validated whole, marks naming the file.
 */
static const struct bops_error *
import_row(struct import_run *run, struct bops_txn *txn, size_t i,
    struct bops_strset *seen)
{
	const struct bops_error *err;
	struct bops_import_row *r = &run->imp.rows[i];
	struct bops_ws *ws = run->ctx->ws;
	struct bops_validate v = { run->path, bops_ws_config_get, ws };
	struct bops_record *rec = NULL;
	struct bops_node *merged;
	struct bops_buf id = BOPS_BUF_INIT;

	if ((err = row_id(&id, run, r)))
		goto done;
	if (id.len) {
		err = bops_store_read(&rec, ws, run->kind, NULL, id.ptr);
		if (err && err->code != BOPS_ERR_NOT_FOUND)
			goto done;
		if (err == NULL) {
			bops_record_free(rec);
			rec = NULL;
			if ((err = bops_txn_load(&rec, txn, run->kind, id.ptr)))
				goto done;
			run->before[i] = bops_node_dup(rec->root);
		}
	}
	if (rec == NULL && (err = bops_record_new(&rec, ws, run->kind,
	    id.len ? id.ptr : NULL)))
		goto done;
	/* Nothing the row does not name is lost (bops_merge_import). */
	merged = bops_merge_import(run->schema, rec->root, r->map);
	bops_node_free(rec->root);
	rec->root = merged;
	if ((err = bops_record_validate(run->kind, run->schema, rec->id,
	    rec->root, &v)))
		goto done;
	/* The id is the record's, which lives as long as the run. */
	if (id.len && !bops_strset_add(seen, rec->id, strlen(rec->id))) {
		err = bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: id '%s' is "
		    "in the file twice", run->path, r->row, r->id_col, id.ptr);
		goto done;
	}
	run->recs[i] = rec;
	rec = NULL;
done:
	bops_record_free(rec);
	bops_buf_release(&id);
	return err;
}

/*
 * Stage every record.  One may name another of the file (a parent
 * objective) that comes later: what a reference stops is tried again
 * once the others are staged, until nothing more goes in.
 */
static const struct bops_error *
import_put(struct import_run *run, struct bops_txn *txn)
{
	const struct bops_error *err = NULL;
	struct bops_buf first = BOPS_BUF_INIT;
	bool *done = bops_calloc(run->imp.n + 1, sizeof(*done));
	size_t i, at = 0, progress;
	int code = 0;

	do {
		/* Errors live in a small ring: keep the first one's text. */
		bops_buf_reset(&first);
		progress = 0;
		for (i = 0; i < run->imp.n; i++) {
			if (run->recs[i] == NULL || done[i])
				continue;
			if ((err = bops_txn_put(txn, run->recs[i], NULL)) ==
			    NULL) {
				done[i] = true;
				progress++;
				continue;
			}
			if (first.len == 0) {
				bops_buf_puts(&first, err->msg);
				code = err->code;
				at = i;
			}
			if (err->code != BOPS_ERR_INVALID) {
				progress = 0;
				break;
			}
		}
	} while (first.len && progress);
	free(done);
	err = first.len ? bops_error_fmt(code, "%s:%u:1: %s", run->path,
	    run->imp.rows[at].row, first.ptr) : NULL;
	bops_buf_release(&first);
	return err;
}

/* What the import does, for --dry-run and the summary. */
static void
import_tell(struct import_run *run, struct bops_buf *ids, bool dry)
{
	struct bops_buf line = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < run->imp.n; i++) {
		struct bops_record *rec = run->recs[i];

		if (rec == NULL)
			continue;
		if (run->before[i] && bops_node_equal(run->before[i],
		    rec->root)) {
			run->nsame++;
			continue;
		}
		run->before[i] ? run->nchanged++ : run->nnew++;
		if (!dry) {
			bops_buf_printf(ids, "%s\n", rec->id);
			continue;
		}
		bops_buf_reset(&line);
		if (run->before[i]) {
			bops_buf_printf(&line, "change %s %s: ",
			    run->kind->name, rec->id);
			bops_record_summary(&line, run->before[i], rec->root);
		} else {
			bops_buf_printf(&line, "new %s %s: ", run->kind->name,
			    rec->id);
			bops_text_put_short(&line, bops_record_title(rec), 60);
		}
		bops_buf_printf(ids, "%s\n", line.ptr);
	}
	bops_buf_release(&line);
}

const struct bops_error *
cmd_import(struct bops_ctx *ctx, struct args *a)
{
	const struct bops_error *err;
	struct import_run run;
	struct bops_txn *txn = NULL;
	struct bops_strset seen = BOPS_STRSET_INIT;
	struct bops_buf ids = BOPS_BUF_INIT, subject = BOPS_BUF_INIT;
	size_t i;

	memset(&run, 0, sizeof(run));
	run.ctx = ctx;
	if ((err = import_read(&run, a)))
		goto done;
	run.recs = bops_calloc(run.imp.n + 1, sizeof(*run.recs));
	run.before = bops_calloc(run.imp.n + 1, sizeof(*run.before));
	if ((err = txn_begin(ctx, &txn)))
		goto done;
	bops_txn_set_flags(txn, bops_txn_flags(txn) | BOPS_TXN_IMPORT);
	/* Every row first: a bad one, even the last, stops it all. */
	for (i = 0; i < run.imp.n; i++)
		if (!run.imp.rows[i].skip &&
		    (err = import_row(&run, txn, i, &seen)))
			goto done;
	if ((err = import_put(&run, txn)))
		goto done;
	import_tell(&run, &ids, a->dry_run);
	if (a->dry_run) {
		out_write(&ids);
		goto done;
	}
	if (run.nnew + run.nchanged == 0) {
		say(ctx, "nothing to import: %zu %s%s as they are", run.nsame,
		    run.kind->name, run.nsame == 1 ? "" : "s");
		goto done;
	}
	bops_buf_printf(&subject, "import: %zu %s%s from ", run.nnew +
	    run.nchanged, run.kind->name, run.nnew + run.nchanged == 1 ? "" :
	    "s");
	bops_text_put_short(&subject, run.path, 40);
	bops_buf_printf(&subject, " (%zu new, %zu changed)", run.nnew,
	    run.nchanged);
	if ((err = commit_print(txn, subject.ptr, NULL, NULL, &ids)))
		goto done;
	say(ctx, "%s", subject.ptr);
	if (run.nsame)
		say(ctx, "%zu unchanged", run.nsame);
	if (run.imp.skipped)
		say(ctx, "%zu left out (deleted, or recurrence templates)",
		    run.imp.skipped);
done:
	bops_txn_free(txn);
	for (i = 0; run.recs && i < run.imp.n; i++) {
		bops_record_free(run.recs[i]);
		bops_node_free(run.before[i]);
	}
	free(run.recs);
	free(run.before);
	bops_import_release(&run.imp);
	bops_strset_release(&seen);
	bops_buf_release(&ids);
	bops_buf_release(&subject);
	return err;
}
