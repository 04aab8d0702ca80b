"""A tool-using customer-operations agent: tokens and cost per task, and a simulation of per-step failures and retries.

Included, section by section, into docs/system-design/tool-using-agent.md. Runs top to bottom on its own as well.
"""

# --8<-- [start:scale]
# Workload (assumed): tickets a day, the share the agent takes, model calls per task.
tickets, agent_share, calls = 200_000, 0.6, 8
system_and_tools, added_per_call, output_per_call = 3_000, 400, 150  # tokens
# Placeholder prices in dollars per million tokens (not a vendor's list): input, cached input, output.
price_in, price_cached, price_out = 3.00, 0.30, 15.00


def task_cost(n_calls, cached=True):
    """Each call re-sends the transcript: the system prompt and tool schemas, plus everything added so far."""
    total = 0.0
    for t in range(n_calls):
        prompt = system_and_tools + added_per_call * t
        new = prompt if (t == 0 or not cached) else added_per_call  # a prefix cache bills the repeat at a discount
        total += (new * price_in + (prompt - new) * price_cached + output_per_call * price_out) / 1e6
    return total


input_tokens = sum(system_and_tools + added_per_call * t for t in range(calls))
print(f"input tokens per task: {input_tokens:,} (distinct content {system_and_tools + added_per_call * calls:,})")
print(f"cost per task: ${task_cost(calls, cached=False):.3f} without a prefix cache, ${task_cost(calls):.3f} with one")
peak_calls = tickets * agent_share * calls / 86_400 * 3
print(f"model calls at peak (3x mean): {peak_calls:.0f}/s; tasks a day: {tickets * agent_share:,.0f}")
HUMAN, WRONG = 5.00, 20.00  # placeholders: a ticket handled by a person; a wrong action (bad refund, lost order)
for success in (0.6, 0.8):
    per_ticket = task_cost(calls) + (1 - success) * HUMAN
    print(f"{success:.0%} resolved, the rest handed off: ${per_ticket:.2f} per ticket (all human: ${HUMAN:.2f})")
print(f"budget cap of 15 calls: at most ${task_cost(15):.3f} per task")
# --8<-- [end:scale]

# --8<-- [start:budget]
budget_s = {  # one task, p50, asynchronous ticket: the customer gets an answer, not a stream
    "8 model calls x (0.6 s to first token + 150 tokens x 20 ms)": 8 * (0.6 + 150 * 0.020),
    "8 tool calls x 0.4 s (order, payment, shipping APIs)": 8 * 0.4,
    "validation, policy checks, logging": 1.0,
    "headroom for one retry": 4.0,
}
for stage, seconds in budget_s.items():
    print(f"{stage:<62}{seconds:>6.1f} s")
print(f"{'task, end to end':<62}{sum(budget_s.values()):>6.1f} s (target: under 40)")
assert sum(budget_s.values()) < 40
# --8<-- [end:budget]

# --8<-- [start:toy-model]
import numpy as np

COST = np.array([task_cost(n) for n in range(64)])  # dollars for a task that made n model calls


def run(tasks, steps, fail, detectable, retries, repeat, validate=True, max_calls=None, seed=0):
    """Simulate `tasks` episodes of `steps` tool-using steps. Each call fails with probability `fail` (one rate, or
    one per task); a failure is
    caught by validation (bad schema, business rule, tool error) with probability `detectable`, otherwise it is
    silent (a valid call that does the wrong thing). A caught failure goes back to the model as an error message;
    it retries up to `retries` times per step, repeating the same mistake with probability `repeat`, else trying
    afresh. Returns the shares of tasks that succeed, end in a wrong action, or are handed off, and the mean cost."""
    rng = np.random.default_rng(seed)
    alive = np.ones(tasks, dtype=bool)
    wrong = np.zeros(tasks, dtype=bool)
    n_calls = np.zeros(tasks, dtype=int)
    for _ in range(steps):
        pending = alive.copy()  # tasks still working on this step
        for attempt in range(retries + 1):
            if max_calls is not None:  # a call beyond the task's budget is not made: hand off instead
                over = pending & (n_calls >= max_calls)
                alive &= ~over
                pending &= ~over
            u, v, w = rng.random(tasks), rng.random(tasks), rng.random(tasks)
            n_calls += pending
            if attempt == 0:
                failed = u < fail
                caught = failed & (v < detectable)
            else:  # a retry after an error message
                same = u < repeat
                failed = same | (w < fail)
                caught = same | (failed & (v < detectable))
            if not validate:
                caught = np.zeros(tasks, dtype=bool)  # nothing checks the call: every failure reaches the tool
            silent = pending & failed & ~caught
            wrong |= silent
            alive &= ~silent
            pending &= failed & caught & alive
            if attempt == retries:
                alive &= ~pending  # retries used up on this step: hand off to a person
    return alive.mean(), wrong.mean(), (~alive & ~wrong).mean(), COST[n_calls].mean()


def closed_form(steps, fail, detectable, retries, repeat):
    """The same model on paper: a step's success probability, raised to the number of steps."""
    again = repeat + (1 - repeat) * fail * detectable  # a retry is caught failing again
    step = (1 - fail) + fail * detectable * (1 - repeat) * (1 - fail) * sum(again**k for k in range(retries))
    return step**steps


# --8<-- [end:toy-model]

# --8<-- [start:toy-run]
STEPS, FAIL, DETECTABLE = 8, 0.10, 0.7
print(f"{'policy':<32}{'success':>8}{'formula':>8}{'wrong':>7}{'handed off':>11}{'$ model':>8}{'$/ticket':>9}")
policies = [
    ("no validation", dict(retries=0, repeat=0.0, validate=False)),
    ("validate, no retry", dict(retries=0, repeat=0.0)),
    ("validate, 1 retry", dict(retries=1, repeat=0.0)),
    ("validate, 3 retries", dict(retries=3, repeat=0.0)),
    ("3 retries, model repeats 60%", dict(retries=3, repeat=0.6)),
    ("3 retries, at most 10 calls", dict(retries=3, repeat=0.0, max_calls=10)),
    ("3 retries, check before writes", dict(retries=3, repeat=0.0, detectable=0.88)),
]
for name, kw in policies:
    detectable = kw.pop("detectable", DETECTABLE)
    success, wrong, handed_off, cost = run(50_000, STEPS, FAIL, detectable, **kw)
    if not kw.get("validate", True):
        formula = f"{(1 - FAIL) ** STEPS:>8.3f}"
    elif "max_calls" in kw:
        formula = f"{'-':>8}"
    else:
        formula = f"{closed_form(STEPS, FAIL, detectable, kw['retries'], kw['repeat']):>8.3f}"
    per_ticket = cost + handed_off * HUMAN + wrong * WRONG
    print(f"{name:<32}{success:>8.3f}{formula}{wrong:>7.3f}{handed_off:>11.3f}{cost:>8.3f}{per_ticket:>9.2f}")
ceiling = (1 - FAIL * (1 - DETECTABLE)) ** STEPS
print(f"ceiling with unlimited retries: (1 - {FAIL} x {1 - DETECTABLE:.1f})^{STEPS} = {ceiling:.3f}")

# Same mean failure rate, but some tickets are harder: each task's rate is uniform on [0, 2 x FAIL].
per_task = np.random.default_rng(2).uniform(0, 2 * FAIL, 50_000)
print(f"{'steps':>5}{'no validation':>15}{'p^n':>7}{'hard tickets':>14}{'3 retries':>11}")
for steps in (4, 8, 16, 32):
    plain, *_ = run(50_000, steps, FAIL, DETECTABLE, retries=0, repeat=0.0, validate=False, seed=1)
    mixed, *_ = run(50_000, steps, per_task, DETECTABLE, retries=0, repeat=0.0, validate=False, seed=1)
    retried, *_ = run(50_000, steps, FAIL, DETECTABLE, retries=3, repeat=0.0, seed=1)
    print(f"{steps:>5}{plain:>15.3f}{(1 - FAIL) ** steps:>7.3f}{mixed:>14.3f}{retried:>11.3f}")
# --8<-- [end:toy-run]
