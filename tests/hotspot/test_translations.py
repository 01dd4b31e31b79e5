"""The English catalogue is complete: every Danish UI string has an English translation."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"


def msgids(po_text):
    """Every msgid, long ones (msgid "" followed by continuation lines) joined into one string."""
    ids = set()
    for entry in re.split(r"\n\n", po_text):
        if m := re.search(r'^msgid ((?:".*"\n?)+)', entry, re.M):
            text = "".join(re.findall(r'"(.*)"', m.group(1)))
            if text:
                ids.add(text)
    return ids


def test_every_entry_in_the_english_catalogue_is_translated_and_not_fuzzy():
    text = PO.read_text()
    assert "#, fuzzy" not in text.split("\n\n", 1)[1]
    empty = []
    for entry in text.split("\n\n")[1:]:
        if m := re.search(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', entry + "\n", re.M):
            msgid, msgstr = ("".join(re.findall(r'"(.*)"', g)) for g in m.groups())
            if msgid and not msgstr:
                empty.append(msgid)
    assert not empty, f"untranslated: {empty[:10]}"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext is not installed")
def test_the_catalogue_holds_every_string_in_the_code_and_templates(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "var", "test-artifacts", "tests", "*.mo", "__pycache__"),
    )
    env = {**os.environ, "DEBUG": "true", "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "en", "-e", "html,txt,py,svg", "--no-obsolete", "-v0"],
        cwd=copy,
        env=env,
        check=True,
        timeout=120,
    )
    extracted = msgids((copy / "locale/en/LC_MESSAGES/django.po").read_text())
    missing = sorted(extracted - msgids(PO.read_text()))
    assert not missing, f"run makemessages -l en and translate: {missing[:10]}"
