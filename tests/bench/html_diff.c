/* html_diff: zt_html_extract of this tree against another version of it (built by
 * tests/bench/html_diff.sh from a git revision, its symbols prefixed ref_), on the same
 * inputs: every field of the zt_html_doc must be the same (text, lines and their flags, every
 * metadata value, hint lines, main block, warnings). Also times both.
 *
 *   html_diff FILE...              compare on these pages
 *   html_diff -gen N SEED          compare on N generated pages of tangled markup
 *   html_diff -bench ROUNDS FILE...  CPU seconds of each over the pages, alternating
 *                                  (HTML_DIFF_THIS_ONLY=1: only this tree's, for a profiler)
 *   html_diff -write N SEED DIR    write the generated pages to DIR (to look at one)
 * Exit status 1 on the first difference (the page is written to html_diff_fail.html).
 * Built with -DHTML_DIFF_FUZZ (FUZZ=1 html_diff.sh) it is a libFuzzer harness instead: any
 * bytes, compared the same way (a difference aborts). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "zt_error.h"
#include "zt_html.h"

int ref_zt_html_ctx_new(zt_html_ctx **ctx);
void ref_zt_html_ctx_free(zt_html_ctx *ctx);
int ref_zt_html_extract(zt_html_ctx *ctx, const char *s, size_t n, zt_html_doc *doc);
void ref_zt_html_doc_free(zt_html_doc *doc);

/* ---------------------------------------------------------------- the comparison */

static int same_doc(const zt_html_doc *a, const zt_html_doc *b, char *why, size_t wn) {
  size_t i;
  if (a->text.len != b->text.len || (a->text.len && memcmp(a->text.data, b->text.data, a->text.len))) {
    snprintf(why, wn, "text differs (%zu vs %zu bytes)", a->text.len, b->text.len);
    return 0;
  }
  if (a->nlines != b->nlines) { snprintf(why, wn, "nlines %zu vs %zu", a->nlines, b->nlines); return 0; }
  for (i = 0; i < a->nlines; i++)
    if (a->lines[i].off != b->lines[i].off || a->lines[i].len != b->lines[i].len ||
        a->lines[i].flags != b->lines[i].flags) {
      snprintf(why, wn, "line %zu: %zu+%zu/%u vs %zu+%zu/%u", i, a->lines[i].off, a->lines[i].len,
               a->lines[i].flags, b->lines[i].off, b->lines[i].len, b->lines[i].flags);
      return 0;
    }
  for (i = 0; i < ZT_HM__COUNT; i++) {
    const zt_span *x = &a->meta[i], *y = &b->meta[i];
    if (x->set != y->set || (x->set && (x->len != y->len ||
                                        memcmp(a->metabuf.data + x->off, b->metabuf.data + y->off, x->len)))) {
      snprintf(why, wn, "meta %zu: \"%.*s\" vs \"%.*s\"", i, x->set ? (int)x->len : 0,
               x->set ? a->metabuf.data + x->off : "", y->set ? (int)y->len : 0,
               y->set ? b->metabuf.data + y->off : "");
      return 0;
    }
    if (a->meta_line[i] != b->meta_line[i]) {
      snprintf(why, wn, "meta_line %zu: %zu vs %zu", i, a->meta_line[i], b->meta_line[i]);
      return 0;
    }
  }
  if (a->has_main != b->has_main || a->warn != b->warn || a->flat_depth != b->flat_depth) {
    snprintf(why, wn, "has_main %d/%d warn %u/%u flat_depth %zu/%zu", a->has_main, b->has_main,
             a->warn, b->warn, a->flat_depth, b->flat_depth);
    return 0;
  }
  return 1;
}

/* How many compared pages had each feature (so a run shows what it exercised). */
static long seen_flat, seen_stop, seen_main, seen_title, seen_hint, seen_ld, seen_js;

static void count(const zt_html_doc *d) {
  seen_flat += (d->warn & ZT_HW_FLATTENED) != 0;
  seen_stop += (d->warn & ZT_HW_STOPPED) != 0;
  seen_main += d->has_main;
  seen_title += d->meta[ZT_HM_TITLE].set;
  seen_hint += d->meta[ZT_HM_AUTHOR_HINT].set || d->meta[ZT_HM_DATE_HINT].set ||
               d->meta[ZT_HM_SOURCE_HINT].set || d->meta[ZT_HM_EDITOR_HINT].set;
  seen_ld += d->meta[ZT_HM_LD_DATE].set;
  seen_js += d->meta[ZT_HM_SCRIPT_DATE].set;
}

static int compare(zt_html_ctx *c, zt_html_ctx *rc, const char *s, size_t n, const char *name) {
  zt_html_doc a, b;
  char why[600];
  int ra, rb, ok;
  memset(&a, 0, sizeof a);
  memset(&b, 0, sizeof b);
  ra = zt_html_extract(c, s, n, &a);
  rb = ref_zt_html_extract(rc, s, n, &b);
  ok = ra == rb && same_doc(&a, &b, why, sizeof why);
  if (ra != rb) snprintf(why, sizeof why, "return %d vs %d", ra, rb);
  count(&a);
  if (!ok) {
    FILE *f = fopen("html_diff_fail.html", "wb");
    if (f) { fwrite(s, 1, n, f); fclose(f); }
    fprintf(stderr, "html_diff: %s: %s (this tree vs ref); page in html_diff_fail.html\n", name, why);
  }
  zt_html_doc_free(&a);
  ref_zt_html_doc_free(&b);
  return ok;
}

/* ---------------------------------------------------------------- generated pages */

typedef struct gen {
  uint64_t s;
  char *p;
  size_t n, cap;
} gen;

static unsigned rnd(gen *g, unsigned k) {
  g->s = g->s * 6364136223846793005ULL + 1442695040888963407ULL;
  return (unsigned)((g->s >> 33) % k);
}

static void put(gen *g, const char *s, size_t n) {
  if (g->n + n + 1 > g->cap) {
    g->cap = (g->n + n + 1) * 2;
    g->p = (char *)realloc(g->p, g->cap);
    if (!g->p) { perror("realloc"); exit(2); }
  }
  memcpy(g->p + g->n, s, n);
  g->n += n;
}
static void puts_(gen *g, const char *s) { put(g, s, strlen(s)); }
#define PICK(g, arr) ((arr)[rnd(g, sizeof(arr) / sizeof((arr)[0]))])

static const char *const tags[] = {
    "div", "div", "div", "p", "p", "p", "span", "span", "a", "a", "h1", "h2", "h3", "h6", "ul", "ol",
    "li", "li", "table", "tbody", "tr", "td", "th", "br", "img", "time", "noscript", "nav", "aside",
    "footer", "header", "section", "article", "main", "form", "input", "textarea", "select",
    "option", "template", "iframe", "b", "i", "font", "em", "strong", "o:p", "fb:like", "x:h2",
    "w:div", ":odd", "odd:", "a:b:p", "dl", "dt", "dd", "pre", "blockquote", "figure",
    "figcaption", "center", "hr", "caption", "details", "summary", "legend", "fieldset", "label",
    "button", "title", "meta", "link", "script", "style", "head", "body", "html", "svg", "object",
    "frameset", "frame", "noframes", "address", "menu", "dialog", "wbr", "area", "base", "col",
    "unknowntag", "custom-el", "HEAD", "Div", "P", "TITLE", "SCRIPT"};
static const char *const classes[] = {
    "nav", "footer", "comment", "related", "author", "source", "time", "editor", "share",
    "main content", "js_img_share_area", "article", "post-time", "pubtime", "byline", "x",
    "relnews", "recommend", "sidebar", "copyright", "top-foot", "laiyuan", "zuozhe", "riqi",
    "bianji", "ad", "menu", "hot", "content", "text", "", "  ", "date", "writer x", "media-name"};
static const char *const words[] = {
    "市政府", "相关部门", "记者", "近日", "，", "。", "、", "；", "：", "“", "”", "！", "？", ",",
    "工作人员", "据介绍", "今年以来", "项目", "居民", " ", "  ", "\n", "\t", "&nbsp;", "\xC2\xA0",
    "&amp;", "&lt;", "&#x4e2d;", "&#20013;", "&bogus;", "&", "<", ">", "2023-07-28 18:10",
    "来源：晨报网", "作者：王晓明", "责任编辑：张伟", "2023年7月28日", "abc", "Copyright ©", "\r\n",
    "\f", "x", "本帖由小明于2023-01-02 10:00发表", "]]>", "<!", "</", "<3"};

static void gen_attrs(gen *g) {
  static const char *const names[] = {"class", "id", "role", "style", "hidden", "name", "property",
                                      "content", "itemprop", "rel", "href", "type", "datetime",
                                      "CLASS", "data-x", "checked", "selected", "lang", "xml:lang"};
  static const char *const roles[] = {"navigation", "Complementary", "contentinfo", "main"};
  static const char *const styles[] = {"display:none", "DISPLAY : None", "color:red",
                                       "display:\tnone;x", "display: block", "displaynone"};
  static const char *const metas[] = {"author", "keywords", "description", "og:title", "og:url",
                                      "article:published_time", "pubdate", "Description", "og:site_name",
                                      "article:modified_time", "source", "date", "bogus"};
  static const char *const props[] = {"datePublished", "dateModified", "DatePublished", "x"};
  static const char *const vals[] = {"2023-07-28T18:10:00+08:00", "  王晓明  ", "晨报网", "",
                                     "http://example.cn/a/1.html", "新闻,城市", "canonical",
                                     "application/ld+json", "text/javascript", " 2022-01-01 "};
  unsigned k = rnd(g, 4), i;
  for (i = 0; i < k; i++) {
    const char *nm = PICK(g, names), *v;
    char b[300];
    unsigned q = rnd(g, 10);
    if (!strcmp(nm, "class") || !strcmp(nm, "id")) v = PICK(g, classes);
    else if (!strcmp(nm, "role")) v = PICK(g, roles);
    else if (!strcmp(nm, "style")) v = PICK(g, styles);
    else if (!strcmp(nm, "name") || !strcmp(nm, "property")) v = PICK(g, metas);
    else if (!strcmp(nm, "itemprop")) v = PICK(g, props);
    else v = PICK(g, vals);
    if (q == 0) snprintf(b, sizeof b, " %s", nm); /* no value */
    else if (q == 1) snprintf(b, sizeof b, " %s=%s", nm, v[0] && !strchr(v, ' ') ? v : "x");
    else if (q == 2) snprintf(b, sizeof b, " %s='%s'", nm, v);
    else snprintf(b, sizeof b, " %s=\"%s\"", nm, v);
    puts_(g, b);
  }
}

static void gen_script(gen *g) {
  static const char *const bodies[] = {
      "{\"@type\":\"NewsArticle\",\"datePublished\":\"2023-07-28T18:10:00+08:00\",\"author\":{\"@type\":\"Person\",\"name\":\"王晓明\"},\"headline\":\"标题\"}",
      "var pubtime = \"2023-07-28 18:10:00\";", "var a = '</div>'; var ct = '2021-01-02 03:04';",
      "{\"@type\":\"WebPage\",\"datePublished\":\"2020-01-01\"}", "if (a < b) { x(); }", "",
      "document.write('<p>x</p>');", "\"publish_time\": \"2022-02-02 02:02\"", "<!-- hidden -->"};
  const char *t = PICK(g, bodies);
  if (rnd(g, 2)) puts_(g, "<script type=\"application/ld+json\">");
  else puts_(g, rnd(g, 2) ? "<script>" : "<SCRIPT type=text/javascript>");
  puts_(g, t);
  if (rnd(g, 8)) puts_(g, rnd(g, 4) ? "</script>" : "</SCRIPT >");
}

static void gen_node(gen *g, int depth) {
  unsigned r = rnd(g, 100);
  if (r < 35 || depth > 40) {
    unsigned k = 1 + rnd(g, 12), i;
    for (i = 0; i < k; i++) puts_(g, PICK(g, words));
  } else if (r < 40) {
    puts_(g, rnd(g, 2) ? "<!-- c -->" : "<?php x ?>");
  } else if (r < 44) {
    gen_script(g);
  } else if (r < 47) {
    static const char *const ends[] = {"</div>", "</p>", "</li>", "</a>", "</html>", "</body>",
                                       "</head>", "</br>", "</table>", "</h1>", "</o:p>"};
    puts_(g, PICK(g, ends));
  } else if (r < 48) {
    puts_(g, rnd(g, 2) ? "<!DOCTYPE html>" : "<![CDATA[x]]>");
  } else {
    const char *t = PICK(g, tags);
    unsigned k, i;
    char b[64];
    snprintf(b, sizeof b, "<%s", t);
    puts_(g, b);
    gen_attrs(g);
    k = rnd(g, 20);
    if (k == 0) { puts_(g, " "); return; }   /* no '>' */
    puts_(g, k == 1 ? "/>" : ">");
    k = rnd(g, 5);
    for (i = 0; i < k; i++) gen_node(g, depth + 1);
    if (rnd(g, 5)) {
      snprintf(b, sizeof b, "</%s>", t);
      puts_(g, b);
    }
  }
}

/* One page: often an ordinary skeleton, then tangled content, sometimes deep or trailing. */
static void gen_page(gen *g) {
  unsigned i, k;
  g->n = 0;
  switch (rnd(g, 5)) {
    case 0: puts_(g, "<!DOCTYPE html>"); break;
    case 1: puts_(g, "<!-- top --><?xml version=\"1.0\"?>"); break;
    case 2: puts_(g, "  text first "); break;
    default: break;
  }
  if (rnd(g, 3)) {
    puts_(g, "<html><head><meta charset=utf-8><title>");
    if (rnd(g, 3) == 0) puts_(g, "<b>粗</b> ");
    puts_(g, " 新闻标题\n_晨报网 ");
    if (rnd(g, 4)) puts_(g, "</title>");
    if (rnd(g, 2)) puts_(g, "<meta name=\"author\" content=\"王晓明\"><meta property=\"og:title\" content=\"标题\">");
    if (rnd(g, 2)) gen_script(g);
    puts_(g, "</head><body>");
  }
  k = 1 + rnd(g, 25);
  for (i = 0; i < k; i++) gen_node(g, 0);
  if (rnd(g, 12) == 0) { /* deeper than libxml2's 256 levels */
    const char *t = rnd(g, 2) ? "<div class=\"c\">" : "<font>";
    unsigned d = 250 + rnd(g, 120);
    for (i = 0; i < d; i++) { puts_(g, t); if (rnd(g, 4) == 0) puts_(g, "字。"); }
    if (rnd(g, 2)) puts_(g, "<p>深处的一段文字，仍然读到。</p>");
  }
  if (rnd(g, 2)) puts_(g, "</body></html>");
  if (rnd(g, 3) == 0) { /* after the end */
    k = 1 + rnd(g, 4);
    for (i = 0; i < k; i++) gen_node(g, 0);
  }
  if (rnd(g, 30) == 0) put(g, "\0x<p>after NUL</p>", 18);
}

/* ---------------------------------------------------------------- main */

static char *slurp(const char *path, size_t *n) {
  FILE *f = fopen(path, "rb");
  char *p = NULL;
  long len;
  if (!f) return NULL;
  if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
      (p = (char *)malloc((size_t)len + 1)) != NULL) {
    *n = fread(p, 1, (size_t)len, f);
    p[*n] = '\0';
  }
  fclose(f);
  return p;
}

static double cpu(void) { return (double)clock() / CLOCKS_PER_SEC; }

static int bench(zt_html_ctx *c, zt_html_ctx *rc, int rounds, char **pages, size_t *lens, int np) {
  double best[2] = {1e9, 1e9};
  int r, which, i;
  for (r = 0; r < rounds; r++)
    for (which = 0; which < 2; which++) {
      if (which == 1 && getenv("HTML_DIFF_THIS_ONLY")) continue; /* for a profiler */
      double t0 = cpu();
      for (i = 0; i < np; i++) {
        zt_html_doc d;
        memset(&d, 0, sizeof d);
        if (which == 0) { zt_html_extract(c, pages[i], lens[i], &d); zt_html_doc_free(&d); }
        else { ref_zt_html_extract(rc, pages[i], lens[i], &d); ref_zt_html_doc_free(&d); }
      }
      t0 = cpu() - t0;
      if (t0 < best[which]) best[which] = t0;
    }
  if (getenv("HTML_DIFF_THIS_ONLY"))
    printf("zt_html_extract over %d pages, best of %d rounds (CPU s): this %.4f\n", np, rounds, best[0]);
  else
    printf("zt_html_extract over %d pages, best of %d alternating rounds (CPU s): this %.4f  ref %.4f"
           "  this/ref %.3f\n", np, rounds, best[0], best[1], best[0] / best[1]);
  return 0;
}

#ifdef HTML_DIFF_FUZZ
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static zt_html_ctx *c, *rc; /* kept for the run: fuzzing only */
  if (!c && (zt_html_ctx_new(&c) != ZT_OK || ref_zt_html_ctx_new(&rc) != ZT_OK)) abort();
  if (!compare(c, rc, (const char *)data, size, "fuzz input")) abort();
  return 0;
}
#else
int main(int argc, char **argv) {
  zt_html_ctx *c, *rc;
  int i, bad = 0;
  if (zt_html_ctx_new(&c) != ZT_OK || ref_zt_html_ctx_new(&rc) != ZT_OK) return 2;
  if (argc >= 4 && (!strcmp(argv[1], "-gen") || !strcmp(argv[1], "-write"))) {
    gen g = {0, NULL, 0, 0};
    long n = atol(argv[2]), k;
    g.s = (uint64_t)strtoull(argv[3], NULL, 10) * 2654435761ULL + 1;
    for (k = 0; k < n && !bad; k++) {
      char name[64];
      gen_page(&g);
      snprintf(name, sizeof name, "page %ld (seed %s)", k, argv[3]);
      if (!strcmp(argv[1], "-write") && argc >= 5) {
        char path[512];
        FILE *f;
        snprintf(path, sizeof path, "%s/%05ld.html", argv[4], k);
        if ((f = fopen(path, "wb")) != NULL) { fwrite(g.p, 1, g.n, f); fclose(f); }
      } else if (!compare(c, rc, g.p ? g.p : "", g.n, name)) {
        bad = 1;
      }
    }
    if (!bad && !strcmp(argv[1], "-gen"))
      printf("html_diff: %ld generated pages identical (flattened %ld, stopped %ld, main block %ld,"
             " title %ld, class hint %ld, JSON-LD date %ld, script date %ld)\n", n, seen_flat,
             seen_stop, seen_main, seen_title, seen_hint, seen_ld, seen_js);
    free(g.p);
  } else if (argc >= 3 && !strcmp(argv[1], "-bench")) {
    int np = argc - 3;
    char **pages = (char **)calloc((size_t)np, sizeof *pages);
    size_t *lens = (size_t *)calloc((size_t)np, sizeof *lens);
    for (i = 0; i < np; i++)
      if (!(pages[i] = slurp(argv[i + 3], &lens[i]))) { perror(argv[i + 3]); return 2; }
    bench(c, rc, atoi(argv[2]), pages, lens, np);
    for (i = 0; i < np; i++) free(pages[i]);
    free(pages);
    free(lens);
  } else {
    int n = 0;
    for (i = 1; i < argc && !bad; i++) {
      size_t len;
      char *p = slurp(argv[i], &len);
      if (!p) { perror(argv[i]); return 2; }
      if (!compare(c, rc, p, len, argv[i])) bad = 1;
      free(p);
      n++;
    }
    if (!bad) printf("html_diff: %d pages identical\n", n);
  }
  zt_html_ctx_free(c);
  ref_zt_html_ctx_free(rc);
  return bad;
}
#endif
