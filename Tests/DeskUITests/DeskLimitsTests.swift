import DeskCore
import Testing

@testable import DeskUI

@Suite("The desk's distribution form: an implausible date refused in words")
struct DeskLimitsTests {
    /// F7, F2, then the name, the date and the hygiene quantity typed in.
    func fillForm(date: String, hygiene: String) throws -> DeskDriver {
        var desk = try DeskDriver()
        desk.press(.function(7))
        desk.press(.function(2))
        desk.type("Весняна видача")
        desk.press(.tab)
        desk.press(.control("u"))
        desk.type(date)
        desk.press(.tab)
        desk.press(.tab)
        desk.type(hygiene)
        desk.press(.function(2))
        return desk
    }

    @Test func aDateAYearOrMoreAwayIsRefused() throws {
        for date in ["01.01.1900", "01.03.2062"] {
            let desk = try fillForm(date: date, hygiene: "300")
            #expect(desk.state.message?.kind == .error, "\(date)")
            #expect(desk.state.message?.text.contains("неправдоподібна") == true, "\(String(describing: desk.state.message))")
            #expect(!desk.backend.calls.contains { $0.hasPrefix("open ") }, "\(date)")
            #expect(desk.state.screen == .newDistribution)
        }
    }
}
