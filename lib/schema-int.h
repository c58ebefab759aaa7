/*
 * schema-int.h: what the files of the schema share and no other module
 * sees: an error at a place of a file, and the check of one scalar,
 * which schema-scalar.c makes for user input and schema-validate.c
 * calls for each scalar of a document.
 */
#ifndef BOPS_SCHEMA_INT_H
#define BOPS_SCHEMA_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "schema.h"

/* BOPS_ERR_INVALID "path:line:col: msg" ("path: msg" when line is 0). */
const struct bops_error *bops_schema_at(const char *path, unsigned line,
    unsigned col, const char *msg);

/*
 * Check one scalar `text` against field f; on success append the
 * canonical form to out and set *style.  user: typed by a user, not
 * read from a file (an enum value as bops_schema_enum_find finds it, a
 * date or an instant relative to ctx: today, +3d, friday).  Returns a
 * message (static or in msgbuf, of msglen bytes) or NULL; on failure out
 * may hold part of a form, which the caller cuts.
 */
const char *bops_schema_check_scalar(struct bops_buf *out,
    enum bops_scalar_style *style, const struct bops_field *f,
    const char *text, bool user, const struct bops_input_ctx *ctx,
    char *msgbuf, size_t msglen);

#endif
