#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alias.h"
#include "buf.h"
#include "error.h"
#include "yaml.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Words as the shell splits them, joined by '|' for comparison. */
static void
split_is_the_shell_s_without_expansion(void **state)
{
	static const struct {
		const char *text, *words;
	} rows[] = {
		{ "task list assignee=me", "task|list|assignee=me" },
		{ "task list 'status!=done'", "task|list|status!=done" },
		{ "task list \"title~Tết sale\"", "task|list|title~Tết sale" },
		{ "  task   done  ", "task|done" },
		{ "task list a\\ b", "task|list|a b" },
		{ "task list $HOME *", "task|list|$HOME|*" },
		{ "log --since 'last monday'", "log|--since|last monday" },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	char **w;
	size_t i, k;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		assert_null(bops_alias_split(&w, "a", rows[i].text));
		bops_buf_reset(&b);
		for (k = 0; w[k]; k++)
			bops_buf_printf(&b, "%s%s", k ? "|" : "", w[k]);
		if (strcmp(b.ptr, rows[i].words))
			fail_msg("'%s': %s, not %s", rows[i].text, b.ptr,
			    rows[i].words);
		bops_alias_free(w);
	}
	bops_buf_release(&b);
}

static void
split_refuses_what_is_no_command_line(void **state)
{
	static const struct {
		const char *text, *msg;
	} rows[] = {
		{ "", "alias 'a': no command" },
		{ "   ", "alias 'a': no command" },
		{ "task 'list", "alias 'a': a quote is not closed" },
		{ "task \"list", "alias 'a': a quote is not closed" },
	};
	const struct bops_error *err;
	char **w;
	size_t i;

	(void)state;
	for (i = 0; i < NELEM(rows); i++) {
		err = bops_alias_split(&w, "a", rows[i].text);
		assert_non_null(err);
		assert_null(w);
		assert_int_equal(err->code, BOPS_ERR_INVALID);
		assert_string_equal(err->msg, rows[i].msg);
	}
}

/* Every problem of the aliases of a config, with its place. */
static void
check_refuses_names_that_shadow_commands(void **state)
{
	static const char *reserved[] = { "task", "log", "show", NULL };
	static const char text[] =
	    "name: x\n"
	    "alias:\n"
	    "  mine: task list assignee=me\n"
	    "  log: task log\n"
	    "  Bad: task list\n"
	    "  open: \"task 'list\"\n"
	    "  task: show\n";
	struct bops_problems all = BOPS_PROBLEMS_INIT;
	struct bops_node *doc = NULL;
	const struct bops_error *err;

	(void)state;
	assert_null(bops_yaml_load(&doc, "bops.yaml", text, strlen(text)));
	err = bops_alias_check(&all, "bops.yaml", doc, reserved);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_INVALID);
	assert_string_equal(err->msg, "bops.yaml:4:8: alias 'log' would "
	    "shadow the command 'log'");
	assert_int_equal(all.n, 4);
	assert_string_equal(all.v[1].msg, "bops.yaml:5:8: alias 'Bad': a "
	    "name is letters, digits, '-' and '_'");
	assert_string_equal(all.v[2].msg, "bops.yaml:6:9: alias 'open': a "
	    "quote is not closed");
	assert_string_equal(all.v[3].msg, "bops.yaml:7:9: alias 'task' would "
	    "shadow the command 'task'");
	err = bops_alias_check(NULL, "bops.yaml", doc, reserved);
	assert_string_equal(err->msg, "bops.yaml:4:8: alias 'log' would "
	    "shadow the command 'log'");
	bops_problems_release(&all);
	bops_node_free(doc);
}

static void
check_passes_a_config_without_aliases(void **state)
{
	static const char *reserved[] = { "task", NULL };
	static const char text[] = "name: x\nalias:\n  mine: task list\n";
	struct bops_node *doc = NULL;

	(void)state;
	assert_null(bops_alias_check(NULL, "bops.yaml", NULL, reserved));
	assert_null(bops_yaml_load(&doc, "bops.yaml", text, strlen(text)));
	assert_null(bops_alias_check(NULL, "bops.yaml", doc, reserved));
	bops_node_free(doc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(split_is_the_shell_s_without_expansion),
		cmocka_unit_test(split_refuses_what_is_no_command_line),
		cmocka_unit_test(check_refuses_names_that_shadow_commands),
		cmocka_unit_test(check_passes_a_config_without_aliases),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
