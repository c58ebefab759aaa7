/*
 * measure.c: `okr measure`, which counts what each key result's measure
 * names (a count, a percent of records, the share of tickets that met
 * an SLA target) and checks the values in; lib/okr.h parses a measure.
 */
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "okr.h"
#include "ticket.h"
#include "banned.h"

/*
 * How many records of m's kind match argv[0..argc), into *n.  A
 * record that cannot be read is BOPS_ERR_INVALID under strict: it might
 * match.
 */
static const struct bops_error *
measure_gather(struct bops_ctx *ctx, const struct bops_okr_measure *m,
    int argc, bool strict, struct out_list *l)
{
	const struct bops_error *err;
	struct out_opts o = { 0 };

	o.strict = strict;
	err = gather(ctx, m->kind, argc, m->argv, &o, "id", l);
	if (err && err->code == BOPS_ERR_INVALID)
		err = bops_error_fmt(BOPS_ERR_INVALID, "%s; measure '%s' "
		    "might count it, so nothing is checked in", err->msg,
		    m->text);
	else if (err)
		err = bops_error_wrap(err, "measure '%s'", m->text);
	return err;
}

/*
 * A sla measure: the share of the tickets of l opened in period (NULL:
 * this quarter) whose clock met its target, of those whose clock is
 * decided.
 */
static const struct bops_error *
measure_sla(struct bops_ctx *ctx, const struct bops_okr_measure *m,
    const char *period, const struct out_list *l, double *out, bool *have)
{
	const struct bops_error *err;
	struct bops_ticket_conf conf;
	struct bops_sla_tally t = BOPS_SLA_TALLY_INIT;
	struct bops_buf q = BOPS_BUF_INIT;
	struct bops_period p;
	struct bops_sla s;
	size_t i;

	if (period == NULL) {
		bops_period_quarter(&q, ctx->ws->today);
		period = q.ptr;
	}
	if ((err = bops_period_parse(&p, period, NULL))) {
		err = bops_error_wrap(err, "measure '%s'", m->text);
		bops_buf_release(&q);
		return err;
	}
	bops_ticket_conf_init(&conf, ctx->ws->config, ctx->ws->tz);
	for (i = 0; i < l->n; i++) {
		if (!bops_ticket_opened_in(l->recs[i], &conf, &p))
			continue;
		bops_ticket_sla(&s, l->recs[i], &conf, ctx->ws->now, false);
		bops_sla_tally_add(&t, m->clock == BOPS_MEASURE_FIRST_RESPONSE ?
		    &s.first_response : &s.resolution);
		bops_sla_release(&s);
	}
	*have = bops_okr_measure_share(out, t.met, t.met + t.breached);
	bops_sla_tally_release(&t);
	bops_ticket_conf_release(&conf);
	bops_buf_release(&q);
	return NULL;
}

const struct bops_error *
measure_value(double *out, bool *have, struct bops_ctx *ctx,
    const char *spec, const char *period, bool strict)
{
	const struct bops_error *err;
	struct bops_okr_measure m;
	struct out_list l = { NULL, 0, 0 }, whole = { NULL, 0, 0 };

	*have = false;
	if ((err = bops_okr_measure_parse(&m, spec)))
		return err;
	if ((err = measure_gather(ctx, &m, m.argc, strict, &l)))
		goto done;
	switch (m.form) {
	case BOPS_MEASURE_COUNT:
		*out = (double)l.n;
		*have = true;
		break;
	case BOPS_MEASURE_PERCENT:
		if ((err = measure_gather(ctx, &m, m.whole, strict, &whole)))
			goto done;
		*have = bops_okr_measure_share(out, l.n, whole.n);
		break;
	case BOPS_MEASURE_SLA:
		err = measure_sla(ctx, &m, period, &l, out, have);
		break;
	}
done:
	out_list_release(&l);
	out_list_release(&whole);
	bops_okr_measure_release(&m);
	return err;
}

/* A run of okr measure: what it stages and says. */
struct measure_run {
	struct bops_txn *txn;
	const struct bops_kind *kind;
	const char *now;		/* the check-ins' instant */
	struct bops_buf msg, ids;	/* the subject; the key results */
};

/*
 * Count the measure of each key result of rec and check in each count
 * that changed; stage rec when one did.  A measure that is no spec is
 * BOPS_ERR_INVALID, at its file and key result.
 */
static const struct bops_error *
measure_objective(struct bops_ctx *ctx, struct measure_run *m,
    struct bops_record *rec)
{
	const struct bops_error *err;
	struct bops_node *krs = bops_record_get(rec, "key_results"), *kr;
	struct bops_record *cur = NULL;
	const char *spec, *name, *email;
	double value;
	bool have;
	size_t k;
	bool touched = false;

	for (k = 0; krs && k < krs->n; k++) {
		kr = krs->items[k];
		if ((spec = bops_node_map_str(kr, "measure")) == NULL)
			continue;
		if ((err = measure_value(&value, &have, ctx, spec,
		    bops_record_str(rec, "period"), true))) {
			if (err->code == BOPS_ERR_USAGE)
				err = bops_error_fmt(BOPS_ERR_INVALID, "%s: key "
				    "result %s: %s", rec->path,
				    bops_node_map_str(kr, "id"), err->msg);
			return err;
		}
		/* A share of nothing is no value: nothing to check in. */
		if (!have || !bops_okr_measure_due(kr, value))
			continue;
		/* Something to write: now it takes an identity. */
		if ((err = bops_ws_identity(&name, &email, ctx->ws)))
			return err;
		bops_okr_measure_checkin(kr, value, m->now, name);
		bops_buf_printf(&m->msg, " %s/%s %s", rec->id,
		    bops_node_map_str(kr, "id"), bops_node_map_str(kr,
		    "current"));
		bops_buf_printf(&m->ids, "%s/%s\n", rec->id,
		    bops_node_map_str(kr, "id"));
		touched = true;
	}
	if (!touched)
		return NULL;
	/* Refuse a hand-edited file, as every write does. */
	if ((err = bops_txn_load(&cur, m->txn, m->kind, rec->id)))
		return err;
	bops_record_free(cur);
	return bops_txn_put(m->txn, rec, NULL);
}

const struct bops_error *
okr_measure(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err = NULL;
	struct measure_run m = { NULL, kind, NULL, BOPS_BUF_INIT,
	    BOPS_BUF_INIT };
	struct cascade c;
	struct bops_record *named = NULL, *rec;
	struct bops_buf id = BOPS_BUF_INIT, now = BOPS_BUF_INIT;
	size_t i;

	memset(&c, 0, sizeof(c));
	if (a->argc == 2 && (err = bops_store_resolve(&id, ctx->ws, kind, NULL,
	    a->argv[1])))
		return err;
	if ((err = txn_begin(ctx, &m.txn)))
		goto done;
	/*
	 * One commit or none: an objective that cannot be read is an
	 * error, not a gap in the run (only the one named, when named).
	 */
	if (id.len && (err = bops_store_read(&named, ctx->ws, kind, NULL,
	    id.ptr)))
		goto done;
	if ((err = cascade_load(ctx, kind, &c, id.len == 0)))
		goto done;
	bops_instant_format(&now, ctx->ws->now);
	m.now = now.ptr;
	bops_buf_puts(&m.msg, "okr: measure");
	for (i = 0; i < c.oc.n; i++) {
		rec = c.l.recs[i];
		if (id.len && strcmp(rec->id, id.ptr))
			continue;
		/* Graded is frozen: refused when named, else left alone. */
		if (bops_record_str(rec, "grade")) {
			if (id.len && (err = bops_okr_refuse_graded(rec)))
				goto done;
			continue;
		}
		if ((err = measure_objective(ctx, &m, rec)))
			goto done;
	}
	if (bops_txn_count(m.txn))
		err = commit_tell(ctx, m.txn, m.msg.ptr, NULL, NULL, &m.ids);
done:
	bops_record_free(named);
	bops_txn_free(m.txn);
	cascade_release(&c);
	bops_buf_release(&m.msg);
	bops_buf_release(&m.ids);
	bops_buf_release(&id);
	bops_buf_release(&now);
	return err;
}