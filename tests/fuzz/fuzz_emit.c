/*
 * fuzz_emit: the canonical emitter.  Whatever loads, emits; loading what
 * was emitted gives the same tree, and emitting that gives the same
 * bytes (when it is still within the size limit).
 */
#include "fuzz.h"
#include "banned.h"

/* Loading gives TEXT; give the re-loaded tree the first one's styles. */
static void
copy_styles(struct bops_node *to, const struct bops_node *from)
{
	size_t i;

	to->style = from->style;
	for (i = 0; i < to->n && i < from->n; i++)
		copy_styles(to->items[i], from->items[i]);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct bops_error *err;
	struct bops_node *root = NULL, *back = NULL;
	struct bops_buf out = BOPS_BUF_INIT, again = BOPS_BUF_INIT;
	struct bops_buf q = BOPS_BUF_INIT;
	size_t i;

	if (bops_yaml_load(&root, "f.yaml", (const char *)data, size))
		return 0;
	/* Every style: RAW scalars are emitted plain when that is safe. */
	if (size && data[0] & 1)
		for (i = 0; i < root->n; i++)
			if (root->items[i]->type == BOPS_NODE_SCALAR)
				root->items[i]->style = BOPS_SCALAR_RAW;
	err = bops_yaml_emit(&out, root);
	need(err == NULL, "emit: %s", err->msg);
	if (out.len <= BOPS_YAML_MAX_SIZE) {
		err = bops_yaml_load(&back, "f.yaml", out.ptr, out.len);
		need(err == NULL, "reload: %s\n%s", err->msg, out.ptr);
		need(bops_node_equal(root, back), "not the same tree:\n%s",
		    out.ptr);
		need(bops_yaml_verify("f.yaml", out.ptr, out.len, root) ==
		    NULL, "verify");
		copy_styles(back, root);
		err = bops_yaml_emit(&again, back);
		need(err == NULL, "emit again: %s", err->msg);
		need(again.len == out.len && memcmp(again.ptr, out.ptr,
		    out.len) == 0, "not idempotent:\n%s\n---\n%s", out.ptr,
		    again.ptr);
	}
	/* Quoting for messages never fails, whatever the text. */
	for (i = 0; i < root->n; i++)
		if (root->items[i]->type == BOPS_NODE_SCALAR) {
			bops_buf_reset(&q);
			bops_yaml_quote(&q, root->items[i]->str);
			need(strchr(q.ptr, '\n') == NULL, "a quoted newline");
		}
	bops_node_free(root);
	bops_node_free(back);
	bops_buf_release(&out);
	bops_buf_release(&again);
	bops_buf_release(&q);
	return 0;
}
