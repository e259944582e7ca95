#!/usr/bin/python3
"""jieba.analyse on documents of 20 consecutive lines of FILE (for seg_eval.sh).
usage: kw_ref.py FILE -> one line per document and method: tfidf|textrank|tfidf_pos, then
word<TAB>weight pairs separated by U+001F."""
import logging
import sys

import jieba
import jieba.analyse

jieba.setLogLevel(logging.ERROR)
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
for i in range(0, len(lines), 20):
    doc = "\n".join(lines[i:i + 20])
    for name, res in (("tfidf", jieba.analyse.extract_tags(doc, topK=20, withWeight=True)),
                      ("textrank", jieba.analyse.textrank(doc, topK=20, withWeight=True)),
                      ("tfidf_pos", jieba.analyse.extract_tags(doc, topK=20, withWeight=True,
                                                               allowPOS=("n", "ns", "nr", "vn")))):
        print(name + "\x1f" + "\x1f".join("%s\t%.10f" % (w, x) for w, x in res))
