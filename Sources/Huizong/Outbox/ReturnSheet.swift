/// How a return type's sheet looks in every workbook huizong writes for clerks (PRODUCT §9): the
/// labels as a bold, frozen header; widths that fit the labels; code columns formatted as text so a
/// long code is never turned into a number; drop-down lists for enums and booleans; and an input
/// hint per column, shown when a cell is selected.
struct ReturnSheet {
    let type: ReturnType
    /// Columns huizong adds after the fields (错误说明, 原行号; 来源文件, 来源行号, 填报说明, 审核状态).
    let extraLabels: [String]
    /// The fields shown, by index, when not all of them (a consolidated table shows 填报说明 last).
    var fieldColumns: [Int]?

    private var fields: [Field] { fieldColumns.map { $0.map { type.fields[$0] } } ?? type.fields }

    var labels: [String] { fields.map(\.label) + extraLabels }

    var header: [Worksheet.Cell] {
        labels.map { .string($0, style: .bold) }
    }

    var columns: [Worksheet.Column] {
        fields.map { field in
            Worksheet.Column(width: Self.width(of: field), isText: field.isCode || field.type == .string)
        } + extraLabels.map { Worksheet.Column(width: max(Self.displayWidth($0) + 4, Self.extraWidths[$0] ?? 12)) }
    }

    /// Drop-downs and hints for the field columns of every row under the header.
    var dataValidations: [Worksheet.DataValidation] {
        fields.enumerated().map { column, field in
            Worksheet.DataValidation(range: .columns(column...column, fromRow: 1), allowedValues: Self.choices(field),
                                     promptTitle: field.label, prompt: Self.prompt(field))
        }
    }

    /// The values a clerk picks from: the enum, or 是/否 for a boolean.
    static func choices(_ field: Field) -> [String] {
        if let values = field.constraints.enumValues { return values }
        return field.type == .boolean ? [CellValue.boolean(true).canonical, CellValue.boolean(false).canonical] : []
    }

    /// 必填 or 选填, then what to type: the field's hint, else what its type expects.
    static func prompt(_ field: Field) -> String {
        let need = field.constraints.required ? "必填" : "选填"
        return need + "。" + (field.hint?.zh ?? expectation(field))
    }

    private static func expectation(_ field: Field) -> String {
        switch field.type {
        case .integer: "整数，如 25"
        case .number: "数字，如 84.5"
        case .boolean: "从下拉列表中选择“是”或“否”"
        case .date: "日期，如 2009-06-15"
        case .yearmonth: "年月，如 2009-06"
        case .string: field.constraints.enumValues.map { "从下拉列表中选择：" + $0.joined(separator: "、") } ?? "文字"
        }
    }

    private static func width(of field: Field) -> Double {
        max(displayWidth(field.label) + 2, field.isCode ? 20 : typicalWidth(field.type))
    }

    private static func typicalWidth(_ type: FieldType) -> Double {
        switch type {
        case .date: 12
        case .yearmonth: 10
        case .string: 14
        default: 8
        }
    }

    /// The extra columns that hold sentences.
    private static let extraWidths = [ErrorReport.explanationLabel: 60.0, ConsolidatedTable.explanationLabel: 40]

    /// Characters as a spreadsheet measures them: a Chinese character takes two.
    static func displayWidth(_ text: String) -> Double {
        Double(text.unicodeScalars.reduce(0) { $0 + ($1.value > 0x2E80 ? 2 : 1) })
    }
}
