import Foundation
import Testing
@testable import Huizong

@Suite struct ParallelTests {
    /// The runs `warm` was called with, from every thread.
    final class Runs: @unchecked Sendable {
        private let lock = NSLock()
        private var runs: [Range<Int>] = []

        func add(_ run: Range<Int>) {
            lock.withLock { runs.append(run) }
        }

        var sorted: [Range<Int>] {
            lock.withLock { runs.sorted { $0.lowerBound < $1.lowerBound } }
        }
    }

    @Test(arguments: [0, 1, 63, 64, 65, 127, 1000, 4097])
    func mapKeepsOrderAndWarmsEveryItemOnceBeforeItIsTransformed(count: Int) {
        let items = Array(0..<count)
        let runs = Runs()
        let results = Parallel.map(items, warm: { runs.add($0.indices) }) { $0 * 2 }
        #expect(results == items.map { $0 * 2 })
        let warmed = runs.sorted
        #expect(warmed.allSatisfy { !$0.isEmpty && $0.count <= Parallel.warmRun })
        #expect(warmed.flatMap { Array($0) } == items)
    }

    @Test func eachGivesEveryIndexInOrder() {
        #expect(Parallel.each(5) { $0 * $0 } == [0, 1, 4, 9, 16])
        #expect(Parallel.each(0) { $0 }.isEmpty)
    }

    /// The background puts more batches than the queue holds: it can only finish if the body takes
    /// them at the same time, on another thread.
    @Test(arguments: [1, 2, 5])
    func alongsideHandsEveryBatchOverInOrder(capacity: Int) {
        let queue = BatchQueue<Int>(capacity: capacity)
        var taken: [Int] = []
        Parallel.alongside({
            for i in 0..<1000 where !queue.put(i) { return }
            queue.finish()
        }, {
            while let batch = queue.take() { taken.append(batch) }
        })
        #expect(taken == Array(0..<1000))
    }

    /// A taker that gives up lets the putter stop at its next batch, and neither waits forever.
    @Test func cancellingStopsThePutter() {
        let queue = BatchQueue<Int>(capacity: 2)
        var put = 0
        var refused = false
        Parallel.alongside({
            defer { queue.finish() }
            for i in 0..<1000 {
                guard queue.put(i) else {
                    refused = true
                    return
                }
                put += 1
            }
        }, {
            for _ in 0..<3 { _ = queue.take() }
            queue.cancel()
        })
        #expect(refused)
        #expect(put >= 3 && put <= 5)
        #expect(queue.wasCancelled && queue.take() == nil)
    }

    /// Cancelled from either side, the queue ends a taker's wait and drops what was waiting: the
    /// consolidated workbook's writer gives up this way, and the store's reader too.
    @Test func cancellingEndsATakersWaitAndDropsWhatWaits() {
        let queue = BatchQueue<Int>(capacity: 4)
        var taken: Int? = 0
        Parallel.alongside({ taken = queue.take() }, { queue.cancel() })
        #expect(taken == nil && queue.wasCancelled && !queue.put(2) && queue.take() == nil)

        let waiting = BatchQueue<Int>(capacity: 2)
        #expect(waiting.put(5) && !waiting.wasCancelled)
        waiting.cancel()
        #expect(waiting.take() == nil)
    }
}
