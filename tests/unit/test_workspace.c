#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* Only to point libgit2's global config search at a directory we own. */
#include <git2.h>

#include "buf.h"
#include "date.h"
#include "error.h"
#include "file.h"
#include "git.h"
#include "node.h"
#include "schema.h"
#include "workspace.h"
#include "yaml.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

#define AUTHOR "Test <t@example.com>"
#define NOW "2026-11-23T09:00:00Z"

#include "sandbox.h"

/* The workspace of every test. */
static struct ws_fixture_opts ws_opts = { "acme", NOW, AUTHOR };

/* Commit bops.yaml with text on top of HEAD (the work tree untouched). */
static void
commit_config(struct bops_ws *ws, const char *text)
{
	const struct bops_error *err;
	struct bops_change change = { .path = BOPS_CONFIG_PATH, .data = text,
	    .len = strlen(text) };
	struct bops_sig sig = { "Test", "t@example.com", 1795424400 };
	char commit[BOPS_OID_HEXSZ + 1];

	err = bops_repo_commit(ws->repo, ws->refname.ptr, ws->head, &change,
	    1, "config", &sig, commit);
	if (err)
		fail_msg("commit: %s", err->msg);
	memcpy(ws->head, commit, sizeof(commit));
}

static struct bops_ws *
open_at(struct ws_fixture *f, const char *dir)
{
	const struct bops_error *err;
	struct bops_ws_opts opts = f->opts;
	struct bops_ws *ws = NULL;

	opts.dir = dir;
	if ((err = bops_ws_open(&ws, &opts)))
		fail_msg("open '%s': %s", dir, err->msg);
	return ws;
}

static void
init_commits_a_clean_workspace(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_ws *ws = f->ws;
	struct bops_buf out = BOPS_BUF_INIT;
	char root[PATH_MAX];

	assert_non_null(realpath(f->path, root));
	assert_int_equal(strncmp(ws->root, root, strlen(root)), 0);
	assert_string_equal(ws->root + strlen(root), "/");
	assert_int_equal(strlen(ws->head), BOPS_OID_HEXSZ);
	assert_string_equal(ws->refname.ptr, "refs/heads/main");
	assert_non_null(ws->config);
	assert_null(ws->config_err);
	/* Named after its directory, in UTC by default. */
	assert_string_equal(bops_node_map_str(ws->config, "name"), "acme");
	assert_string_equal(bops_node_map_str(ws->config, "timezone"), "UTC");
	assert_null(ws->tz);
	assert_int_equal(ws->lock_timeout_ms, 10000);
	assert_int_equal(ws->today, bops_date_from_ymd(2026, 11, 23));

	assert_int_equal(run(&out, GIT "'%s' status --porcelain "
	    "--untracked-files=all", f->path), 0);
	assert_string_equal(out.ptr, "");
	assert_int_equal(run(&out, GIT "'%s' log --format='%%s|%%an|%%ae|%%at'",
	    f->path), 0);
	assert_string_equal(out.ptr,
	    "bops init|Test|t@example.com|1795424400\n");
	assert_int_equal(run(&out, GIT "'%s' ls-tree --name-only HEAD",
	    f->path), 0);
	assert_string_equal(out.ptr, ".gitattributes\nbops.yaml\n");
	assert_int_equal(run(&out, GIT "'%s' config merge.bops.driver",
	    f->path), 0);
	assert_string_equal(out.ptr, "bops merge-driver %O %A %B %P\n");
	assert_int_equal(run(&out, GIT "'%s' show HEAD:.gitattributes",
	    f->path), 0);
	assert_non_null(strstr(out.ptr, "merge=bops"));
	assert_int_equal(run(NULL, GIT "'%s' fsck --strict --no-progress "
	    ">/dev/null 2>&1", f->path), 0);
	bops_buf_release(&out);
}

static void
init_refuses_an_existing_workspace(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	struct bops_ws *ws = (struct bops_ws *)f;
	char want[PATH_MAX + 64];

	err = bops_ws_init(&ws, &f->opts);
	assert_non_null(err);
	assert_null(ws);
	assert_int_equal(err->code, BOPS_ERR_REFUSED);
	snprintf(want, sizeof(want), "'%s' is already a bops workspace",
	    f->ws->root);
	assert_string_equal(err->msg, want);
}

static void
init_adopts_an_existing_repository(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	struct bops_ws_opts opts = f->opts;
	struct bops_buf path = BOPS_BUF_INIT, out = BOPS_BUF_INIT;
	struct bops_ws *ws;

	bops_buf_printf(&path, "%s/old", f->dir);
	assert_int_equal(run(NULL, GIT "'%s' init -q -b main '%s' && "
	    GIT "'%s' -c user.name=U -c user.email=u@x commit -q "
	    "--allow-empty -m first", f->dir, path.ptr, path.ptr), 0);
	opts.dir = path.ptr;
	if ((err = bops_ws_init(&ws, &opts)))
		fail_msg("init: %s", err->msg);
	assert_string_equal(bops_node_map_str(ws->config, "name"), "old");
	assert_int_equal(run(&out, GIT "'%s' log --format=%%s", path.ptr), 0);
	assert_string_equal(out.ptr, "bops init\nfirst\n");
	bops_ws_close(ws);
	bops_buf_release(&path);
	bops_buf_release(&out);
}

static void
open_finds_the_root_from_a_subdirectory(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_buf sub = BOPS_BUF_INIT;
	struct bops_ws *ws;

	bops_buf_printf(&sub, "%s/tasks/ab/deeper", f->path);
	assert_null(bops_file_mkdirs(sub.ptr));
	assert_int_equal(mkdir(sub.ptr, 0777), 0);
	ws = open_at(f, sub.ptr);
	assert_string_equal(ws->root, f->ws->root);
	assert_string_equal(ws->head, f->ws->head);
	assert_string_equal(bops_node_map_str(ws->config, "name"), "acme");
	bops_ws_close(ws);

	ws = open_at(f, f->path);
	assert_string_equal(ws->root, f->ws->root);
	bops_ws_close(ws);
	bops_buf_release(&sub);
}

static void
open_outside_a_workspace_is_no_workspace(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	struct bops_ws_opts opts = f->opts;
	struct bops_buf path = BOPS_BUF_INIT, want = BOPS_BUF_INIT;
	struct bops_ws *ws = (struct bops_ws *)f;
	struct bops_repo *repo;
	bool created;

	/* No repository anywhere above. */
	opts.dir = f->dir;
	err = bops_ws_open(&ws, &opts);
	assert_non_null(err);
	assert_null(ws);
	assert_int_equal(err->code, BOPS_ERR_NO_WORKSPACE);
	bops_buf_printf(&want, "not a bops workspace (or any parent): '%s'",
	    f->dir);
	assert_string_equal(err->msg, want.ptr);

	/* A directory that does not exist. */
	bops_buf_printf(&path, "%s/nowhere", f->dir);
	opts.dir = path.ptr;
	err = bops_ws_open(&ws, &opts);
	assert_int_equal(err->code, BOPS_ERR_NO_WORKSPACE);
	assert_non_null(strstr(err->msg, "nowhere"));

	/* A git repository without bops.yaml. */
	bops_buf_reset(&path);
	bops_buf_printf(&path, "%s/plain", f->dir);
	assert_null(bops_repo_init(&repo, path.ptr, &created));
	bops_repo_close(repo);
	bops_buf_puts(&path, "/sub");
	assert_int_equal(mkdir(path.ptr, 0777), 0);
	opts.dir = path.ptr;
	err = bops_ws_open(&ws, &opts);
	assert_int_equal(err->code, BOPS_ERR_NO_WORKSPACE);
	assert_non_null(strstr(err->msg, "no bops.yaml"));
	assert_non_null(strstr(err->msg, "/plain/'"));

	/* bops.yaml in the work tree but never committed. */
	bops_buf_truncate(&path, path.len - 4);
	bops_buf_puts(&path, "/bops.yaml");
	assert_null(bops_file_write_atomic(path.ptr, "name: x\n", 8));
	bops_buf_truncate(&path, path.len - 10);
	opts.dir = path.ptr;
	err = bops_ws_open(&ws, &opts);
	assert_int_equal(err->code, BOPS_ERR_NO_WORKSPACE);
	assert_non_null(strstr(err->msg, "bops.yaml is not committed"));
	assert_null(ws);
	bops_buf_release(&path);
	bops_buf_release(&want);
}

static void
open_refuses_an_invalid_now(void **state)
{
	static const char *bad[] = { "tomorrow", "2026-11-23",
	    "2026-11-23T09:00:00", "2026-11-23 09:00:00Z", "" };
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	struct bops_ws_opts opts = f->opts;
	struct bops_ws *ws;
	char want[128];
	size_t i;

	for (i = 0; i < N(bad); i++) {
		opts.now = bad[i];
		snprintf(want, sizeof(want), "BOPS_NOW: invalid instant '%s' "
		    "(want YYYY-MM-DDTHH:MM:SSZ)", bad[i]);
		err = bops_ws_open(&ws, &opts);
		assert_non_null(err);
		assert_int_equal(err->code, BOPS_ERR_USAGE);
		assert_string_equal(err->msg, want);
		assert_null(ws);
		err = bops_ws_init(&ws, &opts);
		assert_non_null(err);
		assert_int_equal(err->code, BOPS_ERR_USAGE);
		assert_null(ws);
	}
	/* No clock given: the real one. */
	opts.now = NULL;
	ws = open_at(f, f->path);
	assert_true(ws->now > 1795392000 - 86400 * 3650);
	bops_ws_close(ws);
}

static void
open_keeps_the_lock_timeout(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_ws *ws;

	f->opts.lock_timeout_ms = 0;
	ws = open_at(f, f->path);
	assert_int_equal(ws->lock_timeout_ms, 0);
	bops_ws_close(ws);
	f->opts.lock_timeout_ms = 2500;
	ws = open_at(f, f->path);
	assert_int_equal(ws->lock_timeout_ms, 2500);
	bops_ws_close(ws);
}

static void
config_get_follows_dotted_keys(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_node *n;
	char longkey[300];

	n = bops_ws_config_get("board.columns", f->ws);
	assert_non_null(n);
	assert_int_equal(n->type, BOPS_NODE_SEQ);
	assert_int_equal(n->n, 3);
	assert_string_equal(n->items[0]->str, "not-started");
	n = bops_ws_config_get("board.wip.processing", f->ws);
	assert_non_null(n);
	assert_string_equal(n->str, "3");
	n = bops_ws_config_get("okr.checkin_every", f->ws);
	assert_string_equal(n->str, "1w");
	/* The service desk's keys are written, and the pipeline's. */
	n = bops_ws_config_get("ticket.resolution.low", f->ws);
	assert_non_null(n);
	assert_string_equal(n->str, "7d");
	n = bops_ws_config_get("ticket.business_hours.start", f->ws);
	assert_string_equal(n->str, "09:00");
	n = bops_ws_config_get("deal.probability.negotiation", f->ws);
	assert_string_equal(n->str, "70");
	n = bops_ws_config_get("customer.stages", f->ws);
	assert_int_equal(n->n, 8);
	assert_string_equal(n->items[5]->str, "customer");
	n = bops_ws_config_get("name", f->ws);
	assert_string_equal(n->str, "acme");
	assert_null(bops_ws_config_get("nope", f->ws));
	assert_null(bops_ws_config_get("board.nope", f->ws));
	assert_null(bops_ws_config_get("board.wip.processing.x", f->ws));
	assert_null(bops_ws_config_get("board.columns.0", f->ws));
	assert_null(bops_ws_config_get("board..wip", f->ws));
	memset(longkey, 'a', sizeof(longkey) - 1);
	longkey[sizeof(longkey) - 1] = '\0';
	assert_null(bops_ws_config_get(longkey, f->ws));
}

static void
config_str_falls_back_to_the_default(void **state)
{
	struct ws_fixture *f = *state;

	assert_string_equal(bops_ws_config_str(f->ws, "timezone", "x"), "UTC");
	assert_string_equal(bops_ws_config_str(f->ws, "sprint.start_day",
	    NULL), "monday");
	assert_string_equal(bops_ws_config_str(f->ws, "okr.achieved", NULL),
	    "0.7");
	assert_string_equal(bops_ws_config_str(f->ws, "nope", "dflt"), "dflt");
	/* Present but not a scalar. */
	assert_string_equal(bops_ws_config_str(f->ws, "board", "dflt"),
	    "dflt");
	assert_null(bops_ws_config_str(f->ws, "board.columns", NULL));
}

/*
 * A map whose keys name items of a list (WIP limits by column, SLA
 * targets by priority) takes no default keys when bops.yaml sets that
 * list itself: the defaults would name columns or priorities it does
 * not have, and make the config it reads one that could not be written.
 */
static void
defaults_name_only_what_the_config_has(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_ws *ws;

	commit_config(f->ws, "name: acme\nboard:\n  columns: [todo, doing, "
	    "done]\nticket:\n  priorities: [p1, p2]\n");
	ws = open_at(f, f->path);
	assert_null(bops_ws_config_get("board.wip", ws));
	assert_null(bops_ws_config_get("ticket.first_response", ws));
	assert_null(bops_ws_config_get("ticket.resolution", ws));
	/* What names nothing is filled in as before. */
	assert_string_equal(bops_ws_config_str(ws,
	    "ticket.business_hours.start", NULL), "09:00");
	assert_string_equal(bops_ws_config_str(ws, "sprint.length", NULL),
	    "1w");
	bops_ws_close(ws);
	/* Without the lists, their maps come with them. */
	commit_config(f->ws, "name: acme\n");
	ws = open_at(f, f->path);
	assert_string_equal(bops_ws_config_str(ws, "board.wip.processing",
	    NULL), "3");
	assert_string_equal(bops_ws_config_str(ws,
	    "ticket.first_response.urgent", NULL), "1h");
	bops_ws_close(ws);
}

static void
identity_comes_from_opts_author(void **state)
{
	struct ws_fixture *f = *state;
	const char *name = NULL, *email = NULL;
	struct bops_ws *ws;

	assert_null(bops_ws_identity(&name, &email, f->ws));
	assert_string_equal(name, "Test");
	assert_string_equal(email, "t@example.com");

	f->opts.author = "Nguyễn Văn A   <a@example.vn>";
	ws = open_at(f, f->path);
	assert_null(bops_ws_identity(&name, &email, ws));
	assert_string_equal(name, "Nguyễn Văn A");
	assert_string_equal(email, "a@example.vn");
	/* Asked twice: the same answer. */
	assert_null(bops_ws_identity(&name, &email, ws));
	assert_string_equal(name, "Nguyễn Văn A");
	bops_ws_close(ws);
}

static const struct {
	const char *author;
	const char *msg;
} bad_authors[] = {
	{ "Test", "BOPS_AUTHOR: want 'Name <email>', got 'Test'" },
	{ "Test <>", "BOPS_AUTHOR: no e-mail address" },
	{ "Test <t@x> extra",
	    "BOPS_AUTHOR: want 'Name <email>', got 'Test <t@x> extra'" },
	{ "Test t@x>", "BOPS_AUTHOR: want 'Name <email>', got 'Test t@x>'" },
	{ "Test <t@x", "BOPS_AUTHOR: want 'Name <email>', got 'Test <t@x'" },
	{ "Test >t@x<", "BOPS_AUTHOR: want 'Name <email>', got 'Test >t@x<'" },
	{ "<t@x>", "BOPS_AUTHOR: no name" },
	{ "   <t@x>", "BOPS_AUTHOR: no name" },
	{ "", "BOPS_AUTHOR: want 'Name <email>', got ''" },
	/* what git's fsck refuses, or a terminal would act on */
	{ "Eve\nx <e@x>",
	    "BOPS_AUTHOR: an unprintable character in the name 'Eve\nx'" },
	{ "Eve\033[2J <e@x>",
	    "BOPS_AUTHOR: an unprintable character in the name 'Eve\033[2J'" },
	{ "Eve\xe2\x80\xae <e@x>", "BOPS_AUTHOR: an unprintable character "
	    "in the name 'Eve\xe2\x80\xae'" },
	{ "Eve\xff <e@x>",
	    "BOPS_AUTHOR: an unprintable character in the name 'Eve\xff'" },
	{ "E<ve <e@x>", "BOPS_AUTHOR: '<' or '>' in the name 'E<ve'" },
	{ "E>ve <e@x>", "BOPS_AUTHOR: '<' or '>' in the name 'E>ve'" },
	{ "Eve <e@x\n>", "BOPS_AUTHOR: a space, '<', '>' or an unprintable "
	    "character in the e-mail address 'e@x\n'" },
	{ "Eve <e x@x>", "BOPS_AUTHOR: a space, '<', '>' or an unprintable "
	    "character in the e-mail address 'e x@x'" },
	{ "Eve <e@x>>", "BOPS_AUTHOR: a space, '<', '>' or an unprintable "
	    "character in the e-mail address 'e@x>'" },
	{ "Eve <ex>", "BOPS_AUTHOR: 'ex' is not an e-mail address "
	    "(want user@host)" },
	{ "Eve <@x>", "BOPS_AUTHOR: '@x' is not an e-mail address "
	    "(want user@host)" },
	{ "Eve <e@>", "BOPS_AUTHOR: 'e@' is not an e-mail address "
	    "(want user@host)" },
};

static void
identity_refuses_a_malformed_author(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	const char *name, *email;
	struct bops_ws *ws;
	size_t i;

	for (i = 0; i < N(bad_authors); i++) {
		f->opts.author = bad_authors[i].author;
		/* Opening does not need the identity; using it does. */
		ws = open_at(f, f->path);
		err = bops_ws_identity(&name, &email, ws);
		if (err == NULL)
			fail_msg("'%s' accepted as '%s' '%s'",
			    bad_authors[i].author, name, email);
		assert_int_equal(err->code, BOPS_ERR_USAGE);
		assert_string_equal(err->msg, bad_authors[i].msg);
		bops_ws_close(ws);
	}
}

static void
identity_without_author_comes_from_git_config(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	const char *name, *email;
	struct bops_ws *ws;

	f->opts.author = NULL;
	ws = open_at(f, f->path);
	err = bops_ws_identity(&name, &email, ws);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_NO_IDENTITY);
	bops_ws_close(ws);

	assert_int_equal(run(NULL, GIT "'%s' config user.name 'Repo User' && "
	    GIT "'%s' config user.email ru@example.com", f->path, f->path),
	    0);
	ws = open_at(f, f->path);
	assert_null(bops_ws_identity(&name, &email, ws));
	assert_string_equal(name, "Repo User");
	assert_string_equal(email, "ru@example.com");
	bops_ws_close(ws);

	/* A broken one is no identity, and the message says where. */
	assert_int_equal(run(NULL, GIT "'%s' config user.name 'Repo\nUser'",
	    f->path), 0);
	ws = open_at(f, f->path);
	err = bops_ws_identity(&name, &email, ws);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_NO_IDENTITY);
	assert_string_equal(err->msg, "git config user.name: an unprintable "
	    "character in the name 'Repo\nUser'");
	bops_ws_close(ws);
	assert_int_equal(run(NULL, GIT "'%s' config user.name 'Repo User' && "
	    GIT "'%s' config user.email 'ru at example.com'", f->path,
	    f->path), 0);
	ws = open_at(f, f->path);
	err = bops_ws_identity(&name, &email, ws);
	assert_non_null(err);
	assert_int_equal(err->code, BOPS_ERR_NO_IDENTITY);
	assert_string_equal(err->msg, "git config user.email: a space, '<', "
	    "'>' or an unprintable character in the e-mail address "
	    "'ru at example.com'");
	bops_ws_close(ws);
}

static void
now_must_fit_in_a_commit(void **state)
{
	static const struct {
		const char *in;
		int64_t t;	/* -1: refused */
	} cases[] = {
		{ "1970-01-01T00:00:00Z", 0 },
		{ "2026-11-23T09:00:00Z", INT64_C(1795424400) },
		{ "2106-02-07T06:28:15Z", BOPS_NOW_MAX },
		{ "2106-02-07T06:28:16Z", -1 },
		{ "1969-12-31T23:59:59Z", -1 },
		{ "0001-01-01T00:00:00Z", -1 },
		{ "9999-12-31T23:59:59Z", -1 },
		{ "2026-11-23", -1 },
		{ "now", -1 },
	};
	const struct bops_error *err;
	int64_t t;
	size_t i;

	for (i = 0; i < N(cases); i++) {
		err = bops_ws_parse_now(&t, cases[i].in);
		if (cases[i].t < 0) {
			if (err == NULL)
				fail_msg("'%s' accepted", cases[i].in);
			assert_int_equal(err->code, BOPS_ERR_USAGE);
			assert_non_null(strstr(err->msg, "BOPS_NOW: "));
		} else {
			if (err)
				fail_msg("'%s': %s", cases[i].in, err->msg);
			assert_true(t == cases[i].t);
		}
	}
}

static void
config_emit_documents_keys_and_parses_back(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_node *copy, *back = NULL;
	struct bops_buf text = BOPS_BUF_INIT, file = BOPS_BUF_INIT;
	struct bops_buf path = BOPS_BUF_INIT;
	const struct bops_error *err;

	copy = bops_node_dup(f->ws->config);
	assert_null(bops_ws_config_emit(&text, f->ws->config_schema, copy));
	assert_int_equal(strncmp(text.ptr, "# bops workspace configuration",
	    30), 0);
	assert_non_null(strstr(text.ptr, "# the workspace name\nname: acme\n"));
	assert_non_null(strstr(text.ptr, "# IANA time zone for dates and due "
	    "days"));
	assert_non_null(strstr(text.ptr, "\n# the Kanban board of tasks\n"
	    "board:\n"));
	assert_non_null(strstr(text.ptr, "board:\n  # columns in order; the "
	    "first is where tasks start, the last is done\n  columns:\n"));
	assert_non_null(strstr(text.ptr, "  # work-in-progress limit per "
	    "column\n  wip:\n    processing: 3\n"));
	/* Every key with a doc has its comment line. */
	assert_non_null(strstr(text.ptr, "# how long a sprint runs (whole "
	    "days, at most max_length)\n  length: 1w\n"));
	assert_non_null(strstr(text.ptr, "  max_length: 92d\n"));

	err = bops_ws_config_parse(&back, f->ws->config_schema, "x.yaml",
	    text.ptr, text.len);
	if (err)
		fail_msg("parse back: %s", err->msg);
	assert_true(bops_node_equal(back, f->ws->config));

	/* What init committed is this very text. */
	bops_buf_printf(&path, "%sbops.yaml", f->ws->root);
	assert_null(bops_file_read(&file, path.ptr, 0));
	assert_string_equal(file.ptr, text.ptr);
	bops_node_free(back);
	bops_node_free(copy);
	bops_buf_release(&text);
	bops_buf_release(&file);
	bops_buf_release(&path);
}

static void
config_parse_reports_errors_with_positions(void **state)
{
	static const struct {
		const char *text;
		const char *msg;
	} rows[] = {
		{ "name: x\ncolour: red\n",
		    "c.yaml:2:1: unknown field 'colour'" },
		{ "name: x\ntimezone: Mars/Base\n",
		    "c.yaml:2:11: unknown time zone 'Mars/Base'" },
		{ "board:\n  wip:\n    doing: many\n",
		    "c.yaml:3:12: 'doing' must be a whole number" },
		{ "sprint:\n  length: forever\n",
		    "c.yaml:2:11: 'length' must be a duration "
		    "(45m, 4h, 2d, 1w)" },
		{ "name: [x]\n", "c.yaml:1:7: 'name' must be a scalar" },
		{ "", "c.yaml:1:1: empty document" },
		{ "board:\n  wip:\n    doing: -1\n",
		    "c.yaml:3:12: 'doing' must be at least 0" },
		{ "board:\n  columns: [a, b, a]\n",
		    "c.yaml:2:19: 'columns' lists 'a' twice" },
		{ "deal:\n  stages: [won, won]\n",
		    "c.yaml:2:17: 'stages' lists 'won' twice" },
		{ "sprint:\n  max_length: 367d\n",
		    "c.yaml:2:15: sprint.max_length must be whole days from 1d "
		    "to 366d, got '367d'" },
		{ "sprint:\n  max_length: 36h\n",
		    "c.yaml:2:15: sprint.max_length must be whole days from 1d "
		    "to 366d, got '1d12h'" },
		{ "sprint:\n  length: 14w\n",
		    "c.yaml:2:11: sprint.length must be whole days, at most "
		    "sprint.max_length (92 days), got '14w'" },
		{ "sprint:\n  length: 4h\n",
		    "c.yaml:2:11: sprint.length must be whole days, at most "
		    "sprint.max_length (92 days), got '4h'" },
		{ "sprint:\n  length: 3w\n  max_length: 2w\n",
		    "c.yaml:2:11: sprint.length must be whole days, at most "
		    "sprint.max_length (14 days), got '3w'" },
	};
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	struct bops_node *n;
	size_t i;

	for (i = 0; i < N(rows); i++) {
		n = (struct bops_node *)f;
		err = bops_ws_config_parse(&n, f->ws->config_schema, "c.yaml",
		    rows[i].text, strlen(rows[i].text));
		if (err == NULL || strcmp(err->msg, rows[i].msg))
			fail_msg("row %zu: got \"%s\", want \"%s\"", i,
			    err ? err->msg : "no error", rows[i].msg);
		assert_int_equal(err->code, BOPS_ERR_INVALID);
		assert_null(n);
	}
	/* The defaults fill a minimal config. */
	assert_null(bops_ws_config_parse(&n, f->ws->config_schema, "c.yaml",
	    "board: {}\n", 10));
	assert_string_equal(bops_node_map_str(n, "name"), "bops");
	assert_string_equal(bops_node_map_str(n, "timezone"), "UTC");
	bops_node_free(n);
}

static void
config_check_keeps_every_problem(void **state)
{
	static const struct {
		const char *text;
		const char *problems;	/* joined by newlines */
	} rows[] = {
		{ "name: x\n", "" },
		{ "name: x\ncolour: red\nboard:\n  columns: [a, b, a]\n"
		    "  wip:\n    a: -1\n",
		    "c.yaml:2:1: unknown field 'colour'\n"
		    "c.yaml:4:19: 'columns' lists 'a' twice\n"
		    "c.yaml:6:8: 'a' must be at least 0" },
		/* the rules beyond the schema, once it is content */
		{ "timezone: Mars/Base\nboard:\n  columns: [a, b]\n"
		    "  wip:\n    c: 1\n    d: 2\nsprint:\n  length: 4h\n",
		    "c.yaml:1:11: unknown time zone 'Mars/Base'\n"
		    "c.yaml:5:5: board.wip.c: no such column in board.columns\n"
		    "c.yaml:6:5: board.wip.d: no such column in board.columns\n"
		    "c.yaml:8:11: sprint.length must be whole days, at most "
		    "sprint.max_length (92 days), got '4h'" },
		{ "name: [x\ncolour: red\n",
		    "c.yaml:2:7: did not find expected ',' or ']'" },
	};
	struct ws_fixture *f = *state;
	struct bops_problems all = BOPS_PROBLEMS_INIT;
	struct bops_buf got = BOPS_BUF_INIT;
	const struct bops_error *err;
	size_t i, k;

	for (i = 0; i < N(rows); i++) {
		err = bops_ws_config_check(&all, f->ws->config_schema,
		    "c.yaml", rows[i].text, strlen(rows[i].text));
		bops_buf_reset(&got);
		for (k = 0; k < all.n; k++)
			bops_buf_printf(&got, "%s%s", k ? "\n" : "",
			    all.v[k].msg);
		if (strcmp(got.ptr, rows[i].problems))
			fail_msg("row %zu: got\n%s\nwant\n%s", i, got.ptr,
			    rows[i].problems);
		if (all.n)
			assert_string_equal(err->msg, all.v[0].msg);
		else
			assert_null(err);
		bops_problems_release(&all);
	}
	bops_buf_release(&got);
}

static void
invalid_committed_config_fails_unless_tolerant(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	struct bops_ws *ws = (struct bops_ws *)f;

	commit_config(f->ws, "name: acme\ncolour: red\n");
	err = bops_ws_open(&ws, &f->opts);
	assert_non_null(err);
	assert_null(ws);
	assert_int_equal(err->code, BOPS_ERR_INVALID);
	assert_string_equal(err->msg, "bops.yaml:2:1: unknown field 'colour'");

	f->opts.tolerant = true;
	ws = open_at(f, f->path);
	assert_null(ws->config);
	assert_non_null(ws->config_err);
	assert_int_equal(ws->config_err->code, BOPS_ERR_INVALID);
	assert_string_equal(ws->config_err->msg,
	    "bops.yaml:2:1: unknown field 'colour'");
	assert_string_equal(ws->head, f->ws->head);
	/* The ws keeps its own copy: the ring of errors moves on. */
	for (int i = 0; i < 64; i++)
		(void)bops_error_fmt(BOPS_ERR_USAGE, "later error %d", i);
	assert_int_equal(ws->config_err->code, BOPS_ERR_INVALID);
	assert_string_equal(ws->config_err->msg,
	    "bops.yaml:2:1: unknown field 'colour'");
	/* Lookups answer nothing rather than crash. */
	assert_null(bops_ws_config_get("board.columns", ws));
	assert_string_equal(bops_ws_config_str(ws, "name", "d"), "d");
	bops_ws_close(ws);

	/* Broken YAML is the same. */
	commit_config(f->ws, "name: [acme\n");
	f->opts.tolerant = false;
	err = bops_ws_open(&ws, &f->opts);
	assert_int_equal(err->code, BOPS_ERR_INVALID);
	assert_int_equal(strncmp(err->msg, "bops.yaml:", 10), 0);
}

static void
today_is_the_date_in_the_workspace_time_zone(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_input_ctx ctx;
	struct bops_ws *ws;

	f->opts.now = "2026-11-22T18:30:00Z";
	ws = open_at(f, f->path);
	assert_int_equal(ws->today, bops_date_from_ymd(2026, 11, 22));
	assert_null(ws->tz);
	bops_ws_close(ws);

	commit_config(f->ws, "name: acme\ntimezone: Asia/Ho_Chi_Minh\n");
	ws = open_at(f, f->path);
	assert_string_equal(bops_tz_name(ws->tz), "Asia/Ho_Chi_Minh");
	assert_int_equal(ws->now, 1795372200);
	assert_int_equal(ws->today, bops_date_from_ymd(2026, 11, 23));
	bops_ws_input_ctx(ws, &ctx);
	assert_int_equal(ctx.today, ws->today);
	assert_int_equal(ctx.now, ws->now);
	assert_ptr_equal(ctx.tz, ws->tz);
	assert_ptr_equal(ctx.lookup_arg, ws);
	assert_ptr_equal(ctx.lookup, bops_ws_config_get);
	bops_ws_close(ws);
}

static void
refresh_follows_head_and_keeps_old_schemas(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_schema *before, *after;
	struct bops_ws *ws = f->ws;

	assert_null(bops_ws_schema(&before, ws, &bops_kind_task));
	assert_null(bops_schema_field(before, "segment"));
	commit_config(ws, "name: renamed\ncustom:\n  task:\n    segment:\n"
	    "      type: string\n");
	assert_null(bops_ws_refresh(ws));
	assert_string_equal(bops_ws_config_str(ws, "name", NULL), "renamed");
	assert_null(bops_ws_schema(&after, ws, &bops_kind_task));
	assert_ptr_not_equal(before, after);
	assert_non_null(bops_schema_field(after, "segment"));
	assert_true(bops_schema_field(after, "segment")->custom);
	/* The schema handed out before is still usable. */
	assert_string_equal(before->kind, "task");
	assert_null(bops_schema_field(before, "segment"));
	/* A refresh with nothing new keeps the schema. */
	assert_null(bops_ws_refresh(ws));
	assert_null(bops_ws_schema(&before, ws, &bops_kind_task));
	assert_ptr_equal(before, after);
}

/*
 * The zone is opened when the config is read, once per name: one handed
 * out before a change of config stays usable until the workspace is
 * closed, and a name seen before brings back the zone opened then.
 */
static void
refresh_keeps_zones_handed_out(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_ws *ws = f->ws;
	const struct bops_tz *hcm;
	struct bops_input_ctx ctx;
	int64_t t = 1795372200;		/* 2026-11-22T18:30:00Z */

	commit_config(ws, "name: acme\ntimezone: Asia/Ho_Chi_Minh\n");
	assert_null(bops_ws_refresh(ws));
	bops_ws_input_ctx(ws, &ctx);
	hcm = ws->tz;
	commit_config(ws, "name: acme\ntimezone: Europe/Stockholm\n");
	assert_null(bops_ws_refresh(ws));
	assert_string_equal(bops_tz_name(ws->tz), "Europe/Stockholm");
	assert_int_equal(bops_tz_offset(t, ws->tz), 3600);
	assert_string_equal(bops_tz_name(ctx.tz), "Asia/Ho_Chi_Minh");
	assert_int_equal(bops_tz_offset(t, ctx.tz), 25200);
	commit_config(ws, "name: acme\ntimezone: Asia/Ho_Chi_Minh\n");
	assert_null(bops_ws_refresh(ws));
	assert_ptr_equal(ws->tz, hcm);
	commit_config(ws, "name: acme\ntimezone: UTC\n");
	assert_null(bops_ws_refresh(ws));
	assert_null(ws->tz);
	assert_int_equal(bops_tz_offset(t, hcm), 25200);
}

static void
schema_reports_a_custom_field_clash(void **state)
{
	struct ws_fixture *f = *state;
	const struct bops_error *err;
	const struct bops_schema *s = (const struct bops_schema *)f;
	struct bops_ws *ws = f->ws;

	commit_config(ws, "name: acme\ncustom:\n  task:\n    title:\n"
	    "      type: string\n");
	assert_null(bops_ws_refresh(ws));
	err = bops_ws_schema(&s, ws, &bops_kind_task);
	assert_non_null(err);
	assert_null(s);
	assert_int_equal(err->code, BOPS_ERR_INVALID);
	assert_string_equal(err->msg, "bops.yaml:4:5: custom field 'title' "
	    "clashes with a field of task");
}

/*
 * The tasks line of .gitattributes, in what a user may have written: row
 * `lines` stands last in a file that holds every other line of ours, so
 * only the tasks line can be missing.
 */
static void
attributes_merge_reads_lines_as_git_does(void **state)
{
	static const struct {
		const char *lines;
		bool present;
	} rows[] = {
		{ "tasks/*/*.yaml merge=bops\n", true },
		{ "tasks/*/*.yaml merge=bops", true },
		{ "  tasks/*/*.yaml\tmerge=bops  \n", true },
		{ "tasks/*/*.yaml merge=bops\r\n", true },
		{ "tasks/*/*.yaml diff=yaml merge=bops\n", true },
		{ "tasks/*/*.yaml !merge\ntasks/*/*.yaml merge=bops\n", true },
		{ "tasks/*/*.yaml merge=bops\n*.pdf -merge\n", true },
		{ "tasks/*/*.yaml merge=bops\ntasks/*/*.yaml diff=yaml\n",
		    true },
		{ "tasks/*/*.yaml diff=yaml\n", false },
		{ "tasks/*/*.yaml diff=yaml", false },
		{ "tasks/*/*.yaml merge=bops\ntasks/*/*.yaml -merge\n", false },
		{ "tasks/*/*.yaml merge=bops\ntasks/*/*.yaml merge=union\n",
		    false },
		{ "tasks/*/*.yaml merge=bops\ntasks/*/*.yaml merge\n", false },
		{ "tasks/*/*.yaml merge=bops merge=union\n", false },
		{ "# tasks/*/*.yaml merge=bops\n", false },
		{ "tasks/*.yaml merge=bops\n", false },
		{ "tasks/*/*.yaml merge=bopsy\n", false },
		{ "xtasks/*/*.yaml merge=bops\n", false },
		{ "*.yaml merge=bops\n", false },
		{ "", false },
	};
	struct bops_buf full = BOPS_BUF_INIT, have = BOPS_BUF_INIT;
	struct bops_buf out = BOPS_BUF_INIT, names = BOPS_BUF_INIT;
	struct bops_buf want = BOPS_BUF_INIT;
	const char *tasks = "tasks/*/*.yaml merge=bops\n", *at;
	size_t i, n;

	(void)state;
	bops_ws_attributes(&full);
	assert_non_null(at = strstr(full.ptr, tasks));
	for (i = 0; i < N(rows); i++) {
		bops_buf_reset(&have);
		bops_buf_put(&have, full.ptr, (size_t)(at - full.ptr));
		bops_buf_puts(&have, at + strlen(tasks));
		bops_buf_puts(&have, rows[i].lines);
		n = bops_ws_attributes_merge(&out, &names, have.ptr, have.len);
		bops_buf_reset(&want);
		bops_buf_puts(&want, have.ptr);
		if (!rows[i].present) {
			if (want.len && want.ptr[want.len - 1] != '\n')
				bops_buf_putc(&want, '\n');
			bops_buf_puts(&want, tasks);
		}
		if (strcmp(out.ptr, want.ptr) || n != !rows[i].present)
			fail_msg("row %zu '%s': %zu added, got\n%s", i,
			    rows[i].lines, n, out.ptr);
		assert_string_equal(names.ptr, rows[i].present ? "" : "tasks");
	}
	bops_buf_release(&full);
	bops_buf_release(&have);
	bops_buf_release(&out);
	bops_buf_release(&names);
	bops_buf_release(&want);
}

static void
attributes_merge_appends_what_a_workspace_lacks(void **state)
{
	static const char old[] =
	    "# Records merge field by field (bops merge-driver);\n"
	    "# every other file as git merges it.\n"
	    "bops.yaml merge=bops\ntasks/*/*.yaml merge=bops\n"
	    "okrs/*.yaml merge=bops\nsprints/*.yaml merge=bops\n";
	static const char mine[] = "*.pdf binary\n# ours\n"
	    "tickets/*/*.yaml merge=bops\ndocs/*.md diff=markdown";
	struct bops_buf full = BOPS_BUF_INIT, out = BOPS_BUF_INIT;
	struct bops_buf names = BOPS_BUF_INIT, want = BOPS_BUF_INIT;
	struct bops_buf all = BOPS_BUF_INIT;
	const char *tickets, *p, *nl;
	size_t i, n;

	(void)state;
	bops_ws_attributes(&full);
	/* Nothing to add to a current workspace's. */
	n = bops_ws_attributes_merge(&out, &names, full.ptr, full.len);
	assert_int_equal(n, 0);
	assert_string_equal(out.ptr, full.ptr);
	assert_string_equal(names.ptr, "");

	/* None at all: the whole of it, comment included. */
	n = bops_ws_attributes_merge(&out, &names, "", 0);
	assert_int_equal(n, BOPS_KIND__COUNT + 1);
	assert_string_equal(out.ptr, full.ptr);
	bops_buf_puts(&all, "bops.yaml");
	for (i = 0; i < BOPS_KIND__COUNT; i++)
		bops_buf_printf(&all, ", %s", bops_kinds[i].dir);
	assert_string_equal(names.ptr, all.ptr);

	/* An older bops's: the kinds after sprints, appended. */
	n = bops_ws_attributes_merge(&out, &names, old, strlen(old));
	assert_non_null(tickets = strstr(full.ptr, "tickets/"));
	bops_buf_puts(&want, old);
	bops_buf_puts(&want, tickets);
	assert_string_equal(out.ptr, want.ptr);
	assert_int_equal(n, BOPS_KIND__COUNT - 3);
	assert_int_equal(strncmp(names.ptr, "tickets, customers, deals", 25),
	    0);
	assert_string_equal(all.ptr + strlen(all.ptr) - strlen(names.ptr),
	    names.ptr);

	/* A user's own: kept in its order, a newline where it had none,
	 * each of ours once. */
	n = bops_ws_attributes_merge(&out, &names, mine, strlen(mine));
	assert_int_equal(n, BOPS_KIND__COUNT);
	bops_buf_reset(&want);
	bops_buf_printf(&want, "%s\n", mine);
	for (p = full.ptr; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		if (*p != '#' && strncmp(p, "tickets/", 8))
			bops_buf_put(&want, p, (size_t)(nl - p + 1));
	}
	assert_string_equal(out.ptr, want.ptr);
	assert_int_equal(strncmp(names.ptr, "bops.yaml, tasks, okrs, sprints, "
	    "customers, deals", 49), 0);

	/* What it made has nothing more to add. */
	bops_buf_reset(&want);
	bops_buf_puts(&want, out.ptr);
	n = bops_ws_attributes_merge(&out, &names, want.ptr, want.len);
	assert_int_equal(n, 0);
	assert_string_equal(out.ptr, want.ptr);
	bops_buf_release(&full);
	bops_buf_release(&out);
	bops_buf_release(&names);
	bops_buf_release(&want);
	bops_buf_release(&all);
}

static void
driver_is_registered_once(void **state)
{
	struct ws_fixture *f = *state;
	struct bops_buf out = BOPS_BUF_INIT;
	bool known = false, added = true;

	assert_null(bops_ws_driver_known(&known, f->ws->repo));
	assert_true(known);
	assert_null(bops_ws_driver_register(&added, f->ws->repo));
	assert_false(added);

	assert_int_equal(run(NULL, GIT "'%s' config --remove-section "
	    "merge.bops", f->path), 0);
	assert_null(bops_ws_driver_known(&known, f->ws->repo));
	assert_false(known);
	assert_null(bops_ws_driver_register(&added, f->ws->repo));
	assert_true(added);
	assert_int_equal(run(&out, GIT "'%s' config merge.bops.driver",
	    f->path), 0);
	assert_string_equal(out.ptr, "bops merge-driver %O %A %B %P\n");
	assert_int_equal(run(&out, GIT "'%s' config merge.bops.name",
	    f->path), 0);
	assert_string_equal(out.ptr, "bops record merge\n");
	assert_null(bops_ws_driver_known(&known, f->ws->repo));
	assert_true(known);

	/* A driver of the user's own, by another command, is kept. */
	assert_int_equal(run(NULL, GIT "'%s' config merge.bops.driver "
	    "'/opt/bops merge-driver %%O %%A %%B %%P'", f->path), 0);
	assert_null(bops_ws_driver_register(&added, f->ws->repo));
	assert_false(added);
	assert_int_equal(run(&out, GIT "'%s' config merge.bops.driver",
	    f->path), 0);
	assert_string_equal(out.ptr, "/opt/bops merge-driver %O %A %B %P\n");
	bops_buf_release(&out);
}

static void
is_root_names_a_workspace_root_alone(void **state)
{
	struct ws_fixture *f = *state;
	char sub[PATH_MAX];

	assert_true(bops_ws_is_root(f->path));
	snprintf(sub, sizeof(sub), "%s/tasks", f->path);
	assert_int_equal(mkdir(sub, 0777), 0);
	assert_false(bops_ws_is_root(sub));
	assert_false(bops_ws_is_root(f->dir));
	snprintf(sub, sizeof(sub), "%s/none", f->dir);
	assert_false(bops_ws_is_root(sub));
}

#define T(name) cmocka_unit_test_prestate_setup_teardown(name, ws_setup, \
    ws_teardown, &ws_opts)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		T(init_commits_a_clean_workspace),
		T(init_refuses_an_existing_workspace),
		T(init_adopts_an_existing_repository),
		T(open_finds_the_root_from_a_subdirectory),
		T(open_outside_a_workspace_is_no_workspace),
		T(open_refuses_an_invalid_now),
		T(open_keeps_the_lock_timeout),
		T(config_get_follows_dotted_keys),
		T(config_str_falls_back_to_the_default),
		T(defaults_name_only_what_the_config_has),
		T(identity_comes_from_opts_author),
		T(identity_refuses_a_malformed_author),
		T(identity_without_author_comes_from_git_config),
		T(now_must_fit_in_a_commit),
		T(config_emit_documents_keys_and_parses_back),
		T(config_parse_reports_errors_with_positions),
		T(config_check_keeps_every_problem),
		T(invalid_committed_config_fails_unless_tolerant),
		T(today_is_the_date_in_the_workspace_time_zone),
		T(refresh_follows_head_and_keeps_old_schemas),
		T(refresh_keeps_zones_handed_out),
		T(schema_reports_a_custom_field_clash),
		cmocka_unit_test(attributes_merge_reads_lines_as_git_does),
		cmocka_unit_test(
		    attributes_merge_appends_what_a_workspace_lacks),
		T(driver_is_registered_once),
		T(is_root_names_a_workspace_root_alone),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
