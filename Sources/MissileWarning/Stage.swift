import Foundation

/// One rocket stage: constant thrust and mass flow for a burn time, then its empty structure is
/// dropped (staging) and the next stage lights at once.
public struct Stage: Sendable, Hashable {
    /// Vacuum-and-sea-level-alike thrust, N (the model ignores the nozzle's back-pressure loss).
    public var thrustN: Double
    /// Propellant mass flow, kg/s.
    public var massFlowKgPerS: Double
    /// Burn time, s.
    public var burnTimeS: Double
    /// Empty (structure) mass, dropped at the end of the burn, kg.
    public var dryMassKg: Double

    /// Standard gravity g₀ (CGPM 1901), m/s², for specific impulse.
    public static let standardGravityMPerS2 = 9.80665

    public init(thrustN: Double, massFlowKgPerS: Double, burnTimeS: Double, dryMassKg: Double) {
        self.thrustN = thrustN
        self.massFlowKgPerS = massFlowKgPerS
        self.burnTimeS = burnTimeS
        self.dryMassKg = dryMassKg
    }

    /// A stage from its specific impulse instead of its mass flow: ṁ = F / (Isp·g₀).
    public init(thrustN: Double, ispS: Double, burnTimeS: Double, dryMassKg: Double) {
        self.init(thrustN: thrustN, massFlowKgPerS: thrustN / (ispS * Stage.standardGravityMPerS2),
                  burnTimeS: burnTimeS, dryMassKg: dryMassKg)
    }

    /// Propellant burned, kg (ṁ·t_burn).
    public var propellantMassKg: Double { massFlowKgPerS * burnTimeS }
    /// Specific impulse, s.
    public var ispS: Double { thrustN / (massFlowKgPerS * Stage.standardGravityMPerS2) }
}

/// A multi-stage ballistic missile: its stages (first to last), the reentry vehicle they carry, and
/// the aerodynamic figures of the stack in boost and of the reentry vehicle after the last burnout.
public struct Vehicle: Sendable, Hashable {
    /// Stages in firing order.
    public var stages: [Stage]
    /// The reentry vehicle (warhead and bus), separated at the last burnout, kg.
    public var payloadMassKg: Double
    /// Drag area C_D·A of the stack while boosting, m² (its ballistic coefficient is m(t)/(C_D·A)).
    public var boostDragAreaM2: Double
    /// Ballistic coefficient β = m/(C_D·A) of the reentry vehicle, kg/m².
    public var reentryBetaKgPerM2: Double

    public init(stages: [Stage], payloadMassKg: Double, boostDragAreaM2: Double, reentryBetaKgPerM2: Double) {
        self.stages = stages
        self.payloadMassKg = payloadMassKg
        self.boostDragAreaM2 = boostDragAreaM2
        self.reentryBetaKgPerM2 = reentryBetaKgPerM2
    }

    /// Lift-off mass, kg.
    public var liftOffMassKg: Double {
        payloadMassKg + stages.reduce(0) { $0 + $1.dryMassKg + $1.propellantMassKg }
    }

    /// Total burn time, s.
    public var totalBurnTimeS: Double { stages.reduce(0) { $0 + $1.burnTimeS } }

    /// The same vehicle with every stage's thrust and mass flow — so its propellant — multiplied by
    /// `factor` (burn times, specific impulses and dry masses unchanged): the knob presets use to set
    /// the energy at burnout while keeping the thrust-to-weight ratio near the original's.
    public func scalingPropellant(by factor: Double) -> Vehicle {
        var v = self
        for i in v.stages.indices {
            v.stages[i].thrustN *= factor
            v.stages[i].massFlowKgPerS *= factor
        }
        return v
    }

    /// Ideal velocity change Σ Isp·g₀·ln(m₀/m_f) over the stages (Tsiolkovsky), km/s — no gravity or drag loss.
    public var idealDeltaVKmPerS: Double {
        var dv = 0.0
        var above = payloadMassKg
        for stage in stages.reversed() {
            let m0 = above + stage.dryMassKg + stage.propellantMassKg
            let mf = above + stage.dryMassKg
            dv += stage.ispS * Stage.standardGravityMPerS2 * log(m0 / mf) / 1000
            above = m0
        }
        return dv
    }

    /// Checks that the vehicle can be flown; the field names are those of the scenario file.
    public func validate(file: String? = nil, field: String = "vehicle") throws {
        func bad(_ f: String, _ v: Double, _ why: String) -> MissileWarningError {
            MissileWarningError(.badField, why, file: file, field: "\(field).\(f)", value: "\(v)")
        }
        for (i, s) in stages.enumerated() {
            guard s.thrustN.isFinite, s.thrustN > 0 else { throw bad("stages[\(i)].thrust_n", s.thrustN, "expected a positive thrust") }
            guard s.massFlowKgPerS.isFinite, s.massFlowKgPerS > 0 else { throw bad("stages[\(i)].mass_flow_kg_s", s.massFlowKgPerS, "expected a positive mass flow") }
            guard s.burnTimeS.isFinite, s.burnTimeS > 0 else { throw bad("stages[\(i)].burn_time_s", s.burnTimeS, "expected a positive burn time") }
            guard s.dryMassKg.isFinite, s.dryMassKg >= 0 else { throw bad("stages[\(i)].dry_mass_kg", s.dryMassKg, "expected a dry mass ≥ 0") }
        }
        guard payloadMassKg.isFinite, payloadMassKg > 0 else { throw bad("payload_mass_kg", payloadMassKg, "expected a positive mass") }
        guard boostDragAreaM2.isFinite, boostDragAreaM2 >= 0 else { throw bad("boost_drag_area_m2", boostDragAreaM2, "expected a drag area ≥ 0") }
        guard reentryBetaKgPerM2.isFinite, reentryBetaKgPerM2 > 0 else { throw bad("reentry_beta_kg_m2", reentryBetaKgPerM2, "expected a positive ballistic coefficient") }
        if let first = stages.first {
            let weight = liftOffMassKg * Stage.standardGravityMPerS2
            guard first.thrustN > weight else {
                throw MissileWarningError(.badFlight, "first-stage thrust does not exceed the lift-off weight \(Int(weight)) N; the missile never leaves the pad",
                                          file: file, field: "\(field).stages[0].thrust_n", value: "\(first.thrustN)")
            }
        }
    }
}
