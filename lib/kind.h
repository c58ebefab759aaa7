/*
 * kind.h: the record kinds of lib/kinds.def.
 */
#ifndef BOPS_KIND_H
#define BOPS_KIND_H

#include <stdbool.h>
#include <stddef.h>

struct bops_kind {
	const char *name;	/* "task" */
	const char *dir;	/* "tasks" */
	bool sharded;		/* tasks/<xx>/<id>.yaml */
	unsigned index;		/* position in bops_kinds */
};

enum {
#define BOPS_KIND(name, dir, sharded) BOPS_KIND_##name,
#include "kinds.def"
#undef BOPS_KIND
	BOPS_KIND__COUNT
};

extern const struct bops_kind bops_kinds[BOPS_KIND__COUNT];
#define bops_kind_task (bops_kinds[BOPS_KIND_task])

/* The kind called name, or NULL. */
const struct bops_kind *bops_kind_find(const char *name);
/* The kind whose records live at path ("tasks/7k/7kq3.yaml"), with the
 * id copied into id (65 bytes); NULL when the path is no record's. */
const struct bops_kind *bops_kind_of_path(const char *path, char *id);

#endif
