#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "text.h"

#define RING 16
#define MSGLEN 1024

static const struct bops_error statics[BOPS_ERR__COUNT] = {
	[BOPS_ERR_NONE] = { BOPS_ERR_NONE, "no error" },
#define X(name, text) [BOPS_ERR_##name] = { BOPS_ERR_##name, text },
	BOPS_ERROR_CODES
#undef X
};

static const char *names[BOPS_ERR__COUNT] = {
	[BOPS_ERR_NONE] = "none",
#define X(name, text) [BOPS_ERR_##name] = #name,
	BOPS_ERROR_CODES
#undef X
};

/* One ring a thread: the cache is built by several. */
static _Thread_local struct bops_error ring[RING];
static _Thread_local char ringmsg[RING][MSGLEN];
static _Thread_local unsigned ringpos;

/* vsnprintf, but text too long is cut between characters, with "...". */
static void
format(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, size, fmt, ap);
	size_t keep;

	if (n >= 0 && (size_t)n >= size) {
		keep = bops_text_fit(buf, size - 1, size - 4, false);
		memcpy(buf + keep, "...", 4);
	}
}

const struct bops_error *
bops_error(enum bops_error_code code)
{
	if (code <= BOPS_ERR_NONE || code >= BOPS_ERR__COUNT)
		code = BOPS_ERR_ENV;
	return &statics[code];
}

const struct bops_error *
bops_error_vfmt(enum bops_error_code code, const char *fmt, va_list ap)
{
	unsigned i = ringpos++ % RING;
	char tmp[MSGLEN];

	/* Format into a scratch buffer: ap may name an older ring entry. */
	format(tmp, sizeof(tmp), fmt, ap);
	memcpy(ringmsg[i], tmp, sizeof(tmp));
	ring[i].code = bops_error(code)->code;
	ring[i].msg = ringmsg[i];
	return &ring[i];
}

const struct bops_error *
bops_error_fmt(enum bops_error_code code, const char *fmt, ...)
{
	const struct bops_error *err;
	va_list ap;

	va_start(ap, fmt);
	err = bops_error_vfmt(code, fmt, ap);
	va_end(ap);
	return err;
}

const struct bops_error *
bops_error_errno(const char *fmt, ...)
{
	int saved = errno;
	char what[MSGLEN / 2];
	va_list ap;

	va_start(ap, fmt);
	format(what, sizeof(what), fmt, ap);
	va_end(ap);
	return bops_error_fmt(saved == ENOMEM ? BOPS_ERR_NOMEM : BOPS_ERR_IO,
	    "%s: %s", what, strerror(saved));
}

const struct bops_error *
bops_error_wrap(const struct bops_error *err, const char *fmt, ...)
{
	char prefix[MSGLEN / 2];
	va_list ap;

	if (err == NULL)
		return NULL;
	va_start(ap, fmt);
	format(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	return bops_error_fmt(err->code, "%s: %s", prefix, err->msg);
}

const char *
bops_error_name(enum bops_error_code code)
{
	if (code < BOPS_ERR_NONE || code >= BOPS_ERR__COUNT)
		return "unknown";
	return names[code];
}
