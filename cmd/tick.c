/*
 * tick.c: bops tick, the time-based automation that cron runs, as often
 * as every minute: it opens the follow-up tickets whose cycle came
 * round and starts the planned sprints whose first day came, in one
 * commit.  Running it again finds nothing to do; a follow-up's id is
 * derived from its rule and its due day (lib/ticket.c), so two clones
 * that both tick make the same file.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "customer.h"
#include "date.h"
#include "sprint.h"
#include "ticket.h"
#include "banned.h"

struct due {
	char customer[BOPS_ID_MAX_LEN + 1];
	char rule[24];
	int32_t due;
};

struct tick {
	struct bops_ws *ws;
	struct due *due;
	size_t ndue, adue;
	struct bops_buf sprints;	/* ids, one a line */
};

static int32_t
day_of(const struct bops_node *map, const char *key, int32_t none)
{
	const char *s = bops_node_map_str(map, key);
	int32_t d;

	return s && bops_date_parse(&d, s) == NULL ? d : none;
}

/* The rules of a customer whose cycle came round since they last
 * opened a ticket. */
static const struct bops_error *
due_rules(struct bops_record *rec, void *arg)
{
	struct tick *t = arg;
	const struct bops_node *rules = bops_record_get(rec, "follow_ups");
	int32_t days, since, due;
	size_t i;

	for (i = 0; rules && i < rules->n; i++) {
		const struct bops_node *r = rules->items[i];
		const char *id = bops_node_map_str(r, "id");

		if (id == NULL || bops_customer_cycle(bops_node_map_str(r,
		    "every"), &days) || (since = day_of(r, "since",
		    BOPS_DATE_MAX)) == BOPS_DATE_MAX ||
		    !bops_followup_due(since, days, t->ws->today, &due) ||
		    day_of(r, "last", BOPS_DATE_MIN) >= due)
			continue;
		if (t->ndue == t->adue) {
			t->adue = t->adue ? t->adue * 2 : 16;
			t->due = bops_realloc(t->due, t->adue *
			    sizeof(*t->due));
		}
		snprintf(t->due[t->ndue].customer, sizeof(t->due->customer),
		    "%s", rec->id);
		snprintf(t->due[t->ndue].rule, sizeof(t->due->rule), "%s", id);
		t->due[t->ndue].due = due;
		t->ndue++;
	}
	return NULL;
}

/* Planned sprints whose first day came and whose last has not gone. */
static const struct bops_error *
due_sprint(struct bops_record *rec, void *arg)
{
	struct tick *t = arg;
	const char *status = bops_record_str(rec, "status");

	if (status && strcmp(status, "planned") == 0 &&
	    day_of(rec->root, "start", BOPS_DATE_MAX) <= t->ws->today &&
	    day_of(rec->root, "end", BOPS_DATE_MIN) >= t->ws->today)
		bops_buf_printf(&t->sprints, "%s\n", rec->id);
	return NULL;
}

/*
 * Open the follow-up of a due rule of cust (unless a clone already
 * did) and note its due day in the rule.
 */
static const struct bops_error *
follow_up(struct bops_ctx *ctx, struct bops_txn *txn,
    struct bops_record *cust, const struct due *d, struct bops_buf *ids,
    struct bops_buf *said, size_t *opened)
{
	const struct bops_error *err;
	struct bops_record *tk = NULL, *have = NULL;
	struct bops_node *rules = bops_record_get(cust, "follow_ups");
	struct bops_node *rule = NULL;
	struct bops_buf day = BOPS_BUF_INIT;
	const char *id;
	size_t i;

	for (i = 0; rules && i < rules->n && rule == NULL; i++)
		if ((id = bops_node_map_str(rules->items[i], "id")) &&
		    strcmp(id, d->rule) == 0)
			rule = rules->items[i];
	if (rule == NULL)
		return NULL;
	if ((err = bops_followup_ticket(&tk, ctx->ws, cust, rule, d->due)))
		goto done;
	err = bops_store_read(&have, ctx->ws, bops_kind_find("ticket"), NULL,
	    tk->id);
	if (err && err->code != BOPS_ERR_NOT_FOUND)
		goto done;
	bops_date_format(&day, d->due);
	if (err) {
		if ((err = bops_txn_put(txn, tk, NULL)))
			goto done;
		bops_buf_printf(ids, "%s\n", tk->id);
		bops_buf_printf(said, "tick: follow-up ticket %s for %s, due "
		    "%s\n", tk->id, cust->id, day.ptr);
		(*opened)++;
	}
	bops_node_map_set_str(rule, "last", day.ptr, BOPS_SCALAR_RAW);
done:
	bops_record_free(tk);
	bops_record_free(have);
	bops_buf_release(&day);
	return err;
}

/* The due rules of one customer, v[0..n), in one write of it. */
static const struct bops_error *
follow_ups(struct bops_ctx *ctx, struct bops_txn *txn, const struct due *v,
    size_t n, struct bops_buf *ids, struct bops_buf *said, size_t *opened)
{
	const struct bops_error *err;
	struct bops_record *cust = NULL;
	size_t i;

	if ((err = bops_txn_load(&cust, txn, bops_kind_find("customer"),
	    v[0].customer)))
		return err;
	for (i = 0; i < n && err == NULL; i++)
		err = follow_up(ctx, txn, cust, &v[i], ids, said, opened);
	if (err == NULL)
		err = bops_txn_put(txn, cust, NULL);
	bops_record_free(cust);
	return err;
}

static const struct bops_error *
start_sprint(struct bops_txn *txn, const char *id, struct bops_buf *ids,
    struct bops_buf *said)
{
	const struct bops_error *err;
	struct bops_record *rec = NULL;
	struct bops_buf what = BOPS_BUF_INIT;

	if ((err = bops_txn_load(&rec, txn, bops_kind_find("sprint"), id)) ==
	    NULL && (err = bops_sprint_start(txn, rec, &what)) == NULL &&
	    (err = bops_txn_put(txn, rec, NULL)) == NULL) {
		bops_buf_printf(ids, "%s\n", rec->id);
		bops_buf_printf(said, "tick: sprint %s: %s\n", rec->id,
		    what.ptr);
	}
	bops_record_free(rec);
	bops_buf_release(&what);
	return err;
}

const struct bops_error *
cmd_tick(struct bops_ctx *ctx, struct args *a)
{
	const struct bops_error *err;
	struct bops_txn *txn = NULL;
	struct tick t;
	struct bops_buf ids = BOPS_BUF_INIT, said = BOPS_BUF_INIT;
	struct bops_buf msg = BOPS_BUF_INIT;
	size_t i, n, opened = 0, started = 0;
	char *line, *nl;

	(void)a;
	memset(&t, 0, sizeof(t));
	t.ws = ctx->ws;
	bops_buf_init(&t.sprints);
	if ((err = txn_begin(ctx, &txn)) ||
	    (err = bops_txn_each(txn, bops_kind_find("customer"), due_rules,
	    warn_record, &t)) ||
	    (err = bops_txn_each(txn, bops_kind_find("sprint"), due_sprint,
	    warn_record, &t)))
		goto done;
	/* The rules come customer by customer (bops_txn_each's order). */
	for (i = 0; i < t.ndue; i += n) {
		for (n = 1; i + n < t.ndue && strcmp(t.due[i + n].customer,
		    t.due[i].customer) == 0; n++)
			;
		if ((err = follow_ups(ctx, txn, &t.due[i], n, &ids, &said,
		    &opened)))
			goto done;
	}
	for (line = t.sprints.ptr; line && *line; line = nl + 1, started++) {
		nl = strchr(line, '\n');
		*nl = '\0';
		if ((err = start_sprint(txn, line, &ids, &said)))
			goto done;
	}
	if (bops_txn_count(txn) == 0)
		goto done;
	bops_buf_puts(&msg, "tick:");
	if (opened)
		bops_buf_printf(&msg, " %zu follow-up%s", opened, opened == 1 ?
		    "" : "s");
	if (started)
		bops_buf_printf(&msg, "%s %zu sprint%s started", opened ? "," :
		    "", started, started == 1 ? "" : "s");
	if (opened == 0 && started == 0)
		bops_buf_puts(&msg, " follow-ups brought up to date");
	if ((err = commit_print(txn, msg.ptr, NULL, NULL, &ids)) == NULL)
		say_lines(ctx, &said);
done:
	bops_txn_free(txn);
	free(t.due);
	bops_buf_release(&t.sprints);
	bops_buf_release(&ids);
	bops_buf_release(&said);
	bops_buf_release(&msg);
	return err;
}
