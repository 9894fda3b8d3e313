/// Catalog maintenance: the loop that turns sensor tracklets into better orbits.
///
/// Correlation of tracklets to catalog objects, batch least-squares differential correction of
/// SGP4 mean elements (with B*), uncorrelated-track processing (initial orbit determination,
/// association, new analyst objects) and maneuver flags. See docs/catalog-maintenance.md.
public enum CatalogMaintenance {}
