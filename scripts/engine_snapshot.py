"""Bit-identity check of the engine: every trace array, the warnings and dL/dx of 100+
configurations, saved once and compared after a change (issue 11 kept the numbers byte for byte).

    python scripts/engine_snapshot.py save /tmp/ref.npz     # with the code before the change
    python scripts/engine_snapshot.py cmp /tmp/ref.npz      # after it: "0 differ"

To save with an older commit: ``git archive <commit> app | tar -x -C /tmp/old``, rename
``/tmp/old/app`` to ``/tmp/old/rnnscope``, link ``templates`` and ``static`` beside it, and run
the save with ``PYTHONPATH=/tmp/old`` (the script prints which rnnscope it imported).
"""

from __future__ import annotations

import itertools
import sys

import numpy as np

import rnnscope
from rnnscope.engine import Architecture, CellParams, Network, forward
from rnnscope.engine.activations import make_act
from rnnscope.engine.backward import backward
from rnnscope.engine.network import LayerSpec

FIELDS = ("input_term", "recurrent_term", "pre_activation", "gates", "c", "h")


def params(spec: LayerSpec, rng: np.random.Generator) -> CellParams:
    G, H, P = len(spec.gates), spec.hidden_size, spec.output_size
    k = 1.5 / np.sqrt(H)

    def u(*shape: int) -> np.ndarray:
        return rng.uniform(-k, k, shape)

    W_hr = u(spec.proj_size, H) if spec.proj_size else None
    peep = u(3, H) if spec.peepholes else None
    return CellParams(u(G * H, spec.input_size), u(G * H, P), u(G * H), u(G * H), W_hr, peep)


def configurations() -> list[tuple[str, Architecture, int, int, str]]:
    out = []
    grid = itertools.product(
        ("rnn", "lstm", "gru"), (1, 3), (False, True), (1, 2), (0, 3), ("float64", "float32")
    )
    for cell, B, bi, L, proj, dt in grid:
        if proj and cell != "lstm":
            continue
        arch = Architecture(cell, 4, 5, num_layers=L, bidirectional=bi, proj_size=proj)
        out.append((f"{cell} B{B} bi{bi} L{L} proj{proj} {dt}", arch, B, 7, dt))

    def one(cell: str = "lstm", **kw) -> Architecture:
        return Architecture(cell, 4, 5, layers=(LayerSpec(cell, 4, 5, **kw),))

    for B in (1, 2):
        out += [
            (f"rnn relu B{B}", Architecture("rnn", 4, 5, nonlinearity="relu"), B, 9, "float64"),
            (f"gru before B{B}", Architecture("gru", 4, 5, gru_reset_after=False), B, 9, "float64"),
            (f"lstm hard B{B}", Architecture("lstm", 4, 5, gate_activation="hard_sigmoid"), B, 9, "float64"),
            (
                f"lstm hard2 B{B}",
                Architecture(
                    "lstm", 4, 5, gate_activation="hard_sigmoid_keras2", num_layers=2, bidirectional=True
                ),
                B,
                9,
                "float32",
            ),
            (f"gru hard B{B}", Architecture("gru", 4, 5, gate_activation="hard_sigmoid"), B, 9, "float64"),
            (f"lstm relu-out B{B}", one(output=make_act("relu")), B, 9, "float64"),
            (f"lstm peep clip B{B}", one(peepholes=True, clip=0.7), B, 9, "float64"),
            (
                f"lstm peep proj B{B}",
                one(proj_size=3, peepholes=True, output=make_act("relu")),
                B,
                9,
                "float64",
            ),
            (f"lstm rev B{B}", one(direction="reverse"), B, 9, "float64"),
            (f"gru clip B{B}", one("gru", clip=0.5), B, 9, "float64"),
            (f"rnn clip B{B}", one("rnn", clip=0.5), B, 9, "float64"),
        ]
    out.append(("big lstm", Architecture("lstm", 8, 64), 1, 200, "float64"))
    out.append(("big gru", Architecture("gru", 8, 64), 2, 200, "float64"))
    return out


def run_all() -> dict[str, np.ndarray]:
    res: dict[str, np.ndarray] = {}
    for name, arch, B, T, dt in configurations():
        rng = np.random.default_rng(len(name) * 7919 + B)
        layers = tuple(tuple(params(spec, rng) for _ in spec.direction_names()) for spec in arch.layers)
        net = Network(arch, layers).astype(np.dtype(dt))
        x = rng.normal(size=(B, T, arch.input_size)) * 2
        if "big" not in name and B > 1:
            x[0, 3, 1], x[-1, 2, 0] = np.nan, np.inf
        x = x.astype(dt)
        cases = [("", None)]
        if B > 1:
            cases.append((" lengths", np.array([T] + [max(1, T - 2 - i) for i in range(B - 1)])))
        for suffix, lengths in cases:
            r = forward(net, x, lengths=lengths)
            key = name + suffix
            for k, layer in enumerate(r.trace):
                for d, tr in enumerate(layer):
                    for f in FIELDS:
                        if getattr(tr, f) is not None:
                            res[f"{key}|{k}|{d}|{f}"] = getattr(tr, f).copy()
            res[key + "|output"] = np.array(r.output)
            res[key + "|warnings"] = np.array("\n".join(r.warnings))
            if dt == "float64" and lengths is None and "peep" not in name and "clip" not in name:
                res[key + "|dx"] = np.array(backward(net, r, x, None, None, jacobian=False).inputs)
    return res


def main() -> None:
    print("rnnscope from", rnnscope.__file__)
    res = run_all()
    if sys.argv[1] == "save":
        np.savez(sys.argv[2], **res)
        print("saved", len(res), "arrays")
        return
    ref = np.load(sys.argv[2])
    bad = [
        k
        for k in ref.files
        if k not in res or ref[k].shape != res[k].shape or ref[k].tobytes() != res[k].tobytes()
    ]
    new = [k for k in res if k not in ref.files]
    print(f"compared {len(ref.files)}: {len(bad)} differ, {len(new)} new", bad[:20])
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
