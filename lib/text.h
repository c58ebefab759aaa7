/*
 * text.h: text as people read it.  Strings are UTF-8; what a person sees
 * as one character is a grapheme cluster (a base letter with its marks,
 * a Thai consonant with its vowel and tone marks, an emoji sequence),
 * and that is the unit bops counts, measures and cuts by.
 *
 * Everything here comes from utf8proc's Unicode tables, never from the
 * locale, so a commit message, a table or a match comes out the same on
 * every machine.  <utf8proc.h> is included by lib/text.c alone.
 */
#ifndef BOPS_TEXT_H
#define BOPS_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * Commit subjects: bops cuts the titles and values it quotes in them
 * (bops_text_put_short) so that a subject takes about 72 columns; none
 * that is committed passes BOPS_SUBJECT_MAX, whatever went into it.
 */
#define BOPS_SUBJECT_MAX 100

/*
 * Whether s[0..len) is well-formed UTF-8: shortest forms only, no
 * surrogates, nothing above U+10FFFF.
 */
bool bops_text_valid(const char *s, size_t len);

/*
 * Decode the character at s[0..len) (len > 0) into *cp: its length in
 * bytes, or 0 when s does not start with a well-formed character.
 */
size_t bops_text_decode(const char *s, size_t len, uint32_t *cp);

/*
 * Display width of s in terminal columns, cluster by cluster: East Asian
 * wide and full-width characters take 2, combining marks (Vietnamese
 * tones, Thai vowels and tone marks) and other zero-width characters
 * 0, a character joined to the one before by U+200D (ZWJ) 0, control
 * characters 0; a byte that is not UTF-8 takes 1.
 */
size_t bops_text_width(const char *s);
/*
 * The same, and whether every cluster of s is valid UTF-8 (*valid): then
 * bops_text_put_cut appends s as it is to any cols at least that wide.
 */
size_t bops_text_width_valid(const char *s, bool *valid);

/* The number of grapheme clusters in s (a byte that is not UTF-8: 1). */
size_t bops_text_chars(const char *s);

/*
 * Append s[0..len) whole when it is at most `cols` columns wide;
 * otherwise its longest run of whole clusters that leaves room for
 * `ell` (may be ""), then `ell`.  Bytes that are not UTF-8 are appended
 * as U+FFFD, so what is appended is always valid UTF-8.  Returns the
 * columns appended; 0, appending nothing, when s is wider than cols and
 * even `ell` does not fit.
 */
size_t bops_text_put_cut(struct bops_buf *out, const char *s, size_t len,
    size_t cols, const char *ell);


/*
 * Append the first line of s; when it is wider than `max` columns, or
 * more lines follow, its first `max` columns (cut between clusters, by
 * bops_text_put_cut) and then "...".  For values in messages.
 */
void bops_text_put_short(struct bops_buf *out, const char *s, size_t max);

/* The same between single quotes: 'like this...'. */
void bops_text_put_quoted(struct bops_buf *out, const char *s, size_t max);

/*
 * The length in bytes of the longest run of whole clusters at the start
 * of s[0..len) that takes at most max bytes: where a buffer of a fixed
 * size may cut s (a cluster that ends at len counts as cut, since what
 * followed it is unknown unless len is all of s; pass whole = true then).
 */
size_t bops_text_fit(const char *s, size_t len, size_t max, bool whole);

/*
 * Append s folded for matching: case folded and in Unicode normal form
 * C, so "VIẾT", "viết" typed with a precomposed ế and "viết" typed as
 * e + U+0302 + U+0301 all fold to the same bytes.  Text that is not
 * valid UTF-8 is appended unchanged.
 */
void bops_text_fold(struct bops_buf *out, const char *s);

/*
 * Append s case folded with its marks taken away ("Đăng ký" gives
 * "dang ky"), for making keys of names; text that is not valid UTF-8 is
 * appended unchanged.
 */
void bops_text_unaccent(struct bops_buf *out, const char *s);

/*
 * Compare a and b as folded (<0, 0, >0); ties are not broken, so
 * "Lan" and "lan" compare equal.
 */
int bops_text_fold_cmp(const char *a, const char *b);

/* Whether a and b are the same text in normal form C (case counts). */
bool bops_text_nfc_equal(const char *a, const char *b);

/*
 * Suggestions for a mistyped word ("lsit": "list"), as git's help.c
 * makes them: a weighted Damerau-Levenshtein distance where swapping
 * two neighbours is free, leaving out a letter costs 1, a wrong letter
 * 2 and an extra letter 3, and a candidate the word begins is best.
 * Feed every candidate to bops_text_suggest_add, then ask
 * bops_text_suggest_put.
 */
struct bops_text_suggest {
	const char *typed;
	const char *best[3];	/* borrowed from the caller */
	size_t nbest;
	size_t dist;
};

void bops_text_suggest_init(struct bops_text_suggest *s, const char *typed);
void bops_text_suggest_add(struct bops_text_suggest *s,
    const char *candidate);
/*
 * Append "; did you mean 'list'?" (or "'a' or 'b'", "'a', 'b' or 'c'"
 * for ties) when a candidate is close enough; return whether one was.
 */
bool bops_text_suggest_put(struct bops_buf *out,
    const struct bops_text_suggest *s);

/* The weighted distance itself, typed to candidate. */
size_t bops_text_distance(const char *typed, const char *candidate);

#endif
