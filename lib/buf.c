#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "buf.h"
#include "banned.h"

char bops_buf_empty[1];

static void
oom(void)
{
	static const char msg[] = "bops: out of memory\n";

	/* The one exit in lib/: nothing sensible can follow. */
	if (fwrite(msg, 1, sizeof(msg) - 1, stderr))
		abort();
	abort();
}

void *
bops_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom();
	return p;
}

#define TABLE_MAPPED (1u << 20)

void *
bops_block_alloc(size_t n)
{
	void *p;

	if (n < TABLE_MAPPED)
		return bops_malloc(n);
	p = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS |
	    MAP_POPULATE, -1, 0);
	if (p == MAP_FAILED)
		oom();
	return p;
}

void
bops_block_free(void *p, size_t n)
{
	if (p == NULL)
		return;
	if (n < TABLE_MAPPED)
		free(p);
	else
		munmap(p, n);
}

void *
bops_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		oom();
	return p;
}

void *
bops_realloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (q == NULL)
		oom();
	return q;
}

void
bops_qsort(void *base, size_t n, size_t size,
    int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

char *
bops_strndup(const char *s, size_t n)
{
	char *p = bops_malloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
bops_strdup(const char *s)
{
	return bops_strndup(s, strlen(s));
}

char *
bops_asprintf(const char *fmt, ...)
{
	struct bops_buf b = BOPS_BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	bops_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	return bops_buf_detach(&b);
}

void
bops_buf_init(struct bops_buf *b)
{
	b->ptr = bops_buf_empty;
	b->len = b->alloc = 0;
}

void
bops_buf_release(struct bops_buf *b)
{
	if (b->alloc)
		free(b->ptr);
	bops_buf_init(b);
}

void
bops_buf_grow(struct bops_buf *b, size_t extra)
{
	size_t want = b->len + extra + 1;

	if (extra >= SIZE_MAX - b->len)
		oom();	/* the size would wrap round */
	if (want <= b->alloc)
		return;
	if (want < b->alloc * 2)
		want = b->alloc * 2;
	if (want < 64)
		want = 64;
	if (b->alloc == 0) {
		b->ptr = bops_malloc(want);
		b->ptr[0] = '\0';
	} else
		b->ptr = bops_realloc(b->ptr, want);
	b->alloc = want;
}

void
bops_buf_put(struct bops_buf *b, const void *data, size_t len)
{
	bops_buf_grow(b, len);
	memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void
bops_buf_puts(struct bops_buf *b, const char *s)
{
	bops_buf_put(b, s, strlen(s));
}

void
bops_buf_putc(struct bops_buf *b, int c)
{
	char ch = (char)c;

	bops_buf_put(b, &ch, 1);
}

void
bops_buf_pad(struct bops_buf *b, int c, size_t n)
{
	bops_buf_grow(b, n);
	memset(b->ptr + b->len, c, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void
bops_buf_vprintf(struct bops_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	bops_buf_grow(b, (size_t)n);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
bops_buf_printf(struct bops_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bops_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void
bops_buf_truncate(struct bops_buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->ptr[len] = '\0';
}

char *
bops_buf_detach(struct bops_buf *b)
{
	char *p;

	if (b->alloc == 0)
		return bops_strdup("");
	p = b->ptr;
	bops_buf_init(b);
	return p;
}
