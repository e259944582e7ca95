/* zt_seg: jieba-compatible segmentation. See zt_seg.h; the comments name the jieba function
 * each part mirrors (jieba/__init__.py, finalseg/__init__.py, posseg/__init__.py, viterbi.py). */
#include "zt_seg.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "zt_error.h"
#include "zt_utf8.h"

#define INVALID_CP 0xFFFFFFFFu
/* Runs of block characters longer than this (a million characters without a space or a
 * punctuation mark) are segmented in pieces, which bounds the scratch memory. */
#define ZT_SEG_MAX_BLOCK (1u << 20)
/* The POS HMM keeps one back-pointer per state (256) per character: Han runs it decodes are
 * cut every 65,536 characters, which bounds that table to 16 MB (only a run that long without
 * a single dictionary word is decoded differently). */
#define ZT_SEG_MAX_POS_RUN 65536u
#ifndef ZT_PREFETCH
#define ZT_PREFETCH 1
#endif

/* ---------------------------------------------------------------- user-word overlay */

typedef struct ov_ent {
  char *w;
  size_t len;
  uint64_t hash;
  long long freq;
  double logf; /* log(freq), -1 when freq == 0 */
  int tag;     /* -1: none */
  int force;   /* finalseg's Force_Split_Words */
} ov_ent;

struct zt_seg {
  const zt_dict *d;
  long long total;
  double logtotal;
  /* overlay */
  ov_ent *ov;
  size_t n_ov, cap_ov;
  uint32_t *ov_idx; /* entry index + 1, 0 = empty */
  size_t ov_mask;
  size_t ov_maxlen; /* longest overlay word, bytes */
  int n_force;
  char **utags;
  int n_utags;
  /* scratch, reused between calls */
  uint32_t *cp;
  size_t *off;
  double *rp;
  uint32_t *rn;
  uint32_t *bn; /* the trie node of the word of the route at each position (calc) */
  size_t cap;
  uint8_t *bp; /* Viterbi back-pointers */
  size_t bpcap;
  double *pv; /* posseg: 2*S values + S emissions */
  uint8_t *rank;
  char fragbuf[256];
};

static uint64_t fnv_init(void) { return 0xcbf29ce484222325ull; }
static uint64_t fnv_add(uint64_t h, const char *s, size_t n) {
  size_t i;
  for (i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
  return h;
}

static ov_ent *ov_find(const zt_seg *sg, const char *w, size_t n, uint64_t h) {
  size_t i;
  if (!sg->n_ov) return NULL;
  for (i = h & sg->ov_mask;; i = (i + 1) & sg->ov_mask) {
    uint32_t e = sg->ov_idx[i];
    if (!e) return NULL;
    if (sg->ov[e - 1].hash == h && sg->ov[e - 1].len == n && memcmp(sg->ov[e - 1].w, w, n) == 0) return &sg->ov[e - 1];
  }
}

static int ov_rehash(zt_seg *sg, size_t cap) {
  uint32_t *idx = (uint32_t *)calloc(cap, sizeof *idx);
  size_t i;
  if (!idx) return ZT_ENOMEM;
  for (i = 0; i < sg->n_ov; i++) {
    size_t j = sg->ov[i].hash & (cap - 1);
    while (idx[j]) j = (j + 1) & (cap - 1);
    idx[j] = (uint32_t)(i + 1);
  }
  free(sg->ov_idx);
  sg->ov_idx = idx;
  sg->ov_mask = cap - 1;
  return ZT_OK;
}

/* The overlay entry of w, created (as jieba's FREQ would have it) when absent. */
static ov_ent *ov_get(zt_seg *sg, const char *w, size_t n, int *rc) {
  uint64_t h = fnv_add(fnv_init(), w, n);
  ov_ent *e = ov_find(sg, w, n, h);
  uint32_t node;
  if (e) return e;
  if (sg->n_ov >= 0x7FFFFFFF) { *rc = ZT_ENOMEM; return NULL; }
  if ((sg->n_ov + 1) * 2 > sg->ov_mask + 1) {
    if ((*rc = ov_rehash(sg, sg->ov_mask ? (sg->ov_mask + 1) * 2 : 64)) != ZT_OK) return NULL;
  }
  if (sg->n_ov == sg->cap_ov) {
    size_t nc = sg->cap_ov ? sg->cap_ov * 2 : 32;
    ov_ent *ne = (ov_ent *)realloc(sg->ov, nc * sizeof *ne);
    if (!ne) { *rc = ZT_ENOMEM; return NULL; }
    sg->ov = ne;
    sg->cap_ov = nc;
  }
  e = &sg->ov[sg->n_ov];
  e->w = (char *)malloc(n + 1);
  if (!e->w) { *rc = ZT_ENOMEM; return NULL; }
  memcpy(e->w, w, n);
  e->w[n] = '\0';
  e->len = n;
  e->hash = h;
  node = zt_dict_find(sg->d, w, n);
  e->freq = node ? sg->d->freq[node] : 0;
  e->logf = e->freq ? log((double)e->freq) : -1.0;
  e->tag = -1;
  e->force = 0;
  sg->n_ov++;
  {
    size_t j = h & sg->ov_mask;
    while (sg->ov_idx[j]) j = (j + 1) & sg->ov_mask;
    sg->ov_idx[j] = (uint32_t)sg->n_ov;
  }
  if (n > sg->ov_maxlen) sg->ov_maxlen = n;
  return e;
}

/* ---------------------------------------------------------------- setup */

typedef struct pstate_key {
  const char *tag;
  unsigned bmes, idx;
} pstate_key;

static int cmp_pstate_key(const void *a, const void *b) {
  const pstate_key *x = (const pstate_key *)a, *y = (const pstate_key *)b;
  if (x->bmes != y->bmes) return x->bmes < y->bmes ? -1 : 1;
  return strcmp(x->tag, y->tag);
}

int zt_seg_new(const zt_dict *d, zt_seg **out) {
  zt_seg *sg = (zt_seg *)calloc(1, sizeof *sg);
  unsigned S = d->h->n_pstates;
  *out = NULL;
  if (!sg) return ZT_ENOMEM;
  sg->d = d;
  /* a hostile file may claim any total: keep the sum inside the bound user words are held to */
  sg->total = d->h->total > (uint64_t)ZT_SEG_MAX_TOTAL ? ZT_SEG_MAX_TOTAL : (long long)d->h->total;
  sg->logtotal = log((double)sg->total);
  sg->pv = (double *)malloc(3 * 256 * sizeof *sg->pv);
  sg->rank = (uint8_t *)malloc(S + 1);
  if (!sg->pv || !sg->rank) {
    zt_seg_free(sg);
    return ZT_ENOMEM;
  }
  /* rank of each posseg state in Python's tuple order (bmes letter, then tag string) */
  if (S) {
    pstate_key keys[256];
    unsigned i;
    memset(keys, 0, sizeof keys);
    for (i = 0; i < S; i++) {
      keys[i].bmes = d->pstate[i].bmes;
      keys[i].tag = zt_dict_tag_name(d, d->pstate[i].tag);
      keys[i].idx = i;
    }
    qsort(keys, S, sizeof keys[0], cmp_pstate_key);
    for (i = 0; i < S; i++) sg->rank[keys[i].idx] = (uint8_t)i;
  }
  *out = sg;
  return ZT_OK;
}

void zt_seg_free(zt_seg *sg) {
  size_t i;
  if (!sg) return;
  for (i = 0; i < sg->n_ov; i++) free(sg->ov[i].w);
  free(sg->ov);
  free(sg->ov_idx);
  for (i = 0; i < (size_t)sg->n_utags; i++) free(sg->utags[i]);
  free(sg->utags);
  free(sg->cp);
  free(sg->off);
  free(sg->rp);
  free(sg->rn);
  free(sg->bn);
  free(sg->bp);
  free(sg->pv);
  free(sg->rank);
  free(sg);
}

const zt_dict *zt_seg_dict(const zt_seg *sg) { return sg->d; }
long long zt_seg_total(const zt_seg *sg) { return sg->total; }

void zt_toks_free(zt_toks *t) {
  free(t->v);
  t->v = NULL;
  t->n = t->cap = 0;
  t->oom = 0;
}

static int grow_scratch(zt_seg *sg, size_t n) {
  size_t nc = sg->cap ? sg->cap : 256;
  void *p;
  if (n + 1 <= sg->cap) return 1;
  while (nc < n + 1) nc *= 2;
  if (!(p = realloc(sg->cp, nc * sizeof *sg->cp))) return 0;
  sg->cp = (uint32_t *)p;
  if (!(p = realloc(sg->off, nc * sizeof *sg->off))) return 0;
  sg->off = (size_t *)p;
  if (!(p = realloc(sg->rp, nc * sizeof *sg->rp))) return 0;
  sg->rp = (double *)p;
  if (!(p = realloc(sg->rn, nc * sizeof *sg->rn))) return 0;
  sg->rn = (uint32_t *)p;
  if (!(p = realloc(sg->bn, nc * sizeof *sg->bn))) return 0;
  sg->bn = (uint32_t *)p;
  sg->cap = nc;
  return 1;
}

static int grow_bp(zt_seg *sg, size_t n) {
  size_t nc = sg->bpcap ? sg->bpcap : 4096;
  uint8_t *p;
  if (n <= sg->bpcap) return 1;
  while (nc < n) nc *= 2;
  if (!(p = (uint8_t *)realloc(sg->bp, nc))) return 0;
  sg->bp = p;
  sg->bpcap = nc;
  return 1;
}

/* ---------------------------------------------------------------- characters */

static inline int is_alnum(uint32_t c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}
static inline int is_digit(uint32_t c) { return c >= '0' && c <= '9'; }
static inline int is_han(uint32_t c) { return c >= ZT_HAN_FIRST && c <= ZT_HAN_LAST; }

/* jieba's re_han_default (cut) and posseg's re_han_internal (pos, no '%' and '-'). */
static inline int in_block(uint32_t c, int pos) {
  if (is_han(c) || is_alnum(c)) return 1;
  switch (c) {
    case '+': case '#': case '&': case '.': case '_': return 1;
    case '%': case '-': return !pos;
    default: return 0;
  }
}

/* Python's \s for str (str.isspace). */
static int is_py_space(uint32_t c) {
  return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

static inline uint32_t normalize_cp(uint32_t c) {
  if (c >= 0xFF10 && c <= 0xFF19) return c - 0xFF10 + '0';
  if (c >= 0xFF21 && c <= 0xFF3A) return c - 0xFF21 + 'A';
  if (c >= 0xFF41 && c <= 0xFF5A) return c - 0xFF41 + 'a';
  if (c == 0xFF0E) return '.';
  if (c == 0xFF05) return '%';
  return c;
}

/* Decodes one character; invalid bytes give INVALID_CP and the length of the ill-formed part. */
static inline size_t decode(const unsigned char *s, size_t n, uint32_t *cp) {
  int32_t c;
  size_t l;
  if (s[0] < 0x80) { *cp = s[0]; return 1; }
  if (n >= 3 && (s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
    uint32_t v = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) { *cp = v; return 3; }
  }
  l = zt_utf8_decode(s, n, &c);
  *cp = c < 0 ? INVALID_CP : (uint32_t)c;
  return l;
}

/* ---------------------------------------------------------------- output */

static inline void push(zt_toks *o, size_t a, size_t b, int tag) {
  if (o->n == o->cap) {
    size_t nc = o->cap ? o->cap * 2 : 256;
    zt_tok *nv;
    if (o->oom) return;
    nv = (zt_tok *)realloc(o->v, nc * sizeof *nv);
    if (!nv) { o->oom = 1; return; }
    o->v = nv;
    o->cap = nc;
  }
  o->v[o->n].start = a;
  o->v[o->n].end = b;
  o->v[o->n].tag = tag;
  o->v[o->n].node = 0;
  o->n++;
}

typedef struct ctx {
  zt_seg *sg;
  const zt_dict *d;
  zt_toks *out;
  int mode, hmm, pos;
  int nodes; /* calc fills sg->bn (no user words, characters not normalized) */
  const uint32_t *cp;
  const size_t *off;
  size_t N;
} ctx;

/* ---------------------------------------------------------------- FREQ lookups */

/* FREQ.get of the characters cp[0..n): log-frequency (-1: 0 or absent) and presence. */
static double lookup_cps(const zt_seg *sg, const uint32_t *cp, size_t n, int *present, long long *freq) {
  uint32_t node = 0;
  size_t i;
  if (sg->n_ov) {
    char buf[256];
    size_t bl = 0;
    int alive = 1;
    uint64_t h = fnv_init();
    for (i = 0; i < n; i++) {
      char e[4];
      size_t l = zt_utf8_encode((int32_t)cp[i], e);
      if (bl + l > sizeof buf) { alive = 0; break; }
      memcpy(buf + bl, e, l);
      bl += l;
      h = fnv_add(h, e, l);
    }
    if (alive) {
      const ov_ent *e = ov_find(sg, buf, bl, h);
      if (e) {
        *present = 1;
        if (freq) *freq = e->freq;
        return e->logf;
      }
    }
  }
  for (i = 0; i < n; i++)
    if (!(node = zt_dict_child(sg->d, node, cp[i]))) break;
  *present = node != 0 && n > 0;
  if (!*present) {
    if (freq) *freq = 0;
    return -1.0;
  }
  if (freq) *freq = sg->d->freq[node];
  return zt_dict_logf(sg->d, node);
}

static inline int freq_truthy(const zt_seg *sg, const uint32_t *cp, size_t n) {
  int present;
  return lookup_cps(sg, cp, n, &present, NULL) >= 0;
}

/* The word's POS tag: user tag, else the dictionary's, else 'x' (word_tag_tab.get(w, 'x')). */
static int word_tag(const ctx *c, size_t a, size_t b) {
  const zt_seg *sg = c->sg;
  uint32_t node = 0;
  size_t i;
  if (sg->n_ov) {
    char buf[256];
    size_t bl = 0;
    uint64_t h = fnv_init();
    for (i = a; i < b; i++) {
      char e[4];
      size_t l = zt_utf8_encode((int32_t)c->cp[i], e);
      if (bl + l > sizeof buf) break;
      memcpy(buf + bl, e, l);
      bl += l;
      h = fnv_add(h, e, l);
    }
    if (i == b) {
      const ov_ent *e = ov_find(sg, buf, bl, h);
      if (e && e->tag >= 0) return e->tag;
    }
  }
  for (i = a; i < b; i++)
    if (!(node = zt_dict_child(c->d, node, c->cp[i]))) return c->d->tag_x;
  return c->d->tag[node] == ZT_DICT_NOTAG ? c->d->tag_x : c->d->tag[node];
}

/* ---------------------------------------------------------------- the route (jieba's calc) */

/* Fills rp/rn: rn[k] = the last character of the best word starting at k. */
static void calc(ctx *c) {
  zt_seg *sg = c->sg;
  const zt_dict *d = c->d;
  const uint32_t *cp = c->cp;
  double *rp = sg->rp, logtotal = sg->logtotal;
  uint32_t *rn = sg->rn;
  size_t N = c->N, k, i;
  uint32_t *bn = sg->bn;
  rp[N] = 0.0;
  rn[N] = 0;
  if (!sg->n_ov) {
    for (k = N; k-- > 0;) {
      uint32_t node = zt_dict_first(d, cp[k]), bnode = node;
      double best = 0.0 - logtotal + rp[k + 1];
      size_t bx = k;
      int have = 0;
      if (ZT_PREFETCH && k >= 4) zt_dict_prefetch(d, zt_dict_first(d, cp[k - 4])); /* a few steps ahead */
      i = k;
      while (node && node <= d->h->n_kids) {
        zt_dent e = d->kids[node - 1];
        unsigned info = ZT_ENT_FIDX(e);
        if (info) {
          double v = d->fvals[info] - logtotal + rp[i + 1];
          if (!have || v >= best) { best = v; bx = i; have = 1; bnode = node; }
        }
        if (++i >= N) break;
        node = zt_dict_next(d, e, cp[i]);
      }
      rp[k] = best;
      rn[k] = (uint32_t)(bx - k);
      bn[k] = bnode; /* the walk to the word's last character (one character: its own node) */
    }
    return;
  }
  for (k = N; k-- > 0;) {
    uint32_t node = 0;
    int alive = 1, have = 0;
    uint64_t h = fnv_init();
    size_t bl = 0;
    double best = 0.0 - logtotal + rp[k + 1];
    size_t bx = k;
    for (i = k; i < N; i++) {
      const ov_ent *e = NULL;
      double lf;
      if (alive && !(node = zt_dict_child(d, node, cp[i]))) alive = 0;
      if (bl < sg->ov_maxlen) {
        char enc[4];
        size_t l = zt_utf8_encode((int32_t)cp[i], enc);
        if (bl + l <= sizeof sg->fragbuf) {
          memcpy(sg->fragbuf + bl, enc, l);
          bl += l;
          h = fnv_add(h, enc, l);
          e = ov_find(sg, sg->fragbuf, bl, h);
        } else {
          bl = sg->ov_maxlen;
        }
      }
      if (!alive && !e) break;
      lf = e ? e->logf : zt_dict_logf(d, node);
      if (lf >= 0) {
        double v = lf - logtotal + rp[i + 1];
        if (!have || v >= best) { best = v; bx = i; have = 1; }
      }
    }
    rp[k] = best;
    rn[k] = (uint32_t)(bx - k);
  }
}

/* The DAG list of position k (jieba's get_DAG) into ends; returns its length (>= 1). */
static size_t dag_at(ctx *c, size_t k, uint32_t *ends) {
  zt_seg *sg = c->sg;
  const zt_dict *d = c->d;
  size_t i, n = 0, bl = 0;
  uint32_t node = 0;
  int alive = 1;
  uint64_t h = fnv_init();
  for (i = k; i < c->N; i++) {
    const ov_ent *e = NULL;
    double lf;
    if (alive && !(node = zt_dict_child(d, node, c->cp[i]))) alive = 0;
    if (sg->n_ov && bl < sg->ov_maxlen) {
      char enc[4];
      size_t l = zt_utf8_encode((int32_t)c->cp[i], enc);
      if (bl + l <= sizeof sg->fragbuf) {
        memcpy(sg->fragbuf + bl, enc, l);
        bl += l;
        h = fnv_add(h, enc, l);
        e = ov_find(sg, sg->fragbuf, bl, h);
      } else {
        bl = sg->ov_maxlen;
      }
    }
    if (!alive && !e) break;
    lf = e ? e->logf : zt_dict_logf(d, node);
    if (lf >= 0) ends[n++] = (uint32_t)i;
  }
  if (!n) ends[n++] = (uint32_t)k;
  return n;
}

/* ---------------------------------------------------------------- emitting words */

/* A word of the precise route: in search mode, preceded by its dictionary 2- and 3-grams. */
static void emit_word(ctx *c, size_t a, size_t b, int tag) {
  if (c->mode == ZT_MODE_SEARCH) {
    size_t len = b - a, i;
    if (len > 2)
      for (i = a; i + 2 <= b; i++)
        if (freq_truthy(c->sg, c->cp + i, 2)) push(c->out, c->off[i], c->off[i + 2], tag);
    if (len > 3)
      for (i = a; i + 3 <= b; i++)
        if (freq_truthy(c->sg, c->cp + i, 3)) push(c->out, c->off[i], c->off[i + 3], tag);
  }
  push(c->out, c->off[a], c->off[b], tag);
}

/* The word just emitted for the route at position x carries its trie node (when known). */
static inline void route_node(ctx *c, size_t x) {
  if (c->nodes && c->out->n && !c->out->oom) c->out->v[c->out->n - 1].node = c->sg->bn[x];
}

/* ---------------------------------------------------------------- finalseg (HMM, BMES) */

static int is_force_split(const ctx *c, size_t a, size_t b) {
  char buf[256];
  size_t bl = 0, i;
  uint64_t h = fnv_init();
  const ov_ent *e;
  for (i = a; i < b; i++) {
    char enc[4];
    size_t l = zt_utf8_encode((int32_t)c->cp[i], enc);
    if (bl + l > sizeof buf) return 0;
    memcpy(buf + bl, enc, l);
    bl += l;
    h = fnv_add(h, enc, l);
  }
  e = ov_find(c->sg, buf, bl, h);
  return e && e->force;
}

static void hmm_word(ctx *c, size_t a, size_t b) {
  if (c->sg->n_force && b - a > 1 && is_force_split(c, a, b)) {
    size_t i;
    for (i = a; i < b; i++) emit_word(c, i, i + 1, -1);
  } else {
    emit_word(c, a, b, -1);
  }
}

/* finalseg.viterbi over the Han characters [a, b), then finalseg.__cut's output. */
static void viterbi_bmes(ctx *c, size_t a, size_t b) {
  static const uint8_t prev[4][2] = {{ZT_E, ZT_S}, {ZT_B, ZT_M}, {ZT_M, ZT_B}, {ZT_S, ZT_E}}; /* B E M S */
  static const uint8_t order[4] = {ZT_B, ZT_M, ZT_E, ZT_S};
  const double *start = c->d->hmm, *trans = c->d->hmm + 4, *emit = c->d->hmm + 20;
  size_t n = b - a, t, i, begin = 0, nexti = 0;
  double v[4], nv[4];
  uint8_t *bp, st;
  if (!grow_bp(c->sg, n * 4)) { c->out->oom = 1; return; }
  bp = c->sg->bp;
  {
    const double *em = emit + (size_t)(c->cp[a] - ZT_HAN_FIRST) * 4;
    int y;
    for (y = 0; y < 4; y++) v[y] = start[y] + em[y];
  }
  for (t = 1; t < n; t++) {
    const double *em = emit + (size_t)(c->cp[a + t] - ZT_HAN_FIRST) * 4;
    int k;
    for (k = 0; k < 4; k++) {
      int yy = order[k], y0 = prev[yy][0], y1 = prev[yy][1];
      double p0 = v[y0] + trans[y0 * 4 + yy] + em[yy], p1 = v[y1] + trans[y1 * 4 + yy] + em[yy];
      if (p1 > p0 || (p1 == p0 && y1 > y0)) { nv[yy] = p1; bp[t * 4 + yy] = (uint8_t)y1; }
      else { nv[yy] = p0; bp[t * 4 + yy] = (uint8_t)y0; }
    }
    memcpy(v, nv, sizeof v);
  }
  st = v[ZT_S] >= v[ZT_E] ? ZT_S : ZT_E;
  /* back-track into bp[t*4] (column 0 reused for the route) */
  for (t = n; t-- > 0;) {
    uint8_t s2 = t ? bp[t * 4 + st] : 0;
    bp[t * 4 + 0] = st; /* safe: bp[t*4+st] was read first and column 0 of t is no longer needed */
    st = s2;
  }
  for (i = 0; i < n; i++) {
    uint8_t s = bp[i * 4];
    if (s == ZT_B) begin = i;
    else if (s == ZT_E) { hmm_word(c, a + begin, a + i + 1); nexti = i + 1; }
    else if (s == ZT_S) { hmm_word(c, a + i, a + i + 1); nexti = i + 1; }
  }
  if (nexti < n) hmm_word(c, a + nexti, b);
}

/* finalseg.cut on the block characters [a, b): Han runs through the HMM; other runs split by
 * re_skip = [a-zA-Z0-9]+(?:\.\d+)?%? with the pieces in between kept whole. */
static void finalseg_cut(ctx *c, size_t a, size_t b) {
  const uint32_t *cp = c->cp;
  size_t i = a;
  while (i < b) {
    size_t j = i, seg;
    if (is_han(cp[i])) {
      while (j < b && is_han(cp[j])) j++;
      viterbi_bmes(c, i, j);
      i = j;
      continue;
    }
    while (j < b && !is_han(cp[j])) j++;
    for (seg = i; i < j;) {
      size_t e = i;
      if (!is_alnum(cp[i])) { i++; continue; }
      while (e < j && is_alnum(cp[e])) e++;
      if (e + 1 < j && cp[e] == '.' && is_digit(cp[e + 1])) {
        e++;
        while (e < j && is_digit(cp[e])) e++;
      }
      if (e < j && cp[e] == '%') e++;
      if (seg < i) emit_word(c, seg, i, -1);
      emit_word(c, i, e, -1);
      i = seg = e;
    }
    if (seg < j) emit_word(c, seg, j, -1);
  }
}

/* ---------------------------------------------------------------- posseg HMM */

/* Index of the lowest set bit of x (x != 0). */
static inline unsigned lowest_bit(uint64_t x) {
#if defined(__GNUC__)
  return (unsigned)__builtin_ctzll(x);
#else
  unsigned b = 0;
  while (!((x >> b) & 1)) b++;
  return b;
#endif
}

/* The states set in a 256-bit mask, in increasing order, below S. */
static unsigned mask_list(const uint64_t m[4], unsigned S, uint8_t *out) {
  unsigned w, n = 0;
  for (w = 0; w < 4; w++) {
    uint64_t x = m[w];
    while (x) {
      unsigned b = lowest_bit(x);
      if (w * 64 + b < S) out[n++] = (uint8_t)(w * 64 + b);
      x &= x - 1;
    }
  }
  return n;
}

/* posseg's viterbi over the Han characters [a, b). For each character only the states it can
 * be in (char_state_tab) are scored, each from the previous character's states that have
 * transitions (jieba's prev_states), as lists: the work per character is |states| x |prev|,
 * not 256 x 256. Ties go to the higher (bmes, tag) rank, as Python's max over tuples. */
static void viterbi_pos(ctx *c, size_t a, size_t b) {
  const zt_dict *d = c->d;
  zt_seg *sg = c->sg;
  unsigned S = d->h->n_pstates, y, w, j, q, np, no;
  size_t n = b - a, t, i, begin = 0, nexti = 0;
  double *v = sg->pv, *nv = sg->pv + 256, *em = sg->pv + 512;
  uint64_t all[4] = {0, 0, 0, 0}, active[4] = {0, 0, 0, 0}, obs[4];
  uint8_t *bp, st = 0, pl[256], ol[256];
  int have;
  if (!S) {
    emit_word(c, a, b, d->tag_x);
    return;
  }
  if (!grow_bp(sg, n * S)) { c->out->oom = 1; return; }
  bp = sg->bp;
  for (y = 0; y < S; y++) all[y / 64] |= (uint64_t)1 << (y % 64);
  for (y = 0; y < 256; y++) em[y] = ZT_MIN_FLOAT;
  for (t = 0; t < n; t++) {
    uint32_t ch = c->cp[a + t] - ZT_HAN_FIRST, k, ks, ke;
    uint64_t cs[4] = {0, 0, 0, 0}, expect[4] = {0, 0, 0, 0};
    uint8_t *bpt = bp + t * S;
    int any_cs = 0, any = 0;
    ks = d->pemit_idx[ch];
    ke = d->pemit_idx[ch + 1] < d->h->n_pemit ? d->pemit_idx[ch + 1] : d->h->n_pemit;
    for (k = ks; k < ke; k++) em[d->pemit_st[k]] = d->pemit_p[k];
    {
      uint32_t ce = d->pcs_idx[ch + 1] < d->h->n_pcs ? d->pcs_idx[ch + 1] : d->h->n_pcs;
      for (k = d->pcs_idx[ch]; k < ce; k++) {
        if (d->pcs[k] >= S) continue;
        cs[d->pcs[k] / 64] |= (uint64_t)1 << (d->pcs[k] % 64);
        any_cs = 1;
      }
    }
    if (!any_cs) memcpy(cs, all, sizeof cs);
    if (t == 0) {
      for (y = 0; y < S; y++)
        if (cs[y / 64] >> (y % 64) & 1) v[y] = d->pstart[y] + em[y];
      memcpy(active, cs, sizeof active);
    } else {
      /* prev_states: active states with outgoing transitions; their possible successors */
      uint8_t al[256];
      unsigned na = mask_list(active, S, al);
      for (np = 0, j = 0; j < na; j++) {
        if (!d->pstate[al[j]].has_trans) continue;
        pl[np++] = al[j];
        for (w = 0; w < 4; w++) expect[w] |= d->pnext[al[j] * 4 + w];
      }
      for (w = 0; w < 4; w++) { obs[w] = cs[w] & expect[w]; any |= obs[w] != 0; }
      if (!any) {
        int ex = 0;
        for (w = 0; w < 4; w++) ex |= expect[w] != 0;
        memcpy(obs, ex ? expect : all, sizeof obs);
      }
      no = mask_list(obs, S, ol);
      if (!np) { /* Python would raise here; keep going with the first active state */
        for (q = 0; q < no; q++) { nv[ol[q]] = -INFINITY; bpt[ol[q]] = na ? al[0] : 0; }
      }
      for (j = 0; j < np; j++) {
        unsigned y0 = pl[j];
        const double *row = d->ptrans + (size_t)y0 * S;
        double vy0 = v[y0];
        uint8_t r0 = sg->rank[y0];
        for (q = 0; q < no; q++) {
          unsigned yy = ol[q];
          double p = vy0 + row[yy] + em[yy];
          if (j == 0 || p > nv[yy] || (p == nv[yy] && r0 > sg->rank[bpt[yy]])) { nv[yy] = p; bpt[yy] = (uint8_t)y0; }
        }
      }
      memcpy(active, obs, sizeof active);
      { double *tmp = v; v = nv; nv = tmp; }
    }
    for (k = ks; k < ke; k++) em[d->pemit_st[k]] = ZT_MIN_FLOAT;
  }
  have = 0;
  for (y = 0; y < S; y++) {
    if (!(active[y / 64] >> (y % 64) & 1)) continue;
    if (!have || v[y] > v[st] || (v[y] == v[st] && sg->rank[y] > sg->rank[st])) { st = (uint8_t)y; have = 1; }
  }
  for (t = n; t-- > 0;) {
    uint8_t s2 = t ? bp[t * S + st] : 0;
    bp[t * S] = st;
    st = s2;
  }
  for (i = 0; i < n; i++) {
    const zt_pstate *ps = &d->pstate[bp[i * S]];
    if (ps->bmes == 'B') begin = i;
    else if (ps->bmes == 'E') { emit_word(c, a + begin, a + i + 1, ps->tag); nexti = i + 1; }
    else if (ps->bmes == 'S') { emit_word(c, a + i, a + i + 1, ps->tag); nexti = i + 1; }
  }
  if (nexti < n) emit_word(c, a + nexti, b, d->pstate[bp[nexti * S]].tag);
}

/* posseg's __cut_detail: Han runs through the POS HMM; the rest split by
 * re_skip_detail = ([\.0-9]+|[a-zA-Z0-9]+), tagged m / eng / x. */
static void pos_detail(ctx *c, size_t a, size_t b) {
  const uint32_t *cp = c->cp;
  size_t i = a;
  while (i < b) {
    size_t j = i, seg;
    if (is_han(cp[i])) {
      while (j < b && is_han(cp[j]) && j - i < ZT_SEG_MAX_POS_RUN) j++;
      viterbi_pos(c, i, j);
      i = j;
      continue;
    }
    while (j < b && !is_han(cp[j])) j++;
    for (seg = i; i < j;) {
      size_t e = i;
      int tag;
      if (is_digit(cp[i]) || cp[i] == '.') {
        while (e < j && (is_digit(cp[e]) || cp[e] == '.')) e++;
        tag = c->d->tag_m;
      } else if (is_alnum(cp[i])) {
        while (e < j && is_alnum(cp[e])) e++;
        tag = c->d->tag_eng;
      } else {
        i++;
        continue;
      }
      if (seg < i) emit_word(c, seg, i, c->d->tag_x);
      emit_word(c, i, e, tag);
      i = seg = e;
    }
    if (seg < j) emit_word(c, seg, j, c->d->tag_x);
  }
}

/* ---------------------------------------------------------------- blocks */

/* A run of single characters of the route (jieba's `buf`). */
static void flush_buf(ctx *c, size_t a, size_t b) {
  size_t i;
  if (b - a == 1) {
    emit_word(c, a, b, c->pos ? word_tag(c, a, b) : -1);
    route_node(c, a);
  } else if (!freq_truthy(c->sg, c->cp + a, b - a)) {
    if (c->pos) pos_detail(c, a, b);
    else finalseg_cut(c, a, b);
  } else {
    for (i = a; i < b; i++) {
      emit_word(c, i, i + 1, c->pos ? word_tag(c, i, i + 1) : -1);
      route_node(c, i);
    }
  }
}

/* __cut_DAG / __cut_DAG_NO_HMM (and posseg's) over one block. */
static void cut_block(ctx *c) {
  size_t x = 0, N = c->N, buf = (size_t)-1;
  const uint32_t *rn;
  calc(c);
  rn = c->sg->rn;
  if (c->hmm) {
    while (x < N) {
      size_t y = x + rn[x] + 1;
      if (y - x == 1) {
        if (buf == (size_t)-1) buf = x;
      } else {
        if (buf != (size_t)-1) { flush_buf(c, buf, x); buf = (size_t)-1; }
        emit_word(c, x, y, c->pos ? word_tag(c, x, y) : -1);
        route_node(c, x);
      }
      x = y;
    }
    if (buf != (size_t)-1) flush_buf(c, buf, N);
    return;
  }
  while (x < N) {
    size_t y = x + rn[x] + 1;
    if (y - x == 1 && is_alnum(c->cp[x])) {
      if (buf == (size_t)-1) buf = x;
    } else {
      if (buf != (size_t)-1) { emit_word(c, buf, x, c->pos ? c->d->tag_eng : -1); buf = (size_t)-1; }
      emit_word(c, x, y, c->pos ? word_tag(c, x, y) : -1);
      route_node(c, x);
    }
    x = y;
  }
  if (buf != (size_t)-1) emit_word(c, buf, N, c->pos ? c->d->tag_eng : -1);
}

/* __cut_all over one block. */
static void cut_all_block(ctx *c) {
  size_t k, N = c->N, eng_a = 0, eng_b = 0;
  long old_j = -1;
  int eng_scan = 0;
  uint32_t *ends = c->sg->rn; /* rn is free in full mode */
  for (k = 0; k < N; k++) {
    size_t nl = dag_at(c, k, ends);
    if (eng_scan && !is_alnum(c->cp[k])) {
      eng_scan = 0;
      push(c->out, c->off[eng_a], c->off[eng_b], -1);
    }
    if (nl == 1 && (long)k > old_j) {
      size_t j = ends[0];
      if (is_alnum(c->cp[k])) {
        if (!eng_scan) { eng_scan = 1; eng_a = k; }
        eng_b = j + 1;
      }
      if (!eng_scan) push(c->out, c->off[k], c->off[j + 1], -1);
      old_j = (long)j;
    } else {
      size_t i;
      for (i = 0; i < nl; i++)
        if (ends[i] > k) {
          push(c->out, c->off[k], c->off[ends[i] + 1], -1);
          old_j = (long)ends[i];
        }
    }
  }
  if (eng_scan) push(c->out, c->off[eng_a], c->off[eng_b], -1);
}

/* ---------------------------------------------------------------- the driver */

/* ZT_SEG_ASCII_MERGE: characters of URLs, e-mail addresses, dates, versions, file names. */
static inline int is_run_char(unsigned char c) {
  return is_alnum(c) || (c && strchr(".-_@/:%+#&?=~", c) != NULL);
}

/* With ZT_SEG_ASCII_MERGE, at an ASCII letter or digit that starts a run: the end of the run
 * when it is one compound token (it has a separator inside, e.g. 2018-07-12, dbsqp.com,
 * a@b.cn, http://x.cn/a?b=1; trailing punctuation excluded), else 0. */
static size_t ascii_compound(const unsigned char *u, size_t p, size_t n) {
  size_t q = p, i;
  int seps = 0;
  if (!is_alnum(u[p]) || (p > 0 && is_run_char(u[p - 1]))) return 0;
  while (q < n && is_run_char(u[q])) q++;
  while (q > p && !is_alnum(u[q - 1]) && u[q - 1] != '%' && u[q - 1] != '/') q--;
  for (i = p; i < q; i++) seps += !is_alnum(u[i]);
  return seps ? q : 0;
}

static int compound_tag(const zt_seg *sg, const unsigned char *u, size_t a, size_t b) {
  size_t i;
  for (i = a; i < b; i++)
    if (!is_digit(u[i]) && !strchr(".%-/:", u[i])) return sg->d->tag_eng;
  return sg->d->tag_m;
}

static int run(zt_seg *sg, const char *s, size_t n, int mode, int flags, int pos, zt_toks *out) {
  const unsigned char *u = (const unsigned char *)s;
  int norm = (flags & ZT_SEG_NORMALIZE) != 0, merge = (flags & ZT_SEG_ASCII_MERGE) != 0;
  int xtag = pos ? sg->d->tag_x : -1;
  size_t p = 0;
  ctx c;
  c.sg = sg;
  c.d = sg->d;
  c.out = out;
  c.mode = mode;
  c.hmm = (flags & ZT_SEG_HMM) != 0;
  c.pos = pos;
  c.nodes = !sg->n_ov && !norm;
  while (p < n && !out->oom) {
    uint32_t cp, m;
    size_t l = decode(u + p, n - p, &cp), e;
    if (merge && (e = ascii_compound(u, p, n)) != 0) {
      push(out, p, e, pos ? compound_tag(sg, u, p, e) : -1);
      p = e;
      continue;
    }
    m = norm && cp != INVALID_CP ? normalize_cp(cp) : cp;
    if (cp != INVALID_CP && in_block(m, pos)) {
      size_t N = 0, q = p;
      while (q < n) {
        size_t l2 = decode(u + q, n - q, &cp);
        if (cp == INVALID_CP) break;
        m = norm ? normalize_cp(cp) : cp;
        if (!in_block(m, pos) || N >= ZT_SEG_MAX_BLOCK) break;
        if (merge && N && ascii_compound(u, q, n)) break;
        if (N + 1 >= sg->cap && !grow_scratch(sg, N + 1)) return ZT_ENOMEM;
        sg->cp[N] = m;
        sg->off[N++] = q;
        q += l2;
      }
      sg->off[N] = q;
      c.cp = sg->cp;
      c.off = sg->off;
      c.N = N;
      if (mode == ZT_MODE_FULL && !pos) cut_all_block(&c);
      else cut_block(&c);
      p = q;
      continue;
    }
    if (cp == '\r' && p + 1 < n && s[p + 1] == '\n') {
      push(out, p, p + 2, xtag);
      p += 2;
      continue;
    }
    if (mode == ZT_MODE_FULL && !pos && !(cp != INVALID_CP && is_py_space(cp))) {
      size_t q = p + l;
      while (q < n) {
        size_t l2 = decode(u + q, n - q, &cp);
        m = norm && cp != INVALID_CP ? normalize_cp(cp) : cp;
        if (cp != INVALID_CP && (in_block(m, 0) || is_py_space(cp))) break;
        q += l2;
      }
      push(out, p, q, -1);
      p = q;
      continue;
    }
    push(out, p, p + l, xtag);
    p += l;
  }
  return out->oom ? ZT_ENOMEM : ZT_OK;
}

int zt_seg_cut(zt_seg *sg, const char *s, size_t n, int mode, int flags, zt_toks *out) {
  if (mode < ZT_MODE_PRECISE || mode > ZT_MODE_SEARCH) return ZT_EINVAL;
  return run(sg, s, n, mode, flags, 0, out);
}

int zt_seg_pos(zt_seg *sg, const char *s, size_t n, int flags, zt_toks *out) {
  return run(sg, s, n, ZT_MODE_PRECISE, flags, 1, out);
}

const char *zt_seg_tag_name(const zt_seg *sg, int tag) {
  unsigned nt = sg->d->h->n_tags;
  if (tag < 0) return "x";
  if ((unsigned)tag < nt) return zt_dict_tag_name(sg->d, (unsigned)tag);
  if ((unsigned)tag - nt < (unsigned)sg->n_utags) return sg->utags[(unsigned)tag - nt];
  return "x";
}

size_t zt_seg_safe_split(const char *s, size_t n, size_t want) {
  const unsigned char *u = (const unsigned char *)s;
  size_t p = want < n ? want : n;
  int found = 0;
  /* move to a character boundary, then to the end of the first run of characters outside
   * every block (so that full mode's runs of punctuation stay whole); stop before spaces */
  while (p < n && (u[p] & 0xC0) == 0x80) p++;
  while (p < n) {
    uint32_t cp;
    size_t l = decode(u + p, n - p, &cp);
    int outside = cp == INVALID_CP || (!in_block(cp, 0) && !in_block(normalize_cp(cp), 0));
    if (found && (!outside || (cp != INVALID_CP && is_py_space(cp)))) return p;
    if (outside && !(cp == '\r' && p + 1 < n && u[p + 1] == '\n')) found = 1;
    p += l;
  }
  return n;
}

/* ---------------------------------------------------------------- user words */

static int valid_word(const char *w, size_t n) { return n > 0 && n < 256 && zt_utf8_check(w, n) == n; }

static int user_tag(zt_seg *sg, const char *tag) {
  int i = zt_dict_tag_index(sg->d, tag);
  char **nt;
  if (i >= 0) return i;
  for (i = 0; i < sg->n_utags; i++)
    if (strcmp(sg->utags[i], tag) == 0) return (int)sg->d->h->n_tags + i;
  nt = (char **)realloc(sg->utags, (size_t)(sg->n_utags + 1) * sizeof *nt);
  if (!nt) return -1;
  sg->utags = nt;
  if (!(nt[sg->n_utags] = (char *)malloc(strlen(tag) + 1))) return -1;
  memcpy(nt[sg->n_utags], tag, strlen(tag) + 1);
  return (int)sg->d->h->n_tags + sg->n_utags++;
}

/* What a user word changed in an entry that existed before a load_userdict began, so that a file
 * failing half-way can be taken back whole. Entries created during the load are dropped. */
typedef struct undo_ent {
  size_t idx;
  long long freq;
  double logf;
  int tag, force;
} undo_ent;

typedef struct undo_log {
  undo_ent *v;
  size_t n, cap;
  size_t n_ov, ov_maxlen; /* the segmenter before the load */
  long long total;
  int n_force;
} undo_log;

static int log_entry(undo_log *u, const zt_seg *sg, const ov_ent *e) {
  size_t idx = (size_t)(e - sg->ov);
  if (!u || idx >= u->n_ov) return ZT_OK;
  if (u->n == u->cap) {
    size_t nc = u->cap ? u->cap * 2 : 64;
    undo_ent *nv = (undo_ent *)realloc(u->v, nc * sizeof *nv);
    if (!nv) return ZT_ENOMEM;
    u->v = nv;
    u->cap = nc;
  }
  u->v[u->n].idx = idx;
  u->v[u->n].freq = e->freq;
  u->v[u->n].logf = e->logf;
  u->v[u->n].tag = e->tag;
  u->v[u->n].force = e->force;
  u->n++;
  return ZT_OK;
}

static void undo(zt_seg *sg, undo_log *u) {
  size_t i;
  while (u->n) {
    const undo_ent *x = &u->v[--u->n];
    ov_ent *e = &sg->ov[x->idx];
    e->freq = x->freq;
    e->logf = x->logf;
    e->tag = x->tag;
    e->force = x->force;
  }
  for (i = u->n_ov; i < sg->n_ov; i++) free(sg->ov[i].w);
  sg->n_ov = u->n_ov;
  sg->ov_maxlen = u->ov_maxlen;
  sg->n_force = u->n_force;
  sg->total = u->total;
  sg->logtotal = log((double)sg->total);
  if (sg->ov_idx) { /* the same table size again: cannot fail */
    memset(sg->ov_idx, 0, (sg->ov_mask + 1) * sizeof *sg->ov_idx);
    for (i = 0; i < sg->n_ov; i++) {
      size_t j = sg->ov[i].hash & sg->ov_mask;
      while (sg->ov_idx[j]) j = (j + 1) & sg->ov_mask;
      sg->ov_idx[j] = (uint32_t)(i + 1);
    }
  }
}

/* jieba's add_word (total grows by freq even when the word was there: jieba does the same), with
 * the bounds of zt_seg.h; u (may be NULL) records what to undo. */
static int add_word(zt_seg *sg, const char *w, size_t n, long long freq, const char *tag, undo_log *u) {
  ov_ent *e;
  int rc = ZT_OK, t = -1;
  size_t i;
  if (!valid_word(w, n)) return n ? ZT_EUTF8 : ZT_EINVAL;
  if (freq < 0 && (freq = zt_seg_suggest_freq(sg, &w, &n, 1, 0)) < 0) return (int)-freq;
  if (freq > ZT_SEG_MAX_FREQ || freq > ZT_SEG_MAX_TOTAL - sg->total) return ZT_ERANGE_FREQ;
  if (tag && *tag && (t = user_tag(sg, tag)) < 0) return ZT_ENOMEM;
  if (!(e = ov_get(sg, w, n, &rc))) return rc;
  if ((rc = log_entry(u, sg, e)) != ZT_OK) return rc;
  e->freq = freq;
  e->logf = freq > 0 ? log((double)freq) : -1.0;
  if (t >= 0) e->tag = t;
  sg->total += freq;
  sg->logtotal = log((double)sg->total);
  /* every prefix joins FREQ (with 0 unless already there) */
  for (i = 1; i < n; i++) {
    if ((w[i] & 0xC0) == 0x80) continue;
    if (!ov_get(sg, w, i, &rc)) return rc;
  }
  if (freq == 0) {
    if (!(e = ov_get(sg, w, n, &rc))) return rc;
    if (!e->force) { e->force = 1; sg->n_force++; }
  }
  return ZT_OK;
}

int zt_seg_add_word(zt_seg *sg, const char *w, size_t n, long long freq, const char *tag) {
  return add_word(sg, w, n, freq, tag, NULL);
}

int zt_seg_del_word(zt_seg *sg, const char *w, size_t n) { return add_word(sg, w, n, 0, NULL, NULL); }

long long zt_seg_freq(const zt_seg *sg, const char *w, size_t n, int *present) {
  uint64_t h;
  const ov_ent *e;
  uint32_t node;
  *present = 0;
  if (!n) return 0;
  h = fnv_add(fnv_init(), w, n);
  if ((e = ov_find(sg, w, n, h)) != NULL) { *present = 1; return e->freq; }
  node = zt_dict_find(sg->d, w, n);
  *present = node != 0;
  return node ? sg->d->freq[node] : 0;
}

double zt_seg_idf_node(const zt_seg *sg, uint32_t node, int *found) {
  *found = node && !isnan(sg->d->idf[node]);
  return *found ? sg->d->idf[node] : sg->d->h->median_idf;
}

double zt_seg_idf(const zt_seg *sg, const char *w, size_t n, int *found) {
  return zt_seg_idf_node(sg, zt_dict_find(sg->d, w, n), found);
}

/* freq * total as a frequency: 0 .. ZT_SEG_MAX_FREQ whatever the doubles hold. */
static long long scaled_freq(double p, double total, int plus_one) {
  double x = p * total + (plus_one ? 1.0 : 0.0);
  if (!(x >= 0)) return 0; /* NaN */
  if (x >= (double)ZT_SEG_MAX_FREQ) return ZT_SEG_MAX_FREQ;
  return (long long)x;
}

long long zt_seg_suggest_freq(zt_seg *sg, const char *const *segs, const size_t *lens, size_t nseg, int tune) {
  /* a dictionary whose words all have frequency 0 has total 0: divide by 1 instead */
  double ftotal = sg->total > 0 ? (double)sg->total : 1.0, freq = 1;
  long long r, fw;
  int present, rc = ZT_OK;
  size_t i;
  char *word = NULL;
  size_t wl = 0;
  if (!nseg) return -ZT_EINVAL;
  for (i = 0; i < nseg; i++) {
    if (!lens[i] || lens[i] >= 256) return -ZT_EINVAL;
    if (zt_utf8_check(segs[i], lens[i]) != lens[i]) return -ZT_EUTF8;
    wl += lens[i];
  }
  if (wl >= 256) return -ZT_EINVAL;
  if (nseg == 1) {
    zt_toks t = {NULL, 0, 0, 0};
    word = (char *)segs[0];
    wl = lens[0];
    if (zt_seg_cut(sg, word, wl, ZT_MODE_PRECISE, 0, &t) != ZT_OK) { zt_toks_free(&t); return -ZT_ENOMEM; }
    for (i = 0; i < t.n; i++) {
      long long f = zt_seg_freq(sg, word + t.v[i].start, t.v[i].end - t.v[i].start, &present);
      freq *= (double)(present ? f : 1) / ftotal;
    }
    zt_toks_free(&t);
    fw = zt_seg_freq(sg, word, wl, &present);
    if (!present) fw = 1;
    r = scaled_freq(freq, ftotal, 1);
    if (fw > r) r = fw;
    if (tune) rc = add_word(sg, word, wl, r, NULL, NULL);
    return rc ? -rc : r;
  }
  if (!(word = (char *)malloc(wl + 1))) return -ZT_ENOMEM;
  for (wl = 0, i = 0; i < nseg; i++) {
    long long f = zt_seg_freq(sg, segs[i], lens[i], &present);
    memcpy(word + wl, segs[i], lens[i]);
    wl += lens[i];
    freq *= (double)(present ? f : 1) / ftotal;
  }
  fw = zt_seg_freq(sg, word, wl, &present);
  r = scaled_freq(freq, ftotal, 0);
  if (fw < r) r = fw;
  if (tune) rc = add_word(sg, word, wl, r, NULL, NULL);
  free(word);
  return rc ? -rc : r;
}

/* ---------------------------------------------------------------- user dictionaries */

typedef struct ud_line {
  const char *w, *tag;
  size_t n, lineno;
  long long freq; /* -1: none given */
} ud_line;

/* The whole file, so that every line is checked before any is applied. */
static int ud_read(const char *path, char **text, size_t *len, char *err, size_t errlen) {
  FILE *f = fopen(path, "rb");
  struct stat st;
  char *buf = NULL;
  size_t n = 0, cap = 0;
  if (!f) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return ZT_EIO;
  }
  if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    fclose(f);
    snprintf(err, errlen, "%s: is a directory, not a user dictionary", path);
    return ZT_EIO;
  }
  for (;;) {
    size_t r;
    if (cap - n < 4096) {
      size_t nc = cap ? cap * 2 : 65536;
      char *p = (char *)realloc(buf, nc + 1);
      if (!p) { free(buf); fclose(f); return ZT_ENOMEM; }
      buf = p;
      cap = nc;
    }
    r = fread(buf + n, 1, cap - n, f);
    n += r;
    if (r == 0) break;
  }
  if (ferror(f)) {
    int e = errno;
    free(buf);
    fclose(f);
    snprintf(err, errlen, "%s: read error: %s", path, strerror(e));
    return ZT_EIO;
  }
  fclose(f);
  buf[n] = '\0';
  *text = buf;
  *len = n;
  return ZT_OK;
}

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

/* One line (NUL-terminated in place): jieba's ^(.+?)( [0-9]+)?( [a-z]+)?$. Returns ZT_OK and
 * fills *out, 1 for a blank line, or an error with err set. */
static int ud_parse(char *w, size_t n, const char *path, size_t lineno, ud_line *out, char *err, size_t errlen) {
  char *e;
  out->tag = NULL;
  out->freq = -1;
  out->lineno = lineno;
  while (n && (w[n - 1] == '\n' || is_blank(w[n - 1]))) n--;
  while (n && is_blank(*w)) w++, n--;
  if (n >= 3 && memcmp(w, "\xEF\xBB\xBF", 3) == 0) w += 3, n -= 3;
  if (!n) return 1;
  if (memchr(w, '\0', n) || zt_utf8_check(w, n) != n) {
    snprintf(err, errlen, "%s:%zu: not valid UTF-8", path, lineno);
    return ZT_EUTF8;
  }
  w[n] = '\0';
  e = w + n;
  {
    char *q = e;
    while (q > w && *(q - 1) >= 'a' && *(q - 1) <= 'z') q--;
    if (q < e && q - 1 > w && *(q - 1) == ' ') { out->tag = q; e = q - 1; *e = '\0'; }
  }
  {
    char *q = e;
    while (q > w && *(q - 1) >= '0' && *(q - 1) <= '9') q--;
    if (q < e && q - 1 > w && *(q - 1) == ' ') {
      long long v = 0;
      const char *d;
      for (d = q; d < e; d++) {
        if (v > (ZT_SEG_MAX_FREQ - (*d - '0')) / 10) {
          snprintf(err, errlen, "%s:%zu: frequency too large (at most 2^40 = %lld)", path, lineno, ZT_SEG_MAX_FREQ);
          return ZT_ERANGE_FREQ;
        }
        v = v * 10 + (*d - '0');
      }
      out->freq = v;
      e = q - 1;
      *e = '\0';
    }
  }
  if ((size_t)(e - w) >= 256) {
    snprintf(err, errlen, "%s:%zu: word too long (255 bytes at most)", path, lineno);
    return ZT_EFORMAT;
  }
  out->w = w;
  out->n = (size_t)(e - w);
  return ZT_OK;
}

/* Applies checked lines in order (a line without a frequency gets jieba's suggestion from the
 * words before it); on failure takes every line back. */
static int ud_apply(zt_seg *sg, const ud_line *lines, size_t nl, const char *path, char *err, size_t errlen) {
  undo_log u;
  size_t i;
  int rc = ZT_OK;
  memset(&u, 0, sizeof u);
  u.n_ov = sg->n_ov;
  u.ov_maxlen = sg->ov_maxlen;
  u.total = sg->total;
  u.n_force = sg->n_force;
  for (i = 0; i < nl && rc == ZT_OK; i++) {
    const ud_line *l = &lines[i];
    if ((rc = add_word(sg, l->w, l->n, l->freq, l->tag, &u)) == ZT_OK) continue;
    if (rc == ZT_ERANGE_FREQ)
      snprintf(err, errlen, "%s:%zu: the total of all frequencies would exceed 2^53 = %lld; nothing from "
               "this file was added", path, l->lineno, ZT_SEG_MAX_TOTAL);
    else
      snprintf(err, errlen, "%s:%zu: %s; nothing from this file was added", path, l->lineno, zt_strerror(rc));
    undo(sg, &u);
  }
  free(u.v);
  return rc;
}

int zt_seg_load_userdict(zt_seg *sg, const char *path, char *err, size_t errlen) {
  char *text = NULL;
  size_t len = 0, pos = 0, lineno = 0, nl = 0, cap = 0;
  ud_line *lines = NULL;
  int rc = ud_read(path, &text, &len, err, errlen);
  if (rc == ZT_ENOMEM) snprintf(err, errlen, "%s: out of memory", path);
  while (rc == ZT_OK && pos < len) {
    char *line = text + pos, *nlp = (char *)memchr(line, '\n', len - pos);
    size_t n = nlp ? (size_t)(nlp - line) : len - pos;
    int r;
    pos += n + 1;
    lineno++;
    if (nl == cap) {
      size_t nc = cap ? cap * 2 : 256;
      ud_line *p = (ud_line *)realloc(lines, nc * sizeof *p);
      if (!p) { rc = ZT_ENOMEM; snprintf(err, errlen, "%s: out of memory", path); break; }
      lines = p;
      cap = nc;
    }
    r = ud_parse(line, n, path, lineno, &lines[nl], err, errlen);
    if (r == ZT_OK) nl++;
    else if (r != 1) rc = r;
  }
  if (rc == ZT_OK) rc = ud_apply(sg, lines, nl, path, err, errlen);
  free(lines);
  free(text);
  return rc;
}
