/* zt_clean: one pass of configurable cleaning for scraped Chinese text.
 *
 * Stages, in order: HTML (tags, entities) → invalid UTF-8 → invisible characters →
 * normalization and width folding (utf8proc, only for characters that change) → whitespace →
 * punctuation style. Every stage is an option; zt_clean_defaults() gives the documented
 * defaults, under which zt_clean is idempotent.
 */
#ifndef ZT_CLEAN_H
#define ZT_CLEAN_H

#include <stddef.h>

#include "zt_buf.h"

typedef enum { ZT_FORM_NONE, ZT_FORM_NFC, ZT_FORM_NFKC } zt_form;
typedef enum { ZT_PUNCT_AUTO, ZT_PUNCT_ASCII, ZT_PUNCT_KEEP } zt_punct;
typedef enum { ZT_INVALID_REPLACE, ZT_INVALID_DROP, ZT_INVALID_ERROR } zt_invalid;
typedef enum { ZT_CJK_SPACE_KEEP, ZT_CJK_SPACE_REMOVE } zt_cjk_space;

typedef struct zt_clean_opts {
  int width;             /* full-width ASCII → half-width, half-width kana → full, NFKC compat */
  zt_form form;          /* canonical normalization of everything else */
  zt_punct punct;        /* how , . ! ? : ; ( ) and quotes are written */
  int space;             /* collapse spaces, trim lines, unify newlines */
  zt_cjk_space cjk_space;/* with space: drop a lone space between two Han characters */
  int invisible;         /* drop zero-width, bidi, soft hyphen, BOM and control characters */
  int html;              /* strip tags, drop script/style, decode entities */
  zt_invalid invalid;    /* what to do with ill-formed UTF-8 */
  size_t chunk;          /* bytes per chunk of work (0: 64 KiB); results never depend on it */
} zt_clean_opts;

typedef struct zt_clean_stats {
  size_t invalid;        /* ill-formed subsequences replaced or dropped */
  size_t invisible;      /* invisible/control characters removed */
  size_t width;          /* characters changed by width folding or compatibility mapping */
  size_t normalized;     /* characters changed by canonical normalization */
  size_t space;          /* whitespace characters removed or replaced */
  size_t punct;          /* punctuation marks rewritten */
  size_t html_tags;      /* tags and comments removed */
  size_t html_entities;  /* character references decoded */
} zt_clean_stats;

void zt_clean_defaults(zt_clean_opts *o);

/* Length of a character at p that the character stage copies as is under every option: Han
 * (U+4E00..U+9FFF) and the CJK and full-width punctuation Chinese text is full of (the
 * punctuation stage decides the marks later); 0 for anything else. */
static inline size_t zt_clean_fast_cjk_len(const unsigned char *p, size_t left) {
  if (left < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
  if (p[0] >= 0xE5 && p[0] <= 0xE9) return 3;
  if (p[0] == 0xE4) return p[1] >= 0xB8 ? 3 : 0;
  if (p[0] == 0xE3) return p[1] == 0x80 && ((p[2] >= 0x81 && p[2] <= 0x91) || p[2] >= 0x94) ? 3 : 0;
  if (p[0] == 0xE2) return p[1] == 0x80 && (p[2] == 0x93 || p[2] == 0x94 || p[2] == 0x98 ||
                                            p[2] == 0x99 || p[2] == 0x9C || p[2] == 0x9D) ? 3 : 0;
  if (p[0] == 0xEF) return p[1] == 0xBC && (p[2] == 0x8C || p[2] == 0x8E || p[2] == 0x81 ||
                                            p[2] == 0x9A || p[2] == 0x9B || p[2] == 0x9F ||
                                            p[2] == 0x88 || p[2] == 0x89) ? 3 : 0;
  return 0;
}

static inline int zt_clean_is_alnum(unsigned c) {
  return (c - '0' < 10u) || ((c | 32u) - 'a' < 26u);
}

/* Whether zt_clean with options o leaves s[0..n) exactly as it is, told by one scan: only Han
 * and the characters of zt_clean_fast_cjk_len, and ASCII letters and digits, with no
 * full-width mark that punct "auto" could turn into ASCII (, . ! ? : ; ( ) with a letter or
 * digit right before or after it); and o->punct is not "ascii". No space, control, ASCII
 * punctuation, '<' or '&' (so no HTML either), nothing utf8proc maps: the usual paragraph of
 * Chinese prose. The article parser computes the same answer per line in its first scan
 * (zt_article_lines.c) and then skips zt_clean. */
int zt_clean_unchanged(const char *s, size_t n, const zt_clean_opts *o);

/* Cleans s[0..n) and appends the result to out. Returns ZT_OK, ZT_ENOMEM, or ZT_EUTF8 (only
 * with ZT_INVALID_ERROR; *err_pos is then the 0-based offset of the first bad byte in s).
 * stats may be NULL. */
int zt_clean(const char *s, size_t n, const zt_clean_opts *o, zt_buf *out,
             zt_clean_stats *stats, size_t *err_pos);

/* Decodes one HTML character reference at s[0..n) (s[0] == '&'). Appends its UTF-8 to out and
 * returns the bytes consumed, or 0 when s does not start a reference. */
size_t zt_html_entity(const char *s, size_t n, zt_buf *out);

#endif
