/* zt_simhash: fingerprints and the banded near-duplicate index (see zt_simhash.h). */
#if defined(__linux__) && !defined(_DEFAULT_SOURCE)
#define _DEFAULT_SOURCE /* madvise(MADV_HUGEPAGE) for the band tables */
#endif
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "zt_error.h"
#include "zt_simhash.h"
#include "zt_utf8.h"

#if defined(__linux__)
#include <sys/mman.h>
#endif

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

/* The per-character helpers below are inlined into the text walk, itself inlined into both entry
 * points (called from two places, GCC would otherwise keep them out of line: 10% slower). */
#if defined(__GNUC__) || defined(__clang__)
#define ZT_HOT_INLINE __attribute__((always_inline)) inline
#else
#define ZT_HOT_INLINE inline
#endif

/* FNV-1a over the 4 bytes of c, low byte first. c < 0x110100, so its top byte is 0 and the last
 * two steps are (h ^ b2) * P * P. */
static ZT_HOT_INLINE uint64_t fnv_char(uint64_t h, uint32_t c) {
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
static ZT_HOT_INLINE void bits_add(bitcount *bc, uint64_t h);
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
static ZT_HOT_INLINE void bits_add(bitcount *bc, uint64_t h) {
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
static ZT_HOT_INLINE size_t text_char(const unsigned char *p, size_t n, uint32_t *c, int *keep) {
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

/* The fingerprint walk; with with_hash also zt_hash64's exact byte hash (in *h64) in the same
 * walk, the two chains of multiplies overlapping instead of following each other. Forced
 * inline with a constant with_hash: each entry point gets its own copy, the plain one without
 * the byte hash (a run-time flag made the plain fingerprint 7% slower). */
static ZT_HOT_INLINE uint64_t simhash_walk(const char *s, size_t n, int ngram, int with_hash,
                                           uint64_t *h64) {
  const unsigned char *p = (const unsigned char *)s;
  uint64_t hb = FNV_OFFSET;
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
    size_t len = text_char(p + i, n - i, &c, &keep), q;
    if (with_hash)
      for (q = 0; q < len; q++) hb = (hb ^ p[i + q]) * FNV_PRIME;
    i += len;
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
  if (with_hash) *h64 = fmix64(hb ^ (uint64_t)n);
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

uint64_t zt_simhash_text(const char *s, size_t n, int ngram) {
  return simhash_walk(s, n, ngram, 0, NULL);
}

/* zt_simhash_text and zt_hash64 of the same bytes in one walk. */
uint64_t zt_simhash_text_hash64(const char *s, size_t n, int ngram, uint64_t *h64) {
  return simhash_walk(s, n, ngram, 1, h64);
}

/* ---- index ----
 * Entries (fingerprint, id) live in insertion order in chunks of CHUNK_N: no copy when the
 * index grows, and the id is stored as a 32-bit offset from the chunk's first id (the ids a
 * caller passes are nearly always increasing) until one is not, when that chunk switches to
 * 64-bit ids. Each band has an open-addressing table (linear probing, at most 80% full) of
 * 32-bit slots, one per entry: the low q bits hold the entry's index + 1, the high 32 - q bits
 * a tag from the band value's hash, so a probe only fetches the entries whose tag matches, and
 * the first slots of all probes are loaded before any is looked at (their cache misses
 * overlap). The layouts (pigeonhole, flip) are described in zt_simhash.h. */

#define CHUNK_BITS 10
#define CHUNK_N ((size_t)1 << CHUNK_BITS)
#define MIN_QBITS 6
#define MAX_PROBES 66

typedef struct chunk {
  int64_t base;   /* the id of the chunk's first entry */
  int64_t *wide;  /* every id of the chunk, once one is not within 32 bits of base */
  uint64_t fp[CHUNK_N];
  int32_t delta[CHUNK_N];
} chunk;

struct zt_simhash_index {
  int k, nb, flip;         /* flip: the two 32-bit bands, probed one bit away too (k = 2, 3) */
  unsigned q;              /* every band table has 2^q slots */
  unsigned char shift[64], width[64];
  uint32_t *tab[64];       /* the band tables (NULL while the index is empty) */
  chunk **chunks;
  size_t nchunks, chunk_cap, nwide, n;
};

/* The bands of a layout: the pigeonhole split into k + 1 bands probed exactly, or (flip) two
 * 32-bit bands probed exactly and one bit away. */
static void set_layout(zt_simhash_index *ix, int flip) {
  int b, off = 0;
  ix->flip = flip;
  ix->nb = flip ? 2 : ix->k + 1;
  for (b = 0; b < ix->nb; b++) {
    int w = 64 / ix->nb + (b < 64 % ix->nb ? 1 : 0);
    ix->shift[b] = (unsigned char)off;
    ix->width[b] = (unsigned char)w;
    off += w;
  }
}

/* Which layout suits tables of 2^q slots. For k = 2, 3 the pigeonhole bands (16 or 21 bits)
 * meet N / 2^16 entries per probe, cheaper than the 34-66 probes of the flip layout while that
 * is a few: up to 2^SMALL_QBITS slots (about 200k fingerprints, tables within the L2 cache). */
#define SMALL_QBITS 18
static int flip_layout(int k, unsigned q) { return (k == 2 || k == 3) && q > SMALL_QBITS; }

zt_simhash_index *zt_simhash_index_new(int k, int *err) {
  zt_simhash_index *ix;
  *err = ZT_OK;
  if (k < 0 || k > 63) { *err = ZT_EINVAL; return NULL; }
  ix = (zt_simhash_index *)calloc(1, sizeof *ix);
  if (!ix) { *err = ZT_ENOMEM; return NULL; }
  ix->k = k;
  set_layout(ix, 0);
  return ix;
}

void zt_simhash_index_free(zt_simhash_index *ix) {
  size_t i;
  int b;
  if (!ix) return;
  for (i = 0; i < ix->nchunks; i++) {
    free(ix->chunks[i]->wide);
    free(ix->chunks[i]);
  }
  free(ix->chunks);
  for (b = 0; b < ix->nb; b++) free(ix->tab[b]);
  free(ix);
}

size_t zt_simhash_index_size(const zt_simhash_index *ix) { return ix->n; }

size_t zt_simhash_index_bytes(const zt_simhash_index *ix) {
  size_t bytes = sizeof *ix + ix->chunk_cap * sizeof(chunk *) + ix->nchunks * sizeof(chunk) +
                 ix->nwide * CHUNK_N * sizeof(int64_t);
  int b;
  for (b = 0; b < ix->nb; b++)
    if (ix->tab[b]) bytes += ((size_t)1 << ix->q) * sizeof(uint32_t);
  return bytes;
}

int zt_simhash_index_k(const zt_simhash_index *ix) { return ix->k; }

static uint64_t band_key(const zt_simhash_index *ix, uint64_t fp, int b) {
  int w = ix->width[b];
  return (fp >> ix->shift[b]) & (w >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << w) - 1);
}

static uint64_t key_hash(uint64_t key) { return fmix64(key ^ UINT64_C(0x9e3779b97f4a7c15)); }

static uint64_t entry_fp(const zt_simhash_index *ix, size_t e) {
  return ix->chunks[e >> CHUNK_BITS]->fp[e & (CHUNK_N - 1)];
}

static int64_t entry_id(const zt_simhash_index *ix, size_t e) {
  const chunk *c = ix->chunks[e >> CHUNK_BITS];
  size_t i = e & (CHUNK_N - 1);
  return c->wide ? c->wide[i] : c->base + c->delta[i];
}

/* A table of 2^q slots: where a hash starts probing, its tag, and the parts of a slot. */
typedef struct tabgeo {
  unsigned q;
  size_t mask;
  uint32_t emask, tmask;
} tabgeo;

static tabgeo geo(unsigned q) {
  tabgeo g;
  g.q = q;
  g.mask = ((size_t)1 << q) - 1;
  g.emask = q >= 32 ? UINT32_MAX : ((uint32_t)1 << q) - 1;
  g.tmask = q >= 32 ? 0 : UINT32_MAX >> q;
  return g;
}

static size_t home(const tabgeo *g, uint64_t h) { return (size_t)(h >> (64 - g->q)); }
static uint32_t tag_of(const tabgeo *g, uint64_t h) { return (uint32_t)h & g->tmask; }
static uint32_t slot_tag(const tabgeo *g, uint32_t s) { return (uint32_t)((uint64_t)s >> g->q); }

/* Enters entry e in band b's table tab (of geometry g). A band value already held by
 * ZT_SIMHASH_KEY_CAP entries gives its oldest slot to e, so probing any value stays bounded. */
static void table_put(const zt_simhash_index *ix, int b, uint32_t *tab, const tabgeo *g, size_t e) {
  uint64_t key = band_key(ix, entry_fp(ix, e), b), h = key_hash(key);
  uint32_t tag = tag_of(g, h), s;
  size_t pos = home(g, h), oldest = 0, oldest_e = (size_t)-1, same = 0;
  while ((s = tab[pos]) != 0) {
    if (slot_tag(g, s) == tag) {
      size_t e2 = (size_t)(s & g->emask) - 1;
      if (band_key(ix, entry_fp(ix, e2), b) == key) {
        same++;
        if (e2 < oldest_e) { oldest_e = e2; oldest = pos; }
      }
    }
    pos = (pos + 1) & g->mask;
  }
  if (same >= ZT_SIMHASH_KEY_CAP) pos = oldest;
  tab[pos] = (uint32_t)(((uint64_t)tag << g->q) | (uint64_t)(e + 1));
}

/* A zeroed table of 2^q slots. Past 4 MB it is asked for in transparent huge pages where the
 * system has them: a query's ~66 probes land on random pages, and with 4 KB pages each of them
 * is also a TLB miss once the tables outgrow the TLB's reach. */
#define HUGE_BYTES ((size_t)2 << 20)
static uint32_t *table_alloc(unsigned q) {
  size_t bytes = ((size_t)1 << q) * sizeof(uint32_t);
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (bytes >= 2 * HUGE_BYTES) {
    void *p = NULL;
    if (posix_memalign(&p, HUGE_BYTES, bytes) != 0) return NULL;
    (void)madvise(p, bytes, MADV_HUGEPAGE); /* advice only: 4 KB pages serve as well */
    memset(p, 0, bytes);
    return (uint32_t *)p;
  }
#endif
  return (uint32_t *)calloc((size_t)1 << q, sizeof(uint32_t));
}

/* Makes the tables fit n entries (at most 80% full, indexes below 2^q) by building larger
 * ones, in the layout that suits their size, from the entries in order (the slots a run of adds
 * would give). The old tables stay until the new are complete: on failure nothing changed. */
static int fit_tables(zt_simhash_index *ix, size_t n) {
  uint32_t *nt[64];
  unsigned q = ix->tab[0] ? ix->q : MIN_QBITS;
  int b, nb, old_nb = ix->nb, old_flip = ix->flip;
  tabgeo g;
  size_t e;
  if (ix->tab[0] && n <= (((size_t)1 << q) / 5) * 4) return ZT_OK;
  while (n > (((size_t)1 << q) / 5) * 4) q++;
  if (q > 32 || ((size_t)1 << q) > ((size_t)-1) / sizeof(uint32_t)) return ZT_ENOMEM;
  set_layout(ix, flip_layout(ix->k, q));
  nb = ix->nb;
  for (b = 0; b < nb; b++) {
    nt[b] = table_alloc(q);
    if (!nt[b]) {
      while (b-- > 0) free(nt[b]);
      set_layout(ix, old_flip);
      return ZT_ENOMEM;
    }
  }
  g = geo(q);
  for (b = 0; b < nb; b++)
    for (e = 0; e < ix->n; e++) table_put(ix, b, nt[b], &g, e);
  for (b = 0; b < old_nb; b++) free(ix->tab[b]);
  for (b = 0; b < nb; b++) ix->tab[b] = nt[b];
  for (b = nb; b < old_nb; b++) ix->tab[b] = NULL;
  ix->q = q;
  return ZT_OK;
}

/* Makes room for entry ix->n with the given id: its chunk exists and can hold the id. */
static int entry_room(zt_simhash_index *ix, int64_t id, int32_t *delta) {
  size_t ci = ix->n >> CHUNK_BITS, i = ix->n & (CHUNK_N - 1), j;
  chunk *c;
  uint64_t diff;
  if (ci >= ix->nchunks) {
    if (ix->nchunks == ix->chunk_cap) {
      size_t ncap = ix->chunk_cap ? ix->chunk_cap * 2 : 8;
      chunk **nc = (chunk **)realloc(ix->chunks, ncap * sizeof *nc);
      if (!nc) return ZT_ENOMEM;
      ix->chunks = nc;
      ix->chunk_cap = ncap;
    }
    c = (chunk *)malloc(sizeof *c);
    if (!c) return ZT_ENOMEM;
    c->base = id;
    c->wide = NULL;
    ix->chunks[ix->nchunks++] = c;
  }
  c = ix->chunks[ci];
  *delta = 0;
  if (c->wide) return ZT_OK;
  diff = id >= c->base ? (uint64_t)id - (uint64_t)c->base : (uint64_t)c->base - (uint64_t)id;
  if (diff <= (uint64_t)INT32_MAX) {
    *delta = id >= c->base ? (int32_t)diff : -(int32_t)diff;
    return ZT_OK;
  }
  c->wide = (int64_t *)malloc(CHUNK_N * sizeof(int64_t));
  if (!c->wide) return ZT_ENOMEM;
  for (j = 0; j < i; j++) c->wide[j] = c->base + c->delta[j];
  ix->nwide++;
  return ZT_OK;
}

int zt_simhash_index_add(zt_simhash_index *ix, uint64_t fp, int64_t id) {
  size_t e = ix->n;
  int32_t delta;
  chunk *c;
  int b;
  if ((uint64_t)e >= (UINT64_C(1) << 32) / 5 * 4 - 1) return ZT_ENOMEM;
  if (fit_tables(ix, e + 1) != ZT_OK || entry_room(ix, id, &delta) != ZT_OK) return ZT_ENOMEM;
  c = ix->chunks[e >> CHUNK_BITS];
  c->fp[e & (CHUNK_N - 1)] = fp;
  c->delta[e & (CHUNK_N - 1)] = delta;
  if (c->wide) c->wide[e & (CHUNK_N - 1)] = id;
  {
    tabgeo g = geo(ix->q);
    for (b = 0; b < ix->nb; b++) table_put(ix, b, ix->tab[b], &g, e);
  }
  ix->n++;
  return ZT_OK;
}

/* The probes of a query for distance k: each band's exact value, then (in the first
 * k + 1 - nb bands, when the index flips) the values one bit away. */
typedef struct probes {
  int n, exact;          /* exact: how many of them are exact band values (they come first) */
  unsigned char band[MAX_PROBES];
  uint64_t h[MAX_PROBES];
} probes;

static void make_probes(const zt_simhash_index *ix, uint64_t fp, int k, probes *pr) {
  int b, i, nflip = ix->flip ? k + 1 - ix->nb : 0;
  pr->n = 0;
  for (b = 0; b < ix->nb; b++) {
    pr->band[pr->n] = (unsigned char)b;
    pr->h[pr->n++] = key_hash(band_key(ix, fp, b));
  }
  pr->exact = pr->n;
  for (b = 0; b < nflip; b++) {
    uint64_t key = band_key(ix, fp, b);
    for (i = 0; i < ix->width[b]; i++) {
      pr->band[pr->n] = (unsigned char)b;
      pr->h[pr->n++] = key_hash(key ^ (UINT64_C(1) << i));
    }
  }
}

static int popcount64(uint64_t x) {
#if defined(__GNUC__) || defined(__clang__)
  return __builtin_popcountll(x);
#else
  return zt_hamming(x, 0);
#endif
}

int zt_simhash_index_query(const zt_simhash_index *ix, uint64_t fp, int k, int64_t *id, int *dist) {
  size_t best = (size_t)-1, pos[MAX_PROBES];
  uint32_t first[MAX_PROBES];
  int bestd = 65, p;
  probes pr;
  tabgeo g;
  if (k > ix->k) k = ix->k;
  if (k < 0 || ix->n == 0) return 0;
  g = geo(ix->q);
  make_probes(ix, fp, k, &pr);
  /* The probes are independent cache misses: load every first slot before looking at any, so
   * they are in flight together instead of one after another. */
  for (p = 0; p < pr.n; p++) {
    pos[p] = home(&g, pr.h[p]);
    first[p] = ix->tab[pr.band[p]][pos[p]];
  }
  for (p = 0; p < pr.n; p++) {
    const uint32_t *tab = ix->tab[pr.band[p]];
    uint32_t tag, s = first[p];
    size_t at = pos[p];
    if (s == 0) continue;
    /* flipped values only find entries at distance >= 1 */
    if (p >= pr.exact && bestd == 0) break;
    tag = tag_of(&g, pr.h[p]);
    do {
      if (slot_tag(&g, s) == tag) {
        size_t e = (size_t)(s & g.emask) - 1;
        int d = popcount64(fp ^ entry_fp(ix, e));
        if (d <= k && (d < bestd || (d == bestd && e < best))) {
          bestd = d;
          best = e;
        }
      }
      at = (at + 1) & g.mask;
    } while ((s = tab[at]) != 0);
  }
  if (bestd > 64) return 0;
  *id = entry_id(ix, best);
  *dist = bestd;
  return 1;
}
