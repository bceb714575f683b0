"""The peer: a PSPLIB instance modelled and solved by PyJobShop on OR-Tools CP-SAT.

PyJobShop (https://github.com/PyJobShop/PyJobShop) is a scheduling library on OR-Tools.
Its RCPSP model is the one its own PSPLIB reader builds (`pyjobshop.read`): one task per
job, one mode per task that uses every renewable resource with the job's demands, and one
end-before-start constraint per successor; objective = makespan. No hint, no redundant
constraints: plain CP-SAT as another library models it.

It is installed for the benchmark only, not a steerco dependency:
`.venv/bin/pip install pyjobshop` (tested with 0.0.9 on OR-Tools 9.15).
"""

from __future__ import annotations

import importlib
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

INSTALL_HINT = "install the peer with `.venv/bin/pip install pyjobshop` (benchmark only)"


@dataclass(frozen=True)
class PeerResult:
    """Status ('optimal', 'feasible', 'infeasible', 'unknown'), makespan, bound, wall time."""

    status: str
    makespan: int | None
    bound: int | None
    seconds: float
    start: list[int] | None


def _import_pyjobshop() -> ModuleType:
    """Import PyJobShop with this folder off the path: its `psplib` dependency would
    otherwise find `benchmarks/psplib.py`."""
    here = Path(__file__).resolve().parent
    saved = sys.path[:]
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    shadow = sys.modules.get("psplib")
    if shadow is not None and Path(getattr(shadow, "__file__", None) or ".").parent == here:
        del sys.modules["psplib"]
    try:
        return importlib.import_module("pyjobshop")
    finally:
        sys.path[:] = saved


def available() -> str | None:
    """None when PyJobShop imports, else why not (with how to install it)."""
    try:
        _import_pyjobshop()
    except ImportError as error:
        return f"PyJobShop is missing ({error}); {INSTALL_HINT}"
    return None


def solve_pyjobshop(
    duration: Sequence[int],
    successors: Sequence[Sequence[int]],
    demand: Sequence[Sequence[int]],
    capacity: Sequence[int],
    *,
    time_limit: float,
    workers: int = 2,
) -> PeerResult:
    """Build the PyJobShop model of one single-mode instance (jobs from 0) and solve it.

    The time covers building the model and solving, as for steerco's methods.
    """
    pyjobshop = _import_pyjobshop()
    model_class, solve_status = pyjobshop.Model, pyjobshop.SolveStatus
    began = time.perf_counter()
    model = model_class()
    resources = [model.add_renewable(capacity=int(c)) for c in capacity]
    tasks = [model.add_task() for _ in duration]
    for j, task in enumerate(tasks):
        model.add_mode(task, resources, int(duration[j]), [int(q) for q in demand[j]])
    for j, succ in enumerate(successors):
        for s in succ:
            model.add_end_before_start(tasks[j], tasks[s])
    model.set_objective(weight_makespan=1)
    result = model.solve(
        solver="ortools", time_limit=time_limit, display=False, num_workers=workers
    )
    seconds = time.perf_counter() - began
    status = {
        solve_status.OPTIMAL: "optimal",
        solve_status.FEASIBLE: "feasible",
        solve_status.INFEASIBLE: "infeasible",
    }.get(result.status, "unknown")
    if status not in ("optimal", "feasible"):
        return PeerResult(status, None, None, seconds, None)
    start = [int(t.start) for t in result.best.tasks]
    makespan = round(result.objective)
    bound = makespan if status == "optimal" else round(result.lower_bound)
    return PeerResult(status, makespan, bound, seconds, start)
