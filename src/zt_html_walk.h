/* zt_html_walk (private to zt_html*.c): the walk that turns a page's elements into lines and
 * metadata, fed one start tag, text run and end tag at a time in document order (zt_html.c),
 * and the libxml2 SAX driver that feeds it (zt_html_sax.c). */
#ifndef ZT_HTML_WALK_H
#define ZT_HTML_WALK_H

#include <stddef.h>

#include "zt_html.h"

enum { HT_BLOCK = 1, HT_PLIKE = 2, HT_SKIPPED = 4 };
enum {
  T_OTHER,
#define TAG(id, name, flags) id,
#include "zt_html_tags.def"
#undef TAG
  T__COUNT
};

/* The attributes the walk reads. */
enum {
  A_CLASS, A_ID, A_ROLE, A_STYLE, A_NAME, A_PROPERTY, A_CONTENT, A_ITEMPROP, A_REL, A_HREF,
  A_TYPE, A_DATETIME, A__COUNT
};

/* One start tag as the walk sees it. */
typedef struct zt_html_el {
  int tag;                 /* T_* (T_OTHER when not in zt_html_tags.def) */
  unsigned tflags;         /* its HT_* */
  const char *a[A__COUNT]; /* attribute values; NULL when absent or given without a value */
  int hidden_attr;         /* it has a `hidden` attribute */
} zt_html_el;

/* What zt_html_leave must undo for an element (set by zt_html_enter). */
enum {
  OE_HINT = 1u << 0, OE_HIDDEN = 1u << 1, OE_HEAD = 1u << 2, OE_LINK = 1u << 3,
  OE_BLOCK = 1u << 4, OE_BOIL = 1u << 5, OE_REL = 1u << 6, OE_FOOT = 1u << 7,
  OE_H1 = 1u << 8, OE_HEADING = 1u << 9
};

typedef struct zt_html_elem {
  unsigned tflags; /* HT_* of its tag */
  double score;
  size_t parent;   /* index of the enclosing block element, or (size_t)-1 */
  int in_main;
  int contains_main; /* the main block is this element or inside it */
} zt_html_elem;

typedef struct zt_html_hint {
  int which;    /* ZT_HM_*_HINT */
  size_t start; /* in d->text */
  size_t line;  /* d->nlines when it started */
} zt_html_hint;

typedef struct zt_html_walk {
  zt_html_ctx *c;
  zt_html_doc *d;
  zt_html_elem *el;
  size_t nel, capel;
  size_t *stack;     /* open block elements (indexes into el) */
  size_t nstack, capstack;
  size_t *line_el;   /* per line: its block element */
  size_t *line_boil; /* per line: its innermost boilerplate element, or (size_t)-1 */
  size_t *bstack;    /* open boilerplate elements */
  size_t nb, capb;
  size_t line_start; /* current line's start in d->text */
  size_t link_chars, chars;
  size_t line_k, line_score; /* the current line's characters (decoded) and score */
  int pending_space;
  int boiler, related, footer, h1, heading, link, skip;
  zt_html_hint hints[8];
  int nhints;
  int ld_rank;       /* zt_jsonld rank of the object the LD meta fields came from */
  int oom;
} zt_html_walk;

/* The tag of a lowercase element name (T_OTHER when unknown) and its HT_* flags. */
int zt_html_tag(const zt_html_ctx *c, const char *name, unsigned *flags);

/* A start tag: returns 1 when the walk reads the element's content, 0 when it skips it (then
 * only its end follows: no text or children). *oe gets the OE_* flags for zt_html_leave. */
int zt_html_enter(zt_html_walk *w, const zt_html_el *e, unsigned *oe);
void zt_html_leave(zt_html_walk *w, unsigned oe);
/* Text inside the element last entered (and not skipped). */
void zt_html_text(zt_html_walk *w, const char *s, size_t n);
/* The whole text of a <title> (NUL-terminated, rewritten in place) and of a <script> (whose
 * type said ld+json when ld; js NUL-terminated): both are skipped elements, read once they
 * end. */
void zt_html_title(zt_html_walk *w, char *t, size_t n);
void zt_html_script(zt_html_walk *w, int ld, const char *js, size_t n);
/* Ends the last line. */
void zt_html_flush(zt_html_walk *w);

/* Parses s[0..n) with libxml2 (zt_html_sax.c), feeding the walk; a page that hit a parser limit
 * is parsed again flattened (zt_html_flatten.h), the walk reset for it. Sets d->warn. */
void zt_html_parse(zt_html_walk *w, const char *s, size_t n);
/* Frees the walk's arrays and zeroes it, keeping c and d. */
void zt_html_walk_reset(zt_html_walk *w);

#endif
