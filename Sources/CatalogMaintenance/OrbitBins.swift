import Foundation
import Astrodynamics

/// Orbits binned by mean motion and inclination, so that a search for orbits near a given one
/// visits only its neighbourhood instead of every orbit.
///
/// Bins are `meanMotionStep` wide in log mean motion (a relative step) and `inclinationStepRad`
/// wide in inclination; ``candidates(near:)`` returns every member of the 3 × 3 bins around the
/// query, a superset of the members within one step in both. The UCT association screen
/// (mean motion within 3 %, inclination within 2°) uses bins of exactly those widths.
struct OrbitBins: Sendable {
    struct Key: Hashable, Sendable { var meanMotion: Int; var inclination: Int }

    let meanMotionStep: Double
    let inclinationStepRad: Double
    private var members: [Key: [Int]] = [:]
    private var keyOf: [Int: Key] = [:]

    /// Bins for the UCT screen of ``UncorrelatedTrackProcessor/roughlyCoplanar(_:_:)`` (mean
    /// motion within 3 %, inclination within 2°), a little wider than it.
    static func coplanarScreen() -> OrbitBins { OrbitBins(meanMotionStep: 0.035, inclinationStepRad: 2.5 * .pi / 180) }

    init(meanMotionStep: Double, inclinationStepRad: Double) {
        self.meanMotionStep = meanMotionStep
        self.inclinationStepRad = inclinationStepRad
    }

    func key(_ e: MeanElements) -> Key {
        let n = max(e.meanMotionRadPerMin, 1e-9)
        return Key(meanMotion: Int((log(n) / log1p(meanMotionStep)).rounded(.down)),
                   inclination: Int((e.inclinationRad / inclinationStepRad).rounded(.down)))
    }

    /// Puts `id` in the bin of `elements`, moving it if it was elsewhere.
    mutating func set(_ id: Int, _ elements: MeanElements) {
        let k = key(elements)
        if let old = keyOf[id] {
            if old == k { return }
            members[old]?.removeAll { $0 == id }
        }
        members[k, default: []].append(id)
        keyOf[id] = k
    }

    /// Members of the bins around `elements`, in ascending order.
    func candidates(near elements: MeanElements) -> [Int] {
        let k = key(elements)
        var out: [Int] = []
        for dn in -1...1 {
            for di in -1...1 {
                if let m = members[Key(meanMotion: k.meanMotion + dn, inclination: k.inclination + di)] { out += m }
            }
        }
        return out.sorted()
    }
}
