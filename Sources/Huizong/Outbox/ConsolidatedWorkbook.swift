/// `outbox/consolidated/consolidated.xlsx`: the consolidated tables as one workbook, a sheet per
/// return type (typed cells: numbers as numbers, dates as dates, codes as text) and the summary.
/// A type with more rows than one Excel sheet holds goes on over sheets `标题 (2)`, `标题 (3)`, ….
enum ConsolidatedWorkbook {
    static func write(schema: PlanSchema, store: Store, summary: [[String]], to path: String) throws {
        let perSheet = Worksheet.maxRows - 1
        var counts: [String: Int] = [:]
        for type in schema.returnTypes {
            counts[type.name] = try store.currentVersionCount(returnType: type.name)
        }
        try store.withCurrentVersions(returnTypes: schema.returnTypes.map(\.name)) { cursors in
            var sheets: [Worksheet] = []
            for type in schema.returnTypes {
                guard let cursor = cursors[type.name] else { continue }
                let layout = ReturnSheet(type: type, extraLabels: ConsolidatedTable.sourceLabels)
                let parts = max(1, (counts[type.name, default: 0] + perSheet - 1) / perSheet)
                for part in 0..<parts {
                    sheets.append(Worksheet(name: part == 0 ? type.title : "\(type.title) (\(part + 1))",
                                            columns: layout.columns,
                                            rows: VersionRows(header: layout.header, type: type, cursor: cursor, limit: perSheet),
                                            frozenRows: 1))
                }
            }
            let summaryRows = [summary[0].map { Worksheet.Cell.string($0, style: .bold) }] + summary.dropFirst().map { row in
                row.enumerated().map { $0.offset < 3 ? .string($0.element) : .number(Double($0.element) ?? 0) }
            }
            sheets.append(Worksheet(name: "等级汇总", columns: [Worksheet.Column(width: 10), Worksheet.Column(width: 24),
                                                            Worksheet.Column(width: 20)], rows: summaryRows, frozenRows: 1))
            try WorkbookWriter.write(Workbook(sheets: sheets), to: path)
            if let failure = cursors.values.compactMap(\.failure).first { throw failure }
        }
    }

    /// The header, then up to `limit` versions from a cursor shared by a type's sheets.
    private struct VersionRows: Sequence, IteratorProtocol {
        let header: [Worksheet.Cell]
        let type: ReturnType
        let cursor: VersionCursor
        var limit: Int
        var headerGiven = false

        init(header: [Worksheet.Cell], type: ReturnType, cursor: VersionCursor, limit: Int) {
            self.header = header
            self.type = type
            self.cursor = cursor
            self.limit = limit
        }

        mutating func next() -> [Worksheet.Cell]? {
            if !headerGiven {
                headerGiven = true
                return header
            }
            guard limit > 0, let version = cursor.next() else { return nil }
            limit -= 1
            return zip(type.fields, version.values).map { Self.cell($1, of: $0.type) }
                + [.string(version.file), .number(Double(version.row))]
        }

        /// A canonical value as the cell a spreadsheet sorts and sums correctly.
        private static func cell(_ value: String, of type: FieldType) -> Worksheet.Cell {
            switch type {
            case .integer, .number:
                return Double(value).map { .number($0) } ?? .string(value)
            case .date:
                let parts = value.split(separator: "-").compactMap { Int($0) }
                return parts.count == 3 ? .date(year: parts[0], month: parts[1], day: parts[2]) : .string(value)
            case .string, .boolean, .yearmonth:
                return .string(value)
            }
        }
    }
}
