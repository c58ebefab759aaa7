/*
 * sandbox.h: what the unit tests share, in tests/unit/sandbox.c, which
 * the Makefile links into every unit binary:
 *
 *   - group_setup and group_teardown, cmocka's setup and teardown of a
 *     group that uses libgit2: its global, XDG and system config pointed
 *     at an empty directory (cfgdir), so that no test depends on the
 *     machine's git config;
 *   - a temporary directory (sandbox_tmpdir) and rm_rf;
 *   - a fresh workspace in a temporary directory (struct ws_fixture), as
 *     cmocka's setup and teardown of a test (ws_setup, ws_teardown), or
 *     inside a test's own fixture (ws_fixture_open, ws_fixture_close);
 *   - run, a shell command with its output, and GIT, plain git that
 *     reads no config of the machine's;
 *   - what tables of cases are written with: dates and instants as
 *     text (ymd, instant), YAML documents (yaml_doc) and a map's keys
 *     (keys_of).
 *
 * Include it after <cmocka.h>.
 */
#ifndef BOPS_TEST_SANDBOX_H
#define BOPS_TEST_SANDBOX_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "node.h"
#include "workspace.h"

#ifndef N
#define N(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* Plain git on a directory (the next argument), with no config but the
 * repository's own. */
#define GIT "GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null git -C "

/* libgit2's global, XDG and system config all live here (empty), from
 * group_setup to group_teardown. */
extern char cfgdir[64];

/* libgit2 started, its config search path at a new empty cfgdir. */
int group_setup(void **state);
/* cfgdir removed, libgit2 shut down. */
int group_teardown(void **state);
/* Point libgit2's global, XDG and system config at dir; -1 on failure. */
int set_config_search(const char *dir);

/*
 * Make a new directory /tmp/bops-<test binary>-XXXXXX, its name in dir
 * (size bytes, at least 64).  0, or -1 when it could not be made.
 */
int sandbox_tmpdir(char *dir, size_t size);
/* Remove path and all below it, following no link; nftw's result. */
int rm_rf(const char *path);

/*
 * A workspace made by bops_ws_init in a temporary directory:
 * dir/<name>, by an author at a fixed clock, with no lock timeout.
 */
struct ws_fixture {
	char dir[64];		/* the temporary directory */
	char path[96];		/* dir/<name>: the workspace */
	struct bops_ws_opts opts;
	struct bops_ws *ws;
};

/* How to make one; a NULL member takes the default, in brackets. */
struct ws_fixture_opts {
	const char *name;	/* ["ws"] */
	const char *now;	/* the clock ["2026-11-23T09:00:00Z"] */
	const char *author;	/* ["Test <t@example.com>"] */
};

/*
 * Make f's workspace as o says (NULL: every default).  0, or -1 (the
 * error on stderr) with nothing left to remove.
 */
int ws_fixture_open(struct ws_fixture *f, const struct ws_fixture_opts *o);
/* Close f's workspace and remove its directory; f itself stays. */
void ws_fixture_close(struct ws_fixture *f);

/*
 * cmocka's setup and teardown of a test with a fresh workspace: *state
 * becomes a new struct ws_fixture.  Given as the test's initial state
 * (cmocka_unit_test_prestate_setup_teardown), a struct ws_fixture_opts
 * says how to make it.
 */
int ws_setup(void **state);
int ws_teardown(void **state);

/*
 * cmocka's setup and teardown of a test of the git module with a fresh
 * repository (bops_repo_init) in a temporary directory: *state becomes
 * a new struct repo_fixture, whose head the test keeps ("" at first).
 */
struct bops_repo;
struct repo_fixture {
	char dir[64];		/* the temporary directory */
	char ws[96];		/* dir/ws: the repository's work tree */
	struct bops_repo *repo;
	char head[BOPS_OID_HEXSZ + 1];	/* the commit a test made last */
};
int repo_setup(void **state);
int repo_teardown(void **state);

/* Run a shell command; its stdout goes to out (may be NULL).  Its exit
 * status, or -1 when it did not exit. */
int run(struct bops_buf *out, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The day (days since 1970-01-01) or the instant (seconds since the
 * epoch) that s names; a bad s fails the test. */
int32_t ymd(const char *s);
int64_t instant(const char *s);

/* The document that text holds (NULL for NULL), the caller's to free
 * with bops_node_free(); text that does not load fails the test. */
struct bops_node *yaml_doc(const char *text);

/* The keys of map joined by ',' ("" for NULL), in a static buffer that
 * the next call reuses. */
const char *keys_of(const struct bops_node *map);

#endif
