/// One row of a return as the unit wrote it: its cells' bytes and the row number a clerk sees.
///
/// Row numbers follow PRODUCT §5: the CSV line where the record starts (header line = 1), the
/// spreadsheet row, or the XML line of the `<row>` start tag.
public struct SourceRow: Sendable, Equatable {
    public var number: Int
    public var cells: RowCells
    /// Indexes of cells whose content is not plain text (an XML field holding child elements).
    public var structuredCells: [Int]
    /// Indexes of cells a spreadsheet stored as numbers: a code there has lost its leading zeros or
    /// digits, so validation asks for the column to be formatted as text.
    public var numberCells: [Int] = []
    /// Indexes of spreadsheet cells holding a formula whose result was never saved (a file some
    /// programs write without calculating it): the cell reads as empty, but its value is unknown.
    public var unsavedFormulaCells: [Int] = []

    public init(number: Int, cells: RowCells, structuredCells: [Int] = [], numberCells: [Int] = [],
                unsavedFormulaCells: [Int] = []) {
        self.number = number
        self.cells = cells
        self.structuredCells = structuredCells
        self.numberCells = numberCells
        self.unsavedFormulaCells = unsavedFormulaCells
    }

    public init(number: Int, cells: [String], structuredCells: [Int] = [], numberCells: [Int] = [],
                unsavedFormulaCells: [Int] = []) {
        self.init(number: number, cells: RowCells(cells), structuredCells: structuredCells, numberCells: numberCells,
                  unsavedFormulaCells: unsavedFormulaCells)
    }

    /// True when every cell is empty or white space: such rows are skipped (PRODUCT §5).
    public var isBlank: Bool {
        unsavedFormulaCells.isEmpty && cells.isBlank
    }
}
