#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "due.h"
#include "git.h"
#include "id.h"
#include "journey.h"
#include "kind.h"
#include "okr.h"
#include "out.h"
#include "record.h"
#include "report.h"
#include "schema.h"
#include "store.h"
#include "text.h"
#include "ticket.h"
#include "workspace.h"
#include "banned.h"

#define SLUG_MAX 40
#define REVIEW_EVERY (90 * 86400LL)

void
bops_journey_slug(struct bops_buf *out, const char *name)
{
	struct bops_buf plain = BOPS_BUF_INIT;
	size_t n = 0;
	bool dash = false;
	const char *p;

	bops_text_unaccent(&plain, name);
	bops_buf_puts(&plain, "");
	for (p = plain.ptr; *p && n < SLUG_MAX; p++) {
		char c = *p;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && n > 0 && n + 1 < SLUG_MAX) {
				bops_buf_putc(out, '-');
				n++;
			}
			bops_buf_putc(out, c);
			n++;
			dash = false;
		} else
			dash = true;
	}
	bops_buf_release(&plain);
}

static const struct bops_node *
stages_of(const struct bops_node *journey)
{
	const struct bops_node *s = bops_node_map_get(journey, "stages");

	return s && s->type == BOPS_NODE_SEQ ? s : NULL;
}

size_t
bops_journey_missing(struct bops_buf *out, const struct bops_node *journey)
{
	const struct bops_node *stages = stages_of(journey);
	size_t i, n = 0;

	if (bops_node_map_str(journey, "owner") == NULL) {
		bops_buf_puts(out, "an owner\n");
		n++;
	}
	if (bops_node_map_str(journey, "sponsor") == NULL) {
		bops_buf_puts(out, "a sponsor\n");
		n++;
	}
	if (stages == NULL || stages->n == 0) {
		bops_buf_puts(out, "a stage\n");
		n++;
	}
	for (i = 0; stages && i < stages->n; i++)
		if (bops_node_map_get(stages->items[i], "metric") == NULL) {
			bops_buf_printf(out, "a metric on stage '%s'\n",
			    bops_node_map_str(stages->items[i], "slug"));
			n++;
		}
	return n;
}

void
bops_journey_digest(struct bops_buf *out, const struct bops_node *journey)
{
	const struct bops_node *stages = stages_of(journey);
	struct bops_node *copy;
	struct bops_buf packed = BOPS_BUF_INIT;
	char hex[BOPS_OID_HEXSZ + 1];
	size_t i;

	copy = stages ? bops_node_dup(stages) : bops_node_new_seq();
	for (i = 0; i < copy->n; i++)
		(void)bops_node_map_remove(copy->items[i], "links");
	bops_node_pack(&packed, copy);
	bops_repo_hash(packed.ptr ? packed.ptr : "", packed.len, hex);
	bops_buf_put(out, hex, 12);
	bops_node_free(copy);
	bops_buf_release(&packed);
}

bool
bops_journey_changed(const struct bops_node *journey)
{
	const char *was = bops_node_map_str(journey, "approved_digest");
	const char *status = bops_node_map_str(journey, "status");
	struct bops_buf now = BOPS_BUF_INIT;
	bool changed;

	if (was == NULL || status == NULL || strcmp(status, "approved"))
		return false;
	bops_journey_digest(&now, journey);
	changed = strcmp(now.ptr, was) != 0;
	bops_buf_release(&now);
	return changed;
}

static int64_t
instant_of(const struct bops_node *map, const char *key)
{
	const char *s = bops_node_map_str(map, key);
	int64_t t;

	if (s == NULL || bops_instant_parse(&t, s))
		return 0;
	return t;
}

int64_t
bops_journey_reviewed(const struct bops_node *journey)
{
	const struct bops_node *log = bops_node_map_get(journey, "reviews");
	int64_t t;

	if (log && log->type == BOPS_NODE_SEQ && log->n &&
	    (t = instant_of(log->items[log->n - 1], "at")))
		return t;
	if ((t = instant_of(journey, "approved_at")))
		return t;
	return instant_of(journey, "created");
}

int64_t
bops_journey_review_due(const struct bops_node *journey)
{
	const char *status = bops_node_map_str(journey, "status");
	const char *every = bops_node_map_str(journey, "review_every");
	int64_t last = bops_journey_reviewed(journey), len;

	if (last == 0 || (status && strcmp(status, "retired") == 0))
		return 0;
	if (every == NULL || bops_duration_parse(&len, every) || len <= 0)
		len = REVIEW_EVERY;
	return last + len;
}

double
bops_journey_metric_progress(const struct bops_node *metric)
{
	const char *t = bops_node_map_str(metric, "target");
	const char *c = bops_node_map_str(metric, "current");
	const char *dir = bops_node_map_str(metric, "direction");
	double target, current, f;

	if (metric == NULL || t == NULL || c == NULL)
		return NAN;
	target = strtod(t, NULL);
	current = strtod(c, NULL);
	if (dir && strcmp(dir, "down") == 0) {
		if (current <= 0)
			return target >= 0 ? 1 : NAN;
		f = target / current;
	} else {
		if (target == 0)
			return NAN;
		f = current / target;
	}
	if (!isfinite(f))
		return NAN;
	return f < 0 ? 0 : f > 1 ? 1 : f;
}

int
bops_journey_mermaid_score(long emotion)
{
	if (emotion < BOPS_EMOTION_MIN)
		emotion = BOPS_EMOTION_MIN;
	if (emotion > BOPS_EMOTION_MAX)
		emotion = BOPS_EMOTION_MAX;
	return (int)emotion + 3;
}

void
bops_journey_mermaid_text(struct bops_buf *out, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case ':':
			bops_buf_puts(out, "\xea\x9e\x89");	/* U+A789 */
			break;
		case ',':
			bops_buf_puts(out, "\xe2\x80\x9a");	/* U+201A */
			break;
		case '#':
			bops_buf_puts(out, "\xef\xbc\x83");	/* U+FF03 */
			break;
		case ';':
			bops_buf_puts(out, "\xcd\xbe");		/* U+037E */
			break;
		case '\n':
		case '\r':
		case '\t':
			bops_buf_putc(out, ' ');
			break;
		default:
			bops_buf_putc(out, *s);
		}
}

/* The map's text layout. */

struct lines {
	struct bops_buf *v;
	size_t n, alloc;
};

static struct bops_buf *
lines_add(struct lines *l)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 8;
		l->v = bops_realloc(l->v, l->alloc * sizeof(*l->v));
	}
	bops_buf_init(&l->v[l->n]);
	bops_buf_puts(&l->v[l->n], "");
	return &l->v[l->n++];
}

static void
lines_release(struct lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		bops_buf_release(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = l->alloc = 0;
}

/*
 * Wrap one item (escaped) to cols columns, into at most
 * BOPS_MAP_ITEM_LINES lines of l, the last cut with ell when more
 * would follow.
 */
static void
wrap_item(struct lines *l, const char *item, size_t cols, const char *ell)
{
	struct bops_buf e = BOPS_BUF_INIT, piece = BOPS_BUF_INIT;
	struct lines w = { NULL, 0, 0 };
	struct bops_buf *cur = NULL;
	size_t cw = 0, i, first;
	const char *p, *end;

	bops_out_escape(&e, item, strlen(item), 0);
	bops_buf_puts(&e, "");
	for (p = e.ptr; *p; p = *end ? end + 1 : end) {
		size_t ww;

		end = strchr(p, ' ');
		if (end == NULL)
			end = p + strlen(p);
		if (end == p)
			continue;
		bops_buf_reset(&piece);
		bops_buf_put(&piece, p, (size_t)(end - p));
		ww = bops_text_width(piece.ptr);
		if (cur && cw + 1 + ww <= cols) {
			bops_buf_putc(cur, ' ');
			bops_buf_puts(cur, piece.ptr);
			cw += 1 + ww;
			continue;
		}
		if (ww <= cols) {
			cur = lines_add(&w);
			bops_buf_puts(cur, piece.ptr);
			cw = ww;
			continue;
		}
		/* A word wider than the column: cut between clusters. */
		for (i = 0; i < piece.len; ) {
			cur = lines_add(&w);
			first = cur->len;
			cw = bops_text_put_cut(cur, piece.ptr + i,
			    piece.len - i, cols, "");
			if (cur->len == first)
				break;
			i += cur->len - first;
		}
	}
	if (w.n == 0)
		(void)lines_add(&w);
	for (i = 0; i < w.n && i < BOPS_MAP_ITEM_LINES; i++) {
		cur = lines_add(l);
		if (i + 1 == BOPS_MAP_ITEM_LINES && w.n > BOPS_MAP_ITEM_LINES) {
			/* Wider than the column by construction: cut. */
			bops_buf_reset(&piece);
			bops_buf_printf(&piece, "%s %s", w.v[i].ptr,
			    w.v[i + 1].ptr);
			(void)bops_text_put_cut(cur, piece.ptr, piece.len, cols,
			    ell);
		} else
			bops_buf_puts(cur, w.v[i].ptr);
	}
	lines_release(&w);
	bops_buf_release(&e);
	bops_buf_release(&piece);
}

/* The lines of one cell of a lane. */
static void
cell_lines(struct lines *l, const struct bops_journey_lane *lane, size_t col,
    size_t cols, bool utf8)
{
	const char *ell = utf8 ? "\xe2\x80\xa6" : "~";
	double v;
	long level, e;
	size_t pad;

	switch (lane->type) {
	case BOPS_LANE_TEXT: {
		const char *t = lane->text ? lane->text[col] : NULL;
		const char *p, *nl;
		struct bops_buf item = BOPS_BUF_INIT;

		for (p = t; p && *p; p = *nl ? nl + 1 : nl) {
			nl = strchr(p, '\n');
			if (nl == NULL)
				nl = p + strlen(p);
			bops_buf_reset(&item);
			bops_buf_put(&item, p, (size_t)(nl - p));
			bops_buf_puts(&item, "");
			if (item.len)
				wrap_item(l, item.ptr, cols, ell);
		}
		bops_buf_release(&item);
		break;
	}
	case BOPS_LANE_CURVE:
		v = lane->value ? lane->value[col] : NAN;
		e = isnan(v) ? BOPS_EMOTION_MAX + 1 : lround(v);
		pad = (cols - 1) / 2;
		for (level = BOPS_EMOTION_MAX; level >= BOPS_EMOTION_MIN;
		    level--) {
			struct bops_buf *b = lines_add(l);

			if (level != e)
				continue;
			bops_buf_pad(b, ' ', pad);
			bops_buf_puts(b, utf8 ? "\xe2\x97\x8f" : "*");
		}
		break;
	case BOPS_LANE_BAR:
		v = lane->value ? lane->value[col] : NAN;
		bops_out_bar(lines_add(l), isnan(v) ? 0 : v, cols, utf8);
		if (isnan(v))
			bops_buf_reset(&l->v[l->n - 1]);
		break;
	}
}

/* Append text padded to cols columns. */
static void
put_padded(struct bops_buf *out, const char *text, size_t cols)
{
	size_t w = bops_text_width(text);

	bops_buf_puts(out, text);
	if (w < cols)
		bops_buf_pad(out, ' ', cols - w);
}

/* End a line: no trailing spaces. */
static void
end_line(struct bops_buf *out, size_t start)
{
	while (out->len > start && out->ptr[out->len - 1] == ' ')
		out->len--;
	bops_buf_putc(out, '\n');
}

/* The label of line r of a lane, in a column of lw. */
static void
put_label(struct bops_buf *out, const struct bops_journey_lane *lane,
    size_t r, size_t lw, bool utf8)
{
	static const char *const levels[] = { "+2", "+1", " 0", "-1", "-2" };
	struct bops_buf label = BOPS_BUF_INIT;
	size_t w;

	if (lane->type == BOPS_LANE_CURVE) {
		if (r == 0)
			w = bops_out_put_clipped(&label, lane->label, lw - 3,
			    utf8);
		else
			w = 0;
		bops_buf_puts(out, label.ptr ? label.ptr : "");
		bops_buf_pad(out, ' ', lw - 2 - w);
		bops_buf_puts(out, r < 5 ? levels[r] : "  ");
	} else {
		w = r == 0 ? bops_out_put_clipped(&label, lane->label, lw,
		    utf8) : 0;
		bops_buf_puts(out, label.ptr ? label.ptr : "");
		bops_buf_pad(out, ' ', lw - w);
	}
	bops_buf_release(&label);
}

static void
render_band(struct bops_buf *out, const struct bops_journey_grid *g,
    size_t from, size_t to, size_t lw, size_t cols, bool utf8)
{
	struct lines *cells;
	struct bops_buf head = BOPS_BUF_INIT;
	size_t c, k, r, height, start, n = to - from;

	/* The stage names, then a rule under each. */
	start = out->len;
	bops_buf_pad(out, ' ', lw);
	for (c = from; c < to; c++) {
		bops_buf_reset(&head);
		(void)bops_out_put_clipped(&head, g->heads[c] ? g->heads[c] :
		    "", cols, utf8);
		bops_buf_puts(out, "  ");
		put_padded(out, head.ptr ? head.ptr : "", cols);
	}
	end_line(out, start);
	start = out->len;
	bops_buf_pad(out, ' ', lw);
	for (c = from; c < to; c++) {
		bops_buf_puts(out, "  ");
		for (k = 0; k < cols; k++)
			bops_buf_puts(out, utf8 ? "\xe2\x94\x80" : "-");
	}
	end_line(out, start);
	cells = bops_calloc(n, sizeof(*cells));
	for (k = 0; k < g->nlanes; k++) {
		const struct bops_journey_lane *lane = &g->lanes[k];

		height = 1;
		for (c = from; c < to; c++) {
			cell_lines(&cells[c - from], lane, c, cols, utf8);
			if (cells[c - from].n > height)
				height = cells[c - from].n;
		}
		for (r = 0; r < height; r++) {
			start = out->len;
			put_label(out, lane, r, lw, utf8);
			for (c = 0; c < n; c++) {
				bops_buf_puts(out, "  ");
				put_padded(out, r < cells[c].n ?
				    cells[c].v[r].ptr : "", cols);
			}
			end_line(out, start);
		}
		for (c = 0; c < n; c++)
			lines_release(&cells[c]);
		/* a lane without a label goes on with the one above */
		if (k + 1 < g->nlanes && *g->lanes[k + 1].label)
			bops_buf_putc(out, '\n');
	}
	free(cells);
	bops_buf_release(&head);
}

void
bops_journey_grid_render(struct bops_buf *out,
    const struct bops_journey_grid *g, size_t width, bool utf8)
{
	size_t lw = 10, k, cols, avail, from;

	if (width < 40)
		width = 40;
	for (k = 0; k < g->nlanes; k++) {
		size_t w = bops_text_width(g->lanes[k].label) +
		    (g->lanes[k].type == BOPS_LANE_CURVE ? 3 : 0);

		if (w > lw)
			lw = w;
	}
	if (lw > BOPS_MAP_MAX_LABEL)
		lw = BOPS_MAP_MAX_LABEL;
	bops_buf_puts(out, "");
	if (g->ncols == 0)
		return;
	avail = width - lw;
	/* As many stages a band as fit at the least width. */
	k = avail / (BOPS_MAP_MIN_COL + 2);
	if (k == 0)
		k = 1;
	if (k > g->ncols)
		k = g->ncols;
	cols = avail / k - 2;
	if (cols > BOPS_MAP_MAX_COL)
		cols = BOPS_MAP_MAX_COL;
	for (from = 0; from < g->ncols; from += k) {
		if (from)
			bops_buf_putc(out, '\n');
		render_band(out, g, from, from + k < g->ncols ? from + k :
		    g->ncols, lw, cols, utf8);
	}
}

void
bops_journey_metric_text(struct bops_buf *out, const struct bops_node *stage)
{
	const struct bops_node *m = bops_node_map_get(stage, "metric");
	const char *cur, *unit;

	if (m == NULL)
		return;
	cur = bops_node_map_str(m, "current");
	unit = bops_node_map_str(m, "unit");
	bops_buf_printf(out, "%s %s/%s%s%s", bops_node_map_str(m, "name"),
	    cur ? cur : "?", bops_node_map_str(m, "target"), unit ? " " : "",
	    unit ? unit : "");
}

/* What is connected to the stages: every record of the other kinds. */

struct connect {
	struct bops_journey_links *v;
	size_t n;
	struct bops_ws *ws;
	int64_t now;
	const struct bops_kind *kind;	/* the kind being read */
	struct bops_ticket_conf tickets;	/* SLA targets, calendar */
};

/* Whether stage st links "kind/id" (or "okr/id/N"). */
static bool
links_to(const struct bops_node *st, const char *target)
{
	const struct bops_node *links = bops_node_map_get(st, "links");
	size_t k;

	for (k = 0; links && links->type == BOPS_NODE_SEQ && k < links->n;
	    k++)
		if (links->items[k]->type == BOPS_NODE_SCALAR &&
		    strcmp(links->items[k]->str, target) == 0)
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

/* The key results of objective rec that stage st links, with progress. */
static void
kr_links(struct bops_journey_conn *c, const struct bops_node *st,
    const struct bops_record *rec)
{
	const struct bops_node *krs = bops_record_get(rec, "key_results");
	struct bops_buf t = BOPS_BUF_INIT;
	size_t k;

	for (k = 0; krs && k < krs->n; k++) {
		const char *n = bops_node_map_str(krs->items[k], "id");

		bops_buf_reset(&t);
		bops_buf_printf(&t, "okr/%s/%s", rec->id, n ? n : "");
		if (n && links_to(st, t.ptr))
			bops_buf_printf(&c->progress, "%s/%s %.0f%%\n",
			    rec->id, n, 100 *
			    bops_okr_kr_progress_of(krs->items[k]));
	}
	bops_buf_release(&t);
}

/* Whether an open ticket is past its first response or resolution. */
static bool
ticket_breached(struct connect *w, const struct bops_record *rec)
{
	struct bops_sla sla;
	bool breached;

	bops_ticket_sla(&sla, rec, &w->tickets, w->now, false);
	breached = sla.first_response.state == BOPS_SLA_BREACHED ||
	    sla.resolution.state == BOPS_SLA_BREACHED;
	bops_sla_release(&sla);
	return breached;
}

/* Whether rec points at stage slug of journey id through a ref field. */
static bool
points_at(const struct bops_record *rec, const char *id, const char *slug)
{
	size_t f, jlen = strlen(id);

	for (f = 0; slug && f < rec->schema->n; f++) {
		const struct bops_field *fd = &rec->schema->fields[f];
		const char *v;

		if (fd->type != BOPS_TYPE_REF || fd->ref == NULL ||
		    strcmp(fd->ref, "journey") ||
		    (v = bops_record_str(rec, fd->name)) == NULL)
			continue;
		if (strncmp(v, id, jlen) == 0 && v[jlen] == '/' &&
		    strcmp(v + jlen + 1, slug) == 0)
			return true;
	}
	return false;
}

static const struct bops_error *
connect_one(struct bops_record *rec, void *arg)
{
	struct connect *w = arg;
	const struct bops_kind *k = w->kind;
	struct bops_buf target = BOPS_BUF_INIT;
	bool okr = strcmp(k->name, "okr") == 0, on;
	bool done = bops_record_finished(w->ws, rec);
	bool breached = !done && strcmp(k->name, "ticket") == 0 &&
	    ticket_breached(w, rec);
	size_t j, i;

	bops_buf_printf(&target, "%s/%s", k->name, rec->id);
	for (j = 0; j < w->n; j++) {
		struct bops_journey_links *l = &w->v[j];
		const struct bops_node *stages = stages_of(l->journey->root);

		for (i = 0; i < l->n; i++) {
			const struct bops_node *st = stages->items[i];
			struct bops_journey_conn *c = &l->conn[i];

			on = links_to(st, target.ptr) || points_at(rec,
			    l->journey->id, bops_node_map_str(st, "slug"));
			if (okr) {
				kr_links(c, st, rec);
				if (on)
					bops_buf_printf(&c->progress,
					    "%s %.0f%%\n", rec->id, 100 *
					    objective_progress(rec));
				continue;
			}
			if (!on)
				continue;
			c->all[k->index]++;
			if (!done)
				c->open[k->index]++;
			if (breached)
				c->breached++;
		}
	}
	bops_buf_release(&target);
	return NULL;
}

const struct bops_error *
bops_journey_connect(struct bops_journey_links *v, size_t n,
    struct bops_ws *ws, const char *commit, int64_t now,
    bops_store_warn_fn warn)
{
	const struct bops_error *err = NULL;
	struct connect w;
	const struct bops_node *stages;
	size_t j, i, k;

	for (j = 0; j < n; j++) {
		stages = stages_of(v[j].journey->root);
		v[j].n = stages ? stages->n : 0;
		v[j].conn = bops_calloc(v[j].n + 1, sizeof(*v[j].conn));
		for (i = 0; i < v[j].n; i++)
			bops_buf_init(&v[j].conn[i].progress);
	}
	memset(&w, 0, sizeof(w));
	w.v = v;
	w.n = n;
	w.ws = ws;
	w.now = now;
	bops_ticket_conf_init(&w.tickets, ws->config, ws->tz);
	for (k = 0; k < BOPS_KIND__COUNT && err == NULL && n; k++) {
		if (bops_kinds[k].rules == &bops_journey_rules)
			continue;
		w.kind = &bops_kinds[k];
		err = bops_store_each(ws, w.kind, commit, connect_one, warn,
		    &w);
	}
	bops_ticket_conf_release(&w.tickets);
	return err;
}

void
bops_journey_links_release(struct bops_journey_links *v, size_t n)
{
	size_t j, i;

	for (j = 0; j < n; j++) {
		for (i = 0; v[j].conn && i < v[j].n; i++)
			bops_buf_release(&v[j].conn[i].progress);
		free(v[j].conn);
		v[j].conn = NULL;
		v[j].n = 0;
	}
}

void
bops_journey_conn_text(struct bops_buf *out,
    const struct bops_journey_conn *c, const char *sep)
{
	size_t k, start = out->len;
	const char *p, *nl;

	for (k = 0; k < BOPS_KIND__COUNT; k++) {
		if (c->all[k] == 0)
			continue;
		bops_buf_printf(out, "%s%zu open %s%s", out->len > start ?
		    sep : "", c->open[k], bops_kinds[k].name, c->open[k] == 1 ?
		    "" : "s");
		if (c->breached && strcmp(bops_kinds[k].name, "ticket") == 0)
			bops_buf_printf(out, " (%zu breached)", c->breached);
	}
	for (p = c->progress.ptr; p && *p; p = nl + 1) {
		if ((nl = strchr(p, '\n')) == NULL)
			break;
		bops_buf_printf(out, "%s%.*s", out->len > start ? sep : "",
		    (int)(nl - p), p);
	}
}

/* The rules of the kind. */

/*
 * A stage's slug is a key of J/STAGE: the syntax of an id.  A link is
 * KIND/ID with a kind that exists.
 */
static const struct bops_error *
journey_validate(const char *id, struct bops_node *root,
    const struct bops_validate *v)
{
	const struct bops_node *stages = stages_of(root), *slug, *links;
	const char *slash;
	size_t i, j;

	(void)id;
	for (i = 0; stages && i < stages->n; i++) {
		slug = bops_node_map_get(stages->items[i], "slug");
		if (slug && slug->type == BOPS_NODE_SCALAR &&
		    !bops_id_valid(slug->str))
			return bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: "
			    "stage slug '%s' must be lower case letters, "
			    "digits and '-'", v->path, slug->line, slug->col,
			    slug->str);
		links = bops_node_map_get(stages->items[i], "links");
		for (j = 0; links && links->type == BOPS_NODE_SEQ &&
		    j < links->n; j++) {
			const struct bops_node *l = links->items[j];
			struct bops_buf kind = BOPS_BUF_INIT;
			bool ok;

			if (l->type != BOPS_NODE_SCALAR)
				continue;
			slash = strchr(l->str, '/');
			if (slash)
				bops_buf_put(&kind, l->str,
				    (size_t)(slash - l->str));
			bops_buf_puts(&kind, "");
			ok = slash && bops_kind_find(kind.ptr) &&
			    slash[1] != '\0';
			bops_buf_release(&kind);
			if (!ok)
				return bops_error_fmt(BOPS_ERR_INVALID,
				    "%s:%u:%u: link '%s' must be KIND/ID",
				    v->path, l->line, l->col, l->str);
		}
	}
	return NULL;
}

struct stage_users {
	const char *ref;	/* "J/STAGE" */
	size_t n;
	struct bops_buf who;
};

static const struct bops_error *
stage_user(struct bops_record *rec, void *arg)
{
	struct stage_users *u = arg;
	size_t i;

	for (i = 0; i < rec->schema->n; i++) {
		const struct bops_field *f = &rec->schema->fields[i];
		const char *v;

		if (f->type != BOPS_TYPE_REF || f->ref == NULL ||
		    strcmp(f->ref, "journey") ||
		    (v = bops_record_str(rec, f->name)) == NULL ||
		    strcmp(v, u->ref))
			continue;
		if (u->n++ < 5)
			bops_buf_printf(&u->who, "%s%s %s", u->n > 1 ? ", " :
			    "", rec->kind->name, rec->id);
		else if (u->n == 6)
			bops_buf_puts(&u->who, ", ...");
		break;
	}
	return NULL;
}

/*
 * A stage that records point at (a task's journey=J/STAGE) cannot go:
 * they would point at nothing.
 */
static const struct bops_error *
stage_in_use(struct bops_txn *txn, const char *id, const char *slug)
{
	const struct bops_error *err = NULL;
	struct stage_users u;
	struct bops_buf ref = BOPS_BUF_INIT;
	size_t k;

	bops_buf_printf(&ref, "%s/%s", id, slug);
	u.ref = ref.ptr;
	u.n = 0;
	bops_buf_init(&u.who);
	for (k = 0; k < BOPS_KIND__COUNT && err == NULL; k++)
		err = bops_txn_each(txn, &bops_kinds[k], stage_user, NULL, &u);
	if (err == NULL && u.n)
		err = bops_error_fmt(BOPS_ERR_REFUSED, "stage '%s' is the "
		    "journey of %zu record%s (%s); point %s elsewhere first",
		    ref.ptr, u.n, u.n == 1 ? "" : "s", u.who.ptr,
		    u.n == 1 ? "it" : "them");
	bops_buf_release(&u.who);
	bops_buf_release(&ref);
	return err;
}

/* Stamp the approval: who, when, and the digest of what was approved. */
static const struct bops_error *
stamp_approval(struct bops_txn *txn, struct bops_record *after)
{
	const struct bops_error *err;
	struct bops_ws *ws = bops_txn_ws(txn);
	struct bops_buf b = BOPS_BUF_INIT;
	const char *name, *email;

	if ((err = bops_ws_identity(&name, &email, ws)))
		return err;
	(void)email;
	bops_buf_puts(&b, name);
	if ((err = bops_record_set(after, ws, "approved_by", b.ptr)))
		goto done;
	bops_buf_reset(&b);
	bops_instant_format(&b, ws->now);
	if ((err = bops_record_set(after, ws, "approved_at", b.ptr)))
		goto done;
	bops_buf_reset(&b);
	bops_journey_digest(&b, after->root);
	err = bops_record_set(after, ws, "approved_digest", b.ptr);
done:
	bops_buf_release(&b);
	return err;
}

/*
 * Approval is governed, whichever verb asks for it: a journey becomes
 * approved (or is approved again, its digest cleared) only with an
 * owner, a sponsor, stages and a metric on every stage, and it is then
 * stamped, unless an import brings the stamps whole.  A stage that records point at is not removed.
 */
static const struct bops_error *
journey_check(struct bops_txn *txn, const struct bops_record *before,
    struct bops_record *after)
{
	const struct bops_error *err;
	const struct bops_node *was, *now;
	const char *status, *old;
	struct bops_buf missing = BOPS_BUF_INIT;
	size_t i, k, n;

	if (after == NULL || (bops_txn_flags(txn) & BOPS_TXN_MERGE))
		return NULL;
	status = bops_record_str(after, "status");
	old = before ? bops_record_str(before, "status") : NULL;
	if (status && strcmp(status, "approved") == 0 && (old == NULL ||
	    strcmp(old, "approved") ||
	    bops_record_str(after, "approved_digest") == NULL)) {
		if ((n = bops_journey_missing(&missing, after->root))) {
			struct bops_buf one = BOPS_BUF_INIT;
			const char *p, *nl;

			/* one line: "an owner (...), a sponsor (...)" */
			for (p = missing.ptr; (nl = strchr(p, '\n'));
			    p = nl + 1)
				bops_buf_printf(&one, "%s%.*s", one.len ? ", " :
				    "", (int)(nl - p), p);
			err = bops_error_fmt(BOPS_ERR_REFUSED, "journey '%s' "
			    "cannot be approved: it needs %s", after->id,
			    one.ptr);
			bops_buf_release(&one);
			bops_buf_release(&missing);
			return err;
		}
		bops_buf_release(&missing);
		/* an import keeps the approval it carries (store.h) */
		if ((!(bops_txn_flags(txn) & BOPS_TXN_IMPORT) ||
		    bops_record_str(after, "approved_by") == NULL ||
		    bops_record_str(after, "approved_at") == NULL ||
		    bops_record_str(after, "approved_digest") == NULL) &&
		    (err = stamp_approval(txn, after)))
			return err;
	}
	if (before == NULL)
		return NULL;
	was = bops_record_get(before, "stages");
	now = bops_record_get(after, "stages");
	for (i = 0; was && i < was->n; i++) {
		const char *slug = bops_node_map_str(was->items[i], "slug");

		if (slug == NULL)
			continue;
		for (k = 0; now && k < now->n; k++)
			if (bops_node_map_str(now->items[k], "slug") &&
			    strcmp(bops_node_map_str(now->items[k], "slug"),
			    slug) == 0)
				break;
		if ((now == NULL || k == now->n) &&
		    (err = stage_in_use(txn, after->id, slug)))
			return err;
	}
	return NULL;
}

static bool
journey_finished(struct bops_ws *ws, const char *status)
{
	(void)ws;
	return status && strcmp(status, "retired") == 0;
}

/*
 * Due: a journey whose review is past or falls in the window, for its
 * owner; an approved journey whose map changed since approval, to be
 * approved again.
 */

static const struct bops_error *
due_one(struct bops_due *d, struct bops_ws *ws, struct bops_record *rec,
    void *arg)
{
	const struct bops_due_query *q = d->q;
	struct bops_due_item it;
	struct bops_buf cmd = BOPS_BUF_INIT;
	int64_t due = bops_journey_review_due(rec->root), t;

	memset(&it, 0, sizeof(it));
	it.kind = rec->kind;
	it.id = rec->id;
	it.title = bops_record_title(rec);
	it.owner = bops_record_str(rec, "owner");
	if (due && (due <= q->now || bops_due_day_within(q,
	    bops_date_local(due, ws->tz), ws->tz))) {
		bops_buf_printf(&cmd, "bops journey review %s", rec->id);
		it.late = due <= q->now;
		it.what = it.late ? "review overdue" : "review due";
		it.since = due;
		it.command = cmd.ptr;
		bops_due_add(d, &it);
	}
	if (bops_journey_changed(rec->root)) {
		/* since its last change, the map no one approved is shown */
		if ((t = instant_of(rec->root, "updated")) == 0)
			t = instant_of(rec->root, "approved_at");
		bops_buf_reset(&cmd);
		bops_buf_printf(&cmd, "bops journey approve %s", rec->id);
		it.late = false;
		it.what = "changed since approval";
		it.since = t ? t : q->now;
		it.command = cmd.ptr;
		bops_due_add(d, &it);
	}
	bops_buf_release(&cmd);
	return NULL;
}

static const struct bops_error *
journey_due(struct bops_due *d, struct bops_ws *ws,
    const struct bops_kind *kind)
{
	return bops_due_each(d, ws, kind, due_one, NULL);
}

/*
 * Reports: every journey with its review and health, each journey in
 * use with its stages' metrics as bars and what is connected to them,
 * and the families its metrics measure (journeys); the reviews of the
 * period (weekly).
 */

/* A stage's bar state: at its target, within a fifth of it, short. */
static const char *
stage_state(double progress)
{
	if (isnan(progress))
		return NULL;
	return progress >= 1 ? "done" : progress >= 0.8 ? "at-risk" :
	    "off-track";
}

static void
put_day(struct bops_buf *b, const struct bops_report *r, int64_t t)
{
	bops_date_format(b, bops_date_local(t, r->tz));
}

static bool
retired(const struct bops_record *rec)
{
	const char *status = bops_record_str(rec, "status");

	return status && strcmp(status, "retired") == 0;
}

/*
 * One line of the portfolio: status, owner and stages on target, then
 * governance: the last review, the next, a change since approval.
 */
static void
portfolio_line(struct bops_report_block *b, const struct bops_report *r,
    const struct bops_record *rec)
{
	const struct bops_node *stages = stages_of(rec->root), *m;
	struct bops_buf label = BOPS_BUF_INIT, detail = BOPS_BUF_INIT;
	const char *owner = bops_record_str(rec, "owner");
	int64_t due = bops_journey_review_due(rec->root);
	int64_t last = bops_journey_reviewed(rec->root), t;
	size_t i, on = 0, with = 0;

	for (i = 0; stages && i < stages->n; i++)
		if ((m = bops_node_map_get(stages->items[i], "metric"))) {
			with++;
			on += bops_journey_metric_progress(m) >= 1;
		}
	bops_buf_printf(&label, "%s %s: %s, %s", rec->id,
	    bops_record_title(rec), bops_record_str(rec, "status"),
	    owner ? owner : "no owner");
	if (with)
		bops_buf_printf(&label, ", %zu of %zu stage%s on target", on,
		    with, with == 1 ? "" : "s");
	if (last) {
		bops_buf_puts(&detail, "reviewed ");
		put_day(&detail, r, last);
	}
	if (due) {
		bops_buf_printf(&detail, "%s%s ", detail.len ? ", " :
		    "", due <= r->now ? "review overdue since" : "next");
		put_day(&detail, r, due);
	}
	if (bops_journey_changed(rec->root) && bops_instant_parse(&t,
	    bops_record_str(rec, "approved_at")) == NULL) {
		bops_buf_printf(&detail, "%schanged since approval on ",
		    detail.len ? ", " : "");
		put_day(&detail, r, t);
	}
	bops_report_line(b, label.ptr, detail.len ? detail.ptr : NULL);
	bops_buf_release(&label);
	bops_buf_release(&detail);
}

/* A journey's stages: each metric against its target, and the rest. */
static void
stage_rows(struct bops_report_section *s, const struct bops_record *rec,
    const struct bops_journey_links *l, size_t counts[])
{
	const struct bops_node *stages = stages_of(rec->root);
	const char *persona = bops_record_str(rec, "persona");
	struct bops_report_block *b;
	struct bops_buf key = BOPS_BUF_INIT, title = BOPS_BUF_INIT;
	struct bops_buf text = BOPS_BUF_INIT, detail = BOPS_BUF_INIT;
	struct bops_buf conn = BOPS_BUF_INIT;
	const char *e;
	size_t i;
	double p;

	bops_buf_printf(&key, "journeys-%s", rec->id);
	bops_buf_puts(&title, bops_record_title(rec));
	if (persona)
		bops_buf_printf(&title, " (%s)", persona);
	bops_buf_puts(&title, ": health by stage");
	b = bops_report_block(s, BOPS_BLOCK_BARS, key.ptr, title.ptr);
	if (l->n == 0)
		bops_report_block_note(b, "No stages yet: bops journey stage "
		    "add %s NAME makes one.", rec->id);
	for (i = 0; i < l->n; i++) {
		const struct bops_node *st = stages->items[i];
		const struct bops_node *m = bops_node_map_get(st, "metric");

		bops_buf_reset(&text);
		bops_buf_reset(&detail);
		p = bops_journey_metric_progress(m);
		if (!isnan(p))
			bops_buf_printf(&text, "%.0f%%", 100 * p);
		if (m) {
			bops_journey_metric_text(&detail, st);
			counts[bops_report_family(bops_node_map_str(m,
			    "family"))]++;
		} else
			bops_buf_puts(&detail, "no metric");
		/* what text clips first goes last: the emotion */
		bops_buf_reset(&conn);
		bops_journey_conn_text(&conn, &l->conn[i], ", ");
		if (conn.len)
			bops_buf_printf(&detail, ", %s", conn.ptr);
		if ((e = bops_node_map_str(st, "emotion")))
			bops_buf_printf(&detail, ", emotion %s%s", *e != '-' &&
			    strcmp(e, "0") ? "+" : "", e);
		bops_report_row(b, 0, bops_node_map_str(st, "name"), p, 1,
		    text.len ? text.ptr : NULL, detail.ptr, stage_state(p));
	}
	bops_buf_release(&key);
	bops_buf_release(&title);
	bops_buf_release(&text);
	bops_buf_release(&detail);
	bops_buf_release(&conn);
}

static const struct bops_error *
journeys_sections(struct bops_report *r, struct bops_ws *ws,
    struct bops_record **recs, size_t n)
{
	const struct bops_error *err;
	struct bops_report_section *s = bops_report_section(r, "journeys",
	    "Journeys");
	struct bops_report_block *b;
	struct bops_journey_links *l;
	size_t counts[BOPS_REPORT_FAMILIES + 1] = { 0 }, i, k = 0;

	if (n == 0) {
		bops_report_note(s, "No journeys yet: bops journey add makes "
		    "one.");
		return NULL;
	}
	b = bops_report_block(s, BOPS_BLOCK_LIST, "journeys-portfolio",
	    "Portfolio");
	for (i = 0; i < n; i++)
		portfolio_line(b, r, recs[i]);
	/* the journeys in use: all but the retired ones */
	l = bops_calloc(n, sizeof(*l));
	for (i = 0; i < n; i++)
		if (!retired(recs[i]))
			l[k++].journey = recs[i];
	if ((err = bops_journey_connect(l, k, ws, r->commit, r->now, NULL)))
		goto done;
	for (i = 0; i < k; i++)
		stage_rows(s, l[i].journey, &l[i], counts);
	if (k)
		bops_report_families_block(s, "journeys-families", counts,
		    "metric", "stage metric");
done:
	bops_journey_links_release(l, k);
	free(l);
	return err;
}

struct review_line {
	int64_t at;
	char *label, *detail;
};

static int
by_review(const void *x, const void *y)
{
	const struct review_line *a = x, *b = y;

	if (a->at != b->at)
		return a->at < b->at ? -1 : 1;
	return strcmp(a->label, b->label);
}

/* The reviews made in the period, in the order they were made. */
static void
journeys_weekly(struct bops_report *r, struct bops_record **recs, size_t n)
{
	struct bops_report_block *b;
	struct review_line *v = NULL;
	struct bops_buf label = BOPS_BUF_INIT, detail = BOPS_BUF_INIT;
	int64_t from = bops_date_local_start(r->period.first, r->tz);
	int64_t to = bops_date_local_start(r->period.last + 1, r->tz), t;
	size_t i, k, nv = 0;

	for (i = 0; i < n; i++) {
		const struct bops_node *log = bops_record_get(recs[i],
		    "reviews");

		for (k = 0; log && k < log->n; k++) {
			const char *note = bops_node_map_str(log->items[k],
			    "note"), *by = bops_node_map_str(log->items[k],
			    "by");

			if ((t = instant_of(log->items[k], "at")) == 0 ||
			    t < from || t >= to || t > r->now)
				continue;
			bops_buf_reset(&label);
			bops_buf_reset(&detail);
			bops_buf_printf(&label, "%s %s: reviewed", recs[i]->id,
			    bops_record_title(recs[i]));
			bops_buf_printf(&detail, "%s, ", by ? by : "");
			put_day(&detail, r, t);
			if (note)
				bops_buf_printf(&detail, ": %.*s",
				    (int)strcspn(note, "\n"), note);
			v = bops_realloc(v, (nv + 1) * sizeof(*v));
			v[nv].at = t;
			v[nv].label = bops_buf_detach(&label);
			v[nv++].detail = bops_buf_detach(&detail);
		}
	}
	bops_qsort(v, nv, sizeof(*v), by_review);
	if (nv) {
		b = bops_report_block(bops_report_section(r, "progress",
		    "Progress"), BOPS_BLOCK_LIST, "progress-journeys",
		    "Journey reviews");
		for (i = 0; i < nv; i++)
			bops_report_line(b, v[i].label, v[i].detail);
	}
	for (i = 0; i < nv; i++) {
		free(v[i].label);
		free(v[i].detail);
	}
	free(v);
	bops_buf_release(&label);
	bops_buf_release(&detail);
}

static const struct bops_error *
journey_report(struct bops_report *r, struct bops_ws *ws,
    const struct bops_kind *kind)
{
	const struct bops_error *err;
	struct bops_record **recs = NULL;
	size_t n = 0;

	if (strcmp(r->topic, "journeys") && strcmp(r->topic, "weekly"))
		return NULL;
	if ((err = bops_store_all(&recs, &n, ws, kind, r->commit)))
		return err;
	if (strcmp(r->topic, "journeys") == 0)
		err = journeys_sections(r, ws, recs, n);
	else
		journeys_weekly(r, recs, n);
	bops_store_all_free(recs, n);
	return err;
}

const struct bops_kind_rules bops_journey_rules = {
	.validate = journey_validate,
	.check = journey_check,
	.finished = journey_finished,
	.due = journey_due,
	.topic = "journeys",
	.report = journey_report,
};
