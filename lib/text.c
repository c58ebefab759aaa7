#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text.h"
#include "banned.h"

#define REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */
#define ZWJ		0x200d
#define SIMILARITY_FLOOR 7		/* as git's help.c */

/*
 * Walks a string cluster by cluster.  utf8proc's break state runs across
 * the whole string, as the extended grapheme rules (emoji sequences,
 * regional indicator pairs) need.
 */
struct clusters {
	const unsigned char *s;
	size_t len, at;
	utf8proc_int32_t next;		/* the code point at `at`, or -1 */
	size_t next_len;
	utf8proc_int32_t state;
};

static void
decode(struct clusters *c)
{
	utf8proc_ssize_t n;

	c->next = -1;
	c->next_len = 0;
	if (c->at >= c->len)
		return;
	n = utf8proc_iterate(c->s + c->at, (utf8proc_ssize_t)(c->len - c->at),
	    &c->next);
	if (n < 0) {
		c->next = -1;
		c->next_len = 1;	/* one stray byte */
	} else
		c->next_len = (size_t)n;
}

static void
clusters_init(struct clusters *c, const char *s, size_t len)
{
	memset(c, 0, sizeof(*c));
	c->s = (const unsigned char *)s;
	c->len = len;
	decode(c);
}

/*
 * The next cluster: its bytes and width, and whether it is valid UTF-8
 * (a stray byte is a cluster of its own).  False at the end.
 */
static bool
next_cluster(struct clusters *c, size_t *len, size_t *width, bool *valid)
{
	size_t start = c->at;
	utf8proc_int32_t prev;
	int w;

	if (c->at >= c->len)
		return false;
	if (c->next < 0) {
		c->at += c->next_len;
		*len = c->next_len;
		*width = 1;
		*valid = false;
		c->state = 0;
		decode(c);
		return true;
	}
	*valid = true;
	if (c->next >= 0x20 && c->next < 0x7f && c->at + 1 < c->len &&
	    c->s[c->at + 1] >= 0x20 && c->s[c->at + 1] < 0x7f) {
		/*
		 * Printable ASCII before printable ASCII: a cluster of one
		 * column, whatever came before (no ASCII character starts
		 * an emoji or a regional indicator sequence).
		 */
		c->at++;
		c->next = c->s[c->at];
		c->next_len = 1;
		c->state = 0;
		*len = 1;
		*width = 1;
		return true;
	}
	w = utf8proc_charwidth(c->next);
	*width = w > 0 ? (size_t)w : 0;
	for (;;) {
		prev = c->next;
		c->at += c->next_len;
		decode(c);
		if (c->next < 0 || utf8proc_grapheme_break_stateful(prev,
		    c->next, &c->state))
			break;
		/* What a ZWJ joins is drawn as one picture. */
		if (prev != ZWJ && (w = utf8proc_charwidth(c->next)) > 0)
			*width += (size_t)w;
	}
	if (c->next < 0)
		c->state = 0;
	*len = c->at - start;
	return true;
}

size_t
bops_text_decode(const char *s, size_t len, uint32_t *cp)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n;

	if ((unsigned char)s[0] < 0x80) {
		*cp = (unsigned char)s[0];
		return 1;
	}
	n = utf8proc_iterate((const utf8proc_uint8_t *)s,
	    (utf8proc_ssize_t)len, &c);
	if (n <= 0)
		return 0;
	*cp = (uint32_t)c;
	return (size_t)n;
}

bool
bops_text_valid(const char *s, size_t len)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;
	size_t i = 0;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		n = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &cp);
		if (n < 0)
			return false;
		i += (size_t)n;
	}
	return true;
}

/*
 * Whether s[0..len) is printable ASCII, where each byte is a cluster one
 * column wide: tables of ids, dates and English text skip utf8proc.
 */
static bool
plain_ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return false;
	return true;
}

size_t
bops_text_width(const char *s)
{
	bool valid;

	return bops_text_width_valid(s, &valid);
}

size_t
bops_text_width_valid(const char *s, bool *valid)
{
	struct clusters c;
	size_t total = 0, len, w;
	bool one;

	*valid = true;
	if (plain_ascii(s, (len = strlen(s))))
		return len;
	clusters_init(&c, s, len);
	while (next_cluster(&c, &len, &w, &one)) {
		total += w;
		*valid &= one;
	}
	return total;
}

size_t
bops_text_chars(const char *s)
{
	struct clusters c;
	size_t n = 0, len, w;
	bool valid;

	clusters_init(&c, s, strlen(s));
	while (next_cluster(&c, &len, &w, &valid))
		n++;
	return n;
}

/* Append clusters of s while they fit in cols; the columns used. */
static size_t
put_clusters(struct bops_buf *out, const char *s, size_t len, size_t cols,
    bool all)
{
	struct clusters c;
	size_t used = 0, n, w;
	bool valid;

	clusters_init(&c, s, len);
	while (next_cluster(&c, &n, &w, &valid)) {
		if (!all && used + w > cols)
			break;
		if (valid)
			bops_buf_put(out, s + c.at - n, n);
		else
			bops_buf_puts(out, REPLACEMENT);
		used += w;
	}
	return used;
}

size_t
bops_text_put_cut(struct bops_buf *out, const char *s, size_t len,
    size_t cols, const char *ell)
{
	struct clusters c;
	size_t total = 0, ell_w, n, w;
	bool valid, fits = true, all_valid = true;

	if (plain_ascii(s, len)) {
		if (len <= cols) {
			bops_buf_put(out, s, len);
			return len;
		}
		if ((ell_w = bops_text_width(ell)) > cols)
			return 0;
		bops_buf_put(out, s, cols - ell_w);
		bops_buf_puts(out, ell);
		return cols;
	}
	clusters_init(&c, s, len);
	while (fits && next_cluster(&c, &n, &w, &valid)) {
		fits = (total += w) <= cols;
		all_valid &= valid;
	}
	/* All of it, valid: as it is, without a second walk. */
	if (fits && all_valid) {
		bops_buf_put(out, s, len);
		return total;
	}
	if (fits)
		return put_clusters(out, s, len, cols, true);
	ell_w = bops_text_width(ell);
	if (ell_w > cols)
		return 0;
	n = put_clusters(out, s, len, cols - ell_w, false);
	bops_buf_puts(out, ell);
	return n + ell_w;
}

void
bops_text_put_short(struct bops_buf *out, const char *s, size_t max)
{
	size_t n = strcspn(s, "\n"), before = out->len;

	bops_text_put_cut(out, s, n, max, "");
	if (out->len - before != n || s[n] != '\0')
		bops_buf_puts(out, "...");
}

void
bops_text_put_quoted(struct bops_buf *out, const char *s, size_t max)
{
	bops_buf_putc(out, '\'');
	bops_text_put_short(out, s, max);
	bops_buf_putc(out, '\'');
}

/* len less a character cut short at the end of s[0..len). */
static size_t
complete(const char *s, size_t len)
{
	size_t i = len, k;
	int need;

	for (k = 0; k < 4 && i > 0; k++) {
		need = utf8proc_utf8class[(unsigned char)s[--i]];
		if (need > 0)
			return i + (size_t)need > len ? i : len;
	}
	return len;
}

size_t
bops_text_fit(const char *s, size_t len, size_t max, bool whole)
{
	struct clusters c;
	size_t n, w, keep = 0;
	bool valid;

	if (len <= max && whole)
		return len;
	if (!whole)
		len = complete(s, len);
	clusters_init(&c, s, len);
	while (next_cluster(&c, &n, &w, &valid) && c.at <= max &&
	    (whole || c.at < len))
		keep = c.at;
	return keep;
}

static bool
ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return false;
	return true;
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

void
bops_text_fold(struct bops_buf *out, const char *s)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t n;

	/* ASCII folds to lower case and is already in form C. */
	if (ascii(s)) {
		for (; *s; s++)
			bops_buf_putc(out, lower((unsigned char)*s));
		return;
	}
	n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &dst,
	    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	    UTF8PROC_CASEFOLD);
	if (n < 0)
		bops_buf_puts(out, s);
	else
		bops_buf_put(out, dst, (size_t)n);
	free(dst);	/* utf8proc allocates with malloc */
}

void
bops_text_unaccent(struct bops_buf *out, const char *s)
{
	utf8proc_uint8_t *dst = NULL;
	utf8proc_ssize_t n;
	const char *p;

	n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &dst,
	    UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE |
	    UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
	if (n < 0) {
		bops_buf_puts(out, s);
		return;
	}
	/* d with stroke has no decomposition: Vietnamese reads it as d. */
	for (p = (const char *)dst; *p; p++)
		if (strncmp(p, "\xc4\x91", 2) == 0) {
			bops_buf_putc(out, 'd');
			p++;
		} else
			bops_buf_putc(out, *p);
	free(dst);	/* utf8proc allocates with malloc */
}

int
bops_text_fold_cmp(const char *a, const char *b)
{
	struct bops_buf fa = BOPS_BUF_INIT, fb = BOPS_BUF_INIT;
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;
	int c;

	/*
	 * ASCII on both sides decides most comparisons without folding.
	 * A difference found is final unless a mark after it could still
	 * combine with it, so stop one byte early when a non-ASCII byte
	 * follows.
	 */
	for (; *p && *p < 0x80 && *q && *q < 0x80; p++, q++) {
		if (p[1] >= 0x80 || q[1] >= 0x80)
			break;
		if ((c = lower(*p) - lower(*q)))
			return c;
	}
	if ((*p == '\0' || *q == '\0'))
		return (*p != '\0') - (*q != '\0');
	bops_text_fold(&fa, (const char *)p);
	bops_text_fold(&fb, (const char *)q);
	c = strcmp(fa.ptr, fb.ptr);
	bops_buf_release(&fa);
	bops_buf_release(&fb);
	return c;
}

bool
bops_text_nfc_equal(const char *a, const char *b)
{
	utf8proc_uint8_t *na, *nb;
	bool eq;

	if (strcmp(a, b) == 0)
		return true;
	if (ascii(a) && ascii(b))
		return false;
	na = utf8proc_NFC((const utf8proc_uint8_t *)a);
	nb = utf8proc_NFC((const utf8proc_uint8_t *)b);
	eq = na && nb && strcmp((char *)na, (char *)nb) == 0;
	free(na);
	free(nb);
	return eq;
}

size_t
bops_text_distance(const char *typed, const char *candidate)
{
	/* git's weights: swap 0, substitution 2, insertion 1, deletion 3 */
	const size_t w = 0, s = 2, a = 1, d = 3;
	size_t len1 = strlen(typed), len2 = strlen(candidate), i, j, r;
	size_t *row0, *row1, *row2, *tmp;

	if (strncmp(candidate, typed, len1) == 0)
		return 0;
	row0 = bops_calloc(len2 + 1, sizeof(*row0));
	row1 = bops_calloc(len2 + 1, sizeof(*row1));
	row2 = bops_calloc(len2 + 1, sizeof(*row2));
	for (j = 0; j <= len2; j++)
		row1[j] = j * a;
	for (i = 0; i < len1; i++) {
		row2[0] = (i + 1) * d;
		for (j = 0; j < len2; j++) {
			row2[j + 1] = row1[j] + s * (typed[i] != candidate[j]);
			if (i > 0 && j > 0 && typed[i - 1] == candidate[j] &&
			    typed[i] == candidate[j - 1] &&
			    row2[j + 1] > row0[j - 1] + w)
				row2[j + 1] = row0[j - 1] + w;
			if (row2[j + 1] > row1[j + 1] + d)
				row2[j + 1] = row1[j + 1] + d;
			if (row2[j + 1] > row2[j] + a)
				row2[j + 1] = row2[j] + a;
		}
		tmp = row0;
		row0 = row1;
		row1 = row2;
		row2 = tmp;
	}
	r = row1[len2];
	free(row0);
	free(row1);
	free(row2);
	return r;
}

void
bops_text_suggest_init(struct bops_text_suggest *s, const char *typed)
{
	memset(s, 0, sizeof(*s));
	s->typed = typed;
	s->dist = SIZE_MAX;
}

void
bops_text_suggest_add(struct bops_text_suggest *s, const char *candidate)
{
	size_t d, i;

	if (candidate == NULL || *candidate == '\0' || s->typed == NULL ||
	    *s->typed == '\0' || strcmp(candidate, s->typed) == 0)
		return;
	for (i = 0; i < s->nbest; i++)
		if (strcmp(s->best[i], candidate) == 0)
			return;
	d = bops_text_distance(s->typed, candidate);
	/*
	 * Close enough: under git's floor, and no more edits than half the
	 * word, so "foo" suggests nothing rather than "log".
	 */
	if (d >= SIMILARITY_FLOOR || d > strlen(s->typed) / 2 + 1 ||
	    d > s->dist)
		return;
	if (d < s->dist) {
		s->dist = d;
		s->nbest = 0;
	}
	if (s->nbest < sizeof(s->best) / sizeof(s->best[0]))
		s->best[s->nbest++] = candidate;
}

bool
bops_text_suggest_put(struct bops_buf *out, const struct bops_text_suggest *s)
{
	size_t i;

	if (s->nbest == 0)
		return false;
	bops_buf_puts(out, "; did you mean ");
	for (i = 0; i < s->nbest; i++)
		bops_buf_printf(out, "%s'%s'", i == 0 ? "" :
		    i + 1 == s->nbest ? " or " : ", ", s->best[i]);
	bops_buf_putc(out, '?');
	return true;
}
