"""Geometry for the dashboard's SVG charts; the SVG itself is a template (title, description, and a table
beside it on the page). Numbers in, coordinates out — nothing here is HTML."""

from dataclasses import dataclass

WIDTH, HEIGHT, PAD_LEFT, PAD_BOTTOM, PAD_TOP = 640, 200, 36, 28, 10


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str


def flow_chart(months):
    """Two bars per month (raised, resolved), scaled to the busiest month."""
    if not months:
        return None
    peak = max(max(m.raised_total, m.resolved) for m in months) or 1
    plot_w, plot_h = WIDTH - PAD_LEFT, HEIGHT - PAD_BOTTOM - PAD_TOP
    slot = plot_w / len(months)
    bar_w = max(2.0, slot * 0.35)
    groups = []
    for i, m in enumerate(months):
        x = PAD_LEFT + i * slot + slot * 0.1
        raised_h = plot_h * m.raised_total / peak
        resolved_h = plot_h * m.resolved / peak
        groups.append({
            "raised": Bar(x, PAD_TOP + plot_h - raised_h, bar_w, raised_h, m.raised_total, ""),
            "resolved": Bar(x + bar_w, PAD_TOP + plot_h - resolved_h, bar_w, resolved_h, m.resolved, ""),
            "label_x": x + bar_w, "label": m.month, "show_label": i % max(1, -(-len(months) // 12)) == 0,
        })  # fmt: skip
    return {"width": WIDTH, "height": HEIGHT, "groups": groups, "peak": peak, "base_y": PAD_TOP + plot_h,
            "left": PAD_LEFT, "top": PAD_TOP}  # fmt: skip


def sla_chart(block):
    """One stacked horizontal bar per ladder level: on time, close, breached."""
    rows = block.rows
    if not rows:
        return None
    peak = max(r.total for r in rows) or 1
    row_h, label_w, width = 26, 200, WIDTH
    plot_w = width - label_w - 40
    bars = []
    for i, r in enumerate(rows):
        y = 6 + i * row_h
        x = label_w
        parts = []
        for kind, value in (("on_time", r.on_time), ("close", r.close), ("breached", r.breached)):
            w = plot_w * value / peak
            parts.append({"kind": kind, "x": x, "width": w, "value": value})
            x += w
        bars.append({"y": y, "level": r.level, "name": r.name, "parts": parts, "total": r.total, "end_x": x + 4})
    return {"width": width, "height": 12 + len(rows) * row_h, "bars": bars, "label_w": label_w, "row_h": row_h - 6}
