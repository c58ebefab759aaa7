/*
 * fuzz_pack: the cache's packed form.  The cache is a file anyone can
 * damage: unpacking arbitrary bytes never crashes nor leaks, and what
 * unpacks packs and unpacks again to an equal tree and the same bytes.
 */
#include "fuzz.h"
#include "banned.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bops_node *n, *back;
	struct bops_buf p = BOPS_BUF_INIT, p2 = BOPS_BUF_INIT;
	struct bops_buf y = BOPS_BUF_INIT;
	size_t used, used2;

	n = bops_node_unpack(data, size, &used);
	need(used <= size, "used %zu of %zu", used, size);
	if (n == NULL)
		return 0;
	bops_node_pack(&p, n);
	back = bops_node_unpack((const unsigned char *)p.ptr, p.len, &used2);
	need(back != NULL, "a packed tree does not unpack");
	need(used2 == p.len, "used %zu of %zu", used2, p.len);
	need(bops_node_equal(n, back), "not the same tree");
	need(bops_node_hash(n) == bops_node_hash(back), "hash differs");
	bops_node_pack(&p2, back);
	need(p2.len == p.len && memcmp(p.ptr, p2.ptr, p.len) == 0,
	    "packing is not stable");
	/* What the cache hands out is emitted by show --yaml. */
	if (n->type == BOPS_NODE_MAP)
		(void)bops_yaml_emit(&y, n);
	bops_node_free(n);
	bops_node_free(back);
	bops_buf_release(&p);
	bops_buf_release(&p2);
	bops_buf_release(&y);
	return 0;
}
