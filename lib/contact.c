/*
 * contact.c: e-mail normalisation and SHA-256 (nettle).
 */
#include <string.h>

#include <nettle/sha2.h>

#include "contact.h"
#include "banned.h"

bool
bops_contact_email(struct bops_buf *out, const char *text)
{
	const char *s = text, *e, *at = NULL, *p;
	size_t i;

	bops_buf_reset(out);
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' ||
	    e[-1] == '\r'))
		e--;
	for (p = s; p < e; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return false;
		if (*p == '@') {
			if (at)
				return false;
			at = p;
		}
	}
	if (at == NULL || at == s || at + 1 >= e || at[1] == '.' ||
	    e[-1] == '.' || memchr(at, '.', (size_t)(e - at)) == NULL)
		return false;
	for (p = at + 1; p + 1 < e; p++)
		if (p[0] == '.' && p[1] == '.')
			return false;
	for (i = 0; s + i < e; i++)
		bops_buf_putc(out, s[i] >= 'A' && s[i] <= 'Z' ?
		    (char)(s[i] - 'A' + 'a') : s[i]);
	return true;
}

void
bops_contact_sha256(struct bops_buf *out, const char *data, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	struct sha256_ctx ctx;
	uint8_t d[SHA256_DIGEST_SIZE];
	size_t i;

	sha256_init(&ctx);
	sha256_update(&ctx, len, (const uint8_t *)data);
	sha256_digest(&ctx, sizeof(d), d);
	for (i = 0; i < sizeof(d); i++) {
		bops_buf_putc(out, hex[d[i] >> 4]);
		bops_buf_putc(out, hex[d[i] & 15]);
	}
}
