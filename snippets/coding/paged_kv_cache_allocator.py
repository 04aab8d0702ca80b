"""A paged KV-cache block allocator in the style of PagedAttention / vLLM (Kwon et al., 2023, sections 4.2-4.4).

Included into docs/coding/paged-kv-cache-allocator.md.
"""

# --8<-- [start:solution]
import numpy as np


class PagedKVCache:
    """One pool of fixed-size blocks; a block table per sequence; reference counts for sharing; copy-on-write.

    `storage` stands in for the key and value tensors of every layer: one row of `dim` numbers per token slot.
    """

    def __init__(self, num_blocks: int, block_size: int, dim: int):
        self.block_size = block_size
        self.storage = np.zeros((num_blocks, block_size, dim))
        self.ref_count = np.zeros(num_blocks, dtype=np.int64)
        self.free = list(range(num_blocks - 1, -1, -1))  # a stack: the most recently freed block is reused first
        self.tables: dict[int, list[int]] = {}  # sequence id -> physical block ids, in logical order
        self.lengths: dict[int, int] = {}  # sequence id -> tokens stored
        self.copies = 0  # copy-on-write events

    def _allocate(self) -> int:
        if not self.free:
            raise MemoryError("no free KV block: preempt or swap a sequence")
        block = self.free.pop()
        self.ref_count[block] = 1
        return block

    def _release(self, block: int) -> None:
        self.ref_count[block] -= 1
        if self.ref_count[block] == 0:  # only the last user returns a block to the pool
            self.free.append(block)

    def add(self, seq: int) -> None:
        self.tables[seq], self.lengths[seq] = [], 0

    def fork(self, parent: int, child: int) -> None:
        """The child shares every block of the parent (a prompt prefix, or a parallel sample): no copy."""
        self.tables[child], self.lengths[child] = list(self.tables[parent]), self.lengths[parent]
        for block in self.tables[child]:
            self.ref_count[block] += 1

    def append(self, seq: int, kv: np.ndarray) -> None:
        """Store one token's KV: a new block only when the last one is full; copy a shared partial block first."""
        table, slot = self.tables[seq], self.lengths[seq] % self.block_size
        if slot == 0:
            table.append(self._allocate())
        elif self.ref_count[table[-1]] > 1:  # copy-on-write: others still read this block's first `slot` tokens
            block = self._allocate()
            self.storage[block, :slot] = self.storage[table[-1], :slot]
            self._release(table[-1])
            table[-1] = block
            self.copies += 1
        self.storage[table[-1], slot] = kv
        self.lengths[seq] += 1

    def free_sequence(self, seq: int) -> None:
        for block in self.tables.pop(seq):
            self._release(block)
        del self.lengths[seq]

    def read(self, seq: int) -> np.ndarray:
        """The sequence's KV rows in token order: what the attention kernel gathers through the block table."""
        rows = self.storage[self.tables[seq]].reshape(-1, self.storage.shape[2])
        return rows[: self.lengths[seq]]

    def blocks_in_use(self) -> int:
        return len(self.ref_count) - len(self.free)


# --8<-- [end:solution]
