/// Mistakes in a request to the engine other than an issuing refusal: the engine says
/// what was wrong and changes nothing.
public enum EngineError: Error, Sendable, Hashable {
    case unknownIssuance(Int64)
    case alreadyVoided(Int64)
    case reasonRequired
    case nameRequired
    case noKitsGiven
    case badQuantity(kit: String, quantity: Int)
    case distributionAlreadyClosed(name: String)
    /// Opening a distribution while another is open: the desks serve one at a time.
    case distributionStillOpen(id: Int64, name: String)
    /// A quantity received, or a change to it, beyond `Limits.maxStock` (or a total beyond it).
    case quantityTooLarge(kit: String, quantity: Int)
}

extension Strings {
    public func explain(_ error: EngineError) -> String {
        switch error {
        case .unknownIssuance(let id): return self("error.unknownIssuance", ["id": String(id)])
        case .alreadyVoided(let id): return self("error.alreadyVoided", ["id": String(id)])
        case .reasonRequired: return self("error.reasonRequired")
        case .nameRequired: return self("error.nameRequired")
        case .noKitsGiven: return self("error.noKitsGiven")
        case .badQuantity(let kit, let quantity):
            return self("error.badQuantity", ["kit": kit, "quantity": String(quantity)])
        case .distributionStillOpen(let id, let name):
            return self("error.distributionStillOpen", ["id": String(id), "name": name])
        case .distributionAlreadyClosed(let name):
            return self("error.distributionAlreadyClosed", ["distribution": name])
        case .quantityTooLarge(let kit, let quantity):
            return self("limits.quantityTooLarge", ["kit": kit, "quantity": String(quantity), "limit": String(Limits.maxStock)])
        }
    }
}
