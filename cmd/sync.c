/*
 * sync.c: team work: clone, sync, the git merge driver, and conflicts.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "file.h"
#include "merge.h"
#include "out.h"
#include "text.h"
#include "sync.h"
#include "yaml.h"
#include "banned.h"

static const struct bops_error *
warm(struct bops_record *rec, void *arg)
{
	(void)rec;
	(void)arg;
	return NULL;
}

const struct bops_error *
cmd_clone(struct bops_ctx *ctx, struct args *a)
{
	const struct bops_error *err;
	struct bops_repo *repo = NULL;
	struct bops_ws *ws = NULL;
	struct bops_buf dir = BOPS_BUF_INIT;
	const char *base, *end;
	char **argv = a->argv;
	size_t i;
	int n = a->argc;
	bool registered;

	if (n == 3)
		bops_buf_puts(&dir, argv[2]);
	else {
		/* The last path component, without ".git". */
		end = argv[1] + strlen(argv[1]);
		while (end > argv[1] && end[-1] == '/')
			end--;
		base = end;
		while (base > argv[1] && base[-1] != '/' && base[-1] != ':')
			base--;
		if (end - base > 4 && strncmp(end - 4, ".git", 4) == 0)
			end -= 4;
		bops_buf_put(&dir, base, (size_t)(end - base));
		if (dir.len == 0)
			bops_buf_puts(&dir, "workspace");
	}
	if (bops_file_exists(dir.ptr)) {
		err = bops_error_fmt(BOPS_ERR_REFUSED, "'%s' already exists",
		    dir.ptr);
		goto done;
	}
	if ((err = bops_repo_clone(&repo, argv[1], dir.ptr)))
		goto done;
	if ((err = bops_ws_driver_register(&registered, repo)))
		goto done;
	ctx->opts.dir = dir.ptr;
	if ((err = bops_ws_open(&ws, &ctx->opts))) {
		err = bops_error_wrap(err, "cloned into '%s', but", dir.ptr);
		goto done;
	}
	/* The records the checkout read: the cache is built from them. */
	bops_repo_stash_move(ws->repo, repo);
	progress_attach(ctx, ws);
	for (i = 0; i < BOPS_KIND__COUNT; i++)
		(void)bops_store_each(ws, &bops_kinds[i], NULL, warm, NULL,
		    NULL);
	say(ctx, "cloned %s into %s", argv[1], ws->root);
done:
	bops_ws_close(ws);
	bops_repo_close(repo);
	bops_buf_release(&dir);
	return err;
}

/* Each line of list on stderr as "bops: LINE<suffix>", escaped. */
static void
print_lines(const struct bops_buf *list, const char *suffix)
{
	struct bops_buf line = BOPS_BUF_INIT;
	const char *p = list->ptr, *nl;

	for (; p && *p; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		bops_buf_reset(&line);
		bops_buf_put(&line, p, (size_t)(nl - p));
		bops_buf_puts(&line, suffix);
		print_error(line.ptr);
	}
	bops_buf_release(&line);
}

const struct bops_error *
cmd_sync(struct bops_ctx *ctx, struct args *a)
{
	const struct bops_error *err;
	struct bops_sync_result r;
	const char *remote = a->remote ? a->remote : "origin";
	const char *branch = a->branch;
	bool registered;

	/* A clone made with plain git: its next git pull merges records
	 * field by field too. */
	if ((err = bops_ws_driver_register(&registered, ctx->ws->repo)))
		return err;
	if (registered)
		say(ctx, "sync: registered the merge driver in .git/config "
		    "for plain git");
	err = bops_sync(ctx->ws, remote, branch, &r);
	out_write(&r.ids);
	print_lines(&r.refused, "");
	print_lines(&r.invalid, " (kept as it came)");
	print_lines(&r.files, "");
	if (r.in || r.out || r.changed || r.conflicts)
		say(ctx, "sync %s: %zu commit%s in, %zu out, %zu record%s "
		    "changed, %zu conflict%s", remote, r.in,
		    r.in == 1 ? "" : "s", r.pushed ? r.out : 0, r.changed,
		    r.changed == 1 ? "" : "s", r.conflicts,
		    r.conflicts == 1 ? "" : "s");
	if (err == NULL && r.invalid.len)
		err = bops_error_fmt(BOPS_ERR_INVALID, "sync: merged, but "
		    "nothing pushed: records that do not validate came in and "
		    "were kept as they came; fix them (`bops check` lists "
		    "them, `bops KIND edit ID` opens one), or sync again to "
		    "push them as they are");
	if (err == NULL && r.conflicts)
		err = bops_error_fmt(BOPS_ERR_CONFLICT, "sync: %zu conflict%s "
		    "recorded; see `bops conflicts`", r.conflicts,
		    r.conflicts == 1 ? "" : "s");
	bops_sync_result_release(&r);
	return err;
}

const struct bops_error *
cmd_merge_driver(struct bops_ctx *ctx, struct args *a)
{
	const struct bops_error *err;
	struct bops_buf b = BOPS_BUF_INIT, o = BOPS_BUF_INIT;
	struct bops_buf t = BOPS_BUF_INIT, out = BOPS_BUF_INIT;
	char **argv = a->argv, id[BOPS_ID_MAX_LEN + 1];
	size_t conflicts, max;
	bool record;

	/* Regular files only; for a record, no more than one may hold. */
	record = bops_kind_of_path(argv[4], id) != NULL ||
	    strcmp(argv[4], BOPS_CONFIG_PATH) == 0;
	max = record ? BOPS_YAML_MAX_SIZE : 0;
	if ((err = bops_file_read(&b, argv[1], max)) ||
	    (err = bops_file_read(&o, argv[2], max)) ||
	    (err = bops_file_read(&t, argv[3], max)))
		goto done;
	if (!record) {
		/* No record (an older .gitattributes sends every *.yaml
		 * here): merged as git merges text. */
		bool clean;

		if ((err = bops_repo_merge_file(&out, &clean, b.ptr, b.len,
		    o.ptr, o.len, t.ptr, t.len, argv[4], "ours", "theirs")))
			goto done;
		if ((err = bops_file_write_atomic(argv[2], out.ptr, out.len)))
			goto done;
		if (!clean)
			err = bops_error_fmt(BOPS_ERR_CONFLICT, "%s: changed on "
			    "both sides: conflict markers left", argv[4]);
		goto done;
	}
	if ((err = bops_sync_merge_file(&out, ctx->ws, argv[4], b.ptr, b.len,
	    o.ptr, o.len, t.ptr, t.len, &conflicts)))
		goto done;
	if ((err = bops_file_write_atomic(argv[2], out.ptr, out.len)))
		goto done;
	if (conflicts)
		say(ctx, "%s: %zu conflict%s recorded in the record; see "
		    "`bops conflicts`", argv[4], conflicts,
		    conflicts == 1 ? "" : "s");
done:
	bops_buf_release(&b);
	bops_buf_release(&o);
	bops_buf_release(&t);
	bops_buf_release(&out);
	/* Any failure leaves OURS as it was; git reports the conflict. */
	return err ? bops_error_fmt(BOPS_ERR_FOUND, "%s", err->msg) : NULL;
}

/* conflicts */

static void
value_text(struct bops_buf *b, const struct bops_node *entry)
{
	const struct bops_node *v = bops_node_map_get(entry, "value");
	struct bops_buf y = BOPS_BUF_INIT;
	size_t i;

	if (v == NULL)
		bops_buf_puts(b, "(unset)");
	else if (v->type == BOPS_NODE_SCALAR)
		bops_buf_puts(b, v->str);
	else if (v->type == BOPS_NODE_SEQ) {
		for (i = 0; i < v->n; i++)
			bops_buf_printf(b, "%s%s", i ? ", " : "",
			    v->items[i]->type == BOPS_NODE_SCALAR ?
			    v->items[i]->str : "{...}");
	} else {
		(void)bops_yaml_emit(&y, v);
		bops_buf_puts(b, y.ptr);
	}
	bops_buf_release(&y);
}

struct list_conflicts {
	struct bops_table *t;
	struct bops_buf out;
	struct bops_json json;	/* an array of lines, written to out */
	size_t n;
};

/* The keys of every entry of `conflicts --json`, up to base. */
static void
entry_json(struct bops_json *w, const char *kind, const char *id,
    const char *field)
{
	bops_json_key(w, "kind");
	bops_json_str(w, kind);
	bops_json_key(w, "id");
	bops_json_str(w, id);
	bops_json_key(w, "field");
	bops_json_str(w, field);
	bops_json_key(w, "base");
}

static const struct bops_error *
conflicts_one(struct bops_record *rec, void *arg)
{
	struct list_conflicts *lc = arg;
	const struct bops_node *list = bops_record_get(rec, "conflicts");
	struct bops_buf v1 = BOPS_BUF_INIT, v2 = BOPS_BUF_INIT;
	const char *cells[5];
	size_t i, k;

	for (i = 0; list && i < list->n; i++) {
		const struct bops_node *e = list->items[i];
		const struct bops_node *vals = bops_node_map_get(e, "values");

		bops_buf_reset(&v1);
		bops_buf_reset(&v2);
		if (vals && vals->n > 0)
			value_text(&v1, vals->items[0]);
		if (vals && vals->n > 1)
			value_text(&v2, vals->items[1]);
		cells[0] = rec->kind->name;
		cells[1] = rec->id;
		cells[2] = bops_node_map_str(e, "field");
		cells[3] = v1.ptr;
		cells[4] = v2.ptr;
		bops_table_add(lc->t, cells);
		/* Both values typed by the field, null for an unset one. */
		bops_json_begin_object(&lc->json, 0);
		entry_json(&lc->json, rec->kind->name, rec->id, cells[2]);
		bops_json_node_at(&lc->json, bops_node_map_get(e, "base"),
		    rec->schema, cells[2]);
		bops_json_key(&lc->json, "values");
		bops_json_begin_array(&lc->json, 0);
		for (k = 0; k < 2; k++)
			bops_json_node_at(&lc->json, vals && vals->n > k ?
			    bops_node_map_get(vals->items[k], "value") : NULL,
			    rec->schema, cells[2]);
		bops_json_end_array(&lc->json);
		bops_json_key(&lc->json, "error");
		bops_json_null(&lc->json);
		bops_json_end_object(&lc->json);
		lc->n++;
	}
	bops_buf_release(&v1);
	bops_buf_release(&v2);
	return NULL;
}

/*
 * A record that does not validate (kept as it came by a sync, or
 * committed by hand) is listed too, until someone repairs it.
 */
static void
conflicts_invalid(const struct bops_error *err, void *arg)
{
	struct list_conflicts *lc = arg;
	const struct bops_kind *kind;
	struct bops_buf path = BOPS_BUF_INIT;
	const char *cells[5];
	char id[BOPS_ID_MAX_LEN + 1];

	bops_buf_put(&path, err->msg, strcspn(err->msg, ":"));
	if ((kind = bops_kind_of_path(path.ptr, id)) == NULL) {
		warn_record(err, NULL);
		bops_buf_release(&path);
		return;
	}
	cells[0] = kind->name;
	cells[1] = id;
	cells[2] = "(invalid)";
	cells[3] = err->msg;
	cells[4] = "does not validate: bops edit repairs it";
	bops_table_add(lc->t, cells);
	bops_json_begin_object(&lc->json, 0);
	entry_json(&lc->json, kind->name, id, cells[2]);
	bops_json_null(&lc->json);
	bops_json_key(&lc->json, "values");
	bops_json_begin_array(&lc->json, 0);
	bops_json_end_array(&lc->json);
	bops_json_key(&lc->json, "error");
	bops_json_str(&lc->json, err->msg);
	bops_json_end_object(&lc->json);
	lc->n++;
	bops_buf_release(&path);
}

const struct bops_error *
cmd_conflicts(struct bops_ctx *ctx, struct args *a)
{
	const struct bops_error *err = NULL;
	struct list_conflicts lc;
	struct bops_buf b = BOPS_BUF_INIT;
	const char *hdr[5] = { "kind", "id", "field", "value 1", "value 2" };
	bool json = a->out.json;
	size_t i;

	memset(&lc, 0, sizeof(lc));
	bops_buf_init(&lc.out);
	bops_json_init(&lc.json, &lc.out);
	bops_json_begin_array(&lc.json, BOPS_JSON_LINES);
	lc.t = bops_table_new(5, hdr);
	for (i = 0; i < BOPS_KIND__COUNT && err == NULL; i++)
		err = bops_store_each(ctx->ws, &bops_kinds[i], NULL,
		    conflicts_one, conflicts_invalid, &lc);
	if (err == NULL && ctx->ws->config) {
		/* The config's own (bops config KEY VALUE clears one). */
		struct bops_record *cfg = bops_record_wrap(&bops_kinds[0],
		    ctx->ws->config_schema, "bops-yaml", ctx->ws->config);
		struct bops_kind config_kind = { .name = "config", .dir = "" };

		cfg->kind = &config_kind;
		err = conflicts_one(cfg, &lc);
		cfg->root = NULL;
		bops_record_free(cfg);
	}
	if (err == NULL) {
		if (json) {
			bops_json_end_array(&lc.json);
			out_write(&lc.out);
		} else if (lc.n) {
			bops_table_render(&b, lc.t, table_flags(ctx),
			    ctx->width);
			out_write_color(&b);
		}
	}
	bops_table_free(lc.t);
	bops_json_release(&lc.json);
	bops_buf_release(&lc.out);
	bops_buf_release(&b);
	return err;
}

/* resolve */

struct resolve {
	const char *field;
	const char *take;
	const char *value;
	bool delete_record;
	struct bops_buf what;
};

/*
 * The value --take names among a conflict's values: 1 or 2 as listed,
 * ours (the one whose author is you) or theirs (the other).
 * BOPS_ERR_USAGE when there is no such value, or yours cannot be told.
 */
static const struct bops_error *
resolve_take(struct bops_ctx *ctx, const char *take,
    const struct bops_node *vals, struct bops_node **out)
{
	const struct bops_error *err;
	const char *name, *email, *author;
	size_t mine = vals->n, j;
	bool ours = strcmp(take, "ours") == 0;

	*out = NULL;
	if (strcmp(take, "1") == 0 || strcmp(take, "2") == 0) {
		j = (size_t)(take[0] - '1');
		if (j >= vals->n)
			return bops_error_fmt(BOPS_ERR_USAGE, "no value %s",
			    take);
		*out = vals->items[j];
		return NULL;
	}
	if (!ours && strcmp(take, "theirs"))
		return bops_error_fmt(BOPS_ERR_USAGE, "--take wants ours, "
		    "theirs, 1 or 2");
	if ((err = bops_ws_identity(&name, &email, ctx->ws)))
		return err;
	for (j = 0; j < vals->n; j++) {
		author = bops_node_map_str(vals->items[j], "author");
		if (author && strstr(author, email))
			mine = mine != vals->n ? vals->n + 1 : j;
	}
	if (mine >= vals->n || vals->n != 2)
		return bops_error_fmt(BOPS_ERR_USAGE, "cannot tell which value "
		    "is yours; use --take 1 or --take 2 (see `bops "
		    "conflicts`)");
	*out = vals->items[ours ? mine : 1 - mine];
	return NULL;
}

/*
 * Take the other whole version of rec, from the commit that made the
 * chosen one, keeping rec's conflicts (*list then points at them).
 */
static const struct bops_error *
resolve_version(struct bops_ctx *ctx, struct bops_record *rec,
    struct resolve *r, const struct bops_node *chosen,
    struct bops_node **list)
{
	const struct bops_error *err;
	const char *c = bops_node_map_str(chosen, "commit");
	struct bops_record *other = NULL;
	struct bops_node *keep;

	if (c == NULL)
		return bops_error_fmt(BOPS_ERR_USAGE, "value %s names no "
		    "commit", r->take);
	if ((err = bops_store_read(&other, ctx->ws, rec->kind, c, rec->id)))
		return err;
	keep = bops_node_map_take(rec->root, "conflicts");
	bops_node_free(rec->root);
	rec->root = other->root;
	other->root = NULL;
	bops_record_free(other);
	bops_node_free(bops_node_map_take(rec->root, "conflicts"));
	if (keep)
		bops_node_map_set(rec->root, "conflicts", keep);
	*list = keep;
	bops_buf_printf(&r->what, "resolve %s: take the version of %.12s",
	    r->field, c);
	return NULL;
}

/* Set the field in conflict to --value, or to the chosen value. */
static const struct bops_error *
resolve_field(struct bops_ctx *ctx, struct bops_record *rec,
    struct resolve *r, const struct bops_node *chosen)
{
	const struct bops_node *v = bops_node_map_get(chosen, "value");
	const struct bops_schema *fs;
	struct bops_node *parent;
	const char *last;

	if (r->value) {
		bops_buf_printf(&r->what, "resolve %s = ", r->field);
		bops_text_put_short(&r->what, r->value, 40);
		if (strchr(r->field, '.') == NULL)
			return bops_record_set(rec, ctx->ws, r->field,
			    r->value);
	}
	if ((parent = bops_merge_locate(&fs, &last, rec->root, rec->schema,
	    r->field)) == NULL)
		return bops_error_fmt(BOPS_ERR_NOT_FOUND, "no field '%s'",
		    r->field);
	if (r->value) {
		bops_node_map_set_str(parent, last, r->value,
		    BOPS_SCALAR_TEXT);
		return NULL;
	}
	if (v)
		bops_node_map_set(parent, last, bops_node_dup(v));
	else
		bops_node_map_remove(parent, last);
	bops_buf_printf(&r->what, "resolve %s: take %s", r->field, r->take);
	return NULL;
}

static const struct bops_error *
apply_resolve(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	const struct bops_error *err;
	struct resolve *r = arg;
	struct bops_node *list = bops_record_get(rec, "conflicts");
	struct bops_node *vals, *chosen = NULL;
	size_t i;
	bool whole;

	(void)txn;
	if (bops_node_seq_find(list, "field", r->field) == NULL)
		return bops_error_fmt(BOPS_ERR_NOT_FOUND, "%s '%s' has no "
		    "conflict in '%s'", rec->kind->name, rec->id, r->field);
	vals = bops_node_map_get(bops_node_seq_find(list, "field", r->field),
	    "values");
	if (r->take && vals && vals->n &&
	    (err = resolve_take(ctx, r->take, vals, &chosen)))
		return err;
	whole = strcmp(r->field, "(too large)") == 0 ||
	    strcmp(r->field, "(no valid merge)") == 0;
	if (whole && chosen && bops_node_map_get(chosen, "value") == NULL) {
		if ((err = resolve_version(ctx, rec, r, chosen, &list)))
			return err;
	} else if (whole) {
		bops_buf_printf(&r->what, "resolve %s: keep this version",
		    r->field);
	} else if (strcmp(r->field, "(deleted)") == 0) {
		/* Taking the side that deleted it deletes the record. */
		r->delete_record = chosen &&
		    bops_node_map_get(chosen, "value") == NULL;
		bops_buf_printf(&r->what, "resolve (deleted): %s",
		    r->delete_record ? "removed" : "kept");
	} else if ((err = resolve_field(ctx, rec, r, chosen)))
		return err;
	/* Every entry of the field goes. */
	for (i = list->n; i-- > 0;) {
		const char *f = bops_node_map_str(list->items[i], "field");

		if (f && strcmp(f, r->field) == 0)
			bops_node_seq_remove(list, i);
	}
	if (list->n == 0)
		bops_node_map_remove(rec->root, "conflicts");
	return NULL;
}

const struct bops_error *
cmd_resolve(struct bops_ctx *ctx, struct args *a)
{
	const struct bops_error *err = NULL;
	const struct bops_kind *kind = NULL;
	struct resolve r;
	struct bops_buf id = BOPS_BUF_INIT;
	const char *kind_name = a->kind;
	char **argv = a->argv;
	size_t i, found = 0;

	memset(&r, 0, sizeof(r));
	bops_buf_init(&r.what);
	r.take = a->take;
	r.value = a->value;
	r.field = argv[2];
	if (kind_name && (kind = bops_kind_find(kind_name)) == NULL)
		return bops_error_fmt(BOPS_ERR_USAGE, "unknown kind '%s'",
		    kind_name);
	/* Find the record among the kinds. */
	for (i = 0; i < BOPS_KIND__COUNT; i++) {
		if (kind && kind != &bops_kinds[i])
			continue;
		bops_buf_reset(&id);
		err = bops_store_resolve(&id, ctx->ws, &bops_kinds[i], NULL,
		    argv[1]);
		if (err && err->code != BOPS_ERR_NOT_FOUND)
			return err;
		if (err == NULL) {
			found++;
			kind = &bops_kinds[i];
		}
	}
	if (found == 0)
		return bops_error_fmt(BOPS_ERR_NOT_FOUND, "no record '%s'",
		    argv[1]);
	if (found > 1)
		return bops_error_fmt(BOPS_ERR_AMBIGUOUS, "'%s' names records "
		    "of several kinds; add --kind", argv[1]);
	bops_buf_reset(&id);
	if ((err = bops_store_resolve(&id, ctx->ws, kind, NULL, argv[1])))
		goto done;
	err = record_change(ctx, kind, id.ptr, apply_resolve, &r, &r.what,
	    NULL);
	if (err == NULL && r.delete_record) {
		char *rm[3] = { (char *)"rm", id.ptr, NULL };
		struct args ra;

		memset(&ra, 0, sizeof(ra));
		ra.argc = 2;
		ra.argv = rm;
		err = verb_find(record_verbs, "rm")->fn(ctx, kind, &ra);
	}
done:
	bops_buf_release(&id);
	bops_buf_release(&r.what);
	return err;
}
