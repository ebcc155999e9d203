/// One worksheet part (`xl/worksheets/sheetN.xml`), made row by row so that a sheet of any length can be
/// streamed: the caller appends rows and takes the bytes made so far whenever it likes. Does no I/O.
struct SheetXML {
    typealias Cell = Worksheet.Cell

    private(set) var bytes: [UInt8] = []
    /// `.textFormat` for the columns formatted as text, whose cells keep that format.
    private let columnStyles: [Cell.Style]
    private var rowCount = 0

    /// Starts the part with everything that comes before the rows.
    init(_ sheet: WorkbookLayout.Sheet) {
        let worksheet = sheet.worksheet
        columnStyles = worksheet.columns.map { $0.isText ? .textFormat : [] }
        var head = PackageParts.declaration
        head += "<worksheet xmlns=\"\(PackageParts.spreadsheetNamespace)\" xmlns:r=\"\(PackageParts.relationshipNamespace)\">"
        head += "<sheetViews><sheetView\(sheet.number == 1 ? " tabSelected=\"1\"" : "") workbookViewId=\"0\">"
        if worksheet.frozenRows > 0 {
            let topLeft = CellAddress.cell(column: 0, row: worksheet.frozenRows)
            head += "<pane ySplit=\"\(worksheet.frozenRows)\" topLeftCell=\"\(topLeft)\" activePane=\"bottomLeft\" state=\"frozen\"/>"
            head += "<selection pane=\"bottomLeft\" activeCell=\"\(topLeft)\" sqref=\"\(topLeft)\"/>"
        }
        head += "</sheetView></sheetViews>"
        let columns = worksheet.columns.enumerated().compactMap { i, column -> String? in
            guard column.width != nil || column.isText else { return nil }
            let width = column.width.map { " width=\"\(Self.numberText($0))\" customWidth=\"1\"" } ?? ""
            let style = column.isText ? " style=\"\(StylesXML.formatIndex(.textFormat, isDate: false))\"" : ""
            return "<col min=\"\(i + 1)\" max=\"\(i + 1)\"\(width)\(style)/>"
        }
        if !columns.isEmpty { head += "<cols>" + columns.joined() + "</cols>" }
        head += "<sheetData>"
        bytes.append(contentsOf: head.utf8)
    }

    /// Hands over the bytes made so far and starts empty.
    mutating func take() -> [UInt8] {
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes
    }

    /// Adds the next row. A row with nothing to show (only unstyled empty cells) is left out, as Excel does.
    /// - Returns: false, adding nothing, when the sheet already holds as many rows as Excel allows.
    mutating func append(_ cells: [Cell]) -> Bool {
        guard rowCount < Worksheet.maxRows else { return false }
        defer { rowCount += 1 }
        guard cells.contains(where: { !Self.isBlank($0) }) else { return true }
        let rowNumber = Array(String(rowCount + 1).utf8)
        bytes.append(contentsOf: "<row r=\"".utf8)
        bytes.append(contentsOf: rowNumber)
        bytes.append(contentsOf: "\">".utf8)
        for (column, cell) in cells.enumerated() where !Self.isBlank(cell) {
            bytes.append(contentsOf: "<c r=\"".utf8)
            CellAddress.appendColumnName(column, to: &bytes)
            bytes.append(contentsOf: rowNumber)
            bytes.append(UInt8(ascii: "\""))
            appendValue(of: cell, style: column < columnStyles.count ? cell.style.union(columnStyles[column]) : cell.style)
        }
        bytes.append(contentsOf: "</row>".utf8)
        return true
    }

    /// Ends the part with what comes after the rows: drop-downs and prompts, and the comments' drawing.
    mutating func finish(_ sheet: WorkbookLayout.Sheet) {
        var tail = "</sheetData>"
        let validations = sheet.worksheet.dataValidations
        if !validations.isEmpty {
            tail += "<dataValidations count=\"\(validations.count)\">"
            for (validation, formula) in zip(validations, sheet.listFormulas) {
                tail += Self.dataValidation(validation, formula: formula)
            }
            tail += "</dataValidations>"
        }
        if !sheet.worksheet.comments.isEmpty {
            tail += "<legacyDrawing r:id=\"\(PackageParts.drawingRelationshipId)\"/>"
        }
        tail += "</worksheet>"
        bytes.append(contentsOf: tail.utf8)
    }

    /// Appends the rest of a `<c>` element after its reference: style, type and value.
    private mutating func appendValue(of cell: Cell, style: Cell.Style) {
        var isDate = false
        var number: String?
        var text: String?
        switch cell.value {
        case .string(let string): text = string
        case .number(let value) where value.isFinite: number = Self.numberText(value)
        case .number(let value): text = String(value)
        case .date(let year, let month, let day):
            if let serial = Self.serial(year: year, month: month, day: day) {
                isDate = true
                number = String(serial)
            } else {
                text = Self.paddedDigits(year, 4) + "-" + Self.paddedDigits(month, 2) + "-" + Self.paddedDigits(day, 2)
            }
        case .empty: break
        }
        let format = StylesXML.formatIndex(style, isDate: isDate)
        if format != 0 {
            bytes.append(contentsOf: " s=\"".utf8)
            bytes.append(contentsOf: String(format).utf8)
            bytes.append(UInt8(ascii: "\""))
        }
        if let text {
            // An inline string: always text, never a formula, whatever it starts with.
            bytes.append(contentsOf: " t=\"inlineStr\"><is>".utf8)
            XMLText.appendTextElement(SpreadsheetText.defused(text), to: &bytes)
            bytes.append(contentsOf: "</is></c>".utf8)
        } else if let number {
            bytes.append(contentsOf: "><v>".utf8)
            bytes.append(contentsOf: number.utf8)
            bytes.append(contentsOf: "</v></c>".utf8)
        } else {
            bytes.append(contentsOf: "/>".utf8)
        }
    }

    /// Neither a value nor a look of its own: nothing to write (a text column's format covers it).
    private static func isBlank(_ cell: Cell) -> Bool {
        if case .empty = cell.value { return cell.style.isEmpty }
        return false
    }

    private static func dataValidation(_ validation: Worksheet.DataValidation, formula: String?) -> String {
        var attributes = formula == nil ? "" : "type=\"list\" "
        attributes += "allowBlank=\"1\""
        let title = XMLText.truncated(Substring(validation.promptTitle), toUTF16Count: 32)
        let prompt = XMLText.truncated(Substring(validation.prompt), toUTF16Count: 255)
        if !title.isEmpty || !prompt.isEmpty {
            attributes += " showInputMessage=\"1\" promptTitle=\"\(XMLText.escaped(title, inAttribute: true))\" prompt=\"\(XMLText.escaped(prompt, inAttribute: true))\""
        }
        if formula != nil { attributes += " showErrorMessage=\"1\"" }
        attributes += " sqref=\"\(CellAddress.range(validation.range))\""
        guard let formula else { return "<dataValidation \(attributes)/>" }
        return "<dataValidation \(attributes)><formula1>\(XMLText.escaped(formula, inAttribute: false))</formula1></dataValidation>"
    }

    /// Whole numbers without a fraction ("42", not "42.0"); others in Swift's shortest exact form.
    static func numberText(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// Excel's day number of a date: days since 1899-12-31, counting the 1900-02-29 that Lotus 1-2-3
    /// believed in, so from 1900-03-01 on it is days since 1899-12-30. Nil for a date Excel cannot show
    /// (before 1900, after 9999) or one that does not exist.
    static func serial(year: Int, month: Int, day: Int) -> Int? {
        guard (1900...9999).contains(year), (1...12).contains(month) else { return nil }
        let isLeap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let monthLengths = [31, isLeap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...monthLengths[month - 1]).contains(day) else { return nil }
        let days = daysSinceEpoch(year: year, month: month, day: day) - daysSinceEpoch(year: 1899, month: 12, day: 30)
        return days <= 60 ? days - 1 : days
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = shiftedYear / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * ((month + 9) % 12) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func paddedDigits(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(width - digits.count, 0)) + digits
    }
}
