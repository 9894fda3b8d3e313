#if canImport(Darwin)
import Darwin
#else
import Glibc
#endif

extension SGP4Batch {
    /// Which compiled variant of the SIMD kernel runs. All three give the same states to well under
    /// a millimetre (``SGP4BatchTests``); they differ only in speed.
    public enum InstructionSet: String, Sendable, Hashable, CaseIterable {
        /// x86-64 AVX-512 (F, CD, BW, DQ, VL) with FMA: eight lanes per instruction.
        case avx512
        /// x86-64 AVX2 with FMA: eight lanes in two instructions.
        case avx2
        /// The package's baseline CPU, separate multiply and add: correct anywhere.
        case portable

        /// The fastest variant this CPU and operating system support, decided once per process.
        ///
        /// On Linux it reads the `flags` line of `/proc/cpuinfo` (the kernel lists only what it has
        /// enabled, so AVX-512 appears only if the OS saves its registers). Elsewhere, and on CPUs
        /// without the features, ``portable``. The environment variable `KANSHI_SGP4_ISA`
        /// (`avx512`, `avx2`, `portable`) forces a lower choice, for tests and comparisons; a choice
        /// the CPU lacks is ignored.
        public static let detected: InstructionSet = {
            let supported = supportedByThisCPU()
            if let forced = getenv("KANSHI_SGP4_ISA").flatMap({ InstructionSet(rawValue: String(cString: $0)) }),
               supported.contains(forced) {
                return forced
            }
            return supported.first ?? .portable
        }()

        /// Variants this CPU can run, fastest first; always ends with ``portable``.
        public static func supportedByThisCPU() -> [InstructionSet] {
            #if arch(x86_64) && os(Linux)
            let flags = cpuFlags()
            var out: [InstructionSet] = []
            if ["avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl", "avx2", "fma", "bmi1", "bmi2", "f16c", "movbe"].allSatisfy(flags.contains) {
                out.append(.avx512)
            }
            if ["avx2", "fma", "bmi1", "bmi2", "f16c", "movbe"].allSatisfy(flags.contains) { out.append(.avx2) }
            return out + [.portable]
            #else
            return [.portable]
            #endif
        }

        /// The words of the first `flags` line of /proc/cpuinfo.
        static func cpuFlags() -> Set<String> {
            guard let file = fopen("/proc/cpuinfo", "r") else { return [] }
            defer { fclose(file) }
            var line: UnsafeMutablePointer<CChar>?
            var capacity = 0
            defer { free(line) }
            while getline(&line, &capacity, file) > 0 {
                guard let line else { break }
                let text = String(cString: line)
                if text.hasPrefix("flags") {
                    let values = text.split(separator: ":", maxSplits: 1).last ?? ""
                    return Set(values.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init))
                }
            }
            return []
        }
    }
}
