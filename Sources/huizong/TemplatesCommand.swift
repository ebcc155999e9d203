import ArgumentParser
import Foundation
import Huizong

/// `huizong templates` (PRODUCT §9): writes the blank returns of the workspace's schema.
struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "按方案生成空白报表模板到 templates/。Write the blank returns of the plan schema into templates/."
    )

    @OptionGroup var common: CommonOptions

    func run() throws {
        let workspace = try common.workspace()
        let folder = workspace.root + "/templates"
        do {
            let written = try TemplateSet.write(workspace: workspace, to: folder)
            let zh = common.lang == .zh
            print(zh ? "已生成 \(written.count) 个模板文件：" : "Wrote \(written.count) template files:")
            for path in written { print("  " + path) }
        } catch {
            printError(error.message(common.lang))
            throw ExitCode(ExitStatus.problems)
        }
    }
}
