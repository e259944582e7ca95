/* zt_article_lines: the input as lines, and the first pass — per-line features (length, Han
 * and punctuation counts, prose/headline shape, a date), then each short line's kind:
 * boilerplate (zt_article_boiler.c), a label line (zt_article_labels.c), a menu, a bracketed
 * byline, a dateline. */
#include <stdlib.h>

#include "zt_article_impl.h"
#include "zt_error.h"

/* has_lit on a line, skipping the scan when the literal's first two characters are not in it. */
void za_line_sig(const line *cL) {
  line *L = (line *)(uintptr_t)cL;
  const u8 *s = L->s;
  size_t n = L->n, i = 0, l;
  if (L->sig_done) return;
  L->sig_done = 1;
  L->sig[0] = L->sig[1] = L->sig[2] = L->sig[3] = 0;
  if (n > SHORT_LINE) return;
  while (i < n) {
    int32_t c;
    unsigned hb;
    if (s[i] < 0x80) {
      c = s[i];
      l = 1;
    } else {
      c = cp_at(s, n, i, &l);
    }
    hb = sig_bit(c);
    L->sig[hb >> 6] |= (uint64_t)1 << (hb & 63);
    i += l;
  }
}

int za_lhas(const line *L, const char *lit) {
  size_t l, n = strlen(lit);
  int32_t c = cp_at((const u8 *)lit, n, 0, &l);
  za_line_sig(L);
  if (c < 0 || !sig_has(L, c)) return 0;
  if (l < n) {
    size_t l2;
    int32_t d = cp_at((const u8 *)lit, n, l, &l2);
    if (d >= 0 && !sig_has(L, d)) return 0;
  }
  return za_has_lit(L->s, L->n, lit);
}

/* A well-formed character U+4E00..U+9FFF at s[i] (at least three bytes left): Han, counted
 * as such, and copied as is by zt_clean. */
static inline int han3_at(const u8 *s, size_t i) {
  unsigned b = s[i];
  return (b - 0xE5u <= 4u || (b == 0xE4 && s[i + 1] >= 0xB8)) &&
         ((s[i + 1] ^ 0x80u) | (s[i + 2] ^ 0x80u)) < 0x40u;
}

void za_line_stats(line *L) {
  const u8 *s = L->s;
  size_t n = L->n, i = 0, l, st;
  int32_t c, last;
  size_t nchars = 0, han = 0, punct = 0;
  /* plain: what zt_clean_unchanged answers for s[pb..pe), in the same scan (zt_clean.c):
   * the line inside its leading and trailing spaces and ideographic spaces, which zt_clean
   * drops or writes as spaces and za_put trims (　　正文 in HTML paragraphs) */
  int plain = 1, prev_alnum = 0;
  size_t pb = 0, pe = n;
  L->sig_done = 0;
  for (;;) {
    if (pb < pe && s[pb] == ' ') pb++;
    else if (pe - pb >= 3 && s[pb] == 0xE3 && s[pb + 1] == 0x80 && s[pb + 2] == 0x80) pb += 3;
    else break;
  }
  for (;;) {
    if (pe > pb && s[pe - 1] == ' ') pe--;
    else if (pe - pb >= 3 && s[pe - 3] == 0xE3 && s[pe - 2] == 0x80 && s[pe - 1] == 0x80) pe -= 3;
    else break;
  }
  while (i < n) {
    unsigned b = s[i];
    if (i + 3 <= n && han3_at(s, i)) {
      /* a run of Han: only counted */
      size_t j = i + 3, k;
      while (j + 3 <= n && han3_at(s, j)) j += 3;
      k = (j - i) / 3;
      han += k;
      nchars += k;
      prev_alnum = 0;
      i = j;
      continue;
    }
    if (b < 0x80) {
      c = (int32_t)b;
      l = 1;
      if (i >= pb && i < pe && !zt_clean_is_alnum(b)) plain = 0;
      prev_alnum = i >= pb;
    } else {
      c = cp_at(s, n, i, &l);
      if (i >= pb && i < pe &&
          (!zt_clean_fast_cjk_len(s + i, pe - i) ||
           (b == 0xEF && (prev_alnum || (i + 3 < pe && zt_clean_is_alnum(s[i + 3]))))))
        plain = 0;
      prev_alnum = 0;
    }
    if (c >= 0x3400 && is_han(c)) han++;
    else if (za_is_cn_punct(c)) punct++;
    nchars++;
    i += l;
  }
  L->plain = plain;
  L->plain_b = pb;
  L->plain_e = pe;
  L->nchars = nchars;
  L->han = han;
  L->punct = punct;
  /* the last meaningful character (past closing quotes / brackets) */
  i = n;
  last = -1;
  while (i > 0) {
    c = cp_before(s, i, &st);
    if (c < 0 || !(is_closing_quote(c) || is_space_cp(c))) { last = c; break; }
    i = st;
  }
  L->ends_sentence = last >= 0 && is_sentence_end(last) && last != '.';
  if (last == '.' && L->han > 0) L->ends_sentence = 1;
  if (!L->ends_sentence && n > 6) {
    /* 。（记者 张三）: a sentence, then a short bracketed note */
    size_t e = n, b;
    c = cp_before(s, e, &st);
    if (c == 0xFF09 || c == ')') {
      b = st;
      while (b > 0 && n - b < 120) {
        int32_t d = cp_before(s, b, &st);
        if (d == 0xFF08 || d == '(') {
          int32_t q = cp_before(s, st, &st);
          while (st > 0 && is_closing_quote(q)) q = cp_before(s, st, &st);
          if (q == 0x3002 || q == 0xFF01 || q == 0xFF1F || q == 0x2026) {
            L->ends_sentence = 1;
            last = q;
          }
          break;
        }
        b = st;
      }
    }
  }
  L->prose = (L->ends_sentence && L->nchars >= 8 && L->han >= 4 &&
              (last == 0x3002 || last == 0x2026 || last == '.' || L->nchars >= 30 || L->punct >= 3)) ||
             (L->punct >= 3 && L->nchars >= 50 && L->han >= 20) || L->nchars >= 160;
  L->headline = L->nchars >= 5 && L->nchars <= 100 && !(last == 0x3002 || last == 0xFF1B ||
                                                         last == 0xFF0C || last == 0x3001 ||
                                                         last == 0xFF1A || last == ':');
  if (L->headline && (L->han == 0 || starts_with(L->s, L->n, "http") || starts_with(L->s, L->n, "www.")))
    L->headline = 0; /* a URL or a line without any Chinese is not a Chinese headline */
}

/* Splits text into trimmed non-empty lines. */
int za_split_lines(const u8 *s, size_t n, line **buf, size_t *capp, size_t *count) {
  size_t cap = *capp, k = 0, i = 0;
  line *v = *buf;
  int rc = ZT_OK;
  if (!v || !cap) {
    cap = 64;
    v = (line *)malloc(cap * sizeof *v);
    if (!v) return ZT_ENOMEM;
  }
  while (i < n) {
    const u8 *nl = (const u8 *)memchr(s + i, '\n', n - i);
    size_t e = nl ? (size_t)(nl - s) : n, b = i;
    size_t tb = b, te = e;
    za_trim(s, &tb, &te);
    if (te > tb) {
      if (k == cap) {
        line *nv = (line *)realloc(v, cap * 2 * sizeof *v);
        if (!nv) { rc = ZT_ENOMEM; break; }
        v = nv;
        cap *= 2;
      }
      memset(&v[k], 0, sizeof v[k]);
      v[k].s = s + tb;
      v[k].n = te - tb;
      k++;
    }
    i = e + 1;
  }
  *buf = v;
  *capp = cap;
  *count = k;
  return rc;
}

/* A date in a short line, unless the line only shows today's date (今天是…, 欢迎…). */
static void line_date(ctx *c, line *x) {
  size_t ds, de;
  if (zt_date_best((const char *)x->s, x->n, c->o->now, &x->date, &ds, &de) &&
      x->date.prec >= ZT_DATE_DAY && za_starts(c->r, RL_DATE_DECOY, x->s, x->n) < 0) {
    x->has_date = 1;
    x->dstart = ds;
    x->dend = de;
  }
}

/* A bracketed byline alone on its line: （记者 王晓明 通讯员 李华）. */
static int bracketed_byline(ctx *c, line *x) {
  int32_t c0;
  size_t l0;
  acc tmp = {0};
  if (x->nchars > 40 || x->ends_sentence) return 0;
  c0 = cp_at(x->s, x->n, 0, &l0);
  if (!(c0 == 0xFF08 || c0 == '(' || c0 == 0x3010 || c0 == '[' || c0 == 0x3014 || c0 == 0xFF3B))
    return 0;
  tmp.r = c->r;
  if (za_bracket_bylines(c, &tmp, x, 1)) {
    x->kind = ZT_K_BYLINE;
    x->rule = "bracketed byline （记者 ... 通讯员 ...）";
    x->marks |= LN_BRACKETED;
    x->meta = 1;
  }
  za_acc_free(&tmp);
  return x->meta;
}

/* Pass 1: features of every line and the kind of each short one. */
void za_pass_line_features(ctx *c) {
  size_t i;
  for (i = 0; i < c->nl; i++) {
    line *x = &c->L[i];
    za_line_stats(x);
    x->kind = ZT_K_UNKNOWN;
    if (x->n > SHORT_LINE || (x->prose && x->nchars > 120)) continue;
    line_date(c, x);
    if (za_boiler_kind(c->r, x) || za_label_line(c, x)) continue;
    if (za_is_menu(x)) {
      x->kind = ZT_K_NAV;
      x->rule = "a menu: a run of short words";
      x->boiler = 1;
      continue;
    }
    if (bracketed_byline(c, x)) continue;
    if (x->has_date) {
      size_t rest = x->nchars - za_len((const char *)x->s + x->dstart, x->dend - x->dstart);
      if (rest <= 20 && !x->ends_sentence) {
        x->kind = ZT_K_DATELINE;
        x->rule = "a date with little else (dateline)";
        x->meta = 1;
      }
    }
  }
}
