/*
 * cmd.h: what every command shares.  cmd/ turns argv into lib calls and
 * results into output; only cmd/main.c picks an exit status.
 */
#ifndef BOPS_CMD_H
#define BOPS_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "error.h"
#include "json.h"
#include "kind.h"
#include "okr.h"
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
	CMD_HIDDEN = 1 << 4,	/* for the shells, not for people: not in
				   help, --list-commands or suggestions */
};

/*
 * Options, declared by the table row of a command or verb: "--name",
 * "--name=value", "--name value", "-x" and "-xVALUE", anywhere among
 * the arguments, "--" ending them; -h and --help are always known.  An
 * argument "-" or "-5" is no option.  A row's value goes into struct
 * args at offset `at`: a bool for a flag, a const char * otherwise.
 *
 * Rows next to each other make a group when the later ones have OPT_OR:
 * its options exclude each other, and with OPT_NEEDED on its first row
 * one of them must be given.  The usage shows a group as
 * "[--json|--csv|--yaml]", "--before|--after OTHER" (needed, one value
 * name) or "--take WHICH | --value VALUE".
 */
enum opt_flags {
	OPT_OR = 1 << 0,	/* in the group of the row before */
	OPT_NEEDED = 1 << 1,	/* on a group's first row: one is needed */
	OPT_SHORT = 1 << 2,	/* the usage shows "-x", not "--name" */
	OPT_HIDDEN = 1 << 3,	/* not in the usage: taken only for the
				   verb to say why it refuses it */
	OPT_MANY = 1 << 4,	/* may be given again: each value is kept,
				   in a struct opt_many */
};

/* The values of an OPT_MANY option, in the order given. */
#define OPT_MANY_MAX 32
struct opt_many {
	const char *v[OPT_MANY_MAX];
	int n;
};

struct opt {
	const char *name;	/* long name without "--"; NULL ends a table */
	char letter;		/* short name, or 0 */
	const char *arg;	/* its value in the usage; NULL: a flag */
	size_t at;		/* offsetof(struct args, ...) */
	unsigned flags;		/* enum opt_flags */
};

#define OPT_FLAG(name, letter, field, flags) \
	{ name, letter, NULL, offsetof(struct args, field), flags }
#define OPT_VALUE(name, letter, arg, field, flags) \
	{ name, letter, arg, offsetof(struct args, field), flags }
#define OPT_END { NULL, 0, NULL, 0, 0 }
/* A table of options for a row: OPTS(OPT_FORCE, OPT_JSON). */
#define OPTS(...) ((const struct opt []){ __VA_ARGS__, OPT_END })

/* Options several verbs share. */
#define OPT_FORCE OPT_FLAG("force", 'f', force, 0)
#define OPT_JSON OPT_FLAG("json", 0, out.json, 0)
#define OPT_AS_OF OPT_VALUE("as-of", 0, "DATE|REV", out.as_of, 0)
#define OPT_FIELDS OPT_VALUE("fields", 0, "FIELD,...", out.fields, 0)
#define OPT_SORT OPT_VALUE("sort", 0, "FIELD,-FIELD ...", out.sort, 0)
#define OPT_LIMIT OPT_VALUE("limit", 0, "N", out.limit, 0)
#define OPT_ALL OPT_FLAG("all", 'a', out.all, 0)
/* Which commits a log shows (struct log_filter). */
#define OPT_LOG_FILTERS OPT_VALUE("author", 0, "WHO", author, 0), \
	OPT_VALUE("since", 0, "DATE", since, 0), \
	OPT_VALUE("until", 0, "DATE", until, 0), \
	OPT_VALUE("max-count", 'n', "COUNT", count, OPT_SHORT)
/* The records a bulk verb acts on, by filter, and its confirmation. */
#define OPT_WHERE OPT_VALUE("where", 'w', "FILTER", where, OPT_MANY), \
	OPT_FLAG("yes", 'y', yes, 0)
/* --json|--csv|--yaml: the output formats of a read verb */
#define OPT_FORMATS OPT_JSON, OPT_FLAG("csv", 0, out.csv, OPT_OR), \
	OPT_FLAG("yaml", 0, out.yaml, OPT_OR)

/*
 * What a command or verb takes, in its table row; its usage, for -h,
 * `bops help` and usage errors, is made from it.
 */
struct syntax {
	const char *args;	/* the positional arguments as the usage
				   names them ("ID COLUMN"), or NULL */
	int min, max;		/* how many of them; max -1: no limit */
	const struct opt *opts;	/* OPTS(...), or NULL for none */
	const char *summary;	/* one line for help and -h */
};

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
	bool all;		/* --all: finished records too */
	bool open_only;		/* gather: finished records are left out,
				   unless all or a filter names the field
				   that says so (kind.h: finished_by) */
	bool strict;		/* gather: a record that fails validation
				   is an error, not a warning */
	bool read_only;		/* gather: the records are only read, so
				   decoded read-only (BOPS_STORE_FROZEN) */
};

/*
 * A command's or verb's arguments, parsed by the dispatcher from its
 * row: the positional ones, and each option in its field (NULL or false
 * when not given).
 */
struct args {
	int argc;		/* argv[0] is the command's or verb's name */
	char **argv;		/* NULL-terminated */
	const char *usage;	/* "task move ID COLUMN [--force]" */
	struct out_opts out;	/* --json --csv --yaml --fields --sort
				   --limit --as-of */
	bool force;		/* --force */
	struct opt_many where;	/* --where FILTER, again and again */
	bool yes;		/* --yes: no question before a bulk change */
	bool any;		/* undo --any */
	bool exit_code;		/* --exit-code */
	const char *id;		/* --id SLUG */
	const char *note;	/* --note TEXT */
	const char *count;	/* -n N */
	const char *before, *after;	/* task rank */
	const char *carry_to;	/* sprint close --carry-to */
	const char *remote, *branch;	/* sync */
	const char *take, *value, *kind;	/* resolve; import --kind,
						   log --kind */
	const char *author, *since, *until;	/* log */
	const char *by;		/* summary --by FIELD */
	const char *owner, *within;	/* due */
	const char *format;	/* report, export, import, customer export,
				   journey map */
	const char *output, *period;	/* report */
	const char *map;	/* import --map */
	bool dry_run;		/* import --dry-run */
	const char *message;	/* ticket open --message TEXT */
	bool from_customer;	/* ticket reply --customer */
	bool breached, at_risk, explain, report;	/* ticket sla */
	const char *segment;	/* customer export */
	bool open, matrix;	/* project risks */
	bool summary;		/* deal board --summary */
};

typedef const struct bops_error *(*bops_cmd_fn)(struct bops_ctx *ctx,
    struct args *a);

struct bops_cmd {
	const char *name;
	bops_cmd_fn fn;		/* NULL for a kind: its verbs do the work */
	unsigned flags;
	struct syntax syntax;
};

/* A verb of a kind family: `bops task done ID`. */
typedef const struct bops_error *(*bops_verb_fn)(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);

struct bops_verb {
	const char *name;
	bops_verb_fn fn;	/* NULL when sub is set */
	struct syntax syntax;
	const struct bops_verb *sub;	/* verbs of a verb: `okr kr add` */
};

/*
 * Rows of verb tables: VERB("move", task_move, "ID COLUMN", 2, 2,
 * OPTS(OPT_FORCE), "summary"); FAMILY("kr", kr_verbs, "summary") for a
 * verb of verbs; VERBS_END last.
 */
#define VERB(name, fn, args, min, max, opts, summary) \
	{ name, fn, { args, min, max, opts, summary }, NULL }
#define FAMILY(name, verbs, summary) \
	{ name, NULL, { NULL, 0, 0, NULL, summary }, verbs }
#define VERBS_END { NULL, NULL, { NULL, 0, 0, NULL, NULL }, NULL }
/* The generic add's row, also for a kind's own add that wraps it. */
#define VERB_ADD(fn, summary) VERB("add", fn, "TITLE ... [field=value ...]", \
	1, -1, OPTS(OPT_VALUE("id", 0, "SLUG", id, 0), OPT_FORCE), summary)

/* The kind verb tables: <kind>_verbs[], ended by a NULL name. */
#define BOPS_KIND(name, dir, sharded, summary) extern const struct bops_verb name##_verbs[];
#include "kinds.def"
#undef BOPS_KIND
extern const struct bops_verb record_verbs[];

/* The verb table of a kind, and a verb by name in a table (or NULL). */
const struct bops_verb *kind_verbs(const struct bops_kind *kind);
const struct bops_verb *verb_find(const struct bops_verb *table,
    const char *name);

/*
 * cmd/verb.c: rows to usage, help and parsed arguments.
 */

/* Append the usage of a row named by words ("task move"), without
 * "bops ": "task move ID COLUMN [--force]". */
void usage_line(struct bops_buf *b, const char *words,
    const struct syntax *s);

/*
 * Parse argv (argv[0] the command's or verb's name) into a by s: the
 * options into their fields, the positional arguments, in order, into
 * a->argv.  a->usage must be set.  BOPS_ERR_USAGE for an unknown
 * option, a missing or unwanted value, options that exclude each other,
 * and (as the usage) a count of positional arguments out of s or a
 * needed option missing.  On -h or --help *help is set and the counts
 * are not checked.
 */
const struct bops_error *parse_args(struct args *a, const struct syntax *s,
    int argc, char *argv[], bool *help);

/* -h: "usage: bops WORDS ..." and the summary, on stdout. */
void print_help(const char *words, const struct syntax *s);

/* `bops help KIND` and `bops KIND -h`: every verb with its usage. */
void print_kind(const struct bops_kind *kind);

/*
 * Take the verb that argv[1] names from the verbs of kind (down to a verb
 * of a verb: `okr kr add`), appending its words to words and moving
 * argc and argv on to it.  With no verb, or -h, it prints the list of
 * the verbs and leaves *out NULL: BOPS_ERR_USAGE "a verb is needed" for
 * none, NULL for -h.  An unknown verb is BOPS_ERR_USAGE, with the verb
 * probably meant.
 */
const struct bops_error *verb_select(const struct bops_verb **out,
    struct bops_buf *words, const struct bops_kind *kind, int *argc,
    char ***argv);

/* cmd/main.c: whether name is a built-in command (an alias may not
 * take its name). */
bool command_exists(const char *name);
/* The names an alias may not take: every command's, NULL-terminated. */
const char *const *command_names(void);
/* The command table, ended by a row with a NULL name. */
const struct bops_cmd *command_table(void);

/* Top-level commands (cmd/<family>.c). */
const struct bops_error *cmd_init(struct bops_ctx *, struct args *);
const struct bops_error *cmd_config(struct bops_ctx *, struct args *);
const struct bops_error *cmd_check(struct bops_ctx *, struct args *);
const struct bops_error *cmd_log(struct bops_ctx *, struct args *);
const struct bops_error *cmd_undo(struct bops_ctx *, struct args *);
const struct bops_error *cmd_clone(struct bops_ctx *, struct args *);
const struct bops_error *cmd_sync(struct bops_ctx *, struct args *);
const struct bops_error *cmd_merge_driver(struct bops_ctx *, struct args *);
const struct bops_error *cmd_conflicts(struct bops_ctx *, struct args *);
const struct bops_error *cmd_resolve(struct bops_ctx *, struct args *);
const struct bops_error *cmd_due(struct bops_ctx *, struct args *);
const struct bops_error *cmd_export(struct bops_ctx *, struct args *);
const struct bops_error *cmd_report(struct bops_ctx *, struct args *);
/* cmd/report.c: a report of `name` (report.h) for the period (NULL:
 * the default) at --as-of (may be NULL), for the celebrations of okr. */
struct bops_report;
const struct bops_error *report_open(struct bops_ctx *ctx,
    struct bops_report *r, const char *name, const char *period,
    const char *as_of);
const struct bops_error *cmd_import(struct bops_ctx *, struct args *);
const struct bops_error *cmd_tick(struct bops_ctx *, struct args *);
const struct bops_error *cmd_show(struct bops_ctx *, struct args *);
const struct bops_error *cmd_complete(struct bops_ctx *, struct args *);

/*
 * A count of items to show, as git reads -n: a number, 0 for none, a
 * negative one for no limit (*out = -1).  BOPS_ERR_USAGE "<what>: not a
 * count 'x'" otherwise.
 */
const struct bops_error *parse_count(const char *text, const char *what,
    long *out);

/* BOPS_ERR_USAGE "usage: bops <a->usage>". */
const struct bops_error *usage_error(const struct args *a);

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

/*
 * Settle o->format from the flags (one at most, as OPT_FORMATS takes
 * them), check --limit, and apply --as-of (set_as_of).
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

/*
 * Every --json output goes through the writer of lib/json.h.  rec as a
 * JSON object: its id first, then its fields typed by its schema.
 */
void out_record_json(struct bops_json *w, const struct bops_record *rec);
/*
 * A commit's keys in the open JSON object: commit (the whole id), date
 * (author time, UTC), author, email, message (the first line).
 */
void out_commit_json(struct bops_json *w,
    const struct bops_commit_info *info);
/*
 * A commit as `bops log` lists it, one line: its date in the workspace's
 * time zone, its short id, its author and its subject (escaped).
 */
void out_commit_line(struct bops_buf *b, struct bops_ctx *ctx,
    const struct bops_commit_info *info);
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
 * cmd/show.c: print the records of l as show does: one as out_record;
 * several as an array (--json, --yaml), rows of one kind (--csv: records
 * of two kinds are BOPS_ERR_USAGE), or one after the other with a blank
 * line between (a table).
 */
const struct bops_error *show_records(struct bops_ctx *ctx,
    struct out_list *l, const struct out_opts *o);
/*
 * Load the records of kind that a->argv[1..] name (each id checked
 * before any is looked up) into l, at --as-of (commit, or NULL).  On
 * failure l is released.
 */
const struct bops_error *show_load(struct out_list *l, struct bops_ctx *ctx,
    const struct bops_kind *kind, const char *commit, struct args *a);

/*
 * Gather the records of kind matching the filters in argv[1..argc-1],
 * sorted by o->sort (default: the kind's natural order), limited by
 * o->limit.  A record that fails validation is skipped with a warning,
 * or, with o->strict (for a verb that writes from what it gathered, and
 * must not act on part of the picture), makes it fail with
 * BOPS_ERR_INVALID naming the first such file.  On failure l is
 * released.
 */
/*
 * The value of the last "key=value" among argv[from..argc-1], or NULL
 * when there is none or it is empty (key= clears the field).
 */
const char *arg_value(int argc, char **argv, int from, const char *key);

const struct bops_error *gather(struct bops_ctx *ctx,
    const struct bops_kind *kind, int argc, char *argv[],
    const struct out_opts *o, const char *default_sort,
    struct out_list *l);
/* How many records gather would give, decoding none (`count`). */
const struct bops_error *gather_count(struct bops_ctx *ctx,
    const struct bops_kind *kind, int argc, char *argv[],
    const struct out_opts *o, size_t *n);

/* The bops_table_render flags for this terminal (colour, UTF-8). */
unsigned table_flags(const struct bops_ctx *ctx);

/* The SGR colour of a record's row in tables ("31" for overdue), or NULL. */
const char *row_color(struct bops_ctx *ctx, const struct bops_record *rec);

/*
 * The end of a verb that writes: commit what txn holds with subject (and
 * body, or NULL), then print id (or NULL) and the lines of ids (or NULL)
 * on stdout.  The caller then says on stderr what it did.
 */
const struct bops_error *commit_print(struct bops_txn *txn,
    const char *subject, const char *body, const char *id,
    const struct bops_buf *ids);
/* The same, then the subject on stderr as the summary (unless -q). */
const struct bops_error *commit_tell(struct bops_ctx *ctx,
    struct bops_txn *txn, const char *subject, const char *body,
    const char *id, const struct bops_buf *ids);

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
 * `KIND set [ID ...] field=value ... [--where FILTER]`, with check run
 * on each record, loaded, before its assignments (NULL: none): a deal's
 * amount checked in the deal's own currency.  A refusal of check is the
 * record's refusal (bulk_change).
 */
typedef const struct bops_error *(*set_check_fn)(
    const struct bops_record *rec, int n, char **exprs, const void *arg);
const struct bops_error *record_set_checked(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *args, set_check_fn check,
    const void *arg);

/*
 * cmd/money.c: a field of exact money typed with the currency= it is in
 * (a deal's amount, a project's budget), checked before the lock.
 */
struct money_field {
	const char *field;		/* "amount" */
	const char *no_currency;	/* the message when it comes alone */
	/* text in currency code (ISO 4217, upper case) into *out, minor
	 * units; BOPS_ERR_USAGE when it cannot be */
	const struct bops_error *(*parse)(int64_t *out, const char *text,
	    const char *code);
};

/*
 * The currency= and mf->field= of argv[from..argc-1] (the last of each,
 * when not empty), checked together: BOPS_ERR_USAGE (exit 2) for an
 * unknown currency, an amount it cannot have, or an amount with no
 * currency; `currency` is the record's own when none is given (or NULL).
 */
const struct bops_error *money_check(const struct money_field *mf,
    int argc, char **argv, int from, const char *currency);

/* `KIND set`, with mf->field checked in each record's own currency, or
 * the new one (record_set_checked). */
const struct bops_error *money_set(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a,
    const struct money_field *mf);

/*
 * cmd/bulk.c: verbs that change several records at once.
 *
 * The records a verb acts on: the ids in a->argv[first..end-1] (each
 * checked, then resolved: an id or a unique prefix), or with --where the
 * records its filters pick, as list would (finished ones left out unless
 * a filter names the field that says so).  Ids and --where together, or
 * neither, are BOPS_ERR_USAGE.  A --where that picks more than
 * bulk.confirm records (bops.yaml, default 5) asks on a terminal
 * (BOPS_ERR_REFUSED when the answer is no) and needs --yes without one
 * (BOPS_ERR_USAGE).  Release with targets_release().
 */
struct targets {
	char **ids;		/* whole ids, each once, in the order given */
	size_t n;
};
const struct bops_error *targets_find(struct targets *out,
    struct bops_ctx *ctx, const struct bops_kind *kind, struct args *a,
    int first, int end, bool finished);
void targets_release(struct targets *t);

/* What a bulk verb does to each record. */
struct bulk {
	record_apply_fn apply;	/* the change (not for remove) */
	void *arg;
	bool remove;		/* remove the records instead */
	const char *what;	/* the commit's subject for several:
				   "task: <what> (3 tasks)" */
	struct bops_buf *said;	/* or NULL: where apply says in words
				   what it did to one record ("status open
				   -> resolved"); emptied before each
				   record, and when apply wrote in it, that
				   record's line instead of the summary of
				   its changed fields */
	record_apply_fn staged;	/* or NULL: called with the record once
				   it is staged, its kind's rules run, to
				   add to said what they changed */
	bool finished;		/* --where picks finished records too, as
				   for a verb that acts on them (reopen,
				   close, remove); otherwise what list
				   would list */
};

/*
 * Change the records of t under one transaction: each loaded, changed
 * and staged in turn, its kind's rules run (a WIP limit, a hand edit).
 * Any refusal writes nothing: each is printed ("bops: task x: ...") and
 * the error is "N of M tasks refused; nothing was written" with the
 * first refusal's code; for one record, its refusal as it is.  Then one
 * commit: for one record "task <id>: <summary>", for several "task:
 * <what> (3 tasks)" with a line per record in the body (undo takes the
 * lot back); the ids on stdout,
 * each record's change on stderr.
 */
const struct bops_error *bulk_change(struct bops_ctx *ctx,
    const struct bops_kind *kind, const struct targets *t,
    const struct bulk *b);

/*
 * A verb that acts on existing records, the whole of it: the records of
 * a->argv[first..end-1] or of --where (targets_find), then bulk_change.
 * Every verb that changes records it is given goes through here, so
 * several ids, --where, bulk.confirm and --yes work alike for all.
 */
const struct bops_error *bulk_verb(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a, int first, int end,
    const struct bulk *b);

/*
 * Begin a transaction for ctx: with --force (ctx->force) past the
 * refusals a user may override.  The kinds' rules (kind.h) run inside
 * it for every record written, whatever the verb.
 */
const struct bops_error *txn_begin(struct bops_ctx *ctx,
    struct bops_txn **out);

/*
 * The length of the shortest prefix (at least 4) that tells ids[i] from
 * its neighbours in ids, sorted: what a board shows of an id.
 */
size_t id_prefix_len(char *const *ids, size_t n, size_t i);

/*
 * cmd/board.c: a board, columns side by side (deals by stage, tickets
 * by priority).  Each column has a head of lines, the first in bold (in
 * red with alarm: a column over its limit), a rule, and cards of one or
 * more lines each, cut to the column's width by display width; past
 * `limit` cards a column ends with "+N more".  A board wider than the
 * terminal (100 columns when stdout is none) wraps its columns into
 * bands, one under the other, as many in each as fit.
 *
 * board_init, then fill each column's head, then board_layout (which
 * sets width, the columns' width: a card may show more when it fits),
 * then board_card for each card, in order; board_render; board_release.
 */
struct board_card {
	struct bops_buf text;	/* its lines, each ended by '\n' */
	const char *sgr;	/* their colour ("31"), or NULL */
};
struct board_column {
	struct bops_buf head;	/* its lines, each ended by '\n' */
	bool alarm;
	struct board_card *cards;	/* those shown */
	size_t ncards, alloc;
	size_t count;		/* board_card calls, shown or not */
};
struct board {
	struct board_column *cols;
	size_t ncols;
	long limit;		/* cards shown per column; -1: all */
	size_t width;		/* board_layout: of each column */
	size_t per_band;	/* board_layout: columns side by side */
};
void board_init(struct board *b, size_t ncols, long limit);
/* Lay the columns out for ctx's terminal, none narrower than min nor
 * than its widest head line (unless the terminal is). */
void board_layout(struct board *b, struct bops_ctx *ctx, size_t min);
/* A new card at the end of column c, in colour sgr (may be NULL): its
 * text to fill, lines ended by '\n'.  NULL past the limit: the card is
 * only counted. */
struct bops_buf *board_card(struct board *b, size_t c, const char *sgr);
void board_render(struct bops_buf *out, struct bops_ctx *ctx,
    const struct board *b);
void board_release(struct board *b);

/* cmd/sla.c: the ticket verbs that read SLA clocks. */
const struct bops_error *ticket_queue(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
const struct bops_error *ticket_sla(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);

/* Append "2026-11-23 16:05 +0700": instant t in the workspace's time
 * zone, with its offset from UTC. */
void format_when(struct bops_buf *b, struct bops_ctx *ctx, int64_t t);

/*
 * The text of a verb's TEXT argument: arg itself, or standard input when
 * arg is "-" (a mail filter pipes a message in), with its trailing
 * newlines dropped.  BOPS_ERR_USAGE for text that is empty, or larger
 * than a record may be; BOPS_ERR_IO when standard input cannot be read.
 */
const struct bops_error *read_text(struct bops_buf *out, const char *arg);

/* Run $EDITOR on path; BOPS_ERR_ENV when it fails. */
const struct bops_error *run_editor(struct bops_ctx *ctx, const char *path);

/*
 * A kind's verbs may take more than one file: its table stays in
 * cmd/<kind>.c, and what its files share is declared here.
 */

/*
 * cmd/log.c: which commits `log` and `KIND log` show: --author WHO
 * (any case, a part of "Name <email>"; "me" is the identity's name or
 * e-mail), --since and --until DATE (dates as filters take them,
 * relative ones pointing back: `--since monday` is this week's; an
 * instant too), --kind KIND (commits that changed a record of it), -n
 * N (of those that match).  The options are checked by log_filter_init
 * (BOPS_ERR_USAGE naming the option); log_filter_match says whether a
 * commit passes; log_filter_more whether another one is wanted.
 */
struct log_filter {
	struct bops_ctx *ctx;
	const char *author;
	bool me;			/* --author me */
	const char *me_name, *me_email;
	int64_t since, until;		/* [since, until); INT64_MIN/MAX */
	const struct bops_kind *kind;	/* NULL: any */
	long limit;			/* -1: no limit */
	long shown;
};
const struct bops_error *log_filter_init(struct log_filter *f,
    struct bops_ctx *ctx, const struct args *a, long default_limit);
const struct bops_error *log_filter_match(bool *out, struct log_filter *f,
    const struct bops_commit_info *info);
bool log_filter_more(const struct log_filter *f);

/* cmd/summary.c: `KIND count` and `KIND summary`, rows of record_verbs. */
const struct bops_error *record_count(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
const struct bops_error *record_summary(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);

/* cmd/sprint.c: SPRINT as typed (an id or a unique prefix) into id, or
 * for NULL the current sprint (bops_sprint_current).  BOPS_ERR_NOT_FOUND
 * when there is no such sprint, or none is current. */
const struct bops_error *which_sprint(struct bops_ctx *ctx,
    const char *text, struct bops_buf *id);
/* cmd/sprint.c: every sprint, by start.  strict: for a verb that makes
 * a sprint or chooses one from the list, a sprint that cannot be read
 * is an error (it might hold the days a new sprint would take). */
const struct bops_error *all_sprints(struct bops_ctx *ctx,
    struct out_list *l, bool strict);
/* cmd/burndown.c */
const struct bops_error *sprint_burndown(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
const struct bops_error *sprint_velocity(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
const struct bops_error *sprint_rollover(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
/* cmd/experiment.c: `sprint experiment add|result|show` */
extern const struct bops_verb experiment_verbs[];

/* cmd/okr.c: the cascade, every objective with its computed progress
 * (lib/okr.c); strict: an objective that cannot be read is an error
 * (see gather).  Release with cascade_release(). */
struct cascade {
	struct out_list l;
	struct bops_okr_cascade oc;
};
const struct bops_error *cascade_load(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct cascade *c, bool strict);
void cascade_release(struct cascade *c);
/* cmd/measure.c: `okr measure` */
const struct bops_error *okr_measure(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
/*
 * cmd/measure.c: the value of a key result's measure (lib/okr.h: a count, a
 * percent of records, or the share of tickets that met an SLA target in
 * period, the objective's; NULL: this quarter) into *out, and whether it
 * has one (*have: a share of nothing has none).  A spec that is no such
 * thing is BOPS_ERR_USAGE.  strict (for a value to be checked in): a
 * record of its kind that cannot be read might count, so the value
 * would be wrong: an error (BOPS_ERR_INVALID), not a warning.
 */
const struct bops_error *measure_value(double *out, bool *have,
    struct bops_ctx *ctx, const char *spec, const char *period, bool strict);
/*
 * cmd/customer.c: the value of the enum `field` of kind that text names
 * (any case) into *out, or BOPS_ERR_USAGE "unknown WHAT 'x'; one of: a,
 * b" (a stage, a status given on the command line).
 */
const struct bops_error *enum_arg(struct bops_ctx *ctx,
    const struct bops_kind *kind, const char *field, const char *what,
    const char *text, const char **out);
/*
 * cmd/customer.c: a verb's optional PERIOD, its first argument when that
 * is no filter (taken off a->argv), else the current quarter: its first
 * and last day, its canonical text in canon.  BOPS_ERR_USAGE.
 */
const struct bops_error *period_arg(struct bops_ctx *ctx, struct args *a,
    int32_t *first, int32_t *last, struct bops_buf *canon);
/*
 * cmd/segment.c: the filters argv[0..argc-1] with those of segment
 * `name` (an id or a prefix) after them, in a new array of copies; free
 * it with segment_filters_free().  BOPS_ERR_NOT_FOUND, BOPS_ERR_INVALID.
 */
const struct bops_error *segment_filters(struct bops_ctx *ctx,
    const char *name, int *argc, char ***argv);
void segment_filters_free(int argc, char **argv);
/* cmd/audience.c: customer lists for the ad platforms. */
const struct bops_error *customer_export(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
const struct bops_error *sprint_lookalike(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
#define OPT_AUDIENCE OPT_VALUE("format", 0, "google|meta|csv", format, 0)
/* cmd/health.c: the views of projects. */
struct bops_project_health;
const struct bops_error *project_risks(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
const struct bops_error *project_budget(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
const struct bops_error *project_health(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
/* cmd/project-team.c: a project's people and its customer's score. */
const struct bops_error *project_resource(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
const struct bops_error *project_csat(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
/*
 * The health of project rec now, with its linked tasks as committed
 * (lib/project.h); release *out with bops_project_health_release().
 * Errors reading the tasks.
 */
const struct bops_error *project_health_of(struct bops_ctx *ctx,
    const struct bops_record *rec, struct bops_project_health *out);
/* cmd/kr.c: `okr kr add|set|rm` and `okr checkin` */
extern const struct bops_verb kr_verbs[];
/* cmd/kr.c: `okr show OBJECTIVE` (the generic show) or `okr show
 * OBJECTIVE/N`: one key result with its check-ins. */
const struct bops_error *okr_show(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);
const struct bops_error *okr_checkin(struct bops_ctx *ctx,
    const struct bops_kind *kind, struct args *a);

#endif
