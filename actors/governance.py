"""The governance structure as a tree of bodies, built from one query, and the version its cached
rendering is keyed by."""

from dataclasses import dataclass, field

from .history import data_version
from .models import Body, Organisation


@dataclass
class Node:
    body: Body
    children: list = field(default_factory=list)


def governance_tree():
    """All bodies as a forest; roots are bodies that report to no one, children ordered by name.

    A body caught in a cycle (impossible through the forms, but possible through
    raw data) is still shown once, as a root, rather than lost or looped over.
    """
    bodies = list(Body.objects.select_related("organisation").order_by("name"))
    nodes = {b.pk: Node(b) for b in bodies}
    roots = []
    for body in bodies:
        parent = nodes.get(body.reports_to_id)
        (parent.children if parent else roots).append(nodes[body.pk])
    reachable = set()
    stack = list(roots)
    while stack:
        node = stack.pop()
        reachable.add(node.body.pk)
        stack.extend(node.children)
    roots.extend(n for pk, n in nodes.items() if pk not in reachable and _is_cycle_entry(n, nodes, reachable))
    # The political fora head the chart, then other bodies with something below them, then the rest.
    roots.sort(key=lambda n: (n.body.kind != Body.Kind.FORUM, not n.children, n.body.name))
    return roots


def _is_cycle_entry(node, nodes, reachable):
    # Pick the lowest pk of each unreachable cycle as its root; mark the cycle reachable.
    seen, cur = [], node
    while cur.body.pk not in seen:
        seen.append(cur.body.pk)
        cur = nodes[cur.body.reports_to_id]
    cycle = seen[seen.index(cur.body.pk) :]
    if node.body.pk != min(cycle):
        return False
    # Cut the edge into this root so rendering terminates.
    parent = nodes[node.body.reports_to_id]
    parent.children = [c for c in parent.children if c is not node]
    stack = [node]
    while stack:
        n = stack.pop()
        reachable.add(n.body.pk)
        stack.extend(n.children)
    return True


def chart_version():
    """Changes whenever a body or an organisation changes: each save and delete through the app adds a
    history row, and the bodies' count and newest id catch rows added or removed in bulk (the import,
    generated data). The key of the chart's cached rendering (templates/actors/governance_chart.html)."""
    return data_version((Body, Organisation), counted=(Body,))
