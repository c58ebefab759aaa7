#!/bin/sh
# okr: a three-level cascade scored at several instants (score, tree).
. "$(dirname "$0")/lib.sh"

# The company objective, three departments aligned to it, and the service
# OKR of SCENARIOS.md aligned to the service department.  Progress:
#   save-the-world/1  250/1000 meals              0.25
#   marketing/1       20000/50000 people          0.40
#   sales/1           15/20                       0.75
#   service-cx/1      60 -> 95 %, at 81           0.60
#   service-cx/2      3.9 -> 4.5 stars, at 4.2    0.50
#   service-cx/3      48h -> 24h (down), at 36    0.50
#   service-cx/4      80 -> 95 %, at 86, weight 2 0.40
#   service-cx        (0.6 + 0.5 + 0.5 + 2 * 0.4) / 5 = 0.48
#   service           no key results: its child's 0.48
cascade() {
	new_ws &&
	bops okr add "Save the world" --id save-the-world team=company &&
	bops okr kr add save-the-world "Serve 1000 meals at the hospital" \
	    target=1000 unit=meals &&
	bops okr add "Grow awareness of the meals" --id marketing \
	    team=marketing parent=save-the-world &&
	bops okr kr add marketing "Reach 50000 people" target=50000 \
	    unit=people &&
	bops okr add "Win new customers" --id sales team=sales \
	    parent=save-the-world &&
	bops okr kr add sales "Sign 20 new customers" target=20 &&
	bops okr add "Delight our customers" --id service team=service \
	    parent=save-the-world &&
	bops okr add "Raise the customer feedback response rate by 20% next quarter" \
	    --id service-cx team=service parent=service &&
	bops okr kr add service-cx \
	    "Answer 95% of customer feedback within 24 hours" \
	    start=60 target=95 unit=% &&
	bops okr kr add service-cx \
	    "Average rating 4.5 stars in the feedback survey" \
	    start=3.9 target=4.5 unit=stars &&
	bops okr kr add service-cx "Cut average response time by 50%" \
	    start=48 target=24 unit=h direction=down &&
	bops okr kr add service-cx "Deliver 95% of orders on time" \
	    start=80 target=95 unit=% weight=2 &&
	bops okr checkin save-the-world/1 250 &&
	bops okr checkin marketing/1 20000 &&
	bops okr checkin sales/1 15 &&
	bops okr checkin service-cx/1 81 confidence=0.8 &&
	bops okr checkin service-cx/2 4.2 &&
	bops okr checkin service-cx/3 36 confidence=0.6 --note "new rota" &&
	bops okr checkin service-cx/4 86
} >/dev/null 2>&1

# score_lines EXPECTED PACE...: the score --json rows, in id order, with
# the progress of the cascade, the expected value and the paces given.
score_lines() {
	e=$1
	shift
	set -- "$@"
	i=0
	while read -r id p conf title; do
		i=$((i + 1))
		eval "pace=\${$i}"
		[ "$conf" = - ] && conf=null
		printf '{"id":"%s","progress":%s,"expected":%s,"pace":"%s",' \
		    "$id" "$p" "$e" "$pace"
		printf '"confidence":%s,"title":"%s"}\n' "$conf" "$title"
	done <<-EOF
	marketing 0.40 - Grow awareness of the meals
	marketing/1 0.40 - Reach 50000 people
	sales 0.75 - Win new customers
	sales/1 0.75 - Sign 20 new customers
	save-the-world 0.25 - Save the world
	save-the-world/1 0.25 - Serve 1000 meals at the hospital
	service 0.48 - Delight our customers
	service-cx 0.48 - Raise the customer feedback response rate by 20% next quarter
	service-cx/1 0.60 0.8 Answer 95% of customer feedback within 24 hours
	service-cx/2 0.50 - Average rating 4.5 stars in the feedback survey
	service-cx/3 0.50 0.6 Cut average response time by 50%
	service-cx/4 0.40 - Deliver 95% of orders on time
	EOF
}

# expect_score NOW EXPECTED PACE...: okr score --json at NOW.
expect_score() {
	now=$1
	shift
	{ echo '['; score_lines "$@" | sed '$!s/$/,/'; echo ']'; } >expected
	BOPS_NOW=$now "$BOPS" okr score --json >out 2>err || {
		cat err >&2
		return 1
	}
	cmp -s expected out || {
		echo "# score at $now differs:" >&2
		diff -u expected out | sed 's/^/#   /' >&2
		return 1
	}
}

# tree_json EXPECTED P1 .. P12: the okr tree --json of the cascade with
# the paces, in tree order: save-the-world, its KR, marketing, its KR,
# sales, its KR, service, service-cx, its four KRs.
tree_json() {
	e=$1
	printf '[\n{"id":"save-the-world","title":"Save the world","progress":0.25,"expected":%s,"pace":"%s","key_results":[' "$e" "$2"
	printf '{"id":"save-the-world/1","title":"Serve 1000 meals at the hospital","progress":0.25,"expected":%s,"pace":"%s"}],"children":[' "$e" "$3"
	printf '{"id":"marketing","title":"Grow awareness of the meals","progress":0.4,"expected":%s,"pace":"%s","key_results":[' "$e" "$4"
	printf '{"id":"marketing/1","title":"Reach 50000 people","progress":0.4,"expected":%s,"pace":"%s"}],"children":[]},' "$e" "$5"
	printf '{"id":"sales","title":"Win new customers","progress":0.75,"expected":%s,"pace":"%s","key_results":[' "$e" "$6"
	printf '{"id":"sales/1","title":"Sign 20 new customers","progress":0.75,"expected":%s,"pace":"%s"}],"children":[]},' "$e" "$7"
	printf '{"id":"service","title":"Delight our customers","progress":0.48,"expected":%s,"pace":"%s","key_results":[],"children":[' "$e" "$8"
	printf '{"id":"service-cx","title":"Raise the customer feedback response rate by 20%% next quarter","progress":0.48,"expected":%s,"pace":"%s","key_results":[' "$e" "$9"
	shift 9
	printf '{"id":"service-cx/1","title":"Answer 95%% of customer feedback within 24 hours","progress":0.6,"expected":%s,"pace":"%s"},' "$e" "$1"
	printf '{"id":"service-cx/2","title":"Average rating 4.5 stars in the feedback survey","progress":0.5,"expected":%s,"pace":"%s"},' "$e" "$2"
	printf '{"id":"service-cx/3","title":"Cut average response time by 50%%","progress":0.5,"expected":%s,"pace":"%s"},' "$e" "$3"
	printf '{"id":"service-cx/4","title":"Deliver 95%% of orders on time","progress":0.4,"expected":%s,"pace":"%s"}],"children":[]}]}]}\n]\n' "$e" "$4"
}

expect_tree_json() {
	now=$1
	shift
	tree_json "$@" >expected
	BOPS_NOW=$now "$BOPS" okr tree --json >out 2>err || {
		cat err >&2
		return 1
	}
	cmp -s expected out || {
		echo "# tree at $now differs:" >&2
		diff -u expected out | sed 's/^/#   /' >&2
		return 1
	}
}

N=not-started
test_case 'before the quarter everything is not started, expected 0' '
	cascade &&
	expect_score 2026-09-15T00:00:00Z 0.00 $N $N $N $N $N $N $N $N $N $N \
	    $N $N &&
	expect_score 2026-09-30T23:59:59Z 0.00 $N $N $N $N $N $N $N $N $N $N \
	    $N $N &&
	expect_tree_json 2026-09-15T00:00:00Z 0 $N $N $N $N $N $N $N $N $N \
	    $N $N $N &&
	ws_clean
'

test_case 'at the first instant of the quarter every pace is on-track' '
	cascade &&
	O=on-track &&
	expect_score 2026-10-01T00:00:00Z 0.00 $O $O $O $O $O $O $O $O $O $O \
	    $O $O
'

test_case 'mid-quarter: expected 0.5, paces against 0.45 and 0.30' '
	cascade &&
	expect_score 2026-11-16T00:00:00Z 0.50 at-risk at-risk on-track \
	    on-track off-track off-track on-track on-track on-track on-track \
	    on-track at-risk &&
	expect_tree_json 2026-11-16T00:00:00Z 0.5 off-track off-track \
	    at-risk at-risk on-track on-track on-track on-track on-track \
	    on-track on-track at-risk
'

test_case 'on 2026-11-23 09:00 expected is 53.375 of 92 days' '
	cascade &&
	expect_score 2026-11-23T09:00:00Z 0.58 at-risk at-risk on-track \
	    on-track off-track off-track at-risk at-risk on-track at-risk \
	    at-risk at-risk &&
	expect_tree_json 2026-11-23T09:00:00Z 0.5802 off-track off-track \
	    at-risk at-risk on-track on-track at-risk at-risk on-track \
	    at-risk at-risk at-risk
'

test_case 'after the quarter expected is 1: 0.9 on-track, 0.6 at-risk' '
	cascade &&
	expect_score 2027-01-01T00:00:00Z 1.00 off-track off-track at-risk \
	    at-risk off-track off-track off-track off-track at-risk \
	    off-track off-track off-track &&
	expect_score 2027-06-01T00:00:00Z 1.00 off-track off-track at-risk \
	    at-risk off-track off-track off-track off-track at-risk \
	    off-track off-track off-track &&
	expect_tree_json 2027-06-01T00:00:00Z 1 off-track off-track \
	    off-track off-track at-risk at-risk off-track off-track at-risk \
	    off-track off-track off-track
'

test_case 'check-ins move the score: the down KR at 24h is done' '
	cascade &&
	bops okr checkin service-cx/3 24 >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-16T00:00:00Z expect_status 0 bops okr score --json &&
	expect_out_contains "{\"id\":\"service-cx/3\",\"progress\":1.00,\"expected\":0.50,\"pace\":\"on-track\"" &&
	expect_out_contains "{\"id\":\"service-cx\",\"progress\":0.58," &&
	expect_out_contains "{\"id\":\"service\",\"progress\":0.58," &&
	bops okr checkin service-cx/3 60 >/dev/null 2>&1 &&
	expect_status 0 bops okr score --json &&
	expect_out_contains "{\"id\":\"service-cx/3\",\"progress\":0.00," &&
	bops okr checkin service-cx/1 100 >/dev/null 2>&1 &&
	expect_status 0 bops okr score --json &&
	expect_out_contains "{\"id\":\"service-cx/1\",\"progress\":1.00,"
'

test_case 'okr score PERIOD keeps that period only; dropped ones go' '
	cascade &&
	bops okr add "Next year" --id next period=2027 >/dev/null 2>&1 &&
	bops okr kr add next "Open a second kitchen" target=1 \
	    >/dev/null 2>&1 &&
	expect_status 0 bops okr score 2027 --json &&
	expect_out "[
{\"id\":\"next\",\"progress\":0.00,\"expected\":0.00,\"pace\":\"not-started\",\"confidence\":null,\"title\":\"Next year\"},
{\"id\":\"next/1\",\"progress\":0.00,\"expected\":0.00,\"pace\":\"not-started\",\"confidence\":null,\"title\":\"Open a second kitchen\"}
]" &&
	expect_status 0 bops okr score 2026-q4 --json &&
	test "$(grep -c "\"id\"" out)" -eq 12 &&
	! grep -q "\"id\":\"next" out &&
	bops okr set marketing status=dropped >/dev/null 2>&1 &&
	expect_status 0 bops okr score 2026-Q4 --json &&
	test "$(grep -c "\"id\"" out)" -eq 10 &&
	! grep -q "\"id\":\"marketing" out &&
	expect_status 0 bops okr score 2026-Q3 --json &&
	expect_out "[]" &&
	ws_clean
'

test_case 'okr score prints an aligned table' '
	cascade &&
	BOPS_NOW=2026-11-16T00:00:00Z expect_status 0 bops okr score &&
	expect_out "id                progress  expected  pace       confidence  title
marketing             0.40      0.50  at-risk                Grow awareness of the meals
marketing/1           0.40      0.50  at-risk                Reach 50000 people
sales                 0.75      0.50  on-track               Win new customers
sales/1               0.75      0.50  on-track               Sign 20 new customers
save-the-world        0.25      0.50  off-track              Save the world
save-the-world/1      0.25      0.50  off-track              Serve 1000 meals at the hospital
service               0.48      0.50  on-track               Delight our customers
service-cx            0.48      0.50  on-track               Raise the customer feedback response rate by 20% next quarter
service-cx/1          0.60      0.50  on-track   0.8         Answer 95% of customer feedback within 24 hours
service-cx/2          0.50      0.50  on-track               Average rating 4.5 stars in the feedback survey
service-cx/3          0.50      0.50  on-track   0.6         Cut average response time by 50%
service-cx/4          0.40      0.50  at-risk                Deliver 95% of orders on time"
'

test_case 'okr tree indents the cascade with bars, percentages and values' '
	cascade &&
	BOPS_NOW=2026-11-16T00:00:00Z LC_ALL=C expect_status 0 bops okr tree &&
	expect_out "objective                                                                      progress                %  pace       value
save-the-world  Save the world                                                 #####...............  25%  off-track
  1. Serve 1000 meals at the hospital                                          #####...............  25%  off-track  250/1000 meals
  marketing  Grow awareness of the meals                                       ########............  40%  at-risk
    1. Reach 50000 people                                                      ########............  40%  at-risk    20000/50000 people
  sales  Win new customers                                                     ###############.....  75%  on-track
    1. Sign 20 new customers                                                   ###############.....  75%  on-track   15/20
  service  Delight our customers                                               #########...........  48%  on-track
    service-cx  Raise the customer feedback response rate by 20% next quarter  #########...........  48%  on-track
      1. Answer 95% of customer feedback within 24 hours                       ############........  60%  on-track   81/95 %
      2. Average rating 4.5 stars in the feedback survey                       ##########..........  50%  on-track   4.2/4.5 stars
      3. Cut average response time by 50%                                      ##########..........  50%  on-track   36/24 h
      4. Deliver 95% of orders on time                                         ########............  40%  at-risk    86/95 %"
'

test_case 'okr tree draws Unicode blocks in a UTF-8 locale' '
	cascade &&
	BOPS_NOW=2026-11-16T00:00:00Z expect_status 0 bops okr tree &&
	expect_out_contains "save-the-world  Save the world                                                 █████░░░░░░░░░░░░░░░  25%  off-track" &&
	expect_out_contains "  service  Delight our customers                                               █████████▌░░░░░░░░░░  48%  on-track" &&
	expect_out_contains "      3. Cut average response time by 50%                                      ██████████░░░░░░░░░░  50%  on-track   36/24 h" &&
	! grep -q "#" out
'

test_case 'okr tree ID starts the cascade there' '
	cascade &&
	BOPS_NOW=2026-11-16T00:00:00Z LC_ALL=C expect_status 0 bops okr tree service &&
	expect_out "objective                                                                    progress                %  pace      value
service  Delight our customers                                               #########...........  48%  on-track
  service-cx  Raise the customer feedback response rate by 20% next quarter  #########...........  48%  on-track
    1. Answer 95% of customer feedback within 24 hours                       ############........  60%  on-track  81/95 %
    2. Average rating 4.5 stars in the feedback survey                       ##########..........  50%  on-track  4.2/4.5 stars
    3. Cut average response time by 50%                                      ##########..........  50%  on-track  36/24 h
    4. Deliver 95% of orders on time                                         ########............  40%  at-risk   86/95 %" &&
	expect_status 0 bops okr tree sales --json &&
	expect_out "[
{\"id\":\"sales\",\"title\":\"Win new customers\",\"progress\":0.75,\"expected\":0.5802,\"pace\":\"on-track\",\"key_results\":[{\"id\":\"sales/1\",\"title\":\"Sign 20 new customers\",\"progress\":0.75,\"expected\":0.5802,\"pace\":\"on-track\"}],\"children\":[]}
]" &&
	expect_status 3 bops okr tree nope &&
	expect_err_contains "nope" &&
	expect_status 2 bops okr tree sales service
'

test_case 'an objective with no key results averages its children plainly' '
	new_ws &&
	bops okr add Top --id top >/dev/null 2>&1 &&
	bops okr add Left --id left parent=top >/dev/null 2>&1 &&
	bops okr kr add left "L" target=4 weight=3 >/dev/null 2>&1 &&
	bops okr checkin left/1 1 >/dev/null 2>&1 &&
	bops okr add Right --id right parent=top >/dev/null 2>&1 &&
	bops okr kr add right "R" target=4 >/dev/null 2>&1 &&
	bops okr checkin right/1 3 >/dev/null 2>&1 &&
	bops okr add Empty --id empty >/dev/null 2>&1 &&
	expect_status 0 bops okr score --json &&
	expect_out_contains "{\"id\":\"top\",\"progress\":0.50," &&
	expect_out_contains "{\"id\":\"left\",\"progress\":0.25," &&
	expect_out_contains "{\"id\":\"right\",\"progress\":0.75," &&
	expect_out_contains "{\"id\":\"empty\",\"progress\":0.00," &&
	expect_status 0 bops okr tree --json &&
	expect_out_contains "{\"id\":\"empty\",\"title\":\"Empty\",\"progress\":0,\"expected\":0.5802,\"pace\":\"off-track\",\"key_results\":[],\"children\":[]}"
'

test_case 'KR weights weigh the objective; weight 0 leaves a KR out' '
	new_ws &&
	bops okr add W --id w >/dev/null 2>&1 &&
	bops okr kr add w "heavy" target=10 weight=3 >/dev/null 2>&1 &&
	bops okr kr add w "light" target=10 >/dev/null 2>&1 &&
	bops okr kr add w "ignored" target=10 weight=0 >/dev/null 2>&1 &&
	bops okr checkin w/1 10 >/dev/null 2>&1 &&
	expect_status 0 bops okr score --json &&
	expect_out_contains "{\"id\":\"w\",\"progress\":0.75," &&
	bops okr kr set w/1 weight=0 >/dev/null 2>&1 &&
	bops okr kr set w/2 weight=0 >/dev/null 2>&1 &&
	expect_status 0 bops okr score --json &&
	expect_out_contains "{\"id\":\"w\",\"progress\":0.00,"
'

test_case 'quarters follow the workspace time zone' '
	new_ws &&
	bops config timezone Asia/Ho_Chi_Minh >/dev/null 2>&1 &&
	bops okr add "Cứu thế giới" --id cuu period=2026-Q4 >/dev/null 2>&1 &&
	bops okr kr add cuu "Đi cứu thế giới bằng 1000 suất cơm tại bệnh viện" \
	    target=1000 >/dev/null 2>&1 &&
	BOPS_NOW=2026-09-30T16:59:59Z expect_status 0 bops okr score --json &&
	expect_out_contains "{\"id\":\"cuu\",\"progress\":0.00,\"expected\":0.00,\"pace\":\"not-started\"" &&
	BOPS_NOW=2026-09-30T17:00:00Z expect_status 0 bops okr score --json &&
	expect_out_contains "{\"id\":\"cuu\",\"progress\":0.00,\"expected\":0.00,\"pace\":\"on-track\"" &&
	BOPS_NOW=2026-11-15T17:00:00Z expect_status 0 bops okr score --json &&
	expect_out_contains "{\"id\":\"cuu\",\"progress\":0.00,\"expected\":0.50,\"pace\":\"off-track\"" &&
	BOPS_NOW=2026-12-31T17:00:00Z expect_status 0 bops okr tree --json &&
	expect_out_contains "\"expected\":1," &&
	BOPS_NOW=2026-12-31T16:59:00Z expect_status 0 bops okr tree --json &&
	expect_out_contains "\"expected\":1," &&
	BOPS_NOW=2026-12-31T16:00:00Z expect_status 0 bops okr tree --json &&
	expect_out_contains "\"expected\":0.9995," &&
	ws_clean
'

test_case 'names in any language line up in the tree' '
	new_ws &&
	bops okr add "Cứu thế giới" --id cuu >/dev/null 2>&1 &&
	bops okr add "提高客户满意度评分" --id zh parent=cuu >/dev/null 2>&1 &&
	bops okr kr add zh "ตอบกลับ 95% ของข้อเสนอแนะของลูกค้าภายใน 24 ชั่วโมง" \
	    target=95 unit=% >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-16T00:00:00Z LC_ALL=C.UTF-8 expect_status 0 bops okr tree &&
	expect_out "objective                                            progress               %  pace       value
cuu  Cứu thế giới                                    ░░░░░░░░░░░░░░░░░░░░  0%  off-track
  zh  提高客户满意度评分                             ░░░░░░░░░░░░░░░░░░░░  0%  off-track
    1. ตอบกลับ 95% ของข้อเสนอแนะของลูกค้าภายใน 24 ชั่วโมง  ░░░░░░░░░░░░░░░░░░░░  0%  off-track  0/95 %"
'

test_case 'okr score and tree --as-of look back in time' '
	export BOPS_NOW=2026-11-02T09:00:00Z &&
	new_ws &&
	bops okr add "Save the world" --id s >/dev/null 2>&1 &&
	bops okr kr add s "Serve 1000 meals at the hospital" target=1000 \
	    >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-09T09:00:00Z bops okr checkin s/1 100 >/dev/null 2>&1 &&
	BOPS_NOW=2026-11-16T09:00:00Z bops okr checkin s/1 300 >/dev/null 2>&1 &&
	export BOPS_NOW=2026-11-23T09:00:00Z &&
	expect_status 0 bops okr score --json --as-of 2026-11-15 &&
	expect_out "[
{\"id\":\"s\",\"progress\":0.10,\"expected\":0.50,\"pace\":\"off-track\",\"confidence\":null,\"title\":\"Save the world\"},
{\"id\":\"s/1\",\"progress\":0.10,\"expected\":0.50,\"pace\":\"off-track\",\"confidence\":null,\"title\":\"Serve 1000 meals at the hospital\"}
]" &&
	expect_status 0 bops okr tree --json --as-of HEAD~1 &&
	expect_out_contains "\"progress\":0.1,\"expected\":0.428," &&
	expect_status 0 bops okr score --json &&
	expect_out_contains "{\"id\":\"s\",\"progress\":0.30,\"expected\":0.58," &&
	expect_status 3 bops okr tree --as-of 2026-10-01 &&
	expect_status 2 bops okr score --as-of nonsense
'

test_done
