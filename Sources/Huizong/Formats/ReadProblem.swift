/// Why a whole file could not be read. Readers throw these; `Messages` turns them into text.
public enum ReadProblem: Error, Sendable, Equatable {
    /// The file has no bytes, or nothing but white space.
    case empty
    /// The file's extension is not one huizong reads.
    case unknownExtension(String)
    /// The file could not be opened or read from disk.
    case unreadable(reason: String)
    /// Bytes that are not valid in `encoding`, first seen at byte `offset` (0-based) of the file.
    case invalidBytes(encoding: String, offset: Int)
    /// A file without a BOM whose bytes are valid neither as UTF-8 nor as GB18030.
    case neitherUTF8NorGB18030(utf8Offset: Int, gb18030Offset: Int)
    /// The file declares or starts with an encoding huizong cannot decode.
    case unsupportedEncoding(String)
    /// A quoted CSV field is still open at the end of the file; it started on `line`.
    case unterminatedQuote(line: Int)
    /// Malformed XML, with expat's position and reason.
    case malformedXML(line: Int, column: Int, reason: String)
    /// The XML uses entities that expand beyond the amplification limit (billion laughs).
    case entityAmplification(line: Int)
    /// The XML refers to an external entity or DTD, which is never loaded.
    case externalEntity(line: Int)
    /// Something other than `<row>` elements inside `<return>`, or text outside the field elements.
    case misplacedXML(line: Int, column: Int, MisplacedXML)
    /// Elements nested deeper than a return ever needs (hostile input).
    case tooDeep(levels: Int)
    /// A workbook with an opening password: an .xlsx encrypted into a compound file, or an .xls
    /// with a FILEPASS record.
    case encryptedWorkbook
    /// An OLE compound file that holds no workbook huizong reads: a Word document, or an Excel
    /// workbook older than Excel 97 (BIFF5 and before). `reason` is technical detail.
    case unsupportedWorkbook(reason: String)
    /// Not a readable .xlsx workbook: not a zip archive, cut short, or missing a part it needs.
    case corruptWorkbook(reason: String)
    /// A workbook that inflates beyond what a return can need (a zip bomb, or far too much data).
    case workbookTooLarge(limit: String)
    /// A zip archive (a .zip a clerk packed, renamed) holding these returns rather than being a
    /// workbook itself.
    case filesInArchive([String])
    /// A workbook without a single worksheet.
    case noWorksheet
    /// The XML root is not `<return>`.
    case unexpectedXMLRoot(String)
    /// More data rows than `limits: rows` of the plan allows.
    case tooManyRows(limit: Int)
    /// A row or field exceeds what a return can hold (hostile input).
    case tooLarge(limit: String)

    public enum MisplacedXML: Sendable, Equatable {
        case element(String)
        case textInReturn
        case textInRow
    }
}
