/*
 * seed_pack: write the packed form (bops_node_pack, as the cache keeps
 * it) of each YAML file named, as DIR/<name>.pack, for the seeds of
 * fuzz_pack.  Files that do not load are skipped.  Used by
 * make-corpus.sh only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "file.h"
#include "node.h"
#include "yaml.h"
#include "banned.h"

int
main(int argc, char *argv[])
{
	struct bops_buf in = BOPS_BUF_INIT, out = BOPS_BUF_INIT;
	struct bops_buf path = BOPS_BUF_INIT;
	struct bops_node *root;
	const char *base;
	int i, status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: seed_pack DIR FILE...\n");
		return 2;
	}
	for (i = 2; i < argc; i++) {
		bops_buf_reset(&in);
		bops_buf_reset(&out);
		bops_buf_reset(&path);
		root = NULL;
		if (bops_file_read(&in, argv[i], 0) ||
		    bops_yaml_load(&root, argv[i], in.ptr, in.len))
			continue;
		bops_node_pack(&out, root);
		bops_node_free(root);
		base = strrchr(argv[i], '/');
		bops_buf_printf(&path, "%s/%s.pack", argv[1],
		    base ? base + 1 : argv[i]);
		if (bops_file_write_atomic(path.ptr, out.ptr, out.len)) {
			fprintf(stderr, "seed_pack: cannot write %s\n",
			    path.ptr);
			status = 1;
		}
	}
	bops_buf_release(&in);
	bops_buf_release(&out);
	bops_buf_release(&path);
	return status;
}
