#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "record.h"
#include "text.h"
#include "yaml.h"
#include "banned.h"

struct bops_record *
bops_record_wrap(const struct bops_kind *kind, const struct bops_schema *schema,
    const char *id, struct bops_node *root)
{
	struct bops_record *rec = bops_calloc(1, sizeof(*rec));
	struct bops_buf path = BOPS_BUF_INIT;

	rec->kind = kind;
	rec->schema = schema;
	snprintf(rec->id, sizeof(rec->id), "%s", id);
	bops_id_path(&path, kind->dir, kind->sharded, rec->id);
	rec->path = bops_buf_detach(&path);
	rec->root = root;
	return rec;
}

struct bops_record *
bops_record_take(struct bops_record *rec)
{
	struct bops_record *copy = bops_malloc(sizeof(*copy));

	*copy = *rec;
	rec->root = NULL;
	rec->path = NULL;
	rec->was = NULL;
	return copy;
}

void
bops_record_free(struct bops_record *rec)
{
	if (rec == NULL)
		return;
	bops_node_free(rec->root);
	free(rec->path);
	free(rec->was);
	free(rec);
}

const struct bops_error *
bops_record_new(struct bops_record **out, struct bops_ws *ws,
    const struct bops_kind *kind, const char *slug)
{
	const struct bops_error *err;
	const struct bops_schema *schema;
	struct bops_buf id = BOPS_BUF_INIT;
	struct bops_record *rec;
	char gen[BOPS_ID_GEN_LEN + 1];
	size_t i;

	*out = NULL;
	if ((err = bops_ws_schema(&schema, ws, kind)))
		return err;
	if (slug)
		err = bops_id_normalize(&id, slug);
	else if ((err = bops_id_generate(gen)) == NULL)
		bops_buf_puts(&id, gen);
	if (err) {
		bops_buf_release(&id);
		return err;
	}
	rec = bops_record_wrap(kind, schema, id.ptr, bops_node_new_map());
	bops_buf_release(&id);
	for (i = 0; i < schema->n; i++) {
		const struct bops_field *f = &schema->fields[i];

		if (f->def && f->type != BOPS_TYPE_MAP &&
		    (err = bops_record_set(rec, ws, f->name, f->def))) {
			bops_record_free(rec);
			return err;
		}
	}
	*out = rec;
	return NULL;
}

const struct bops_error *
bops_record_validate(const struct bops_kind *kind,
    const struct bops_schema *schema, const char *id, struct bops_node *root,
    const struct bops_validate *v)
{
	const struct bops_error *err;

	if ((err = bops_schema_validate(schema, root, v)))
		return err;
	if (kind->rules && kind->rules->validate)
		return kind->rules->validate(id, root, v);
	return NULL;
}

static const struct bops_error *
validate(struct bops_record *rec, struct bops_ws *ws)
{
	struct bops_validate v = { rec->path, bops_ws_config_get, ws };

	return bops_record_validate(rec->kind, rec->schema, rec->id,
	    rec->root, &v);
}

/* bops_record_parse, keeping every problem in all when it is not NULL. */
static const struct bops_error *
parse(struct bops_record **out, struct bops_problems *all,
    struct bops_ws *ws, const struct bops_kind *kind, const char *id,
    const char *data, size_t len)
{
	const struct bops_error *err;
	const struct bops_schema *schema;
	struct bops_record *rec;
	struct bops_node *root = NULL;
	struct bops_buf path = BOPS_BUF_INIT;

	*out = NULL;
	if ((err = bops_ws_schema(&schema, ws, kind)))
		return err;
	bops_id_path(&path, kind->dir, kind->sharded, id);
	err = bops_yaml_load(&root, path.ptr, data, len);
	bops_buf_release(&path);
	if (err) {
		/* What does not load cannot be looked at any further. */
		if (all && err->code == BOPS_ERR_INVALID)
			bops_problems_add(all, err);
		return err;
	}
	rec = bops_record_wrap(kind, schema, id, root);
	if (schema->upgrade) {
		struct bops_buf note = BOPS_BUF_INIT;

		/* The validation below finds nothing more to upgrade. */
		if (schema->upgrade(&note, rec->path, rec->root))
			rec->was = bops_buf_detach(&note);
		bops_buf_release(&note);
	}
	if (all) {
		struct bops_validate v = { rec->path, bops_ws_config_get, ws };

		/* The kind's rules read a record the schema passed. */
		if ((err = bops_schema_validate_all(schema, rec->root, &v,
		    all)) == NULL && (err = validate(rec, ws)) &&
		    err->code == BOPS_ERR_INVALID)
			bops_problems_add(all, err);
	} else
		err = validate(rec, ws);
	if (err) {
		bops_record_free(rec);
		return err;
	}
	*out = rec;
	return NULL;
}

const struct bops_error *
bops_record_parse(struct bops_record **out, struct bops_ws *ws,
    const struct bops_kind *kind, const char *id, const char *data,
    size_t len)
{
	return parse(out, NULL, ws, kind, id, data, len);
}

const struct bops_error *
bops_record_parse_all(struct bops_record **out, struct bops_problems *all,
    struct bops_ws *ws, const struct bops_kind *kind, const char *id,
    const char *data, size_t len)
{
	return parse(out, all, ws, kind, id, data, len);
}

struct bops_node *
bops_record_get(const struct bops_record *rec, const char *field)
{
	return bops_node_map_get(rec->root, field);
}

const char *
bops_record_str(const struct bops_record *rec, const char *field)
{
	return bops_node_map_str(rec->root, field);
}

const char *
bops_kind_finished_by(const struct bops_kind *kind)
{
	return kind->rules && kind->rules->finished_by ?
	    kind->rules->finished_by : "status";
}

bool
bops_record_finished(struct bops_ws *ws, const struct bops_record *rec)
{
	const struct bops_kind_rules *r = rec->kind->rules;

	return r && r->finished && r->finished(ws, bops_record_str(rec,
	    bops_kind_finished_by(rec->kind)));
}

const char *
bops_record_title(const struct bops_record *rec)
{
	const char *t = rec->schema->title ?
	    bops_record_str(rec, rec->schema->title) : NULL;

	return t ? t : rec->id;
}

const struct bops_node *
bops_record_part(const struct bops_record *rec, const char *part,
    const char *key, struct bops_buf *keys)
{
	const struct bops_field *f = bops_schema_field(rec->schema, part);
	const struct bops_node *items = bops_record_get(rec, part), *found = NULL;
	const char *k;
	size_t i;

	if (f == NULL || f->sub == NULL || f->sub->key == NULL || items == NULL ||
	    items->type != BOPS_NODE_SEQ)
		return NULL;
	for (i = 0; i < items->n; i++) {
		if ((k = bops_node_map_str(items->items[i], f->sub->key)) == NULL)
			continue;
		if (found == NULL && key && strcmp(k, key) == 0)
			found = items->items[i];
		if (keys)
			bops_buf_printf(keys, "%s%s", keys->len ? ", " : "", k);
	}
	return found;
}

const struct bops_error *
bops_record_part_missing(const struct bops_record *rec, const char *part,
    const char *key)
{
	const struct bops_error *err;
	struct bops_buf keys = BOPS_BUF_INIT;
	size_t n = strlen(part);

	(void)bops_record_part(rec, part, NULL, &keys);
	/* "stages" names its items "stage" */
	if (n > 1 && part[n - 1] == 's')
		n--;
	if (keys.len)
		err = bops_error_fmt(BOPS_ERR_NOT_FOUND, "%s '%s' has no %.*s "
		    "'%s'; its %s: %s", rec->kind->name, rec->id, (int)n, part,
		    key, part, keys.ptr);
	else
		err = bops_error_fmt(BOPS_ERR_NOT_FOUND, "%s '%s' has no %.*s "
		    "'%s'; it has no %s yet", rec->kind->name, rec->id, (int)n,
		    part, key, part);
	bops_buf_release(&keys);
	return err;
}

bool
bops_record_split(const char *expr, struct bops_buf *field,
    struct bops_buf *op, const char **value)
{
	static const char *ops[] = { "+=", "-=", "!=", "<=", ">=", "=",
	    "<", ">", "~" };
	const char *p = expr;
	size_t i;

	if (!(*p >= 'a' && *p <= 'z'))
		return false;
	while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
	    *p == '_' || *p == '.' || *p == '-')
		p++;
	/* "due-=x" would read "due-" as a field: back off a trailing '-'. */
	if (p > expr && p[-1] == '-' && *p == '=')
		p--;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t n = strlen(ops[i]);

		if (strncmp(p, ops[i], n) == 0) {
			bops_buf_reset(field);
			bops_buf_put(field, expr, (size_t)(p - expr));
			bops_buf_reset(op);
			bops_buf_puts(op, ops[i]);
			*value = p + n;
			return true;
		}
	}
	return false;
}

/*
 * Set a field, keeping the map in schema order: a new field goes before
 * the first field that comes after it in the schema, so x_* fields stay
 * where they were.
 */
static void
put_field(struct bops_record *rec, const char *name, struct bops_node *value)
{
	long want = bops_schema_index(rec->schema, name), k;
	size_t j;

	if (bops_node_map_get(rec->root, name) || want < 0) {
		bops_node_map_set(rec->root, name, value);
		return;
	}
	for (j = 0; j < rec->root->n; j++) {
		k = bops_schema_index(rec->schema, rec->root->keys[j]);
		if (k > want)
			break;
	}
	bops_node_map_insert(rec->root, j, name, value);
}

/* Canonical form of a scalar typed for f, with "me" resolved. */
static const struct bops_error *
input(struct bops_buf *out, enum bops_scalar_style *style,
    const struct bops_field *f, struct bops_ws *ws, const char *value)
{
	struct bops_input_ctx ctx;
	const char *name, *email;
	const struct bops_error *err;

	if (f->person && strcmp(value, "me") == 0) {
		if ((err = bops_ws_identity(&name, &email, ws)))
			return err;
		value = name;
	}
	bops_ws_input_ctx(ws, &ctx);
	return bops_schema_input(out, style, f, value, &ctx);
}

/* Whether f is a notes log: entries of at, by and text. */
static bool
is_notes_log(const struct bops_field *f)
{
	return f && f->type == BOPS_TYPE_LOG && f->sub &&
	    bops_schema_field(f->sub, "at") &&
	    bops_schema_field(f->sub, "by") &&
	    bops_schema_field(f->sub, "text");
}

const struct bops_error *
bops_record_note(struct bops_record *rec, struct bops_ws *ws,
    const char *field, const char *text)
{
	const struct bops_error *err;
	const struct bops_field *f = bops_schema_field(rec->schema, field);
	struct bops_node *log, *e;
	struct bops_buf canon = BOPS_BUF_INIT, now = BOPS_BUF_INIT;
	enum bops_scalar_style style;
	const char *name, *email;

	if (!is_notes_log(f))
		return bops_error_fmt(BOPS_ERR_USAGE, "%s records have no "
		    "notes log '%s'", rec->kind->name, field);
	if (*text == '\0')
		return bops_error_fmt(BOPS_ERR_USAGE, "field '%s': nothing "
		    "to add", field);
	if ((err = input(&canon, &style, bops_schema_field(f->sub, "text"),
	    ws, text))) {
		err = bops_error_fmt(BOPS_ERR_USAGE, "field '%s': the text: "
		    "%s", field, strncmp(err->msg, "field 'text': ", 14) ?
		    err->msg : err->msg + 14);
		goto done;
	}
	if ((err = bops_ws_identity(&name, &email, ws)))
		goto done;
	bops_instant_format(&now, ws->now);
	e = bops_node_new_map();
	bops_node_map_set_str(e, "at", now.ptr, BOPS_SCALAR_RAW);
	bops_node_map_set_str(e, "by", name, BOPS_SCALAR_TEXT);
	bops_node_map_set_str(e, "text", canon.ptr, style);
	if ((log = bops_record_get(rec, field)) == NULL) {
		log = bops_node_new_seq();
		bops_node_seq_append(log, e);
		put_field(rec, field, log);
	} else
		bops_node_seq_append(log, e);
done:
	bops_buf_release(&canon);
	bops_buf_release(&now);
	return err;
}

static const struct bops_error *
list_change(struct bops_record *rec, struct bops_ws *ws,
    const struct bops_field *f, const char *op, const char *value)
{
	const struct bops_error *err;
	struct bops_node *list = bops_record_get(rec, f->name);
	struct bops_field item = *f;
	struct bops_buf canon = BOPS_BUF_INIT;
	enum bops_scalar_style style;
	size_t i;

	item.type = BOPS_TYPE_STRING;
	if (*value == '\0')
		return bops_error_fmt(BOPS_ERR_USAGE,
		    "field '%s': nothing to %s", f->name,
		    op[0] == '+' ? "add" : "remove");
	if ((err = input(&canon, &style, &item, ws, value)))
		goto done;
	if (list && list->type != BOPS_NODE_SEQ) {
		err = bops_error_fmt(BOPS_ERR_INVALID, "%s: '%s' is not a list",
		    rec->path, f->name);
		goto done;
	}
	for (i = 0; list && i < list->n; i++)
		if (strcmp(list->items[i]->str, canon.ptr) == 0)
			break;
	if (op[0] == '+') {
		if (list == NULL) {
			list = bops_node_new_seq();
			put_field(rec, f->name, list);
		}
		if (i == list->n)
			bops_node_seq_append(list, bops_node_new_scalar(
			    canon.ptr, BOPS_SCALAR_TEXT));
	} else if (list && i < list->n) {
		bops_node_seq_remove(list, i);
		if (list->n == 0)
			bops_node_map_remove(rec->root, f->name);
	}
done:
	bops_buf_release(&canon);
	return err;
}

static const struct bops_error *
set_field(struct bops_record *rec, struct bops_ws *ws,
    const struct bops_field *f, const char *value)
{
	const struct bops_error *err;
	struct bops_buf canon = BOPS_BUF_INIT;
	enum bops_scalar_style style;
	struct bops_node *list;
	const char *p, *comma;

	if (value == NULL || *value == '\0') {
		if (f->required)
			return bops_error_fmt(BOPS_ERR_USAGE,
			    "field '%s' is required and cannot be cleared",
			    f->name);
		bops_node_map_remove(rec->root, f->name);
		return NULL;
	}
	switch (f->type) {
	case BOPS_TYPE_LIST:
		/* a,b,c replaces the whole list */
		list = bops_node_new_seq();
		for (p = value; *p; p = comma ? comma + 1 : p + strlen(p)) {
			comma = strchr(p, ',');
			bops_buf_reset(&canon);
			bops_buf_put(&canon, p, comma ? (size_t)(comma - p) :
			    strlen(p));
			if (canon.len)
				bops_node_seq_append(list, bops_node_new_scalar(
				    canon.ptr, BOPS_SCALAR_TEXT));
		}
		bops_buf_release(&canon);
		if (list->n == 0) {
			bops_node_free(list);
			bops_node_map_remove(rec->root, f->name);
		} else
			put_field(rec, f->name, list);
		return NULL;
	case BOPS_TYPE_RECORDS:
	case BOPS_TYPE_LOG:
	case BOPS_TYPE_MAP:
	case BOPS_TYPE_RAW:
		return bops_error_fmt(BOPS_ERR_USAGE,
		    "field '%s' holds a list of entries: change it with its "
		    "own verb or `edit`", f->name);
	default:
		break;
	}
	if ((err = input(&canon, &style, f, ws, value)) == NULL)
		put_field(rec, f->name, bops_node_new_scalar(canon.ptr,
		    style));
	bops_buf_release(&canon);
	return err;
}

const struct bops_error *
bops_record_set(struct bops_record *rec, struct bops_ws *ws,
    const char *field, const char *value)
{
	const struct bops_field *f = bops_schema_field(rec->schema, field);

	if (f == NULL)
		return bops_schema_unknown_field(rec->schema, field);
	return set_field(rec, ws, f, value);
}

const struct bops_error *
bops_record_assign(struct bops_record *rec, struct bops_ws *ws,
    const char *expr)
{
	struct bops_buf field = BOPS_BUF_INIT, op = BOPS_BUF_INIT;
	const struct bops_error *err = NULL;
	const struct bops_field *f;
	const char *value;

	if (!bops_record_split(expr, &field, &op, &value) ||
	    strchr("+-=", op.ptr[0]) == NULL || strchr(field.ptr, '.')) {
		err = bops_error_fmt(BOPS_ERR_USAGE,
		    "expected field=value, field+=item or field-=item, "
		    "got '%s'", expr);
		goto done;
	}
	if ((f = bops_schema_field(rec->schema, field.ptr)) == NULL) {
		if (strncmp(field.ptr, "x_", 2) == 0 && op.ptr[0] == '=') {
			if (*value)
				bops_node_map_set_str(rec->root, field.ptr,
				    value, BOPS_SCALAR_TEXT);
			else
				bops_node_map_remove(rec->root, field.ptr);
			goto done;
		}
		err = bops_schema_unknown_field(rec->schema, field.ptr);
		goto done;
	}
	if (f->readonly) {
		err = bops_error_fmt(BOPS_ERR_USAGE,
		    "field '%s' is set by bops and cannot be changed",
		    f->name);
		goto done;
	}
	if (op.ptr[0] == '+' && is_notes_log(f)) {
		err = bops_record_note(rec, ws, f->name, value);
		goto done;
	}
	if (op.ptr[0] != '=') {
		if (f->type != BOPS_TYPE_LIST)
			err = bops_error_fmt(BOPS_ERR_USAGE,
			    "field '%s' is not a list: use %s=value", f->name,
			    f->name);
		else
			err = list_change(rec, ws, f, op.ptr, value);
		goto done;
	}
	err = set_field(rec, ws, f, value);
done:
	bops_buf_release(&field);
	bops_buf_release(&op);
	return err;
}

const struct bops_error *
bops_record_canon(struct bops_buf *out, struct bops_record *rec,
    struct bops_ws *ws)
{
	const struct bops_error *err;

	if ((err = validate(rec, ws)))
		return err;
	if ((err = bops_yaml_emit(out, rec->root)))
		return bops_error_wrap(err, "%s", rec->path);
	return NULL;
}

const struct bops_error *
bops_record_emit(struct bops_buf *out, struct bops_record *rec,
    struct bops_ws *ws)
{
	const struct bops_error *err;
	size_t start = out->len;

	if ((err = bops_record_canon(out, rec, ws)))
		return err;
	if ((err = bops_yaml_verify(rec->path, out->ptr + start,
	    out->len - start, rec->root)))
		bops_buf_truncate(out, start);
	return err;
}

void
bops_record_diff(const struct bops_node *a, const struct bops_node *b,
    bops_record_diff_fn fn, void *arg)
{
	size_t i;

	for (i = 0; b && i < b->n; i++) {
		const struct bops_node *old = bops_node_map_get(a, b->keys[i]);

		if (!bops_node_equal(old, b->items[i]))
			fn(b->keys[i], old, b->items[i], arg);
	}
	for (i = 0; a && i < a->n; i++)
		if (bops_node_map_get(b, a->keys[i]) == NULL)
			fn(a->keys[i], a->items[i], NULL, arg);
}

/* Whether every item of seq is a map with an "id" (key results). */
static bool
keyed(const struct bops_node *seq)
{
	size_t i;

	for (i = 0; seq && i < seq->n; i++)
		if (seq->items[i]->type != BOPS_NODE_MAP ||
		    bops_node_map_str(seq->items[i], "id") == NULL)
			return false;
	return true;
}

/* The ids of a keyed list, as a set whose index is the item's. */
static void
keyed_ids(struct bops_strset *ids, const struct bops_node *seq)
{
	size_t i;

	for (i = 0; seq && i < seq->n; i++) {
		const char *id = bops_node_map_str(seq->items[i], "id");

		(void)bops_strset_add(ids, id, strlen(id));
	}
}

static const struct bops_node *
keyed_get(const struct bops_strset *ids, const struct bops_node *seq,
    const char *id)
{
	size_t i = bops_strset_find(ids, id, strlen(id));

	return i == BOPS_HASH_NONE ? NULL : seq->items[i];
}

struct item_change {
	struct bops_buf *out;
	size_t n;
};

static void
item_one(const char *field, const struct bops_node *old,
    const struct bops_node *new, void *arg)
{
	struct item_change *c = arg;

	if (c->n++)
		bops_buf_puts(c->out, ", ");
	bops_record_describe(c->out, field, old, new);
}

/* Items matched by id: " +1 -1 ~1 (2: current 81 -> 86, checkins +1)". */
static void
describe_keyed(struct bops_buf *out, const struct bops_node *o,
    const struct bops_node *n)
{
	struct bops_buf detail = BOPS_BUF_INIT;
	struct item_change c = { &detail, 0 };
	struct bops_strset oids = BOPS_STRSET_INIT, nids = BOPS_STRSET_INIT;
	const struct bops_node *was;
	const char *id;
	size_t i, added = 0, removed = 0, changed = 0;

	/* An id twice in one list (a hand edit) counts once. */
	keyed_ids(&oids, o);
	keyed_ids(&nids, n);
	for (i = 0; i < n->n; i++) {
		id = bops_node_map_str(n->items[i], "id");
		if ((was = keyed_get(&oids, o, id)) == NULL)
			added++;
		else if (!bops_node_equal(was, n->items[i])) {
			bops_buf_printf(&detail, "%s%s: ", changed++ ? "; " :
			    "", id);
			c.n = 0;
			bops_record_diff(was, n->items[i], item_one, &c);
		}
	}
	for (i = 0; o && i < o->n; i++)
		if (keyed_get(&nids, n, bops_node_map_str(o->items[i],
		    "id")) == NULL)
			removed++;
	if (added)
		bops_buf_printf(out, " +%zu", added);
	if (removed)
		bops_buf_printf(out, " -%zu", removed);
	if (changed)
		bops_buf_printf(out, " ~%zu (%s)", changed, detail.ptr);
	if (added == 0 && removed == 0 && changed == 0)
		bops_buf_puts(out, " reordered");
	bops_buf_release(&detail);
	bops_strset_release(&oids);
	bops_strset_release(&nids);
}

void
bops_record_describe(struct bops_buf *out, const char *field,
    const struct bops_node *old, const struct bops_node *new)
{
	size_t i, added = 0, removed = 0;
	const struct bops_node *o = old, *n = new;

	bops_buf_puts(out, field);
	if (n == NULL) {
		bops_buf_puts(out, " cleared");
		return;
	}
	if (n->type == BOPS_NODE_SCALAR && (o == NULL ||
	    o->type == BOPS_NODE_SCALAR)) {
		if (strchr(n->str, '\n') || (o && strchr(o->str, '\n'))) {
			bops_buf_puts(out, o ? " changed" : " set");
			return;
		}
		bops_buf_putc(out, ' ');
		if (o) {
			bops_text_put_short(out, o->str, 40);
			bops_buf_puts(out, " -> ");
		}
		bops_text_put_short(out, n->str, 40);
		return;
	}
	if (n->type == BOPS_NODE_SEQ && n->n && keyed(n) && (o == NULL ||
	    (o->type == BOPS_NODE_SEQ && keyed(o)))) {
		describe_keyed(out, o, n);
		return;
	}
	if (n->type == BOPS_NODE_SEQ && (o == NULL ||
	    o->type == BOPS_NODE_SEQ)) {
		struct bops_nodeset os = BOPS_NODESET_INIT;
		struct bops_nodeset ns = BOPS_NODESET_INIT;
		bool scalars = true;

		bops_nodeset_of(&os, o);
		bops_nodeset_of(&ns, n);
		for (i = 0; i < n->n; i++)
			scalars &= n->items[i]->type == BOPS_NODE_SCALAR;
		for (i = 0; o && i < o->n; i++)
			scalars &= o->items[i]->type == BOPS_NODE_SCALAR;
		for (i = 0; i < n->n; i++)
			if (!bops_nodeset_has(&os, n->items[i])) {
				added++;
				if (scalars) {
					bops_buf_puts(out, " +");
					bops_text_put_short(out,
					    n->items[i]->str, 30);
				}
			}
		for (i = 0; o && i < o->n; i++)
			if (!bops_nodeset_has(&ns, o->items[i])) {
				removed++;
				if (scalars) {
					bops_buf_puts(out, " -");
					bops_text_put_short(out,
					    o->items[i]->str, 30);
				}
			}
		if (!scalars) {
			if (added)
				bops_buf_printf(out, " +%zu", added);
			if (removed)
				bops_buf_printf(out, " -%zu", removed);
		}
		if (added == 0 && removed == 0)
			bops_buf_puts(out, " reordered");
		bops_nodeset_release(&os);
		bops_nodeset_release(&ns);
		return;
	}
	bops_buf_puts(out, " changed");
}

#define SUMMARY_COLS 72

struct summary {
	struct bops_buf *out;
	size_t start;
	bool cut;
};

static void
summary_one(const char *field, const struct bops_node *old,
    const struct bops_node *new, void *arg)
{
	struct summary *s = arg;
	size_t before = s->out->len;

	if (strcmp(field, "updated") == 0 || s->cut)
		return;
	if (s->out->len > s->start)
		bops_buf_puts(s->out, ", ");
	bops_record_describe(s->out, field, old, new);
	if (bops_text_width(s->out->ptr + s->start) > SUMMARY_COLS &&
	    before > s->start) {
		bops_buf_truncate(s->out, before);
		bops_buf_puts(s->out, ", ...");
		s->cut = true;
	}
}

void
bops_record_summary(struct bops_buf *out, const struct bops_node *old,
    const struct bops_node *new)
{
	struct summary s = { out, out->len, false };

	bops_record_diff(old, new, summary_one, &s);
}
