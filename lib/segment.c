/*
 * segment.c: the rules of segments.
 */
#include <string.h>

#include "buf.h"
#include "kind.h"
#include "node.h"
#include "record.h"
#include "schema.h"
#include "segment.h"
#include "banned.h"

/* Each filter is "field OP value". */
static const struct bops_error *
segment_validate(const char *id, struct bops_node *root,
    const struct bops_validate *v)
{
	const struct bops_node *f = bops_node_map_get(root, "filters");
	struct bops_buf field = BOPS_BUF_INIT, op = BOPS_BUF_INIT;
	const struct bops_error *err = NULL;
	const char *value;
	size_t i;

	(void)id;
	for (i = 0; f && f->type == BOPS_NODE_SEQ && i < f->n && !err; i++)
		if (!bops_record_split(f->items[i]->str, &field, &op, &value))
			err = bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: "
			    "filter '%s' is not field OP value", v->path,
			    f->items[i]->line, f->items[i]->col,
			    f->items[i]->str);
	bops_buf_release(&field);
	bops_buf_release(&op);
	return err;
}

const struct bops_error *
bops_segment_apply(struct bops_query *q, const struct bops_record *rec)
{
	const struct bops_node *f = bops_record_get(rec, "filters");
	const struct bops_error *err;
	size_t i;

	for (i = 0; f && f->type == BOPS_NODE_SEQ && i < f->n; i++)
		if ((err = bops_query_filter(q, f->items[i]->str)))
			return bops_error_fmt(BOPS_ERR_INVALID, "%s: filter "
			    "'%s': %s", rec->path, f->items[i]->str,
			    err->msg);
	return NULL;
}

const struct bops_kind_rules bops_segment_rules = {
	.validate = segment_validate,
	.check = NULL,
	.config = NULL,
	.finished = NULL,
};
