/* zt_lac internals shared by zt_lac.c (text), zt_lac_model.c (files) and zt_lac_nn.c (network). */
#ifndef ZT_LAC_IMPL_H
#define ZT_LAC_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "zt_lac.h"

#define ZT_LAC_D 128      /* embedding and hidden size */
#define ZT_LAC_G (3 * ZT_LAC_D)
#define ZT_LAC_EPAD 64    /* emission columns padded from 57 to 64 */

/* Flags of the character table (bits 16.. of an entry; bits 0..15 are the model id). */
#define ZT_LAC_F_TRAD1 0x10000u /* untrained row whose OpenCC t2s form is trained: traditional */
#define ZT_LAC_F_TRAD2 0x20000u /* trained row whose t2s form is another trained row (華 → 华) */

struct zt_lac {
  int32_t vocab;          /* embedding rows */
  int32_t oov;            /* id for unknown characters */
  float *emb;             /* [vocab, D], inside the file block */
  /* Per layer L: input projection of both directions, [Din, 2G] (cols 0..G-1 forward, G.. reverse),
   * the fc bias and the GRU input bias, [2G] each. Din = D (L = 0) or 2D (L = 1). */
  float *w_in[2], *b_fc[2], *b_gru[2];
  /* Per GRU k = 2L + dir: gate weights [D, 2D] and candidate weights [D, D]. */
  float *wg[4], *wc[4];
  float *w_out;           /* [2D, EPAD], zero padded */
  float *b_out;           /* [EPAD] */
  float *crf_start, *crf_end; /* [EPAD], -inf padded */
  float *crf_trans;       /* [EPAD (from), EPAD (to)], -inf padded */
  uint32_t *bmp;          /* [65536] id | flags for U+0000..U+FFFF */
  uint32_t *astral;       /* [nastral][2] sorted (cp, id | flags) */
  size_t nastral;
  uint32_t *t2s;          /* [nt2s][2] sorted (cp, simplified cp): single-char OpenCC t2s */
  size_t nt2s;
  int kernel;
  size_t chunk;
  void *opencc;           /* OpenCC t2s handle, opened on the first traditional chunk */
  int opencc_state;       /* 0 not tried, 1 open, -1 failed */
  void *mem;              /* one aligned block holding every array above but emb */
  void *file;             /* the model file as read (emb points into it) */
};

/* Character table lookup: id | flags for code point cp (cp < 0: an ill-formed byte sequence). */
uint32_t zt_lac_char_entry(const zt_lac *m, int32_t cp);
/* Single-character t2s (cp itself when there is none). */
int32_t zt_lac_t2s_char(const zt_lac *m, int32_t cp);

#endif
