/// An .xlsx or .xlsm workbook (Office Open XML, Transitional or Strict; macros are never run): its
/// sheets from the workbook part, each read by an `XLSXReader`.
final class XLSXWorkbook: WorkbookSource {
    let sheets: [WorkbookSheet]

    private let path: String
    private let limits: WorkbookLimits
    private let structure: WorkbookStructure
    /// What the small parts inflated to, which counts against the limit of every sheet read.
    private let structureBytes: Int

    /// Opens the workbook at `path` and reads what it says about itself (`WorkbookStructure`).
    ///
    /// - Throws: `.empty`, `.encryptedWorkbook`, `.corruptWorkbook`, `.workbookTooLarge`,
    ///   `.noWorksheet`, `.unreadable`, `.filesInArchive` for a zip of returns rather than a
    ///   workbook, or a problem of the workbook's small parts' XML.
    init(path: String, limits: WorkbookLimits) throws(ReadProblem) {
        let archive = try WorkbookArchive(path: path, limits: limits)
        // Every Office Open XML package has its relationships; a zip a clerk packed has none.
        if !archive.contains("_rels/.rels") {
            let returns = archive.filePaths.filter { ReturnFormat(name: $0) != nil }
            if !returns.isEmpty { throw .filesInArchive(returns.map { FileName($0).base }) }
        }
        structure = try WorkbookStructure(reading: archive)
        guard !structure.sheets.isEmpty else { throw .noWorksheet }
        sheets = structure.sheets.map { WorkbookSheet(name: $0.name, isHidden: !$0.isVisible) }
        structureBytes = archive.inflatedBytes
        self.path = path
        self.limits = limits
    }

    /// A reader of the sheet's rows, over an archive of its own: the reader's thread inflates the
    /// part, and another sheet may be read after this one is given up.
    func rows(ofSheet index: Int) throws(ReadProblem) -> any RowSource {
        let sheet = structure.sheets[index]
        guard let part = sheet.part else {
            throw .corruptWorkbook(reason: "the sheet “\(sheet.name)” has no relationship to its part")
        }
        let archive = try WorkbookArchive(path: path, limits: limits)
        archive.inflatedBytes = structureBytes
        try archive.checkSizes(of: part, maxBytes: limits.totalBytes)
        return XLSXReader(sheetName: sheet.name, part: part, of: archive, structure: structure)
    }
}
