/*
 * phone.h: phone numbers in E.164, as ad platforms match them.
 *
 * lib/phone.cc wraps libphonenumber (Google's, C++) behind one C
 * function, as yaml.c wraps libyaml and git.c libgit2: no other file
 * sees the library.  It is built into a shared object of its own, the
 * phone module (bops-phone.so), that lib/phone.c loads with dlopen(3)
 * when it is first needed: libphonenumber brings the C++ runtime,
 * protobuf, ICU and Abseil, whose loading and constructors would
 * otherwise be most of the start of every command.
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

#ifndef __cplusplus
#include "error.h"

/*
 * Load the phone module from path (an absolute file name, or one
 * relative to the current directory), unless one is loaded already.
 * BOPS_ERR_ENV, with the file's name and dlerror(3)'s reason, when it
 * cannot be loaded or is no phone module of this bops.
 */
const struct bops_error *bops_phone_load(const char *path);
#endif

/*
 * Write the E.164 form of phone number text ("+84912345678") into out
 * (size bytes; 17 are enough).  A number written with a leading + (or
 * 00) carries its country; a national one ("0912 345 678") takes it from
 * region, an ISO 3166 alpha-2 code ("VN"), and without one (NULL or "")
 * is BOPS_PHONE_NO_REGION.  Spaces, dots, dashes and parentheses are
 * allowed.  A number that is no valid number of its country (by the
 * library's metadata) is BOPS_PHONE_INVALID.  out is "" unless OK.
 * bops_phone_load comes first: with no module loaded, every number is
 * BOPS_PHONE_INVALID.
 */
enum bops_phone_result bops_phone_e164(char *out, size_t size,
    const char *text, const char *region);

/*
 * The module's side: the one symbol lib/phone.cc exports, which
 * bops_phone_e164 calls.  Its name carries the version of this
 * interface, so that a module of another bops is refused, not called.
 */
#define BOPS_PHONE_SYMBOL "bops_phone_module_e164_v1"
typedef enum bops_phone_result bops_phone_fn(char *out, size_t size,
    const char *text, const char *region);

#ifdef __cplusplus
}
#endif

#endif
