import Foundation
import Testing

@testable import aiddesk

/// How long a desk may stay idle, as a coordinator would type it.
@Suite("--lock-after and $AIDDESK_LOCK_AFTER")
struct LockOptionTests {
    @Test(arguments: [
        ("5", 300.0), ("2.5", 150), ("2,5", 150), ("90s", 90), ("90 с", 90), ("10m", 600), ("10 хв", 600),
        ("1h", 3600), ("1 год", 3600), ("0", 0), ("off", 0), ("ніколи", 0),
    ])
    func spellingsOfAnIdleTime(text: String, seconds: Double) {
        #expect(IdleTime(argument: text)?.seconds == seconds)
    }

    @Test(arguments: ["", "abc", "-5", "5x", "25h", "nan", "inf"])
    func whatIsNotAnIdleTime(text: String) {
        #expect(IdleTime(argument: text) == nil)
    }

    @Test func theOptionWinsOverTheEnvironmentAndZeroMeansNever() throws {
        let strings = uk
        var options = try ScreenOptions.parse([])
        #expect(try options.idleLimit(environment: [:], strings: strings) == ScreenOptions.defaultLockAfter)
        #expect(try options.idleLimit(environment: ["AIDDESK_LOCK_AFTER": "90s"], strings: strings) == 90)
        #expect(try options.idleLimit(environment: ["AIDDESK_LOCK_AFTER": "0"], strings: strings) == nil)
        #expect(throws: CommandFailure.self) { try options.idleLimit(environment: ["AIDDESK_LOCK_AFTER": "soon"], strings: strings) }
        options = try ScreenOptions.parse(["--lock-after", "2"])
        #expect(try options.idleLimit(environment: ["AIDDESK_LOCK_AFTER": "90s"], strings: strings) == 120)
    }
}
