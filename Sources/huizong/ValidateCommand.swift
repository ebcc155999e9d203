import ArgumentParser
import Foundation
import Huizong

/// `huizong validate FILE…` (PRODUCT §8): checks returns with no side effects.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "报送前自查：核对报表文件，不做任何改动。Check return files before filing; changes nothing.",
        discussion: "退出码 Exit status: 0 无错误 no errors; 1 有错误 errors found; 2 用法或方案错误 usage or schema error."
    )

    enum OutputFormat: String, ExpressibleByArgument {
        case text, json
    }

    @Argument(help: "报表文件或文件夹（文件夹中的 .csv/.txt/.tsv/.xml/.xlsx 文件）。Return files, or folders of them.")
    var paths: [String]

    @Option(name: .long, help: "输出格式：text 或 json。Output format.")
    var format: OutputFormat = .text

    @OptionGroup var common: CommonOptions

    /// A missing file is a usage error, shown with this command's usage.
    func validate() throws {
        _ = try ReturnFiles.expand(paths)
    }

    func run() throws {
        let files = try ReturnFiles.expand(paths)
        let workspace = try common.workspace()
        let reports = FilingCheck(workspace: workspace).validate(files.map { ($0, $0) })
        switch format {
        case .text:
            print(TextReport.render(reports, schema: workspace.schema, common.lang), terminator: "")
        case .json:
            var buffered = ""
            IssueJSON.writeDocument(reports, common.lang) { piece in
                buffered += piece
                if buffered.utf8.count >= 1 << 16 {
                    print(buffered, terminator: "")
                    buffered = ""
                }
            }
            print(buffered, terminator: "")
        }
        if reports.contains(where: \.hasErrors) {
            throw ExitCode(ExitStatus.problems)
        }
    }
}

/// The files named on the command line; a folder stands for the returns in it: its files, in
/// subfolders too, whose extension is a return format, hidden files and Office lock files aside.
enum ReturnFiles {
    static func expand(_ paths: [String]) throws -> [String] {
        var files: [String] = []
        let manager = FileManager.default
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("找不到文件“\(path)”。No such file: \(path)")
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            let children = (manager.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                .filter { child in
                    let name = (child as NSString).lastPathComponent
                    var childIsDirectory: ObjCBool = false
                    let full = (path as NSString).appendingPathComponent(child)
                    return !name.hasPrefix("~$") && !child.split(separator: "/").contains { $0.hasPrefix(".") }
                        && ReturnFormat(name: name) != nil
                        && manager.fileExists(atPath: full, isDirectory: &childIsDirectory) && !childIsDirectory.boolValue
                }
                .sorted()
            files += children.map { (path as NSString).appendingPathComponent($0) }
        }
        return files
    }
}
