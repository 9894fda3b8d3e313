import Astrodynamics
import Foundation
import SpaceData

/// The kinds of CCSDS message a partner sends that are kept as received.
public enum ReceivedMessageKind: String, Sendable, Hashable, CaseIterable {
    /// A Conjunction Data Message (CCSDS 508.0-B-1).
    case cdm
    /// A Tracking Data Message (CCSDS 503.0-B-2).
    case tdm
}

/// A CDM or TDM from a partner, to store with its provenance, its marking and the fields it is
/// searched and filtered by.
public struct NewReceivedMessage: Sendable, Hashable {
    public var kind: ReceivedMessageKind
    /// Who sent it and who may read it.
    public var provenance: Provenance
    public var receivedAt: Date
    public var originator: String?
    public var messageID: String?
    /// A CDM's two objects (operators see the CDMs of their satellites); `nil` for a TDM.
    public var object1: Int?
    public var object2: Int?
    public var tca: Instant?
    public var missDistanceKm: Double?
    public var pc: Double?
    /// A TDM's observation count.
    public var observationCount: Int
    /// The message as received.
    public var body: String

    public init(kind: ReceivedMessageKind, provenance: Provenance, receivedAt: Date = Date(), originator: String?, messageID: String?,
                object1: Int? = nil, object2: Int? = nil, tca: Instant? = nil, missDistanceKm: Double? = nil, pc: Double? = nil,
                observationCount: Int = 0, body: String) {
        self.kind = kind; self.provenance = provenance; self.receivedAt = receivedAt; self.originator = originator
        self.messageID = messageID; self.object1 = object1; self.object2 = object2; self.tca = tca
        self.missDistanceKm = missDistanceKm; self.pc = pc; self.observationCount = observationCount; self.body = body
    }
}

/// A received message as stored.
public struct ReceivedMessage: Sendable, Hashable {
    public var id: Int64
    public var message: NewReceivedMessage
}

/// A search of the received messages.
public struct MessageQuery: Sendable, Hashable {
    public var kind: ReceivedMessageKind?
    /// Only messages about this object.
    public var catalogNumber: Int?
    public var afterID: Int64?
    public var limit: Int
    public var offset: Int
    /// What the reader may see (applied in the SQL).
    public var visibility: Visibility

    public init(kind: ReceivedMessageKind? = nil, catalogNumber: Int? = nil, afterID: Int64? = nil, limit: Int = 100, offset: Int = 0,
                visibility: Visibility = .everything) {
        self.kind = kind; self.catalogNumber = catalogNumber; self.afterID = afterID
        self.limit = limit; self.offset = offset; self.visibility = visibility
    }
}

extension Queries {
    static func validate(_ messages: [NewReceivedMessage]) throws(StoreError) {
        for (i, m) in messages.enumerated() {
            let values = [m.missDistanceKm ?? 0, m.pc ?? 0, m.tca.map { $0.secondsSince(StoreTime.taiOrigin) } ?? 0]
            guard values.allSatisfy(\.isFinite) else { throw StoreError(.constraint, "message \(i) has a non-finite TCA, miss distance or Pc") }
            guard m.provenance.receivedFrom.map({ !$0.isEmpty }) == true else {
                throw StoreError(.constraint, "message \(i) names no sender (received_from)")
            }
        }
    }

    static func insertMessage(_ m: NewReceivedMessage) -> SQLStatement {
        var args: [SQLValue] = [.text(m.kind.rawValue), .text(m.provenance.marking.description), SQLValue(m.provenance.receivedFrom),
                                .int(StoreTime.microseconds(m.receivedAt)), SQLValue(m.originator), SQLValue(m.messageID),
                                SQLValue(m.object1.map(Int64.init)), SQLValue(m.object2.map(Int64.init))]
        if let t = m.tca { StoreTime.bind(t, into: &args) } else { args += [.null, .null] }
        args += [SQLValue(m.missDistanceKm), SQLValue(m.pc), SQLValue(m.observationCount), .text(m.body)]
        return SQLStatement("""
            INSERT INTO received_messages (kind, marking, received_from, received_at_us, originator, message_id, object1_norad,
                object2_norad, tca_tai_s, tca_tai_frac, miss_km, pc, observation_count, body)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """, args)
    }

    private static let messageSelect = """
        SELECT id, kind, marking, received_from, received_at_us, originator, message_id, object1_norad, object2_norad, tca_tai_s,
            tca_tai_frac, miss_km, pc, observation_count, body FROM received_messages
        """

    static func messages(_ q: MessageQuery) throws(StoreError) -> SQLStatement {
        try checkPage(limit: q.limit, offset: q.offset)
        var args: [SQLValue] = []
        var c: [String] = []
        if let k = q.kind { c.append("kind = ?"); args.append(.text(k.rawValue)) }
        if let n = q.catalogNumber { c.append("(object1_norad = ? OR object2_norad = ?)"); args += [SQLValue(n), SQLValue(n)] }
        if let id = q.afterID { c.append("id > ?"); args.append(.int(id)) }
        c += q.visibility.conditions(marking: "marking", primary: "object1_norad", secondary: "object2_norad", into: &args)
        var sql = messageSelect
        if !c.isEmpty { sql += " WHERE " + c.joined(separator: " AND ") }
        sql += " ORDER BY id DESC LIMIT ? OFFSET ?"
        args.append(SQLValue(q.limit)); args.append(SQLValue(q.offset))
        return SQLStatement(sql, args)
    }

    static func message(id: Int64, _ v: Visibility) -> SQLStatement {
        var args: [SQLValue] = [.int(id)]
        let c = ["id = ?"] + v.conditions(marking: "marking", primary: "object1_norad", secondary: "object2_norad", into: &args)
        return SQLStatement(messageSelect + " WHERE " + c.joined(separator: " AND "), args)
    }

    static func decodeMessage(_ row: [SQLValue]) throws(StoreError) -> ReceivedMessage {
        var r = RowReader(row)
        let id = try r.int64()
        let kindText = try r.text()
        guard let kind = ReceivedMessageKind(rawValue: kindText) else { throw StoreError(.decoding, "message \(id): kind '\(kindText)'") }
        let marking = try Releasability.stored(try r.text(), "message \(id)")
        let from = try r.text()
        let message = NewReceivedMessage(
            kind: kind, provenance: Provenance(marking: marking, receivedFrom: from), receivedAt: try r.date(),
            originator: try r.optionalText(), messageID: try r.optionalText(), object1: try r.optionalInt(), object2: try r.optionalInt(),
            tca: try r.optionalInstant(), missDistanceKm: try r.optionalDouble(), pc: try r.optionalDouble(),
            observationCount: try r.int(), body: try r.text())
        return ReceivedMessage(id: id, message: message)
    }
}

extension SQLWritingStore {
    public func insertMessages(_ messages: [NewReceivedMessage]) async throws(StoreError) -> [Int64] {
        if messages.isEmpty { return [] }
        try Queries.validate(messages)
        let results = try await transaction("insert messages", messages.map(Queries.insertMessage))
        var ids: [Int64] = []
        for rows in results {
            var r = RowReader(rows.first ?? [])
            ids.append(try r.int64())
        }
        return ids
    }

    public func messages(matching query: MessageQuery) async throws(StoreError) -> [ReceivedMessage] {
        let st = try Queries.messages(query)
        return try await self.query("messages", st).map { row throws(StoreError) in try Queries.decodeMessage(row) }
    }

    public func message(id: Int64, visibility: Visibility) async throws(StoreError) -> ReceivedMessage? {
        try await query("message", Queries.message(id: id, visibility)).first.map { row throws(StoreError) in try Queries.decodeMessage(row) }
    }
}
