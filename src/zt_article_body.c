/* zt_article_body: where the body is — in text the run of prose lines with the most text,
 * in HTML the prose inside the main block — from the first paragraph after the title to the
 * last before anything that closes an article; then every line's final kind (body, related,
 * header, other). */
#include "zt_article_impl.h"

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

/* 下一篇 / 上一篇 followed within a few lines by a dateline or byline: another story's
 * header, so what follows is not this page's story. */
static int next_story_at(const ctx *c, size_t i) {
  const line *L = c->L;
  size_t j;
  if (L[i].kind != ZT_K_NAV || za_starts(c->r, RL_NAV_NEXT, L[i].s, L[i].n) < 0) return 0;
  for (j = i + 1; j < c->nl && j <= i + 4; j++) {
    if (L[j].kind == ZT_K_DATELINE || L[j].kind == ZT_K_BYLINE || L[j].kind == ZT_K_META) return 1;
    if (run_prose(&L[j])) return 0;
  }
  return 0;
}

/* Pass (text only): the run of prose lines with the most text (a page's full text also holds
 * menus and sidebars); gaps of a few lines (subheadings, captions, a repeated title) stay
 * inside, closing lines end a run. */
void za_pass_main_run(ctx *c) {
  const line *L = c->L;
  size_t i, nl = c->nl;
  size_t cur_b = nl, cur_e = nl, gap = 0;
  double cur = 0, best = -1;
  if (c->html) return;
  for (i = 0; i <= nl; i++) {
    int p = i < nl && run_prose(&L[i]);
    if (p) {
      if (cur_b == nl) { cur_b = i; cur = 0; }
      cur_e = i;
      cur += (double)L[i].nchars;
      gap = 0;
      continue;
    }
    if (i < nl && (cur_b != nl || best >= 0) && next_story_at(c, i)) {
      /* the next story's text after 下一篇 is not a candidate, however long */
      if (cur_b != nl && cur > best) { c->run_b = cur_b; c->run_e = cur_e; }
      break;
    }
    if (cur_b == nl) continue;
    if (i < nl && gap < 5 && !L[i].closing) { gap++; continue; }
    if (cur > best) { best = cur; c->run_b = cur_b; c->run_e = cur_e; }
    cur_b = nl;
    gap = 0;
  }
  if (c->run_b < nl) {
    /* more prose not far below, before anything that closes an article, still belongs */
    size_t last = c->run_e, q;
    for (q = c->run_e + 1; q < nl && q - last <= 10 && !L[q].closing; q++)
      if (run_prose(&L[q])) last = q;
    c->run_e = last;
  }
}

/* The first closing line after the body's start (c->body_start may move past a promo box). */
static size_t first_closing(ctx *c) {
  const line *L = c->L;
  size_t i, nl = c->nl, first_close = nl;
  int html = c->html, has_main = c->has_main;
  for (i = c->body_start + 1; i < nl; i++) {
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
    for (j = c->body_start; j < first_close; j++)
      if (L[j].kind == ZT_K_UNKNOWN && L[j].prose) before += L[j].nchars;
    for (j = first_close + 1; j < nl; j++) {
      if (L[j].closing) { nc = j; break; }
      if (L[j].kind == ZT_K_UNKNOWN && L[j].prose && !(L[j].flags & (ZT_LF_BOILER | ZT_LF_LINK))) {
        if (nb == nl) nb = j;
        after += L[j].nchars;
      }
    }
    if (nb < nl && before < 300 && after > 3 * before + 200) {
      c->body_start = nb;
      first_close = nc;
    }
  }
  return first_close;
}

/* A line that may join the body at its edges: not yet given a kind, and in HTML inside the
 * main block and not boilerplate or a link. */
static int edge_candidate(const ctx *c, const line *x) {
  if (x->kind != ZT_K_UNKNOWN) return 0;
  return !(c->html && ((x->flags & (ZT_LF_BOILER | ZT_LF_LINK)) ||
                       (c->has_main && !(x->flags & ZT_LF_MAIN))));
}

static int ends_colon(const line *x) {
  size_t st;
  int32_t ch = cp_before(x->s, x->n, &st);
  return ch == 0xFF1A || ch == ':';
}

/* Lines that open a letter or a notice end in ：, so they are not prose — a salutation
 * (亲爱的同学们：, 各区县医疗保障局，各乡镇人民政府：) or a lead-in (现将有关事项通知如下：)
 * right above the first paragraph belongs to the body; so do short sentences there. */
static void opening_lines(ctx *c) {
  const line *L = c->L;
  size_t lo = c->title_i == (size_t)-1 ? 0 : c->title_i + 1, j = c->body_start, k = 0;
  while (j > lo && k < 3) {
    const line *x = &L[j - 1];
    int colon = ends_colon(x) && x->han >= 3 && x->nchars >= 4 && x->n <= SHORT_LINE;
    /* broken-line self-media text opens with short sentences (那年夏天。/ 我八岁。) */
    int short_sentence = ends_full_stop(x) && x->han >= 2 && x->nchars <= 30;
    if (!edge_candidate(c, x) || !(colon || short_sentence)) break;
    j--;
    k++;
  }
  c->body_start = j;
}

/* Broken-line text may end on a short line without punctuation (我站了很久): a few Han
 * characters and nothing else after a short last line, and not the first of a list of such
 * lines (headlines of a related block) nor a signature over a date. */
static int bare_tail(const ctx *c, size_t j) {
  const line *L = c->L, *x = &L[j];
  if (L[c->body_end].nchars > 30 || x->punct || x->han != x->nchars || x->nchars < 3 ||
      x->nchars > 12)
    return 0;
  if (j + 1 < c->nl) {
    const line *y = &L[j + 1];
    if (y->kind == ZT_K_UNKNOWN && !y->punct && y->han == y->nchars && y->nchars <= 12) return 0;
    if (y->has_date) return 0; /* a signature over a date (白沙镇人民政府 / 2018年11月20日) */
  }
  return 1;
}

/* Short lines that close a letter or a notice right after the last paragraph: a short
 * sentence (特此通告。), a dash attribution (——沈一鸣), a bare last line of broken-line text. */
static void closing_lines(ctx *c, size_t first_close) {
  const line *L = c->L;
  size_t j = c->body_end + 1;
  for (; j < first_close && j < c->nl; j++) {
    const line *x = &L[j];
    int short_sentence = x->ends_sentence && x->han >= 2 && x->nchars <= 30;
    int dash = starts_with(x->s, x->n, "——") && x->han >= 2 && x->nchars <= 20 &&
               !x->ends_sentence;
    int tail = bare_tail(c, j);
    if (!edge_candidate(c, x) || !(short_sentence || dash || tail)) break;
    c->body_end = j;
    if (dash || tail) break;
  }
}

/* Pass: the body's first and last line. */
void za_pass_body_bounds(ctx *c) {
  const line *L = c->L;
  size_t i, nl = c->nl, first_close;
  int html = c->html, has_main = c->has_main;
  /* body start: the first prose line after the title (in HTML: inside the main block; in
   * text: in the main run) */
  i = c->title_i == (size_t)-1 ? 0 : c->title_i + 1;
  if (!html && c->run_b < nl && c->run_b > i) {
    /* from the main run back over prose just above it (a question, a short lead) */
    size_t q = c->run_b, start = c->run_b, gap = 0;
    while (q > i) {
      q--;
      if (L[q].closing || L[q].kind == ZT_K_TITLE) break;
      if (L[q].kind == ZT_K_UNKNOWN && L[q].prose) { start = q; gap = 0; }
      else if (++gap > 5) break;
    }
    i = start;
  }
  for (; i < nl; i++) {
    const line *x = &L[i];
    if (x->kind != ZT_K_UNKNOWN) continue;
    if (html && ((x->flags & (ZT_LF_BOILER | ZT_LF_LINK)) || (has_main && !(x->flags & ZT_LF_MAIN))))
      continue;
    if (x->prose) { c->body_start = i; break; }
  }
  if (c->body_start == nl && c->title_i != (size_t)-1) {
    /* no prose after the title: accept prose anywhere */
    for (i = 0; i < nl; i++)
      if (L[i].kind == ZT_K_UNKNOWN && L[i].prose &&
          !(html && (L[i].flags & (ZT_LF_BOILER | ZT_LF_LINK)))) { c->body_start = i; break; }
  }
  if (c->body_start >= nl) return;
  opening_lines(c);
  first_close = first_closing(c);
  c->body_end = c->body_start;
  for (i = c->body_start; i < first_close; i++) {
    const line *x = &L[i];
    if (!html && c->run_e < nl && i > c->run_e) break;
    if (x->kind != ZT_K_UNKNOWN) continue;
    if (html && has_main && !(x->flags & ZT_LF_MAIN)) continue;
    if (html && (x->flags & (ZT_LF_BOILER | ZT_LF_LINK))) continue;
    if (x->prose) c->body_end = i;
  }
  /* an unlabelled trailing run of headline-like lines after the body: related, not body */
  if (!html) {
    size_t j = c->body_end, run = 0;
    while (j > c->body_start) {
      const line *x = &L[j];
      if (x->kind != ZT_K_UNKNOWN || !x->headline || x->ends_sentence) break;
      run++;
      j--;
    }
    if (run >= 3) c->body_end = j;
  }
  if (c->body_end + 1 < nl && (html || c->run_e >= nl || c->body_end >= c->run_e))
    closing_lines(c, first_close);
}

/* Pass: the final kind of every line not yet classified (body, related, header, other). */
void za_pass_line_kinds(ctx *c) {
  line *L = c->L;
  size_t i, nl = c->nl;
  int html = c->html, has_main = c->has_main;
  int in_related = 0;
  size_t run_start = nl;
  for (i = 0; i < nl; i++) {
    line *x = &L[i];
    int in_body = c->body_start < nl && i >= c->body_start && i <= c->body_end;
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
    if (i > c->body_end && c->body_end < nl) {
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
    x->kind = i < c->body_start ? ZT_K_HEADER : ZT_K_OTHER;
    x->rule = html && (x->flags & ZT_LF_BOILER) ? "inside nav/aside/footer/comments"
              : i < c->body_start                 ? "before the body"
                                               : "after the body";
  }
  /* the next story's header after the body (下一篇, its headline, its byline): its names and
   * source are not this story's */
  for (i = c->body_end == nl ? nl : c->body_end + 1; i < nl; i++) {
    size_t j;
    if (!next_story_at(c, i)) continue;
    for (j = i + 1; j < nl && j <= i + 4; j++)
      if (L[j].kind == ZT_K_DATELINE || L[j].kind == ZT_K_BYLINE || L[j].kind == ZT_K_META) {
        L[j].kind = ZT_K_OTHER;
        L[j].rule = "the next story's byline (after 下一篇)";
        break;
      }
    break;
  }
  /* unlabelled runs of headline-like lines after the body (text: any; HTML: links) */
  for (i = c->body_end == nl ? nl : c->body_end + 1; i <= nl; i++) {
    int ok = i < nl && L[i].kind == ZT_K_OTHER && L[i].headline && L[i].n <= SHORT_LINE &&
             (!html || (L[i].flags & ZT_LF_LINK));
    if (ok) {
      if (run_start == nl) run_start = i;
      continue;
    }
    if (run_start != nl && i - run_start >= 3 &&
        !(html && (run_start > c->body_end + 8 || (L[run_start].flags & ZT_LF_BOILER)))) {
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

/* After the names pass: a letter's closing ——NAME (the body's last line, kept by
 * closing_lines) credits its author. */
void za_dash_signature(ctx *c, acc *names) {
  const line *x;
  size_t b = 0, e;
  if (c->body_end >= c->nl) return;
  x = &c->L[c->body_end];
  if (x->kind != ZT_K_BODY || x->prose || !starts_with(x->s, x->n, "——")) return;
  while (starts_with(x->s + b, x->n - b, "—")) b += 3;
  e = x->n;
  za_trim_value(x->s, &b, &e);
  if (e > b && za_names_only(c->r, x->s + b, e - b)) za_add_names(names, F_AUTHOR, x->s + b, e - b);
}
