"""Corpus-wide dedupe on a real distributed engine, checked against one process.

    /usr/bin/python3 tests/eval/dask_dedupe.py [--records N] [--partitions P] [--reducers R] [--blocks B]

Generates a JSON Lines corpus with planted duplicates (tests/eval/gen_dupes.lua), then on a
Dask LocalCluster (2 worker processes on 127.0.0.1, no dashboard):
  map      each partition of the corpus (dask.bag.read_text blocks, in order) piped through
           `zhtext fingerprint --keyed --part I -` (one subprocess per partition)
  shuffle  the KEY<TAB>line pairs grouped by band key (bag.groupby, shuffle over the workers)
  reduce   each partition of groups piped through `zhtext dedupe-merge -` (one subprocess each)
  resolve  all candidate pairs through `zhtext dedupe-merge --resolve` (one small pass)
and compares the records kept (every record minus the dropped ones) with a one-process
`zhtext run --dedupe -j1` over the same corpus, and each dropped record's survivor with the
first copy an in-process dedupe{mark = true} names. Prints the comparison and the times; exits
0 when both agree, 1 otherwise.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ZHTEXT = ["lua5.4", os.path.join(ROOT, "bin", "zhtext")]


def env():
    e = dict(os.environ)
    e.setdefault("LUA_PATH_5_4", f"{ROOT}/lua/?.lua;{ROOT}/lua/?/init.lua;;")
    e.setdefault("LUA_CPATH_5_4", f"{ROOT}/build/?.so;;")
    e.setdefault("ZHTEXT_DATA_DIR", f"{ROOT}/build/zhtext")
    return e


def pipe(args, lines):
    """Runs zhtext with lines on stdin; returns its stdout lines (raises on failure)."""
    data = "".join(l if l.endswith("\n") else l + "\n" for l in lines).encode()
    p = subprocess.run(ZHTEXT + args, input=data, capture_output=True, env=env())
    if p.returncode != 0:
        raise RuntimeError(f"zhtext {' '.join(args)} exited {p.returncode}: {p.stderr.decode()[-2000:]}")
    return p.stdout.decode().splitlines()


def fingerprint_partition(index, lines, blocks):
    extra = ["--blocks", str(blocks)] if blocks else []
    return pipe(["fingerprint", "--keyed", "-q", "--part", str(index)] + extra + ["-"], lines)


def band_key_int(line):
    """The band key "B:HEX" of a keyed line as an integer: the shuffle partitions by hash(), and
    str hashes differ between worker processes (PYTHONHASHSEED), which would split a group
    across reducers; int hashes do not."""
    band, hexa = line.split("\t", 1)[0].split(":")
    return (int(band) << 64) | int(hexa, 16)


def reduce_partition(groups):
    # each group's lines adjacent: the grouped input dedupe-merge streams through
    lines = [line for _key, members in groups for line in members]
    return pipe(["dedupe-merge", "-"], lines) if lines else []


def one_process(corpus):
    out = subprocess.run(ZHTEXT + ["run", "--dedupe", "-j1", "-q", corpus], capture_output=True,
                         env=env(), check=True).stdout.decode().splitlines()
    kept = {json.loads(l)["id"] for l in out}
    # the survivors: dedupe{mark = true} sets duplicate_of to the first copy's record number
    script = ("local zt = require('zhtext'); local n = 0\n"
              "zt.pipeline():dedupe{mark = true}:run(zt.source.jsonl(arg[1]), function(r)\n"
              "  n = n + 1; io.write(r.id, '\\t', tostring(r.duplicate_of or ''), '\\n') end)")
    marks = subprocess.run(["lua5.4", "-e", script.replace("arg[1]", repr(corpus))], capture_output=True,
                           env=env(), check=True).stdout.decode().splitlines()
    ids = [m.split("\t")[0] for m in marks]
    survivor = {}
    for m in marks:
        rid, of = m.split("\t")
        if of:
            survivor[rid] = ids[int(float(of)) - 1]
    return kept, survivor, len(ids)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=20000)
    ap.add_argument("--partitions", type=int, default=6)
    ap.add_argument("--reducers", type=int, default=4)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--blocks", type=int, default=0, help="band layout (zhtext fingerprint --blocks)")
    a = ap.parse_args()

    from distributed import Client, LocalCluster
    import dask.bag as db
    from dask import delayed

    t_start = time.time()
    tmp = tempfile.mkdtemp(prefix="zhtext-dist.")
    corpus = os.path.join(tmp, "corpus.jsonl")
    with open(corpus, "wb") as fh:
        subprocess.run(["lua5.4", os.path.join(ROOT, "tests", "eval", "gen_dupes.lua"), str(a.records),
                        str(a.seed)], stdout=fh, check=True)
    size = os.path.getsize(corpus)
    print(f"corpus: {a.records} records, {size / 1e6:.1f} MB (seed {a.seed})")

    t0 = time.time()
    kept1, survivor1, n1 = one_process(corpus)
    t_one = time.time() - t0

    t0 = time.time()
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=None)
    client = Client(cluster)
    t_cluster = time.time() - t0
    try:
        t0 = time.time()
        # read_text's blocks are contiguous byte ranges in file order: partition I holds the
        # records before partition I+1's, so pos = [I, n] orders them as one process would
        blocks = db.read_text(corpus, blocksize=max(1, size // a.partitions + 1)).to_delayed()
        mapped = db.from_delayed([delayed(fingerprint_partition)(i, b, a.blocks) for i, b in enumerate(blocks)])
        keyed = mapped.map(lambda s: (band_key_int(s), s))
        groups = keyed.groupby(lambda kv: kv[0], npartitions=a.reducers, shuffle="tasks") \
                      .map(lambda g: (g[0], [kv[1] for kv in g[1]]))
        pairs = groups.map_partitions(reduce_partition).compute()
        t_dist = time.time() - t0
        nparts = len(blocks)
    finally:
        client.close()
        cluster.close()

    t0 = time.time()
    dropped = [json.loads(l) for l in pipe(["dedupe-merge", "--resolve", "-"], pairs)]
    t_resolve = time.time() - t0
    all_ids = {json.loads(l)["id"] for l in open(corpus, encoding="utf-8")}
    dropped_ids = {d["id"] for d in dropped}
    kept2 = all_ids - dropped_ids
    survivor2 = {d["id"]: d["duplicate_of"]["id"] for d in dropped}

    # what "compared with every earlier record" (not only kept ones) would drop: chains
    firsts_with_earlier = {json.loads(p)["b"]["id"] for p in pairs}
    print(f"map+shuffle+reduce: {nparts} map partitions, {a.reducers} reduce partitions, "
          f"{len(pairs)} candidate pairs, {len(dropped)} dropped by resolve")
    print(f"one process  (zhtext run --dedupe -j1): {len(kept1)} kept of {n1}")
    print(f"distributed  (Dask, 2 workers):        {len(kept2)} kept of {len(all_ids)}")
    print(f"(compared with all earlier records, not only kept ones, {len(firsts_with_earlier)} would be dropped)")
    only1, only2 = sorted(kept1 - kept2), sorted(kept2 - kept1)
    surv_diff = sorted(i for i in set(survivor1) | set(survivor2) if survivor1.get(i) != survivor2.get(i))
    print(f"kept only by one process: {len(only1)} {only1[:10]}")
    print(f"kept only by distributed: {len(only2)} {only2[:10]}")
    print(f"survivors differing: {len(surv_diff)} {surv_diff[:10]}")
    print(f"times: one process {t_one:.1f} s, cluster start {t_cluster:.1f} s, map+shuffle+reduce "
          f"{t_dist:.1f} s, resolve {t_resolve:.1f} s, all {time.time() - t_start:.1f} s")
    subprocess.run(["rm", "-rf", tmp])
    same = not only1 and not only2 and not surv_diff and len(all_ids) == n1
    print("EQUAL: the distributed dedupe keeps the same records" if same else "DIFFERENT")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
