/*
 * buf.h: a growable byte buffer, always NUL-terminated.
 *
 * struct bops_buf b = BOPS_BUF_INIT;
 * ... bops_buf_puts(&b, "x") ...
 * bops_buf_release(&b);
 *
 * Allocation failure aborts the process (like git's xmalloc): every
 * caller would otherwise have to handle it, and nothing useful can be
 * done.  A buffer that was never written has ptr == "" (not NULL).
 */
#ifndef BOPS_BUF_H
#define BOPS_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct bops_buf {
	char *ptr;
	size_t len;
	size_t alloc;
};

extern char bops_buf_empty[];
#define BOPS_BUF_INIT { bops_buf_empty, 0, 0 }

void bops_buf_init(struct bops_buf *b);
void bops_buf_release(struct bops_buf *b);
/* Ensure room for `extra` more bytes plus the NUL. */
void bops_buf_grow(struct bops_buf *b, size_t extra);
void bops_buf_put(struct bops_buf *b, const void *data, size_t len);
void bops_buf_puts(struct bops_buf *b, const char *s);
void bops_buf_putc(struct bops_buf *b, int c);
void bops_buf_printf(struct bops_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void bops_buf_vprintf(struct bops_buf *b, const char *fmt, va_list ap);
/* Put `n` copies of byte `c`. */
void bops_buf_pad(struct bops_buf *b, int c, size_t n);
void bops_buf_truncate(struct bops_buf *b, size_t len);
#define bops_buf_reset(b) bops_buf_truncate((b), 0)
/* Hand the string to the caller (free() it); the buffer is left empty. */
char *bops_buf_detach(struct bops_buf *b);

/*
 * Allocation helpers that abort on failure.  What they return is the
 * caller's, to free().
 */
void *bops_malloc(size_t n);
void *bops_calloc(size_t n, size_t size);
void *bops_realloc(void *p, size_t n);
char *bops_strdup(const char *s);
char *bops_strndup(const char *s, size_t n);
/*
 * n bytes for a table that is filled as soon as it is made (a cache's
 * entries): from 1 MiB up, its pages are made in one call (mmap(2) with
 * MAP_POPULATE) rather than in a page fault each, which on a virtual
 * machine costs twice as much.  Free it with bops_block_free(p, n), n
 * the same.
 */
void *bops_block_alloc(size_t n);
void bops_block_free(void *p, size_t n);
/* qsort(3) that takes nothing to sort (base NULL, n 0) as C's may not. */
void bops_qsort(void *base, size_t n, size_t size,
    int (*cmp)(const void *, const void *));
/* A malloc'd formatted string, the caller's to free(). */
char *bops_asprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#endif
