/* zt_article_boiler: boilerplate kinds of short lines — breadcrumbs, copyright and footer lines,
 * navigation, share widgets, menus, comment sections, end marks, related-block labels. The words
 * are in zt_article_boiler.def; what is here is how each kind combines them with the line's
 * shape (length, final punctuation, separators). */
#include "zt_article_impl.h"

/* (after za_line_lists, which counted the separators > » ＞ ›) */
static int is_breadcrumb(const za_rules *r, const line *L) {
  size_t k = L->crumb_seps;
  if (L->n > 300) return 0;
  if (za_starts(r, RL_CRUMB_START, L->s, L->n) >= 0) return 1;
  if (k >= 2 && L->nchars < 60 && !L->ends_sentence) return 1;
  if (k >= 1 && L->nchars < 40 && (starts_with(L->s, L->n, "首页") || starts_with(L->s, L->n, "首頁")))
    return 1;
  return 0;
}

static int is_copyright(const za_rules *r, const line *L, uint64_t have) {
  if (L->n > SHORT_LINE * 2) return 0;
  if (L->prose && L->nchars > 40)  /* a sentence about copyright is not a copyright line */
    return za_starts(r, RL_COPYRIGHT_START, L->s, L->n) >= 0;
  return (have & ZA_LBIT(RL_COPYRIGHT)) != 0;
}

static int is_footer(const za_rules *r, const line *L, uint64_t have) {
  const u8 *t = L->s;
  size_t tn = L->n;
  int k;
  if (L->n > SHORT_LINE * 2) return 0;
  /* a notice, past one opening bracket */
  if (tn >= 3 && (starts_with(t, tn, "（") || starts_with(t, tn, "【"))) { t += 3; tn -= 3; }
  else if (tn >= 1 && (t[0] == '(' || t[0] == '[')) { t++; tn--; }
  if (za_starts(r, RL_FOOTER_NOTE, t, tn) >= 0) return 1;
  if ((have & ZA_LBIT(RL_FOOTER_MARK)) || (!L->prose && (have & ZA_LBIT(RL_FOOTER_LICENCE))))
    return 1;
  if (L->prose && L->nchars > 40) return 0;
  k = (int)L->footer_links; /* za_line_count(r, RL_FOOTER_LINK, L, 0), up to 2 */
  return k >= 2 || (k >= 1 && L->nchars <= 12);
}

/* Navigation / share / widget patterns in short lines. Returns a kind or 0. */
static int nav_kind(const za_rules *r, const line *L, uint64_t have, const char **rule) {
  const u8 *s = L->s;
  size_t n = L->n;
  if (n > 200 || L->nchars > 60) return 0;
  if (L->nchars <= 40 && za_starts(r, RL_VIDEO_START, s, n) >= 0 && (have & ZA_LBIT(RL_VIDEO_WORD))) {
    *rule = "a video player's notice (您的浏览器不支持/无法播放)";
    return ZT_K_NAV;
  }
  if (L->prose && L->ends_sentence && za_starts(r, RL_NAV_NEXT, s, n) < 0) return 0;
  if (za_starts(r, RL_NAV_BUTTON, s, n) >= 0 && L->nchars > 12) return 0;
  if (L->nchars <= 30 ? (have & ZA_LBIT(RL_SHARE)) != 0 : za_starts(r, RL_SHARE, s, n) >= 0) {
    *rule = "share widget text (分享到/扫一扫)";
    return ZT_K_SHARE;
  }
  if (za_starts(r, RL_NAV, s, n) >= 0 ||
      (L->nchars < 30 && (have & ZA_LBIT(RL_NAV)))) { /* a LB_SHORT_ANYWHERE word */
    *rule = "navigation (上一篇/下一篇/返回顶部...)";
    return ZT_K_NAV;
  }
  if (L->nchars <= 6 && za_whole(r, RL_WIDGET, s, n)) {
    *rule = "a lone widget word (打印/关闭/收藏...)";
    return ZT_K_NAV;
  }
  return 0;
}

/* 首页 新闻 体育 财经 / 首页 | 新闻 | 体育: four or more short words and nothing else; or
 * five or more where only one (the site's name before its menu: 东陵日报数字版 首页 要闻 …)
 * is longer. */
int za_is_menu(const line *L) {
  size_t i = 0, l = 0, words = 0, cur = 0, longest = 0, second = 0;
  if (L->nchars > 80 || L->ends_sentence) return 0;
  while (i <= L->n) {
    int32_t c = i < L->n ? cp_at(L->s, L->n, i, &l) : -2;
    if (i == L->n || is_space_cp(c) || c == '|' || c == 0xFF5C || c == 0x00B7 || c == 0x2022) {
      if (cur) {
        words++;
        if (cur > longest) { second = longest; longest = cur; }
        else if (cur > second) second = cur;
      }
      cur = 0;
      if (i == L->n) break;
    } else {
      if (za_is_cn_punct(c)) return 0;
      cur++;
    }
    i += l ? l : 1;
  }
  if (words >= 5 && second <= 4 && longest <= 10) return 1;
  return words >= 4 && longest <= 5 && L->nchars <= words * 6;
}

static void set_kind(line *x, int kind, const char *rule, int closing) {
  x->kind = kind;
  x->rule = rule;
  x->boiler = 1;
  if (closing) x->closing = 1;
}

/* The boilerplate kind of a short line, tried before its labels (a related label or a
 * copyright line may hold a colon). Returns 1 when the line got a kind. */
int za_boiler_kind(const za_rules *r, line *x) {
  const char *rule = NULL;
  int k;
  uint64_t have = za_line_lists(r, x); /* the za_line_has answers of this line, at once */
  if (x->nchars <= 16 && (have & ZA_LBIT(RL_RELATED)) && !x->ends_sentence) {
    x->related_label = 1;
    x->closing = 1;
    x->kind = ZT_K_RELATED_LABEL;
    x->rule = "related-block label (相关新闻/延伸阅读/推荐阅读...)";
    return 1;
  }
  if (is_copyright(r, x, have)) {
    set_kind(x, ZT_K_COPYRIGHT, "copyright line (©/Copyright/版权所有)", 1);
    return 1;
  }
  if (is_footer(r, x, have)) {
    set_kind(x, ZT_K_FOOTER, "footer (ICP备/公网安备/关于我们...)", 1);
    return 1;
  }
  if (is_breadcrumb(r, x)) {
    set_kind(x, ZT_K_BREADCRUMB, "breadcrumb (当前位置 / 首页 > ...)", 0);
    return 1;
  }
  if ((k = nav_kind(r, x, have, &rule)) != 0) {
    /* 上一篇/下一篇, and a lone 评论 heading (the comments follow; a lone button before the
     * body is harmless, closing lines count only once the body has begun) */
    set_kind(x, k, rule, k == ZT_K_NAV && (za_starts(r, RL_NAV_NEXT, x->s, x->n) >= 0 ||
                                           za_whole(r, RL_COMMENTS_WORD, x->s, x->n)));
    return 1;
  }
  if (x->nchars <= 30 && !x->has_date && (have & ZA_LBIT(RL_COMMENTS))) {
    /* (a dateline ending in a 我要评论 link is still the dateline) */
    set_kind(x, ZT_K_NAV, "the start of a comments section", 1);
    return 1;
  }
  if (za_whole(r, RL_END_MARK, x->s, x->n)) {
    set_kind(x, ZT_K_END_MARK, "end-of-article mark (完)", 0);
    return 1;
  }
  return 0;
}
