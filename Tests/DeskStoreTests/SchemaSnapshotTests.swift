import Foundation
import GRDB
import Testing

@testable import DeskStore

/// `docs/schema.sql` is the schema as SQLite holds it after every migration: a reader sees the
/// tables, indexes and triggers without replaying v1 onwards. A migration that changes the
/// schema fails this test until the snapshot is made again:
/// `AIDDESK_RECORD_SCHEMA=1 swift test --filter SchemaSnapshot`, then read the diff.
@Suite("The schema snapshot in docs/")
struct SchemaSnapshotTests {
    static let snapshot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/schema.sql")

    /// Every table, index and trigger the migrations make, in a stable order, as SQLite reports them.
    static func currentSchema() throws -> String {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue)
        let entries = try queue.read { db in
            try Row.fetchAll(db, sql: """
                SELECT type, name, sql FROM sqlite_master
                WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%'
                ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, name
                """)
        }
        let migrations = Schema.migrator.migrations
        var text = """
            -- AidDesk's schema after every migration (\(migrations.first ?? "") … \(migrations.last ?? "")),
            -- as SQLite reports it. Made by SchemaSnapshotTests; do not edit by hand.

            """
        for entry in entries {
            text += "\n-- \(entry["type"] as String) \(entry["name"] as String)\n\(entry["sql"] as String);\n"
        }
        return text
    }

    @Test func theSnapshotIsTheSchemaTheMigrationsMake() throws {
        let current = try Self.currentSchema()
        if ProcessInfo.processInfo.environment["AIDDESK_RECORD_SCHEMA"] != nil {
            try current.write(to: Self.snapshot, atomically: true, encoding: .utf8)
        }
        let recorded = try String(contentsOf: Self.snapshot, encoding: .utf8)
        #expect(recorded == current, "the schema changed: AIDDESK_RECORD_SCHEMA=1 swift test --filter SchemaSnapshot, then read the diff")
        // The snapshot holds what a reader looks for.
        for table in ["household", "person", "distribution", "issuance", "audit", "operator", "idGap"] {
            #expect(current.contains("-- table \(table)\n"))
        }
        #expect(current.contains("-- trigger audit_never_updated\n"))
    }
}
