import Foundation
import ZIPFoundation

/// How far a workbook may inflate before it is refused, so that a zip bomb cannot fill memory or
/// stall a night's run.
struct WorkbookLimits: Sendable {
    /// The most bytes all the parts read from one workbook may inflate to together.
    var totalBytes = 1 << 30
    /// The most bytes one of the small parts (workbook, relationships, styles) may inflate to.
    var structurePartBytes = 64 << 20
    /// The most text the shared strings may hold in memory.
    var sharedStringBytes = 256 << 20
    /// A part that inflates more than this many times its compressed size is refused…
    var compressionRatio = 200
    /// …once it inflates to more than this: small parts of repeated markup compress that well too.
    var ratioAppliesAbove = 1 << 20
    /// The most parts a workbook may have; a return has a dozen or two.
    var parts = 10_000
    /// The deepest elements may nest in a part; SpreadsheetML needs fewer than a dozen levels.
    var elementDepth = 64

    /// A byte count as a limit is shown to the clerk: `1 GiB`, `64 MiB`, `1000 bytes`.
    static func text(bytes count: Int) -> String {
        count >= 1 << 30 ? "\(count >> 30) GiB" : count >= 1 << 20 ? "\(count >> 20) MiB" : "\(count) bytes"
    }
}

/// A workbook (.xlsx, .ods) opened as a zip archive, whose parts are read in chunks with every limit
/// checked while they inflate.
///
/// The sizes in a zip's headers may lie, so they are checked twice: up front (a part may not declare
/// more than the limits or a higher compression ratio than `WorkbookLimits.compressionRatio`), and
/// while inflating, where a part is stopped as soon as it yields more bytes than it declared. The
/// CRC is not computed (ZIPFoundation's is slow on Linux); these checks are what catch damage.
///
/// Not thread-safe. It is `Sendable` because it is used by one thread at a time: a reader reads the
/// small parts, then hands it to the thread that inflates the sheet (`PartStream`) and no longer
/// uses it.
final class WorkbookArchive: @unchecked Sendable {
    /// How many bytes are inflated at a time.
    static let chunkSize = 1 << 20
    /// What an OLE compound file (CFB) starts with: Office's wrapper for an encrypted workbook, and
    /// the old .xls format.
    static let compoundFileMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]
    /// The end-of-central-directory record of a zip is this long plus a comment of up to 64 KiB,
    /// and must lie within this many bytes of the end.
    private static let endRecordSearchLength = 22 + 0xFFFF
    private static let endRecordSignature: [UInt8] = [0x50, 0x4B, 0x05, 0x06]

    let limits: WorkbookLimits
    private let archive: ZIPFoundation.Archive
    private let fileSize: Int
    /// The archive's file entries by lowercased name: OPC part names are case-insensitive (ODF's are
    /// not, but no package holds two names that differ only in case).
    private let entries: [String: ZIPFoundation.Entry]
    /// The paths of the archive's files as written, in the archive's order.
    let filePaths: [String]
    /// What the parts read so far inflated to: with the structure's parts counted again in the
    /// archive a sheet is read from, the whole workbook keeps within `limits.totalBytes`.
    var inflatedBytes = 0

    /// Opens the workbook at `path` and reads its list of parts.
    ///
    /// - Throws: `.empty` for an empty file, `.encryptedWorkbook` for an OLE compound file,
    ///   `.corruptWorkbook` for anything else that is not a complete zip archive,
    ///   `.workbookTooLarge` for an archive of too many parts, `.unreadable` when the file cannot be read.
    init(path: String, limits: WorkbookLimits) throws(ReadProblem) {
        self.limits = limits
        fileSize = try Self.checkZipFraming(path)
        do {
            archive = try ZIPFoundation.Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        } catch {
            throw .corruptWorkbook(reason: "not a zip archive: \(error)")
        }
        var entries: [String: ZIPFoundation.Entry] = [:]
        var filePaths: [String] = []
        for (index, entry) in archive.enumerated() {
            guard index < limits.parts else { throw .workbookTooLarge(limit: "\(limits.parts) parts") }
            if entry.type == .file {
                entries[entry.path.lowercased()] = entry
                filePaths.append(entry.path)
            }
        }
        self.entries = entries
        self.filePaths = filePaths
    }

    /// True when the archive holds the part `name`.
    func contains(_ name: String) -> Bool {
        entries[name.lowercased()] != nil
    }

    /// Checks from the zip's headers, before inflating anything, that the part `name` exists and
    /// that its declared sizes are within the limits.
    ///
    /// - Parameter maxBytes: the most this part may inflate to; the total left over all parts
    ///   applies as well.
    /// - Throws: `.corruptWorkbook` when the part is missing or its sizes are impossible,
    ///   `.workbookTooLarge` when they exceed a limit.
    func checkSizes(of name: String, maxBytes: Int) throws(ReadProblem) {
        _ = try checkedEntry(name, maxBytes: maxBytes)
    }

    /// Inflates the part `name` and hands it to `consumer` in chunks of up to `chunkSize` bytes.
    ///
    /// - Parameters:
    ///   - maxBytes: as in `checkSizes(of:maxBytes:)`.
    ///   - consumer: receives each chunk in order; a problem it throws stops the inflating.
    /// - Throws: what `checkSizes` throws; `.corruptWorkbook` when the data cannot be inflated or
    ///   does not have its declared size; or the consumer's problem.
    func read(_ name: String, maxBytes: Int, into consumer: (Data) throws(ReadProblem) -> Void) throws(ReadProblem) {
        let entry = try checkedEntry(name, maxBytes: maxBytes)
        let declared = Int(entry.uncompressedSize)
        var inflated = 0
        do {
            _ = try archive.extract(entry, bufferSize: Self.chunkSize, skipCRC32: true) {
                (chunk: Data) throws(ReadProblem) in
                inflated += chunk.count
                guard inflated <= declared else {
                    throw .corruptWorkbook(reason: "\(name) holds more than the \(declared) bytes it declares")
                }
                try consumer(chunk)
            }
        } catch let problem as ReadProblem {
            throw problem
        } catch {
            throw .corruptWorkbook(reason: "\(name) cannot be inflated: \(error)")
        }
        inflatedBytes += inflated
        guard inflated == declared else {
            throw .corruptWorkbook(reason: "\(name) holds \(inflated) of the \(declared) bytes it declares")
        }
    }

    private func checkedEntry(_ name: String, maxBytes: Int) throws(ReadProblem) -> ZIPFoundation.Entry {
        guard let entry = entries[name.lowercased()] else { throw .corruptWorkbook(reason: "\(name) is missing") }
        let declared = entry.uncompressedSize
        let compressed = entry.compressedSize
        guard compressed <= fileSize else {
            throw .corruptWorkbook(reason: "\(name) declares \(compressed) compressed bytes in a file of \(fileSize)")
        }
        let left = limits.totalBytes - inflatedBytes
        if declared > min(maxBytes, left) {
            throw .workbookTooLarge(limit: maxBytes < left
                ? WorkbookLimits.text(bytes: maxBytes) + " per part"
                : WorkbookLimits.text(bytes: limits.totalBytes))
        }
        if declared > limits.ratioAppliesAbove, declared / max(compressed, 1) > limits.compressionRatio {
            throw .workbookTooLarge(limit: "\(limits.compressionRatio):1 compression")
        }
        return entry
    }

    /// Tells the file's kind by its first bytes and checks that a zip's end record is where it must
    /// be, so that a file cut short is refused at once rather than after ZIPFoundation has searched
    /// all of it backwards for the record.
    ///
    /// - Returns: the size of the file.
    private static func checkZipFraming(_ path: String) throws(ReadProblem) -> Int {
        let input = try ByteInput(path: path, chunkSize: endRecordSearchLength)
        var head: [UInt8] = []
        guard try input.readChunk(into: &head) else { throw .empty }
        if head.starts(with: compoundFileMagic) { throw .encryptedWorkbook }
        guard head.starts(with: [0x50, 0x4B]) else { throw .corruptWorkbook(reason: "not a zip archive") }
        var info = stat()
        guard stat(path, &info) == 0 else { throw .unreadable(reason: String(cString: strerror(errno))) }
        let size = Int(info.st_size)
        var tail = head
        if size > head.count {
            try input.rewind(to: max(0, size - endRecordSearchLength))
            _ = try input.readChunk(into: &tail)
        }
        let hasEndRecord = tail.count >= 22 && (0...tail.count - 22).contains { tail[$0...].starts(with: endRecordSignature) }
        guard hasEndRecord else {
            throw .corruptWorkbook(reason: "the zip archive is cut short: it has no end record")
        }
        return size
    }
}

extension WorkbookArchive {
    /// Parses the XML part `name` as it inflates, handing expat's events to `delegate`.
    ///
    /// The part is inflated on a thread of its own (`PartStream`) while the chunk before is parsed:
    /// for a large part (shared strings, an .ods's content.xml) that takes the inflating off the
    /// parsing's time. The archive is the caller's again when this returns or throws.
    ///
    /// - Throws: as `read(_:maxBytes:into:)`; expat's problems (`.malformedXML`, …);
    ///   `.corruptWorkbook` for a part without any element.
    func parseXML(_ name: String, maxBytes: Int, with delegate: some ExpatParserDelegate) throws(ReadProblem) {
        let parser = ExpatParser(encoding: .utf8, delegate: delegate)
        let stream = PartStream(name, of: self, maxBytes: maxBytes)
        defer { stream.cancelAndWait() }
        var chunk: [UInt8] = []
        do throws(ReadProblem) {
            while try stream.next(into: &chunk) {
                try parser.parse(chunk[...], isFinal: false)
            }
            try parser.parse([], isFinal: true)
        } catch {
            throw error == .empty ? .corruptWorkbook(reason: "\(name) is empty") : error
        }
    }
}
