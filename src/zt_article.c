/* zt_article: line classification and field extraction (see zt_article.h).
 *
 * The plan, for text and HTML alike:
 *   1. the input becomes lines (text: its lines; HTML: its blocks, with layout flags);
 *   2. every short line is read for labels (来源：, 作者, 责任编辑 ...), dates, and boilerplate
 *      patterns (上一篇, 分享到, breadcrumbs, copyright/ICP);
 *   3. the title is found (HTML metadata; in text the first headline-like line, preferring one
 *      repeated later with a site suffix), then the body: from the first prose line to the last
 *      prose line before anything that closes an article (editor labels, related labels,
 *      上一篇/下一篇, copyright); a trailing run of headline-like lines is a related block;
 *   4. fields come from the lines outside the body (and bracketed bylines at its start).
 */
#include "zt_article.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#include "zt_encoding.h"
#include "zt_error.h"
#include "zt_utf8.h"

typedef unsigned char u8;

/* ---------------------------------------------------------------- the parser object */

struct zt_article_parser {
  pcre2_code *domain_re;
  pcre2_match_data *md;
  pcre2_match_context *mctx;
  zt_html_ctx *html;
};

int zt_article_parser_new(zt_article_parser **out) {
  static const char domain_pat[] =
      "(?<![A-Za-z0-9.@_-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.){1,6}"
      "(?:com|cn|net|org|gov|edu|info|cc|tv|hk|tw|mo|io|co|me|biz|xyz|top|site|news|mobi|vip|"
      "club|online|tech|asia|int|jp|sg|us|uk)(?:\\.(?:cn|hk|tw|mo|uk|jp|sg))?(?![A-Za-z0-9-])";
  zt_article_parser *p = (zt_article_parser *)calloc(1, sizeof *p);
  int err;
  PCRE2_SIZE eoff;
  if (!p) return ZT_ENOMEM;
  p->domain_re = pcre2_compile((PCRE2_SPTR)domain_pat, PCRE2_ZERO_TERMINATED,
                               PCRE2_CASELESS | PCRE2_UTF | PCRE2_NO_UTF_CHECK, &err, &eoff, NULL);
  /* no JIT: these patterns run on short strings, and JIT code confuses valgrind */
  p->md = p->domain_re ? pcre2_match_data_create_from_pattern(p->domain_re, NULL) : NULL;
  p->mctx = pcre2_match_context_create(NULL);
  if (p->mctx) {
    pcre2_set_match_limit(p->mctx, 100000);
    pcre2_set_depth_limit(p->mctx, 1000);
  }
  if (!p->domain_re || !p->md || !p->mctx || zt_html_ctx_new(&p->html) != ZT_OK) {
    zt_article_parser_free(p);
    return ZT_ENOMEM;
  }
  *out = p;
  return ZT_OK;
}

void zt_article_parser_free(zt_article_parser *p) {
  if (!p) return;
  pcre2_match_data_free(p->md);
  pcre2_match_context_free(p->mctx);
  pcre2_code_free(p->domain_re);
  zt_html_ctx_free(p->html);
  free(p);
}

/* ---------------------------------------------------------------- small helpers */

static int32_t cp_at(const u8 *s, size_t n, size_t p, size_t *len) {
  int32_t c;
  if (p >= n) { *len = 0; return -1; }
  if (s[p] < 0x80) { *len = 1; return s[p]; }
  *len = zt_utf8_decode(s + p, n - p, &c);
  return c;
}

/* The code point ending at byte p (exclusive), and its start in *start. */
static int32_t cp_before(const u8 *s, size_t p, size_t *start) {
  size_t q, l;
  int32_t c;
  if (p == 0) { *start = 0; return -1; }
  q = p - 1;
  while (q > 0 && p - q < 4 && (s[q] & 0xC0) == 0x80) q--;
  c = cp_at(s, p, q, &l);
  if (q + l != p) { *start = p - 1; return -1; }
  *start = q;
  return c;
}

static int is_space_cp(int32_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f' ||
         c == 0xA0 || c == 0x3000 || c == 0xFEFF || c == 0x200B || (c >= 0x2000 && c <= 0x200A);
}

/* Chinese and ASCII punctuation counted for prose detection. */
static int is_cn_punct(int32_t c) {
  switch (c) {
    case 0xFF0C: case 0x3002: case 0xFF01: case 0xFF1F: case 0xFF1B: case 0xFF1A: case 0x3001:
    case 0x201C: case 0x201D: case 0x2018: case 0x2019: case 0xFF08: case 0xFF09: case 0x300A:
    case 0x300B: case ',': case '!': case '?': case ';': case 0x2026:
      return 1;
    default:
      return 0;
  }
}

static int is_sentence_end(int32_t c) {
  return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == '!' || c == '?' || c == 0x2026 ||
         c == '.' || c == 0xFF0E || c == 0xFF61;
}

static int is_closing_quote(int32_t c) {
  return c == 0x201D || c == 0x2019 || c == '"' || c == 0x300D || c == 0x300F || c == 0xFF09 ||
         c == ')' || c == 0x300B;
}

static int has_lit(const u8 *s, size_t n, const char *lit) {
  size_t l = strlen(lit), i;
  u8 c0 = (u8)lit[0], c1;
  if (l > n) return 0;
  if (l == 1) return memchr(s, c0, n) != NULL;
  c1 = (u8)lit[1];
  for (i = 0; i + l <= n; i++)
    if (s[i] == c0 && s[i + 1] == c1 && memcmp(s + i, lit, l) == 0) return 1;
  return 0;
}

static int starts_with(const u8 *s, size_t n, const char *lit) {
  size_t l = strlen(lit);
  return l <= n && memcmp(s, lit, l) == 0;
}

static int ends_with(const u8 *s, size_t n, const char *lit) {
  size_t l = strlen(lit);
  return l <= n && memcmp(s + n - l, lit, l) == 0;
}

static void trim(const u8 *s, size_t *b, size_t *e) {
  size_t l, st;
  while (*b < *e) {
    int32_t c = cp_at(s, *e, *b, &l);
    if (!is_space_cp(c)) break;
    *b += l;
  }
  while (*e > *b) {
    int32_t c = cp_before(s, *e, &st);
    if (!is_space_cp(c)) break;
    *e = st;
  }
}

/* Trims spaces and trailing/leading separators punctuation of a value. */
static void trim_value(const u8 *s, size_t *b, size_t *e) {
  size_t l, st;
  for (;;) {
    int32_t c;
    trim(s, b, e);
    if (*b >= *e) return;
    c = cp_at(s, *e, *b, &l);
    if (c == ':' || c == 0xFF1A || c == ',' || c == 0xFF0C || c == 0x3001 || c == ';' ||
        c == 0xFF1B || c == '|' || c == 0xFF5C || c == '/' || c == 0xFF0F) {
      *b += l;
      continue;
    }
    c = cp_before(s, *e, &st);
    if (c == ',' || c == 0xFF0C || c == 0x3001 || c == ';' || c == 0xFF1B || c == '|' ||
        c == 0xFF5C || c == 0x3002 || c == ':' || c == 0xFF1A || c == '/' || c == 0xFF0F) {
      *e = st;
      continue;
    }
    return;
  }
}

/* ---------------------------------------------------------------- lines */

typedef struct line {
  const u8 *s;
  size_t n;
  unsigned flags;         /* ZT_LF_* (HTML) */
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
  uint64_t sig[4];        /* a 256-bit set of the line's characters (hashed): fast "not here" */
} line;

#define SHORT_LINE 400 /* bytes: longer lines are never label / date / boilerplate lines */

static unsigned sig_bit(int32_t c) {
  return ((uint32_t)c * 2654435761u) >> 24;
}

static int sig_has(const line *L, int32_t c) {
  unsigned hb = sig_bit(c);
  return (L->sig[hb >> 6] >> (hb & 63)) & 1;
}

/* has_lit on a line, skipping the scan when the literal's first two characters are not in it. */
static int lhas(const line *L, const char *lit) {
  size_t l, n = strlen(lit);
  int32_t c = cp_at((const u8 *)lit, n, 0, &l);
  if (c < 0 || !sig_has(L, c)) return 0;
  if (l < n) {
    size_t l2;
    int32_t d = cp_at((const u8 *)lit, n, l, &l2);
    if (d >= 0 && !sig_has(L, d)) return 0;
  }
  return has_lit(L->s, L->n, lit);
}

static void line_stats(line *L) {
  const u8 *s = L->s;
  size_t n = L->n, i = 0, l, st;
  int32_t c, last;
  L->nchars = L->han = L->punct = 0;
  L->sig[0] = L->sig[1] = L->sig[2] = L->sig[3] = 0;
  while (i < n) {
    if (s[i] < 0x80) {
      c = s[i];
      l = 1;
    } else {
      c = cp_at(s, n, i, &l);
    }
    L->nchars++;
    {
      unsigned hb = sig_bit(c);
      L->sig[hb >> 6] |= (uint64_t)1 << (hb & 63);
    }
    if (c >= 0x3400 && zt_is_han(c)) L->han++;
    else if (is_cn_punct(c)) L->punct++;
    i += l;
  }
  /* the last meaningful character (past closing quotes / brackets) */
  i = n;
  last = -1;
  while (i > 0) {
    c = cp_before(s, i, &st);
    if (c < 0 || !(is_closing_quote(c) || is_space_cp(c))) { last = c; break; }
    i = st;
  }
  L->ends_sentence = last >= 0 && is_sentence_end(last) && last != '.';
  if (last == '.' && L->han > 0) L->ends_sentence = 1;
  if (!L->ends_sentence && n > 6) {
    /* 。（记者 张三）: a sentence, then a short bracketed note */
    size_t e = n, b;
    c = cp_before(s, e, &st);
    if (c == 0xFF09 || c == ')') {
      b = st;
      while (b > 0 && n - b < 120) {
        int32_t d = cp_before(s, b, &st);
        if (d == 0xFF08 || d == '(') {
          int32_t q = cp_before(s, st, &st);
          while (st > 0 && is_closing_quote(q)) q = cp_before(s, st, &st);
          if (q == 0x3002 || q == 0xFF01 || q == 0xFF1F || q == 0x2026) {
            L->ends_sentence = 1;
            last = q;
          }
          break;
        }
        b = st;
      }
    }
  }
  L->prose = (L->ends_sentence && L->nchars >= 8 && L->han >= 4 &&
              (last == 0x3002 || last == 0x2026 || last == '.' || L->nchars >= 30 || L->punct >= 3)) ||
             (L->punct >= 3 && L->nchars >= 50 && L->han >= 20) || L->nchars >= 160;
  L->headline = L->nchars >= 5 && L->nchars <= 100 && !(last == 0x3002 || last == 0xFF1B ||
                                                         last == 0xFF0C || last == 0x3001 ||
                                                         last == 0xFF1A || last == ':');
  if (L->headline && (L->han == 0 || starts_with(L->s, L->n, "http") || starts_with(L->s, L->n, "www.")))
    L->headline = 0; /* a URL or a line without any Chinese is not a Chinese headline */
}

/* ---------------------------------------------------------------- labels */

enum { F_NONE, F_SOURCE, F_AUTHOR, F_EDITOR, F_PHOTO, F_DATE, F_IGNORE, F_KEYWORDS, F_ORIGTITLE };
enum { LB_NOCOLON = 1, LB_NEEDSEP = 2, LB_AGENCY = 4, LB_SLASH = 8, LB_GLUE = 16 };

typedef struct label_def {
  const char *s;
  unsigned char len, field, flags;
} label_def;

#define LB(lit) lit, (unsigned char)(sizeof(lit) - 1)

static const label_def labels[] = {
  {LB("来源"), F_SOURCE, LB_SLASH}, {LB("來源"), F_SOURCE, LB_SLASH}, {LB("出处"), F_SOURCE, LB_SLASH}, {LB("出處"), F_SOURCE, LB_SLASH},
  {LB("稿源"), F_SOURCE, LB_SLASH}, {LB("信息来源"), F_SOURCE, LB_SLASH}, {LB("文章来源"), F_SOURCE, LB_SLASH},
  {LB("本文来源"), F_SOURCE, LB_SLASH}, {LB("新闻来源"), F_SOURCE, LB_SLASH}, {LB("消息来源"), F_SOURCE, LB_SLASH},
  {LB("文章來源"), F_SOURCE, LB_SLASH}, {LB("新聞來源"), F_SOURCE, LB_SLASH}, {LB("资料来源"), F_SOURCE, LB_SLASH},
  {LB("转自"), F_SOURCE, LB_SLASH}, {LB("轉自"), F_SOURCE, LB_SLASH}, {LB("转载自"), F_SOURCE, LB_SLASH}, {LB("来自"), F_SOURCE, LB_SLASH},
  {LB("图片来源"), F_IGNORE, 0}, {LB("圖片來源"), F_IGNORE, 0}, {LB("视频来源"), F_IGNORE, 0},
  {LB("浏览"), F_IGNORE, 0}, {LB("浏览次数"), F_IGNORE, 0}, {LB("浏览量"), F_IGNORE, 0},
  {LB("瀏覽"), F_IGNORE, 0}, {LB("阅读"), F_IGNORE, 0}, {LB("阅读量"), F_IGNORE, 0}, {LB("阅读数"), F_IGNORE, 0},
  {LB("阅读次数"), F_IGNORE, 0}, {LB("閱讀"), F_IGNORE, 0}, {LB("点击"), F_IGNORE, 0}, {LB("点击数"), F_IGNORE, 0},
  {LB("点击量"), F_IGNORE, 0}, {LB("點擊"), F_IGNORE, 0}, {LB("人气"), F_IGNORE, 0}, {LB("字号"), F_IGNORE, 0},
  {LB("字號"), F_IGNORE, 0}, {LB("字体"), F_IGNORE, 0}, {LB("字體"), F_IGNORE, 0}, {LB("访问量"), F_IGNORE, 0},
  {LB("评论"), F_IGNORE, 0}, {LB("作者简介"), F_IGNORE, 0}, {LB("编号"), F_IGNORE, 0}, {LB("热度"), F_IGNORE, 0},
  {LB("发布时间"), F_DATE, 0}, {LB("发布日期"), F_DATE, 0}, {LB("發佈時間"), F_DATE, 0},
  {LB("發布時間"), F_DATE, 0}, {LB("發佈日期"), F_DATE, 0}, {LB("發布日期"), F_DATE, 0},
  {LB("发表时间"), F_DATE, 0}, {LB("發表時間"), F_DATE, 0}, {LB("发表日期"), F_DATE, 0},
  {LB("發表日期"), F_DATE, 0}, {LB("更新时间"), F_DATE, 0}, {LB("更新時間"), F_DATE, 0},
  {LB("更新日期"), F_DATE, 0}, {LB("时间"), F_DATE, 0}, {LB("時間"), F_DATE, 0}, {LB("日期"), F_DATE, 0},
  {LB("发稿时间"), F_DATE, 0}, {LB("刊发时间"), F_DATE, 0}, {LB("发布于"), F_DATE, 0}, {LB("发表于"), F_DATE, 0},
  {LB("發表於"), F_DATE, 0}, {LB("發佈於"), F_DATE, 0}, {LB("出版时间"), F_DATE, 0}, {LB("上传时间"), F_DATE, 0},
  {LB("录入时间"), F_DATE, 0}, {LB("添加时间"), F_DATE, 0}, {LB("发布"), F_DATE, 0}, {LB("發佈"), F_DATE, 0},
  {LB("作者"), F_AUTHOR, LB_NOCOLON | LB_SLASH}, {LB("本文作者"), F_AUTHOR, 0}, {LB("记者"), F_AUTHOR, LB_NOCOLON | LB_AGENCY | LB_SLASH | LB_GLUE},
  {LB("記者"), F_AUTHOR, LB_NOCOLON | LB_AGENCY | LB_SLASH | LB_GLUE},
  {LB("本报记者"), F_AUTHOR, LB_NOCOLON | LB_GLUE}, {LB("本報記者"), F_AUTHOR, LB_NOCOLON | LB_GLUE},
  {LB("本刊记者"), F_AUTHOR, LB_NOCOLON | LB_GLUE}, {LB("本台记者"), F_AUTHOR, LB_NOCOLON | LB_GLUE},
  {LB("本网记者"), F_AUTHOR, LB_NOCOLON | LB_GLUE}, {LB("本網記者"), F_AUTHOR, LB_NOCOLON | LB_GLUE},
  {LB("通讯员"), F_AUTHOR, LB_NOCOLON | LB_AGENCY | LB_GLUE}, {LB("通訊員"), F_AUTHOR, LB_NOCOLON | LB_AGENCY | LB_GLUE},
  {LB("特约记者"), F_AUTHOR, LB_NOCOLON | LB_AGENCY | LB_GLUE}, {LB("特約記者"), F_AUTHOR, LB_NOCOLON | LB_AGENCY | LB_GLUE},
  {LB("见习记者"), F_AUTHOR, LB_NOCOLON | LB_AGENCY | LB_GLUE}, {LB("見習記者"), F_AUTHOR, LB_NOCOLON | LB_AGENCY | LB_GLUE},
  {LB("实习记者"), F_AUTHOR, LB_NOCOLON | LB_AGENCY | LB_GLUE}, {LB("實習記者"), F_AUTHOR, LB_NOCOLON | LB_AGENCY | LB_GLUE},
  {LB("首席记者"), F_AUTHOR, LB_NOCOLON | LB_AGENCY | LB_GLUE}, {LB("全媒体记者"), F_AUTHOR, LB_NOCOLON | LB_AGENCY | LB_GLUE},
  {LB("融媒体记者"), F_AUTHOR, LB_NOCOLON | LB_AGENCY | LB_GLUE}, {LB("特派记者"), F_AUTHOR, LB_NOCOLON | LB_AGENCY | LB_GLUE},
  {LB("实习生"), F_AUTHOR, LB_NOCOLON | LB_AGENCY | LB_GLUE}, {LB("實習生"), F_AUTHOR, LB_NOCOLON | LB_AGENCY | LB_GLUE},
  {LB("撰文"), F_AUTHOR, LB_NOCOLON | LB_SLASH}, {LB("图文"), F_AUTHOR, LB_SLASH},
  {LB("文图"), F_AUTHOR, LB_SLASH}, {LB("文/图"), F_AUTHOR, LB_SLASH}, {LB("图/文"), F_AUTHOR, LB_SLASH},
  {LB("文／图"), F_AUTHOR, LB_SLASH}, {LB("图／文"), F_AUTHOR, LB_SLASH},
  {LB("圖文"), F_AUTHOR, LB_SLASH}, {LB("主笔"), F_AUTHOR, LB_SLASH}, {LB("主筆"), F_AUTHOR, LB_SLASH},
  {LB("特约撰稿人"), F_AUTHOR, LB_SLASH}, {LB("特約撰稿人"), F_AUTHOR, LB_SLASH},
  {LB("文字"), F_AUTHOR, LB_SLASH}, {LB("视频"), F_IGNORE, 0}, {LB("出品"), F_IGNORE, 0},
  {LB("监制"), F_IGNORE, 0}, {LB("策划"), F_IGNORE, 0}, {LB("统筹"), F_IGNORE, 0},
  {LB("设计"), F_IGNORE, 0}, {LB("制图"), F_IGNORE, 0}, {LB("海报"), F_IGNORE, 0}, {LB("文"), F_AUTHOR, LB_NEEDSEP | LB_SLASH},
  {LB("撰稿"), F_AUTHOR, LB_SLASH}, {LB("撰稿人"), F_AUTHOR, 0}, {LB("执笔"), F_AUTHOR, LB_SLASH},
  {LB("執筆"), F_AUTHOR, LB_SLASH}, {LB("执笔人"), F_AUTHOR, 0}, {LB("執筆人"), F_AUTHOR, 0}, {LB("采写"), F_AUTHOR, LB_SLASH},
  {LB("採寫"), F_AUTHOR, LB_SLASH}, {LB("作者/来源"), F_IGNORE, 0},
  {LB("责任编辑"), F_EDITOR, LB_NOCOLON | LB_SLASH}, {LB("責任編輯"), F_EDITOR, LB_NOCOLON | LB_SLASH},
  {LB("责编"), F_EDITOR, LB_NOCOLON | LB_SLASH}, {LB("責編"), F_EDITOR, LB_NOCOLON | LB_SLASH},
  {LB("编辑"), F_EDITOR, LB_NOCOLON | LB_SLASH}, {LB("編輯"), F_EDITOR, LB_NOCOLON | LB_SLASH},
  {LB("审核"), F_EDITOR, LB_SLASH}, {LB("審核"), F_EDITOR, LB_SLASH}, {LB("审校"), F_EDITOR, LB_SLASH},
  {LB("審校"), F_EDITOR, LB_SLASH}, {LB("校对"), F_EDITOR, LB_SLASH}, {LB("校對"), F_EDITOR, LB_SLASH},
  {LB("初审"), F_EDITOR, LB_SLASH}, {LB("二审"), F_EDITOR, LB_SLASH}, {LB("三审"), F_EDITOR, LB_SLASH},
  {LB("终审"), F_EDITOR, LB_SLASH}, {LB("終審"), F_EDITOR, LB_SLASH}, {LB("值班编辑"), F_EDITOR, LB_SLASH},
  {LB("值班編輯"), F_EDITOR, LB_SLASH}, {LB("主编"), F_EDITOR, LB_SLASH}, {LB("主編"), F_EDITOR, LB_SLASH},
  {LB("编审"), F_EDITOR, LB_SLASH}, {LB("編審"), F_EDITOR, LB_SLASH}, {LB("实习编辑"), F_EDITOR, LB_SLASH},
  {LB("實習編輯"), F_EDITOR, LB_SLASH}, {LB("见习编辑"), F_EDITOR, LB_SLASH}, {LB("网编"), F_EDITOR, LB_SLASH},
  {LB("網編"), F_EDITOR, LB_SLASH}, {LB("编校"), F_EDITOR, LB_SLASH}, {LB("小编"), F_EDITOR, 0},
  {LB("摄影"), F_PHOTO, LB_NOCOLON | LB_SLASH}, {LB("攝影"), F_PHOTO, LB_NOCOLON | LB_SLASH},
  {LB("摄影记者"), F_PHOTO, LB_NOCOLON | LB_AGENCY | LB_GLUE}, {LB("攝影記者"), F_PHOTO, LB_NOCOLON | LB_AGENCY | LB_GLUE},
  {LB("图"), F_PHOTO, LB_NEEDSEP | LB_SLASH}, {LB("圖"), F_PHOTO, LB_NEEDSEP | LB_SLASH},
  {LB("图片"), F_PHOTO, LB_SLASH}, {LB("圖片"), F_PHOTO, LB_SLASH}, {LB("摄"), F_PHOTO, LB_NEEDSEP | LB_SLASH},
  {LB("攝"), F_PHOTO, LB_NEEDSEP | LB_SLASH}, {LB("供图"), F_PHOTO, LB_SLASH}, {LB("供圖"), F_PHOTO, LB_SLASH},
  {LB("配图"), F_PHOTO, LB_SLASH},
  {LB("关键词"), F_KEYWORDS, 0}, {LB("关键字"), F_KEYWORDS, 0}, {LB("關鍵詞"), F_KEYWORDS, 0},
  {LB("關鍵字"), F_KEYWORDS, 0}, {LB("标签"), F_KEYWORDS, 0}, {LB("標籤"), F_KEYWORDS, 0},
  {LB("Tags"), F_KEYWORDS, 0}, {LB("TAG"), F_KEYWORDS, 0}, {LB("Tag"), F_KEYWORDS, 0},
  {LB("原标题"), F_ORIGTITLE, 0}, {LB("原標題"), F_ORIGTITLE, 0},
  {LB("Source"), F_SOURCE, LB_SLASH}, {LB("Author"), F_AUTHOR, 0}, {LB("Editor"), F_EDITOR, 0},
  {NULL, 0, 0, 0}};

typedef struct hit {
  int field;
  size_t ls, le;      /* label span */
  size_t vs, ve;      /* value span */
  int sep;            /* 1 colon, 2 slash, 0 none */
} hit;

#define MAX_HITS 16

static int is_agency_char(int32_t c) {
  return c == 0x793E || c == 0x62A5 || c == 0x5831 || c == 0x53F0 || c == 0x7F51 || c == 0x7DB2 ||
         c == 0x7AD9 || c == 0x520A || c == 0x95FB || c == 0x805E ||
         c == 0x7AEF; /* 社 报 報 台 网 網 站 刊 闻 聞 端 (澎湃新闻记者, 客户端记者) */
}

/* The separator after a label at p: 1 colon, 2 slash, 0 none; *after is past it and spaces. */
static int label_sep(const u8 *s, size_t n, size_t p, size_t *after) {
  size_t l, q = p;
  int32_t c;
  int sep = 0;
  while (q < n) { c = cp_at(s, n, q, &l); if (c != ' ' && c != 0x3000 && c != 0xA0) break; q += l; }
  c = cp_at(s, n, q, &l);
  if (c == ':' || c == 0xFF1A || c == 0xFE55) { sep = 1; q += l; }
  else if (c == '/' || c == 0xFF0F || c == '|' || c == 0xFF5C || c == 0x2215 || c == 0x4E28 ||
           c == 0xFE31 || c == 0x2571) { sep = 2; q += l; }
  if (sep) while (q < n) { c = cp_at(s, n, q, &l); if (!is_space_cp(c)) break; q += l; }
  *after = sep ? q : p;
  return sep;
}

/* A label at byte p of s[0..n): returns its index in labels[] (longest match) or -1.
 * `loose` allows labels without a colon (short lines, brackets). */
static int label_at(const u8 *s, size_t n, size_t p, int loose, int inval, int *sep, size_t *after) {
  int best = -1;
  size_t bestlen = 0, st;
  int32_t prev;
  if (p < n && s[p] < 0x80 && s[p] != 'S' && s[p] != 'A' && s[p] != 'E' && s[p] != 'T' && s[p] != 'D')
    return -1;
  prev = cp_before(s, p, &st);
  {
    /* boundary before: not after a Han character or a letter, except 新华社记者 (agency) */
    int glued = prev >= 0 && (zt_is_han(prev) || (prev < 0x80 && ((prev | 32) >= 'a' && (prev | 32) <= 'z')));
    int i;
    if (glued && !is_agency_char(prev) && !inval) return -1;
    for (i = 0; labels[i].s; i++) {
      size_t l = labels[i].len;
      if (l > bestlen && l <= n - p && s[p] == (u8)labels[i].s[0] && s[p + 1] == (u8)labels[i].s[1] &&
          memcmp(s + p, labels[i].s, l) == 0) {
        best = i;
        bestlen = l;
      }
    }
    if (best < 0) return -1;
    if (glued && !((labels[best].flags & LB_AGENCY) && is_agency_char(prev))) {
      /* glued to the previous value (作者:张三来源:人民网): a long label with a colon only */
      size_t a2;
      if (!inval || labels[best].len < 6 || label_sep(s, n, p + bestlen, &a2) != 1) return -1;
    }
  }
  *sep = label_sep(s, n, p + bestlen, after);
  if (*sep == 2 && !(labels[best].flags & LB_SLASH)) return -1;
  if (!*sep) {
    if (labels[best].flags & LB_NEEDSEP) return -1;
    if (labels[best].field == F_DATE) {
      /* a date label without a colon must be followed by a date */
      size_t q = p + bestlen, ds, de;
      zt_date d;
      int found;
      while (q < n && (s[q] == ' ')) q++;
      if (q >= n) return -1;
      found = zt_date_find((const char *)s + q, n - q < 24 ? n - q : 24, NULL, &d, &ds, &de);
      if (!found || ds != 0) return -1;
      *after = q;
      return best;
    }
    if (!loose || !(labels[best].flags & LB_NOCOLON)) return -1;
    /* must be followed by a space, or glued to a name for the reporter labels (记者王晓明) */
    int32_t c = cp_at(s, n, p + bestlen, &st);
    if (!(is_space_cp(c) || (zt_is_han(c) && (labels[best].flags & LB_GLUE)))) return -1;
    {
      size_t q = p + bestlen;
      while (q < n) { int32_t d = cp_at(s, n, q, &st); if (!is_space_cp(d)) break; q += st; }
      *after = q;
      if (q >= n) return -1;
    }
  }
  return best;
}

static int is_value_stop(int32_t c) {
  return c == '|' || c == 0xFF5C || c == 0x4E28 || c == 0x3014 || c == 0x3015 || c == 0xFF3B ||
         c == 0xFF3D || c == '\t' || c == 0x3000 || c == 0x3010 || c == 0x3011 ||
         c == '[' || c == ']' || c == 0xFF08 || c == 0xFF09 || c == '(' || c == ')';
}

/* 1..6 Han characters and a colon at p: a label this parser does not know (单位：). */
static int unknown_label_at(const u8 *s, size_t n, size_t p) {
  size_t l;
  int k = 0;
  while (p < n && k <= 6) {
    int32_t c = cp_at(s, n, p, &l);
    if (c == ':' || c == 0xFF1A) return k >= 1;
    if (!zt_is_han(c)) return 0;
    k++;
    p += l;
  }
  return 0;
}

/* Parses labels in s[0..n). Returns the number of hits (0: not a label line). *prefix_end is
 * where the first label starts. `loose` allows colon-less labels. */
static int spaced_name_at(const u8 *s, size_t n, size_t tb, size_t i);

static int parse_labels(const u8 *s, size_t n, int loose, hit *hits, size_t *prefix_end) {
  size_t p = 0, l, after;
  int k = 0, sep;
  *prefix_end = n;
  while (p < n && k < MAX_HITS) {
    // cppcheck-suppress uninitvar ; hits[k - 1] is written before k > 0
    int idx = label_at(s, n, p, loose, k > 0 && p == hits[k - 1].ve, &sep, &after);
    if (idx < 0) {
      cp_at(s, n, p, &l);
      p += l ? l : 1;
      continue;
    }
    if (k == 0) *prefix_end = p;
    hits[k].field = labels[idx].field;
    hits[k].ls = p;
    hits[k].le = p + labels[idx].len;
    hits[k].sep = sep;
    hits[k].vs = after;
    /* the value runs to the next label, a stop character, two spaces, or the end */
    p = after;
    if (hits[k].field == F_DATE) {
      size_t ds, de;
      zt_date d;
      if (zt_date_find((const char *)s + p, n - p, NULL, &d, &ds, &de) && ds <= 3) p += de;
      hits[k].ve = p;
      k++;
      continue;
    }
    while (p < n) {
      int s2;
      size_t a2;
      int32_t c = cp_at(s, n, p, &l);
      if (is_value_stop(c)) break;
      if (c == ' ' && p + 1 < n && s[p + 1] == ' ' && !spaced_name_at(s, n, hits[k].vs, p)) break;
      if ((hits[k].field == F_SOURCE) && is_space_cp(c)) {
        /* 人民网 - 人民日报 stays one source */
        size_t q = p, lq = 0;
        int32_t d;
        while (q < n && is_space_cp(d = cp_at(s, n, q, &lq))) q += lq;
        d = q < n ? cp_at(s, n, q, &lq) : -1;
        if (!(q < n && (d == '-' || d == 0x2014 || d == 0xFF0D || d == 0x2013))) break;
        q += lq;
        while (q < n && is_space_cp(cp_at(s, n, q, &lq))) q += lq;
        p = q;
        continue;
      }
      if (p > hits[k].vs && label_at(s, n, p, loose, 1, &s2, &a2) >= 0) break;
      if (p > hits[k].vs && is_space_cp(cp_before(s, p, &a2)) && unknown_label_at(s, n, p)) break;
      if (c >= '0' && c <= '9' && p > hits[k].vs) {
        size_t ds, de;
        zt_date d;
        if (zt_date_find((const char *)s + p, n - p < 40 ? n - p : 40, NULL, &d, &ds, &de) && ds == 0)
          break;
      }
      p += l ? l : 1;
    }
    hits[k].ve = p;
    k++;
  }
  return k;
}

/* ---------------------------------------------------------------- names */

typedef struct acc {
  /* pending values: spans into line texts (raw), field-tagged */
  const u8 **s;
  size_t *n;
  int *field;
  size_t cnt, cap;
  int oom;
} acc;

static void acc_add(acc *a, int field, const u8 *s, size_t n) {
  if (a->oom || n == 0) return;
  if (a->cnt == a->cap) {
    size_t nc = a->cap ? a->cap * 2 : 32;
    const u8 **ns = (const u8 **)realloc((void *)a->s, nc * sizeof *ns);
    size_t *nn;
    int *nf;
    if (!ns) { a->oom = 1; return; }
    a->s = ns;
    nn = (size_t *)realloc(a->n, nc * sizeof *nn);
    if (!nn) { a->oom = 1; return; }
    a->n = nn;
    nf = (int *)realloc(a->field, nc * sizeof *nf);
    if (!nf) { a->oom = 1; return; }
    a->field = nf;
    a->cap = nc;
  }
  a->s[a->cnt] = s;
  a->n[a->cnt] = n;
  a->field[a->cnt] = field;
  a->cnt++;
}

static void acc_free(acc *a) {
  free((void *)a->s);
  free(a->n);
  free(a->field);
}

static int is_name_sep(int32_t c) {
  return c == 0x3001 || c == 0xFF0C || c == ',' || c == ';' || c == 0xFF1B || c == ' ' ||
         c == 0x3000 || c == 0xA0 || c == '/' || c == 0xFF0F || c == 0x2215 || c == '\t' ||
         c == 0x2571 || c == '&' || c == 0xFF06 ||
         c == 0x548C || c == 0x53CA || c == 0x8207; /* 和 及 與 */
}

/* Validates a person value: short, no sentence punctuation, tokens short. */
static int person_value_ok(const u8 *s, size_t n) {
  size_t i = 0, l, tok = 0, chars = 0;
  while (i < n) {
    int32_t c = cp_at(s, n, i, &l);
    if (c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == '!' || c == '?' || c == 0x201C ||
        c == 0xFF1A || c == ':')
      return 0;
    if (is_name_sep(c)) tok = 0;
    else if (++tok > 16) return 0;
    if (++chars > 48) return 0;
    i += l ? l : 1;
  }
  return 1;
}

/* A token's trailing words that are not part of a name: 报道, 摄, 整理... */
static void strip_name(const u8 *s, size_t *b, size_t *e) {
  {
    /* 王晓_NN5678: an editor's staff code */
    size_t q = *b;
    while (q < *e && s[q] != '_') q++;
    if (q < *e && q > *b) {
      size_t r = q + 1;
      while (r < *e && ((s[r] >= '0' && s[r] <= '9') || ((s[r] | 32) >= 'a' && (s[r] | 32) <= 'z'))) r++;
      if (r == *e && r > q + 1) *e = q;
    }
  }
  static const char *const suffixes[] = {"报道", "報導", "报导", "報道", "综合报道", "摄影", "攝影",
                                         "摄", "攝", "整理", "编译", "編譯", "撰写", "撰寫",
                                         "采写", "发自", NULL};
  int again = 1, i;
  {
    /* 王晓明发自北京: the name ends where 发自 begins */
    size_t q = *b;
    while (q + 6 <= *e) {
      if (q > *b && (memcmp(s + q, "发自", 6) == 0 || memcmp(s + q, "發自", 6) == 0)) { *e = q; break; }
      q++;
    }
  }
  while (again && *e > *b) {
    again = 0;
    trim_value(s, b, e);
    for (i = 0; suffixes[i]; i++) {
      size_t l = strlen(suffixes[i]);
      if (*e - *b > l && memcmp(s + *e - l, suffixes[i], l) == 0) { *e -= l; again = 1; break; }
    }
  }
}

static int is_placeholder_name(const u8 *s, size_t n) {
  static const char *const words[] = {"本报记者", "本報記者", "记者", "記者", "通讯员", "通訊員",
                                      "本报", "本報", "佚名", "未知", "匿名", "admin", "管理员",
                                      "网友", "编辑", "編輯", "作者", "本站", "小编", "报道", "实习生", "實習生",
                                      "关注", "關注", "订阅", "訂閱", "最新文章", "更多", "返回",
                                      "举报", "首页", "整合", "综合", "綜合", "名字", "name", "Name", "正文",
                                      "查看更多", "阅读全文", "点击", "分享",
                                      "通讯员", "特约记者",
                                      "報導", "摄影", "攝影", NULL};
  int i;
  for (i = 0; words[i]; i++)
    if (strlen(words[i]) == n && memcmp(s, words[i], n) == 0) return 1;
  /* a label word (编辑 刘晓阳 校对 李铭) */
  for (i = 0; labels[i].s; i++)
    if (labels[i].len == n && memcmp(s, labels[i].s, n) == 0) return 1;
  /* an agency with its label (南都记者), numbers, addresses */
  if (ends_with(s, n, "记者") || ends_with(s, n, "記者") || ends_with(s, n, "通讯员") ||
      ends_with(s, n, "作者"))
    return 1;
  {
    /* a run of more than six Han characters is a phrase, not a name (a·b names excepted) */
    size_t q = 0, l, han = 0;
    int dot = 0;
    while (q < n) {
      int32_t c = cp_at(s, n, q, &l);
      if (zt_is_han(c)) han++;
      if (c == 0xB7 || c == 0x30FB || c == 0x2022) dot = 1;
      q += l ? l : 1;
    }
    if (han > 6 && !dot) return 1;
  }
  {
    size_t q;
    int letters = 0;
    for (q = 0; q < n; q++) {
      if (s[q] == '.' || s[q] == '@' || s[q] == '=' || s[q] == '<' || s[q] == '>') return 1;
      if (s[q] >= 0x80 || ((s[q] | 32) >= 'a' && (s[q] | 32) <= 'z')) letters = 1;
    }
    if (!letters) return 1;
  }
  /* a place with 报道/電 (臺北報導, 北京电) is not a name */
  if (ends_with(s, n, "报道") || ends_with(s, n, "報導") || ends_with(s, n, "报导") ||
      ends_with(s, n, "电") || ends_with(s, n, "電"))
    return 1;
  return 0;
}

/* A two- or three-character name set with spaces between its characters (赵　培, 王 小 明),
 * as pages pad names to one width: the token s[tb..i) is one Han character (or such a name
 * so far) and after the spaces at i comes one Han character ending the token. */
static int spaced_name_at(const u8 *s, size_t n, size_t tb, size_t i) {
  size_t q = tb, l, hans = 0;
  int32_t c;
  if (i < tb || i - tb > 24) return 0; /* bounded: callers test it at every space */
  while (q < i) {
    c = cp_at(s, n, q, &l);
    if (zt_is_han(c)) hans++;
    else if (!(c == ' ' || c == 0x3000 || c == 0xA0)) return 0;
    q += l ? l : 1;
  }
  if (hans < 1 || hans > 2 || q - tb > 24) return 0;
  /* only single characters between spaces */
  if (hans == 2 && zt_is_han(cp_before(s, i, &l)) && l >= tb && zt_is_han(cp_before(s, l, &q))) return 0;
  q = i;
  while (q < n && ((c = cp_at(s, n, q, &l)) == ' ' || c == 0x3000 || c == 0xA0)) q += l;
  if (q - i > 6 || q >= n || !zt_is_han(cp_at(s, n, q, &l))) return 0;
  q += l;
  if (q < n && zt_is_han(cp_at(s, n, q, &l))) return 0; /* 赵 海涛: not spaced out */
  return 1;
}

/* Splits a person value into names and adds them. A token after the first that ends in
 * 报道/報導 is a place (記者林志明／臺北報導); one starting with 系/为/是 is a description. */
static void add_names(acc *a, int field, const u8 *s, size_t n) {
  size_t i = 0, l = 0, tb = 0;
  int tok = 0, han = 0, after_slash = 0;
  for (i = 0; i < n && !han; i += l ? l : 1) han = zt_is_han(cp_at(s, n, i, &l));
  i = 0;
  while (i <= n) {
    int32_t c = i < n ? cp_at(s, n, i, &l) : -2;
    /* Latin names keep their spaces: Zhang San */
    if (i < n && (c == ' ' || c == 0x3000 || c == 0xA0) && spaced_name_at(s, n, tb, i)) {
      i += l ? l : 1;
      continue;
    }
    if (i == n || (is_name_sep(c) && (han || !(c == ' ' || c == 0xA0)))) {
      size_t b = tb, e = i;
      trim_value(s, &b, &e);
      if (e > b) {
        int place;
        /* 王大明台北18日電: cut the dateline, then a two-character place */
        {
          size_t q = b, l2;
          while (q < e) {
            int32_t d = cp_at(s, e, q, &l2);
            if ((d >= '0' && d <= '9') || (d >= 0xFF10 && d <= 0xFF19)) break;
            q += l2 ? l2 : 1;
          }
          if (q < e && q > b && (ends_with(s + b, e - b, "电") || ends_with(s + b, e - b, "電"))) {
            size_t chars = zt_utf8_len((const char *)s + b, q - b);
            e = q;
            if (chars >= 4 && chars <= 6) {
              size_t st2;
              cp_before(s, e, &st2);
              e = st2;
              cp_before(s, e, &st2);
              e = st2;
            }
          }
        }
        place = tok > 0 && (ends_with(s + b, e - b, "报道") || ends_with(s + b, e - b, "報導") ||
                                ends_with(s + b, e - b, "报导") || ends_with(s + b, e - b, "電") ||
                                ends_with(s + b, e - b, "电"));
        int desc = starts_with(s + b, e - b, "系") || starts_with(s + b, e - b, "为") ||
                   starts_with(s + b, e - b, "為") || starts_with(s + b, e - b, "是") ||
                   starts_with(s + b, e - b, "现任") || starts_with(s + b, e - b, "現任");
        tok++;
        {
          /* 赵培：北京物资学院: the affiliation after a colon is not part of the name */
          size_t q = b, l3;
          while (q < e) {
            int32_t d = cp_at(s, e, q, &l3);
            if (d == 0xFF1A || d == ':') { if (q > b) { e = q; trim_value(s, &b, &e); } break; }
            q += l3 ? l3 : 1;
          }
        }
        /* 马俊峰/文, 张三/图: the role after a slash, not a name */
        if (after_slash && (starts_with(s + b, e - b, "文") || starts_with(s + b, e - b, "图") ||
                            starts_with(s + b, e - b, "圖") || starts_with(s + b, e - b, "摄") ||
                            starts_with(s + b, e - b, "攝")))
          desc = 1;
        strip_name(s, &b, &e);
        /* a nested label inside (本报记者王晓明): drop it */
        {
          int j;
          for (j = 0; labels[j].s; j++) {
            size_t ll = labels[j].len;
            if ((labels[j].field == F_AUTHOR || labels[j].field == F_PHOTO) && ll > 3 &&
                e - b > ll && memcmp(s + b, labels[j].s, ll) == 0) {
              b += ll;
              break;
            }
          }
        }
        if (!desc) {
          static const char *const org[] = {"大学", "大學", "学院", "學院", "研究", "教授", "博士",
                                            "主任", "院长", "院長", "中心", "公司", "委员", "委員",
                                            "专家", "專家", "学者", "學者", "局长", "局長", "厅",
                                            "廳", "书记", "書記", "部长", "部長", "总监", "經理",
                                            "经理", "社长", "社長", "董事", "网络", "網絡",
                                            "科技", "软件", "軟件", "集团", "集團", NULL};
          int q;
          for (q = 0; org[q] && !desc; q++) desc = has_lit(s + b, e - b, org[q]);
        }
        /* a value without Han keeps its spaces in one token: Latin names run longer */
        if (!place && !desc && e > b && zt_utf8_len((const char *)s + b, e - b) <= (han ? 12u : 24u) &&
            !is_placeholder_name(s + b, e - b))
          acc_add(a, field, s + b, e - b);
      }
      if (i == n) break;
      after_slash = c == '/' || c == 0xFF0F || c == 0x2215 || c == 0x2571;
      i += l ? l : 1;
      tb = i;
      continue;
    }
    i += l ? l : 1;
  }
}

/* ---------------------------------------------------------------- boilerplate patterns */

static int is_breadcrumb(const line *L) {
  size_t i, k = 0;
  if (L->n > 300) return 0;
  if (starts_with(L->s, L->n, "当前位置") || starts_with(L->s, L->n, "您的位置") ||
      starts_with(L->s, L->n, "您现在的位置") || starts_with(L->s, L->n, "你的位置") ||
      starts_with(L->s, L->n, "目前位置") || starts_with(L->s, L->n, "所在位置") ||
      starts_with(L->s, L->n, "位置：") || starts_with(L->s, L->n, "當前位置") ||
      starts_with(L->s, L->n, "您所在的位置"))
    return 1;
  for (i = 0; i < L->n; i++) {
    if (L->s[i] == '>') k++;
    else if (i + 1 < L->n && L->s[i] == 0xC2 && L->s[i + 1] == 0xBB) k++;        /* » */
    else if (i + 2 < L->n && L->s[i] == 0xEF && L->s[i + 1] == 0xBC && L->s[i + 2] == 0x9E) k++; /* ＞ */
    else if (i + 2 < L->n && L->s[i] == 0xE2 && L->s[i + 1] == 0x80 && L->s[i + 2] == 0xBA) k++; /* › */
  }
  if (k >= 2 && L->nchars < 60 && !L->ends_sentence) return 1;
  if (k >= 1 && L->nchars < 40 && (starts_with(L->s, L->n, "首页") || starts_with(L->s, L->n, "首頁")))
    return 1;
  return 0;
}

static int is_copyright(const line *L) {
  const u8 *s = L->s;
  size_t n = L->n;
  if (n > SHORT_LINE * 2) return 0;
  if (L->prose && L->nchars > 40)  /* a sentence about copyright is not a copyright line */
    return starts_with(s, n, "\xC2\xA9") || starts_with(s, n, "Copyright") ||
           starts_with(s, n, "版权所有") || starts_with(s, n, "版權所有");
  if (memchr(s, 0xA9, n) && lhas(L, "\xC2\xA9")) return 1;
  if ((memchr(s, 'C', n) || memchr(s, 'c', n)) &&
      (lhas(L, "Copyright") || lhas(L, "COPYRIGHT") || lhas(L, "copyright") ||
       lhas(L, "(c)") || lhas(L, "(C)")))
    return 1;
  if ((memchr(s, 'R', n) || memchr(s, 'r', n)) &&
      (lhas(L, "All Rights Reserved") || lhas(L, "all rights reserved") ||
       lhas(L, "All rights reserved")))
    return 1;
  return lhas(L, "版权所有") || lhas(L, "版權所有");
}

static int is_footer(const line *L) {
  const u8 *s = L->s;
  size_t n = L->n;
  int k = 0;
  if (n > SHORT_LINE * 2) return 0;
  {
    static const char *const notes[] = {"免责声明", "免責聲明", "声明：", "声明:", "版权声明",
                                        "特别声明", "特別聲明", "转载请注明", "轉載請註明",
                                        "未经授权", "未經授權", "本文系", "本网站所刊", "凡本网注明",
                                        "凡注明", "本文仅代表", "本文僅代表", NULL};
    int i;
    const u8 *t = s;
    size_t tn = n;
    if (tn >= 3 && (starts_with(t, tn, "（") || starts_with(t, tn, "【"))) { t += 3; tn -= 3; }
    else if (tn >= 1 && (t[0] == '(' || t[0] == '[')) { t++; tn--; }
    for (i = 0; notes[i]; i++)
      if (starts_with(t, tn, notes[i])) return 1;
  }
  if ((memchr(s, 'I', n) && lhas(L, "ICP")) || lhas(L, "安备") ||
      lhas(L, "安備") || (!L->prose && lhas(L, "许可证")))
    return 1;
  if (L->prose && L->nchars > 40) return 0;
  k += lhas(L, "关于我们") + lhas(L, "联系我们") + lhas(L, "网站地图") +
       lhas(L, "广告服务") + lhas(L, "免责声明") + lhas(L, "隐私政策") +
       lhas(L, "違法和不良") + lhas(L, "违法和不良") + lhas(L, "關於我們") +
       lhas(L, "聯繫我們") + lhas(L, "意见反馈") + lhas(L, "加入我们") +
       lhas(L, "版权声明") + lhas(L, "网站声明");
  return k >= 2 || (k >= 1 && L->nchars <= 12);
}

/* Navigation / share / end-of-article patterns in short lines. Returns a kind or 0. */
static int nav_kind(const line *L, const char **rule) {
  const u8 *s = L->s;
  size_t n = L->n;
  static const char *const nav_start[] = {"上一篇", "下一篇", "上一页", "下一页", "上一頁",
                                          "下一頁", "上一條", "下一條", "上一条", "下一条",
                                          "返回顶部", "回到顶部", "返回頂部", "回到頂部",
                                          "返回首页", "返回首頁", "返回列表", "返回搜狐",
                                          "查看更多", "更多新闻", "点击查看", "点击加载", "加载更多",
                                          "下载APP", "下载客户端", "打开客户端", "点击进入",
                                          "打开APP", "打开App", "展开全文", "阅读全文",
                                          "阅读原文", "閱讀全文", "点击“阅读原文”", "登录", "注册", "收藏本站",
                                          "设为首页", "加入收藏", "关闭窗口", "【关闭窗口】",
                                          "【打印", "打印本页", "【打印本页】", "[打印]", "【大 中 小】",
                                          "【字体", "【字号", "字号：", "举报", "纠错",
                                          NULL};
  static const char *const share[] = {"分享到", "分享至", "分享：", "分享:", "扫一扫", "掃一掃",
                                      "微信扫一扫", "扫描二维码", "掃描二維碼", "二维码",
                                      "手机看新闻", "关注我们", "关注微信", "微信公众号",
                                      "打开微信", "用手机扫描", NULL};
  int i;
  if (n > 200 || L->nchars > 60) return 0;
  if (L->nchars <= 40 && (starts_with(s, n, "您的浏览器") || starts_with(s, n, "你的浏览器") ||
                          starts_with(s, n, "您的瀏覽器") || starts_with(s, n, "你的瀏覽器")) &&
      (lhas(L, "视频") || lhas(L, "視頻") || lhas(L, "播放") || lhas(L, "不支持") ||
       lhas(L, "不支援"))) {
    *rule = "a video player's notice (您的浏览器不支持/无法播放)";
    return ZT_K_NAV;
  }
  if (L->prose && L->ends_sentence && !starts_with(s, n, "上一篇") && !starts_with(s, n, "下一篇"))
    return 0;
  if ((starts_with(s, n, "登录") || starts_with(s, n, "注册") || starts_with(s, n, "举报") ||
       starts_with(s, n, "纠错")) && L->nchars > 12)
    return 0;
  for (i = 0; share[i]; i++)
    if (L->nchars <= 30 ? lhas(L, share[i]) : starts_with(s, n, share[i])) {
      *rule = "share widget text (分享到/扫一扫)";
      return ZT_K_SHARE;
    }
  for (i = 0; nav_start[i]; i++)
    if (starts_with(s, n, nav_start[i]) ||
        (L->nchars < 30 && lhas(L, nav_start[i]) && i < 16)) {
      *rule = "navigation (上一篇/下一篇/返回顶部...)";
      return ZT_K_NAV;
    }
  if (L->nchars <= 6) {
    static const char *const words[] = {"打印", "关闭", "收藏", "评论", "点赞", "分享", "返回",
                                        "首页", "更多", "顶", "踩", "推荐", "列印", "關閉",
                                        "字号", "大", "中", "小", "复制链接", "【打印】", "【关闭】",
                                        NULL};
    for (i = 0; words[i]; i++)
      if (strlen(words[i]) == n && memcmp(s, words[i], n) == 0) {
        *rule = "a lone widget word (打印/关闭/收藏...)";
        return ZT_K_NAV;
      }
  }
  return 0;
}

/* 首页 新闻 体育 财经 / 首页 | 新闻 | 体育: four or more short words and nothing else. */
static int is_menu(const line *L) {
  size_t i = 0, l = 0, words = 0, cur = 0, longest = 0;
  if (L->nchars > 80 || L->ends_sentence) return 0;
  while (i <= L->n) {
    int32_t c = i < L->n ? cp_at(L->s, L->n, i, &l) : -2;
    if (i == L->n || is_space_cp(c) || c == '|' || c == 0xFF5C || c == 0x00B7 || c == 0x2022) {
      if (cur) { words++; if (cur > longest) longest = cur; }
      cur = 0;
      if (i == L->n) break;
    } else {
      if (is_cn_punct(c)) return 0;
      cur++;
    }
    i += l ? l : 1;
  }
  return words >= 4 && longest <= 5 && L->nchars <= words * 6;
}

/* The start of a comments section (网友评论, 发表评论 ...). */
static int is_comments_label(const line *L) {
  static const char *const words[] = {"网友评论", "網友評論", "评论区", "評論區", "发表评论",
                                      "發表評論", "我要评论", "热门评论", "最新评论", "全部评论",
                                      "网友留言", "留言板", "相关评论", "用户评论", "精彩评论",
                                      "文明上网", "条评论", NULL};
  int i;
  if (L->nchars > 30) return 0;
  for (i = 0; words[i]; i++)
    if (lhas(L, words[i])) return 1;
  return 0;
}

static int is_end_mark(const line *L) {
  static const char *const marks[] = {"（完）", "(完)", "【完】", "[完]", "（全文完）", "（本文完）",
                                      "-END-", "END", "— END —", "（終）", "（完）", NULL};
  int i;
  for (i = 0; marks[i]; i++)
    if (strlen(marks[i]) == L->n && memcmp(L->s, marks[i], L->n) == 0) return 1;
  return 0;
}

static int is_related_label(const line *L) {
  static const char *const words[] = {"相关新闻", "相关阅读", "相关文章", "相关报道", "相关推荐",
                                      "相關新聞", "相關閱讀", "相關文章", "相關報導", "延伸阅读",
                                      "延伸閱讀", "推荐阅读", "推薦閱讀", "热点推荐", "热门推荐",
                                      "热门文章", "热门新闻", "猜你喜欢", "猜你喜歡", "为你推荐",
                                      "為你推薦", "更多阅读", "更多精彩", "精彩推荐", "相关链接",
                                      "相關連結", "热点新闻", "熱門新聞", "看了本文的人还看了",
                                      "大家都在看", "今日推荐", "编辑推荐", "往期回顾", "热文推荐",
                                      "相关资讯", "推荐新闻", "相关专题", "往期推荐", "往期精选",
                                      "推荐文章", "推荐阅读：", "相关阅读：", "相關新聞：", NULL};
  int i;
  if (L->nchars > 16) return 0;
  for (i = 0; words[i]; i++)
    if (lhas(L, words[i])) return 1;
  return 0;
}

/* ---------------------------------------------------------------- record output */

static void vec_push(zt_strvec *v, zt_span sp, int *oom) {
  if (v->n == v->cap) {
    size_t nc = v->cap ? v->cap * 2 : 8;
    zt_span *nv = (zt_span *)realloc(v->v, nc * sizeof *nv);
    if (!nv) { *oom = 1; return; }
    v->v = nv;
    v->cap = nc;
  }
  v->v[v->n++] = sp;
}

typedef struct ctx {
  zt_article *a;
  const zt_article_opts *o;
  zt_article_parser *p;
  int oom;
  size_t nlines, body_start; /* set by classify, for the HTML fallbacks */
} ctx;

/* Appends s (cleaned, trimmed) to the arena; returns its span (set = 0 when empty). */
static zt_span put(ctx *c, const u8 *s, size_t n) {
  zt_span sp = {0, 0, 0};
  zt_buf *b = &c->a->arena;
  size_t start = b->len, bb, ee;
  if (c->o->clean) {
    zt_clean_stats st;
    size_t ep;
    if (zt_clean((const char *)s, n, c->o->clean, b, &st, &ep) != ZT_OK) {
      b->len = start;
      if (b->oom) c->oom = 1;
      return sp;
    }
  } else {
    zt_buf_add(b, s, n);
  }
  if (b->oom) { c->oom = 1; return sp; }
  bb = start;
  ee = b->len;
  trim((const u8 *)b->data, &bb, &ee);
  if (ee <= bb) { b->len = start; return sp; }
  sp.off = bb;
  sp.len = ee - bb;
  sp.set = 1;
  return sp;
}

static int span_eq(const zt_article *a, zt_span x, zt_span y) {
  return x.len == y.len && memcmp(a->arena.data + x.off, a->arena.data + y.off, x.len) == 0;
}

static void put_field(ctx *c, zt_span *f, const u8 *s, size_t n) {
  if (f->set) return;
  *f = put(c, s, n);
}

static void put_list(ctx *c, zt_strvec *v, const u8 *s, size_t n, int dedup, size_t maxn) {
  zt_span sp;
  if (v->n >= maxn) return;
  sp = put(c, s, n);
  if (!sp.set) return;
  if (dedup) {
    size_t i;
    for (i = 0; i < v->n; i++)
      if (span_eq(c->a, v->v[i], sp)) { c->a->arena.len = sp.off; return; }
  }
  vec_push(v, sp, &c->oom);
}

/* ---------------------------------------------------------------- dates */

static void put_date(ctx *c, const zt_date *d) {
  char buf[40];
  size_t k = zt_date_format(d, buf);
  zt_span sp;
  if (!k || c->a->date.set) return;
  sp.off = c->a->arena.len;
  zt_buf_add(&c->a->arena, buf, k);
  if (c->a->arena.oom) { c->oom = 1; return; }
  sp.len = k;
  sp.set = 1;
  c->a->date = sp;
}

/* ---------------------------------------------------------------- site names */

static int site_like(const u8 *s, size_t n) {
  static const char *const ends[] = {"网", "網", "报", "報", "台", "新闻", "新聞", "在线", "在線",
                                     "频道", "頻道", "日报", "日報", "晚报", "晚報", "社", "网站",
                                     "網站", "中心", "門戶", "门户", "平台", "资讯", "資訊",
                                     ".com", ".cn", ".net", ".org", "周刊", "杂志", "雜誌", NULL};
  size_t chars = zt_utf8_len((const char *)s, n);
  int i;
  if (chars < 2 || chars > 20) return 0;
  for (i = 0; ends[i]; i++)
    if (ends_with(s, n, ends[i])) return 1;
  return 0;
}

/* The position of a title/site separator in s (" - ", "-", "_", "|", "｜", "—"...) after
 * `from`: returns the separator start and its end in *sep_end, or n. Searches from the right. */
static size_t find_suffix_sep(const u8 *s, size_t n, size_t from, size_t *sep_end) {
  size_t i = n;
  while (i > from) {
    size_t st, l;
    int32_t c = cp_before(s, i, &st);
    int sep = c == '-' || c == '_' || c == '|' || c == 0xFF5C || c == 0x2014 || c == 0xFF0D ||
              c == 0x2013 || c == 0xFF3F || c == 0x2015;
    if (sep && (c == '-' || c == 0x2013 || c == 0xFF0D)) {
      /* not a hyphen next to a digit (2023-2024, COVID-19) */
      size_t l1, l2;
      int32_t a = cp_before(s, st, &l1), z = cp_at(s, n, i, &l2);
      if (a >= 0 && z >= 0 && ((a >= '0' && a <= '9') || (z >= '0' && z <= '9'))) sep = 0;
    }
    if (sep) {
      size_t b = st, e = i;
      /* include surrounding spaces and a doubled dash */
      while (b > from) { int32_t d = cp_before(s, b, &l); if (!(is_space_cp(d) || d == 0x2014)) break; b = l; }
      while (e < n) { int32_t d = cp_at(s, n, e, &l); if (!is_space_cp(d)) break; e += l; }
      *sep_end = e;
      return b;
    }
    i = st;
  }
  return n;
}

/* A date in a URL path: /2023/05/18/, /20230518/, /2023-05/18/, /202305/t20230518_1.html. */
static int url_date(const u8 *s, size_t n, zt_date *d) {
  size_t i = 0, host = 0;
  for (i = 0; i + 2 < n && i < 16; i++)
    if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/') { host = i + 3; break; }
  while (host < n && s[host] != '/') host++;
  for (i = host; i < n; i++) {
    int v[8], k = 0, y, m, dd;
    size_t j = i;
    if (!(s[i] >= '0' && s[i] <= '9') || (i > 0 && s[i - 1] >= '0' && s[i - 1] <= '9')) continue;
    /* collect up to 8 digits allowing one separator after the year and after the month */
    while (j < n && k < 8) {
      if (s[j] >= '0' && s[j] <= '9') { v[k++] = s[j] - '0'; j++; }
      else if ((s[j] == '/' || s[j] == '-' || s[j] == '_') && (k == 4 || k == 6)) j++;
      else break;
    }
    if (k < 8 || (j < n && s[j] >= '0' && s[j] <= '9')) continue;
    y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
    m = v[4] * 10 + v[5];
    dd = v[6] * 10 + v[7];
    if (y < 1990 || y > 2099 || !zt_date_valid(y, m, dd)) continue;
    memset(d, 0, sizeof *d);
    d->year = y;
    d->month = m;
    d->day = dd;
    d->prec = ZT_DATE_DAY;
    return 1;
  }
  return 0;
}

/* ---------------------------------------------------------------- the main pass */

static const char *const kind_names[ZT_K__COUNT] = {
  "other", "title", "repeated_title", "dateline", "byline", "meta", "body", "related_label",
  "related", "nav", "share", "breadcrumb", "copyright", "footer", "header", "other", "end_mark"};

const char *zt_article_kind_name(int kind) {
  return kind >= 0 && kind < ZT_K__COUNT ? kind_names[kind] : "other";
}

static int line_is_person_meta(const hit *h, int k) {
  int i;
  for (i = 0; i < k; i++)
    if (h[i].field == F_AUTHOR || h[i].field == F_EDITOR || h[i].field == F_PHOTO) return 1;
  return 0;
}

/* Reads label hits into fields. */
static void take_hits(ctx *c, acc *names, const u8 *s, const hit *h, int k, int *date_taken,
                      zt_date *labelled_date) {
  int i;
  for (i = 0; i < k; i++) {
    size_t b = h[i].vs, e = h[i].ve;
    trim_value(s, &b, &e);
    switch (h[i].field) {
      case F_SOURCE:
        if (e > b) acc_add(names, F_SOURCE, s + b, e - b);
        break;
      case F_AUTHOR: case F_EDITOR: case F_PHOTO:
        if (e > b) add_names(names, h[i].field, s + b, e - b);
        break;
      case F_KEYWORDS:
        if (e > b) acc_add(names, F_KEYWORDS, s + b, e - b);
        break;
      case F_DATE: {
        zt_date d;
        size_t ds, de;
        if (!*date_taken && e > b &&
            zt_date_find((const char *)s + b, e - b, c->o->now, &d, &ds, &de) &&
            d.prec >= ZT_DATE_DAY) {
          *labelled_date = d;
          *date_taken = 1;
        }
        break;
      }
      default:
        break;
    }
  }
}

/* Validates label hits: person values must look like names. */
static int hits_ok(const u8 *s, const hit *h, int k) {
  int i, good = 0;
  for (i = 0; i < k; i++) {
    size_t b = h[i].vs, e = h[i].ve;
    trim_value(s, &b, &e);
    if (h[i].field == F_AUTHOR || h[i].field == F_EDITOR || h[i].field == F_PHOTO) {
      if (!person_value_ok(s + b, e - b)) return 0;
      if (h[i].sep == 0 && e == b) return 0;
    } else if (h[i].field == F_SOURCE) {
      if (zt_utf8_len((const char *)s + b, e - b) > 30) return 0;
    }
    good++;
  }
  return good;
}

/* Bracketed byline at the start of a paragraph (本报讯（记者 王晓明 通讯员 李华）...) or a
 * trailing one ((责任编辑：李勤余)). Adds names; returns 1 when found. */
static int bracket_bylines(ctx *c, acc *names, const line *L, int whole) {
  const u8 *s = L->s;
  size_t n = L->n, i = 0, l, lim = n < 160 ? n : 160;
  int found = 0, tries = 0;
  // cppcheck-suppress knownConditionTrueFalse
  while (i < lim && tries < 4) {
    int32_t ch = cp_at(s, n, i, &l);
    if (ch == 0xFF08 || ch == '(' || ch == 0x3010 || ch == '[' || ch == 0x3014 || ch == 0xFF3B) {
      size_t b = i + l, e = b, l2;
      int32_t close = ch == 0xFF08 ? 0xFF09 : ch == '(' ? ')' : ch == 0x3010 ? 0x3011 :
                      ch == 0x3014 ? 0x3015 : ch == 0xFF3B ? 0xFF3D : ']';
      tries++;
      while (e < n && e - b < 200) {
        int32_t d = cp_at(s, n, e, &l2);
        if (d == close || (ch == 0xFF08 && d == ')') || (ch == '(' && d == 0xFF09)) break;
        e += l2 ? l2 : 1;
      }
      if (e < n && e - b < 200 && e > b) {
        hit h[MAX_HITS];
        size_t pe;
        int k = parse_labels(s + b, e - b, 1, h, &pe);
        if (k > 0 && hits_ok(s + b, h, k) && line_is_person_meta(h, k) &&
            pe < 12) {
          int dt = 0;
          zt_date dd;
          take_hits(c, names, s + b, h, k, &dt, &dd);
          found = 1;
        } else if (k == 0 && e - b < 40) {
          /* (王晓明 摄) */
          size_t bb = b, ee = e;
          trim(s, &bb, &ee);
          if (ends_with(s + bb, ee - bb, "摄") || ends_with(s + bb, ee - bb, "攝")) {
            ee -= 3;
            trim_value(s, &bb, &ee);
            if (ee > bb && person_value_ok(s + bb, ee - bb)) {
              add_names(names, F_PHOTO, s + bb, ee - bb);
              found = 1;
            }
          } else if (ends_with(s + bb, ee - bb, "報導") || ends_with(s + bb, ee - bb, "报道")) {
            /* 【王小明╱台北報導】: a name, a slash, a place */
            size_t q = bb, l3;
            while (q < ee) {
              int32_t d = cp_at(s, ee, q, &l3);
              if (d == '/' || d == 0xFF0F || d == 0x2571 || d == 0x2215) break;
              q += l3 ? l3 : 1;
            }
            if (q < ee && q > bb && zt_utf8_len((const char *)s + bb, q - bb) <= 4 &&
                person_value_ok(s + bb, q - bb)) {
              add_names(names, F_AUTHOR, s + bb, q - bb);
              found = 1;
            }
          }
        }
        i = e;
      }
    }
    if (whole) break;
    i += l ? l : 1;
  }
  return found;
}

/* The text before a reporter label is an outlet glued to it (新华社记者, 总台记者,
 * 河南商报记者): at most 12 characters, Han or a middle dot, no space, ending in 社/报/台/网... */
static int outlet_prefix(const u8 *s, size_t b, size_t pe, const hit *h) {
  size_t q = b, l, chars = 0;
  int32_t last = -1;
  if (pe <= b) return 1;
  if (h[0].field != F_AUTHOR || h[0].ls != pe) return 0;
  while (q < pe) {
    int32_t c = cp_at(s, pe, q, &l);
    if (!(zt_is_han(c) || c == 0xB7 || c == 0x30FB || c == 0x2022)) return 0;
    last = c;
    if (++chars > 12) return 0;
    q += l ? l : 1;
  }
  return is_agency_char(last);
}

/* An unlabelled byline in brackets closing a paragraph: two to four names of two to four Han
 * characters (（张三 李四）), or one name and a place with 报道 (（张三 上海报道）). */
static void trailing_plain_names(acc *names, const u8 *s, size_t n) {
  size_t q = 0, l, tb = 0, ntok = 0, tok_b[5], tok_e[5];
  int place = 0;
  while (q <= n) {
    int32_t c = q < n ? cp_at(s, n, q, &l) : ' ';
    if (q == n || c == ' ' || c == 0x3000 || c == 0xA0) {
      if (q > tb) {
        if (ntok == 5) return;
        tok_b[ntok] = tb;
        tok_e[ntok++] = q;
      }
      if (q == n) break;
      tb = q + l;
    } else if (!zt_is_han(c)) {
      return;
    }
    q += l ? l : 1;
  }
  if (ntok == 0) return;
  if (ntok >= 2 && (ends_with(s + tok_b[ntok - 1], tok_e[ntok - 1] - tok_b[ntok - 1], "报道") ||
                    ends_with(s + tok_b[ntok - 1], tok_e[ntok - 1] - tok_b[ntok - 1], "報導"))) {
    place = 1;
    ntok--;
  }
  if (ntok > 4 || (ntok < 2 && !place)) return;
  for (q = 0; q < ntok; q++) {
    size_t chars = zt_utf8_len((const char *)s + tok_b[q], tok_e[q] - tok_b[q]);
    int32_t lc = cp_before(s, tok_e[q], &l);
    if (chars < 2 || chars > 4 || is_agency_char(lc) ||
        is_placeholder_name(s + tok_b[q], tok_e[q] - tok_b[q]))
      return;
  }
  for (q = 0; q < ntok; q++) acc_add(names, F_AUTHOR, s + tok_b[q], tok_e[q] - tok_b[q]);
}

/* The opening bracket ending just before b follows a finished sentence (。！？”). */
static int sentence_before_bracket(const u8 *s, size_t b) {
  size_t st;
  int32_t c;
  if (cp_before(s, b, &st) < 0 || st == 0) return 0;
  c = cp_before(s, st, &st);
  while (is_space_cp(c) && st > 0) c = cp_before(s, st, &st);
  return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == 0x201D || c == '!' || c == '?';
}

/* A byline in brackets closing a paragraph: "...取得新进展。（记者 张三 李四）" */
static void trailing_bracket_byline(ctx *c, acc *names, const line *L) {
  const u8 *s = L->s;
  size_t n = L->n, e, b, st;
  int32_t close = cp_before(s, n, &st), open;
  hit h[MAX_HITS];
  size_t pe;
  int k;
  if (n < 6 || !(close == 0xFF09 || close == ')')) return;
  e = st;
  open = close == ')' ? '(' : 0xFF08;
  b = e;
  while (b > 0 && e - b < 120) {
    size_t st2;
    int32_t d = cp_before(s, b, &st2);
    if (d == open || d == (open == '(' ? 0xFF08 : '(')) break;
    b = st2;
  }
  if (b == 0 || e - b >= 120 || e <= b) return;
  k = parse_labels(s + b, e - b, 1, h, &pe);
  if (k > 0 && (pe < 6 || outlet_prefix(s + b, 0, pe, h)) && hits_ok(s + b, h, k) &&
      line_is_person_meta(h, k)) {
    int dt = 0;
    zt_date dd;
    take_hits(c, names, s + b, h, k, &dt, &dd);
  } else if (k == 0 && e - b <= 60 && sentence_before_bracket(s, b)) {
    size_t bb = b, ee = e;
    trim(s, &bb, &ee);
    trailing_plain_names(names, s + bb, ee - bb);
  }
}

/* A photo credit ending a caption line: "... 新华社记者 王晓明 摄" */
static void trailing_photo_credit(acc *names, const line *L) {
  const u8 *s = L->s;
  size_t n = L->n, e, b, st;
  int32_t c;
  if (n > 600) return;
  e = n;
  c = cp_before(s, e, &st);
  if (c == 0xFF09 || c == ')') e = st;
  if (!(ends_with(s, e, "摄") || ends_with(s, e, "攝"))) return;
  e -= 3;
  while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '/')) e--;
  /* back over a name and an optional 记者 label */
  b = e;
  {
    int chars = 0;
    while (b > 0 && chars < 6) {
      c = cp_before(s, b, &st);
      if (!zt_is_han(c) && c != 0xB7 && c != 0x30FB) break;
      b = st;
      chars++;
    }
    if (chars < 2 || chars > 5) return;
  }
  {
    size_t pb = b;
    while (pb > 0 && s[pb - 1] == ' ') pb--;
    c = cp_before(s, pb, &st);
    if (!(pb == 0 || b != pb || c == 0xFF08 || c == '(' || ends_with(s, pb, "记者") ||
          ends_with(s, pb, "記者")))
      return;
    if (b == pb && (ends_with(s, pb, "记者") || ends_with(s, pb, "記者"))) { /* glued */ }
  }
  {
    size_t bb = b, ee = e;
    if (ends_with(s + bb, ee - bb, "记者")) return;
    add_names(names, F_PHOTO, s + bb, ee - bb);
  }
}

/* The line's last meaningful character is 。 (or …), past closing quotes and brackets. */
static int ends_full_stop(const line *L) {
  size_t i = L->n, st;
  while (i > 0) {
    int32_t c = cp_before(L->s, i, &st);
    if (c < 0) return 0;
    if (!(is_closing_quote(c) || is_space_cp(c))) return c == 0x3002 || c == 0x2026;
    i = st;
  }
  return 0;
}

/* A body paragraph for choosing the main run: prose that is not a headline-sized question. */
static int run_prose(const line *L) {
  return L->kind == ZT_K_UNKNOWN && L->prose && !(L->headline && L->nchars <= 60);
}

static int is_weekday_or_junk(const u8 *s, size_t n) {
  return starts_with(s, n, "星期") || starts_with(s, n, "周") || starts_with(s, n, "礼拜") ||
         starts_with(s, n, "週") || starts_with(s, n, "禮拜");
}

/* The remainder of a dateline once its date and labels are removed: a site name when it
 * looks like one (信息快讯网 glued to 2018-07-12). */
static void dateline_site(ctx *c, const line *L, zt_span *site_out) {
  size_t b = L->dend, e = L->n, l;
  int glued;
  if (site_out->set) return;
  if (L->dstart > 0) {
    size_t pb = 0, pe = L->dstart;
    trim_value(L->s, &pb, &pe);
    if (pe > pb) return; /* text before the date: not a simple dateline */
  }
  glued = b < e && !is_space_cp(cp_at(L->s, L->n, b, &l));
  trim_value(L->s, &b, &e);
  if (e <= b || is_weekday_or_junk(L->s + b, e - b)) return;
  {
    size_t chars = zt_utf8_len((const char *)L->s + b, e - b), i;
    if (chars < 2 || chars > 16) return;
    for (i = b; i < e; i++)
      if (L->s[i] == ' ' || L->s[i] == ':') return;
    if (has_lit(L->s + b, e - b, "：") || has_lit(L->s + b, e - b, "　")) return;
  }
  if (glued || site_like(L->s + b, e - b)) *site_out = put(c, L->s + b, e - b);
}

/* A site name in the copyright line: 版权所有：XX网 / © 2024 XX网 / XX网 版权所有. */
static void copyright_site(ctx *c) {
  zt_buf tmp = ZT_BUF_INIT;
  const u8 *s;
  size_t n, i = 0, l = 0, tb = 0;
  zt_buf_add(&tmp, c->a->arena.data + c->a->copyright.off, c->a->copyright.len);
  if (tmp.oom) { zt_buf_free(&tmp); return; }
  s = (const u8 *)tmp.data;
  n = tmp.len;
  while (i <= n) {
    int32_t ch = i < n ? cp_at(s, n, i, &l) : -2;
    if (i == n || is_space_cp(ch) || ch == '|' || ch == 0xFF5C || ch == 0xA9 || ch == ',' ||
        ch == 0xFF0C || ch == ':' || ch == 0xFF1A || ch == '(' || ch == ')' || ch == 0xFF08 ||
        ch == 0xFF09 || ch == 0x3002 || ch == 0x3001) {
      size_t b = tb, e = i;
      if (e - b > 12 && memcmp(s + e - 12, "版权所有", 12) == 0) e -= 12;
      else if (e - b > 12 && memcmp(s + e - 12, "版權所有", 12) == 0) e -= 12;
      if (e - b > 12 && memcmp(s + b, "版权所有", 12) == 0) b += 12;
      else if (e - b > 12 && memcmp(s + b, "版權所有", 12) == 0) b += 12;
      if (e > b && site_like(s + b, e - b) && !memchr(s + b, '.', e - b)) {
        c->a->site = put(c, s + b, e - b);
        break;
      }
      if (i == n) break;
      i += l ? l : 1;
      tb = i;
      continue;
    }
    i += l ? l : 1;
  }
  zt_buf_free(&tmp);
}

static void find_domain(ctx *c, const u8 *s, size_t n) {
  int rc;
  if (c->a->domain.set || n == 0 || n > 100000) return;
  rc = pcre2_match(c->p->domain_re, (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK, c->p->md, c->p->mctx);
  if (rc > 0) {
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(c->p->md);
    size_t b = ov[0], e = ov[1];
    if (e - b > 4 && (s[b] | 32) == 'w' && (s[b + 1] | 32) == 'w' && (s[b + 2] | 32) == 'w' &&
        s[b + 3] == '.')
      b += 4;
    if (e > b) {
      size_t i;
      zt_span sp;
      sp.off = c->a->arena.len;
      for (i = b; i < e; i++) {
        char ch = (char)s[i];
        zt_buf_addc(&c->a->arena, (ch >= 'A' && ch <= 'Z') ? (char)(ch + 32) : ch);
      }
      if (c->a->arena.oom) { c->oom = 1; return; }
      sp.len = e - b;
      sp.set = 1;
      c->a->domain = sp;
    }
  }
}

/* The domain of a URL (scheme://host/...). */
static void url_domain(ctx *c, const u8 *s, size_t n) {
  size_t i = 0, b, e;
  if (c->a->domain.set || !s || !n) return;
  for (i = 0; i + 2 < n && i < 16; i++)
    if (s[i] == ':' && s[i + 1] == '/' && s[i + 2] == '/') { i += 3; goto host; }
  i = 0;
host:
  b = i;
  e = b;
  while (e < n && s[e] != '/' && s[e] != ':' && s[e] != '?' && s[e] != '#') e++;
  find_domain(c, s + b, e - b);
}

static int contains(const u8 *hay, size_t n, const u8 *needle, size_t m) {
  size_t i;
  if (m == 0 || m > n) return 0;
  for (i = 0; i + m <= n; i++)
    if (hay[i] == needle[0] && memcmp(hay + i, needle, m) == 0) return 1;
  return 0;
}

static int same_text(const line *x, const u8 *t, size_t tn) {
  return x->n == tn && memcmp(x->s, t, tn) == 0;
}

/* Is L the title with a site suffix? Returns 1 (exact) or 2 (suffix; *suf spans it). */
static int repeats_title(const line *L, const u8 *t, size_t tn, size_t *sb, size_t *se) {
  size_t sep_end, p;
  if (!tn || L->n < tn) return 0;
  if (memcmp(L->s, t, tn) != 0) return 0;
  if (L->n == tn) return 1;
  p = tn;
  sep_end = p;
  {
    size_t l;
    int32_t c;
    while (sep_end < L->n) { c = cp_at(L->s, L->n, sep_end, &l); if (!is_space_cp(c)) break; sep_end += l; }
    c = cp_at(L->s, L->n, sep_end, &l);
    if (!(c == '-' || c == '_' || c == '|' || c == 0xFF5C || c == 0x2014 || c == 0xFF0D ||
          c == 0x2013 || c == 0xFF3F))
      return 0;
    while (sep_end < L->n) {
      c = cp_at(L->s, L->n, sep_end, &l);
      if (!(is_space_cp(c) || c == '-' || c == '_' || c == '|' || c == 0xFF5C || c == 0x2014 ||
            c == 0xFF0D || c == 0x2013 || c == 0xFF3F))
        break;
      sep_end += l;
    }
  }
  if (L->n - sep_end == 0 || zt_utf8_len((const char *)L->s + sep_end, L->n - sep_end) > 30)
    return 0;
  *sb = sep_end;
  *se = L->n;
  return 2;
}

static void explain_line(ctx *c, size_t i, const line *L) {
  zt_article_line *al = &c->a->lines[i];
  al->text.off = c->a->arena.len;
  zt_buf_add(&c->a->arena, L->s, L->n);
  if (c->a->arena.oom) { c->oom = 1; return; }
  al->text.len = L->n;
  al->text.set = 1;
  al->kind = L->kind;
  al->rule = L->rule ? L->rule : "";
}

/* Splits text into trimmed non-empty lines. */
static int split_lines(const u8 *s, size_t n, line **out, size_t *count) {
  size_t cap = 64, k = 0, i = 0;
  line *v = (line *)malloc(cap * sizeof *v);
  if (!v) return ZT_ENOMEM;
  while (i < n) {
    const u8 *nl = (const u8 *)memchr(s + i, '\n', n - i);
    size_t e = nl ? (size_t)(nl - s) : n, b = i;
    size_t tb = b, te = e;
    trim(s, &tb, &te);
    if (te > tb) {
      if (k == cap) {
        line *nv = (line *)realloc(v, cap * 2 * sizeof *v);
        if (!nv) { free(v); return ZT_ENOMEM; }
        v = nv;
        cap *= 2;
      }
      memset(&v[k], 0, sizeof v[k]);
      v[k].s = s + tb;
      v[k].n = te - tb;
      k++;
    }
    i = e + 1;
  }
  *out = v;
  *count = k;
  return ZT_OK;
}

/* A line of nothing but one to three names (2-4 Han characters each, 、 or spaces between;
 * a lone name 2-3),
 * as older pages and essays put under the headline: 胡平 / 赵延东、风笑天. */
/* Trims spaces and one pair of enclosing brackets ([ ] 【 】 （ ） ( )) from s[b..e). */
static void trim_brackets(const u8 *s, size_t *b, size_t *e) {
  size_t l, st;
  int32_t o, cl;
  trim(s, b, e);
  /* private-use characters (what GBK's user area decodes to) count as spaces here */
  while (*e > *b && (cl = cp_before(s, *e, &st)) >= 0xE000 && cl <= 0xF8FF) {
    *e = st;
    trim(s, b, e);
  }
  while (*e > *b && (o = cp_at(s, *e, *b, &l)) >= 0xE000 && o <= 0xF8FF) {
    *b += l;
    trim(s, b, e);
  }
  if (*e <= *b) return;
  o = cp_at(s, *e, *b, &l);
  cl = cp_before(s, *e, &st);
  if ((o == '[' && cl == ']') || (o == 0x3010 && cl == 0x3011) || (o == 0xFF08 && cl == 0xFF09) ||
      (o == '(' && cl == ')') || (o == 0xFF3B && cl == 0xFF3D) || (o == 0xFF08 && cl == ')') ||
      (o == '(' && cl == 0xFF09)) {
    if (st <= *b + l) { *e = *b; return; }
    *b += l;
    *e = st;
    trim(s, b, e);
  }
}

static int names_only(const u8 *s, size_t n) {
  static const char *const words[] = {"正文", "导读", "導讀", "摘要", "评论", "評論", "专栏",
                                      "專欄", "图集", "視頻", "视频", "分享", "收藏", "打印",
                                      "关闭", "關閉", "原创", "原創", "转载", "轉載", "推荐",
                                      "推薦", "热门", "熱門", "最新", "资讯", "資訊", "头条",
                                      "頭條", "要闻", "要聞", "社会", "社會", "国际", "國際",
                                      "国内", "國內", "财经", "財經", "体育", "體育", "娱乐",
                                      "娛樂", "科技", "军事", "軍事", "文化", "教育", "健康",
                                      "旅游", "旅遊", "汽车", "汽車", "房产", "房產", "时尚",
                                      "時尚", "读书", "讀書", "目录", "目錄", "全文", "前言",
                                      "序言", "后记", "後記", "简介", "簡介", "图片", "圖片",
                                      "搜索", "搜尋", "登录", "登錄", "注册", "註冊", "帮助",
                                      "幫助", "设置", "設置", "下载", "下載", "留言", "投稿",
                                      "更新", "发布", "發佈", "發布", "发表", "發表", "导航",
                                      "導航", "修改", "时间", "時間", "日期", "星期", "今天",
                                      "昨天", "前天", "今日", "昨日", "刚刚", "剛剛", "原文",
                                      "阅读", "閱讀", "置顶", "置頂", "精华", "精華", "广告",
                                      "廣告", NULL};
  static const char *const tails[] = {"新闻", "新聞", "频道", "頻道", "专题", "專題", "栏目",
                                      "欄目", "论坛", "論壇", "社区", "社區", "博客", "中心",
                                      "日报", "日報", "晚报", "晚報", "首页", "首頁", NULL};
  size_t q = 0, l = 1, tb = 0, ntok = 0, maxc = 0;
  size_t nchars = zt_utf8_len((const char *)s, n);
  if (nchars < 2 || nchars > 20) return 0;
  while (q <= n) {
    int32_t c = q < n ? cp_at(s, n, q, &l) : ' ';
    if (q == n || c == ' ' || c == 0x3000 || c == 0xA0 || c == 0x3001 || c == 0xFF0C ||
        c == ',') {
      if (q > tb) {
        const u8 *t = s + tb;
        size_t tn = q - tb, chars = zt_utf8_len((const char *)t, tn), st;
        int w;
        if (++ntok > 3 || chars < 2 || chars > 4 || is_agency_char(cp_before(t, tn, &st)) ||
            is_placeholder_name(t, tn))
          return 0;
        if (chars > maxc) maxc = chars;
        for (w = 0; words[w]; w++)
          if (strlen(words[w]) == tn && memcmp(t, words[w], tn) == 0) return 0;
        for (w = 0; tails[w]; w++)
          if (ends_with(t, tn, tails[w])) return 0;
      }
      if (q == n) break;
      tb = q + l;
    } else if (!zt_is_han(c) && c != 0xB7 && c != 0x30FB) {
      return 0;
    }
    q += l ? l : 1;
  }
  /* one four-character word alone is more often a heading (随笔分类) than a name */
  return ntok > 1 || (ntok == 1 && maxc <= 3);
}

static int names_only_line(const line *L) { return names_only(L->s, L->n); }

static void classify(ctx *c, line *L, size_t nl, const zt_html_doc *hd, acc *names) {
  zt_article *a = c->a;
  size_t i, title_i = (size_t)-1, body_start = nl, body_end = nl, first_close = nl;
  size_t run_b = nl, run_e = nl;
  const u8 *title = NULL;
  size_t title_n = 0;
  int html = hd != NULL, has_main = hd && hd->has_main;
  zt_span site_suffix = {0, 0, 0}, site_dateline = {0, 0, 0};
  int date_done = 0;
  const char *title_rule = "the first headline-like line";
  zt_date labelled_date;
  int labelled_date_set = 0;
  hit h[MAX_HITS];

  /* pass 1: per-line features */
  for (i = 0; i < nl; i++) {
    line *x = &L[i];
    const char *rule = NULL;
    line_stats(x);
    x->kind = ZT_K_UNKNOWN;
    if (x->n <= SHORT_LINE && !(x->prose && x->nchars > 120)) {
      size_t ds, de, pe;
      int k;
      if (zt_date_best((const char *)x->s, x->n, c->o->now, &x->date, &ds, &de) &&
          x->date.prec >= ZT_DATE_DAY && !starts_with(x->s, x->n, "今天是") &&
          !starts_with(x->s, x->n, "今日是") && !starts_with(x->s, x->n, "今天：") &&
          !starts_with(x->s, x->n, "您好") && !starts_with(x->s, x->n, "欢迎")) {
        x->has_date = 1;
        x->dstart = ds;
        x->dend = de;
      }
      if (is_related_label(x) && !x->ends_sentence) {
        x->related_label = 1;
        x->closing = 1;
        x->kind = ZT_K_RELATED_LABEL;
        x->rule = "related-block label (相关新闻/延伸阅读/推荐阅读...)";
        continue;
      }
      if (is_copyright(x)) {
        x->kind = ZT_K_COPYRIGHT;
        x->rule = "copyright line (©/Copyright/版权所有)";
        x->boiler = x->closing = 1;
        continue;
      }
      if (is_footer(x)) {
        x->kind = ZT_K_FOOTER;
        x->rule = "footer (ICP备/公网安备/关于我们...)";
        x->boiler = x->closing = 1;
        continue;
      }
      if (is_breadcrumb(x)) {
        x->kind = ZT_K_BREADCRUMB;
        x->rule = "breadcrumb (当前位置 / 首页 > ...)";
        x->boiler = 1;
        continue;
      }
      if ((k = nav_kind(x, &rule)) != 0) {
        x->kind = k;
        x->rule = rule;
        x->boiler = 1;
        if (k == ZT_K_NAV && (starts_with(x->s, x->n, "上一篇") || starts_with(x->s, x->n, "下一篇")))
          x->closing = 1;
        /* a lone 评论 heading: the comments follow (a lone button before the body is harmless,
         * closing lines count only once the body has begun) */
        if (k == ZT_K_NAV && ((x->n == 6 && (memcmp(x->s, "评论", 6) == 0 || memcmp(x->s, "評論", 6) == 0))))
          x->closing = 1;
        continue;
      }
      if (is_comments_label(x)) {
        x->kind = ZT_K_NAV;
        x->rule = "the start of a comments section";
        x->boiler = x->closing = 1;
        continue;
      }
      if (is_end_mark(x)) {
        x->kind = ZT_K_END_MARK;
        x->rule = "end-of-article mark (完)";
        x->boiler = 1;
        continue;
      }
      x->loose = x->nchars <= 40 && !x->ends_sentence;
      k = parse_labels(x->s, x->n, x->loose, h, &pe);
      if (k > 0 && !x->loose && x->nchars <= 160 && !x->ends_sentence && hits_ok(x->s, h, k)) {
        /* a label line: colon-less labels (记者 张三) count on it too */
        hit h2[MAX_HITS];
        size_t pe2;
        int k2 = parse_labels(x->s, x->n, 1, h2, &pe2);
        if (k2 > k && hits_ok(x->s, h2, k2)) {
          memcpy(h, h2, sizeof h2);
          k = k2;
          pe = pe2;
          x->loose = 1;
        }
      }
      if (k > 0 && hits_ok(x->s, h, k)) {
        /* the text before the first label must be empty, a date, or short */
        size_t pb = 0, pe2 = pe;
        trim_value(x->s, &pb, &pe2);
        if (x->has_date && x->dstart < pe) {
          pb = x->dend;
          pe2 = pe;
          if (pb > pe2) pb = pe2;
          trim_value(x->s, &pb, &pe2);
        }
        /* and a sentence must not follow the last value (〔記者王小明／台北報導〕行政院今天...) */
        size_t tb = h[k - 1].ve, te = x->n;
        int sentence_after;
        trim_value(x->s, &tb, &te);
        sentence_after = x->prose && te > tb && zt_utf8_len((const char *)x->s + tb, te - tb) > 8;
        if (!sentence_after && (pe2 <= pb || zt_utf8_len((const char *)x->s + pb, pe2 - pb) <= 8 ||
                                (pe2 == pe && outlet_prefix(x->s, pb, pe, h)))) {
          x->meta = 1;
          x->kind = line_is_person_meta(h, k) ? ZT_K_BYLINE : ZT_K_META;
          x->rule = x->kind == ZT_K_BYLINE ? "label line (作者/记者/编辑/摄影...)"
                                            : "label line (来源/时间/...)";
          {
            int j;
            for (j = 0; j < k; j++) {
              if (h[j].field == F_EDITOR) x->closing = 1;
              if (h[j].field == F_PHOTO || h[j].field == F_SOURCE) x->soft_closing = 1;
            }
          }
          continue;
        }
      }
      if (is_menu(x)) {
        x->kind = ZT_K_NAV;
        x->rule = "a menu: a run of short words";
        x->boiler = 1;
        continue;
      }
      /* a bracketed byline alone on its line */
      if (x->nchars <= 40) {
        int32_t c0;
        size_t l0;
        c0 = cp_at(x->s, x->n, 0, &l0);
        if ((c0 == 0xFF08 || c0 == '(' || c0 == 0x3010 || c0 == '[' || c0 == 0x3014 ||
             c0 == 0xFF3B) && !x->ends_sentence) {
          acc tmp = {0};
          if (bracket_bylines(c, &tmp, x, 1)) {
            x->kind = ZT_K_BYLINE;
            x->rule = "bracketed byline （记者 ... 通讯员 ...）";
            x->meta = 1;
          }
          acc_free(&tmp);
          if (x->meta) continue;
        }
      }
      if (x->has_date) {
        size_t rest = x->nchars - zt_utf8_len((const char *)x->s + x->dstart, x->dend - x->dstart);
        if (rest <= 20 && !x->ends_sentence) {
          x->kind = ZT_K_DATELINE;
          x->rule = "a date with little else (dateline)";
          x->meta = 1;
        }
      }
    }
  }

  /* text: the body is the run of prose lines with the most text (a page's full text also
   * holds menus and sidebars); gaps of a few lines (subheadings, captions, a repeated title)
   * stay inside, closing lines end a run */
  if (!html) {
    size_t cur_b = nl, cur_e = nl, gap = 0;
    double cur = 0, best = -1;
    for (i = 0; i <= nl; i++) {
      int p = i < nl && run_prose(&L[i]);
      if (p) {
        if (cur_b == nl) { cur_b = i; cur = 0; }
        cur_e = i;
        cur += (double)L[i].nchars;
        gap = 0;
        continue;
      }
      if (cur_b == nl) continue;
      if (i < nl && gap < 5 && !L[i].closing) { gap++; continue; }
      if (cur > best) { best = cur; run_b = cur_b; run_e = cur_e; }
      cur_b = nl;
      gap = 0;
    }
    if (run_b < nl) {
      /* more prose not far below, before anything that closes an article, still belongs */
      size_t last = run_e, q;
      for (q = run_e + 1; q < nl && q - last <= 10 && !L[q].closing; q++)
        if (run_prose(&L[q])) last = q;
      run_e = last;
    }
  }

  /* title */
  if (html) {
    const zt_span *h1 = &hd->meta[ZT_HM_H1], *og = &hd->meta[ZT_HM_OG_TITLE],
                  *tt = &hd->meta[ZT_HM_TITLE];
    const u8 *base = (const u8 *)hd->metabuf.data;
    const zt_span *ref = og->set ? og : tt;
    size_t cand = (size_t)-1;
    int have_h1 = 0;
    (void)h1;
    /* the <h1> that the page's title names (a logo in an <h1> does not count) */
    for (i = 0; i < nl; i++) {
      if (!(L[i].flags & ZT_LF_H1) || (L[i].flags & ZT_LF_BOILER) || L[i].nchars < 5) continue;
      if (ref->set && contains(base + ref->off, ref->len, L[i].s, L[i].n) &&
          L[i].nchars * 2 >= zt_utf8_len((const char *)base + ref->off, ref->len)) {
        title_i = i;
        break;
      }
      if (cand == (size_t)-1 && !(L[i].flags & ZT_LF_LINK)) cand = i;
    }
    if (title_i == (size_t)-1 && cand != (size_t)-1) title_i = cand;
    if (title_i != (size_t)-1) { title = L[title_i].s; title_n = L[title_i].n; have_h1 = 1; }
    else if (og->set) { title = base + og->off; title_n = og->len; }
    else if (tt->set) { title = base + tt->off; title_n = tt->len; }
    if (title && tt->set && !have_h1) {
      /* strip a site suffix from <title>/og:title */
      int round;
      for (round = 0; round < 3; round++) {
        size_t se, sp = find_suffix_sep(title, title_n, 0, &se);
        size_t sl = sp < title_n ? zt_utf8_len((const char *)title + se, title_n - se) : 99;
        if (sp >= title_n || sl > (round ? 6u : 20u) || zt_utf8_len((const char *)title, sp) < 4)
          break;
        if (!round) site_suffix = put(c, title + se, title_n - se);
        title_n = sp;
      }
    } else if (title && tt->set && tt->len > title_n &&
               memcmp(base + tt->off, title, title_n) == 0) {
      /* <title> = h1 + separators + site chain: the last part is the site */
      const u8 *t = base + tt->off;
      size_t se, sp = find_suffix_sep(t, tt->len, title_n, &se);
      if (sp < tt->len && zt_utf8_len((const char *)t + se, tt->len - se) <= 20)
        site_suffix = put(c, t + se, tt->len - se);
    }
    int weak = !title;
    if (title && !have_h1 && (zt_utf8_len((const char *)title, title_n) <= 4 ||
                              (zt_utf8_len((const char *)title, title_n) <= 8 &&
                               site_like(title, title_n)))) {
      /* a short title that is also a line of the page's content is its headline (对比试车) */
      weak = 1;
      for (i = 0; i < nl; i++)
        if (!(L[i].flags & (ZT_LF_BOILER | ZT_LF_LINK)) && same_text(&L[i], title, title_n)) {
          weak = 0;
          break;
        }
    }
    if (weak) {
      /* no <title>, og:title or <h1>, or a title that only names the site (网易娱乐, 北医新闻网)
       * or says nothing (显示): the headline-like line just above the first paragraph (past a
       * dateline or byline between them) */
      size_t p0;
      for (p0 = 0; p0 < nl; p0++)
        if (L[p0].kind == ZT_K_UNKNOWN && L[p0].prose && !(L[p0].flags & (ZT_LF_BOILER | ZT_LF_LINK)))
          break;
      for (i = p0; i > 0 && p0 - i < 4;) {
        const line *x = &L[--i];
        if (x->kind == ZT_K_DATELINE || x->kind == ZT_K_BYLINE || x->kind == ZT_K_META) continue;
        if (x->kind == ZT_K_UNKNOWN && x->headline && x->n <= SHORT_LINE && x->nchars >= 4 &&
            x->nchars <= 40 && !lhas(x, "，") && !lhas(x, "。") && !lhas(x, "：") &&
            !memchr(x->s, ':', x->n) &&
            !(x->flags & (ZT_LF_BOILER | ZT_LF_LINK))) {
          title_i = i;
          title = x->s;
          title_n = x->n;
        }
        break;
      }
    }
    if (title_i == (size_t)-1 && title)
      for (i = 0; i < nl && i < 400; i++)
        if (same_text(&L[i], title, title_n)) { title_i = i; break; }
    if (title_i == (size_t)-1 && title && title_n >= 18)
      for (i = 0; i < nl && i < 400; i++)
        if (!(L[i].flags & ZT_LF_BOILER) && L[i].n >= 18 && L[i].n <= title_n + 60 &&
            memcmp(L[i].s, title, 18) == 0) {
          title_i = i;
          break;
        }
  } else {
    /* the first headline-like line before the body; prefer one that repeats */
    size_t first = (size_t)-1, lim, from, j;
    lim = run_b;
    from = lim != nl && lim > 15 ? lim - 15 : 0;
    size_t above_meta = (size_t)-1, last_cand = (size_t)-1;
    for (i = from; i < lim && i < from + 50; i++) {
      line *x = &L[i];
      if ((x->kind == ZT_K_DATELINE || x->kind == ZT_K_BYLINE || x->kind == ZT_K_META) &&
          above_meta == (size_t)-1 && last_cand != (size_t)-1 && last_cand + 3 >= i) {
        /* of the headline-like lines just above: the first long one (a subtitle may follow
         * the title; a short channel name may precede it), else the nearest */
        size_t k;
        above_meta = last_cand;
        for (k = i >= 3 ? i - 3 : 0; k < i; k++)
          if (L[k].kind == ZT_K_UNKNOWN && L[k].headline && L[k].n <= SHORT_LINE &&
              L[k].nchars >= 8) {
            above_meta = k;
            break;
          }
      }
      if (x->kind != ZT_K_UNKNOWN || !x->headline || x->n > SHORT_LINE || x->nchars < 4) continue;
      last_cand = i;
      if (first == (size_t)-1) first = i;
      for (j = i + 1; j < nl && j < i + 400; j++) {
        size_t sb, se;
        if (repeats_title(&L[j], x->s, x->n, &sb, &se)) { title_i = i; break; }
      }
      if (title_i != (size_t)-1) break;
    }
    if (title_i != (size_t)-1) title_rule = "the first headline-like line that repeats later";
    else if (above_meta != (size_t)-1) { title_i = above_meta; title_rule = "the headline-like line above the dateline/byline"; }
    else { title_i = first; title_rule = "the first headline-like line"; }
    if (title_i != (size_t)-1) {
      title = L[title_i].s;
      title_n = L[title_i].n;
    }
  }
  if (title_i != (size_t)-1) {
    L[title_i].kind = ZT_K_TITLE;
    L[title_i].rule = html ? "the page's <h1>/title" : title_rule;
    L[title_i].meta = 1;
  }

  /* repeated titles (anywhere): take the site name from the suffix */
  if (title_n) {
    for (i = 0; i < nl; i++) {
      size_t sb, se;
      int r;
      if (i == title_i || L[i].n > SHORT_LINE) continue;
      r = repeats_title(&L[i], title, title_n, &sb, &se);
      if (!r) continue;
      L[i].kind = ZT_K_REPEATED_TITLE;
      L[i].rule = r == 2 ? "the title again with a site suffix (-站名)" : "the title again";
      L[i].meta = 1;
      L[i].boiler = 1;
      if (r == 2 && !site_suffix.set) site_suffix = put(c, L[i].s + sb, se - sb);
    }
  }
  if (!html && title_n) {
    /* the title line itself may carry the suffix: 标题 - 站名 */
    size_t se, sp = find_suffix_sep(title, title_n, 0, &se);
    if (sp < title_n && sp > 0) {
      const u8 *suf = title + se;
      size_t sn = title_n - se;
      int match = site_suffix.set && site_suffix.len == sn &&
                  memcmp(a->arena.data + site_suffix.off, suf, sn) == 0;
      if (match || (site_like(suf, sn) && zt_utf8_len((const char *)title, sp) >= 6)) {
        if (!site_suffix.set) site_suffix = put(c, suf, sn);
        title_n = sp;
      }
    }
  }
  /* a separator left dangling at the end (标题_ with an empty site part) */
  while (title_n > 0) {
    size_t st;
    int32_t ch = cp_before(title, title_n, &st);
    if (!(ch == '_' || ch == '-' || ch == '|' || ch == 0xFF5C || ch == 0xFF3F || ch == ' ' ||
          ch == 0x3000 || ch == 0x2014 || ch == 0x2013))
      break;
    title_n = st;
  }
  if (title_n) a->title = put(c, title, title_n);

  /* body start: the first prose line after the title (in HTML: inside the main block; in
   * text: in the main run) */
  i = title_i == (size_t)-1 ? 0 : title_i + 1;
  if (!html && run_b < nl && run_b > i) {
    /* from the main run back over prose just above it (a question, a short lead) */
    size_t q = run_b, start = run_b, gap = 0;
    while (q > i) {
      q--;
      if (L[q].closing || L[q].kind == ZT_K_TITLE) break;
      if (L[q].kind == ZT_K_UNKNOWN && L[q].prose) { start = q; gap = 0; }
      else if (++gap > 5) break;
    }
    i = start;
  }
  for (; i < nl; i++) {
    line *x = &L[i];
    if (x->kind != ZT_K_UNKNOWN) continue;
    if (html && ((x->flags & (ZT_LF_BOILER | ZT_LF_LINK)) || (has_main && !(x->flags & ZT_LF_MAIN))))
      continue;
    if (x->prose) { body_start = i; break; }
  }
  if (body_start == nl && title_i != (size_t)-1) {
    /* no prose after the title: accept prose anywhere */
    for (i = 0; i < nl; i++)
      if (L[i].kind == ZT_K_UNKNOWN && L[i].prose &&
          !(html && (L[i].flags & (ZT_LF_BOILER | ZT_LF_LINK)))) { body_start = i; break; }
  }
  /* body end: the last prose line before the first closing line after the start */
  if (body_start < nl) {
    for (i = body_start + 1; i < nl; i++) {
      const line *x = &L[i];
      if (x->closing) { first_close = i; break; }
      if (x->soft_closing) {
        /* closes unless a real paragraph (ending in 。) follows before a hard close */
        size_t j;
        int para = 0;
        for (j = i + 1; j < nl && j < i + 200 && !L[j].closing; j++)
          if (L[j].kind == ZT_K_UNKNOWN && L[j].nchars >= 20 && ends_full_stop(&L[j])) {
            para = 1;
            break;
          }
        if (!para) { first_close = i; break; }
      }
      if (html && has_main && !(x->flags & ZT_LF_MAIN) && (x->flags & ZT_LF_BOILER)) {
        /* leaving the main block into boilerplate closes it too */
        size_t j;
        int more = 0;
        for (j = i + 1; j < nl && j < i + 200; j++)
          if (L[j].flags & ZT_LF_MAIN) { more = 1; break; }
        if (!more) { first_close = i; break; }
      }
    }
    if (html && first_close < nl && L[first_close].related_label) {
      /* a short promo and a related box above the article (推荐阅读 ... then the story): when
       * far more prose follows the box than precedes it, the body is what follows */
      size_t before = 0, after = 0, j, nb = nl, nc = nl;
      for (j = body_start; j < first_close; j++)
        if (L[j].kind == ZT_K_UNKNOWN && L[j].prose) before += L[j].nchars;
      for (j = first_close + 1; j < nl; j++) {
        if (L[j].closing) { nc = j; break; }
        if (L[j].kind == ZT_K_UNKNOWN && L[j].prose && !(L[j].flags & (ZT_LF_BOILER | ZT_LF_LINK))) {
          if (nb == nl) nb = j;
          after += L[j].nchars;
        }
      }
      if (nb < nl && before < 300 && after > 3 * before + 200) {
        body_start = nb;
        first_close = nc;
      }
    }
    body_end = body_start;
    for (i = body_start; i < first_close; i++) {
      const line *x = &L[i];
      if (!html && run_e < nl && i > run_e) break;
      if (x->kind != ZT_K_UNKNOWN) continue;
      if (html && has_main && !(x->flags & ZT_LF_MAIN)) continue;
      if (html && (x->flags & (ZT_LF_BOILER | ZT_LF_LINK))) continue;
      if (x->prose) body_end = i;
    }
    /* an unlabelled trailing run of headline-like lines after the body: related, not body */
    if (!html) {
      size_t j = body_end, run = 0;
      while (j > body_start) {
        const line *x = &L[j];
        if (x->kind != ZT_K_UNKNOWN || !x->headline || x->ends_sentence) break;
        run++;
        j--;
      }
      if (run >= 3) body_end = j;
    }
  }

  c->nlines = nl;
  c->body_start = body_start;

  /* dates: HTML metadata first */
  if (html) {
    static const int order[] = {ZT_HM_PUBLISHED, ZT_HM_LD_DATE, ZT_HM_META_DATE, ZT_HM_TIME, -1};
    int j;
    for (j = 0; order[j] >= 0 && !date_done; j++) {
      const zt_span *sp = &hd->meta[order[j]];
      zt_date d;
      size_t ds, de;
      if (sp->set && zt_date_find(hd->metabuf.data + sp->off, sp->len, c->o->now, &d, &ds, &de) &&
          d.prec >= ZT_DATE_DAY) {
        if (d.prec == ZT_DATE_DAY) {
          /* the page's dateline may give the time of that same day */
          size_t from = title_i == (size_t)-1 ? 0 : title_i;
          for (i = from; i < nl && i < from + 12 && i <= body_start; i++)
            if (L[i].has_date && !(L[i].flags & ZT_LF_BOILER)) {
              if (L[i].date.prec == ZT_DATE_TIME && L[i].date.year == d.year &&
                  L[i].date.month == d.month && L[i].date.day == d.day)
                d = L[i].date;
              break;
            }
        }
        put_date(c, &d);
        date_done = 1;
      }
    }
  }

  /* header and trailing zones: fields from label lines and datelines */
  for (i = 0; i < nl; i++) {
    line *x = &L[i];
    int in_body = body_start < nl && i >= body_start && i <= body_end;
    if (x->kind == ZT_K_BYLINE || x->kind == ZT_K_META) {
      size_t pe;
      if (html && (x->flags & ZT_LF_BOILER) && !(x->flags & ZT_LF_MAIN) && in_body) continue;
      if (!(x->rule && x->rule[0] == 'b')) {
        int k = parse_labels(x->s, x->n, x->loose, h, &pe);
        if (k > 0) {
          int dt = 0;
          zt_date dd;
          acc scratch = {0};
          take_hits(c, &scratch, x->s, h, k, &dt, &dd);
          acc_free(&scratch);
          if (dt && !labelled_date_set) { labelled_date = dd; labelled_date_set = 1; }
        }
      }
      if (x->has_date && !date_done && !labelled_date_set && i < body_start + 1) {
        labelled_date = x->date;
        labelled_date_set = 1;
      }
      if (x->has_date) dateline_site(c, x, &site_dateline);
    } else if (x->kind == ZT_K_DATELINE && !html && i <= body_start) {
      dateline_site(c, x, &site_dateline);
    }
  }
  if (!date_done) {
    /* the first dateline near the title, else a labelled date, else any dateline before the body */
    size_t from = title_i == (size_t)-1 ? 0 : title_i;
    int pass;
    for (pass = 0; pass < (html ? 2 : 1) && !date_done; pass++)
      for (i = from; i < nl && i < from + 12 && i <= body_start; i++)
        if (L[i].has_date && L[i].kind != ZT_K_TITLE && L[i].kind != ZT_K_REPEATED_TITLE &&
            (L[i].kind == ZT_K_DATELINE || L[i].meta ||
             (i < body_start && !L[i].prose && L[i].nchars <= 100 && L[i].kind != ZT_K_RELATED_LABEL)) &&
            /* HTML: first outside nav/share/aside elements, then (an info bar with a share
             * class) inside them, still next to the title */
            !(html && pass == 0 && (L[i].flags & ZT_LF_BOILER)) &&
            !(pass == 1 && (title_i == (size_t)-1 || i > title_i + 4))) {
          put_date(c, &L[i].date);
          date_done = 1;
          break;
        }
    if (!date_done && labelled_date_set) { put_date(c, &labelled_date); date_done = 1; }
    if (!date_done && title_i != (size_t)-1) {
      /* a dateline just above the title */
      size_t j;
      for (j = title_i; j > 0 && j + 4 > title_i; j--) {
        const line *x = &L[j - 1];
        if (x->has_date && !x->prose && x->nchars <= 60 && !(html && (x->flags & ZT_LF_BOILER))) {
          put_date(c, &x->date);
          date_done = 1;
          break;
        }
      }
    }
    if (!date_done)
      for (i = 0; i < nl && i <= body_start; i++)
        if (L[i].has_date && L[i].kind == ZT_K_DATELINE && !(html && (L[i].flags & ZT_LF_BOILER))) {
          put_date(c, &L[i].date);
          date_done = 1;
          break;
        }
    if (!date_done && body_end < nl)
      for (i = body_end + 1; i < nl && i <= body_end + 3; i++)
        if (L[i].has_date && L[i].nchars <= 30 && L[i].kind != ZT_K_RELATED &&
            L[i].kind != ZT_K_COPYRIGHT && !(html && (L[i].flags & ZT_LF_BOILER))) {
          put_date(c, &L[i].date);
          date_done = 1;
          break;
        }
    if (!date_done)
      for (i = body_end + 1; i < nl && body_end < nl; i++)
        if (L[i].has_date && L[i].date.labelled && L[i].kind != ZT_K_RELATED &&
            !(html && (L[i].flags & ZT_LF_BOILER))) {
          put_date(c, &L[i].date);
          date_done = 1;
          break;
        }
    if (!date_done && html && hd->meta[ZT_HM_SCRIPT_DATE].set) {
      zt_date d;
      size_t ds, de;
      const zt_span *sp = &hd->meta[ZT_HM_SCRIPT_DATE];
      const char *v = hd->metabuf.data + sp->off;
      size_t q = 0;
      while (q < sp->len && v[q] >= '0' && v[q] <= '9') q++;
      if (q == sp->len && (q == 10 || q == 13)) {
        /* Unix time (seconds or milliseconds), shown as China time */
        long long t = 0;
        for (q = 0; q < 10; q++) t = t * 10 + (v[q] - '0');
        zt_date_from_unix(t, 8 * 60, &d);
        if (d.year >= 1995 && d.year <= 2099) { put_date(c, &d); date_done = 1; }
      } else if (zt_date_find(v, sp->len, NULL, &d, &ds, &de) && d.prec >= ZT_DATE_DAY) {
        put_date(c, &d);
        date_done = 1;
      }
    }
    if (!date_done && html && hd->meta[ZT_HM_MODIFIED].set) {
      zt_date d;
      size_t ds, de;
      const zt_span *sp = &hd->meta[ZT_HM_MODIFIED];
      if (zt_date_find(hd->metabuf.data + sp->off, sp->len, NULL, &d, &ds, &de) &&
          d.prec >= ZT_DATE_DAY) {
        put_date(c, &d);
        date_done = 1;
      }
    }
    if (!date_done) {
      zt_date d;
      const char *u = c->o->url;
      size_t un = u ? strlen(u) : 0;
      if (!u && html && hd->meta[ZT_HM_URL].set) {
        u = hd->metabuf.data + hd->meta[ZT_HM_URL].off;
        un = hd->meta[ZT_HM_URL].len;
      }
      if (u && un < 4096 && url_date((const u8 *)u, un, &d)) {
        put_date(c, &d);
        date_done = 1;
      }
    }
    if (!date_done && body_start < nl && (L[body_start].has_date) &&
        L[body_start].dstart < 60 && L[body_start].date.labelled) {
      put_date(c, &L[body_start].date);
      date_done = 1;
    }
    /* a reposted article's own dateline a few lines into the body (2003-7-24 某某晚报) */
    if (!date_done && body_start < nl)
      for (i = body_start + 1; i < nl && i <= body_start + 8 && i <= body_end; i++)
        if (L[i].has_date && L[i].kind == ZT_K_DATELINE && L[i].nchars <= 40 &&
            L[i].dstart < 4 && !(html && (L[i].flags & ZT_LF_BOILER))) {
          put_date(c, &L[i].date);
          date_done = 1;
          break;
        }
    /* a magazine issue closing the article: ——《某某》1998年3月号 */
    if (!date_done && body_start < nl)
      for (i = body_start; i < nl; i++) {
        const line *x = &L[i];
        size_t q, ds, de;
        zt_date d;
        if (x->nchars > 40 ||
            !(x->kind == ZT_K_UNKNOWN || x->kind == ZT_K_BODY || x->kind == ZT_K_OTHER) ||
            !lhas(x, "\xE3\x80\x8A") || (html && (x->flags & ZT_LF_BOILER)))
          continue; /* 《 */
        for (q = 0; q < x->n && !(x->s[q] >= '0' && x->s[q] <= '9'); q++) {}
        if (q < x->n && zt_date_find((const char *)x->s + q, x->n - q, NULL, &d, &ds, &de) &&
            d.prec == ZT_DATE_MONTH && ds == 0 &&
            (ends_with(x->s + q + de, x->n - q - de, "号") || ends_with(x->s + q + de, x->n - q - de, "號") ||
             starts_with(x->s + q + de, x->n - q - de, "号") || starts_with(x->s + q + de, x->n - q - de, "號"))) {
          put_date(c, &d);
          date_done = 1;
          break;
        }
      }
  }
  for (i = 0; i < nl; i++)
    if (L[i].has_date && L[i].kind == ZT_K_UNKNOWN && L[i].n < 120 &&
        (i < body_start || i > body_end) && L[i].dend - L[i].dstart + 40 >= L[i].n) {
      L[i].kind = ZT_K_DATELINE;
      L[i].rule = "a date with little else (dateline)";
    }

  /* body, related, leftovers */
  {
    int in_related = 0;
    size_t run_start = nl;
    for (i = 0; i < nl; i++) {
      line *x = &L[i];
      int in_body = body_start < nl && i >= body_start && i <= body_end;
      if (x->kind == ZT_K_RELATED_LABEL) { in_related = 1; continue; }
      if (x->kind != ZT_K_UNKNOWN) {
        if (x->kind != ZT_K_DATELINE && x->kind != ZT_K_REPEATED_TITLE) in_related = 0;
        continue;
      }
      if (in_body) {
        if (html && (x->flags & ZT_LF_BOILER)) { x->kind = ZT_K_NAV; x->rule = "inside nav/aside/footer/comments"; continue; }
        if (html && has_main && !(x->flags & ZT_LF_MAIN)) { x->kind = ZT_K_OTHER; x->rule = "outside the main content block"; continue; }
        if (html && (x->flags & ZT_LF_LINK) && !x->prose) { x->kind = ZT_K_NAV; x->rule = "mostly links"; continue; }
        x->kind = ZT_K_BODY;
        x->rule = x->prose ? "prose between the first and last paragraph"
                           : "short line inside the body (subheading)";
        continue;
      }
      if (i > body_end && body_end < nl) {
        if (in_related && x->headline && x->n <= SHORT_LINE &&
            !(html && !(x->flags & (ZT_LF_RELATED | ZT_LF_LINK)))) {
          x->kind = ZT_K_RELATED;
          x->rule = "under a related-block label";
          continue;
        }
        in_related = 0;
        if (html && (x->flags & ZT_LF_RELATED) && x->headline) {
          x->kind = ZT_K_RELATED;
          x->rule = "inside a related-links element";
          continue;
        }
      }
      x->kind = i < body_start ? ZT_K_HEADER : ZT_K_OTHER;
      x->rule = html && (x->flags & ZT_LF_BOILER) ? "inside nav/aside/footer/comments"
                : i < body_start                 ? "before the body"
                                                 : "after the body";
    }
    /* unlabelled runs of headline-like lines after the body (text: any; HTML: links) */
    for (i = body_end == nl ? nl : body_end + 1; i <= nl; i++) {
      int ok = i < nl && L[i].kind == ZT_K_OTHER && L[i].headline && L[i].n <= SHORT_LINE &&
               (!html || (L[i].flags & ZT_LF_LINK));
      if (ok) {
        if (run_start == nl) run_start = i;
        continue;
      }
      if (run_start != nl && i - run_start >= 3 &&
          !(html && (run_start > body_end + 8 || (L[run_start].flags & ZT_LF_BOILER)))) {
        size_t j;
        for (j = run_start; j < i; j++) {
          L[j].kind = ZT_K_RELATED;
          L[j].rule = "a run of headline-like lines after the body";
        }
        if (html) break; /* in HTML only the list right after the article */
      }
      run_start = nl;
      if (i < nl && L[i].kind == ZT_K_BODY) break;
    }
  }

  /* names, in page order: label lines, bracketed bylines at the start of the first
   * paragraphs, photo credits ending captions */
  {
    int seen = 0;
    for (i = 0; i < nl; i++) {
      line *x = &L[i];
      int in_body = body_start < nl && i >= body_start && i <= body_end;
      if (x->kind == ZT_K_BYLINE || x->kind == ZT_K_META) {
        size_t pe;
        int k;
        if (html && (x->flags & ZT_LF_BOILER) && !(x->flags & ZT_LF_MAIN) &&
            (in_body || (body_end < nl && i > body_end + 5)))
          continue; /* bylines of other articles in sidebars and comment lists */
        if (x->rule && x->rule[0] == 'b') {
          bracket_bylines(c, names, x, 1);
        } else if ((k = parse_labels(x->s, x->n, x->loose, h, &pe)) > 0) {
          int dt = 0;
          zt_date dd;
          take_hits(c, names, x->s, h, k, &dt, &dd);
          if (x->has_date && x->dend < h[0].ls && h[0].ls - x->dend <= 40) {
            /* 2004年7月16日 08:19 [ 王明 ] 来源：... : a bare name between the date and the labels */
            size_t b = x->dend, e = h[0].ls;
            trim_brackets(x->s, &b, &e);
            if (e > b && names_only(x->s + b, e - b)) add_names(names, F_AUTHOR, x->s + b, e - b);
          }
        }
        continue;
      }
      if (x->kind == ZT_K_OTHER && body_end < nl && i > body_end && i <= body_end + 2 &&
          x->nchars <= 14 && !(html && (x->flags & (ZT_LF_BOILER | ZT_LF_LINK)))) {
        /* a lone bracketed name right after the last paragraph: （王明） */
        size_t b = 0, e = x->n, st;
        int32_t o = cp_at(x->s, x->n, 0, &st), cl = cp_before(x->s, x->n, &st);
        if ((o == 0xFF08 || o == '(') && (cl == 0xFF09 || cl == ')')) {
          trim_brackets(x->s, &b, &e);
          if (e > b && names_only(x->s + b, e - b)) add_names(names, F_AUTHOR, x->s + b, e - b);
        }
      }
      if (x->kind == ZT_K_BODY && seen++ < 3) bracket_bylines(c, names, x, 0);
      if (x->kind == ZT_K_BODY) trailing_bracket_byline(c, names, x);
      if ((x->kind == ZT_K_BODY || x->kind == ZT_K_OTHER || x->kind == ZT_K_HEADER) &&
          x->nchars < 120 && !(html && (x->flags & ZT_LF_BOILER)))
        trailing_photo_credit(names, x);
    }
  }

  /* site */
  if (html && hd->meta[ZT_HM_SITE_NAME].set)
    a->site = put(c, (const u8 *)hd->metabuf.data + hd->meta[ZT_HM_SITE_NAME].off,
                  hd->meta[ZT_HM_SITE_NAME].len);
  if (!a->site.set && site_suffix.set) a->site = site_suffix;
  if (!a->site.set && site_dateline.set) a->site = site_dateline;

  /* copyright, domain */
  for (i = 0; i < nl; i++)
    if (L[i].kind == ZT_K_COPYRIGHT) {
      if (!a->copyright.set) a->copyright = put(c, L[i].s, L[i].n);
      find_domain(c, L[i].s, L[i].n);
    }
  if (!a->site.set && a->copyright.set) copyright_site(c);
  if (html) {
    if (c->o->url) url_domain(c, (const u8 *)c->o->url, strlen(c->o->url));
    if (hd->meta[ZT_HM_URL].set)
      url_domain(c, (const u8 *)hd->metabuf.data + hd->meta[ZT_HM_URL].off, hd->meta[ZT_HM_URL].len);
  }
  for (i = 0; i < nl && !a->domain.set; i++)
    if (L[i].kind == ZT_K_FOOTER) find_domain(c, L[i].s, L[i].n);
  if (!html && c->o->url) url_domain(c, (const u8 *)c->o->url, strlen(c->o->url));
  for (i = 0; i < nl && !a->domain.set; i++)
    if ((L[i].kind == ZT_K_META || L[i].kind == ZT_K_OTHER || L[i].kind == ZT_K_HEADER) &&
        L[i].n < SHORT_LINE && (has_lit(L[i].s, L[i].n, "http") || has_lit(L[i].s, L[i].n, "www.")))
      find_domain(c, L[i].s, L[i].n);

  /* paragraphs and related */
  for (i = 0; i < nl; i++) {
    if (L[i].kind == ZT_K_BODY) put_list(c, &a->paragraphs, L[i].s, L[i].n, 0, (size_t)-1);
    else if (L[i].kind == ZT_K_RELATED) put_list(c, &a->related, L[i].s, L[i].n, 1, 500);
  }
  if (c->o->explain) {
    a->lines = (zt_article_line *)calloc(nl ? nl : 1, sizeof *a->lines);
    if (!a->lines) { c->oom = 1; return; }
    a->nlines = nl;
    for (i = 0; i < nl; i++) explain_line(c, i, &L[i]);
  }
}

/* Names and keywords collected in page order → the record's arrays (deduplicated). */
static int is_outlet(ctx *c, const u8 *s, size_t n) {
  const zt_span *f[2];
  int k;
  f[0] = &c->a->source;
  f[1] = &c->a->site;
  for (k = 0; k < 2; k++)
    if (f[k]->set && f[k]->len == n && memcmp(c->a->arena.data + f[k]->off, s, n) == 0) return 1;
  return 0;
}

/* 赵　培 → 赵培: drops spaces between Han characters of a name just written at the arena's end. */
static void squeeze_name(ctx *c, zt_span *sp) {
  u8 *d = (u8 *)c->a->arena.data + sp->off;
  size_t n = sp->len, r = 0, w = 0, l, st;
  if (sp->off + sp->len != c->a->arena.len) return;
  while (r < n) {
    int32_t ch = cp_at(d, n, r, &l);
    if (!l) l = 1;
    if ((ch == ' ' || ch == 0x3000 || ch == 0xA0) && w > 0 && zt_is_han(cp_before(d, w, &st))) {
      size_t q = r;
      int32_t nx = -1;
      while (q < n && ((nx = cp_at(d, n, q, &l)) == ' ' || nx == 0x3000 || nx == 0xA0)) q += l;
      if (q < n && zt_is_han(nx)) { r = q; continue; }
      cp_at(d, n, r, &l);
    }
    memmove(d + w, d + r, l);
    w += l;
    r += l;
  }
  sp->len = w;
  c->a->arena.len = sp->off + w;
}

static void flush_names(ctx *c, acc *names) {
  size_t i;
  for (i = 0; i < names->cnt; i++)
    if (names->field[i] == F_SOURCE) put_field(c, &c->a->source, names->s[i], names->n[i]);
  for (i = 0; i < names->cnt; i++) {
    zt_strvec *v = NULL;
    switch (names->field[i]) {
      case F_AUTHOR:
        /* the outlet named as author (meta author = 新浪科技 = 来源) is not a person */
        if (!is_outlet(c, names->s[i], names->n[i])) v = &c->a->authors;
        break;
      case F_EDITOR: v = &c->a->editors; break;
      case F_PHOTO: v = &c->a->photographers; break;
      case F_KEYWORDS: {
        const u8 *s = names->s[i];
        size_t n = names->n[i], p = 0, tb = 0, l = 0;
        while (p <= n) {
          int32_t ch = p < n ? cp_at(s, n, p, &l) : -2;
          if (p == n || ch == ',' || ch == 0xFF0C || ch == 0x3001 || ch == ';' || ch == 0xFF1B ||
              ch == ' ' || ch == 0x3000 || ch == '|') {
            size_t b = tb, e = p;
            trim_value(s, &b, &e);
            if (e > b) put_list(c, &c->a->keywords, s + b, e - b, 1, 100);
            if (p == n) break;
            p += l;
            tb = p;
            continue;
          }
          p += l ? l : 1;
        }
        break;
      }
      default: break;
    }
    if (v) {
      size_t before = v->n;
      put_list(c, v, names->s[i], names->n[i], 1, 64);
      if (v->n > before) squeeze_name(c, &v->v[v->n - 1]);
    }
  }
}

static void html_meta_fields(ctx *c, const zt_html_doc *hd, acc *names) {
  const u8 *base = (const u8 *)hd->metabuf.data;
  const zt_span *m = hd->meta;
  if (m[ZT_HM_DESCRIPTION].set)
    c->a->description = put(c, base + m[ZT_HM_DESCRIPTION].off, m[ZT_HM_DESCRIPTION].len);
  if (m[ZT_HM_KEYWORDS].set) acc_add(names, F_KEYWORDS, base + m[ZT_HM_KEYWORDS].off, m[ZT_HM_KEYWORDS].len);
  if (m[ZT_HM_SOURCE].set) acc_add(names, F_SOURCE, base + m[ZT_HM_SOURCE].off, m[ZT_HM_SOURCE].len);
}

/* Is the author's name part of the <title>'s site suffix (网易 in 标题_网易新闻)? */
static int title_suffix_has(const u8 *t, size_t tn, const u8 *a, size_t an) {
  size_t se, sp = find_suffix_sep(t, tn, 0, &se);
  return sp < tn && contains(t + se, tn - se, a, an);
}

/* A metadata person value that is not the site's name (nor, for <meta name="author">, the
 * title's site suffix). */
static int meta_person_ok(const zt_span *m, const u8 *base, const u8 *s, size_t n, int meta_author) {
  const zt_span *site = &m[ZT_HM_SITE_NAME];
  return person_value_ok(s, n) && !has_lit(s, n, "http") && !site_like(s, n) &&
         !(site->set && contains(base + site->off, site->len, s, n)) &&
         !(meta_author && m[ZT_HM_TITLE].set &&
           title_suffix_has(base + m[ZT_HM_TITLE].off, m[ZT_HM_TITLE].len, s, n)) &&
         !(site->set && site->len == n && memcmp(s, base + site->off, n) == 0);
}

static void html_meta_authors(acc *names, const zt_html_doc *hd) {
  const u8 *base = (const u8 *)hd->metabuf.data;
  const zt_span *m = hd->meta, *ld = &m[ZT_HM_LD_AUTHOR], *ma = &m[ZT_HM_AUTHOR];
  size_t before = names->cnt, b, e, end = ld->off + ld->len;
  /* JSON-LD's persons come joined by 、 (zt_jsonld): each is checked alone, so an outlet
   * listed among them does not sink the others */
  if (ld->set)
    for (b = ld->off; b < end; b = e + 3) {
      for (e = b; e < end && !(e + 3 <= end && memcmp(base + e, "\xE3\x80\x81", 3) == 0); e++) {}
      if (meta_person_ok(m, base, base + b, e - b, 0)) add_names(names, F_AUTHOR, base + b, e - b);
    }
  if (names->cnt == before && ma->set && meta_person_ok(m, base, base + ma->off, ma->len, 1))
    add_names(names, F_AUTHOR, base + ma->off, ma->len);
}

static int acc_has(const acc *a, int field) {
  size_t i;
  for (i = 0; i < a->cnt; i++)
    if (a->field[i] == field) return 1;
  return 0;
}

/* Fallbacks from elements whose class says what they hold (class="author", "source", "time"):
 * used only when the labels and metadata gave nothing for that field. */
static void html_hints(ctx *c, const zt_html_doc *hd, acc *names) {
  const u8 *base = (const u8 *)hd->metabuf.data;
  static const int which[3] = {ZT_HM_AUTHOR_HINT, ZT_HM_EDITOR_HINT, ZT_HM_SOURCE_HINT};
  static const int field[3] = {F_AUTHOR, F_EDITOR, F_SOURCE};
  int j;
  for (j = 0; j < 3; j++) {
    const zt_span *sp = &hd->meta[which[j]];
    const u8 *s;
    hit h[MAX_HITS];
    size_t pe, b, e;
    int k;
    if (!sp->set || acc_has(names, field[j])) continue;
    /* only elements in the article's header (not a sidebar's author list) */
    if (hd->meta_line[which[j]] > (c->body_start < c->nlines ? c->body_start + 2 : 60)) continue;
    if (field[j] == F_SOURCE && c->a->source.set) continue;
    s = base + sp->off;
    k = parse_labels(s, sp->len, 1, h, &pe);
    if (k > 0) {
      if (hits_ok(s, h, k)) {
        int dt = 0;
        zt_date dd;
        take_hits(c, names, s, h, k, &dt, &dd);
      }
      continue;
    }
    b = 0;
    e = sp->len;
    trim_value(s, &b, &e);
    if (e <= b || zt_utf8_len((const char *)s + b, e - b) > 20) continue;
    if (field[j] == F_SOURCE) {
      acc_add(names, F_SOURCE, s + b, e - b);
    } else if (person_value_ok(s + b, e - b) && !site_like(s + b, e - b)) {
      zt_date d;
      size_t ds, de;
      if (!zt_date_find((const char *)s + b, e - b, NULL, &d, &ds, &de)) add_names(names, field[j], s + b, e - b);
    }
  }
  if (!c->a->date.set && hd->meta[ZT_HM_DATE_HINT].set &&
      hd->meta_line[ZT_HM_DATE_HINT] <= (c->body_start < c->nlines ? c->body_start + 2 : 60)) {
    zt_date d;
    size_t ds, de;
    const zt_span *sp = &hd->meta[ZT_HM_DATE_HINT];
    if (zt_date_best((const char *)base + sp->off, sp->len, c->o->now, &d, &ds, &de) &&
        d.prec >= ZT_DATE_DAY)
      put_date(c, &d);
  }
}

/* With no author from labels or metadata: a names-only line just under the headline, in the
 * few lines before the first body paragraph, not a link. */
static void header_name_line(acc *names, const line *L, size_t nl) {
  size_t first = 0, i, k;
  if (acc_has(names, F_AUTHOR)) return;
  while (first < nl && L[first].kind != ZT_K_BODY) first++;
  if (first == nl) return;
  /* the few lines before the first paragraph, then the second to fourth lines of the page
   * (a headline at the very top, the body found further down) */
  for (k = 0; k < 8; k++) {
    const line *x, *pv;
    if (k < 5) {
      if (first < k + 2) continue;
      i = first - 1 - k;
    } else {
      i = k - 4;
      if (i >= first || first - i <= 5) continue;
    }
    x = &L[i];
    pv = &L[i - 1];
    if (x->kind != ZT_K_HEADER || (x->flags & (ZT_LF_LINK | ZT_LF_BOILER))) continue;
    if (!(pv->kind == ZT_K_TITLE || pv->kind == ZT_K_REPEATED_TITLE ||
          (pv->kind == ZT_K_HEADER && pv->nchars <= 40 && !pv->ends_sentence)))
      continue;
    if (names_only_line(x)) {
      add_names(names, F_AUTHOR, x->s, x->n);
      return;
    }
  }
}

/* A forum or CMS post line: 本帖由NAME于DATE发表 / 本文由NAME于DATE发布. Gives the author and the
 * date when nothing else did. */
static void posted_by_line(ctx *c, acc *names, const line *L, size_t nl, int html) {
  static const char *const heads[] = {"本贴由", "本帖由", "本文由", "此贴由", "此帖由", NULL};
  size_t i;
  if (c->a->date.set && acc_has(names, F_AUTHOR)) return;
  for (i = 0; i < nl; i++) {
    const line *x = &L[i];
    size_t b = 0, q, l, ds, de;
    int h;
    zt_date d;
    if (x->n > 300 || (html && (x->flags & ZT_LF_BOILER))) continue;
    while (b < x->n && is_space_cp(cp_at(x->s, x->n, b, &l))) b += l ? l : 1;
    for (h = 0; heads[h]; h++)
      if (starts_with(x->s + b, x->n - b, heads[h])) break;
    if (!heads[h]) continue;
    b += strlen(heads[h]);
    /* the name: up to 于 within 24 bytes */
    for (q = b; q + 3 <= x->n && q - b <= 24; q++)
      if (memcmp(x->s + q, "于", 3) == 0 || memcmp(x->s + q, "於", 3) == 0) break;
    if (q + 3 > x->n || q - b > 24 || q == b) continue;
    if (!(has_lit(x->s + q, x->n - q, "发表") || has_lit(x->s + q, x->n - q, "發表") ||
          has_lit(x->s + q, x->n - q, "发布") || has_lit(x->s + q, x->n - q, "發佈")))
      continue;
    if (!zt_date_find((const char *)x->s + q + 3, x->n - q - 3, NULL, &d, &ds, &de) || ds > 3 ||
        d.prec < ZT_DATE_DAY)
      continue;
    if (!acc_has(names, F_AUTHOR)) {
      size_t nb = b, ne = q;
      trim_value(x->s, &nb, &ne);
      if (ne > nb && person_value_ok(x->s + nb, ne - nb)) add_names(names, F_AUTHOR, x->s + nb, ne - nb);
    }
    put_date(c, &d);
    return;
  }
}

/* The parser limits the page hit, as record warnings (never a silently shorter body). */
static void html_warnings(ctx *c, const zt_html_doc *hd) {
  char msg[160];
  int k;
  zt_span sp;
  if (hd->warn & ZT_HW_FLATTENED) {
    k = snprintf(msg, sizeof msg,
                 "html nesting deeper than libxml2's 256 levels: elements below level %zu were "
                 "flattened (their text kept)",
                 hd->flat_depth);
    sp.off = c->a->arena.len;
    zt_buf_add(&c->a->arena, msg, k > 0 ? (size_t)k : 0);
    sp.len = c->a->arena.len - sp.off;
    sp.set = 1;
    vec_push(&c->a->warnings, sp, &c->oom);
  }
  if (hd->warn & ZT_HW_STOPPED) {
    static const char stopped[] = "html parser stopped early: the rest of the page is missing";
    sp.off = c->a->arena.len;
    zt_buf_add(&c->a->arena, stopped, sizeof stopped - 1);
    sp.len = sizeof stopped - 1;
    sp.set = 1;
    vec_push(&c->a->warnings, sp, &c->oom);
  }
  if (c->a->arena.oom) c->oom = 1;
}

/* Valid UTF-8 in *out: s itself when it is valid, else a copy in buf with each ill-formed
 * subsequence replaced by U+FFFD. ZT_OK or ZT_ENOMEM. */
static int utf8_or_repair(const char *s, size_t n, zt_buf *buf, const char **out, size_t *outn) {
  char used[32];
  size_t ep;
  *out = s;
  *outn = n;
  if (zt_utf8_check(s, n) == n) return ZT_OK;
  buf->len = 0;
  if (zt_decode(s, n, "UTF-8", ZT_INVALID_REPLACE, buf, used, sizeof used, &ep) != ZT_OK ||
      buf->oom)
    return ZT_ENOMEM;
  *out = buf->data ? buf->data : "";
  *outn = buf->len;
  return ZT_OK;
}

/* Decodes the input (GBK/Big5... → UTF-8) and makes it and opts.url valid UTF-8 here, once:
 * every pcre2 pattern runs with PCRE2_NO_UTF_CHECK, and what libxml2 builds from valid UTF-8
 * is valid UTF-8 too (an ill-formed byte can only come from the caller). */
static int utf8_entry(const char **s, size_t *n, zt_article_opts *oc, zt_article *a,
                      zt_buf *decoded, zt_buf *url) {
  const char *u;
  size_t un;
  int rc;
  if (zt_utf8_check(*s, *n) != *n) {
    char used[32] = "";
    size_t ep;
    rc = zt_decode(*s, *n, NULL, ZT_INVALID_REPLACE, decoded, used, sizeof used, &ep);
    if (decoded->oom) return ZT_ENOMEM;
    if (rc == ZT_OK && zt_utf8_check(decoded->data ? decoded->data : "", decoded->len) ==
                           decoded->len) {
      *s = decoded->data ? decoded->data : "";
      *n = decoded->len;
      memcpy(a->encoding, used, sizeof used);
      a->encoding[sizeof a->encoding - 1] = '\0';
    } else {
      /* an encoding iconv cannot read (or output that is still ill-formed): repair as UTF-8 */
      const char *r;
      size_t rn;
      rc = utf8_or_repair(*s, *n, decoded, &r, &rn);
      if (rc != ZT_OK) return rc;
      *s = r;
      *n = rn;
    }
  }
  if (oc->url) {
    rc = utf8_or_repair(oc->url, strlen(oc->url), url, &u, &un);
    if (rc != ZT_OK) return rc;
    if (u != oc->url) {
      /* U+FFFD never contains a NUL, so the repaired copy is still a C string */
      zt_buf_addc(url, '\0');
      if (url->oom) return ZT_ENOMEM;
      oc->url = url->data;
    }
  }
  return ZT_OK;
}

int zt_article_parse(zt_article_parser *p, const char *s, size_t n, const zt_article_opts *o,
                     zt_article *a) {
  ctx c;
  zt_buf decoded = ZT_BUF_INIT, url = ZT_BUF_INIT;
  zt_html_doc hd;
  zt_article_opts oc = *o;
  line *L = NULL;
  size_t nl = 0, i;
  acc names = {0};
  int rc = ZT_OK, html;
  memset(a, 0, sizeof *a);
  memset(&hd, 0, sizeof hd);
  strcpy(a->encoding, "UTF-8");
  c.a = a;
  c.o = &oc;
  c.p = p;
  c.oom = 0;
  c.nlines = c.body_start = 0;
  rc = utf8_entry(&s, &n, &oc, a, &decoded, &url);
  if (rc != ZT_OK) goto done;
  html = oc.mode == 2 || (oc.mode == 0 && zt_html_detect(s, n));
  a->is_html = html;
  if (html) {
    rc = zt_html_extract(p->html, s, n, &hd);
    if (rc != ZT_OK) goto done;
    L = (line *)calloc(hd.nlines ? hd.nlines : 1, sizeof *L);
    if (!L) { rc = ZT_ENOMEM; goto done; }
    for (i = 0; i < hd.nlines; i++) {
      L[i].s = (const u8 *)hd.text.data + hd.lines[i].off;
      L[i].n = hd.lines[i].len;
      L[i].flags = hd.lines[i].flags;
    }
    nl = hd.nlines;
    html_warnings(&c, &hd);
    html_meta_authors(&names, &hd);
  } else {
    rc = split_lines((const u8 *)s, n, &L, &nl);
    if (rc != ZT_OK) goto done;
  }
  classify(&c, L, nl, html ? &hd : NULL, &names);
  if (html) {
    html_meta_fields(&c, &hd, &names);
    html_hints(&c, &hd, &names);
  }
  posted_by_line(&c, &names, L, nl, html);
  header_name_line(&names, L, nl);
  if (names.oom) c.oom = 1;
  flush_names(&c, &names);
  if (c.oom) rc = ZT_ENOMEM;
done:
  acc_free(&names);
  free(L);
  zt_html_doc_free(&hd);
  zt_buf_free(&decoded);
  zt_buf_free(&url);
  return rc;
}

void zt_article_free(zt_article *a) {
  zt_buf_free(&a->arena);
  free(a->authors.v);
  free(a->editors.v);
  free(a->photographers.v);
  free(a->paragraphs.v);
  free(a->related.v);
  free(a->keywords.v);
  free(a->warnings.v);
  free(a->lines);
  memset(a, 0, sizeof *a);
}
