/// Makes the issues of one file's rows of one return type: the field's key and label, the file.
struct IssueMaker: Sendable {
    let type: ReturnType
    let file: String

    func callAsFunction(_ code: IssueCode, row: Int, field: Int?, value: String?, _ finding: Finding) -> Issue {
        Issue(file: file, row: row, field: field.map { type.fields[$0].key }, label: field.map { type.fields[$0].label },
              code: code, value: value, finding: finding)
    }
}
