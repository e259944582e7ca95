/* zt_html_flatten: a copy of an HTML page with start tags nested deeper than a limit left out,
 * for pages that made libxml2 stop (see zt_html_flatten.h). */
#include "zt_html_flatten.h"

#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- parser limits
 *
 * libxml2 (2.9) stops parsing for good past 256 levels of open elements or a 10 MB text node
 * unless XML_PARSE_HUGE is given, and drops the rest of the page without an error. HUGE alone
 * is no cure: closing tags are matched by scanning the whole open-element stack, so a page of
 * 40k unclosed <font>s and as many stray </b>s takes seconds (quadratic). So pages parse as
 * before, and only one that made the parser stop is parsed again, HUGE, from a copy whose
 * start tags deeper than ZT_HTML_FLAT_DEPTH (then half that, then a quarter) are left out:
 * their text stays, nested in the element at the limit. d->warn records both. */

enum { FLAT_NAME = 12 };

/* libxml2's end-tag priorities: an end tag does not close past an element of higher priority */
static int end_priority(const char *name) {
  static const char *const names[] = {"div", "td", "th", "tr", "thead", "tbody", "tfoot",
                                      "table", "head", "body", "html", NULL};
  static const int prio[] = {150, 160, 160, 170, 180, 180, 180, 190, 200, 200, 220};
  int i;
  for (i = 0; names[i]; i++)
    if (!strcmp(name, names[i])) return prio[i];
  return 100;
}

static int in_list(const char *name, const char *const *list) {
  int i;
  for (i = 0; list[i]; i++)
    if (!strcmp(name, list[i])) return 1;
  return 0;
}

/* The lowercased tag name at s[i..n) (truncated to FLAT_NAME - 1 bytes). */
static void tag_name(const char *s, size_t n, size_t i, char *name) {
  size_t k = 0;
  while (i < n && (((s[i] | 32) >= 'a' && (s[i] | 32) <= 'z') || (s[i] >= '0' && s[i] <= '9'))) {
    if (k + 1 < FLAT_NAME) name[k++] = (char)(s[i] | 32);
    i++;
  }
  name[k] = '\0';
}

/* The end of the tag starting at s[i] ('<'): just past its '>' (quoted values respected), or n. */
static size_t tag_end(const char *s, size_t n, size_t i) {
  char q = 0;
  for (i++; i < n; i++) {
    if (q) { if (s[i] == q) q = 0; }
    else if (s[i] == '"' || s[i] == '\'') { if (s[i - 1] == '=' || s[i - 1] == ' ') q = s[i]; }
    else if (s[i] == '>') return i + 1;
  }
  return n;
}

/* The end of the raw text of a <script>/<style> starting at i: its closing tag, or n. */
static size_t raw_end(const char *s, size_t n, size_t i, const char *name) {
  size_t l = strlen(name);
  for (; i < n; i++)
    if (s[i] == '<' && i + 2 + l <= n && s[i + 1] == '/' && !strncasecmp(s + i + 2, name, l))
      return i;
  return n;
}

typedef struct flat_el {
  char name[FLAT_NAME];
  int prio; /* end_priority(name), computed once */
} flat_el;

typedef struct flat {
  flat_el *stack;
  size_t depth, cap, dropped;
} flat;

/* A start tag: first the implicit closes libxml2 makes most (a block closes an open <p>, <li>
 * an open <li> ...), then 1 to keep the tag, 0 to leave it out, -1 when out of memory. */
static int flat_start(flat *f, const char *name, size_t limit) {
  static const char *const voids[] = {"br", "img", "hr", "meta", "link", "input", "area", "base",
                                      "col", "embed", "param", "source", "track", "wbr", NULL};
  static const char *const closes_p[] = {"p", "div", "ul", "ol", "table", "h1", "h2", "h3",
                                         "h4", "h5", "h6", "section", "article", "li", "pre",
                                         "blockquote", "form", "dl", "header", "footer", NULL};
  static const char *const plike[] = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd",
                                      "pre", "blockquote", "figcaption", NULL};
  if (!name[0] || in_list(name, voids)) return 1;
  while (f->depth) {
    const char *top = f->stack[f->depth - 1].name;
    int cell = !strcmp(top, "td") || !strcmp(top, "th"), def = !strcmp(top, "dt") || !strcmp(top, "dd");
    if ((!strcmp(top, "p") && in_list(name, closes_p)) || (!strcmp(top, "li") && !strcmp(name, "li")) ||
        (def && (!strcmp(name, "dt") || !strcmp(name, "dd"))) ||
        (!strcmp(top, "option") && !strcmp(name, "option")) ||
        (cell && (!strcmp(name, "td") || !strcmp(name, "th") || !strcmp(name, "tr"))) ||
        (!strcmp(top, "tr") && !strcmp(name, "tr")))
      f->depth--;
    else
      break;
  }
  /* past the limit only paragraph-like blocks are kept (in a little headroom under libxml2's
   * 256): the lines of the story stay apart */
  if (f->depth >= limit && !(f->depth < limit + 32 && in_list(name, plike))) {
    f->dropped++;
    return 0;
  }
  if (f->depth == f->cap) {
    size_t nc = f->cap ? f->cap * 2 : 64;
    flat_el *ns = (flat_el *)realloc(f->stack, nc * sizeof *ns);
    if (!ns) return -1;
    f->stack = ns;
    f->cap = nc;
  }
  memcpy(f->stack[f->depth].name, name, FLAT_NAME);
  f->stack[f->depth++].prio = end_priority(name);
  return 1;
}

/* An end tag closes up to its element, unless an element of higher priority is in the way
 * (then libxml2 ignores it). The stack never exceeds `limit` names: the scan is bounded.
 * Returns 0 for an end tag that closes nothing. */
static int flat_end(flat *f, const char *name) {
  size_t j = f->depth;
  int pr = end_priority(name);
  while (j > 0) {
    j--;
    if (!strcmp(f->stack[j].name, name)) { f->depth = j; return 1; }
    if (f->stack[j].prio > pr) return 0;
  }
  return 0;
}

/* The end of the markup item at s[i] ('<') that is not a start tag: comment, end tag, <!...>.
 * *drop is set for an end tag that closes nothing: libxml2 would only record an error for it
 * (an allocation each: 100k stray </div>s cost seconds under a sanitizer). </p> and </br> stay,
 * they make elements. */
static size_t other_end(flat *f, const char *s, size_t n, size_t i, int *drop) {
  size_t j;
  char name[FLAT_NAME];
  if (i + 4 <= n && !memcmp(s + i, "<!--", 4)) {
    for (j = i + 4; j + 3 <= n; j++)
      if (s[j] == '-' && s[j + 1] == '-' && s[j + 2] == '>') return j + 3;
    return n;
  }
  if (i + 1 < n && s[i + 1] == '/') {
    tag_name(s, n, i + 2, name);
    *drop = !flat_end(f, name) && strcmp(name, "p") && strcmp(name, "br");
    return tag_end(s, n, i);
  }
  if (i + 1 < n && (s[i + 1] == '!' || s[i + 1] == '?')) return tag_end(s, n, i);
  return i + 1;
}

/* s[0..n) with every start tag deeper than `limit` (as libxml2 would nest them) left out, in
 * *out. Linear. Returns the number of tags left out, or (size_t)-1 when out of memory. */
size_t zt_html_flatten(const char *s, size_t n, size_t limit, zt_buf *out) {
  flat f = {NULL, 0, 0, 0};
  size_t i = 0, e;
  while (i < n && !out->oom) {
    char name[FLAT_NAME];
    int keep;
    if (s[i] != '<') {
      const char *lt = memchr(s + i, '<', n - i);
      e = lt ? (size_t)(lt - s) : n;
    } else if (i + 1 < n && (s[i + 1] | 32) >= 'a' && (s[i + 1] | 32) <= 'z') {
      tag_name(s, n, i + 1, name);
      e = tag_end(s, n, i);
      /* a tag that swallowed a long stretch (an unclosed quote) is always kept */
      keep = e - i > 4096 ? 1 : flat_start(&f, name, limit);
      if (keep < 0) break;
      if (keep) zt_buf_add(out, s + i, e - i);
      if (!strcmp(name, "script") || !strcmp(name, "style")) {
        size_t r = raw_end(s, n, e, name);
        zt_buf_add(out, s + e, r - e);
        e = r;
      }
      i = e;
      continue;
    } else {
      int drop = 0;
      e = other_end(&f, s, n, i, &drop);
      if (drop) { i = e; continue; }
    }
    zt_buf_add(out, s + i, e - i);
    i = e;
  }
  free(f.stack);
  return i < n || out->oom ? (size_t)-1 : f.dropped;
}
