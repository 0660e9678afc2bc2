#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The lower incomplete gamma function in log space, γ(s, x) = ∫₀ˣ t^(s−1) e^(−t) dt, for the
/// Erlang A integrals. Erlang A at thousands of agents needs s and x in the tens of thousands,
/// where γ itself overflows a Double by far; its logarithm does not.
enum IncompleteGamma {
    /// log Γ(s) for s > 0.
    static func logGamma(_ s: Double) -> Double { lgamma(s) }

    /// log γ(s, x) for s > 0, x ≥ 0 (−∞ at x = 0).
    static func logLower(_ s: Double, _ x: Double) -> Double {
        precondition(s > 0, "s must be positive")
        guard x > 0 else { return -.infinity }
        if x < s + 1 {
            // Series γ(s,x) = x^s e^(−x) Σ x^k / (s (s+1) … (s+k)); terms fall once k > x − s.
            var term = 1 / s
            var sum = term
            var k = 1.0
            while k < 100_000 {
                term *= x / (s + k)
                sum += term
                if term < sum * 1e-17 { break }
                k += 1
            }
            return s * log(x) - x + log(sum)
        }
        // Γ(s,x) by its continued fraction (modified Lentz), then γ = Γ(s) − Γ(s,x).
        let tiny = 1e-300
        var b = x + 1 - s
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        var i = 1.0
        while i < 100_000 {
            let an = -i * (i - s)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) < 1e-16 { break }
            i += 1
        }
        let logUpper = s * log(x) - x + log(h)
        let logGammaS = logGamma(s)
        // γ = Γ(s)(1 − Q) with Q = Γ(s,x)/Γ(s) ≤ about one half here: no cancellation.
        return logGammaS + log1p(-exp(logUpper - logGammaS))
    }
}
