/*
 * customer.h: customers, the people and companies the team sells to and
 * serves.
 *
 * A customer's notes are an append-only log, merged as a union, so
 * notes taken on two clones at once are both kept.  Its follow-up rules
 * (follow_ups) bring it back on a cycle: `bops tick` opens a ticket for
 * each rule whose cycle came round (ticket.h).  The rules of a customer
 * (bops_customer_rules, kind.h): a follow-up's cycle is whole days, at
 * least one; a customer that tickets point at cannot be removed
 * (BOPS_ERR_REFUSED), through whatever verb.
 */
#ifndef BOPS_CUSTOMER_H
#define BOPS_CUSTOMER_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "node.h"

/*
 * The days of a follow-up's cycle, `every` as written (30d, 1w): whole
 * days from 1 to BOPS_CUSTOMER_MAX_CYCLE.  BOPS_ERR_USAGE "follow-up
 * every=...: want whole days (30d, 1w)" otherwise.
 */
#define BOPS_CUSTOMER_MAX_CYCLE 3660
const struct bops_error *bops_customer_cycle(const char *every,
    int32_t *days);

#endif
