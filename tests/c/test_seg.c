/* Unit tests of the segmentation core without Lua: the compiled dictionary ($ZHTEXT_DATA_DIR/
 * seg.ztd, built by make), the modes, POS, spans over bad bytes, user words, dictionaries
 * compiled from a jieba-format word list, and error messages that name file and line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctest.h"
#include "zt_dict.h"
#include "zt_error.h"
#include "zt_seg.h"

/* The tokens of s joined by '/' into out (POS tags as word:tag). */
static const char *joined(zt_seg *sg, const char *s, int mode, int flags, int pos, char *out, size_t cap) {
  zt_toks t = {NULL, 0, 0, 0};
  size_t i, n = 0;
  int rc = pos ? zt_seg_pos(sg, s, strlen(s), flags, &t) : zt_seg_cut(sg, s, strlen(s), mode, flags, &t);
  out[0] = '\0';
  if (rc != ZT_OK) return out;
  for (i = 0; i < t.n && n + 64 < cap; i++) {
    size_t l = t.v[i].end - t.v[i].start;
    if (i) out[n++] = '/';
    if (n + l + 32 >= cap) break;
    memcpy(out + n, s + t.v[i].start, l);
    n += l;
    if (pos) n += (size_t)snprintf(out + n, cap - n, ":%s", zt_seg_tag_name(sg, t.v[i].tag));
  }
  out[n] = '\0';
  zt_toks_free(&t);
  return out;
}

static int lossless(zt_seg *sg, const char *s, size_t n, int flags) {
  zt_toks t = {NULL, 0, 0, 0};
  size_t i, at = 0;
  int ok = zt_seg_cut(sg, s, n, ZT_MODE_PRECISE, flags, &t) == ZT_OK;
  for (i = 0; ok && i < t.n; i++) {
    ok = t.v[i].start == at && t.v[i].end > at;
    at = t.v[i].end;
  }
  zt_toks_free(&t);
  return ok && at == n;
}

int main(void) {
  char path[4096], buf[2048], err[512];
  const char *dir = getenv("ZHTEXT_DATA_DIR");
  zt_dict *d = NULL, *tiny = NULL;
  zt_seg *sg = NULL, *ts = NULL;
  snprintf(path, sizeof path, "%s/seg.ztd", dir ? dir : "build/zhtext");
  if (zt_dict_open(path, &d, err, sizeof err) != ZT_OK) {
    printf("skipped: %s\n", err);
    return 0;
  }
  CHECK(zt_dict_verify(d) == ZT_OK);
  CHECK(zt_seg_new(d, &sg) == ZT_OK);

  CHECK(strcmp(joined(sg, "我来到北京清华大学", 0, ZT_SEG_HMM, 0, buf, sizeof buf), "我/来到/北京/清华大学") == 0);
  CHECK(strcmp(joined(sg, "他来到了网易杭研大厦", 0, ZT_SEG_HMM, 0, buf, sizeof buf), "他/来到/了/网易/杭研/大厦") == 0);
  CHECK(strcmp(joined(sg, "他来到了网易杭研大厦", 0, 0, 0, buf, sizeof buf), "他/来到/了/网易/杭/研/大厦") == 0);
  CHECK(strcmp(joined(sg, "我来到北京清华大学", ZT_MODE_FULL, ZT_SEG_HMM, 0, buf, sizeof buf),
               "我/来到/北京/清华/清华大学/华大/大学") == 0);
  CHECK(strcmp(joined(sg, "小明硕士毕业于中国科学院计算所", ZT_MODE_SEARCH, ZT_SEG_HMM, 0, buf, sizeof buf),
               "小明/硕士/毕业/于/中国/科学/学院/科学院/中国科学院/计算/计算所") == 0);
  CHECK(strcmp(joined(sg, "我爱北京天安门", 0, ZT_SEG_HMM, 1, buf, sizeof buf), "我:r/爱:v/北京:ns/天安门:ns") == 0);
  CHECK(strcmp(joined(sg, "ＡＢＣ公司", 0, ZT_SEG_HMM | ZT_SEG_NORMALIZE, 0, buf, sizeof buf), "ＡＢＣ/公司") == 0);
  CHECK(strcmp(joined(sg, "见dbsqp.com。", 0, ZT_SEG_HMM | ZT_SEG_ASCII_MERGE, 0, buf, sizeof buf), "见/dbsqp.com/。") == 0);

  /* bad bytes, NUL and empty input */
  CHECK(lossless(sg, "", 0, ZT_SEG_HMM));
  CHECK(lossless(sg, "中\x80文\0abc\xff\xfe汉字\xe4\xb8", 17, ZT_SEG_HMM));
  CHECK(lossless(sg, "\xed\xa0\x80\xf4\x90\x80\x80", 7, 0));
  CHECK(strcmp(joined(sg, "中\x80文", 0, ZT_SEG_HMM, 0, buf, sizeof buf), "中/\x80/文") == 0);

  /* user words */
  CHECK(zt_seg_add_word(sg, "量子纠缠态", strlen("量子纠缠态"), 10, "nz") == ZT_OK);
  CHECK(strcmp(joined(sg, "研究量子纠缠态", 0, ZT_SEG_HMM, 1, buf, sizeof buf), "研究:vn/量子纠缠态:nz") == 0);
  CHECK(zt_seg_add_word(sg, "\xff", 1, 1, NULL) == ZT_EUTF8);
  {
    const char *pieces[2] = {"中", "将"};
    size_t lens[2] = {3, 3};
    CHECK(zt_seg_suggest_freq(sg, pieces, lens, 2, 1) >= 0);
    CHECK(strcmp(joined(sg, "如果放到post中将出错。", 0, 0, 0, buf, sizeof buf), "如果/放到/post/中/将/出错/。") == 0);
  }
  CHECK(zt_seg_del_word(sg, "清华大学", strlen("清华大学")) == ZT_OK);
  CHECK(strstr(joined(sg, "我来到北京清华大学", 0, ZT_SEG_HMM, 0, buf, sizeof buf), "清华大学") == NULL);
  {
    int present = 0;
    CHECK(zt_seg_freq(sg, "清华大学", strlen("清华大学"), &present) == 0 && present);
  }

  /* frequency bounds: one word at most 2^40, the total at most 2^53, nothing changed past them */
  {
    long long total = zt_seg_total(sg);
    const char *pieces[1] = {"\xff"};
    size_t one = 1;
    CHECK(zt_seg_add_word(sg, "词", 3, 0x7FFFFFFFFFFFFFFFLL, NULL) == ZT_ERANGE_FREQ);
    CHECK(zt_seg_add_word(sg, "词", 3, ZT_SEG_MAX_FREQ + 1, NULL) == ZT_ERANGE_FREQ);
    CHECK(zt_seg_total(sg) == total);
    CHECK(zt_seg_add_word(sg, "词", 3, ZT_SEG_MAX_FREQ, NULL) == ZT_OK);
    CHECK(zt_seg_total(sg) == total + ZT_SEG_MAX_FREQ);
    CHECK(zt_seg_suggest_freq(sg, pieces, &one, 1, 1) == -ZT_EUTF8);
    err[0] = '\0';
    CHECK(zt_seg_load_userdict(sg, "tests/fixtures", err, sizeof err) == ZT_EIO);
    CHECK(strstr(err, "is a directory") != NULL);
  }

  /* a jieba-format word list, HMM and idf from the default dictionary */
  CHECK(zt_dict_build_from(d, "tests/fixtures/seg/tiny_dict.txt", &tiny, err, sizeof err) == ZT_OK);
  if (tiny) {
    CHECK(zt_seg_new(tiny, &ts) == ZT_OK);
    CHECK(strcmp(joined(ts, "我爱北京天安门", 0, 0, 1, buf, sizeof buf), "我:r/爱:v/北京天安门:ns") == 0);
  }
  err[0] = '\0';
  CHECK(zt_seg_load_userdict(sg, "tests/fixtures/seg/userdict_bad.txt", err, sizeof err) != ZT_OK);
  CHECK(strstr(err, "userdict_bad.txt:2:") != NULL);
  {
    zt_dict *bad = NULL;
    CHECK(zt_dict_build_from(d, "tests/fixtures/seg/userdict_bad.txt", &bad, err, sizeof err) == ZT_EUTF8 ||
          strstr(err, "userdict_bad.txt:") != NULL);
    zt_dict_free(bad);
  }

  /* saving replaces the file by rename: a mapping of the old file keeps working, the new file
   * is whole, nothing is left behind; an unwritable target is an error naming it */
  if (tiny) {
    char out[64];
    zt_dict *old = NULL, *again = NULL;
    int fd;
    snprintf(out, sizeof out, "/tmp/zt_test_seg_XXXXXX");
    fd = mkstemp(out);
    CHECK(fd >= 0);
    if (fd >= 0) close(fd);
    CHECK(zt_dict_save(d, out, err, sizeof err) == ZT_OK);
    CHECK(zt_dict_open(out, &old, err, sizeof err) == ZT_OK);
    CHECK(zt_dict_save(tiny, out, err, sizeof err) == ZT_OK);
    if (old) {
      zt_seg *os = NULL;
      CHECK(zt_seg_new(old, &os) == ZT_OK);
      if (os) CHECK(strcmp(joined(os, "我来到北京清华大学", 0, ZT_SEG_HMM, 0, buf, sizeof buf), "我/来到/北京/清华大学") == 0);
      zt_seg_free(os);
    }
    CHECK(zt_dict_open(out, &again, err, sizeof err) == ZT_OK && zt_dict_verify(again) == ZT_OK);
    CHECK(again && again->h->size == tiny->h->size);
    zt_dict_free(again);
    zt_dict_free(old);
    remove(out);
    err[0] = '\0';
    CHECK(zt_dict_save(tiny, "/nonexistent-dir/seg.ztd", err, sizeof err) == ZT_EIO);
    CHECK(strstr(err, "/nonexistent-dir/seg.ztd") != NULL);
  }

  zt_seg_free(ts);
  zt_dict_free(tiny);
  zt_seg_free(sg);
  zt_dict_free(d);
  return CTEST_END();
}
