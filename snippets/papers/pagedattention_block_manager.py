import numpy as np


class BlockManager:
    """Physical KV blocks of B slots, a block table per sequence, reference counts, copy-on-write."""

    def __init__(self, num_blocks, B):
        self.B, self.pool = B, np.full((num_blocks, B), -1)  # token ids stand in for the K, V vectors
        self.free, self.ref = list(range(num_blocks)), np.zeros(num_blocks, dtype=int)
        self.tables, self.lens = {}, {}

    def _allocate(self):
        block = self.free.pop(0)
        self.ref[block] = 1
        return block

    def append(self, seq, token):
        table, n = self.tables.setdefault(seq, []), self.lens.get(seq, 0)
        if n % self.B == 0:  # last block full, or no block yet: map a new one
            table.append(self._allocate())
        elif self.ref[table[-1]] > 1:  # last block shared with another sequence: copy on write
            self.ref[table[-1]] -= 1
            new = self._allocate()
            self.pool[new] = self.pool[table[-1]]
            table[-1] = new
        self.pool[table[-1], n % self.B] = token
        self.lens[seq] = n + 1

    def fork(self, parent, child):  # a new sample shares every block; nothing is copied
        self.tables[child], self.lens[child] = list(self.tables[parent]), self.lens[parent]
        self.ref[self.tables[parent]] += 1

    def release(self, seq):
        for block in self.tables.pop(seq):
            self.ref[block] -= 1
            if self.ref[block] == 0:
                self.free.append(block)
        del self.lens[seq]

    def read(self, seq):  # what the attention kernel sees, gathered through the block table
        return self.pool[self.tables[seq]].ravel()[: self.lens[seq]]


rng = np.random.default_rng(0)
mgr = BlockManager(num_blocks=64, B=16)
prompt, outputs = rng.integers(50_000, size=100), rng.integers(50_000, size=(4, 30))
for token in prompt:
    mgr.append("prompt", token)
for s in range(4):  # parallel sampling: 4 outputs for one prompt
    mgr.fork("prompt", s)
mgr.release("prompt")
for step in range(30):
    for s in range(4):
        mgr.append(s, outputs[s, step])

print(
    "every sample reads its own prompt + output:",
    all(np.array_equal(mgr.read(s), np.r_[prompt, outputs[s]]) for s in range(4)),
)
print(f"blocks in use: {64 - len(mgr.free)}; without sharing: {4 * -(-130 // 16)}")
print("reference counts of the 7 prompt blocks:", mgr.ref[mgr.tables[0][:7]])
