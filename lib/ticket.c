/*
 * ticket.c: the rules of tickets, their SLA clocks and their
 * follow-ups.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "date.h"
#include "due.h"
#include "git.h"
#include "kind.h"
#include "record.h"
#include "report.h"
#include "schema.h"
#include "store.h"
#include "ticket.h"
#include "workspace.h"
#include "banned.h"

static const char *const statuses[BOPS_TICKET__COUNT] = {
	"new", "open", "pending", "resolved", "closed",
};

int
bops_ticket_status(const char *name)
{
	int i;

	for (i = 0; name && i < BOPS_TICKET__COUNT; i++)
		if (strcmp(statuses[i], name) == 0)
			return i;
	return -1;
}

const char *
bops_ticket_status_name(enum bops_ticket_status s)
{
	return (unsigned)s < BOPS_TICKET__COUNT ? statuses[s] : "?";
}

bool
bops_ticket_may_move(enum bops_ticket_status from,
    enum bops_ticket_status to)
{
	/* rows: from; columns: to (new open pending resolved closed) */
	static const bool may[BOPS_TICKET__COUNT][BOPS_TICKET__COUNT] = {
		[BOPS_TICKET_NEW] = { 0, 1, 1, 1, 1 },
		[BOPS_TICKET_OPEN] = { 0, 0, 1, 1, 1 },
		[BOPS_TICKET_PENDING] = { 0, 1, 0, 1, 1 },
		[BOPS_TICKET_RESOLVED] = { 0, 1, 0, 0, 1 },
		[BOPS_TICKET_CLOSED] = { 0, 0, 0, 0, 0 },
	};

	return (unsigned)from < BOPS_TICKET__COUNT &&
	    (unsigned)to < BOPS_TICKET__COUNT && may[from][to];
}

/* Configuration. */

static const char *const weekdays[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday",
};

static int
weekday(const char *s)
{
	int i;

	for (i = 0; i < 7; i++)
		if (strcmp(weekdays[i], s) == 0)
			return i + 1;
	return 0;
}

bool
bops_ticket_clock_parse(int32_t *out, const char *s, bool end)
{
	int h, m;

	if (s == NULL || strlen(s) != 5 || s[2] != ':' || s[0] < '0' ||
	    s[0] > '9' || s[1] < '0' || s[1] > '9' || s[3] < '0' ||
	    s[3] > '9' || s[4] < '0' || s[4] > '9')
		return false;
	h = (s[0] - '0') * 10 + (s[1] - '0');
	m = (s[3] - '0') * 10 + (s[4] - '0');
	if (m > 59 || h > 24 || (h == 24 && (m || !end)))
		return false;
	*out = h * 3600 + m * 60;
	return true;
}

static int
cmp_day(const void *a, const void *b)
{
	int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;

	return (x > y) - (x < y);
}

/* A target as written, in business seconds of cal; -1 when not set or
 * not readable. */
static int64_t
target(const struct bops_node *map, const char *priority,
    const struct bops_calendar *cal, const char **text)
{
	const char *s = bops_node_map_str(map, priority);
	int64_t units[BOPS_DUR__COUNT];

	*text = s;
	if (s == NULL || bops_duration_parse_units(units, s))
		return -1;
	return bops_calendar_duration(cal, units);
}

void
bops_ticket_conf_init(struct bops_ticket_conf *c,
    const struct bops_node *config, const struct bops_tz *tz)
{
	const struct bops_node *t = bops_node_map_get(config, "ticket");
	const struct bops_node *bh = bops_node_map_get(t, "business_hours");
	const struct bops_node *n;
	size_t i;
	int32_t secs;
	int d;

	memset(c, 0, sizeof(*c));
	c->cal.tz = tz;
	bops_calendar_memo_new(&c->cal);
	c->at_risk = 0.25;
	c->cal.open = 9 * 3600;
	c->cal.close = 17 * 3600;
	c->cal.days = 0x3e;
	if ((n = bops_node_map_get(bh, "days")) && n->type == BOPS_NODE_SEQ &&
	    n->n) {
		c->cal.days = 0;
		for (i = 0; i < n->n; i++)
			if ((d = weekday(n->items[i]->str)))
				c->cal.days |= 1u << d;
	}
	if (bops_ticket_clock_parse(&secs, bops_node_map_str(bh, "start"),
	    false))
		c->cal.open = secs;
	if (bops_ticket_clock_parse(&secs, bops_node_map_str(bh, "end"), true))
		c->cal.close = secs;
	if (c->cal.close <= c->cal.open) {
		c->cal.open = 9 * 3600;
		c->cal.close = 17 * 3600;
	}
	if ((n = bops_node_map_get(bh, "holidays")) &&
	    n->type == BOPS_NODE_SEQ) {
		c->holidays = bops_calloc(n->n + 1, sizeof(*c->holidays));
		for (i = 0; i < n->n; i++)
			if (n->items[i]->type == BOPS_NODE_SCALAR &&
			    bops_date_parse(&c->holidays[c->cal.nholidays],
			    n->items[i]->str) == NULL)
				c->cal.nholidays++;
		bops_qsort(c->holidays, c->cal.nholidays, sizeof(*c->holidays),
		    cmp_day);
		c->cal.holidays = c->holidays;
	}
	if ((n = bops_node_map_get(t, "at_risk")) &&
	    n->type == BOPS_NODE_SCALAR) {
		double v = strtod(n->str, NULL);

		if (v >= 0 && v <= 1)
			c->at_risk = v;
	}
	if ((n = bops_node_map_get(t, "priorities")) == NULL ||
	    n->type != BOPS_NODE_SEQ)
		return;
	c->npriorities = n->n;
	c->priorities = bops_calloc(n->n + 1, sizeof(*c->priorities));
	c->first_response = bops_calloc(n->n + 1, sizeof(int64_t));
	c->resolution = bops_calloc(n->n + 1, sizeof(int64_t));
	c->first_response_text = bops_calloc(n->n + 1, sizeof(char *));
	c->resolution_text = bops_calloc(n->n + 1, sizeof(char *));
	for (i = 0; i < n->n; i++) {
		c->priorities[i] = n->items[i]->str;
		c->first_response[i] = target(bops_node_map_get(t,
		    "first_response"), c->priorities[i], &c->cal,
		    &c->first_response_text[i]);
		c->resolution[i] = target(bops_node_map_get(t, "resolution"),
		    c->priorities[i], &c->cal, &c->resolution_text[i]);
	}
}

void
bops_ticket_conf_release(struct bops_ticket_conf *c)
{
	bops_calendar_memo_free(&c->cal);
	free(c->holidays);
	free(c->priorities);
	free(c->first_response);
	free(c->resolution);
	free(c->first_response_text);
	free(c->resolution_text);
	memset(c, 0, sizeof(*c));
}

long
bops_ticket_priority(const struct bops_ticket_conf *c, const char *p)
{
	size_t i;

	for (i = 0; p && i < c->npriorities; i++)
		if (strcmp(c->priorities[i], p) == 0)
			return (long)i;
	return -1;
}

/* Each SLA target of map (ticket.<name>) is a business duration. */
static bool
check_targets(const struct bops_error **first, struct bops_problems *all,
    const char *path, const struct bops_node *t, const char *name)
{
	const struct bops_node *map = bops_node_map_get(t, name);
	int64_t units[BOPS_DUR__COUNT];
	struct bops_buf key = BOPS_BUF_INIT;
	bool done = false;
	size_t i;

	for (i = 0; map && map->type == BOPS_NODE_MAP && i < map->n && !done;
	    i++) {
		const struct bops_node *v = map->items[i];

		if (v->type == BOPS_NODE_SCALAR &&
		    bops_duration_parse_units(units, v->str) == NULL)
			continue;
		bops_buf_reset(&key);
		bops_buf_printf(&key, "ticket.%s.%s", name, map->keys[i]);
		done = bops_problems_keep(first, all, bops_problem_at(path, v,
		    "%s must be a duration in business time (45m, 4h, 1d, "
		    "1w), got '%s'", key.ptr, v->type == BOPS_NODE_SCALAR ?
		    v->str : "..."));
	}
	bops_buf_release(&key);
	return done;
}

/*
 * The ticket section beyond its schema: SLA targets that are durations,
 * working days that are weekdays, opening before closing, holidays that
 * are dates.
 */
static const struct bops_error *
ticket_config(const char *path, const struct bops_node *doc,
    struct bops_problems *all)
{
	const struct bops_node *t = bops_node_map_get(doc, "ticket");
	const struct bops_node *bh = bops_node_map_get(t, "business_hours");
	const struct bops_node *n, *start, *end;
	const struct bops_error *first = NULL;
	int32_t open = 9 * 3600, close = 17 * 3600, day;
	bool times = true;
	size_t i;

	if (check_targets(&first, all, path, t, "first_response") ||
	    check_targets(&first, all, path, t, "resolution"))
		return first;
	if ((n = bops_node_map_get(bh, "days")) && n->type == BOPS_NODE_SEQ)
		for (i = 0; i < n->n; i++)
			if (weekday(n->items[i]->str) == 0 &&
			    bops_problems_keep(&first, all, bops_problem_at(
			    path, n->items[i], "%s: '%s' is no weekday "
			    "(monday..sunday)", "ticket.business_hours.days",
			    n->items[i]->str)))
				return first;
	start = bops_node_map_get(bh, "start");
	end = bops_node_map_get(bh, "end");
	if (start && !bops_ticket_clock_parse(&open, start->str, false)) {
		times = false;
		if (bops_problems_keep(&first, all, bops_problem_at(path,
		    start, "%s must be HH:MM, got '%s'",
		    "ticket.business_hours.start", start->str)))
			return first;
	}
	if (end && !bops_ticket_clock_parse(&close, end->str, true)) {
		times = false;
		if (bops_problems_keep(&first, all, bops_problem_at(path, end,
		    "%s must be HH:MM (24:00 for midnight), got '%s'",
		    "ticket.business_hours.end", end->str)))
			return first;
	}
	if (times && (start || end) && close <= open &&
	    bops_problems_keep(&first, all, bops_problem_at(path, end ? end :
	    start, "%s must be after the opening time, got '%s'",
	    "ticket.business_hours.end", end ? end->str : "17:00")))
		return first;
	if ((n = bops_node_map_get(bh, "holidays")) &&
	    n->type == BOPS_NODE_SEQ)
		for (i = 0; i < n->n; i++)
			if (bops_date_parse(&day, n->items[i]->str) &&
			    bops_problems_keep(&first, all, bops_problem_at(
			    path, n->items[i], "%s: '%s' is no date (YYYY-MM-DD)",
			    "ticket.business_hours.holidays",
			    n->items[i]->str)))
				return first;
	return first;
}

/* Events. */

static int
event_kind(const char *s)
{
	static const char *const names[] = {
		"message", "reply", "note", "status",
	};
	int i;

	for (i = 0; s && i < 4; i++)
		if (strcmp(names[i], s) == 0)
			return i;
	return -1;
}

/*
 * Add the thread entry (at, event, new) to v[*n] as an event, unless it
 * is none that the clocks count.
 */
static void
add_event(struct bops_ticket_event *v, size_t *n, const char *when,
    const char *event, const char *new_status)
{
	int k, s;
	int64_t at;

	if (when == NULL || bops_instant_parse(&at, when) ||
	    (k = event_kind(event)) < 0)
		return;
	s = bops_ticket_status(new_status);
	if (k == BOPS_EVENT_STATUS && s < 0)
		return;
	v[*n].at = at;
	v[*n].kind = (enum bops_ticket_event_kind)k;
	v[*n].status = s < 0 ? BOPS_TICKET_NEW : (enum bops_ticket_status)s;
	(*n)++;
}

void
bops_ticket_events(struct bops_ticket_event **out, size_t *n,
    const struct bops_record *ticket)
{
	const struct bops_node *thread = bops_record_get(ticket, "thread");
	size_t i;

	*n = 0;
	*out = bops_calloc((thread ? thread->n : 0) + 1, sizeof(**out));
	for (i = 0; thread && thread->type == BOPS_NODE_SEQ && i < thread->n;
	    i++) {
		const struct bops_node *e = thread->items[i];

		add_event(*out, n, bops_node_map_str(e, "at"),
		    bops_node_map_str(e, "event"), bops_node_map_str(e, "new"));
	}
}

/* The text of scalar `key` of the packed map at p, in buf; or NULL. */
static const char *
packed_text(char *buf, size_t size, const unsigned char *p, size_t len,
    const char *key)
{
	const char *s;
	size_t n;

	if (p == NULL || (key ? !bops_node_packed_get(p, len, key, &s, &n) :
	    !bops_node_packed_scalar(p, len, &s, &n)) || n >= size)
		return NULL;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

void
bops_ticket_events_packed(struct bops_ticket_event **out, size_t *n,
    const unsigned char *thread, size_t len)
{
	const unsigned char *p = thread, *end = thread + len, *k;
	char when[64], event[16], status[16];
	const char *w, *e, *s;
	size_t count = 0, nkeys, klen, vlen, i, j;

	*n = 0;
	if (thread == NULL || len == 0 || (*p & 3) != BOPS_NODE_SEQ ||
	    !bops_node_packed_count(&p, end, &count) || count > len)
		count = 0;
	*out = bops_calloc(count + 1, sizeof(**out));
	/* One walk over each entry's keys, reading at, event and new. */
	for (i = 0; i < count && p < end; i++) {
		if ((*p & 3) != BOPS_NODE_MAP) {
			if ((vlen = bops_node_packed_size(p, (size_t)(end -
			    p))) == 0)
				return;
			p += vlen;
			continue;
		}
		if (!bops_node_packed_count(&p, end, &nkeys))
			return;
		w = e = s = NULL;
		for (j = 0; j < nkeys; j++, p += vlen) {
			if (!bops_node_packed_key(&p, end, &k, &klen) ||
			    (vlen = bops_node_packed_size(p, (size_t)(end -
			    p))) == 0)
				return;
			if (klen == 2 && memcmp(k, "at", 2) == 0)
				w = packed_text(when, sizeof(when), p, vlen,
				    NULL);
			else if (klen == 5 && memcmp(k, "event", 5) == 0)
				e = packed_text(event, sizeof(event), p, vlen,
				    NULL);
			else if (klen == 3 && memcmp(k, "new", 3) == 0)
				s = packed_text(status, sizeof(status), p,
				    vlen, NULL);
		}
		add_event(*out, n, w, e, s);
	}
}

/* SLA clocks. */

const char *
bops_sla_state_name(enum bops_sla_state s)
{
	static const char *const names[] = {
		"none", "running", "at-risk", "paused", "met", "breached",
	};

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] :
	    "?";
}

/* Add a stretch to a clock's spans, joining it to the last one when
 * both count, or both do not for reasons of the same sort. */
static void
span_add(struct bops_sla_clock *c, int64_t from, int64_t to,
    int64_t counted, unsigned why)
{
	struct bops_sla_span *last = c->nspans ? &c->spans[c->nspans - 1] :
	    NULL;
	const unsigned calendar = BOPS_SLA_CLOSED | BOPS_SLA_OFF_DAY |
	    BOPS_SLA_HOLIDAY;

	if (to <= from)
		return;
	if (last && last->to == from && ((last->why == 0 && why == 0) ||
	    ((last->why & calendar) && (why & calendar)) ||
	    (last->why == why && why))) {
		last->to = to;
		last->counted += counted;
		last->why |= why;
		return;
	}
	if (c->nspans == c->aspans) {
		c->aspans = c->aspans ? c->aspans * 2 : 8;
		c->spans = bops_realloc(c->spans, c->aspans *
		    sizeof(*c->spans));
	}
	c->spans[c->nspans].from = from;
	c->spans[c->nspans].to = to;
	c->spans[c->nspans].counted = counted;
	c->spans[c->nspans].why = why;
	c->nspans++;
}

static void
calendar_span(int64_t from, int64_t to, enum bops_calendar_why why,
    void *arg)
{
	static const unsigned bits[] = {
		[BOPS_CAL_OPEN] = 0,
		[BOPS_CAL_CLOSED] = BOPS_SLA_CLOSED,
		[BOPS_CAL_OFF_DAY] = BOPS_SLA_OFF_DAY,
		[BOPS_CAL_HOLIDAY] = BOPS_SLA_HOLIDAY,
	};

	span_add(arg, from, to, why == BOPS_CAL_OPEN ? to - from : 0,
	    bits[why]);
}

/*
 * The clock runs over [from, to): count it, note when it passes its
 * target, and keep the stretches for explain.
 */
static void
run(struct bops_sla_clock *c, const struct bops_sla_input *in, int64_t from,
    int64_t to)
{
	int64_t n;

	if (to <= from)
		return;
	n = bops_calendar_count(in->cal, from, to);
	if (c->target >= 0 && c->breached_at == INT64_MIN &&
	    c->elapsed + n > c->target)
		c->breached_at = bops_calendar_add(in->cal, from, c->target -
		    c->elapsed);
	if (in->explain)
		bops_calendar_spans(in->cal, from, to, calendar_span, c);
	c->elapsed += n;
}

/* The state of a clock that has not stopped, running or not. */
static void
settle(struct bops_sla_clock *c, const struct bops_sla_input *in,
    bool running, int64_t since)
{
	int64_t left = c->target - c->elapsed;

	c->due = INT64_MAX;
	if (c->target < 0)
		c->state = BOPS_SLA_NONE;
	else if (left < 0)
		c->state = BOPS_SLA_BREACHED;
	else if (!running)
		c->state = BOPS_SLA_PAUSED;
	else if ((double)left < in->at_risk * (double)c->target)
		c->state = BOPS_SLA_AT_RISK;
	else
		c->state = BOPS_SLA_RUNNING;
	if (running && c->target >= 0 && left >= 0)
		c->due = bops_calendar_add(in->cal, since, left);
}

static void
clock_init(struct bops_sla_clock *c, int64_t target, int64_t start)
{
	memset(c, 0, sizeof(*c));
	c->target = target < 0 ? -1 : target;
	c->start = start;
	c->due = INT64_MAX;
	c->breached_at = INT64_MIN;
}

static void
clock_stop(struct bops_sla_clock *c, int64_t at)
{
	c->stopped = true;
	c->stop = at;
	c->due = INT64_MAX;
	c->state = c->target < 0 ? BOPS_SLA_NONE : c->elapsed > c->target ?
	    BOPS_SLA_BREACHED : BOPS_SLA_MET;
}

struct ordered {
	const struct bops_ticket_event *e;
	int64_t at;
	size_t i;
};

static int
cmp_ordered(const void *a, const void *b)
{
	const struct ordered *x = a, *y = b;

	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

static bool
stops(enum bops_ticket_status s)
{
	return s == BOPS_TICKET_RESOLVED || s == BOPS_TICKET_CLOSED;
}

void
bops_sla_replay(struct bops_sla *out, const struct bops_sla_input *in)
{
	struct bops_sla_clock *fr = &out->first_response;
	struct bops_sla_clock *res = &out->resolution;
	struct ordered *v;
	enum bops_ticket_status status = BOPS_TICKET_NEW;
	int64_t start = in->created < in->now ? in->created : in->now, t;
	size_t i;

	clock_init(fr, in->first_response, start);
	clock_init(res, in->resolution, start);
	v = bops_calloc(in->nevents + 1, sizeof(*v));
	for (i = 0; i < in->nevents; i++) {
		v[i].e = &in->events[i];
		v[i].i = i;
		v[i].at = in->events[i].at < start ? start :
		    in->events[i].at > in->now ? in->now : in->events[i].at;
	}
	bops_qsort(v, in->nevents, sizeof(*v), cmp_ordered);

	/* First response: to the first reply, or to a resolution. */
	for (i = 0; i < in->nevents; i++)
		if (v[i].e->kind == BOPS_EVENT_REPLY ||
		    (v[i].e->kind == BOPS_EVENT_STATUS &&
		    stops(v[i].e->status)))
			break;
	t = i < in->nevents ? v[i].at : in->now;
	run(fr, in, start, t);
	if (i < in->nevents)
		clock_stop(fr, t);
	else
		settle(fr, in, true, in->now);

	/* Resolution: runs while new or open, paused while pending. */
	t = start;
	for (i = 0; i <= in->nevents; i++) {
		int64_t at = i < in->nevents ? v[i].at : in->now;

		if (status == BOPS_TICKET_NEW || status == BOPS_TICKET_OPEN)
			run(res, in, t, at);
		else if (in->explain)
			span_add(res, t, at, 0, status == BOPS_TICKET_PENDING ?
			    BOPS_SLA_PENDING : BOPS_SLA_STOPPED);
		t = at;
		if (i < in->nevents && v[i].e->kind == BOPS_EVENT_STATUS)
			status = v[i].e->status;
	}
	if (stops(status)) {
		/* It stopped at the last status event; what follows is
		 * no part of it. */
		for (i = in->nevents; i-- > 0;)
			if (v[i].e->kind == BOPS_EVENT_STATUS)
				break;
		clock_stop(res, v[i].at);
		while (res->nspans &&
		    res->spans[res->nspans - 1].why == BOPS_SLA_STOPPED)
			res->nspans--;
	} else
		settle(res, in, status != BOPS_TICKET_PENDING, in->now);
	free(v);
}

void
bops_sla_release(struct bops_sla *s)
{
	free(s->first_response.spans);
	free(s->resolution.spans);
	memset(s, 0, sizeof(*s));
}

/* Replay the events of a ticket of priority and created (either may be
 * NULL) against the targets of c. */
static void
ticket_replay(struct bops_sla *out, const char *priority,
    const char *created, const struct bops_ticket_event *ev, size_t nev,
    const struct bops_ticket_conf *c, int64_t now, bool explain)
{
	struct bops_sla_input in;
	long p = bops_ticket_priority(c, priority);

	memset(&in, 0, sizeof(in));
	in.now = now;
	in.created = now;
	if (created)
		(void)bops_instant_parse(&in.created, created);
	in.events = ev;
	in.nevents = nev;
	in.first_response = p >= 0 ? c->first_response[p] : -1;
	in.resolution = p >= 0 ? c->resolution[p] : -1;
	in.at_risk = c->at_risk;
	in.cal = &c->cal;
	in.explain = explain;
	bops_sla_replay(out, &in);
}

void
bops_ticket_sla(struct bops_sla *out, const struct bops_record *ticket,
    const struct bops_ticket_conf *c, int64_t now, bool explain)
{
	struct bops_ticket_event *ev;
	size_t n;

	bops_ticket_events(&ev, &n, ticket);
	ticket_replay(out, bops_record_str(ticket, "priority"),
	    bops_record_str(ticket, "created"), ev, n, c, now, explain);
	free(ev);
}

const char *const bops_ticket_sla_fields[BOPS_TICKET_SLA_NFIELDS] = {
	"priority", "created", "thread",
};

void
bops_ticket_sla_packed(struct bops_sla *out,
    const unsigned char *const *vals, const size_t *lens,
    const struct bops_ticket_conf *c, int64_t now)
{
	struct bops_ticket_event *ev;
	char priority[256], created[64];
	size_t n;

	bops_ticket_events_packed(&ev, &n, vals[2], lens[2]);
	ticket_replay(out, packed_text(priority, sizeof(priority), vals[0],
	    lens[0], NULL), packed_text(created, sizeof(created), vals[1],
	    lens[1], NULL), ev, n, c, now, false);
	free(ev);
}

void
bops_sla_format(struct bops_buf *out, int64_t secs)
{
	uint64_t m;

	if (secs < 0) {
		bops_buf_putc(out, '-');
		m = ((uint64_t)0 - (uint64_t)secs) / 60;
	} else
		m = (uint64_t)secs / 60;
	if (m >= 60)
		bops_buf_printf(out, "%lluh", (unsigned long long)(m / 60));
	if (m % 60 || m == 0)
		bops_buf_printf(out, "%llum", (unsigned long long)(m % 60));
}

int64_t
bops_sla_rank(const int64_t *v, size_t n, double share)
{
	double r = ceil(share * (double)n);
	size_t k = r < 1 ? 1 : r > (double)n ? n : (size_t)r;

	return v[k - 1];
}

void
bops_sla_tally_add(struct bops_sla_tally *t, const struct bops_sla_clock *c)
{
	if (c->state == BOPS_SLA_MET)
		t->met++;
	else if (c->state == BOPS_SLA_BREACHED)
		t->breached++;
	else
		return;
	if (!c->stopped)
		return;
	if (t->ntimes == t->atimes) {
		t->atimes = t->atimes ? t->atimes * 2 : 16;
		t->times = bops_realloc(t->times, t->atimes *
		    sizeof(*t->times));
	}
	t->times[t->ntimes++] = c->elapsed;
}

bool
bops_ticket_opened_in(const struct bops_record *ticket,
    const struct bops_ticket_conf *c, const struct bops_period *p)
{
	return bops_ticket_created_in(bops_record_str(ticket, "created"), c,
	    p);
}

bool
bops_ticket_created_in(const char *created, const struct bops_ticket_conf *c,
    const struct bops_period *p)
{
	int64_t t;
	int32_t day;

	if (created == NULL || bops_instant_parse(&t, created))
		return false;
	day = bops_date_local(t, c->cal.tz);
	return day >= p->first && day <= p->last;
}

static int
cmp_time(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

void
bops_sla_tally_sort(struct bops_sla_tally *t)
{
	if (t->ntimes)
		bops_qsort(t->times, t->ntimes, sizeof(*t->times), cmp_time);
}

void
bops_sla_tally_release(struct bops_sla_tally *t)
{
	free(t->times);
	memset(t, 0, sizeof(*t));
}

/* Follow-ups. */

bool
bops_followup_due(int32_t since, int32_t days, int32_t today, int32_t *due)
{
	int64_t k;

	if (days < 1 || (int64_t)today < (int64_t)since + days)
		return false;
	k = ((int64_t)today - since) / days;
	*due = (int32_t)(since + k * days);
	return true;
}

int32_t
bops_followup_next(int32_t since, int32_t days, int32_t today)
{
	int32_t due;

	if (days < 1)
		return BOPS_DATE_MAX;
	if (!bops_followup_due(since, days, today, &due))
		return since + days;
	return due + days;
}

void
bops_followup_id(char out[BOPS_ID_GEN_LEN + 1], const char *customer,
    const char *rule, int32_t due)
{
	struct bops_buf key = BOPS_BUF_INIT;
	char hex[BOPS_OID_HEXSZ + 1];

	bops_buf_printf(&key, "follow-up %s/%s ", customer, rule);
	bops_date_format(&key, due);
	bops_repo_hash(key.ptr, key.len, hex);
	bops_id_derive(out, hex);
	bops_buf_release(&key);
}

const struct bops_error *
bops_followup_ticket(struct bops_record **out, struct bops_ws *ws,
    const struct bops_record *customer, const struct bops_node *rule,
    int32_t due)
{
	const struct bops_error *err;
	const struct bops_node *prio = bops_ws_config_get("ticket.priorities",
	    ws);
	const char *n = bops_node_map_str(rule, "id");
	const char *subject = bops_node_map_str(rule, "subject");
	const char *priority = bops_node_map_str(rule, "priority");
	struct bops_buf text = BOPS_BUF_INIT;
	struct bops_record *rec = NULL;
	char id[BOPS_ID_GEN_LEN + 1];
	static const char *const copied[] = { "queue", "assignee" };
	size_t i;

	*out = NULL;
	if (priority == NULL && (prio == NULL || prio->type != BOPS_NODE_SEQ ||
	    prio->n == 0))
		return bops_error_fmt(BOPS_ERR_INVALID, "bops.yaml: "
		    "ticket.priorities is empty");
	if (priority == NULL)
		priority = prio->items[prio->n - 1]->str;
	bops_followup_id(id, customer->id, n ? n : "0", due);
	if ((err = bops_record_new(&rec, ws, bops_kind_find("ticket"), id)))
		goto done;
	if (subject == NULL) {
		bops_buf_printf(&text, "Follow up with %s",
		    bops_record_title(customer));
		subject = text.ptr;
	}
	if ((err = bops_record_set(rec, ws, "subject", subject)) ||
	    (err = bops_record_set(rec, ws, "customer", customer->id)) ||
	    (err = bops_record_set(rec, ws, "priority", priority)))
		goto done;
	for (i = 0; i < sizeof(copied) / sizeof(copied[0]); i++)
		if (bops_node_map_str(rule, copied[i]) && (err =
		    bops_record_set(rec, ws, copied[i],
		    bops_node_map_str(rule, copied[i]))))
			goto done;
	bops_buf_reset(&text);
	bops_buf_printf(&text, "%s/%s", customer->id, n ? n : "0");
	if ((err = bops_record_set(rec, ws, "rule", text.ptr)))
		goto done;
	bops_buf_reset(&text);
	bops_date_format(&text, due);
	if ((err = bops_record_set(rec, ws, "due", text.ptr)))
		goto done;
	/* The moment the cycle came round, the same on every clone. */
	bops_buf_reset(&text);
	bops_instant_format(&text, bops_date_local_start(due, ws->tz));
	if ((err = bops_record_set(rec, ws, "created", text.ptr)) ||
	    (err = bops_record_set(rec, ws, "updated", text.ptr)))
		goto done;
	*out = rec;
	rec = NULL;
done:
	bops_record_free(rec);
	bops_buf_release(&text);
	return err;
}

/* The rules. */

/* A thread entry must say what it is: a status change both statuses,
 * anything else its text. */
static const struct bops_error *
ticket_validate(const char *id, struct bops_node *root,
    const struct bops_validate *v)
{
	const struct bops_node *thread = bops_node_map_get(root, "thread");
	size_t i;

	(void)id;
	for (i = 0; thread && thread->type == BOPS_NODE_SEQ && i < thread->n;
	    i++) {
		const struct bops_node *e = thread->items[i];
		const char *kind = bops_node_map_str(e, "event");
		const char *old = bops_node_map_str(e, "old");
		const char *new = bops_node_map_str(e, "new");

		if (kind && strcmp(kind, "status") == 0 ? old == NULL ||
		    new == NULL || strcmp(old, new) == 0 :
		    bops_node_map_get(e, "text") == NULL ||
		    old || new)
			return bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: "
			    "thread entry %zu: %s", v->path, e->line, e->col,
			    i + 1, kind && strcmp(kind, "status") == 0 ?
			    "a status event needs old and new, and they "
			    "differ" : "a message, reply or note needs its "
			    "text and no old or new");
	}
	return NULL;
}

/* The status a thread last recorded: "new" when it records none. */
static enum bops_ticket_status
recorded(const struct bops_node *thread)
{
	const struct bops_node *last = NULL;
	const char *at = NULL;
	size_t i;
	int s;

	for (i = 0; thread && i < thread->n; i++) {
		const struct bops_node *e = thread->items[i];
		const char *when = bops_node_map_str(e, "at");
		const char *kind = bops_node_map_str(e, "event");

		if (kind == NULL || strcmp(kind, "status") || when == NULL)
			continue;
		if (last == NULL || strcmp(when, at) >= 0) {
			last = e;
			at = when;
		}
	}
	s = last ? bops_ticket_status(bops_node_map_str(last, "new")) : -1;
	return s < 0 ? BOPS_TICKET_NEW : (enum bops_ticket_status)s;
}

static struct bops_node *
thread_of(struct bops_record *rec)
{
	struct bops_node *t = bops_record_get(rec, "thread");

	if (t == NULL) {
		t = bops_node_new_seq();
		bops_node_map_set(rec->root, "thread", t);
	}
	return t;
}

static const struct bops_error *
closed(const struct bops_record *rec)
{
	return bops_error_fmt(BOPS_ERR_REFUSED, "ticket '%s' is closed and "
	    "takes no reply; open a follow-up: bops ticket open SUBJECT "
	    "follows=%s", rec->id, rec->id);
}

/*
 * What the entries a write adds to the thread say: the status they
 * move the ticket to, from status s.  A reply or a message to a closed
 * ticket is refused.
 */
static const struct bops_error *
thread_moves(const struct bops_record *before, const struct bops_record *after,
    enum bops_ticket_status *s)
{
	struct bops_nodeset had = BOPS_NODESET_INIT;
	const struct bops_node *now = bops_record_get(after, "thread");
	const struct bops_error *err = NULL;
	size_t i;
	int k;

	bops_nodeset_of(&had, before ? bops_record_get(before, "thread") :
	    NULL);
	for (i = 0; now && i < now->n && err == NULL; i++) {
		if (bops_nodeset_has(&had, now->items[i]))
			continue;
		k = event_kind(bops_node_map_str(now->items[i], "event"));
		if (k != BOPS_EVENT_REPLY && k != BOPS_EVENT_MESSAGE)
			continue;
		if (*s == BOPS_TICKET_CLOSED)
			err = closed(after);
		else if (k == BOPS_EVENT_REPLY && *s == BOPS_TICKET_NEW)
			*s = BOPS_TICKET_OPEN;
		else if (k == BOPS_EVENT_MESSAGE &&
		    (*s == BOPS_TICKET_PENDING || *s == BOPS_TICKET_RESOLVED))
			*s = BOPS_TICKET_OPEN;
	}
	bops_nodeset_release(&had);
	return err;
}

/*
 * Whether a write takes entries back and adds none, leaving a thread that
 * already records the status it leaves: what `bops undo` does to a
 * change of status.  The flow is not asked again of what it undoes.
 */
static bool
taken_back(const struct bops_record *before, const struct bops_record *after,
    enum bops_ticket_status to)
{
	struct bops_nodeset had = BOPS_NODESET_INIT;
	const struct bops_node *was = bops_record_get(before, "thread");
	const struct bops_node *now = bops_record_get(after, "thread");
	size_t i;
	bool yes;

	if (was == NULL || (now ? now->n : 0) >= was->n)
		return false;
	bops_nodeset_of(&had, was);
	for (i = 0, yes = true; now && i < now->n && yes; i++)
		yes = bops_nodeset_has(&had, now->items[i]);
	bops_nodeset_release(&had);
	return yes && recorded(now) == to;
}

static const struct bops_error *
ticket_check(struct bops_txn *txn, const struct bops_record *before,
    struct bops_record *after)
{
	const struct bops_error *err;
	struct bops_ws *ws = bops_txn_ws(txn);
	struct bops_node *entry, *thread;
	struct bops_buf now = BOPS_BUF_INIT;
	enum bops_ticket_status was, to, moved, last;
	const char *name, *email;
	int s;

	if (after == NULL || (bops_txn_flags(txn) & BOPS_TXN_MERGE))
		return NULL;
	s = before ? bops_ticket_status(bops_record_str(before, "status")) :
	    BOPS_TICKET_NEW;
	was = s < 0 ? BOPS_TICKET_NEW : (enum bops_ticket_status)s;
	s = bops_ticket_status(bops_record_str(after, "status"));
	to = s < 0 ? was : (enum bops_ticket_status)s;
	moved = was;
	if ((err = thread_moves(before, after, &moved)))
		return err;
	if (to == was && moved != was) {
		to = moved;
		if ((err = bops_record_set(after, ws, "status",
		    bops_ticket_status_name(to))))
			return err;
	}
	if (to != was && !bops_ticket_may_move(was, to) &&
	    !(bops_txn_flags(txn) & BOPS_TXN_FORCE) &&
	    !taken_back(before, after, to)) {
		if (was == BOPS_TICKET_CLOSED)
			return bops_error_fmt(BOPS_ERR_REFUSED, "ticket '%s' "
			    "is closed; open a follow-up (bops ticket open "
			    "SUBJECT follows=%s), or reopen it anyway with "
			    "bops ticket set %s status=%s --force", after->id,
			    after->id, after->id, bops_ticket_status_name(to));
		return bops_error_fmt(BOPS_ERR_REFUSED, "ticket '%s' cannot "
		    "go from %s to %s", after->id,
		    bops_ticket_status_name(was), bops_ticket_status_name(to));
	}
	/* Record the change in the thread, unless it already says so (an
	 * undo takes back a change together with its entry). */
	thread = thread_of(after);
	if ((last = recorded(thread)) == to) {
		if (thread->n == 0)
			(void)bops_node_map_remove(after->root, "thread");
		return NULL;
	}
	if ((err = bops_ws_identity(&name, &email, ws)))
		return err;
	bops_instant_format(&now, ws->now);
	entry = bops_node_new_map();
	bops_node_map_set_str(entry, "at", now.ptr, BOPS_SCALAR_RAW);
	bops_node_map_set_str(entry, "by", name, BOPS_SCALAR_TEXT);
	bops_node_map_set_str(entry, "event", "status", BOPS_SCALAR_RAW);
	bops_node_map_set_str(entry, "old", bops_ticket_status_name(last),
	    BOPS_SCALAR_RAW);
	bops_node_map_set_str(entry, "new", bops_ticket_status_name(to),
	    BOPS_SCALAR_RAW);
	bops_node_seq_append(thread, entry);
	bops_buf_release(&now);
	return NULL;
}

static bool
ticket_finished(struct bops_ws *ws, const char *status)
{
	int s = bops_ticket_status(status);

	(void)ws;
	return s == BOPS_TICKET_RESOLVED || s == BOPS_TICKET_CLOSED;
}

/* What is due: SLA clocks breached, or breaching within the window. */

/*
 * The fields a walk over the tickets reads, packed: the clocks' first
 * (bops_ticket_sla_fields), then these.
 */
enum { F_STATUS = BOPS_TICKET_SLA_NFIELDS, F_TITLE, F_ASSIGNEE, F__COUNT };

struct due_walk {
	struct bops_due *d;
	const struct bops_kind *kind;
	struct bops_ticket_conf conf;
	const char *fields[F__COUNT];
};

struct ticket_names {
	const struct bops_kind *kind;
	const char *id, *title, *owner;
};

static void
clock_due(struct bops_due *d, const struct ticket_names *t,
    const struct bops_sla_clock *c, const char *which, const char *cmd)
{
	struct bops_due_item it;
	struct bops_buf what = BOPS_BUF_INIT;

	if (c->stopped || c->target < 0)
		return;
	memset(&it, 0, sizeof(it));
	if (c->state == BOPS_SLA_BREACHED) {
		bops_buf_printf(&what, "%s breached", which);
		it.since = c->breached_at;
		it.late = true;
		/* A breach weighs more than a late task. */
		it.weight = 1;
	} else if (c->state == BOPS_SLA_AT_RISK || (c->due != INT64_MAX &&
	    c->due <= d->q->now + d->q->within)) {
		bops_buf_printf(&what, "%s at risk", which);
		it.since = c->due;
	} else
		return;
	it.kind = t->kind;
	it.id = t->id;
	it.title = t->title;
	it.owner = t->owner;
	it.what = what.ptr;
	it.command = cmd;
	bops_due_add(d, &it);
	bops_buf_release(&what);
}

static const struct bops_error *
due_one(const char *id, const unsigned char *const *vals, const size_t *lens,
    void *arg)
{
	struct due_walk *w = arg;
	struct bops_buf reply = BOPS_BUF_INIT, resolve = BOPS_BUF_INIT;
	struct bops_buf status = BOPS_BUF_INIT, title = BOPS_BUF_INIT;
	struct bops_buf owner = BOPS_BUF_INIT;
	struct ticket_names t;
	struct bops_sla sla;
	int s = bops_ticket_status(bops_store_text(&status, vals[F_STATUS],
	    lens[F_STATUS]));

	bops_buf_release(&status);
	if (s == BOPS_TICKET_RESOLVED || s == BOPS_TICKET_CLOSED)
		return NULL;
	bops_ticket_sla_packed(&sla, vals, lens, &w->conf, w->d->q->now);
	t.kind = w->kind;
	t.id = id;
	t.title = bops_store_text(&title, vals[F_TITLE], lens[F_TITLE]);
	if (t.title == NULL)
		t.title = id;
	t.owner = bops_store_text(&owner, vals[F_ASSIGNEE],
	    lens[F_ASSIGNEE]);
	bops_buf_printf(&reply, "bops ticket reply %s TEXT", id);
	bops_buf_printf(&resolve, "bops ticket resolve %s", id);
	clock_due(w->d, &t, &sla.first_response, "first response",
	    reply.ptr);
	clock_due(w->d, &t, &sla.resolution, "resolution", resolve.ptr);
	bops_sla_release(&sla);
	bops_buf_release(&reply);
	bops_buf_release(&resolve);
	bops_buf_release(&title);
	bops_buf_release(&owner);
	return NULL;
}

/* The fields of a walk: the clocks', the status, the title, who. */
static const struct bops_error *
walk_fields(const char *fields[F__COUNT], struct bops_ws *ws,
    const struct bops_kind *kind)
{
	const struct bops_error *err;
	const struct bops_schema *schema;
	size_t i;

	if ((err = bops_ws_schema(&schema, ws, kind)))
		return err;
	for (i = 0; i < BOPS_TICKET_SLA_NFIELDS; i++)
		fields[i] = bops_ticket_sla_fields[i];
	fields[F_STATUS] = "status";
	fields[F_TITLE] = schema->title ? schema->title : "subject";
	fields[F_ASSIGNEE] = "assignee";
	return NULL;
}

static const struct bops_error *
ticket_due(struct bops_due *d, struct bops_ws *ws,
    const struct bops_kind *kind)
{
	const struct bops_error *err;
	struct due_walk w;

	w.d = d;
	w.kind = kind;
	if ((err = walk_fields(w.fields, ws, kind)))
		return err;
	bops_ticket_conf_init(&w.conf, ws->config, ws->tz);
	err = bops_store_fields(ws, kind, d->q->commit, w.fields, F__COUNT,
	    due_one, NULL, &w);
	bops_ticket_conf_release(&w.conf);
	return err;
}

/*
 * Reports: SLA attainment by priority of the tickets opened in the
 * period (service), the tickets resolved in it (weekly).
 */

/* One ticket into a, from the packed values of bops_ticket_sla_fields. */
struct attain_walk {
	struct bops_ticket_attainment *a;
	const struct bops_ticket_conf *c;
	const struct bops_period *p;
	int64_t now;
	bops_store_warn_fn warn;
	void *warn_arg;
};

static void
attain_warn(const struct bops_error *err, void *arg)
{
	struct attain_walk *w = arg;

	if (w->warn)
		w->warn(err, w->warn_arg);
}

static const struct bops_error *
attain_one(const char *id, const unsigned char *const *vals,
    const size_t *lens, void *arg)
{
	struct attain_walk *w = arg;
	struct bops_ticket_attainment *a = w->a;
	struct bops_buf priority = BOPS_BUF_INIT, created = BOPS_BUF_INIT;
	struct bops_sla sla;
	size_t all = w->c->npriorities, i;
	long p;
	bool in;

	(void)id;
	p = bops_ticket_priority(w->c, bops_store_text(&priority, vals[0],
	    lens[0]));
	in = bops_ticket_created_in(bops_store_text(&created, vals[1], lens[1]),
	    w->c, w->p);
	bops_buf_release(&priority);
	bops_buf_release(&created);
	if (p < 0 || !in)
		return NULL;
	bops_ticket_sla_packed(&sla, vals, lens, w->c, w->now);
	for (i = (size_t)p; ; i = all) {
		a->opened[i]++;
		bops_sla_tally_add(&a->first[i], &sla.first_response);
		bops_sla_tally_add(&a->res[i], &sla.resolution);
		if (i == all)
			break;
	}
	bops_sla_release(&sla);
	return NULL;
}

const struct bops_error *
bops_ticket_attainment(struct bops_ticket_attainment *out,
    struct bops_ws *ws, const struct bops_kind *kind, const char *commit,
    const struct bops_ticket_conf *c, const struct bops_period *p,
    int64_t now, bops_store_warn_fn warn, void *arg)
{
	struct attain_walk w = { out, c, p, now, warn, arg };

	out->n = c->npriorities + 1;
	out->opened = bops_calloc(out->n, sizeof(*out->opened));
	out->first = bops_calloc(out->n, sizeof(*out->first));
	out->res = bops_calloc(out->n, sizeof(*out->res));
	return bops_store_fields(ws, kind, commit, bops_ticket_sla_fields,
	    BOPS_TICKET_SLA_NFIELDS, attain_one, attain_warn, &w);
}

void
bops_ticket_attainment_release(struct bops_ticket_attainment *a)
{
	size_t i;

	for (i = 0; i < a->n; i++) {
		bops_sla_tally_release(&a->first[i]);
		bops_sla_tally_release(&a->res[i]);
	}
	free(a->opened);
	free(a->first);
	free(a->res);
	memset(a, 0, sizeof(*a));
}

/* The weekly report's tickets resolved in its period. */
struct resolved_walk {
	struct bops_report *r;
	struct bops_report_block *block;
};

static const struct bops_error *
resolved_one(const char *id, const unsigned char *const *vals,
    const size_t *lens, void *arg)
{
	struct resolved_walk *w = arg;
	struct bops_report *r = w->r;
	struct bops_buf when = BOPS_BUF_INIT, title = BOPS_BUF_INIT;
	struct bops_ticket_event *ev;
	size_t n, i;

	bops_ticket_events_packed(&ev, &n, vals[2], lens[2]);
	for (i = n; i-- > 0;)
		if (ev[i].kind == BOPS_EVENT_STATUS)
			break;
	if (i < n && ev[i].status == BOPS_TICKET_RESOLVED &&
	    ev[i].at <= r->now && ev[i].at >= bops_date_local_start(
	    r->period.first, r->tz) && ev[i].at <
	    bops_date_local_start(r->period.last + 1, r->tz)) {
		if (w->block == NULL)
			w->block = bops_report_block(bops_report_section(r,
			    "progress", "Progress"), BOPS_BLOCK_LIST,
			    "progress-tickets", "Tickets resolved");
		bops_date_format(&when, bops_date_local(ev[i].at, r->tz));
		bops_report_line(w->block, bops_store_text(&title,
		    vals[F_TITLE], lens[F_TITLE]) ? title.ptr : id, when.ptr);
	}
	free(ev);
	bops_buf_release(&when);
	bops_buf_release(&title);
	return NULL;
}

static void
attain_rows(struct bops_report_block *b, const struct bops_ticket_conf *c,
    const struct bops_sla_tally *t)
{
	struct bops_buf text = BOPS_BUF_INIT, detail = BOPS_BUF_INIT;
	size_t i, all;

	for (i = 0; i <= c->npriorities; i++) {
		all = t[i].met + t[i].breached;
		bops_buf_reset(&text);
		bops_buf_reset(&detail);
		if (all)
			bops_buf_printf(&text, "%.0f%%", 100.0 *
			    (double)t[i].met / (double)all);
		else
			bops_buf_puts(&text, "-");
		bops_buf_printf(&detail, "%zu of %zu met", t[i].met, all);
		bops_report_row(b, 0, i < c->npriorities ? c->priorities[i] :
		    "all", (double)t[i].met, (double)all, text.ptr,
		    detail.ptr, all == 0 ? NULL : t[i].breached ? "off-track" :
		    "on-track");
	}
	bops_buf_release(&text);
	bops_buf_release(&detail);
}

static const struct bops_error *
ticket_report(struct bops_report *r, struct bops_ws *ws,
    const struct bops_kind *kind)
{
	const struct bops_error *err;
	struct bops_report_section *s;
	struct bops_ticket_attainment a;
	struct bops_ticket_conf conf;
	const char *fields[F__COUNT];
	size_t opened;

	if (strcmp(r->topic, "weekly") == 0) {
		struct resolved_walk w = { r, NULL };

		if ((err = walk_fields(fields, ws, kind)))
			return err;
		return bops_store_fields(ws, kind, r->commit, fields,
		    F__COUNT, resolved_one, NULL, &w);
	}
	if (strcmp(r->topic, "service"))
		return NULL;
	memset(&a, 0, sizeof(a));
	bops_ticket_conf_init(&conf, ws->config, ws->tz);
	if ((err = bops_ticket_attainment(&a, ws, kind, r->commit, &conf,
	    &r->period, r->now, NULL, NULL)))
		goto done;
	opened = a.opened[conf.npriorities];
	s = bops_report_section(r, "service", "Service");
	if (opened == 0) {
		bops_report_note(s, "No tickets opened in %s.",
		    r->period_text);
		goto done;
	}
	bops_report_note(s, "%zu ticket%s opened in %s; attainment of the "
	    "clocks decided (met, or breached).", opened, opened == 1 ?
	    "" : "s", r->period_text);
	attain_rows(bops_report_block(s, BOPS_BLOCK_BARS, "service-first",
	    "SLA attainment by priority: first response"), &conf, a.first);
	attain_rows(bops_report_block(s, BOPS_BLOCK_BARS, "service-resolution",
	    "SLA attainment by priority: resolution"), &conf, a.res);
done:
	bops_ticket_attainment_release(&a);
	bops_ticket_conf_release(&conf);
	return err;
}

const struct bops_kind_rules bops_ticket_rules = {
	.validate = ticket_validate,
	.check = ticket_check,
	.config = ticket_config,
	.finished = ticket_finished,
	.due = ticket_due,
	.topic = "service",
	.report = ticket_report,
};
