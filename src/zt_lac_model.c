/* zt_lac_model: converting Debian's lac_small files into the zhtext model file, and loading it.
 *
 * Model file (little endian):
 *   "ZTLAC002"  magic
 *   uint32 x 8  vocab rows, dim (128), tags (57), nastral, nt2s, 0, 0, 0
 *   float32     word_emb [vocab,128]; fc_0..fc_3 (w [Din,384], b [384]); gru_0..gru_3
 *               (w [128,384] as Paddle stores it, b [384]); fc_4 (w [256,57], b [57]); crfw [59,57]
 *   uint32      bmp[65536]: model id | flags for each BMP code point
 *   uint32      astral[nastral][2]: (code point, id | flags), sorted
 *   uint32      t2s[nt2s][2]: (traditional cp, simplified cp), sorted
 *   uint32      checksum of everything before it (see checksum())
 * The character table already contains the whole input normalisation (lac.md §2.4): trained rows
 * map to themselves; otherwise NFKC + lower case, a punctuation table, then OpenCC t2s for
 * untrained rows; anything else is the row of the character itself or OOV.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <opencc.h>
#include <utf8proc.h>

#include "zt_buf.h"
#include "zt_convert.h"
#include "zt_error.h"
#include "zt_lac_impl.h"
#include "zt_replace.h"
#include "zt_utf8.h"

#define MAGIC "ZTLAC002"
#define NHDR 8
#define NBMP 65536

static const char *const tensor_names[] = {
  "word_emb", "fc_0.w_0", "fc_0.b_0", "fc_1.w_0", "fc_1.b_0", "fc_2.w_0", "fc_2.b_0",
  "fc_3.w_0", "fc_3.b_0", "gru_0.w_0", "gru_0.b_0", "gru_1.w_0", "gru_1.b_0", "gru_2.w_0",
  "gru_2.b_0", "gru_3.w_0", "gru_3.b_0", "fc_4.w_0", "fc_4.b_0", "crfw"};
#define NTENSORS 20

/* Element counts of the tensors above, given the vocabulary size. */
static void tensor_sizes(size_t vocab, size_t sz[NTENSORS]) {
  size_t D = ZT_LAC_D, G = ZT_LAC_G;
  int i;
  sz[0] = vocab * D;
  for (i = 0; i < 4; i++) {
    sz[1 + 2 * i] = (i < 2 ? D : 2 * D) * G;
    sz[2 + 2 * i] = G;
    sz[9 + 2 * i] = D * G;
    sz[10 + 2 * i] = G;
  }
  sz[17] = 2 * D * ZT_LAC_NTAGS;
  sz[18] = ZT_LAC_NTAGS;
  sz[19] = (ZT_LAC_NTAGS + 2) * ZT_LAC_NTAGS;
}

static int fail(char *err, size_t cap, int code, const char *fmt, ...) {
  if (err && cap) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, cap, fmt, ap);
    va_end(ap);
  }
  return code;
}

/* Reads a whole file into a 64-byte aligned block, at offset `lead` (so that a chosen byte of the
 * file lands on an aligned address). *block is what to free; *data = *block + lead. */
static int read_file_at(const char *path, size_t lead, void **block, unsigned char **data, size_t *len) {
  FILE *f = fopen(path, "rb");
  long sz;
  void *b = NULL;
  if (!f) return ZT_EIO;
  if (fseek(f, 0, SEEK_END) != 0 || (sz = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    return ZT_EIO;
  }
  if (posix_memalign(&b, 64, lead + (size_t)sz + 1)) { fclose(f); return ZT_ENOMEM; }
  if (fread((unsigned char *)b + lead, 1, (size_t)sz, f) != (size_t)sz) {
    fclose(f);
    free(b);
    return ZT_EIO;
  }
  fclose(f);
  ((unsigned char *)b)[lead + (size_t)sz] = 0;
  *block = b;
  *data = (unsigned char *)b + lead;
  *len = (size_t)sz;
  return ZT_OK;
}

static int read_file(const char *path, unsigned char **data, size_t *len) {
  void *b;
  return read_file_at(path, 0, &b, data, len);
}

static uint32_t rd32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static int varint(const unsigned char *p, size_t n, size_t *i, uint64_t *v) {
  int shift = 0;
  *v = 0;
  while (*i < n && shift < 64) {
    unsigned char c = p[(*i)++];
    *v |= (uint64_t)(c & 0x7f) << shift;
    if (!(c & 0x80)) return 1;
    shift += 7;
  }
  return 0;
}

/* Reads one Paddle fluid LoDTensor file holding `count` FP32 values into dst. */
static int read_tensor(const char *dir, const char *name, float *dst, size_t count, char *err,
                       size_t cap) {
  char path[4096];
  unsigned char *d = NULL;
  size_t n = 0, off = 0, i, dend;
  uint64_t lod, v, prod = 1;
  int32_t dlen;
  int rc, dtype = -1, ndims = 0;
  snprintf(path, sizeof path, "%s/model_baseline/%s", dir, name);
  rc = read_file(path, &d, &n);
  if (rc) return fail(err, cap, rc, "cannot read %s", path);
  if (n < 20) goto bad;
  off = 4;
  lod = (uint64_t)rd32(d + off) | (uint64_t)rd32(d + off + 4) << 32;
  off += 8;
  for (i = 0; i < lod; i++) {
    uint64_t nb;
    if (n - off < 8) goto bad;
    nb = (uint64_t)rd32(d + off) | (uint64_t)rd32(d + off + 4) << 32;
    off += 8;
    if (nb > n - off) goto bad;
    off += (size_t)nb;
  }
  if (n - off < 8) goto bad;
  off += 4;
  dlen = (int32_t)rd32(d + off);
  off += 4;
  if (dlen < 0 || (size_t)dlen > n - off) goto bad;
  dend = off + (size_t)dlen;
  while (off < dend) {
    uint64_t key;
    if (!varint(d, dend, &off, &key)) goto bad;
    if ((key & 7) == 0) {
      if (!varint(d, dend, &off, &v)) goto bad;
      if ((key >> 3) == 1) dtype = (int)v;
      else if ((key >> 3) == 2) { prod *= v; ndims++; }
    } else if ((key & 7) == 2) {
      uint64_t len;
      size_t e;
      if (!varint(d, dend, &off, &len) || len > dend - off) goto bad;
      e = off + (size_t)len;
      if ((key >> 3) == 2) {
        while (off < e) {
          if (!varint(d, e, &off, &v)) goto bad;
          prod *= v;
          ndims++;
        }
      }
      off = e;
    } else {
      goto bad;
    }
  }
  if (dtype != 5 || ndims == 0 || prod != count || n - off != count * 4) goto bad;
  for (i = 0; i < count; i++) {
    uint32_t u = rd32(d + off + 4 * i);
    memcpy(dst + i, &u, 4);
  }
  free(d);
  return ZT_OK;
bad:
  free(d);
  return fail(err, cap, ZT_EFORMAT, "%s: not a %zu-value FP32 Paddle tensor", path, count);
}

/* ---- conversion ---- */

typedef struct { int32_t cp, id; } cp_id;

static int cmp_cp(const void *a, const void *b) {
  int32_t x = ((const cp_id *)a)->cp, y = ((const cp_id *)b)->cp;
  return (x > y) - (x < y);
}

static int32_t vocab_find(const cp_id *v, size_t n, int32_t cp) {
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (v[mid].cp < cp) lo = mid + 1;
    else hi = mid;
  }
  return lo < n && v[lo].cp == cp ? v[lo].id : -1;
}

/* The punctuation table of the reference normalisation (lac.md §2.4). */
static int32_t punct_map(int32_t cp) {
  switch (cp) {
  case 0x3002: case 0x2026: return '.';               /* 。 … */
  case 0x3001: return ',';                            /* 、 */
  case 0x201c: case 0x201d: case 0x301d: case 0x301e: /* “ ” 〝 〞 */
  case 0x300c: case 0x300d: case 0x300e: case 0x300f: /* 「 」 『 』 */
    return '"';
  case 0x2018: case 0x2019: return '\'';
  case 0x3010: case 0x3016: case 0x3014: return '[';  /* 【 〖 〔 */
  case 0x3011: case 0x3017: case 0x3015: return ']';
  case 0x3008: return '<';
  case 0x3009: return '>';
  case 0x2014: case 0x2010: return '-';               /* — ‐ */
  case 0x2236: return ':';                            /* ∶ */
  case 0x2016: return '|';                            /* ‖ */
  case 0xffe3: return '~';                            /* ￣ */
  default: return -1;
  }
}

/* NFKC(cp).lower() when that is a single code point, else -1. */
static int32_t nfkc_lower(int32_t cp) {
  const utf8proc_property_t *p = utf8proc_get_property(cp);
  int32_t r = cp;
  if (p->decomp_seqindex != UINT16_MAX) {
    char u[5];
    size_t ul = zt_utf8_encode(cp, u), used;
    utf8proc_uint8_t *k;
    u[ul] = 0;
    k = utf8proc_NFKC((const utf8proc_uint8_t *)u);
    if (!k) return -1;
    used = zt_utf8_decode(k, strlen((const char *)k), &r);
    if (used == 0 || r < 0 || k[used] != 0) r = -1;
    free(k);
    if (r < 0) return -1;
  }
  if (r == 0x130) return -1; /* 'İ'.lower() is two characters */
  return utf8proc_tolower(r);
}

/* Converts each code point of cps[0..n) with OpenCC t2s on its own; out[i] = single-char result
 * or -1. Returns 0 when OpenCC is unavailable. */
static int t2s_chars(const int32_t *cps, size_t n, int32_t *out) {
  opencc_t od = (opencc_t)zt_opencc_open("t2s.json", NULL, 0); /* serialised: see zt_convert.h */
  zt_buf in = ZT_BUF_INIT;
  char *r;
  size_t i;
  const char *p;
  if (!od) return 0;
  for (i = 0; i < n; i++) {
    char u[4];
    zt_buf_add(&in, u, zt_utf8_encode(cps[i], u));
    zt_buf_addc(&in, '\n');
  }
  if (in.oom) { zt_buf_free(&in); zt_opencc_close(od); return 0; }
  r = opencc_convert_utf8(od, in.data, in.len);
  zt_buf_free(&in);
  zt_opencc_close(od);
  if (!r) return 0;
  p = r;
  for (i = 0; i < n; i++) {
    const char *e = strchr(p, '\n');
    int32_t c;
    size_t l;
    if (!e) break;
    l = zt_utf8_decode((const unsigned char *)p, (size_t)(e - p), &c);
    out[i] = (l > 0 && l == (size_t)(e - p) && c >= 0) ? c : -1;
    p = e + 1;
  }
  opencc_convert_utf8_free(r);
  if (i < n) return 0;
  return 1;
}

static void put32(zt_buf *b, uint32_t v) {
  unsigned char c[4];
  c[0] = (unsigned char)v; c[1] = (unsigned char)(v >> 8);
  c[2] = (unsigned char)(v >> 16); c[3] = (unsigned char)(v >> 24);
  zt_buf_add(b, c, 4);
}

/* File checksum: four interleaved FNV-style lanes over 32-bit words, then the tail bytes. */
static uint32_t checksum(const unsigned char *p, size_t n) {
  uint64_t h0 = 0xcbf29ce484222325ull, h1 = h0 ^ 1, h2 = h0 ^ 2, h3 = h0 ^ 3, x;
  const uint64_t P = 0x100000001b3ull;
  size_t i;
  for (i = 0; i + 16 <= n; i += 16) {
    h0 = (h0 ^ rd32(p + i)) * P;
    h1 = (h1 ^ rd32(p + i + 4)) * P;
    h2 = (h2 ^ rd32(p + i + 8)) * P;
    h3 = (h3 ^ rd32(p + i + 12)) * P;
  }
  for (; i < n; i++) h0 = (h0 ^ p[i]) * P;
  x = h0 ^ (h1 * 31) ^ (h2 * 961) ^ (h3 * 29791) ^ (uint64_t)n;
  return (uint32_t)(x ^ (x >> 32));
}

/* What zt_lac_convert checks before the new file replaces the old one: that it loads (size,
 * header and full checksum). */
static int check_written(const char *tmp, void *ctx, char *err, size_t cap) {
  zt_lac *m = NULL;
  int rc = zt_lac_load(tmp, &m, err, cap);
  (void)ctx;
  zt_lac_free(m);
  return rc;
}

/* The conversion's state: vocabulary, weights, which rows are trained, the traditional →
 * simplified maps, and the character table being built. */
typedef struct conv {
  cp_id *voc, *t1map; /* t1map: untrained vocab char -> simplified (rule 4) */
  size_t nv, nt1, nt2, nast, total, sz[NTENSORS];
  int32_t maxid, oov;
  float *w;
  unsigned char *trained;
  uint32_t *bmp;
  zt_buf ast, t2;
} conv;

static void conv_free(conv *cv) {
  free(cv->voc); free(cv->w); free(cv->trained); free(cv->bmp); free(cv->t1map);
  zt_buf_free(&cv->ast); zt_buf_free(&cv->t2);
}

static int trained_cp(const conv *cv, int32_t c) {
  int32_t v = vocab_find(cv->voc, cv->nv, c);
  return v >= 0 && cv->trained[v];
}

/* word.dic: lines "id<TAB>key", as Python's split('\t') with exactly two fields. */
static int parse_vocab(conv *cv, const unsigned char *dic, size_t dlen, const char *path, char *err,
                       size_t cap) {
  size_t i;
  cv->voc = (cp_id *)malloc((dlen / 2 + 1) * sizeof *cv->voc);
  if (!cv->voc) return ZT_ENOMEM;
  for (i = 0; i < dlen;) {
    size_t e = i, tab = (size_t)-1, ntab = 0;
    while (e < dlen && dic[e] != '\n') {
      if (dic[e] == '\t') { ntab++; if (tab == (size_t)-1) tab = e; }
      e++;
    }
    if (ntab == 1 && tab > i) {
      long id = strtol((const char *)dic + i, NULL, 10);
      const unsigned char *k = dic + tab + 1;
      size_t kl = e - tab - 1;
      int32_t c;
      if (id >= 0 && id < 1000000) {
        if (kl == 3 && memcmp(k, "OOV", 3) == 0) cv->oov = (int32_t)id;
        if (kl > 0 && zt_utf8_decode(k, kl, &c) == kl && c >= 0) {
          cv->voc[cv->nv].cp = c;
          cv->voc[cv->nv].id = (int32_t)id;
          cv->nv++;
        }
        if (id > cv->maxid) cv->maxid = (int32_t)id;
      }
    }
    i = e + 1;
  }
  if (cv->oov < 0 || cv->nv < 100) return fail(err, cap, ZT_EFORMAT, "%s: no OOV entry", path);
  qsort(cv->voc, cv->nv, sizeof *cv->voc, cmp_cp);
  return ZT_OK;
}

/* The tensors, and the trained rows: embedding norm >= 1 (untrained rows keep their ~0.65
 * initial norm). */
static int read_weights(conv *cv, const char *dir, char *err, size_t cap) {
  size_t i;
  float *cur;
  int rc;
  tensor_sizes((size_t)cv->maxid + 1, cv->sz);
  for (i = 0; i < NTENSORS; i++) cv->total += cv->sz[i];
  cv->w = (float *)malloc(cv->total * sizeof *cv->w);
  if (!cv->w) return ZT_ENOMEM;
  for (i = 0, cur = cv->w; i < NTENSORS; cur += cv->sz[i], i++) {
    rc = read_tensor(dir, tensor_names[i], cur, cv->sz[i], err, cap);
    if (rc) return rc;
  }
  cv->trained = (unsigned char *)calloc((size_t)cv->maxid + 1, 1);
  if (!cv->trained) return ZT_ENOMEM;
  for (i = 0; i <= (size_t)cv->maxid; i++) {
    double s = 0;
    size_t j;
    const float *row = cv->w + i * ZT_LAC_D;
    for (j = 0; j < ZT_LAC_D; j++) s += (double)row[j] * row[j];
    cv->trained[i] = sqrt(s) >= 1.0;
  }
  return ZT_OK;
}

/* The t2s pairs (table T2 of the file) and t1map, from one OpenCC pass over every vocabulary
 * character and the CJK BMP blocks. */
static int trad_maps_from(conv *cv, const int32_t *allcp, const int32_t *allt, size_t nall) {
  cp_id *pairs = (cp_id *)malloc((nall ? nall : 1) * sizeof *pairs);
  size_t i, np = 0;
  cv->t1map = (cp_id *)malloc((nall ? nall : 1) * sizeof *cv->t1map);
  if (!pairs || !cv->t1map) { free(pairs); return ZT_ENOMEM; }
  for (i = 0; i < nall; i++) {
    int32_t a = allcp[i], b = allt[i];
    if (b < 0 || b == a) continue;
    pairs[np].cp = a; pairs[np].id = b; np++;
    if (vocab_find(cv->voc, cv->nv, a) >= 0 && !trained_cp(cv, a) && trained_cp(cv, b)) {
      cv->t1map[cv->nt1].cp = a; cv->t1map[cv->nt1].id = b; cv->nt1++;
    }
  }
  qsort(pairs, np, sizeof *pairs, cmp_cp);
  for (i = 0; i < np; i++) {
    if (i && pairs[i].cp == pairs[i - 1].cp) continue;
    put32(&cv->t2, (uint32_t)pairs[i].cp);
    put32(&cv->t2, (uint32_t)pairs[i].id);
    cv->nt2++;
  }
  free(pairs);
  qsort(cv->t1map, cv->nt1, sizeof *cv->t1map, cmp_cp);
  return ZT_OK;
}

static int trad_maps(conv *cv, char *err, size_t cap) {
  size_t i, nall = 0;
  int32_t c, *allcp = (int32_t *)malloc((cv->nv + 0x10000) * sizeof *allcp);
  int32_t *allt = (int32_t *)malloc((cv->nv + 0x10000) * sizeof *allt);
  int rc = ZT_OK;
  if (!allcp || !allt) { free(allcp); free(allt); return ZT_ENOMEM; }
  for (i = 0; i < cv->nv; i++)
    if (cv->voc[i].cp >= 0x20 && cv->voc[i].cp != 0x7f) allcp[nall++] = cv->voc[i].cp;
  for (c = 0x3400; c <= 0x9fff; c++)
    if (vocab_find(cv->voc, cv->nv, c) < 0 && (c <= 0x4dbf || c >= 0x4e00)) allcp[nall++] = c;
  for (c = 0xf900; c <= 0xfaff; c++)
    if (vocab_find(cv->voc, cv->nv, c) < 0) allcp[nall++] = c;
  if (!t2s_chars(allcp, nall, allt))
    rc = fail(err, cap, ZT_EIO, "OpenCC t2s is not available (install opencc data)");
  else
    rc = trad_maps_from(cv, allcp, allt, nall);
  free(allcp);
  free(allt);
  return rc;
}

/* The row (and ZT_LAC_F_* flags) of code point c: trained vocabulary first, then its NFKC
 * lowercase form, punctuation, a simplified form of an untrained character, the vocabulary,
 * OOV. */
static int32_t char_row(const conv *cv, int32_t c, uint32_t *flags) {
  int32_t v = vocab_find(cv->voc, cv->nv, c), id, p, k;
  *flags = 0;
  if (v >= 0 && cv->trained[v]) {
    /* T2: trained, and its t2s form is another trained character. */
    size_t lo = 0, hi = cv->nt2;
    const unsigned char *tp = (const unsigned char *)cv->t2.data;
    while (lo < hi) {
      size_t mid = (lo + hi) / 2;
      if ((int32_t)rd32(tp + 8 * mid) < c) lo = mid + 1;
      else hi = mid;
    }
    if (lo < cv->nt2 && (int32_t)rd32(tp + 8 * lo) == c && trained_cp(cv, (int32_t)rd32(tp + 8 * lo + 4)))
      *flags = ZT_LAC_F_TRAD2;
    return v;
  }
  k = nfkc_lower(c);
  id = -1;
  if (k >= 0 && (v = vocab_find(cv->voc, cv->nv, k)) >= 0 && cv->trained[v]) id = v;
  if (id < 0 && (p = punct_map(c)) >= 0) {
    id = vocab_find(cv->voc, cv->nv, p);
    if (id < 0) id = cv->oov;
  }
  if (id < 0) {
    int32_t s = vocab_find(cv->t1map, cv->nt1, c);
    if (s >= 0) { id = vocab_find(cv->voc, cv->nv, s); *flags = ZT_LAC_F_TRAD1; }
  }
  if (id < 0) {
    id = vocab_find(cv->voc, cv->nv, c);
    if (id < 0) id = cv->oov;
  }
  return id;
}

/* The character table: the BMP directly, astral characters that are not OOV as pairs. */
static int char_table(conv *cv) {
  int32_t c;
  cv->bmp = (uint32_t *)malloc(NBMP * sizeof *cv->bmp);
  if (!cv->bmp) return ZT_ENOMEM;
  for (c = 0; c <= 0x10ffff; c++) {
    uint32_t flags;
    int32_t id;
    if (c >= 0xd800 && c <= 0xdfff) { if (c < NBMP) cv->bmp[c] = (uint32_t)cv->oov; continue; }
    id = char_row(cv, c, &flags);
    if (c < NBMP) {
      cv->bmp[c] = (uint32_t)id | flags;
    } else if (id != cv->oov || flags) {
      put32(&cv->ast, (uint32_t)c);
      put32(&cv->ast, (uint32_t)id | flags);
      cv->nast++;
    }
  }
  return cv->ast.oom || cv->t2.oom ? ZT_ENOMEM : ZT_OK;
}

/* Header, weights, tables and checksum into out. */
static int serialize(const conv *cv, zt_buf *out) {
  size_t i;
  zt_buf_add(out, MAGIC, 8);
  put32(out, (uint32_t)cv->maxid + 1);
  put32(out, ZT_LAC_D);
  put32(out, ZT_LAC_NTAGS);
  put32(out, (uint32_t)cv->nast);
  put32(out, (uint32_t)cv->nt2);
  put32(out, (uint32_t)cv->oov);
  put32(out, 0);
  put32(out, 0);
  for (i = 0; i < cv->total; i++) {
    uint32_t u;
    memcpy(&u, cv->w + i, 4);
    put32(out, u);
  }
  for (i = 0; i < NBMP; i++) put32(out, cv->bmp[i]);
  if (cv->ast.len) zt_buf_add(out, cv->ast.data, cv->ast.len);
  if (cv->t2.len) zt_buf_add(out, cv->t2.data, cv->t2.len);
  if (out->oom) return ZT_ENOMEM;
  put32(out, checksum((const unsigned char *)out->data, out->len));
  return out->oom ? ZT_ENOMEM : ZT_OK;
}

int zt_lac_convert(const char *dir, const char *out_path, char *err, size_t cap) {
  char path[4096];
  unsigned char *dic = NULL;
  size_t dlen = 0;
  conv cv;
  zt_buf out = ZT_BUF_INIT;
  int rc;
  memset(&cv, 0, sizeof cv);
  cv.maxid = cv.oov = -1;
  snprintf(path, sizeof path, "%s/word.dic", dir);
  rc = read_file(path, &dic, &dlen);
  if (rc) return fail(err, cap, rc, "cannot read %s", path);
  rc = parse_vocab(&cv, dic, dlen, path, err, cap);
  if (!rc) rc = read_weights(&cv, dir, err, cap);
  if (!rc) rc = trad_maps(&cv, err, cap);
  if (!rc) rc = char_table(&cv);
  if (!rc) rc = serialize(&cv, &out);
  if (!rc) rc = zt_replace_file(out_path, out.data, out.len, check_written, NULL, err, cap);
  if (rc == ZT_ENOMEM) fail(err, cap, rc, "out of memory");
  free(dic);
  conv_free(&cv);
  zt_buf_free(&out);
  return rc;
}

/* ---- loading ---- */

static float *take(float **p, size_t n) {
  float *r = *p;
  *p += n;
  return r;
}

int zt_lac_load(const char *path, zt_lac **out, char *err, size_t cap) {
  unsigned char *d = NULL;
  void *file = NULL;
  size_t n = 0, vocab, nast, nt2, sz[NTENSORS], total = 0, need, i, j, floats;
  zt_lac *m = NULL;
  float *p, *src[NTENSORS];
  const unsigned char *q;
  void *mem = NULL;
  int rc, L, k;
  const size_t D = ZT_LAC_D, G = ZT_LAC_G, E = ZT_LAC_EPAD;
  float ninf = -HUGE_VALF;
  const char *why = "";

  *out = NULL;
  {
    uint32_t one = 1;
    unsigned char c;
    memcpy(&c, &one, 1);
    if (c != 1) return fail(err, cap, ZT_EFORMAT, "big-endian hosts are not supported");
  }
  /* The embedding (the first tensor, at byte 8 + 4 * NHDR = 40) is used in place: read the file
   * 24 bytes into an aligned block so that it starts on a 64-byte boundary. */
  rc = read_file_at(path, 64 - (8 + 4 * NHDR), &file, &d, &n);
  if (rc) return fail(err, cap, rc, "cannot read %s", path);
  if (n < 8 + 4 * NHDR + 4 || memcmp(d, MAGIC, 8) != 0) { why = "not a zhtext LAC model file"; goto bad; }
  vocab = rd32(d + 8);
  nast = rd32(d + 20);
  nt2 = rd32(d + 24);
  if (vocab < 100 || vocab > 1000000 || rd32(d + 12) != ZT_LAC_D || rd32(d + 16) != ZT_LAC_NTAGS ||
      rd32(d + 28) >= vocab || nast > 0x110000 || nt2 > 0x110000) {
    why = "not a zhtext LAC model file (bad header)";
    goto bad;
  }
  tensor_sizes(vocab, sz);
  for (i = 0; i < NTENSORS; i++) total += sz[i];
  need = 8 + 4 * NHDR + 4 * total + 4 * NBMP + 8 * nast + 8 * nt2 + 4;
  if (n != need) {
    rc = fail(err, cap, ZT_EFORMAT, "%s: damaged LAC model (file is %zu bytes, its header implies %zu: "
              "truncated or overwritten in place?)", path, n, need);
    free(file);
    return rc;
  }
  if (checksum(d, n - 4) != rd32(d + n - 4)) { why = "damaged LAC model (checksum mismatch)"; goto bad; }

  m = (zt_lac *)calloc(1, sizeof *m);
  if (!m) { rc = ZT_ENOMEM; goto fail_rc; }
  /* Layout in one aligned block (floats, each array a multiple of 16 floats). */
  floats = (D * 2 * G + 2 * G * 2) + (2 * D * 2 * G + 2 * G * 2) + 4 * (D * 2 * D + D * D) +
           2 * D * E + E * 3 + E * E + 64;
  if (posix_memalign(&mem, 64, floats * sizeof(float) + (NBMP + 2 * nast + 2 * nt2) * sizeof(uint32_t)))
    { rc = ZT_ENOMEM; goto fail_rc; }
  m->mem = mem;
  p = (float *)mem;
  q = d + 8 + 4 * NHDR;
  for (i = 0; i < NTENSORS; i++) {
    /* Tensor i starts at q + 4 * (sum of earlier sizes); copy through memcpy (alignment). */
    size_t before = 0;
    for (j = 0; j < i; j++) before += sz[j];
    src[i] = (float *)(void *)(q + 4 * before); /* only read via memcpy below */
  }
#define COPY(dst, srcp, cnt) memcpy((dst), (const void *)(srcp), (cnt) * sizeof(float))
  m->vocab = (int32_t)vocab;
  m->oov = (int32_t)rd32(d + 28);
  m->emb = (float *)(void *)(d + 8 + 4 * NHDR); /* 64-byte aligned, little-endian floats */
  for (L = 0; L < 2; L++) {
    size_t din = L ? 2 * D : D;
    float tmp[ZT_LAC_G];
    m->w_in[L] = take(&p, din * 2 * G);
    m->b_fc[L] = take(&p, 2 * G);
    m->b_gru[L] = take(&p, 2 * G);
    for (k = 0; k < 2; k++) {
      int fc = 2 * L + k; /* fc_{2L+k} feeds GRU 2L+k */
      const unsigned char *ws = (const unsigned char *)src[1 + 2 * fc];
      for (i = 0; i < din; i++) {
        memcpy(tmp, ws + 4 * i * G, G * sizeof(float));
        memcpy(m->w_in[L] + i * 2 * G + (size_t)k * G, tmp, G * sizeof(float));
      }
      COPY(m->b_fc[L] + (size_t)k * G, src[2 + 2 * fc], G);
      COPY(m->b_gru[L] + (size_t)k * G, src[10 + 2 * fc], G);
    }
  }
  for (k = 0; k < 4; k++) {
    /* Paddle: the first 2*D*D floats are the gate weights [D, 2D], the rest [D, D]. */
    const unsigned char *ws = (const unsigned char *)src[9 + 2 * k];
    m->wg[k] = take(&p, D * 2 * D);
    m->wc[k] = take(&p, D * D);
    COPY(m->wg[k], ws, D * 2 * D);
    COPY(m->wc[k], ws + 4 * D * 2 * D, D * D);
  }
  m->w_out = take(&p, 2 * D * E);
  m->b_out = take(&p, E);
  m->crf_start = take(&p, E);
  m->crf_end = take(&p, E);
  m->crf_trans = take(&p, E * E);
  memset(m->w_out, 0, 2 * D * E * sizeof(float));
  memset(m->b_out, 0, E * sizeof(float));
  for (i = 0; i < 2 * D; i++)
    COPY(m->w_out + i * E, (const unsigned char *)src[17] + 4 * i * ZT_LAC_NTAGS, ZT_LAC_NTAGS);
  COPY(m->b_out, src[18], ZT_LAC_NTAGS);
  for (i = 0; i < E; i++) {
    m->crf_start[i] = m->crf_end[i] = ninf;
    for (j = 0; j < E; j++) m->crf_trans[i * E + j] = ninf;
  }
  {
    const unsigned char *c = (const unsigned char *)src[19];
    COPY(m->crf_start, c, ZT_LAC_NTAGS);
    COPY(m->crf_end, c + 4 * ZT_LAC_NTAGS, ZT_LAC_NTAGS);
    for (i = 0; i < ZT_LAC_NTAGS; i++)
      COPY(m->crf_trans + i * E, c + 4 * (2 + i) * ZT_LAC_NTAGS, ZT_LAC_NTAGS);
  }
#undef COPY
  {
    uint32_t *u = (uint32_t *)(void *)((float *)mem + floats);
    const unsigned char *t = q + 4 * total;
    m->bmp = u;
    for (i = 0; i < NBMP; i++) m->bmp[i] = rd32(t + 4 * i);
    t += 4 * NBMP;
    m->astral = u + NBMP;
    m->nastral = nast;
    for (i = 0; i < 2 * nast; i++) m->astral[i] = rd32(t + 4 * i);
    t += 8 * nast;
    m->t2s = u + NBMP + 2 * nast;
    m->nt2s = nt2;
    for (i = 0; i < 2 * nt2; i++) m->t2s[i] = rd32(t + 4 * i);
    for (i = 0; i < NBMP; i++)
      if ((m->bmp[i] & 0xffffu) >= vocab) m->bmp[i] = (uint32_t)m->oov;
    for (i = 0; i < nast; i++)
      if ((m->astral[2 * i + 1] & 0xffffu) >= vocab) m->astral[2 * i + 1] = (uint32_t)m->oov;
  }
  m->file = file;
  m->chunk = ZT_LAC_CHUNK_DEFAULT;
  zt_lac_set_kernel(m, ZT_LAC_KERNEL_AUTO);
  *out = m;
  return ZT_OK;
bad:
  rc = fail(err, cap, ZT_EFORMAT, "%s: %s", path, why);
  free(file);
  return rc;
fail_rc:
  free(file);
  free(mem);
  free(m);
  return fail(err, cap, rc, "out of memory");
}

void zt_lac_free(zt_lac *m) {
  if (!m) return;
  if (m->opencc_state == 1) zt_opencc_close(m->opencc);
  free(m->mem);
  free(m->file);
  free(m);
}

int32_t zt_lac_vocab_size(const zt_lac *m) { return m->vocab; }
int32_t zt_lac_oov_id(const zt_lac *m) { return m->oov; }

uint32_t zt_lac_char_entry(const zt_lac *m, int32_t cp) {
  size_t lo = 0, hi = m->nastral;
  if (cp < 0) return (uint32_t)m->oov;
  if (cp < NBMP) return m->bmp[cp];
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if ((int32_t)m->astral[2 * mid] < cp) lo = mid + 1;
    else hi = mid;
  }
  return lo < m->nastral && (int32_t)m->astral[2 * lo] == cp ? m->astral[2 * lo + 1] : (uint32_t)m->oov;
}

int32_t zt_lac_t2s_char(const zt_lac *m, int32_t cp) {
  size_t lo = 0, hi = m->nt2s;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if ((int32_t)m->t2s[2 * mid] < cp) lo = mid + 1;
    else hi = mid;
  }
  return lo < m->nt2s && (int32_t)m->t2s[2 * lo] == cp ? (int32_t)m->t2s[2 * lo + 1] : cp;
}
