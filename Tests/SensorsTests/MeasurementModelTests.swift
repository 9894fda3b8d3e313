import Testing
import Foundation
import Astrodynamics
@testable import Sensors

@Suite("Measurement model")
struct MeasurementModelTests {
    @Test("An object straight above a site is seen at 90° elevation at its height above the ellipsoid (1 m)")
    func overhead() throws {
        let site = GroundSite(name: "test", geodetic: Geodetic(latitudeRad: 0.6, longitudeRad: 2.3, altitudeKm: 0.1))
        let model = MeasurementModel(eop: EarthOrientationTable(rows: []))
        let epoch = try Instant(utc: "2023-10-09T00:00:00Z")
        let rot = model.rotations(at: epoch)
        // Put the object 500 km above the site along the ellipsoid normal, in ITRF, and take it back to TEME.
        let up = site.enuFromITRF.row2
        let objITRF = site.itrfPositionKm + 500 * up
        let objPEF = rot.pefToITRF.transposed * objITRF
        let objTEME = rot.temeToPEF.transposed * objPEF
        let sensor = Sensor(id: "T", name: "t", kind: .phasedArrayRadar, site: site, noise: MeasurementNoise())
        let m = model.predict(positionKm: objTEME, velocityKmPerS: .zero, epoch: epoch, sensor: sensor, rotations: rot)
        #expect(abs(try #require(m.rangeKm) - 500) < 1e-3)
        #expect(abs(try #require(m.elevationRad) - .pi / 2) < 1e-6)
    }
}
