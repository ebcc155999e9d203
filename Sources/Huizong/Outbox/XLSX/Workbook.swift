/// A spreadsheet as huizong writes it (.xlsx): error reports for .xlsx returns (PRODUCT §7.3) and the
/// templates clerks fill in (§9). Only what those need is modelled; `WorkbookWriter` writes it.
public struct Workbook {
    /// In tab order; at least one.
    public var sheets: [Worksheet]

    public init(sheets: [Worksheet]) {
        self.sheets = sheets
    }
}

/// One sheet: its columns, its rows and what helps a clerk fill it in.
///
/// Columns and rows are counted from 0 here, as in `rows` and `columns`; row 0 is usually the header.
public struct Worksheet {
    /// Excel's limits: a sheet with more rows or columns does not open.
    public static let maxRows = 1_048_576
    public static let maxColumns = 16_384

    /// The tab's name. Excel refuses some names (over 31 characters, `[]:*?/\`, repeated ones);
    /// the writer changes those as little as it can rather than write a workbook that does not open.
    public var name: String
    /// Widths and formats by column index; columns beyond the end keep Excel's defaults.
    public var columns: [Column]
    /// Read once, while the sheet is written, so that a large table can be streamed from its source
    /// instead of held in memory. At most `maxRows` rows of at most `maxColumns` cells.
    public var rows: any Sequence<[Cell]>
    /// How many top rows stay in view while scrolling, e.g. 1 for a header.
    public var frozenRows: Int
    public var dataValidations: [DataValidation]
    public var comments: [Comment]
    /// Only the writer's own sheet of drop-down values is hidden.
    var isHidden = false

    public init(name: String, columns: [Column] = [], rows: some Sequence<[Cell]> = [[Cell]](), frozenRows: Int = 0,
                dataValidations: [DataValidation] = [], comments: [Comment] = []) {
        self.name = name
        self.columns = columns
        self.rows = rows
        self.frozenRows = frozenRows
        self.dataValidations = dataValidations
        self.comments = comments
    }
}

extension Worksheet {
    public struct Column: Sendable, Equatable {
        /// In characters of the default font, as Excel counts column widths; nil for Excel's default.
        public var width: Double?
        /// Formats the whole column as text ("@"), including the empty cells below the data, so that
        /// codes a clerk types later (`0574…`, `91330206…`) stay text and keep their leading zeros.
        public var isText: Bool

        public init(width: Double? = nil, isText: Bool = false) {
            self.width = width
            self.isText = isText
        }
    }

    /// A range of cells, by 0-based column and row indices.
    public struct CellRange: Sendable, Equatable {
        public var columns: ClosedRange<Int>
        public var rows: ClosedRange<Int>

        public init(columns: ClosedRange<Int>, rows: ClosedRange<Int>) {
            self.columns = columns
            self.rows = rows
        }

        /// The cells of `columns` from row `firstRow` to the bottom of the sheet, where a clerk may add rows.
        public static func columns(_ columns: ClosedRange<Int>, fromRow firstRow: Int) -> CellRange {
            CellRange(columns: columns, rows: firstRow...(Worksheet.maxRows - 1))
        }
    }

    /// What may be typed into a range, and the hint Excel and WPS show when one of its cells is selected.
    public struct DataValidation: Sendable, Equatable {
        public var range: CellRange
        /// The drop-down's choices, e.g. 优秀, 良好, 合格, 不合格; anything else is refused. Empty: any
        /// value is accepted and only the prompt is shown.
        public var allowedValues: [String]
        /// Excel shows at most 32 characters of a title and 255 of a prompt and calls a longer one
        /// damaged, so the writer cuts them there.
        public var promptTitle: String
        public var prompt: String

        public init(range: CellRange, allowedValues: [String] = [], promptTitle: String = "", prompt: String = "") {
            self.range = range
            self.allowedValues = allowedValues
            self.promptTitle = promptTitle
            self.prompt = prompt
        }
    }

    /// A note on one cell, shown when the pointer rests on it (e.g. 必填, which stays out of the header).
    public struct Comment: Sendable, Equatable {
        public var column: Int
        public var row: Int
        public var author: String
        public var text: String

        public init(column: Int, row: Int, author: String, text: String) {
            self.column = column
            self.row = row
            self.author = author
            self.text = text
        }
    }
}
