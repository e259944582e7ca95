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

#endif
