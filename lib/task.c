/*
 * task.c: the rules of tasks.
 */
#include <stddef.h>

#include "kind.h"
#include "banned.h"

/* A task has no rule on its own beyond its schema. */
const struct bops_kind_rules bops_task_rules = {
	.validate = NULL,
};
