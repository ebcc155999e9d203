extension ReadProblem {
    /// The §6 issue code a clerk sees for this problem.
    public var code: IssueCode {
        switch self {
        case .invalidBytes, .neitherUTF8NorGB18030, .unsupportedEncoding: .encodingError
        case .unexpectedXMLRoot: .unknownReturnType
        default: .formatError
        }
    }
}
