/* zt_lac_convert: converts Debian's jieba/lac_small files into zhtext's LAC model file.
 * usage: zt_lac_convert LAC_DIR OUT   (used by `make`; the same code serves the Lua fallback) */
#include <stdio.h>

#include "zt_lac.h"

int main(int argc, char **argv) {
  char err[512] = "";
  int rc;
  if (argc != 3) {
    fprintf(stderr, "usage: %s LAC_DIR OUT\n", argv[0]);
    return 2;
  }
  rc = zt_lac_convert(argv[1], argv[2], err, sizeof err);
  if (rc) {
    fprintf(stderr, "zt_lac_convert: %s\n", err);
    return 1;
  }
  return 0;
}
