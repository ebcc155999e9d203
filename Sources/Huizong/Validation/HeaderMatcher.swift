/// Recognises a return type from a header row and binds each column to a field (PRODUCT §3, §5).
struct HeaderMatcher {
    /// A header bound to a return type.
    struct Match {
        var type: ReturnType
        /// For each header column, the field it holds, or nil (unknown or ignored column).
        var columnFields: [Int?]
        /// Header columns up to the last non-blank label; trailing blank cells are not columns.
        var width: Int
        /// File-level issues: errors reject the file, `extra-label` warnings do not.
        var issues: [Issue]
    }

    private let schema: PlanSchema
    /// Per return type: folded label, key or alias → field index.
    private let lookups: [[String: Int]]

    init(schema: PlanSchema) {
        self.schema = schema
        lookups = schema.returnTypes.map { type in
            var lookup: [String: Int] = [:]
            for (i, field) in type.fields.enumerated() {
                for name in [field.key, field.label] + field.aliases {
                    lookup[HeaderText.key(name)] = lookup[HeaderText.key(name)] ?? i
                }
            }
            return lookup
        }
    }

    /// Binds `header`, or returns nil when it matches fewer than two columns of every type.
    func match(_ header: [String], file: String) -> Match? {
        let labels = header.map(HeaderText.key)
        var best: (index: Int, score: Int)?
        for (t, lookup) in lookups.enumerated() {
            let score = Set(labels.compactMap { lookup[$0] }).count
            if score >= 2, score > (best?.score ?? 0) { best = (t, score) }
        }
        guard let best else { return nil }
        let type = schema.returnTypes[best.index]
        let lookup = lookups[best.index]
        let width = (labels.lastIndex { !$0.isEmpty } ?? -1) + 1
        var columnFields: [Int?] = []
        var issues: [Issue] = []
        var bound: [Int: Int] = [:]
        func issue(_ code: IssueCode, field: Int?, label: String?, _ finding: Finding) {
            issues.append(Issue(file: file, row: nil, field: field.map { type.fields[$0].key }, label: label,
                                code: code, value: label, finding: finding))
        }
        for (column, label) in labels.prefix(width).enumerated() {
            if label.isEmpty {
                issue(.blankLabel, field: nil, label: nil, .blankLabel(column: column + 1))
                columnFields.append(nil)
            } else if let field = lookup[label] {
                if let first = bound[field] {
                    issue(.duplicateLabel, field: field, label: header[column],
                          .duplicateLabel(column: column + 1, firstColumn: first + 1, firstLabel: header[first]))
                } else {
                    bound[field] = column
                }
                columnFields.append(field)
            } else {
                if !schema.ignoredLabels.contains(label) {
                    issue(.extraLabel, field: nil, label: header[column], .extraLabel)
                }
                columnFields.append(nil)
            }
        }
        for (i, field) in type.fields.enumerated() where field.constraints.required && bound[i] == nil {
            issue(.missingLabel, field: i, label: field.label, .missingLabel)
        }
        return Match(type: type, columnFields: columnFields, width: width, issues: issues)
    }
}
