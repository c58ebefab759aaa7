#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "kind.h"
#include "merge.h"
#include "out.h"
#include "record.h"
#include "store.h"
#include "sync.h"
#include "yaml.h"
#include "banned.h"

void
bops_sync_result_release(struct bops_sync_result *r)
{
	bops_buf_release(&r->ids);
	bops_buf_release(&r->invalid);
	bops_buf_release(&r->refused);
	bops_buf_release(&r->files);
}

/* The schema for a path: a record kind's, or the config's. */
static const struct bops_error *
schema_of(struct bops_ws *ws, const char *path, const struct bops_schema **s,
    const struct bops_kind **kind, char *id)
{
	*s = NULL;
	*kind = bops_kind_of_path(path, id);
	if (*kind)
		return bops_ws_schema(s, ws, *kind);
	if (strcmp(path, BOPS_CONFIG_PATH) == 0)
		*s = ws->config_schema;
	return NULL;
}

/*
 * Validate a version of the file at path against s: a record with its
 * kind's own rules (a sprint's dates), as every read applies them.
 */
static const struct bops_error *
validate(struct bops_ws *ws, const char *path, const struct bops_schema *s,
    struct bops_node *root)
{
	struct bops_validate v = { path, bops_ws_config_get, ws };
	const struct bops_kind *kind;
	char id[BOPS_ID_MAX_LEN + 1];

	if ((kind = bops_kind_of_path(path, id)))
		return bops_record_validate(kind, s, id, root, &v);
	return bops_schema_validate(s, root, &v);
}

/* Parse and validate one version of a file; NULL data is absent. */
static const struct bops_error *
parse_version(struct bops_ws *ws, const char *path, const char *data,
    size_t len, const struct bops_schema *s, struct bops_node **out)
{
	const struct bops_error *err;

	*out = NULL;
	if (data == NULL)
		return NULL;
	if ((err = bops_yaml_load(out, path, data, len)))
		return err;
	if ((err = validate(ws, path, s, *out))) {
		bops_node_free(*out);
		*out = NULL;
	}
	return err;
}

/* The canonical bytes of a merged version, which must keep to the
 * profile as any write does. */
static const struct bops_error *
emit(struct bops_buf *out, struct bops_ws *ws, const char *path,
    const struct bops_schema *s, struct bops_node *root)
{
	const struct bops_error *err;
	size_t from = out->len;

	if ((err = validate(ws, path, s, root)))
		return err;
	if (s == ws->config_schema)
		err = bops_ws_config_emit(out, s, root);
	else
		err = bops_yaml_emit(out, root);
	if (err == NULL && out->len - from > BOPS_YAML_MAX_SIZE)
		err = bops_error_fmt(BOPS_ERR_INVALID, "%s:1:1: file too "
		    "large (%zu bytes, at most %d)", path, out->len - from,
		    BOPS_YAML_MAX_SIZE);
	return err;
}

const struct bops_error *
bops_sync_merge_file(struct bops_buf *out, struct bops_ws *ws,
    const char *path, const char *base, size_t blen, const char *ours,
    size_t olen, const char *theirs, size_t tlen, size_t *conflicts)
{
	const struct bops_error *err;
	const struct bops_schema *s;
	const struct bops_kind *kind;
	struct bops_node *b = NULL, *o = NULL, *t = NULL, *m = NULL;
	struct bops_merge_side none = { "", "" };
	char id[BOPS_ID_MAX_LEN + 1];

	*conflicts = 0;
	if ((err = schema_of(ws, path, &s, &kind, id)))
		return err;
	if (s == NULL)
		return bops_error_fmt(BOPS_ERR_INVALID, "%s: not a bops "
		    "record", path);
	if ((err = parse_version(ws, path, base, blen, s, &b)) ||
	    (err = parse_version(ws, path, ours, olen, s, &o)) ||
	    (err = parse_version(ws, path, theirs, tlen, s, &t)))
		goto done;
	m = bops_merge_record(s, b, o, t, &none, &none, conflicts);
	err = emit(out, ws, path, s, m);
done:
	bops_node_free(b);
	bops_node_free(o);
	bops_node_free(t);
	bops_node_free(m);
	return err;
}

/* The merge of two commits, path by path. */

struct merge_state {
	struct bops_ws *ws;
	const char *base, *ours, *theirs;
	struct bops_merge_side os, ts;
	struct bops_sync_result *r;
	struct bops_sync_changes *out;
};

void
bops_sync_changes_release(struct bops_sync_changes *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free((char *)c->c[i].path);
		free((char *)c->c[i].data);
	}
	free(c->c);
	memset(c, 0, sizeof(*c));
}

/* Record that the merge gives path the bytes data (NULL: removed). */
static void
change(struct merge_state *m, const char *path, const char *data, size_t len)
{
	struct bops_sync_changes *c = m->out;
	struct bops_change *ch;
	char *copy = NULL;

	if (c->n == c->alloc) {
		c->alloc = c->alloc ? c->alloc * 2 : 16;
		c->c = bops_realloc(c->c, c->alloc * sizeof(*c->c));
	}
	if (data) {
		copy = bops_malloc(len + 1);
		memcpy(copy, data, len);
		copy[len] = '\0';
	}
	ch = &c->c[c->n++];
	ch->path = bops_strdup(path);
	ch->data = copy;
	ch->len = data ? len : 0;
	ch->mode = 0;
}

static const struct bops_error *
read_at(struct bops_ws *ws, const char *commit, const char *path,
    struct bops_buf *out, bool *present)
{
	const struct bops_error *err;

	bops_buf_reset(out);
	*present = false;
	if (commit == NULL || *commit == '\0')
		return NULL;
	err = bops_repo_read(ws->repo, commit, path, out, NULL);
	if (err && err->code == BOPS_ERR_NOT_FOUND)
		return NULL;
	*present = err == NULL;
	return err;
}

static void
note(struct bops_buf *list, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
note(struct bops_buf *list, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bops_buf_vprintf(list, fmt, ap);
	va_end(ap);
	bops_buf_putc(list, '\n');
}

static void
record_changed(struct merge_state *m, const struct bops_kind *kind,
    const char *id)
{
	if (kind == NULL)
		return;
	bops_buf_printf(&m->r->ids, "%s\n", id);
	m->r->changed++;
}

/*
 * A file that is no record, changed by both sides: git's own line
 * merge.  Overlapping changes leave conflict markers in that file (and
 * only there), for its owner to settle with an editor and git.
 */
static const struct bops_error *
merge_other(struct merge_state *m, const char *path, bool bp,
    struct bops_buf *bd, bool op, struct bops_buf *od, bool tp,
    struct bops_buf *td)
{
	const struct bops_error *err;
	struct bops_buf out = BOPS_BUF_INIT, ol = BOPS_BUF_INIT;
	struct bops_buf tl = BOPS_BUF_INIT;
	bool clean;

	m->out->diverged = true;
	if (!tp) {
		/* Removed there, changed here: kept. */
		note(&m->r->files, "%s: removed by %.12s, changed here: kept",
		    path, m->theirs);
		m->r->conflicts++;
		return NULL;
	}
	if (!op) {
		change(m, path, td->ptr, td->len);
		note(&m->r->files, "%s: removed here, changed by %.12s: kept",
		    path, m->theirs);
		m->r->conflicts++;
		return NULL;
	}
	bops_buf_printf(&ol, "ours (%.12s)", m->ours);
	bops_buf_printf(&tl, "theirs (%.12s)", m->theirs);
	err = bops_repo_merge_file(&out, &clean, bp ? bd->ptr : NULL,
	    bd->len, od->ptr, od->len, td->ptr, td->len, path, ol.ptr, tl.ptr);
	if (err && err->code == BOPS_ERR_INVALID) {
		/* Binary: ours stays; theirs is in their commit. */
		note(&m->r->files, "%s: binary, changed on both sides: kept "
		    "ours; theirs is `git show %.12s:%s`", path, m->theirs,
		    path);
		m->r->conflicts++;
		err = NULL;
		goto done;
	}
	if (err)
		goto done;
	if (out.len != od->len || memcmp(out.ptr, od->ptr, out.len))
		change(m, path, out.ptr, out.len);
	if (!clean) {
		note(&m->r->files, "%s: changed on both sides: conflict markers "
		    "left in the file; edit it and commit with git", path);
		m->r->conflicts++;
	}
done:
	bops_buf_release(&out);
	bops_buf_release(&ol);
	bops_buf_release(&tl);
	return err;
}

/*
 * The commit of side tip (down to the merge base) that gave the field at
 * `field` of the record at path the value v, and its author; tip itself
 * when none is found.  A conflict names who made each value, not the
 * branch tip that carried it.
 */
static void
attribute(struct merge_state *m, const char *path, const char *field,
    const char *tip, const struct bops_node *v, struct bops_node *entry);

struct field_walk {
	struct merge_state *m;
	const char *path, *field;
	const struct bops_node *value;
	bool whole;		/* "(deleted)", "(too large)", "(no valid
				   merge)": any change to the record */
	char found[BOPS_OID_HEXSZ + 1];
	struct bops_buf author;
	struct bops_buf data;
};

/* The tree of the record at commit, unvalidated (an old version may
 * not meet today's schema), or NULL. */
static struct bops_node *
value_at(struct field_walk *w, const char *commit)
{
	struct bops_node *out = NULL;
	bool present;

	if (read_at(w->m->ws, commit, w->path, &w->data, &present) ||
	    !present || bops_yaml_load(&out, w->path, w->data.ptr,
	    w->data.len))
		return NULL;
	return out;
}

static const struct bops_error *
field_walk_one(const struct bops_commit_info *info, void *arg)
{
	struct field_walk *w = arg;
	struct bops_node *now = NULL, *before = NULL;
	const struct bops_schema *s = NULL;
	const struct bops_kind *kind;
	const struct bops_node *a, *b;
	char id[BOPS_ID_MAX_LEN + 1];
	bool hit;

	if (info->nparents > 1)
		return NULL;	/* a merge made no change of its own */
	if (w->whole)
		hit = true;
	else {
		if ((kind = bops_kind_of_path(w->path, id)))
			(void)bops_ws_schema(&s, w->m->ws, kind);
		now = value_at(w, info->id);
		before = value_at(w, info->parent);
		a = now ? bops_merge_get(now, s, w->field) : NULL;
		b = before ? bops_merge_get(before, s, w->field) : NULL;
		hit = bops_node_equal(a, w->value) &&
		    !bops_node_equal(b, w->value);
		bops_node_free(now);
		bops_node_free(before);
	}
	if (!hit)
		return NULL;
	memcpy(w->found, info->id, sizeof(w->found));
	/* A teammate's commit: its identity may hold anything. */
	bops_out_escape(&w->author, info->author_name,
	    strlen(info->author_name), 0);
	bops_buf_puts(&w->author, " <");
	bops_out_escape(&w->author, info->author_email,
	    strlen(info->author_email), 0);
	bops_buf_putc(&w->author, '>');
	return bops_error(BOPS_ERR_FOUND);
}

static void
attribute(struct merge_state *m, const char *path, const char *field,
    const char *tip, const struct bops_node *v, struct bops_node *entry)
{
	struct field_walk w;

	memset(&w, 0, sizeof(w));
	w.m = m;
	w.path = path;
	w.field = field;
	w.value = v;
	w.whole = field[0] == '(';
	bops_buf_init(&w.author);
	bops_buf_init(&w.data);
	(void)bops_repo_log_range(m->ws->repo, tip, m->base, path, 0,
	    field_walk_one, &w);
	if (w.found[0]) {
		bops_node_map_set_str(entry, "commit", w.found,
		    BOPS_SCALAR_TEXT);
		bops_node_map_set_str(entry, "author", w.author.ptr,
		    BOPS_SCALAR_TEXT);
	}
	bops_buf_release(&w.author);
	bops_buf_release(&w.data);
}

/* Every conflict entry the merge added names the commits that made its
 * values. */
static void
attribute_conflicts(struct merge_state *m, const char *path,
    struct bops_node *merged, const struct bops_node *o,
    const struct bops_node *t)
{
	struct bops_node *list = bops_node_map_get(merged, "conflicts");
	const struct bops_node *oc = bops_node_map_get(o, "conflicts");
	const struct bops_node *tc = bops_node_map_get(t, "conflicts");
	size_t i, k, j;

	for (i = 0; list && list->type == BOPS_NODE_SEQ && i < list->n; i++) {
		struct bops_node *e = list->items[i];
		struct bops_node *vals = bops_node_map_get(e, "values");
		const char *field = bops_node_map_str(e, "field");
		bool old = false;

		for (j = 0; oc && j < oc->n && !old; j++)
			old = bops_node_equal(oc->items[j], e);
		for (j = 0; tc && j < tc->n && !old; j++)
			old = bops_node_equal(tc->items[j], e);
		if (old || field == NULL || vals == NULL)
			continue;
		for (k = 0; k < vals->n; k++) {
			const char *c = bops_node_map_str(vals->items[k],
			    "commit");

			if (c == NULL || (strcmp(c, m->ours) &&
			    strcmp(c, m->theirs)))
				continue;
			attribute(m, path, field, strcmp(c, m->ours) == 0 ?
			    m->ours : m->theirs, bops_node_map_get(
			    vals->items[k], "value"), vals->items[k]);
		}
	}
}

/*
 * Both sides changed a record and their merge is no valid record: it
 * breaks the profile (a union of tags past 1 MiB: "(too large)") or a
 * rule of the kind (a sprint's start from one side and its end from the
 * other: "(no valid merge)").  The version that is smaller is kept,
 * whichever side made it, with a conflict named `label` for both, so
 * that no clone decides differently and nothing is lost (the other
 * version is in its commit).
 */
static struct bops_node *
whole_version(struct merge_state *m, const char *label, const struct bops_node *o,
    const struct bops_node *t, size_t *nc)
{
	struct bops_buf eo = BOPS_BUF_INIT, et = BOPS_BUF_INIT;
	struct bops_node *kept, *mark;
	bool keep_ours;
	int c;

	(void)bops_yaml_emit(&eo, o);
	(void)bops_yaml_emit(&et, t);
	c = memcmp(eo.ptr, et.ptr, eo.len < et.len ? eo.len : et.len);
	keep_ours = eo.len < et.len || (eo.len == et.len && c <= 0);
	kept = bops_node_dup(keep_ours ? o : t);
	mark = bops_node_new_scalar("kept", BOPS_SCALAR_TEXT);
	bops_merge_add_conflict(kept, label, NULL,
	    keep_ours ? mark : NULL, &m->os, keep_ours ? NULL : mark, &m->ts);
	bops_node_free(mark);
	bops_buf_release(&eo);
	bops_buf_release(&et);
	*nc = 1;
	return kept;
}

/*
 * The text of a record both sides changed since base b, into out, with
 * its count of conflicts in *nc: ours o and theirs t merged field by
 * field; one deleted (NULL) and the other changed, the changed one kept
 * with a "(deleted)" conflict; a merge that is no valid record (too
 * large, or against the kind's rules), one whole version with the
 * other as a conflict.  BOPS_ERR_INVALID when even that does not emit.
 */
static const struct bops_error *
merge_versions(struct merge_state *m, const char *path,
    const struct bops_schema *s, const struct bops_node *b,
    const struct bops_node *o, const struct bops_node *t,
    struct bops_buf *out, size_t *nc)
{
	const struct bops_error *err;
	struct bops_node *merged, *kept;

	if (o == NULL || t == NULL) {
		kept = bops_node_new_scalar("kept", BOPS_SCALAR_TEXT);
		merged = bops_node_dup(o ? o : t);
		bops_merge_add_conflict(merged, "(deleted)", NULL,
		    o ? kept : NULL, &m->os, t ? kept : NULL, &m->ts);
		bops_node_free(kept);
		*nc = 1;
	} else
		merged = bops_merge_record(s, b, o, t, &m->os, &m->ts, nc);
	attribute_conflicts(m, path, merged, o, t);
	if ((err = emit(out, m->ws, path, s, merged)) &&
	    err->code == BOPS_ERR_INVALID && o && t) {
		bops_node_free(merged);
		merged = whole_version(m, strstr(err->msg, "too large") ?
		    "(too large)" : "(no valid merge)", o, t, nc);
		attribute_conflicts(m, path, merged, o, t);
		bops_buf_reset(out);
		err = emit(out, m->ws, path, s, merged);
	}
	bops_node_free(merged);
	return err;
}

/* One path that theirs changed since the base. */
static const struct bops_error *
merge_path(const char *path, const char *base_blob, const char *their_blob,
    void *arg)
{
	struct merge_state *m = arg;
	const struct bops_error *err = NULL, *bad;
	const struct bops_schema *s;
	const struct bops_kind *kind;
	struct bops_buf bd = BOPS_BUF_INIT, od = BOPS_BUF_INIT;
	struct bops_buf td = BOPS_BUF_INIT, out = BOPS_BUF_INIT;
	struct bops_node *b = NULL, *o = NULL, *t = NULL;
	char our_blob[BOPS_OID_HEXSZ + 1], id[BOPS_ID_MAX_LEN + 1];
	bool bp, op, tp;
	size_t nc = 0;

	if ((err = bops_repo_entry_id(m->ws->repo, m->ours, path, our_blob)))
		return err;
	if (strcmp(our_blob, their_blob) == 0)
		return NULL;		/* both made the same change */
	if ((err = schema_of(m->ws, path, &s, &kind, id)))
		return err;
	if ((err = read_at(m->ws, m->base, path, &bd, &bp)) ||
	    (err = read_at(m->ws, m->ours, path, &od, &op)) ||
	    (err = read_at(m->ws, m->theirs, path, &td, &tp)))
		goto done;
	if (s == NULL) {
		/* Not a record: take theirs when ours did not change it. */
		if (strcmp(our_blob, base_blob) == 0)
			change(m, path, tp ? td.ptr : NULL, td.len);
		else
			err = merge_other(m, path, bp, &bd, op, &od, tp, &td);
		goto done;
	}
	/* What came in is validated against the merged config. */
	bad = tp ? parse_version(m->ws, path, td.ptr, td.len, s, &t) : NULL;
	if (strcmp(our_blob, base_blob) == 0) {
		/* Only theirs changed it. */
		if (!tp)
			change(m, path, NULL, 0);
		else if (bad) {
			/* Kept as it came: never dropped, never rewritten. */
			change(m, path, td.ptr, td.len);
			note(&m->r->invalid, "%s", bad->msg);
		} else if ((err = emit(&out, m->ws, path, s, t)) == NULL) {
			char hash[BOPS_OID_HEXSZ + 1];

			/* Not canonical as it came: a commit must say so. */
			bops_repo_hash(out.ptr, out.len, hash);
			if (strcmp(hash, their_blob))
				m->out->diverged = true;
			change(m, path, out.ptr, out.len);
		}
		if (err == NULL)
			record_changed(m, kind, id);
		goto done;
	}
	m->out->diverged = true;
	if (op && bad == NULL)
		bad = parse_version(m->ws, path, od.ptr, od.len, s, &o);
	if (bad) {
		/* No field merge can keep both: refuse the whole merge. */
		note(&m->r->refused, "%s", bad->msg);
		goto done;
	}
	if (bp)
		(void)parse_version(m->ws, path, bd.ptr, bd.len, s, &b);
	if ((err = merge_versions(m, path, s, b, o, t, &out, &nc))) {
		if (err->code == BOPS_ERR_INVALID) {
			note(&m->r->refused, "%s", err->msg);
			err = NULL;
		}
		goto done;
	}
	if (!op || out.len != od.len || memcmp(out.ptr, od.ptr, out.len)) {
		change(m, path, out.ptr, out.len);
		record_changed(m, kind, id);
	}
	m->r->conflicts += nc;
done:
	bops_node_free(b);
	bops_node_free(o);
	bops_node_free(t);
	bops_buf_release(&bd);
	bops_buf_release(&od);
	bops_buf_release(&td);
	bops_buf_release(&out);
	return err;
}

/*
 * Path as commit holds it, type and all, as the merge's change: a link
 * (its target), a submodule (its commit, in hex), an executable file.
 */
static const struct bops_error *
change_as_at(struct merge_state *m, const char *path, const char *hex,
    unsigned mode)
{
	const struct bops_error *err = NULL;
	struct bops_buf data = BOPS_BUF_INIT;

	if (mode == 0)
		change(m, path, NULL, 0);
	else if (mode == BOPS_MODE_GITLINK)
		bops_buf_puts(&data, hex);
	else
		err = bops_repo_read_blob(m->ws->repo, hex, &data);
	if (err == NULL && mode) {
		change(m, path, data.ptr, data.len);
		m->out->c[m->out->n - 1].mode = mode;
	}
	bops_buf_release(&data);
	return err;
}

#define SPECIAL(mode) ((mode) == BOPS_MODE_LINK || (mode) == BOPS_MODE_GITLINK)

/*
 * A path where a side holds a link or a submodule: its content is no
 * file's, so it is neither parsed nor merged, and it is carried with its
 * mode; so is an executable file that ours did not change.  At a record
 * path (or bops.yaml), a link or a submodule is a record that does not
 * validate.  Anything else: merge_path.
 */
static const struct bops_error *
merge_entry(const char *path, const char *base_blob, const char *their_blob,
    void *arg)
{
	struct merge_state *m = arg;
	const struct bops_error *err, *bad = NULL;
	const struct bops_schema *s;
	const struct bops_kind *kind;
	struct bops_buf td = BOPS_BUF_INIT;
	struct bops_node *t = NULL;
	char bh[BOPS_OID_HEXSZ + 1], oh[BOPS_OID_HEXSZ + 1];
	char th[BOPS_OID_HEXSZ + 1], id[BOPS_ID_MAX_LEN + 1];
	unsigned bm, om, tm;
	bool ours_same;

	if ((err = bops_repo_entry_mode(m->ws->repo, m->base, path, bh, &bm)) ||
	    (err = bops_repo_entry_mode(m->ws->repo, m->ours, path, oh, &om)) ||
	    (err = bops_repo_entry_mode(m->ws->repo, m->theirs, path, th,
	    &tm)))
		return err;
	ours_same = om == bm && strcmp(oh, bh) == 0;
	if (!SPECIAL(bm) && !SPECIAL(om) && !SPECIAL(tm) && !(ours_same &&
	    (bm == BOPS_MODE_EXEC || tm == BOPS_MODE_EXEC)))
		return merge_path(path, base_blob, their_blob, arg);
	if (om == tm && strcmp(oh, th) == 0)
		return NULL;		/* both made the same change */
	if ((err = schema_of(m->ws, path, &s, &kind, id)))
		return err;
	m->out->diverged |= !ours_same;
	if (s && SPECIAL(tm))
		bad = bops_error_fmt(BOPS_ERR_INVALID, "%s: %s, not a regular "
		    "file", path, bops_repo_mode_name(tm));
	else if (s && tm && (err = bops_repo_read(m->ws->repo, m->theirs,
	    path, &td, NULL)) == NULL)
		bad = parse_version(m->ws, path, td.ptr, td.len, s, &t);
	if (err)
		goto done;
	if (!ours_same) {
		/* Changed on both sides: ours stays, or nothing merges. */
		if (s && bad)
			note(&m->r->refused, "%s", bad->msg);
		else if (s)
			note(&m->r->refused, "%s: %s, changed on both sides",
			    path, bops_repo_mode_name(SPECIAL(om) ? om : tm));
		else {
			note(&m->r->files, "%s: %s changed on both sides: kept "
			    "ours; theirs is in %.12s", path,
			    bops_repo_mode_name(SPECIAL(om) ? om : tm),
			    m->theirs);
			m->r->conflicts++;
		}
		goto done;
	}
	/* Only theirs changed it: taken as it came, kept if broken. */
	if ((err = change_as_at(m, path, th, tm)))
		goto done;
	if (bad)
		note(&m->r->invalid, "%s", bad->msg);
	record_changed(m, kind, id);
done:
	bops_node_free(t);
	bops_buf_release(&td);
	return err;
}

#undef SPECIAL

/* Every path but bops.yaml: that one goes first. */
static const struct bops_error *
merge_record_path(const char *path, const char *base_blob,
    const char *their_blob, void *arg)
{
	if (strcmp(path, BOPS_CONFIG_PATH) == 0)
		return NULL;
	return merge_entry(path, base_blob, their_blob, arg);
}

static void
author_of(struct bops_ws *ws, const char *commit, struct bops_buf *out)
{
	struct bops_commit_info info;
	struct bops_buf name = BOPS_BUF_INIT, email = BOPS_BUF_INIT;
	struct bops_buf summary = BOPS_BUF_INIT;

	if (bops_repo_commit_info(&info, &name, &email, &summary, ws->repo,
	    commit) == NULL) {
		/* A teammate's commit: its identity may hold anything. */
		bops_out_escape(out, name.ptr, name.len, 0);
		bops_buf_puts(out, " <");
		bops_out_escape(out, email.ptr, email.len, 0);
		bops_buf_putc(out, '>');
	}
	bops_buf_release(&name);
	bops_buf_release(&email);
	bops_buf_release(&summary);
}

const struct bops_error *
bops_sync_merge_commits(struct bops_sync_changes *out,
    struct bops_sync_result *r, struct bops_ws *ws, const char *base,
    const char *ours, const char *theirs)
{
	const struct bops_error *err;
	struct merge_state m;
	struct bops_buf oa = BOPS_BUF_INIT, ta = BOPS_BUF_INIT;
	char bc[BOPS_OID_HEXSZ + 1], tc[BOPS_OID_HEXSZ + 1];
	size_t i;

	memset(out, 0, sizeof(*out));
	memset(&m, 0, sizeof(m));
	m.ws = ws;
	m.base = base;
	m.ours = ours;
	m.theirs = theirs;
	m.r = r;
	m.out = out;
	author_of(ws, ours, &oa);
	author_of(ws, theirs, &ta);
	m.os = (struct bops_merge_side){ ours, oa.ptr };
	m.ts = (struct bops_merge_side){ theirs, ta.ptr };
	/*
	 * The config first: what came in is validated against the config
	 * the merge makes, not against the one this clone had.
	 */
	if ((err = bops_repo_entry_id(ws->repo, base, BOPS_CONFIG_PATH, bc)) ||
	    (err = bops_repo_entry_id(ws->repo, theirs, BOPS_CONFIG_PATH, tc)))
		goto done;
	if (strcmp(bc, tc) && (err = merge_entry(BOPS_CONFIG_PATH, bc, tc,
	    &m)))
		goto done;
	for (i = 0; i < out->n; i++) {
		if (strcmp(out->c[i].path, BOPS_CONFIG_PATH) ||
		    out->c[i].data == NULL)
			continue;
		if ((err = bops_ws_config_use(ws, out->c[i].data,
		    out->c[i].len))) {
			if (err->code != BOPS_ERR_INVALID)
				goto done;
			note(&r->refused, "%s", err->msg);
			err = NULL;
		}
	}
	if (r->refused.len == 0)
		err = bops_repo_diff_trees(ws->repo, base, theirs,
		    merge_record_path, &m);
	if (err == NULL && r->refused.len)
		out->refused = true;
done:
	if (err)
		bops_sync_changes_release(out);
	bops_buf_release(&oa);
	bops_buf_release(&ta);
	return err;
}

/*
 * The rules of a kind apply to what a merge writes too, as to any write
 * (under BOPS_TXN_MERGE they refuse nothing and add nothing).  A record
 * kept as it came, which does not validate, has none to meet.
 */
static const struct bops_error *
merged_rules(struct bops_ws *ws, struct bops_txn *txn,
    const struct bops_change *c)
{
	const struct bops_error *err;
	const struct bops_kind *kind;
	struct bops_record *rec = NULL, *before = NULL;
	char id[BOPS_ID_MAX_LEN + 1];

	if ((kind = bops_kind_of_path(c->path, id)) == NULL ||
	    kind->rules == NULL || kind->rules->check == NULL)
		return NULL;
	if (c->data && bops_record_parse(&rec, ws, kind, id, c->data,
	    c->len))
		return NULL;
	if (bops_store_read(&before, ws, kind, NULL, id))
		before = NULL;
	err = rec || before ? bops_txn_check(txn, before, rec) : NULL;
	bops_record_free(rec);
	bops_record_free(before);
	return err;
}

const struct bops_error *
bops_sync_merge(struct bops_ws *ws, struct bops_txn *txn,
    const char *theirs_hex, const char *label, struct bops_sync_result *r)
{
	const struct bops_error *err;
	struct bops_sync_changes ch;
	struct bops_buf msg = BOPS_BUF_INIT;
	char base[BOPS_OID_HEXSZ + 1], ours[BOPS_OID_HEXSZ + 1];
	bool contained;
	size_t i, in = 0;
	unsigned flags;
	/* What r said before: a merge that fails counts nothing. */
	size_t changed = r->changed, conflicts = r->conflicts;
	size_t ids = r->ids.len, invalid = r->invalid.len;
	size_t files = r->files.len;

	memset(&ch, 0, sizeof(ch));
	snprintf(ours, sizeof(ours), "%s", ws->head);
	if (ours[0] && (err = bops_repo_descendant(&contained, ws->repo, ours,
	    theirs_hex)))
		return err;
	if (ours[0] && contained)
		return NULL;		/* nothing new came in */
	base[0] = '\0';
	if (ours[0] && (err = bops_repo_merge_base(ws->repo, ours, theirs_hex,
	    base)))
		return err;
	if ((err = bops_repo_count(&in, ws->repo, theirs_hex, ours)))
		return err;
	if ((err = bops_sync_merge_commits(&ch, r, ws, base, ours, theirs_hex)))
		goto done;
	if (ch.refused) {
		err = bops_error_fmt(BOPS_ERR_INVALID, "sync: nothing merged: "
		    "a record that does not validate was changed on both "
		    "sides; fix it (bops check lists it), then sync again");
		goto done;
	}
	flags = bops_txn_flags(txn);
	bops_txn_set_flags(txn, flags | BOPS_TXN_MERGE);
	for (i = 0; i < ch.n && err == NULL; i++) {
		if ((err = merged_rules(ws, txn, &ch.c[i])))
			break;
		err = ch.c[i].data ? bops_txn_put_entry(txn, ch.c[i].path,
		    ch.c[i].data, ch.c[i].len, ch.c[i].mode) :
		    bops_txn_delete_file(txn, ch.c[i].path);
	}
	bops_txn_set_flags(txn, flags);
	if (err)
		goto done;
	/* Our history is inside theirs and all of it came in as it is. */
	if (strcmp(base, ours) == 0 && !ch.diverged)
		err = bops_txn_commit_ex(txn, "sync: fast-forward", NULL,
		    theirs_hex, NULL);
	else {
		bops_buf_printf(&msg, "sync: merge %s", label);
		if (r->conflicts > conflicts)
			bops_buf_printf(&msg, " (%zu conflict%s)",
			    r->conflicts - conflicts,
			    r->conflicts - conflicts == 1 ? "" : "s");
		err = bops_txn_commit_ex(txn, msg.ptr, theirs_hex, NULL, NULL);
	}
	if (err == NULL)
		r->in += in;
done:
	if (err) {
		r->changed = changed;
		r->conflicts = conflicts;
		bops_buf_truncate(&r->ids, ids);
		if (err->code != BOPS_ERR_INVALID) {
			bops_buf_truncate(&r->invalid, invalid);
			bops_buf_truncate(&r->files, files);
		}
		/* The config goes back to HEAD's. */
		(void)bops_ws_refresh(ws);
	}
	bops_sync_changes_release(&ch);
	bops_buf_release(&msg);
	return err;
}

/*
 * A sync killed in a fetch leaves locks on the remote-tracking refs, and
 * the pack it was receiving with its index's lock, that no one will
 * remove.  A marker file, written under the workspace lock
 * before the first fetch and removed at the end, tells them apart: a lock
 * no older than a marker left behind was made by that dead sync.
 */
static bool
not_older(const struct timespec *t, const struct timespec *than)
{
	return t->tv_sec > than->tv_sec || (t->tv_sec == than->tv_sec &&
	    t->tv_nsec >= than->tv_nsec);
}

/*
 * Remove what a dead sync left below dir (depth levels at most): files
 * no older than since whose name ends with `suffix` (NULL: any) and
 * starts with `prefix` (NULL: any).
 */
static void
remove_stale(const char *dir, const struct timespec *since,
    const char *prefix, const char *suffix, unsigned depth)
{
	struct bops_buf p = BOPS_BUF_INIT;
	struct dirent *de;
	struct stat st;
	size_t len, sl = suffix ? strlen(suffix) : 0;
	DIR *d;

	if (depth > 8 || (d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		bops_buf_reset(&p);
		bops_buf_printf(&p, "%s/%s", dir, de->d_name);
		if (lstat(p.ptr, &st) == -1)
			continue;
		len = strlen(de->d_name);
		if (S_ISDIR(st.st_mode))
			remove_stale(p.ptr, since, prefix, suffix, depth + 1);
		else if (S_ISREG(st.st_mode) && (suffix == NULL ||
		    (len > sl && strcmp(de->d_name + len - sl, suffix) == 0)) &&
		    (prefix == NULL || strncmp(de->d_name, prefix,
		    strlen(prefix)) == 0) && not_older(&st.st_mtim, since))
			(void)unlink(p.ptr);
	}
	closedir(d);
	bops_buf_release(&p);
}

static const struct bops_error *
marker_begin(struct bops_ws *ws, const char *remote, struct bops_buf *marker)
{
	const char *gitdir = bops_repo_gitdir(ws->repo);
	struct bops_buf p = BOPS_BUF_INIT;
	struct stat st, lk;

	bops_buf_printf(marker, "%sbops/sync", gitdir);
	if (lstat(marker->ptr, &st) == 0 && strstr(remote, "..") == NULL) {
		bops_buf_printf(&p, "%srefs/remotes/%s", gitdir, remote);
		remove_stale(p.ptr, &st.st_mtim, NULL, ".lock", 0);
		/* libgit2's pack being received, and its index's lock. */
		bops_buf_reset(&p);
		bops_buf_printf(&p, "%sobjects/pack", gitdir);
		remove_stale(p.ptr, &st.st_mtim, "pack_git2_", NULL, 8);
		bops_buf_reset(&p);
		bops_buf_printf(&p, "%spacked-refs.lock", gitdir);
		if (lstat(p.ptr, &lk) == 0 && not_older(&lk.st_mtim,
		    &st.st_mtim))
			(void)unlink(p.ptr);
	}
	bops_buf_release(&p);
	return bops_file_write_atomic(marker->ptr, remote, strlen(remote));
}

const struct bops_error *
bops_sync(struct bops_ws *ws, const char *remote, const char *branch,
    struct bops_sync_result *r)
{
	const struct bops_error *err = NULL;
	struct bops_txn *txn = NULL;
	struct bops_buf tracking = BOPS_BUF_INIT, label = BOPS_BUF_INIT;
	struct bops_buf rref = BOPS_BUF_INIT, marker = BOPS_BUF_INIT;
	char theirs[BOPS_OID_HEXSZ + 1];
	const char *br;
	bool nonff = false, contained;
	int attempt;

	memset(r, 0, sizeof(*r));
	bops_buf_init(&r->ids);
	bops_buf_init(&r->invalid);
	bops_buf_init(&r->refused);
	bops_buf_init(&r->files);
	if ((err = bops_git_check_names(remote, branch)))
		return err;
	if ((err = bops_txn_begin(&txn, ws)))
		return err;
	if ((err = marker_begin(ws, remote, &marker))) {
		bops_txn_free(txn);
		bops_buf_release(&marker);
		return err;
	}
	br = branch ? branch : strncmp(ws->refname.ptr, "refs/heads/", 11) ==
	    0 ? ws->refname.ptr + 11 : ws->refname.ptr;
	bops_buf_printf(&tracking, "refs/remotes/%s/%s", remote, br);
	bops_buf_printf(&label, "%s/%s", remote, br);
	bops_buf_printf(&rref, "refs/heads/%s", br);
	for (attempt = 0; attempt < BOPS_SYNC_TRIES; attempt++) {
		if ((err = bops_repo_fetch(ws->repo, remote)))
			break;
		err = bops_repo_resolve(ws->repo, tracking.ptr, theirs);
		if (err && err->code != BOPS_ERR_NOT_FOUND)
			break;
		if (err == NULL) {
			if ((err = bops_sync_merge(ws, txn, theirs, label.ptr,
			    r)))
				break;
		} else
			theirs[0] = '\0';
		err = NULL;
		/* Anything to send? */
		contained = false;
		if (theirs[0] && (err = bops_repo_descendant(&contained,
		    ws->repo, theirs, ws->head)))
			break;
		if (ws->head[0] == '\0' || contained)
			break;
		/*
		 * A record kept as it came though it does not validate:
		 * merged here, pushed by the next sync, once seen.
		 */
		if (r->invalid.len)
			break;
		if ((err = bops_repo_count(&r->out, ws->repo, ws->head,
		    theirs)))
			break;
		err = bops_repo_push(ws->repo, remote, ws->refname.ptr,
		    rref.ptr, &nonff);
		if (err == NULL) {
			r->pushed = true;
			break;
		}
		if (!nonff)
			break;
	}
	if (err && nonff && attempt == BOPS_SYNC_TRIES)
		err = bops_error_fmt(BOPS_ERR_REMOTE, "remote '%s' kept "
		    "moving: gave up after %d tries (%s)", remote,
		    BOPS_SYNC_TRIES, err->msg);
	(void)unlink(marker.ptr);
	bops_buf_release(&marker);
	bops_txn_free(txn);
	bops_buf_release(&tracking);
	bops_buf_release(&label);
	bops_buf_release(&rref);
	return err;
}
