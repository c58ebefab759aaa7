/*
 * journey-html.c: the journey map as one self-contained HTML page:
 * inline CSS and SVG, no script, nothing fetched.  The stages stand side
 * by side as a grid on a wide screen and one under the other on a phone.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "journey.h"
#include "journey-cmd.h"
#include "out.h"
#include "report.h"
#include "text.h"
#include "banned.h"

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
	bops_report_html_text(b, s);
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
html_stage(struct bops_buf *b, struct journey_map *m, size_t i)
{
	const struct bops_node *st = m->stages->items[i];
	const struct bops_node *tps = bops_node_map_get(st, "touchpoints");
	const struct bops_node *metric = bops_node_map_get(st, "metric");
	const char *slug = journey_slug_of(m, i), *v;
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
	journey_list_items(&t, st, "pains");
	html_list(b, t.ptr);
	bops_buf_puts(b, "</div>\n");
	html_cell_open(b, 2, i, slug);
	bops_buf_reset(&t);
	journey_list_items(&t, st, "opportunities");
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
		bops_journey_metric_text(&t, st);
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
	bops_journey_conn_text(&t, &m->conn[i], "\n");
	html_list(b, t.ptr);
	bops_buf_puts(b, "</div>\n");
	bops_buf_release(&t);
}

/* The emotion curve: one SVG across the stages' columns. */
static void
html_curve(struct bops_buf *b, struct journey_map *m)
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
			    journey_slug_of(m, i), i * 100 + 50,
			    50 - 20 * strtol(v, NULL, 10));
	bops_buf_puts(b, "</svg>\n");
}

const struct bops_error *
journey_map_html(struct bops_ctx *ctx, struct journey_map *m)
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
	journey_put_changed(&g, ctx, m->rec);
	if (g.len) {
		bops_buf_puts(&b, "<p class=\"changed\">");
		html(&b, g.ptr);
		bops_buf_puts(&b, "</p>\n");
	}
	bops_buf_reset(&g);
	overdue = journey_put_due(&g, ctx, m->rec);
	if (g.len) {
		bops_buf_printf(&b, "<p class=\"%s\">", overdue ? "overdue" :
		    "meta");
		html(&b, g.ptr);
		bops_buf_puts(&b, "</p>\n");
	}
	/* the programme's vision and principles, a paragraph each */
	bops_buf_reset(&g);
	journey_governance(&g, ctx, m->rec);
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
	journey_put_day(&g, ctx, ctx->ws->now);
	html(&b, g.ptr);
	bops_buf_puts(&b, "</footer>\n</main>\n</body>\n</html>\n");
	out_write_data(&b);
	bops_buf_release(&b);
	bops_buf_release(&g);
	bops_buf_release(&line);
	return NULL;
}

