# Sourced by .ci/run: Debian's chromium and chromium-driver for the web UI browser tests
# (Tests/OperationsCenterTests/Browser). Those tests skip with a reason when either is missing,
# except when CI is set, where that is a failure.
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver
fi
chromedriver --version
chromium --version 2>/dev/null || true
