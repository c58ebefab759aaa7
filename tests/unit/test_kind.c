#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "id.h"
#include "kind.h"
#include "schema.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void
kinds_are_indexed_and_unique(void **state)
{
	size_t i, j;

	assert_true(BOPS_KIND__COUNT >= 1);
	assert_string_equal(bops_kind_task.name, "task");
	assert_string_equal(bops_kind_task.dir, "tasks");
	assert_true(bops_kind_task.sharded);
	for (i = 0; i < BOPS_KIND__COUNT; i++) {
		assert_int_equal(bops_kinds[i].index, i);
		assert_true(strlen(bops_kinds[i].name) > 0);
		assert_true(strlen(bops_kinds[i].dir) > 0);
		assert_null(strchr(bops_kinds[i].dir, '/'));
		for (j = 0; j < i; j++) {
			assert_string_not_equal(bops_kinds[i].name,
			    bops_kinds[j].name);
			assert_string_not_equal(bops_kinds[i].dir,
			    bops_kinds[j].dir);
		}
	}
}

static void
find_returns_the_kind_by_name(void **state)
{
	size_t i;

	for (i = 0; i < BOPS_KIND__COUNT; i++)
		assert_ptr_equal(bops_kind_find(bops_kinds[i].name),
		    &bops_kinds[i]);
	assert_ptr_equal(bops_kind_find("task"), &bops_kind_task);
	assert_null(bops_kind_find("tasks"));
	assert_null(bops_kind_find("Task"));
	assert_null(bops_kind_find("tas"));
	assert_null(bops_kind_find(""));
	assert_null(bops_kind_find("nope"));
}

static void
of_path_reads_back_every_record_path(void **state)
{
	static const char *ids[] = { "7kq3m2x9ab", "a", "ab", "save-the-world",
	    "2026-w48", "0" };
	struct bops_buf path = BOPS_BUF_INIT;
	char id[BOPS_ID_MAX_LEN + 1];
	char longid[BOPS_ID_MAX_LEN + 1];
	size_t i, j;

	memset(longid, 'z', BOPS_ID_MAX_LEN);
	longid[BOPS_ID_MAX_LEN] = '\0';
	for (i = 0; i < BOPS_KIND__COUNT; i++)
		for (j = 0; j <= N(ids); j++) {
			const char *want = j < N(ids) ? ids[j] : longid;

			bops_id_path(&path, bops_kinds[i].dir,
			    bops_kinds[i].sharded, want);
			memset(id, 'X', sizeof(id));
			if (bops_kind_of_path(path.ptr, id) != &bops_kinds[i])
				fail_msg("'%s' is not a %s", path.ptr,
				    bops_kinds[i].name);
			assert_string_equal(id, want);
		}
	bops_buf_release(&path);
}

/* kind: the expected kind's name, NULL when the path is no record's. */
static const struct {
	const char *path;
	const char *kind;
	const char *id;
} paths[] = {
	{ "tasks/7k/7kq3m2x9ab.yaml", "task", "7kq3m2x9ab" },
	{ "tasks/a/a.yaml", "task", "a" },
	{ "tasks/sa/save-the-world.yaml", "task", "save-the-world" },
	/* A misplaced shard still names the id: `check` reports it. */
	{ "tasks/zz/7kq3m2x9ab.yaml", "task", "7kq3m2x9ab" },
	{ "okrs/save-the-world.yaml", "okr", "save-the-world" },
	{ "okrs/a.yaml", "okr", "a" },
	/* Wrong extension. */
	{ "tasks/7k/7kq3m2x9ab.yml", NULL, NULL },
	{ "tasks/7k/7kq3m2x9ab.yaml~", NULL, NULL },
	{ "tasks/7k/7kq3m2x9ab.YAML", NULL, NULL },
	{ "tasks/7k/7kq3m2x9ab", NULL, NULL },
	{ "tasks/7k/7kq3m2x9ab.yaml.bops-tmp", NULL, NULL },
	{ "tasks/7k/7kq3m2x9ab.json", NULL, NULL },
	{ "okrs/save-the-world.yml", NULL, NULL },
	/* Wrong nesting. */
	{ "tasks/7kq3m2x9ab.yaml", NULL, NULL },
	{ "tasks/7k/xx/7kq3m2x9ab.yaml", NULL, NULL },
	{ "okrs/sa/save-the-world.yaml", NULL, NULL },
	{ "okrs/save-the-world/x.yaml", NULL, NULL },
	{ "7kq3m2x9ab.yaml", NULL, NULL },
	{ "x/tasks/7k/7kq3m2x9ab.yaml", NULL, NULL },
	{ "/tasks/7k/7kq3m2x9ab.yaml", NULL, NULL },
	{ "tasks", NULL, NULL },
	{ "tasks/", NULL, NULL },
	{ "", NULL, NULL },
	/* A directory that only starts like a kind's. */
	{ "tasksx/7k/7kq3m2x9ab.yaml", NULL, NULL },
	{ "task/7k/7kq3m2x9ab.yaml", NULL, NULL },
	{ "okrsx/a.yaml", NULL, NULL },
	/* Bad ids. */
	{ "tasks/7k/.yaml", NULL, NULL },
	{ "tasks/7k/7KQ3.yaml", NULL, NULL },
	{ "tasks/-r/-rf.yaml", NULL, NULL },
	{ "tasks/.y/.yaml.yaml", NULL, NULL },
	{ "tasks/a_/a_b.yaml", NULL, NULL },
	{ "tasks/a /a b.yaml", NULL, NULL },
	{ "tasks/7k/7k.q3.yaml", NULL, NULL },
	{ "okrs/.yaml", NULL, NULL },
	{ "okrs/Save.yaml", NULL, NULL },
	{ "okrs/caf\xc3\xa9.yaml", NULL, NULL },
	{ "okrs/..yaml", NULL, NULL },
};

static void
of_path_follows_the_table(void **state)
{
	const struct bops_kind *want, *got;
	char id[BOPS_ID_MAX_LEN + 1];
	size_t i;

	for (i = 0; i < N(paths); i++) {
		want = paths[i].kind ? bops_kind_find(paths[i].kind) : NULL;
		if (paths[i].kind && want == NULL)
			continue;	/* a kind this build does not have */
		id[0] = '\0';
		got = bops_kind_of_path(paths[i].path, id);
		if (got != want)
			fail_msg("'%s': got %s, want %s", paths[i].path,
			    got ? got->name : "none",
			    want ? want->name : "none");
		if (want)
			assert_string_equal(id, paths[i].id);
	}
}

static void
of_path_rejects_ids_past_the_maximum(void **state)
{
	char path[200], id[BOPS_ID_MAX_LEN + 1], longid[BOPS_ID_MAX_LEN + 2];
	size_t i;

	memset(longid, 'q', sizeof(longid) - 1);
	longid[sizeof(longid) - 1] = '\0';
	for (i = 0; i < BOPS_KIND__COUNT; i++) {
		if (bops_kinds[i].sharded)
			snprintf(path, sizeof(path), "%s/qq/%s.yaml",
			    bops_kinds[i].dir, longid);
		else
			snprintf(path, sizeof(path), "%s/%s.yaml",
			    bops_kinds[i].dir, longid);
		memset(id, 'X', sizeof(id));
		assert_null(bops_kind_of_path(path, id));
	}
}

static void
of_path_rejects_the_other_layout(void **state)
{
	struct bops_buf path = BOPS_BUF_INIT;
	char id[BOPS_ID_MAX_LEN + 1];
	size_t i;

	/* Each kind's records in the layout of the other kind of kind. */
	for (i = 0; i < BOPS_KIND__COUNT; i++) {
		bops_id_path(&path, bops_kinds[i].dir, !bops_kinds[i].sharded,
		    "7kq3m2x9ab");
		if (bops_kind_of_path(path.ptr, id) != NULL)
			fail_msg("'%s' accepted", path.ptr);
	}
	bops_buf_release(&path);
}

static void
every_kind_has_a_summary_rules_and_a_schema(void **state)
{
	struct bops_schema *built = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < BOPS_KIND__COUNT; i++) {
		const struct bops_kind *k = &bops_kinds[i];

		assert_non_null(k->summary);
		assert_true(strlen(k->summary) > 10);
		assert_non_null(k->rules);
		if (bops_schema_builtin(&built, k->name))
			fail_msg("kind '%s' has no share/schemas/%s.yaml",
			    k->name, k->name);
		bops_schema_free(built);
		built = NULL;
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kinds_are_indexed_and_unique),
		cmocka_unit_test(every_kind_has_a_summary_rules_and_a_schema),
		cmocka_unit_test(find_returns_the_kind_by_name),
		cmocka_unit_test(of_path_reads_back_every_record_path),
		cmocka_unit_test(of_path_follows_the_table),
		cmocka_unit_test(of_path_rejects_ids_past_the_maximum),
		cmocka_unit_test(of_path_rejects_the_other_layout),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
