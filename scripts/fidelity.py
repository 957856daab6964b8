#!/usr/bin/env python3
"""Fidelity benchmark: do tfgrade's grades agree with expert reviewers?

Rerun with `python3 scripts/fidelity.py` from the repository root (the
shared corpus beside it, or TFGRADE_CORPUS pointing at it). It builds
`tfgrade` in release mode if the binary is missing and prints Markdown for
docs/FIDELITY.md (`--json` for machine output, `--limit N` for a quick run
over the first N tasks).

Part 1, over every task of corpus/tasks with deployed code (lib/*.tf):
grades the model's answer (lib/MODEL_RESPONSE.md) and the deployed code
(lib/*.tf and lib/*.tfvars copied into a folder of their own), each alone
with the task's prompt. Accepted, deployed code should grade well, and at
least as well as the answer reviewers sent back. Then every top-level module
of corpus/realworld, graded with no prompt.

Part 2, over the labelled set (data/fidelity-labels.json): the failures
reviewers list in MODEL_FAILURES.md that a static tool could see, each with
the control that should catch it. Scores whether the report on the model
answer flags that control, per class, and counts validity (VAL) failures on
the deployed code of the labelled tasks: every one is a false alarm.

Everything is read from the command line's JSON report (`controls[].id`,
`.status`, `.required`, `.findings[]`, `total.grade`, `total.percent`), so the
benchmark keeps working as controls and statuses change.
"""

import argparse
import datetime
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("TFGRADE_CORPUS", ROOT.parent / "shared" / "corpus"))
TASKS = CORPUS / "tasks"
REALWORLD = CORPUS / "realworld"
LABELS = ROOT / "data" / "fidelity-labels.json"
MODEL_ANSWER = "lib/MODEL_RESPONSE.md"
PROMPT = "lib/PROMPT.md"
GRADES = ["A+", "A", "A-", "B+", "B", "B-", "C+", "C", "C-", "D", "F"]
CLASSES = ["security", "prompt-mismatch", "validity", "best-practice"]
# A labelled line matches a finding this many lines away (a finding may sit
# on the block header or on the attribute).
LINE_SLACK = 2
# Statuses that flag a control to the reader.
FLAGGED = {"fail", "warn"}


def say(msg):
    print(f"fidelity: {msg}", file=sys.stderr, flush=True)


def target_dir():
    return Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))


def ensure_tfgrade():
    binary = Path(os.environ["TFGRADE"]) if "TFGRADE" in os.environ else target_dir() / "release" / "tfgrade"
    if not binary.exists():
        say(f"building {binary}")
        subprocess.run(["cargo", "build", "--release", "-p", "tfgrade-cli"], cwd=ROOT, check=True)
    return binary


def grade(tfgrade, paths, cwd, prompt=None):
    """The JSON report of `tfgrade check`, or {"error": ...}."""
    cmd = [str(tfgrade), "check", *map(str, paths), "--format", "json", "--fail-on", "never"]
    if prompt:
        cmd += ["--prompt", str(prompt)]
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        return {"error": proc.stderr.strip()[:500] or f"exit {proc.returncode}"}
    try:
        return json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        return {"error": f"bad JSON: {e}"}


def summary(report):
    """What the benchmark keeps of a report: grade, percent, controls."""
    if "error" in report:
        return {"error": report["error"], "grade": "error", "percent": 0.0, "controls": {}, "parse_errors": []}
    total = report.get("total", {})
    controls = {}
    for c in report.get("controls", []):
        controls[c["id"]] = {
            "status": c.get("status"),
            "required": bool(c.get("required")),
            "findings": [
                {k: f.get(k) for k in ("status", "file", "line", "message")}
                for f in c.get("findings", [])
                if f.get("status") in FLAGGED
            ],
        }
    # A file that does not parse is what `terraform validate` reports first.
    parse_errors = [
        {"file": f.get("path"), "line": f["error"].get("line"), "message": f["error"].get("message")}
        for f in report.get("files", [])
        if f.get("error")
    ]
    return {
        "grade": total.get("grade", "n/a"),
        "percent": float(total.get("percent") or 0.0),
        "cap": total.get("cap"),
        "controls": controls,
        "parse_errors": parse_errors,
    }


def deployed_files(task):
    lib = task / "lib"
    return sorted(p for p in lib.iterdir() if p.is_file() and p.suffix in (".tf", ".tfvars"))


def grade_task(tfgrade, task):
    model = summary(grade(tfgrade, [MODEL_ANSWER], task, PROMPT))
    with tempfile.TemporaryDirectory(prefix="fidelity-") as tmp:
        deployed = Path(tmp) / "deployed"
        deployed.mkdir()
        for f in deployed_files(task):
            shutil.copy(f, deployed / f.name)
        ideal = summary(grade(tfgrade, [deployed], tmp, task / PROMPT))
    # Paths in the deployed report are relative to the temporary folder.
    return {"task": task.name, "model": model, "ideal": ideal}


def grade_module(tfgrade, folder):
    return {"module": folder.name, "report": summary(grade(tfgrade, [folder.name], folder.parent))}


def grade_rank(g):
    return GRADES.index(g) if g in GRADES else len(GRADES)


def distribution(grades):
    out = {g: 0 for g in GRADES}
    for g in grades:
        out[g] = out.get(g, 0) + 1
    return {g: n for g, n in out.items() if n or g in GRADES}


def median_grade(grades):
    ranked = sorted(grades, key=grade_rank)
    return ranked[(len(ranked) - 1) // 2] if ranked else "n/a"


def pct(n, d):
    return round(100.0 * n / d, 1) if d else 0.0


def control_table(results):
    """Per control: on how many ideals it fails, and how many of those
    without a requirement asking for it."""
    n = len(results)
    fails, unasked = {}, {}
    for r in results:
        for cid, c in r["ideal"]["controls"].items():
            if c["status"] == "fail":
                fails[cid] = fails.get(cid, 0) + 1
                if not c["required"]:
                    unasked[cid] = unasked.get(cid, 0) + 1
    rows = []
    for cid in sorted(fails, key=lambda c: (-fails[c], c)):
        rows.append({
            "control": cid,
            "fails": fails[cid],
            "percent": pct(fails[cid], n),
            "unasked": unasked.get(cid, 0),
            "suspect": unasked.get(cid, 0) > n / 2,
        })
    return rows


def is_val(cid):
    return cid.upper().startswith("VAL")


def val_findings(summary_, statuses=("fail",)):
    """Validity findings with one of `statuses`, and files that do not parse."""
    for cid, c in summary_["controls"].items():
        if is_val(cid) and c["status"] in statuses:
            findings = [f for f in c["findings"] if f.get("status") in statuses]
            for f in findings or [{"file": None, "line": None, "message": ""}]:
                yield cid, f
    for e in summary_.get("parse_errors", []):
        yield "parse error", e


def near(finding, label):
    """Whether a finding sits at the labelled line of the labelled file."""
    return (
        finding.get("line") is not None
        and (finding.get("file") or "").startswith(label.get("file", MODEL_ANSWER))
        and abs(finding["line"] - label["line"]) <= LINE_SLACK
    )


def label_caught(label, model, located=False):
    """Whether the model answer's report flags one of the label's controls.

    Validity labels always need the place: a VAL failure (or parse error) at
    the labelled line. Other labels count when the control is flagged; with
    `located`, a flagged finding of that control must also sit at the
    labelled line (when one is labelled).
    """
    for expected in label["controls"]:
        if expected == "none":
            continue
        if expected.startswith("VAL:"):
            # A warning counts here: for a Markdown answer a missing file is
            # reported as "not included" rather than failed.
            for _, f in val_findings(model, FLAGGED):
                if label.get("line") is None or near(f, label):
                    return True
            continue
        control = model["controls"].get(expected, {})
        if control.get("status") not in FLAGGED:
            continue
        if not located or label.get("line") is None:
            return True
        # A stack-level finding (no line) judges the whole configuration.
        if any(f.get("line") is None or near(f, label) for f in control.get("findings", [])):
            return True
    return False


def score_labels(labels, by_task):
    per_class = {c: {"labelled": 0, "reachable": 0, "caught": 0, "located": 0} for c in CLASSES}
    misses, unscored = [], []
    for label in labels:
        task = by_task.get(label["task"])
        if task is None:
            unscored.append(label["task"])
            continue
        cls = per_class.setdefault(label["class"], {"labelled": 0, "reachable": 0, "caught": 0, "located": 0})
        cls["labelled"] += 1
        if label["controls"] == ["none"]:
            continue
        cls["reachable"] += 1
        if label_caught(label, task["model"], located=True):
            cls["located"] += 1
        if label_caught(label, task["model"]):
            cls["caught"] += 1
        else:
            misses.append(label)
    tasks = sorted({l["task"] for l in labels if l["task"] in by_task})
    false_alarms = [
        {"task": t, "control": cid, "file": f.get("file"), "line": f.get("line"), "message": f.get("message")}
        for t in tasks
        for cid, f in val_findings(by_task[t]["ideal"])
    ]
    # Where reviewers list a security failure the tool catches, the deployed
    # code should outgrade the answer.
    security_caught = sorted({
        l["task"] for l in labels
        if l["class"] == "security" and l["task"] in by_task and l["controls"] != ["none"]
        and label_caught(l, by_task[l["task"]]["model"])
    })
    ideal_above = [t for t in security_caught if by_task[t]["ideal"]["percent"] > by_task[t]["model"]["percent"]]
    return {
        "tasks": len(tasks),
        "validity_tasks": len({
            l["task"] for l in labels
            if l["class"] == "validity" and l["controls"] != ["none"] and l["task"] in by_task
        }),
        "labels": sum(c["labelled"] for c in per_class.values()),
        "per_class": per_class,
        "misses": misses,
        "false_alarms": false_alarms,
        "false_alarm_tasks": len({a["task"] for a in false_alarms}),
        "security_caught_tasks": len(security_caught),
        "security_caught_ideal_above": len(ideal_above),
        "unscored": sorted(set(unscored)),
    }


def check_labels():
    """Every labelled line still holds its evidence in the task's answer."""
    labels = json.loads(LABELS.read_text())["labels"]
    bad = 0
    for label in labels:
        answer = TASKS / label["task"] / label["file"]
        if label.get("line") is None:
            continue
        lines = answer.read_text(errors="replace").split("\n") if answer.exists() else []
        if len(lines) < label["line"] or lines[label["line"] - 1].strip() != label.get("evidence"):
            bad += 1
            say(f"{label['task']}:{label['line']}: evidence not found: {label.get('evidence')!r}")
    say(f"{len(labels)} labels, {bad} with evidence not at the labelled line")
    return bad == 0


def run(args):
    tfgrade = ensure_tfgrade()
    tasks = sorted((t for t in TASKS.iterdir() if t.is_dir() and deployed_files(t)), key=lambda t: t.name)
    if args.limit:
        tasks = tasks[: args.limit]
    modules = sorted((m for m in REALWORLD.iterdir() if m.is_dir()), key=lambda m: m.name)
    if args.limit:
        modules = modules[: max(1, args.limit // 10)]
    say(f"grading {len(tasks)} tasks (model answer and deployed code) and {len(modules)} modules with {tfgrade}")
    with ThreadPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(lambda t: grade_task(tfgrade, t), tasks))
        realworld = list(pool.map(lambda m: grade_module(tfgrade, m), modules))

    n = len(results)
    ideal_grades = [r["ideal"]["grade"] for r in results]
    model_grades = [r["model"]["grade"] for r in results]
    ge = sum(r["ideal"]["percent"] >= r["model"]["percent"] for r in results)
    gt = sum(r["ideal"]["percent"] > r["model"]["percent"] for r in results)
    rw_f = [m["module"] for m in realworld if m["report"]["grade"] == "F"]
    out = {
        "date": datetime.date.today().isoformat(),
        "command": "python3 scripts/fidelity.py" + "".join(f" {shlex.quote(a)}" for a in args.argv),
        "tool": subprocess.run([str(tfgrade), "--version"], capture_output=True, text=True).stdout.strip(),
        "tasks": n,
        "ideal_grades": distribution(ideal_grades),
        "model_grades": distribution(model_grades),
        "ideal_median_grade": median_grade(ideal_grades),
        "model_median_grade": median_grade(model_grades),
        "ideal_f": sum(g == "F" for g in ideal_grades),
        "ideal_f_percent": pct(sum(g == "F" for g in ideal_grades), n),
        "ideal_ge_model": ge,
        "ideal_ge_model_percent": pct(ge, n),
        "ideal_gt_model": gt,
        "ideal_gt_model_percent": pct(gt, n),
        "ideal_percent_median": round(statistics.median([r["ideal"]["percent"] for r in results]), 1) if n else 0,
        "model_percent_median": round(statistics.median([r["model"]["percent"] for r in results]), 1) if n else 0,
        "errors": [
            {"task": r["task"], "which": w, "error": r[w]["error"]}
            for r in results for w in ("model", "ideal") if "error" in r[w]
        ],
        "controls_failing_on_ideals": control_table(results),
        "realworld": {
            "modules": len(realworld),
            "graded_f": len(rw_f),
            "graded_f_percent": pct(len(rw_f), len(realworld)),
            "grades": {m["module"]: m["report"]["grade"] for m in realworld},
        },
    }
    if LABELS.exists():
        labels = json.loads(LABELS.read_text())["labels"]
        out["labelled"] = score_labels(labels, {r["task"]: r for r in results})
    return out


def markdown(r):
    lines = []
    add = lines.append
    add(f"Figures of {r['date']}, `{r['tool']}`, from `{r['command']}`.")
    add("")
    add(f"### Deployed code and model answers ({r['tasks']} tasks, each graded alone with its prompt)")
    add("")
    add("| grade | " + " | ".join(GRADES) + " |")
    add("|---|" + "---:|" * len(GRADES))
    for key, name in (("ideal_grades", "deployed (ideal)"), ("model_grades", "model answer")):
        add(f"| {name} | " + " | ".join(str(r[key].get(g, 0)) for g in GRADES) + " |")
    for key, name in (("ideal_grades", "deployed code"), ("model_grades", "model answers")):
        # Grades outside the letter scale (`n/a`, a broken answer, a failed run).
        extra = {k: v for k, v in r[key].items() if k not in GRADES}
        if extra:
            add("")
            add(f"Other grades of the {name}: " + ", ".join(f"{k} {v}" for k, v in extra.items()))
    add("")
    add("| measure | value |")
    add("|---|---|")
    add(f"| median grade of the deployed code | {r['ideal_median_grade']} (median {r['ideal_percent_median']}%) |")
    add(f"| median grade of the model answers | {r['model_median_grade']} (median {r['model_percent_median']}%) |")
    add(f"| deployed code graded F | {r['ideal_f']} of {r['tasks']} ({r['ideal_f_percent']}%) |")
    add(f"| deployed ≥ model answer (percent) | {r['ideal_ge_model']} of {r['tasks']} ({r['ideal_ge_model_percent']}%) |")
    add(f"| deployed > model answer (percent) | {r['ideal_gt_model']} of {r['tasks']} ({r['ideal_gt_model_percent']}%) |")
    rw = r["realworld"]
    add(f"| real-world modules graded F (no prompt) | {rw['graded_f']} of {rw['modules']} ({rw['graded_f_percent']}%) |")
    if r["errors"]:
        add(f"| runs that failed | {len(r['errors'])} |")
    add("")
    add("Real-world grades: " + ", ".join(f"{m.removeprefix('terraform-aws-')} {g}" for m, g in rw["grades"].items()) + ".")
    add("")
    add("### Controls failing on deployed code")
    add("")
    add("*Suspect*: fails on more than half of the deployed answers with no requirement of the task asking for it.")
    add("")
    add("| control | fails on deployed | share | of which not asked for | suspect |")
    add("|---|---:|---:|---:|---|")
    for c in r["controls_failing_on_ideals"]:
        add(f"| {c['control']} | {c['fails']} | {c['percent']}% | {c['unasked']} | {'suspect' if c['suspect'] else ''} |")
    lab = r.get("labelled")
    if lab:
        add("")
        add(f"### Labelled set ({lab['labels']} failures in {lab['tasks']} tasks; {lab['validity_tasks']} tasks with validity failures a VAL check could catch)")
        add("")
        add("Caught: the report on the model answer (with its prompt) flags (fail or warn) a control the label names;")
        add(f"for validity labels, a VAL finding (fail or warn) or a parse error within {LINE_SLACK} lines of the labelled line")
        add("(any VAL failure when no line is labelled). *Catchable*: the label names a control, present or planned, not `none`.")
        add("")
        add(f"*At the line*: stricter, a flagged finding of that control within {LINE_SLACK} lines of the labelled line, or a")
        add("stack-level finding (a lower bound: a finding may sit on the block header while the label marks the attribute).")
        add("")
        add("| class | labelled | catchable | caught | of all | of catchable | at the line |")
        add("|---|---:|---:|---:|---:|---:|---:|")
        for cls, c in lab["per_class"].items():
            add(f"| {cls} | {c['labelled']} | {c['reachable']} | {c['caught']} | {pct(c['caught'], c['labelled'])}% "
                f"| {pct(c['caught'], c['reachable'])}% | {c['located']} |")
        add("")
        add(f"False alarms: {len(lab['false_alarms'])} VAL failures or parse errors on the deployed code of the labelled tasks "
            f"({lab['false_alarm_tasks']} tasks).")
        for a in lab["false_alarms"]:
            add(f"- {a['task']} {a['control']} {a['file']}:{a['line']} {a['message']}")
        add("")
        add(f"Tasks with a caught security failure where the deployed code outgrades the answer: "
            f"{lab['security_caught_ideal_above']} of {lab['security_caught_tasks']}.")
        add("")
        add(f"<details><summary>Misses ({len(lab['misses'])})</summary>")
        add("")
        for m in lab["misses"]:
            where = f":{m['line']}" if m.get("line") else ""
            add(f"- {m['task']}{where} [{m['class']}] {' / '.join(m['controls'])}: {m['description']}")
        add("")
        add("</details>")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--limit", type=int, default=0, help="only the first N tasks (and N/10 modules)")
    parser.add_argument("--jobs", type=int, default=2, help="parallel tfgrade processes (default 2)")
    parser.add_argument("--check-labels", action="store_true",
                        help="only check that each labelled line of data/fidelity-labels.json holds its evidence")
    args = parser.parse_args()
    if args.check_labels:
        sys.exit(0 if check_labels() else 1)
    args.argv = sys.argv[1:]
    result = run(args)
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        print()
    else:
        print(markdown(result))


if __name__ == "__main__":
    main()
