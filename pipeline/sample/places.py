"""Real Brazilian places for the sample: warehouses (CDs) and the cities of the towers they serve.

Every city is listed with its correct UF; every warehouse with its UF and region. A warehouse
serves towers in its own state and in nearby states that have no warehouse of their own (at L, the
Brasília CD also serves Rondônia and Acre over the BR-364, Belém serves the Amazon states).

``rainy_peak_doy`` is the day of the year at the middle of the warehouse's rainy / thunderstorm
season, when lightning, floods and power cuts break rectifiers, surge protectors and batteries:
the Southeast, Centre-West and South peak in summer (October-March), the coast of the Northeast
(Recife, Salvador) in autumn-winter (April-July), Fortaleza earlier (February-May), the North from
December to May.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class City:
    name: str
    state: str  # UF
    code: str  # three letters used in tower IDs, e.g. SPO-0042
    weight: float  # relative number of towers (roughly population)


@dataclass(frozen=True)
class WarehouseSite:
    warehouse_id: str
    name: str
    city: str
    state: str
    region: str
    rainy_peak_doy: int
    season_strength: float  # 1.0 = a marked rainy season; lower where rain spreads over the year
    demand_scale: float  # relative workload (towers served, climate, age of the network)
    served_cities: tuple[City, ...]


def _cities(state: str, *rows: tuple[str, str, float]) -> tuple[City, ...]:
    return tuple(City(name, state, code, weight) for name, code, weight in rows)


SP = _cities(
    "SP",
    ("São Paulo", "SPO", 12.0),
    ("Guarulhos", "GRU", 1.4),
    ("Campinas", "CPQ", 1.2),
    ("São Bernardo do Campo", "SBC", 0.9),
    ("Santo André", "SAN", 0.8),
    ("Osasco", "OSA", 0.7),
    ("Sorocaba", "SOD", 0.7),
    ("Ribeirão Preto", "RAO", 0.7),
    ("São José dos Campos", "SJK", 0.7),
    ("Santos", "STS", 0.5),
    ("Jundiaí", "JDI", 0.4),
    ("Piracicaba", "PCB", 0.4),
    ("Bauru", "BAU", 0.4),
    ("São José do Rio Preto", "SJP", 0.5),
    ("Mogi das Cruzes", "MGC", 0.4),
    ("Presidente Prudente", "PPB", 0.25),
    ("Araraquara", "AQA", 0.25),
    ("Franca", "FRC", 0.3),
)
MS = _cities(
    "MS",
    ("Campo Grande", "CGR", 0.9),
    ("Dourados", "DOU", 0.25),
    ("Três Lagoas", "TJL", 0.15),
)
RJ = _cities(
    "RJ",
    ("Rio de Janeiro", "RIO", 6.7),
    ("São Gonçalo", "SGO", 1.0),
    ("Duque de Caxias", "DQC", 0.9),
    ("Nova Iguaçu", "NIG", 0.8),
    ("Niterói", "NTR", 0.5),
    ("Campos dos Goytacazes", "CAW", 0.5),
    ("Petrópolis", "PTP", 0.3),
    ("Volta Redonda", "VRD", 0.3),
    ("Macaé", "MEA", 0.25),
    ("Cabo Frio", "CFB", 0.2),
)
ES = _cities(
    "ES",
    ("Vitória", "VIX", 0.4),
    ("Vila Velha", "VVL", 0.5),
    ("Serra", "SER", 0.5),
    ("Cariacica", "CRC", 0.35),
    ("Linhares", "LIN", 0.15),
)
MG = _cities(
    "MG",
    ("Belo Horizonte", "BHZ", 2.5),
    ("Uberlândia", "UDI", 0.7),
    ("Contagem", "CTG", 0.6),
    ("Juiz de Fora", "JDF", 0.55),
    ("Betim", "BTM", 0.45),
    ("Montes Claros", "MOC", 0.4),
    ("Uberaba", "UBA", 0.35),
    ("Ipatinga", "IPN", 0.25),
    ("Governador Valadares", "GVR", 0.25),
    ("Divinópolis", "DIV", 0.25),
    ("Poços de Caldas", "POO", 0.17),
)
PE = _cities(
    "PE",
    ("Recife", "REC", 1.6),
    ("Jaboatão dos Guararapes", "JBT", 0.7),
    ("Olinda", "OLI", 0.4),
    ("Caruaru", "CAU", 0.37),
    ("Petrolina", "PNZ", 0.35),
    ("Paulista", "PLT", 0.33),
    ("Cabo de Santo Agostinho", "CSA", 0.2),
    ("Garanhuns", "GNH", 0.14),
)
PB = _cities(
    "PB",
    ("João Pessoa", "JPA", 0.85),
    ("Campina Grande", "CPV", 0.42),
    ("Patos", "PTS", 0.1),
)
AL = _cities("AL", ("Maceió", "MCZ", 0.96), ("Arapiraca", "APQ", 0.23))
RN = _cities(
    "RN",
    ("Natal", "NAT", 0.78),
    ("Mossoró", "MVF", 0.26),
    ("Parnamirim", "PNM", 0.27),
)
BA = _cities(
    "BA",
    ("Salvador", "SSA", 2.4),
    ("Feira de Santana", "FEC", 0.6),
    ("Vitória da Conquista", "VDC", 0.34),
    ("Camaçari", "CMC", 0.3),
    ("Itabuna", "ITB", 0.2),
    ("Ilhéus", "IOS", 0.16),
    ("Juazeiro", "JUA", 0.22),
    ("Lauro de Freitas", "LFR", 0.2),
    ("Barreiras", "BRA", 0.16),
)
SE_STATE = _cities(
    "SE",  # Sergipe: the UF code SE, not the Southeast region
    ("Aracaju", "AJU", 0.6),
    ("Nossa Senhora do Socorro", "NSS", 0.19),
)
CE = _cities(
    "CE",
    ("Fortaleza", "FOR", 2.4),
    ("Caucaia", "CCA", 0.36),
    ("Juazeiro do Norte", "JDO", 0.28),
    ("Maracanaú", "MRC", 0.23),
    ("Sobral", "SBL", 0.2),
    ("Crato", "CRT", 0.13),
)
PI = _cities(
    "PI",
    ("Teresina", "THE", 0.87),
    ("Parnaíba", "PHB", 0.15),
    ("Picos", "PCS", 0.08),
)
MA = _cities(
    "MA",
    ("São Luís", "SLZ", 1.0),
    ("Imperatriz", "IMP", 0.27),
    ("Caxias", "CXS", 0.16),
)
RS = _cities(
    "RS",
    ("Porto Alegre", "POA", 1.3),
    ("Caxias do Sul", "CXJ", 0.46),
    ("Canoas", "CNS", 0.35),
    ("Pelotas", "PET", 0.33),
    ("Santa Maria", "RIA", 0.27),
    ("Gravataí", "GVT", 0.26),
    ("Novo Hamburgo", "NHB", 0.23),
    ("Passo Fundo", "PFB", 0.2),
    ("Rio Grande", "RIG", 0.19),
    ("Santa Cruz do Sul", "SCS", 0.13),
)
SC = _cities(
    "SC",
    ("Florianópolis", "FLN", 0.5),
    ("Joinville", "JOI", 0.6),
    ("Blumenau", "BNU", 0.36),
    ("São José", "SJO", 0.27),
    ("Chapecó", "XAP", 0.23),
    ("Itajaí", "ITJ", 0.26),
    ("Criciúma", "CCM", 0.22),
    ("Balneário Camboriú", "BCB", 0.14),
)
PR = _cities(
    "PR",
    ("Curitiba", "CWB", 1.8),
    ("Londrina", "LDB", 0.56),
    ("Maringá", "MGF", 0.41),
    ("Ponta Grossa", "PGZ", 0.36),
    ("Cascavel", "CAC", 0.33),
    ("São José dos Pinhais", "SJH", 0.33),
    ("Foz do Iguaçu", "IGU", 0.26),
    ("Guarapuava", "GPB", 0.18),
)
DF = _cities(
    "DF",
    ("Brasília", "BSB", 2.0),
    ("Taguatinga", "TAG", 0.25),
    ("Ceilândia", "CEI", 0.3),
)
GO = _cities(
    "GO",
    ("Goiânia", "GYN", 1.5),
    ("Aparecida de Goiânia", "APG", 0.6),
    ("Anápolis", "APS", 0.4),
    ("Rio Verde", "RVD", 0.24),
    ("Luziânia", "LUZ", 0.21),
    ("Valparaíso de Goiás", "VPG", 0.17),
)
MT = _cities(
    "MT",
    ("Cuiabá", "CGB", 0.65),
    ("Várzea Grande", "VGR", 0.3),
    ("Rondonópolis", "ROO", 0.24),
    ("Sinop", "OPS", 0.2),
)
TO = _cities("TO", ("Palmas", "PMW", 0.31), ("Araguaína", "AUX", 0.18))
RO = _cities("RO", ("Porto Velho", "PVH", 0.46), ("Ji-Paraná", "JPR", 0.13))
AC = _cities("AC", ("Rio Branco", "RBR", 0.36))
PA = _cities(
    "PA",
    ("Belém", "BEL", 1.3),
    ("Ananindeua", "ANI", 0.48),
    ("Santarém", "STM", 0.33),
    ("Marabá", "MAB", 0.27),
    ("Castanhal", "CST", 0.2),
    ("Parauapebas", "PRB", 0.27),
)
AM = _cities(
    "AM",
    ("Manaus", "MAO", 2.0),
    ("Parintins", "PIN", 0.1),
    ("Itacoatiara", "ITA", 0.1),
)
AP = _cities("AP", ("Macapá", "MCP", 0.44), ("Santana", "SNT", 0.12))
RR = _cities("RR", ("Boa Vista", "BVB", 0.41))

# Rainy-season peaks (day of year): mid-January for the summer rains, early March for the North,
# early April for Fortaleza, May for Salvador, June for Recife.
_SUMMER = 15

CD_SP = WarehouseSite(
    "CD-SP01", "CD São Paulo", "São Paulo", "SP", "SE", _SUMMER, 1.0, 1.5, SP + MS
)
CD_RJ = WarehouseSite(
    "CD-RJ01", "CD Rio de Janeiro", "Rio de Janeiro", "RJ", "SE", _SUMMER, 1.0, 1.2, RJ + ES
)
CD_MG = WarehouseSite(
    "CD-MG01", "CD Belo Horizonte", "Belo Horizonte", "MG", "SE", _SUMMER, 1.0, 1.0, MG
)
CD_PE = WarehouseSite(
    "CD-PE01", "CD Recife", "Recife", "PE", "NE", 160, 0.9, 0.9, PE + PB + AL + RN
)
CD_BA = WarehouseSite(
    "CD-BA01", "CD Salvador", "Salvador", "BA", "NE", 130, 0.8, 0.8, BA + SE_STATE
)
CD_CE = WarehouseSite(
    "CD-CE01", "CD Fortaleza", "Fortaleza", "CE", "NE", 95, 0.9, 0.7, CE + PI + MA
)
CD_PR = WarehouseSite("CD-PR01", "CD Curitiba", "Curitiba", "PR", "S", _SUMMER, 0.6, 0.9, PR + SC)
CD_RS = WarehouseSite(
    "CD-RS01", "CD Porto Alegre", "Porto Alegre", "RS", "S", _SUMMER, 0.5, 0.9, RS
)
CD_DF = WarehouseSite(
    "CD-DF01", "CD Brasília", "Brasília", "DF", "CO", _SUMMER, 1.0, 0.7, DF + GO + MT + TO + RO + AC
)
CD_PA = WarehouseSite("CD-PA01", "CD Belém", "Belém", "PA", "N", 65, 0.9, 0.6, PA + AM + AP + RR)

# At S the three CDs cover their L territory plus the states of absent neighbours.
CD_SP_S = WarehouseSite(
    "CD-SP01", "CD São Paulo", "São Paulo", "SP", "SE", _SUMMER, 1.0, 1.3, SP + RJ[:2] + MG[:2]
)
CD_PE_S = WarehouseSite(
    "CD-PE01", "CD Recife", "Recife", "PE", "NE", 160, 0.9, 0.9, PE + PB + AL + RN
)
CD_RS_S = WarehouseSite(
    "CD-RS01", "CD Porto Alegre", "Porto Alegre", "RS", "S", _SUMMER, 0.5, 1.0, RS + SC
)

WAREHOUSES_S: tuple[WarehouseSite, ...] = (CD_SP_S, CD_PE_S, CD_RS_S)
WAREHOUSES_L: tuple[WarehouseSite, ...] = (
    CD_SP, CD_RJ, CD_MG, CD_PE, CD_BA, CD_CE, CD_PR, CD_RS, CD_DF, CD_PA,
)  # fmt: skip

# Region of every UF, to check warehouses and towers.
UF_REGION: dict[str, str] = {
    **dict.fromkeys(("AC", "AM", "AP", "PA", "RO", "RR", "TO"), "N"),
    **dict.fromkeys(("AL", "BA", "CE", "MA", "PB", "PE", "PI", "RN", "SE"), "NE"),
    **dict.fromkeys(("DF", "GO", "MS", "MT"), "CO"),
    **dict.fromkeys(("ES", "MG", "RJ", "SP"), "SE"),
    **dict.fromkeys(("PR", "RS", "SC"), "S"),
}

NEIGHBOURHOODS: tuple[str, ...] = (
    "Centro", "Jardim América", "Vila Nova", "Boa Vista", "Santa Cruz", "São José", "Industrial",
    "Aeroporto", "Bela Vista", "Liberdade", "Santo Antônio", "Cidade Nova", "Jardim Europa",
    "Vila Maria", "Parque Industrial", "Alto Alegre", "Morada do Sol", "Rodoviária",
    "Universitário", "Planalto", "Jardim das Flores", "Nova Esperança", "Vila Operária",
    "Distrito Industrial", "Monte Castelo", "Boa Esperança", "São Francisco", "Santa Rita",
    "Bom Jesus", "Cohab", "Conjunto Habitacional", "Jardim Primavera", "Vila Rica", "Bairro Alto",
)  # fmt: skip
