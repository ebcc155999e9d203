/// The blank CSV return of a type (PRODUCT §9): the header alone, exactly the labels in schema
/// order, written as huizong writes every CSV (UTF-8 with BOM, CRLF), so that Excel and WPS open
/// it in the right encoding and huizong reads it back as the type. Whether a column is required
/// is for the .xlsx template's input hints; a mark such as 必填 in a header would no longer match
/// the label.
enum CSVTemplate {
    static func bytes(for type: ReturnType) -> [UInt8] {
        CSVText(header: type.fields.map(\.label)).bytes
    }
}
