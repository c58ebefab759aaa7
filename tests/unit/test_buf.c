#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "banned.h"

static void
init_gives_an_empty_string_not_null(void **state)
{
	struct bops_buf a = BOPS_BUF_INIT, b;

	bops_buf_init(&b);
	assert_non_null(a.ptr);
	assert_string_equal(a.ptr, "");
	assert_int_equal(a.len, 0);
	assert_int_equal(a.alloc, 0);
	assert_ptr_equal(b.ptr, bops_buf_empty);
	assert_int_equal(b.len, 0);
	/* Releasing a buffer that never grew frees nothing. */
	bops_buf_release(&a);
	bops_buf_release(&b);
	assert_ptr_equal(a.ptr, bops_buf_empty);
}

static void
put_grows_and_keeps_a_nul(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	char expect[5000];
	size_t i;

	for (i = 0; i < sizeof(expect) - 1; i++) {
		expect[i] = (char)('a' + i % 26);
		bops_buf_putc(&b, expect[i]);
		assert_int_equal(b.len, i + 1);
		assert_true(b.alloc > b.len);
		assert_int_equal(b.ptr[b.len], '\0');
	}
	expect[sizeof(expect) - 1] = '\0';
	assert_string_equal(b.ptr, expect);
	bops_buf_release(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.ptr, "");
}

static void
put_copies_embedded_nuls(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;

	bops_buf_put(&b, "a\0b", 3);
	bops_buf_puts(&b, "cd");
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.ptr, "a\0bcd", 6);
	bops_buf_put(&b, "", 0);
	assert_int_equal(b.len, 5);
	bops_buf_release(&b);
}

static void
grow_reserves_room_without_changing_content(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	size_t alloc;

	bops_buf_puts(&b, "keep");
	bops_buf_grow(&b, 1000);
	assert_true(b.alloc >= b.len + 1000 + 1);
	assert_string_equal(b.ptr, "keep");
	assert_int_equal(b.len, 4);
	/* Room already there: no reallocation. */
	alloc = b.alloc;
	bops_buf_grow(&b, 10);
	assert_int_equal(b.alloc, alloc);
	bops_buf_release(&b);

	/* Growing an empty buffer makes a real, terminated allocation. */
	bops_buf_grow(&b, 0);
	assert_true(b.alloc > 0);
	assert_ptr_not_equal(b.ptr, bops_buf_empty);
	assert_string_equal(b.ptr, "");
	bops_buf_release(&b);
}

static const struct {
	const char *fmt;
	int i;
	const char *s;
	const char *expect;
} printfcases[] = {	/* each fmt takes (int, string) */
	{ "%d-%s", 42, "x", "42-x" },
	{ "%05d", 7, "", "00007" },
	{ "%d%s", 0, "", "0" },
	{ "[%d%-6s]", 0, "ab", "[0ab    ]" },
	{ "%d|%.2s", -3, "hello", "-3|he" },
};

static void
printf_appends_formatted_text(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	size_t i, start;

	for (i = 0; i < sizeof(printfcases) / sizeof(printfcases[0]); i++) {
		bops_buf_reset(&b);
		bops_buf_puts(&b, ">");
		start = b.len;
		bops_buf_printf(&b, printfcases[i].fmt, printfcases[i].i,
		    printfcases[i].s);
		assert_string_equal(b.ptr + start, printfcases[i].expect);
		assert_int_equal(b.len, start + strlen(printfcases[i].expect));
		assert_int_equal(b.ptr[0], '>');
	}
	bops_buf_release(&b);
}

static void
printf_handles_output_larger_than_the_buffer(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	char big[3000];
	size_t i;

	memset(big, 'q', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	bops_buf_puts(&b, "12345");
	bops_buf_printf(&b, "<%s>", big);
	assert_int_equal(b.len, 5 + 2 + sizeof(big) - 1);
	assert_memory_equal(b.ptr, "12345<", 6);
	for (i = 6; i < b.len - 1; i++)
		assert_int_equal(b.ptr[i], 'q');
	assert_int_equal(b.ptr[b.len - 1], '>');
	assert_int_equal(b.ptr[b.len], '\0');
	bops_buf_release(&b);
}

static void
printf_may_format_its_own_earlier_text(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	char *copy;

	bops_buf_puts(&b, "ab");
	copy = bops_strdup(b.ptr);
	bops_buf_printf(&b, "%s%s%s", copy, copy, copy);
	assert_string_equal(b.ptr, "abababab");
	free(copy);
	bops_buf_release(&b);
}

static void
pad_puts_n_copies(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;

	bops_buf_pad(&b, ' ', 0);
	assert_string_equal(b.ptr, "");
	assert_int_equal(b.len, 0);
	bops_buf_puts(&b, "x");
	bops_buf_pad(&b, '-', 3);
	bops_buf_pad(&b, '.', 1);
	assert_string_equal(b.ptr, "x---.");
	assert_int_equal(b.len, 5);
	bops_buf_pad(&b, '=', 200);
	assert_int_equal(b.len, 205);
	assert_int_equal(b.ptr[204], '=');
	assert_int_equal(b.ptr[205], '\0');
	bops_buf_release(&b);
}

static void
truncate_shortens_and_never_lengthens(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;

	/* Truncating a buffer that was never written is harmless. */
	bops_buf_truncate(&b, 0);
	bops_buf_truncate(&b, 10);
	assert_string_equal(b.ptr, "");
	assert_int_equal(b.alloc, 0);

	bops_buf_puts(&b, "abcdef");
	bops_buf_truncate(&b, 10);
	assert_string_equal(b.ptr, "abcdef");
	assert_int_equal(b.len, 6);
	bops_buf_truncate(&b, 3);
	assert_string_equal(b.ptr, "abc");
	assert_int_equal(b.len, 3);
	bops_buf_reset(&b);
	assert_string_equal(b.ptr, "");
	assert_int_equal(b.len, 0);
	/* Reset keeps the memory for reuse. */
	assert_true(b.alloc > 0);
	bops_buf_puts(&b, "z");
	assert_string_equal(b.ptr, "z");
	bops_buf_release(&b);
}

static void
detach_hands_over_the_string_and_empties_the_buffer(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	char *s;

	bops_buf_puts(&b, "owned");
	s = bops_buf_detach(&b);
	assert_string_equal(s, "owned");
	assert_int_equal(b.len, 0);
	assert_int_equal(b.alloc, 0);
	assert_string_equal(b.ptr, "");
	free(s);

	/* The buffer stays usable. */
	bops_buf_puts(&b, "again");
	assert_string_equal(b.ptr, "again");
	bops_buf_release(&b);
}

static void
detach_of_an_empty_buffer_gives_a_freeable_string(void **state)
{
	struct bops_buf b = BOPS_BUF_INIT;
	char *s;

	s = bops_buf_detach(&b);
	assert_non_null(s);
	assert_ptr_not_equal(s, bops_buf_empty);
	assert_string_equal(s, "");
	free(s);
	assert_ptr_equal(b.ptr, bops_buf_empty);

	/* Emptied by truncation, but allocated: the same holds. */
	bops_buf_puts(&b, "x");
	bops_buf_reset(&b);
	s = bops_buf_detach(&b);
	assert_string_equal(s, "");
	free(s);
	assert_int_equal(b.alloc, 0);
}

static void
asprintf_returns_a_malloced_string(void **state)
{
	char *s;

	s = bops_asprintf("%s/%02d/%s", "tasks", 7, "x.yaml");
	assert_string_equal(s, "tasks/07/x.yaml");
	free(s);
	s = bops_asprintf("%s", "");
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
}

static void
alloc_helpers_copy_and_accept_zero(void **state)
{
	char *s, *p;
	int *z;

	s = bops_strdup("hello");
	assert_string_equal(s, "hello");
	free(s);
	s = bops_strndup("hello", 3);
	assert_string_equal(s, "hel");
	free(s);
	s = bops_strndup("a\0b", 3);
	assert_memory_equal(s, "a\0b", 4);
	free(s);

	p = bops_malloc(0);
	assert_non_null(p);
	p = bops_realloc(p, 0);
	assert_non_null(p);
	p = bops_realloc(p, 100);
	memset(p, 1, 100);
	free(p);
	z = bops_calloc(16, sizeof(*z));
	assert_int_equal(z[0], 0);
	assert_int_equal(z[15], 0);
	free(z);
	p = bops_calloc(0, 0);
	assert_non_null(p);
	free(p);
}

/* In a child: grow b by extra; the size wraps, so it must abort. */
static int
child_status(size_t extra, int pad)
{
	struct bops_buf b = BOPS_BUF_INIT;
	int status, fd;
	pid_t pid;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* Keep "out of memory" off the test's output. */
		if ((fd = open("/dev/null", O_WRONLY)) >= 0)
			dup2(fd, 2);
		bops_buf_puts(&b, "abc");
		if (pad)
			bops_buf_pad(&b, 'x', extra);
		else
			bops_buf_grow(&b, extra);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void
grow_aborts_when_the_size_would_wrap(void **state)
{
	static const struct {
		size_t extra;
		int pad;
	} rows[] = {
		{ SIZE_MAX, 0 },
		{ SIZE_MAX - 3, 0 },
		{ SIZE_MAX - 2, 1 },
	};
	size_t i;
	int status;

	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		status = child_status(rows[i].extra, rows[i].pad);
		if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGABRT)
			fail_msg("row %zu: want an abort, got status %#x", i,
			    (unsigned)status);
	}
}

/*
 * A block for a table: usable to its last byte either way; from 1 MiB
 * it is a mapping of its own (page-aligned, as malloc's are not).
 */
static void
block_alloc_gives_small_and_big_blocks(void **state)
{
	size_t sizes[] = { 1, 4096, (1u << 20) - 1, 1u << 20, 5u << 20 };
	unsigned char *p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		p = bops_block_alloc(sizes[i]);
		assert_non_null(p);
		memset(p, 0xa5, sizes[i]);
		assert_int_equal(p[0], 0xa5);
		assert_int_equal(p[sizes[i] - 1], 0xa5);
		if (sizes[i] >= (1u << 20))
			assert_int_equal((uintptr_t)p % 4096, 0);
		bops_block_free(p, sizes[i]);
	}
	bops_block_free(NULL, 0);
	bops_block_free(NULL, 5u << 20);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(block_alloc_gives_small_and_big_blocks),
		cmocka_unit_test(init_gives_an_empty_string_not_null),
		cmocka_unit_test(put_grows_and_keeps_a_nul),
		cmocka_unit_test(put_copies_embedded_nuls),
		cmocka_unit_test(grow_reserves_room_without_changing_content),
		cmocka_unit_test(printf_appends_formatted_text),
		cmocka_unit_test(printf_handles_output_larger_than_the_buffer),
		cmocka_unit_test(printf_may_format_its_own_earlier_text),
		cmocka_unit_test(pad_puts_n_copies),
		cmocka_unit_test(truncate_shortens_and_never_lengthens),
		cmocka_unit_test(
		    detach_hands_over_the_string_and_empties_the_buffer),
		cmocka_unit_test(
		    detach_of_an_empty_buffer_gives_a_freeable_string),
		cmocka_unit_test(asprintf_returns_a_malloced_string),
		cmocka_unit_test(alloc_helpers_copy_and_accept_zero),
		cmocka_unit_test(grow_aborts_when_the_size_would_wrap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
