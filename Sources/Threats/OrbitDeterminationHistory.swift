import Foundation
import Astrodynamics
import SpaceData
import Estimation
import Sensors
import CatalogMaintenance

/// The 1σ noise of one fitted element set on the channels ``ManeuverDetector`` tests, from the
/// orbit-determination fit's covariance.
///
/// ``SGP4Fit/covariance`` is (JᵀJ)⁻¹ over the normalized residuals of the parameters
/// [n, aƒ, a_g, χ, ψ, λ(, B*)] (equinoctial, χ = tan(i/2)·sin Ω, ψ = tan(i/2)·cos Ω). It is scaled by
/// max(1, weighted RMS)² — a fit whose residuals are larger than the sensors' stated noise is that much
/// less certain — and mapped by first-order error propagation:
/// - σ(a) = ⅔·a·σ(n)/n (Kepler, a ∝ n^(−2/3));
/// - i = 2·atan(r), r = √(χ² + ψ²): ∂i/∂(χ, ψ) = 2/(1 + r²)·(χ, ψ)/r;
/// - Ω = atan2(χ, ψ): ∂Ω/∂(χ, ψ) = (ψ, −χ)/r², times sin i for the node channel;
/// - the eccentricity vector is (aƒ, a_g) itself: σ(e-vector component) = √max(C₁₁, C₂₂).
///
/// In files it travels as OMM user-defined parameters (``ElementSet/fitUncertainty``), which the OMM
/// readers and writers keep; TLEs have no room for it.
public struct FitUncertainty: Sendable, Hashable {
    /// Semi-major axis, km.
    public var semiMajorAxisKm: Double
    /// Inclination, rad.
    public var inclinationRad: Double
    /// Node times sin i (the out-of-plane rotation a node error means), rad.
    public var nodeTimesSinInclinationRad: Double
    /// Each eccentricity-vector component.
    public var eccentricityVector: Double

    public init(semiMajorAxisKm: Double, inclinationRad: Double, nodeTimesSinInclinationRad: Double, eccentricityVector: Double) {
        self.semiMajorAxisKm = semiMajorAxisKm
        self.inclinationRad = inclinationRad
        self.nodeTimesSinInclinationRad = nodeTimesSinInclinationRad
        self.eccentricityVector = eccentricityVector
    }

    /// From a fit covariance (``SGP4Fit/covariance`` order) of `set`'s elements; nil when the matrix
    /// is not at least 6 × 6 or gives a non-finite or negative variance.
    public init?(covariance c: Matrix, of set: ElementSet, weightedRMS: Double) {
        guard c.rows >= 6, c.columns >= 6 else { return nil }
        let scale = max(1, weightedRMS.isFinite ? weightedRMS * weightedRMS : 1)
        let nRadPerMin = set.meanMotionRevPerDay * 2 * .pi / 1440
        let nRadPerS = nRadPerMin / 60
        let aKm = cbrt(GravityModel.wgs72.muKm3PerS2 / (nRadPerS * nRadPerS))
        let i = set.inclinationDeg * .pi / 180, raan = set.raanDeg * .pi / 180
        let r = tan(i / 2), chi = r * sin(raan), psi = r * cos(raan)
        func quad(_ g: (Double, Double)) -> Double {
            scale * (g.0 * g.0 * c[3, 3] + 2 * g.0 * g.1 * c[3, 4] + g.1 * g.1 * c[4, 4])
        }
        let varA = scale * c[0, 0] * pow(2.0 / 3.0 * aKm / nRadPerMin, 2)
        let varI: Double, varNode: Double
        if r > 1e-9 {
            let k = 2 / (1 + r * r)
            varI = quad((k * chi / r, k * psi / r))
            varNode = quad((psi / (r * r), -chi / (r * r))) * sin(i) * sin(i)
        } else {
            // Equatorial: the node is undefined; both channels take the plane's tilt noise.
            varI = quad((2, 0)) + quad((0, 2))
            varNode = varI
        }
        let varE = scale * max(c[1, 1], c[2, 2])
        let all = [varA, varI, varNode, varE]
        guard all.allSatisfy({ $0.isFinite && $0 >= 0 }) else { return nil }
        self.init(semiMajorAxisKm: varA.squareRoot(), inclinationRad: varI.squareRoot(),
                  nodeTimesSinInclinationRad: varNode.squareRoot(), eccentricityVector: varE.squareRoot())
    }

    /// OMM user-defined parameter names (angles in degrees in files).
    public static let semiMajorAxisKey = "USER_DEFINED_FIT_SIGMA_SMA_KM"
    public static let inclinationKey = "USER_DEFINED_FIT_SIGMA_INC_DEG"
    public static let nodeKey = "USER_DEFINED_FIT_SIGMA_NODE_SINI_DEG"
    public static let eccentricityKey = "USER_DEFINED_FIT_SIGMA_ECC_VECTOR"
}

extension ElementSet {
    /// The orbit-determination fit's 1σ noise carried with the set (OMM user-defined parameters
    /// `FIT_SIGMA_SMA_KM`, `FIT_SIGMA_INC_DEG`, `FIT_SIGMA_NODE_SINI_DEG`, `FIT_SIGMA_ECC_VECTOR`), or
    /// nil when the set does not carry all four as positive numbers. Setting it replaces them.
    public var fitUncertainty: FitUncertainty? {
        get {
            func value(_ key: String) -> Double? {
                guard let text = extraFields.last(where: { $0.key == key })?.value, let v = Double(text), v.isFinite, v > 0 else { return nil }
                return v
            }
            guard let a = value(FitUncertainty.semiMajorAxisKey), let i = value(FitUncertainty.inclinationKey),
                  let node = value(FitUncertainty.nodeKey), let e = value(FitUncertainty.eccentricityKey) else { return nil }
            return FitUncertainty(semiMajorAxisKm: a, inclinationRad: i * .pi / 180, nodeTimesSinInclinationRad: node * .pi / 180,
                                  eccentricityVector: e)
        }
        set {
            let keys: Set = [FitUncertainty.semiMajorAxisKey, FitUncertainty.inclinationKey, FitUncertainty.nodeKey,
                             FitUncertainty.eccentricityKey]
            extraFields.removeAll { keys.contains($0.key) }
            guard let u = newValue else { return }
            func text(_ x: Double) -> String { String(format: "%.6e", x) }
            extraFields += [
                ExtraField(key: FitUncertainty.semiMajorAxisKey, value: text(u.semiMajorAxisKm)),
                ExtraField(key: FitUncertainty.inclinationKey, value: text(u.inclinationRad * 180 / .pi)),
                ExtraField(key: FitUncertainty.nodeKey, value: text(u.nodeTimesSinInclinationRad * 180 / .pi)),
                ExtraField(key: FitUncertainty.eccentricityKey, value: text(u.eccentricityVector)),
            ]
        }
    }
}

/// Element-set histories made by orbit determination: catalog maintenance
/// (``CatalogMaintenanceRun``) run batch by batch (e.g. day by day) over tracklets, each run starting
/// from the latest set of every object so far, and every fitted set kept — annotated with its fit
/// noise (``FitUncertainty``) — so ``ManeuverDetector`` can run on the result.
///
/// Each run's updated objects give one set each (its epoch the last observation, rounded to the
/// second); objects not seen keep their previous set in the catalog and add nothing to the history;
/// confirmed new objects (80000 series) join the catalog and the history.
///
/// **Custody across a burn.** A burn larger than correlation tolerates makes the object's later
/// tracklets a new object, whose history would start at the burn and whose maneuver nobody would see.
/// So a confirmed new object *continues* a known object (takes its number, name and the next
/// element-set number) when all of these hold: (1) the known object's latest set predates the new
/// object's first tracklet (it was last seen before the new one first appeared), or this run's update
/// of it is in doubt (a possible-maneuver flag or a weighted RMS above the poor-fit limit); (2) the orbit
/// planes agree within ``custodyPlaneDeg`` when the new object first appeared (each set's node moved
/// there by its own J2 rate); (3) the
/// mean motions differ by at most ``custodyMeanMotionFraction`` (2 % by default: an in-plane burn of
/// about 55 m/s in LEO); (4) exactly one known object qualifies. Every such hand-over is listed in
/// ``custodyTransfers``. Set ``custodyMeanMotionFraction`` to nil to keep new objects new.
public struct OrbitDeterminationHistory: Sendable {
    /// A new object attributed to a known object that it continues after a burn.
    public struct CustodyTransfer: Sendable, Hashable {
        /// The analyst number the run gave the new object.
        public var newNumber: Int
        /// The known object it continues.
        public var catalogNumber: Int
        /// Epoch of the known object's last set before, and of the new object's first set.
        public var lastSeen: Instant
        public var reacquired: Instant
    }
    /// Largest angle between orbit normals for a custody transfer, degrees.
    public var custodyPlaneDeg = 0.1
    /// Largest relative mean-motion change for a custody transfer (nil: no transfers).
    public var custodyMeanMotionFraction: Double? = 0.02
    /// The hand-overs made so far.
    public private(set) var custodyTransfers: [CustodyTransfer] = []

    /// The latest set of each object, by catalog number.
    public private(set) var catalog: [Int: ElementSet]
    /// Every fitted set, in run order (annotated with ``ElementSet/fitUncertainty`` where the fit gave a covariance).
    public private(set) var history: [ElementSet] = []
    /// The report of each run.
    public private(set) var reports: [MaintenanceReport] = []
    /// The sensors and the measurement model (Earth orientation) of the runs.
    public let network: [Sensor]
    public let model: MeasurementModel
    public var options: CatalogMaintenanceRun.Options

    /// Starts from `catalog` (the latest set per object is kept).
    public init(catalog: [ElementSet], network: [Sensor], model: MeasurementModel,
                options: CatalogMaintenanceRun.Options = CatalogMaintenanceRun.Options()) {
        var latest: [Int: ElementSet] = [:]
        for s in catalog where latest[s.noradCatalogNumber].map({ $0.epoch < s.epoch }) ?? true { latest[s.noradCatalogNumber] = s }
        self.catalog = latest
        self.network = network
        self.model = model
        self.options = options
    }

    /// One maintenance run over `tracklets`; returns its report and adds its sets.
    @discardableResult
    public mutating func run(_ tracklets: [Tracklet]) -> MaintenanceReport {
        let run = CatalogMaintenanceRun(catalog: catalog.values.sorted { $0.noradCatalogNumber < $1.noradCatalogNumber },
                                        network: network, model: model, options: options)
        let report = run.run(tracklets)
        let before = catalog
        // Objects whose update this run is in doubt: a possible maneuver flagged, or a poor fit.
        let doubtful = Set(report.objects.filter { u in
            !u.maneuverFlags.isEmpty || !(u.weightedRMS <= options.poorFitRMS) || u.flags.contains { $0.contains("maneuver") }
        }.map(\.catalogNumber))
        let firstSeen = Dictionary(tracklets.compactMap { t in t.start.map { (t.id, $0) } }, uniquingKeysWith: min)
        for var set in Self.elementSets(of: report) {
            if let new = report.newObjects.first(where: { $0.catalogNumber == set.noradCatalogNumber }),
               let appeared = new.tracklets.compactMap({ firstSeen[$0] }).min(),
               let known = custodyCandidate(for: set, appeared: appeared, among: before, doubtful: doubtful, latest: catalog) {
                let old = catalog[known]!
                custodyTransfers.append(.init(newNumber: set.noradCatalogNumber, catalogNumber: known, lastSeen: old.epoch, reacquired: set.epoch))
                set.noradCatalogNumber = known
                set.objectName = old.objectName
                set.objectID = old.objectID
                set.elementSetNumber = old.elementSetNumber % 9999 + 1
            }
            catalog[set.noradCatalogNumber] = set
            history.append(set)
        }
        reports.append(report)
        return report
    }

    /// The one known object a new object's `set` continues (see the type's custody rule), or nil.
    func custodyCandidate(for set: ElementSet, appeared: Instant, among before: [Int: ElementSet], doubtful: Set<Int>,
                          latest: [Int: ElementSet]) -> Int? {
        guard let fraction = custodyMeanMotionFraction else { return nil }
        let dc = SGP4DifferentialCorrection()
        // Planes are compared when the new object appeared, each orbit advanced (or taken back) there
        // with its own J2 node rate: a burn changes the rate, so comparing at the new epoch with the
        // old orbit's rate would add the differential regression since the burn.
        let target = dc.advance(set.meanElements, to: appeared)
        func normal(_ m: MeanElements) -> SIMD3<Double> {
            SIMD3(sin(m.inclinationRad) * sin(m.raanRad), -sin(m.inclinationRad) * cos(m.raanRad), cos(m.inclinationRad))
        }
        let nNew = normal(target)
        var found: [Int] = []
        for (number, old) in before {
            // Last seen before the new object appeared: its latest set (this run's, if it was updated)
            // predates it, or this run's update of it is in doubt (a maneuver flag or a poor fit: the
            // fit's epoch is its last tracklet, which may be a post-burn one it edited out).
            let last = latest[number] ?? old
            guard last.epoch < appeared || doubtful.contains(number), number != set.noradCatalogNumber else { continue }
            guard abs(set.meanMotionRevPerDay / last.meanMotionRevPerDay - 1) <= fraction else { continue }
            let advanced = dc.advance(last.meanElements, to: appeared)
            let cosAngle = max(-1, min(1, (normal(advanced) * nNew).sum()))
            guard acos(cosAngle) * 180 / .pi <= custodyPlaneDeg else { continue }
            found.append(number)
        }
        return found.count == 1 ? found[0] : nil
    }

    /// A run's new element sets (updated objects, then new objects), each carrying its fit noise.
    public static func elementSets(of report: MaintenanceReport) -> [ElementSet] {
        var out: [ElementSet] = []
        for u in report.objects {
            guard var set = u.elementSet else { continue }
            if let c = u.fitCovariance { set.fitUncertainty = FitUncertainty(covariance: c, of: set, weightedRMS: u.weightedRMS) }
            out.append(set)
        }
        for n in report.newObjects {
            var set = n.elementSet
            if let c = n.fitCovariance { set.fitUncertainty = FitUncertainty(covariance: c, of: set, weightedRMS: n.weightedRMS) }
            out.append(set)
        }
        return out
    }
}
