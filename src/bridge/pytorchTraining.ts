/**
 * The fixed part of an exported PyTorch script, second half: the optimizers (torch.optim, each tied to the update rule
 * of src/engine/optimizers.ts), the training loop with the engine's validation split, batches, dropout masks and early
 * stopping (src/engine/trainer.ts), and the two modes --cost-json and --save.
 */
export const PYTHON_TRAINING = String.raw`
# ─── Optimizers: Θ := Θ − α·(something of D), every entry of every Θ (biases too) ─────────────────────────────────
# Each one is torch.optim's with nn-viz's settings; the comment gives the rule of src/engine/optimizers.ts, which
# torch.optim computes the same way (state starting at 0). λ is part of J itself, so weight_decay stays 0.
def make_optimizer(params):
    o, alpha = OPTIMIZER, LEARNING_RATE
    if o["name"] == "gd":
        # Θ := Θ − α D
        return torch.optim.SGD(params, lr=alpha)
    if o["name"] == "momentum":
        # v := β v + D;  Θ := Θ − α v  (v starts at 0, so the first v is D, as in torch's SGD)
        return torch.optim.SGD(params, lr=alpha, momentum=o["beta"], dampening=0)
    if o["name"] == "adagrad":
        # G := G + D²;  Θ := Θ − α D / (√G + ε)
        return torch.optim.Adagrad(params, lr=alpha, lr_decay=0, initial_accumulator_value=0, eps=o["epsilon"])
    if o["name"] == "adadelta":
        # E[g²] := ρ E[g²] + (1 − ρ) D²;  Δθ := −√(E[Δθ²] + ε) / √(E[g²] + ε) · D;  E[Δθ²] := ρ E[Δθ²] + (1 − ρ) Δθ²;
        # Θ := Θ + α Δθ  (α = 1 is Zeiler's rule; α scales the step, in nn-viz as in torch)
        return torch.optim.Adadelta(params, lr=alpha, rho=o["rho"], eps=o["epsilon"])
    if o["name"] == "rmsprop":
        # E := ρ E + (1 − ρ) D²;  Θ := Θ − α D / (√E + ε)  (torch calls ρ "alpha")
        return torch.optim.RMSprop(params, lr=alpha, alpha=o["rho"], eps=o["epsilon"])
    if o["name"] == "adam":
        # m := β1 m + (1 − β1) D;  v := β2 v + (1 − β2) D²;  Θ := Θ − α m̂ / (√v̂ + ε)  with the bias corrections
        # m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t)
        return torch.optim.Adam(params, lr=alpha, betas=(o["beta1"], o["beta2"]), eps=o["epsilon"])
    raise ValueError("unknown optimizer " + o["name"])


# ─── Training, as src/engine/trainer.ts ──────────────────────────────────────────────────────────────────────────
def split(m):
    """The validation split: a seeded shuffle of 0 … m−1, the last round(m · split) held out; both parts sorted."""
    m_val = min(m - 1, math.floor(m * VALIDATION_SPLIT + 0.5))
    perm = list(range(m))
    if m_val > 0:
        Random.derive(SEED, "split").shuffle(perm)
    return sorted(perm[: m - m_val]), sorted(perm[m - m_val :])


def dropout_masks(rng, b):
    """1 = kept. One draw per unit of each hidden layer with p > 0, sample by sample, layer by layer."""
    masks = []
    for l, p in enumerate(DROPOUT):
        if p > 0:
            s = SIZES[l + 1]
            keep = [0.0 if rng.next() < p else 1.0 for _ in range(b * s)]
            masks.append(torch.tensor(keep, dtype=torch.float64).view(b, s))
        else:
            masks.append(None)
    return masks if any(mk is not None for mk in masks) else None


def to(masks, device):
    return None if masks is None else [None if mk is None else mk.to(device) for mk in masks]


def train(epochs, device, log):
    """Trains as the file says; returns the network and the epochs run. Exits 1 when J(Θ) is no longer finite."""
    X, Y = load_data()
    train_rows, val_rows = split(X.shape[0])
    Xt, Yt = X[train_rows].to(device), Y[train_rows].to(device)
    Xv, Yv = X[val_rows].to(device), Y[val_rows].to(device)
    m = len(train_rows)
    B = m if BATCH_SIZE == 0 else min(BATCH_SIZE, m)  # B = 0: full batch
    shuffle_rng, dropout_rng = Random.derive(SEED, "shuffle"), Random.derive(SEED, "dropout")
    order = list(range(m))
    model = Network(THETA).to(device)
    optimizer = make_optimizer(model.parameters())
    best, best_epoch, best_theta, wait = math.inf, None, None, 0
    for epoch in range(1, epochs + 1):
        # Full batch keeps the training order; mini-batches reshuffle the previous epoch's order every epoch.
        order = order if B < m else list(range(m))
        if B < m:
            shuffle_rng.shuffle(order)
        diverged = False
        for start in range(0, m, B):
            rows = order[start : start + B]  # the last batch may be smaller
            optimizer.zero_grad()
            J = cost(model, Xt[rows], Yt[rows], LAMBDA, to(dropout_masks(dropout_rng, len(rows)), device))
            J.backward()  # D^(l) = (1/B) Δ^(l) + (λ/B) Θ^(l) (j ≠ 0), by autograd
            optimizer.step()
            if not math.isfinite(J.item()):
                diverged = True
                break
        with torch.no_grad():  # evaluation: no dropout; J with λ on the training part, the validation cost without
            J = cost(model, Xt, Yt, LAMBDA).item()
            J_val = cost(model, Xv, Yv, 0).item() if len(val_rows) > 0 else None
        if diverged or not math.isfinite(J):
            log("training diverged (J(Θ) is not finite) at epoch %d; try a smaller learning rate α" % epoch)
            sys.exit(1)
        log("epoch %d/%d  J = %.6g%s" % (epoch, epochs, J, "" if J_val is None else "  J_cv = %.6g" % J_val))
        if EARLY_STOPPING is not None:
            monitor = J if J_val is None else J_val
            if monitor < best - EARLY_STOPPING["minDelta"]:
                best, best_epoch, wait = monitor, epoch, 0
                if EARLY_STOPPING["restoreBest"]:
                    best_theta = [p.detach().clone() for p in model.parameters()]
            else:
                wait += 1
                if wait >= EARLY_STOPPING["patience"]:
                    if best_theta is not None:
                        with torch.no_grad():
                            for p, saved in zip(model.parameters(), best_theta):
                                p.copy_(saved)
                    log("early stopping after epoch %d; Θ from epoch %s" % (epoch, best_epoch or epoch))
                    return model, epoch
    return model, epochs


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cost-json", action="store_true", help="print {cost, gradients} at the file's weights")
    parser.add_argument("--epochs", type=int, default=EPOCHS, help="epochs to train (default %(default)s)")
    parser.add_argument("--save", metavar="TRAINED.nn.json", help="write the trained network as a .nn.json")
    parser.add_argument("--device", default="cpu", help="torch device, e.g. cuda (parity holds on the CPU)")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    args = parser.parse_args()
    if args.cost_json:
        # J(Θ) and D^(l) at the file's weights, on every sample (no validation split, no dropout), with its λ.
        model = Network(THETA)
        X, Y = load_data()
        J = cost(model, X, Y, LAMBDA)
        J.backward()
        print(json.dumps({"cost": J.item(), "gradients": gradients(model)}))
        return
    every = max(1, math.ceil(args.epochs / 20))

    def log(line):
        epoch = line.split(" ")[1].split("/")[0] if line.startswith("epoch ") else None
        if not args.quiet and (epoch is None or epoch in ("1", str(args.epochs)) or int(epoch) % every == 0):
            print(line, file=sys.stderr)

    model, ran = train(args.epochs, torch.device(args.device), log)
    if args.save:
        document = dict(DOCUMENT)
        document["weights"] = model.theta()
        with open(args.save, "w", encoding="utf-8") as f:
            json.dump(document, f, indent=2, ensure_ascii=False)
            f.write("\n")
        log("wrote %s with the weights after %d epochs" % (args.save, ran))
    else:
        log("weights not saved (use --save TRAINED.nn.json)")


if __name__ == "__main__":
    main()
`;
