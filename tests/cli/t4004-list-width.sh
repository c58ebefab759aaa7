#!/bin/sh
# Aligned tables: width by display columns, not bytes or code points.
. "$(dirname "$0")/lib.sh"

setup() {
	new_ws &&
	"$BOPS" task add "Viết bài blog về Tết" --id vi-nfc assignee=Lan \
	    >/dev/null 2>&1 &&
	"$BOPS" task add "$(printf "Vie\314\202\314\201t tho\314\233")" --id vi-nfd \
	    assignee=Hùng >/dev/null 2>&1 &&
	"$BOPS" task add "ที่ประชุมทีมขาย" --id th assignee=สมชาย >/dev/null 2>&1 &&
	"$BOPS" task add "准备季度报告" --id zh assignee=王伟 >/dev/null 2>&1 &&
	"$BOPS" task add "Plain ASCII" --id en assignee=Bob >/dev/null 2>&1
}

# starts COLUMN-TEXT...: the display column where each line's cell after
# the first starts, one number per line per cell.  A cell is found by the
# run of two or more spaces before it.
starts() {
	python3 -c "$WIDTH_PY
for line in open(sys.argv[1], encoding=\"utf-8\"):
    line = line.rstrip(\"\n\")
    print(\" \".join(str(width(line[:m.end()])) for m in re.finditer(\"  +\", line)))
" "$1"
}

test_case 'title first: every row starts its second column at one place' '
	setup &&
	expect_status 0 bops task list --fields title,id,assignee --sort id &&
	starts out >cols && test "$(sort -u cols | wc -l)" = 1 &&
	test "$(sort -u cols)" = "22 30"
'
test_case 'the table matches a hand-checked layout' '
	setup &&
	expect_status 0 bops task list --fields title,assignee,id --sort id &&
	expect_out "title                 assignee  id
Plain ASCII           Bob       en
ที่ประชุมทีมขาย           สมชาย     th
Viết bài blog về Tết  Lan       vi-nfc
$(printf "Vie\314\202\314\201t tho\314\233")              Hùng      vi-nfd
准备季度报告          王伟      zh"
'
test_case 'wide and combining text in a middle column' '
	setup &&
	expect_status 0 bops task list --fields id,assignee,status &&
	starts out >cols && test "$(sort -u cols | wc -l)" = 1
'
test_case 'show aligns its values' '
	setup &&
	expect_status 0 bops task show zh &&
	expect_out_contains "title     准备季度报告" &&
	expect_out_contains "assignee  王伟"
'
test_case 'csv and json keep the text as it is' '
	setup &&
	expect_status 0 bops task list --csv --fields id,title --sort id &&
	grep -q "^vi-nfd,$(printf "Vie\314\202\314\201t tho\314\233")$" out &&
	expect_status 0 bops task show th --json &&
	expect_out_contains "\"title\":\"ที่ประชุมทีมขาย\""
'
test_done
