/* Eight threads, each with its own objects (what one lua_State per thread holds: dictionary,
 * segmenter, LAC model, article parser, OpenCC converters), running every entry point that
 * touches a library with global state at the same time: cut, accurate mode (LAC, whose
 * traditional-text path opens OpenCC lazily), article parsing of text and HTML (libxml2),
 * convert (opening and closing converters over and over) and clean. Each thread's results
 * must equal the ones computed before any thread started. `make tsan` runs it under
 * ThreadSanitizer, where any data race is a failure; here it checks the results only.
 * Needs $ZHTEXT_DATA_DIR/seg.ztd and lac.bin; skips the parts whose file is missing. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctest.h"
#include "zt_article.h"
#include "zt_clean.h"
#include "zt_convert.h"
#include "zt_dict.h"
#include "zt_error.h"
#include "zt_lac.h"
#include "zt_seg.h"

enum { NTHREADS = 8, ROUNDS = 3 };

static const char text_in[] =
    "新华社北京3月5日电 国务院总理在人民大会堂作政府工作报告。\n"
    "臺灣的運動員在比賽中獲得了金牌，觀眾熱烈鼓掌。\n"
    "ＡＢＣ公司 2024年 的收入增长了５％，http://example.com/a 有详细说明。";

static const char article_text[] =
    "深夜的小镇\n2024-05-18 09:30 来源：本地日报\n记者 王小明\n"
    "这是文章的第一段正文，讲述小镇居民在深夜里的生活。\n"
    "这是第二段正文，记者走访了几家还亮着灯的小店。\n责任编辑：李华\n";

static const char article_html[] =
    "<html><head><title>深夜的小镇_本地日报</title><meta name=\"author\" content=\"王小明\">"
    "<script type=\"application/ld+json\">{\"datePublished\":\"2024-05-18T09:30:00+08:00\"}"
    "</script></head><body><div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/n\">新闻</a></div>"
    "<div class=\"article\"><h1>深夜的小镇</h1><p class=\"source\">来源：本地日报</p>"
    "<p>这是文章的第一段正文，讲述小镇居民在深夜里的生活。</p>"
    "<p>这是第二段正文，记者走访了几家还亮着灯的小店。</p></div>"
    "<div class=\"footer\">版权所有 © 本地日报</div></body></html>";

static const char clean_in[] = "　全角ＡＢＣ１２３，\xe2\x80\x8b不可见\t字符 &amp; 空格\xff 结尾 ";

/* Everything one "state" owns. */
typedef struct state {
  zt_dict *dict;
  zt_seg *seg;
  zt_lac *lac;
  zt_article_parser *parser;
} state;

typedef struct result {
  char *cut, *lac, *text_rec, *html_rec, *t2s, *s2t, *clean;
  char *bad; /* the error of a configuration that does not exist (OpenCC's error string) */
} result;

typedef struct job {
  const char *seg_path, *lac_path;
  pthread_barrier_t *start;
  result got;   /* the first round's results (later rounds must equal them) */
  int failures;
} job;

static char *dup_n(const char *s, size_t n) {
  char *r = (char *)malloc(n + 1);
  if (!r) return NULL;
  memcpy(r, s, n);
  r[n] = '\0';
  return r;
}

static char *from_buf(zt_buf *b) {
  char *r = dup_n(b->data ? b->data : "", b->len);
  zt_buf_free(b);
  return r;
}

static void add_span(zt_buf *b, const zt_article *a, const zt_span *sp, const char *k) {
  zt_buf_add(b, k, strlen(k));
  zt_buf_addc(b, '=');
  if (sp->set) zt_buf_add(b, a->arena.data + sp->off, sp->len);
  zt_buf_addc(b, '\n');
}

static void add_vec(zt_buf *b, const zt_article *a, const zt_strvec *v, const char *k) {
  size_t i;
  for (i = 0; i < v->n; i++) {
    zt_span sp = v->v[i];
    add_span(b, a, &sp, k);
  }
}

/* A record as text, every field. */
static char *parse_article(zt_article_parser *p, const char *s, size_t n, int mode) {
  zt_article a;
  zt_article_opts o;
  zt_clean_opts co;
  zt_date now;
  zt_buf b = ZT_BUF_INIT;
  memset(&o, 0, sizeof o);
  zt_clean_defaults(&co);
  zt_date_from_unix(1716177600, 8 * 60, &now);
  o.clean = &co;
  o.now = &now;
  o.url = "https://news.example.com/2024/05/18/a.html";
  o.mode = mode;
  if (zt_article_parse(p, s, n, &o, &a) != ZT_OK) { zt_article_free(&a); return NULL; }
  add_span(&b, &a, &a.title, "title");
  add_span(&b, &a, &a.date, "date");
  add_span(&b, &a, &a.site, "site");
  add_span(&b, &a, &a.domain, "domain");
  add_span(&b, &a, &a.source, "source");
  add_span(&b, &a, &a.copyright, "copyright");
  add_vec(&b, &a, &a.authors, "author");
  add_vec(&b, &a, &a.editors, "editor");
  add_vec(&b, &a, &a.paragraphs, "p");
  add_vec(&b, &a, &a.related, "related");
  add_vec(&b, &a, &a.warnings, "warning");
  zt_article_free(&a);
  return from_buf(&b);
}

static char *cut(zt_seg *sg) {
  zt_toks t;
  zt_buf b = ZT_BUF_INIT;
  size_t i;
  memset(&t, 0, sizeof t);
  if (zt_seg_cut(sg, text_in, sizeof text_in - 1, ZT_MODE_PRECISE, ZT_SEG_HMM, &t) != ZT_OK) {
    zt_toks_free(&t);
    return NULL;
  }
  for (i = 0; i < t.n; i++) {
    zt_buf_add(&b, text_in + t.v[i].start, t.v[i].end - t.v[i].start);
    zt_buf_addc(&b, '/');
  }
  zt_toks_free(&t);
  return from_buf(&b);
}

static char *accurate(zt_lac *m) {
  zt_lac_token *t = NULL;
  size_t nt = 0, i;
  zt_buf b = ZT_BUF_INIT;
  if (zt_lac_analyze(m, text_in, sizeof text_in - 1, &t, &nt) != ZT_OK) { free(t); return NULL; }
  for (i = 0; i < nt; i++) {
    zt_buf_add(&b, text_in + t[i].start, t[i].stop - t[i].start);
    zt_buf_addc(&b, '/');
    zt_buf_add(&b, zt_lac_class_name(t[i].cls), strlen(zt_lac_class_name(t[i].cls)));
    zt_buf_addc(&b, ' ');
  }
  free(t);
  return from_buf(&b);
}

/* Opens the converter anew each time: opening is what raced. */
static char *convert(const char *config, const char *s) {
  char err[256];
  zt_converter *c = zt_converter_open(config, err, sizeof err);
  zt_buf b = ZT_BUF_INIT;
  if (!c) return NULL;
  if (zt_convert(c, s, strlen(s), &b) != ZT_OK) zt_buf_free(&b);
  zt_converter_close(c);
  return b.data ? from_buf(&b) : NULL;
}

static char *open_error(const char *config) {
  char err[256];
  zt_converter *c = zt_converter_open(config, err, sizeof err);
  if (c) { zt_converter_close(c); return NULL; }
  return dup_n(err, strlen(err));
}

static char *clean(void) {
  zt_clean_opts o;
  zt_clean_stats st;
  zt_buf b = ZT_BUF_INIT;
  size_t ep;
  zt_clean_defaults(&o);
  if (zt_clean(clean_in, sizeof clean_in - 1, &o, &b, &st, &ep) != ZT_OK) { zt_buf_free(&b); return NULL; }
  return from_buf(&b);
}

static int state_open(state *st, const char *seg_path, const char *lac_path) {
  char err[512];
  memset(st, 0, sizeof *st);
  if (zt_article_parser_new(&st->parser) != ZT_OK) return 0;
  if (seg_path && (zt_dict_open(seg_path, &st->dict, err, sizeof err) != ZT_OK ||
                   zt_seg_new(st->dict, &st->seg) != ZT_OK))
    return 0;
  if (lac_path && zt_lac_load(lac_path, &st->lac, err, sizeof err) != ZT_OK) return 0;
  return 1;
}

static void state_close(state *st) {
  zt_seg_free(st->seg);
  zt_dict_free(st->dict);
  zt_lac_free(st->lac);
  zt_article_parser_free(st->parser);
}

static void run_all(state *st, result *r) {
  r->cut = st->seg ? cut(st->seg) : NULL;
  r->lac = st->lac ? accurate(st->lac) : NULL;
  r->text_rec = parse_article(st->parser, article_text, sizeof article_text - 1, 1);
  r->html_rec = parse_article(st->parser, article_html, sizeof article_html - 1, 2);
  r->t2s = convert("t2s", "臺灣的運動員獲得了金牌");
  r->s2t = convert("s2twp", "台湾的运动员获得了金牌");
  r->clean = clean();
  r->bad = open_error("t2klingon");
}

static void result_free(result *r) {
  free(r->cut);
  free(r->lac);
  free(r->text_rec);
  free(r->html_rec);
  free(r->t2s);
  free(r->s2t);
  free(r->clean);
  free(r->bad);
}

static int same(const char *a, const char *b) {
  return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int same_result(const result *x, const result *y) {
  return same(x->cut, y->cut) && same(x->lac, y->lac) && same(x->text_rec, y->text_rec) &&
         same(x->html_rec, y->html_rec) && same(x->t2s, y->t2s) && same(x->s2t, y->s2t) &&
         same(x->clean, y->clean) && same(x->bad, y->bad);
}

/* Everything from the first library call on happens in the threads, at once: libxml2's and
 * OpenCC's one-time set-up included. */
static void *thread_main(void *arg) {
  job *j = (job *)arg;
  state st;
  int round, ok;
  memset(&j->got, 0, sizeof j->got);
  pthread_barrier_wait(j->start);
  ok = state_open(&st, j->seg_path, j->lac_path);
  for (round = 0; ok && round < ROUNDS; round++) {
    result r;
    run_all(&st, &r);
    if (round == 0) {
      j->got = r;
      continue;
    }
    if (!same_result(&r, &j->got)) j->failures++;
    result_free(&r);
  }
  if (!ok) j->failures++;
  state_close(&st);
  return NULL;
}

static const char *data_file(const char *name, char *buf, size_t cap) {
  const char *dir = getenv("ZHTEXT_DATA_DIR");
  FILE *f;
  snprintf(buf, cap, "%s/%s", dir ? dir : "build/zhtext", name);
  f = fopen(buf, "rb");
  if (!f) {
    printf("no %s: that part skipped\n", buf);
    return NULL;
  }
  fclose(f);
  return buf;
}

int main(void) {
  char segp[4096], lacp[4096];
  const char *seg_path = data_file("seg.ztd", segp, sizeof segp);
  const char *lac_path = data_file("lac.bin", lacp, sizeof lacp);
  pthread_t th[NTHREADS];
  pthread_barrier_t start;
  job jobs[NTHREADS];
  result want;
  state st;
  int i, started = 0;
  CHECK(pthread_barrier_init(&start, NULL, NTHREADS) == 0);
  for (i = 0; i < NTHREADS; i++) {
    jobs[i].seg_path = seg_path;
    jobs[i].lac_path = lac_path;
    jobs[i].start = &start;
    jobs[i].failures = 0;
    if (pthread_create(&th[i], NULL, thread_main, &jobs[i]) != 0) break;
    started++;
  }
  CHECK(started == NTHREADS);
  if (started != NTHREADS) return CTEST_END(); /* the barrier would wait for ever */
  for (i = 0; i < started; i++) pthread_join(th[i], NULL);
  pthread_barrier_destroy(&start);
  /* the same work on one thread, after: every thread must have got exactly this */
  CHECK(state_open(&st, seg_path, lac_path));
  run_all(&st, &want);
  state_close(&st);
  CHECK(want.text_rec && strstr(want.text_rec, "p=这是文章的第一段正文"));
  CHECK(want.html_rec && strstr(want.html_rec, "title=深夜的小镇"));
  CHECK(want.html_rec && strstr(want.html_rec, "p=这是第二段正文"));
  CHECK(want.t2s && strcmp(want.t2s, "台湾的运动员获得了金牌") == 0);
  CHECK(want.s2t != NULL);
  CHECK(want.clean != NULL);
  CHECK(want.bad && strstr(want.bad, "cannot open OpenCC configuration 't2klingon'"));
  CHECK(!seg_path || want.cut);
  CHECK(!lac_path || want.lac);
  for (i = 0; i < started; i++) {
    CHECK(jobs[i].failures == 0);
    CHECK(same_result(&jobs[i].got, &want));
    result_free(&jobs[i].got);
  }
  result_free(&want);
  return CTEST_END();
}
