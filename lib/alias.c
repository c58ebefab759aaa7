/*
 * alias.c: aliases split by GLib's g_shell_parse_argv, which follows the
 * shell's quoting rules and expands nothing.
 */
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "alias.h"
#include "buf.h"
#include "banned.h"

const struct bops_error *
bops_alias_split(char ***out, const char *name, const char *text)
{
	const struct bops_error *err = NULL;
	GError *gerr = NULL;
	gchar **argv = NULL;
	gint argc = 0, i;

	*out = NULL;
	if (!g_shell_parse_argv(text, &argc, &argv, &gerr)) {
		/* GLib's own messages quote the text in curly quotes. */
		err = bops_error_fmt(BOPS_ERR_INVALID, "alias '%s': %s", name,
		    gerr && gerr->code == G_SHELL_ERROR_EMPTY_STRING ?
		    "no command" : gerr && gerr->code ==
		    G_SHELL_ERROR_BAD_QUOTING ? "a quote is not closed" :
		    "cannot be split into words");
		g_clear_error(&gerr);
		return err;
	}
	/* Copied into our allocator: callers free with free(). */
	*out = bops_calloc((size_t)argc + 1, sizeof(**out));
	for (i = 0; i < argc; i++)
		(*out)[i] = bops_strdup(argv[i]);
	g_strfreev(argv);
	return NULL;
}

void
bops_alias_free(char **words)
{
	size_t i;

	for (i = 0; words && words[i]; i++)
		free(words[i]);
	free(words);
}

static bool
name_ok(const char *s)
{
	if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
		return false;
	return s[strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_-")] ==
	    '\0';
}

/* The problem of one alias, or NULL. */
static const struct bops_error *
check_one(const char *path, const char *name, const struct bops_node *v,
    const char *const *reserved)
{
	const struct bops_error *err;
	char **words = NULL;
	size_t i;

	if (!name_ok(name))
		return bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: alias "
		    "'%s': a name is letters, digits, '-' and '_'", path,
		    v->line, v->col, name);
	for (i = 0; reserved && reserved[i]; i++)
		if (strcmp(reserved[i], name) == 0)
			return bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: "
			    "alias '%s' would shadow the command '%s'", path,
			    v->line, v->col, name, name);
	if (v->type != BOPS_NODE_SCALAR)
		return bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: alias "
		    "'%s': not a command line", path, v->line, v->col, name);
	if ((err = bops_alias_split(&words, name, v->str)))
		return bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: %s", path,
		    v->line, v->col, err->msg);
	bops_alias_free(words);
	return NULL;
}

const struct bops_error *
bops_alias_check(struct bops_problems *all, const char *path,
    const struct bops_node *config, const char *const *reserved)
{
	const struct bops_error *first = NULL, *err;
	const struct bops_node *map = config ?
	    bops_node_map_get(config, "alias") : NULL;
	struct bops_buf msg = BOPS_BUF_INIT;
	size_t i;

	for (i = 0; map && map->type == BOPS_NODE_MAP && i < map->n; i++) {
		if ((err = check_one(path, map->keys[i], map->items[i],
		    reserved)) == NULL)
			continue;
		if (all)
			bops_problems_add(all, err);
		/* Errors live in a ring: keep the first's text. */
		if (first == NULL)
			bops_buf_puts(&msg, err->msg);
		first = err;
		if (all == NULL)
			break;
	}
	if (first)
		first = bops_error_fmt(BOPS_ERR_INVALID, "%s", msg.ptr);
	bops_buf_release(&msg);
	return first;
}
