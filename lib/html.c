/*
 * html.c: a report as one self-contained HTML file: inline CSS and SVG,
 * no script, nothing fetched.  Bars are one small SVG each beside their
 * label; charts (a burndown, velocity) one SVG scaled to the width, so
 * nothing runs past the page at any width.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "out.h"
#include "report.h"
#include "banned.h"

static const char style[] =
"*{box-sizing:border-box}"
"body{margin:0;font:15px/1.45 system-ui,\"Segoe UI\",\"Noto Sans\","
"\"Noto Sans Thai\",\"Noto Sans CJK SC\",sans-serif;color:#1d2330;"
"background:#f5f6f8}"
"main{max-width:960px;margin:0 auto;padding:20px 14px}"
"h1{font-size:1.45em;margin:0 0 4px;overflow-wrap:anywhere}"
".meta,.note{color:#5b6475;margin:4px 0}"
"section{background:#fff;border:1px solid #e1e4ea;border-radius:8px;"
"padding:10px 14px;margin:0 0 14px}"
"h2{font-size:1.2em;margin:0 0 6px}"
"h3{font-size:1em;margin:12px 0 4px;color:#394150}"
"ul{margin:4px 0;padding-left:20px}"
"li,.label{overflow-wrap:anywhere;min-width:0}"
"li small,.label small{color:#5b6475;margin-left:.5em}"
".row{display:grid;grid-template-columns:minmax(0,2fr) minmax(0,3fr) "
"4.5em;gap:2px 10px;align-items:center;padding:3px 0}"
".row svg{width:100%;height:12px;display:block}"
".row .text{font-variant-numeric:tabular-nums;white-space:nowrap;"
"text-align:right}"
".d1 .label{padding-left:1.2em}.d2 .label{padding-left:2.4em}"
".d3 .label{padding-left:3.6em}.d4 .label{padding-left:4.8em}"
"rect.track{fill:#e6e9ef}rect.fill{fill:#3b82f6}"
".on-track rect.fill,.done rect.fill{fill:#16a34a}"
".at-risk rect.fill{fill:#d97706}.off-track rect.fill{fill:#dc2626}"
"figure{margin:6px 0}figure svg{width:100%;height:auto;display:block}"
"rect.bar{fill:#3b82f6}polyline.ideal{fill:none;stroke:#9ca3af;"
"stroke-width:2;stroke-dasharray:6 4}"
"svg text{font-size:11px;fill:#5b6475}"
"@media (max-width:600px){.row{grid-template-columns:minmax(0,1fr) "
"4.5em}.row svg{grid-column:1/-1;grid-row:2}}";

/* A matrix's cells on a grid, a burn's two lines. */
static const char style_more[] =
".matrix{display:grid;gap:3px;max-width:420px;margin:6px 0;"
"align-items:center;font-variant-numeric:tabular-nums}"
".matrix .cell{text-align:center;padding:7px 0;border-radius:3px;"
"color:#1d2330;min-width:0}"
".matrix .tick,.matrix .axis{color:#5b6475;font-size:.85em;"
"text-align:center;min-width:0;overflow-wrap:anywhere}"
".matrix .cell.green{background:#bbf7d0}.matrix .cell.yellow"
"{background:#fef08a}.matrix .cell.amber{background:#fdba74}"
".matrix .cell.red{background:#f87171;color:#fff}"
".matrix .cell.empty{opacity:.55}"
"polyline.actual{fill:none;stroke:#3b82f6;stroke-width:3}"
"polyline.planned{fill:none;stroke:#9ca3af;stroke-width:2;"
"stroke-dasharray:6 4}circle.eac{fill:#dc2626}"
"line.key-actual{stroke:#3b82f6;stroke-width:3}"
"line.key-planned{stroke:#9ca3af;stroke-width:2;stroke-dasharray:6 4}"
".burn svg text{font-size:16px}";

void
bops_report_html_text(struct bops_buf *out, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '&': bops_buf_puts(out, "&amp;"); break;
		case '<': bops_buf_puts(out, "&lt;"); break;
		case '>': bops_buf_puts(out, "&gt;"); break;
		case '"': bops_buf_puts(out, "&quot;"); break;
		case '\'': bops_buf_puts(out, "&#39;"); break;
		default: bops_buf_putc(out, *s);
		}
}

/* Text for HTML: unsafe characters shown (out.h), then & < > " '. */
static void
esc(struct bops_buf *out, const char *s)
{
	struct bops_buf safe = BOPS_BUF_INIT;

	bops_out_escape(&safe, s, strlen(s), 0);
	bops_report_html_text(out, safe.ptr);
	bops_buf_release(&safe);
}

/* A state or key as a class or id: [a-z0-9-] only. */
static void
ident(struct bops_buf *out, const char *s)
{
	for (; s && *s; s++)
		bops_buf_putc(out, (*s >= 'a' && *s <= 'z') || (*s >= '0' &&
		    *s <= '9') || *s == '-' ? *s : '-');
}

static void
html_list(struct bops_buf *out, const struct bops_report_block *b)
{
	size_t i;

	bops_buf_puts(out, "<ul>");
	for (i = 0; i < b->n; i++) {
		bops_buf_puts(out, "<li>");
		esc(out, b->rows[i].label);
		if (b->rows[i].detail) {
			bops_buf_puts(out, "<small>");
			esc(out, b->rows[i].detail);
			bops_buf_puts(out, "</small>");
		}
		bops_buf_puts(out, "</li>\n");
	}
	bops_buf_puts(out, "</ul>\n");
}

static void
html_bars(struct bops_buf *out, const struct bops_report_block *b)
{
	size_t i;
	double f;

	for (i = 0; i < b->n; i++) {
		const struct bops_report_row *row = &b->rows[i];

		f = row->max > 0 && !isnan(row->value) ? row->value / row->max :
		    0;
		f = f < 0 ? 0 : f > 1 ? 1 : f;
		bops_buf_printf(out, "<div class=\"row d%u ",
		    row->depth > 4 ? 4 : row->depth);
		ident(out, row->state);
		bops_buf_puts(out, "\"><span class=\"label\">");
		esc(out, row->label);
		if (row->detail) {
			bops_buf_puts(out, "<small>");
			esc(out, row->detail);
			bops_buf_puts(out, "</small>");
		}
		bops_buf_printf(out, "</span><svg class=\"bar\" viewBox=\"0 0 "
		    "100 10\" preserveAspectRatio=\"none\" role=\"img\">"
		    "<rect class=\"track\" width=\"100\" height=\"10\" rx=\"2\"/>"
		    "<rect class=\"fill\" width=\"%.1f\" height=\"10\" "
		    "rx=\"2\"/></svg><span class=\"text\">", f * 100);
		esc(out, row->text ? row->text : "");
		bops_buf_puts(out, "</span></div>\n");
	}
}

#define CW 600		/* a chart's width in its own units */
#define CH 220		/* and its height */
#define PAD 24

/* A burndown (a bar a known day, the ideal as a line) or columns. */
static void
html_chart(struct bops_buf *out, const struct bops_report_block *b)
{
	double top = 0, slot, x, h, y, bw;
	size_t i;

	for (i = 0; i < b->n; i++) {
		if (!isnan(b->rows[i].value) && b->rows[i].value > top)
			top = b->rows[i].value;
		if (b->type == BOPS_BLOCK_BURNDOWN && b->rows[i].max > top)
			top = b->rows[i].max;
	}
	if (!(top > 0))
		top = 1;
	slot = (double)(CW - 2 * PAD) / (double)(b->n ? b->n : 1);
	bops_buf_printf(out, "<figure class=\"chart %s\"><svg viewBox=\"0 0 "
	    "%d %d\" role=\"img\" aria-label=\"", b->type ==
	    BOPS_BLOCK_BURNDOWN ? "burndown" : "columns", CW, CH);
	esc(out, b->title ? b->title : b->key);
	bops_buf_printf(out, "\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
	    "y2=\"%d\" stroke=\"#c8ccd4\"/>\n", PAD, CH - PAD, CW - PAD,
	    CH - PAD);
	for (i = 0; i < b->n; i++) {
		const struct bops_report_row *row = &b->rows[i];

		x = PAD + slot * (double)i;
		if (!isnan(row->value)) {
			h = row->value / top * (CH - 2 * PAD);
			bw = slot * 0.7 < 60 ? slot * 0.7 : 60;
			bops_buf_printf(out, "<rect class=\"bar\" x=\"%.1f\" "
			    "y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>",
			    x + (slot - bw) / 2, CH - PAD - h, bw, h);
			esc(out, row->label);
			bops_buf_puts(out, ": ");
			esc(out, row->text ? row->text : "");
			bops_buf_puts(out, "</title></rect>\n");
		}
		/* Every label when they fit, else every few. */
		if (b->n <= 14 || i % ((b->n + 13) / 14) == 0) {
			bops_buf_printf(out, "<text x=\"%.1f\" y=\"%d\" "
			    "text-anchor=\"middle\">", x + slot / 2, CH - 8);
			esc(out, row->label);
			bops_buf_puts(out, "</text>\n");
		}
	}
	if (b->type == BOPS_BLOCK_BURNDOWN && b->n) {
		bops_buf_puts(out, "<polyline class=\"ideal\" points=\"");
		for (i = 0; i < b->n; i++) {
			y = CH - PAD - b->rows[i].max / top * (CH - 2 * PAD);
			bops_buf_printf(out, "%s%.1f,%.1f", i ? " " : "",
			    PAD + slot * ((double)i + 0.5), y);
		}
		bops_buf_puts(out, "\"/>\n");
	}
	bops_buf_printf(out, "<text x=\"%d\" y=\"%d\">%.4g</text>", 2,
	    PAD - 8, top);
	bops_buf_puts(out, "</svg></figure>\n");
}

/*
 * A matrix: the y axis's name, a grid of cols cells a line after the
 * line's number, each cell coloured by its band and showing its count,
 * then the columns' numbers and the x axis's name.
 */
static void
html_matrix(struct bops_buf *out, const struct bops_report_block *b)
{
	size_t cols = b->cols ? b->cols : 1, lines = b->n / cols, i, c;
	const struct bops_report_row *cell;

	bops_buf_printf(out, "<div class=\"matrix\" style=\""
	    "grid-template-columns:2.5em repeat(%zu,minmax(0,1fr))\">\n",
	    cols);
	bops_buf_puts(out, "<span class=\"axis\" style=\"grid-column:1/-1;"
	    "text-align:left\">");
	esc(out, b->ylabel ? b->ylabel : "");
	bops_buf_puts(out, "</span>\n");
	for (i = 0; i < lines; i++) {
		bops_buf_printf(out, "<span class=\"tick\">%zu</span>",
		    lines - i);
		for (c = 0; c < cols; c++) {
			cell = &b->rows[i * cols + c];
			bops_buf_puts(out, "<span class=\"cell ");
			ident(out, cell->state);
			bops_buf_puts(out, cell->value > 0 ? "\" title=\"" :
			    " empty\" title=\"");
			esc(out, cell->label);
			if (cell->detail) {
				bops_buf_puts(out, ": ");
				esc(out, cell->detail);
			}
			bops_buf_puts(out, "\">");
			esc(out, cell->value > 0 && cell->text ? cell->text :
			    "\xc2\xb7");
			bops_buf_puts(out, "</span>");
		}
		bops_buf_putc(out, '\n');
	}
	bops_buf_puts(out, "<span></span>");
	for (c = 0; c < cols; c++)
		bops_buf_printf(out, "<span class=\"tick\">%zu</span>", c + 1);
	bops_buf_printf(out, "\n<span class=\"axis\" style=\"grid-column:"
	    "2/-1\">");
	esc(out, b->xlabel ? b->xlabel : "");
	bops_buf_puts(out, "</span></div>\n");
}

#define BL 56		/* a burn's left margin, for the axis */

/* The point of row i of a burn of n rows scaled to top. */
static double
burn_x(size_t i, size_t n)
{
	return BL + (double)(CW - BL - PAD) * (n > 1 ? (double)i /
	    (double)(n - 1) : 0.5);
}

static double
burn_y(double v, double top)
{
	return CH - PAD - v / top * (CH - 3 * PAD);
}

static void
burn_line(struct bops_buf *out, const struct bops_report_block *b,
    bool actual, double top)
{
	const char *sep = "";
	size_t i;
	double v;

	bops_buf_printf(out, "<polyline class=\"%s\" points=\"", actual ?
	    "actual" : "planned");
	for (i = 0; i < b->n; i++) {
		v = actual ? b->rows[i].value : b->rows[i].max;
		if (isnan(v))
			continue;
		bops_buf_printf(out, "%s%.1f,%.1f", sep, burn_x(i, b->n),
		    burn_y(v, top));
		sep = " ";
	}
	bops_buf_puts(out, "\"/>\n");
}

/*
 * A burn: the cumulative actual and the plan as two lines over the
 * days of the rows, the forecast as a dot at the end, the axes'
 * figures (the plan's last figure at its level, the first and last
 * days) and a legend.
 */
static void
html_burn(struct bops_buf *out, const struct bops_report_block *b)
{
	const struct bops_report_row *end = &b->rows[b->n - 1];
	double top = 0, v;
	size_t i;

	for (i = 0; i < b->n; i++) {
		v = b->rows[i].value;
		top = !isnan(v) && v > top ? v : top;
		v = b->rows[i].max;
		top = !isnan(v) && v > top ? v : top;
	}
	top = !isnan(b->mark) && b->mark > top ? b->mark : top;
	top = top > 0 ? top : 1;
	bops_buf_printf(out, "<figure class=\"chart burn\"><svg viewBox=\""
	    "0 0 %d %d\" role=\"img\" aria-label=\"", CW, CH);
	esc(out, b->title ? b->title : b->key);
	bops_buf_printf(out, "\"><line x1=\"%d\" y1=\"%d\" x2=\"%d\" "
	    "y2=\"%d\" stroke=\"#c8ccd4\"/><line x1=\"%d\" y1=\"%d\" "
	    "x2=\"%d\" y2=\"%d\" stroke=\"#c8ccd4\"/>\n", BL, CH - PAD,
	    CW - PAD, CH - PAD, BL, 2 * PAD, BL, CH - PAD);
	burn_line(out, b, false, top);
	burn_line(out, b, true, top);
	if (!isnan(b->mark)) {
		bops_buf_printf(out, "<circle class=\"eac\" cx=\"%.1f\" "
		    "cy=\"%.1f\" r=\"5\"><title>", burn_x(b->n - 1, b->n),
		    burn_y(b->mark, top));
		esc(out, b->mark_text ? b->mark_text : "");
		bops_buf_puts(out, "</title></circle>\n");
	}
	bops_buf_printf(out, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">"
	    "0</text>", BL - 4, (double)CH - PAD + 4);
	bops_buf_printf(out, "<text x=\"%d\" y=\"%.1f\">", 2,
	    burn_y(end->max, top) - 6);
	esc(out, end->detail ? end->detail : "");
	bops_buf_printf(out, "</text>\n<text x=\"%d\" y=\"%d\">", BL,
	    CH - 6);
	esc(out, b->rows[0].label);
	bops_buf_printf(out, "</text><text x=\"%d\" y=\"%d\" "
	    "text-anchor=\"end\">", CW - PAD, CH - 6);
	esc(out, end->label);
	bops_buf_printf(out, "</text>\n<line class=\"key-actual\" x1=\"%d\" "
	    "y1=\"14\" x2=\"%d\" y2=\"14\"/><text x=\"%d\" y=\"19\">"
	    "actual</text><line class=\"key-planned\" x1=\"%d\" y1=\"14\" "
	    "x2=\"%d\" y2=\"14\"/><text x=\"%d\" y=\"19\">planned</text>",
	    BL, BL + 24, BL + 30, BL + 100, BL + 124, BL + 130);
	if (!isnan(b->mark)) {
		bops_buf_printf(out, "<circle class=\"eac\" cx=\"%d\" "
		    "cy=\"14\" r=\"4\"/><text x=\"%d\" y=\"19\">", BL + 212,
		    BL + 220);
		esc(out, b->mark_text ? b->mark_text : "");
		bops_buf_puts(out, "</text>");
	}
	bops_buf_puts(out, "</svg></figure>\n");
}

static const char *
block_class(enum bops_block_type t)
{
	switch (t) {
	case BOPS_BLOCK_LIST: return "list";
	case BOPS_BLOCK_BARS: return "bars";
	case BOPS_BLOCK_MATRIX: return "matrix";
	case BOPS_BLOCK_BURN: return "chart burn";
	default: return "chart";
	}
}

void
bops_report_html(struct bops_buf *out, const struct bops_report *r)
{
	struct bops_buf t = BOPS_BUF_INIT;
	size_t i, j;

	bops_buf_printf(&t, "%s: %s", r->title, r->period_text);
	bops_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
	    "<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\">\n<title>");
	esc(out, t.ptr);
	bops_buf_printf(out, "</title>\n<style>%s%s</style>\n</head><body>"
	    "<main>\n<h1>", style, style_more);
	esc(out, t.ptr);
	bops_buf_puts(out, "</h1>\n<p class=\"meta\">");
	bops_buf_reset(&t);
	bops_date_format(&t, r->period.first);
	bops_buf_puts(&t, " .. ");
	bops_date_format(&t, r->period.last);
	bops_buf_puts(&t, " \xc2\xb7 As of ");
	bops_instant_format_local(&t, r->now, r->tz);
	if (r->head[0])
		bops_buf_printf(&t, ", commit %.10s", r->head);
	esc(out, t.ptr);
	bops_buf_puts(out, "</p>\n");
	for (i = 0; i < r->n; i++) {
		const struct bops_report_section *s = &r->sections[i];

		bops_buf_puts(out, "<section id=\"");
		ident(out, s->key);
		bops_buf_puts(out, "\"><h2>");
		esc(out, s->title);
		bops_buf_puts(out, "</h2>\n");
		if (s->note) {
			bops_buf_puts(out, "<p class=\"note\">");
			esc(out, s->note);
			bops_buf_puts(out, "</p>\n");
		}
		for (j = 0; j < s->n; j++) {
			const struct bops_report_block *b = &s->blocks[j];

			bops_buf_printf(out, "<div class=\"block %s\" id=\"",
			    block_class(b->type));
			ident(out, b->key);
			bops_buf_printf(out, "\" data-rows=\"%zu\">", b->n);
			if (b->title) {
				bops_buf_puts(out, "<h3>");
				esc(out, b->title);
				bops_buf_puts(out, "</h3>");
			}
			if (b->note) {
				bops_buf_puts(out, "<p class=\"note\">");
				esc(out, b->note);
				bops_buf_puts(out, "</p>");
			}
			bops_buf_putc(out, '\n');
			if (b->type == BOPS_BLOCK_LIST)
				html_list(out, b);
			else if (b->type == BOPS_BLOCK_BARS)
				html_bars(out, b);
			else if (b->type == BOPS_BLOCK_MATRIX)
				html_matrix(out, b);
			else if (b->type == BOPS_BLOCK_BURN && b->n)
				html_burn(out, b);
			else if (b->n)
				html_chart(out, b);
			bops_buf_puts(out, "</div>\n");
		}
		bops_buf_puts(out, "</section>\n");
	}
	bops_buf_puts(out, "</main></body></html>\n");
	bops_buf_release(&t);
}
