/*
 * sla.c: the ticket verbs that read SLA clocks: the queue board, the
 * clocks of the open tickets or of one (--explain), and the attainment
 * report.  The clocks come from lib/ticket.c, replayed from each
 * ticket's thread; nothing here decides a state.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "out.h"
#include "text.h"
#include "ticket.h"
#include "banned.h"

/* The tickets still to do, matching the filters of argv[from..]. */
static const struct bops_error *
gather_open(struct bops_ctx *ctx, const struct bops_kind *kind,
    const char *queue, int argc, char **argv, int from, struct out_list *l)
{
	const struct bops_error *err;
	/* The tickets are read, never changed: decoded read-only. */
	struct out_opts o = { .read_only = true };
	struct bops_buf q = BOPS_BUF_INIT;
	char **args = bops_calloc((size_t)argc + 3, sizeof(*args));
	int n = 0, i;

	args[n++] = argv[0];
	args[n++] = (char *)"status=new,open,pending";
	if (queue) {
		bops_buf_printf(&q, "queue=%s", queue);
		args[n++] = q.ptr;
	}
	for (i = from; i < argc; i++)
		args[n++] = argv[i];
	err = gather(ctx, kind, n, args, &o, "created", l);
	free(args);
	bops_buf_release(&q);
	return err;
}

/* The clock a card shows: first response until it stops, then
 * resolution. */
static const struct bops_sla_clock *
focus(const struct bops_sla *s)
{
	return s->first_response.stopped || s->first_response.state ==
	    BOPS_SLA_NONE ? &s->resolution : &s->first_response;
}

/* "breached", "at-risk", "paused", "3h left", "-". */
static void
card_state(struct bops_buf *b, const struct bops_sla_clock *c)
{
	if (c->state == BOPS_SLA_RUNNING) {
		bops_sla_format(b, c->target - c->elapsed);
		bops_buf_puts(b, " left");
	} else if (c->state == BOPS_SLA_NONE)
		bops_buf_puts(b, "-");
	else
		bops_buf_puts(b, bops_sla_state_name(c->state));
}

static const char *
state_color(enum bops_sla_state s)
{
	return s == BOPS_SLA_BREACHED ? "31" : s == BOPS_SLA_AT_RISK ? "33" :
	    NULL;
}

static void
json_when(struct bops_json *w, const char *key, bool set, int64_t t)
{
	struct bops_buf b = BOPS_BUF_INIT;

	bops_json_key(w, key);
	if (set) {
		bops_instant_format(&b, t);
		bops_json_str(w, b.ptr);
	} else
		bops_json_null(w);
	bops_buf_release(&b);
}

/* The reasons of a span, as --explain says them. */
static void
why_text(struct bops_buf *b, unsigned why, bool json, struct bops_json *w)
{
	static const struct {
		unsigned bit;
		const char *text, *code;
	} whys[] = {
		{ BOPS_SLA_CLOSED, "outside business hours", "closed" },
		{ BOPS_SLA_OFF_DAY, "not a working day", "day-off" },
		{ BOPS_SLA_HOLIDAY, "holiday", "holiday" },
		{ BOPS_SLA_PENDING, "pending (waiting on the customer)",
		    "pending" },
		{ BOPS_SLA_STOPPED, "resolved", "resolved" },
	};
	size_t i, n = 0;

	for (i = 0; i < sizeof(whys) / sizeof(whys[0]); i++) {
		if (!(why & whys[i].bit))
			continue;
		if (json)
			bops_json_str(w, whys[i].code);
		else
			bops_buf_printf(b, "%s%s", n ? ", " : "",
			    whys[i].text);
		n++;
	}
}

static void
clock_json(struct bops_json *w, const struct bops_sla_clock *c, bool spans)
{
	size_t i;

	bops_json_begin_object(w, 0);
	bops_json_key(w, "state");
	bops_json_str(w, bops_sla_state_name(c->state));
	bops_json_key(w, "target");
	if (c->target >= 0)
		bops_json_int(w, c->target);
	else
		bops_json_null(w);
	bops_json_key(w, "elapsed");
	bops_json_int(w, c->elapsed);
	json_when(w, "stopped", c->stopped, c->stop);
	json_when(w, "due", c->due != INT64_MAX, c->due);
	json_when(w, "breached_at", c->breached_at != INT64_MIN,
	    c->breached_at);
	if (spans) {
		bops_json_key(w, "spans");
		bops_json_begin_array(w, 0);
		for (i = 0; i < c->nspans; i++) {
			bops_json_begin_object(w, 0);
			json_when(w, "from", true, c->spans[i].from);
			json_when(w, "to", true, c->spans[i].to);
			bops_json_key(w, "counted");
			bops_json_int(w, c->spans[i].counted);
			bops_json_key(w, "why");
			bops_json_begin_array(w, 0);
			why_text(NULL, c->spans[i].why, true, w);
			bops_json_end_array(w);
			bops_json_end_object(w);
		}
		bops_json_end_array(w);
	}
	bops_json_end_object(w);
}

/* queue */

static void
queue_json(struct bops_ctx *ctx, struct out_list *l, struct bops_sla *sla,
    const struct bops_ticket_conf *conf, long limit, struct bops_buf *b)
{
	struct bops_json w;
	size_t c, i, n, shown;

	bops_json_init(&w, b);
	bops_json_begin_object(&w, 0);
	bops_json_key(&w, "columns");
	bops_json_begin_array(&w, BOPS_JSON_LINES);
	for (c = 0; c < conf->npriorities; c++) {
		for (i = 0, n = 0; i < l->n; i++)
			n += strcmp(bops_record_str(l->recs[i], "priority"),
			    conf->priorities[c]) == 0;
		bops_json_begin_object(&w, 0);
		bops_json_key(&w, "name");
		bops_json_str(&w, conf->priorities[c]);
		bops_json_key(&w, "count");
		bops_json_int(&w, (int64_t)n);
		bops_json_key(&w, "tickets");
		bops_json_begin_array(&w, 0);
		for (i = shown = 0; i < l->n; i++) {
			if (strcmp(bops_record_str(l->recs[i], "priority"),
			    conf->priorities[c]) || (limit >= 0 &&
			    shown++ >= (size_t)limit))
				continue;
			bops_json_begin_object(&w, 0);
			bops_json_key(&w, "ticket");
			out_record_json(&w, l->recs[i]);
			bops_json_key(&w, "first_response");
			clock_json(&w, &sla[i].first_response, false);
			bops_json_key(&w, "resolution");
			clock_json(&w, &sla[i].resolution, false);
			bops_json_end_object(&w);
		}
		bops_json_end_array(&w);
		bops_json_end_object(&w);
	}
	bops_json_end_array(&w);
	bops_json_end_object(&w);
	bops_json_release(&w);
	(void)ctx;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The board: a column per priority, each card "id state subject". */
static void
queue_board(struct bops_ctx *ctx, struct out_list *l, struct bops_sla *sla,
    const struct bops_ticket_conf *conf, long limit, struct bops_buf *b)
{
	struct board board;
	struct bops_buf *card;
	size_t c, i, *count = bops_calloc(conf->npriorities + 1,
	    sizeof(*count));
	char **ids = bops_calloc(l->n + 1, sizeof(*ids)), **at;
	const char *key;

	board_init(&board, conf->npriorities, limit);
	for (i = 0; i < l->n; i++) {
		ids[i] = l->recs[i]->id;
		for (c = 0; c < conf->npriorities; c++)
			count[c] += strcmp(bops_record_str(l->recs[i],
			    "priority"), conf->priorities[c]) == 0;
	}
	bops_qsort(ids, l->n, sizeof(*ids), cmp_str);
	for (c = 0; c < conf->npriorities; c++)
		bops_buf_printf(&board.cols[c].head, "%s %zu\n",
		    conf->priorities[c], count[c]);
	board_layout(&board, ctx, 12);
	for (c = 0; c < conf->npriorities; c++)
		for (i = 0; i < l->n; i++) {
			if (strcmp(bops_record_str(l->recs[i], "priority"),
			    conf->priorities[c]) || (card = board_card(&board,
			    c, state_color(focus(&sla[i])->state))) == NULL)
				continue;
			key = l->recs[i]->id;
			at = bsearch(&key, ids, l->n, sizeof(*ids), cmp_str);
			bops_buf_printf(card, "%.*s ", (int)id_prefix_len(ids,
			    l->n, (size_t)(at - ids)), key);
			card_state(card, focus(&sla[i]));
			bops_buf_printf(card, " %s\n",
			    bops_record_title(l->recs[i]));
		}
	board_render(b, ctx, &board);
	board_release(&board);
	free(ids);
	free(count);
}

/* Whether arg names a queue rather than a filter: a plain word. */
static bool
is_queue(const char *arg)
{
	return arg[strcspn(arg, "=<>!~")] == '\0';
}

const struct bops_error *
ticket_queue(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct out_list l = { NULL, 0, 0 };
	struct bops_ticket_conf conf;
	struct bops_sla *sla = NULL;
	struct bops_buf b = BOPS_BUF_INIT;
	const char *queue = a->argc > 1 && is_queue(a->argv[1]) ?
	    a->argv[1] : NULL;
	size_t i;
	long limit = -1;

	bops_ticket_conf_init(&conf, ctx->ws->config, ctx->ws->tz);
	if ((a->out.limit && (err = parse_count(a->out.limit, "--limit",
	    &limit))) || (err = gather_open(ctx, kind, queue, a->argc,
	    a->argv, queue ? 2 : 1, &l)))
		goto done;
	sla = bops_calloc(l.n + 1, sizeof(*sla));
	for (i = 0; i < l.n; i++)
		bops_ticket_sla(&sla[i], l.recs[i], &conf, ctx->ws->now, false);
	if (a->out.json)
		queue_json(ctx, &l, sla, &conf, limit, &b);
	else
		queue_board(ctx, &l, sla, &conf, limit, &b);
	out_write_color(&b);
done:
	for (i = 0; sla && i < l.n; i++)
		bops_sla_release(&sla[i]);
	free(sla);
	out_list_release(&l);
	bops_ticket_conf_release(&conf);
	bops_buf_release(&b);
	return err;
}

/* sla */

/* "breached 1h30m/1h", "running 20m/4h", "none". */
static void
clock_cell(struct bops_buf *b, const struct bops_sla_clock *c)
{
	bops_buf_reset(b);
	bops_buf_puts(b, bops_sla_state_name(c->state));
	if (c->state == BOPS_SLA_NONE)
		return;
	bops_buf_putc(b, ' ');
	bops_sla_format(b, c->elapsed);
	bops_buf_putc(b, '/');
	bops_sla_format(b, c->target);
}

static bool
wanted(const struct bops_sla *s, const struct args *a)
{
	const struct bops_sla_clock *c[2] = { &s->first_response,
	    &s->resolution };
	size_t i;

	for (i = 0; i < 2; i++)
		if ((a->breached && c[i]->state == BOPS_SLA_BREACHED) ||
		    (a->at_risk && c[i]->state == BOPS_SLA_AT_RISK) ||
		    (!a->breached && !a->at_risk))
			return true;
	return false;
}

/* Whether a clock needs someone: breached, or at risk. */
static bool
alarming(const struct bops_sla *s)
{
	return s->first_response.state == BOPS_SLA_BREACHED ||
	    s->first_response.state == BOPS_SLA_AT_RISK ||
	    s->resolution.state == BOPS_SLA_BREACHED ||
	    s->resolution.state == BOPS_SLA_AT_RISK;
}

static void
ticket_json(struct bops_json *w, const struct bops_record *rec,
    const struct bops_sla *s, bool spans)
{
	bops_json_begin_object(w, 0);
	bops_json_key(w, "id");
	bops_json_str(w, rec->id);
	bops_json_key(w, "priority");
	bops_json_str(w, bops_record_str(rec, "priority"));
	bops_json_key(w, "status");
	bops_json_str(w, bops_record_str(rec, "status"));
	bops_json_key(w, "subject");
	bops_json_str(w, bops_record_title(rec));
	bops_json_key(w, "first_response");
	clock_json(w, &s->first_response, spans);
	bops_json_key(w, "resolution");
	clock_json(w, &s->resolution, spans);
	bops_json_end_object(w);
}

static const struct bops_error *
sla_list(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a,
    const struct bops_ticket_conf *conf, bool *found)
{
	static const char *const heads[] = { "id", "priority", "status",
	    "first response", "resolution", "subject" };
	const struct bops_error *err;
	struct out_list l = { NULL, 0, 0 };
	struct bops_table *t = bops_table_new(6, heads);
	struct bops_buf b = BOPS_BUF_INIT, fr = BOPS_BUF_INIT;
	struct bops_buf res = BOPS_BUF_INIT;
	struct bops_json w;
	struct bops_sla s;
	const char *cells[6];
	size_t i;

	bops_json_init(&w, &b);
	if ((err = gather_open(ctx, kind, NULL, 1, a->argv, 1, &l)))
		goto done;
	if (a->out.json)
		bops_json_begin_array(&w, BOPS_JSON_LINES);
	for (i = 0; i < l.n; i++) {
		bops_ticket_sla(&s, l.recs[i], conf, ctx->ws->now, false);
		if (wanted(&s, a)) {
			*found |= a->breached || a->at_risk || alarming(&s);
			if (a->out.json)
				ticket_json(&w, l.recs[i], &s, false);
			clock_cell(&fr, &s.first_response);
			clock_cell(&res, &s.resolution);
			cells[0] = l.recs[i]->id;
			cells[1] = bops_record_str(l.recs[i], "priority");
			cells[2] = bops_record_str(l.recs[i], "status");
			cells[3] = fr.ptr;
			cells[4] = res.ptr;
			cells[5] = bops_record_title(l.recs[i]);
			bops_table_add(t, cells);
			if (state_color(focus(&s)->state))
				bops_table_color_row(t, bops_table_rows(t) - 1,
				    state_color(focus(&s)->state));
		}
		bops_sla_release(&s);
	}
	if (a->out.json) {
		bops_json_end_array(&w);
		out_write(&b);
	} else if (bops_table_rows(t)) {
		bops_table_render(&b, t, table_flags(ctx), ctx->width);
		out_write_color(&b);
	}
done:
	bops_json_release(&w);
	bops_table_free(t);
	out_list_release(&l);
	bops_buf_release(&b);
	bops_buf_release(&fr);
	bops_buf_release(&res);
	return err;
}

/* One clock of one ticket, and with explain its derivation. */
static void
clock_text(struct bops_ctx *ctx, struct bops_buf *b, const char *name,
    const struct bops_sla_clock *c, bool first, bool explain)
{
	static const char *const heads[] = { "from", "to", "counted", "" };
	struct bops_table *t;
	struct bops_buf when = BOPS_BUF_INIT, out = BOPS_BUF_INIT;
	struct bops_buf cell[4];
	const char *cells[4];
	size_t i, k;
	char *line, *nl;

	bops_buf_printf(b, "%-15s %s", name, bops_sla_state_name(c->state));
	if (c->state == BOPS_SLA_NONE) {
		bops_buf_puts(b, ": no target for its priority\n");
		return;
	}
	bops_buf_putc(b, ' ');
	bops_sla_format(b, c->elapsed);
	bops_buf_puts(b, " of ");
	bops_sla_format(b, c->target);
	if (c->stopped) {
		format_when(&when, ctx, c->stop);
		bops_buf_printf(b, ", %s %s", first ? "answered" : "resolved",
		    when.ptr);
	} else if (c->due != INT64_MAX) {
		format_when(&when, ctx, c->due);
		bops_buf_printf(b, ", due %s", when.ptr);
	} else if (c->breached_at != INT64_MIN) {
		format_when(&when, ctx, c->breached_at);
		bops_buf_printf(b, ", since %s", when.ptr);
	}
	bops_buf_putc(b, '\n');
	bops_buf_release(&when);
	if (!explain)
		return;
	t = bops_table_new(4, heads);
	bops_table_align(t, 2, BOPS_ALIGN_RIGHT);
	for (k = 0; k < 4; k++)
		bops_buf_init(&cell[k]);
	for (i = 0; i < c->nspans; i++) {
		for (k = 0; k < 4; k++)
			bops_buf_reset(&cell[k]);
		format_when(&cell[0], ctx, c->spans[i].from);
		format_when(&cell[1], ctx, c->spans[i].to);
		if (c->spans[i].why == 0) {
			bops_sla_format(&cell[2], c->spans[i].counted);
			bops_buf_puts(&cell[3], "counted");
		} else {
			bops_buf_puts(&cell[3], "not counted: ");
			why_text(&cell[3], c->spans[i].why, false, NULL);
		}
		for (k = 0; k < 4; k++)
			cells[k] = cell[k].ptr;
		bops_table_add(t, cells);
	}
	bops_table_render(&out, t, table_flags(ctx) | BOPS_TABLE_NO_HEADER, 0);
	for (line = out.ptr; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		bops_buf_printf(b, "  %.*s\n", (int)(nl ? nl - line :
		    (long)strlen(line)), line);
	}
	for (k = 0; k < 4; k++)
		bops_buf_release(&cell[k]);
	bops_buf_release(&out);
	bops_table_free(t);
}

static const struct bops_error *
sla_one(struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a,
    const struct bops_ticket_conf *conf, bool *found)
{
	const struct bops_error *err;
	struct bops_record *rec = NULL;
	struct bops_buf b = BOPS_BUF_INIT, when = BOPS_BUF_INIT;
	struct bops_json w;
	struct bops_sla s;

	if ((err = bops_store_load(&rec, ctx->ws, kind, NULL, a->argv[1])))
		return err;
	bops_ticket_sla(&s, rec, conf, ctx->ws->now, a->explain);
	*found = (a->breached && (s.first_response.state == BOPS_SLA_BREACHED
	    || s.resolution.state == BOPS_SLA_BREACHED)) || (a->at_risk &&
	    (s.first_response.state == BOPS_SLA_AT_RISK ||
	    s.resolution.state == BOPS_SLA_AT_RISK)) || (a->exit_code &&
	    alarming(&s));
	if (a->out.json) {
		bops_json_init(&w, &b);
		ticket_json(&w, rec, &s, a->explain);
		bops_json_release(&w);
	} else {
		format_when(&when, ctx, s.first_response.start);
		bops_buf_printf(&b, "ticket %s: %s\n", rec->id,
		    bops_record_title(rec));
		bops_buf_printf(&b, "%s, %s, opened %s\n",
		    bops_record_str(rec, "priority"),
		    bops_record_str(rec, "status"), when.ptr);
		clock_text(ctx, &b, "first response", &s.first_response, true,
		    a->explain);
		clock_text(ctx, &b, "resolution", &s.resolution, false,
		    a->explain);
	}
	out_write(&b);
	bops_sla_release(&s);
	bops_record_free(rec);
	bops_buf_release(&b);
	bops_buf_release(&when);
	return NULL;
}

/* sla --report */

/* "2/3 67%", median, p90 of a tally; "-" where there is nothing. */
static void
tally_cells(struct bops_buf *c, const struct bops_sla_tally *t)
{
	size_t n = t->met + t->breached;

	bops_buf_reset(&c[0]);
	bops_buf_reset(&c[1]);
	bops_buf_reset(&c[2]);
	if (n)
		bops_buf_printf(&c[0], "%zu/%zu %.0f%%", t->met, n,
		    100.0 * (double)t->met / (double)n);
	else
		bops_buf_puts(&c[0], "-");
	if (t->ntimes) {
		bops_sla_format(&c[1], bops_sla_rank(t->times, t->ntimes, 0.5));
		bops_sla_format(&c[2], bops_sla_rank(t->times, t->ntimes, 0.9));
	} else {
		bops_buf_puts(&c[1], "-");
		bops_buf_puts(&c[2], "-");
	}
}

static void
tally_json(struct bops_json *w, const char *key,
    const struct bops_sla_tally *t)
{
	size_t n = t->met + t->breached;

	bops_json_key(w, key);
	bops_json_begin_object(w, 0);
	bops_json_key(w, "met");
	bops_json_int(w, (int64_t)t->met);
	bops_json_key(w, "breached");
	bops_json_int(w, (int64_t)t->breached);
	bops_json_key(w, "share");
	if (n)
		bops_json_fixed(w, (double)t->met / (double)n, 4);
	else
		bops_json_null(w);
	bops_json_key(w, "median");
	if (t->ntimes)
		bops_json_int(w, bops_sla_rank(t->times, t->ntimes, 0.5));
	else
		bops_json_null(w);
	bops_json_key(w, "p90");
	if (t->ntimes)
		bops_json_int(w, bops_sla_rank(t->times, t->ntimes, 0.9));
	else
		bops_json_null(w);
	bops_json_end_object(w);
}

static const struct bops_error *
sla_report(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a, const struct bops_ticket_conf *conf)
{
	static const char *const heads[] = { "priority", "tickets",
	    "first response", "median", "p90", "resolution", "median",
	    "p90" };
	const struct bops_error *err;
	struct bops_ticket_attainment r;
	struct bops_period p;
	struct bops_buf canon = BOPS_BUF_INIT, b = BOPS_BUF_INIT;
	struct bops_buf cells[8];
	struct bops_table *t = bops_table_new(8, heads);
	struct bops_json w;
	const char *c[8];
	size_t i, k, n = conf->npriorities + 1;
	int y, m, d;

	memset(&r, 0, sizeof(r));
	for (k = 0; k < 8; k++)
		bops_buf_init(&cells[k]);
	if (a->argc > 1)
		err = bops_period_parse(&p, a->argv[1], &canon);
	else {
		bops_date_to_ymd(ctx->ws->today, &y, &m, &d);
		bops_buf_printf(&b, "%04d-%02d", y, m);
		err = bops_period_parse(&p, b.ptr, &canon);
		bops_buf_reset(&b);
	}
	if (err)
		goto done;
	if ((err = bops_ticket_attainment(&r, ctx->ws, kind, NULL, conf, &p,
	    ctx->ws->now, warn_record, NULL)))
		goto done;
	bops_json_init(&w, &b);
	if (a->out.json) {
		bops_json_begin_object(&w, 0);
		bops_json_key(&w, "period");
		bops_json_str(&w, canon.ptr);
		bops_json_key(&w, "priorities");
		bops_json_begin_array(&w, BOPS_JSON_LINES);
	}
	for (i = 0; i < n; i++) {
		const char *priority = i < conf->npriorities ?
		    conf->priorities[i] : "all";

		bops_sla_tally_sort(&r.first[i]);
		bops_sla_tally_sort(&r.res[i]);
		if (a->out.json) {
			bops_json_begin_object(&w, 0);
			bops_json_key(&w, "priority");
			bops_json_str(&w, priority);
			bops_json_key(&w, "tickets");
			bops_json_int(&w, (int64_t)r.opened[i]);
			tally_json(&w, "first_response", &r.first[i]);
			tally_json(&w, "resolution", &r.res[i]);
			bops_json_end_object(&w);
			continue;
		}
		bops_buf_reset(&cells[0]);
		bops_buf_puts(&cells[0], priority);
		bops_buf_reset(&cells[1]);
		bops_buf_printf(&cells[1], "%zu", r.opened[i]);
		tally_cells(&cells[2], &r.first[i]);
		tally_cells(&cells[5], &r.res[i]);
		for (k = 0; k < 8; k++)
			c[k] = cells[k].ptr;
		bops_table_add(t, c);
	}
	if (a->out.json) {
		bops_json_end_array(&w);
		bops_json_end_object(&w);
	} else {
		bops_buf_printf(&b, "SLA attainment, tickets opened in %s\n",
		    canon.ptr);
		for (k = 1; k < 8; k++)
			bops_table_align(t, k, BOPS_ALIGN_RIGHT);
		bops_table_render(&b, t, table_flags(ctx), ctx->width);
	}
	bops_json_release(&w);
	out_write_color(&b);
done:
	bops_ticket_attainment_release(&r);
	for (k = 0; k < 8; k++)
		bops_buf_release(&cells[k]);
	bops_table_free(t);
	bops_buf_release(&canon);
	bops_buf_release(&b);
	return err;
}

const struct bops_error *
ticket_sla(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct bops_ticket_conf conf;
	bool found = false;

	if (a->report && (a->breached || a->at_risk || a->explain ||
	    a->exit_code))
		return bops_error_fmt(BOPS_ERR_USAGE, "--report takes none of "
		    "--breached, --at-risk, --explain and --exit-code");
	if (a->explain && a->argc < 2)
		return bops_error_fmt(BOPS_ERR_USAGE, "--explain: which "
		    "ticket? (bops ticket sla ID --explain)");
	bops_ticket_conf_init(&conf, ctx->ws->config, ctx->ws->tz);
	if (a->report)
		err = sla_report(ctx, kind, a, &conf);
	else if (a->argc > 1)
		err = sla_one(ctx, kind, a, &conf, &found);
	else
		err = sla_list(ctx, kind, a, &conf, &found);
	bops_ticket_conf_release(&conf);
	if (err == NULL && found && (a->breached || a->at_risk ||
	    a->exit_code))
		err = bops_error(BOPS_ERR_FOUND);
	return err;
}
