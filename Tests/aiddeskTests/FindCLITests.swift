import Foundation
import Testing

@Suite("aiddesk find", .serialized)
struct FindCLITests {
    @Test func oneQueryAsTextAndAsJSON() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        let csv = hub.folder.appendingPathComponent("r.csv")
        try Data("""
            household;surname;given_name;patronymic;phone;idp_certificate
            00417;Коваленко;Олена;Петрівна;050 123 45 67;0512-0000000417
            00418;Ковальчук;Сергій;Іванович;;
            00419;Шевчук;Галина;Олексіївна;;

            """.utf8).write(to: csv)
        #expect(try hub.aiddesk(["import", csv.path]).status == 0)

        let text = try hub.aiddesk(["find", "Kovalenko", "Olena"])
        #expect(text.status == 0)
        #expect(text.stdout.hasPrefix("00417  Коваленко Олена Петрівна"))

        let json = try #require(jsonObject(try hub.aiddesk(["find", "Сергей", "ковальчук", "--json"]).stdout))
        let first = try #require((json["results"] as? [[String: Any]])?.first)
        #expect(first["household"] as? String == "00418")
        #expect(first["person"] as? String == "Ковальчук Сергій Іванович")
        #expect((first["score"] as? Double).map { $0 > 0 && $0 <= 1 } == true)
    }

    @Test func queriesFromStandardInputGiveOneJSONLineEach() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 30)
        let queries = ["тестенко", "0512", "", "00007", "Testenko Olena", "rtcntyrj"]
        let run = try AidDeskBinary.run(["--db", hub.databasePath, "find", "--limit", "3"],
                                        stdin: Data((queries.joined(separator: "\n") + "\n").utf8))
        #expect(run.status == 0)
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == queries.count)
        for (line, query) in zip(lines, queries) {
            let object = try #require(jsonObject(String(line)))
            #expect(object["query"] as? String == query)
            let results = try #require(object["results"] as? [[String: Any]])
            #expect(results.count <= 3)
        }
        let byNumber = try #require(jsonObject(String(lines[3]))?["results"] as? [[String: Any]])
        #expect(byNumber.first?["household"] as? String == "00007")
        let byLayout = try #require(jsonObject(String(lines[5]))?["results"] as? [[String: Any]])
        #expect(byLayout.first?["person"] as? String == "Тестенко Олена Іванівна")
    }
}
