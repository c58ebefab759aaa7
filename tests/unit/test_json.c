#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"
#include "node.h"
#include "schema.h"
#include "yaml.h"
#include "banned.h"

#include "sandbox.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

#define VI "Đi cứu thế giới bằng 1000 suất cơm tại bệnh viện"
#define TH "ตอบกลับ 95% ของข้อเสนอแนะของลูกค้าภายใน 24 ชั่วโมง"
#define ZH "提高客户满意度评分"

/* A schema with a field of every type. */
static const char thing_yaml[] =
    "kind: thing\n"
    "fields:\n"
    "  title: {type: string}\n"
    "  notes: {type: text}\n"
    "  level: {type: enum, values: [low, mid, high]}\n"
    "  count: {type: int}\n"
    "  score: {type: number}\n"
    "  ok: {type: bool}\n"
    "  due: {type: date}\n"
    "  at: {type: instant}\n"
    "  takes: {type: duration}\n"
    "  when: {type: period}\n"
    "  parent: {type: ref, ref: thing}\n"
    "  tags: {type: list}\n"
    "  items:\n"
    "    type: records\n"
    "    key: id\n"
    "    fields:\n"
    "      id: {type: int, required: true}\n"
    "      done: {type: bool}\n"
    "      log:\n"
    "        type: log\n"
    "        fields:\n"
    "          value: {type: number}\n"
    "          by: {type: string}\n"
    "  limits: {type: map, of: int}\n"
    "  nested:\n"
    "    type: map\n"
    "    fields:\n"
    "      a: {type: string}\n"
    "      b: {type: number}\n"
    "  anything: {type: raw}\n";

static struct bops_schema *
thing(void)
{
	struct bops_node *doc = yaml_doc(thing_yaml);
	struct bops_schema *s = NULL;

	if (bops_schema_parse(&s, "thing.yaml", doc))
		fail_msg("thing.yaml does not parse");
	bops_node_free(doc);
	return s;
}

/* A record in YAML written as JSON by bops_json_record (id "x"). */
static void
expect_record(const struct bops_schema *s, const char *yaml,
    const char *json)
{
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_json w;
	struct bops_node *n = yaml_doc(yaml);

	bops_json_init(&w, &b);
	bops_json_record(&w, n, s, "x");
	bops_json_release(&w);
	if (strcmp(b.ptr, json) != 0)
		fail_msg("%s\n got: %s want: %s", yaml, b.ptr, json);
	bops_node_free(n);
	bops_buf_release(&b);
}

static void
record_values_are_typed_by_their_field(void **state)
{
	static const struct {
		const char *yaml;
		const char *json;
	} cases[] = {
		/* scalars: only int, number and bool are not strings */
		{ "title: 42\n", "{\"id\":\"x\",\"title\":\"42\"}\n" },
		{ "notes: |\n  two\n  lines\n",
		    "{\"id\":\"x\",\"notes\":\"two\\nlines\\n\"}\n" },
		{ "level: high\n", "{\"id\":\"x\",\"level\":\"high\"}\n" },
		{ "count: 3\n", "{\"id\":\"x\",\"count\":3}\n" },
		{ "count: -12\n", "{\"id\":\"x\",\"count\":-12}\n" },
		{ "score: 2.5\n", "{\"id\":\"x\",\"score\":2.5}\n" },
		{ "score: 1e+20\n", "{\"id\":\"x\",\"score\":1e+20}\n" },
		{ "ok: true\n", "{\"id\":\"x\",\"ok\":true}\n" },
		{ "ok: false\n", "{\"id\":\"x\",\"ok\":false}\n" },
		{ "due: 2026-11-27\n", "{\"id\":\"x\",\"due\":\"2026-11-27\"}\n" },
		{ "at: 2026-11-23T09:00:00Z\n",
		    "{\"id\":\"x\",\"at\":\"2026-11-23T09:00:00Z\"}\n" },
		{ "takes: 1h30m\n", "{\"id\":\"x\",\"takes\":\"1h30m\"}\n" },
		{ "when: 2026-Q4\n", "{\"id\":\"x\",\"when\":\"2026-Q4\"}\n" },
		{ "parent: save-the-world\n",
		    "{\"id\":\"x\",\"parent\":\"save-the-world\"}\n" },
		/* lists are arrays of strings, even of numbers */
		{ "tags: [web, 3, true]\n",
		    "{\"id\":\"x\",\"tags\":[\"web\",\"3\",\"true\"]}\n" },
		/* records and logs nest, typed by their sub-schemas */
		{ "items:\n- id: 1\n  done: true\n  log:\n  - value: 250\n"
		    "    by: Lan\n  - value: 0.5\n    by: '7'\n- id: 2\n",
		    "{\"id\":\"x\",\"items\":[{\"id\":1,\"done\":true,\"log\":"
		    "[{\"value\":250,\"by\":\"Lan\"},{\"value\":0.5,\"by\":"
		    "\"7\"}]},{\"id\":2}]}\n" },
		/* maps: of a type, or with fields */
		{ "limits:\n  processing: 3\n  review: 0\n",
		    "{\"id\":\"x\",\"limits\":{\"processing\":3,\"review\":0}}\n" },
		{ "nested:\n  a: '1'\n  b: 1.5\n",
		    "{\"id\":\"x\",\"nested\":{\"a\":\"1\",\"b\":1.5}}\n" },
		/* raw and x_* fields are untyped: scalars are strings */
		{ "anything:\n  n: 1\n  l: [1, {b: true}]\n",
		    "{\"id\":\"x\",\"anything\":{\"n\":\"1\",\"l\":[\"1\","
		    "{\"b\":\"true\"}]}}\n" },
		{ "x_source: 5\n", "{\"id\":\"x\",\"x_source\":\"5\"}\n" },
		/* the id is first and never twice */
		{ "id: other\ncount: 1\n", "{\"id\":\"x\",\"count\":1}\n" },
		{ "{}\n", "{\"id\":\"x\"}\n" },
	};
	struct bops_schema *s = thing();
	size_t i;

	for (i = 0; i < NELEM(cases); i++)
		expect_record(s, cases[i].yaml, cases[i].json);
	bops_schema_free(s);
}

static void
values_not_of_their_type_stay_strings(void **state)
{
	static const struct {
		const char *yaml;
		const char *json;
	} cases[] = {
		/* the largest whole numbers a double holds exactly */
		{ "count: 9007199254740991\n",
		    "{\"id\":\"x\",\"count\":9007199254740991}\n" },
		{ "count: -9007199254740991\n",
		    "{\"id\":\"x\",\"count\":-9007199254740991}\n" },
		{ "count: 9007199254740992\n",
		    "{\"id\":\"x\",\"count\":\"9007199254740992\"}\n" },
		{ "count: 99999999999999999999999\n",
		    "{\"id\":\"x\",\"count\":\"99999999999999999999999\"}\n" },
		{ "count: 1.5\n", "{\"id\":\"x\",\"count\":\"1.5\"}\n" },
		{ "count: 0x1F\n", "{\"id\":\"x\",\"count\":\"0x1F\"}\n" },
		{ "count: ' 3'\n", "{\"id\":\"x\",\"count\":\" 3\"}\n" },
		{ "count: ''\n", "{\"id\":\"x\",\"count\":\"\"}\n" },
		/* a number that is not finite is never printed as one */
		{ "score: 1e999\n", "{\"id\":\"x\",\"score\":\"1e999\"}\n" },
		{ "score: -1e999\n", "{\"id\":\"x\",\"score\":\"-1e999\"}\n" },
		{ "score: .nan\n", "{\"id\":\"x\",\"score\":\".nan\"}\n" },
		{ "score: .inf\n", "{\"id\":\"x\",\"score\":\".inf\"}\n" },
		{ "score: nan\n", "{\"id\":\"x\",\"score\":\"nan\"}\n" },
		{ "score: inf\n", "{\"id\":\"x\",\"score\":\"inf\"}\n" },
		{ "score: 0x10p1\n", "{\"id\":\"x\",\"score\":\"0x10p1\"}\n" },
		{ "score: 1e-400\n", "{\"id\":\"x\",\"score\":\"1e-400\"}\n" },
		{ "score: lots\n", "{\"id\":\"x\",\"score\":\"lots\"}\n" },
		/* a huge finite number is one, as records store it */
		{ "score: 1e308\n", "{\"id\":\"x\",\"score\":1e+308}\n" },
		{ "score: 12345678901234567890\n",
		    "{\"id\":\"x\",\"score\":1.23456789012346e+19}\n" },
		{ "score: -0\n", "{\"id\":\"x\",\"score\":0}\n" },
		{ "ok: yes\n", "{\"id\":\"x\",\"ok\":\"yes\"}\n" },
		{ "ok: TRUE\n", "{\"id\":\"x\",\"ok\":\"TRUE\"}\n" },
		/* the wrong shape is written untyped */
		{ "tags: web\n", "{\"id\":\"x\",\"tags\":\"web\"}\n" },
		{ "count: [1, 2]\n", "{\"id\":\"x\",\"count\":[\"1\",\"2\"]}\n" },
		{ "items: [1, {id: 2}]\n",
		    "{\"id\":\"x\",\"items\":[\"1\",{\"id\":2}]}\n" },
		{ "items: {id: 1}\n", "{\"id\":\"x\",\"items\":{\"id\":\"1\"}}\n" },
		{ "limits: [3]\n", "{\"id\":\"x\",\"limits\":[\"3\"]}\n" },
		{ "limits: {a: many}\n",
		    "{\"id\":\"x\",\"limits\":{\"a\":\"many\"}}\n" },
	};
	struct bops_schema *s = thing();
	size_t i;

	for (i = 0; i < NELEM(cases); i++)
		expect_record(s, cases[i].yaml, cases[i].json);
	bops_schema_free(s);
}

static void
key_results_and_checkins_are_typed(void **state)
{
	struct bops_schema *okr = NULL;

	assert_null(bops_schema_builtin(&okr, "okr"));
	expect_record(okr,
	    "title: Save the world\n"
	    "period: 2026-Q4\n"
	    "status: active\n"
	    "grade: 0.7\n"
	    "key_results:\n"
	    "- id: 1\n"
	    "  title: Serve 1000 meals at the hospital\n"
	    "  start: 0\n"
	    "  target: 1000\n"
	    "  current: 250\n"
	    "  unit: meals\n"
	    "  direction: up\n"
	    "  weight: 1\n"
	    "  confidence: 0.8\n"
	    "  checkins:\n"
	    "  - at: 2026-11-24T09:00:00Z\n"
	    "    by: Lan Nguyen\n"
	    "    value: 250\n"
	    "    confidence: 0.8\n"
	    "    note: tuần một\n",
	    "{\"id\":\"x\",\"title\":\"Save the world\",\"period\":\"2026-Q4\","
	    "\"status\":\"active\",\"grade\":0.7,\"key_results\":[{\"id\":1,"
	    "\"title\":\"Serve 1000 meals at the hospital\",\"start\":0,"
	    "\"target\":1000,\"current\":250,\"unit\":\"meals\","
	    "\"direction\":\"up\",\"weight\":1,\"confidence\":0.8,"
	    "\"checkins\":[{\"at\":\"2026-11-24T09:00:00Z\",\"by\":"
	    "\"Lan Nguyen\",\"value\":250,\"confidence\":0.8,\"note\":"
	    "\"tuần một\"}]}]}\n");
	bops_schema_free(okr);
}

static void
conflict_values_are_typed_by_their_path(void **state)
{
	struct bops_schema *okr = NULL, *task = NULL;

	assert_null(bops_schema_builtin(&task, "task"));
	expect_record(task,
	    "title: Brief\n"
	    "estimate: 8\n"
	    "conflicts:\n"
	    "- field: estimate\n"
	    "  base: 3\n"
	    "  values:\n"
	    "  - value: 5\n"
	    "    commit: abc\n"
	    "    author: Ann\n"
	    "  - value: 8\n"
	    "- field: due\n"
	    "  values:\n"
	    "  - commit: abc\n"
	    "  - value: 2026-11-30\n"
	    "- field: tags\n"
	    "  base: [a]\n"
	    "  values:\n"
	    "  - value: [a, '1']\n"
	    "- field: x_unknown\n"
	    "  base: 3\n",
	    "{\"id\":\"x\",\"title\":\"Brief\",\"estimate\":8,\"conflicts\":["
	    "{\"field\":\"estimate\",\"base\":3,\"values\":[{\"value\":5,"
	    "\"commit\":\"abc\",\"author\":\"Ann\"},{\"value\":8}]},"
	    "{\"field\":\"due\",\"values\":[{\"commit\":\"abc\"},"
	    "{\"value\":\"2026-11-30\"}]},"
	    "{\"field\":\"tags\",\"base\":[\"a\"],\"values\":[{\"value\":"
	    "[\"a\",\"1\"]}]},"
	    "{\"field\":\"x_unknown\",\"base\":\"3\"}]}\n");
	assert_null(bops_schema_builtin(&okr, "okr"));
	/* A key result's field, a whole key result, a key with a dot. */
	expect_record(okr,
	    "conflicts:\n"
	    "- field: key_results.2.target\n"
	    "  base: 1000\n"
	    "- field: key_results.2\n"
	    "  base: {id: 2, target: 5, title: t}\n"
	    "- field: key_results.v1.2.weight\n"
	    "  base: 2\n"
	    "- field: key_results.2.nothing\n"
	    "  base: 2\n",
	    "{\"id\":\"x\",\"conflicts\":["
	    "{\"field\":\"key_results.2.target\",\"base\":1000},"
	    "{\"field\":\"key_results.2\",\"base\":{\"id\":2,\"target\":5,"
	    "\"title\":\"t\"}},"
	    "{\"field\":\"key_results.v1.2.weight\",\"base\":2},"
	    "{\"field\":\"key_results.2.nothing\",\"base\":\"2\"}]}\n");
	bops_schema_free(okr);
	bops_schema_free(task);
}

static void
node_at_types_config_paths(void **state)
{
	static const struct {
		const char *path;
		const char *yaml;
		const char *json;
	} cases[] = {
		{ "board.wip.processing", "v: 3\n", "3\n" },
		{ "board.columns", "v: [a, b]\n", "[\"a\",\"b\"]\n" },
		{ "okr.achieved", "v: 0.7\n", "0.7\n" },
		{ "sprint.length", "v: 7d\n", "\"7d\"\n" },
		{ "timezone", "v: UTC\n", "\"UTC\"\n" },
		{ "board.nothing.x", "v: 3\n", "\"3\"\n" },
		{ "board.wip.a.b", "v: 3\n", "\"3\"\n" },
		{ "", "v: 3\n", "\"3\"\n" },
		{ "nothing", "v: 3\n", "\"3\"\n" },
	};
	struct bops_schema *config = NULL;
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_json w;
	size_t i;

	assert_null(bops_schema_builtin(&config, "config"));
	for (i = 0; i < NELEM(cases); i++) {
		struct bops_node *n = yaml_doc(cases[i].yaml);

		bops_buf_reset(&b);
		bops_json_init(&w, &b);
		bops_json_node_at(&w, bops_node_map_get(n, "v"), config,
		    cases[i].path);
		bops_json_release(&w);
		if (strcmp(b.ptr, cases[i].json))
			fail_msg("%s: %s, want %s", cases[i].path, b.ptr,
			    cases[i].json);
		bops_node_free(n);
	}
	bops_buf_reset(&b);
	bops_json_init(&w, &b);
	bops_json_node_at(&w, NULL, config, "board.wip.processing");
	bops_json_release(&w);
	assert_string_equal(b.ptr, "null\n");
	bops_schema_free(config);
	bops_buf_release(&b);
}

static void
strings_are_escaped_for_json_and_terminals(void **state)
{
	static const struct {
		const char *in;
		const char *out;
	} cases[] = {
		{ "", "\"\"" },
		{ "plain", "\"plain\"" },
		{ "a\"b\\c/d", "\"a\\\"b\\\\c/d\"" },
		{ "\n\t\r\b\f", "\"\\n\\t\\r\\b\\f\"" },
		{ "\x01\x1b\x1f\x7f", "\"\\u0001\\u001b\\u001f\\u007f\"" },
		/* C1 controls and bidi overrides, as JSON escapes */
		{ "\xc2\x85\xc2\x9b", "\"\\u0085\\u009b\"" },
		{ "a\xe2\x80\xae" "b\xe2\x81\xa9", "\"a\\u202eb\\u2069\"" },
		{ "\xe2\x80\xaa\xe2\x81\xa6", "\"\\u202a\\u2066\"" },
		{ VI " " ZH " " TH, "\"" VI " " ZH " " TH "\"" },
		{ "\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"" },
		{ "a\xff" "b", "\"a\\ufffdb\"" },
		{ "\xc0\xaf", "\"\\ufffd\\ufffd\"" },		/* overlong */
		{ "\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"" },/* surrogate */
		{ "\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"" },
		{ "x\xe6\x8f", "\"x\\ufffd\\ufffd\"" },	/* truncated */
	};
	struct bops_buf b = BOPS_BUF_INIT, want = BOPS_BUF_INIT;
	struct bops_json w;
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		/* As a value and as a key. */
		bops_buf_reset(&b);
		bops_json_init(&w, &b);
		bops_json_begin_object(&w, 0);
		bops_json_key(&w, cases[i].in);
		bops_json_str(&w, cases[i].in);
		bops_json_end_object(&w);
		bops_json_release(&w);
		bops_buf_reset(&want);
		bops_buf_printf(&want, "{%s:%s}\n", cases[i].out,
		    cases[i].out);
		if (strcmp(b.ptr, want.ptr) != 0)
			fail_msg("case %zu: %s, want %s", i, b.ptr, want.ptr);
	}
	bops_buf_release(&b);
	bops_buf_release(&want);
}

static void
numbers_are_never_inf_or_nan(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_json w;

	bops_json_init(&w, &b);
	bops_json_begin_array(&w, 0);
	bops_json_num(&w, 2.5, 15);
	bops_json_num(&w, 1.0 / 3, 4);
	bops_json_num(&w, -0.0, 15);
	bops_json_num(&w, HUGE_VAL, 15);
	bops_json_num(&w, -HUGE_VAL, 15);
	bops_json_num(&w, NAN, 15);
	bops_json_num(&w, 2e15, 15);
	bops_json_num(&w, 9007199254740993.0, 17);
	bops_json_num(&w, 0.1, 0);
	bops_json_fixed(&w, 0.5, 2);
	bops_json_fixed(&w, 3.81296, 4);
	bops_json_fixed(&w, -0.001, 2);
	bops_json_fixed(&w, NAN, 2);
	bops_json_fixed(&w, -HUGE_VAL, 2);
	bops_json_round(&w, 1234567, 4);
	bops_json_round(&w, 1058200.2857142857, 4);
	bops_json_round(&w, 11.0 / 3, 4);
	bops_json_round(&w, 0.5, 4);
	bops_json_round(&w, -0.00001, 4);
	bops_json_round(&w, 1e20, 4);
	bops_json_round(&w, NAN, 4);
	bops_json_round(&w, 10, 0);
	bops_json_int(&w, INT64_MAX);
	bops_json_int(&w, INT64_MIN);
	bops_json_end_array(&w);
	bops_json_release(&w);
	assert_string_equal(b.ptr, "[2.5,0.3333,0,null,null,null,2e+15,"
	    "9007199254740992,0.1,0.50,3.8130,0.00,null,null,"
	    "1234567,1058200.2857,3.6667,0.5,0,100000000000000000000,null,10,"
	    "9223372036854775807,-9223372036854775808]\n");
	bops_buf_release(&b);
}

static void
writer_separates_nests_and_lays_out_lines(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_json w;

	/* An array of lines, each a nested object. */
	bops_json_init(&w, &b);
	bops_json_begin_array(&w, BOPS_JSON_LINES);
	bops_json_begin_object(&w, 0);
	bops_json_key(&w, "a");
	bops_json_begin_array(&w, 0);
	bops_json_end_array(&w);
	bops_json_key(&w, "b");
	bops_json_begin_object(&w, 0);
	bops_json_end_object(&w);
	bops_json_key(&w, "c");
	bops_json_null(&w);
	bops_json_end_object(&w);
	bops_json_bool(&w, false);
	bops_json_str(&w, NULL);
	bops_json_end_array(&w);
	assert_string_equal(b.ptr, "[\n{\"a\":[],\"b\":{},\"c\":null},\n"
	    "false,\nnull\n]\n");
	assert_int_equal(w.depth, 0);

	/* An empty array of lines stays on one line. */
	bops_buf_reset(&b);
	bops_json_begin_array(&w, BOPS_JSON_LINES);
	bops_json_end_array(&w);
	assert_string_equal(b.ptr, "[]\n");

	/* Lines inside an object, as the boards write them. */
	bops_buf_reset(&b);
	bops_json_begin_object(&w, 0);
	bops_json_key(&w, "columns");
	bops_json_begin_array(&w, BOPS_JSON_LINES);
	bops_json_int(&w, 1);
	bops_json_int(&w, 2);
	bops_json_end_array(&w);
	bops_json_key(&w, "mean");
	bops_json_num(&w, 1.5, 4);
	bops_json_end_object(&w);
	assert_string_equal(b.ptr, "{\"columns\":[\n1,\n2\n],\"mean\":1.5}\n");

	/* A mismatched end or a stray key writes nothing. */
	bops_buf_reset(&b);
	bops_json_end_array(&w);
	bops_json_begin_array(&w, 0);
	bops_json_key(&w, "k");
	bops_json_end_object(&w);
	bops_json_int(&w, 7);
	bops_json_end_array(&w);
	assert_string_equal(b.ptr, "[7]\n");

	/* Deep nesting grows the stack. */
	{
		size_t i;

		bops_buf_reset(&b);
		for (i = 0; i < 100; i++)
			bops_json_begin_array(&w, 0);
		for (i = 0; i < 100; i++)
			bops_json_end_array(&w);
		assert_int_equal(b.len, 201);
		assert_int_equal(w.depth, 0);
	}
	bops_json_release(&w);
	bops_buf_release(&b);
}

static void
scalar_types_text_by_type(void **state)
{
	static const struct {
		const char *text;
		enum bops_type type;
		const char *json;
	} cases[] = {
		{ "3", BOPS_TYPE_INT, "3" },
		{ "+3", BOPS_TYPE_INT, "3" },
		{ "007", BOPS_TYPE_INT, "7" },
		{ "3", BOPS_TYPE_NUMBER, "3" },
		{ ".5", BOPS_TYPE_NUMBER, "0.5" },
		{ "0.1", BOPS_TYPE_NUMBER, "0.1" },
		{ "3", BOPS_TYPE_STRING, "\"3\"" },
		{ "3", BOPS_TYPE_ENUM, "\"3\"" },
		{ "3", BOPS_TYPE_REF, "\"3\"" },
		{ "3", BOPS_TYPE_RAW, "\"3\"" },
		{ "true", BOPS_TYPE_BOOL, "true" },
		{ "true", BOPS_TYPE_STRING, "\"true\"" },
		{ "null", BOPS_TYPE_STRING, "\"null\"" },
		{ "null", BOPS_TYPE_INT, "\"null\"" },
		{ "2026-11-23", BOPS_TYPE_DATE, "\"2026-11-23\"" },
		{ "45m", BOPS_TYPE_DURATION, "\"45m\"" },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_json w;
	size_t i;

	bops_json_init(&w, &b);
	for (i = 0; i < NELEM(cases); i++) {
		bops_buf_reset(&b);
		bops_json_scalar(&w, cases[i].text, cases[i].type);
		bops_buf_truncate(&b, b.len - 1);	/* the newline */
		if (strcmp(b.ptr, cases[i].json))
			fail_msg("%s as %s: %s, want %s", cases[i].text,
			    bops_type_name(cases[i].type), b.ptr,
			    cases[i].json);
	}
	bops_json_release(&w);
	bops_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(record_values_are_typed_by_their_field),
		cmocka_unit_test(values_not_of_their_type_stay_strings),
		cmocka_unit_test(key_results_and_checkins_are_typed),
		cmocka_unit_test(conflict_values_are_typed_by_their_path),
		cmocka_unit_test(node_at_types_config_paths),
		cmocka_unit_test(strings_are_escaped_for_json_and_terminals),
		cmocka_unit_test(numbers_are_never_inf_or_nan),
		cmocka_unit_test(writer_separates_nests_and_lays_out_lines),
		cmocka_unit_test(scalar_types_text_by_type),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
