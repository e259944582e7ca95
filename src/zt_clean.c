/* Cleaning: HTML → invalid UTF-8 → invisible → normalization/width → whitespace → punctuation.
 *
 * Speed comes from not calling utf8proc for text that does not change: ASCII and Han are copied
 * in runs, other characters are checked with one property lookup, and utf8proc_map runs only
 * over the few short segments that need composition or a compatibility mapping.
 */
#include "zt_clean.h"

#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "zt_error.h"
#include "zt_utf8.h"

void zt_clean_defaults(zt_clean_opts *o) {
  o->width = 1;
  o->form = ZT_FORM_NFC;
  o->punct = ZT_PUNCT_AUTO;
  o->space = 1;
  o->cjk_space = ZT_CJK_SPACE_KEEP;
  o->invisible = 1;
  o->html = 0;
  o->invalid = ZT_INVALID_REPLACE;
  o->chunk = 0;
}

static void add_cp(zt_buf *b, int32_t cp) {
  char tmp[4];
  zt_buf_add(b, tmp, zt_utf8_encode(cp, tmp));
}

/* ------------------------------------------------------------------------------------------
 * HTML: tags out, script/style bodies out, block tags to newlines, references decoded.
 * A scanner rather than a parser: cleaning must accept fragments and broken markup in linear
 * time; the article layer uses libxml2 when it needs the document's structure.
 */

#include "zt_entities_table.h" /* generated from Python's html.entities.html5 at build time */

/* HTML5 maps these numeric references (0x80..0x9F) as windows-1252 would. */
static const uint16_t c1_remap[32] = {
  0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
  0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
  0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

static int entity_cmp(const char *a, size_t an, const struct zt_entity *e) {
  size_t m = an < e->name_len ? an : e->name_len;
  int c = memcmp(a, e->name, m);
  if (c) return c;
  return an < e->name_len ? -1 : (an > e->name_len ? 1 : 0);
}

static const struct zt_entity *entity_find(const char *name, size_t len) {
  size_t lo = 0, hi = ZT_N_ENTITIES;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = entity_cmp(name, len, &zt_entities[mid]);
    if (c == 0) return &zt_entities[mid];
    if (c < 0) hi = mid; else lo = mid + 1;
  }
  return NULL;
}

static int is_alnum(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

size_t zt_html_entity(const char *s, size_t n, zt_buf *out) {
  size_t i = 1, len;
  if (n < 3 || s[0] != '&') return 0;
  if (s[1] == '#') {
    int hex = (s[2] == 'x' || s[2] == 'X');
    uint32_t v = 0;
    size_t digits = 0;
    i = hex ? 3 : 2;
    for (; i < n; i++, digits++) {
      unsigned char c = (unsigned char)s[i];
      uint32_t d;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') d = (c | 0x20) - 'a' + 10;
      else break;
      if (v <= 0x10FFFF) v = v * (hex ? 16 : 10) + d; /* saturates above the last code point */
    }
    if (!digits) return 0;
    if (i < n && s[i] == ';') i++;
    if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) v = 0xFFFD;
    else if (v >= 0x80 && v <= 0x9F) v = c1_remap[v - 0x80];
    add_cp(out, (int32_t)v);
    return i;
  }
  while (i < n && i <= 32 && is_alnum((unsigned char)s[i])) i++;
  len = i - 1;
  if (!len) return 0;
  if (i < n && s[i] == ';') {
    const struct zt_entity *e = entity_find(s + 1, len + 1);
    if (e) { zt_buf_add(out, e->value, e->value_len); return i + 1; }
  }
  /* Legacy references without ';' ("&copy2018"): the longest name that is one. */
  for (; len >= 2; len--) {
    const struct zt_entity *e = entity_find(s + 1, len);
    if (e) { zt_buf_add(out, e->value, e->value_len); return len + 1; }
  }
  return 0;
}

static int name_is(const char *name, size_t len, const char *const list[]) {
  for (; *list; list++)
    if (strlen(*list) == len && memcmp(*list, name, len) == 0) return 1;
  return 0;
}

static const char *const block_tags[] = {
  "address", "article", "aside", "blockquote", "body", "br", "dd", "div", "dl", "dt", "fieldset",
  "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
  "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "thead", "tfoot", "tr",
  "ul", "title", "option", "caption", "center", "details", "summary", NULL};
static const char *const raw_tags[] = {"script", "style", "noscript", "template", "iframe",
                                       "object", "svg", "math", NULL};
static const char *const cell_tags[] = {"td", "th", NULL};

/* Case-insensitive search for "</name" from s[0..n); returns its offset or n. */
static size_t find_close_tag(const char *s, size_t n, const char *name, size_t len) {
  size_t i = 0;
  while (i + 2 + len <= n) {
    const char *p = memchr(s + i, '<', n - i);
    size_t j, k;
    if (!p) return n;
    j = (size_t)(p - s);
    if (j + 2 + len > n) return n;
    if (s[j + 1] == '/') {
      for (k = 0; k < len && (s[j + 2 + k] | 0x20) == name[k]; k++) {}
      if (k == len) return j;
    }
    i = j + 1;
  }
  return n;
}

static void html_strip(const char *s, size_t n, zt_buf *out, zt_clean_stats *st) {
  size_t i = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    if (c == '<' && i + 1 < n) {
      unsigned char d = (unsigned char)s[i + 1];
      char name[16];
      size_t nl = 0, j, k, limit;
      int closing;
      if (i + 4 <= n && memcmp(s + i, "<!--", 4) == 0) {
        const char *e = NULL;
        size_t m;
        for (m = i + 4; m + 3 <= n; m++) {
          e = memchr(s + m, '-', n - m);
          if (!e || (size_t)(e - s) + 3 > n) { e = NULL; break; }
          m = (size_t)(e - s);
          if (e[1] == '-' && e[2] == '>') break;
          e = NULL;
        }
        st->html_tags++;
        i = e ? (size_t)(e - s) + 3 : n;
        continue;
      }
      if (!(((d | 0x20) >= 'a' && (d | 0x20) <= 'z') || d == '/' || d == '!' || d == '?')) {
        zt_buf_addc(out, '<');
        i++;
        continue;
      }
      closing = d == '/';
      j = i + 1 + (size_t)closing;
      while (j < n && is_alnum((unsigned char)s[j])) {
        if (nl < sizeof name) name[nl++] = (char)(s[j] | 0x20);
        j++;
      }
      /* The tag ends at '>' outside quotes; quotes are honoured only for a bounded stretch so
       * that an unclosed quote cannot make the scan quadratic. */
      limit = n - j > 4096 ? j + 4096 : n;
      {
        char q = 0;
        for (k = j; k < limit; k++) {
          char ch = s[k];
          if (q) { if (ch == q) q = 0; }
          else if (ch == '"' || ch == '\'') q = ch;
          else if (ch == '>') break;
        }
        if (k >= limit) {
          const char *gt = memchr(s + j, '>', n - j);
          k = gt ? (size_t)(gt - s) : n;
        }
      }
      st->html_tags++;
      i = k < n ? k + 1 : n;
      if (nl == sizeof name) continue; /* longer than any tag we act on */
      if (!closing && name_is(name, nl, raw_tags) && !(k > j && s[k - 1] == '/')) {
        i += find_close_tag(s + i, n - i, name, nl);
        continue;
      }
      if (name_is(name, nl, block_tags)) zt_buf_addc(out, '\n');
      else if (name_is(name, nl, cell_tags)) zt_buf_addc(out, ' ');
      continue;
    }
    if (c == '&') {
      size_t k = zt_html_entity(s + i, n - i, out);
      if (k) { st->html_entities++; i += k; continue; }
      zt_buf_addc(out, '&');
      i++;
      continue;
    }
    if (c == '\n' || c == '\r' || c == '\t') { /* markup whitespace is not a line break */
      zt_buf_addc(out, ' ');
      i++;
      continue;
    }
    {
      size_t j = i + 1;
      while (j < n && s[j] != '<' && s[j] != '&' && s[j] != '\n' && s[j] != '\r' && s[j] != '\t') j++;
      zt_buf_add(out, s + i, j - i);
      i = j;
    }
  }
}

/* ------------------------------------------------------------------------------------------
 * Characters: invalid, invisible, normalization and width, whitespace.
 */

static int is_invisible(int32_t cp) {
  if (cp < 0x20) return cp != '\n' && cp != '\t' && cp != '\r';
  if (cp < 0x7F) return 0;
  if (cp <= 0x9F) return 1; /* DEL and C1 controls */
  switch (cp) {
    case 0x00AD: case 0x034F: case 0x061C: case 0x180E: case 0xFEFF: return 1;
    default: break;
  }
  return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x206F);
}

/* The marks the punct option rewrites keep their width here: `，` must not become `,` just
 * because NFKC says so. The ellipses stay too: NFKC would spell them as dots. */
static int is_punct_exempt(int32_t cp) {
  switch (cp) {
    case 0xFF01: case 0xFF08: case 0xFF09: case 0xFF0C: case 0xFF0E: case 0xFF1A:
    case 0xFF1B: case 0xFF1F: case 0x2025: case 0x2026: return 1;
    default: return 0;
  }
}

enum { CH_STARTER, CH_WORK };

/* CJK punctuation that no normalization form changes: common enough in Chinese text to be
 * worth answering without a property lookup. */
static int is_common_stable(int32_t cp) {
  return (cp >= 0x3001 && cp <= 0x3011) || (cp >= 0x3014 && cp <= 0x301F) || cp == 0x2013 ||
         cp == 0x2014 || cp == 0x2018 || cp == 0x2019 || cp == 0x201C || cp == 0x201D ||
         cp == 0x00B7 || cp == 0xFFFD;
}

/* Whether a non-ASCII, non-Han character can be copied as is (a starter, or a mark that is
 * already in place) or has to go through utf8proc. */
static int classify(int32_t cp, const zt_clean_opts *o, int *compat) {
  const utf8proc_property_t *p;
  int form = o->form != ZT_FORM_NONE;
  *compat = 0;
  if (is_punct_exempt(cp)) return CH_STARTER;
  p = utf8proc_get_property(cp);
  if (p->decomp_seqindex != UINT16_MAX) {
    if (p->decomp_type == 0) { if (form) return CH_WORK; }
    else if (o->width || o->form == ZT_FORM_NFKC) { *compat = 1; return CH_WORK; }
  }
  if (!form) return CH_STARTER;
  if (p->combining_class != 0) return CH_WORK;
  if (p->comb_index != UINT16_MAX && (p->comb_index & 0x8000)) return CH_WORK;
  if ((cp >= 0x1161 && cp <= 0x1175) || (cp >= 0x11A8 && cp <= 0x11C2)) return CH_WORK;
  return CH_STARTER;
}

typedef struct emitter {
  const zt_clean_opts *o;
  zt_clean_stats *st;
  zt_buf *out;
  int started;        /* something visible has been written */
  size_t pend_space;  /* horizontal spaces waiting for the next visible character */
  int pend_plain;     /* ... and they are exactly one ASCII space */
  size_t pend_nl;     /* newlines waiting */
  int32_t last_cp;    /* the last visible character written */
} emitter;

/* Writes what whitespace is due before a visible character cp. */
static void flush_space(emitter *e, int32_t cp) {
  if (!e->started) {
    e->st->space += e->pend_space + e->pend_nl;
  } else if (e->pend_nl) {
    size_t k = e->pend_nl > 2 ? 2 : e->pend_nl;
    e->st->space += e->pend_space + (e->pend_nl - k);
    zt_buf_add(e->out, "\n\n", k);
  } else if (e->pend_space) {
    /* Spaces between two Han go whatever their number: collapsing first and keeping a run
     * would leave one space that a second pass removes. */
    if (e->o->cjk_space == ZT_CJK_SPACE_REMOVE && zt_is_han(e->last_cp) && zt_is_han(cp)) {
      e->st->space += e->pend_space;
    } else {
      zt_buf_addc(e->out, ' ');
      e->st->space += e->pend_space - (e->pend_plain ? 1 : 0);
    }
  }
  e->pend_space = e->pend_nl = 0;
  e->pend_plain = 0;
  e->started = 1;
}

/* One character of the cleaned text; whitespace is held back to be collapsed. */
static void emit(emitter *e, int32_t cp, const char *bytes, size_t len) {
  if (e->o->space) {
    if (cp == '\n' || cp == 0x2028 || cp == 0x2029 || cp == 0x85) {
      e->st->space += e->pend_space + (cp != '\n');
      e->pend_space = 0;
      e->pend_plain = 0;
      e->pend_nl++;
      return;
    }
    if (zt_is_hspace(cp)) {
      e->pend_plain = e->pend_space == 0 && cp == ' ';
      e->pend_space++;
      return;
    }
    if (e->pend_space || e->pend_nl || !e->started) flush_space(e, cp);
  }
  if (bytes) zt_buf_add(e->out, bytes, len);
  else add_cp(e->out, cp);
  e->last_cp = cp;
}

#define fast_cjk_len zt_clean_fast_cjk_len

/* Runs utf8proc over s[0..n) (a short piece) and emits the result. */
static int map_piece(emitter *e, const char *s, size_t n, int compat) {
  utf8proc_uint8_t *dst = NULL;
  utf8proc_ssize_t m, i = 0;
  int flags = UTF8PROC_STABLE | UTF8PROC_COMPOSE | (compat ? UTF8PROC_COMPAT : 0);
  if (n == 0) return ZT_OK;
  m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &dst, (utf8proc_option_t)flags);
  if (m < 0) { free(dst); return m == UTF8PROC_ERROR_NOMEM ? ZT_ENOMEM : ZT_OK; }
  while (i < m) {
    int32_t cp;
    size_t k = zt_utf8_decode(dst + i, (size_t)(m - i), &cp);
    emit(e, cp, (const char *)dst + i, k);
    i += (utf8proc_ssize_t)k;
  }
  free(dst);
  return ZT_OK;
}

/* UAX #15's stream-safe bound on non-starters in a row. utf8proc puts combining marks in
 * order by insertion, quadratic in the length of a run of them, so a longer run is normalized
 * in pieces of at most this many (counted in the full decomposition, which normalizing does
 * not change: a second pass cuts at the same places, and hostile input stays linear). */
#define MAX_NONSTARTERS 30

/* Runs utf8proc over s[0..n), a segment of characters that need it, and emits the result. */
static int map_segment(emitter *e, const char *s, size_t n, int compat) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, start = 0, run = 0;
  while (i < n) {
    int32_t cp, d[32];
    size_t k = zt_utf8_decode(p + i, n - i, &cp), before = run;
    int bound = 0;
    utf8proc_ssize_t nd, j;
    nd = utf8proc_decompose_char(cp, d, 32, (utf8proc_option_t)(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT),
                                 &bound);
    if (nd < 0 || nd > 32) { d[0] = cp; nd = 1; }
    for (j = 0; j < nd; j++) run = utf8proc_get_property(d[j])->combining_class ? run + 1 : 0;
    if (run > MAX_NONSTARTERS && before > 0 && i > start) {
      int rc = map_piece(e, s + start, i - start, compat);
      if (rc) return rc;
      start = i;
      for (run = 0, j = 0; j < nd; j++) run = utf8proc_get_property(d[j])->combining_class ? run + 1 : 0;
    }
    i += k;
  }
  return map_piece(e, s + start, n - start, compat);
}

static int is_nonstarter(int32_t cp) {
  const utf8proc_property_t *p = utf8proc_get_property(cp);
  return p->combining_class != 0 || (p->comb_index != UINT16_MAX && (p->comb_index & 0x8000)) ||
         (cp >= 0x1161 && cp <= 0x1175) || (cp >= 0x11A8 && cp <= 0x11C2);
}

/* Offset of the last starter in out[0..len): where a following combining mark has to be
 * normalized from. */
static size_t last_starter(const char *out, size_t len) {
  size_t j = len, seen = 0;
  /* No further than a normalization piece reaches (see MAX_NONSTARTERS): without a bound,
   * options that copy combining marks as they are would make this quadratic. */
  while (j > 0 && seen++ <= MAX_NONSTARTERS) {
    size_t start = j - 1;
    int32_t cp;
    while (start > 0 && ((unsigned char)out[start] & 0xC0) == 0x80 && j - start < 4) start--;
    zt_utf8_decode((const unsigned char *)out + start, j - start, &cp);
    if (cp < 0 || !is_nonstarter(cp)) return start;
    j = start;
  }
  return j;
}

/* Whether the character at p could combine with the one before it under normalization. */
static int next_combines(const unsigned char *p, size_t n) {
  int32_t cp;
  if (n == 0 || p[0] < 0xCC) return 0;
  zt_utf8_decode(p, n, &cp);
  if (cp < 0) return 0;
  if (cp == 0xFF9E || cp == 0xFF9F) return 1; /* half-width voiced marks map to combining ones */
  if ((cp >= 0x3100 && cp <= 0x9FFF) || (cp >= 0xFF00 && cp <= 0xFFEF)) return 0;
  return is_nonstarter(cp);
}

static int clean_chars(const char *s, size_t n, emitter *e) {
  const unsigned char *p = (const unsigned char *)s;
  const zt_clean_opts *o = e->o;
  zt_buf seg = ZT_BUF_INIT;
  size_t i = 0;
  int rc = ZT_OK;
  while (i < n) {
    int32_t cp;
    size_t k;
    int compat;
    /* Fast path: a run of printable ASCII and Han copied in one go. */
    if ((p[i] > 0x20 && p[i] < 0x7F) || fast_cjk_len(p + i, n - i)) {
      size_t start = i, last = i;
      int32_t first;
      zt_utf8_decode(p + i, n - i, &first);
      while (i < n) {
        unsigned c = p[i];
        if (c - 0xE5u <= 4u && i + 3 <= n && ((p[i + 1] ^ 0x80u) | (p[i + 2] ^ 0x80u)) < 0x40u) {
          last = i;   /* most Han: lead E5..E9 and two continuation bytes */
          i += 3;
        }
        else if (c > 0x20 && c < 0x7F) { last = i; i++; }
        else if (c >= 0xE2 && fast_cjk_len(p + i, n - i)) { last = i; i += 3; }
        else break;
      }
      if (o->space && (e->pend_space || e->pend_nl || !e->started)) flush_space(e, first);
      zt_buf_add(e->out, s + start, i - start);
      zt_utf8_decode(p + last, n - last, &e->last_cp);
      continue;
    }
    k = zt_utf8_decode(p + i, n - i, &cp);
    if (cp < 0) {
      e->st->invalid++;
      if (o->invalid == ZT_INVALID_REPLACE) emit(e, 0xFFFD, "\xEF\xBF\xBD", 3);
      i += k;
      continue;
    }
    if (cp == '\r' && o->space) {
      i += k;
      e->st->space++;
      if (i < n && p[i] == '\n') continue;
      emit(e, '\n', "\n", 1);
      continue;
    }
    if (o->invisible && is_invisible(cp)) {
      e->st->invisible++;
      i += k;
      continue;
    }
    if (cp < 0x80 || (cp >= 0x4E00 && cp <= 0x9FFF) || is_common_stable(cp) ||
        classify(cp, o, &compat) == CH_STARTER) {
      emit(e, cp, s + i, k);
      i += k;
      continue;
    }
    /* Full-width ASCII and the ideographic space: NFKC's answer, without asking utf8proc.
     * Safe only when no combining mark follows (it would need composing with the result). */
    if (o->width && ((cp >= 0xFF01 && cp <= 0xFF5E) || cp == 0x3000) &&
        !next_combines(p + i + k, n - i - k)) {
      int32_t half = cp == 0x3000 ? ' ' : cp - 0xFEE0;
      char c = (char)half;
      e->st->width++;
      emit(e, half, &c, 1);
      i += k;
      continue;
    }
    /* A segment that needs utf8proc: from the last starter already written (when nothing is
     * pending after it) through every following character that is not a plain starter,
     * leaving out what the invisible and invalid options drop, so that a second pass sees
     * the same sequences. */
    {
      int any_compat = 0;
      seg.len = 0;
      if (e->started && !e->pend_space && !e->pend_nl) {
        size_t back = last_starter(e->out->data, e->out->len);
        zt_buf_add(&seg, e->out->data + back, e->out->len - back);
        e->out->len = back;
      }
      while (i < n) {
        int32_t c2;
        size_t k2 = zt_utf8_decode(p + i, n - i, &c2);
        int compat2;
        if (c2 < 0) {
          if (o->invalid != ZT_INVALID_DROP) break;
          e->st->invalid++;
        } else if (o->invisible && is_invisible(c2)) {
          e->st->invisible++;
        } else {
          if (c2 < 0x80 || (c2 >= 0x4E00 && c2 <= 0x9FFF)) break;
          if (classify(c2, o, &compat2) == CH_STARTER) break;
          if (compat2) e->st->width++; else e->st->normalized++;
          any_compat |= compat2;
          zt_buf_add(&seg, s + i, k2);
        }
        i += k2;
      }
      if (seg.oom) { rc = ZT_ENOMEM; break; }
      rc = map_segment(e, seg.data, seg.len, any_compat);
      if (rc) break;
    }
  }
  zt_buf_free(&seg);
  if (rc) return rc;
  return e->out->oom ? ZT_ENOMEM : ZT_OK;
}

/* ------------------------------------------------------------------------------------------
 * Punctuation, "auto". A mark changes width only where its context leaves no doubt, so that
 * cleaning never rewrites Chinese text as it was written:
 * - `。` is never rewritten;
 * - an ASCII , . ! ? : ; ( ) becomes full-width when the nearest character before or after it
 *   on its line that is neither space nor punctuation is CJK. All marks in one run of
 *   punctuation and spaces share those neighbours, so one look at each end decides the run;
 * - a full-width ， ． ！ ？ ： ； （ ） becomes ASCII only when the characters on both sides of
 *   its run of marks and spaces are Latin letters or digits: at a line end, or next to CJK, a
 *   quote or any other character, it stays as written;
 * - brackets are paired: a pair is full-width when either bracket would be;
 * - ASCII double quotes around text with CJK become “ ”.
 * URLs and e-mail addresses are left alone.
 */

enum { MK_COMMA, MK_PERIOD, MK_EXCL, MK_QUEST, MK_COLON, MK_SEMI, MK_LPAREN, MK_RPAREN,
       MK_QUOTE, MK_NONE };
static const char ascii_form[] = ",.!?:;()\"";
static const char *const zh_form[] = {"\xEF\xBC\x8C", "\xE3\x80\x82", "\xEF\xBC\x81",
                                      "\xEF\xBC\x9F", "\xEF\xBC\x9A", "\xEF\xBC\x9B",
                                      "\xEF\xBC\x88", "\xEF\xBC\x89"};

enum { DEC_KEEP, DEC_ASCII, DEC_ZH, DEC_QOPEN, DEC_QCLOSE, DEC_HOLD };

typedef struct mark {
  size_t off;
  unsigned char len, kind, dec;
} mark;

typedef struct mark_vec {
  mark *v;
  size_t n, cap;
  mark *local; /* the caller's array v starts in (not freed), or NULL */
} mark_vec;

static int mark_push(mark_vec *m, size_t off, size_t len, int kind) {
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 256;
    mark *nv;
    if (m->v && m->v == m->local) {
      nv = (mark *)malloc(cap * sizeof *nv);
      if (nv) memcpy(nv, m->v, m->n * sizeof *nv);
    } else {
      nv = (mark *)realloc(m->v, cap * sizeof *nv);
    }
    if (!nv) return 0;
    m->v = nv;
    m->cap = cap;
  }
  m->v[m->n].off = off;
  m->v[m->n].len = (unsigned char)len;
  m->v[m->n].kind = (unsigned char)kind;
  m->v[m->n].dec = DEC_KEEP;
  m->n++;
  return 1;
}

static int mark_kind(int32_t cp) {
  switch (cp) {
    case ',': case 0xFF0C: return MK_COMMA;
    case '.': case 0xFF0E: case 0x3002: return MK_PERIOD;
    case '!': case 0xFF01: return MK_EXCL;
    case '?': case 0xFF1F: return MK_QUEST;
    case ':': case 0xFF1A: return MK_COLON;
    case ';': case 0xFF1B: return MK_SEMI;
    case '(': case 0xFF08: return MK_LPAREN;
    case ')': case 0xFF09: return MK_RPAREN;
    case '"': return MK_QUOTE;
    default: return MK_NONE;
  }
}

/* What may sit on both sides of a full-width mark that is to become ASCII. */
static int is_latin_digit(int32_t cp) {
  if (cp < 0x80) return is_alnum((unsigned char)cp);
  return cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7;
}

/* ---- URLs and e-mail addresses ----
 * Found on a view of the text in which each full-width mark reads as its ASCII form: the
 * rewrite only ever swaps a mark between its two forms, so it cannot change what the view
 * shows, and a second pass finds exactly the URLs the first one left alone. */

/* Letters, digits and -._~:/?#[]@!$&'()*+,;=% as a bit set over ASCII (this is asked of
 * every character of a run of marks, where strchr showed in profiles). */
static int url_char(unsigned char c) {
  static const uint64_t lo = 0xAFFFFFFA00000000u, hi = 0x47FFFFFEAFFFFFFFu;
  return c < 64 ? (int)((lo >> c) & 1) : c < 128 ? (int)((hi >> (c - 64)) & 1) : 0;
}

/* The character at p[i] as URL detection sees it (a URL character, or a full-width mark as
 * its ASCII form), or 0; *len gets its length in bytes. */
static int url_view(const unsigned char *p, size_t i, size_t n, size_t *len) {
  *len = 1;
  if (p[i] < 0x80) return url_char(p[i]) ? p[i] : 0;
  if (i + 3 > n) return 0;
  if (p[i] == 0xE3 && p[i + 1] == 0x80 && p[i + 2] == 0x82) { *len = 3; return '.'; }
  if (p[i] != 0xEF || p[i + 1] != 0xBC) return 0;
  *len = 3;
  switch (p[i + 2]) {
    case 0x8C: return ',';
    case 0x8E: return '.';
    case 0x81: return '!';
    case 0x9F: return '?';
    case 0x9A: return ':';
    case 0x9B: return ';';
    case 0x88: return '(';
    case 0x89: return ')';
    default: *len = 1; return 0;
  }
}

/* The view of the character that ends just before p[i], or 0. */
static int url_view_before(const unsigned char *p, size_t i, size_t n) {
  size_t len;
  int v;
  if (i == 0) return 0;
  if (p[i - 1] < 0x80) return p[i - 1];
  if (i < 3) return 0;
  v = url_view(p, i - 3, n, &len);
  return len == 3 ? v : 0;
}

/* Whether a letter or digit at p[i] may start a URL: not inside a word, a name or a path.
 * After a '.' it may, as after "。", which reads the same: "。www.example.cn". */
static int url_may_start(const unsigned char *p, size_t i, size_t n) {
  int v = url_view_before(p, i, n);
  return !(is_alnum((unsigned char)v) || (v && strchr("_-@+%/", v)));
}

/* Scans the run of URL characters that starts at c: its end, and whether a "://" followed by
 * a letter or digit, or an e-mail address (the first '@' between letters or digits, then a '.'
 * before a letter or digit), lies in it. Both only get rarer as the start moves right, so the
 * first start of a run answers them for every later one: one scan per run keeps this linear
 * however many marks the run holds. */
static size_t url_scan(const unsigned char *p, size_t n, size_t c, int *found) {
  size_t i = c, len;
  int v1 = 0, v2 = 0, v3 = 0, mail = 0, sep = 0;
  while (i < n) {
    int v = url_view(p, i, n, &len);
    int an = is_alnum((unsigned char)v);
    if (!v) break;
    if (an && v1 == '/' && v2 == '/' && v3 == ':') sep = 1;
    /* mail: 0 no '@' yet, 1 '@' after a letter/digit, 2 valid '@', 3 '.' after it, 4 done */
    if (mail == 1) mail = an ? 2 : 0;
    else if (mail == 3) mail = an ? 4 : (v == '.' ? 3 : 2);
    else if (mail == 2 && v == '.') mail = 3;
    if (mail == 0 && v == '@' && i > c && is_alnum((unsigned char)v1)) mail = 1;
    v3 = v2;
    v2 = v1;
    v1 = v;
    i += len;
  }
  *found = sep || mail == 4;
  return i;
}

/* Byte length of the URL that starts at c and whose run of URL characters ends at end:
 * trailing punctuation is cut off, and a closing bracket only when it has no partner. */
static size_t url_trim(const unsigned char *p, size_t c, size_t end) {
  size_t j = end, t, open = 0, close = 0, len;
  for (t = c; t < end; t += len) {
    int v = url_view(p, t, end, &len);
    open += v == '(';
    close += v == ')';
  }
  while (j > c) {
    size_t k = p[j - 1] < 0x80 ? 1 : 3;
    int v = url_view(p, j - k, end, &len);
    if (v == ')' && close > open) close--;
    else if (v == '(') open--;
    else if (!strchr(".,;:!?'", v)) break;
    j -= k;
  }
  return j - c;
}

/* "www." and a letter or digit, as the view reads it. */
static int is_www(const unsigned char *p, size_t i, size_t end) {
  size_t len;
  if (i + 4 > end || !(memcmp(p + i, "www", 3) == 0 || memcmp(p + i, "WWW", 3) == 0)) return 0;
  i += 3;
  if (url_view(p, i, end, &len) != '.') return 0;
  i += len;
  return i < end && is_alnum(p[i]);
}

/* ---- deciding the marks ---- */

/* Decodes one character of text known to be valid UTF-8 (the character stage's output). */
static inline size_t decode_valid(const unsigned char *p, int32_t *cp) {
  if (p[0] < 0x80) { *cp = p[0]; return 1; }
  if (p[0] < 0xE0) { *cp = ((int32_t)(p[0] & 0x1F) << 6) | (p[1] & 0x3F); return 2; }
  if (p[0] < 0xF0) {
    *cp = ((int32_t)(p[0] & 0x0F) << 12) | ((int32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    return 3;
  }
  *cp = ((int32_t)(p[0] & 0x07) << 18) | ((int32_t)(p[1] & 0x3F) << 12) |
        ((int32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
  return 4;
}

/* Space, punctuation or a control character: what a run of marks' context skips over. The
 * CJK punctuation common in Chinese text is answered without a property lookup. */
static inline int is_separator(int32_t cp) {
  if (cp < 0x80) return cp <= 0x20 || zt_is_punct(cp);
  if ((cp >= 0x3001 && cp <= 0x3003) || (cp >= 0x3008 && cp <= 0x3011) ||
      (cp >= 0x3014 && cp <= 0x301F) || (cp >= 0x2010 && cp <= 0x2027))
    return 1; /* general category P* (checked against utf8proc in tests/c/test_clean.c) */
  return zt_is_hspace(cp) || zt_is_punct(cp);
}

typedef struct pstate {
  const unsigned char *p;
  size_t n;
  mark_vec *m;
  size_t *stack, depth, cap; /* marks of the brackets open on this line */
  int in_run;                /* in a run of punctuation and spaces ... */
  size_t run_first;          /* ... whose first mark is this */
  int prev_cjk;              /* the last significant character was CJK */
  int fw_in;                 /* in a run of marks and spaces ... */
  size_t fw_first;           /* ... whose first mark is this */
  int fw_prev_ok;            /* ... after a Latin letter or digit */
  int last_ok;               /* the last character that is not a space was a letter or digit */
  size_t quote_open;         /* the open ASCII quote's mark, or (size_t)-1 */
  int quote_cjk;             /* CJK since it */
  size_t url_end;            /* end of the URL run scanned last */
  int url_found;             /* whether that run holds a URL shape past its first start */
} pstate;

/* A run of punctuation ends before a significant character (CJK or not, or a line end):
 * its ASCII marks take the Chinese form when either neighbour is CJK. */
static void end_run(pstate *ps, int next_cjk) {
  size_t i;
  if (!ps->in_run) return;
  ps->in_run = 0;
  if (!ps->prev_cjk && !next_cjk) return;
  for (i = ps->run_first; i < ps->m->n; i++) {
    mark *k = &ps->m->v[i];
    if (k->len == 1 && k->kind < MK_QUOTE && k->dec == DEC_KEEP) k->dec = DEC_ZH;
  }
}

/* A run of marks and spaces ends before any other character: its full-width marks become
 * ASCII when letters or digits stand on both sides. */
static void end_fw(pstate *ps, int next_ok) {
  size_t i;
  if (!ps->fw_in) return;
  ps->fw_in = 0;
  if (!ps->fw_prev_ok || !next_ok) return;
  for (i = ps->fw_first; i < ps->m->n; i++) {
    mark *k = &ps->m->v[i];
    if (k->len == 3 && k->kind < MK_QUOTE && k->dec == DEC_KEEP) k->dec = DEC_ASCII;
  }
}

/* Any character that is neither a mark nor a space: the end of the current run of marks. */
static void boundary(pstate *ps, int32_t first, int32_t last) {
  end_fw(ps, is_latin_digit(first));
  ps->last_ok = is_latin_digit(last);
}

static int push_bracket(pstate *ps) {
  if (ps->depth == ps->cap) {
    size_t nc = ps->cap ? ps->cap * 2 : 16;
    size_t *ns = (size_t *)realloc(ps->stack, nc * sizeof *ns);
    if (!ns) return 0;
    ps->stack = ns;
    ps->cap = nc;
  }
  ps->stack[ps->depth++] = ps->m->n - 1;
  return 1;
}

/* One mark at p[i] (k bytes) of the given kind. Returns 0 when out of memory. */
static int on_mark(pstate *ps, size_t i, size_t k, int kind, int32_t cp) {
  mark_vec *m = ps->m;
  if (!ps->in_run) { ps->in_run = 1; ps->run_first = m->n; }
  if (kind == MK_QUOTE || cp == 0x3002) boundary(ps, cp, cp);
  else if (!ps->fw_in) { ps->fw_in = 1; ps->fw_first = m->n; ps->fw_prev_ok = ps->last_ok; }
  if (!mark_push(m, i, k, kind)) return 0;
  if (kind == MK_PERIOD) {
    /* "。" is never rewritten; "..." and "。。。" are ellipses, not sentence ends. */
    int32_t nx = -1;
    if (i + k < ps->n) decode_valid(ps->p + i + k, &nx);
    if (cp == 0x3002 || mark_kind(nx) == MK_PERIOD ||
        (m->n > 1 && m->v[m->n - 2].kind == MK_PERIOD && m->v[m->n - 2].off + m->v[m->n - 2].len == i))
      m->v[m->n - 1].dec = DEC_HOLD;
  } else if (kind == MK_LPAREN) {
    if (!push_bracket(ps)) return 0;
  } else if (kind == MK_RPAREN && ps->depth) {
    /* A pair record (kind MK_NONE, off = the opening bracket's index) right after the closing
     * bracket; punct_auto unites the pair's styles once all are decided. */
    size_t open = ps->stack[--ps->depth];
    if (!mark_push(m, open, 0, MK_NONE)) return 0;
  } else if (kind == MK_QUOTE) {
    if (ps->quote_open == (size_t)-1) {
      ps->quote_open = m->n - 1;
      ps->quote_cjk = 0;
    } else {
      if (ps->quote_cjk) {
        m->v[ps->quote_open].dec = DEC_QOPEN;
        m->v[m->n - 1].dec = DEC_QCLOSE;
      }
      ps->quote_open = (size_t)-1;
    }
  }
  return 1;
}

/* Length of the significant text starting with cp at p[i] (k bytes): a URL or e-mail
 * address whole, the rest of a word, or the character alone. */
static size_t token_length(pstate *ps, size_t i, size_t k, int32_t cp) {
  const unsigned char *p = ps->p;
  if (cp >= 0x80 || !is_alnum((unsigned char)cp)) return k;
  if (url_may_start(p, i, ps->n)) {
    if (i >= ps->url_end) ps->url_end = url_scan(p, ps->n, i, &ps->url_found);
    if (ps->url_found || is_www(p, i, ps->url_end)) {
      size_t u = url_trim(p, i, ps->url_end);
      ps->url_found = 0; /* the rest of the run is trailing punctuation */
      if (u) return u;
    }
  }
  while (i + k < ps->n && is_alnum(p[i + k])) k++; /* the rest of a word decides nothing new */
  return k;
}

/* The last character of p[0..end), known to be valid UTF-8. */
static int32_t last_char(const unsigned char *p, size_t end) {
  size_t j = end - 1;
  int32_t cp;
  while (j > 0 && (p[j] & 0xC0) == 0x80) j--;
  decode_valid(p + j, &cp);
  return cp;
}

static void on_newline(pstate *ps) {
  end_run(ps, 0);
  end_fw(ps, 0);
  ps->prev_cjk = 0;
  ps->last_ok = 0;
  ps->depth = 0;
  ps->quote_open = (size_t)-1;
}

/* Finds every mark and decides its style. */
static int punct_decide(const char *s, size_t n, mark_vec *m) {
  pstate ps;
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  int ok = 1;
  memset(&ps, 0, sizeof ps);
  ps.p = p;
  ps.n = n;
  ps.m = m;
  ps.quote_open = (size_t)-1;
  while (i < n && ok) {
    int32_t cp;
    size_t k = decode_valid(p + i, &cp);
    int kind, cjk;
    if (cp == '\n') { on_newline(&ps); i += k; continue; }
    if (k == 3 && cp >= 0x4E00 && cp <= 0x9FFF) {
      /* Han: significant and CJK; the rest of a run of Han changes nothing. */
      end_run(&ps, 1);
      boundary(&ps, cp, cp);
      ps.prev_cjk = 1;
      if (ps.quote_open != (size_t)-1) ps.quote_cjk = 1;
      i += 3;
      /* valid UTF-8 here: the lead byte alone tells Han */
      while (i + 3 <= n && (p[i] - 0xE5u <= 4u || (p[i] == 0xE4 && p[i + 1] >= 0xB8))) i += 3;
      continue;
    }
    kind = mark_kind(cp);
    if (kind != MK_NONE) { ok = on_mark(&ps, i, k, kind, cp); i += k; continue; }
    if (is_separator(cp)) {
      if (!ps.in_run) { ps.in_run = 1; ps.run_first = m->n; }
      if (!zt_is_hspace(cp)) boundary(&ps, cp, cp);
      i += k;
      continue;
    }
    k = token_length(&ps, i, k, cp);
    cjk = zt_is_cjk(cp);
    end_run(&ps, cjk);
    boundary(&ps, cp, last_char(p, i + k));
    ps.prev_cjk = cjk;
    if (cjk && ps.quote_open != (size_t)-1) ps.quote_cjk = 1;
    i += k;
  }
  if (ok) on_newline(&ps);
  free(ps.stack);
  return ok;
}

/* A pair of brackets is full-width when either bracket ends up full-width. */
static int ends_full(const mark *k) {
  return k->dec == DEC_ZH || (k->dec != DEC_ASCII && k->len == 3);
}

static int punct_auto(const char *s, size_t n, zt_buf *out, zt_clean_stats *st, mark_vec *mv) {
  mark_vec m = *mv;
  size_t i, pos = 0;
  int ok;
  m.n = 0;
  ok = punct_decide(s, n, &m);
  *mv = m;
  if (!ok) return ZT_ENOMEM;
  /* Pair records (kind MK_NONE, off = index of the opening bracket) follow their closing
   * bracket. */
  for (i = 0; i < m.n; i++) {
    if (m.v[i].kind == MK_NONE) {
      mark *open = &m.v[m.v[i].off], *close = &m.v[i - 1];
      open->dec = close->dec = (ends_full(open) || ends_full(close)) ? DEC_ZH : DEC_ASCII;
    }
  }
  for (i = 0; i < m.n; i++) {
    const mark *k = &m.v[i];
    const char *rep;
    size_t rlen;
    if (k->kind == MK_NONE || k->dec == DEC_KEEP || k->dec == DEC_HOLD) continue;
    if (k->dec == DEC_ZH) { rep = zh_form[k->kind]; rlen = 3; }
    else if (k->dec == DEC_ASCII) { rep = &ascii_form[k->kind]; rlen = 1; }
    else if (k->dec == DEC_QOPEN) { rep = "\xE2\x80\x9C"; rlen = 3; }
    else { rep = "\xE2\x80\x9D"; rlen = 3; }
    if (rlen == k->len && memcmp(s + k->off, rep, rlen) == 0) continue;
    zt_buf_add(out, s + pos, k->off - pos);
    zt_buf_add(out, rep, rlen);
    pos = k->off + k->len;
    st->punct++;
  }
  zt_buf_add(out, s + pos, n - pos);
  return out->oom ? ZT_ENOMEM : ZT_OK;
}

/* "ascii": every full-width or CJK form of common punctuation to ASCII. */
static int punct_ascii(const char *s, size_t n, zt_buf *out, zt_clean_stats *st) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    int32_t cp;
    size_t k;
    char rep = 0;
    if (p[i] < 0x80) {
      size_t j = i + 1;
      while (j < n && p[j] < 0x80) j++;
      zt_buf_add(out, s + i, j - i);
      i = j;
      continue;
    }
    k = zt_utf8_decode(p + i, n - i, &cp);
    if (cp >= 0xFF01 && cp <= 0xFF5E) rep = (char)(cp - 0xFEE0);
    else switch (cp) {
      case 0x3002: rep = '.'; break;
      case 0x3001: rep = ','; break;
      case 0x201C: case 0x201D: case 0x300C: case 0x300D: rep = '"'; break;
      case 0x2018: case 0x2019: case 0x300E: case 0x300F: rep = '\''; break;
      case 0x3010: rep = '['; break;
      case 0x3011: rep = ']'; break;
      case 0x3000: rep = ' '; break;
      default: break;
    }
    if (rep) { zt_buf_addc(out, rep); st->punct++; }
    else zt_buf_add(out, s + i, k);
    i += k;
  }
  return out->oom ? ZT_ENOMEM : ZT_OK;
}

int zt_clean_unchanged(const char *cs, size_t n, const zt_clean_opts *o) {
  const unsigned char *p = (const unsigned char *)cs;
  size_t i = 0;
  int prev_alnum = 0;
  if (o->punct == ZT_PUNCT_ASCII) return 0;
  while (i < n) {
    unsigned c = p[i];
    if (c - 0xE5u <= 4u && i + 3 <= n && ((p[i + 1] ^ 0x80u) | (p[i + 2] ^ 0x80u)) < 0x40u) {
      i += 3;
      prev_alnum = 0;
    } else if (c < 0x80) {
      if (!zt_clean_is_alnum(c)) return 0;
      i++;
      prev_alnum = 1;
    } else if (fast_cjk_len(p + i, n - i)) {
      /* EF BC xx: one of the full-width marks punct "auto" may rewrite */
      if (c == 0xEF && (prev_alnum || (i + 3 < n && zt_clean_is_alnum(p[i + 3])))) return 0;
      i += 3;
      prev_alnum = 0;
    } else {
      return 0;
    }
  }
  return 1;
}

/* The character stage writes a chunk of whole lines into a small buffer that the punctuation
 * stage then reads: punctuation context never crosses a newline, so chunks ending after a '\n'
 * give the same result as one pass, and the intermediate text stays in cache. */

int zt_clean(const char *s, size_t n, const zt_clean_opts *o, zt_buf *out,
             zt_clean_stats *stats, size_t *err_pos) {
  zt_clean_stats dummy;
  zt_buf html = ZT_BUF_INIT, chars = ZT_BUF_INIT;
  mark local_marks[64]; /* a short text's marks, without a heap allocation */
  mark_vec marks;
  emitter e;
  size_t pos = 0;
  int rc = ZT_OK;
  if (!stats) stats = &dummy;
  memset(stats, 0, sizeof *stats);
  marks.v = marks.local = local_marks;
  marks.n = 0;
  marks.cap = sizeof local_marks / sizeof *local_marks;
  if (zt_clean_unchanged(s, n, o)) {
    if (!zt_buf_reserve(out, n + 16)) return ZT_ENOMEM;
    zt_buf_add(out, s, n);
    return out->oom ? ZT_ENOMEM : ZT_OK;
  }
  if (o->invalid == ZT_INVALID_ERROR) {
    size_t bad = zt_utf8_check(s, n);
    if (bad != n) {
      if (err_pos) *err_pos = bad;
      return ZT_EUTF8;
    }
  }
  if (o->html) {
    if (!zt_buf_reserve(&html, n + 16)) return ZT_ENOMEM;
    html_strip(s, n, &html, stats);
    if (html.oom) { zt_buf_free(&html); return ZT_ENOMEM; }
    s = html.data ? html.data : "";
    n = html.len;
  }
  memset(&e, 0, sizeof e);
  e.o = o;
  e.st = stats;
  if (!zt_buf_reserve(out, n + 16)) { zt_buf_free(&html); return ZT_ENOMEM; }
  if (o->punct == ZT_PUNCT_KEEP) {
    e.out = out;
    rc = clean_chars(s, n, &e);
  } else {
    size_t chunk = o->chunk ? o->chunk : 65536;
    e.out = &chars;
    /* room for a chunk's characters at once (it grows if a chunk comes out longer) */
    zt_buf_reserve(&chars, (n < chunk ? n : chunk) + 16);
    while (pos < n && rc == ZT_OK) {
      size_t end = n - pos > chunk ? pos + chunk : n;
      if (end < n) {
        const char *nl = memchr(s + end, '\n', n - end);
        end = nl ? (size_t)(nl - s) + 1 : n;
      }
      chars.len = 0;
      rc = clean_chars(s + pos, end - pos, &e);
      if (rc == ZT_OK) {
        const char *c = chars.data ? chars.data : "";
        rc = o->punct == ZT_PUNCT_AUTO ? punct_auto(c, chars.len, out, stats, &marks)
                                       : punct_ascii(c, chars.len, out, stats);
      }
      pos = end;
    }
  }
  if (o->space) stats->space += e.pend_space + e.pend_nl; /* trailing whitespace */
  zt_buf_free(&html);
  zt_buf_free(&chars);
  if (marks.v != local_marks) free(marks.v);
  return rc;
}
