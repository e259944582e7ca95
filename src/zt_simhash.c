/* zt_simhash: fingerprints and the banded near-duplicate index (see zt_simhash.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "zt_error.h"
#include "zt_simhash.h"
#include "zt_utf8.h"

static uint64_t fmix64(uint64_t h) {
  h ^= h >> 33;
  h *= UINT64_C(0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= UINT64_C(0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  return h;
}

#define FNV_OFFSET UINT64_C(0xcbf29ce484222325)
#define FNV_PRIME UINT64_C(0x100000001b3)

uint64_t zt_hash64(const void *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  uint64_t h = FNV_OFFSET;
  size_t i;
  for (i = 0; i < n; i++) {
    h ^= p[i];
    h *= FNV_PRIME;
  }
  return fmix64(h ^ (uint64_t)n);
}

int zt_hamming(uint64_t a, uint64_t b) {
  uint64_t x = a ^ b;
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_popcountll(x);
#else
  int c = 0;
  while (x) { x &= x - 1; c++; }
  return c;
#endif
}

void zt_simhash_init(zt_simhash_acc *a) { memset(a, 0, sizeof *a); }

void zt_simhash_add_hash(zt_simhash_acc *a, uint64_t h, double w) {
  int i;
  if (!isfinite(w)) return;
  for (i = 0; i < 64; i++) a->v[i] += ((h >> i) & 1) ? w : -w;
  a->n++;
}

void zt_simhash_add(zt_simhash_acc *a, const char *s, size_t n, double w) {
  zt_simhash_add_hash(a, zt_hash64(s, n), w);
}

uint64_t zt_simhash_final(const zt_simhash_acc *a) {
  uint64_t fp = 0;
  int i;
  for (i = 0; i < 64; i++)
    if (a->v[i] > 0) fp |= UINT64_C(1) << i;
  return fp;
}

/* Characters that do not form features: whitespace, controls, punctuation, symbols of the
 * general punctuation and CJK punctuation blocks. */
static int skip_char(int32_t cp) {
  if (cp < 0) return 0;
  if (cp <= 0x20 || cp == 0x7f) return 1;
  if (cp < 0x80) return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));
  if (cp >= 0x2000 && cp <= 0x206f) return 1;
  if (cp >= 0x3000 && cp <= 0x3003) return 1;
  if (cp >= 0x3008 && cp <= 0x3011) return 1;
  if (cp >= 0x3014 && cp <= 0x301f) return 1;
  if (cp == 0xfeff) return 1;
  return zt_is_hspace(cp) || zt_is_punct(cp);
}

int zt_simhash_has_content(const char *s, size_t n) {
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0;
  while (i < n) {
    int32_t cp;
    size_t len = zt_utf8_decode(p + i, n - i, &cp);
    if (len == 0) break;
    if (!skip_char(cp)) return 1;
    i += len;
  }
  return 0;
}

/* ---- fingerprints of text ----
 * The fingerprint is defined by the first, plain implementation (kept as the reference in
 * tests/fuzz/fuzz_simhash.c): each window of ngram kept characters is hashed by FNV-1a over the
 * four little-endian bytes of each character, then fmix64; a bit is set where more windows have
 * it set than clear. Users store fingerprints, so the code below computes exactly that, only
 * faster: the FNV steps of a zero top byte are folded into one multiply by FNV_PRIME^2, each
 * character's first step is done once (not once per window it is in), the window is read from
 * a doubled ring (no % per character), and the 64 counters are byte lanes of eight words. */

#define FNV_PRIME2 (FNV_PRIME * FNV_PRIME)

/* FNV-1a over the 4 bytes of c, low byte first. c < 0x110100, so its top byte is 0 and the last
 * two steps are (h ^ b2) * P * P. */
static uint64_t fnv_char(uint64_t h, uint32_t c) {
  h = (h ^ (c & 0xffu)) * FNV_PRIME;
  h = (h ^ ((c >> 8) & 0xffu)) * FNV_PRIME;
  return (h ^ (c >> 16)) * FNV_PRIME2;
}

/* Bit counts of the window hashes, in byte lanes: byte i of lane[j] counts bit 8i+j. A byte
 * holds 255, so the lanes are moved to ones[] every 255 windows. With GCC or Clang the eight
 * lanes are four two-word vectors (SSE2 registers on x86-64; NEON elsewhere): a window costs
 * four shift-and-add pairs instead of 64 compare-and-add steps. */
#define LANE_BITS UINT64_C(0x0101010101010101)
#if defined(__GNUC__) || defined(__clang__)
typedef uint64_t lanes2 __attribute__((vector_size(16)));
typedef struct bitcount {
  lanes2 lane[4]; /* lane[p][q] is lane 2p+q */
  uint64_t ones[64];
  unsigned pend;
} bitcount;
#define LANE(bc, j) ((bc)->lane[(j) >> 1][(j) & 1])
static void bits_add(bitcount *bc, uint64_t h);
#else
typedef struct bitcount {
  uint64_t lane[8];
  uint64_t ones[64];
  unsigned pend;
} bitcount;
#define LANE(bc, j) ((bc)->lane[j])
#endif

static void bits_flush(bitcount *bc) {
  int i, j;
  for (j = 0; j < 8; j++) {
    uint64_t l = LANE(bc, j);
    for (i = 0; i < 8; i++) bc->ones[8 * i + j] += (l >> (8 * i)) & 0xffu;
  }
  memset(bc->lane, 0, sizeof bc->lane);
  bc->pend = 0;
}

#if defined(__GNUC__) || defined(__clang__)
static void bits_add(bitcount *bc, uint64_t h) {
  const lanes2 m = {LANE_BITS, LANE_BITS};
  lanes2 v = {h, h >> 1};
  bc->lane[0] += v & m;
  bc->lane[1] += (v >> 2) & m;
  bc->lane[2] += (v >> 4) & m;
  bc->lane[3] += (v >> 6) & m;
  if (++bc->pend == 255) bits_flush(bc);
}
#else
static void bits_add(bitcount *bc, uint64_t h) {
  int j;
  for (j = 0; j < 8; j++) bc->lane[j] += (h >> j) & LANE_BITS;
  if (++bc->pend == 255) bits_flush(bc);
}
#endif

/* ASCII characters that form features: digits and letters. */
static const uint64_t ascii_keep[2] = {UINT64_C(0x03ff000000000000), UINT64_C(0x07fffffe07fffffe)};

/* Decodes the character at p[0..n) (n >= 1) into *c (ill-formed: 0x110000 + its first byte, as
 * the reference does) and sets *keep; returns its length. */
static size_t text_char(const unsigned char *p, size_t n, uint32_t *c, int *keep) {
  unsigned b = p[0];
  int32_t cp;
  size_t len;
  if (b < 0x80) {
    *c = b;
    *keep = (int)((ascii_keep[b >> 6] >> (b & 63)) & 1);
    return 1;
  }
  /* three-byte sequences whose continuation bytes may be any of 80..BF (not E0, ED) */
  if (b >= 0xE1 && b != 0xED && b <= 0xEF && n >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
    cp = (int32_t)(((b & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu));
    len = 3;
  } else {
    len = zt_utf8_decode(p, n, &cp);
  }
  if (cp < 0) {
    *c = 0x110000u + b;
    *keep = 1;
  } else {
    *c = (uint32_t)cp;
    /* CJK Unified Ideographs: letters (Lo, or unassigned), never skipped */
    *keep = (cp >= 0x4E00 && cp <= 0x9FFF) || !skip_char(cp);
  }
  return len;
}

uint64_t zt_simhash_text(const char *s, size_t n, int ngram) {
  const unsigned char *p = (const unsigned char *)s;
  /* ring[i] and ring[i + ngram] hold the same character, first[] its first FNV step: the
   * window, oldest first, is ring[pos .. pos + ngram) */
  uint32_t ring[16];
  uint64_t first[16], fp = 0;
  bitcount bc;
  size_t i = 0, chars = 0, feats = 0;
  int b, pos = 0;
  if (ngram < 1) ngram = 1;
  if (ngram > 8) ngram = 8;
  memset(&bc, 0, sizeof bc);
  while (i < n) {
    uint32_t c;
    int keep, j;
    uint64_t h;
    i += text_char(p + i, n - i, &c, &keep);
    if (!keep) continue;
    ring[pos] = ring[pos + ngram] = c;
    first[pos] = first[pos + ngram] = fnv_char(FNV_OFFSET, c);
    pos = pos + 1 == ngram ? 0 : pos + 1;
    if (++chars < (size_t)ngram) continue;
    h = first[pos];
    for (j = 1; j < ngram; j++) h = fnv_char(h, ring[pos + j]);
    bits_add(&bc, fmix64(h));
    feats++;
  }
  if (feats == 0 && chars > 0) {
    /* Shorter than one n-gram: the whole text is the one feature. */
    uint64_t hh = first[0];
    size_t k;
    for (k = 1; k < chars; k++) hh = fnv_char(hh, ring[k]);
    return fmix64(hh);
  }
  bits_flush(&bc);
  /* the reference's counter is (ones - zeros) = 2 * ones - feats */
  for (b = 0; b < 64; b++)
    if (2 * bc.ones[b] > feats) fp |= UINT64_C(1) << b;
  return fp;
}

/* ---- index ---- */

typedef struct slot {
  uint64_t key;
  uint32_t head; /* entry index + 1; 0 = empty slot */
} slot;

struct zt_simhash_index {
  int k, nb;
  int shift[64];
  uint64_t mask[64];
  uint64_t *fp;
  int64_t *ids;
  uint32_t *next; /* next[e * nb + b]: the previous entry (index + 1) with the same band value */
  size_t n, cap;
  slot *tabs;     /* nb tables of tcap slots each */
  size_t tcap;
  size_t *used;   /* distinct keys per band */
};

#define MAX_ENTRIES ((size_t)UINT32_MAX - 1)

zt_simhash_index *zt_simhash_index_new(int k, int *err) {
  zt_simhash_index *ix;
  int b, off = 0;
  *err = ZT_OK;
  if (k < 0 || k > 63) { *err = ZT_EINVAL; return NULL; }
  ix = (zt_simhash_index *)calloc(1, sizeof *ix);
  if (!ix) { *err = ZT_ENOMEM; return NULL; }
  ix->k = k;
  ix->nb = k + 1;
  for (b = 0; b < ix->nb; b++) {
    int w = 64 / ix->nb + (b < 64 % ix->nb ? 1 : 0);
    ix->shift[b] = off;
    ix->mask[b] = w >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << w) - 1;
    off += w;
  }
  /* the tables come with the first fingerprint: an empty index costs a few hundred bytes */
  ix->used = (size_t *)calloc((size_t)ix->nb, sizeof(size_t));
  if (!ix->used) {
    zt_simhash_index_free(ix);
    *err = ZT_ENOMEM;
    return NULL;
  }
  return ix;
}

void zt_simhash_index_free(zt_simhash_index *ix) {
  if (!ix) return;
  free(ix->fp);
  free(ix->ids);
  free(ix->next);
  free(ix->tabs);
  free(ix->used);
  free(ix);
}

size_t zt_simhash_index_size(const zt_simhash_index *ix) { return ix->n; }

size_t zt_simhash_index_bytes(const zt_simhash_index *ix) {
  return sizeof *ix + (size_t)ix->nb * sizeof(size_t) + ix->tcap * (size_t)ix->nb * sizeof(slot) +
         ix->cap * (sizeof(uint64_t) + sizeof(int64_t) + (size_t)ix->nb * sizeof(uint32_t));
}
int zt_simhash_index_k(const zt_simhash_index *ix) { return ix->k; }

static uint64_t band_key(const zt_simhash_index *ix, uint64_t fp, int b) {
  return (fp >> ix->shift[b]) & ix->mask[b];
}

/* The slot for key in band b's table (either holding key or empty). */
static slot *find_slot(slot *tab, size_t tcap, uint64_t key) {
  size_t m = tcap - 1, i = (size_t)fmix64(key + 1) & m;
  while (tab[i].head && tab[i].key != key) i = (i + 1) & m;
  return &tab[i];
}

static int grow_tables(zt_simhash_index *ix) {
  size_t ncap = ix->tcap ? ix->tcap * 2 : 64, b, i;
  slot *nt;
  if (ncap > ((size_t)-1) / sizeof(slot) / (size_t)ix->nb) return ZT_ENOMEM;
  nt = (slot *)calloc(ncap * (size_t)ix->nb, sizeof(slot));
  if (!nt) return ZT_ENOMEM;
  /* the first growth has no old tables (they are made on the first add) */
  for (b = 0; ix->tabs && b < (size_t)ix->nb; b++) {
    slot *old = ix->tabs + b * ix->tcap, *nw = nt + b * ncap;
    for (i = 0; i < ix->tcap; i++)
      if (old[i].head) *find_slot(nw, ncap, old[i].key) = old[i];
  }
  free(ix->tabs);
  ix->tabs = nt;
  ix->tcap = ncap;
  return ZT_OK;
}

static int grow_entries(zt_simhash_index *ix) {
  size_t ncap = ix->cap ? ix->cap * 2 : 256;
  uint64_t *fp;
  int64_t *ids;
  uint32_t *nx;
  if (ncap > MAX_ENTRIES) ncap = MAX_ENTRIES;
  if (ncap <= ix->cap) return ZT_ENOMEM;
  if (ncap > ((size_t)-1) / sizeof(uint32_t) / (size_t)ix->nb) return ZT_ENOMEM;
  fp = (uint64_t *)realloc(ix->fp, ncap * sizeof *fp);
  if (!fp) return ZT_ENOMEM;
  ix->fp = fp;
  ids = (int64_t *)realloc(ix->ids, ncap * sizeof *ids);
  if (!ids) return ZT_ENOMEM;
  ix->ids = ids;
  nx = (uint32_t *)realloc(ix->next, ncap * (size_t)ix->nb * sizeof *nx);
  if (!nx) return ZT_ENOMEM;
  ix->next = nx;
  ix->cap = ncap;
  return ZT_OK;
}

int zt_simhash_index_add(zt_simhash_index *ix, uint64_t fp, int64_t id) {
  size_t e = ix->n, maxused = 0;
  int b;
  if (e >= ix->cap && grow_entries(ix) != ZT_OK) return ZT_ENOMEM;
  for (b = 0; b < ix->nb; b++)
    if (ix->used[b] > maxused) maxused = ix->used[b];
  /* Keep every table at most half full even if this entry adds a new key to each band. */
  while ((maxused + 1) * 2 > ix->tcap)
    if (grow_tables(ix) != ZT_OK) return ZT_ENOMEM;
  ix->fp[e] = fp;
  ix->ids[e] = id;
  for (b = 0; b < ix->nb; b++) {
    uint64_t key = band_key(ix, fp, b);
    slot *s = find_slot(ix->tabs + (size_t)b * ix->tcap, ix->tcap, key);
    if (!s->head) {
      s->key = key;
      ix->used[b]++;
    }
    ix->next[e * (size_t)ix->nb + (size_t)b] = s->head;
    s->head = (uint32_t)(e + 1);
  }
  ix->n++;
  return ZT_OK;
}

int zt_simhash_index_query(const zt_simhash_index *ix, uint64_t fp, int k, int64_t *id, int *dist) {
  size_t best = 0; /* entry index + 1 */
  int bestd = 65, b;
  if (k > ix->k) k = ix->k;
  if (k < 0 || !ix->tcap) return 0;
  for (b = 0; b < ix->nb; b++) {
    uint64_t key = band_key(ix, fp, b);
    const slot *s = find_slot(ix->tabs + (size_t)b * ix->tcap, ix->tcap, key);
    uint32_t e = s->head;
    size_t seen = 0;
    /* newest first, and no more than the cap: a crowded bucket costs a bounded scan */
    while (e && seen++ < ZT_SIMHASH_SCAN_CAP) {
      int d = zt_hamming(fp, ix->fp[e - 1]);
      if (d <= k && (d < bestd || (d == bestd && e < best))) {
        bestd = d;
        best = e;
      }
      e = ix->next[(size_t)(e - 1) * (size_t)ix->nb + (size_t)b];
    }
    if (bestd == 0) break;
  }
  if (!best) return 0;
  *id = ix->ids[best - 1];
  *dist = bestd;
  return 1;
}
