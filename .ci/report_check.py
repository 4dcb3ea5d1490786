#!/usr/bin/env python3
"""Checks rendered design reports in a real browser (headless Chromium).

For each report folder given (a `plan --out DIR`):
- renders report.html to PNG (screen) and PDF (print), which must be
  non-empty, into DIR/browser/;
- loads every drawing of DIR/report/*.svg in Chromium and measures each
  label with getBBox() in the browser's own fonts: no label may leave its
  viewBox, overlap another label, or cover a marker (circle);
- checks every drawing is embedded in report.html.

Exit status 1 on the first folder with a problem, listing every problem.
The Rust tests (tests/report.rs) check the same on estimated text boxes;
this checks what a reader's browser actually draws.
"""

import html
import pathlib
import re
import subprocess
import sys
import tempfile

# Measures in the page: results go into <pre id="result"> for --dump-dom.
SCRIPT = r"""
<script>
window.addEventListener('load', () => {
  const out = [];
  const svg = document.querySelector('svg');
  const vb = svg.viewBox.baseVal;
  const tol = 0.5;
  const boxes = [];
  for (const t of svg.querySelectorAll('text')) {
    if (t.getAttribute('transform')) continue;
    const b = t.getBBox();
    const r = {x0: b.x, y0: b.y, x1: b.x + b.width, y1: b.y + b.height, text: t.textContent};
    if (r.x0 < vb.x - tol || r.y0 < vb.y - tol || r.x1 > vb.x + vb.width + tol || r.y1 > vb.y + vb.height + tol) {
      out.push('outside the drawing: ' + JSON.stringify(r.text) + ' ' + [r.x0, r.y0, r.x1, r.y1].map(v => v.toFixed(1)).join(','));
    }
    boxes.push(r);
  }
  const overlap = (a, b) => a.x0 < b.x1 - tol && b.x0 < a.x1 - tol && a.y0 < b.y1 - tol && b.y0 < a.y1 - tol;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      if (overlap(boxes[i], boxes[j])) {
        out.push('labels overlap: ' + JSON.stringify(boxes[i].text) + ' and ' + JSON.stringify(boxes[j].text));
      }
    }
  }
  for (const c of svg.querySelectorAll('circle')) {
    const x = c.cx.baseVal.value, y = c.cy.baseVal.value, r = c.r.baseVal.value * 0.7;
    const m = {x0: x - r, y0: y - r, x1: x + r, y1: y + r};
    for (const b of boxes) {
      if (overlap(b, m)) out.push('label covers a marker: ' + JSON.stringify(b.text));
    }
  }
  const pre = document.createElement('pre');
  pre.id = 'result';
  pre.textContent = 'labels=' + boxes.length + '\n' + (out.length ? out.join('\n') : 'OK');
  document.body.appendChild(pre);
});
</script>
"""


def chromium(*args):
    cmd = ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
           "--user-data-dir=" + tempfile.mkdtemp(prefix="chromium-"), *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def check(folder: pathlib.Path) -> list:
    problems = []
    report = folder / "report.html"
    page = report.read_text()
    shots = folder / "browser"
    shots.mkdir(exist_ok=True)
    png, pdf = shots / "report.png", shots / "report.pdf"
    chromium("--window-size=1280,2400", "--hide-scrollbars", f"--screenshot={png}", report.resolve().as_uri())
    chromium("--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.resolve().as_uri())
    for f in (png, pdf):
        if not f.exists() or f.stat().st_size < 10_000:
            problems.append(f"{f}: not rendered")
    drawings = sorted((folder / "report").glob("*.svg"))
    if not drawings:
        problems.append(f"{folder}: no drawings")
    for svg in drawings:
        text = svg.read_text()
        if text.strip() not in page:
            problems.append(f"{svg.name}: not embedded in report.html")
        harness = shots / (svg.stem + ".html")
        harness.write_text("<!DOCTYPE html><html><body style='margin:0'>" + text + SCRIPT + "</body></html>")
        # A loaded machine can starve headless Chromium of its virtual
        # time: one more try before calling the drawing unmeasured.
        for _ in range(2):
            dom = chromium("--virtual-time-budget=5000", "--dump-dom", harness.resolve().as_uri()).stdout
            found = re.search(r'<pre id="result">(.*?)</pre>', dom, re.S)
            if found:
                break
        if not found:
            problems.append(f"{svg.name}: the browser gave no measurement")
            continue
        lines = html.unescape(found.group(1)).splitlines()
        if lines[-1] != "OK":
            problems.extend(f"{svg.name}: {line}" for line in lines[1:])
        elif int(lines[0].split("=")[1]) == 0:
            problems.append(f"{svg.name}: no labels measured")
    return problems


def main(folders):
    failed = False
    for folder in map(pathlib.Path, folders):
        problems = check(folder)
        if problems:
            failed = True
            print(f"report check: {folder}: {len(problems)} problem(s)")
            for p in problems:
                print("  " + p)
        else:
            count = len(list((folder / "report").glob("*.svg")))
            print(f"report check: {folder}: {count} drawings measured in Chromium, rendered to PNG and PDF")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
