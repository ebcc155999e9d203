import Dispatch
import Foundation

/// Work spread over the machine's cores.
enum Parallel {
    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Fewer items than this to a slice are not worth a thread.
    private static let minimumSlice = 64

    /// `items.map(transform)`, computed in as many slices as there are cores, in order.
    static func map<Item: Sendable, Result: Sendable>(_ items: [Item], _ transform: @Sendable (Item) -> Result) -> [Result] {
        let slices = min(cores, items.count / minimumSlice)
        guard slices > 1 else { return items.map(transform) }
        return [Result](unsafeUninitializedCapacity: items.count) { buffer, initialized in
            let results = Slots(base: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: slices) { slice in
                for i in items.count * slice / slices..<items.count * (slice + 1) / slices {
                    (results.base + i).initialize(to: transform(items[i]))
                }
            }
            initialized = items.count
        }
    }

    /// `body(0)`, …, `body(count - 1)` computed at once on the cores, in order: for a few large
    /// pieces of work that `map` would not split.
    static func each<Result: Sendable>(_ count: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
        guard count > 1 else { return (0..<count).map(body) }
        return [Result](unsafeUninitializedCapacity: count) { buffer, initialized in
            let results = Slots(base: buffer.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: count) { i in
                (results.base + i).initialize(to: body(i))
            }
            initialized = count
        }
    }

    /// The results being computed: each slice initialises its own indexes and no other.
    private struct Slots<Result>: @unchecked Sendable {
        let base: UnsafeMutablePointer<Result>
    }
}
