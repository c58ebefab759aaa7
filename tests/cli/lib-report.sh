# lib-report.sh: a team's quarter for the report tests, sourced after
# lib.sh.  team_ws makes it in ./ws and enters it: three objectives in a
# cascade with key results of every family but one and check-ins by
# three people, four one-week sprints (two closed, one running, one
# planned), tasks done in each, one overdue.  Everything is dated by
# BOPS_NOW, so the history is the same on every run; the running
# sprint is 2026-w48, and `now` is Thursday 2026-11-26.

# at INSTANT ARG...: bops ARG... at that instant, quietly.
at() {
	_t=$1
	shift
	BOPS_NOW=$_t "$BOPS" "$@" >/dev/null 2>&1 ||
	    { echo "# failed: bops $*" >&2; return 1; }
}

team_ws() {
	BOPS_NOW=2026-10-01T08:00:00Z "$BOPS" init ws >/dev/null 2>&1 &&
	cd ws &&
	at 2026-10-01T08:00:00Z okr add "Cứu thế giới" --id save-the-world \
	    owner=me period=2026-Q4 category=value &&
	at 2026-10-01T08:00:00Z okr kr add save-the-world \
	    "Serve 1000 meals at the hospital" target=1000 unit=meals \
	    category=value &&
	at 2026-10-01T08:00:00Z okr kr add save-the-world \
	    "Raise 200 million VND" target=200 unit=M category=financial &&
	at 2026-10-01T08:00:00Z okr add \
	    "ตอบกลับ 95% ของข้อเสนอแนะของลูกค้าภายใน 24 ชั่วโมง" --id service-cx \
	    owner=Somchai parent=save-the-world team=service &&
	at 2026-10-01T08:00:00Z okr kr add service-cx \
	    "Average rating 4.5 stars" start=3.9 target=4.5 unit=stars \
	    category=value &&
	at 2026-10-01T08:00:00Z okr kr add service-cx \
	    "Cut average response time by 50%" start=48 target=24 unit=h \
	    direction=down category=tactical &&
	at 2026-10-01T08:00:00Z okr add "提高客户满意度评分" --id csat \
	    owner=Minh parent=save-the-world team=sales &&
	at 2026-10-01T08:00:00Z okr kr add csat "Renewal rate 90%" start=70 \
	    target=90 unit=% category=value &&
	BOPS_AUTHOR="Minh Tran <minh@example.com>" at 2026-11-02T09:00:00Z \
	    okr checkin save-the-world/1 400 confidence=0.6 &&
	BOPS_AUTHOR="Somchai P <somchai@example.com>" \
	    at 2026-11-16T09:00:00Z okr checkin save-the-world/1 800 &&
	BOPS_AUTHOR="Minh Tran <minh@example.com>" at 2026-11-24T09:00:00Z \
	    okr checkin save-the-world/1 1000 confidence=1 --note "done!" &&
	at 2026-11-20T09:00:00Z okr checkin save-the-world/2 90 &&
	BOPS_AUTHOR="Somchai P <somchai@example.com>" \
	    at 2026-11-24T10:00:00Z okr checkin service-cx/1 4.2 &&
	BOPS_AUTHOR="Somchai P <somchai@example.com>" \
	    at 2026-11-24T10:00:00Z okr checkin service-cx/2 30 &&
	at 2026-11-09T08:00:00Z sprint new start=2026-11-09 \
	    goal="Find the shortest path to sign-up" &&
	at 2026-11-16T08:00:00Z sprint new start=2026-11-16 \
	    goal="Onboarding email" &&
	at 2026-11-23T08:00:00Z sprint new start=2026-11-23 \
	    goal="提高客户满意度评分" &&
	at 2026-11-30T08:00:00Z sprint new start=2026-11-30 \
	    goal="Lookalike list for the ads" &&
	_i=0 &&
	for _t in "Gửi báo giá cho khách" "Đặt phòng họp" "ตอบกลับลูกค้า" \
	    "Landing page A/B" "Chat widget copy" "Skapa en kundcentrerad ePMO"
	do
		_i=$((_i + 1))
		at 2026-11-09T09:0$_i:00Z task add "$_t" estimate=$_i \
		    assignee=Minh sprint=2026-w46 --id "w46-$_i" || return 1
	done &&
	at 2026-11-09T10:00:00Z sprint start 2026-w46 &&
	at 2026-11-10T10:00:00Z task done w46-1 &&
	at 2026-11-11T10:00:00Z task done w46-2 &&
	at 2026-11-12T10:00:00Z task done w46-3 &&
	at 2026-11-13T10:00:00Z task done w46-4 &&
	at 2026-11-15T20:00:00Z sprint close 2026-w46 --carry-to 2026-w47 &&
	at 2026-11-16T10:00:00Z sprint start 2026-w47 &&
	at 2026-11-18T10:00:00Z task done w46-5 &&
	at 2026-11-22T20:00:00Z sprint close 2026-w47 --carry-to 2026-w48 &&
	at 2026-11-23T09:00:00Z task add "Write the SLA page" estimate=3 \
	    assignee=Lan sprint=2026-w48 due=2026-11-25 --id sla &&
	at 2026-11-23T09:00:00Z task add "Call the hospital" estimate=3 \
	    assignee=Lan sprint=2026-w48 due=2026-11-25 --id call &&
	at 2026-11-23T09:00:00Z task add "Prepare the review" estimate=3 \
	    assignee=Lan sprint=2026-w48 due=2026-11-25 --id review &&
	at 2026-11-23T10:00:00Z sprint start 2026-w48 &&
	at 2026-11-24T15:00:00Z task done sla &&
	at 2026-11-24T15:00:00Z task done call &&
	at 2026-11-25T09:00:00Z task add "Overdue thing" assignee=Somchai \
	    due=2026-11-20 status=processing --id overdue
}

# journey_ws: team_ws with two journeys.  Onboarding, owned by Lan, was
# approved on 2026-10-01 with four stages measured in three families
# (only longevity is not),
# reviewed on Tuesday of this week, then given a fifth stage with no
# metric (so it changed since approval); a task of Minh's is open at its
# sign-up stage.  Support, Somchai's, is reviewed every 30 days and has
# been late since 2026-10-31.
journey_ws() {
	team_ws &&
	at 2026-10-01T08:00:00Z journey add Onboarding --id onboarding \
	    persona="SMB owner" owner=Lan sponsor=Minh &&
	at 2026-10-01T08:00:00Z journey stage add onboarding Discover \
	    emotion=1 &&
	at 2026-10-01T08:00:00Z journey stage add onboarding "Đăng ký" \
	    emotion=-1 &&
	at 2026-10-01T08:00:00Z journey stage add onboarding "First value" &&
	at 2026-10-01T08:00:00Z journey stage add onboarding "ต่ออายุ" &&
	at 2026-10-01T08:00:00Z journey metric set onboarding/discover CSAT \
	    target=4.5 current=4.5 unit=stars family=value &&
	at 2026-10-01T08:00:00Z journey metric set onboarding/dang-ky \
	    Completion target=80 current=40 unit=% family=tactical &&
	at 2026-10-01T08:00:00Z journey metric set onboarding/first-value \
	    Rating target=4.5 current=4.1 unit=stars family=value &&
	at 2026-10-01T08:00:00Z journey metric set onboarding/stage-4 \
	    "Renewal rate" target=90 current=84 unit=% family=financial &&
	at 2026-10-01T09:00:00Z journey approve onboarding &&
	at 2026-11-24T11:00:00Z journey review onboarding \
	    --note "Sign-up pains cut by half" &&
	at 2026-11-25T10:00:00Z journey stage add onboarding "续约" &&
	at 2026-11-25T10:00:00Z task add "Fix the sign-up form" assignee=Minh \
	    journey=onboarding/dang-ky --id form &&
	at 2026-10-01T08:00:00Z journey add "Hỗ trợ khách hàng" --id support \
	    owner=Somchai review_every=30d &&
	at 2026-10-01T08:00:00Z journey stage add support "ตอบกลับ" &&
	at 2026-10-01T08:00:00Z journey metric set support/stage-1 \
	    "Response time" target=24 current=36 unit=h direction=down \
	    family=tactical
}

# projects_ws: after team_ws, a running BPO project in VND with a tools
# line in USD, milestones reached, overdue and coming, a linked task, two
# risks (one open with no contingency plan, one that occurred), costs in
# both currencies, two quality metrics and a weekly status report; and a
# project done, which no report shows as running.
projects_ws() {
	at 2026-10-01T08:00:00Z project add "Thuê ngoài dịch vụ khách hàng" \
	    --id out-cs status=active owner=Lan goal="CSAT 4.5" metric=CSAT \
	    target=4.5 start=2026-10-01 due=2026-12-31 budget=1200000000 \
	    currency=VND report_every=7d &&
	at 2026-10-01T08:00:00Z project budget-line out-cs tools 1000 \
	    currency=USD &&
	at 2026-10-01T08:00:00Z project milestone add out-cs "Vendor chosen" \
	    due=2026-10-15 &&
	at 2026-10-01T08:00:00Z project milestone add out-cs "Agents trained" \
	    due=2026-11-20 &&
	at 2026-10-01T08:00:00Z project milestone add out-cs "Go live" \
	    due=2026-11-27 &&
	at 2026-10-14T08:00:00Z project milestone done out-cs/1 &&
	at 2026-10-01T08:00:00Z task add "Tuyển 20 nhân viên" --id hire \
	    project=out-cs assignee=Lan &&
	at 2026-11-24T08:00:00Z task done hire &&
	at 2026-10-01T08:00:00Z project risk add out-cs \
	    "Agents leave after training" probability=4 impact=4 owner=Minh \
	    trigger_date=2026-11-25 &&
	at 2026-10-01T08:00:00Z project risk add out-cs "Vendor late" \
	    probability=2 impact=3 &&
	at 2026-11-02T08:00:00Z project risk set out-cs/2 status=occurred &&
	at 2026-11-02T08:00:00Z project cost add out-cs 200000000 \
	    category=staff &&
	BOPS_AUTHOR="Minh Tran <minh@example.com>" at 2026-11-24T08:00:00Z \
	    project cost add out-cs 100000000 category=staff &&
	at 2026-11-24T08:30:00Z project cost add out-cs 250.50 category=tools \
	    currency=USD &&
	at 2026-10-01T08:00:00Z project metric set out-cs CSAT target=4.5 \
	    current=4.1 family=value factor=quality &&
	at 2026-10-01T08:00:00Z project metric set out-cs Attrition target=10 \
	    current=8 direction=down family=longevity factor=performance &&
	at 2026-11-16T09:00:00Z project status out-cs --note "On track" &&
	at 2026-10-01T08:00:00Z project add "Shipped" --id shipped \
	    status=done owner=Lan goal="Ship it" due=2026-11-01
}

# sales_ws: after team_ws, customers through the lifecycle in 2026-Q4
# (a lead that became an sql and then a customer, one that went
# straight to customer, one still a lead, one who entered before the
# quarter) and deals in four currencies: open ones expected to close in
# November, December and next January, one won, one lost.
sales_ws() {
	at 2026-09-20T08:00:00Z customer add "Old Lead AB" --id old &&
	at 2026-10-02T08:00:00Z customer add "Lê Văn Minh" --id minh \
	    company="Cơm Tấm Sài Gòn" &&
	at 2026-10-05T08:00:00Z customer stage minh sql &&
	at 2026-10-20T08:00:00Z customer stage minh customer &&
	at 2026-10-03T08:00:00Z customer add "สมชาย ใจดี" --id somchai &&
	at 2026-11-03T08:00:00Z customer stage somchai customer &&
	at 2026-11-05T08:00:00Z customer add "王伟" --id wei &&
	at 2026-10-06T08:00:00Z deal add "Suất cơm văn phòng" --id office \
	    customer=minh amount=350000000 currency=VND \
	    expected_close=2026-11-30 &&
	at 2026-11-20T08:00:00Z deal move office won &&
	at 2026-10-06T08:00:00Z deal add "ข้าวกล่องโรงเรียน" --id school \
	    customer=somchai amount=450000 currency=THB \
	    expected_close=2026-12-15 &&
	at 2026-10-10T08:00:00Z deal move school negotiation &&
	at 2026-10-06T08:00:00Z deal add "送餐到医院" --id hospital \
	    customer=wei amount=5000 currency=USD expected_close=2026-12-20 &&
	at 2026-10-06T08:00:00Z deal add "Bữa trưa" --id lunch \
	    customer=minh amount=120000000 currency=VND \
	    expected_close=2026-12-05 &&
	at 2026-10-12T08:00:00Z deal move lunch proposal &&
	at 2026-10-06T08:00:00Z deal add "Nordic lunch boxes" --id nordic \
	    customer=wei amount=12000.5 currency=EUR \
	    expected_close=2027-01-20 &&
	at 2026-10-06T08:00:00Z deal add "Đồ uống" --id drinks \
	    customer=somchai amount=20000000 currency=VND \
	    expected_close=2026-11-15 &&
	at 2026-11-10T08:00:00Z deal move drinks lost reason="price"
}

# desk_ws: after team_ws, the service desk's week: a customer with an
# urgent ticket answered in time and resolved, a high one answered late,
# a normal one still open (business hours 09:00-17:00 UTC by default).
desk_ws() {
	at 2026-11-02T08:00:00Z customer add "Chi Pham" --id chi \
	    stage=customer &&
	at 2026-11-24T09:00:00Z ticket open "Giao hàng trễ" --id late \
	    customer=chi priority=urgent &&
	at 2026-11-24T09:30:00Z ticket reply late "Đang kiểm tra" &&
	at 2026-11-24T11:00:00Z ticket resolve late &&
	at 2026-11-24T10:00:00Z ticket open "แอปสั่งอาหารล่ม" --id app \
	    customer=chi priority=high &&
	at 2026-11-25T16:00:00Z ticket reply app "Fixed" &&
	at 2026-11-25T10:00:00Z ticket open "Hoá đơn sai" --id bill \
	    customer=chi priority=normal
}
