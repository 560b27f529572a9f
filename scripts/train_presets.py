"""Train the lessons' networks (issue 14) with PyTorch and write them as presets.

Run with the tools venv (torch 2.13, CPU), from the repository root:

    /work/toolsvenv/bin/python scripts/train_presets.py            # every task
    /work/toolsvenv/bin/python scripts/train_presets.py depth sine  # some of them

Each task is small (a few hundred Adam steps on a few units, well under two minutes on one
core), seeded, and trained in float64, so the weights written are the float64 values torch
holds. For each it writes

- ``app/presets/trained-<id>.json``: a preset (a complete /api/v1/forward request, PyTorch
  state_dict + readout) with a ``training`` record: the task, the data, the seed, the steps,
  the held-out metric, and the units the script found doing something (``units``: quantity,
  unit index, what it tracks, Pearson r on the held-out data);
- ``tests/fixtures/trained/<id>.json``: the held-out data (inputs and targets) and the metric,
  which tests/test_trained_presets.py recomputes with the NumPy engine.

Tasks: ``depth`` (an LSTM reading brackets outputs the nesting depth), ``memory`` (one bit
at step 0 recalled after a long noisy gap: the same task, budget and seed for RNN, GRU and
LSTM), ``sine`` (numbers in, the next value of a sine wave out), ``chars`` (a character
model of two Blake poems, scripts/data/blake.txt, softmax over the next character).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parent.parent
PRESETS = ROOT / "app" / "presets"
HELDOUT = ROOT / "tests" / "fixtures" / "trained"
TORCH = torch.__version__

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)  # a shared machine; also makes the runs repeatable


class Net(nn.Module):
    """One recurrent layer and a dense readout on every step: rnnscope's model with a readout."""

    def __init__(self, cell: str, inputs: int, hidden: int, outputs: int) -> None:
        super().__init__()
        self.rnn = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}[cell](inputs, hidden, batch_first=True)
        self.readout = nn.Linear(hidden, outputs)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """x: (B, T, I) -> (readout logits (B, T, O), output h (B, T, H))."""
        out, _ = self.rnn(x)
        return self.readout(out), out

    def states(self, x: torch.Tensor) -> dict[str, np.ndarray]:
        """The h (and LSTM c) of every step, (B, T, H), by running one step at a time."""
        with torch.no_grad():
            out, _ = self.rnn(x)
            h = out.numpy()
            if not isinstance(self.rnn, nn.LSTM):
                return {"h": h}
            T = x.shape[1]
            cs, state = [], None
            for t in range(T):
                _, state = self.rnn(x[:, t : t + 1], state)
                cs.append(state[1][0].numpy())
            return {"h": h, "c": np.stack(cs, axis=1)}


def train(net: Net, batches, loss_fn, steps: int, lr: float, clip: float = 1.0) -> float:
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    value = float("nan")
    for _ in range(steps):
        x, y = batches()
        loss = loss_fn(net, x, y)
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(net.parameters(), clip)
        opt.step()
        value = float(loss.detach())
    return value


def weights(net: Net) -> dict:
    sd = {k.removeprefix("rnn."): v.tolist() for k, v in net.state_dict().items() if k.startswith("rnn.")}
    ro = net.readout
    return {
        "format": "pytorch",
        "state_dict": sd,
        "readout": {"weight": ro.weight.tolist(), "bias": ro.bias.tolist()},
    }


def best_units(states: dict[str, np.ndarray], quantity: np.ndarray, what: str, mask=None) -> list[dict]:
    """For each state quantity (h, c), the unit whose value correlates best (|Pearson r|) with
    ``quantity`` (B, T) over the steps where ``mask`` is true; the best over all first."""
    found = []
    for name, s in states.items():
        q = quantity if mask is None else quantity[mask]
        v = s if mask is None else s[mask]
        v = v.reshape(-1, s.shape[-1])
        r = [float(np.corrcoef(v[:, k], q.reshape(-1))[0, 1]) for k in range(s.shape[-1])]
        k = int(np.nanargmax(np.abs(r)))
        found.append({"quantity": name, "unit": k, "tracks": what, "r": round(r[k], 4)})
    return sorted(found, key=lambda u: -abs(u["r"]))


def save(pid: str, title: str, description: str, cell: str, model: dict, net: Net, inputs, training: dict,
         heldout: dict) -> None:  # fmt: skip
    preset = {
        "id": pid,
        "title": title,
        "cell": cell,
        "description": description,
        "request": {"model": model, "weights": weights(net), "inputs": inputs},
        "training": training | {"torch": TORCH, "script": "scripts/train_presets.py"},
    }
    (PRESETS / f"{pid}.json").write_text(json.dumps(preset, indent=1, ensure_ascii=False) + "\n")
    HELDOUT.mkdir(parents=True, exist_ok=True)
    (HELDOUT / f"{pid}.json").write_text(json.dumps(heldout, ensure_ascii=False) + "\n")
    print(f"{pid}: {json.dumps({k: training[k] for k in ('metric', 'value', 'units')})}", flush=True)


# ---------------------------------------------------------------------------------------------
# depth: brackets in, nesting depth out


def bracket_batch(rng: np.random.Generator, B: int, T: int, max_depth: int) -> tuple[list[str], np.ndarray]:
    texts, depths = [], np.zeros((B, T))
    for b in range(B):
        d, s = 0, []
        for t in range(T):
            opening = d == 0 or (d < max_depth and rng.random() < 0.5)
            d += 1 if opening else -1
            s.append("(" if opening else ")")
            depths[b, t] = d
        texts.append("".join(s))
    return texts, depths


def one_hot(texts: list[str], vocab: str) -> torch.Tensor:
    x = np.zeros((len(texts), len(texts[0]), len(vocab)))
    for b, s in enumerate(texts):
        for t, ch in enumerate(s):
            x[b, t, vocab.index(ch)] = 1.0
    return torch.tensor(x)


def task_depth() -> None:
    seed, T, D, H = 1, 24, 5, 4
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net = Net("lstm", 2, H, 1)

    def batches():
        texts, d = bracket_batch(rng, 32, T, D)
        return one_hot(texts, "()"), torch.tensor(d)[..., None]

    def mse(net, x, y):
        return ((net(x)[0] - y) ** 2).mean()

    steps = 1500
    t0, c0 = time.time(), time.process_time()
    final = train(net, batches, mse, steps, 0.02)
    texts, d = bracket_batch(np.random.default_rng(seed + 1000), 64, T, D)
    x = one_hot(texts, "()")
    with torch.no_grad():
        y = net(x)[0][..., 0].numpy()
    acc = float((np.rint(y) == d).mean())
    units = best_units(net.states(x), d, "nesting depth")
    save(
        "trained-depth",
        "A unit that counts brackets (trained LSTM)",
        "An LSTM with 4 units read strings of ( and ) and was trained to output the nesting depth after "
        "each character (the readout, rounded, is the depth). One cell-state unit climbs by about the "
        "same amount at every ( and falls at every ): it counts. Trained by scripts/train_presets.py.",
        "lstm",
        {"cell": "lstm", "readout": {"size": 1}},
        net,
        {"text": texts[0], "vocabulary": "()"},
        {
            "task": "output the nesting depth (0-5) after each bracket; loss mse on every step",
            "data": f"random bracket strings of {T} characters, depth never below 0 or above {D}",
            "seed": seed,
            "steps": steps,
            "optimizer": "Adam lr 0.02, batch 32, gradient norm clipped at 1",
            "train_loss": round(final, 6),
            "metric": "accuracy",
            "metric_meaning": "fraction of held-out steps where round(y) == depth",
            "value": acc,
            "heldout": "tests/fixtures/trained/trained-depth.json",
            "seconds": round(time.time() - t0, 1),  # wall clock, on a shared machine
            "cpu_seconds": round(time.process_time() - c0, 1),
            "units": units,
        },
        {"texts": texts, "vocabulary": "()", "targets": d.tolist(), "metric": "accuracy"},
    )


# ---------------------------------------------------------------------------------------------
# memory: one bit at step 0, recalled at the last step after a noisy gap


def memory_batch(rng: np.random.Generator, B: int, T: int) -> tuple[np.ndarray, np.ndarray]:
    bits = rng.integers(0, 2, B).astype(float)
    x = rng.normal(0.0, 0.3, (B, T, 1))
    x[:, 0, 0] = 2.0 * bits - 1.0  # the bit as -1 / +1
    return x, bits


def keep_gate_open(net: Net, cell: str, H: int) -> None:
    """Gated cells start with their keeping gate open: +3 on the bias of the LSTM's forget gate
    (f ≈ σ(3) ≈ 0.95, like the lstm-memory preset; TF1's forget_bias does the same with 1.0) and of
    the GRU's update gate (z near 1 keeps h). The RNN has no gate to bias."""
    with torch.no_grad():
        if cell in ("lstm", "gru"):  # f is the second block of i,f,g,o; z of r,z,n
            net.rnn.bias_ih_l0[H : 2 * H] += 3.0


def task_memory() -> None:
    seed, T, H, steps = 3, 30, 4, 1500
    test_x, test_bits = memory_batch(np.random.default_rng(seed + 1000), 128, T)
    for cell in ("rnn", "gru", "lstm"):
        torch.manual_seed(seed)
        rng = np.random.default_rng(seed)
        net = Net(cell, 1, H, 1)
        keep_gate_open(net, cell, H)

        def batches(rng=rng):
            x, bits = memory_batch(rng, 32, T)
            return torch.tensor(x), torch.tensor(bits)

        def bce(net, x, bits):
            return nn.functional.binary_cross_entropy_with_logits(net(x)[0][:, -1, 0], bits)

        t0, c0 = time.time(), time.process_time()
        final = train(net, batches, bce, steps, 0.01)
        x = torch.tensor(test_x)
        with torch.no_grad():
            y = torch.sigmoid(net(x)[0][:, -1, 0]).numpy()
        acc = float(((y > 0.5) == (test_bits > 0.5)).mean())
        st = net.states(x)
        final_states = {k: v[:, -1:, :] for k, v in st.items()}
        units = best_units(final_states, test_bits[:, None], "the bit of step 0, at the last step")
        name = cell.upper()
        save(
            f"trained-memory-{cell}",
            f"Remember one bit for {T} steps ({name}, trained)",
            f"A {name} with {H} units sees one bit at step 0 (+1 or -1), then {T - 1} steps of noise, and "
            "must say at the last step which bit it saw (sigmoid readout: the probability of +1). The RNN, "
            "GRU and LSTM presets were trained on the same data with the same seed and budget "
            f"({steps} Adam steps; the gated cells start with +3 on their forget/update gate bias). "
            "Trained by scripts/train_presets.py.",
            cell,
            {"cell": cell, "readout": {"size": 1, "activation": "sigmoid"}},
            net,
            test_x[0, :, 0].tolist(),
            {
                "task": "recall the bit of step 0 at the last step; loss binary cross-entropy on the last step",
                "data": f"{T} steps: x_0 = +1 or -1, then noise N(0, 0.3²)",
                "init": "PyTorch's default, then +3 on the forget (LSTM) or update (GRU) gate bias",
                "seed": seed,
                "steps": steps,
                "optimizer": "Adam lr 0.01, batch 32, gradient norm clipped at 1",
                "train_loss": round(final, 6),
                "metric": "accuracy",
                "metric_meaning": "fraction of held-out sequences where (y at the last step > 0.5) == (bit is +1)",
                "value": acc,
                "heldout": f"tests/fixtures/trained/trained-memory-{cell}.json",
                "seconds": round(time.time() - t0, 1),  # wall clock, on a shared machine
                "cpu_seconds": round(time.process_time() - c0, 1),
                "units": units,
            },
            {"inputs": test_x.tolist(), "targets": test_bits.tolist(), "metric": "accuracy_last"},
        )


# ---------------------------------------------------------------------------------------------
# sine: numbers in, the next value out


def sine_batch(rng: np.random.Generator, B: int, T: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x_t = sin(ω t + φ) with one period = 16 steps and a random phase; target x_{t+1}."""
    w = 2 * np.pi / 16
    phase = rng.uniform(0, 2 * np.pi, (B, 1))
    t = np.arange(T + 1)[None, :]
    wave = np.sin(w * t + phase)
    return wave[:, :-1, None], wave[:, 1:, None], np.cos(w * t[:, :-1] + phase)


def task_sine() -> None:
    seed, T, H, steps = 2, 48, 6, 800
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net = Net("rnn", 1, H, 1)

    def batches():
        x, y, _ = sine_batch(rng, 32, T)
        return torch.tensor(x), torch.tensor(y)

    def mse(net, x, y):
        return ((net(x)[0] - y) ** 2).mean()

    t0, c0 = time.time(), time.process_time()
    final = train(net, batches, mse, steps, 0.01)
    x, y, cos = sine_batch(np.random.default_rng(seed + 1000), 32, T)
    with torch.no_grad():
        pred = net(torch.tensor(x))[0].numpy()
    loss = float(((pred - y) ** 2).mean())
    st = net.states(torch.tensor(x))
    skip = np.zeros(x.shape[:2], bool)
    skip[:, 4:] = True  # after the first few steps, when the state has the phase
    units = best_units(
        st, cos, "cos(ωt+φ): where the wave is heading, which the input alone does not say", skip
    )
    units += [u | {"tracks": "sin(ωt+φ): the input"} for u in best_units(st, x[..., 0], "", skip)]
    save(
        "trained-sine",
        "Continue a sine wave (trained RNN)",
        "A tanh RNN with 6 units reads a sine wave (16 steps a period), one number a step, and predicts "
        "the next number. One value alone cannot say whether the wave is rising or falling: the state "
        "has to carry that, and one unit follows the cosine. Trained by scripts/train_presets.py.",
        "rnn",
        {"cell": "rnn", "readout": {"size": 1}},
        net,
        x[0, :, 0].tolist(),
        {
            "task": "predict x_{t+1} from x_0..x_t; loss mse on every step",
            "data": f"sin(2π t/16 + φ), φ uniform, {T} steps",
            "seed": seed,
            "steps": steps,
            "optimizer": "Adam lr 0.01, batch 32, gradient norm clipped at 1",
            "train_loss": round(final, 6),
            "metric": "mse",
            "metric_meaning": "mean squared error of y_t against x_{t+1} over the held-out steps",
            "value": loss,
            "heldout": "tests/fixtures/trained/trained-sine.json",
            "seconds": round(time.time() - t0, 1),  # wall clock, on a shared machine
            "cpu_seconds": round(time.process_time() - c0, 1),
            "units": units,
        },
        {"inputs": x.tolist(), "targets": y.tolist(), "cos": cos.tolist(), "metric": "mse"},
    )


# ---------------------------------------------------------------------------------------------
# chars: a character model of two Blake poems


def task_chars() -> None:
    seed, H, T, steps = 4, 32, 64, 700
    # line breaks as "/", as poems are quoted inline: the page's one-line vocabulary field keeps it
    text = (ROOT / "scripts" / "data" / "blake.txt").read_text().replace("\n", "/")
    cut = text.rindex("tyger tyger burning")  # the last stanza is held out
    train_text, test_text = text[:cut], text[cut:]
    vocab = "".join(sorted(set(text)))
    V = len(vocab)
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net = Net("lstm", V, H, V)
    ids = np.array([vocab.index(c) for c in train_text])

    def batches():
        starts = rng.integers(0, len(ids) - T - 1, 32)
        x = np.stack([ids[s : s + T] for s in starts])
        y = np.stack([ids[s + 1 : s + T + 1] for s in starts])
        return torch.nn.functional.one_hot(torch.tensor(x), V).double(), torch.tensor(y)

    def xent(net, x, y):
        return nn.functional.cross_entropy(net(x)[0].reshape(-1, V), y.reshape(-1))

    t0, c0 = time.time(), time.process_time()
    final = train(net, batches, xent, steps, 0.01, clip=5.0)
    # held out: the last stanza, read from its start (state zero), predicting each next character
    src, tgt = test_text[:-1], test_text[1:]
    x = one_hot([src], vocab)
    with torch.no_grad():
        logits = net(x)[0][0]
    pred = logits.argmax(-1).numpy()
    want = np.array([vocab.index(c) for c in tgt])
    acc = float((pred == want).mean())
    loss = float(nn.functional.cross_entropy(logits, torch.tensor(want)))
    col = np.zeros(len(src))
    for i in range(1, len(src)):
        col[i] = 0 if src[i - 1] == "/" else col[i - 1] + 1
    units = best_units(net.states(x), col[None], "the position in the line (characters since the line break)")
    st = net.states(x)
    features = {
        "the next character is a space": [c == " " for c in tgt],
        "the next character is a line break (/)": [c == "/" for c in tgt],
        "the character read is a vowel": [c in "aeiouy" for c in src],
    }
    for what, f in features.items():
        units += best_units(st, np.array(f, float)[None], what)
    units.sort(key=lambda u: -abs(u["r"]))
    save(
        "trained-chars",
        "Predict the next character (trained LSTM on Blake)",
        f"An LSTM with {H} units trained on William Blake's The Lamb and The Tyger (1789/1794, public domain; "
        "scripts/data/blake.txt) to predict the next character: the readout is a softmax over the "
        f"{V} characters. The last stanza was held out. Trained by scripts/train_presets.py.",
        "lstm",
        {"cell": "lstm", "readout": {"size": V, "activation": "softmax"}},
        net,
        {"text": src, "vocabulary": vocab},
        {
            "task": "predict the next character; loss cross-entropy on every step",
            "data": f"scripts/data/blake.txt without its last stanza ({len(train_text)} characters), "
            f"windows of {T}; vocabulary {vocab!r}",
            "seed": seed,
            "steps": steps,
            "optimizer": "Adam lr 0.01, batch 32, gradient norm clipped at 5",
            "train_loss": round(final, 6),
            "metric": "accuracy",
            "metric_meaning": "fraction of the held-out stanza's characters predicted (argmax) exactly",
            "value": acc,
            "cross_entropy": loss,
            "heldout": "tests/fixtures/trained/trained-chars.json",
            "seconds": round(time.time() - t0, 1),  # wall clock, on a shared machine
            "cpu_seconds": round(time.process_time() - c0, 1),
            "units": units,
        },
        {
            "text": src,
            "vocabulary": vocab,
            "targets": [vocab.index(c) for c in tgt],
            "metric": "accuracy_next",
            "cross_entropy": loss,
        },
    )


# ---------------------------------------------------------------------------------------------
# sentiment: word ids -> an embedding -> an LSTM -> one probability from the final state (model v2)

POSITIVE = ("good", "great", "fine", "fun")
NEGATIVE = ("bad", "awful", "dull", "boring")
WORDS = ("<pad>", "the", "this", "movie", "film", "show", "was", "is", "not", "very", "really", "quite",
         ".", "!", *POSITIVE, *NEGATIVE)  # fmt: skip


def sentiment_batch(rng: np.random.Generator, B: int) -> tuple[list[str], np.ndarray]:
    """Six words: "[the|this] [movie|film|show] [was|is] [not|very|really|quite] ADJ [.|!]";
    positive when the adjective is and no "not" turns it round."""
    texts, labels = [], np.zeros(B)
    for b in range(B):
        adv = rng.choice(["not", "not", "very", "really", "quite"])
        pos = rng.random() < 0.5
        adj = rng.choice(POSITIVE if pos else NEGATIVE)
        words = [rng.choice(["the", "this"]), rng.choice(["movie", "film", "show"]), rng.choice(["was", "is"]),
                 adv, adj, rng.choice([".", "!"])]  # fmt: skip
        texts.append(" ".join(words))
        labels[b] = float(pos != (adv == "not"))
    return texts, labels


class Classifier(nn.Module):
    """nn.Embedding -> nn.LSTM -> nn.Linear on the final state, sigmoid outside (the loss's)."""

    def __init__(self, V: int, E: int, H: int) -> None:
        super().__init__()
        self.embedding = nn.Embedding(V, E)
        self.rnn = nn.LSTM(E, H, batch_first=True)
        self.fc = nn.Linear(H, 1)

    def forward(self, ids: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        out, _ = self.rnn(self.embedding(ids))
        return self.fc(out[:, -1])[:, 0], out


def task_sentiment() -> None:
    seed, E, H, steps = 5, 6, 6, 400
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    net = Classifier(len(WORDS), E, H)

    def ids(texts: list[str]) -> torch.Tensor:
        return torch.tensor([[WORDS.index(w) for w in t.split(" ")] for t in texts])

    opt = torch.optim.Adam(net.parameters(), lr=0.02)
    t0, c0 = time.time(), time.process_time()
    for _ in range(steps):
        texts, labels = sentiment_batch(rng, 32)
        loss = nn.functional.binary_cross_entropy_with_logits(net(ids(texts))[0], torch.tensor(labels))
        opt.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(net.parameters(), 1.0)
        opt.step()
    final = float(loss.detach())
    texts, labels = sentiment_batch(np.random.default_rng(seed + 1000), 128)
    with torch.no_grad():
        logit, out = net(ids(texts))
    p = torch.sigmoid(logit).numpy()
    acc = float(((p > 0.5) == (labels > 0.5)).mean())
    negated = np.array([[w == "not" for w in t.split(" ")] for t in texts], float)
    seen_not = np.maximum.accumulate(negated, axis=1)  # a "not" has been read by this step
    units = best_units({"h": out.numpy()}, seen_not, 'a "not" has been read')
    sd = {k: v.tolist() for k, v in net.state_dict().items()}
    preset = {
        "id": "trained-sentiment",
        "title": "Is this review positive? (embedding + LSTM, trained)",
        "cell": "lstm",
        "description": f"Six words in, one probability out: an embedding of the {len(WORDS)} words ({E} numbers each) "
        f"feeds an LSTM with {H} units, and a dense layer with a sigmoid reads its final state: the probability that "
        'the review is positive. "not" turns the adjective round. Trained by scripts/train_presets.py.',
        "request": {
            "model": {
                "cell": "lstm",
                "embedding": {"num_embeddings": len(WORDS), "embedding_dim": E},
                "head": [{"size": 1, "activation": "sigmoid"}],
                "head_on": "final",
            },
            "weights": {"format": "pytorch", "state_dict": sd},
            "inputs": {"ids": ids(texts[:1]).tolist()[0]},  # the first held-out review
            "vocabulary": list(WORDS),
        },
        "training": {
            "task": "is the review positive? loss binary cross-entropy on the final state",
            "data": '"[the|this] [movie|film|show] [was|is] [not|very|really|quite] ADJ [.|!]", '
            f"positive adjectives {POSITIVE}, negative {NEGATIVE}",
            "seed": seed,
            "steps": steps,
            "optimizer": "Adam lr 0.02, batch 32, gradient norm clipped at 1",
            "train_loss": round(final, 6),
            "metric": "accuracy",
            "metric_meaning": "fraction of held-out reviews where (y_final > 0.5) == positive",
            "value": acc,
            "heldout": "tests/fixtures/trained/trained-sentiment.json",
            "seconds": round(time.time() - t0, 1),  # wall clock, on a shared machine
            "cpu_seconds": round(time.process_time() - c0, 1),
            "units": units,
            "torch": TORCH,
            "script": "scripts/train_presets.py",
        },
    }
    (PRESETS / "trained-sentiment.json").write_text(json.dumps(preset, indent=1, ensure_ascii=False) + "\n")
    heldout = {"texts": texts, "vocabulary": list(WORDS), "split": "words", "targets": labels.tolist(),
               "metric": "accuracy_final"}  # fmt: skip
    (HELDOUT / "trained-sentiment.json").write_text(json.dumps(heldout) + "\n")
    print(f"trained-sentiment: {acc} {units}", flush=True)


TASKS = {
    "depth": task_depth,
    "memory": task_memory,
    "sine": task_sine,
    "chars": task_chars,
    "sentiment": task_sentiment,
}

if __name__ == "__main__":
    for name in sys.argv[1:] or TASKS:
        TASKS[name]()
