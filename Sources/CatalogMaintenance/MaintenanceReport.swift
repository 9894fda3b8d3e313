import Astrodynamics
import SpaceData
import Estimation

/// What one run of the maintenance loop did: per object the tracklets used, residuals, new
/// elements and flags; the new objects; what was rejected and why; ambiguities; timings.
public struct MaintenanceReport: Sendable {
    /// The update of one catalog object.
    public var objects: [ObjectUpdate] = []
    /// Confirmed UCT tracks that became analyst objects.
    public var newObjects: [NewObject] = []
    /// Confirmed UCT tracks that matched a known object by orbit (fitted into that object).
    public var uctsMatchedToKnownObjects: [KnownObjectMatch] = []
    /// Tracklets not used, with the reason.
    public var rejected: [RejectedTracklet] = []
    /// Tracklets with more than one close candidate.
    public var ambiguities: [Ambiguity] = []
    /// Possible maneuvers.
    public var maneuvers: [ManeuverFlag] = []
    /// Catalog element sets that could not be used.
    public var catalogProblems: [String] = []
    public var trackletsIn = 0
    /// Tracklet–object pairs that passed the prefilter and got the full residual test.
    public var correlationPairsTested = 0
    /// Wall-clock seconds by phase (setup, correlation, uncorrelated, fits).
    public var timingsSeconds: [String: Double] = [:]

    public init() {}

    /// The new element sets: updated objects, then new objects.
    public var elementSets: [ElementSet] {
        objects.compactMap(\.elementSet) + newObjects.map(\.elementSet)
    }
}

/// The update of one catalog object.
public struct ObjectUpdate: Sendable {
    public var catalogNumber: Int
    public var tracklets: [String]
    public var measurementsUsed = 0
    public var measurementsRejected = 0
    public var weightedRMS = Double.nan
    public var rangeRMSMeters = Double.nan
    public var angleRMSDegrees = Double.nan
    public var rangeRateRMSMetersPerSecond = Double.nan
    public var dragNote = ""
    public var converged = false
    /// Covariance of the fit's solved parameters, in the order of ``SGP4Fit/covariance``
    /// ([n (rad/min), aƒ, a_g, χ, ψ, λ (rad)(, B* (1/ER))], (JᵀJ)⁻¹ of the normalized residuals, so not
    /// scaled by the weighted RMS); nil when the fit failed.
    public var fitCovariance: Matrix?
    /// The next element set (nil when the fit failed; see ``error``).
    public var elementSet: ElementSet?
    public var flags: [String] = []
    public var maneuverFlags: [ManeuverFlag] = []
    public var error: String?
    public init(catalogNumber: Int, tracklets: [String]) {
        self.catalogNumber = catalogNumber
        self.tracklets = tracklets
    }
}

/// A new analyst object from confirmed uncorrelated tracks.
public struct NewObject: Sendable {
    public var catalogNumber: Int
    public var tracklets: [String]
    public var passes: Int
    public var weightedRMS: Double
    public var rangeRMSMeters: Double
    public var angleRMSDegrees: Double
    public var dragNote: String
    public var elementSet: ElementSet
    /// The confirmation rule it met.
    public var rule: String
    /// Covariance of the track's final fit (``ObjectUpdate/fitCovariance`` has the order and scaling).
    public var fitCovariance: Matrix? = nil
}

/// A confirmed UCT track that is a known object.
public struct KnownObjectMatch: Sendable, Hashable {
    public var catalogNumber: Int
    public var tracklets: [String]
}

/// A tracklet not used, and why.
public struct RejectedTracklet: Sendable, Hashable {
    public var tracklet: String
    public var reason: String
}

/// A tracklet with several gated candidates.
public struct Ambiguity: Sendable, Hashable {
    public var tracklet: String
    public var candidates: [Int]
    public var chiSquares: [Double]
    /// The object assignment gave it (nil: none).
    public var assigned: Int?
}

/// A possible maneuver: the tracklet, the object and the size of the miss.
public struct ManeuverFlag: Sendable, Hashable {
    public var catalogNumber: Int
    public var tracklet: String
    public var missRadialKm: Double
    public var missAlongTrackKm: Double
    public var missCrossTrackKm: Double
    public var reason: String
}
