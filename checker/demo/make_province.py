"""Generate the sample province "Tỉnh Hòa An" under checker/demo/province/.

The portals are static files (served by :mod:`checker.demo.server`); this script is how
they were written, kept so that they can be changed coherently. Run it from the
repository root::

    python -m checker.demo.make_province

It rewrites every portal directory it owns (registry.yaml and expected.yaml are written
by hand and are left alone). Each portal imitates a different CMS the way real
Vietnamese government portals differ: Liferay (province), DNN/.aspx CamelCase (Sở Xây
dựng), SharePoint with a JavaScript-built menu (Sở TN&MT), Joomla query-string URLs
(Sở GD&ĐT), a home-grown PHP site (huyện Bình Sơn), an old table-based ASP site with
legacy TCVN3 text (huyện Lai Sơn) and a WordPress site on a .com.vn domain (Sở Y tế).
Three commune portals (``_commune_content.py``), two of them component sites in folders of
the provincial host, are judged with ``registry-decree42.yaml``.
Dates are static text written for an evaluation on 2026-11-22.

The content is in ``_province_content.py``; it is built from the portal model and HTML
helpers of :mod:`checker.demo.sample_portal`, the templates of :mod:`checker.demo.themes`
and the legacy encodings and binary files of :mod:`checker.demo.sample_files`.
"""

from __future__ import annotations

from checker.demo import _commune_content as communes
from checker.demo import _province_content as content
from checker.demo.sample_portal import ROOT


def main() -> None:
    ROOT.mkdir(parents=True, exist_ok=True)
    portals = content.build_all() + communes.build_communes()  # communes last: some live in the province's host
    for p in portals:
        p.write()
    print("wrote", ", ".join(p.host for p in portals))


if __name__ == "__main__":
    main()
