/* zt_article: a scraped Chinese article (plain text or HTML) → one structured record.
 *
 * Lines (or HTML blocks) are classified — title, dateline, byline/label lines, body, repeated
 * title, related headlines, navigation, share widgets, copyright/ICP footer — and the fields
 * are read from them: title, date (ISO 8601), site, domain, source, authors, editors,
 * photographers, copyright, paragraphs, related, keywords, description. Nothing is invented:
 * absent fields stay unset. Linear time; bad input gives a (possibly empty) record.
 */
#ifndef ZT_ARTICLE_H
#define ZT_ARTICLE_H

#include <stddef.h>

#include "zt_buf.h"
#include "zt_clean.h"
#include "zt_date.h"
#include "zt_html.h"

typedef struct zt_strvec {
  zt_span *v;
  size_t n, cap;
} zt_strvec;

enum {
  ZT_K_UNKNOWN, ZT_K_TITLE, ZT_K_REPEATED_TITLE, ZT_K_DATELINE, ZT_K_BYLINE, ZT_K_META,
  ZT_K_BODY, ZT_K_RELATED_LABEL, ZT_K_RELATED, ZT_K_NAV, ZT_K_SHARE, ZT_K_BREADCRUMB,
  ZT_K_COPYRIGHT, ZT_K_FOOTER, ZT_K_HEADER, ZT_K_OTHER, ZT_K_END_MARK, ZT_K__COUNT
};

typedef struct zt_article_line {
  zt_span text;      /* in the record's arena (as written, not cleaned) */
  int kind;          /* ZT_K_* */
  const char *rule;  /* static string: why */
} zt_article_line;

typedef struct zt_article {
  zt_buf arena;      /* every string of the record */
  zt_span title, date, site, domain, source, copyright, description;
  zt_strvec authors, editors, photographers, paragraphs, related, keywords;
  zt_strvec warnings;      /* a limit changed what was read: "html nesting deeper than ..." */
  zt_article_line *lines;  /* only with opts.explain */
  const char *date_rule;   /* only with opts.explain: the date strategy that won (static), or NULL */
  size_t nlines;
  int is_html;
  char encoding[32];       /* the input's encoding (UTF-8 unless decoded) */
} zt_article;

typedef struct zt_article_opts {
  const zt_clean_opts *clean;  /* NULL: text values as written */
  const zt_date *now;          /* reference time for relative dates; NULL: none */
  const char *url;             /* the page's URL (for the domain); may be NULL */
  int mode;                    /* 0 auto, 1 text, 2 html */
  int explain;                 /* fill lines[] */
} zt_article_opts;

typedef struct zt_article_parser zt_article_parser;

/* A parser holds compiled patterns and a line array reused between parses; create once and reuse
 * (not shared between threads). */
int zt_article_parser_new(zt_article_parser **p);
void zt_article_parser_free(zt_article_parser *p);

/* Parses s[0..n) into *a (which it initializes). ZT_OK or ZT_ENOMEM; free with
 * zt_article_free in both cases. Input that is not UTF-8 is decoded (GBK, Big5 ...), and any
 * ill-formed byte left, in s or in o->url, becomes U+FFFD before anything reads it: every
 * string of the record is valid UTF-8. When a parser limit changes what is read (HTML nested
 * deeper than libxml2 allows, see zt_html.h), a->warnings says so. */
int zt_article_parse(zt_article_parser *p, const char *s, size_t n, const zt_article_opts *o,
                     zt_article *a);
void zt_article_free(zt_article *a);

const char *zt_article_kind_name(int kind);

#endif
