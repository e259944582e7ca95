/* zt_quality: document quality signals for filtering a corpus (docs/quality.md).
 *
 * The signals are the measures of the data-cleaning literature (Gopher's quality rules, C4's
 * line rules, data-juicer's filters) counted in characters rather than space-separated words,
 * so they apply to Chinese. Every ratio is over `chars`, the non-space characters (0 when there
 * are none), except the *_line_ratio ones, over the non-empty lines. One pass over the text: the
 * sentence splitter (zt_sentences, for `sentences`) walks it and the character and line counting
 * follows it, sentence by sentence.
 */
#ifndef ZT_QUALITY_H
#define ZT_QUALITY_H

#include <stddef.h>

/* The n of the character n-grams behind dup_ngram_ratio (data-juicer's rep_len). */
#define ZT_QUALITY_NGRAM 10

typedef struct zt_quality {
  size_t chars;               /* non-space characters */
  size_t lines;               /* non-empty lines */
  size_t sentences;           /* zt_sentences' count */
  double cjk_ratio;           /* Han characters */
  double latin_ratio;         /* Latin letters (ASCII and accented) */
  double punct_ratio;         /* punctuation (Unicode P*) */
  double digit_ratio;         /* digits (ASCII and full-width) */
  double dup_line_ratio;      /* characters in lines that repeat an earlier line */
  double dup_ngram_ratio;     /* characters inside a character n-gram seen earlier in the text */
  double boilerplate_ratio;   /* characters in boilerplate lines (C4's line rule, adapted) */
  double mean_sentence_chars; /* chars / sentences */
  double mean_line_chars;     /* chars / lines */
  double max_line_chars;      /* the longest line, in characters */
  double bullet_line_ratio;   /* lines starting with a bullet (Gopher) */
  double ellipsis_line_ratio; /* lines ending with an ellipsis (Gopher) */
} zt_quality;

/* Computes the signals of UTF-8 text s[0..n) into *q. ZT_OK or ZT_ENOMEM (for the tables of
 * seen lines and n-grams; q is then zeroed). Ill-formed bytes count as ordinary characters. */
int zt_quality_compute(const char *s, size_t n, zt_quality *q);

#endif
