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
#include "error.h"
#include "kind.h"
#include "record.h"
#include "store.h"
#include "workspace.h"
#include "banned.h"

struct fixture {
	char dir[64];
	char path[96];
	struct bops_ws_opts opts;
	struct bops_ws *ws;
};

#include "sandbox.h"

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/bops-test-customer-XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/ws", f->dir);
	f->opts.dir = f->path;
	f->opts.now = "2026-11-23T09:00:00Z";
	f->opts.author = "Test <t@example.com>";
	f->opts.lock_timeout_ms = -1;
	if (bops_ws_init(&f->ws, &f->opts)) {
		rm_rf(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	bops_ws_close(f->ws);
	rm_rf(f->dir);
	free(f);
	return 0;
}

#define TS(t) cmocka_unit_test_setup_teardown(t, setup, teardown)

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
	struct fixture *f = *state;
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
	assert_false(k->rules->finished(f->ws, rec));
	assert_null(bops_record_set(rec, f->ws, "stage", "churned"));
	assert_true(k->rules->finished(f->ws, rec));
	bops_record_free(rec);
}

/* Put rec (new) in a transaction of its own and commit it. */
static void
put(struct fixture *f, struct bops_record *rec)
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
rm(struct fixture *f, const char *id, unsigned flags)
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
	struct fixture *f = *state;
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_cycle_is_whole_days),
		TS(a_rule_with_no_cycle_does_not_read),
		TS(a_customer_tickets_point_at_stays),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
