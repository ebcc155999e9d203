import ArgumentParser
import Foundation
import Huizong

/// `huizong init [DIR]`: a new workspace with the shipped example plan and registry, the empty
/// folders a night uses and the blank templates, then the next steps. An existing `seeds/` is
/// never overwritten: it is the office's own plan.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "新建工作区：示例方案与单位名录（seeds/）、inbox/、outbox/、templates/。Make a new workspace."
    )

    @Argument(help: "新工作区的目录（默认为当前目录）。The folder to make the workspace in.")
    var folder: String?

    @Option(name: .long, help: "随附 seeds/ 所在的目录（默认在程序所在的仓库中查找）。Folder holding the shipped seeds/.")
    var from: String?

    @Option(name: .long, help: "消息语言：zh（默认）或 en。Message language.")
    var lang: Language = .zh

    func run() throws {
        let zh = lang == .zh
        let manager = FileManager.default
        let root = (folder ?? manager.currentDirectoryPath).withoutTrailingSlash
        let seeds = root + "/seeds"
        let keptSeeds = manager.fileExists(atPath: seeds)
        do {
            if !keptSeeds {
                guard let shipped = from.map({ $0 + "/seeds" }) ?? Self.shippedSeeds(),
                      FileManager.default.fileExists(atPath: shipped + "/" + SchemaLoader.planFileName) else {
                    printError(zh
                        ? "找不到随附的示例方案（seeds/plan.yaml）。请用 --from 指向 huizong 仓库的目录，例如：huizong init \(root) --from ~/huizong"
                        : "The shipped example plan (seeds/plan.yaml) was not found. Point --from at the huizong repository, e.g. huizong init \(root) --from ~/huizong")
                    throw ExitCode(ExitStatus.usage)
                }
                try manager.createDirectory(atPath: root, withIntermediateDirectories: true)
                try manager.copyItem(atPath: shipped, toPath: seeds)
            }
            for name in ["inbox", "outbox", "templates"] {
                try manager.createDirectory(atPath: root + "/" + name, withIntermediateDirectories: true)
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            printError(zh ? "无法在“\(root)”建立工作区（\(error.localizedDescription)）。请检查该目录的权限。"
                          : "Cannot make the workspace in “\(root)” (\(error.localizedDescription)). Check the folder's permissions.")
            throw ExitCode(ExitStatus.problems)
        }
        let workspace = try CommonOptions.workspace(at: root, lang: lang)
        do {
            _ = try TemplateSet.write(workspace: workspace, to: root + "/templates")
        } catch {
            printError(error.message(lang))
            throw ExitCode(ExitStatus.problems)
        }
        print(Self.nextSteps(root: root, keptSeeds: keptSeeds, zh: zh))
    }

    static func nextSteps(root: String, keptSeeds: Bool, zh: Bool) -> String {
        let quoted = root.contains(" ") ? "\"\(root)\"" : root
        if zh {
            return (keptSeeds ? "工作区已存在：\(root)（seeds/ 保持原样，未覆盖）\n" : "已新建工作区：\(root)\n") + """

                下一步：
                  1. 把 seeds/units.csv 换成本镇的单位名录（单位代码,单位名称,单位类型,所在村代码），按需修改 seeds/plan.yaml。
                  2. 改过 seeds/ 之后重新生成模板：huizong templates --root \(quoted)
                  3. 把 templates/ 中的模板发给各单位；收到的报表放进 \(root)/inbox/。
                  4. 运行一次汇总：huizong run --root \(quoted)
                  5. 用浏览器打开 \(root)/outbox/index.html 查看结果；每晚定时运行见 README 的“定时运行”一节。
                """
        }
        return (keptSeeds ? "The workspace exists: \(root) (seeds/ kept as it was)\n" : "Made a new workspace: \(root)\n") + """

            Next steps:
              1. Replace seeds/units.csv with your units (单位代码,单位名称,单位类型,所在村代码); edit seeds/plan.yaml as needed.
              2. After changing seeds/, write the templates again: huizong templates --root \(quoted)
              3. Send the templates in templates/ to the units; put the returns they send into \(root)/inbox/.
              4. Run a night: huizong run --root \(quoted)
              5. Open \(root)/outbox/index.html in a browser; the README's section on nightly runs sets up the schedule.
            """
    }

    /// The `seeds/` of the repository this program was built in: found by walking up from the
    /// program (`.build/release/huizong`) and from the current folder.
    static func shippedSeeds() -> String? {
        let program = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for start in [program, URL(fileURLWithPath: FileManager.default.currentDirectoryPath)] {
            var folder = start.standardizedFileURL
            while folder.path != "/" {
                let seeds = folder.appendingPathComponent("seeds")
                if FileManager.default.fileExists(atPath: seeds.appendingPathComponent("plan.yaml").path),
                   FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                    return seeds.path
                }
                folder.deleteLastPathComponent()
            }
        }
        return nil
    }
}

extension String {
    var withoutTrailingSlash: String {
        count > 1 && hasSuffix("/") ? String(dropLast()) : self
    }
}
