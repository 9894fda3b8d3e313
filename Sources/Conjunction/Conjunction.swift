@_exported import Astrodynamics

/// Conjunction assessment: screening for close approaches, probability of collision by the
/// published methods, CDM production and avoidance planning (issue 3; being built).
public enum ConjunctionAssessment {}
