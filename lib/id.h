/*
 * id.h: record ids.
 *
 * A generated id is 10 random characters of lower-case Crockford base32
 * (0-9 a-z without i l o u).  A slug given by the user matches
 * [a-z0-9][a-z0-9-]{0,63} after upper case is folded.  Ids are checked
 * against this whitelist before they reach any file-system call, so
 * "../x", "-rf" or "$(id)" never name a file.
 */
#ifndef BOPS_ID_H
#define BOPS_ID_H

#include <stdbool.h>

#include "buf.h"
#include "error.h"

#define BOPS_ID_GEN_LEN 10
#define BOPS_ID_MAX_LEN 64
#define BOPS_ID_MIN_PREFIX 4

/*
 * A fresh random id (from getrandom(2)) into out, which holds 11 bytes.
 * BOPS_ERR_IO when the kernel gives no randomness.
 */
const struct bops_error *bops_id_generate(char out[BOPS_ID_GEN_LEN + 1]);

/*
 * An id derived from a hash of something (hex, at least 13 digits: a
 * git object id), shaped as a generated one: its first 50 bits, five a
 * character.  The same hash always gives the same id, so that two
 * machines that make one record for the same reason (a follow-up's
 * cycle) make one file.
 */
void bops_id_derive(char out[BOPS_ID_GEN_LEN + 1], const char *hex);
/* Whether s is a valid id as it stands (lower case only). */
bool bops_id_valid(const char *s);

/*
 * Fold s to lower case into out (replacing its content) and check it.
 * Only ASCII A-Z is folded.  BOPS_ERR_USAGE "invalid id '<s>'" when it
 * does not match the whitelist; out is then left empty.  The message
 * shows s safely: bytes outside printable ASCII, and '\\', as \xNN, and
 * at most 40 of them followed by "...".
 */
const struct bops_error *bops_id_normalize(struct bops_buf *out,
    const char *s);

/*
 * The path of a record into out (replacing its content):
 * "<dir>/<id>.yaml", or sharded "<dir>/<xx>/<id>.yaml" where <xx> is the
 * first two characters of the id (the one character of a 1-character id).
 * id must already be valid.
 */
void bops_id_path(struct bops_buf *out, const char *dir, bool sharded,
    const char *id);

#endif
