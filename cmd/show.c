/*
 * show.c: `bops show ID`, a record of any kind by its id or a prefix, as
 * `git show` takes any object; OBJECTIVE/N is a key result.
 */
#include <string.h>

#include "cmd.h"
#include "banned.h"

const struct bops_error *
cmd_show(struct bops_ctx *ctx, struct args *a)
{
	const struct bops_error *err = NULL, *e;
	const struct bops_kind *found = NULL;
	struct bops_buf want = BOPS_BUF_INIT, id = BOPS_BUF_INIT;
	struct bops_buf hit = BOPS_BUF_INIT, which = BOPS_BUF_INIT;
	struct bops_record *rec = NULL;
	const char *text = a->argv[1];
	size_t k, nfound = 0, nexact = 0;

	if (strchr(text, '/') && bops_kind_find("okr"))
		return okr_show(ctx, bops_kind_find("okr"), a);
	if ((err = out_opts_finish(ctx, &a->out)) ||
	    (err = bops_id_normalize(&want, text)))
		goto done;
	/*
	 * Every kind is asked.  A whole id wins over prefixes of longer
	 * ones; two records that the text names equally are ambiguous.
	 */
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
		bops_buf_printf(&which, "%s%s %s", nfound ? ", " : "",
		    kind->name, e ? "(several)" : id.ptr);
		if (nfound++ == 0 && e == NULL) {
			found = kind;
			bops_buf_reset(&hit);
			bops_buf_puts(&hit, id.ptr);
		} else
			found = NULL;
	}
	if (nfound == 0) {
		err = bops_error_fmt(BOPS_ERR_NOT_FOUND, "no record '%s'",
		    text);
		goto done;
	}
	if (found == NULL) {
		err = bops_error_fmt(BOPS_ERR_AMBIGUOUS, "'%s' is ambiguous: "
		    "%s; say which with bops KIND show", text, which.ptr);
		goto done;
	}
	if ((err = bops_store_read(&rec, ctx->ws, found, ctx->as_of[0] ?
	    ctx->as_of : NULL, hit.ptr)))
		goto done;
	err = out_record(ctx, rec, &a->out);
done:
	bops_record_free(rec);
	bops_buf_release(&want);
	bops_buf_release(&id);
	bops_buf_release(&hit);
	bops_buf_release(&which);
	return err;
}
