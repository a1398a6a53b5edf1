"""PyTorch's ReduceLROnPlateau on the loss sequence of the onnxruntime plateau test.

    /usr/bin/python3 packages/onnxruntime/scripts/plateau_fit_torch.py

Reads packages/onnxruntime/src/__tests__/fixtures/plateau-fit.json ("losses", written by the test
with CYCLR_WRITE_FIXTURE=1), adds "torchLr" (the optimizer's lr after each step(loss)) and
"torchReducedAfterEpoch", and fails if any comparison with the threshold is closer than 1e-4
relative (onnxruntime's float32 kernels may differ by ~1e-6 between CPUs). Tests never need Python.
"""

import json
import os

import torch
from torch.optim import SGD
from torch.optim.lr_scheduler import ReduceLROnPlateau

PATH = os.path.join(os.path.dirname(__file__), "..", "src", "__tests__", "fixtures",
                    "plateau-fit.json")
with open(PATH) as f:
    doc = json.load(f)
p = doc["plateau"]
opt = SGD([torch.nn.Parameter(torch.zeros(1))], lr=doc["lr0"])
sched = ReduceLROnPlateau(opt, factor=p["factor"], patience=p["patience"], threshold=p["threshold"])
lrs = []
for loss in doc["losses"]:
    if sched.best != float("inf"):
        bound = sched.best * (1 - p["threshold"])
        margin = abs(loss - bound) / abs(bound)
        assert margin > 1e-4, f"loss {loss} is {margin:.2e} from the threshold {bound}"
    sched.step(loss)
    lrs.append(opt.param_groups[0]["lr"])
doc["torch"] = f"ReduceLROnPlateau(SGD(lr={doc['lr0']}), factor={p['factor']}, patience={p['patience']}, threshold={p['threshold']}), PyTorch {torch.__version__}"
doc["torchLr"] = lrs
doc["torchReducedAfterEpoch"] = [e for e in range(len(lrs)) if lrs[e] != (lrs[e - 1] if e else doc["lr0"])]
with open(PATH, "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
print(doc["torchReducedAfterEpoch"], [round(v, 5) for v in doc["losses"]])
