/*
 * customer.h: customers, the people and companies the team sells to and
 * serves.
 *
 * A customer's notes are an append-only log, merged as a union, so
 * notes taken on two clones at once are both kept.  Its follow-up rules
 * (follow_ups) bring it back on a cycle: `bops tick` opens a ticket for
 * each rule whose cycle came round (ticket.h).  The rules of a customer
 * (bops_customer_rules, kind.h): a follow-up's cycle is whole days, at
 * least one; a customer that another record points at (a ticket, a deal,
 * a task) cannot be removed (BOPS_ERR_REFUSED), through whatever verb;
 * every change of `stage` or `lead_status`, whatever verb makes it, is
 * appended to the record's stage_history or lead_history ({at, by,
 * stage|status}), so that the history tells when a person became a
 * customer even after the stage moved on.  The current value is the last
 * entry's (the field `follows` it in a merge).  Its part of `bops report
 * sales` (the rules' report, topic sales) is the funnel of the report's
 * period, bops_customer_funnel's figures as a bar per lifecycle stage;
 * none without customers.
 *
 * The lifecycle stages are customer.stages of bops.yaml (subscriber,
 * lead, mql, sql, opportunity, customer, evangelist, other by default),
 * the lead statuses customer.lead_statuses (new, attempted, connected,
 * qualified, unqualified, bad-timing).
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

struct bops_record;
struct bops_txn;
struct bops_ws;

/*
 * The removal of `before` (a customer, a project), refused while records
 * of any kind point at it through a field that refers to its kind (a
 * ticket's customer, a task's project): they would point at nothing.
 * BOPS_ERR_REFUSED "customer 'x' is the customer of 2 tickets (a, b);
 * give them another first: bops ticket set a customer=".
 */
const struct bops_error *bops_customer_in_use(struct bops_txn *txn,
    const struct bops_record *before);

/*
 * Keep a log of a field's values: when rec's field (its current value)
 * differs from `key` of the last entry of rec's log `log`, append an
 * entry {at: ws->now, by: the identity's name, key: value}.  Nothing for
 * an unset field.  BOPS_ERR_NO_IDENTITY.  Deals use it for their stage.
 */
const struct bops_error *bops_customer_track(struct bops_ws *ws,
    struct bops_record *rec, const char *field, const char *log,
    const char *key);

/*
 * When the log of stage changes `history` (a seq of {at, stage}, as
 * stage_history) says the record entered `stage` within [from, to)
 * (instants), the first such time in *at and true; else false.
 */
bool bops_customer_entered(const struct bops_node *history,
    const char *stage, int64_t from, int64_t to, int64_t *at);

/*
 * The funnel of customers over the lifecycle.  For each stage (in the
 * order of `stages`):
 *   entered    customers who entered it within [from, to), counted once
 *              each (the first time);
 *   converted  of those, the ones who afterwards entered a stage later in
 *              the list (skipping stages counts: lead -> sql converts the
 *              lead);
 *   median     the median time spent in it, in seconds, over the visits
 *              that began within [from, to) and have ended (a later entry
 *              of the history); -1 when none has ended.
 * histories[i] is the stage_history of customer i (may be NULL); entries
 * naming no stage of the list are passed over.  rows must hold nstages
 * rows; they are set in full.
 */
struct bops_funnel_row {
	const char *stage;	/* borrowed from stages */
	size_t entered, converted;
	int64_t median;
};
void bops_customer_funnel(struct bops_funnel_row *rows,
    const char *const *stages, size_t nstages,
    const struct bops_node *const *histories, size_t n, int64_t from,
    int64_t to);

#endif
