/*
 * journey-cmd.h: the journey verbs that read (cmd/journey-map.c) and
 * those of governance (cmd/journey-folio.c), for the verb table of
 * cmd/journey.c.
 */
#ifndef BOPS_JOURNEY_CMD_H
#define BOPS_JOURNEY_CMD_H

#include "cmd.h"
#include "journey.h"

/* map J [--format text|mermaid|html] [--as-of DATE|REV] */
const struct bops_error *journey_map(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
/* show J: the record, then what governance says of it */
const struct bops_error *journey_show(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
/* approve, review [--note TEXT] and retire J... [--where FILTER]: each
 * journey given, or picked, in one commit (bulk_verb) */
const struct bops_error *journey_approve(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
const struct bops_error *journey_review(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
const struct bops_error *journey_retire(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
/* portfolio: every journey with its owner, review and stage health */
const struct bops_error *journey_portfolio(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);

/* A journey with what is connected to its stages (journey-map.c). */
struct journey_map {
	struct bops_ctx *ctx;
	struct bops_record *rec;	/* the journey */
	const struct bops_node *stages;
	struct bops_journey_links links;	/* what is connected */
	size_t n;				/* links.n */
	struct bops_journey_conn *conn;		/* links.conn: a stage each */
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
/* journey-html.c: m as one self-contained HTML page, on stdout. */
const struct bops_error *journey_map_html(struct bops_ctx *ctx,
    struct journey_map *m);

#endif
