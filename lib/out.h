/*
 * out.h: text output pieces: display width, aligned tables, CSV quoting,
 * progress bars.  Everything is appended to a bops_buf; lib/ never
 * prints.  JSON has a writer of its own: json.h.
 *
 * Width is measured in terminal columns by grapheme cluster, as
 * bops_text_width() does (Vietnamese combining marks take 0, Chinese
 * takes 2, Thai vowels and tone marks take 0), whatever the locale.
 * Invalid UTF-8 bytes count 1 each and are shown as U+FFFD.
 */
#ifndef BOPS_OUT_H
#define BOPS_OUT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/*
 * Terminal safety.  Text from records, file names and commits is hostile:
 * a file named "\033]0;x\007" would set a terminal's title.  Every
 * character that can drive a terminal, or hide what follows, is shown
 * as text instead: C0 controls, DEL, C1 controls (U+0080..U+009F, and
 * stray bytes 0x80..0xFF that are not UTF-8), and the bidi overrides and
 * isolates U+202A..U+202E and U+2066..U+2069.  Each byte of such a
 * character becomes a backslash and three octal digits, as git quotes
 * file names: ESC is "\033", U+202E is "\342\200\256".  A backslash is
 * left alone, so escaped text is safe and escaping it again changes
 * nothing.
 */
enum bops_escape_flags {
	BOPS_ESCAPE_LINES = 1 << 0,	/* keep '\n' and '\t' */
	BOPS_ESCAPE_SGR = 1 << 1,	/* keep colour codes: ESC [ 0-9; m */
};

/* Append len bytes of s with every unsafe character escaped. */
void bops_out_escape(struct bops_buf *out, const char *s, size_t len,
    unsigned flags);
/* The length of the longest prefix of s (len bytes) that is safe as is. */
size_t bops_out_safe_span(const char *s, size_t len, unsigned flags);

/* Display width of a UTF-8 string (control characters count 0). */
size_t bops_out_width(const char *s);

/*
 * Append at most `width` columns of s, escaped (flags 0); when s is
 * wider, cut it between grapheme clusters and end with "…" (UTF-8) or
 * "~" (ascii) so the result is at most `width` columns.  What is
 * appended is valid UTF-8 (bops_text_put_cut).  Returns the columns
 * appended.
 */
size_t bops_out_put_clipped(struct bops_buf *out, const char *s,
    size_t width, bool utf8);

enum bops_align {
	BOPS_ALIGN_LEFT,
	BOPS_ALIGN_RIGHT,
};

struct bops_table;

/* A table with `ncols` columns and these headers (copied); free it
 * with bops_table_free(). */
struct bops_table *bops_table_new(size_t ncols, const char *const *headers);
void bops_table_free(struct bops_table *t);
void bops_table_align(struct bops_table *t, size_t col, enum bops_align a);
/*
 * Append a row of ncols cells (copied; NULL is an empty cell).  A newline
 * or tab is shown as a space, other unsafe characters escaped (headers
 * likewise), so a rendered table holds no control character but the
 * colour codes it adds itself.
 */
void bops_table_add(struct bops_table *t, const char *const *cells);
/*
 * Colour a row's cells with an SGR code such as "31" or "1;32" (copied),
 * applied when rendering with colour.  row counts from 0 (not the header).
 */
void bops_table_color_row(struct bops_table *t, size_t row, const char *sgr);
size_t bops_table_rows(const struct bops_table *t);

enum bops_table_flags {
	BOPS_TABLE_COLOR = 1 << 0,	/* header bold, row colours */
	BOPS_TABLE_NO_HEADER = 1 << 1,
	BOPS_TABLE_UTF8 = 1 << 2,	/* "…" for clipping, else "~" */
};

/*
 * Render: columns separated by two spaces, each as wide as its widest
 * cell (by display width), right-aligned columns padded on the left, the
 * last column not padded on the right, no trailing spaces on any line.
 * With max_width > 0 the widest left-aligned columns are clipped until
 * each line fits.  Every line ends with '\n'.
 */
void bops_table_render(struct bops_buf *out, const struct bops_table *t,
    unsigned flags, size_t max_width);

/* Append s as one CSV field (RFC 4180: quoted when it holds , " CR LF). */
void bops_csv_field(struct bops_buf *out, const char *s);

/*
 * A progress bar of `width` cells for fraction f (clamped to 0..1): with
 * utf8, full blocks "█" and one partial eighth block, padded with "░";
 * otherwise '#' and '.'.  Always exactly `width` columns.
 */
void bops_out_bar(struct bops_buf *out, double f, size_t width, bool utf8);

#endif
