#!/usr/bin/python3
"""Segments a file line by line with Debian's python3-jieba (the reference for zhtext.seg).

usage: jieba_ref.py MODE FILE > OUT
MODE: precise | precise_nohmm | full | search | search_nohmm | pos | pos_nohmm
One output line per "\n"-separated input line (a final CR stripped); words separated by U+001F, POS as word/tag.
Empty strings that jieba's full mode yields around whitespace are dropped.
"""
import logging
import sys

import jieba
import jieba.posseg

jieba.setLogLevel(logging.ERROR)


def main():
    mode, path = sys.argv[1], sys.argv[2]
    out = sys.stdout
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if True:
        for line in lines:
            if line.endswith("\r"):
                line = line[:-1]
            if mode == "precise":
                ws = jieba.lcut(line, HMM=True)
            elif mode == "precise_nohmm":
                ws = jieba.lcut(line, HMM=False)
            elif mode == "full":
                ws = [w for w in jieba.lcut(line, cut_all=True) if w]
            elif mode == "search":
                ws = jieba.lcut_for_search(line, HMM=True)
            elif mode == "search_nohmm":
                ws = jieba.lcut_for_search(line, HMM=False)
            elif mode == "pos":
                ws = ["%s/%s" % (p.word, p.flag) for p in jieba.posseg.lcut(line, HMM=True)]
            elif mode == "pos_nohmm":
                ws = ["%s/%s" % (p.word, p.flag) for p in jieba.posseg.lcut(line, HMM=False)]
            else:
                sys.exit("unknown mode " + mode)
            out.write("\x1f".join(ws) + "\n")


if __name__ == "__main__":
    main()
