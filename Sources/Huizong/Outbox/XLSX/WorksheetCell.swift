extension Worksheet {
    /// One cell's value and look.
    public struct Cell: Sendable, Equatable {
        public enum Value: Sendable, Equatable {
            /// Always written as a string, never as a formula, whatever it starts with.
            case string(String)
            /// Non-finite numbers, which a spreadsheet cannot hold, are written as their text.
            case number(Double)
            /// A calendar day, stored as Excel's day number with a `yyyy-mm-dd` format. A day Excel cannot
            /// show (before 1900, after 9999) or that does not exist is written as `YYYY-MM-DD` text, so
            /// nothing is lost.
            case date(year: Int, month: Int, day: Int)
            /// Written only when it has a style (e.g. a red fill on a required cell left empty).
            case empty
        }

        /// How a cell looks; any combination may be used.
        public struct Style: OptionSet, Sendable, Hashable {
            public let rawValue: UInt8
            public init(rawValue: UInt8) { self.rawValue = rawValue }

            public static let bold = Style(rawValue: 1 << 0)
            /// The light red fill that marks a wrong cell.
            public static let redFill = Style(rawValue: 1 << 1)
            public static let wrapText = Style(rawValue: 1 << 2)
            /// Number format "@": what is typed into the cell later stays text. Dates keep their date format.
            public static let textFormat = Style(rawValue: 1 << 3)
        }

        public var value: Value
        public var style: Style

        public init(_ value: Value, style: Style = []) {
            self.value = value
            self.style = style
        }

        public static func string(_ text: String, style: Style = []) -> Cell {
            Cell(.string(text), style: style)
        }

        public static func number(_ number: Double, style: Style = []) -> Cell {
            Cell(.number(number), style: style)
        }

        public static func date(year: Int, month: Int, day: Int, style: Style = []) -> Cell {
            Cell(.date(year: year, month: month, day: day), style: style)
        }

        public static let empty = Cell(.empty)
    }
}
