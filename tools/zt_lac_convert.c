/* zt_lac_convert: converts Debian's jieba/lac_small files into zhtext's LAC model file.
 *   zt_lac_convert LAC_DIR OUT      convert (used by `make`; the same code serves the Lua fallback);
 *                                   OUT is replaced by rename once the new file loads
 *   zt_lac_convert --verify FILE    header, size and checksum (make install runs it on each copy)
 */
#include <stdio.h>
#include <string.h>

#include "zt_lac.h"

int main(int argc, char **argv) {
  char err[512] = "";
  int rc;
  if (argc != 3) {
    fprintf(stderr, "usage: %s LAC_DIR OUT | --verify FILE\n", argv[0]);
    return 2;
  }
  if (strcmp(argv[1], "--verify") == 0) {
    zt_lac *m = NULL;
    rc = zt_lac_load(argv[2], &m, err, sizeof err);
    zt_lac_free(m);
    if (rc) {
      fprintf(stderr, "zt_lac_convert: %s\n", err);
      return 1;
    }
    printf("%s: ok\n", argv[2]);
    return 0;
  }
  rc = zt_lac_convert(argv[1], argv[2], err, sizeof err);
  if (rc) {
    fprintf(stderr, "zt_lac_convert: %s\n", err);
    return 1;
  }
  return 0;
}
