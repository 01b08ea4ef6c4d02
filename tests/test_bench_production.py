"""bench/production.py: a benchmark child sees only what requirements.txt installs."""
from __future__ import annotations

import os
import subprocess
import sys

from bench import production


def test_dev_only_packages_are_those_outside_requirements_txt():
    hidden = production.dev_only_modules()
    assert {"moto", "pytest", "cryptography"} <= set(hidden)
    assert not {"flask", "jwt", "rq", "pymupdf", "gevent"} & set(hidden)


def test_a_child_with_the_hidden_env_cannot_import_them_but_runs_the_rest():
    env = production.hidden_env(dict(os.environ))
    code = "import sys\nfor n in sys.argv[1:]:\n    try:\n        __import__(n); print(n, 'yes')\n" \
           "    except ModuleNotFoundError:\n        print(n, 'no')"
    out = subprocess.run([sys.executable, "-c", code, "moto", "cryptography", "jwt", "flask"], env=env,
                         capture_output=True, text=True, check=True, cwd=production.ROOT).stdout.split("\n")
    assert out[:4] == ["moto no", "cryptography no", "jwt yes", "flask yes"]
