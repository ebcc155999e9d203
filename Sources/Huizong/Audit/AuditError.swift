/// Why an audit could not be made. Nothing was changed.
public enum AuditError: Error, Sendable {
    /// A run holds the workspace (exit 3): auditing now could read it half done.
    case locked(WorkspaceLockError.Holder)
    case lockUnavailable(path: String, reason: String)
    /// No night has been run in this workspace: there is no store to audit.
    case noStore(path: String)
    case store(StoreError)

    public func message(_ language: Language) -> String {
        switch self {
        case .locked(let holder):
            return RunFailure.locked(holder).message(language)
        case .lockUnavailable(let path, let reason):
            return RunFailure.lockUnavailable(path: path, reason: reason).message(language)
        case .noStore(let path):
            return language == .zh
                ? "找不到汇总数据库“\(path)”：这个工作区还没有运行过 huizong run，没有可以审计的内容。"
                : "There is no store at “\(path)”: no night has been run in this workspace, so there is nothing to audit."
        case .store(let error):
            return error.message(language)
        }
    }
}
