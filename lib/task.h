/*
 * task.h: tasks, the cards of the members' Kanban board.
 *
 * The rules of a task (bops_task_rules, kind.h), applied by the
 * transaction to every write of one:
 *   - a new task without a rank goes at the end of the backlog;
 *   - a done task stays out of other sprints (its points count where it
 *     was finished);
 *   - when its status changes: the WIP limit of the new column
 *     (BOPS_ERR_WIP, unless BOPS_TXN_FORCE), then the stamps: `started`
 *     the first time it leaves the first column, `finished` when it
 *     reaches the last one, cleared when it leaves it.
 * A merge (BOPS_TXN_MERGE) keeps what each side wrote; an import
 * (BOPS_TXN_IMPORT) keeps the finished stamp a done task arrives with.
 */
#ifndef BOPS_TASK_H
#define BOPS_TASK_H

#include <stdbool.h>

#include "record.h"
#include "workspace.h"

/* Whether the task is done: in the board's last column. */
bool bops_task_done(struct bops_ws *ws, const struct bops_record *task);

/* The task's points for sprint planning: its estimate, or 1. */
double bops_task_points(const struct bops_record *task);

#endif
