/* zt_article_impl.h: what the passes of zt_article_parse share (private to src/zt_article*.c).
 *
 * The parse is a list of passes over one array of lines (see zt_article.c and docs/articles.md):
 *   line features + boilerplate kinds + label lines   zt_article_lines.c, _boiler.c, _labels.c
 *   main run, body start and end, body/related kinds  zt_article_body.c
 *   title, repeated titles, site suffix               zt_article_title.c
 *   dates (a priority list of strategies)             zt_article_date.c
 *   names (labels, bracketed bylines, credits)        zt_article_names.c, _bylines.c
 *   site, domain, copyright                           zt_article_site.c
 *   HTML metadata and class hints                     zt_article_html.c
 * Word lists live in rule tables (zt_article_*.def), read by one matcher (zt_article_rules.c).
 */
#ifndef ZT_ARTICLE_IMPL_H
#define ZT_ARTICLE_IMPL_H

#include <stdint.h>
#include <string.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "zt_article.h"
#include "zt_utf8.h"
#include "zt_utf8_inline.h"

typedef unsigned char u8;

/* ---------------------------------------------------------------- rule tables */

/* How a rule's text must sit in the string it is tested against. */
enum { R_STARTS = 1, R_CONTAINS = 2, R_WHOLE = 4, R_ENDS = 8 };

/* The lists (one per concern); each rule belongs to one. */
enum {
#define RULE_LIST(id, what) id,
#include "zt_article_lists.def"
#undef RULE_LIST
  RL__COUNT
};

/* Record fields a label fills. */
enum { F_NONE, F_SOURCE, F_AUTHOR, F_EDITOR, F_PHOTO, F_DATE, F_IGNORE, F_KEYWORDS, F_ORIGTITLE };
/* Label flags: LB_NOCOLON read without a colon on loose lines; LB_NEEDSEP only with a colon or
 * slash; LB_AGENCY may follow an outlet (新华社记者); LB_SLASH takes a slash as separator;
 * LB_GLUE may be glued to the name (记者王晓明); LB_GLUED_VALUE may be glued to a whole short
 * value, a name or an outlet followed by a space or the end (作者何光明　来源云溪网);
 * LB_ALSO_PHOTO credits the pictures too (文/图 张三). Boilerplate flag: LB_SHORT_ANYWHERE (a
 * navigation start also recognised anywhere in a short line). */
enum { LB_NOCOLON = 1, LB_NEEDSEP = 2, LB_AGENCY = 4, LB_SLASH = 8, LB_GLUE = 16,
       LB_SHORT_ANYWHERE = 32, LB_GLUED_VALUE = 64, LB_ALSO_PHOTO = 128 };

typedef struct za_rule {
  const char *s;
  unsigned char len, list, field, flags;
} za_rule;

#define ZA_BUCKETS 1024
#define ZA_MINLEN 2 /* bytes: the shortest rule (©) */
#define ZA_NONE 0xFFFF

/* Every rule, and an index by the first two bytes of its text: chains in table order. */
typedef struct za_rules {
  uint16_t head[RL__COUNT][ZA_BUCKETS]; /* first rule of each list by za_bucket, or ZA_NONE */
  uint16_t *next;                       /* the next rule in the same list and bucket */
  uint16_t *order;                      /* rule indices grouped by list, in table order */
  uint16_t lstart[RL__COUNT], lcount[RL__COUNT];
  int16_t *sig1, *sig2;                 /* sig_bit of the first two characters (-1: none) */
  uint64_t label_first[64];             /* za_key3 of the labels' first three bytes, as bits */
  /* the rules of the lists boilerplate tests "anywhere in the line" (ZA_ANYWHERE), chained
   * by za_bucket across lists: one pass over a line finds which of them it holds */
  uint16_t any_head[ZA_BUCKETS];
  uint64_t any_first[64];               /* as label_first, for these rules */
  uint16_t *any_next;
  size_t n;
} za_rules;

extern const za_rule za_rule_table[];

int za_rules_init(za_rules *r);
void za_rules_free(za_rules *r);

/* The bucket of a rule starting at s: its first two bytes, which for a 3-byte character are
 * the low bits of the lead byte and the 6 bits of the second (all CJK leads distinct). */
static inline unsigned za_bucket(const u8 *s) {
  return (((unsigned)s[0] & 0x0Fu) << 6) | ((unsigned)s[1] & 0x3Fu);
}

/* 12 bits of the first three bytes at s (a finer first-character key than za_bucket). */
static inline unsigned za_key3(const u8 *s) {
  return ((((unsigned)s[0] & 0x0Fu) << 8) ^ (((unsigned)s[1] & 0x3Fu) << 2) ^ (unsigned)s[2] ^
          ((unsigned)s[2] << 6)) & 0xFFFu;
}

/* s[0..n) == t[0..n), for the short texts of rules (no library call). */
static inline int za_eq(const u8 *s, const char *t, size_t n) {
  size_t i;
  for (i = 0; i < n; i++)
    if (s[i] != (u8)t[i]) return 0;
  return 1;
}

/* The longest rule of `list` at s[p..n) (the first in table order among equals), or -1. */
static inline int za_rule_at(const za_rules *r, int list, const u8 *s, size_t n, size_t p) {
  int best = -1;
  size_t bestlen = 0;
  unsigned i;
  if (n - p < ZA_MINLEN) return -1;
  for (i = r->head[list][za_bucket(s + p)]; i != ZA_NONE; i = r->next[i]) {
    const za_rule *q = &za_rule_table[i];
    if (q->len > bestlen && q->len <= n - p && za_eq(s + p, q->s, q->len)) {
      best = (int)i;
      bestlen = q->len;
    }
  }
  return best;
}

/* s[0..n) starts with a rule of `list`: its index, or -1. */
static inline int za_starts(const za_rules *r, int list, const u8 *s, size_t n) {
  return za_rule_at(r, list, s, n, 0);
}

/* s[0..n) is a rule of `list`. */
static inline int za_whole(const za_rules *r, int list, const u8 *s, size_t n) {
  unsigned i;
  if (n < ZA_MINLEN) return 0;
  for (i = r->head[list][za_bucket(s)]; i != ZA_NONE; i = r->next[i])
    if (za_rule_table[i].len == n && memcmp(s, za_rule_table[i].s, n) == 0) return 1;
  return 0;
}

/* The first rule of `list` (table order) that s[0..n) ends with, leaving at least `keep` bytes
 * before it, or -1. Suffix lists are short and read once per value. */
int za_ends(const za_rules *r, int list, const u8 *s, size_t n, size_t keep);
/* A rule of `list` anywhere in s[0..n) (a value, not a line). */
int za_has_any(const za_rules *r, int list, const u8 *s, size_t n);

/* ---------------------------------------------------------------- characters */

static inline int32_t cp_at(const u8 *s, size_t n, size_t p, size_t *len) {
  int32_t c;
  if (p >= n) { *len = 0; return -1; }
  *len = zt_utf8_next(s + p, n - p, &c);
  return c;
}

/* The code point ending at byte p (exclusive), and its start in *start. */
static inline int32_t cp_before(const u8 *s, size_t p, size_t *start) {
  size_t q, l;
  int32_t c;
  if (p == 0) { *start = 0; return -1; }
  q = p - 1;
  if (s[q] < 0x80) { *start = q; return s[q]; }
  while (q > 0 && p - q < 4 && (s[q] & 0xC0) == 0x80) q--;
  c = cp_at(s, p, q, &l);
  if (q + l != p) { *start = p - 1; return -1; }
  *start = q;
  return c;
}

/* zt_utf8_len without a call per Han character (the same count, ill-formed input included). */
static inline size_t za_len(const char *cs, size_t n) {
  const u8 *s = (const u8 *)cs;
  size_t i = 0, k = 0, l;
  while (i < n) {
    if (s[i] < 0x80) i++;
    else { cp_at(s, n, i, &l); i += l; }
    k++;
  }
  return k;
}

/* zt_is_han, inline */
static inline int is_han(int32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || c == 0x3007 ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x323AF) ||
         (c >= 0x2F800 && c <= 0x2FA1F);
}

static inline int is_space_cp(int32_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f' ||
         c == 0xA0 || c == 0x3000 || c == 0xFEFF || c == 0x200B || (c >= 0x2000 && c <= 0x200A);
}

static inline int is_sentence_end(int32_t c) {
  return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == '!' || c == '?' || c == 0x2026 ||
         c == '.' || c == 0xFF0E || c == 0xFF61;
}

static inline int is_closing_quote(int32_t c) {
  return c == 0x201D || c == 0x2019 || c == '"' || c == 0x300D || c == 0x300F || c == 0xFF09 ||
         c == ')' || c == 0x300B;
}

/* 社 报 報 台 网 網 站 刊 闻 聞 端: an outlet's last character (新华社记者, 客户端记者). */
static inline int is_agency_char(int32_t c) {
  return c == 0x793E || c == 0x62A5 || c == 0x5831 || c == 0x53F0 || c == 0x7F51 || c == 0x7DB2 ||
         c == 0x7AD9 || c == 0x520A || c == 0x95FB || c == 0x805E || c == 0x7AEF;
}

static inline int starts_with(const u8 *s, size_t n, const char *lit) {
  size_t l = strlen(lit);
  return l <= n && memcmp(s, lit, l) == 0;
}

static inline int ends_with(const u8 *s, size_t n, const char *lit) {
  size_t l = strlen(lit);
  return l <= n && memcmp(s + n - l, lit, l) == 0;
}

/* Chinese and ASCII punctuation counted for prose detection. */
static inline int za_is_cn_punct(int32_t c) {
  switch (c) {
    case 0xFF0C: case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF1B: case 0xFF1A: case 0x3001:
    case 0x201C: case 0x201D: case 0x2018: case 0x2019: case 0xFF08: case 0xFF09: case 0x300A:
    case 0x300B: case ',': case '!': case '?': case ';': case 0x2026:
      return 1;
    default:
      return 0;
  }
}

int za_has_lit_n(const u8 *s, size_t n, const char *lit, size_t l);
static inline int za_has_lit(const u8 *s, size_t n, const char *lit) {
  return za_has_lit_n(s, n, lit, strlen(lit));
}
int za_contains(const u8 *hay, size_t n, const u8 *needle, size_t m);
void za_trim(const u8 *s, size_t *b, size_t *e);
void za_trim_value(const u8 *s, size_t *b, size_t *e);
void za_trim_brackets(const u8 *s, size_t *b, size_t *e);

/* ---------------------------------------------------------------- lines */

/* Line flags set by the passes (why a line got its kind, beyond the kind itself). */
enum {
  LN_BRACKETED = 1u << 0 /* a bracketed byline alone on its line （记者 ... 通讯员 ...） */
};

typedef struct line {
  const u8 *s;
  size_t n;
  unsigned flags;         /* ZT_LF_* (HTML) */
  unsigned marks;         /* LN_* */
  int kind;
  const char *rule;
  size_t nchars, han, punct;
  int ends_sentence;
  int prose;              /* looks like a body paragraph */
  int headline;           /* looks like a headline (short, no final full stop) */
  int has_date;
  zt_date date;
  size_t dstart, dend;
  int meta;               /* a label line (all of it labels, names, dates) */
  int closing;            /* something that ends an article body */
  int soft_closing;       /* ends it unless real paragraphs follow (来源：/摄影： lines) */
  int boiler;             /* nav/share/breadcrumb/footer pattern (kind set) */
  int related_label;
  int loose;              /* labels without a colon are read on this line */
  int plain;              /* zt_clean_unchanged holds for s[plain_b..plain_e), the line inside
                           * its edge spaces (options permitting): written to the record
                           * without zt_clean */
  size_t plain_b, plain_e;
  uint64_t sig[4];        /* a 256-bit set of the line's characters (hashed): fast "not here";
                           * set for lines of at most SHORT_LINE bytes only, when first asked
                           * for (za_line_sig) */
  int sig_done;
  /* From za_line_lists: the positions that may start a label (za_label_may_start), when
   * there are at most LAB_MAX; lab_n LAB_MAX + 1: more; lab_known 0: not looked (a long line
   * or one that got a boilerplate kind first). */
  int lab_known, lab_n;
  unsigned crumb_seps;    /* > » ＞ › in the line (za_line_lists) */
  unsigned footer_links;  /* distinct RL_FOOTER_LINK words, up to 2 (za_line_lists) */
  uint16_t lab_at[24];    /* LAB_MAX */
} line;

#define SHORT_LINE 400 /* bytes: longer lines are never label / date / boilerplate lines */

static inline unsigned sig_bit(int32_t c) {
  return ((uint32_t)c * 2654435761u) >> 24;
}

/* Computes L->sig once (the line array is never const itself: only the pointers to it). */
void za_line_sig(const line *L);

static inline int sig_has(const line *L, int32_t c) {
  unsigned hb = sig_bit(c);
  return (L->sig[hb >> 6] >> (hb & 63)) & 1;
}

/* Word tests on a line (through its signature): only for lines of at most SHORT_LINE bytes. */
int za_lhas(const line *L, const char *lit);
/* A rule of `list` anywhere in the line; za_line_count: how many (those with all `flags`). */
int za_line_has(const za_rules *r, int list, const line *L);
/* The lists of ZA_ANYWHERE: bit l set when za_line_has(r, l, L) would say 1. */
#define ZA_LBIT(l) ((uint64_t)1 << (l))
#define ZA_ANYWHERE                                                                     \
  (ZA_LBIT(RL_COPYRIGHT) | ZA_LBIT(RL_FOOTER_MARK) | ZA_LBIT(RL_FOOTER_LICENCE) |        \
   ZA_LBIT(RL_VIDEO_WORD) | ZA_LBIT(RL_SHARE) | ZA_LBIT(RL_RELATED) | ZA_LBIT(RL_COMMENTS))
/* ... and records in L->lab_at the positions that may start a label. */
#define LAB_MAX 24
uint64_t za_line_lists(const za_rules *r, line *L);
/* Whether a label may start at p of s[0..n) (its bucket and first three bytes): most positions
 * are ruled out here. */
static inline int za_label_may_start(const za_rules *r, const u8 *s, size_t n, size_t p) {
  unsigned key;
  if (n - p < ZA_MINLEN || r->head[RL_LABEL][za_bucket(s + p)] == ZA_NONE) return 0;
  if (n - p < 3) return 1;
  key = za_key3(s + p);
  return (int)((r->label_first[key >> 6] >> (key & 63)) & 1);
}
int za_line_count(const za_rules *r, int list, const line *L, unsigned flags);
void za_line_stats(line *L);
/* Splits text into trimmed non-empty lines in *buf (capacity *cap lines, grown as needed). */
int za_split_lines(const u8 *s, size_t n, line **buf, size_t *cap, size_t *count);

/* ---------------------------------------------------------------- labels */

typedef struct hit {
  int field;
  size_t ls, le;      /* label span */
  size_t vs, ve;      /* value span */
  int sep;            /* 1 colon, 2 slash, 0 none */
  int also_photo;     /* the label has LB_ALSO_PHOTO (文/图) */
} hit;

#define MAX_HITS 16

int za_parse_labels(const za_rules *r, const u8 *s, size_t n, int loose, hit *hits,
                    size_t *prefix_end);
/* za_parse_labels of a whole line, visiting only its possible label starts when known. */
int za_line_labels(const za_rules *r, const line *L, int loose, hit *hits, size_t *prefix_end);
int za_hits_ok(const u8 *s, const hit *h, int k);
int za_line_is_person_meta(const hit *h, int k);

/* ---------------------------------------------------------------- names */

typedef struct acc {
  /* pending values: spans into line texts (raw), field-tagged */
  const u8 **s;
  size_t *n;
  int *field;
  size_t cnt, cap;
  int oom;
  const za_rules *r;
} acc;

void za_acc_add(acc *a, int field, const u8 *s, size_t n);
void za_acc_free(acc *a);
int za_acc_has(const acc *a, int field);
int za_person_value_ok(const u8 *s, size_t n);
int za_is_placeholder_name(const za_rules *r, const u8 *s, size_t n);
int za_spaced_name_at(const u8 *s, size_t n, size_t tb, size_t i);
void za_add_names(acc *a, int field, const u8 *s, size_t n);
int za_names_only(const za_rules *r, const u8 *s, size_t n);

/* ---------------------------------------------------------------- the parse */

typedef struct ctx {
  zt_article *a;
  const zt_article_opts *o;
  zt_article_parser *p;
  const za_rules *r;
  int oom;
  /* the page */
  line *L;
  size_t nl;
  const zt_html_doc *hd;  /* NULL for text */
  int html, has_main;
  /* what the passes found */
  size_t title_i, body_start, body_end, run_b, run_e;
  const u8 *title;
  size_t title_n;
  const char *title_rule;
  zt_span site_suffix, site_dateline;
  int date_done;
  zt_date labelled_date;
  int labelled_date_set;
} ctx;

struct zt_article_parser {
  pcre2_code *domain_re;
  pcre2_match_data *md;
  pcre2_match_context *mctx;
  zt_html_ctx *html;
  za_rules rules;
  line *lines;      /* the line array, kept between parses (up to LINES_KEEP lines) */
  size_t lines_cap;
};

#define LINES_KEEP 4096

#define NO_LINE ((size_t)-1)

/* record output */
zt_span za_put(ctx *c, const u8 *s, size_t n);
/* za_put of a whole line: no zt_clean when the line is plain (same bytes either way: the
 * edge spaces zt_clean drops or writes as spaces, za_put trims). */
zt_span za_put_line(ctx *c, const line *L);
void za_put_list(ctx *c, zt_strvec *v, const u8 *s, size_t n, int dedup, size_t maxn);
void za_put_date(ctx *c, const zt_date *d);
void za_vec_push(zt_strvec *v, zt_span sp, int *oom);

/* passes, in the order zt_article_parse runs them */
void za_pass_line_features(ctx *c);
void za_pass_main_run(ctx *c);
void za_pass_title(ctx *c);
void za_pass_body_bounds(ctx *c);
void za_pass_dates(ctx *c);
void za_pass_line_kinds(ctx *c);
void za_pass_names(ctx *c, acc *names);
/* After za_pass_names: a letter's closing ——NAME line credits its author. */
void za_dash_signature(ctx *c, acc *names);
void za_pass_site(ctx *c);
/* Once names are flushed: a comments link glued after the source is cut (来源：X网我要评论);
 * with no source, the outlet right after the dateline. */
void za_source_fixups(ctx *c);
void za_pass_output(ctx *c);

/* helpers shared between passes */
int za_boiler_kind(const za_rules *r, line *x);
int za_is_menu(const line *L);
int za_label_line(ctx *c, line *x);
int za_outlet_prefix(const u8 *s, size_t b, size_t pe, const hit *h);
int za_site_like(const za_rules *r, const u8 *s, size_t n);
size_t za_find_suffix_sep(const u8 *s, size_t n, size_t from, size_t *sep_end);
void za_dateline_site(ctx *c, const line *L, zt_span *site_out);
int za_bracket_bylines(ctx *c, acc *names, const line *L, int whole);
void za_take_hits(ctx *c, acc *names, const u8 *s, const hit *h, int k, int *date_taken,
                  zt_date *labelled_date);
void za_trailing_bracket_byline(ctx *c, acc *names, const line *L, int last);
void za_trailing_photo_credit(acc *names, const line *L);
void za_flush_names(ctx *c, acc *names);
int za_url_date(const u8 *s, size_t n, zt_date *d);

/* HTML metadata and page-wide fallbacks (zt_article_html.c) */
void za_html_warnings(ctx *c, const zt_html_doc *hd);
void za_html_meta_authors(const za_rules *r, acc *names, const zt_html_doc *hd);
void za_html_meta_author(const za_rules *r, acc *names, const zt_html_doc *hd);
void za_html_meta_fields(ctx *c, const zt_html_doc *hd, acc *names);
void za_html_hints(ctx *c, const zt_html_doc *hd, acc *names);
void za_header_name_line(acc *names, const line *L, size_t nl);
void za_posted_by_line(ctx *c, acc *names);

#endif
