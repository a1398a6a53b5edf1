"""Time per train step of a benchmark model in PyTorch: the twins of bench/models.ts.

Usage: /usr/bin/python3 packages/onnxruntime/bench/train_step_torch.py
         [--model mlp|cnn|resnet] [--steps 500] [--warmup 50] [--threads 1] [--optimizer sgd|adam] [--json]
(Debian's python3-torch with OpenBLAS.) Batch 128, SGD momentum 0.9 (lr 0.01) or Adam (lr 1e-3).
"""
import argparse
import json
import os
import time

parser = argparse.ArgumentParser()
parser.add_argument("--model", choices=["mlp", "cnn", "resnet"], default="mlp")
parser.add_argument("--steps", type=int, default=500)
parser.add_argument("--warmup", type=int, default=50)
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--json", action="store_true")
parser.add_argument("--optimizer", choices=["sgd", "adam"], default="sgd")
args = parser.parse_args()

# OpenBLAS (pthread build) sizes its own pool from this, not from torch.set_num_threads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(args.threads))
import torch  # noqa: E402  (after the environment is set)
from torch import nn  # noqa: E402

torch.set_num_threads(args.threads)
torch.manual_seed(1)
batch = 128


class BasicBlock(nn.Module):
    """ResNet's BasicBlock, as bench/models.ts builds it with residual() and batchNorm()."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.main = nn.Sequential(
            nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False),
            nn.BatchNorm2d(cout),
            nn.ReLU(),
            nn.Conv2d(cout, cout, 3, padding=1, bias=False),
            nn.BatchNorm2d(cout),
        )
        self.shortcut = (
            nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout))
            if stride != 1 or cin != cout
            else nn.Identity()
        )

    def forward(self, x):
        return torch.relu(self.main(x) + self.shortcut(x))


def build(name):
    if name == "mlp":
        return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10)), (784,)
    if name == "cnn":
        return nn.Sequential(
            nn.Conv2d(1, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(16, 32, 5), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(32 * 4 * 4, 128), nn.ReLU(), nn.Linear(128, 10),
        ), (1, 28, 28)
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(16), nn.ReLU(),
        BasicBlock(16, 16, 1), BasicBlock(16, 32, 2), BasicBlock(32, 64, 2),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(64, 10),
    ), (1, 28, 28)


model, input_shape = build(args.model)
model.train()
if args.optimizer == "adam":
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
else:
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()
batches = [(torch.rand(batch, *input_shape), torch.randint(0, 10, (batch,))) for _ in range(8)]

times = []
# CPU time of the process per step (see train-step.ts: less sensitive than wall time to load).
cpu_times = []
for i in range(args.warmup + args.steps):
    x, y = batches[i % len(batches)]
    start = time.perf_counter()
    cpu_start = time.process_time()
    optimizer.zero_grad(set_to_none=True)
    loss = loss_fn(model(x), y)
    loss.backward()
    optimizer.step()
    loss.item()  # the ONNX trainer returns the loss too
    ms = (time.perf_counter() - start) * 1000
    cpu_ms = (time.process_time() - cpu_start) * 1000
    if i >= args.warmup:
        times.append(ms)
        cpu_times.append(cpu_ms)
times.sort()
cpu_times.sort()
median = times[len(times) // 2]
p10 = times[int(len(times) * 0.1)]
p90 = times[int(len(times) * 0.9)]
result = {"backend": "pytorch", "torch": torch.__version__, "model": args.model, "optimizer": args.optimizer,
          "threads": args.threads, "openblasThreads": os.environ["OPENBLAS_NUM_THREADS"], "steps": args.steps,
          "medianMs": median, "p10Ms": p10, "p90Ms": p90, "cpuMedianMs": cpu_times[len(cpu_times) // 2]}
if args.json:
    print(json.dumps(result))
else:
    print(f"pytorch {torch.__version__} {args.model} {args.optimizer} threads={args.threads}: median {median:.3f} ms/step "
          f"(p10 {p10:.3f}, p90 {p90:.3f}) over {args.steps} steps; CPU median {result['cpuMedianMs']:.3f} ms/step")
