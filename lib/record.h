/*
 * record.h: one record of a kind, as a validated YAML tree.
 *
 * A record is the map of its file; its id is its file name, not a field.
 * Changes go through the schema: bops_record_assign() takes what a user
 * typed (`status=done`, `tags+=x`, `due=friday`, `notes=`), the verbs
 * use bops_record_set() for values they computed.
 */
#ifndef BOPS_RECORD_H
#define BOPS_RECORD_H

#include <stdbool.h>

#include "buf.h"
#include "error.h"
#include "git.h"
#include "id.h"
#include "kind.h"
#include "node.h"
#include "schema.h"
#include "workspace.h"

struct bops_record {
	const struct bops_kind *kind;
	const struct bops_schema *schema;	/* borrowed from the ws */
	char id[BOPS_ID_MAX_LEN + 1];
	char *path;				/* "tasks/7k/7kq3m2x9ab.yaml" */
	struct bops_node *root;			/* the map */
	char blob[BOPS_OID_HEXSZ + 1];		/* at HEAD; "" when new */
	/*
	 * Set by a parse that read an older form of the kind as the current
	 * one (bops_kind_rules.upgrade): "path:line:col: note: ...", owned;
	 * NULL otherwise.  The file keeps the old form until the next write.
	 */
	char *was;
};

/*
 * A new record of kind with id `slug` (checked and folded; NULL: a fresh
 * random id), holding the schema defaults.  BOPS_ERR_USAGE for a bad
 * slug.  Whether the id is free is the store's business.
 */
const struct bops_error *bops_record_new(struct bops_record **out,
    struct bops_ws *ws, const struct bops_kind *kind, const char *slug);

/*
 * Parse and validate a record file's bytes.  `path` is its path in the
 * workspace; errors are BOPS_ERR_INVALID "path:line:col: message".
 * A record in an older form of its kind is read as the current form
 * (bops_kind_rules.upgrade), with (*out)->was saying so.
 * Free *out with bops_record_free().
 */
const struct bops_error *bops_record_parse(struct bops_record **out,
    struct bops_ws *ws, const struct bops_kind *kind, const char *id,
    const char *data, size_t len);
/*
 * The same, for `bops check`: every problem of the file is appended to
 * `all` (see bops_schema_validate_all), in file order, and the kind's
 * rules are applied when the schema found none.  A file that breaks the
 * YAML profile (one that does not parse, among others) has just that
 * one problem: it is read no further.  Returns the first problem, as
 * bops_record_parse does; other errors (the config's schema, memory)
 * are returned without being appended.  The caller releases all.
 */
const struct bops_error *bops_record_parse_all(struct bops_record **out,
    struct bops_problems *all, struct bops_ws *ws,
    const struct bops_kind *kind, const char *id, const char *data,
    size_t len);

/*
 * Validate a record's map as a record of kind with id: the schema (made
 * canonical in place, see bops_schema_validate), then the rules of the
 * kind that need no other record (lib/sprint.c, lib/okr.c), with
 * sprint.max_length looked up through v.  What a read refuses, no write
 * can make.  BOPS_ERR_INVALID "path:line:col: message".
 */
const struct bops_error *bops_record_validate(const struct bops_kind *kind,
    const struct bops_schema *schema, const char *id, struct bops_node *root,
    const struct bops_validate *v);

/* A record around an already valid tree (ownership of root taken). */
struct bops_record *bops_record_wrap(const struct bops_kind *kind,
    const struct bops_schema *schema, const char *id,
    struct bops_node *root);

/*
 * A record of its own with all of rec (tree, path, blob id, note), for a
 * callback whose rec is freed when it returns: rec is left without tree,
 * path or note.  The caller frees the result with bops_record_free().
 */
struct bops_record *bops_record_take(struct bops_record *rec);

void bops_record_free(struct bops_record *rec);

/* The scalar text of field, or NULL when unset. */
const char *bops_record_str(const struct bops_record *rec,
    const char *field);
/* The node of field (any type), or NULL when unset; borrowed from the
 * record (change it in place, never free it). */
struct bops_node *bops_record_get(const struct bops_record *rec,
    const char *field);

/*
 * Append a note to the notes log `field` of rec (a log whose entries
 * are at, by and text): at now, by the identity's name, text checked as
 * the log's text field.  Entries from two clones merge as a union (the
 * schema's merge: union).  BOPS_ERR_USAGE when field is no notes log or
 * text is empty or bad; BOPS_ERR_NO_IDENTITY.
 */
const struct bops_error *bops_record_note(struct bops_record *rec,
    struct bops_ws *ws, const char *field, const char *text);

/*
 * Apply one assignment typed by a user:
 *   field=value   set (checked and made canonical by the field's type)
 *   field=        clear (refused for required fields)
 *   field+=item   add to a list (no duplicates); for a notes log, a
 *                 note (bops_record_note)
 *   field-=item   remove from a list
 * "me" as the value of a person field means the workspace identity.
 * BOPS_ERR_USAGE for malformed text, an unknown or read-only field, or a
 * bad value.
 */
const struct bops_error *bops_record_assign(struct bops_record *rec,
    struct bops_ws *ws, const char *expr);

/*
 * Set field to a value typed as text (checked like an assignment, but
 * read-only fields are allowed: this is for verbs).  NULL or "" clears.
 */
const struct bops_error *bops_record_set(struct bops_record *rec,
    struct bops_ws *ws, const char *field, const char *value);

/*
 * Validate the whole record and append its canonical YAML to out, checked
 * to read back as it is (bops_yaml_verify): BOPS_ERR_INVALID "path:
 * message" when it cannot be written (too large, a control character),
 * out then unchanged.
 */
const struct bops_error *bops_record_emit(struct bops_buf *out,
    struct bops_record *rec, struct bops_ws *ws);
/*
 * The same without the read-back check: the canonical bytes, to compare
 * with what is committed; never for writing.
 */
const struct bops_error *bops_record_canon(struct bops_buf *out,
    struct bops_record *rec, struct bops_ws *ws);

/* The record's display name: its title field, or its id. */
const char *bops_record_title(const struct bops_record *rec);
/*
 * The field a record's kind says is finished by (kind.h: finished_by,
 * "status" by default), and whether rec is: false for a kind with no
 * such rule.
 */
const char *bops_kind_finished_by(const struct bops_kind *kind);
bool bops_record_finished(struct bops_ws *ws, const struct bops_record *rec);

/*
 * The item of the records field `part` of rec (a journey's stages)
 * whose key (its sub-schema's key field) is key, or NULL (key may be
 * NULL: only the keys wanted).  keys, when not NULL, gets the key of
 * every item appended, joined by ", ".  The item is borrowed from rec.
 */
const struct bops_node *bops_record_part(const struct bops_record *rec,
    const char *part, const char *key, struct bops_buf *keys);
/*
 * BOPS_ERR_NOT_FOUND "journey 'onboarding' has no stage 'x'; its stages:
 * discover, sign-up" (or "; it has no stages yet"), for a key that
 * bops_record_part does not find.
 */
const struct bops_error *bops_record_part_missing(
    const struct bops_record *rec, const char *part, const char *key);

/*
 * Split "field<op>value" where op is one of = += -= != <= >= < > ~ ;
 * the field part must be a field name ([a-z][a-z0-9_]*, dots allowed for
 * config keys).  Returns false when expr has no operator.  *value
 * points into expr.
 */
bool bops_record_split(const char *expr, struct bops_buf *field,
    struct bops_buf *op, const char **value);

/*
 * Field-level differences between two versions of a record's map (either
 * may be NULL: created, deleted): fn is called for each top-level field
 * whose value differs, in b's order, then for fields only a has.
 */
typedef void (*bops_record_diff_fn)(const char *field,
    const struct bops_node *old, const struct bops_node *new, void *arg);
void bops_record_diff(const struct bops_node *a, const struct bops_node *b,
    bops_record_diff_fn fn, void *arg);

/*
 * Append a one-line description of a field's change, each value cut to
 * 40 columns (list items to 30) between characters:
 * "status processing -> done", "due 2026-11-27" (set), "due cleared",
 * "tags +x -y", "notes changed", "key_results +2 -1 ~1 (3: current
 * 81 -> 86, checkins +1)" (a list of maps with an "id" is matched by
 * id; each changed item is described field by field).
 */
void bops_record_describe(struct bops_buf *out, const char *field,
    const struct bops_node *old, const struct bops_node *new);

/*
 * The summary of a change for a commit message: the descriptions of every
 * changed field but `updated`, joined by ", ", with ", ..." for the rest
 * once they would pass 72 columns ("status processing -> done, tags +x").
 */
void bops_record_summary(struct bops_buf *out, const struct bops_node *old,
    const struct bops_node *new);

#endif
