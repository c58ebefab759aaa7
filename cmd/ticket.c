/*
 * ticket.c: the verbs only tickets have: opening one, its thread and
 * status, the queue, SLA clocks and follow-up rules.  What a change may
 * be is lib/ticket.c's business (its rules run for every write); this
 * file turns arguments into changes and clocks into text.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "customer.h"
#include "date.h"
#include "out.h"
#include "text.h"
#include "ticket.h"
#include "banned.h"

/* The field `name` of the thread's entries, or of another log. */
static const struct bops_field *
sub_field(struct bops_ctx *ctx, const struct bops_kind *kind,
    const char *log, const char *name)
{
	const struct bops_schema *s;
	const struct bops_field *f;

	if (bops_ws_schema(&s, ctx->ws, kind) || (f = bops_schema_field(s,
	    log)) == NULL || f->sub == NULL)
		return NULL;
	return bops_schema_field(f->sub, name);
}

/* TEXT as typed (or "-": standard input), checked as a log's text. */
static const struct bops_error *
take_text(struct bops_ctx *ctx, const struct bops_kind *kind,
    const char *log, const char *arg, struct bops_buf *out)
{
	const struct bops_error *err;
	const struct bops_field *f = sub_field(ctx, kind, log, "text");
	struct bops_buf canon = BOPS_BUF_INIT;
	struct bops_input_ctx ictx;
	enum bops_scalar_style style;

	if ((err = read_text(out, arg)) || f == NULL)
		return err;
	bops_ws_input_ctx(ctx->ws, &ictx);
	if ((err = bops_schema_input(&canon, &style, f, out->ptr, &ictx)))
		err = bops_error_fmt(BOPS_ERR_USAGE, "the text: %s",
		    strncmp(err->msg, "field 'text': ", 14) ? err->msg :
		    err->msg + 14);
	bops_buf_release(&canon);
	return err;
}

/* A log entry {at: now, by, <event>, text} (event NULL: none). */
static struct bops_node *
log_entry(struct bops_ctx *ctx, const char *by, const char *event,
    const char *text)
{
	struct bops_node *e = bops_node_new_map();
	struct bops_buf now = BOPS_BUF_INIT;

	bops_instant_format(&now, ctx->ws->now);
	bops_node_map_set_str(e, "at", now.ptr, BOPS_SCALAR_RAW);
	bops_node_map_set_str(e, "by", by, BOPS_SCALAR_TEXT);
	if (event)
		bops_node_map_set_str(e, "event", event, BOPS_SCALAR_RAW);
	bops_node_map_set_str(e, "text", text, BOPS_SCALAR_TEXT);
	bops_buf_release(&now);
	return e;
}

/* Append entry to the log of rec called name. */
static void
log_append(struct bops_record *rec, const char *name,
    struct bops_node *entry)
{
	struct bops_node *log = bops_record_get(rec, name);

	if (log == NULL) {
		log = bops_node_new_seq();
		bops_node_map_set(rec->root, name, log);
	}
	bops_node_seq_append(log, entry);
}

/* The customer's name, for what the customer wrote; else its id. */
static void
customer_name(struct bops_ctx *ctx, const char *id, struct bops_buf *out)
{
	struct bops_record *c = NULL;

	if (id && bops_store_read(&c, ctx->ws, bops_kind_find("customer"), NULL,
	    id) == NULL)
		bops_buf_puts(out, bops_record_title(c));
	else if (id)
		bops_buf_puts(out, id);
	bops_record_free(c);
}

/* open */

/* The record a ref typed on the command line names (a prefix will do):
 * its whole id in out.  BOPS_ERR_NOT_FOUND, BOPS_ERR_AMBIGUOUS. */
static const struct bops_error *
resolve_ref(struct bops_ctx *ctx, const char *field, const char *kind,
    const char *text, struct bops_buf *out)
{
	const struct bops_error *err;

	bops_buf_reset(out);
	if ((err = bops_store_resolve(out, ctx->ws, bops_kind_find(kind), NULL,
	    text)))
		return bops_error_wrap(err, "%s=%s", field, text);
	return NULL;
}

/* One field=value of open, with customer= and follows= resolved. */
static const struct bops_error *
open_assign(struct bops_ctx *ctx, struct bops_record *rec, const char *expr)
{
	const struct bops_error *err = NULL;
	struct bops_buf field = BOPS_BUF_INIT, op = BOPS_BUF_INIT;
	struct bops_buf id = BOPS_BUF_INIT;
	const char *value, *kind = NULL;

	if (!bops_record_split(expr, &field, &op, &value))
		err = bops_error_fmt(BOPS_ERR_USAGE, "expected field=value "
		    "after the subject, got '%s'", expr);
	else if (strcmp(field.ptr, "customer") == 0)
		kind = "customer";
	else if (strcmp(field.ptr, "follows") == 0)
		kind = "ticket";
	if (err == NULL && kind && strcmp(op.ptr, "=") == 0 && *value) {
		if ((err = resolve_ref(ctx, field.ptr, kind, value, &id)) ==
		    NULL)
			err = bops_record_set(rec, ctx->ws, field.ptr, id.ptr);
	} else if (err == NULL)
		err = bops_record_assign(rec, ctx->ws, expr);
	bops_buf_release(&field);
	bops_buf_release(&op);
	bops_buf_release(&id);
	return err;
}

/* A follow-up takes its customer and priority from the ticket it
 * follows, when they are not given. */
static const struct bops_error *
from_followed(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct bops_record *rec)
{
	const struct bops_error *err = NULL;
	struct bops_record *old = NULL;
	const char *f = bops_record_str(rec, "follows");
	static const char *const taken[] = { "customer", "priority",
	    "queue", "requester" };
	size_t i;

	if (f == NULL || (err = bops_store_read(&old, ctx->ws, kind, NULL, f)))
		return err;
	for (i = 0; i < sizeof(taken) / sizeof(taken[0]) && err == NULL; i++)
		if (bops_record_str(rec, taken[i]) == NULL &&
		    bops_record_str(old, taken[i]))
			err = bops_record_set(rec, ctx->ws, taken[i],
			    bops_record_str(old, taken[i]));
	bops_record_free(old);
	return err;
}

/* priority= is needed: say which there are. */
static const struct bops_error *
need_priority(struct bops_ctx *ctx, const struct bops_record *rec)
{
	struct bops_buf list = BOPS_BUF_INIT;
	const struct bops_error *err;

	bops_schema_enum_join(&list, bops_schema_field(rec->schema,
	    "priority"), bops_ws_config_get, ctx->ws);
	err = bops_error_fmt(BOPS_ERR_USAGE, "ticket open: priority=P is "
	    "needed, one of: %s", list.ptr);
	bops_buf_release(&list);
	return err;
}

static const struct bops_error *
ticket_open(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err = NULL;
	struct bops_record *rec = NULL;
	struct bops_txn *txn = NULL;
	struct bops_buf subject = BOPS_BUF_INIT, msg = BOPS_BUF_INIT;
	struct bops_buf text = BOPS_BUF_INIT, by = BOPS_BUF_INIT;
	struct bops_buf field = BOPS_BUF_INIT, op = BOPS_BUF_INIT;
	const char *value;
	int i;

	/* The words before the first field=value are the subject. */
	for (i = 1; i < a->argc && !(bops_record_split(a->argv[i], &field,
	    &op, &value) && strchr("+-=", op.ptr[0])); i++) {
		if (subject.len)
			bops_buf_putc(&subject, ' ');
		bops_buf_puts(&subject, a->argv[i]);
	}
	if (subject.len == 0) {
		err = usage_error(a);
		goto done;
	}
	if (a->message && (err = take_text(ctx, kind, "thread", a->message,
	    &text)))
		goto done;
	if ((err = bops_record_new(&rec, ctx->ws, kind, a->id)) ||
	    (err = bops_record_set(rec, ctx->ws, "subject", subject.ptr)))
		goto done;
	for (; i < a->argc; i++)
		if ((err = open_assign(ctx, rec, a->argv[i])))
			goto done;
	if ((err = from_followed(ctx, kind, rec)))
		goto done;
	if (bops_record_str(rec, "customer") == NULL) {
		err = bops_error_fmt(BOPS_ERR_USAGE, "ticket open: "
		    "customer=C is needed (bops customer add NAME makes one)");
		goto done;
	}
	if (bops_record_str(rec, "priority") == NULL) {
		err = need_priority(ctx, rec);
		goto done;
	}
	if (text.len) {
		if ((value = bops_record_str(rec, "requester")))
			bops_buf_puts(&by, value);
		else
			customer_name(ctx, bops_record_str(rec, "customer"),
			    &by);
		log_append(rec, "thread", log_entry(ctx, by.ptr, "message",
		    text.ptr));
	}
	if ((err = txn_begin(ctx, &txn)) || (err = bops_txn_put(txn, rec,
	    NULL)))
		goto done;
	bops_buf_printf(&msg, "ticket %s: open ", rec->id);
	bops_text_put_quoted(&msg, subject.ptr, 50);
	if ((err = commit_print(txn, msg.ptr, NULL, rec->id, NULL)))
		goto done;
	say(ctx, "opened ticket %s: %s", rec->id, subject.ptr);
done:
	bops_txn_free(txn);
	bops_record_free(rec);
	bops_buf_release(&subject);
	bops_buf_release(&msg);
	bops_buf_release(&text);
	bops_buf_release(&by);
	bops_buf_release(&field);
	bops_buf_release(&op);
	return err;
}

/* reply, note */

struct thread {
	const char *event;	/* reply, message, note */
	const char *text;
	bool customer;		/* the customer's own message */
	struct bops_buf said;
	struct bops_buf was;	/* the status before the entry */
};

/*
 * Add an entry to a ticket's thread: "ticket ID: reply 'text'", and the
 * change of status the rules made of it.
 */
static const struct bops_error *
apply_thread(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	const struct bops_error *err = NULL;
	struct thread *t = arg;
	struct bops_buf by = BOPS_BUF_INIT;
	const char *name, *email;

	(void)txn;
	if (t->customer && bops_record_str(rec, "requester"))
		bops_buf_puts(&by, bops_record_str(rec, "requester"));
	else if (t->customer)
		customer_name(ctx, bops_record_str(rec, "customer"), &by);
	else if ((err = bops_ws_identity(&name, &email, ctx->ws)))
		goto done;
	else
		bops_buf_puts(&by, name);
	bops_buf_reset(&t->was);
	bops_buf_puts(&t->was, bops_record_str(rec, "status"));
	log_append(rec, "thread", log_entry(ctx, by.ptr, t->event, t->text));
	bops_buf_printf(&t->said, "%s ", t->event);
	bops_text_put_quoted(&t->said, t->text, 40);
done:
	bops_buf_release(&by);
	return err;
}

/* The change of status the rules made of the entry, once staged. */
static const struct bops_error *
thread_staged(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	struct thread *t = arg;
	const char *now = bops_record_str(rec, "status");

	(void)ctx;
	(void)txn;
	if (now && strcmp(now, t->was.ptr))
		bops_buf_printf(&t->said, ", status %s -> %s", t->was.ptr,
		    now);
	return NULL;
}

/* reply and note: to the tickets given, or those --where picks. */
static const struct bops_error *
thread_add(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a, const char *event, bool customer)
{
	const struct bops_error *err;
	struct thread t = { event, NULL, customer, BOPS_BUF_INIT,
	    BOPS_BUF_INIT };
	struct bops_buf text = BOPS_BUF_INIT, what = BOPS_BUF_INIT;
	struct bulk b;

	if ((err = take_text(ctx, kind, "thread", a->argv[a->argc - 1],
	    &text)))
		goto done;
	t.text = text.ptr;
	bops_buf_printf(&what, "%s ", event);
	bops_text_put_quoted(&what, text.ptr, 40);
	b = (struct bulk){ .apply = apply_thread, .arg = &t, .what = what.ptr,
	    .said = &t.said, .staged = thread_staged };
	err = bulk_verb(ctx, kind, a, 1, a->argc - 1, &b);
done:
	bops_buf_release(&text);
	bops_buf_release(&what);
	bops_buf_release(&t.said);
	bops_buf_release(&t.was);
	return err;
}

static const struct bops_error *
ticket_reply(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	return thread_add(ctx, kind, a, a->from_customer ? "message" :
	    "reply", a->from_customer);
}

static const struct bops_error *
ticket_note(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	return thread_add(ctx, kind, a, "note", false);
}

/* assign, pending, resolve, close, reopen */

static const struct bops_error *
apply_assign(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	struct bops_buf expr = BOPS_BUF_INIT;
	const struct bops_error *err;

	(void)txn;
	bops_buf_printf(&expr, "assignee=%s", (const char *)arg);
	err = bops_record_assign(rec, ctx->ws, expr.ptr);
	bops_buf_release(&expr);
	return err;
}

static const struct bops_error *
ticket_assign(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct bops_record *probe = NULL;
	struct bops_buf what = BOPS_BUF_INIT;
	struct bulk b;
	char *who;

	if (a->argc < 3 && a->where.n == 0)
		return usage_error(a);
	who = a->argv[a->argc - 1];
	/* The one who is checked before the lock. */
	if ((err = bops_record_new(&probe, ctx->ws, kind, NULL)) == NULL)
		err = apply_assign(ctx, NULL, probe, who);
	bops_record_free(probe);
	if (err)
		return err;
	bops_buf_printf(&what, "assign to %s", who);
	b = (struct bulk){ .apply = apply_assign, .arg = who,
	    .what = what.ptr };
	err = bulk_verb(ctx, kind, a, 1, a->argc - 1, &b);
	bops_buf_release(&what);
	return err;
}

struct status_arg {
	enum bops_ticket_status to;
	struct bops_buf what;
};

static const struct bops_error *
apply_status(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	struct status_arg *s = arg;
	const char *was = bops_record_str(rec, "status");
	const char *to = bops_ticket_status_name(s->to);

	(void)txn;
	if (s->to == BOPS_TICKET_OPEN && was && strcmp(was, "new") == 0)
		return bops_error_fmt(BOPS_ERR_REFUSED, "ticket '%s' is new: "
		    "nothing to reopen (a reply opens it)", rec->id);
	if (was && strcmp(was, to))
		bops_buf_printf(&s->what, "status %s -> %s", was, to);
	return bops_record_set(rec, ctx->ws, "status", to);
}

static const struct bops_error *
set_status(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a, enum bops_ticket_status to)
{
	const struct bops_error *err;
	struct status_arg s = { to, BOPS_BUF_INIT };
	struct bops_buf what = BOPS_BUF_INIT;
	struct bulk b;

	bops_buf_printf(&what, "status -> %s", bops_ticket_status_name(to));
	/* Closing and reopening act on finished tickets (resolved). */
	b = (struct bulk){ .apply = apply_status, .arg = &s, .what = what.ptr,
	    .said = &s.what,
	    .finished = to == BOPS_TICKET_CLOSED || to == BOPS_TICKET_OPEN };
	err = bulk_verb(ctx, kind, a, 1, a->argc, &b);
	bops_buf_release(&s.what);
	bops_buf_release(&what);
	return err;
}

static const struct bops_error *
ticket_pending(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	return set_status(ctx, kind, a, BOPS_TICKET_PENDING);
}

static const struct bops_error *
ticket_resolve(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	return set_status(ctx, kind, a, BOPS_TICKET_RESOLVED);
}

static const struct bops_error *
ticket_close(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	return set_status(ctx, kind, a, BOPS_TICKET_CLOSED);
}

static const struct bops_error *
ticket_reopen(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	return set_status(ctx, kind, a, BOPS_TICKET_OPEN);
}

/* follow-up */

struct follow_up {
	char **exprs;		/* field=value, checked */
	int n;
	int32_t days;
	struct bops_buf what, print;
};

/* The field of a customer's follow-up rules named by expr. */
static const struct bops_error *
rule_field(struct bops_ctx *ctx, const char *expr, struct bops_buf *field,
    const char **value, const struct bops_field **f)
{
	static const char *const allowed[] = { "every", "priority",
	    "subject", "queue", "assignee" };
	struct bops_buf op = BOPS_BUF_INIT;
	size_t i;
	bool ok;

	ok = bops_record_split(expr, field, &op, value) &&
	    strcmp(op.ptr, "=") == 0;
	bops_buf_release(&op);
	for (i = 0; ok && i < sizeof(allowed) / sizeof(allowed[0]); i++)
		if (strcmp(field->ptr, allowed[i]) == 0)
			break;
	if (!ok || i == sizeof(allowed) / sizeof(allowed[0]))
		return bops_error_fmt(BOPS_ERR_USAGE, "follow-up: want every=, "
		    "priority=, subject=, queue= or assignee=, got '%s'", expr);
	*f = sub_field(ctx, bops_kind_find("customer"), "follow_ups",
	    field->ptr);
	return NULL;
}

static const struct bops_error *
apply_follow_up(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *rec, void *arg)
{
	const struct bops_error *err = NULL;
	struct follow_up *fu = arg;
	struct bops_node *rules = bops_record_get(rec, "follow_ups"), *rule;
	struct bops_buf field = BOPS_BUF_INIT, canon = BOPS_BUF_INIT;
	struct bops_input_ctx ictx;
	enum bops_scalar_style style;
	const struct bops_field *f;
	const char *value;
	long n = 0;
	size_t i;
	int k;

	(void)txn;
	for (i = 0; rules && i < rules->n; i++) {
		const char *id = bops_node_map_str(rules->items[i], "id");

		if (id && strtol(id, NULL, 10) > n)
			n = strtol(id, NULL, 10);
	}
	rule = bops_node_new_map();
	bops_buf_printf(&canon, "%ld", n + 1);
	bops_node_map_set_str(rule, "id", canon.ptr, BOPS_SCALAR_RAW);
	bops_buf_reset(&canon);
	bops_date_format(&canon, ctx->ws->today);
	bops_node_map_set_str(rule, "since", canon.ptr, BOPS_SCALAR_RAW);
	bops_ws_input_ctx(ctx->ws, &ictx);
	for (k = 0; k < fu->n && err == NULL; k++) {
		bops_buf_reset(&canon);
		if ((err = rule_field(ctx, fu->exprs[k], &field, &value, &f)) ||
		    f == NULL || (err = bops_schema_input(&canon, &style, f,
		    value, &ictx)))
			break;
		if (canon.len)
			bops_node_map_set_str(rule, field.ptr, canon.ptr,
			    style);
	}
	if (err == NULL) {
		log_append(rec, "follow_ups", rule);
		bops_buf_printf(&fu->what, "follow-up %ld every %s from ", n + 1,
		    bops_node_map_str(rule, "every"));
		bops_date_format(&fu->what, ctx->ws->today);
		bops_buf_puts(&fu->what, ", first due ");
		bops_date_format(&fu->what, ctx->ws->today + fu->days);
		bops_buf_printf(&fu->print, "%s/%ld", rec->id, n + 1);
	} else
		bops_node_free(rule);
	bops_buf_release(&field);
	bops_buf_release(&canon);
	return err;
}

static const struct bops_error *
ticket_follow_up(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err = NULL;
	struct follow_up fu;
	struct bops_buf field = BOPS_BUF_INIT;
	const struct bops_field *f;
	const char *value, *every = NULL;
	int i;

	(void)kind;
	memset(&fu, 0, sizeof(fu));
	fu.exprs = a->argv + 2;
	fu.n = a->argc - 2;
	/* Every value is checked before the lock is taken. */
	for (i = 0; i < fu.n && err == NULL; i++)
		if ((err = rule_field(ctx, fu.exprs[i], &field, &value,
		    &f)) == NULL && strcmp(field.ptr, "every") == 0)
			every = value;
	if (err == NULL && every == NULL)
		err = usage_error(a);
	if (err == NULL)
		err = bops_customer_cycle(every, &fu.days);
	bops_buf_release(&field);
	if (err == NULL)
		err = record_change(ctx, bops_kind_find("customer"),
		    a->argv[1], apply_follow_up, &fu, &fu.what, &fu.print);
	bops_buf_release(&fu.what);
	bops_buf_release(&fu.print);
	return err;
}

const struct bops_verb ticket_verbs[] = {
	VERB("open", ticket_open,
	    "SUBJECT ... customer=C priority=P [field=value ...]", 1, -1,
	    OPTS(OPT_VALUE("id", 0, "SLUG", id, 0),
	    OPT_VALUE("message", 'm', "TEXT", message, 0)),
	    "open a ticket for a customer and print its id"),
	VERB("reply", ticket_reply, "[ID ...] TEXT", 1, -1,
	    OPTS(OPT_FLAG("customer", 0, from_customer, 0), OPT_WHERE),
	    "add a public reply (--customer: the customer's own message)"),
	VERB("note", ticket_note, "[ID ...] TEXT", 1, -1, OPTS(OPT_WHERE),
	    "add an internal note, which no SLA clock counts as a reply"),
	VERB("assign", ticket_assign, "[ID ...] WHO", 1, -1, OPTS(OPT_WHERE),
	    "give tickets to someone (me: yourself)"),
	VERB("pending", ticket_pending, "[ID ...]", 0, -1,
	    OPTS(OPT_WHERE, OPT_FORCE),
	    "wait on the customer: the resolution clock pauses"),
	VERB("resolve", ticket_resolve, "[ID ...]", 0, -1,
	    OPTS(OPT_WHERE, OPT_FORCE), "resolve tickets: their clocks stop"),
	VERB("close", ticket_close, "[ID ...]", 0, -1,
	    OPTS(OPT_WHERE, OPT_FORCE),
	    "close tickets for good: they take no more replies"),
	VERB("reopen", ticket_reopen, "[ID ...]", 0, -1,
	    OPTS(OPT_WHERE, OPT_FORCE),
	    "reopen pending or resolved tickets: their clocks resume"),
	VERB("queue", ticket_queue, "[QUEUE] [FILTER ...]", 0, -1,
	    OPTS(OPT_LIMIT, OPT_JSON),
	    "the tickets still to do, by priority, oldest first, with their "
	    "SLA state"),
	VERB("sla", ticket_sla, "[ID|PERIOD]", 0, 1,
	    OPTS(OPT_FLAG("breached", 0, breached, 0),
	    OPT_FLAG("at-risk", 0, at_risk, OPT_OR),
	    OPT_FLAG("explain", 0, explain, 0),
	    OPT_FLAG("exit-code", 0, exit_code, 0),
	    OPT_FLAG("report", 0, report, 0), OPT_JSON),
	    "SLA clocks of the open tickets or of one; --report: attainment"),
	VERB("follow-up", ticket_follow_up,
	    "CUSTOMER every=DAYS [priority=P] [subject=TEXT] [queue=Q] "
	    "[assignee=WHO]", 2, 6, NULL,
	    "bring a customer back every DAYS: bops tick opens the tickets"),
	VERBS_END,
};
