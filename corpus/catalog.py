"""Small embedded catalogs: what vendors sell, in each language (description, low, high, unit)."""
from __future__ import annotations

# unit "h" means a fractional quantity (hours, kg) is plausible
ITEMS = {
    "en": (
        ("Consulting services", 90, 220, "h"), ("Software support subscription", 49, 499, ""),
        ("Laptop docking station", 119, 289, ""), ("Copy paper A4, 5-ream box", 24, 42, ""),
        ("Toner cartridge, black", 59, 149, ""), ("On-site installation", 65, 140, "h"),
        ("Cloud hosting, monthly", 80, 900, ""), ("Ergonomic office chair", 189, 540, ""),
        ("Network switch 24-port", 210, 690, ""), ("Freight and handling", 15, 95, ""),
        ("Safety gloves, pair", 3, 12, ""), ("Hydraulic hose 1/2 in", 8, 30, "h"),
        ("Cleaning service", 35, 75, "h"), ("Annual maintenance contract", 400, 2400, ""),
        ("USB-C cable 2 m", 9, 25, ""), ("Monitor 27 in", 179, 420, ""),
        ("Training workshop seat", 250, 900, ""), ("Stainless bolts M8 (100)", 12, 38, ""),
    ),
    "de": (
        ("Beratungsleistung", 90, 180, "h"), ("Softwarewartung", 49, 399, ""),
        ("Druckerpapier A4, 5 Pakete", 19, 39, ""), ("Tonerkartusche schwarz", 55, 139, ""),
        ("Montage vor Ort", 60, 120, "h"), ("Versandkosten", 9, 49, ""),
        ("Bürostuhl ergonomisch", 179, 499, ""), ("Netzwerkkabel Cat6, 10 m", 7, 19, ""),
        ("Reinigungsdienst", 30, 60, "h"), ("Wartungsvertrag jährlich", 350, 1900, ""),
        ("Schrauben M8 (100 Stk.)", 9, 29, ""), ("Schulung Teilnehmerplatz", 240, 850, ""),
    ),
    "fr": (
        ("Prestation de conseil", 85, 190, "h"), ("Abonnement logiciel", 39, 420, ""),
        ("Ramette papier A4", 4, 9, ""), ("Cartouche de toner noir", 55, 145, ""),
        ("Installation sur site", 60, 130, "h"), ("Frais de port", 8, 45, ""),
        ("Fauteuil de bureau", 170, 480, ""), ("Maintenance annuelle", 380, 2100, ""),
        ("Nettoyage des locaux", 28, 60, "h"), ("Écran 27 pouces", 169, 399, ""),
    ),
    "es": (
        ("Servicios de consultoría", 70, 170, "h"), ("Suscripción de software", 35, 390, ""),
        ("Papel A4, caja 5 paquetes", 18, 36, ""), ("Cartucho de tóner negro", 50, 130, ""),
        ("Instalación in situ", 55, 110, "h"), ("Gastos de envío", 7, 40, ""),
        ("Silla de oficina", 150, 450, ""), ("Mantenimiento anual", 300, 1800, ""),
        ("Servicio de limpieza", 25, 55, "h"), ("Monitor 27 pulgadas", 160, 380, ""),
    ),
}

RECEIPT_ITEMS = (
    ("COFFEE LG", 2, 5), ("BAGEL W/ CRM CHS", 2, 4), ("WATER 500ML", 1, 3), ("SANDWICH TURKEY", 6, 11),
    ("PRINTER PAPER", 6, 12), ("AA BATTERIES 8PK", 7, 14), ("PENS BLUE 12CT", 3, 8),
    ("PARKING 2HR", 4, 12), ("GASOLINE REG", 25, 70), ("SALAD BOWL", 8, 14), ("TEA HOT", 2, 4),
    ("MUFFIN BLUEBERRY", 2, 4), ("STAPLES 5000", 3, 6), ("NOTEBOOK A5", 3, 9), ("SOUP OF DAY", 4, 8),
)
