import ArgumentParser
import Foundation
import Huizong
import HuizongPortal

/// `huizong accounts` (PRODUCT §13): who may sign in to the portal.
struct AccountsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts",
        abstract: "网上报送的账户：添加、授权、重设密码、删除、列出。Portal accounts.",
        discussion: "退出码 Exit status: 0 完成 done; 1 未能完成 failed; 2 用法错误 usage error.",
        subcommands: [Add.self, AddOffice.self, Grant.self, Reset.self, Remove.self, List.self]
    )
}

/// Flags every accounts command takes.
struct AccountOptions: ParsableArguments {
    @Flag(name: .long, help: "从标准输入读取密码，不生成一次性密码。Read the password from stdin instead of making one.")
    var passwordStdin = false

    @OptionGroup var common: CommonOptions

    /// Runs `body` on the workspace's accounts, printing its line, or the failure (exit 1; 2 for a
    /// unit not in the registry or a short password).
    func perform(_ body: (AccountBook) throws(AccountFailure) -> String) throws {
        let book: AccountBook
        do {
            book = try AccountBook(workspace: try common.workspace())
        } catch let error as StoreError {
            printError(error.message(common.lang))
            throw ExitCode(ExitStatus.problems)
        }
        do {
            print(try body(book))
        } catch {
            printError(error.message(common.lang))
            switch error {
            case .unknownUnit, .badName, .shortPassword: throw ExitCode(ExitStatus.usage)
            default: throw ExitCode(ExitStatus.problems)
            }
        }
    }

    /// Adds an account, a `kind` of account, with the password of `password()`, and says so.
    func add(_ kind: (zh: String, en: String), _ make: (AccountBook, String) throws(AccountFailure) -> Account) throws {
        let password = password()
        try perform { book throws(AccountFailure) in
            let account = try make(book, password.text)
            return say("已添加\(kind.zh) \(account.name)。", "Added the \(kind.en) \(account.name).") + shown(password)
        }
    }

    /// The password read from stdin (its first line), or a new one-time password.
    func password() -> (text: String, made: Bool) {
        guard passwordStdin else { return (Passwords.oneTime(), true) }
        return (readLine(strippingNewline: true) ?? "", false)
    }

    /// What to print about a password: the one made, once, or nothing for one read from stdin.
    func shown(_ password: (text: String, made: Bool)) -> String {
        guard password.made else { return "" }
        return say("\n一次性密码（只显示这一次，请告知本人并请其登录后保管好）：\(password.text)",
                   "\nOne-time password (shown only now; give it to the person): \(password.text)")
    }

    func say(_ zh: String, _ en: String) -> String {
        common.lang == .zh ? zh : en
    }
}

extension AccountsCommand {
    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "为名录中的单位添加账户（账户名即单位代码）。Add a registered unit's account.")

        @Argument(help: "单位代码。The unit's code.")
        var unit: String

        @OptionGroup var options: AccountOptions

        func run() throws {
            try options.add(("单位账户", "unit account")) { book, password throws(AccountFailure) in
                try book.addUnit(unit, password: password)
            }
        }
    }

    struct AddOffice: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "add-office", abstract: "添加镇法治办的审核账户。Add an office account.")

        @Argument(help: "账户名。The account's name.")
        var name: String

        @OptionGroup var options: AccountOptions

        func run() throws {
            try options.add(("办公室账户", "office account")) { book, password throws(AccountFailure) in
                try book.addOffice(name, password: password)
            }
        }
    }

    struct Grant: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "允许单位账户（如行业协会）代报其他单位。Let a unit account file for more units.")

        @Argument(help: "账户名。The account.")
        var account: String

        @Argument(help: "单位代码（可多个）。The units' codes.")
        var units: [String]

        @OptionGroup var options: AccountOptions

        func run() throws {
            try options.perform { book throws(AccountFailure) in
                try book.grant(account, units: units)
                return options.say("账户 \(account) 现在也可报送：\(units.joined(separator: "、"))。",
                                   "The account \(account) may now also file for: \(units.joined(separator: ", ")).")
            }
        }
    }

    struct Reset: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "重设账户密码。Set a new password.")

        @Argument(help: "账户名。The account.")
        var account: String

        @OptionGroup var options: AccountOptions

        func run() throws {
            let password = options.password()
            try options.perform { book throws(AccountFailure) in
                try book.reset(account, password: password.text)
                return options.say("已重设账户 \(account) 的密码。", "The password of \(account) is set anew.") + options.shown(password)
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "删除账户（其报送记录保留）。Remove an account; its submissions stay on record.")

        @Argument(help: "账户名。The account.")
        var account: String

        @OptionGroup var options: AccountOptions

        func run() throws {
            try options.perform { book throws(AccountFailure) in
                try book.remove(account)
                return options.say("已删除账户 \(account)。", "Removed the account \(account).")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出全部账户。List the accounts.")

        @OptionGroup var options: AccountOptions

        func run() throws {
            try options.perform { book throws(AccountFailure) in
                let accounts = try book.list()
                guard !accounts.isEmpty else { return options.say("还没有账户。", "No accounts yet.") }
                return accounts.map { account in
                    let role = account.role == .office ? options.say("办公室", "office") : options.say("单位", "unit")
                    return "\(account.name)\t\(role)\t\(account.units.joined(separator: " "))"
                }.joined(separator: "\n")
            }
        }
    }
}
