"""Command line: `python -m callsheet extract|token|migrate|run`.

`extract FILE... [--method M] [--out DIR]` runs extraction in this process, without Redis
or a server; many files share one process (imports and the role lexicon load once).
`debug-page FILE --page N --out x.png` draws what the pattern reader saw on a page.
`token USER_ID [--hours N]` prints a bearer token. `migrate` upgrades the database schema
(the Procfile's release phase). `run` starts the whole service.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path


def _extract(args: argparse.Namespace) -> int:
    from callsheet.extraction import extract
    from callsheet.extraction.errors import ExtractionError

    options = json.loads(args.options) if args.options else {}
    out = Path(args.out) if args.out else None
    if out:
        out.mkdir(parents=True, exist_ok=True)
    failures = 0
    for name in args.files:
        path = Path(name)
        try:
            result = extract(path, args.method, options)
        except ExtractionError as exc:
            failures += 1
            print(f"{path.name}: {exc}", file=sys.stderr)
            continue
        payload = result.to_dict()
        if out:
            (out / f"{path.stem}.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1))
        else:
            print(json.dumps({"file": path.name, **payload}, ensure_ascii=False, indent=1))
    return 1 if failures else 0


def _token(args: argparse.Namespace) -> int:
    from callsheet import create_app
    from callsheet.api.auth import issue_token

    print(issue_token(create_app(), args.user_id, args.hours))
    return 0


def _migrate(args: argparse.Namespace) -> int:
    from callsheet import create_app
    from callsheet.store import migrations

    app = create_app({"AUTO_MIGRATE": False})
    migrations.upgrade(app, args.revision)
    print(f"database at revision {', '.join(sorted(migrations.database_revisions(app))) or '(none)'}")
    return 0


def _run(args: argparse.Namespace) -> int:
    from callsheet.service import run

    return run(args.host, args.port, args.processes)


def _debug_page(args: argparse.Namespace) -> int:
    from callsheet.extraction.pattern.debug import render_page

    print(json.dumps(render_page(Path(args.file), args.page, Path(args.out), args.dpi)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m callsheet")
    sub = parser.add_subparsers(dest="command", required=True)
    ext = sub.add_parser("extract", help="extract contacts from call sheets, no server needed")
    ext.add_argument("files", nargs="+", metavar="FILE")
    ext.add_argument("--method", default="pattern", choices=["pattern", "hybrid", "ai", "aws-textract"])
    ext.add_argument("--out", metavar="DIR", help="write DIR/<stem>.json per file instead of printing")
    ext.add_argument("--options", help='JSON options, e.g. \'{"qualityThreshold": 0.8}\'')
    ext.set_defaults(func=_extract)
    tok = sub.add_parser("token", help="print a bearer token for USER_ID")
    tok.add_argument("user_id", metavar="USER_ID")
    tok.add_argument("--hours", type=float, default=24, help="validity in hours (default 24)")
    tok.set_defaults(func=_token)
    mig = sub.add_parser("migrate", help="create or upgrade the database schema (Alembic migrations)")
    mig.add_argument("--revision", default="head", help="target revision (default: head)")
    mig.set_defaults(func=_migrate)
    run = sub.add_parser("run", help="run web, worker and scheduler (and an embedded Redis if REDIS_URL is unset)")
    run.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 5000))
    run.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    run.add_argument("--processes", type=int, default=int(os.environ.get("WORKER_PROCESSES") or 2))
    run.set_defaults(func=_run)
    dbg = sub.add_parser("debug-page", help="draw the pattern reader's regions, lines and columns over a page")
    dbg.add_argument("file", metavar="FILE")
    dbg.add_argument("--page", type=int, default=1)
    dbg.add_argument("--out", default="page.png", metavar="PNG")
    dbg.add_argument("--dpi", type=int, default=110)
    dbg.set_defaults(func=_debug_page)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)
