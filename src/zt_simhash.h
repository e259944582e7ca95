/* zt_simhash: 64-bit similarity fingerprints and a banded index for near-duplicate lookup.
 *
 * A simhash sums, for each of 64 bit positions, +w or -w over the features of a document (w the
 * feature's weight, the sign the feature hash's bit); the fingerprint's bit is set where the sum
 * is positive. Documents that share most of their weighted features get fingerprints a small
 * Hamming distance apart.
 *
 * The index answers "is there a fingerprint within distance k of this one?" without comparing
 * all pairs. Two layouts of bands, picked by size (the tables are rebuilt as they grow):
 * - pigeonhole: k + 1 bands of 64/(k+1) bits; two fingerprints within k agree exactly on one,
 *   so a query probes each band's value. A probe meets N / 2^(64/(k+1)) other entries: cheap
 *   while N is small, linear growth beyond. Used for every k up to ~200k fingerprints, and always
 *   for k = 0, 1 (1 or 2 bands of 64 or 32 bits) and k >= 4.
 * - flip (multi-index hashing, k = 2, 3 past ~200k fingerprints): two 32-bit bands; two
 *   fingerprints within d agree on a band or are one bit apart on it, so a query for d probes
 *   both bands' values and, in d - 1 of them, the 32 values one bit away: at most 66 probes,
 *   each meeting about N / 2^32 other entries, so a check costs the same at 10M as at 1M.
 * Entries are stored once (12 bytes: the fingerprint and the id as a 32-bit offset from its
 * chunk's first id; 20 when the ids of 1,024 consecutive entries span more than 2^31); each band
 * has an open-addressing table of 4-byte slots, 40-80% full. Memory for k = 2, 3 past ~200k: 22-32
 * bytes per fingerprint; k = 0: 17-22; k + 1 bands: 12 + 5-10 per band. Nothing while empty.
 *
 * What the cap costs: a band value held by more than ZT_SIMHASH_KEY_CAP entries (that many
 * fingerprints equal on all the bits of one band) keeps only the newest ZT_SIMHASH_KEY_CAP of
 * them in that band's table, so probes stay bounded on templated or hostile input. An older one
 * is still found through its other bands, unless the query reaches it only through the crowded
 * value (in the flip layout: equal on that band and two or more bits away on the other); among
 * equally close matches the earliest added of those found is returned. Below the cap, the answer
 * is exactly the brute-force one (the closest, the earliest added among equals).
 */
#ifndef ZT_SIMHASH_H
#define ZT_SIMHASH_H

#include <stddef.h>
#include <stdint.h>

/* ---- feature hashing and fingerprints ---- */

/* A well-mixed 64-bit hash of s[0..n) (FNV-1a followed by a murmur3 finalizer). Stable across
 * runs and machines: usable for exact-duplicate detection. */
uint64_t zt_hash64(const void *s, size_t n);

/* Accumulates weighted features; zero-initialise it (or call zt_simhash_init) before use. */
typedef struct zt_simhash_acc {
  double v[64];
  size_t n;  /* features added */
} zt_simhash_acc;

void zt_simhash_init(zt_simhash_acc *a);
/* Adds a feature by its hash with weight w (any finite value; non-finite weights are ignored). */
void zt_simhash_add_hash(zt_simhash_acc *a, uint64_t h, double w);
/* Adds the feature s[0..n) with weight w. */
void zt_simhash_add(zt_simhash_acc *a, const char *s, size_t n, double w);
/* The fingerprint: bit i set where the sum for bit i is positive. 0 when nothing was added. */
uint64_t zt_simhash_final(const zt_simhash_acc *a);

/* The simhash of UTF-8 text over overlapping character n-grams (1 <= ngram <= 8; out of range
 * values are clamped), each of weight 1. Whitespace and punctuation are skipped (they neither
 * form features nor break n-grams); ill-formed bytes count as one character each. Linear time. */
uint64_t zt_simhash_text(const char *s, size_t n, int ngram);
/* zt_simhash_text(s, n, ngram), and zt_hash64(s, n) into *h64, in one pass over s. */
uint64_t zt_simhash_text_hash64(const char *s, size_t n, int ngram, uint64_t *h64);

/* 1 when s[0..n) has a character that forms features (not only whitespace and punctuation). */
int zt_simhash_has_content(const char *s, size_t n);

/* Number of differing bits. */
int zt_hamming(uint64_t a, uint64_t b);

/* ---- the near-duplicate index ---- */

typedef struct zt_simhash_index zt_simhash_index;

/* A new empty index answering queries up to distance k (0 <= k <= 63). *err is set to a status
 * code from zt_error.h (ZT_EINVAL, ZT_ENOMEM) when NULL is returned. */
zt_simhash_index *zt_simhash_index_new(int k, int *err);
void zt_simhash_index_free(zt_simhash_index *ix);

/* Entries kept per band value in a band's table (see above). */
#define ZT_SIMHASH_KEY_CAP 256

/* Bytes of memory the index holds (for reporting to a garbage collector). */
size_t zt_simhash_index_bytes(const zt_simhash_index *ix);

/* Number of fingerprints added. */
size_t zt_simhash_index_size(const zt_simhash_index *ix);
/* The k the index was built for. */
int zt_simhash_index_k(const zt_simhash_index *ix);

/* Adds fp with the caller's id. ZT_OK or ZT_ENOMEM (the index is then unchanged). */
int zt_simhash_index_add(zt_simhash_index *ix, uint64_t fp, int64_t id);

/* Looks for the closest fingerprint within distance k (k <= the index's k; larger is clamped).
 * Returns 1 and sets *id and *dist (ties: the earliest added; see the cap above) or 0 when there
 * is none. */
int zt_simhash_index_query(const zt_simhash_index *ix, uint64_t fp, int k, int64_t *id, int *dist);

#endif
