/*
 * show.c: `bops show ID...`, records of any kind by their ids or
 * prefixes, as `git show` takes any objects; OBJECTIVE/N is a key
 * result.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "banned.h"

/*
 * "task abcd1, task abcd2" from the candidates of a store's refusal
 * "task prefix 'abcd' is ambiguous: abcd1, abcd2" (lib/store.h).
 */
static void
candidates(struct bops_buf *out, const struct bops_kind *kind,
    const char *msg)
{
	const char *s = strstr(msg, "is ambiguous: ");
	size_t len;

	if (s == NULL) {
		bops_buf_printf(out, "%s%s (several)", out->len ? ", " : "",
		    kind->name);
		return;
	}
	for (s += 14; *s; s += len + strspn(s + len, ", ")) {
		len = strcspn(s, ",");
		if (strncmp(s, "...", len) == 0)
			bops_buf_printf(out, "%s...", out->len ? ", " : "");
		else
			bops_buf_printf(out, "%s%s %.*s", out->len ? ", " : "",
			    kind->name, (int)len, s);
	}
}

/*
 * The record of any kind that text names: every kind is asked.  A whole
 * id wins over prefixes of longer ones; two records that the text names
 * equally are ambiguous, and every candidate is named.
 */
static const struct bops_error *
find_any(const struct bops_kind **out, struct bops_buf *hit,
    struct bops_ctx *ctx, const char *text)
{
	const struct bops_error *err = NULL, *e;
	struct bops_buf want = BOPS_BUF_INIT, id = BOPS_BUF_INIT;
	struct bops_buf which = BOPS_BUF_INIT;
	size_t k, nfound = 0, nexact = 0;

	*out = NULL;
	if ((err = bops_id_normalize(&want, text)))
		goto done;
	for (k = 0; k < BOPS_KIND__COUNT; k++) {
		const struct bops_kind *kind = &bops_kinds[k];
		bool exact;

		bops_buf_reset(&id);
		e = bops_store_resolve(&id, ctx->ws, kind, ctx->as_of[0] ?
		    ctx->as_of : NULL, text);
		if (e && e->code == BOPS_ERR_NOT_FOUND)
			continue;
		if (e && e->code != BOPS_ERR_AMBIGUOUS) {
			err = e;
			goto done;
		}
		exact = e == NULL && strcmp(id.ptr, want.ptr) == 0;
		if (exact && nexact == 0) {
			/* Prefixes found so far give way. */
			bops_buf_reset(&which);
			nfound = 0;
		}
		if (nexact && !exact)
			continue;
		nexact += exact;
		if (e)
			candidates(&which, kind, e->msg);
		else
			bops_buf_printf(&which, "%s%s %s", which.len ? ", " :
			    "", kind->name, id.ptr);
		if (nfound++ == 0 && e == NULL) {
			*out = kind;
			bops_buf_reset(hit);
			bops_buf_puts(hit, id.ptr);
		} else
			*out = NULL;
	}
	if (nfound == 0)
		err = bops_error_fmt(BOPS_ERR_NOT_FOUND, "no record '%s'",
		    text);
	else if (*out == NULL)
		err = bops_error_fmt(BOPS_ERR_AMBIGUOUS, "'%s' is ambiguous: "
		    "%s; say which with a longer prefix or bops KIND show",
		    text, which.ptr);
done:
	bops_buf_release(&want);
	bops_buf_release(&id);
	bops_buf_release(&which);
	return err;
}

const struct bops_error *
show_records(struct bops_ctx *ctx, struct out_list *l,
    const struct out_opts *o)
{
	const struct bops_error *err = NULL;
	size_t i;

	if (l->n == 1)
		return out_record(ctx, l->recs[0], o);
	if (o->format == OUT_JSON || o->format == OUT_YAML)
		return out_records(ctx, l->recs[0]->schema, l, o);
	if (o->format == OUT_CSV) {
		for (i = 1; i < l->n; i++)
			if (l->recs[i]->kind != l->recs[0]->kind)
				return bops_error_fmt(BOPS_ERR_USAGE, "--csv "
				    "shows records of one kind, not %s '%s' "
				    "and %s '%s'", l->recs[0]->kind->name,
				    l->recs[0]->id, l->recs[i]->kind->name,
				    l->recs[i]->id);
		return out_records(ctx, l->recs[0]->schema, l, o);
	}
	for (i = 0; i < l->n && err == NULL; i++) {
		if (i)
			out_line("%s", "");
		err = out_record(ctx, l->recs[i], o);
	}
	return err;
}

const struct bops_error *
show_load(struct out_list *l, struct bops_ctx *ctx,
    const struct bops_kind *kind, const char *commit, struct args *a)
{
	const struct bops_error *err = NULL;
	struct bops_buf id = BOPS_BUF_INIT;
	struct bops_record *rec = NULL;
	int i;

	for (i = 1; i < a->argc && err == NULL; i++)
		err = bops_id_normalize(&id, a->argv[i]);
	for (i = 1; i < a->argc && err == NULL; i++)
		if ((err = bops_store_load(&rec, ctx->ws, kind, commit,
		    a->argv[i])) == NULL)
			out_list_add(l, rec);
	if (err)
		out_list_release(l);
	bops_buf_release(&id);
	return err;
}

const struct bops_error *
cmd_show(struct bops_ctx *ctx, struct args *a)
{
	const struct bops_error *err = NULL;
	const struct bops_kind *kind;
	struct bops_buf hit = BOPS_BUF_INIT;
	struct bops_record *rec = NULL;
	struct out_list l = { NULL, 0, 0 };
	int i;

	if (a->argc == 2 && strchr(a->argv[1], '/') && bops_kind_find("okr"))
		return okr_show(ctx, bops_kind_find("okr"), a);
	if ((err = out_opts_finish(ctx, &a->out)))
		return err;
	/* Every id is checked, then every record found, before any is
	 * shown. */
	for (i = 1; i < a->argc && err == NULL; i++)
		if (strchr(a->argv[i], '/'))
			err = bops_error_fmt(BOPS_ERR_USAGE, "a key result is "
			    "shown alone: bops show %s", a->argv[i]);
		else
			err = bops_id_normalize(&hit, a->argv[i]);
	for (i = 1; i < a->argc && err == NULL; i++) {
		if ((err = find_any(&kind, &hit, ctx, a->argv[i])) ||
		    (err = bops_store_read(&rec, ctx->ws, kind, ctx->as_of[0] ?
		    ctx->as_of : NULL, hit.ptr)))
			break;
		out_list_add(&l, rec);
		rec = NULL;
	}
	if (err == NULL)
		err = show_records(ctx, &l, &a->out);
	out_list_release(&l);
	bops_buf_release(&hit);
	return err;
}
