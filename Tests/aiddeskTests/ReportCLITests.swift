import Foundation
import Testing

/// `aiddesk report` and `aiddesk distribution close` with counts, run as the real binary on a demo day.
@Suite("Report and close-out from the command line", .serialized)
struct ReportCLITests {
    /// A scratch hub holding the demo day: the register, last month's distribution (closed) and
    /// today's, open, with the morning's families served.
    func demoHub() throws -> ScratchHub {
        let hub = try ScratchHub()
        let demo = try AidDeskBinary.run(["demo", "--db", hub.databasePath, "--status"])
        #expect(demo.status == 0, "\(demo.stderr)")
        return hub
    }

    func json(_ result: AidDeskBinary.Result) throws -> [String: Any] {
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(jsonObject(result.stdout))
    }

    /// Kit code -> left, for the open distribution, from `status --json`.
    func leftPerKit(_ hub: ScratchHub) throws -> [(kit: String, left: Int)] {
        let status = try json(hub.aiddesk(["status", "--json"]))
        let open = try #require((status["distributions"] as? [[String: Any]])?.first { $0["open"] as? Bool == true })
        let stock = try #require(open["stock"] as? [String: [String: Int]])
        let order = ["hygiene", "winterization", "bedding", "kitchen", "mattress", "blanket", "lamp"]
        return order.compactMap { kit in stock[kit].map { (kit, $0["left"]!) } }
    }

    @Test func theJSONOfADemoDayAddsUp() throws {
        let hub = try demoHub()
        defer { hub.remove() }
        let report = try json(hub.aiddesk(["report", "--format", "json"]))
        let households = try #require(report["households"] as? Int)
        let people = try #require(report["people"] as? Int)
        #expect(households > 20 && people >= households)
        let kits = try #require(report["kits"] as? [String: [String: Int]])
        #expect(Set(kits.keys) == ["hygiene", "winterization", "bedding", "kitchen", "blanket"])
        for (kit, figures) in kits {
            #expect(figures["issued"]! + figures["left"]! == figures["received"]!, "\(kit)")
            #expect(Set(figures.keys) == ["issued", "voided", "received", "left"])
        }
        // The same stock as `status` says.
        for (kit, left) in try leftPerKit(hub) { #expect(kits[kit]?["left"] == left) }
        let bySexAge = try #require(report["people_by_sex_age"] as? [String: [String: Int]])
        for sex in ["F", "M"] {
            for band in ["0-4", "5-17", "18-59", "60+"] { #expect(bySexAge[sex]?[band] != nil, "\(sex) \(band)") }
        }
        #expect(bySexAge.values.reduce(0) { $0 + $1.values.reduce(0, +) } == people)
        let city = try #require(report["city"] as? [String: Int])
        let region = try #require(report["region"] as? [String: Int])
        #expect(city["households"]! + region["households"]! == households)
        #expect(city["people"]! + region["people"]! == people)
        #expect(report["hub_city"] as? String == "Вінниця")
        let perDesk = try #require(report["per_desk"] as? [String: [String: Int]])
        #expect(perDesk.values.reduce(0) { $0 + $1["households"]! } == households)
        let perHour = try #require(report["per_hour"] as? [String: [String: Int]])
        #expect(perHour.values.reduce(0) { $0 + $1["kits"]! } == kits.values.reduce(0) { $0 + $1["issued"]! })
        #expect(report["reconciliation"] is NSNull)
        let distribution = try #require(report["distribution"] as? [String: Any])
        #expect(distribution["id"] as? Int == 2)
        #expect(distribution["open"] as? Bool == true)

        // Arrivals add up, and are what `status` says of the day.
        let arrivals = try #require(report["arrivals"] as? [String: Int])
        #expect(Set(arrivals.keys) == ["registered", "checked_in", "served", "waiting", "not_come"])
        #expect(arrivals["checked_in"]! == arrivals["served"]! + arrivals["waiting"]!)
        #expect(arrivals["registered"]! == arrivals["checked_in"]! + arrivals["not_come"]!)
        #expect(arrivals["served"] == households)
        #expect(arrivals["checked_in"] == report["checked_in"] as? Int)
        let status = try json(hub.aiddesk(["status", "--json"]))
        #expect(arrivals["registered"] == status["households"] as? Int)
        let today = try #require((status["distributions"] as? [[String: Any]])?.first { $0["id"] as? Int == 2 })
        #expect(arrivals["waiting"] == today["households_waiting"] as? Int)
        #expect(arrivals["not_come"] == today["households_not_come"] as? Int)

        // Last month's, by id; and the hub's city named by the coordinator.
        let autumn = try json(hub.aiddesk(["report", "--distribution", "1", "--format", "json", "--hub-city", "Жмеринка"]))
        #expect((autumn["distribution"] as? [String: Any])?["open"] as? Bool == false)
        #expect(autumn["hub_city"] as? String == "Жмеринка")
        #expect((autumn["kits"] as? [String: [String: Int]])?["winterization"]?["issued"] == autumn["households"] as? Int)
        let missing = try hub.aiddesk(["report", "--distribution", "77"])
        #expect(missing.status == 5)
    }

    @Test func arrivalsInEveryFormatAddUp() throws {
        // Six households: 00001 checked in at the door and served, 00002 checked in and
        // waiting, 00003 served without the door (the issue checks it in), 00004-00006 not come.
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 6)
        #expect(try hub.aiddesk(["distribution", "open", "Зимова видача", "--kit", "hygiene=10"]).status == 0)
        #expect(try hub.aiddesk(["checkin", "00001"], desk: "вхід").status == 0)
        #expect(try hub.aiddesk(["checkin", "00002"], desk: "вхід").status == 0)
        #expect(try hub.aiddesk(["issue", "00001", "hygiene"]).status == 0)
        #expect(try hub.aiddesk(["issue", "00003", "hygiene"]).status == 0)

        let report = try json(hub.aiddesk(["report", "--format", "json"]))
        let arrivals = try #require(report["arrivals"] as? [String: Int])
        #expect(arrivals == ["registered": 6, "checked_in": 3, "served": 2, "waiting": 1, "not_come": 3])
        #expect(arrivals["checked_in"]! == arrivals["served"]! + arrivals["waiting"]!)
        #expect(arrivals["registered"]! == arrivals["checked_in"]! + arrivals["not_come"]!)
        #expect(report["households"] as? Int == 2 && report["checked_in"] as? Int == 3)

        let csv = try hub.aiddesk(["report", "--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")
        let rows = csv.stdout.components(separatedBy: "\r\n").filter { $0.hasPrefix("arrivals,") }
        #expect(rows == [
            "arrivals,,registered,6,У реєстрі", "arrivals,,checked_in,3,Прибули",
            "arrivals,,served,2,Прибули — обслуговано", "arrivals,,waiting,1,Прибули — не обслуговано",
            "arrivals,,not_come,3,Ще не прийшли",
        ])

        let text = try hub.aiddesk(["report"])
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map(String.init)
        let heading = try #require(lines.firstIndex { $0.hasPrefix("Прибуття ") })
        let figures = lines[(heading + 1)...(heading + 5)].map { line in
            Int(line.split(separator: " ").last { Int($0) != nil }!)!
        }
        #expect(figures == [6, 3, 2, 1, 3])
        let english = try hub.aiddesk(["report", "--lang", "en"]).stdout
        #expect(english.contains("Arrivals ") && english.contains("Not come yet"))

        // Closed: the register as it is now, said so.
        #expect(try hub.aiddesk(["distribution", "close", "--no-count"]).status == 0)
        let closed = try hub.aiddesk(["report"]).stdout
        #expect(closed.contains("У реєстрі зараз") && closed.contains("Не прийшли"))
        #expect(try json(hub.aiddesk(["report", "--format", "json"]))["arrivals"] as? [String: Int] == arrivals)
    }

    @Test func textFitsATerminalAndCSVOpensInExcel() throws {
        let hub = try demoHub()
        defer { hub.remove() }
        for language in ["uk", "en"] {
            let text = try hub.aiddesk(["report", "--lang", language])
            #expect(text.status == 0, "\(text.stderr)")
            for line in text.stdout.split(separator: "\n") { #expect(line.count <= 80, "\(line)") }
            #expect(text.stdout.contains("█"))
        }
        let uk = try hub.aiddesk(["report"]).stdout
        #expect(uk.contains("Звіт про видачу № 2"))
        #expect(uk.contains("Особи за статтю та віком"))
        let wide = try hub.aiddesk(["report", "--width", "120"]).stdout
        #expect(wide.split(separator: "\n").contains { $0.count > 80 })

        let file = hub.folder.appendingPathComponent("звіт.csv")
        let written = try hub.aiddesk(["report", "--format", "csv", "--out", file.path])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.isEmpty)
        let data = try Data(contentsOf: file)
        #expect(Array(data.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let rows = String(decoding: data.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        #expect(rows.first == "section,item,measure,value,label")
        #expect(rows.contains { $0.hasPrefix("kits,hygiene,issued,") })
        #expect(rows.contains { $0.hasPrefix("people_by_sex_age,F,60+,") })
    }

    @Test func closeWithCountsFromAScript() throws {
        let hub = try demoHub()
        defer { hub.remove() }
        let left = try leftPerKit(hub)
        var arguments = ["distribution", "close"]
        for (kit, n) in left { arguments += ["--count", "\(kit)=\(kit == "hygiene" ? n - 3 : n)"] }

        // A difference without a reason: refused, nothing recorded, still open.
        let refused = try hub.aiddesk(arguments)
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--reason hygiene="))
        #expect(try json(hub.aiddesk(["report", "--format", "json"]))["reconciliation"] is NSNull)
        // Not every kit counted: refused as well.
        let partial = try hub.aiddesk(["distribution", "close", "--count", "hygiene=1"])
        #expect(partial.status == 64)
        let bad = try hub.aiddesk(["distribution", "close", "--count", "hygiene=багато"])
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("КОД=КІЛЬКІСТЬ"))

        let closed = try hub.aiddesk(arguments + ["--reason", "hygiene=три коробки промокли"])
        #expect(closed.status == 0, "\(closed.stderr)")
        #expect(closed.stdout.contains("Закрито видачу № 2"))
        #expect(closed.stderr.contains("розбіжностей: 1"))

        let report = try json(hub.aiddesk(["report", "--format", "json"]))  // none open: the latest
        #expect((report["distribution"] as? [String: Any])?["open"] as? Bool == false)
        let reconciliation = try #require(report["reconciliation"] as? [String: [String: Any]])
        #expect(Set(reconciliation.keys) == Set(left.map(\.kit)))
        #expect(reconciliation["hygiene"]?["difference"] as? Int == -3)
        #expect(reconciliation["hygiene"]?["reason"] as? String == "три коробки промокли")
        #expect(reconciliation["hygiene"]?["counted_by"] as? String == "Тест")
        #expect(reconciliation["bedding"]?["difference"] as? Int == 0)
        let text = try hub.aiddesk(["report"]).stdout
        #expect(text.contains("три коробки промокли"))
        let again = try hub.aiddesk(arguments + ["2"])
        #expect(again.status == 3)  // already closed
        #expect(again.stderr.contains("вже закрито"))
    }

    @Test func closeWithoutCountsOnAPipeSaysNoCountWasRecorded() throws {
        let hub = try demoHub()
        defer { hub.remove() }
        let closed = try hub.aiddesk(["distribution", "close"])
        #expect(closed.status == 0, "\(closed.stderr)")
        #expect(closed.stderr.contains("Підрахунку залишків не записано"))
        let report = try json(hub.aiddesk(["report", "--format", "json"]))
        #expect(report["reconciliation"] is NSNull)
        #expect(try hub.aiddesk(["report"]).stdout.contains("без підрахунку"))
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "util-linux script is not installed"))
    func closeOnATerminalAsksEachCountAndTheReason() throws {
        let hub = try demoHub()
        defer { hub.remove() }
        let left = try leftPerKit(hub)
        // Answers as a coordinator types them: a slip (letters), the counts, one reason, "так".
        var answers = ["сорок"]
        for (kit, n) in left {
            answers.append("\(kit == "bedding" ? n + 2 : n)")
            if kit == "bedding" { answers.append("дві пачки знайшли за дверима") }
        }
        answers.append("так")
        let command = [AidDeskBinary.url.path, "distribution", "close", "--db", hub.databasePath, "--operator", "Тест"]
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        process.environment = AidDeskBinary.cleanEnvironment
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data((answers.joined(separator: "\n") + "\n").utf8))
        let transcript = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(transcript)")
        #expect(transcript.contains("за обліком має бути \(left[0].left)"))
        #expect(transcript.contains("Потрібне ціле число"))
        #expect(transcript.contains("різниця +2"))
        #expect(transcript.contains("Закрито видачу № 2"))

        let report = try json(hub.aiddesk(["report", "--format", "json"]))
        let reconciliation = try #require(report["reconciliation"] as? [String: [String: Any]])
        #expect(reconciliation["bedding"]?["difference"] as? Int == 2)
        #expect(reconciliation["bedding"]?["reason"] as? String == "дві пачки знайшли за дверима")
        #expect(reconciliation["hygiene"]?["difference"] as? Int == 0)
    }
}
