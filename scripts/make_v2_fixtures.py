"""Write tests/fixtures/model_v2_golden.json: forward values and BPTT gradients of model v2 networks
(docs/API.md "Issue 9"), computed by torch in float64.

Run from the repository root (torch is a fixture-time tool, not an app dependency):

    pip install torch==2.13.0 && python scripts/make_v2_fixtures.py

Two kinds of case:

- ``source: "torch-nn"``: networks torch has natively: ``nn.Embedding`` → ``nn.LSTM/GRU`` →
  ``nn.Linear`` (with activations between), packed sequences (``pack_padded_sequence``), a
  bidirectional many-to-one model. The request is the model's own ``state_dict()`` with its module
  prefixes (``embedding.weight``, ``lstm.weight_ih_l0``, ``fc.weight`` …) in the ``"pytorch"``
  format. Expected values come from the nn modules; gradients from ``loss.backward()``.
- ``source: "torch-reference"``: what nn modules lack (peepholes, clip, the ONNX/Keras
  activations with their parameters, reverse-only layers, merge modes sum/mul/ave, Keras
  ``mask_zero``): a step-by-step re-implementation in torch ops of the equations in docs/API.md
  (ONNX's LSTM/GRU/RNN equations, Keras' masking: a masked step keeps the state and repeats the
  previous output, zeros in a Bidirectional layer), in the ``"canonical"`` format; gradients by
  autograd through it. Its LSTM/GRU/RNN steps are first checked against nn.LSTM/GRU/RNN at the
  default activations (1e-13).

Everything is float64; the tests (tests/test_model_v2.py) read the JSON only.
"""

from __future__ import annotations

from typing import Any

import torch
import torch.nn.functional as F
import torch_reference as ref
from torch import nn

OUT = ref.FIXTURES / "model_v2_golden.json"
DT = torch.float64
TOL = {"rtol": 1e-10, "atol": 1e-12}
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
DEFAULTS = {"hard_sigmoid": (0.2, 0.5), "hard_sigmoid_keras2": (0.2, 0.5), "leaky_relu": (0.01, 0.0), "thresholded_relu": (1.0, 0.0),
            "elu": (1.0, 0.0), "selu": (SELU_ALPHA, SELU_SCALE), "scaled_tanh": (1.0, 1.0)}  # fmt: skip
GATES = {"rnn": 1, "gru": 3, "lstm": 4}

tolist = ref.tolist


# ---------------------------------------------------------------------------------------------
# the reference: activations and steps in torch ops


def act(spec: Any, x: torch.Tensor) -> torch.Tensor:
    name, a, b = (
        (spec, None, None) if isinstance(spec, str) else (spec["name"], spec.get("alpha"), spec.get("beta"))
    )
    da, db = DEFAULTS.get(name, (0.0, 0.0))
    a = da if a is None else a
    b = db if b is None else b
    if name == "tanh":
        return torch.tanh(x)
    if name == "sigmoid":
        return torch.sigmoid(x)
    if name == "relu":
        return torch.relu(x)
    if name in ("linear", "identity"):
        return x
    if name == "softsign":
        return x / (1 + x.abs())
    if name == "softplus":
        return F.softplus(x)
    if name == "exponential":
        return torch.exp(x)
    if name == "affine":
        return a * x + b
    if name in ("hard_sigmoid", "hard_sigmoid_keras2"):
        return torch.clamp(a * x + b, 0.0, 1.0)
    if name == "leaky_relu":
        return torch.where(x >= 0, x, a * x)
    if name == "thresholded_relu":
        return torch.where(x > a, x, torch.zeros_like(x))
    if name == "elu":
        return torch.where(x >= 0, x, a * torch.expm1(torch.clamp(x, max=0.0)))
    if name == "selu":
        return b * torch.where(x > 0, x, a * torch.expm1(torch.clamp(x, max=0.0)))
    if name == "scaled_tanh":
        return a * torch.tanh(b * x)
    if name == "softmax":
        return torch.softmax(x, dim=-1)
    raise ValueError(name)


def clipped(x: torch.Tensor, clip: float | None) -> torch.Tensor:
    return x if clip is None else torch.clamp(x, -clip, clip)


def step(L: dict, p: dict, x: torch.Tensor, h: torch.Tensor, c: torch.Tensor | None):
    """One step of layer L (cell, activations, clip, peepholes, gru_reset_after) in PyTorch's
    gate order; P rows i, o, f (ONNX)."""
    H = L["hidden_size"]
    acts = L.get("activations") or {}
    gate, cell_act, out_act = (
        acts.get("gate", "sigmoid"),
        acts.get("cell", "tanh"),
        acts.get("output", "tanh"),
    )
    clip = L.get("clip")
    xi = x @ p["W_ih"].T + p["b_ih"]
    if L["cell"] == "rnn":
        return act(cell_act, clipped(xi + h @ p["W_hh"].T + p["b_hh"], clip)), None
    if L["cell"] == "lstm":
        a = xi + h @ p["W_hh"].T + p["b_hh"]
        ai, af, ag, ao = a[:, :H], a[:, H : 2 * H], a[:, 2 * H : 3 * H], a[:, 3 * H :]
        if "P" in p:
            ai, af = ai + p["P"][0] * c, af + p["P"][2] * c
        i, f, g = act(gate, clipped(ai, clip)), act(gate, clipped(af, clip)), act(cell_act, clipped(ag, clip))
        c_new = f * c + i * g
        if "P" in p:
            ao = ao + p["P"][1] * c_new
        o = act(gate, clipped(ao, clip))
        return o * act(out_act, c_new), c_new
    rec = h @ p["W_hh"].T
    r = act(gate, clipped(xi[:, :H] + rec[:, :H] + p["b_hh"][:H], clip))
    z = act(gate, clipped(xi[:, H : 2 * H] + rec[:, H : 2 * H] + p["b_hh"][H : 2 * H], clip))
    if L.get("gru_reset_after", True):
        a_n = xi[:, 2 * H :] + r * (rec[:, 2 * H :] + p["b_hh"][2 * H :])
    else:
        a_n = xi[:, 2 * H :] + (r * h) @ p["W_hh"][2 * H :].T + p["b_hh"][2 * H :]
    n = act(cell_act, clipped(a_n, clip))
    return (1 - z) * n + z * h, None


def run_direction(L, p, x, valid, reverse: bool, zero: bool):
    """x: (B, T, n); valid: (B, T) bool or None. Returns (states (B,T,P), outputs (B,T,P), c list)."""
    B, T, _ = x.shape
    H = L["hidden_size"]
    h = torch.zeros(B, H, dtype=DT)
    c = torch.zeros(B, H, dtype=DT) if L["cell"] == "lstm" else None
    states, outs = [None] * T, [None] * T
    prev_out = torch.zeros(B, H, dtype=DT)
    for t in range(T - 1, -1, -1) if reverse else range(T):
        h_new, c_new = step(L, p, x[:, t], h, c)
        if valid is not None:
            m = valid[:, t : t + 1]
            h_new = torch.where(m, h_new, h)
            c_new = None if c is None else torch.where(m, c_new, c)
            out = torch.where(m, h_new, torch.zeros_like(h_new) if zero else prev_out)
        else:
            out = h_new
        h, c = h_new, c_new
        states[t], outs[t] = h, out
        prev_out = out
    return torch.stack(states, 1), torch.stack(outs, 1)


def merge(mode: str, parts: list[torch.Tensor]) -> torch.Tensor:
    if len(parts) == 1:
        return parts[0]
    return {"concat": lambda: torch.cat(parts, -1), "sum": lambda: parts[0] + parts[1],
            "mul": lambda: parts[0] * parts[1], "ave": lambda: (parts[0] + parts[1]) / 2}[mode]()  # fmt: skip


DIRS = {"forward": ("forward",), "reverse": ("reverse",), "bidirectional": ("forward", "backward")}


def run_reference(model: dict, params: dict, x: torch.Tensor, lengths=None):
    """The whole network. params: {"embedding": E, "layers": [{dir: {...}}], "head": [(W, b)]}.
    Returns a dict of tensors: embedding, output, y, y_final, head (list of (z, a)), h_n, c_n."""
    out: dict[str, Any] = {}
    valid = None
    if "embedding" in params:
        ids = x
        x = params["embedding"][ids]
        out["embedding"] = x
        if model.get("embedding", {}).get("mask_zero"):
            valid = ids != 0
    T = x.shape[1]
    if lengths is not None:
        lv = torch.arange(T)[None, :] < torch.tensor(lengths)[:, None]
        valid = lv if valid is None else valid & lv
    h_n, finals = [], []
    for L, lp in zip(model["layers"], params["layers"], strict=True):
        outs, finals = [], []
        bidir = L.get("direction") == "bidirectional"
        for name in DIRS[L.get("direction", "forward")]:
            rev = name != "forward"
            states, o = run_direction(L, lp[name], x, valid, rev, bidir)
            if lengths is not None:
                o = torch.where(lv[..., None], o, torch.zeros_like(o))
            outs.append(o)
            last = states[:, 0] if rev else states[:, -1]
            finals.append(last)
            h_n.append(last)
        x = merge(L.get("merge_mode", "concat"), outs)
    out["output"] = x
    out["h_n"] = h_n
    heads = params.get("head", [])
    acts = [d.get("activation", "identity") for d in model.get("head", [])]

    def run_head(v):
        res = []
        for (W, b), a in zip(heads, acts, strict=True):
            z = v @ W.T + b
            v = act(a, z)
            res.append((z, v))
        return res

    per_step = run_head(x)
    if heads:
        out["y"] = per_step[-1][1]
    if model.get("head_on") == "final":
        fin = merge(model["layers"][-1].get("merge_mode", "concat"), finals)
        hf = run_head(fin)
        out["head"] = hf
        out["y_final"] = hf[-1][1] if hf else fin
    else:
        out["head"] = per_step
    return out


# ---------------------------------------------------------------------------------------------
# building cases


def rand(g: torch.Generator, *shape, scale: float = 0.5) -> torch.Tensor:
    return (torch.rand(*shape, generator=g, dtype=DT) * 2 - 1) * scale


def make_params(model: dict, g: torch.Generator, input_size: int, scale: float = 0.6) -> dict:
    params: dict[str, Any] = {"layers": [], "head": []}
    n = input_size
    if "embedding" in model:
        e = model["embedding"]
        params["embedding"] = rand(g, e["num_embeddings"], e["embedding_dim"], scale=1.0)
        n = e["embedding_dim"]
    for L in model["layers"]:
        H, G = L["hidden_size"], GATES[L["cell"]]
        lp = {}
        for name in DIRS[L.get("direction", "forward")]:
            d = {"W_ih": rand(g, G * H, n, scale=scale), "W_hh": rand(g, G * H, H, scale=scale),
                 "b_ih": rand(g, G * H, scale=scale), "b_hh": rand(g, G * H, scale=scale)}  # fmt: skip
            if L.get("peepholes"):
                d["P"] = rand(g, 3, H, scale=scale)
            lp[name] = d
        params["layers"].append(lp)
        n = H * (
            2 if L.get("direction") == "bidirectional" and L.get("merge_mode", "concat") == "concat" else 1
        )
    for d in model.get("head", []):
        params["head"].append((rand(g, d["size"], n, scale=0.8), rand(g, d["size"], scale=0.3)))
        n = d["size"]
    for t in leaves(params):
        t.requires_grad_(True)
    return params


def leaves(params: dict) -> list[torch.Tensor]:
    out = [params["embedding"]] if "embedding" in params else []
    for lp in params["layers"]:
        for d in lp.values():
            out += list(d.values())
    for W, b in params["head"]:
        out += [W, b]
    return out


def canonical(params: dict) -> dict:
    w: dict[str, Any] = {"format": "canonical"}
    if "embedding" in params:
        w["embedding"] = tolist(params["embedding"])
    w["layers"] = [
        {name: {k: tolist(v) for k, v in d.items()} for name, d in lp.items()} for lp in params["layers"]
    ]
    if params["head"]:
        w["head"] = [{"W": tolist(W), "b": tolist(b)} for W, b in params["head"]]
    return w


def grad_names(model: dict, params: dict) -> dict[str, torch.Tensor]:
    """The response's parameter names (docs/API.md): embedding.weight, weight_ih_l{k}[_reverse] …,
    peephole_l{k}[_reverse], head.{j}.weight / .bias."""
    names: dict[str, torch.Tensor] = {}
    if "embedding" in params:
        names["embedding.weight"] = params["embedding"]
    pt = {"W_ih": "weight_ih", "W_hh": "weight_hh", "b_ih": "bias_ih", "b_hh": "bias_hh", "P": "peephole"}
    for k, lp in enumerate(params["layers"]):
        for name, d in lp.items():
            sfx = "" if name == "forward" else "_reverse"
            for f, t in d.items():
                names[f"{pt[f]}_l{k}{sfx}"] = t
    for j, (W, b) in enumerate(params["head"]):
        names[f"head.{j}.weight"], names[f"head.{j}.bias"] = W, b
    return names


def expected_of(out: dict, model: dict) -> dict[str, Any]:
    exp: dict[str, Any] = {"output": tolist(out["output"])}
    for key in ("y", "y_final", "embedding"):
        if key in out:
            exp[key] = tolist(out[key])
    if out["head"]:
        exp["head"] = [{"pre_activation": tolist(z), "activation": tolist(a)} for z, a in out["head"]]
    return exp


def loss_of(out: dict, model: dict, targets=None) -> torch.Tensor:
    pred = out.get("y_final") if model.get("head_on") == "final" else out.get("y", out["output"])
    if targets is None:
        return pred.sum()
    return ((pred - targets) ** 2).mean()


def reference_case(name: str, description: str, model: dict, seed: int, inputs: Any, *,
                   lengths=None, mse: bool = False, input_size: int = 0) -> dict:  # fmt: skip
    g = torch.Generator().manual_seed(seed)
    params = make_params(model, g, input_size)
    if isinstance(inputs, dict):
        x = torch.tensor(inputs["ids"])
    else:
        x = torch.tensor(inputs, dtype=DT, requires_grad=True)
    out = run_reference(model, params, x, lengths)
    targets = None
    if mse:
        pred = out.get("y_final") if model.get("head_on") == "final" else out.get("y", out["output"])
        targets = rand(g, *pred.shape, scale=1.0)
    loss = loss_of(out, model, targets)
    named = grad_names(model, params)
    wrt = list(named.values()) + ([x] if x.dtype == DT else [])
    if "embedding" in out:
        out["embedding"].retain_grad()
    grads = torch.autograd.grad(loss, wrt, allow_unused=True)
    gparams = {k: tolist(gr if gr is not None else torch.zeros_like(t))
               for (k, t), gr in zip(named.items(), grads, strict=False)}  # fmt: skip
    request: dict[str, Any] = {"model": model, "weights": canonical(params), "inputs": inputs,
                               "options": {"gradients": {"loss": "mse", "targets": tolist(targets)} if mse else True}}  # fmt: skip
    if lengths is not None:
        request["lengths"] = lengths
    expected = expected_of(out, model)
    expected["gradients"] = {"loss": loss.item(), "parameters": gparams}
    if x.dtype == DT:
        expected["gradients"]["inputs"] = tolist(grads[-1])
    return {"name": name, "source": "torch-reference", "description": description, "dtype": "float64",
            "request": request, "expected": expected}  # fmt: skip


# ---------------------------------------------------------------------------------------------
# cases torch has natively


class TextModel(nn.Module):
    """Embedding → LSTM/GRU → Linear head (with activations), many-to-many or many-to-one."""

    def __init__(self, V, E, H, layers, cell, bidirectional, head, head_acts, padding_idx=None):
        super().__init__()
        self.embedding = nn.Embedding(V, E, padding_idx=padding_idx)
        rnn = {"lstm": nn.LSTM, "gru": nn.GRU}[cell]
        self.rnn = rnn(E, H, num_layers=layers, batch_first=True, bidirectional=bidirectional)
        width = H * (2 if bidirectional else 1)
        mods = []
        for size in head:
            mods.append(nn.Linear(width, size))
            width = size
        self.head = nn.ModuleList(mods)
        self.head_acts = head_acts


def native_case(name: str, description: str, seed: int, *, cell: str, layers: int, bidirectional: bool,
                head: list[int], head_acts: list[str], final: bool, lengths=None, padding_idx=None,
                names: tuple[str, str, str] = ("embedding", "lstm", "fc")) -> dict:  # fmt: skip
    torch.manual_seed(seed)
    V, E, H, B, T = 13, 4, 5, 3, 6
    m = TextModel(V, E, H, layers, cell, bidirectional, head, head_acts, padding_idx).double()
    g = torch.Generator().manual_seed(seed)
    ids = torch.randint(0, V, (B, T), generator=g)
    if lengths is not None:
        for b, n in enumerate(lengths):
            ids[b, n:] = 0 if padding_idx is None else padding_idx
    emb = m.embedding(ids)
    emb.retain_grad()
    if lengths is not None:
        packed = nn.utils.rnn.pack_padded_sequence(
            emb, torch.tensor(lengths), batch_first=True, enforce_sorted=False
        )
        out_p, state = m.rnn(packed)
        output, _ = nn.utils.rnn.pad_packed_sequence(out_p, batch_first=True, total_length=T)
    else:
        output, state = m.rnn(emb)
    h_n = state[0] if cell == "lstm" else state
    c_n = state[1] if cell == "lstm" else None

    def run_head(v):
        res = []
        for lin, a in zip(m.head, head_acts, strict=True):
            z = lin(v)
            v = act(a, z)
            res.append((z, v))
        return res

    per_step = run_head(output)
    final_feat = torch.cat([h_n[-2], h_n[-1]], -1) if bidirectional else h_n[-1]
    head_final = run_head(final_feat) if final else None
    y = per_step[-1][1]
    y_final = head_final[-1][1] if final else None
    loss = (y_final if final else y).sum()
    loss.backward()
    # the state_dict under this case's module names, in the module's key order
    rename = {"embedding": names[0], "rnn": names[1], "head": names[2]}
    sd = {}
    for k, v in m.state_dict().items():
        top, _, rest = k.partition(".")
        if top == "head" and len(head) == 1:
            rest = rest.partition(".")[2]  # a single nn.Linear: fc.weight
        sd[f"{rename[top]}.{rest}"] = tolist(v)
    model: dict[str, Any] = {"cell": cell, "head": [{"activation": a} for a in head_acts]}
    if final:
        model["head_on"] = "final"
    if padding_idx is not None:
        model["embedding"] = {"padding_idx": padding_idx}
    request: dict[str, Any] = {"model": model, "weights": {"format": "pytorch", "state_dict": sd},
                               "inputs": {"ids": ids.tolist()}, "options": {"gradients": True}}  # fmt: skip
    if lengths is not None:
        request["lengths"] = lengths
    expected: dict[str, Any] = {
        "output": tolist(output),
        "y": tolist(y),
        "h_n": tolist(h_n),
        "embedding": tolist(emb),
    }
    if c_n is not None:
        expected["c_n"] = tolist(c_n)
    if final:
        expected["y_final"] = tolist(y_final)
    hs = head_final if final else per_step
    expected["head"] = [{"pre_activation": tolist(z), "activation": tolist(a)} for z, a in hs]
    gp = {"embedding.weight": tolist(m.embedding.weight.grad)}
    for k, p in m.rnn.named_parameters():
        gp[k] = tolist(p.grad)
    for j, lin in enumerate(m.head):
        gp[f"head.{j}.weight"], gp[f"head.{j}.bias"] = tolist(lin.weight.grad), tolist(lin.bias.grad)
    expected["gradients"] = {"loss": loss.item(), "inputs": tolist(emb.grad), "parameters": gp}
    # the reference re-implementation must agree with the nn modules
    check_reference(m, cell, layers, bidirectional, ids, lengths, output)
    return {"name": name, "source": "torch-nn", "description": description, "dtype": "float64",
            "request": request, "expected": expected}  # fmt: skip


def check_reference(m: TextModel, cell, layers, bidirectional, ids, lengths, output) -> None:
    sd = m.rnn.state_dict()
    model = {"layers": [{"cell": cell, "hidden_size": m.rnn.hidden_size,
                         "direction": "bidirectional" if bidirectional else "forward"} for _ in range(layers)]}  # fmt: skip
    params = {"embedding": m.embedding.weight.detach(), "layers": [], "head": []}
    for k in range(layers):
        lp = {}
        for name, sfx in (("forward", ""), ("backward", "_reverse"))[: 1 + bidirectional]:
            lp[name] = {f: sd[f"{pt}_l{k}{sfx}"] for f, pt in
                        (("W_ih", "weight_ih"), ("W_hh", "weight_hh"), ("b_ih", "bias_ih"), ("b_hh", "bias_hh"))}  # fmt: skip
        params["layers"].append(lp)
    got = run_reference(model, params, ids, lengths)["output"]
    err = ref.max_err(got, output)
    assert err < 1e-13, f"reference vs nn: {err}"


def main() -> None:
    cases = [
        native_case(
            "emb_lstm2_fc_every_step",
            "nn.Embedding(13→4, padding_idx=0) → nn.LSTM(4, 5, 2 layers) → "
            "nn.Linear(5, 3): the state_dict with its prefixes; y on every step",
            1,
            cell="lstm",
            layers=2,
            bidirectional=False,
            head=[3],
            head_acts=["identity"],
            final=False,
            padding_idx=0,
        ),
        native_case(
            "emb_bigru_packed_two_layer_head",
            "Embedding → bidirectional GRU on packed sequences "
            "(lengths 6, 3, 1) → Linear(10, 4) → ReLU → Linear(4, 2); y on every step (zeros past a row's "
            "length go through the head too)",
            2,
            cell="gru",
            layers=1,
            bidirectional=True,
            head=[4, 2],
            head_acts=["relu", "identity"],
            final=False,
            lengths=[6, 3, 1],
            names=("encoder", "gru", "head"),
        ),
        native_case(
            "emb_bilstm_many_to_one",
            "Embedding → bidirectional 2-layer LSTM on packed sequences → "
            "[h_fwd at length-1 | h_bwd at 0] → Linear(10, 8) → ReLU → Linear(8, 1) → sigmoid (head_on "
            "final)",
            3,
            cell="lstm",
            layers=2,
            bidirectional=True,
            head=[8, 1],
            head_acts=["relu", "sigmoid"],
            final=True,
            lengths=[4, 6, 2],
            names=("emb", "lstm", "classifier"),
        ),
    ]
    x3 = (torch.randn(2, 5, 3, generator=torch.Generator().manual_seed(7), dtype=DT)).tolist()
    cases.append(reference_case(
        "lstm_peepholes_clip_activations",
        "ONNX-style LSTM: peepholes (P rows i, o, f), clip 0.9 (some pre-activations clipped), gate hard_sigmoid "
        "(0.2, 0.5), cell softsign, output scaled_tanh (1.3, 0.7); then a reverse-only LSTM with relu cell and "
        "output; head elu on every step; mse loss",
        {"cell": "lstm", "layers": [
            {"cell": "lstm", "hidden_size": 4, "peepholes": True, "clip": 0.9,
             "activations": {"gate": "hard_sigmoid", "cell": "softsign",
                             "output": {"name": "scaled_tanh", "alpha": 1.3, "beta": 0.7}}},
            {"cell": "lstm", "hidden_size": 3, "direction": "reverse", "peepholes": True,
             "activations": {"cell": "relu", "output": "relu"}}],
         "head": [{"size": 2, "activation": "elu"}]},
        11, x3, mse=True, input_size=3))  # fmt: skip
    cases.append(reference_case(
        "gru_rnn_merge_modes_final",
        "Bidirectional reset-before GRU merged by mul (gate hard_sigmoid α=1/6 as Keras 3, cell leaky_relu 0.1, "
        "clip 1.2) → bidirectional RNN merged by ave (cell selu) → bidirectional RNN merged by sum (cell "
        "softplus) → head on the final state: Dense(3, tanh) → Dense(2, softmax); lengths 5 and 3",
        {"cell": "gru", "layers": [
            {"cell": "gru", "hidden_size": 4, "direction": "bidirectional", "merge_mode": "mul",
             "gru_reset_after": False, "clip": 1.2,
             "activations": {"gate": {"name": "hard_sigmoid", "alpha": 1 / 6, "beta": 0.5},
                             "cell": {"name": "leaky_relu", "alpha": 0.1}}},
            {"cell": "rnn", "hidden_size": 3, "direction": "bidirectional", "merge_mode": "ave",
             "activations": {"cell": "selu"}},
            {"cell": "rnn", "hidden_size": 3, "direction": "bidirectional", "merge_mode": "sum",
             "activations": {"cell": "softplus"}}],
         "head": [{"size": 3, "activation": "tanh"}, {"size": 2, "activation": "softmax"}], "head_on": "final"},
        12, x3, lengths=[5, 3], input_size=3))  # fmt: skip
    ids = [[3, 1, 0, 4, 2, 0], [5, 0, 0, 2, 6, 1]]
    cases.append(reference_case(
        "keras_mask_zero",
        "Keras mask_zero: Embedding(7→3, mask_zero) → LSTM(relu activation and output, hard_sigmoid gates) → "
        "Bidirectional GRU (concat: masked steps output zeros) → reverse-only RNN (affine 0.8, 0.1; a masked "
        "step repeats the previous output) → Dense(2, exponential) on every step",
        {"cell": "lstm", "embedding": {"num_embeddings": 7, "embedding_dim": 3, "mask_zero": True}, "layers": [
            {"cell": "lstm", "hidden_size": 4,
             "activations": {"gate": {"name": "hard_sigmoid", "alpha": 1 / 6, "beta": 0.5}, "cell": "relu",
                             "output": "relu"}},
            {"cell": "gru", "hidden_size": 3, "direction": "bidirectional"},
            {"cell": "rnn", "hidden_size": 3, "direction": "reverse",
             "activations": {"cell": {"name": "affine", "alpha": 0.8, "beta": 0.1}}}],
         "head": [{"size": 2, "activation": "exponential"}]},
        13, {"ids": ids}))  # fmt: skip
    cases.append(reference_case(
        "thresholded_relu_and_sigmoid_head_final_reverse",
        "A reverse-only GRU (cell thresholded_relu α=0.05, gate sigmoid) → LSTM with keras2 hard-sigmoid gates "
        "(return_sequences false: head on the final state) → Dense(1, sigmoid)",
        {"cell": "gru", "layers": [
            {"cell": "gru", "hidden_size": 4, "direction": "reverse",
             "activations": {"cell": {"name": "thresholded_relu", "alpha": 0.05}}},
            {"cell": "lstm", "hidden_size": 3, "activations": {"gate": "hard_sigmoid_keras2"},
             "return_sequences": False}],
         "head": [{"size": 1, "activation": "sigmoid"}], "head_on": "final"},
        14, x3, input_size=3))  # fmt: skip
    cases.append(
        reference_case(
            "bilstm_sum_final_no_lengths",
            "Bidirectional LSTM merged by ave, then a bidirectional GRU merged by sum (both halves' final "
            "states summed), head_on final with no head: y_final is the merged final state",
            {
                "cell": "lstm",
                "layers": [
                    {"cell": "lstm", "hidden_size": 3, "direction": "bidirectional", "merge_mode": "ave"},
                    {"cell": "gru", "hidden_size": 2, "direction": "bidirectional", "merge_mode": "sum"},
                ],
                "head_on": "final",
            },
            15,
            x3,
            input_size=3,
        )
    )
    doc = {
        "generated_by": ref.generated_by(__file__),
        "tolerances": {"float64": TOL},
        "cases": cases,
    }
    ref.write_fixture(OUT, doc)
    print(f"wrote {OUT} ({len(cases)} cases)")


if __name__ == "__main__":
    main()
