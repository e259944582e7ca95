/* zt_simhash: 64-bit similarity fingerprints and a banded index for near-duplicate lookup.
 *
 * A simhash sums, for each of 64 bit positions, +w or -w over the features of a document (w the
 * feature's weight, the sign the feature hash's bit); the fingerprint's bit is set where the sum
 * is positive. Documents that share most of their weighted features get fingerprints a small
 * Hamming distance apart.
 *
 * The index answers "is there a fingerprint within distance k of this one?" without comparing
 * all pairs: the 64 bits are split into k+1 bands, and by the pigeonhole principle two
 * fingerprints at distance <= k agree exactly on at least one band. Each band has a hash table
 * from band value to a chain of entries; a query only compares against the chains of its own
 * band values. Insertion is O(k); a query compares at most ZT_SIMHASH_SCAN_CAP entries per band
 * (the most recently added of its bucket), so it stays O(k * cap) even when many fingerprints
 * share a band value (templated pages, or input built to collide). Memory is about 24 + 4*(k+1)
 * bytes per entry plus the tables (none while the index is empty).
 *
 * What the cap costs: a bucket holds more than ZT_SIMHASH_SCAN_CAP entries only when that many
 * fingerprints agree on all 64/(k+1) bits of one band. A match within distance k is then missed
 * only when it agrees with the query on that crowded band alone (a match at distance d < k agrees
 * on at least k+1-d bands) and more than ZT_SIMHASH_SCAN_CAP newer entries of that bucket came
 * after it; among equally close matches the earliest of those compared is returned.
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

/* Entries compared per band bucket by a query (see above). */
#define ZT_SIMHASH_SCAN_CAP 256

/* Bytes of memory the index holds (for reporting to a garbage collector). */
size_t zt_simhash_index_bytes(const zt_simhash_index *ix);

/* Number of fingerprints added. */
size_t zt_simhash_index_size(const zt_simhash_index *ix);
/* The k the index was built for. */
int zt_simhash_index_k(const zt_simhash_index *ix);

/* Adds fp with the caller's id. ZT_OK or ZT_ENOMEM (the index is then unchanged). */
int zt_simhash_index_add(zt_simhash_index *ix, uint64_t fp, int64_t id);

/* Looks for the closest fingerprint within distance k (k <= the index's k; larger is clamped).
 * Returns 1 and sets *id and *dist (ties: the earliest added among those compared; see the cap
 * above) or 0 when there is none. */
int zt_simhash_index_query(const zt_simhash_index *ix, uint64_t fp, int k, int64_t *id, int *dist);

#endif
