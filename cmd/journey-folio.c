/*
 * journey-folio.c: governance: approve, review and retire, journey show
 * with what governance says of it, and the portfolio of every journey:
 * owner, review, due, stage health.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "journey.h"
#include "journey-cmd.h"
#include "out.h"
#include "text.h"
#include "banned.h"

const struct bops_error *
journey_show(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct out_list l = { NULL, 0, 0 };
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	if ((err = out_opts_finish(ctx, &a->out)) ||
	    (err = show_load(&l, ctx, kind, journey_as_of(ctx), a)))
		return err;
	if (a->out.format != OUT_TABLE || a->out.fields) {
		err = show_records(ctx, &l, &a->out);
		goto done;
	}
	/* A table: each journey, then its governance. */
	for (i = 0; i < l.n && err == NULL; i++) {
		if (i)
			out_line("%s", "");
		if ((err = out_record(ctx, l.recs[i], &a->out)))
			break;
		bops_buf_reset(&b);
		journey_governance(&b, ctx, l.recs[i]);
		if (b.len) {
			out_line("%s", "");
			out_write(&b);
		}
	}
done:
	bops_buf_release(&b);
	out_list_release(&l);
	return err;
}

/* The stages whose metric meets its target, of those with a metric. */
static void
health(const struct bops_record *rec, size_t *on, size_t *with)
{
	const struct bops_node *stages = bops_record_get(rec, "stages");
	const struct bops_node *m;
	size_t i;

	*on = *with = 0;
	for (i = 0; stages && i < stages->n; i++) {
		if ((m = bops_node_map_get(stages->items[i], "metric")) ==
		    NULL)
			continue;
		(*with)++;
		if (bops_journey_metric_progress(m) >= 1)
			(*on)++;
	}
}

/* One journey of the portfolio: the governance that its row says. */
struct folio {
	const struct bops_record *rec;
	size_t stages, on, with;
	int64_t due, last;
	bool overdue, changed;
	struct bops_buf reviewed, due_day;
};

static void
folio_json(struct bops_json *w, const struct folio *f)
{
	const char *owner = bops_record_str(f->rec, "owner");

	bops_json_begin_object(w, 0);
	bops_json_key(w, "id");
	bops_json_str(w, f->rec->id);
	bops_json_key(w, "title");
	bops_json_str(w, bops_record_title(f->rec));
	bops_json_key(w, "status");
	bops_json_str(w, bops_record_str(f->rec, "status"));
	bops_json_key(w, "owner");
	if (owner)
		bops_json_str(w, owner);
	else
		bops_json_null(w);
	bops_json_key(w, "reviewed");
	if (f->last)
		bops_json_str(w, f->reviewed.ptr);
	else
		bops_json_null(w);
	bops_json_key(w, "due");
	if (f->due)
		bops_json_str(w, f->due_day.ptr);
	else
		bops_json_null(w);
	bops_json_key(w, "overdue");
	bops_json_bool(w, f->overdue);
	bops_json_key(w, "changed_since_approval");
	bops_json_bool(w, f->changed);
	bops_json_key(w, "stages");
	bops_json_int(w, (int64_t)f->stages);
	bops_json_key(w, "with_metric");
	bops_json_int(w, (int64_t)f->with);
	bops_json_key(w, "on_target");
	bops_json_int(w, (int64_t)f->on);
	bops_json_end_object(w);
}

static void
folio_row(struct bops_table *t, const struct folio *f)
{
	const char *owner = bops_record_str(f->rec, "owner");
	struct bops_buf n = BOPS_BUF_INIT, on = BOPS_BUF_INIT;
	struct bops_buf note = BOPS_BUF_INIT;
	const char *row[9];

	bops_buf_printf(&n, "%zu", f->stages);
	bops_buf_puts(&on, "");
	if (f->with)
		bops_buf_printf(&on, "%zu/%zu", f->on, f->with);
	bops_buf_puts(&note, f->overdue ? "review overdue" : "");
	if (f->changed)
		bops_buf_printf(&note, "%schanged since approval",
		    note.len ? ", " : "");
	row[0] = f->rec->id;
	row[1] = bops_record_str(f->rec, "status");
	row[2] = owner ? owner : "";
	row[3] = f->reviewed.ptr ? f->reviewed.ptr : "";
	row[4] = f->due_day.ptr ? f->due_day.ptr : "";
	row[5] = n.ptr;
	row[6] = on.ptr;
	row[7] = note.ptr;
	row[8] = bops_record_title(f->rec);
	bops_table_add(t, row);
	if (f->overdue)
		bops_table_color_row(t, bops_table_rows(t) - 1, "31");
	bops_buf_release(&n);
	bops_buf_release(&on);
	bops_buf_release(&note);
}

const struct bops_error *
journey_portfolio(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	static const char *const heads[] = { "ID", "STATUS", "OWNER",
	    "REVIEWED", "DUE", "STAGES", "ON TARGET", "NOTE", "TITLE" };
	const struct bops_error *err;
	struct out_list l = { NULL, 0, 0 };
	struct out_opts o = a->out;
	struct bops_table *t = bops_table_new(9, heads);
	struct bops_json w;
	struct bops_buf out = BOPS_BUF_INIT;
	struct folio f;
	size_t i;

	if ((err = out_opts_finish(ctx, &o)) ||
	    (o.json = false, err = gather(ctx, kind, 1, a->argv, &o, "id",
	    &l))) {
		bops_table_free(t);
		return err;
	}
	bops_json_init(&w, &out);
	if (a->out.json)
		bops_json_begin_array(&w, 0);
	for (i = 0; i < l.n; i++) {
		const struct bops_node *st = bops_record_get(l.recs[i],
		    "stages");

		memset(&f, 0, sizeof(f));
		f.rec = l.recs[i];
		f.stages = st ? st->n : 0;
		health(f.rec, &f.on, &f.with);
		f.due = bops_journey_review_due(f.rec->root);
		f.last = bops_journey_reviewed(f.rec->root);
		f.overdue = f.due && f.due <= ctx->ws->now;
		f.changed = bops_journey_changed(f.rec->root);
		bops_buf_init(&f.reviewed);
		bops_buf_init(&f.due_day);
		if (f.last)
			journey_put_day(&f.reviewed, ctx, f.last);
		if (f.due)
			journey_put_day(&f.due_day, ctx, f.due);
		if (a->out.json)
			folio_json(&w, &f);
		else
			folio_row(t, &f);
		bops_buf_release(&f.reviewed);
		bops_buf_release(&f.due_day);
	}
	if (a->out.json) {
		bops_json_end_array(&w);
		bops_buf_putc(&out, '\n');
		out_write(&out);
	} else if (l.n) {
		bops_table_align(t, 5, BOPS_ALIGN_RIGHT);
		bops_table_render(&out, t, table_flags(ctx), ctx->width);
		out_write_color(&out);
	}
	bops_table_free(t);
	bops_json_release(&w);
	bops_buf_release(&out);
	out_list_release(&l);
	return NULL;
}

/* approve, retire */

struct status {
	const char *status;
	struct bops_buf said;
};

static const struct bops_error *
apply_status(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	struct status *s = arg;

	(void)txn;
	/* Approving again: the rules stamp a new approval. */
	if (strcmp(s->status, "approved") == 0) {
		bops_node_map_remove(rec->root, "approved_digest");
		bops_buf_puts(&s->said, "approved");
	}
	return bops_record_set(rec, ctx->ws, "status", s->status);
}

/* approve and retire: the journeys given, or what --where picks. */
static const struct bops_error *
set_status(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a, const char *status, const char *what)
{
	const struct bops_error *err;
	struct status s = { status, BOPS_BUF_INIT };
	struct bulk b = { .apply = apply_status, .arg = &s, .what = what,
	    .said = &s.said };

	err = bulk_verb(ctx, kind, a, 1, a->argc, &b);
	bops_buf_release(&s.said);
	return err;
}

const struct bops_error *
journey_approve(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	return set_status(ctx, kind, a, "approved", "approved");
}

const struct bops_error *
journey_retire(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	return set_status(ctx, kind, a, "retired", "status -> retired");
}

struct review {
	const char *note;
	struct bops_buf said;
};

static const struct bops_error *
apply_review(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	const struct bops_error *err;
	struct review *r = arg;
	const char *note = r->note, *name, *email;
	struct bops_node *log, *entry;
	struct bops_buf now = BOPS_BUF_INIT;

	(void)txn;
	if ((err = bops_ws_identity(&name, &email, ctx->ws)))
		return err;
	entry = bops_node_new_map();
	bops_instant_format(&now, ctx->ws->now);
	bops_node_map_set_str(entry, "at", now.ptr, BOPS_SCALAR_RAW);
	bops_node_map_set_str(entry, "by", name, BOPS_SCALAR_TEXT);
	if (note && *note)
		bops_node_map_set_str(entry, "note", note, BOPS_SCALAR_TEXT);
	if ((log = bops_record_get(rec, "reviews")) == NULL) {
		log = bops_node_new_seq();
		bops_node_map_set(rec->root, "reviews", log);
	}
	bops_node_seq_append(log, entry);
	bops_buf_puts(&r->said, "reviewed");
	bops_buf_release(&now);
	return NULL;
}

const struct bops_error *
journey_review(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct review r = { a->note, BOPS_BUF_INIT };
	struct bulk b = { .apply = apply_review, .arg = &r, .what = "reviewed",
	    .said = &r.said };

	err = bulk_verb(ctx, kind, a, 1, a->argc, &b);
	bops_buf_release(&r.said);
	return err;
}
