extension ConjunctionDataMessage {
    /// An object's covariance at TCA in its RTN frame (508.0-B-1 table 3-4): the 6×6 position/velocity
    /// block (21 terms `CR_R` … `CNDOT_NDOT`, mandatory), optionally extended by the drag (`CDRG_*`),
    /// solar radiation pressure (`CSRP_*`) and thrust (`CTHR_*`) rows to 7×7, 8×8 or 9×9.
    ///
    /// Units are the file's: m², m²/s, m²/s² for the position/velocity block; m³/kg, m⁴/kg², ... for
    /// the extra rows (see ``unit(row:column:)``). Stored as the lower triangle, row by row, in the
    /// order the keywords are written.
    public struct RTNCovariance: Sendable, Hashable {
        /// `COMMENT` lines of the block.
        public var comments: [String] = []
        /// The lower triangle row by row: `[CR_R, CT_R, CT_T, CN_R, CN_T, CN_N, CRDOT_R, ...]`;
        /// 21, 28, 36 or 45 terms.
        public private(set) var lowerTriangle: [Double]
        /// Other keywords of the block (e.g. CDM 2.0 XYZ covariance `CX_X` …, `CSIG3EIGVEC3`), in file order.
        public var extraFields: [CDMField] = []

        /// A covariance from its lower triangle, row by row (21, 28, 36 or 45 terms); `nil` for any
        /// other count.
        public init?(lowerTriangle: [Double]) {
            guard [21, 28, 36, 45].contains(lowerTriangle.count) else { return nil }
            self.lowerTriangle = lowerTriangle
        }

        /// The matrix size: 6 (position/velocity), 7 (+ drag), 8 (+ SRP) or 9 (+ thrust).
        public var dimension: Int {
            switch lowerTriangle.count { case 21: 6; case 28: 7; case 36: 8; default: 9 }
        }

        /// Term (`row`, `column`), 0-based, either triangle (the matrix is symmetric).
        public subscript(row: Int, column: Int) -> Double {
            let (i, j) = row >= column ? (row, column) : (column, row)
            precondition(i < dimension, "covariance index (\(row), \(column)) outside \(dimension)×\(dimension)")
            return lowerTriangle[i * (i + 1) / 2 + j]
        }

        /// The 6×6 position/velocity covariance in RTN as a full symmetric matrix, rows R, T, N,
        /// R_DOT, T_DOT, N_DOT (m², m²/s, m²/s²).
        public var positionVelocity6x6: [[Double]] { matrix(size: 6) }

        /// The whole ``dimension``×``dimension`` symmetric matrix.
        public var fullMatrix: [[Double]] { matrix(size: dimension) }

        /// The term named by a CDM keyword (`"CT_R"`, `"CDRG_DRG"`), if this covariance has it.
        public func term(_ keyword: String) -> Double? {
            guard let k = RTNCovariance.keywords.firstIndex(of: keyword), k < lowerTriangle.count else { return nil }
            return lowerTriangle[k]
        }

        func matrix(size: Int) -> [[Double]] {
            (0..<size).map { i in (0..<size).map { j in self[i, j] } }
        }

        /// Row and column names in keyword order.
        static let axes = ["R", "T", "N", "RDOT", "TDOT", "NDOT", "DRG", "SRP", "THR"]

        /// The 45 keywords of the 9×9 lower triangle in the order of table 3-4 (`CR_R`, `CT_R`, `CT_T`, ...).
        public static let keywords: [String] = {
            var out: [String] = []
            for i in 0..<9 { for j in 0...i { out.append("C\(axes[i])_\(axes[j])") } }
            return out
        }()

        /// The unit of term (`row`, `column`) as table 3-4 writes it (`"m**2/s"`, `"m**3/(kg*s)"`).
        public static func unit(row: Int, column: Int) -> String {
            let (i, j) = row >= column ? (row, column) : (column, row)
            func kind(_ k: Int) -> Int { k < 3 ? 0 : k < 6 ? 1 : k < 8 ? 2 : 3 }   // pos, vel, drg/srp, thr
            switch (kind(i), kind(j)) {
            case (0, 0): return "m**2"
            case (1, 0): return "m**2/s"
            case (1, 1): return "m**2/s**2"
            case (2, 0): return "m**3/kg"
            case (2, 1): return "m**3/(kg*s)"
            case (2, 2): return "m**4/kg**2"
            case (3, 0): return "m**2/s**2"
            case (3, 1): return "m**2/s**3"
            case (3, 2): return "m**3/(kg*s**2)"
            default: return "m**2/s**4"
            }
        }
    }
}
