#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "sync.h"
#include "banned.h"

/* At most this many instants are found in one walk (a bit each). */
#define BATCH 64

/* A commit met in the walk. */
struct node {
	char id[BOPS_OID_HEXSZ + 1];
	uint64_t covered;	/* bit k: below a commit made before cutoff k */
	bool visited;
};

/* Commits by id: open addressing, grown at half full. */
struct table {
	struct node **slot;
	size_t cap, n;
};

static size_t
hash(const char *id)
{
	size_t h = 0;
	int i;

	for (i = 0; i < 16; i++)
		h = h * 16 + (size_t)(id[i] <= '9' ? id[i] - '0' :
		    id[i] - 'a' + 10);
	return h;
}

static struct node *
table_get(struct table *t, const char *id, bool *created)
{
	struct node *nd;
	size_t i;

	if (2 * (t->n + 1) > t->cap) {
		struct table bigger = { NULL, t->cap ? t->cap * 2 : 256, 0 };

		bigger.slot = bops_calloc(bigger.cap, sizeof(*bigger.slot));
		for (i = 0; i < t->cap; i++) {
			size_t j;

			if (t->slot[i] == NULL)
				continue;
			for (j = hash(t->slot[i]->id) % bigger.cap;
			    bigger.slot[j]; j = (j + 1) % bigger.cap)
				;
			bigger.slot[j] = t->slot[i];
			bigger.n++;
		}
		free(t->slot);
		*t = bigger;
	}
	for (i = hash(id) % t->cap; t->slot[i]; i = (i + 1) % t->cap)
		if (strcmp(t->slot[i]->id, id) == 0) {
			*created = false;
			return t->slot[i];
		}
	nd = bops_calloc(1, sizeof(*nd));
	snprintf(nd->id, sizeof(nd->id), "%s", id);
	t->slot[i] = nd;
	t->n++;
	*created = true;
	return nd;
}

static void
table_free(struct table *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		free(t->slot[i]);
	free(t->slot);
}

/* The lines of work as they stood at each cutoff of one batch. */
struct walk {
	const int64_t *cutoffs;
	size_t n;
	uint64_t all;		/* every bit of the batch */
	struct table seen;
	size_t open;		/* unvisited commits not yet below all */
	struct bops_buf *heads;	/* per cutoff: ids, one a line */
};

/*
 * Children come before parents (a topological walk), so a commit's
 * `covered` bits are final when it is visited.  A commit made before
 * cutoff k that is not below another one is a head for k.  When every
 * commit still to come is below a head for every cutoff, nothing more
 * can be a head: the walk stops there, not at the root.
 */
static const struct bops_error *
visit(const struct bops_commit_info *info, void *arg)
{
	struct walk *w = arg;
	struct node *nd, *p;
	uint64_t down = 0;
	bool created;
	size_t k;
	unsigned i;

	nd = table_get(&w->seen, info->id, &created);
	if (!created && !nd->visited && nd->covered != w->all)
		w->open--;
	nd->visited = true;
	for (k = 0; k < w->n; k++) {
		uint64_t bit = (uint64_t)1 << k;

		if (nd->covered & bit)
			down |= bit;
		else if (info->when < w->cutoffs[k]) {
			bops_buf_printf(&w->heads[k], "%s\n", info->id);
			down |= bit;
		}
	}
	for (i = 0; i < info->nparents; i++) {
		bool was_open;

		p = table_get(&w->seen, info->parents[i], &created);
		if (p->visited)
			continue;
		was_open = created || p->covered != w->all;
		p->covered |= down;
		if (created && p->covered != w->all)
			w->open++;
		else if (!created && was_open && p->covered == w->all)
			w->open--;
	}
	return w->open == 0 ? bops_error(BOPS_ERR_FOUND) : NULL;
}

/*
 * Merge the heads (ids, one a line) into one commit, in memory.  The
 * same heads always make the same commit (its time is fixed), so equal
 * states have equal ids.
 */
static const struct bops_error *
fold(struct bops_ws *ws, const char *heads, bool *in_memory,
    char out[BOPS_OID_HEXSZ + 1])
{
	const struct bops_error *err = NULL;
	struct bops_sig sig = { "bops", "bops@localhost", 0 };
	char base[BOPS_OID_HEXSZ + 1], next[BOPS_OID_HEXSZ + 1];
	const char *p = heads;

	snprintf(out, BOPS_OID_HEXSZ + 1, "%.40s", p);
	for (p += BOPS_OID_HEXSZ + 1; *p && err == NULL;
	    p += BOPS_OID_HEXSZ + 1) {
		struct bops_sync_changes ch;
		struct bops_sync_result r;
		char theirs[BOPS_OID_HEXSZ + 1];

		snprintf(theirs, sizeof(theirs), "%.40s", p);
		if (!*in_memory) {
			if ((err = bops_repo_objects_in_memory(ws->repo)))
				break;
			*in_memory = true;
		}
		memset(&r, 0, sizeof(r));
		bops_buf_init(&r.ids);
		bops_buf_init(&r.invalid);
		bops_buf_init(&r.refused);
		bops_buf_init(&r.files);
		if ((err = bops_repo_merge_base(ws->repo, out, theirs, base)) ==
		    NULL && (err = bops_sync_merge_commits(&ch, &r, ws, base,
		    out, theirs)) == NULL) {
			/* What no merge can take stays as the first line
			 * of work has it: a view, not a commit to share. */
			err = bops_repo_commit_merge(ws->repo, NULL, out,
			    theirs, ch.c, ch.n, "as of", &sig, next);
			bops_sync_changes_release(&ch);
			if (err == NULL)
				memcpy(out, next, BOPS_OID_HEXSZ + 1);
		}
		bops_sync_result_release(&r);
	}
	return err;
}

static const struct bops_error *
batch(struct bops_ws *ws, const int64_t *cutoffs, size_t n,
    char (*out)[BOPS_OID_HEXSZ + 1], bool *in_memory)
{
	const struct bops_error *err;
	struct walk w;
	size_t k, j;

	memset(&w, 0, sizeof(w));
	w.cutoffs = cutoffs;
	w.n = n;
	w.all = n == 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;
	w.heads = bops_calloc(n, sizeof(*w.heads));
	for (k = 0; k < n; k++)
		bops_buf_init(&w.heads[k]);
	err = bops_repo_log(ws->repo, ws->head, NULL, 0, visit, &w);
	if (err && err->code == BOPS_ERR_FOUND)
		err = NULL;
	for (k = 0; k < n && err == NULL; k++) {
		out[k][0] = '\0';
		if (w.heads[k].len == 0)
			continue;
		/* The same lines of work as an earlier cutoff: its view. */
		for (j = 0; j < k; j++)
			if (strcmp(w.heads[j].ptr, w.heads[k].ptr) == 0)
				break;
		if (j < k)
			memcpy(out[k], out[j], sizeof(out[k]));
		else
			err = fold(ws, w.heads[k].ptr, in_memory, out[k]);
	}
	for (k = 0; k < n; k++)
		bops_buf_release(&w.heads[k]);
	free(w.heads);
	table_free(&w.seen);
	return err;
}

const struct bops_error *
bops_history_at(char (*out)[BOPS_OID_HEXSZ + 1], struct bops_ws *ws,
    const int64_t *cutoffs, size_t n)
{
	const struct bops_error *err = NULL, *rerr;
	bool in_memory = false;
	size_t i, m;

	for (i = 0; i < n; i++)
		out[i][0] = '\0';
	if (ws->head[0] == '\0')
		return NULL;
	for (i = 0; i < n && err == NULL; i += m) {
		m = n - i < BATCH ? n - i : BATCH;
		err = batch(ws, cutoffs + i, m, out + i, &in_memory);
	}
	/* A merge read with the config it made: HEAD's again. */
	if (in_memory && (rerr = bops_ws_refresh(ws)) && err == NULL &&
	    rerr->code != BOPS_ERR_INVALID)
		err = rerr;
	return err;
}
