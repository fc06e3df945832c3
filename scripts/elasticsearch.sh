#!/usr/bin/env bash
# A local single-node Elasticsearch for development and integration tests (no Docker).
#
#   scripts/elasticsearch.sh start|stop|status|url
#
# Settings (environment, with defaults):
#   VIGIL_ES_VERSION  8.19.21        distribution version (integ-test zip from Maven Central)
#   VIGIL_ES_PORT     9200           HTTP port; the transport layer takes an ephemeral port
#   VIGIL_ES_HOME     install dir    root: /var/lib/vigil/elasticsearch-$VERSION,
#                                    else ${XDG_CACHE_HOME:-$HOME/.cache}/vigil/elasticsearch-$VERSION
#   VIGIL_ES_DATA     $VIGIL_ES_HOME/run-$PORT   config, data, logs and pidfile of one instance,
#                                    so that several instances on several ports coexist
#   VIGIL_ES_HEAP     512m           -Xms/-Xmx
#   VIGIL_ES_USER     vigil-es       system user Elasticsearch runs as when this runs as root
#                                    (Elasticsearch refuses to run as root)
#   ES_JAVA_HOME      found          a Java 17 JDK: `java` on PATH or /usr/lib/jvm/*17*
#   VIGIL_ES_WAIT     90             seconds `start` waits for the cluster to turn yellow
#
# The zip is fetched with `mvn dependency:get` only when it is missing from the local Maven
# repository and unpacked once per VIGIL_ES_HOME. Security is disabled and the node listens
# on 127.0.0.1 only: this is a development server, never a production one.
set -euo pipefail

readonly VERSION="${VIGIL_ES_VERSION:-8.19.21}"
readonly PORT="${VIGIL_ES_PORT:-9200}"
if [[ "$(id -u)" -eq 0 ]]; then
    readonly AS_ROOT=true
    default_home="/var/lib/vigil/elasticsearch-${VERSION}"
else
    readonly AS_ROOT=false
    default_home="${XDG_CACHE_HOME:-${HOME}/.cache}/vigil/elasticsearch-${VERSION}"
fi
readonly ES_HOME_DIR="${VIGIL_ES_HOME:-${default_home}}"
readonly DATA="${VIGIL_ES_DATA:-${ES_HOME_DIR}/run-${PORT}}"
readonly HEAP="${VIGIL_ES_HEAP:-512m}"
readonly ES_USER="${VIGIL_ES_USER:-vigil-es}"
readonly WAIT_SECONDS="${VIGIL_ES_WAIT:-90}"
readonly URL="http://127.0.0.1:${PORT}"
readonly PIDFILE="${DATA}/elasticsearch.pid"
readonly CONF_DIR="${DATA}/config"
readonly LOG_DIR="${DATA}/logs"
readonly CLUSTER_NAME="vigil-dev"
readonly LOG_FILE="${LOG_DIR}/${CLUSTER_NAME}.log"
readonly M2_REPO="${MAVEN_REPO_LOCAL:-${HOME}/.m2/repository}"
readonly ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:${VERSION}:zip"
readonly ZIP="${M2_REPO}/org/elasticsearch/distribution/integ-test-zip/elasticsearch/${VERSION}/elasticsearch-${VERSION}.zip"

log() { printf 'elasticsearch.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
    printf 'usage: %s start|stop|status|url\n' "${0##*/}" >&2
    exit 2
}

if ! [[ "${PORT}" =~ ^[0-9]+$ ]] || ((PORT < 1 || PORT > 65535)); then
    die "VIGIL_ES_PORT must be a port number, got '${PORT}'"
fi

# The pid from the pidfile if that process is alive and is an Elasticsearch, else nothing.
running_pid() {
    [[ -r "${PIDFILE}" ]] || return 1
    local pid
    pid="$(tr -dc '0-9' <"${PIDFILE}")"
    [[ -n "${pid}" ]] || return 1
    kill -0 "${pid}" 2>/dev/null || return 1
    # guard against a recycled pid: the process must be an Elasticsearch server
    if [[ -r "/proc/${pid}/cmdline" ]] && ! tr '\0' ' ' <"/proc/${pid}/cmdline" | grep -q 'org.elasticsearch'; then
        return 1
    fi
    printf '%s\n' "${pid}"
}

# HTTP status of the health endpoint ("000" when nothing answers).
health_code() {
    local wait_param="${1:-}"
    curl -s -o /dev/null -w '%{http_code}' --max-time 5 \
        "${URL}/_cluster/health${wait_param}" 2>/dev/null || true
}

print_log_tail() {
    if [[ -r "${LOG_FILE}" ]]; then
        log "last 30 lines of ${LOG_FILE}:"
        tail -n 30 "${LOG_FILE}" >&2
    else
        log "no log at ${LOG_FILE}"
    fi
}

find_java_home() {
    if [[ -n "${ES_JAVA_HOME:-}" ]]; then
        printf '%s\n' "${ES_JAVA_HOME}"
        return 0
    fi
    local java_bin home
    if java_bin="$(command -v java 2>/dev/null)"; then
        home="$(dirname "$(dirname "$(readlink -f "${java_bin}")")")"
        if "${home}/bin/java" -version 2>&1 | grep -q 'version "17[."]'; then
            printf '%s\n' "${home}"
            return 0
        fi
    fi
    for home in /usr/lib/jvm/java-17-openjdk-* /usr/lib/jvm/*17*; do
        if [[ -x "${home}/bin/java" ]]; then
            printf '%s\n' "${home}"
            return 0
        fi
    done
    return 1
}

# Fetches the zip into the local Maven repository (only when absent) and unpacks it once.
install_distribution() {
    if [[ -x "${ES_HOME_DIR}/bin/elasticsearch" ]]; then
        return 0
    fi
    command -v unzip >/dev/null || die "unzip is required"
    mkdir -p "$(dirname "${ES_HOME_DIR}")"
    # concurrent test JVMs may install at the same time: one unpacks, the others wait
    exec 9>"${ES_HOME_DIR}.lock"
    flock 9
    if [[ ! -x "${ES_HOME_DIR}/bin/elasticsearch" ]]; then
        if [[ ! -f "${ZIP}" ]]; then
            command -v mvn >/dev/null || die "${ZIP} is missing and mvn is not on PATH"
            log "downloading ${ARTIFACT}"
            mvn -q dependency:get -Dartifact="${ARTIFACT}" -Dtransitive=false \
                || die "could not download ${ARTIFACT}"
            [[ -f "${ZIP}" ]] || die "mvn did not produce ${ZIP}"
        fi
        log "unpacking ${ZIP} into ${ES_HOME_DIR}"
        local tmp
        tmp="$(mktemp -d "${ES_HOME_DIR}.unpack.XXXXXX")"
        unzip -q "${ZIP}" -d "${tmp}"
        rm -rf "${ES_HOME_DIR}"
        mv "${tmp}/elasticsearch-${VERSION}" "${ES_HOME_DIR}"
        rm -rf "${tmp}"
    fi
    flock -u 9
    exec 9>&-
}

ensure_user() {
    if ! id -u "${ES_USER}" >/dev/null 2>&1; then
        log "creating system user ${ES_USER}"
        useradd -r -m -s /usr/sbin/nologin "${ES_USER}"
    fi
}

# A per-instance config directory (ES_PATH_CONF), so instances on other ports keep theirs.
write_config() {
    mkdir -p "${CONF_DIR}/jvm.options.d" "${DATA}/data" "${LOG_DIR}"
    local f
    for f in jvm.options log4j2.properties role_mapping.yml roles.yml users users_roles; do
        if [[ -f "${ES_HOME_DIR}/config/${f}" && ! -f "${CONF_DIR}/${f}" ]]; then
            cp "${ES_HOME_DIR}/config/${f}" "${CONF_DIR}/${f}"
        fi
    done
    cat >"${CONF_DIR}/elasticsearch.yml" <<EOF
# written by scripts/elasticsearch.sh: a single-node development server
cluster.name: ${CLUSTER_NAME}
node.name: vigil-dev-${PORT}
discovery.type: single-node
network.host: 127.0.0.1
http.port: ${PORT}
# ephemeral: instances on several HTTP ports never collide on the transport port
transport.port: 0
path.data: ${DATA}/data
path.logs: ${LOG_DIR}
xpack.security.enabled: false
# a nearly full development disk must not turn the indices read-only
cluster.routing.allocation.disk.threshold_enabled: false
# tests delete data streams and indices by wildcard
action.destructive_requires_name: false
EOF
    printf -- '-Xms%s\n-Xmx%s\n' "${HEAP}" "${HEAP}" >"${CONF_DIR}/jvm.options.d/vigil-heap.options"
}

cmd_start() {
    local pid
    if pid="$(running_pid)"; then
        log "already running on port ${PORT} (pid ${pid}): ${URL}"
        return 0
    fi
    local code
    code="$(health_code)"
    if [[ "${code}" == "200" ]]; then
        log "an Elasticsearch not started from ${DATA} already answers on port ${PORT}: ${URL}"
        return 0
    elif [[ "${code}" != "000" ]]; then
        die "port ${PORT} is in use by something that is not a healthy Elasticsearch (HTTP ${code})"
    fi

    local java_home
    java_home="$(find_java_home)" || die "no Java 17 JDK found: set ES_JAVA_HOME"
    install_distribution
    rm -f "${PIDFILE}"
    write_config

    local -a launch=(env
        "ES_PATH_CONF=${CONF_DIR}"
        "ES_JAVA_HOME=${java_home}"
        "${ES_HOME_DIR}/bin/elasticsearch" -d -p "${PIDFILE}")
    if [[ "${AS_ROOT}" == true ]]; then
        ensure_user
        chown -R "${ES_USER}:" "${ES_HOME_DIR}" "${DATA}"
        if ! runuser -u "${ES_USER}" -- test -w "${DATA}" -a -x "${ES_HOME_DIR}/bin/elasticsearch"; then
            die "user ${ES_USER} cannot reach ${DATA} or ${ES_HOME_DIR}: check the parent directories' permissions"
        fi
        launch=(runuser -u "${ES_USER}" -- "${launch[@]}")
    fi

    log "starting Elasticsearch ${VERSION} on ${URL} (data ${DATA}, heap ${HEAP})"
    # the launcher returns once the node has started or failed; its console output goes to
    # a file so that `start` prints only what matters
    if ! (cd "${DATA}" && "${launch[@]}" >"${LOG_DIR}/launcher.out" 2>&1); then
        log "the Elasticsearch launcher failed:"
        tail -n 30 "${LOG_DIR}/launcher.out" >&2 || true
        print_log_tail
        exit 1
    fi

    local deadline=$((SECONDS + WAIT_SECONDS))
    while ((SECONDS < deadline)); do
        if [[ "$(health_code '?wait_for_status=yellow&timeout=1s')" == "200" ]]; then
            log "ready: ${URL}"
            return 0
        fi
        if [[ -s "${PIDFILE}" ]] && ! running_pid >/dev/null; then
            log "Elasticsearch exited during startup"
            print_log_tail
            exit 1
        fi
        sleep 1
    done
    log "Elasticsearch did not turn yellow within ${WAIT_SECONDS}s on ${URL}"
    print_log_tail
    exit 1
}

cmd_stop() {
    local pid
    if ! pid="$(running_pid)"; then
        log "not running on port ${PORT} (no live process in ${PIDFILE})"
        rm -f "${PIDFILE}"
        return 0
    fi
    log "stopping pid ${pid}"
    kill -TERM "${pid}"
    local i
    for ((i = 0; i < 60; i++)); do
        if ! kill -0 "${pid}" 2>/dev/null; then
            rm -f "${PIDFILE}"
            log "stopped"
            return 0
        fi
        sleep 1
    done
    log "pid ${pid} still alive after 60s: killing it"
    kill -KILL "${pid}" 2>/dev/null || true
    rm -f "${PIDFILE}"
}

cmd_status() {
    local pid
    if pid="$(running_pid)" && [[ "$(health_code)" == "200" ]]; then
        printf 'running (pid %s) %s\n' "${pid}" "${URL}"
        return 0
    fi
    printf 'not running on port %s\n' "${PORT}"
    return 1
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    url) printf '%s\n' "${URL}" ;;
    *) usage ;;
esac
