/*
 * error.h: the one list of error codes, and how errors are built.
 *
 * Every lib function that can fail returns `const struct bops_error *`;
 * NULL means success.  An error is never freed: its text lives in a small
 * static ring of buffers, so an error stays valid until some dozen further
 * errors have been built.  Each code maps to one exit status, in
 * cmd/main.c alone.
 */
#ifndef BOPS_ERROR_H
#define BOPS_ERROR_H

#include <stdarg.h>

/* X(name, default text) */
#define BOPS_ERROR_CODES \
	X(USAGE,	"usage error") \
	X(NOT_FOUND,	"no such record") \
	X(AMBIGUOUS,	"ambiguous id prefix") \
	X(INVALID,	"invalid record") \
	X(REFUSED,	"refused") \
	X(WIP,		"work-in-progress limit reached") \
	X(DIRTY,	"uncommitted change") \
	X(LOCKED,	"workspace is locked") \
	X(CONFLICT,	"merge conflict recorded") \
	X(FOUND,	"found problems") \
	X(NO_WORKSPACE,	"not a bops workspace") \
	X(NO_IDENTITY,	"no identity") \
	X(GIT,		"git failure") \
	X(IO,		"i/o failure") \
	X(REMOTE,	"remote failure") \
	X(NOMEM,	"out of memory") \
	X(ENV,		"environment failure")

enum bops_error_code {
	BOPS_ERR_NONE = 0,
#define X(name, text) BOPS_ERR_##name,
	BOPS_ERROR_CODES
#undef X
	BOPS_ERR__COUNT
};

struct bops_error {
	enum bops_error_code code;
	const char *msg;
};

/* The static error for `code` with its default text. */
const struct bops_error *bops_error(enum bops_error_code code);

/* An error with printf-style text (kept in the ring). */
const struct bops_error *bops_error_fmt(enum bops_error_code code,
    const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const struct bops_error *bops_error_vfmt(enum bops_error_code code,
    const char *fmt, va_list ap);

/*
 * BOPS_ERR_IO (or BOPS_ERR_NOMEM for ENOMEM) with "<what>: strerror(errno)".
 * `what` reads like "open 'tasks/7k/7kq3.yaml'".
 */
const struct bops_error *bops_error_errno(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* The same code with "<prefix>: <err->msg>", for adding outer context. */
const struct bops_error *bops_error_wrap(const struct bops_error *err,
    const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The name of a code ("NOT_FOUND"), for tests and --json errors. */
const char *bops_error_name(enum bops_error_code code);

#endif
