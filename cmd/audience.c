/*
 * audience.c: customer lists for the ad platforms: `customer export` and
 * `sprint lookalike`, which writes the customers a sprint won as the
 * seed of a lookalike audience.  Each identifier is normalised (an
 * e-mail trimmed and lower-cased, a phone in E.164) and, where the
 * platform wants it so, hashed with SHA-256 (lib/contact.h, lib/phone.h).
 *
 *   google  Google Ads Customer Match: Email,Phone, hashed
 *   meta    Meta custom audience: email,phone, hashed
 *   csv     id,name,email,phone, normalised, not hashed
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "contact.h"
#include "customer.h"
#include "out.h"
#include "phone.h"
#include "segment.h"
#include "sprint.h"
#include "banned.h"

enum audience_format { AUD_GOOGLE, AUD_META, AUD_CSV };

static const struct bops_error *
audience_format(const char *text, enum audience_format *out)
{
	if (text == NULL || strcmp(text, "csv") == 0)
		*out = AUD_CSV;
	else if (strcmp(text, "google") == 0)
		*out = AUD_GOOGLE;
	else if (strcmp(text, "meta") == 0)
		*out = AUD_META;
	else
		return bops_error_fmt(BOPS_ERR_USAGE, "unknown format '%s'; "
		    "one of: google, meta, csv", text);
	return NULL;
}

struct counts {
	size_t rows, skipped, no_region;
};

/*
 * One identifier's cell: normalised, hashed unless plain.  Plain, an
 * address is guarded against formulas like any text (out.h); a number
 * in E.164 is a + and digits, which no spreadsheet runs as more.
 */
static void
cell(struct bops_buf *b, const char *v, bool plain)
{
	if (v == NULL || *v == '\0')
		return;
	if (plain && v[0] == '+' && v[1] && strspn(v + 1, "0123456789") ==
	    strlen(v + 1))
		bops_csv_field(b, v);
	else if (plain)
		bops_csv_field_text(b, v);
	else
		bops_contact_sha256(b, v, strlen(v));
}

/* One customer's row, or a count of why it has none. */
static void
audience_row(struct bops_buf *b, const struct bops_record *rec,
    enum audience_format f, const char *region, struct counts *c)
{
	const char *email = bops_record_str(rec, "email");
	const char *phone = bops_record_str(rec, "phone");
	struct bops_buf e = BOPS_BUF_INIT;
	char e164[17] = "";
	enum bops_phone_result r;

	if (email && !bops_contact_email(&e, email))
		warning("%s: e-mail '%s' is no address; left out", rec->path,
		    email);
	if (phone && (r = bops_phone_e164(e164, sizeof(e164), phone,
	    region)) != BOPS_PHONE_OK) {
		if (r == BOPS_PHONE_NO_REGION)
			c->no_region++;
		else
			warning("%s: phone '%s' is no number; left out",
			    rec->path, phone);
	}
	if (e.len == 0 && e164[0] == '\0') {
		c->skipped++;
		bops_buf_release(&e);
		return;
	}
	if (f == AUD_CSV) {
		bops_csv_field(b, rec->id);
		bops_buf_putc(b, ',');
		bops_csv_field_text(b, bops_record_title(rec));
		bops_buf_putc(b, ',');
	}
	cell(b, e.ptr, f == AUD_CSV);
	bops_buf_putc(b, ',');
	cell(b, e164, f == AUD_CSV);
	bops_buf_putc(b, '\n');
	c->rows++;
	bops_buf_release(&e);
}

/*
 * Load the phone module (lib/phone.h) when one of l's customers has a
 * phone number: the first bops-phone.so that exists of the one next to
 * the bops binary that runs (the build tree's) and the one make install
 * puts in BOPS_PHONEDIR, $(LIBDIR)/bops.  No phone number, no module.
 */
static const struct bops_error *
load_phones(const struct out_list *l)
{
	static const char name[] = "bops-phone.so";
	char exe[PATH_MAX + sizeof(name)], *slash;
	ssize_t n;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (bops_record_str(l->recs[i], "phone"))
			break;
	if (i == l->n)
		return NULL;
	n = readlink("/proc/self/exe", exe, PATH_MAX);
	if (n > 0 && n < PATH_MAX) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/'))) {
			memcpy(slash + 1, name, sizeof(name));
			if (access(exe, F_OK) == 0)
				return bops_phone_load(exe);
		}
	}
	return bops_phone_load(BOPS_PHONEDIR "/" "bops-phone.so");
}

/* The upload file of the customers of l, and on stderr what was left. */
static const struct bops_error *
audience_write(struct bops_ctx *ctx, struct out_list *l,
    enum audience_format f)
{
	static const char *const head[] = { "Email,Phone\n", "email,phone\n",
	    "id,name,email,phone\n" };
	const char *region = bops_ws_config_str(ctx->ws,
	    "customer.phone_region", NULL);
	struct bops_buf b = BOPS_BUF_INIT;
	struct counts c = { 0, 0, 0 };
	size_t i;
	const struct bops_error *err;

	if ((err = load_phones(l)))
		return err;
	bops_buf_puts(&b, head[f]);
	for (i = 0; i < l->n; i++)
		audience_row(&b, l->recs[i], f, region, &c);
	out_write_data(&b);
	if (c.no_region)
		warning("%zu phone number%s without a country left out; set "
		    "customer.phone_region (bops config customer.phone_region "
		    "VN)", c.no_region, c.no_region == 1 ? "" : "s");
	if (c.skipped)
		warning("%zu customer%s with no usable e-mail or phone "
		    "skipped", c.skipped, c.skipped == 1 ? "" : "s");
	say(ctx, "%zu customer%s written", c.rows, c.rows == 1 ? "" : "s");
	bops_buf_release(&b);
	return NULL;
}

const struct bops_error *
customer_export(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct out_list l = { NULL, 0, 0 };
	enum audience_format f;
	int argc = a->argc;
	char **argv = a->argv;
	bool copied = false;

	if ((err = audience_format(a->format, &f)))
		return err;
	if (a->segment) {
		if ((err = segment_filters(ctx, a->segment, &argc, &argv)))
			return err;
		copied = true;
	}
	if ((err = gather(ctx, kind, argc, argv, &a->out, "id", &l)) == NULL)
		err = audience_write(ctx, &l, f);
	out_list_release(&l);
	if (copied)
		segment_filters_free(argc, argv);
	return err;
}

/* The queries of the segments the sprint's experiments target. */
static const struct bops_error *
sprint_segments(struct bops_ctx *ctx, const struct bops_record *sprint,
    struct bops_query ***out, size_t *n)
{
	const struct bops_error *err = NULL;
	const struct bops_node *exps = bops_record_get(sprint, "experiments");
	const struct bops_schema *s;
	struct bops_record *seg = NULL;
	struct bops_input_ctx ictx;
	const char *name = NULL, *email = NULL, *id;
	size_t i;

	*out = NULL;
	*n = 0;
	if ((err = bops_ws_schema(&s, ctx->ws, bops_kind_find("customer"))))
		return err;
	bops_ws_input_ctx(ctx->ws, &ictx);
	(void)bops_ws_identity(&name, &email, ctx->ws);
	for (i = 0; exps && i < exps->n && err == NULL; i++) {
		if ((id = bops_node_map_str(exps->items[i], "segment")) ==
		    NULL)
			continue;
		if ((err = bops_store_read(&seg, ctx->ws,
		    bops_kind_find("segment"), NULL, id)))
			break;
		*out = bops_realloc(*out, (*n + 1) * sizeof(**out));
		(*out)[*n] = bops_query_new(s, &ictx, name, email);
		err = bops_segment_apply((*out)[(*n)++], seg);
		bops_record_free(seg);
		seg = NULL;
	}
	return err;
}

const struct bops_error *
sprint_lookalike(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct bops_record *sprint = NULL;
	struct bops_query **segs = NULL;
	struct out_list all = { NULL, 0, 0 }, l = { NULL, 0, 0 };
	struct bops_sprint_span span;
	struct bops_buf id = BOPS_BUF_INIT;
	enum audience_format f;
	size_t nsegs = 0, i, k;
	int64_t from, to, at;
	bool in;

	if ((err = audience_format(a->format, &f)) ||
	    (err = which_sprint(ctx, a->argv[1], &id)) ||
	    (err = bops_store_read(&sprint, ctx->ws, kind, NULL, id.ptr)) ||
	    (err = sprint_segments(ctx, sprint, &segs, &nsegs)) ||
	    (err = gather(ctx, bops_kind_find("customer"), 1, a->argv,
	    &a->out, "id", &all)))
		goto done;
	bops_sprint_spans(&span, (const struct bops_record *const *)&sprint,
	    1);
	from = bops_date_local_start(span.start, ctx->ws->tz);
	to = bops_date_local_start(span.end + 1, ctx->ws->tz);
	for (i = 0; i < all.n; i++) {
		if (!bops_customer_entered(bops_record_get(all.recs[i],
		    "stage_history"), "customer", from, to, &at))
			continue;
		for (k = 0, in = nsegs == 0; k < nsegs && !in; k++)
			in = bops_query_match(segs[k], all.recs[i]);
		if (in)
			out_list_add(&l, all.recs[i]);
	}
	err = audience_write(ctx, &l, f);
	/* l borrows all's records */
	l.n = 0;
done:
	for (i = 0; i < nsegs; i++)
		bops_query_free(segs[i]);
	free(segs);
	free(l.recs);
	out_list_release(&all);
	bops_record_free(sprint);
	bops_buf_release(&id);
	return err;
}
