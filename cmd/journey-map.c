/*
 * journey-map.c: the journey verbs that read: the map in a terminal,
 * as Mermaid and as one HTML file, show with its governance, and the
 * portfolio of every journey.  The map's connected records are counted
 * live from every kind whose schema points at journeys (a task's, an
 * objective's or a ticket's journey=J/STAGE) and from each stage's
 * links.
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

/* What is connected to each stage. */
struct conn {
	size_t open[BOPS_KIND__COUNT], all[BOPS_KIND__COUNT];
	size_t breached;		/* open tickets past an SLA target */
	struct bops_buf progress;	/* "service/1 45%\n": a key result,
					   "service 42%": an objective */
};

struct map {
	struct bops_ctx *ctx;
	struct bops_record *rec;	/* the journey */
	const struct bops_node *stages;
	size_t n;
	struct conn *conn;
	const struct bops_kind *kind;	/* the kind being read */
	struct bops_ticket_conf tickets;	/* SLA targets, calendar */
};

static const char *
as_of(struct bops_ctx *ctx)
{
	return ctx->as_of[0] ? ctx->as_of : NULL;
}

/* The slug of stage i of m. */
static const char *
slug_of(const struct map *m, size_t i)
{
	return bops_node_map_str(m->stages->items[i], "slug");
}

/* Whether stage i links "kind/id" (or, with krs, "kind/id/N"). */
static bool
links_to(const struct map *m, size_t i, const char *target)
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
kr_links(struct map *m, size_t i, const struct bops_record *rec)
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
ticket_breached(struct map *m, const struct bops_record *rec)
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
	struct map *m = arg;
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
			    v[jlen] == '/' && slug_of(m, i) &&
			    strcmp(v + jlen + 1, slug_of(m, i)) == 0;
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
map_release(struct map *m)
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
    const char *idtext, struct map *m)
{
	const struct bops_error *err;
	size_t k;

	memset(m, 0, sizeof(*m));
	m->ctx = ctx;
	bops_ticket_conf_init(&m->tickets, ctx->ws->config, ctx->ws->tz);
	if ((err = bops_store_load(&m->rec, ctx->ws, kind, as_of(ctx), idtext)))
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
		err = bops_store_each(ctx->ws, m->kind, as_of(ctx), conn_one,
		    warn_record, m);
	}
	return err;
}

/* A date in the workspace's time zone. */
static void
put_day(struct bops_buf *b, struct bops_ctx *ctx, int64_t t)
{
	bops_date_format(b, bops_date_local(t, ctx->ws->tz));
}

/* "changed since approval on DATE", or nothing. */
static void
put_changed(struct bops_buf *b, struct bops_ctx *ctx,
    const struct bops_record *rec)
{
	int64_t t;

	if (!bops_journey_changed(rec->root) || bops_instant_parse(&t,
	    bops_record_str(rec, "approved_at")))
		return;
	bops_buf_puts(b, "changed since approval on ");
	put_day(b, ctx, t);
}

/* "review due on DATE" or "review overdue since DATE", or nothing. */
static bool
put_due(struct bops_buf *b, struct bops_ctx *ctx,
    const struct bops_record *rec)
{
	int64_t due = bops_journey_review_due(rec->root);

	if (due == 0)
		return false;
	bops_buf_puts(b, due <= ctx->ws->now ? "review overdue since " :
	    "review due on ");
	put_day(b, ctx, due);
	return due <= ctx->ws->now;
}

/* The lines above a map and under a show: governance and the vision. */
static void
governance(struct bops_buf *b, struct bops_ctx *ctx,
    const struct bops_record *rec)
{
	const struct bops_node *cx = bops_ws_config_get("cx", ctx->ws);
	const struct bops_node *pr = bops_node_map_get(cx, "principles");
	const char *v = bops_node_map_str(cx, "vision");
	size_t start = b->len, i;

	put_changed(b, ctx, rec);
	if (b->len > start)
		bops_buf_putc(b, '\n');
	start = b->len;
	(void)put_due(b, ctx, rec);
	if (b->len > start)
		bops_buf_putc(b, '\n');
	if (v)
		bops_buf_printf(b, "programme vision: %s\n", v);
	for (i = 0; pr && i < pr->n; i++)
		bops_buf_printf(b, "%s%s%s", i ? "; " : "programme principles: ",
		    pr->items[i]->str, i + 1 == pr->n ? "\n" : "");
}

/* Items of a list field of stage i joined by '\n'. */
static void
list_items(struct bops_buf *b, const struct bops_node *st, const char *field)
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

static void
metric_text(struct bops_buf *b, const struct bops_node *st)
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

static void
connected_items(struct bops_buf *b, const struct conn *c)
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
map_text(struct bops_ctx *ctx, struct map *m)
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
		list_items(&c[LANE_PAINS], st, "pains");
		metric_text(&c[LANE_METRIC], st);
		connected_items(&c[LANE_CONN], &m->conn[i]);
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
	governance(&out, ctx, m->rec);
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
map_mermaid(struct map *m)
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


static const char map_css[] =
    ":root{--ink:#1d2433;--muted:#5b6475;--line:#d8dde6;--bg:#f6f7fb;"
    "--card:#fff;--accent:#2f5fb8;--good:#1f9d55;--warn:#c2410c}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.45 "
    "system-ui,-apple-system,'Segoe UI','Noto Sans','Noto Sans Thai',"
    "'Noto Sans CJK SC',sans-serif}\n"
    "main{padding:24px;max-width:100%}\n"
    "h1{margin:0 0 4px;font-size:1.6rem}\n"
    "header p{margin:2px 0;overflow-wrap:anywhere}\n"
    ".meta{color:var(--muted)}\n"
    ".changed,.overdue{display:inline-block;background:#fff4e5;"
    "color:var(--warn);border:1px solid #f5c48b;border-radius:6px;"
    "padding:1px 8px}\n"
    ".map{display:grid;grid-template-columns:8rem repeat(var(--stages),"
    "minmax(0,1fr));gap:8px;margin-top:16px}\n"
    ".lane{font-size:.75rem;font-weight:700;letter-spacing:.04em;"
    "text-transform:uppercase;color:var(--muted);padding-top:9px}\n"
    ".stage{background:var(--accent);color:#fff;border-radius:8px;"
    "padding:8px 10px;min-width:0;overflow-wrap:anywhere}\n"
    ".stage h2{margin:0;font-size:1rem}\n"
    ".stage p{margin:2px 0 0;font-size:.85rem;opacity:.9}\n"
    ".cell{background:var(--card);border:1px solid var(--line);"
    "border-radius:8px;padding:8px 10px;min-width:0;"
    "overflow-wrap:anywhere}\n"
    ".cell h3{display:none;margin:0 0 4px;font-size:.75rem;"
    "text-transform:uppercase;color:var(--muted)}\n"
    ".cell ul{margin:0;padding-left:1.1em}\n"
    ".channel{color:var(--muted);font-size:.85em}\n"
    ".bar{height:8px;background:#e6e9f0;border-radius:4px;"
    "overflow:hidden;margin-top:6px}\n"
    ".bar span{display:block;height:100%;background:var(--good)}\n"
    ".curve{background:var(--card);border:1px solid var(--line);"
    "border-radius:8px;width:100%;height:110px;display:block}\n"
    "footer{color:var(--muted);font-size:.8rem;margin-top:16px}\n"
    "@media (max-width:720px){main{padding:12px}.map{display:block}"
    ".lane{display:none}.stage{margin-top:16px}.cell{margin-top:6px}"
    ".cell h3{display:block}.curve{margin-top:16px}}\n";

static const char *const lane_names[] = {
	"touchpoints", "pains", "opportunities", "emotion", "metric",
	"connected",
};
#define NLANE_NAMES (sizeof(lane_names) / sizeof(lane_names[0]))
#define LANE_ROW_EMOTION 3	/* lane_names[3] */

static const char *
feeling(long e)
{
	static const char *const words[] = { "angry", "unhappy", "neutral",
	    "pleased", "delighted" };

	return words[bops_journey_mermaid_score(e) - 1];
}

static void
html(struct bops_buf *b, const char *s)
{
	bops_journey_html_text(b, s ? s : "");
}

/* A list field of a stage (or a text with '\n' between items). */
static void
html_list(struct bops_buf *b, const char *items)
{
	const char *p, *nl;

	if (items == NULL || *items == '\0')
		return;
	bops_buf_puts(b, "<ul>");
	for (p = items; *p; p = *nl ? nl + 1 : nl) {
		struct bops_buf one = BOPS_BUF_INIT;

		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		bops_buf_put(&one, p, (size_t)(nl - p));
		bops_buf_puts(&one, "");
		bops_buf_puts(b, "<li>");
		html(b, one.ptr);
		bops_buf_puts(b, "</li>");
		bops_buf_release(&one);
	}
	bops_buf_puts(b, "</ul>");
}

/* The grid row of a lane: the emotion curve has the row under its own. */
static size_t
lane_row(size_t lane)
{
	return lane + 2 + (lane > LANE_ROW_EMOTION);
}

static void
html_cell_open(struct bops_buf *b, size_t lane, size_t i, const char *slug)
{
	bops_buf_printf(b, "<div class=\"cell\" data-lane=\"%s\" "
	    "data-stage=\"", lane_names[lane]);
	html(b, slug);
	bops_buf_printf(b, "\" style=\"grid-row:%zu;grid-column:%zu\">"
	    "<h3>%s</h3>", lane_row(lane), i + 2, lane_names[lane]);
}

static void
html_stage(struct bops_buf *b, struct map *m, size_t i)
{
	const struct bops_node *st = m->stages->items[i];
	const struct bops_node *tps = bops_node_map_get(st, "touchpoints");
	const struct bops_node *metric = bops_node_map_get(st, "metric");
	const char *slug = slug_of(m, i), *v;
	struct bops_buf t = BOPS_BUF_INIT;
	double f;
	size_t k;

	bops_buf_puts(b, "<div class=\"stage\" data-stage=\"");
	html(b, slug);
	bops_buf_printf(b, "\" style=\"grid-row:1;grid-column:%zu\"><h2>",
	    i + 2);
	html(b, bops_node_map_str(st, "name"));
	bops_buf_puts(b, "</h2>");
	if ((v = bops_node_map_str(st, "goal"))) {
		bops_buf_puts(b, "<p>");
		html(b, v);
		bops_buf_puts(b, "</p>");
	}
	if ((v = bops_node_map_str(st, "team"))) {
		bops_buf_puts(b, "<p>");
		html(b, v);
		bops_buf_puts(b, "</p>");
	}
	bops_buf_puts(b, "</div>\n");
	html_cell_open(b, 0, i, slug);
	if (tps && tps->n) {
		bops_buf_puts(b, "<ul>");
		for (k = 0; k < tps->n; k++) {
			bops_buf_puts(b, "<li>");
			html(b, bops_node_map_str(tps->items[k], "name"));
			if ((v = bops_node_map_str(tps->items[k], "channel"))) {
				bops_buf_puts(b, " <span class=\"channel\">");
				html(b, v);
				bops_buf_puts(b, "</span>");
			}
			bops_buf_puts(b, "</li>");
		}
		bops_buf_puts(b, "</ul>");
	}
	bops_buf_puts(b, "</div>\n");
	html_cell_open(b, 1, i, slug);
	list_items(&t, st, "pains");
	html_list(b, t.ptr);
	bops_buf_puts(b, "</div>\n");
	html_cell_open(b, 2, i, slug);
	bops_buf_reset(&t);
	list_items(&t, st, "opportunities");
	html_list(b, t.ptr);
	bops_buf_puts(b, "</div>\n");
	html_cell_open(b, 3, i, slug);
	if ((v = bops_node_map_str(st, "emotion")))
		bops_buf_printf(b, "%s%s %s", v[0] == '-' || strcmp(v, "0") ==
		    0 ? "" : "+", v, feeling(strtol(v, NULL, 10)));
	bops_buf_puts(b, "</div>\n");
	html_cell_open(b, 4, i, slug);
	if (metric) {
		bops_buf_reset(&t);
		metric_text(&t, st);
		html(b, t.ptr);
		if ((v = bops_node_map_str(metric, "family"))) {
			bops_buf_puts(b, " <span class=\"channel\">");
			html(b, v);
			bops_buf_puts(b, "</span>");
		}
		f = bops_journey_metric_progress(metric);
		if (!isnan(f))
			bops_buf_printf(b, "<div class=\"bar\"><span "
			    "style=\"width:%.0f%%\"></span></div>", 100 * f);
	}
	bops_buf_puts(b, "</div>\n");
	html_cell_open(b, 5, i, slug);
	bops_buf_reset(&t);
	connected_items(&t, &m->conn[i]);
	html_list(b, t.ptr);
	bops_buf_puts(b, "</div>\n");
	bops_buf_release(&t);
}

/* The emotion curve: one SVG across the stages' columns. */
static void
html_curve(struct bops_buf *b, struct map *m)
{
	size_t i, w = m->n * 100;
	bool pen = false;
	const char *v;

	bops_buf_printf(b, "<svg class=\"curve\" role=\"img\" "
	    "aria-label=\"emotion curve\" viewBox=\"0 0 %zu 100\" "
	    "preserveAspectRatio=\"none\" style=\"grid-row:%zu;"
	    "grid-column:2/-1\">\n<title>emotion from -2 to +2</title>\n",
	    w, lane_row(LANE_ROW_EMOTION) + 1);
	bops_buf_printf(b, "<line x1=\"0\" y1=\"50\" x2=\"%zu\" y2=\"50\" "
	    "stroke=\"#d8dde6\" vector-effect=\"non-scaling-stroke\"/>\n", w);
	bops_buf_puts(b, "<path fill=\"none\" stroke=\"#2f5fb8\" "
	    "stroke-width=\"3\" vector-effect=\"non-scaling-stroke\" d=\"");
	for (i = 0; i < m->n; i++) {
		if ((v = bops_node_map_str(m->stages->items[i], "emotion")) ==
		    NULL) {
			pen = false;
			continue;
		}
		bops_buf_printf(b, "%s%zu %ld ", pen ? "L" : "M", i * 100 + 50,
		    50 - 20 * strtol(v, NULL, 10));
		pen = true;
	}
	bops_buf_puts(b, "\"/>\n");
	for (i = 0; i < m->n; i++)
		if ((v = bops_node_map_str(m->stages->items[i], "emotion")))
			bops_buf_printf(b, "<path class=\"dot\" "
			    "data-stage=\"%s\" d=\"M%zu %ld h0\" "
			    "stroke=\"#2f5fb8\" stroke-width=\"12\" "
			    "stroke-linecap=\"round\" "
			    "vector-effect=\"non-scaling-stroke\"/>\n",
			    slug_of(m, i), i * 100 + 50,
			    50 - 20 * strtol(v, NULL, 10));
	bops_buf_puts(b, "</svg>\n");
}

static const struct bops_error *
map_html(struct bops_ctx *ctx, struct map *m)
{
	struct bops_buf b = BOPS_BUF_INIT, g = BOPS_BUF_INIT;
	struct bops_buf line = BOPS_BUF_INIT;
	const char *v, *p, *nl;
	size_t i;
	bool overdue;

	bops_buf_puts(&b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>");
	html(&b, bops_record_title(m->rec));
	bops_buf_printf(&b, " - journey map</title>\n<style>\n%s</style>\n"
	    "</head>\n<body>\n<main class=\"journey\" data-journey=\"",
	    map_css);
	html(&b, m->rec->id);
	bops_buf_puts(&b, "\">\n<header>\n<h1>");
	html(&b, bops_record_title(m->rec));
	bops_buf_puts(&b, "</h1>\n<p class=\"meta\">");
	if ((v = bops_record_str(m->rec, "persona"))) {
		html(&b, v);
		bops_buf_puts(&b, " · ");
	}
	html(&b, bops_record_str(m->rec, "status"));
	if ((v = bops_record_str(m->rec, "owner"))) {
		bops_buf_puts(&b, " · owner ");
		html(&b, v);
	}
	if ((v = bops_record_str(m->rec, "sponsor"))) {
		bops_buf_puts(&b, " · sponsor ");
		html(&b, v);
	}
	bops_buf_puts(&b, "</p>\n");
	put_changed(&g, ctx, m->rec);
	if (g.len) {
		bops_buf_puts(&b, "<p class=\"changed\">");
		html(&b, g.ptr);
		bops_buf_puts(&b, "</p>\n");
	}
	bops_buf_reset(&g);
	overdue = put_due(&g, ctx, m->rec);
	if (g.len) {
		bops_buf_printf(&b, "<p class=\"%s\">", overdue ? "overdue" :
		    "meta");
		html(&b, g.ptr);
		bops_buf_puts(&b, "</p>\n");
	}
	/* the programme's vision and principles, a paragraph each */
	bops_buf_reset(&g);
	governance(&g, ctx, m->rec);
	for (p = g.ptr; p && *p; p = *nl ? nl + 1 : nl) {
		nl = strchr(p, '\n');
		if (nl == NULL)
			nl = p + strlen(p);
		if (strncmp(p, "programme", 9))
			continue;
		bops_buf_reset(&line);
		bops_buf_put(&line, p, (size_t)(nl - p));
		bops_buf_puts(&line, "");
		bops_buf_puts(&b, "<p class=\"programme\">");
		html(&b, line.ptr);
		bops_buf_puts(&b, "</p>\n");
	}
	if ((v = bops_record_str(m->rec, "vision"))) {
		bops_buf_puts(&b, "<p class=\"vision\">Vision: ");
		html(&b, v);
		bops_buf_puts(&b, "</p>\n");
	}
	if ((v = bops_record_str(m->rec, "outcome"))) {
		bops_buf_puts(&b, "<p class=\"outcome\">Outcome: ");
		html(&b, v);
		bops_buf_puts(&b, "</p>\n");
	}
	bops_buf_printf(&b, "</header>\n<section class=\"map\" "
	    "style=\"--stages:%zu\">\n", m->n ? m->n : 1);
	for (i = 0; i < m->n; i++)
		html_stage(&b, m, i);
	for (i = 0; i < NLANE_NAMES; i++)
		bops_buf_printf(&b, "<div class=\"lane\" data-lane=\"%s\" "
		    "style=\"grid-row:%zu;grid-column:1\">%s</div>\n",
		    lane_names[i], lane_row(i), lane_names[i]);
	if (m->n)
		html_curve(&b, m);
	bops_buf_puts(&b, "</section>\n<footer>bops journey map ");
	html(&b, m->rec->id);
	bops_buf_puts(&b, ", ");
	bops_buf_reset(&g);
	put_day(&g, ctx, ctx->ws->now);
	html(&b, g.ptr);
	bops_buf_puts(&b, "</footer>\n</main>\n</body>\n</html>\n");
	out_write_data(&b);
	bops_buf_release(&b);
	bops_buf_release(&g);
	bops_buf_release(&line);
	return NULL;
}

const struct bops_error *
journey_map(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	const char *format = a->format ? a->format : "text";
	struct map m;

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
			err = map_html(ctx, &m);
		else
			err = map_text(ctx, &m);
	}
	map_release(&m);
	return err;
}

const struct bops_error *
journey_show(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct bops_record *rec = NULL;
	struct bops_buf b = BOPS_BUF_INIT;

	if ((err = out_opts_finish(ctx, &a->out)))
		return err;
	if ((err = bops_store_load(&rec, ctx->ws, kind, as_of(ctx), a->argv[1])))
		return err;
	if ((err = out_record(ctx, rec, &a->out)) == NULL &&
	    a->out.format == OUT_TABLE && a->out.fields == NULL) {
		governance(&b, ctx, rec);
		if (b.len) {
			out_line("%s", "");
			out_write(&b);
		}
	}
	bops_buf_release(&b);
	bops_record_free(rec);
	return err;
}

/* The stages whose metric meets its target, of those with a metric. */
static void
health(const struct bops_record *rec, size_t *on, size_t *with)
{
	const struct bops_node *stages = bops_record_get(rec, "stages");
	const struct bops_node *m;
	size_t i;

	*on = *with = 0;
	for (i = 0; stages && i < stages->n; i++) {
		if ((m = bops_node_map_get(stages->items[i], "metric")) ==
		    NULL)
			continue;
		(*with)++;
		if (bops_journey_metric_progress(m) >= 1)
			(*on)++;
	}
}

/* One journey of the portfolio: the governance that the row says. */
struct folio {
	const struct bops_record *rec;
	size_t stages, on, with;
	int64_t due, last;
	bool overdue, changed;
	struct bops_buf reviewed, due_day;
};

static void
folio_json(struct bops_json *w, const struct folio *f)
{
	const char *owner = bops_record_str(f->rec, "owner");

	bops_json_begin_object(w, 0);
	bops_json_key(w, "id");
	bops_json_str(w, f->rec->id);
	bops_json_key(w, "title");
	bops_json_str(w, bops_record_title(f->rec));
	bops_json_key(w, "status");
	bops_json_str(w, bops_record_str(f->rec, "status"));
	bops_json_key(w, "owner");
	if (owner)
		bops_json_str(w, owner);
	else
		bops_json_null(w);
	bops_json_key(w, "reviewed");
	if (f->last)
		bops_json_str(w, f->reviewed.ptr);
	else
		bops_json_null(w);
	bops_json_key(w, "due");
	if (f->due)
		bops_json_str(w, f->due_day.ptr);
	else
		bops_json_null(w);
	bops_json_key(w, "overdue");
	bops_json_bool(w, f->overdue);
	bops_json_key(w, "changed_since_approval");
	bops_json_bool(w, f->changed);
	bops_json_key(w, "stages");
	bops_json_int(w, (int64_t)f->stages);
	bops_json_key(w, "with_metric");
	bops_json_int(w, (int64_t)f->with);
	bops_json_key(w, "on_target");
	bops_json_int(w, (int64_t)f->on);
	bops_json_end_object(w);
}

static void
folio_row(struct bops_table *t, const struct folio *f)
{
	const char *owner = bops_record_str(f->rec, "owner");
	struct bops_buf n = BOPS_BUF_INIT, on = BOPS_BUF_INIT;
	struct bops_buf note = BOPS_BUF_INIT;
	const char *row[9];

	bops_buf_printf(&n, "%zu", f->stages);
	bops_buf_puts(&on, "");
	if (f->with)
		bops_buf_printf(&on, "%zu/%zu", f->on, f->with);
	bops_buf_puts(&note, f->overdue ? "review overdue" : "");
	if (f->changed)
		bops_buf_printf(&note, "%schanged since approval",
		    note.len ? ", " : "");
	row[0] = f->rec->id;
	row[1] = bops_record_str(f->rec, "status");
	row[2] = owner ? owner : "";
	row[3] = f->reviewed.ptr ? f->reviewed.ptr : "";
	row[4] = f->due_day.ptr ? f->due_day.ptr : "";
	row[5] = n.ptr;
	row[6] = on.ptr;
	row[7] = note.ptr;
	row[8] = bops_record_title(f->rec);
	bops_table_add(t, row);
	if (f->overdue)
		bops_table_color_row(t, bops_table_rows(t) - 1, "31");
	bops_buf_release(&n);
	bops_buf_release(&on);
	bops_buf_release(&note);
}

const struct bops_error *
journey_portfolio(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	static const char *const heads[] = { "ID", "STATUS", "OWNER",
	    "REVIEWED", "DUE", "STAGES", "ON TARGET", "NOTE", "TITLE" };
	const struct bops_error *err;
	struct out_list l = { NULL, 0, 0 };
	struct out_opts o = a->out;
	struct bops_table *t = bops_table_new(9, heads);
	struct bops_json w;
	struct bops_buf out = BOPS_BUF_INIT;
	struct folio f;
	size_t i;

	if ((err = out_opts_finish(ctx, &o)) ||
	    (o.json = false, err = gather(ctx, kind, 1, a->argv, &o, "id",
	    &l))) {
		bops_table_free(t);
		return err;
	}
	bops_json_init(&w, &out);
	if (a->out.json)
		bops_json_begin_array(&w, 0);
	for (i = 0; i < l.n; i++) {
		const struct bops_node *st = bops_record_get(l.recs[i],
		    "stages");

		memset(&f, 0, sizeof(f));
		f.rec = l.recs[i];
		f.stages = st ? st->n : 0;
		health(f.rec, &f.on, &f.with);
		f.due = bops_journey_review_due(f.rec->root);
		f.last = bops_journey_reviewed(f.rec->root);
		f.overdue = f.due && f.due <= ctx->ws->now;
		f.changed = bops_journey_changed(f.rec->root);
		bops_buf_init(&f.reviewed);
		bops_buf_init(&f.due_day);
		if (f.last)
			put_day(&f.reviewed, ctx, f.last);
		if (f.due)
			put_day(&f.due_day, ctx, f.due);
		if (a->out.json)
			folio_json(&w, &f);
		else
			folio_row(t, &f);
		bops_buf_release(&f.reviewed);
		bops_buf_release(&f.due_day);
	}
	if (a->out.json) {
		bops_json_end_array(&w);
		bops_buf_putc(&out, '\n');
		out_write(&out);
	} else if (l.n) {
		bops_table_align(t, 5, BOPS_ALIGN_RIGHT);
		bops_table_render(&out, t, table_flags(ctx), ctx->width);
		out_write_color(&out);
	}
	bops_table_free(t);
	bops_json_release(&w);
	bops_buf_release(&out);
	out_list_release(&l);
	return NULL;
}
