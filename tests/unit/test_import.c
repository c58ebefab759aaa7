#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "import.h"
#include "out.h"
#include "workspace.h"
#include "banned.h"

#include "sandbox.h"

static const struct bops_schema *
task_schema(struct ws_fixture *f)
{
	const struct bops_schema *s = NULL;

	assert_null(bops_ws_schema(&s, f->ws, &bops_kind_task));
	return s;
}

static const struct bops_error *
read_as(struct bops_import *imp, struct ws_fixture *f,
    enum bops_import_format fmt, const char *text, const char *map)
{
	struct bops_import_opts o;

	memset(&o, 0, sizeof(o));
	o.path = "in.csv";
	o.map = map;
	o.first = "not-started";
	o.second = "processing";
	o.last = "done";
	o.by = "Lan Nguyen";
	return bops_import_read(imp, fmt, text, strlen(text), task_schema(f),
	    &o);
}

static void
csv_rows_are_marked_with_their_row_and_column(void **state)
{
	struct bops_import imp;
	const struct bops_node *n;

	assert_null(read_as(&imp, *state, BOPS_IMPORT_CSV,
	    "id,title,tags,description,notes\r\n"
	    "ab12,\"Gửi báo giá\",\"a\nb\",'=1+1,\"[{\"\"at\"\":"
	    "\"\"2026-11-21T08:00:00Z\"\",\"\"by\"\":\"\"Lan\"\","
	    "\"\"text\"\":\"\"gọi lại\"\"}]\"\n"
	    ",Đặt phòng,,,\n", NULL));
	assert_int_equal(imp.n, 2);
	assert_string_equal(imp.rows[0].id, "ab12");
	assert_int_equal(imp.rows[0].id_col, 1);
	n = bops_node_map_get(imp.rows[0].map, "title");
	assert_string_equal(n->str, "Gửi báo giá");
	assert_int_equal(n->line, 2);
	assert_int_equal(n->col, 2);
	n = bops_node_map_get(imp.rows[0].map, "tags");
	assert_int_equal(n->type, BOPS_NODE_SEQ);
	assert_int_equal(n->n, 2);
	assert_string_equal(n->items[1]->str, "b");
	/* The guard export put before a formula comes off. */
	assert_string_equal(bops_node_map_str(imp.rows[0].map, "description"),
	    "=1+1");
	/* A log is the JSON export writes: entries of at, by and text. */
	n = bops_node_map_get(imp.rows[0].map, "notes");
	assert_int_equal(n->type, BOPS_NODE_SEQ);
	assert_int_equal(n->n, 1);
	assert_string_equal(bops_node_map_str(n->items[0], "text"),
	    "gọi lại");
	assert_int_equal(n->items[0]->line, 2);
	assert_int_equal(n->items[0]->col, 5);
	assert_null(imp.rows[1].id);
	assert_null(bops_node_map_get(imp.rows[1].map, "notes"));
	assert_int_equal(imp.rows[1].row, 3);
	bops_import_release(&imp);
}

static void
csv_problems_name_the_row_and_column(void **state)
{
	static const struct {
		const char *text, *map, *msg;
	} rows[] = {
		{ "title,nope\nx,y\n", NULL, "in.csv:1:2: no field 'nope'" },
		{ "title\nx,y\n", NULL, "in.csv:2:2: more cells" },
		{ "title,due\nx\n", NULL, "in.csv:2:1: 1 cells, the header" },
		{ "title\n\"x\033y\"\n", NULL, "in.csv:2:1: control character "
		    "U+001B" },
		{ "title\n\"open\n", NULL, "in.csv:" },
		{ "Subject\nx\n", "Subject", "--map: want" },
		{ "", NULL, "in.csv:1:1: no header row" },
	};
	struct bops_import imp;
	const struct bops_error *err;
	size_t i;

	for (i = 0; i < N(rows); i++) {
		err = read_as(&imp, *state, BOPS_IMPORT_CSV, rows[i].text,
		    rows[i].map);
		assert_non_null(err);
		if (strstr(err->msg, rows[i].msg) == NULL)
			fail_msg("row %zu: '%s' lacks '%s'", i, err->msg,
			    rows[i].msg);
		assert_int_equal(imp.n, 0);
	}
}

static void
map_renames_columns(void **state)
{
	struct bops_import imp;

	assert_null(read_as(&imp, *state, BOPS_IMPORT_CSV,
	    "Subject,Due date\nCall,2026-11-30\n",
	    "Subject=title,Due date=due"));
	assert_string_equal(bops_node_map_str(imp.rows[0].map, "title"),
	    "Call");
	assert_string_equal(bops_node_map_str(imp.rows[0].map, "due"),
	    "2026-11-30");
	bops_import_release(&imp);
}

static void
taskwarrior_tasks_are_mapped_and_deleted_ones_left_out(void **state)
{
	struct bops_import imp;
	const struct bops_node *m, *notes;
	const struct bops_error *err;

	assert_null(read_as(&imp, *state, BOPS_IMPORT_TASKWARRIOR,
	    "[{\"uuid\":\"A312264C-b71b\",\"description\":\"Gửi\","
	    "\"status\":\"pending\",\"start\":\"20261202T091024Z\","
	    "\"priority\":\"H\",\"project\":\"sales\",\"tags\":[\"k\"],"
	    "\"due\":\"20261127T000000Z\",\"entry\":\"20261120T101500Z\","
	    "\"annotations\":[{\"entry\":\"20261121T080000Z\","
	    "\"description\":\"gọi lại\"},{\"entry\":\"20261120T110000Z\","
	    "\"description\":\"báo giá\"}],\"urgency\":19.2},"
	    "{\"uuid\":\"x\",\"description\":\"gone\",\"status\":\"deleted\"},"
	    "{\"uuid\":\"y\",\"description\":\"Gọi\",\"status\":\"pending\","
	    "\"annotations\":[{\"entry\":\"20261121T080000Z\","
	    "\"description\":\"ok\"}],\"owner\":\"Minh Tran\"}]",
	    NULL));
	assert_int_equal(imp.n, 3);
	assert_int_equal(imp.skipped, 1);
	assert_true(imp.rows[1].skip);
	m = imp.rows[0].map;
	assert_string_equal(imp.rows[0].id, "a312264c-b71b");
	assert_string_equal(bops_node_map_str(m, "title"), "Gửi");
	assert_string_equal(bops_node_map_str(m, "status"), "processing");
	assert_string_equal(bops_node_map_str(m, "priority"), "high");
	assert_string_equal(bops_node_map_str(m, "x_project"), "sales");
	assert_string_equal(bops_node_map_str(m, "due"), "2026-11-27");
	assert_string_equal(bops_node_map_str(m, "created"),
	    "2026-11-20T10:15:00Z");
	assert_string_equal(bops_node_map_str(m, "started"),
	    "2026-12-02T09:10:24Z");
	/* Annotations are notes entries, by the one who imports. */
	notes = bops_node_map_get(m, "notes");
	assert_int_equal(notes->type, BOPS_NODE_SEQ);
	assert_int_equal(notes->n, 2);
	assert_string_equal(bops_node_map_str(notes->items[0], "at"),
	    "2026-11-21T08:00:00Z");
	assert_string_equal(bops_node_map_str(notes->items[0], "by"),
	    "Lan Nguyen");
	assert_string_equal(bops_node_map_str(notes->items[0], "text"),
	    "gọi lại");
	assert_string_equal(bops_node_map_str(notes->items[1], "at"),
	    "2026-11-20T11:00:00Z");
	assert_null(bops_node_map_get(m, "urgency"));
	/* A task's owner (a UDA) wrote its annotations. */
	notes = bops_node_map_get(imp.rows[2].map, "notes");
	assert_string_equal(bops_node_map_str(notes->items[0], "by"),
	    "Minh Tran");
	assert_null(bops_node_map_get(imp.rows[2].map, "owner"));
	bops_import_release(&imp);
	/* A note needs its time: an annotation without one is refused. */
	err = read_as(&imp, *state, BOPS_IMPORT_TASKWARRIOR,
	    "[{\"uuid\":\"y\",\"description\":\"Gọi\",\"status\":\"pending\","
	    "\"annotations\":[{\"description\":\"ok\"}]}]", NULL);
	assert_non_null(err);
	assert_string_equal(err->msg, "in.csv:1:4: annotations: want an "
	    "entry instant as task export writes it (20261127T093000Z)");
	assert_int_equal(imp.n, 0);
}

static void
json_records_of_another_kind_are_refused(void **state)
{
	struct bops_import imp;
	const struct bops_error *err;

	err = read_as(&imp, *state, BOPS_IMPORT_JSON,
	    "[{\"kind\":\"task\",\"id\":\"a1\",\"title\":\"x\",\"estimate\":2.5},"
	    "{\"kind\":\"okr\",\"id\":\"o\"}]", NULL);
	assert_non_null(err);
	assert_string_equal(err->msg, "in.csv:2:1: a record of another kind");
	assert_null(read_as(&imp, *state, BOPS_IMPORT_JSON,
	    "[{\"kind\":\"task\",\"id\":\"a1\",\"title\":\"x\",\"estimate\":2.5,"
	    "\"tags\":[\"a\",\"b\"]}]", NULL));
	assert_string_equal(bops_node_map_str(imp.rows[0].map, "estimate"),
	    "2.5");
	assert_int_equal(bops_node_map_get(imp.rows[0].map, "tags")->n, 2);
	bops_import_release(&imp);
	err = read_as(&imp, *state, BOPS_IMPORT_JSON, "{\"a\":1}", NULL);
	assert_string_equal(err->msg, "in.csv:1:1: want an array of records");
}

static void
csv_guard_is_exactly_the_cells_a_spreadsheet_would_run(void **state)
{
	static const struct {
		const char *cell, *out;
	} rows[] = {
		{ "=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0" },
		{ "+1", "'+1" }, { "-2+3", "'-2+3" }, { "@SUM(1)", "'@SUM(1)" },
		{ "'=x", "''=x" }, { "'hello", "'hello" }, { "don't", "don't" },
		{ "a=b", "a=b" }, { "", "" },
	};
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < N(rows); i++) {
		bops_buf_reset(&b);
		bops_csv_field_text(&b, rows[i].cell);
		assert_string_equal(b.ptr ? b.ptr : "", rows[i].out);
	}
	bops_buf_release(&b);
}

#define TS(name) cmocka_unit_test_setup_teardown(name, ws_setup, \
    ws_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		TS(csv_rows_are_marked_with_their_row_and_column),
		TS(csv_problems_name_the_row_and_column),
		TS(map_renames_columns),
		TS(taskwarrior_tasks_are_mapped_and_deleted_ones_left_out),
		TS(json_records_of_another_kind_are_refused),
		cmocka_unit_test(
		    csv_guard_is_exactly_the_cells_a_spreadsheet_would_run),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
