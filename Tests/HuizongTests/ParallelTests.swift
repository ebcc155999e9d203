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
}
