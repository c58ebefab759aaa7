/*
 * check.c: validate every record, the config and the work tree.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

static const struct bops_error *
check_blob(const char *path, const char *blob, void *arg)
{
	struct check *c = arg;
	const struct bops_error *err;
	const struct bops_kind *kind;
	struct bops_record *rec = NULL;
	struct bops_buf want = BOPS_BUF_INIT;
	char id[BOPS_ID_MAX_LEN + 1];
	bool differs;

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
	bops_buf_release(&want);
	if ((err = bops_repo_worktree_differs(c->ctx->ws->repo, path, blob,
	    &differs)))
		return err;
	if (differs)
		problem(c, "%s: uncommitted change in the work tree", path);
	return NULL;
}

/* Files in the work tree below dir that HEAD does not have. */
static const struct bops_error *
check_untracked(struct check *c, const char *dir, unsigned depth)
{
	const struct bops_error *err = NULL;
	struct bops_buf full = BOPS_BUF_INIT, sub = BOPS_BUF_INIT;
	char blob[BOPS_OID_HEXSZ + 1];
	struct dirent *de;
	struct stat st;
	DIR *d;

	bops_buf_printf(&full, "%s%s", c->ctx->ws->root, dir);
	if ((d = opendir(full.ptr)) == NULL) {
		bops_buf_release(&full);
		return NULL;
	}
	while ((de = readdir(d)) && err == NULL) {
		if (de->d_name[0] == '.' && (de->d_name[1] == '\0' ||
		    (de->d_name[1] == '.' && de->d_name[2] == '\0')))
			continue;
		bops_buf_reset(&sub);
		bops_buf_printf(&sub, "%s/%s", dir, de->d_name);
		bops_buf_reset(&full);
		bops_buf_printf(&full, "%s%s", c->ctx->ws->root, sub.ptr);
		if (lstat(full.ptr, &st))
			continue;
		if (S_ISDIR(st.st_mode)) {
			if (depth < 2)
				err = check_untracked(c, sub.ptr, depth + 1);
			continue;
		}
		if ((err = bops_repo_entry_id(c->ctx->ws->repo,
		    c->ctx->ws->head, sub.ptr, blob)))
			break;
		if (blob[0] == '\0')
			problem(c, "%s: not committed (add it with git, or "
			    "remove it)", sub.ptr);
	}
	closedir(d);
	bops_buf_release(&full);
	bops_buf_release(&sub);
	return err;
}

const struct bops_error *
cmd_check(struct bops_ctx *ctx, int argc, char *argv[])
{
	const struct bops_error *err = NULL;
	struct opt opts[] = { { NULL, 0, false, NULL, NULL } };
	struct check c;
	struct bops_buf path = BOPS_BUF_INIT;
	char blob[BOPS_OID_HEXSZ + 1];
	bool help, differs;
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
	if ((err = bops_repo_worktree_differs(ctx->ws->repo, BOPS_CONFIG_PATH,
	    blob, &differs)))
		goto done;
	if (differs)
		problem(&c, "%s: uncommitted change in the work tree",
		    BOPS_CONFIG_PATH);
	bops_buf_printf(&path, "%sbops/journal", bops_repo_gitdir(
	    ctx->ws->repo));
	if (bops_file_exists(path.ptr))
		problem(&c, "an interrupted write is pending; the next bops "
		    "command that writes finishes it");
	for (i = 0; i < BOPS_KIND__COUNT && ctx->ws->config; i++) {
		c.kind = &bops_kinds[i];
		if ((err = bops_repo_list(ctx->ws->repo, ctx->ws->head,
		    c.kind->dir, check_blob, &c)))
			goto done;
		if ((err = check_untracked(&c, c.kind->dir, 0)))
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
