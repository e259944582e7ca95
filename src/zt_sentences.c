/* Sentence splitting: one forward pass with a decoder inlined for the 3-byte characters that
 * make up Chinese text; every decision looks at most a bounded distance around a terminator
 * (the run of terminators and closers after it, the spaces before the next character, a word
 * of at most ABBR_MAX bytes before an ASCII period), so the time is linear. URL and e-mail runs
 * are found once at the start of each ASCII word. */
#include "zt_sentences.h"

#include <string.h>

#include "zt_utf8.h"

enum {
  C_OTHER,  /* an ordinary character */
  C_ALNUM,  /* an ASCII letter or digit: may start a URL or e-mail address */
  C_SPACE,  /* horizontal space: trimmed, never ends a sentence */
  C_BREAK,  /* a line break: always ends a sentence */
  C_STOP,   /* 。！？｡ */
  C_ELLIP,  /* … */
  C_SEMI,   /* ； (a terminator with the semicolon option, else comma-like) */
  C_DOT,    /* . and ．: ends a sentence only in English-like context */
  C_BANG,   /* ASCII ? and ! */
  C_OPEN,   /* opening quotes and brackets */
  C_CLOSE,  /* closing quotes and brackets */
  C_QUOTE,  /* ASCII " and ': a closer after a terminator, neutral elsewhere */
  C_COMMA   /* ，、：, : ; — after a terminator, the sentence goes on */
};

#define NONE ((size_t)-1)
#define ABBR_MAX 12

/* ASCII classes; letters and digits are C_ALNUM. */
static int ascii_class(unsigned c) {
  if ((c | 0x20) - 'a' < 26 || c - '0' < 10) return C_ALNUM;
  switch (c) {
  case ' ': case '\t': return C_SPACE;
  case '\n': case '\v': case '\f': case '\r': return C_BREAK;
  case '.': return C_DOT;
  case '?': case '!': return C_BANG;
  case '(': case '[': case '{': return C_OPEN;
  case ')': case ']': case '}': return C_CLOSE;
  case '"': case '\'': return C_QUOTE;
  case ',': case ':': case ';': return C_COMMA;
  default: return C_OTHER;
  }
}

static int unicode_class(int32_t cp) {
  switch (cp) {
  case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF61: case 0x203C: case 0x2047: case 0x2048:
  case 0x2049: return C_STOP;
  case 0x2026: return C_ELLIP;
  case 0xFF1B: return C_SEMI;
  case 0xFF0E: return C_DOT;
  case 0x201C: case 0x2018: case 0x300C: case 0x300E: case 0xFF08: case 0x3010: case 0x300A:
  case 0x3008: case 0x3014: case 0xFF3B: case 0x3016: case 0xFF5B: case 0x301D: return C_OPEN;
  case 0x201D: case 0x2019: case 0x300D: case 0x300F: case 0xFF09: case 0x3011: case 0x300B:
  case 0x3009: case 0x3015: case 0xFF3D: case 0x3017: case 0xFF5D: case 0x301E: case 0x301F:
    return C_CLOSE;
  case 0xFF0C: case 0x3001: case 0xFF1A: case 0xFE50: case 0xFE51: case 0xFF64: return C_COMMA;
  case 0x85: case 0x2028: case 0x2029: return C_BREAK;
  case 0xA0: case 0x1680: case 0x202F: case 0x205F: case 0x3000: return C_SPACE;
  default: return cp >= 0x2000 && cp <= 0x200A ? C_SPACE : C_OTHER;
  }
}

int zt_sentences_is_space(int32_t cp) {
  int k;
  if (cp < 0) return 0;
  k = cp < 0x80 ? ascii_class((unsigned)cp) : unicode_class(cp);
  return k == C_SPACE || k == C_BREAK;
}

/* Decodes the character at s[i] (i < n): its length, with *cp (-1 when ill-formed) and its class. */
static inline size_t next_char(const unsigned char *s, size_t n, size_t i, int32_t *cp, int *k) {
  unsigned c = s[i];
  size_t len;
  if (c < 0x80) { *cp = (int32_t)c; *k = ascii_class(c); return 1; }
  if ((c & 0xF0) == 0xE0 && i + 2 < n && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80) {
    int32_t v = (int32_t)(((c & 0x0F) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu));
    if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) {
      *cp = v;
      /* most Han characters are nothing special: skip the class switch for them */
      *k = (v >= 0x3400 && v <= 0x9FFF) ? C_OTHER : unicode_class(v);
      return 3;
    }
  }
  len = zt_utf8_decode(s + i, n - i, cp);
  *k = *cp < 0 ? C_OTHER : unicode_class(*cp);
  return len;
}

/* The end of the run of well-formed characters U+4000..U+9FFF starting at i. */
static inline size_t skip_han(const unsigned char *s, size_t n, size_t i) {
  while (i + 2 < n && s[i] >= 0xE4 && s[i] <= 0xE9 && (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80)
    i += 3;
  return i;
}

typedef struct scan {
  const unsigned char *s;
  size_t n;
  int semicolon;
  zt_sentence_fn fn;
  void *ud;
  size_t start;    /* first byte of the current sentence, NONE before its first character */
  size_t end;      /* the end of its last non-space character */
  int depth;       /* quotes and brackets open on this line */
  size_t url_end;  /* terminators before this offset are part of a URL or e-mail address */
  size_t scanned;  /* the end of the last ASCII run looked at by find_url */
  int32_t prev;    /* the character before the current one (-1 at the start) */
} scan;

static int flush(scan *sc) {
  int rc = 0;
  if (sc->start != NONE) rc = sc->fn(sc->ud, sc->start, sc->end - sc->start);
  sc->start = NONE;
  return rc;
}

static inline void mark(scan *sc, size_t from, size_t to) {
  if (sc->start == NONE) sc->start = from;
  sc->end = to;
}

static int has_at(const unsigned char *s, size_t i, size_t e, const char *lit) {
  size_t m = strlen(lit), j;
  if (e - i < m) return 0;
  for (j = 0; j < m; j++)
    if ((s[i + j] | 0x20) != (unsigned char)lit[j]) return 0;
  return 1;
}

/* At the first letter or digit of a run of printable ASCII: when the run holds a URL or an
 * e-mail address, sets url_end past it (trailing punctuation excluded: it belongs to the text).
 * Each run is looked at once. */
static void find_url(scan *sc, size_t i) {
  const unsigned char *s = sc->s;
  size_t e = i, j;
  int url = 0, at = 0;
  while (e < sc->n && s[e] > 0x20 && s[e] < 0x7F) e++;
  sc->scanned = e;
  if (has_at(s, i, e, "www.")) url = 1;
  for (j = i; j < e && !url; j++) {
    if (s[j] == ':' && j + 2 < e && s[j + 1] == '/' && s[j + 2] == '/') url = 1;
    else if (s[j] == '@' && j > i) at = 1;
    else if (s[j] == '.' && at) url = 1;
  }
  if (!url) return;
  while (e > i && strchr(".,;:!?)]}\"'", s[e - 1])) e--;
  sc->url_end = e;
}

static int is_upper(int32_t c) { return c >= 'A' && c <= 'Z'; }
static int is_alpha(unsigned c) { return (c | 0x20u) - 'a' < 26u; }
static int is_digit(int32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); }

/* 1 when the ASCII word ending at s[p) (before a single period) is an abbreviation: it has inner
 * dots (U.S, e.g), is one capital letter (an initial), or is on the list. */
static int is_abbrev(const unsigned char *s, size_t p) {
  static const char *const list[] = {
    "Mr", "Mrs", "Ms", "Dr", "Prof", "Sr", "Jr", "St", "Mt", "Gen", "Gov", "Sen", "Rep", "Col",
    "Lt", "Capt", "Inc", "Ltd", "Co", "Corp", "No", "Nos", "Vol", "Fig", "vs", "etc", "approx",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Dept",
    "Univ", "Ave", "Rd", "Ph", "al", NULL};
  size_t b = p, j;
  int dots = 0;
  while (b > 0 && p - b < ABBR_MAX && (is_alpha(s[b - 1]) || s[b - 1] == '.')) {
    b--;
    if (s[b] == '.') dots = 1;
  }
  if (b == p || (b > 0 && is_alpha(s[b - 1]))) return 0; /* no word, or too long */
  if (s[b] == '.') return 0;
  if (dots) return 1;
  if (p - b == 1 && is_upper(s[b])) return 1;
  for (j = 0; list[j]; j++)
    if (strlen(list[j]) == p - b && memcmp(list[j], s + b, p - b) == 0) return 1;
  return 0;
}

typedef struct run {
  size_t end;       /* after the terminators and the closers that follow them */
  int strong, ellipsis, bang, dots, closed;
  int32_t next;     /* the next character after spaces (-1: none, or a line break) */
  int next_class, spaced;
} run;

/* Reads the run of terminators starting at i, the closers after it, and what comes next. */
static void read_run(scan *sc, size_t i, run *r) {
  const unsigned char *s = sc->s;
  size_t j = i, len;
  int32_t cp;
  int k;
  memset(r, 0, sizeof *r);
  while (j < sc->n) {
    len = next_char(s, sc->n, j, &cp, &k);
    if (k == C_STOP || (k == C_SEMI && sc->semicolon)) r->strong = 1;
    else if (k == C_ELLIP) r->ellipsis = 1;
    else if (k == C_BANG && j >= sc->url_end) r->bang = 1;
    else if (k == C_DOT && j >= sc->url_end) r->dots++;
    else break;
    j += len;
  }
  while (j < sc->n) {
    len = next_char(s, sc->n, j, &cp, &k);
    if (k != C_CLOSE && k != C_QUOTE) break;
    if (k == C_CLOSE && sc->depth > 0) sc->depth--;
    r->closed = 1;
    j += len;
  }
  r->end = j;
  r->next = -1;
  r->next_class = C_BREAK;
  while (j < sc->n) {
    len = next_char(s, sc->n, j, &cp, &k);
    if (k != C_SPACE) {
      if (k != C_BREAK) { r->next = cp; r->next_class = k; }
      break;
    }
    r->spaced = 1;
    j += len;
  }
}

/* Whether the run ends the sentence; `before` is the character before the run, p its offset. */
static int run_splits(const scan *sc, const run *r, int32_t before, size_t p) {
  int next_cjk = r->next >= 0 && zt_is_cjk(r->next);
  int next_cap = r->next >= 0 && (is_upper(r->next) || r->next_class == C_OPEN || r->next_class == C_QUOTE);
  if (r->next_class == C_BREAK) return 1;
  if (r->next_class == C_COMMA || (r->next_class == C_SEMI && !sc->semicolon)) return 0;
  if (r->strong) return 1;
  if (r->ellipsis) return sc->depth == 0 || r->closed;
  if (r->bang) return next_cjk || (r->spaced && (next_cap || is_digit(r->next)));
  /* periods only */
  if (r->dots == 1 && p > 0 && is_abbrev(sc->s, p)) return 0;
  if (is_digit(before)) return r->spaced && is_upper(r->next);
  return next_cjk || (r->spaced && next_cap);
}

int zt_sentences(const char *str, size_t n, const zt_sentences_opts *o, zt_sentence_fn fn, void *ud) {
  scan sc;
  size_t i = 0;
  int rc;
  sc.s = (const unsigned char *)str;
  sc.n = str ? n : 0;
  sc.semicolon = o ? o->semicolon : 0;
  sc.fn = fn;
  sc.ud = ud;
  sc.start = NONE;
  sc.end = 0;
  sc.depth = 0;
  sc.url_end = sc.scanned = 0;
  sc.prev = -1;
  while (i < sc.n) {
    int32_t cp;
    int k;
    size_t len;
    if (sc.s[i] == ' ') { i++; continue; }
    if (sc.s[i] >= 0xE4 && sc.s[i] <= 0xE9) {
      /* U+4000..U+9FFF (Han, hexagrams): never special. Most of a Chinese text is runs of them. */
      size_t j = skip_han(sc.s, sc.n, i);
      if (j > i) {
        mark(&sc, i, j);
        sc.prev = 0x4E00;
        i = j;
        continue;
      }
    }
    len = next_char(sc.s, sc.n, i, &cp, &k);
    switch (k) {
    case C_SPACE:
      break;
    case C_BREAK:
      if ((rc = flush(&sc)) != 0) return rc;
      sc.depth = 0;
      break;
    case C_ALNUM:
      if (i >= sc.scanned) find_url(&sc, i);
      mark(&sc, i, i + len);
      break;
    case C_OPEN:
      if (sc.depth < 64) sc.depth++;
      mark(&sc, i, i + len);
      break;
    case C_CLOSE:
      if (sc.depth > 0) sc.depth--;
      mark(&sc, i, i + len);
      break;
    case C_STOP: case C_ELLIP: case C_SEMI: case C_DOT: case C_BANG:
      if ((k == C_SEMI && !sc.semicolon) || ((k == C_DOT || k == C_BANG) && i < sc.url_end)) {
        mark(&sc, i, i + len);
        break;
      } else {
        run r;
        read_run(&sc, i, &r);
        mark(&sc, i, r.end);
        if (run_splits(&sc, &r, sc.prev, i) && (rc = flush(&sc)) != 0) return rc;
        sc.prev = '.';
        i = r.end;
        continue;
      }
    default:
      mark(&sc, i, i + len);
      break;
    }
    sc.prev = cp;
    i += len;
  }
  return flush(&sc);
}
