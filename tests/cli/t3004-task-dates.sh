#!/bin/sh
# Relative dates point the way the option or the field looks: back for
# --as-of and for what happened (created, finished...), ahead for
# deadlines (due, a sprint's start).
. "$(dirname "$0")/lib.sh"

# week: a task added on Wednesday 2026-11-18, started on Friday the
# 20th, done on Tuesday the 24th; today is Thursday 2026-11-26.
week() {
	export BOPS_NOW=2026-11-18T09:00:00Z
	new_ws &&
	bops -q task add Brief the designer --id brief >/dev/null &&
	BOPS_NOW=2026-11-20T09:00:00Z bops -q task start brief >/dev/null &&
	BOPS_NOW=2026-11-24T09:00:00Z bops -q task done brief >/dev/null &&
	BOPS_NOW=2026-11-24T10:00:00Z bops -q task add "Cứu thế giới" --id save >/dev/null &&
	export BOPS_NOW=2026-11-26T09:00:00Z &&
	head=$(git rev-parse HEAD)
}

test_case '--as-of friday on a Thursday is the Friday before' '
	week &&
	expect_status 0 bops task list --all --as-of friday --fields id,status --csv &&
	expect_out "id,status
brief,processing" &&
	expect_status 0 bops task show brief --as-of fri --fields status --csv &&
	expect_out "status
processing" &&
	expect_status 0 bops task board --as-of sunday --json &&
	expect_out_contains "{\"name\":\"done\",\"limit\":null,\"count\":0," &&
	expect_status 0 bops task board --as-of wednesday --json &&
	expect_out_contains "{\"name\":\"done\",\"limit\":null,\"count\":1," &&
	test "$(git rev-parse HEAD)" = "$head" && ws_clean
'

test_case '--as-of a weekday on that weekday is a week before, never today' '
	week &&
	BOPS_NOW=2026-11-27T09:00:00Z expect_status 0 bops task list --all \
	    --as-of friday --fields id,status --csv &&
	expect_out "id,status
brief,processing" &&
	BOPS_NOW=2026-11-25T09:00:00Z expect_status 0 bops task list --all \
	    --as-of wednesday --fields id,status --csv &&
	expect_out "id,status
brief,not-started"
'

test_case 'okr score and tree --as-of a weekday look back too' '
	week &&
	bops -q okr add "Save the world" --id save-the-world period=2026-Q4 >/dev/null &&
	bops -q okr kr add save-the-world Meals target=100 >/dev/null &&
	bops -q okr checkin save-the-world/1 50 >/dev/null &&
	expect_status 0 bops okr score --as-of tuesday --json &&
	expect_out "[]" &&
	expect_status 0 bops okr tree --as-of tue --json &&
	expect_out "[]" &&
	expect_status 0 bops okr tree --json &&
	expect_out_contains "\"id\":\"save-the-world\""
'

test_case 'due=friday is the coming Friday, on a Friday the next one' '
	week &&
	expect_status 0 bops task set save due=friday &&
	grep -qx "due: 2026-11-27" tasks/sa/save.yaml &&
	BOPS_NOW=2026-11-27T09:00:00Z expect_status 0 bops task set save due=fri &&
	grep -qx "due: 2026-12-04" tasks/sa/save.yaml &&
	ws_clean
'

test_case 'filters on what happened look back, on deadlines ahead' '
	week &&
	bops -q task set save due=2026-11-30 >/dev/null &&
	expect_status 0 bops task list --all "created>=tuesday" --fields id --csv &&
	expect_out "id
save" &&
	expect_status 0 bops task list --all "finished>=monday" --fields id --csv &&
	expect_out "id
brief" &&
	expect_status 0 bops task list --all "started=friday" --fields id --csv &&
	expect_out "id
brief" &&
	expect_status 0 bops task list --all "due<=monday" --fields id --csv &&
	expect_out "id
save" &&
	expect_status 0 bops task list --all "due<sunday" --fields id --csv &&
	expect_out "id"
'

test_case 'sprint new start=monday is the coming Monday' '
	week &&
	expect_status 0 bops sprint new start=monday &&
	expect_out 2026-w49 &&
	expect_status 0 bops sprint show 2026-w49 --fields start,end --csv &&
	expect_out "start,end
2026-11-30,2026-12-06" &&
	ws_clean
'

test_done
