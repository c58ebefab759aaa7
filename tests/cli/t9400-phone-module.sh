#!/bin/sh
# The phone module: libphonenumber (with the C++ runtime, protobuf, ICU
# and Abseil) is loaded when a phone number is first parsed, not when
# bops starts: `bops version` and `bops help` map none of it.  bops
# looks for bops-phone.so next to its own binary, then where make
# install puts it; a module that cannot be loaded fails only the
# commands that parse phone numbers, with exit 6 and the file's name.
. "$(dirname "$0")/lib.sh"

# loaded COMMAND...: the shared objects the dynamic loader maps for
# COMMAND, from glibc's LD_DEBUG=files trace.  (The C++ runtime is not
# looked for: UBSan's runtime maps it in make check-sanitize.)
loaded() {
	LD_DEBUG=files "$@" 2>&1 >/dev/null |
	    sed -n "s/.*file=\([^ ]*\) .*/\1/p" | sort -u
}

people() {
	bops -q config customer.phone_region VN >/dev/null &&
	bops -q customer add "Bệnh viện Chợ Rẫy" --id choray \
	    email=chi.pham@choray.vn "phone=0912 345 678" >/dev/null
}

test_case 'version and help load no phone library' '
	loaded bops version >libs &&
	grep -q "libc\.so" libs &&
	! grep -qE "phonenumber|protobuf|icu|absl" libs &&
	loaded bops help >libs &&
	grep -q "libc\.so" libs &&
	! grep -qE "phonenumber|protobuf|icu|absl" libs
'

test_case 'export loads the phone module on the first phone number' '
	new_ws && people &&
	loaded bops customer export >libs &&
	grep -q "bops-phone\.so" libs &&
	grep -q "libphonenumber" libs &&
	expect_status 0 bops customer export &&
	expect_out "id,name,email,phone
choray,Bệnh viện Chợ Rẫy,chi.pham@choray.vn,+84912345678"
'

test_case 'the module next to the binary is the one loaded' '
	mkdir bin && cp "$BOPS" "$SRC/bops-phone.so" bin/ &&
	new_ws && people &&
	loaded ../bin/bops customer export >libs &&
	grep -q "$HOME/bin/bops-phone\.so" libs &&
	expect_status 0 ../bin/bops customer export &&
	expect_out_contains "+84912345678"
'

test_case 'a module that cannot be loaded: exit 6, named, nothing written' '
	mkdir bin && cp "$BOPS" bin/ &&
	echo "no ELF" >bin/bops-phone.so &&
	new_ws && people &&
	expect_status 6 ../bin/bops customer export &&
	test ! -s out &&
	expect_err_contains "$HOME/bin/bops-phone.so" &&
	expect_status 6 ../bin/bops customer export --format google &&
	test ! -s out &&
	expect_err_contains "bops-phone.so" &&
	expect_status 0 ../bin/bops version &&
	expect_status 0 ../bin/bops customer list &&
	expect_out_contains choray &&
	ws_clean
'

test_case 'no phone number, no module needed' '
	mkdir bin && cp "$BOPS" bin/ &&
	echo "no ELF" >bin/bops-phone.so &&
	new_ws &&
	bops -q customer add Hoa --id hoa email=hoa@example.vn >/dev/null &&
	expect_status 0 ../bin/bops customer export &&
	expect_out "id,name,email,phone
hoa,Hoa,hoa@example.vn,"
'

test_done
