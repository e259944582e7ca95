/* zt_jsonld: JSON-LD text → article fields (see zt_jsonld.h for the priorities and repairs).
 *
 * Three steps: split the text into top-level values (skipping wrappers, one json-c tokener
 * call per value, so concatenated objects and a trailing syntax error cost nothing extra);
 * one walk over every value that ranks the article-like objects and remembers the objects
 * that carry an @id; then each field read from the chosen object or the level-0 fill-ins.
 */
#include "zt_jsonld.h"

#include <string.h>

#include <json-c/json_object.h>
#include <json-c/json_object_iterator.h>
#include <json-c/json_tokener.h>

#include "zt_error.h"
#include "zt_utf8.h"

typedef struct json_object jobj;

/* @id objects remembered for author/publisher references; fill-in candidates kept */
#define MAX_IDS 256
#define MAX_PAGE 16
/* the longest value kept, per kind: names, dates, headlines and URLs */
#define MAX_NAME 256
#define MAX_DATE 64
#define MAX_TEXT 2048
/* array elements looked at for authors (an array of thousands is not a byline) */
#define MAX_AUTHOR_ITEMS 64

typedef struct cand {
  jobj *o;
  int rank, level;
  size_t order;
  const char *type; /* the @type string that ranked it (owned by the json tree) */
  size_t type_len;
} cand;

typedef struct scan {
  cand best;
  cand page[MAX_PAGE]; /* level-0 candidates, document order */
  size_t npage;
  jobj *ids[MAX_IDS];
  size_t nids;
  size_t order;
  unsigned flags;
} scan;

/* ---- values ---- */

static int ends_with(const char *s, size_t n, const char *suf) {
  size_t l = strlen(suf);
  return n >= l && memcmp(s + n - l, suf, l) == 0;
}

/* A string value: a JSON string, a JSON-LD value object's @value, or the first of an array. */
static int str_of(jobj *v, const char **p, size_t *n) {
  jobj *x;
  if (!v) return 0;
  if (json_object_is_type(v, json_type_array)) {
    size_t i, len = json_object_array_length(v);
    for (i = 0; i < len && i < 8; i++) {
      x = json_object_array_get_idx(v, i);
      if (x && !json_object_is_type(x, json_type_array) && str_of(x, p, n)) return 1;
    }
    return 0;
  }
  if (json_object_is_type(v, json_type_object)) {
    if (!json_object_object_get_ex(v, "@value", &x) || !json_object_is_type(x, json_type_string))
      return 0;
    v = x;
  }
  if (!json_object_is_type(v, json_type_string)) return 0;
  *p = json_object_get_string(v);
  *n = (size_t)json_object_get_string_len(v);
  return *p != NULL;
}

static int key_str(jobj *o, const char *key, const char **p, size_t *n) {
  jobj *v;
  return json_object_object_get_ex(o, key, &v) && str_of(v, p, n);
}

/* Appends s[0..n) to ld->buf normalized (controls → space, spaces collapsed, trimmed) and
 * NUL-terminated. 1 when a non-empty value was added (*off, *len), 0 when it was empty, too
 * long or ill-formed (ZT_LDF_BAD_UTF8), or memory ran out (ld->buf.oom). */
static int add_value(zt_jsonld *ld, const char *s, size_t n, size_t max, size_t *off, size_t *len) {
  size_t i, start;
  int space = 0;
  if (zt_utf8_check(s, n) != n) { ld->flags |= ZT_LDF_BAD_UTF8; return 0; }
  if (n > max * 2 + 64) return 0;
  start = ld->buf.len;
  if (!zt_buf_reserve(&ld->buf, n + 1)) return 0;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c <= 0x20 || c == 0x7F) { space = 1; continue; }
    if (space && ld->buf.len > start) ld->buf.data[ld->buf.len++] = ' ';
    space = 0;
    ld->buf.data[ld->buf.len++] = (char)c;
  }
  if (ld->buf.len == start || ld->buf.len - start > max) { ld->buf.len = start; return 0; }
  *off = start;
  *len = ld->buf.len - start;
  ld->buf.data[ld->buf.len++] = '\0';
  return 1;
}

static int set_field(zt_jsonld *ld, int which, const char *s, size_t n, size_t max) {
  zt_ld_value *f = &ld->f[which];
  if (f->set) return 1;
  f->set = add_value(ld, s, n, max, &f->off, &f->len);
  return f->set;
}

/* ---- types ---- */

/* The part of a type name after a schema: prefix or a vocabulary URL. */
static void type_base(const char **p, size_t *n) {
  size_t i = *n;
  while (i > 0 && (*p)[i - 1] != '/' && (*p)[i - 1] != ':' && (*p)[i - 1] != '#') i--;
  *p += i;
  *n -= i;
}

static int rank_of(const char *t, size_t n) {
  if (ends_with(t, n, "Article") || ends_with(t, n, "Posting") || (n == 6 && !memcmp(t, "Report", 6)))
    return ZT_LD_RANK_ARTICLE;
  if (ends_with(t, n, "Page")) return ZT_LD_RANK_PAGE;
  if ((n == 11 && !memcmp(t, "VideoObject", 11)) || (n == 11 && !memcmp(t, "AudioObject", 11)))
    return ZT_LD_RANK_MEDIA;
  if (n == 12 && !memcmp(t, "CreativeWork", 12)) return ZT_LD_RANK_UNTYPED;
  return 0;
}

static int org_type(const char *t, size_t n) {
  static const char *const orgs[] = {"Corporation", "NGO", "LocalBusiness", "WebSite", "Brand", NULL};
  int i;
  if (ends_with(t, n, "Organization")) return 1;
  for (i = 0; orgs[i]; i++)
    if (strlen(orgs[i]) == n && !memcmp(t, orgs[i], n)) return 1;
  return 0;
}

/* Calls back for each @type string of o (a string or an array of strings) until it returns
 * nonzero; returns that value. */
typedef int (*type_fn)(const char *t, size_t n, void *arg);
static int each_type(jobj *o, type_fn fn, void *arg) {
  jobj *t, *x;
  size_t i, len;
  const char *p;
  size_t n;
  int r;
  if (!json_object_object_get_ex(o, "@type", &t)) return 0;
  len = json_object_is_type(t, json_type_array) ? json_object_array_length(t) : 1;
  for (i = 0; i < len && i < 16; i++) {
    x = json_object_is_type(t, json_type_array) ? json_object_array_get_idx(t, i) : t;
    if (!x || !json_object_is_type(x, json_type_string)) continue;
    p = json_object_get_string(x);
    n = (size_t)json_object_get_string_len(x);
    type_base(&p, &n);
    if ((r = fn(p, n, arg)) != 0) return r;
  }
  return 0;
}

typedef struct best_type {
  int rank;
  const char *p;
  size_t n;
} best_type;

static int note_rank(const char *t, size_t n, void *arg) {
  best_type *b = (best_type *)arg;
  int r = rank_of(t, n);
  if (r > b->rank) { b->rank = r; b->p = t; b->n = n; }
  return 0;
}

static int is_org(const char *t, size_t n, void *arg) {
  (void)arg;
  return org_type(t, n);
}

/* ---- the walk ---- */

static int better(const cand *a, const cand *b) {
  if (a->rank != b->rank) return a->rank > b->rank;
  if (a->level != b->level) return a->level < b->level;
  return a->order < b->order;
}

static void visit_object(scan *sc, jobj *o, int level) {
  best_type bt = {0, NULL, 0};
  jobj *id;
  sc->order++;
  if (json_object_object_get_ex(o, "@id", &id) && json_object_is_type(id, json_type_string) &&
      json_object_object_length(o) > 1) {
    if (sc->nids < MAX_IDS) sc->ids[sc->nids++] = o;
    else sc->flags |= ZT_LDF_LIMIT;
  }
  each_type(o, note_rank, &bt);
  /* a page's own object written without @type ({"datePublished": ...}) */
  if (!bt.rank && level == 0 && !json_object_object_get_ex(o, "@type", NULL) &&
      (json_object_object_get_ex(o, "headline", NULL) || json_object_object_get_ex(o, "datePublished", NULL)))
    bt.rank = ZT_LD_RANK_UNTYPED;
  if (bt.rank) {
    cand c;
    c.o = o;
    c.rank = bt.rank;
    c.level = level;
    c.order = sc->order;
    c.type = bt.p;
    c.type_len = bt.n;
    if (!sc->best.o || better(&c, &sc->best)) sc->best = c;
    if (level == 0 && sc->npage < MAX_PAGE) sc->page[sc->npage++] = c;
  }
}

/* Depth is bounded by the tokener (ZT_JSONLD_MAX_DEPTH), so the recursion is too. */
static void walk(scan *sc, jobj *v, int level) {
  if (json_object_is_type(v, json_type_array)) {
    size_t i, len = json_object_array_length(v);
    for (i = 0; i < len; i++) {
      jobj *x = json_object_array_get_idx(v, i);
      if (x) walk(sc, x, level);
    }
  } else if (json_object_is_type(v, json_type_object)) {
    struct json_object_iterator it = json_object_iter_begin(v), end = json_object_iter_end(v);
    visit_object(sc, v, level);
    while (!json_object_iter_equal(&it, &end)) {
      const char *k = json_object_iter_peek_name(&it);
      jobj *x = json_object_iter_peek_value(&it);
      if (x && (json_object_is_type(x, json_type_object) || json_object_is_type(x, json_type_array)))
        walk(sc, x, strcmp(k, "@graph") == 0 ? level : level + 1);
      json_object_iter_next(&it);
    }
  }
}

/* ---- splitting the text into values ---- */

static int starts(const char *s, size_t n, size_t i, const char *lit) {
  size_t l = strlen(lit);
  return i + l <= n && memcmp(s + i, lit, l) == 0;
}

/* Skips what may sit around or between values: spaces, separators, a BOM, HTML comment and
 * CDATA markers, JavaScript comments. */
static size_t skip_junk(const char *s, size_t n, size_t i, unsigned *flags) {
  for (;;) {
    size_t j;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
                     s[i] == '\f' || s[i] == ',' || s[i] == ';'))
      i++;
    if (starts(s, n, i, "\xEF\xBB\xBF")) { i += 3; continue; }
    if (starts(s, n, i, "<!--") || starts(s, n, i, "-->") || starts(s, n, i, "]]>")) {
      i += s[i] == '<' ? 4 : 3;
      *flags |= ZT_LDF_WRAPPED;
      continue;
    }
    if (starts(s, n, i, "<![CDATA[")) { i += 9; *flags |= ZT_LDF_WRAPPED; continue; }
    if (starts(s, n, i, "//")) {
      for (j = i + 2; j < n && s[j] != '\n'; j++) {}
      i = j;
      continue;
    }
    if (starts(s, n, i, "/*")) {
      for (j = i + 2; j + 1 < n && !(s[j] == '*' && s[j + 1] == '/'); j++) {}
      i = j + 1 < n ? j + 2 : n;
      continue;
    }
    return i;
  }
}

/* Parses the values of s into roots[]; returns their count, or -1 when out of memory. */
static int parse_values(const char *s, size_t n, jobj **roots, unsigned *flags) {
  struct json_tokener *tok = json_tokener_new_ex(ZT_JSONLD_MAX_DEPTH);
  size_t i = 0;
  int nr = 0;
  if (!tok) return -1;
  for (;;) {
    jobj *o;
    enum json_tokener_error err;
    size_t used;
    i = skip_junk(s, n, i, flags);
    if (i >= n) break;
    if (nr == ZT_JSONLD_MAX_VALUES) { *flags |= ZT_LDF_LIMIT; break; }
    json_tokener_reset(tok);
    o = json_tokener_parse_ex(tok, s + i, (int)(n - i));
    err = json_tokener_get_error(tok);
    used = json_tokener_get_parse_end(tok);
    if (!o && err == json_tokener_continue) {
      /* the tokener reads the spaces and comments after a value too: a // comment ending the
       * text (//]]>) leaves it waiting for a newline. A truncated value still waits after it. */
      o = json_tokener_parse_ex(tok, "\n", 1);
      err = json_tokener_get_error(tok);
      used = n - i;
    }
    if (err != json_tokener_success) {
      json_object_put(o);
      *flags |= err == json_tokener_error_depth ? ZT_LDF_DEPTH : ZT_LDF_SYNTAX;
      break;
    }
    if (o) roots[nr++] = o; /* a bare null parses to NULL */
    if (used == 0) break;
    i += used;
  }
  json_tokener_free(tok);
  if (nr > 1) *flags |= ZT_LDF_MULTI;
  return nr;
}

/* ---- fields ---- */

typedef struct pick {
  cand c[MAX_PAGE + 1]; /* the chosen object first, then the level-0 fill-ins */
  size_t n;
  const scan *sc;
} pick;

static void order_candidates(const scan *sc, pick *pk) {
  size_t i, j;
  pk->sc = sc;
  pk->n = 0;
  pk->c[pk->n++] = sc->best;
  for (i = 0; i < sc->npage; i++) {
    if (sc->page[i].o == sc->best.o) continue;
    /* insertion by rank, document order kept among equals */
    for (j = pk->n; j > 1 && pk->c[j - 1].rank < sc->page[i].rank; j--) pk->c[j] = pk->c[j - 1];
    pk->c[j] = sc->page[i];
    pk->n++;
  }
}

/* The first of keys (a NULL-terminated list) that any candidate holds, in candidate order. */
static void first_of(zt_jsonld *ld, const pick *pk, int which, const char *const *keys, size_t max) {
  size_t i;
  int k;
  const char *p;
  size_t n;
  for (i = 0; i < pk->n && !ld->f[which].set && !ld->buf.oom; i++)
    for (k = 0; keys[k] && !ld->f[which].set; k++)
      if (key_str(pk->c[i].o, keys[k], &p, &n)) set_field(ld, which, p, n, max);
}

/* An object that only points at another (author: {"@id": "#person-1"}) → that object. */
static jobj *resolve(const scan *sc, jobj *o) {
  const char *id, *p;
  size_t n, in, i;
  jobj *v;
  if (json_object_object_length(o) > 2 || key_str(o, "name", &p, &n)) return o;
  if (!json_object_object_get_ex(o, "@id", &v) || !json_object_is_type(v, json_type_string)) return o;
  id = json_object_get_string(v);
  in = (size_t)json_object_get_string_len(v);
  for (i = 0; i < sc->nids; i++) {
    jobj *t;
    if (sc->ids[i] != o && json_object_object_get_ex(sc->ids[i], "@id", &t) &&
        (size_t)json_object_get_string_len(t) == in && !memcmp(json_object_get_string(t), id, in))
      return sc->ids[i];
  }
  return o;
}

static void add_author(zt_jsonld *ld, const char *s, size_t n, int org) {
  size_t off, len, i;
  if (ld->nauthors == ZT_JSONLD_MAX_AUTHORS || !add_value(ld, s, n, MAX_NAME, &off, &len)) return;
  for (i = 0; i < ld->nauthors; i++)
    if (ld->authors[i].len == len && !memcmp(ld->buf.data + ld->authors[i].off, ld->buf.data + off, len)) {
      ld->buf.len = off; /* a duplicate: drop the copy just added */
      return;
    }
  ld->authors[ld->nauthors].off = off;
  ld->authors[ld->nauthors].len = len;
  ld->authors[ld->nauthors].org = org;
  ld->nauthors++;
}

/* One author value: a string (a person) or an object. */
static void author_item(zt_jsonld *ld, const scan *sc, jobj *v) {
  const char *p, *g;
  size_t n, gn;
  if (json_object_is_type(v, json_type_string)) {
    if (str_of(v, &p, &n)) add_author(ld, p, n, 0);
    return;
  }
  if (!json_object_is_type(v, json_type_object)) return;
  v = resolve(sc, v);
  if (key_str(v, "name", &p, &n)) {
    add_author(ld, p, n, each_type(v, is_org, NULL));
  } else if (key_str(v, "familyName", &p, &n) && key_str(v, "givenName", &g, &gn) &&
             n <= MAX_NAME && gn <= MAX_NAME) {
    /* 李 + 晓东 → 李晓东; Xiao + Li → Xiao Li */
    char buf[2 * MAX_NAME + 1];
    int32_t c;
    int han = zt_is_han(zt_utf8_decode((const unsigned char *)p, n, &c) ? c : 0);
    size_t k = 0;
    memcpy(buf + k, han ? p : g, han ? n : gn);
    k += han ? n : gn;
    if (!han) buf[k++] = ' ';
    memcpy(buf + k, han ? g : p, han ? gn : n);
    k += han ? gn : n;
    add_author(ld, buf, k, 0);
  }
}

static void authors_of(zt_jsonld *ld, const scan *sc, jobj *v) {
  if (json_object_is_type(v, json_type_array)) {
    size_t i, len = json_object_array_length(v);
    for (i = 0; i < len && i < MAX_AUTHOR_ITEMS; i++) {
      jobj *x = json_object_array_get_idx(v, i);
      if (x) author_item(ld, sc, x);
    }
  } else {
    author_item(ld, sc, v);
  }
}

/* Persons joined by 、, whole names while they fit ZT_JSONLD_PERSONS_CHARS. */
static void join_persons(zt_jsonld *ld) {
  zt_buf j = ZT_BUF_INIT;
  size_t i, chars = 0;
  for (i = 0; i < ld->nauthors; i++) {
    const char *s = ld->buf.data + ld->authors[i].off;
    size_t n = ld->authors[i].len, c = zt_utf8_len(s, n);
    if (ld->authors[i].org) continue;
    if (chars + c + (j.len ? 1 : 0) > ZT_JSONLD_PERSONS_CHARS) break;
    if (j.len) { zt_buf_add(&j, "\xE3\x80\x81", 3); chars++; }
    zt_buf_add(&j, s, n);
    chars += c;
  }
  if (j.oom) ld->buf.oom = 1;
  else if (j.len) set_field(ld, ZT_LD_PERSONS, j.data, j.len, ZT_JSONLD_PERSONS_CHARS * 4);
  zt_buf_free(&j);
}

static void people(zt_jsonld *ld, const pick *pk) {
  static const char *const keys[] = {"author", "creator", NULL};
  size_t i;
  int k;
  jobj *v;
  for (i = 0; i < pk->n && !ld->nauthors; i++)
    for (k = 0; keys[k] && !ld->nauthors; k++)
      if (json_object_object_get_ex(pk->c[i].o, keys[k], &v) && v) authors_of(ld, pk->sc, v);
  for (i = 0; i < pk->n && !ld->f[ZT_LD_PUBLISHER].set; i++) {
    if (!json_object_object_get_ex(pk->c[i].o, "publisher", &v) || !v) continue;
    if (json_object_is_type(v, json_type_array)) v = json_object_array_get_idx(v, 0);
    if (v && json_object_is_type(v, json_type_object)) v = resolve(pk->sc, v);
    if (v && json_object_is_type(v, json_type_object)) {
      const char *p;
      size_t n;
      if (key_str(v, "name", &p, &n)) set_field(ld, ZT_LD_PUBLISHER, p, n, MAX_NAME);
    } else if (v) {
      const char *p;
      size_t n;
      if (str_of(v, &p, &n)) set_field(ld, ZT_LD_PUBLISHER, p, n, MAX_NAME);
    }
  }
  for (i = 0; i < ld->nauthors && !ld->f[ZT_LD_PUBLISHER].set; i++)
    if (ld->authors[i].org) {
      /* a copy: adding the value may move the buffer it comes from */
      char name[MAX_NAME];
      memcpy(name, ld->buf.data + ld->authors[i].off, ld->authors[i].len);
      set_field(ld, ZT_LD_PUBLISHER, name, ld->authors[i].len, MAX_NAME);
    }
  join_persons(ld);
}

static void url_field(zt_jsonld *ld, const pick *pk) {
  size_t i;
  const char *p;
  size_t n;
  jobj *v, *x;
  for (i = 0; i < pk->n && !ld->f[ZT_LD_URL].set; i++) {
    if (key_str(pk->c[i].o, "url", &p, &n) && set_field(ld, ZT_LD_URL, p, n, MAX_TEXT)) break;
    if (!json_object_object_get_ex(pk->c[i].o, "mainEntityOfPage", &v) || !v) continue;
    if (json_object_is_type(v, json_type_object) &&
        (json_object_object_get_ex(v, "@id", &x) || json_object_object_get_ex(v, "url", &x)))
      v = x;
    if (json_object_is_type(v, json_type_string) && str_of(v, &p, &n))
      set_field(ld, ZT_LD_URL, p, n, MAX_TEXT);
  }
}

static void read_fields(zt_jsonld *ld, const scan *sc) {
  static const char *const headline[] = {"headline", "name", NULL};
  static const char *const published[] = {"datePublished", "dateCreated", "uploadDate", NULL};
  static const char *const modified[] = {"dateModified", NULL};
  pick pk;
  order_candidates(sc, &pk);
  ld->rank = sc->best.rank;
  if (sc->best.type) set_field(ld, ZT_LD_TYPE, sc->best.type, sc->best.type_len, MAX_NAME);
  first_of(ld, &pk, ZT_LD_HEADLINE, headline, MAX_TEXT);
  first_of(ld, &pk, ZT_LD_PUBLISHED, published, MAX_DATE);
  first_of(ld, &pk, ZT_LD_MODIFIED, modified, MAX_DATE);
  people(ld, &pk);
  url_field(ld, &pk);
}

/* Text json-c could not read (unescaped quotes in a headline, a cut-off script) still names
 * its date plainly: the first "datePublished": "..." (4 to 40 bytes without quotes), the one
 * field the old pattern read well. One pass; each candidate looks at most 48 bytes ahead. */
static void salvage_date(zt_jsonld *ld, const char *s, size_t n) {
  static const char key[] = "\"datePublished\"";
  const size_t kl = sizeof key - 1;
  size_t i;
  for (i = 0; i + kl <= n; i++) {
    size_t j = i + kl, v;
    if (s[i] != '"' || memcmp(s + i, key, kl) != 0) continue;
    while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r')) j++;
    if (j >= n || s[j++] != ':') continue;
    while (j < n && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r')) j++;
    if (j >= n || s[j++] != '"') continue;
    for (v = j; v < n && v - j <= 40 && s[v] != '"'; v++) {}
    if (v < n && s[v] == '"' && v - j >= 4 && v - j <= 40 &&
        set_field(ld, ZT_LD_PUBLISHED, s + j, v - j, MAX_DATE)) {
      ld->rank = ZT_LD_RANK_UNTYPED;
      ld->flags |= ZT_LDF_SALVAGED;
      return;
    }
  }
}

int zt_jsonld_parse(const char *s, size_t n, zt_jsonld *ld) {
  jobj *roots[ZT_JSONLD_MAX_VALUES];
  scan *sc;
  int nr, i, oom;
  zt_jsonld_free(ld);
  if (!s || n == 0) return ZT_OK;
  if (n > ZT_JSONLD_MAX_BYTES) {
    ld->flags |= ZT_LDF_TOO_BIG;
    salvage_date(ld, s, n);
    return ld->buf.oom ? ZT_ENOMEM : ZT_OK;
  }
  nr = parse_values(s, n, roots, &ld->flags);
  if (nr < 0) return ZT_ENOMEM;
  ld->values = (size_t)nr;
  sc = (scan *)calloc(1, sizeof *sc);
  if (!sc) {
    for (i = 0; i < nr; i++) json_object_put(roots[i]);
    return ZT_ENOMEM;
  }
  for (i = 0; i < nr; i++) walk(sc, roots[i], 0);
  ld->flags |= sc->flags;
  if (sc->best.o) read_fields(ld, sc);
  else if (ld->flags & (ZT_LDF_SYNTAX | ZT_LDF_DEPTH)) salvage_date(ld, s, n);
  free(sc);
  for (i = 0; i < nr; i++) json_object_put(roots[i]);
  oom = ld->buf.oom;
  if (oom) zt_jsonld_free(ld);
  return oom ? ZT_ENOMEM : ZT_OK;
}

const char *zt_jsonld_get(const zt_jsonld *ld, int which) {
  if (which < 0 || which >= ZT_LD__COUNT || !ld->f[which].set) return NULL;
  return ld->buf.data + ld->f[which].off;
}

void zt_jsonld_free(zt_jsonld *ld) {
  zt_buf_free(&ld->buf);
  memset(ld, 0, sizeof *ld);
}
