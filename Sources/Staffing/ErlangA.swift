#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Erlang A (M/M/N+M, Palm's model): callers give up after an exponential patience. Without
/// it a queue short of agents grows without end on paper, while a real one loses callers and
/// keeps going — so planners who use Erlang C overstaff.
///
/// A caller who finds k others waiting is served with probability Nμ/(Nμ+(k+1)θ), after an
/// expected wait Σ 1/(Nμ+jθ), j = 1…k+1 (the callers ahead leave by service or by giving
/// up); the state probabilities are those of the birth–death chain. The service level needs
/// the distribution of the wait, whose closed form (Baccelli & Hebuterne; Mandelbaum & Zeltyn)
/// is an incomplete gamma function.
enum ErlangA {
    static func performance(_ traffic: Traffic, agents: Int, thresholdSeconds t: Double) -> Performance {
        let lambda = traffic.callsPerSecond
        let mu = 1 / traffic.handleSeconds
        let theta = 1 / traffic.patienceSeconds!
        let load = lambda / mu
        guard agents > 0 else {
            // Nobody answers: everyone waits, and gives up.
            let abandonedWithin = 1 - exp(-theta * t)
            return Performance(agents: 0, serviceLevel: .init(ignored: 0, countedAgainst: 0, countedFor: abandonedWithin),
                               probabilityOfWaiting: 1, asaSeconds: nil, occupancy: 0, abandonment: 1)
        }
        let n = Double(agents)
        let serving = n * mu

        // The waiting states: weights w_k = Π_{j≤k} λ/(Nμ+jθ), kept as plain products and
        // rescaled (with the scale in `logScale`) before they could overflow; summed until they
        // fall 1e-20 below the largest, past the peak.
        var weight = 1.0, largest = 1.0, logScale = 0.0
        var sum = 0.0, abandoning = 0.0, served = 0.0, servedWait = 0.0
        var expectedWait = 0.0
        var k = 0
        while k < 20_000_000 {
            let leaving = serving + Double(k + 1) * theta
            expectedWait += 1 / leaving
            let servedShare = serving / leaving
            sum += weight
            abandoning += weight * (1 - servedShare)
            served += weight * servedShare
            servedWait += weight * servedShare * expectedWait
            let ratio = lambda / leaving
            if ratio < 1, weight < largest * 1e-20 { break }
            weight *= ratio
            largest = max(largest, weight)
            if weight > 1e250 {
                let down = 1e-250
                weight *= down; largest *= down; sum *= down; abandoning *= down; served *= down; servedWait *= down
                logScale += 250 * log(10.0)
            }
            k += 1
        }
        let logB = log(Erlang.b(agents: agents - 1, load: load))
        // λJ of the wait density: the waiting states' mass relative to p_{N−1}.
        let logLambdaJ = log(load / n) + logScale + log(sum)
        let logRatio = logB + logLambdaJ
        let waiting = 1 / (1 + exp(-logRatio))
        let abandonment = waiting * abandoning / sum
        let answered = 1 - abandonment
        let asa = answered > 0 ? waiting * (servedWait / sum) / answered : nil

        // Within T: r = J_T / J from the incomplete gamma with s = Nμ/θ, x₀ = λ/θ.
        let s = serving / theta
        let x0 = lambda / theta
        let decay = exp(-theta * t)
        let logWhole = IncompleteGamma.logLower(s, x0)
        let r = -expm1(IncompleteGamma.logLower(s, x0 * decay) - logWhole)
        let logF = x0 * (1 - decay) - serving * t
        let term = exp(logF - logLambdaJ) - exp(-logLambdaJ) + serving / lambda * r
        let answeredWithin = min(1, max(0, (1 - waiting) + waiting * term))
        let waitingPast = waiting * (1 - r) * decay
        let abandonedWithin = max(0, 1 - waitingPast - answeredWithin)
        let serviceLevel = ServiceLevels(
            ignored: abandonedWithin < 1 ? answeredWithin / (1 - abandonedWithin) : 0,
            countedAgainst: answeredWithin,
            countedFor: min(1, 1 - waitingPast))
        return Performance(agents: agents, serviceLevel: serviceLevel, probabilityOfWaiting: waiting, asaSeconds: asa,
                           occupancy: min(1, load * answered / n), abandonment: abandonment)
    }

    /// λJ by the incomplete gamma, for the tests: it must equal the birth–death sum above.
    static func logLambdaJ(_ traffic: Traffic, agents: Int) -> Double {
        let theta = 1 / traffic.patienceSeconds!
        let s = Double(agents) / traffic.handleSeconds / theta
        let x0 = traffic.callsPerSecond / theta
        return log(x0) + x0 - s * log(x0) + IncompleteGamma.logLower(s, x0)
    }
}
