/*
 * fuzz_merge: the three-way merge of records.  The first byte picks the
 * kind; the rest is three files (base, ours, theirs) separated by NUL
 * bytes (which no valid file holds).  When all three validate, merging A
 * into B and B into A give the same bytes, and the result validates
 * against the schema.  A kind's rule between fields (a sprint's end not
 * before its start) can be broken by two sides that each changed one
 * field; then it is broken both ways, and the write refuses it.
 */
#include "fuzz.h"
#include "kind.h"
#include "merge.h"
#include "record.h"
#include "workspace.h"
#include "banned.h"

static struct bops_node *
version(enum fuzz_kind k, const char *text, size_t len)
{
	struct bops_validate v = { fuzz_path(k), fuzz_lookup, NULL };
	struct bops_node *root = NULL;

	if (k == FUZZ_CONFIG) {
		if (bops_ws_config_parse(&root, fuzz_schemas[k], fuzz_path(k),
		    text, len))
			return NULL;
		return root;
	}
	if (bops_yaml_load(&root, fuzz_path(k), text, len))
		return NULL;
	if (bops_record_validate(bops_kind_find(fuzz_kind_names[k]),
	    fuzz_schemas[k], "fuzz", root, &v)) {
		bops_node_free(root);
		return NULL;
	}
	return root;
}

/*
 * Validate a merged tree against the schema and emit it; *rules says
 * whether the kind's rules hold too.
 */
static const struct bops_error *
settle(enum fuzz_kind k, struct bops_node *m, struct bops_buf *out,
    bool *rules)
{
	const struct bops_error *err;
	struct bops_validate v = { fuzz_path(k), fuzz_lookup, NULL };

	*rules = true;
	if ((err = bops_schema_validate(fuzz_schemas[k], m, &v)))
		return err;
	if (k != FUZZ_CONFIG)
		*rules = bops_record_validate(bops_kind_find(
		    fuzz_kind_names[k]), fuzz_schemas[k], "fuzz", m, &v) ==
		    NULL;
	return bops_yaml_emit(out, m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct bops_error *e1, *e2;
	const struct bops_merge_side sa = { "aaaa", "Ann <a@x>" };
	const struct bops_merge_side sb = { "bbbb", "Bob <b@x>" };
	const char *p = (const char *)data + 1, *end = (const char *)data +
	    size, *z1, *z2;
	struct bops_node *b = NULL, *o = NULL, *t = NULL, *m1, *m2;
	struct bops_buf x = BOPS_BUF_INIT, y = BOPS_BUF_INIT;
	size_t c1, c2;
	bool r1, r2;
	enum fuzz_kind k;
	char m1s[512], m2s[512];

	if (size < 3)
		return 0;
	fuzz_init();
	k = (enum fuzz_kind)(data[0] % FUZZ_NKINDS);
	if ((z1 = memchr(p, '\0', (size_t)(end - p))) == NULL ||
	    (z2 = memchr(z1 + 1, '\0', (size_t)(end - z1 - 1))) == NULL)
		return 0;
	/* An empty base: both sides added the record. */
	if (z1 > p && (b = version(k, p, (size_t)(z1 - p))) == NULL)
		goto done;
	if ((o = version(k, z1 + 1, (size_t)(z2 - z1 - 1))) == NULL ||
	    (t = version(k, z2 + 1, (size_t)(end - z2 - 1))) == NULL)
		goto done;
	m1 = bops_merge_record(fuzz_schemas[k], b, o, t, &sa, &sb, &c1);
	m2 = bops_merge_record(fuzz_schemas[k], b, t, o, &sb, &sa, &c2);
	need(c1 == c2, "%zu conflicts one way, %zu the other", c1, c2);
	e1 = settle(k, m1, &x, &r1);
	snprintf(m1s, sizeof(m1s), "%s", e1 ? e1->msg : "");
	e2 = settle(k, m2, &y, &r2);
	snprintf(m2s, sizeof(m2s), "%s", e2 ? e2->msg : "");
	need((e1 == NULL) == (e2 == NULL), "one way '%s', the other '%s'",
	    m1s, m2s);
	need(e1 == NULL, "the merge does not validate: %s", m1s);
	need(r1 == r2, "the kind's rules hold one way only");
	need(x.len == y.len && memcmp(x.ptr, y.ptr, x.len) == 0,
	    "not symmetric:\n%s\n---\n%s", x.ptr, y.ptr);
	bops_node_free(m1);
	bops_node_free(m2);
done:
	bops_node_free(b);
	bops_node_free(o);
	bops_node_free(t);
	bops_buf_release(&x);
	bops_buf_release(&y);
	return 0;
}
