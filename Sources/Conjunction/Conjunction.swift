@_exported import Astrodynamics

/// Conjunction assessment: screening for close approaches (`Screener`), probability of collision by
/// the published methods (`Foster1992`, `Chan1997`, `Alfano2005`, `Patera2005`, `MonteCarloPc`,
/// `MaximumProbability`), default TLE covariance, CDM production and avoidance planning
/// (`AvoidancePlanner`).
public enum ConjunctionAssessment {}
