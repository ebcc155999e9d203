import Foundation
import Hummingbird
import Huizong

/// What every request of the portal shares: the workspace and its store (the same the nights
/// use), the live sessions, the sign-in throttle, the folder of uploads, the language of the
/// messages it answers with, and whether it serves HTTPS (its session cookie is then `Secure`).
struct Portal: Sendable {
    let workspace: Workspace
    let store: Store
    let sessions = Sessions()
    let throttle = LoginThrottle()
    let checks = CheckSlots(ProcessInfo.processInfo.activeProcessorCount)
    let uploads: UploadFolder
    let language: Language
    let secure: Bool

    func say(_ zh: String, _ en: String) -> String {
        language == .zh ? zh : en
    }

    /// The language the visitor picked on the pages (`?lang=`, else the cookie), else the server's.
    func language(of request: Request) -> Language {
        let asked = request.uri.queryParameters.get("lang") ?? request.cookies[Pages.languageCookie]?.value
        return asked.flatMap(Language.init(rawValue:)) ?? language
    }
}

/// Runs work that holds a thread for long (a check of a large file, a bcrypt hash) on a
/// dispatch queue, so that Swift's few cooperative threads stay free to serve other requests.
enum Blocking {
    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: body()) }
        }
    }
}
