"""The coverage matrix's table, rendered in Python: one row per organisation and a cell per professional
field is thousands of cells for a large initiative, where the template engine's per-cell tags dominated
the page (bench/RESULTS.md). Same markup as before; every text escaped."""

from django import template
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


def _cells(covered, yes, no):
    return "".join(yes if ok else no for ok in covered)


@register.simple_tag
def coverage_table(coverage):
    yes = f'<td class="covered">✓<span class="visually-hidden"> {escape(_("dækket"))}</span></td>'
    no = f'<td class=""><span class="visually-hidden">{escape(_("ikke dækket"))}</span></td>'
    not_engaged = f' <span class="badge text-bg-danger">{escape(_("ikke engageret"))}</span>'

    def name(row):
        org = row.organisation
        return f'<a href="{escape(org.get_absolute_url())}">{escape(org.short_name or org.name)}</a>'

    def since(row):
        day = date_format(row.since, "j. b Y")
        return f'<br><small class="text-muted">{escape(_("fra %(d)s") % {"d": day})}</small>'

    caption = _("Dækning af fagområder pr. %(d)s. ✓ = dækket; „mangler“ = fagområdet dækkes af ingen.") % {
        "d": date_format(coverage.on, "j. F Y")
    }
    out = [
        '<div class="table-responsive">\n<table class="table table-bordered table-sm coverage">',
        f"<caption>{escape(caption)}</caption>",
        f'<thead><tr><th scope="col">{escape(_("Organisation"))}</th>'
        + "".join(f'<th scope="col">{escape(label)}</th>' for _value, label in coverage.fields)
        + "</tr></thead>",
        "<tbody>",
    ]
    for row in coverage.departments:
        css = "" if row.engaged else "not-engaged"
        head = name(row) + (since(row) if row.engaged else not_engaged)
        out.append(f'<tr class="{css}"><th scope="row">{head}</th>{_cells(row.covered, yes, no)}</tr>')
    for row in coverage.local_actors:
        out.append(f'<tr><th scope="row">{name(row)}{since(row)}</th>{_cells(row.covered, yes, no)}</tr>')
    gap = f'<td class="gap">{escape(_("mangler"))}</td>'
    total = "".join(yes if ok else gap for ok in coverage.field_covered)
    out += [
        "</tbody>",
        f'<tfoot><tr><th scope="row">{escape(_("Samlet"))}</th>{total}</tr></tfoot>',
        "</table>\n</div>",
    ]
    return mark_safe("\n".join(out))  # every value above is escaped
