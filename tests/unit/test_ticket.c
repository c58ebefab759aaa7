#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "buf.h"
#include "date.h"
#include "error.h"
#include "git.h"
#include "id.h"
#include "record.h"
#include "schema.h"
#include "store.h"
#include "ticket.h"
#include "workspace.h"
#include "banned.h"

#include "sandbox.h"

#define HCM "Asia/Ho_Chi_Minh"
#define STHLM "Europe/Stockholm"
#define H(x) ((x) * 3600)
#define WEEKDAYS 0x3e

/* The workspace of every test. */
static struct ws_fixture_opts ws_opts = {
	NULL, "2026-11-23T02:00:00Z", "Lan Nguyen <lan@example.com>"
};

#define TS(t) cmocka_unit_test_prestate_setup_teardown(t, ws_setup, \
    ws_teardown, &ws_opts)

static void
the_flow_runs_from_new_to_closed(void **state)
{
	enum { N_ = BOPS_TICKET_NEW, O = BOPS_TICKET_OPEN,
	    P = BOPS_TICKET_PENDING, R = BOPS_TICKET_RESOLVED,
	    C = BOPS_TICKET_CLOSED };
	static const struct { int from, to; bool may; } rows[] = {
		{ N_, O, true }, { N_, P, true }, { N_, R, true },
		{ N_, C, true }, { O, P, true }, { O, R, true }, { O, C, true },
		{ P, O, true }, { P, R, true }, { P, C, true }, { R, O, true },
		{ R, C, true },
		/* nothing goes back to new; resolved is not pending */
		{ O, N_, false }, { P, N_, false }, { R, N_, false },
		{ R, P, false },
		/* closed is over */
		{ C, N_, false }, { C, O, false }, { C, P, false },
		{ C, R, false },
		{ O, O, false },
	};
	size_t i;

	for (i = 0; i < N(rows); i++)
		if (bops_ticket_may_move(rows[i].from, rows[i].to) !=
		    rows[i].may)
			fail_msg("%s -> %s: want %s",
			    bops_ticket_status_name(rows[i].from),
			    bops_ticket_status_name(rows[i].to),
			    rows[i].may ? "allowed" : "refused");
	assert_int_equal(bops_ticket_status("pending"), BOPS_TICKET_PENDING);
	assert_int_equal(bops_ticket_status("Pending"), -1);
	assert_int_equal(bops_ticket_status(NULL), -1);
}

static void
clock_times_are_hh_mm(void **state)
{
	static const struct {
		const char *s;
		bool end, ok;
		int32_t secs;
	} rows[] = {
		{ "09:00", false, true, H(9) },
		{ "17:30", false, true, H(17) + 1800 },
		{ "00:00", false, true, 0 },
		{ "23:59", false, true, H(23) + 59 * 60 },
		{ "24:00", true, true, H(24) },
		{ "24:00", false, false, 0 },
		{ "24:01", true, false, 0 },
		{ "9:00", false, false, 0 },
		{ "09:60", false, false, 0 },
		{ "25:00", true, false, 0 },
		{ "09-00", false, false, 0 },
		{ "", false, false, 0 },
	};
	size_t i;
	int32_t got;

	for (i = 0; i < N(rows); i++) {
		got = -1;
		if (bops_ticket_clock_parse(&got, rows[i].s, rows[i].end) !=
		    rows[i].ok || (rows[i].ok && got != rows[i].secs))
			fail_msg("'%s': got %d", rows[i].s, (int)got);
	}
	assert_false(bops_ticket_clock_parse(&got, NULL, false));
}

/* Events of a test ticket: "R" reply, "M" message, "N" note, or a
 * status name, each at an instant. */
struct ev {
	const char *at, *what;
};

static void
events(struct bops_ticket_event *out, const struct ev *in, size_t *n)
{
	for (*n = 0; *n < 6 && in[*n].at; (*n)++) {
		out[*n].at = instant(in[*n].at);
		out[*n].status = BOPS_TICKET_NEW;
		if (strcmp(in[*n].what, "R") == 0)
			out[*n].kind = BOPS_EVENT_REPLY;
		else if (strcmp(in[*n].what, "M") == 0)
			out[*n].kind = BOPS_EVENT_MESSAGE;
		else if (strcmp(in[*n].what, "N") == 0)
			out[*n].kind = BOPS_EVENT_NOTE;
		else {
			out[*n].kind = BOPS_EVENT_STATUS;
			out[*n].status = bops_ticket_status(in[*n].what);
		}
	}
}

/*
 * The SLA clocks of a ticket replayed against Monday-Friday 09:00-17:00
 * with 2026-12-24 a holiday: the edge cases of the desk.  2026-11-23 is
 * a Monday; Ho Chi Minh City is UTC+7 all year, Stockholm changes to
 * summer time on 2026-03-29 and back on 2026-10-25.
 */
static void
clocks_replay_the_edge_cases(void **state)
{
	static const struct {
		const char *what, *tz, *created, *now;
		struct ev ev[6];
		int64_t fr, res;	/* targets */
		enum bops_sla_state fr_state;
		int64_t fr_elapsed;
		enum bops_sla_state res_state;
		int64_t res_elapsed;
	} rows[] = {
		{ "opened at night: the clock starts at opening time", HCM,
		    "2026-11-23T15:00:00Z", "2026-11-24T03:00:00Z",
		    { { "2026-11-24T02:30:00Z", "R" },
		    { "2026-11-24T02:30:00Z", "open" } }, H(1), H(4),
		    BOPS_SLA_MET, 1800, BOPS_SLA_RUNNING, H(1) },
		{ "opened on a Saturday: at risk on Monday", HCM,
		    "2026-11-21T03:00:00Z", "2026-11-23T02:50:00Z", { { 0 } },
		    H(1), H(4), BOPS_SLA_AT_RISK, 3000, BOPS_SLA_RUNNING,
		    3000 },
		{ "a quarter left is not yet at risk", HCM,
		    "2026-11-21T03:00:00Z", "2026-11-23T02:45:00Z", { { 0 } },
		    H(1), H(4), BOPS_SLA_RUNNING, 2700, BOPS_SLA_RUNNING,
		    2700 },
		{ "a holiday is skipped", HCM, "2026-12-23T09:00:00Z",
		    "2026-12-25T02:30:00Z", { { 0 } }, H(1), H(4),
		    BOPS_SLA_BREACHED, 5400, BOPS_SLA_RUNNING, 5400 },
		{ "a pending stretch across a weekend", HCM,
		    "2026-11-27T02:00:00Z", "2026-11-30T04:00:00Z",
		    { { "2026-11-27T03:00:00Z", "R" },
		    { "2026-11-27T03:00:00Z", "open" },
		    { "2026-11-27T04:00:00Z", "pending" },
		    { "2026-11-30T03:00:00Z", "M" },
		    { "2026-11-30T03:00:00Z", "open" } }, H(1), H(4),
		    BOPS_SLA_MET, H(1), BOPS_SLA_RUNNING, H(3) },
		{ "pending, within its target: paused", HCM,
		    "2026-11-27T02:00:00Z", "2026-11-30T04:00:00Z",
		    { { "2026-11-27T03:00:00Z", "R" },
		    { "2026-11-27T04:00:00Z", "pending" } }, H(1), H(4),
		    BOPS_SLA_MET, H(1), BOPS_SLA_PAUSED, H(2) },
		{ "pending past its target: breached", HCM,
		    "2026-11-23T02:00:00Z", "2026-11-24T02:00:00Z",
		    { { "2026-11-23T03:00:00Z", "R" },
		    { "2026-11-23T08:00:00Z", "pending" } }, H(1), H(4),
		    BOPS_SLA_MET, H(1), BOPS_SLA_BREACHED, H(6) },
		{ "reopen after resolve: the clock goes on", HCM,
		    "2026-11-23T02:00:00Z", "2026-11-24T03:00:00Z",
		    { { "2026-11-23T04:00:00Z", "resolved" },
		    { "2026-11-24T02:00:00Z", "open" } }, H(4), H(8),
		    BOPS_SLA_MET, H(2), BOPS_SLA_RUNNING, H(3) },
		{ "resolved in time: met", HCM, "2026-11-23T02:00:00Z",
		    "2026-11-25T02:00:00Z",
		    { { "2026-11-23T02:20:00Z", "R" },
		    { "2026-11-23T04:00:00Z", "resolved" },
		    { "2026-11-24T04:00:00Z", "closed" } }, H(1), H(4),
		    BOPS_SLA_MET, 1200, BOPS_SLA_MET, H(2) },
		{ "resolved late: breached for good", HCM,
		    "2026-11-23T02:00:00Z", "2026-11-25T02:00:00Z",
		    { { "2026-11-23T02:20:00Z", "R" },
		    { "2026-11-23T08:00:00Z", "resolved" } }, H(1), H(4),
		    BOPS_SLA_MET, 1200, BOPS_SLA_BREACHED, H(6) },
		{ "a note is no response", HCM, "2026-11-23T02:00:00Z",
		    "2026-11-23T03:30:00Z",
		    { { "2026-11-23T02:30:00Z", "N" },
		    { "2026-11-23T02:40:00Z", "M" } }, H(1), H(4),
		    BOPS_SLA_BREACHED, 5400, BOPS_SLA_RUNNING, 5400 },
		{ "resolved without a reply stops the first response", HCM,
		    "2026-11-23T02:00:00Z", "2026-11-23T05:00:00Z",
		    { { "2026-11-23T02:30:00Z", "resolved" } }, H(1), H(4),
		    BOPS_SLA_MET, 1800, BOPS_SLA_MET, 1800 },
		{ "no target for the priority", HCM, "2026-11-23T02:00:00Z",
		    "2026-11-24T02:00:00Z", { { 0 } }, -1, -1, BOPS_SLA_NONE,
		    H(8), BOPS_SLA_NONE, H(8) },
		{ "an event before the creation counts at the creation", HCM,
		    "2026-11-23T03:00:00Z", "2026-11-23T05:00:00Z",
		    { { "2026-11-23T01:00:00Z", "R" } }, H(1), H(4),
		    BOPS_SLA_MET, 0, BOPS_SLA_RUNNING, H(2) },
		{ "an event after now counts at now", HCM,
		    "2026-11-23T02:00:00Z", "2026-11-23T03:00:00Z",
		    { { "2026-11-24T01:00:00Z", "resolved" } }, H(4), H(8),
		    BOPS_SLA_MET, H(1), BOPS_SLA_MET, H(1) },
		{ "over the jump to summer time", STHLM,
		    "2026-03-27T15:00:00Z", "2026-03-30T08:00:00Z",
		    { { "2026-03-30T07:30:00Z", "R" } }, H(1), H(4),
		    BOPS_SLA_BREACHED, 5400, BOPS_SLA_RUNNING, H(2) },
		{ "over the jump back to winter time", STHLM,
		    "2026-10-23T14:30:00Z", "2026-10-26T08:30:00Z", { { 0 } },
		    H(1), H(4), BOPS_SLA_AT_RISK, H(1), BOPS_SLA_RUNNING,
		    H(1) },
	};
	struct bops_ticket_event ev[6];
	struct bops_calendar cal;
	struct bops_sla_input in;
	struct bops_sla s;
	struct bops_tz *tz = NULL;
	int32_t xmas = ymd("2026-12-24");
	size_t i;

	for (i = 0; i < N(rows); i++) {
		assert_null(bops_tz_open(&tz, rows[i].tz));
		memset(&cal, 0, sizeof(cal));
		cal.tz = tz;
		cal.days = WEEKDAYS;
		cal.open = H(9);
		cal.close = H(17);
		cal.holidays = &xmas;
		cal.nholidays = 1;
		memset(&in, 0, sizeof(in));
		in.created = instant(rows[i].created);
		in.now = instant(rows[i].now);
		events(ev, rows[i].ev, &in.nevents);
		in.events = ev;
		in.first_response = rows[i].fr;
		in.resolution = rows[i].res;
		in.at_risk = 0.25;
		in.cal = &cal;
		bops_sla_replay(&s, &in);
		/* a "no target" clock still counts, for the record */
		if (rows[i].fr_state == BOPS_SLA_MET && i == 0)
			assert_true(s.first_response.stopped);
		if (s.first_response.state != rows[i].fr_state ||
		    s.first_response.elapsed != rows[i].fr_elapsed ||
		    s.resolution.state != rows[i].res_state ||
		    s.resolution.elapsed != rows[i].res_elapsed)
			fail_msg("%s: first response %s %llds, resolution %s "
			    "%llds", rows[i].what,
			    bops_sla_state_name(s.first_response.state),
			    (long long)s.first_response.elapsed,
			    bops_sla_state_name(s.resolution.state),
			    (long long)s.resolution.elapsed);
		bops_sla_release(&s);
		bops_tz_close(tz);
	}
}

/* When a clock breached, when it is due, and why each stretch counted
 * or not. */
static void
clocks_explain_each_stretch(void **state)
{
	static const struct ev in_ev[] = {
		{ "2026-11-27T03:00:00Z", "R" },
		{ "2026-11-27T03:00:00Z", "open" },
		{ "2026-11-27T04:00:00Z", "pending" },
		{ "2026-11-30T03:00:00Z", "M" },
		{ "2026-11-30T03:00:00Z", "open" },
		{ NULL, NULL },
	};
	struct bops_ticket_event ev[6];
	struct bops_calendar cal;
	struct bops_sla_input in;
	struct bops_sla s;
	struct bops_tz *tz = NULL;
	const struct bops_sla_span *sp;

	assert_null(bops_tz_open(&tz, HCM));
	memset(&cal, 0, sizeof(cal));
	cal.tz = tz;
	cal.days = WEEKDAYS;
	cal.open = H(9);
	cal.close = H(17);
	memset(&in, 0, sizeof(in));
	/* Opened Friday 08:00, pending 11:00 until Monday 10:00. */
	in.created = instant("2026-11-27T01:00:00Z");
	in.now = instant("2026-11-30T04:00:00Z");
	events(ev, in_ev, &in.nevents);
	in.events = ev;
	in.first_response = H(1);
	in.resolution = H(4);
	in.at_risk = 0.25;
	in.cal = &cal;
	in.explain = true;
	bops_sla_replay(&s, &in);
	sp = s.resolution.spans;
	assert_int_equal(s.resolution.nspans, 4);
	assert_int_equal(sp[0].why, BOPS_SLA_CLOSED);	/* 08:00-09:00 */
	assert_int_equal(sp[0].to, instant("2026-11-27T02:00:00Z"));
	assert_int_equal(sp[1].why, 0);			/* 09:00-11:00 */
	assert_int_equal(sp[1].counted, H(2));
	assert_int_equal(sp[2].why, BOPS_SLA_PENDING);	/* over the weekend */
	assert_int_equal(sp[2].from, instant("2026-11-27T04:00:00Z"));
	assert_int_equal(sp[2].to, instant("2026-11-30T03:00:00Z"));
	assert_int_equal(sp[3].counted, H(1));		/* Monday 10-11 */
	assert_int_equal(sp[3].to, in.now);
	/* 1h of 4h left: due at noon on Monday */
	assert_int_equal(s.resolution.due, instant("2026-11-30T05:00:00Z"));
	assert_int_equal(s.resolution.breached_at, INT64_MIN);
	/* First response: 08:00-09:00 closed, 09:00-10:00 counted; met at
	 * its target exactly. */
	assert_int_equal(s.first_response.nspans, 2);
	assert_int_equal(s.first_response.state, BOPS_SLA_MET);
	assert_int_equal(s.first_response.stop,
	    instant("2026-11-27T03:00:00Z"));
	bops_sla_release(&s);

	/* Not answered by 10:30: breached at 10:00. */
	in.nevents = 0;
	in.now = instant("2026-11-27T03:30:00Z");
	bops_sla_replay(&s, &in);
	assert_int_equal(s.first_response.state, BOPS_SLA_BREACHED);
	assert_false(s.first_response.stopped);
	assert_int_equal(s.first_response.breached_at,
	    instant("2026-11-27T03:00:00Z"));
	assert_true(s.first_response.due == INT64_MAX);
	bops_sla_release(&s);
	bops_tz_close(tz);
}

static void
business_time_reads_in_hours_and_minutes(void **state)
{
	static const struct { int64_t secs; const char *want; } rows[] = {
		{ 0, "0m" }, { 59, "0m" }, { 60, "1m" }, { 2700, "45m" },
		{ H(1), "1h" }, { 5400, "1h30m" }, { H(26) + 1800, "26h30m" },
		{ -900, "-15m" }, { -H(2), "-2h" },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < N(rows); i++) {
		bops_buf_reset(&b);
		bops_sla_format(&b, rows[i].secs);
		assert_string_equal(b.ptr, rows[i].want);
	}
	bops_buf_release(&b);
}

static void
rank_is_the_nearest_rank(void **state)
{
	static const int64_t v[] = { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 };

	assert_int_equal(bops_sla_rank(v, 10, 0.5), 50);
	assert_int_equal(bops_sla_rank(v, 10, 0.9), 90);
	assert_int_equal(bops_sla_rank(v, 10, 0.91), 100);
	assert_int_equal(bops_sla_rank(v, 10, 0), 10);
	assert_int_equal(bops_sla_rank(v, 10, 1), 100);
	assert_int_equal(bops_sla_rank(v, 1, 0.9), 10);
	assert_int_equal(bops_sla_rank(v, 3, 0.5), 20);
}

static void
tally_counts_what_is_decided(void **state)
{
	struct bops_sla_tally t = BOPS_SLA_TALLY_INIT;
	struct bops_sla_clock c;

	memset(&c, 0, sizeof(c));
	c.state = BOPS_SLA_MET;
	c.stopped = true;
	c.elapsed = 300;
	bops_sla_tally_add(&t, &c);
	c.state = BOPS_SLA_BREACHED;
	c.elapsed = 100;
	bops_sla_tally_add(&t, &c);
	/* breached and still running: breached, no time yet */
	c.stopped = false;
	bops_sla_tally_add(&t, &c);
	/* running within its target, or without one: not counted */
	c.state = BOPS_SLA_RUNNING;
	bops_sla_tally_add(&t, &c);
	c.state = BOPS_SLA_NONE;
	c.stopped = true;
	bops_sla_tally_add(&t, &c);
	assert_int_equal(t.met, 1);
	assert_int_equal(t.breached, 2);
	assert_int_equal(t.ntimes, 2);
	bops_sla_tally_sort(&t);
	assert_int_equal(t.times[0], 100);
	assert_int_equal(t.times[1], 300);
	bops_sla_tally_release(&t);
}

static void
follow_ups_come_round_every_cycle(void **state)
{
	static const struct {
		const char *since;
		int32_t days;
		const char *today, *due, *next;
	} rows[] = {
		{ "2026-11-23", 30, "2026-11-23", NULL, "2026-12-23" },
		{ "2026-11-23", 30, "2026-12-22", NULL, "2026-12-23" },
		{ "2026-11-23", 30, "2026-12-23", "2026-12-23", "2027-01-22" },
		{ "2026-11-23", 30, "2027-01-21", "2026-12-23", "2027-01-22" },
		{ "2026-11-23", 30, "2027-01-22", "2027-01-22", "2027-02-21" },
		{ "2026-11-23", 7, "2026-12-08", "2026-12-07", "2026-12-14" },
		{ "2026-11-23", 1, "2026-11-24", "2026-11-24", "2026-11-25" },
		{ "2026-11-23", 30, "2026-01-01", NULL, "2026-12-23" },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	int32_t due;
	size_t i;
	bool got;

	for (i = 0; i < N(rows); i++) {
		got = bops_followup_due(ymd(rows[i].since), rows[i].days,
		    ymd(rows[i].today), &due);
		if (got != (rows[i].due != NULL) || (got && due !=
		    ymd(rows[i].due)))
			fail_msg("row %zu: due %s", i, got ? "set" : "none");
		bops_buf_reset(&b);
		bops_date_format(&b, bops_followup_next(ymd(rows[i].since),
		    rows[i].days, ymd(rows[i].today)));
		assert_string_equal(b.ptr, rows[i].next);
	}
	assert_false(bops_followup_due(0, 0, 100, &due));
	bops_buf_release(&b);
}

static void
follow_up_ids_are_derived(void **state)
{
	char a[BOPS_ID_GEN_LEN + 1], b[BOPS_ID_GEN_LEN + 1];

	bops_followup_id(a, "chi-pham", "1", ymd("2026-12-23"));
	bops_followup_id(b, "chi-pham", "1", ymd("2026-12-23"));
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), BOPS_ID_GEN_LEN);
	assert_true(bops_id_valid(a));
	bops_followup_id(b, "chi-pham", "1", ymd("2027-01-22"));
	assert_string_not_equal(a, b);
	bops_followup_id(b, "chi-pham", "2", ymd("2026-12-23"));
	assert_string_not_equal(a, b);
	bops_followup_id(b, "chi-phan", "1", ymd("2026-12-23"));
	assert_string_not_equal(a, b);
}

/* Parse config text against the config schema: the first problem. */
static const struct bops_error *
config(const char *text, struct bops_node **out)
{
	struct bops_schema *s = NULL;
	struct bops_node *doc = NULL;
	const struct bops_error *err;

	assert_null(bops_schema_builtin(&s, "config"));
	err = bops_ws_config_parse(&doc, s, "bops.yaml", text, strlen(text));
	bops_schema_free(s);
	if (out)
		*out = doc;
	else
		bops_node_free(doc);
	return err;
}

static void
config_reads_business_hours_and_targets(void **state)
{
	static const char text[] =
	    "name: x\n"
	    "ticket:\n"
	    "  priorities: [p1, p2, p3]\n"
	    "  first_response: {p1: 30m, p2: 1d}\n"
	    "  resolution: {p1: 7d, p2: 1w, p3: 1d4h}\n"
	    "  at_risk: 0.5\n"
	    "  business_hours:\n"
	    "    days: [sunday, monday, tuesday, wednesday, thursday]\n"
	    "    start: '08:30'\n"
	    "    end: '16:30'\n"
	    "    holidays: [2026-12-25, 2026-12-24]\n";
	struct bops_ticket_conf c;
	struct bops_node *doc = NULL;

	assert_null(config(text, &doc));
	bops_ticket_conf_init(&c, doc, NULL);
	assert_int_equal(c.cal.days, (1u << 7) | 0x1e);
	assert_int_equal(c.cal.open, H(8) + 1800);
	assert_int_equal(c.cal.close, H(16) + 1800);
	assert_int_equal(c.cal.nholidays, 2);
	assert_int_equal(c.cal.holidays[0], ymd("2026-12-24"));
	assert_true(c.at_risk == 0.5);
	assert_int_equal(c.npriorities, 3);
	assert_int_equal(bops_ticket_priority(&c, "p2"), 1);
	assert_int_equal(bops_ticket_priority(&c, "p4"), -1);
	assert_int_equal(c.first_response[0], 1800);
	assert_int_equal(c.first_response[1], H(8));
	assert_int_equal(c.first_response[2], -1);
	/* 7d is seven business days; 1w the five of a week */
	assert_int_equal(c.resolution[0], H(56));
	assert_int_equal(c.resolution[1], H(40));
	assert_int_equal(c.resolution[2], H(12));
	assert_string_equal(c.resolution_text[0], "7d");
	bops_ticket_conf_release(&c);
	bops_node_free(doc);
	/* Nothing set: Monday to Friday, 09:00-17:00, a quarter. */
	assert_null(config("name: x\n", &doc));
	bops_ticket_conf_init(&c, doc, NULL);
	assert_int_equal(c.cal.days, WEEKDAYS);
	assert_int_equal(c.cal.open, H(9));
	assert_true(c.at_risk == 0.25);
	assert_int_equal(c.npriorities, 0);
	bops_ticket_conf_release(&c);
	bops_node_free(doc);
}

static void
config_names_each_bad_value_where_it_is(void **state)
{
	static const struct { const char *text, *msg; } rows[] = {
		{ "name: x\nticket:\n  first_response:\n    urgent: 3x\n",
		    "bops.yaml:4:13: ticket.first_response.urgent must be a "
		    "duration in business time (45m, 4h, 1d, 1w), got '3x'" },
		{ "name: x\nticket:\n  resolution: {urgent: 1d1w}\n",
		    "bops.yaml:3:24: ticket.resolution.urgent must be a "
		    "duration in business time (45m, 4h, 1d, 1w), got '1d1w'" },
		{ "name: x\nticket:\n  business_hours:\n    days: [monday, "
		    "funday]\n", "bops.yaml:4:20: ticket.business_hours.days: "
		    "'funday' is no weekday (monday..sunday)" },
		{ "name: x\nticket:\n  business_hours:\n    start: '9am'\n",
		    "bops.yaml:4:12: ticket.business_hours.start must be "
		    "HH:MM, got '9am'" },
		{ "name: x\nticket:\n  business_hours:\n    end: '25:00'\n",
		    "bops.yaml:4:10: ticket.business_hours.end must be HH:MM "
		    "(24:00 for midnight), got '25:00'" },
		{ "name: x\nticket:\n  business_hours:\n    start: '17:00'\n"
		    "    end: '09:00'\n", "bops.yaml:5:10: "
		    "ticket.business_hours.end must be after the opening "
		    "time, got '09:00'" },
		{ "name: x\nticket:\n  business_hours:\n    holidays: "
		    "[2026-12-24, christmas]\n", "bops.yaml:4:28: "
		    "ticket.business_hours.holidays: 'christmas' is no date "
		    "(YYYY-MM-DD)" },
		{ "name: x\nticket:\n  priorities: [p1]\n  first_response: "
		    "{urgent: 1h}\n", "bops.yaml:4:20: "
		    "ticket.first_response.urgent: no such priority in "
		    "ticket.priorities" },
		{ "name: x\nticket:\n  at_risk: 2\n", NULL },
	};
	const struct bops_error *err;
	size_t i;

	for (i = 0; i < N(rows); i++) {
		err = config(rows[i].text, NULL);
		assert_non_null(err);
		assert_int_equal(err->code, BOPS_ERR_INVALID);
		if (rows[i].msg && strcmp(err->msg, rows[i].msg))
			fail_msg("row %zu: got '%s'", i, err->msg);
	}
	assert_null(config("name: x\nticket:\n  business_hours:\n    start: "
	    "'00:00'\n    end: '24:00'\n", NULL));
}

/* The rules, through transactions. */

static const struct bops_kind *
ticket_kind(void)
{
	return bops_kind_find("ticket");
}

static void
customer(struct ws_fixture *f, const char *id)
{
	struct bops_txn *txn = NULL;
	struct bops_record *rec = NULL;

	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_record_new(&rec, f->ws, bops_kind_find("customer"),
	    id));
	assert_null(bops_record_set(rec, f->ws, "name", "Chi Pham"));
	assert_null(bops_txn_put(txn, rec, NULL));
	assert_null(bops_txn_commit(txn, "customer", NULL));
	bops_record_free(rec);
	bops_txn_free(txn);
}

static void
open_ticket(struct ws_fixture *f, const char *id)
{
	struct bops_txn *txn = NULL;
	struct bops_record *rec = NULL;

	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_record_new(&rec, f->ws, ticket_kind(), id));
	assert_null(bops_record_set(rec, f->ws, "subject", "App down"));
	assert_null(bops_record_set(rec, f->ws, "customer", "chi"));
	assert_null(bops_record_set(rec, f->ws, "priority", "urgent"));
	assert_null(bops_txn_put(txn, rec, NULL));
	assert_null(bops_txn_commit(txn, "open", NULL));
	bops_record_free(rec);
	bops_txn_free(txn);
}

/*
 * Change ticket id in one transaction with flags: its status to status
 * (NULL: kept) and an entry of kind event (NULL: none) added to its
 * thread.  The error; on success *out (may be NULL) is the record
 * written.
 */
static const struct bops_error *
change(struct ws_fixture *f, const char *id, const char *status,
    const char *event, unsigned flags)
{
	const struct bops_error *err;
	struct bops_txn *txn = NULL;
	struct bops_record *rec = NULL;
	struct bops_node *thread, *e;
	static int n;
	char text[32];

	assert_null(bops_txn_begin(&txn, f->ws));
	bops_txn_set_flags(txn, flags);
	assert_null(bops_txn_load(&rec, txn, ticket_kind(), id));
	if (status)
		assert_null(bops_record_set(rec, f->ws, "status", status));
	if (event) {
		if ((thread = bops_record_get(rec, "thread")) == NULL) {
			thread = bops_node_new_seq();
			bops_node_map_set(rec->root, "thread", thread);
		}
		e = bops_node_new_map();
		bops_node_map_set_str(e, "at", "2026-11-23T02:30:00Z",
		    BOPS_SCALAR_RAW);
		bops_node_map_set_str(e, "by", "Chi", BOPS_SCALAR_TEXT);
		bops_node_map_set_str(e, "event", event, BOPS_SCALAR_RAW);
		/* each entry its own: equal ones are one entry */
		snprintf(text, sizeof(text), "hello %d", ++n);
		bops_node_map_set_str(e, "text", text, BOPS_SCALAR_TEXT);
		bops_node_seq_append(thread, e);
	}
	if ((err = bops_txn_put(txn, rec, NULL)) == NULL)
		assert_null(bops_txn_commit(txn, "change", NULL));
	bops_record_free(rec);
	bops_txn_free(txn);
	return err;
}

static struct bops_record *
load(struct ws_fixture *f, const char *id)
{
	struct bops_record *rec = NULL;

	assert_null(bops_store_read(&rec, f->ws, ticket_kind(), NULL, id));
	return rec;
}

/* The status of ticket id, and how many status events its thread has. */
static void
expect(struct ws_fixture *f, const char *id, const char *status,
    size_t nstatus)
{
	struct bops_record *rec = load(f, id);
	const struct bops_node *t = bops_record_get(rec, "thread");
	size_t i, n = 0;

	assert_string_equal(bops_record_str(rec, "status"), status);
	for (i = 0; t && i < t->n; i++)
		n += strcmp(bops_node_map_str(t->items[i], "event"), "status")
		    == 0;
	assert_int_equal(n, nstatus);
	bops_record_free(rec);
}

static void
every_change_of_status_is_in_the_thread(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_record *rec;
	const struct bops_node *e;

	customer(f, "chi");
	open_ticket(f, "t1");
	expect(f, "t1", "new", 0);
	assert_null(change(f, "t1", "pending", NULL, 0));
	expect(f, "t1", "pending", 1);
	rec = load(f, "t1");
	e = bops_record_get(rec, "thread")->items[0];
	assert_string_equal(bops_node_map_str(e, "old"), "new");
	assert_string_equal(bops_node_map_str(e, "new"), "pending");
	assert_string_equal(bops_node_map_str(e, "by"), "Lan Nguyen");
	assert_string_equal(bops_node_map_str(e, "at"),
	    "2026-11-23T02:00:00Z");
	bops_record_free(rec);
	/* No change, no entry. */
	assert_null(change(f, "t1", "pending", NULL, 0));
	expect(f, "t1", "pending", 1);
}

static void
the_thread_moves_the_status_on(void **state)
{
	struct ws_fixture *f = *state;

	customer(f, "chi");
	open_ticket(f, "t1");
	/* A note changes nothing; the first reply opens it. */
	assert_null(change(f, "t1", NULL, "note", 0));
	expect(f, "t1", "new", 0);
	assert_null(change(f, "t1", NULL, "reply", 0));
	expect(f, "t1", "open", 1);
	/* The customer's message reopens a pending or resolved ticket. */
	assert_null(change(f, "t1", "pending", NULL, 0));
	assert_null(change(f, "t1", NULL, "message", 0));
	expect(f, "t1", "open", 3);
	assert_null(change(f, "t1", "resolved", NULL, 0));
	assert_null(change(f, "t1", NULL, "message", 0));
	expect(f, "t1", "open", 5);
	/* A reply given with a change of status keeps that status. */
	assert_null(change(f, "t1", "pending", "reply", 0));
	expect(f, "t1", "pending", 6);
}

static void
a_closed_ticket_takes_no_reply(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_error *err;

	customer(f, "chi");
	open_ticket(f, "t1");
	assert_null(change(f, "t1", "closed", NULL, 0));
	err = change(f, "t1", NULL, "reply", 0);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
	assert_non_null(strstr(err->msg, "follows=t1"));
	err = change(f, "t1", NULL, "message", BOPS_TXN_FORCE);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
	/* An internal note is still taken. */
	assert_null(change(f, "t1", NULL, "note", 0));
	/* Reopened only when forced. */
	err = change(f, "t1", "open", NULL, 0);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
	assert_null(change(f, "t1", "open", NULL, BOPS_TXN_FORCE));
	expect(f, "t1", "open", 2);
}

static void
the_flow_is_kept_unless_forced(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_error *err;

	customer(f, "chi");
	open_ticket(f, "t1");
	assert_null(change(f, "t1", "resolved", NULL, 0));
	err = change(f, "t1", "pending", NULL, 0);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
	assert_string_equal(err->msg, "ticket 't1' cannot go from resolved "
	    "to pending");
	err = change(f, "t1", "new", NULL, 0);
	assert_non_null(err);
	expect(f, "t1", "resolved", 1);
	/* A merge keeps what each side wrote and adds nothing. */
	assert_null(change(f, "t1", "new", NULL, BOPS_TXN_MERGE));
	expect(f, "t1", "new", 1);
}

/* An undo takes a change of status back with its entry: the flow is
 * not asked again of what it undoes, but only then. */
static void
a_change_taken_back_with_its_entry_passes(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	struct bops_txn *txn = NULL;
	struct bops_record *rec = NULL;
	struct bops_node *thread;

	customer(f, "chi");
	open_ticket(f, "t1");
	assert_null(change(f, "t1", "resolved", NULL, 0));
	assert_null(change(f, "t1", "closed", NULL, 0));
	/* closed -> resolved with the close's entry taken out */
	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_txn_load(&rec, txn, ticket_kind(), "t1"));
	thread = bops_record_get(rec, "thread");
	bops_node_seq_remove(thread, thread->n - 1);
	assert_null(bops_record_set(rec, f->ws, "status", "resolved"));
	assert_null(bops_txn_put(txn, rec, NULL));
	bops_record_free(rec);
	bops_txn_free(txn);
	/* ... but not with the entry kept, nor with another status */
	err = change(f, "t1", "resolved", NULL, 0);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_txn_load(&rec, txn, ticket_kind(), "t1"));
	thread = bops_record_get(rec, "thread");
	bops_node_seq_remove(thread, thread->n - 1);
	assert_null(bops_record_set(rec, f->ws, "status", "open"));
	err = bops_txn_put(txn, rec, NULL);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
	bops_record_free(rec);
	bops_txn_free(txn);
}

static void
a_thread_entry_says_what_it_is(void **state)
{
	struct ws_fixture *f = *state;
	static const char *const bad[] = {
		"subject: x\ncustomer: chi\npriority: high\nthread:\n"
		"- at: 2026-11-23T02:00:00Z\n  by: x\n  event: status\n"
		"  new: open\n",
		"subject: x\ncustomer: chi\npriority: high\nthread:\n"
		"- at: 2026-11-23T02:00:00Z\n  by: x\n  event: status\n"
		"  old: open\n  new: open\n",
		"subject: x\ncustomer: chi\npriority: high\nthread:\n"
		"- at: 2026-11-23T02:00:00Z\n  by: x\n  event: reply\n",
		"subject: x\ncustomer: chi\npriority: high\nthread:\n"
		"- at: 2026-11-23T02:00:00Z\n  by: x\n  event: note\n"
		"  text: hi\n  new: open\n",
	};
	const struct bops_error *err;
	struct bops_record *rec;
	size_t i;

	for (i = 0; i < N(bad); i++) {
		rec = NULL;
		err = bops_record_parse(&rec, f->ws, ticket_kind(), "t1",
		    bad[i], strlen(bad[i]));
		assert_non_null(err);
		assert_int_equal(err->code, BOPS_ERR_INVALID);
		assert_non_null(strstr(err->msg, "tickets/t1/t1.yaml:5:3: "
		    "thread entry 1: "));
		assert_null(rec);
	}
}

/* Two clones that open the same follow-up at different times write
 * the same bytes. */
static void
a_follow_up_is_the_same_on_every_clone(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_record *cust = NULL, *t = NULL;
	struct bops_node *rule = bops_node_new_map();
	struct bops_buf a = BOPS_BUF_INIT, b = BOPS_BUF_INIT;
	struct bops_txn *txn = NULL;
	char id[BOPS_ID_GEN_LEN + 1];
	size_t k;

	customer(f, "chi");
	assert_null(bops_store_read(&cust, f->ws, bops_kind_find("customer"),
	    NULL, "chi"));
	bops_node_map_set_str(rule, "id", "1", BOPS_SCALAR_RAW);
	bops_node_map_set_str(rule, "every", "30d", BOPS_SCALAR_TEXT);
	bops_node_map_set_str(rule, "since", "2026-11-23", BOPS_SCALAR_RAW);
	for (k = 0; k < 2; k++) {
		f->ws->now = instant(k ? "2026-12-24T09:13:00Z" :
		    "2026-12-23T01:00:00Z");
		assert_null(bops_followup_ticket(&t, f->ws, cust, rule,
		    ymd("2026-12-23")));
		assert_null(bops_txn_begin(&txn, f->ws));
		assert_null(bops_txn_put(txn, t, NULL));
		assert_null(bops_record_emit(k ? &b : &a, t, f->ws));
		bops_txn_free(txn);
		bops_record_free(t);
	}
	assert_string_equal(a.ptr, b.ptr);
	bops_followup_id(id, "chi", "1", ymd("2026-12-23"));
	assert_non_null(strstr(a.ptr, "subject: Follow up with Chi Pham\n"));
	assert_non_null(strstr(a.ptr, "priority: low\n"));
	assert_non_null(strstr(a.ptr, "rule: chi/1\n"));
	assert_non_null(strstr(a.ptr, "created: 2026-12-23T00:00:00Z\n"
	    "updated: 2026-12-23T00:00:00Z\n"));
	bops_node_free(rule);
	bops_record_free(cust);
	bops_buf_release(&a);
	bops_buf_release(&b);
}

static void
same_clock(const struct bops_sla_clock *a, const struct bops_sla_clock *b)
{
	assert_int_equal(a->state, b->state);
	assert_int_equal(a->stopped, b->stopped);
	assert_int_equal(a->target, b->target);
	assert_int_equal(a->elapsed, b->elapsed);
	assert_int_equal(a->start, b->start);
	assert_int_equal(a->stop, b->stop);
	assert_int_equal(a->due, b->due);
	assert_int_equal(a->breached_at, b->breached_at);
}

struct packed_seen {
	struct ws_fixture *f;
	struct bops_ticket_conf conf;
	size_t n;
};

/* Each ticket's clocks from its packed fields, against its record's. */
static const struct bops_error *
packed_one(const char *id, const unsigned char *const *vals,
    const size_t *lens, void *arg)
{
	struct packed_seen *p = arg;
	struct bops_record *rec = load(p->f, id);
	struct bops_ticket_event *ev, *pev;
	struct bops_sla a, b;
	size_t n, pn, i;

	bops_ticket_sla(&a, rec, &p->conf, p->f->ws->now, false);
	bops_ticket_sla_packed(&b, vals, lens, &p->conf, p->f->ws->now);
	same_clock(&a.first_response, &b.first_response);
	same_clock(&a.resolution, &b.resolution);
	bops_ticket_events(&ev, &n, rec);
	bops_ticket_events_packed(&pev, &pn, vals[2], lens[2]);
	assert_int_equal(n, pn);
	for (i = 0; i < n; i++) {
		assert_int_equal(ev[i].at, pev[i].at);
		assert_int_equal(ev[i].kind, pev[i].kind);
		assert_int_equal(ev[i].status, pev[i].status);
	}
	free(ev);
	free(pev);
	bops_sla_release(&a);
	bops_sla_release(&b);
	bops_record_free(rec);
	p->n++;
	return NULL;
}

static void
packed_clocks_are_the_record_clocks(void **state)
{
	struct ws_fixture *f = *state;
	struct packed_seen p;
	struct bops_ticket_attainment att;
	struct bops_period period;
	struct bops_ticket_event *ev;
	size_t n;

	memset(&p, 0, sizeof(p));
	p.f = f;
	customer(f, "chi");
	open_ticket(f, "t1");		/* new, no reply */
	open_ticket(f, "t2");
	assert_null(change(f, "t2", NULL, "reply", 0));
	open_ticket(f, "t3");
	assert_null(change(f, "t3", NULL, "reply", 0));
	assert_null(change(f, "t3", "pending", NULL, 0));
	open_ticket(f, "t4");
	assert_null(change(f, "t4", NULL, "note", 0));
	assert_null(change(f, "t4", "resolved", "message", 0));
	bops_ticket_conf_init(&p.conf, f->ws->config, f->ws->tz);
	assert_null(bops_store_fields(f->ws, ticket_kind(), NULL,
	    bops_ticket_sla_fields, BOPS_TICKET_SLA_NFIELDS, packed_one, NULL,
	    &p));
	assert_int_equal(p.n, 4);
	/* Attainment: all four opened this month, of priority urgent. */
	assert_null(bops_period_parse(&period, "2026-11", NULL));
	assert_null(bops_ticket_attainment(&att, f->ws, ticket_kind(), NULL,
	    &p.conf, &period, f->ws->now, NULL, NULL));
	assert_int_equal(att.n, p.conf.npriorities + 1);
	assert_int_equal(att.opened[0], 4);
	assert_int_equal(att.opened[p.conf.npriorities], 4);
	assert_int_equal(att.first[0].met + att.first[0].breached,
	    att.first[p.conf.npriorities].met +
	    att.first[p.conf.npriorities].breached);
	bops_ticket_attainment_release(&att);
	assert_null(bops_period_parse(&period, "2026-10", NULL));
	assert_null(bops_ticket_attainment(&att, f->ws, ticket_kind(), NULL,
	    &p.conf, &period, f->ws->now, NULL, NULL));
	assert_int_equal(att.opened[p.conf.npriorities], 0);
	bops_ticket_attainment_release(&att);
	bops_ticket_conf_release(&p.conf);
	/* No thread, or not a sequence: no events. */
	bops_ticket_events_packed(&ev, &n, NULL, 0);
	assert_int_equal(n, 0);
	free(ev);
	bops_ticket_events_packed(&ev, &n, (const unsigned char *)"\0", 1);
	assert_int_equal(n, 0);
	free(ev);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_flow_runs_from_new_to_closed),
		cmocka_unit_test(clock_times_are_hh_mm),
		cmocka_unit_test(clocks_replay_the_edge_cases),
		cmocka_unit_test(clocks_explain_each_stretch),
		cmocka_unit_test(business_time_reads_in_hours_and_minutes),
		cmocka_unit_test(rank_is_the_nearest_rank),
		cmocka_unit_test(tally_counts_what_is_decided),
		cmocka_unit_test(follow_ups_come_round_every_cycle),
		cmocka_unit_test(follow_up_ids_are_derived),
		cmocka_unit_test(config_reads_business_hours_and_targets),
		cmocka_unit_test(config_names_each_bad_value_where_it_is),
		TS(every_change_of_status_is_in_the_thread),
		TS(the_thread_moves_the_status_on),
		TS(a_closed_ticket_takes_no_reply),
		TS(the_flow_is_kept_unless_forced),
		TS(a_change_taken_back_with_its_entry_passes),
		TS(a_thread_entry_says_what_it_is),
		TS(a_follow_up_is_the_same_on_every_clone),
		TS(packed_clocks_are_the_record_clocks),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
