import Foundation

/// The ranges the numbers people type must fall in: beyond them a figure is a slip of the
/// finger (or an attack), never a hub's real stock, and arithmetic on it could overflow.
public enum Limits {
    /// The most of one kit a distribution may receive, and the largest single stock change or
    /// close-out count: far above any hub's shelf.
    public static let maxStock = 1_000_000
    /// `report --width`: narrower cannot hold a line, wider is no terminal or page.
    public static let reportWidth = 40...400
    /// `find --limit`.
    public static let findLimit = 1...1000
    /// The oldest year a birth date may have.
    public static let earliestBirthYear = 1900

    /// True when a distribution dated `date` is plausible on `today`: within a year either side.
    /// A date beyond that is a typo (`1900-01-01`, `2062`), and every age in the report is
    /// reckoned on it.
    public static func isPlausibleDistributionDate(_ date: CivilDate, today: CivilDate) -> Bool {
        let range = distributionDates(today: today)
        return date >= range.earliest && date <= range.latest
    }

    /// The first and last plausible distribution day on `today` (29 February gives way to the 28th).
    public static func distributionDates(today: CivilDate) -> (earliest: CivilDate, latest: CivilDate) {
        let day = min(today.day, 28)
        return (CivilDate(year: today.year - 1, month: today.month, day: day) ?? today,
                CivilDate(year: today.year + 1, month: today.month, day: day) ?? today)
    }
}

// Figures read back from a database may come from an older version or a hand-edited file: sums
// and differences of them saturate instead of trapping, so a report is shown, never a crash.
extension Int {
    public func saturatingAdding(_ other: Int) -> Int {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    public func saturatingSubtracting(_ other: Int) -> Int {
        let (difference, overflow) = subtractingReportingOverflow(other)
        return overflow ? (other < 0 ? .max : .min) : difference
    }
}

extension Sequence where Element == Int {
    /// The sum, saturating at `Int.max` / `Int.min`.
    public func saturatingSum() -> Int { reduce(0) { $0.saturatingAdding($1) } }
}

/// The refusal of an implausible distribution date, in the user's language; nil when plausible.
public func implausibleDistributionDate(_ date: CivilDate, today: CivilDate, strings: Strings) -> String? {
    guard !Limits.isPlausibleDistributionDate(date, today: today) else { return nil }
    let range = Limits.distributionDates(today: today)
    return strings("limits.distributionDate", ["date": date.dotted, "earliest": range.earliest.dotted,
                                                "latest": range.latest.dotted])
}
