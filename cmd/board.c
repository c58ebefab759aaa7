/*
 * board.c: columns side by side, each a head and cards under a rule:
 * the deals by stage, the ticket queue by priority.  A board that is
 * wider than the terminal wraps its columns into bands, one under the
 * other, so no column is cut narrower than its head.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "out.h"
#include "text.h"
#include "banned.h"

/* The width a board takes when stdout is no terminal. */
#define BOARD_WIDTH 100
/* Blanks between two columns. */
#define GAP 2

void
board_init(struct board *b, size_t ncols, long limit)
{
	size_t c;

	memset(b, 0, sizeof(*b));
	b->cols = bops_calloc(ncols + 1, sizeof(*b->cols));
	b->ncols = ncols;
	b->limit = limit;
	for (c = 0; c < ncols; c++)
		bops_buf_init(&b->cols[c].head);
}

void
board_release(struct board *b)
{
	size_t c, i;

	for (c = 0; c < b->ncols; c++) {
		bops_buf_release(&b->cols[c].head);
		for (i = 0; i < b->cols[c].ncards; i++)
			bops_buf_release(&b->cols[c].cards[i].text);
		free(b->cols[c].cards);
	}
	free(b->cols);
	memset(b, 0, sizeof(*b));
}

struct bops_buf *
board_card(struct board *b, size_t c, const char *sgr)
{
	struct board_column *col = &b->cols[c];
	struct board_card *card;

	col->count++;
	if (b->limit >= 0 && col->ncards >= (size_t)b->limit)
		return NULL;
	if (col->ncards == col->alloc) {
		col->alloc = col->alloc ? 2 * col->alloc : 8;
		col->cards = bops_realloc(col->cards, col->alloc *
		    sizeof(*col->cards));
	}
	card = &col->cards[col->ncards++];
	bops_buf_init(&card->text);
	card->sgr = sgr;
	return &card->text;
}

/* The k-th line of text (lines ended by '\n') into line; false past
 * its last. */
static bool
nth_line(struct bops_buf *line, const char *text, size_t k)
{
	const char *nl;

	bops_buf_reset(line);
	for (; *text; text = nl + 1, k--) {
		if ((nl = strchr(text, '\n')) == NULL)
			nl = text + strlen(text);
		if (k == 0) {
			bops_buf_put(line, text, (size_t)(nl - text));
			return true;
		}
		if (*nl == '\0')
			break;
	}
	return false;
}

/* The widest line of text (lines ended by '\n'). */
static size_t
widest(const char *text)
{
	struct bops_buf line = BOPS_BUF_INIT;
	size_t k, w, max = 0;

	for (k = 0; nth_line(&line, text, k); k++)
		if ((w = bops_out_width(line.ptr)) > max)
			max = w;
	bops_buf_release(&line);
	return max;
}

void
board_layout(struct board *b, struct bops_ctx *ctx, size_t min)
{
	size_t total = ctx->width ? ctx->width : BOARD_WIDTH, need = min;
	size_t c, per, bands;

	for (c = 0; c < b->ncols; c++)
		if (widest(b->cols[c].head.ptr) > need)
			need = widest(b->cols[c].head.ptr);
	if (need > total)
		need = total;
	per = (total + GAP) / (need + GAP);
	if (per == 0)
		per = 1;
	if (per > b->ncols)
		per = b->ncols ? b->ncols : 1;
	/* As many in each band as can be: 3 and 2, not 4 and 1. */
	bands = (b->ncols + per - 1) / per;
	if (bands > 1)
		per = (b->ncols + bands - 1) / bands;
	b->per_band = per;
	b->width = (total - GAP * (per - 1)) / per;
}

static size_t
count_lines(const char *text)
{
	size_t n = 0;

	for (; *text; text++)
		n += *text == '\n';
	return n;
}

/*
 * One cell of a line of the board: text cut to the column's width, in
 * colour sgr.  The blanks before it wait in *pending, so that no line
 * ends in blanks.
 */
static void
put_cell(struct bops_buf *out, struct bops_ctx *ctx, const struct board *b,
    const char *text, const char *sgr, size_t *pending)
{
	size_t w = 0;

	if (*text) {
		bops_buf_pad(out, ' ', *pending);
		*pending = 0;
		if (ctx->color && sgr)
			bops_buf_printf(out, "\033[%sm", sgr);
		w = bops_out_put_clipped(out, text, b->width, ctx->utf8);
		if (ctx->color && sgr)
			bops_buf_puts(out, "\033[0m");
	}
	*pending += b->width - w + GAP;
}

/*
 * Where a column's lines under the rule stand while the band is drawn:
 * its card, the start of that card's next line and how many lines it
 * has left, and whether "+N more" is still to come.  A line each step,
 * so a band costs what its text does, however many cards it holds.
 */
struct card_cursor {
	size_t card, left;
	const char *at;
	bool more;
};

static size_t count_lines(const char *text);

static void
cursor_init(struct card_cursor *cur, const struct board_column *col)
{
	cur->card = 0;
	cur->at = col->ncards ? col->cards[0].text.ptr : NULL;
	cur->left = col->ncards ? count_lines(cur->at) : 0;
	cur->more = col->count > col->ncards;
}

/* The next line under the rule of a column into line: a card's, or
 * "+N more", or none. */
static void
card_line(struct bops_buf *line, const struct board_column *col,
    struct card_cursor *cur, const char **sgr)
{
	const char *nl;

	*sgr = NULL;
	bops_buf_reset(line);
	while (cur->left == 0 && cur->card < col->ncards &&
	    ++cur->card < col->ncards) {
		cur->at = col->cards[cur->card].text.ptr;
		cur->left = count_lines(cur->at);
	}
	if (cur->card < col->ncards) {
		nl = strchr(cur->at, '\n');
		bops_buf_put(line, cur->at, (size_t)(nl - cur->at));
		*sgr = col->cards[cur->card].sgr;
		cur->at = nl + 1;
		cur->left--;
		return;
	}
	if (cur->more)
		bops_buf_printf(line, "+%zu more", col->count - col->ncards);
	cur->more = false;
}

static size_t
card_lines(const struct board_column *col)
{
	size_t i, n = col->count > col->ncards;

	for (i = 0; i < col->ncards; i++)
		n += count_lines(col->cards[i].text.ptr);
	return n;
}

static void
render_band(struct bops_buf *out, struct bops_ctx *ctx,
    const struct board *b, size_t from, size_t to)
{
	struct bops_buf line = BOPS_BUF_INIT;
	struct card_cursor *cur;
	const char *dash = ctx->utf8 ? "─" : "-", *sgr;
	size_t c, k, j, heads = 0, rows = 0, pending;

	for (c = from; c < to; c++) {
		if (count_lines(b->cols[c].head.ptr) > heads)
			heads = count_lines(b->cols[c].head.ptr);
		if (card_lines(&b->cols[c]) > rows)
			rows = card_lines(&b->cols[c]);
	}
	for (k = 0; k < heads; k++, bops_buf_putc(out, '\n'))
		for (c = from, pending = 0; c < to; c++) {
			if (!nth_line(&line, b->cols[c].head.ptr, k))
				bops_buf_reset(&line);
			sgr = k ? NULL : b->cols[c].alarm ? "1;31" : "1";
			put_cell(out, ctx, b, line.ptr, sgr, &pending);
		}
	for (c = from; c < to; c++) {
		for (k = 0; k < b->width; k++)
			bops_buf_puts(out, dash);
		if (c + 1 < to)
			bops_buf_pad(out, ' ', GAP);
	}
	bops_buf_putc(out, '\n');
	cur = bops_calloc(to - from + 1, sizeof(*cur));
	for (c = from; c < to; c++)
		cursor_init(&cur[c - from], &b->cols[c]);
	for (j = 0; j < rows; j++, bops_buf_putc(out, '\n'))
		for (c = from, pending = 0; c < to; c++) {
			card_line(&line, &b->cols[c], &cur[c - from], &sgr);
			put_cell(out, ctx, b, line.ptr, sgr, &pending);
		}
	free(cur);
	bops_buf_release(&line);
}

void
board_render(struct bops_buf *out, struct bops_ctx *ctx,
    const struct board *b)
{
	size_t from, to;

	for (from = 0; from < b->ncols; from = to) {
		to = from + b->per_band < b->ncols ? from + b->per_band :
		    b->ncols;
		if (from)
			bops_buf_putc(out, '\n');
		render_band(out, ctx, b, from, to);
	}
}
