@_exported import Astrodynamics
