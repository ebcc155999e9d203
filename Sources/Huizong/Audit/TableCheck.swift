import Foundation

/// Check 3 of an audit: each consolidated CSV table, and the rating summary, regenerated from the
/// store exactly as `OutboxWriter` writes them (`ConsolidatedTable`'s rows, `CSVText`,
/// `RatingSummary`) and compared byte for byte with `outbox/consolidated/`. Streamed: the table is
/// compared row by row and never held in memory whole.
struct TableCheck {
    let workspace: Workspace
    let store: Store

    /// - Returns: the findings and the number of tables compared.
    func check() throws(StoreError) -> (findings: [AuditFinding], compared: Int) {
        let schema = workspace.schema
        var findings: [AuditFinding] = []
        var summary = RatingSummary(schema: schema)
        var compared = 0
        for type in schema.returnTypes {
            let relative = "outbox/consolidated/\(type.name).csv"
            let file = FileBytes(path: workspace.root + "/" + relative)
            if file == nil { findings.append(.tableMissing(relative)) }
            var text = CSVText(header: ConsolidatedTable.header(type))
            var finding = file.flatMap { Self.compare(text.take(), with: $0, relative, line: 1, key: nil) }
            var line = 1
            try store.forEachCurrentVersion(returnType: type.name) { version in
                summary.count(type, values: version.values)
                line += 1
                guard let file, finding == nil else { return true }
                text.append(ConsolidatedTable.cells(type, version))
                let key = type.primaryKey.map { $0 < version.values.count ? version.values[$0] : "" }
                finding = Self.compare(text.take(), with: file, relative, line: line, key: (type, key))
                return true
            }
            if let file, finding == nil, let extra = file.line(after: []) {
                finding = .tableDiffers(relative, line: line + 1, key: nil, expected: nil, found: extra)
            }
            if let finding { findings.append(finding) }
            if file != nil { compared += 1 }
        }
        let relative = "outbox/consolidated/summary.csv"
        if let file = FileBytes(path: workspace.root + "/" + relative) {
            compared += 1
            var line = 0
            var remaining = summary.csv(schema)[...]
            var finding: AuditFinding?
            while finding == nil, !remaining.isEmpty {
                line += 1
                let end = remaining.firstRange(of: [13, 10]).map(\.upperBound) ?? remaining.endIndex
                finding = Self.compare(Array(remaining[..<end]), with: file, relative, line: line, key: nil)
                remaining = remaining[end...]
            }
            if finding == nil, let extra = file.line(after: []) {
                finding = .tableDiffers(relative, line: line + 1, key: nil, expected: nil, found: extra)
            }
            if let finding { findings.append(finding) }
        } else {
            findings.append(.tableMissing(relative))
        }
        return (findings, compared)
    }

    /// Compares the next bytes of the file with one expected line (or the BOM and header).
    private static func compare(_ expected: [UInt8], with file: FileBytes, _ relative: String, line: Int,
                                key: (ReturnType, [String])?) -> AuditFinding? {
        let found = file.next(expected.count)
        guard found != expected else { return nil }
        return .tableDiffers(relative, line: line, key: key, expected: shown(expected),
                             found: file.line(after: found))
    }

    /// A line for a message: BOM and line end dropped, long lines cut.
    static func shown(_ bytes: some Collection<UInt8>) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        while text.hasSuffix("\r\n") || text.hasSuffix("\n") || text.hasSuffix("\r") { text.removeLast() }
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}

/// A file read front to back in pieces, for comparing it with bytes made on the fly.
private final class FileBytes {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    /// Where the unread bytes of `buffer` start.
    private var position = 0
    private var atEnd = false

    init?(path: String) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        self.handle = handle
    }

    deinit {
        try? handle.close()
    }

    /// The next `count` bytes, fewer at the end of the file.
    func next(_ count: Int) -> [UInt8] {
        fill(count)
        let end = min(position + count, buffer.count)
        defer { position = end }
        return Array(buffer[position..<end])
    }

    /// The rest of the line that `start` began (up to CRLF, at most a few kilobytes), shown for a
    /// message; nil when the file has nothing more.
    func line(after start: [UInt8]) -> String? {
        var bytes = start
        if let end = bytes.firstRange(of: [13, 10]) { return TableCheck.shown(bytes[..<end.lowerBound]) }
        while bytes.count < 4096 {
            let more = next(256)
            if more.isEmpty { break }
            bytes += more
            if let end = bytes.firstRange(of: [13, 10]) { return TableCheck.shown(bytes[..<end.lowerBound]) }
        }
        return bytes.isEmpty ? nil : TableCheck.shown(bytes)
    }

    private func fill(_ count: Int) {
        guard buffer.count - position < count, !atEnd else { return }
        buffer.removeFirst(position)
        position = 0
        while buffer.count < count, !atEnd {
            let piece = (try? handle.read(upToCount: max(count - buffer.count, 1 << 20))) ?? nil
            if let piece, !piece.isEmpty { buffer += piece } else { atEnd = true }
        }
    }
}
