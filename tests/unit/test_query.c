#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "error.h"
#include "kind.h"
#include "node.h"
#include "query.h"
#include "record.h"
#include "schema.h"
#include "yaml.h"

#include "sandbox.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char schema_yaml[] =
    "kind: task\n"
    "title: title\n"
    "fields:\n"
    "  title: {type: string, required: true, max: 200}\n"
    "  status:\n"
    "    type: enum\n"
    "    values_from: board.columns\n"
    "    default: not-started\n"
    "    required: true\n"
    "  assignee: {type: string, person: true}\n"
    "  watchers: {type: list, person: true}\n"
    "  priority:\n"
    "    type: enum\n"
    "    values: [urgent, high, normal, low]\n"
    "    order: high-to-low\n"
    "  due: {type: date}\n"
    "  estimate: {type: number, min: 0}\n"
    "  points: {type: int, min: 0}\n"
    "  spent: {type: duration}\n"
    "  tags: {type: list}\n"
    "  sprint: {type: ref, ref: sprint}\n"
    "  notes: {type: text}\n"
    "  done: {type: bool}\n"
    "  created: {type: instant, relative: past}\n"
    "  checkins:\n"
    "    type: log\n"
    "    fields:\n"
    "      at: {type: instant}\n";

/* Four tasks; today is Monday 2026-11-23, 10:00 UTC. */
static const struct {
	const char *id;
	const char *yaml;
} record_rows[] = {
	{ "7kq3m2",
	    "title: Write the plan\n"
	    "status: processing\n"
	    "assignee: Alice\n"
	    "watchers: [bob]\n"
	    "priority: high\n"
	    "due: 2026-11-23\n"
	    "estimate: 4.50\n"
	    "points: 3\n"
	    "spent: 90m\n"
	    "tags: [ops, q4]\n"
	    "sprint: s12\n"
	    "notes: \"Call the vendor\\nthen write\"\n"
	    "done: false\n"
	    "created: 2026-11-01T09:00:00Z\n"
	    "x_source: Email\n" },
	{ "7kq9zz",
	    "title: \xc4\x90i c\xe1\xbb\xa9u th\xe1\xba\xbf gi\xe1\xbb\x9bi\n"
	    "status: done\n"
	    "assignee: bob\n"
	    "priority: urgent\n"
	    "due: 2026-11-26\n"
	    "estimate: 10\n"
	    "points: 13\n"
	    "spent: 2d\n"
	    "tags: [q4]\n"
	    "done: true\n"
	    "created: 2026-11-23T08:00:00Z\n"
	    "checkins:\n"
	    "- at: 2026-11-23T09:00:00Z\n" },
	{ "b2c4d6",
	    "title: Fix the printer\n"
	    "status: not-started\n"
	    "priority: low\n"
	    "due: 2026-12-01\n"
	    "estimate: 0.5\n"
	    "points: 0\n"
	    "spent: 45m\n"
	    "sprint: s13\n"
	    "created: 2026-10-31T23:59:59Z\n" },
	{ "zz01",
	    "title: Caf\xc3\xa9 ORDER\n"
	    "status: not-started\n"
	    "assignee: alice\n"
	    "watchers: [Alice, carol]\n"
	    "created: 2026-11-22T10:00:00Z\n" },
};

#define NRECS NELEM(record_rows)

struct fixture {
	struct bops_schema *schema;
	struct bops_node *config;
	struct bops_input_ctx ctx;
	struct bops_record *recs[NRECS];
};

static const struct bops_node *
lookup(const char *key, void *arg)
{
	struct fixture *fx = arg;
	const struct bops_node *n = fx->config;
	char part[64];
	const char *dot;
	size_t len;

	while (n && *key) {
		dot = strchr(key, '.');
		len = dot ? (size_t)(dot - key) : strlen(key);
		snprintf(part, sizeof(part), "%.*s", (int)len, key);
		n = bops_node_map_get(n, part);
		key += len + (dot != NULL);
	}
	return n;
}

static int
setup(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct bops_node *doc = yaml_doc(schema_yaml);
	struct bops_validate v = { "test.yaml", lookup, NULL };
	const struct bops_error *err;
	size_t i;

	fx->config = yaml_doc("board:\n  columns: [not-started, processing, "
	    "done]\n");
	if ((err = bops_schema_parse(&fx->schema, "schema.yaml", doc)))
		fail_msg("%s", err->msg);
	bops_node_free(doc);
	fx->ctx.today = bops_date_from_ymd(2026, 11, 23);
	fx->ctx.now = (int64_t)fx->ctx.today * 86400 + 10 * 3600;
	fx->ctx.tz = NULL;
	fx->ctx.lookup = lookup;
	fx->ctx.lookup_arg = fx;
	v.lookup_arg = fx;
	for (i = 0; i < NRECS; i++) {
		struct bops_node *root = yaml_doc(record_rows[i].yaml);

		if ((err = bops_schema_validate(fx->schema, root, &v)))
			fail_msg("%s", err->msg);
		fx->recs[i] = bops_record_wrap(&bops_kind_task, fx->schema,
		    record_rows[i].id, root);
	}
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	size_t i;

	for (i = 0; i < NRECS; i++)
		bops_record_free(fx->recs[i]);
	bops_schema_free(fx->schema);
	bops_node_free(fx->config);
	free(fx);
	return 0;
}

/*
 * The packed values of q's fields in rec, as the cache hands them to
 * bops_query_match_packed and bops_query_top_offer; pack holds the
 * bytes.
 */
static void
packed_values(struct bops_buf *pack, const struct bops_query *q,
    const struct bops_record *rec, const unsigned char **vals, size_t *lens)
{
	const unsigned char *p, *end, *key;
	size_t count, klen, n, i, f;

	bops_buf_reset(pack);
	bops_node_pack(pack, rec->root);
	for (f = 0; f < bops_query_nfields(q); f++)
		vals[f] = NULL;
	p = (const unsigned char *)pack->ptr;
	end = p + pack->len;
	assert_true(bops_node_packed_count(&p, end, &count));
	for (i = 0; i < count; i++) {
		assert_true(bops_node_packed_key(&p, end, &key, &klen));
		n = bops_node_packed_size(p, (size_t)(end - p));
		assert_true(n > 0);
		for (f = 0; f < bops_query_nfields(q); f++)
			if (strlen(bops_query_field(q, f)) == klen &&
			    memcmp(bops_query_field(q, f), key, klen) == 0) {
				vals[f] = p;
				lens[f] = n;
			}
		p += n;
	}
}

/*
 * bops_query_match_packed as a caller that reads each field only when
 * a filter asks for it, and stops at the first filter that fails.
 */
static bool
match_by_filter(struct bops_query *q, const char *id,
    const unsigned char *const *vals, const size_t *lens)
{
	size_t i;
	long f;

	for (i = 0; i < bops_query_nfilters(q); i++) {
		f = bops_query_filter_field(q, i);
		assert_true(f < (long)bops_query_nfields(q));
		assert_true(f < 0 || bops_query_field_filtered(q, (size_t)f));
		if (!bops_query_match_packed_filter(q, i, id,
		    f < 0 ? NULL : vals[f], f < 0 || vals[f] == NULL ? 0 :
		    lens[f]))
			return false;
	}
	return true;
}

/*
 * The ids of the records matching all of exprs, space-separated; the
 * packed answer (the cache's fast path) must be the same for each.
 */
static void
matching(struct bops_buf *out, struct fixture *fx, const char *me,
    const char *const *exprs, size_t n)
{
	struct bops_query *q = bops_query_new(fx->schema, &fx->ctx, me, NULL);
	struct bops_buf pack = BOPS_BUF_INIT;
	const unsigned char *vals[16];
	const struct bops_error *err;
	size_t i, lens[16];
	bool slow;

	for (i = 0; i < n; i++)
		if ((err = bops_query_filter(q, exprs[i]))) {
			bops_query_free(q);
			fail_msg("'%s': %s", exprs[i], err->msg);
		}
	assert_true(bops_query_nfields(q) <= NELEM(vals));
	bops_buf_reset(out);
	for (i = 0; i < NRECS; i++) {
		slow = bops_query_match(q, fx->recs[i]);
		packed_values(&pack, q, fx->recs[i], vals, lens);
		if (slow != bops_query_match_packed(q, fx->recs[i]->id, vals,
		    lens))
			fail_msg("'%s' on %s: the packed answer differs",
			    n ? exprs[0] : "", fx->recs[i]->id);
		/* Again, from what the query remembers of each value. */
		if (slow != bops_query_match_packed(q, fx->recs[i]->id, vals,
		    lens))
			fail_msg("'%s' on %s: the remembered answer differs",
			    n ? exprs[0] : "", fx->recs[i]->id);
		/* Filter by filter, each field read only when it is needed. */
		if (slow != match_by_filter(q, fx->recs[i]->id, vals, lens))
			fail_msg("'%s' on %s: the answer filter by filter "
			    "differs", n ? exprs[0] : "", fx->recs[i]->id);
		if (slow)
			bops_buf_printf(out, "%s%s", out->len ? " " : "",
			    fx->recs[i]->id);
	}
	bops_buf_release(&pack);
	bops_query_free(q);
}

struct match_row {
	const char *expr;
	const char *ids;
};

static void
check_rows(struct fixture *fx, const struct match_row *rows, size_t n)
{
	struct bops_buf got = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		matching(&got, fx, "alice", &rows[i].expr, 1);
		if (strcmp(got.ptr, rows[i].ids)) {
			char msg[256];

			snprintf(msg, sizeof(msg), "'%s': got '%s', want '%s'",
			    rows[i].expr, got.ptr, rows[i].ids);
			bops_buf_release(&got);
			fail_msg("%s", msg);
		}
	}
	bops_buf_release(&got);
}

static void
filter_on_strings_compares_bytes_and_folds_for_substrings(void **state)
{
	static const struct match_row rows[] = {
		{ "title=Fix the printer", "b2c4d6" },
		{ "title=fix the printer", "" },
		{ "title!=Fix the printer", "7kq3m2 7kq9zz zz01" },
		{ "title=Write the plan,Fix the printer", "7kq3m2 b2c4d6" },
		{ "title=Write the plan, Fix the printer", "7kq3m2 b2c4d6" },
		{ "title<G", "b2c4d6 zz01" },
		{ "title<=Fix the printer", "b2c4d6 zz01" },
		{ "title>Fix the printer", "7kq3m2 7kq9zz" },
		{ "title>=W", "7kq3m2 7kq9zz" },
		{ "title~PRINT", "b2c4d6" },
		{ "title~the", "7kq3m2 b2c4d6" },
		{ "title~order,x", "" },
		{ "title=", "" },
		{ "title!=", "7kq3m2 7kq9zz b2c4d6 zz01" },
		{ "notes~VENDOR", "7kq3m2" },
		{ "notes~then write", "7kq3m2" },
		{ "notes=", "7kq9zz b2c4d6 zz01" },
		{ "notes!=", "7kq3m2" },
		{ "sprint=S12", "7kq3m2" },
		{ "sprint!=s12", "7kq9zz b2c4d6 zz01" },
		{ "sprint=", "7kq9zz zz01" },
		{ "sprint<s13", "7kq3m2" },
		{ "sprint~1", "7kq3m2 b2c4d6" },
		{ "done=true", "7kq9zz" },
		{ "done!=true", "7kq3m2 b2c4d6 zz01" },
		{ "done=true,false", "7kq3m2 7kq9zz" },
		{ "x_source=Email", "7kq3m2" },
		{ "x_source~MAIL", "7kq3m2" },
		{ "x_source>A", "7kq3m2" },
		{ "x_source=", "7kq9zz b2c4d6 zz01" },
		{ "x_other!=a", "7kq3m2 7kq9zz b2c4d6 zz01" },
		{ "x_other=a", "" },
	};

	check_rows(*state, rows, NELEM(rows));
}

static void
substring_folds_non_ascii_text(void **state)
{
	static const struct match_row rows[] = {
		/* "đi" finds "Đi cứu thế giới" */
		{ "title~\xc4\x91i", "7kq9zz" },
		/* "ĐI CỨU" */
		{ "title~\xc4\x90I C\xe1\xbb\xa8U", "7kq9zz" },
		{ "title~TH\xe1\xba\xbe GI", "7kq9zz" },
		/* "café", "CAFÉ" */
		{ "title~caf\xc3\xa9", "zz01" },
		{ "title~CAF\xc3\x89", "zz01" },
		{ "title~cafe", "" },
		{ "title~\xc3\xa9 o", "zz01" },
		/* decomposed (NFD) needles find precomposed text */
		{ "title~the\xcc\x82\xcc\x81", "7kq9zz" },
		{ "title~CAFE\xcc\x81", "zz01" },
		{ "title~D\xcc\x9b", "" },
	};

	check_rows(*state, rows, NELEM(rows));
}

static void
substring_and_equality_see_every_normal_form(void **state)
{
	struct fixture *fx = *state;
	struct bops_node *root = yaml_doc(
	    "title: \"Vie\xcc\x82\xcc\x81t ba\xcc\x80i\"\n"
	    "status: not-started\nassignee: \"Nguye\xcc\x82\xcc\x83n\"\n"
	    "created: 2026-11-22T10:00:00Z\n");
	struct bops_record *rec = bops_record_wrap(&bops_kind_task,
	    fx->schema, "nfd001", root);
	static const struct {
		const char *expr;
		bool hit;
	} rows[] = {
		{ "title~vi\xe1\xba\xbft", true },		/* NFC */
		{ "title~VIE\xcc\x82\xcc\x81T", true },		/* NFD */
		{ "title~viet", false },
		{ "title=Vi\xe1\xba\xbft b\xc3\xa0i", true },
		{ "title=vi\xe1\xba\xbft b\xc3\xa0i", false },	/* = keeps case */
		{ "assignee=NGUY\xe1\xbb\x84N", true },
		{ "assignee=me", true },
	};
	struct bops_query *q;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		q = bops_query_new(fx->schema, &fx->ctx, "nguy\xe1\xbb\x85n",
		    NULL);
		assert_null(bops_query_filter(q, rows[i].expr));
		if (bops_query_match(q, rec) != rows[i].hit)
			fail_msg("'%s': want %d", rows[i].expr, rows[i].hit);
		bops_query_free(q);
	}
	bops_record_free(rec);
}

static void
me_is_the_name_the_email_or_both(void **state)
{
	struct fixture *fx = *state;
	static const char *const values[] = { "Alice Ng", "ALICE@EXAMPLE.COM",
	    "alice ng <alice@example.com>" };
	struct bops_query *q;
	struct bops_record *rec;
	struct bops_buf yaml = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < NELEM(values); i++) {
		bops_buf_reset(&yaml);
		bops_buf_printf(&yaml, "title: t\nstatus: done\nassignee: "
		    "\"%s\"\ncreated: 2026-11-22T10:00:00Z\n", values[i]);
		rec = bops_record_wrap(&bops_kind_task, fx->schema, "me0001",
		    yaml_doc(yaml.ptr));
		q = bops_query_new(fx->schema, &fx->ctx, "Alice Ng",
		    "alice@example.com");
		assert_null(bops_query_filter(q, "assignee=me"));
		if (!bops_query_match(q, rec))
			fail_msg("'%s' is not me", values[i]);
		bops_query_free(q);
		/* without an e-mail, me is the name alone */
		q = bops_query_new(fx->schema, &fx->ctx, "Alice Ng", NULL);
		assert_null(bops_query_filter(q, "assignee=me"));
		assert_int_equal(bops_query_match(q, rec), i == 0);
		bops_query_free(q);
		bops_record_free(rec);
	}
	bops_buf_release(&yaml);
}

static void
filter_on_person_fields_takes_me_and_ignores_case(void **state)
{
	static const struct match_row rows[] = {
		{ "assignee=me", "7kq3m2 zz01" },
		{ "assignee=ALICE", "7kq3m2 zz01" },
		{ "assignee!=me", "7kq9zz b2c4d6" },
		{ "assignee=me,", "7kq3m2 b2c4d6 zz01" },
		{ "assignee=bob,me", "7kq3m2 7kq9zz zz01" },
		{ "assignee=", "b2c4d6" },
		{ "assignee!=", "7kq3m2 7kq9zz zz01" },
		{ "assignee~LIC", "7kq3m2 zz01" },
		{ "watchers=me", "zz01" },
		{ "watchers=BOB", "7kq3m2" },
		{ "watchers!=me", "7kq3m2 7kq9zz b2c4d6" },
	};

	check_rows(*state, rows, NELEM(rows));
}

static void
filter_on_enums_follows_their_order(void **state)
{
	static const struct match_row rows[] = {
		/* status: values_from board.columns */
		{ "status=done", "7kq9zz" },
		{ "status=done,processing", "7kq3m2 7kq9zz" },
		{ "status!=done", "7kq3m2 b2c4d6 zz01" },
		{ "status!=done,not-started", "7kq3m2" },
		{ "status<done", "7kq3m2 b2c4d6 zz01" },
		{ "status<=processing", "7kq3m2 b2c4d6 zz01" },
		{ "status>not-started", "7kq3m2 7kq9zz" },
		{ "status>=done", "7kq9zz" },
		{ "status<not-started", "" },
		{ "status~START", "b2c4d6 zz01" },
		/* priority: values in the schema, listed high to low, so
		 * more urgent is greater */
		{ "priority=high", "7kq3m2" },
		{ "priority>normal", "7kq3m2 7kq9zz" },
		{ "priority>=high", "7kq3m2 7kq9zz" },
		{ "priority<urgent", "7kq3m2 b2c4d6" },
		{ "priority<=normal", "b2c4d6" },
		{ "priority<normal", "b2c4d6" },
		{ "priority>urgent", "" },
		{ "priority<low", "" },
		{ "priority=", "zz01" },
		{ "priority!=", "7kq3m2 7kq9zz b2c4d6" },
		{ "priority!=high", "7kq9zz b2c4d6 zz01" },
		/* values are taken in any case */
		{ "priority=HIGH", "7kq3m2" },
		{ "priority>Normal", "7kq3m2 7kq9zz" },
		{ "status=Done", "7kq9zz" },
	};

	check_rows(*state, rows, NELEM(rows));
}

static void
filter_on_numbers_compares_numerically(void **state)
{
	static const struct match_row rows[] = {
		{ "points=3", "7kq3m2" },
		{ "points=03", "7kq3m2" },
		{ "points=3,13", "7kq3m2 7kq9zz" },
		{ "points!=0", "7kq3m2 7kq9zz zz01" },
		{ "points>3", "7kq9zz" },
		{ "points>=3", "7kq3m2 7kq9zz" },
		{ "points<=3", "7kq3m2 b2c4d6" },
		{ "points<3", "b2c4d6" },
		{ "points>-1", "7kq3m2 7kq9zz b2c4d6" },
		{ "points<-1", "" },
		{ "points=", "zz01" },
		{ "estimate=4.5", "7kq3m2" },
		{ "estimate=4.50", "7kq3m2" },
		{ "estimate>4.5", "7kq9zz" },
		{ "estimate<10", "7kq3m2 b2c4d6" },
		{ "estimate>=0.5", "7kq3m2 7kq9zz b2c4d6" },
		{ "estimate<=.5", "b2c4d6" },
		{ "estimate!=10", "7kq3m2 b2c4d6 zz01" },
		{ "spent=90m", "7kq3m2" },
		{ "spent=1h30m", "7kq3m2" },
		{ "spent>1h", "7kq3m2 7kq9zz" },
		{ "spent<1d", "7kq3m2 b2c4d6" },
		{ "spent<=45m", "b2c4d6" },
		{ "spent>=48h", "7kq9zz" },
		{ "spent!=2d", "7kq3m2 b2c4d6 zz01" },
		{ "spent=", "zz01" },
	};

	check_rows(*state, rows, NELEM(rows));
}

static void
filter_on_dates_takes_relative_dates(void **state)
{
	static const struct match_row rows[] = {
		{ "due=today", "7kq3m2" },
		{ "due=2026-11-26", "7kq9zz" },
		{ "due=thursday", "7kq9zz" },
		{ "due=today,2026-12-01", "7kq3m2 b2c4d6" },
		{ "due!=today", "7kq9zz b2c4d6 zz01" },
		{ "due<today", "" },
		{ "due<=+3d", "7kq3m2 7kq9zz" },
		{ "due>+3d", "b2c4d6" },
		{ "due<=eow", "7kq3m2 7kq9zz" },
		{ "due>eow", "b2c4d6" },
		{ "due>=2026-w49", "b2c4d6" },
		{ "due<2026-W49", "7kq3m2 7kq9zz" },
		{ "due>=yesterday", "7kq3m2 7kq9zz b2c4d6" },
		{ "due>tomorrow", "7kq9zz b2c4d6" },
		{ "due=", "zz01" },
		{ "due!=", "7kq3m2 7kq9zz b2c4d6" },
		{ "due~2026-11", "7kq3m2 7kq9zz" },
	};

	check_rows(*state, rows, NELEM(rows));
}

static void
filter_on_instants_treats_a_date_as_that_day(void **state)
{
	static const struct match_row rows[] = {
		{ "created>=2026-11-01", "7kq3m2 7kq9zz zz01" },
		{ "created<2026-11-01", "b2c4d6" },
		{ "created=today", "7kq9zz" },
		{ "created=2026-10-31,2026-11-22", "b2c4d6 zz01" },
		{ "created!=today", "7kq3m2 b2c4d6 zz01" },
		{ "created<=2026-11-22", "7kq3m2 b2c4d6 zz01" },
		{ "created>2026-11-22", "7kq9zz" },
		{ "created>=-1d", "7kq9zz zz01" },
		/* created looks back: Friday 2026-11-20, Sunday the 22nd. */
		{ "created>=friday", "7kq9zz zz01" },
		{ "created=sunday", "zz01" },
		{ "created<monday", "7kq3m2 b2c4d6" },
		{ "created=2026-11-01T09:00:00Z", "7kq3m2" },
		{ "created!=2026-11-01T09:00:00Z", "7kq9zz b2c4d6 zz01" },
		{ "created>2026-11-01T09:00:00Z", "7kq9zz zz01" },
		{ "created>=2026-11-01T09:00:00Z", "7kq3m2 7kq9zz zz01" },
		{ "created<2026-11-01T09:00:00Z", "b2c4d6" },
		{ "created<=2026-11-01T09:00:00Z", "7kq3m2 b2c4d6" },
		{ "created~11-23T", "7kq9zz" },
		{ "created=", "" },
	};

	check_rows(*state, rows, NELEM(rows));
}

static void
filter_on_lists_tests_items(void **state)
{
	static const struct match_row rows[] = {
		{ "tags=q4", "7kq3m2 7kq9zz" },
		{ "tags=ops,nope", "7kq3m2" },
		{ "tags=Q4", "" },
		{ "tags!=ops", "7kq9zz b2c4d6 zz01" },
		{ "tags!=ops,q4", "b2c4d6 zz01" },
		{ "tags~O", "7kq3m2" },
		{ "tags~4", "7kq3m2 7kq9zz" },
		{ "tags=", "b2c4d6 zz01" },
		{ "tags!=", "7kq3m2 7kq9zz" },
		{ "tags=,ops", "7kq3m2 b2c4d6 zz01" },
		{ "checkins!=", "7kq9zz" },
		{ "checkins=", "7kq3m2 b2c4d6 zz01" },
	};

	check_rows(*state, rows, NELEM(rows));
}

static void
filter_on_id_matches_prefixes(void **state)
{
	static const struct match_row rows[] = {
		{ "id=7kq", "7kq3m2 7kq9zz" },
		{ "id=7kq3", "7kq3m2" },
		{ "id=7KQ3", "7kq3m2" },
		{ "id=7kq3m2", "7kq3m2" },
		{ "id=7kq3m2x", "" },
		{ "id=b2c4,zz", "b2c4d6 zz01" },
		{ "id!=7kq", "b2c4d6 zz01" },
		{ "id~q9", "7kq9zz" },
		{ "id~Z", "7kq9zz zz01" },
		{ "id<b", "7kq3m2 7kq9zz" },
		{ "id>=b2c4", "b2c4d6 zz01" },
		{ "id=", "" },
		{ "id!=", "7kq3m2 7kq9zz b2c4d6 zz01" },
	};

	check_rows(*state, rows, NELEM(rows));
}

static void
all_filters_must_match(void **state)
{
	static const struct {
		const char *exprs[3];
		const char *ids;
	} rows[] = {
		{ { "status<done", "assignee=me", NULL }, "7kq3m2 zz01" },
		{ { "status<done", "assignee=me", "due=" }, "zz01" },
		{ { "tags=q4", "points>3", NULL }, "7kq9zz" },
		{ { "id=7kq", "id!=7kq3", NULL }, "7kq9zz" },
		{ { "title~the", "title~PLAN", NULL }, "7kq3m2" },
	};
	struct bops_buf got = BOPS_BUF_INIT;
	size_t i, n;

	for (i = 0; i < NELEM(rows); i++) {
		n = rows[i].exprs[2] ? 3 : 2;
		matching(&got, *state, "alice", rows[i].exprs, n);
		assert_string_equal(got.ptr, rows[i].ids);
	}
	bops_buf_release(&got);
}

static void
query_without_filters_matches_everything(void **state)
{
	struct bops_buf got = BOPS_BUF_INIT;

	matching(&got, *state, NULL, NULL, 0);
	assert_string_equal(got.ptr, "7kq3m2 7kq9zz b2c4d6 zz01");
	bops_buf_release(&got);
}

static void
filter_rejects_bad_text_fields_operators_and_values(void **state)
{
	static const struct {
		const char *expr;
		enum bops_error_code code;
		const char *msg;
	} rows[] = {
#define MALFORMED(e) { e, BOPS_ERR_USAGE, "expected field=value, " \
	"field!=value, field<value or field~text, got '" e "'" }
		MALFORMED("=x"),
		MALFORMED("due"),
		MALFORMED("Status=x"),
		MALFORMED("tags+=x"),
		MALFORMED("tags-=x"),
		MALFORMED("due =x"),
		MALFORMED(""),
#undef MALFORMED
		{ "bogus=1", BOPS_ERR_USAGE, "unknown field 'bogus' for task" },
		{ "board.columns=x", BOPS_ERR_USAGE,
		    "unknown field 'board.columns' for task" },
		{ "tags<x", BOPS_ERR_USAGE,
		    "field 'tags': '<' does not apply to a list" },
		{ "tags>=x", BOPS_ERR_USAGE,
		    "field 'tags': '>=' does not apply to a list" },
		{ "done>false", BOPS_ERR_USAGE,
		    "field 'done': '>' does not apply to a bool" },
		{ "done~t", BOPS_ERR_USAGE,
		    "field 'done': '~' does not apply to a bool" },
		{ "points~1", BOPS_ERR_USAGE,
		    "field 'points': '~' does not apply to an int" },
		{ "estimate~1", BOPS_ERR_USAGE,
		    "field 'estimate': '~' does not apply to a number" },
		{ "spent~1h", BOPS_ERR_USAGE,
		    "field 'spent': '~' does not apply to a duration" },
		{ "checkins=x", BOPS_ERR_USAGE, "field 'checkins': only "
		    "checkins= and checkins!= apply to a log" },
		{ "checkins<x", BOPS_ERR_USAGE, "field 'checkins': only "
		    "checkins= and checkins!= apply to a log" },
		{ "due<someday", BOPS_ERR_USAGE, "field 'due': must be a date "
		    "(YYYY-MM-DD, today, +3d, friday, 2026-w48, eow...)" },
		{ "due=today,someday", BOPS_ERR_USAGE, "field 'due': must be "
		    "a date (YYYY-MM-DD, today, +3d, friday, 2026-w48, "
		    "eow...)" },
		{ "due<", BOPS_ERR_USAGE, "field 'due': '<' needs a value" },
		{ "title~", BOPS_ERR_USAGE,
		    "field 'title': '~' needs a value" },
		{ "created=whenever", BOPS_ERR_USAGE, "field 'created': must "
		    "be an instant YYYY-MM-DDTHH:MM:SSZ or a date" },
		{ "points=abc", BOPS_ERR_USAGE,
		    "field 'points': must be a whole number" },
		{ "estimate>x", BOPS_ERR_USAGE,
		    "field 'estimate': must be a number" },
		{ "spent<soon", BOPS_ERR_USAGE,
		    "field 'spent': must be a duration (45m, 4h, 2d, 1w)" },
		{ "done=yes", BOPS_ERR_USAGE,
		    "field 'done': must be true or false" },
		{ "sprint=../x", BOPS_ERR_USAGE,
		    "field 'sprint': must be an id (or OBJECTIVE/N)" },
		{ "status=doing", BOPS_ERR_USAGE, "field 'status': 'doing' is "
		    "not one of: not-started, processing, done" },
		{ "status=done,doing", BOPS_ERR_USAGE, "field 'status': "
		    "'doing' is not one of: not-started, processing, done" },
		{ "priority<asap", BOPS_ERR_USAGE, "field 'priority': 'asap' "
		    "is not one of: urgent, high, normal, low" },
	};
	struct fixture *fx = *state;
	const struct bops_error *err;
	struct bops_query *q;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		q = bops_query_new(fx->schema, &fx->ctx, "alice", NULL);
		err = bops_query_filter(q, rows[i].expr);
		bops_query_free(q);
		if (err == NULL)
			fail_msg("'%s' was accepted", rows[i].expr);
		assert_int_equal(err->code, rows[i].code);
		assert_string_equal(err->msg, rows[i].msg);
	}
}

static void
filter_refuses_me_without_an_identity(void **state)
{
	struct fixture *fx = *state;
	struct bops_query *q = bops_query_new(fx->schema, &fx->ctx, NULL, NULL);
	const struct bops_error *err;

	err = bops_query_filter(q, "assignee=bob,me");
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_NO_IDENTITY);
	assert_string_equal(err->msg,
	    "field 'assignee': 'me' needs an identity");
	/* "me" is only special for person fields */
	assert_null(bops_query_filter(q, "title=me"));
	assert_false(bops_query_match(q, fx->recs[0]));
	bops_query_free(q);
}

static void
failed_filter_leaves_the_query_as_it_was(void **state)
{
	struct fixture *fx = *state;
	struct bops_query *q = bops_query_new(fx->schema, &fx->ctx, "alice", NULL);

	assert_null(bops_query_filter(q, "status=done"));
	assert_non_null(bops_query_filter(q, "status=done,doing"));
	assert_true(bops_query_match(q, fx->recs[1]));
	assert_false(bops_query_match(q, fx->recs[0]));
	bops_query_free(q);
}

/* The ids of fx's records sorted by spec, from order `from`. */
static void
sorted(struct bops_buf *out, struct fixture *fx, const char *spec,
    const size_t from[NRECS])
{
	struct bops_query *q = bops_query_new(fx->schema, &fx->ctx, "alice", NULL);
	struct bops_record *recs[NRECS];
	const struct bops_error *err;
	size_t i, k;

	if ((err = bops_query_sort(q, spec))) {
		bops_query_free(q);
		fail_msg("'%s': %s", spec, err->msg);
	}
	for (i = 0; i < NRECS; i++)
		recs[i] = fx->recs[from[i]];
	bops_query_sort_records(q, recs, NRECS);
	bops_buf_reset(out);
	for (i = 0; i < NRECS; i++)
		bops_buf_printf(out, "%s%s", i ? " " : "", recs[i]->id);
	/* The first k from packed values (a board's cards) agree. */
	for (k = 1; k <= NRECS; k++) {
		struct bops_query_top *top = bops_query_top_new(q, k);
		struct bops_buf pack = BOPS_BUF_INIT;
		const unsigned char *vals[16];
		size_t lens[16], at[NRECS], n;

		for (i = 0; i < NRECS; i++) {
			packed_values(&pack, q, fx->recs[from[i]], vals, lens);
			bops_query_top_offer(top, from[i], fx->recs[from[i]]->id,
			    vals, lens);
		}
		n = bops_query_top_take(at, top);
		assert_int_equal(n, k);
		for (i = 0; i < n; i++)
			if (strcmp(fx->recs[at[i]]->id, recs[i]->id))
				fail_msg("'%s': the first %zu differ at %zu: "
				    "%s, not %s", spec, k, i,
				    fx->recs[at[i]]->id, recs[i]->id);
		bops_query_top_free(top);
		bops_buf_release(&pack);
	}
	bops_query_free(q);
}

static void
sort_orders_by_type_with_unset_last_and_ties_by_id(void **state)
{
	static const struct {
		const char *spec;
		const char *ids;
	} rows[] = {
		{ "due", "7kq3m2 7kq9zz b2c4d6 zz01" },
		{ "+due", "7kq3m2 7kq9zz b2c4d6 zz01" },
		{ "-due", "b2c4d6 7kq9zz 7kq3m2 zz01" },
		{ "status", "b2c4d6 zz01 7kq3m2 7kq9zz" },
		{ "-status", "7kq9zz 7kq3m2 b2c4d6 zz01" },
		{ "status,-created", "zz01 b2c4d6 7kq3m2 7kq9zz" },
		{ "status,created", "b2c4d6 zz01 7kq3m2 7kq9zz" },
		/* ascending is low to high: -priority puts urgent first */
		{ "priority", "b2c4d6 7kq3m2 7kq9zz zz01" },
		{ "-priority", "7kq9zz 7kq3m2 b2c4d6 zz01" },
		{ "points", "b2c4d6 7kq3m2 7kq9zz zz01" },
		{ "-points", "7kq9zz 7kq3m2 b2c4d6 zz01" },
		{ "estimate", "b2c4d6 7kq3m2 7kq9zz zz01" },
		{ "spent", "b2c4d6 7kq3m2 7kq9zz zz01" },
		{ "created", "b2c4d6 7kq3m2 zz01 7kq9zz" },
		{ "title", "zz01 b2c4d6 7kq3m2 7kq9zz" },
		{ "assignee", "7kq3m2 zz01 7kq9zz b2c4d6" },
		{ "-assignee", "7kq9zz zz01 7kq3m2 b2c4d6" },
		{ "tags", "7kq3m2 7kq9zz b2c4d6 zz01" },
		{ "done", "7kq3m2 7kq9zz b2c4d6 zz01" },
		{ "-done", "7kq9zz 7kq3m2 b2c4d6 zz01" },
		{ "sprint,due", "7kq3m2 b2c4d6 7kq9zz zz01" },
		{ "x_source", "7kq3m2 7kq9zz b2c4d6 zz01" },
		{ "-x_source", "7kq3m2 7kq9zz b2c4d6 zz01" },
		{ "id", "7kq3m2 7kq9zz b2c4d6 zz01" },
		{ "-id", "zz01 b2c4d6 7kq9zz 7kq3m2" },
	};
	static const size_t forward[NRECS] = { 0, 1, 2, 3 };
	static const size_t backward[NRECS] = { 3, 2, 1, 0 };
	static const size_t shuffled[NRECS] = { 2, 0, 3, 1 };
	struct bops_buf got = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		sorted(&got, *state, rows[i].spec, forward);
		assert_string_equal(got.ptr, rows[i].ids);
		sorted(&got, *state, rows[i].spec, backward);
		assert_string_equal(got.ptr, rows[i].ids);
		sorted(&got, *state, rows[i].spec, shuffled);
		assert_string_equal(got.ptr, rows[i].ids);
	}
	bops_buf_release(&got);
}

static void
sort_without_order_sorts_by_id(void **state)
{
	struct fixture *fx = *state;
	struct bops_query *q = bops_query_new(fx->schema, &fx->ctx, NULL, NULL);
	struct bops_record *recs[NRECS] = {
		fx->recs[3], fx->recs[1], fx->recs[2], fx->recs[0],
	};

	bops_query_sort_records(q, recs, NRECS);
	assert_ptr_equal(recs[0], fx->recs[0]);
	assert_ptr_equal(recs[1], fx->recs[1]);
	assert_ptr_equal(recs[2], fx->recs[2]);
	assert_ptr_equal(recs[3], fx->recs[3]);
	assert_int_equal(bops_query_compare(q, fx->recs[2], fx->recs[2]), 0);
	assert_true(bops_query_compare(q, fx->recs[0], fx->recs[1]) < 0);
	bops_query_sort_records(q, recs, 0);
	bops_query_free(q);
}

static void
sort_replaces_the_previous_order(void **state)
{
	struct fixture *fx = *state;
	struct bops_query *q = bops_query_new(fx->schema, &fx->ctx, NULL, NULL);

	assert_null(bops_query_sort(q, "-due"));
	assert_true(bops_query_compare(q, fx->recs[0], fx->recs[1]) > 0);
	assert_null(bops_query_sort(q, "due"));
	assert_true(bops_query_compare(q, fx->recs[0], fx->recs[1]) < 0);
	/* a refused order keeps the last good one */
	assert_non_null(bops_query_sort(q, "-due,bogus"));
	assert_true(bops_query_compare(q, fx->recs[0], fx->recs[1]) < 0);
	bops_query_free(q);
}

static void
sort_rejects_unknown_fields_and_empty_keys(void **state)
{
	static const struct {
		const char *spec;
		const char *msg;
	} rows[] = {
		{ "bogus", "unknown field 'bogus' for task" },
		{ "due,-bogus", "unknown field 'bogus' for task" },
		{ "Due", "unknown field 'Due' for task; did you mean 'due'?" },
#define BAD_ORDER(s) { s, "expected a sort order like status,-due, " \
	"got '" s "'" }
		BAD_ORDER(""),
		BAD_ORDER("due,"),
		BAD_ORDER("due,,status"),
		BAD_ORDER("-"),
#undef BAD_ORDER
		{ "checkins", "field 'checkins': cannot sort by a log" },
	};
	struct fixture *fx = *state;
	const struct bops_error *err;
	struct bops_query *q;
	size_t i;

	for (i = 0; i < NELEM(rows); i++) {
		q = bops_query_new(fx->schema, &fx->ctx, NULL, NULL);
		err = bops_query_sort(q, rows[i].spec);
		bops_query_free(q);
		if (err == NULL)
			fail_msg("'%s' was accepted", rows[i].spec);
		assert_int_equal(err->code, BOPS_ERR_USAGE);
		assert_string_equal(err->msg, rows[i].msg);
	}
}

static void
compare_values_orders_by_the_field_type(void **state)
{
	static const struct {
		const char *field;
		const char *a, *b;
		int sign;
	} rows[] = {
		{ "due", "2026-11-23", "2026-12-01", -1 },
		{ "due", "2026-12-01", "2026-12-01", 0 },
		{ "due", NULL, "2026-12-01", 1 },
		{ "due", "2026-12-01", NULL, -1 },
		{ "due", NULL, NULL, 0 },
		{ "points", "9", "10", -1 },
		{ "estimate", "10", "9.5", 1 },
		{ "spent", "2d", "1h", 1 },
		{ "spent", "1h30m", "90m", 0 },
		{ "created", "2026-11-23T08:00:00Z", "2026-11-01T09:00:00Z",
		    1 },
		{ "priority", "urgent", "low", 1 },
		{ "priority", "normal", "high", -1 },
		{ "priority", "low", "low", 0 },
		{ "status", "done", "processing", 1 },
		{ "status", "not-started", "processing", -1 },
		{ "title", "b", "a", 1 },
		/* text is folded first: case only breaks ties */
		{ "title", "B", "a", 1 },
		{ "title", "B", "b", -1 },
		{ "title", "e\xcc\x81", "\xc3\xa9", -1 },
		{ "assignee", "alice", "Bob", -1 },
	};
	struct fixture *fx = *state;
	const struct bops_field *f;
	size_t i;
	int c;

	for (i = 0; i < NELEM(rows); i++) {
		f = bops_schema_field(fx->schema, rows[i].field);
		assert_non_null(f);
		c = bops_query_compare_values(f, rows[i].a, rows[i].b,
		    &fx->ctx);
		if ((c > 0) - (c < 0) != rows[i].sign)
			fail_msg("%s: '%s' vs '%s' gave %d", rows[i].field,
			    rows[i].a ? rows[i].a : "(unset)",
			    rows[i].b ? rows[i].b : "(unset)", c);
	}
}

static void
free_accepts_null(void **state)
{
	bops_query_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    filter_on_strings_compares_bytes_and_folds_for_substrings),
		cmocka_unit_test(substring_folds_non_ascii_text),
		cmocka_unit_test(
		    filter_on_person_fields_takes_me_and_ignores_case),
		cmocka_unit_test(substring_and_equality_see_every_normal_form),
		cmocka_unit_test(me_is_the_name_the_email_or_both),
		cmocka_unit_test(filter_on_enums_follows_their_order),
		cmocka_unit_test(filter_on_numbers_compares_numerically),
		cmocka_unit_test(filter_on_dates_takes_relative_dates),
		cmocka_unit_test(filter_on_instants_treats_a_date_as_that_day),
		cmocka_unit_test(filter_on_lists_tests_items),
		cmocka_unit_test(filter_on_id_matches_prefixes),
		cmocka_unit_test(all_filters_must_match),
		cmocka_unit_test(query_without_filters_matches_everything),
		cmocka_unit_test(
		    filter_rejects_bad_text_fields_operators_and_values),
		cmocka_unit_test(filter_refuses_me_without_an_identity),
		cmocka_unit_test(failed_filter_leaves_the_query_as_it_was),
		cmocka_unit_test(
		    sort_orders_by_type_with_unset_last_and_ties_by_id),
		cmocka_unit_test(sort_without_order_sorts_by_id),
		cmocka_unit_test(sort_replaces_the_previous_order),
		cmocka_unit_test(sort_rejects_unknown_fields_and_empty_keys),
		cmocka_unit_test(compare_values_orders_by_the_field_type),
		cmocka_unit_test(free_accepts_null),
	};

	/* Matching does not depend on the locale. */
	setlocale(LC_ALL, "C");
	return cmocka_run_group_tests(tests, setup, teardown);
}
