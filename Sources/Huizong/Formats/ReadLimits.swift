/// How much one file may hold before it is refused (PRODUCT §10: a hostile file never stalls the
/// night). A file over a limit gets an issue and the night goes on. Set in `seeds/plan.yaml`
/// under `limits:`; these defaults are far above any real return.
public struct ReadLimits: Sendable, Equatable {
    /// The largest file read at all.
    public var fileBytes = 2 << 30
    /// The largest row: a CSV record, a sheet row.
    public var rowBytes = 64 << 20
    /// The most data rows one file may hold.
    public var rows = 10_000_000
    /// The most a workbook may inflate to.
    public var unzippedBytes = 1 << 30
    /// The highest compression ratio of a workbook part (a zip bomb compresses thousands of times).
    public var unzipRatio = 200

    public init() {}

    /// A size as the clerk's message shows it: `2 GiB`, `64 MiB`.
    static func text(bytes count: Int) -> String {
        WorkbookLimits.text(bytes: count)
    }
}
