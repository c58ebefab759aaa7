/*
 * segment.h: segments, named and saved customer filters.
 *
 * A segment is a record of its own kind (segments/<name>.yaml, flat):
 * versioned, merged and listed like every record, so that marketing's
 * backlog of segments travels with the workspace.  Its filters are
 * those of `bops customer list` (query.h), all of which a customer
 * matches.
 *
 * The rules (bops_segment_rules, kind.h): each filter is "field OP value"
 * (BOPS_ERR_INVALID "path:line:col: message"); whether its field is one
 * of customers is checked where the filters are used, against the
 * customer schema of the day.
 */
#ifndef BOPS_SEGMENT_H
#define BOPS_SEGMENT_H

#include "error.h"
#include "query.h"

struct bops_record;

/*
 * Add the filters of segment rec to q, a query over customers.
 * BOPS_ERR_INVALID "path: filter 'x': message" for a filter the customer
 * schema refuses.
 */
const struct bops_error *bops_segment_apply(struct bops_query *q,
    const struct bops_record *rec);

#endif
