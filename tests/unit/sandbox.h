/*
 * sandbox.h: what the unit tests that make workspaces share: libgit2's
 * global, XDG and system config pointed at an empty directory (so no
 * test depends on the machine's git config), and rm -rf.
 */
#ifndef BOPS_TEST_SANDBOX_H
#define BOPS_TEST_SANDBOX_H

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>

#include <git2.h>

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

static int
group_setup(void **state)
{
	static const int levels[] = {
		GIT_CONFIG_LEVEL_PROGRAMDATA, GIT_CONFIG_LEVEL_SYSTEM,
		GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL,
	};
	size_t i;

	bops_git_global_init();
	snprintf(cfgdir, sizeof(cfgdir), "/tmp/bops-test-gitcfg-XXXXXX");
	if (mkdtemp(cfgdir) == NULL)
		return -1;
	for (i = 0; i < N(levels); i++)
		if (git_libgit2_opts(GIT_OPT_SET_SEARCH_PATH, levels[i],
		    cfgdir) < 0)
			return -1;
	return 0;
}

static int
group_teardown(void **state)
{
	rm_rf(cfgdir);
	bops_git_global_shutdown();
	return 0;
}

#endif
