"""Spare-part families kept in stock for tower maintenance, with pt-BR names.

A ``PartTemplate`` is one kind of part ("Bateria VRLA 12V 100Ah"). At scale S each template in a
category's S quota becomes one item; at L the templates of a category are multiplied into
manufacturer variants ("... ref. BAT-4821") up to the category's share of 5,000 items.

Numbers are the judgement of a maintenance planner, kept deliberately simple:
- ``cost``: median standard cost in BRL per unit (per metre for cable, per kg for gas or screws);
- ``rate``: maintenance jobs per working day that use the part at a reference warehouse (S scale);
- ``size``: median and log-sd of the quantity one job uses (batteries go in banks of 4, cable in
  metres); ``project``: probability that a job is a bulk replacement (a storm campaign, a site
  upgrade) taking several times the usual quantity: that is what makes demand lumpy;
- ``trend``: yearly log-growth (5G parts grow, 2G/3G and incandescent parts decline);
- ``pack``: order multiple (reel of 100 m, box of 10 connectors, battery bank of 4).

All text is Latin-1 encodable (no ohm sign, no en dash) so a Latin-1 ERP export can carry it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    name: str
    code: str  # used in manufacturer references, e.g. BAT-4821
    criticality: str  # default ABC class for the family
    season: float  # amplitude of the rainy-season rise in failures (0 = none)
    lead_time: tuple[int, int]  # nominal lead-time range of its suppliers, days
    share_l: float  # share of the 5,000 items at L
    quota_s: int  # number of items at S


@dataclass(frozen=True)
class PartTemplate:
    category: str
    name: str
    unit: str
    cost: float
    rate: float
    size: tuple[float, float]
    project: float = 0.0
    trend: float = 0.0
    pack: float = 1.0


CATEGORIES: tuple[Category, ...] = (
    Category("Baterias", "BAT", "A", 0.35, (15, 35), 0.06, 3),
    Category("Retificadores", "RET", "A", 0.5, (20, 45), 0.06, 3),
    Category("Conectores RF", "CRF", "C", 0.1, (7, 20), 0.12, 5),
    Category("Cabos", "CAB", "C", 0.1, (7, 20), 0.09, 4),
    Category("Antenas", "ANT", "B", 0.15, (30, 60), 0.06, 3),
    Category("Rádios e transmissão", "RAD", "A", 0.2, (35, 60), 0.07, 3),
    Category("Disjuntores e proteção (DPS)", "DPS", "B", 0.7, (5, 15), 0.12, 4),
    Category("Ar-condicionado", "ARC", "B", 0.45, (10, 30), 0.05, 3),
    Category("Fibra óptica", "FOP", "B", 0.1, (7, 25), 0.10, 3),
    Category("Gabinetes", "GAB", "B", 0.1, (30, 60), 0.04, 2),
    Category("Iluminação de balizamento", "BAL", "A", 0.4, (15, 35), 0.04, 3),
    Category("Aterramento", "ATE", "C", 0.3, (5, 15), 0.06, 2),
    Category("Fixação e ferragens", "FIX", "C", 0.05, (5, 12), 0.13, 2),
)
CATEGORY_BY_NAME: dict[str, Category] = {c.name: c for c in CATEGORIES}

_INCH_HALF = '1/2"'
_INCH_78 = '7/8"'
_INCH_114 = '1-1/4"'


def _t(
    category: str,
    name: str,
    unit: str,
    cost: float,
    rate: float,
    size: tuple[float, float] | None = None,
    project: float = 0.0,
    trend: float = 0.0,
    pack: float | None = None,
) -> PartTemplate:
    default_size = {
        "UN": (1.0, 0.4),
        "M": (12.0, 0.8),
        "KG": (2.0, 0.6),
        "CJ": (1.0, 0.3),
        "PCT": (1.2, 0.4),
        "RL": (2.0, 0.5),
    }[unit]
    default_pack = {"M": 100.0, "KG": 5.0, "RL": 10.0}.get(unit, 10.0 if cost < 50 else 1.0)
    return PartTemplate(
        category=category,
        name=name,
        unit=unit,
        cost=cost,
        rate=rate,
        size=size or default_size,
        project=project,
        trend=trend,
        pack=pack if pack is not None else default_pack,
    )


def _power_parts(add: Callable[[PartTemplate], None]) -> None:
    """Batteries and rectifiers: the tower's DC power."""
    c = "Baterias"
    add(_t(c, "Bateria VRLA 12V 100Ah", "UN", 1290, 1.2, (4, 0.5), project=0.05, pack=4))
    add(_t(c, "Bateria de lítio LiFePO4 48V 100Ah", "UN", 9800, 0.25, (1, 0.3), trend=0.25))
    add(_t(c, "Bateria estacionária chumbo-ácido 12V 105Ah", "UN", 980, 0.4, (4, 0.4),
           project=0.04, trend=-0.15, pack=4))  # fmt: skip
    for ah, cost in ((150, 1750), (170, 1990), (200, 2350)):
        add(_t(c, f"Bateria VRLA 12V {ah}Ah", "UN", cost, 0.3, (4, 0.4), project=0.04, pack=4))
    add(_t(c, "Bateria de lítio LiFePO4 48V 50Ah", "UN", 6200, 0.15, trend=0.25))
    for ah, cost in ((300, 1450), (500, 2100), (800, 3100)):
        add(_t(c, f"Elemento de bateria OPzV 2V {ah}Ah", "UN", cost, 0.12, (24, 0.2),
               project=0.02, pack=24))  # fmt: skip
    add(_t(c, "Monitor de baterias (BMS) 48V", "UN", 1400, 0.08))

    c = "Retificadores"
    add(_t(c, "Retificador Módulo 48V 50A", "UN", 3800, 0.9, (1.2, 0.35)))
    add(_t(c, "Unidade controladora de retificadores (USCC)", "UN", 6500, 0.15))
    add(_t(c, "Ventilador do módulo retificador", "UN", 180, 0.35, (2, 0.4), pack=10))
    add(_t(c, "Retificador Módulo 48V 25A", "UN", 2600, 0.3, (1.2, 0.3), trend=-0.1))
    add(_t(c, "Retificador Módulo 48V 3kW alta eficiência", "UN", 5200, 0.3, trend=0.15))
    add(_t(c, "Placa de alarmes do sistema retificador", "UN", 900, 0.1))
    for amps, cost in ((200, 24000), (300, 31000)):
        add(_t(c, f"Sistema retificador 48V {amps}A completo", "UN", cost, 0.02))
    add(_t(c, "Conversor CC/CC 48V/24V", "UN", 1600, 0.06))


def _radio_parts(add: Callable[[PartTemplate], None]) -> None:
    """RF connectors, cables, antennas and radios."""
    c = "Conectores RF"
    add(_t(c, f"Conector N macho para cabo {_INCH_HALF}", "UN", 48, 8.0, (3, 0.4), project=0.01))
    add(_t(c, f"Conector 7/16 DIN macho para cabo {_INCH_78}", "UN", 95, 1.5, (2, 0.5),
           project=0.03))  # fmt: skip
    add(_t(c, f"Conector 4.3-10 macho para cabo {_INCH_HALF}", "UN", 88, 0.8, (2, 0.5),
           trend=0.25))  # fmt: skip
    add(_t(c, 'Kit de aterramento para cabo coaxial 1/2"', "UN", 85, 0.9, (2, 0.4)))
    add(_t(c, "Carga terminal 50 ohms N macho", "UN", 150, 0.2))
    for cable, cost in ((_INCH_78, 120), (_INCH_114, 185)):
        add(_t(c, f"Conector N macho para cabo {cable}", "UN", cost, 0.5, (2, 0.5)))
    add(_t(c, f"Conector 7/16 DIN fêmea para cabo {_INCH_HALF}", "UN", 90, 0.4, (2, 0.5)))
    add(_t(c, "Adaptador N fêmea / 7/16 DIN macho", "UN", 62, 0.4, (2, 0.4)))
    add(_t(c, "Conector SMA macho para cabo RG-58", "UN", 24, 0.3, (4, 0.5)))
    add(_t(c, "Divisor de potência RF 2 vias", "UN", 540, 0.05))

    c = "Cabos"
    add(_t(c, f"Cabo coaxial {_INCH_HALF} 50 ohms", "M", 22.5, 6.0, (10, 0.6), project=0.01))
    add(_t(c, "Cabo de energia flexível 0,6/1 kV 16 mm²", "M", 17.9, 1.0, (15, 0.8),
           project=0.03))  # fmt: skip
    add(_t(c, 'Jumper coaxial 1/2" superflexível N/7-16 2 m', "UN", 165, 1.3, (2, 0.5)))
    add(_t(c, f"Cabo coaxial {_INCH_78} 50 ohms", "M", 48.0, 0.6, (20, 0.7), project=0.03))
    add(_t(c, f"Cabo coaxial {_INCH_114} 50 ohms", "M", 82.0, 0.15, (25, 0.6), pack=50))
    for mm2, cost in ((6, 7.9), (10, 11.5), (25, 26.0), (35, 36.5)):
        add(_t(c, f"Cabo de energia flexível 0,6/1 kV {mm2} mm²", "M", cost, 0.4))
    for mm2, cost in ((35, 24.0), (50, 33.0)):
        add(_t(c, f"Cabo de cobre nu para aterramento {mm2} mm²", "M", cost, 0.3, (8, 0.7)))
    for m, cost in ((1, 130), (3, 195)):
        add(_t(c, f'Jumper coaxial 1/2" superflexível N/7-16 {m} m', "UN", cost, 0.4, (2, 0.5)))
    add(_t(c, "Cabo de alarme CI 10 pares", "M", 6.2, 0.3, (20, 0.6)))

    c = "Antenas"
    add(_t(c, "Antena setorial 1800/2100/2600 MHz 65°", "UN", 6800, 0.2))
    add(_t(c, "Antena 5G Massive MIMO 3,5 GHz 64T64R", "UN", 58000, 0.06, trend=0.45))
    add(_t(c, "Antena omnidirecional 900 MHz", "UN", 1250, 0.08, trend=-0.25))
    add(_t(c, "Antena setorial 700/850/1800 MHz 65°", "UN", 6200, 0.15))
    add(_t(c, "Antena setorial 1800/2100/2600 MHz 90°", "UN", 6500, 0.08))
    for d, f, cost in (("0,3", 23, 4200), ("0,6", 15, 6900), ("1,2", 7, 11800)):
        add(_t(c, f"Antena micro-ondas {d} m {f} GHz", "UN", cost, 0.05))
    add(_t(c, "Kit RET (controle remoto de tilt) para antena setorial", "UN", 2300, 0.07))

    c = "Rádios e transmissão"
    add(_t(c, "RRU 1800 MHz 2T2R", "UN", 18500, 0.12))
    add(_t(c, "RRU 5G 3,5 GHz 4T4R", "UN", 36000, 0.08, trend=0.45))
    add(_t(c, "Placa TRX GSM 900 MHz (2G)", "UN", 6100, 0.1, trend=-0.45))
    add(_t(c, "Placa de banda base UMTS (3G)", "UN", 12500, 0.05, trend=-0.4))
    add(_t(c, "Placa de banda base 5G NR", "UN", 29500, 0.04, trend=0.4))
    for mhz, cost in ((700, 17000), (2600, 19500)):
        add(_t(c, f"RRU {mhz} MHz 2T2R", "UN", cost, 0.07))
    for ghz, cost in ((7, 8400), (15, 9200), (23, 9900)):
        add(_t(c, f"Unidade ODU micro-ondas {ghz} GHz", "UN", cost, 0.05))
    add(_t(c, "Módulo GPS para sincronismo", "UN", 1800, 0.06))
    add(_t(c, "Placa IDU de rádio micro-ondas", "UN", 7400, 0.04))


def _site_parts(add: Callable[[PartTemplate], None]) -> None:
    """Protection, air conditioning and fibre."""
    c = "Disjuntores e proteção (DPS)"
    add(_t(c, "DPS classe II 275V 20kA", "UN", 185, 4.0, (2, 0.5), project=0.03))
    add(_t(c, "Disjuntor termomagnético bipolar 32A curva C", "UN", 68, 3.5, (1.5, 0.4)))
    add(_t(c, "DPS classe I 275V 40kA", "UN", 640, 0.5, (1.5, 0.4), project=0.02))
    add(_t(c, "Fusível NH 00 100A", "UN", 46, 0.9, (3, 0.4)))
    for poles, amps, cost in (
        ("monopolar", 10, 22), ("monopolar", 16, 22), ("monopolar", 20, 24),
        ("bipolar", 16, 62), ("bipolar", 40, 78), ("tripolar", 40, 145), ("tripolar", 63, 210),
    ):  # fmt: skip
        add(_t(c, f"Disjuntor termomagnético {poles} {amps}A curva C", "UN", cost, 0.4))
    for amps, cost in ((32, 140), (63, 175), (125, 290)):
        add(_t(c, f"Disjuntor CC 48V {amps}A para retificador", "UN", cost, 0.3))
    add(_t(c, "DPS para linha coaxial N fêmea", "UN", 320, 0.3))
    add(_t(c, "Fusível NH 1 160A", "UN", 58, 0.3, (3, 0.4)))

    c = "Ar-condicionado"
    add(_t(c, "Ar-condicionado split 18.000 BTU/h 220V", "UN", 3600, 0.25))
    add(_t(c, "Gás refrigerante R-410A", "KG", 95, 0.6, (3, 0.5), pack=11.3))
    add(_t(c, "Filtro de ar para gabinete outdoor", "UN", 120, 0.8, (2, 0.4)))
    for btu, cost in (("12.000", 2900), ("24.000", 4500)):
        add(_t(c, f"Ar-condicionado split {btu} BTU/h 220V", "UN", cost, 0.1))
    add(_t(c, "Compressor rotativo 18.000 BTU/h", "UN", 1800, 0.12))
    add(_t(c, "Placa eletrônica da condensadora", "UN", 950, 0.15))
    add(_t(c, "Capacitor de partida 45 µF", "UN", 45, 0.3, (1.5, 0.3)))
    add(_t(c, "Controlador de climatização para shelter", "UN", 2200, 0.05))

    c = "Fibra óptica"
    add(_t(c, "Cordão óptico monomodo LC/LC duplex 2 m", "UN", 45, 5.0, (2, 0.4)))
    add(_t(c, "Módulo óptico SFP 25G monomodo", "UN", 1750, 0.35, (1.5, 0.4), trend=0.35))
    add(_t(c, "Cabo óptico drop 2 FO", "M", 1.9, 0.8, (60, 0.7), project=0.03, pack=1000))
    add(_t(c, "Módulo óptico SFP 10G monomodo", "UN", 620, 0.4, (1.5, 0.4)))
    add(_t(c, "Módulo óptico SFP 1G monomodo", "UN", 290, 0.25, (1.5, 0.4), trend=-0.2))
    for m, cost in ((5, 52), (10, 64)):
        add(_t(c, f"Cordão óptico monomodo LC/LC duplex {m} m", "UN", cost, 0.6, (2, 0.5)))
    for fo, cost in ((12, 4.8), (24, 6.6), (48, 9.9)):
        add(_t(c, f"Cabo óptico autossustentado {fo} FO", "M", cost, 0.15, (80, 0.7),
               project=0.03, pack=500))  # fmt: skip
    add(_t(c, "Caixa de emenda óptica 24 FO", "UN", 380, 0.15))
    add(_t(c, "Protetor de emenda óptica 40 mm (pacote c/ 100)", "PCT", 35, 0.3))
    add(_t(c, "Distribuidor interno óptico (DIO) 24 FO", "UN", 900, 0.06))


def _structure_parts(add: Callable[[PartTemplate], None]) -> None:
    """Cabinets, beacon lights, grounding and fixings."""
    c = "Gabinetes"
    add(_t(c, "Trocador de calor para gabinete outdoor 48V", "UN", 4200, 0.12))
    add(_t(c, "Fechadura com chave para gabinete outdoor", "UN", 160, 0.4, (1.2, 0.3)))
    add(_t(c, "Gabinete outdoor para equipamentos 40U", "UN", 22000, 0.015))
    add(_t(c, "Gabinete outdoor para equipamentos 20U", "UN", 15500, 0.015))
    add(_t(c, "Porta de gabinete outdoor", "UN", 2500, 0.04))
    add(_t(c, "Sensor de porta (alarme) para gabinete", "UN", 90, 0.3))
    add(_t(c, "Sensor de temperatura para shelter", "UN", 140, 0.2))

    c = "Iluminação de balizamento"
    add(_t(c, "Luminária de balizamento LED simples 48V", "UN", 650, 0.5, trend=0.1))
    add(_t(c, "Lâmpada de balizamento incandescente 116W", "UN", 45, 0.6, (2, 0.4), trend=-0.35))
    add(_t(c, "Controlador de balizamento com fotocélula", "UN", 900, 0.2))
    add(_t(c, "Luminária de balizamento LED dupla 48V", "UN", 1100, 0.15, trend=0.1))
    add(_t(c, "Fotocélula para balizamento", "UN", 85, 0.25))

    c = "Aterramento"
    add(_t(c, 'Haste de aterramento cobreada 5/8" x 2,4 m', "UN", 65, 0.7, (2, 0.5),
           project=0.03))  # fmt: skip
    add(_t(c, "Cartucho para solda exotérmica 90 g", "UN", 38, 0.5, (3, 0.5)))
    add(_t(c, "Cartucho para solda exotérmica 115 g", "UN", 44, 0.3, (3, 0.5)))
    add(_t(c, "Barramento de aterramento de cobre", "UN", 350, 0.1))
    add(_t(c, "Conector de aterramento tipo split-bolt", "UN", 18, 0.4, (4, 0.5)))
    add(_t(c, "Cordoalha de cobre nu 50 mm²", "KG", 72, 0.15, (3, 0.6)))

    c = "Fixação e ferragens"
    add(_t(c, "Fita autofusão 19 mm x 10 m", "RL", 28, 6.0, (2, 0.4)))
    add(_t(c, "Abraçadeira de nylon 300 mm (pacote c/ 100)", "PCT", 39, 3.0, (1.3, 0.4)))
    add(_t(c, "Kit de fixação para antena setorial", "CJ", 420, 0.25))
    add(_t(c, "Parafuso sextavado galvanizado M12 x 50", "KG", 38, 0.4, (1.5, 0.6)))
    add(_t(c, "Suporte para RRU em tubo", "UN", 380, 0.1))
    add(_t(c, f"Braçadeira tripla para cabo {_INCH_78}", "UN", 22, 0.5, (6, 0.5)))
    add(_t(c, 'Tubo galvanizado 2" x 3 m (mastro)', "UN", 260, 0.05))
    add(_t(c, "Cantoneira perfurada galvanizada 3 m", "UN", 95, 0.1, (2, 0.4)))


def _templates() -> tuple[PartTemplate, ...]:
    out: list[PartTemplate] = []
    for family in (_power_parts, _radio_parts, _site_parts, _structure_parts):
        family(out.append)
    return tuple(out)


TEMPLATES: tuple[PartTemplate, ...] = _templates()
