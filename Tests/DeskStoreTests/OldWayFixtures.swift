import Foundation
import GRDB

@testable import DeskStore

extension Fixtures {
    /// A second open distribution, as earlier builds let a coordinator open one while another
    /// was open (the engine now refuses): written straight into the tables.
    static func openAnotherTheOldWay(_ database: DeskDatabase, name: String, stock: [(kit: String, quantity: Int)])
        throws -> Int64
    {
        try database.writer.write { db in
            try db.execute(
                sql: "INSERT INTO distribution (name, date, place, openedAt, openedBy) VALUES (?, '2026-11-26', '', ?, 'Марія')",
                arguments: [name, day("2026-11-26", hour: 9)])
            let id = db.lastInsertedRowID
            for line in stock {
                try db.execute(
                    sql: "INSERT INTO stock (distributionId, kitCode, received) VALUES (?, ?, ?)",
                    arguments: [id, line.kit, line.quantity])
            }
            return id
        }
    }
}
