#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <sys/random.h>

#include "buf.h"
#include "error.h"
#include "id.h"
#include "out.h"
#include "banned.h"

/* How much of a rejected id an error message shows. */
#define SHOW_MAX 40

static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";

const struct bops_error *
bops_id_generate(char out[BOPS_ID_GEN_LEN + 1])
{
	unsigned char raw[BOPS_ID_GEN_LEN];
	size_t got = 0, i;
	ssize_t n;

	out[0] = '\0';
	while (got < sizeof(raw)) {
		n = getrandom(raw + got, sizeof(raw) - got, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return bops_error_errno("getrandom");
		}
		got += (size_t)n;
	}
	/* 32 divides 256, so taking 5 bits of each byte has no bias. */
	for (i = 0; i < BOPS_ID_GEN_LEN; i++)
		out[i] = alphabet[raw[i] & 0x1f];
	out[BOPS_ID_GEN_LEN] = '\0';
	return NULL;
}

void
bops_id_derive(char out[BOPS_ID_GEN_LEN + 1], const char *hex)
{
	uint64_t bits = 0;
	size_t i;

	for (i = 0; i < 13; i++)
		bits = bits << 4 | (uint64_t)(hex[i] <= '9' ? hex[i] - '0' :
		    (hex[i] | 0x20) - 'a' + 10);
	bits >>= 2;	/* 52 bits to 50: ten characters of five */
	for (i = BOPS_ID_GEN_LEN; i-- > 0; bits >>= 5)
		out[i] = alphabet[bits & 0x1f];
	out[BOPS_ID_GEN_LEN] = '\0';
}

static bool
lower_or_digit(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool
bops_id_valid(const char *s)
{
	size_t i;

	if (s == NULL || !lower_or_digit((unsigned char)s[0]))
		return false;
	for (i = 1; s[i] != '\0'; i++) {
		if (i >= BOPS_ID_MAX_LEN)
			return false;
		if (!lower_or_digit((unsigned char)s[i]) && s[i] != '-')
			return false;
	}
	return true;
}

/*
 * s as it may be shown on a terminal: escaped as all output is
 * (out.h), and no longer than SHOW_MAX bytes of it.
 */
static void
show(struct bops_buf *out, const char *s)
{
	size_t len = strlen(s), n = len;

	if (n > SHOW_MAX) {
		/* Cut at a character boundary. */
		n = SHOW_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	bops_out_escape(out, s, n, 0);
	if (n < len)
		bops_buf_puts(out, "...");
}

const struct bops_error *
bops_id_normalize(struct bops_buf *out, const char *s)
{
	const struct bops_error *err;
	struct bops_buf shown = BOPS_BUF_INIT;
	size_t i;

	bops_buf_reset(out);
	for (i = 0; s[i] != '\0'; i++) {
		if (s[i] >= 'A' && s[i] <= 'Z')
			bops_buf_putc(out, s[i] - 'A' + 'a');
		else
			bops_buf_putc(out, s[i]);
	}
	if (bops_id_valid(out->ptr))
		return NULL;
	bops_buf_reset(out);
	show(&shown, s);
	err = bops_error_fmt(BOPS_ERR_USAGE, "invalid id '%s'", shown.ptr);
	bops_buf_release(&shown);
	return err;
}

void
bops_id_path(struct bops_buf *out, const char *dir, bool sharded,
    const char *id)
{
	size_t n = strlen(id);

	/* Called for every record a read visits: no printf here. */
	bops_buf_reset(out);
	bops_buf_puts(out, dir);
	bops_buf_putc(out, '/');
	if (sharded) {
		bops_buf_put(out, id, n < 2 ? n : 2);
		bops_buf_putc(out, '/');
	}
	bops_buf_put(out, id, n);
	bops_buf_puts(out, ".yaml");
}
