import Foundation

/// A workbook of any format (.xlsx, .xls, .ods): its sheets, and the rows of each.
///
/// Opening a workbook reads what it says about itself (sheet names, date system, shared strings,
/// styles); a sheet's cells are read only when `rows(ofSheet:)` is called, one row at a time. The
/// validator chooses the sheet (PRODUCT §5): the one named after a return type, else the first whose
/// header matches a type.
///
/// Every reader of a sheet reads cells as the spreadsheet shows them: each row numbered as the
/// spreadsheet numbers it (1-based), its cells placed by column so that an omitted cell reads as
/// empty, and the row ending at its last cell with content; texts as written, numbers in Excel's
/// General format (`CellText.number`, listed in `SourceRow.numberCells`), numbers shown as dates
/// as `YYYY-MM-DD` (`ExcelDateSystem`), booleans as `TRUE`/`FALSE`, errors as `#DIV/0!` and the like,
/// formulas as their saved result.
protocol WorkbookSource: AnyObject {
    /// The worksheets in the workbook's order (chart sheets and macro sheets left out).
    var sheets: [WorkbookSheet] { get }
    /// A reader of the rows of `sheets[index]`.
    func rows(ofSheet index: Int) throws(ReadProblem) -> any RowSource
}

/// One worksheet of a workbook, as the sheet tabs show it.
struct WorkbookSheet: Sendable, Equatable {
    var name: String
    var isHidden: Bool
}

extension WorkbookSource {
    /// The first sheet whose name is one of `names` (the return types' titles), blanks around
    /// either ignored.
    func sheet(namedOneOf names: [String]) -> Int? {
        let wanted = Set(names.map { $0.trimmingCharacters(in: .whitespaces) })
        return sheets.firstIndex { wanted.contains($0.name.trimmingCharacters(in: .whitespaces)) }
    }

    /// The order in which sheets are looked through for a header when none is named after a return
    /// type: the visible sheets in tab order, then the hidden ones.
    var searchOrder: [Int] {
        sheets.indices.filter { !sheets[$0].isHidden } + sheets.indices.filter { sheets[$0].isHidden }
    }
}
