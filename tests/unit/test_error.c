#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "text.h"
#include "banned.h"

static const struct {
	enum bops_error_code code;
	const char *name;
	const char *text;
} codes[] = {
	{ BOPS_ERR_USAGE, "USAGE", "usage error" },
	{ BOPS_ERR_NOT_FOUND, "NOT_FOUND", "no such record" },
	{ BOPS_ERR_AMBIGUOUS, "AMBIGUOUS", "ambiguous id prefix" },
	{ BOPS_ERR_INVALID, "INVALID", "invalid record" },
	{ BOPS_ERR_REFUSED, "REFUSED", "refused" },
	{ BOPS_ERR_WIP, "WIP", "work-in-progress limit reached" },
	{ BOPS_ERR_DIRTY, "DIRTY", "uncommitted change" },
	{ BOPS_ERR_LOCKED, "LOCKED", "workspace is locked" },
	{ BOPS_ERR_CONFLICT, "CONFLICT", "merge conflict recorded" },
	{ BOPS_ERR_FOUND, "FOUND", "found problems" },
	{ BOPS_ERR_NO_WORKSPACE, "NO_WORKSPACE", "not a bops workspace" },
	{ BOPS_ERR_NO_IDENTITY, "NO_IDENTITY", "no identity" },
	{ BOPS_ERR_GIT, "GIT", "git failure" },
	{ BOPS_ERR_IO, "IO", "i/o failure" },
	{ BOPS_ERR_REMOTE, "REMOTE", "remote failure" },
	{ BOPS_ERR_NOMEM, "NOMEM", "out of memory" },
	{ BOPS_ERR_ENV, "ENV", "environment failure" },
};

static void
every_code_has_a_name_and_default_text(void **state)
{
	const struct bops_error *err;
	size_t i;

	assert_int_equal(sizeof(codes) / sizeof(codes[0]),
	    BOPS_ERR__COUNT - 1);
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		err = bops_error(codes[i].code);
		assert_non_null(err);
		assert_int_equal(err->code, codes[i].code);
		assert_string_equal(err->msg, codes[i].text);
		assert_string_equal(bops_error_name(codes[i].code),
		    codes[i].name);
		/* Static: the same object every time. */
		assert_ptr_equal(bops_error(codes[i].code), err);
	}
	assert_string_equal(bops_error_name(BOPS_ERR_NONE), "none");
}

static void
out_of_range_codes_are_not_trusted(void **state)
{
	assert_int_equal(bops_error(BOPS_ERR_NONE)->code, BOPS_ERR_ENV);
	assert_int_equal(bops_error(BOPS_ERR__COUNT)->code, BOPS_ERR_ENV);
	assert_int_equal(bops_error((enum bops_error_code)999)->code,
	    BOPS_ERR_ENV);
	assert_string_equal(bops_error_name(BOPS_ERR__COUNT), "unknown");
	assert_string_equal(bops_error_name((enum bops_error_code)-1),
	    "unknown");
	assert_int_equal(bops_error_fmt((enum bops_error_code)77, "x")->code,
	    BOPS_ERR_ENV);
}

static void
fmt_formats_with_the_code(void **state)
{
	const struct bops_error *err;

	err = bops_error_fmt(BOPS_ERR_NOT_FOUND, "no %s '%s'", "task", "7kq3");
	assert_int_equal(err->code, BOPS_ERR_NOT_FOUND);
	assert_string_equal(err->msg, "no task '7kq3'");
	err = bops_error_fmt(BOPS_ERR_INVALID, "%s:%u:%u: %s", "a.yaml", 3u,
	    1u, "bad");
	assert_string_equal(err->msg, "a.yaml:3:1: bad");
}

static const struct bops_error *
vfmt_helper(enum bops_error_code code, const char *fmt, ...)
{
	const struct bops_error *err;
	va_list ap;

	va_start(ap, fmt);
	err = bops_error_vfmt(code, fmt, ap);
	va_end(ap);
	return err;
}

static void
vfmt_takes_a_va_list(void **state)
{
	const struct bops_error *err = vfmt_helper(BOPS_ERR_USAGE, "%d+%d",
	    2, 3);

	assert_int_equal(err->code, BOPS_ERR_USAGE);
	assert_string_equal(err->msg, "2+3");
}

static void
long_messages_are_cut_not_overflowed(void **state)
{
	const struct bops_error *err;
	char big[4000];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	err = bops_error_fmt(BOPS_ERR_IO, "%s", big);
	assert_true(strlen(err->msg) > 500);
	assert_true(strlen(err->msg) < sizeof(big) - 1);
	assert_int_equal(strspn(err->msg, "x"), strlen(err->msg) - 3);
	assert_string_equal(err->msg + strlen(err->msg) - 3, "...");
}

static void
long_messages_are_cut_between_characters(void **state)
{
	static const char *pieces[] = { "设", "ชั่ว", "e\xcc\x82\xcc\x81" };
	const struct bops_error *err;
	char big[4000];
	size_t i, j, k, n;

	/* Every offset of a 3-byte character against the cut. */
	for (i = 0; i < sizeof(pieces) / sizeof(pieces[0]); i++)
		for (k = 0; k < 4; k++) {
			n = strlen(pieces[i]);
			memset(big, 'x', k);
			for (j = k; j + n < sizeof(big); j += n)
				memcpy(big + j, pieces[i], n);
			big[j] = '\0';
			err = bops_error_fmt(BOPS_ERR_IO, "%s", big);
			assert_true(bops_text_valid(err->msg,
			    strlen(err->msg)));
			assert_string_equal(err->msg + strlen(err->msg) - 3,
			    "...");
			/* a prefix of big that ends between clusters */
			n = strlen(err->msg) - 3;
			assert_memory_equal(err->msg, big, n);
			assert_int_equal(bops_text_fit(big, strlen(big), n,
			    true), n);
			err = bops_error_wrap(err, "%s", big);
			assert_true(bops_text_valid(err->msg,
			    strlen(err->msg)));
		}
}

static void
ring_keeps_recent_errors_valid(void **state)
{
	const struct bops_error *errs[12];
	char want[32];
	size_t i;

	for (i = 0; i < 12; i++)
		errs[i] = bops_error_fmt(BOPS_ERR_USAGE, "error %zu", i);
	for (i = 0; i < 12; i++) {
		snprintf(want, sizeof(want), "error %zu", i);
		assert_string_equal(errs[i]->msg, want);
		assert_int_equal(errs[i]->code, BOPS_ERR_USAGE);
	}
	/* Each lives in its own slot. */
	for (i = 1; i < 12; i++)
		assert_ptr_not_equal(errs[i], errs[i - 1]);
}

static void
fmt_may_name_an_older_ring_entry(void **state)
{
	const struct bops_error *inner, *err;
	size_t i;

	inner = bops_error_fmt(BOPS_ERR_IO, "inner");
	/* Go round the ring so the next entry reuses some old slot. */
	for (i = 0; i < 40; i++) {
		err = bops_error_fmt(BOPS_ERR_IO, "%s+", inner->msg);
		inner = err;
	}
	assert_int_equal(strlen(err->msg), strlen("inner") + 40);
	assert_memory_equal(err->msg, "inner++++", 9);
}

static void
wrap_adds_outer_context_and_keeps_the_code(void **state)
{
	const struct bops_error *inner, *err;

	inner = bops_error_fmt(BOPS_ERR_DIRTY, "tasks/7k/7kq3.yaml: edited");
	err = bops_error_wrap(inner, "save %s '%s'", "task", "7kq3");
	assert_int_equal(err->code, BOPS_ERR_DIRTY);
	assert_string_equal(err->msg,
	    "save task '7kq3': tasks/7k/7kq3.yaml: edited");
	/* The inner error is untouched. */
	assert_string_equal(inner->msg, "tasks/7k/7kq3.yaml: edited");

	err = bops_error_wrap(bops_error(BOPS_ERR_LOCKED), "sync");
	assert_int_equal(err->code, BOPS_ERR_LOCKED);
	assert_string_equal(err->msg, "sync: workspace is locked");

	assert_null(bops_error_wrap(NULL, "nothing %d", 1));
}

static const struct {
	int errnum;
	enum bops_error_code code;
} errnos[] = {
	{ ENOENT, BOPS_ERR_IO },
	{ EACCES, BOPS_ERR_IO },
	{ ENOSPC, BOPS_ERR_IO },
	{ EFBIG, BOPS_ERR_IO },
	{ EROFS, BOPS_ERR_IO },
	{ ENOMEM, BOPS_ERR_NOMEM },
};

static void
errno_maps_enomem_to_nomem_and_the_rest_to_io(void **state)
{
	const struct bops_error *err;
	char want[256];
	size_t i;

	for (i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++) {
		errno = errnos[i].errnum;
		err = bops_error_errno("open '%s'", "tasks/x.yaml");
		assert_int_equal(err->code, errnos[i].code);
		snprintf(want, sizeof(want), "open 'tasks/x.yaml': %s",
		    strerror(errnos[i].errnum));
		assert_string_equal(err->msg, want);
	}
}

static void
errno_is_read_before_formatting(void **state)
{
	const struct bops_error *err;

	/* Formatting must not clobber the errno being reported. */
	errno = EACCES;
	err = bops_error_errno("%s %d", "write", 5);
	assert_non_null(strstr(err->msg, strerror(EACCES)));
	assert_int_equal(strncmp(err->msg, "write 5: ", 9), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_code_has_a_name_and_default_text),
		cmocka_unit_test(out_of_range_codes_are_not_trusted),
		cmocka_unit_test(fmt_formats_with_the_code),
		cmocka_unit_test(vfmt_takes_a_va_list),
		cmocka_unit_test(long_messages_are_cut_not_overflowed),
		cmocka_unit_test(long_messages_are_cut_between_characters),
		cmocka_unit_test(ring_keeps_recent_errors_valid),
		cmocka_unit_test(fmt_may_name_an_older_ring_entry),
		cmocka_unit_test(wrap_adds_outer_context_and_keeps_the_code),
		cmocka_unit_test(
		    errno_maps_enomem_to_nomem_and_the_rest_to_io),
		cmocka_unit_test(errno_is_read_before_formatting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
