/*
 * report.c: `bops report`: the team's reports, from the kinds' report
 * rules (lib/report.h), in text, Markdown, HTML or JSON.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "file.h"
#include "report.h"
#include "text.h"
#include "banned.h"

/* --period, or the default: this ISO week for weekly and all, else
 * this quarter. */
static const struct bops_error *
report_period(struct bops_period *p, struct bops_buf *canon,
    struct bops_ctx *ctx, const char *name, const char *given)
{
	struct bops_buf def = BOPS_BUF_INIT;
	const struct bops_error *err;

	if (given == NULL) {
		if (strcmp(name, "weekly") == 0 || strcmp(name, "all") == 0)
			bops_date_format_isoweek(&def, ctx->ws->today);
		else
			bops_period_quarter(&def, ctx->ws->today);
	}
	err = bops_period_parse(p, given ? given : def.ptr, canon);
	bops_buf_release(&def);
	return err;
}

static const struct bops_error *
unknown_report(const char *name)
{
	struct bops_text_suggest s;
	struct bops_buf msg = BOPS_BUF_INIT;
	const struct bops_error *err;
	size_t i;

	bops_text_suggest_init(&s, name);
	for (i = 0; bops_report_topics[i]; i++)
		bops_text_suggest_add(&s, bops_report_topics[i]);
	bops_text_suggest_add(&s, "all");
	bops_buf_printf(&msg, "unknown report '%s' (weekly, okr, sprint, "
	    "service, sales, journeys, projects or all)", name);
	bops_text_suggest_put(&msg, &s);
	err = bops_error_fmt(BOPS_ERR_USAGE, "%s", msg.ptr);
	bops_buf_release(&msg);
	return err;
}

/*
 * Open the report `name` of the period at the revision reads come from
 * (--as-of, else HEAD): its clock is that revision's, so the same
 * revision gives the same report.
 */
const struct bops_error *
report_open(struct bops_ctx *ctx, struct bops_report *r, const char *name,
    const char *period, const char *as_of)
{
	const struct bops_error *err;
	struct bops_period p;
	struct bops_buf canon = BOPS_BUF_INIT;

	if (as_of && (err = set_as_of(ctx, as_of)))
		return err;
	if ((err = report_period(&p, &canon, ctx, name, period)))
		return err;
	bops_report_init(r, name, &p, canon.ptr, ctx->ws->now,
	    ctx->as_of[0] ? ctx->as_of : ctx->ws->head, ctx->ws->tz);
	bops_buf_release(&canon);
	return NULL;
}

const struct bops_error *
cmd_report(struct bops_ctx *ctx, struct args *a)
{
	const struct bops_error *err;
	const char *name = a->argc > 1 ? a->argv[1] : "weekly";
	const char *fmt = a->format ? a->format : "text";
	struct bops_report r;
	struct bops_buf b = BOPS_BUF_INIT;

	if (!bops_report_known(name))
		return unknown_report(name);
	if (strcmp(fmt, "text") && strcmp(fmt, "md") && strcmp(fmt, "html") &&
	    strcmp(fmt, "json"))
		return bops_error_fmt(BOPS_ERR_USAGE, "--format: want text, md, "
		    "html or json, got '%s'", fmt);
	if (a->output && *a->output == '\0')
		return bops_error_fmt(BOPS_ERR_USAGE, "-o: a file is needed");
	if ((err = report_open(ctx, &r, name, a->period, a->out.as_of)))
		return err;
	if ((err = bops_report_collect(&r, ctx->ws)))
		goto done;
	if (strcmp(fmt, "html") == 0)
		bops_report_html(&b, &r);
	else if (strcmp(fmt, "json") == 0)
		bops_report_json(&b, &r);
	else
		bops_report_text(&b, &r, ctx->width && !a->output ? ctx->width :
		    80, ctx->utf8 || a->output, strcmp(fmt, "md") == 0);
	if (a->output)
		err = bops_file_write_atomic(a->output, b.ptr, b.len);
	else if (strcmp(fmt, "text") == 0 || strcmp(fmt, "md") == 0)
		out_write(&b);
	else
		out_write_data(&b);
	if (err == NULL && a->output)
		say(ctx, "wrote %s", a->output);
done:
	bops_report_release(&r);
	bops_buf_release(&b);
	return err;
}
