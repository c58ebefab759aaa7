/*
 * cmd.h: what every command shares.  cmd/ turns argv into lib calls and
 * results into output; only cmd/main.c picks an exit status.
 */
#ifndef BOPS_CMD_H
#define BOPS_CMD_H

#include <stdbool.h>
#include <stdio.h>

#include "buf.h"
#include "error.h"
#include "kind.h"
#include "query.h"
#include "record.h"
#include "store.h"
#include "workspace.h"

#define BOPS_VERSION "0.1.0"

struct bops_ctx {
	struct bops_ws_opts opts;
	struct bops_ws *ws;	/* open when the command needs a workspace */
	bool quiet;		/* -q: no human summaries */
	bool color;		/* stdout is a terminal and colour allowed */
	bool utf8;		/* the locale's codeset is UTF-8 */
	bool tty_in;		/* stdin and stdout are terminals */
	size_t width;		/* terminal columns, 0 when not a terminal */
	const char *editor;	/* $VISUAL or $EDITOR */
	char as_of[41];		/* --as-of: the commit reads come from */
	bool force;		/* --force: past WIP limits (txn_begin) */
};

enum cmd_flags {
	CMD_NEEDS_WORKSPACE = 1 << 0,
	CMD_WRITES = 1 << 1,
	CMD_KIND = 1 << 2,
	CMD_TOLERANT = 1 << 3,	/* open even with an invalid bops.yaml */
};

typedef const struct bops_error *(*bops_cmd_fn)(struct bops_ctx *ctx,
    int argc, char *argv[]);

struct bops_cmd {
	const char *name;
	bops_cmd_fn fn;
	unsigned flags;
	const char *usage;
	const char *summary;
};

/* A verb of a kind family: `bops task done ID`. */
typedef const struct bops_error *(*bops_verb_fn)(struct bops_ctx *ctx,
    const struct bops_kind *kind, int argc, char *argv[]);

struct bops_verb {
	const char *name;
	bops_verb_fn fn;
	const char *usage;	/* after "bops KIND " */
	const char *summary;
};

/* The kind verb tables: <kind>_verbs[], ended by a NULL name. */
#define BOPS_KIND(name, dir, sharded, summary) extern const struct bops_verb name##_verbs[];
#include "kinds.def"
#undef BOPS_KIND
extern const struct bops_verb record_verbs[];

/* The verb table of a kind, and a verb by name in a table (or NULL). */
const struct bops_verb *kind_verbs(const struct bops_kind *kind);
const struct bops_verb *verb_find(const struct bops_verb *table,
    const char *name);

/* Top-level commands (cmd/<family>.c). */
const struct bops_error *cmd_init(struct bops_ctx *, int, char *[]);
const struct bops_error *cmd_config(struct bops_ctx *, int, char *[]);
const struct bops_error *cmd_check(struct bops_ctx *, int, char *[]);
const struct bops_error *cmd_log(struct bops_ctx *, int, char *[]);
const struct bops_error *cmd_undo(struct bops_ctx *, int, char *[]);
const struct bops_error *cmd_clone(struct bops_ctx *, int, char *[]);
const struct bops_error *cmd_sync(struct bops_ctx *, int, char *[]);
const struct bops_error *cmd_merge_driver(struct bops_ctx *, int, char *[]);
const struct bops_error *cmd_conflicts(struct bops_ctx *, int, char *[]);
const struct bops_error *cmd_resolve(struct bops_ctx *, int, char *[]);

/*
 * Options: a small getopt for "--name", "--name=value", "--name value"
 * and "-x", anywhere among the arguments, "--" ending them.  -h and
 * --help are always known and set ctx-independent `help`.
 */
struct opt {
	const char *name;	/* long name without "--" */
	char letter;		/* short name, or 0 */
	bool has_arg;
	const char **value;	/* for has_arg */
	bool *flag;		/* otherwise */
};

/*
 * Parse argv[1..] in place: options are consumed, positional arguments
 * are moved to the front (argv[0] stays).  *nargs gets the count
 * including argv[0].  BOPS_ERR_USAGE for an unknown option or a missing
 * value; *help is set for -h/--help.
 */
const struct bops_error *parse_opts(int argc, char *argv[],
    const struct opt *opts, int *nargs, bool *help);

/*
 * A count of items to show, as git reads -n: a number, 0 for none, a
 * negative one for no limit (*out = -1).  BOPS_ERR_USAGE "<what>: not a
 * count 'x'" otherwise.
 */
const struct bops_error *parse_count(const char *text, const char *what,
    long *out);

/* BOPS_ERR_USAGE "usage: bops <usage>". */
const struct bops_error *usage_error(const char *usage);

/* Print a usage line (for -h) to stdout. */
void print_usage(const char *usage, const char *summary);

/*
 * Output.  Everything bops prints goes through the functions below, and
 * each shows unsafe characters (lib/out.h: controls, C1, bidi overrides)
 * escaped, so no record, file name or commit can drive the terminal.
 * Messages are one line each: a newline inside one is escaped too.
 */

/* Once, from main: whether stdout is a terminal, and colour is on. */
void out_setup(bool tty, bool color);

/*
 * stderr, for a message, once what stdout holds in its buffer is
 * written: the two streams sent to one pipe or file (`2>&1 | cat`) then
 * keep the order bops wrote them in, as on a terminal (the id, then the
 * summary).  Every write to stderr goes through it.
 */
FILE *err_stream(void);
/*
 * Flush stdout.  Returns 0, or the errno of the first write of stdout
 * that failed, here or in an earlier err_stream(); EIO when the stream
 * failed without one.
 */
int out_flush(void);

/* A human summary on stderr, unless -q. */
void say(struct bops_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Lines of human summary on stderr, unless -q. */
void say_lines(struct bops_ctx *ctx, const struct bops_buf *b);
/* Lines of text on stderr, always. */
void err_write(const struct bops_buf *b);
/* A warning on stderr ("bops: warning: ..."), always.  Not warn(): that
 * is warn(3)'s name, and a definition of it would stand in for libc's. */
void warning(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* bops_store_warn_fn that prints. */
void warn_record(const struct bops_error *err, void *arg);
/*
 * On a terminal (and without -q), let ws tell on stderr how far a long
 * job has got once it has taken half a second ("building the task
 * cache: 51200 of 100000"), the line cleared when it is done.
 */
void progress_attach(struct bops_ctx *ctx, struct bops_ws *ws);
/* An error on stderr: "bops: <msg>". */
void print_error(const char *msg);

/* Write text to stdout, lines and tabs kept.  Errors surface at finish(). */
void out_write(const struct bops_buf *b);
/*
 * The same for text that bops coloured itself (tables, boards): its SGR
 * colour codes pass when colour is on.  Only for text whose values come
 * from records (which hold no control characters) or are escaped.
 */
void out_write_color(const struct bops_buf *b);
/* One line of text to stdout, its newline added. */
void out_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * Write data (CSV, YAML) to stdout: as it is for a pipe or a file, as
 * text (escaped) for a terminal.
 */
void out_write_data(const struct bops_buf *b);

/* Output formats of read verbs. */
enum out_format {
	OUT_TABLE,
	OUT_JSON,
	OUT_CSV,
	OUT_YAML,
};

struct out_opts {
	enum out_format format;
	const char *fields;	/* --fields a,b */
	const char *sort;	/* --sort f,-g */
	const char *limit;	/* --limit N */
	const char *as_of;	/* --as-of DATE|REV */
	bool json, csv, yaml;
	bool strict;		/* gather: a record that fails validation
				   is an error, not a warning */
};

/* The options above, for a verb's opt table (no end marker). */
#define OUT_OPTS(o) \
	{ "json", 0, false, NULL, &(o).json }, \
	{ "csv", 0, false, NULL, &(o).csv }, \
	{ "yaml", 0, false, NULL, &(o).yaml }, \
	{ "fields", 0, true, &(o).fields, NULL }, \
	{ "sort", 0, true, &(o).sort, NULL }, \
	{ "limit", 0, true, &(o).limit, NULL }, \
	{ "as-of", 0, true, &(o).as_of, NULL }

/*
 * Settle o->format from the flags (USAGE when more than one is given),
 * check --limit, and apply --as-of (set_as_of).
 */
const struct bops_error *out_opts_finish(struct bops_ctx *ctx,
    struct out_opts *o);

/*
 * Read from the past: text is a date (2026-11-01, -1w, friday...: the
 * state at the end of that day; a weekday is the last one, as
 * BOPS_DATE_PAST) or a revision (HEAD~3, a commit id).
 * Reads then come from that commit, and the clock stands at that moment.
 * BOPS_ERR_NOT_FOUND when the workspace did not exist yet.
 */
const struct bops_error *set_as_of(struct bops_ctx *ctx, const char *text);

/* cmd/out.c: records as table, JSON, CSV or YAML. */
struct out_list {
	struct bops_record **recs;
	size_t n, alloc;
};
void out_list_add(struct out_list *l, struct bops_record *rec);
void out_list_release(struct out_list *l);

/* Append rec as a JSON object (id first, typed values). */
void out_record_json(struct bops_buf *b, const struct bops_record *rec);
/* The display text of a field's value (lists joined with ", "). */
void out_field_text(struct bops_buf *b, const struct bops_record *rec,
    const char *field);
/*
 * Print records in o->format with columns `fields` (comma list; NULL: the
 * schema's list columns for tables, every field for CSV).
 */
const struct bops_error *out_records(struct bops_ctx *ctx,
    const struct bops_schema *schema, struct out_list *l,
    const struct out_opts *o);
/* Print one record (show). */
const struct bops_error *out_record(struct bops_ctx *ctx,
    struct bops_record *rec, const struct out_opts *o);

/*
 * Gather the records of kind matching the filters in argv[1..argc-1],
 * sorted by o->sort (default: the kind's natural order), limited by
 * o->limit.  A record that fails validation is skipped with a warning,
 * or, with o->strict (for a verb that writes from what it gathered, and
 * must not act on part of the picture), makes it fail with
 * BOPS_ERR_INVALID naming the first such file.  On failure l is
 * released.
 */
const struct bops_error *gather(struct bops_ctx *ctx,
    const struct bops_kind *kind, int argc, char *argv[],
    const struct out_opts *o, const char *default_sort,
    struct out_list *l);

/* The bops_table_render flags for this terminal (colour, UTF-8). */
unsigned table_flags(const struct bops_ctx *ctx);

/* The SGR colour of a record's row in tables ("31" for overdue), or NULL. */
const char *row_color(struct bops_ctx *ctx, const struct bops_record *rec);

/*
 * Change one record under the write protocol: begin a transaction, load
 * idtext, call apply, stage, commit with "<kind> <id>: <what>" (or a
 * summary of the changed fields when what is NULL or empty), print the
 * id (or `print` when not NULL or empty).  apply may fill what and print.
 */
typedef const struct bops_error *(*record_apply_fn)(struct bops_ctx *ctx,
    struct bops_txn *txn, struct bops_record *rec, void *arg);
const struct bops_error *record_change(struct bops_ctx *ctx,
    const struct bops_kind *kind, const char *idtext, record_apply_fn apply,
    void *arg, const struct bops_buf *what, const struct bops_buf *print);

/*
 * Begin a transaction for ctx: with --force (ctx->force) past the
 * refusals a user may override.  The kinds' rules (kind.h) run inside
 * it for every record written, whatever the verb.
 */
const struct bops_error *txn_begin(struct bops_ctx *ctx,
    struct bops_txn **out);

/* Append "2026-11-23 16:05 +0700": instant t in the workspace's time
 * zone, with its offset from UTC. */
void format_when(struct bops_buf *b, struct bops_ctx *ctx, int64_t t);

/* Run $EDITOR on path; BOPS_ERR_ENV when it fails. */
const struct bops_error *run_editor(struct bops_ctx *ctx, const char *path);

#endif
