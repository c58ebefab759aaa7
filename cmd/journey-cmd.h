/*
 * journey-cmd.h: the journey verbs that read (cmd/journey-map.c), for
 * the verb table of cmd/journey.c.
 */
#ifndef BOPS_JOURNEY_CMD_H
#define BOPS_JOURNEY_CMD_H

#include "cmd.h"
#include "ticket.h"

/* map J [--format text|mermaid|html] [--as-of DATE|REV] */
const struct bops_error *journey_map(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
/* show J: the record, then what governance says of it */
const struct bops_error *journey_show(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
/* portfolio: every journey with its owner, review and stage health */
const struct bops_error *journey_portfolio(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);

/* What is connected to each stage. */
struct journey_conn {
	size_t open[BOPS_KIND__COUNT], all[BOPS_KIND__COUNT];
	size_t breached;		/* open tickets past an SLA target */
	struct bops_buf progress;	/* "service/1 45%\n": a key result,
					   "service 42%": an objective */
};

/* A journey with what is connected to its stages (journey-map.c). */
struct journey_map {
	struct bops_ctx *ctx;
	struct bops_record *rec;	/* the journey */
	const struct bops_node *stages;
	size_t n;
	struct journey_conn *conn;	/* one per stage */
	const struct bops_kind *kind;	/* the kind being read */
	struct bops_ticket_conf tickets;	/* SLA targets, calendar */
};

/* The commit reads come from: --as-of's, or NULL for HEAD. */
const char *journey_as_of(struct bops_ctx *ctx);
/* The slug of stage i of m (borrowed). */
const char *journey_slug_of(const struct journey_map *m, size_t i);
/* Append a date: instant t's day in the workspace's time zone. */
void journey_put_day(struct bops_buf *b, struct bops_ctx *ctx, int64_t t);
/* Append "changed since approval on DATE", or nothing. */
void journey_put_changed(struct bops_buf *b, struct bops_ctx *ctx,
    const struct bops_record *rec);
/* Append "review due on DATE" or "review overdue since DATE" (and
 * return true), or nothing for a journey with no review due. */
bool journey_put_due(struct bops_buf *b, struct bops_ctx *ctx,
    const struct bops_record *rec);
/* Append the lines governance says of rec: changed since approval,
 * review due, the programme's vision and principles (cx.*). */
void journey_governance(struct bops_buf *b, struct bops_ctx *ctx,
    const struct bops_record *rec);
/* Append the items of a list field of a stage, joined by '\n'. */
void journey_list_items(struct bops_buf *b, const struct bops_node *st,
    const char *field);
/* Append a stage's metric as "CSAT 4.1/4.5 stars", or nothing. */
void journey_metric_text(struct bops_buf *b, const struct bops_node *st);
/* Append what is connected to a stage, an item a line: "2 open tasks",
 * "1 open ticket (1 breached)", "service/1 45%". */
void journey_connected_items(struct bops_buf *b,
    const struct journey_conn *c);

/* journey-html.c: m as one self-contained HTML page, on stdout. */
const struct bops_error *journey_map_html(struct bops_ctx *ctx,
    struct journey_map *m);

#endif
