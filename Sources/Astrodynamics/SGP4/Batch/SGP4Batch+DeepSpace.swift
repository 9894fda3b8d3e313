#if canImport(Darwin)
import Darwin
#else
import Glibc
#endif
import SGP4Kernel
import SGP4KernelAVX2
import SGP4KernelAVX512

extension SGP4Batch {
    /// Deep-space satellites `deepSpaceIndices[range]` at every grid time, into their slots.
    ///
    /// They run in the deep-space SIMD kernel of module `SGP4Kernel` (Vallado's `dspace`/`dpper`
    /// eight lanes at a time, ``InstructionSet`` picking the compiled variant), each block of eight
    /// carried through the whole grid so the resonance integrator continues from one grid time to
    /// the next. `range` comes in chunks whose bounds are multiples of eight (the parallel loop's
    /// chunk size), so chunk `range` owns blocks `range.lowerBound / 8 ..< ⌈range.upperBound / 8⌉`
    /// of ``DeepSpaceStorage``. No satellite is left to the scalar path.
    func propagateDeepSpace(_ range: Range<Int>, reference: UnsafePointer<Double>,
                            grid: UnsafeBufferPointer<Double>, _ out: SGP4BatchStates.Pointers) {
        let blocks = (range.lowerBound / 8)..<min((range.upperBound + 7) / 8, deepStorage.blockCount)
        guard !blocks.isEmpty else { return }
        let job = DeepSpaceBlockJob(
            constants: deepStorage.constants, satelliteIndex: deepStorage.laneSatellite,
            minutesSinceEpoch: reference, gridMinutes: grid, satelliteCount: count,
            x: out.x, y: out.y, z: out.z, vx: out.vx, vy: out.vy, vz: out.vz,
            errorCode: out.code, errorValue: out.value, errorMinutes: out.minutes)
        switch instructionSet {
        case .avx512: propagateDeepSpaceBlocksAVX512(job, blocks: blocks)
        case .avx2: propagateDeepSpaceBlocksAVX2(job, blocks: blocks)
        case .portable: propagateDeepSpaceBlocksPortable(job, blocks: blocks)
        }
    }

    /// The deep-space kernel's constants (``DeepSpaceField`` layout) and lane map, allocated once.
    ///
    /// Satellites are grouped into blocks by class — resonance (none, one-day, half-day), then
    /// epoch inclination below or above 0.2 rad (a proxy for the Lyddane branch), then opsmode, and
    /// within a class ordered by epoch — so
    /// most blocks take one branch of each masked choice in the kernel; blocks straddling two classes
    /// are still exact, only slower. Padding lanes of the last block repeat its first satellite.
    final class DeepSpaceStorage: LaneBlocks, @unchecked Sendable {
        init(_ propagators: [SGP4], deepSpace: [Int]) {
            // Within a class, by epoch: lanes of a block then need similar numbers of resonance
            // integrator steps (|t| / 720 from each epoch) for a common instant.
            let ordered = deepSpace.sorted { a, b in
                let ka = DeepSpaceStorage.classKey(propagators[a]), kb = DeepSpaceStorage.classKey(propagators[b])
                if ka != kb { return ka < kb }
                let ea = propagators[a].epochDaysSince1950, eb = propagators[b].epochDaysSince1950
                return ea != eb ? ea < eb : a < b
            }
            super.init(propagators, order: ordered, stride: DeepSpaceField.blockStride, fields: DeepSpaceStorage.fields)
        }

        /// Sort key: resonance class, Lyddane-prone (inclination < 0.2 rad), opsmode.
        static func classKey(_ p: SGP4) -> Int {
            p.deep.irez * 4 + (p.inclo < 0.2 ? 2 : 0) + (p.afspc ? 1 : 0)
        }

        /// One satellite's values in ``DeepSpaceField`` order.
        static func fields(_ p: SGP4) -> [Double] {
            precondition(p.deepSpace && p.isimp, "deep-space kernel given a near-Earth satellite")
            var v = [Double](repeating: 0, count: DeepSpaceField.allCases.count)
            func set(_ f: DeepSpaceField, _ x: Double) { v[f.rawValue] = x }
            let d = p.deep
            set(.mo, p.mo); set(.mdot, p.mdot); set(.argpo, p.argpo); set(.argpdot, p.argpdot)
            set(.nodeo, p.nodeo); set(.nodedot, p.nodedot); set(.nodecf, p.nodecf); set(.cc1, p.cc1)
            set(.bstarTimesCC4, p.bstar * p.cc4); set(.t2cof, p.t2cof)
            set(.noUnkozai, p.noUnkozai); set(.aoBeforeDrag, p.aoBeforeDrag); set(.xke, p.xke)
            set(.ecco, p.ecco); set(.inclo, p.inclo); set(.j2, p.j2); set(.j3oj2, p.j3oj2)
            set(.radiusEarthKm, p.radiusearthkm); set(.velocityKmPerSPerUnit, p.vkmpersec)
            set(.dedt, d.dedt); set(.didt, d.didt); set(.domdt, d.domdt); set(.dnodt, d.dnodt); set(.dmdt, d.dmdt)
            set(.irez, Double(d.irez)); set(.gsto, d.gsto); set(.xlamo, d.xlamo); set(.xfact, d.xfact)
            set(.del1, d.del1); set(.del2, d.del2); set(.del3, d.del3)
            set(.d2201, d.d2201); set(.d2211, d.d2211); set(.d3210, d.d3210); set(.d3222, d.d3222)
            set(.d4410, d.d4410); set(.d4422, d.d4422); set(.d5220, d.d5220); set(.d5232, d.d5232)
            set(.d5421, d.d5421); set(.d5433, d.d5433)
            set(.zmos, d.zmos); set(.zmol, d.zmol)
            set(.se2, d.se2); set(.se3, d.se3); set(.si2, d.si2); set(.si3, d.si3)
            set(.sl2, d.sl2); set(.sl3, d.sl3); set(.sl4, d.sl4)
            set(.sgh2, d.sgh2); set(.sgh3, d.sgh3); set(.sgh4, d.sgh4); set(.sh2, d.sh2); set(.sh3, d.sh3)
            set(.ee2, d.ee2); set(.e3, d.e3); set(.xi2, d.xi2); set(.xi3, d.xi3)
            set(.xl2, d.xl2); set(.xl3, d.xl3); set(.xl4, d.xl4)
            set(.xgh2, d.xgh2); set(.xgh3, d.xgh3); set(.xgh4, d.xgh4); set(.xh2, d.xh2); set(.xh3, d.xh3)
            set(.afspc, p.afspc ? 1 : 0)
            return v
        }
    }
}
