#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "out.h"
#include "banned.h"

#define ELLIPSIS	"\xe2\x80\xa6"	/* U+2026 */
#define SEP_WIDTH	2
#define MIN_CLIP	4

struct row {
	char **cells;
	char *sgr;
};

struct bops_table {
	size_t ncols;
	char **headers;
	enum bops_align *align;
	struct row *rows;
	size_t nrows;
	size_t alloc;
};

/*
 * Measure the character at s (len bytes left, len > 0): its length in
 * bytes and its width.  A byte that does not start a valid character in
 * the current locale is one column wide, as most terminals show it.
 */
static size_t
next_char(const char *s, size_t len, size_t *width)
{
	mbstate_t st;
	wchar_t wc;
	size_t n;
	int w;

	memset(&st, 0, sizeof(st));
	n = mbrtowc(&wc, s, len, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*width = 1;
		return 1;
	}
	w = wcwidth(wc);
	*width = w < 0 ? 0 : (size_t)w;
	return n;
}

size_t
bops_out_width(const char *s)
{
	size_t len = strlen(s), total = 0, w, n;

	while (len > 0) {
		n = next_char(s, len, &w);
		total += w;
		s += n;
		len -= n;
	}
	return total;
}

size_t
bops_out_put_clipped(struct bops_buf *out, const char *s, size_t width,
    bool utf8)
{
	const char *ell = utf8 ? ELLIPSIS : "~";
	size_t len = strlen(s), total, ell_w, used = 0, keep = 0, w, n;

	total = bops_out_width(s);
	if (total <= width) {
		bops_buf_put(out, s, len);
		return total;
	}
	ell_w = bops_out_width(ell);
	if (width < ell_w)
		return 0;
	/*
	 * Zero-width characters always fit, so combining marks stay with
	 * the base character before them and are never left dangling.
	 */
	while (keep < len) {
		n = next_char(s + keep, len - keep, &w);
		if (used + w > width - ell_w)
			break;
		used += w;
		keep += n;
	}
	bops_buf_put(out, s, keep);
	bops_buf_puts(out, ell);
	return used + ell_w;
}

/* A copy of s with control bytes shown as spaces, so lines never break. */
static char *
cell_dup(const char *s)
{
	char *p, *c;

	p = bops_strdup(s ? s : "");
	for (c = p; *c; c++)
		if ((unsigned char)*c < 0x20 || *c == 0x7f)
			*c = ' ';
	return p;
}

struct bops_table *
bops_table_new(size_t ncols, const char *const *headers)
{
	struct bops_table *t;
	size_t i;

	t = bops_calloc(1, sizeof(*t));
	t->ncols = ncols;
	t->headers = bops_calloc(ncols, sizeof(*t->headers));
	t->align = bops_calloc(ncols, sizeof(*t->align));
	for (i = 0; i < ncols; i++) {
		t->headers[i] = cell_dup(headers ? headers[i] : NULL);
		t->align[i] = BOPS_ALIGN_LEFT;
	}
	return t;
}

void
bops_table_free(struct bops_table *t)
{
	size_t r, c;

	if (t == NULL)
		return;
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++)
			free(t->rows[r].cells[c]);
		free(t->rows[r].cells);
		free(t->rows[r].sgr);
	}
	for (c = 0; c < t->ncols; c++)
		free(t->headers[c]);
	free(t->rows);
	free(t->headers);
	free(t->align);
	free(t);
}

void
bops_table_align(struct bops_table *t, size_t col, enum bops_align a)
{
	if (col < t->ncols)
		t->align[col] = a;
}

void
bops_table_add(struct bops_table *t, const char *const *cells)
{
	struct row *row;
	size_t c;

	if (t->nrows == t->alloc) {
		t->alloc = t->alloc ? 2 * t->alloc : 16;
		t->rows = bops_realloc(t->rows, t->alloc * sizeof(*t->rows));
	}
	row = &t->rows[t->nrows++];
	row->sgr = NULL;
	row->cells = bops_calloc(t->ncols, sizeof(*row->cells));
	for (c = 0; c < t->ncols; c++)
		row->cells[c] = cell_dup(cells ? cells[c] : NULL);
}

void
bops_table_color_row(struct bops_table *t, size_t row, const char *sgr)
{
	if (row >= t->nrows)
		return;
	free(t->rows[row].sgr);
	t->rows[row].sgr = sgr && *sgr ? bops_strdup(sgr) : NULL;
}

size_t
bops_table_rows(const struct bops_table *t)
{
	return t->nrows;
}

/* Width of the widest line when the columns have these widths. */
static size_t
line_width(const struct bops_table *t, const size_t *widths)
{
	size_t c, total = 0;

	for (c = 0; c < t->ncols; c++)
		total += widths[c] + (c > 0 ? SEP_WIDTH : 0);
	return total;
}

/*
 * Narrow the widest left-aligned columns until a line fits in max_width,
 * but keep each column at least as wide as its header (when shown) and
 * MIN_CLIP columns.  The widest is cut down to the next widest, then
 * columns of equal width lose a column in turn, so the widest give up
 * most.
 */
static void
shrink(const struct bops_table *t, size_t *widths, const size_t *floors,
    size_t max_width)
{
	size_t c, best, next, step, total;

	while ((total = line_width(t, widths)) > max_width) {
		best = t->ncols;
		for (c = 0; c < t->ncols; c++) {
			if (t->align[c] != BOPS_ALIGN_LEFT ||
			    widths[c] <= floors[c])
				continue;
			if (best == t->ncols || widths[c] > widths[best])
				best = c;
		}
		if (best == t->ncols)
			return;
		next = floors[best];
		for (c = 0; c < t->ncols; c++)
			if (c != best && t->align[c] == BOPS_ALIGN_LEFT &&
			    widths[c] <= widths[best] && widths[c] > next)
				next = widths[c];
		step = widths[best] - next;
		if (step == 0)
			step = 1;
		if (step > total - max_width)
			step = total - max_width;
		widths[best] -= step;
	}
}

/*
 * Spaces are held back in *pending and written only when something
 * visible follows, so no line ends in spaces (empty last cells, padding,
 * a cell's own trailing blanks).
 */
static void
put_cell(struct bops_buf *out, struct bops_buf *tmp, const char *text,
    size_t width, enum bops_align align, const char *sgr, bool utf8,
    size_t *pending)
{
	size_t shown, end;

	bops_buf_reset(tmp);
	shown = bops_out_put_clipped(tmp, text, width, utf8);
	if (align == BOPS_ALIGN_RIGHT)
		*pending += width - shown;
	for (end = tmp->len; end > 0 && tmp->ptr[end - 1] == ' '; end--)
		;
	if (end > 0) {
		bops_buf_pad(out, ' ', *pending);
		*pending = 0;
		if (sgr)
			bops_buf_printf(out, "\033[%sm", sgr);
		bops_buf_put(out, tmp->ptr, end);
		if (sgr)
			bops_buf_puts(out, "\033[0m");
	}
	*pending += tmp->len - end;
	if (align == BOPS_ALIGN_LEFT)
		*pending += width - shown;
}

static void
put_line(const struct bops_table *t, struct bops_buf *out,
    struct bops_buf *tmp, char *const *cells, const size_t *widths,
    const char *sgr, bool utf8)
{
	size_t c, pending = 0;

	for (c = 0; c < t->ncols; c++) {
		if (c > 0)
			pending += SEP_WIDTH;
		put_cell(out, tmp, cells[c], widths[c], t->align[c], sgr,
		    utf8, &pending);
	}
	bops_buf_putc(out, '\n');
}

void
bops_table_render(const struct bops_table *t, struct bops_buf *out,
    unsigned flags, size_t max_width)
{
	struct bops_buf tmp = BOPS_BUF_INIT;
	bool header = !(flags & BOPS_TABLE_NO_HEADER);
	bool color = flags & BOPS_TABLE_COLOR;
	bool utf8 = flags & BOPS_TABLE_UTF8;
	size_t *widths, *floors, r, c, w;

	widths = bops_calloc(t->ncols, sizeof(*widths));
	floors = bops_calloc(t->ncols, sizeof(*floors));
	for (c = 0; c < t->ncols; c++) {
		floors[c] = MIN_CLIP;
		if (header) {
			widths[c] = bops_out_width(t->headers[c]);
			if (widths[c] > floors[c])
				floors[c] = widths[c];
		}
		for (r = 0; r < t->nrows; r++) {
			w = bops_out_width(t->rows[r].cells[c]);
			if (w > widths[c])
				widths[c] = w;
		}
	}
	if (max_width > 0)
		shrink(t, widths, floors, max_width);

	if (header)
		put_line(t, out, &tmp, t->headers, widths,
		    color ? "1" : NULL, utf8);
	for (r = 0; r < t->nrows; r++)
		put_line(t, out, &tmp, t->rows[r].cells, widths,
		    color ? t->rows[r].sgr : NULL, utf8);

	bops_buf_release(&tmp);
	free(widths);
	free(floors);
}

/*
 * Length of the well-formed UTF-8 sequence at s, or 0.  JSON must be
 * valid UTF-8 whatever the locale, so this does not use mbrtowc().
 */
static size_t
utf8_len(const unsigned char *s)
{
	size_t n, i;
	uint32_t cp, min;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xe0) == 0xc0) {
		n = 2, cp = s[0] & 0x1f, min = 0x80;
	} else if ((s[0] & 0xf0) == 0xe0) {
		n = 3, cp = s[0] & 0x0f, min = 0x800;
	} else if ((s[0] & 0xf8) == 0xf0) {
		n = 4, cp = s[0] & 0x07, min = 0x10000;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* The two-character escape for c, or 0 when it has none. */
static char
short_escape(unsigned char c)
{
	switch (c) {
	case '"':
		return '"';
	case '\\':
		return '\\';
	case '\n':
		return 'n';
	case '\t':
		return 't';
	case '\r':
		return 'r';
	case '\b':
		return 'b';
	case '\f':
		return 'f';
	default:
		return 0;
	}
}

void
bops_json_number(struct bops_buf *out, double v, int digits)
{
	if (!isfinite(v)) {
		bops_buf_puts(out, "null");
		return;
	}
	if (v == 0)
		v = 0;	/* no "-0" */
	bops_buf_printf(out, "%.*g", digits < 1 ? 1 : digits > 17 ? 17 :
	    digits, v);
}

void
bops_json_string(struct bops_buf *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;
	char e;

	bops_buf_putc(out, '"');
	while (*p) {
		/* Plain ASCII runs go in one piece. */
		for (n = 0; p[n] >= 0x20 && p[n] < 0x80 && p[n] != '"' &&
		    p[n] != '\\'; n++)
			;
		if (n) {
			bops_buf_put(out, p, n);
			p += n;
			continue;
		}
		if ((e = short_escape(*p))) {
			bops_buf_putc(out, '\\');
			bops_buf_putc(out, e);
			n = 1;
		} else if (*p < 0x20) {
			bops_buf_printf(out, "\\u%04x", *p);
			n = 1;
		} else if ((n = utf8_len(p)) == 0) {
			bops_buf_puts(out, "\\ufffd");
			n = 1;
		} else {
			bops_buf_put(out, p, n);
		}
		p += n;
	}
	bops_buf_putc(out, '"');
}

void
bops_csv_field(struct bops_buf *out, const char *s)
{
	size_t len = strlen(s);
	const char *p;

	if (len == 0 || (strpbrk(s, ",\"\r\n") == NULL && s[0] != ' ' &&
	    s[len - 1] != ' ')) {
		bops_buf_put(out, s, len);
		return;
	}
	bops_buf_putc(out, '"');
	for (p = s; *p; p++) {
		if (*p == '"')
			bops_buf_putc(out, '"');
		bops_buf_putc(out, *p);
	}
	bops_buf_putc(out, '"');
}

void
bops_out_bar(struct bops_buf *out, double f, size_t width, bool utf8)
{
	/* U+2589..U+258F: seven eighths down to one eighth of a cell. */
	static const char *const eighths[8] = {
		"", "\xe2\x96\x8f", "\xe2\x96\x8e", "\xe2\x96\x8d",
		"\xe2\x96\x8c", "\xe2\x96\x8b", "\xe2\x96\x8a", "\xe2\x96\x89",
	};
	size_t units, full, part, i;

	if (isnan(f) || f < 0)
		f = 0;
	if (f > 1)
		f = 1;
	/* The epsilon keeps 0.3 * 10 from landing just under 3. */
	units = (size_t)(f * (double)width * (utf8 ? 8 : 1) + 1e-9);
	full = utf8 ? units / 8 : units;
	part = utf8 ? units % 8 : 0;
	if (full > width)
		full = width;
	for (i = 0; i < full; i++)
		bops_buf_puts(out, utf8 ? "\xe2\x96\x88" : "#");
	if (part > 0 && full < width) {
		bops_buf_puts(out, eighths[part]);
		full++;
	}
	for (i = full; i < width; i++)
		bops_buf_puts(out, utf8 ? "\xe2\x96\x91" : ".");
}
