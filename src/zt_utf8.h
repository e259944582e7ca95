/* zt_utf8: decoding, validation and character classes for UTF-8 text. */
#ifndef ZT_UTF8_H
#define ZT_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decodes one code point at s[0..n). Returns the bytes consumed (1..4, 0 when n == 0).
 * On ill-formed input *cp is set to -1 and the return value is the length of the maximal
 * subpart (Unicode's "maximal ill-formed subsequence", at least 1), so that replacing each
 * such run by one U+FFFD follows the W3C/Unicode recommended practice. */
size_t zt_utf8_decode(const unsigned char *s, size_t n, int32_t *cp);

/* Encodes cp (must be a Unicode scalar value) into out; returns 1..4. */
size_t zt_utf8_encode(int32_t cp, char out[4]);

/* Offset of the first ill-formed byte, or n when s[0..n) is valid UTF-8. */
size_t zt_utf8_check(const char *s, size_t n);

/* Number of code points in valid UTF-8 s[0..n) (each ill-formed subpart counts as one). */
size_t zt_utf8_len(const char *s, size_t n);

/* Han ideographs (CJK Unified, Extensions A–H, compatibility ideographs, 〇). */
int zt_is_han(int32_t cp);
/* Han, kana, bopomofo and Hangul: the scripts that make punctuation "Chinese". */
int zt_is_cjk(int32_t cp);
/* Unicode punctuation (general category P*). */
int zt_is_punct(int32_t cp);
/* Horizontal space: ASCII space, tab, NBSP, ideographic space and other Zs. */
int zt_is_hspace(int32_t cp);

#endif
