/*
 * report.c: the report model, what every report has in common (the
 * period's commits, what is due, celebrations), and the text, Markdown
 * and JSON formats.  html.c has HTML.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "due.h"
#include "git.h"
#include "json.h"
#include "out.h"
#include "report.h"
#include "text.h"
#include "banned.h"

/* The topics, in the order of `all`, with what each is for. */
static const struct topic {
	const char *name, *title, *section, *what;
} topics[] = {
	{ "weekly", "Weekly report", "Weekly", NULL },
	{ "okr", "OKR report", "Objectives and key results", NULL },
	{ "sprint", "Sprint report", "Sprints", NULL },
	{ "service", "Service report", "Service",
	    "SLA attainment by priority, from tickets" },
	{ "sales", "Sales report", "Sales",
	    "the deal pipeline and the funnel, from deals and customers" },
	{ "journeys", "Journeys report", "Journeys",
	    "journey health by stage, from journeys" },
	{ "projects", "Projects report", "Projects",
	    "project health, budget and risks, from projects" },
};

const char *const bops_report_topics[] = {
	"weekly", "okr", "sprint", "service", "sales", "journeys", "projects",
	NULL,
};

static const struct topic *
topic_find(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(topics) / sizeof(*topics); i++)
		if (strcmp(topics[i].name, name) == 0)
			return &topics[i];
	return NULL;
}

bool
bops_report_known(const char *name)
{
	return strcmp(name, "all") == 0 || topic_find(name) != NULL;
}

void
bops_report_init(struct bops_report *r, const char *name,
    const struct bops_period *p, const char *period_text, int64_t now,
    const char *head, const struct bops_tz *tz)
{
	const struct topic *t = topic_find(name);

	memset(r, 0, sizeof(*r));
	r->name = bops_strdup(name);
	r->title = bops_strdup(t ? t->title : "Report");
	r->period = *p;
	r->period_text = bops_strdup(period_text);
	r->now = now;
	snprintf(r->head, sizeof(r->head), "%s", head);
	r->commit = r->head[0] ? r->head : NULL;
	r->tz = tz;
}

static void
row_free(struct bops_report_row *row)
{
	free(row->label);
	free(row->text);
	free(row->detail);
	free(row->state);
}

void
bops_report_release(struct bops_report *r)
{
	size_t i, j;

	for (i = 0; i < r->n; i++) {
		struct bops_report_section *s = &r->sections[i];

		for (j = 0; j < s->n; j++)
			bops_report_block_release(&s->blocks[j]);
		free(s->blocks);
		free(s->key);
		free(s->title);
		free(s->note);
	}
	free(r->sections);
	free(r->name);
	free(r->title);
	free(r->period_text);
	memset(r, 0, sizeof(*r));
}

struct bops_report_section *
bops_report_section(struct bops_report *r, const char *key,
    const char *title)
{
	struct bops_report_section *s;
	size_t i;

	for (i = 0; i < r->n; i++)
		if (strcmp(r->sections[i].key, key) == 0)
			return &r->sections[i];
	if (r->n == r->alloc) {
		r->alloc = r->alloc ? r->alloc * 2 : 8;
		r->sections = bops_realloc(r->sections, r->alloc *
		    sizeof(*r->sections));
	}
	s = &r->sections[r->n++];
	memset(s, 0, sizeof(*s));
	s->key = bops_strdup(key);
	s->title = bops_strdup(title);
	return s;
}

static char *
vfmt(const char *fmt, va_list ap)
{
	struct bops_buf b = BOPS_BUF_INIT;

	bops_buf_vprintf(&b, fmt, ap);
	return bops_buf_detach(&b);
}

void
bops_report_note(struct bops_report_section *s, const char *fmt, ...)
{
	va_list ap;

	free(s->note);
	va_start(ap, fmt);
	s->note = vfmt(fmt, ap);
	va_end(ap);
}

struct bops_report_block *
bops_report_block(struct bops_report_section *s, enum bops_block_type type,
    const char *key, const char *title)
{
	struct bops_report_block *b;

	if (s->n == s->alloc) {
		s->alloc = s->alloc ? s->alloc * 2 : 4;
		s->blocks = bops_realloc(s->blocks, s->alloc *
		    sizeof(*s->blocks));
	}
	b = &s->blocks[s->n++];
	bops_report_block_init(b, type, key, title);
	return b;
}

void
bops_report_block_init(struct bops_report_block *b,
    enum bops_block_type type, const char *key, const char *title)
{
	memset(b, 0, sizeof(*b));
	b->type = type;
	b->key = bops_strdup(key);
	b->title = title ? bops_strdup(title) : NULL;
	b->mark = NAN;
}

void
bops_report_block_release(struct bops_report_block *b)
{
	size_t k;

	for (k = 0; k < b->n; k++)
		row_free(&b->rows[k]);
	free(b->rows);
	free(b->key);
	free(b->title);
	free(b->note);
	free(b->xlabel);
	free(b->ylabel);
	free(b->mark_text);
	memset(b, 0, sizeof(*b));
}

void
bops_report_block_note(struct bops_report_block *b, const char *fmt, ...)
{
	va_list ap;

	free(b->note);
	va_start(ap, fmt);
	b->note = vfmt(fmt, ap);
	va_end(ap);
}

static char *
dup_or_null(const char *s)
{
	return s ? bops_strdup(s) : NULL;
}

struct bops_report_row *
bops_report_row(struct bops_report_block *b, unsigned depth,
    const char *label, double value, double max, const char *text,
    const char *detail, const char *state)
{
	struct bops_report_row *row;

	if (b->n == b->alloc) {
		b->alloc = b->alloc ? b->alloc * 2 : 8;
		b->rows = bops_realloc(b->rows, b->alloc * sizeof(*b->rows));
	}
	row = &b->rows[b->n++];
	row->label = bops_strdup(label ? label : "");
	row->text = dup_or_null(text);
	row->detail = dup_or_null(detail);
	row->state = dup_or_null(state);
	row->value = value;
	row->max = max;
	row->depth = depth;
	return row;
}

void
bops_report_line(struct bops_report_block *b, const char *label,
    const char *detail)
{
	bops_report_row(b, 0, label, 0, 0, NULL, detail, NULL);
}

const char *const bops_report_families[BOPS_REPORT_FAMILIES] = {
	"tactical", "value", "longevity", "financial",
};

size_t
bops_report_family(const char *name)
{
	size_t f;

	for (f = 0; name && f < BOPS_REPORT_FAMILIES; f++)
		if (strcmp(bops_report_families[f], name) == 0)
			return f;
	return BOPS_REPORT_FAMILIES;
}

struct bops_report_block *
bops_report_families_block(struct bops_report_section *s, const char *key,
    const size_t counts[BOPS_REPORT_FAMILIES + 1], const char *unit,
    const char *noun)
{
	struct bops_report_block *b = bops_report_block(s, BOPS_BLOCK_BARS,
	    key, "Metric families");
	struct bops_buf text = BOPS_BUF_INIT, missing = BOPS_BUF_INIT;
	size_t f, total = 0;

	for (f = 0; f <= BOPS_REPORT_FAMILIES; f++)
		total += counts[f];
	for (f = 0; f <= BOPS_REPORT_FAMILIES; f++) {
		if (f == BOPS_REPORT_FAMILIES && counts[f] == 0)
			break;
		bops_buf_reset(&text);
		bops_buf_printf(&text, "%zu %s%s", counts[f], unit,
		    counts[f] == 1 ? "" : "s");
		bops_report_row(b, 0, f < BOPS_REPORT_FAMILIES ?
		    bops_report_families[f] : "(no family)",
		    (double)counts[f], total ? (double)total : 1, text.ptr,
		    NULL, NULL);
		if (f < BOPS_REPORT_FAMILIES && counts[f] == 0)
			bops_buf_printf(&missing, "%s%s", missing.len ? ", " :
			    "", bops_report_families[f]);
	}
	if (total && missing.len)
		bops_report_block_note(b, "No %s measures %s: what is not "
		    "measured is not managed.", noun, missing.ptr);
	bops_buf_release(&text);
	bops_buf_release(&missing);
	return b;
}

/* The rows of all the blocks of a section. */
static size_t
section_rows(const struct bops_report_section *s)
{
	size_t i, n = 0;

	for (i = 0; i < s->n; i++)
		n += s->blocks[i].n;
	return n;
}

/* Common parts: the period's commits. */

struct authors {
	const struct bops_report *r;
	int64_t from, to;
	char **names;
	size_t *counts, n, total;
};

static const struct bops_error *
author_one(const struct bops_commit_info *info, void *arg)
{
	struct authors *a = arg;
	const char *name = info->author_name ? info->author_name : "";
	size_t i;

	if (info->when < a->from || info->when >= a->to)
		return NULL;
	a->total++;
	for (i = 0; i < a->n; i++)
		if (strcmp(a->names[i], name) == 0) {
			a->counts[i]++;
			return NULL;
		}
	a->names = bops_realloc(a->names, (a->n + 1) * sizeof(*a->names));
	a->counts = bops_realloc(a->counts, (a->n + 1) * sizeof(*a->counts));
	a->names[a->n] = bops_strdup(name);
	a->counts[a->n++] = 1;
	return NULL;
}

/* Who changed the records in the period, from the commits up to now. */
static const struct bops_error *
progress_commits(struct bops_report *r, struct bops_ws *ws)
{
	const struct bops_error *err;
	struct bops_report_block *b;
	struct bops_buf line = BOPS_BUF_INIT;
	struct authors a;
	size_t i, j, best;

	memset(&a, 0, sizeof(a));
	a.r = r;
	a.from = bops_date_local_start(r->period.first, r->tz);
	a.to = bops_date_local_start(r->period.last + 1, r->tz);
	if (a.to > r->now + 1)
		a.to = r->now + 1;
	if (r->head[0] == '\0')
		return NULL;
	if ((err = bops_repo_log(ws->repo, r->head, NULL, 0, author_one, &a)))
		goto done;
	b = bops_report_block(bops_report_section(r, "progress", "Progress"),
	    BOPS_BLOCK_LIST, "progress-changes", "Changes");
	bops_report_block_note(b, "%zu change%s by %zu %s", a.total,
	    a.total == 1 ? "" : "s", a.n, a.n == 1 ? "person" : "people");
	/* Most changes first, then by name: the same order every time. */
	for (i = 0; i < a.n; i++) {
		for (best = i, j = i + 1; j < a.n; j++)
			if (a.counts[j] > a.counts[best] || (a.counts[j] ==
			    a.counts[best] && strcmp(a.names[j],
			    a.names[best]) < 0))
				best = j;
		if (best != i) {
			char *s = a.names[i];
			size_t c = a.counts[i];

			a.names[i] = a.names[best];
			a.counts[i] = a.counts[best];
			a.names[best] = s;
			a.counts[best] = c;
		}
		bops_buf_reset(&line);
		bops_buf_printf(&line, "%zu change%s", a.counts[i],
		    a.counts[i] == 1 ? "" : "s");
		bops_report_line(b, a.names[i], line.ptr);
	}
done:
	for (i = 0; i < a.n; i++)
		free(a.names[i]);
	free(a.names);
	free(a.counts);
	bops_buf_release(&line);
	return err;
}

/* What `due` finds: what is late is a problem, the rest a plan. */
static const struct bops_error *
weekly_due(struct bops_report *r, struct bops_ws *ws)
{
	const struct bops_error *err;
	struct bops_due_query q;
	struct bops_due d;
	struct bops_report_block *late, *next;
	struct bops_buf label = BOPS_BUF_INIT, detail = BOPS_BUF_INIT;
	int64_t end = bops_date_local_start(r->period.last + 1, r->tz);
	size_t i;

	memset(&q, 0, sizeof(q));
	q.now = r->now;
	q.within = end > r->now + 7 * 86400 ? end - r->now : 7 * 86400;
	q.commit = r->commit;
	bops_due_init(&d, &q);
	if ((err = bops_due_collect(&d, ws)))
		goto done;
	next = bops_report_block(bops_report_section(r, "plans", "Plans"),
	    BOPS_BLOCK_LIST, "plans-due", "Coming due");
	late = bops_report_block(bops_report_section(r, "problems",
	    "Problems"), BOPS_BLOCK_LIST, "problems-late", "Late");
	for (i = 0; i < d.n; i++) {
		const struct bops_due_item *it = &d.items[i];

		bops_buf_reset(&label);
		bops_buf_reset(&detail);
		bops_buf_printf(&label, "%s %s", it->kind->name, it->id);
		if (*it->title)
			bops_buf_printf(&label, ": %s", it->title);
		bops_buf_printf(&detail, "%s ", it->what);
		bops_date_format(&detail, bops_date_local(it->since, r->tz));
		if (*it->owner)
			bops_buf_printf(&detail, ", %s", it->owner);
		bops_report_line(it->late ? late : next, label.ptr,
		    detail.ptr);
	}
done:
	bops_due_release(&d);
	bops_buf_release(&label);
	bops_buf_release(&detail);
	return err;
}

static const struct bops_error *
call_kinds(struct bops_report *r, struct bops_ws *ws, const char *topic,
    bool own, size_t *called)
{
	const struct bops_error *err;
	size_t i;

	*called = 0;
	for (i = 0; i < BOPS_KIND__COUNT; i++) {
		const struct bops_kind_rules *k = bops_kinds[i].rules;

		if (k == NULL || k->report == NULL || (own && (k->topic ==
		    NULL || strcmp(k->topic, topic))))
			continue;
		r->topic = topic;
		(*called)++;
		if ((err = k->report(r, ws, &bops_kinds[i])))
			return err;
	}
	return NULL;
}

static const struct bops_error *
collect_topic(struct bops_report *r, struct bops_ws *ws,
    const struct topic *t)
{
	const struct bops_error *err;
	struct bops_report_section *s;
	size_t called;

	if (strcmp(t->name, "weekly") == 0) {
		bops_report_section(r, "progress", "Progress");
		bops_report_section(r, "plans", "Plans");
		bops_report_section(r, "problems", "Problems");
		if ((err = progress_commits(r, ws)) ||
		    (err = call_kinds(r, ws, "weekly", false, &called)))
			return err;
		return weekly_due(r, ws);
	}
	if ((err = call_kinds(r, ws, t->name, true, &called)))
		return err;
	if (called == 0) {
		s = bops_report_section(r, t->name, t->section);
		bops_report_note(s, "Not built yet: no record kind of this "
		    "build reports on %s (%s).", t->name, t->what);
	}
	return NULL;
}

const struct bops_error *
bops_report_collect(struct bops_report *r, struct bops_ws *ws)
{
	const struct bops_error *err;
	struct bops_report_section *s;
	size_t i, called;

	for (i = 0; i < sizeof(topics) / sizeof(*topics); i++)
		if ((strcmp(r->name, "all") == 0 || strcmp(r->name,
		    topics[i].name) == 0) &&
		    (err = collect_topic(r, ws, &topics[i])))
			return err;
	s = bops_report_section(r, "celebrations", "Celebrations");
	if ((err = call_kinds(r, ws, "celebrate", false, &called)))
		return err;
	if (section_rows(s) == 0 && s->note == NULL)
		bops_report_note(s, "Nothing reached its target in %s yet.",
		    r->period_text);
	for (i = 0; i < r->n; i++)
		if (section_rows(&r->sections[i]) == 0 &&
		    r->sections[i].note == NULL)
			bops_report_note(&r->sections[i], "Nothing in %s.",
			    r->period_text);
	r->topic = NULL;
	return NULL;
}

/* Formats. */

void
bops_report_sparkline(struct bops_buf *out, const double *v, size_t n,
    double top, bool utf8)
{
	static const char ascii[] = " .:-=+*#%@";
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		if (isnan(v[i])) {
			bops_buf_putc(out, ' ');
			continue;
		}
		k = top > 0 ? (int)lround(v[i] / top * 7) : 0;
		k = k < 0 ? 0 : k > 7 ? 7 : k;
		if (utf8)
			/* U+2581 LOWER ONE EIGHTH BLOCK .. U+2588 FULL BLOCK */
			bops_buf_printf(out, "\xe2\x96%c", (char)(0x81 + k));
		else
			bops_buf_putc(out, ascii[k + 2]);
	}
}

/* The header line of a report: its title, period, and when. */
static void
heading(struct bops_buf *out, const struct bops_report *r)
{
	bops_buf_printf(out, "%s: %s (", r->title, r->period_text);
	bops_date_format(out, r->period.first);
	bops_buf_puts(out, "..");
	bops_date_format(out, r->period.last);
	bops_buf_putc(out, ')');
}

static void
as_of(struct bops_buf *out, const struct bops_report *r)
{
	bops_buf_puts(out, "As of ");
	bops_instant_format_local(out, r->now, r->tz);
	if (r->head[0])
		bops_buf_printf(out, ", commit %.10s", r->head);
}

/* Append s clipped to cols columns, then spaces up to cols. */
static void
pad(struct bops_buf *out, const char *s, size_t cols, bool utf8)
{
	size_t w = bops_out_put_clipped(out, s, cols, utf8);

	bops_buf_pad(out, ' ', cols - w);
}

/* The fraction a row's bar shows, and its top. */
static double
row_fraction(const struct bops_report_block *b,
    const struct bops_report_row *row, double top)
{
	double v = row->value, m = b->type == BOPS_BLOCK_BARS ? row->max :
	    top;

	if (isnan(v) || !(m > 0))
		return 0;
	return v / m;
}

static double
block_top(const struct bops_report_block *b)
{
	double top = 0;
	size_t i;

	for (i = 0; i < b->n; i++) {
		if (!isnan(b->rows[i].value) && b->rows[i].value > top)
			top = b->rows[i].value;
		if (b->type == BOPS_BLOCK_BURNDOWN && !isnan(b->rows[i].max) &&
		    b->rows[i].max > top)
			top = b->rows[i].max;
	}
	return top;
}

#define BAR_COLS 20
#define DETAIL_COLS 20

static void
text_bars(struct bops_buf *out, const struct bops_report_block *b,
    size_t width, bool utf8)
{
	size_t i, lw = 0, tw = 0, w, used;
	double top = block_top(b);
	double *v;

	for (i = 0; i < b->n; i++) {
		w = 2 * b->rows[i].depth + bops_out_width(b->rows[i].label);
		lw = w > lw ? w : lw;
		w = b->rows[i].text ? bops_out_width(b->rows[i].text) : 0;
		tw = w > tw ? w : tw;
	}
	/* The label takes what the bar, the figure and a detail leave. */
	if (lw + 2 + BAR_COLS + tw + 4 + DETAIL_COLS > width)
		lw = width > 2 + BAR_COLS + tw + 4 + DETAIL_COLS + 8 ?
		    width - 2 - BAR_COLS - tw - 4 - DETAIL_COLS : 8;
	for (i = 0; i < b->n; i++) {
		const struct bops_report_row *row = &b->rows[i];
		size_t indent = 2 * row->depth < lw ? 2 * row->depth : 0;

		bops_buf_pad(out, ' ', 2 + indent);
		pad(out, row->label, lw - indent, utf8);
		bops_buf_puts(out, "  ");
		if (isnan(row->value))
			bops_buf_pad(out, ' ', BAR_COLS);
		else
			bops_out_bar(out, row_fraction(b, row, top), BAR_COLS,
			    utf8);
		bops_buf_puts(out, "  ");
		w = row->text ? bops_out_width(row->text) : 0;
		bops_buf_pad(out, ' ', tw - w);
		if (row->text)
			bops_out_put_clipped(out, row->text, tw, utf8);
		used = 2 + lw + 2 + BAR_COLS + 2 + tw;
		if (row->detail && used + 2 < width) {
			bops_buf_puts(out, "  ");
			bops_out_put_clipped(out, row->detail, width - used - 2,
			    utf8);
		}
		bops_buf_putc(out, '\n');
	}
	if (b->type != BOPS_BLOCK_BARS && b->n) {
		v = bops_calloc(b->n, sizeof(*v));
		for (i = 0; i < b->n; i++)
			v[i] = b->rows[i].value;
		bops_buf_puts(out, "  ");
		bops_report_sparkline(out, v, b->n, top, utf8);
		while (out->len && out->ptr[out->len - 1] == ' ')
			bops_buf_truncate(out, out->len - 1);
		bops_buf_putc(out, '\n');
		free(v);
	}
}

static void
text_list(struct bops_buf *out, const struct bops_report_block *b,
    size_t width, bool utf8, bool md)
{
	struct bops_buf line = BOPS_BUF_INIT;
	const char *dash = utf8 ? " \xe2\x80\x94 " : " -- ";
	size_t i;

	for (i = 0; i < b->n; i++) {
		const struct bops_report_row *row = &b->rows[i];

		bops_buf_reset(&line);
		bops_buf_puts(&line, row->label);
		if (md) {
			if (row->detail)
				bops_buf_printf(&line, "%s%s", dash,
				    row->detail);
			bops_buf_puts(out, "- ");
			bops_out_escape(out, line.ptr, line.len, 0);
			bops_buf_putc(out, '\n');
			continue;
		}
		/* The detail goes on a line of its own when both do not fit. */
		bops_buf_puts(out, utf8 ? "  \xe2\x80\xa2 " : "  - ");
		if (row->detail && bops_out_width(row->label) + 3 +
		    bops_out_width(row->detail) <= width - 4)
			bops_buf_printf(&line, "%s%s", dash, row->detail);
		bops_out_put_clipped(out, line.ptr, width - 4, utf8);
		bops_buf_putc(out, '\n');
		if (row->detail && line.len == strlen(row->label)) {
			bops_buf_puts(out, "      ");
			bops_out_put_clipped(out, row->detail, width - 6, utf8);
			bops_buf_putc(out, '\n');
		}
	}
	bops_buf_release(&line);
}

/* The ANSI background of a matrix cell's band. */
static const char *
band_sgr(const char *state)
{
	if (state && strcmp(state, "red") == 0)
		return "41;97";
	if (state && strcmp(state, "amber") == 0)
		return "43;30";
	if (state && strcmp(state, "yellow") == 0)
		return "103;30";
	return "42;30";
}

void
bops_report_matrix_text(struct bops_buf *out,
    const struct bops_report_block *b, bool color)
{
	size_t cols = b->cols ? b->cols : 1, lines = b->n / cols, i, c;
	const struct bops_report_row *cell;

	if (b->ylabel)
		bops_buf_printf(out, "%s\n", b->ylabel);
	for (i = 0; i < lines; i++) {
		bops_buf_printf(out, "  %zu |", lines - i);
		for (c = 0; c < cols; c++) {
			cell = &b->rows[i * cols + c];
			if (color)
				bops_buf_printf(out, "\033[%sm",
				    band_sgr(cell->state));
			if (cell->value > 0 && cell->text)
				bops_buf_printf(out, "%5s", cell->text);
			else
				bops_buf_puts(out, "    .");
			if (color)
				bops_buf_puts(out, "\033[0m");
		}
		bops_buf_putc(out, '\n');
	}
	bops_buf_puts(out, "    +");
	bops_buf_pad(out, '-', 5 * cols);
	bops_buf_puts(out, "\n     ");
	for (c = 0; c < cols; c++)
		bops_buf_printf(out, "%5zu", c + 1);
	if (b->xlabel)
		bops_buf_printf(out, "  %s", b->xlabel);
	bops_buf_putc(out, '\n');
}

/*
 * A burn: the sparkline of the cumulative actual against the top of
 * both lines, then the last figures known: the actual, and the plan's.
 */
static void
text_burn(struct bops_buf *out, const struct bops_report_block *b,
    size_t width, bool utf8)
{
	struct bops_buf line = BOPS_BUF_INIT;
	const struct bops_report_row *last = NULL;
	double *v = bops_calloc(b->n + 1, sizeof(*v)), top = 0;
	size_t i;

	for (i = 0; i < b->n; i++) {
		v[i] = b->rows[i].value;
		if (!isnan(v[i])) {
			last = &b->rows[i];
			top = v[i] > top ? v[i] : top;
		}
		if (!isnan(b->rows[i].max) && b->rows[i].max > top)
			top = b->rows[i].max;
	}
	bops_buf_puts(&line, "  ");
	bops_report_sparkline(&line, v, b->n, top, utf8);
	if (last)
		bops_buf_printf(&line, "  %s: %s spent, %s planned",
		    last->label, last->text ? last->text : "",
		    last->detail ? last->detail : "");
	else
		bops_buf_puts(&line, "  nothing known yet");
	bops_out_put_clipped(out, line.ptr, width, utf8);
	bops_buf_putc(out, '\n');
	free(v);
	bops_buf_release(&line);
}

static void
underline(struct bops_buf *out, const char *title, int c)
{
	bops_out_escape(out, title, strlen(title), 0);
	bops_buf_putc(out, '\n');
	bops_buf_pad(out, c, bops_out_width(title));
	bops_buf_putc(out, '\n');
}

void
bops_report_text(struct bops_buf *out, const struct bops_report *r,
    size_t width, bool utf8, bool md)
{
	struct bops_buf line = BOPS_BUF_INIT;
	size_t i, j;

	if (width < 40)
		width = 40;
	heading(&line, r);
	if (md)
		bops_buf_puts(out, "# ");
	bops_out_escape(out, line.ptr, line.len, 0);
	bops_buf_putc(out, '\n');
	bops_buf_reset(&line);
	as_of(&line, r);
	bops_buf_printf(out, "%s%s\n", md ? "\n" : "", line.ptr);
	for (i = 0; i < r->n; i++) {
		const struct bops_report_section *s = &r->sections[i];

		bops_buf_putc(out, '\n');
		if (md)
			bops_buf_printf(out, "## %s\n", s->title);
		else
			underline(out, s->title, '=');
		if (s->note) {
			bops_buf_printf(out, "%s", md ? "\n" : "");
			bops_out_escape(out, s->note, strlen(s->note), 0);
			bops_buf_putc(out, '\n');
		}
		for (j = 0; j < s->n; j++) {
			const struct bops_report_block *b = &s->blocks[j];

			if (b->title && md)
				bops_buf_printf(out, "\n### %s\n", b->title);
			else if (b->title) {
				bops_buf_putc(out, '\n');
				underline(out, b->title, '-');
			}
			if (b->note) {
				bops_buf_printf(out, "%s", md ? "\n" : "");
				bops_out_escape(out, b->note, strlen(b->note),
				    0);
				bops_buf_putc(out, '\n');
			}
			if (b->n == 0)
				continue;
			if (md)
				bops_buf_puts(out, b->type == BOPS_BLOCK_LIST ?
				    "\n" : "\n```text\n");
			if (b->type == BOPS_BLOCK_LIST)
				text_list(out, b, width, utf8, md);
			else if (b->type == BOPS_BLOCK_MATRIX)
				bops_report_matrix_text(out, b, false);
			else if (b->type == BOPS_BLOCK_BURN)
				text_burn(out, b, width, utf8);
			else
				text_bars(out, b, width, utf8);
			if (md && b->type != BOPS_BLOCK_LIST)
				bops_buf_puts(out, "```\n");
		}
	}
	bops_buf_release(&line);
}

static const char *const block_types[] = {
	"list", "bars", "burndown", "columns", "matrix", "burn",
};

/* What a matrix or a burn has besides its rows: the grid of counts as
 * drawn (the top line first) and its axes; the forecast mark. */
static void
json_block_extra(struct bops_json *w, const struct bops_report_block *b)
{
	size_t cols = b->cols ? b->cols : 1, i, c;

	if (b->type == BOPS_BLOCK_MATRIX) {
		bops_json_key(w, "x");
		bops_json_str(w, b->xlabel);
		bops_json_key(w, "y");
		bops_json_str(w, b->ylabel);
		bops_json_key(w, "cells");
		bops_json_begin_array(w, 0);
		for (i = 0; i + cols <= b->n; i += cols) {
			bops_json_begin_array(w, 0);
			for (c = 0; c < cols; c++)
				bops_json_round(w, b->rows[i + c].value, 4);
			bops_json_end_array(w);
		}
		bops_json_end_array(w);
	} else if (b->type == BOPS_BLOCK_BURN) {
		bops_json_key(w, "mark");
		bops_json_round(w, b->mark, 4);
		bops_json_key(w, "mark_text");
		bops_json_str(w, b->mark_text);
	}
}

void
bops_report_json(struct bops_buf *out, const struct bops_report *r)
{
	struct bops_json w;
	struct bops_buf t = BOPS_BUF_INIT;
	size_t i, j, k;

	bops_json_init(&w, out);
	bops_json_begin_object(&w, BOPS_JSON_LINES);
	bops_json_key(&w, "report");
	bops_json_str(&w, r->name);
	bops_json_key(&w, "title");
	bops_json_str(&w, r->title);
	bops_json_key(&w, "period");
	bops_json_str(&w, r->period_text);
	bops_date_format(&t, r->period.first);
	bops_json_key(&w, "from");
	bops_json_str(&w, t.ptr);
	bops_buf_reset(&t);
	bops_date_format(&t, r->period.last);
	bops_json_key(&w, "to");
	bops_json_str(&w, t.ptr);
	bops_buf_reset(&t);
	bops_instant_format(&t, r->now);
	bops_json_key(&w, "as_of");
	bops_json_str(&w, t.ptr);
	bops_json_key(&w, "commit");
	bops_json_str(&w, r->head[0] ? r->head : NULL);
	bops_json_key(&w, "sections");
	bops_json_begin_array(&w, BOPS_JSON_LINES);
	for (i = 0; i < r->n; i++) {
		const struct bops_report_section *s = &r->sections[i];

		bops_json_begin_object(&w, 0);
		bops_json_key(&w, "key");
		bops_json_str(&w, s->key);
		bops_json_key(&w, "title");
		bops_json_str(&w, s->title);
		bops_json_key(&w, "note");
		bops_json_str(&w, s->note);
		bops_json_key(&w, "blocks");
		bops_json_begin_array(&w, 0);
		for (j = 0; j < s->n; j++) {
			const struct bops_report_block *b = &s->blocks[j];

			bops_json_begin_object(&w, 0);
			bops_json_key(&w, "key");
			bops_json_str(&w, b->key);
			bops_json_key(&w, "type");
			bops_json_str(&w, block_types[b->type]);
			bops_json_key(&w, "title");
			bops_json_str(&w, b->title);
			bops_json_key(&w, "note");
			bops_json_str(&w, b->note);
			json_block_extra(&w, b);
			bops_json_key(&w, "rows");
			bops_json_begin_array(&w, 0);
			for (k = 0; k < b->n; k++) {
				const struct bops_report_row *row = &b->rows[k];

				bops_json_begin_object(&w, 0);
				bops_json_key(&w, "label");
				bops_json_str(&w, row->label);
				if (b->type != BOPS_BLOCK_LIST) {
					bops_json_key(&w, "value");
					bops_json_round(&w, row->value, 4);
					bops_json_key(&w, "max");
					bops_json_round(&w, row->max, 4);
					bops_json_key(&w, "depth");
					bops_json_int(&w, row->depth);
				}
				bops_json_key(&w, "text");
				bops_json_str(&w, row->text);
				bops_json_key(&w, "detail");
				bops_json_str(&w, row->detail);
				bops_json_key(&w, "state");
				bops_json_str(&w, row->state);
				bops_json_end_object(&w);
			}
			bops_json_end_array(&w);
			bops_json_end_object(&w);
		}
		bops_json_end_array(&w);
		bops_json_end_object(&w);
	}
	bops_json_end_array(&w);
	bops_json_end_object(&w);
	bops_json_release(&w);
	bops_buf_release(&t);
}
