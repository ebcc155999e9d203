import Foundation

/// Refuses sign-ins to an account after five failures within fifteen minutes (PRODUCT §13: 429),
/// whatever the password of the sixth; the failures age out one by one. Kept in memory, per
/// account name, so that guessing at one account never locks out another.
actor LoginThrottle {
    static let allowedFailures = 5
    static let window: TimeInterval = 15 * 60
    static let namesKept = 10_000

    private var failures: [String: [Date]] = [:]

    func isBlocked(_ account: String, now: Date = Date()) -> Bool {
        recent(account, now: now).count >= Self.allowedFailures
    }

    /// Records a failure; names whose failures have all aged out are forgotten, so that guesses at
    /// many names cannot fill the memory.
    func failed(_ account: String, now: Date = Date()) {
        if failures.count >= Self.namesKept {
            failures = failures.filter { now.timeIntervalSince($0.value.last ?? now) < Self.window }
        }
        failures[account] = recent(account, now: now) + [now]
    }

    func succeeded(_ account: String) {
        failures[account] = nil
    }

    private func recent(_ account: String, now: Date) -> [Date] {
        (failures[account] ?? []).filter { now.timeIntervalSince($0) < Self.window }
    }
}
