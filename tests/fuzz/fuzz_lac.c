/* libFuzzer harness for the LAC core: zt_lac_analyze over arbitrary bytes (must never crash, leak,
 * hang, or give tokens out of order), and zt_lac_load over arbitrary "model files". The model is
 * $ZHTEXT_LAC, else $ZHTEXT_DATA_DIR/lac.bin, else build/zhtext/lac.bin (text fuzzing is skipped
 * when there is none). The harness keeps the loaded model in a static: fuzzing only. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "zt_error.h"
#include "zt_lac.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static zt_lac *model;
static int tried;

static zt_lac *get_model(void) {
  char path[4096];
  const char *env = getenv("ZHTEXT_LAC"), *dir = getenv("ZHTEXT_DATA_DIR");
  if (tried) return model;
  tried = 1;
  if (env && *env) snprintf(path, sizeof path, "%s", env);
  else snprintf(path, sizeof path, "%s/lac.bin", dir && *dir ? dir : "build/zhtext");
  if (zt_lac_load(path, &model, NULL, 0) != ZT_OK) model = NULL;
  return model;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  zt_lac *m = get_model();
  if (size > 0 && data[0] == 0xA5) {
    /* A "model file" with a valid magic and arbitrary contents. */
    char tmp[] = "/tmp/zt_fuzz_lacXXXXXX";
    int fd = mkstemp(tmp);
    zt_lac *x = NULL;
    if (fd < 0) return 0;
    if (write(fd, "ZTLAC001", 8) == 8 && write(fd, data + 1, size - 1) == (ssize_t)(size - 1)) {
      if (zt_lac_load(tmp, &x, NULL, 0) == ZT_OK) zt_lac_free(x);
    }
    close(fd);
    remove(tmp);
    return 0;
  }
  if (m) {
    zt_lac_token *t = NULL;
    size_t nt = 0, i, prev = 0;
    if (zt_lac_analyze(m, (const char *)data, size, &t, &nt) == ZT_OK) {
      for (i = 0; i < nt; i++) {
        if (t[i].start < prev || t[i].stop <= t[i].start || t[i].stop > size) abort();
        prev = t[i].stop;
      }
    }
    free(t);
  }
  return 0;
}
