#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Only to point libgit2's global config search at a directory we own. */
#include <git2.h>

#include "buf.h"
#include "error.h"
#include "git.h"
#include "id.h"
#include "kind.h"
#include "node.h"
#include "record.h"
#include "workspace.h"
#include "yaml.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#include "sandbox.h"

struct fixture {
	struct ws_fixture w;
	struct bops_record *rec;	/* a new task "t1", title "First" */
};

static int
setup(void **state)
{
	const struct bops_error *err;
	struct fixture *f = calloc(1, sizeof(*f));

	/* The clock of the workspace, 2026-11-23, is a Monday. */
	if (f == NULL || ws_fixture_open(&f->w, NULL)) {
		free(f);
		return -1;
	}
	if ((err = bops_record_new(&f->rec, f->w.ws, &bops_kind_task,
	    "t1")) || (err = bops_record_set(f->rec, f->w.ws, "title",
	    "First"))) {
		fprintf(stderr, "setup: %s\n", err->msg);
		bops_record_free(f->rec);
		ws_fixture_close(&f->w);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	bops_record_free(f->rec);
	ws_fixture_close(&f->w);
	free(f);
	return 0;
}

/* A field's value as text: scalars as they are, lists joined by ','. */
static const char *
value_of(const struct bops_record *rec, const char *field)
{
	static char out[512];
	const struct bops_node *n = bops_record_get(rec, field);
	size_t i;

	if (n == NULL)
		return NULL;
	if (n->type == BOPS_NODE_SCALAR)
		return n->str;
	out[0] = '\0';
	for (i = 0; i < n->n; i++) {
		if (i)
			strncat(out, ",", sizeof(out) - strlen(out) - 1);
		strncat(out, n->items[i]->str, sizeof(out) - strlen(out) - 1);
	}
	return out;
}

/* A tree from YAML text. */
static struct bops_node *
tree(const char *text)
{
	const struct bops_error *err;
	struct bops_node *n = NULL;

	if ((err = bops_yaml_load(&n, "x.yaml", text, strlen(text))))
		fail_msg("load: %s", err->msg);
	return n;
}

static void
new_holds_the_schema_defaults(void **state)
{
	struct fixture *f = *state;
	struct bops_record *rec = (struct bops_record *)f;
	struct bops_buf want = BOPS_BUF_INIT;

	assert_null(bops_record_new(&rec, f->w.ws, &bops_kind_task, NULL));
	assert_non_null(rec);
	assert_int_equal(strlen(rec->id), BOPS_ID_GEN_LEN);
	assert_true(bops_id_valid(rec->id));
	bops_buf_printf(&want, "tasks/%.2s/%s.yaml", rec->id, rec->id);
	assert_string_equal(rec->path, want.ptr);
	assert_string_equal(rec->blob, "");
	assert_ptr_equal(rec->kind, &bops_kind_task);
	assert_non_null(rec->schema);
	assert_string_equal(keys_of(rec->root), "status");
	assert_string_equal(bops_record_str(rec, "status"), "not-started");
	assert_int_equal(bops_record_get(rec, "status")->style,
	    BOPS_SCALAR_RAW);
	assert_null(bops_record_str(rec, "title"));
	/* With no title the id names it. */
	assert_string_equal(bops_record_title(rec), rec->id);
	bops_record_free(rec);
	bops_record_free(NULL);
	bops_buf_release(&want);
}

static void
take_moves_the_whole_record(void **state)
{
	struct fixture *f = *state;
	struct bops_record *rec = NULL, *took;
	const struct bops_node *root;
	char *path;

	assert_null(bops_record_new(&rec, f->w.ws, &bops_kind_task,
	    "review-q3"));
	memcpy(rec->blob, "0123456789abcdef0123456789abcdef01234567",
	    sizeof(rec->blob));
	rec->was = bops_strdup("tasks/re/review-q3.yaml:1:1: note: old");
	root = rec->root;
	path = rec->path;
	took = bops_record_take(rec);
	assert_ptr_equal(took->root, root);
	assert_ptr_equal(took->path, path);
	assert_string_equal(took->id, "review-q3");
	assert_string_equal(took->blob, rec->blob);
	assert_string_equal(took->was, "tasks/re/review-q3.yaml:1:1: "
	    "note: old");
	assert_ptr_equal(took->kind, &bops_kind_task);
	assert_ptr_equal(took->schema, rec->schema);
	/* What is left owns nothing: both are freed, nothing twice. */
	assert_null(rec->root);
	assert_null(rec->path);
	assert_null(rec->was);
	bops_record_free(rec);
	assert_string_equal(bops_record_str(took, "status"), "not-started");
	bops_record_free(took);
}

static void
new_takes_a_slug_folded_to_lower_case(void **state)
{
	struct fixture *f = *state;
	const struct bops_error *err;
	struct bops_record *rec;

	assert_null(bops_record_new(&rec, f->w.ws, &bops_kind_task,
	    "Save-The-World"));
	assert_string_equal(rec->id, "save-the-world");
	assert_string_equal(rec->path, "tasks/sa/save-the-world.yaml");
	bops_record_free(rec);

	rec = (struct bops_record *)f;
	err = bops_record_new(&rec, f->w.ws, &bops_kind_task, "../x");
	assert_non_null(err);
	assert_null(rec);
	assert_int_equal(err->code, BOPS_ERR_USAGE);
	assert_string_equal(err->msg, "invalid id '../x'");
	err = bops_record_new(&rec, f->w.ws, &bops_kind_task, "");
	assert_int_equal(err->code, BOPS_ERR_USAGE);
	assert_null(rec);
}

static void
title_is_the_title_field(void **state)
{
	struct fixture *f = *state;

	assert_string_equal(bops_record_title(f->rec), "First");
	assert_string_equal(f->rec->id, "t1");
	assert_string_equal(f->rec->path, "tasks/t1/t1.yaml");
}

/*
 * Assignments applied one after the other to task t1.  field is the
 * field to look at afterwards, expect its value (lists joined by ',';
 * NULL: absent); msg the USAGE error (NULL: success).
 */
static const struct {
	const char *expr;
	const char *field;
	const char *expect;
	const char *msg;
} assigns[] = {
	{ "title=Ship it", "title", "Ship it", NULL },
	{ "title=a=b", "title", "a=b", NULL },
	{ "status=processing", "status", "processing", NULL },
	{ "status=nope", "status", "processing",
	    "field 'status': 'nope' is not one of: not-started, processing, "
	    "done" },
	/* an enum value in another case is stored as configured */
	{ "status=Done", "status", "done", NULL },
	{ "status=PROCESSING", "status", "processing", NULL },
	{ "priority=high", "priority", "high", NULL },
	{ "due=2026-11-30", "due", "2026-11-30", NULL },
	{ "due=friday", "due", "2026-11-27", NULL },
	{ "due=+1w", "due", "2026-11-30", NULL },
	{ "due=today", "due", "2026-11-23", NULL },
	{ "due=2026-13-01", "due", "2026-11-23",
	    "field 'due': must be a date (YYYY-MM-DD, today, +3d, friday, "
	    "2026-w48, eow...)" },
	{ "due=in 3 days", "due", "2026-11-26", NULL },
	{ "due=dec 24", "due", "2026-12-24", NULL },
	{ "due=12/24", "due", "2026-12-24",
	    "field 'due': is an ambiguous date: write YYYY-MM-DD "
	    "(2026-12-24) or the month's name (dec 24, 24 dec); bops(7) "
	    "lists every form" },
	{ "due=", "due", NULL, NULL },
	{ "due=", "due", NULL, NULL },
	{ "estimate=4.50", "estimate", "4.5", NULL },
	{ "estimate=-1", "estimate", "4.5",
	    "field 'estimate': must be at least 0" },
	{ "estimate=", "estimate", NULL, NULL },
	{ "tags+=b", "tags", "b", NULL },
	{ "tags+=a", "tags", "b,a", NULL },
	{ "tags+=b", "tags", "b,a", NULL },
	{ "tags-=zz", "tags", "b,a", NULL },
	{ "tags-=b", "tags", "a", NULL },
	{ "tags-=a", "tags", NULL, NULL },
	{ "tags-=a", "tags", NULL, NULL },
	{ "tags+=", "tags", NULL, "field 'tags': nothing to add" },
	{ "tags-=", "tags", NULL, "field 'tags': nothing to remove" },
	{ "tags=x,,y", "tags", "x,y", NULL },
	{ "tags+=two words", "tags", "x,y,two words", NULL },
	{ "tags=", "tags", NULL, NULL },
	{ "tags=,,", "tags", NULL, NULL },
	{ "tags+=me", "tags", "me", NULL },
	{ "title+=x", "title", "a=b",
	    "field 'title' is not a list: use title=value" },
	{ "due-=x", "due", NULL, "field 'due' is not a list: use due=value" },
	{ "title=", "title", "a=b",
	    "field 'title' is required and cannot be cleared" },
	{ "status=", "status", "processing",
	    "field 'status' is required and cannot be cleared" },
	{ "created=2026-01-01T00:00:00Z", "created", NULL,
	    "field 'created' is set by bops and cannot be changed" },
	{ "updated=", "updated", NULL,
	    "field 'updated' is set by bops and cannot be changed" },
	{ "colour=red", "colour", NULL, "unknown field 'colour' for task" },
	{ "x_colour=red", "x_colour", "red", NULL },
	{ "x_colour=dark red", "x_colour", "dark red", NULL },
	{ "x_colour+=a", "x_colour", "dark red",
	    "unknown field 'x_colour' for task" },
	{ "x_colour=", "x_colour", NULL, NULL },
	{ "assignee=me", "assignee", "Test", NULL },
	{ "assignee=Bob", "assignee", "Bob", NULL },
	{ "assignee=", "assignee", NULL, NULL },
	{ "kr=Save-The-World/2", "kr", "save-the-world/2", NULL },
	{ "kr=obj/x", "kr", "save-the-world/2",
	    "field 'kr': must be an id (or OBJECTIVE/N)" },
	{ "sprint=2026-W48", "sprint", "2026-w48", NULL },
	{ "description=one line", "description", "one line", NULL },
	{ "rank=0i", "rank", "0i", NULL },
	{ "Title=x", "title", "a=b",
	    "expected field=value, field+=item or field-=item, got 'Title=x'" },
	{ "title", "title", "a=b",
	    "expected field=value, field+=item or field-=item, got 'title'" },
	{ "title!=x", "title", "a=b",
	    "expected field=value, field+=item or field-=item, got "
	    "'title!=x'" },
	{ "due<2026-12-01", "due", NULL,
	    "expected field=value, field+=item or field-=item, got "
	    "'due<2026-12-01'" },
	{ "board.wip=3", "board", NULL,
	    "expected field=value, field+=item or field-=item, got "
	    "'board.wip=3'" },
	{ "=x", "title", "a=b",
	    "expected field=value, field+=item or field-=item, got '=x'" },
};

static void
assign_follows_the_table(void **state)
{
	struct fixture *f = *state;
	const struct bops_error *err;
	const char *got;
	size_t i;

	for (i = 0; i < N(assigns); i++) {
		err = bops_record_assign(f->rec, f->w.ws, assigns[i].expr);
		if (assigns[i].msg == NULL && err != NULL)
			fail_msg("'%s': %s", assigns[i].expr, err->msg);
		if (assigns[i].msg != NULL) {
			if (err == NULL)
				fail_msg("'%s' accepted", assigns[i].expr);
			assert_int_equal(err->code, BOPS_ERR_USAGE);
			if (strcmp(err->msg, assigns[i].msg))
				fail_msg("'%s': got \"%s\", want \"%s\"",
				    assigns[i].expr, err->msg,
				    assigns[i].msg);
		}
		got = value_of(f->rec, assigns[i].field);
		if (assigns[i].expect == NULL ? got != NULL :
		    got == NULL || strcmp(got, assigns[i].expect))
			fail_msg("after '%s': %s is '%s', want '%s'",
			    assigns[i].expr, assigns[i].field,
			    got ? got : "(absent)",
			    assigns[i].expect ? assigns[i].expect :
			    "(absent)");
	}
}

static void
assign_keeps_canonical_styles(void **state)
{
	struct fixture *f = *state;

	assert_null(bops_record_assign(f->rec, f->w.ws, "title=NO"));
	assert_null(bops_record_assign(f->rec, f->w.ws, "due=2026-12-01"));
	assert_null(bops_record_assign(f->rec, f->w.ws, "tags+=1.10"));
	assert_int_equal(bops_record_get(f->rec, "title")->style,
	    BOPS_SCALAR_TEXT);
	assert_int_equal(bops_record_get(f->rec, "due")->style,
	    BOPS_SCALAR_RAW);
	assert_int_equal(bops_record_get(f->rec, "tags")->items[0]->style,
	    BOPS_SCALAR_TEXT);
}

/* notes+= and bops_record_note add a stamped, attributed entry to the
 * notes log; the log takes nothing else. */
static void
notes_are_stamped_and_attributed(void **state)
{
	struct fixture *f = *state;
	struct bops_buf out = BOPS_BUF_INIT;
	const struct bops_error *err;
	static const struct {
		const char *expr, *msg;
	} bad[] = {
		{ "notes+=", "field 'notes': nothing to add" },
		{ "notes-=x", "field 'notes' is not a list: use notes=value" },
		{ "notes=x", "field 'notes' holds a list of entries: change "
		    "it with its own verb or `edit`" },
	};
	size_t i;

	assert_null(bops_record_assign(f->rec, f->w.ws,
	    "notes+=Gọi nhà in: giao thứ Sáu"));
	assert_null(bops_record_note(f->rec, f->w.ws, "notes",
	    "two\nlines"));
	for (i = 0; i < N(bad); i++) {
		err = bops_record_assign(f->rec, f->w.ws, bad[i].expr);
		assert_non_null(err);
		assert_int_equal(err->code, BOPS_ERR_USAGE);
		if (strstr(err->msg, bad[i].msg) == NULL)
			fail_msg("%s: '%s'", bad[i].expr, err->msg);
	}
	err = bops_record_note(f->rec, f->w.ws, "title", "x");
	assert_non_null(err);
	assert_string_equal(err->msg, "task records have no notes log "
	    "'title'");
	assert_null(bops_record_emit(&out, f->rec, f->w.ws));
	assert_string_equal(out.ptr,
	    "title: First\n"
	    "status: not-started\n"
	    "notes:\n"
	    "- at: 2026-11-23T09:00:00Z\n"
	    "  by: Test\n"
	    "  text: 'Gọi nhà in: giao thứ Sáu'\n"
	    "- at: 2026-11-23T09:00:00Z\n"
	    "  by: Test\n"
	    "  text: |-\n"
	    "    two\n"
	    "    lines\n");
	bops_buf_release(&out);
}

static void
me_needs_an_identity(void **state)
{
	struct fixture *f = *state;
	const struct bops_error *err;
	struct bops_record *rec;
	struct bops_ws *ws;

	f->w.opts.author = NULL;
	assert_null(bops_ws_open(&ws, &f->w.opts));
	assert_null(bops_record_new(&rec, ws, &bops_kind_task, "t2"));
	err = bops_record_assign(rec, ws, "assignee=me");
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_NO_IDENTITY);
	assert_null(bops_record_str(rec, "assignee"));
	/* Other values do not ask for one. */
	assert_null(bops_record_assign(rec, ws, "assignee=Ann"));
	assert_string_equal(bops_record_str(rec, "assignee"), "Ann");
	bops_record_free(rec);
	bops_ws_close(ws);
}

static void
set_allows_read_only_fields_for_verbs(void **state)
{
	struct fixture *f = *state;
	const struct bops_error *err;

	assert_null(bops_record_set(f->rec, f->w.ws, "created",
	    "2026-01-02T03:04:05Z"));
	assert_string_equal(bops_record_str(f->rec, "created"),
	    "2026-01-02T03:04:05Z");
	/* A relative date is the start of that day. */
	assert_null(bops_record_set(f->rec, f->w.ws, "finished", "tomorrow"));
	assert_string_equal(bops_record_str(f->rec, "finished"),
	    "2026-11-24T00:00:00Z");
	assert_null(bops_record_set(f->rec, f->w.ws, "created", NULL));
	assert_null(bops_record_str(f->rec, "created"));
	assert_null(bops_record_set(f->rec, f->w.ws, "finished", ""));
	assert_null(bops_record_str(f->rec, "finished"));
	err = bops_record_set(f->rec, f->w.ws, "colour", "red");
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_USAGE);
	assert_string_equal(err->msg, "unknown field 'colour' for task");
	err = bops_record_set(f->rec, f->w.ws, "created", "yesterday-ish");
	assert_int_equal(err->code, BOPS_ERR_USAGE);
	err = bops_record_set(f->rec, f->w.ws, "title", NULL);
	assert_int_equal(err->code, BOPS_ERR_USAGE);
	assert_string_equal(bops_record_str(f->rec, "title"), "First");
}

static void
emit_gives_canonical_yaml(void **state)
{
	struct fixture *f = *state;
	struct bops_buf out = BOPS_BUF_INIT;
	static const char *exprs[] = { "x_where=home", "tags=b,a,b",
	    "due=friday", "description=line one", "assignee=me", "priority=low" };
	size_t i;

	for (i = 0; i < N(exprs); i++)
		assert_null(bops_record_assign(f->rec, f->w.ws, exprs[i]));
	assert_null(bops_record_emit(&out, f->rec, f->w.ws));
	assert_string_equal(out.ptr,
	    "title: First\n"
	    "status: not-started\n"
	    "x_where: home\n"
	    "assignee: Test\n"
	    "priority: low\n"
	    "due: 2026-11-27\n"
	    "tags:\n"
	    "- b\n"
	    "- a\n"
	    "description: line one\n");
	bops_buf_release(&out);
}

/* What cannot be read back is not emitted: it names the file. */
static void
emit_refuses_what_would_not_read_back(void **state)
{
	struct fixture *f = *state;
	struct bops_buf out = BOPS_BUF_INIT, big = BOPS_BUF_INIT;
	const struct bops_error *err;

	bops_buf_puts(&out, "kept");
	bops_buf_puts(&big, "description=");
	bops_buf_pad(&big, 'a', BOPS_YAML_MAX_SIZE);
	assert_null(bops_record_assign(f->rec, f->w.ws, big.ptr));
	err = bops_record_emit(&out, f->rec, f->w.ws);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_INVALID);
	assert_string_equal(err->msg, "tasks/t1/t1.yaml: too large to write "
	    "(1048623 bytes, at most 1048576)");
	assert_string_equal(out.ptr, "kept");
	assert_null(bops_record_assign(f->rec, f->w.ws, "description=a\033b"));
	err = bops_record_emit(&out, f->rec, f->w.ws);
	assert_non_null(err);
	assert_string_equal(err->msg, "tasks/t1/t1.yaml: cannot emit value "
	    "of 'description': control character U+001B");
	assert_string_equal(out.ptr, "kept");
	assert_null(bops_record_assign(f->rec, f->w.ws, "description=fine"));
	assert_null(bops_record_emit(&out, f->rec, f->w.ws));
	bops_buf_release(&out);
	bops_buf_release(&big);
}

/* The schema and the kind's rules, without a workspace. */
static const struct bops_node *
max_two_weeks(const char *key, void *arg)
{
	return strcmp(key, "sprint.max_length") == 0 ? arg : NULL;
}

static void
validate_applies_the_schema_and_the_kind_rules(void **state)
{
	struct fixture *f = *state;
	const struct bops_schema *schema;
	struct bops_node *max = bops_node_new_scalar("2w", BOPS_SCALAR_RAW);
	struct bops_validate v = { "sprints/s.yaml", max_two_weeks, max };
	struct bops_node *root;
	const struct bops_error *err;

	assert_null(bops_ws_schema(&schema, f->w.ws, bops_kind_find("sprint")));
	root = tree("start: 2026-11-23\nend: 2026-12-06\n");
	assert_null(bops_record_validate(bops_kind_find("sprint"), schema,
	    "s", root, &v));
	assert_string_equal(keys_of(root), "start,end,status");
	bops_node_free(root);
	root = tree("start: 2026-11-23\nend: 2026-12-07\n");
	err = bops_record_validate(bops_kind_find("sprint"), schema, "s",
	    root, &v);
	assert_non_null(err);
	assert_string_equal(err->msg, "sprints/s.yaml:2:6: the sprint lasts "
	    "15 days, more than sprint.max_length (14 days)");
	bops_node_free(root);
	root = tree("start: 2026-11-23\nend: 2026-12-07\n");
	v.lookup = NULL;
	assert_null(bops_record_validate(bops_kind_find("sprint"), schema,
	    "s", root, &v));
	bops_node_free(root);
	bops_node_free(max);
}

static void
parse_validates_and_names_the_file(void **state)
{
	static const char good[] = "title: Hi\nstatus: done\n";
	static const char bad[] = "title: Hi\ncolour: red\n";
	static const char bad_yaml[] = "title: [Hi\n";
	struct fixture *f = *state;
	const struct bops_error *err;
	struct bops_record *rec;

	assert_null(bops_record_parse(&rec, f->w.ws, &bops_kind_task,
	    "7kq3m2x9ab", good, strlen(good)));
	assert_string_equal(rec->id, "7kq3m2x9ab");
	assert_string_equal(rec->path, "tasks/7k/7kq3m2x9ab.yaml");
	assert_string_equal(bops_record_title(rec), "Hi");
	assert_string_equal(bops_record_str(rec, "status"), "done");
	bops_record_free(rec);

	rec = (struct bops_record *)f;
	err = bops_record_parse(&rec, f->w.ws, &bops_kind_task, "7kq3m2x9ab",
	    bad, strlen(bad));
	assert_non_null(err);
	assert_null(rec);
	assert_int_equal(err->code, BOPS_ERR_INVALID);
	assert_string_equal(err->msg,
	    "tasks/7k/7kq3m2x9ab.yaml:2:1: unknown field 'colour'");
	err = bops_record_parse(&rec, f->w.ws, &bops_kind_task, "7kq3m2x9ab",
	    bad_yaml, strlen(bad_yaml));
	assert_int_equal(err->code, BOPS_ERR_INVALID);
	assert_int_equal(strncmp(err->msg, "tasks/7k/7kq3m2x9ab.yaml:", 25),
	    0);
	assert_null(rec);
}

static void
parse_all_keeps_every_problem_of_the_file(void **state)
{
	static const struct {
		const char *kind, *text;
		const char *problems;	/* joined by newlines */
	} rows[] = {
		{ "task", "title: Hi\nstatus: done\n", "" },
		{ "task",
		    "title: Hi\nstatus: gone\ncolour: red\ndue: 2026-02-30\n",
		    "tasks/7k/7kq3m2x9ab.yaml:2:9: 'status' 'gone' is not one "
		    "of: not-started, processing, done\n"
		    "tasks/7k/7kq3m2x9ab.yaml:3:1: unknown field 'colour'\n"
		    "tasks/7k/7kq3m2x9ab.yaml:4:6: 'due' must be a date "
		    "YYYY-MM-DD" },
		/* what does not parse is one problem */
		{ "task", "title: [Hi\ncolour: red\n",
		    "tasks/7k/7kq3m2x9ab.yaml:2:7: did not find expected ',' "
		    "or ']'" },
		/* the kind's rules, once the schema is content */
		{ "sprint", "start: 2026-11-23\nend: 2026-11-01\n",
		    "sprints/7kq3m2x9ab.yaml:2:6: end 2026-11-01 is before "
		    "start 2026-11-23" },
		{ "sprint", "start: 2026-11-23\nend: 2026-11-01\nfoo: 1\n",
		    "sprints/7kq3m2x9ab.yaml:3:1: unknown field 'foo'" },
	};
	struct fixture *f = *state;
	struct bops_problems all = BOPS_PROBLEMS_INIT;
	struct bops_buf got = BOPS_BUF_INIT;
	const struct bops_error *err;
	struct bops_record *rec;
	size_t i, k;

	for (i = 0; i < N(rows); i++) {
		err = bops_record_parse_all(&rec, &all, f->w.ws,
		    bops_kind_find(rows[i].kind), "7kq3m2x9ab", rows[i].text,
		    strlen(rows[i].text));
		bops_buf_reset(&got);
		for (k = 0; k < all.n; k++)
			bops_buf_printf(&got, "%s%s", k ? "\n" : "",
			    all.v[k].msg);
		if (strcmp(got.ptr, rows[i].problems))
			fail_msg("row %zu: got\n%s\nwant\n%s", i, got.ptr,
			    rows[i].problems);
		if (all.n == 0) {
			assert_null(err);
			assert_non_null(rec);
		} else {
			assert_non_null(err);
			assert_int_equal(err->code, BOPS_ERR_INVALID);
			assert_string_equal(err->msg, all.v[0].msg);
			assert_null(rec);
		}
		bops_record_free(rec);
		bops_problems_release(&all);
	}
	bops_buf_release(&got);
}

static const struct {
	const char *expr;
	const char *field;	/* NULL: no operator found */
	const char *op;
	const char *value;
} splits[] = {
	{ "status=done", "status", "=", "done" },
	{ "tags+=x", "tags", "+=", "x" },
	{ "tags-=x", "tags", "-=", "x" },
	{ "due-=x", "due", "-=", "x" },
	{ "status!=done", "status", "!=", "done" },
	{ "due<=2026-12-01", "due", "<=", "2026-12-01" },
	{ "due>=friday", "due", ">=", "friday" },
	{ "due<eow", "due", "<", "eow" },
	{ "estimate>3", "estimate", ">", "3" },
	{ "title~ship", "title", "~", "ship" },
	{ "title=", "title", "=", "" },
	{ "title=a=b", "title", "=", "a=b" },
	{ "estimate=-1", "estimate", "=", "-1" },
	{ "tags+=+=", "tags", "+=", "+=" },
	{ "x_note=hi", "x_note", "=", "hi" },
	{ "board.wip.not-started=3", "board.wip.not-started", "=", "3" },
	{ "a2_b=c", "a2_b", "=", "c" },
	{ "", NULL, NULL, NULL },
	{ "=x", NULL, NULL, NULL },
	{ "Title=x", NULL, NULL, NULL },
	{ "1a=b", NULL, NULL, NULL },
	{ "-x=1", NULL, NULL, NULL },
	{ "title", NULL, NULL, NULL },
	{ "title x=y", NULL, NULL, NULL },
	{ "title:x", NULL, NULL, NULL },
	{ "title*=x", NULL, NULL, NULL },
};

static void
split_finds_field_operator_and_value(void **state)
{
	struct bops_buf field = BOPS_BUF_INIT, op = BOPS_BUF_INIT;
	const char *value;
	size_t i;
	bool ok;

	for (i = 0; i < N(splits); i++) {
		value = NULL;
		ok = bops_record_split(splits[i].expr, &field, &op, &value);
		if (ok != (splits[i].field != NULL))
			fail_msg("'%s': split %s", splits[i].expr,
			    ok ? "found an operator" : "found nothing");
		if (!ok)
			continue;
		assert_string_equal(field.ptr, splits[i].field);
		assert_string_equal(op.ptr, splits[i].op);
		assert_string_equal(value, splits[i].value);
		/* value points into expr. */
		assert_ptr_equal(value, splits[i].expr +
		    strlen(splits[i].expr) - strlen(splits[i].value));
	}
	bops_buf_release(&field);
	bops_buf_release(&op);
}

static void
collect(const char *field, const struct bops_node *old,
    const struct bops_node *new, void *arg)
{
	struct bops_buf *out = arg;

	bops_buf_printf(out, "%s:%s>%s;", field,
	    old == NULL ? "-" : old->type == BOPS_NODE_SCALAR ? old->str : "[]",
	    new == NULL ? "-" : new->type == BOPS_NODE_SCALAR ? new->str :
	    "[]");
}

static void
diff_calls_back_for_changed_fields_in_order(void **state)
{
	struct bops_node *a, *b;
	struct bops_buf out = BOPS_BUF_INIT;

	a = tree("title: t\nstatus: processing\ngone: x\ntags: [a]\n"
	    "same: s\nalso_gone: y\n");
	b = tree("new_one: n\nsame: s\ntags: [a, b]\nstatus: done\n"
	    "title: t\n");
	bops_record_diff(a, b, collect, &out);
	assert_string_equal(out.ptr, "new_one:->n;tags:[]>[];"
	    "status:processing>done;gone:x>-;also_gone:y>-;");

	/* Created and deleted. */
	bops_buf_reset(&out);
	bops_record_diff(NULL, a, collect, &out);
	assert_string_equal(out.ptr, "title:->t;status:->processing;gone:->x;"
	    "tags:->[];same:->s;also_gone:->y;");
	bops_buf_reset(&out);
	bops_record_diff(b, NULL, collect, &out);
	assert_string_equal(out.ptr, "new_one:n>-;same:s>-;tags:[]>-;"
	    "status:done>-;title:t>-;");
	bops_buf_reset(&out);
	bops_record_diff(a, a, collect, &out);
	bops_record_diff(NULL, NULL, collect, &out);
	assert_string_equal(out.ptr, "");
	bops_node_free(a);
	bops_node_free(b);
	bops_buf_release(&out);
}

/* old and new: YAML for {v: ...}; NULL: absent. */
static const struct {
	const char *field;
	const char *old;
	const char *new;
	const char *expect;
} describes[] = {
	{ "status", "processing", "done", "status processing -> done" },
	{ "due", NULL, "2026-11-27", "due 2026-11-27" },
	{ "due", "2026-11-27", NULL, "due cleared" },
	{ "tags", "[a, b]", NULL, "tags cleared" },
	{ "description", "a", "\"a\\nb\"", "description changed" },
	{ "description", "\"a\\nb\"", "c", "description changed" },
	{ "description", NULL, "\"a\\nb\"", "description set" },
	{ "tags", "[a, b]", "[b, c]", "tags +c -a" },
	{ "tags", NULL, "[x]", "tags +x" },
	{ "tags", "[a, b]", "[b, a]", "tags reordered" },
	{ "tags", "[a]", "[a, b, c]", "tags +b +c" },
	{ "key_results", "[{id: 1}]", "[{id: 1}, {id: 2}, {id: 3}]",
	    "key_results +2" },
	{ "key_results", "[{id: 1}, {id: 2}]", "[{id: 2}]",
	    "key_results -1" },
	/* Items with an id are matched by it. */
	{ "key_results", "[{id: 1, current: 81}, {id: 2}]",
	    "[{id: 1, current: 86}, {id: 3}]",
	    "key_results +1 -1 ~1 (1: current 81 -> 86)" },
	{ "key_results", "[{id: 1}, {id: 2}]", "[{id: 2}, {id: 1}]",
	    "key_results reordered" },
	{ "nested", "{a: 1}", "{a: 2}", "nested changed" },
	{ "tags", "x", "[x]", "tags changed" },
	{ "title", "a", "0123456789012345678901234567890123456789xyz",
	    "title a -> 0123456789012345678901234567890123456789..." },
	{ "title", "0123456789012345678901234567890123456789", "b",
	    "title 0123456789012345678901234567890123456789 -> b" },
	/* Cut by columns, between characters: é is the 40th. */
	{ "title", NULL, "012345678901234567890123456789012345678\xc3\xa9z",
	    "title 012345678901234567890123456789012345678\xc3\xa9..." },
	{ "title", NULL, "012345678901234567890123456789012345678"
	    "e\xcc\x81z", "title 012345678901234567890123456789012345678"
	    "e\xcc\x81..." },
	/* Wide characters take two columns: 20 of them fill 40. */
	{ "title", NULL, "提高客户满意度评分提高客户满意度评分提高客户",
	    "title 提高客户满意度评分提高客户满意度评分提高..." },
	{ "tags", NULL, "[0123456789012345678901234567890123456789]",
	    "tags +012345678901234567890123456789..." },
};

static void
describe_says_what_changed(void **state)
{
	struct bops_node *o, *n;
	struct bops_buf out = BOPS_BUF_INIT, yaml = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < N(describes); i++) {
		o = n = NULL;
		if (describes[i].old) {
			bops_buf_reset(&yaml);
			bops_buf_printf(&yaml, "v: %s\n", describes[i].old);
			o = tree(yaml.ptr);
		}
		if (describes[i].new) {
			bops_buf_reset(&yaml);
			bops_buf_printf(&yaml, "v: %s\n", describes[i].new);
			n = tree(yaml.ptr);
		}
		bops_buf_reset(&out);
		bops_record_describe(&out, describes[i].field,
		    bops_node_map_get(o, "v"), bops_node_map_get(n, "v"));
		if (strcmp(out.ptr, describes[i].expect))
			fail_msg("row %zu: got \"%s\", want \"%s\"", i,
			    out.ptr, describes[i].expect);
		bops_node_free(o);
		bops_node_free(n);
	}
	bops_buf_release(&out);
	bops_buf_release(&yaml);
}

static const struct {
	const char *old;
	const char *new;
	const char *expect;
} summaries[] = {
	{ "status: processing\nupdated: 2026-11-22T00:00:00Z\n",
	    "status: done\nupdated: 2026-11-23T00:00:00Z\ntags: [x]\n",
	    "status processing -> done, tags +x" },
	{ "title: Old title\nstatus: processing\nupdated: a\n",
	    "title: New title\nstatus: done\ntags: [x]\nupdated: b\n"
	    "priority: high\n",
	    "title Old title -> New title, status processing -> done, "
	    "tags +x, ..." },
	/* Columns, not bytes: Chinese takes two a character. */
	{ "title: 提高客户\nstatus: not-started\n",
	    "title: 提高客户满意度评分\nstatus: done\n",
	    "title 提高客户 -> 提高客户满意度评分, status not-started -> done" },
	{ "title: t\nstatus: done\ndue: 2026-11-27\n",
	    "title: t\nstatus: done\n", "due cleared" },
	{ NULL, "title: Ship it\nstatus: not-started\n",
	    "title Ship it, status not-started" },
	{ "title: t\nupdated: a\n", "title: t\nupdated: b\n", "" },
	/* One long description alone is not cut. */
	{ "title: 0123456789012345678901234567890123456789\n",
	    "title: abcdefghijabcdefghijabcdefghijabcdefghij\nstatus: done\n",
	    "title 0123456789012345678901234567890123456789 -> "
	    "abcdefghijabcdefghijabcdefghijabcdefghij, ..." },
};

static void
summary_joins_descriptions_and_cuts_long_ones(void **state)
{
	struct bops_node *o, *n;
	struct bops_buf out = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; i < N(summaries); i++) {
		o = summaries[i].old ? tree(summaries[i].old) : NULL;
		n = tree(summaries[i].new);
		bops_buf_reset(&out);
		bops_buf_puts(&out, "task t1: ");
		bops_record_summary(&out, o, n);
		if (strncmp(out.ptr, "task t1: ", 9) ||
		    strcmp(out.ptr + 9, summaries[i].expect))
			fail_msg("row %zu: got \"%s\", want \"%s\"", i,
			    out.ptr + 9, summaries[i].expect);
		bops_node_free(o);
		bops_node_free(n);
	}
	bops_buf_release(&out);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(new_holds_the_schema_defaults),
		T(take_moves_the_whole_record),
		T(new_takes_a_slug_folded_to_lower_case),
		T(title_is_the_title_field),
		T(assign_follows_the_table),
		T(assign_keeps_canonical_styles),
		T(notes_are_stamped_and_attributed),
		T(me_needs_an_identity),
		T(set_allows_read_only_fields_for_verbs),
		T(emit_gives_canonical_yaml),
		T(emit_refuses_what_would_not_read_back),
		T(validate_applies_the_schema_and_the_kind_rules),
		T(parse_validates_and_names_the_file),
		T(parse_all_keeps_every_problem_of_the_file),
		cmocka_unit_test(split_finds_field_operator_and_value),
		cmocka_unit_test(diff_calls_back_for_changed_fields_in_order),
		cmocka_unit_test(describe_says_what_changed),
		cmocka_unit_test(
		    summary_joins_descriptions_and_cuts_long_ones),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
