import Foundation

/// Batches handed from one thread to another, in order, at most `capacity` waiting at once: the
/// thread that puts them runs ahead of the one that takes them, never far.
final class BatchQueue<Batch>: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    // Guarded by `condition`:
    private var waiting: [Batch] = []
    private var isFinished = false
    private var isCancelled = false

    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Adds `batch` after the others, waiting while the queue is full.
    /// - Returns: false when the taker has cancelled: the batch was dropped, and no more are wanted.
    func put(_ batch: Batch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while waiting.count >= capacity, !isCancelled {
            condition.wait()
        }
        guard !isCancelled else { return false }
        waiting.append(batch)
        condition.broadcast()
        return true
    }

    /// Says that no batch comes after those put.
    func finish() {
        condition.lock()
        isFinished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The first batch waiting, waiting for one if need be; nil once the queue is finished and empty.
    func take() -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty, !isFinished {
            condition.wait()
        }
        guard !waiting.isEmpty else { return nil }
        condition.broadcast()
        return waiting.removeFirst()
    }

    /// Says that the taker wants no more batches: the one waiting to be put is dropped, and those
    /// waiting are dropped with the queue.
    func cancel() {
        condition.lock()
        isCancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
