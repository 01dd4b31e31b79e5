"""The dashboard's tables for CSV/XLSX export: one per block, the same numbers as the page."""

from django.utils.translation import gettext as _

from actors.exports import Table


def escalations(blocks, period):
    block = blocks["escalations"]
    table = Table(
        _("Eskaleringer"),
        [_("niveau"), _("navn"), _("inden for fristen"), _("tæt på fristen"), _("overskredet"), _("i alt")],
    )
    for row in block.rows:
        table.rows.append([row.level, row.name, row.on_time, row.close, row.breached, row.total])
    return table


def flow(blocks, period):
    table = Table(_("Sagsflow"), [_("måned"), _("rejst"), _("løst")])
    for month in blocks["flow"]:
        table.rows.append([month.month, month.raised_total, month.resolved])
    return table


def overdue(blocks, period):
    table = Table(_("Overskredne handlinger"), [_("organisation"), _("forvaltning"), _("overskredne")])
    for row in blocks["overdue"]:
        table.rows.append([row.name or _("Navngivne personer"), row.department, row.overdue])
    return table


def attendance(blocks, period):
    table = Table(_("Fremmøde"), [_("organisation"), _("fremmøde (%)")])
    for organisation, rate in blocks["attendance"].rates:
        table.rows.append([organisation.name, rate])
    return table


def coverage(blocks, period):
    matrix = blocks["coverage"]
    table = Table(
        _("Dækning"), [_("organisation"), *[label for _v, label in matrix.fields], _("deltaget de seneste 90 dage")]
    )
    for row in matrix.departments + matrix.local_actors:
        table.rows.append(
            [row.organisation.name, *[_("ja") if c else "" for c in row.covered], _("ja") if row.recent else ""]
        )
    return table


def heatmap(blocks, period):
    columns, rows, _peak = blocks["heatmap"]
    table = Table(_("Engagement"), [_("organisation"), *(c.label for c in columns), _("i alt")])
    for row in rows:
        table.rows.append([row.name, *row.cells, row.total])
    return table


def indicators(blocks, period):
    table = Table(
        _("Indikatorer"), [_("dimension"), _("indikator"), _("seneste værdi"), _("forventet efter målet"), _("status")]
    )
    for dimension in blocks["dimensions"]:
        for line in dimension.lines:
            table.rows.append([dimension.label, line.name, line.latest, line.expected, line.label])
    return table


TABLES = {
    "eskaleringer": escalations,
    "sagsflow": flow,
    "handlinger": overdue,
    "fremmoede": attendance,
    "daekning": coverage,
    "engagement": heatmap,
    "indikatorer": indicators,
}


def network_nodes(network):
    table = Table(
        _("Organisationer i netværket"),
        [_("organisation"), _("type"), _("møder deltaget"), _("samarbejdspartnere"), _("forbindelser i alt")],
    )
    for n in network.nodes:
        table.rows.append([n.name, n.kind_label, n.meetings, n.partners, n.weight])
    return table


def network_edges(network):
    table = Table(
        _("Samarbejde"),
        [_("organisation"), _("organisation"), _("fælles møder"), _("fælles handlinger"), _("i alt")],
    )
    for e in network.edges:
        table.rows.append([e.a.name, e.b.name, e.meetings, e.actions, e.weight])
    return table


NETWORK_TABLES = {"organisationer": network_nodes, "samarbejde": network_edges}


def overview(rows, period):
    table = Table(
        _("Indsatserne side om side"),
        [
            _("indsats"), _("fase"), _("start"), _("slut"), _("organisationer engageret"), _("forvaltninger engageret"),
            _("fagområder uden dækning"), _("møder holdt"), _("fremmøde (%)"), _("åbne sager"),
            _("sager over fristen"), _("sager løst"), _("løst inden for fristen (%)"), _("overskredne handlinger"),
            _("dagsordenspunkter nedefra (%)"), _("samarbejdsmåling (gns. af 5)"),
        ],
    )  # fmt: skip
    for r in rows:
        table.rows.append([
            r.initiative.name, r.phase_label, r.initiative.start, r.initiative.end, r.engaged, r.departments,
            ", ".join(r.gaps), r.meetings, r.attendance, r.open_cases, r.breached, r.resolved, r.within_sla,
            r.overdue_actions, r.bottom_up, r.survey,
        ])  # fmt: skip
    return table


def department(organisation, rows):
    table = Table(
        str(organisation),
        [
            _("indsats"), _("engageret fra"), _("fagområder"), _("sager i køen"), _("inden for fristen"),
            _("tæt på fristen"), _("overskredet"), _("åbne handlinger"), _("handlinger over fristen"),
            _("handlinger udført til tiden (%)"), _("fremmøde (%)"),
        ],
    )  # fmt: skip
    for r in rows:
        table.rows.append([
            r.name, r.since, ", ".join(r.fields), r.queue, r.on_time, r.close, r.breached, r.actions_open,
            r.actions_overdue, r.on_time_share, r.attendance,
        ])  # fmt: skip
    return table
