#!/bin/sh
# journey add, stage add/rm/move, touchpoint, pain, opportunity and
# metric: what they write, and the exit code of every bad input.
. "$(dirname "$0")/lib.sh"

journey() {
	new_ws &&
	bops journey add Onboarding persona="SMB owner" owner=me \
	    sponsor="Minh Tran" --id onboarding >/dev/null 2>&1
}

# stages J: the slugs of J's stages, in order, on one line
stages() {
	sed -n 's/^- slug: //p' "journeys/$1.yaml" | tr '\n' ' '
}

test_case 'journey add writes a draft with a 90 day review cadence' '
	new_ws &&
	expect_status 0 bops journey add Onboarding persona="SMB owner" \
	    owner=me sponsor="Minh Tran" --id onboarding &&
	expect_out onboarding &&
	grep -q "^status: draft$" journeys/onboarding.yaml &&
	grep -q "^owner: Lan Nguyen$" journeys/onboarding.yaml &&
	grep -q "^review_every: 90d$" journeys/onboarding.yaml &&
	ws_clean
'

test_case 'stage add keys each stage by a slug of its name, in order' '
	journey &&
	expect_status 0 bops journey stage add onboarding Discover emotion=1 \
	    team=Marketing &&
	expect_out onboarding/discover &&
	bops journey stage add onboarding Sign up >/dev/null 2>&1 &&
	bops journey stage add onboarding Renew >/dev/null 2>&1 &&
	expect_status 0 bops journey stage add onboarding First value \
	    after=sign-up goal="see the first report" &&
	expect_out onboarding/first-value &&
	expect_status 0 bops journey stage add onboarding "Đăng ký" \
	    before=discover &&
	expect_out onboarding/dang-ky &&
	expect_status 0 bops journey stage add onboarding "ตอบกลับ" &&
	expect_out onboarding/stage-6 &&
	expect_status 0 bops journey stage add onboarding Renew &&
	expect_out onboarding/renew-2 &&
	test "$(stages onboarding)" = "dang-ky discover sign-up first-value renew stage-6 renew-2 " &&
	grep -q "^  goal: see the first report$" journeys/onboarding.yaml &&
	ws_clean
'

test_case 'stage move puts a stage after or before another, or first' '
	journey &&
	for s in A B C D; do
		bops journey stage add onboarding $s >/dev/null 2>&1 || return 1
	done &&
	expect_status 0 bops journey stage move onboarding/a after=c &&
	test "$(stages onboarding)" = "b c a d " &&
	expect_status 0 bops journey stage move onboarding/d before=b &&
	test "$(stages onboarding)" = "d b c a " &&
	expect_status 0 bops journey stage move onboarding/a after= &&
	test "$(stages onboarding)" = "a d b c " &&
	expect_status 3 bops journey stage move onboarding/a after=zz &&
	expect_err_contains "its stages: a, d, b, c" &&
	expect_status 2 bops journey stage move onboarding/a &&
	expect_status 2 bops journey stage move onboarding/a after=b before=c &&
	ws_clean
'

test_case 'stage rm removes a stage no record points at' '
	journey &&
	bops journey stage add onboarding Discover >/dev/null 2>&1 &&
	bops journey stage add onboarding Renew >/dev/null 2>&1 &&
	t=$(bops task add "Fix the form" journey=onboarding/renew 2>/dev/null) &&
	expect_status 5 bops journey stage rm onboarding/renew &&
	expect_err_contains "task $t" &&
	expect_status 0 bops journey stage rm onboarding/discover &&
	expect_out onboarding/discover &&
	test "$(stages onboarding)" = "renew " &&
	expect_status 3 bops journey stage rm onboarding/discover &&
	expect_err_contains "its stages: renew" &&
	ws_clean
'

test_case 'touchpoints, pains and opportunities go to their stage' '
	journey &&
	bops journey stage add onboarding Discover >/dev/null 2>&1 &&
	expect_status 0 bops journey touchpoint add onboarding/discover \
	    Facebook ad channel=social team=Marketing &&
	expect_out onboarding/discover &&
	expect_status 0 bops journey pain add onboarding/discover \
	    "Không biết giá bao nhiêu" &&
	expect_status 0 bops journey opportunity add onboarding/discover \
	    Show prices on the ad &&
	cat >want <<-\EOF &&
	stages:
	- slug: discover
	  name: Discover
	  touchpoints:
	  - name: Facebook ad
	    channel: social
	    team: Marketing
	  pains:
	  - Không biết giá bao nhiêu
	  opportunities:
	  - Show prices on the ad
	EOF
	sed -n "/^stages:/,/^created:/p" journeys/onboarding.yaml |
	    sed "\$d" >got &&
	diff -u want got &&
	rm want got &&
	expect_status 5 bops journey touchpoint add onboarding/discover \
	    Facebook ad channel=web &&
	expect_status 2 bops journey touchpoint add onboarding/discover \
	    Landing page &&
	expect_status 2 bops journey touchpoint add onboarding/discover \
	    Landing page channel=web colour=red &&
	ws_clean
'

test_case 'metric set sets the one outcome metric, and changes it' '
	journey &&
	bops journey stage add onboarding Discover >/dev/null 2>&1 &&
	expect_status 0 bops journey metric set onboarding/discover CSAT \
	    target=4.5 current=4.1 unit=stars family=value &&
	grep -q "^    target: 4.5$" journeys/onboarding.yaml &&
	grep -q "^    direction: up$" journeys/onboarding.yaml &&
	expect_status 0 bops journey metric set onboarding/discover CSAT \
	    current=4.3 &&
	grep -q "^    current: 4.3$" journeys/onboarding.yaml &&
	grep -q "^    family: value$" journeys/onboarding.yaml &&
	expect_status 0 bops journey metric set onboarding/discover \
	    Response time target=24 current=48 unit=h direction=down &&
	grep -q "^    name: Response time$" journeys/onboarding.yaml &&
	ws_clean
'

test_case 'bad values on the command line exit 2 and change nothing' '
	journey &&
	bops journey stage add onboarding Discover >/dev/null 2>&1 &&
	n=$(commits) &&
	expect_status 2 bops journey stage add onboarding X emotion=3 &&
	expect_err_contains "must be between -2 and 2" &&
	expect_status 2 bops journey stage add onboarding X emotion=-3 &&
	expect_status 2 bops journey stage add onboarding X slug=Bad_Slug &&
	expect_status 2 bops journey metric set onboarding/discover CSAT \
	    target=4.5 family=happiness &&
	expect_err_contains "tactical, value, longevity, financial" &&
	expect_status 2 bops journey metric set onboarding/discover CSAT \
	    current=4 &&
	expect_err_contains "target=N" &&
	expect_status 2 bops journey metric set onboarding/discover CSAT \
	    target=lots &&
	expect_status 2 bops journey metric set onboarding/discover CSAT \
	    target=1 direction=sideways &&
	expect_status 2 bops journey pain add onboarding &&
	expect_status 2 bops journey pain add onboarding/ text &&
	expect_status 2 bops journey set onboarding status=finished &&
	test "$(commits)" = "$n" &&
	ws_clean
'

test_case 'an unknown journey or stage exits 3 and lists the stages' '
	journey &&
	bops journey stage add onboarding Discover >/dev/null 2>&1 &&
	bops journey stage add onboarding Renew >/dev/null 2>&1 &&
	expect_status 3 bops journey pain add onboarding/nope text &&
	expect_err_contains "journey '"'"'onboarding'"'"' has no stage '"'"'nope'"'"'; its stages: discover, renew" &&
	expect_status 3 bops journey pain add nosuch/discover text &&
	expect_status 3 bops task add T journey=onboarding/nope &&
	expect_err_contains "its stages: discover, renew" &&
	expect_status 3 bops task add T journey=nosuch/discover &&
	expect_status 2 bops task add T journey=onboarding/Not_A_Slug &&
	ws_clean
'

test_case 'an emotion or family out of range in a file exits 4' '
	journey &&
	bops journey stage add onboarding Discover emotion=1 >/dev/null 2>&1 &&
	sed -i "s/^  emotion: 1$/  emotion: 7/" journeys/onboarding.yaml &&
	git commit -qam "hand edit" &&
	expect_status 4 bops journey show onboarding &&
	expect_err_contains "journeys/onboarding.yaml:" &&
	expect_err_contains "between -2 and 2" &&
	expect_status 4 bops journey map onboarding &&
	git revert --no-edit HEAD >/dev/null &&
	bops journey metric set onboarding/discover CSAT target=4.5 \
	    family=value >/dev/null 2>&1 &&
	sed -i "s/^    family: value$/    family: joy/" journeys/onboarding.yaml &&
	git commit -qam "hand edit" &&
	expect_status 4 bops journey show onboarding &&
	expect_err_contains "journeys/onboarding.yaml:" &&
	sed -i "s/^- slug: discover$/- slug: Dis_cover/" journeys/onboarding.yaml &&
	git commit -qam "hand edit" &&
	expect_status 1 bops check &&
	expect_out_contains "journeys/onboarding.yaml:"
'

test_case 'a hand-edited link or slug that means nothing exits 4' '
	journey &&
	bops journey stage add onboarding Discover >/dev/null 2>&1 &&
	t=$(bops task add Call 2>/dev/null) &&
	bops journey link onboarding/discover task $t >/dev/null 2>&1 &&
	sed -i "s|^  - task/$t$|  - nonsense|" journeys/onboarding.yaml &&
	git commit -qam "hand edit" &&
	expect_status 4 bops journey show onboarding &&
	expect_err_contains "link '"'"'nonsense'"'"' must be KIND/ID" &&
	sed -i "s|^  - nonsense$|  - planet/earth|" journeys/onboarding.yaml &&
	git commit -qam "hand edit" &&
	expect_status 4 bops journey map onboarding &&
	expect_status 4 bops task set $t journey=onboarding/discover
'

test_done
