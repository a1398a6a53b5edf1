"""Time per train step of the reference MLP 784-256-10, batch 128, SGD momentum 0.9, in PyTorch.

Usage: /usr/bin/python3 packages/onnxruntime/bench/mlp_torch.py [--steps 500] [--threads 1] [--json]
(Debian's python3-torch with OpenBLAS.)
"""
import argparse
import json
import os
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("--steps", type=int, default=500)
parser.add_argument("--warmup", type=int, default=50)
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--json", action="store_true")
parser.add_argument("--optimizer", choices=["sgd", "adam"], default="sgd")
args = parser.parse_args()

# OpenBLAS (pthread build) sizes its own pool from this, not from torch.set_num_threads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(args.threads))
import torch  # noqa: E402  (after the environment is set)

torch.set_num_threads(args.threads)
torch.manual_seed(1)
batch = 128
model = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 10))
if args.optimizer == "adam":
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
else:
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
loss_fn = torch.nn.CrossEntropyLoss()
batches = [(torch.rand(batch, 784), torch.randint(0, 10, (batch,))) for _ in range(8)]

times = []
for i in range(args.warmup + args.steps):
    x, y = batches[i % len(batches)]
    start = time.perf_counter()
    optimizer.zero_grad(set_to_none=True)
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    loss.item()  # the ONNX trainer returns the loss too
    ms = (time.perf_counter() - start) * 1000
    if i >= args.warmup:
        times.append(ms)
times.sort()
median = times[len(times) // 2]
p10 = times[int(len(times) * 0.1)]
p90 = times[int(len(times) * 0.9)]
result = {"backend": "pytorch", "torch": torch.__version__, "optimizer": args.optimizer, "threads": args.threads, "openblasThreads": os.environ["OPENBLAS_NUM_THREADS"], "steps": args.steps,
          "medianMs": median, "p10Ms": p10, "p90Ms": p90}
if args.json:
    print(json.dumps(result))
else:
    print(f"pytorch {torch.__version__} threads={args.threads}: median {median:.3f} ms/step "
          f"(p10 {p10:.3f}, p90 {p90:.3f}) over {args.steps} steps")
