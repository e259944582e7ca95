/* zt_html: libxml2's HTML parser → metadata + text lines with layout flags (see zt_html.h).
 *
 * One walk over the page's elements in document order, fed by the parser's SAX events
 * (zt_html_sax.c: no tree is built): metadata from <head>, JSON-LD and <time>; one line per
 * block; every line's text/punctuation score is credited to its block's container and
 * (decaying) to the container's ancestors, readability-style, counting characters and Chinese
 * punctuation rather than words. The best container is the main content; the lines inside it
 * are marked at the end.
 */
#include "zt_html.h"

#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include <libxml/parser.h>

#include "zt_error.h"
#include "zt_html_walk.h"
#include "zt_jsonld.h"
#include "zt_utf8.h"
#include "zt_utf8_inline.h"

#define TAG_SLOTS 256 /* open-addressing table of the tag names (a power of two) */

/* What the class/id patterns said of one short attribute value: pages (and the pages of a
 * site) repeat their class names, so each is matched once. A pure function of the value:
 * results are the same with or without it. */
enum { MEMO_SLOTS = 256, MEMO_KEY = 46 };
enum { MK_BOIL = 1, MK_REL = 2, MK_HINT = 4 };
typedef struct class_memo {
  unsigned char len;   /* the value's length; 0 for an empty slot */
  unsigned char known; /* MK_*: the results computed */
  unsigned char val;   /* MK_BOIL | MK_REL: the patterns that matched */
  signed char hint;    /* hint_of's result, with MK_HINT known */
  char key[MEMO_KEY];
} class_memo;

struct zt_html_ctx {
  pcre2_code *boiler_re, *related_re, *hint_re, *js_date_re;
  pcre2_match_data *md;
  pcre2_match_context *mctx;
  unsigned char tag_slot[TAG_SLOTS]; /* 1 + index into tags[], 0 for an empty slot */
  class_memo memo[MEMO_SLOTS];       /* direct-mapped, a colliding value replaces the old one */
};

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static pcre2_code *compile(const char *pat) {
  int err;
  PCRE2_SIZE off;
  pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                                 PCRE2_CASELESS | PCRE2_UTF | PCRE2_NO_UTF_CHECK, &err, &off, NULL);
  /* no JIT: short subjects (class names, JSON-LD), and JIT code confuses valgrind */
  return re;
}

static int tables_sorted(void);
static void build_tag_slots(zt_html_ctx *c);

int zt_html_ctx_new(zt_html_ctx **out) {
  zt_html_ctx *c = (zt_html_ctx *)calloc(1, sizeof *c);
  if (!c) return ZT_ENOMEM;
  c->boiler_re = compile(
      "comment|footer|sidebar|breadcrumb|crumb|copyright|share|navbar|banner|advert|login|"
      "toolbar|(?<![a-z])(?:nav|menu|ad|ads|gg|hot|foot|aside|rank|ranking|pinglun|"
      "fenxiang|weizhi|daohang|bottom|reply|discuss)(?![a-z])");
  c->related_re = compile("related|relate|xgwz|xiangguan|recommend|tuijian|morenews|more-news|"
                          "xgxw|xgyd|rel-news|relnews");
  c->hint_re = compile("(author|writer|byline|zuozhe|reporter|journalist)|(source|laiyuan|media-name|"
                       "article-from|come-from)|(pubtime|pub-time|pub_time|publish|post-time|"
                       "posttime|(?<![a-z])(?:time|date|riqi|shijian)(?![a-z]))|(editor|bianji)");
  c->js_date_re = compile("[\"']?(?:pubtime|pub_time|publish_time|publishtime|pubdate|pub_date|"
                          "publishdate|publish_date|ptime|firstpublishtime|datepublished|"
                          "createtime|create_time|(?<![a-z_.])ct)[\"']?\\s*[:=]\\s*[\"']([^\"'<>]{8,40})[\"']");
  c->md = pcre2_match_data_create(8, NULL);
  c->mctx = pcre2_match_context_create(NULL);
  if (c->mctx) {
    pcre2_set_match_limit(c->mctx, 200000);
    pcre2_set_depth_limit(c->mctx, 2000);
  }
  /* an unsorted tag or meta table (a maintainer's slip) fails here, not as a silent miss */
  if (!tables_sorted() || !c->boiler_re || !c->related_re || !c->hint_re || !c->js_date_re ||
      !c->md || !c->mctx) {
    zt_html_ctx_free(c);
    return ZT_ENOMEM;
  }
  /* libxml2's set-up (its globals, mutexes, tables) must run once, before any thread parses:
   * called from several threads at once it races. The accepted exception to "no global
   * mutable state": a pthread_once guard for a library's one-time init. */
  pthread_once(&xml_once, xmlInitParser);
  build_tag_slots(c);
  *out = c;
  return ZT_OK;
}

void zt_html_ctx_free(zt_html_ctx *c) {
  if (!c) return;
  pcre2_code_free(c->boiler_re);
  pcre2_code_free(c->related_re);
  pcre2_code_free(c->hint_re);
  pcre2_code_free(c->js_date_re);
  pcre2_match_data_free(c->md);
  pcre2_match_context_free(c->mctx);
  free(c);
}

int zt_html_detect(const char *s, size_t n) {
  /* strong signs: a document's own tags near the start */
  static const char *const strong[] = {"<html", "<!doctype", "<head", "<body", "<meta", "<title",
                                       NULL};
  static const char *const weak[] = {"<p>", "<p ", "<div", "<br", "<span", "<table", "<article",
                                     "<li", "<td", "<a ", "</p>", "</div>", NULL};
  size_t lim = n < 4096 ? n : 4096, wl = n < 65536 ? n : 65536, tags = 0, newlines = 0;
  const char *p, *end;
  int j;
  /* jump from '<' to '<' (plain text has few) */
  for (p = s, end = s + lim; (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++)
    for (j = 0; strong[j]; j++) {
      size_t l = strlen(strong[j]);
      if ((size_t)(p - s) + l <= n && strncasecmp(p, strong[j], l) == 0) return 1;
    }
  /* weak signs: plain text with a stray <br> stays text; a fragment made of tags is HTML */
  for (p = s, end = s + wl; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) newlines++;
  for (p = s, end = s + wl; (p = memchr(p, '<', (size_t)(end - p))) != NULL; p++)
    for (j = 0; weak[j]; j++) {
      size_t l = strlen(weak[j]);
      if ((size_t)(p - s) + l <= n && strncasecmp(p, weak[j], l) == 0) { tags++; break; }
    }
  return tags >= 3 && tags * 2 >= newlines;
}

typedef zt_html_walk walk;

/* ---------------------------------------------------------------- tag and meta tables */

typedef struct tag_def {
  const char *name;
  int id;
  unsigned flags;
} tag_def;
static const tag_def tags[] = {
#define TAG(id, name, flags) {name, id, flags},
#include "zt_html_tags.def"
#undef TAG
};
#define NTAGS (sizeof tags / sizeof tags[0])

typedef struct meta_def {
  const char *key;
  int field, force;
} meta_def;
static const meta_def meta_keys[] = {
#define META(key, field, force) {key, field, force},
#define ITEMPROP(v, field)
#include "zt_html_meta.def"
#undef META
#undef ITEMPROP
};
static const meta_def itemprops[] = {
#define META(key, field, force)
#define ITEMPROP(v, field) {v, field, 0},
#include "zt_html_meta.def"
#undef META
#undef ITEMPROP
};
#define NMETA (sizeof meta_keys / sizeof meta_keys[0])
#define NITEMPROP (sizeof itemprops / sizeof itemprops[0])

/* The tables must be sorted for the binary searches below. */
static int tables_sorted(void) {
  size_t i;
  for (i = 1; i < NTAGS; i++)
    if (strcmp(tags[i - 1].name, tags[i].name) >= 0) return 0;
  for (i = 1; i < NMETA; i++)
    if (strcmp(meta_keys[i - 1].key, meta_keys[i].key) >= 0) return 0;
  for (i = 1; i < NITEMPROP; i++)
    if (strcmp(itemprops[i - 1].key, itemprops[i].key) >= 0) return 0;
  return 1;
}

/* Case-insensitive binary search over a sorted table of lowercase names; -1 when absent. */
static int find_name(const char *s, const void *table, size_t n, size_t stride) {
  size_t lo = 0, hi = n;
  if (!s) return -1;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    const char *key = *(const char *const *)(const void *)((const char *)table + mid * stride);
    int c = strcasecmp(s, key);
    if (c == 0) return (int)mid;
    if (c < 0) hi = mid;
    else lo = mid + 1;
  }
  return -1;
}

/* Tag names are looked up in an open-addressing table (libxml2 gives HTML names lowercased):
 * one hash and, mostly, one strcmp per start tag. */
enum { TAG_MAX_LEN = 10 }; /* the longest name in zt_html_tags.def (blockquote, figcaption) */

static unsigned tag_hash(const char *s, size_t len) {
  unsigned h = (unsigned)len * 41u + (unsigned char)s[0] * 7u + (unsigned char)s[len - 1] * 3u;
  if (len > 1) h += (unsigned char)s[1] * 131u;
  return h & (TAG_SLOTS - 1);
}

static void build_tag_slots(zt_html_ctx *c) {
  size_t i;
  memset(c->tag_slot, 0, sizeof c->tag_slot);
  for (i = 0; i < NTAGS; i++) {
    unsigned h = tag_hash(tags[i].name, strlen(tags[i].name));
    while (c->tag_slot[h]) h = (h + 1) & (TAG_SLOTS - 1);
    c->tag_slot[h] = (unsigned char)(i + 1);
  }
}

int zt_html_tag(const zt_html_ctx *c, const char *s, unsigned *flags) {
  size_t len = 0;
  unsigned h;
  *flags = 0;
  while (len <= TAG_MAX_LEN && s[len]) len++;
  if (len == 0 || len > TAG_MAX_LEN) return T_OTHER;
  for (h = tag_hash(s, len); c->tag_slot[h]; h = (h + 1) & (TAG_SLOTS - 1)) {
    const tag_def *t = &tags[c->tag_slot[h] - 1];
    if (strcmp(t->name, s) == 0) {
      *flags = t->flags;
      return t->id;
    }
  }
  return T_OTHER;
}

static const meta_def *meta_key(const char *k) {
  int i = find_name(k, meta_keys, NMETA, sizeof meta_keys[0]);
  return i < 0 ? NULL : &meta_keys[i];
}

static int itemprop_field(const char *v) {
  int i = find_name(v, itemprops, NITEMPROP, sizeof itemprops[0]);
  return i < 0 ? -1 : itemprops[i].field;
}

/* style="display:none" (any case and spacing) or a hidden attribute: text the reader never
 * sees (a second copy of the article for a script, a collapsed duplicate). */
static int is_hidden(const zt_html_el *e) {
  const char *v = e->a[A_STYLE], *q;
  size_t len, i;
  if (e->hidden_attr) return 1;
  if (!v || (len = strlen(v)) > 2048) return 0;
  for (i = 0; i + 7 <= len; i++) {
    if (strncasecmp(v + i, "display", 7) != 0) continue;
    q = v + i + 7;
    while (*q == ' ' || *q == '\t') q++;
    if (*q != ':') continue;
    q++;
    while (*q == ' ' || *q == '\t') q++;
    if (!strncasecmp(q, "none", 4)) return 1;
  }
  return 0;
}

static int re_match(walk *w, pcre2_code *re, const char *s, size_t n) {
  if (!s || !n || n > 4096) return 0;
  return pcre2_match(re, (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK, w->c->md, w->c->mctx) > 0;
}

/* The memo slot of s[0..n), emptied when it held another value; NULL when s is too long. */
static class_memo *memo_of(zt_html_ctx *c, const char *s, size_t n) {
  unsigned h = 2166136261u;
  size_t i;
  class_memo *m;
  if (n == 0 || n > MEMO_KEY) return NULL;
  for (i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 16777619u;
  m = &c->memo[(h ^ (h >> 15)) & (MEMO_SLOTS - 1)];
  if (m->len != n || memcmp(m->key, s, n) != 0) {
    m->len = (unsigned char)n;
    memcpy(m->key, s, n);
    m->known = m->val = 0;
  }
  return m;
}

/* re_match of the boilerplate (MK_BOIL) or related-list (MK_REL) pattern on a class/id. */
static int class_match(walk *w, int which, const char *s, size_t n) {
  pcre2_code *re = which == MK_BOIL ? w->c->boiler_re : w->c->related_re;
  class_memo *m = memo_of(w->c, s, n);
  if (!m) return re_match(w, re, s, n);
  if (!(m->known & which)) {
    m->known |= (unsigned char)which;
    if (re_match(w, re, s, n)) m->val |= (unsigned char)which;
  }
  return (m->val & which) != 0;
}

/* The line score of one character: 1 for Han, 5 for the punctuation of prose. */
static size_t char_score(int32_t c) {
  if (c >= 0x4E00 && c <= 0x9FFF) return 1; /* the common Han block, as zt_is_han says */
  if (c >= 0x3400 && zt_is_han(c)) return 1;
  if (c == 0xFF0C || c == 0x3002 || c == 0x3001 || c == 0xFF1B || c == 0xFF1A || c == 0x201C ||
      c == 0x201D || c == 0xFF01 || c == 0xFF1F || c == ',')
    return 5;
  return 0;
}

/* Appends text, collapsing whitespace (space, tab, CR, LF, FF, U+00A0); returns the
 * characters added (as bytes that do not continue a sequence). The text grows by at most
 * n + 1 bytes (a pending space, then s). The line's score (char_score) and character count
 * grow as they go: libxml2 hands text over in whole characters. */
static size_t add_text(walk *w, const unsigned char *s, size_t n) {
  size_t i = 0, chars = 0, score = 0, k = 0;
  zt_buf *b = &w->d->text;
  char *o, *start;
  int pending = w->pending_space;
  if (!zt_buf_reserve(b, n + 1)) {
    w->oom = 1;
    return 0;
  }
  o = b->data + b->len;
  start = b->data + w->line_start;
  while (i < n) {
    unsigned ch = s[i];
    size_t l, j;
    int32_t c;
    if (ch <= ' ' ? (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f')
                  : (ch == 0xC2 && i + 1 < n && s[i + 1] == 0xA0)) {
      pending = 1;
      i += ch == 0xC2 ? 2 : 1;
      continue;
    }
    if (pending && o > start) {
      *o++ = ' ';
      chars++;
      k++;
    }
    pending = 0;
    k++;
    chars++;
    if (ch < 0x80) { /* as zt_utf8_next would */
      *o++ = (char)ch;
      score += ch == ',' ? 5 : 0;
      i++;
      continue;
    }
    if (ch >= 0xE1 && ch <= 0xEF && ch != 0xED && n - i >= 3 && (s[i + 1] & 0xC0) == 0x80 &&
        (s[i + 2] & 0xC0) == 0x80) {
      c = ((int32_t)(ch & 0x0F) << 12) | ((int32_t)(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
      o[0] = (char)ch;
      o[1] = (char)s[i + 1];
      o[2] = (char)s[i + 2];
      o += 3;
      score += char_score(c);
      i += 3;
      continue;
    }
    chars--;
    l = zt_utf8_next(s + i, n - i, &c);
    if (l == 0) l = 1;
    for (j = 0; j < l; j++) {
      *o++ = (char)s[i + j];
      chars += (s[i + j] & 0xC0) != 0x80;
    }
    score += char_score(c);
    i += l;
  }
  b->len = (size_t)(o - b->data);
  w->pending_space = pending;
  w->line_score += score;
  w->line_k += k;
  return chars;
}

static void set_meta(walk *w, int which, const char *s, int force) {
  size_t n, b, e;
  zt_span *sp = &w->d->meta[which];
  if (!s || (sp->set && !force)) return;
  n = strlen(s);
  b = 0;
  e = n;
  while (b < e && (s[b] == ' ' || s[b] == '\n' || s[b] == '\t' || s[b] == '\r')) b++;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\n' || s[e - 1] == '\t' || s[e - 1] == '\r')) e--;
  if (e <= b || e - b > 20000) return;
  sp->off = w->d->metabuf.len;
  zt_buf_add(&w->d->metabuf, s + b, e - b);
  sp->len = e - b;
  sp->set = 1;
  if (w->d->metabuf.oom) w->oom = 1;
}

/* Matches re in a script's text and sets meta field `which` from the first group that took
 * part (one pattern may offer alternatives), when it is short enough to be a date. */
static void script_meta(walk *w, const pcre2_code *re, const char *js, size_t len, int which) {
  PCRE2_SIZE *ov;
  int rc = pcre2_match(re, (PCRE2_SPTR)js, len, 0, PCRE2_NO_UTF_CHECK, w->c->md, w->c->mctx), g;
  char buf[48];
  size_t l;
  if (rc <= 1) return;
  ov = pcre2_get_ovector_pointer(w->c->md);
  for (g = 1; g < rc && ov[2 * g] == PCRE2_UNSET; g++) {}
  if (g >= rc) return;
  l = ov[2 * g + 1] - ov[2 * g];
  if (l >= sizeof buf) return;
  memcpy(buf, js + ov[2 * g], l);
  buf[l] = '\0';
  set_meta(w, which, buf, 0);
}

/* The LD fields from one JSON-LD script: a later script replaces them only with a
 * better-ranked object (an Article after a WebPage), never mixing two objects' fields. */
static void script_ld(walk *w, const char *js, size_t len) {
  static const int slot[][2] = {{ZT_LD_PUBLISHED, ZT_HM_LD_DATE}, {ZT_LD_PERSONS, ZT_HM_LD_AUTHOR},
                                {ZT_LD_HEADLINE, ZT_HM_LD_HEADLINE},
                                {ZT_LD_PUBLISHER, ZT_HM_LD_PUBLISHER}, {ZT_LD_URL, ZT_HM_LD_URL}};
  zt_jsonld ld;
  size_t i;
  memset(&ld, 0, sizeof ld);
  if (zt_jsonld_parse(js, len, &ld) != ZT_OK) { w->oom = 1; return; }
  if (ld.rank > w->ld_rank) {
    w->ld_rank = ld.rank;
    for (i = 0; i < sizeof slot / sizeof slot[0]; i++) {
      w->d->meta[slot[i][1]].set = 0;
      set_meta(w, slot[i][1], zt_jsonld_get(&ld, slot[i][0]), 1);
    }
    set_meta(w, ZT_HM_MODIFIED, zt_jsonld_get(&ld, ZT_LD_MODIFIED), 0);
  }
  zt_jsonld_free(&ld);
}

static void flush(walk *w) {
  zt_buf *b = &w->d->text;
  size_t len = b->len - w->line_start;
  w->pending_space = 0;
  if (len == 0 || w->oom) {
    w->link_chars = w->chars = w->line_k = w->line_score = 0;
    return;
  }
  if (w->d->nlines == w->d->cap) {
    size_t nc = w->d->cap ? w->d->cap * 2 : 64;
    zt_html_line *nl = (zt_html_line *)realloc(w->d->lines, nc * sizeof *nl);
    size_t *ne = (size_t *)realloc(w->line_el, nc * sizeof *ne);
    size_t *nbl;
    if (nl) w->d->lines = nl;
    if (ne) w->line_el = ne;
    if (!nl || !ne) { w->oom = 1; return; }
    nbl = (size_t *)realloc(w->line_boil, nc * sizeof *nbl);
    if (!nbl) { w->oom = 1; return; }
    w->line_boil = nbl;
    w->d->cap = nc;
  }
  {
    zt_html_line *L = &w->d->lines[w->d->nlines];
    size_t top = w->nstack ? w->stack[w->nstack - 1] : (size_t)-1;
    size_t chars = w->line_k, sc = w->line_score;
    unsigned f = ZT_LF_HTML;
    L->off = w->line_start;
    L->len = len;
    if (w->boiler) f |= ZT_LF_BOILER;
    if (w->related) f |= ZT_LF_RELATED;
    if (w->footer) f |= ZT_LF_FOOTER | ZT_LF_BOILER;
    if (w->h1) f |= ZT_LF_H1;
    if (w->heading) f |= ZT_LF_HEADING;
    if (w->chars && w->link_chars * 10 >= w->chars * 6) f |= ZT_LF_LINK;
    L->flags = f;
    w->line_el[w->d->nlines] = top;
    w->line_boil[w->d->nlines] = w->nb ? w->bstack[w->nb - 1] : (size_t)-1;
    w->d->nlines++;
    if (w->h1 && !w->d->meta[ZT_HM_H1].set) {
      zt_span *sp = &w->d->meta[ZT_HM_H1];
      sp->off = w->d->metabuf.len;
      zt_buf_add(&w->d->metabuf, b->data + L->off, len);
      sp->len = len;
      sp->set = 1;
      if (w->d->metabuf.oom) w->oom = 1;
    }
    /* credit the score (text in boilerplate-classed elements counts little: a class name
     * such as "js_img_share_area" can sit on the article itself) */
    if (!(f & ZT_LF_LINK) && chars >= 10 && top != (size_t)-1 &&
        w->link_chars * 2 < w->chars + 1) {
      size_t t = top;
      double s = (double)sc * ((f & ZT_LF_BOILER) ? 0.3 : 1.0), div = 1.0;
      int k;
      if ((w->el[t].tflags & HT_PLIKE) && w->el[t].parent != (size_t)-1) t = w->el[t].parent;
      for (k = 0; k < 3 && t != (size_t)-1; k++) {
        w->el[t].score += s / div;
        div += 1.0;
        t = w->el[t].parent;
      }
    }
  }
  zt_buf_addc(b, '\n');
  w->line_start = b->len;
  w->link_chars = w->chars = w->line_k = w->line_score = 0;
  if (b->oom) w->oom = 1;
}

void zt_html_flush(walk *w) { flush(w); }

/* Which metadata a class/id hints at (class="author" ...), or -1. */
static int hint_match(walk *w, const char *v, size_t n) {
  int rc = pcre2_match(w->c->hint_re, (PCRE2_SPTR)v, n, 0, PCRE2_NO_UTF_CHECK, w->c->md, w->c->mctx);
  if (rc > 1) {
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(w->c->md);
    static const int kinds[5] = {-1, ZT_HM_AUTHOR_HINT, ZT_HM_SOURCE_HINT, ZT_HM_DATE_HINT,
                                 ZT_HM_EDITOR_HINT};
    int g;
    for (g = 1; g < rc && g < 5; g++)
      if (ov[2 * g] != PCRE2_UNSET) return kinds[g];
  }
  return -1;
}

static int hint_of(walk *w, const char *v) {
  size_t n;
  class_memo *m;
  if (!v || (n = strlen(v)) == 0 || n > 300) return -1;
  m = memo_of(w->c, v, n);
  if (!m) return hint_match(w, v, n);
  if (!(m->known & MK_HINT)) {
    m->known |= MK_HINT;
    m->hint = (signed char)hint_match(w, v, n);
  }
  return m->hint;
}

/* An element whose class/id hints at a field ends: its text is that field's candidate. */
static void take_hint(walk *w) {
  zt_html_hint *h;
  size_t b, e, i;
  char buf[304];
  if (!w->nhints) return;
  h = &w->hints[--w->nhints];
  b = h->start;
  e = w->d->text.len;
  if (e <= b || e - b > 300 || w->d->meta[h->which].set) return;
  for (i = b; i < e; i++) {
    char ch = w->d->text.data[i];
    buf[i - b] = ch == '\n' ? ' ' : ch;
  }
  buf[e - b] = '\0';
  set_meta(w, h->which, buf, 0);
  w->d->meta_line[h->which] = h->line;
}

/* Text: appended to the current line (link text counted apart). */
void zt_html_text(walk *w, const char *s, size_t n) {
  if (!w->skip) {
    size_t k = add_text(w, (const unsigned char *)s, n);
    w->chars += k;
    if (w->link) w->link_chars += k;
  }
}

/* <meta name|property=KEY content=...> and <meta itemprop=...>: the keys of zt_html_meta.def. */
static void enter_meta(walk *w, const zt_html_el *e) {
  const char *name = e->a[A_NAME], *prop = e->a[A_PROPERTY], *content = e->a[A_CONTENT];
  const char *k = name ? name : prop;
  const meta_def *m = k ? meta_key(k) : NULL;
  int ip = itemprop_field(e->a[A_ITEMPROP]);
  if (!content) return;
  if (m && m->field != ZT_HM_MODIFIED) set_meta(w, m->field, content, m->force);
  if (ip == ZT_HM_META_DATE) set_meta(w, ZT_HM_META_DATE, content, 0);
  if (ip == ZT_HM_MODIFIED || (m && m->field == ZT_HM_MODIFIED)) set_meta(w, ZT_HM_MODIFIED, content, 0);
}

/* <title>: its text (t[0..n), NUL-terminated, rewritten in place), whitespace collapsed. */
void zt_html_title(walk *w, char *t, size_t len) {
  size_t i, j = 0;
  int sp = 0;
  if (w->d->meta[ZT_HM_TITLE].set) return;
  for (i = 0; i < len; i++) {
    if (t[i] == '\n' || t[i] == '\r' || t[i] == '\t' || t[i] == ' ') { sp = 1; continue; }
    if (sp && j) t[j++] = ' ';
    sp = 0;
    t[j++] = t[i];
  }
  t[j] = '\0';
  set_meta(w, ZT_HM_TITLE, t, 0);
}

/* <script>: a publication time in page scripts; JSON-LD's datePublished and author. js (NULL
 * when the script has no text) is NUL-terminated. */
void zt_html_script(walk *w, int ld, const char *js, size_t len) {
  if (!js) return;
  if (ld) script_ld(w, js, len);
  else if (!w->d->meta[ZT_HM_SCRIPT_DATE].set)
    script_meta(w, w->c->js_date_re, js, len > 200000 ? 200000 : len, ZT_HM_SCRIPT_DATE);
}

/* Grows the element and open-block arrays for one more block; 0 on OOM. */
static int grow_blocks(walk *w) {
  if (w->nel == w->capel) {
    size_t nc = w->capel ? w->capel * 2 : 256;
    zt_html_elem *ne = (zt_html_elem *)realloc(w->el, nc * sizeof *ne);
    if (!ne) { w->oom = 1; return 0; }
    w->el = ne;
    w->capel = nc;
  }
  if (w->nstack == w->capstack) {
    size_t nc = w->capstack ? w->capstack * 2 : 64;
    size_t *ns = (size_t *)realloc(w->stack, nc * sizeof *ns);
    if (!ns) { w->oom = 1; return 0; }
    w->stack = ns;
    w->capstack = nc;
  }
  return 1;
}

/* A block element: a new line, a scored container, and the layout state its class/id/role
 * says (boilerplate, related list, footer, heading). Returns 1 to descend. */
static int enter_block(walk *w, const zt_html_el *e, unsigned *oe) {
  const char *cls = e->a[A_CLASS], *id = e->a[A_ID], *role = e->a[A_ROLE];
  size_t ncls = cls ? strlen(cls) : 0, nid = id ? strlen(id) : 0;
  int tag = e->tag, boil = 0, rel = 0, foot = 0;
  flush(w);
  if (tag == T_NAV || tag == T_ASIDE) boil = 1;
  if (tag == T_FOOTER) foot = 1;
  if (role && (!strcasecmp(role, "navigation") || !strcasecmp(role, "complementary") ||
               !strcasecmp(role, "contentinfo")))
    boil = 1;
  if (cls && class_match(w, MK_BOIL, cls, ncls)) boil = 1;
  if (id && class_match(w, MK_BOIL, id, nid)) boil = 1;
  if (cls && class_match(w, MK_REL, cls, ncls)) rel = 1;
  if (id && class_match(w, MK_REL, id, nid)) rel = 1;
  if ((cls && strstr(cls, "foot")) || (id && strstr(id, "foot"))) foot = 1;
  if (rel) boil = 0;
  if (!grow_blocks(w)) return 0;
  w->el[w->nel].tflags = e->tflags;
  w->el[w->nel].score = 0;
  w->el[w->nel].parent = w->nstack ? w->stack[w->nstack - 1] : (size_t)-1;
  w->el[w->nel].in_main = 0;
  w->el[w->nel].contains_main = 0;
  *oe |= OE_BLOCK | (boil ? OE_BOIL : 0) | (rel ? OE_REL : 0) | (foot ? OE_FOOT : 0);
  w->stack[w->nstack++] = w->nel++;
  if (boil || foot) {
    if (w->nb == w->capb) {
      size_t nc = w->capb ? w->capb * 2 : 32;
      size_t *nbs = (size_t *)realloc(w->bstack, nc * sizeof *nbs);
      if (!nbs) { w->oom = 1; return 0; }
      w->bstack = nbs;
      w->capb = nc;
    }
    w->bstack[w->nb++] = w->nel - 1;
  }
  w->boiler += boil;
  w->related += rel;
  w->footer += foot;
  if (tag == T_H1) { w->h1++; *oe |= OE_H1; }
  else if (tag >= T_H2 && tag <= T_H6) { w->heading++; *oe |= OE_HEADING; }
  return 1;
}

/* Returns 1 to descend into the element. */
static int enter_node(walk *w, const zt_html_el *e, unsigned *oe) {
  int tag = e->tag;
  unsigned tf = e->tflags;
  switch (tag) {
    case T_META: enter_meta(w, e); return 0;
    case T_LINK: {
      const char *rel = e->a[A_REL], *href = e->a[A_HREF];
      if (rel && href && !strcasecmp(rel, "canonical")) set_meta(w, ZT_HM_URL, href, 0);
      return 0;
    }
    case T_TITLE: case T_SCRIPT: return 0; /* read when they end (zt_html_title, _script) */
    default: break;
  }
  if (!w->skip && is_hidden(e) && tag != T_BODY && tag != T_HTML) {
    /* like <head>: its meta/time children are still read, it makes no lines */
    *oe |= OE_HIDDEN;
    w->skip++;
    return 1;
  }
  /* head: still read its meta/title/link/script children, but make no lines */
  if (tag == T_HEAD) { *oe |= OE_HEAD; w->skip++; return 1; }
  if (tf & HT_SKIPPED) return 0;
  if (tag == T_TIME) {
    const char *dt = e->a[A_DATETIME];
    if (dt) set_meta(w, ZT_HM_TIME, dt, 0);
  }
  if (e->a[A_ITEMPROP] && itemprop_field(e->a[A_ITEMPROP]) == ZT_HM_META_DATE) {
    const char *v = e->a[A_DATETIME];
    if (!v) v = e->a[A_CONTENT];
    if (v) set_meta(w, ZT_HM_META_DATE, v, 0);
  }
  if (tag == T_BR) { flush(w); return 0; }
  if (tag == T_A) { *oe |= OE_LINK; w->link++; return 1; }
  if (tag == T_IMG) return 0;
  if (tf & HT_BLOCK) return enter_block(w, e, oe);
  return 1;
}

int zt_html_enter(walk *w, const zt_html_el *e, unsigned *oe) {
  int down;
  *oe = 0;
  down = enter_node(w, e, oe);
  if (down && !w->skip && !w->boiler && w->nhints < 8) {
    int k = hint_of(w, e->a[A_CLASS]);
    if (k < 0) k = hint_of(w, e->a[A_ID]);
    if (k >= 0 && !w->d->meta[k].set) {
      w->hints[w->nhints].which = k;
      w->hints[w->nhints].start = w->d->text.len;
      w->hints[w->nhints].line = w->d->nlines;
      w->nhints++;
      *oe |= OE_HINT;
    }
  }
  return down;
}

void zt_html_leave(walk *w, unsigned oe) {
  if (oe & OE_HINT) take_hint(w);
  if (oe & (OE_HIDDEN | OE_HEAD)) { w->skip--; return; }
  if (oe & OE_LINK) { if (w->link) w->link--; return; }
  if (oe & OE_BLOCK) {
    flush(w);
    if (oe & OE_BOIL) w->boiler--;
    if (oe & OE_REL) w->related--;
    if (oe & OE_FOOT) w->footer--;
    if ((oe & (OE_BOIL | OE_FOOT)) && w->nb) w->nb--;
    if (oe & OE_H1) w->h1--;
    else if (oe & OE_HEADING) w->heading--;
    if (w->nstack) w->nstack--;
  }
}

void zt_html_walk_reset(walk *w) {
  zt_html_ctx *c = w->c;
  zt_html_doc *d = w->d;
  free(w->el);
  free(w->stack);
  free(w->line_el);
  free(w->line_boil);
  free(w->bstack);
  memset(w, 0, sizeof *w);
  w->c = c;
  w->d = d;
}

/* The main block: the best-scored element; marks the lines under it. */
static void mark_main(walk *w) {
  zt_html_doc *d = w->d;
  size_t i, best = (size_t)-1, first, bp;
  double best_score = 0;
  for (i = 0; i < w->nel; i++)
    if (w->el[i].score > best_score) { best_score = w->el[i].score; best = i; }
  if (best == (size_t)-1 || best_score < 40) return;
  d->has_main = 1;
  first = best;
  bp = w->el[best].parent;
  w->el[best].in_main = 1;
  /* siblings holding a good share of text belong to the article too (a body split over
   * several <section>s) */
  if (bp != (size_t)-1)
    for (i = bp + 1; i < w->nel; i++)
      if (w->el[i].parent == bp && w->el[i].score >= best_score * 0.2) {
        w->el[i].in_main = 1;
        if (i < first) first = i;
      }
  /* elements are numbered in document order, children after parents */
  for (i = first + 1; i < w->nel; i++) {
    size_t p = w->el[i].parent;
    if (p != (size_t)-1 && p >= first && w->el[p].in_main) w->el[i].in_main = 1;
  }
  {
    size_t t, guard = 0;
    for (t = best; t != (size_t)-1 && guard < w->nel; t = w->el[t].parent, guard++)
      w->el[t].contains_main = 1;
  }
  for (i = 0; i < d->nlines; i++) {
    size_t e = w->line_el[i], bo = w->line_boil[i];
    if (e != (size_t)-1 && w->el[e].in_main) d->lines[i].flags |= ZT_LF_MAIN;
    /* a boilerplate class on the article's own container (or above it) does not count */
    if (bo != (size_t)-1 && w->el[bo].contains_main)
      d->lines[i].flags &= ~(unsigned)(ZT_LF_BOILER | ZT_LF_FOOTER);
  }
}

/* zt_utf8_valid with ASCII taken 8 bytes at a time (markup) and the common 3-byte sequences
 * (Chinese) checked without decoding them. */
static int utf8_valid(const char *cs, size_t n) {
  const unsigned char *s = (const unsigned char *)cs;
  size_t i = 0;
  while (i < n) {
    int32_t c;
    unsigned b = s[i];
    if (b >= 0xE1 && b <= 0xEF && b != 0xED && n - i >= 3 && (s[i + 1] & 0xC0) == 0x80 &&
        (s[i + 2] & 0xC0) == 0x80) {
      i += 3;
      continue;
    }
    if (b < 0x80) {
      uint64_t v;
      i++;
      while (i + 8 <= n) {
        memcpy(&v, s + i, 8);
        if (v & 0x8080808080808080ull) break;
        i += 8;
      }
      continue;
    }
    i += zt_utf8_next(s + i, n - i, &c);
    if (c < 0) return 0;
  }
  return 1;
}

int zt_html_extract(zt_html_ctx *ctx, const char *s, size_t n, zt_html_doc *d) {
  walk w;
  int oom;
  memset(&w, 0, sizeof w);
  w.c = ctx;
  w.d = d;
  /* the patterns run with PCRE2_NO_UTF_CHECK on attribute and script text, which libxml2
   * copies from the input as is: ill-formed input must be repaired first (zt_article_parse) */
  if (!utf8_valid(s, n) || n > (size_t)INT_MAX) return ZT_EINVAL;
  zt_html_parse(&w, s, n);
  if (!w.oom) flush(&w);
  if (!w.oom) mark_main(&w);
  oom = w.oom;
  zt_html_walk_reset(&w);
  return oom ? ZT_ENOMEM : ZT_OK;
}

void zt_html_doc_free(zt_html_doc *d) {
  zt_buf_free(&d->text);
  zt_buf_free(&d->metabuf);
  free(d->lines);
  memset(d, 0, sizeof *d);
}
