import Testing
@testable import CatalogMaintenance
