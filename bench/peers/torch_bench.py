"""PyTorch peer of `npm run bench` (bench/lib/peers.mjs drives it over stdin/stdout, one JSON line per command).

The same networks, data, batch size, learning rate and plain gradient descent as our engine: sigmoid hidden and
output units, cross-entropy (sigmoid, summed over the K outputs and averaged over the batch, as J(Θ)), the rows of
every batch gathered from a freshly shuffled order each epoch. One thread (torch.set_num_threads(1)).

Commands (one JSON object per line):
  {"load": NAME, "sizes": [...], "batch": B, "lr": α, "x": FILE, "y": FILE, "m": m}   X, Y as float64 binary files
  {"run": NAME, "dtype": "float64"|"float32", "seconds": S}   → {"wall": samples/s, "cpu": samples/CPU-second}
  {"check": NAME, "dtype": ...}                               → {"J": J on the whole set}
"""
import json
import sys
import time

import numpy as np
import torch

torch.set_num_threads(1)
torch.manual_seed(1)

models = {}


def make(sizes, dtype):
    layers = []
    for l in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[l], sizes[l + 1]).to(dtype))
        if l + 2 < len(sizes):
            layers.append(torch.nn.Sigmoid())
    return torch.nn.Sequential(*layers)  # logits: the output sigmoid is inside the loss


def load(cmd):
    m = cmd["m"]
    sizes = cmd["sizes"]
    X = np.fromfile(cmd["x"], dtype=np.float64).reshape(m, sizes[0])
    Y = np.fromfile(cmd["y"], dtype=np.float64).reshape(m, sizes[-1])
    for dtype, name in ((torch.float64, "float64"), (torch.float32, "float32")):
        net = make(sizes, dtype)
        models[(cmd["load"], name)] = {
            "net": net,
            "opt": torch.optim.SGD(net.parameters(), lr=cmd["lr"]),
            "X": torch.from_numpy(X).to(dtype),
            "Y": torch.from_numpy(Y).to(dtype),
            "batch": cmd["batch"],
            "m": m,
            "order": torch.randperm(m),
            "cursor": 0,
        }
    return {"ok": True, "torch": torch.__version__, "threads": torch.get_num_threads()}


def cost(model, xb, yb):
    logits = model["net"](xb)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, yb, reduction="sum")
    return loss / xb.shape[0]


def run(cmd):
    model = models[(cmd["run"], cmd["dtype"])]
    B, m = model["batch"], model["m"]
    samples = 0
    t0, c0 = time.perf_counter(), time.process_time()
    t = t0
    while t - t0 < cmd["seconds"]:
        if model["cursor"] >= m:
            model["order"] = torch.randperm(m)
            model["cursor"] = 0
        b = min(B, m - model["cursor"])
        rows = model["order"][model["cursor"] : model["cursor"] + b]
        model["cursor"] += b
        xb, yb = model["X"].index_select(0, rows), model["Y"].index_select(0, rows)
        model["opt"].zero_grad()
        cost(model, xb, yb).backward()
        model["opt"].step()
        samples += b
        t = time.perf_counter()
    return {"wall": samples / (t - t0), "cpu": samples / max(time.process_time() - c0, 1e-9)}


def check(cmd):
    model = models[(cmd["check"], cmd["dtype"])]
    with torch.no_grad():
        return {"J": float(cost(model, model["X"], model["Y"]))}


for line in sys.stdin:
    cmd = json.loads(line)
    try:
        if "load" in cmd:
            out = load(cmd)
        elif "run" in cmd:
            out = run(cmd)
        else:
            out = check(cmd)
    except Exception as e:  # reported to the bench, which marks the peer as failed with the reason
        out = {"error": f"{type(e).__name__}: {e}"}
    sys.stdout.write(json.dumps(out) + "\n")
    sys.stdout.flush()
