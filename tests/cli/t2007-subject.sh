#!/bin/sh
# Commit subjects and messages in any language: cut by display width at
# a grapheme cluster, never inside a character; always valid UTF-8.
. "$(dirname "$0")/lib.sh"

ZH=设计医院送餐活动的落地页和报名表单以及感谢页面
TH="ตอบกลับ 95% ของข้อเสนอแนะของลูกค้าภายใน 24 ชั่วโมง"
VI_NFD=$(printf 'Đi cu\314\233\314\201u the\314\202\314\201 gio\314\233\314\201i ba\314\206\314\200ng 1000 sua\314\202\314\201t co\314\233m ta\314\243i be\314\243\314\202nh vie\314\243\314\202n')

# subject_ok: the last commit's subject is valid UTF-8 and at most 100
# columns wide (wide characters 2, combining marks 0): titles are cut to
# keep it near 72, and nothing passes 100.
subject_ok() {
	git log -1 --format=%s >"$HOME/subject" || return 1
	iconv -f UTF-8 -t UTF-8 "$HOME/subject" >/dev/null ||
	    { fail "subject is not UTF-8: $(od -c "$HOME/subject")"; return 1; }
	fits 100 "$HOME/subject"
}

test_case 'a Chinese title that fits is kept whole' '
	new_ws &&
	expect_status 0 bops task add "$ZH" --id landing &&
	subject_ok &&
	test "$(git log -1 --format=%s)" = "task landing: add '"'"'$ZH'"'"'"
' "$HOME/subject"
test_case 'a long Chinese title is cut between characters, to 50 columns' '
	new_ws &&
	expect_status 0 bops task add "$ZH$ZH" --id landing &&
	subject_ok &&
	test "$(git log -1 --format=%s)" = \
	    "task landing: add '"'"'设计医院送餐活动的落地页和报名表单以及感谢页面设计...'"'"'"
' "$HOME/subject"
test_case 'a long Thai title keeps its vowels and tone marks' '
	new_ws &&
	expect_status 0 bops task add "$TH $TH" --id reply &&
	subject_ok &&
	test "$(git log -1 --format=%s)" = \
	    "task reply: add '"'"'ตอบกลับ 95% ของข้อเสนอแนะของลูกค้าภายใน 24 ชั่วโมง ตอบกลั...'"'"'"
' "$HOME/subject"
test_case 'a decomposed Vietnamese title is cut after its marks' '
	new_ws &&
	expect_status 0 bops task add "$VI_NFD $VI_NFD" --id meals &&
	subject_ok &&
	git log -1 --format=%s | grep -q "^task meals: add '"'"'$VI_NFD Đ\.\.\.'"'"'\$" ||
	    fail "$(git log -1 --format=%s)"
' "$HOME/subject"
test_case 'rm and set subjects are valid UTF-8, cut by columns' '
	new_ws &&
	bops -q task add "$ZH$ZH" --id landing >/dev/null &&
	expect_status 0 bops task set landing "title=$TH$TH" &&
	subject_ok &&
	expect_status 0 bops task set landing "description=$ZH" "assignee=$ZH" \
	    "tags=$TH" &&
	subject_ok &&
	expect_status 0 bops task rm landing &&
	subject_ok &&
	ws_clean
' "$HOME/subject"
test_case 'okr and key result subjects are cut the same way' '
	new_ws &&
	expect_status 0 bops okr add "$ZH$ZH" --id world &&
	subject_ok &&
	expect_status 0 bops okr kr add world "$TH$TH" target=1000 &&
	subject_ok &&
	expect_status 0 bops okr checkin world/1 10 --note "$ZH$ZH$ZH" &&
	subject_ok &&
	ws_clean
' "$HOME/subject"
test_case 'an error that quotes a long value cuts it between characters' '
	new_ws &&
	bops -q task add x --id x >/dev/null &&
	expect_status 2 bops task set x "priority=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa$ZH" &&
	iconv -f UTF-8 -t UTF-8 err >/dev/null || fail "error is not UTF-8: $(od -c err | head)"
' "$HOME/subject"
test_done
