#!/usr/bin/python3
"""Regenerates tests/fixtures/seg/news_expected.json: python3-jieba's answers on the project's
own fixture text (tests/fixtures/seg/news.txt), used by tests/seg_spec.lua.

usage: /usr/bin/python3 tests/eval/make_seg_fixtures.py
"""
import json
import logging
import os

import jieba
import jieba.analyse
import jieba.posseg

jieba.setLogLevel(logging.ERROR)
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "seg")


def main():
    with open(os.path.join(HERE, "news.txt"), encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f]
    text = "\n".join(lines)
    out = {
        "precise": [jieba.lcut(l) for l in lines],
        "precise_nohmm": [jieba.lcut(l, HMM=False) for l in lines],
        "full": [[w for w in jieba.lcut(l, cut_all=True) if w] for l in lines],
        "search": [jieba.lcut_for_search(l) for l in lines],
        "pos": [[[p.word, p.flag] for p in jieba.posseg.lcut(l)] for l in lines],
        "pos_nohmm": [[[p.word, p.flag] for p in jieba.posseg.lcut(l, HMM=False)] for l in lines],
        "tfidf": [[w, x] for w, x in jieba.analyse.extract_tags(text, topK=15, withWeight=True)],
        "tfidf_pos": [[w, x] for w, x in jieba.analyse.extract_tags(text, topK=10, withWeight=True,
                                                                     allowPOS=("n", "ns", "nr"))],
        "textrank": [[w, x] for w, x in jieba.analyse.textrank(text, topK=15, withWeight=True)],
    }
    probes = ["如果放到post中将出错。", "「台中」正确应该不会被切开", "我们中出了一个叛徒",
              "他是韩玉鉴赏的作者，也是云计算和创新办的专家", "八一双鹿队今晚出战"]
    out["probes_before"] = [jieba.lcut(p, HMM=False) for p in probes]
    jieba.load_userdict(os.path.join(HERE, "userdict.txt"))
    out["probes_userdict"] = [jieba.lcut(p, HMM=False) for p in probes]
    out["pos_userdict"] = [[p.word, p.flag] for p in jieba.posseg.lcut(probes[3])]
    out["suggest_zhongjiang"] = jieba.suggest_freq(("中", "将"), True)
    out["suggest_taizhong"] = jieba.suggest_freq("台中", True)
    out["probes_suggest"] = [jieba.lcut(p, HMM=False) for p in probes]
    jieba.del_word("云计算")
    out["probes_del"] = [jieba.lcut(p) for p in probes]
    out["probes"] = probes
    with open(os.path.join(HERE, "news_expected.json"), "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=0)
        f.write("\n")


if __name__ == "__main__":
    main()
