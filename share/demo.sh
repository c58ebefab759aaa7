#!/bin/sh
# demo.sh [DIR]: make a fresh example workspace and take a short tour of it.
#
# The workspace goes in DIR (which must not exist, be empty, or be a
# workspace an earlier run of this script made) or in a new temporary
# directory.  It uses the bops built in this source tree, fixes the clock
# with BOPS_NOW so that dates come out the same on every run, and signs
# commits as Lan, the marketer of the README's tour, when there is no git
# identity.  The team's tasks come from share/bops/examples/tasks.tsv;
# its customers and tickets are made here.  `make demo` runs this script.

set -u
root=$(cd "$(dirname "$0")/.." && pwd) || exit 2
BOPS="$root/bops"
data="$root/share/bops/examples/tasks.tsv"
marker=bops-demo	# in .git/: this directory is a demo workspace

die() {
	printf 'demo: %s\n' "$*" >&2
	exit 2
}

[ -x "$BOPS" ] || die "no $BOPS; run make first"
[ -r "$data" ] || die "cannot read $data"

# The workspace directory.
dir=${1:-}
if [ -z "$dir" ]; then
	dir=$(mktemp -d "${TMPDIR:-/tmp}/bops-demo.XXXXXX") ||
	    die "cannot make a temporary directory"
elif [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
	[ -f "$dir/.git/$marker" ] ||
	    die "$dir is not empty; give a new directory, or none"
	rm -rf "$dir" || die "cannot remove the old demo in $dir"
fi
mkdir -p "$dir" || die "cannot make $dir"
dir=$(cd "$dir" && pwd) || exit 2

# The clock, the identity and the terminal.
export BOPS_NOW=2026-11-23T09:00:00Z	# a Monday
unset BOPS_DIR
if [ -z "${BOPS_AUTHOR:-}" ]; then
	name=$(cd / && git config --get user.name 2>/dev/null) || name=
	email=$(cd / && git config --get user.email 2>/dev/null) || email=
	if [ -z "$name" ] || [ -z "$email" ]; then
		export BOPS_AUTHOR="Lan Nguyen <lan@example.com>"
	fi
fi
case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
*[Uu][Tt][Ff]-8* | *[Uu][Tt][Ff]8*) ;;
*) export LC_ALL=C.UTF-8 ;;
esac

# say TEXT: a line of commentary.
say() {
	printf '\n# %s\n' "$*"
}

# show ARG...: print a command as a user would type it.
show() {
	line='$ bops'
	for a in "$@"; do
		case $a in
		'' | *[!A-Za-z0-9_./=,:+@%^-]*)
			a="'$(printf '%s' "$a" | sed "s/'/'\\\\''/g")'" ;;
		esac
		line="$line $a"
	done
	printf '%s\n' "$line"
}

# run ARG...: print a bops command, then run it in the workspace; its
# standard output and error in the order bops writes them, as on a
# terminal, also when the demo goes to a pipe.
run() {
	show "$@"
	"$BOPS" -C "$dir" "$@" 2>&1
}

# quiet ARG...: run a bops command in the workspace without a word.
quiet() {
	"$BOPS" -C "$dir" -q "$@" >/dev/null || die "failed: bops $*"
}

printf 'bops demo: the Kanban board of a Business Operations team\n'
printf '(a sales person, a marketer, a designer and an advertiser)\n'

say "a new workspace is a git repository with bops.yaml committed"
show init "$dir"
"$BOPS" init "$dir" || exit 1
: > "$dir/.git/$marker"
errf="$dir/.git/bops-demo.err"
trap 'rm -f "$errf"' EXIT
say "bops.yaml holds the board's columns and WIP limits"
run config board.wip.processing || exit 1

# Add the team's tasks, keeping their ids in order.
tab=$(printf '\t')
ids=
n=0
first=1
while IFS=$tab read -r title assignee priority due tags estimate; do
	case $title in '#'* | '') continue ;; esac
	set -- task add "$title"
	[ "$assignee" = - ] || set -- "$@" "assignee=$assignee"
	[ "$priority" = - ] || set -- "$@" "priority=$priority"
	[ "$due" = - ] || set -- "$@" "due=$due"
	[ "$tags" = - ] || set -- "$@" "tags=$tags"
	[ "$estimate" = - ] || set -- "$@" "estimate=$estimate"
	if [ "$first" = 1 ]; then
		say "add a task: its id comes out on stdout, a summary on stderr"
		show "$@"
		id=$("$BOPS" -C "$dir" "$@" 2>"$errf") || { cat "$errf" >&2; exit 1; }
		printf '%s\n' "$id"
		cat "$errf" >&2
		first=0
	else
		id=$("$BOPS" -C "$dir" -q "$@") || die "failed: bops $*"
	fi
	ids="$ids $id"
	n=$((n + 1))
done < "$data"
say "... and $((n - 1)) more from share/bops/examples/tasks.tsv"

# shellcheck disable=SC2086
set -- $ids
[ $# -ge 10 ] || die "expected 10 tasks in $data, found $#"
lan_msgs=$1 wei_landing=$2 somchai_csat=$3 astrid_ads=$4
wei_photo=$6 lan_zalo=$7

# Last week's work, done quietly: the photo shoot and the Zalo schedule.
BOPS_NOW=2026-11-20T10:00:00Z quiet task start "$wei_photo"
BOPS_NOW=2026-11-20T15:30:00Z quiet task done "$wei_photo"
BOPS_NOW=2026-11-20T16:00:00Z quiet task done "$lan_zalo"

say "Monday morning: three people start work"
export BOPS_NOW=2026-11-23T09:15:00Z
run task move "$lan_msgs" processing || exit 1
run task start "$somchai_csat" || exit 1
export BOPS_NOW=2026-11-23T09:40:00Z
run task start "$wei_landing" || exit 1

say "the board: each column with its count and WIP limit"
run task board || exit 1

say "Lan's tasks, most urgent first (--sort takes f,-g; - is descending)"
run task list assignee=Lan --sort -priority,due || exit 1

say "the same records for scripts"
printf '%s\n' '$ bops task list --json | head -n 4'
"$BOPS" -C "$dir" task list --json | head -n 4

say "a record's history, field by field, from git"
export BOPS_NOW=2026-11-23T11:00:00Z
quiet task set "$wei_landing" estimate=8 tags+=hospital-meals
run task log "$wei_landing" || exit 1

say "every change is a commit; bops log lists the latest"
run log -n 5 || exit 1

say "a fourth task in processing is refused: the WIP limit is 3"
run task move "$astrid_ads" processing
status=$?
printf '(exit status %d; --force overrides)\n' "$status"
[ "$status" -eq 5 ] || die "expected exit status 5, got $status"

say "the manager's OKRs: an objective, a cascade, weekly check-ins"
export BOPS_NOW=2026-11-23T12:00:00Z
quiet okr add "Save the world" --id save-the-world owner=Lan
quiet okr kr add save-the-world Serve 1000 meals at the hospital \
    target=1000 unit=meals
quiet okr add "Phản hồi khách hàng nhanh hơn" --id service \
    parent=save-the-world team=service owner=Somchai
quiet okr kr add service Cut average response time target=24 start=48 \
    unit=h direction=down
quiet okr kr add service Average rating in the survey target=4.5 \
    start=3.9 unit=stars
BOPS_NOW=2026-11-16T09:00:00Z quiet okr checkin save-the-world/1 320 \
    confidence=0.6
run okr checkin save-the-world/1 610 confidence=0.8 \
    --note "kitchen partner signed" || exit 1
quiet okr checkin service/1 36
quiet okr checkin service/2 4.1 confidence=0.7
run okr tree || exit 1
run okr score --json || exit 1

say "the leader's sprint: plan, start, burndown rebuilt from git"
export BOPS_NOW=2026-11-23T08:00:00Z
quiet sprint new start=2026-11-23 goal="find the shortest path to sign-up" \
    capacity=20
quiet sprint plan 2026-w48 "$lan_msgs" "$wei_landing" "$somchai_csat" \
    "$astrid_ads"
quiet sprint start 2026-w48
BOPS_NOW=2026-11-25T16:00:00Z quiet task done "$lan_msgs"
BOPS_NOW=2026-11-26T16:00:00Z quiet task done "$somchai_csat"
export BOPS_NOW=2026-11-26T18:00:00Z
run sprint burndown 2026-w48 || exit 1
say "three messages x three destinations: which told it best?"
quiet sprint experiment add 2026-w48 signup messages=price,story,proof \
    destinations=landing,chat,shop
for r in price/landing:1200:96 price/chat:800:41 price/shop:900:38 \
    story/landing:1100:61 story/chat:700:33 story/shop:950:40 \
    proof/landing:1000:57 proof/chat:750:33 proof/shop:880:35; do
	v=${r%%:*} rest=${r#*:}
	quiet sprint experiment result 2026-w48 signup "$v" \
	    "reach=${rest%%:*}" "conversions=${rest#*:}"
done
run sprint experiment show 2026-w48 signup || exit 1

say "the service desk: customers, and tickets by priority with SLA clocks"
export BOPS_NOW=2026-11-26T08:00:00Z
quiet customer add Chi Pham --id chi company="Bếp Xanh" stage=customer \
    owner=Somchai email=chi@bepxanh.vn
quiet customer add Somchai Wongsakul --id krua company=ครัวไทย \
    stage=customer owner=Somchai
quiet customer add Astrid Lund --id nordkok company="Nordkök AB" stage=lead
quiet customer note nordkok "Wants a demo in January; not paying yet"
late=$(BOPS_NOW=2026-11-26T08:40:00Z "$BOPS" -C "$dir" -q ticket open \
    Giao hàng trễ 2 ngày customer=chi priority=urgent queue=support \
    channel=zalo -m "Đơn hàng 1142 chưa tới") || die "failed: ticket open"
app=$(BOPS_NOW=2026-11-26T09:10:00Z "$BOPS" -C "$dir" -q ticket open \
    แอปสั่งอาหารล่ม customer=krua priority=high queue=support \
    channel=facebook) || die "failed: ticket open"
BOPS_NOW=2026-11-26T10:30:00Z quiet ticket reply "$late" \
    "Xin lỗi chị, đơn đang trên đường giao"
BOPS_NOW=2026-11-26T11:00:00Z quiet ticket pending "$late"
BOPS_NOW=2026-11-26T12:00:00Z quiet ticket reply "$app" \
    "We restarted the server; please try again"
BOPS_NOW=2026-11-26T13:00:00Z quiet ticket open Hoá đơn tháng 11 sai \
    customer=chi priority=normal queue=billing channel=email
BOPS_NOW=2026-11-26T13:15:00Z quiet ticket open เข้าสู่ระบบไม่ได้ \
    customer=krua priority=high queue=support channel=chat
BOPS_NOW=2026-11-26T14:00:00Z quiet ticket reply "$late" \
    "Vẫn chưa nhận được hàng" --customer
BOPS_NOW=2026-11-26T15:00:00Z quiet ticket resolve "$app"
export BOPS_NOW=2026-11-26T17:00:00Z
run ticket queue || exit 1
say "why the urgent ticket is breached: each stretch of its clocks"
run ticket sla "$late" --explain || exit 1
say "the month's attainment per priority, for the OKR on response times"
run ticket sla --report 2026-11 || exit 1
say "a follow-up rule: bops tick, from cron, opens its ticket every 30 days"
run ticket follow-up chi every=30d subject="Gọi hỏi thăm Bếp Xanh" || exit 1
show tick
BOPS_NOW=2026-12-26T08:00:00Z "$BOPS" -C "$dir" tick 2>&1 || exit 1
say "ticking again opens nothing: the id comes from the rule and the day"
show tick
BOPS_NOW=2026-12-26T08:01:00Z "$BOPS" -C "$dir" tick 2>&1 || exit 1
export BOPS_NOW=2026-11-26T18:00:00Z
say "service's Onboarding journey: stages, a metric each, approved"
export BOPS_NOW=2026-11-27T09:00:00Z
quiet config cx.vision "Personalised, effortless experiences that exceed \
expectations at every step."
quiet journey add Onboarding persona="SMB owner" owner=Somchai \
    sponsor="Minh Tran" working_group=Lan,Somchai,Wei ambassadors=Astrid \
    outcome="Timely, empathetic help that solves problems fast and \
makes customers feel valued." \
    principles="we make it easy,we act before the customer asks" \
    cadence="weekly working group, quarterly review" --id onboarding
for s in "Discover:1:Marketing:Facebook ad:social:CSAT:4.5:4.1:stars:value" \
    "Sign up:-1:Web:Landing page:web:Completion:80:55:%:tactical" \
    "First value:0:Service:Onboarding email:email:Rating:4.5:4.1:stars:value" \
    "Adopt:1:Service:Support chat:chat:Active weeks:8:5:weeks:longevity" \
    "Renew:2:Sales:Sales call:phone:Renewal rate:90:84:%:financial"; do
	IFS=: read -r name emotion team tp channel metric target current unit \
	    family <<-EOF
	$s
	EOF
	stage=$("$BOPS" -C "$dir" -q journey stage add onboarding "$name" \
	    emotion="$emotion" team="$team") || die "failed: stage $name"
	quiet journey touchpoint add "$stage" "$tp" channel="$channel"
	quiet journey metric set "$stage" "$metric" target="$target" \
	    current="$current" unit="$unit" family="$family"
done
quiet journey pain add onboarding/sign-up Too many form fields
quiet journey pain add onboarding/adopt "Chờ phản hồi quá lâu"
quiet journey opportunity add onboarding/adopt Answer in the chat within the hour
quiet okr set service journey=onboarding/adopt
quiet journey link onboarding/first-value okr service/2
quiet journey link onboarding/adopt okr service/1
quiet task set "$somchai_csat" journey=onboarding/first-value
quiet ticket set "$late" journey=onboarding/first-value
quiet journey link onboarding/adopt ticket "$app"
run journey approve onboarding || exit 1
run journey map onboarding || exit 1
run journey map onboarding --format mermaid || exit 1
printf '%s\n' '$ bops journey map onboarding --format html > onboarding.html'
"$BOPS" -C "$dir" journey map onboarding --format html \
    >"$dir/onboarding.html" || die "failed: journey map --format html"
say "open $dir/onboarding.html in a browser"

say "sales: a lifecycle kept in each customer, deals through the pipeline"
BOPS_NOW=2026-11-27T03:00:00Z quiet customer add Nguyễn Thị Hoa --id hoa \
    company="Bệnh viện Chợ Rẫy" email=hoa@choray.vn "phone=0912 345 678" \
    tags=hospital
BOPS_NOW=2026-11-27T03:00:00Z quiet customer add 王伟 --id wangwei \
    company=提高餐饮 email=wei@example.cn "phone=+86 138 0013 8000"
BOPS_NOW=2026-11-30T03:00:00Z quiet customer stage hoa sql
BOPS_NOW=2026-11-30T03:00:00Z quiet customer lead wangwei connected
BOPS_NOW=2026-11-30T03:00:00Z quiet customer stage nordkok mql
BOPS_NOW=2026-11-30T03:00:00Z quiet deal add Suất cơm bệnh viện --id hospital \
    customer=hoa amount=350000000 currency=VND expected_close=2026-12-15
BOPS_NOW=2026-11-30T03:00:00Z quiet deal add ข้าวกล่องสำหรับครัว --id krua-box \
    customer=krua amount=450000 currency=THB expected_close=2026-12-20
BOPS_NOW=2026-11-30T03:00:00Z quiet deal add 员工午餐 --id staff-lunch \
    customer=wangwei amount=88000 currency=CNY expected_close=2027-01-15
BOPS_NOW=2026-11-30T03:00:00Z quiet deal add Luncher för kontoret --id kontor \
    customer=nordkok amount=12000.5 currency=SEK expected_close=2026-12-31
BOPS_NOW=2026-12-01T03:00:00Z quiet deal move krua-box negotiation
BOPS_NOW=2026-12-01T03:00:00Z quiet deal move kontor proposal
BOPS_NOW=2026-12-02T03:00:00Z quiet deal move staff-lunch lost \
    "reason=chose another caterer"
BOPS_NOW=2026-12-10T03:00:00Z quiet deal move hospital won
BOPS_NOW=2026-12-10T03:00:00Z quiet customer stage hoa customer
export BOPS_NOW=2026-12-10T09:00:00Z
say "the pipeline as a board: a column per stage, its totals per currency"
run deal board || exit 1
say "the forecast: the weighted pipeline by month, won, lost, win rate"
run deal forecast 2026-Q4 || exit 1
say "the funnel: who entered each stage this quarter, and moved on"
run customer funnel 2026-Q4 || exit 1
say "a segment, and the list Meta takes for it: normalised, then SHA-256"
run segment add hospitals tags=hospital || exit 1
run config customer.phone_region VN || exit 1
run customer export --format meta --segment hospitals || exit 1

say "a BPO project: customer service outsourced, with its goal, plan and risks"
BOPS_NOW=2026-12-10T09:00:00Z quiet project add \
    Thuê ngoài chăm sóc khách hàng cho bệnh viện --id bpo-cskh customer=hoa \
    owner=Lan sponsor="Nguyễn Thị Hoa" status=active \
    goal="CSAT 4.5 and 95% of tickets within SLA by the end of March" \
    metric=CSAT target=4.5 start=2026-12-01 due=2027-03-31 \
    budget=1500000000 currency=VND report_every=7d
BOPS_NOW=2026-12-10T09:00:00Z quiet project milestone add bpo-cskh \
    Chọn đối tác BPO due=2026-12-15
BOPS_NOW=2026-12-10T09:00:00Z quiet project milestone add bpo-cskh \
    Đào tạo nhân viên due=2027-01-15
BOPS_NOW=2026-12-10T09:00:00Z quiet project milestone add bpo-cskh \
    Vận hành chính thức due=2027-02-01
BOPS_NOW=2026-12-10T09:00:00Z quiet project milestone add bpo-cskh \
    Đánh giá quý due=2027-03-25
BOPS_NOW=2026-12-10T09:00:00Z quiet project budget-line bpo-cskh \
    "nhân sự" 900000000
BOPS_NOW=2026-12-10T09:00:00Z quiet project budget-line bpo-cskh \
    "công cụ" 300000000
BOPS_NOW=2026-12-10T09:00:00Z quiet project budget-line bpo-cskh \
    "đào tạo" 200000000
BOPS_NOW=2026-12-10T09:00:00Z quiet project risk add bpo-cskh \
    Nhân viên nghỉ việc sau đào tạo probability=4 impact=4 owner=Lan \
    category=people "mitigation=Thưởng giữ chân sau ba tháng" \
    "contingency=Tuyển từ danh sách dự bị"
BOPS_NOW=2026-12-10T09:00:00Z quiet project risk add bpo-cskh \
    Lượng ticket tăng gấp đôi dịp Tết probability=3 impact=5 \
    trigger="more than 200 tickets a day" trigger_date=2027-01-20
BOPS_NOW=2026-12-10T09:00:00Z quiet project risk add bpo-cskh \
    "CRM của đối tác ngừng hoạt động" probability=2 impact=3 category=vendor \
    "contingency=Nhận ticket qua email và Zalo"
BOPS_NOW=2026-12-10T09:00:00Z quiet project metric set bpo-cskh CSAT \
    target=4.5 current=4.1 unit=stars family=value factor=quality
BOPS_NOW=2026-12-10T09:00:00Z quiet project metric set bpo-cskh \
    "Phản hồi đầu tiên" target=4 current=5 unit=h direction=down \
    family=tactical factor=performance
BOPS_NOW=2026-12-10T09:00:00Z quiet project resource bpo-cskh Lan 60 \
    "role=Quản lý dự án"
BOPS_NOW=2026-12-10T09:00:00Z quiet project resource bpo-cskh Minh 100 \
    "role=Trưởng ca"
BOPS_NOW=2026-12-14T09:00:00Z quiet project milestone done bpo-cskh/1
BOPS_NOW=2026-12-20T09:00:00Z quiet project cost add bpo-cskh 250000000 \
    "category=nhân sự" --note "Tháng 12, đội 10 người"
BOPS_NOW=2026-12-20T09:00:00Z quiet project cost add bpo-cskh 180000000 \
    "category=công cụ" --note "Giấy phép CRM một năm"
BOPS_NOW=2026-12-20T09:00:00Z quiet task add Kịch bản trả lời Tết \
    project=bpo-cskh assignee=Lan
export BOPS_NOW=2026-12-21T09:00:00Z
say "budget against actual, earned value, and the forecast at completion"
run project budget bpo-cskh || exit 1
say "health: each part green, amber or red, and why"
run project health bpo-cskh || exit 1
say "the risks by probability and impact"
run project risks bpo-cskh --matrix || exit 1
run project csat bpo-cskh 4.1 || exit 1
run project status bpo-cskh --note "Đối tác đã chọn; đào tạo bắt đầu" || exit 1
say "the retrospective: what went well, and an action that becomes a task"
run project retro bpo-cskh went-well "Chọn đối tác sớm ba ngày" || exit 1
run project retro bpo-cskh action "Chuẩn bị ca trực Tết từ tháng 1" || exit 1

say "the cron check-in: what needs each owner, most urgent first"
run due || exit 1

say "the week's report, and the HTML report with its charts"
run report weekly || exit 1
say "the projects report: health, budget against actual and its burn, earned value, the risk matrix"
run report projects || exit 1
run report all --format html -o "$dir/report.html" || exit 1

say "the workspace is $dir"
printf "# try: %s -C %s task list 'due<=eow' status!=done\n" "$BOPS" "$dir"
printf "#  or: cd %s && git log --stat\n" "$dir"
printf "# the HTML report: %s\n" "$dir/report.html"
