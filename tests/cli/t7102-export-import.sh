#!/bin/sh
# export and import: whole records out and back in, one commit, nothing
# written when any row is bad.
. "$(dirname "$0")/lib.sh"

# Records of every kind, with the shapes each kind has: sub-records and
# check-ins, lists, references, stamps, text of several scripts.
fixture() {
	new_ws &&
	bops okr add "Cứu thế giới" --id save-the-world owner=me \
	    period=2026-Q4 category=value >/dev/null 2>&1 &&
	bops okr kr add save-the-world "Serve 1000 meals at the hospital" \
	    target=1000 unit=meals >/dev/null 2>&1 &&
	bops okr checkin save-the-world/1 120 confidence=0.7 \
	    --note "tuần đầu" >/dev/null 2>&1 &&
	bops okr add "提高客户满意度评分" --id csat parent=save-the-world \
	    >/dev/null 2>&1 &&
	bops sprint new start=2026-11-23 goal="ตอบกลับ 95% ของข้อเสนอแนะ" \
	    >/dev/null 2>&1 &&
	f=$(bops task add "=cmd|'"'"' /C calc'"'"'!A0" tags+=a tags+=b \
	    sprint=2026-w48 kr=save-the-world/1 estimate=3 \
	    description="$(printf "two\nlines")" 2>/dev/null) &&
	bops task note "$f" "=1+1 gọi lại thứ hai" >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-24T08:00:00Z BOPS_AUTHOR="Minh Tran <minh@example.com>" \
	    bops task note "$f" "$(printf "đã gọi\nhẹn thứ sáu")" \
	    >/dev/null 2>&1 &&
	t=$(bops task add "Skapa en kundcentrerad ePMO" assignee=Somchai \
	    priority=high x_source=crm 2>/dev/null) &&
	bops task done "$t" >/dev/null 2>&1 &&
	bops customer add Chi Pham --id chi company="Bếp Xanh" \
	    stage=customer owner=Somchai >/dev/null 2>&1 &&
	bops customer note chi "Khách quen, thích gọi điện" >/dev/null 2>&1 &&
	bops ticket follow-up chi every=30d subject="Gọi hỏi thăm" \
	    >/dev/null 2>&1 &&
	k=$(bops -q ticket open แอปสั่งอาหารล่ม customer=chi priority=high \
	    -m "ใช้งานไม่ได้" 2>/dev/null) &&
	bops ticket reply "$k" "We restarted the server" >/dev/null 2>&1 &&
	bops ticket note "$k" "=1+1 internal" >/dev/null 2>&1 &&
	bops ticket pending "$k" >/dev/null 2>&1 &&
	bops deal add "Suất cơm bệnh viện" --id hospital customer=chi \
	    amount=350000000 currency=VND expected_close=2026-12-15 \
	    >/dev/null 2>&1 &&
	bops deal move hospital proposal >/dev/null 2>&1 &&
	bops segment add hospitals tags=hospital >/dev/null 2>&1 &&
	bops journey add Onboarding --id onboarding persona="SMB owner" \
	    owner=me sponsor=Minh principles+="we make it easy" \
	    >/dev/null 2>&1 &&
	bops journey stage add onboarding "Đăng ký" >/dev/null 2>&1 &&
	bops journey touchpoint add onboarding/dang-ky "Landing page" \
	    channel=web >/dev/null 2>&1 &&
	bops journey metric set onboarding/dang-ky CSAT target=4.5 \
	    current=4.1 unit=stars family=value >/dev/null 2>&1 &&
	bops journey link onboarding/dang-ky okr csat >/dev/null 2>&1 &&
	bops journey approve onboarding >/dev/null 2>&1 &&
	bops journey review onboarding --note "đã xem" >/dev/null 2>&1 &&
	bops project add "Thuê ngoài dịch vụ khách hàng" --id out-cs \
	    customer=chi goal="CSAT 4.5" due=2026-12-31 budget=1200000000 \
	    currency=VND report_every=7d >/dev/null 2>&1 &&
	bops project budget-line out-cs tools 1000 currency=USD \
	    >/dev/null 2>&1 &&
	bops project milestone add out-cs "Agents trained" due=2026-12-01 \
	    >/dev/null 2>&1 &&
	bops project milestone done out-cs/1 >/dev/null 2>&1 &&
	bops project risk add out-cs "Agents leave" probability=4 impact=4 \
	    "contingency=$(printf "Hire from\nthe waiting list")" \
	    >/dev/null 2>&1 &&
	bops project cost add out-cs 250.50 category=tools currency=USD \
	    --note "=1+1" >/dev/null 2>&1 &&
	bops project metric set out-cs CSAT target=4.5 current=4.1 \
	    family=value factor=quality >/dev/null 2>&1 &&
	bops project status out-cs --note "On track" >/dev/null 2>&1
}

kinds=$(sed -n 's/^BOPS_KIND(\([a-z_]*\),.*/\1/p' "$SRC/lib/kinds.def")

# round_trip FORMAT: export every kind of the fixture, import each into a
# new workspace (a kind whose references are not there yet waits for the
# next pass), and compare the record files byte for byte.
round_trip() {
	fixture &&
	for k in $kinds; do
		bops export "$k" --format "$1" >"../$k.$1" 2>../err &&
		grep -q . "../$k.$1" || return 1
		[ "$(bops $k list | wc -l)" -gt 1 ] ||
		    { fail "the fixture has no $k: give it some"; return 1; }
	done &&
	bops init ../copy >/dev/null 2>&1 &&
	left=$kinds && pass=0 &&
	while [ -n "$left" ] && [ $pass -lt 5 ]; do
		next=
		for k in $left; do
			BOPS_NOW=2027-01-04T10:00:00Z bops -C ../copy import \
			    "../$k.$1" --kind "$k" >/dev/null 2>../err.$k ||
			    next="$next $k"
		done
		left=$next; pass=$((pass + 1))
	done &&
	{ [ -z "$left" ] || { cat ../err.* >&2; fail "not imported:$left"; }; } &&
	for k in $kinds; do
		d=$(sed -n "s/^BOPS_KIND($k, \"\([a-z]*\)\".*/\1/p" \
		    "$SRC/lib/kinds.def")
		diff -r "$d" "../copy/$d" >&2 || { fail "$k: files differ"; return 1; }
	done &&
	cd ../copy && ws_clean
}

test_case 'JSON round trip of every kind gives the same files' '
	round_trip json
'

test_case 'CSV round trip of every kind gives the same files' '
	round_trip csv
'

test_case 'export: CSV flattening and the formula guard' '
	fixture &&
	expect_status 0 bops export task --format csv &&
	head -1 out |
	    grep -q "^id,title,status,assignee,priority,x_source,due," &&
	grep -q "'"'"'=cmd|" out &&
	grep -q ",\"a$" out && head -1 out | grep -q ",conflicts$" &&
	expect_status 0 bops export okr --format csv &&
	grep -q "\"\[{\"\"id\"\":1,\"\"title\"\":\"\"Serve 1000" out
'

test_case 'export: every kind as JSON and YAML, each record with its kind' '
	fixture &&
	expect_status 0 bops export --format json &&
	python3 -c "
import json
recs = json.load(open(\"out\"))
kinds = [r[\"kind\"] for r in recs]
assert kinds[:5] == [\"task\", \"task\", \"okr\", \"okr\", \"sprint\"], kinds
assert recs[3][\"key_results\"][0][\"checkins\"][0][\"note\"] == \"tuần đầu\"
" &&
	expect_status 0 bops export okr sprint status=active --format yaml &&
	grep -q "^- kind: okr" out && grep -q "^  id: save-the-world" out &&
	! grep -q "kind: sprint" out
'

test_case 'export: unknown format, CSV of two kinds, bad filter' '
	fixture &&
	expect_status 2 bops export --format xml &&
	expect_err_contains "--format" &&
	expect_status 2 bops export task okr --format csv &&
	expect_err_contains "one kind" &&
	expect_status 2 bops export task nosuchfield=1
'

test_case 'import: one commit, ids on stdout, --dry-run writes nothing' '
	new_ws &&
	printf "title,priority,due\nGửi báo giá,high,2026-11-27\nĐặt phòng,low,\n" \
	    >../t.csv &&
	n=$(commits) &&
	expect_status 0 bops import ../t.csv --kind task --dry-run &&
	grep -q "^new task [0-9a-z]*: Gửi báo giá$" out &&
	[ "$(commits)" = "$n" ] && [ ! -d tasks ] &&
	expect_status 0 bops import ../t.csv --kind task &&
	[ "$(wc -l <out)" = 2 ] && [ "$(commits)" = $((n + 1)) ] &&
	git log -1 --format=%s | grep -q "^import: 2 tasks from ../t.csv" &&
	bops task list priority=high >../list && grep -q "2026-11-27" ../list &&
	ws_clean
'

test_case 'import: --map names the columns of another tool' '
	new_ws &&
	printf "Subject,Owner,Due date\nCall the hospital,Minh,2026-11-30\n" \
	    >../t.csv &&
	expect_status 4 bops import ../t.csv --kind task &&
	expect_err_contains "../t.csv:1:1: no field '"'"'Subject'"'"'" &&
	expect_status 0 bops import ../t.csv --kind task \
	    --map "Subject=title,Owner=assignee,Due date=due" &&
	bops task list assignee=Minh due=2026-11-30 >../list &&
	grep -q "Call the hospital" ../list &&
	expect_status 2 bops import ../t.csv --kind task --map "Subject" &&
	ws_clean
'

test_case 'import: a bad row at the end of a 10 MB CSV writes nothing' '
	new_ws &&
	python3 -c "
import sys
with open(\"../big.csv\", \"w\") as f:
    f.write(\"title,priority,description\n\")
    i = 0
    while f.tell() < 10 * 1024 * 1024:
        f.write(\"Task %d Đi cứu thế giới,normal,%s\n\" % (i, \"x\" * 150))
        i += 1
    f.write(\"The last one,someday,\n\")
    print(i + 2)
" >../rows &&
	n=$(commits) &&
	expect_status 4 bops import ../big.csv --kind task &&
	expect_err_contains "../big.csv:$(cat ../rows):2: " &&
	expect_err_contains "someday" &&
	[ "$(commits)" = "$n" ] && [ ! -d tasks ] && ws_clean
'

test_case 'import: hostile text is stored as it is, control characters refused' '
	new_ws &&
	printf "title,description\n\"=cmd|'"'"' /C calc'"'"'!A0\",\"\342\200\256gnp.exe\"\n@SUM(1+1),-2+3\n" \
	    >../t.csv &&
	expect_status 0 bops import ../t.csv --kind task &&
	bops export task --format json >../all.json &&
	python3 -c "
import json
recs = {r[\"title\"]: r for r in json.load(open(\"../all.json\"))}
assert recs[\"=cmd|'"'"' /C calc'"'"'!A0\"][\"description\"] == \"\u202egnp.exe\"
assert recs[\"@SUM(1+1)\"][\"description\"] == \"-2+3\"
" &&
	printf "title\n\"bad \033]0;x\007\"\n" >../bad.csv &&
	expect_status 4 bops import ../bad.csv --kind task &&
	expect_err_contains "../bad.csv:2:1: control character U+001B" &&
	ws_clean
'

test_case 'import: bad files and options' '
	new_ws &&
	printf "title\n\"unclosed\n" >../q.csv &&
	expect_status 4 bops import ../q.csv --kind task &&
	expect_err_contains "../q.csv:" &&
	printf "title,due\na,2026-11-30,extra\n" >../r.csv &&
	expect_status 4 bops import ../r.csv --kind task &&
	expect_err_contains "../r.csv:2:3:" &&
	printf "[{\"title\": 5,}]" >../j.json &&
	expect_status 4 bops import ../j.json --kind task &&
	expect_err_contains "../j.json:1:" &&
	printf "title\nx\n" >../t.csv &&
	expect_status 2 bops import ../t.csv &&
	expect_err_contains "--kind" &&
	expect_status 2 bops import ../t.csv --kind nosuch &&
	expect_status 2 bops import ../t.csv --kind task --format xml &&
	printf "id,title\nabcd,a\nABCD,b\n" >../d.csv &&
	expect_status 4 bops import ../d.csv --kind task &&
	expect_err_contains "../d.csv:3:1: id '"'"'abcd'"'"' is in the file twice" &&
	[ ! -d tasks ] && ws_clean
'

test_case 'import: a record naming one that is nowhere stops it, named' '
	fixture &&
	bops export task --format csv >../t.csv &&
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
		printf "free%s,Task %s,not-started\n" $i $i
	done >../more.csv &&
	{ head -1 ../t.csv | cut -d, -f1-3; cat ../more.csv; } >../free.csv &&
	python3 -c "
import csv
rows = list(csv.reader(open(\"../t.csv\", newline=\"\")))
n = len(rows[0])
rows += [r + [\"\"] * (n - 3) for r in csv.reader(open(\"../more.csv\"))]
s = rows[0].index(\"sprint\")
for i in range(20):
    r = [\"ref%d\" % i, \"Planned %d\" % i, \"not-started\"] + [\"\"] * (n - 3)
    r[s] = \"2026-w49\"
    rows.append(r)
csv.writer(open(\"../all.csv\", \"w\", newline=\"\")).writerows(rows)
" &&
	bops init ../empty >/dev/null 2>&1 && cd ../empty &&
	expect_status 4 bops import ../all.csv --kind task &&
	expect_err_contains ": sprint '"'"'2026-w48'"'"': no such sprint" &&
	grep -q "^bops: ../all.csv:[23]:1: tasks/../[0-9a-z]*.yaml: sprint '"'"'2026-w48'"'"'" err &&
	[ ! -d tasks ] &&
	expect_status 0 bops import ../free.csv --kind task && ws_clean
'

# twexport FILE: a `task export` made by taskwarrior itself when it is
# installed, else the committed one that it made.
twexport() {
	if command -v task >/dev/null 2>&1; then
		: >taskrc
		tw() { task rc:"$PWD/taskrc" rc.data.location="$PWD/twdata" \
		    rc.confirmation=off rc.hooks=off rc.verbose=nothing "$@"; }
		tw add "Gửi báo giá cho khách" due:2026-11-27 priority:H \
		    project:sales +khach +urgent &&
		tw add "=HYPERLINK(\"http://x\")" priority:L &&
		tw add "Đặt phòng họp" project:ops &&
		tw 2 annotate "gọi lại thứ hai" &&
		tw 3 start && tw add "Old thing" && tw 4 done &&
		tw add "Throw away" && tw 5 delete &&
		tw export >"$1"
	else
		cp "$SRC/tests/cli/data/taskwarrior-export.json" "$1"
	fi
}

test_case 'import: taskwarrior export, twice, updates instead of duplicating' '
	twexport tw.json && new_ws &&
	expect_status 0 bops import ../tw.json --format taskwarrior &&
	[ "$(wc -l <out)" = 4 ] &&
	expect_err_contains "1 left out" &&
	bops export task --format json >../a.json &&
	python3 -c "
import json
tw = {t[\"uuid\"]: t for t in json.load(open(\"../tw.json\"))}
recs = {r[\"id\"]: r for r in json.load(open(\"../a.json\"))}
assert len(recs) == 4
for u, r in recs.items():
    t = tw[u]
    assert r[\"title\"] == t[\"description\"]
    assert r[\"created\"].replace(\"-\", \"\").replace(\":\", \"\") == t[\"entry\"]
    want = {\"completed\": \"done\", \"pending\": \"processing\" if \"start\" in t else \"not-started\"}[t[\"status\"]]
    assert r[\"status\"] == want, (r, t)
    assert r.get(\"priority\") == {\"H\": \"high\", \"M\": \"normal\", \"L\": \"low\", None: None}[t.get(\"priority\")]
    assert r.get(\"x_project\") == t.get(\"project\")
    assert r.get(\"tags\", []) == t.get(\"tags\", [])
    if \"due\" in t:
        assert r[\"due\"] == \"2026-11-27\"
    want = [{\"at\": a[\"entry\"], \"by\": \"Lan Nguyen\", \"text\": a[\"description\"]}
            for a in t.get(\"annotations\", [])]
    for n in r.get(\"notes\", []):
        n[\"at\"] = n[\"at\"].replace(\"-\", \"\").replace(\":\", \"\")
    assert r.get(\"notes\", []) == want, (r, t)
assert any(r[\"title\"].startswith(\"=HYPERLINK\") for r in recs.values())
" &&
	n=$(commits) &&
	expect_status 0 bops import ../tw.json --format taskwarrior &&
	test ! -s out && expect_err_contains "nothing to import" &&
	[ "$(commits)" = "$n" ] &&
	sed "s/Gửi báo giá cho khách/Gửi báo giá lần hai/" ../tw.json >../tw2.json &&
	expect_status 0 bops import ../tw2.json --format taskwarrior &&
	[ "$(wc -l <out)" = 1 ] && [ "$(bops task list --all | wc -l)" = 5 ] &&
	bops task list title~"lần hai" >../list && grep -q "lần hai" ../list &&
	h=$(python3 -c "
import json
print([t[\"uuid\"] for t in json.load(open(\"../tw.json\")) if \"annotations\" in t][0])
") &&
	expect_status 0 bops task note "$h" "đã gọi" &&
	expect_status 0 bops import ../tw2.json --format taskwarrior &&
	bops task show "$h" --json >../f.json &&
	python3 -c "
import json
notes = [n[\"text\"] for n in json.load(open(\"../f.json\"))[\"notes\"]]
assert notes == [\"gọi lại thứ hai\", \"đã gọi\"], notes
" &&
	ws_clean
'

test_case 'import: a log in a CSV cell keeps the entries of both sides' '
	new_ws &&
	t=$(bops task add "Gọi bệnh viện" 2>/dev/null) &&
	bops task note "$t" "gọi lần một" >/dev/null 2>&1 &&
	bops export task --format csv >../all.csv &&
	python3 -c "
import csv
rows = list(csv.DictReader(open(\"../all.csv\", newline=\"\")))
w = csv.writer(open(\"../a.csv\", \"w\", newline=\"\"))
w.writerow([\"id\", \"notes\"])
w.writerows([r[\"id\"], r[\"notes\"]] for r in rows)
" &&
	BOPS_NOW=2026-11-24T10:00:00Z expect_status 0 bops task note "$t" \
	    "gọi lần hai" &&
	expect_status 0 bops import ../a.csv --kind task &&
	expect_err_contains "nothing to import" &&
	bops task show "$t" --json >../t.json &&
	python3 -c "
import json
notes = [n[\"text\"] for n in json.load(open(\"../t.json\"))[\"notes\"]]
assert notes == [\"gọi lần một\", \"gọi lần hai\"], notes
" &&
	printf "id,notes\n%s,gọi lần ba\n" "$t" >../bad.csv &&
	expect_status 4 bops import ../bad.csv --kind task &&
	expect_err_contains "../bad.csv:2:2: field '"'"'notes'"'"': want JSON" &&
	ws_clean
'

test_done
