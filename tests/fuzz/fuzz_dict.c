/* libFuzzer harness: zt_dict_open on hostile files. Two kinds of input:
 *  - first byte even: the rest is a whole file, behind the right magic and version (so the
 *    fuzzer starts past the first checks); opening must fail cleanly or give a usable dictionary;
 *  - first byte odd: patches (4-byte offset, 1 byte) to a copy of the real dictionary
 *    ($ZHTEXT_DATA_DIR/seg.ztd; skipped when absent), with the header checksum recomputed so the
 *    patched header is seen as intact. The body is not checksummed at load (a full check reads
 *    every page: that is done when the file is built and installed), so whatever an open accepts
 *    must then segment, tag and look up words without reading outside the image.
 * The patched copy is one temporary file kept for the run, patched and restored in place. */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_data.h"
#include "zt_dict.h"
#include "zt_error.h"
#include "zt_seg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);


static const char sample[] =
  "今天上午，市政府召开新闻发布会，介绍了2024年城市建设的进展。ABC公司的CEO张伟说：“我们很高兴。”"
  "臺灣的朋友們也來了 full-width ＡＢＣ１２３ and e-mail a.b@c.d, 3.14%！";

static void use(const zt_dict *d) {
  zt_seg *sg;
  zt_toks t = {NULL, 0, 0, 0};
  int mode, present;
  size_t i;
  if (zt_seg_new(d, &sg) != ZT_OK) return;
  for (mode = ZT_MODE_PRECISE; mode <= ZT_MODE_SEARCH; mode++) {
    t.n = 0;
    zt_seg_cut(sg, sample, sizeof sample - 1, mode, ZT_SEG_HMM | ZT_SEG_NORMALIZE, &t);
  }
  t.n = 0;
  if (zt_seg_pos(sg, sample, sizeof sample - 1, ZT_SEG_HMM, &t) == ZT_OK)
    for (i = 0; i < t.n; i++) (void)zt_seg_tag_name(sg, t.v[i].tag);
  (void)zt_seg_freq(sg, "发布会", 9, &present);
  (void)zt_seg_idf(sg, "城市", 6, &present);
  (void)zt_seg_total(sg);
  zt_seg_add_word(sg, "新闻发布", 12, 10, "n");
  t.n = 0;
  zt_seg_cut(sg, sample, sizeof sample - 1, ZT_MODE_PRECISE, ZT_SEG_HMM, &t);
  zt_toks_free(&t);
  zt_seg_free(sg);
}

static unsigned char *image; /* the real dictionary, read once */
static size_t image_len;
static char copy_path[64];
static int tried;

static void remove_copy(void) {
  if (copy_path[0]) remove(copy_path);
}

static void load_image(void) {
  char path[4096];
  FILE *f;
  long len;
  tried = 1;
  fuzz_data_path("seg.ztd", path, sizeof path);
  if (!(f = fopen(path, "rb"))) return;
  if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) > (long)sizeof(zt_dict_header) &&
      fseek(f, 0, SEEK_SET) == 0 && (image = malloc((size_t)len)) != NULL &&
      fread(image, 1, (size_t)len, f) == (size_t)len) {
    image_len = (size_t)len;
    if (fuzz_temp_file("dict", image, image_len, copy_path, sizeof copy_path)) atexit(remove_copy);
    else image_len = 0;
  }
  fclose(f);
  if (!image_len) { free(image); image = NULL; }
}

static void patched(const uint8_t *p, size_t n) {
  zt_dict_header h;
  zt_dict *d = NULL;
  size_t i;
  int fd = open(copy_path, O_RDWR);
  if (fd < 0) return;
  memcpy(&h, image, sizeof h);
  for (i = 0; i + 5 <= n && i < 5 * 16; i += 5) {
    uint32_t off;
    memcpy(&off, p + i, 4);
    /* half the patches land in the header, the rest anywhere */
    off = (off & 1) ? off % sizeof h : off % image_len;
    if (off < sizeof h) ((unsigned char *)&h)[off] = p[i + 4];
    else if (pwrite(fd, p + i + 4, 1, off) != 1) goto restore;
  }
  h.hdr_checksum = 0;
  h.hdr_checksum = zt_dict_checksum((const unsigned char *)&h, sizeof h);
  if (pwrite(fd, &h, sizeof h, 0) != (ssize_t)sizeof h) goto restore;
  if (zt_dict_open(copy_path, &d, NULL, 0) == ZT_OK) {
    use(d);
    zt_dict_free(d);
  }
restore:
  for (i = 0; i + 5 <= n && i < 5 * 16; i += 5) {
    uint32_t off;
    memcpy(&off, p + i, 4);
    off = (off & 1) ? off % sizeof h : off % image_len;
    if (off >= sizeof h && pwrite(fd, image + off, 1, off) != 1) abort();
  }
  if (pwrite(fd, image, sizeof h, 0) != (ssize_t)sizeof h) abort();
  close(fd);
}

static void whole_file(const uint8_t *p, size_t n) {
  char path[64];
  zt_dict *d = NULL;
  unsigned char *f = malloc(n + 16);
  uint32_t version = ZT_DICT_VERSION, endian = 0x01020304;
  if (!f) return;
  memcpy(f, "ZTJIEBA", 8);
  memcpy(f + 8, &version, 4);
  memcpy(f + 12, &endian, 4);
  memcpy(f + 16, p, n);
  if (n + 16 >= sizeof(zt_dict_header)) { /* a self-consistent size and header checksum */
    zt_dict_header h;
    uint64_t sz = n + 16;
    memcpy(&h, f, sizeof h);
    h.size = sz;
    h.hdr_checksum = 0;
    h.hdr_checksum = zt_dict_checksum((const unsigned char *)&h, sizeof h);
    memcpy(f, &h, sizeof h);
  }
  if (fuzz_temp_file("dictw", f, n + 16, path, sizeof path)) {
    if (zt_dict_open(path, &d, NULL, 0) == ZT_OK) {
      use(d);
      zt_dict_free(d);
    }
    remove(path);
  }
  free(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  if (data[0] & 1) {
    if (!tried) load_image();
    if (image_len) patched(data + 1, size - 1);
  } else {
    whole_file(data + 1, size - 1);
  }
  return 0;
}
