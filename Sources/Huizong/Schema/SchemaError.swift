/// A broken schema file: which file, where in it, and what is wrong. `huizong` exits 2 on it.
public struct SchemaError: Error, Sendable, Equatable {
    public var file: String
    /// 1-based line in the file, when known.
    public var line: Int?
    /// The property path, e.g. `schema.fields[4].type`.
    public var place: String
    public var problem: SchemaProblem
}

public enum SchemaProblem: Error, Sendable, Equatable {
    case unreadable
    /// A CSV file of the seeds (the registry) that cannot be read as CSV.
    case unreadableTable(ReadProblem)
    case yamlSyntax(String)
    case missing
    case wrongKind(expected: ExpectedKind)
    case unknownValue(String, allowed: [String])
    case unknownField(String)
    case duplicate(String)
    case invalidPattern(String)
    case invalidRule(String)
    case emptyPeriod
    case noReturnTypes
    case unreadableFolder(String)

    public enum ExpectedKind: String, Sendable {
        case text, number, list, mapping, yearMonth, integer, date, dayOfMonth
    }
}
