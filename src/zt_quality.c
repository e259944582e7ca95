/* Quality signals: one forward pass over the text. The sentence splitter walks it and, after each
 * sentence, the counting catches up to the sentence's end: character classes and, per line, its
 * characters, a hash of its non-space bytes, its first and last characters; lines and character n-grams are
 * remembered in two open-addressing sets of 64-bit hashes (a hash collision can only overstate a
 * duplicate ratio, by a negligible amount). The n-gram set stops growing at NGRAM_LIMIT entries
 * (later n-grams are still looked up), which bounds memory on huge inputs. */
#include "zt_quality.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zt_error.h"
#include "zt_sentences.h"
#include "zt_utf8.h"

#define NGRAM_LIMIT ((size_t)1 << 23) /* slots: 64 MB at most */
#define LINE_LIMIT ((size_t)1 << 22)

typedef struct hset {
  uint64_t *v;
  size_t cap, n, limit;
  int oom;
} hset;

static uint64_t mix64(uint64_t h) {
  h ^= h >> 33;
  h *= UINT64_C(0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= UINT64_C(0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  return h ? h : 1; /* 0 marks an empty slot */
}

static int hset_grow(hset *h) {
  size_t cap = h->cap ? h->cap * 2 : 1024, i;
  uint64_t *v = (uint64_t *)calloc(cap, sizeof *v);
  if (!v) { h->oom = 1; return 0; }
  for (i = 0; i < h->cap; i++) {
    size_t j;
    if (!h->v[i]) continue;
    for (j = (size_t)h->v[i] & (cap - 1); v[j]; j = (j + 1) & (cap - 1)) {}
    v[j] = h->v[i];
  }
  free(h->v);
  h->v = v;
  h->cap = cap;
  return 1;
}

/* 1 when k was in the set; otherwise adds it (while there is room) and returns 0. */
static int hset_seen(hset *h, uint64_t k) {
  size_t j;
  if (h->n * 2 >= h->cap && (h->cap >= h->limit || !hset_grow(h))) {
    if (!h->cap) return 0;
    /* full (kept at most half full): look up only */
    for (j = (size_t)k & (h->cap - 1); h->v[j]; j = (j + 1) & (h->cap - 1))
      if (h->v[j] == k) return 1;
    return 0;
  }
  for (j = (size_t)k & (h->cap - 1); h->v[j]; j = (j + 1) & (h->cap - 1))
    if (h->v[j] == k) return 1;
  h->v[j] = k;
  h->n++;
  return 0;
}

/* Phrases that mark a line as page furniture rather than text (C4 drops lines with "javascript",
 * "lorem ipsum", cookie and policy notices; the Chinese ones are their counterparts on Chinese
 * sites: copyright and ICP footers, previous/next links, share and follow widgets). */
static const char *const boiler_phrases[] = {
  "版权所有", "版权声明", "免责声明", "上一篇", "下一篇", "返回首页", "返回顶部", "分享到",
  "扫一扫", "关注我们", "联系我们", "网站地图", "ICP备", "ICP证", "点击查看更多", "用户登录",
  "立即注册", "热门推荐", "相关阅读", "相关新闻", "javascript", "JavaScript", "cookie", "Cookie",
  "lorem ipsum", "Lorem ipsum", "privacy policy", "Privacy Policy", "terms of use", "Terms of Use",
  "All Rights Reserved", "all rights reserved", "Copyright", "copyright", NULL};

static int has_phrase(const char *s, size_t n) {
  size_t i, j;
  for (i = 0; boiler_phrases[i]; i++) {
    const char *p = boiler_phrases[i];
    size_t m = strlen(p);
    for (j = 0; j + m <= n; j++)
      if (s[j] == p[0] && memcmp(s + j, p, m) == 0) return 1;
  }
  return 0;
}

/* C4 keeps lines that end in terminal punctuation; Chinese adds its own marks and closers. */
static int is_terminal(int32_t cp) {
  switch (cp) {
  case '.': case '!': case '?': case '"': case '\'': case ')': case 0x3002: case 0xFF01:
  case 0xFF1F: case 0x2026: case 0xFF1B: case 0x201D: case 0x2019: case 0x300D: case 0x300F:
  case 0xFF09: case 0xFF0E: case 0xFF61:
    return 1;
  default:
    return 0;
  }
}

static int is_bullet(int32_t cp) {
  switch (cp) {
  case 0x2022: case 0x00B7: case 0x25CF: case 0x25A0: case 0x25AA: case 0x25C6: case 0x2605:
  case 0x25CB: case 0x2013: case 0x2014: case 0x30FB: case '-': case '*': case '>':
    return 1;
  default:
    return 0;
  }
}

static int is_break(int32_t cp) {
  return cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' || cp == 0x85 || cp == 0x2028 ||
         cp == 0x2029;
}

typedef struct qstate {
  const char *s;
  zt_quality *q;
  hset lines, grams;
  /* counts */
  size_t han, latin, punct, digit, dup_line, boiler, bullets, ellipses, covered;
  /* the current line */
  size_t lchars, lfirst, lend;
  uint64_t lhash;
  int32_t first_cp, last_cp;
  /* the n-gram window over non-space characters */
  int32_t ring[ZT_QUALITY_NGRAM];
  uint64_t gram, pow_n;
  size_t cov_to;  /* characters before this index are already counted in covered */
  size_t n, pos;  /* the text's length; the bytes before pos have been counted */
} qstate;

static void end_line(qstate *st) {
  zt_quality *q = st->q;
  size_t c = st->lchars;
  int ellipsis;
  if (c == 0) return;
  q->lines++;
  if (hset_seen(&st->lines, mix64(st->lhash ^ ((uint64_t)c << 40)))) st->dup_line += c;
  if (!is_terminal(st->last_cp) || has_phrase(st->s + st->lfirst, st->lend - st->lfirst)) st->boiler += c;
  if (is_bullet(st->first_cp)) st->bullets++;
  ellipsis = st->last_cp == 0x2026 ||
             (st->lend - st->lfirst >= 3 && memcmp(st->s + st->lend - 3, "...", 3) == 0);
  if (ellipsis) st->ellipses++;
  if ((double)c > q->max_line_chars) q->max_line_chars = (double)c;
  st->lchars = 0;
  st->lhash = UINT64_C(14695981039346656037);
}

/* One non-space character cp at s[i..i+len). */
static void add_char(qstate *st, int32_t cp, size_t i, size_t len) {
  size_t idx = st->q->chars++, k;
  uint64_t v = (uint64_t)(cp + 2);
  if (zt_is_han(cp)) st->han++;
  else if ((cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19)) st->digit++;
  else if (((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7))
    st->latin++;
  else if (cp >= 0 && zt_is_punct(cp)) st->punct++;
  if (st->lchars++ == 0) { st->lfirst = i; st->first_cp = cp; }
  st->lend = i + len;
  st->last_cp = cp;
  for (k = 0; k < len; k++) st->lhash = (st->lhash ^ (unsigned char)st->s[i + k]) * UINT64_C(1099511628211);
  /* rolling polynomial hash of the last NGRAM characters */
  st->gram = st->gram * UINT64_C(1099511628211) + v;
  if (idx >= ZT_QUALITY_NGRAM) st->gram -= st->pow_n * (uint64_t)(st->ring[idx % ZT_QUALITY_NGRAM] + 2);
  st->ring[idx % ZT_QUALITY_NGRAM] = cp;
  if (idx + 1 >= ZT_QUALITY_NGRAM && hset_seen(&st->grams, mix64(st->gram))) {
    size_t from = idx + 1 - ZT_QUALITY_NGRAM;
    if (from < st->cov_to) from = st->cov_to;
    st->covered += idx + 1 - from;
    st->cov_to = idx + 1;
  }
}

/* Counts the characters of s[pos..to): the character and line signals. */
static void advance(qstate *st, size_t to) {
  const unsigned char *u = (const unsigned char *)st->s;
  size_t i = st->pos;
  while (i < to) {
    int32_t cp;
    size_t len = u[i] < 0x80 ? (cp = u[i], 1) : zt_utf8_decode(u + i, st->n - i, &cp);
    if (is_break(cp)) end_line(st);
    else if (!zt_sentences_is_space(cp)) add_char(st, cp, i, len);
    i += len;
  }
  st->pos = i;
}

/* The splitter's callback: the counting follows the splitter sentence by sentence, so the text
 * is walked once, each stretch read by both while it is in cache. */
static int on_sentence(void *ud, size_t off, size_t len) {
  qstate *st = (qstate *)ud;
  st->q->sentences++;
  advance(st, off + len);
  return 0;
}

static double ratio(size_t a, size_t b) { return b ? (double)a / (double)b : 0.0; }

int zt_quality_compute(const char *s, size_t n, zt_quality *q) {
  qstate st;
  size_t k;
  memset(q, 0, sizeof *q);
  memset(&st, 0, sizeof st);
  st.s = s;
  st.n = n;
  st.q = q;
  st.lines.limit = LINE_LIMIT;
  st.grams.limit = NGRAM_LIMIT;
  st.lhash = UINT64_C(14695981039346656037);
  st.pow_n = 1;
  for (k = 0; k < ZT_QUALITY_NGRAM; k++) st.pow_n *= UINT64_C(1099511628211);
  (void)zt_sentences(s, n, NULL, on_sentence, &st);
  advance(&st, n);
  end_line(&st);
  free(st.lines.v);
  free(st.grams.v);
  if (st.lines.oom || st.grams.oom) {
    memset(q, 0, sizeof *q);
    return ZT_ENOMEM;
  }
  q->cjk_ratio = ratio(st.han, q->chars);
  q->latin_ratio = ratio(st.latin, q->chars);
  q->punct_ratio = ratio(st.punct, q->chars);
  q->digit_ratio = ratio(st.digit, q->chars);
  q->dup_line_ratio = ratio(st.dup_line, q->chars);
  q->dup_ngram_ratio = ratio(st.covered, q->chars);
  q->boilerplate_ratio = ratio(st.boiler, q->chars);
  q->mean_sentence_chars = ratio(q->chars, q->sentences);
  q->mean_line_chars = ratio(q->chars, q->lines);
  q->bullet_line_ratio = ratio(st.bullets, q->lines);
  q->ellipsis_line_ratio = ratio(st.ellipses, q->lines);
  return ZT_OK;
}
