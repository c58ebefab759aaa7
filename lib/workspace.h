/*
 * workspace.h: finding and opening a workspace, its config, its clock
 * and its identity.
 *
 * A workspace is the root of a git work tree holding bops.yaml.  It is
 * found from a starting directory by walking up to the first directory
 * holding .git; that directory must hold bops.yaml too.  The config is
 * read from bops.yaml as committed at HEAD, validated against the
 * "config" schema.  Settings that come from the environment (BOPS_NOW,
 * BOPS_AUTHOR, BOPS_LOCK_TIMEOUT) arrive in struct bops_ws_opts; lib/
 * never reads the environment itself.
 */
#ifndef BOPS_WORKSPACE_H
#define BOPS_WORKSPACE_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"
#include "date.h"
#include "error.h"
#include "git.h"
#include "head.h"
#include "kind.h"
#include "node.h"
#include "schema.h"

#define BOPS_ATTRIBUTES_PATH ".gitattributes"

struct bops_ws_opts {
	const char *dir;	/* where to start looking; NULL: "." */
	const char *now;	/* an instant replacing the clock, or NULL */
	const char *author;	/* "Name <email>", or NULL for git config */
	long lock_timeout_ms;	/* < 0: the default, 10 s */
	bool tolerant;		/* open even when bops.yaml is invalid */
};

struct bops_ws {
	char *root;			/* work tree, with a trailing '/' */
	struct bops_repo *repo;
	char head[BOPS_OID_HEXSZ + 1];	/* HEAD commit when opened */
	struct bops_buf refname;	/* the branch HEAD points at */
	struct bops_node *config;	/* validated bops.yaml */
	const struct bops_error *config_err; /* with opts.tolerant; the
					      ws's own copy, valid until
					      it is closed */
	struct bops_error config_err_kept;
	char *config_err_msg;
	struct bops_schema *config_schema;
	const struct bops_tz *tz;	/* bops.yaml's timezone, opened
					   with the config; NULL: UTC */
	struct bops_tz **zones;		/* every zone opened, each kept
					   until the ws is closed */
	size_t nzones;
	int64_t now;			/* the clock, fixed when opened */
	int32_t today;			/* the local date of now */
	long lock_timeout_ms;
	char *author;			/* opts.author copy, or NULL */
	struct bops_buf name, email;	/* identity, once asked for */
	bool have_identity;
	struct bops_schema *schemas[BOPS_KIND__COUNT]; /* loaded lazily */
	char config_blob[BOPS_OID_HEXSZ + 1]; /* of the loaded config */
	struct bops_head state;		/* of HEAD, once known (head.h) */
	struct bops_schema **retired;	/* schemas of an older config, kept
					   for records that borrow them */
	size_t nretired;
	bool allow_bad_config;		/* writes may begin with an invalid
					   bops.yaml (`bops config` repairs) */
	/*
	 * Told how far a long job has got (the cache of a kind built from
	 * git: done of total records), now and then and once at the end
	 * (done == total); NULL: nobody asks.  Set by the caller.
	 */
	void (*progress)(const char *what, size_t done, size_t total,
	    void *arg);
	void *progress_arg;
};

/*
 * Find the workspace from opts->dir and open it.  BOPS_ERR_NO_WORKSPACE
 * "not a bops workspace: <dir>" (the caller adds a hint) when there is
 * none; BOPS_ERR_INVALID for an invalid bops.yaml (unless tolerant);
 * BOPS_ERR_USAGE for an invalid opts->now.  Close with bops_ws_close().
 */
const struct bops_error *bops_ws_open(struct bops_ws **out,
    const struct bops_ws_opts *opts);
void bops_ws_close(struct bops_ws *ws);

/*
 * Make `dir` a workspace: a new repository (branch main) or an existing
 * one, with bops.yaml (the commented defaults, `name` set to the
 * directory's name) and .gitattributes committed, and the merge driver
 * registered in .git/config.  BOPS_ERR_REFUSED when dir already holds
 * bops.yaml (a workspace is re-initialised by its caller: see
 * bops_ws_is_root) or is inside a workspace.  The new workspace is
 * returned open: close it with bops_ws_close().
 */
const struct bops_error *bops_ws_init(struct bops_ws **out,
    const struct bops_ws_opts *opts);

/*
 * Whether dir is the root of a workspace: a directory that holds both
 * .git and bops.yaml (so bops_ws_open from dir opens that one).
 */
bool bops_ws_is_root(const char *dir);

/*
 * The .gitattributes of a new workspace: the merge driver for bops.yaml
 * and for each kind's record files (tasks/xx/id.yaml), and
 * for nothing else, so that git merges every other file itself.
 */
void bops_ws_attributes(struct bops_buf *out);

/*
 * A workspace's .gitattributes, `have` (len bytes; 0 for none), with the
 * lines of bops_ws_attributes() it lacks, for a workspace made before a
 * kind existed.  out gets have byte for byte (and a newline when it
 * does not end with one), then each missing line, in
 * bops_ws_attributes() order; for an empty have, the whole of
 * bops_ws_attributes(), its comment included.  A line is there when
 * the last line of have with the same pattern (leading blanks and a
 * trailing CR aside) that says anything of the merge attribute sets
 * merge=bops: a user's "-merge" or "merge=union" after ours makes ours
 * missing, as git would then not run the driver.  Other lines are the
 * user's and stay as they are.  names gets what each added line is for,
 * ", "-separated: "bops.yaml" or a kind's directory ("tickets").
 * Returns how many lines were added; none leaves out equal to have.
 * out and names are reset first.
 */
size_t bops_ws_attributes_merge(struct bops_buf *out, struct bops_buf *names,
    const char *have, size_t len);

/* What .git/config names the merge driver by. */
#define BOPS_DRIVER_NAME "bops record merge"
#define BOPS_DRIVER_COMMAND "bops merge-driver %O %A %B %P"

/*
 * *out: whether git config (the repository's, the user's or the
 * system's) names a driver for merge=bops: merge.bops.driver set, to
 * anything (a user may give bops by its path).  BOPS_ERR_GIT.
 */
const struct bops_error *bops_ws_driver_known(bool *out,
    struct bops_repo *repo);

/*
 * Register the merge driver (merge.bops.name and merge.bops.driver) in
 * the repository's .git/config unless bops_ws_driver_known() finds one;
 * *added says whether it did.  For init, clone and sync, so that plain
 * git merges records field by field.  BOPS_ERR_GIT.
 */
const struct bops_error *bops_ws_driver_register(bool *added,
    struct bops_repo *repo);

/*
 * Re-read HEAD, and the config when its blob changed (after taking the
 * lock).  Schemas handed out before stay valid until bops_ws_close().
 */
const struct bops_error *bops_ws_refresh(struct bops_ws *ws);

/*
 * Read records against config text `data` (bops.yaml as a merge is about
 * to commit it) instead of HEAD's, until the next bops_ws_refresh() finds
 * HEAD's config differs from it: schemas made from now on follow it.
 * BOPS_ERR_INVALID "bops.yaml:line:col: ..." when it does not validate;
 * then nothing changed.
 */
const struct bops_error *bops_ws_config_use(struct bops_ws *ws,
    const char *data, size_t len);

/*
 * The identity that signs commits: opts.author ("Name <email>") when
 * given, else git config.  Either must be fit for a commit header: a
 * name without control characters (nor bidi overrides, nor invalid
 * UTF-8), '<' or '>'; an e-mail address user@host without spaces, '<',
 * '>' or control characters.  BOPS_ERR_USAGE for a malformed
 * opts.author; BOPS_ERR_NO_IDENTITY when git config has none or a
 * malformed one, the message naming the config key.  The strings are
 * borrowed from the workspace, valid until it is closed.
 */
const struct bops_error *bops_ws_identity(const char **name, const char **email,
    struct bops_ws *ws);

/*
 * Parse and check a BOPS_AUTHOR value, "Name <email>", into name and
 * email (reset first; left empty on error).  BOPS_ERR_USAGE with a
 * message that names BOPS_AUTHOR.
 */
const struct bops_error *bops_ws_parse_author(struct bops_buf *name,
    struct bops_buf *email, const char *s);

/* The latest instant a git commit can hold: 2106-02-07T06:28:15Z. */
#define BOPS_NOW_MAX INT64_C(4294967295)

/*
 * Parse a BOPS_NOW value, YYYY-MM-DDTHH:MM:SSZ from 1970-01-01T00:00:00Z
 * to BOPS_NOW_MAX (what a commit can hold).  BOPS_ERR_USAGE naming
 * BOPS_NOW.
 */
const struct bops_error *bops_ws_parse_now(int64_t *out, const char *s);

/*
 * The schema of a kind with the workspace's custom fields added.
 * Borrowed: valid until the workspace is closed.
 */
const struct bops_error *bops_ws_schema(const struct bops_schema **out,
    struct bops_ws *ws, const struct bops_kind *kind);

/*
 * The config node at a dotted key ("board.wip.processing"), borrowed, or
 * NULL.  Usable as a bops_schema_lookup_fn with the ws as arg.
 */
const struct bops_node *bops_ws_config_get(const char *key, void *ws);
/*
 * For a key of a map whose keys must name items of a list in config
 * ("board.wip.<column>", SLA targets by priority): that list, borrowed
 * from config; NULL for any other key, or when the list is not set.
 */
const struct bops_node *bops_ws_config_key_names(
    const struct bops_node *config, const char *key);

/* The scalar text at key, or def. */
const char *bops_ws_config_str(struct bops_ws *ws, const char *key,
    const char *def);

/*
 * The Kanban board of bops.yaml, in one place: its columns in flow order
 * (a task starts in the first; the last is done) and their WIP limits.
 * Strings are borrowed from the config (valid until it is reloaded).
 */
/* The number of columns (0 when bops.yaml has none). */
size_t bops_board_count(struct bops_ws *ws);
/* Column i, or NULL past the last. */
const char *bops_board_column(struct bops_ws *ws, size_t i);
/* The position of column, or -1 when the board has none of that name. */
long bops_board_index(struct bops_ws *ws, const char *column);
/* The first column ("not-started") and the last ("done"); those names
 * when the board has no columns. */
const char *bops_board_first(struct bops_ws *ws);
const char *bops_board_last(struct bops_ws *ws);
/* Whether status is the last column: the task is done. */
bool bops_board_done(struct bops_ws *ws, const char *status);
/* The WIP limit of column, or -1 for none. */
long bops_board_wip(struct bops_ws *ws, const char *column);

/* The input context of this workspace (clock, zone, config lookup). */
void bops_ws_input_ctx(struct bops_ws *ws, struct bops_input_ctx *ctx);

/*
 * Emit a config document canonically, each key preceded by its schema
 * `doc` as a comment.  Used by init, `bops config` and sync.  What is
 * emitted is checked to read back (bops_yaml_verify): BOPS_ERR_INVALID
 * "bops.yaml: message" otherwise, out then unchanged.
 */
const struct bops_error *bops_ws_config_emit(struct bops_buf *out,
    const struct bops_schema *schema, struct bops_node *config);

/*
 * Parse and validate config text; *out is the canonical tree, the
 * caller's (bops_node_free()).
 * BOPS_ERR_INVALID "path:line:col: message" when it does not validate,
 * a time zone that is no zone of the tz database included.
 */
const struct bops_error *bops_ws_config_parse(struct bops_node **out,
    const struct bops_schema *schema, const char *path, const char *data,
    size_t len);
/*
 * The same for `bops check`, keeping no tree: every problem is appended
 * to `all`, the schema's in file order (bops_schema_validate_all), then,
 * when the schema found none, those of the rules beyond it (time zone,
 * WIP limits of no column...).  Text that breaks the YAML profile has
 * that one problem.  Returns the first problem, or NULL.
 */
const struct bops_error *bops_ws_config_check(struct bops_problems *all,
    const struct bops_schema *schema, const char *path, const char *data,
    size_t len);

#endif
