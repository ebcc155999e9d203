import Foundation
import Testing
@testable import Huizong

/// The store's rows read a page at a time, and read again by readers of their own on other threads
/// (the outbox writes report.json beside review.csv and cycle.xlsx, all three reading the review states).
@Suite struct StorePagesTests {
    /// The numbers 1…`count` in pages of `size`, the page after the last number given.
    static func numbers(_ count: Int, size: Int, failingOnceAfter failing: Int? = nil) -> StorePages<Int> {
        let failed = FailedOnce()
        return StorePages(pageSize: size) { (last: Int?) throws(StoreError) in
            let start = (last ?? 0) + 1
            if start - 1 == failing, failed.first() { throw StoreError(path: "store", reason: "disk I/O error") }
            return start <= count ? Array(start...min(count, start + size - 1)) : []
        }
    }

    /// True the first time it is asked, false after.
    final class FailedOnce: @unchecked Sendable {
        private let lock = NSLock()
        private var asked = false

        func first() -> Bool {
            lock.withLock {
                defer { asked = true }
                return !asked
            }
        }
    }

    @Test func readersOfTheirOwnReadTheSameRowsAtOnce() {
        let pages = Self.numbers(10_000, size: 7)
        let other = pages.anew()
        var here: [Int] = []
        var there: [Int] = []
        Parallel.alongside({ there = Array(other) }, { here = Array(pages) })
        #expect(here == Array(1...10_000))
        #expect(there == here)
        #expect(pages.failure == nil && other.failure == nil)
    }

    @Test func aFailureStaysWithTheReaderThatMetIt() {
        let pages = Self.numbers(100, size: 7, failingOnceAfter: 14)
        let read = Array(pages)
        #expect(read == Array(1...14))
        #expect(pages.failure == StoreError(path: "store", reason: "disk I/O error"))
        let again = pages.anew()
        #expect(Array(again) == Array(1...100))
        #expect(again.failure == nil)
        #expect(pages.failure != nil)
    }
}
