def schedule(stages, microbatches, one_f_one_b, t_f=1, t_b=2):
    """Run a pipeline schedule; return the idle fraction and the peak number of stashed activations per stage."""
    order = []  # the operations each stage runs, in its own order
    for s in range(stages):
        if one_f_one_b:  # PipeDream-Flush / Megatron 1F1B: warm-up forwards, then alternate, then drain
            warmup = min(stages - s - 1, microbatches)
            ops = [("F", j) for j in range(warmup)]
            for j in range(microbatches - warmup):
                ops += [("F", warmup + j), ("B", j)]
            ops += [("B", j) for j in range(microbatches - warmup, microbatches)]
        else:  # GPipe: all forwards, then all backwards
            ops = [("F", j) for j in range(microbatches)] + [("B", j) for j in range(microbatches)]
        order.append(ops)

    done, free_at, position = {}, [0] * stages, [0] * stages
    stash, peak = [0] * stages, [0] * stages  # activations kept for a backward that has not run yet
    while any(position[s] < len(order[s]) for s in range(stages)):
        for s in range(stages):
            if position[s] == len(order[s]):
                continue
            kind, j = order[s][position[s]]
            if kind == "F":  # needs the previous stage's output for this microbatch
                needs = [("F", s - 1, j)] if s > 0 else []
            else:  # needs the next stage's gradient (or, on the last stage, its own forward)
                needs = [("B", s + 1, j)] if s < stages - 1 else [("F", s, j)]
            if all(n in done for n in needs):
                start = max([free_at[s]] + [done[n] for n in needs])
                free_at[s] = done[(kind, s, j)] = start + (t_f if kind == "F" else t_b)
                stash[s] += 1 if kind == "F" else -1
                peak[s] = max(peak[s], stash[s])
                position[s] += 1
    makespan = max(free_at)
    busy = stages * microbatches * (t_f + t_b)
    return 1 - busy / (stages * makespan), max(peak)


print("stages  microbatches  idle: GPipe  1F1B  (p-1)/(m+p-1)   stashed activations: GPipe  1F1B")
for p, m in [(4, 1), (4, 4), (4, 16), (8, 8), (8, 32), (8, 64)]:
    idle_gpipe, stash_gpipe = schedule(p, m, one_f_one_b=False)
    idle_1f1b, stash_1f1b = schedule(p, m, one_f_one_b=True)
    print(
        f"{p:>6} {m:>13} {idle_gpipe:>12.3f} {idle_1f1b:>5.3f} {(p - 1) / (m + p - 1):>14.3f}"
        f" {stash_gpipe:>27} {stash_1f1b:>5}"
    )

configs = [(4, 1), (4, 4), (4, 16), (8, 8), (8, 32), (8, 64)]
reference = [schedule(p, m, f) for p, m in configs for f in (False, True)]
same = all([schedule(p, m, f, t_b=t_b) for p, m in configs for f in (False, True)] == reference for t_b in (1, 3))
print(f"same idle fractions and stashes with the backward 1x or 3x the forward: {same}")
