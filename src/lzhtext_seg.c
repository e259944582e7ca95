/* Binding for word segmentation (zt_dict + zt_seg): dictionaries and segmenter objects.
 *
 * core.seg_open(path)                   -> dict | nil, msg   (mmap'ed, cached per Lua state)
 * core.seg_build(jieba_dir, out [, words]) -> true | nil, msg
 * core.seg_new(dict [, words_path])     -> segmenter | nil, msg
 * core.seg_split(s, init, want)         -> end of a chunk of s that can be cut on its own
 * core.seg_methods                      -> the segmenter methods table (seg.lua extends it)
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "lzhtext.h"
#include "zt_dict.h"
#include "zt_error.h"
#include "zt_keywords.h"
#include "zt_seg.h"

#define DICT_MT "zhtext.SegDict"
#define SEG_MT "zhtext.Segmenter"
#define DICT_CACHE "zhtext.SegDict.cache"
#define TOKS_MT "zhtext.Segmenter.tokens"

typedef struct ldict {
  zt_dict *d;
} ldict;

/* A segmenter userdata: user value 1 keeps the dictionary alive, user value 2 holds a token
 * buffer (a TOKS_MT userdata) kept between calls. */
typedef struct lseg {
  zt_seg *sg;
} lseg;

/* ---------------------------------------------------------------- dictionaries */

static int dict_gc(lua_State *L) {
  ldict *ld = (ldict *)luaL_checkudata(L, 1, DICT_MT);
  zt_dict_free(ld->d);
  ld->d = NULL;
  return 0;
}

static int dict_tostring(lua_State *L) {
  ldict *ld = (ldict *)luaL_checkudata(L, 1, DICT_MT);
  if (ld->d)
    lua_pushfstring(L, "zhtext.SegDict (%d words, %d nodes)", (int)ld->d->h->n_words, (int)ld->d->h->n_nodes);
  else
    lua_pushliteral(L, "zhtext.SegDict (closed)");
  return 1;
}

static ldict *new_dict_ud(lua_State *L) {
  ldict *ld = (ldict *)lua_newuserdatauv(L, sizeof *ld, 0);
  ld->d = NULL;
  luaL_setmetatable(L, DICT_MT);
  return ld;
}

static int l_seg_open(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  char err[512] = "";
  ldict *ld;
  int rc;
  struct stat st;
  lua_getfield(L, LUA_REGISTRYINDEX, DICT_CACHE);
  /* the cache key names the file's identity, so a rewritten file is mapped again */
  if (stat(path, &st) == 0)
    lua_pushfstring(L, "%s|%I|%I|%I|%I", path, (lua_Integer)st.st_dev, (lua_Integer)st.st_ino,
                    (lua_Integer)st.st_size, (lua_Integer)st.st_mtime);
  else
    lua_pushstring(L, path);
  if (lua_gettable(L, -2) == LUA_TUSERDATA) return 1;
  lua_pop(L, 1);
  ld = new_dict_ud(L);
  if ((rc = zt_dict_open(path, &ld->d, err, sizeof err)) != ZT_OK) {
    if (rc == ZT_ENOMEM) return lzt_error(L, rc);
    luaL_pushfail(L);
    lua_pushstring(L, err);
    return 2;
  }
  if (stat(path, &st) == 0)
    lua_pushfstring(L, "%s|%I|%I|%I|%I", path, (lua_Integer)st.st_dev, (lua_Integer)st.st_ino,
                    (lua_Integer)st.st_size, (lua_Integer)st.st_mtime);
  else
    lua_pushstring(L, path);
  lua_pushvalue(L, -2);
  lua_settable(L, -4);
  return 1;
}

static int l_seg_verify(lua_State *L) {
  ldict *ld = (ldict *)luaL_checkudata(L, 1, DICT_MT);
  lua_pushboolean(L, ld->d && zt_dict_verify(ld->d) == ZT_OK);
  return 1;
}

/* mkdir -p of the directory part of path. */
static void make_parent_dirs(const char *path) {
  char buf[4096];
  size_t i, n = strlen(path);
  if (n >= sizeof buf) return;
  memcpy(buf, path, n + 1);
  for (i = 1; i < n; i++) {
    if (buf[i] != '/') continue;
    buf[i] = '\0';
    if (mkdir(buf, 0755) != 0 && errno != EEXIST) return;
    buf[i] = '/';
  }
}

/* Saves a freshly built dictionary (freeing it) and returns true, or nil and the message. */
static int save_built(lua_State *L, int rc, zt_dict *d, const char *out, char *err, size_t cap) {
  if (rc == ZT_OK) {
    make_parent_dirs(out);
    rc = zt_dict_save(d, out, err, cap);
  }
  zt_dict_free(d);
  if (rc != ZT_OK) {
    luaL_pushfail(L);
    lua_pushstring(L, err[0] ? err : zt_strerror(rc));
    return 2;
  }
  lua_pushboolean(L, 1);
  return 1;
}

static int l_seg_build(lua_State *L) {
  const char *dir = luaL_checkstring(L, 1), *out = luaL_checkstring(L, 2);
  const char *words = luaL_optstring(L, 3, NULL);
  char err[512] = "";
  zt_dict *d = NULL;
  int rc = zt_dict_build(dir, words, &d, err, sizeof err);
  return save_built(L, rc, d, out, err, sizeof err);
}

/* seg_compile(dict, words_path, out_path): compiles a jieba-format word list (HMM tables and
 * idf from dict) into a .ztd file. */
static int l_seg_compile(lua_State *L) {
  ldict *ld = (ldict *)luaL_checkudata(L, 1, DICT_MT);
  const char *words = luaL_checkstring(L, 2), *out = luaL_checkstring(L, 3);
  char err[512] = "";
  zt_dict *d = NULL;
  int rc;
  if (!ld->d) return luaL_argerror(L, 1, "dictionary is closed");
  rc = zt_dict_build_from(ld->d, words, &d, err, sizeof err);
  return save_built(L, rc, d, out, err, sizeof err);
}

/* ---------------------------------------------------------------- segmenters */

static lseg *check_seg(lua_State *L) {
  lseg *ls = (lseg *)luaL_checkudata(L, 1, SEG_MT);
  if (!ls->sg) luaL_argerror(L, 1, "segmenter is closed");
  return ls;
}

/* The segmenter, checked again right before the core is called: any allocation made since
 * check_seg may have run a __gc finalizer that closed it. */
static zt_seg *live_seg(lua_State *L, const lseg *ls) {
  if (!ls->sg) luaL_error(L, "segmenter was closed while in use (by a finalizer?)");
  return ls->sg;
}

/* The token buffer, and scratch memory for cut_tfidf, kept with it (malloc'ed: allocated once,
 * not a new userdata for the collector to account at every call). */
typedef struct ltoks {
  zt_toks t; /* first: a zt_toks * of the buffer is one of the ltoks */
  void *scratch;
  size_t scap;
} ltoks;

static void ltoks_free(ltoks *x) {
  zt_toks_free(&x->t);
  free(x->scratch);
  x->scratch = NULL;
  x->scap = 0;
}

static int toks_gc(lua_State *L) {
  ltoks_free((ltoks *)luaL_checkudata(L, 1, TOKS_MT));
  return 0;
}

/* Takes the segmenter's token buffer for this call and leaves none behind, so that a call made
 * from inside this one (a __gc finalizer run by an allocation while the result is built) gets a
 * fresh buffer instead of overwriting the tokens being read. The buffer is pushed: it is owned
 * by Lua, so an error anywhere frees it. */
static zt_toks *take_toks(lua_State *L) {
  zt_toks *t;
  if (lua_getiuservalue(L, 1, 2) == LUA_TUSERDATA) {
    t = (zt_toks *)lua_touserdata(L, -1);
    lua_pushnil(L);
    lua_setiuservalue(L, 1, 2);
    t->n = 0;
    t->oom = 0;
    return t;
  }
  lua_pop(L, 1);
  t = (zt_toks *)lua_newuserdatauv(L, sizeof(ltoks), 0);
  memset(t, 0, sizeof(ltoks));
  luaL_setmetatable(L, TOKS_MT);
  return t;
}

/* Gives the buffer at idx back for the next call; a large one is released first so one huge
 * call does not pin memory. */
static void give_toks(lua_State *L, int idx, zt_toks *t) {
  ltoks *x = (ltoks *)(void *)t;
  if (t->cap > (1u << 16)) zt_toks_free(t);
  if (x->scap > (1u << 22)) {
    free(x->scratch);
    x->scratch = NULL;
    x->scap = 0;
  }
  lua_pushvalue(L, idx);
  lua_setiuservalue(L, 1, 2);
}

static int seg_gc(lua_State *L) {
  lseg *ls = (lseg *)luaL_checkudata(L, 1, SEG_MT);
  zt_seg_free(ls->sg);
  ls->sg = NULL;
  if (lua_getiuservalue(L, 1, 2) == LUA_TUSERDATA) ltoks_free((ltoks *)lua_touserdata(L, -1));
  lua_pop(L, 1);
  return 0;
}

static int seg_tostring(lua_State *L) {
  lseg *ls = (lseg *)luaL_checkudata(L, 1, SEG_MT);
  if (ls->sg)
    lua_pushfstring(L, "zhtext.Segmenter (%d words)", (int)zt_seg_dict(ls->sg)->h->n_words);
  else
    lua_pushliteral(L, "zhtext.Segmenter (closed)");
  return 1;
}

/* seg_new(dict [, words_path]): a segmenter over dict, or over a dictionary compiled from a
 * jieba-format word list (HMM tables and idf taken from dict). */
static int l_seg_new(lua_State *L) {
  ldict *ld = (ldict *)luaL_checkudata(L, 1, DICT_MT);
  const char *words = luaL_optstring(L, 2, NULL);
  lseg *ls;
  int rc;
  if (!ld->d) return luaL_argerror(L, 1, "dictionary is closed");
  if (words) {
    char err[512] = "";
    ldict *nd = new_dict_ud(L);
    if ((rc = zt_dict_build_from(ld->d, words, &nd->d, err, sizeof err)) != ZT_OK) {
      luaL_pushfail(L);
      lua_pushstring(L, err[0] ? err : zt_strerror(rc));
      return 2;
    }
    lua_replace(L, 1);
    ld = nd;
  }
  ls = (lseg *)lua_newuserdatauv(L, sizeof *ls, 2);
  memset(ls, 0, sizeof *ls);
  luaL_setmetatable(L, SEG_MT);
  lua_pushvalue(L, 1);
  lua_setiuservalue(L, -2, 1); /* keeps the dictionary alive */
  if ((rc = zt_seg_new(ld->d, &ls->sg)) != ZT_OK) return lzt_error(L, rc);
  return 1;
}

static const char *const cut_opts[] = {"mode", "hmm", "normalize", "traditional", "ascii", NULL};
static const char *const mode_names[] = {"precise", "full", "search", "accurate", NULL};
static const char *const ascii_names[] = {"jieba", "merge", NULL};

/* Segments argument 2 into t (pushed by take_toks). */
static void run_cut(lua_State *L, lseg *ls, int pos, zt_toks *t) {
  size_t n;
  const char *s = luaL_checklstring(L, 2, &n);
  int flags, rc, mode;
  lzt_check_options(L, 3, cut_opts);
  mode = lzt_opt_enum(L, 3, "mode", mode_names, ZT_MODE_PRECISE);
  flags = (lzt_opt_bool(L, 3, "hmm", 1) ? ZT_SEG_HMM : 0) | (lzt_opt_bool(L, 3, "normalize", 0) ? ZT_SEG_NORMALIZE : 0) |
          (lzt_opt_enum(L, 3, "ascii", ascii_names, 0) ? ZT_SEG_ASCII_MERGE : 0);
  if (mode == 3) luaL_argerror(L, 3, "mode 'accurate' is handled by zhtext.seg (use zt.cut)");
  if (pos && mode != ZT_MODE_PRECISE) luaL_argerror(L, 3, "pos supports mode 'precise' only");
  rc = pos ? zt_seg_pos(live_seg(L, ls), s, n, flags, t) : zt_seg_cut(live_seg(L, ls), s, n, mode, flags, t);
  if (rc != ZT_OK) {
    zt_toks_free(t);
    lzt_error(L, rc);
  }
}

enum { OUT_WORDS, OUT_SPANS, OUT_TAGS };

/* Byte offsets of two strings with the same characters count, moved in step: the offset in u
 * of the character at a given offset in t (traditional text segmented through its simplified
 * form). Tokens come nearly in order (search and full mode step back at most a word), so the
 * walk is linear in practice and needs no table. Both strings are valid UTF-8 (checked). */
typedef struct twin {
  const unsigned char *t, *u;
  size_t nt, nu, pt, pu;
} twin;

static size_t utf8_step(const unsigned char *p, size_t at, size_t n) {
  unsigned char c = p[at];
  size_t l = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  return at + l <= n ? at + l : n;
}

static size_t twin_map(twin *w, size_t target) {
  while (w->pt < target && w->pt < w->nt) {
    w->pt = utf8_step(w->t, w->pt, w->nt);
    if (w->pu < w->nu) w->pu = utf8_step(w->u, w->pu, w->nu);
  }
  while (w->pt > target) {
    do w->pt--; while (w->pt > 0 && (w->t[w->pt] & 0xC0) == 0x80);
    if (w->pu > 0) do w->pu--; while (w->pu > 0 && (w->u[w->pu] & 0xC0) == 0x80);
  }
  return w->pu;
}

/* Segments argument 2 and returns its tokens as words, {word, start, stop} or {word, tag}; with
 * src_idx, the tokens are those of argument 2 mapped onto the string at src_idx (same number
 * of characters). Building the result allocates, so Lua code (finalizers) may run in between:
 * the tokens are in a buffer of this call alone, and the segmenter is looked up again for each
 * tag name. */
static int seg_run(lua_State *L, int kind, int src_idx) {
  lseg *ls = check_seg(L);
  const char *s;
  size_t i, ns;
  int tidx;
  zt_toks *tk;
  twin w;
  memset(&w, 0, sizeof w);
  if (src_idx) {
    w.u = (const unsigned char *)luaL_checklstring(L, src_idx, &w.nu);
    w.t = (const unsigned char *)luaL_checklstring(L, 2, &w.nt);
  }
  lua_settop(L, src_idx ? src_idx : 3);
  tk = take_toks(L);
  tidx = lua_gettop(L);
  run_cut(L, ls, kind == OUT_TAGS, tk);
  s = lua_tolstring(L, src_idx ? src_idx : 2, &ns);
  lua_createtable(L, tk->n > 0x7FFFFFF ? 0x7FFFFFF : (int)tk->n, 0);
  for (i = 0; i < tk->n; i++) {
    const zt_tok *t = &tk->v[i];
    size_t a = t->start, b = t->end;
    if (src_idx) {
      a = twin_map(&w, a);
      b = twin_map(&w, b);
      if (b < a || b > ns) b = a; /* cannot happen with equal character counts */
    }
    if (kind != OUT_WORDS) lua_createtable(L, kind == OUT_SPANS ? 3 : 2, 0);
    lua_pushlstring(L, s + a, b - a);
    if (kind == OUT_SPANS) {
      lua_rawseti(L, -2, 1);
      lua_pushinteger(L, (lua_Integer)a + 1);
      lua_rawseti(L, -2, 2);
      lua_pushinteger(L, (lua_Integer)b);
      lua_rawseti(L, -2, 3);
    } else if (kind == OUT_TAGS) {
      lua_rawseti(L, -2, 1);
      lua_pushstring(L, zt_seg_tag_name(live_seg(L, ls), t->tag));
      lua_rawseti(L, -2, 2);
    }
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  give_toks(L, tidx, tk);
  return 1;
}

static int seg_cut(lua_State *L) { return seg_run(L, OUT_WORDS, 0); }
static int seg_tokenize(lua_State *L) { return seg_run(L, OUT_SPANS, 0); }
static int seg_pos(lua_State *L) { return seg_run(L, OUT_TAGS, 0); }

/* mapped(simplified, opts, original, kind): the tokens of simplified text carried onto the
 * original (zhtext.seg's traditional option, after checking both have as many characters). */
static int seg_mapped(lua_State *L) {
  static const char *const kinds[] = {"cut", "tokenize", "pos", NULL};
  int kind = luaL_checkoption(L, 5, NULL, kinds);
  luaL_checkstring(L, 4);
  lua_settop(L, 4);
  return seg_run(L, kind == 0 ? OUT_WORDS : kind == 1 ? OUT_SPANS : OUT_TAGS, 4);
}


/* A user word is 1 to 255 bytes (argument 2). */
static void check_word_len(lua_State *L, size_t n) {
  if (n == 0) luaL_argerror(L, 2, "empty word");
  if (n >= 256) luaL_argerror(L, 2, "word too long (255 bytes at most)");
}

#define TOTAL_BOUND_MSG "the segmenter's total frequency would exceed 2^53 (zhtext's bound); nothing was changed"

/* Returns the segmenter (for chaining) after add_word/del_word, or raises their error. */
static int word_done(lua_State *L, int rc) {
  if (rc == ZT_EUTF8) return luaL_argerror(L, 2, "word is not valid UTF-8");
  /* the word and the frequency were checked here: only the total can be out of range */
  if (rc == ZT_ERANGE_FREQ) return luaL_error(L, TOTAL_BOUND_MSG);
  if (rc != ZT_OK) return lzt_error(L, rc);
  lua_settop(L, 1);
  return 1;
}

/* add_word(w [, freq [, tag]]) */
static int seg_add_word(lua_State *L) {
  lseg *ls = check_seg(L);
  size_t n;
  const char *w = luaL_checklstring(L, 2, &n);
  lua_Integer freq = luaL_opt(L, luaL_checkinteger, 3, -1);
  const char *tag = luaL_optstring(L, 4, NULL);
  if (!lua_isnoneornil(L, 3) && (freq < 0 || freq > ZT_SEG_MAX_FREQ))
    return luaL_argerror(L, 3, "frequency must be 0 to 2^40 (1099511627776)");
  check_word_len(L, n);
  return word_done(L, zt_seg_add_word(live_seg(L, ls), w, n, (long long)freq, tag));
}

static int seg_del_word(lua_State *L) {
  lseg *ls = check_seg(L);
  size_t n;
  const char *w = luaL_checklstring(L, 2, &n);
  check_word_len(L, n);
  return word_done(L, zt_seg_del_word(live_seg(L, ls), w, n));
}

static int seg_load_userdict(lua_State *L) {
  lseg *ls = check_seg(L);
  const char *path = luaL_checkstring(L, 2);
  char err[512] = "";
  int rc = zt_seg_load_userdict(live_seg(L, ls), path, err, sizeof err);
  if (rc == ZT_ENOMEM) return lzt_error(L, rc);
  if (rc != ZT_OK) {
    luaL_pushfail(L);
    lua_pushstring(L, err);
    return 2;
  }
  lua_settop(L, 1);
  return 1;
}

/* suggest_freq(word_or_pieces [, tune]) */
static int seg_suggest_freq(lua_State *L) {
  lseg *ls = check_seg(L);
  int tune = lua_toboolean(L, 3);
  long long r;
  if (lua_type(L, 2) == LUA_TTABLE) {
    const char *segs[64];
    size_t lens[64], i, n = (size_t)lua_rawlen(L, 2);
    if (n == 0 || n > 64) return luaL_argerror(L, 2, "expected 1 to 64 pieces");
    for (i = 0; i < n; i++) {
      if (lua_rawgeti(L, 2, (lua_Integer)i + 1) != LUA_TSTRING) return luaL_argerror(L, 2, "pieces must be strings");
      segs[i] = lua_tolstring(L, -1, &lens[i]); /* anchored in the table */
      lua_pop(L, 1);
      if (!lens[i]) return luaL_argerror(L, 2, "pieces must not be empty");
    }
    {
      size_t total = 0;
      for (i = 0; i < n; i++) total += lens[i];
      if (!total || total >= 256) return luaL_argerror(L, 2, "word must be 1 to 255 bytes");
    }
    if (n == 1) {
      /* a one-piece table means "keep it whole", same as a string */
      r = zt_seg_suggest_freq(live_seg(L, ls), segs, lens, 1, tune);
    } else {
      r = zt_seg_suggest_freq(live_seg(L, ls), segs, lens, n, tune);
    }
  } else {
    size_t n;
    const char *w = luaL_checklstring(L, 2, &n);
    if (!n || n >= 256) return luaL_argerror(L, 2, "word must be 1 to 255 bytes");
    r = zt_seg_suggest_freq(live_seg(L, ls), &w, &n, 1, tune);
  }
  if (r == -ZT_EUTF8) return luaL_argerror(L, 2, "word is not valid UTF-8");
  if (r == -ZT_ERANGE_FREQ) return luaL_error(L, TOTAL_BOUND_MSG);
  if (r < 0) return lzt_error(L, (int)-r);
  lua_pushinteger(L, (lua_Integer)r);
  return 1;
}

/* freq(word) -> frequency (0 for a prefix only) or nil when the word is not in the dictionary */
static int seg_freq(lua_State *L) {
  lseg *ls = check_seg(L);
  size_t n;
  const char *w = luaL_checklstring(L, 2, &n);
  int present;
  long long f = zt_seg_freq(live_seg(L, ls), w, n, &present);
  if (!present) luaL_pushfail(L);
  else lua_pushinteger(L, (lua_Integer)f);
  return 1;
}

/* idf(word) -> idf, found (the median idf and false when the word has none) */
static int seg_idf(lua_State *L) {
  lseg *ls = check_seg(L);
  size_t n;
  const char *w = luaL_checklstring(L, 2, &n);
  int found;
  double v = zt_seg_idf(live_seg(L, ls), w, n, &found);
  lua_pushnumber(L, v);
  lua_pushboolean(L, found);
  return 2;
}

/* Whether word s (the string at stack index at) is a candidate: long enough and not a stop word
 * (stop: the stack index of the set of lower-cased stop words). */
static int tfidf_candidate(lua_State *L, int stop, int at, const char *s, size_t l) {
  size_t j;
  int is_stop;
  if (!zt_kw_long_enough(s, l)) return 0;
  for (j = 0; j < l && !(s[j] >= 'A' && s[j] <= 'Z'); j++) {}
  if (j < l) { /* the stop set is keyed by lower-case words */
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (j = 0; j < l; j++) luaL_addchar(&b, (s[j] >= 'A' && s[j] <= 'Z') ? (char)(s[j] + 32) : s[j]);
    luaL_pushresult(&b);
  } else {
    lua_pushvalue(L, at); /* the word's own string */
  }
  is_stop = lua_rawget(L, stop) != LUA_TNIL && lua_toboolean(L, -1);
  lua_pop(L, 1);
  return !is_stop;
}

/* The counting of extract_tags, word by word. Each word's string is looked up first by its
 * address: a text repeats its words, and equal short strings are one string in Lua, so each
 * string is judged (candidate or not) and found in the table of distinct words once; a long
 * string seen twice is two addresses with one entry. */
typedef struct seen_word {
  const char *s;
  size_t idx; /* the word's entry in kw, (size_t)-1: not a candidate */
} seen_word;

typedef struct tf_count {
  seen_word *seen;
  size_t mask;
  zt_kw *kw;
  size_t k, m; /* distinct candidates, candidates */
  size_t *slots;
  size_t cap;
  int stop;
} tf_count;

/* Scratch for n words in one userdata pushed on the stack (freed by the collector whatever
 * happens), zeroed where it must be. */
static void tf_init(lua_State *L, tf_count *c, size_t n, int stop) {
  size_t mask = 15;
  c->cap = zt_tfidf_slots(n);
  while (mask < n * 2) mask = mask * 2 + 1;
  c->mask = mask;
  c->kw = (zt_kw *)lua_newuserdatauv(L, n * sizeof *c->kw + c->cap * sizeof *c->slots + (mask + 1) * sizeof *c->seen + 1, 0);
  c->slots = (size_t *)(void *)(c->kw + n);
  c->seen = (seen_word *)(void *)(c->slots + c->cap);
  memset(c->slots, 0, c->cap * sizeof *c->slots);
  memset(c->seen, 0, (mask + 1) * sizeof *c->seen);
  c->k = c->m = 0;
  c->stop = stop;
}

/* Counts word s, the string at stack index at (which stays alive until the ranking: a words
 * table holds it). */
static void tf_add(lua_State *L, tf_count *c, int at, const char *s, size_t l) {
  size_t h = ((size_t)(uintptr_t)s >> 4) * (size_t)0x9E3779B97F4A7C15ull;
  size_t i = (h ^ (h >> 29)) & c->mask;
  seen_word *e;
  while (c->seen[i].s && c->seen[i].s != s) i = (i + 1) & c->mask;
  e = &c->seen[i];
  if (!e->s) {
    e->s = s;
    e->idx = tfidf_candidate(L, c->stop, at, s, l) ? zt_tfidf_entry(c->kw, &c->k, c->slots, c->cap, s, l) : (size_t)-1;
  }
  if (e->idx == (size_t)-1) return;
  c->kw[e->idx].weight += 1.0;
  c->m++;
}

/* Ranks the counted words and pushes the best top as {{word, weight}, ...}. */
static void tf_push(lua_State *L, zt_seg *sg, tf_count *c, lua_Integer top) {
  size_t j, k = zt_tfidf_rank(sg, c->kw, c->k, c->m, top > 0 ? (size_t)top : (size_t)-1);
  lua_createtable(L, k > 0x7FFFFFF ? 0x7FFFFFF : (int)k, 0);
  for (j = 0; j < k; j++) {
    lua_createtable(L, 2, 0);
    lua_pushlstring(L, c->kw[j].s, c->kw[j].n);
    lua_rawseti(L, -2, 1);
    lua_pushnumber(L, c->kw[j].weight);
    lua_rawseti(L, -2, 2);
    lua_rawseti(L, -2, (lua_Integer)j + 1);
  }
}

/* tfidf(words, top, stop) -> {{word, weight}, ...}, best first: jieba's extract_tags over words
 * already segmented (and restricted to allowed tags); stop is a set of lower-cased words. */
static int seg_tfidf(lua_State *L) {
  lseg *ls = check_seg(L);
  lua_Integer top = luaL_checkinteger(L, 3), n, i;
  tf_count c;
  luaL_checktype(L, 2, LUA_TTABLE);
  luaL_checktype(L, 4, LUA_TTABLE);
  n = (lua_Integer)lua_rawlen(L, 2);
  if (n < 0 || (size_t)n > ((size_t)-1) / 64) return luaL_argerror(L, 2, "too many words");
  lua_settop(L, 4);
  tf_init(L, &c, (size_t)n, 4);
  for (i = 1; i <= n; i++) {
    size_t l;
    const char *s;
    if (lua_rawgeti(L, 2, i) != LUA_TSTRING) { lua_pop(L, 1); continue; }
    s = lua_tolstring(L, -1, &l); /* stays alive: the words table holds it */
    tf_add(L, &c, lua_gettop(L), s, l);
    lua_pop(L, 1);
  }
  tf_push(L, live_seg(L, ls), &c, top);
  return 1;
}

/* The distinct words of one cut_tfidf call, keyed by their bytes in the text: a word met again
 * is pushed from the words table (its first copy) instead of being made and interned again, and
 * it is counted without another look-up. */
typedef struct word_ent {
  size_t start, len; /* the bytes of its first occurrence */
  lua_Integer first; /* its index in the words table */
  size_t kwi;        /* its entry in kw, (size_t)-1: not a candidate */
  uint32_t node;     /* its trie node when a token said it, else 0 */
} word_ent;

/* Scratch of cut_tfidf for n tokens, in the token buffer's memory: kw and ents (n each), then
 * two tables of mask + 1 slots (zeroed: index + 1 into ents, 0 = empty), by bytes and by trie
 * node. NULL when out of memory. */
static void *cut_scratch(ltoks *x, size_t n, size_t mask) {
  size_t need = n * (sizeof(zt_kw) + sizeof(word_ent)) + 2 * (mask + 1) * sizeof(uint32_t);
  if (need > x->scap) {
    void *p = realloc(x->scratch, need);
    if (!p) return NULL;
    x->scratch = p;
    x->scap = need;
  }
  memset((char *)x->scratch + n * (sizeof(zt_kw) + sizeof(word_ent)), 0, 2 * (mask + 1) * sizeof(uint32_t));
  return x->scratch;
}

/* The slot of node in the by-node table: its entry's, or the empty one where it goes. */
static size_t node_slot(const uint32_t *nslots, const word_ent *ents, size_t mask, uint32_t node) {
  size_t h = ((size_t)node * 0x9E3779B1u) & mask;
  while (nslots[h] && ents[nslots[h] - 1].node != node) h = (h + 1) & mask;
  return h;
}

/* A hash of p[0..n), n > 0, where p[0..room) may be read (room >= n): the bytes are loaded eight
 * at a time, the last ones with one load masked to them when there is room (little-endian), else
 * byte by byte into the same value: the hash of a word is the same wherever it is. */
static size_t word_hash(const unsigned char *p, size_t n, size_t room) {
  uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
  size_t i;
  for (i = 0; i + 8 <= n; i += 8) {
    uint64_t x;
    memcpy(&x, p + i, 8);
    h = (h ^ x) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
  }
  if (i < n) {
    uint64_t x = 0;
    static const uint16_t one = 1;
    if (i + 8 <= room && *(const unsigned char *)&one) { /* little-endian: the first bytes are the low ones */
      memcpy(&x, p + i, 8);
      x &= ~0ull >> (8 * (8 - (n - i))); /* the word's bytes only, as the loop below takes them */
    } else {
      size_t j;
      for (j = n; j-- > i;) x = (x << 8) | p[j];
    }
    h = (h ^ x) * 0xFF51AFD7ED558CCDull;
  }
  h ^= h >> 29;
  h *= 0xC4CEB9FE1A85EC53ull;
  return (size_t)(h ^ (h >> 32));
}

/* memcmp(p, q, n) == 0 for the short words of a text, without a call. */
static inline int same_bytes(const unsigned char *p, const unsigned char *q, size_t n) {
  size_t i;
  if (n > 16) return memcmp(p, q, n) == 0;
  for (i = 0; i < n; i++)
    if (p[i] != q[i]) return 0;
  return 1;
}

/* Whether word w may be a stop word of a set whose words are all ASCII (ascii_stop): only when
 * it is ASCII too (lower-casing changes only ASCII letters). */
static int may_stop(int ascii_stop, const char *w, size_t l) {
  size_t j;
  if (!ascii_stop) return 1;
  for (j = 0; j < l; j++)
    if ((unsigned char)w[j] >= 0x80) return 0;
  return 1;
}

/* Pushes the words of the tokens of s as a table and counts the candidates into kw (the n
 * tokens' entries; *k distinct candidates, *m candidates). ents: n entries, slots: two tables
 * of mask + 1 zeroed, mask + 1 > 2 * n. A token with its trie node is found by it (one word, one
 * node), else (or the first time) by its bytes. Argument 5 is the stop set, argument 6 true when
 * its words are all ASCII. */
static void cut_count(lua_State *L, const char *s, size_t ns, const zt_toks *tk, word_ent *ents, uint32_t *slots, size_t mask,
                      zt_kw *kw, size_t *k, size_t *m) {
  int ascii_stop = lua_toboolean(L, 6);
  const unsigned char *u = (const unsigned char *)s;
  uint32_t *nslots = slots + mask + 1;
  size_t i, ne = 0;
  int words;
  lua_createtable(L, tk->n > 0x7FFFFFF ? 0x7FFFFFF : (int)tk->n, 0);
  words = lua_gettop(L);
  for (i = 0; i < tk->n; i++) {
    size_t a = tk->v[i].start, len = tk->v[i].end - a, h, nh = 0;
    uint32_t node = tk->v[i].node;
    word_ent *e;
    if (len == 0) { /* never made by the segmenter; kept apart from the empty slots */
      lua_pushliteral(L, "");
      lua_rawseti(L, words, (lua_Integer)i + 1);
      continue;
    }
    if (node) {
      nh = node_slot(nslots, ents, mask, node);
      if (nslots[nh]) {
        e = &ents[nslots[nh] - 1];
        lua_rawgeti(L, words, e->first);
        goto counted;
      }
    }
    h = word_hash(u + a, len, ns - a) & mask;
    while (slots[h]) {
      e = &ents[slots[h] - 1];
      if (e->len == len && same_bytes(u + e->start, u + a, len)) break;
      h = (h + 1) & mask;
    }
    if (slots[h]) {
      e = &ents[slots[h] - 1];
      lua_rawgeti(L, words, e->first);
    } else {
      size_t l;
      const char *w;
      e = &ents[ne++];
      slots[h] = (uint32_t)ne;
      lua_pushlstring(L, s + a, len);
      w = lua_tolstring(L, -1, &l); /* held by the words table from the rawseti below */
      e->start = a;
      e->len = len;
      e->first = (lua_Integer)i + 1;
      e->kwi = (size_t)-1;
      e->node = 0;
      if (may_stop(ascii_stop, w, l) ? tfidf_candidate(L, 5, lua_gettop(L), w, l) : zt_kw_long_enough(w, l)) {
        kw[*k].s = w;
        kw[*k].n = l;
        kw[*k].weight = 0.0;
        kw[*k].first = *k;
        kw[*k].node = 0;
        e->kwi = (*k)++;
      }
    }
    if (node && !e->node) { /* the word's node, met first (or again) with it */
      e->node = node;
      nslots[nh] = (uint32_t)(e - ents) + 1;
      if (e->kwi != (size_t)-1) kw[e->kwi].node = node; /* its idf is read there */
    }
  counted:
    lua_rawseti(L, words, (lua_Integer)i + 1);
    if (e->kwi != (size_t)-1) {
      kw[e->kwi].weight += 1.0;
      (*m)++;
    }
  }
}

/* cut_tfidf(s, opts, top, stop [, ascii_stop]) -> words, keywords: cut(s, opts) and
 * tfidf(words, top, stop) in one call (the pipeline's segment stage followed by its keywords
 * stage), counting the words as they are made instead of reading them back from the table;
 * ascii_stop: true when the stop words are all ASCII (the others need no look-up). */
static int seg_cut_tfidf(lua_State *L) {
  lseg *ls = check_seg(L);
  lua_Integer top = luaL_checkinteger(L, 4);
  size_t ns, mask = 15, k = 0, m = 0, j, nk;
  const char *s;
  int tidx;
  zt_toks *tk;
  zt_kw *kw;
  word_ent *ents;
  luaL_checktype(L, 5, LUA_TTABLE);
  lua_settop(L, 6);
  tk = take_toks(L);
  tidx = lua_gettop(L);
  run_cut(L, ls, 0, tk);
  if (tk->n >= 0x7FFFFFFFu) luaL_error(L, "too many words");
  s = lua_tolstring(L, 2, &ns);
  while (mask < tk->n * 2) mask = mask * 2 + 1;
  if (!(kw = (zt_kw *)cut_scratch((ltoks *)(void *)tk, tk->n, mask))) return lzt_error(L, ZT_ENOMEM);
  ents = (word_ent *)(void *)(kw + tk->n);
  cut_count(L, s, ns, tk, ents, (uint32_t *)(void *)(ents + tk->n), mask, kw, &k, &m);
  nk = zt_tfidf_rank(live_seg(L, ls), kw, k, m, top > 0 ? (size_t)top : (size_t)-1);
  lua_createtable(L, nk > 0x7FFFFFF ? 0x7FFFFFF : (int)nk, 0);
  for (j = 0; j < nk; j++) {
    lua_createtable(L, 2, 0);
    lua_pushlstring(L, kw[j].s, kw[j].n);
    lua_rawseti(L, -2, 1);
    lua_pushnumber(L, kw[j].weight);
    lua_rawseti(L, -2, 2);
    lua_rawseti(L, -2, (lua_Integer)j + 1);
  }
  give_toks(L, tidx, tk);
  return 2;
}

static int seg_total(lua_State *L) {
  lseg *ls = check_seg(L);
  lua_pushinteger(L, (lua_Integer)zt_seg_total(ls->sg));
  return 1;
}

static int seg_close(lua_State *L) {
  (void)luaL_checkudata(L, 1, SEG_MT);
  return seg_gc(L);
}

static int l_seg_split(lua_State *L) {
  size_t n;
  const char *s = luaL_checklstring(L, 1, &n);
  lua_Integer init = luaL_checkinteger(L, 2), want = luaL_checkinteger(L, 3);
  if (init < 1) init = 1;
  if ((size_t)init > n) {
    lua_pushinteger(L, (lua_Integer)n);
    return 1;
  }
  if (want < 1) want = 1;
  lua_pushinteger(L, init - 1 + (lua_Integer)zt_seg_safe_split(s + init - 1, n - (size_t)(init - 1), (size_t)want));
  return 1;
}

static const luaL_Reg seg_methods[] = {
  {"cut", seg_cut}, {"tokenize", seg_tokenize}, {"pos", seg_pos}, {"add_word", seg_add_word},
  {"del_word", seg_del_word}, {"load_userdict", seg_load_userdict}, {"suggest_freq", seg_suggest_freq},
  {"freq", seg_freq}, {"idf", seg_idf}, {"tfidf", seg_tfidf}, {"cut_tfidf", seg_cut_tfidf}, {"total", seg_total}, {"close", seg_close}, {"mapped", seg_mapped},
  {NULL, NULL}};

void lzt_open_seg(lua_State *L) {
  /* dictionaries */
  luaL_newmetatable(L, DICT_MT);
  lua_pushcfunction(L, dict_gc);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, dict_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pop(L, 1);
  /* the per-state cache: path -> dict, weak values */
  lua_newtable(L);
  lua_createtable(L, 0, 1);
  lua_pushliteral(L, "v");
  lua_setfield(L, -2, "__mode");
  lua_setmetatable(L, -2);
  lua_setfield(L, LUA_REGISTRYINDEX, DICT_CACHE);
  luaL_newmetatable(L, TOKS_MT);
  lua_pushcfunction(L, toks_gc);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);
  /* segmenters */
  luaL_newmetatable(L, SEG_MT);
  lua_pushcfunction(L, seg_gc);
  lua_setfield(L, -2, "__gc");
  lua_pushcfunction(L, seg_gc);
  lua_setfield(L, -2, "__close");
  lua_pushcfunction(L, seg_tostring);
  lua_setfield(L, -2, "__tostring");
  luaL_newlib(L, seg_methods);
  lua_pushvalue(L, -1);
  lua_setfield(L, -3, "__index");
  lua_setfield(L, -3, "seg_methods"); /* module.seg_methods = methods */
  lua_pop(L, 1);
  lua_pushcfunction(L, l_seg_open);
  lua_setfield(L, -2, "seg_open");
  lua_pushcfunction(L, l_seg_build);
  lua_setfield(L, -2, "seg_build");
  lua_pushcfunction(L, l_seg_new);
  lua_setfield(L, -2, "seg_new");
  lua_pushcfunction(L, l_seg_verify);
  lua_setfield(L, -2, "seg_verify");
  lua_pushcfunction(L, l_seg_compile);
  lua_setfield(L, -2, "seg_compile");
  lua_pushcfunction(L, l_seg_split);
  lua_setfield(L, -2, "seg_split");
  lua_pushinteger(L, ZT_DICT_VERSION);
  lua_setfield(L, -2, "seg_dict_version");
}
