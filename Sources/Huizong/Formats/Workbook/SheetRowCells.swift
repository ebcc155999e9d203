/// The cells of the sheet row being read, placed by column, with the memory they take bounded.
struct SheetRowCells {
    /// The same bound as an XML return's row: the UTF-8 of the cells' text plus the size of a
    /// `String` per cell.
    static let maxBytes = 4 << 20

    private var cells = RowCells()
    private var numberCells: [Int] = []
    private var unsavedFormulaCells: [Int] = []
    private(set) var byteCount = 0

    var isEmpty: Bool { cells.isEmpty }

    /// Empties the row for the next one, keeping the storage.
    mutating func removeAll() {
        cells.removeAll()
        numberCells.removeAll(keepingCapacity: true)
        unsavedFormulaCells.removeAll(keepingCapacity: true)
        byteCount = 0
    }

    /// Puts `text`, which is not empty, in the 0-based `column`: the cells before it that have no
    /// text read as empty.
    mutating func place(_ text: String, at column: Int, isNumber: Bool) {
        var text = text
        text.withUTF8 { place(utf8: $0, at: column, isNumber: isNumber) }
    }

    /// Puts a cell of these bytes, which are not empty, in the 0-based `column`, as `place(_:at:isNumber:)` does.
    mutating func place(utf8: UnsafeBufferPointer<UInt8>, at column: Int, isNumber: Bool) {
        byteCount += max(0, column + 1 - cells.count) * MemoryLayout<String>.stride + utf8.count
        cells.place(utf8: utf8, at: column)
        if isNumber { numberCells.append(column) }
    }

    /// Notes that the cell in `column` holds a formula whose result was never saved.
    mutating func markUnsavedFormula(at column: Int) {
        unsavedFormulaCells.append(column)
    }

    /// - Throws: `.tooLarge` when the row with `pending` more bytes would exceed `maxBytes`.
    func checkRoom(for pending: Int) throws(ReadProblem) {
        if pending > Self.maxBytes - byteCount {
            throw .tooLarge(limit: "\(Self.maxBytes >> 20) MiB")
        }
    }

    /// The row as read, numbered `number`.
    func row(number: Int) -> SourceRow {
        SourceRow(number: number, cells: cells.compacted(), numberCells: numberCells.sorted(), unsavedFormulaCells: unsavedFormulaCells)
    }
}
