/*
 * phone.c: the phone module (lib/phone.cc built as bops-phone.so),
 * loaded on first use.  dlopen(3) with RTLD_NOW binds every symbol at
 * once, so that a module that lacks one fails here and not in the
 * middle of an export; RTLD_LOCAL keeps libphonenumber's names (and
 * those of the C++ runtime, protobuf, ICU and Abseil) to the module.
 * The module stays loaded until the process ends.
 */
#include <dlfcn.h>
#include <string.h>

#include "phone.h"
#include "banned.h"

static bops_phone_fn *module_e164;

const struct bops_error *
bops_phone_load(const char *path)
{
	bops_phone_fn *fn;
	void *h, *sym;
	const char *why;
	size_t n = strlen(path);

	if (module_e164)
		return NULL;
	if ((h = dlopen(path, RTLD_NOW | RTLD_LOCAL)) == NULL) {
		/* dlerror's text names the module, or the library of it
		 * that is missing: the module's name is said once */
		why = dlerror();
		if (why && strncmp(why, path, n) == 0 &&
		    strncmp(why + n, ": ", 2) == 0)
			why += n + 2;
		return bops_error_fmt(BOPS_ERR_ENV, "cannot load the phone "
		    "module %s: %s", path, why ? why : "dlopen failed");
	}
	if ((sym = dlsym(h, BOPS_PHONE_SYMBOL)) == NULL) {
		dlclose(h);
		return bops_error_fmt(BOPS_ERR_ENV, "%s is no phone module "
		    "of this bops (no %s)", path, BOPS_PHONE_SYMBOL);
	}
	/* ISO C has no object-to-function pointer cast; POSIX has this */
	memcpy(&fn, &sym, sizeof(fn));
	module_e164 = fn;
	return NULL;
}

enum bops_phone_result
bops_phone_e164(char *out, size_t size, const char *text, const char *region)
{
	if (module_e164 == NULL) {
		if (size)
			out[0] = '\0';
		return BOPS_PHONE_INVALID;
	}
	return module_e164(out, size, text, region);
}
