/* zt_dict: jieba's dictionary, HMM tables and idf compiled into one binary image.
 *
 * The image is a single file: a versioned, checksummed header followed by flat arrays (a hashed
 * trie over code points, per-node frequency / log-frequency / POS tag / idf, the finalseg HMM,
 * the posseg HMM). It is loaded with mmap and used in place: no per-word allocation, and the
 * pages are shared between every segmenter and every process that maps the same file.
 *
 * Trie: node 0 is the root; every other node is one 8-byte entry in the table of its parent's
 * children, and its id is that entry's index + 1. An entry packs the code point, the node's
 * frequency index, and where its own children's table is (so a walk needs one memory access
 * per character): a sorted list for up to 4 children, else an open-addressing table of
 * 2^k > 1.5n slots. Tables are laid out by decreasing subtree frequency, so frequent words
 * share cache lines. The root's children are a sorted list (and, for cp < ZT_DICT_ROOT_DIRECT,
 * a direct array of ids). A node is "in FREQ" (in jieba's sense: a word or a prefix of a
 * word) when it exists; it is a word when freq > 0.
 */
#ifndef ZT_DICT_H
#define ZT_DICT_H

#include <stddef.h>
#include <stdint.h>

#define ZT_DICT_VERSION 5
#define ZT_DICT_ROOT_DIRECT 0xA000u
#define ZT_HAN_FIRST 0x4E00
#define ZT_HAN_LAST 0x9FD5 /* jieba's re_han range */
#define ZT_HAN_COUNT (ZT_HAN_LAST - ZT_HAN_FIRST + 1)
#define ZT_DICT_TAGLEN 16 /* bytes per tag name, NUL included */
#define ZT_DICT_NOTAG 0xFFu
#define ZT_MIN_FLOAT (-3.14e100)

enum {
  ZT_SEC_RESERVED, ZT_SEC_ROOT, ZT_SEC_KIDS, ZT_SEC_FREQ, ZT_SEC_TAG, ZT_SEC_IDF, ZT_SEC_TAGS,
  ZT_SEC_HMM, ZT_SEC_PSTATE, ZT_SEC_PSTART, ZT_SEC_PTRANS, ZT_SEC_PNEXT, ZT_SEC_PCS_IDX,
  ZT_SEC_PCS, ZT_SEC_PEMIT_IDX, ZT_SEC_PEMIT_ST, ZT_SEC_PEMIT_P, ZT_SEC_FVALS, ZT_SEC_COUNT
};

typedef struct zt_dict_header {
  char magic[8];          /* "ZTJIEBA\0" */
  uint32_t version;       /* ZT_DICT_VERSION */
  uint32_t endian;        /* 0x01020304 in the writer's byte order */
  uint64_t size;          /* whole file, bytes */
  uint64_t checksum;      /* of bytes [sizeof header, size) */
  uint64_t hdr_checksum;  /* of the header with this field zero */
  uint64_t total;         /* sum of all word frequencies (jieba's `total`) */
  double median_idf;
  uint32_t n_nodes, n_kids; /* node ids (n_kids + 1); table entries */
  uint32_t n_words, n_tags;
  uint32_t n_pstates, n_pcs, n_pemit, root_kids; /* children of the root */
  uint32_t n_fvals, reserved;
  uint64_t off[ZT_SEC_COUNT];
} zt_dict_header;

/* One posseg HMM state: B/M/E/S and a POS tag (index into the tag table). */
typedef struct zt_pstate {
  uint8_t bmes;      /* 'B', 'M', 'E' or 'S' */
  uint8_t tag;
  uint8_t has_trans; /* trans_p[state] is not empty */
  uint8_t pad;
} zt_pstate;

/* An entry: cp (21 bits) | fidx << 21 (15 bits) | hashed << 36 | n << 37 (5 bits: list length,
 * or log2 of the table size) | table offset << 42 (22 bits). */
typedef uint64_t zt_dent;
#define ZT_ENT_CP(e) ((uint32_t)((e) & 0x1FFFFFu))
#define ZT_ENT_FIDX(e) ((unsigned)(((e) >> 21) & 0x7FFFu))
#define ZT_ENT_HASHED(e) ((unsigned)(((e) >> 36) & 1u))
#define ZT_ENT_N(e) ((uint32_t)(((e) >> 37) & 0x1Fu))
#define ZT_ENT_OFF(e) ((uint32_t)((e) >> 42))
#define ZT_ENT_EMPTY 0x1FFFFFu /* cp of a free slot (not a code point) */
#define ZT_ENT_MAX_OFF (1u << 22)

typedef struct zt_dict {
  const zt_dict_header *h;
  const zt_dent *kids;
  const uint32_t *root; /* [ZT_DICT_ROOT_DIRECT]: node id of the first character, 0 if none */
  const double *fvals;   /* log of each distinct frequency; fvals[0] = -1 */
  const uint32_t *freq;
  const uint8_t *tag;   /* ZT_DICT_NOTAG when the word has no tag */
  const double *idf;    /* NaN when absent */
  const char *tags;     /* n_tags * ZT_DICT_TAGLEN */
  const double *hmm;    /* start[4], trans[4][4], emit[ZT_HAN_COUNT][4]; states B,E,M,S */
  const zt_pstate *pstate;
  const double *pstart, *ptrans; /* [S], [S*S] (-inf when absent) */
  const uint64_t *pnext;         /* [S][4] bitmap of states reachable from a state */
  const uint32_t *pcs_idx;       /* [ZT_HAN_COUNT+1] into pcs */
  const uint8_t *pcs;
  const uint32_t *pemit_idx;     /* [ZT_HAN_COUNT+1] into pemit_st/pemit_p */
  const uint8_t *pemit_st;
  const double *pemit_p;
  /* ownership */
  void *map;     /* mmap'ed region, or NULL */
  size_t map_len;
  void *mem;     /* malloc'ed image, or NULL */
  int tag_x, tag_m, tag_eng; /* indexes of 'x', 'm', 'eng' */
} zt_dict;

#define ZT_NODE_FMASK 0x7FFFu

/* log(freq) of a node, -1 when it is not a word. */
static inline double zt_dict_logf(const zt_dict *d, uint32_t node) {
  return node && node <= d->h->n_kids ? d->fvals[ZT_ENT_FIDX(d->kids[node - 1])] : -1.0;
}

/* HMM state indexes inside d->hmm (alphabetical, as Python compares them). */
enum { ZT_B = 0, ZT_E = 1, ZT_M = 2, ZT_S = 3 };

/* Builds an image from a jieba data directory (dict.txt, finalseg/, posseg/, analyse/idf.txt).
 * words_path: a jieba-format dictionary to use instead of <dir>/dict.txt (NULL: the default).
 * On failure, err gets a message naming the file (and line). */
int zt_dict_build(const char *jieba_dir, const char *words_path, zt_dict **out, char *err,
                  size_t errlen);
/* Builds an image from a jieba-format word list, taking HMM tables and idf from base. */
int zt_dict_build_from(const zt_dict *base, const char *words_path, zt_dict **out, char *err,
                       size_t errlen);
/* Writes the image to path without ever exposing a partial file: a temporary file in the same
 * directory, fsync'ed, mapped back and fully verified (zt_dict_verify), then renamed over path.
 * Processes that have the old file mapped keep it. */
int zt_dict_save(const zt_dict *d, const char *path, char *err, size_t errlen);
/* Maps a compiled file; checks magic, version, header checksum, that the file size is the one
 * the header records, and every section's bounds (not the body checksum: zt_dict_verify).
 * Errors name the file. The file must be replaced by rename, never overwritten in place. */
int zt_dict_open(const char *path, zt_dict **out, char *err, size_t errlen);
/* The image's checksum (header and body fields): a word-at-a-time 64-bit hash, tail padded with
 * zeros. Exported for tools and the fuzzer, which forge headers. */
uint64_t zt_dict_checksum(const unsigned char *p, size_t n);
/* Verifies the checksum of the whole image (reads every page). */
int zt_dict_verify(const zt_dict *d);
void zt_dict_free(zt_dict *d);

/* The node id of the child for cp in the table at off (hashed: 2^n slots; else n sorted
 * entries), or 0. */
static inline uint32_t zt_dict_find_in(const zt_dict *d, uint32_t off, uint32_t n, unsigned hashed, uint32_t cp) {
  const zt_dent *k;
  uint32_t size = hashed ? (n < 31 ? 1u << n : 0) : n, lo, hi;
  if (!size || off > d->h->n_kids || size > d->h->n_kids - off) return 0;
  k = d->kids + off;
  if (hashed) {
    uint32_t mask = size - 1, h = (cp * 0x9E3779B1u) & mask, probe;
    for (probe = 0; probe < size; probe++) {
      uint32_t c = ZT_ENT_CP(k[h]);
      if (c == cp) return off + h + 1;
      if (c == ZT_ENT_EMPTY) return 0;
      h = (h + 1) & mask;
    }
    return 0;
  }
  if (size <= 8) {
    uint32_t i;
    for (i = 0; i < size && ZT_ENT_CP(k[i]) <= cp; i++)
      if (ZT_ENT_CP(k[i]) == cp) return off + i + 1;
    return 0;
  }
  lo = 0;
  hi = size;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (ZT_ENT_CP(k[mid]) < cp) lo = mid + 1; else hi = mid;
  }
  return lo < size && ZT_ENT_CP(k[lo]) == cp ? off + lo + 1 : 0;
}

/* The node of the first character cp of a word, or 0. */
static inline uint32_t zt_dict_first(const zt_dict *d, uint32_t cp) {
  if (cp < ZT_DICT_ROOT_DIRECT) {
    uint32_t c = d->root[cp];
    return c <= d->h->n_kids ? c : 0;
  }
  return zt_dict_find_in(d, 0, d->h->root_kids, 0, cp);
}

/* The node that follows entry e with cp, or 0. */
static inline uint32_t zt_dict_next(const zt_dict *d, zt_dent e, uint32_t cp) {
  return zt_dict_find_in(d, ZT_ENT_OFF(e), ZT_ENT_N(e), ZT_ENT_HASHED(e), cp);
}

/* Child of node for code point cp, or 0. */
static inline uint32_t zt_dict_child(const zt_dict *d, uint32_t node, uint32_t cp) {
  if (node == 0) return zt_dict_first(d, cp);
  if (node > d->h->n_kids) return 0;
  return zt_dict_next(d, d->kids[node - 1], cp);
}

/* Hints the CPU to fetch the children's table of node (no effect otherwise). */
static inline void zt_dict_prefetch(const zt_dict *d, uint32_t node) {
#if defined(__GNUC__)
  if (node && node <= d->h->n_kids) {
    uint32_t off = ZT_ENT_OFF(d->kids[node - 1]);
    if (off < d->h->n_kids) __builtin_prefetch(&d->kids[off]);
  }
#else
  (void)d; (void)node;
#endif
}

/* Node of the word s[0..n) (valid UTF-8), or 0 when it is not in the trie. */
uint32_t zt_dict_find(const zt_dict *d, const char *s, size_t n);
const char *zt_dict_tag_name(const zt_dict *d, unsigned tag);
int zt_dict_tag_index(const zt_dict *d, const char *name); /* -1 when absent */

#endif
