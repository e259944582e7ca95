/* zt_lac: Baidu's lac_small BiGRU-CRF (as shipped in Debian's python3-jieba) in plain C.
 *
 * Accurate word segmentation, LAC part-of-speech tags and named entities (PER, LOC, ORG, TIME).
 *
 * Model file: zt_lac_convert() turns the Debian files (jieba/lac_small: word.dic and the Paddle
 * tensors in model_baseline/) into one compact little-endian file: the fp32 weights plus the
 * character → model-input table of the input normalisation (trained-row whitelist, NFKC + lower,
 * punctuation table, OpenCC t2s for untrained rows), so run time needs neither Python nor Paddle.
 *
 * Network: embedding → 2 × (forward GRU ‖ reverse GRU, with fc input projections) → fc → CRF
 * Viterbi. Several sequences are run through each GRU step at once; the kernels use GCC vector
 * extensions compiled twice (portable SSE2 and AVX2, picked at run time with
 * __builtin_cpu_supports). Both paths execute the same float operations in the same order (no
 * FMA contraction: the core is compiled with -std=c99, so -ffp-contract=off), so they give
 * bit-identical results.
 */
#ifndef ZT_LAC_H
#define ZT_LAC_H

#include <stddef.h>
#include <stdint.h>

typedef struct zt_lac zt_lac;

/* Tag classes: tag id t < 56 is class t/2 (even = begin of a word, odd = inside); 56 is O. */
enum {
  ZT_LAC_NTAGS = 57,
  ZT_LAC_NCLASSES = 29,
  ZT_LAC_CLASS_NS = 9,  /* place name (POS tag) */
  ZT_LAC_CLASS_NT = 10, /* organisation name (POS tag) */
  ZT_LAC_CLASS_PER = 24,
  ZT_LAC_CLASS_LOC = 25,
  ZT_LAC_CLASS_ORG = 26,
  ZT_LAC_CLASS_TIME = 27,
  ZT_LAC_CLASS_O = 28
};

/* Kernels. AUTO picks the fastest one the CPU supports. */
enum { ZT_LAC_KERNEL_AUTO, ZT_LAC_KERNEL_PORTABLE, ZT_LAC_KERNEL_AVX2, ZT_LAC_KERNEL_AVX512 };

/* Default maximum chunk length in characters: longer lines are split at sentence ends. */
#define ZT_LAC_CHUNK_DEFAULT 400

/* Converts the Debian model directory (containing word.dic and model_baseline/) into the model
 * file at out_path (written to a temporary name first, then renamed). err may be NULL. */
int zt_lac_convert(const char *lac_dir, const char *out_path, char *err, size_t errcap);

/* Loads a model file. Returns ZT_OK, ZT_EIO, ZT_EFORMAT or ZT_ENOMEM. */
int zt_lac_load(const char *path, zt_lac **out, char *err, size_t errcap);
void zt_lac_free(zt_lac *m);

/* Selects a kernel; returns the one in use (AUTO = the widest the CPU supports; AVX512 falls back
 * to AVX2, AVX2 to PORTABLE on CPUs without them). */
int zt_lac_set_kernel(zt_lac *m, int kernel);
int zt_lac_get_kernel(const zt_lac *m);
const char *zt_lac_kernel_name(int kernel);

/* Maximum chunk length in characters (clamped to 16..8192); returns the value in use. */
size_t zt_lac_set_chunk(zt_lac *m, size_t max_chars);
size_t zt_lac_get_chunk(const zt_lac *m);

/* Number of rows of the embedding (valid ids are 0..n-1) and the id used for unknown chars. */
int32_t zt_lac_vocab_size(const zt_lac *m);
int32_t zt_lac_oov_id(const zt_lac *m);

/* Runs the network on nseq id sequences (ids[i][0..lens[i])) and writes the Viterbi tag ids to
 * tags[i][0..lens[i]). Ids out of range are treated as the unknown id. */
int zt_lac_tag_batch(zt_lac *m, size_t nseq, const int32_t *const *ids, const size_t *lens,
                     uint8_t *const *tags);

/* Model input of one line of text (what the tagger sees after normalisation): the ids of its
 * characters after trimming white space at both ends, as zt_lac_analyze would feed them when the
 * line is shorter than the chunk limit. *ids is malloc'd (free it). */
int zt_lac_encode(zt_lac *m, const char *s, size_t n, int32_t **ids, size_t *nids);

typedef struct zt_lac_token {
  size_t start, stop; /* byte offsets [start, stop) into the input */
  int cls;            /* tag class 0..28 */
} zt_lac_token;

/* Segments and tags s[0..n) (any bytes: invalid UTF-8 and NUL bytes become unknown characters).
 * Lines are split at \n and \r, long lines into chunks at sentence ends; white space is never
 * part of a token. *toks is malloc'd (free it); *ntok may be 0. */
int zt_lac_analyze(zt_lac *m, const char *s, size_t n, zt_lac_token **toks, size_t *ntok);

/* "n", "v", ..., "PER", "LOC", "ORG", "TIME", "O". */
const char *zt_lac_class_name(int cls);

#endif
