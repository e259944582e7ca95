/* zt_html_extract on hand-written pages: what the walk must read the same as it did from
 * libxml2's tree now that it is fed by SAX events (zt_html_sax.c): prefixed element names, a
 * <title> with markup inside, a script's text, content after </html> (inside the first root
 * when nothing precedes it), text around comments, hidden elements, and the parser's limits
 * (nesting past 256 levels, a text run over 10 MB). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctest.h"
#include "zt_error.h"
#include "zt_html.h"

static zt_html_ctx *C;
static zt_html_doc D;

static int extract(const char *s) {
  zt_html_doc_free(&D);
  return zt_html_extract(C, s, strlen(s), &D) == ZT_OK;
}

/* The lines as "text|text|...". */
static int lines_are(const char *want) {
  char got[4096];
  size_t i, k = 0;
  got[0] = '\0';
  for (i = 0; i < D.nlines && k + D.lines[i].len + 2 < sizeof got; i++) {
    if (i) got[k++] = '|';
    memcpy(got + k, D.text.data + D.lines[i].off, D.lines[i].len);
    k += D.lines[i].len;
    got[k] = '\0';
  }
  if (strcmp(got, want) == 0) return 1;
  fprintf(stderr, "  lines: got [%s], want [%s]\n", got, want);
  return 0;
}

static int meta_is(int which, const char *want) {
  const zt_span *sp = &D.meta[which];
  if (!want) return !sp->set;
  if (sp->set && sp->len == strlen(want) && memcmp(D.metabuf.data + sp->off, want, sp->len) == 0)
    return 1;
  fprintf(stderr, "  meta %d: got [%.*s], want [%s]\n", which, sp->set ? (int)sp->len : 0,
          sp->set ? D.metabuf.data + sp->off : "", want);
  return 0;
}

static unsigned flags_of(const char *text) {
  size_t i;
  for (i = 0; i < D.nlines; i++)
    if (D.lines[i].len == strlen(text) && memcmp(D.text.data + D.lines[i].off, text, D.lines[i].len) == 0)
      return D.lines[i].flags;
  return 0;
}

static void names_and_title(void) {
  /* libxml2 keeps the local part of a prefixed name: o:p is a paragraph, x:h1 a headline */
  CHECK(extract("<html><body><div>甲<o:p>乙</o:p><o:p>丙</o:p><x:h1>标题</x:h1><w:b>丁</w:b>戊</div>"
                "</body></html>"));
  CHECK(lines_are("甲|乙|丙|标题|丁戊"));
  CHECK(flags_of("标题") & ZT_LF_H1);
  CHECK(meta_is(ZT_HM_H1, "标题"));
  /* a title's text is all the text inside it, markup included, whitespace collapsed */
  CHECK(extract("<html><head><title>\n <b>晨报</b>  新闻 <!-- x -->频道 </title></head><body><p>正文</p>"
                "<title>第二个</title></body></html>"));
  CHECK(meta_is(ZT_HM_TITLE, "晨报 新闻 频道"));
  CHECK(lines_are("正文"));
  /* text on both sides of a comment is one line */
  CHECK(extract("<p>前半<!-- 注释 -->后半</p>"));
  CHECK(lines_are("前半后半"));
}

static void scripts(void) {
  CHECK(extract("<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\","
                "\"datePublished\":\"2021-05-06T08:00:00+08:00\",\"author\":{\"@type\":\"Person\","
                "\"name\":\"王晓明\"}}</script><script>var a = '</div>'; var pubtime = "
                "\"2023-01-02 03:04:05\";</script></head><body><p>正文</p></body></html>"));
  CHECK(meta_is(ZT_HM_LD_DATE, "2021-05-06T08:00:00+08:00"));
  CHECK(meta_is(ZT_HM_LD_AUTHOR, "王晓明"));
  CHECK(meta_is(ZT_HM_SCRIPT_DATE, "2023-01-02 03:04:05"));
  CHECK(lines_are("正文"));
}

static void after_the_root(void) {
  /* nothing before <html>: what follows </html> becomes part of that first root (its class
   * counts for it) */
  CHECK(extract("<html class=\"footer\"><body><p>甲</p></body></html><p>乙</p>"));
  CHECK(lines_are("甲|乙"));
  CHECK(flags_of("乙") & ZT_LF_FOOTER);
  /* after a doctype or a comment it is a root of its own */
  CHECK(extract("<!DOCTYPE html><html class=\"footer\"><body><p>甲</p></body></html><p>乙</p>"));
  CHECK(lines_are("甲|乙"));
  CHECK(flags_of("甲") & ZT_LF_FOOTER);
  CHECK(!(flags_of("乙") & ZT_LF_FOOTER));
  CHECK(extract("<!-- top --><html class=\"footer\"><body><p>甲</p></body></html><p>乙</p>"));
  CHECK(!(flags_of("乙") & ZT_LF_FOOTER));
}

static void hidden(void) {
  CHECK(extract("<html><body><div style=\"DISPLAY : none\"><p>藏起来的</p><time datetime=\"2020-01-02\">"
                "x</time></div><p hidden>也藏</p><p>看得见</p></body></html>"));
  CHECK(lines_are("看得见"));
  CHECK(meta_is(ZT_HM_TIME, "2020-01-02"));
}

static char *repeat(const char *a, size_t times, const char *mid, const char *z) {
  size_t la = strlen(a), lm = strlen(mid), lz = strlen(z), i;
  char *p = (char *)malloc(la * times + lm + lz + 1), *o = p;
  if (!p) exit(2);
  for (i = 0; i < times; i++, o += la) memcpy(o, a, la);
  memcpy(o, mid, lm);
  memcpy(o + lm, z, lz + 1);
  return p;
}

static void limits(void) {
  char *s = repeat("<div>", 300, "<p>深处的正文</p>", "");
  CHECK(extract(s));
  CHECK(D.warn == ZT_HW_FLATTENED && D.flat_depth == 200);
  CHECK(lines_are("深处的正文"));
  free(s);
  if (!getenv("ZHTEXT_UNDER_VALGRIND")) {
    /* a text run over 10 MB stops libxml2's tree builder even 220 levels down: read again
     * from the flattened copy, all of it */
    char *big = repeat("长文本，", 900000, "", ""), *page;
    size_t nb = strlen(big);
    char *mid = (char *)malloc(nb + 64);
    if (!mid) exit(2);
    snprintf(mid, nb + 64, "<p>%s</p><p>后面</p>", big);
    page = repeat("<div>", 220, mid, "");
    CHECK(extract(page));
    CHECK(D.warn == ZT_HW_FLATTENED);
    CHECK(D.nlines == 2 && D.lines[0].len == nb);
    free(page);
    free(mid);
    free(big);
  }
}

int main(void) {
  if (zt_html_ctx_new(&C) != ZT_OK) return 2;
  names_and_title();
  scripts();
  after_the_root();
  hidden();
  limits();
  zt_html_doc_free(&D);
  zt_html_ctx_free(C);
  return CTEST_END();
}
