/*
 * fuzz.h: what the libFuzzer targets of tests/fuzz/ share.
 *
 * Each target is one file, fuzz_<name>.c, defining
 * LLVMFuzzerTestOneInput() over lib/ built with clang and
 * -fsanitize=fuzzer-no-link,address,undefined (`make fuzz`).  A broken
 * property calls need(), which aborts with the property and the input's
 * size: libFuzzer then keeps the input as a crasher.  Fixed crashers join
 * tests/fuzz/corpus/<name>/ and get a unit test.
 */
#ifndef BOPS_FUZZ_H
#define BOPS_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "node.h"
#include "schema.h"
#include "share.h"
#include "yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define need(cond, ...) do { \
	if (!(cond)) { \
		fprintf(stderr, "fuzz: %s:%d: %s: ", __FILE__, __LINE__, \
		    #cond); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
		abort(); \
	} \
} while (0)

/*
 * The kinds a target can read its input as: selected by the input's
 * first byte.  The schemas and the default config (for values_from, such
 * as board.columns) are loaded once and never freed.
 */
enum fuzz_kind { FUZZ_TASK, FUZZ_OKR, FUZZ_SPRINT, FUZZ_CONFIG, FUZZ_NKINDS };

static const char *const fuzz_kind_names[FUZZ_NKINDS] = {
	"task", "okr", "sprint", "config",
};

static struct bops_schema *fuzz_schemas[FUZZ_NKINDS];
static struct bops_node *fuzz_config;

static __attribute__((unused)) const struct bops_node *
fuzz_lookup(const char *key, void *arg)
{
	const struct bops_node *n = fuzz_config;
	char part[64];
	const char *dot;
	size_t len;

	(void)arg;
	while (n && *key) {
		dot = strchr(key, '.');
		len = dot ? (size_t)(dot - key) : strlen(key);
		if (len >= sizeof(part))
			return NULL;
		memcpy(part, key, len);
		part[len] = '\0';
		n = bops_node_map_get(n, part);
		key += len + (dot != NULL);
	}
	return n;
}

static __attribute__((unused)) void
fuzz_init(void)
{
	const struct bops_error *err;
	const char *tmpl;
	size_t i, len;

	if (fuzz_schemas[0])
		return;
	for (i = 0; i < FUZZ_NKINDS; i++)
		if ((err = bops_schema_builtin(&fuzz_schemas[i],
		    fuzz_kind_names[i]))) {
			fprintf(stderr, "fuzz: schema: %s\n", err->msg);
			abort();
		}
	tmpl = bops_share_get("templates/bops.yaml", &len);
	if ((err = bops_yaml_load(&fuzz_config, "bops.yaml", tmpl, len)) ||
	    (err = bops_schema_validate(fuzz_schemas[FUZZ_CONFIG], fuzz_config,
	    &(struct bops_validate){ "bops.yaml", NULL, NULL }))) {
		fprintf(stderr, "fuzz: template: %s\n", err->msg);
		abort();
	}
}

/* The path a record of kind would have, for messages. */
static __attribute__((unused)) const char *
fuzz_path(enum fuzz_kind k)
{
	static const char *const paths[FUZZ_NKINDS] = {
		"tasks/fu/fuzz.yaml", "okrs/fuzz.yaml", "sprints/fuzz.yaml",
		"bops.yaml",
	};

	return paths[k];
}

#endif
