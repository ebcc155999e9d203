/// An issue a check of one cell found, in a box of its own: every cell's checks hand back what
/// they found, few cells have anything, and a pointer is handed back where an issue would be
/// hundreds of bytes copied for every cell.
enum FoundIssue {
    indirect case found(Issue)

    var issue: Issue {
        switch self {
        case .found(let issue): issue
        }
    }
}
