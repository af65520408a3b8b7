/// A calendar day with no time and no time zone: a birth date, a distribution date.
///
/// Kept apart from `Foundation.Date` so that a birth date never shifts by a day
/// when the laptop's time zone changes.
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Returns nil unless the three numbers name a real day of the Gregorian calendar.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CivilDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `dd.mm.yyyy` (as Ukrainian forms and Excel write it) or ISO `yyyy-mm-dd`.
    /// Single-digit days and months (`1.3.1957`) are accepted; two-digit years are not,
    /// because `01.03.57` could be 1957 or 2057 for a register that holds both.
    public init?(parsing text: String) {
        let trimmed = text.trimmingSpaces()
        if trimmed.contains("-") {
            let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
            guard parts.count == 3, parts[0].count == 4,
                let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
                (1...2).contains(parts[1].count), (1...2).contains(parts[2].count)
            else { return nil }
            self.init(year: y, month: m, day: d)
        } else {
            let parts = trimmed.split(
                omittingEmptySubsequences: false, whereSeparator: { $0 == "." || $0 == "/" })
            guard parts.count == 3, parts[2].count == 4,
                let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]),
                (1...2).contains(parts[0].count), (1...2).contains(parts[1].count)
            else { return nil }
            self.init(year: y, month: m, day: d)
        }
    }

    /// The day `dayNumber` days after 1970-01-01 (negative before it).
    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// Days since 1970-01-01: differences of these are exact day counts.
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// Whole years of age on `date`, as a person counts their birthdays.
    public func age(on date: CivilDate) -> Int {
        var years = date.year - year
        if (date.month, date.day) < (month, day) { years -= 1 }
        return years
    }

    /// `2026-11-25`: the form stored in the database and printed in JSON.
    public var iso: String {
        "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// `25.11.2026`: the form Ukrainian volunteers read and write.
    public var dotted: String {
        "\(pad(day, 2)).\(pad(month, 2)).\(pad(year, 4))"
    }

    public var description: String { iso }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CivilDate(parsing: text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

private func pad(_ n: Int, _ width: Int) -> String {
    let s = String(n)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

extension StringProtocol {
    /// Trims spaces, tabs, newlines and the no-break spaces Excel likes to leave in cells.
    public func trimmingSpaces() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace || $0 == "\u{FEFF}" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
