#!/usr/bin/env python3
"""Reference values for Erlang C and Erlang A (M/M/N and M/M/N+M), computed without the
incomplete-gamma closed forms, for the Swift staffing tests.

    python3 Benchmarks/Staffing/erlang_reference.py [--swift]

Needs numpy and scipy. Prints, for each input set and agent count N, the probability that an
arriving call waits (all agents busy), the probability of abandonment, the service level within
T under three treatments of abandoned calls, the average speed of answer of answered calls and
the occupancy, each with 12 significant digits; then the largest disagreement of every
cross-check. `--swift` also prints the values as Swift tuple literals.

Method. The number of calls in the system is a birth–death chain: arrivals at rate λ, departures
at min(n, N)·μ + max(n − N, 0)·θ (θ = 1 / mean patience; θ = 0 is Erlang C). Its stationary
distribution comes from the product form, truncated where the tail is below 1e-25 of the peak.
An arriving call sees that distribution (PASTA). One that finds k ≥ 0 calls already waiting
moves up at rate Nμ + iθ while i calls are ahead of it (i = k … 0; at i = 0 it is the next one
answered) and abandons at rate θ: a small absorbing chain ("tagged caller") with two exits,
answered and abandoned. Calls answered at once start in "answered" with wait 0. The state of
that chain at time T (matrix exponential) gives the calls answered within T and abandoned
within T; its absorption probabilities and mean absorption time give P(abandon) and the ASA.

Cross-checks printed at the end (largest absolute difference over all rows):
  * stationary distribution: product form vs a numerical solve of πQ = 0;
  * P(wait): also the Erlang C formula through the Erlang B recursion (θ = 0 only);
  * P(abandon): tagged-chain absorption vs θ·E[Lq]/λ vs the per-state product
    1 − Π_i (Nμ+iθ)/(Nμ+(i+1)θ);
  * answered / abandoned within T: matrix exponential vs uniformisation (a Poisson sum of
    powers of the embedded jump chain — no expm);
  * ASA: tagged-chain (−S)⁻² vs the per-state derivative of the Laplace transform,
    Σ_k π_k Π_i r_i/(r_i+θ) · Σ_i 1/(r_i+θ); and Little's law, E[time in queue] = E[Lq]/λ;
  * occupancy: λ(1 − P(ab))/(Nμ) vs E[busy agents]/N;
  * Erlang C: SL = 1 − C·e^{−(Nμ−λ)T} and ASA = C/(Nμ−λ).
"""

from __future__ import annotations

import argparse
import math
from dataclasses import dataclass, field

import numpy as np
from scipy.linalg import expm, null_space, solve_triangular
from scipy.stats import poisson

TAIL = 1e-25  # truncate the chain where π_n / max π is below this (and falling)


@dataclass(frozen=True)
class Inputs:
    calls: float          # offered calls per interval
    interval: float       # seconds
    aht: float            # seconds
    patience: float | None  # mean patience, seconds; None for Erlang C
    agents: int
    target: float         # seconds

    @property
    def lam(self) -> float:
        return self.calls / self.interval

    @property
    def mu(self) -> float:
        return 1.0 / self.aht

    @property
    def theta(self) -> float:
        return 0.0 if self.patience is None else 1.0 / self.patience


@dataclass
class Result:
    inputs: Inputs
    p_wait: float
    p_abandon: float
    sl_against: float
    sl_for: float
    sl_ignored: float
    asa: float
    occupancy: float
    checks: dict[str, float] = field(default_factory=dict)  # name -> |difference|


def stationary(lam: float, mu: float, theta: float, n_agents: int) -> np.ndarray:
    """π_0 … π_nmax of the birth–death chain, from the product form in log space."""
    if theta == 0.0 and lam >= n_agents * mu:
        raise ValueError("Erlang C needs λ < Nμ")
    logs = [0.0]
    peak = 0.0
    n = 0
    while True:
        n += 1
        death = min(n, n_agents) * mu + max(n - n_agents, 0) * theta
        logs.append(logs[-1] + math.log(lam) - math.log(death))
        peak = max(peak, logs[-1])
        if n > n_agents and death > lam and logs[-1] - peak < math.log(TAIL):
            break
    weights = np.exp(np.array(logs) - peak)
    return weights / weights.sum()


def stationary_by_solve(lam: float, mu: float, theta: float, n_agents: int, size: int) -> np.ndarray:
    """The same distribution on the same truncation, from the null space of the generator."""
    q = np.zeros((size, size))
    for n in range(size):
        if n + 1 < size:
            q[n, n + 1] = lam
        if n > 0:
            q[n, n - 1] = min(n, n_agents) * mu + max(n - n_agents, 0) * theta
        q[n, n] = -q[n].sum()
    vector = null_space(q.T)[:, 0]
    return vector / vector.sum()


def tagged_generator(n_agents: int, mu: float, theta: float, depth: int) -> np.ndarray:
    """Generator of the tagged caller's chain: transient states i = 0 … depth (calls ahead),
    then ANSWERED = depth + 1 and ABANDONED = depth + 2 (absorbing)."""
    size = depth + 3
    answered, abandoned = depth + 1, depth + 2
    q = np.zeros((size, size))
    for i in range(depth + 1):
        move = n_agents * mu + i * theta
        q[i, i - 1 if i > 0 else answered] = move
        q[i, abandoned] = theta
        q[i, i] = -(move + theta)
    return q


def uniformised(x0: np.ndarray, q: np.ndarray, t: float) -> np.ndarray:
    """x0 · exp(Qt) as Σ_m Poisson(m; qt) · x0 · P^m with P = I + Q/q."""
    rate = float(-np.diag(q).min())
    step = np.eye(len(q)) + q / rate
    mean = rate * t
    last = int(mean + 40.0 * math.sqrt(mean) + 60.0)
    weights = poisson.pmf(np.arange(last + 1), mean)
    assert poisson.sf(last, mean) < 1e-18
    total = np.zeros_like(x0)
    x = x0.copy()
    for weight in weights:
        total += weight * x
        x = x @ step
    return total


def erlang_c_formula(load: float, n_agents: int) -> float:
    """P(wait) for M/M/N from the Erlang B recursion B(n) = A·B(n−1) / (n + A·B(n−1))."""
    b = 1.0
    for n in range(1, n_agents + 1):
        b = load * b / (n + load * b)
    return n_agents * b / (n_agents - load * (1.0 - b))


def compute(inputs: Inputs) -> Result:
    lam, mu, theta, n_agents, t = inputs.lam, inputs.mu, inputs.theta, inputs.agents, inputs.target
    pi = stationary(lam, mu, theta, n_agents)
    depth = len(pi) - 1 - n_agents          # largest number of calls ahead an arrival can see
    waiting = pi[n_agents:]                 # arrival finds k = 0 … depth calls ahead
    queue = np.arange(depth + 1)

    p_wait = float(waiting.sum())
    mean_queue = float(queue @ waiting)     # E[Lq]
    busy = float(np.minimum(np.arange(len(pi)), n_agents) @ pi)

    q = tagged_generator(n_agents, mu, theta, depth)
    answered, abandoned = depth + 1, depth + 2
    x0 = np.zeros(depth + 3)
    x0[:depth + 1] = waiting
    x0[answered] = pi[:n_agents].sum()      # answered at once, wait 0

    at_t = x0 @ expm(q * t)
    answered_by_t, abandoned_by_t = float(at_t[answered]), float(at_t[abandoned])

    # Absorption: −S is lower bidiagonal; exits to answered (s_a) and abandoned (s_b).
    minus_s = -q[:depth + 1, :depth + 1]
    s_a, s_b = q[:depth + 1, answered], q[:depth + 1, abandoned]
    to_a = solve_triangular(minus_s, s_a, lower=True)            # P(answered | k)
    to_b = solve_triangular(minus_s, s_b, lower=True)            # P(abandoned | k)
    time_a = solve_triangular(minus_s, to_a, lower=True)         # E[V·1{answered} | k]
    time_b = solve_triangular(minus_s, to_b, lower=True)         # E[τ·1{abandoned} | k]
    in_queue = solve_triangular(minus_s, np.ones(depth + 1), lower=True)  # E[min(V, τ) | k]

    p_abandon = float(waiting @ to_b)
    wait_answered = float(waiting @ time_a)
    asa = wait_answered / (1.0 - p_abandon)
    occupancy = lam * (1.0 - p_abandon) / (n_agents * mu)

    # Per-state closed products over the phases r_i = Nμ + iθ.
    rates = n_agents * mu + queue * theta
    survive = np.cumprod(rates / (rates + theta))                # P(answered | k)
    delay = np.cumsum(1.0 / (rates + theta))
    uni = uniformised(x0, q, t)

    checks = {
        "π product form vs solve": float(np.abs(pi - stationary_by_solve(lam, mu, theta, n_agents, len(pi))).max()),
        "P(ab): chain vs θ·E[Lq]/λ": abs(p_abandon - theta * mean_queue / lam),
        "P(ab): chain vs per-state product": abs(p_abandon - float(waiting @ (1.0 - survive))),
        "answered ≤ T: expm vs uniformisation": abs(answered_by_t - float(uni[answered])),
        "abandoned ≤ T: expm vs uniformisation": abs(abandoned_by_t - float(uni[abandoned])),
        "ASA: chain vs per-state Laplace": abs(asa - float(waiting @ (survive * delay)) / (1.0 - p_abandon)),
        "Little: E[time in queue] vs E[Lq]/λ": abs(float(waiting @ in_queue) - mean_queue / lam),
        "Little: E[V·1ans]+E[τ·1ab] vs E[Lq]/λ": abs(wait_answered + float(waiting @ time_b) - mean_queue / lam),
        "occupancy vs E[busy]/N": abs(occupancy - busy / n_agents),
    }
    if theta == 0.0:
        c = erlang_c_formula(lam / mu, n_agents)
        checks["Erlang C: P(wait) vs formula"] = abs(p_wait - c)
        checks["Erlang C: SL vs 1 − C·e^{−(Nμ−λ)T}"] = abs(answered_by_t - (1.0 - c * math.exp(-(n_agents * mu - lam) * t)))
        checks["Erlang C: ASA vs C/(Nμ−λ)"] = abs(asa - c / (n_agents * mu - lam))

    return Result(
        inputs=inputs,
        p_wait=p_wait,
        p_abandon=p_abandon,
        sl_against=answered_by_t,
        sl_for=answered_by_t + abandoned_by_t,
        sl_ignored=answered_by_t / (1.0 - abandoned_by_t),
        asa=asa,
        occupancy=occupancy,
        checks=checks,
    )


ERLANG_C = [Inputs(100, 1800, 180, None, n, 20) for n in range(11, 17)]
PUBLISHED_C = {14: {"sl": 0.8883500, "p_wait": 0.1741319}, 13: {"sl": 0.7955948}}

ERLANG_A = [
    Inputs(calls, interval, aht, patience, n, target)
    for calls, interval, aht, patience, agents, target in [
        (100, 1800, 180, 120, (10, 12, 14), 20),
        (600, 3600, 300, 60, (45, 50, 55), 30),
        (12000, 3600, 240, 180, (780, 800, 820), 20),
        (50, 1800, 600, 300, (15, 18), 60),
        (300, 1800, 180, 90, (20,), 20),   # offered load 30 Erlangs on 20 agents
    ]
    for n in agents
]


def g(value: float) -> str:
    return f"{value:.12g}"


def print_erlang_c(results: list[Result]) -> None:
    print("Erlang C — 100 calls / 1800 s, AHT 180 s, T = 20 s (load 10 Erlangs)")
    print(f"{'N':>4} {'SL(20s)':>16} {'P(wait)':>16} {'ASA s':>16} {'occupancy':>16}")
    for r in results:
        print(f"{r.inputs.agents:>4} {g(r.sl_against):>16} {g(r.p_wait):>16} {g(r.asa):>16} {g(r.occupancy):>16}")
    for n, published in PUBLISHED_C.items():
        r = next(r for r in results if r.inputs.agents == n)
        for key, value in published.items():
            ours = r.sl_against if key == "sl" else r.p_wait
            print(f"  published N={n} {key} {value:.7f}: ours {ours:.7f} ({'matches' if round(ours, 7) == value else 'DIFFERS'} to 7 places)")
    print()


def print_erlang_a(results: list[Result]) -> None:
    print("Erlang A — SL treatments: against = answered ≤ T / offered; for = (answered ≤ T + abandoned ≤ T) / offered;")
    print("           ignored = answered ≤ T / (offered − abandoned ≤ T). ASA over answered calls (at once = 0 s).")
    header = ["calls", "intvl", "AHT", "pat", "N", "T", "P(wait)", "P(abandon)", "SL against", "SL for",
              "SL ignored", "ASA s", "occupancy"]
    print(f"{header[0]:>6} {header[1]:>5} {header[2]:>4} {header[3]:>4} {header[4]:>4} {header[5]:>3} "
          + " ".join(f"{h:>15}" for h in header[6:]))
    for r in results:
        i = r.inputs
        values = [r.p_wait, r.p_abandon, r.sl_against, r.sl_for, r.sl_ignored, r.asa, r.occupancy]
        print(f"{i.calls:>6g} {i.interval:>5g} {i.aht:>4g} {i.patience:>4g} {i.agents:>4} {i.target:>3g} "
              + " ".join(f"{g(v):>15}" for v in values))
    print()


def print_checks(results: list[Result]) -> None:
    worst: dict[str, float] = {}
    for r in results:
        for name, diff in r.checks.items():
            worst[name] = max(worst.get(name, 0.0), diff)
    print("Cross-checks (largest absolute difference over all rows):")
    for name, diff in worst.items():
        print(f"  {name:<45} {diff:.2e}")
    print()


def print_swift(c: list[Result], a: list[Result]) -> None:
    print("// Erlang C: (agents, serviceLevel, probabilityOfWaiting, asaSeconds, occupancy)")
    for r in c:
        print(f"({r.inputs.agents}, {g(r.sl_against)}, {g(r.p_wait)}, {g(r.asa)}, {g(r.occupancy)}),")
    print("// Erlang A: (calls, intervalSeconds, ahtSeconds, patienceSeconds, agents, targetSeconds,")
    print("//            probabilityOfWaiting, probabilityOfAbandonment, slAgainst, slFor, slIgnored, asaSeconds, occupancy)")
    for r in a:
        i = r.inputs
        print(f"({i.calls:g}, {i.interval:g}, {i.aht:g}, {i.patience:g}, {i.agents}, {i.target:g}, "
              f"{g(r.p_wait)}, {g(r.p_abandon)}, {g(r.sl_against)}, {g(r.sl_for)}, {g(r.sl_ignored)}, "
              f"{g(r.asa)}, {g(r.occupancy)}),")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--swift", action="store_true", help="also print Swift tuple literals")
    args = parser.parse_args()
    c = [compute(i) for i in ERLANG_C]
    a = [compute(i) for i in ERLANG_A]
    print_erlang_c(c)
    print_erlang_a(a)
    print_checks(c + a)
    if args.swift:
        print_swift(c, a)


if __name__ == "__main__":
    main()
