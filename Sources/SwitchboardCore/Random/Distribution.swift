#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A distribution of durations in seconds: handle times and callers' patience.
///
/// JSON: `{"distribution": "exponential", "meanSeconds": 300}`,
/// `{"distribution": "lognormal", "meanSeconds": 300, "sdSeconds": 150}`,
/// `{"distribution": "empirical", "seconds": [120, 95, 410]}` (drawn with equal weight),
/// `{"distribution": "fixed", "seconds": 60}`; patience may also be `{"distribution": "never"}`.
public enum Distribution: Sendable, Equatable {
    case exponential(mean: Double)
    case lognormal(mean: Double, sd: Double)
    case empirical([Double])
    case fixed(Double)
    case never

    /// A draw, in seconds (`.infinity` for `never`).
    @inlinable @inline(__always)
    public func sample(_ random: inout SeededGenerator) -> Double {
        sample(&random, Exponential.tables)
    }

    /// `sample(_:)` with the exponential tables at hand (a simulation draws millions).
    @inlinable @inline(__always)
    public func sample(_ random: inout SeededGenerator, _ tables: borrowing Exponential.Tables) -> Double {
        switch self {
        case .exponential(let mean):
            return mean * Exponential.draw(&random, tables)
        case .lognormal(let mean, let sd):
            // Parameters of the underlying normal from the mean and standard deviation asked for.
            let sigma2 = log(1 + (sd * sd) / (mean * mean))
            let mu = log(mean) - sigma2 / 2
            // A very wide spread can draw past any sensible time: capped at the longest.
            return min(Self.longest, exp(mu + sqrt(sigma2) * normal(&random)))
        case .empirical(let values):
            return values[Int(random.next() % UInt64(values.count))]
        case .fixed(let value):
            return value
        case .never:
            return .infinity
        }
    }

    public var mean: Double {
        switch self {
        case .exponential(let mean), .lognormal(let mean, _): mean
        case .empirical(let values): values.reduce(0, +) / Double(values.count)
        case .fixed(let value): value
        case .never: .infinity
        }
    }

    /// Uniform in (0, 1]: never 0, so its logarithm is finite.
    @inlinable @inline(__always)
    public static func unit(_ random: inout SeededGenerator) -> Double {
        Double((random.next() >> 11) + 1) * 0x1.0p-53
    }

    @usableFromInline
    func normal(_ random: inout SeededGenerator) -> Double {
        // Box–Muller; one of the pair is enough here.
        sqrt(-2 * log(Self.unit(&random))) * cos(2 * Double.pi * Self.unit(&random))
    }

    /// The longest duration a scenario may name: about four months.
    public static let longest = 10_000_000.0

    public func validated(_ field: String, allowNever: Bool) throws(SwitchboardError) -> Distribution {
        let range = "between 0 and 10,000,000 seconds"
        switch self {
        case .exponential(let mean):
            guard mean.isFinite, mean > 0, mean <= Self.longest else { throw .invalid("\(field).meanSeconds", "The mean must be longer than zero and at most 10,000,000 seconds.") }
        case .lognormal(let mean, let sd):
            guard mean.isFinite, mean > 0, mean <= Self.longest else { throw .invalid("\(field).meanSeconds", "The mean must be longer than zero and at most 10,000,000 seconds.") }
            guard sd.isFinite, sd > 0, sd <= Self.longest else { throw .invalid("\(field).sdSeconds", "The standard deviation must be larger than zero and at most 10,000,000 seconds.") }
        case .empirical(let values):
            guard !values.isEmpty, values.count <= 10_000_000 else { throw .invalid("\(field).seconds", "An empirical distribution needs between 1 and 10,000,000 values.") }
            guard values.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= Self.longest }) else { throw .invalid("\(field).seconds", "Every value must be \(range).") }
        case .fixed(let value):
            guard value.isFinite, value >= 0, value <= Self.longest else { throw .invalid("\(field).seconds", "The duration must be \(range).") }
        case .never:
            guard allowNever else { throw .invalid("\(field).distribution", "'never' is only for patience.") }
        }
        return self
    }
}

extension Distribution: Codable {
    enum CodingKeys: String, CodingKey { case distribution, meanSeconds, sdSeconds, seconds }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let kind = try container.decode(String.self, forKey: .distribution)
        switch kind {
        case "exponential": self = .exponential(mean: try container.decode(Double.self, forKey: .meanSeconds))
        case "lognormal":
            self = .lognormal(mean: try container.decode(Double.self, forKey: .meanSeconds), sd: try container.decode(Double.self, forKey: .sdSeconds))
        case "empirical": self = .empirical(try container.decode([Double].self, forKey: .seconds))
        case "fixed": self = .fixed(try container.decode(Double.self, forKey: .seconds))
        case "never": self = .never
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .distribution, in: container, debugDescription: "'\(kind)' is not a distribution: exponential, lognormal, empirical, fixed or never.")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .exponential(let mean):
            try container.encode("exponential", forKey: .distribution)
            try container.encode(mean, forKey: .meanSeconds)
        case .lognormal(let mean, let sd):
            try container.encode("lognormal", forKey: .distribution)
            try container.encode(mean, forKey: .meanSeconds)
            try container.encode(sd, forKey: .sdSeconds)
        case .empirical(let values):
            try container.encode("empirical", forKey: .distribution)
            try container.encode(values, forKey: .seconds)
        case .fixed(let value):
            try container.encode("fixed", forKey: .distribution)
            try container.encode(value, forKey: .seconds)
        case .never:
            try container.encode("never", forKey: .distribution)
        }
    }
}
