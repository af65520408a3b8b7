import DeskCore
import Foundation
import Testing

/// Finds a program on PATH (or in /usr/bin): the real parts the printing test needs.
enum RealParts {
    static func path(_ name: String) -> String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/bin"]
        return folders.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let chromium = path("chromium") ?? path("chromium-browser")
    static let pdftoppm = path("pdftoppm")
    static let zbarimg = path("zbarimg")
    static var available: Bool { chromium != nil && pdftoppm != nil && zbarimg != nil }

    /// Runs a program to its end; its standard output.
    @discardableResult
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }
}

@Suite("aiddesk cards")
struct CardsCLITests {
    @Test func cardsArePrintedRecordedReplacedAndFoundByTheirCode() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 12)
        let out = hub.folder.appendingPathComponent("cards.html").path
        let printed = try hub.aiddesk(["cards", "--out", out, "--hub", "Хаб Бахмут у Вінниці"])
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stderr.contains("Записано карток: 12 (2 стор. A4)"), "\(printed.stderr)")
        let html = try String(contentsOfFile: out, encoding: .utf8)
        let code = CardCode(holder: .number("7"), version: 1)
        #expect(html.contains(code.grouped) && html.contains("Хаб Бахмут у Вінниці") && html.contains("Тестенко Олена"))
        // Printed: nothing left without a card; one more household later gets its own.
        #expect(try hub.aiddesk(["cards", "--not-printed"]).stderr.contains("Немає карток для друку"))

        // The code finds its family, as the desk's scan does.
        let found = try hub.aiddesk(["find", code.digits])
        #expect(found.status == 0 && found.stdout.hasPrefix("00007  Тестенко Олена Іванівна  1.00  (картка)"), "\(found.stdout)")
        var wrong = Array(code.digits)
        wrong[3] = wrong[3] == "0" ? "1" : "0"
        let misread = try hub.aiddesk(["find", String(wrong)])
        #expect(misread.status == 64 && misread.stderr.contains("контрольна цифра не сходиться"), "\(misread.stderr)")

        // Many at once, a line each: a code's family, or why not, in the line's JSON.
        let lines = try AidDeskBinary.run(["find", "--db", hub.databasePath],
                                          stdin: Data((code.digits + "\n" + String(wrong) + "\nТестенко\n").utf8))
        let answers = lines.stdout.split(separator: "\n").compactMap { jsonObject(String($0)) }
        #expect(answers.count == 3, "\(lines.stdout) \(lines.stderr)")
        let first = answers.first?["results"] as? [[String: Any]]
        #expect(first?.map { $0["household"] as? String } == ["00007"] && first?.first?["match"] as? String == "card")
        #expect((answers.dropFirst().first?["error"] as? String)?.contains("контрольна цифра") == true)
        #expect((answers.last?["results"] as? [[String: Any]])?.isEmpty == false)

        // Lost: a new card; the old code says when it was replaced.
        let reissued = try hub.aiddesk(["cards", "reissue", "7", "--reason", "загубили", "--out",
                                        hub.folder.appendingPathComponent("new.html").path])
        #expect(reissued.status == 0, "\(reissued.stderr)")
        let second = CardCode(holder: .number("7"), version: 2)
        #expect(reissued.stderr.contains(second.grouped))
        let old = try hub.aiddesk(["find", code.digits])
        #expect(old.status == 5 && old.stderr.contains("Ця картка сім'ї 00007 замінена"), "\(old.stderr)")
        #expect(try hub.aiddesk(["find", second.digits]).stdout.hasPrefix("00007  "))
        let audit = try hub.aiddesk(["audit", "--action", "cards"])
        #expect(audit.stdout.contains("cards.print") && audit.stdout.contains("cards.reissue"), "\(audit.stdout)")

        // No names: nothing of the head's name on the page.
        let unnamed = try hub.aiddesk(["cards", "--household", "00003", "--no-names"])
        #expect(unnamed.status == 0 && !unnamed.stdout.contains("Тестенко") && unnamed.stdout.contains("№ 00003"))
    }

    /// The page as a printer gets it: printed to PDF by a real headless browser, each page
    /// rasterised at 300 dpi, and every barcode decoded by a real decoder back to its code.
    @Test(.enabled(if: RealParts.available, "chromium, pdftoppm (poppler-utils) or zbarimg (zbar-tools) is not installed: skipped"))
    func everyBarcodeOnThePrintedPageDecodesToItsCode() throws {
        let hub = try ScratchHub()
        defer { hub.remove() }
        try hub.seed(households: 14)
        let html = hub.folder.appendingPathComponent("cards.html")
        let printed = try hub.aiddesk(["cards", "--out", html.path, "--hub", "Тестовий хаб"])
        #expect(printed.status == 0, "\(printed.stderr)")
        let pdf = hub.folder.appendingPathComponent("cards.pdf")
        let browser = try RealParts.run(RealParts.chromium!, [
            "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer", "--user-data-dir=" + hub.folder.appendingPathComponent("chromium").path,
            "--print-to-pdf=" + pdf.path, html.absoluteString,
        ])
        #expect(FileManager.default.fileExists(atPath: pdf.path), "chromium: \(browser.stderr)")
        let prefix = hub.folder.appendingPathComponent("page").path
        let raster = try RealParts.run(RealParts.pdftoppm!, ["-r", "300", "-gray", "-png", pdf.path, prefix])
        #expect(raster.status == 0, "\(raster.stderr)")
        let pages = try FileManager.default.contentsOfDirectory(atPath: hub.folder.path).filter { $0.hasPrefix("page") }.sorted()
        #expect(pages.count == 2, "\(pages)")
        var decoded: [String] = []
        for page in pages {
            let result = try RealParts.run(RealParts.zbarimg!, ["--raw", "-q", "-Sdisable", "-Scode128.enable",
                                                                hub.folder.appendingPathComponent(page).path])
            decoded += result.stdout.split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) }
        }
        let expected = (1...14).map { CardCode(holder: .number(String($0)), version: 1).digits }
        #expect(decoded.sorted() == expected.sorted())
    }
}
