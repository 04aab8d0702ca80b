"""Run pytest on a throwaway project with planted mistakes, and read back what each test said (for the self-tests)."""

import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path


def junit_outcomes(project: Path, timeout: int) -> list[tuple[str, str, str, str]]:
    """(file, test name, outcome, message) for each test pytest ran in `project`; outcome is passed, failure,
    error or skipped."""
    report = project / "report.xml"
    subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--junitxml={report}", "-o", "junit_family=xunit1"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    outcomes = []
    for case in ElementTree.parse(report).iter("testcase"):
        problem = next(iter(case), None)
        message = "" if problem is None else (problem.text or "") + problem.get("message", "")
        outcome = problem.tag if problem is not None else "passed"
        outcomes.append((case.get("file") or "", case.get("name"), outcome, message))
    return outcomes
