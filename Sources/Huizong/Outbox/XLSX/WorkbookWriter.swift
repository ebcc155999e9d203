#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a `Workbook` as an .xlsx file (SpreadsheetML in a zip) that Excel, WPS, LibreOffice and
/// openpyxl open.
///
/// Memory stays bounded however long a sheet is: its rows are read once and turned into XML in
/// pieces, deflated straight into the zip (`ZipWriter`). The zip is written through `AtomicFile`,
/// so a crash never leaves half a workbook under its name.
public enum WorkbookWriter {
    /// The size of the pieces in which sheet XML is deflated.
    private static let chunkSize = 1 << 18

    /// Writes `workbook` to `path`, replacing any file there only once the whole workbook is on disk.
    ///
    /// - Parameter abandoned: asked once the rows are read; true leaves the file at `path` as it was
    ///   (the rows' source failed and ended them early).
    /// - Throws: `OutputError` when the disk refuses the file or the workbook is abandoned; the file
    ///   at `path` is then left as it was.
    public static func write(_ workbook: Workbook, to path: String, unless abandoned: () -> Bool = { false }) throws(OutputError) {
        let layout = WorkbookLayout(workbook)
        let output = try AtomicFile.create(path)
        let zip = try ZipWriter(output)
        // The parts in the order Excel writes them.
        try zip.add(PackageParts.contentTypesPath, PackageParts.contentTypes(layout))
        try zip.add(PackageParts.rootRelationshipsPath, PackageParts.rootRelationships())
        try zip.add(PackageParts.workbookPath, PackageParts.workbook(layout))
        try zip.add(PackageParts.workbookRelationshipsPath, PackageParts.workbookRelationships(layout))
        for sheet in layout.sheets {
            try addSheet(sheet, to: zip, path: path)
            if !sheet.worksheet.comments.isEmpty {
                try zip.add(PackageParts.sheetRelationshipsPath(sheet.number), PackageParts.sheetRelationships(sheet.number))
            }
        }
        try zip.add(PackageParts.stylesPath, StylesXML.part())
        for sheet in layout.sheets where !sheet.worksheet.comments.isEmpty {
            try zip.add(PackageParts.commentsPath(sheet.number), CommentsXML.part(sheet.worksheet.comments))
            try zip.add(PackageParts.drawingPath(sheet.number), CommentsXML.drawing(sheet.worksheet.comments, sheetNumber: sheet.number))
        }
        try zip.add(PackageParts.corePropertiesPath, PackageParts.coreProperties())
        try zip.add(PackageParts.appPropertiesPath, PackageParts.appProperties())
        try zip.finish()
        guard !abandoned() else { throw OutputError(path: path, reason: "abandoned", errorNumber: ECANCELED) }
        try output.commit()
    }

    /// Streams the sheet's XML into the zip, a piece at a time.
    private static func addSheet(_ sheet: WorkbookLayout.Sheet, to zip: ZipWriter, path: String) throws(OutputError) {
        try zip.begin(PackageParts.sheetPath(sheet.number))
        var xml = SheetXML(sheet)
        for row in sheet.worksheet.rows {
            guard xml.append(row) else {
                throw OutputError(path: path, reason: "more than \(Worksheet.maxRows) rows for one sheet", errorNumber: EFBIG)
            }
            if xml.bytes.count >= chunkSize { try zip.write(xml.take()) }
        }
        xml.finish(sheet)
        try zip.write(xml.take())
        try zip.end()
    }
}
