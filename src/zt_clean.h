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

/* Cleans s[0..n) and appends the result to out. Returns ZT_OK, ZT_ENOMEM, or ZT_EUTF8 (only
 * with ZT_INVALID_ERROR; *err_pos is then the 0-based offset of the first bad byte in s).
 * stats may be NULL. */
int zt_clean(const char *s, size_t n, const zt_clean_opts *o, zt_buf *out,
             zt_clean_stats *stats, size_t *err_pos);

/* Decodes one HTML character reference at s[0..n) (s[0] == '&'). Appends its UTF-8 to out and
 * returns the bytes consumed, or 0 when s does not start a reference. */
size_t zt_html_entity(const char *s, size_t n, zt_buf *out);

#endif
