/*
 * alias.h: aliases of bops.yaml, as git's alias.*: `alias.mine: task
 * list assignee=me status!=done` makes `bops mine` run `bops task list
 * assignee=me status!=done`, any further arguments added after.
 *
 * An alias's text is split into words as a shell splits them (quotes
 * and backslashes), with no expansion of any kind: no variables, no
 * globs, no commands.  An alias may not shadow a built-in command.
 */
#ifndef BOPS_ALIAS_H
#define BOPS_ALIAS_H

#include "error.h"
#include "node.h"
#include "schema.h"

/*
 * The words of alias name's text in *out, a NULL-terminated vector the
 * caller frees with bops_alias_free().  BOPS_ERR_INVALID "alias 'x':
 * message" for text that does not split (an unmatched quote) or holds
 * no word.
 */
const struct bops_error *bops_alias_split(char ***out, const char *name,
    const char *text);
void bops_alias_free(char **words);

/*
 * Check the aliases of config (the map at its key "alias", if any)
 * read from path: each name made of [a-z0-9_-] and starting with a
 * letter or digit, none among reserved (a NULL-terminated list of the
 * built-in commands: "alias 'log' would shadow the command 'log'"),
 * each text splitting into words.  BOPS_ERR_INVALID "path:line:col:
 * message", the first problem; with all (may be NULL), every one is
 * added there.
 */
const struct bops_error *bops_alias_check(struct bops_problems *all,
    const char *path, const struct bops_node *config,
    const char *const *reserved);

#endif
