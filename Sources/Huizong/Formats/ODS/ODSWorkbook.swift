/// An OpenDocument spreadsheet (.ods) return: its sheets, and the rows of each (PRODUCT §5, §12).
///
/// A package is taken as a spreadsheet by its `mimetype` part, or, without one, by content.xml
/// holding `<office:spreadsheet>`; a package encrypted with a password is told as such. Every
/// sheet lives in content.xml, one `<table:table>` after another, so opening the workbook scans
/// content.xml once through for the sheets' names (`ODSSheetList`: inflating and a byte scan, about
/// half the cost of a parse), and reading a sheet's rows reads it with `XMLScanner` up to the end of that
/// sheet (`ODSRowBuilder`), as a stream.
final class ODSWorkbook: WorkbookSource {
    let sheets: [WorkbookSheet]
    private let path: String
    private let limits: WorkbookLimits

    /// Opens the spreadsheet at `path` and reads its list of sheets.
    ///
    /// - Throws: `.empty`, `.encryptedWorkbook`, `.corruptWorkbook` (not an OpenDocument
    ///   spreadsheet, or a part missing or damaged), `.workbookTooLarge`, `.noWorksheet` when
    ///   content.xml holds no sheet, `.unreadable`, or a problem of content.xml's XML.
    init(path: String, limits: WorkbookLimits) throws(ReadProblem) {
        let archive = try WorkbookArchive(path: path, limits: limits)
        try archive.checkIsOpenDocumentSpreadsheet()
        let list = try ODSSheetList(reading: archive)
        guard list.isSpreadsheet else { throw .corruptWorkbook(reason: "content.xml holds no office:spreadsheet") }
        sheets = list.sheets
        guard !sheets.isEmpty else { throw .noWorksheet }
        self.path = path
        self.limits = limits
    }

    /// A reader of the rows of `sheets[index]`, streaming content.xml on an archive of its own, so
    /// that several sheets may be read at once.
    ///
    /// - Throws: what opening the archive again throws, when the file changed or went since.
    func rows(ofSheet index: Int) throws(ReadProblem) -> any RowSource {
        precondition(sheets.indices.contains(index), "sheet \(index) of \(sheets.count)")
        let archive = try WorkbookArchive(path: path, limits: limits)
        try archive.checkSizes(of: "content.xml", maxBytes: limits.totalBytes)
        return SheetPartReader(part: "content.xml", of: archive, sheetName: sheets[index].name,
                               builder: ODSRowBuilder(sheetIndex: index, maxDepth: limits.elementDepth))
    }
}
