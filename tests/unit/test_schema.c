#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "error.h"
#include "kind.h"
#include "node.h"
#include "schema.h"
#include "share.h"
#include "yaml.h"
#include "banned.h"

#include "sandbox.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define PATH "t.yaml"

/* A schema with a field of every type. */
static const char thing_yaml[] =
    "kind: thing\n"
    "title: title\n"
    "list: [id, title, status]\n"
    "sort: status,title\n"
    "fields:\n"
    "  title: {type: string, required: true, max: 10}\n"
    "  status:\n"
    "    type: enum\n"
    "    values_from: board.columns\n"
    "    default: todo\n"
    "    required: true\n"
    "  level: {type: enum, values: [low, mid, high]}\n"
    "  count: {type: int, min: 0, max: 100}\n"
    "  score: {type: number}\n"
    "  ratio: {type: number, min: 0, max: 1}\n"
    "  ok: {type: bool}\n"
    "  due: {type: date}\n"
    "  at: {type: instant, readonly: true, relative: past}\n"
    "  takes: {type: duration}\n"
    "  parent: {type: ref, ref: thing}\n"
    "  notes: {type: text}\n"
    "  code: {type: string, min: 2, max: 4}\n"
    "  tags: {type: list}\n"
    "  items:\n"
    "    type: records\n"
    "    key: id\n"
    "    fields:\n"
    "      id: {type: int, required: true}\n"
    "      name: {type: string}\n"
    "  log:\n"
    "    type: log\n"
    "    fields:\n"
    "      when: {type: instant}\n"
    "      note: {type: text}\n"
    "  limits: {type: map, of: int}\n"
    "  nested:\n"
    "    type: map\n"
    "    fields:\n"
    "      a: {type: string, default: x, required: true}\n"
    "      b: {type: int}\n"
    "  anything: {type: raw}\n";

struct fixture {
	struct bops_schema *thing;
	struct bops_node *columns;	/* board.columns for the lookup */
	struct bops_validate v;
};

static const struct bops_node *
lookup(const char *key, void *arg)
{
	struct fixture *f = arg;

	return strcmp(key, "board.columns") == 0 ? f->columns : NULL;
}

static int
setup(void **state)
{
	const struct bops_error *err;
	struct fixture *f = calloc(1, sizeof(*f));
	struct bops_node *doc;
	static const char *cols[] = { "todo", "doing", "done" };
	size_t i;

	if (f == NULL)
		return -1;
	doc = yaml_doc(thing_yaml);
	err = bops_schema_parse(&f->thing, "thing.yaml", doc);
	bops_node_free(doc);
	if (err) {
		fprintf(stderr, "thing schema: %s\n", err->msg);
		free(f);
		return -1;
	}
	f->columns = bops_node_new_seq();
	for (i = 0; i < N(cols); i++)
		bops_node_seq_append(f->columns, bops_node_new_scalar(cols[i],
		    BOPS_SCALAR_TEXT));
	f->v.path = PATH;
	f->v.lookup = lookup;
	f->v.lookup_arg = f;
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	bops_schema_free(f->thing);
	bops_node_free(f->columns);
	free(f);
	return 0;
}

static void
expect_invalid(const struct bops_error *err, const char *msg)
{
	if (err == NULL)
		fail_msg("no error, want \"%s\"", msg);
	assert_int_equal(err->code, BOPS_ERR_INVALID);
	assert_string_equal(err->msg, msg);
}

static void
every_builtin_schema_parses(void **state)
{
	const struct bops_error *err;
	struct bops_schema *s;
	size_t i, j;

	for (i = 0; i <= BOPS_KIND__COUNT; i++) {
		const char *name = i < BOPS_KIND__COUNT ? bops_kinds[i].name :
		    "config";

		err = bops_schema_builtin(&s, name);
		if (err)
			fail_msg("schema '%s': %s", name, err->msg);
		assert_non_null(s);
		assert_string_equal(s->kind, name);
		assert_true(s->n > 0);
		for (j = 0; j < s->n; j++) {
			const struct bops_field *fl = &s->fields[j];

			assert_ptr_equal(bops_schema_field(s, fl->name), fl);
			assert_int_equal(bops_schema_index(s, fl->name),
			    (long)j);
			assert_string_not_equal(bops_type_name(fl->type),
			    "unknown");
			if (fl->type == BOPS_TYPE_ENUM)
				assert_true(fl->nvalues > 0 ||
				    fl->values_from != NULL);
			if (fl->type == BOPS_TYPE_RECORDS ||
			    fl->type == BOPS_TYPE_LOG ||
			    (fl->type == BOPS_TYPE_MAP && fl->of < 0))
				assert_non_null(fl->sub);
			assert_false(fl->custom);
			/* Documented, for bops.yaml and `bops help`. */
			if (fl->doc == NULL)
				fail_msg("%s.%s has no doc", name, fl->name);
		}
		if (i < BOPS_KIND__COUNT) {
			assert_non_null(s->title);
			assert_non_null(bops_schema_field(s, s->title));
		}
		bops_schema_free(s);
	}
}

static void
builtin_knows_the_task_schema(void **state)
{
	const struct bops_error *err;
	struct bops_schema *s;
	const struct bops_field *fl;

	assert_null(bops_schema_builtin(&s, "task"));
	assert_string_equal(s->title, "title");
	assert_non_null(s->sort);
	assert_true(s->nlist > 0);
	assert_string_equal(s->list[0], "id");
	fl = bops_schema_field(s, "status");
	assert_int_equal(fl->type, BOPS_TYPE_ENUM);
	assert_string_equal(fl->values_from, "board.columns");
	assert_true(fl->required);
	fl = bops_schema_field(s, "created");
	assert_int_equal(fl->autostamp, BOPS_AUTO_CREATED);
	assert_true(fl->readonly);
	fl = bops_schema_field(s, "updated");
	assert_int_equal(fl->autostamp, BOPS_AUTO_UPDATED);
	assert_int_equal(fl->merge, BOPS_MERGE_LATEST);
	assert_int_equal(bops_schema_field(s, "tags")->merge, BOPS_MERGE_SET);
	assert_int_equal(bops_schema_field(s, "description")->merge,
	    BOPS_MERGE_TEXT);
	assert_int_equal(bops_schema_field(s, "notes")->merge,
	    BOPS_MERGE_UNION);
	assert_true(bops_schema_field(s, "assignee")->person);
	assert_null(bops_schema_field(s, "nope"));
	assert_int_equal(bops_schema_index(s, "nope"), -1);
	bops_schema_free(s);

	s = (struct bops_schema *)state;
	err = bops_schema_builtin(&s, "nope");
	assert_null(s);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_ENV);
	assert_string_equal(err->msg, "no schema for 'nope'");
}

static void
type_names_round_trip(void **state)
{
	int t;

	for (t = BOPS_TYPE_STRING; t <= BOPS_TYPE_RAW; t++)
		assert_int_equal(bops_type_from_name(bops_type_name(
		    (enum bops_type)t)), t);
	assert_string_equal(bops_type_name(BOPS_TYPE_DURATION), "duration");
	assert_int_equal(bops_type_from_name("records"), BOPS_TYPE_RECORDS);
	assert_int_equal(bops_type_from_name("String"), -1);
	assert_int_equal(bops_type_from_name(""), -1);
	assert_string_equal(bops_type_name((enum bops_type)99), "unknown");
}

static void
parse_reads_every_attribute(void **state)
{
	struct fixture *f = *state;
	const struct bops_schema *s = f->thing;
	const struct bops_field *fl;

	assert_string_equal(s->kind, "thing");
	assert_string_equal(s->title, "title");
	assert_string_equal(s->sort, "status,title");
	assert_int_equal(s->nlist, 3);
	assert_string_equal(s->list[2], "status");
	assert_int_equal(s->n, 19);
	fl = bops_schema_field(s, "title");
	assert_true(fl->required);
	assert_true(fl->has_max);
	assert_false(fl->has_min);
	assert_true(fl->max == 10);
	fl = bops_schema_field(s, "level");
	assert_int_equal(fl->nvalues, 3);
	assert_string_equal(fl->values[1], "mid");
	assert_int_equal(fl->merge, BOPS_MERGE_SCALAR);
	fl = bops_schema_field(s, "status");
	assert_string_equal(fl->def, "todo");
	assert_true(bops_schema_field(s, "at")->readonly);
	assert_true(bops_schema_field(s, "at")->past);
	assert_false(bops_schema_field(s, "due")->past);
	assert_string_equal(bops_schema_field(s, "parent")->ref, "thing");
	fl = bops_schema_field(s, "items");
	assert_int_equal(fl->merge, BOPS_MERGE_BYID);
	assert_string_equal(fl->sub->key, "id");
	assert_string_equal(fl->sub->kind, "items");
	assert_int_equal(fl->sub->n, 2);
	assert_int_equal(bops_schema_field(s, "log")->merge,
	    BOPS_MERGE_UNION);
	assert_null(bops_schema_field(s, "log")->sub->key);
	fl = bops_schema_field(s, "limits");
	assert_int_equal(fl->of, BOPS_TYPE_INT);
	assert_null(fl->sub);
	assert_int_equal(bops_schema_field(s, "nested")->of, -1);
	assert_int_equal(bops_schema_field(s, "count")->of, -1);
}

static const struct {
	const char *text;
	const char *msg;
} bad_schemas[] = {
	{ "fields: {}\n", "s.yaml:1:1: schema has no 'kind'" },
	{ "kind: [x]\nfields: {}\n", "s.yaml:1:1: schema has no 'kind'" },
	{ "kind: x\n", "s.yaml:1:1: schema has no 'fields'" },
	{ "kind: x\nfields: [a]\n",
	    "s.yaml:2:9: 'fields' must be a mapping" },
	{ "kind: x\nfields:\n  Bad:\n    type: string\n",
	    "s.yaml:3:3: invalid field name 'Bad'" },
	{ "kind: x\nfields:\n  a-b:\n    type: string\n",
	    "s.yaml:3:3: invalid field name 'a-b'" },
	{ "kind: x\nfields:\n  a: string\n",
	    "s.yaml:3:6: field 'a' must be a mapping" },
	{ "kind: x\nfields:\n  a:\n    type: strin\n",
	    "s.yaml:4:11: unknown type 'strin'" },
	{ "kind: x\nfields:\n  a:\n    type: [string]\n",
	    "s.yaml:4:11: 'type' must be a scalar" },
	{ "kind: x\nfields:\n  a:\n    type: string\n    required: yes\n",
	    "s.yaml:5:15: 'required' must be true or false" },
	{ "kind: x\nfields:\n  a:\n    type: enum\n",
	    "s.yaml:4:5: enum field 'a' needs values or values_from" },
	{ "kind: x\nfields:\n  a:\n    type: enum\n    values: []\n",
	    "s.yaml:5:13: 'values' must be a list of words" },
	{ "kind: x\nfields:\n  a:\n    type: enum\n    values: [p, [q]]\n",
	    "s.yaml:5:17: 'values' must be a scalar" },
	{ "kind: x\nfields:\n  a:\n    type: int\n    min: abc\n",
	    "s.yaml:5:10: 'min' must be a number" },
	{ "kind: x\nfields:\n  a:\n    type: int\n    max: ''\n",
	    "s.yaml:5:10: 'max' must be a number" },
	{ "kind: x\nfields:\n  a:\n    type: instant\n    auto: sometimes\n",
	    "s.yaml:5:11: 'auto' must be created or updated" },
	{ "kind: x\nfields:\n  a:\n    type: string\n    merge: magic\n",
	    "s.yaml:5:12: unknown merge policy 'magic'" },
	{ "kind: x\nfields:\n  a:\n    type: map\n    of: list\n",
	    "s.yaml:5:9: 'of' must name a scalar type or raw" },
	{ "kind: x\nfields:\n  a:\n    type: map\n    of: nothing\n",
	    "s.yaml:5:9: 'of' must name a scalar type or raw" },
	{ "kind: x\nfields:\n  a:\n    type: date\n    relative: back\n",
	    "s.yaml:5:15: 'relative' must be past or future" },
	{ "kind: x\nfields:\n  a:\n    type: enum\n    values: [p, q]\n"
	    "    order: up\n",
	    "s.yaml:6:12: 'order' must be flow or high-to-low" },
	{ "kind: x\nfields:\n  a:\n    type: enum\n    values: [p, q]\n"
	    "    order: [flow]\n",
	    "s.yaml:6:12: 'order' must be a scalar" },
	{ "kind: x\nfields:\n  a:\n    type: string\n    order: flow\n",
	    "s.yaml:5:5: 'order' applies to enum fields only" },
	{ "kind: x\nfields:\n  a:\n    type: string\n    colour: red\n",
	    "s.yaml:5:5: unknown schema attribute 'colour'" },
	{ "kind: x\nfields:\n  a:\n    type: records\n",
	    "s.yaml:4:5: field 'a' needs fields" },
	{ "kind: x\nfields:\n  a:\n    type: map\n    fields: [b]\n",
	    "s.yaml:4:5: field 'a' needs fields" },
	{ "kind: x\nfields:\n  a:\n    type: records\n    key: id\n"
	    "    fields:\n      name: {type: string}\n",
	    "s.yaml:4:5: key 'id' is not a field" },
	{ "kind: x\nfields:\n  a:\n    type: log\n    fields:\n"
	    "      n:\n        type: nope\n",
	    "s.yaml:7:15: unknown type 'nope'" },
	{ "kind: x\nlist: [id, a, nope]\nfields:\n  a: {type: string}\n",
	    "s.yaml:2:15: list column 'nope' is not a field" },
	{ "kind: x\ntitle: nope\nfields:\n  a: {type: string}\n",
	    "s.yaml:1:1: title field 'nope' is not a field" },
};

static void
parse_reports_malformed_schemas_with_positions(void **state)
{
	const struct bops_error *err;
	struct bops_schema *s;
	struct bops_node *doc;
	size_t i;

	for (i = 0; i < N(bad_schemas); i++) {
		doc = yaml_doc(bad_schemas[i].text);
		s = (struct bops_schema *)doc;
		err = bops_schema_parse(&s, "s.yaml", doc);
		if (err == NULL || strcmp(err->msg, bad_schemas[i].msg))
			fail_msg("row %zu: got \"%s\", want \"%s\"", i,
			    err ? err->msg : "no error", bad_schemas[i].msg);
		assert_int_equal(err->code, BOPS_ERR_INVALID);
		assert_null(s);
		bops_node_free(doc);
	}
}

/* A record of thing with title "t" and field set to text at 2:8. */
static struct bops_node *
doc_with(const char *field, const char *text)
{
	struct bops_node *root = bops_node_new_map(), *v;

	root->line = 1;
	root->col = 1;
	bops_node_map_set_str(root, "title", "t", BOPS_SCALAR_TEXT);
	v = bops_node_new_scalar(text, BOPS_SCALAR_TEXT);
	v->line = 2;
	v->col = 8;
	v->key_line = 2;
	v->key_col = 1;
	bops_node_map_set(root, field, v);
	return root;
}

/* out NULL: rejected with "t.yaml:2:8: 'field' <msg>". */
static const struct {
	const char *field;
	const char *in;
	const char *out;
	const char *msg;
} scalars[] = {
	{ "title", "Hello", "Hello", NULL },
	{ "title", "NO", "NO", NULL },
	{ "title", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", NULL },
	/* 11 bytes, 6 characters; 30 bytes, 10 characters (e and U+0301) */
	{ "title", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9" "a",
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9" "a", NULL },
	{ "title", "e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "e\xcc\x81"
	    "e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "e\xcc\x81",
	    "e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "e\xcc\x81"
	    "e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "e\xcc\x81" "e\xcc\x81", NULL },
	{ "title", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9"
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", NULL,
	    "must be at most 10 characters" },
	{ "title", "two\nlines", NULL, "must be one line" },
	{ "title", "abcdefghijk", NULL, "must be at most 10 characters" },
	{ "notes", "two\nlines\n", "two\nlines\n", NULL },
	{ "code", "ab", "ab", NULL },
	{ "code", "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9",
	    "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", NULL },	/* 4 characters */
	{ "code", "a", NULL, "must be at least 2 characters" },
	{ "code", "\xc3\xa9", NULL, "must be at least 2 characters" },
	{ "code", "e\xcc\x81" "\xcc\x81", NULL,
	    "must be at least 2 characters" },
	{ "code", "abcde", NULL, "must be at most 4 characters" },
	{ "level", "mid", "mid", NULL },
	{ "level", "MID", NULL, "'MID' is not one of: low, mid, high" },
	{ "status", "doing", "doing", NULL },
	{ "status", "nope", NULL, "'nope' is not one of: todo, doing, done" },
	{ "count", "42", "42", NULL },
	{ "count", "007", "7", NULL },
	{ "count", "+7", "7", NULL },
	{ "count", "0", "0", NULL },
	{ "count", "100", "100", NULL },
	{ "count", "-0", "0", NULL },
	{ "count", "101", NULL, "must be between 0 and 100" },
	{ "count", "-1", NULL, "must be between 0 and 100" },
	{ "count", "4.5", NULL, "must be a whole number" },
	{ "count", "x", NULL, "must be a whole number" },
	{ "count", " 5", NULL, "must be a whole number" },
	{ "count", "99999999999999999999", NULL, "must be a whole number" },
	{ "score", "4.50", "4.5", NULL },
	{ "score", "3", "3", NULL },
	{ "score", "0.1", "0.1", NULL },
	{ "score", "-0", "0", NULL },
	{ "score", "1e3", "1000", NULL },
	{ "score", "-2.250", "-2.25", NULL },
	{ "score", "-42", "-42", NULL },
	{ "score", "123456.000", "123456", NULL },
	{ "score", "-0.0", "0", NULL },
	{ "score", "999999999999999", "999999999999999", NULL },
	{ "score", "-999999999999999", "-999999999999999", NULL },
	{ "score", "1e15", "1e+15", NULL },
	{ "score", "1234567890123456", "1.23456789012346e+15", NULL },
	{ "score", "0.5e1", "5", NULL },
	{ "score", "0x1F", NULL, "must be a number" },
	{ "score", "inf", NULL, "must be a number" },
	{ "score", "nan", NULL, "must be a number" },
	{ "score", "1.2.3", NULL, "must be a number" },
	{ "score", "4,5", NULL, "must be a number" },
	{ "ratio", "0.70", "0.7", NULL },
	{ "ratio", "1.5", NULL, "must be between 0 and 1" },
	{ "ok", "true", "true", NULL },
	{ "ok", "false", "false", NULL },
	{ "ok", "yes", NULL, "must be true or false" },
	{ "ok", "True", NULL, "must be true or false" },
	{ "due", "2026-11-23", "2026-11-23", NULL },
	{ "due", "2028-02-29", "2028-02-29", NULL },
	{ "due", "0001-01-01", "0001-01-01", NULL },
	{ "due", "9999-12-31", "9999-12-31", NULL },
	{ "due", "2026-11-23 ", NULL, "must be a date YYYY-MM-DD" },
	{ "due", "2026-11-2x", NULL, "must be a date YYYY-MM-DD" },
	{ "due", "2026-02-30", NULL, "must be a date YYYY-MM-DD" },
	{ "due", "2026-1-5", NULL, "must be a date YYYY-MM-DD" },
	{ "due", "today", NULL, "must be a date YYYY-MM-DD" },
	{ "at", "2026-11-23T09:00:00Z", "2026-11-23T09:00:00Z", NULL },
	{ "at", "0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z", NULL },
	{ "at", "2028-02-29T23:59:59Z", "2028-02-29T23:59:59Z", NULL },
	{ "at", "2026-11-23T24:00:00Z", NULL,
	    "must be an instant YYYY-MM-DDTHH:MM:SSZ" },
	{ "at", "2026-11-23T09:00:00z", NULL,
	    "must be an instant YYYY-MM-DDTHH:MM:SSZ" },
	{ "at", "2026-11-23", NULL,
	    "must be an instant YYYY-MM-DDTHH:MM:SSZ" },
	{ "at", "2026-11-23T09:00:00+07:00", NULL,
	    "must be an instant YYYY-MM-DDTHH:MM:SSZ" },
	{ "takes", "90m", "1h30m", NULL },
	{ "takes", "60m", "1h", NULL },
	{ "takes", "7d", "1w", NULL },
	{ "takes", "1d4h", "1d4h", NULL },
	{ "takes", "45m", "45m", NULL },
	{ "takes", "abc", NULL, "must be a duration (45m, 4h, 2d, 1w)" },
	{ "takes", "-5m", NULL, "must be a duration (45m, 4h, 2d, 1w)" },
	{ "parent", "7kq3m2x9ab", "7kq3m2x9ab", NULL },
	{ "parent", "7KQ3M2X9AB", "7kq3m2x9ab", NULL },
	{ "parent", "Save-The-World/2", "save-the-world/2", NULL },
	{ "parent", "obj/12", "obj/12", NULL },
	{ "parent", "obj/0", NULL, "must be an id (or OBJECTIVE/N)" },
	{ "parent", "obj/", NULL, "must be an id (or OBJECTIVE/N)" },
	{ "parent", "a/b", NULL, "must be an id (or OBJECTIVE/N)" },
	{ "parent", "../x", NULL, "must be an id (or OBJECTIVE/N)" },
	{ "parent", "-rf", NULL, "must be an id (or OBJECTIVE/N)" },
	{ "parent", "a b", NULL, "must be an id (or OBJECTIVE/N)" },
	{ "parent", "$(id)", NULL, "must be an id (or OBJECTIVE/N)" },
};

static void
validate_checks_and_canonicalises_each_scalar_type(void **state)
{
	struct fixture *f = *state;
	const struct bops_error *err;
	const struct bops_field *fl;
	struct bops_node *root, *v;
	char want[256];
	size_t i;

	for (i = 0; i < N(scalars); i++) {
		root = doc_with(scalars[i].field, scalars[i].in);
		err = bops_schema_validate(f->thing, root, &f->v);
		fl = bops_schema_field(f->thing, scalars[i].field);
		if (scalars[i].out) {
			if (err)
				fail_msg("%s=%s: %s", scalars[i].field,
				    scalars[i].in, err->msg);
			v = bops_node_map_get(root, scalars[i].field);
			assert_non_null(v);
			assert_string_equal(v->str, scalars[i].out);
			assert_int_equal(v->len, strlen(scalars[i].out));
			assert_int_equal(v->style,
			    fl->type == BOPS_TYPE_STRING ||
			    fl->type == BOPS_TYPE_TEXT ? BOPS_SCALAR_TEXT :
			    BOPS_SCALAR_RAW);
		} else {
			snprintf(want, sizeof(want), PATH ":2:8: '%s' %s",
			    scalars[i].field, scalars[i].msg);
			if (err == NULL)
				fail_msg("%s=%s accepted", scalars[i].field,
				    scalars[i].in);
			if (strcmp(err->msg, want))
				fail_msg("%s=%s: got \"%s\", want \"%s\"",
				    scalars[i].field, scalars[i].in, err->msg,
				    want);
			assert_int_equal(err->code, BOPS_ERR_INVALID);
		}
		bops_node_free(root);
	}
}

static void
validate_rejects_unknown_fields_at_their_key(void **state)
{
	struct fixture *f = *state;
	struct bops_node *root;

	root = yaml_doc("title: t\ncount: 3\ncolour: red\nx_ok: 1\n");
	expect_invalid(bops_schema_validate(f->thing, root, &f->v),
	    PATH ":3:1: unknown field 'colour'");
	bops_node_free(root);

	/* An unknown field is found before a bad value earlier on. */
	root = yaml_doc("title: t\ncount: x\nnested:\n  c: 1\n");
	expect_invalid(bops_schema_validate(f->thing, root, &f->v),
	    PATH ":2:8: 'count' must be a whole number");
	bops_node_free(root);
	root = yaml_doc("count: x\ntitle: t\ncolour: red\n");
	expect_invalid(bops_schema_validate(f->thing, root, &f->v),
	    PATH ":3:1: unknown field 'colour'");
	bops_node_free(root);
	root = yaml_doc("title: t\nnested:\n  a: y\n  c: 1\n");
	expect_invalid(bops_schema_validate(f->thing, root, &f->v),
	    PATH ":4:3: unknown field 'c'");
	bops_node_free(root);
}

static void
validate_puts_keys_in_schema_order_keeping_x_fields_in_place(void **state)
{
	struct fixture *f = *state;
	struct bops_node *root;

	root = yaml_doc(
	    "x_zeta: 1\n"
	    "notes: n\n"
	    "count: 3\n"
	    "x_alpha: two\n"
	    "title: t\n"
	    "tags: [a]\n"
	    "x_mid: [3]\n"
	    "status: done\n");
	assert_null(bops_schema_validate(f->thing, root, &f->v));
	/* x_* stay after the field they followed (x_zeta led). */
	assert_string_equal(keys_of(root),
	    "x_zeta,title,status,count,x_alpha,notes,tags,x_mid");
	/* x_* values are kept as they were. */
	assert_int_equal(bops_node_map_get(root, "x_mid")->type,
	    BOPS_NODE_SEQ);
	assert_string_equal(bops_node_map_str(root, "x_alpha"), "two");
	/* Marks survive the reordering. */
	assert_int_equal(bops_node_map_get(root, "count")->line, 3);
	assert_int_equal(bops_node_map_get(root, "count")->key_line, 3);
	assert_int_equal(root->line, 1);

	/* Validating the canonical tree again changes nothing. */
	assert_null(bops_schema_validate(f->thing, root, &f->v));
	/* x_* stay after the field they followed (x_zeta led). */
	assert_string_equal(keys_of(root),
	    "x_zeta,title,status,count,x_alpha,notes,tags,x_mid");
	bops_node_free(root);
}

static void
validate_moves_x_fields_of_a_dropped_field_to_the_end(void **state)
{
	struct fixture *f = *state;
	struct bops_node *root;

	/* x_orphan followed notes, which is empty and goes. */
	root = yaml_doc("x_first: 0\ntitle: t\nnotes: ''\nx_orphan: 1\n"
	    "count: 3\nx_count: 2\n");
	assert_null(bops_schema_validate(f->thing, root, &f->v));
	assert_string_equal(keys_of(root),
	    "x_first,title,status,count,x_orphan,x_count");
	assert_null(bops_schema_validate(f->thing, root, &f->v));
	assert_string_equal(keys_of(root),
	    "x_first,title,status,count,x_orphan,x_count");
	bops_node_free(root);
}

/* Lists whose items must be unique, and bounds on a free map's values. */
static void
validate_refuses_repeats_in_unique_lists_and_values_out_of_bounds(void **state)
{
	static const char schema[] =
	    "kind: board\n"
	    "fields:\n"
	    "  columns: {type: list, unique: true}\n"
	    "  tags: {type: list}\n"
	    "  wip: {type: map, of: int, min: 0}\n";
	struct fixture *f = *state;
	struct bops_schema *s = NULL;
	struct bops_node *doc = yaml_doc(schema), *root;

	assert_null(bops_schema_parse(&s, "board.yaml", doc));
	bops_node_free(doc);
	root = yaml_doc("columns: [a, b, '', c]\ntags: [x, x, y]\n"
	    "wip: {b: 0, c: 3}\n");
	assert_null(bops_schema_validate(s, root, &f->v));
	assert_int_equal(bops_node_map_get(root, "columns")->n, 3);
	assert_int_equal(bops_node_map_get(root, "tags")->n, 2);
	bops_node_free(root);
	root = yaml_doc("columns:\n- a\n- b\n- a\n");
	expect_invalid(bops_schema_validate(s, root, &f->v),
	    PATH ":4:3: 'columns' lists 'a' twice");
	/* Nothing was dropped from the caller's tree. */
	assert_int_equal(bops_node_map_get(root, "columns")->n, 3);
	bops_node_free(root);
	root = yaml_doc("wip:\n  b: 2\n  c: -1\n");
	expect_invalid(bops_schema_validate(s, root, &f->v),
	    PATH ":3:6: 'c' must be at least 0");
	bops_node_free(root);
	bops_schema_free(s);
}

/* Whole numbers stay exact as doubles: at most 2^53 - 1 either way. */
static void
validate_bounds_whole_numbers_to_exact_doubles(void **state)
{
	struct fixture *f = *state;
	struct bops_node *root;

	root = yaml_doc("title: t\nscore: 1e308\nlimits: {a: 9007199254740991, "
	    "b: -9007199254740991}\n");
	assert_null(bops_schema_validate(f->thing, root, &f->v));
	bops_node_free(root);
	root = yaml_doc("title: t\nlimits: {a: 9007199254740992}\n");
	expect_invalid(bops_schema_validate(f->thing, root, &f->v),
	    PATH ":2:13: 'a' must be a whole number from -9007199254740991 "
	    "to 9007199254740991");
	bops_node_free(root);
	root = yaml_doc("title: t\nlimits: {a: -9223372036854775808}\n");
	assert_non_null(bops_schema_validate(f->thing, root, &f->v));
	bops_node_free(root);
}

/*
 * A record nests at most BOPS_RECORD_MAX_DEPTH levels: the profile's 32
 * less the 4 a merge adds when it keeps a value in a conflict.
 */
static void
validate_leaves_room_for_a_conflict(void **state)
{
	struct fixture *f = *state;
	struct bops_buf text = BOPS_BUF_INIT, msg = BOPS_BUF_INIT;
	struct bops_node *root;
	size_t i, depth;

	for (depth = BOPS_RECORD_MAX_DEPTH; depth <= BOPS_RECORD_MAX_DEPTH + 1;
	    depth++) {
		bops_buf_reset(&text);
		bops_buf_puts(&text, "title: t\nx_deep:\n");
		for (i = 2; i < depth; i++) {
			bops_buf_pad(&text, ' ', 2 * (i - 1));
			bops_buf_puts(&text, i + 1 < depth ? "k:\n" : "k: a\n");
		}
		root = yaml_doc(text.ptr);
		if (depth == BOPS_RECORD_MAX_DEPTH)
			assert_null(bops_schema_validate(f->thing, root, &f->v));
		else {
			bops_buf_reset(&msg);
			bops_buf_printf(&msg, PATH ":%zu:%zu: nesting too deep for "
			    "a record (at most 28 levels, so that a merge can "
			    "keep a conflict)", depth, 2 * (depth - 2) + 4);
			expect_invalid(bops_schema_validate(f->thing, root,
			    &f->v), msg.ptr);
		}
		bops_node_free(root);
	}
	bops_buf_release(&text);
	bops_buf_release(&msg);
}

static void
validate_fills_required_defaults_and_drops_empties(void **state)
{
	struct fixture *f = *state;
	struct bops_node *root, *v;

	root = yaml_doc("title: t\nnotes: ''\ncount:\ntags: []\n"
	    "level: ''\nnested:\n  b: 2\n");
	assert_null(bops_schema_validate(f->thing, root, &f->v));
	assert_string_equal(keys_of(root), "title,status,nested");
	v = bops_node_map_get(root, "status");
	assert_string_equal(v->str, "todo");
	assert_int_equal(v->style, BOPS_SCALAR_RAW);
	v = bops_node_map_get(root, "nested");
	assert_string_equal(keys_of(v), "a,b");
	assert_string_equal(bops_node_map_str(v, "a"), "x");
	assert_int_equal(bops_node_map_get(v, "a")->style, BOPS_SCALAR_TEXT);
	bops_node_free(root);
}

static void
validate_reports_a_missing_required_field(void **state)
{
	struct fixture *f = *state;
	struct bops_node *root;

	root = yaml_doc("count: 3\nx_keep: 1\ntags: [a]\n");
	expect_invalid(bops_schema_validate(f->thing, root, &f->v),
	    PATH ":1:1: missing required field 'title'");
	/* The caller's tree is still whole. */
	assert_string_equal(bops_node_map_str(root, "count"), "3");
	assert_string_equal(bops_node_map_str(root, "x_keep"), "1");
	assert_non_null(bops_node_map_get(root, "tags"));
	bops_node_free(root);

	/* An empty required value is missing too. */
	root = yaml_doc("title: ''\n");
	expect_invalid(bops_schema_validate(f->thing, root, &f->v),
	    PATH ":1:1: missing required field 'title'");
	bops_node_free(root);

	/* Built in memory: no position to give. */
	root = bops_node_new_map();
	expect_invalid(bops_schema_validate(f->thing, root, &f->v),
	    PATH ": missing required field 'title'");
	bops_node_free(root);

	/* In a sub-record: where that record starts. */
	root = yaml_doc("title: t\nitems:\n- id: 1\n- name: n\n");
	expect_invalid(bops_schema_validate(f->thing, root, &f->v),
	    PATH ":4:3: missing required field 'id'");
	bops_node_free(root);
}

static void
validate_requires_a_mapping(void **state)
{
	struct fixture *f = *state;
	struct bops_node *seq = bops_node_new_seq();

	expect_invalid(bops_schema_validate(f->thing, seq, &f->v),
	    PATH ": the document must be a mapping");
	seq->line = 2;
	seq->col = 1;
	expect_invalid(bops_schema_validate(f->thing, seq, &f->v),
	    PATH ":2:1: the document must be a mapping");
	expect_invalid(bops_schema_validate(f->thing, NULL, &f->v),
	    PATH ": the document must be a mapping");
	bops_node_free(seq);
}

static void
validate_makes_lists_sets(void **state)
{
	struct fixture *f = *state;
	struct bops_node *root, *tags;

	root = yaml_doc("title: t\ntags: [b, '', a, b, c, a, '']\n");
	assert_null(bops_schema_validate(f->thing, root, &f->v));
	tags = bops_node_map_get(root, "tags");
	assert_int_equal(tags->n, 3);
	assert_string_equal(tags->items[0]->str, "b");
	assert_string_equal(tags->items[1]->str, "a");
	assert_string_equal(tags->items[2]->str, "c");
	assert_int_equal(tags->items[0]->style, BOPS_SCALAR_TEXT);
	bops_node_free(root);

	/* A list of nothing but empties goes away. */
	root = yaml_doc("title: t\ntags: ['', '']\n");
	assert_null(bops_schema_validate(f->thing, root, &f->v));
	assert_null(bops_node_map_get(root, "tags"));
	bops_node_free(root);
}

static const struct {
	const char *text;
	const char *msg;
} bad_docs[] = {
	{ "title: t\ntags: x\n", PATH ":2:7: 'tags' must be a list" },
	{ "title: t\ntags: [a, [b]]\n",
	    PATH ":2:11: 'tags' items must be scalars" },
	{ "title: t\ntags: [a, \"b\\nc\"]\n",
	    PATH ":2:11: 'tags' items must be one line" },
	{ "title: t\ncount: [1]\n", PATH ":2:8: 'count' must be a scalar" },
	{ "title: t\nitems: x\n", PATH ":2:8: 'items' must be a list" },
	{ "title: t\nitems: [x]\n",
	    PATH ":2:9: 'items' items must be mappings" },
	{ "title: t\nitems:\n- id: 1\n- id: x\n",
	    PATH ":4:7: 'id' must be a whole number" },
	{ "title: t\nitems:\n- id: 1\n  name: a\n- id: 2\n- id: 01\n",
	    PATH ":6:3: duplicate items id '1'" },
	{ "title: t\nlog:\n- when: 2026-11-23T09:00:00Z\n- when: soon\n",
	    PATH ":4:9: 'when' must be an instant YYYY-MM-DDTHH:MM:SSZ" },
	{ "title: t\nlimits: [1]\n", PATH ":2:9: 'limits' must be a mapping" },
	{ "title: t\nlimits:\n  Bad: 1\n",
	    PATH ":3:3: invalid name 'Bad' in 'limits'" },
	{ "title: t\nlimits:\n  a b: 1\n",
	    PATH ":3:3: invalid name 'a b' in 'limits'" },
	{ "title: t\nlimits:\n  a: x\n",
	    PATH ":3:6: 'a' must be a whole number" },
	{ "title: t\nlimits:\n  a:\n", PATH ":3:5: 'limits.a' is empty" },
	{ "title: t\nnested: x\n", PATH ":2:9: 'nested' must be a mapping" },
	{ "title: t\nnested:\n  b: x\n",
	    PATH ":3:6: 'b' must be a whole number" },
};

static void
validate_reports_bad_structures_with_positions(void **state)
{
	struct fixture *f = *state;
	const struct bops_error *err;
	struct bops_node *root;
	size_t i;

	for (i = 0; i < N(bad_docs); i++) {
		root = yaml_doc(bad_docs[i].text);
		err = bops_schema_validate(f->thing, root, &f->v);
		if (err == NULL || strcmp(err->msg, bad_docs[i].msg))
			fail_msg("row %zu: got \"%s\", want \"%s\"", i,
			    err ? err->msg : "no error", bad_docs[i].msg);
		assert_int_equal(err->code, BOPS_ERR_INVALID);
		bops_node_free(root);
	}
}

/* Each of bad_docs has one problem: validate_all finds just that one. */
static void
validate_all_finds_each_single_problem_alone(void **state)
{
	struct fixture *f = *state;
	struct bops_problems all = BOPS_PROBLEMS_INIT;
	const struct bops_error *err;
	struct bops_node *root;
	size_t i;

	for (i = 0; i < N(bad_docs); i++) {
		root = yaml_doc(bad_docs[i].text);
		err = bops_schema_validate_all(f->thing, root, &f->v, &all);
		if (err == NULL || strcmp(err->msg, bad_docs[i].msg))
			fail_msg("row %zu: got \"%s\", want \"%s\"", i,
			    err ? err->msg : "no error", bad_docs[i].msg);
		assert_int_equal(err->code, BOPS_ERR_INVALID);
		if (all.n != 1)
			fail_msg("row %zu: %zu problems, want 1", i, all.n);
		assert_string_equal(all.v[0].msg, bad_docs[i].msg);
		bops_problems_release(&all);
		bops_node_free(root);
	}
}

static void
validate_all_reports_every_problem_in_file_order(void **state)
{
	static const char *want[] = {
		PATH ":1:8: 'title' must be at most 10 characters",
		PATH ":2:1: unknown field 'colour'",
		PATH ":3:8: 'level' 'extreme' is not one of: low, mid, high",
		PATH ":4:6: 'due' must be a date YYYY-MM-DD",
		PATH ":5:8: 'count' must be a whole number",
		PATH ":6:11: 'tags' items must be scalars",
		PATH ":6:16: 'tags' items must be one line",
		PATH ":9:9: 'name' must be a scalar",
		PATH ":10:3: unknown field 'extra'",
		PATH ":11:3: duplicate items id '1'",
		PATH ":13:3: invalid name 'Bad' in 'limits'",
		PATH ":14:7: 'ok' must be a whole number",
		PATH ":16:6: 'b' must be a whole number",
		PATH ":17:1: unknown field 'shade'",
		/* a second document, into the same collector */
		PATH ":1:1: missing required field 'title'",
		PATH ":1:8: 'count' must be a whole number",
	};
	struct fixture *f = *state;
	struct bops_problems all = BOPS_PROBLEMS_INIT;
	struct bops_node *root;
	size_t i;

	root = yaml_doc(
	    "title: abcdefghijklmno\n"
	    "colour: red\n"
	    "level: extreme\n"
	    "due: 2026-02-30\n"
	    "count: many\n"
	    "tags: [a, [b], \"c\\nd\"]\n"
	    "items:\n"
	    "- id: 1\n"
	    "  name: [x]\n"
	    "  extra: y\n"
	    "- id: 1\n"
	    "limits:\n"
	    "  Bad: 1\n"
	    "  ok: x\n"
	    "nested:\n"
	    "  b: x\n"
	    "shade: blue\n");
	/* Without a collector, the first found (unknown fields first). */
	expect_invalid(bops_schema_validate(f->thing, root, &f->v),
	    PATH ":2:1: unknown field 'colour'");
	bops_node_free(root);
	root = yaml_doc(
	    "title: abcdefghijklmno\n"
	    "colour: red\n"
	    "level: extreme\n"
	    "due: 2026-02-30\n"
	    "count: many\n"
	    "tags: [a, [b], \"c\\nd\"]\n"
	    "items:\n"
	    "- id: 1\n"
	    "  name: [x]\n"
	    "  extra: y\n"
	    "- id: 1\n"
	    "limits:\n"
	    "  Bad: 1\n"
	    "  ok: x\n"
	    "nested:\n"
	    "  b: x\n"
	    "shade: blue\n");
	/* With one, all of them in file order; the first is the error. */
	expect_invalid(bops_schema_validate_all(f->thing, root, &f->v, &all),
	    want[0]);
	bops_node_free(root);
	root = yaml_doc("count: x\n");
	expect_invalid(bops_schema_validate_all(f->thing, root, &f->v, &all),
	    PATH ":1:1: missing required field 'title'");
	bops_node_free(root);
	for (i = 0; i < all.n && i < N(want); i++)
		assert_string_equal(all.v[i].msg, want[i]);
	assert_int_equal(all.n, N(want));
	bops_problems_release(&all);
	assert_int_equal(all.n, 0);

	/* A valid record: no problem, made canonical as validate does. */
	root = yaml_doc("count: 007\ntitle: t\n");
	assert_null(bops_schema_validate_all(f->thing, root, &f->v, &all));
	assert_int_equal(all.n, 0);
	assert_string_equal(keys_of(root), "title,status,count");
	assert_string_equal(bops_node_map_str(root, "count"), "7");
	bops_node_free(root);

	/* Other problems can join them: an error's message, kept whole. */
	bops_problems_add(&all, bops_error_fmt(BOPS_ERR_INVALID, "%s",
	    "sprints/s.yaml:2:6: end is before start"));
	assert_int_equal(all.n, 1);
	assert_string_equal(all.v[0].msg,
	    "sprints/s.yaml:2:6: end is before start");
	bops_problems_release(&all);
	bops_problems_release(&all);
}

static void
validate_accepts_records_free_maps_and_raw(void **state)
{
	struct fixture *f = *state;
	struct bops_node *root, *v;

	root = yaml_doc(
	    "anything: {deep: [1, {x: y}]}\n"
	    "limits:\n  not-started: 03\n  done_2: 5\n"
	    "items:\n- name: two\n  id: 2\n- id: 1\n"
	    "log:\n- note: first\n- note: first\n"
	    "title: t\n");
	assert_null(bops_schema_validate(f->thing, root, &f->v));
	assert_string_equal(keys_of(root),
	    "title,status,items,log,limits,anything");
	v = bops_node_map_get(root, "limits");
	assert_string_equal(keys_of(v), "not-started,done_2");
	assert_string_equal(bops_node_map_str(v, "not-started"), "3");
	v = bops_node_map_get(root, "items");
	assert_int_equal(v->n, 2);
	/* Sub-records get their own canonical key order. */
	assert_string_equal(keys_of(v->items[0]), "id,name");
	assert_string_equal(bops_node_map_str(v->items[1], "id"), "1");
	/* A log has no key: repeats are fine. */
	assert_int_equal(bops_node_map_get(root, "log")->n, 2);
	v = bops_node_map_get(root, "anything");
	assert_int_equal(v->type, BOPS_NODE_MAP);
	bops_node_free(root);
}

static void
enum_without_lookup_accepts_only_its_default(void **state)
{
	struct fixture *f = *state;
	struct bops_validate v = { PATH, NULL, NULL };
	struct bops_node *root;

	root = doc_with("status", "todo");
	assert_null(bops_schema_validate(f->thing, root, &v));
	bops_node_free(root);
	root = doc_with("status", "doing");
	expect_invalid(bops_schema_validate(f->thing, root, &v),
	    PATH ":2:8: 'status' 'doing' is not one of: ");
	bops_node_free(root);
}

static void
enum_rank_and_join_follow_the_values(void **state)
{
	struct fixture *f = *state;
	const struct bops_field *level, *status;
	struct bops_buf b = BOPS_BUF_INIT;

	level = bops_schema_field(f->thing, "level");
	status = bops_schema_field(f->thing, "status");
	assert_int_equal(bops_schema_enum_rank(level, "low", NULL, NULL), 0);
	assert_int_equal(bops_schema_enum_rank(level, "high", NULL, NULL), 2);
	assert_int_equal(bops_schema_enum_rank(level, "Low", NULL, NULL), -1);
	assert_int_equal(bops_schema_enum_rank(level, "", NULL, NULL), -1);
	/* A lookup does not matter to a field with its own values. */
	assert_int_equal(bops_schema_enum_rank(level, "mid", lookup, f), 1);
	assert_int_equal(bops_schema_enum_rank(status, "todo", lookup, f), 0);
	assert_int_equal(bops_schema_enum_rank(status, "done", lookup, f), 2);
	assert_int_equal(bops_schema_enum_rank(status, "nope", lookup, f),
	    -1);
	/* No values to look at: the default alone. */
	assert_int_equal(bops_schema_enum_rank(status, "todo", NULL, NULL), 0);
	assert_int_equal(bops_schema_enum_rank(status, "done", NULL, NULL),
	    -1);

	/* What a person types names a value in any case or form. */
	assert_string_equal(bops_schema_enum_find(level, "LOW", NULL, NULL),
	    "low");
	assert_string_equal(bops_schema_enum_find(status, "Doing", lookup, f),
	    "doing");
	assert_string_equal(bops_schema_enum_find(status, "todo", NULL, NULL),
	    "todo");
	assert_null(bops_schema_enum_find(level, "lo", NULL, NULL));
	assert_null(bops_schema_enum_find(status, "DOING", NULL, NULL));

	bops_schema_enum_join(&b, level, NULL, NULL);
	assert_string_equal(b.ptr, "low, mid, high");
	bops_buf_reset(&b);
	bops_buf_puts(&b, "one of: ");
	bops_schema_enum_join(&b, status, lookup, f);
	assert_string_equal(b.ptr, "one of: todo, doing, done");
	bops_buf_reset(&b);
	bops_schema_enum_join(&b, status, NULL, NULL);
	assert_string_equal(b.ptr, "");
	bops_buf_release(&b);
}

/* Every enum field under fields (nested ones too) declares its order. */
static void
expect_enum_orders(const char *name, const struct bops_node *fields)
{
	const struct bops_node *spec, *sub;
	const char *type;
	size_t i;

	for (i = 0; fields && i < fields->n; i++) {
		spec = fields->items[i];
		type = bops_node_map_str(spec, "type");
		if (type && strcmp(type, "enum") == 0 &&
		    bops_node_map_get(spec, "order") == NULL)
			fail_msg("schemas/%s.yaml: enum '%s' does not say its "
			    "order (flow or high-to-low)", name,
			    fields->keys[i]);
		if ((sub = bops_node_map_get(spec, "fields")) &&
		    sub->type == BOPS_NODE_MAP)
			expect_enum_orders(name, sub);
	}
}

static void
every_builtin_enum_says_its_order(void **state)
{
	const struct bops_error *err;
	struct bops_node *doc;
	char path[64];
	const char *data;
	size_t i, len;

	for (i = 0; i <= BOPS_KIND__COUNT; i++) {
		const char *name = i < BOPS_KIND__COUNT ? bops_kinds[i].name :
		    "config";

		snprintf(path, sizeof(path), "schemas/%s.yaml", name);
		assert_non_null(data = bops_share_get(path, &len));
		doc = NULL;
		if ((err = bops_yaml_load(&doc, path, data, len)))
			fail_msg("%s", err->msg);
		expect_enum_orders(name, bops_node_map_get(doc, "fields"));
		bops_node_free(doc);
	}
}

static const char ordered_yaml[] =
    "kind: ordered\n"
    "fields:\n"
    "  size: {type: enum, values: [s, m, l]}\n"
    "  stage: {type: enum, values: [lead, won], order: flow}\n"
    "  priority:\n"
    "    type: enum\n"
    "    values: [urgent, high, normal, low]\n"
    "    order: high-to-low\n"
    "  column:\n"
    "    type: enum\n"
    "    values_from: board.columns\n"
    "    default: todo\n"
    "    order: high-to-low\n";

static void
enum_level_follows_the_declared_order(void **state)
{
	static const struct {
		const char *field, *value;
		long level;
	} rows[] = {
		/* flow order, the default: later is greater */
		{ "size", "s", 0 },
		{ "size", "l", 2 },
		{ "stage", "lead", 0 },
		{ "stage", "won", 1 },
		/* high to low: the first is the greatest */
		{ "priority", "urgent", 3 },
		{ "priority", "high", 2 },
		{ "priority", "low", 0 },
		{ "priority", "URGENT", -1 },
		{ "priority", "soon", -1 },
		/* values from the config, in the field's order */
		{ "column", "todo", 2 },
		{ "column", "done", 0 },
		{ "column", "nope", -1 },
	};
	struct fixture *f = *state;
	struct bops_schema *s;
	struct bops_node *doc = yaml_doc(ordered_yaml);
	const struct bops_field *fl;
	size_t i;

	assert_null(bops_schema_parse(&s, "o.yaml", doc));
	bops_node_free(doc);
	assert_false(bops_schema_field(s, "size")->high_first);
	assert_false(bops_schema_field(s, "stage")->high_first);
	assert_true(bops_schema_field(s, "priority")->high_first);
	for (i = 0; i < N(rows); i++) {
		fl = bops_schema_field(s, rows[i].field);
		if (bops_schema_enum_level(fl, rows[i].value, lookup, f) !=
		    rows[i].level)
			fail_msg("%s '%s': level %ld, want %ld",
			    rows[i].field, rows[i].value,
			    bops_schema_enum_level(fl, rows[i].value, lookup,
			    f), rows[i].level);
		/* The rank stays the position in the list. */
		if (rows[i].level >= 0)
			assert_true(bops_schema_enum_rank(fl, rows[i].value,
			    lookup, f) >= 0);
	}
	/* Without its source, the default alone: lowest and highest. */
	fl = bops_schema_field(s, "column");
	assert_int_equal(bops_schema_enum_level(fl, "todo", NULL, NULL), 0);
	assert_int_equal(bops_schema_enum_level(fl, "done", NULL, NULL), -1);
	bops_schema_free(s);
}

static const struct bops_node *
lookup_scalar(const char *key, void *arg)
{
	return arg;
}

static void
enum_lookup_of_a_non_list_counts_as_none(void **state)
{
	struct fixture *f = *state;
	const struct bops_field *status = bops_schema_field(f->thing,
	    "status");
	struct bops_node *s = bops_node_new_scalar("todo", BOPS_SCALAR_TEXT);

	assert_int_equal(bops_schema_enum_rank(status, "todo", lookup_scalar,
	    s), 0);
	assert_int_equal(bops_schema_enum_rank(status, "doing", lookup_scalar,
	    s), -1);
	bops_node_free(s);
}

static void
custom_fields_come_after_the_kind_fields(void **state)
{
	struct fixture *f = *state;
	struct bops_node *custom, *root;
	const struct bops_field *fl;

	custom = yaml_doc("segment:\n  type: enum\n"
	    "  values: [smb, enterprise]\nseats:\n  type: int\n  min: 1\n");
	assert_null(bops_schema_add_custom(f->thing, "bops.yaml", custom));
	bops_node_free(custom);
	assert_int_equal(f->thing->n, 21);
	fl = bops_schema_field(f->thing, "segment");
	assert_non_null(fl);
	assert_true(fl->custom);
	assert_int_equal(fl->type, BOPS_TYPE_ENUM);
	assert_false(bops_schema_field(f->thing, "title")->custom);

	root = yaml_doc("x_a: 1\nseats: 4\ntitle: t\nsegment: smb\n");
	assert_null(bops_schema_validate(f->thing, root, &f->v));
	assert_string_equal(keys_of(root), "x_a,title,status,segment,seats");
	bops_node_free(root);
	root = yaml_doc("title: t\nseats: 0\n");
	expect_invalid(bops_schema_validate(f->thing, root, &f->v),
	    PATH ":2:8: 'seats' must be at least 1");
	bops_node_free(root);
}

static const struct {
	const char *text;
	const char *msg;
} bad_customs[] = {
	{ "title:\n  type: string\n",
	    "bops.yaml:1:1: custom field 'title' clashes with a field of "
	    "thing" },
	{ "ok2:\n  type: int\nnotes:\n  type: text\n",
	    "bops.yaml:3:1: custom field 'notes' clashes with a field of "
	    "thing" },
	{ "Segment:\n  type: string\n",
	    "bops.yaml:1:1: invalid field name 'Segment'" },
	{ "_x:\n  type: string\n", "bops.yaml:1:1: invalid field name '_x'" },
	{ "seg:\n  type: colour\n", "bops.yaml:2:9: unknown type 'colour'" },
	{ "seg: string\n", "bops.yaml:1:6: field 'seg' must be a mapping" },
};

static void
custom_fields_report_clashes_and_bad_names(void **state)
{
	const struct bops_error *err;
	struct bops_schema *s;
	struct bops_node *doc, *custom;
	size_t i;

	doc = yaml_doc(thing_yaml);
	for (i = 0; i < N(bad_customs); i++) {
		/* A fresh schema each time: a failed call may leave some. */
		assert_null(bops_schema_parse(&s, "thing.yaml", doc));
		custom = yaml_doc(bad_customs[i].text);
		err = bops_schema_add_custom(s, "bops.yaml", custom);
		if (err == NULL || strcmp(err->msg, bad_customs[i].msg))
			fail_msg("row %zu: got \"%s\", want \"%s\"", i,
			    err ? err->msg : "no error", bad_customs[i].msg);
		assert_int_equal(err->code, BOPS_ERR_INVALID);
		bops_node_free(custom);
		bops_schema_free(s);
	}

	/* Not a mapping at all. */
	assert_null(bops_schema_parse(&s, "thing.yaml", doc));
	custom = bops_node_new_seq();
	custom->line = 7;
	custom->col = 3;
	expect_invalid(bops_schema_add_custom(s, "bops.yaml", custom),
	    "bops.yaml:7:3: custom fields must be a mapping");
	bops_node_free(custom);
	bops_schema_free(s);
	bops_node_free(doc);
}

static void
custom_fields_may_not_clash_with_each_other_across_calls(void **state)
{
	struct fixture *f = *state;
	struct bops_node *custom;

	custom = yaml_doc("seg:\n  type: string\n");
	assert_null(bops_schema_add_custom(f->thing, "bops.yaml", custom));
	expect_invalid(bops_schema_add_custom(f->thing, "bops.yaml", custom),
	    "bops.yaml:1:1: custom field 'seg' clashes with a field of thing");
	bops_node_free(custom);
}

/* 2026-11-23 is a Monday. */
#define TODAY_Y 2026
#define TODAY_M 11
#define TODAY_D 23

static const struct {
	const char *field;
	const char *tz;
	const char *in;
	const char *out;	/* NULL: USAGE "field '<field>': <msg>" */
	const char *msg;
} inputs[] = {
	{ "due", NULL, "today", "2026-11-23", NULL },
	{ "due", NULL, "tomorrow", "2026-11-24", NULL },
	{ "due", NULL, "+3d", "2026-11-26", NULL },
	{ "due", NULL, "-1w", "2026-11-16", NULL },
	{ "due", NULL, "friday", "2026-11-27", NULL },
	{ "due", NULL, "monday", "2026-11-30", NULL },
	{ "due", NULL, "2026-W49", "2026-11-30", NULL },
	{ "due", NULL, "eow", "2026-11-29", NULL },
	{ "due", NULL, "eom", "2026-11-30", NULL },
	{ "due", NULL, "2027-01-05", "2027-01-05", NULL },
	{ "due", NULL, "someday", NULL,
	    "must be a date (YYYY-MM-DD, today, +3d, friday, 2026-w48, "
	    "eow...)" },
	{ "at", NULL, "2026-11-24", "2026-11-24T00:00:00Z", NULL },
	{ "at", "Asia/Ho_Chi_Minh", "2026-11-24", "2026-11-23T17:00:00Z",
	    NULL },
	{ "at", "Asia/Ho_Chi_Minh", "tomorrow", "2026-11-23T17:00:00Z",
	    NULL },
	{ "at", NULL, "2026-11-24T10:11:12Z", "2026-11-24T10:11:12Z", NULL },
	/* relative: past: a weekday is the last one, today never. */
	{ "at", NULL, "friday", "2026-11-20T00:00:00Z", NULL },
	{ "at", NULL, "monday", "2026-11-16T00:00:00Z", NULL },
	{ "at", "Asia/Ho_Chi_Minh", "sun", "2026-11-21T17:00:00Z", NULL },
	{ "at", NULL, "noon", NULL,
	    "must be an instant YYYY-MM-DDTHH:MM:SSZ or a date" },
	{ "takes", NULL, "90m", "1h30m", NULL },
	{ "score", NULL, "4.50", "4.5", NULL },
	{ "parent", NULL, "OBJ/3", "obj/3", NULL },
	{ "level", NULL, "high", "high", NULL },
	{ "level", NULL, "top", NULL, "'top' is not one of: low, mid, high" },
	{ "status", NULL, "done", "done", NULL },
	{ "title", NULL, "a\nb", NULL, "must be one line" },
	{ "tags", NULL, "a", NULL, "is not a scalar field" },
	{ "items", NULL, "a", NULL, "is not a scalar field" },
};

static void
input_reads_relative_dates_and_canonicalises(void **state)
{
	struct fixture *f = *state;
	const struct bops_error *err;
	struct bops_input_ctx ctx;
	struct bops_buf out = BOPS_BUF_INIT;
	enum bops_scalar_style style;
	struct bops_tz *tz = NULL;
	char want[256];
	size_t i;

	memset(&ctx, 0, sizeof(ctx));
	ctx.today = bops_date_from_ymd(TODAY_Y, TODAY_M, TODAY_D);
	ctx.now = (int64_t)ctx.today * 86400 + 9 * 3600;
	ctx.lookup = lookup;
	ctx.lookup_arg = f;
	for (i = 0; i < N(inputs); i++) {
		bops_tz_close(tz);
		assert_null(bops_tz_open(&tz, inputs[i].tz));
		ctx.tz = tz;
		bops_buf_reset(&out);
		bops_buf_puts(&out, "old|");
		err = bops_schema_input(&out, &style, bops_schema_field(
		    f->thing, inputs[i].field), inputs[i].in, &ctx);
		if (inputs[i].out) {
			if (err)
				fail_msg("%s=%s: %s", inputs[i].field,
				    inputs[i].in, err->msg);
			snprintf(want, sizeof(want), "old|%s", inputs[i].out);
			assert_string_equal(out.ptr, want);
		} else {
			snprintf(want, sizeof(want), "field '%s': %s",
			    inputs[i].field, inputs[i].msg);
			if (err == NULL)
				fail_msg("%s=%s accepted as '%s'",
				    inputs[i].field, inputs[i].in, out.ptr);
			assert_int_equal(err->code, BOPS_ERR_USAGE);
			assert_string_equal(err->msg, want);
			/* Nothing is left behind. */
			assert_string_equal(out.ptr, "old|");
		}
	}
	bops_tz_close(tz);
	bops_buf_release(&out);
}

static void
input_gives_text_style_to_strings_only(void **state)
{
	struct fixture *f = *state;
	struct bops_buf out = BOPS_BUF_INIT;
	enum bops_scalar_style style;

	assert_null(bops_schema_input(&out, &style, bops_schema_field(
	    f->thing, "title"), "NO", NULL));
	assert_int_equal(style, BOPS_SCALAR_TEXT);
	bops_buf_reset(&out);
	assert_null(bops_schema_input(&out, &style, bops_schema_field(
	    f->thing, "notes"), "1.10", NULL));
	assert_int_equal(style, BOPS_SCALAR_TEXT);
	bops_buf_reset(&out);
	assert_null(bops_schema_input(&out, &style, bops_schema_field(
	    f->thing, "count"), "3", NULL));
	assert_int_equal(style, BOPS_SCALAR_RAW);
	/* Without a context, dates are strict. */
	bops_buf_reset(&out);
	assert_non_null(bops_schema_input(&out, &style, bops_schema_field(
	    f->thing, "due"), "today", NULL));
	assert_null(bops_schema_input(&out, &style, bops_schema_field(
	    f->thing, "due"), "2026-01-02", NULL));
	assert_string_equal(out.ptr, "2026-01-02");
	assert_int_equal(style, BOPS_SCALAR_RAW);
	bops_buf_release(&out);
}

/* The problems of a check beyond the schema: placed, kept, the first
 * one returned, the check stopped unless all are wanted. */
static void
problems_are_placed_and_kept_first_first(void **state)
{
	struct bops_problems all = BOPS_PROBLEMS_INIT;
	const struct bops_error *first = NULL, *err;
	struct bops_node *doc = yaml_doc("a: 1\nb:\n  c: x\n");
	struct bops_node *made = bops_node_new_scalar("y", BOPS_SCALAR_TEXT);
	const struct bops_node *c = bops_node_map_get(bops_node_map_get(doc,
	    "b"), "c");

	err = bops_problem_at("bops.yaml", c, "'%s' is no %s", c->str, "day");
	assert_int_equal(err->code, BOPS_ERR_INVALID);
	assert_string_equal(err->msg, "bops.yaml:3:6: 'x' is no day");
	err = bops_problem_at("bops.yaml", made, "built");
	assert_string_equal(err->msg, "bops.yaml: built");
	assert_false(bops_problems_keep(&first, NULL, NULL));
	assert_null(first);
	/* Alone, the first problem stops the check. */
	assert_true(bops_problems_keep(&first, NULL, bops_problem_at("p", c,
	    "one")));
	assert_string_equal(first->msg, "p:3:6: one");
	/* For bops check, every one is kept and the check goes on. */
	first = NULL;
	assert_false(bops_problems_keep(&first, &all, bops_problem_at("p", c,
	    "one")));
	assert_false(bops_problems_keep(&first, &all, bops_problem_at("p",
	    made, "two")));
	assert_string_equal(first->msg, "p:3:6: one");
	assert_int_equal(all.n, 2);
	assert_string_equal(all.v[0].msg, "p:3:6: one");
	assert_string_equal(all.v[1].msg, "p: two");
	bops_problems_release(&all);
	bops_node_free(made);
	bops_node_free(doc);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_builtin_schema_parses),
		cmocka_unit_test(builtin_knows_the_task_schema),
		cmocka_unit_test(type_names_round_trip),
		T(parse_reads_every_attribute),
		cmocka_unit_test(
		    parse_reports_malformed_schemas_with_positions),
		T(validate_checks_and_canonicalises_each_scalar_type),
		T(validate_rejects_unknown_fields_at_their_key),
		T(validate_puts_keys_in_schema_order_keeping_x_fields_in_place),
		T(validate_moves_x_fields_of_a_dropped_field_to_the_end),
		T(validate_refuses_repeats_in_unique_lists_and_values_out_of_bounds),
		T(validate_bounds_whole_numbers_to_exact_doubles),
		T(validate_leaves_room_for_a_conflict),
		T(validate_fills_required_defaults_and_drops_empties),
		T(validate_reports_a_missing_required_field),
		T(validate_requires_a_mapping),
		T(validate_makes_lists_sets),
		T(validate_reports_bad_structures_with_positions),
		T(validate_all_finds_each_single_problem_alone),
		T(validate_all_reports_every_problem_in_file_order),
		T(validate_accepts_records_free_maps_and_raw),
		T(enum_without_lookup_accepts_only_its_default),
		T(enum_rank_and_join_follow_the_values),
		T(enum_lookup_of_a_non_list_counts_as_none),
		cmocka_unit_test(every_builtin_enum_says_its_order),
		T(enum_level_follows_the_declared_order),
		T(custom_fields_come_after_the_kind_fields),
		cmocka_unit_test(custom_fields_report_clashes_and_bad_names),
		T(custom_fields_may_not_clash_with_each_other_across_calls),
		T(input_reads_relative_dates_and_canonicalises),
		T(input_gives_text_style_to_strings_only),
		cmocka_unit_test(problems_are_placed_and_kept_first_first),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
