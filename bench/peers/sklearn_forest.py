"""scikit-learn peer of bench/forest.ts (run with Debian's /usr/bin/python3).

usage: sklearn_forest.py <bench-data-dir> <train-rows or 0> <trees> <predictions-out>
Trains RandomForestClassifier(n_estimators=<trees>, n_jobs=2) on the matrices cached by
bench/forest-data.ts, predicts `corrected`, writes the predicted class per row as bytes and
prints one JSON line: fit seconds, predict seconds, peak RSS in bytes.

usage: sklearn_forest.py whole <kdd-file(.gz)> <trees>
The peer of a whole `nad train`: reads the KDD file with pandas (gzip by its name), encodes the
symbolic columns and the labels as integer codes, fits RandomForestClassifier(n_estimators=<trees>,
n_jobs=2) on the 23 labels and prints one JSON line: read seconds, fit seconds (imports excluded).
"""
import json
import os
import resource
import sys
import time

import numpy as np
from sklearn.ensemble import RandomForestClassifier


def whole(path: str, trees: int) -> None:
    import pandas as pd

    t0 = time.perf_counter()
    df = pd.read_csv(path, header=None)
    for c in (1, 2, 3, 41):
        df[c] = pd.factorize(df[c])[0]
    X = df.iloc[:, :41].to_numpy(dtype=np.float32)
    y = df[41].to_numpy()
    t1 = time.perf_counter()
    RandomForestClassifier(n_estimators=trees, n_jobs=2, random_state=1).fit(X, y)
    t2 = time.perf_counter()
    print(json.dumps({"rows": len(y), "readSeconds": t1 - t0, "fitSeconds": t2 - t1}))


def main() -> None:
    if sys.argv[1] == "whole":
        whole(sys.argv[2], int(sys.argv[3]))
        return
    data_dir, rows_arg, trees_arg, out_path = sys.argv[1:5]
    with open(os.path.join(data_dir, "meta.json")) as f:
        meta = json.load(f)
    p = meta["nFeatures"]
    n_train = int(rows_arg) or meta["nTrain"]
    X = np.fromfile(os.path.join(data_dir, "train.X.f32"), dtype="<f4").reshape(-1, p)[:n_train]
    y = np.fromfile(os.path.join(data_dir, "train.y.u8"), dtype=np.uint8)[:n_train]
    X_test = np.fromfile(os.path.join(data_dir, "test.X.f32"), dtype="<f4").reshape(-1, p)
    model = RandomForestClassifier(n_estimators=int(trees_arg), n_jobs=2, random_state=1)
    t0 = time.perf_counter()
    model.fit(X, y)
    t1 = time.perf_counter()
    pred = model.predict(X_test)
    t2 = time.perf_counter()
    pred.astype(np.uint8).tofile(out_path)
    max_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    print(json.dumps({"fitSeconds": t1 - t0, "predictSeconds": t2 - t1, "maxRssBytes": max(max_rss, children)}))


if __name__ == "__main__":
    main()
