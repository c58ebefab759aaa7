/*
 * report.h: the reports of `bops report` as data, and their formats.
 *
 * A report is a list of sections (Progress, Objectives, Velocity...),
 * each a list of blocks of one of six shapes, each a list of rows:
 *
 *   LIST      lines of text: a task done, a problem, an achievement
 *   BARS      a horizontal bar per row, value of max, indented by depth
 *             (the cascade of objectives), with a state (on-track...)
 *   BURNDOWN  a day per row: value the points left (NAN when not
 *             known yet), max the ideal line
 *   COLUMNS   a vertical bar per row: value (velocity per sprint)
 *   MATRIX    a grid of cells, `cols` a line, in reading order (the
 *             top line first): value the count in the cell, max its
 *             weight (a risk's score), state its band ("green",
 *             "yellow", "amber", "red"), text the count as shown (NULL
 *             for none); the columns are numbered 1..cols under it
 *             (xlabel), the lines from the top n / cols down to 1
 *             (ylabel), as the risk matrix of probability and impact
 *   BURN      a point in time per row, label its day: value the
 *             cumulative actual (NAN when the day has not come), max
 *             the plan's, text and detail both as exact figures; the
 *             block's mark a forecast level (NAN: none) and mark_text
 *             what it is, as a budget's burn against its plan and EAC
 *
 * The kinds fill it through the `report` member of their rules
 * (kind.h), one function each; bops_report_collect calls them and adds
 * what is common to every report (the period's commits, what `due`
 * finds).  Then one model gives every format: text and Markdown with
 * bars and sparklines in 80 columns (widths by display width, so
 * Vietnamese, Thai and Chinese line up), JSON with the same figures,
 * and one self-contained HTML file (inline CSS and SVG, no script, no
 * fetch).  Nothing here reads the clock: a report is a function of the
 * records at r->commit and of r->now alone, so the same revision gives
 * the same bytes.
 */
#ifndef BOPS_REPORT_H
#define BOPS_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "date.h"
#include "error.h"
#include "kind.h"
#include "workspace.h"

enum bops_block_type {
	BOPS_BLOCK_LIST,
	BOPS_BLOCK_BARS,
	BOPS_BLOCK_BURNDOWN,
	BOPS_BLOCK_COLUMNS,
	BOPS_BLOCK_MATRIX,
	BOPS_BLOCK_BURN,
};

struct bops_report_row {
	char *label;		/* what the row is about */
	char *text;		/* the figure as shown: "61%", "13 points" */
	char *detail;		/* more: who, when, pace; may be NULL */
	char *state;		/* "on-track", "at-risk", "off-track",
				   "done", "late"; may be NULL */
	double value, max;	/* see above */
	unsigned depth;		/* BARS: indentation (the cascade) */
};

struct bops_report_block {
	enum bops_block_type type;
	char *key;		/* "okr-objectives": JSON key, HTML id */
	char *title;
	char *note;		/* a line under it, or NULL */
	struct bops_report_row *rows;
	size_t n, alloc;
	size_t cols;		/* MATRIX: cells a line */
	char *xlabel, *ylabel;	/* MATRIX: its axes, or NULL */
	double mark;		/* BURN: a forecast level, or NAN */
	char *mark_text;	/* BURN: what it is, or NULL */
};

struct bops_report_section {
	char *key;		/* "progress", "okr", "sprint" */
	char *title;
	char *note;		/* why it is empty, or NULL */
	struct bops_report_block *blocks;
	size_t n, alloc;
};

struct bops_report {
	const char *topic;	/* the part being asked of a kind (kind.h) */
	char *name;		/* "weekly", "okr", "all"... */
	char *title;		/* "Weekly report" */
	struct bops_period period;
	char *period_text;	/* "2026-w48" */
	int64_t now;		/* the clock of the revision */
	const char *commit;	/* reads come from it; NULL: HEAD */
	char head[BOPS_OID_HEXSZ + 1];	/* its id, shown */
	const struct bops_tz *tz;	/* borrowed */
	struct bops_report_section *sections;
	size_t n, alloc;
};

/*
 * A report `name` (a topic of bops_report_topics, or "all") of period
 * p, named period_text, at instant now reading commit head (shown; ""
 * before the first commit).  Release with bops_report_release().
 */
void bops_report_init(struct bops_report *r, const char *name,
    const struct bops_period *p, const char *period_text, int64_t now,
    const char *head, const struct bops_tz *tz);
void bops_report_release(struct bops_report *r);

/* The reports there are, in the order of `all`: NULL-terminated. */
extern const char *const bops_report_topics[];
/* Whether name is one of them or "all". */
bool bops_report_known(const char *name);

/*
 * The section key, made with title when it is not there yet (sections
 * come in the order they are first asked for).  Borrowed from r.
 */
struct bops_report_section *bops_report_section(struct bops_report *r,
    const char *key, const char *title);
/* Set the section's note (printf-style), replacing one it had. */
void bops_report_note(struct bops_report_section *s, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* A new block of s (borrowed); title may be NULL. */
struct bops_report_block *bops_report_block(struct bops_report_section *s,
    enum bops_block_type type, const char *key, const char *title);
/*
 * A block on its own, outside a report, for a view that draws one
 * (`project risks --matrix`): release with bops_report_block_release().
 */
void bops_report_block_init(struct bops_report_block *b,
    enum bops_block_type type, const char *key, const char *title);
void bops_report_block_release(struct bops_report_block *b);
/* Set the block's note (printf-style). */
void bops_report_block_note(struct bops_report_block *b, const char *fmt,
    ...) __attribute__((format(printf, 2, 3)));
/* Append a row (strings copied; text, detail, state may be NULL). */
struct bops_report_row *bops_report_row(struct bops_report_block *b,
    unsigned depth, const char *label, double value, double max,
    const char *text, const char *detail, const char *state);
/* Append a LIST row: label, and detail (may be NULL). */
void bops_report_line(struct bops_report_block *b, const char *label,
    const char *detail);

/*
 * The four families of metrics a team balances (tactical, value
 * creation, longevity, financial), as key results and journey stage
 * metrics name them, in the order reports show them.
 */
#define BOPS_REPORT_FAMILIES 4
extern const char *const bops_report_families[BOPS_REPORT_FAMILIES];
/* The index of family name, or BOPS_REPORT_FAMILIES for NULL or another. */
size_t bops_report_family(const char *name);
/*
 * A new BARS block `key` of s, "Metric families": a row per family,
 * counts[i] of the metrics of bops_report_families[i] out of them all,
 * then a row "(no family)" when counts[BOPS_REPORT_FAMILIES] is not 0.
 * A row's text is "N unit" ("1 KR", "3 KRs"); when there are metrics,
 * the note names the families no `noun` measures ("No key result
 * measures longevity: ...").  Borrowed from s.
 */
struct bops_report_block *bops_report_families_block(
    struct bops_report_section *s, const char *key,
    const size_t counts[BOPS_REPORT_FAMILIES + 1], const char *unit,
    const char *noun);

/*
 * Fill r: for each topic it covers, the sections of every kind whose
 * `topic` it is (or a note that no kind of this build has one); for
 * weekly, Progress (the period's commits by author, and the kinds'
 * lines), Plans and Problems (what `due` finds, and the kinds' lines);
 * for every report, Celebrations.  The kinds' errors.
 */
const struct bops_error *bops_report_collect(struct bops_report *r,
    struct bops_ws *ws);

/*
 * Formats.  width: the columns of text and Markdown (80 for a file or a
 * pipe); utf8: bars of block characters, else '#' and '.'.
 */
void bops_report_text(struct bops_buf *out, const struct bops_report *r,
    size_t width, bool utf8, bool markdown);
void bops_report_json(struct bops_buf *out, const struct bops_report *r);
void bops_report_html(struct bops_buf *out, const struct bops_report *r);
/* Append s (NULL: nothing) escaped for HTML text and attribute values
 * (& < > " '), for a page of its own (bops journey html). */
void bops_report_html_text(struct bops_buf *out, const char *s);

/*
 * A MATRIX block as text: ylabel, a line per line of cells under its
 * number, each cell its text right-aligned in 5 columns (" ." when 0),
 * then the columns' numbers and xlabel; with color, each cell on the
 * ANSI background of its band.
 */
void bops_report_matrix_text(struct bops_buf *out,
    const struct bops_report_block *b, bool color);

/*
 * A sparkline of n values (NAN: a gap, shown as a space) scaled to
 * top: one of the eight blocks U+2581..U+2588 each, or " .:-=+*#%@"
 * without utf8.
 */
void bops_report_sparkline(struct bops_buf *out, const double *v, size_t n,
    double top, bool utf8);

#endif
