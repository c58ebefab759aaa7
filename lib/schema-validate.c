/*
 * schema-validate.c: whole documents validated against a schema and made
 * canonical (fields in schema order, sets without repeats, unique keys),
 * stopping at the first problem or collecting them all.  Each scalar is
 * checked by schema-scalar.c.
 */
#include <stdlib.h>
#include <string.h>

#include "schema.h"
#include "schema-int.h"
#include "banned.h"

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
	err = bops_schema_at(v->path, line, col, msg.ptr);
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
	msg = bops_schema_check_scalar(&canon, &style, f, n->str, false,
	    &ctx, msgbuf, sizeof(msgbuf));
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
