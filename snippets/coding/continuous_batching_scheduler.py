"""Iteration-level (continuous, Orca-style) batching vs static batching, simulated in model steps.

Included, section by section, into docs/coding/continuous-batching-scheduler.md.
"""

# --8<-- [start:trace]
import numpy as np


def make_trace(n=200, rate=0.2, max_new=256, seed=0):
    """A seeded request trace: arrival step, prompt length and output length (tokens) per request id.

    Arrivals are a Bernoulli process: at each step a request arrives with probability `rate` (geometric gaps of mean
    1 / rate steps). Output lengths are skewed: most short, a few long.
    """
    rng = np.random.default_rng(seed)
    arrival = np.cumsum(rng.geometric(rate, size=n)) - 1  # first arrival at step 0 or later
    prompt = rng.integers(16, 257, size=n)
    output = np.minimum(rng.geometric(1 / 64, size=n), max_new)  # mean about 64, capped at max_new
    return arrival, prompt, output


# --8<-- [end:trace]

# --8<-- [start:scheduler]
from collections import deque


def schedule(trace, continuous=True, max_batch=16, token_budget=2048, kv_limit=8192, max_new=256):
    """Run the trace step by step. Each step, every running request emits one token; a request's first step also
    processes its prompt (prefill). Admission is FCFS by (arrival, id), never skipping the head of the queue, and
    needs: a batch slot, room in the step's token budget for the prompt, and KV room for prompt + max_new tokens,
    reserved until the request finishes (its output length is unknown in advance; max_new bounds it).

    continuous=True admits at every step (iteration-level scheduling); False forms a batch only when the previous
    batch has finished entirely, and returns results only then (request-level scheduling).
    Returns the finish step of each request and a log of (step, running ids, tokens processed, KV reserved, KV used).
    """
    arrival, prompt, output = trace
    assert prompt.max() <= token_budget and prompt.max() + max_new <= kv_limit, "a request that can never run"
    order = deque(sorted(range(len(arrival)), key=lambda i: (arrival[i], i)))  # FCFS, ties by id
    emitted, finish = np.zeros(len(arrival), dtype=int), np.full(len(arrival), -1)
    running, log, step = [], [], 0
    while order or running:
        tokens = sum(1 for i in running if 0 < emitted[i] < output[i])  # one decode token per running request
        reserved = sum(int(prompt[i]) + max_new for i in running)
        if continuous or not running:
            while order and arrival[order[0]] <= step and len(running) < max_batch:
                head = order[0]
                if tokens + prompt[head] > token_budget or reserved + prompt[head] + max_new > kv_limit:
                    break  # strict FCFS: nobody overtakes the head of the queue
                running.append(order.popleft())
                tokens += int(prompt[head])  # its prefill
                reserved += int(prompt[head]) + max_new
        active = [i for i in running if emitted[i] < output[i]]  # in a static batch, finished ones sit idle
        emitted[active] += 1
        used = sum(int(prompt[i] + emitted[i]) for i in running)  # KV slots actually holding tokens
        log.append((step, tuple(active), tokens, reserved, used))
        if continuous:
            finish[[i for i in running if emitted[i] == output[i]]] = step
            running = [i for i in running if emitted[i] < output[i]]
        elif running and all(emitted[i] == output[i] for i in running):
            finish[running] = step  # request-level: the whole batch returns together
            running = []
        step += 1
    return finish, log


# --8<-- [end:scheduler]
