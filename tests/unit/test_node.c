#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "node.h"
#include "banned.h"

#include "sandbox.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static struct bops_node *
scalar(const char *s)
{
	return bops_node_new_scalar(s, BOPS_SCALAR_TEXT);
}

/*
 * A nested tree:
 *   title: Ship it, status: done (RAW), tags: [a, b],
 *   key_results: [{id: 1, target: "10"}, {}], empty: "",
 *   nested: {x: {y: [[z]]}}
 */
static struct bops_node *
sample(void)
{
	struct bops_node *root = bops_node_new_map(), *tags, *krs, *kr;
	struct bops_node *nested, *x, *y, *inner;

	bops_node_map_set_str(root, "title", "Ship it", BOPS_SCALAR_TEXT);
	bops_node_map_set_str(root, "status", "done", BOPS_SCALAR_RAW);
	tags = bops_node_new_seq();
	bops_node_seq_append(tags, scalar("a"));
	bops_node_seq_append(tags, scalar("b"));
	bops_node_map_set(root, "tags", tags);
	krs = bops_node_new_seq();
	kr = bops_node_new_map();
	bops_node_map_set_str(kr, "id", "1", BOPS_SCALAR_RAW);
	bops_node_map_set_str(kr, "target", "10", BOPS_SCALAR_TEXT);
	kr->items[1]->quoted = true;
	bops_node_seq_append(krs, kr);
	bops_node_seq_append(krs, bops_node_new_map());
	bops_node_map_set(root, "key_results", krs);
	bops_node_map_set_str(root, "empty", "", BOPS_SCALAR_TEXT);
	nested = bops_node_new_map();
	x = bops_node_new_map();
	y = bops_node_new_seq();
	inner = bops_node_new_seq();
	bops_node_seq_append(inner, scalar("z"));
	bops_node_seq_append(y, inner);
	bops_node_map_set(x, "y", y);
	bops_node_map_set(nested, "x", x);
	bops_node_map_set(root, "nested", nested);
	return root;
}

static void
new_scalar_copies_the_text(void **state)
{
	char text[] = "hello";
	struct bops_node *n = bops_node_new_scalar(text, BOPS_SCALAR_RAW);
	struct bops_node *m = bops_node_new_scalarn("a\0b", 3,
	    BOPS_SCALAR_TEXT);

	text[0] = 'j';
	assert_int_equal(n->type, BOPS_NODE_SCALAR);
	assert_int_equal(n->style, BOPS_SCALAR_RAW);
	assert_string_equal(n->str, "hello");
	assert_int_equal(n->len, 5);
	assert_int_equal(n->line, 0);
	assert_null(n->comment);
	assert_int_equal(m->len, 3);
	assert_memory_equal(m->str, "a\0b", 4);
	bops_node_free(n);
	bops_node_free(m);
	bops_node_free(NULL);
}

static void
containers_start_empty_with_a_string(void **state)
{
	struct bops_node *s = bops_node_new_seq(), *m = bops_node_new_map();

	assert_int_equal(s->type, BOPS_NODE_SEQ);
	assert_int_equal(m->type, BOPS_NODE_MAP);
	assert_int_equal(s->n, 0);
	assert_int_equal(m->n, 0);
	assert_non_null(s->str);
	assert_string_equal(m->str, "");
	bops_node_free(s);
	bops_node_free(m);
}

static void
map_keeps_insertion_order(void **state)
{
	static const char *keys[] = { "zeta", "alpha", "mid", "b", "a" };
	struct bops_node *m = bops_node_new_map();
	char big[32];
	size_t i;

	for (i = 0; i < N(keys); i++)
		bops_node_map_set_str(m, keys[i], keys[i], BOPS_SCALAR_TEXT);
	assert_string_equal(keys_of(m), "zeta,alpha,mid,b,a");
	for (i = 0; i < N(keys); i++) {
		assert_int_equal(bops_node_map_index(m, keys[i]), (long)i);
		assert_string_equal(bops_node_map_str(m, keys[i]), keys[i]);
	}
	/* Many keys: growth keeps them all, in order. */
	for (i = 0; i < 100; i++) {
		snprintf(big, sizeof(big), "k%03zu", i);
		bops_node_map_set_str(m, big, big, BOPS_SCALAR_RAW);
	}
	assert_int_equal(m->n, 105);
	assert_string_equal(m->keys[5], "k000");
	assert_string_equal(m->keys[104], "k099");
	assert_string_equal(bops_node_map_str(m, "k050"), "k050");
	bops_node_free(m);
}

static void
map_lookups_of_absent_keys(void **state)
{
	struct bops_node *m = bops_node_new_map(), *s = bops_node_new_seq();

	bops_node_map_set(m, "list", bops_node_new_seq());
	assert_int_equal(bops_node_map_index(m, "nope"), -1);
	assert_null(bops_node_map_get(m, "nope"));
	assert_null(bops_node_map_str(m, "nope"));
	/* Present but not a scalar. */
	assert_non_null(bops_node_map_get(m, "list"));
	assert_null(bops_node_map_str(m, "list"));
	/* Not a map, or no map at all. */
	assert_int_equal(bops_node_map_index(s, "x"), -1);
	assert_int_equal(bops_node_map_index(NULL, "x"), -1);
	assert_null(bops_node_map_get(NULL, "x"));
	assert_null(bops_node_map_str(NULL, "x"));
	bops_node_free(m);
	bops_node_free(s);
}

static void
set_replaces_in_place(void **state)
{
	struct bops_node *m = bops_node_new_map(), *v;

	bops_node_map_set_str(m, "a", "1", BOPS_SCALAR_RAW);
	bops_node_map_set_str(m, "b", "2", BOPS_SCALAR_RAW);
	bops_node_map_set_str(m, "c", "3", BOPS_SCALAR_RAW);
	bops_node_map_set_str(m, "b", "two", BOPS_SCALAR_TEXT);
	assert_string_equal(keys_of(m), "a,b,c");
	assert_string_equal(bops_node_map_str(m, "b"), "two");
	assert_int_equal(m->items[1]->style, BOPS_SCALAR_TEXT);

	/* A scalar replaced by a sequence, still in place. */
	v = bops_node_new_seq();
	bops_node_seq_append(v, scalar("x"));
	bops_node_map_set(m, "a", v);
	assert_string_equal(keys_of(m), "a,b,c");
	assert_ptr_equal(bops_node_map_get(m, "a"), v);
	assert_int_equal(m->n, 3);
	bops_node_free(m);
}

static void
set_str_replaces_text_and_style(void **state)
{
	struct bops_node *n = scalar("old text");

	bops_node_set_str(n, "new", BOPS_SCALAR_RAW);
	assert_string_equal(n->str, "new");
	assert_int_equal(n->len, 3);
	assert_int_equal(n->style, BOPS_SCALAR_RAW);
	/* Setting it to its own text is safe. */
	bops_node_set_str(n, n->str, BOPS_SCALAR_TEXT);
	assert_string_equal(n->str, "new");
	assert_int_equal(n->style, BOPS_SCALAR_TEXT);
	bops_node_free(n);
}

static const struct {
	size_t pos;
	const char *expect;
} inserts[] = {
	{ 0, "new,a,b,c" },
	{ 1, "a,new,b,c" },
	{ 2, "a,b,new,c" },
	{ 3, "a,b,c,new" },
	{ 99, "a,b,c,new" },	/* past the end: appended */
};

static void
insert_puts_the_key_at_its_position(void **state)
{
	struct bops_node *m;
	size_t i;

	for (i = 0; i < N(inserts); i++) {
		m = bops_node_new_map();
		bops_node_map_set_str(m, "a", "1", BOPS_SCALAR_RAW);
		bops_node_map_set_str(m, "b", "2", BOPS_SCALAR_RAW);
		bops_node_map_set_str(m, "c", "3", BOPS_SCALAR_RAW);
		bops_node_map_insert(m, inserts[i].pos, "new", scalar("n"));
		assert_string_equal(keys_of(m), inserts[i].expect);
		assert_string_equal(bops_node_map_str(m, "new"), "n");
		assert_string_equal(bops_node_map_str(m, "a"), "1");
		assert_string_equal(bops_node_map_str(m, "c"), "3");
		bops_node_free(m);
	}
}

static void
insert_into_a_full_map_grows_it(void **state)
{
	struct bops_node *m = bops_node_new_map();
	char key[16];
	size_t i;

	for (i = 0; i < 8; i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		bops_node_map_set_str(m, key, key, BOPS_SCALAR_RAW);
	}
	assert_int_equal(m->n, m->alloc);
	bops_node_map_insert(m, 0, "first", scalar("f"));
	assert_int_equal(m->n, 9);
	assert_string_equal(m->keys[0], "first");
	assert_string_equal(m->keys[8], "k7");
	assert_string_equal(bops_node_map_str(m, "k7"), "k7");
	bops_node_free(m);
}

static void
take_detaches_without_freeing(void **state)
{
	struct bops_node *m = bops_node_new_map(), *v, *t;

	bops_node_map_set_str(m, "a", "1", BOPS_SCALAR_RAW);
	v = bops_node_new_seq();
	bops_node_map_set(m, "b", v);
	bops_node_map_set_str(m, "c", "3", BOPS_SCALAR_RAW);
	t = bops_node_map_take(m, "b");
	assert_ptr_equal(t, v);
	assert_string_equal(keys_of(m), "a,c");
	assert_null(bops_node_map_get(m, "b"));
	assert_null(bops_node_map_take(m, "b"));
	/* The taken node is ours; the map can take it back. */
	bops_node_map_insert(m, 1, "b", t);
	assert_string_equal(keys_of(m), "a,b,c");
	t = bops_node_map_take(m, "c");
	assert_string_equal(t->str, "3");
	bops_node_free(t);
	t = bops_node_map_take(m, "a");
	bops_node_free(t);
	assert_string_equal(keys_of(m), "b");
	bops_node_free(m);
}

static void
remove_frees_and_reports_presence(void **state)
{
	struct bops_node *m = bops_node_new_map();

	bops_node_map_set_str(m, "a", "1", BOPS_SCALAR_RAW);
	bops_node_map_set(m, "b", sample());
	bops_node_map_set_str(m, "c", "3", BOPS_SCALAR_RAW);
	assert_true(bops_node_map_remove(m, "b"));
	assert_false(bops_node_map_remove(m, "b"));
	assert_false(bops_node_map_remove(m, "zz"));
	assert_string_equal(keys_of(m), "a,c");
	assert_true(bops_node_map_remove(m, "a"));
	assert_true(bops_node_map_remove(m, "c"));
	assert_int_equal(m->n, 0);
	bops_node_map_set_str(m, "again", "x", BOPS_SCALAR_RAW);
	assert_string_equal(keys_of(m), "again");
	bops_node_free(m);
}

static void
seq_append_and_remove_keep_order(void **state)
{
	struct bops_node *s = bops_node_new_seq();
	char text[8];
	size_t i;

	for (i = 0; i < 20; i++) {
		snprintf(text, sizeof(text), "%zu", i);
		bops_node_seq_append(s, scalar(text));
	}
	bops_node_seq_remove(s, 0);
	bops_node_seq_remove(s, 18);
	bops_node_seq_remove(s, 5);
	bops_node_seq_remove(s, 100);	/* out of range: nothing */
	assert_int_equal(s->n, 17);
	assert_string_equal(s->items[0]->str, "1");
	assert_string_equal(s->items[4]->str, "5");
	assert_string_equal(s->items[5]->str, "7");
	assert_string_equal(s->items[16]->str, "18");
	bops_node_free(s);
}

static void
dup_copies_deeply_with_marks_and_comments(void **state)
{
	struct bops_node *a = sample(), *d;
	struct bops_node *title = bops_node_map_get(a, "title");

	a->line = 1;
	a->col = 1;
	title->line = 3;
	title->col = 8;
	title->key_line = 3;
	title->key_col = 1;
	title->quoted = true;
	title->comment = bops_strdup("what is to be done");
	d = bops_node_dup(a);
	assert_true(bops_node_equal(a, d));
	assert_ptr_not_equal(d, a);
	assert_string_equal(keys_of(d), keys_of(a));
	title = bops_node_map_get(d, "title");
	assert_int_equal(d->line, 1);
	assert_int_equal(title->line, 3);
	assert_int_equal(title->col, 8);
	assert_int_equal(title->key_line, 3);
	assert_int_equal(title->key_col, 1);
	assert_true(title->quoted);
	assert_int_equal(title->style, BOPS_SCALAR_TEXT);
	assert_int_equal(bops_node_map_get(d, "status")->style,
	    BOPS_SCALAR_RAW);
	assert_non_null(title->comment);
	assert_string_equal(title->comment, "what is to be done");
	assert_ptr_not_equal(title->comment,
	    bops_node_map_get(a, "title")->comment);

	/* Deep: changing the copy leaves the original alone. */
	bops_node_set_str(bops_node_map_get(d, "tags")->items[0], "changed",
	    BOPS_SCALAR_TEXT);
	bops_node_map_remove(bops_node_map_get(d, "key_results")->items[0],
	    "id");
	assert_string_equal(bops_node_map_get(a, "tags")->items[0]->str, "a");
	assert_non_null(bops_node_map_get(
	    bops_node_map_get(a, "key_results")->items[0], "id"));
	assert_false(bops_node_equal(a, d));
	bops_node_free(a);
	/* The copy survives the original. */
	assert_string_equal(bops_node_map_str(d, "title"), "Ship it");
	bops_node_free(d);
	assert_null(bops_node_dup(NULL));
}

static void
equal_ignores_marks_styles_and_comments(void **state)
{
	struct bops_node *a = sample(), *b = sample();
	struct bops_node *t = bops_node_map_get(b, "title");

	t->line = 9;
	t->col = 9;
	t->key_line = 9;
	t->quoted = true;
	t->style = BOPS_SCALAR_RAW;
	t->comment = bops_strdup("a comment");
	b->line = 4;
	bops_node_map_get(b, "status")->style = BOPS_SCALAR_TEXT;
	assert_true(bops_node_equal(a, b));
	assert_true(bops_node_equal(b, a));
	assert_true(bops_node_equal(a, a));
	assert_true(bops_node_equal(NULL, NULL));
	assert_false(bops_node_equal(a, NULL));
	assert_false(bops_node_equal(NULL, a));
	bops_node_free(a);
	bops_node_free(b);
}

/* Each row changes one thing in a copy of sample(). */
static void
change_text(struct bops_node *r)
{
	bops_node_set_str(bops_node_map_get(r, "status"), "don",
	    BOPS_SCALAR_RAW);
}

static void
change_order(struct bops_node *r)
{
	struct bops_node *v = bops_node_map_take(r, "title");

	bops_node_map_set(r, "title", v);
}

static void
change_key(struct bops_node *r)
{
	free(r->keys[0]);
	r->keys[0] = bops_strdup("titles");
}

static void
change_type(struct bops_node *r)
{
	bops_node_map_set(r, "empty", bops_node_new_seq());
}

static void
change_item(struct bops_node *r)
{
	bops_node_seq_append(bops_node_map_get(r, "tags"), scalar("c"));
}

static void
change_deep(struct bops_node *r)
{
	struct bops_node *y = bops_node_map_get(bops_node_map_get(
	    bops_node_map_get(r, "nested"), "x"), "y");

	bops_node_set_str(y->items[0]->items[0], "Z", BOPS_SCALAR_TEXT);
}

static void
change_nul(struct bops_node *r)
{
	/* Same C string, different length. */
	bops_node_map_set(r, "empty", bops_node_new_scalarn("\0", 1,
	    BOPS_SCALAR_TEXT));
}

static void
change_empty_map_to_seq(struct bops_node *r)
{
	struct bops_node *krs = bops_node_map_get(r, "key_results");

	bops_node_free(krs->items[1]);
	krs->items[1] = bops_node_new_seq();
}

static const struct {
	const char *what;
	void (*change)(struct bops_node *);
} changes[] = {
	{ "text", change_text },
	{ "key order", change_order },
	{ "key name", change_key },
	{ "type", change_type },
	{ "item count", change_item },
	{ "deep text", change_deep },
	{ "embedded nul", change_nul },
	{ "empty map vs empty seq", change_empty_map_to_seq },
};

static void
equal_sees_every_difference_of_content(void **state)
{
	struct bops_node *a = sample(), *b;
	size_t i;

	for (i = 0; i < N(changes); i++) {
		b = bops_node_dup(a);
		assert_true(bops_node_equal(a, b));
		changes[i].change(b);
		if (bops_node_equal(a, b) || bops_node_equal(b, a))
			fail_msg("equal missed a change of %s",
			    changes[i].what);
		bops_node_free(b);
	}
	bops_node_free(a);
}

static struct bops_node *
roundtrip(const struct bops_node *n)
{
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_node *back;
	size_t used = 12345;

	bops_node_pack(&b, n);
	back = bops_node_unpack((const unsigned char *)b.ptr, b.len, &used);
	assert_non_null(back);
	assert_int_equal(used, b.len);
	bops_buf_release(&b);
	return back;
}

static void
pack_round_trips_nested_trees(void **state)
{
	struct bops_node *a = sample(), *back, *big, *s;
	char text[300];
	size_t i;

	bops_node_map_get(a, "title")->line = 7;
	back = roundtrip(a);
	assert_true(bops_node_equal(a, back));
	assert_string_equal(keys_of(back), keys_of(a));
	/* Styles and quoting survive; marks do not. */
	assert_int_equal(bops_node_map_get(back, "status")->style,
	    BOPS_SCALAR_RAW);
	assert_int_equal(bops_node_map_get(back, "title")->style,
	    BOPS_SCALAR_TEXT);
	assert_int_equal(bops_node_map_get(back, "title")->line, 0);
	assert_true(bops_node_map_get(bops_node_map_get(back,
	    "key_results")->items[0], "target")->quoted);
	assert_false(bops_node_map_get(back, "title")->quoted);
	bops_node_free(back);

	/* Lengths past one varint byte, and many items. */
	big = bops_node_new_map();
	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	bops_node_map_set_str(big, text, text, BOPS_SCALAR_TEXT);
	s = bops_node_new_seq();
	for (i = 0; i < 200; i++) {
		snprintf(text, sizeof(text), "item %zu", i);
		bops_node_seq_append(s, scalar(text));
	}
	bops_node_map_set(big, "s", s);
	bops_node_map_set(big, "bin", bops_node_new_scalarn("a\0\xff", 3,
	    BOPS_SCALAR_RAW));
	back = roundtrip(big);
	assert_true(bops_node_equal(big, back));
	assert_int_equal(bops_node_map_get(back, "s")->n, 200);
	assert_int_equal(bops_node_map_get(back, "bin")->len, 3);
	bops_node_free(back);
	bops_node_free(big);

	/* Lone scalars and empty containers. */
	s = scalar("");
	back = roundtrip(s);
	assert_true(bops_node_equal(s, back));
	bops_node_free(back);
	bops_node_free(s);
	s = bops_node_new_map();
	back = roundtrip(s);
	assert_int_equal(back->type, BOPS_NODE_MAP);
	assert_int_equal(back->n, 0);
	bops_node_free(back);
	bops_node_free(s);
	bops_node_free(a);
}

static void
unpack_reports_the_bytes_used(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_node *a = sample(), *back;
	size_t one, used;

	bops_node_pack(&b, a);
	one = b.len;
	bops_node_pack(&b, a);
	bops_buf_puts(&b, "trailing");
	back = bops_node_unpack((const unsigned char *)b.ptr, b.len, &used);
	assert_non_null(back);
	assert_int_equal(used, one);
	bops_node_free(back);
	back = bops_node_unpack((const unsigned char *)b.ptr + one,
	    b.len - one, &used);
	assert_non_null(back);
	assert_int_equal(used, one);
	assert_true(bops_node_equal(a, back));
	bops_node_free(back);
	bops_node_free(a);
	bops_buf_release(&b);
}

static void
packed_get_reads_a_scalar_in_place(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_node *a = sample(), *seq = bops_node_new_seq();
	const char *s;
	size_t len, cut;

	bops_node_map_set_str(a, "rank", "0toy6c0ab", BOPS_SCALAR_RAW);
	bops_node_pack(&b, a);
	/* after lists and maps, which it steps over */
	assert_true(bops_node_packed_get((const unsigned char *)b.ptr, b.len,
	    "rank", &s, &len));
	assert_int_equal(len, 9);
	assert_memory_equal(s, "0toy6c0ab", 9);
	assert_true(bops_node_packed_get((const unsigned char *)b.ptr, b.len,
	    "title", &s, &len));
	assert_memory_equal(s, "Ship it", len);
	assert_true(bops_node_packed_get((const unsigned char *)b.ptr, b.len,
	    "empty", &s, &len));
	assert_int_equal(len, 0);
	/* absent, not a scalar */
	assert_false(bops_node_packed_get((const unsigned char *)b.ptr, b.len,
	    "nope", &s, &len));
	assert_false(bops_node_packed_get((const unsigned char *)b.ptr, b.len,
	    "tags", &s, &len));
	/* truncated: never read past the end */
	for (cut = 0; cut < b.len - 1; cut++)
		(void)bops_node_packed_get((const unsigned char *)b.ptr, cut,
		    "rank", &s, &len);
	/* not a map */
	bops_buf_reset(&b);
	bops_node_pack(&b, seq);
	assert_false(bops_node_packed_get((const unsigned char *)b.ptr, b.len,
	    "rank", &s, &len));
	bops_node_free(seq);
	bops_node_free(a);
	bops_buf_release(&b);
}

static void
unpack_rejects_every_truncation(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_node *a = sample(), *back;
	size_t len, used;

	bops_node_pack(&b, a);
	for (len = 0; len < b.len; len++) {
		back = bops_node_unpack((const unsigned char *)b.ptr, len,
		    &used);
		if (back != NULL)
			fail_msg("a truncation to %zu of %zu bytes unpacked",
			    len, b.len);
		assert_true(used <= len);
	}
	bops_node_free(a);
	bops_buf_release(&b);
}

static const struct {
	const char *what;
	const char *data;
	size_t len;
} garbage[] = {
	{ "empty", "", 0 },
	{ "unknown node type", "\x03\x00", 2 },
	{ "scalar longer than the data", "\x00\x05" "abc", 5 },
	{ "varint that never ends", "\x00\xff\xff\xff\xff\xff\xff\xff\xff"
	    "\xff\xff\xff", 12 },
	{ "huge count", "\x01\xff\xff\xff\xff\x0f", 6 },
	{ "map key longer than the data", "\x02\x01\x09" "ab", 5 },
	{ "map without its value", "\x02\x01\x01" "k", 4 },
	{ "seq item of unknown type", "\x01\x01\x07", 3 },
	{ "second item missing", "\x01\x02\x00\x01" "a", 5 },
};

static void
unpack_rejects_garbage(void **state)
{
	struct bops_node *n;
	size_t i, used;

	for (i = 0; i < N(garbage); i++) {
		n = bops_node_unpack((const unsigned char *)garbage[i].data,
		    garbage[i].len, &used);
		if (n != NULL)
			fail_msg("unpacked %s", garbage[i].what);
	}
}

static void
unpack_refuses_deep_nesting(void **state)
{
	unsigned char data[2 * 200 + 2];
	struct bops_node *n;
	size_t i, used;

	/* 200 sequences, each holding the next, around one scalar. */
	for (i = 0; i < 200; i++) {
		data[2 * i] = BOPS_NODE_SEQ;
		data[2 * i + 1] = 1;
	}
	data[400] = BOPS_NODE_SCALAR;
	data[401] = 0;
	assert_null(bops_node_unpack(data, sizeof(data), &used));

	/* A shallow one of the same shape is fine. */
	n = bops_node_unpack(data + 2 * 190, sizeof(data) - 2 * 190, &used);
	assert_non_null(n);
	assert_int_equal(used, sizeof(data) - 2 * 190);
	bops_node_free(n);
}

static void
unpack_survives_random_and_flipped_bytes(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_node *a = sample(), *n;
	unsigned char data[64], *copy;
	size_t i, j, used;

	srand(42);
	for (i = 0; i < 5000; i++) {
		size_t len = (size_t)rand() % sizeof(data);

		for (j = 0; j < len; j++)
			data[j] = (unsigned char)(rand() & 0xff);
		/* Small counts and lengths, so trees get built and freed. */
		for (j = 1; j < len; j += 2)
			data[j] &= 0x07;
		n = bops_node_unpack(data, len, &used);
		assert_true(used <= len);
		bops_node_free(n);
	}
	bops_node_pack(&b, a);
	copy = bops_malloc(b.len);
	for (i = 0; i < b.len * 8; i++) {
		memcpy(copy, b.ptr, b.len);
		copy[i / 8] ^= (unsigned char)(1u << (i % 8));
		n = bops_node_unpack(copy, b.len, &used);
		assert_true(used <= b.len);
		bops_node_free(n);
	}
	free(copy);
	bops_buf_release(&b);
	bops_node_free(a);
}

/* Every key of a large map is found at its place, whatever changed it. */
static void
check_positions(const struct bops_node *map)
{
	size_t i;

	for (i = 0; i < map->n; i++)
		assert_int_equal(bops_node_map_index(map, map->keys[i]),
		    (long)i);
	assert_int_equal(bops_node_map_index(map, "absent"), -1);
}

static void
large_map_lookups_follow_every_change(void **state)
{
	struct bops_node *map = bops_node_new_map(), *v;
	size_t order[3] = { 2, 0, 1 };
	char key[32];
	size_t i;

	for (i = 0; i < 1000; i++) {
		snprintf(key, sizeof(key), "k%zu", i);
		bops_node_map_set_str(map, key, key, BOPS_SCALAR_TEXT);
		if (i % 97 == 0)
			check_positions(map);	/* the index follows appends */
	}
	check_positions(map);
	/* Setting an existing key keeps its place. */
	bops_node_map_set_str(map, "k500", "new", BOPS_SCALAR_TEXT);
	assert_int_equal(map->n, 1000);
	assert_string_equal(bops_node_map_str(map, "k500"), "new");
	bops_node_map_insert(map, 3, "front", scalar("f"));
	check_positions(map);
	v = bops_node_map_take(map, "k10");
	assert_string_equal(v->str, "k10");
	bops_node_free(v);
	check_positions(map);
	assert_true(bops_node_map_remove(map, "k999"));
	assert_false(bops_node_map_remove(map, "k999"));
	check_positions(map);
	bops_node_map_set_str(map, "k999", "back", BOPS_SCALAR_TEXT);
	assert_int_equal(bops_node_map_index(map, "k999"), (long)map->n - 1);
	check_positions(map);
	/* A copy has its own index. */
	v = bops_node_dup(map);
	bops_node_map_remove(map, "k0");
	check_positions(v);
	assert_int_equal(bops_node_map_index(v, "k0"), 0);
	bops_node_free(v);
	bops_node_map_reorder(map, order, 3);
	assert_int_equal(map->n, 3);
	assert_string_equal(keys_of(map), "front,k1,k2");
	check_positions(map);
	bops_node_free(map);
}

/*
 * bops_node_unpack_frozen gives what bops_node_unpack gives: the same
 * tree (its packed bytes, styles and quoting included) and the same
 * bytes used, or NULL for both.
 */
static void
frozen_agrees(const unsigned char *data, size_t len)
{
	struct bops_buf pa = BOPS_BUF_INIT, pb = BOPS_BUF_INIT;
	struct bops_node *a, *b;
	size_t ua = 0, ub = 0;

	a = bops_node_unpack(data, len, &ua);
	b = bops_node_unpack_frozen(data, len, &ub);
	if ((a == NULL) != (b == NULL))
		fail_msg("%zu bytes: unpack %s, frozen %s", len,
		    a ? "a tree" : "NULL", b ? "a tree" : "NULL");
	if (a) {
		assert_int_equal(ua, ub);
		assert_true(bops_node_equal(a, b));
		bops_node_pack(&pa, a);
		bops_node_pack(&pb, b);
		assert_int_equal(pa.len, pb.len);
		assert_memory_equal(pa.ptr, pb.ptr, pa.len);
	}
	bops_node_free(a);
	bops_node_free(b);
	bops_buf_release(&pa);
	bops_buf_release(&pb);
}

static void
unpack_frozen_agrees_with_unpack(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	struct bops_node *a = sample(), *big, *s, *n;
	unsigned char data[2 * 200 + 2], *copy;
	char text[300];
	size_t i, j, len, used;

	/* Nested trees, long text, many items, empty containers. */
	bops_node_pack(&b, a);
	frozen_agrees((const unsigned char *)b.ptr, b.len);
	for (len = 0; len < b.len; len++)
		frozen_agrees((const unsigned char *)b.ptr, len);
	copy = bops_malloc(b.len);
	for (i = 0; i < b.len * 8; i++) {
		memcpy(copy, b.ptr, b.len);
		copy[i / 8] ^= (unsigned char)(1u << (i % 8));
		frozen_agrees(copy, b.len);
	}
	free(copy);
	big = bops_node_new_map();
	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	bops_node_map_set_str(big, text, text, BOPS_SCALAR_TEXT);
	s = bops_node_new_seq();
	for (i = 0; i < 200; i++) {
		snprintf(text, sizeof(text), "item %zu", i);
		bops_node_seq_append(s, scalar(text));
	}
	bops_node_map_set(big, "s", s);
	bops_node_map_set(big, "e", bops_node_new_map());
	bops_node_map_set(big, "q", bops_node_new_seq());
	bops_node_map_set(big, "bin", bops_node_new_scalarn("a\0\xff", 3,
	    BOPS_SCALAR_RAW));
	bops_buf_reset(&b);
	bops_node_pack(&b, big);
	frozen_agrees((const unsigned char *)b.ptr, b.len);
	/* Trailing bytes are not used. */
	bops_buf_puts(&b, "trailing");
	frozen_agrees((const unsigned char *)b.ptr, b.len);
	bops_node_free(big);
	for (i = 0; i < N(garbage); i++)
		frozen_agrees((const unsigned char *)garbage[i].data,
		    garbage[i].len);
	for (i = 0; i < 200; i++) {
		data[2 * i] = BOPS_NODE_SEQ;
		data[2 * i + 1] = 1;
	}
	data[400] = BOPS_NODE_SCALAR;
	data[401] = 0;
	frozen_agrees(data, sizeof(data));
	frozen_agrees(data + 2 * 190, sizeof(data) - 2 * 190);
	srand(7);
	for (i = 0; i < 5000; i++) {
		len = (size_t)rand() % 64;
		for (j = 0; j < len; j++)
			data[j] = (unsigned char)(rand() & 0xff);
		for (j = 1; j < len; j += 2)
			data[j] &= 0x07;
		frozen_agrees(data, len);
	}
	/* A large map's lookups build an index, which the free drops. */
	big = bops_node_new_map();
	for (i = 0; i < 40; i++) {
		snprintf(text, sizeof(text), "k%zu", i);
		bops_node_map_set_str(big, text, text, BOPS_SCALAR_RAW);
	}
	bops_buf_reset(&b);
	bops_node_pack(&b, big);
	n = bops_node_unpack_frozen((const unsigned char *)b.ptr, b.len,
	    &used);
	assert_non_null(n);
	check_positions(n);
	assert_string_equal(bops_node_map_str(n, "k39"), "k39");
	bops_node_free(n);
	bops_node_free(big);
	bops_node_free(a);
	bops_buf_release(&b);
}

static void
reorder_keeps_the_listed_entries_and_frees_the_rest(void **state)
{
	struct bops_node *map = sample(), *none = bops_node_new_map();
	size_t order[] = { 5, 0, 3 };

	bops_node_map_reorder(map, order, N(order));
	assert_string_equal(keys_of(map), "nested,title,key_results");
	assert_non_null(bops_node_map_get(map, "nested"));
	assert_int_equal(bops_node_map_get(map, "key_results")->n, 2);
	bops_node_map_set_str(map, "late", "x", BOPS_SCALAR_TEXT);
	assert_string_equal(keys_of(map), "nested,title,key_results,late");
	bops_node_map_reorder(none, NULL, 0);
	assert_int_equal(none->n, 0);
	bops_node_free(map);
	bops_node_free(none);
}

static void
hash_and_nodeset_agree_with_equal(void **state)
{
	struct bops_node *a = sample(), *b = sample(), *seq;
	struct bops_nodeset set = BOPS_NODESET_INIT;
	size_t i;

	/* Styles, quoting and marks do not count. */
	b->items[0]->style = BOPS_SCALAR_RAW;
	b->items[0]->quoted = true;
	b->items[0]->line = 7;
	assert_true(bops_node_equal(a, b));
	assert_true(bops_node_hash(a) == bops_node_hash(b));
	bops_node_set_str(b->items[0], "Ship it!", BOPS_SCALAR_TEXT);
	assert_true(bops_node_hash(a) != bops_node_hash(b));
	assert_false(bops_nodeset_has(&set, a));
	assert_true(bops_nodeset_add(&set, a));
	assert_false(bops_nodeset_add(&set, a));
	assert_true(bops_nodeset_has(&set, a));
	assert_false(bops_nodeset_has(&set, b));
	bops_nodeset_release(&set);

	seq = bops_node_new_seq();
	for (i = 0; i < 3000; i++) {
		char s[16];

		snprintf(s, sizeof(s), "%zu", i % 1000);
		bops_node_seq_append(seq, scalar(s));
	}
	bops_nodeset_of(&set, seq);
	assert_int_equal(set.n, 1000);
	assert_true(bops_nodeset_has(&set, seq->items[2999]));
	bops_nodeset_release(&set);
	bops_nodeset_of(&set, NULL);
	assert_int_equal(set.n, 0);
	assert_false(bops_nodeset_has(&set, seq));
	bops_nodeset_release(&set);
	bops_node_free(seq);
	bops_node_free(a);
	bops_node_free(b);
}

static void
seq_find_takes_the_first_map_with_the_value(void **state)
{
	static const struct {
		const char *key, *value;
		long index;	/* -1: none */
	} rows[] = {
		{ "name", "reach", 1 }, { "name", "signup", 2 },
		{ "id", "2", 2 }, { "name", "nope", -1 }, { "other", "x", -1 },
		{ "name", "", -1 }, { "name", "Reach", -1 },
	};
	struct bops_node *seq = bops_node_new_seq(), *m;
	size_t i;

	bops_node_seq_append(seq, scalar("not a map"));
	m = bops_node_new_map();
	bops_node_map_set_str(m, "name", "reach", BOPS_SCALAR_TEXT);
	bops_node_seq_append(seq, m);
	m = bops_node_new_map();
	bops_node_map_set_str(m, "name", "signup", BOPS_SCALAR_TEXT);
	bops_node_map_set_str(m, "id", "2", BOPS_SCALAR_RAW);
	bops_node_seq_append(seq, m);
	m = bops_node_new_map();	/* a second "reach": not the first */
	bops_node_map_set_str(m, "name", "reach", BOPS_SCALAR_TEXT);
	bops_node_map_set(m, "other", bops_node_new_seq());
	bops_node_seq_append(seq, m);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		m = bops_node_seq_find(seq, rows[i].key, rows[i].value);
		if (rows[i].index < 0)
			assert_null(m);
		else
			assert_ptr_equal(m, seq->items[rows[i].index]);
	}
	assert_null(bops_node_seq_find(NULL, "name", "reach"));
	bops_node_free(seq);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(new_scalar_copies_the_text),
		cmocka_unit_test(unpack_frozen_agrees_with_unpack),
		cmocka_unit_test(seq_find_takes_the_first_map_with_the_value),
		cmocka_unit_test(containers_start_empty_with_a_string),
		cmocka_unit_test(map_keeps_insertion_order),
		cmocka_unit_test(map_lookups_of_absent_keys),
		cmocka_unit_test(set_replaces_in_place),
		cmocka_unit_test(set_str_replaces_text_and_style),
		cmocka_unit_test(insert_puts_the_key_at_its_position),
		cmocka_unit_test(insert_into_a_full_map_grows_it),
		cmocka_unit_test(take_detaches_without_freeing),
		cmocka_unit_test(remove_frees_and_reports_presence),
		cmocka_unit_test(seq_append_and_remove_keep_order),
		cmocka_unit_test(dup_copies_deeply_with_marks_and_comments),
		cmocka_unit_test(equal_ignores_marks_styles_and_comments),
		cmocka_unit_test(equal_sees_every_difference_of_content),
		cmocka_unit_test(pack_round_trips_nested_trees),
		cmocka_unit_test(unpack_reports_the_bytes_used),
		cmocka_unit_test(unpack_rejects_every_truncation),
		cmocka_unit_test(packed_get_reads_a_scalar_in_place),
		cmocka_unit_test(unpack_rejects_garbage),
		cmocka_unit_test(unpack_refuses_deep_nesting),
		cmocka_unit_test(unpack_survives_random_and_flipped_bytes),
		cmocka_unit_test(large_map_lookups_follow_every_change),
		cmocka_unit_test(reorder_keeps_the_listed_entries_and_frees_the_rest),
		cmocka_unit_test(hash_and_nodeset_agree_with_equal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
