#!/bin/sh
# Everyday ergonomics across the kinds: every kind's finished records out
# of list by default (closed tickets and sprints, retired journeys, done
# projects), dates people type on the command line, and make install
# putting the completions where each shell looks.
. "$(dirname "$0")/lib.sh"

# ids KIND [ARGS]: the ids list prints, on one line
ids() { "$BOPS" "$@" --fields id --csv | tail -n +2 | tr '\n' ' '; }

test_case 'closed tickets are out of list, --all and status=closed show them' '
	new_ws &&
	bops -q customer add Chi Pham --id chi-pham >/dev/null &&
	bops -q ticket open "Ứng dụng lỗi" customer=chi-pham priority=high \
	    --id app >/dev/null &&
	bops -q ticket open "ไลน์ไม่ตอบ" customer=chi-pham priority=high \
	    --id line >/dev/null &&
	bops -q ticket reply line "ok" >/dev/null &&
	bops -q ticket close line >/dev/null &&
	test "$(ids ticket list)" = "app " &&
	test "$(ids ticket list --all)" = "app line " &&
	test "$(ids ticket list status=closed)" = "line " &&
	expect_status 0 bops ticket count && expect_out 1
'
test_case 'retired journeys and done projects are out of list too' '
	new_ws &&
	bops -q journey add "Onboarding" --id onboarding >/dev/null &&
	bops -q journey add "Cũ" --id old >/dev/null &&
	bops -q journey retire old >/dev/null &&
	test "$(ids journey list)" = "onboarding " &&
	test "$(ids journey list --all)" = "old onboarding " &&
	bops -q project add "Bếp trung tâm" goal="Serve 1000 meals" \
	    due=2026-12-31 --id kitchen >/dev/null &&
	bops -q project add "ครัวเก่า" goal="Serve 100 meals" due=2026-11-30 \
	    status=done --id old-kitchen >/dev/null &&
	test "$(ids project list)" = "kitchen " &&
	test "$(ids project list -a)" = "kitchen old-kitchen "
'
test_case 'closed sprints are out of list; status=closed lists them' '
	new_ws &&
	bops -q sprint new >/dev/null &&
	bops -q sprint new start=2026-11-30 >/dev/null &&
	bops -q sprint close 2026-w48 >/dev/null &&
	test "$(ids sprint list)" = "2026-w49 " &&
	test "$(ids sprint list status=closed)" = "2026-w48 " &&
	test "$(ids sprint list --all)" = "2026-w48 2026-w49 "
'
test_case 'dates people type: next monday, in 3 days, 3d, dec 24' '
	new_ws &&
	bops -q task add One due="next monday" --id one >/dev/null &&
	bops -q task add Two due="in 3 days" --id two >/dev/null &&
	bops -q task add Three due=3d --id three >/dev/null &&
	bops -q task add Four due="dec 24" --id four >/dev/null &&
	expect_status 0 bops task list --fields id,due --csv &&
	expect_out "id,due
three,2026-11-26
two,2026-11-26
one,2026-11-30
four,2026-12-24" &&
	expect_status 0 bops task list "due<dec 1" --fields id --csv &&
	expect_out "id
three
two
one"
'
test_case '12/24 is refused with a hint of the forms, and nothing written' '
	new_ws && n=$(commits) &&
	expect_status 2 bops task add Five due=12/24 &&
	expect_err_contains "ambiguous date: write YYYY-MM-DD (2026-12-24) or the month'"'"'s name (dec 24, 24 dec); bops(7) lists every form" &&
	expect_status 2 bops task list "due<12/24" &&
	expect_status 2 bops log --since 24/12 &&
	test "$(commits)" = "$n"
'
test_case 'make install puts the completions where bash, zsh and fish look' '
	need make || exit 1
	make -n -s -C "$SRC" install DESTDIR=/stage PREFIX=/usr >plan 2>&1 &&
	grep -q "share/completions/bops.bash /stage/usr/share/bash-completion/completions/bops$" plan &&
	grep -q "share/completions/_bops /stage/usr/share/zsh/site-functions/_bops$" plan &&
	grep -q "share/completions/bops.fish" plan &&
	grep -q "/stage/usr/share/fish/vendor_completions.d/bops.fish$" plan &&
	make -n -s -C "$SRC" install DESTDIR=/stage \
	    BASHCOMPDIR=/etc/bash_completion.d >plan 2>&1 &&
	grep -q "bops.bash /stage/etc/bash_completion.d/bops$" plan
'
test_done
