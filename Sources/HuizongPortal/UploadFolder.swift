import Foundation

/// A folder only this process may read, for the bytes of uploads while they are checked: each
/// upload gets a fresh random name in it, so a client's file name never becomes a path.
final class UploadFolder: Sendable {
    let path: String

    init() throws {
        var template = Array((NSTemporaryDirectory() + "huizong-portal-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: NSTemporaryDirectory()])
        }
        path = String(cString: made)
    }

    /// A name for a new file in the folder, not yet created.
    func newPath() -> String {
        path + "/" + Sessions.randomToken().prefix(32)
    }

    /// Removes the folder and everything in it, when the portal stops.
    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
