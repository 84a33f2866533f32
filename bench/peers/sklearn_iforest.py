"""scikit-learn's IsolationForest on the rows nad's baseline bench writes (bench/baseline/sklearn.ts).

argv: train.f32 test.f32 width trees max_samples seed out.f64
Fits IsolationForest(n_estimators=trees, max_samples=max_samples, random_state=seed) on the
training rows and writes -score_samples(test) (the anomaly score s of Liu et al.) as float64.
"""
import sys
import time

import numpy as np
from sklearn.ensemble import IsolationForest

train_path, test_path, width, trees, max_samples, seed, out = sys.argv[1:8]
width = int(width)
train = np.fromfile(train_path, dtype=np.float32).reshape(-1, width)
test = np.fromfile(test_path, dtype=np.float32).reshape(-1, width)
t0 = time.perf_counter()
model = IsolationForest(n_estimators=int(trees), max_samples=int(max_samples), random_state=int(seed))
model.fit(train)
t1 = time.perf_counter()
scores = -model.score_samples(test)
t2 = time.perf_counter()
scores.astype(np.float64).tofile(out)
print('{"fitSeconds": %f, "scoreSeconds": %f}' % (t1 - t0, t2 - t1))
