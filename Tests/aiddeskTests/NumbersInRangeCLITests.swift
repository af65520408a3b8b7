import DeskCore
import Foundation
import GRDB
import Testing

@Suite("Numbers and dates in range: a clear refusal, never a trap", .serialized)
struct NumbersInRangeCLITests {
    func hubWithADistribution() throws -> ScratchHub {
        let hub = try ScratchHub()
        try hub.seed(households: 3)
        #expect(try hub.aiddesk(["distribution", "open", "Видача", "--kit", "hygiene=5"]).status == 0)
        return hub
    }

    func received(_ hub: ScratchHub) throws -> Int? {
        let status = try hub.aiddesk(["status", "--json"])
        let distribution = (jsonObject(status.stdout)?["distributions"] as? [[String: Any]])?.first
        return (distribution?["stock"] as? [String: [String: Int]])?["hygiene"]?["received"]
    }

    @Test func stockChangesBeyondAMillionAreRefusedInBothLanguages() throws {
        let hub = try hubWithADistribution()
        defer { hub.remove() }
        for delta in ["9223372036854775807", "9223372036854775000", "99999999999999999999", "-9223372036854775808",
                      "1000001", "+1000000"] {
            let run = try hub.aiddesk(["stock", "adjust", "hygiene", delta, "--reason", "x"])
            #expect(run.status == 64, "\(delta): \(run.status) \(run.stderr)")
            #expect(run.stderr.contains("Завелика кількість"), "\(delta): \(run.stderr)")
        }
        let english = try hub.aiddesk(["--lang", "en", "stock", "adjust", "hygiene", "9223372036854775807", "--reason", "x"])
        #expect(english.status == 64 && english.stderr.contains("Too large a quantity"), "\(english.stderr)")
        #expect(try received(hub) == 5)
        let opened = try hub.aiddesk(["distribution", "open", "Ще", "--kit", "bedding=9223372036854775000"])
        #expect(opened.status == 64, "\(opened.stderr)")
        #expect(try hub.aiddesk(["distribution", "open", "Ще", "--kit", "bedding=1000001"]).status == 64)
        #expect(try hub.aiddesk(["report"]).status == 0)
    }

    @Test func aNegativeChangeWorksAsTheReadmeWritesIt() throws {
        let hub = try hubWithADistribution()
        defer { hub.remove() }
        let taken = try hub.aiddesk(["stock", "adjust", "hygiene", "-3", "--reason", "пошкоджені"])
        #expect(taken.status == 0, "\(taken.stderr)")
        #expect(try received(hub) == 2)
        #expect(try hub.aiddesk(["stock", "adjust", "hygiene", "--reason", "знайшли", "+5"]).status == 0)
        #expect(try hub.aiddesk(["stock", "adjust", "hygiene", "--reason", "x", "--", "-1"]).status == 0)
        #expect(try received(hub) == 6)
        let twoNumbers = try hub.aiddesk(["stock", "adjust", "hygiene", "-3", "4", "--reason", "x"])
        #expect(twoNumbers.status == 64)
        let word = try hub.aiddesk(["stock", "adjust", "hygiene", "-x", "--reason", "x"])
        #expect(word.status == 64 && word.stderr.contains("не число"), "\(word.stderr)")
        #expect(try received(hub) == 6)
    }

    @Test func widthsAndLimitsOutsideTheirRangeAreRefused() throws {
        let hub = try hubWithADistribution()
        defer { hub.remove() }
        for width in ["9223372036854775807", "1000000000", "401", "39", "0", "-5"] {
            let run = try hub.aiddesk(["report", "--width=\(width)"])
            #expect(run.status == 64, "\(width): \(run.status) \(run.stderr)")
            #expect(run.stderr.contains("Ширина звіту"), "\(width): \(run.stderr)")
        }
        #expect(try hub.aiddesk(["report", "--width", "400"]).status == 0)
        for limit in ["0", "-1", "1001"] {
            let run = try hub.aiddesk(["find", "Тестенко", "--limit=\(limit)"])
            #expect(run.status == 64 && run.stderr.contains("--limit"), "\(limit): \(run.stderr)")
            #expect(!run.stdout.contains("нікого"), "\(limit): \(run.stdout)")
        }
        let english = try hub.aiddesk(["--lang", "en", "find", "x", "--limit", "0"])
        #expect(english.status == 64 && english.stderr.contains("--limit must be from 1 to 1000"), "\(english.stderr)")
        #expect(try hub.aiddesk(["find", "Тестенко", "--limit", "1000"]).status == 0)
    }

    @Test func anImplausibleDistributionDateIsRefused() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 1)
        for date in ["1900-01-01", "01.01.2062", "0001-01-01"] {
            let run = try hub.aiddesk(["distribution", "open", "Видача", "--kit", "hygiene=5", "--date", date])
            #expect(run.status == 64, "\(date): \(run.stderr)")
            #expect(run.stderr.contains("неправдоподібна"), "\(date): \(run.stderr)")
        }
        #expect(try hub.aiddesk(["distribution", "list", "--json"]).stdout.contains("\"id\"") == false)
    }

    @Test func aHandEditedHugeStockNeitherCrashesTheReportNorTheStatus() throws {
        let hub = try hubWithADistribution()
        defer { hub.remove() }
        #expect(try hub.aiddesk(["issue", "00001", "hygiene"]).status == 0)
        // As an older version accepted it, or as someone wrote it with sqlite3.
        let queue = try DatabaseQueue(path: hub.databasePath)
        try queue.write { db in try db.execute(sql: "UPDATE stock SET received = 9223372036854775000") }
        try queue.close()
        for format in ["text", "csv", "json"] {
            let run = try hub.aiddesk(["report", "--format", format])
            #expect(run.status == 0, "\(format): \(run.status) \(run.stderr)")
        }
        #expect(try hub.aiddesk(["report", "--width", "400"]).status == 0)
        #expect(try hub.aiddesk(["status"]).status == 0)
        // And the stock cannot be pushed past the top either: refused, not wrapped round.
        let more = try hub.aiddesk(["stock", "adjust", "hygiene", "1000000", "--reason", "x"])
        #expect(more.status == 64, "\(more.stderr)")
    }
}
