#!/usr/bin/env python3
"""Writes vigil-saved-objects.ndjson: the vigil data views, saved searches, Lens
visualizations and dashboards in the Kibana 8.x saved-object export format (one object per
line; stringified JSON where Kibana stores it so: searchSourceJSON, panelsJSON, optionsJSON,
fieldFormatMap, fieldAttrs).

The NDJSON is the artifact (`vigil setup --kibana` imports it, so does Kibana's Saved Objects
page); this script is its source, because the nested stringified JSON is not editable by hand.
Edit here, run `python3 deploy/kibana/build_saved_objects.py`, commit both. Output is
deterministic: fixed ids, sorted keys, no timestamps.

Every field used here must exist in deploy/schema (or deploy/schema/pending-fields.json):
KibanaSavedObjectsTest checks it, and parses every KQL query.
"""

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "vigil-saved-objects.ndjson")

# Kibana 8.8 introduced coreMigrationVersion/typeMigrationVersion; the type versions are the
# formats written below (Lens "formBased" datasource: 8.6; dashboard panel references
# "<panelIndex>:panel_<panelIndex>": 8.7). Kibana migrates them forward on import.
CORE_MIGRATION = "8.8.0"
TYPE_MIGRATION = {"index-pattern": "8.0.0", "search": "8.0.0", "lens": "8.6.0", "dashboard": "8.7.0"}
PANEL_VERSION = "8.8.0"
TIME = "@timestamp"

objects = []


def compact(value):
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def saved(type_, id_, attributes, references=()):
    objects.append({
        "type": type_,
        "id": id_,
        "attributes": attributes,
        "references": list(references),
        "coreMigrationVersion": CORE_MIGRATION,
        "typeMigrationVersion": TYPE_MIGRATION[type_],
        "managed": False,
    })
    return id_


# ---------------------------------------------------------------- data views

def data_view(id_, title, name, formats=None, labels=None):
    """title: the index pattern(s), comma-separated; `vigil setup --namespace N` narrows the
    trailing `-*` of each to `-N`."""
    field_attrs = {f: {"customLabel": label} for f, label in (labels or {}).items()}
    return saved("index-pattern", id_, {
        "title": title,
        "name": name,
        "timeFieldName": TIME,
        "allowNoIndex": True,
        "fields": "[]",
        "fieldFormatMap": compact(formats or {}),
        "fieldAttrs": compact(field_attrs),
        "runtimeFieldMap": "{}",
        "sourceFilters": "[]",
        "typeMeta": "{}",
    })


NANOS = {"id": "duration", "params": {"inputFormat": "nanoseconds", "outputFormat": "humanizePrecise",
                                      "outputPrecision": 1}}
MILLIS = {"id": "duration", "params": {"inputFormat": "milliseconds", "outputFormat": "humanizePrecise",
                                       "outputPrecision": 0}}


def number(pattern):
    return {"id": "number", "params": {"pattern": pattern}}


DV_EVENTS = data_view("vigil-dv-events", "logs-vigil.*-*", "vigil events (all datasets)",
                      formats={"event.duration": NANOS})
DV_FINDINGS = data_view("vigil-dv-findings", "logs-vigil.finding-*", "vigil findings",
                        labels={"vigil.severity": "Severity", "rule.name": "Rule",
                                "vigil.cis.control": "CIS Control", "vigil.evidence.count": "Evidence events"})
DV_ASSETS = data_view("vigil-dv-assets", "logs-vigil.asset-*", "vigil assets",
                      labels={"asset.authorized": "Authorized", "asset.services.offered.port": "Offered ports"})
DV_VOIP = data_view("vigil-dv-voip", "logs-vigil.sip-*,logs-vigil.call-*,logs-vigil.rtp-*",
                    "vigil SIP, calls and RTP",
                    formats={"event.duration": NANOS, "call.setup_ms": MILLIS,
                             "rtp.mos": number("0.00"), "rtp.jitter.mean_ms": number("0.0"),
                             "rtp.jitter.max_ms": number("0.0")},
                    labels={"rtp.mos": "MOS", "call.setup_ms": "Setup time"})
DV_FLOWS = data_view("vigil-dv-flows", "logs-vigil.flow-*", "vigil flows",
                     formats={"event.duration": NANOS})


# ---------------------------------------------------------------- saved searches

def search(id_, title, description, view, columns, query="", sort=((TIME, "desc"),)):
    return saved("search", id_, {
        "title": title,
        "description": description,
        "columns": list(columns),
        "sort": [list(s) for s in sort],
        "grid": {},
        "hideChart": False,
        "isTextBasedQuery": False,
        "kibanaSavedObjectMeta": {"searchSourceJSON": compact({
            "query": {"query": query, "language": "kuery"},
            "filter": [],
            "indexRefName": "kibanaSavedObjectMeta.searchSourceJSON.index",
        })},
    }, [{"type": "index-pattern", "id": view, "name": "kibanaSavedObjectMeta.searchSourceJSON.index"}])


FINDING_COLUMNS = ["vigil.severity", "rule.id", "rule.name", "asset.name", "asset.ip", "asset.mac", "asset.role",
                   "message", "vigil.evidence.count", "vigil.evidence.first_seen", "vigil.evidence.last_seen"]

S_FINDINGS = search("vigil-search-findings", "vigil findings",
                    "Every finding, newest first, with the asset it concerns and its evidence.",
                    DV_FINDINGS, FINDING_COLUMNS)
S_FINDINGS_HIGH = search("vigil-search-findings-high", "vigil findings: high and critical",
                         "Findings of severity high or critical.", DV_FINDINGS, FINDING_COLUMNS,
                         query='vigil.severity : ("high" or "critical")',
                         sort=(("event.severity", "desc"), (TIME, "desc")))
S_ASSETS = search("vigil-search-assets", "vigil assets",
                  "Inventory documents: every device seen, its addresses, names, vendor, software and services.",
                  DV_ASSETS, ["asset.mac", "asset.ips", "asset.names", "asset.vendor", "asset.role", "asset.authorized",
                              "asset.software.product", "asset.software.version", "asset.services.offered.port",
                              "asset.first_seen", "asset.last_seen"])
S_ASSETS_UNAUTHORIZED = search("vigil-search-assets-unauthorized", "vigil assets: not authorized",
                               "Devices that are not in the site's inventory of authorized devices.",
                               DV_ASSETS, ["asset.mac", "asset.ips", "asset.names", "asset.vendor",
                                           "asset.software.product", "asset.first_seen", "asset.last_seen"],
                               query="asset.authorized : false")
S_CALLS = search("vigil-search-calls", "vigil calls",
                 "SIP calls: parties, outcome, setup time, duration and media protection.",
                 DV_VOIP, ["call.caller.user", "call.callee.user", "call.status_code", "call.end_reason",
                           "call.setup_ms", "event.duration", "call.transport", "call.media_encryption",
                           "source.ip", "destination.ip", "call.id"],
                 query='event.dataset : "vigil.call"')
S_RTP_POOR = search("vigil-search-rtp-poor", "vigil RTP streams: poor quality",
                    "RTP streams with an estimated MOS below 3.6 (ITU-T G.107: many users dissatisfied) or "
                    "with lost packets: the streams to listen for.",
                    DV_VOIP, ["rtp.codec", "rtp.mos", "rtp.lost", "rtp.packets", "rtp.jitter.mean_ms",
                              "rtp.jitter.max_ms", "rtp.srtp", "source.ip", "destination.ip", "rtp.ssrc"],
                    query='event.dataset : "vigil.rtp" and (rtp.mos < 3.6 or rtp.lost > 0)')
S_SIP = search("vigil-search-sip", "vigil SIP messages",
               "SIP requests and responses as decoded (Packetbeat field names).",
               DV_VOIP, ["sip.method", "sip.code", "sip.status", "sip.from.uri.user", "sip.to.uri.user",
                         "sip.user_agent.original", "sip.transport", "source.ip", "destination.ip", "sip.call_id"],
               query='event.dataset : "vigil.sip"')
S_PORT_FINDINGS = search("vigil-search-port-policy-findings", "vigil port policy findings",
                         "Findings under CIS Control 9 (limitation and control of network ports, protocols and "
                         "services): services that the policy does not approve.",
                         DV_FINDINGS, ["vigil.severity", "rule.name", "asset.name", "asset.ip", "asset.role",
                                       "message", "vigil.evidence.count", "vigil.evidence.last_seen"],
                         query="vigil.cis.control : 9")
S_UNNAMED_FLOWS = search("vigil-search-flows-unnamed", "vigil flows: unnamed services",
                         "Flows to a port that no decoder or catalogue entry names (network.protocol missing).",
                         DV_FLOWS, ["source.ip", "destination.ip", "destination.port", "network.transport",
                                    "network.bytes", "event.duration"],
                         query="not network.protocol : *")


# ---------------------------------------------------------------- Lens

FIELD_DATA_TYPES = {}  # filled from the schema at the bottom, for the columns' dataType


def count(label="Count"):
    return {"label": label, "customLabel": True, "dataType": "number", "operationType": "count",
            "isBucketed": False, "scale": "ratio", "sourceField": "___records___", "params": {"emptyAsNull": True}}


def metric(op, field, label, kql=None):
    is_date = op in ("max", "min") and data_type(field) == "date"
    col = {"label": label, "customLabel": True, "dataType": "date" if is_date else "number",
           "operationType": op, "isBucketed": False,
           "scale": "ratio", "sourceField": field, "params": {"emptyAsNull": True}}
    if op == "unique_count":
        col["params"] = {}
    if kql is not None:
        col["filter"] = {"query": kql, "language": "kuery"}
    return col


def last_value(field, label):
    return {"label": label, "customLabel": True, "dataType": data_type(field), "operationType": "last_value",
            "isBucketed": False, "scale": "ordinal", "sourceField": field,
            "params": {"sortField": TIME, "showArrayValues": True}}


def terms(field, label, order_by, size=10, other=True):
    return {"label": label, "customLabel": True, "dataType": data_type(field), "operationType": "terms",
            "isBucketed": True, "scale": "ordinal", "sourceField": field,
            "params": {"size": size, "orderBy": {"type": "column", "columnId": order_by}, "orderDirection": "desc",
                       "otherBucket": other, "missingBucket": False, "parentFormat": {"id": "terms"}}}


def histogram(label="Time"):
    return {"label": label, "customLabel": True, "dataType": "date", "operationType": "date_histogram",
            "isBucketed": True, "scale": "interval", "sourceField": TIME,
            "params": {"interval": "auto", "includeEmptyRows": True, "dropPartials": False}}


def data_type(field):
    return {"keyword": "string", "ip": "ip", "boolean": "boolean", "date": "date", "date_nanos": "date"}.get(
        FIELD_DATA_TYPES[field], "number")


def lens(id_, title, description, view, vis_type, columns, visualization, query=""):
    """columns: ordered list of (column id, column); one layer named after the object."""
    layer = id_ + "-layer"
    state = {
        "datasourceStates": {"formBased": {"layers": {layer: {
            "columns": {cid: col for cid, col in columns},
            "columnOrder": [cid for cid, _ in columns],
            "incompleteColumns": {},
        }}}},
        "visualization": visualization(layer),
        "query": {"query": query, "language": "kuery"},
        "filters": [],
        "internalReferences": [],
        "adHocDataViews": {},
    }
    return saved("lens", id_, {"title": title, "description": description, "visualizationType": vis_type,
                               "state": state},
                 [{"type": "index-pattern", "id": view, "name": "indexpattern-datasource-layer-" + layer}])


def metric_vis(accessor):
    return lambda layer: {"layerId": layer, "layerType": "data", "metricAccessor": accessor}


def xy_vis(series, x, accessors, split=None):
    def build(layer):
        l = {"layerId": layer, "layerType": "data", "seriesType": series, "xAccessor": x, "accessors": accessors}
        if split:
            l["splitAccessor"] = split
        return {"legend": {"isVisible": True, "position": "right"}, "valueLabels": "hide",
                "fittingFunction": "None", "preferredSeriesType": series, "layers": [l]}
    return build


def table_vis(column_ids):
    return lambda layer: {"layerId": layer, "layerType": "data", "columns": [{"columnId": c} for c in column_ids]}


def build_lens():
    L = {}
    # ---- assets
    L["assets-count"] = lens("vigil-lens-assets-count", "Assets seen", "Distinct MAC addresses in the inventory.",
                             DV_ASSETS, "lnsMetric",
                             [("n", metric("unique_count", "asset.mac", "Assets"))], metric_vis("n"))
    L["assets-unauthorized"] = lens("vigil-lens-assets-unauthorized", "Assets not authorized",
                                    "Distinct MAC addresses of devices outside the authorized inventory.",
                                    DV_ASSETS, "lnsMetric",
                                    [("n", metric("unique_count", "asset.mac", "Not authorized",
                                                  kql="asset.authorized : false"))], metric_vis("n"))
    L["assets-by-role"] = lens("vigil-lens-assets-by-role", "Assets by role", "Distinct assets per policy role.",
                               DV_ASSETS, "lnsXY",
                               [("role", terms("asset.role", "Role", "n")),
                                ("n", metric("unique_count", "asset.mac", "Assets"))],
                               xy_vis("bar_horizontal", "role", ["n"]))
    L["assets-by-vendor"] = lens("vigil-lens-assets-by-vendor", "Assets by vendor",
                                 "Distinct assets per MAC vendor (IEEE OUI).", DV_ASSETS, "lnsXY",
                                 [("vendor", terms("asset.vendor", "Vendor", "n")),
                                  ("n", metric("unique_count", "asset.mac", "Assets"))],
                                 xy_vis("bar_horizontal", "vendor", ["n"]))
    L["assets-software"] = lens("vigil-lens-assets-software", "Software and firmware versions",
                                "Which product versions run on how many assets: spot outdated firmware.",
                                DV_ASSETS, "lnsDatatable",
                                [("product", terms("asset.software.product", "Product", "n", size=20)),
                                 ("version", terms("asset.software.version", "Version", "n", size=10)),
                                 ("n", metric("unique_count", "asset.mac", "Assets"))],
                                table_vis(["product", "version", "n"]))
    L["assets-table"] = lens("vigil-lens-assets-table", "Asset inventory",
                             "One row per MAC address with its latest state.", DV_ASSETS, "lnsDatatable",
                             [("mac", terms("asset.mac", "MAC", "last", size=500, other=False)),
                              ("ips", last_value("asset.ips", "IP addresses")),
                              ("names", last_value("asset.names", "Names")),
                              ("vendor", last_value("asset.vendor", "Vendor")),
                              ("role", last_value("asset.role", "Role")),
                              ("auth", last_value("asset.authorized", "Authorized")),
                              ("ports", last_value("asset.services.offered.port", "Offered ports")),
                              ("last", metric("max", "asset.last_seen", "Last seen"))],
                             table_vis(["mac", "ips", "names", "vendor", "role", "auth", "ports", "last"]))
    # ---- findings
    L["findings-count"] = lens("vigil-lens-findings-count", "Findings", "Number of findings in the time range.",
                               DV_FINDINGS, "lnsMetric", [("n", count("Findings"))], metric_vis("n"))
    L["findings-over-time"] = lens("vigil-lens-findings-over-time", "Findings over time by severity",
                                   "Findings per interval, stacked by severity label.", DV_FINDINGS, "lnsXY",
                                   [("t", histogram()), ("sev", terms("vigil.severity", "Severity", "n", size=5)),
                                    ("n", count("Findings"))],
                                   xy_vis("bar_stacked", "t", ["n"], split="sev"))
    L["findings-by-rule"] = lens("vigil-lens-findings-by-rule", "Findings by rule",
                                 "Which rules fire, with the CIS Control and the assets concerned.",
                                 DV_FINDINGS, "lnsDatatable",
                                 [("rule", terms("rule.name", "Rule", "n", size=50, other=False)),
                                  ("cis", last_value("vigil.cis.control", "CIS Control")),
                                  ("n", count("Findings")),
                                  ("assets", metric("unique_count", "asset.mac", "Assets")),
                                  ("evidence", metric("sum", "vigil.evidence.count", "Evidence events")),
                                  ("last", metric("max", "vigil.evidence.last_seen", "Last evidence"))],
                                 table_vis(["rule", "cis", "n", "assets", "evidence", "last"]))
    L["findings-by-asset"] = lens("vigil-lens-findings-by-asset", "Assets with the most findings",
                                  "Assets ranked by findings, highest severity shown.", DV_FINDINGS, "lnsDatatable",
                                  [("asset", terms("asset.name", "Asset", "n", size=20, other=False)),
                                   ("ip", last_value("asset.ip", "IP")),
                                   ("role", last_value("asset.role", "Role")),
                                   ("n", count("Findings")),
                                   ("sev", metric("max", "event.severity", "Highest severity"))],
                                  table_vis(["asset", "ip", "role", "n", "sev"]))
    # ---- SIP calls and RTP
    calls = 'event.dataset : "vigil.call"'
    rtp = 'event.dataset : "vigil.rtp"'
    L["calls-count"] = lens("vigil-lens-calls-count", "Calls", "Number of calls in the time range.", DV_VOIP,
                            "lnsMetric", [("n", count("Calls"))], metric_vis("n"), query=calls)
    L["calls-unencrypted"] = lens("vigil-lens-calls-unencrypted", "Calls without media encryption",
                                  "Calls whose SDP negotiated no SRTP.", DV_VOIP, "lnsMetric",
                                  [("n", count("Unencrypted calls"))], metric_vis("n"),
                                  query=calls + ' and call.media_encryption : "none"')
    L["calls-over-time"] = lens("vigil-lens-calls-over-time", "Calls over time by outcome",
                                "Calls per interval, stacked by how they ended.", DV_VOIP, "lnsXY",
                                [("t", histogram()), ("end", terms("call.end_reason", "End reason", "n", size=8)),
                                 ("n", count("Calls"))],
                                xy_vis("bar_stacked", "t", ["n"], split="end"), query=calls)
    L["calls-setup"] = lens("vigil-lens-calls-setup", "Call setup time",
                            "Mean and worst time from INVITE to final response.", DV_VOIP, "lnsXY",
                            [("t", histogram()), ("avg", metric("average", "call.setup_ms", "Mean setup (ms)")),
                             ("max", metric("max", "call.setup_ms", "Worst setup (ms)"))],
                            xy_vis("line", "t", ["avg", "max"]), query=calls)
    L["calls-status"] = lens("vigil-lens-calls-status", "Final status codes",
                             "Final SIP status of the INVITEs (4xx/5xx/6xx are failed calls).", DV_VOIP, "lnsXY",
                             [("code", terms("call.status_code", "Status", "n", size=15)), ("n", count("Calls"))],
                             xy_vis("bar_horizontal", "code", ["n"]), query=calls)
    L["calls-transport"] = lens("vigil-lens-calls-transport", "Signalling transport and media encryption",
                                "Calls per transport and media protection: clear-text SIP or RTP is visible here.",
                                DV_VOIP, "lnsDatatable",
                                [("tr", terms("call.transport", "Transport", "n", size=5)),
                                 ("enc", terms("call.media_encryption", "Media encryption", "n", size=5)),
                                 ("n", count("Calls")), ("dur", metric("average", "event.duration", "Mean duration"))],
                                table_vis(["tr", "enc", "n", "dur"]), query=calls)
    L["rtp-mos"] = lens("vigil-lens-rtp-mos", "Median MOS", "Median estimated MOS of the RTP streams.", DV_VOIP,
                        "lnsMetric", [("m", metric("median", "rtp.mos", "Median MOS"))], metric_vis("m"), query=rtp)
    L["rtp-quality"] = lens("vigil-lens-rtp-quality", "RTP jitter and MOS over time",
                            "Mean and maximum jitter (ms) and the lowest MOS per interval.", DV_VOIP, "lnsXY",
                            [("t", histogram()), ("jm", metric("average", "rtp.jitter.mean_ms", "Mean jitter (ms)")),
                             ("jx", metric("max", "rtp.jitter.max_ms", "Max jitter (ms)")),
                             ("mos", metric("min", "rtp.mos", "Lowest MOS"))],
                            xy_vis("line", "t", ["jm", "jx", "mos"]), query=rtp)
    L["rtp-loss"] = lens("vigil-lens-rtp-loss", "RTP packets and loss by codec",
                         "Packets, lost packets and streams per codec; SRTP share.", DV_VOIP, "lnsDatatable",
                         [("codec", terms("rtp.codec", "Codec", "n", size=10)),
                          ("srtp", terms("rtp.srtp", "SRTP", "n", size=2)),
                          ("n", count("Streams")),
                          ("packets", metric("sum", "rtp.packets", "Packets")),
                          ("lost", metric("sum", "rtp.lost", "Lost")),
                          ("mos", metric("average", "rtp.mos", "Mean MOS"))],
                         table_vis(["codec", "srtp", "n", "packets", "lost", "mos"]), query=rtp)
    # ---- port policy
    L["port-findings-over-time"] = lens("vigil-lens-port-findings-over-time", "Port policy findings over time",
                                        "Findings under CIS Control 9, stacked by rule.", DV_FINDINGS, "lnsXY",
                                        [("t", histogram()), ("rule", terms("rule.name", "Rule", "n", size=8)),
                                         ("n", count("Findings"))],
                                        xy_vis("bar_stacked", "t", ["n"], split="rule"),
                                        query="vigil.cis.control : 9")
    L["port-services"] = lens("vigil-lens-port-services", "Services in use",
                              "Flows per transport, destination port and named protocol, with the number of "
                              "clients and servers: compare with the approved services of the guide's Tables 1 and 2.",
                              DV_FLOWS, "lnsDatatable",
                              [("tr", terms("network.transport", "Transport", "n", size=3, other=False)),
                               ("port", terms("destination.port", "Port", "n", size=100, other=False)),
                               ("proto", terms("network.protocol", "Protocol", "n", size=3)),
                               ("n", count("Flows")),
                               ("clients", metric("unique_count", "source.ip", "Clients")),
                               ("servers", metric("unique_count", "destination.ip", "Servers"))],
                              table_vis(["tr", "port", "proto", "n", "clients", "servers"]),
                              query='event.dataset : "vigil.flow"')
    L["port-protocols"] = lens("vigil-lens-port-protocols", "Flows by protocol",
                               "Flows per named application protocol.", DV_FLOWS, "lnsXY",
                               [("proto", terms("network.protocol", "Protocol", "n", size=20)),
                                ("n", count("Flows"))],
                               xy_vis("bar_horizontal", "proto", ["n"]))
    L["port-unnamed"] = lens("vigil-lens-port-unnamed", "Unnamed services",
                             "Destination ports whose protocol nobody named: candidates for a policy review.",
                             DV_FLOWS, "lnsDatatable",
                             [("port", terms("destination.port", "Port", "n", size=50, other=False)),
                              ("tr", terms("network.transport", "Transport", "n", size=3, other=False)),
                              ("n", count("Flows")),
                              ("servers", metric("unique_count", "destination.ip", "Servers")),
                              ("bytes", metric("sum", "network.bytes", "Bytes"))],
                             table_vis(["port", "tr", "n", "servers", "bytes"]),
                             query="not network.protocol : *")
    return L


# ---------------------------------------------------------------- dashboards

def dashboard(id_, title, description, panels, time_from="now-24h"):
    """panels: (type, id, x, y, w, h) on Kibana's 48-column grid."""
    panel_json, refs = [], []
    for n, (type_, ref_id, x, y, w, h) in enumerate(panels, start=1):
        index = "p%d" % n
        panel_json.append({"version": PANEL_VERSION, "type": type_, "panelIndex": index,
                           "gridData": {"x": x, "y": y, "w": w, "h": h, "i": index},
                           "embeddableConfig": {"enhancements": {}}, "panelRefName": "panel_" + index})
        refs.append({"type": type_, "id": ref_id, "name": index + ":panel_" + index})
    return saved("dashboard", id_, {
        "title": title,
        "description": description,
        "panelsJSON": compact(panel_json),
        "optionsJSON": compact({"useMargins": True, "syncColors": False, "syncCursor": True, "syncTooltips": False,
                                "hidePanelTitles": False}),
        "timeRestore": True,
        "timeFrom": time_from,
        "timeTo": "now",
        "refreshInterval": {"pause": True, "value": 60000},
        "version": 1,
        "kibanaSavedObjectMeta": {"searchSourceJSON": compact({"query": {"query": "", "language": "kuery"},
                                                               "filter": []})},
    }, refs)


def build_dashboards(L):
    dashboard("vigil-dashboard-assets", "vigil Assets",
              "Devices the sensor has seen: how many, which are not authorized, roles, vendors, software "
              "versions, and the inventory itself.", [
                  ("lens", L["assets-count"], 0, 0, 12, 7),
                  ("lens", L["assets-unauthorized"], 12, 0, 12, 7),
                  ("lens", L["assets-by-role"], 24, 0, 24, 14),
                  ("lens", L["assets-by-vendor"], 0, 7, 24, 14),
                  ("lens", L["assets-software"], 24, 14, 24, 14),
                  ("lens", L["assets-table"], 0, 21, 24, 21),
                  ("search", S_ASSETS_UNAUTHORIZED, 24, 28, 24, 14),
                  ("search", S_ASSETS, 0, 42, 48, 18),
              ], time_from="now-30d")
    dashboard("vigil-dashboard-findings", "vigil Findings",
              "Policy findings: how many, by severity over time, by rule and CIS Control, by asset, and the list.", [
                  ("lens", L["findings-count"], 0, 0, 12, 8),
                  ("lens", L["findings-over-time"], 12, 0, 36, 12),
                  ("lens", L["findings-by-rule"], 0, 12, 28, 15),
                  ("lens", L["findings-by-asset"], 28, 12, 20, 15),
                  ("search", S_FINDINGS_HIGH, 0, 27, 48, 14),
                  ("search", S_FINDINGS, 0, 41, 48, 18),
              ], time_from="now-7d")
    dashboard("vigil-dashboard-voip", "vigil SIP calls and RTP quality",
              "Calls (outcome, setup time, status codes, transport and media encryption) and the quality of "
              "their RTP streams (MOS, jitter, loss by codec), with the calls, the poor streams and the SIP "
              "messages to drill into.", [
                  ("lens", L["calls-count"], 0, 0, 10, 7),
                  ("lens", L["calls-unencrypted"], 10, 0, 10, 7),
                  ("lens", L["rtp-mos"], 20, 0, 10, 7),
                  ("lens", L["calls-status"], 30, 0, 18, 10),
                  ("lens", L["calls-over-time"], 0, 7, 30, 12),
                  ("lens", L["calls-setup"], 0, 19, 24, 12),
                  ("lens", L["rtp-quality"], 24, 19, 24, 12),
                  ("lens", L["calls-transport"], 30, 10, 18, 9),
                  ("lens", L["rtp-loss"], 0, 31, 48, 10),
                  ("search", S_CALLS, 0, 41, 48, 15),
                  ("search", S_RTP_POOR, 0, 56, 48, 12),
                  ("search", S_SIP, 0, 68, 48, 15),
              ])
    dashboard("vigil-dashboard-port-policy", "vigil Port policy",
              "CIS Control 9: which services are in use (transport, port, protocol, clients, servers), which "
              "nobody named, and the findings of services the policy does not approve.", [
                  ("lens", L["port-findings-over-time"], 0, 0, 30, 12),
                  ("lens", L["port-protocols"], 30, 0, 18, 12),
                  ("search", S_PORT_FINDINGS, 0, 12, 48, 14),
                  ("lens", L["port-services"], 0, 26, 28, 18),
                  ("lens", L["port-unnamed"], 28, 26, 20, 18),
                  ("search", S_UNNAMED_FLOWS, 0, 44, 48, 14),
              ], time_from="now-7d")


# ---------------------------------------------------------------- field types

def load_field_types():
    """Leaf field -> Elasticsearch type, from the mappings plus the pending fields (which win)."""
    root = os.path.dirname(HERE)
    with open(os.path.join(root, "elasticsearch", "vigil-mappings.json")) as f:
        props = json.load(f)["template"]["mappings"]["properties"]

    def walk(p, prefix):
        for k, v in p.items():
            if "properties" in v:
                walk(v["properties"], prefix + k + ".")
            else:
                FIELD_DATA_TYPES[prefix + k] = v["type"]
    walk(props, "")
    pending = os.path.join(root, "schema", "pending-fields.json")
    if os.path.exists(pending):
        with open(pending) as f:
            for name, spec in json.load(f).items():
                FIELD_DATA_TYPES[name] = spec["type"]


def main():
    load_field_types()
    build_dashboards(build_lens())
    ids = [o["id"] for o in objects]
    assert len(ids) == len(set(ids)), "duplicate ids"
    # Kibana resolves references within the file in any order; data views first reads best
    order = {"index-pattern": 0, "search": 1, "lens": 2, "dashboard": 3}
    objects.sort(key=lambda o: (order[o["type"]], o["id"]))
    with open(OUT, "w", newline="\n") as f:
        for o in objects:
            f.write(compact(o) + "\n")
    print("wrote %d objects to %s" % (len(objects), OUT))


if __name__ == "__main__":
    main()
