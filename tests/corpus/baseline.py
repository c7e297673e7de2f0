"""A compact valid landing: the ground every corpus case is dropped onto.

Three items, two warehouses, three towers, two weeks of transactions and stock. Small enough that
a pipeline run takes seconds; complete enough that gold builds every table from it. Baseline
files are named ``00_baseline.*`` so that case files, named after their case, sort after them.
"""

from __future__ import annotations

from pathlib import Path

BASELINE_FILE = "00_baseline.csv"
FIRST_DAY, LAST_DAY = "2026-10-01", "2026-10-14"

SUPPLIERS = ("F001", "F002")
WAREHOUSES = ("CD-SP01", "CD-PE01")
ITEMS = ("000123", "004512", "000777")
SITES = ("SPO-0042", "SPO-0043", "REC-0007")

BASELINE: dict[str, str] = {
    "suppliers": """\
supplier_id,name,nominal_lead_time_days
F001,Eletro Sul Componentes Ltda,21
F002,Conecta Telecom S.A.,35
""",
    "warehouses": """\
warehouse_id,name,city,state,region
CD-SP01,CD São Paulo,São Paulo,SP,SE
CD-PE01,CD Recife,Recife,PE,NE
""",
    "items": """\
item_id,item_name,category,unit,unit_cost,criticality,supplier_id
000123,Bateria VRLA 12V 100Ah,Baterias,UN,1289.90,A,F001
004512,Retificador Módulo 48V,Retificadores,UN,4350.00,B,F002
000777,Cabo RF 1/2 pol,Cabos,M,12.50,C,F001
""",
    "sites": """\
site_id,name,city,state,warehouse_id,sla_tier
SPO-0042,ERB Vila Mariana,São Paulo,SP,CD-SP01,1
SPO-0043,ERB Moema,São Paulo,SP,CD-SP01,2
REC-0007,ERB Boa Viagem,Recife,PE,CD-PE01,
""",
    "consumption": """\
txn_id,txn_date,site_id,item_id,quantity,work_order_id
TX0001,2026-10-01,SPO-0042,000123,2,OS-1001
TX0002,2026-10-02,SPO-0043,000777,15.5,OS-1002
TX0003,2026-10-03,REC-0007,004512,1,
TX0004,2026-10-06,SPO-0042,000777,4,OS-1003
TX0005,2026-10-08,REC-0007,000123,1,OS-1004
TX0006,2026-10-09,SPO-0043,000123,3,
TX0007,2026-10-13,REC-0007,000777,20,OS-1005
TX0008,2026-10-14,SPO-0042,004512,1,OS-1006
""",
    "inventory": """\
snapshot_date,warehouse_id,item_id,on_hand,on_order
2026-10-01,CD-SP01,000123,10,0
2026-10-01,CD-SP01,004512,3,2
2026-10-01,CD-SP01,000777,200,0
2026-10-01,CD-PE01,000123,4,0
2026-10-01,CD-PE01,004512,0,1
2026-10-01,CD-PE01,000777,80,50
2026-10-14,CD-SP01,000123,5,10
2026-10-14,CD-SP01,004512,2,2
2026-10-14,CD-SP01,000777,180.5,0
2026-10-14,CD-PE01,000123,3,0
2026-10-14,CD-PE01,004512,1,0
2026-10-14,CD-PE01,000777,60,50
""",
    "purchase_orders": """\
po_id,item_id,warehouse_id,supplier_id,order_date,expected_date,received_date,quantity
4500000001-10,000123,CD-SP01,F001,2026-09-01,2026-09-22,2026-09-25,10
4500000002-10,004512,CD-PE01,F002,2026-09-05,2026-10-10,2026-10-09,1
4500000003-10,000777,CD-PE01,F001,2026-10-02,2026-10-23,,50
""",
}


def baseline_rows(source: str) -> int:
    return BASELINE[source].count("\n") - 1


def write_baseline(landing: Path) -> None:
    for source, text in BASELINE.items():
        folder = landing / source
        folder.mkdir(parents=True, exist_ok=True)
        (folder / BASELINE_FILE).write_text(text, encoding="utf-8")
