/* zt_sentences: splits UTF-8 text (Chinese, or Chinese mixed with English) into sentences.
 *
 * A sentence ends after a run of 。！？ (one run: ？？, ！？), after …/…… (unless it sits inside
 * an open quote or bracket with no closer after it: a quoted list), after ； with the semicolon
 * option, and at every line break. Closing quotes and brackets after the run stay with the
 * sentence (。” ends it); a comma-like mark after them (，、：；) means the text goes on.
 * ASCII . ? ! end a sentence only before a space and a capital letter (or an opening quote), or
 * before a CJK character; never inside URLs and e-mail addresses, decimals and numbers (3.14,
 * No.5), abbreviations with inner dots (U.S., e.g.), initials (J. K.) or a small list (Mr., Dr.,
 * Inc., Jan., ...).
 *
 * Sentences are reported as byte spans trimmed of surrounding space: every character of the text
 * that is not a space (zt_sentences_is_space) lies in exactly one span, spans are in order and do
 * not overlap. Ill-formed UTF-8 bytes are ordinary characters. One pass, no allocation.
 */
#ifndef ZT_SENTENCES_H
#define ZT_SENTENCES_H

#include <stddef.h>
#include <stdint.h>

typedef struct zt_sentences_opts {
  int semicolon;  /* also split after ； (full-width semicolon) */
} zt_sentences_opts;

/* Receives each sentence as s[off .. off+len); a non-zero return stops the split and is
 * returned by zt_sentences. */
typedef int (*zt_sentence_fn)(void *ud, size_t off, size_t len);

/* Calls fn for each sentence of s[0..n) in order. o may be NULL (defaults). Returns 0, or the
 * first non-zero value fn returned. */
int zt_sentences(const char *s, size_t n, const zt_sentences_opts *o, zt_sentence_fn fn, void *ud);

/* The characters trimmed from sentences: Unicode space separators (Zs), tab, and line breaks
 * (LF, VT, FF, CR, NEL, U+2028, U+2029). */
int zt_sentences_is_space(int32_t cp);

#endif
