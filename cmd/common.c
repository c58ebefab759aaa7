/*
 * common.c: counts, messages, the editor, and gathering records for read
 * verbs (cmd/verb.c parses the arguments).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "date.h"
#include "history.h"
#include "out.h"
#include "banned.h"

const struct bops_verb *
kind_verbs(const struct bops_kind *kind)
{
	static const struct bops_verb *tables[] = {
#define BOPS_KIND(name, dir, sharded, summary) name##_verbs,
#include "kinds.def"
#undef BOPS_KIND
	};

	return tables[kind->index];
}

void
format_when(struct bops_buf *b, struct bops_ctx *ctx, int64_t t)
{
	bops_instant_format_local(b, t, ctx->ws->tz);
}

const struct bops_error *
txn_begin(struct bops_ctx *ctx, struct bops_txn **out)
{
	const struct bops_error *err;

	if ((err = bops_txn_begin(out, ctx->ws)) == NULL && ctx->force)
		bops_txn_set_flags(*out, BOPS_TXN_FORCE);
	return err;
}

const struct bops_verb *
verb_find(const struct bops_verb *table, const char *name)
{
	for (; table->name; table++)
		if (strcmp(table->name, name) == 0)
			return table;
	return NULL;
}

const struct bops_error *
parse_count(const char *text, const char *what, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(text, &end, 10);
	if (*text == '\0' || *end || errno)
		return bops_error_fmt(BOPS_ERR_USAGE, "%s: not a count '%s'",
		    what, text);
	*out = v < 0 ? -1 : v;
	return NULL;
}

/* Where stdout goes: set once by main (out_setup). */
static bool out_tty, out_color;
/* The errno of the first failed write of stdout, 0 while none failed. */
static int out_errno;

void
out_setup(bool tty, bool color)
{
	out_tty = tty;
	out_color = color;
}

int
out_flush(void)
{
	/* Kept: the message that follows a failed flush would change errno
	 * before finish() could report it. */
	if (fflush(stdout) && out_errno == 0)
		out_errno = errno ? errno : EIO;
	if (out_errno == 0 && ferror(stdout))
		out_errno = EIO;
	return out_errno;
}

FILE *
err_stream(void)
{
	(void)out_flush();
	return stderr;
}

/* Write len bytes of s to f, unsafe characters escaped. */
static void
write_safe(FILE *f, const char *s, size_t len, unsigned flags)
{
	struct bops_buf esc = BOPS_BUF_INIT;

	if (bops_out_safe_span(s, len, flags) == len) {
		if (len)
			fwrite(s, 1, len, f);
		return;
	}
	bops_out_escape(&esc, s, len, flags);
	fwrite(esc.ptr, 1, esc.len, f);
	bops_buf_release(&esc);
}

/* One message line: prefix, then the formatted text escaped, then '\n'. */
static void
vline(FILE *f, const char *prefix, const char *fmt, va_list ap)
{
	struct bops_buf b = BOPS_BUF_INIT;

	bops_buf_vprintf(&b, fmt, ap);
	fputs(prefix, f);
	write_safe(f, b.ptr, b.len, 0);
	fputc('\n', f);
	bops_buf_release(&b);
}

void
say(struct bops_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	if (ctx->quiet)
		return;
	va_start(ap, fmt);
	vline(err_stream(), "", fmt, ap);
	va_end(ap);
}

void
say_lines(struct bops_ctx *ctx, const struct bops_buf *b)
{
	if (!ctx->quiet)
		err_write(b);
}

void
err_write(const struct bops_buf *b)
{
	write_safe(err_stream(), b->ptr, b->len, BOPS_ESCAPE_LINES);
}

void
warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline(err_stream(), "bops: warning: ", fmt, ap);
	va_end(ap);
}

void
warn_record(const struct bops_error *err, void *arg)
{
	(void)arg;
	warning("skipped %s", err->msg);
}

struct progress {
	struct timespec start;
	bool shown;
};

static void
progress(const char *what, size_t done, size_t total, void *arg)
{
	struct progress *p = arg;
	struct timespec now;
	double elapsed;

	if (done >= total) {
		if (p->shown)
			fputs("\r\033[K", err_stream());
		p->shown = false;
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &now);
	elapsed = (double)(now.tv_sec - p->start.tv_sec) +
	    (double)(now.tv_nsec - p->start.tv_nsec) / 1e9;
	if (elapsed < 0.5)
		return;
	fprintf(err_stream(), "\rbuilding the %s cache: %zu of %zu", what,
	    done, total);
	p->shown = true;
}

void
progress_attach(struct bops_ctx *ctx, struct bops_ws *ws)
{
	static struct progress p;

	if (ws == NULL || ctx->quiet || !isatty(STDERR_FILENO))
		return;
	clock_gettime(CLOCK_MONOTONIC, &p.start);
	ws->progress = progress;
	ws->progress_arg = &p;
}

void
print_error(const char *msg)
{
	FILE *f = err_stream();

	fputs("bops: ", f);
	write_safe(f, msg, strlen(msg), 0);
	fputc('\n', f);
}

void
out_write(const struct bops_buf *b)
{
	write_safe(stdout, b->ptr, b->len, BOPS_ESCAPE_LINES);
}

void
out_write_color(const struct bops_buf *b)
{
	write_safe(stdout, b->ptr, b->len, BOPS_ESCAPE_LINES |
	    (out_color ? BOPS_ESCAPE_SGR : 0));
}

void
out_line(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline(stdout, "", fmt, ap);
	va_end(ap);
}

void
out_write_data(const struct bops_buf *b)
{
	if (out_tty)
		write_safe(stdout, b->ptr, b->len, BOPS_ESCAPE_LINES);
	else if (b->len)
		fwrite(b->ptr, 1, b->len, stdout);
}

const struct bops_error *
set_as_of(struct bops_ctx *ctx, const char *text)
{
	const struct bops_error *err;
	struct bops_commit_info info;
	struct bops_buf name = BOPS_BUF_INIT, email = BOPS_BUF_INIT;
	struct bops_buf summary = BOPS_BUF_INIT;
	char commit[1][BOPS_OID_HEXSZ + 1];
	int64_t before;
	int32_t day;

	if (bops_date_parse_relative(&day, text, ctx->ws->today,
	    BOPS_DATE_PAST) == NULL) {
		/*
		 * The end of that day, by when things happened: work made
		 * offline that day counts, though it was merged later.
		 */
		before = bops_date_local_start(day + 1, ctx->ws->tz);
		if ((err = bops_history_at(commit, ctx->ws, &before, 1)))
			return err;
		if (commit[0][0] == '\0')
			return bops_error_fmt(BOPS_ERR_NOT_FOUND, "--as-of: "
			    "the workspace has no history before the end of "
			    "%s", text);
		/* The clock stands at the end of that day, or now if
		 * that is earlier. */
		if (before - 1 < ctx->ws->now)
			ctx->ws->now = before - 1;
	} else {
		err = bops_repo_resolve(ctx->ws->repo, text, commit[0]);
		if (err && err->code == BOPS_ERR_NOT_FOUND)
			return bops_error_fmt(BOPS_ERR_USAGE, "--as-of: '%s' "
			    "is neither a date nor a revision", text);
		if (err)
			return err;
		if ((err = bops_repo_commit_info(&info, &name, &email, &summary,
		    ctx->ws->repo, commit[0])))
			return err;
		ctx->ws->now = info.when;
		bops_buf_release(&name);
		bops_buf_release(&email);
		bops_buf_release(&summary);
	}
	ctx->ws->today = bops_date_local(ctx->ws->now, ctx->ws->tz);
	memcpy(ctx->as_of, commit[0], sizeof(ctx->as_of));
	return NULL;
}

const struct bops_error *
out_opts_finish(struct bops_ctx *ctx, struct out_opts *o)
{
	/* The three exclude each other (OPT_FORMATS: the parser saw to it). */
	o->format = o->json ? OUT_JSON : o->csv ? OUT_CSV : o->yaml ?
	    OUT_YAML : OUT_TABLE;
	if (o->limit) {
		long v;
		const struct bops_error *err;

		if ((err = parse_count(o->limit, "--limit", &v)))
			return err;
	}
	if (o->as_of)
		return set_as_of(ctx, o->as_of);
	return NULL;
}

const struct bops_error *
commit_print(struct bops_txn *txn, const char *subject, const char *body,
    const char *id, const struct bops_buf *ids)
{
	const struct bops_error *err;

	if ((err = bops_txn_commit_body(txn, subject, body, NULL)))
		return err;
	if (id)
		out_line("%s", id);
	if (ids)
		out_write(ids);
	return NULL;
}

const struct bops_error *
commit_tell(struct bops_ctx *ctx, struct bops_txn *txn, const char *subject,
    const char *body, const char *id, const struct bops_buf *ids)
{
	const struct bops_error *err;

	if ((err = commit_print(txn, subject, body, id, ids)) == NULL)
		say(ctx, "%s", subject);
	return err;
}

void
out_list_add(struct out_list *l, struct bops_record *rec)
{
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 64;
		l->recs = bops_realloc(l->recs, l->alloc * sizeof(*l->recs));
	}
	l->recs[l->n++] = rec;
}

void
out_list_release(struct out_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		bops_record_free(l->recs[i]);
	free(l->recs);
	l->recs = NULL;
	l->n = l->alloc = 0;
}

struct gather_arg {
	struct bops_ctx *ctx;
	bool open_only;		/* finished records left out */
	struct bops_query *q;
	struct out_list *l;
	bool strict;
	struct bops_buf bad;	/* strict: the first invalid record */
	size_t nbad;
};

static void
gather_warn(const struct bops_error *err, void *arg)
{
	struct gather_arg *g = arg;

	if (!g->strict) {
		warn_record(err, NULL);
		return;
	}
	/* Errors live in a small ring: keep the text, not the pointer. */
	if (g->nbad++ == 0)
		bops_buf_puts(&g->bad, err->msg);
}

static const struct bops_error *
gather_one(struct bops_record *rec, void *arg)
{
	struct gather_arg *g = arg;

	/* Take the record: the store frees only what it still owns. */
	out_list_add(g->l, bops_record_take(rec));
	return NULL;
}

const char *
arg_value(int argc, char **argv, int from, const char *key)
{
	size_t len = strlen(key);
	const char *v = NULL;
	int i;

	for (i = from; i < argc; i++)
		if (strncmp(argv[i], key, len) == 0 && argv[i][len] == '=')
			v = argv[i] + len + 1;
	return v && *v ? v : NULL;
}

/* Whether a filter among argv[1..argc-1] is on field ("status=done"). */
static bool
filters_name(int argc, char *argv[], const char *field)
{
	size_t len = strlen(field);
	int i;

	for (i = 1; i < argc; i++)
		if (strncmp(argv[i], field, len) == 0 && argv[i][len] &&
		    strchr("=!<>~", argv[i][len]))
			return true;
	return false;
}

/*
 * g's query of the filters argv[1..argc-1] and its sort, for gather and
 * gather_count.  On error nothing is left to free.
 */
static const struct bops_error *
gather_query(struct gather_arg *g, struct bops_ctx *ctx,
    const struct bops_kind *kind, int argc, char *argv[],
    const struct out_opts *o, const char *default_sort)
{
	const struct bops_error *err;
	const struct bops_schema *schema;
	struct bops_input_ctx ictx;
	const char *me = NULL, *email = NULL;
	int i;

	if ((err = bops_ws_schema(&schema, ctx->ws, kind)))
		return err;
	bops_ws_input_ctx(ctx->ws, &ictx);
	g->ctx = ctx;
	g->open_only = o->open_only && !o->all && !filters_name(argc, argv,
	    bops_kind_finished_by(kind));
	g->strict = o->strict;
	bops_buf_init(&g->bad);
	g->nbad = 0;
	/*
	 * The identity only when a filter says "me": asking git config for
	 * it starts libgit2, which a read the cache answers never needs.
	 */
	g->q = bops_query_new(schema, &ictx, NULL, NULL);
	for (i = 1; i < argc && err == NULL; i++)
		err = bops_query_filter(g->q, argv[i]);
	if (err && err->code == BOPS_ERR_NO_IDENTITY &&
	    bops_ws_identity(&me, &email, ctx->ws) == NULL) {
		bops_query_free(g->q);
		g->q = bops_query_new(schema, &ictx, me, email);
		for (i = 1, err = NULL; i < argc && err == NULL; i++)
			err = bops_query_filter(g->q, argv[i]);
	}
	if (err == NULL)
		err = bops_query_sort(g->q, o->sort ? o->sort :
		    default_sort ? default_sort : "id");
	if (err) {
		bops_query_free(g->q);
		bops_buf_release(&g->bad);
	}
	return err;
}

/* The error of a strict gather that met invalid records, or NULL. */
static const struct bops_error *
gather_bad(const struct gather_arg *g)
{
	if (g->nbad == 0)
		return NULL;
	return g->nbad == 1 ? bops_error_fmt(BOPS_ERR_INVALID, "%s",
	    g->bad.ptr) : bops_error_fmt(BOPS_ERR_INVALID, "%s (and %zu "
	    "more; bops check lists them)", g->bad.ptr, g->nbad - 1);
}

const struct bops_error *
gather(struct bops_ctx *ctx, const struct bops_kind *kind, int argc,
    char *argv[], const struct out_opts *o, const char *default_sort,
    struct out_list *l)
{
	const struct bops_error *err;
	struct gather_arg g;
	unsigned flags;
	long lim = -1;
	size_t i;

	if ((err = gather_query(&g, ctx, kind, argc, argv, o, default_sort)))
		return err;
	g.l = l;
	flags = (o->read_only ? BOPS_STORE_FROZEN : 0) | (g.open_only ?
	    BOPS_STORE_OPEN : 0);
	if (o->limit)
		(void)parse_count(o->limit, "--limit", &lim);
	if (lim >= 0) {
		/* The first lim by the sort, chosen from packed values:
		 * only those are decoded. */
		struct bops_store_group top = { NULL, 0, NULL, 0 };

		if ((err = bops_store_top(ctx->ws, kind, ctx->as_of[0] ?
		    ctx->as_of : NULL, g.q, flags, NULL, &top, 1,
		    (size_t)lim, gather_warn, &g)) == NULL &&
		    (err = gather_bad(&g)) == NULL)
			for (i = 0; i < top.n; i++) {
				out_list_add(l, top.recs[i]);
				top.recs[i] = NULL;
			}
		bops_store_groups_release(&top, 1);
		if (err)
			goto done;
	} else if ((err = bops_store_select(ctx->ws, kind, ctx->as_of[0] ?
	    ctx->as_of : NULL, g.q, flags, gather_one, gather_warn, &g)) ||
	    (err = gather_bad(&g)))
		goto done;
	bops_query_sort_records(g.q, l->recs, l->n);
done:
	/* On failure the caller is left nothing to free. */
	if (err)
		out_list_release(l);
	bops_query_free(g.q);
	bops_buf_release(&g.bad);
	return err;
}

const struct bops_error *
gather_count(struct bops_ctx *ctx, const struct bops_kind *kind, int argc,
    char *argv[], const struct out_opts *o, size_t *n)
{
	const struct bops_error *err;
	struct gather_arg g;

	*n = 0;
	if ((err = gather_query(&g, ctx, kind, argc, argv, o, NULL)))
		return err;
	g.l = NULL;
	if ((err = bops_store_select_count(n, ctx->ws, kind, ctx->as_of[0] ?
	    ctx->as_of : NULL, g.q, g.open_only ? BOPS_STORE_OPEN : 0,
	    gather_warn, &g)) == NULL)
		err = gather_bad(&g);
	bops_query_free(g.q);
	bops_buf_release(&g.bad);
	return err;
}

const struct bops_error *
run_editor(struct bops_ctx *ctx, const char *path)
{
	const char *editor = ctx->editor ? ctx->editor : "vi";
	struct bops_buf cmd = BOPS_BUF_INIT;
	pid_t pid;
	int status;

	if (ctx->editor == NULL && !isatty(STDIN_FILENO))
		return bops_error_fmt(BOPS_ERR_ENV, "no editor: set EDITOR "
		    "or VISUAL (or use `set`)");
	/*
	 * As git does (run-command.c): the shell reads $EDITOR as a command
	 * line, quotes and all ("code --wait", "vim -c 'set ft=yaml'"), and
	 * the file comes after it as "$1".
	 */
	bops_buf_printf(&cmd, "%s \"$@\"", editor);
	/* What bops printed comes before what the editor shows; a failed
	 * write is kept for finish(). */
	(void)out_flush();
	if ((pid = fork()) < 0) {
		bops_buf_release(&cmd);
		return bops_error_errno("fork");
	}
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd.ptr, editor, path,
		    (char *)NULL);
		_exit(127);
	}
	bops_buf_release(&cmd);
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return bops_error_errno("wait for the editor");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return bops_error_fmt(BOPS_ERR_ENV,
		    "the editor '%s' failed; nothing was changed", editor);
	return NULL;
}
