#!/usr/bin/env python3
"""A synthetic catalog of N regions, for benchmarking the search only.

    python3 benches/synthetic_catalog.py N OUT_DIR

Writes OUT_DIR/aws/{regions,rtt}.toml and the catalog files that list
regions, for `meridian plan SPEC --catalog OUT_DIR`. The 32 AWS regions
stay as they are; the others are the AWS engines and prices placed at the
coordinates of ../shared/data/gcp_regions.csv and azure_regions.csv (taken
in turn, GCP then Azure, each in file order; those with coordinates), up
to 135 regions; past them (160), copies of those regions shifted 1.5
degrees east. Each synthetic region takes from its nearest AWS region
(great circle) its country (so residency and price geographies hold), its
EC2 price index and transfer price, its place in every list of regions
(engines' offers and Region sets, price geographies, Origin Shield), and
its intra-region RTT; its outage rate is the catalog's default for a
region without a history of its own. RTT between regions not both AWS is
the distance fit the catalog already uses (src/network.rs,
fit_route_inflation): the fibre bound (fiber_km_per_ms of network.toml)
times the median ratio of measured RTT to that bound over AWS pairs at
least fit_min_km apart, and at least the larger of the two regions'
intra-region RTTs.

These catalogs price no real region: they exist to show how the search's
time and designs measured grow with the number of regions
(benches/scaling.py). Nothing here is read by meridian itself.
"""

import csv
import math
import os
import re
import statistics
import sys
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATALOG = os.path.join(ROOT, "catalogs", "aws")
SHARED = os.path.join(ROOT, "..", "shared", "data")
EARTH_RADIUS_KM = 6371.0088  # as src/network.rs


def km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def others():
    """GCP then Azure regions (id, lat, lon), each in file order."""
    out = []
    for cloud, name in (("gcp", "gcp_regions.csv"), ("azure", "azure_regions.csv")):
        with open(os.path.join(SHARED, name), newline="") as f:
            for row in csv.DictReader(f):
                if not row["lat"] or not row["lon"]:
                    continue  # staging regions without coordinates
                out.append((f"syn-{cloud}-{row['region_id']}", float(row["lat"]), float(row["lon"])))
    # Taken in turn so that every size mixes both sets.
    gcp = [o for o in out if o[0].startswith("syn-gcp-")]
    azure = [o for o in out if o[0].startswith("syn-azure-")]
    mixed = []
    for i in range(max(len(gcp), len(azure))):
        mixed.extend(x[i] for x in (gcp, azure) if i < len(x))
    return mixed


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    n = int(sys.argv[1])
    out_dir = sys.argv[2]
    with open(os.path.join(CATALOG, "regions.toml"), "rb") as f:
        aws = tomllib.load(f)["region"]
    with open(os.path.join(CATALOG, "rtt.toml"), "rb") as f:
        rtt = tomllib.load(f)
    with open(os.path.join(CATALOG, "network.toml"), "rb") as f:
        network = tomllib.load(f)
    if n < len(aws):
        sys.exit(f"N must be at least the {len(aws)} AWS regions")
    extra = others()
    extra += [(f"{i}-east", la, lo + 1.5) for (i, la, lo) in extra]
    if n - len(aws) > len(extra):
        sys.exit(f"at most {len(aws) + len(extra)} regions")
    extra = extra[: n - len(aws)]

    order = rtt["regions"]
    measured = rtt["p50_ms"]
    pos = {r["id"]: (r["lat"], r["lon"]) for r in aws}
    fiber = network["fiber_km_per_ms"]["value"]
    bound = lambda a, b: 2 * km(a, b) / fiber
    min_ms = 2 * network["fit_min_km"] / fiber
    ratios = [
        measured[a][j] / bound(pos[a], pos[b])
        for a in order
        for j, b in enumerate(order)
        if a != b and bound(pos[a], pos[b]) >= min_ms
    ]
    inflation = statistics.median(ratios)

    def nearest_aws(p):
        return min(aws, key=lambda r: km(p, (r["lat"], r["lon"])))

    def value(x):
        return x["value"] if isinstance(x, dict) else x

    regions = [dict(r, source=None) for r in aws]
    twin = {r["id"]: r["id"] for r in aws}
    for rid, lat, lon in extra:
        near = nearest_aws((lat, lon))
        twin[rid] = near["id"]
        regions.append(
            {
                "id": rid,
                "name": f"synthetic at {lat:.2f}, {lon:.2f}",
                "country": near["country"],
                "lat": lat,
                "lon": lon,
                "vm_usd_per_hour": value(near["vm_usd_per_hour"]),
                "transfer_out_usd_per_gb": value(near["transfer_out_usd_per_gb"]),
                "source": near["id"],
            }
        )
    os.makedirs(os.path.join(out_dir, "aws", "engines"), exist_ok=True)

    # regions.toml: the AWS file as it is, then the synthetic regions.
    with open(os.path.join(CATALOG, "regions.toml")) as f:
        text = f.read()
    text += "\n# Synthetic regions (benches/synthetic_catalog.py): benchmarking only.\n"
    for r in regions[len(aws) :]:
        text += (
            f'\n[[region]]\nid = "{r["id"]}"\nname = "{r["name"]}"\ncountry = "{r["country"]}"\n'
            f'lat = {r["lat"]}\nlon = {r["lon"]}\n'
            f'vm_usd_per_hour = {{ value = {r["vm_usd_per_hour"]}, '
            f'derived = "synthetic: the price of {r["source"]}, the nearest AWS region" }}\n'
            f'transfer_out_usd_per_gb = {{ value = {r["transfer_out_usd_per_gb"]}, '
            f'derived = "synthetic: the price of {r["source"]}, the nearest AWS region" }}\n'
        )
    with open(os.path.join(out_dir, "aws", "regions.toml"), "w") as f:
        f.write(text)

    # rtt.toml: measured between AWS regions, else the distance fit.
    ids = [r["id"] for r in regions]
    where = {r["id"]: (r["lat"], r["lon"]) for r in regions}
    intra = {r: measured[twin[r]][order.index(twin[r])] for r in ids}

    def ms(a, b):
        if a in measured and b in measured:
            return measured[a][order.index(b)]
        if a == b:
            return intra[a]
        return round(max(bound(where[a], where[b]) * inflation, intra[a], intra[b]), 3)

    with open(os.path.join(out_dir, "aws", "rtt.toml"), "w") as f:
        f.write(
            "# Synthetic (benches/synthetic_catalog.py): measured AWS pairs, else the"
            f" fibre bound x {inflation:.4f}, the median measured/bound ratio.\n\n"
        )
        f.write("regions = [" + ", ".join(f'"{r}"' for r in ids) + "]\n\n[p50_ms]\n")
        for a in ids:
            f.write(f'"{a}" = [' + ", ".join(str(ms(a, b)) for b in ids) + "]\n")

    # Lists of regions (engines' offers and Region sets, price geographies,
    # Origin Shield regions): each synthetic region joins the lists its
    # nearest AWS region is in.
    def widen(match):
        names = re.findall(r'"([^"]+)"', match.group(0))
        added = [r for r in ids[len(aws) :] if twin[r] in names]
        if not added:
            return match.group(0)
        return "[" + ", ".join(f'"{x}"' for x in names + added) + "]"

    for sub in ("", "engines"):
        folder = os.path.join(CATALOG, sub)
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".toml") or name in ("regions.toml", "rtt.toml"):
                continue
            with open(os.path.join(folder, name)) as f:
                text = f.read()
            lines = []
            for line in text.splitlines(keepends=True):
                if '["' in line.replace(" ", "") and not line.lstrip().startswith("#"):
                    line = re.sub(r'\[\s*"[^\[\]"]+"(?:\s*,\s*"[^\[\]"]+")*\s*\]', widen, line)
                lines.append(line)
            widened = "".join(lines)
            if widened != text:
                with open(os.path.join(out_dir, "aws", sub, name), "w") as f:
                    f.write(widened)

if __name__ == "__main__":
    main()
