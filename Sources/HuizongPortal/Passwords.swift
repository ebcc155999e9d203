import Foundation
import HummingbirdBcrypt

/// Password hashes by bcrypt (hummingbird-auth's `HummingbirdBcrypt`); the store keeps only these.
public enum Passwords {
    /// The bcrypt cost: 12, or `HUIZONG_BCRYPT_COST` (4–31) where tests want sign-ins fast.
    /// Production leaves it unset; below 10 is for tests only.
    public static let cost: UInt8 = {
        guard let text = ProcessInfo.processInfo.environment["HUIZONG_BCRYPT_COST"], let cost = UInt8(text),
              (4...31).contains(cost) else { return 12 }
        return cost
    }()

    public static func hash(_ password: String) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    public static func verify(_ password: String, hash: String) -> Bool {
        Bcrypt.verify(password, hash: hash)
    }

    /// Checked against a password when the account does not exist, so that an unknown name takes
    /// as long to refuse as a wrong password.
    static let decoy = Bcrypt.hash(Sessions.randomToken(), cost: cost)

    /// A one-time password to read out to a clerk: 12 letters and digits, none easily mistaken
    /// for another (no 0/O, 1/l/I).
    public static func oneTime() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<12).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
