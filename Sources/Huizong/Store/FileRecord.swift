/// One file a run processed, as the store keeps it and `report.json` lists it (PRODUCT §7.3 `files[]`).
public struct FileRecord: Sendable, Equatable {
    public enum Status: String, Sendable {
        case accepted, partial, rejected, duplicate
    }

    public var id: Int64 = 0
    /// Path relative to the inbox.
    public var name: String
    public var sha256: String
    public var size: Int64
    /// The file's modification time (ISO 8601): when the unit's copy arrived.
    public var modified: String
    public var format: String
    public var encoding: String?
    public var returnType: String?
    public var status: Status
    public var rowsRead = 0
    public var rowsAccepted = 0
    public var rowsRejected = 0
    /// Path relative to the workspace, or nil.
    public var errorReport: String?
    /// Path relative to the workspace where the file is (or will be) archived; nil when it could not be.
    public var archivedAs: String?
}
