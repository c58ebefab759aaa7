/*
 * experiment.c: `bops sprint experiment`: one product told as messages
 * sent to destinations, a variant for each pair, their reach and
 * conversions recorded, and the winner by a two-proportion z-test
 * (lib/sprint.h does the counting).
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "out.h"
#include "sprint.h"
#include "text.h"
#include "banned.h"

/*
 * An experiment has a variant per message and destination: at most
 * MAX_NAMES of each, so its record stays far from 1 MiB.
 */
#define MAX_NAMES 100

/* Split "a,b,c" into a list node of non-empty, '/'-free names. */
static const struct bops_error *
name_list(const char *what, const char *text, struct bops_node **out)
{
	struct bops_node *seq = bops_node_new_seq();
	const char *p, *comma;
	struct bops_buf item = BOPS_BUF_INIT;

	*out = NULL;
	for (p = text; *p; p = comma ? comma + 1 : p + strlen(p)) {
		comma = strchr(p, ',');
		bops_buf_reset(&item);
		bops_buf_put(&item, p, comma ? (size_t)(comma - p) : strlen(p));
		if (item.len == 0 || strchr(item.ptr, '/')) {
			bops_node_free(seq);
			bops_buf_release(&item);
			return bops_error_fmt(BOPS_ERR_USAGE, "%s: want a "
			    "comma list of names without '/', got '%s'", what,
			    text);
		}
		if (seq->n == MAX_NAMES) {
			bops_node_free(seq);
			bops_buf_release(&item);
			return bops_error_fmt(BOPS_ERR_USAGE, "%s: at most %d "
			    "names", what, MAX_NAMES);
		}
		bops_node_seq_append(seq, bops_node_new_scalar(item.ptr,
		    BOPS_SCALAR_TEXT));
	}
	bops_buf_release(&item);
	if (seq->n == 0) {
		bops_node_free(seq);
		return bops_error_fmt(BOPS_ERR_USAGE, "%s: want a comma list "
		    "of names without '/', got '%s'", what, text);
	}
	*out = seq;
	return NULL;
}

struct experiment {
	const char *name;
	const char *messages, *destinations;	/* add */
	const char *segment;	/* add: the segment's whole id, or NULL */
	const char *variant, *reach, *conversions; /* result */
	struct bops_buf what;
};

static const struct bops_error *
apply_experiment_add(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	const struct bops_error *err;
	struct experiment *e = arg;
	struct bops_node *exps = bops_record_get(rec, "experiments");
	struct bops_node *exp, *msgs = NULL, *dests = NULL;

	(void)txn;
	(void)ctx;
	if (bops_node_seq_find(exps, "name", e->name))
		return bops_error_fmt(BOPS_ERR_REFUSED, "sprint '%s' already "
		    "has an experiment '%s'", rec->id, e->name);
	if ((err = name_list("messages", e->messages, &msgs)) ||
	    (err = name_list("destinations", e->destinations, &dests))) {
		bops_node_free(msgs);
		return err;
	}
	exp = bops_experiment_new(e->name, msgs, dests);
	if (e->segment)
		bops_node_map_set_str(exp, "segment", e->segment,
		    BOPS_SCALAR_TEXT);
	bops_buf_puts(&e->what, "experiment ");
	bops_text_put_quoted(&e->what, e->name, 30);
	bops_buf_printf(&e->what, " with %zu variants",
	    bops_node_map_get(exp, "variants")->n);
	if (exps == NULL) {
		exps = bops_node_new_seq();
		bops_node_map_set(rec->root, "experiments", exps);
	}
	bops_node_seq_append(exps, exp);
	return NULL;
}

static const struct bops_error *
count_arg(const char *name, const char *text, long *out)
{
	char *end;

	errno = 0;
	*out = strtol(text, &end, 10);
	if (*text == '\0' || *end || errno || *out < 0)
		return bops_error_fmt(BOPS_ERR_USAGE, "%s: want a count, got "
		    "'%s'", name, text);
	return NULL;
}

static const struct bops_error *
apply_experiment_result(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	struct experiment *e = arg;
	struct bops_node *exp, *v;

	(void)txn;
	(void)ctx;
	if ((exp = bops_node_seq_find(bops_record_get(rec, "experiments"),
	    "name", e->name)) == NULL)
		return bops_error_fmt(BOPS_ERR_NOT_FOUND, "sprint '%s' has no "
		    "experiment '%s'", rec->id, e->name);
	if ((v = bops_node_seq_find(bops_node_map_get(exp, "variants"), "id",
	    e->variant)) == NULL)
		return bops_error_fmt(BOPS_ERR_NOT_FOUND, "experiment '%s' has "
		    "no variant '%s' (variants are MESSAGE/DESTINATION)",
		    e->name, e->variant);
	bops_node_map_set_str(v, "reach", e->reach, BOPS_SCALAR_RAW);
	bops_node_map_set_str(v, "conversions", e->conversions,
	    BOPS_SCALAR_RAW);
	bops_buf_puts(&e->what, "experiment ");
	bops_text_put_quoted(&e->what, e->name, 30);
	bops_buf_printf(&e->what, " %s reach %s conversions %s", e->variant,
	    e->reach, e->conversions);
	return NULL;
}

/*
 * The ranked variants: reach and conversions are whole counts (int in
 * the schema, so at most 2^53 - 1: 17 digits write them whole; 0 when
 * not recorded yet), the test's values null for a variant that was not
 * compared.
 */
static void
experiment_json(struct bops_buf *b, const char *sprint, const char *name,
    const char *winner, const struct bops_variant *v, size_t nv)
{
	struct bops_json w;
	size_t i;

	bops_json_init(&w, b);
	bops_json_begin_object(&w, 0);
	bops_json_key(&w, "sprint");
	bops_json_str(&w, sprint);
	bops_json_key(&w, "name");
	bops_json_str(&w, name);
	bops_json_key(&w, "winner");
	bops_json_str(&w, winner);
	bops_json_key(&w, "variants");
	bops_json_begin_array(&w, BOPS_JSON_LINES);
	for (i = 0; i < nv; i++) {
		bops_json_begin_object(&w, 0);
		bops_json_key(&w, "rank");
		bops_json_int(&w, (int64_t)i + 1);
		bops_json_key(&w, "id");
		bops_json_str(&w, v[i].id);
		bops_json_key(&w, "reach");
		bops_json_num(&w, v[i].reach, 17);
		bops_json_key(&w, "conversions");
		bops_json_num(&w, v[i].conv, 17);
		bops_json_key(&w, "rate");
		bops_json_num(&w, v[i].rate, 6);
		bops_json_key(&w, "z");
		if (v[i].tested)
			bops_json_fixed(&w, v[i].z, 4);
		else
			bops_json_null(&w);
		bops_json_key(&w, "p");
		bops_json_num(&w, v[i].tested ? v[i].p : NAN, 6);
		bops_json_key(&w, "p_adjusted");
		bops_json_num(&w, v[i].tested ? v[i].p_adj : NAN, 6);
		bops_json_key(&w, "significant");
		if (v[i].tested)
			bops_json_bool(&w, v[i].significant);
		else
			bops_json_null(&w);
		bops_json_end_object(&w);
	}
	bops_json_end_array(&w);
	bops_json_end_object(&w);
	bops_json_release(&w);
}

/* The ranked variants as a table, the winner's row in green, and why. */
static void
experiment_text(struct bops_buf *b, struct bops_ctx *ctx,
    const struct bops_variant *v, size_t nv, bool winner)
{
	static const char *hdr[8] = { "#", "variant", "reach", "conversions",
	    "rate", "z", "p", "p adj" };
	struct bops_table *t = bops_table_new(8, hdr);
	const char *cells[8];
	char c[8][32];
	size_t i, k, family = 0;

	for (k = 2; k < 8; k++)
		bops_table_align(t, k, BOPS_ALIGN_RIGHT);
	bops_table_align(t, 0, BOPS_ALIGN_RIGHT);
	for (i = 0; i < nv; i++) {
		family += v[i].compared;
		snprintf(c[0], sizeof(c[0]), "%zu", i + 1);
		/* Whole counts (int in the schema), every digit. */
		snprintf(c[2], sizeof(c[2]), "%.0f", v[i].reach);
		snprintf(c[3], sizeof(c[3]), "%.0f", v[i].conv);
		snprintf(c[4], sizeof(c[4]), "%.2f%%", v[i].rate * 100);
		c[5][0] = c[6][0] = c[7][0] = '\0';
		if (v[i].tested) {
			snprintf(c[5], sizeof(c[5]), "%.2f", v[i].z);
			snprintf(c[6], sizeof(c[6]), "%.4f", v[i].p);
			snprintf(c[7], sizeof(c[7]), "%.4f", v[i].p_adj);
		}
		for (k = 0; k < 8; k++)
			cells[k] = c[k];
		cells[1] = v[i].id;
		bops_table_add(t, cells);
		if (i == 0 && winner)
			bops_table_color_row(t, 0, "1;32");
	}
	bops_table_render(b, t, table_flags(ctx), ctx->width);
	bops_table_free(t);
	if (winner)
		bops_buf_printf(b, "winner: %s (better than every other "
		    "variant with results at 95%%, Holm-Bonferroni over %zu "
		    "comparison%s)\n", v[0].id, family, family == 1 ? "" :
		    "s");
	else
		bops_buf_printf(b, "no winner yet: the best is not better "
		    "than every other variant with results at 95%%, "
		    "Holm-Bonferroni over %zu comparison%s\n", family,
		    family == 1 ? "" : "s");
}

static const struct bops_error *
experiment_show(struct bops_ctx *ctx, const char *sprint, const char *name,
    bool json)
{
	const struct bops_error *err;
	struct bops_record *rec = NULL;
	struct bops_node *exp;
	struct bops_variant *v = NULL;
	struct bops_buf b = BOPS_BUF_INIT;
	size_t nv;
	bool winner;

	if ((err = bops_store_read(&rec, ctx->ws, bops_kind_find("sprint"), NULL,
	    sprint)))
		return err;
	if ((exp = bops_node_seq_find(bops_record_get(rec, "experiments"),
	    "name", name)) == NULL) {
		err = bops_error_fmt(BOPS_ERR_NOT_FOUND, "sprint '%s' has no "
		    "experiment '%s'", sprint, name);
		goto done;
	}
	nv = bops_experiment_variants(&v, exp);
	winner = bops_experiment_rank(v, nv);
	if (json)
		experiment_json(&b, sprint, name, winner ? v[0].id : NULL, v,
		    nv);
	else
		experiment_text(&b, ctx, v, nv, winner);
	out_write_color(&b);
done:
	free(v);
	bops_record_free(rec);
	bops_buf_release(&b);
	return err;
}

static const struct bops_error *
sprint_experiment_add(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err = NULL;
	struct experiment e;
	struct bops_buf id = BOPS_BUF_INIT, seg = BOPS_BUF_INIT;
	struct bops_node *m = NULL, *d = NULL;
	const char *segment = NULL;
	int i;

	memset(&e, 0, sizeof(e));
	bops_buf_init(&e.what);
	e.name = a->argv[2];
	for (i = 3; i < a->argc; i++)
		if (strncmp(a->argv[i], "messages=", 9) == 0)
			e.messages = a->argv[i] + 9;
		else if (strncmp(a->argv[i], "destinations=", 13) == 0)
			e.destinations = a->argv[i] + 13;
		else if (strncmp(a->argv[i], "segment=", 8) == 0)
			segment = a->argv[i] + 8;
		else
			return usage_error(a);
	if (!e.messages || !e.destinations)
		return usage_error(a);
	/* The segment it targets must be one (a prefix will do). */
	if (segment && (err = bops_store_resolve(&seg, ctx->ws,
	    bops_kind_find("segment"), NULL, segment)))
		return bops_error_wrap(err, "segment=%s", segment);
	e.segment = segment ? seg.ptr : NULL;
	/* Bad names are refused before the lock is taken. */
	if ((err = which_sprint(ctx, a->argv[1], &id)) == NULL &&
	    (err = name_list("messages", e.messages, &m)) == NULL &&
	    (err = name_list("destinations", e.destinations, &d)) == NULL)
		err = record_change(ctx, kind, id.ptr, apply_experiment_add,
		    &e, &e.what, NULL);
	bops_node_free(m);
	bops_node_free(d);
	bops_buf_release(&e.what);
	bops_buf_release(&id);
	bops_buf_release(&seg);
	return err;
}

static const struct bops_error *
sprint_experiment_result(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err = NULL;
	struct experiment e;
	struct bops_buf id = BOPS_BUF_INIT;
	long reach = 0, conv = 0;
	int i;

	memset(&e, 0, sizeof(e));
	bops_buf_init(&e.what);
	e.name = a->argv[2];
	e.variant = a->argv[3];
	for (i = 4; i < a->argc; i++)
		if (strncmp(a->argv[i], "reach=", 6) == 0)
			e.reach = a->argv[i] + 6;
		else if (strncmp(a->argv[i], "conversions=", 12) == 0)
			e.conversions = a->argv[i] + 12;
	if (!e.reach || !e.conversions)
		return usage_error(a);
	if ((err = which_sprint(ctx, a->argv[1], &id)) ||
	    (err = count_arg("reach", e.reach, &reach)) ||
	    (err = count_arg("conversions", e.conversions, &conv)))
		goto done;
	if (conv > reach) {
		err = bops_error_fmt(BOPS_ERR_USAGE, "conversions "
		    "(%ld) cannot exceed reach (%ld)", conv, reach);
		goto done;
	}
	err = record_change(ctx, kind, id.ptr, apply_experiment_result, &e,
	    &e.what, NULL);
done:
	bops_buf_release(&e.what);
	bops_buf_release(&id);
	return err;
}

static const struct bops_error *
sprint_experiment_show(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct bops_buf id = BOPS_BUF_INIT;

	(void)kind;
	if ((err = which_sprint(ctx, a->argv[1], &id)) == NULL)
		err = experiment_show(ctx, id.ptr, a->argv[2], a->out.json);
	bops_buf_release(&id);
	return err;
}

const struct bops_verb experiment_verbs[] = {
	VERB("add", sprint_experiment_add, "SPRINT NAME messages=A,B,... "
	    "destinations=X,Y,... [segment=SEGMENT]", 4, 5, NULL,
	    "add an experiment: a variant per message and destination"),
	VERB("result", sprint_experiment_result, "SPRINT NAME "
	    "MESSAGE/DESTINATION reach=N conversions=N", 5, 5, NULL,
	    "record the reach and conversions of one variant"),
	VERB("show", sprint_experiment_show, "SPRINT NAME", 2, 2,
	    OPTS(OPT_JSON),
	    "the variants by conversion rate, z-tested against the best"),
	VERBS_END,
};
