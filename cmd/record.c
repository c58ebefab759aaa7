/*
 * record.c: the verbs every kind has: add, list, show, set, edit, rm, log.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "date.h"
#include "file.h"
#include "out.h"
#include "text.h"
#include "yaml.h"
#include "banned.h"

const struct bops_error *
read_text(struct bops_buf *out, const char *arg)
{
	char chunk[8192];
	size_t n;

	bops_buf_reset(out);
	if (strcmp(arg, "-"))
		bops_buf_puts(out, arg);
	else {
		while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
			bops_buf_put(out, chunk, n);
			if (out->len > BOPS_YAML_MAX_SIZE)
				return bops_error_fmt(BOPS_ERR_USAGE, "the "
				    "text on standard input is larger than a "
				    "record may be (%d bytes)",
				    BOPS_YAML_MAX_SIZE);
		}
		if (ferror(stdin))
			return bops_error_errno("read standard input");
	}
	while (out->len && (out->ptr[out->len - 1] == '\n' ||
	    out->ptr[out->len - 1] == '\r'))
		bops_buf_truncate(out, out->len - 1);
	if (out->len == 0)
		return bops_error_fmt(BOPS_ERR_USAGE, "the text is empty");
	return NULL;
}

/* Whether arg is an assignment to a field of schema (or an x_ field). */
static bool
is_assignment(const struct bops_schema *s, const char *arg)
{
	struct bops_buf field = BOPS_BUF_INIT, op = BOPS_BUF_INIT;
	const char *value;
	bool yes;

	yes = bops_record_split(arg, &field, &op, &value) &&
	    strchr("+-=", op.ptr[0]) && (bops_schema_field(s, field.ptr) ||
	    strncmp(field.ptr, "x_", 2) == 0);
	bops_buf_release(&field);
	bops_buf_release(&op);
	return yes;
}

/*
 * Commit one record's change: begin, load (or take the new record),
 * apply, put, commit with "<kind> <id>: <summary>".  Shared by the verbs
 * that change one record.
 */
const struct bops_error *
record_change(struct bops_ctx *ctx, const struct bops_kind *kind,
    const char *idtext, record_apply_fn apply, void *arg,
    const struct bops_buf *what, const struct bops_buf *print)
{
	const struct bops_error *err;
	struct bops_txn *txn = NULL;
	struct bops_record *rec = NULL;
	struct bops_node *before = NULL;
	struct bops_buf msg = BOPS_BUF_INIT;
	bool changed = false;

	/* A malformed id is refused before any file is touched. */
	if ((err = bops_id_normalize(&msg, idtext)))
		goto done;
	bops_buf_reset(&msg);
	if ((err = txn_begin(ctx, &txn)))
		goto done;
	if ((err = bops_txn_load(&rec, txn, kind, idtext)))
		goto done;
	before = bops_node_dup(rec->root);
	if ((err = apply(ctx, txn, rec, arg)))
		goto done;
	if ((err = bops_txn_put(txn, rec, &changed)))
		goto done;
	bops_buf_printf(&msg, "%s %s: ", kind->name, rec->id);
	if (what && what->len)
		bops_buf_puts(&msg, what->ptr);
	else
		bops_record_summary(&msg, before, rec->root);
	if ((err = commit_print(txn, msg.ptr, NULL, print && print->len ?
	    print->ptr : rec->id, NULL)))
		goto done;
	if (changed)
		say(ctx, "%s", msg.ptr);
	else
		say(ctx, "%s %s: no change", kind->name, rec->id);
done:
	bops_node_free(before);
	bops_record_free(rec);
	bops_txn_free(txn);
	bops_buf_release(&msg);
	return err;
}

static const struct bops_error *
record_add(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err;
	const struct bops_schema *schema;
	struct bops_record *rec = NULL;
	struct bops_txn *txn = NULL;
	struct bops_buf title = BOPS_BUF_INIT, msg = BOPS_BUF_INIT;
	const char *slug = a->id;
	char **argv = a->argv;
	int i, n = a->argc;

	if ((err = bops_ws_schema(&schema, ctx->ws, kind)))
		return err;
	/*
	 * Words before the first assignment make the title.  A word shaped
	 * like an assignment to no field is a typo, not a title word.
	 */
	for (i = 1; i < n && !is_assignment(schema, argv[i]); i++) {
		struct bops_buf fld = BOPS_BUF_INIT, op = BOPS_BUF_INIT;
		const char *value;
		bool typo = bops_record_split(argv[i], &fld, &op, &value) &&
		    strchr("+-=", op.ptr[0]) && strchr(fld.ptr, '.') == NULL;

		if (typo) {
			err = bops_schema_unknown_field(schema, fld.ptr);
			err = bops_error_fmt(BOPS_ERR_USAGE, "%s (a title with "
			    "'=' in it goes in quotes after title=)",
			    err->msg);
		}
		bops_buf_release(&fld);
		bops_buf_release(&op);
		if (err)
			goto done;
		if (title.len)
			bops_buf_putc(&title, ' ');
		bops_buf_puts(&title, argv[i]);
	}
	/* title=... may stand in for the words. */
	for (int k = i; k < n && schema->title && title.len == 0; k++)
		if (strncmp(argv[k], schema->title, strlen(schema->title)) ==
		    0 && argv[k][strlen(schema->title)] == '=')
			bops_buf_puts(&title, argv[k] + strlen(schema->title) +
			    1);
	if (schema->title && title.len == 0) {
		err = usage_error(a);
		goto done;
	}
	if ((err = bops_record_new(&rec, ctx->ws, kind, slug)))
		goto done;
	if (schema->title &&
	    (err = bops_record_set(rec, ctx->ws, schema->title, title.ptr)))
		goto done;
	for (; i < n; i++) {
		if (!is_assignment(schema, argv[i])) {
			err = bops_error_fmt(BOPS_ERR_USAGE,
			    "expected field=value after the title, got '%s'",
			    argv[i]);
			goto done;
		}
		if ((err = bops_record_assign(rec, ctx->ws, argv[i])))
			goto done;
	}
	if ((err = txn_begin(ctx, &txn)))
		goto done;
	if ((err = bops_txn_put(txn, rec, NULL)))
		goto done;
	bops_buf_printf(&msg, "%s %s: add", kind->name, rec->id);
	if (schema->title) {
		bops_buf_putc(&msg, ' ');
		bops_text_put_quoted(&msg, title.ptr, 50);
	}
	if ((err = commit_print(txn, msg.ptr, NULL, rec->id, NULL)))
		goto done;
	say(ctx, "added %s %s: %s", kind->name, rec->id,
	    bops_record_title(rec));
done:
	bops_txn_free(txn);
	bops_record_free(rec);
	bops_buf_release(&title);
	bops_buf_release(&msg);
	return err;
}

static const struct bops_error *
record_list(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err;
	const struct bops_schema *schema;
	struct out_list l = { NULL, 0, 0 };

	if ((err = out_opts_finish(ctx, &a->out)))
		return err;
	if ((err = bops_ws_schema(&schema, ctx->ws, kind)))
		return err;
	a->out.open_only = true;
	/* Printed, never changed: decoded read-only, in a block each. */
	a->out.read_only = true;
	if ((err = gather(ctx, kind, a->argc, a->argv, &a->out, schema->sort,
	    &l)) == NULL)
		err = out_records(ctx, schema, &l, &a->out);
	out_list_release(&l);
	return err;
}

static const struct bops_error *
record_show(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err;
	struct out_list l = { NULL, 0, 0 };

	if ((err = out_opts_finish(ctx, &a->out)) ||
	    (err = show_load(&l, ctx, kind, ctx->as_of[0] ? ctx->as_of : NULL,
	    a)))
		return err;
	err = show_records(ctx, &l, &a->out);
	out_list_release(&l);
	return err;
}

struct assignments {
	int n;
	char **exprs;
	set_check_fn check;
	const void *arg;
};

static const struct bops_error *
apply_assignments(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	const struct bops_error *err;
	struct assignments *a = arg;
	int i;

	(void)txn;
	if (a->check && (err = a->check(rec, a->n, a->exprs, a->arg)))
		return err;
	for (i = 0; i < a->n; i++)
		if ((err = bops_record_assign(rec, ctx->ws, a->exprs[i])))
			return err;
	return NULL;
}

static const struct bops_error *
record_set(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *args)
{
	return record_set_checked(ctx, kind, args, NULL, NULL);
}

const struct bops_error *
record_set_checked(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *args, set_check_fn check, const void *arg)
{
	const struct bops_error *err;
	struct bops_record *probe = NULL;
	struct bops_buf what = BOPS_BUF_INIT;
	struct targets t;
	struct assignments a;
	struct bulk b;
	char **argv = args->argv;
	int n = args->argc, i, first;

	/* The ids come first, then the assignments: an id holds no '='. */
	for (first = 1; first < n && strpbrk(argv[first], "=+<>~!") == NULL;
	    first++)
		;
	if (first == n && (n == 2 || args->where.n))
		return usage_error(args);
	/* Check every assignment before taking the lock; with no
	 * assignment, the last word is the one that should have been. */
	if (first == n)
		first = n - 1;
	if ((err = bops_record_new(&probe, ctx->ws, kind, NULL)))
		return err;
	for (i = first; i < n && err == NULL; i++)
		err = bops_record_assign(probe, ctx->ws, argv[i]);
	bops_record_free(probe);
	if (err)
		return err;
	if ((err = targets_find(&t, ctx, kind, args, 1, first, false)))
		return err;
	a.n = n - first;
	a.exprs = argv + first;
	a.check = check;
	a.arg = arg;
	for (i = first; i < n; i++)
		bops_buf_printf(&what, "%s%s", i > first ? " " : "", argv[i]);
	b = (struct bulk){ .apply = apply_assignments, .arg = &a,
	    .what = what.ptr };
	err = bulk_change(ctx, kind, &t, &b);
	targets_release(&t);
	bops_buf_release(&what);
	return err;
}

static const struct bops_error *
apply_note(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	(void)txn;
	return bops_record_note(rec, ctx->ws, "notes", arg);
}

/* note ID... TEXT: an annotation on each, stamped and attributed. */
static const struct bops_error *
record_note(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct bops_record *probe = NULL;
	struct bops_buf what = BOPS_BUF_INIT;
	struct targets t;
	struct bulk b;
	char *text = a->argv[a->argc - 1];

	/* The text is checked before the lock. */
	if ((err = bops_record_new(&probe, ctx->ws, kind, NULL)) == NULL)
		err = bops_record_note(probe, ctx->ws, "notes", text);
	bops_record_free(probe);
	if (err)
		return err;
	if ((err = targets_find(&t, ctx, kind, a, 1, a->argc - 1,
	    false)))
		return err;
	bops_buf_puts(&what, "note ");
	bops_text_put_quoted(&what, text, 50);
	b = (struct bulk){ .apply = apply_note, .arg = text, .what = what.ptr };
	err = bulk_change(ctx, kind, &t, &b);
	targets_release(&t);
	bops_buf_release(&what);
	return err;
}

/* Write the record to a file for the editor, under .git/bops/. */
static const struct bops_error *
edit_file(struct bops_ctx *ctx, struct bops_record *rec,
    struct bops_buf *path, const char *text, size_t len)
{
	bops_buf_reset(path);
	bops_buf_printf(path, "%sbops/edit-%s-%s.yaml",
	    bops_repo_gitdir(ctx->ws->repo), rec->kind->name, rec->id);
	return bops_file_write_atomic(path->ptr, text, len);
}

/* The edit changed a field only bops sets: refused like an invalid one. */
static const struct bops_error *
readonly_changed(const struct bops_record *rec,
    const struct bops_record *edited)
{
	const struct bops_schema *s = rec->schema;
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->fields[i].readonly && !bops_node_equal(
		    bops_record_get(rec, s->fields[i].name),
		    bops_record_get(edited, s->fields[i].name)))
			return bops_error_fmt(BOPS_ERR_INVALID,
			    "%s: field '%s' is set by bops and cannot be "
			    "changed", rec->path, s->fields[i].name);
	return NULL;
}

static const struct bops_error *
record_edit(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err, *bad = NULL;
	struct bops_record *rec = NULL, *edited = NULL, *cur = NULL;
	struct bops_txn *txn = NULL;
	struct bops_buf path = BOPS_BUF_INIT, text = BOPS_BUF_INIT;
	struct bops_buf msg = BOPS_BUF_INIT;
	char **argv = a->argv;
	bool changed = false, raw = false;

	err = bops_store_load(&rec, ctx->ws, kind, NULL, argv[1]);
	if (err && err->code == BOPS_ERR_INVALID) {
		/* Repair: the bytes as they are committed. */
		say(ctx, "%s", err->msg);
		raw = true;
		err = bops_store_read_raw(&rec, &text, ctx->ws, kind, NULL,
		    argv[1]);
	} else if (err == NULL)
		err = bops_record_emit(&text, rec, ctx->ws);
	if (err)
		goto done;
	if ((err = edit_file(ctx, rec, &path, text.ptr, text.len)))
		goto done;
	for (;;) {
		if ((err = run_editor(ctx, path.ptr)))
			goto done;
		bops_buf_reset(&text);
		if ((err = bops_file_read(&text, path.ptr,
		    BOPS_YAML_MAX_SIZE)))
			goto done;
		bops_record_free(edited);
		edited = NULL;
		bad = bops_record_parse(&edited, ctx->ws, kind, rec->id,
		    text.ptr, text.len);
		if (bad == NULL && rec->root)
			bad = readonly_changed(rec, edited);
		if (bad == NULL)
			break;
		/* Name the file as the user knows it, not the temp file. */
		if (!ctx->tty_in) {
			err = bad;
			goto done;
		}
		print_error(bad->msg);
		fprintf(err_stream(), "Press Enter to edit again, or Ctrl-C to "
		    "abandon the change: ");
		if (fgetc(stdin) == EOF) {
			err = bad;
			goto done;
		}
	}
	if ((err = txn_begin(ctx, &txn)))
		goto done;
	if (raw) {
		struct bops_buf now = BOPS_BUF_INIT;

		err = bops_txn_load_raw(&cur, &now, txn, kind, rec->id);
		bops_buf_release(&now);
	} else
		err = bops_txn_load(&cur, txn, kind, rec->id);
	if (err)
		goto done;
	if (strcmp(cur->blob, rec->blob)) {
		err = bops_error_fmt(BOPS_ERR_REFUSED,
		    "%s '%s' changed while it was being edited; your version "
		    "is kept in %s", kind->name, rec->id, path.ptr);
		bops_buf_reset(&path);
		goto done;
	}
	memcpy(edited->blob, cur->blob, sizeof(edited->blob));
	if ((err = bops_txn_put(txn, edited, &changed)))
		goto done;
	bops_buf_printf(&msg, "%s %s: ", kind->name, rec->id);
	if (raw)
		bops_buf_puts(&msg, "repaired: ");
	bops_record_summary(&msg, cur->root, edited->root);
	if ((err = commit_print(txn, msg.ptr, NULL, rec->id, NULL)))
		goto done;
	if (changed)
		say(ctx, "%s", msg.ptr);
	else
		say(ctx, "%s %s: no change", kind->name, rec->id);
done:
	if (path.len)
		unlink(path.ptr);
	bops_record_free(rec);
	bops_record_free(edited);
	bops_record_free(cur);
	bops_txn_free(txn);
	bops_buf_release(&path);
	bops_buf_release(&text);
	bops_buf_release(&msg);
	return err;
}

static const struct bops_error *
rm_one(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err;
	struct bops_txn *txn = NULL;
	struct bops_record *rec = NULL;
	struct bops_buf msg = BOPS_BUF_INIT;
	char **argv = a->argv;

	/* A malformed id is refused before any file is touched. */
	if ((err = bops_id_normalize(&msg, argv[1])))
		goto done;
	bops_buf_reset(&msg);
	if ((err = txn_begin(ctx, &txn)))
		goto done;
	err = bops_txn_load(&rec, txn, kind, argv[1]);
	if (err && err->code == BOPS_ERR_INVALID) {
		/* One that does not validate can still go. */
		err = bops_txn_load_raw(&rec, &msg, txn, kind, argv[1]);
		bops_buf_reset(&msg);
	}
	if (err)
		goto done;
	if ((err = bops_txn_delete(txn, rec)))
		goto done;
	bops_buf_printf(&msg, "%s %s: remove ", kind->name, rec->id);
	bops_text_put_quoted(&msg, rec->root ? bops_record_title(rec) :
	    rec->id, 50);
	if ((err = commit_print(txn, msg.ptr, NULL, rec->id, NULL)))
		goto done;
	say(ctx, "removed %s %s", kind->name, rec->id);
done:
	bops_record_free(rec);
	bops_txn_free(txn);
	bops_buf_release(&msg);
	return err;
}

static const struct bops_error *
record_rm(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err;
	struct targets t;
	struct bulk b = { .remove = true, .what = "remove", .finished = true };

	/* One id: as it always was, so a broken id is named as typed. */
	if (a->argc == 2 && a->where.n == 0)
		return rm_one(ctx, kind, a);
	if ((err = targets_find(&t, ctx, kind, a, 1, a->argc, b.finished)))
		return err;
	err = bulk_change(ctx, kind, &t, &b);
	targets_release(&t);
	return err;
}

/* History. */

struct history {
	struct bops_ctx *ctx;
	struct log_filter filter;
	const char *path;
	const struct bops_schema *schema;	/* types the JSON values */
	struct bops_json *json;			/* NULL for text */
	size_t count;
	struct bops_buf out;
};

/* One change: old and new typed by the field's schema, null when unset. */
static void
change_json(struct bops_json *w, const struct bops_schema *s,
    const char *field, const struct bops_node *old,
    const struct bops_node *new)
{
	const struct bops_field *f = bops_schema_field(s, field);

	bops_json_begin_object(w, 0);
	bops_json_key(w, "field");
	bops_json_str(w, field);
	bops_json_key(w, "old");
	bops_json_node(w, old, f);
	bops_json_key(w, "new");
	bops_json_node(w, new, f);
	bops_json_end_object(w);
}

static void
history_change(const char *field, const struct bops_node *old,
    const struct bops_node *new, void *arg)
{
	struct history *h = arg;
	struct bops_buf d = BOPS_BUF_INIT;

	if (strcmp(field, "updated") == 0)
		return;
	if (h->json) {
		change_json(h->json, h->schema, field, old, new);
		return;
	}
	/* "    status: processing -> done" */
	bops_record_describe(&d, field, old, new);
	bops_buf_printf(&h->out, "    %s:%s\n", field, d.ptr + strlen(field));
	bops_buf_release(&d);
}

/* A version of the file as a tree, or NULL when absent or unreadable. */
static struct bops_node *
version(struct bops_ws *ws, const char *commit, const char *path)
{
	struct bops_buf data = BOPS_BUF_INIT;
	struct bops_node *root = NULL;

	if (commit[0] && bops_repo_read(ws->repo, commit, path, &data, NULL)
	    == NULL)
		(void)bops_yaml_load(&root, path, data.ptr, data.len);
	bops_buf_release(&data);
	return root;
}

/* The record removed: the change "record", old the whole record. */
static void
history_removed(struct history *h, const struct bops_node *old)
{
	struct bops_json *w = h->json;

	if (w == NULL) {
		history_change("record", old, NULL, h);
		return;
	}
	bops_json_begin_object(w, 0);
	bops_json_key(w, "field");
	bops_json_str(w, "record");
	bops_json_key(w, "old");
	bops_json_record(w, old, h->schema, NULL);
	bops_json_key(w, "new");
	bops_json_null(w);
	bops_json_end_object(w);
}

static const struct bops_error *
history_one(const struct bops_commit_info *info, void *arg)
{
	const struct bops_error *err;
	struct history *h = arg;
	struct bops_node *old, *new;
	bool yes;

	/* Every version counts, shown or not: a record that never was
	 * is told from one whose changes the filters leave out. */
	h->count++;
	if (!log_filter_more(&h->filter))
		return NULL;
	if ((err = log_filter_match(&yes, &h->filter, info)) || !yes)
		return err;
	old = version(h->ctx->ws, info->parent, h->path);
	new = version(h->ctx->ws, info->id, h->path);
	if (h->json) {
		bops_json_begin_object(h->json, 0);
		out_commit_json(h->json, info);
		bops_json_key(h->json, "changes");
		bops_json_begin_array(h->json, 0);
	} else
		out_commit_line(&h->out, h->ctx, info);
	if (new == NULL && old)
		history_removed(h, old);
	else
		bops_record_diff(old, new, history_change, h);
	if (h->json) {
		bops_json_end_array(h->json);
		bops_json_end_object(h->json);
	}
	bops_node_free(old);
	bops_node_free(new);
	return NULL;
}

static const struct bops_error *
record_log(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a)
{
	const struct bops_error *err;
	struct bops_buf id = BOPS_BUF_INIT, path = BOPS_BUF_INIT;
	struct history h;
	struct bops_json w;
	char **argv = a->argv;
	bool json = a->out.json;

	memset(&h, 0, sizeof(h));
	bops_buf_init(&h.out);
	bops_json_init(&w, &h.out);
	if ((err = log_filter_init(&h.filter, ctx, a, -1)))
		goto done;
	/* A removed record has a history too: fall back to its path. */
	err = bops_store_resolve(&id, ctx->ws, kind, NULL, argv[1]);
	if (err && err->code == BOPS_ERR_NOT_FOUND &&
	    bops_id_valid(argv[1])) {
		bops_buf_reset(&id);
		bops_buf_puts(&id, argv[1]);
		err = NULL;
	}
	if (err)
		goto done;
	bops_id_path(&path, kind->dir, kind->sharded, id.ptr);
	h.ctx = ctx;
	h.path = path.ptr;
	if ((err = bops_ws_schema(&h.schema, ctx->ws, kind)))
		goto done;
	if (json) {
		h.json = &w;
		bops_json_begin_array(&w, BOPS_JSON_LINES);
	}
	if ((err = bops_repo_log(ctx->ws->repo, ctx->ws->head, path.ptr, 0,
	    history_one, &h)))
		goto done;
	if (h.count == 0) {
		err = bops_error_fmt(BOPS_ERR_NOT_FOUND, "no %s '%s'",
		    kind->name, id.ptr);
		goto done;
	}
	if (json)
		bops_json_end_array(&w);
	out_write(&h.out);
done:
	bops_json_release(&w);
	bops_buf_release(&h.out);
	bops_buf_release(&id);
	bops_buf_release(&path);
	return err;
}

const struct bops_verb record_verbs[] = {
	VERB_ADD(record_add, "add a record and print its id"),
	VERB("list", record_list, "[FILTER ...]", 0, -1,
	    OPTS(OPT_ALL, OPT_SORT, OPT_FIELDS, OPT_LIMIT, OPT_AS_OF,
	    OPT_FORMATS),
	    "list the records that match every filter (finished ones: --all)"),
	VERB("count", record_count, "[FILTER ...]", 0, -1,
	    OPTS(OPT_ALL, OPT_AS_OF, OPT_JSON),
	    "count the records that match every filter (finished ones: "
	    "--all)"),
	VERB("summary", record_summary, "[FILTER ...]", 0, -1,
	    OPTS(OPT_VALUE("by", 0, "FIELD", by, 0), OPT_ALL, OPT_AS_OF,
	    OPT_JSON),
	    "records by the values of a field (status), with their counts "
	    "and sums"),
	VERB("show", record_show, "ID ...", 1, -1,
	    OPTS(OPT_FIELDS, OPT_AS_OF, OPT_FORMATS),
	    "show records (--json: an array of several)"),
	VERB("set", record_set, "[ID ...] field=value|field+=item|field-=item|"
	    "field= ...", 1, -1, OPTS(OPT_WHERE, OPT_FORCE),
	    "change fields of records: the ids given, or what --where picks"),
	VERB("note", record_note, "[ID ...] TEXT", 1, -1, OPTS(OPT_WHERE),
	    "add a note, stamped with the time and your name, to records"),
	VERB("edit", record_edit, "ID", 1, 1, NULL,
	    "edit a record in $EDITOR, validated before it is written"),
	VERB("rm", record_rm, "[ID ...]", 0, -1, OPTS(OPT_WHERE),
	    "remove records (their history stays in git)"),
	VERB("log", record_log, "ID", 1, 1, OPTS(OPT_LOG_FILTERS, OPT_JSON),
	    "the record's history, field by field"),
	VERBS_END,
};
