/// `templates/` of a workspace (PRODUCT §9): for each return type, blank returns and an example
/// generated from the schema, so that the committed templates always match it.
///
/// Every file is named by the type's title, which clerks recognise (`企业创建情况表.csv`), and
/// goes through `AtomicFile`, so a reader never sees half a template.
public enum TemplateSet {
    /// One file of a type's templates: its extension, and how to write it at a path.
    private struct TemplateFile {
        var fileExtension: String
        var write: (String) throws(OutputError) -> Void

        /// A template made in memory.
        static func bytes(_ fileExtension: String, _ bytes: [UInt8]) -> TemplateFile {
            TemplateFile(fileExtension: fileExtension) { path throws(OutputError) in try AtomicFile.write(bytes, to: path) }
        }
    }

    /// Writes the templates of every return type of the workspace into `folder`, creating it if
    /// needed and replacing templates already there; other files in it are left alone.
    ///
    /// - Returns: the paths written, type by type in schema order.
    /// - Throws: `OutputError` for the first file that cannot be written.
    public static func write(workspace: Workspace, to folder: String) throws(OutputError) -> [String] {
        var written: [String] = []
        for type in workspace.schema.returnTypes {
            for file in files(of: type, in: workspace) {
                let path = folder + "/" + type.title + "." + file.fileExtension
                try file.write(path)
                written.append(path)
            }
        }
        return written
    }

    /// Writes the .xlsx template of the return `unit` files, its first row holding the unit's code
    /// and name (the portal's download).
    /// - Returns: the return type, or nil when the unit files none.
    public static func writeWorkbook(for unit: Registry.Unit, in workspace: Workspace, to path: String) throws(OutputError) -> ReturnType? {
        guard let type = workspace.schema.returnTypes.first(where: { $0.filingUnitType == unit.type }) else { return nil }
        try WorkbookWriter.write(WorkbookTemplate.workbook(for: type, unit: unit), to: path)
        return type
    }

    /// The template files of one type. The workbook writes itself (it streams to the path, also
    /// through `AtomicFile`).
    private static func files(of type: ReturnType, in workspace: Workspace) -> [TemplateFile] {
        [
            .bytes("csv", CSVTemplate.bytes(for: type)),
            TemplateFile(fileExtension: "xlsx") { path throws(OutputError) in
                try WorkbookWriter.write(WorkbookTemplate.workbook(for: type), to: path)
            },
            .bytes("xml", XMLExampleTemplate.bytes(for: type, in: workspace)),
            .bytes("xsd", XSDTemplate.bytes(for: type)),
        ]
    }
}
