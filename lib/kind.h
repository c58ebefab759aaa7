/*
 * kind.h: the record kinds of lib/kinds.def.
 */
#ifndef BOPS_KIND_H
#define BOPS_KIND_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "node.h"

struct bops_buf;
struct bops_due;
struct bops_kind;
struct bops_problems;
struct bops_report;
struct bops_validate;
struct bops_txn;
struct bops_record;
struct bops_ws;

/*
 * What a kind's records must be beyond its schema: lib/<kind>.c defines
 * bops_<kind>_rules (kinds.def names it, so a kind without one does not
 * link).
 */
struct bops_kind_rules {
	/*
	 * Read a record written in an older form of the kind as the form of
	 * its schema (a task's free text in `notes`, before notes became a
	 * log): root is the record's map as loaded, changed in place before
	 * anything validates it, whatever reads it (a verb, the cache, a
	 * merge, undo, export), so that a workspace made before the change
	 * still reads.  Nothing is written for it: the new form reaches the
	 * file with the record's next write.  It is a function of root alone
	 * (no clock, no git history), so that every clone reads a file the
	 * same way and merges of old and new forms agree; nothing of root is
	 * dropped.  Returns whether root changed; when it did and note is
	 * not NULL, appends "path:line:col: note: what was read how" for
	 * `bops check`.  NULL: the kind has had one form.
	 */
	bool (*upgrade)(struct bops_buf *note, const char *path,
	    struct bops_node *root);
	/*
	 * The rules of one record on its own (a sprint's end not before its
	 * start, an objective not its own parent), applied with the schema
	 * to every record read or written, merges included: root is valid
	 * against the schema; v says where it is and reads the config.
	 * BOPS_ERR_INVALID "path:line:col: message".  NULL: none.
	 */
	const struct bops_error *(*validate)(const char *id,
	    struct bops_node *root, const struct bops_validate *v);
	/*
	 * The rules of a change (a WIP limit, the started and finished
	 * stamps of a task, a sprint that would share days with another, a
	 * graded objective's frozen key results), applied by the
	 * transaction to every write of the kind, whatever verb, import or
	 * merge makes it (bops_txn_check in store.h): before is the
	 * committed version (NULL for a new record), after the one about to
	 * be written (NULL for a removal), which the rule may complete.  It
	 * refuses nothing under BOPS_TXN_MERGE, and no override-able refusal
	 * under BOPS_TXN_FORCE.  BOPS_ERR_WIP, BOPS_ERR_REFUSED,
	 * BOPS_ERR_INVALID.  NULL: none.
	 */
	const struct bops_error *(*check)(struct bops_txn *txn,
	    const struct bops_record *before, struct bops_record *after);
	/*
	 * The kind's rules on its part of bops.yaml that a schema cannot
	 * say (sprint.length at most sprint.max_length, business hours),
	 * applied whenever the config is read or written; config is valid
	 * against its schema.  Returns the first problem, BOPS_ERR_INVALID
	 * "path:line:col: message"; with all (bops check), every problem
	 * is appended there too.  NULL: none.
	 */
	const struct bops_error *(*config)(const char *path,
	    const struct bops_node *config, struct bops_problems *all);
	/*
	 * Whether a record's work is over, from the value of its field
	 * finished_by (below; NULL when unset): a task done, a sprint
	 * closed, an objective achieved, missed or dropped.  Tables show
	 * it dimmed, lists hide it.  One value, so that a read can tell
	 * from the cache's packed values without decoding the record
	 * (bops_record_finished for a record).  NULL: never.
	 */
	bool (*finished)(struct bops_ws *ws, const char *value);
	/*
	 * What of the kind needs attention, for `bops due` and the
	 * Problems and Plans of the weekly report (due.h).  A kind adds
	 * its part with one function:
	 *
	 *	static const struct bops_error *
	 *	ticket_due(struct bops_due *d, struct bops_ws *ws,
	 *	    const struct bops_kind *kind)
	 *	{
	 *		read the records of kind at d->q->commit
	 *		    (bops_store_each, warn NULL: a record that does
	 *		    not read is `bops check`'s business);
	 *		for each one due at d->q->now, or within
	 *		    d->q->within of it:
	 *			struct bops_due_item it = { kind, id, title,
	 *			    owner, "breached", since, "bops ticket
	 *			    reply ID TEXT", late, weight };
	 *			bops_due_add(d, &it);
	 *		return NULL;
	 *	}
	 *
	 * and `.due = ticket_due` in its rules.  `since` is the instant
	 * it fell (or falls) due; urgency follows from it (due.h); `late`
	 * says it is past due (the weekly report's Problems, not its
	 * Plans), and `weight` adds days for what is worse than late (a
	 * breach).
	 * bops_due_add copies the strings and applies the --owner filter;
	 * `bops due` groups, sorts and prints.  Nothing else lists kinds.
	 * NULL: the kind has nothing that falls due.
	 */
	const struct bops_error *(*due)(struct bops_due *d,
	    struct bops_ws *ws, const struct bops_kind *kind);
	/*
	 * The report `bops report TOPIC` that the kind has sections in:
	 * "okr", "sprint", "service" (ticket, customer), "sales" (deal,
	 * segment, customer), "journeys" (journey).  NULL: none.
	 */
	const char *topic;
	/*
	 * The kind's part of a report (report.h), one function for every
	 * report: r->topic is the kind's topic (its sections: figures as
	 * bars, lines and columns, which every format draws), "weekly"
	 * (its lines of Progress, Plans and Problems: tickets resolved,
	 * deals won) or "celebrate" (achievements in r->period, with who
	 * made them happen).  It reads its records at r->commit and adds
	 * blocks with bops_report_section/_block/_row; a kind with no
	 * records says so in its section (bops_report_note), so a report
	 * never shows an empty chart as if it were data.  Adding a kind's
	 * report is this function and `.topic`, `.report` in its rules:
	 *
	 *	static const struct bops_error *
	 *	ticket_report(struct bops_report *r, struct bops_ws *ws,
	 *	    const struct bops_kind *kind)
	 *	{
	 *		if (strcmp(r->topic, "service") == 0)
	 *			SLA attainment by priority: a BARS block,
	 *			    one row per priority;
	 *		else if (strcmp(r->topic, "weekly") == 0)
	 *			tickets resolved in r->period: rows of
	 *			    the "progress" section;
	 *		return NULL;
	 *	}
	 *
	 * NULL: the kind is in no report.
	 */
	const struct bops_error *(*report)(struct bops_report *r,
	    struct bops_ws *ws, const struct bops_kind *kind);
	/*
	 * The field whose value finished reads: `list` hides finished
	 * records unless a filter names it (status=done) or --all is
	 * given.  NULL: "status".
	 */
	const char *finished_by;
};

struct bops_kind {
	const char *name;	/* "task" */
	const char *dir;	/* "tasks" */
	bool sharded;		/* tasks/<xx>/<id>.yaml */
	const char *summary;	/* for `bops help` */
	const struct bops_kind_rules *rules;
	unsigned index;		/* position in bops_kinds */
};

enum {
#define BOPS_KIND(name, dir, sharded, summary) BOPS_KIND_##name,
#include "kinds.def"
#undef BOPS_KIND
	BOPS_KIND__COUNT
};

#define BOPS_KIND(name, dir, sharded, summary) \
	extern const struct bops_kind_rules bops_##name##_rules;
#include "kinds.def"
#undef BOPS_KIND

extern const struct bops_kind bops_kinds[BOPS_KIND__COUNT];
#define bops_kind_task (bops_kinds[BOPS_KIND_task])

/* The kind called name, or NULL. */
const struct bops_kind *bops_kind_find(const char *name);
/* The kind whose records live at path ("tasks/7k/7kq3.yaml"), with the
 * id copied into id (65 bytes); NULL when the path is no record's. */
const struct bops_kind *bops_kind_of_path(const char *path, char *id);

#endif
