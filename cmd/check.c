/*
 * check.c: validate every record, the config and the work tree.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "alias.h"
#include "cmd.h"
#include "date.h"
#include "file.h"
#include "hash.h"
#include "okr.h"
#include "project.h"
#include "sprint.h"
#include "banned.h"

/* A growing list of owned strings. */
struct strings {
	char **v;
	size_t n, alloc;
};

static const char *
strings_add(struct strings *l, const char *s)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 16;
		l->v = bops_realloc(l->v, l->alloc * sizeof(*l->v));
	}
	return l->v[l->n++] = s ? bops_strdup(s) : NULL;
}

static void
strings_release(struct strings *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/*
 * What the rules between records need, gathered while every record is
 * read once: objectives with their parents and key results, sprints with
 * their days, and references to key results (checked when all objectives
 * are known).
 */
struct check {
	struct bops_ctx *ctx;
	const struct bops_kind *kind;
	size_t problems;
	size_t warnings;	/* what is worth a look but no problem */
	struct bops_buf data;
	struct strings okr_ids, okr_parents;
	struct strings krs;		/* "OBJECTIVE/N" of every key result */
	struct strings kr_refs;		/* path, field, value, in threes */
	struct strings sprint_ids;
	struct bops_sprint_span *spans;
	size_t nspans, aspans;
	struct bops_allocations alloc;	/* people across active projects */
	/*
	 * The kind's entries in HEAD, each path (in `paths`) with its mode:
	 * what the walk of the work tree looks up, rather than asking git
	 * for each file.
	 */
	struct strings paths;
	unsigned *modes;
	struct bops_strset tracked;
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

/*
 * Why the reference v ("ID", or "ID/KEY" naming an item of the records
 * field part of that record) to a record of kind names nothing at HEAD:
 * appended to why ("no such journey", "no such stage"), or nothing when
 * it names something.  A record that does not read is reported as such,
 * not here.
 */
static const struct bops_error *
ref_missing(struct check *c, const struct bops_kind *kind, const char *part,
    const char *v, struct bops_buf *why)
{
	const struct bops_error *err;
	struct bops_record *rec = NULL;
	struct bops_buf id = BOPS_BUF_INIT;
	const char *slash = strchr(v, '/');
	size_t n, i;

	bops_buf_put(&id, v, slash ? (size_t)(slash - v) : strlen(v));
	bops_buf_puts(&id, "");
	if (!bops_id_valid(id.ptr)) {
		bops_buf_release(&id);
		return NULL;	/* validation reported it */
	}
	err = bops_store_read(&rec, c->ctx->ws, kind, NULL, id.ptr);
	bops_buf_release(&id);
	if (err && err->code == BOPS_ERR_NOT_FOUND) {
		bops_buf_printf(why, "no such %s", kind->name);
		return NULL;
	}
	if (err)
		return err->code == BOPS_ERR_INVALID ? NULL : err;
	if (slash && part && bops_record_part(rec, part, slash + 1, NULL) ==
	    NULL) {
		/* "key_results" names a "key result" */
		n = strlen(part);
		bops_buf_puts(why, "no such ");
		for (i = 0; i + 1 < n || (i < n && part[i] != 's'); i++)
			bops_buf_putc(why, part[i] == '_' ? ' ' : part[i]);
	}
	bops_record_free(rec);
	return NULL;
}

/*
 * The links of a journey's stages (KIND/ID, okr/OBJECTIVE/N) to
 * records that no longer exist.
 */
static const struct bops_error *
check_links(struct check *c, const struct bops_record *rec)
{
	const struct bops_error *err = NULL;
	const struct bops_node *stages = bops_record_get(rec, "stages");
	struct bops_buf kind = BOPS_BUF_INIT, why = BOPS_BUF_INIT;
	size_t i, k;

	if (strcmp(rec->kind->name, "journey"))
		return NULL;
	for (i = 0; stages && i < stages->n && err == NULL; i++) {
		const struct bops_node *links = bops_node_map_get(
		    stages->items[i], "links");

		for (k = 0; links && k < links->n && err == NULL; k++) {
			const char *l = links->items[k]->str;
			const char *slash = strchr(l, '/');
			const struct bops_kind *to;

			bops_buf_reset(&kind);
			bops_buf_reset(&why);
			bops_buf_put(&kind, l, slash ? (size_t)(slash - l) :
			    strlen(l));
			bops_buf_puts(&kind, "");
			if (slash == NULL ||
			    (to = bops_kind_find(kind.ptr)) == NULL)
				continue;	/* validation reported it */
			err = ref_missing(c, to, strcmp(to->name, "okr") ?
			    NULL : "key_results", slash + 1, &why);
			if (err == NULL && why.len)
				problem(c, "%s: stage '%s' link '%s': %s",
				    rec->path, bops_node_map_str(
				    stages->items[i], "slug"), l, why.ptr);
		}
	}
	bops_buf_release(&kind);
	bops_buf_release(&why);
	return err;
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
		if (f->part) {
			/* J/STAGE: the journey, then its stage */
			bops_buf_reset(&found);
			if ((err = ref_missing(c, kind, f->part, v, &found)))
				break;
			if (found.len)
				problem(c, "%s: %s '%s': %s", rec->path,
				    f->name, v, found.ptr);
			continue;
		}
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
		else if (slash) {
			/* The key result itself, once all are known. */
			strings_add(&c->kr_refs, rec->path);
			strings_add(&c->kr_refs, f->name);
			strings_add(&c->kr_refs, v);
		}
	}
	bops_buf_release(&id);
	bops_buf_release(&found);
	return err;
}

/* Keep what the rules between records need of a valid record. */
static void
keep_for_rules(struct check *c, const struct bops_record *rec)
{
	const struct bops_node *krs;
	struct bops_buf kr = BOPS_BUF_INIT;
	struct bops_sprint_span *sp;
	size_t i;

	if (strcmp(rec->kind->name, "okr") == 0) {
		strings_add(&c->okr_ids, rec->id);
		strings_add(&c->okr_parents, bops_record_str(rec, "parent"));
		krs = bops_record_get(rec, "key_results");
		for (i = 0; krs && i < krs->n; i++) {
			bops_buf_reset(&kr);
			bops_buf_printf(&kr, "%s/%s", rec->id,
			    bops_node_map_str(krs->items[i], "id"));
			strings_add(&c->krs, kr.ptr);
		}
	} else if (strcmp(rec->kind->name, "project") == 0) {
		struct bops_problems w = BOPS_PROBLEMS_INIT;

		bops_project_warnings(&w, rec->path, rec);
		bops_allocations_add(&c->alloc, rec);
		for (i = 0; i < w.n; i++)
			out_line("%s", w.v[i].msg);
		c->warnings += w.n;
		bops_problems_release(&w);
	} else if (strcmp(rec->kind->name, "sprint") == 0) {
		if (c->nspans == c->aspans) {
			c->aspans = c->aspans ? c->aspans * 2 : 16;
			c->spans = bops_realloc(c->spans,
			    c->aspans * sizeof(*c->spans));
		}
		sp = &c->spans[c->nspans++];
		sp->id = strings_add(&c->sprint_ids, rec->id);
		(void)bops_date_parse(&sp->start, bops_record_str(rec,
		    "start"));
		(void)bops_date_parse(&sp->end, bops_record_str(rec, "end"));
	}
	bops_buf_release(&kr);
}

/* The rules between records, over what keep_for_rules() kept. */
static void
check_between(struct check *c)
{
	struct bops_strset krs = BOPS_STRSET_INIT, okrs = BOPS_STRSET_INIT;
	struct bops_buf chain = BOPS_BUF_INIT, d = BOPS_BUF_INIT;
	const struct bops_kind *sprint = bops_kind_find("sprint");
	long *up;
	bool *on_cycle, *told;
	size_t i, n = c->okr_ids.n;
	long j;

	/* References to key results that are gone (kr rm, a hand edit). */
	for (i = 0; i < c->krs.n; i++)
		(void)bops_strset_add(&krs, c->krs.v[i], strlen(c->krs.v[i]));
	for (i = 0; i < n; i++)
		(void)bops_strset_add(&okrs, c->okr_ids.v[i],
		    strlen(c->okr_ids.v[i]));
	for (i = 0; i + 2 < c->kr_refs.n; i += 3) {
		const char *v = c->kr_refs.v[i + 2];
		size_t olen = (size_t)(strchr(v, '/') - v);

		/* An objective that does not read is reported as such. */
		if (bops_strset_find(&okrs, v, olen) != BOPS_HASH_NONE &&
		    bops_strset_find(&krs, v, strlen(v)) == BOPS_HASH_NONE)
			problem(c, "%s: %s '%s': no such key result",
			    c->kr_refs.v[i], c->kr_refs.v[i + 1], v);
	}
	/* Objectives whose parents come back to them, once per cycle. */
	up = bops_calloc(n + 1, sizeof(*up));
	on_cycle = bops_calloc(n + 1, sizeof(*on_cycle));
	told = bops_calloc(n + 1, sizeof(*told));
	(void)bops_okr_cycles((const char *const *)c->okr_ids.v,
	    (const char *const *)c->okr_parents.v, n, up, on_cycle);
	for (i = 0; i < n; i++) {
		if (!on_cycle[i] || told[i])
			continue;
		bops_buf_reset(&chain);
		bops_buf_puts(&chain, c->okr_ids.v[i]);
		for (j = up[i]; j >= 0 && (size_t)j != i; j = up[j]) {
			told[j] = true;
			bops_buf_printf(&chain, " -> %s", c->okr_ids.v[j]);
		}
		bops_buf_printf(&chain, " -> %s", c->okr_ids.v[i]);
		problem(c, "okrs/%s.yaml: parent '%s' makes a cycle: %s",
		    c->okr_ids.v[i], c->okr_parents.v[i], chain.ptr);
	}
	/* Sprints that share days. */
	(void)bops_sprint_overlaps(c->spans, c->nspans);
	for (i = 0; i < c->nspans; i++) {
		const struct bops_sprint_span *a = &c->spans[i], *b;

		if (a->with < 0)
			continue;
		b = &c->spans[a->with];
		bops_buf_reset(&chain);
		bops_id_path(&chain, sprint->dir, sprint->sharded, a->id);
		bops_buf_reset(&d);
		bops_date_format(&d, b->start);
		bops_buf_puts(&d, "..");
		bops_date_format(&d, b->end);
		problem(c, "%s: shares days with sprint '%s' (%s)", chain.ptr,
		    b->id, d.ptr);
	}
	free(up);
	free(on_cycle);
	free(told);
	bops_strset_release(&krs);
	bops_strset_release(&okrs);
	bops_buf_release(&chain);
	bops_buf_release(&d);
}

/* People allocated more than their whole time across active projects. */
static void
warn_allocations(struct check *c)
{
	struct bops_problems w = BOPS_PROBLEMS_INIT;
	size_t i;

	bops_allocations_warnings(&w, &c->alloc);
	for (i = 0; i < w.n; i++)
		out_line("%s", w.v[i].msg);
	c->warnings += w.n;
	bops_problems_release(&w);
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
	if ((err = bops_repo_worktree_differs(&differs, c->ctx->ws->repo, path,
	    blob)))
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
	struct bops_problems all = BOPS_PROBLEMS_INIT;
	struct bops_buf want = BOPS_BUF_INIT;
	char id[BOPS_ID_MAX_LEN + 1];
	size_t i;

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
	/* Every problem of the file, not only the first a read stops at. */
	if ((err = bops_record_parse_all(&rec, &all, c->ctx->ws, kind, id,
	    c->data.ptr, c->data.len))) {
		if (err->code != BOPS_ERR_INVALID) {
			bops_problems_release(&all);
			bops_buf_release(&want);
			return err;
		}
		if (all.n == 0)
			problem(c, "%s", err->msg);
		for (i = 0; i < all.n; i++)
			problem(c, "%s", all.v[i].msg);
		bops_problems_release(&all);
	}
	if (rec) {
		const struct bops_node *cl = bops_record_get(rec,
		    "conflicts");
		const char *field;
		size_t k;

		if (rec->was) {
			/* Read as the current form: worth a look, no
			 * problem. */
			out_line("%s", rec->was);
			c->warnings++;
		}

		for (k = 0; cl && cl->type == BOPS_NODE_SEQ && k < cl->n; k++) {
			field = bops_node_map_str(cl->items[k], "field");
			problem(c, "%s: unresolved conflict in '%s' (bops "
			    "resolve %s %s)", path, field ? field : "?", id,
			    field ? field : "FIELD");
		}
		if ((err = check_refs(c, rec)) || (err = check_links(c, rec)))
			return err;
		keep_for_rules(c, rec);
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
	const char *kept;

	if (c->paths.n == c->paths.alloc)
		c->modes = bops_realloc(c->modes, (c->paths.alloc ?
		    c->paths.alloc * 2 : 16) * sizeof(*c->modes));
	c->modes[c->paths.n] = mode;
	kept = strings_add(&c->paths, path);
	(void)bops_strset_add(&c->tracked, kept, strlen(kept));
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
	char id[BOPS_ID_MAX_LEN + 1];
	size_t at = bops_strset_find(&c->tracked, path, strlen(path));
	unsigned mode = at == BOPS_HASH_NONE ? 0 : c->modes[at];

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

/*
 * bops.yaml, when it did not load: every problem in it, read again from
 * HEAD (the workspace kept only the first).
 */
static void
check_config(struct check *c)
{
	struct bops_problems all = BOPS_PROBLEMS_INIT;
	struct bops_ws *ws = c->ctx->ws;
	size_t i;

	bops_buf_reset(&c->data);
	if (bops_repo_read(ws->repo, ws->head, BOPS_CONFIG_PATH, &c->data,
	    NULL) == NULL)
		(void)bops_ws_config_check(&all, ws->config_schema,
		    BOPS_CONFIG_PATH, c->data.ptr, c->data.len);
	if (all.n == 0)
		problem(c, "%s", ws->config_err->msg);
	for (i = 0; i < all.n; i++)
		problem(c, "%s", all.v[i].msg);
	bops_problems_release(&all);
}

/*
 * What plain git needs to merge records field by field: a merge=bops
 * line in HEAD's .gitattributes for bops.yaml and each kind (a
 * workspace made before a kind existed lacks its line), and the driver
 * in git config (a plain git clone lacks it).  bops init adds both.
 */
static const struct bops_error *
check_merge_driver(struct check *c)
{
	const struct bops_error *err;
	struct bops_ws *ws = c->ctx->ws;
	struct bops_buf merged = BOPS_BUF_INIT, names = BOPS_BUF_INIT;
	bool known;

	bops_buf_reset(&c->data);
	err = bops_repo_read(ws->repo, ws->head, BOPS_ATTRIBUTES_PATH,
	    &c->data, NULL);
	if (err && err->code == BOPS_ERR_INVALID)
		problem(c, "%s", err->msg);
	else if (err && err->code != BOPS_ERR_NOT_FOUND)
		return err;
	else if (bops_ws_attributes_merge(&merged, &names, c->data.ptr,
	    c->data.len))
		problem(c, "%s: no merge=bops line for %s; run bops init to "
		    "add them", BOPS_ATTRIBUTES_PATH, names.ptr);
	bops_buf_release(&merged);
	bops_buf_release(&names);
	if ((err = bops_ws_driver_known(&known, ws->repo)))
		return err;
	if (!known)
		problem(c, ".git/config: no merge driver for merge=bops "
		    "(merge.bops.driver); run bops init to add it");
	return NULL;
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

	strings_release(&c->paths);
	memset(&c->paths, 0, sizeof(c->paths));
	bops_strset_release(&c->tracked);
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
cmd_check(struct bops_ctx *ctx, struct args *a)
{
	const struct bops_error *err = NULL;
	struct check c;
	struct bops_buf path = BOPS_BUF_INIT;
	char blob[BOPS_OID_HEXSZ + 1];
	size_t i;

	memset(&c, 0, sizeof(c));
	c.ctx = ctx;
	bops_buf_init(&c.data);
	if (ctx->ws->config_err)
		check_config(&c);
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
	if (ctx->ws->config) {
		struct bops_problems all = BOPS_PROBLEMS_INIT;
		size_t k;

		(void)bops_alias_check(&all, BOPS_CONFIG_PATH, ctx->ws->config,
		    command_names());
		for (k = 0; k < all.n; k++)
			problem(&c, "%s", all.v[k].msg);
		bops_problems_release(&all);
	}
	if ((err = bops_repo_entry_id(ctx->ws->repo, ctx->ws->head,
	    BOPS_CONFIG_PATH, blob)))
		goto done;
	if ((err = check_worktree(&c, BOPS_CONFIG_PATH, blob, "the config")))
		goto done;
	if ((err = check_merge_driver(&c)))
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
	if (ctx->ws->config) {
		check_between(&c);
		warn_allocations(&c);
	}
	if (c.problems) {
		say(ctx, "%zu problem%s found", c.problems,
		    c.problems == 1 ? "" : "s");
		err = bops_error(BOPS_ERR_FOUND);
	} else if (c.warnings)
		say(ctx, "no problem found; %zu warning%s", c.warnings,
		    c.warnings == 1 ? "" : "s");
done:
	bops_buf_release(&c.data);
	bops_buf_release(&path);
	strings_release(&c.okr_ids);
	strings_release(&c.okr_parents);
	strings_release(&c.krs);
	strings_release(&c.kr_refs);
	strings_release(&c.sprint_ids);
	free(c.spans);
	bops_allocations_release(&c.alloc);
	strings_release(&c.paths);
	free(c.modes);
	bops_strset_release(&c.tracked);
	return err;
}
