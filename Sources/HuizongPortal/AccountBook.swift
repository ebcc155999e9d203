import Foundation
import Huizong

/// The portal's accounts (PRODUCT §13), as `huizong accounts` keeps them: a unit's account is
/// named by its code and files for it; an office account reviews. Passwords go in only as hashes.
public struct AccountBook: Sendable {
    public let workspace: Workspace
    let store: Store

    /// Opens the workspace's store, making `outbox/` if no night has made it yet.
    public init(workspace: Workspace) throws(StoreError) {
        self.workspace = workspace
        store = try Self.openStore(workspace)
    }

    static func openStore(_ workspace: Workspace) throws(StoreError) -> Store {
        let outbox = workspace.root + "/outbox"
        try? FileManager.default.createDirectory(atPath: outbox, withIntermediateDirectories: true)
        return try Store(path: outbox + "/" + Store.fileName)
    }

    /// Adds the account of a registered unit, named by its code.
    public func addUnit(_ code: String, password: String) throws(AccountFailure) -> Account {
        guard workspace.registry.unit(code) != nil else { throw .unknownUnit(code) }
        return try add(Account(name: code, role: .unit, passwordHash: try hash(password), units: [code]))
    }

    public func addOffice(_ name: String, password: String) throws(AccountFailure) -> Account {
        guard !name.isEmpty, !name.contains(where: \.isWhitespace) else { throw .badName(name) }
        return try add(Account(name: name, role: .office, passwordHash: try hash(password), units: []))
    }

    /// Lets a unit account (an association) file for more registered units.
    public func grant(_ account: String, units: [String]) throws(AccountFailure) {
        if let unknown = units.first(where: { workspace.registry.unit($0) == nil }) { throw .unknownUnit(unknown) }
        guard try call({ () throws(StoreError) in try store.grant(account: account, units: units) }) else {
            throw .noUnitAccount(account)
        }
    }

    public func reset(_ account: String, password: String) throws(AccountFailure) {
        let hash = try hash(password)
        guard try call({ () throws(StoreError) in try store.setPasswordHash(account: account, to: hash) }) else {
            throw .noSuchAccount(account)
        }
    }

    public func remove(_ account: String) throws(AccountFailure) {
        guard try call({ () throws(StoreError) in try store.removeAccount(named: account) }) else {
            throw .noSuchAccount(account)
        }
    }

    public func list() throws(AccountFailure) -> [Account] {
        try call { () throws(StoreError) in try store.accounts() }
    }

    private func add(_ account: Account) throws(AccountFailure) -> Account {
        guard try call({ () throws(StoreError) in try store.addAccount(account, created: ISO8601DateFormatter().string(from: Date())) }) else {
            throw .taken(account.name)
        }
        return account
    }

    private func hash(_ password: String) throws(AccountFailure) -> String {
        guard password.count >= 8 else { throw .shortPassword }
        return Passwords.hash(password)
    }

    private func call<T>(_ body: () throws(StoreError) -> T) throws(AccountFailure) -> T {
        do {
            return try body()
        } catch {
            throw .store(error)
        }
    }
}

/// Why an account could not be added or changed.
public enum AccountFailure: Error, Sendable {
    case unknownUnit(String)
    case taken(String)
    case noSuchAccount(String)
    case noUnitAccount(String)
    case badName(String)
    case shortPassword
    case store(StoreError)

    public func message(_ language: Language) -> String {
        let zh = language == .zh
        switch self {
        case .unknownUnit(let code):
            return zh ? "单位代码“\(code)”不在单位名录（seeds/units.csv）中。" : "The unit code “\(code)” is not in the registry (seeds/units.csv)."
        case .taken(let name):
            return zh ? "账户“\(name)”已存在。要换密码请用 huizong accounts reset \(name)。" : "The account “\(name)” exists already. To change its password: huizong accounts reset \(name)."
        case .noSuchAccount(let name):
            return zh ? "没有账户“\(name)”。huizong accounts list 列出全部账户。" : "There is no account “\(name)”. huizong accounts list shows them all."
        case .noUnitAccount(let name):
            return zh ? "没有单位账户“\(name)”（办公室账户不报送报表）。" : "There is no unit account “\(name)” (office accounts do not file returns)."
        case .badName(let name):
            return zh ? "账户名“\(name)”不能为空，也不能含空格。" : "The account name “\(name)” must not be empty or hold spaces."
        case .shortPassword:
            return zh ? "密码至少要 8 个字符。" : "A password needs at least 8 characters."
        case .store(let error):
            return error.message(language)
        }
    }
}
