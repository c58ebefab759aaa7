/*
 * contact.h: e-mail addresses as ad platforms match them, and the
 * SHA-256 they are uploaded as.
 *
 * Google Customer Match and Meta custom audiences both take identifiers
 * normalised (an e-mail trimmed and lower-cased, a phone in E.164:
 * phone.h) and then hashed with SHA-256, written as 64 lower-case hex
 * digits.  The hash is nettle's: no hand-written hashing.
 */
#ifndef BOPS_CONTACT_H
#define BOPS_CONTACT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

/*
 * The normalised form of e-mail address text into out: white space
 * around it trimmed, lower-cased (ASCII letters; other characters are
 * kept).  False, with out empty, when what is left is no address: not
 * exactly one '@', an empty part on either side, a domain without a dot
 * or with an empty label, white space or a control character inside.
 */
bool bops_contact_email(struct bops_buf *out, const char *text);

/* Append the SHA-256 of data[0..len-1] as 64 lower-case hex digits. */
void bops_contact_sha256(struct bops_buf *out, const char *data, size_t len);

#endif
