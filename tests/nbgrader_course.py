"""Run nbgrader's command line in a course folder, as an instructor would (for tests in subfolders)."""

import os
import subprocess
import sys
from pathlib import Path


def run_nbgrader(course_dir, *args, check=True, timeout=600, python_prelude=None):
    """``nbgrader ARGS`` in ``course_dir`` with this Python; returns the CompletedProcess (stdout+stderr).

    ``python_prelude``: code run before nbgrader starts (e.g. to make a module unimportable).
    """
    command = [sys.executable, "-m", "nbgrader", *args]
    if python_prelude:
        command = [
            sys.executable,
            "-c",
            f"{python_prelude}\nimport sys\nfrom nbgrader.apps.nbgraderapp import main\n"
            f"sys.argv = ['nbgrader', *{list(args)!r}]\nmain()",
        ]
    # nbgrader runs its database tool `alembic` by name: put this Python's scripts first on PATH, as an
    # activated virtual environment does.
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])}
    done = subprocess.run(command, cwd=course_dir, capture_output=True, text=True, timeout=timeout, env=env)
    if check:
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def auto_scores(course_dir, assignment, notebook, students):
    """``{student: {grade id: (auto_score, needs_manual_grade)}}`` from the course's gradebook."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{Path(course_dir) / 'gradebook.db'}") as gradebook:
        return {
            student: {
                g.name: (g.auto_score, g.needs_manual_grade)
                for g in gradebook.find_submission_notebook(notebook, assignment, student).grades
            }
            for student in students
        }
