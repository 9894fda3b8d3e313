import Foundation

/// The steering of the boost: a vertical rise, a pitch-over ("kick") that tilts the thrust from the
/// local vertical toward the launch azimuth, then a gravity turn (thrust along the Earth-relative
/// velocity) to burnout.
///
/// The kick angle sets the loft: a small kick leaves the missile nearly vertical when gravity takes
/// over (a lofted trajectory: high apogee, short range), a moderate one gives a standard (near
/// minimum-energy) trajectory, a large one a depressed trajectory (low apogee, flat path). The
/// classic gravity-turn program of, e.g., Wiesel, *Spaceflight Dynamics* (2nd ed., 1997), §6.3.
public struct PitchProgram: Sendable, Hashable {
    /// Time of vertical flight after lift-off, s.
    public var verticalRiseS: Double
    /// Tilt of the thrust from the local vertical at the end of the kick, rad.
    public var kickAngleRad: Double
    /// Duration of the kick (the tilt grows linearly from 0 to ``kickAngleRad``), s.
    public var kickDurationS: Double

    public init(verticalRiseS: Double = 8, kickAngleRad: Double, kickDurationS: Double = 10) {
        self.verticalRiseS = verticalRiseS
        self.kickAngleRad = kickAngleRad
        self.kickDurationS = kickDurationS
    }

    /// A trajectory shape, named as the press and this project's data name it.
    public enum Loft: String, Sendable, Hashable, Codable, CaseIterable {
        case lofted, standard, depressed

        /// A typical kick angle for this shape, rad, for a vehicle with a lift-off thrust-to-weight
        /// near 2.4 (the generic IRBM, ``GenericVehicles/irbm``): a starting point only (presets solve
        /// their own). The angle a shape needs depends strongly on the thrust-to-weight ratio: the
        /// generic ICBM (about 1.6 at lift-off) is lofted at 1.4° but flies 14,000 km at 10° and
        /// falls back before burnout at 30°.
        public var typicalKickAngleRad: Double {
            switch self {
            case .lofted: return 1.5 * .pi / 180
            case .standard: return 55.0 * .pi / 180
            case .depressed: return 70.0 * .pi / 180
            }
        }
    }

    /// The default program for a trajectory shape.
    public init(loft: Loft) {
        self.init(kickAngleRad: loft.typicalKickAngleRad)
    }

    /// Checks the program; the field names are those of the scenario file.
    public func validate(file: String? = nil, field: String = "pitch") throws {
        guard verticalRiseS.isFinite, verticalRiseS >= 0 else {
            throw MissileWarningError(.badField, "expected a vertical rise ≥ 0 s", file: file, field: "\(field).vertical_rise_s", value: "\(verticalRiseS)")
        }
        guard kickAngleRad.isFinite, kickAngleRad >= 0, kickAngleRad < .pi / 2 else {
            throw MissileWarningError(.badField, "expected a kick angle in [0, 90) degrees", file: file, field: "\(field).kick_deg", value: "\(kickAngleRad * 180 / .pi)")
        }
        guard kickDurationS.isFinite, kickDurationS > 0 else {
            throw MissileWarningError(.badField, "expected a positive kick duration", file: file, field: "\(field).kick_duration_s", value: "\(kickDurationS)")
        }
    }
}
