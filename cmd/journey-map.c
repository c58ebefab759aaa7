/*
 * journey-map.c: the journey map in a terminal and as Mermaid (the HTML
 * page is journey-html.c's), and what the journey's readers share: the
 * records connected to each stage, counted live from every kind whose
 * schema points at journeys (a task's, an objective's or a ticket's
 * journey=J/STAGE) and from each stage's links, and what governance
 * says of a journey.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "journey.h"
#include "journey-cmd.h"
#include "okr.h"
#include "out.h"
#include "text.h"
#include "ticket.h"
#include "banned.h"

const char *
journey_as_of(struct bops_ctx *ctx)
{
	return ctx->as_of[0] ? ctx->as_of : NULL;
}

/* The slug of stage i of m. */
const char *
journey_slug_of(const struct journey_map *m, size_t i)
{
	return bops_node_map_str(m->stages->items[i], "slug");
}

/* Whether stage i links "kind/id" (or, with krs, "kind/id/N"). */
static bool
links_to(const struct journey_map *m, size_t i, const char *target)
{
	const struct bops_node *links = bops_node_map_get(m->stages->items[i],
	    "links");
	size_t k;

	for (k = 0; links && k < links->n; k++)
		if (strcmp(links->items[k]->str, target) == 0)
			return true;
	return false;
}

static double
objective_progress(const struct bops_record *rec)
{
	const struct bops_node *krs = bops_record_get(rec, "key_results");
	double *v, *w, p;
	size_t i, n = krs ? krs->n : 0;
	const char *s;

	v = bops_calloc(n + 1, sizeof(*v));
	w = bops_calloc(n + 1, sizeof(*w));
	for (i = 0; i < n; i++) {
		v[i] = bops_okr_kr_progress_of(krs->items[i]);
		s = bops_node_map_str(krs->items[i], "weight");
		w[i] = s ? strtod(s, NULL) : 1;
	}
	p = bops_okr_weighted(v, w, n);
	free(v);
	free(w);
	return p;
}

/* The key results of objective rec that stage i links, with progress. */
static void
kr_links(struct journey_map *m, size_t i, const struct bops_record *rec)
{
	const struct bops_node *krs = bops_record_get(rec, "key_results");
	struct bops_buf t = BOPS_BUF_INIT;
	size_t k;

	for (k = 0; krs && k < krs->n; k++) {
		const char *n = bops_node_map_str(krs->items[k], "id");

		bops_buf_reset(&t);
		bops_buf_printf(&t, "okr/%s/%s", rec->id, n ? n : "");
		if (n && links_to(m, i, t.ptr))
			bops_buf_printf(&m->conn[i].progress, "%s/%s "
			    "%.0f%%\n", rec->id, n, 100 *
			    bops_okr_kr_progress_of(krs->items[k]));
	}
	bops_buf_release(&t);
}

/* Whether an open ticket is past its first response or resolution. */
static bool
ticket_breached(struct journey_map *m, const struct bops_record *rec)
{
	struct bops_sla sla;
	bool breached;

	bops_ticket_sla(&sla, rec, &m->tickets, m->ctx->ws->now, false);
	breached = sla.first_response.state == BOPS_SLA_BREACHED ||
	    sla.resolution.state == BOPS_SLA_BREACHED;
	bops_sla_release(&sla);
	return breached;
}

static const struct bops_error *
conn_one(struct bops_record *rec, void *arg)
{
	struct journey_map *m = arg;
	const struct bops_kind *k = m->kind;
	struct bops_buf target = BOPS_BUF_INIT;
	size_t i, f, jlen = strlen(m->rec->id);
	bool on, okr = strcmp(k->name, "okr") == 0;
	bool done = k->rules->finished && k->rules->finished(m->ctx->ws, rec);
	bool breached = false;

	bops_buf_printf(&target, "%s/%s", k->name, rec->id);
	if (!done && strcmp(k->name, "ticket") == 0)
		breached = ticket_breached(m, rec);
	for (i = 0; i < m->n; i++) {
		on = links_to(m, i, target.ptr);
		for (f = 0; !on && f < rec->schema->n; f++) {
			const struct bops_field *fd = &rec->schema->fields[f];
			const char *v;

			if (fd->type != BOPS_TYPE_REF || fd->ref == NULL ||
			    strcmp(fd->ref, "journey") ||
			    (v = bops_record_str(rec, fd->name)) == NULL)
				continue;
			on = strncmp(v, m->rec->id, jlen) == 0 &&
			    v[jlen] == '/' && journey_slug_of(m, i) &&
			    strcmp(v + jlen + 1, journey_slug_of(m, i)) == 0;
		}
		if (okr) {
			kr_links(m, i, rec);
			if (on)
				bops_buf_printf(&m->conn[i].progress, "%s "
				    "%.0f%%\n", rec->id, 100 *
				    objective_progress(rec));
			continue;
		}
		if (!on)
			continue;
		m->conn[i].all[k->index]++;
		if (!done)
			m->conn[i].open[k->index]++;
		if (breached)
			m->conn[i].breached++;
	}
	bops_buf_release(&target);
	return NULL;
}

static void
map_release(struct journey_map *m)
{
	size_t i;

	for (i = 0; m->conn && i < m->n; i++)
		bops_buf_release(&m->conn[i].progress);
	free(m->conn);
	bops_record_free(m->rec);
	bops_ticket_conf_release(&m->tickets);
}

/* Load the journey idtext (at --as-of) and count what is connected. */
static const struct bops_error *
map_load(struct bops_ctx *ctx, const struct bops_kind *kind,
    const char *idtext, struct journey_map *m)
{
	const struct bops_error *err;
	size_t k;

	memset(m, 0, sizeof(*m));
	m->ctx = ctx;
	bops_ticket_conf_init(&m->tickets, ctx->ws->config, ctx->ws->tz);
	if ((err = bops_store_load(&m->rec, ctx->ws, kind, journey_as_of(ctx),
	    idtext)))
		return err;
	m->stages = bops_record_get(m->rec, "stages");
	m->n = m->stages ? m->stages->n : 0;
	m->conn = bops_calloc(m->n + 1, sizeof(*m->conn));
	for (k = 0; k < m->n; k++)
		bops_buf_init(&m->conn[k].progress);
	for (k = 0; k < BOPS_KIND__COUNT && err == NULL; k++) {
		if (&bops_kinds[k] == kind)
			continue;
		m->kind = &bops_kinds[k];
		err = bops_store_each(ctx->ws, m->kind, journey_as_of(ctx),
		    conn_one,
		    warn_record, m);
	}
	return err;
}

/* A date in the workspace's time zone. */
void
journey_put_day(struct bops_buf *b, struct bops_ctx *ctx, int64_t t)
{
	bops_date_format(b, bops_date_local(t, ctx->ws->tz));
}

/* "changed since approval on DATE", or nothing. */
void
journey_put_changed(struct bops_buf *b, struct bops_ctx *ctx,
    const struct bops_record *rec)
{
	int64_t t;

	if (!bops_journey_changed(rec->root) || bops_instant_parse(&t,
	    bops_record_str(rec, "approved_at")))
		return;
	bops_buf_puts(b, "changed since approval on ");
	journey_put_day(b, ctx, t);
}

/* "review due on DATE" or "review overdue since DATE", or nothing. */
bool
journey_put_due(struct bops_buf *b, struct bops_ctx *ctx,
    const struct bops_record *rec)
{
	int64_t due = bops_journey_review_due(rec->root);

	if (due == 0)
		return false;
	bops_buf_puts(b, due <= ctx->ws->now ? "review overdue since " :
	    "review due on ");
	journey_put_day(b, ctx, due);
	return due <= ctx->ws->now;
}

/* The lines above a map and under a show: governance and the vision. */
void
journey_governance(struct bops_buf *b, struct bops_ctx *ctx,
    const struct bops_record *rec)
{
	const struct bops_node *cx = bops_ws_config_get("cx", ctx->ws);
	const struct bops_node *pr = bops_node_map_get(cx, "principles");
	const char *v = bops_node_map_str(cx, "vision");
	size_t start = b->len, i;

	journey_put_changed(b, ctx, rec);
	if (b->len > start)
		bops_buf_putc(b, '\n');
	start = b->len;
	(void)journey_put_due(b, ctx, rec);
	if (b->len > start)
		bops_buf_putc(b, '\n');
	if (v)
		bops_buf_printf(b, "programme vision: %s\n", v);
	for (i = 0; pr && i < pr->n; i++)
		bops_buf_printf(b, "%s%s%s", i ? "; " :
		    "programme principles: ",
		    pr->items[i]->str, i + 1 == pr->n ? "\n" : "");
}

/* Items of a list field of stage i joined by '\n'. */
void
journey_list_items(struct bops_buf *b, const struct bops_node *st,
    const char *field)
{
	const struct bops_node *l = bops_node_map_get(st, field);
	size_t i;

	for (i = 0; l && i < l->n; i++)
		bops_buf_printf(b, "%s%s", i ? "\n" : "", l->items[i]->str);
}

static void
touchpoint_items(struct bops_buf *b, const struct bops_node *st)
{
	const struct bops_node *l = bops_node_map_get(st, "touchpoints");
	const char *ch;
	size_t i;

	for (i = 0; l && i < l->n; i++) {
		bops_buf_printf(b, "%s%s", i ? "\n" : "",
		    bops_node_map_str(l->items[i], "name"));
		if ((ch = bops_node_map_str(l->items[i], "channel")))
			bops_buf_printf(b, " (%s)", ch);
	}
}

void
journey_metric_text(struct bops_buf *b, const struct bops_node *st)
{
	const struct bops_node *m = bops_node_map_get(st, "metric");
	const char *cur, *unit;

	if (m == NULL)
		return;
	cur = bops_node_map_str(m, "current");
	unit = bops_node_map_str(m, "unit");
	bops_buf_printf(b, "%s %s/%s%s%s", bops_node_map_str(m, "name"),
	    cur ? cur : "?", bops_node_map_str(m, "target"), unit ? " " : "",
	    unit ? unit : "");
}

void
journey_connected_items(struct bops_buf *b, const struct journey_conn *c)
{
	size_t k;

	for (k = 0; k < BOPS_KIND__COUNT; k++) {
		if (c->all[k] == 0)
			continue;
		bops_buf_printf(b, "%s%zu open %s%s", b->len ? "\n" : "",
		    c->open[k], bops_kinds[k].name, c->open[k] == 1 ? "" : "s");
		if (c->breached && strcmp(bops_kinds[k].name, "ticket") == 0)
			bops_buf_printf(b, " (%zu breached)", c->breached);
	}
	if (c->progress.len)
		bops_buf_printf(b, "%s%.*s", b->len ? "\n" : "",
		    (int)c->progress.len - 1, c->progress.ptr);
}

enum { LANE_TOUCH, LANE_PAINS, LANE_EMOTION, LANE_METRIC, LANE_BAR,
	LANE_CONN, NLANES };

static const struct bops_error *
map_text(struct bops_ctx *ctx, struct journey_map *m)
{
	struct bops_buf out = BOPS_BUF_INIT, *cells;
	const char **text[NLANES], **heads;
	double *emotion, *bar;
	struct bops_journey_lane lanes[NLANES];
	struct bops_journey_grid g;
	const char *persona = bops_record_str(m->rec, "persona");
	const char *v;
	size_t i, k;

	cells = bops_calloc(m->n * NLANES + 1, sizeof(*cells));
	heads = bops_calloc(m->n + 1, sizeof(*heads));
	emotion = bops_calloc(m->n + 1, sizeof(*emotion));
	bar = bops_calloc(m->n + 1, sizeof(*bar));
	for (k = 0; k < NLANES; k++)
		text[k] = bops_calloc(m->n + 1, sizeof(**text));
	for (i = 0; i < m->n; i++) {
		const struct bops_node *st = m->stages->items[i];
		struct bops_buf *c = &cells[i * NLANES];

		heads[i] = bops_node_map_str(st, "name");
		for (k = 0; k < NLANES; k++)
			bops_buf_init(&c[k]);
		touchpoint_items(&c[LANE_TOUCH], st);
		journey_list_items(&c[LANE_PAINS], st, "pains");
		journey_metric_text(&c[LANE_METRIC], st);
		journey_connected_items(&c[LANE_CONN], &m->conn[i]);
		for (k = 0; k < NLANES; k++)
			text[k][i] = c[k].ptr;
		v = bops_node_map_str(st, "emotion");
		emotion[i] = v ? strtod(v, NULL) : NAN;
		bar[i] = bops_journey_metric_progress(bops_node_map_get(st,
		    "metric"));
	}
	memset(lanes, 0, sizeof(lanes));
	lanes[LANE_TOUCH] = (struct bops_journey_lane){ "touchpoints",
	    BOPS_LANE_TEXT, text[LANE_TOUCH], NULL };
	lanes[LANE_PAINS] = (struct bops_journey_lane){ "pains",
	    BOPS_LANE_TEXT, text[LANE_PAINS], NULL };
	lanes[LANE_EMOTION] = (struct bops_journey_lane){ "emotion",
	    BOPS_LANE_CURVE, NULL, emotion };
	lanes[LANE_METRIC] = (struct bops_journey_lane){ "metric",
	    BOPS_LANE_TEXT, text[LANE_METRIC], NULL };
	lanes[LANE_BAR] = (struct bops_journey_lane){ "", BOPS_LANE_BAR, NULL,
	    bar };
	lanes[LANE_CONN] = (struct bops_journey_lane){ "connected",
	    BOPS_LANE_TEXT, text[LANE_CONN], NULL };
	g.ncols = m->n;
	g.heads = heads;
	g.lanes = lanes;
	g.nlanes = NLANES;
	bops_buf_printf(&out, "%s", bops_record_title(m->rec));
	if (persona)
		bops_buf_printf(&out, " (%s)", persona);
	bops_buf_printf(&out, ", %s", bops_record_str(m->rec, "status"));
	if ((v = bops_record_str(m->rec, "owner")))
		bops_buf_printf(&out, ", owner %s", v);
	if ((v = bops_record_str(m->rec, "sponsor")))
		bops_buf_printf(&out, ", sponsor %s", v);
	bops_buf_putc(&out, '\n');
	journey_governance(&out, ctx, m->rec);
	if ((v = bops_record_str(m->rec, "vision")))
		bops_buf_printf(&out, "vision: %s\n", v);
	if ((v = bops_record_str(m->rec, "outcome")))
		bops_buf_printf(&out, "outcome: %s\n", v);
	if (m->n == 0)
		bops_buf_puts(&out, "no stages yet: bops journey stage add\n");
	else {
		bops_buf_putc(&out, '\n');
		bops_journey_grid_render(&out, &g, ctx->width ? ctx->width :
		    100, ctx->utf8);
	}
	out_write(&out);
	for (i = 0; i < m->n * NLANES; i++)
		bops_buf_release(&cells[i]);
	for (k = 0; k < NLANES; k++)
		free(text[k]);
	free(cells);
	free(heads);
	free(emotion);
	free(bar);
	bops_buf_release(&out);
	return NULL;
}

/* The actor of a Mermaid task: who meets the customer there. */
static const char *
actor_of(const struct bops_node *st, const struct bops_node *tp,
    const struct bops_record *rec)
{
	const char *a;

	if (tp && (a = bops_node_map_str(tp, "team")))
		return a;
	if ((a = bops_node_map_str(st, "team")))
		return a;
	if (tp && (a = bops_node_map_str(tp, "channel")))
		return a;
	a = bops_record_str(rec, "persona");
	return a ? a : "customer";
}

static void
mermaid_task(struct bops_buf *b, const char *name, int score,
    const char *actor)
{
	bops_buf_puts(b, "    ");
	bops_journey_mermaid_text(b, name);
	bops_buf_printf(b, ": %d: ", score);
	bops_journey_mermaid_text(b, actor);
	bops_buf_putc(b, '\n');
}

static const struct bops_error *
map_mermaid(struct journey_map *m)
{
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i, k;

	bops_buf_puts(&b, "journey\n  title ");
	bops_journey_mermaid_text(&b, bops_record_title(m->rec));
	bops_buf_putc(&b, '\n');
	for (i = 0; i < m->n; i++) {
		const struct bops_node *st = m->stages->items[i];
		const struct bops_node *tps = bops_node_map_get(st,
		    "touchpoints");
		const char *e = bops_node_map_str(st, "emotion");
		int score = bops_journey_mermaid_score(e ? strtol(e, NULL, 10) :
		    0);

		bops_buf_puts(&b, "  section ");
		bops_journey_mermaid_text(&b, bops_node_map_str(st, "name"));
		bops_buf_putc(&b, '\n');
		for (k = 0; tps && k < tps->n; k++)
			mermaid_task(&b, bops_node_map_str(tps->items[k],
			    "name"), score, actor_of(st, tps->items[k],
			    m->rec));
		if (tps == NULL || tps->n == 0)
			mermaid_task(&b, bops_node_map_str(st, "name"), score,
			    actor_of(st, NULL, m->rec));
	}
	out_write_data(&b);
	bops_buf_release(&b);
	return NULL;
}


const struct bops_error *
journey_map(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	const char *format = a->format ? a->format : "text";
	struct journey_map m;

	if (strcmp(format, "text") && strcmp(format, "mermaid") &&
	    strcmp(format, "html"))
		return bops_error_fmt(BOPS_ERR_USAGE, "unknown map format "
		    "'%s': want text, mermaid or html", format);
	if (a->out.as_of && (err = set_as_of(ctx, a->out.as_of)))
		return err;
	if ((err = map_load(ctx, kind, a->argv[1], &m)) == NULL) {
		if (strcmp(format, "mermaid") == 0)
			err = map_mermaid(&m);
		else if (strcmp(format, "html") == 0)
			err = journey_map_html(ctx, &m);
		else
			err = map_text(ctx, &m);
	}
	map_release(&m);
	return err;
}

