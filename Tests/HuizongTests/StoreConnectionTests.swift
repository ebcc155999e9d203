import Foundation
import Testing
@testable import Huizong
import HuizongTestSupport

/// How the store's connections are set up.
@Suite struct StoreConnectionTests {
    /// Every connection, the night's and a reader's, may keep 64 MiB of pages: a night looks up
    /// each unit's previous period in a store that is hundreds of megabytes for a large registry.
    @Test func everyConnectionKeepsA64MiBPageCache() throws {
        let folder = try TestSupport.temporaryFolder()
        defer { TestSupport.remove(folder) }
        let path = folder + "/" + Store.fileName
        let cacheSize = { (store: Store) throws in try store.read { db in try Int.fetchOne(db, sql: "PRAGMA cache_size") } }
        #expect(try cacheSize(Store(path: path)) == -65536)
        #expect(try cacheSize(Store(readOnlyAt: path)) == -65536)
    }
}
