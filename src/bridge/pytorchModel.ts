/**
 * The fixed part of an exported PyTorch script, first half: nn-viz's seeded random numbers ported bit for bit, the
 * network as nn.Linear layers, and the lecture's cost J(Θ). Python source kept verbatim (String.raw: backslashes
 * stay as written); pytorch.ts puts the file's own numbers in front of it.
 */
export const PYTHON_MODEL = String.raw`
# ─── Seeded random numbers: src/engine/random.ts, bit for bit ─────────────────────────────────────────────────────
# xoshiro128** seeded through splitmix32, 32-bit integer arithmetic only, so the validation split, the order of the
# samples in every epoch and the dropout masks are the ones nn-viz draws from the same seed.
M32 = 0xFFFFFFFF


def imul(a, b):
    """JavaScript's Math.imul: the low 32 bits of a·b."""
    return (a * b) & M32


def rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M32


class Random:
    def __init__(self, seed):
        x = int(seed) & M32
        s = []
        for _ in range(4):  # splitmix32
            x = (x + 0x9E3779B9) & M32
            z = imul(x ^ (x >> 16), 0x85EBCA6B)
            z = imul(z ^ (z >> 13), 0xC2B2AE35)
            s.append((z ^ (z >> 16)) & M32)
        if not any(s):
            s[0] = 1
        self.s = s

    @staticmethod
    def derive(seed, salt):
        """One independent stream per purpose ('split', 'shuffle', 'dropout'), as Random.derive in the engine."""
        h = (int(seed) & M32) ^ 0x811C9DC5
        for ch in salt:
            h = imul(h ^ ord(ch), 0x01000193)
        return Random(h)

    def next_uint32(self):
        s0, s1, s2, s3 = self.s
        result = imul(rotl(imul(s1, 5), 7), 9)
        t = (s1 << 9) & M32
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 11)
        self.s = [s0, s1, s2, s3]
        return result

    def next(self):
        """Uniform in [0, 1) with 32 random bits."""
        return self.next_uint32() / 4294967296.0

    def below(self, n):
        """A uniform integer in 0 … n−1."""
        return math.floor(self.next() * n)

    def shuffle(self, a):
        """Fisher–Yates in place, from the last position down, as the engine does."""
        for i in range(len(a) - 1, 0, -1):
            j = self.below(i + 1)
            a[i], a[j] = a[j], a[i]
        return a


# ─── The network ──────────────────────────────────────────────────────────────────────────────────────────────────
def g(name, z):
    """The activation g of the lecture."""
    if name == "sigmoid":
        return torch.sigmoid(z)  # 1 / (1 + e^(−z))
    if name == "tanh":
        return torch.tanh(z)
    if name == "relu":
        return torch.relu(z)  # max(0, z)
    if name == "softmax":
        return torch.softmax(z, dim=1)  # e^(z_k) / Σ_j e^(z_j), output layer only
    return z  # linear


class Network(nn.Module):
    """Θ^(l) (s_{l+1} × (s_l + 1), bias column first) as nn.Linear: weight = Θ^(l)[:, 1:], bias = Θ^(l)[:, 0]."""

    def __init__(self, theta):
        super().__init__()
        self.layers = nn.ModuleList()
        for l, rows in enumerate(theta):
            T = torch.tensor(rows, dtype=torch.float64)
            linear = nn.Linear(SIZES[l], SIZES[l + 1])
            with torch.no_grad():
                linear.weight.copy_(T[:, 1:])
                linear.bias.copy_(T[:, 0])
            self.layers.append(linear)

    def theta(self):
        """Θ^(1), Θ^(2), … as lists of rows, bias column first (the .nn.json "weights")."""
        return [torch.cat([lin.bias.detach()[:, None], lin.weight.detach()], 1).cpu().tolist() for lin in self.layers]

    def forward(self, x, masks=None):
        """z^(L) and a^(L) = h_Θ(x) for a batch (one sample per row). masks[l]: 1 = unit kept (dropout)."""
        a = x
        for l, linear in enumerate(self.layers):
            z = linear(a)  # z^(l+1) = Θ^(l) a^(l), the bias unit a_0 = 1 times the bias column
            a = g(ACTIVATIONS[l], z)  # a^(l+1) = g(z^(l+1))
            if masks is not None and masks[l] is not None:
                # inverted dropout: dropped units give 0, kept ones are scaled by 1 / (1 − p)
                a = a * masks[l] * (1.0 / (1.0 - DROPOUT[l]))
        return z, a


def softplus(x):
    """log(1 + e^x) = max(x, 0) + log1p(e^(−|x|)), never overflowing; its derivative is σ(x)."""
    return torch.logaddexp(torch.zeros_like(x), x)


def cost(model, X, Y, lam, masks=None):
    """J(Θ) of the slide: the data term summed over the K outputs and divided by m, plus λ/(2m) Σ Θ² over every Θ
    without its bias column. (Not BCELoss(reduction='mean'), which would divide by m·K.)"""
    m = X.shape[0]
    z, h = model(X, masks)
    if LOSS == "mse":
        data = (0.5 * (h - Y) ** 2).sum()  # 1/(2m) Σ_i Σ_k (h_k − y_k)²
    elif ACTIVATIONS[-1] == "sigmoid":
        # −[y log σ(z) + (1 − y) log(1 − σ(z))] = y·softplus(−z) + (1 − y)·softplus(z): finite for every z
        data = (Y * softplus(-z) + (1 - Y) * softplus(z)).sum()
    elif ACTIVATIONS[-1] == "softmax":
        data = -(Y * (z - torch.logsumexp(z, dim=1, keepdim=True))).sum()  # −Σ_k y_k log h_k
    else:
        c = h.clamp(LOG_EPSILON, 1 - LOG_EPSILON)  # tanh, ReLU or linear outputs: h kept inside (0, 1)
        data = -(Y * torch.log(c) + (1 - Y) * torch.log(1 - c)).sum()
    reg = sum((linear.weight**2).sum() for linear in model.layers)  # Σ_l Σ_j Σ_{i≥1} (Θ_ji^(l))²
    return data / m + lam / (2 * m) * reg


def gradients(model):
    """D^(l) = ∂J/∂Θ^(l) from autograd, as lists of rows with Θ's shape, bias column first."""
    return [torch.cat([lin.bias.grad[:, None], lin.weight.grad], 1).cpu().tolist() for lin in model.layers]


def load_data():
    """X (m × n) and Y (m × K), every sample of the file's data set, in file order."""
    if DATA_FILE is None:
        return torch.tensor(X_ROWS, dtype=torch.float64), torch.tensor(Y_ROWS, dtype=torch.float64)
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), DATA_FILE), encoding="utf-8") as f:
        d = json.load(f)
    return torch.tensor(d["X"], dtype=torch.float64), torch.tensor(d["Y"], dtype=torch.float64)
`;
