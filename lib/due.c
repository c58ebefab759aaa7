/*
 * due.c: the list of what needs attention; the kinds fill it (kind.h).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "due.h"
#include "store.h"
#include "text.h"
#include "workspace.h"
#include "banned.h"

void
bops_due_init(struct bops_due *d, const struct bops_due_query *q)
{
	memset(d, 0, sizeof(*d));
	d->q = q;
}

static void
item_free(struct bops_due_item *it)
{
	free((char *)it->id);
	free((char *)it->title);
	free((char *)it->owner);
	free((char *)it->what);
	free((char *)it->command);
}

void
bops_due_release(struct bops_due *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		item_free(&d->items[i]);
	free(d->items);
	d->items = NULL;
	d->n = d->alloc = 0;
}

/* Whether owner "Name <email>" (or a bare name) is who. */
static bool
owner_is(const char *owner, const char *who)
{
	const char *lt = strrchr(owner, '<'), *gt;
	char *part;
	bool hit;

	if (bops_text_fold_cmp(owner, who) == 0)
		return true;
	if (lt == NULL || (gt = strchr(lt, '>')) == NULL)
		return false;
	part = bops_strndup(lt + 1, (size_t)(gt - lt - 1));
	hit = bops_text_fold_cmp(part, who) == 0;
	free(part);
	if (hit)
		return true;
	while (lt > owner && lt[-1] == ' ')
		lt--;
	part = bops_strndup(owner, (size_t)(lt - owner));
	hit = bops_text_fold_cmp(part, who) == 0;
	free(part);
	return hit;
}

bool
bops_due_owner_match(const struct bops_due_query *q, const char *owner)
{
	size_t i;

	if (q->owners == NULL || q->nowners == 0)
		return true;
	if (owner == NULL || *owner == '\0')
		return false;
	for (i = 0; i < q->nowners; i++)
		if (owner_is(owner, q->owners[i]))
			return true;
	return false;
}

bool
bops_due_day_within(const struct bops_due_query *q, int32_t day,
    const struct bops_tz *tz)
{
	return day <= bops_date_local(q->now + q->within, tz);
}

static char *
dup_or_empty(const char *s)
{
	return bops_strdup(s ? s : "");
}

void
bops_due_add(struct bops_due *d, const struct bops_due_item *item)
{
	struct bops_due_item *it;

	if (!bops_due_owner_match(d->q, item->owner))
		return;
	if (d->n == d->alloc) {
		d->alloc = d->alloc ? d->alloc * 2 : 16;
		d->items = bops_realloc(d->items, d->alloc * sizeof(*d->items));
	}
	it = &d->items[d->n++];
	*it = *item;
	it->id = dup_or_empty(item->id);
	it->title = dup_or_empty(item->title);
	it->owner = dup_or_empty(item->owner);
	it->what = dup_or_empty(item->what);
	it->command = dup_or_empty(item->command);
	it->urgency = (double)(d->q->now - item->since) / 86400.0 +
	    item->weight;
}

/* An item with the urgency of the most urgent item of its owner. */
struct ranked {
	struct bops_due_item *it;
	double group;
};

static int
owner_cmp(const struct bops_due_item *a, const struct bops_due_item *b)
{
	int c = bops_text_fold_cmp(a->owner, b->owner);

	return c ? c : strcmp(a->owner, b->owner);
}

static int
item_cmp(const struct bops_due_item *a, const struct bops_due_item *b)
{
	if (a->urgency != b->urgency)
		return a->urgency > b->urgency ? -1 : 1;
	if (a->since != b->since)
		return a->since < b->since ? -1 : 1;
	if (a->kind->index != b->kind->index)
		return a->kind->index < b->kind->index ? -1 : 1;
	return strcmp(a->id, b->id);
}

static int
by_owner(const void *x, const void *y)
{
	const struct ranked *a = x, *b = y;
	int c = owner_cmp(a->it, b->it);

	return c ? c : item_cmp(a->it, b->it);
}

bool
bops_due_same_owner(const struct bops_due_item *a,
    const struct bops_due_item *b)
{
	return bops_text_fold_cmp(a->owner, b->owner) == 0;
}

static int
by_group(const void *x, const void *y)
{
	const struct ranked *a = x, *b = y;
	int c;

	if (a->group != b->group)
		return a->group > b->group ? -1 : 1;
	/* Items without an owner come after those of anyone. */
	if ((*a->it->owner == '\0') != (*b->it->owner == '\0'))
		return *a->it->owner == '\0' ? 1 : -1;
	c = bops_text_fold_cmp(a->it->owner, b->it->owner);
	return c ? c : item_cmp(a->it, b->it);
}

void
bops_due_sort(struct bops_due *d)
{
	struct ranked *r;
	struct bops_due_item *sorted;
	size_t i, j;

	if (d->n == 0)
		return;
	r = bops_calloc(d->n, sizeof(*r));
	for (i = 0; i < d->n; i++)
		r[i].it = &d->items[i];
	bops_qsort(r, d->n, sizeof(*r), by_owner);
	/* In each owner's run the first item is the most urgent. */
	for (i = 0; i < d->n; i = j) {
		for (j = i; j < d->n && bops_due_same_owner(r[i].it, r[j].it);
		    j++)
			r[j].group = r[i].it->urgency;
	}
	bops_qsort(r, d->n, sizeof(*r), by_group);
	sorted = bops_calloc(d->alloc, sizeof(*sorted));
	for (i = 0; i < d->n; i++)
		sorted[i] = *r[i].it;
	free(d->items);
	d->items = sorted;
	free(r);
}

struct each {
	struct bops_due *d;
	struct bops_ws *ws;
	bops_due_record_fn fn;
	void *arg;
};

static const struct bops_error *
each_one(struct bops_record *rec, void *arg)
{
	struct each *e = arg;

	return e->fn(e->d, e->ws, rec, e->arg);
}

const struct bops_error *
bops_due_each(struct bops_due *d, struct bops_ws *ws,
    const struct bops_kind *kind, bops_due_record_fn fn, void *arg)
{
	struct each e = { d, ws, fn, arg };

	return bops_store_each(ws, kind, d->q->commit, each_one, NULL, &e);
}

const struct bops_error *
bops_due_collect(struct bops_due *d, struct bops_ws *ws)
{
	const struct bops_error *err;
	size_t i;

	for (i = 0; i < BOPS_KIND__COUNT; i++) {
		const struct bops_kind_rules *r = bops_kinds[i].rules;

		if (r && r->due && (err = r->due(d, ws, &bops_kinds[i])))
			return err;
	}
	bops_due_sort(d);
	return NULL;
}
