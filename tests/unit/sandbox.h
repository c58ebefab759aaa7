/*
 * sandbox.h: what the unit tests that make workspaces share: libgit2's
 * global, XDG and system config pointed at an empty directory (so no
 * test depends on the machine's git config), and rm -rf.
 */
#ifndef BOPS_TEST_SANDBOX_H
#define BOPS_TEST_SANDBOX_H

#include <ftw.h>
#include <stdarg.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>

#include <git2.h>

#include "buf.h"
#include "git.h"
#include "workspace.h"

#ifndef N
#define N(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* libgit2's global, XDG and system config all live here (empty). */
static char cfgdir[64];

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static int
rm_rf(const char *path)
{
	return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Point libgit2's global, XDG and system config at dir. */
static __attribute__((unused)) int
set_config_search(const char *dir)
{
	static const int levels[] = {
		GIT_CONFIG_LEVEL_PROGRAMDATA, GIT_CONFIG_LEVEL_SYSTEM,
		GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL,
	};
	size_t i;

	for (i = 0; i < N(levels); i++)
		if (git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, levels[i],
		    dir) < 0)
			return -1;
	return 0;
}

static int
group_setup(void **state)
{
	bops_git_global_init();
	snprintf(cfgdir, sizeof(cfgdir), "/tmp/bops-test-gitcfg-XXXXXX");
	if (mkdtemp(cfgdir) == NULL)
		return -1;
	return set_config_search(cfgdir);
}

static int
group_teardown(void **state)
{
	rm_rf(cfgdir);
	bops_git_global_shutdown();
	return 0;
}

/*
 * A fresh workspace in a temporary directory, for the tests of a module
 * that reads a workspace's board, config or history: ws_setup makes it
 * (by "Test <t@example.com>", the clock at 2026-11-23T09:00:00Z) and
 * ws_teardown removes it, as cmocka's setup and teardown of a test.
 */
struct ws_fixture {
	char dir[64];
	char path[96];
	struct bops_ws_opts opts;
	struct bops_ws *ws;
};

static __attribute__((unused)) int
ws_setup(void **state)
{
	struct ws_fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/bops-test-ws-XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/ws", f->dir);
	f->opts.dir = f->path;
	f->opts.now = "2026-11-23T09:00:00Z";
	f->opts.author = "Test <t@example.com>";
	f->opts.lock_timeout_ms = -1;
	if (bops_ws_init(&f->ws, &f->opts)) {
		rm_rf(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static __attribute__((unused)) int
ws_teardown(void **state)
{
	struct ws_fixture *f = *state;

	bops_ws_close(f->ws);
	rm_rf(f->dir);
	free(f);
	return 0;
}

/* Run a shell command; its stdout goes to out (may be NULL). */
static __attribute__((unused)) int
run(struct bops_buf *out, const char *fmt, ...)
{
	struct bops_buf cmd = BOPS_BUF_INIT;
	char chunk[4096];
	size_t n;
	va_list ap;
	FILE *p;
	int status;

	va_start(ap, fmt);
	bops_buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	if (out != NULL)
		bops_buf_reset(out);
	p = popen(cmd.ptr, "r");
	assert_non_null(p);
	while ((n = fread(chunk, 1, sizeof(chunk), p)) > 0)
		if (out != NULL)
			bops_buf_put(out, chunk, n);
	status = pclose(p);
	bops_buf_release(&cmd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

#endif
