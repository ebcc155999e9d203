import Dispatch
import Foundation

/// Work spread over the machine's cores.
enum Parallel {
    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    /// Fewer items than this to a slice are not worth a thread.
    private static let minimumSlice = 64

    /// How many items `map` hands to its `warm` at a time.
    static let warmRun = 64

    /// `items.map(transform)`, computed in as many slices as there are cores, in order.
    /// - Parameter warm: called with each run of `warmRun` items before they are transformed, to
    ///   bring what they will read into the cache at once.
    static func map<Item: Sendable, Result: Sendable>(_ items: [Item], warm: (@Sendable (ArraySlice<Item>) -> Void)? = nil,
                                                      _ transform: @Sendable (Item) -> Result) -> [Result] {
        let slices = max(1, min(cores, items.count / minimumSlice))
        return [Result](unsafeUninitializedCapacity: items.count) { buffer, initialized in
            let results = Slots(base: buffer.baseAddress!)
            @Sendable func fill(_ slice: Int) {
                var start = items.count * slice / slices
                let end = items.count * (slice + 1) / slices
                while start < end {
                    let run = start..<min(end, start + warmRun)
                    warm?(items[run])
                    for i in run { (results.base + i).initialize(to: transform(items[i])) }
                    start = run.upperBound
                }
            }
            if slices == 1 { fill(0) } else { DispatchQueue.concurrentPerform(iterations: slices, execute: fill) }
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

extension Parallel {
    /// Runs `background` on a thread of its own while `body` runs on this thread, and returns when
    /// both have. The two may wait for each other: `background` never waits for a thread of the
    /// shared pool, whose threads may all be busy.
    static func alongside(_ background: () -> Void, _ body: () -> Void) {
        withoutActuallyEscaping(background) { background in
            let work = UnsafeMutablePointer<() -> Void>.allocate(capacity: 1)
            work.initialize(to: background)
            defer {
                work.deinitialize(count: 1)
                work.deallocate()
            }
            var thread = pthread_t()
            let started = pthread_create(&thread, nil, { work in
                work?.assumingMemoryBound(to: (() -> Void).self).pointee()
                return nil
            }, work)
            if started == 0 {
                body()
                pthread_join(thread, nil)
            } else {
                // No thread to be had: the shared pool adds one for work that waits, if slowly.
                let done = DispatchSemaphore(value: 0)
                let handed = UncheckedWork(run: work)
                DispatchQueue.global().async {
                    handed.run.pointee()
                    done.signal()
                }
                body()
                done.wait()
            }
        }
    }

    /// Work handed to a thread of the shared pool that the caller waits for.
    private struct UncheckedWork: @unchecked Sendable {
        let run: UnsafeMutablePointer<() -> Void>
    }
}
