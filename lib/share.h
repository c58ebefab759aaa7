/*
 * share.h: the files of share/schemas and share/templates, compiled into
 * the binary so that bops never depends on where it was installed.
 */
#ifndef BOPS_SHARE_H
#define BOPS_SHARE_H

#include <stddef.h>

/*
 * The content of "schemas/task.yaml", "templates/bops.yaml" and so on,
 * or NULL when there is no such file.  Not NUL-terminated beyond len
 * (it is, in fact, but rely on len).
 */
const char *bops_share_get(const char *name, size_t *len);

#endif
