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
#include "error.h"
#include "kind.h"
#include "query.h"
#include "record.h"
#include "segment.h"
#include "workspace.h"
#include "banned.h"

#include "sandbox.h"

#define TS(t) cmocka_unit_test_setup_teardown(t, ws_setup, ws_teardown)

static struct bops_record *
customer(struct ws_fixture *f, const char *name, const char *stage,
    const char *company)
{
	struct bops_record *rec = NULL;

	assert_null(bops_record_new(&rec, f->ws, bops_kind_find("customer"),
	    NULL));
	assert_null(bops_record_set(rec, f->ws, "name", name));
	assert_null(bops_record_set(rec, f->ws, "stage", stage));
	assert_null(bops_record_set(rec, f->ws, "company", company));
	return rec;
}

static void
a_segment_is_its_filters(void **state)
{
	static const char good[] = "name: Hospitals\nfilters:\n"
	    "- stage=lead,customer\n- company~bệnh viện\n";
	static const char bad[] = "name: Hospitals\nfilters:\n"
	    "- stage=lead\n- hospitals\n";
	static const char unknown[] = "name: X\nfilters:\n- size>10\n";
	struct ws_fixture *f = *state;
	const struct bops_kind *k = bops_kind_find("segment");
	const struct bops_schema *s;
	const struct bops_error *err;
	struct bops_record *seg = NULL, *a, *b, *c;
	struct bops_input_ctx ictx;
	struct bops_query *q;

	err = bops_record_parse(&seg, f->ws, k, "hospitals", bad,
	    strlen(bad));
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_INVALID);
	assert_string_equal(err->msg, "segments/hospitals.yaml:4:3: filter "
	    "'hospitals' is not field OP value");
	assert_null(bops_record_parse(&seg, f->ws, k, "hospitals", good,
	    strlen(good)));
	assert_null(bops_ws_schema(&s, f->ws, bops_kind_find("customer")));
	bops_ws_input_ctx(f->ws, &ictx);
	q = bops_query_new(s, &ictx, "Test", NULL);
	assert_null(bops_segment_apply(q, seg));
	a = customer(f, "Chi", "lead", "Bệnh viện Chợ Rẫy");
	b = customer(f, "Hoa", "sql", "Bệnh viện Từ Dũ");
	c = customer(f, "Somchai", "customer", "Siam Foods");
	assert_true(bops_query_match(q, a));
	assert_false(bops_query_match(q, b));
	assert_false(bops_query_match(q, c));
	bops_query_free(q);
	bops_record_free(seg);
	seg = NULL;
	/* a field customers do not have is found where it is used */
	assert_null(bops_record_parse(&seg, f->ws, k, "x", unknown,
	    strlen(unknown)));
	q = bops_query_new(s, &ictx, "Test", NULL);
	err = bops_segment_apply(q, seg);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_INVALID);
	assert_non_null(strstr(err->msg, "segments/x.yaml: filter 'size>10': "
	    "unknown field 'size' for customer"));
	bops_query_free(q);
	bops_record_free(seg);
	bops_record_free(a);
	bops_record_free(b);
	bops_record_free(c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TS(a_segment_is_its_filters),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
