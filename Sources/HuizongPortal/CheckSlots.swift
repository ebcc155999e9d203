/// As many checks at once as the machine has cores; the rest wait their turn, first come first
/// served. Fifty clerks uploading at once then share the cores instead of each holding a thread
/// and the memory of a file half read.
actor CheckSlots {
    private var free: Int
    private var waiting: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) {
        free = max(1, count)
    }

    /// Runs `body` once a slot is free.
    func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        if free > 0 {
            free -= 1
        } else {
            await withCheckedContinuation { waiting.append($0) }
        }
        let result = await Blocking.run(body)
        if waiting.isEmpty {
            free += 1
        } else {
            waiting.removeFirst().resume()
        }
        return result
    }
}
