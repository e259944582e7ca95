/* zt_lac: text in, LAC tokens out. Decoding, line and chunk splitting, the model input
 * (normalisation table + OpenCC t2s for traditional chunks) and words from tag sequences. */
#include <stdlib.h>
#include <string.h>

#include <opencc.h>

#include "zt_buf.h"
#include "zt_convert.h"
#include "zt_error.h"
#include "zt_lac_impl.h"
#include "zt_utf8.h"

static const char *const class_names[ZT_LAC_NCLASSES] = {
  "a", "ad", "an", "c", "d", "f", "m", "n", "nr", "ns", "nt", "nw", "nz", "p", "q",
  "r", "s", "t", "u", "v", "vd", "vn", "w", "xc", "PER", "LOC", "ORG", "TIME", "O"};

const char *zt_lac_class_name(int cls) {
  return cls >= 0 && cls < ZT_LAC_NCLASSES ? class_names[cls] : "?";
}

/* Python's str.isspace (what the reference strips and splits on). */
static int is_space(int32_t c) {
  return (c >= 9 && c <= 13) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f ||
         c == 0x3000;
}

static int is_final(int32_t c) {
  return c == 0x3002 || c == 0xff01 || c == 0xff1f || c == '!' || c == '?' || c == 0xff1b || c == ';' ||
         c == 0x2026 || c == 0xff0e;
}

static int is_closing(int32_t c) {
  return c == 0x201d || c == 0x2019 || c == 0x300d || c == 0x300f || c == 0xff09 || c == ')' ||
         c == 0x3011 || c == 0x300b || c == '"' || c == '\'' || is_final(c);
}

static int is_comma(int32_t c) {
  return c == 0xff0c || c == ',' || c == 0x3001 || c == 0xff1a || c == ':' || is_space(c);
}

typedef struct {
  int32_t *cp;   /* code points; -1 for an ill-formed subsequence */
  size_t *at;    /* byte offset of each char; at[n] = input length */
  size_t n;
} chars;

static int decode(const char *s, size_t n, chars *c) {
  size_t i = 0, k = 0;
  c->cp = (int32_t *)malloc((n + 1) * sizeof *c->cp);
  c->at = (size_t *)malloc((n + 1) * sizeof *c->at);
  if (!c->cp || !c->at) return ZT_ENOMEM;
  while (i < n) {
    int32_t cp;
    size_t l = zt_utf8_decode((const unsigned char *)s + i, n - i, &cp);
    c->cp[k] = cp;
    c->at[k++] = i;
    i += l;
  }
  c->at[k] = n;
  c->n = k;
  return ZT_OK;
}

typedef struct { size_t a, b; } span;

/* Appends the chunks of line [a, b) (white space trimmed) to *out. */
static int add_chunks(const chars *c, size_t a, size_t b, size_t maxc, span **out, size_t *nout,
                      size_t *cap) {
  while (a < b) {
    size_t e;
    while (a < b && is_space(c->cp[a])) a++;
    while (b > a && is_space(c->cp[b - 1])) b--;
    if (a >= b) break;
    e = b;
    if (b - a > maxc) {
      size_t j, lo = a + maxc / 4;
      e = 0;
      for (j = a + maxc; j > lo && !e; j--)
        if (is_final(c->cp[j - 1]) && !is_closing(c->cp[j])) e = j;
      for (j = a + maxc; j > lo && !e; j--)
        if (is_comma(c->cp[j - 1])) e = j;
      if (!e) e = a + maxc;
    }
    if (*nout == *cap) {
      size_t nc = *cap ? 2 * *cap : 64;
      span *p = (span *)realloc(*out, nc * sizeof *p);
      if (!p) return ZT_ENOMEM;
      *out = p;
      *cap = nc;
    }
    {
      size_t x = a, y = e;
      while (y > x && is_space(c->cp[y - 1])) y--;
      (*out)[*nout].a = x;
      (*out)[*nout].b = y;
      (*nout)++;
    }
    a = e;
  }
  return ZT_OK;
}

/* OpenCC t2s of cps[0..n), char-aligned: returns 1 and fills out when the phrase conversion kept
 * the length, else 0. */
static int opencc_aligned(zt_lac *m, const int32_t *cps, size_t n, int32_t *out) {
  zt_buf in = ZT_BUF_INIT;
  char *r;
  size_t i, k, rl;
  int ok = 0;
  if (m->opencc_state == 0) {
    void *od = zt_opencc_open("t2s.json", NULL, 0); /* serialised: see zt_convert.h */
    if (!od) {
      m->opencc_state = -1;
    } else {
      m->opencc = (void *)od;
      m->opencc_state = 1;
    }
  }
  if (m->opencc_state != 1) return 0;
  for (i = 0; i < n; i++) {
    char u[4];
    int32_t c = cps[i];
    if (c <= 0 || (c >= 0xd800 && c <= 0xdfff)) { /* NUL or ill-formed: go char by char */
      zt_buf_free(&in);
      return 0;
    }
    zt_buf_add(&in, u, zt_utf8_encode(c, u));
  }
  if (in.oom) { zt_buf_free(&in); return 0; }
  r = opencc_convert_utf8((opencc_t)m->opencc, in.data, in.len);
  zt_buf_free(&in);
  if (!r) return 0;
  rl = strlen(r);
  for (i = 0, k = 0; i < rl && k <= n;) {
    int32_t c;
    size_t l = zt_utf8_decode((const unsigned char *)r + i, rl - i, &c);
    if (c < 0) break;
    if (k < n) out[k] = c;
    k++;
    i += l;
  }
  ok = i == rl && k == n;
  opencc_convert_utf8_free(r);
  return ok;
}

/* Model ids of chars [a, b). */
static void encode_span(zt_lac *m, const int32_t *cp, size_t n, int32_t *ids, int32_t *tmp) {
  size_t i, t1 = 0, t2 = 0;
  for (i = 0; i < n; i++) {
    uint32_t e = zt_lac_char_entry(m, cp[i]);
    ids[i] = (int32_t)(e & 0xffffu);
    if (e & ZT_LAC_F_TRAD1) t1++;
    if (e & ZT_LAC_F_TRAD2) t2++;
  }
  if (t1 == 0 && t2 < 2) return;
  /* Traditional: the model sees the OpenCC t2s text (char-aligned), else per-char t2s. */
  if (!opencc_aligned(m, cp, n, tmp))
    for (i = 0; i < n; i++) tmp[i] = cp[i] < 0 ? cp[i] : zt_lac_t2s_char(m, cp[i]);
  for (i = 0; i < n; i++) ids[i] = (int32_t)(zt_lac_char_entry(m, tmp[i]) & 0xffffu);
}

int zt_lac_encode(zt_lac *m, const char *s, size_t n, int32_t **ids, size_t *nids) {
  chars c = {NULL, NULL, 0};
  size_t a = 0, b;
  int32_t *tmp = NULL;
  int rc = decode(s, n, &c);
  *ids = NULL;
  *nids = 0;
  if (rc) goto done;
  b = c.n;
  while (a < b && is_space(c.cp[a])) a++;
  while (b > a && is_space(c.cp[b - 1])) b--;
  *ids = (int32_t *)malloc((b - a + 1) * sizeof **ids);
  tmp = (int32_t *)malloc((b - a + 1) * sizeof *tmp);
  if (!*ids || !tmp) { free(*ids); *ids = NULL; rc = ZT_ENOMEM; goto done; }
  encode_span(m, c.cp + a, b - a, *ids, tmp);
  *nids = b - a;
done:
  free(tmp);
  free(c.cp);
  free(c.at);
  return rc;
}

/* Tags one window s[0..n) (whole lines, or a piece of a very long line) and appends its tokens,
 * offsets shifted by base, to *tk. */
static int analyze_window(zt_lac *m, const char *s, size_t n, size_t base, zt_lac_token **tk,
                          size_t *ntk, size_t *tcap) {
  chars c = {NULL, NULL, 0};
  span *ch = NULL;
  size_t nch = 0, cap = 0, i, k, total = 0;
  int32_t *ids = NULL, *tmp = NULL;
  uint8_t *tags = NULL;
  const int32_t **idp = NULL;
  uint8_t **tgp = NULL;
  size_t *lens = NULL;
  int rc = decode(s, n, &c);
  if (rc) goto done;
  /* Lines, then chunks. */
  for (i = 0, k = 0; i <= c.n; i++) {
    if (i == c.n || c.cp[i] == '\n' || c.cp[i] == '\r') {
      rc = add_chunks(&c, k, i, m->chunk, &ch, &nch, &cap);
      if (rc) goto done;
      k = i + 1;
    }
  }
  if (nch == 0) goto done;
  for (i = 0; i < nch; i++) total += ch[i].b - ch[i].a;
  ids = (int32_t *)malloc(total * sizeof *ids);
  tmp = (int32_t *)malloc(total * sizeof *tmp);
  tags = (uint8_t *)malloc(total);
  idp = (const int32_t **)malloc(nch * sizeof *idp);
  tgp = (uint8_t **)malloc(nch * sizeof *tgp);
  lens = (size_t *)malloc(nch * sizeof *lens);
  if (!ids || !tmp || !tags || !idp || !tgp || !lens) { rc = ZT_ENOMEM; goto done; }
  for (i = 0, k = 0; i < nch; i++) {
    size_t l = ch[i].b - ch[i].a;
    encode_span(m, c.cp + ch[i].a, l, ids + k, tmp + k);
    idp[i] = ids + k;
    tgp[i] = tags + k;
    lens[i] = l;
    k += l;
  }
  rc = zt_lac_tag_batch(m, nch, idp, lens, tgp);
  if (rc) goto done;
  if (*tcap - *ntk < total) {
    size_t nc = *tcap ? *tcap : 256;
    zt_lac_token *p;
    while (nc - *ntk < total) nc *= 2;
    p = (zt_lac_token *)realloc(*tk, nc * sizeof *p);
    if (!p) { rc = ZT_ENOMEM; goto done; }
    *tk = p;
    *tcap = nc;
  }
  /* Words: a word starts at any *-B, or at O after a non-O; white space splits and is dropped. */
  for (i = 0; i < nch; i++) {
    const uint8_t *tg = tgp[i];
    size_t a = ch[i].a, l = lens[i], j;
    int cls = ZT_LAC_CLASS_O, open = 0;
    for (j = 0; j < l; j++) {
      int t = tg[j];
      int start = j == 0 || (t < 56 && !(t & 1)) || (t == 56 && tg[j - 1] != 56);
      if (start) {
        cls = t < 56 ? t / 2 : ZT_LAC_CLASS_O;
        open = 0;
      }
      if (is_space(c.cp[a + j])) { open = 0; continue; }
      if (!open) {
        (*tk)[*ntk].start = base + c.at[a + j];
        (*tk)[*ntk].cls = cls;
        (*ntk)++;
        open = 1;
      }
      (*tk)[*ntk - 1].stop = base + c.at[a + j + 1];
    }
  }
done:
  free(ids); free(tmp); free(tags); free(idp); free(tgp); free(lens); free(ch);
  free(c.cp); free(c.at);
  return rc;
}

/* Input is processed in windows of about WINDOW bytes ending at a line break (or, inside a line
 * longer than that, at a character boundary), so memory stays bounded whatever the input size. */
#define WINDOW (1u << 16)

static size_t window_end(const char *s, size_t n, size_t pos) {
  const char *nl;
  size_t p;
  if (n - pos <= 2 * WINDOW) return n;
  nl = (const char *)memchr(s + pos + WINDOW, '\n', WINDOW);
  if (nl) return (size_t)(nl - s) + 1;
  p = pos + 2 * WINDOW;
  while (p > pos + WINDOW && ((unsigned char)s[p] & 0xc0) == 0x80) p--;
  return p;
}

int zt_lac_analyze(zt_lac *m, const char *s, size_t n, zt_lac_token **toks, size_t *ntok) {
  zt_lac_token *tk = NULL;
  size_t ntk = 0, tcap = 0, pos = 0;
  int rc = ZT_OK;
  *toks = NULL;
  *ntok = 0;
  while (pos < n && rc == ZT_OK) {
    size_t e = window_end(s, n, pos);
    rc = analyze_window(m, s + pos, e - pos, pos, &tk, &ntk, &tcap);
    pos = e;
  }
  if (rc) { free(tk); return rc; }
  *toks = tk;
  *ntok = ntk;
  return ZT_OK;
}
