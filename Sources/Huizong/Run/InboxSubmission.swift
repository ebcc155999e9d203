import Foundation

/// Puts a file a portal account submitted into the inbox (PRODUCT §13), for the night to read like
/// any other, and records who sent it so that the night refuses rows for units the account may not
/// file for (`not-authorised`).
///
/// The inbox name is made here, never taken from the client: `portal-<account>-<time>-<id>.<ext>`,
/// the extension that of the format the content was read as. The record is written before the
/// file, so the night never meets a portal file it cannot attribute; the file is copied under a
/// hidden temporary name the night's listing passes over, synced, and renamed into place.
public struct InboxSubmission {
    public let workspace: Workspace

    public init(workspace: Workspace) {
        self.workspace = workspace
    }

    /// Copies the file at `path` into the inbox.
    /// - Parameters:
    ///   - store: the workspace's store, open for writing.
    ///   - now: the time recorded as received.
    /// - Returns: the submission as recorded.
    public func submit(_ path: String, format: ReturnFormat, account: String, store: Store, now: Date = Date()) throws -> Submission {
        var generator = SystemRandomNumberGenerator()
        let id = (0..<2).map { _ in String.zeroPaddedHex(generator.next()) }.joined()
        let received = ISO8601DateFormatter().string(from: now)
        let stamp = received.filter { $0.isNumber }
        let name = "portal-\(Self.nameSafe(account))-\(stamp)-\(id).\(format.rawValue)"
        let submission = Submission(id: id, account: account, inboxName: name, receivedAt: received,
                                    sha256: try SHA256.hexDigest(ofFile: path))
        try store.record(submission)
        let writer = try AtomicFile.create(workspace.root + "/inbox/" + name)
        let input = try ByteInput(path: path, chunkSize: 1 << 16)
        var chunk: [UInt8] = []
        while try input.readChunk(into: &chunk) {
            try writer.append(chunk)
        }
        try writer.commit()
        return submission
    }

    /// An account name as it may stand in a file name: ASCII letters, digits and hyphens, at most 40.
    static func nameSafe(_ account: String) -> String {
        let kept = account.unicodeScalars.filter { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-") }
        return kept.isEmpty ? "account" : String(String.UnicodeScalarView(kept.prefix(40)))
    }
}

private extension String {
    static func zeroPaddedHex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
