#include "zt_encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <uchardet.h>

#include "zt_error.h"
#include "zt_utf8.h"

static void copy_name(char *dst, size_t cap, const char *src) {
  if (cap) snprintf(dst, cap, "%s", src);
}

/* The iconv name for a declared or detected charset label (case-insensitive). */
static void canonical(const char *label, char *name, size_t cap) {
  char low[40];
  size_t i;
  for (i = 0; label[i] && i + 1 < sizeof low; i++)
    low[i] = (char)((label[i] >= 'A' && label[i] <= 'Z') ? label[i] + 32 : label[i]);
  low[i] = '\0';
  if (!strcmp(low, "gb2312") || !strcmp(low, "gbk") || !strcmp(low, "x-gbk") ||
      !strcmp(low, "gb18030") || !strcmp(low, "euc-cn") || !strcmp(low, "cp936") ||
      !strcmp(low, "windows-936") || !strcmp(low, "gb_2312-80"))
    copy_name(name, cap, "GB18030");
  else if (!strcmp(low, "big5") || !strcmp(low, "big5-hkscs") || !strcmp(low, "x-big5") ||
           !strcmp(low, "cp950"))
    copy_name(name, cap, "BIG5-HKSCS");
  else if (!strcmp(low, "utf8") || !strcmp(low, "utf-8"))
    copy_name(name, cap, "UTF-8");
  else {
    for (i = 0; low[i] && i + 1 < cap; i++)
      name[i] = (char)((low[i] >= 'a' && low[i] <= 'z') ? low[i] - 32 : low[i]);
    if (cap) name[i < cap ? i : cap - 1] = '\0';
  }
}

/* A charset declared in the first bytes of an HTML page: <meta charset="gbk"> or
 * <meta http-equiv="Content-Type" content="text/html; charset=gb2312">. */
static int meta_charset(const char *s, size_t n, char *label, size_t cap) {
  size_t lim = n < 8192 ? n : 8192, i;
  for (i = 0; i + 8 < lim; i++) {
    size_t j, k = 0;
    if ((s[i] | 0x20) != 'c' || strncasecmp(s + i, "charset", 7) != 0) continue;
    j = i + 7;
    while (j < lim && (s[j] == ' ' || s[j] == '=' || s[j] == '"' || s[j] == '\'')) j++;
    while (j < lim && k + 1 < cap &&
           ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
            (s[j] >= '0' && s[j] <= '9') || s[j] == '-' || s[j] == '_'))
      label[k++] = s[j++];
    label[k] = '\0';
    if (k) return 1;
  }
  return 0;
}

/* Strict trial decode: the share of decoded non-ASCII characters that are Han, or -1 when the
 * bytes do not decode. Samples at most 64 KiB. */
static double han_share(const char *s, size_t n, const char *enc) {
  iconv_t cd = iconv_open("UTF-8", enc);
  char out[4096];
  char *in = (char *)s;
  size_t inleft = n < 65536 ? n : 65536, han = 0, other = 0;
  if (cd == (iconv_t)-1) return -1;
  while (inleft) {
    char *op = out;
    size_t outleft = sizeof out, r, i = 0;
    r = iconv(cd, &in, &inleft, &op, &outleft);
    while (i < (size_t)(op - out)) {
      int32_t cp;
      i += zt_utf8_decode((const unsigned char *)out + i, (size_t)(op - out) - i, &cp);
      if (cp >= 0x80) { if (zt_is_han(cp)) han++; else other++; }
    }
    if (r == (size_t)-1 && errno != E2BIG) {
      /* A sample cut in the middle of a character is fine; anything else is not this encoding. */
      if (!(errno == EINVAL && n > 65536)) { iconv_close(cd); return -1; }
      break;
    }
  }
  iconv_close(cd);
  return han + other ? (double)han / (double)(han + other) : 0.0;
}

/* Big5 comes in vendor variants that disagree on a few cells: glibc's BIG5-HKSCS refuses
 * ordinary CP950 bytes such as A1 FE (a full-width slash), CP950 lacks the Hong Kong additions.
 * Text labelled or detected as Big5 is decoded with the first variant that takes its bytes
 * (checked on the 64 KiB sample), so one unmapped cell does not turn a page into mojibake. */
static void settle_big5(const char *s, size_t n, char *name, size_t cap) {
  static const char *const variants[] = {"BIG5-HKSCS", "CP950", "BIG5"};
  size_t i;
  if (strcmp(name, "BIG5-HKSCS") != 0) return;
  for (i = 0; i < sizeof variants / sizeof *variants; i++)
    if (han_share(s, n, variants[i]) >= 0) { copy_name(name, cap, variants[i]); return; }
}

/* UTF-8 with a few stray bytes (a cut-off character, one byte of another encoding pasted in):
 * at least 20 valid multi-byte characters for each ill-formed byte. No GBK or Big5 text comes
 * near that by chance (about one of its characters in five happens to be a valid two-byte UTF-8
 * sequence, and the rest are ill-formed), while decoding such a page as GB18030 would turn
 * every character of it into mojibake. Linear: each byte is looked at once. */
static int mostly_utf8(const char *s, size_t n) {
  size_t pos = 0, valid = 0, bad = 0;
  while (pos < n) {
    size_t k = zt_utf8_check(s + pos, n - pos), i;
    for (i = pos; i < pos + k; i++)
      if ((unsigned char)s[i] >= 0xC0) valid++;
    if (pos + k >= n) break;
    bad++;
    pos += k + 1;
  }
  return valid >= 20 && valid >= 20 * bad;
}

void zt_detect_encoding(const char *s, size_t n, char *name, size_t cap) {
  const unsigned char *u = (const unsigned char *)s;
  char label[40];
  const char *guess = "";
  uchardet_t ud;
  double gb, big5;
  if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) { copy_name(name, cap, "UTF-8"); return; }
  if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE) { copy_name(name, cap, "UTF-16LE"); return; }
  if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF) { copy_name(name, cap, "UTF-16BE"); return; }
  if (zt_utf8_check(s, n) == n || mostly_utf8(s, n)) { copy_name(name, cap, "UTF-8"); return; }
  if (meta_charset(s, n, label, sizeof label)) {
    canonical(label, name, cap);
    settle_big5(s, n, name, cap);
    if (strcmp(name, "UTF-8") != 0 && han_share(s, n, name) >= 0) return;
  }
  ud = uchardet_new();
  if (ud) {
    if (uchardet_handle_data(ud, s, n) == 0) {
      uchardet_data_end(ud);
      guess = uchardet_get_charset(ud);
    }
    if (guess && *guess) {
      canonical(guess, label, sizeof label);
      settle_big5(s, n, label, sizeof label);
      if (!strcmp(label, "GB18030") || !strncmp(label, "BIG5", 4) || !strcmp(label, "CP950") ||
          !strcmp(label, "EUC-TW") ||
          !strcmp(label, "SHIFT_JIS") || !strcmp(label, "EUC-JP") || !strcmp(label, "EUC-KR") ||
          !strncmp(label, "UTF-", 4)) {
        if (han_share(s, n, label) >= 0) {
          uchardet_delete(ud);
          copy_name(name, cap, label);
          return;
        }
      }
    }
    uchardet_delete(ud);
  }
  /* A short or mixed Chinese page can fool the detector into a Latin charset: prefer the CJK
   * encoding that decodes cleanly into mostly Han. */
  gb = han_share(s, n, "GB18030");
  copy_name(label, sizeof label, "BIG5-HKSCS");
  settle_big5(s, n, label, sizeof label);
  big5 = han_share(s, n, label);
  if (big5 > gb && big5 >= 0.5) copy_name(name, cap, label);
  else copy_name(name, cap, "GB18030");
}

int zt_decode(const char *s, size_t n, const char *encoding, zt_invalid policy, zt_buf *out,
              char *used, size_t cap, size_t *err_pos) {
  char enc[40];
  iconv_t cd;
  char *in = (char *)s;
  size_t inleft = n;
  if (encoding && *encoding) {
    canonical(encoding, enc, sizeof enc);
    settle_big5(s, n, enc, sizeof enc);
  } else zt_detect_encoding(s, n, enc, sizeof enc);
  copy_name(used, cap, enc);
  if (!strcmp(enc, "UTF-8")) {
    zt_clean_opts o;
    size_t bad = zt_utf8_check(s, n);
    if (bad == n) { zt_buf_add(out, s, n); return out->oom ? ZT_ENOMEM : ZT_OK; }
    if (policy == ZT_INVALID_ERROR) { if (err_pos) *err_pos = bad; return ZT_EDECODE; }
    /* Only the UTF-8 repair, none of the other cleaning. */
    zt_clean_defaults(&o);
    o.width = 0; o.form = ZT_FORM_NONE; o.punct = ZT_PUNCT_KEEP; o.space = 0; o.invisible = 0;
    o.invalid = policy;
    return zt_clean(s, n, &o, out, NULL, NULL);
  }
  cd = iconv_open("UTF-8", enc);
  if (cd == (iconv_t)-1) return ZT_EINVAL;
  while (inleft) {
    char *op;
    size_t outleft, r;
    if (!zt_buf_reserve(out, inleft * 2 + 16)) { iconv_close(cd); return ZT_ENOMEM; }
    op = out->data + out->len;
    outleft = out->cap - out->len;
    r = iconv(cd, &in, &inleft, &op, &outleft);
    out->len = (size_t)(op - out->data);
    if (r != (size_t)-1) continue;
    if (errno == E2BIG) continue;
    /* EILSEQ, or EINVAL for a character cut off at the end: one byte is undecodable. */
    if (policy == ZT_INVALID_ERROR) {
      iconv_close(cd);
      if (err_pos) *err_pos = (size_t)(in - s);
      return ZT_EDECODE;
    }
    if (policy == ZT_INVALID_REPLACE) zt_buf_add(out, "\xEF\xBF\xBD", 3);
    in++;
    inleft--;
    iconv(cd, NULL, NULL, NULL, NULL); /* reset shift state after the bad byte */
  }
  iconv_close(cd);
  return out->oom ? ZT_ENOMEM : ZT_OK;
}
