#!/usr/bin/python3
"""Writes N lines of random mixed text (Han, ASCII letters/digits/symbols, every kind of
space, CR, punctuation, emoji, astral Han, Hangul, full-width forms, combining marks, BOM,
NUL) for the jieba compatibility check in seg_eval.sh. usage: gen_mixed.py N SEED > FILE"""
import random
import sys

n, seed = int(sys.argv[1]), int(sys.argv[2])
random.seed(seed)
han = list("的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而"
           "过天去能对小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前"
           "些所同日手又行意动方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与"
           "活正感北京清华大学研究生命起源")
asc = list("abcdeXYZ0123456789+#&._%-@/:?=")
spaces = [" ", "\t", "\u3000", "\xa0", "\x1c", "\x85", "\u2028", "\r\n", "\r", "\u200b", "\x0b"]
other = list("，。！？、；：“”（）《》…—·") + ["\U0001F600", "\U00020000", "\ud55c", "\uff71", "\uff21",
                                             "\uff11", "\uff0e", "\uff05", "\xe9", "e\u0301",
                                             "\u4e00\u0301", "\ufeff", "\x00"]
out = []
for _ in range(n):
    s = []
    for _ in range(random.randint(1, 40)):
        r = random.random()
        if r < 0.55:
            s.append(random.choice(han))
        elif r < 0.8:
            s.append(random.choice(asc))
        elif r < 0.9:
            s.append(random.choice(spaces))
        else:
            s.append(random.choice(other))
    out.append("".join(s))
sys.stdout.buffer.write(("\n".join(out) + "\n").encode("utf-8"))
