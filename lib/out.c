#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "text.h"
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

/* Length of the well-formed UTF-8 character at s (len > 0), or 0. */
static size_t
utf8_len(const unsigned char *s, size_t len)
{
	uint32_t cp;

	return bops_text_decode((const char *)s, len, &cp);
}

/* C1 controls U+0080..U+009F: C2 80..C2 9F. */
static bool
is_c1(const unsigned char *s, size_t n)
{
	return n == 2 && s[0] == 0xc2 && s[1] < 0xa0;
}

/* U+202A..U+202E (E2 80 AA..AE) and U+2066..U+2069 (E2 81 A6..A9). */
static bool
is_bidi(const unsigned char *s, size_t n)
{
	return n == 3 && s[0] == 0xe2 && ((s[1] == 0x80 && s[2] >= 0xaa &&
	    s[2] <= 0xae) || (s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9));
}

/* The length of the SGR colour code at s (ESC [ digits ; m), or 0. */
static size_t
sgr_len(const unsigned char *s, size_t len)
{
	size_t i;

	if (len < 3 || s[0] != 0x1b || s[1] != '[')
		return 0;
	for (i = 2; i < len && i < 20; i++) {
		if (s[i] == 'm')
			return i + 1;
		if ((s[i] < '0' || s[i] > '9') && s[i] != ';')
			return 0;
	}
	return 0;
}

/*
 * The character at s (len > 0 bytes): its length, and in *unsafe
 * whether it must be escaped.  A byte that does not start well-formed
 * UTF-8 is a character of its own, and unsafe.
 */
static size_t
classify(const unsigned char *s, size_t len, unsigned flags, bool *unsafe)
{
	size_t n;

	if (s[0] >= 0x20 && s[0] < 0x7f) {
		*unsafe = false;
		return 1;
	}
	if (s[0] < 0x80) {
		if ((flags & BOPS_ESCAPE_SGR) && (n = sgr_len(s, len))) {
			*unsafe = false;
			return n;
		}
		*unsafe = !((flags & BOPS_ESCAPE_LINES) && (s[0] == '\n' ||
		    s[0] == '\t'));
		return 1;
	}
	if ((n = utf8_len(s, len)) == 0) {
		*unsafe = true;
		return 1;
	}
	*unsafe = is_c1(s, n) || is_bidi(s, n);
	return n;
}

size_t
bops_out_safe_span(const char *s, size_t len, unsigned flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	bool unsafe;

	while (i < len) {
		/* Plain ASCII runs need no decoding. */
		while (i < len && p[i] >= 0x20 && p[i] < 0x7f)
			i++;
		if (i == len)
			break;
		n = classify(p + i, len - i, flags, &unsafe);
		if (unsafe)
			break;
		i += n;
	}
	return i;
}

void
bops_out_escape(struct bops_buf *out, const char *s, size_t len,
    unsigned flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, k;
	bool unsafe;

	while (len > 0) {
		n = bops_out_safe_span((const char *)p, len, flags);
		bops_buf_put(out, p, n);
		p += n;
		len -= n;
		if (len == 0)
			break;
		n = classify(p, len, flags, &unsafe);
		for (k = 0; k < n; k++)
			bops_buf_printf(out, "\\%03o", p[k]);
		p += n;
		len -= n;
	}
}

size_t
bops_out_width(const char *s)
{
	return bops_text_width(s);
}

size_t
bops_out_put_clipped(struct bops_buf *out, const char *s, size_t width,
    bool utf8)
{
	struct bops_buf esc = BOPS_BUF_INIT;
	size_t len = strlen(s), n;

	/* What a terminal must not see is escaped before it is measured. */
	if (bops_out_safe_span(s, len, 0) != len) {
		bops_out_escape(&esc, s, len, 0);
		s = esc.ptr;
		len = esc.len;
	}
	n = bops_text_put_cut(out, s, len, width, utf8 ? ELLIPSIS : "~");
	bops_buf_release(&esc);
	return n;
}

/*
 * A copy of s that is safe to show: newlines and tabs become spaces, so
 * lines never break, and other unsafe characters are escaped.
 */
static char *
cell_dup(const char *s)
{
	struct bops_buf b = BOPS_BUF_INIT;
	size_t len;
	char *c;

	s = s ? s : "";
	len = strlen(s);
	if (bops_out_safe_span(s, len, 0) == len)
		return bops_strdup(s);
	bops_out_escape(&b, s, len, BOPS_ESCAPE_LINES);
	for (c = b.ptr; *c; c++)
		if (*c == '\n' || *c == '\t')
			*c = ' ';
	if (b.ptr == bops_buf_empty)
		return bops_strdup("");
	return bops_buf_detach(&b);
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
 * A cell's width in columns; *out the same, or NOT_VALID when the cell
 * is not valid UTF-8 (then it is drawn the long way).
 */
#define NOT_VALID SIZE_MAX
static size_t
cell_width(size_t *out, const char *cell)
{
	bool valid;
	size_t w = bops_text_width_valid(cell, &valid);

	*out = valid ? w : NOT_VALID;
	return w;
}

/*
 * Spaces are held back in *pending and written only when something
 * visible follows, so no line ends in spaces (empty last cells, padding,
 * a cell's own trailing blanks).
 */
static void
put_cell(struct bops_buf *out, struct bops_buf *tmp, const char *text,
    size_t text_width, size_t width, enum bops_align align, const char *sgr,
    bool utf8, size_t *pending)
{
	size_t shown, end;

	bops_buf_reset(tmp);
	/*
	 * A cell is safe to show (cell_dup): when it is valid UTF-8 and
	 * fits, bops_out_put_clipped would append it as it is.
	 */
	if (text_width != NOT_VALID && text_width <= width) {
		bops_buf_puts(tmp, text);
		shown = text_width;
	} else
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
    struct bops_buf *tmp, char *const *cells, const size_t *cell_widths,
    const size_t *widths, const char *sgr, bool utf8)
{
	size_t c, pending = 0;

	for (c = 0; c < t->ncols; c++) {
		if (c > 0)
			pending += SEP_WIDTH;
		put_cell(out, tmp, cells[c], cell_widths[c], widths[c],
		    t->align[c], sgr, utf8, &pending);
	}
	bops_buf_putc(out, '\n');
}

void
bops_table_render(struct bops_buf *out, const struct bops_table *t,
    unsigned flags, size_t max_width)
{
	struct bops_buf tmp = BOPS_BUF_INIT;
	bool header = !(flags & BOPS_TABLE_NO_HEADER);
	bool color = flags & BOPS_TABLE_COLOR;
	bool utf8 = flags & BOPS_TABLE_UTF8;
	size_t *widths, *floors, *cw, r, c, w;

	widths = bops_calloc(t->ncols, sizeof(*widths));
	floors = bops_calloc(t->ncols, sizeof(*floors));
	/* Each cell measured once: the headers' widths, then the rows'. */
	cw = bops_calloc((t->nrows + 1) * t->ncols, sizeof(*cw));
	for (c = 0; c < t->ncols; c++) {
		floors[c] = MIN_CLIP;
		if (header) {
			widths[c] = cell_width(&cw[c], t->headers[c]);
			if (widths[c] > floors[c])
				floors[c] = widths[c];
		}
		for (r = 0; r < t->nrows; r++) {
			w = cell_width(&cw[(r + 1) * t->ncols + c],
			    t->rows[r].cells[c]);
			if (w > widths[c])
				widths[c] = w;
		}
	}
	if (max_width > 0)
		shrink(t, widths, floors, max_width);

	if (header)
		put_line(t, out, &tmp, t->headers, cw, widths,
		    color ? "1" : NULL, utf8);
	for (r = 0; r < t->nrows; r++)
		put_line(t, out, &tmp, t->rows[r].cells, &cw[(r + 1) *
		    t->ncols], widths, color ? t->rows[r].sgr : NULL, utf8);

	bops_buf_release(&tmp);
	free(cw);
	free(widths);
	free(floors);
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

static bool
formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' ||
	    c == '\r';
}

bool
bops_csv_guarded(const char *s)
{
	return formula_start(s[0]) || (s[0] == '\'' && (formula_start(s[1]) ||
	    s[1] == '\''));
}

void
bops_csv_field_text(struct bops_buf *out, const char *s)
{
	char *g;

	if (!bops_csv_guarded(s)) {
		bops_csv_field(out, s);
		return;
	}
	g = bops_asprintf("'%s", s);
	bops_csv_field(out, g);
	free(g);
}
