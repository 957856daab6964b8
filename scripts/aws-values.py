#!/usr/bin/env python3
"""Writes data/aws-values.json: the AWS API value rules the VAL controls
check, taken from botocore's service models (the AWS SDK's own description
of each API: enums, lengths, and the documented constraints in each
member's documentation), plus a few documented tables botocore does not
carry (each with its source).

botocore is pinned in scripts/aws-values-requirements.txt. Usage:

    python3 -m venv /tmp/botocore-venv
    /tmp/botocore-venv/bin/pip install -r scripts/aws-values-requirements.txt
    /tmp/botocore-venv/bin/python scripts/aws-values.py          # writes
    /tmp/botocore-venv/bin/python scripts/aws-values.py --check  # compares

Every extraction fails loudly when the model no longer says what is
expected, so a botocore update cannot silently produce wrong data.
"""

import html
import json
import re
import sys
from pathlib import Path

import botocore
from botocore.loaders import Loader

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "aws-values.json"
PIN = ROOT / "scripts" / "aws-values-requirements.txt"

# Lambda runtimes whose deprecation completed years ago: functions can no
# longer be created with them. AWS Lambda Developer Guide, "Runtime
# deprecation policy" (deprecated runtimes table). Only runtimes deprecated
# before 2023 are listed: later deprecations had their "block function
# create" dates moved more than once, and deployed task code still uses them.
LAMBDA_CREATE_BLOCKED = [
    "nodejs", "nodejs4.3", "nodejs4.3-edge", "nodejs6.10", "nodejs8.10", "nodejs10.x",
    "python2.7", "python3.6",
    "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1",
    "ruby2.5",
]

# RDS engine major versions. Amazon RDS User Guide, "Supported MySQL major
# versions on Amazon RDS", "Supported PostgreSQL major versions", Amazon
# Aurora User Guide release calendars. `retired`: majors whose end of
# standard and extended support has passed (no new instance or cluster).
# `max_minor`: the ceiling of minor (MySQL: patch) numbers no release of the
# engine line comes near (PostgreSQL majors get about 20 minor releases in
# their five years; MySQL 8.0 ended near 8.0.4x).
RDS_ENGINES = {
    "mysql": {"majors": ["5.7", "8.0", "8.4"], "retired": ["5.1", "5.5", "5.6"], "max_minor": 60},
    "postgres": {
        "majors": ["11", "12", "13", "14", "15", "16", "17", "18"],
        "retired": ["9.3", "9.4", "9.5", "9.6", "10"],
        "max_minor": 30,
    },
    "aurora-mysql": {"majors": ["5.7", "8.0"], "retired": ["5.6"], "max_minor": 60},
    "aurora-postgresql": {
        "majors": ["11", "12", "13", "14", "15", "16", "17"],
        "retired": ["9.6", "10"],
        "max_minor": 30,
    },
    "mariadb": {
        "majors": ["10.4", "10.5", "10.6", "10.11", "11.4", "11.8"],
        "retired": ["10.0", "10.1", "10.2", "10.3"],
        "max_minor": 60,
    },
}
# The Aurora MySQL 1 (MySQL 5.6-compatible) engine name, retired in 2023.
RDS_RETIRED_ENGINES = ["aurora"]

# Naming rules from user guides (botocore does not model them).
S3_BUCKET_PREFIX_MAX = 37  # AWS provider: bucket_prefix + 26 generated characters <= 63
WAF_LOG_PREFIX = "aws-waf-logs-"  # AWS WAF Developer Guide, "Logging destinations"
# AWS provider: `name_prefix` + the 26-character unique suffix it appends.
UNIQUE_SUFFIX_LENGTH = 26


def shapes(loader, service):
    return loader.load_service_model(service, "service-2")["shapes"]


def text(documentation):
    return html.unescape(re.sub(r"<[^>]+>", " ", documentation))


def member_doc(model, shape, member):
    return text(model[shape]["members"][member].get("documentation", ""))


def must(pattern, haystack, what):
    found = re.search(pattern, haystack)
    if not found:
        sys.exit(f"botocore no longer documents {what}: /{pattern}/ not found")
    return found


def build():
    loader = Loader()
    lam = shapes(loader, "lambda")
    logs = shapes(loader, "logs")
    kms = shapes(loader, "kms")
    iam = shapes(loader, "iam")
    elbv2 = shapes(loader, "elbv2")
    ec2 = shapes(loader, "ec2")
    rds = shapes(loader, "rds")

    runtimes = lam["Runtime"]["enum"]
    for runtime in LAMBDA_CREATE_BLOCKED:
        if runtime not in runtimes:
            sys.exit(f"{runtime} is not a botocore Lambda runtime")

    days_doc = text(logs["Days"]["documentation"])
    days = must(r"Possible values are:([0-9,\sand]+)\.", days_doc, "log retention days").group(1)
    retention = [int(d) for d in re.findall(r"\d+", days)]

    window = member_doc(kms, "ScheduleKeyDeletionRequest", "PendingWindowInDays")
    low, high = must(r"between (\d+) and (\d+), inclusive", window, "KMS waiting period").groups()

    role = iam["roleNameType"]

    lb_doc = member_doc(elbv2, "CreateLoadBalancerInput", "Name")
    lb_max = int(must(r"maximum of (\d+) characters", lb_doc, "load balancer name length").group(1))
    lb_reserved = must(r'must not begin with "([^"]+)"', lb_doc, "load balancer reserved prefix").group(1)
    tg_doc = member_doc(elbv2, "CreateTargetGroupInput", "Name")
    tg_max = int(must(r"maximum of (\d+) characters", tg_doc, "target group name length").group(1))
    must(r"alphanumeric characters or hyphens", tg_doc, "target group name characters")

    sg_doc = member_doc(ec2, "CreateSecurityGroupRequest", "GroupName")
    sg_max = int(must(r"Up to (\d+) characters", sg_doc, "security group name length").group(1))
    sg_reserved = must(r"start with\s+(\S+?)\s*\.", sg_doc, "security group reserved prefix").group(1)

    db_doc = member_doc(rds, "CreateDBInstanceMessage", "DBInstanceIdentifier")
    db_max = int(must(r"from 1 to (\d+) letters, numbers, or hyphens", db_doc, "DB identifier length").group(1))
    must(r"First character must be a letter", db_doc, "DB identifier first character")
    must(r"contain two consecutive hyphens", db_doc, "DB identifier hyphens")
    cluster_doc = member_doc(rds, "CreateDBClusterMessage", "DBClusterIdentifier")
    cluster_max = int(must(r"from 1 to (\d+) \(for Aurora", cluster_doc, "cluster identifier length").group(1))

    instance_engines = engines(rds, "CreateDBInstanceMessage", "DB instance engines")
    cluster_engines = engines(rds, "CreateDBClusterMessage", "DB cluster engines")

    return {
        "botocore": botocore.__version__,
        "lambda": {
            "runtimes": runtimes,
            "create_blocked": LAMBDA_CREATE_BLOCKED,
        },
        "logs": {"retention_in_days": retention},
        "kms": {"pending_window_in_days": [int(low), int(high)]},
        "iam": {
            "role_name_max": role["max"],
            "role_name_pattern": role["pattern"],
            "role_name_prefix_max": role["max"] - UNIQUE_SUFFIX_LENGTH,
        },
        "elbv2": {
            "load_balancer_name_max": lb_max,
            "load_balancer_reserved_prefix": lb_reserved,
            "target_group_name_max": tg_max,
            "name_prefix_max": 6,
        },
        "ec2": {"security_group_name_max": sg_max, "security_group_reserved_prefix": sg_reserved},
        "rds": {
            "instance_identifier_max": db_max,
            "cluster_identifier_max": cluster_max,
            "instance_engines": instance_engines,
            "cluster_engines": cluster_engines,
            "retired_engines": RDS_RETIRED_ENGINES,
            "engine_versions": RDS_ENGINES,
        },
        "s3": {"bucket_prefix_max": S3_BUCKET_PREFIX_MAX},
        "wafv2": {"log_destination_prefix": WAF_LOG_PREFIX},
    }


def engines(model, shape, what):
    """The `Valid Values` list of an Engine member: `<li> <p> <code>x</code>`."""
    raw = model[shape]["members"]["Engine"].get("documentation", "")
    after = must(r"Valid Values:(.*)", raw, what).group(1)
    found = re.findall(r"<li>\s*<p>\s*<code>([a-z0-9-]+)</code>", after)
    if len(found) < 4:
        sys.exit(f"botocore no longer lists {what}")
    return found


def render(data):
    return json.dumps(data, indent=1, sort_keys=True) + "\n"


def main():
    pinned = must(r"botocore==(\S+)", PIN.read_text(), "the pinned version").group(1)
    if botocore.__version__ != pinned:
        sys.exit(f"botocore {botocore.__version__} installed, {pinned} pinned")
    rendered = render(build())
    if "--check" in sys.argv:
        if OUT.read_text() != rendered:
            sys.exit(f"{OUT} differs from what botocore {pinned} gives: run without --check")
        print(f"{OUT} matches botocore {pinned}")
    else:
        OUT.write_text(rendered)
        print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
