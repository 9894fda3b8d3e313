# Sourced by .ci/run: makes a PostgreSQL server available to the store tests and exports
# KANSHI_TEST_POSTGRES_URL (the PostgreSQL cases of PersistenceTests and the PostgreSQL kill test
# of KanshiCLITests use it; under CI a missing URL is a test failure, not a skip).
# Debian's postgresql package; the cluster listens on 127.0.0.1:5432; role and database kanshi.
if [ -z "${KANSHI_TEST_POSTGRES_URL:-}" ]; then
    SUDO=""
    [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi; }
    if ! command -v pg_lsclusters >/dev/null 2>&1; then
        $SUDO apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    fi
    pg_version="$(pg_lsclusters -h | awk 'NR==1 {print $1}')"
    if [ -z "$pg_version" ]; then
        echo "no PostgreSQL cluster after installing postgresql" >&2
        exit 1
    fi
    $SUDO pg_ctlcluster "$pg_version" main start >/dev/null 2>&1 || true
    for _ in $(seq 1 30); do
        as_postgres psql -qAtc "SELECT 1" >/dev/null 2>&1 && break
        sleep 1
    done
    as_postgres psql -qAtc "SELECT 1 FROM pg_roles WHERE rolname = 'kanshi'" | grep -q 1 ||
        as_postgres psql -qc "CREATE ROLE kanshi LOGIN PASSWORD 'kanshi' CREATEDB"
    as_postgres psql -qAtc "SELECT 1 FROM pg_database WHERE datname = 'kanshi_test'" | grep -q 1 ||
        as_postgres createdb -O kanshi kanshi_test
    export KANSHI_TEST_POSTGRES_URL="postgres://kanshi:kanshi@127.0.0.1:5432/kanshi_test"
fi
