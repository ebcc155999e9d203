#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import ZIPFoundation

/// Writes a `Workbook` as an .xlsx file (SpreadsheetML in a zip) that Excel, WPS, LibreOffice and
/// openpyxl open.
///
/// Memory stays bounded however long a sheet is: its rows are read once and turned into XML in pieces
/// that go to a scratch file beside the output, which is then deflated into the zip chunk by chunk
/// (ZIPFoundation needs an entry's size before its bytes). The zip itself is built in a second scratch
/// file and copied into place through `AtomicFile`, so a crash never leaves half a workbook under its
/// name; scratch files have no name while in use and vanish with the process.
public enum WorkbookWriter {
    /// The size of the pieces in which sheet XML is written, deflated and copied.
    private static let chunkSize = 1 << 18
    /// The time Excel gives every entry: the same workbook always gives the same bytes.
    private static let entryDate = Date(timeIntervalSince1970: 315_532_800) // 1980-01-01T00:00:00Z

    /// Writes `workbook` to `path`, replacing any file there only once the whole workbook is on disk.
    ///
    /// - Throws: `OutputError` when the disk refuses the file; the file at `path` is then left as it was.
    public static func write(_ workbook: Workbook, to path: String) throws(OutputError) {
        let layout = WorkbookLayout(workbook)
        let output = try AtomicFile.create(path)
        let zip = try makeZip(layout, beside: path)
        while true {
            let chunk = try zip.read(chunkSize)
            if chunk.isEmpty { break }
            try output.append(chunk)
        }
        try output.commit()
    }

    /// The whole .xlsx in a scratch file, with the parts in the order Excel writes them.
    private static func makeZip(_ layout: WorkbookLayout, beside path: String) throws(OutputError) -> ScratchFile {
        let zipPath = ScratchFile.path(beside: path, suffix: "zip")
        unlink(zipPath)
        let archive: ZIPFoundation.Archive
        do {
            archive = try ZIPFoundation.Archive(url: URL(fileURLWithPath: zipPath), accessMode: .create)
        } catch {
            throw OutputError(path: path, errorNumber: (error as? POSIXError)?.code.rawValue ?? EIO)
        }
        let zip = try ScratchFile(adopting: zipPath, for: path)
        let entries = Entries(archive: archive, output: path)
        try entries.add(PackageParts.contentTypesPath, PackageParts.contentTypes(layout))
        try entries.add(PackageParts.rootRelationshipsPath, PackageParts.rootRelationships())
        try entries.add(PackageParts.workbookPath, PackageParts.workbook(layout))
        try entries.add(PackageParts.workbookRelationshipsPath, PackageParts.workbookRelationships(layout))
        for sheet in layout.sheets {
            try entries.addSheet(sheet)
            if !sheet.worksheet.comments.isEmpty {
                try entries.add(PackageParts.sheetRelationshipsPath(sheet.number), PackageParts.sheetRelationships(sheet.number))
            }
        }
        try entries.add(PackageParts.stylesPath, StylesXML.part())
        for sheet in layout.sheets where !sheet.worksheet.comments.isEmpty {
            try entries.add(PackageParts.commentsPath(sheet.number), CommentsXML.part(sheet.worksheet.comments))
            try entries.add(PackageParts.drawingPath(sheet.number),
                            CommentsXML.drawing(sheet.worksheet.comments, sheetNumber: sheet.number))
        }
        try entries.add(PackageParts.corePropertiesPath, PackageParts.coreProperties())
        try entries.add(PackageParts.appPropertiesPath, PackageParts.appProperties())
        return zip
    }

    /// Adds deflated parts to the zip being built, turning ZIPFoundation's errors into `OutputError`.
    private struct Entries {
        let archive: ZIPFoundation.Archive
        let output: String

        func add(_ entryPath: String, _ text: String) throws(OutputError) {
            let bytes = Data(text.utf8)
            try add(entryPath, size: Int64(bytes.count)) { position, size in
                bytes.subdata(in: Int(position)..<(Int(position) + size))
            }
        }

        /// Streams the sheet's XML through a scratch file into the zip, a chunk at a time.
        func addSheet(_ sheet: WorkbookLayout.Sheet) throws(OutputError) {
            let scratch = try ScratchFile(beside: output)
            var xml = SheetXML(sheet)
            for row in sheet.worksheet.rows {
                guard xml.append(row) else {
                    throw OutputError(path: output, reason: "more than \(Worksheet.maxRows) rows for one sheet", errorNumber: EFBIG)
                }
                if xml.bytes.count >= chunkSize { try scratch.append(xml.take()) }
            }
            xml.finish(sheet)
            try scratch.append(xml.take())
            try scratch.rewind()
            try add(PackageParts.sheetPath(sheet.number), size: scratch.size) { _, size in try scratch.read(size) }
        }

        private func add(_ entryPath: String, size: Int64, provider: Provider) throws(OutputError) {
            // ZIPFoundation reports a failed write without its reason; the system's is left in errno.
            errno = 0
            do {
                try archive.addEntry(with: entryPath, type: .file, uncompressedSize: size, modificationDate: entryDate,
                                     compressionMethod: .deflate, bufferSize: chunkSize, provider: provider)
            } catch let error as OutputError {
                throw error
            } catch {
                throw OutputError(path: output, errorNumber: errno == 0 ? EIO : errno)
            }
        }
    }
}
