#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "node.h"
#include "yaml.h"
#include "banned.h"

#define PATH "t.yaml"

static struct bops_node *
load_ok(const char *text)
{
	struct bops_node *root = NULL;
	const struct bops_error *err;

	err = bops_yaml_load(&root, PATH, text, strlen(text));
	if (err)
		fail_msg("unexpected error: %s", err->msg);
	assert_non_null(root);
	assert_int_equal(root->type, BOPS_NODE_MAP);
	return root;
}

static void
expect_error(const char *text, size_t len, const char *msg)
{
	struct bops_node *root = (struct bops_node *)1;
	const struct bops_error *err;

	err = bops_yaml_load(&root, PATH, text, len);
	if (err == NULL)
		fail_msg("no error for \"%s\"", text);
	assert_int_equal(err->code, BOPS_ERR_INVALID);
	assert_null(root);
	assert_string_equal(err->msg, msg);
}

/*
 * Loading gives TEXT scalars; the schema gives RAW back to canonical
 * values.  Do the same from the tree that was emitted.
 */
static void
copy_styles(struct bops_node *to, const struct bops_node *from)
{
	size_t i;

	to->style = from->style;
	for (i = 0; i < to->n && i < from->n; i++)
		copy_styles(to->items[i], from->items[i]);
}

/* Emit, check the text loads back equal, and re-emits to the same bytes. */
static void
round_trip(const struct bops_node *root, struct bops_buf *text)
{
	struct bops_buf again = BOPS_BUF_INIT;
	struct bops_node *back = NULL;
	const struct bops_error *err;

	if ((err = bops_yaml_emit(text, root)))
		fail_msg("emit: %s", err->msg);
	assert_true(text->len > 0 && text->ptr[text->len - 1] == '\n');
	if ((err = bops_yaml_load(&back, PATH, text->ptr, text->len)))
		fail_msg("load of\n%s: %s", text->ptr, err->msg);
	if (!bops_node_equal(root, back))
		fail_msg("not equal after a round trip:\n%s", text->ptr);
	copy_styles(back, root);
	if ((err = bops_yaml_emit(&again, back)))
		fail_msg("re-emit: %s", err->msg);
	assert_string_equal(again.ptr, text->ptr);
	bops_node_free(back);
	bops_buf_release(&again);
}

/* Loading. */

static void
load_keeps_scalars_as_written(void **state)
{
	static const struct {
		const char *text;
		const char *value;
		bool quoted;
	} rows[] = {
		{ "v: NO\n", "NO", false },
		{ "v: yes\n", "yes", false },
		{ "v: 1.10\n", "1.10", false },
		{ "v: 0x1F\n", "0x1F", false },
		{ "v: 012\n", "012", false },
		{ "v: 1:20\n", "1:20", false },
		{ "v: null\n", "null", false },
		{ "v: ~\n", "~", false },
		{ "v: 2026-11-23\n", "2026-11-23", false },
		{ "v: .inf\n", ".inf", false },
		{ "v:\n", "", false },
		{ "v: ''\n", "", true },
		{ "v: 'it''s'\n", "it's", true },
		{ "v: \"a\\tb\"\n", "a\tb", true },
		{ "v: |\n  one\n  two\n", "one\ntwo\n", true },
		{ "v: >-\n  one\n  two\n", "one two", true },
		{ "v: Tiếng Việt ภาษาไทย 中文\n", "Tiếng Việt ภาษาไทย 中文",
		    false },
		{ "v: '<<'\n", "<<", true },
		{ "v: <<\n", "<<", false },
	};
	struct bops_node *root;
	const struct bops_node *v;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		root = load_ok(rows[i].text);
		v = bops_node_map_get(root, "v");
		assert_non_null(v);
		assert_int_equal(v->type, BOPS_NODE_SCALAR);
		assert_int_equal(v->style, BOPS_SCALAR_TEXT);
		assert_string_equal(v->str, rows[i].value);
		assert_int_equal(v->len, strlen(rows[i].value));
		assert_int_equal(v->quoted, rows[i].quoted);
		bops_node_free(root);
	}
}

static void
load_marks_every_node(void **state)
{
	struct bops_node *root, *items, *item, *tags;

	root = load_ok("# c\n"
	    "title: x\n"
	    "items:\n"
	    "- name: a\n"
	    "  tags:\n"
	    "    - t1\n"
	    "    - 't2'\n");
	assert_int_equal(root->line, 2);
	assert_int_equal(root->col, 1);
	assert_int_equal(bops_node_map_get(root, "title")->line, 2);
	assert_int_equal(bops_node_map_get(root, "title")->col, 8);
	assert_int_equal(bops_node_map_get(root, "title")->key_line, 2);
	assert_int_equal(bops_node_map_get(root, "title")->key_col, 1);
	items = bops_node_map_get(root, "items");
	assert_int_equal(items->type, BOPS_NODE_SEQ);
	assert_int_equal(items->line, 4);
	assert_int_equal(items->col, 1);
	assert_int_equal(items->key_line, 3);
	assert_int_equal(items->key_col, 1);
	item = items->items[0];
	assert_int_equal(item->type, BOPS_NODE_MAP);
	assert_int_equal(item->line, 4);
	assert_int_equal(item->col, 3);
	tags = bops_node_map_get(item, "tags");
	assert_int_equal(tags->key_line, 5);
	assert_int_equal(tags->key_col, 3);
	assert_int_equal(tags->n, 2);
	assert_int_equal(tags->items[1]->line, 7);
	assert_int_equal(tags->items[1]->col, 7);
	assert_true(tags->items[1]->quoted);
	assert_false(tags->items[0]->quoted);
	bops_node_free(root);
}

static void
load_reads_nested_structures(void **state)
{
	struct bops_node *root, *kr, *checkins;

	root = load_ok("objective: Save the world\n"
	    "key_results:\n"
	    "- title: Ship\n"
	    "  checkins:\n"
	    "  - date: 2026-11-23\n"
	    "    notes: [a, b]\n"
	    "  - {date: 2026-11-30, notes: []}\n"
	    "- title: Sell\n"
	    "  checkins: []\n"
	    "extra: {}\n");
	kr = bops_node_map_get(root, "key_results");
	assert_int_equal(kr->n, 2);
	checkins = bops_node_map_get(kr->items[0], "checkins");
	assert_int_equal(checkins->n, 2);
	assert_string_equal(bops_node_map_str(checkins->items[1], "date"),
	    "2026-11-30");
	assert_int_equal(bops_node_map_get(checkins->items[0], "notes")->n, 2);
	assert_int_equal(bops_node_map_get(checkins->items[1], "notes")->type,
	    BOPS_NODE_SEQ);
	assert_int_equal(bops_node_map_get(root, "extra")->type,
	    BOPS_NODE_MAP);
	bops_node_free(root);
}

static void
load_rejects_profile_violations(void **state)
{
	static const struct {
		const char *text;
		size_t len;	/* 0: strlen */
		const char *msg;
	} rows[] = {
		{ "", 0, PATH ":1:1: empty document" },
		{ "# only\n# comments\n\n", 0, PATH ":1:1: empty document" },
		{ "---\n", 0, PATH ":1:1: empty document" },
		{ "a: 1\n---\nb: 2\n", 0, PATH ":2:1: more than one document" },
		{ "a: 1\n...\n--- {b: 2}\n", 0,
		    PATH ":3:1: more than one document" },
		{ "- a\n- b\n", 0, PATH ":1:1: root is not a mapping" },
		{ "just text\n", 0, PATH ":1:1: root is not a mapping" },
		{ "a: &x 1\n", 0, PATH ":1:4: anchor not allowed" },
		{ "a:\n  b: *x\n", 0, PATH ":2:6: alias not allowed" },
		{ "a: !!str x\n", 0, PATH ":1:4: tag not allowed" },
		{ "a: ! x\n", 0, PATH ":1:4: tag not allowed" },
		{ "a: !local x\n", 0, PATH ":1:4: tag not allowed" },
		{ "a: !!map {}\n", 0, PATH ":1:4: tag not allowed" },
		{ "a: 1\n<<: {b: 2}\n", 0, PATH ":2:1: merge key not allowed" },
		{ "status: a\nx: 1\nstatus: b\n", 0,
		    PATH ":3:1: duplicate key 'status'" },
		{ "m:\n  k: 1\n  'k': 2\n", 0, PATH ":3:3: duplicate key 'k'" },
		{ "m: {a: 1, a: 2}\n", 0, PATH ":1:11: duplicate key 'a'" },
		{ "? [a]\n: b\n", 0, PATH ":1:3: key is not a scalar" },
		{ "{a: 1}: b\n", 0, PATH ":1:1: key is not a scalar" },
		{ "a: 1\r\nb: 2\r\n", 0,
		    PATH ":1:5: control character U+000D" },
		{ "a: x\0y\n", 7, PATH ":1:5: control character U+0000" },
		{ "a: ok\nb: \x1b[31mred\n", 0,
		    PATH ":2:4: control character U+001B" },
		{ "a: \x7f\n", 0, PATH ":1:4: control character U+007F" },
		{ "a: x\xc2\x85y\n", 0, PATH ":1:5: control character U+0085" },
		{ "a: \"\\e[31m\"\n", 0,
		    PATH ":1:4: control character U+001B" },
		{ "\"k\\0\": 1\n", 0, PATH ":1:1: control character U+0000" },
		{ "a: x\xe2\x80\xa8y\n", 0,
		    PATH ":1:5: character U+2028 not allowed" },
		{ "a: x\xef\xbb\xbf\n", 0,
		    PATH ":1:5: character U+FEFF not allowed" },
		{ "\xef\xbb\xbf" "a: 1\n", 0,
		    PATH ":1:1: byte order mark not allowed" },
		{ "a: 1\n<<<<<<< HEAD\nb: 2\n", 0,
		    PATH ":2:1: merge conflict marker" },
		{ "a: 1\n=======\n", 0, PATH ":2:1: merge conflict marker" },
		{ "a: 1\n>>>>>>> theirs\n", 0,
		    PATH ":2:1: merge conflict marker" },
		{ "a: 1\n||||||| base\n", 0,
		    PATH ":2:1: merge conflict marker" },
		{ "a: 1\nb: 2\nc: é\xff\n", 0,
		    PATH ":3:5: invalid utf-8 byte 0xff" },
		{ "a: \xc0\xaf\n", 0, PATH ":1:4: invalid utf-8 byte 0xc0" },
		{ "a: \xed\xa0\x80\n", 0,
		    PATH ":1:4: invalid utf-8 byte 0xed" },
		{ "a: \xf4\x90\x80\x80\n", 0,
		    PATH ":1:4: invalid utf-8 byte 0xf4" },
		{ "a: 中\xe2\x82", 0, PATH ":1:5: invalid utf-8 byte 0xe2" },
		{ "a: [1, 2\n", 0,
		    PATH ":2:1: did not find expected ',' or ']'" },
	};
	size_t i, len;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		len = rows[i].len ? rows[i].len : strlen(rows[i].text);
		expect_error(rows[i].text, len, rows[i].msg);
	}
}

static void
load_accepts_marker_lookalikes(void **state)
{
	struct bops_node *root;

	root = load_ok("a: |\n  <<<<<<< indented\n  =======\n"
	    "b: ======= x\n"
	    "c: x <<<<<<< y\n");
	assert_string_equal(bops_node_map_str(root, "a"),
	    "<<<<<<< indented\n=======\n");
	bops_node_free(root);
}

static void
load_accepts_quoted_merge_key_as_text(void **state)
{
	struct bops_node *root;

	root = load_ok("'<<': a\n\"=\": b\n");
	assert_string_equal(bops_node_map_str(root, "<<"), "a");
	assert_string_equal(bops_node_map_str(root, "="), "b");
	bops_node_free(root);
}

static void
load_accepts_escaped_line_separators(void **state)
{
	struct bops_node *root;

	root = load_ok("a: \"x\\Ly\\P\\uFEFF\\tz\"\n");
	assert_string_equal(bops_node_map_str(root, "a"),
	    "x\xe2\x80\xa8y\xe2\x80\xa9\xef\xbb\xbf\tz");
	bops_node_free(root);
}

/* "k:\n  k:\n    ...: x\n", `depth` maps deep. */
static char *
nested_maps(size_t depth)
{
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < depth; i++) {
		bops_buf_pad(&b, ' ', 2 * i);
		bops_buf_puts(&b, i + 1 < depth ? "k:\n" : "k: x\n");
	}
	return bops_buf_detach(&b);
}

static void
load_limits_depth_to_32(void **state)
{
	struct bops_node *root;
	char *ok = nested_maps(BOPS_YAML_MAX_DEPTH);
	char *deep = nested_maps(BOPS_YAML_MAX_DEPTH + 1);
	char flow[80];
	char msg[128];

	memset(flow, 0, sizeof(flow));
	memcpy(flow, "a: ", 3);
	memset(flow + 3, '[', 32);
	memset(flow + 35, ']', 32);
	flow[67] = '\n';
	root = load_ok(ok);
	bops_node_free(root);
	/* The 33rd map starts on line 33, at column 2 * 32 + 1. */
	snprintf(msg, sizeof(msg), "%s:33:65: nesting too deep (at most 32)",
	    PATH);
	expect_error(deep, strlen(deep), msg);
	/* In flow style: 31 sequences in `a` make 32, the 32nd one 33. */
	expect_error(flow, strlen(flow), PATH ":1:35: nesting too deep "
	    "(at most 32)");
	free(ok);
	free(deep);
}

static void
load_limits_size_to_1_mib(void **state)
{
	size_t max = BOPS_YAML_MAX_SIZE;
	char *text = bops_malloc(max + 2);
	struct bops_node *root = NULL;
	const struct bops_error *err;

	memcpy(text, "a: ", 3);
	memset(text + 3, 'x', max - 4);
	text[max - 1] = '\n';
	text[max] = '\0';
	err = bops_yaml_load(&root, PATH, text, max);
	assert_null(err);
	assert_int_equal(strlen(bops_node_map_str(root, "a")), max - 4);
	bops_node_free(root);

	text[max - 1] = 'x';
	text[max] = '\n';
	text[max + 1] = '\0';
	expect_error(text, max + 1,
	    PATH ":1:1: file too large (1048577 bytes, at most 1048576)");
	free(text);
}

static void
load_finds_duplicates_among_many_keys(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_node *root;
	size_t i, n = 50000;
	char msg[128];

	for (i = 0; i < n; i++)
		bops_buf_printf(&b, "key%zu: %zu\n", i, i);
	root = load_ok(b.ptr);
	assert_int_equal(root->n, n);
	assert_string_equal(bops_node_map_str(root, "key49999"), "49999");
	bops_node_free(root);
	bops_buf_puts(&b, "key777: again\n");
	snprintf(msg, sizeof(msg), "%s:%zu:1: duplicate key 'key777'", PATH,
	    n + 1);
	expect_error(b.ptr, b.len, msg);
	bops_buf_release(&b);
}

/* Emitting. */

static void
emit_writes_canonical_block_style(void **state)
{
	struct bops_node *root = bops_node_new_map();
	struct bops_node *krs = bops_node_new_seq();
	struct bops_node *kr = bops_node_new_map();
	struct bops_node *tags = bops_node_new_seq();
	struct bops_node *inner = bops_node_new_seq();
	struct bops_node *sub = bops_node_new_map();
	struct bops_buf out = BOPS_BUF_INIT;

	bops_node_map_set_str(root, "id", "7kq3m2x9ab", BOPS_SCALAR_RAW);
	bops_node_map_set_str(root, "title", "Ship it", BOPS_SCALAR_TEXT);
	bops_node_map_set_str(root, "status", "NO", BOPS_SCALAR_TEXT);
	bops_node_map_set_str(root, "points", "3", BOPS_SCALAR_RAW);
	bops_node_map_set_str(root, "due", "2026-11-23", BOPS_SCALAR_RAW);
	bops_node_map_set_str(kr, "title", "Grow", BOPS_SCALAR_TEXT);
	bops_node_map_set_str(kr, "target", "1.10", BOPS_SCALAR_TEXT);
	bops_node_seq_append(tags, bops_node_new_scalar("a",
	    BOPS_SCALAR_TEXT));
	bops_node_seq_append(tags, bops_node_new_scalar("b c",
	    BOPS_SCALAR_TEXT));
	bops_node_map_set(kr, "tags", tags);
	bops_node_map_set_str(sub, "x", "1", BOPS_SCALAR_RAW);
	bops_node_map_set(kr, "sub", sub);
	bops_node_map_set(kr, "none", bops_node_new_seq());
	bops_node_seq_append(krs, kr);
	bops_node_seq_append(inner, bops_node_new_scalar("p",
	    BOPS_SCALAR_TEXT));
	bops_node_seq_append(inner, bops_node_new_scalar("q",
	    BOPS_SCALAR_TEXT));
	bops_node_seq_append(krs, inner);
	bops_node_seq_append(krs, bops_node_new_map());
	bops_node_map_set(root, "key_results", krs);
	bops_node_map_set_str(root, "notes", "line one\n  line two\n",
	    BOPS_SCALAR_TEXT);
	bops_node_map_set(root, "empty", bops_node_new_map());
	bops_node_map_set_str(root, "blank", "", BOPS_SCALAR_TEXT);

	round_trip(root, &out);
	assert_string_equal(out.ptr,
	    "id: 7kq3m2x9ab\n"
	    "title: Ship it\n"
	    "status: 'NO'\n"
	    "points: 3\n"
	    "due: 2026-11-23\n"
	    "key_results:\n"
	    "- title: Grow\n"
	    "  target: '1.10'\n"
	    "  tags:\n"
	    "  - a\n"
	    "  - b c\n"
	    "  sub:\n"
	    "    x: 1\n"
	    "  none: []\n"
	    "- - p\n"
	    "  - q\n"
	    "- {}\n"
	    "notes: |\n"
	    "  line one\n"
	    "    line two\n"
	    "empty: {}\n"
	    "blank: ''\n");
	bops_buf_release(&out);
	bops_node_free(root);
}

static void
emit_writes_empty_root_as_braces(void **state)
{
	struct bops_node *root = bops_node_new_map();
	struct bops_buf out = BOPS_BUF_INIT;

	round_trip(root, &out);
	assert_string_equal(out.ptr, "{}\n");
	bops_buf_release(&out);
	bops_node_free(root);
}

/* How each nasty string is written as a map value. */
static const struct {
	const char *s;
	const char *yaml;
} nasty[] = {
	{ "Tiếng Việt có dấu", "Tiếng Việt có dấu" },
	{ "ภาษาไทย สวัสดี", "ภาษาไทย สวัสดี" },
	{ "中文字符，标点。", "中文字符，标点。" },
	{ "emoji 🎉 ok", "emoji 🎉 ok" },
	{ "plain words", "plain words" },
	{ "NO", "'NO'" },
	{ "no", "'no'" },
	{ "y", "'y'" },
	{ "yes", "'yes'" },
	{ "On", "'On'" },
	{ "OFF", "'OFF'" },
	{ "true", "'true'" },
	{ "False", "'False'" },
	{ "null", "'null'" },
	{ "NULL", "'NULL'" },
	{ "~", "'~'" },
	{ "", "''" },
	{ "1.10", "'1.10'" },
	{ "0x1F", "'0x1F'" },
	{ "0o17", "'0o17'" },
	{ "0b101", "'0b101'" },
	{ "012", "'012'" },
	{ "42", "'42'" },
	{ "-7", "'-7'" },
	{ "+3", "'+3'" },
	{ "1_000", "'1_000'" },
	{ "1:20", "'1:20'" },
	{ "1e3", "'1e3'" },
	{ ".5", "'.5'" },
	{ ".inf", "'.inf'" },
	{ "-.Inf", "'-.Inf'" },
	{ ".nan", "'.nan'" },
	{ "2026-11-23", "'2026-11-23'" },
	{ "2026-11-23T10:00:00Z", "'2026-11-23T10:00:00Z'" },
	{ "2001-12-14 21:59:43.10 -5", "'2001-12-14 21:59:43.10 -5'" },
	{ "=", "'='" },
	{ "<<", "'<<'" },
	{ " lead", "' lead'" },
	{ "trail ", "'trail '" },
	{ "a: b", "'a: b'" },
	{ "a:", "'a:'" },
	{ "a:b", "a:b" },
	{ "#x", "'#x'" },
	{ "a #b", "'a #b'" },
	{ "a#b", "a#b" },
	{ "- x", "'- x'" },
	{ "-x", "'-x'" },
	{ "? x", "'? x'" },
	{ "[x]", "'[x]'" },
	{ "{x}", "'{x}'" },
	{ "a, b [c]", "a, b [c]" },
	{ "@x", "'@x'" },
	{ "%x", "'%x'" },
	{ "`x`", "'`x`'" },
	{ "&a", "'&a'" },
	{ "*a", "'*a'" },
	{ "!a", "'!a'" },
	{ "|a", "'|a'" },
	{ ">a", "'>a'" },
	{ "<<<<<<< HEAD", "'<<<<<<< HEAD'" },
	{ "<<<<<<<", "'<<<<<<<'" },
	{ "=======", "'======='" },
	{ ">>>>>>> theirs", "'>>>>>>> theirs'" },
	{ "||||||| base", "'||||||| base'" },
	{ "<<<<<<<<", "<<<<<<<<" },
	{ "==", "==" },
	{ "---", "'---'" },
	{ "...", "'...'" },
	{ "it's", "it's" },
	{ "'quoted'", "'''quoted'''" },
	{ "quote\"d", "quote\"d" },
	{ "\"x\"", "'\"x\"'" },
	{ "back\\slash", "back\\slash" },
	{ "tab\there", "\"tab\\there\"" },
	{ "\tlead tab", "\"\\tlead tab\"" },
	{ "x\xe2\x80\xa8y", "\"x\\Ly\"" },
	{ "x\xe2\x80\xa9y", "\"x\\Py\"" },
	{ "\xef\xbb\xbf" "bom", "\"\\uFEFFbom\"" },
	{ "multi\nline", "|-\n  multi\n  line\n" },
	{ "multi\nline\n", "|\n  multi\n  line\n" },
	{ "multi\nline\n\n", "|+\n  multi\n  line\n\n" },
	{ "\nlead nl", "|-\n\n  lead nl\n" },
	{ "  indented\nx", "|2-\n    indented\n  x\n" },
	{ "\n\n  deep\n", "|2\n\n\n    deep\n" },
	{ "\ttabbed\nx\n", "|2\n  \ttabbed\n  x\n" },
	{ "a\n  \nb", "|-\n  a\n    \n  b\n" },
	{ "trail \nspace ", "|-\n  trail \n  space \n" },
	{ "#not comment\n- x\n", "|\n  #not comment\n  - x\n" },
	{ "\n", "\"\\n\"" },
	{ "\n\n", "\"\\n\\n\"" },
	{ "x\n\xe2\x80\xa8", "\"x\\n\\L\"" },
};

static struct bops_node *
one_value(const char *s, enum bops_scalar_style style)
{
	struct bops_node *root = bops_node_new_map();

	bops_node_map_set_str(root, "v", s, style);
	return root;
}

static void
emit_quotes_only_when_needed(void **state)
{
	struct bops_node *root;
	struct bops_buf out = BOPS_BUF_INIT, want = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(nasty) / sizeof(nasty[0]); i++) {
		root = one_value(nasty[i].s, BOPS_SCALAR_TEXT);
		bops_buf_reset(&out);
		round_trip(root, &out);
		bops_buf_reset(&want);
		bops_buf_printf(&want, "v: %s", nasty[i].yaml);
		if (want.ptr[want.len - 1] != '\n')
			bops_buf_putc(&want, '\n');
		assert_string_equal(out.ptr, want.ptr);
		bops_node_free(root);
	}
	bops_buf_release(&out);
	bops_buf_release(&want);
}

/* Every nasty string as a key, a value, a sequence item and a nested value. */
static void
emit_round_trips_nasty_strings_everywhere(void **state)
{
	struct bops_node *root = bops_node_new_map();
	struct bops_node *seq = bops_node_new_seq();
	struct bops_node *deep = bops_node_new_seq();
	struct bops_node *item;
	struct bops_buf out = BOPS_BUF_INIT, key = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(nasty) / sizeof(nasty[0]); i++) {
		bops_buf_reset(&key);
		bops_buf_printf(&key, "k%zu", i);
		bops_node_map_set_str(root, key.ptr, nasty[i].s,
		    BOPS_SCALAR_TEXT);
		if (bops_node_map_index(root, nasty[i].s) < 0)
			bops_node_map_set_str(root, nasty[i].s, "v",
			    BOPS_SCALAR_TEXT);
		bops_node_seq_append(seq, bops_node_new_scalar(nasty[i].s,
		    BOPS_SCALAR_TEXT));
		item = bops_node_new_map();
		bops_node_map_set_str(item, nasty[i].s[0] ? nasty[i].s : "e",
		    nasty[i].s, BOPS_SCALAR_TEXT);
		bops_node_map_set_str(item, "next", nasty[i].s,
		    BOPS_SCALAR_TEXT);
		bops_node_seq_append(deep, item);
	}
	bops_node_map_set(root, "seq", seq);
	bops_node_map_set(root, "deep", deep);
	round_trip(root, &out);
	bops_buf_release(&out);
	bops_buf_release(&key);
	bops_node_free(root);
}

/*
 * Documents as they may come from a hand edit: load, emit, load again
 * gives the same tree, and emitting that gives the same bytes.
 */
static const struct {
	const char *in;
	const char *out;	/* the canonical text */
} documents[] = {
	{ "? <<<<<<< HEAD\n: v\n", "'<<<<<<< HEAD': v\n" },
	{ "\"<<<<<<< HEAD\": v\n", "'<<<<<<< HEAD': v\n" },
	{ "'=======': 1\n", "'=======': '1'\n" },
	{ "? =======\n: v\n", "'=======': v\n" },
	{ "'>>>>>>> x': a\n'||||||| y': b\n",
	    "'>>>>>>> x': a\n'||||||| y': b\n" },
	{ "? <<<<<<<\n: v\n", "'<<<<<<<': v\n" },
	{ "k: <<<<<<< HEAD\n", "k: '<<<<<<< HEAD'\n" },
	{ "k:\n- <<<<<<< x\n- =======\n", "k:\n- '<<<<<<< x'\n- '======='\n" },
	{ "k: |\n  <<<<<<< x\n  =======\n", "k: |\n  <<<<<<< x\n  =======\n" },
	{ "k:\n  ? <<<<<<< x\n  : v\n", "k:\n  '<<<<<<< x': v\n" },
	{ "? |\n  a\n  b\n: v\n", "\"a\\nb\\n\": v\n" },
	{ "? [a, b]x\n: v\n", NULL },
	{ "? '- x'\n: v\n", "'- x': v\n" },
	{ "\"\\t\": v\n", "\"\\t\": v\n" },
	{ "'': empty\n", "'': empty\n" },
	{ "'#': v\n", "'#': v\n" },
};

static void
emit_round_trips_loaded_documents(void **state)
{
	struct bops_node *root, *back;
	struct bops_buf out = BOPS_BUF_INIT, again = BOPS_BUF_INIT;
	const struct bops_error *err;
	size_t i;

	for (i = 0; i < sizeof(documents) / sizeof(documents[0]); i++) {
		root = NULL;
		err = bops_yaml_load(&root, PATH, documents[i].in,
		    strlen(documents[i].in));
		if (documents[i].out == NULL) {
			assert_non_null(err);
			continue;
		}
		if (err)
			fail_msg("row %zu: %s", i, err->msg);
		bops_buf_reset(&out);
		if ((err = bops_yaml_emit(&out, root)))
			fail_msg("row %zu: %s", i, err->msg);
		assert_string_equal(out.ptr, documents[i].out);
		back = NULL;
		if ((err = bops_yaml_load(&back, PATH, out.ptr, out.len)))
			fail_msg("row %zu: emitted\n%s\ndoes not load: %s", i,
			    out.ptr, err->msg);
		assert_true(bops_node_equal(root, back));
		bops_buf_reset(&again);
		assert_null(bops_yaml_emit(&again, back));
		assert_string_equal(again.ptr, out.ptr);
		assert_null(bops_yaml_verify(PATH, out.ptr, out.len, root));
		bops_node_free(root);
		bops_node_free(back);
	}
	bops_buf_release(&out);
	bops_buf_release(&again);
}

static void
verify_refuses_text_that_would_not_read_back(void **state)
{
	struct bops_node *want = load_ok("a: 1\n");
	const struct bops_error *err;
	char *big;

	assert_null(bops_yaml_verify(PATH, "a: 1\n", 5, want));
	assert_null(bops_yaml_verify(PATH, "a: 2\n", 5, NULL));
	err = bops_yaml_verify(PATH, "a: 2\n", 5, want);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_INVALID);
	assert_string_equal(err->msg,
	    PATH ": would not read back as it was written");
	err = bops_yaml_verify(PATH, "a: 1\n<<<<<<< x: 2\n", 19, NULL);
	assert_non_null(err);
	assert_string_equal(err->msg,
	    PATH ": would not read back (2:1: merge conflict marker)");
	big = malloc(BOPS_YAML_MAX_SIZE + 2);
	assert_non_null(big);
	memset(big, 'a', BOPS_YAML_MAX_SIZE + 1);
	memcpy(big, "a: ", 3);
	big[BOPS_YAML_MAX_SIZE + 1] = '\0';
	err = bops_yaml_verify(PATH, big, BOPS_YAML_MAX_SIZE + 1, NULL);
	assert_non_null(err);
	assert_string_equal(err->msg, PATH ": too large to write (1048577 "
	    "bytes, at most 1048576)");
	assert_null(bops_yaml_verify(PATH, big, BOPS_YAML_MAX_SIZE, NULL));
	free(big);
	bops_node_free(want);
}

static void
emit_writes_raw_scalars_plain(void **state)
{
	static const char *const raw[] = {
		"3", "1.10", "2026-11-23", "2026-11-23T10:00:00Z", "45m",
		"not-started", "true", "null",
	};
	struct bops_node *root;
	struct bops_buf out = BOPS_BUF_INIT, want = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(raw) / sizeof(raw[0]); i++) {
		root = one_value(raw[i], BOPS_SCALAR_RAW);
		bops_buf_reset(&out);
		assert_null(bops_yaml_emit(&out, root));
		bops_buf_reset(&want);
		bops_buf_printf(&want, "v: %s\n", raw[i]);
		assert_string_equal(out.ptr, want.ptr);
		bops_node_free(root);
	}
	/* A RAW value that cannot be plain is still written safely. */
	root = one_value("a: b", BOPS_SCALAR_RAW);
	bops_buf_reset(&out);
	round_trip(root, &out);
	assert_string_equal(out.ptr, "v: 'a: b'\n");
	bops_node_free(root);
	bops_buf_release(&out);
	bops_buf_release(&want);
}

static void
emit_indents_literal_blocks_by_parent(void **state)
{
	struct bops_node *root = load_ok("list:\n"
	    "- |2-\n"
	    "   one\n"
	    "  two\n"
	    "- k: |\n"
	    "    text\n"
	    "- - |+\n"
	    "    x\n"
	    "\n"
	    "tail: end\n");
	struct bops_buf out = BOPS_BUF_INIT;
	const struct bops_node *list = bops_node_map_get(root, "list");

	assert_string_equal(list->items[0]->str, " one\ntwo");
	assert_string_equal(bops_node_map_str(list->items[1], "k"), "text\n");
	round_trip(root, &out);
	assert_string_equal(out.ptr,
	    "list:\n"
	    "- |2-\n"
	    "   one\n"
	    "  two\n"
	    "- k: |\n"
	    "    text\n"
	    "- - |+\n"
	    "    x\n"
	    "\n"
	    "tail: end\n");
	bops_buf_release(&out);
	bops_node_free(root);
}

static void
emit_writes_long_keys_as_explicit_keys(void **state)
{
	struct bops_node *root = bops_node_new_map();
	struct bops_node *seq = bops_node_new_seq();
	struct bops_buf out = BOPS_BUF_INIT;
	char *key = bops_malloc(2001);

	memset(key, 'k', 2000);
	key[2000] = '\0';
	bops_node_seq_append(seq, bops_node_new_scalar("x",
	    BOPS_SCALAR_TEXT));
	bops_node_map_set(root, key, seq);
	key[0] = 'j';
	bops_node_map_set_str(root, key, "a\nb", BOPS_SCALAR_TEXT);
	round_trip(root, &out);
	assert_memory_equal(out.ptr, "? kkk", 5);
	bops_buf_release(&out);
	bops_node_free(root);
	free(key);
}

static void
emit_refuses_what_load_would_refuse(void **state)
{
	static const struct {
		const char *key;
		const char *value;
		const char *msg;
	} rows[] = {
		{ "title", "red \x1b[31m",
		    "cannot emit value of 'title': control character U+001B" },
		{ "title", "cr\r\n",
		    "cannot emit value of 'title': control character U+000D" },
		{ "title", "bad \xff",
		    "cannot emit value of 'title': invalid utf-8" },
		{ "k\x01", "v", "cannot emit a key: control character U+0001" },
	};
	struct bops_node *root;
	struct bops_buf out = BOPS_BUF_INIT;
	const struct bops_error *err;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		root = bops_node_new_map();
		bops_node_map_set_str(root, "before", "x", BOPS_SCALAR_TEXT);
		bops_node_map_set_str(root, rows[i].key, rows[i].value,
		    BOPS_SCALAR_TEXT);
		bops_buf_reset(&out);
		bops_buf_puts(&out, "kept");
		err = bops_yaml_emit(&out, root);
		assert_non_null(err);
		assert_int_equal(err->code, BOPS_ERR_INVALID);
		assert_string_equal(err->msg, rows[i].msg);
		assert_string_equal(out.ptr, "kept");
		bops_node_free(root);
	}
	bops_buf_release(&out);
}

static void
emit_limits_depth_to_32(void **state)
{
	struct bops_node *root, *v;
	struct bops_buf out = BOPS_BUF_INIT;
	const struct bops_error *err;
	char *ok = nested_maps(BOPS_YAML_MAX_DEPTH);

	root = load_ok(ok);
	round_trip(root, &out);
	assert_string_equal(out.ptr, ok);
	for (v = root; v->type == BOPS_NODE_MAP; v = v->items[0])
		if (v->items[0]->type == BOPS_NODE_SCALAR) {
			bops_node_map_set(v, "k", bops_node_new_map());
			break;
		}
	bops_buf_reset(&out);
	err = bops_yaml_emit(&out, root);
	assert_non_null(err);
	assert_string_equal(err->msg,
	    "cannot emit: nesting too deep (at most 32)");
	assert_int_equal(out.len, 0);
	bops_buf_release(&out);
	bops_node_free(root);
	free(ok);
}

static void
emit_is_stable_over_loaded_files(void **state)
{
	static const char *const files[] = {
		"a: 1\nb: [x, 'y', \"z\"]\nc: {d: e}\n",
		"s: >\n  folded\n  text\n\n  para\n",
		"q: \"\\u00e9\\t\\\\\"\nr: 'x''y'\n",
		"list:\n  - a: 1\n    b:\n      - c\n  - []\n",
	};
	struct bops_node *root;
	struct bops_buf out = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		root = load_ok(files[i]);
		bops_buf_reset(&out);
		round_trip(root, &out);
		bops_node_free(root);
	}
	bops_buf_release(&out);
}

static void
quote_writes_one_flow_safe_line(void **state)
{
	static const struct {
		const char *in;
		const char *out;
	} rows[] = {
		{ "plain", "plain" },
		{ "Tiếng Việt", "Tiếng Việt" },
		{ "", "''" },
		{ "NO", "'NO'" },
		{ "1.10", "'1.10'" },
		{ "a, b", "'a, b'" },
		{ "[x]", "'[x]'" },
		{ "x}", "'x}'" },
		{ "http://x", "'http://x'" },
		{ "it's", "it's" },
		{ " lead", "' lead'" },
		{ "multi\nline\n", "\"multi\\nline\\n\"" },
		{ "tab\t\"q\"", "\"tab\\t\\\"q\\\"\"" },
		{ "esc\x1b[0m", "\"esc\\e[0m\"" },
		{ "bell\x07", "\"bell\\x07\"" },
		{ "cr\r", "\"cr\\r\"" },
		{ "bad\xff", "\"bad\\xFF\"" },
	};
	struct bops_buf out = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		bops_buf_reset(&out);
		bops_buf_puts(&out, ">");
		bops_yaml_quote(&out, rows[i].in);
		assert_string_equal(out.ptr + 1, rows[i].out);
		assert_int_equal(out.ptr[0], '>');
	}
	bops_buf_release(&out);
}

/* What quote writes reads back as the same string inside a flow sequence. */
static void
quote_round_trips_in_flow_context(void **state)
{
	struct bops_buf text = BOPS_BUF_INIT;
	struct bops_node *root;
	const struct bops_node *seq;
	size_t i;

	for (i = 0; i < sizeof(nasty) / sizeof(nasty[0]); i++) {
		bops_buf_reset(&text);
		bops_buf_puts(&text, "v: [");
		bops_yaml_quote(&text, nasty[i].s);
		bops_buf_puts(&text, ", end]\n");
		root = load_ok(text.ptr);
		seq = bops_node_map_get(root, "v");
		assert_int_equal(seq->n, 2);
		assert_string_equal(seq->items[0]->str, nasty[i].s);
		bops_node_free(root);
	}
	bops_buf_release(&text);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(load_keeps_scalars_as_written),
		cmocka_unit_test(load_marks_every_node),
		cmocka_unit_test(load_reads_nested_structures),
		cmocka_unit_test(load_rejects_profile_violations),
		cmocka_unit_test(load_accepts_marker_lookalikes),
		cmocka_unit_test(load_accepts_quoted_merge_key_as_text),
		cmocka_unit_test(load_accepts_escaped_line_separators),
		cmocka_unit_test(load_limits_depth_to_32),
		cmocka_unit_test(load_limits_size_to_1_mib),
		cmocka_unit_test(load_finds_duplicates_among_many_keys),
		cmocka_unit_test(emit_writes_canonical_block_style),
		cmocka_unit_test(emit_writes_empty_root_as_braces),
		cmocka_unit_test(emit_quotes_only_when_needed),
		cmocka_unit_test(emit_round_trips_nasty_strings_everywhere),
		cmocka_unit_test(emit_round_trips_loaded_documents),
		cmocka_unit_test(verify_refuses_text_that_would_not_read_back),
		cmocka_unit_test(emit_writes_raw_scalars_plain),
		cmocka_unit_test(emit_indents_literal_blocks_by_parent),
		cmocka_unit_test(emit_writes_long_keys_as_explicit_keys),
		cmocka_unit_test(emit_refuses_what_load_would_refuse),
		cmocka_unit_test(emit_limits_depth_to_32),
		cmocka_unit_test(emit_is_stable_over_loaded_files),
		cmocka_unit_test(quote_writes_one_flow_safe_line),
		cmocka_unit_test(quote_round_trips_in_flow_context),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
