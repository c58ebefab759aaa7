/*
 * fuzz_yaml: the loader under the bops profile.  Any bytes: no crash, no
 * leak, and either a tree that keeps the profile or an error that names
 * the file with a line and column from 1.
 */
#include "fuzz.h"
#include "banned.h"

/*
 * Depth of collections (the root map is 1), unique keys, no control
 * characters.
 */
static void
check_tree(const struct bops_node *n, unsigned depth)
{
	size_t i, j;

	need(n->type == BOPS_NODE_SCALAR || depth <= BOPS_YAML_MAX_DEPTH,
	    "depth %u", depth);
	if (n->type == BOPS_NODE_SCALAR) {
		need(strlen(n->str) == n->len, "a NUL in a scalar");
		for (i = 0; i < n->len; i++)
			need((unsigned char)n->str[i] >= 0x20 ||
			    n->str[i] == '\t' || n->str[i] == '\n',
			    "control character 0x%02x", n->str[i]);
		return;
	}
	for (i = 0; i < n->n; i++) {
		if (n->type == BOPS_NODE_MAP) {
			need(bops_node_map_index(n, n->keys[i]) == (long)i,
			    "key '%s' twice", n->keys[i]);
			for (j = 0; n->keys[i][j]; j++)
				need((unsigned char)n->keys[i][j] >= 0x20 ||
				    n->keys[i][j] == '\t' ||
				    n->keys[i][j] == '\n', "control in a key");
		}
		check_tree(n->items[i], depth + 1);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct bops_error *err;
	struct bops_node *root = NULL;
	unsigned line, col;

	err = bops_yaml_load(&root, "f.yaml", (const char *)data, size);
	if (err) {
		need(root == NULL, "a tree with an error");
		need(err->code == BOPS_ERR_INVALID || err->code ==
		    BOPS_ERR_NOMEM, "code %d", err->code);
		need(err->code != BOPS_ERR_INVALID ||
		    sscanf(err->msg, "f.yaml:%u:%u: ", &line, &col) == 2,
		    "message '%s'", err->msg);
		need(err->code != BOPS_ERR_INVALID || (line >= 1 && col >= 1),
		    "position in '%s'", err->msg);
		return 0;
	}
	need(root && root->type == BOPS_NODE_MAP, "root not a map");
	need(size <= BOPS_YAML_MAX_SIZE, "a file of %zu bytes", size);
	check_tree(root, 1);
	bops_node_free(root);
	return 0;
}
