/*
 * journey-cmd.h: the journey verbs that read (cmd/journey-map.c), for
 * the verb table of cmd/journey.c.
 */
#ifndef BOPS_JOURNEY_CMD_H
#define BOPS_JOURNEY_CMD_H

#include "cmd.h"

/* map J [--format text|mermaid|html] [--as-of DATE|REV] */
const struct bops_error *journey_map(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
/* show J: the record, then what governance says of it */
const struct bops_error *journey_show(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
/* portfolio: every journey with its owner, review and stage health */
const struct bops_error *journey_portfolio(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);

#endif
