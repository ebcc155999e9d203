import Hummingbird
import Huizong

/// The request context of the portal: Hummingbird's, plus who is signed in.
public struct PortalContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `SessionMiddleware` for a request with a live session.
    var user: SignedIn?

    public init(source: Source) {
        coreContext = .init(source: source)
    }
}

/// The signed-in account of a request, as the store holds it now (its grants may have changed
/// since it signed in), and its session.
struct SignedIn: Sendable {
    var account: Account
    var session: Session

    /// The units whose returns the account sees: its own, or every unit for the office.
    var visibleUnits: Set<String>? {
        account.role == .office ? nil : Set(account.units)
    }
}
