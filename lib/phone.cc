/*
 * phone.cc: libphonenumber behind a C function (phone.h), the one
 * symbol of the phone module (bops-phone.so), which lib/phone.c loads.
 * Exceptions never cross into C: the library reports through return
 * codes, and the allocations of std::string are caught here.
 */
#include <cstring>
#include <new>
#include <string>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include "phone.h"

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

extern "C" __attribute__((visibility("default"))) bops_phone_fn
    bops_phone_module_e164_v1;

extern "C" enum bops_phone_result
bops_phone_module_e164_v1(char *out, size_t size, const char *text, const char *region)
{
	try {
		const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
		PhoneNumber n;
		std::string s(text ? text : ""), e164;
		size_t i = s.find_first_not_of(" \t");

		if (size)
			out[0] = '\0';
		/* 00 is the international prefix of most countries. */
		if (i != std::string::npos && s.compare(i, 2, "00") == 0)
			s.replace(i, 2, "+");
		i = s.find_first_not_of(" \t");
		if ((i == std::string::npos || s[i] != '+') &&
		    (region == NULL || *region == '\0'))
			return BOPS_PHONE_NO_REGION;
		if (util->Parse(s, region && *region ? region : "ZZ", &n) !=
		    PhoneNumberUtil::NO_PARSING_ERROR ||
		    !util->IsValidNumber(n))
			return BOPS_PHONE_INVALID;
		util->Format(n, PhoneNumberUtil::E164, &e164);
		if (e164.size() + 1 > size)
			return BOPS_PHONE_INVALID;
		memcpy(out, e164.c_str(), e164.size() + 1);
		return BOPS_PHONE_OK;
	} catch (...) {
		if (size)
			out[0] = '\0';
		return BOPS_PHONE_INVALID;
	}
}
