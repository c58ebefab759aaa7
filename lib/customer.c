/*
 * customer.c: the rules of customers.
 */
#include <string.h>

#include "customer.h"
#include "date.h"
#include "kind.h"
#include "record.h"
#include "schema.h"
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

static bool
customer_finished(struct bops_ws *ws, const struct bops_record *rec)
{
	const char *stage = bops_record_str(rec, "stage");

	(void)ws;
	return stage && strcmp(stage, "churned") == 0;
}

const struct bops_kind_rules bops_customer_rules = {
	.validate = customer_validate,
	.check = NULL,
	.config = NULL,
	.finished = customer_finished,
};
