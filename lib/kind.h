/*
 * kind.h: the record kinds of lib/kinds.def.
 */
#ifndef BOPS_KIND_H
#define BOPS_KIND_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "node.h"

struct bops_problems;
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
	 * Whether the record's work is over: a task done, a sprint
	 * closed, an objective achieved, missed or dropped.  Tables show
	 * it dimmed.  NULL: never.
	 */
	bool (*finished)(struct bops_ws *ws, const struct bops_record *rec);
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
