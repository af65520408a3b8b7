import DeskCore
import Testing

@Suite("Limits: plausible dates, bars and sums that never trap")
struct LimitsTests {
    let today = CivilDate(year: 2026, month: 11, day: 25)!

    @Test func aDistributionDateIsWithinAYearOfToday() {
        for (text, plausible) in [("2026-11-25", true), ("2025-11-25", true), ("2027-11-25", true), ("2025-11-24", false),
                                  ("2027-11-26", false), ("1900-01-01", false), ("2062-01-01", false)] {
            #expect(Limits.isPlausibleDistributionDate(CivilDate(parsing: text)!, today: today) == plausible, "\(text)")
        }
        // 29 February: a year later has none, and the window still holds.
        let leap = CivilDate(year: 2028, month: 2, day: 29)!
        #expect(Limits.isPlausibleDistributionDate(leap, today: leap))
        #expect(Limits.isPlausibleDistributionDate(CivilDate(year: 2027, month: 3, day: 1)!, today: leap))
    }

    @Test func barsOfHugeFiguresAreDrawnNotTrapped() {
        #expect(BarChart.bar(Int.max, of: Int.max, width: 400).count == 400)
        #expect(BarChart.bar(Int.max / 2, of: Int.max, width: 80).count == 40)
        #expect(BarChart.bar(1, of: Int.max, width: 80) == "▏")
        #expect(BarChart.share(5, of: Int.max, width: Int.max).count == 1 << 14)
        #expect(BarChart.bar(3, of: 8, width: 8) == "███")
    }

    @Test func sumsAndDifferencesSaturate() {
        #expect([Int.max, 1, 2].saturatingSum() == Int.max)
        #expect([Int.min, -1].saturatingSum() == Int.min)
        #expect([1, 2, 3].saturatingSum() == 6)
        #expect(Int.min.saturatingSubtracting(1) == Int.min)
        #expect(Int.max.saturatingSubtracting(-1) == Int.max)
        #expect(5.saturatingSubtracting(7) == -2)
    }
}
