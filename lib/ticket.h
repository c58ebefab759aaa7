/*
 * ticket.h: service tickets: their rules, their SLA clocks and the
 * follow-ups that bops tick opens.
 *
 * A ticket's status runs new -> open -> pending -> resolved -> closed:
 * pending is waiting on the customer, and a pending or resolved ticket
 * may be reopened.  A closed ticket is over: it takes no reply, and a
 * new message from its customer is a new ticket that `follows` it.
 *
 * Its thread is an append-only log (merged as a union) of the
 * customer's messages, the team's public replies and internal notes,
 * and status changes, each with `at` and `by`.  The rules of a ticket
 * (bops_ticket_rules, kind.h), applied by the transaction to every write
 * of one whatever the verb:
 *   - a reply or a customer's message to a closed ticket is refused
 *     (BOPS_ERR_REFUSED, naming a follow-up);
 *   - a change of status follows the flow above (BOPS_ERR_REFUSED,
 *     unless BOPS_TXN_FORCE): nothing returns to new, and a closed
 *     ticket leaves closed only when forced; a change taken back with
 *     its entry of the thread (an undo) is not asked again;
 *   - a write that adds to the thread without changing the status
 *     moves it on as the thread says: a reply opens a new ticket, a
 *     customer's message reopens a pending or resolved one;
 *   - every change of status is recorded in the thread, at the
 *     transaction's time, by the identity.
 * A merge (BOPS_TXN_MERGE) keeps what each side wrote.
 *
 * SLA clocks are never stored: bops_sla_replay derives them from the
 * ticket's creation and its thread, against the business hours of
 * bops.yaml (date.h: struct bops_calendar).  First response runs from
 * the ticket's creation to its first public reply (or to its
 * resolution, when it is resolved without one).  Resolution runs from
 * the creation to resolved or closed, paused while pending; a reopened
 * ticket's clock goes on from where it stopped.  Both count business
 * time only.
 */
#ifndef BOPS_TICKET_H
#define BOPS_TICKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "date.h"
#include "error.h"
#include "id.h"
#include "node.h"
#include "record.h"

/* The statuses, in flow order (the schema's list). */
enum bops_ticket_status {
	BOPS_TICKET_NEW,
	BOPS_TICKET_OPEN,
	BOPS_TICKET_PENDING,
	BOPS_TICKET_RESOLVED,
	BOPS_TICKET_CLOSED,
	BOPS_TICKET__COUNT,
};

/* The status called name, or -1. */
int bops_ticket_status(const char *name);
const char *bops_ticket_status_name(enum bops_ticket_status s);
/* Whether a ticket may go from status `from` to `to` (not the same). */
bool bops_ticket_may_move(enum bops_ticket_status from,
    enum bops_ticket_status to);

/*
 * The ticket section of bops.yaml, read: the calendar of business hours
 * in the workspace's zone, and the SLA targets per priority in business
 * seconds.  Strings are borrowed from the config.
 */
struct bops_ticket_conf {
	struct bops_calendar cal;	/* cal.holidays points into holidays */
	int32_t *holidays;
	double at_risk;			/* share of a target, 0..1 */
	const char **priorities;	/* most urgent first */
	size_t npriorities;
	int64_t *first_response;	/* per priority; -1: no target */
	int64_t *resolution;
	const char **first_response_text;	/* as written, or NULL */
	const char **resolution_text;
};

/*
 * Read the ticket section of config (validated, see bops_ticket_rules)
 * in time zone tz (borrowed).  What is missing takes the defaults:
 * Monday to Friday 09:00-17:00, at_risk 0.25, no targets.  Release
 * with bops_ticket_conf_release.
 */
void bops_ticket_conf_init(struct bops_ticket_conf *c,
    const struct bops_node *config, const struct bops_tz *tz);
void bops_ticket_conf_release(struct bops_ticket_conf *c);
/* The index of priority p in c, or -1. */
long bops_ticket_priority(const struct bops_ticket_conf *c, const char *p);

/*
 * "HH:MM" (00:00 to 23:59; with end, 24:00 too) as seconds after
 * midnight.  False when s is no such time.
 */
bool bops_ticket_clock_parse(int32_t *out, const char *s, bool end);

/* What a thread entry is. */
enum bops_ticket_event_kind {
	BOPS_EVENT_MESSAGE,	/* from the customer */
	BOPS_EVENT_REPLY,	/* public, from the team */
	BOPS_EVENT_NOTE,	/* internal */
	BOPS_EVENT_STATUS,
};

struct bops_ticket_event {
	int64_t at;
	enum bops_ticket_event_kind kind;
	enum bops_ticket_status status;	/* STATUS: the new status */
};

/*
 * The events of a ticket's thread (a validated record's), in its order;
 * entries that do not read are left out.  *out is freed with free().
 */
void bops_ticket_events(struct bops_ticket_event **out, size_t *n,
    const struct bops_record *ticket);
/* The same from the packed value (node.h) of its thread (NULL: none). */
void bops_ticket_events_packed(struct bops_ticket_event **out, size_t *n,
    const unsigned char *thread, size_t len);

/* The state of an SLA clock. */
enum bops_sla_state {
	BOPS_SLA_NONE,		/* no target for the ticket's priority */
	BOPS_SLA_RUNNING,
	BOPS_SLA_AT_RISK,	/* running, less than at_risk of it left */
	BOPS_SLA_PAUSED,	/* pending, within its target */
	BOPS_SLA_MET,		/* stopped within its target */
	BOPS_SLA_BREACHED,	/* past its target, stopped or not */
};
const char *bops_sla_state_name(enum bops_sla_state s);

/* Why a stretch of a clock's time counts or not: 0 counts. */
enum bops_sla_why {
	BOPS_SLA_CLOSED = 1 << 0,	/* outside business hours */
	BOPS_SLA_OFF_DAY = 1 << 1,	/* not a working day */
	BOPS_SLA_HOLIDAY = 1 << 2,
	BOPS_SLA_PENDING = 1 << 3,	/* waiting on the customer */
	BOPS_SLA_STOPPED = 1 << 4,	/* resolved, until reopened */
};

/* One stretch of a clock's time, for --explain. */
struct bops_sla_span {
	int64_t from, to;
	int64_t counted;	/* business seconds counted in it */
	unsigned why;		/* enum bops_sla_why bits; 0: counted */
};

struct bops_sla_clock {
	enum bops_sla_state state;
	bool stopped;		/* met or breached for good: replied, or
				   resolved */
	int64_t target;		/* business seconds; -1: none */
	int64_t elapsed;	/* business seconds counted */
	int64_t start;		/* when it started: the ticket's creation */
	int64_t stop;		/* when it stopped, if it did */
	int64_t due;		/* running: when it breaches if it goes
				   on; INT64_MAX: never (or not running) */
	int64_t breached_at;	/* when it went past its target; INT64_MIN
				   if it did not */
	struct bops_sla_span *spans;	/* with explain: from start to its
					   stop or now, in order */
	size_t nspans, aspans;
};

struct bops_sla {
	struct bops_sla_clock first_response, resolution;
};

/* What a replay needs. */
struct bops_sla_input {
	int64_t created, now;
	const struct bops_ticket_event *events;	/* any order */
	size_t nevents;
	int64_t first_response, resolution;	/* targets; < 0: none */
	double at_risk;
	const struct bops_calendar *cal;
	bool explain;		/* keep the spans */
};

/*
 * Replay a ticket's events against the calendar: both clocks as they
 * stand at `now`.  Events are taken in time order (equal times in the
 * order given); an event before the creation counts at the creation,
 * one after now at now.  Release with bops_sla_release.
 */
void bops_sla_replay(struct bops_sla *out, const struct bops_sla_input *in);
void bops_sla_release(struct bops_sla *s);

/*
 * The same for a validated ticket record, with the targets of its
 * priority in c.
 */
void bops_ticket_sla(struct bops_sla *out, const struct bops_record *ticket,
    const struct bops_ticket_conf *c, int64_t now, bool explain);

/*
 * The same from the packed values (node.h) of a ticket's fields named in
 * bops_ticket_sla_fields, in that order (vals[i] NULL when absent), as
 * bops_store_fields reads them from the cache: for the aggregates
 * (attainment, what is due), which then decode no ticket.
 */
#define BOPS_TICKET_SLA_NFIELDS 3
extern const char *const bops_ticket_sla_fields[BOPS_TICKET_SLA_NFIELDS];
void bops_ticket_sla_packed(struct bops_sla *out,
    const unsigned char *const *vals, const size_t *lens,
    const struct bops_ticket_conf *c, int64_t now);

/*
 * Append business seconds as hours and minutes, the units a business
 * clock is read in: "0m", "45m", "3h", "26h30m"; "-15m" for less than
 * nothing (time over a target).
 */
void bops_sla_format(struct bops_buf *out, int64_t secs);

/*
 * The value at `share` (0..1) of n sorted values, by nearest rank: the
 * ceil(share * n)-th smallest (the first for 0).  The median is share
 * 0.5, p90 0.9.  v must be sorted; n > 0.
 */
int64_t bops_sla_rank(const int64_t *v, size_t n, double share);

/*
 * Attainment, for `sla --report` and key results: clocks counted met or
 * breached once that is decided (a stopped clock, or a running one past
 * its target), with the business times of those that stopped.  Clocks
 * without a target, or still running within it, are not counted.
 */
struct bops_sla_tally {
	size_t met, breached;
	int64_t *times;
	size_t ntimes, atimes;
};
#define BOPS_SLA_TALLY_INIT { 0, 0, NULL, 0, 0 }
void bops_sla_tally_add(struct bops_sla_tally *t,
    const struct bops_sla_clock *c);
/* Sort the times, for bops_sla_rank. */
void bops_sla_tally_sort(struct bops_sla_tally *t);
void bops_sla_tally_release(struct bops_sla_tally *t);

/*
 * Whether ticket (validated) was opened within period p: the day of its
 * creation in the zone of c's calendar.  Attainment (sla --report, a key
 * result's sla measure) is of the tickets opened in a period.
 */
bool bops_ticket_opened_in(const struct bops_record *ticket,
    const struct bops_ticket_conf *c, const struct bops_period *p);
/* The same for the instant a ticket was created (NULL: false). */
bool bops_ticket_created_in(const char *created,
    const struct bops_ticket_conf *c, const struct bops_period *p);

/*
 * SLA attainment of the tickets of kind at commit that were opened in
 * period p, by priority (c's, then all of them: n = npriorities + 1):
 * how many were opened and the tally of each clock at now.  Read from
 * the tickets' packed fields (bops_store_fields); one that does not
 * validate goes to warn (may be NULL).  For `ticket sla --report` and
 * the service report.  Release with bops_ticket_attainment_release.
 */
struct bops_ticket_attainment {
	size_t n;
	size_t *opened;
	struct bops_sla_tally *first, *res;
};
const struct bops_error *bops_ticket_attainment(
    struct bops_ticket_attainment *out, struct bops_ws *ws,
    const struct bops_kind *kind, const char *commit,
    const struct bops_ticket_conf *c, const struct bops_period *p,
    int64_t now, bops_store_warn_fn warn, void *arg);
void bops_ticket_attainment_release(struct bops_ticket_attainment *a);

/*
 * Follow-ups.  A customer's rule (its follow_ups records) made on day
 * `since` with a cycle of `days` days is due on since + days, then every
 * `days` days.  The due day whose cycle came round last by `today`:
 * false when the first is still to come.
 */
bool bops_followup_due(int32_t since, int32_t days, int32_t today,
    int32_t *due);
/* The next due day after `today`. */
int32_t bops_followup_next(int32_t since, int32_t days, int32_t today);

/*
 * The id of the ticket that rule N of customer opens for the cycle due
 * on `due`: derived from the three alone, so that two clones that both
 * open it write the same file.
 */
void bops_followup_id(char out[BOPS_ID_GEN_LEN + 1], const char *customer,
    const char *rule, int32_t due);

/*
 * The follow-up ticket of rule (a map of customer's follow_ups) due on
 * `due`: its derived id, subject (the rule's, else "Follow up with
 * NAME"), the customer, the rule's priority (else the least urgent),
 * queue and assignee, the rule "CUSTOMER/N", the due day, and created
 * and updated at the start of the due day in the workspace's zone, so
 * that every clone that makes it makes the same bytes.  *out is new
 * (blob ""); BOPS_ERR_INVALID when the config has no priority.
 */
const struct bops_error *bops_followup_ticket(struct bops_record **out,
    struct bops_ws *ws, const struct bops_record *customer,
    const struct bops_node *rule, int32_t due);

#endif
