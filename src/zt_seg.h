/* zt_seg: jieba-compatible word segmentation over a zt_dict (no Lua).
 *
 * Same answers as jieba 0.42: the DAG of dictionary words, the max-probability route of
 * jieba's `calc` (ties to the longer word), finalseg's Viterbi for runs of single characters
 * not in the dictionary, jieba's handling of ASCII runs (re_han / re_skip), full and search
 * modes, and posseg (dictionary tags + the POS HMM). Tokens are byte spans of the input.
 *
 * A segmenter holds its user words (an overlay over the shared, read-only dictionary) and
 * reusable scratch buffers; it is not safe to use one segmenter from two threads at once.
 */
#ifndef ZT_SEG_H
#define ZT_SEG_H

#include <stddef.h>
#include <stdint.h>

#include "zt_dict.h"
#include "zt_error.h"

typedef struct zt_tok {
  size_t start, end; /* byte offsets, [start, end) */
  int tag;           /* POS tag (zt_seg_tag_name), -1 when not tagged */
  uint32_t node;     /* the word's trie node when the segmenter walked to it (zt_dict_find of the
                      * word's bytes: the same word, the same node), 0 when not known */
} zt_tok;

typedef struct zt_toks {
  zt_tok *v;
  size_t n, cap;
  int oom;
} zt_toks;

enum { ZT_MODE_PRECISE = 0, ZT_MODE_FULL = 1, ZT_MODE_SEARCH = 2 };

#define ZT_SEG_HMM 1       /* HMM for unknown words (jieba's default) */
#define ZT_SEG_NORMALIZE 2 /* full-width letters/digits (and ．％) looked up as half-width */
#define ZT_SEG_ASCII_MERGE 4 /* ASCII runs with separators (URLs, e-mails, dates...) as one token */

typedef struct zt_seg zt_seg;

/* dict is borrowed: it must outlive the segmenter. */
int zt_seg_new(const zt_dict *dict, zt_seg **out);
void zt_seg_free(zt_seg *sg);
const zt_dict *zt_seg_dict(const zt_seg *sg);

/* Appends the tokens of s[0..n) to out. Never fails on bad input (invalid UTF-8 bytes become
 * tokens of their own); returns ZT_ENOMEM when memory runs out. */
int zt_seg_cut(zt_seg *sg, const char *s, size_t n, int mode, int flags, zt_toks *out);
/* jieba.posseg: tokens with tags. */
int zt_seg_pos(zt_seg *sg, const char *s, size_t n, int flags, zt_toks *out);
const char *zt_seg_tag_name(const zt_seg *sg, int tag);

/* A prefix of s[0..n) that ends where segmentation may safely restart (between two blocks),
 * at or after `want` bytes when possible; n when the whole input is needed. */
size_t zt_seg_safe_split(const char *s, size_t n, size_t want);

/* Bounds on user-word frequencies. One word: 2^40 (about 10^12, some 18,000 times the total of
 * jieba's whole dictionary, so any word can still be forced whole). The total of all
 * frequencies (jieba's `total`, which every add_word grows): 2^53, so it never overflows and
 * stays exact in the doubles the route is computed with (log(total), suggest_freq's products).
 * A frequency or a total past its bound is refused with ZT_ERANGE_FREQ; nothing is changed. */
#define ZT_SEG_MAX_FREQ (1LL << 40)
#define ZT_SEG_MAX_TOTAL (1LL << 53)
#define ZT_ERANGE_FREQ ZT_EINVAL

/* User words (jieba's add_word / del_word / load_userdict / suggest_freq). freq < 0 means
 * "suggest a frequency that makes the word cut out". tag may be NULL. word must be 1..255
 * bytes of valid UTF-8 (ZT_EUTF8 / ZT_EINVAL otherwise). A word re-added adds its frequency to
 * the total again, as in jieba. */
int zt_seg_add_word(zt_seg *sg, const char *w, size_t n, long long freq, const char *tag);
int zt_seg_del_word(zt_seg *sg, const char *w, size_t n);
/* Loads a jieba user dictionary ("word [freq] [tag]" lines). Every line is checked first and
 * the file is applied whole or not at all: on error (err names file:line, or the file when it
 * cannot be read or is a directory) the segmenter is as it was. */
int zt_seg_load_userdict(zt_seg *sg, const char *path, char *err, size_t errlen);
/* jieba's suggest_freq: segs = the pieces the word should be cut into (nseg == 1: keep it
 * whole), each 1..255 bytes of valid UTF-8, 255 bytes in all. With tune, the frequency is
 * applied with add_word. Returns the frequency (at most ZT_SEG_MAX_FREQ), or minus an error
 * code (ZT_EINVAL, ZT_EUTF8, ZT_ENOMEM, ZT_ERANGE_FREQ when tune would pass the total's bound). */
long long zt_seg_suggest_freq(zt_seg *sg, const char *const *segs, const size_t *lens, size_t nseg, int tune);

/* FREQ.get(word): the frequency (0 for a prefix only); *present says whether it is in FREQ. */
long long zt_seg_freq(const zt_seg *sg, const char *w, size_t n, int *present);
/* idf of a word, or the median idf when the word has none. *found tells which. */
double zt_seg_idf(const zt_seg *sg, const char *w, size_t n, int *found);
/* The same for the word whose trie node is node (a zt_tok's node). */
double zt_seg_idf_node(const zt_seg *sg, uint32_t node, int *found);
long long zt_seg_total(const zt_seg *sg);

void zt_toks_free(zt_toks *t);

#endif
