/*
 * health.c: the views of projects: risks by score and their 5 x 5
 * matrix, budget against actual with earned value, and health.  What
 * they show is computed by lib/project.c; this file gathers the records
 * and prints.
 */
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "date.h"
#include "money.h"
#include "out.h"
#include "project.h"
#include "report.h"
#include "text.h"
#include "banned.h"

static const char *
health_sgr(enum bops_health h)
{
	static const char *const sgr[] = { NULL, "32", "33", "31" };

	return sgr[h];
}

/* Linked tasks of projects ids[0..n-1]: how many, how many done. */
struct task_count {
	struct bops_ws *ws;
	char **ids;
	size_t n;
	size_t *tasks, *done;
};

static const struct bops_error *
count_task(struct bops_record *rec, void *arg)
{
	struct task_count *c = arg;
	const char *p = bops_record_str(rec, "project");
	size_t i;

	for (i = 0; p && i < c->n; i++)
		if (strcmp(c->ids[i], p) == 0) {
			c->tasks[i]++;
			if (bops_board_done(c->ws, bops_record_str(rec,
			    "status")))
				c->done[i]++;
			break;
		}
	return NULL;
}

static const struct bops_error *
count_tasks(struct bops_ctx *ctx, char **ids, size_t n, size_t *tasks,
    size_t *done)
{
	struct task_count c = { ctx->ws, ids, n, tasks, done };

	return bops_store_each(ctx->ws, &bops_kind_task, ctx->as_of[0] ?
	    ctx->as_of : NULL, count_task, warn_record, &c);
}

static void
conf_of(struct bops_ctx *ctx, struct bops_project_conf *conf)
{
	bops_project_conf_read(conf, bops_ws_config_get("project", ctx->ws));
}

const struct bops_error *
project_health_of(struct bops_ctx *ctx, const struct bops_record *rec,
    struct bops_project_health *out)
{
	const struct bops_error *err;
	struct bops_project_facts f;
	struct bops_project_conf conf;
	char *id = (char *)rec->id;
	size_t tasks = 0, done = 0;

	memset(out, 0, sizeof(*out));
	if ((err = count_tasks(ctx, &id, 1, &tasks, &done)))
		return err;
	conf_of(ctx, &conf);
	bops_project_facts(&f, ctx->ws, rec, tasks, done);
	bops_project_health(out, &f, &conf);
	bops_project_facts_release(&f);
	return NULL;
}

/* PROJECT, or every project when text is NULL. */
static const struct bops_error *
projects(struct bops_ctx *ctx, const struct bops_kind *kind,
    const char *text, struct out_list *l)
{
	const struct bops_error *err;
	struct bops_record *rec = NULL;
	char *argv[] = { NULL, NULL };
	struct out_opts o;

	if (text == NULL) {
		memset(&o, 0, sizeof(o));
		return gather(ctx, kind, 1, argv, &o, "id", l);
	}
	if ((err = bops_store_load(&rec, ctx->ws, kind, ctx->as_of[0] ?
	    ctx->as_of : NULL, text)))
		return err;
	out_list_add(l, rec);
	return NULL;
}

/* risks */

struct risk_row {
	const struct bops_record *project;
	const struct bops_node *risk;
	struct bops_project_risk r;
};

static int
cmp_risk(const void *a, const void *b)
{
	const struct risk_row *x = a, *y = b;
	int sx = bops_risk_score(x->r.probability, x->r.impact);
	int sy = bops_risk_score(y->r.probability, y->r.impact);
	int c;

	if (sx != sy)
		return sy - sx;
	if ((c = strcmp(x->project->id, y->project->id)))
		return c;
	return (x->r.id > y->r.id) - (x->r.id < y->r.id);
}

static size_t
risk_rows(struct out_list *l, bool open, struct risk_row **out)
{
	const struct bops_node *seq;
	size_t i, k, n = 0;

	*out = NULL;
	for (i = 0; i < l->n; i++) {
		seq = bops_record_get(l->recs[i], "risks");
		for (k = 0; seq && k < seq->n; k++) {
			struct bops_project_risk r;
			const char *st = bops_node_map_str(seq->items[k],
			    "status");

			memset(&r, 0, sizeof(r));
			r.id = strtol(bops_node_map_str(seq->items[k], "id"),
			    NULL, 10);
			r.probability = (int)strtol(bops_node_map_str(
			    seq->items[k], "probability"), NULL, 10);
			r.impact = (int)strtol(bops_node_map_str(
			    seq->items[k], "impact"), NULL, 10);
			r.active = st == NULL || strcmp(st, "open") == 0 ||
			    strcmp(st, "mitigating") == 0;
			r.occurred = st && strcmp(st, "occurred") == 0;
			r.contingency = bops_node_map_get(seq->items[k],
			    "contingency") != NULL;
			if (open && !r.active)
				continue;
			*out = bops_realloc(*out, (n + 1) * sizeof(**out));
			(*out)[n].project = l->recs[i];
			(*out)[n].risk = seq->items[k];
			(*out)[n++].r = r;
		}
	}
	if (n)
		bops_qsort(*out, n, sizeof(**out), cmp_risk);
	return n;
}

/*
 * The 5 x 5 heat map: impact up, probability across, each cell the
 * number of risks there, coloured by score (amber and red from
 * project.health.risk_amber and risk_red), drawn as the report draws it.
 */
static void
risk_matrix(struct bops_ctx *ctx, struct bops_buf *b,
    const struct risk_row *rows, size_t n)
{
	struct bops_project_risk *rs = bops_calloc(n + 1, sizeof(*rs));
	struct bops_project_conf conf;
	struct bops_report_block m;
	unsigned counts[5][5];
	size_t i;

	conf_of(ctx, &conf);
	for (i = 0; i < n; i++)
		rs[i] = rows[i].r;
	bops_risk_matrix(counts, rs, n, false);
	bops_report_block_init(&m, BOPS_BLOCK_MATRIX, "risks", NULL);
	bops_risk_matrix_block(&m, counts, &conf);
	bops_report_matrix_text(b, &m, ctx->color);
	bops_report_block_release(&m);
	free(rs);
}

static void
risk_json(struct bops_json *w, const struct risk_row *r)
{
	const char *v;
	static const char *const text[] = { "title", "category", "status",
	    "owner", "trigger", "trigger_date", "mitigation", "contingency" };
	size_t i;

	bops_json_begin_object(w, 0);
	bops_json_key(w, "project");
	bops_json_str(w, r->project->id);
	bops_json_key(w, "id");
	bops_json_int(w, r->r.id);
	bops_json_key(w, "probability");
	bops_json_int(w, r->r.probability);
	bops_json_key(w, "impact");
	bops_json_int(w, r->r.impact);
	bops_json_key(w, "score");
	bops_json_int(w, bops_risk_score(r->r.probability, r->r.impact));
	for (i = 0; i < sizeof(text) / sizeof(text[0]); i++)
		if ((v = bops_node_map_str(r->risk, text[i]))) {
			bops_json_key(w, text[i]);
			bops_json_str(w, v);
		}
	bops_json_end_object(w);
}

static void
risk_table(struct bops_ctx *ctx, struct bops_buf *b,
    const struct risk_row *rows, size_t n)
{
	static const char *const head[] = { "risk", "score", "p", "i",
	    "status", "owner", "plan", "title" };
	struct bops_table *t = bops_table_new(8, head);
	struct bops_buf id = BOPS_BUF_INIT, sc = BOPS_BUF_INIT;
	struct bops_buf p = BOPS_BUF_INIT, im = BOPS_BUF_INIT;
	const char *cells[8];
	size_t i;

	for (i = 1; i < 4; i++)
		bops_table_align(t, i, BOPS_ALIGN_RIGHT);
	for (i = 0; i < n; i++) {
		bops_buf_reset(&id);
		bops_buf_reset(&sc);
		bops_buf_reset(&p);
		bops_buf_reset(&im);
		bops_buf_printf(&id, "%s/%ld", rows[i].project->id,
		    rows[i].r.id);
		bops_buf_printf(&sc, "%d", bops_risk_score(
		    rows[i].r.probability, rows[i].r.impact));
		bops_buf_printf(&p, "%d", rows[i].r.probability);
		bops_buf_printf(&im, "%d", rows[i].r.impact);
		cells[0] = id.ptr;
		cells[1] = sc.ptr;
		cells[2] = p.ptr;
		cells[3] = im.ptr;
		cells[4] = bops_node_map_str(rows[i].risk, "status");
		cells[5] = bops_node_map_str(rows[i].risk, "owner");
		cells[6] = rows[i].r.contingency ? "contingency" :
		    bops_node_map_get(rows[i].risk, "mitigation") ?
		    "mitigation" : "-";
		cells[7] = bops_node_map_str(rows[i].risk, "title");
		bops_table_add(t, cells);
	}
	bops_table_render(b, t, table_flags(ctx), ctx->width);
	bops_table_free(t);
	bops_buf_release(&id);
	bops_buf_release(&sc);
	bops_buf_release(&p);
	bops_buf_release(&im);
}

const struct bops_error *
project_risks(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct out_list l = { NULL, 0, 0 };
	struct risk_row *rows = NULL;
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_json w;
	size_t i, n;

	if ((err = out_opts_finish(ctx, &a->out)) ||
	    (err = projects(ctx, kind, a->argc > 1 ? a->argv[1] : NULL, &l)))
		goto done;
	n = risk_rows(&l, a->open, &rows);
	if (a->out.json) {
		bops_json_init(&w, &b);
		bops_json_begin_array(&w, BOPS_JSON_LINES);
		for (i = 0; i < n; i++)
			risk_json(&w, &rows[i]);
		bops_json_end_array(&w);
		bops_json_release(&w);
	} else if (a->matrix)
		risk_matrix(ctx, &b, rows, n);
	else if (n)
		risk_table(ctx, &b, rows, n);
	out_write_color(&b);
done:
	free(rows);
	out_list_release(&l);
	bops_buf_release(&b);
	return err;
}

/* budget */

static void
put_amount(struct bops_buf *b, bops_money_sum v, int minor)
{
	if (v < 0)
		bops_buf_putc(b, '-');
	bops_money_format(b, v < 0 ? -v : v, minor, 1, true);
}

static void
budget_table(struct bops_ctx *ctx, struct bops_buf *b,
    const struct bops_budget *bg)
{
	static const char *const head[] = { "category", "currency", "budget",
	    "actual", "remaining", "used" };
	struct bops_table *t = bops_table_new(6, head);
	struct bops_buf c[4] = { BOPS_BUF_INIT, BOPS_BUF_INIT, BOPS_BUF_INIT,
	    BOPS_BUF_INIT };
	const char *cells[6];
	size_t i, k, rows = bg->n + bg->ntotals;

	for (i = 2; i < 6; i++)
		bops_table_align(t, i, BOPS_ALIGN_RIGHT);
	for (i = 0; i < rows; i++) {
		const struct bops_budget_row *r = i < bg->n ? &bg->rows[i] :
		    NULL;
		const struct bops_budget_total *tb = r ? NULL :
		    &bg->totals[i - bg->n];
		bops_money_sum budget = r ? r->budget : tb->budget;
		bops_money_sum actual = r ? r->actual : tb->actual;
		int minor = r ? r->minor : tb->minor;

		for (k = 0; k < 4; k++)
			bops_buf_reset(&c[k]);
		put_amount(&c[0], budget, minor);
		put_amount(&c[1], actual, minor);
		put_amount(&c[2], budget - actual, minor);
		if (budget > 0)
			bops_buf_printf(&c[3], "%.0f%%", 100.0 *
			    (double)actual / (double)budget);
		else
			bops_buf_puts(&c[3], "-");
		cells[0] = r ? r->category ? r->category : "(unallocated)" :
		    "total";
		cells[1] = r ? r->currency : tb->currency;
		for (k = 0; k < 4; k++)
			cells[2 + k] = c[k].ptr;
		bops_table_add(t, cells);
		if (r && budget < actual)
			bops_table_color_row(t, bops_table_rows(t) - 1, "31");
	}
	bops_table_render(b, t, table_flags(ctx), ctx->width);
	bops_table_free(t);
	for (k = 0; k < 4; k++)
		bops_buf_release(&c[k]);
}

static void
money_line(struct bops_buf *b, const char *label,
    const struct bops_project_facts *f, bops_money_sum v)
{
	bops_buf_printf(b, "%-24s", label);
	put_amount(b, v, f->minor);
	bops_buf_printf(b, " %s\n", f->currency);
}

/* Earned value of the project's currency, and the burn. */
static void
evm_text(struct bops_ctx *ctx, struct bops_buf *b,
    const struct bops_project_facts *f)
{
	const struct bops_evm *e = &f->evm;

	if (f->currency[0] == '\0' || !f->has_budget)
		return;
	bops_buf_printf(b, "\ntime elapsed            %.0f%%\n",
	    100 * e->expected);
	if (e->total)
		bops_buf_printf(b, "work done               %.0f%% (%zu of %zu "
		    "milestones, %zu of %zu tasks)\n", 100 * e->progress,
		    f->milestones_done, f->milestones, f->tasks_done, f->tasks);
	else
		bops_buf_puts(b, "work done               - (no milestone or "
		    "linked task)\n");
	bops_buf_printf(b, "burn                    ");
	bops_out_bar(b, e->bac > 0 ? (double)e->ac / (double)e->bac : 0, 20,
	    ctx->utf8);
	bops_buf_printf(b, " %.0f%% of the budget\n", e->bac > 0 ? 100.0 *
	    (double)e->ac / (double)e->bac : 0);
	money_line(b, "planned value (PV)", f, e->pv);
	money_line(b, "earned value (EV)", f, e->ev);
	money_line(b, "actual cost (AC)", f, e->ac);
	bops_buf_puts(b, "CPI ");
	bops_buf_printf(b, e->cpi >= 0 ? "%.2f" : "-", e->cpi);
	bops_buf_puts(b, "  SPI ");
	bops_buf_printf(b, e->spi >= 0 ? "%.2f" : "-", e->spi);
	bops_buf_putc(b, '\n');
	if (e->eac >= 0) {
		money_line(b, "forecast at completion", f, e->eac);
		bops_buf_printf(b, "%-24s", e->eac > e->bac ? "over budget by" :
		    "under budget by");
		put_amount(b, e->eac > e->bac ? e->eac - e->bac : e->bac -
		    e->eac, f->minor);
		bops_buf_printf(b, " %s\n", f->currency);
	} else
		bops_buf_puts(b, "forecast at completion  - (no value earned "
		    "or nothing spent yet)\n");
}

static void
json_money(struct bops_json *w, const char *key, bops_money_sum v, int minor)
{
	struct bops_buf b = BOPS_BUF_INIT;

	/* exact: a string, as a record writes it */
	if (v < 0)
		bops_buf_putc(&b, '-');
	bops_money_format(&b, v < 0 ? -v : v, minor, 1, false);
	bops_json_key(w, key);
	bops_json_str(w, b.ptr);
	bops_buf_release(&b);
}

static void
budget_json(struct bops_buf *out, const struct bops_record *rec,
    const struct bops_budget *bg, const struct bops_project_facts *f)
{
	const struct bops_evm *e = &f->evm;
	struct bops_json w;
	size_t i;

	bops_json_init(&w, out);
	bops_json_begin_object(&w, 0);
	bops_json_key(&w, "project");
	bops_json_str(&w, rec->id);
	bops_json_key(&w, "lines");
	bops_json_begin_array(&w, 0);
	for (i = 0; i < bg->n; i++) {
		bops_json_begin_object(&w, 0);
		bops_json_key(&w, "category");
		if (bg->rows[i].category)
			bops_json_str(&w, bg->rows[i].category);
		else
			bops_json_null(&w);
		bops_json_key(&w, "currency");
		bops_json_str(&w, bg->rows[i].currency);
		json_money(&w, "budget", bg->rows[i].budget, bg->rows[i].minor);
		json_money(&w, "actual", bg->rows[i].actual, bg->rows[i].minor);
		bops_json_end_object(&w);
	}
	bops_json_end_array(&w);
	if (f->currency[0] && f->has_budget) {
		bops_json_key(&w, "currency");
		bops_json_str(&w, f->currency);
		json_money(&w, "bac", e->bac, f->minor);
		json_money(&w, "pv", e->pv, f->minor);
		json_money(&w, "ev", e->ev, f->minor);
		json_money(&w, "ac", e->ac, f->minor);
		bops_json_key(&w, "elapsed");
		bops_json_round(&w, e->expected, 4);
		bops_json_key(&w, "cpi");
		if (e->cpi >= 0)
			bops_json_round(&w, e->cpi, 4);
		else
			bops_json_null(&w);
		bops_json_key(&w, "spi");
		if (e->spi >= 0)
			bops_json_round(&w, e->spi, 4);
		else
			bops_json_null(&w);
		if (e->eac >= 0)
			json_money(&w, "eac", e->eac, f->minor);
		else {
			bops_json_key(&w, "eac");
			bops_json_null(&w);
		}
	}
	bops_json_end_object(&w);
	bops_json_release(&w);
}

const struct bops_error *
project_budget(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	const struct bops_error *err;
	struct out_list l = { NULL, 0, 0 };
	struct bops_budget bg;
	struct bops_project_facts f;
	struct bops_buf b = BOPS_BUF_INIT;
	size_t tasks = 0, done = 0;
	char *id;

	memset(&bg, 0, sizeof(bg));
	memset(&f, 0, sizeof(f));
	if ((err = out_opts_finish(ctx, &a->out)) ||
	    (err = projects(ctx, kind, a->argv[1], &l)))
		goto done;
	id = l.recs[0]->id;
	if ((err = count_tasks(ctx, &id, 1, &tasks, &done)))
		goto done;
	bops_project_budget(&bg, l.recs[0]);
	bops_project_facts(&f, ctx->ws, l.recs[0], tasks, done);
	if (a->out.json)
		budget_json(&b, l.recs[0], &bg, &f);
	else if (bg.n == 0)
		bops_buf_printf(&b, "no budget and no cost (bops project set "
		    "%s budget=AMOUNT currency=CUR)\n", l.recs[0]->id);
	else {
		budget_table(ctx, &b, &bg);
		evm_text(ctx, &b, &f);
	}
	out_write_color(&b);
done:
	bops_project_budget_release(&bg);
	bops_project_facts_release(&f);
	out_list_release(&l);
	bops_buf_release(&b);
	return err;
}

/* health */

static void
health_json(struct bops_json *w, const struct bops_record *rec,
    const struct bops_project_health *h)
{
	size_t i;

	bops_json_begin_object(w, 0);
	bops_json_key(w, "project");
	bops_json_str(w, rec->id);
	bops_json_key(w, "title");
	bops_json_str(w, bops_record_title(rec));
	bops_json_key(w, "health");
	bops_json_str(w, bops_health_name(h->overall));
	for (i = 0; i < BOPS_PART__COUNT; i++) {
		bops_json_key(w, bops_health_part_name(i));
		bops_json_begin_object(w, 0);
		bops_json_key(w, "health");
		bops_json_str(w, bops_health_name(h->part[i]));
		bops_json_key(w, "why");
		bops_json_str(w, h->why[i].ptr);
		bops_json_end_object(w);
	}
	bops_json_end_object(w);
}

/* One project: a line per part, with its reason. */
static void
health_text(struct bops_ctx *ctx, struct bops_buf *b,
    const struct bops_record *rec, const struct bops_project_health *h)
{
	static const char *const head[] = { "", "", "" };
	struct bops_table *t = bops_table_new(3, head);
	const char *cells[3];
	size_t i;

	cells[0] = "project";
	cells[1] = bops_health_name(h->overall);
	cells[2] = bops_record_title(rec);
	bops_table_add(t, cells);
	if (health_sgr(h->overall))
		bops_table_color_row(t, 0, health_sgr(h->overall));
	for (i = 0; i < BOPS_PART__COUNT; i++) {
		cells[0] = bops_health_part_name(i);
		cells[1] = bops_health_name(h->part[i]);
		cells[2] = h->why[i].ptr;
		bops_table_add(t, cells);
		if (health_sgr(h->part[i]))
			bops_table_color_row(t, i + 1, health_sgr(h->part[i]));
	}
	bops_table_render(b, t, table_flags(ctx) | BOPS_TABLE_NO_HEADER,
	    ctx->width);
	bops_table_free(t);
}

static void
health_row(struct bops_table *t, const struct bops_record *rec,
    const struct bops_project_health *h)
{
	const char *cells[7];
	size_t i;

	cells[0] = rec->id;
	cells[1] = bops_health_name(h->overall);
	for (i = 0; i < BOPS_PART__COUNT; i++)
		cells[2 + i] = bops_health_name(h->part[i]);
	cells[6] = bops_record_title(rec);
	bops_table_add(t, cells);
	if (health_sgr(h->overall))
		bops_table_color_row(t, bops_table_rows(t) - 1,
		    health_sgr(h->overall));
}

const struct bops_error *
project_health(struct bops_ctx *ctx, const struct bops_kind *kind,
    struct args *a)
{
	static const char *const head[] = { "project", "health", "schedule",
	    "cost", "quality", "risk", "title" };
	const struct bops_error *err;
	struct out_list l = { NULL, 0, 0 };
	struct bops_project_health h;
	struct bops_table *t = NULL;
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_json w;
	size_t i;

	if ((err = out_opts_finish(ctx, &a->out)) ||
	    (err = projects(ctx, kind, a->argc > 1 ? a->argv[1] : NULL, &l)))
		goto done;
	if (a->out.json) {
		bops_json_init(&w, &b);
		if (a->argc == 1)
			bops_json_begin_array(&w, BOPS_JSON_LINES);
	} else if (a->argc == 1)
		t = bops_table_new(7, head);
	for (i = 0; i < l.n; i++) {
		if ((err = project_health_of(ctx, l.recs[i], &h)))
			break;
		if (a->out.json)
			health_json(&w, l.recs[i], &h);
		else if (t)
			health_row(t, l.recs[i], &h);
		else
			health_text(ctx, &b, l.recs[i], &h);
		bops_project_health_release(&h);
	}
	if (a->out.json) {
		if (a->argc == 1)
			bops_json_end_array(&w);
		bops_json_release(&w);
	} else if (t && l.n)
		bops_table_render(&b, t, table_flags(ctx), ctx->width);
	if (err == NULL)
		out_write_color(&b);
done:
	bops_table_free(t);
	out_list_release(&l);
	bops_buf_release(&b);
	return err;
}
