extension StringProtocol {
    /// The text without leading and trailing ASCII blanks and tabs (and CR/LF).
    /// Much cheaper than Foundation's `trimmingCharacters(in:)`, which the readers would otherwise
    /// call a million times for a catalog.
    @inline(__always)
    func asciiTrimmed() -> String {
        let sub = Substring(self)
        let u = sub.utf8
        var s = u.startIndex, e = u.endIndex
        while s < e, u[s] == 32 || u[s] == 9 || u[s] == 10 || u[s] == 13 { s = u.index(after: s) }
        while e > s {
            let p = u.index(before: e)
            if u[p] == 32 || u[p] == 9 || u[p] == 10 || u[p] == 13 { e = p } else { break }
        }
        return String(sub[s..<e])
    }
}
