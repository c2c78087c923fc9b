#!/usr/bin/env python3
"""hnswlib on the same vectors, queries and exact answers as bench-index: the anchor its latency
is compared with in the same run (Debian's python3-hnswlib; optional).

    python3 src/main/python/hnswlib_bench.py DIR --m 32 --ef-construction 200 --ef 50,100,200,400

With --index FILE (bench-index --reuse) the built index is saved to FILE, and a later run with the
same items and graph loads it instead of building it again.

DIR holds what bench-index wrote: vectors.f32 (n x dim float32, little-endian), queries.f32
(q x dim), truth.i32 (q x 10 item numbers), meta.json ({"items", "queries", "dim"}). Builds one
index on all cores, then for each ef searches every query one at a time on one thread (as Lucene
is timed) and prints one JSON object per ef: recall@10, p50 and p99 in milliseconds.
"""

import argparse
import json
import os
import sys
import time

import hnswlib
import numpy as np


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("dir")
    parser.add_argument("--m", type=int, required=True)
    parser.add_argument("--ef-construction", type=int, required=True)
    parser.add_argument("--ef", required=True, help="comma-separated ef values to measure")
    parser.add_argument("--index", help="load the index from this file if a run saved it there, else build it and save it")
    args = parser.parse_args()

    with open(os.path.join(args.dir, "meta.json")) as f:
        meta = json.load(f)
    n, q, dim = meta["items"], meta["queries"], meta["dim"]
    vectors = np.fromfile(os.path.join(args.dir, "vectors.f32"), dtype="<f4").reshape(n, dim)
    queries = np.fromfile(os.path.join(args.dir, "queries.f32"), dtype="<f4").reshape(q, dim)
    truth = np.fromfile(os.path.join(args.dir, "truth.i32"), dtype="<i4").reshape(q, 10)

    # Inner product on unit vectors is cosine, as the Lucene index's DOT_PRODUCT.
    index = hnswlib.Index(space="ip", dim=dim)
    record = args.index + ".json" if args.index else None
    if args.index and os.path.exists(args.index) and os.path.exists(record):
        with open(record) as f:
            built = json.load(f)
        wanted = {"items": n, "dim": dim, "m": args.m, "efConstruction": args.ef_construction}
        if any(built.get(key) != value for key, value in wanted.items()):
            sys.exit(f"{args.index} holds another index ({built}, this run asks for {wanted}); remove it")
        index.load_index(args.index, max_elements=n)
        print(json.dumps({"buildSeconds": built["buildSeconds"], "loaded": True}), flush=True)
    else:
        index.init_index(max_elements=n, M=args.m, ef_construction=args.ef_construction, random_seed=11)
        start = time.perf_counter()
        index.add_items(vectors, np.arange(n), num_threads=os.cpu_count())
        build = round(time.perf_counter() - start, 1)
        if args.index:
            index.save_index(args.index)
            with open(record, "w") as f:
                json.dump({"items": n, "dim": dim, "m": args.m, "efConstruction": args.ef_construction, "buildSeconds": build}, f)
        print(json.dumps({"buildSeconds": build}), flush=True)
    index.set_num_threads(1)

    for ef in [int(e) for e in args.ef.split(",")]:
        index.set_ef(max(ef, 10))
        for query in queries:  # one untimed pass, as the Lucene side is warmed (native code: no JIT to wait for)
            index.knn_query(query.reshape(1, dim), k=10)
        millis = np.empty(q)
        found = 0
        for i, query in enumerate(queries):
            start = time.perf_counter()
            labels, _ = index.knn_query(query.reshape(1, dim), k=10)
            millis[i] = (time.perf_counter() - start) * 1000
            found += len(set(labels[0].tolist()) & set(truth[i].tolist()))
        millis.sort()
        rank = lambda p: millis[max(0, min(q - 1, int(np.ceil(p / 100 * q)) - 1))]
        print(json.dumps({"ef": ef, "recallAt10": found / (10.0 * q), "p50Ms": round(float(rank(50)), 4),
                          "p99Ms": round(float(rank(99)), 4)}), flush=True)


if __name__ == "__main__":
    sys.exit(main())
