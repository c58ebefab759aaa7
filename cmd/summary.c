/*
 * summary.c: the verbs every kind has that count: count, and summary
 * (records grouped by a field, with their counts and the sums of their
 * numbers).  Both see what list would list.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "out.h"
#include "banned.h"

const struct bops_error *
record_count(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_json w;
	size_t n;

	if ((err = out_opts_finish(ctx, &a->out)))
		return err;
	a->out.open_only = true;
	if ((err = gather_count(ctx, kind, a->argc, a->argv, &a->out, &n)))
		return err;
	if (a->out.json) {
		bops_json_init(&w, &b);
		bops_json_begin_object(&w, 0);
		bops_json_key(&w, "count");
		bops_json_int(&w, (int64_t)n);
		bops_json_end_object(&w);
		bops_json_release(&w);
	} else
		bops_buf_printf(&b, "%zu\n", n);
	out_write(&b);
	bops_buf_release(&b);
	return NULL;
}

/* A group of records: the value of the field they share, or NULL. */
struct group {
	const char *value;	/* borrowed from a record of the list */
	size_t count;
	double *sums;		/* one per summed field */
};

struct summary {
	const struct bops_field *by;
	const struct bops_field **num;	/* the number fields summed */
	size_t nnum;
	struct group *g;
	size_t n;
	struct bops_input_ctx ictx;
};

/* The field --by names: "tag" is "tags", as people say it. */
static const struct bops_error *
by_field(const struct bops_field **out, const struct bops_schema *s,
    const char *name)
{
	struct bops_buf plural = BOPS_BUF_INIT;

	*out = bops_schema_field(s, name);
	if (*out == NULL) {
		bops_buf_printf(&plural, "%ss", name);
		*out = bops_schema_field(s, plural.ptr);
		if (*out && (*out)->type != BOPS_TYPE_LIST)
			*out = NULL;
		bops_buf_release(&plural);
	}
	if (*out == NULL)
		return bops_error_fmt(BOPS_ERR_USAGE, "--by: %s",
		    bops_schema_unknown_field(s, name)->msg);
	switch ((*out)->type) {
	case BOPS_TYPE_RECORDS:
	case BOPS_TYPE_LOG:
	case BOPS_TYPE_MAP:
	case BOPS_TYPE_RAW:
	case BOPS_TYPE_TEXT:
		return bops_error_fmt(BOPS_ERR_USAGE, "--by: field '%s' does "
		    "not group records", (*out)->name);
	default:
		return NULL;
	}
}

static struct group *
group_of(struct summary *s, const char *value)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if ((value == NULL) == (s->g[i].value == NULL) &&
		    (value == NULL || strcmp(value, s->g[i].value) == 0))
			return &s->g[i];
	s->g = bops_realloc(s->g, (s->n + 1) * sizeof(*s->g));
	s->g[s->n].value = value;
	s->g[s->n].count = 0;
	s->g[s->n].sums = bops_calloc(s->nnum + 1, sizeof(double));
	return &s->g[s->n++];
}

static void
add_to(struct summary *s, struct group *g, const struct bops_record *rec)
{
	const char *v;
	size_t k;

	g->count++;
	for (k = 0; k < s->nnum; k++)
		if ((v = bops_record_str(rec, s->num[k]->name)))
			g->sums[k] += strtod(v, NULL);
}

/* Enums in the order their list gives, other values by their type;
 * records without one last. */
static int
group_cmp(const struct summary *s, const struct group *a,
    const struct group *b)
{
	long ra, rb;

	if (a->value == NULL || b->value == NULL)
		return (a->value == NULL) - (b->value == NULL);
	if (s->by->type == BOPS_TYPE_ENUM) {
		ra = bops_schema_enum_rank(s->by, a->value, s->ictx.lookup,
		    s->ictx.lookup_arg);
		rb = bops_schema_enum_rank(s->by, b->value, s->ictx.lookup,
		    s->ictx.lookup_arg);
		if (ra != rb)
			return ra < rb ? -1 : 1;
	}
	return bops_query_compare_values(s->by, a->value, b->value, &s->ictx);
}

static void
sort_groups(struct summary *s)
{
	size_t i, j;
	struct group t;

	/* A handful of groups: insertion sort keeps it plain. */
	for (i = 1; i < s->n; i++)
		for (j = i; j > 0 && group_cmp(s, &s->g[j - 1], &s->g[j]) > 0;
		    j--) {
			t = s->g[j];
			s->g[j] = s->g[j - 1];
			s->g[j - 1] = t;
		}
}

static void
put_sum(struct bops_buf *b, double v)
{
	bops_buf_printf(b, "%.10g", v);
}

static void
render_table(struct bops_ctx *ctx, struct summary *s, size_t total,
    const double *sums, struct bops_buf *out)
{
	const char **cells = bops_calloc(s->nnum + 2, sizeof(*cells));
	struct bops_buf *bufs = bops_calloc(s->nnum + 2, sizeof(*bufs));
	struct bops_table *t;
	size_t i, k;

	cells[0] = s->by->name;
	cells[1] = "count";
	for (k = 0; k < s->nnum; k++)
		cells[k + 2] = s->num[k]->name;
	t = bops_table_new(s->nnum + 2, cells);
	for (k = 1; k < s->nnum + 2; k++)
		bops_table_align(t, k, BOPS_ALIGN_RIGHT);
	for (i = 0; i <= s->n; i++) {
		bool last = i == s->n;

		for (k = 0; k < s->nnum + 2; k++)
			bops_buf_reset(&bufs[k]);
		bops_buf_puts(&bufs[0], last ? "total" : s->g[i].value ?
		    s->g[i].value : "-");
		bops_buf_printf(&bufs[1], "%zu", last ? total : s->g[i].count);
		for (k = 0; k < s->nnum; k++)
			put_sum(&bufs[k + 2], last ? sums[k] : s->g[i].sums[k]);
		for (k = 0; k < s->nnum + 2; k++)
			cells[k] = bufs[k].ptr;
		bops_table_add(t, cells);
	}
	bops_table_render(out, t, table_flags(ctx), ctx->width);
	bops_table_free(t);
	for (k = 0; k < s->nnum + 2; k++)
		bops_buf_release(&bufs[k]);
	free(bufs);
	free(cells);
}

/* One group, or the total (value NULL and total true), as JSON. */
static void
group_json(struct bops_json *w, const struct summary *s, const char *value,
    bool total, size_t count, const double *sums)
{
	size_t k;

	bops_json_begin_object(w, 0);
	if (!total) {
		bops_json_key(w, "value");
		if (value)
			bops_json_str(w, value);
		else
			bops_json_null(w);
	}
	bops_json_key(w, "count");
	bops_json_int(w, (int64_t)count);
	for (k = 0; k < s->nnum; k++) {
		bops_json_key(w, s->num[k]->name);
		bops_json_num(w, sums[k], 15);
	}
	bops_json_end_object(w);
}

static void
render_json(struct summary *s, size_t total, const double *sums,
    struct bops_buf *out)
{
	struct bops_json w;
	size_t i;

	bops_json_init(&w, out);
	bops_json_begin_object(&w, 0);
	bops_json_key(&w, "by");
	bops_json_str(&w, s->by->name);
	bops_json_key(&w, "groups");
	bops_json_begin_array(&w, BOPS_JSON_LINES);
	for (i = 0; i < s->n; i++)
		group_json(&w, s, s->g[i].value, false, s->g[i].count,
		    s->g[i].sums);
	bops_json_end_array(&w);
	bops_json_key(&w, "total");
	group_json(&w, s, NULL, true, total, sums);
	bops_json_end_object(&w);
	bops_json_release(&w);
}

const struct bops_error *
record_summary(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	const struct bops_schema *schema;
	struct out_list l = { NULL, 0, 0 };
	struct bops_buf b = BOPS_BUF_INIT;
	struct summary s;
	double *sums = NULL;
	size_t i, k;

	memset(&s, 0, sizeof(s));
	if ((err = out_opts_finish(ctx, &a->out)) ||
	    (err = bops_ws_schema(&schema, ctx->ws, kind)) ||
	    (err = by_field(&s.by, schema, a->by ? a->by : "status")))
		return err;
	bops_ws_input_ctx(ctx->ws, &s.ictx);
	/* The numbers people set are summed (a task's estimate). */
	s.num = bops_calloc(schema->n + 1, sizeof(*s.num));
	for (i = 0; i < schema->n; i++)
		if (schema->fields[i].type == BOPS_TYPE_NUMBER &&
		    !schema->fields[i].readonly)
			s.num[s.nnum++] = &schema->fields[i];
	a->out.open_only = true;
	if ((err = gather(ctx, kind, a->argc, a->argv, &a->out, "id", &l)))
		goto done;
	sums = bops_calloc(s.nnum + 1, sizeof(*sums));
	for (i = 0; i < l.n; i++) {
		const struct bops_node *v = bops_record_get(l.recs[i],
		    s.by->name);

		if (v && v->type == BOPS_NODE_SEQ && v->n)
			for (k = 0; k < v->n; k++)
				add_to(&s, group_of(&s, v->items[k]->str),
				    l.recs[i]);
		else
			add_to(&s, group_of(&s, v && v->type ==
			    BOPS_NODE_SCALAR ? v->str : NULL), l.recs[i]);
		for (k = 0; k < s.nnum; k++) {
			const char *n = bops_record_str(l.recs[i],
			    s.num[k]->name);

			if (n)
				sums[k] += strtod(n, NULL);
		}
	}
	sort_groups(&s);
	if (a->out.json)
		render_json(&s, l.n, sums, &b);
	else
		render_table(ctx, &s, l.n, sums, &b);
	out_write_color(&b);
done:
	for (i = 0; i < s.n; i++)
		free(s.g[i].sums);
	free(s.g);
	free(s.num);
	free(sums);
	out_list_release(&l);
	bops_buf_release(&b);
	return err;
}
