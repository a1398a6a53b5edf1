"""Runs the playground's generated PyTorch setup code and records the rates torch produces.

Reads [{"name", "setup", "totalSteps", "record"}] as JSON on stdin; for each case it executes the
generated setup (imports, model, optimizer, scheduler), then steps optimizer and scheduler once
per batch as the generated loop does, recording lr and momentum of param group 0 at the steps
listed in "record". Writes {"torch": version, "cases": [{"name", "values": [[step, lr, m]]}]}.
"""
import json
import sys
import warnings

import torch

warnings.filterwarnings("ignore")  # torch 1.13 warns about SequentialLR's internal step(0)


def run(case):
    namespace = {}
    exec(case["setup"], namespace)
    optimizer = namespace["optimizer"]
    scheduler = namespace["scheduler"]
    record = set(case["record"])
    values = []
    for step in range(case["totalSteps"]):
        group = optimizer.param_groups[0]
        if step in record:
            values.append([step, group["lr"], group.get("momentum")])
        optimizer.step()
        scheduler.step()
    return {"name": case["name"], "values": values}


cases = json.load(sys.stdin)
json.dump({"torch": torch.__version__, "cases": [run(c) for c in cases]}, sys.stdout)
