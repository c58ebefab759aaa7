#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "text.h"
#include "banned.h"

/* The largest whole number a double holds exactly, as schema.h says. */
#define INT_SAFE 9007199254740991LL

struct bops_json_level {
	char close;	/* '}' or ']' */
	bool lines;
	bool empty;
};

void
bops_json_init(struct bops_json *w, struct bops_buf *buf)
{
	w->out = buf;
	w->levels = NULL;
	w->depth = 0;
	w->alloc = 0;
}

void
bops_json_release(struct bops_json *w)
{
	free(w->levels);
	w->levels = NULL;
	w->depth = 0;
	w->alloc = 0;
}

static struct bops_json_level *
top(struct bops_json *w)
{
	return w->depth ? &w->levels[w->depth - 1] : NULL;
}

/* What goes between the items of a container, and before the first. */
static void
separate(struct bops_json *w, struct bops_json_level *l)
{
	if (!l->empty)
		bops_buf_putc(w->out, ',');
	if (l->lines)
		bops_buf_putc(w->out, '\n');
	l->empty = false;
}

/* In an object, the key has already separated the value. */
static void
before_value(struct bops_json *w)
{
	struct bops_json_level *l = top(w);

	if (l && l->close == ']')
		separate(w, l);
}

/* A document ends with its outermost value, and a newline. */
static void
after_value(struct bops_json *w)
{
	if (w->depth == 0)
		bops_buf_putc(w->out, '\n');
}

static void
begin(struct bops_json *w, char open, char close, unsigned flags)
{
	struct bops_json_level *l;

	before_value(w);
	bops_buf_putc(w->out, open);
	if (w->depth == w->alloc) {
		w->alloc = w->alloc ? 2 * w->alloc : 8;
		w->levels = bops_realloc(w->levels, w->alloc *
		    sizeof(*w->levels));
	}
	l = &w->levels[w->depth++];
	l->close = close;
	l->lines = flags & BOPS_JSON_LINES;
	l->empty = true;
}

static void
end(struct bops_json *w, char close)
{
	struct bops_json_level *l = top(w);

	if (l == NULL || l->close != close)
		return;
	if (l->lines && !l->empty)
		bops_buf_putc(w->out, '\n');
	bops_buf_putc(w->out, close);
	w->depth--;
	after_value(w);
}

void
bops_json_begin_object(struct bops_json *w, unsigned flags)
{
	begin(w, '{', '}', flags);
}

void
bops_json_end_object(struct bops_json *w)
{
	end(w, '}');
}

void
bops_json_begin_array(struct bops_json *w, unsigned flags)
{
	begin(w, '[', ']', flags);
}

void
bops_json_end_array(struct bops_json *w)
{
	end(w, ']');
}

/* The two-character escape for c, or 0 when it has none. */
static char
short_escape(unsigned char c)
{
	switch (c) {
	case '"':
		return '"';
	case '\\':
		return '\\';
	case '\n':
		return 'n';
	case '\t':
		return 't';
	case '\r':
		return 'r';
	case '\b':
		return 'b';
	case '\f':
		return 'f';
	default:
		return 0;
	}
}

/* C1 controls, and the bidi overrides and isolates (lib/out.h). */
static bool
escaped(uint32_t cp)
{
	return (cp >= 0x80 && cp < 0xa0) || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069);
}

static void
put_string(struct bops_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, len = strlen(s);
	uint32_t cp;
	char e;

	bops_buf_putc(out, '"');
	while (len > 0) {
		/* Plain ASCII runs go in one piece. */
		for (n = 0; n < len && p[n] >= 0x20 && p[n] < 0x7f &&
		    p[n] != '"' && p[n] != '\\'; n++)
			;
		if (n) {
			bops_buf_put(out, p, n);
			p += n;
			len -= n;
			continue;
		}
		if ((e = short_escape(*p))) {
			bops_buf_putc(out, '\\');
			bops_buf_putc(out, e);
			n = 1;
		} else if (*p < 0x80) {	/* the other controls and DEL */
			bops_buf_printf(out, "\\u%04x", *p);
			n = 1;
		} else if ((n = bops_text_decode((const char *)p, len, &cp))
		    == 0) {
			bops_buf_puts(out, "\\ufffd");
			n = 1;
		} else if (escaped(cp)) {
			bops_buf_printf(out, "\\u%04" PRIx32, cp);
		} else {
			bops_buf_put(out, p, n);
		}
		p += n;
		len -= n;
	}
	bops_buf_putc(out, '"');
}

void
bops_json_key(struct bops_json *w, const char *key)
{
	struct bops_json_level *l = top(w);

	if (l == NULL || l->close != '}')
		return;
	separate(w, l);
	put_string(w->out, key);
	bops_buf_putc(w->out, ':');
}

void
bops_json_str(struct bops_json *w, const char *s)
{
	if (s == NULL) {
		bops_json_null(w);
		return;
	}
	before_value(w);
	put_string(w->out, s);
	after_value(w);
}

/* A literal: null, true, false or a number already formatted. */
static void
literal(struct bops_json *w, const char *text)
{
	before_value(w);
	bops_buf_puts(w->out, text);
	after_value(w);
}

void
bops_json_null(struct bops_json *w)
{
	literal(w, "null");
}

void
bops_json_bool(struct bops_json *w, bool v)
{
	literal(w, v ? "true" : "false");
}

void
bops_json_int(struct bops_json *w, int64_t v)
{
	char tmp[32];

	snprintf(tmp, sizeof(tmp), "%" PRId64, v);
	literal(w, tmp);
}

void
bops_json_num(struct bops_json *w, double v, int digits)
{
	char tmp[64];

	if (!isfinite(v)) {
		bops_json_null(w);
		return;
	}
	if (v == 0)
		v = 0;	/* no "-0" */
	snprintf(tmp, sizeof(tmp), "%.*g", digits < 1 ? 1 : digits > 17 ?
	    17 : digits, v);
	literal(w, tmp);
}

/*
 * v with `decimals` digits after the point, without "-" when it rounds
 * to 0; with trim, no trailing zeros (nor a trailing point).
 */
static void
decimal(struct bops_json *w, double v, int decimals, bool trim)
{
	char *tmp, *end;
	const char *s;

	if (!isfinite(v)) {
		bops_json_null(w);
		return;
	}
	tmp = bops_asprintf("%.*f", decimals < 0 ? 0 : decimals > 17 ? 17 :
	    decimals, v);
	if (trim && strchr(tmp, '.')) {
		for (end = tmp + strlen(tmp); end[-1] == '0'; end--)
			;
		if (end[-1] == '.')
			end--;
		*end = '\0';
	}
	/* A negative that rounds to nothing is 0, not "-0.00". */
	s = tmp[0] == '-' && tmp[1 + strspn(tmp + 1, "0.")] == '\0' ?
	    tmp + 1 : tmp;
	literal(w, s);
	free(tmp);
}

void
bops_json_fixed(struct bops_json *w, double v, int decimals)
{
	decimal(w, v, decimals, false);
}

void
bops_json_round(struct bops_json *w, double v, int decimals)
{
	decimal(w, v, decimals, true);
}

/*
 * Whether text reads as a value of type int or number, as the schema
 * checks it (lib/schema.c check_scalar): *out is its value.
 */
static bool
read_int(const char *text, long long *out)
{
	char *end;

	if (*text == '\0' || isspace((unsigned char)*text))
		return false;
	errno = 0;
	*out = strtoll(text, &end, 10);
	return *end == '\0' && errno == 0 && *out <= INT_SAFE &&
	    *out >= -INT_SAFE;
}

static bool
read_number(const char *text, double *out)
{
	char *end;

	if (*text == '\0' || isspace((unsigned char)*text) ||
	    strpbrk(text, "xXpP"))
		return false;
	errno = 0;
	*out = strtod(text, &end);
	return *end == '\0' && errno == 0 && isfinite(*out);
}

void
bops_json_scalar(struct bops_json *w, const char *text, enum bops_type t)
{
	long long ll;
	double d;

	switch (t) {
	case BOPS_TYPE_INT:
		if (read_int(text, &ll)) {
			bops_json_int(w, ll);
			return;
		}
		break;
	case BOPS_TYPE_NUMBER:
		/* The form records store: 15 significant digits. */
		if (read_number(text, &d)) {
			bops_json_num(w, d, 15);
			return;
		}
		break;
	case BOPS_TYPE_BOOL:
		if (strcmp(text, "true") == 0 || strcmp(text, "false") == 0) {
			literal(w, text);
			return;
		}
		break;
	default:
		break;
	}
	bops_json_str(w, text);
}

static void map_json(struct bops_json *w, const struct bops_node *map,
    const struct bops_schema *s, const char *id, bool record);

/* A map of free keys whose values all have type f->of. */
static void
free_map_json(struct bops_json *w, const struct bops_node *map,
    const struct bops_field *f)
{
	struct bops_field item;
	size_t i;

	memset(&item, 0, sizeof(item));
	item.type = (enum bops_type)f->of;
	item.of = -1;
	bops_json_begin_object(w, 0);
	for (i = 0; i < map->n; i++) {
		bops_json_key(w, map->keys[i]);
		bops_json_node(w, map->items[i], &item);
	}
	bops_json_end_object(w);
}

void
bops_json_node(struct bops_json *w, const struct bops_node *n,
    const struct bops_field *f)
{
	bool records = f && f->sub && (f->type == BOPS_TYPE_RECORDS ||
	    f->type == BOPS_TYPE_LOG);
	size_t i;

	if (n == NULL) {
		bops_json_null(w);
		return;
	}
	switch (n->type) {
	case BOPS_NODE_SCALAR:
		bops_json_scalar(w, n->str, f ? f->type : BOPS_TYPE_STRING);
		return;
	case BOPS_NODE_SEQ:
		bops_json_begin_array(w, 0);
		for (i = 0; i < n->n; i++) {
			const struct bops_node *it = n->items[i];

			/* Sub-records take the sub-schema's types, a list's
			 * items are strings, anything else is untyped. */
			if (records && it->type == BOPS_NODE_MAP)
				map_json(w, it, f->sub, NULL, false);
			else
				bops_json_node(w, it, NULL);
		}
		bops_json_end_array(w);
		return;
	case BOPS_NODE_MAP:
		if (f && f->type == BOPS_TYPE_MAP && f->sub)
			map_json(w, n, f->sub, NULL, false);
		else if (f && f->type == BOPS_TYPE_MAP && f->of >= 0)
			free_map_json(w, n, f);
		else
			map_json(w, n, NULL, NULL, false);
		return;
	}
}

/*
 * The field a conflict's path names in schema s: a field of s, of a
 * map's sub-schema, a free map's value (in *tmp), or the sub-schema's
 * field after a records item's key, which may itself hold dots.  A path
 * that ends at an item's key names the item: a map of the sub-schema
 * (in *tmp).  NULL when the path names nothing the schema knows.
 */
static const struct bops_field *
path_field(const struct bops_schema *s, const char *path,
    struct bops_field *tmp)
{
	const struct bops_field *f, *found;
	const char *dot, *rest, *p;
	char name[128];
	size_t len;

	if (s == NULL)
		return NULL;
	if ((dot = strchr(path, '.')) == NULL)
		return bops_schema_field(s, path);
	len = (size_t)(dot - path);
	if (len >= sizeof(name))
		return NULL;
	memcpy(name, path, len);
	name[len] = '\0';
	if ((f = bops_schema_field(s, name)) == NULL)
		return NULL;
	rest = dot + 1;
	memset(tmp, 0, sizeof(*tmp));
	tmp->of = -1;
	if (f->type == BOPS_TYPE_MAP && f->sub)
		return path_field(f->sub, rest, tmp);
	if (f->type == BOPS_TYPE_MAP && f->of >= 0 && !strchr(rest, '.')) {
		tmp->type = (enum bops_type)f->of;
		return tmp;
	}
	if ((f->type != BOPS_TYPE_RECORDS && f->type != BOPS_TYPE_LOG) ||
	    f->sub == NULL)
		return NULL;
	for (p = strchr(rest, '.'); p; p = strchr(p + 1, '.'))
		if ((found = path_field(f->sub, p + 1, tmp)))
			return found;
	memset(tmp, 0, sizeof(*tmp));
	tmp->type = BOPS_TYPE_MAP;
	tmp->sub = f->sub;
	tmp->of = -1;
	return tmp;
}

void
bops_json_node_at(struct bops_json *w, const struct bops_node *n,
    const struct bops_schema *s, const char *path)
{
	struct bops_field tmp;

	bops_json_node(w, n, path ? path_field(s, path, &tmp) : NULL);
}

/* An entry's values: each with its value typed as the field. */
static void
values_json(struct bops_json *w, const struct bops_node *seq,
    const struct bops_field *f, const struct bops_schema *s,
    const char *path)
{
	size_t i, k;

	if (seq->type != BOPS_NODE_SEQ) {
		bops_json_node(w, seq, f);
		return;
	}
	bops_json_begin_array(w, 0);
	for (i = 0; i < seq->n; i++) {
		const struct bops_node *v = seq->items[i];

		if (v->type != BOPS_NODE_MAP) {
			bops_json_node(w, v, NULL);
			continue;
		}
		bops_json_begin_object(w, 0);
		for (k = 0; k < v->n; k++) {
			bops_json_key(w, v->keys[k]);
			if (strcmp(v->keys[k], "value") == 0)
				bops_json_node_at(w, v->items[k], s, path);
			else
				bops_json_node(w, v->items[k], f && f->sub ?
				    bops_schema_field(f->sub, v->keys[k]) :
				    NULL);
		}
		bops_json_end_object(w);
	}
	bops_json_end_array(w);
}

/*
 * A record's conflicts (schemas/conflicts.yaml): what the sub-schema
 * types, except that base and each value are typed by the field their
 * path names in the record's schema s.
 */
static void
conflicts_json(struct bops_json *w, const struct bops_node *list,
    const struct bops_field *f, const struct bops_schema *s)
{
	size_t i, k;

	if (list->type != BOPS_NODE_SEQ) {
		bops_json_node(w, list, f);
		return;
	}
	bops_json_begin_array(w, 0);
	for (i = 0; i < list->n; i++) {
		const struct bops_node *e = list->items[i];
		const char *path;

		if (e->type != BOPS_NODE_MAP) {
			bops_json_node(w, e, NULL);
			continue;
		}
		path = bops_node_map_str(e, "field");
		bops_json_begin_object(w, 0);
		for (k = 0; k < e->n; k++) {
			const struct bops_field *ef = bops_schema_field(f->sub,
			    e->keys[k]);

			bops_json_key(w, e->keys[k]);
			if (strcmp(e->keys[k], "base") == 0)
				bops_json_node_at(w, e->items[k], s, path);
			else if (strcmp(e->keys[k], "values") == 0)
				values_json(w, e->items[k], ef, s, path);
			else
				bops_json_node(w, e->items[k], ef);
		}
		bops_json_end_object(w);
	}
	bops_json_end_array(w);
}

static void
map_json(struct bops_json *w, const struct bops_node *map,
    const struct bops_schema *s, const char *id, bool record)
{
	size_t i;

	bops_json_begin_object(w, 0);
	if (id) {
		bops_json_key(w, "id");
		bops_json_str(w, id);
	}
	for (i = 0; i < map->n; i++) {
		const struct bops_field *f = s ? bops_schema_field(s,
		    map->keys[i]) : NULL;

		/* Keys are unique: a record's id is not one of its fields. */
		if (id && strcmp(map->keys[i], "id") == 0)
			continue;
		bops_json_key(w, map->keys[i]);
		if (record && f && f->type == BOPS_TYPE_LOG && f->sub &&
		    strcmp(f->name, "conflicts") == 0)
			conflicts_json(w, map->items[i], f, s);
		else
			bops_json_node(w, map->items[i], f);
	}
	bops_json_end_object(w);
}

void
bops_json_record(struct bops_json *w, const struct bops_node *map,
    const struct bops_schema *s, const char *id)
{
	if (map == NULL) {
		bops_json_null(w);
		return;
	}
	if (map->type != BOPS_NODE_MAP) {
		bops_json_node(w, map, NULL);
		return;
	}
	map_json(w, map, s, id, true);
}
