import DeskCore
import Testing

/// The household card's code: a slip of the finger or a misread never opens another family.
@Suite("Card codes")
struct CardCodeTests {
    /// Codes over the whole range: household numbers from 0 to 999,999, ids, every version.
    static let sample: [CardCode] = {
        var codes: [CardCode] = []
        var x: UInt64 = 2026
        for i in 0..<400 {
            x = x &* 6364136223846793005 &+ 1442695040888963407
            let body = Int((x >> 33) % 1_000_000)
            let version = i < 99 ? i + 1 : Int((x >> 20) % 99) + 1
            codes.append(CardCode(holder: i % 3 == 0 ? .id(Int64(max(1, body))) : .number(String(body)), version: version))
        }
        return codes + [CardCode(holder: .number("417"), version: 1), CardCode(holder: .number("999999"), version: 99),
                        CardCode(holder: .id(1), version: 1)]
    }()

    @Test func aCodeReadsBackAsItself() {
        for code in Self.sample {
            #expect(code.digits.count == CardCode.length)
            #expect(CardCode.read(code.digits) == .code(code), "\(code.digits)")
            // As copied from the printed line: groups, spaces around.
            #expect(CardCode.read("  " + code.grouped + " ") == .code(code), "\(code.grouped)")
        }
        #expect(CardCode(holder: .number("417"), version: 1).digits.hasPrefix("900041701"))
        #expect(CardCode(holder: .id(12345), version: 2).digits.hasPrefix("801234502"))
    }

    @Test func everySingleDigitErrorIsCaught() {
        var tried = 0
        for code in Self.sample {
            let digits = Array(code.digits)
            for position in digits.indices {
                for replacement in "0123456789" where replacement != digits[position] {
                    var wrong = digits
                    wrong[position] = replacement
                    let reading = CardCode.read(String(wrong))
                    tried += 1
                    if case .code(let other) = reading { Issue.record("\(String(wrong)) read as \(other) for \(code.digits)") }
                }
            }
        }
        #expect(tried == Self.sample.count * 10 * 9)
    }

    @Test func everySwapOfNeighbouringDigitsIsCaught() {
        var tried = 0
        for code in Self.sample {
            let digits = Array(code.digits)
            for position in digits.indices.dropLast() where digits[position] != digits[position + 1] {
                var swapped = digits
                swapped.swapAt(position, position + 1)
                tried += 1
                if case .code(let other) = CardCode.read(String(swapped)) {
                    Issue.record("\(String(swapped)) read as \(other) for \(code.digits)")
                }
            }
        }
        #expect(tried > Self.sample.count * 5)
    }

    @Test func aWrongCheckDigitIsSaidAsSuchAndWhatIsNoCodeIsLeftToTheSearch() {
        let good = CardCode(holder: .number("417"), version: 1).digits
        let last = good.last!.wholeNumberValue!
        #expect(CardCode.read(String(good.dropLast()) + String((last + 1) % 10)) == .wrongCheckDigit)
        for text in ["0501234567", "+380501234567", "00417", "417", "Коваленко", "900041701", "90004170123", "0512-0000000417",
                     "", "9000 4170 1x", "-900041701" + String(last)] {
            #expect(CardCode.read(text) == .notACode, "\(text)")
        }
    }

    @Test func theHolderIsTheHouseholdNumberWhenItFitsElseItsId() {
        #expect(CardCode.holder(number: "00417", id: 9) == .number("417"))
        #expect(CardCode.holder(number: "999999", id: 9) == .number("999999"))
        #expect(CardCode.holder(number: "1234567", id: 9) == .id(9))
        #expect(CardCode.holder(number: "А-17", id: 17) == .id(17))
        #expect(CardCode.holder(number: "А-17", id: 1_000_000) == nil)
    }

    @Test func code128SymbolsAndPatterns() throws {
        // Code set C of "1234": start C, 12, 34, the check symbol (105 + 1×12 + 2×34) mod 103 = 82, stop.
        let modules = try #require(Code128.modules("1234"))
        #expect(modules.count == 11 * 4 + 13)
        #expect(Code128.modules("123") == nil && Code128.modules("12a4") == nil)
        let svg = try #require(Code128.svg(CardCode(holder: .number("417"), version: 1).digits))
        #expect(svg.hasPrefix("<svg") && svg.contains("viewBox=\"0 0 110 1\""))
    }
}
