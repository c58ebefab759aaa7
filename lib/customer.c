/*
 * customer.c: the rules of customers.
 */
#include <string.h>

#include "customer.h"
#include "date.h"
#include "due.h"
#include "kind.h"
#include "record.h"
#include "schema.h"
#include "store.h"
#include "ticket.h"
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
	size_t n;
	struct bops_buf ids;	/* the first few, comma-separated */
};

static const struct bops_error *
user(struct bops_record *ticket, void *arg)
{
	struct users *u = arg;
	const char *c = bops_record_str(ticket, "customer");

	if (c == NULL || strcmp(c, u->id))
		return NULL;
	if (u->n < 3)
		bops_buf_printf(&u->ids, "%s%s", u->n ? ", " : "", ticket->id);
	else if (u->n == 3)
		bops_buf_puts(&u->ids, ", ...");
	u->n++;
	return NULL;
}

/*
 * A customer that tickets point at cannot go: they would point at
 * nothing.
 */
static const struct bops_error *
customer_check(struct bops_txn *txn, const struct bops_record *before,
    struct bops_record *after)
{
	const struct bops_kind *ticket = bops_kind_find("ticket");
	const struct bops_error *err;
	struct users u;

	if (after || before == NULL || ticket == NULL ||
	    (bops_txn_flags(txn) & BOPS_TXN_MERGE))
		return NULL;
	u.id = before->id;
	u.n = 0;
	bops_buf_init(&u.ids);
	if ((err = bops_txn_each(txn, ticket, user, NULL, &u)) == NULL &&
	    u.n)
		err = bops_error_fmt(BOPS_ERR_REFUSED, "customer '%s' is the "
		    "customer of %zu ticket%s (%s); give %s another first: "
		    "bops ticket set %.*s customer=", before->id, u.n,
		    u.n == 1 ? "" : "s", u.ids.ptr, u.n == 1 ? "it" : "them",
		    (int)strcspn(u.ids.ptr, ","), u.ids.ptr);
	bops_buf_release(&u.ids);
	return err;
}

static bool
customer_finished(struct bops_ws *ws, const struct bops_record *rec)
{
	const char *stage = bops_record_str(rec, "stage");

	(void)ws;
	return stage && strcmp(stage, "churned") == 0;
}

/*
 * What is due: follow-up rules whose cycle comes round within the
 * window and whose ticket `bops tick` has not opened yet.
 */
struct due_walk {
	struct bops_due *d;
	struct bops_ws *ws;
};

static const struct bops_error *
due_one(struct bops_record *rec, void *arg)
{
	struct due_walk *w = arg;
	const struct bops_node *rules = bops_record_get(rec, "follow_ups");
	struct bops_buf id = BOPS_BUF_INIT;
	struct bops_due_item it;
	int32_t days, since, due, last, today;
	const char *s;
	size_t i;

	today = bops_date_local(w->d->q->now, w->ws->tz);
	for (i = 0; rules && i < rules->n; i++) {
		const struct bops_node *r = rules->items[i];

		if ((s = bops_node_map_str(r, "since")) == NULL ||
		    bops_date_parse(&since, s) || bops_customer_cycle(
		    bops_node_map_str(r, "every"), &days) ||
		    !bops_followup_due(since, days, bops_date_local(
		    w->d->q->now + w->d->q->within, w->ws->tz), &due))
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
		it.since = bops_date_local_start(due, w->ws->tz);
		it.late = due < today;
		it.command = "bops tick";
		bops_due_add(w->d, &it);
	}
	bops_buf_release(&id);
	return NULL;
}

static const struct bops_error *
customer_due(struct bops_due *d, struct bops_ws *ws,
    const struct bops_kind *kind)
{
	struct due_walk w = { d, ws };

	return bops_store_each(ws, kind, d->q->commit, due_one, NULL, &w);
}

const struct bops_kind_rules bops_customer_rules = {
	.validate = customer_validate,
	.check = customer_check,
	.config = NULL,
	.finished = customer_finished,
	.due = customer_due,
};
