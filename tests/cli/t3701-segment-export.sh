#!/bin/sh
# segment: saved customer filters, versioned as records; customer export
# for Google and Meta (normalised, then SHA-256: checked against
# sha256sum) and as CSV; sprint lookalike, within the segment of the
# sprint's experiment.
. "$(dirname "$0")/lib.sh"

people() {
	bops -q customer add "Bệnh viện Chợ Rẫy" --id choray \
	    email=" Chi.Pham@ChoRay.VN " "phone=0912 345 678" \
	    tags=hospital >/dev/null &&
	bops -q customer add "สมชาย ใจดี" --id somchai email=bad \
	    "phone=+66 81 234 5678" >/dev/null &&
	bops -q customer add "Nguyễn Thị Hoa" --id hoa \
	    email=hoa@example.vn "phone=+84 28 3855 4137" tags=hospital \
	    >/dev/null &&
	bops -q customer add Nobody --id nobody phone=12 >/dev/null
}

hash() { printf "%s" "$1" | sha256sum | cut -d" " -f1; }

test_case 'segment add, list, show and rm: a record of its own' '
	new_ws &&
	expect_status 0 bops segment add hospitals tags=hospital "stage<customer" &&
	expect_out hospitals &&
	test -f segments/hospitals.yaml &&
	expect_status 0 bops segment list &&
	expect_out "id         name       filters
hospitals  hospitals  tags=hospital, stage<customer" &&
	expect_status 0 bops segment show hosp --yaml &&
	expect_out_contains "filters:
- tags=hospital
- stage<customer" &&
	expect_status 2 bops segment add bad nosuchfield=1 &&
	expect_status 2 bops segment add bad "stage=vip" &&
	expect_status 2 bops segment add ../x stage=lead &&
	expect_status 0 bops segment rm hospitals &&
	test ! -e segments/hospitals.yaml &&
	ws_clean
'

test_case 'export --format google: SHA-256 of the normalised values' '
	new_ws && people &&
	bops -q config customer.phone_region VN >/dev/null &&
	expect_status 0 bops customer export --format google &&
	printf "%s\n" "Email,Phone" \
	    "$(hash chi.pham@choray.vn),$(hash +84912345678)" \
	    "$(hash hoa@example.vn),$(hash +842838554137)" \
	    ",$(hash +66812345678)" >want &&
	cmp want out &&
	expect_err_contains "customers/so/somchai.yaml: e-mail '\''bad'\'' is no address; left out" &&
	expect_err_contains "customers/no/nobody.yaml: phone '\''12'\'' is no number; left out" &&
	expect_err_contains "1 customer with no usable e-mail or phone skipped" &&
	! grep -q "choray.vn\|+84" out
'

test_case 'export --format meta, from a segment; csv is plain' '
	new_ws && people &&
	bops -q config customer.phone_region VN >/dev/null &&
	bops -q segment add hospitals tags=hospital >/dev/null &&
	expect_status 0 bops customer export --format meta --segment hosp &&
	printf "%s\n" "email,phone" \
	    "$(hash chi.pham@choray.vn),$(hash +84912345678)" \
	    "$(hash hoa@example.vn),$(hash +842838554137)" >want &&
	cmp want out &&
	expect_status 0 bops customer export --format csv name~hoa &&
	expect_out "id,name,email,phone
hoa,Nguyễn Thị Hoa,hoa@example.vn,+842838554137" &&
	expect_status 2 bops customer export --format tiktok &&
	expect_status 3 bops customer export --segment nosuch
'

test_case 'a national number without phone_region is left out and counted' '
	new_ws && people &&
	expect_status 0 bops customer export --format google id=choray &&
	expect_out "Email,Phone
$(hash chi.pham@choray.vn)," &&
	expect_err_contains "1 phone number without a country left out; set customer.phone_region"
'

test_case 'sprint lookalike: who became a customer in the sprint, in its segment' '
	new_ws && people &&
	bops -q config customer.phone_region VN >/dev/null &&
	bops -q sprint new start=2026-11-23 >/dev/null &&
	bops -q segment add hospitals tags=hospital >/dev/null &&
	BOPS_NOW=2026-11-24T03:00:00Z bops -q customer stage choray customer \
	    >/dev/null &&
	BOPS_NOW=2026-11-24T03:00:00Z bops -q customer stage somchai customer \
	    >/dev/null &&
	BOPS_NOW=2026-12-01T03:00:00Z bops -q customer stage hoa customer \
	    >/dev/null &&
	expect_status 0 bops sprint lookalike 2026-w48 --format csv &&
	expect_out "id,name,email,phone
choray,Bệnh viện Chợ Rẫy,chi.pham@choray.vn,+84912345678
somchai,สมชาย ใจดี,,+66812345678" &&
	expect_status 0 bops sprint experiment add 2026-w48 ads messages=a,b \
	    destinations=x,y segment=hosp &&
	expect_status 0 bops sprint lookalike 2026-w48 --format meta &&
	expect_out "email,phone
$(hash chi.pham@choray.vn),$(hash +84912345678)" &&
	expect_status 3 bops sprint experiment add 2026-w48 more messages=a \
	    destinations=x segment=nosuch &&
	ws_clean
'

test_done
