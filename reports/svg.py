"""Inline SVG score-trend charts: no scripts, no external files, readable by screen readers."""

from __future__ import annotations

from markupsafe import Markup, escape

from reports.i18n import format_number, strings


def trend_svg(points: list[tuple[str, float | None]], name: str, lang: str,
              width: int = 120, height: int = 32) -> Markup:
    """A small line chart of scores (0–100) over scans; gaps where a scan had no score.

    Only numbers reach the drawing; the date labels and the portal name go through
    escaping into ``aria-label`` and ``<title>``.
    """
    if len(points) < 2:
        return Markup("")
    s = strings(lang)
    pad = 3
    step = (width - 2 * pad) / (len(points) - 1)
    segments: list[list[str]] = [[]]
    dots: list[str] = []
    for i, (_, score) in enumerate(points):
        if score is None:
            if segments[-1]:
                segments.append([])
            continue
        y = pad + (100 - max(0.0, min(100.0, float(score)))) / 100 * (height - 2 * pad)
        x = pad + i * step
        segments[-1].append(f"{x:.1f},{y:.1f}")
        dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.8"/>')
    lines = "".join(f'<polyline points="{" ".join(seg)}"/>' for seg in segments if len(seg) > 1)
    described = "; ".join(f"{str(d)[:10]}: {format_number(v, lang)}" for d, v in points)
    label = escape(s["trend_label"].format(name=name, points=described))
    return Markup(
        f'<svg class="trend" role="img" aria-label="{label}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg"><title>{label}</title>'
        f'<line class="axis" x1="0" y1="{height - pad}" x2="{width}" y2="{height - pad}"/>'
        f'<g class="line">{lines}</g><g class="dots">{"".join(dots)}</g></svg>')
