/*
 * due.c: `bops due`, the cron check-in: what needs each owner, from
 * every kind's `due` rule (lib/due.h).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "due.h"
#include "out.h"
#include "banned.h"

/* --owner WHO: "me" is the identity, by its name or its e-mail. */
static const struct bops_error *
due_owners(struct bops_ctx *ctx, const char *who, const char **owners,
    size_t *n)
{
	const struct bops_error *err;
	const char *name, *email;

	*n = 0;
	if (who == NULL)
		return NULL;
	if (*who == '\0')
		return bops_error_fmt(BOPS_ERR_USAGE, "--owner: want a name, "
		    "an e-mail or 'me'");
	if (strcmp(who, "me")) {
		owners[(*n)++] = who;
		return NULL;
	}
	if ((err = bops_ws_identity(&name, &email, ctx->ws)))
		return err;
	owners[(*n)++] = name;
	owners[(*n)++] = email;
	return NULL;
}

static void
due_json(struct bops_ctx *ctx, const struct bops_due *d)
{
	struct bops_buf b = BOPS_BUF_INIT, when = BOPS_BUF_INIT;
	struct bops_json w;
	size_t i;

	bops_json_init(&w, &b);
	bops_json_begin_array(&w, BOPS_JSON_LINES);
	for (i = 0; i < d->n; i++) {
		const struct bops_due_item *it = &d->items[i];

		bops_buf_reset(&when);
		bops_instant_format(&when, it->since);
		bops_json_begin_object(&w, 0);
		bops_json_key(&w, "owner");
		bops_json_str(&w, *it->owner ? it->owner : NULL);
		bops_json_key(&w, "kind");
		bops_json_str(&w, it->kind->name);
		bops_json_key(&w, "id");
		bops_json_str(&w, it->id);
		bops_json_key(&w, "what");
		bops_json_str(&w, it->what);
		bops_json_key(&w, "since");
		bops_json_str(&w, when.ptr);
		bops_json_key(&w, "title");
		bops_json_str(&w, it->title);
		bops_json_key(&w, "command");
		bops_json_str(&w, it->command);
		bops_json_key(&w, "late");
		bops_json_bool(&w, it->late);
		bops_json_key(&w, "urgency");
		bops_json_fixed(&w, it->urgency, 2);
		bops_json_end_object(&w);
	}
	bops_json_end_array(&w);
	out_write(&b);
	bops_json_release(&w);
	bops_buf_release(&b);
	bops_buf_release(&when);
	(void)ctx;
}

/*
 * One owner's items, d->items[from..to): a heading, then a line per
 * item (what, since, record, title) aligned as a table, each followed
 * by the command that deals with it.
 */
static void
due_group(struct bops_ctx *ctx, struct bops_buf *b, const struct bops_due *d,
    size_t from, size_t to)
{
	const char *hdr[4] = { "what", "since", "record", "title" };
	const char *cells[4];
	struct bops_table *t = bops_table_new(4, hdr);
	struct bops_buf rows = BOPS_BUF_INIT, when = BOPS_BUF_INIT;
	struct bops_buf rec = BOPS_BUF_INIT;
	const char *p, *nl;
	size_t i;

	if (from)
		bops_buf_putc(b, '\n');
	bops_out_escape(b, *d->items[from].owner ? d->items[from].owner :
	    "(no owner)", strlen(*d->items[from].owner ?
	    d->items[from].owner : "(no owner)"), 0);
	bops_buf_printf(b, " (%zu)\n", to - from);
	for (i = from; i < to; i++) {
		const struct bops_due_item *it = &d->items[i];

		bops_date_format(&when, bops_date_local(it->since,
		    ctx->ws->tz));
		bops_buf_putc(&when, '\0');
		bops_buf_printf(&rec, "%s %s", it->kind->name, it->id);
		bops_buf_putc(&rec, '\0');
	}
	/* The cells point into when and rec once they stop growing. */
	p = when.ptr;
	nl = rec.ptr;
	for (i = from; i < to; i++) {
		cells[0] = d->items[i].what;
		cells[1] = p;
		cells[2] = nl;
		cells[3] = d->items[i].title;
		bops_table_add(t, cells);
		p += strlen(p) + 1;
		nl += strlen(nl) + 1;
	}
	bops_table_render(&rows, t, (table_flags(ctx) & ~BOPS_TABLE_COLOR) |
	    BOPS_TABLE_NO_HEADER, (ctx->width ? ctx->width : 80) - 2);
	p = rows.ptr;
	for (i = from; i < to && p && *p; i++) {
		nl = strchr(p, '\n');
		bops_buf_puts(b, "  ");
		bops_buf_put(b, p, (size_t)(nl - p + 1));
		bops_buf_puts(b, "    ");
		bops_out_escape(b, d->items[i].command,
		    strlen(d->items[i].command), 0);
		bops_buf_putc(b, '\n');
		p = nl + 1;
	}
	bops_table_free(t);
	bops_buf_release(&rows);
	bops_buf_release(&when);
	bops_buf_release(&rec);
}

const struct bops_error *
cmd_due(struct bops_ctx *ctx, struct args *a)
{
	const struct bops_error *err;
	struct bops_due_query q;
	struct bops_due d;
	struct bops_buf b = BOPS_BUF_INIT;
	const char *owners[2];
	size_t i, j;

	memset(&q, 0, sizeof(q));
	q.within = 86400;
	if (a->within && bops_duration_parse(&q.within, a->within))
		return bops_error_fmt(BOPS_ERR_USAGE, "--within: want a "
		    "duration (45m, 4h, 2d, 1w), got '%s'", a->within);
	if ((err = due_owners(ctx, a->owner, owners, &q.nowners)))
		return err;
	q.owners = owners;
	q.now = ctx->ws->now;
	bops_due_init(&d, &q);
	if ((err = bops_due_collect(&d, ctx->ws)))
		goto done;
	if (a->out.json) {
		due_json(ctx, &d);
	} else {
		for (i = 0; i < d.n; i = j) {
			for (j = i; j < d.n && bops_due_same_owner(&d.items[i],
			    &d.items[j]); j++)
				;
			due_group(ctx, &b, &d, i, j);
		}
		out_write(&b);
	}
	if (d.n && a->exit_code)
		err = bops_error(BOPS_ERR_FOUND);
done:
	bops_due_release(&d);
	bops_buf_release(&b);
	return err;
}
