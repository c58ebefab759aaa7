/*
 * journey.h: customer journeys as pure functions: stage slugs, the
 * governance rules (what approval needs, whether the map changed since
 * it was approved, when a review is due), metric progress, the layout
 * of the map as a grid of stages and lanes for a terminal, and what is
 * connected to each stage, for the map and the journeys report.  The
 * kind's part of `bops due` and `bops report` is in its rules
 * (journey.c, kind.h).
 *
 * A journey is the map of journeys/<id>.yaml (share/schemas/
 * journey.yaml): its stages are sub-records keyed by slug, each with
 * touchpoints, pains, opportunities, an emotion from -2 to +2 and one
 * outcome metric.
 */
#ifndef BOPS_JOURNEY_H
#define BOPS_JOURNEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"
#include "kind.h"
#include "node.h"
#include "store.h"

/* An emotion score runs from BOPS_EMOTION_MIN to BOPS_EMOTION_MAX. */
#define BOPS_EMOTION_MIN (-2)
#define BOPS_EMOTION_MAX 2

/*
 * Append a stage slug made of name: its ASCII letters and digits in
 * lower case, every other run of characters one '-', at most 40
 * characters, no '-' at either end.  Nothing is appended when name
 * holds no letter or digit once its marks are taken away (Vietnamese
 * "Đăng ký" gives "dang-ky"; a name all in Thai gives none): the caller
 * then numbers the stage ("stage-3").
 */
void bops_journey_slug(struct bops_buf *out, const char *name);

/*
 * What approval needs and the journey lacks: an owner, a sponsor, at
 * least one stage, a metric on every stage.  Each missing thing is
 * appended to out as one line ("an owner", "a metric on stage
 * 'sign-up'"); returns how many.
 */
size_t bops_journey_missing(struct bops_buf *out,
    const struct bops_node *journey);

/*
 * Append the digest of what approval covers: the stages with their
 * touchpoints, pains, opportunities, emotions and metrics, but not
 * their links (connecting a task changes no map).  Twelve hex digits.
 */
void bops_journey_digest(struct bops_buf *out,
    const struct bops_node *journey);

/*
 * Whether an approved journey's stages or metrics changed since it was
 * approved: its status is approved, and its approved_digest is no
 * longer its digest.  (A journey set back to draft or retired has
 * nothing to compare.)
 */
bool bops_journey_changed(const struct bops_node *journey);

/*
 * When the journey was last reviewed: its last review's `at`, else its
 * approval, else its creation; 0 when it holds none of them.
 */
int64_t bops_journey_reviewed(const struct bops_node *journey);

/*
 * When its next review is due: bops_journey_reviewed plus review_every
 * (90 days when unset); 0 for a retired journey or one with no date.
 * It is due at now when that is not after now.
 */
int64_t bops_journey_review_due(const struct bops_node *journey);

/*
 * The progress of a stage's metric map towards its target, from 0 to 1:
 * current / target when more is better, target / current when less is
 * (direction down); 1 past the target.  NAN when there is no metric, no
 * current value, or the ratio means nothing (a zero divisor).
 */
double bops_journey_metric_progress(const struct bops_node *metric);

/*
 * The Mermaid journey score (1 to 5) of an emotion (-2 to +2).
 */
int bops_journey_mermaid_score(long emotion);

/*
 * Append s for a Mermaid journey line: on one line, with the characters
 * that Mermaid's journey grammar reads as syntax (':' ends a task name,
 * ',' separates actors, '#' and ';' start comments and entities)
 * replaced by look-alikes, so that no text can break the diagram.
 */
void bops_journey_mermaid_text(struct bops_buf *out, const char *s);

/*
 * The map as a grid: stages are columns, lanes are rows.
 */
enum bops_lane_type {
	BOPS_LANE_TEXT,		/* items, wrapped to the column */
	BOPS_LANE_CURVE,	/* an emotion per stage, drawn as a curve */
	BOPS_LANE_BAR,		/* a fraction per stage, drawn as a bar */
};

struct bops_journey_lane {
	const char *label;		/* "touchpoints"; "": goes on from
				   the lane above, no blank line */
	enum bops_lane_type type;
	const char *const *text;	/* TEXT: a cell per stage, its items
					   separated by '\n'; NULL: empty */
	const double *value;		/* CURVE: the emotion; BAR: the
					   fraction; NAN: none */
};

struct bops_journey_grid {
	size_t ncols;
	const char *const *heads;	/* the stage names */
	const struct bops_journey_lane *lanes;
	size_t nlanes;
};

/* Columns of the map's text layout. */
#define BOPS_MAP_MIN_COL 12	/* narrower than this, stages go to bands */
#define BOPS_MAP_MAX_COL 26	/* wider terminals leave the rest empty */
#define BOPS_MAP_MAX_LABEL 12	/* a lane's label is cut to this */
#define BOPS_MAP_ITEM_LINES 3	/* an item wraps to at most this many */

/*
 * Append the grid laid out for a terminal `width` columns wide (at
 * least 40 is assumed), every line at most that wide, by display width
 * (lib/text.h: Vietnamese marks take 0 columns, Chinese characters 2):
 * a column of lane labels, then a column per stage, two spaces apart,
 * each as wide as the width allows, between BOPS_MAP_MIN_COL and
 * BOPS_MAP_MAX_COL.  When the stages do not fit side by side at the
 * least width they are laid out in bands, as many a band as fit, one
 * band under the other.  A stage name longer than its column is cut
 * with an ellipsis; an item is wrapped at spaces (at clusters when a
 * word is wider than the column: Thai has no spaces) to at most
 * BOPS_MAP_ITEM_LINES lines, the last cut with an ellipsis.  A curve
 * lane takes a line per emotion from +2 down to -2, the stage's mark
 * on its own; a bar lane a bar as wide as the column.  Text is escaped
 * (out.h) before it is measured, so what is appended is safe for a
 * terminal and lines up.  utf8: "…", "─", "●" and block bars, else
 * "~", "-", "*" and "#".  No line ends with a space.
 */
void bops_journey_grid_render(struct bops_buf *out,
    const struct bops_journey_grid *g, size_t width, bool utf8);

/*
 * Append a stage's metric as "CSAT 4.1/4.5 stars" ("?" for a current
 * value not measured yet), or nothing for a stage without one.
 */
void bops_journey_metric_text(struct bops_buf *out,
    const struct bops_node *stage);

/*
 * What is connected to one stage of a journey, counted live: records
 * of the other kinds that point at J/STAGE through a field referring
 * to journeys (a task's, an objective's or a ticket's journey=), or
 * that the stage links (KIND/ID); and the key results it links.
 */
struct bops_journey_conn {
	size_t open[BOPS_KIND__COUNT];	/* those not finished (kind.h) */
	size_t all[BOPS_KIND__COUNT];
	size_t breached;		/* open tickets past an SLA target */
	struct bops_buf progress;	/* "service/1 45%\n": a key result,
					   "service 42%\n": an objective */
};

/* A journey and what is connected to each of its stages. */
struct bops_journey_links {
	const struct bops_record *journey;	/* set by the caller */
	struct bops_journey_conn *conn;		/* one per stage */
	size_t n;				/* its stages */
};

/*
 * Count what is connected to the stages of each of the n journeys of v
 * (the caller sets each journey; conn and n are made here), reading the
 * records of every other kind at commit (NULL: HEAD) once, and the SLA
 * clocks of tickets at now.  A record that does not read goes to warn
 * (may be NULL), as for bops_store_each.  Release v with
 * bops_journey_links_release, after an error too.  The errors of
 * bops_store_each.
 */
const struct bops_error *bops_journey_connect(struct bops_journey_links *v,
    size_t n, struct bops_ws *ws, const char *commit, int64_t now,
    bops_store_warn_fn warn);
/* Free what bops_journey_connect made in v[0..n). */
void bops_journey_links_release(struct bops_journey_links *v, size_t n);

/*
 * Append what is connected to a stage, its items separated by sep:
 * "2 open tasks", "1 open ticket (1 breached)", "service/1 45%".
 * Nothing when nothing is.
 */
void bops_journey_conn_text(struct bops_buf *out,
    const struct bops_journey_conn *c, const char *sep);

#endif
