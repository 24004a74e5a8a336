"""A long spec for the deck, built from the sample: ten key judgments, twelve key
figures, ten timeline events, four authors (one with a very long biography), a long
title, a fourteen-slice pie and a highlighted bar chart."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests.conftest import copy_sample

JUDGMENTS = [
    "Relations between Azerbaijan and Russia have entered a phase of heightened tension "
    "since the December 2024 AZAL crash, and neither side expects a quick repair.",
    "Baku is unlikely to downgrade ties further: energy links and transit fees give both "
    "sides reasons to keep relations stable.",
    "Russia's leverage is limited: the Baku-Novorossiysk pipeline carries only 20,000 "
    "barrels per day.",
    "Remittances of about $500 million a year are a minor fraction of Azerbaijan's economy.",
    "Moscow is absorbed by its war on Ukraine and strained ties with Armenia and Georgia.",
    "Baku will keep closing Russian soft-power outlets while courting Russian trade.",
    "Turkey remains Baku's closest partner and a counterweight to Moscow in the region.",
    "The Middle Corridor raises Azerbaijan's value to Europe and China alike.",
    "A Russian victory in Ukraine would increase pressure on all three South Caucasus states.",
    "Relations will stay cool and tensions are bound to renew, because Baku wants a more "
    "independent foreign policy and Moscow opposes it.",
]
BIO = ("{name} is a senior fellow who has written on the South Caucasus, Russia and the "
       "Black Sea for fifteen years, advising governments and international organisations "
       "on energy security, transport corridors and conflict settlement. ")
EVENTS = [
    ("2024-12-25", "AZAL Embraer 190 crashes near Aktau",
     "The Baku-Grozny flight crashes into the Caspian Sea near Aktau; 38 are killed."),
    ("2024-12-28", "Putin apologises for the 'tragic incident'",
     "The Kremlin stops short of admitting that Russian air defence hit the plane."),
    ("2025-01-05", "Baku demands admission and compensation", None),
    ("2025-01-20", "Kazakh preliminary report published",
     "It cites external interference, supporting Baku's account."),
    ("2025-02-03", "Russian House in Baku closed",
     "Authorities accuse the cultural centre of facilitating intelligence operations."),
    ("2025-02-10", "Sputnik Azerbaijan cut to one employee", None),
    ("2025-02-18", "Nikolai Valuev declared persona non grata", None),
    ("2025-03-01", "Moscow calls the closure a 'misunderstanding'", None),
    ("2025-04-14", "Trade talks resume at deputy minister level",
     "Both sides keep the energy and transit files apart from the dispute."),
    ("2025-06-30", "Arrests of Russian citizens in Yekaterinburg spark protests", None),
]


def stress_spec(folder: Path, slide_size: str = "16:9") -> Path:
    """The long spec, written into `folder` with the sample's data; its path."""
    spec = copy_sample(folder)
    data = yaml.safe_load(spec.read_text(encoding="utf-8"))
    report = data["report"]
    report["title"] = ("Azerbaijan and Russia after the AZAL crash: distrustful but "
                       "pragmatic relations in a South Caucasus in flux")
    report["summary"] = JUDGMENTS
    first = data["authors"][0]
    first["bio"] = (first["bio"] + " ") + " ".join(
        BIO.format(name="He") for _ in range(6))
    data["authors"] += [
        {"name": name, "role": "Senior Fellow", "affiliation": "Caucasus Policy Institute",
         "bio": BIO.format(name=name) * 2}
        for name in ("Nino Beridze", "Farid Mammadov", "Anna Petrosyan")]
    figures = data["key_figures"]
    for n, value in enumerate((12, 7.5, 3), start=1):
        figures.append({"id": f"extra_{n}", "label": f"Another measure of the ties, no. {n}",
                        "value": value, "decimals": 1 if value % 1 else 0,
                        "suffix": "%" if n == 2 else ""})
    data["timeline"] = [{"date": d, "title": t, **({"detail": x} if x else {})}
                        for d, t, x in EVENTS]
    data["data"]["partners"] = {
        "source": "Illustrative shares for a stress test",
        "rows": [{"partner": f"Partner {chr(65 + i)}", "share": v} for i, v in enumerate(
            (22, 15, 11, 9, 8, 7, 6, 5, 4, 4, 3, 3, 2, 1))]}
    data["charts"].append({
        "id": "partners_pie", "type": "pie", "data": "partners", "x": "partner",
        "y": "share", "unit": "%", "title": "Five partners take two thirds of the trade",
        "subtitle": "Share of Azerbaijan's trade by partner, %",
        "alt": "Pie chart of fourteen trade partners' shares.",
        "highlight": ["Partner A"]})
    leverage = next(c for c in data["charts"] if c["id"] == "leverage_scale")
    leverage["highlight"] = ["Remittances (a year)"]
    data["sections"][3]["charts"].append("partners_pie")
    data["theme"]["slide_size"] = slide_size
    spec.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return spec
