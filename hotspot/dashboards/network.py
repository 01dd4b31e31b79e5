"""The collaboration network of an initiative in a period: who works with whom, and who is isolated.

Nodes are the organisations engaged in the initiative during the period (and any other
organisation that took part). Two organisations are joined by an edge when
- both were present at the same meeting (weight: the number of such meetings), or
- one owns an action item from an agenda item the other presented or brought
  (weight: the number of such action items).
Each kind is one grouped query in the database. The layout is a circular layout computed
in Python (networkx communities on a circle, the same every time); the SVG is a template.
"""

import math
from dataclasses import dataclass

import networkx as nx
from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce

from actors.models import Engagement, Organisation
from dialogue.models import Invitation, Meeting, Outcome

from .selectors import moments

WIDTH, HEIGHT, MARGIN, LABEL_ROOM, ALONE_ROW = 800, 600, 30, 170, 60
MAX_DRAWN = 60  # the drawing shows the most connected organisations; the table lists all of them
MAX_LISTED_EDGES = 100  # the page lists the strongest links; the CSV/XLSX has every one


@dataclass
class Node:
    organisation_id: int
    name: str
    short: str
    kind: str
    kind_label: str
    meetings: int = 0
    partners: int = 0
    weight: int = 0
    x: float = 0.0
    y: float = 0.0
    r: float = 6.0
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "middle"

    @property
    def isolated(self):
        return self.partners == 0


@dataclass
class Edge:
    a: Node
    b: Node
    meetings: int = 0
    actions: int = 0
    stroke: float = 1.0

    @property
    def weight(self):
        return self.meetings + self.actions


@dataclass
class Network:
    nodes: list  # every node, most connected first
    edges: list  # heaviest first
    drawn: list  # the nodes in the drawing
    drawn_edges: list
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def isolated(self):
        return [n for n in self.nodes if n.isolated]

    @property
    def listed_edges(self):
        return self.edges[:MAX_LISTED_EDGES]

    @property
    def peak(self):
        return max((e.weight for e in self.edges), default=0)


def _co_attendance(initiative, since, until):
    """{(a, b): meetings both a and b attended}, a < b. One grouped self-join."""
    inv = connection.ops.quote_name(Invitation._meta.db_table)
    meeting = connection.ops.quote_name(Meeting._meta.db_table)
    sql = f"""
        SELECT a.organisation_id, b.organisation_id, count(DISTINCT a.meeting_id)
        FROM {inv} a
        JOIN {inv} b ON b.meeting_id = a.meeting_id AND b.organisation_id > a.organisation_id
        JOIN {meeting} m ON m.id = a.meeting_id
        WHERE m.initiative_id = %s AND NOT m.cancelled AND m.start >= %s AND m.start < %s
          AND a.attendance = %s AND b.attendance = %s
        GROUP BY a.organisation_id, b.organisation_id
    """  # noqa: S608 - table names from the models, values as parameters
    present = Invitation.Attendance.PRESENT
    with connection.cursor() as cursor:
        cursor.execute(sql, [initiative.pk, since, until, present, present])
        return {(a, b): n for a, b, n in cursor.fetchall()}


def _joint_actions(initiative, since, until):
    """{(a, b): action items owned by one and presented or brought by the other}, a < b. One query."""
    rows = (
        Outcome.objects.actions()
        .filter(
            agenda_item__meeting__initiative=initiative,
            agenda_item__meeting__cancelled=False,
            agenda_item__meeting__start__gte=since,
            agenda_item__meeting__start__lt=until,
            owner_organisation__isnull=False,
        )
        .annotate(partner=Coalesce("agenda_item__owner_organisation", "agenda_item__origin_organisation"))
        .filter(partner__isnull=False)
        .exclude(partner=F("owner_organisation"))
        .values("owner_organisation", "partner")
        .annotate(n=Count("id"))
        .order_by()
    )
    out = {}
    for row in rows:
        key = tuple(sorted((row["owner_organisation"], row["partner"])))
        out[key] = out.get(key, 0) + row["n"]
    return out


def _attended(initiative, since, until):
    """{organisation: meetings attended in the period}. One grouped query."""
    return dict(
        Invitation.objects.filter(
            meeting__initiative=initiative, meeting__cancelled=False, meeting__start__gte=since,
            meeting__start__lt=until, attendance=Invitation.Attendance.PRESENT, organisation__isnull=False,
        )
        .values("organisation")
        .annotate(n=Count("meeting", distinct=True))
        .values_list("organisation", "n")
    )  # fmt: skip


def _layout(nodes, edges):
    """Positions in the drawing: the connected nodes on a circle, grouped by community (networkx's
    modularity communities, largest first, the most connected first within each), so groups that work
    together sit side by side and every label stays readable; the isolated on a row at the bottom."""
    connected = [n for n in nodes if not n.isolated]
    alone = [n for n in nodes if n.isolated]
    graph = nx.Graph()
    graph.add_nodes_from(n.organisation_id for n in connected)
    graph.add_weighted_edges_from((e.a.organisation_id, e.b.organisation_id, e.weight) for e in edges)
    by_id = {n.organisation_id: n for n in connected}
    groups = [set(by_id)] if by_id else []
    if len(graph) > 2 and graph.number_of_edges():
        groups = [g for g in nx.community.greedy_modularity_communities(graph, weight="weight") if g]
    order = [
        n
        for group in sorted(groups, key=lambda g: (-len(g), min(by_id[i].name for i in g)))
        for n in sorted((by_id[i] for i in group), key=lambda n: (-n.weight, n.name))
    ]
    cx, cy = WIDTH / 2, (HEIGHT - (ALONE_ROW if alone else 0)) / 2
    radius = min(cx - LABEL_ROOM, cy - MARGIN)
    peak = max((n.weight for n in nodes), default=0) or 1
    for i, n in enumerate(order):
        angle = 2 * math.pi * i / len(order) - math.pi / 2
        n.x, n.y = cx + radius * math.cos(angle), cy + radius * math.sin(angle)
        n.r = 5 + 11 * (n.weight / peak) ** 0.5
        n.label_x = cx + (radius + n.r + 6) * math.cos(angle)
        n.label_y = cy + (radius + n.r + 6) * math.sin(angle) + 4
        n.anchor = "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle"
    step = (WIDTH - 2 * MARGIN) / (len(alone) - 1) if len(alone) > 1 else 0
    for i, n in enumerate(alone):
        n.x, n.y, n.r = (MARGIN + i * step) if step else WIDTH / 2, HEIGHT - ALONE_ROW / 2, 5
        n.label_x, n.label_y, n.anchor = n.x, n.y - 10 if i % 2 == 0 else n.y + 18, "middle"  # alternate: no overlap


def collaboration_network(initiative, period):
    since, until = moments(period)
    meetings = _co_attendance(initiative, since, until)
    actions = _joint_actions(initiative, since, until)
    attended = _attended(initiative, since, until)
    engaged = Engagement.objects.filter(initiative=initiative, start__lte=period.end).filter(
        Q(end__isnull=True) | Q(end__gte=period.start)
    )
    ids = set(engaged.values_list("organisation", flat=True)) | set(attended)
    ids |= {org for pair in (*meetings, *actions) for org in pair}
    kinds = dict(Organisation.Kind.choices)
    nodes = {
        o.pk: Node(o.pk, o.name, o.short_name or o.name, o.kind, str(kinds.get(o.kind, o.kind)))
        for o in Organisation.objects.filter(pk__in=ids).only("name", "short_name", "kind")
    }
    edges = []
    for a, b in sorted(set(meetings) | set(actions)):
        if a in nodes and b in nodes:
            edges.append(Edge(nodes[a], nodes[b], meetings.get((a, b), 0), actions.get((a, b), 0)))
    for e in edges:
        for n in (e.a, e.b):
            n.partners += 1
            n.weight += e.weight
    for org, n in attended.items():
        if org in nodes:
            nodes[org].meetings = n
    ordered = sorted(nodes.values(), key=lambda n: (-n.weight, -n.meetings, n.name))
    edges.sort(key=lambda e: (-e.weight, e.a.name, e.b.name))
    drawn = [n for n in ordered if not n.isolated][:MAX_DRAWN] + [n for n in ordered if n.isolated][:12]
    shown = {n.organisation_id for n in drawn}
    drawn_edges = [e for e in edges if e.a.organisation_id in shown and e.b.organisation_id in shown]
    _layout(drawn, drawn_edges)
    peak = max((e.weight for e in drawn_edges), default=0) or 1
    for e in drawn_edges:
        e.stroke = 1 + 5 * e.weight / peak
    return Network(ordered, edges, drawn, drawn_edges)
