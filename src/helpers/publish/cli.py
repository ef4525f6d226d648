"""The `hpreport` command: `check` validates data/, `build` renders the report, `preview` serves
it and rebuilds on every change, `release` archives an edition (helpers.publish.release).

Exit codes: 0 success, 1 bad data or failed build, 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

from helpers import DATA_DIR, PROJECT_ROOT


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hpreport", description="Hai Phong indicator report: check data, build the report.")
    sub = parser.add_subparsers(dest="command", metavar="{check,build,preview,release}")
    check = sub.add_parser("check", help="validate data/ and print a summary")
    check.add_argument("--data-dir", type=Path, default=DATA_DIR, help="data folder (default: %(default)s)")
    build = sub.add_parser("build", help="render the report (HTML and PDF)")
    build.add_argument("--renderer", choices=("auto", "quarto", "embedded"), default="auto",
                       help="quarto, the embedded pandoc+typst renderer, or auto (quarto when on PATH)")
    build.add_argument("--force", action="store_true", help="rebuild everything, ignoring the cache")
    build.add_argument("--only", metavar="NAME", help="build only this output or notebook")
    build.add_argument("--quiet", action="store_true", help="print only errors")
    build.add_argument("--data-dir", type=Path, default=DATA_DIR, help="data folder (default: %(default)s)")
    build.add_argument("--out", type=Path, default=PROJECT_ROOT / "_output", help="output folder (default: %(default)s)")
    release = sub.add_parser("release", help="archive the edition into editions/<id>/ (editions/README.md)")
    release.add_argument("--edition", metavar="ID", help="the edition to release (default: edition.yml's id; "
                         "or one of its reconstructions)")
    release.add_argument("--editions-dir", type=Path, default=None,
                         help="where editions are archived (default: editions/ of the project)")
    release.add_argument("--rebuild-into", type=Path, metavar="DIR",
                         help="recompute the archive into DIR without the release checks, e.g. in a "
                              "checkout of an edition's recorded commit, to compare with editions/<id>/")
    preview = sub.add_parser("preview", help="serve the HTML on 127.0.0.1, rebuild and reload on every change")
    preview.add_argument("--port", type=int, default=4848, help="port (default: %(default)s; 0 picks a free one)")
    preview.add_argument("--pdf", action="store_true", help="also write the PDF when the preview stops")
    preview.add_argument("--quiet", action="store_true", help="print only the address and errors")
    return parser


def _num(x: float) -> str:
    return repr(float(x)).removesuffix(".0")


def _bound(qualifier: str, x: float) -> str:
    """A value with its qualifier, so that a lower bound never reads as an exact figure."""
    return _num(x) if qualifier == "=" else f"{qualifier}{_num(x)}"


def _tables(ds) -> list[tuple[str, list[str], list[list[str]]]]:
    """The summary as (title, header, rows) tables."""
    v = ds.values
    by_indicator = [[ind, str(len(g)), str(int(g["preferred"].sum())), f"{g['year'].min()}–{g['year'].max()}"]
                    for ind, g in v.groupby("indicator", sort=True)]
    by_kind = [[k, str(n)] for k, n in sorted(Counter(v["kind"]).items())]
    by_geo = [[g, str(n)] for g, n in sorted(Counter(v["geo"]).items())]
    conflicts = [[f"{c.indicator} / {c.geo} / {c.year} / {c.kind}", str(c.n),
                  f"{_bound(c.preferred_qualifier, c.preferred_value)} ({c.preferred_source})",
                  ", ".join(f"{_bound(q, x)} ({s})"
                            for x, q, s in zip(c.other_values, c.other_qualifiers, c.other_sources))]
                 for c in ds.conflicts().itertuples(index=False)]
    return [
        ("Rows by indicator", ["indicator", "rows", "preferred", "years"], by_indicator),
        ("Rows by kind", ["kind", "rows"], by_kind),
        ("Rows by geo", ["geo", "rows"], by_geo),
        ("Conflict groups", ["indicator / geo / year / kind", "rows", "preferred", "others"], conflicts),
    ]


def _print_summary(ds, data_dir: Path) -> None:
    head = (f"{data_dir}: OK: {len(ds.values)} values, {len(ds.indicators)} indicators, "
            f"{len(ds.sources)} sources; {int((ds.values['producer'] != '').sum())} values name their "
            "original producer")
    tables = _tables(ds)
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        console = Console()
        console.print(head)
        for title, header, rows in tables:
            table = Table(title=title, title_justify="left")
            for h in header:
                table.add_column(h)
            for row in rows:
                table.add_row(*row)
            console.print(table)
        return
    print(head)
    for title, header, rows in tables:
        print(f"\n{title} ({len(rows)})")
        widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
        for row in [header] + rows:
            print("  " + "  ".join(str(x).ljust(w) for x, w in zip(row, widths)).rstrip())


def cmd_check(args: argparse.Namespace) -> int:
    from helpers.data.errors import DataValidationError
    from helpers.data.loader import load_dataset

    try:
        ds = load_dataset(args.data_dir)
    except DataValidationError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        n = len(exc.problems)
        print(f"hpreport check: {n} problem{'s' if n != 1 else ''} in {args.data_dir}", file=sys.stderr)
        return 1
    try:
        _print_summary(ds, args.data_dir)
    except BrokenPipeError:  # `hpreport check | head`: the reader has seen enough
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    try:
        from helpers.publish.build import cli_build
    except ModuleNotFoundError as exc:
        if exc.name != "helpers.publish.build":
            raise
        print("hpreport build: the build module is not available yet", file=sys.stderr)
        return 1
    return int(cli_build(args) or 0)


def cmd_release(args: argparse.Namespace) -> int:
    from helpers.publish.release import ReleaseError, release, write_archive

    try:
        if args.rebuild_into:
            from helpers.publish.build.info import git_commit
            from helpers.data.edition import load_edition

            edition = load_edition(PROJECT_ROOT / "edition.yml", args.edition)
            out = write_archive(PROJECT_ROOT, edition, args.rebuild_into / edition.id, git_commit(PROJECT_ROOT))
        else:
            out = release(PROJECT_ROOT, args.edition, args.editions_dir)
    except (ReleaseError, ValueError, FileExistsError, OSError) as exc:
        print(f"hpreport release: {exc}", file=sys.stderr)
        return 1
    print(f"released {out}")
    return 0


def cmd_preview(args: argparse.Namespace) -> int:
    from helpers.publish.build import project_root
    from helpers.publish.preview import run_preview

    return run_preview(project_root(), port=args.port, pdf=args.pdf, quiet=args.quiet)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_usage(sys.stderr)
        print("hpreport: error: choose a command: check, build, preview or release", file=sys.stderr)
        return 2
    return {"check": cmd_check, "build": cmd_build, "preview": cmd_preview, "release": cmd_release}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
