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
