#!/usr/bin/env python3
"""tfgrade side by side with Checkov, throughput, scaling and startup.

Rerun with `python3 scripts/bench-peers.py` from the repository root (the
shared corpus beside it). It installs Checkov at a pinned version into
`.bench/venv` (from PyPI), builds `target/release/tfgrade`, and prints
Markdown tables for BENCHMARKS.md; the scaling plot is written to
`docs/bench-scaling.svg`.

Every run alternates the tools on the same input, writes each tool's output
to a file (not a terminal) and records wall time and the child's peak
resident memory (from wait4's rusage).

Options: --reps N (default 3), --corpus-reps N for the whole corpus
(Checkov takes ~13 minutes per run there; default 1), --skip-checkov.
"""

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHECKOV_VERSION = "3.3.30"
ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("TFGRADE_CORPUS", ROOT.parent / "shared" / "corpus"))
REALWORLD = CORPUS / "realworld"
BENCH = ROOT / ".bench"
TFGRADE = ROOT / "target" / "release" / "tfgrade"
BLOCK_LABELS = re.compile(r'^(resource|data) "([^"]+)" "([^"]+)"', re.M)


def say(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def run_measured(cmd, out_path, cwd=None):
    """Runs cmd with stdout to out_path; returns (seconds, peak RSS MB, exit)."""
    with open(out_path, "wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss / 1024.0, proc.returncode


def ensure_checkov():
    venv = BENCH / "venv"
    checkov = venv / "bin" / "checkov"
    if checkov.exists():
        version = subprocess.run([str(checkov), "--version"], capture_output=True, text=True).stdout.strip()
        if version == CHECKOV_VERSION:
            return checkov
    say(f"installing checkov {CHECKOV_VERSION} into {venv}")
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", f"checkov=={CHECKOV_VERSION}"], check=True)
    return checkov


def build_tfgrade():
    say("building target/release/tfgrade")
    subprocess.run(["cargo", "build", "--release", "--locked", "-p", "tfgrade-cli"], cwd=ROOT, check=True)


def tfgrade_cmd(path):
    return [str(TFGRADE), "check", str(path), "--format", "json", "--fail-on", "never"]


def checkov_cmd(checkov, path):
    # Terraform only, no external module downloads, JSON to stdout.
    return [str(checkov), "-d", str(path), "--framework", "terraform", "-o", "json",
            "--quiet", "--compact", "--skip-download", "--download-external-modules", "false"]


def tree_bytes(path):
    return sum(p.stat().st_size for p in Path(path).rglob("*.tf") if p.is_file())


def median(xs):
    return statistics.median(xs) if xs else float("nan")


def side_by_side(checkov, targets, reps, corpus_reps, out_dir):
    rows = []
    for name, path in targets:
        n = corpus_reps if path == REALWORLD else reps
        t_times, t_mem, c_times, c_mem = [], [], [], []
        for i in range(n):
            say(f"{name}: repetition {i + 1}/{n}")
            s, m, _ = run_measured(tfgrade_cmd(path), out_dir / f"tfgrade-{name}-{i}.json")
            t_times.append(s)
            t_mem.append(m)
            if checkov:
                s, m, _ = run_measured(checkov_cmd(checkov, path), out_dir / f"checkov-{name}-{i}.json")
                c_times.append(s)
                c_mem.append(m)
        rows.append((name, tree_bytes(path), n, median(t_times), max(t_mem), median(c_times), max(c_mem) if c_mem else float("nan")))
    print("\n### tfgrade vs Checkov (median wall time, peak memory)\n")
    print(f"| input | .tf bytes | runs | tfgrade | tfgrade peak | Checkov {CHECKOV_VERSION} | Checkov peak | ratio |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, size, n, t, tm, c, cm in rows:
        ratio = c / t if t and c == c else float("nan")
        print(f"| {name} | {size:,} | {n} | {t * 1000:.1f} ms | {tm:.0f} MB | {c:.2f} s | {cm:.0f} MB | {ratio:,.0f}× |")


def pick_modules():
    modules = sorted((tree_bytes(p), p) for p in REALWORLD.iterdir() if p.is_dir())
    small, medium, large = modules[0], modules[len(modules) // 2], modules[-1]
    return [(p.name, p) for _, p in (small, medium, large)]


def throughput(reps):
    say("throughput: CLI vs parse-only")
    size = tree_bytes(REALWORLD)
    times = []
    for i in range(max(reps, 5)):
        s, _, _ = run_measured(tfgrade_cmd(REALWORLD), Path(os.devnull))
        times.append(s)
    cli = size / median(times) / 1e6
    parse = subprocess.run(
        ["cargo", "run", "--release", "--locked", "-q", "-p", "tfgrade-core", "--example", "bench_parse", "--", str(REALWORLD)],
        cwd=ROOT, capture_output=True, text=True)
    print("\n### Throughput on corpus/realworld\n")
    print(f"tfgrade check (read, parse, model, rules, report, JSON out): {cli:.1f} MB/s "
          f"(median of {len(times)}, {size / 1e6:.2f} MB of .tf)\n")
    print("Parse-only (hcl-edit, bench_parse example):\n")
    print("```\n" + parse.stdout.strip() + "\n```")


def scaling(reps, out_dir):
    say("scaling: 1, 2, 5, 10 × corpus and one 10 MB file")
    points = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        for k in (1, 2, 5, 10):
            d = tmp / f"x{k}"
            for i in range(k):
                shutil.copytree(REALWORLD, d / f"copy{i}")
            times, mems = [], []
            for _ in range(reps):
                s, m, _ = run_measured(tfgrade_cmd(d), Path(os.devnull))
                times.append(s)
                mems.append(m)
            points.append((f"{k}× corpus", tree_bytes(d), median(times), max(mems)))
        # One 10 MB file: real modules concatenated with renamed blocks.
        big = tmp / "big" / "main.tf"
        big.parent.mkdir()
        with open(big, "w") as out:
            n, written = 0, 0
            files = sorted(REALWORLD.rglob("*.tf"))
            while written < 10_000_000:
                for f in files:
                    text = f.read_text(errors="replace")
                    text = BLOCK_LABELS.sub(lambda m: f'{m.group(1)} "{m.group(2)}" "r{n}_{m.group(3)}"', text)
                    out.write(f"# from {f.name}\n")
                    out.write(text + "\n")
                    written += len(text)
                    n += 1
                    if written >= 10_000_000:
                        break
        times, mems = [], []
        for _ in range(reps):
            s, m, _ = run_measured(tfgrade_cmd(big), Path(os.devnull))
            times.append(s)
            mems.append(m)
        points.append(("one 10 MB file", big.stat().st_size, median(times), max(mems)))
    print("\n### Scaling\n")
    print("| input | bytes | median time | peak memory | MB/s |")
    print("|---|---:|---:|---:|---:|")
    for name, size, t, m in points:
        print(f"| {name} | {size:,} | {t * 1000:.0f} ms | {m:.0f} MB | {size / t / 1e6:.1f} |")
    write_plot(points[:4], ROOT / "docs" / "bench-scaling.svg")


def write_plot(points, path):
    """A small SVG: time and memory against input size (both should be lines)."""
    w, h, pad = 480, 300, 50
    xs = [p[1] for p in points]
    ts = [p[2] for p in points]
    ms = [p[3] for p in points]
    def sx(x): return pad + (w - 2 * pad) * x / max(xs)
    def sy(y, top): return h - pad - (h - 2 * pad) * y / top
    def line(vals, top, colour):
        pts = " ".join(f"{sx(x):.1f},{sy(v, top):.1f}" for x, v in zip(xs, vals))
        dots = "".join(f'<circle cx="{sx(x):.1f}" cy="{sy(v, top):.1f}" r="3" fill="{colour}"/>' for x, v in zip(xs, vals))
        return f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>{dots}'
    svg = f'''<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="11">
<rect width="{w}" height="{h}" fill="white"/>
<line x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="black"/>
<line x1="{pad}" y1="{pad}" x2="{pad}" y2="{h - pad}" stroke="black"/>
<text x="{w / 2}" y="{h - 15}" text-anchor="middle">input size ({max(xs) / 1e6:.0f} MB at right)</text>
<text x="{pad}" y="{pad - 20}">tfgrade check: time (blue, max {max(ts):.2f} s) and peak memory (orange, max {max(ms):.0f} MB)</text>
{line(ts, max(ts), "#1f77b4")}
{line(ms, max(ms), "#ff7f0e")}
</svg>
'''
    path.write_text(svg)
    say(f"wrote {path}")


def startup(reps):
    with tempfile.TemporaryDirectory() as tmp:
        times = []
        for _ in range(max(reps, 10)):
            s, m, _ = run_measured(tfgrade_cmd(tmp), Path(os.devnull))
            times.append(s)
    print(f"\n### Startup\n\nEmpty folder: median {median(times) * 1000:.1f} ms over {len(times)} runs.")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--corpus-reps", type=int, default=1)
    ap.add_argument("--skip-checkov", action="store_true")
    args = ap.parse_args()
    if not REALWORLD.is_dir():
        sys.exit(f"corpus not found at {REALWORLD} (set TFGRADE_CORPUS)")
    build_tfgrade()
    checkov = None if args.skip_checkov else ensure_checkov()
    out_dir = BENCH / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.node()}: "
          f"{os.cpu_count()} cores ({cpu}), Linux {platform.release()}; "
          f"command: python3 scripts/bench-peers.py --reps {args.reps} --corpus-reps {args.corpus_reps}")
    targets = pick_modules() + [("realworld (whole)", REALWORLD)]
    side_by_side(checkov, targets, args.reps, args.corpus_reps, out_dir)
    throughput(args.reps)
    scaling(args.reps, out_dir)
    startup(args.reps)


if __name__ == "__main__":
    main()
