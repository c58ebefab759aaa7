/*
 * schema.c: a kind's schema loaded from its YAML (built in or a file),
 * its fields looked up by name, and their enum values.  A scalar is
 * checked and made canonical in schema-scalar.c, a whole document
 * validated in schema-validate.c; schema-int.h is what they share.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "schema-int.h"
#include "share.h"
#include "text.h"
#include "yaml.h"
#include "banned.h"

static const char *type_names[] = {
	[BOPS_TYPE_STRING] = "string",
	[BOPS_TYPE_TEXT] = "text",
	[BOPS_TYPE_ENUM] = "enum",
	[BOPS_TYPE_INT] = "int",
	[BOPS_TYPE_NUMBER] = "number",
	[BOPS_TYPE_BOOL] = "bool",
	[BOPS_TYPE_DATE] = "date",
	[BOPS_TYPE_INSTANT] = "instant",
	[BOPS_TYPE_DURATION] = "duration",
	[BOPS_TYPE_REF] = "ref",
	[BOPS_TYPE_LIST] = "list",
	[BOPS_TYPE_RECORDS] = "records",
	[BOPS_TYPE_LOG] = "log",
	[BOPS_TYPE_MAP] = "map",
	[BOPS_TYPE_RAW] = "raw",
	[BOPS_TYPE_PERIOD] = "period",
};

static const char *merge_names[] = {
	[BOPS_MERGE_SCALAR] = "scalar",
	[BOPS_MERGE_SET] = "set",
	[BOPS_MERGE_UNION] = "union",
	[BOPS_MERGE_BYID] = "byid",
	[BOPS_MERGE_TEXT] = "text",
	[BOPS_MERGE_LATEST] = "latest",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

const char *
bops_type_name(enum bops_type t)
{
	return (size_t)t < NELEM(type_names) ? type_names[t] : "unknown";
}

int
bops_type_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < NELEM(type_names); i++)
		if (strcmp(type_names[i], name) == 0)
			return (int)i;
	return -1;
}

static const struct bops_error *
at(const char *path, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* BOPS_ERR_INVALID "path:line:col: message". */
static const struct bops_error *
at(const char *path, unsigned line, unsigned col, const char *fmt, ...)
{
	const struct bops_error *err;
	struct bops_buf msg = BOPS_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	bops_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (line == 0)
		err = bops_error_fmt(BOPS_ERR_INVALID, "%s: %s", path,
		    msg.ptr);
	else
		err = bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: %s", path,
		    line, col, msg.ptr);
	bops_buf_release(&msg);
	return err;
}

const struct bops_error *
bops_schema_at(const char *path, unsigned line, unsigned col,
    const char *msg)
{
	return at(path, line, col, "%s", msg);
}

const struct bops_error *
bops_problem_at(const char *path, const struct bops_node *n,
    const char *fmt, ...)
{
	const struct bops_error *err;
	struct bops_buf msg = BOPS_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	bops_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	err = at(path, n ? n->line : 0, n ? n->col : 0, "%s", msg.ptr);
	bops_buf_release(&msg);
	return err;
}

static void
field_release(struct bops_field *f)
{
	size_t i;

	free(f->name);
	free(f->def);
	for (i = 0; i < f->nvalues; i++)
		free(f->values[i]);
	free(f->values);
	free(f->values_from);
	free(f->ref);
	free(f->part);
	free(f->follows);
	free(f->doc);
	bops_schema_free(f->sub);
}

void
bops_schema_free(struct bops_schema *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		field_release(&s->fields[i]);
	for (i = 0; i < s->nlist; i++)
		free(s->list[i]);
	free(s->list);
	free(s->fields);
	bops_hash_release(&s->index);
	free(s->kind);
	free(s->title);
	free(s->sort);
	free(s->key);
	free(s);
}

static bool
valid_field_name(const char *s)
{
	if (!(*s >= 'a' && *s <= 'z'))
		return false;
	for (s++; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '_'))
			return false;
	return true;
}

static enum bops_merge
default_merge(enum bops_type t)
{
	switch (t) {
	case BOPS_TYPE_LIST:
		return BOPS_MERGE_SET;
	case BOPS_TYPE_LOG:
		return BOPS_MERGE_UNION;
	case BOPS_TYPE_RECORDS:
	case BOPS_TYPE_MAP:
		return BOPS_MERGE_BYID;
	case BOPS_TYPE_TEXT:
		return BOPS_MERGE_TEXT;
	default:
		return BOPS_MERGE_SCALAR;
	}
}

static const struct bops_error *parse_fields(struct bops_schema *s,
    const char *path, const struct bops_node *fields, bool custom);

static const struct bops_error *
scalar_of(const char **out, const char *path, const struct bops_node *n,
    const char *what)
{
	*out = NULL;
	if (n->type != BOPS_NODE_SCALAR)
		return at(path, n->line, n->col, "'%s' must be a scalar",
		    what);
	*out = n->str;
	return NULL;
}

static const struct bops_error *
parse_number(double *out, const char *path, const struct bops_node *n,
    const char *what)
{
	char *end;

	if (n->type != BOPS_NODE_SCALAR || n->len == 0)
		return at(path, n->line, n->col, "'%s' must be a number",
		    what);
	errno = 0;
	*out = strtod(n->str, &end);
	if (*end || errno || !isfinite(*out))
		return at(path, n->line, n->col, "'%s' must be a number",
		    what);
	return NULL;
}

/*
 * A field's attribute k of what it is: type, required, readonly,
 * person, unique, default, values.  *known says whether k is one of
 * them.
 */
static const struct bops_error *
attr_value(struct bops_field *f, const char *path, const char *k,
    const struct bops_node *v, bool *known)
{
	const struct bops_error *err;
	const char *s;
	size_t j;
	int t;

	*known = true;
	if (strcmp(k, "type") == 0) {
		if ((err = scalar_of(&s, path, v, k)))
			return err;
		if ((t = bops_type_from_name(s)) < 0)
			return at(path, v->line, v->col,
			    "unknown type '%s'", s);
		f->type = (enum bops_type)t;
	} else if (strcmp(k, "required") == 0 ||
	    strcmp(k, "readonly") == 0 || strcmp(k, "person") == 0 ||
	    strcmp(k, "unique") == 0) {
		bool b;

		if ((err = scalar_of(&s, path, v, k)))
			return err;
		if (strcmp(s, "true") && strcmp(s, "false"))
			return at(path, v->line, v->col,
			    "'%s' must be true or false", k);
		b = strcmp(s, "true") == 0;
		if (strcmp(k, "required") == 0)
			f->required = b;
		else if (strcmp(k, "person") == 0)
			f->person = b;
		else if (strcmp(k, "unique") == 0)
			f->unique = b;
		else
			f->readonly = b;
	} else if (strcmp(k, "default") == 0) {
		if ((err = scalar_of(&s, path, v, k)))
			return err;
		f->def = bops_strdup(s);
	} else if (strcmp(k, "values") == 0) {
		if (v->type != BOPS_NODE_SEQ || v->n == 0)
			return at(path, v->line, v->col,
			    "'values' must be a list of words");
		f->values = bops_calloc(v->n, sizeof(*f->values));
		for (j = 0; j < v->n; j++) {
			if ((err = scalar_of(&s, path, v->items[j],
			    k)))
				return err;
			f->values[f->nvalues++] = bops_strdup(s);
		}
	} else
		*known = false;
	return NULL;
}

/*
 * A field's attribute k of what its values may be and how bops treats
 * them: order, values_from, min, max, ref, follows, relative, doc, auto,
 * merge, of.  *known says whether k is one of them.
 */
static const struct bops_error *
attr_rule(struct bops_field *f, const char *path, const char *k,
    const struct bops_node *v, bool *known)
{
	const struct bops_error *err;
	const char *s;
	size_t j;

	*known = true;
	if (strcmp(k, "order") == 0) {
		if ((err = scalar_of(&s, path, v, k)))
			return err;
		if (strcmp(s, "flow") && strcmp(s, "high-to-low"))
			return at(path, v->line, v->col,
			    "'order' must be flow or high-to-low");
		f->high_first = strcmp(s, "high-to-low") == 0;
	} else if (strcmp(k, "values_from") == 0) {
		if ((err = scalar_of(&s, path, v, k)))
			return err;
		f->values_from = bops_strdup(s);
	} else if (strcmp(k, "min") == 0) {
		if ((err = parse_number(&f->min, path, v, k)))
			return err;
		f->has_min = true;
	} else if (strcmp(k, "max") == 0) {
		if ((err = parse_number(&f->max, path, v, k)))
			return err;
		f->has_max = true;
	} else if (strcmp(k, "ref") == 0) {
		if ((err = scalar_of(&s, path, v, k)))
			return err;
		f->ref = bops_strdup(s);
	} else if (strcmp(k, "part") == 0) {
		if ((err = scalar_of(&s, path, v, k)))
			return err;
		f->part = bops_strdup(s);
	} else if (strcmp(k, "follows") == 0) {
		if ((err = scalar_of(&s, path, v, k)))
			return err;
		if (strchr(s, '.') == NULL)
			return at(path, v->line, v->col,
			    "'follows' wants LOG.FIELD");
		f->follows = bops_strdup(s);
	} else if (strcmp(k, "relative") == 0) {
		if ((err = scalar_of(&s, path, v, k)))
			return err;
		if (strcmp(s, "past") && strcmp(s, "future"))
			return at(path, v->line, v->col,
			    "'relative' must be past or future");
		f->past = strcmp(s, "past") == 0;
	} else if (strcmp(k, "doc") == 0) {
		if ((err = scalar_of(&s, path, v, k)))
			return err;
		f->doc = bops_strdup(s);
	} else if (strcmp(k, "auto") == 0) {
		if ((err = scalar_of(&s, path, v, k)))
			return err;
		if (strcmp(s, "created") == 0)
			f->autostamp = BOPS_AUTO_CREATED;
		else if (strcmp(s, "updated") == 0)
			f->autostamp = BOPS_AUTO_UPDATED;
		else
			return at(path, v->line, v->col,
			    "'auto' must be created or updated");
	} else if (strcmp(k, "merge") == 0) {
		if ((err = scalar_of(&s, path, v, k)))
			return err;
		for (j = 0; j < NELEM(merge_names); j++)
			if (strcmp(merge_names[j], s) == 0)
				break;
		if (j == NELEM(merge_names))
			return at(path, v->line, v->col,
			    "unknown merge policy '%s'", s);
		f->merge = (enum bops_merge)j;
	} else if (strcmp(k, "of") == 0) {
		if ((err = scalar_of(&s, path, v, k)))
			return err;
		if ((f->of = bops_type_from_name(s)) < 0 ||
		    f->of == BOPS_TYPE_RECORDS ||
		    f->of == BOPS_TYPE_LOG || f->of == BOPS_TYPE_MAP ||
		    f->of == BOPS_TYPE_ENUM || f->of == BOPS_TYPE_LIST)
			return at(path, v->line, v->col,
			    "'of' must name a scalar type or raw");
	} else
		*known = false;
	return NULL;
}

/*
 * The sub-records of a field of records, a log or a map: its fields and
 * its key.
 */
static const struct bops_error *
parse_sub(struct bops_field *f, const char *path, const char *name,
    const struct bops_node *spec, bool custom)
{
	const struct bops_error *err;
	const struct bops_node *sub = bops_node_map_get(spec, "fields");
	const char *s;

	if (sub == NULL || sub->type != BOPS_NODE_MAP)
		return at(path, spec->line, spec->col,
		    "field '%s' needs fields", name);
	f->sub = bops_calloc(1, sizeof(*f->sub));
	f->sub->kind = bops_strdup(name);
	if ((s = bops_node_map_str(spec, "key")))
		f->sub->key = bops_strdup(s);
	if ((err = parse_fields(f->sub, path, sub, custom)))
		return err;
	if (f->sub->key && bops_schema_field(f->sub, f->sub->key) == NULL)
		return at(path, spec->line, spec->col,
		    "key '%s' is not a field", f->sub->key);
	return NULL;
}

static const struct bops_error *
parse_field(struct bops_field *f, const char *path, const char *name,
    const struct bops_node *spec, bool custom)
{
	const struct bops_error *err = NULL;
	const struct bops_node *o;
	size_t i;
	bool known;

	f->name = bops_strdup(name);
	f->custom = custom;
	f->of = -1;
	if (spec->type != BOPS_NODE_MAP)
		return at(path, spec->line, spec->col,
		    "field '%s' must be a mapping", name);
	for (i = 0; i < spec->n; i++) {
		const char *k = spec->keys[i];
		const struct bops_node *v = spec->items[i];

		if ((err = attr_value(f, path, k, v, &known)))
			return err;
		if (!known && (err = attr_rule(f, path, k, v, &known)))
			return err;
		/* key and fields: below, once the type is known */
		if (!known && strcmp(k, "key") && strcmp(k, "fields"))
			return at(path, spec->key_line ? v->key_line : v->line,
			    v->key_col, "unknown schema attribute '%s'", k);
	}
	if (bops_node_map_get(spec, "merge") == NULL)
		f->merge = default_merge(f->type);
	if ((o = bops_node_map_get(spec, "order")) &&
	    f->type != BOPS_TYPE_ENUM)
		return at(path, o->key_line, o->key_col,
		    "'order' applies to enum fields only");
	if (f->type == BOPS_TYPE_ENUM && f->nvalues == 0 &&
	    f->values_from == NULL)
		return at(path, spec->line, spec->col,
		    "enum field '%s' needs values or values_from", name);
	if (f->type == BOPS_TYPE_MAP && f->of >= 0)
		return NULL;
	if (f->type == BOPS_TYPE_RECORDS || f->type == BOPS_TYPE_LOG ||
	    f->type == BOPS_TYPE_MAP)
		return parse_sub(f, path, name, spec, custom);
	return NULL;
}

static const struct bops_error *
parse_fields(struct bops_schema *s, const char *path,
    const struct bops_node *fields, bool custom)
{
	const struct bops_error *err;
	size_t i;

	if (fields->type != BOPS_NODE_MAP)
		return at(path, fields->line, fields->col,
		    "'fields' must be a mapping");
	s->fields = bops_realloc(s->fields,
	    (s->n + fields->n) * sizeof(*s->fields));
	for (i = 0; i < fields->n; i++) {
		const struct bops_node *v = fields->items[i];
		struct bops_field *f = &s->fields[s->n];

		if (!valid_field_name(fields->keys[i]))
			return at(path, v->key_line, v->key_col,
			    "invalid field name '%s'", fields->keys[i]);
		if (bops_schema_field(s, fields->keys[i]))
			return at(path, v->key_line, v->key_col,
			    "field '%s' is already defined",
			    fields->keys[i]);
		memset(f, 0, sizeof(*f));
		s->n++;
		bops_hash_add(&s->index, bops_hash(fields->keys[i],
		    strlen(fields->keys[i])), s->n - 1);
		if ((err = parse_field(f, path, fields->keys[i], v, custom)))
			return err;
	}
	return NULL;
}

const struct bops_error *
bops_schema_parse(struct bops_schema **out, const char *path,
    const struct bops_node *doc)
{
	const struct bops_error *err = NULL;
	struct bops_schema *s;
	const struct bops_node *fields, *list;
	const char *str;
	size_t i;

	*out = NULL;
	s = bops_calloc(1, sizeof(*s));
	if ((str = bops_node_map_str(doc, "kind")) == NULL) {
		err = at(path, 1, 1, "schema has no 'kind'");
		goto done;
	}
	s->kind = bops_strdup(str);
	if ((str = bops_node_map_str(doc, "title")))
		s->title = bops_strdup(str);
	if ((str = bops_node_map_str(doc, "sort")))
		s->sort = bops_strdup(str);
	if ((fields = bops_node_map_get(doc, "fields")) == NULL) {
		err = at(path, 1, 1, "schema has no 'fields'");
		goto done;
	}
	if ((err = parse_fields(s, path, fields, false)))
		goto done;
	if ((list = bops_node_map_get(doc, "list")) &&
	    list->type == BOPS_NODE_SEQ) {
		s->list = bops_calloc(list->n, sizeof(*s->list));
		for (i = 0; i < list->n; i++) {
			str = list->items[i]->str;
			if (strcmp(str, "id") && !bops_schema_field(s, str)) {
				err = at(path, list->items[i]->line,
				    list->items[i]->col,
				    "list column '%s' is not a field", str);
				goto done;
			}
			s->list[s->nlist++] = bops_strdup(str);
		}
	}
	if (s->title && bops_schema_field(s, s->title) == NULL)
		err = at(path, 1, 1, "title field '%s' is not a field",
		    s->title);
done:
	if (err) {
		bops_schema_free(s);
		return err;
	}
	*out = s;
	return NULL;
}

const struct bops_error *
bops_schema_builtin(struct bops_schema **out, const char *name)
{
	const struct bops_error *err;
	struct bops_node *doc = NULL;
	char path[128];
	const char *data;
	size_t len;

	*out = NULL;
	snprintf(path, sizeof(path), "schemas/%s.yaml", name);
	if ((data = bops_share_get(path, &len)) == NULL)
		return bops_error_fmt(BOPS_ERR_ENV, "no schema for '%s'",
		    name);
	if ((err = bops_yaml_load(&doc, path, data, len)) == NULL)
		err = bops_schema_parse(out, path, doc);
	bops_node_free(doc);
	doc = NULL;
	/* Every record kind, and the config, can hold the conflicts a
	 * merge recorded. */
	if (err == NULL && strcmp(name, "conflicts") &&
	    bops_schema_field(*out, "conflicts") == NULL) {
		data = bops_share_get("schemas/conflicts.yaml", &len);
		if (data && (err = bops_yaml_load(&doc,
		    "schemas/conflicts.yaml", data, len)) == NULL)
			err = parse_fields(*out, "schemas/conflicts.yaml",
			    bops_node_map_get(doc, "fields"), false);
		bops_node_free(doc);
		if (err) {
			bops_schema_free(*out);
			*out = NULL;
		}
	}
	return err;
}

struct field_probe {
	const struct bops_schema *s;
	const char *name;
};

static bool
same_field(size_t i, const void *arg)
{
	const struct field_probe *p = arg;

	return strcmp(p->s->fields[i].name, p->name) == 0;
}

long
bops_schema_index(const struct bops_schema *s, const char *name)
{
	struct field_probe probe = { s, name };
	size_t i;

	if (s == NULL)
		return -1;
	if (s->n < 16) {
		for (i = 0; i < s->n; i++)
			if (strcmp(s->fields[i].name, name) == 0)
				return (long)i;
		return -1;
	}
	i = bops_hash_find(&s->index, bops_hash(name, strlen(name)),
	    same_field, &probe);
	return i == BOPS_HASH_NONE ? -1 : (long)i;
}

const struct bops_field *
bops_schema_field(const struct bops_schema *s, const char *name)
{
	long i = bops_schema_index(s, name);

	return i < 0 ? NULL : &s->fields[i];
}

const struct bops_error *
bops_schema_add_custom(struct bops_schema *s, const char *path,
    const struct bops_node *custom)
{
	size_t i;

	if (custom->type != BOPS_NODE_MAP)
		return at(path, custom->line, custom->col,
		    "custom fields must be a mapping");
	for (i = 0; i < custom->n; i++)
		if (bops_schema_field(s, custom->keys[i]))
			return at(path, custom->items[i]->key_line,
			    custom->items[i]->key_col,
			    "custom field '%s' clashes with a field of %s",
			    custom->keys[i], s->kind);
	return parse_fields(s, path, custom, true);
}

/* Enum values. */

static const struct bops_node *
enum_source(const struct bops_field *f, bops_schema_lookup_fn lookup,
    void *arg)
{
	const struct bops_node *n;

	if (f->values_from == NULL || lookup == NULL)
		return NULL;
	n = lookup(f->values_from, arg);
	return n && n->type == BOPS_NODE_SEQ ? n : NULL;
}

long
bops_schema_enum_rank(const struct bops_field *f, const char *value,
    bops_schema_lookup_fn lookup, void *arg)
{
	const struct bops_node *src = enum_source(f, lookup, arg);
	size_t i;

	if (src) {
		for (i = 0; i < src->n; i++)
			if (strcmp(src->items[i]->str, value) == 0)
				return (long)i;
		return -1;
	}
	for (i = 0; i < f->nvalues; i++)
		if (strcmp(f->values[i], value) == 0)
			return (long)i;
	if (f->values_from && f->def && strcmp(f->def, value) == 0)
		return 0;
	return -1;
}

long
bops_schema_enum_level(const struct bops_field *f, const char *value,
    bops_schema_lookup_fn lookup, void *arg)
{
	const struct bops_node *src = enum_source(f, lookup, arg);
	long rank = bops_schema_enum_rank(f, value, lookup, arg);
	size_t n;

	if (rank < 0 || !f->high_first)
		return rank;
	/* Without its source, the default alone is a value. */
	n = src ? src->n : (size_t)rank < f->nvalues ? f->nvalues : 1;
	return (long)n - 1 - rank;
}

const struct bops_error *
bops_schema_unknown_field(const struct bops_schema *s, const char *name)
{
	const struct bops_error *err;
	struct bops_text_suggest sug;
	struct bops_buf msg = BOPS_BUF_INIT;
	size_t i;

	bops_text_suggest_init(&sug, name);
	for (i = 0; i < s->n; i++)
		bops_text_suggest_add(&sug, s->fields[i].name);
	bops_buf_printf(&msg, "unknown field '%s' for %s", name, s->kind);
	bops_text_suggest_put(&msg, &sug);
	err = bops_error_fmt(BOPS_ERR_USAGE, "%s", msg.ptr);
	bops_buf_release(&msg);
	return err;
}

const char *
bops_schema_enum_find(const struct bops_field *f, const char *text,
    bops_schema_lookup_fn lookup, void *arg)
{
	const struct bops_node *src = enum_source(f, lookup, arg);
	size_t i, n = src ? src->n : f->nvalues;
	long rank;

	if ((rank = bops_schema_enum_rank(f, text, lookup, arg)) >= 0)
		return src ? src->items[rank]->str : rank < (long)f->nvalues ?
		    f->values[rank] : f->def;
	for (i = 0; i < n; i++)
		if (bops_text_fold_cmp(src ? src->items[i]->str :
		    f->values[i], text) == 0)
			return src ? src->items[i]->str : f->values[i];
	if (src == NULL && f->values_from && f->def &&
	    bops_text_fold_cmp(f->def, text) == 0)
		return f->def;
	return NULL;
}

void
bops_schema_enum_join(struct bops_buf *out, const struct bops_field *f,
    bops_schema_lookup_fn lookup, void *arg)
{
	const struct bops_node *src = enum_source(f, lookup, arg);
	size_t i, n = src ? src->n : f->nvalues;

	for (i = 0; i < n; i++) {
		if (i)
			bops_buf_puts(out, ", ");
		bops_buf_puts(out, src ? src->items[i]->str : f->values[i]);
	}
}
