/*
 * customer.c: the rules of customers.
 */
#include <string.h>

#include "customer.h"
#include "date.h"
#include "kind.h"
#include "record.h"
#include "schema.h"
#include "store.h"
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

const struct bops_kind_rules bops_customer_rules = {
	.validate = customer_validate,
	.check = customer_check,
	.config = NULL,
	.finished = customer_finished,
};
