/* zt_article: a scraped article (text or HTML) → one record, as a list of named passes over
 * the page's lines (see zt_article_impl.h for which file holds which pass, and
 * docs/articles.md for the rule tables):
 *   1. the input becomes lines (text: its lines; HTML: its blocks, with layout flags);
 *   2. every short line is read for boilerplate patterns, labels (来源：, 作者, 责任编辑 ...) and
 *      dates;
 *   3. the body: the main run of prose, from the first paragraph after the title to the last
 *      before anything that closes an article;
 *   4. title, dates, names, site, domain and copyright come from the lines outside the body.
 */
#include <stdio.h>
#include <stdlib.h>

#include "zt_article_impl.h"
#include "zt_encoding.h"
#include "zt_error.h"

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
  if (!p->domain_re || !p->md || !p->mctx || zt_html_ctx_new(&p->html) != ZT_OK ||
      za_rules_init(&p->rules) != ZT_OK) {
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
  za_rules_free(&p->rules);
  free(p->lines);
  free(p);
}

void za_vec_push(zt_strvec *v, zt_span sp, int *oom) {
  if (v->n == v->cap) {
    size_t nc = v->cap ? v->cap * 2 : 8;
    zt_span *nv = (zt_span *)realloc(v->v, nc * sizeof *nv);
    if (!nv) { *oom = 1; return; }
    v->v = nv;
    v->cap = nc;
  }
  v->v[v->n++] = sp;
}

/* The span of what was appended to the arena since `start`, trimmed (set = 0 when empty, and
 * the arena back at start). */
static zt_span appended_span(ctx *c, zt_buf *b, size_t start) {
  zt_span sp = {0, 0, 0};
  size_t bb = start, ee = b->len;
  if (b->oom) { c->oom = 1; return sp; }
  za_trim((const u8 *)b->data, &bb, &ee);
  if (ee <= bb) { b->len = start; return sp; }
  sp.off = bb;
  sp.len = ee - bb;
  sp.set = 1;
  return sp;
}

/* Appends s (cleaned, trimmed) to the arena; returns its span (set = 0 when empty). */
zt_span za_put(ctx *c, const u8 *s, size_t n) {
  zt_span sp = {0, 0, 0};
  zt_buf *b = &c->a->arena;
  size_t start = b->len;
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
  return appended_span(c, b, start);
}

/* A line's text to the arena as za_put writes it; text that cleaning leaves as it is (L->plain,
 * from the line-features scan) is copied without zt_clean. */
zt_span za_put_line(ctx *c, const line *L) {
  zt_buf *b = &c->a->arena;
  size_t start = b->len;
  if (!L->plain || !c->o->clean || c->o->clean->punct == ZT_PUNCT_ASCII)
    return za_put(c, L->s, L->n);
  zt_buf_add(b, L->s + L->plain_b, L->plain_e - L->plain_b);
  return appended_span(c, b, start);
}

static int span_eq(const zt_article *a, zt_span x, zt_span y) {
  return x.len == y.len && memcmp(a->arena.data + x.off, a->arena.data + y.off, x.len) == 0;
}

static void put_list_span(ctx *c, zt_strvec *v, zt_span sp, int dedup) {
  if (!sp.set) return;
  if (dedup) {
    size_t i;
    for (i = 0; i < v->n; i++)
      if (span_eq(c->a, v->v[i], sp)) { c->a->arena.len = sp.off; return; }
  }
  za_vec_push(v, sp, &c->oom);
}

void za_put_list(ctx *c, zt_strvec *v, const u8 *s, size_t n, int dedup, size_t maxn) {
  if (v->n >= maxn) return;
  put_list_span(c, v, za_put(c, s, n), dedup);
}

void za_put_date(ctx *c, const zt_date *d) {
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

static const char *const kind_names[ZT_K__COUNT] = {
  "other", "title", "repeated_title", "dateline", "byline", "meta", "body", "related_label",
  "related", "nav", "share", "breadcrumb", "copyright", "footer", "header", "other", "end_mark"};

const char *zt_article_kind_name(int kind) {
  return kind >= 0 && kind < ZT_K__COUNT ? kind_names[kind] : "other";
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

/* Pass: paragraphs and related headlines into the record; with opts.explain, every line. */
void za_pass_output(ctx *c) {
  zt_article *a = c->a;
  const line *L = c->L;
  size_t i, nl = c->nl;
  for (i = 0; i < nl; i++) {
    if (L[i].kind == ZT_K_BODY) put_list_span(c, &a->paragraphs, za_put_line(c, &L[i]), 0);
    else if (L[i].kind == ZT_K_RELATED && a->related.n < 500)
      put_list_span(c, &a->related, za_put_line(c, &L[i]), 1);
  }
  if (c->o->explain) {
    a->lines = (zt_article_line *)calloc(nl ? nl : 1, sizeof *a->lines);
    if (!a->lines) { c->oom = 1; return; }
    a->nlines = nl;
    for (i = 0; i < nl; i++) explain_line(c, i, &L[i]);
  }
}

/* Valid UTF-8 in *out: s itself when it is valid, else a copy in buf with each ill-formed
 * subsequence replaced by U+FFFD. ZT_OK or ZT_ENOMEM. */
static int utf8_or_repair(const char *s, size_t n, zt_buf *buf, const char **out, size_t *outn) {
  char used[32];
  size_t ep;
  *out = s;
  *outn = n;
  if (zt_utf8_valid(s, n)) return ZT_OK;
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
  if (!zt_utf8_valid(*s, *n)) {
    char used[32] = "";
    size_t ep;
    rc = zt_decode(*s, *n, NULL, ZT_INVALID_REPLACE, decoded, used, sizeof used, &ep);
    if (decoded->oom) return ZT_ENOMEM;
    if (rc == ZT_OK && zt_utf8_valid(decoded->data ? decoded->data : "", decoded->len)) {
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

/* The page as lines: text lines, or HTML blocks with their layout flags and metadata. */
static int page_lines(ctx *c, const char *s, size_t n, zt_html_doc *hd, acc *names) {
  size_t i;
  int rc;
  zt_article_parser *p = c->p;
  if (!c->html) {
    rc = za_split_lines((const u8 *)s, n, &p->lines, &p->lines_cap, &c->nl);
    c->L = p->lines;
    return rc;
  }
  rc = zt_html_extract(p->html, s, n, hd);
  if (rc != ZT_OK) return rc;
  if (hd->nlines > p->lines_cap || !p->lines) {
    size_t cap = hd->nlines ? hd->nlines : 1;
    line *nv = (line *)realloc(p->lines, cap * sizeof *nv);
    if (!nv) return ZT_ENOMEM;
    p->lines = nv;
    p->lines_cap = cap;
  }
  c->L = p->lines;
  memset(c->L, 0, (hd->nlines ? hd->nlines : 1) * sizeof *c->L);
  for (i = 0; i < hd->nlines; i++) {
    c->L[i].s = (const u8 *)hd->text.data + hd->lines[i].off;
    c->L[i].n = hd->lines[i].len;
    c->L[i].flags = hd->lines[i].flags;
  }
  c->nl = hd->nlines;
  c->hd = hd;
  c->has_main = hd->has_main;
  za_html_warnings(c, hd);
  za_html_meta_authors(c->r, names, hd);
  return ZT_OK;
}

int zt_article_parse(zt_article_parser *p, const char *s, size_t n, const zt_article_opts *o,
                     zt_article *a) {
  ctx c;
  zt_buf decoded = ZT_BUF_INIT, url = ZT_BUF_INIT;
  zt_html_doc hd;
  zt_article_opts oc = *o;
  acc names = {0};
  int rc;
  memset(a, 0, sizeof *a);
  memset(&hd, 0, sizeof hd);
  memset(&c, 0, sizeof c);
  strcpy(a->encoding, "UTF-8");
  c.a = a;
  c.o = &oc;
  c.p = p;
  c.r = names.r = &p->rules;
  c.title_i = NO_LINE;
  c.title_rule = "the first headline-like line";
  rc = utf8_entry(&s, &n, &oc, a, &decoded, &url);
  if (rc != ZT_OK) goto done;
  /* the record's strings are about the page's size (twice with explain): one allocation for
   * them up front instead of a growth by doubling (none when it fails: the buffer grows then) */
  if (n <= ((size_t)1 << 20)) {
    size_t cap = (oc.explain ? 2 * n : n) + 256;
    a->arena.data = (char *)malloc(cap);
    if (a->arena.data) a->arena.cap = cap;
  }
  c.html = a->is_html = oc.mode == 2 || (oc.mode == 0 && zt_html_detect(s, n));
  rc = page_lines(&c, s, n, &hd, &names);
  if (rc != ZT_OK) goto done;
  c.body_start = c.body_end = c.run_b = c.run_e = c.nl;
  za_pass_line_features(&c);  /* features, boilerplate kinds, label lines, datelines */
  za_pass_main_run(&c);       /* text: the run of prose with the most text */
  za_pass_title(&c);          /* title, repeated titles, site suffix */
  za_pass_body_bounds(&c);    /* first and last paragraph */
  za_pass_dates(&c);          /* the date: a priority list of strategies */
  za_pass_line_kinds(&c);     /* body, related, header, other */
  za_pass_names(&c, &names);  /* names in page order */
  za_dash_signature(&c, &names);
  za_pass_site(&c);           /* site, copyright, domain */
  za_pass_output(&c);         /* paragraphs, related, explain lines */
  if (c.html) {
    za_html_meta_fields(&c, &hd, &names);
    za_html_hints(&c, &hd, &names);
  }
  za_posted_by_line(&c, &names);
  za_header_name_line(&names, c.L, c.nl);
  if (c.html) za_html_meta_author(c.r, &names, &hd);
  if (names.oom) c.oom = 1;
  za_flush_names(&c, &names);
  za_source_fixups(&c);
  if (c.oom) rc = ZT_ENOMEM;
done:
  za_acc_free(&names);
  if (p->lines_cap > LINES_KEEP) {
    free(p->lines);
    p->lines = NULL;
    p->lines_cap = 0;
  }
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
