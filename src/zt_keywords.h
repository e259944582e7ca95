/* zt_keywords: TF-IDF weighting of segmented words (jieba.analyse.extract_tags' arithmetic). */
#ifndef ZT_KEYWORDS_H
#define ZT_KEYWORDS_H

#include <stddef.h>

#include "zt_seg.h"

typedef struct zt_kw {
  const char *s;    /* points into the caller's words */
  size_t n;
  double weight;    /* tf * idf: count * (idf / total) */
  size_t first;     /* index of the first occurrence, for jieba's tie order */
  uint32_t node;    /* the word's trie node when known (its idf is read there), else 0 */
} zt_kw;

/* Python's len(w.strip()) >= 2 on UTF-8 (ill-formed words: at least two bytes). */
int zt_kw_long_enough(const char *w, size_t n);

/* Counts the n words (already filtered), weights each distinct word by its count times
 * idf / n, sorts them best first (ties: first occurrence first) into kw, and returns how many
 * there are. The caller provides kw (n entries) and slots (cap entries, cap a power of two of
 * at least 2n: zt_tfidf_slots(n)), so nothing is allocated here. */
size_t zt_tfidf_slots(size_t n);
size_t zt_tfidf(const zt_seg *sg, const char *const *words, const size_t *lens, size_t n,
                zt_kw *kw, size_t *slots, size_t cap);
/* The same, keeping only the best top words (kw[0..min(top, k)), in the same order): selected
 * through a heap, not a sort of every distinct word. Returns min(top, k); kw[top..) is scratch. */
size_t zt_tfidf_top(const zt_seg *sg, const char *const *words, const size_t *lens, size_t n,
                    zt_kw *kw, size_t *slots, size_t cap, size_t top);
/* The two halves of zt_tfidf_top, for callers that count words as they come: the index in kw of
 * word w (added with weight 0 and first = its index when new; *k distinct words so far; slots
 * zeroed before the first call), then the counts in kw[i].weight of n words in all turned into
 * weights and ranked (returns min(top, k), as zt_tfidf_top). */
size_t zt_tfidf_entry(zt_kw *kw, size_t *k, size_t *slots, size_t cap, const char *w, size_t n);
size_t zt_tfidf_rank(const zt_seg *sg, zt_kw *kw, size_t k, size_t n, size_t top);

#endif
