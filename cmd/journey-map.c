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
#include "out.h"
#include "text.h"
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

static void
map_release(struct journey_map *m)
{
	bops_journey_links_release(&m->links, 1);
	bops_record_free(m->rec);
}

/* Load the journey idtext (at --as-of) and count what is connected. */
static const struct bops_error *
map_load(struct bops_ctx *ctx, const struct bops_kind *kind,
    const char *idtext, struct journey_map *m)
{
	const struct bops_error *err;

	memset(m, 0, sizeof(*m));
	m->ctx = ctx;
	if ((err = bops_store_load(&m->rec, ctx->ws, kind, journey_as_of(ctx),
	    idtext)))
		return err;
	m->stages = bops_record_get(m->rec, "stages");
	m->links.journey = m->rec;
	err = bops_journey_connect(&m->links, 1, ctx->ws, journey_as_of(ctx),
	    ctx->ws->now, warn_record);
	m->n = m->links.n;
	m->conn = m->links.conn;
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
		bops_journey_metric_text(&c[LANE_METRIC], st);
		bops_journey_conn_text(&c[LANE_CONN], &m->conn[i], "\n");
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

