#!/usr/bin/python3
"""python3-jieba's jieba.lcut over a file, one line at a time, for bench_seg.sh.
usage: seg_jieba_bench.py FILE [SECONDS]  -> MB/s bytes words load_seconds"""
import logging
import sys
import time

t0 = time.perf_counter()
import jieba  # noqa: E402

jieba.setLogLevel(logging.ERROR)
jieba.initialize()
load = time.perf_counter() - t0
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
secs = float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
total = words = 0
t0 = time.perf_counter()
done = False
while not done:
    for l in lines:
        words += len(jieba.lcut(l))
        total += len(l.encode("utf-8")) + 1
        if time.perf_counter() - t0 >= secs:
            done = True
            break
el = time.perf_counter() - t0
print("%.2f %d %d %.3f" % (total / el / 1e6, total, words, load))
