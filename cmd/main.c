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
#include "banned.h"

static const struct bops_error *cmd_help(struct bops_ctx *, int, char *[]);
static const struct bops_error *cmd_version(struct bops_ctx *, int, char *[]);
static const struct bops_error *cmd_kind(struct bops_ctx *, int, char *[]);

static const struct bops_cmd commands[] = {
#define BOPS_KIND(name, dir, sharded) \
	{ #name, cmd_kind, CMD_NEEDS_WORKSPACE | CMD_KIND, \
	    #name " VERB [ARGS]", NULL },
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
	{ "undo", cmd_undo, CMD_NEEDS_WORKSPACE | CMD_WRITES, "undo",
	    "revert the last bops change with a new commit" },
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

/* Summaries of the kind families, by kind name. */
static const char *
kind_summary(const char *name)
{
	static const struct { const char *name, *summary; } s[] = {
		{ "task", "Kanban tasks: add, move, board, backlog" },
		{ "okr", "objectives and key results: check-ins, tree, score" },
		{ "sprint", "one-week sprints: plan, board, burndown, velocity" },
		{ "ticket", "service tickets with SLA clocks" },
		{ "journey", "customer journeys: stages, touchpoints, metrics" },
		{ "customer", "customers and their lifecycle" },
		{ "deal", "the deal pipeline" },
	};
	size_t i;

	for (i = 0; i < sizeof(s) / sizeof(s[0]); i++)
		if (strcmp(s[i].name, name) == 0)
			return s[i].summary;
	return "records";
}

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

static void
print_verbs(const struct bops_kind *kind)
{
	const struct bops_verb *tables[2] = { NULL, record_verbs };
	const struct bops_verb *v;
	size_t t;

	int width = 0, w;

	tables[0] = kind_verbs(kind);
	printf("usage: bops %s VERB [ARGS]\n\n%s\n\n", kind->name,
	    kind_summary(kind->name));
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
			printf("  %-12s %s\n", c->name,
			    kind_summary(c->name));
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
	if ((c = find_command(argv[1])) == NULL)
		return bops_error_fmt(BOPS_ERR_USAGE,
		    "unknown command '%s'; see `bops help`", argv[1]);
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
	    (v = verb_find(record_verbs, argv[1])) == NULL)
		return bops_error_fmt(BOPS_ERR_USAGE,
		    "unknown verb '%s' for %s; see `bops help %s`", argv[1],
		    kind->name, kind->name);
	return v->fn(ctx, kind, argc - 1, argv + 1);
}

/* Flush stdout and report a failure to write it (bops list >/dev/full). */
static const struct bops_error *
finish(void)
{
	if (fflush(stdout) || ferror(stdout)) {
		/* The reader went away (`bops task list | head`): as git
		 * does, say nothing. */
		if (errno == EPIPE)
			return NULL;
		return bops_error_errno("write to standard output");
	}
	return NULL;
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
}

static long
lock_timeout(void)
{
	const char *s = getenv("BOPS_LOCK_TIMEOUT");
	char *end;
	double d;

	if (s == NULL || *s == '\0')
		return -1;
	d = strtod(s, &end);
	if (*end || !(d >= 0 && d <= 86400))	/* NaN too */
		return -1;
	return (long)(d * 1000);
}

int
main(int argc, char *argv[])
{
	const struct bops_error *err = NULL, *ferr;
	const struct bops_cmd *c;
	struct bops_ctx ctx;
	bool no_color = false;
	int i, status;

	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);
	memset(&ctx, 0, sizeof(ctx));
	ctx.opts.lock_timeout_ms = lock_timeout();
	ctx.opts.now = getenv("BOPS_NOW");
	ctx.opts.author = getenv("BOPS_AUTHOR");
	ctx.opts.dir = getenv("BOPS_DIR");
	if (ctx.opts.now && *ctx.opts.now == '\0')
		ctx.opts.now = NULL;
	if (ctx.opts.author && *ctx.opts.author == '\0')
		ctx.opts.author = NULL;
	if (ctx.opts.dir && *ctx.opts.dir == '\0')
		ctx.opts.dir = NULL;
	ctx.editor = getenv("VISUAL");
	if (ctx.editor == NULL || *ctx.editor == '\0')
		ctx.editor = getenv("EDITOR");

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-C") == 0 && i + 1 < argc)
			ctx.opts.dir = argv[++i];
		else if (strncmp(argv[i], "-C", 2) == 0 && argv[i][2])
			ctx.opts.dir = argv[i] + 2;
		else if (strcmp(argv[i], "-q") == 0 ||
		    strcmp(argv[i], "--quiet") == 0)
			ctx.quiet = true;
		else if (strcmp(argv[i], "--no-color") == 0)
			no_color = true;
		else if (strcmp(argv[i], "--version") == 0) {
			printf("bops %s\n", BOPS_VERSION);
			return finish() ? 6 : 0;
		} else if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			print_overview();
			return finish() ? 6 : 0;
		} else if (strcmp(argv[i], "--list-commands") == 0) {
			for (c = commands; c->name; c++)
				printf("%s\n", c->name);
			return finish() ? 6 : 0;
		} else {
			fprintf(stderr, "bops: unknown option '%s'\n"
			    "usage: bops [-C DIR] [-q] [--no-color] COMMAND "
			    "[ARGS]\n", argv[i]);
			return 2;
		}
	}
	if (i == argc) {
		print_overview();
		return finish() ? 6 : 2;
	}
	if ((c = find_command(argv[i])) == NULL) {
		fprintf(stderr, "bops: unknown command '%s'; see `bops help`\n",
		    argv[i]);
		return 2;
	}
	setup_terminal(&ctx, no_color);
	/* version and help need no git: keep them fast. */
	if (c->fn != cmd_version && c->fn != cmd_help)
		bops_git_global_init();
	if (c->flags & CMD_NEEDS_WORKSPACE) {
		bool help = false;
		int j;

		/* -h needs no workspace. */
		for (j = i + 1; j < argc && !help; j++)
			help = strcmp(argv[j], "-h") == 0 ||
			    strcmp(argv[j], "--help") == 0;
		ctx.opts.tolerant = (c->flags & CMD_TOLERANT) != 0;
		if (!help)
			err = bops_ws_open(&ctx.ws, &ctx.opts);
	}
	if (err == NULL)
		err = c->fn(&ctx, argc - i, argv + i);
	ferr = finish();
	if (err == NULL)
		err = ferr;
	bops_ws_close(ctx.ws);
	if (c->fn != cmd_version && c->fn != cmd_help)
		bops_git_global_shutdown();
	status = exit_status(err);
	if (err && err->code != BOPS_ERR_FOUND) {
		fprintf(stderr, "bops: %s\n", err->msg);
		if (hint(err))
			fprintf(stderr, "hint: %s\n", hint(err));
	}
	return status;
}
