#!/bin/sh
# customer export --format csv (and sprint lookalike, which writes the
# same file) guards the cells a spreadsheet would run as formulas, as
# every other CSV bops writes does: a name or an e-mail address is free
# text from whoever typed it.
. "$(dirname "$0")/lib.sh"

test_case 'a name or an address that starts like a formula is guarded' '
	new_ws &&
	bops customer add "=HYPERLINK(\"http://x\",\"Hoa\")" --id hoa \
	    email="-2+3@example.com" >/dev/null 2>&1 &&
	bops customer add "Plus" --id plus email="+84@example.com" \
	    >/dev/null 2>&1 &&
	bops customer add "Lê Văn Minh" --id minh email=minh@example.com \
	    phone="+84 912 345 678" >/dev/null 2>&1 &&
	expect_status 0 bops customer export --format csv &&
	cat >want <<-\EOT &&
	id,name,email,phone
	hoa,"'"'"'=HYPERLINK(""http://x"",""Hoa"")",'"'"'-2+3@example.com,
	minh,Lê Văn Minh,minh@example.com,+84912345678
	plus,Plus,'"'"'+84@example.com,
	EOT
	diff -u want out >&2 &&
	python3 -c "
import csv
rows = list(csv.reader(open(\"out\", encoding=\"utf-8\")))
assert not any(c[:1] in (\"=\", \"-\", \"@\") or c[:1] == \"+\" and \"@\" in c for r in rows for c in r), rows
"
'

test_done
