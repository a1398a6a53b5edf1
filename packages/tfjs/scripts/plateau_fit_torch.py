"""PyTorch's ReduceLROnPlateau on the val_loss sequence of the tfjs plateau fit test.

    /usr/bin/python3 packages/tfjs/scripts/plateau_fit_torch.py

Reads packages/tfjs/src/__tests__/fixtures/plateau-fit.json (valLoss, written by the test with
CYCLR_WRITE_FIXTURE=1) and adds torchLr (the optimizer's lr after each step(val_loss)) and
torchReducedAfterEpoch. The tests never need Python.
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
sched = ReduceLROnPlateau(opt, mode=p.get("mode", "min"), factor=p["factor"],
                          patience=p["patience"], cooldown=p.get("cooldown", 0),
                          min_lr=p.get("minLr", 0))
lrs = []
for metric in doc["valLoss"]:
    sched.step(metric)
    lrs.append(opt.param_groups[0]["lr"])
doc["torch"] = f"ReduceLROnPlateau(SGD(lr={doc['lr0']}), factor={p['factor']}, patience={p['patience']}, cooldown={p.get('cooldown', 0)}, min_lr={p.get('minLr', 0)}), PyTorch {torch.__version__}"
doc["torchLr"] = lrs
doc["torchReducedAfterEpoch"] = [e for e in range(len(lrs)) if lrs[e] != (lrs[e - 1] if e else doc["lr0"])]
with open(PATH, "w") as f:
    json.dump(doc, f, indent=1)
    f.write("\n")
print(doc["torchReducedAfterEpoch"])
