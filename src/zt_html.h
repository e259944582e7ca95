/* zt_html: an HTML page → metadata + text lines with layout hints, for article parsing.
 *
 * Parsed with libxml2's HTML parser (recovering, no network, depth-capped), read from its SAX
 * events as it goes (no tree is built: zt_html_sax.c). Metadata: <title>,
 * the first <h1>, <meta name=author|keywords|description|...>, og:*, article:published_time,
 * JSON-LD (zt_jsonld: date, authors, headline, publisher, url), <time datetime>, <link rel=canonical>. Text: one line per
 * block (p, div, li, h1..h6, td, br...), each with flags telling whether it sits in the main
 * content (the block with the best text/punctuation/link density score), in navigation /
 * sidebars / comments / footers, in a related-links list, and whether it is mostly links.
 */
#ifndef ZT_HTML_H
#define ZT_HTML_H

#include <stddef.h>

#include "zt_buf.h"

enum {
  ZT_LF_MAIN = 1u << 0,     /* inside the main content block */
  ZT_LF_BOILER = 1u << 1,   /* inside nav / aside / footer / comments / share / ads */
  ZT_LF_H1 = 1u << 2,       /* an <h1> */
  ZT_LF_HEADING = 1u << 3,  /* an <h2>..<h6> */
  ZT_LF_LINK = 1u << 4,     /* mostly link text */
  ZT_LF_RELATED = 1u << 5,  /* inside a related / recommended list */
  ZT_LF_FOOTER = 1u << 6,   /* inside a footer */
  ZT_LF_HTML = 1u << 7      /* the line came from HTML */
};

/* A string in a buffer: offset and length; set == 0 means absent. */
typedef struct zt_span {
  size_t off, len;
  int set;
} zt_span;

typedef struct zt_html_line {
  size_t off, len;   /* in doc->text */
  unsigned flags;
} zt_html_line;

enum {
  ZT_HM_TITLE, ZT_HM_H1, ZT_HM_AUTHOR, ZT_HM_KEYWORDS, ZT_HM_DESCRIPTION, ZT_HM_SITE_NAME,
  ZT_HM_OG_TITLE, ZT_HM_URL, ZT_HM_PUBLISHED, ZT_HM_LD_DATE, ZT_HM_LD_AUTHOR, ZT_HM_TIME,
  ZT_HM_META_DATE, ZT_HM_SOURCE,
  /* visible text of elements whose class/id says what they hold (class="author" ...) */
  ZT_HM_AUTHOR_HINT, ZT_HM_SOURCE_HINT, ZT_HM_DATE_HINT, ZT_HM_EDITOR_HINT,
  ZT_HM_SCRIPT_DATE,  /* a "pubtime": "..." value in a page script */
  ZT_HM_MODIFIED,     /* dateModified / article:modified_time: a last resort */
  /* from the JSON-LD article object (zt_jsonld.h); LD_DATE and LD_AUTHOR (persons joined by 、)
   * above come from the same object */
  ZT_HM_LD_HEADLINE, ZT_HM_LD_PUBLISHER, ZT_HM_LD_URL,
  ZT_HM__COUNT
};

/* Parser limits hit (zt_html_doc.warn). */
enum {
  ZT_HW_FLATTENED = 1u << 0, /* nesting past libxml2's cap: start tags deeper than flat_depth
                              * were left out (their text kept, one level up) */
  ZT_HW_STOPPED = 1u << 1    /* the parser still stopped early: the rest of the page is lost */
};
/* Elements nested deeper than this are flattened, on a page that made libxml2 stop. */
#define ZT_HTML_FLAT_DEPTH 200

typedef struct zt_html_doc {
  zt_buf text;            /* line texts, each followed by a newline */
  zt_buf metabuf;         /* metadata values (meta[] spans point here) */
  zt_html_line *lines;
  size_t nlines, cap;
  zt_span meta[ZT_HM__COUNT];
  size_t meta_line[ZT_HM__COUNT]; /* for the *_HINT fields: the line the element started at */
  int has_main;           /* a main content block was found */
  unsigned warn;          /* ZT_HW_* */
  size_t flat_depth;      /* with ZT_HW_FLATTENED: the depth kept */
} zt_html_doc;

typedef struct zt_html_ctx zt_html_ctx;

/* Compiled patterns (class/id hints, JSON-LD fields), their match data and what they said of
 * recent class names; create once, reuse, free. One thread at a time. */
int zt_html_ctx_new(zt_html_ctx **ctx);
void zt_html_ctx_free(zt_html_ctx *ctx);

/* 1 when s[0..n) looks like HTML rather than plain text. */
int zt_html_detect(const char *s, size_t n);

/* Parses UTF-8 HTML s[0..n) into doc (zero it first). ZT_OK, ZT_ENOMEM, or ZT_EINVAL when
 * s is not valid UTF-8 (decode or repair it first: see zt_article_parse). */
int zt_html_extract(zt_html_ctx *ctx, const char *s, size_t n, zt_html_doc *doc);
void zt_html_doc_free(zt_html_doc *doc);

#endif
