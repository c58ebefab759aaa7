/*
 * store-max.c: the greatest value of a field among a kind's records,
 * remembered.  A new task's rank must be past every other one's; found
 * by a scan of every record on each add, it was half of an add at
 * 100,000 records.
 *
 * .git/bops/cache/<kind>.max.<field> holds what the last call found:
 *
 *	BOPSMAX1
 *	<the commit it was found at>
 *	<the cache key of the kind there: magic, tree, config, schema>
 *	<1 when a record has the field, else 0> <the value's length>
 *	<the value's bytes>
 *
 * The same key at HEAD (the same tree of records, config and schema,
 * whatever commit moved HEAD): the value, with no libgit2.  Another
 * tree, with the same config and schema: the records that changed
 * between the two commits (diff_dir, which enters only the shards whose
 * trees differ, O(change)) settle it when they are at most MAX_CHANGED,
 * unless one of them held the greatest value and holds less now (the
 * greatest may then be any record's).  Otherwise, or with no file, or
 * one that does not parse: the scan, bops_store_scan_max.  Each answer
 * at HEAD is written back.  The file is a cache: it may go at any time,
 * and failing to write it is no error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cache.h"
#include "file.h"
#include "id.h"
#include "record.h"
#include "store.h"
#include "banned.h"

#define MAX_MAGIC "BOPSMAX1\n"
/* Changed records read before a scan is cheaper. */
#define MAX_CHANGED 64
/* The most a file of a value is read for. */
#define MAX_FILE (64 * 1024)

struct memo {
	char commit[BOPS_OID_HEXSZ + 1];
	struct bops_buf key;	/* the cache key, its lines */
	bool has;
	struct bops_buf value;
};

/* Whether a > b as the scan orders values: by bytes, then longer. */
static bool
greater(const char *a, size_t alen, const char *b, size_t blen)
{
	int c = memcmp(a, b, alen < blen ? alen : blen);

	return c > 0 || (c == 0 && alen > blen);
}

static void
memo_path(struct bops_buf *out, struct bops_ws *ws,
    const struct bops_kind *kind, const char *field)
{
	bops_buf_printf(out, "%sbops/cache/%s.max.%s",
	    bops_repo_gitdir(ws->repo), kind->name, field);
}

/* The line at *p of the text ending at end, without its newline. */
static bool
line_at(const char **p, const char *end, const char **line, size_t *len)
{
	const char *nl = memchr(*p, '\n', (size_t)(end - *p));

	if (nl == NULL)
		return false;
	*line = *p;
	*len = (size_t)(nl - *p);
	*p = nl + 1;
	return true;
}

/*
 * The memo at path into m; false when there is none or it does not
 * parse.  keylines: how many lines the cache key takes.
 */
static bool
memo_read(struct memo *m, const char *path, size_t keylines)
{
	struct bops_buf data = BOPS_BUF_INIT;
	const char *p, *end, *line;
	size_t len, i, vlen;
	char *rest;
	bool ok = false;

	if (bops_file_read(&data, path, MAX_FILE))
		goto done;
	p = data.ptr;
	end = data.ptr + data.len;
	if (data.len < strlen(MAX_MAGIC) || memcmp(p, MAX_MAGIC,
	    strlen(MAX_MAGIC)))
		goto done;
	p += strlen(MAX_MAGIC);
	if (!line_at(&p, end, &line, &len) || len != BOPS_OID_HEXSZ)
		goto done;
	for (i = 0; i < len; i++)
		if (!strchr("0123456789abcdef", line[i]))
			goto done;
	memcpy(m->commit, line, len);
	m->commit[len] = '\0';
	for (i = 0; i < keylines; i++) {
		if (!line_at(&p, end, &line, &len))
			goto done;
		bops_buf_put(&m->key, line, len + 1);
	}
	if (!line_at(&p, end, &line, &len) || len < 3 ||
	    (line[0] != '0' && line[0] != '1') || line[1] != ' ')
		goto done;
	m->has = line[0] == '1';
	vlen = strtoul(line + 2, &rest, 10);
	if (rest != line + len || (size_t)(end - p) != vlen ||
	    m->has != (vlen > 0))
		goto done;
	bops_buf_put(&m->value, p, vlen);
	ok = true;
done:
	bops_buf_release(&data);
	return ok;
}

/*
 * An empty value is written as none: to bops_store_max's callers they
 * are the same, nothing appended.
 */
static void
memo_write(const char *path, const char *commit, const char *key,
    const struct bops_buf *value)
{
	struct bops_buf data = BOPS_BUF_INIT;

	bops_buf_printf(&data, MAX_MAGIC "%s\n%s%d %zu\n", commit, key,
	    value->len > 0, value->len);
	bops_buf_put(&data, value->ptr, value->len);
	(void)bops_file_write_cache(path, data.ptr, data.len);
	bops_buf_release(&data);
}

/* A walk of the records changed since the memo's commit. */
struct walk {
	struct bops_ws *ws;
	const struct bops_kind *kind;
	const char *field;
	const struct memo *m;
	bool has;		/* the greatest so far */
	struct bops_buf best;
	size_t changed;
	bool lost;		/* a record that held it holds less now */
	struct bops_buf scratch;
};

/* The field of the valid record of id in blob hex, into out: false when
 * it is not valid or lacks the field. */
static const struct bops_error *
value_of(bool *has, struct bops_buf *out, struct walk *w, const char *id,
    const char *hex)
{
	const struct bops_error *err;
	struct bops_record *rec = NULL;
	const char *s;

	*has = false;
	bops_buf_reset(out);
	bops_buf_reset(&w->scratch);
	if ((err = bops_repo_read_blob(w->ws->repo, hex, &w->scratch)))
		return err;
	err = bops_record_parse(&rec, w->ws, w->kind, id, w->scratch.ptr,
	    w->scratch.len);
	if (err && err->code == BOPS_ERR_INVALID)
		return NULL;	/* no value the scan counts */
	if (err)
		return err;
	if ((s = bops_record_str(rec, w->field)) != NULL) {
		bops_buf_puts(out, s);
		*has = true;
	}
	bops_record_free(rec);
	return NULL;
}

static const struct bops_error *
changed(const char *path, const char *old_hex, const char *new_hex,
    void *arg)
{
	const struct bops_error *err = NULL;
	struct walk *w = arg;
	struct bops_buf ov = BOPS_BUF_INIT, nv = BOPS_BUF_INIT;
	char id[BOPS_ID_MAX_LEN + 1];
	bool oh = false, nh = false;

	/* As the cache takes them: a record file at its own path. */
	if (w->lost || bops_kind_of_path(path, id) != w->kind)
		return NULL;
	bops_buf_reset(&w->scratch);
	bops_id_path(&w->scratch, w->kind->dir, w->kind->sharded, id);
	if (strcmp(w->scratch.ptr, path))
		return NULL;
	if (++w->changed > MAX_CHANGED) {
		w->lost = true;
		return NULL;
	}
	if ((old_hex[0] && (err = value_of(&oh, &ov, w, id, old_hex))) ||
	    (new_hex[0] && (err = value_of(&nh, &nv, w, id, new_hex))))
		goto done;
	/* It held the greatest (none is greater) and holds less now. */
	if (oh && w->m->has && !greater(w->m->value.ptr, w->m->value.len,
	    ov.ptr, ov.len) && !(nh && !greater(w->m->value.ptr,
	    w->m->value.len, nv.ptr, nv.len)))
		w->lost = true;
	if (nh && (!w->has || greater(nv.ptr, nv.len, w->best.ptr,
	    w->best.len))) {
		bops_buf_reset(&w->best);
		bops_buf_put(&w->best, nv.ptr, nv.len);
		w->has = true;
	}
done:
	bops_buf_release(&ov);
	bops_buf_release(&nv);
	return err;
}

/* A directory of a commit, listed one level deep. */
struct listing {
	struct item {
		char *name;
		char hex[BOPS_OID_HEXSZ + 1];
		bool tree;
	} *v;
	size_t n, alloc;
};

static const struct bops_error *
collect(const char *name, const char *hex, bool is_tree, void *arg)
{
	struct listing *l = arg;

	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 64;
		l->v = bops_realloc(l->v, l->alloc * sizeof(*l->v));
	}
	l->v[l->n].name = bops_strdup(name);
	snprintf(l->v[l->n].hex, sizeof(l->v[l->n].hex), "%s", hex);
	l->v[l->n++].tree = is_tree;
	return NULL;
}

static int
cmp_item(const void *a, const void *b)
{
	return strcmp(((const struct item *)a)->name,
	    ((const struct item *)b)->name);
}

static void
listing_release(struct listing *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].name);
	free(l->v);
}

/*
 * The records that differ in dir between commits a and b, to changed():
 * a shard (a directory of a sharded kind's) is entered only when its
 * tree differs, so that the cost is that of the change.  A directory
 * absent from a commit lists as empty.
 */
static const struct bops_error *
diff_dir(struct walk *w, const char *a, const char *b, const char *dir,
    bool shards)
{
	const struct bops_error *err;
	struct listing la = { NULL, 0, 0 }, lb = { NULL, 0, 0 };
	struct bops_buf sub = BOPS_BUF_INIT;
	const struct item *x, *y;
	size_t i = 0, j = 0;
	int c;

	if ((err = bops_repo_list_dir(w->ws->repo, a, dir, collect, &la)) ||
	    (err = bops_repo_list_dir(w->ws->repo, b, dir, collect, &lb)))
		goto done;
	bops_qsort(la.v, la.n, sizeof(*la.v), cmp_item);
	bops_qsort(lb.v, lb.n, sizeof(*lb.v), cmp_item);
	while ((i < la.n || j < lb.n) && err == NULL && !w->lost) {
		c = i == la.n ? 1 : j == lb.n ? -1 : strcmp(la.v[i].name,
		    lb.v[j].name);
		x = c <= 0 ? &la.v[i++] : NULL;
		y = c >= 0 ? &lb.v[j++] : NULL;
		if (x && y && x->tree == y->tree && strcmp(x->hex, y->hex) == 0)
			continue;
		bops_buf_reset(&sub);
		bops_buf_printf(&sub, "%s/%s", dir, x ? x->name : y->name);
		if ((x && x->tree) != (y && y->tree) && x && y)
			w->lost = true;	/* a file became a directory */
		else if ((x && x->tree) || (y && y->tree)) {
			if (shards)
				err = diff_dir(w, a, b, sub.ptr, false);
		} else {
			err = changed(sub.ptr, x ? x->hex : "", y ? y->hex : "",
			    w);
		}
	}
done:
	listing_release(&la);
	listing_release(&lb);
	bops_buf_release(&sub);
	return err;
}

/*
 * The greatest value at HEAD from memo m of another tree, into out:
 * false when the changes since m's commit cannot settle it (too many, a
 * record that held it holding less now, or anything that fails: the
 * memo's commit gone, a blob that cannot be read; the scan then finds
 * the value, or the error, again).
 */
static bool
since_memo(struct bops_buf *out, struct bops_ws *ws,
    const struct bops_kind *kind, const char *field, const struct memo *m)
{
	struct walk w = { ws, kind, field, m, m->has, BOPS_BUF_INIT, 0,
	    false, BOPS_BUF_INIT };
	bool done;

	bops_buf_put(&w.best, m->value.ptr, m->value.len);
	done = diff_dir(&w, m->commit, ws->head, kind->dir,
	    kind->sharded) == NULL && !w.lost;
	if (done && w.has)
		bops_buf_put(out, w.best.ptr, w.best.len);
	bops_buf_release(&w.best);
	bops_buf_release(&w.scratch);
	return done;
}

/* The lines of key after its tree: what must match for a diff. */
static const char *
key_rest(const char *key, size_t len)
{
	const char *nl = memchr(key, '\n', len), *sp;

	if (nl == NULL || (sp = memchr(nl, ' ', len - (size_t)(nl - key))) ==
	    NULL)
		return key + len;
	return sp;
}

static size_t
lines_of(const char *s, size_t len)
{
	size_t n = 0;

	while (len--)
		n += *s++ == '\n';
	return n;
}

const struct bops_error *
bops_store_max(struct bops_buf *out, struct bops_ws *ws,
    const struct bops_kind *kind, const char *field)
{
	const struct bops_error *err;
	struct bops_buf key = BOPS_BUF_INIT, path = BOPS_BUF_INIT;
	struct bops_buf found = BOPS_BUF_INIT;
	struct memo m = { "", BOPS_BUF_INIT, false, BOPS_BUF_INIT };
	bool same = false, done = false;

	if ((err = bops_cache_key_at(&key, ws, kind, NULL)) || key.len == 0)
		goto done;	/* no record of kind: no value */
	memo_path(&path, ws, kind, field);
	if (memo_read(&m, path.ptr, lines_of(key.ptr, key.len))) {
		if (m.key.len == key.len && memcmp(m.key.ptr, key.ptr,
		    key.len) == 0) {
			bops_buf_put(&found, m.value.ptr, m.value.len);
			same = done = true;
		} else if (strcmp(key_rest(m.key.ptr, m.key.len),
		    key_rest(key.ptr, key.len)) == 0) {
			done = since_memo(&found, ws, kind, field, &m);
		}
	}
	if (!done && (err = bops_store_scan_max(&found, ws, kind, field)))
		goto done;
	bops_buf_put(out, found.ptr, found.len);
	/* Of HEAD's commit, for the shortest diff next time. */
	if (!same || strcmp(m.commit, ws->head))
		memo_write(path.ptr, ws->head, key.ptr, &found);
done:
	bops_buf_release(&key);
	bops_buf_release(&path);
	bops_buf_release(&found);
	bops_buf_release(&m.key);
	bops_buf_release(&m.value);
	return err;
}
