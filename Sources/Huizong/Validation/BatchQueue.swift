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
    /// - Returns: false once the queue is cancelled: the batch was dropped, and no more are wanted.
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

    /// The first batch waiting, waiting for one if need be; nil once the queue is finished and
    /// empty, or cancelled.
    func take() -> Batch? {
        condition.lock()
        defer { condition.unlock() }
        while waiting.isEmpty, !isFinished, !isCancelled {
            condition.wait()
        }
        guard !waiting.isEmpty, !isCancelled else { return nil }
        condition.broadcast()
        return waiting.removeFirst()
    }

    /// Ends the queue for both sides, from either: batches put are dropped, and takes give nil.
    func cancel() {
        condition.lock()
        isCancelled = true
        waiting = []
        condition.broadcast()
        condition.unlock()
    }

    var wasCancelled: Bool {
        condition.lock()
        defer { condition.unlock() }
        return isCancelled
    }
}
