/*
 * check.c: validate every record, the config and the work tree.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "file.h"
#include "banned.h"

struct check {
	struct bops_ctx *ctx;
	const struct bops_kind *kind;
	size_t problems;
	struct bops_buf data;
};

static void
problem(struct check *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
problem(struct check *c, const char *fmt, ...)
{
	struct bops_buf b = BOPS_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	bops_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	out_line("%s", b.ptr);
	bops_buf_release(&b);
	c->problems++;
}

/* References to records that no longer exist (a removed parent). */
static const struct bops_error *
check_refs(struct check *c, const struct bops_record *rec)
{
	const struct bops_error *err = NULL;
	struct bops_buf id = BOPS_BUF_INIT, found = BOPS_BUF_INIT;
	char blob[BOPS_OID_HEXSZ + 1];
	size_t i;

	for (i = 0; i < rec->schema->n; i++) {
		const struct bops_field *f = &rec->schema->fields[i];
		const struct bops_kind *kind;
		const char *v, *slash;

		if (f->type != BOPS_TYPE_REF || f->ref == NULL ||
		    (kind = bops_kind_find(f->ref)) == NULL ||
		    (v = bops_record_str(rec, f->name)) == NULL)
			continue;
		bops_buf_reset(&id);
		slash = strchr(v, '/');
		bops_buf_put(&id, v, slash ? (size_t)(slash - v) : strlen(v));
		if (!bops_id_valid(id.ptr))
			continue;	/* validation reported it */
		bops_id_path(&found, kind->dir, kind->sharded, id.ptr);
		if ((err = bops_repo_entry_id(c->ctx->ws->repo,
		    c->ctx->ws->head, found.ptr, blob)))
			break;
		if (blob[0] == '\0')
			problem(c, "%s: %s '%s': no such %s", rec->path,
			    f->name, v, kind->name);
	}
	bops_buf_release(&id);
	bops_buf_release(&found);
	return err;
}

/*
 * The work tree at path, against HEAD's blob there: a link, a FIFO or a
 * directory is reported as what it is (never opened), a regular file
 * that differs as an uncommitted change.  A link among the leading
 * directories is reported once, by the walk of the work tree.
 */
static const struct bops_error *
check_worktree(struct check *c, const char *path, const char *blob,
    const char *want)
{
	const struct bops_error *err;
	enum bops_file_type type;
	bool differs;

	if ((err = bops_file_stat_at(c->ctx->ws->root, path, &type, NULL)))
		return err->code == BOPS_ERR_REFUSED ? NULL : err;
	if (type != BOPS_FILE_MISSING && type != BOPS_FILE_REGULAR) {
		problem(c, "%s: %s in the work tree where %s belongs", path,
		    bops_file_type_name(type), want);
		return NULL;
	}
	if ((err = bops_repo_worktree_differs(c->ctx->ws->repo, path, blob,
	    &differs)))
		return err->code == BOPS_ERR_REFUSED ? NULL : err;
	if (differs)
		problem(c, "%s: uncommitted change in the work tree", path);
	return NULL;
}

static const struct bops_error *
check_blob(struct check *c, const char *path, const char *blob)
{
	const struct bops_error *err;
	const struct bops_kind *kind;
	struct bops_record *rec = NULL;
	struct bops_buf want = BOPS_BUF_INIT;
	char id[BOPS_ID_MAX_LEN + 1];

	kind = bops_kind_of_path(path, id);
	if (kind != c->kind) {
		problem(c, "%s: not a %s record file (want %s/%s<id>.yaml)",
		    path, c->kind->name, c->kind->dir,
		    c->kind->sharded ? "<xx>/" : "");
		goto worktree;
	}
	bops_id_path(&want, kind->dir, kind->sharded, id);
	if (strcmp(want.ptr, path))
		problem(c, "%s: misplaced; it belongs at %s", path, want.ptr);
	bops_buf_reset(&c->data);
	if ((err = bops_repo_read_blob(c->ctx->ws->repo, blob, &c->data)))
		return err;
	if ((err = bops_record_parse(&rec, c->ctx->ws, kind, id, c->data.ptr,
	    c->data.len))) {
		if (err->code != BOPS_ERR_INVALID)
			return err;
		problem(c, "%s", err->msg);
	}
	if (rec) {
		const struct bops_node *cl = bops_record_get(rec,
		    "conflicts");
		const char *field;
		size_t k;

		for (k = 0; cl && cl->type == BOPS_NODE_SEQ && k < cl->n; k++) {
			field = bops_node_map_str(cl->items[k], "field");
			problem(c, "%s: unresolved conflict in '%s' (bops "
			    "resolve %s %s)", path, field ? field : "?", id,
			    field ? field : "FIELD");
		}
		if ((err = check_refs(c, rec)))
			return err;
	}
	bops_record_free(rec);
worktree:
	bops_buf_reset(&want);
	bops_buf_printf(&want, "a %s record", c->kind->name);
	err = check_worktree(c, path, blob, want.ptr);
	bops_buf_release(&want);
	return err;
}

/*
 * One entry of HEAD below the kind's directory.  bops reads and writes
 * regular files only: a link or a submodule is reported wherever it is,
 * a directory where a record belongs.
 */
static const struct bops_error *
check_entry(const char *path, const char *hex, unsigned mode, void *arg)
{
	struct check *c = arg;
	char id[BOPS_ID_MAX_LEN + 1];
	bool record = bops_kind_of_path(path, id) == c->kind;

	if (BOPS_MODE_IS_FILE(mode))
		return check_blob(c, path, hex);
	if (mode == BOPS_MODE_TREE && !record)
		return NULL;
	if (record)
		problem(c, "%s: %s where a %s record belongs", path,
		    bops_repo_mode_name(mode), c->kind->name);
	else
		problem(c, "%s: %s, not a %s record file", path,
		    bops_repo_mode_name(mode), c->kind->name);
	return NULL;
}

struct untracked {
	struct check *c;
	unsigned depth;
};

/*
 * One entry of the work tree below the kind's directory, walked without
 * following a link: what HEAD does not have, and what stands where HEAD
 * has a directory.  What HEAD has otherwise, check_entry looked at.
 */
static const struct bops_error *
untracked_one(const char *path, enum bops_file_type type, void *arg)
{
	struct untracked *u = arg, sub;
	struct check *c = u->c;
	const struct bops_error *err;
	char hex[BOPS_OID_HEXSZ + 1], id[BOPS_ID_MAX_LEN + 1];
	unsigned mode;

	if ((err = bops_repo_entry_mode(c->ctx->ws->repo, c->ctx->ws->head,
	    path, hex, &mode)))
		return err;
	sub.c = c;
	sub.depth = u->depth + 1;
	if (mode == BOPS_MODE_TREE) {
		if (type == BOPS_FILE_DIR)
			return u->depth < 2 ? bops_file_each_at(
			    c->ctx->ws->root, path, untracked_one, &sub) : NULL;
		problem(c, "%s: %s in the work tree where a directory belongs",
		    path, bops_file_type_name(type));
		return NULL;
	}
	if (mode != 0)
		return NULL;
	switch (type) {
	case BOPS_FILE_REGULAR:
		problem(c, "%s: not committed (add it with git, or remove it)",
		    path);
		return NULL;
	case BOPS_FILE_DIR:
		if (bops_kind_of_path(path, id) == c->kind)
			problem(c, "%s: a directory in the work tree where a "
			    "%s record belongs", path, c->kind->name);
		return u->depth < 2 ? bops_file_each_at(c->ctx->ws->root,
		    path, untracked_one, &sub) : NULL;
	default:
		problem(c, "%s: %s in the work tree, not committed (remove it)",
		    path, bops_file_type_name(type));
		return NULL;
	}
}

/* The kind's directory: in HEAD, then in the work tree. */
static const struct bops_error *
check_kind(struct check *c)
{
	const struct bops_error *err;
	const char *dir = c->kind->dir;
	struct untracked u = { c, 0 };
	enum bops_file_type type;
	char hex[BOPS_OID_HEXSZ + 1];
	unsigned mode;

	if ((err = bops_repo_entry_mode(c->ctx->ws->repo, c->ctx->ws->head,
	    dir, hex, &mode)))
		return err;
	if (mode == BOPS_MODE_TREE && (err = bops_repo_walk(c->ctx->ws->repo,
	    c->ctx->ws->head, dir, check_entry, c)))
		return err;
	if (mode != 0 && mode != BOPS_MODE_TREE)
		problem(c, "%s: %s where the %s directory belongs", dir,
		    bops_repo_mode_name(mode), c->kind->name);
	if ((err = bops_file_stat_at(c->ctx->ws->root, dir, &type, NULL)))
		return err;
	if (type == BOPS_FILE_DIR)
		return bops_file_each_at(c->ctx->ws->root, dir, untracked_one,
		    &u);
	if (type != BOPS_FILE_MISSING && (mode == 0 ||
	    mode == BOPS_MODE_TREE))
		problem(c, "%s: %s in the work tree where the %s directory "
		    "belongs", dir, bops_file_type_name(type), c->kind->name);
	return NULL;
}

const struct bops_error *
cmd_check(struct bops_ctx *ctx, int argc, char *argv[])
{
	const struct bops_error *err = NULL;
	struct opt opts[] = { { NULL, 0, false, NULL, NULL } };
	struct check c;
	struct bops_buf path = BOPS_BUF_INIT;
	char blob[BOPS_OID_HEXSZ + 1];
	bool help;
	size_t i;
	int n;

	if ((err = parse_opts(argc, argv, opts, &n, &help)))
		return err;
	if (help) {
		print_usage("check", "validate every record and the config, "
		    "and find uncommitted or stray files; prints one line per "
		    "problem and exits 1 when there is any");
		return NULL;
	}
	if (n != 1)
		return usage_error("check");
	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	bops_buf_init(&c.data);
	if (ctx->ws->config_err)
		problem(&c, "%s", ctx->ws->config_err->msg);
	if (ctx->ws->config) {
		const struct bops_node *cl = bops_node_map_get(ctx->ws->config,
		    "conflicts");
		size_t k;

		for (k = 0; cl && k < cl->n; k++)
			problem(&c, "%s: conflict in '%s' (see `bops conflicts`;"
			    " settle it with `bops config %s VALUE`)",
			    BOPS_CONFIG_PATH, bops_node_map_str(cl->items[k],
			    "field"), bops_node_map_str(cl->items[k],
			    "field"));
	}
	if ((err = bops_repo_entry_id(ctx->ws->repo, ctx->ws->head,
	    BOPS_CONFIG_PATH, blob)))
		goto done;
	if ((err = check_worktree(&c, BOPS_CONFIG_PATH, blob, "the config")))
		goto done;
	bops_buf_printf(&path, "%sbops/journal", bops_repo_gitdir(
	    ctx->ws->repo));
	if (bops_file_exists(path.ptr))
		problem(&c, "an interrupted write is pending; the next bops "
		    "command that writes finishes it");
	for (i = 0; i < BOPS_KIND__COUNT && ctx->ws->config; i++) {
		c.kind = &bops_kinds[i];
		if ((err = check_kind(&c)))
			goto done;
	}
	if (c.problems) {
		say(ctx, "%zu problem%s found", c.problems,
		    c.problems == 1 ? "" : "s");
		err = bops_error(BOPS_ERR_FOUND);
	}
done:
	bops_buf_release(&c.data);
	bops_buf_release(&path);
	return err;
}
