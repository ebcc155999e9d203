/// Why a nightly run could not complete. The previous outbox and store stay as they were.
public enum RunFailure: Error, Sendable {
    /// Another run holds the workspace (exit 3).
    case locked(WorkspaceLockError.Holder)
    case lockUnavailable(path: String, reason: String)
    case store(StoreError)
    case output(OutputError)

    init(_ failure: OutboxFailure) {
        switch failure {
        case .store(let error): self = .store(error)
        case .output(let error): self = .output(error)
        }
    }

    public func message(_ language: Language) -> String {
        let zh = language == .zh
        switch self {
        case .locked(let holder):
            let who = "pid \(holder.pid)" + (holder.host.isEmpty ? "" : " @ \(holder.host)")
            let since = holder.started.isEmpty ? "" : (zh ? "，开始于 \(holder.started)" : ", since \(holder.started)")
            return zh
                ? "另一个汇总任务正在使用这个工作区（\(who)\(since)）。请等它结束后再运行。"
                : "Another run is using this workspace (\(who)\(since)). Wait for it to finish and run again."
        case .lockUnavailable(let path, let reason):
            return zh
                ? "无法创建工作区锁文件“\(path)”（\(reason)）。请检查 outbox 文件夹的权限和磁盘空间。"
                : "The workspace lock “\(path)” cannot be created (\(reason)). Check the outbox folder's permissions and free space."
        case .store(let error):
            return error.message(language)
        case .output(let error):
            return error.message(language)
        }
    }
}
