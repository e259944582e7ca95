/* zt_lac_nn: the lac_small forward pass (batched BiGRU) and the CRF Viterbi decoder. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "zt_error.h"
#include "zt_lac_impl.h"

/* Exactness: never fuse a*b+c into an FMA here, whatever CFLAGS say (-std=c99 already implies
 * -ffp-contract=off; this keeps it for builds with GNU modes or -ffp-contract=fast). */
#if defined(__clang__)
#pragma STDC FP_CONTRACT OFF
#elif defined(__GNUC__)
#pragma GCC optimize("fp-contract=off")
#endif

/* The kernels pass 32-byte vectors between static inline functions only: no ABI concern. */
#pragma GCC diagnostic ignored "-Wpsabi"

/* The baseline copy uses 16-byte vectors (SSE2), the AVX2 copy 32-byte ones. */
typedef float v4 __attribute__((vector_size(16)));
typedef int32_t v4i __attribute__((vector_size(16)));
typedef float v8 __attribute__((vector_size(32)));
typedef int32_t v8i __attribute__((vector_size(32)));
typedef float v16 __attribute__((vector_size(64)));
typedef int32_t v16i __attribute__((vector_size(64)));
#define VSEL(m, a, b) ((VF)(((m) & (VFI)(a)) | (~(m) & (VFI)(b))))

/* Sequences per batch, and a cap on the rows of one batch (keeps the scratch bounded). */
#define BATCH 8
#define BATCH_ROWS 8192

#define KSUF _base
#define KATTR
#define VF v4
#define VFI v4i
#define VW 4
#define KRB 4
#define VS(x) ((v4){(x), (x), (x), (x)})
#include "zt_lac_kern.h"
#undef KSUF
#undef KATTR
#undef VF
#undef VFI
#undef VW
#undef KRB
#undef VS

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__)) && !defined(ZT_LAC_NO_AVX2)
#define HAVE_AVX2_PATH 1
#define KSUF _avx2
#define KATTR __attribute__((target("avx2")))
#define VF v8
#define VFI v8i
#define VW 8
#define KRB 6
#define VS(x) ((v8){(x), (x), (x), (x), (x), (x), (x), (x)})
#include "zt_lac_kern.h"
#undef KSUF
#undef KATTR
#undef VF
#undef VFI
#undef VW
#undef KRB
#undef VS
#define KSUF _avx512
#define KATTR __attribute__((target("avx512f")))
#define VF v16
#define VFI v16i
#define VW 16
#define KRB 12
#define VS(x) ((v16){(x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x), (x)})
#include "zt_lac_kern.h"
#undef KSUF
#undef KATTR
#undef VF
#undef VFI
#undef VW
#undef KRB
#undef VS
#endif

const char *zt_lac_kernel_name(int kernel) {
  switch (kernel) {
  case ZT_LAC_KERNEL_PORTABLE: return "portable";
  case ZT_LAC_KERNEL_AVX2: return "avx2";
  case ZT_LAC_KERNEL_AVX512: return "avx512";
  default: return "auto";
  }
}

int zt_lac_set_kernel(zt_lac *m, int kernel) {
  int k = ZT_LAC_KERNEL_PORTABLE;
#ifdef HAVE_AVX2_PATH
  if (kernel != ZT_LAC_KERNEL_PORTABLE) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2")) k = ZT_LAC_KERNEL_AVX2;
    if (kernel != ZT_LAC_KERNEL_AVX2 && __builtin_cpu_supports("avx512f")) k = ZT_LAC_KERNEL_AVX512;
  }
#else
  (void)kernel;
#endif
  m->kernel = k;
  return k;
}

int zt_lac_get_kernel(const zt_lac *m) { return m->kernel; }

size_t zt_lac_get_chunk(const zt_lac *m) { return m->chunk; }

size_t zt_lac_set_chunk(zt_lac *m, size_t max_chars) {
  if (max_chars < 16) max_chars = 16;
  if (max_chars > 8192) max_chars = 8192;
  m->chunk = max_chars;
  return max_chars;
}

typedef struct {
  float *X, *P, *Y, *E, *H, *Gs, *RH, *U, *C;
  float **prow, **yrow;
  void *mem;
} work;

static int work_alloc(work *w, size_t rows) {
  const size_t D = ZT_LAC_D, G = ZT_LAC_G;
  size_t nf = rows * (2 * D + 2 * G + 2 * D + ZT_LAC_EPAD) + BATCH * (D + 2 * D + D + 2 * D + D);
  float *p;
  if (posix_memalign(&w->mem, 64, nf * sizeof(float) + 2 * BATCH * sizeof(float *))) return ZT_ENOMEM;
  p = (float *)w->mem;
  w->X = p; p += rows * 2 * D;
  w->P = p; p += rows * 2 * G;
  w->Y = p; p += rows * 2 * D;
  w->E = p; p += rows * ZT_LAC_EPAD;
  w->H = p; p += BATCH * D;
  w->Gs = p; p += BATCH * 2 * D;
  w->RH = p; p += BATCH * D;
  w->U = p; p += BATCH * 2 * D;
  w->C = p; p += BATCH * D;
  w->prow = (float **)(void *)p;
  w->yrow = w->prow + BATCH;
  return ZT_OK;
}

typedef void (*crf_fn)(const float *, const float *, const float *, float *, uint8_t *);

/* Viterbi over emissions em[T][EPAD]; ties go to the lowest previous tag, as numpy's argmax. */
static int viterbi(const zt_lac *m, crf_fn step, const float *em, size_t T, uint8_t *tags) {
  enum { E = ZT_LAC_EPAD, N = ZT_LAC_NTAGS };
  float buf[2 * E + 16] = {0}, *alpha, *next;
  uint8_t *back;
  size_t t;
  int i, best;
  if (T == 0) return ZT_OK;
  back = (uint8_t *)malloc(T * E);
  if (!back) return ZT_ENOMEM;
  /* 64-byte aligned scratch inside buf */
  alpha = (float *)(void *)(((uintptr_t)buf + 63) & ~(uintptr_t)63);
  next = alpha + E;
  for (i = 0; i < E; i++) alpha[i] = m->crf_start[i] + em[i];
  for (t = 1; t < T; t++) {
    float *sw;
    step(alpha, m->crf_trans, em + t * E, next, back + t * E);
    sw = alpha; alpha = next; next = sw;
  }
  best = 0;
  {
    float bs = alpha[0] + m->crf_end[0];
    for (i = 1; i < N; i++) {
      float s = alpha[i] + m->crf_end[i];
      if (s > bs) { bs = s; best = i; }
    }
  }
  tags[T - 1] = (uint8_t)best;
  for (t = T - 1; t > 0; t--) {
    best = back[t * E + best];
    tags[t - 1] = (uint8_t)best;
  }
  free(back);
  return ZT_OK;
}

typedef void (*gemm_fn)(const float *, size_t, size_t, size_t, const float *, size_t, float *, size_t,
                        const float *, const float *);
typedef void (*step_fn)(size_t, float *, float *const *, float *const *, const float *, const float *,
                        float *, float *, float *, float *);

/* Runs sequences sel[0..nb) (sorted by decreasing length) through the network. */
static int run_group(const zt_lac *m, work *w, size_t nb, const int32_t *const *ids, const size_t *lens,
                     const size_t *sel, uint8_t *const *tags) {
  const size_t D = ZT_LAC_D, G = ZT_LAC_G;
  size_t off[BATCH] = {0}, len[BATCH] = {0}, N = 0, Np, b, t, i, L;
  gemm_fn gemm = gemm_base;
  step_fn step = gru_step_base;
  crf_fn crf = crf_step_base;
  int rc;
#ifdef HAVE_AVX2_PATH
  if (m->kernel == ZT_LAC_KERNEL_AVX2) { gemm = gemm_avx2; step = gru_step_avx2; crf = crf_step_avx2; }
  if (m->kernel == ZT_LAC_KERNEL_AVX512) { gemm = gemm_avx512; step = gru_step_avx512; crf = crf_step_avx512; }
#endif
  for (b = 0; b < nb; b++) {
    off[b] = N;
    len[b] = lens[sel[b]];
    N += len[b];
  }
  for (b = 0; b < nb; b++) {
    const int32_t *id = ids[sel[b]];
    for (t = 0; t < len[b]; t++) {
      int32_t v = id[t];
      if (v < 0 || v >= m->vocab) v = m->oov;
      memcpy(w->X + (off[b] + t) * D, m->emb + (size_t)v * D, D * sizeof(float));
    }
  }
  /* The projections run over Np = N rounded up to 4 rows (zero rows, results unused): row
   * blocks only, no single-row passes over the weights. Each real row's values do not depend on
   * the blocking. */
  Np = (N + 3) & ~(size_t)3;
  memset(w->X + N * D, 0, (Np - N) * D * sizeof(float));
  memset(w->Y + N * 2 * D, 0, (Np - N) * 2 * D * sizeof(float));
  for (L = 0; L < 2; L++) {
    size_t din = L ? 2 * D : D;
    gemm(L ? w->Y : w->X, din, Np, din, m->w_in[L], 2 * G, w->P, 2 * G, m->b_fc[L], m->b_gru[L]);
    for (i = 0; i < 2; i++) { /* 0 forward, 1 reverse */
      int k = (int)(2 * L + i);
      float *Y = L ? w->X : w->Y; /* layer 0 writes Y, layer 1 writes X (its input is Y) */
      memset(w->H, 0, BATCH * D * sizeof(float));
      for (t = 0; t < len[0]; t++) {
        size_t a = 0;
        while (a < nb && len[a] > t) {
          size_t row = off[a] + (i ? len[a] - 1 - t : t);
          w->prow[a] = w->P + row * 2 * G + i * G;
          w->yrow[a] = Y + row * 2 * D + i * D;
          a++;
        }
        step(a, w->H, w->prow, w->yrow, m->wg[k], m->wc[k], w->Gs, w->RH, w->U, w->C);
      }
    }
  }
  memset(w->X + N * 2 * D, 0, (Np - N) * 2 * D * sizeof(float));
  gemm(w->X, 2 * D, Np, 2 * D, m->w_out, ZT_LAC_EPAD, w->E, ZT_LAC_EPAD, m->b_out, NULL);
  for (b = 0; b < nb; b++) {
    rc = viterbi(m, crf, w->E + off[b] * ZT_LAC_EPAD, len[b], tags[sel[b]]);
    if (rc) return rc;
  }
  return ZT_OK;
}

typedef struct { size_t len, idx; } len_idx;

static int cmp_len_desc(const void *a, const void *b) {
  const len_idx *x = (const len_idx *)a, *y = (const len_idx *)b;
  if (x->len != y->len) return x->len < y->len ? 1 : -1;
  return (x->idx > y->idx) - (x->idx < y->idx);
}

int zt_lac_tag_batch(zt_lac *m, size_t nseq, const int32_t *const *ids, const size_t *lens,
                     uint8_t *const *tags) {
  len_idx *ord;
  size_t i, maxrows = 0, sel[BATCH];
  work w;
  int rc = ZT_OK;
  if (nseq == 0) return ZT_OK;
  ord = (len_idx *)malloc(nseq * sizeof *ord);
  if (!ord) return ZT_ENOMEM;
  for (i = 0; i < nseq; i++) { ord[i].len = lens[i]; ord[i].idx = i; }
  qsort(ord, nseq, sizeof *ord, cmp_len_desc);
  /* Size the scratch for the largest group. */
  for (i = 0; i < nseq;) {
    size_t rows = 0, nb = 0;
    while (i < nseq && nb < BATCH && (nb == 0 || rows + ord[i].len <= BATCH_ROWS)) {
      rows += ord[i].len; nb++; i++;
    }
    if (rows > maxrows) maxrows = rows;
  }
  if (maxrows == 0) { free(ord); return ZT_OK; }
  rc = work_alloc(&w, maxrows + 4);
  if (rc) { free(ord); return rc; }
  for (i = 0; i < nseq && rc == ZT_OK;) {
    size_t rows = 0, nb = 0;
    while (i < nseq && nb < BATCH && (nb == 0 || rows + ord[i].len <= BATCH_ROWS)) {
      rows += ord[i].len;
      if (ord[i].len) sel[nb++] = ord[i].idx;
      i++;
      if (!rows) break;
    }
    if (nb) rc = run_group(m, &w, nb, ids, lens, sel, tags);
  }
  free(w.mem);
  free(ord);
  return rc;
}
