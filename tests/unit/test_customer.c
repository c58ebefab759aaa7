#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "buf.h"
#include "customer.h"
#include "date.h"
#include "node.h"
#include "error.h"
#include "kind.h"
#include "record.h"
#include "store.h"
#include "workspace.h"
#include "banned.h"

#include "sandbox.h"

#define TS(t) cmocka_unit_test_setup_teardown(t, ws_setup, ws_teardown)

static void
a_cycle_is_whole_days(void **state)
{
	static const struct { const char *every; int32_t days; } rows[] = {
		{ "30d", 30 }, { "1w", 7 }, { "2w3d", 17 }, { "1d", 1 },
		{ "3660d", 3660 },
		{ "0", 0 }, { "0d", 0 }, { "12h", 0 }, { "1d12h", 0 },
		{ "3661d", 0 }, { "monthly", 0 }, { "", 0 }, { NULL, 0 },
	};
	const struct bops_error *err;
	int32_t days;
	size_t i;

	for (i = 0; i < N(rows); i++) {
		err = bops_customer_cycle(rows[i].every, &days);
		if (rows[i].days) {
			assert_null(err);
			assert_int_equal(days, rows[i].days);
		} else {
			assert_non_null(err);
			assert_int_equal(err->code, BOPS_ERR_USAGE);
			assert_int_equal(days, 0);
		}
	}
}

static void
a_rule_with_no_cycle_does_not_read(void **state)
{
	struct ws_fixture *f = *state;
	static const char bad[] =
	    "name: Chi\nfollow_ups:\n- id: 1\n  every: 36h\n"
	    "  since: 2026-11-23\n";
	static const char good[] =
	    "name: Chi\nfollow_ups:\n- id: 1\n  every: 30d\n"
	    "  since: 2026-11-23\n";
	const struct bops_kind *k = bops_kind_find("customer");
	const struct bops_error *err;
	struct bops_record *rec = NULL;

	err = bops_record_parse(&rec, f->ws, k, "chi", bad, strlen(bad));
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_INVALID);
	assert_string_equal(err->msg, "customers/ch/chi.yaml:4:10: follow-up "
	    "every=36h: want whole days from 1d to 3660d (30d, 1w)");
	assert_null(err = bops_record_parse(&rec, f->ws, k, "chi", good,
	    strlen(good)));
	/* as written: 30d is not made 4w2d */
	assert_string_equal(bops_node_map_str(bops_record_get(rec,
	    "follow_ups")->items[0], "every"), "30d");
	/* stages move back and forth: none means the work is over */
	assert_null(k->rules->finished);
	assert_null(bops_record_set(rec, f->ws, "stage", "other"));
	assert_non_null(bops_record_set(rec, f->ws, "stage", "churned"));
	bops_record_free(rec);
}

/* Put rec (new) in a transaction of its own and commit it. */
static void
put(struct ws_fixture *f, struct bops_record *rec)
{
	struct bops_txn *txn = NULL;

	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_txn_put(txn, rec, NULL));
	assert_null(bops_txn_commit(txn, "put", NULL));
	bops_txn_free(txn);
	bops_record_free(rec);
}

/* Remove customer id under flags; the error. */
static const struct bops_error *
rm(struct ws_fixture *f, const char *id, unsigned flags)
{
	const struct bops_error *err;
	struct bops_txn *txn = NULL;
	struct bops_record *rec = NULL;

	assert_null(bops_txn_begin(&txn, f->ws));
	bops_txn_set_flags(txn, flags);
	assert_null(bops_txn_load(&rec, txn, bops_kind_find("customer"), id));
	err = bops_txn_delete(txn, rec);
	bops_record_free(rec);
	bops_txn_free(txn);
	return err;
}

static void
a_customer_tickets_point_at_stays(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	struct bops_record *rec = NULL;
	const char *const ids[] = { "chi", "lan" };
	size_t i;

	for (i = 0; i < 2; i++) {
		assert_null(bops_record_new(&rec, f->ws,
		    bops_kind_find("customer"), ids[i]));
		assert_null(bops_record_set(rec, f->ws, "name", ids[i]));
		put(f, rec);
	}
	assert_null(bops_record_new(&rec, f->ws, bops_kind_find("ticket"),
	    "t1"));
	assert_null(bops_record_set(rec, f->ws, "subject", "Help"));
	assert_null(bops_record_set(rec, f->ws, "customer", "chi"));
	assert_null(bops_record_set(rec, f->ws, "priority", "low"));
	put(f, rec);
	err = rm(f, "chi", 0);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
	assert_string_equal(err->msg, "customer 'chi' is the customer of 1 "
	    "ticket (t1); give it another first: bops ticket set t1 "
	    "customer=");
	err = rm(f, "chi", BOPS_TXN_FORCE);
	assert_non_null(err);
	assert_null(rm(f, "chi", BOPS_TXN_MERGE));
	assert_null(rm(f, "lan", 0));
}

/* A history from "stage@YYYY-MM-DD" words. */
static struct bops_node *
history(const char *const *words)
{
	struct bops_node *h = bops_node_new_seq(), *e;
	char at[32], stage[32];
	const char *p;

	for (; *words; words++) {
		p = strchr(*words, '@');
		snprintf(stage, sizeof(stage), "%.*s", (int)(p - *words),
		    *words);
		snprintf(at, sizeof(at), "%sT00:00:00Z", p + 1);
		e = bops_node_new_map();
		bops_node_map_set_str(e, "at", at, BOPS_SCALAR_RAW);
		bops_node_map_set_str(e, "by", "Lan", BOPS_SCALAR_TEXT);
		bops_node_map_set_str(e, "stage", stage, BOPS_SCALAR_RAW);
		bops_node_seq_append(h, e);
	}
	return h;
}

static int64_t
at(const char *day)
{
	char s[32];
	int64_t t;

	snprintf(s, sizeof(s), "%sT00:00:00Z", day);
	assert_null(bops_instant_parse(&t, s));
	return t;
}

static void
the_funnel_counts_entries_conversions_and_median_time(void **state)
{
	static const char *const stages[] = { "lead", "mql", "sql",
	    "customer" };
	/* a: lead 10 days, then sql (skips mql: converts the lead);
	 * b: lead 2 days, mql, back to lead, then customer;
	 * c: lead before the period, mql in it, still there;
	 * d: lead in the period, still there. */
	static const char *const a[] = { "lead@2026-10-01", "sql@2026-10-11",
	    "customer@2026-10-21", NULL };
	static const char *const b[] = { "lead@2026-10-02", "mql@2026-10-04",
	    "lead@2026-10-10", "customer@2026-10-14", NULL };
	static const char *const c[] = { "lead@2026-09-01", "mql@2026-10-05",
	    NULL };
	static const char *const d[] = { "lead@2026-12-30", NULL };
	struct bops_node *h[5];
	struct bops_funnel_row rows[4];
	int64_t when;
	size_t i;

	(void)state;
	h[0] = history(a);
	h[1] = history(b);
	h[2] = history(c);
	h[3] = history(d);
	h[4] = NULL;
	bops_customer_funnel(rows, stages, 4,
	    (const struct bops_node *const *)h, 5, at("2026-10-01"),
	    at("2027-01-01"));
	assert_string_equal(rows[0].stage, "lead");
	assert_int_equal(rows[0].entered, 3);	/* a, b (once), d */
	assert_int_equal(rows[0].converted, 2);	/* a and b */
	/* lead visits that ended: 10d (a), 2d (b), 4d (b again) */
	assert_int_equal(rows[0].median, 4 * 86400);
	assert_int_equal(rows[1].entered, 2);	/* b, c */
	assert_int_equal(rows[1].converted, 1);	/* b reached customer */
	assert_int_equal(rows[1].median, 6 * 86400);	/* b's; c stays */
	assert_int_equal(rows[2].entered, 1);
	assert_int_equal(rows[2].converted, 1);
	assert_int_equal(rows[2].median, 10 * 86400);
	assert_int_equal(rows[3].entered, 2);
	assert_int_equal(rows[3].converted, 0);
	assert_int_equal(rows[3].median, -1);
	/* a period of one week: only what began in it */
	bops_customer_funnel(rows, stages, 4,
	    (const struct bops_node *const *)h, 5, at("2026-10-01"),
	    at("2026-10-08"));
	assert_int_equal(rows[0].entered, 2);
	assert_int_equal(rows[0].median, 6 * 86400);	/* 10d and 2d */
	assert_int_equal(rows[1].entered, 2);
	assert_int_equal(rows[3].entered, 0);
	/* when b became a customer */
	assert_true(bops_customer_entered(h[1], "customer", at("2026-10-01"),
	    at("2026-11-01"), &when));
	assert_int_equal(when, at("2026-10-14"));
	assert_false(bops_customer_entered(h[1], "customer",
	    at("2026-10-15"), at("2026-11-01"), &when));
	assert_false(bops_customer_entered(NULL, "customer", 0,
	    at("2027-01-01"),
	    &when));
	for (i = 0; i < 4; i++)
		bops_node_free(h[i]);
}

/* Every change of stage or lead status, whatever verb, is kept. */
static void
a_change_of_stage_goes_in_the_history(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_kind *k = bops_kind_find("customer");
	struct bops_record *rec = NULL;
	struct bops_txn *txn = NULL;
	const struct bops_node *h;

	assert_null(bops_record_new(&rec, f->ws, k, "chi"));
	assert_null(bops_record_set(rec, f->ws, "name", "Chi"));
	assert_null(bops_txn_begin(&txn, f->ws));
	assert_null(bops_txn_put(txn, rec, NULL));
	h = bops_record_get(rec, "stage_history");
	assert_non_null(h);
	assert_int_equal(h->n, 1);
	assert_string_equal(bops_node_map_str(h->items[0], "stage"), "lead");
	assert_string_equal(bops_node_map_str(h->items[0], "by"), "Test");
	assert_string_equal(bops_node_map_str(h->items[0], "at"),
	    "2026-11-23T09:00:00Z");
	assert_null(bops_record_get(rec, "lead_history"));
	/* the same stage again adds nothing; a new one, and back, do */
	assert_null(bops_txn_put(txn, rec, NULL));
	assert_int_equal(bops_record_get(rec, "stage_history")->n, 1);
	assert_null(bops_record_set(rec, f->ws, "stage", "customer"));
	assert_null(bops_record_set(rec, f->ws, "lead_status", "qualified"));
	assert_null(bops_txn_put(txn, rec, NULL));
	assert_null(bops_record_set(rec, f->ws, "stage", "lead"));
	assert_null(bops_txn_put(txn, rec, NULL));
	h = bops_record_get(rec, "stage_history");
	assert_int_equal(h->n, 3);
	assert_string_equal(bops_node_map_str(h->items[1], "stage"),
	    "customer");
	assert_string_equal(bops_node_map_str(h->items[2], "stage"), "lead");
	h = bops_record_get(rec, "lead_history");
	assert_int_equal(h->n, 1);
	assert_string_equal(bops_node_map_str(h->items[0], "status"),
	    "qualified");
	bops_txn_free(txn);
	/* a merge adds nothing */
	assert_null(bops_txn_begin(&txn, f->ws));
	bops_txn_set_flags(txn, BOPS_TXN_MERGE);
	assert_null(bops_record_set(rec, f->ws, "stage", "sql"));
	assert_null(bops_txn_put(txn, rec, NULL));
	assert_int_equal(bops_record_get(rec, "stage_history")->n, 3);
	bops_txn_free(txn);
	bops_record_free(rec);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_cycle_is_whole_days),
		TS(a_rule_with_no_cycle_does_not_read),
		TS(a_customer_tickets_point_at_stays),
		cmocka_unit_test(
		    the_funnel_counts_entries_conversions_and_median_time),
		TS(a_change_of_stage_goes_in_the_history),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
