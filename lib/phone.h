/*
 * phone.h: phone numbers in E.164, as ad platforms match them.
 *
 * lib/phone.cc wraps libphonenumber (Google's, C++) behind this one C
 * function, as yaml.c wraps libyaml and git.c libgit2: no other file
 * sees the library.
 */
#ifndef BOPS_PHONE_H
#define BOPS_PHONE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What bops_phone_e164 found. */
enum bops_phone_result {
	BOPS_PHONE_OK = 0,
	BOPS_PHONE_NO_REGION,	/* a national number, and no region given */
	BOPS_PHONE_INVALID,	/* no valid number of its country */
};

/*
 * Write the E.164 form of phone number text ("+84912345678") into out
 * (size bytes; 17 are enough).  A number written with a leading + (or
 * 00) carries its country; a national one ("0912 345 678") takes it from
 * region, an ISO 3166 alpha-2 code ("VN"), and without one (NULL or "")
 * is BOPS_PHONE_NO_REGION.  Spaces, dots, dashes and parentheses are
 * allowed.  A number that is no valid number of its country (by the
 * library's metadata) is BOPS_PHONE_INVALID.  out is "" unless OK.
 */
enum bops_phone_result bops_phone_e164(char *out, size_t size,
    const char *text, const char *region);

#ifdef __cplusplus
}
#endif

#endif
