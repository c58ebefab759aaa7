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

#include "alias.h"
#include "cmd.h"
#include "git.h"
#include "text.h"
#include "banned.h"

static const struct bops_error *cmd_help(struct bops_ctx *, struct args *);
static const struct bops_error *cmd_version(struct bops_ctx *,
    struct args *);

static const struct bops_cmd commands[] = {
#define BOPS_KIND(name, dir, sharded, summary) \
	{ #name, NULL, CMD_NEEDS_WORKSPACE | CMD_KIND, \
	    { NULL, 0, 0, NULL, summary } },
#include "kinds.def"
#undef BOPS_KIND
	{ "init", cmd_init, 0, { "[DIR]", 0, 1, NULL,
	    "make DIR (default: the current one) a bops workspace" } },
	{ "config", cmd_config, CMD_NEEDS_WORKSPACE | CMD_TOLERANT,
	    { "[KEY [VALUE]]", 0, 2, NULL,
	    "print bops.yaml or one KEY, or set KEY to VALUE (committed)" } },
	{ "show", cmd_show, CMD_NEEDS_WORKSPACE,
	    { "ID|OBJECTIVE/N [ID ...]", 1, -1,
	    OPTS(OPT_FIELDS, OPT_AS_OF, OPT_FORMATS),
	    "show records of any kind by their ids or prefixes" } },
	{ "check", cmd_check, CMD_NEEDS_WORKSPACE | CMD_TOLERANT,
	    { NULL, 0, 0, NULL,
	    "validate every record, the config and the work tree" } },
	{ "log", cmd_log, CMD_NEEDS_WORKSPACE, { NULL, 0, 0,
	    OPTS(OPT_LOG_FILTERS, OPT_VALUE("kind", 0, "KIND", kind, 0),
	    OPT_JSON),
	    "the workspace's recent changes, newest first (20; -n -1: all)" } },
	{ "undo", cmd_undo, CMD_NEEDS_WORKSPACE | CMD_WRITES, { NULL, 0, 0,
	    OPTS(OPT_FLAG("any", 0, any, 0)),
	    "take back your last change with a new commit; --any: anyone's" } },
	{ "clone", cmd_clone, 0, { "URL [DIR]", 1, 2, NULL,
	    "clone a shared workspace and register the merge driver" } },
	{ "sync", cmd_sync, CMD_NEEDS_WORKSPACE | CMD_WRITES, { NULL, 0, 0,
	    OPTS(OPT_VALUE("remote", 0, "REMOTE", remote, 0),
	    OPT_VALUE("branch", 0, "BRANCH", branch, 0)),
	    "fetch, merge record by record, commit and push" } },
	{ "conflicts", cmd_conflicts, CMD_NEEDS_WORKSPACE, { NULL, 0, 0,
	    OPTS(OPT_JSON),
	    "list the conflicts that merges kept in records" } },
	{ "resolve", cmd_resolve, CMD_NEEDS_WORKSPACE | CMD_WRITES,
	    { "ID FIELD", 2, 2,
	    OPTS(OPT_VALUE("take", 0, "ours|theirs|1|2", take, OPT_NEEDED),
	    OPT_VALUE("value", 0, "VALUE", value, OPT_OR),
	    OPT_VALUE("kind", 0, "KIND", kind, 0)),
	    "clear a conflict with a commit: take one value or give one" } },
	{ "merge-driver", cmd_merge_driver, CMD_NEEDS_WORKSPACE | CMD_TOLERANT,
	    { "BASE OURS THEIRS PATH", 4, 4, NULL,
	    "the merge driver git runs for records (merge=bops)" } },
	{ "due", cmd_due, CMD_NEEDS_WORKSPACE, { NULL, 0, 0,
	    OPTS(OPT_VALUE("owner", 0, "WHO", owner, 0),
	    OPT_VALUE("within", 0, "DURATION", within, 0),
	    OPT_FLAG("exit-code", 0, exit_code, 0), OPT_JSON),
	    "what needs attention, by owner, most urgent first (cron)" } },
	{ "export", cmd_export, CMD_NEEDS_WORKSPACE, { "[KIND ...] [FILTER ...]",
	    0, -1, OPTS(OPT_VALUE("format", 0, "json|csv|yaml", format, 0),
	    OPT_AS_OF),
	    "write whole records out as JSON, CSV or YAML" } },
	{ "import", cmd_import, CMD_NEEDS_WORKSPACE | CMD_WRITES, { "FILE", 1, 1,
	    OPTS(OPT_VALUE("kind", 0, "KIND", kind, 0),
	    OPT_VALUE("format", 0, "csv|json|taskwarrior", format, 0),
	    OPT_VALUE("map", 0, "COL=FIELD,...", map, 0),
	    OPT_FLAG("dry-run", 'n', dry_run, 0)),
	    "read records from CSV, JSON or taskwarrior, in one commit" } },
	{ "report", cmd_report, CMD_NEEDS_WORKSPACE, { "[weekly|okr|sprint|"
	    "service|sales|journeys|projects|all]", 0, 1,
	    OPTS(OPT_VALUE("period", 0, "PERIOD", period, 0), OPT_AS_OF,
	    OPT_VALUE("format", 0, "text|md|html|json", format, 0),
	    OPT_VALUE("output", 'o', "FILE", output, OPT_SHORT)),
	    "reports: weekly, OKRs, sprints, service, sales, projects" } },
	{ "tick", cmd_tick, CMD_NEEDS_WORKSPACE | CMD_WRITES, { NULL, 0, 0,
	    NULL, "for cron: open follow-ups and start sprints whose day "
	    "came" } },
	{ "help", cmd_help, 0, { "[COMMAND]", 0, 1, NULL,
	    "show help on bops or on one command" } },
	{ "version", cmd_version, 0, { NULL, 0, 0, NULL,
	    "print the version" } },
	{ "__complete", cmd_complete, CMD_HIDDEN, { "WORD ...", 1, -1, NULL,
	    "the candidates for the last word, for shell completion" } },
	{ NULL, NULL, 0, { NULL, 0, 0, NULL, NULL } },
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

const struct bops_cmd *
command_table(void)
{
	return commands;
}

bool
command_exists(const char *name)
{
	return find_command(name) != NULL;
}

const char *const *
command_names(void)
{
	static const char *names[sizeof(commands) / sizeof(commands[0])];
	size_t i;

	for (i = 0; commands[i].name; i++)
		names[i] = commands[i].name;
	names[i] = NULL;
	return names;
}

/* bops's own usage: the overview's, and an unknown global option's. */
static const char main_usage[] =
    "usage: bops [-C DIR] [-q] [--no-color] COMMAND [ARGS]\n";

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
	bops_text_suggest_put(&msg, &s);
	print_error(msg.ptr);
	fputs(main_usage, err_stream());
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
		if (!(c->flags & CMD_HIDDEN))
			bops_text_suggest_add(&s, c->name);
	bops_buf_printf(msg, "unknown command '%s'", name);
	if (!bops_text_suggest_put(msg, &s))
		bops_buf_puts(msg, "; see `bops help`");
}

static void
print_overview(void)
{
	const struct bops_cmd *c;

	printf("%s\n", main_usage);
	printf("Records:\n");
	for (c = commands; c->name; c++)
		if (c->flags & CMD_KIND)
			printf("  %-12s %s\n", c->name, c->syntax.summary);
	printf("\nWorkspace:\n");
	for (c = commands; c->name; c++)
		if (!(c->flags & (CMD_KIND | CMD_HIDDEN)))
			printf("  %-12s %s\n", c->name, c->syntax.summary);
	printf("\n`bops help COMMAND` or `bops COMMAND -h` tells more; "
	    "see bops(1).\n");
}

static const struct bops_error *
cmd_help(struct bops_ctx *ctx, struct args *a)
{
	const struct bops_cmd *c;
	const struct bops_kind *kind;

	if (a->argc < 2) {
		print_overview();
		return NULL;
	}
	if ((kind = bops_kind_find(a->argv[1]))) {
		print_kind(kind);
		return NULL;
	}
	if ((c = find_command(a->argv[1])) == NULL) {
		struct bops_buf msg = BOPS_BUF_INIT;
		const struct bops_error *err;

		unknown_command(&msg, a->argv[1]);
		err = bops_error_fmt(BOPS_ERR_USAGE, "%s", msg.ptr);
		bops_buf_release(&msg);
		return err;
	}
	print_help(c->name, &c->syntax);
	return NULL;
}

static const struct bops_error *
cmd_version(struct bops_ctx *ctx, struct args *a)
{
	printf("bops %s\n", BOPS_VERSION);
	return NULL;
}

/*
 * Run command c: for a kind, take its verb first; parse the arguments
 * by the row (-h prints its help and needs no workspace), open the
 * workspace when the command needs one, and call it.
 */
static const struct bops_error *
run(struct bops_ctx *ctx, const struct bops_cmd *c, int argc, char *argv[],
    const char *dir_env)
{
	const struct bops_error *err = NULL;
	const struct bops_kind *kind = NULL;
	const struct bops_verb *v = NULL;
	const struct syntax *s = &c->syntax;
	struct bops_buf words = BOPS_BUF_INIT, usage = BOPS_BUF_INIT;
	struct args a;
	bool help;

	bops_buf_puts(&words, c->name);
	if (c->flags & CMD_KIND) {
		kind = bops_kind_find(c->name);
		if ((err = verb_select(&v, &words, kind, &argc, &argv)) ||
		    v == NULL)
			goto done;
		s = &v->syntax;
	}
	memset(&a, 0, sizeof(a));
	usage_line(&usage, words.ptr, s);
	a.usage = usage.ptr;
	if ((err = parse_args(&a, s, argc, argv, &help)))
		goto done;
	if (help) {
		print_help(words.ptr, s);
		goto done;
	}
	if (c->flags & CMD_NEEDS_WORKSPACE) {
		ctx->opts.tolerant = (c->flags & CMD_TOLERANT) != 0;
		if ((err = bops_ws_open(&ctx->ws, &ctx->opts)) == NULL)
			progress_attach(ctx, ctx->ws);
		if (err && err->code == BOPS_ERR_NO_WORKSPACE && dir_env &&
		    ctx->opts.dir == dir_env)
			err = bops_error_wrap(err, "BOPS_DIR");
		if (err)
			goto done;
		/* An alias that shadows a command is an invalid config;
		 * config and check (tolerant) stay open to repair it. */
		if (!(c->flags & CMD_TOLERANT) && (err = bops_alias_check(NULL,
		    BOPS_CONFIG_PATH, ctx->ws->config, command_names())))
			goto done;
	}
	/* --force reaches the transaction (txn_begin), whatever the verb. */
	ctx->force = a.force;
	err = v ? v->fn(ctx, kind, &a) : c->fn(ctx, &a);
done:
	bops_buf_release(&words);
	bops_buf_release(&usage);
	return err;
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

/*
 * Global options are taken out of argv wherever they stand, as --json
 * is, until "--"; what is left, from the command on, is the command's:
 * into args, *nargs of them.  Before the command, -h, --version and
 * others are global too, and answered here.  Returns the exit status
 * when bops is done, else -1.
 */
static int
global_options(struct bops_ctx *ctx, int argc, char *argv[], char **args,
    int *nargs, bool *no_color)
{
	const struct bops_cmd *c;
	bool dashdash = false;
	int i, n = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (dashdash || a[0] != '-' || a[1] == '\0') {
			if (n == 0 && !dashdash && a[0] == '-')
				return unknown_option(a);
			args[n++] = argv[i];
			continue;
		}
		if (strcmp(a, "--") == 0) {
			dashdash = true;
			if (n)
				args[n++] = argv[i];
			continue;
		}
		if (strcmp(a, "-C") == 0 || strcmp(a, "--directory") == 0) {
			if (i + 1 == argc) {
				print_error(bops_error_fmt(BOPS_ERR_USAGE,
				    "option '%s' needs a directory", a)->msg);
				return 2;
			}
			ctx->opts.dir = argv[++i];
		} else if (strncmp(a, "-C", 2) == 0)
			ctx->opts.dir = a + 2;
		else if (strncmp(a, "--directory=", 12) == 0)
			ctx->opts.dir = a + 12;
		else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)
			ctx->quiet = true;
		else if (strcmp(a, "--no-color") == 0)
			*no_color = true;
		else if (n > 0)
			args[n++] = argv[i];
		else if (strcmp(a, "--version") == 0) {
			printf("bops %s\n", BOPS_VERSION);
			return finish() ? 6 : 0;
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			print_overview();
			return finish() ? 6 : 0;
		} else if (strcmp(a, "--list-commands") == 0) {
			for (c = commands; c->name; c++)
				if (!(c->flags & CMD_HIDDEN))
					printf("%s\n", c->name);
			return finish() ? 6 : 0;
		} else
			return unknown_option(a);
	}
	*nargs = n;
	return -1;
}

/*
 * args[0] is no command: when the workspace's bops.yaml makes it an
 * alias, put the alias's words in its place (*words keeps them; free
 * them with bops_alias_free).  Outside a workspace, or with no such
 * alias, args stay as they are and bops says the command is unknown.
 * An alias names a command (its first word); aliases of aliases are
 * not followed.
 */
static const struct bops_error *
expand_alias(struct bops_ctx *ctx, char ***args, int *nargs, char ***words)
{
	const struct bops_error *err;
	struct bops_ws *ws = NULL;
	struct bops_buf key = BOPS_BUF_INIT;
	const char *text;
	char **v;
	int n, i;

	*words = NULL;
	bops_git_global_init();
	ctx->opts.tolerant = false;
	err = check_env(ctx);
	if (err == NULL && bops_ws_open(&ws, &ctx->opts) == NULL) {
		bops_buf_printf(&key, "alias.%s", (*args)[0]);
		if ((err = bops_alias_check(NULL, BOPS_CONFIG_PATH,
		    ws->config, command_names())) == NULL &&
		    (text = bops_ws_config_str(ws, key.ptr, NULL)))
			err = bops_alias_split(words, (*args)[0], text);
	}
	bops_ws_close(ws);
	bops_git_global_shutdown();
	bops_buf_release(&key);
	if (err || *words == NULL)
		return err;
	for (n = 0; (*words)[n]; n++)
		;
	v = bops_calloc((size_t)(n + *nargs), sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = (*words)[i];
	for (i = 1; i < *nargs; i++)
		v[n + i - 1] = (*args)[i];
	free(*args);
	*args = v;
	*nargs = n + *nargs - 1;
	return NULL;
}

int
main(int argc, char *argv[])
{
	const struct bops_error *err = NULL, *ferr;
	const struct bops_cmd *c;
	struct bops_ctx ctx;
	const char *dir_env;
	bool no_color = false;
	char **args = NULL, **alias = NULL;
	int nargs = 0, status;

	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);
	memset(&ctx, 0, sizeof(ctx));
	ctx.opts.lock_timeout_ms = -1;
	ctx.opts.now = env("BOPS_NOW");
	ctx.opts.author = env("BOPS_AUTHOR");
	ctx.opts.dir = dir_env = env("BOPS_DIR");
	if ((ctx.editor = env_editor("VISUAL")) == NULL)
		ctx.editor = env_editor("EDITOR");

	args = bops_calloc((size_t)argc + 1, sizeof(*args));
	if ((status = global_options(&ctx, argc, argv, args, &nargs,
	    &no_color)) >= 0)
		goto out;
	if (nargs == 0) {
		print_overview();
		status = finish() ? 6 : 2;
		goto out;
	}
	if ((c = find_command(args[0])) == NULL &&
	    (err = expand_alias(&ctx, &args, &nargs, &alias)) == NULL)
		c = find_command(args[0]);
	if (err) {
		print_error(err->msg);
		status = exit_status(err);
		goto out;
	}
	if (c == NULL) {
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
	if (err == NULL)
		err = run(&ctx, c, nargs, args, dir_env);
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
	bops_alias_free(alias);
	return status;
}
