"""Run every benchmark script in bench/ (used by `make bench`).

Each `bench/*.py` except this runner and files starting with "_" is run in its
own process, one after another, with a time limit; arguments after the script
names are passed on to every script (e.g. `--keep`). Exits non-zero if any fails.

    .venv/bin/python bench/run.py                      # all of them
    .venv/bin/python bench/run.py escalation_inbox     # only the named ones
"""

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TIME_LIMIT = 1800  # seconds per script; each script also bounds itself


def scripts(names):
    found = sorted(p for p in HERE.glob("*.py") if p.name != Path(__file__).name and not p.name.startswith("_"))
    if names:
        found = [p for p in found if p.stem in names]
        missing = set(names) - {p.stem for p in found}
        if missing:
            sys.exit(f"No such bench script: {', '.join(sorted(missing))}")
    return found


def main(argv):
    names = [a for a in argv if not a.startswith("-")]
    passthrough = [a for a in argv if a.startswith("-")]
    env = {**os.environ, "DEBUG": os.environ.get("DEBUG", "true")}  # settings need SECRET_KEY otherwise
    failed = []
    for script in scripts(names):
        print(f"=== {script.name}", flush=True)
        start = time.perf_counter()
        try:
            code = subprocess.run(
                [sys.executable, str(script), *passthrough], cwd=HERE.parent, env=env, timeout=TIME_LIMIT
            ).returncode
        except subprocess.TimeoutExpired:
            code = "timeout"
        print(f"=== {script.name}: {'ok' if code == 0 else f'FAILED ({code})'} in {time.perf_counter() - start:.0f} s")
        if code != 0:
            failed.append(script.name)
    if failed:
        print("Failed:", ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
