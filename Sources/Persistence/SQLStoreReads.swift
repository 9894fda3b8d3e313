import Foundation

/// A ``Store`` over SQL: the reads are the same statements and decoders on every backend
/// (``Queries``), so they are written once here over a backend's row-returning query; each
/// backend keeps only its connection handling and the statement order of its transactions.
protocol SQLReadingStore: Store {
    /// Rows of one statement, outside any explicit transaction.
    func query(_ what: String, _ st: SQLStatement) async throws(StoreError) -> [[SQLValue]]
}

extension SQLReadingStore {
    public func elementSets(matching query: ElementSetQuery) async throws(StoreError) -> [StoredElementSet] {
        let st = try Queries.elementSets(query)
        return try await self.query("element sets", st).map { row throws(StoreError) in try ElementSetCodec.decode(row) }
    }

    public func latestElementSets(catalogNumbers: Set<Int>?) async throws(StoreError) -> [StoredElementSet] {
        try await query("latest element sets", Queries.latestElementSets(catalogNumbers))
            .map { row throws(StoreError) in try ElementSetCodec.decode(row) }
    }

    public func object(catalogNumber: Int) async throws(StoreError) -> CatalogObject? {
        try await query("object", Queries.object(catalogNumber)).first.map { row throws(StoreError) in try Queries.decodeObject(row) }
    }

    public func objects(matching query: ObjectQuery) async throws(StoreError) -> [CatalogObject] {
        let st = try Queries.objects(query)
        return try await self.query("objects", st).map { row throws(StoreError) in try Queries.decodeObject(row) }
    }

    public func latestElementSetsByMarking(catalogNumbers: Set<Int>?) async throws(StoreError) -> [MarkedLatestElementSet] {
        try await query("latest element sets by marking", Queries.latestElementSetsByMarking(catalogNumbers)).map { row throws(StoreError) in
            guard case .int(let n)? = row.last else { throw StoreError(.decoding, "latest element sets by marking: no count") }
            return MarkedLatestElementSet(stored: try ElementSetCodec.decode(row), elementSetCount: Int(n))
        }
    }

    public func counts(visibility: Visibility) async throws(StoreError) -> StoreCounts {
        guard let row = try await query("counts", Queries.counts(visibility)).first else { return StoreCounts() }
        return try Queries.decodeCounts(row)
    }

    public func events(matching query: EventQuery) async throws(StoreError) -> [StoredConjunctionEvent] {
        let st = try Queries.events(query)
        return try await self.query("events", st).map { row throws(StoreError) in try Queries.decodeEvent(row) }
    }

    public func event(id: Int64, visibility: Visibility) async throws(StoreError) -> StoredConjunctionEvent? {
        try await query("event", Queries.event(id: id, visibility)).first.map { row throws(StoreError) in try Queries.decodeEvent(row) }
    }

    public func assessments(eventID: Int64, visibility: Visibility) async throws(StoreError) -> [EventAssessment] {
        try await query("assessments", Queries.assessments(eventID: eventID, visibility)).map { row throws(StoreError) in try Queries.decodeAssessment(row) }
    }

    public func cdm(eventID: Int64, visibility: Visibility) async throws(StoreError) -> String? {
        guard let row = try await query("cdm", Queries.cdm(eventID: eventID, visibility)).first else { return nil }
        var r = RowReader(row)
        return try r.optionalText()
    }

    public func alerts(matching query: AlertQuery) async throws(StoreError) -> [StoredAlert] {
        let st = try Queries.alerts(query)
        return try await self.query("alerts", st).map { row throws(StoreError) in try Queries.decodeAlert(row) }
    }
}
