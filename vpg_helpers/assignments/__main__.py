"""Command line: ``python -m vpg_helpers.assignments release ...`` and ``... grade ...`` (see --help)."""

import argparse
import json
import sys

from vpg_helpers.assignments.grade import grade
from vpg_helpers.assignments.nbgrader_source import nbgrader_source
from vpg_helpers.assignments.release import release


def _table(result):
    lines = [f"{result.notebook or '?'}  <-  {result.submission}"]
    if result.error:
        return "\n".join([*lines, f"  not graded: {result.error}"])
    width = max([len("exercise"), *(len(e.exercise) for e in result.exercises)])
    lines.append(f"  {'exercise':<{width}}  points  score  result")
    for e in result.exercises:
        detail = f": {e.detail}" if e.detail else ""
        detail += f" [FLAGGED: {e.flag}]" if e.flag else ""
        lines.append(f"  {e.exercise:<{width}}  {e.points:>6g}  {e.score:>5g}  {e.status}{detail}")
    lines.append(f"  {'total':<{width}}  {result.max_score:>6g}  {result.score:>5g}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m vpg_helpers.assignments", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    rel = commands.add_parser("release", help="write student versions of the notebooks into a folder")
    rel.add_argument("out_dir", help="folder to write into (created if needed)")
    rel.add_argument(
        "notebooks", nargs="*", help="paths or course file names (default: every notebook of the course)"
    )
    rel.add_argument("--force", action="store_true", help="overwrite files that already exist")
    nbg = commands.add_parser(
        "nbgrader-source", help="lay out an nbgrader assignment (source/<assignment>/, images, config)"
    )
    nbg.add_argument("course_dir", help="the nbgrader course folder (created if needed)")
    nbg.add_argument("assignment", help="the assignment's name, e.g. ps1")
    nbg.add_argument(
        "notebooks", nargs="*", help="paths or course file names (default: every notebook of the course)"
    )
    nbg.add_argument("--force", action="store_true", help="overwrite files that already exist")
    gra = commands.add_parser("grade", help="grade submitted notebooks and print a score table")
    gra.add_argument("submissions", nargs="+", help="submitted .ipynb files")
    gra.add_argument("--source", help="the course's copy to grade against (default: found by file name)")
    gra.add_argument("--json", action="store_true", help="print one JSON list instead of tables")
    gra.add_argument("--timeout", type=float, default=300, help="seconds allowed per cell (default 300)")
    gra.add_argument(
        "--total-timeout", type=float, default=1200, help="seconds allowed per notebook (default 1200)"
    )
    args = parser.parse_args(argv)
    if args.command in ("release", "nbgrader-source"):
        try:
            if args.command == "release":
                out, written = args.out_dir, release(args.out_dir, args.notebooks or None, args.force)
            else:
                out = args.course_dir
                written = nbgrader_source(out, args.assignment, args.notebooks or None, args.force)
        except (FileExistsError, FileNotFoundError, ValueError) as err:
            print(f"error: {err}", file=sys.stderr)
            return 1
        print(f"wrote {len(written)} file(s) into {out}:")
        print("\n".join(f"  {path}" for path in written))
        return 0
    results = []
    for submission in args.submissions:
        results.append(grade(submission, args.source, args.timeout, args.total_timeout))
        if not args.json:
            print(_table(results[-1]), flush=True)
    if args.json:
        print(json.dumps([r.to_dict() for r in results], indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
