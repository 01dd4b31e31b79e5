#!/usr/bin/env python
"""Mutation check of the permission and business rules: a rule is guarded when removing it fails a test.

For each hand-listed mutant — a rule replaced by "allow" (or by the wrong rule it
replaced) — the script copies the checkout to a scratch folder, applies the one
edit there, runs the tests named for it and expects at least one to fail. A mutant
whose tests still pass "survived": the rule has no test that reaches it.

    make mutants                               # every mutant
    .venv/bin/python bin/mutation_check.py escalation  # only mutants whose id contains "escalation"

Runs against PostgreSQL/Redis like `make test` (database `hotspot_mutants`); it takes a
while (each mutant runs its tests) and is not part of `make test`. Exit status 1 if
any mutant survived.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

ACCESS_TABLE = "tests/test_access_table.py"
ACCESS_POST = "tests/test_access_table_post.py"
ESCALATIONS = "tests/dialogue/escalations"
RULES = "tests/dialogue/escalations/test_rules.py"
DESK = "tests/dialogue/escalations/test_case_desk.py"


@dataclass
class Mutant:
    id: str
    path: str
    old: str
    new: str
    tests: tuple


def m(id, path, old, new, *tests):
    """A mutant and the tests that should kill it; the access table runs last (it is the slowest)."""
    tests = tests or (ACCESS_TABLE,)
    if ACCESS_TABLE in tests:  # the GET table and the POST table go together
        tests = (*tests, ACCESS_POST)
    return Mutant(id, path, old, new, tuple(sorted(tests, key=lambda t: t in (ACCESS_TABLE, ACCESS_POST))))


MUTANTS = [
    # actors/access.py: who sees and changes the directory and initiatives
    m(
        "actors.global-admin",
        "actors/access.py",
        "r.kind == Role.Kind.ADMINISTRATOR and r.initiative_id is None for r in self.roles\n        )\n\n    @property\n    def sees_all",
        "True for r in self.roles\n        )\n\n    @property\n    def sees_all",
    ),
    m(
        "actors.sees-all-initiatives",
        "actors/access.py",
        "r.kind in (Role.Kind.ADMINISTRATOR, Role.Kind.OBSERVER) and r.initiative_id is None for r in self.roles",
        "True for r in self.roles",
    ),
    m(
        "actors.manages-initiative",
        "actors/access.py",
        "r.initiative_id == initiative_id and r.kind in (Role.Kind.CHIEF, Role.Kind.ADMINISTRATOR)",
        "True",
    ),
    m(
        "actors.visible-initiatives",
        "actors/access.py",
        "    if acc.sees_all_initiatives:\n        return qs\n    if not acc.has_any_role:",
        "    if True:\n        return qs\n    if not acc.has_any_role:",
    ),
    m(
        "actors.require-any-role",
        "actors/access.py",
        "    if not access_for(user).has_any_role:\n        raise Http404",
        "    if False:\n        raise Http404",
    ),
    m(
        "actors.directory-write",
        "actors/access.py",
        "    if write and not access_for(user).is_global_admin:\n        raise PermissionDenied\n    return obj",
        "    return obj",
    ),
    m(
        "actors.initiative-write",
        "actors/access.py",
        "    if write and not access_for(user).manages_initiative(initiative.pk):\n        raise PermissionDenied",
        "    pass",
    ),
    m(
        "actors.roles-admin-only",
        "actors/access.py",
        "    if not access_for(user).is_global_admin:\n        raise Http404\n    return get_object_or_404(Role",
        "    return get_object_or_404(Role",
    ),
    # dialogue/access.py: meetings, minutes and action items
    m(
        "meetings.visible",
        "dialogue/access.py",
        "    if acc.observes_all:\n        return qs\n    invited",
        "    if True:\n        return qs\n    invited",
    ),
    m(
        "meetings.published-or-managed",
        "dialogue/access.py",
        "    if acc.is_global_admin:\n        return queryset\n    return queryset.filter(",
        "    if True:\n        return queryset\n    return queryset.filter(",
        ACCESS_TABLE,
        "tests/dialogue/meetings",
    ),
    m(
        "meetings.manage",
        "dialogue/access.py",
        "manage = acc.manages_initiative(meeting.initiative_id)",
        "manage = True",
    ),
    m(
        "meetings.read-minutes",
        "dialogue/access.py",
        "read_minutes=manage or published and (invited or observer) or circulated and invited,",
        "read_minutes=True,",
        ACCESS_TABLE,
        "tests/dialogue/meetings",
    ),
    m(
        "meetings.comment",
        "dialogue/access.py",
        "comment=circulated and (invited or manage),",
        "comment=True,",
        ACCESS_TABLE,
        "tests/dialogue/meetings",
    ),
    m(
        "meetings.write",
        "dialogue/access.py",
        "    if write and not meeting.rights.manage:\n        raise PermissionDenied\n    return meeting",
        "    return meeting",
    ),
    m(
        "meetings.outcome-read-minutes",
        "dialogue/access.py",
        "    if not outcome.agenda_item.meeting.rights.read_minutes:\n        raise Http404",
        "    pass",
        ACCESS_TABLE,
        "tests/dialogue/meetings",
    ),
    m(
        "meetings.series",
        "dialogue/access.py",
        "    if write and not access_for(user).manages_initiative(series.initiative_id):\n        raise PermissionDenied\n    return series",
        "    return series",
    ),
    m(
        "meetings.visible-actions",
        "dialogue/access.py",
        "    if acc.is_global_admin:\n        return qs\n    return qs.filter(agenda_item__meeting__in=meetings)",
        "    return qs",
        ACCESS_TABLE,
        "tests/dialogue/meetings",
        "tests/hotspot",
    ),
    # dialogue/access.py: escalations
    m(
        "escalations.allows",
        "dialogue/access.py",
        '        if right == "work":\n            return self.work or self.manage\n        return getattr(self, right)',
        "        return True",
        ACCESS_TABLE,
        ESCALATIONS,
    ),
    m(
        "escalations.allows-work-is-not-raiser",
        "dialogue/access.py",
        "            return self.work or self.manage",
        "            return self.work or self.manage or self.raiser",
        ESCALATIONS,
    ),
    m(
        "escalations.rights-manage",
        "dialogue/access.py",
        "manage=acc.manages_initiative(escalation.initiative_id),",
        "manage=True,",
        ACCESS_TABLE,
        ESCALATIONS,
    ),
    m(
        "escalations.rights-work",
        "dialogue/access.py",
        "work=escalation.assigned_department_id in orgs,",
        "work=True,",
        ACCESS_TABLE,
        ESCALATIONS,
    ),
    m(
        "escalations.rights-raiser",
        "dialogue/access.py",
        "raiser=escalation.organisation_id in orgs,",
        "raiser=True,",
        ACCESS_TABLE,
        ESCALATIONS,
    ),
    m(
        "escalations.full-view",
        "dialogue/access.py",
        "    if acc.is_global_admin:\n        return qs\n    orgs = acc.organisation_ids()\n    return qs.filter(",
        "    if True:\n        return qs\n    orgs = acc.organisation_ids()\n    return qs.filter(",
    ),
    m(
        "escalations.step-right-checked",
        "dialogue/access.py",
        "    if right is not None and not escalation.rights.allows(right):",
        "    if False:",
        ACCESS_TABLE,
        ESCALATIONS,
    ),
    m(
        "escalations.comment-kinds",
        "dialogue/access.py",
        '    if rights.allows("work"):\n        kinds +=',
        "    if True:\n        kinds +=",
        ESCALATIONS,
    ),
    m(
        "escalations.comment-kinds-reply",
        "dialogue/access.py",
        "    if rights.raiser:\n        kinds.append(EscalationEvent.Kind.REPLY)",
        "    kinds.append(EscalationEvent.Kind.REPLY)",
        ESCALATIONS,
    ),
    m(
        "escalations.raising-organisation-per-initiative",
        "dialogue/access.py",
        "    return next((r.organisation for r in roles if r.organisation_id in engaged), None)",
        "    return next((r.organisation for r in roles), None)",
        ESCALATIONS,
    ),
    m(
        "escalations.raising-organisation-scoped-role",
        "dialogue/access.py",
        "        if role.initiative_id == initiative.pk:\n            return role.organisation",
        "        pass",
        ESCALATIONS,
    ),
    m(
        "escalations.raising-initiatives",
        "dialogue/access.py",
        "    return visible_initiatives(user).filter(Q(pk__in=engaged) | Q(pk__in=scoped)).distinct()",
        "    return visible_initiatives(user)",
        ACCESS_TABLE,
        ESCALATIONS,
    ),
    m(
        "safetywalks.can-edit",
        "dialogue/access.py",
        "walk.can_edit = acc.manages_initiative(walk.initiative_id) or walk.raised_for_id in acc.organisation_ids()",
        "walk.can_edit = True",
        ACCESS_TABLE,
        "tests/dialogue/safetywalks",
    ),
    # the escalation steps: each view asks for its right
    *[
        m(
            f"escalations.view-{step}",
            "dialogue/escalations/views.py" if step != "put_on_agenda" else "dialogue/meetings/views.py",
            f"def escalation_{step}(request, pk):\n    "
            + (
                '"""Put a case on one of its initiative\'s open meetings (the form is on the case page)."""\n    '
                if step == "put_on_agenda"
                else ""
            )
            + f'escalation = get_escalation_for_user(request.user, pk, right="{right}")',
            f"def escalation_{step}(request, pk):\n    "
            + (
                '"""Put a case on one of its initiative\'s open meetings (the form is on the case page)."""\n    '
                if step == "put_on_agenda"
                else ""
            )
            + "escalation = get_escalation_for_user(request.user, pk)",
            ACCESS_TABLE,
            ESCALATIONS,
        )
        for step, right in [
            ("acknowledge", "manage"),
            ("assign", "manage"),
            ("reject", "manage"),
            ("merge", "manage"),
            ("escalate", "manage"),
            ("put_on_agenda", "manage"),
            ("start", "work"),
            ("answer", "work"),
            ("reopen", "raiser"),
        ]
    ],
    # escalation rules in the model and the services
    m(
        "escalations.reopen-window",
        "dialogue/models/escalations.py",
        "and now - self.closed_at <= REOPEN_WINDOW",
        "and (now - self.closed_at).days <= REOPEN_WINDOW.days",
        RULES,
    ),
    m(
        "escalations.reopen-resolved-only",
        "dialogue/models/escalations.py",
        "self.status == self.Status.RESOLVED and self.closed_at is not None",
        "self.closed_at is not None",
        RULES,
    ),
    m(
        "escalations.deadline-ack-while-new",
        "dialogue/models/escalations.py",
        "return ack_due if status == Escalation.Status.NEW else resolve_due",
        "return resolve_due",
        ESCALATIONS,
    ),
    m(
        "escalations.deadline-derived-on-change",
        "dialogue/escalations/services.py",
        '    changes["sla_due"] = Escalation.deadline_for(**state)\n',
        "",
        ESCALATIONS,
    ),
    # the case handler's desk: observers read, lists link only readable cases, bulk steps check each case
    m(
        "escalations.observers-read",
        "dialogue/access.py",
        "    return full_escalations(user, qs) | qs.filter(initiative_id__in=acc.observed_initiative_ids())",
        "    return full_escalations(user, qs)",
        ESCALATIONS,
    ),
    m(
        "escalations.readers-do-not-comment",
        "dialogue/access.py",
        "        return not (self.observer and self.read_only)",
        "        return True",
        ESCALATIONS,
    ),
    m(
        "escalations.service-refuses-readers-comments",
        "dialogue/escalations/services.py",
        "    if by is not None and not escalation_rights(by, escalation).comment:",
        "    if False:",
        ESCALATIONS,
    ),
    m(
        "escalations.reader-filters-on-readable-cases",
        "dialogue/escalations/views.py",
        "    if any(params.get(name) for name in READER_FILTERS):",
        "    if False:",
        ESCALATIONS,
    ),
    m(
        "escalations.bulk-checks-each-case",
        "dialogue/access.py",
        "        if escalation.rights.allows(right):",
        "        if True:",
        ESCALATIONS,
    ),
    m(
        "search.cases-as-the-case-page",
        "dialogue/search/cases.py",
        "    cases = readable_escalations(user)",
        "    cases = readable_escalations(user).model.objects.all()",
        "tests/dialogue/search",
    ),
    m(
        "escalations.breached-open-only",
        "dialogue/models/escalations.py",
        "return self.open().filter(sla_due__lt=today or timezone.localdate())",
        "return self.filter(sla_due__lt=today or timezone.localdate())",
        ESCALATIONS,
    ),
    m(
        "escalations.comment-kind-decided-by-rights",
        "dialogue/escalations/services.py",
        "    if by is not None and kind not in comment_kinds(escalation_rights(by, escalation)):\n        kind = Kind.COMMENT\n",
        "",
        ESCALATIONS,
    ),
    m(
        "escalations.require-open",
        "dialogue/escalations/services.py",
        "    if not escalation.is_open:\n        raise ValidationError(",
        "    if False:\n        raise ValidationError(",
        ESCALATIONS,
    ),
    m(
        "escalations.one-level-at-a-time",
        "dialogue/escalations/services.py",
        "    if to_level != escalation.level + 1:",
        "    if to_level <= escalation.level:",
        ESCALATIONS,
    ),
    m(
        "escalations.partial-answer-keeps-open",
        "dialogue/escalations/services.py",
        "    if close:\n        return escalation_resolve(",
        "    if True:\n        return escalation_resolve(",
        ESCALATIONS,
    ),
    m(
        "escalations.ladder-without-gaps",
        "dialogue/escalations/forms.py",
        "        if levels != list(range(1, len(levels) + 1)):",
        "        if False:",
        ESCALATIONS,
    ),
    m(
        "escalations.agenda-same-initiative",
        "dialogue/meetings/services.py",
        "    if meeting.initiative_id != escalation.initiative_id:",
        "    if False:",
        ESCALATIONS,
    ),
    # rules moved out of meeting, safety-walk, directory and evaluation views
    m(
        "meetings.may-change-action",
        "dialogue/access.py",
        "    return (\n        acc.manages_initiative(action.agenda_item.meeting.initiative_id)\n        or action.owner_organisation_id",
        "    return True or (\n        acc.manages_initiative(action.agenda_item.meeting.initiative_id)\n        or action.owner_organisation_id",
        ACCESS_TABLE,
        "tests/dialogue/meetings",
    ),
    m(
        "meetings.visible-series",
        "dialogue/access.py",
        "    if acc.observes_all:\n        return qs\n    return qs.filter(initiative_id__in=acc.managed_initiative_ids() | acc.observed",
        "    if True:\n        return qs\n    return qs.filter(initiative_id__in=acc.managed_initiative_ids() | acc.observed",
        ACCESS_TABLE,
        "tests/dialogue/meetings",
    ),
    m(
        "meetings.planned-by-staff",
        "dialogue/access.py",
        "    return qs if acc.is_global_admin else qs.filter(pk__in=acc.managed_initiative_ids())",
        "    return qs",
        ACCESS_TABLE,
        "tests/dialogue/meetings",
    ),
    m(
        "meetings.deletable",
        "dialogue/models/meetings.py",
        "        return not self.minutes_versions.exists()",
        "        return True",
        "tests/dialogue/meetings",
    ),
    m(
        "safetywalks.initiatives",
        "dialogue/access.py",
        "    return qs.filter(Q(pk__in=acc.managed_initiative_ids()) | Q(pk__in=engaged))",
        "    return qs",
        ACCESS_TABLE,
        "tests/dialogue/safetywalks",
    ),
    m(
        "safetywalks.raisers-offered",
        "dialogue/access.py",
        "    return Organisation.objects.filter(pk__in=acc.organisation_ids())\n\n\ndef check_safetywalk_raiser",
        "    return Organisation.objects.all()\n\n\ndef check_safetywalk_raiser",
        "tests/dialogue/safetywalks",
    ),
    m(
        "safetywalks.raiser-checked",
        "dialogue/access.py",
        "    if organisation.pk not in acc.organisation_ids() or not engaged:",
        "    if False:",
        ACCESS_TABLE,
        "tests/dialogue/safetywalks",
    ),
    m(
        "evaluation.may-import",
        "evaluation/access.py",
        "    return bool(orgs) and Indicator.objects.filter(goal__initiative=initiative, responsible_id__in=orgs).exists()",
        "    return True",
        ACCESS_TABLE,
        "tests/evaluation/goals",
    ),
    m(
        "evaluation.goallink-write",
        "evaluation/access.py",
        "    link.goal = get_goal_for_user(user, link.goal_id, write=True)",
        "    link.goal = get_goal_for_user(user, link.goal_id)",
        ACCESS_TABLE,
        "tests/evaluation/goals",
    ),
    m(
        "evaluation.target-write",
        "evaluation/access.py",
        "    target.indicator = get_indicator_for_user(user, target.indicator_id, write=True)",
        "    target.indicator = get_indicator_for_user(user, target.indicator_id)",
        ACCESS_TABLE,
        "tests/evaluation/goals",
    ),
    m(
        "evaluation.linkable-outcomes",
        "evaluation/access.py",
        "    meetings = published_or_managed(user, visible_meetings(user)).filter(initiative=initiative)",
        "    meetings = visible_meetings(user).filter(initiative=initiative)",
        "tests/evaluation/goals",
    ),
    m(
        "evaluation.record-experience",
        "evaluation/access.py",
        "    if not can_manage(user, initiative):\n        engagements = engagements.filter(",
        "    if False:\n        engagements = engagements.filter(",
        ACCESS_TABLE,
        "tests/evaluation/experiences",
    ),
    m(
        "evaluation.edit-experience",
        "evaluation/access.py",
        "    return can_manage(user, experience.initiative) or experience.author_id == user.pk",
        "    return True",
        ACCESS_TABLE,
        "tests/evaluation/experiences",
    ),
    m(
        "actors.last-own-admin-role",
        "actors/services.py",
        "    if last_own_admin:",
        "    if False:",
        ACCESS_TABLE,
        "tests/actors",
    ),
    # evaluation/access.py
    m(
        "evaluation.enter-measurements",
        "evaluation/access.py",
        "return acc.manages_initiative(indicator.goal.initiative_id) or indicator.responsible_id in acc.organisation_ids()",
        "return True",
    ),
    # The case handler's desk (tests/dialogue/escalations/test_case_desk.py)
    m(
        "case-desk.held-upload-is-the-users",
        "dialogue/escalations/pending.py",
        "filter(token=token, user=user, form_key=form_key)",
        "filter(token=token, form_key=form_key)",
        DESK,
    ),
    m(
        "case-desk.held-upload-is-the-forms",
        "dialogue/escalations/pending.py",
        "filter(token=token, user=user, form_key=form_key)",
        "filter(token=token, user=user)",
        DESK,
    ),
    m(
        "case-desk.held-upload-kept-on-failure",
        "dialogue/escalations/pending.py",
        "        if new:\n            if self.pending is not None:",
        "        if False:\n            if self.pending is not None:",
        DESK,
    ),
    m(
        "case-desk.stale-uploads-swept",
        "dialogue/models/escalations.py",
        "return self.filter(created__lt=(now or timezone.now()) - PENDING_UPLOAD_MAX_AGE)",
        "return self.all()",
        DESK,
    ),
    m(
        "case-desk.handler-of-the-department",
        "dialogue/escalations/services.py",
        "    if assignee is not None and not escalation_workers(escalation)",
        "    if False and not escalation_workers(escalation)",
        DESK,
    ),
    m(
        "case-desk.routing-clears-handler",
        "dialogue/escalations/services.py",
        '**({"assignee": None} if moved else {}),',
        "",
        DESK,
    ),
    m(
        "case-desk.notes-staff-only",
        "dialogue/access.py",
        "        return self.manage or self.work\n",
        "        return True\n",
        ACCESS_TABLE,
        DESK,
    ),
    m(
        "case-desk.agenda-upcoming-only",
        "dialogue/escalations/selectors.py",
        "cancelled=False, start__gt=now or timezone.now())",
        "cancelled=False)",
        DESK,
    ),
    m(
        "case-desk.agenda-body-of-the-level",
        "dialogue/escalations/selectors.py",
        "    return meetings.filter(body=body) if body else meetings",
        "    return meetings",
        DESK,
    ),
]


def run(mutant, scratch, env):
    target = scratch / mutant.path
    text = target.read_text()
    if text.count(mutant.old) != 1:
        return "stale", f"the rule's text is found {text.count(mutant.old)} times in {mutant.path}"
    target.write_text(text.replace(mutant.old, mutant.new))
    try:
        cmd = [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-m", "not browser", *mutant.tests]
        result = subprocess.run(cmd, cwd=scratch, env=env, capture_output=True, text=True)
    finally:
        target.write_text(text)
    if result.returncode == 1:
        failed = [line for line in result.stdout.splitlines() if line.startswith("FAILED")]
        return "killed", failed[0] if failed else "a test failed"
    if result.returncode == 0:
        return "survived", "every test passed"
    return "error", result.stdout[-800:] + result.stderr[-800:]


def main():
    only = sys.argv[1] if len(sys.argv) > 1 else ""
    chosen = [mu for mu in MUTANTS if only in mu.id]
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("MUTANTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/hotspot_mutants"),
        "TEST_REDIS_BASE": os.environ.get("TEST_REDIS_BASE", "13"),
    }
    with tempfile.TemporaryDirectory(prefix="hotspot-mutants-") as tmp:
        scratch = Path(tmp) / "src"
        shutil.copytree(
            ROOT,
            scratch,
            ignore=shutil.ignore_patterns(".venv", ".git", "var", "test-artifacts", "__pycache__", "*.pyc"),
        )
        # One database for all mutants: created by the first run, reused after.
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "--create-db",
                "-p",
                "no:cacheprovider",
                "tests/hotspot/test_home.py",
            ],
            cwd=scratch,
            env=env,
            capture_output=True,
        )
        counts = {}
        for mutant in chosen:
            started = time.monotonic()
            verdict, detail = run(mutant, scratch, env)
            counts[verdict] = counts.get(verdict, 0) + 1
            print(f"{verdict:9} {mutant.id:50} {time.monotonic() - started:5.0f} s  {detail.strip()[:150]}", flush=True)
    print(f"\n{len(chosen)} mutants: " + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    return 0 if set(counts) <= {"killed"} else 1


if __name__ == "__main__":
    sys.exit(main())
