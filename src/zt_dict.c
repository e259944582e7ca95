/* zt_dict: compiling jieba's data into one binary image, and mapping it back. See zt_dict.h. */
#include "zt_dict.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zt_error.h"
#include "zt_replace.h"
#include "zt_utf8.h"
#include "zt_utf8_inline.h"

#define MAX_NODES (1u << 21)
#define MAX_PSTATES 256

static void seterr(char *err, size_t errlen, const char *fmt, ...) {
  va_list ap;
  if (!err || !errlen) return;
  va_start(ap, fmt);
  vsnprintf(err, errlen, fmt, ap);
  va_end(ap);
}

/* A word-at-a-time 64-bit hash; the tail is padded with zeros. */
uint64_t zt_dict_checksum(const unsigned char *p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull ^ (uint64_t)n;
  size_t i;
  for (i = 0; i + 8 <= n; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    h = (h ^ w) * 0x100000001b3ull;
    h ^= h >> 29;
  }
  if (i < n) {
    uint64_t w = 0;
    memcpy(&w, p + i, n - i);
    h = (h ^ w) * 0x100000001b3ull;
    h ^= h >> 29;
  }
  return h;
}

static int read_file(const char *path, char **out, size_t *len, char *err, size_t errlen) {
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  size_t cap = 0, n = 0;
  if (!f) {
    seterr(err, errlen, "%s: %s", path, strerror(errno));
    return ZT_EIO;
  }
  for (;;) {
    size_t r;
    if (cap - n < 65536) {
      size_t nc = cap ? cap * 2 : 1 << 20;
      char *p = (char *)realloc(buf, nc + 1);
      if (!p) {
        free(buf);
        fclose(f);
        seterr(err, errlen, "%s: out of memory", path);
        return ZT_ENOMEM;
      }
      buf = p;
      cap = nc;
    }
    r = fread(buf + n, 1, cap - n, f);
    n += r;
    if (r == 0) break;
  }
  if (ferror(f)) {
    free(buf);
    fclose(f);
    seterr(err, errlen, "%s: read error", path);
    return ZT_EIO;
  }
  fclose(f);
  buf[n] = '\0';
  *out = buf;
  *len = n;
  return ZT_OK;
}

/* ---------------------------------------------------------------- builder: the trie */

typedef struct builder {
  uint64_t *slots;
  uint64_t mask;
  unsigned bits;
  uint32_t n_nodes, cap_nodes, n_words;
  uint32_t *freq;
  uint8_t *tag;
  double *idf;
  uint64_t total;
  char tags[255][ZT_DICT_TAGLEN];
  unsigned n_tags;
  /* HMM tables */
  double hmm[4 + 16 + ZT_HAN_COUNT * 4];
  zt_pstate pstate[MAX_PSTATES];
  unsigned n_pstates;
  double *pstart, *ptrans;
  uint64_t *pnext;
  uint32_t *pcs_idx, *pemit_idx;
  uint8_t *pcs, *pemit_st;
  double *pemit_p;
  uint32_t n_pcs, n_pemit;
  double median_idf;
} builder;

static uint64_t slot_hash(uint64_t key, unsigned bits) {
  return (key * 0x9E3779B97F4A7C15ull) >> (64 - bits);
}

static int b_grow_slots(builder *b) {
  unsigned bits = b->bits ? b->bits + 1 : 16;
  uint64_t *ns = (uint64_t *)calloc((size_t)1 << bits, sizeof *ns), mask = ((uint64_t)1 << bits) - 1;
  size_t i;
  if (!ns) return ZT_ENOMEM;
  for (i = 0; b->slots && i <= b->mask; i++) {
    uint64_t s = b->slots[i], h;
    if (!s) continue;
    h = slot_hash(s >> 21, bits);
    while (ns[h]) h = (h + 1) & mask;
    ns[h] = s;
  }
  free(b->slots);
  b->slots = ns;
  b->bits = bits;
  b->mask = mask;
  return ZT_OK;
}

static int b_grow_nodes(builder *b) {
  uint32_t nc = b->cap_nodes ? b->cap_nodes * 2 : 65536;
  uint32_t *f;
  uint8_t *t;
  double *idf;
  uint32_t i;
  if (nc > MAX_NODES) nc = MAX_NODES;
  if (nc <= b->cap_nodes) return ZT_EINVAL;
  f = (uint32_t *)realloc(b->freq, nc * sizeof *f);
  if (!f) return ZT_ENOMEM;
  b->freq = f;
  t = (uint8_t *)realloc(b->tag, nc);
  if (!t) return ZT_ENOMEM;
  b->tag = t;
  idf = (double *)realloc(b->idf, nc * sizeof *idf);
  if (!idf) return ZT_ENOMEM;
  b->idf = idf;
  for (i = b->cap_nodes; i < nc; i++) {
    b->freq[i] = 0;
    b->tag[i] = ZT_DICT_NOTAG;
    b->idf[i] = NAN;
  }
  b->cap_nodes = nc;
  return ZT_OK;
}

/* Child of node for cp, created when absent. Returns 0 on failure (node 0 is the root). */
static uint32_t b_child(builder *b, uint32_t node, uint32_t cp, int *rc) {
  uint64_t key = ((uint64_t)node << 21) | cp, h;
  if ((uint64_t)(b->n_nodes + 1) * 2 > b->mask + 1) {
    if ((*rc = b_grow_slots(b)) != ZT_OK) return 0;
  }
  h = slot_hash(key, b->bits);
  while (b->slots[h]) {
    if ((b->slots[h] >> 21) == key) return (uint32_t)(b->slots[h] & 0x1FFFFFu);
    h = (h + 1) & b->mask;
  }
  if (b->n_nodes >= b->cap_nodes) {
    if ((*rc = b_grow_nodes(b)) != ZT_OK) return 0;
  }
  b->slots[h] = (key << 21) | b->n_nodes;
  return b->n_nodes++;
}

/* Inserts a word (valid UTF-8); returns its node, 0 on failure (*rc set). */
static uint32_t b_insert(builder *b, const char *w, size_t n, int *rc) {
  uint32_t node = 0;
  size_t i = 0;
  while (i < n) {
    int32_t cp;
    size_t l = zt_utf8_decode((const unsigned char *)w + i, n - i, &cp);
    if (cp < 0) {
      *rc = ZT_EUTF8;
      return 0;
    }
    node = b_child(b, node, (uint32_t)cp, rc);
    if (!node) return 0;
    i += l;
  }
  return node;
}

static int b_tag(builder *b, const char *t, size_t n) {
  unsigned i;
  if (n == 0) return ZT_DICT_NOTAG;
  if (n >= ZT_DICT_TAGLEN) return -1;
  for (i = 0; i < b->n_tags; i++)
    if (strlen(b->tags[i]) == n && memcmp(b->tags[i], t, n) == 0) return (int)i;
  if (b->n_tags >= 254) return -1;
  memcpy(b->tags[b->n_tags], t, n);
  b->tags[b->n_tags][n] = '\0';
  return (int)b->n_tags++;
}

static void b_free(builder *b) {
  free(b->slots);
  free(b->freq);
  free(b->tag);
  free(b->idf);
  free(b->pstart);
  free(b->ptrans);
  free(b->pnext);
  free(b->pcs_idx);
  free(b->pemit_idx);
  free(b->pcs);
  free(b->pemit_st);
  free(b->pemit_p);
  memset(b, 0, sizeof *b);
}

static int b_init(builder *b) {
  int rc;
  memset(b, 0, sizeof *b);
  if ((rc = b_grow_slots(b)) != ZT_OK || (rc = b_grow_nodes(b)) != ZT_OK) return rc;
  b->n_nodes = 1; /* the root */
  return ZT_OK;
}

static int is_ws(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Loads a jieba dictionary: "word freq [tag]" per line, fields separated by one space. */
static int b_load_words(builder *b, const char *path, char *err, size_t errlen) {
  char *text;
  size_t len, pos = 0, lineno = 0;
  int rc = read_file(path, &text, &len, err, errlen);
  if (rc) return rc;
  while (pos < len) {
    const char *line = text + pos, *e = memchr(line, '\n', len - pos), *sp1, *sp2;
    size_t n = e ? (size_t)(e - line) : len - pos;
    uint64_t freq = 0;
    const char *q;
    uint32_t node;
    int tag = ZT_DICT_NOTAG;
    pos += n + 1;
    lineno++;
    while (n && is_ws(line[n - 1])) n--;
    while (n && is_ws(*line)) line++, n--;
    if (lineno == 1 && n >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) line += 3, n -= 3;
    if (!n) continue;
    sp1 = memchr(line, ' ', n);
    if (!sp1 || sp1 == line) {
      seterr(err, errlen, "%s:%zu: invalid dictionary entry (expected 'word freq [tag]')", path, lineno);
      rc = ZT_EFORMAT;
      break;
    }
    sp2 = memchr(sp1 + 1, ' ', (size_t)(line + n - sp1 - 1));
    q = sp1 + 1;
    if (q == (sp2 ? sp2 : line + n)) q = NULL;
    for (; q && q < (sp2 ? sp2 : line + n); q++) {
      if (*q < '0' || *q > '9' || freq > 0xFFFFFFFFull / 10) break;
      freq = freq * 10 + (uint64_t)(*q - '0');
    }
    if (!q || q != (sp2 ? sp2 : line + n) || freq > 0xFFFFFFFFull) {
      seterr(err, errlen, "%s:%zu: invalid frequency in dictionary entry", path, lineno);
      rc = ZT_EFORMAT;
      break;
    }
    if (sp2) {
      const char *t = sp2 + 1, *te = memchr(t, ' ', (size_t)(line + n - t));
      tag = b_tag(b, t, (size_t)((te ? te : line + n) - t));
      if (tag < 0) {
        seterr(err, errlen, "%s:%zu: bad POS tag (too long or too many tags)", path, lineno);
        rc = ZT_EFORMAT;
        break;
      }
    }
    node = b_insert(b, line, (size_t)(sp1 - line), &rc);
    if (!node) {
      seterr(err, errlen, "%s:%zu: %s", path, lineno,
             rc == ZT_EUTF8 ? "invalid UTF-8 in word" : rc == ZT_ENOMEM ? "out of memory" : "too many words");
      break;
    }
    if (!b->freq[node] && freq) b->n_words++;
    b->freq[node] = (uint32_t)freq;
    b->total += freq;
    if (tag != ZT_DICT_NOTAG || sp2) b->tag[node] = (uint8_t)tag;
  }
  free(text);
  return rc;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

/* Loads jieba's idf.txt: "word idf" per line; median of the distinct words' values. */
static int b_load_idf(builder *b, const char *path, char *err, size_t errlen) {
  char *text;
  size_t len, pos = 0, lineno = 0, nv = 0;
  double *vals;
  uint32_t i;
  int rc = read_file(path, &text, &len, err, errlen);
  if (rc) return rc;
  while (pos < len) {
    const char *line = text + pos, *e = memchr(line, '\n', len - pos), *sp;
    size_t n = e ? (size_t)(e - line) : len - pos;
    char num[64], *end;
    double v;
    uint32_t node;
    pos += n + 1;
    lineno++;
    while (n && is_ws(line[n - 1])) n--;
    while (n && is_ws(*line)) line++, n--;
    if (!n) continue;
    sp = memchr(line, ' ', n);
    if (!sp || sp == line || (size_t)(line + n - sp - 1) >= sizeof num) {
      seterr(err, errlen, "%s:%zu: invalid idf entry", path, lineno);
      rc = ZT_EFORMAT;
      break;
    }
    memcpy(num, sp + 1, (size_t)(line + n - sp - 1));
    num[line + n - sp - 1] = '\0';
    v = strtod(num, &end);
    if (end == num || *end || !isfinite(v)) {
      seterr(err, errlen, "%s:%zu: invalid idf value", path, lineno);
      rc = ZT_EFORMAT;
      break;
    }
    node = b_insert(b, line, (size_t)(sp - line), &rc);
    if (!node) {
      seterr(err, errlen, "%s:%zu: %s", path, lineno, rc == ZT_EUTF8 ? "invalid UTF-8" : "out of memory");
      break;
    }
    b->idf[node] = v;
  }
  free(text);
  if (rc) return rc;
  vals = (double *)malloc((b->n_nodes + 1) * sizeof *vals);
  if (!vals) return ZT_ENOMEM;
  for (i = 0; i < b->n_nodes; i++)
    if (!isnan(b->idf[i])) vals[nv++] = b->idf[i];
  if (nv) {
    qsort(vals, nv, sizeof *vals, cmp_double);
    b->median_idf = vals[nv / 2];
  }
  free(vals);
  return ZT_OK;
}

/* ---------------------------------------------------------------- Python literals */

enum { PY_DICT, PY_TUPLE, PY_STR, PY_NUM };
typedef struct pyval {
  int type;
  int32_t first, next; /* children (dict: key, value, key, value...), sibling */
  double num;
  uint32_t s, n; /* string: offset/length in the pool */
} pyval;

typedef struct pyparser {
  const char *p, *end;
  pyval *v;
  size_t nv, capv;
  char *pool;
  size_t npool, cappool;
  int oom;
} pyparser;

static void py_ws(pyparser *ps) {
  while (ps->p < ps->end && (is_ws(*ps->p) || *ps->p == '#')) {
    if (*ps->p == '#')
      while (ps->p < ps->end && *ps->p != '\n') ps->p++;
    else
      ps->p++;
  }
}

static int32_t py_new(pyparser *ps, int type) {
  if (ps->nv == ps->capv) {
    size_t nc = ps->capv ? ps->capv * 2 : 4096;
    pyval *nv = (pyval *)realloc(ps->v, nc * sizeof *nv);
    if (!nv) { ps->oom = 1; return -1; }
    ps->v = nv;
    ps->capv = nc;
  }
  if (ps->nv >= 0x7FFFFFFF) return -1;
  memset(&ps->v[ps->nv], 0, sizeof ps->v[0]);
  ps->v[ps->nv].type = type;
  ps->v[ps->nv].first = ps->v[ps->nv].next = -1;
  return (int32_t)ps->nv++;
}

static void py_putc(pyparser *ps, const char *s, size_t n) {
  if (ps->npool + n > ps->cappool) {
    size_t nc = ps->cappool ? ps->cappool * 2 : 65536;
    char *np;
    while (nc < ps->npool + n) nc *= 2;
    np = (char *)realloc(ps->pool, nc);
    if (!np) { ps->oom = 1; return; }
    ps->pool = np;
    ps->cappool = nc;
  }
  memcpy(ps->pool + ps->npool, s, n);
  ps->npool += n;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static int32_t py_value(pyparser *ps, int depth);

static int32_t py_string(pyparser *ps) {
  char q = *ps->p++;
  int32_t id = py_new(ps, PY_STR);
  if (id < 0) return -1;
  ps->v[id].s = (uint32_t)ps->npool;
  while (ps->p < ps->end && *ps->p != q) {
    if (*ps->p == '\\' && ps->p + 1 < ps->end) {
      char c = ps->p[1];
      int digits = c == 'u' ? 4 : c == 'U' ? 8 : c == 'x' ? 2 : 0;
      ps->p += 2;
      if (digits) {
        int32_t cp = 0;
        int k;
        char out[4];
        for (k = 0; k < digits; k++) {
          int h = ps->p < ps->end ? hexval(*ps->p) : -1;
          if (h < 0) return -1;
          cp = cp * 16 + h;
          ps->p++;
        }
        if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
        py_putc(ps, out, zt_utf8_encode(cp, out));
      } else {
        char e = c == 'n' ? '\n' : c == 't' ? '\t' : c == 'r' ? '\r' : c == '0' ? '\0' : c;
        py_putc(ps, &e, 1);
      }
    } else {
      py_putc(ps, ps->p++, 1);
    }
  }
  if (ps->p >= ps->end) return -1;
  ps->p++;
  ps->v[id].n = (uint32_t)(ps->npool - ps->v[id].s);
  return id;
}

/* Parses children until the closing bracket; dicts alternate key ':' value. */
static int32_t py_container(pyparser *ps, int type, char close, int depth) {
  int32_t id = py_new(ps, type), last = -1;
  if (id < 0) return -1;
  ps->p++;
  for (;;) {
    int32_t c;
    py_ws(ps);
    if (ps->p >= ps->end) return -1;
    if (*ps->p == close) { ps->p++; return id; }
    c = py_value(ps, depth + 1);
    if (c < 0) return -1;
    if (last < 0) ps->v[id].first = c; else ps->v[last].next = c;
    last = c;
    py_ws(ps);
    if (type == PY_DICT) {
      if (ps->p >= ps->end || *ps->p != ':') return -1;
      ps->p++;
      c = py_value(ps, depth + 1);
      if (c < 0) return -1;
      ps->v[last].next = c;
      last = c;
      py_ws(ps);
    }
    if (ps->p < ps->end && *ps->p == ',') ps->p++;
    else if (ps->p >= ps->end || *ps->p != close) return -1;
  }
}

static int32_t py_value(pyparser *ps, int depth) {
  py_ws(ps);
  if (ps->p >= ps->end || depth > 8 || ps->oom) return -1;
  if (*ps->p == '{') return py_container(ps, PY_DICT, '}', depth);
  if (*ps->p == '(') return py_container(ps, PY_TUPLE, ')', depth);
  if (*ps->p == '\'' || *ps->p == '"') return py_string(ps);
  {
    char num[64], *end;
    size_t n = 0;
    int32_t id;
    while (ps->p + n < ps->end && n < sizeof num - 1 && strchr("+-.0123456789eE", ps->p[n]) && ps->p[n]) n++;
    if (!n) return -1;
    memcpy(num, ps->p, n);
    num[n] = '\0';
    id = py_new(ps, PY_NUM);
    if (id < 0) return -1;
    ps->v[id].num = strtod(num, &end);
    if (end != num + n) return -1;
    ps->p += n;
    return id;
  }
}

/* Parses the `P={...}` literal of one of jieba's prob_*.py / char_state_tab.py files. */
static int py_parse_file(pyparser *ps, const char *path, char **text, int32_t *root, char *err, size_t errlen) {
  size_t len;
  const char *p;
  int rc = read_file(path, text, &len, err, errlen);
  memset(ps, 0, sizeof *ps);
  if (rc) return rc;
  p = strstr(*text, "P=");
  if (!p) p = strstr(*text, "P =");
  if (p) p = strchr(p, '=') + 1;
  ps->p = p;
  ps->end = *text + len;
  *root = p ? py_value(ps, 0) : -1;
  if (*root < 0 || ps->v[*root].type != PY_DICT) {
    seterr(err, errlen, "%s: %s", path, ps->oom ? "out of memory" : "cannot parse the P={...} literal");
    return ps->oom ? ZT_ENOMEM : ZT_EFORMAT;
  }
  return ZT_OK;
}

static void py_free(pyparser *ps, char *text) {
  free(ps->v);
  free(ps->pool);
  free(text);
}

static int py_is_str(const pyparser *ps, int32_t id) { return id >= 0 && ps->v[id].type == PY_STR; }

/* A one-character string key -> its code point, else -1. */
static int32_t py_char(const pyparser *ps, int32_t id) {
  int32_t cp;
  if (!py_is_str(ps, id) || !ps->v[id].n) return -1;
  if (zt_utf8_decode((const unsigned char *)ps->pool + ps->v[id].s, ps->v[id].n, &cp) != ps->v[id].n) return -1;
  return cp;
}

static int bmes_index(char c) {
  return c == 'B' ? ZT_B : c == 'E' ? ZT_E : c == 'M' ? ZT_M : c == 'S' ? ZT_S : -1;
}

/* ('B', 'tag') -> posseg state index (created in `b` when create is set), -1 on error. */
static int pstate_of(builder *b, const pyparser *ps, int32_t id, int create) {
  int32_t a, t;
  int tag;
  unsigned i;
  char bm;
  if (id < 0 || ps->v[id].type != PY_TUPLE) return -1;
  a = ps->v[id].first;
  t = a >= 0 ? ps->v[a].next : -1;
  if (!py_is_str(ps, a) || !py_is_str(ps, t) || ps->v[a].n != 1 || bmes_index(ps->pool[ps->v[a].s]) < 0) return -1;
  bm = ps->pool[ps->v[a].s];
  tag = b_tag(b, ps->pool + ps->v[t].s, ps->v[t].n);
  if (tag < 0 || tag == ZT_DICT_NOTAG) return -1;
  for (i = 0; i < b->n_pstates; i++)
    if (b->pstate[i].bmes == (uint8_t)bm && b->pstate[i].tag == (uint8_t)tag) return (int)i;
  if (!create || b->n_pstates >= MAX_PSTATES) return -1;
  b->pstate[b->n_pstates].bmes = (uint8_t)bm;
  b->pstate[b->n_pstates].tag = (uint8_t)tag;
  return (int)b->n_pstates++;
}

static int load_finalseg(builder *b, const char *dir, char *err, size_t errlen) {
  static const char *const files[3] = {"finalseg/prob_start.py", "finalseg/prob_trans.py", "finalseg/prob_emit.py"};
  double *start = b->hmm, *trans = b->hmm + 4, *emit = b->hmm + 20;
  size_t i;
  int f;
  for (i = 0; i < 16; i++) trans[i] = ZT_MIN_FLOAT;
  for (i = 0; i < (size_t)ZT_HAN_COUNT * 4; i++) emit[i] = ZT_MIN_FLOAT;
  for (f = 0; f < 3; f++) {
    char path[4096], *text = NULL;
    pyparser ps;
    int32_t root, k;
    int rc;
    snprintf(path, sizeof path, "%s/%s", dir, files[f]);
    if ((rc = py_parse_file(&ps, path, &text, &root, err, errlen)) != ZT_OK) {
      py_free(&ps, text);
      return rc;
    }
    for (k = ps.v[root].first; k >= 0; k = ps.v[ps.v[k].next].next) {
      int32_t val = ps.v[k].next, e;
      int st = py_is_str(&ps, k) && ps.v[k].n == 1 ? bmes_index(ps.pool[ps.v[k].s]) : -1;
      if (st < 0) goto bad;
      if (f == 0) {
        if (ps.v[val].type != PY_NUM) goto bad;
        start[st] = ps.v[val].num;
        continue;
      }
      if (ps.v[val].type != PY_DICT) goto bad;
      for (e = ps.v[val].first; e >= 0; e = ps.v[ps.v[e].next].next) {
        int32_t num = ps.v[e].next, cp = py_char(&ps, e);
        if (ps.v[num].type != PY_NUM || cp < 0) goto bad;
        if (f == 1) {
          int to = ps.v[e].n == 1 ? bmes_index((char)cp) : -1;
          if (to < 0) goto bad;
          trans[st * 4 + to] = ps.v[num].num;
        } else if (cp >= ZT_HAN_FIRST && cp <= ZT_HAN_LAST) {
          emit[(size_t)(cp - ZT_HAN_FIRST) * 4 + (size_t)st] = ps.v[num].num;
        }
      }
    }
    py_free(&ps, text);
    continue;
  bad:
    py_free(&ps, text);
    seterr(err, errlen, "%s: unexpected structure", path);
    return ZT_EFORMAT;
  }
  return ZT_OK;
}

typedef struct emit_ent { uint32_t cp; uint8_t st; double p; } emit_ent;

static int load_posseg(builder *b, const char *dir, char *err, size_t errlen) {
  static const char *const files[4] = {"posseg/prob_start.py", "posseg/prob_trans.py",
                                       "posseg/prob_emit.py", "posseg/char_state_tab.py"};
  emit_ent *ents = NULL;
  size_t nents = 0, capents = 0, i;
  int f, rc = ZT_OK;
  uint8_t *cs_st = NULL;
  uint32_t *cs_cp = NULL;
  size_t ncs = 0, capcs = 0;
  b->pstart = (double *)malloc(MAX_PSTATES * sizeof *b->pstart);
  b->ptrans = (double *)malloc((size_t)MAX_PSTATES * MAX_PSTATES * sizeof *b->ptrans);
  b->pnext = (uint64_t *)calloc(MAX_PSTATES * 4, sizeof *b->pnext);
  b->pcs_idx = (uint32_t *)calloc(ZT_HAN_COUNT + 1, sizeof *b->pcs_idx);
  b->pemit_idx = (uint32_t *)calloc(ZT_HAN_COUNT + 1, sizeof *b->pemit_idx);
  if (!b->pstart || !b->ptrans || !b->pnext || !b->pcs_idx || !b->pemit_idx) return ZT_ENOMEM;
  for (i = 0; i < (size_t)MAX_PSTATES * MAX_PSTATES; i++) b->ptrans[i] = -INFINITY;
  for (f = 0; f < 4 && rc == ZT_OK; f++) {
    char path[4096], *text = NULL;
    pyparser ps;
    int32_t root, k;
    snprintf(path, sizeof path, "%s/%s", dir, files[f]);
    if ((rc = py_parse_file(&ps, path, &text, &root, err, errlen)) != ZT_OK) {
      py_free(&ps, text);
      break;
    }
    for (k = ps.v[root].first; k >= 0 && rc == ZT_OK; k = ps.v[ps.v[k].next].next) {
      int32_t val = ps.v[k].next, e;
      int st = f == 3 ? -1 : pstate_of(b, &ps, k, f == 0);
      if (f == 0) {
        if (st < 0 || ps.v[val].type != PY_NUM) { rc = ZT_EFORMAT; break; }
        b->pstart[st] = ps.v[val].num;
        continue;
      }
      if (f == 3) {
        int32_t cp = py_char(&ps, k);
        if (cp < 0 || ps.v[val].type != PY_TUPLE) { rc = ZT_EFORMAT; break; }
        for (e = ps.v[val].first; e >= 0; e = ps.v[e].next) {
          int s2 = pstate_of(b, &ps, e, 0);
          if (s2 < 0) { rc = ZT_EFORMAT; break; }
          if (cp < ZT_HAN_FIRST || cp > ZT_HAN_LAST) continue;
          if (ncs == capcs) {
            size_t nc = capcs ? capcs * 2 : 65536;
            uint8_t *a = (uint8_t *)realloc(cs_st, nc);
            uint32_t *c2;
            if (!a) { rc = ZT_ENOMEM; break; }
            cs_st = a;
            c2 = (uint32_t *)realloc(cs_cp, nc * sizeof *c2);
            if (!c2) { rc = ZT_ENOMEM; break; }
            cs_cp = c2;
            capcs = nc;
          }
          cs_st[ncs] = (uint8_t)s2;
          cs_cp[ncs++] = (uint32_t)cp;
        }
        continue;
      }
      if (st < 0 || ps.v[val].type != PY_DICT) { rc = ZT_EFORMAT; break; }
      for (e = ps.v[val].first; e >= 0; e = ps.v[ps.v[e].next].next) {
        int32_t num = ps.v[e].next;
        if (ps.v[num].type != PY_NUM) { rc = ZT_EFORMAT; break; }
        if (f == 1) {
          int to = pstate_of(b, &ps, e, 0);
          if (to < 0) { rc = ZT_EFORMAT; break; }
          b->ptrans[st * MAX_PSTATES + to] = ps.v[num].num;
          b->pstate[st].has_trans = 1;
          b->pnext[st * 4 + to / 64] |= (uint64_t)1 << (to % 64);
        } else {
          int32_t cp = py_char(&ps, e);
          if (cp < 0) { rc = ZT_EFORMAT; break; }
          if (cp < ZT_HAN_FIRST || cp > ZT_HAN_LAST) continue;
          if (nents == capents) {
            size_t nc = capents ? capents * 2 : 65536;
            emit_ent *ne = (emit_ent *)realloc(ents, nc * sizeof *ne);
            if (!ne) { rc = ZT_ENOMEM; break; }
            ents = ne;
            capents = nc;
          }
          ents[nents].cp = (uint32_t)cp;
          ents[nents].st = (uint8_t)st;
          ents[nents++].p = ps.v[num].num;
        }
      }
    }
    if (rc == ZT_EFORMAT) seterr(err, errlen, "%s: unexpected structure", path);
    else if (rc == ZT_ENOMEM) seterr(err, errlen, "%s: out of memory", path);
    py_free(&ps, text);
  }
  if (rc == ZT_OK) {
    /* counting sort of emissions and char states by character */
    size_t t;
    b->pemit_st = (uint8_t *)malloc(nents + 1);
    b->pemit_p = (double *)malloc((nents + 1) * sizeof *b->pemit_p);
    b->pcs = (uint8_t *)malloc(ncs + 1);
    if (!b->pemit_st || !b->pemit_p || !b->pcs) rc = ZT_ENOMEM;
    for (t = 0; rc == ZT_OK && t < 2; t++) {
      uint32_t *idx = t ? b->pcs_idx : b->pemit_idx, sum = 0, c;
      size_t n = t ? ncs : nents;
      for (i = 0; i < n; i++) idx[(t ? cs_cp[i] : ents[i].cp) - ZT_HAN_FIRST + 1]++;
      for (c = 0; c <= ZT_HAN_COUNT; c++) { sum += idx[c]; idx[c] = sum; }
      /* idx[c] is now the end of c-1 = the start of c; fill moving the starts, then shift back */
      for (i = 0; i < n; i++) {
        uint32_t c2 = (t ? cs_cp[i] : ents[i].cp) - ZT_HAN_FIRST, at = idx[c2]++;
        if (t) b->pcs[at] = cs_st[i];
        else { b->pemit_st[at] = ents[i].st; b->pemit_p[at] = ents[i].p; }
      }
      for (c = ZT_HAN_COUNT; c > 0; c--) idx[c] = idx[c - 1];
      idx[0] = 0;
    }
    b->n_pcs = (uint32_t)ncs;
    b->n_pemit = (uint32_t)nents;
  }
  free(ents);
  free(cs_st);
  free(cs_cp);
  return rc;
}

/* ---------------------------------------------------------------- layout */

static int cmp_u32(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

static int bind_sections(zt_dict *d, size_t size, char *err, size_t errlen);

typedef struct wnode { uint64_t w; uint32_t id; } wnode;

static int cmp_wnode(const void *a, const void *b) {
  const wnode *x = (const wnode *)a, *y = (const wnode *)b;
  if (x->w != y->w) return x->w > y->w ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

typedef struct edge { uint32_t parent, cp, node; } edge;

static int cmp_edge(const void *a, const void *b) {
  const edge *x = (const edge *)a, *y = (const edge *)b;
  if (x->parent != y->parent) return x->parent < y->parent ? -1 : 1;
  return x->cp < y->cp ? -1 : x->cp > y->cp;
}

static unsigned log2_u32(uint32_t t) {
  unsigned k = 0;
  while ((1u << k) < t) k++;
  return k;
}

/* The builder's trie being laid out: edges by parent, per-node table sizes and offsets,
 * distinct frequencies. */
typedef struct layout {
  size_t nn, ne, nslots, nfv;
  uint32_t *tsize, *fv, *nk, *toff, *id, *first, *fidx;
  edge *edges;
  wnode *order;
} layout;

static void layout_free(layout *L) {
  free(L->fv);
  free(L->edges);
  free(L->nk);
  free(L->first);
  free(L->tsize);
  free(L->toff);
  free(L->id);
  free(L->fidx);
  free(L->order);
}

/* Edges (children of each parent, by code point) and the size of every node's table: lists up
 * to 4 children (and for the root), else 2^k > 1.5 n slots. */
static int layout_tables(const builder *b, layout *L, char *err, size_t errlen) {
  size_t i, nn = L->nn;
  for (i = 0; i <= b->mask; i++) {
    uint64_t sl = b->slots[i];
    if (!sl) continue;
    L->edges[L->ne].parent = (uint32_t)(sl >> 42);
    L->edges[L->ne].cp = (uint32_t)((sl >> 21) & 0x1FFFFF);
    L->edges[L->ne].node = (uint32_t)(sl & 0x1FFFFF);
    L->nk[L->edges[L->ne].parent]++;
    L->ne++;
  }
  qsort(L->edges, L->ne, sizeof *L->edges, cmp_edge);
  for (i = 0; i < L->ne; i++) L->first[L->edges[i].parent + 1]++;
  for (i = 0; i < nn; i++) L->first[i + 1] += L->first[i];
  L->nslots = 0;
  for (i = 0; i < nn; i++) {
    if (i && L->nk[i] > 4) {
      uint32_t t = 8;
      while (t < L->nk[i] + L->nk[i] / 2 + 1) t *= 2;
      L->tsize[i] = t;
    } else {
      L->tsize[i] = L->nk[i];
    }
    L->nslots += L->tsize[i];
  }
  if (L->nslots >= ZT_ENT_MAX_OFF) {
    seterr(err, errlen, "dictionary too large (%zu trie entries, at most %u)", L->nslots, ZT_ENT_MAX_OFF - 1);
    return ZT_EFORMAT;
  }
  return ZT_OK;
}

/* Table offsets, tables ordered by decreasing subtree frequency (the root's list first). */
static void layout_order(const builder *b, layout *L) {
  size_t i, off, nn = L->nn;
  /* subtree weight = the largest frequency below (children are created after their parent) */
  uint32_t *par = L->toff; /* reused as scratch before the offsets are set */
  for (i = 0; i < L->ne; i++) par[L->edges[i].node] = L->edges[i].parent;
  for (i = 0; i < nn; i++) { L->order[i].w = b->freq[i]; L->order[i].id = (uint32_t)i; }
  for (i = nn; i-- > 1;)
    if (L->order[i].w > L->order[par[i]].w) L->order[par[i]].w = L->order[i].w;
  L->order[0].w = UINT64_MAX;
  qsort(L->order, nn, sizeof *L->order, cmp_wnode);
  for (i = 0, off = 0; i < nn; i++) {
    L->toff[L->order[i].id] = (uint32_t)off;
    off += L->tsize[L->order[i].id];
  }
}

/* Distinct frequencies, and each node's index into them (0: not a word). */
static int layout_freqs(const builder *b, layout *L, char *err, size_t errlen) {
  size_t i, j, nn = L->nn;
  L->nfv = 0;
  for (i = 0; i < nn; i++)
    if (b->freq[i]) L->fv[L->nfv++] = b->freq[i];
  qsort(L->fv, L->nfv, sizeof *L->fv, cmp_u32);
  for (i = 0, j = 0; i < L->nfv; i++)
    if (!j || L->fv[j - 1] != L->fv[i]) L->fv[j++] = L->fv[i];
  L->nfv = j;
  if (L->nfv + 1 > ZT_NODE_FMASK) {
    seterr(err, errlen, "too many distinct word frequencies (%zu, at most %u)", L->nfv, ZT_NODE_FMASK - 1);
    return ZT_EFORMAT;
  }
  for (i = 0; i < nn; i++)
    if (b->freq[i]) {
      size_t lo = 0, hi = L->nfv;
      while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (L->fv[mid] < b->freq[i]) lo = mid + 1; else hi = mid;
      }
      L->fidx[i] = (uint32_t)(lo + 1);
    }
  return ZT_OK;
}

/* The header's counts and every section's size and offset; returns the image size. */
static size_t layout_sections(const builder *b, const layout *L, zt_dict_header *h, size_t *sizes) {
  size_t i, off, nslots = L->nslots;
  memset(h, 0, sizeof *h);
  memcpy(h->magic, "ZTJIEBA", 8);
  h->version = ZT_DICT_VERSION;
  h->endian = 0x01020304;
  h->total = b->total;
  h->median_idf = b->median_idf;
  h->n_words = b->n_words;
  h->n_tags = b->n_tags;
  h->n_pstates = b->n_pstates;
  h->n_pcs = b->n_pcs;
  h->n_pemit = b->n_pemit;
  h->n_kids = (uint32_t)nslots;
  h->n_nodes = (uint32_t)nslots + 1;
  h->root_kids = L->nk[0];
  h->n_fvals = ZT_NODE_FMASK + 1;
  sizes[ZT_SEC_RESERVED] = 8;
  sizes[ZT_SEC_ROOT] = ZT_DICT_ROOT_DIRECT * 4;
  sizes[ZT_SEC_KIDS] = (nslots + 1) * sizeof(zt_dent);
  sizes[ZT_SEC_FREQ] = (nslots + 1) * 4;
  sizes[ZT_SEC_TAG] = nslots + 1;
  sizes[ZT_SEC_IDF] = (nslots + 1) * 8;
  sizes[ZT_SEC_TAGS] = (size_t)b->n_tags * ZT_DICT_TAGLEN;
  sizes[ZT_SEC_HMM] = sizeof b->hmm;
  sizes[ZT_SEC_PSTATE] = b->n_pstates * sizeof(zt_pstate);
  sizes[ZT_SEC_PSTART] = b->n_pstates * 8;
  sizes[ZT_SEC_PTRANS] = (size_t)b->n_pstates * b->n_pstates * 8;
  sizes[ZT_SEC_PNEXT] = (size_t)b->n_pstates * 4 * 8;
  sizes[ZT_SEC_PCS_IDX] = (ZT_HAN_COUNT + 1) * 4;
  sizes[ZT_SEC_PCS] = b->n_pcs;
  sizes[ZT_SEC_PEMIT_IDX] = (ZT_HAN_COUNT + 1) * 4;
  sizes[ZT_SEC_PEMIT_ST] = b->n_pemit;
  sizes[ZT_SEC_PEMIT_P] = (size_t)b->n_pemit * 8;
  sizes[ZT_SEC_FVALS] = (size_t)h->n_fvals * 8;
  off = align8(sizeof *h);
  for (i = 0; i < ZT_SEC_COUNT; i++) {
    h->off[i] = off;
    off = align8(off + sizes[i]);
  }
  h->size = off;
  return off;
}

/* The trie sections: every node placed in its parent's table (its id is the slot index + 1),
 * with its frequency, tag and idf. */
static void fill_trie(const builder *b, const layout *L, const zt_dict_header *h, unsigned char *mem) {
  zt_dent *kids = (zt_dent *)(void *)(mem + h->off[ZT_SEC_KIDS]);
  uint32_t *root = (uint32_t *)(void *)(mem + h->off[ZT_SEC_ROOT]);
  uint32_t *freq = (uint32_t *)(void *)(mem + h->off[ZT_SEC_FREQ]);
  uint8_t *tag = mem + h->off[ZT_SEC_TAG];
  double *idf = (double *)(void *)(mem + h->off[ZT_SEC_IDF]);
  double *fvals = (double *)(void *)(mem + h->off[ZT_SEC_FVALS]);
  const uint32_t *tsize = L->tsize, *nk = L->nk, *toff = L->toff;
  uint32_t *id = L->id;
  size_t i, nslots = L->nslots;
  for (i = 0; i <= ZT_NODE_FMASK; i++) fvals[i] = -1.0;
  for (i = 0; i < L->nfv; i++) fvals[i + 1] = log((double)L->fv[i]);
  for (i = 0; i < nslots; i++) kids[i] = ZT_ENT_EMPTY;
  for (i = 0; i <= nslots; i++) {
    tag[i] = ZT_DICT_NOTAG;
    idf[i] = NAN;
  }
  for (i = 0; i < L->ne; i++) {
    const edge *e = &L->edges[i];
    uint32_t slot;
    if (tsize[e->parent] != nk[e->parent]) { /* hashed */
      uint32_t mask = tsize[e->parent] - 1, hh = (e->cp * 0x9E3779B1u) & mask;
      while (kids[toff[e->parent] + hh] != ZT_ENT_EMPTY) hh = (hh + 1) & mask;
      slot = toff[e->parent] + hh;
    } else {
      slot = toff[e->parent] + (uint32_t)(i - L->first[e->parent]);
    }
    kids[slot] = e->cp; /* marks the slot taken; completed below */
    id[e->node] = slot + 1;
  }
  for (i = 1; i < L->nn; i++) {
    uint32_t nid = id[i];
    uint64_t hashed = tsize[i] != nk[i], n = hashed ? log2_u32(tsize[i]) : nk[i];
    kids[nid - 1] = (uint64_t)(kids[nid - 1] & 0x1FFFFF) | ((uint64_t)L->fidx[i] << 21) | (hashed << 36) |
                    (n << 37) | ((uint64_t)toff[i] << 42);
    freq[nid] = b->freq[i];
    tag[nid] = b->tag[i];
    idf[nid] = b->idf[i];
    if (nid - 1 < nk[0] && ZT_ENT_CP(kids[nid - 1]) < ZT_DICT_ROOT_DIRECT)
      root[ZT_ENT_CP(kids[nid - 1])] = nid; /* the root's list is at offset 0 */
  }
  freq[0] = b->freq[0];
  idf[0] = b->idf[0];
}

/* The tag names, HMM and POS tables, copied as built. */
static void fill_tables(const builder *b, const zt_dict_header *h, const size_t *sizes, unsigned char *mem) {
  size_t i;
  for (i = 0; i < b->n_tags; i++) memcpy(mem + h->off[ZT_SEC_TAGS] + i * ZT_DICT_TAGLEN, b->tags[i], ZT_DICT_TAGLEN);
  memcpy(mem + h->off[ZT_SEC_HMM], b->hmm, sizeof b->hmm);
  memcpy(mem + h->off[ZT_SEC_PSTATE], b->pstate, sizes[ZT_SEC_PSTATE]);
  for (i = 0; i < b->n_pstates; i++) {
    memcpy(mem + h->off[ZT_SEC_PSTART] + i * 8, b->pstart + i, 8);
    memcpy(mem + h->off[ZT_SEC_PTRANS] + i * b->n_pstates * 8, b->ptrans + i * MAX_PSTATES, (size_t)b->n_pstates * 8);
    memcpy(mem + h->off[ZT_SEC_PNEXT] + i * 32, b->pnext + i * 4, 32);
  }
  memcpy(mem + h->off[ZT_SEC_PCS_IDX], b->pcs_idx, sizes[ZT_SEC_PCS_IDX]);
  memcpy(mem + h->off[ZT_SEC_PCS], b->pcs, sizes[ZT_SEC_PCS]);
  memcpy(mem + h->off[ZT_SEC_PEMIT_IDX], b->pemit_idx, sizes[ZT_SEC_PEMIT_IDX]);
  memcpy(mem + h->off[ZT_SEC_PEMIT_ST], b->pemit_st, sizes[ZT_SEC_PEMIT_ST]);
  memcpy(mem + h->off[ZT_SEC_PEMIT_P], b->pemit_p, sizes[ZT_SEC_PEMIT_P]);
}

/* Lays the builder out as an image in d->mem: each node's children in one table (see
 * zt_dict.h), tables ordered by decreasing subtree frequency, the root's list first. */
static int b_finish(builder *b, zt_dict **out, char *err, size_t errlen) {
  size_t sizes[ZT_SEC_COUNT], nn = b->n_nodes, size;
  layout L;
  zt_dict_header h;
  unsigned char *mem = NULL;
  zt_dict *d;
  int rc = ZT_ENOMEM;
  memset(&L, 0, sizeof L);
  L.nn = nn;
  L.edges = (edge *)calloc(nn, sizeof *L.edges);
  L.nk = (uint32_t *)calloc(nn, sizeof *L.nk);
  L.first = (uint32_t *)calloc(nn + 1, sizeof *L.first);
  L.tsize = (uint32_t *)calloc(nn, sizeof *L.tsize);
  L.toff = (uint32_t *)calloc(nn, sizeof *L.toff);
  L.id = (uint32_t *)calloc(nn, sizeof *L.id);
  L.fidx = (uint32_t *)calloc(nn, sizeof *L.fidx);
  L.order = (wnode *)calloc(nn, sizeof *L.order);
  L.fv = (uint32_t *)malloc((nn + 1) * sizeof *L.fv);
  if (!L.edges || !L.nk || !L.first || !L.tsize || !L.toff || !L.id || !L.fidx || !L.order || !L.fv)
    goto done;
  if ((rc = layout_tables(b, &L, err, errlen)) != ZT_OK) goto done;
  layout_order(b, &L);
  if ((rc = layout_freqs(b, &L, err, errlen)) != ZT_OK) goto done;
  rc = ZT_ENOMEM;
  size = layout_sections(b, &L, &h, sizes);
  mem = (unsigned char *)calloc(1, size);
  if (!mem) goto done;
  fill_trie(b, &L, &h, mem);
  fill_tables(b, &h, sizes, mem);
  h.checksum = zt_dict_checksum(mem + sizeof h, h.size - sizeof h);
  h.hdr_checksum = zt_dict_checksum((const unsigned char *)&h, sizeof h);
  memcpy(mem, &h, sizeof h);
  d = (zt_dict *)calloc(1, sizeof *d);
  if (!d) goto done;
  d->mem = mem;
  mem = NULL;
  if ((rc = bind_sections(d, h.size, err, errlen)) != ZT_OK) {
    zt_dict_free(d);
    goto done;
  }
  *out = d;
  rc = ZT_OK;
done:
  free(mem);
  layout_free(&L);
  return rc;
}

static int b_common_tags(builder *b) {
  return b_tag(b, "x", 1) < 0 || b_tag(b, "m", 1) < 0 || b_tag(b, "eng", 3) < 0 ? ZT_EFORMAT : ZT_OK;
}

int zt_dict_build(const char *dir, const char *words_path, zt_dict **out, char *err, size_t errlen) {
  builder b;
  char path[4096];
  int rc;
  *out = NULL;
  if ((rc = b_init(&b)) != ZT_OK) { b_free(&b); return rc; }
  snprintf(path, sizeof path, "%s/dict.txt", dir);
  if ((rc = b_common_tags(&b)) == ZT_OK && (rc = b_load_words(&b, words_path ? words_path : path, err, errlen)) == ZT_OK &&
      (rc = load_finalseg(&b, dir, err, errlen)) == ZT_OK && (rc = load_posseg(&b, dir, err, errlen)) == ZT_OK) {
    snprintf(path, sizeof path, "%s/analyse/idf.txt", dir);
    rc = b_load_idf(&b, path, err, errlen);
  }
  if (rc == ZT_OK) rc = b_finish(&b, out, err, errlen);
  b_free(&b);
  return rc;
}

int zt_dict_build_from(const zt_dict *base, const char *words_path, zt_dict **out, char *err, size_t errlen) {
  builder b;
  int rc;
  uint32_t n = base->h->n_nodes, i, *par = NULL, *cpv = NULL;
  *out = NULL;
  if ((rc = b_init(&b)) != ZT_OK) { b_free(&b); return rc; }
  /* tags in the base's order so posseg states keep their tag indexes */
  for (i = 0; i < base->h->n_tags; i++) b_tag(&b, base->tags + (size_t)i * ZT_DICT_TAGLEN, strlen(base->tags + (size_t)i * ZT_DICT_TAGLEN));
  if ((rc = b_common_tags(&b)) != ZT_OK || (rc = b_load_words(&b, words_path, err, errlen)) != ZT_OK) goto done;
  /* HMM tables */
  memcpy(b.hmm, base->hmm, sizeof b.hmm);
  b.n_pstates = base->h->n_pstates;
  memcpy(b.pstate, base->pstate, b.n_pstates * sizeof(zt_pstate));
  b.pstart = (double *)malloc(MAX_PSTATES * 8);
  b.ptrans = (double *)malloc((size_t)MAX_PSTATES * MAX_PSTATES * 8);
  b.pnext = (uint64_t *)calloc(MAX_PSTATES * 4, 8);
  b.n_pcs = base->h->n_pcs;
  b.n_pemit = base->h->n_pemit;
  b.pcs_idx = (uint32_t *)malloc((ZT_HAN_COUNT + 1) * 4);
  b.pemit_idx = (uint32_t *)malloc((ZT_HAN_COUNT + 1) * 4);
  b.pcs = (uint8_t *)malloc(b.n_pcs + 1);
  b.pemit_st = (uint8_t *)malloc(b.n_pemit + 1);
  b.pemit_p = (double *)malloc((b.n_pemit + 1) * 8);
  if (!b.pstart || !b.ptrans || !b.pnext || !b.pcs_idx || !b.pemit_idx || !b.pcs || !b.pemit_st || !b.pemit_p) {
    rc = ZT_ENOMEM;
    goto done;
  }
  for (i = 0; i < b.n_pstates; i++) {
    b.pstart[i] = base->pstart[i];
    memcpy(b.ptrans + (size_t)i * MAX_PSTATES, base->ptrans + (size_t)i * b.n_pstates, b.n_pstates * 8);
    memcpy(b.pnext + i * 4, base->pnext + i * 4, 32);
  }
  memcpy(b.pcs_idx, base->pcs_idx, (ZT_HAN_COUNT + 1) * 4);
  memcpy(b.pemit_idx, base->pemit_idx, (ZT_HAN_COUNT + 1) * 4);
  memcpy(b.pcs, base->pcs, b.n_pcs);
  memcpy(b.pemit_st, base->pemit_st, b.n_pemit);
  memcpy(b.pemit_p, base->pemit_p, (size_t)b.n_pemit * 8);
  /* idf: rebuild each base word with an idf value from the trie's edges */
  par = (uint32_t *)calloc(n, 4);
  cpv = (uint32_t *)calloc(n, 4);
  if (!par || !cpv) { rc = ZT_ENOMEM; goto done; }
  for (i = 0; i < n; i++) {
    uint32_t k, start, size;
    if (i == 0) {
      start = 0;
      size = base->h->root_kids;
    } else {
      zt_dent e = base->kids[i - 1];
      if (ZT_ENT_CP(e) == ZT_ENT_EMPTY) continue;
      start = ZT_ENT_OFF(e);
      size = ZT_ENT_HASHED(e) ? (ZT_ENT_N(e) < 31 ? 1u << ZT_ENT_N(e) : 0) : ZT_ENT_N(e);
    }
    if (start > base->h->n_kids || size > base->h->n_kids - start) continue;
    for (k = 0; k < size; k++) {
      uint32_t c = start + k + 1;
      if (ZT_ENT_CP(base->kids[start + k]) == ZT_ENT_EMPTY) continue;
      if (c < n) { par[c] = i; cpv[c] = ZT_ENT_CP(base->kids[start + k]); }
    }
  }
  for (i = 1; i < n; i++) {
    uint32_t chain[64], k = 0, v = i, node = 0;
    if (isnan(base->idf[i])) continue;
    while (v && k < 64) { chain[k++] = cpv[v]; v = par[v]; }
    if (v) continue;
    while (k && rc == ZT_OK) node = b_child(&b, node, chain[--k], &rc);
    if (rc != ZT_OK) goto done;
    b.idf[node] = base->idf[i];
  }
  b.median_idf = base->h->median_idf;
  rc = b_finish(&b, out, err, errlen);
done:
  if (rc == ZT_ENOMEM) seterr(err, errlen, "%s: out of memory", words_path);
  free(par);
  free(cpv);
  b_free(&b);
  return rc;
}

/* ---------------------------------------------------------------- loading */

static int bind_sections(zt_dict *d, size_t size, char *err, size_t errlen) {
  const unsigned char *m = (const unsigned char *)(d->map ? d->map : d->mem);
  zt_dict_header h;
  uint64_t want[ZT_SEC_COUNT];
  uint64_t saved;
  unsigned i;
  if (size < sizeof h) {
    seterr(err, errlen, "not a zhtext dictionary (%zu bytes, shorter than a header)", size);
    return ZT_EFORMAT;
  }
  memcpy(&h, m, sizeof h);
  if (memcmp(h.magic, "ZTJIEBA", 8) != 0) {
    seterr(err, errlen, "not a zhtext dictionary (bad magic)");
    return ZT_EFORMAT;
  }
  if (h.version != ZT_DICT_VERSION || h.endian != 0x01020304) {
    seterr(err, errlen, "dictionary version %u not supported (need %u, same byte order)", h.version, ZT_DICT_VERSION);
    return ZT_EFORMAT;
  }
  saved = h.hdr_checksum;
  h.hdr_checksum = 0;
  if (zt_dict_checksum((const unsigned char *)&h, sizeof h) != saved) {
    seterr(err, errlen, "damaged dictionary (header checksum mismatch)");
    return ZT_EFORMAT;
  }
  /* The cheap check at load (a full checksum costs a read of every page; build and install
   * run it): a truncated or still-growing file is refused before anything points into it. */
  if (h.size != size) {
    seterr(err, errlen, "damaged dictionary (file is %zu bytes, its header says %llu: truncated or "
           "overwritten in place?)", size, (unsigned long long)h.size);
    return ZT_EFORMAT;
  }
  if (h.n_fvals != ZT_NODE_FMASK + 1 || h.n_nodes < 1 || h.n_nodes > ZT_ENT_MAX_OFF + 1 ||
      h.n_nodes != h.n_kids + 1 ||
      h.n_pstates > MAX_PSTATES || h.n_tags > 254)
    goto bad;
  want[ZT_SEC_RESERVED] = 8;
  want[ZT_SEC_KIDS] = ((uint64_t)h.n_kids + 1) * sizeof(zt_dent);
  want[ZT_SEC_ROOT] = ZT_DICT_ROOT_DIRECT * 4;
  want[ZT_SEC_FVALS] = (uint64_t)h.n_fvals * 8;
  want[ZT_SEC_FREQ] = (uint64_t)h.n_nodes * 4;
  want[ZT_SEC_TAG] = h.n_nodes;
  want[ZT_SEC_IDF] = (uint64_t)h.n_nodes * 8;
  want[ZT_SEC_TAGS] = (uint64_t)h.n_tags * ZT_DICT_TAGLEN;
  want[ZT_SEC_HMM] = (4 + 16 + (uint64_t)ZT_HAN_COUNT * 4) * 8;
  want[ZT_SEC_PSTATE] = h.n_pstates * sizeof(zt_pstate);
  want[ZT_SEC_PSTART] = (uint64_t)h.n_pstates * 8;
  want[ZT_SEC_PTRANS] = (uint64_t)h.n_pstates * h.n_pstates * 8;
  want[ZT_SEC_PNEXT] = (uint64_t)h.n_pstates * 32;
  want[ZT_SEC_PCS_IDX] = (ZT_HAN_COUNT + 1) * 4;
  want[ZT_SEC_PCS] = h.n_pcs;
  want[ZT_SEC_PEMIT_IDX] = (ZT_HAN_COUNT + 1) * 4;
  want[ZT_SEC_PEMIT_ST] = h.n_pemit;
  want[ZT_SEC_PEMIT_P] = (uint64_t)h.n_pemit * 8;
  for (i = 0; i < ZT_SEC_COUNT; i++)
    if (h.off[i] % 8 || h.off[i] < sizeof h || h.off[i] > size || want[i] > size - h.off[i]) goto bad;
  d->h = (const zt_dict_header *)(const void *)m;
  d->kids = (const zt_dent *)(const void *)(m + h.off[ZT_SEC_KIDS]);
  d->root = (const uint32_t *)(const void *)(m + h.off[ZT_SEC_ROOT]);
  d->fvals = (const double *)(const void *)(m + h.off[ZT_SEC_FVALS]);
  d->freq = (const uint32_t *)(const void *)(m + h.off[ZT_SEC_FREQ]);
  d->tag = m + h.off[ZT_SEC_TAG];
  d->idf = (const double *)(const void *)(m + h.off[ZT_SEC_IDF]);
  d->tags = (const char *)(m + h.off[ZT_SEC_TAGS]);
  d->hmm = (const double *)(const void *)(m + h.off[ZT_SEC_HMM]);
  d->pstate = (const zt_pstate *)(const void *)(m + h.off[ZT_SEC_PSTATE]);
  d->pstart = (const double *)(const void *)(m + h.off[ZT_SEC_PSTART]);
  d->ptrans = (const double *)(const void *)(m + h.off[ZT_SEC_PTRANS]);
  d->pnext = (const uint64_t *)(const void *)(m + h.off[ZT_SEC_PNEXT]);
  d->pcs_idx = (const uint32_t *)(const void *)(m + h.off[ZT_SEC_PCS_IDX]);
  d->pcs = m + h.off[ZT_SEC_PCS];
  d->pemit_idx = (const uint32_t *)(const void *)(m + h.off[ZT_SEC_PEMIT_IDX]);
  d->pemit_st = m + h.off[ZT_SEC_PEMIT_ST];
  d->pemit_p = (const double *)(const void *)(m + h.off[ZT_SEC_PEMIT_P]);
  /* Only the small tables are checked here (opening must stay cheap): frequency indexes are
   * 15 bits into a table of 32768 entries, posseg state indexes go into 256-entry arrays and
   * the per-character ranges are clamped where they are used. */
  for (i = 0; i < h.n_tags; i++)
    if (memchr(d->tags + (size_t)i * ZT_DICT_TAGLEN, 0, ZT_DICT_TAGLEN) == NULL) goto bad;
  for (i = 0; i < h.n_pstates; i++)
    if (d->pstate[i].tag >= h.n_tags || bmes_index((char)d->pstate[i].bmes) < 0) goto bad;
  d->tag_x = zt_dict_tag_index(d, "x");
  d->tag_m = zt_dict_tag_index(d, "m");
  d->tag_eng = zt_dict_tag_index(d, "eng");
  if (d->tag_x < 0 || d->tag_m < 0 || d->tag_eng < 0) goto bad;
  return ZT_OK;
bad:
  seterr(err, errlen, "malformed dictionary image");
  return ZT_EFORMAT;
}

int zt_dict_open(const char *path, zt_dict **out, char *err, size_t errlen) {
  int fd = open(path, O_RDONLY);
  struct stat st;
  zt_dict *d;
  int rc;
  *out = NULL;
  if (fd < 0) {
    seterr(err, errlen, "%s: %s", path, strerror(errno));
    return ZT_EIO;
  }
  if (fstat(fd, &st) != 0 || st.st_size < (off_t)sizeof(zt_dict_header)) {
    close(fd);
    seterr(err, errlen, "%s: malformed dictionary image", path);
    return ZT_EFORMAT;
  }
  d = (zt_dict *)calloc(1, sizeof *d);
  if (!d) { close(fd); return ZT_ENOMEM; }
  d->map_len = (size_t)st.st_size;
  /* Private: the image is never written through the mapping. This does not protect against a
   * file truncated under the mapping (SIGBUS): writers replace data files by rename instead
   * (zt_replace_file, `make install`), and overwriting one in place is unsupported. */
  d->map = mmap(NULL, d->map_len, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (d->map == MAP_FAILED) {
    d->map = NULL;
    free(d);
    seterr(err, errlen, "%s: mmap: %s", path, strerror(errno));
    return ZT_EIO;
  }
  /* lookups are random: no read-ahead, no fault-around, so only the pages used are resident */
  posix_madvise(d->map, d->map_len, POSIX_MADV_RANDOM);
  if ((rc = bind_sections(d, d->map_len, err, errlen)) != ZT_OK) {
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s", err ? err : "");
    seterr(err, errlen, "%s: %s", path, tmp);
    zt_dict_free(d);
    return rc;
  }
  *out = d;
  return ZT_OK;
}

int zt_dict_verify(const zt_dict *d) {
  return zt_dict_checksum((const unsigned char *)d->h + sizeof(zt_dict_header), d->h->size - sizeof(zt_dict_header)) ==
                 d->h->checksum
             ? ZT_OK
             : ZT_EFORMAT;
}

/* What zt_dict_save checks before the new file replaces the old one: that it maps back (header,
 * version, size, sections) and that its full checksum holds. */
static int check_saved(const char *tmp, void *ctx, char *err, size_t errlen) {
  zt_dict *d = NULL;
  int rc = zt_dict_open(tmp, &d, err, errlen);
  (void)ctx;
  if (rc == ZT_OK && (rc = zt_dict_verify(d)) != ZT_OK) seterr(err, errlen, "%s: checksum mismatch after writing", tmp);
  zt_dict_free(d);
  return rc;
}

int zt_dict_save(const zt_dict *d, const char *path, char *err, size_t errlen) {
  return zt_replace_file(path, d->h, (size_t)d->h->size, check_saved, NULL, err, errlen);
}

void zt_dict_free(zt_dict *d) {
  if (!d) return;
  if (d->map) munmap(d->map, d->map_len);
  free(d->mem);
  free(d);
}

uint32_t zt_dict_find(const zt_dict *d, const char *s, size_t n) {
  uint32_t node = 0;
  size_t i = 0;
  if (!n) return 0;
  while (i < n) {
    int32_t cp;
    size_t l = zt_utf8_next((const unsigned char *)s + i, n - i, &cp);
    if (cp < 0) return 0;
    node = zt_dict_child(d, node, (uint32_t)cp);
    if (!node) return 0;
    i += l;
  }
  return node;
}

const char *zt_dict_tag_name(const zt_dict *d, unsigned tag) {
  return tag < d->h->n_tags ? d->tags + (size_t)tag * ZT_DICT_TAGLEN : "x";
}

int zt_dict_tag_index(const zt_dict *d, const char *name) {
  unsigned i;
  for (i = 0; i < d->h->n_tags; i++)
    if (strcmp(d->tags + (size_t)i * ZT_DICT_TAGLEN, name) == 0) return (int)i;
  return -1;
}
