#!/bin/sh
# due in one workspace with something due of every kind that can be:
# a key result not checked in, tasks overdue and coming, a planned sprint
# whose day passed and one ending, SLA clocks breached and at risk, a
# follow-up, a deal past its expected close, a journey's review, a
# project past due; each with its command.  And report -o under a file
# size limit: the file it replaces stays whole.
. "$(dirname "$0")/lib.sh"

# Thursday 2026-11-26, 11:00 UTC.
export BOPS_NOW=2026-11-26T11:00:00Z

at() {
	_t=$1
	shift
	BOPS_NOW=$_t "$BOPS" "$@" >/dev/null 2>&1 ||
	    { echo "# failed: bops $*" >&2; return 1; }
}

everything() {
	new_ws &&
	at 2026-11-01T09:00:00Z okr add "Cứu thế giới" --id save-the-world \
	    owner=Lan period=2026-Q4 &&
	at 2026-11-01T09:00:00Z okr kr add save-the-world "Serve 1000 meals" \
	    target=1000 &&
	at 2026-11-02T09:00:00Z okr checkin save-the-world/1 100 &&
	at 2026-11-01T09:00:00Z task add "Gửi báo giá cho khách" --id quote \
	    assignee=Minh due=2026-11-20 &&
	at 2026-11-01T09:00:00Z task add "ตอบกลับลูกค้า" --id reply \
	    assignee=Somchai due=2026-11-27 &&
	at 2026-11-01T09:00:00Z sprint new start=2026-11-16 goal="Trễ" &&
	at 2026-11-23T08:00:00Z sprint new start=2026-11-23 goal="提高" &&
	at 2026-11-23T09:00:00Z sprint start 2026-w48 &&
	at 2026-10-27T08:00:00Z customer add "Chi Pham" --id chi owner=Lan &&
	at 2026-10-27T09:00:00Z ticket follow-up chi every=30d &&
	at 2026-11-26T09:00:00Z ticket open "Giao hàng trễ" --id late \
	    customer=chi priority=urgent assignee=Minh &&
	at 2026-11-26T10:50:00Z ticket open "แอปล่ม" --id app customer=chi \
	    priority=urgent assignee=Minh &&
	at 2026-11-01T09:00:00Z deal add "Suất cơm" --id meals customer=chi \
	    amount=350000000 currency=VND expected_close=2026-11-25 owner=Lan &&
	at 2026-08-01T09:00:00Z journey add Onboarding --id onboarding \
	    owner=Lan &&
	at 2026-09-01T09:00:00Z project add "Skapa en ePMO" --id epmo \
	    status=active owner=Somchai goal="An ePMO" due=2026-11-20
}

test_case 'every kind that can be due is, with its command' '
	everything &&
	expect_status 1 bops due --exit-code --within 3d &&
	for line in \
	    "  check-in late  *2026-11-09  okr save-the-world/1  Serve 1000 meals" \
	    "    bops okr checkin save-the-world/1 VALUE" \
	    "  overdue  *2026-11-20  task quote  *Gửi báo giá cho khách" \
	    "  due  *2026-11-27  task reply  *ตอบกลับลูกค้า" \
	    "  not started  *2026-11-16  sprint 2026-w47  Trễ" \
	    "    bops sprint start 2026-w47" \
	    "  ends  *2026-11-29  sprint 2026-w48  *提高" \
	    "  first response breached  *2026-11-26  ticket late  *Giao hàng trễ" \
	    "  first response at risk  *2026-11-26  ticket app  *แอปล่ม" \
	    "  follow-up due  *2026-11-26  customer chi/1  *Chi Pham" \
	    "  past expected close  *2026-11-25  deal meals  *Suất cơm" \
	    "  review overdue  *2026-10-30  journey onboarding  *Onboarding" \
	    "  past due  *2026-11-20  project epmo  *Skapa en ePMO"
	do
		grep -q "^$line" out || fail "no line: $line" || return 1
	done &&
	expect_status 0 bops due --json &&
	python3 -c "
import json
kinds = {i[\"kind\"] for i in json.load(open(\"out\"))}
want = {\"okr\", \"task\", \"sprint\", \"ticket\", \"customer\", \"deal\",
        \"journey\", \"project\"}
assert want <= kinds, want - kinds
"
'

test_case 'report -o under a file size limit: the old file stays whole' '
	everything &&
	printf "old report\n" >../r.html &&
	(ulimit -f 8 && expect_status 6 bops report all --format html \
	    -o ../r.html) &&
	test "$(cat ../r.html)" = "old report" &&
	ls -a .. >../left && ! grep -v -e "^r.html$" -e "^ws$" -e "^left$" \
	    -e "^\.*$" -e "^out$" -e "^err$" -e "^\.stderr$" ../left &&
	expect_status 0 bops report all --format html -o ../r.html &&
	grep -q "</html>" ../r.html && rm ../left
'

test_done
