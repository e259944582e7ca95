/* zt_lac_kern.h: the network's inner kernels, written once with GCC vector extensions and
 * included twice by zt_lac_nn.c: once for the baseline ISA (SSE2 on x86-64) and once inside
 * `target("avx2")`. KSUF names the copy, KATTR is its attribute. Every kernel performs the same
 * IEEE float operations in the same order on every path (multiply, then add; no FMA), so the
 * copies are bit-for-bit interchangeable. Each output element of a matrix product is
 * sum_k x[k]*w[k] accumulated in k order from 0, whichever row/column block computes it, so
 * results do not depend on how sequences are batched. */

#define KCAT2(a, b) a##b
#define KCAT(a, b) KCAT2(a, b)
#define KF(name) KCAT(name, KSUF)

/* e^x for |x| < 88 (Cephes expf: range reduction by ln 2 in two parts, degree 6 polynomial),
 * relative error about 1e-7. In place on *xp (pointers, not vector arguments: no ABI issue). */
static inline __attribute__((always_inline)) KATTR void KF(vexp)(VF *xp) {
  const VF hi = VS(88.3762626647949f), lo = VS(-88.3762626647949f);
  VF x = *xp, fx, t, y, z;
  VFI n;
  x = VSEL(x < hi, x, hi);
  x = VSEL(x > lo, x, lo);
  fx = x * VS(1.44269504088896341f) + VS(0.5f);
  n = __builtin_convertvector(fx, VFI);
  t = __builtin_convertvector(n, VF);
  t = t - (VF)((t > fx) & (VFI)VS(1.0f)); /* floor */
  n = __builtin_convertvector(t, VFI);
  x = x - t * VS(0.693359375f);
  x = x - t * VS(-2.12194440e-4f);
  z = x * x;
  y = VS(1.9875691500E-4f);
  y = y * x + VS(1.3981999507E-3f);
  y = y * x + VS(8.3334519073E-3f);
  y = y * x + VS(4.1665795894E-2f);
  y = y * x + VS(1.6666665459E-1f);
  y = y * x + VS(5.0000001201E-1f);
  y = y * z + x + VS(1.0f);
  n = (n + 127) << 23;
  *xp = y * (VF)n;
}

/* dst[0..VW) = sigmoid(a + b) */
static inline __attribute__((always_inline)) KATTR void KF(vsigmoid)(float *dst, const float *a,
                                                                      const float *b) {
  VF x = -(*(const VF *)a + *(const VF *)b);
  KF(vexp)(&x);
  *(VF *)dst = VS(1.0f) / (VS(1.0f) + x);
}

/* dst[0..VW) = tanh(a + b) = 2 / (1 + e^(-2x)) - 1 */
static inline __attribute__((always_inline)) KATTR void KF(vtanh)(float *dst, const float *a,
                                                                   const float *b) {
  VF x = (*(const VF *)a + *(const VF *)b) * VS(-2.0f);
  KF(vexp)(&x);
  *(VF *)dst = VS(2.0f) / (VS(1.0f) + x) - VS(1.0f);
}

/* Y[i][j] = ((sum_k X[i][k] * W[k][j]) + b1[j]) + b2[j] for i < n, j < mcols (a multiple of 64);
 * b1, b2 may be NULL. Rows of X, W, Y are 32-byte aligned. */
static KATTR void KF(gemm)(const float *X, size_t ldx, size_t n, size_t kdim, const float *W,
                           size_t mcols, float *Y, size_t ldy, const float *b1, const float *b2) {
  size_t i = 0, j, k;
#if KRB > 4
  /* Wide copies have the registers for KRB rows x 2 vectors of accumulators. */
  for (; i + KRB <= n; i += KRB) {
    for (j = 0; j < mcols; j += 2 * VW) {
      VF acc0[KRB], acc1[KRB];
      const float *w = W + j;
      int r;
#pragma GCC unroll 16
      for (r = 0; r < KRB; r++) { acc0[r] = VS(0.0f); acc1[r] = VS(0.0f); }
      for (k = 0; k < kdim; k++, w += mcols) {
        VF w0 = *(const VF *)w, w1 = *(const VF *)(w + VW);
        const float *xk = X + i * ldx + k;
#pragma GCC unroll 16
        for (r = 0; r < KRB; r++) {
          float xv = xk[(size_t)r * ldx];
          acc0[r] += w0 * xv;
          acc1[r] += w1 * xv;
        }
      }
#pragma GCC unroll 16
      for (r = 0; r < KRB; r++) {
        VF c0 = acc0[r], c1 = acc1[r];
        float *y = Y + (i + (size_t)r) * ldy + j;
        if (b1) { c0 += *(const VF *)(b1 + j); c1 += *(const VF *)(b1 + j + VW); }
        if (b2) { c0 += *(const VF *)(b2 + j); c1 += *(const VF *)(b2 + j + VW); }
        *(VF *)y = c0;
        *(VF *)(y + VW) = c1;
      }
    }
  }
#endif
  for (; i + 4 <= n; i += 4) {
    const float *x0 = X + i * ldx, *x1 = x0 + ldx, *x2 = x1 + ldx, *x3 = x2 + ldx;
    for (j = 0; j < mcols; j += 2 * VW) {
      VF a00 = VS(0.0f), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
      const float *w = W + j;
      for (k = 0; k < kdim; k++, w += mcols) {
        VF w0 = *(const VF *)w, w1 = *(const VF *)(w + VW);
        a00 += w0 * x0[k]; a01 += w1 * x0[k];
        a10 += w0 * x1[k]; a11 += w1 * x1[k];
        a20 += w0 * x2[k]; a21 += w1 * x2[k];
        a30 += w0 * x3[k]; a31 += w1 * x3[k];
      }
      if (b1) {
        VF c0 = *(const VF *)(b1 + j), c1 = *(const VF *)(b1 + j + VW);
        a00 += c0; a01 += c1; a10 += c0; a11 += c1; a20 += c0; a21 += c1; a30 += c0; a31 += c1;
      }
      if (b2) {
        VF c0 = *(const VF *)(b2 + j), c1 = *(const VF *)(b2 + j + VW);
        a00 += c0; a01 += c1; a10 += c0; a11 += c1; a20 += c0; a21 += c1; a30 += c0; a31 += c1;
      }
      *(VF *)(Y + i * ldy + j) = a00; *(VF *)(Y + i * ldy + j + VW) = a01;
      *(VF *)(Y + (i + 1) * ldy + j) = a10; *(VF *)(Y + (i + 1) * ldy + j + VW) = a11;
      *(VF *)(Y + (i + 2) * ldy + j) = a20; *(VF *)(Y + (i + 2) * ldy + j + VW) = a21;
      *(VF *)(Y + (i + 3) * ldy + j) = a30; *(VF *)(Y + (i + 3) * ldy + j + VW) = a31;
    }
  }
  for (; i < n; i++) {
    const float *x0 = X + i * ldx;
    for (j = 0; j + 8 * VW <= mcols; j += 8 * VW) {
      VF a0 = VS(0.0f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0;
      const float *w = W + j;
      float *y = Y + i * ldy + j;
      for (k = 0; k < kdim; k++, w += mcols) {
        float xv = x0[k];
        a0 += *(const VF *)w * xv; a1 += *(const VF *)(w + VW) * xv;
        a2 += *(const VF *)(w + 2 * VW) * xv; a3 += *(const VF *)(w + 3 * VW) * xv;
        a4 += *(const VF *)(w + 4 * VW) * xv; a5 += *(const VF *)(w + 5 * VW) * xv;
        a6 += *(const VF *)(w + 6 * VW) * xv; a7 += *(const VF *)(w + 7 * VW) * xv;
      }
      if (b1) {
        const float *b = b1 + j;
        a0 += *(const VF *)b; a1 += *(const VF *)(b + 1 * VW); a2 += *(const VF *)(b + 2 * VW);
        a3 += *(const VF *)(b + 3 * VW); a4 += *(const VF *)(b + 4 * VW); a5 += *(const VF *)(b + 5 * VW);
        a6 += *(const VF *)(b + 6 * VW); a7 += *(const VF *)(b + 7 * VW);
      }
      if (b2) {
        const float *b = b2 + j;
        a0 += *(const VF *)b; a1 += *(const VF *)(b + 1 * VW); a2 += *(const VF *)(b + 2 * VW);
        a3 += *(const VF *)(b + 3 * VW); a4 += *(const VF *)(b + 4 * VW); a5 += *(const VF *)(b + 5 * VW);
        a6 += *(const VF *)(b + 6 * VW); a7 += *(const VF *)(b + 7 * VW);
      }
      *(VF *)y = a0; *(VF *)(y + 1 * VW) = a1; *(VF *)(y + 2 * VW) = a2; *(VF *)(y + 3 * VW) = a3;
      *(VF *)(y + 4 * VW) = a4; *(VF *)(y + 5 * VW) = a5; *(VF *)(y + 6 * VW) = a6; *(VF *)(y + 7 * VW) = a7;
    }
    for (; j < mcols; j += 2 * VW) {
      VF a0 = VS(0.0f), a1 = a0;
      const float *w = W + j;
      float *y = Y + i * ldy + j;
      for (k = 0; k < kdim; k++, w += mcols) {
        a0 += *(const VF *)w * x0[k];
        a1 += *(const VF *)(w + VW) * x0[k];
      }
      if (b1) { a0 += *(const VF *)(b1 + j); a1 += *(const VF *)(b1 + j + VW); }
      if (b2) { a0 += *(const VF *)(b2 + j); a1 += *(const VF *)(b2 + j + VW); }
      *(VF *)y = a0;
      *(VF *)(y + VW) = a1;
    }
  }
}

/* One CRF step: nxt[i] = max_j (alpha[j] + trans[j][i]) + e[i] over the 57 tags (pads are -inf),
 * bk[i] = the first j reaching the maximum (numpy's argmax). */
static KATTR void KF(crf_step)(const float *alpha, const float *trans, const float *e, float *nxt,
                               uint8_t *bk) {
  enum { NV = ZT_LAC_EPAD / VW };
  VF best[NV];
  VFI arg[NV];
  int j, v, i;
  for (v = 0; v < NV; v++) {
    best[v] = *(const VF *)(trans + v * VW) + alpha[0];
    arg[v] = (VFI){0};
  }
  for (j = 1; j < ZT_LAC_NTAGS; j++) {
    const float *tr = trans + j * ZT_LAC_EPAD;
    float aj = alpha[j];
    for (v = 0; v < NV; v++) {
      VF sv = *(const VF *)(tr + v * VW) + aj;
      VFI mk = sv > best[v];
      best[v] = VSEL(mk, sv, best[v]);
      arg[v] = (mk & j) | (~mk & arg[v]);
    }
  }
  for (v = 0; v < NV; v++) {
    *(VF *)(nxt + v * VW) = best[v] + *(const VF *)(e + v * VW);
    for (i = 0; i < VW; i++) bk[v * VW + i] = (uint8_t)arg[v][i];
  }
}

/* One GRU time step for `a` sequences at once. H [a, D] is the state (updated in place); prow[b]
 * points at the G = 3D input values (projection + both biases) of sequence b at this step; the
 * new state is also written to yrow[b]. G, RH, U, C are scratch of a*2D, a*D, a*2D, a*D floats. */
static KATTR void KF(gru_step)(size_t a, float *H, float *const *prow, float *const *yrow,
                               const float *wg, const float *wc, float *Gs, float *RH, float *U,
                               float *C) {
  size_t b, j;
  const size_t D = ZT_LAC_D;
  KF(gemm)(H, D, a, D, wg, 2 * D, Gs, 2 * D, NULL, NULL);
  for (b = 0; b < a; b++) {
    const float *g = prow[b], *gh = Gs + b * 2 * D, *h = H + b * D;
    float *u = U + b * 2 * D, *rh = RH + b * D;
    for (j = 0; j < 2 * D; j += VW) KF(vsigmoid)(u + j, g + j, gh + j);
    for (j = 0; j < D; j += VW) *(VF *)(rh + j) = *(const VF *)(u + D + j) * *(const VF *)(h + j);
  }
  KF(gemm)(RH, D, a, D, wc, D, C, D, NULL, NULL);
  for (b = 0; b < a; b++) {
    const float *g = prow[b] + 2 * D, *ch = C + b * D, *u = U + b * 2 * D;
    float *h = H + b * D, *y = yrow[b];
    for (j = 0; j < D; j += VW) {
      VF c, hv = *(const VF *)(h + j), uv = *(const VF *)(u + j);
      KF(vtanh)((float *)&c, g + j, ch + j);
      hv = (hv - uv * hv) + uv * c;
      *(VF *)(h + j) = hv;
      *(VF *)(y + j) = hv;
    }
  }
}

#undef KF
#undef KCAT
#undef KCAT2
