#!/bin/sh
# bops sprint experiment: 3 messages x 3 destinations, the winner by a
# two-proportion z-test, Holm-Bonferroni corrected.
. "$(dirname "$0")/lib.sh"

# nine: sprint 2026-w48 with experiment signup: messages story, price and
# proof, each sent to landing, chat and shop.
nine() {
	new_ws &&
	bops -q sprint new goal="find the shortest path to sign-up" >/dev/null &&
	bops -q sprint experiment add 2026-w48 signup \
	    messages=story,price,proof destinations=landing,chat,shop >/dev/null
}

# result VARIANT REACH CONVERSIONS
result() {
	bops -q sprint experiment result 2026-w48 signup "$1" reach="$2" \
	    conversions="$3" >/dev/null
}

test_case 'experiment add makes one variant per message and destination' '
	new_ws &&
	bops -q sprint new >/dev/null && n=$(commits) &&
	expect_status 0 bops sprint experiment add 2026-w48 signup messages=story,price,proof destinations=landing,chat,shop &&
	expect_out 2026-w48 &&
	test "$(git log -1 --format=%s)" = "sprint 2026-w48: experiment '\''signup'\'' with 9 variants" &&
	test "$(commits)" = $((n + 1)) &&
	test "$(grep -c "  - id: " sprints/2026-w48.yaml)" = 9 &&
	grep -q "  - id: story/landing" sprints/2026-w48.yaml &&
	grep -q "  - id: proof/shop" sprints/2026-w48.yaml &&
	expect_status 0 bops sprint experiment show 2026-w48 signup --json &&
	expect_out_contains "\"winner\":null" &&
	test "$(grep -c "\"reach\":0,\"conversions\":0" out)" = 9 &&
	ws_clean
'
test_case 'experiment result records reach and conversions of a variant' '
	nine && n=$(commits) &&
	expect_status 0 bops sprint experiment result 2026-w48 signup story/chat reach=1000 conversions=120 &&
	expect_out 2026-w48 &&
	test "$(git log -1 --format=%s)" = "sprint 2026-w48: experiment '\''signup'\'' story/chat reach 1000 conversions 120" &&
	test "$(commits)" = $((n + 1)) &&
	grep -A2 "id: story/chat" sprints/2026-w48.yaml > v &&
	grep -q "reach: 1000" v && grep -q "conversions: 120" v && rm v &&
	expect_status 0 bops sprint experiment result 2026-w48 signup story/chat conversions=100 reach=900 &&
	grep -A2 "id: story/chat" sprints/2026-w48.yaml > v &&
	grep -q "reach: 900" v && grep -q "conversions: 100" v && rm v &&
	ws_clean
'
test_case 'nine variants with a clear winner' '
	nine &&
	result story/landing 1000 60 && result story/chat 1000 120 &&
	result story/shop 800 45 && result price/landing 1000 50 &&
	result price/chat 1000 70 && result price/shop 900 30 &&
	result proof/landing 1000 40 && result proof/chat 1000 65 &&
	result proof/shop 500 20 &&
	expect_status 0 bops sprint experiment show 2026-w48 signup --json &&
	expect_out_contains "{\"sprint\":\"2026-w48\",\"name\":\"signup\",\"winner\":\"story/chat\",\"variants\":[" &&
	expect_out_contains "{\"rank\":1,\"id\":\"story/chat\",\"reach\":1000,\"conversions\":120,\"rate\":0.12,\"z\":null,\"p\":null,\"p_adjusted\":null,\"significant\":null}" &&
	expect_out_contains "{\"rank\":2,\"id\":\"price/chat\",\"reach\":1000,\"conversions\":70,\"rate\":0.07,\"z\":3.8130,\"p\":0.00013728,\"p_adjusted\":0.00013728,\"significant\":true}" &&
	expect_out_contains "{\"rank\":9,\"id\":\"price/shop\",\"reach\":900,\"conversions\":30,\"rate\":0.0333333,\"z\":6.9950,\"p\":2.65327e-12,\"p_adjusted\":2.12261e-11,\"significant\":true}" &&
	grep -o "\"rank\":[0-9],\"id\":\"[a-z/]*\"" out | sed "s/.*\"id\":\"//; s/\"//" > ranks &&
	printf "%s\n" story/chat price/chat proof/chat story/landing story/shop \
	    price/landing proof/landing proof/shop price/shop > expected &&
	cmp -s expected ranks && rm ranks &&
	expect_status 0 bops sprint experiment show 2026-w48 signup &&
	expect_out_contains "winner: story/chat" &&
	head -2 out | tail -1 | grep -q "^1  story/chat  *1000  *120  *12.00%" &&
	grep -q "^2  price/chat  *1000  *70  *7.00%  *3.81  *0.0001  *0.0001$" out &&
	test "$(wc -l < out)" = 11 &&
	ws_clean
'
test_case 'results without a significant difference name no winner' '
	nine &&
	result story/landing 1000 50 && result story/chat 1000 45 &&
	result price/landing 1000 40 &&
	expect_status 0 bops sprint experiment show 2026-w48 signup --json &&
	expect_out_contains "\"winner\":null" &&
	expect_out_contains "{\"rank\":1,\"id\":\"story/landing\",\"reach\":1000,\"conversions\":50,\"rate\":0.05,\"z\":null,\"p\":null,\"p_adjusted\":null,\"significant\":null}" &&
	expect_out_contains "{\"rank\":2,\"id\":\"story/chat\",\"reach\":1000,\"conversions\":45,\"rate\":0.045,\"z\":0.5256,\"p\":0.599149,\"p_adjusted\":0.599149,\"significant\":false}" &&
	expect_out_contains "{\"rank\":3,\"id\":\"price/landing\",\"reach\":1000,\"conversions\":40,\"rate\":0.04,\"z\":1.0786,\"p\":0.280748,\"p_adjusted\":0.561495,\"significant\":false}" &&
	expect_out_contains "{\"rank\":4,\"id\":\"price/chat\",\"reach\":0,\"conversions\":0,\"rate\":0,\"z\":null,\"p\":null,\"p_adjusted\":null,\"significant\":null}" &&
	expect_status 0 bops sprint experiment show 2026-w48 signup &&
	expect_out_contains "no winner yet" &&
	ws_clean
'
test_case 'the best must beat every other variant with results to win' '
	nine &&
	result story/landing 1000 120 && result story/chat 1000 40 &&
	result price/landing 1000 100 &&
	expect_status 0 bops sprint experiment show 2026-w48 signup --json &&
	expect_out_contains "\"winner\":null" &&
	result price/landing 1000 60 &&
	expect_status 0 bops sprint experiment show 2026-w48 signup --json &&
	expect_out_contains "\"winner\":\"story/landing\""
'
test_case 'the comparisons with the best are corrected by Holm-Bonferroni' '
	nine &&
	result story/landing 1000 120 && result story/chat 1000 91 &&
	result price/landing 1000 92 &&
	expect_status 0 bops sprint experiment show 2026-w48 signup --json &&
	expect_out_contains "\"winner\":null" &&
	expect_out_contains "{\"rank\":2,\"id\":\"price/landing\",\"reach\":1000,\"conversions\":92,\"rate\":0.092,\"z\":2.0339,\"p\":0.0419656,\"p_adjusted\":0.0695627,\"significant\":false}" &&
	expect_out_contains "{\"rank\":3,\"id\":\"story/chat\",\"reach\":1000,\"conversions\":91,\"rate\":0.091,\"z\":2.1109,\"p\":0.0347814,\"p_adjusted\":0.0695627,\"significant\":false}" &&
	expect_status 0 bops sprint experiment show 2026-w48 signup &&
	head -1 out | grep -q "^#  variant  *reach  conversions  *rate  *z  *p  *p adj$" &&
	grep -q "^2  price/landing  *1000  *92  *9.20%  *2.03  *0.0420  *0.0696$" out &&
	expect_out_contains "no winner yet: the best is not better than every other variant with results at 95%, Holm-Bonferroni over 2 comparisons" &&
	result price/landing 1000 85 &&
	expect_status 0 bops sprint experiment show 2026-w48 signup &&
	expect_out_contains "winner: story/landing (better than every other variant with results at 95%, Holm-Bonferroni over 2 comparisons)"
'
test_case 'one variant with results, or none converting, is no winner' '
	nine &&
	result story/landing 1000 120 &&
	expect_status 0 bops sprint experiment show 2026-w48 signup --json &&
	expect_out_contains "\"winner\":null" &&
	result story/landing 1000 0 && result story/chat 1000 0 &&
	expect_status 0 bops sprint experiment show 2026-w48 signup --json &&
	expect_out_contains "\"winner\":null"
'
test_case 'conversions over reach and bad counts exit 2, write nothing' '
	nine && n=$(commits) &&
	expect_status 2 bops sprint experiment result 2026-w48 signup story/chat reach=10 conversions=11 &&
	expect_err_contains "conversions (11) cannot exceed reach (10)" &&
	expect_status 2 bops sprint experiment result 2026-w48 signup story/chat reach=-1 conversions=0 &&
	expect_status 2 bops sprint experiment result 2026-w48 signup story/chat reach=ten conversions=1 &&
	expect_status 2 bops sprint experiment result 2026-w48 signup story/chat reach=10 &&
	expect_status 2 bops sprint experiment result 2026-w48 signup story/chat reach=10 clicks=1 &&
	test "$(commits)" = "$n" &&
	ws_clean
'
test_case 'an unknown sprint, experiment or variant exits 3' '
	nine && n=$(commits) &&
	expect_status 3 bops sprint experiment result 2026-w48 signup story/email reach=10 conversions=1 &&
	expect_err_contains "no variant '\''story/email'\''" &&
	expect_status 3 bops sprint experiment result 2026-w48 other story/chat reach=10 conversions=1 &&
	expect_err_contains "no experiment '\''other'\''" &&
	expect_status 3 bops sprint experiment result 2026-w01 signup story/chat reach=10 conversions=1 &&
	expect_status 3 bops sprint experiment show 2026-w48 other &&
	expect_status 3 bops sprint experiment show 2026-w01 signup &&
	expect_status 3 bops sprint experiment add 2026-w01 more messages=a destinations=b &&
	test "$(commits)" = "$n" &&
	ws_clean
'
test_case 'experiment add refuses a taken name (5) and bad lists (2)' '
	nine && n=$(commits) &&
	expect_status 5 bops sprint experiment add 2026-w48 signup messages=a destinations=b &&
	expect_err_contains "already has an experiment '\''signup'\''" &&
	expect_status 2 bops sprint experiment add 2026-w48 more messages=a,,b destinations=x &&
	expect_status 2 bops sprint experiment add 2026-w48 more messages=a/b destinations=x &&
	expect_status 2 bops sprint experiment add 2026-w48 more messages= destinations=x &&
	expect_status 2 bops sprint experiment add 2026-w48 more messages=a &&
	expect_status 2 bops sprint experiment add 2026-w48 more messages=a destinations=x extra=1 &&
	expect_status 2 bops sprint experiment frob 2026-w48 signup &&
	expect_status 2 bops sprint experiment show 2026-w48 &&
	expect_status 2 bops sprint experiment show 2026-w48 signup extra &&
	expect_status 2 bops sprint experiment &&
	test "$(commits)" = "$n" &&
	ws_clean
'
test_case 'experiment names and variants may be in any language' '
	new_ws &&
	bops -q sprint new >/dev/null &&
	expect_status 0 bops sprint experiment add 2026-w48 "Cứu thế giới" "messages=bữa cơm,bệnh viện" destinations=landing,chat &&
	bops -q sprint experiment result 2026-w48 "Cứu thế giới" "bữa cơm/chat" reach=500 conversions=60 >/dev/null &&
	bops -q sprint experiment result 2026-w48 "Cứu thế giới" "bệnh viện/chat" reach=500 conversions=20 >/dev/null &&
	expect_status 0 bops sprint experiment show 2026-w48 "Cứu thế giới" --json &&
	expect_out_contains "\"winner\":\"bữa cơm/chat\"" &&
	ws_clean
'
test_done
