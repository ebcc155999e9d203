#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A way for the crash tests to kill a run at a chosen moment, as a power cut or `kill -9` would.
///
/// `HUIZONG_FAULT=file:N` kills the process after the N-th inbox file is read (before the run
/// commits), `commit` right after the run commits, `archive:N` after the N-th archive move. The
/// variable is read only by these checks; an office never sets it.
enum FaultInjection {
    enum Point: String {
        case file, commit, archive
    }

    private static let setting: (point: Point, count: Int)? = {
        guard let raw = getenv("HUIZONG_FAULT").map({ String(cString: $0) }) else { return nil }
        let parts = raw.split(separator: ":")
        guard let point = parts.first.flatMap({ Point(rawValue: String($0)) }) else { return nil }
        return (point, parts.count > 1 ? Int(parts[1]) ?? 1 : 1)
    }()

    /// Kills the process with SIGKILL when `point` has been reached `count` times.
    static func reached(_ point: Point, count: Int = 1) {
        guard let setting, setting.point == point, setting.count == count else { return }
        kill(getpid(), SIGKILL)
    }
}
