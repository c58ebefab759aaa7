/*
 * fuzz_schema: validation of a task, an objective, a sprint (schema and
 * the kind's rules) or bops.yaml.  The first byte picks the kind, the
 * rest is the file.  What validates is canonical: it emits, reads back
 * as it was written (unless the canonical form outgrew 1 MiB), validates
 * again and emits the same bytes.
 */
#include "fuzz.h"
#include "kind.h"
#include "record.h"
#include "workspace.h"
#include "banned.h"

static const struct bops_error *
validate(enum fuzz_kind k, const char *text, size_t len,
    struct bops_node **out)
{
	const struct bops_error *err;
	struct bops_validate v = { fuzz_path(k), fuzz_lookup, NULL };

	*out = NULL;
	if (k == FUZZ_CONFIG)
		return bops_ws_config_parse(out, fuzz_schemas[k], fuzz_path(k),
		    text, len);
	if ((err = bops_yaml_load(out, fuzz_path(k), text, len)))
		return err;
	if ((err = bops_record_validate(bops_kind_find(fuzz_kind_names[k]),
	    fuzz_schemas[k], "fuzz", *out, &v))) {
		bops_node_free(*out);
		*out = NULL;
	}
	return err;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct bops_error *err;
	struct bops_node *root, *back;
	struct bops_buf out = BOPS_BUF_INIT, again = BOPS_BUF_INIT;
	enum fuzz_kind k;

	if (size < 1)
		return 0;
	fuzz_init();
	k = (enum fuzz_kind)(data[0] % FUZZ_NKINDS);
	err = validate(k, (const char *)data + 1, size - 1, &root);
	if (err) {
		need(root == NULL, "a tree with an error");
		need(err->code == BOPS_ERR_INVALID, "code %d: %s", err->code,
		    err->msg);
		need(strncmp(err->msg, fuzz_path(k), strlen(fuzz_path(k))) ==
		    0, "message '%s' does not name the file", err->msg);
		return 0;
	}
	err = bops_yaml_emit(&out, root);
	need(err == NULL, "emit: %s", err->msg);
	err = bops_yaml_verify(fuzz_path(k), out.ptr, out.len, root);
	if (out.len > BOPS_YAML_MAX_SIZE)
		need(err != NULL, "over the size and verified");
	else {
		need(err == NULL, "verify: %s\n%s", err->msg, out.ptr);
		err = validate(k, out.ptr, out.len, &back);
		need(err == NULL, "canonical text does not validate: %s\n%s",
		    err->msg, out.ptr);
		need(bops_node_equal(root, back), "validating again changed "
		    "it:\n%s", out.ptr);
		need(bops_yaml_emit(&again, back) == NULL, "emit again");
		need(again.len == out.len && memcmp(again.ptr, out.ptr,
		    out.len) == 0, "not canonical:\n%s\n---\n%s", out.ptr,
		    again.ptr);
		bops_node_free(back);
	}
	bops_node_free(root);
	bops_buf_release(&out);
	bops_buf_release(&again);
	return 0;
}
