#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "query.h"
#include "text.h"
#include "banned.h"

enum op { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE, OP_MATCH, OP__COUNT };

static const char *op_names[OP__COUNT] = {
	"=", "!=", "<", "<=", ">", ">=", "~",
};

/* How the values of a field compare. */
enum domain {
	D_TEXT,		/* bytes: strings, text, refs, bools, x_* */
	D_INT,		/* int64: ints, dates, instants, durations */
	D_REAL,		/* numbers */
	D_RANK,		/* enums, by level (bops_schema_enum_level) */
	D_LIST,		/* a list of one-line strings */
	D_ID,		/* the record's id */
	D_NODE,		/* records, log, map, raw: only set or unset */
};

/* Enum values in rank order, resolved once per query. */
struct ranks {
	char **v;
	size_t n;
};

/* Which value of a record a filter or a sort key reads, and how. */
struct access {
	char *name;			/* key in the record's map */
	const struct bops_field *f;	/* NULL for id and x_* */
	enum bops_type type;
	enum domain dom;
	bool fold;			/* person fields ignore case */
	struct ranks ranks;
	const struct bops_input_ctx *ctx;
};

/*
 * A filter value, parsed once.  Integers are ranges [lo, hi): one value
 * wide, except an instant given as a date, which spans that day.
 */
struct value {
	char *text;		/* canonical text; NULL: "unset" */
	size_t len;
	int64_t lo, hi;
	double d;
	long rank;		/* enums: the level, greater is higher */
};

/* A record's value, parsed in place (no allocation). */
struct scalar {
	const char *s;
	int64_t i;
	double d;
	long rank;		/* enums: the level, greater is higher */
};

/*
 * What a filter answered for packed values seen before: direct-mapped
 * by a hash of the bytes, so a field with few values (a status, an
 * assignee) is decided once per value, not once per record.
 */
#define MEMO_SLOTS 256
#define MEMO_MAX 48
struct memo_slot {
	unsigned char len;	/* 0: empty; else the value's length + 1 */
	bool hit;
	unsigned char v[MEMO_MAX];
};

struct filter {
	struct access a;
	enum op op;
	struct value *v;
	size_t n;
	char *needle;		/* ~: the folded text */
	bool ascii;		/* the needle is ASCII */
	long slot;		/* its field among q->fields; -1: the id */
	struct memo_slot *memo;	/* made on first use */
};

struct sortkey {
	struct access a;
	bool desc;
	long slot;		/* its field among q->fields; -1: the id */
};

struct bops_query {
	char **fields;		/* what the filters read, for packed input */
	size_t nfields;
	struct bops_buf scratch;
	const struct bops_schema *schema;
	const struct bops_input_ctx *ctx;
	const char *me, *me_email;
	struct filter *filters;
	size_t nfilters;
	struct sortkey *keys;
	size_t nkeys;
};

/*
 * Text is matched folded (bops_text_fold: case folded, normal form C),
 * so the way it was typed, precomposed or decomposed, does not matter.
 */

static int
fold_cmp(const char *a, const char *b)
{
	return bops_text_fold_cmp(a, b);
}

/* Text order: folded, then bytes to break ties. */
static int
text_cmp(const char *a, const char *b)
{
	int c = fold_cmp(a, b);

	return c ? c : strcmp(a, b);
}

static bool
ascii_text(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

/* Whether ASCII text at p begins with the folded ASCII needle. */
static bool
ascii_prefix(const char *p, const char *needle)
{
	for (; *needle; p++, needle++)
		if ((*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p) != *needle)
			return false;
	return true;
}

static bool
fold_contains(const char *hay, const struct filter *fl)
{
	struct bops_buf folded = BOPS_BUF_INIT;
	const char *p;
	bool hit;

	if (ascii_text(hay)) {
		/* Folded ASCII is lower case: no copy needed. */
		if (!fl->ascii)
			return false;
		for (p = hay; *p; p++)
			if (ascii_prefix(p, fl->needle))
				return true;
		return *fl->needle == '\0';
	}
	bops_text_fold(&folded, hay);
	hit = strstr(folded.ptr, fl->needle) != NULL;
	bops_buf_release(&folded);
	return hit;
}

static char *
fold_text(const char *s, bool *ascii)
{
	struct bops_buf b = BOPS_BUF_INIT;

	bops_text_fold(&b, s);
	*ascii = ascii_text(b.ptr);
	return bops_buf_detach(&b);
}

/* Fields. */

static enum domain
domain_of(enum bops_type t)
{
	switch (t) {
	case BOPS_TYPE_ENUM:
		return D_RANK;
	case BOPS_TYPE_INT:
	case BOPS_TYPE_DATE:
	case BOPS_TYPE_INSTANT:
	case BOPS_TYPE_DURATION:
		return D_INT;
	case BOPS_TYPE_NUMBER:
		return D_REAL;
	case BOPS_TYPE_LIST:
		return D_LIST;
	case BOPS_TYPE_RECORDS:
	case BOPS_TYPE_LOG:
	case BOPS_TYPE_MAP:
	case BOPS_TYPE_RAW:
		return D_NODE;
	default:
		return D_TEXT;
	}
}

/* The type's name with an article, for messages. */
static const char *
type_phrase(enum bops_type t)
{
	static const char *phrases[] = {
		[BOPS_TYPE_STRING] = "a string",
		[BOPS_TYPE_TEXT] = "text",
		[BOPS_TYPE_ENUM] = "an enum",
		[BOPS_TYPE_INT] = "an int",
		[BOPS_TYPE_NUMBER] = "a number",
		[BOPS_TYPE_BOOL] = "a bool",
		[BOPS_TYPE_DATE] = "a date",
		[BOPS_TYPE_INSTANT] = "an instant",
		[BOPS_TYPE_DURATION] = "a duration",
		[BOPS_TYPE_REF] = "a ref",
		[BOPS_TYPE_LIST] = "a list",
		[BOPS_TYPE_RECORDS] = "a list of records",
		[BOPS_TYPE_LOG] = "a log",
		[BOPS_TYPE_MAP] = "a map",
		[BOPS_TYPE_RAW] = "raw data",
	};

	return (size_t)t < sizeof(phrases) / sizeof(phrases[0]) ?
	    phrases[t] : "this type";
}

static void
ranks_init(struct ranks *r, const struct bops_field *f,
    const struct bops_input_ctx *ctx)
{
	const struct bops_node *src = NULL;
	size_t i;

	if (f->values_from && ctx && ctx->lookup)
		src = ctx->lookup(f->values_from, ctx->lookup_arg);
	if (src && src->type == BOPS_NODE_SEQ) {
		r->v = bops_calloc(src->n, sizeof(*r->v));
		for (i = 0; i < src->n; i++)
			r->v[r->n++] = bops_strdup(src->items[i]->str);
		return;
	}
	/* As bops_schema_enum_rank: without its source, only the default. */
	r->v = bops_calloc(f->nvalues + 1, sizeof(*r->v));
	for (i = 0; i < f->nvalues; i++)
		r->v[r->n++] = bops_strdup(f->values[i]);
	if (f->values_from && f->def && r->n == 0)
		r->v[r->n++] = bops_strdup(f->def);
}

/* The level of enum value s (greater is higher), or -1. */
static long
rank_of(const struct access *a, const char *s)
{
	size_t i;

	if (a->ranks.v == NULL)
		return bops_schema_enum_level(a->f, s,
		    a->ctx ? a->ctx->lookup : NULL,
		    a->ctx ? a->ctx->lookup_arg : NULL);
	for (i = 0; i < a->ranks.n; i++)
		if (strcmp(a->ranks.v[i], s) == 0)
			return (long)(a->f->high_first ? a->ranks.n - 1 - i :
			    i);
	return -1;
}

static void
access_release(struct access *a)
{
	size_t i;

	for (i = 0; i < a->ranks.n; i++)
		free(a->ranks.v[i]);
	free(a->ranks.v);
	free(a->name);
	memset(a, 0, sizeof(*a));
}

static const struct bops_error *
access_init(struct access *a, const struct bops_query *q, const char *name)
{
	memset(a, 0, sizeof(*a));
	a->ctx = q->ctx;
	if (strcmp(name, "id") == 0) {
		a->type = BOPS_TYPE_STRING;
		a->dom = D_ID;
	} else if ((a->f = bops_schema_field(q->schema, name))) {
		a->type = a->f->type;
		a->dom = domain_of(a->type);
		a->fold = a->f->person;
		if (a->dom == D_RANK)
			ranks_init(&a->ranks, a->f, q->ctx);
	} else if (strncmp(name, "x_", 2) == 0) {
		a->type = BOPS_TYPE_TEXT;
		a->dom = D_TEXT;
	} else
		return bops_schema_unknown_field(q->schema, name);
	a->name = bops_strdup(name);
	return NULL;
}

/*
 * Parse a record's value s into x.  False when it does not parse (a
 * record that escaped validation): it then matches no ordering.
 */
static bool
parse_stored(struct scalar *x, const struct access *a, const char *s)
{
	int32_t day;
	char *end;

	x->s = s;
	switch (a->dom) {
	case D_INT:
		switch (a->type) {
		case BOPS_TYPE_DATE:
			if (bops_date_parse(&day, s))
				return false;
			x->i = day;
			return true;
		case BOPS_TYPE_INSTANT:
			return bops_instant_parse(&x->i, s) == NULL;
		case BOPS_TYPE_DURATION:
			return bops_duration_parse(&x->i, s) == NULL;
		default:
			errno = 0;
			x->i = strtoll(s, &end, 10);
			return *s && *end == '\0' && errno == 0;
		}
	case D_REAL:
		errno = 0;
		x->d = strtod(s, &end);
		return *s && *end == '\0' && errno == 0;
	case D_RANK:
		x->rank = rank_of(a, s);
		return true;
	default:
		return true;
	}
}

/*
 * How record value x compares with filter value v: <0, 0 (within v's
 * range, or an id v is a prefix of), >0.  eq: for = and != (enums then
 * compare by word, so a value outside the list still matches itself).
 */
static int
compare(const struct access *a, const struct scalar *x,
    const struct value *v, bool eq)
{
	switch (a->dom) {
	case D_INT:
		return x->i < v->lo ? -1 : x->i >= v->hi ? 1 : 0;
	case D_REAL:
		return (x->d > v->d) - (x->d < v->d);
	case D_RANK:
		if (eq)
			return strcmp(x->s, v->text);
		return (x->rank > v->rank) - (x->rank < v->rank);
	case D_ID:
		return strncmp(x->s, v->text, v->len);
	default:
		if (a->fold)
			return fold_cmp(x->s, v->text);
		/* text as typed: equal in any normal form, in case order */
		if (eq)
			return bops_text_nfc_equal(x->s, v->text) ? 0 :
			    strcmp(x->s, v->text);
		return text_cmp(x->s, v->text);
	}
}

/* Filters. */

/* The place of what a reads among q->fields (added when new); -1 for
 * the id, which is no field. */
static long
field_slot(struct bops_query *q, const struct access *a)
{
	size_t i;

	if (a->dom == D_ID)
		return -1;
	for (i = 0; i < q->nfields; i++)
		if (strcmp(q->fields[i], a->name) == 0)
			return (long)i;
	q->fields = bops_realloc(q->fields, (q->nfields + 1) *
	    sizeof(*q->fields));
	q->fields[q->nfields] = bops_strdup(a->name);
	return (long)q->nfields++;
}

static void
filter_release(struct filter *fl)
{
	size_t i;

	access_release(&fl->a);
	for (i = 0; i < fl->n; i++)
		free(fl->v[i].text);
	free(fl->v);
	free(fl->needle);
	free(fl->memo);
	memset(fl, 0, sizeof(*fl));
}

static bool
op_applies(const struct access *a, enum op op)
{
	bool ordering = op != OP_EQ && op != OP_NE && op != OP_MATCH;

	switch (a->dom) {
	case D_LIST:
		return !ordering;
	case D_INT:
		return op != OP_MATCH || a->type == BOPS_TYPE_DATE ||
		    a->type == BOPS_TYPE_INSTANT;
	case D_REAL:
		return op != OP_MATCH;
	case D_TEXT:
		return a->type != BOPS_TYPE_BOOL || !(ordering ||
		    op == OP_MATCH);
	default:
		return true;
	}
}

/* An instant typed as a date spans that day in the zone. */
static const struct bops_error *
instant_range(struct value *v, const struct access *a, const char *text,
    const struct bops_input_ctx *ctx)
{
	int32_t day;

	if (ctx == NULL || bops_instant_parse(&v->lo, text) == NULL) {
		/* exact: v->text is the canonical instant */
		if (bops_instant_parse(&v->lo, v->text))
			return bops_error_fmt(BOPS_ERR_USAGE,
			    "invalid instant '%s'", text);
		v->hi = v->lo + 1;
		return NULL;
	}
	if (bops_date_parse_relative(&day, text,
	    bops_date_local(ctx->now, ctx->tz), a->f && a->f->past ?
	    BOPS_DATE_PAST : BOPS_DATE_FUTURE))
		return bops_error_fmt(BOPS_ERR_USAGE, "invalid instant '%s'",
		    text);
	v->lo = bops_date_local_start(day, ctx->tz);
	v->hi = bops_date_local_start(day + 1, ctx->tz);
	return NULL;
}

/* Parse one filter value (a part of a comma list) for a into v. */
static const struct bops_error *
parse_value(struct value *v, const struct bops_query *q,
    const struct access *a, const char *text)
{
	const struct bops_error *err;
	struct bops_buf canon = BOPS_BUF_INIT;
	enum bops_scalar_style style;
	struct bops_field item;
	struct scalar x;
	char *p;

	memset(v, 0, sizeof(*v));
	if (*text == '\0')
		return NULL;
	if (a->f == NULL) {
		/* id and x_*: text as typed; ids are lower case */
		v->text = bops_strdup(text);
		v->len = strlen(text);
		for (p = v->text; a->dom == D_ID && *p; p++)
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
		return NULL;
	}
	if (a->f->person && strcmp(text, "me") == 0) {
		if (q->me == NULL)
			return bops_error_fmt(BOPS_ERR_NO_IDENTITY,
			    "field '%s': 'me' needs an identity", a->name);
		text = q->me;
	}
	/* A filter is no value to store: bounds do not apply. */
	item = *a->f;
	item.has_min = item.has_max = false;
	if (item.type == BOPS_TYPE_LIST)
		item.type = BOPS_TYPE_STRING;
	if ((err = bops_schema_input(&canon, &style, &item, text, q->ctx))) {
		bops_buf_release(&canon);
		return err;
	}
	v->len = canon.len;
	v->text = bops_buf_detach(&canon);
	if (a->type == BOPS_TYPE_INSTANT)
		return instant_range(v, a, text, q->ctx);
	if (!parse_stored(&x, a, v->text))
		return bops_error_fmt(BOPS_ERR_USAGE, "field '%s': bad value "
		    "'%s'", a->name, text);
	v->lo = x.i;
	v->hi = x.i + 1;
	v->d = x.d;
	v->rank = x.rank;
	return NULL;
}

/* Split value at commas into fl's values; an empty part means unset. */
static const struct bops_error *
parse_values(struct filter *fl, const struct bops_query *q,
    const char *value)
{
	const struct bops_error *err = NULL;
	struct bops_buf part = BOPS_BUF_INIT;
	const char *p, *end, *comma;
	size_t n = 1;

	for (p = value; (p = strchr(p, ',')); p++)
		n++;
	/* room for "me" as a name, an e-mail and both */
	fl->v = bops_calloc(3 * n, sizeof(*fl->v));
	for (p = value;; p = comma + 1) {
		comma = strchr(p, ',');
		end = comma ? comma : p + strlen(p);
		while (p < end && *p == ' ')
			p++;
		while (end > p && end[-1] == ' ')
			end--;
		bops_buf_reset(&part);
		bops_buf_put(&part, p, (size_t)(end - p));
		if (fl->a.f && fl->a.f->person && strcmp(part.ptr, "me") == 0 &&
		    q->me && q->me_email) {
			/* me is the name, the e-mail, or "Name <email>" */
			bops_buf_reset(&part);
			bops_buf_printf(&part, "%s <%s>", q->me, q->me_email);
			if ((err = parse_value(&fl->v[fl->n++], q, &fl->a,
			    q->me_email)) ||
			    (err = parse_value(&fl->v[fl->n++], q, &fl->a,
			    part.ptr)))
				break;
			bops_buf_reset(&part);
			bops_buf_puts(&part, "me");
		}
		/* counted first: a failed value may hold text to free */
		if ((err = parse_value(&fl->v[fl->n++], q, &fl->a,
		    part.ptr)) || comma == NULL)
			break;
	}
	bops_buf_release(&part);
	return err;
}

const struct bops_error *
bops_query_filter(struct bops_query *q, const char *expr)
{
	const struct bops_error *err = NULL;
	struct bops_buf field = BOPS_BUF_INIT, opname = BOPS_BUF_INIT;
	struct filter fl;
	const char *value;
	int op;

	memset(&fl, 0, sizeof(fl));
	op = OP__COUNT;
	if (bops_record_split(expr, &field, &opname, &value))
		for (op = 0; op < OP__COUNT; op++)
			if (strcmp(op_names[op], opname.ptr) == 0)
				break;
	if (op == OP__COUNT) {
		err = bops_error_fmt(BOPS_ERR_USAGE, "expected field=value, "
		    "field!=value, field<value or field~text, got '%s'", expr);
		goto done;
	}
	fl.op = (enum op)op;
	if ((err = access_init(&fl.a, q, field.ptr)))
		goto done;
	/* records, logs, maps: only whether they are set */
	if (fl.a.dom == D_NODE && ((op != OP_EQ && op != OP_NE) ||
	    *value != '\0')) {
		err = bops_error_fmt(BOPS_ERR_USAGE, "field '%s': only %s= and "
		    "%s!= apply to %s", fl.a.name, fl.a.name, fl.a.name,
		    type_phrase(fl.a.type));
		goto done;
	} else if (fl.a.dom != D_NODE && !op_applies(&fl.a, fl.op)) {
		err = bops_error_fmt(BOPS_ERR_USAGE, "field '%s': '%s' does "
		    "not apply to %s", fl.a.name, op_names[op],
		    type_phrase(fl.a.type));
		goto done;
	}
	if (op == OP_EQ || op == OP_NE)
		err = parse_values(&fl, q, value);
	else if (*value == '\0')
		err = bops_error_fmt(BOPS_ERR_USAGE, "field '%s': '%s' needs a "
		    "value", fl.a.name, op_names[op]);
	else if (op == OP_MATCH)
		fl.needle = fold_text(value, &fl.ascii);
	else {
		fl.v = bops_calloc(1, sizeof(*fl.v));
		fl.n = 1;
		err = parse_value(&fl.v[0], q, &fl.a, value);
	}
	if (err)
		goto done;
	fl.slot = field_slot(q, &fl.a);
	q->filters = bops_realloc(q->filters,
	    (q->nfilters + 1) * sizeof(*q->filters));
	q->filters[q->nfilters++] = fl;
	memset(&fl, 0, sizeof(fl));
done:
	filter_release(&fl);
	bops_buf_release(&field);
	bops_buf_release(&opname);
	return err;
}

/*
 * The values a record holds for a: *items and *n (one for a scalar, held
 * in *one; the items of a list).  False when the field is unset (absent
 * or empty).
 */
static bool
record_values(const struct bops_node *const **items, size_t *n,
    const char **id, const struct bops_node **one, const struct access *a,
    const struct bops_record *rec)
{
	const struct bops_node *node;

	*items = NULL;
	*n = 0;
	*id = NULL;
	if (a->dom == D_ID) {
		*id = rec->id;
		*n = 1;
		return true;
	}
	if ((node = bops_node_map_get(rec->root, a->name)) == NULL)
		return false;
	switch (node->type) {
	case BOPS_NODE_SCALAR:
		*one = node;
		*items = one;
		*n = 1;
		return node->len > 0;
	case BOPS_NODE_SEQ:
		*items = (const struct bops_node *const *)node->items;
		*n = a->dom == D_NODE ? 0 : node->n;
		return node->n > 0;
	default:
		return node->n > 0;
	}
}

static const char *
item_str(const struct bops_node *const *items, const char *id, size_t i)
{
	if (id)
		return id;
	return items[i]->type == BOPS_NODE_SCALAR ? items[i]->str : NULL;
}

static bool
match_filter(const struct filter *fl, const struct bops_record *rec)
{
	const struct bops_node *const *items, *one;
	const char *id, *s;
	struct scalar x;
	size_t n, i, j;
	bool hit = false;
	int c;

	if (!record_values(&items, &n, &id, &one, &fl->a, rec)) {
		for (j = 0; j < fl->n && !hit; j++)
			hit = fl->v[j].text == NULL;
		return fl->op == OP_EQ ? hit : fl->op == OP_NE ? !hit : false;
	}
	for (i = 0; i < n && !hit; i++) {
		if ((s = item_str(items, id, i)) == NULL)
			continue;
		if (fl->op == OP_MATCH) {
			hit = fold_contains(s, fl);
			continue;
		}
		if (!parse_stored(&x, &fl->a, s))
			continue;
		if (fl->op == OP_EQ || fl->op == OP_NE) {
			for (j = 0; j < fl->n && !hit; j++)
				hit = fl->v[j].text &&
				    compare(&fl->a, &x, &fl->v[j], true) == 0;
			continue;
		}
		if (fl->a.dom == D_RANK && x.rank < 0)
			continue;
		c = compare(&fl->a, &x, &fl->v[0], false);
		switch (fl->op) {
		case OP_LT:
			hit = c < 0;
			break;
		case OP_LE:
			hit = c <= 0;
			break;
		case OP_GT:
			hit = c > 0;
			break;
		default:
			hit = c >= 0;
			break;
		}
	}
	return fl->op == OP_NE ? !hit : hit;
}

bool
bops_query_match(const struct bops_query *q, const struct bops_record *rec)
{
	size_t i;

	for (i = 0; i < q->nfilters; i++)
		if (!match_filter(&q->filters[i], rec))
			return false;
	return true;
}

size_t
bops_query_nfields(const struct bops_query *q)
{
	return q->nfields;
}

const char *
bops_query_field(const struct bops_query *q, size_t i)
{
	return i < q->nfields ? q->fields[i] : NULL;
}

bool
bops_query_field_filtered(const struct bops_query *q, size_t i)
{
	size_t k;

	for (k = 0; k < q->nfilters; k++)
		if (q->filters[k].slot == (long)i)
			return true;
	return false;
}

/*
 * A record that holds just one field, built around a packed value
 * (NULL: absent) so that the code that reads whole records decides:
 * match_filter, sortval_read.  A scalar is read in place, its text
 * copied to text for its NUL; anything else is unpacked into
 * *unpacked, which the caller frees.  False when the value does not
 * unpack (a checked cache is never so).
 */
/* id into a record's id (ids are checked to fit). */
static void
copy_id(char out[BOPS_ID_MAX_LEN + 1], const char *id)
{
	size_t n = strnlen(id, BOPS_ID_MAX_LEN);

	memcpy(out, id, n);
	out[n] = '\0';
}

struct fake {
	struct bops_record rec;
	struct bops_node map, scalar, *items[1];
	char *keys[1];
};

static bool
fake_record(struct fake *f, const char *name, const char *id,
    const unsigned char *p, size_t len, struct bops_buf *text,
    struct bops_node **unpacked)
{
	const char *s;
	size_t slen, used;

	*unpacked = NULL;
	memset(&f->map, 0, sizeof(f->map));
	f->map.type = BOPS_NODE_MAP;
	f->map.str = (char *)"";
	f->rec.root = &f->map;
	copy_id(f->rec.id, id);
	if (p == NULL)
		return true;
	if (bops_node_packed_scalar(p, len, &s, &slen)) {
		bops_buf_put(text, s, slen);
		memset(&f->scalar, 0, sizeof(f->scalar));
		f->scalar.type = BOPS_NODE_SCALAR;
		f->scalar.str = text->ptr + text->len - slen;
		f->scalar.len = slen;
		f->items[0] = &f->scalar;
	} else if ((*unpacked = bops_node_unpack(p, len, &used)) != NULL)
		f->items[0] = *unpacked;
	else
		return false;
	f->keys[0] = (char *)name;
	f->map.keys = f->keys;
	f->map.items = f->items;
	f->map.n = f->map.alloc = 1;
	return true;
}

/* A filter on one packed value, as match_filter answers on a record
 * that holds just that field. */
static bool
match_value(struct bops_query *q, const struct filter *fl, const char *id,
    const unsigned char *p, size_t len)
{
	struct fake f;
	struct bops_node *item;
	bool hit;

	bops_buf_reset(&q->scratch);
	if (!fake_record(&f, fl->a.name, id, p, len, &q->scratch, &item))
		return false;
	hit = match_filter(fl, &f.rec);
	bops_node_free(item);
	return hit;
}

/* A slot for a value: its last eight bytes and length, mixed (a miss
 * only costs a new answer). */
static uint32_t
memo_hash(const unsigned char *p, size_t len)
{
	uint64_t w = 0;

	memcpy(&w, p + (len > 8 ? len - 8 : 0), len > 8 ? 8 : len);
	w = (w ^ len) * UINT64_C(0x9e3779b97f4a7c15);
	return (uint32_t)(w >> 40);
}

size_t
bops_query_nfilters(const struct bops_query *q)
{
	return q->nfilters;
}

long
bops_query_filter_field(const struct bops_query *q, size_t i)
{
	return i < q->nfilters ? q->filters[i].slot : -1;
}

bool
bops_query_match_packed_filter(struct bops_query *q, size_t i,
    const char *id, const unsigned char *p, size_t len)
{
	struct filter *fl = &q->filters[i];
	struct memo_slot *m;

	if (fl->slot < 0)
		return match_value(q, fl, id, NULL, 0);
	if (p == NULL)
		len = 0;
	/* absent is the empty value: length 0, slot marked 1 */
	if (len >= MEMO_MAX)
		return match_value(q, fl, id, p, len);
	if (fl->memo == NULL)
		fl->memo = bops_calloc(MEMO_SLOTS, sizeof(*fl->memo));
	m = &fl->memo[p ? memo_hash(p, len) % MEMO_SLOTS : 0];
	if (m->len != len + 1 || (len && memcmp(m->v, p, len))) {
		m->hit = match_value(q, fl, id, p, len);
		m->len = (unsigned char)(len + 1);
		if (len)
			memcpy(m->v, p, len);
	}
	return m->hit;
}

bool
bops_query_match_packed(struct bops_query *q, const char *id,
    const unsigned char *const *vals, const size_t *lens)
{
	long slot;
	size_t i;

	for (i = 0; i < q->nfilters; i++) {
		slot = q->filters[i].slot;
		if (!bops_query_match_packed_filter(q, i, id, slot < 0 ? NULL :
		    vals[slot], slot < 0 || vals[slot] == NULL ? 0 :
		    lens[slot]))
			return false;
	}
	return true;
}

/* Sorting. */

/* A record's value for a sort key, read once. */
struct sortval {
	const char *s;			/* the first value; NULL: unset */
	bool ok;			/* s parsed into x */
	struct scalar x;
	const struct bops_node *const *items;	/* lists: all items */
	size_t n;
};

static void
sortval_read(struct sortval *v, const struct access *a,
    const struct bops_record *rec)
{
	const struct bops_node *const *items, *one;
	const char *id;
	size_t n;

	memset(v, 0, sizeof(*v));
	if (!record_values(&items, &n, &id, &one, a, rec))
		return;
	if ((v->s = item_str(items, id, 0)) == NULL)
		v->s = "";
	v->ok = parse_stored(&v->x, a, v->s) &&
	    (a->dom != D_RANK || v->x.rank >= 0);
	if (items != &one && n > 1) {
		v->items = items;
		v->n = n;
	}
}

/* Compare two set values of a; unparsable values after the others. */
static int
compare_parsed(const struct access *a, const struct sortval *va,
    const struct sortval *vb)
{
	if (va->ok != vb->ok)
		return va->ok ? -1 : 1;
	if (!va->ok)
		return strcmp(va->s, vb->s);
	switch (a->dom) {
	case D_INT:
		return (va->x.i > vb->x.i) - (va->x.i < vb->x.i);
	case D_REAL:
		return (va->x.d > vb->x.d) - (va->x.d < vb->x.d);
	case D_RANK:
		return (va->x.rank > vb->x.rank) - (va->x.rank < vb->x.rank);
	default:
		/* text: case and normal form only break ties */
		return text_cmp(va->s, vb->s);
	}
}

static int
compare_scalars(const struct access *a, const char *sa, const char *sb)
{
	struct sortval va, vb;

	memset(&va, 0, sizeof(va));
	memset(&vb, 0, sizeof(vb));
	va.s = sa;
	vb.s = sb;
	va.ok = parse_stored(&va.x, a, sa) &&
	    (a->dom != D_RANK || va.x.rank >= 0);
	vb.ok = parse_stored(&vb.x, a, sb) &&
	    (a->dom != D_RANK || vb.x.rank >= 0);
	return compare_parsed(a, &va, &vb);
}

static int
compare_sortvals(const struct sortkey *k, const struct sortval *va,
    const struct sortval *vb)
{
	const char *sa, *sb;
	size_t na, nb, i;
	int c;

	if (va->s == NULL || vb->s == NULL)
		return (va->s == NULL) - (vb->s == NULL);
	c = compare_parsed(&k->a, va, vb);
	/* Lists compare item by item. */
	na = va->items ? va->n : 1;
	nb = vb->items ? vb->n : 1;
	for (i = 1; i < na && i < nb && c == 0; i++) {
		sa = item_str(va->items, NULL, i);
		sb = item_str(vb->items, NULL, i);
		if (sa && sb)
			c = compare_scalars(&k->a, sa, sb);
		else
			c = (sa == NULL) - (sb == NULL);
	}
	if (c == 0)
		c = (na > nb) - (na < nb);
	return k->desc ? -c : c;
}

int
bops_query_compare(const struct bops_query *q, const struct bops_record *a,
    const struct bops_record *b)
{
	struct sortval va, vb;
	size_t i;
	int c;

	for (i = 0; i < q->nkeys; i++) {
		sortval_read(&va, &q->keys[i].a, a);
		sortval_read(&vb, &q->keys[i].a, b);
		if ((c = compare_sortvals(&q->keys[i], &va, &vb)))
			return c;
	}
	return strcmp(a->id, b->id);
}

/* Records with their sort keys read once: no lookups while sorting. */
struct sortrow {
	struct bops_record *rec;
	struct sortval *v;
};

static int
compare_rows(const void *pa, const void *pb, void *arg)
{
	const struct bops_query *q = arg;
	const struct sortrow *a = pa, *b = pb;
	size_t i;
	int c;

	for (i = 0; i < q->nkeys; i++)
		if ((c = compare_sortvals(&q->keys[i], &a->v[i], &b->v[i])))
			return c;
	return strcmp(a->rec->id, b->rec->id);
}

void
bops_query_sort_records(const struct bops_query *q, struct bops_record **recs,
    size_t n)
{
	struct sortrow *rows;
	struct sortval *vals;
	size_t i, k;

	if (n < 2)
		return;
	rows = bops_calloc(n, sizeof(*rows));
	vals = bops_calloc(n * q->nkeys, sizeof(*vals));
	for (i = 0; i < n; i++) {
		rows[i].rec = recs[i];
		rows[i].v = vals + i * q->nkeys;
		for (k = 0; k < q->nkeys; k++)
			sortval_read(&rows[i].v[k], &q->keys[k].a, recs[i]);
	}
	qsort_r(rows, n, sizeof(*rows), compare_rows, (void *)q);
	for (i = 0; i < n; i++)
		recs[i] = rows[i].rec;
	free(vals);
	free(rows);
}

/*
 * The first k records by the sort order, from packed values: a heap of
 * the k best so far, its root the worst of them, so that a record that
 * cannot get in costs one comparison and nothing is decoded.  Each row
 * keeps its sort values' text (and any list it unpacked) itself.
 */
struct top_row {
	size_t index;
	char id[BOPS_ID_MAX_LEN + 1];
	size_t nread;			/* sort values read so far */
	const unsigned char *const *vals;	/* the offer's, while read */
	const size_t *lens;
	struct sortval *v;
	size_t *off;			/* v[i].s in text, or -1 */
	struct bops_node **lists;	/* unpacked values v[i] reads */
	struct bops_buf text;
};

/* First sort values met, by their packed bytes: a priority has a few. */
#define TOP_MEMO 8
struct top_memo {
	unsigned char *p;
	size_t len;
	struct top_row row;		/* its first sort value read */
};

struct bops_query_top {
	struct bops_query *q;
	size_t k, n;
	struct top_row *rows;		/* k in the heap, then a spare */
	struct top_memo memo[TOP_MEMO];
	size_t nmemo;
};

static void
row_clear(struct top_row *r, size_t nkeys)
{
	size_t i;

	for (i = 0; i < nkeys; i++) {
		bops_node_free(r->lists[i]);
		r->lists[i] = NULL;
	}
	bops_buf_reset(&r->text);
}

/* Start reading a record into row r: its sort values come key by key. */
static void
row_start(struct bops_query *q, struct top_row *r, size_t index,
    const char *id, const unsigned char *const *vals, const size_t *lens)
{
	row_clear(r, q->nkeys);
	r->index = index;
	r->nread = 0;
	r->vals = vals;
	r->lens = lens;
	copy_id(r->id, id);
}

/* Read r's sort values up to key i; false when a value does not unpack. */
static bool
row_read(struct bops_query *q, struct top_row *r, size_t i)
{
	struct fake f;
	const struct sortkey *key;
	size_t j, start;

	for (; r->nread <= i && r->nread < q->nkeys; r->nread++) {
		j = r->nread;
		key = &q->keys[j];
		start = r->text.len;
		if (!fake_record(&f, key->a.name, r->id, key->slot < 0 ? NULL :
		    r->vals[key->slot], key->slot < 0 ? 0 :
		    r->lens[key->slot], &r->text, &r->lists[j]))
			return false;
		sortval_read(&r->v[j], &key->a, &f.rec);
		r->off[j] = (size_t)-1;
		if (r->v[j].s == f.rec.id) {
			bops_buf_put(&r->text, r->id, strlen(r->id) + 1);
			r->off[j] = r->text.len - strlen(r->id) - 1;
		} else if (r->v[j].s && f.items[0] == &f.scalar) {
			bops_buf_putc(&r->text, '\0');
			r->off[j] = start;
		}
		/* The text may have moved: point into it again. */
		for (start = 0; start <= j; start++)
			if (r->off[start] != (size_t)-1)
				r->v[start].s = r->v[start].x.s = r->text.ptr +
				    r->off[start];
	}
	return true;
}

/* Order of two rows, reading their values only as far as needed. */
static int
row_cmp(struct bops_query *q, struct top_row *a, struct top_row *b)
{
	size_t i;
	int c;

	for (i = 0; i < q->nkeys; i++) {
		if (!row_read(q, a, i) || !row_read(q, b, i))
			return 0;
		if ((c = compare_sortvals(&q->keys[i], &a->v[i], &b->v[i])))
			return c;
	}
	return strcmp(a->id, b->id);
}

static void
row_swap(struct top_row *a, struct top_row *b)
{
	struct top_row t = *a;

	*a = *b;
	*b = t;
}

/* Restore the heap (the worst row at the root) below row i. */
static void
sift_down(struct bops_query_top *t, size_t i)
{
	size_t l, r, m;

	for (;;) {
		l = 2 * i + 1;
		r = l + 1;
		m = i;
		if (l < t->n && row_cmp(t->q, &t->rows[l], &t->rows[m]) > 0)
			m = l;
		if (r < t->n && row_cmp(t->q, &t->rows[r], &t->rows[m]) > 0)
			m = r;
		if (m == i)
			return;
		row_swap(&t->rows[i], &t->rows[m]);
		i = m;
	}
}

static void
row_init(struct bops_query *q, struct top_row *r)
{
	r->v = bops_calloc(q->nkeys + 1, sizeof(*r->v));
	r->off = bops_calloc(q->nkeys + 1, sizeof(*r->off));
	r->lists = bops_calloc(q->nkeys + 1, sizeof(*r->lists));
	bops_buf_init(&r->text);
}

static void
row_release(struct bops_query *q, struct top_row *r)
{
	row_clear(r, q->nkeys);
	free(r->v);
	free(r->off);
	free(r->lists);
	bops_buf_release(&r->text);
}

struct bops_query_top *
bops_query_top_new(struct bops_query *q, size_t k)
{
	struct bops_query_top *t = bops_calloc(1, sizeof(*t));
	size_t i;

	t->q = q;
	t->k = k;
	t->rows = bops_calloc(k + 1, sizeof(*t->rows));
	for (i = 0; i <= k; i++)
		row_init(q, &t->rows[i]);
	for (i = 0; i < TOP_MEMO; i++)
		row_init(q, &t->memo[i].row);
	return t;
}

void
bops_query_top_free(struct bops_query_top *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i <= t->k; i++)
		row_release(t->q, &t->rows[i]);
	for (i = 0; i < TOP_MEMO; i++) {
		row_release(t->q, &t->memo[i].row);
		free(t->memo[i].p);
	}
	free(t->rows);
	free(t);
}

/*
 * Whether an offer's first sort value is worse than the root's, so that
 * it cannot get in: read once for each packed value (a memo keyed by
 * its bytes), so that most offers of a big column are turned away
 * without a value read.  False when that cannot be told so cheaply (the
 * id, a value absent or a list, the memo full): the offer is then
 * compared as ever.  A scalar's sort value depends on its bytes alone.
 */
static bool
first_worse(struct bops_query_top *t, const char *id,
    const unsigned char *const *vals, const size_t *lens)
{
	const struct sortkey *key = &t->q->keys[0];
	const unsigned char *p;
	struct top_memo *m;
	size_t i, len;

	if (t->q->nkeys == 0 || key->slot < 0 || t->rows[0].nread == 0 ||
	    (p = vals[key->slot]) == NULL)
		return false;
	len = lens[key->slot];
	for (i = 0; i < t->nmemo; i++)
		if (t->memo[i].len == len && memcmp(t->memo[i].p, p, len) == 0)
			break;
	m = &t->memo[i];
	if (i == t->nmemo) {
		if (t->nmemo == TOP_MEMO)
			return false;
		row_start(t->q, &m->row, 0, id, vals, lens);
		if (!row_read(t->q, &m->row, 0) || m->row.lists[0] ||
		    m->row.v[0].items)
			return false;
		m->p = bops_malloc(len + 1);
		memcpy(m->p, p, len);
		m->len = len;
		t->nmemo++;
	}
	return compare_sortvals(key, &m->row.v[0], &t->rows[0].v[0]) > 0;
}

void
bops_query_top_offer(struct bops_query_top *t, size_t index, const char *id,
    const unsigned char *const *vals, const size_t *lens)
{
	struct top_row *spare = &t->rows[t->k];
	size_t i;

	if (t->k == 0 || (t->n == t->k && first_worse(t, id, vals, lens)))
		return;
	row_start(t->q, spare, index, id, vals, lens);
	if (t->n < t->k) {
		/* Kept rows have all their values: the offer's go. */
		(void)row_read(t->q, spare, t->q->nkeys);
		/* Room left: in at the bottom, then up to its place. */
		row_swap(&t->rows[t->n], spare);
		for (i = t->n++; i > 0 && row_cmp(t->q, &t->rows[i],
		    &t->rows[(i - 1) / 2]) > 0; i = (i - 1) / 2)
			row_swap(&t->rows[i], &t->rows[(i - 1) / 2]);
		return;
	}
	if (row_cmp(t->q, spare, &t->rows[0]) >= 0)
		return;
	(void)row_read(t->q, spare, t->q->nkeys);
	row_swap(&t->rows[0], spare);
	sift_down(t, 0);
}

static int
cmp_rows_q(const void *a, const void *b, void *q)
{
	return row_cmp(q, (struct top_row *)a, (struct top_row *)b);
}

size_t
bops_query_top_take(size_t *out, struct bops_query_top *t)
{
	size_t i;

	qsort_r(t->rows, t->n, sizeof(*t->rows), cmp_rows_q, t->q);
	for (i = 0; i < t->n; i++)
		out[i] = t->rows[i].index;
	return t->n;
}

int
bops_query_compare_values(const struct bops_field *f, const char *a,
    const char *b, const struct bops_input_ctx *ctx)
{
	struct access acc;

	if (a == NULL || b == NULL)
		return (a == NULL) - (b == NULL);
	memset(&acc, 0, sizeof(acc));
	acc.f = f;
	acc.type = f->type;
	acc.dom = domain_of(f->type);
	acc.fold = f->person;
	acc.ctx = ctx;
	return compare_scalars(&acc, a, b);
}

const struct bops_error *
bops_query_sort(struct bops_query *q, const char *spec)
{
	const struct bops_error *err = NULL;
	struct bops_buf name = BOPS_BUF_INIT;
	struct sortkey *keys = NULL;
	const char *p, *comma, *s;
	size_t n = 0, i;
	bool desc;

	for (p = spec;; p = comma + 1) {
		comma = strchr(p, ',');
		bops_buf_reset(&name);
		bops_buf_put(&name, p, comma ? (size_t)(comma - p) :
		    strlen(p));
		s = name.ptr;
		desc = *s == '-';
		if (*s == '-' || *s == '+')
			s++;
		if (*s == '\0') {
			err = bops_error_fmt(BOPS_ERR_USAGE, "expected a sort "
			    "order like status,-due, got '%s'", spec);
			break;
		}
		keys = bops_realloc(keys, (n + 1) * sizeof(*keys));
		if ((err = access_init(&keys[n].a, q, s)))
			break;
		keys[n].desc = desc;
		keys[n].slot = field_slot(q, &keys[n].a);
		if (keys[n++].a.dom == D_NODE) {
			err = bops_error_fmt(BOPS_ERR_USAGE,
			    "field '%s': cannot sort by %s", s,
			    type_phrase(keys[n - 1].a.type));
			break;
		}
		if (comma == NULL)
			break;
	}
	bops_buf_release(&name);
	if (err) {
		for (i = 0; i < n; i++)
			access_release(&keys[i].a);
		free(keys);
		return err;
	}
	for (i = 0; i < q->nkeys; i++)
		access_release(&q->keys[i].a);
	free(q->keys);
	q->keys = keys;
	q->nkeys = n;
	return NULL;
}

struct bops_query *
bops_query_new(const struct bops_schema *schema,
    const struct bops_input_ctx *ctx, const char *me, const char *me_email)
{
	struct bops_query *q = bops_calloc(1, sizeof(*q));

	bops_buf_init(&q->scratch);
	q->schema = schema;
	q->ctx = ctx;
	q->me = me;
	q->me_email = me_email;
	return q;
}

void
bops_query_free(struct bops_query *q)
{
	size_t i;

	if (q == NULL)
		return;
	for (i = 0; i < q->nfilters; i++)
		filter_release(&q->filters[i]);
	free(q->filters);
	for (i = 0; i < q->nfields; i++)
		free(q->fields[i]);
	free(q->fields);
	bops_buf_release(&q->scratch);
	for (i = 0; i < q->nkeys; i++)
		access_release(&q->keys[i].a);
	free(q->keys);
	free(q);
}
