#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension OutputError {
    /// The text that ends a failed run: the path, the reason, what to do, and that nothing was left half-written.
    public func message(_ language: Language) -> String {
        switch language {
        case .zh: "无法写入 \(path)：\(reason)。\(advice(language))没有留下写了一半的文件，上一次的输出仍然完好。"
        case .en: "Could not write \(path): \(reason). \(advice(language)) No file was left half-written; the previous output is intact."
        }
    }

    private func advice(_ language: Language) -> String {
        let zh = language == .zh
        switch errorNumber {
        case ENOSPC, EDQUOT:
            return zh ? "磁盘空间已满，请清理出空间后重新运行。" : "The disk is full: free some space and run again."
        case EACCES, EPERM:
            return zh ? "没有写入权限，请检查输出文件夹（outbox）的权限。"
                : "Permission denied: check the permissions of the outbox folder."
        case EROFS:
            return zh ? "该磁盘是只读的，请把工作区放到可写的磁盘上。" : "The disk is read-only: put the workspace on a writable disk."
        case ENOTDIR, EISDIR, EEXIST:
            return zh ? "路径上有一项类型不对（该是文件夹的地方是文件，或反之），请把它移走后重新运行。"
                : "Something on this path is of the wrong kind (a file where a folder belongs, or the reverse): move it away and run again."
        default:
            return zh ? "请检查磁盘和输出文件夹后重新运行。" : "Check the disk and the outbox folder, then run again."
        }
    }
}
