/*
 * main.c: the command table, the shared setup, and the one place that
 * turns errors into exit statuses.
 */
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd.h"
#include "git.h"
#include "text.h"
#include "banned.h"

static const struct bops_error *cmd_help(struct bops_ctx *, int, char *[]);
static const struct bops_error *cmd_version(struct bops_ctx *, int, char *[]);
static const struct bops_error *cmd_kind(struct bops_ctx *, int, char *[]);

static const struct bops_cmd commands[] = {
#define BOPS_KIND(name, dir, sharded, summary) \
	{ #name, cmd_kind, CMD_NEEDS_WORKSPACE | CMD_KIND, \
	    #name " VERB [ARGS]", summary },
#include "kinds.def"
#undef BOPS_KIND
	{ "init", cmd_init, 0, "init [DIR]",
	    "make DIR (default .) a bops workspace" },
	{ "config", cmd_config, CMD_NEEDS_WORKSPACE | CMD_TOLERANT,
	    "config [KEY [VALUE]]", "read or change bops.yaml" },
	{ "check", cmd_check, CMD_NEEDS_WORKSPACE | CMD_TOLERANT,
	    "check", "validate every record, the config and the work tree" },
	{ "log", cmd_log, CMD_NEEDS_WORKSPACE, "log [-n N] [--json]",
	    "recent changes" },
	{ "undo", cmd_undo, CMD_NEEDS_WORKSPACE | CMD_WRITES, "undo [--any]",
	    "take back your last bops change with a new commit" },
	{ "clone", cmd_clone, 0, "clone URL [DIR]",
	    "clone a shared workspace" },
	{ "sync", cmd_sync, CMD_NEEDS_WORKSPACE | CMD_WRITES,
	    "sync [--remote R] [--branch B]",
	    "fetch, merge record by record, push" },
	{ "conflicts", cmd_conflicts, CMD_NEEDS_WORKSPACE, "conflicts [--json]",
	    "list the conflicts kept in records" },
	{ "resolve", cmd_resolve, CMD_NEEDS_WORKSPACE | CMD_WRITES,
	    "resolve ID FIELD --take ours|theirs | --value V",
	    "clear a conflict with a commit" },
	{ "merge-driver", cmd_merge_driver, CMD_NEEDS_WORKSPACE | CMD_TOLERANT,
	    "merge-driver BASE OURS THEIRS PATH",
	    "the git merge driver for records" },
	{ "help", cmd_help, 0, "help [COMMAND]", "show help" },
	{ "version", cmd_version, 0, "version", "print the version" },
	{ NULL, NULL, 0, NULL, NULL },
};

static int
exit_status(const struct bops_error *err)
{
	if (err == NULL)
		return 0;
	switch (err->code) {
	case BOPS_ERR_FOUND:
		return 1;
	case BOPS_ERR_USAGE:
		return 2;
	case BOPS_ERR_NOT_FOUND:
	case BOPS_ERR_AMBIGUOUS:
		return 3;
	case BOPS_ERR_INVALID:
		return 4;
	case BOPS_ERR_REFUSED:
	case BOPS_ERR_WIP:
	case BOPS_ERR_DIRTY:
	case BOPS_ERR_LOCKED:
	case BOPS_ERR_CONFLICT:
		return 5;
	default:
		return 6;
	}
}

static const char *
hint(const struct bops_error *err)
{
	switch (err->code) {
	case BOPS_ERR_NO_WORKSPACE:
		return "run `bops init` to make one, or use -C DIR or BOPS_DIR";
	case BOPS_ERR_NO_IDENTITY:
		return "git config --global user.name 'Your Name' && "
		    "git config --global user.email you@example.com";
	case BOPS_ERR_WIP:
		return "finish something first, or use --force";
	default:
		return NULL;
	}
}

static const struct bops_cmd *
find_command(const char *name)
{
	const struct bops_cmd *c;

	for (c = commands; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

/* Global options, for suggestions. */
static const char *const global_opts[] = {
	"--quiet", "--no-color", "--directory", "--help", "--version",
	"--list-commands", NULL,
};

static int
unknown_option(const char *a)
{
	struct bops_text_suggest s;
	struct bops_buf msg = BOPS_BUF_INIT;
	size_t i;

	bops_text_suggest_init(&s, a);
	for (i = 0; global_opts[i]; i++)
		bops_text_suggest_add(&s, global_opts[i]);
	bops_buf_printf(&msg, "unknown option '%s'", a);
	bops_text_suggest_put(&s, &msg);
	print_error(msg.ptr);
	fputs("usage: bops [-C DIR] [-q] [--no-color] COMMAND [ARGS]\n",
	    err_stream());
	bops_buf_release(&msg);
	return 2;
}

/* "unknown command 'x'", with the command meant or a pointer to help. */
static void
unknown_command(struct bops_buf *msg, const char *name)
{
	struct bops_text_suggest s;
	const struct bops_cmd *c;

	bops_text_suggest_init(&s, name);
	for (c = commands; c->name; c++)
		bops_text_suggest_add(&s, c->name);
	bops_buf_printf(msg, "unknown command '%s'", name);
	if (!bops_text_suggest_put(&s, msg))
		bops_buf_puts(msg, "; see `bops help`");
}

static void
print_verbs(const struct bops_kind *kind)
{
	const struct bops_verb *tables[2] = { NULL, record_verbs };
	const struct bops_verb *v;
	size_t t;

	int width = 0, w;

	tables[0] = kind_verbs(kind);
	printf("usage: bops %s VERB [ARGS]\n\n%s\n\n", kind->name,
	    kind->summary);
	for (t = 0; t < 2; t++)
		for (v = tables[t]; v->name; v++)
			if ((w = (int)strlen(v->usage)) > width)
				width = w;
	for (t = 0; t < 2; t++)
		for (v = tables[t]; v->name; v++) {
			/* a kind verb hides the generic verb of its name */
			if (t == 1 && verb_find(tables[0], v->name))
				continue;
			printf("  bops %s %-*s  %s\n", kind->name, width,
			    v->usage, v->summary);
		}
	printf("\nSee bops-%s(1) for more.\n", kind->name);
}

static void
print_overview(void)
{
	const struct bops_cmd *c;

	printf("usage: bops [-C DIR] [-q] [--no-color] COMMAND [ARGS]\n\n");
	printf("Records:\n");
	for (c = commands; c->name; c++)
		if (c->flags & CMD_KIND)
			printf("  %-12s %s\n", c->name, c->summary);
	printf("\nWorkspace:\n");
	for (c = commands; c->name; c++)
		if (!(c->flags & CMD_KIND))
			printf("  %-12s %s\n", c->name, c->summary);
	printf("\n`bops help COMMAND` or `bops COMMAND -h` tells more; "
	    "see bops(1).\n");
}

static const struct bops_error *
cmd_help(struct bops_ctx *ctx, int argc, char *argv[])
{
	const struct bops_cmd *c;
	const struct bops_kind *kind;
	char *args[3];

	if (argc < 2) {
		print_overview();
		return NULL;
	}
	if (argc > 2)
		return usage_error("help [COMMAND]");
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		print_usage("help [COMMAND]", "show help on bops or on one "
		    "command");
		return NULL;
	}
	if ((kind = bops_kind_find(argv[1]))) {
		print_verbs(kind);
		return NULL;
	}
	if ((c = find_command(argv[1])) == NULL) {
		struct bops_buf msg = BOPS_BUF_INIT;
		const struct bops_error *err;

		unknown_command(&msg, argv[1]);
		err = bops_error_fmt(BOPS_ERR_USAGE, "%s", msg.ptr);
		bops_buf_release(&msg);
		return err;
	}
	args[0] = argv[1];
	args[1] = "--help";
	args[2] = NULL;
	return c->fn(ctx, 2, args);
}

static const struct bops_error *
cmd_version(struct bops_ctx *ctx, int argc, char *argv[])
{
	bool help = false;
	int n;
	const struct bops_error *err;
	static const struct opt opts[] = { { NULL, 0, false, NULL, NULL } };

	if ((err = parse_opts(argc, argv, opts, &n, &help)))
		return err;
	if (help) {
		print_usage("version", "print the version");
		return NULL;
	}
	if (n != 1)
		return usage_error("version");
	printf("bops %s\n", BOPS_VERSION);
	return NULL;
}

static const struct bops_error *
cmd_kind(struct bops_ctx *ctx, int argc, char *argv[])
{
	const struct bops_kind *kind = bops_kind_find(argv[0]);
	const struct bops_verb *v;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "--help") == 0) {
		print_verbs(kind);
		return argc < 2 ? bops_error_fmt(BOPS_ERR_USAGE,
		    "bops %s: a verb is needed", kind->name) : NULL;
	}
	if ((v = verb_find(kind_verbs(kind), argv[1])) == NULL &&
	    (v = verb_find(record_verbs, argv[1])) == NULL) {
		struct bops_text_suggest s;
		struct bops_buf msg = BOPS_BUF_INIT;
		const struct bops_error *err;

		bops_text_suggest_init(&s, argv[1]);
		for (v = kind_verbs(kind); v->name; v++)
			bops_text_suggest_add(&s, v->name);
		for (v = record_verbs; v->name; v++)
			bops_text_suggest_add(&s, v->name);
		bops_buf_printf(&msg, "unknown verb '%s' for %s", argv[1],
		    kind->name);
		if (!bops_text_suggest_put(&s, &msg))
			bops_buf_printf(&msg, "; see `bops help %s`",
			    kind->name);
		err = bops_error_fmt(BOPS_ERR_USAGE, "%s", msg.ptr);
		bops_buf_release(&msg);
		return err;
	}
	return v->fn(ctx, kind, argc - 1, argv + 1);
}

/* Flush stdout and report a failure to write it (bops list >/dev/full). */
static const struct bops_error *
finish(void)
{
	int e = out_flush();

	/* The reader went away (`bops task list | head`): as git does, say
	 * nothing. */
	if (e == 0 || e == EPIPE)
		return NULL;
	errno = e;
	return bops_error_errno("write to standard output");
}

static void
setup_terminal(struct bops_ctx *ctx, bool no_color)
{
	struct winsize ws;
	const char *cs, *nc = getenv("NO_COLOR");

	if (setlocale(LC_ALL, "") == NULL || strcmp(nl_langinfo(CODESET),
	    "UTF-8"))
		if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
			(void)setlocale(LC_CTYPE, "C.utf8");
	/* Widths need a UTF-8 LC_CTYPE; the output style follows LANG. */
	cs = getenv("LC_ALL");
	if (cs == NULL || *cs == '\0')
		cs = getenv("LC_CTYPE");
	if (cs == NULL || *cs == '\0')
		cs = getenv("LANG");
	ctx->utf8 = cs && (strstr(cs, "UTF-8") || strstr(cs, "utf8") ||
	    strstr(cs, "UTF8") || strstr(cs, "utf-8"));
	setlocale(LC_NUMERIC, "C");
	if (isatty(STDOUT_FILENO)) {
		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
			ctx->width = ws.ws_col;
		else
			ctx->width = 80;
		ctx->color = !no_color && (nc == NULL || *nc == '\0') &&
		    !(getenv("TERM") && strcmp(getenv("TERM"), "dumb") == 0);
		ctx->tty_in = isatty(STDIN_FILENO);
	}
	out_setup(isatty(STDOUT_FILENO), ctx->color);
}

/* The value of an environment variable, NULL when unset or empty. */
static const char *
env(const char *name)
{
	const char *s = getenv(name);

	return s && *s ? s : NULL;
}

/* An editor, NULL when unset or blank (it would run the file itself). */
static const char *
env_editor(const char *name)
{
	const char *s = env(name);

	return s && s[strspn(s, " \t\n")] ? s : NULL;
}

/*
 * BOPS_LOCK_TIMEOUT: seconds from 0 to 86400, a fraction allowed (10,
 * 0.5); no sign, exponent, space or unit.
 */
static const struct bops_error *
parse_lock_timeout(long *out, const char *s)
{
	size_t int_len = strspn(s, "0123456789"), frac_len = 0;
	double d;

	if (s[int_len] == '.')
		frac_len = strspn(s + int_len + 1, "0123456789");
	if (int_len == 0 || (s[int_len] == '.' && frac_len == 0) ||
	    s[int_len + (frac_len ? frac_len + 1 : 0)] != '\0' ||
	    (d = strtod(s, NULL)) > 86400)
		return bops_error_fmt(BOPS_ERR_USAGE, "BOPS_LOCK_TIMEOUT: want "
		    "seconds from 0 to 86400 (10, 0.5), got '%s'", s);
	*out = (long)(d * 1000);
	return NULL;
}

/*
 * Check the settings that came from the environment (main read them
 * into ctx): a value bops cannot use is an error naming the variable,
 * never silently replaced by a default.  NO_COLOR takes any value, and
 * TZ is not used for dates (bops.yaml's timezone is).
 */
static const struct bops_error *
check_env(struct bops_ctx *ctx)
{
	const struct bops_error *err = NULL;
	struct bops_buf name = BOPS_BUF_INIT, email = BOPS_BUF_INIT;
	const char *s;
	int64_t now;

	if ((s = env("BOPS_LOCK_TIMEOUT")) &&
	    (err = parse_lock_timeout(&ctx->opts.lock_timeout_ms, s)))
		return err;
	if (ctx->opts.now && (err = bops_ws_parse_now(&now, ctx->opts.now)))
		return err;
	if (ctx->opts.author)
		err = bops_ws_parse_author(&name, &email, ctx->opts.author);
	bops_buf_release(&name);
	bops_buf_release(&email);
	return err;
}

int
main(int argc, char *argv[])
{
	const struct bops_error *err = NULL, *ferr;
	const struct bops_cmd *c;
	struct bops_ctx ctx;
	const char *dir_env;
	bool no_color = false, dashdash = false;
	char **args = NULL;
	int i, nargs = 0, status;

	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);
	memset(&ctx, 0, sizeof(ctx));
	ctx.opts.lock_timeout_ms = -1;
	ctx.opts.now = env("BOPS_NOW");
	ctx.opts.author = env("BOPS_AUTHOR");
	ctx.opts.dir = dir_env = env("BOPS_DIR");
	if ((ctx.editor = env_editor("VISUAL")) == NULL)
		ctx.editor = env_editor("EDITOR");

	/*
	 * Global options are taken out wherever they stand, as --json is,
	 * until "--"; what is left, from the command on, is the command's.
	 * Before the command, -h, --version and others are global too.
	 */
	args = bops_calloc((size_t)argc + 1, sizeof(*args));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (dashdash || a[0] != '-' || a[1] == '\0') {
			if (nargs == 0 && !dashdash && a[0] == '-') {
				status = unknown_option(a);
				goto out;
			}
			args[nargs++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			dashdash = true;
			if (nargs)
				args[nargs++] = argv[i];
			continue;
		}
		if (strcmp(a, "-C") == 0 || strcmp(a, "--directory") == 0) {
			if (i + 1 == argc) {
				print_error(bops_error_fmt(BOPS_ERR_USAGE,
				    "option '%s' needs a directory", a)->msg);
				status = 2;
				goto out;
			}
			ctx.opts.dir = argv[++i];
		} else if (strncmp(a, "-C", 2) == 0)
			ctx.opts.dir = a + 2;
		else if (strncmp(a, "--directory=", 12) == 0)
			ctx.opts.dir = a + 12;
		else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)
			ctx.quiet = true;
		else if (strcmp(a, "--no-color") == 0)
			no_color = true;
		else if (nargs > 0)
			args[nargs++] = argv[i];
		else if (strcmp(a, "--version") == 0) {
			printf("bops %s\n", BOPS_VERSION);
			status = finish() ? 6 : 0;
			goto out;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			print_overview();
			status = finish() ? 6 : 0;
			goto out;
		} else if (strcmp(a, "--list-commands") == 0) {
			for (c = commands; c->name; c++)
				printf("%s\n", c->name);
			status = finish() ? 6 : 0;
			goto out;
		} else {
			status = unknown_option(a);
			goto out;
		}
	}
	if (nargs == 0) {
		print_overview();
		status = finish() ? 6 : 2;
		goto out;
	}
	if ((c = find_command(args[0])) == NULL) {
		struct bops_buf msg = BOPS_BUF_INIT;

		unknown_command(&msg, args[0]);
		print_error(msg.ptr);
		bops_buf_release(&msg);
		status = 2;
		goto out;
	}
	setup_terminal(&ctx, no_color);
	/* version and help need no environment: keep them fast.  libgit2
	 * starts when a command first needs it (git.h). */
	if (c->fn != cmd_version && c->fn != cmd_help)
		err = check_env(&ctx);
	if (err == NULL && (c->flags & CMD_NEEDS_WORKSPACE)) {
		bool help = false;
		int j;

		/* -h needs no workspace. */
		for (j = 1; j < nargs && !help; j++)
			help = strcmp(args[j], "-h") == 0 ||
			    strcmp(args[j], "--help") == 0;
		ctx.opts.tolerant = (c->flags & CMD_TOLERANT) != 0;
		if (!help && (err = bops_ws_open(&ctx.ws, &ctx.opts)) == NULL)
			progress_attach(&ctx, ctx.ws);
		if (err && err->code == BOPS_ERR_NO_WORKSPACE && dir_env &&
		    ctx.opts.dir == dir_env)
			err = bops_error_wrap(err, "BOPS_DIR");
	}
	if (err == NULL)
		err = c->fn(&ctx, nargs, args);
	ferr = finish();
	if (err == NULL)
		err = ferr;
	bops_ws_close(ctx.ws);
	bops_git_global_shutdown();
	status = exit_status(err);
	if (err && err->code != BOPS_ERR_FOUND) {
		print_error(err->msg);
		if (hint(err))
			fprintf(err_stream(), "hint: %s\n", hint(err));
	}
out:
	free(args);
	return status;
}
