/// A reader of a tabular return (CSV, later .xlsx): yields rows one at a time, header first.
///
/// Rows are streamed: a source holds no more than the row it is reading. Blank rows may be yielded;
/// validation skips them.
public protocol RowSource: AnyObject {
    /// The encoding the bytes were read in, as reports show it (e.g. `UTF-8`, `GB18030`, `UTF-16LE`).
    var encoding: String { get }
    /// The next row, or nil at the end of the file.
    /// - Throws: a `ReadProblem` when the rest of the file cannot be read.
    func nextRow() throws(ReadProblem) -> SourceRow?
}
