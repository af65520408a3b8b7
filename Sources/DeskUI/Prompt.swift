import DeskCore
import Foundation

/// A one-line question over the current screen: a reason, a proxy's name, a confirmation.
public struct Prompt: Sendable, Hashable {
    public enum Purpose: Sendable, Hashable {
        case proxyName
        case voidReason(issuance: Int64)
        case stockChange(kit: String)
        case stockReason(kit: String, delta: Int)
        case confirmClose(distribution: Int64)
        case confirmCloseOut(distribution: Int64)
        /// Checking in: which document was shown (1, 2, 3 or a name typed).
        case checkInDocument(household: String)
        /// Checking in with another document: its name.
        case checkInOtherDocument(household: String)
        /// A coordinator ticks a kit the plan does not give this family: why.
        case overrideReason(kit: String)
    }
    public var purpose: Purpose
    public var field: TextField
}

extension DeskState {
    mutating func handlePrompt(_ key: Key, _ command: Command?) -> [DeskEffect] {
        guard var current = prompt else { return [] }
        switch command {
        case .document(let document) where current.field.isEmpty:
            // One key for the usual documents.
            guard case .checkInDocument(let household) = current.purpose else { return [] }
            if let document { return checkIn(household, document: document) }
            prompt = Prompt(purpose: .checkInOtherDocument(household: household), field: TextField(maxLength: 80))
            message = nil
            return []
        case .back:
            prompt = nil
            message = nil
            return []
        case .countInstead:
            // From "close without counting?" straight to counting.
            if case .confirmClose(let id) = current.purpose, let chosen = distributionList.first(where: { $0.id == id }) {
                return startCloseOut(chosen)
            }
            return []
        case .confirm:
            return submitPrompt(current)
        default:
            _ = current.field.handle(key)
            prompt = current
            return []
        }
    }

    private mutating func submitPrompt(_ current: Prompt) -> [DeskEffect] {
        let text = current.field.text.trimmingSpaces()
        switch current.purpose {
        case .proxyName:
            guard !text.isEmpty else {
                show(.engine(.nameRequired))
                return []
            }
            prompt = nil
            setProxy(text)
            return []
        case .voidReason(let id):
            guard !text.isEmpty else {
                show(.engine(.reasonRequired))
                return []
            }
            prompt = nil
            return [.void(issuance: id, reason: text)]
        case .stockChange(let kit):
            guard let delta = Int(text.replacingOccurrences(of: "+", with: "")), delta != 0 else {
                show(.error, strings("desk.stockChangeFormat"))
                return []
            }
            prompt = Prompt(purpose: .stockReason(kit: kit, delta: delta), field: TextField(maxLength: 200))
            message = nil
            return []
        case .stockReason(let kit, let delta):
            guard !text.isEmpty else {
                show(.engine(.reasonRequired))
                return []
            }
            prompt = nil
            return [.adjustStock(kit: kit, delta: delta, reason: text)]
        case .confirmClose(let id):
            prompt = nil
            return [.closeDistribution(id: id)]
        case .confirmCloseOut(let id):
            prompt = nil
            return [.closeOut(distribution: id, counts: closeOut?.counts ?? [])]
        case .checkInDocument(let household), .checkInOtherDocument(let household):
            guard let document = CheckInDocument(typed: text) else {
                show(.error, strings("arrivals.chooseDocument"))
                return []
            }
            return checkIn(household, document: document)
        case .overrideReason(let kit):
            guard !text.isEmpty else {
                show(.engine(.reasonRequired))
                return []
            }
            prompt = nil
            tickOffPlan(kit, reason: text)
            return []
        }
    }

    // MARK: Drawing

    func promptLabelKey(_ purpose: Prompt.Purpose) -> String {
        switch purpose {
        case .proxyName: return "prompt.proxyName"
        case .voidReason: return "prompt.voidReason"
        case .stockChange: return "prompt.stockChange"
        case .stockReason: return "prompt.stockReason"
        case .confirmClose: return "closeout.desk.confirmUncounted"
        case .confirmCloseOut: return "closeout.desk.confirm"
        case .checkInDocument: return "arrivals.prompt.document"
        case .checkInOtherDocument: return "arrivals.prompt.otherDocument"
        case .overrideReason: return "plan.desk.overridePrompt"
        }
    }

    func promptValues(_ purpose: Prompt.Purpose) -> [String: String] {
        switch purpose {
        case .voidReason(let id): return ["id": "\(id)"]
        case .stockChange(let kit): return ["kit": kitName(kit)]
        case .stockReason(let kit, let delta): return ["kit": kitName(kit), "delta": delta > 0 ? "+\(delta)" : "\(delta)"]
        case .confirmClose(let id), .confirmCloseOut(let id):
            return ["name": distributionList.first { $0.id == id }?.name ?? closeOut?.sheet.name ?? "\(id)"]
        case .checkInDocument(let household), .checkInOtherDocument(let household): return ["household": household]
        case .overrideReason(let kit): return ["kit": kitName(kit)]
        case .proxyName: return [:]
        }
    }
}
