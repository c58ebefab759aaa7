/*
 * fuzz_schema: validation of a task, an objective, a sprint (schema and
 * the kind's rules) or bops.yaml.  The first byte picks the kind, the
 * rest is the file.  What validates is canonical: it emits, reads back
 * as it was written (unless the canonical form outgrew 1 MiB), validates
 * again and emits the same bytes.  Validation that keeps every problem
 * (bops check's) finds some exactly when the first-problem one does, each
 * naming the file.
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

/* The same text with every problem kept: some iff `bad`. */
static void
validate_all(enum fuzz_kind k, const char *text, size_t len, bool bad)
{
	struct bops_problems all = BOPS_PROBLEMS_INIT;
	struct bops_validate v = { fuzz_path(k), fuzz_lookup, NULL };
	struct bops_node *root = NULL;
	const struct bops_error *err;
	size_t i;

	if (k == FUZZ_CONFIG)
		err = bops_ws_config_check(&all, fuzz_schemas[k],
		    fuzz_path(k), text, len);
	else if ((err = bops_yaml_load(&root, fuzz_path(k), text, len)))
		bops_problems_add(&all, err);
	else if ((err = bops_schema_validate_all(fuzz_schemas[k], root, &v,
	    &all)) == NULL && (err = bops_record_validate(bops_kind_find(
	    fuzz_kind_names[k]), fuzz_schemas[k], "fuzz", root, &v)))
		bops_problems_add(&all, err);
	need((err != NULL) == bad, "keeping every problem: %s",
	    err ? err->msg : "none found");
	need((all.n > 0) == bad, "%zu problems kept", all.n);
	for (i = 0; i < all.n; i++)
		need(strncmp(all.v[i].msg, fuzz_path(k),
		    strlen(fuzz_path(k))) == 0, "problem '%s' does not name "
		    "the file", all.v[i].msg);
	bops_node_free(root);
	bops_problems_release(&all);
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
		validate_all(k, (const char *)data + 1, size - 1, true);
		return 0;
	}
	validate_all(k, (const char *)data + 1, size - 1, false);
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
