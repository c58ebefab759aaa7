#!/bin/sh
# customer: the record a ticket needs, and notes for customers who do
# not pay yet (a log merged as a union, like a ticket's thread).
. "$(dirname "$0")/lib.sh"

test_case 'customer add, list and show, in any language' '
	new_ws &&
	expect_status 0 bops customer add Chi Pham --id chi \
	    company="Bệnh viện Chợ Rẫy" stage=customer email=chi@choray.vn &&
	expect_status 0 bops customer add "สมชาย ใจดี" --id somchai \
	    lead_status=connected owner=me &&
	expect_status 0 bops customer list &&
	expect_out "id       stage     lead_status  owner       company            name
chi      customer                           Bệnh viện Chợ Rẫy  Chi Pham
somchai  lead      connected    Lan Nguyen                     สมชาย ใจดี" &&
	expect_status 0 bops customer list "stage<customer" --fields id &&
	expect_out "id
somchai" &&
	expect_status 2 bops customer add X stage=vip &&
	expect_status 2 bops customer add X lead_status=hot &&
	ws_clean
'

test_case 'note adds to the customer s notes, from you, at the time' '
	new_ws &&
	bops -q customer add "สมชาย ใจดี" --id somchai >/dev/null &&
	expect_status 0 bops customer note somchai "Interested in the lunch plan; call back in December" &&
	expect_out somchai &&
	expect_err_contains "customer somchai: note '\''Interested in the lunch plan; call back in Decembe...'\''" &&
	printf "Met at the fair.\nWants a quote.\n" |
	    BOPS_NOW=2026-11-24T03:00:00Z bops -q customer note somchai - \
	    >/dev/null &&
	expect_status 0 bops customer show somchai --yaml &&
	expect_out_contains "notes:
- at: 2026-11-23T09:00:00Z
  by: Lan Nguyen
  text: Interested in the lunch plan; call back in December
- at: 2026-11-24T03:00:00Z
  by: Lan Nguyen
  text: |-
    Met at the fair.
    Wants a quote." &&
	ws_clean
'

test_case 'note: empty text exits 2, an unknown customer 3, nothing written' '
	new_ws &&
	bops -q customer add Chi --id chi >/dev/null &&
	n=$(commits) &&
	expect_status 2 bops customer note chi "" &&
	expect_status 2 bops customer note chi - </dev/null &&
	expect_status 3 bops customer note nobody hello &&
	expect_status 2 bops customer note chi &&
	test "$(commits)" = "$n"
'

test_case 'a customer that tickets point at stays, through rm' '
	new_ws &&
	bops -q customer add Chi --id chi >/dev/null &&
	bops -q customer add Lead --id lead >/dev/null &&
	bops -q ticket open Help customer=chi priority=low --id h1 >/dev/null &&
	bops -q ticket open More customer=chi priority=low --id h2 >/dev/null &&
	n=$(commits) &&
	expect_status 5 bops customer rm chi &&
	expect_err_contains "customer '\''chi'\'' is the customer of 2 tickets (h1, h2); give them another first: bops ticket set h1 customer=" &&
	test "$(commits)" = "$n" &&
	expect_status 0 bops customer rm lead &&
	expect_status 0 bops customer set chi stage=other &&
	expect_status 0 bops customer log chi &&
	expect_out_contains "stage: lead -> other" &&
	ws_clean
'

test_case 'customer edit: a change is one commit; a record without its name, exit 4' '
	new_ws &&
	bops -q customer add Chi --id chi stage=customer >/dev/null &&
	bops -q ticket open Help customer=chi priority=low --id h1 >/dev/null &&
	bops -q customer note chi "Pays by invoice" >/dev/null &&
	n=$(commits) &&
	EDITOR="sed -i s/^name:.*/name:\\ Chi\\ Pham/" \
	    expect_status 0 bops customer edit chi &&
	expect_out chi &&
	expect_err_contains "customer chi: name Chi -> Chi Pham" &&
	test "$(commits)" = $((n + 1)) &&
	grep -q "^  text: Pays by invoice$" customers/ch/chi.yaml &&
	n=$(commits) &&
	cp customers/ch/chi.yaml before &&
	EDITOR="sed -i /^name:/d" expect_status 4 bops customer edit chi &&
	expect_err_contains "customers/ch/chi.yaml:1:1: missing required field '\''name'\''" &&
	test "$(commits)" = "$n" &&
	cmp before customers/ch/chi.yaml && rm before &&
	ws_clean
'

test_done
