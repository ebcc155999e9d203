import Foundation

/// A folder with `seeds/`, `inbox/` and `outbox/` (PRODUCT §2). Only `seeds/` is configuration.
public struct Workspace: Sendable {
    public let root: String
    public let schema: PlanSchema
    public let registry: Registry

    /// Loads the schema and registry of the workspace at `root`.
    /// - Throws: `SchemaError` when either is broken.
    public init(root: String) throws(SchemaError) {
        self.root = root
        schema = try SchemaLoader.load(seeds: (root as NSString).appendingPathComponent("seeds"))
        registry = try Registry.load(path: schema.registryPath)
    }

    public var validator: ReturnValidator {
        ReturnValidator(schema: schema, registry: registry)
    }
}
