/*
 * sandbox.c: what the unit tests share (sandbox.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <git2.h>

#include "date.h"
#include "git.h"
#include "sandbox.h"
#include "yaml.h"
#include "banned.h"

char cfgdir[64];

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

int
rm_rf(const char *path)
{
	return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int
sandbox_tmpdir(char *dir, size_t size)
{
	/* The binary's name, so that what a failed test leaves says whose
	 * it is. */
	snprintf(dir, size, "/tmp/bops-%s-XXXXXX",
	    program_invocation_short_name);
	return mkdtemp(dir) ? 0 : -1;
}

int
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

int
group_setup(void **state)
{
	bops_git_global_init();
	if (sandbox_tmpdir(cfgdir, sizeof(cfgdir)))
		return -1;
	return set_config_search(cfgdir);
}

int
group_teardown(void **state)
{
	rm_rf(cfgdir);
	bops_git_global_shutdown();
	return 0;
}

int
ws_fixture_open(struct ws_fixture *f, const struct ws_fixture_opts *o)
{
	static const struct ws_fixture_opts none;
	const struct bops_error *err;

	if (o == NULL)
		o = &none;
	if (sandbox_tmpdir(f->dir, sizeof(f->dir))) {
		fprintf(stderr, "mkdtemp: %s\n", strerror(errno));
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/%s", f->dir,
	    o->name ? o->name : "ws");
	f->opts.dir = f->path;
	f->opts.now = o->now ? o->now : "2026-11-23T09:00:00Z";
	f->opts.author = o->author ? o->author : "Test <t@example.com>";
	f->opts.lock_timeout_ms = -1;
	if ((err = bops_ws_init(&f->ws, &f->opts))) {
		fprintf(stderr, "init: %s\n", err->msg);
		rm_rf(f->dir);
		return -1;
	}
	return 0;
}

void
ws_fixture_close(struct ws_fixture *f)
{
	bops_ws_close(f->ws);
	f->ws = NULL;
	rm_rf(f->dir);
}

int
ws_setup(void **state)
{
	struct ws_fixture *f = calloc(1, sizeof(*f));

	if (f == NULL || ws_fixture_open(f, *state)) {
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

int
ws_teardown(void **state)
{
	struct ws_fixture *f = *state;

	ws_fixture_close(f);
	free(f);
	return 0;
}

int
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

int32_t
ymd(const char *s)
{
	int32_t days;

	if (bops_date_parse(&days, s))
		fail_msg("bad test date '%s'", s);
	return days;
}

int64_t
instant(const char *s)
{
	int64_t t;

	if (bops_instant_parse(&t, s))
		fail_msg("bad test instant '%s'", s);
	return t;
}

struct bops_node *
yaml_doc(const char *text)
{
	const struct bops_error *err;
	struct bops_node *n = NULL;

	if (text == NULL)
		return NULL;
	if ((err = bops_yaml_load(&n, "t.yaml", text, strlen(text))))
		fail_msg("load: %s\n%s", err->msg, text);
	return n;
}

const char *
keys_of(const struct bops_node *map)
{
	static char out[512];
	size_t i, len = 0;

	out[0] = '\0';
	for (i = 0; map && i < map->n; i++) {
		size_t k = strlen(map->keys[i]);

		assert_true(len + k + 2 < sizeof(out));
		if (i)
			out[len++] = ',';
		memcpy(out + len, map->keys[i], k + 1);
		len += k;
	}
	return out;
}

int
repo_setup(void **state)
{
	struct repo_fixture *f = calloc(1, sizeof(*f));
	bool created = false;

	if (f == NULL)
		return -1;
	if (sandbox_tmpdir(f->dir, sizeof(f->dir))) {
		free(f);
		return -1;
	}
	snprintf(f->ws, sizeof(f->ws), "%s/ws", f->dir);
	if (bops_repo_init(&f->repo, f->ws, &created) != NULL || !created) {
		rm_rf(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

int
repo_teardown(void **state)
{
	struct repo_fixture *f = *state;

	bops_repo_close(f->repo);
	rm_rf(f->dir);
	free(f);
	return 0;
}
