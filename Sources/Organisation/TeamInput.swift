import SwitchboardCore

/// The body of `POST /teams` and `PATCH /teams/{id}`.
public struct TeamInput: Codable, Sendable, Equatable {
    public var name: String?
    public var leaderId: Patch<Int64>

    public init(name: String? = nil, leaderId: Patch<Int64> = .absent) {
        self.name = name
        self.leaderId = leaderId
    }

    enum CodingKeys: String, CodingKey { case name, leaderId }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name)
        leaderId = try container.decodePatch(Int64.self, forKey: .leaderId)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(name, forKey: .name)
        switch leaderId {
        case .absent: break
        case .null: try container.encodeNil(forKey: .leaderId)
        case .value(let id): try container.encode(id, forKey: .leaderId)
        }
    }
}
