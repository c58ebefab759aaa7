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
 *
 * A task written before the notes log, with its free text as `notes:
 * TEXT`, is read (bops_task_rules.upgrade) with that text as its
 * description when it has none, and otherwise as the one entry of its
 * notes log (at its created stamp, else its updated one, by its
 * assignee, else "unknown"; with neither stamp the text ends the
 * description).  The file keeps the old form until the task is next
 * written.
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
