/*
 * customer.c: the rules of customers.
 */
#include <stdlib.h>
#include <string.h>

#include "customer.h"
#include "date.h"
#include "due.h"
#include "kind.h"
#include "node.h"
#include "record.h"
#include "report.h"
#include "schema.h"
#include "store.h"
#include "ticket.h"
#include "workspace.h"
#include "banned.h"

const struct bops_error *
bops_customer_cycle(const char *every, int32_t *days)
{
	int64_t t;

	*days = 0;
	if (every == NULL || bops_duration_parse(&t, every) || t % 86400 ||
	    t < 86400 || t > (int64_t)BOPS_CUSTOMER_MAX_CYCLE * 86400)
		return bops_error_fmt(BOPS_ERR_USAGE, "follow-up every=%s: "
		    "want whole days from 1d to %dd (30d, 1w)",
		    every ? every : "", BOPS_CUSTOMER_MAX_CYCLE);
	*days = (int32_t)(t / 86400);
	return NULL;
}

/* Each follow-up rule's cycle is whole days. */
static const struct bops_error *
customer_validate(const char *id, struct bops_node *root,
    const struct bops_validate *v)
{
	const struct bops_node *rules = bops_node_map_get(root, "follow_ups");
	const struct bops_error *err;
	int32_t days;
	size_t i;

	(void)id;
	for (i = 0; rules && rules->type == BOPS_NODE_SEQ && i < rules->n;
	    i++) {
		const struct bops_node *every = bops_node_map_get(
		    rules->items[i], "every");

		if (every && (err = bops_customer_cycle(every->str, &days)))
			return bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: %s",
			    v->path, every->line, every->col, err->msg);
	}
	return NULL;
}

struct users {
	const char *id;
	const char *field;	/* the ref field of the kind looked at */
	size_t n;
	struct bops_buf ids;	/* the first few, comma-separated */
};

static const struct bops_error *
user(struct bops_record *rec, void *arg)
{
	struct users *u = arg;
	const char *c = bops_record_str(rec, u->field);

	if (c == NULL || strcmp(c, u->id))
		return NULL;
	if (u->n < 3)
		bops_buf_printf(&u->ids, "%s%s", u->n ? ", " : "", rec->id);
	else if (u->n == 3)
		bops_buf_puts(&u->ids, ", ...");
	u->n++;
	return NULL;
}

const struct bops_error *
bops_customer_in_use(struct bops_txn *txn, const struct bops_record *before)
{
	const struct bops_error *err = NULL;
	const struct bops_schema *s;
	struct users u;
	size_t k, i;

	u.id = before->id;
	u.n = 0;
	bops_buf_init(&u.ids);
	for (k = 0; k < BOPS_KIND__COUNT && err == NULL && u.n == 0; k++) {
		if (bops_ws_schema(&s, bops_txn_ws(txn), &bops_kinds[k]))
			continue;
		for (i = 0; i < s->n && err == NULL && u.n == 0; i++) {
			if (s->fields[i].type != BOPS_TYPE_REF ||
			    s->fields[i].ref == NULL ||
			    strcmp(s->fields[i].ref, before->kind->name))
				continue;
			u.field = s->fields[i].name;
			err = bops_txn_each(txn, &bops_kinds[k], user, NULL,
			    &u);
		}
		if (err == NULL && u.n)
			err = bops_error_fmt(BOPS_ERR_REFUSED, "%s '%s' "
			    "is the %s of %zu %s%s (%s); give %s another "
			    "first: bops %s set %.*s %s=", before->kind->name,
			    before->id, u.field,
			    u.n, bops_kinds[k].name, u.n == 1 ? "" : "s",
			    u.ids.ptr, u.n == 1 ? "it" : "them",
			    bops_kinds[k].name, (int)strcspn(u.ids.ptr, ","),
			    u.ids.ptr, u.field);
	}
	bops_buf_release(&u.ids);
	return err;
}

const struct bops_error *
bops_customer_track(struct bops_ws *ws, struct bops_record *rec,
    const char *field, const char *log, const char *key)
{
	const struct bops_error *err;
	const char *value = bops_record_str(rec, field), *last = NULL;
	struct bops_node *l = bops_record_get(rec, log), *e;
	struct bops_buf now = BOPS_BUF_INIT;
	const char *name, *email;

	if (value == NULL)
		return NULL;
	if (l && l->type == BOPS_NODE_SEQ && l->n)
		last = bops_node_map_str(l->items[l->n - 1], key);
	if (last && strcmp(last, value) == 0)
		return NULL;
	if ((err = bops_ws_identity(&name, &email, ws)))
		return err;
	if (l == NULL || l->type != BOPS_NODE_SEQ) {
		l = bops_node_new_seq();
		bops_node_map_set(rec->root, log, l);
	}
	bops_instant_format(&now, ws->now);
	e = bops_node_new_map();
	bops_node_map_set_str(e, "at", now.ptr, BOPS_SCALAR_RAW);
	bops_node_map_set_str(e, "by", name, BOPS_SCALAR_TEXT);
	bops_node_map_set_str(e, key, value, BOPS_SCALAR_TEXT);
	bops_node_seq_append(l, e);
	bops_buf_release(&now);
	return NULL;
}

/*
 * Removal: refused while records point at the customer.  Any other
 * write: a change of stage or lead status goes in its history.
 */
static const struct bops_error *
customer_check(struct bops_txn *txn, const struct bops_record *before,
    struct bops_record *after)
{
	const struct bops_error *err;
	struct bops_ws *ws = bops_txn_ws(txn);

	if (bops_txn_flags(txn) & BOPS_TXN_MERGE)
		return NULL;
	if (after == NULL)
		return before ? bops_customer_in_use(txn, before) : NULL;
	if ((err = bops_customer_track(ws, after, "stage", "stage_history",
	    "stage")))
		return err;
	return bops_customer_track(ws, after, "lead_status", "lead_history",
	    "status");
}

bool
bops_customer_entered(const struct bops_node *history, const char *stage,
    int64_t from, int64_t to, int64_t *at)
{
	const char *s, *when;
	int64_t t;
	size_t i;

	for (i = 0; history && history->type == BOPS_NODE_SEQ &&
	    i < history->n; i++) {
		s = bops_node_map_str(history->items[i], "stage");
		when = bops_node_map_str(history->items[i], "at");
		if (s == NULL || when == NULL || strcmp(s, stage) ||
		    bops_instant_parse(&t, when) || t < from || t >= to)
			continue;
		*at = t;
		return true;
	}
	return false;
}

static long
stage_index(const char *const *stages, size_t n, const char *stage)
{
	size_t i;

	for (i = 0; stage && i < n; i++)
		if (strcmp(stages[i], stage) == 0)
			return (long)i;
	return -1;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The median of v[0..n-1] (sorted here), the lower of the middle two
 * rounded up to the mean of both; -1 for none. */
static int64_t
median(int64_t *v, size_t n)
{
	if (n == 0)
		return -1;
	bops_qsort(v, n, sizeof(*v), cmp_i64);
	if (n % 2)
		return v[n / 2];
	return v[n / 2 - 1] + (v[n / 2] - v[n / 2 - 1]) / 2;
}

/* One customer's history into the rows: entries as (stage, at). */
static void
funnel_one(struct bops_funnel_row *rows, int64_t **spent, size_t *nspent,
    const char *const *stages, size_t nstages, const struct bops_node *h,
    int64_t from, int64_t to)
{
	bool *seen = bops_calloc(nstages, sizeof(*seen));
	size_t i, j;
	long s, later;
	int64_t t, next;

	for (i = 0; h && h->type == BOPS_NODE_SEQ && i < h->n; i++) {
		s = stage_index(stages, nstages,
		    bops_node_map_str(h->items[i], "stage"));
		if (s < 0 || bops_node_map_str(h->items[i], "at") == NULL ||
		    bops_instant_parse(&t, bops_node_map_str(h->items[i],
		    "at")) || t < from || t >= to)
			continue;
		/* The time in it: up to the next entry, if it has left. */
		if (i + 1 < h->n && bops_node_map_str(h->items[i + 1], "at") &&
		    bops_instant_parse(&next, bops_node_map_str(h->items[i + 1],
		    "at")) == NULL && next >= t)
			spent[s][nspent[s]++] = next - t;
		if (seen[s])
			continue;
		seen[s] = true;
		rows[s].entered++;
		for (j = i + 1; j < h->n; j++) {
			later = stage_index(stages, nstages,
			    bops_node_map_str(h->items[j], "stage"));
			if (later > s) {
				rows[s].converted++;
				break;
			}
		}
	}
	free(seen);
}

void
bops_customer_funnel(struct bops_funnel_row *rows, const char *const *stages,
    size_t nstages, const struct bops_node *const *histories, size_t n,
    int64_t from, int64_t to)
{
	int64_t **spent = bops_calloc(nstages + 1, sizeof(*spent));
	size_t *nspent = bops_calloc(nstages + 1, sizeof(*nspent));
	size_t i, total = 0;

	for (i = 0; i < n; i++)
		total += histories[i] && histories[i]->type == BOPS_NODE_SEQ ?
		    histories[i]->n : 0;
	for (i = 0; i < nstages; i++) {
		rows[i].stage = stages[i];
		rows[i].entered = rows[i].converted = 0;
		spent[i] = bops_calloc(total + 1, sizeof(**spent));
	}
	for (i = 0; i < n; i++)
		funnel_one(rows, spent, nspent, stages, nstages, histories[i],
		    from, to);
	for (i = 0; i < nstages; i++) {
		rows[i].median = median(spent[i], nspent[i]);
		free(spent[i]);
	}
	free(spent);
	free(nspent);
}

/*
 * What is due: follow-up rules whose cycle comes round within the
 * window and whose ticket `bops tick` has not opened yet.
 */
static const struct bops_error *
due_one(struct bops_due *d, struct bops_ws *ws, struct bops_record *rec,
    void *arg)
{
	const struct bops_node *rules = bops_record_get(rec, "follow_ups");
	struct bops_buf id = BOPS_BUF_INIT;
	struct bops_due_item it;
	int32_t days, since, due, last, today;
	const char *s;
	size_t i;

	today = bops_date_local(d->q->now, ws->tz);
	for (i = 0; rules && i < rules->n; i++) {
		const struct bops_node *r = rules->items[i];

		if ((s = bops_node_map_str(r, "since")) == NULL ||
		    bops_date_parse(&since, s) || bops_customer_cycle(
		    bops_node_map_str(r, "every"), &days) ||
		    !bops_followup_due(since, days, bops_date_local(
		    d->q->now + d->q->within, ws->tz), &due))
			continue;
		s = bops_node_map_str(r, "last");
		if (s && bops_date_parse(&last, s) == NULL && last >= due)
			continue;
		memset(&it, 0, sizeof(it));
		bops_buf_reset(&id);
		bops_buf_printf(&id, "%s/%s", rec->id, bops_node_map_str(r,
		    "id"));
		it.kind = rec->kind;
		it.id = id.ptr;
		it.title = bops_node_map_str(r, "subject");
		if (it.title == NULL)
			it.title = bops_record_title(rec);
		it.owner = bops_node_map_str(r, "assignee");
		if (it.owner == NULL)
			it.owner = bops_record_str(rec, "owner");
		it.what = "follow-up due";
		it.since = bops_date_local_start(due, ws->tz);
		it.late = due < today;
		it.command = "bops tick";
		bops_due_add(d, &it);
	}
	bops_buf_release(&id);
	return NULL;
}

static const struct bops_error *
customer_due(struct bops_due *d, struct bops_ws *ws,
    const struct bops_kind *kind)
{
	return bops_due_each(d, ws, kind, due_one, NULL);
}

/*
 * The sales report's funnel: the figures of `bops customer funnel` for
 * the report's period, a bar per lifecycle stage (the customers who
 * entered it, against the stage most entered), what went on and the
 * median time spent in it beside.  No customers, no funnel.
 */
static void
funnel_rows(struct bops_report_block *b, const struct bops_funnel_row *rows,
    size_t n)
{
	struct bops_buf text = BOPS_BUF_INIT, detail = BOPS_BUF_INIT;
	size_t i, top = 0;

	for (i = 0; i < n; i++)
		top = rows[i].entered > top ? rows[i].entered : top;
	for (i = 0; i < n; i++) {
		bops_buf_reset(&text);
		bops_buf_reset(&detail);
		bops_buf_printf(&text, "%zu", rows[i].entered);
		/* the last stage converts to nothing */
		if (i + 1 < n && rows[i].entered)
			bops_buf_printf(&detail, "converted %zu (%.0f%%), ",
			    rows[i].converted, 100.0 *
			    (double)rows[i].converted /
			    (double)rows[i].entered);
		else if (i + 1 < n)
			bops_buf_printf(&detail, "converted %zu (-), ",
			    rows[i].converted);
		bops_buf_puts(&detail, "median ");
		bops_duration_format_span(&detail, rows[i].median);
		bops_report_row(b, 0, rows[i].stage, (double)rows[i].entered,
		    top ? (double)top : 1, text.ptr, detail.ptr, NULL);
	}
	bops_buf_release(&text);
	bops_buf_release(&detail);
}

static const struct bops_error *
customer_report(struct bops_report *r, struct bops_ws *ws,
    const struct bops_kind *kind)
{
	const struct bops_error *err;
	const struct bops_node *stages = bops_ws_config_get("customer.stages",
	    ws);
	const struct bops_node **hist = NULL;
	const char **names = NULL;
	struct bops_funnel_row *rows = NULL;
	struct bops_report_block *b;
	struct bops_record **recs = NULL;
	size_t i, n = 0;

	if (strcmp(r->topic, "sales") || stages == NULL ||
	    stages->type != BOPS_NODE_SEQ || stages->n == 0)
		return NULL;
	if ((err = bops_store_all(&recs, &n, ws, kind, r->commit)) || n == 0)
		goto done;
	names = bops_calloc(stages->n, sizeof(*names));
	for (i = 0; i < stages->n; i++)
		names[i] = stages->items[i]->str;
	hist = bops_calloc(n, sizeof(*hist));
	for (i = 0; i < n; i++)
		hist[i] = bops_record_get(recs[i], "stage_history");
	rows = bops_calloc(stages->n, sizeof(*rows));
	bops_customer_funnel(rows, names, stages->n, hist, n,
	    bops_date_local_start(r->period.first, r->tz),
	    bops_date_local_start(r->period.last + 1, r->tz));
	b = bops_report_block(bops_report_section(r, "sales", "Sales"),
	    BOPS_BLOCK_BARS, "sales-funnel",
	    "Funnel: customers by lifecycle stage");
	bops_report_block_note(b, "Customers who entered each stage in %s, "
	    "and how many went further.", r->period_text);
	funnel_rows(b, rows, stages->n);
done:
	free(rows);
	free(hist);
	free(names);
	bops_store_all_free(recs, n);
	return err;
}

const struct bops_kind_rules bops_customer_rules = {
	.validate = customer_validate,
	.check = customer_check,
	.config = NULL,
	.finished = NULL,
	.due = customer_due,
	.topic = "sales",
	.report = customer_report,
};
