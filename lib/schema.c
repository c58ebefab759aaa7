#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "id.h"
#include "schema.h"
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
/* 2^53 - 1: the largest whole number a double holds exactly. */
#define INT_SAFE 9007199254740991LL

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

/* Scalar checks shared by validation and user input. */

/*
 * An id, or ID/N (a key result), or ID/KEY for a field with a part (a
 * stage's slug: the syntax of an id).
 */
static bool
valid_ref(const char *s, bool part)
{
	size_t n = 0;

	if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return false;
	for (; *s && *s != '/'; s++, n++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		    *s == '-'))
			return false;
	if (n > 64)
		return false;
	if (*s == '\0')
		return true;
	if (part)
		return bops_id_valid(s + 1);
	if (!(*++s >= '1' && *s <= '9'))
		return false;
	for (; *s; s++)
		if (!(*s >= '0' && *s <= '9'))
			return false;
	return true;
}

/* Copy a message into msgbuf, cut between characters if it must be. */
static void
put_msg(char *msgbuf, size_t msglen, const char *msg)
{
	size_t keep = bops_text_fit(msg, strlen(msg), msglen - 4, true);

	memcpy(msgbuf, msg, keep);
	memcpy(msgbuf + keep, msg[keep] ? "..." : "", msg[keep] ? 4 : 1);
}

/* A whole number's digits, as "%lld" writes them. */
static void
format_int(struct bops_buf *out, long long ll)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	unsigned long long u = ll < 0 ? 0 - (unsigned long long)ll :
	    (unsigned long long)ll;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (ll < 0)
		*--p = '-';
	bops_buf_put(out, p, (size_t)(tmp + sizeof(tmp) - p));
}

static void
format_number(struct bops_buf *out, double d)
{
	char tmp[64];

	if (d == 0)
		d = 0;	/* no "-0" */
	/* A whole number of at most 15 digits is what "%.15g" writes. */
	if (d == floor(d) && fabs(d) < 1e15) {
		format_int(out, (long long)d);
		return;
	}
	snprintf(tmp, sizeof(tmp), "%.15g", d);
	bops_buf_puts(out, tmp);
}

/*
 * The checks of check_scalar, one family of types each, with its
 * arguments: on success the canonical form appended to out and NULL,
 * else a message (static or in msgbuf).
 */

/* A string (one line) or text, within its min and max characters. */
static const char *
check_text(struct bops_buf *out, enum bops_scalar_style *style,
    const struct bops_field *f, const char *text, char *msgbuf,
    size_t msglen)
{
	size_t len = strlen(text);

	if (f->type == BOPS_TYPE_STRING && memchr(text, '\n', len))
		return "must be one line";
	/*
	 * A character is at least a byte: the count is taken only when the
	 * length in bytes cannot answer.
	 */
	if (f->has_max && (double)len > f->max &&
	    (double)bops_text_chars(text) > f->max) {
		snprintf(msgbuf, msglen, "must be at most %.0f characters",
		    f->max);
		return msgbuf;
	}
	if (f->has_min && !(f->min <= 1 && len >= 1) &&
	    (double)bops_text_chars(text) < f->min) {
		snprintf(msgbuf, msglen, "must be at least %.0f characters",
		    f->min);
		return msgbuf;
	}
	*style = BOPS_SCALAR_TEXT;
	bops_buf_puts(out, text);
	return NULL;
}

/* One of an enum's values; as typed by a user, the value meant. */
static const char *
check_enum(struct bops_buf *out, const struct bops_field *f,
    const char *text, bool user, const struct bops_input_ctx *ctx,
    char *msgbuf, size_t msglen)
{
	struct bops_buf vals = BOPS_BUF_INIT;
	bops_schema_lookup_fn lookup = ctx ? ctx->lookup : NULL;
	void *arg = ctx ? ctx->lookup_arg : NULL;
	const char *found;

	if (bops_schema_enum_rank(f, text, lookup, arg) >= 0) {
		bops_buf_puts(out, text);
		return NULL;
	}
	if (user && (found = bops_schema_enum_find(f, text, lookup, arg))) {
		bops_buf_puts(out, found);
		return NULL;
	}
	bops_buf_putc(&vals, '\'');
	bops_text_put_cut(&vals, text, strlen(text), 60, "...");
	bops_buf_puts(&vals, "' is not one of: ");
	bops_schema_enum_join(&vals, f, lookup, arg);
	put_msg(msgbuf, msglen, vals.ptr);
	bops_buf_release(&vals);
	return msgbuf;
}

/* A whole number or a number, within the field's min and max. */
static const char *
check_number(struct bops_buf *out, const struct bops_field *f,
    const char *text, char *msgbuf, size_t msglen)
{
	char *end;
	long long ll = 0;
	double d;

	errno = 0;
	if (f->type == BOPS_TYPE_INT) {
		ll = strtoll(text, &end, 10);
		if (*text == '\0' || *end || errno || text[0] == ' ')
			return "must be a whole number";
		/* Exact as a double, so arithmetic on it cannot overflow. */
		if (ll > INT_SAFE || ll < -INT_SAFE)
			return "must be a whole number from -9007199254740991 "
			    "to 9007199254740991";
		d = (double)ll;
	} else {
		d = strtod(text, &end);
		if (*text == '\0' || *end || errno || !isfinite(d) ||
		    text[0] == ' ' || strpbrk(text, "xXpP"))
			return "must be a number";
	}
	if ((f->has_min && d < f->min) || (f->has_max && d > f->max)) {
		if (f->has_min && f->has_max)
			snprintf(msgbuf, msglen, "must be between %g and %g",
			    f->min, f->max);
		else if (f->has_min)
			snprintf(msgbuf, msglen, "must be at least %g", f->min);
		else
			snprintf(msgbuf, msglen, "must be at most %g", f->max);
		return msgbuf;
	}
	if (f->type == BOPS_TYPE_INT)
		format_int(out, ll);
	else
		format_number(out, d);
	return NULL;
}

/*
 * A date, an instant, a duration or a period; dates and instants typed
 * by a user may be relative (today, +3d, friday).
 */
static const char *
check_time(struct bops_buf *out, const struct bops_field *f,
    const char *text, bool user, const struct bops_input_ctx *ctx)
{
	enum bops_date_dir dir = f->past ? BOPS_DATE_PAST : BOPS_DATE_FUTURE;
	struct bops_period p;
	int32_t day;
	int64_t t;

	switch (f->type) {
	case BOPS_TYPE_DATE:
		if (user && ctx) {
			const struct bops_error *err;

			if ((err = bops_date_parse_relative(&day, text,
			    ctx->today, dir)) && strncmp(err->msg,
			    "ambiguous", 9) == 0)
				return "is an ambiguous date: write YYYY-MM-DD "
				    "(2026-12-24) or the month's name (dec 24, "
				    "24 dec); bops(7) lists every form";
			if (err)
				return "must be a date (YYYY-MM-DD, today, "
				    "+3d, friday, 2026-w48, eow...)";
		} else if (bops_date_parse(&day, text))
			return "must be a date YYYY-MM-DD";
		else {
			/* The one form bops_date_parse reads is canonical. */
			bops_buf_puts(out, text);
			return NULL;
		}
		bops_date_format(out, day);
		return NULL;
	case BOPS_TYPE_INSTANT:
		if (user && ctx) {
			if (bops_instant_parse_relative(&t, text, ctx->now,
			    ctx->tz, dir))
				return "must be an instant "
				    "YYYY-MM-DDTHH:MM:SSZ or a date";
		} else if (bops_instant_parse(&t, text))
			return "must be an instant YYYY-MM-DDTHH:MM:SSZ";
		else {
			/* Likewise for bops_instant_parse. */
			bops_buf_puts(out, text);
			return NULL;
		}
		bops_instant_format(out, t);
		return NULL;
	case BOPS_TYPE_DURATION:
		if (bops_duration_parse(&t, text))
			return "must be a duration (45m, 4h, 2d, 1w)";
		bops_duration_format(out, t);
		return NULL;
	default:
		if (bops_period_parse(&p, text, out))
			return "must be a period (2026-Q4, 2026-H1, 2026, "
			    "2026-11, 2026-w48 or FROM..TO)";
		return NULL;
	}
}

/*
 * An id (or OBJECTIVE/N, or ID/KEY for a field with a part), folded to
 * lower case.
 */
static const char *
check_ref(struct bops_buf *out, const struct bops_field *f, const char *text,
    char *msgbuf, size_t msglen)
{
	struct bops_buf low = BOPS_BUF_INIT;
	const char *p;
	bool ok;

	for (p = text; *p; p++)
		bops_buf_putc(&low, *p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' :
		    *p);
	ok = valid_ref(low.ptr, f->part != NULL);
	if (ok)
		bops_buf_puts(out, low.ptr);
	bops_buf_release(&low);
	if (ok)
		return NULL;
	if (f->part == NULL)
		return "must be an id (or OBJECTIVE/N)";
	snprintf(msgbuf, msglen, "must be an id, or ID/KEY naming one of its "
	    "%s", f->part);
	return msgbuf;
}

/*
 * Check one scalar `text` against field f; on success append the
 * canonical form to out.  Returns a message (static or in msgbuf) or NULL.
 */
static const char *
check_scalar(struct bops_buf *out, enum bops_scalar_style *style,
    const struct bops_field *f, const char *text, bool user,
    const struct bops_input_ctx *ctx, char *msgbuf, size_t msglen)
{
	*style = BOPS_SCALAR_RAW;
	switch (f->type) {
	case BOPS_TYPE_STRING:
	case BOPS_TYPE_TEXT:
		return check_text(out, style, f, text, msgbuf, msglen);
	case BOPS_TYPE_ENUM:
		return check_enum(out, f, text, user, ctx, msgbuf, msglen);
	case BOPS_TYPE_INT:
	case BOPS_TYPE_NUMBER:
		return check_number(out, f, text, msgbuf, msglen);
	case BOPS_TYPE_BOOL:
		if (strcmp(text, "true") && strcmp(text, "false"))
			return "must be true or false";
		bops_buf_puts(out, text);
		return NULL;
	case BOPS_TYPE_DATE:
	case BOPS_TYPE_INSTANT:
	case BOPS_TYPE_DURATION:
	case BOPS_TYPE_PERIOD:
		return check_time(out, f, text, user, ctx);
	case BOPS_TYPE_REF:
		return check_ref(out, f, text, msgbuf, msglen);
	default:
		return "is not a scalar field";
	}
}

const struct bops_error *
bops_schema_input(struct bops_buf *out, enum bops_scalar_style *style,
    const struct bops_field *f, const char *text,
    const struct bops_input_ctx *ctx)
{
	char msgbuf[512];
	const char *msg;
	size_t len = out->len;

	msg = check_scalar(out, style, f, text, true, ctx, msgbuf,
	    sizeof(msgbuf));
	if (msg == NULL)
		return NULL;
	bops_buf_truncate(out, len);
	return bops_error_fmt(BOPS_ERR_USAGE, "field '%s': %s", f->name, msg);
}

/* Validation of whole documents. */

/* A validation under way: bops_validate's fields, and the collector. */
struct run {
	const char *path;
	bops_schema_lookup_fn lookup;
	void *lookup_arg;
	struct bops_problems *all;	/* NULL: stop at the first problem */
};

static void
problems_put(struct bops_problems *p, unsigned line, unsigned col,
    const char *msg)
{
	if (p->n == p->alloc) {
		p->alloc = p->alloc ? p->alloc * 2 : 8;
		p->v = bops_realloc(p->v, p->alloc * sizeof(*p->v));
	}
	p->v[p->n].line = line;
	p->v[p->n].col = col;
	p->v[p->n++].msg = bops_strdup(msg);
}

void
bops_problems_add(struct bops_problems *p, const struct bops_error *err)
{
	problems_put(p, 0, 0, err->msg);
}

bool
bops_problems_keep(const struct bops_error **first,
    struct bops_problems *all, const struct bops_error *err)
{
	if (err == NULL)
		return false;
	if (*first == NULL)
		*first = err;
	if (all == NULL)
		return true;
	bops_problems_add(all, err);
	return false;
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

void
bops_problems_release(struct bops_problems *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->v[i].msg);
	free(p->v);
	p->v = NULL;
	p->n = p->alloc = 0;
}

static const struct bops_error *
bad(const struct run *v, unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * A problem at line:col: its error; or, when every problem is wanted,
 * NULL once it is kept, so that the caller goes on to the next thing.
 */
static const struct bops_error *
bad(const struct run *v, unsigned line, unsigned col, const char *fmt, ...)
{
	struct bops_buf msg = BOPS_BUF_INIT;
	const struct bops_error *err;
	va_list ap;

	va_start(ap, fmt);
	bops_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	err = at(v->path, line, col, "%s", msg.ptr);
	bops_buf_release(&msg);
	if (v->all == NULL)
		return err;
	problems_put(v->all, line, col, err->msg);
	return NULL;
}

/* How many problems were kept so far (0 when none are being kept). */
static size_t
problems_so_far(const struct run *v)
{
	return v->all ? v->all->n : 0;
}

static const struct bops_error *validate_map(const struct bops_schema *s,
    struct bops_node *map, const struct run *v);

static bool
is_empty(const struct bops_node *n)
{
	return (n->type == BOPS_NODE_SCALAR && n->len == 0) ||
	    (n->type != BOPS_NODE_SCALAR && n->n == 0);
}

static const struct bops_error *validate_value(const struct bops_field *f,
    struct bops_node *n, const struct run *v);

/*
 * Raw data keeps its text; a scalar that was plain in the file stays
 * plain when written back, so a rewrite is byte-identical.
 */
static void
raw_styles(struct bops_node *n)
{
	size_t i;

	if (n->type == BOPS_NODE_SCALAR) {
		if (n->line && !n->quoted)
			n->style = BOPS_SCALAR_RAW;
		return;
	}
	for (i = 0; i < n->n; i++)
		raw_styles(n->items[i]);
}

/* A map whose keys are names and whose values all have type f->of. */
static const struct bops_error *
validate_free_map(const struct bops_field *f, struct bops_node *n,
    const struct run *v)
{
	const struct bops_error *err;
	struct bops_field item;
	size_t i;
	const char *p;

	memset(&item, 0, sizeof(item));
	item.type = (enum bops_type)f->of;
	item.of = -1;
	/* The map's bounds are its values' (WIP limits are not negative). */
	item.has_min = f->has_min;
	item.min = f->min;
	item.has_max = f->has_max;
	item.max = f->max;
	for (i = 0; i < n->n; i++) {
		for (p = n->keys[i]; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') ||
			    (*p >= '0' && *p <= '9') || *p == '-' ||
			    *p == '_'))
				break;
		if (*p || n->keys[i][0] == '\0') {
			if ((err = bad(v, n->items[i]->key_line,
			    n->items[i]->key_col, "invalid name '%s' in '%s'",
			    n->keys[i], f->name)))
				return err;
			continue;
		}
		item.name = n->keys[i];
		if (is_empty(n->items[i]) && item.type != BOPS_TYPE_RAW) {
			if ((err = bad(v, n->items[i]->line,
			    n->items[i]->col, "'%s.%s' is empty", f->name,
			    n->keys[i])))
				return err;
			continue;
		}
		if ((err = validate_value(&item, n->items[i], v)))
			return err;
	}
	return NULL;
}

/*
 * A set: drop empty items and repeats, keep the order; in a list whose
 * items must be unique (board columns), a repeat is an error.  One pass
 * with a hash set and one compaction, so 50,000 tags cost 50,000 steps.
 */
static const struct bops_error *
dedup_list(const struct bops_field *f, struct bops_node *n,
    const struct run *v)
{
	struct bops_strset seen = BOPS_STRSET_INIT;
	const struct bops_error *err = NULL;
	size_t i, kept = 0, mark = problems_so_far(v);

	for (i = 0; i < n->n && err == NULL; i++) {
		struct bops_node *it = n->items[i];

		if (it->len && bops_strset_add(&seen, it->str, it->len))
			continue;
		if (it->len && f->unique)
			err = bad(v, it->line, it->col,
			    "'%s' lists '%s' twice", f->name, it->str);
	}
	/* An item's first time is where its set index equals kept. */
	for (i = 0; i < n->n && err == NULL && problems_so_far(v) == mark;
	    i++) {
		struct bops_node *it = n->items[i];

		if (it->len == 0 || bops_strset_find(&seen, it->str, it->len) <
		    kept) {
			bops_node_free(it);
			continue;
		}
		n->items[kept++] = it;
	}
	if (err == NULL && problems_so_far(v) == mark)
		n->n = kept;
	bops_strset_release(&seen);
	return err;
}

/* Sub-records with a key: no two share it. */
static const struct bops_error *
unique_keys(const struct bops_field *f, const struct bops_node *n,
    const struct run *v)
{
	const struct bops_error *err = NULL;
	struct bops_strset seen = BOPS_STRSET_INIT;
	size_t i;

	for (i = 0; i < n->n && err == NULL && f->sub->key; i++) {
		const struct bops_node *k = bops_node_map_get(n->items[i],
		    f->sub->key);

		if (k == NULL || k->type != BOPS_NODE_SCALAR ||
		    bops_strset_add(&seen, k->str, k->len))
			continue;
		err = bad(v, n->items[i]->line, n->items[i]->col,
		    "duplicate %s %s '%s'", f->name, f->sub->key, k->str);
	}
	bops_strset_release(&seen);
	return err;
}

/* A list of one-line strings, made a set. */
static const struct bops_error *
validate_list(const struct bops_field *f, struct bops_node *n,
    const struct run *v)
{
	const struct bops_error *err;
	size_t i, mark = problems_so_far(v);

	if (n->type != BOPS_NODE_SEQ)
		return bad(v, n->line, n->col, "'%s' must be a list", f->name);
	for (i = 0; i < n->n; i++) {
		struct bops_node *it = n->items[i];

		if (it->type != BOPS_NODE_SCALAR)
			err = bad(v, it->line, it->col,
			    "'%s' items must be scalars", f->name);
		else if (strchr(it->str, '\n'))
			err = bad(v, it->line, it->col,
			    "'%s' items must be one line", f->name);
		else {
			it->style = BOPS_SCALAR_TEXT;
			continue;
		}
		if (err)
			return err;
	}
	/* Only scalars can be told apart. */
	return problems_so_far(v) == mark ? dedup_list(f, n, v) : NULL;
}

/* Sub-records (records, log): each a map of f's sub-schema. */
static const struct bops_error *
validate_records(const struct bops_field *f, struct bops_node *n,
    const struct run *v)
{
	const struct bops_error *err;
	size_t i;
	bool maps = true;

	if (n->type != BOPS_NODE_SEQ)
		return bad(v, n->line, n->col, "'%s' must be a list", f->name);
	for (i = 0; i < n->n; i++) {
		if (n->items[i]->type != BOPS_NODE_MAP) {
			maps = false;
			err = bad(v, n->items[i]->line, n->items[i]->col,
			    "'%s' items must be mappings", f->name);
		} else
			err = validate_map(f->sub, n->items[i], v);
		if (err)
			return err;
	}
	return maps ? unique_keys(f, n, v) : NULL;
}

static const struct bops_error *
validate_value(const struct bops_field *f, struct bops_node *n,
    const struct run *v)
{
	const struct bops_error *err;
	struct bops_buf canon = BOPS_BUF_INIT;
	struct bops_input_ctx ctx = { 0 };
	enum bops_scalar_style style;
	char msgbuf[512];
	const char *msg;

	ctx.lookup = v->lookup;
	ctx.lookup_arg = v->lookup_arg;
	switch (f->type) {
	case BOPS_TYPE_LIST:
		return validate_list(f, n, v);
	case BOPS_TYPE_RECORDS:
	case BOPS_TYPE_LOG:
		return validate_records(f, n, v);
	case BOPS_TYPE_MAP:
		if (n->type != BOPS_NODE_MAP)
			return bad(v, n->line, n->col,
			    "'%s' must be a mapping", f->name);
		if (f->of < 0)
			return validate_map(f->sub, n, v);
		return validate_free_map(f, n, v);
	case BOPS_TYPE_RAW:
		raw_styles(n);
		return NULL;
	default:
		break;
	}
	if (n->type != BOPS_NODE_SCALAR)
		return bad(v, n->line, n->col, "'%s' must be a scalar",
		    f->name);
	msg = check_scalar(&canon, &style, f, n->str, false, &ctx, msgbuf,
	    sizeof(msgbuf));
	if (msg) {
		err = bad(v, n->line, n->col, "'%s' %s", f->name, msg);
		bops_buf_release(&canon);
		return err;
	}
	if (strcmp(canon.ptr, n->str))
		bops_node_set_str(n, canon.ptr, style);
	n->style = style;
	bops_buf_release(&canon);
	return NULL;
}

/*
 * Which fields stay: have[k] is the position of schema field k in map,
 * or SIZE_MAX when it is absent or empty (empty values go); a required
 * field that is missing gets its default, appended, or is an error.
 */
static const struct bops_error *
keep_fields(const struct bops_schema *s, struct bops_node *map,
    const long *field, size_t n, size_t *have, const struct run *v)
{
	const struct bops_error *err;
	size_t i, k;

	for (k = 0; k < s->n; k++)
		have[k] = SIZE_MAX;
	for (i = 0; i < n; i++)
		if (field[i] >= 0 && !(is_empty(map->items[i]) &&
		    s->fields[field[i]].type != BOPS_TYPE_MAP))
			have[field[i]] = i;
	for (k = 0; k < s->n; k++)
		if (have[k] == SIZE_MAX && s->fields[k].required &&
		    s->fields[k].def == NULL && (err = bad(v, map->line,
		    map->col, "missing required field '%s'",
		    s->fields[k].name)))
			return err;
	for (k = 0; k < s->n; k++) {
		const struct bops_field *f = &s->fields[k];

		/* (one without a default was reported above) */
		if (have[k] != SIZE_MAX || !f->required || f->def == NULL)
			continue;
		have[k] = map->n;
		bops_node_map_insert(map, map->n, f->name,
		    bops_node_new_scalar(f->def, f->type == BOPS_TYPE_STRING ||
		    f->type == BOPS_TYPE_TEXT ? BOPS_SCALAR_TEXT :
		    BOPS_SCALAR_RAW));
	}
	return NULL;
}

/*
 * Canonical order: schema fields in schema order.  An x_* field stays
 * where it was: after the schema field it followed (or first), so a
 * hand-placed note keeps its place through rewrites; one whose field
 * went moves to the end.  A counting sort by slot (0: first, k + 1:
 * after field k) keeps the x_* fields of one slot in their order.  The
 * first n entries of map are the file's, field[] their schema indexes.
 */
static void
put_in_order(const struct bops_schema *s, struct bops_node *map,
    const long *field, size_t n, const size_t *have)
{
	size_t *slot = bops_calloc(n + 1, sizeof(*slot));
	size_t *begin = bops_calloc(s->n + 2, sizeof(*begin));
	size_t *fill = bops_calloc(s->n + 2, sizeof(*fill));
	size_t *xs, *order, i, j, k, m = 0, last = 0, pred = SIZE_MAX;

	for (k = 0; k < s->n; k++)
		if (have[k] != SIZE_MAX)
			last = k + 1;
	for (i = 0; i < n; i++) {
		if (field[i] >= 0) {
			pred = (size_t)field[i];
			continue;
		}
		slot[i] = pred == SIZE_MAX ? 0 : have[pred] != SIZE_MAX ?
		    pred + 1 : last;
		begin[slot[i] + 1]++;
	}
	for (j = 1; j < s->n + 2; j++)
		begin[j] += begin[j - 1];
	xs = bops_calloc(begin[s->n + 1] + 1, sizeof(*xs));
	memcpy(fill, begin, (s->n + 2) * sizeof(*fill));
	for (i = 0; i < n; i++)
		if (field[i] < 0)
			xs[fill[slot[i]]++] = i;
	order = bops_calloc(map->n + 1, sizeof(*order));
	for (j = begin[0]; j < begin[1]; j++)
		order[m++] = xs[j];
	for (k = 0; k < s->n; k++) {
		if (have[k] == SIZE_MAX)
			continue;
		order[m++] = have[k];
		for (j = begin[k + 1]; j < begin[k + 2]; j++)
			order[m++] = xs[j];
	}
	bops_node_map_reorder(map, order, m);
	free(slot);
	free(begin);
	free(fill);
	free(xs);
	free(order);
}

static const struct bops_error *
validate_map(const struct bops_schema *s, struct bops_node *map,
    const struct run *v)
{
	const struct bops_error *err = NULL;
	size_t i, n = map->n;
	long *field = bops_calloc(n + 1, sizeof(*field));
	size_t *have = bops_calloc(s->n + 1, sizeof(*have));

	/* Unknown keys first: they are reported where they stand. */
	for (i = 0; i < n && err == NULL; i++) {
		field[i] = bops_schema_index(s, map->keys[i]);
		if (field[i] < 0 && strncmp(map->keys[i], "x_", 2))
			err = bad(v, map->items[i]->key_line,
			    map->items[i]->key_col, "unknown field '%s'",
			    map->keys[i]);
	}
	for (i = 0; i < n && err == NULL; i++) {
		const struct bops_field *f;

		if (field[i] < 0)
			continue;
		f = &s->fields[field[i]];
		if (is_empty(map->items[i]) && f->type != BOPS_TYPE_MAP)
			continue;
		err = validate_value(f, map->items[i], v);
	}
	if (err == NULL && (err = keep_fields(s, map, field, n, have, v)) ==
	    NULL)
		put_in_order(s, map, field, n, have);
	free(field);
	free(have);
	return err;
}

/* The first node deeper than BOPS_RECORD_MAX_DEPTH, or NULL. */
static const struct bops_node *
too_deep(const struct bops_node *n, unsigned depth)
{
	const struct bops_node *deep;
	size_t i;

	if (depth > BOPS_RECORD_MAX_DEPTH)
		return n;
	for (i = 0; i < n->n; i++)
		if ((deep = too_deep(n->items[i], depth + 1)))
			return deep;
	return NULL;
}

static const struct bops_error *
validate_doc(const struct bops_schema *s, struct bops_node *root,
    const struct run *v)
{
	const struct bops_node *deep = NULL;
	size_t i;

	if (root == NULL || root->type != BOPS_NODE_MAP)
		return bad(v, root ? root->line : 0,
		    root ? root->col : 0, "the document must be a mapping");
	if (s->upgrade)
		(void)s->upgrade(NULL, v->path, root);
	/* What a merge kept in conflicts may use the room left for it. */
	for (i = 0; i < root->n && deep == NULL; i++)
		if (strcmp(root->keys[i], "conflicts"))
			deep = too_deep(root->items[i], 2);
	if (deep)
		return bad(v, deep->line, deep->col, "nesting too deep "
		    "for a record (at most %d levels, so that a merge can "
		    "keep a conflict)", BOPS_RECORD_MAX_DEPTH);
	return validate_map(s, root, v);
}

const struct bops_error *
bops_schema_validate(const struct bops_schema *s, struct bops_node *root,
    const struct bops_validate *v)
{
	struct run r = { v->path, v->lookup, v->lookup_arg, NULL };

	return validate_doc(s, root, &r);
}

/* File order: line, then column, then the order they were found. */
static int
by_place(const void *pa, const void *pb)
{
	const struct bops_problem *a = *(const struct bops_problem *const *)pa;
	const struct bops_problem *b = *(const struct bops_problem *const *)pb;

	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	if (a->col != b->col)
		return a->col < b->col ? -1 : 1;
	return (a > b) - (a < b);
}

const struct bops_error *
bops_schema_validate_all(const struct bops_schema *s, struct bops_node *root,
    const struct bops_validate *v, struct bops_problems *all)
{
	struct run r = { v->path, v->lookup, v->lookup_arg, all };
	struct bops_problem **order, *sorted;
	size_t i, mark = all->n, n;

	(void)validate_doc(s, root, &r);
	if ((n = all->n - mark) == 0)
		return NULL;
	/* Unknown fields are looked for before values: put them in place. */
	order = bops_calloc(n, sizeof(*order));
	sorted = bops_calloc(n, sizeof(*sorted));
	for (i = 0; i < n; i++)
		order[i] = &all->v[mark + i];
	bops_qsort(order, n, sizeof(*order), by_place);
	for (i = 0; i < n; i++)
		sorted[i] = *order[i];
	memcpy(&all->v[mark], sorted, n * sizeof(*sorted));
	free(order);
	free(sorted);
	return bops_error_fmt(BOPS_ERR_INVALID, "%s", all->v[mark].msg);
}
