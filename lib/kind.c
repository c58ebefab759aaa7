#include <string.h>

#include "id.h"
#include "kind.h"
#include "banned.h"

const struct bops_kind bops_kinds[BOPS_KIND__COUNT] = {
#define BOPS_KIND(name, dir, sharded, summary) \
	{ #name, dir, sharded, summary, &bops_##name##_rules, BOPS_KIND_##name },
#include "kinds.def"
#undef BOPS_KIND
};

const struct bops_kind *
bops_kind_find(const char *name)
{
	size_t i;

	for (i = 0; i < BOPS_KIND__COUNT; i++)
		if (strcmp(bops_kinds[i].name, name) == 0)
			return &bops_kinds[i];
	return NULL;
}

const struct bops_kind *
bops_kind_of_path(const char *path, char *id)
{
	const char *slash, *base, *dot;
	size_t i, dlen, n;

	for (i = 0; i < BOPS_KIND__COUNT; i++) {
		const struct bops_kind *k = &bops_kinds[i];

		dlen = strlen(k->dir);
		if (strncmp(path, k->dir, dlen) || path[dlen] != '/')
			continue;
		base = path + dlen + 1;
		if (k->sharded) {
			if ((slash = strchr(base, '/')) == NULL)
				return NULL;
			base = slash + 1;
		}
		if (strchr(base, '/') || (dot = strrchr(base, '.')) == NULL ||
		    strcmp(dot, ".yaml"))
			return NULL;
		n = (size_t)(dot - base);
		if (n == 0 || n > BOPS_ID_MAX_LEN)
			return NULL;
		memcpy(id, base, n);
		id[n] = '\0';
		if (!bops_id_valid(id))
			return NULL;
		return k;
	}
	return NULL;
}
