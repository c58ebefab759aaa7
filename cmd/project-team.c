/*
 * project-team.c: the people on a project and its customer's
 * satisfaction: `project resource` and `project csat`.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "node.h"
#include "project.h"
#include "workspace.h"
#include "banned.h"

/* resource */

struct resource {
	const char *person, *role;
	long allocation;
	struct bops_buf what;
};

/* "80" or "80%", 0 to 100: BOPS_ERR_USAGE otherwise. */
static const struct bops_error *
parse_allocation(long *out, const char *text)
{
	char *end;

	errno = 0;
	*out = strtol(text, &end, 10);
	if (*end == '%')
		end++;
	if (end == text || *end || errno || *out < 0 || *out > 100 ||
	    (*text < '0' || *text > '9'))
		return bops_error_fmt(BOPS_ERR_USAGE, "allocation '%s': a "
		    "whole percentage from 0 to 100 (0 removes the person)",
		    text);
	return NULL;
}

static const struct bops_error *
apply_resource(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	struct resource *r = arg;
	struct bops_node *seq = bops_record_get(rec, "resources"), *e = NULL;
	char pct[24];
	size_t i;

	(void)ctx;
	(void)txn;
	for (i = 0; seq && seq->type == BOPS_NODE_SEQ && i < seq->n; i++) {
		const char *p = bops_node_map_str(seq->items[i], "person");

		if (p && strcasecmp(p, r->person) == 0) {
			e = seq->items[i];
			break;
		}
	}
	if (r->allocation == 0) {
		if (e == NULL)
			return bops_error_fmt(BOPS_ERR_NOT_FOUND, "project "
			    "'%s' has no resource '%s'", rec->id, r->person);
		bops_buf_printf(&r->what, "resource %s removed",
		    bops_node_map_str(e, "person"));
		bops_node_seq_remove(seq, i);
		if (seq->n == 0)
			bops_node_map_remove(rec->root, "resources");
		return NULL;
	}
	if (e == NULL) {
		if (seq == NULL) {
			seq = bops_node_new_seq();
			bops_node_map_set(rec->root, "resources", seq);
		}
		e = bops_node_new_map();
		bops_node_map_set_str(e, "person", r->person, BOPS_SCALAR_TEXT);
		bops_node_seq_append(seq, e);
	}
	bops_buf_printf(&r->what, "resource %s %ld%%", bops_node_map_str(e,
	    "person"), r->allocation);
	if (r->role) {
		bops_node_map_set_str(e, "role", r->role, BOPS_SCALAR_TEXT);
		bops_buf_printf(&r->what, " (%s)", r->role);
	}
	snprintf(pct, sizeof(pct), "%ld", r->allocation);
	bops_node_map_set_str(e, "allocation", pct, BOPS_SCALAR_RAW);
	return NULL;
}

const struct bops_error *
project_resource(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct resource r = { a->argv[2], NULL, 0, BOPS_BUF_INIT };
	const char *email;

	if (a->argc == 5) {
		if (strncmp(a->argv[4], "role=", 5) || a->argv[4][5] == '\0')
			return usage_error(a);
		r.role = a->argv[4] + 5;
	}
	if (r.person[0] == '\0')
		return bops_error_fmt(BOPS_ERR_USAGE, "a resource needs a "
		    "person's name");
	if ((err = parse_allocation(&r.allocation, a->argv[3])))
		return err;
	if (strcmp(r.person, "me") == 0 &&
	    (err = bops_ws_identity(&r.person, &email, ctx->ws)))
		return err;
	err = record_change(ctx, kind, a->argv[1], apply_resource, &r,
	    &r.what, NULL);
	bops_buf_release(&r.what);
	return err;
}

/* csat */

struct csat {
	const char *score;
	struct bops_buf what;
};

static const struct bops_error *
apply_csat(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	const struct bops_error *err;
	struct csat *c = arg;
	struct bops_buf expr = BOPS_BUF_INIT;
	const char *before = bops_record_str(rec, "csat");

	(void)txn;
	/* Said before the assignment frees the old value; the new one as
	 * the schema writes it (05 is 5). */
	bops_buf_puts(&c->what, "csat ");
	if (before)
		bops_buf_printf(&c->what, "%s -> ", before);
	bops_buf_printf(&expr, "csat=%s", c->score);
	if ((err = bops_record_assign(rec, ctx->ws, expr.ptr)) == NULL)
		bops_buf_puts(&c->what, bops_record_str(rec, "csat"));
	bops_buf_release(&expr);
	return err;
}

const struct bops_error *
project_csat(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct csat c = { a->argv[2], BOPS_BUF_INIT };
	const char *s = a->argv[2];
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (*s < '0' || *s > '9' || *end || errno || v < 0 || v > 5)
		return bops_error_fmt(BOPS_ERR_USAGE, "score '%s': the "
		    "customer's satisfaction from 0 to 5", s);
	err = record_change(ctx, kind, a->argv[1], apply_csat, &c, &c.what,
	    NULL);
	bops_buf_release(&c.what);
	return err;
}
