#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kind.h"
#include "merge.h"
#include "undo.h"
#include "yaml.h"
#include "banned.h"

#define REVERTS "This reverts commit "

void
bops_undo_release(struct bops_undo *u)
{
	u->commit[0] = '\0';
	bops_buf_release(&u->subject);
}

bool
bops_undo_is_change(const char *subject)
{
	const char *sp = strchr(subject, ' ');
	char word[32];
	size_t len;

	if (strncmp(subject, "config: ", 8) == 0 ||
	    strncmp(subject, "undo: ", 6) == 0 ||
	    strncmp(subject, "redo: ", 6) == 0)
		return true;
	if (sp == NULL || (len = (size_t)(sp - subject)) >= sizeof(word) ||
	    len < 2)
		return false;
	memcpy(word, subject, len);
	word[len] = '\0';
	/* "okr: measure ..." or "task 7kq3: ..." */
	if (word[len - 1] == ':') {
		word[len - 1] = '\0';
		return bops_kind_find(word) != NULL;
	}
	return bops_kind_find(word) != NULL && strchr(sp + 1, ':') != NULL;
}

struct find {
	const char *email;
	/* the commits a later commit reverts */
	char (*undone)[BOPS_OID_HEXSZ + 1];
	size_t n, alloc;
	struct bops_undo *out;
};

static bool
is_undone(const struct find *f, const char *id)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (strcmp(f->undone[i], id) == 0)
			return true;
	return false;
}

/* Note each "This reverts commit <id>." line of a message. */
static void
note_reverts(struct find *f, const char *msg)
{
	const char *line, *hex;
	size_t i;

	for (line = msg; line && *line; line = strchr(line, '\n'),
	    line = line ? line + 1 : NULL) {
		if (strncmp(line, REVERTS, strlen(REVERTS)))
			continue;
		hex = line + strlen(REVERTS);
		for (i = 0; i < BOPS_OID_HEXSZ; i++)
			if (!((hex[i] >= '0' && hex[i] <= '9') ||
			    (hex[i] >= 'a' && hex[i] <= 'f')))
				break;
		if (i < BOPS_OID_HEXSZ)
			continue;
		if (f->n == f->alloc) {
			f->alloc = f->alloc ? 2 * f->alloc : 8;
			f->undone = bops_realloc(f->undone, f->alloc *
			    sizeof(*f->undone));
		}
		memcpy(f->undone[f->n], hex, BOPS_OID_HEXSZ);
		f->undone[f->n++][BOPS_OID_HEXSZ] = '\0';
	}
}

static const struct bops_error *
find_one(const struct bops_commit_info *info, void *arg)
{
	struct find *f = arg;

	/*
	 * Newest first, so a revert is seen before what it reverts; a
	 * revert that was itself reverted counts for nothing.
	 */
	if (is_undone(f, info->id))
		return NULL;
	if (info->message)
		note_reverts(f, info->message);
	if (info->nparents != 1 || !bops_undo_is_change(info->summary))
		return NULL;
	if (f->email && strcasecmp(info->author_email, f->email) != 0)
		return NULL;
	memcpy(f->out->commit, info->id, sizeof(f->out->commit));
	bops_buf_reset(&f->out->subject);
	bops_buf_puts(&f->out->subject, info->summary);
	return bops_error(BOPS_ERR_FOUND);
}

const struct bops_error *
bops_undo_find(struct bops_undo *out, struct bops_ws *ws, const char *name,
    const char *email)
{
	const struct bops_error *err;
	struct find f;

	memset(&f, 0, sizeof(f));
	f.email = email;
	f.out = out;
	out->commit[0] = '\0';
	err = bops_repo_log(ws->repo, ws->head, NULL, 0, find_one, &f);
	free(f.undone);
	if (err && err->code == BOPS_ERR_FOUND)
		return NULL;
	if (err)
		return err;
	if (email)
		return bops_error_fmt(BOPS_ERR_REFUSED, "nothing to undo: no "
		    "bops change by %s <%s>", name ? name : "", email);
	return bops_error_fmt(BOPS_ERR_REFUSED, "nothing to undo: no bops "
	    "change");
}

struct stage {
	struct bops_ws *ws;
	struct bops_txn *txn;
	struct bops_buf *ids;
};

/* Stage data at path (NULL: delete it); note id when that staged it. */
static const struct bops_error *
stage_put(struct stage *st, const char *path, const char *data, size_t len,
    const char *id)
{
	const struct bops_error *err;
	size_t before = bops_txn_count(st->txn);

	if (data)
		err = bops_txn_put_file(st->txn, path, data, len);
	else
		err = bops_txn_delete_file(st->txn, path);
	if (err == NULL && id[0] && bops_txn_count(st->txn) > before)
		bops_buf_printf(st->ids, "%s\n", id);
	return err;
}

/* A record's or the config's schema by path, or NULL for other files. */
static const struct bops_error *
schema_of(struct bops_ws *ws, const char *path,
    const struct bops_schema **s, char *id)
{
	const struct bops_kind *kind = bops_kind_of_path(path, id);

	*s = NULL;
	if (kind)
		return bops_ws_schema(s, ws, kind);
	id[0] = '\0';
	if (strcmp(path, BOPS_CONFIG_PATH) == 0)
		*s = ws->config_schema;
	return NULL;
}

/* One version of a file, parsed and validated; NULL for blob "". */
static const struct bops_error *
version(struct bops_ws *ws, const char *path, const struct bops_schema *s,
    const char *blob, struct bops_node **out)
{
	const struct bops_error *err;
	struct bops_buf data = BOPS_BUF_INIT;
	struct bops_validate v = { path, bops_ws_config_get, ws };

	*out = NULL;
	if (blob[0] == '\0')
		return NULL;
	if ((err = bops_repo_read_blob(ws->repo, blob, &data)) == NULL &&
	    (err = bops_yaml_load(out, path, data.ptr, data.len)) == NULL &&
	    (err = bops_schema_validate(s, *out, &v))) {
		bops_node_free(*out);
		*out = NULL;
	}
	bops_buf_release(&data);
	return err;
}

/* The fields a revert could not merge: the last n conflict entries. */
static const struct bops_error *
conflict(const char *path, const struct bops_node *merged, size_t n)
{
	const struct bops_node *list = bops_node_map_get(merged, "conflicts");
	struct bops_buf fields = BOPS_BUF_INIT;
	const struct bops_error *err;
	const char *f;
	size_t i;

	for (i = list && list->n > n ? list->n - n : 0; list && i < list->n;
	    i++) {
		f = bops_node_map_str(list->items[i], "field");
		bops_buf_printf(&fields, "%s'%s'", fields.len ? ", " : "",
		    f ? f : "?");
	}
	err = bops_error_fmt(BOPS_ERR_CONFLICT, "%s: %s changed since", path,
	    fields.ptr);
	bops_buf_release(&fields);
	return err;
}

/* A file changed since the change: its inverse merged onto it. */
static const struct bops_error *
stage_merge(struct stage *st, const char *path, const char *before_blob,
    const char *change_blob, const char *current_blob)
{
	const struct bops_error *err;
	const struct bops_schema *s;
	struct bops_node *before = NULL, *change = NULL, *current = NULL;
	struct bops_node *merged = NULL;
	struct bops_validate v = { path, bops_ws_config_get, st->ws };
	struct bops_buf out = BOPS_BUF_INIT;
	char id[BOPS_ID_MAX_LEN + 1];
	size_t nc = 0;

	if ((err = schema_of(st->ws, path, &s, id)))
		return err;
	if (s == NULL)
		return bops_error_fmt(BOPS_ERR_CONFLICT, "%s: changed since",
		    path);
	if ((err = version(st->ws, path, s, before_blob, &before)) ||
	    (err = version(st->ws, path, s, change_blob, &change)) ||
	    (err = version(st->ws, path, s, current_blob, &current)))
		goto done;
	if (current == NULL) {
		err = bops_error_fmt(BOPS_ERR_CONFLICT, "%s: removed since",
		    path);
		goto done;
	}
	if (change == NULL || before == NULL) {
		/* Removed by the change and made again, or made by the
		 * change and changed since: taking it back loses that. */
		err = bops_error_fmt(BOPS_ERR_CONFLICT, "%s: %s since", path,
		    change == NULL ? "made again" : "changed");
		goto done;
	}
	merged = bops_merge_revert(s, change, current, before, &nc);
	if (nc) {
		err = conflict(path, merged, nc);
		goto done;
	}
	if ((err = bops_schema_validate(s, merged, &v)))
		goto done;
	if (s == st->ws->config_schema)
		err = bops_ws_config_emit(&out, s, merged);
	else
		err = bops_yaml_emit(&out, merged);
	if (err == NULL)
		err = stage_put(st, path, out.ptr, out.len, id);
done:
	bops_node_free(before);
	bops_node_free(change);
	bops_node_free(current);
	bops_node_free(merged);
	bops_buf_release(&out);
	return err;
}

static const struct bops_error *
stage_one(const char *path, const char *before_blob, const char *change_blob,
    void *arg)
{
	const struct bops_error *err;
	struct stage *st = arg;
	struct bops_buf data = BOPS_BUF_INIT;
	char current[BOPS_OID_HEXSZ + 1], id[BOPS_ID_MAX_LEN + 1];

	if ((err = bops_repo_entry_id(st->ws->repo, st->ws->head, path,
	    current)))
		return err;
	if (strcmp(current, before_blob) == 0)
		return NULL;		/* as it was before the change */
	if (strcmp(current, change_blob))
		return stage_merge(st, path, before_blob, change_blob,
		    current);
	/* As the change left it: the version before, byte for byte. */
	if (!bops_kind_of_path(path, id))
		id[0] = '\0';
	if (before_blob[0] == '\0')
		err = stage_put(st, path, NULL, 0, id);
	else if ((err = bops_repo_read_blob(st->ws->repo, before_blob,
	    &data)) == NULL)
		err = stage_put(st, path, data.ptr, data.len, id);
	bops_buf_release(&data);
	return err;
}

const struct bops_error *
bops_undo_stage(struct bops_ws *ws, struct bops_txn *txn,
    const struct bops_undo *u, struct bops_buf *ids)
{
	const struct bops_error *err;
	struct stage st = { ws, txn, ids };

	if ((err = bops_repo_commit_diff(ws->repo, u->commit, stage_one,
	    &st)))
		return err;
	if (bops_txn_count(txn) == 0)
		return bops_error_fmt(BOPS_ERR_REFUSED, "nothing to undo: "
		    "'%s' (%.10s) is taken back already", u->subject.ptr,
		    u->commit);
	return NULL;
}

void
bops_undo_message(const struct bops_undo *u, struct bops_buf *subject,
    struct bops_buf *body)
{
	const char *s = u->subject.ptr;

	if (strncmp(s, "undo: ", 6) == 0)
		bops_buf_printf(subject, "redo: %s", s + 6);
	else if (strncmp(s, "redo: ", 6) == 0)
		bops_buf_printf(subject, "undo: %s", s + 6);
	else
		bops_buf_printf(subject, "undo: %s", s);
	bops_buf_printf(body, REVERTS "%s.\n", u->commit);
}
