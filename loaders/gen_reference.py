"""Static reference data the generator draws from: places, goods, agencies, lists.

Names of firms, brands and people are made up; codes (ports, HS headings,
subdivisions) are real so that screening and filters behave as on real data.
"""

from typing import Final, NamedTuple

# The period the shipments cover; the generator never reads the clock.
START: Final = "2023-01-01"
END: Final = "2025-12-31"


class Port(NamedTuple):
    locode: str  # UN/LOCODE
    region: str  # ISO 3166-2:CN of the port
    customs_code: str  # first 4 digits of a customs declaration number
    weight: int


PORTS: Final = (
    Port("CNNGB", "CN-ZJ", "3100", 18),
    Port("CNHGH", "CN-ZJ", "2900", 14),
    Port("CNSHA", "CN-SH", "2200", 14),
    Port("CNSZX", "CN-GD", "5300", 13),
    Port("CNCAN", "CN-GD", "5100", 14),
    Port("CNTSN", "CN-TJ", "0200", 7),
    Port("CNCGO", "CN-HA", "4600", 9),
    Port("CNXMN", "CN-FJ", "3700", 4),
    Port("CNTAO", "CN-SD", "4200", 4),
    Port("CNCKG", "CN-CQ", "8000", 3),
)

# Consignee provinces, weighted roughly by online retail spending.
CONSIGNEE_REGIONS: Final = (
    ("CN-GD", 16), ("CN-ZJ", 11), ("CN-JS", 10), ("CN-SH", 9), ("CN-BJ", 8),
    ("CN-SD", 6), ("CN-FJ", 5), ("CN-SC", 5), ("CN-HB", 4), ("CN-HA", 4),
    ("CN-HN", 3), ("CN-AH", 3), ("CN-TJ", 2), ("CN-CQ", 2), ("CN-LN", 2),
    ("CN-SN", 2), ("CN-HE", 2), ("CN-JX", 1), ("CN-YN", 1), ("CN-GX", 1),
    ("CN-SX", 1), ("CN-HL", 1), ("CN-JL", 1), ("CN-GZ", 1), ("CN-HI", 1),
    ("CN-NM", 1), ("CN-XJ", 1), ("CN-GS", 1), ("CN-NX", 1), ("CN-QH", 1),
)  # fmt: skip

# Outbound parcels: subdivisions of the destination countries (ISO 3166-2).
FOREIGN_REGIONS: Final = (
    ("US-CA", 8), ("US-NY", 5), ("US-TX", 4), ("GB-ENG", 4), ("DE-BY", 3),
    ("FR-IDF", 3), ("JP-13", 3), ("KR-11", 3), ("AU-NSW", 3), ("SG-01", 2),
    ("MY-14", 2), ("TH-10", 2), ("RU-MOW", 2), ("BR-SP", 2), ("ES-MD", 1),
    ("NZ-AUK", 1), ("CA-ON", 2), ("MX-CMX", 1), ("AE-DU", 1), ("SA-01", 1),
)  # fmt: skip

# Chinese cities: (ISO 3166-2 region, city, GB/T 2260 division code for USCCs).
CN_CITIES: Final = (
    ("CN-ZJ", "Hangzhou", "330100"), ("CN-ZJ", "Ningbo", "330200"),
    ("CN-ZJ", "Yiwu", "330782"), ("CN-ZJ", "Wenzhou", "330300"),
    ("CN-GD", "Shenzhen", "440300"), ("CN-GD", "Guangzhou", "440100"),
    ("CN-GD", "Dongguan", "441900"), ("CN-SH", "Shanghai", "310115"),
    ("CN-SH", "Shanghai", "310104"), ("CN-JS", "Suzhou", "320500"),
    ("CN-JS", "Nanjing", "320100"), ("CN-BJ", "Beijing", "110105"),
    ("CN-BJ", "Beijing", "110108"), ("CN-FJ", "Xiamen", "350200"),
    ("CN-FJ", "Fuzhou", "350100"), ("CN-SD", "Qingdao", "370200"),
    ("CN-TJ", "Tianjin", "120116"), ("CN-HA", "Zhengzhou", "410100"),
    ("CN-CQ", "Chongqing", "500112"), ("CN-SC", "Chengdu", "510100"),
    ("CN-HB", "Wuhan", "420100"),
)  # fmt: skip

FOREIGN_CITIES: Final[dict[str, tuple[str, ...]]] = {
    "JP": ("Tokyo", "Osaka", "Yokohama"), "KR": ("Seoul", "Busan", "Incheon"),
    "US": ("Los Angeles", "New York", "Seattle", "Chicago"), "AU": ("Sydney", "Melbourne"),
    "NZ": ("Auckland", "Hamilton", "Christchurch"), "DE": ("Hamburg", "Munich", "Berlin"),
    "FR": ("Paris", "Lyon", "Bordeaux"), "GB": ("London", "Manchester"),
    "IT": ("Milan", "Bologna", "Florence"), "NL": ("Amsterdam", "Rotterdam"),
    "CH": ("Zurich", "Geneva", "Basel"), "SG": ("Singapore",), "HK": ("Hong Kong",),
    "ES": ("Madrid", "Barcelona", "Valencia"), "IE": ("Dublin", "Cork"),
    "DK": ("Copenhagen", "Aarhus"), "CL": ("Santiago",), "CA": ("Toronto", "Vancouver"),
    "BE": ("Brussels", "Antwerp"), "VN": ("Ho Chi Minh City", "Hanoi"),
    "TW": ("Taipei", "Taichung"), "MY": ("Kuala Lumpur",), "TH": ("Bangkok",),
    "GR": ("Athens", "Thessaloniki"), "HU": ("Budapest",), "IN": ("Mumbai", "Chennai"),
    "CO": ("Bogota", "Medellin"), "SE": ("Stockholm",), "AT": ("Vienna",),
}  # fmt: skip

EU_COUNTRIES: Final = frozenset({"DE", "FR", "IT", "NL", "ES", "IE", "DK", "BE", "GR", "HU", "SE", "AT"})

# GS1 prefixes by country of the brand owner (first 3 digits of a GTIN-13).
GS1_PREFIX: Final[dict[str, tuple[str, ...]]] = {
    "CN": ("690", "691", "692", "693", "694", "695"), "JP": ("450", "490", "491"),
    "KR": ("880",), "US": ("001", "003", "007", "012"), "AU": ("930", "931", "932"),
    "NZ": ("940", "941", "942"), "DE": ("400", "401", "402", "405", "425"),
    "FR": ("300", "330", "350"), "GB": ("500", "501", "505"), "IT": ("800", "801", "802"),
    "NL": ("870", "871", "872"), "CH": ("760", "761", "762"), "ES": ("840", "841", "842"),
    "IE": ("539",), "DK": ("570", "571", "572"), "CL": ("780",), "CA": ("062", "067"),
    "BE": ("540", "541", "542"), "VN": ("893",), "TW": ("471",), "MY": ("955",),
    "TH": ("885",), "GR": ("520", "521"), "HU": ("599",), "IN": ("890",),
    "CO": ("770", "771"), "SE": ("730", "731"), "AT": ("900", "901"), "SG": ("888",),
    "HK": ("489",),
}  # fmt: skip

PHONE_PREFIX: Final[dict[str, str]] = {
    "CN": "+86", "HK": "+852", "JP": "+81", "KR": "+82", "US": "+1", "AU": "+61",
    "NZ": "+64", "DE": "+49", "FR": "+33", "GB": "+44", "IT": "+39", "NL": "+31",
    "CH": "+41", "SG": "+65", "ES": "+34", "IE": "+353", "DK": "+45", "CL": "+56",
    "CA": "+1", "BE": "+32", "VN": "+84", "TW": "+886", "MY": "+60", "TH": "+66",
    "GR": "+30", "HU": "+36", "IN": "+91", "CO": "+57", "SE": "+46", "AT": "+43",
}  # fmt: skip


class GoodsTemplate(NamedTuple):
    category: str
    hs_code: str  # 10-digit Chinese tariff line
    items: tuple[str, ...]
    unit: str
    shelf_days: int  # 0: no expiry date
    origins: tuple[str, ...]
    weight: int  # share of the catalogue


INBOUND_GOODS: Final = (
    GoodsTemplate("infant formula", "1901101000", ("Infant Formula Stage 1 800g",
        "Follow-on Formula Stage 2 800g", "Growing-up Milk Stage 3 900g",
        "Goat Milk Infant Formula 400g"), "can", 720,
        ("NZ", "AU", "NL", "DE", "IE", "FR", "DK", "CH", "US", "JP"), 12),
    GoodsTemplate("cosmetics", "3304990099", ("Hydrating Face Cream 50ml",
        "Vitamin C Serum 30ml", "Sheet Mask x10", "Sunscreen SPF50 60ml",
        "Night Repair Essence 50ml", "Eye Cream 15ml"), "pcs", 1095,
        ("FR", "KR", "JP", "US", "IT", "GB", "CH", "ES"), 16),
    GoodsTemplate("cosmetics", "3304100000", ("Matte Lipstick 3.5g", "Lip Tint 4g"), "pcs",
        1095, ("FR", "KR", "JP", "US", "IT"), 4),
    GoodsTemplate("cosmetics", "3304200000", ("Eyeshadow Palette 12 Colours",
        "Waterproof Mascara 8ml"), "pcs", 1095, ("FR", "KR", "JP", "US"), 3),
    GoodsTemplate("perfume", "3303000000", ("Eau de Parfum 50ml", "Eau de Toilette 100ml"),
        "bottle", 1825, ("FR", "IT", "ES", "GB", "US"), 4),
    GoodsTemplate("hair care", "3305100000", ("Repair Shampoo 500ml",
        "Scalp Care Shampoo 400ml"), "bottle", 1095, ("JP", "KR", "DE", "FR", "US"), 5),
    GoodsTemplate("oral care", "3306100000", ("Whitening Toothpaste 120g",),
        "pcs", 1095, ("JP", "KR", "US", "DE"), 2),
    GoodsTemplate("dietary supplements", "2106909090", ("Fish Oil 1000mg 200 Capsules",
        "Probiotic 30 Capsules", "Collagen Peptide Powder 300g", "Lutein Gummies 60",
        "Multivitamin 90 Tablets", "Grape Seed Extract 120 Tablets"), "bottle", 730,
        ("AU", "US", "NZ", "JP", "DE", "CA"), 12),
    GoodsTemplate("toys", "9503008900", ("Building Blocks Set 500 pcs", "Plush Bear 30cm",
        "Wooden Puzzle 24 pcs", "Remote Control Car 1:16"), "pcs", 0,
        ("DE", "DK", "JP", "US", "KR", "GB"), 6),
    GoodsTemplate("electronics", "8517130000", ("Smartphone 128GB", "Smartphone 256GB"),
        "pcs", 0, ("KR", "JP", "US", "VN"), 3),
    GoodsTemplate("electronics", "8471300000", ("Ultrabook 14-inch",
        "Tablet 11-inch 128GB"), "pcs", 0, ("US", "KR", "JP", "TW"), 2),
    GoodsTemplate("electronics", "8518300000", ("Wireless Earbuds",
        "Noise-cancelling Headphones"), "pcs", 0, ("US", "JP", "DE", "KR", "DK"), 4),
    GoodsTemplate("electronics", "8517620000", ("Smartwatch 44mm",), "pcs", 0,
        ("US", "KR", "CH"), 2),
    GoodsTemplate("wine", "2204210000", ("Cabernet Sauvignon 750ml", "Shiraz 750ml",
        "Sauvignon Blanc 750ml", "Bordeaux Rouge 750ml", "Chianti Classico 750ml"),
        "bottle", 0, ("FR", "AU", "CL", "NZ", "IT", "ES", "US"), 5),
    GoodsTemplate("coffee", "0901210000", ("Roasted Coffee Beans 1kg",
        "Drip Coffee Bags x20"), "bag", 365, ("IT", "JP", "CO", "DE", "US"), 3),
    GoodsTemplate("chocolate", "1806320000", ("Dark Chocolate 85% 100g",
        "Milk Chocolate Bar 200g"), "box", 365, ("CH", "BE", "DE", "IT", "FR"), 3),
    GoodsTemplate("biscuits", "1905310000", ("Butter Cookies 454g", "Wafer Biscuits 300g"),
        "box", 365, ("DK", "DE", "JP", "KR", "MY"), 3),
    GoodsTemplate("honey", "0409000000", ("Manuka Honey UMF10+ 500g",
        "Acacia Honey 500g"), "jar", 1095, ("NZ", "AU", "DE", "HU"), 3),
    GoodsTemplate("milk powder", "0402210000", ("Whole Milk Powder 1kg",
        "Adult Milk Powder 900g"), "bag", 540, ("NZ", "AU", "NL", "DE"), 3),
    GoodsTemplate("olive oil", "1509200000", ("Extra Virgin Olive Oil 1L",), "bottle", 540,
        ("ES", "IT", "GR"), 2),
    GoodsTemplate("baby care", "9619001100", ("Baby Diapers Size M x64",
        "Baby Pants Size L x44"), "pack", 1095, ("JP", "DE", "US", "KR"), 6),
    GoodsTemplate("handbags", "4202210000", ("Leather Tote Bag", "Leather Shoulder Bag"),
        "pcs", 0, ("IT", "FR", "ES", "GB", "US"), 2),
    GoodsTemplate("apparel", "6109100000", ("Cotton T-shirt", "Cotton Polo Shirt"), "pcs", 0,
        ("US", "GB", "JP", "KR", "IT"), 2),
    GoodsTemplate("footwear", "6404110000", ("Running Shoes", "Training Shoes"), "pair", 0,
        ("US", "DE", "JP", "KR", "VN"), 2),
    GoodsTemplate("watches", "9102110000", ("Quartz Watch 38mm",), "pcs", 0,
        ("CH", "JP", "DE"), 1),
    GoodsTemplate("kitchen appliances", "8509400000", ("Blender 1.5L", "Food Processor"),
        "pcs", 0, ("DE", "JP", "KR", "US", "GB"), 2),
    GoodsTemplate("personal care appliances", "8516310000", ("Hair Dryer 1800W",), "pcs", 0,
        ("JP", "DE", "GB", "KR"), 2),
)  # fmt: skip

OUTBOUND_GOODS: Final = (
    GoodsTemplate("electronics", "8507600090", ("Power Bank 10000mAh",), "pcs", 0, ("CN",), 5),
    GoodsTemplate("electronics", "8518300000", ("Bluetooth Earphones",), "pcs", 0, ("CN",), 4),
    GoodsTemplate("electronics", "8517620000", ("Fitness Band",), "pcs", 0, ("CN",), 3),
    GoodsTemplate("toys", "9503008900", ("Drone Toy with Camera", "Magnetic Tiles 60 pcs"),
        "pcs", 0, ("CN",), 4),
    GoodsTemplate("apparel", "6110200090", ("Cotton Knit Sweater",), "pcs", 0, ("CN",), 4),
    GoodsTemplate("tea", "0902109000", ("Longjing Green Tea 250g", "Oolong Tea 250g"), "box",
        730, ("CN",), 3),
    GoodsTemplate("home goods", "6911101900", ("Porcelain Tea Set",), "set", 0, ("CN",), 2),
    GoodsTemplate("phone accessories", "3926909090", ("Silicone Phone Case",), "pcs", 0,
        ("CN",), 4),
)  # fmt: skip

# Goods that hit the negative list: traded only by a few suspect sellers.
PROHIBITED_GOODS: Final = (
    GoodsTemplate("chemicals", "2903120000", ("Dichloromethane Solvent 500ml",), "bottle",
        1095, ("DE", "US", "IN"), 0),
    GoodsTemplate("used goods", "6309000000", ("Second-hand Designer Clothing Lot",), "lot",
        0, ("JP", "KR"), 0),
    GoodsTemplate("electronics", "8517130000", ("Refurbished Smartphone 64GB",), "pcs", 0,
        ("US", "JP"), 0),
    GoodsTemplate("seeds", "1209910000", ("Heirloom Vegetable Seeds Mix",), "bag", 730,
        ("US", "NL"), 0),
)  # fmt: skip

HAZARDS: Final[dict[str, tuple[str, ...]]] = {
    "infant formula": ("Cronobacter sakazakii detected", "excess aflatoxin M1",
                       "vitamin content below label claim"),
    "cosmetics": ("banned substance hydroquinone", "excess heavy metal (lead)",
                  "microbial contamination", "undeclared preservative methylisothiazolinone"),
    "dietary supplements": ("undeclared sibutramine", "excess heavy metal (lead)",
                            "label claims not approved"),
    "toys": ("small parts choking hazard", "excess phthalates (DEHP)", "sharp edges"),
    "electronics": ("battery overheating", "electric shock hazard", "non-compliant charger"),
    "wine": ("excess methanol", "undeclared sulphites"),
    "chemicals": ("hazardous chemical without licence",),
}  # fmt: skip
DEFAULT_HAZARDS: Final = ("labelling not in Chinese", "microbial contamination",
                          "foreign matter found", "mislabelled origin")  # fmt: skip


class Category(NamedTuple):
    code: str
    title: str
    hs_prefixes: str
    keywords: str
    legal_basis: str
    valid_from: str


# The eight negative-list categories of the policy (see shared/domain.md).
PROHIBITED_CATEGORIES: Final = (
    Category("NL-01", "Goods forbidden by entry-exit animal and plant quarantine law",
             "01;0106;0511;0601;0602;2530", "live animal;live plant;soil;pathogen;carcass",
             "Law of the PRC on Entry and Exit Animal and Plant Quarantine, art. 5",
             "2016-04-08"),
    Category("NL-02", "Food of animal or plant origin without market access",
             "0201;0202;0203;0207;0401;0407;0408;0805;1006",
             "fresh meat;raw milk;fresh eggs;fresh fruit;rice",
             "Food Safety Law of the PRC; GACC list of admitted foods", "2016-04-08"),
    Category("NL-03", "Hazardous, highly toxic, precursor and restricted toxic chemicals",
             "2801;2811;2837;2903;2904;2914;2939;3808",
             "hazardous chemical;highly toxic;precursor;cyanide;dichloromethane",
             "Regulations on the Safe Management of Hazardous Chemicals; "
             "Catalogue of Hazardous Chemicals", "2016-04-08"),
    Category("NL-04", "Special articles: micro-organisms, human tissue, biological products, "
             "blood", "3001;3002;3006", "micro-organism;human tissue;blood product;vaccine",
             "Frontier Health and Quarantine Law of the PRC", "2016-04-08"),
    Category("NL-05", "Nuclear, biological, chemical and radioactive goods endangering "
             "public security", "2844;2845;9022;9301;9306",
             "radioactive;nuclear;weapon;ammunition",
             "Law of the PRC on Prevention and Control of Radioactive Pollution",
             "2016-04-08"),
    Category("NL-06", "Used or waste goods", "3915;4707;6309;6310;7204;8548",
             "used;second-hand;refurbished;scrap;waste",
             "Law of the PRC on Prevention and Control of Environmental Pollution by "
             "Solid Waste", "2016-04-08"),
    Category("NL-07", "Animals, plants and their products that may not be carried or mailed "
             "into the country", "01;0306;0307;0410;0602;0603;1209",
             "seeds;live insects;bird's nest;fresh flowers;aquatic products",
             "Catalogue of Animals, Plants and their Products Prohibited from Carrying or "
             "Mailing into the PRC", "2021-10-20"),
    Category("NL-08", "Other goods forbidden by laws, regulations or notices",
             "4907;9304", "counterfeit currency;electric shock device;gambling machine",
             "Customs Law of the PRC; catalogue of goods prohibited from import",
             "2016-04-08"),
)  # fmt: skip


class Agency(NamedTuple):
    agency_id: str
    name: str
    kind: str
    country: str


GACC: Final = "AG-CN-GACC"
SAMR: Final = "AG-CN-SAMR"
AGENCIES: Final = (
    Agency(GACC, "General Administration of Customs of the PRC", "customs", "CN"),
    Agency(SAMR, "State Administration for Market Regulation", "market_regulator", "CN"),
    Agency("AG-CN-ZJ", "Zhejiang Entry-Exit Inspection and Quarantine Bureau", "inspection",
           "CN"),
    Agency("AG-CN-SH", "Shanghai Entry-Exit Inspection and Quarantine Bureau", "inspection",
           "CN"),
    Agency("AG-CN-GD", "Guangdong Entry-Exit Inspection and Quarantine Bureau", "inspection",
           "CN"),
    Agency("AG-CN-TJ", "Tianjin Entry-Exit Inspection and Quarantine Bureau", "inspection",
           "CN"),
    Agency("AG-CN-HA", "Henan Entry-Exit Inspection and Quarantine Bureau", "inspection",
           "CN"),
    Agency("AG-CN-FJ", "Fujian Entry-Exit Inspection and Quarantine Bureau", "inspection",
           "CN"),
    Agency("AG-CN-SD", "Shandong Entry-Exit Inspection and Quarantine Bureau", "inspection",
           "CN"),
    Agency("AG-CN-CQ", "Chongqing Entry-Exit Inspection and Quarantine Bureau", "inspection",
           "CN"),
    Agency("AG-SG-CUSTOMS", "Singapore Customs", "partner", "SG"),
    Agency("AG-NZ-CUSTOMS", "New Zealand Customs Service", "partner", "NZ"),
    Agency("AG-KR-KCS", "Korea Customs Service", "partner", "KR"),
    # The EU has no ISO 3166-1 code of its own; its customs policy sits in Brussels.
    Agency("AG-EU-TAXUD", "European Commission DG Taxation and Customs Union", "partner",
           "BE"),
)  # fmt: skip

# The provincial bureau that inspects at ports of a region.
BUREAU_OF_REGION: Final = {a.agency_id[-2:]: a.agency_id for a in AGENCIES[2:10]}


class Level(NamedTuple):
    level_id: str
    code: str
    name: str
    rank: int
    dishonest: bool


class Scheme(NamedTuple):
    scheme_id: str
    name: str
    agency_id: str
    countries: frozenset[str]  # whose enterprises the agency rates
    levels: tuple[Level, ...]


SCHEMES: Final = (
    Scheme("SCH-CN-GACC", "GACC enterprise credit management", GACC, frozenset({"CN"}), (
        Level("LV-CN-AEOA", "AEO-A", "AEO Advanced Certified Enterprise", 1, False),
        Level("LV-CN-AEOG", "AEO-G", "AEO General Certified Enterprise", 2, False),
        Level("LV-CN-GEN", "GEN", "General credit enterprise", 3, False),
        Level("LV-CN-DIS", "DIS", "Dishonest enterprise", 4, True),
    )),
    Scheme("SCH-SG-STP", "Secure Trade Partnership", "AG-SG-CUSTOMS", frozenset({"SG"}), (
        Level("LV-SG-STPP", "STP-Plus", "STP-Plus certified", 1, False),
        Level("LV-SG-STP", "STP", "STP certified", 2, False),
    )),
    Scheme("SCH-NZ-SES", "Secure Exports Scheme", "AG-NZ-CUSTOMS", frozenset({"NZ"}), (
        Level("LV-NZ-SES", "SES", "Secure Exports Scheme member", 1, False),
        Level("LV-NZ-STD", "STD", "Standard trader", 2, False),
    )),
    Scheme("SCH-KR-AEO", "Korea AEO programme", "AG-KR-KCS", frozenset({"KR"}), (
        Level("LV-KR-AAA", "AAA", "AEO grade AAA", 1, False),
        Level("LV-KR-AA", "AA", "AEO grade AA", 2, False),
        Level("LV-KR-A", "A", "AEO grade A", 3, False),
    )),
    Scheme("SCH-EU-AEO", "Union AEO programme", "AG-EU-TAXUD", EU_COUNTRIES, (
        Level("LV-EU-AEOF", "AEOF", "AEO customs simplifications and security", 1, False),
        Level("LV-EU-AEOS", "AEOS", "AEO security and safety", 2, False),
        Level("LV-EU-AEOC", "AEOC", "AEO customs simplifications", 3, False),
    )),
)  # fmt: skip

FULL_FACILITATION: Final = (
    "reduced inspection rate;priority clearance;reduced document checks;designated contact officer"
)


class Arrangement(NamedTuple):
    arrangement_id: str
    name: str
    agency_b: str
    signed_on: str  # illustrative dates
    grants: str
    # (from level, to level, facilitation), both directions listed explicitly
    mappings: tuple[tuple[str, str, str], ...]
    direction: str = "mutual"
    recognizer_id: str = ""  # one-way: the agency that recognises the other's ratings
    ended_on: str = ""  # first day no longer in force (exclusive)


ARRANGEMENTS: Final = (
    Arrangement("AR-CN-SG", "China-Singapore AEO mutual recognition arrangement",
                "AG-SG-CUSTOMS", "2012-06-25", "enterprise;credit;recall", (
        ("LV-CN-AEOA", "LV-SG-STPP", FULL_FACILITATION),
        ("LV-SG-STPP", "LV-CN-AEOA", FULL_FACILITATION),
        ("LV-CN-AEOG", "LV-SG-STP", "priority clearance"),
    )),
    # The pilot that the 2012 arrangement replaced: ended, kept for history.
    Arrangement("AR-CN-SG-PILOT", "China-Singapore AEO pilot recognition", "AG-SG-CUSTOMS",
                "2009-03-01", "credit", (
        ("LV-CN-AEOA", "LV-SG-STPP", "priority clearance"),
    ), ended_on="2012-06-25"),
    # One-way: GACC recognises Korean AEO grades; Korea does not map GACC levels.
    Arrangement("AR-CN-KR", "China-Korea AEO recognition (GACC side)", "AG-KR-KCS",
                "2013-06-27", "credit", (
        ("LV-KR-AAA", "LV-CN-AEOA", FULL_FACILITATION),
        ("LV-KR-AA", "LV-CN-AEOA", "reduced inspection rate;priority clearance"),
    ), direction="one-way", recognizer_id="AG-CN-GACC"),
    Arrangement("AR-CN-EU", "China-EU AEO mutual recognition decision", "AG-EU-TAXUD",
                "2014-05-16", "enterprise;credit", (
        ("LV-CN-AEOA", "LV-EU-AEOF", FULL_FACILITATION),
        ("LV-EU-AEOF", "LV-CN-AEOA", FULL_FACILITATION),
        ("LV-EU-AEOS", "LV-CN-AEOA", "reduced inspection rate;priority clearance"),
    )),
    Arrangement("AR-CN-NZ", "China-New Zealand AEO mutual recognition arrangement",
                "AG-NZ-CUSTOMS", "2017-07-04", "enterprise;credit;filing;recall", (
        ("LV-CN-AEOA", "LV-NZ-SES", FULL_FACILITATION),
        ("LV-NZ-SES", "LV-CN-AEOA", FULL_FACILITATION),
    )),
)  # fmt: skip

# Name parts. Combined at random, they give made-up firm and brand names.
NAME_WORDS: Final = (
    "Blue Harbor", "Golden Bridge", "Silver Crane", "Jade River", "Red Lantern", "East Wind",
    "Pacific Bay", "Northstar", "Evergreen", "Sunrise", "Crystal Lake", "Bright Moon",
    "Lotus", "Phoenix", "Great Wall", "Pearl Delta", "Sea Breeze", "Maple Leaf", "Cloud Peak",
    "Orchid", "Bamboo Grove", "Silk Road", "Harmony", "Fortune Star", "Oak Ridge", "Coral",
    "Summit", "Horizon", "Kingfisher", "Swan Lake", "Tianfu", "Xinghai", "Huamei", "Yuxin",
    "Longda", "Hengtai", "Jiahe", "Ruifeng", "Baolong", "Zhongxin", "Haitong", "Minsheng",
)  # fmt: skip
KIND_SUFFIX: Final[dict[str, tuple[str, ...]]] = {
    "platform": ("Global Mall", "Cross-border Marketplace", "Worldwide Shop"),
    "seller": ("Trading Co., Ltd.", "E-commerce Co., Ltd.", "Import & Export Co., Ltd.",
               "International Trade Ltd.", "Online Store Ltd."),
    "importer": ("Supply Chain Management Co., Ltd.", "Import Co., Ltd.",
                 "International Trading Co., Ltd."),
    "exporter": ("Export Co., Ltd.", "Industrial & Trading Co., Ltd."),
    "manufacturer": ("Manufacturing Co.", "Laboratories", "Foods", "Industries",
                     "Dairy Co.", "Cosmetics Co.", "Electronics Co."),
    "logistics": ("Logistics Co., Ltd.", "Express Co., Ltd.", "Freight Forwarding Co., Ltd."),
    "warehouse": ("Bonded Warehouse Co., Ltd.", "Bonded Logistics Centre Co., Ltd."),
    "lab": ("Testing Technology Co., Ltd.", "Inspection & Certification Co., Ltd."),
    "broker": ("Customs Brokerage Co., Ltd.", "Customs Declaration Co., Ltd."),
}  # fmt: skip
BRAND_HEADS: Final = (
    "Aure", "Nord", "Sol", "Kiwi", "Mapl", "Fjor", "Saku", "Alpe", "Lumi", "Verd", "Cora",
    "Belle", "Mira", "Nova", "Terra", "Aqua", "Vita", "Pura", "Oro", "Zen", "Lila", "Rosa",
)  # fmt: skip
BRAND_TAILS: Final = (
    "lle", "haven", "ene", "crest", "ora", "ina", "ique", "ara", "elle", "on", "ia", "ey",
)  # fmt: skip
STREETS: Final = (
    "Binjiang", "Xinggang", "Jiefang", "Zhongshan", "Renmin", "Huaxia", "Qianjiang",
    "Gangwan", "Haiyun", "Changjiang", "Yingbin", "Keji", "Chuangye", "Baoshui",
)  # fmt: skip
FOREIGN_STREETS: Final = (
    "Harbour", "Queen", "King", "Station", "Market", "Park", "Mill", "Bridge", "Church",
    "Garden", "Lake", "Hill",
)  # fmt: skip
CN_SURNAMES: Final = (
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
    "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang", "Xie", "Song",
    "Tang", "Han", "Feng", "Deng", "Cao", "Peng",
)  # fmt: skip
CN_GIVEN: Final = (
    "Wei", "Fang", "Na", "Min", "Jing", "Li", "Qiang", "Lei", "Jun", "Yang", "Yong", "Yan",
    "Jie", "Tao", "Ming", "Chao", "Xiuying", "Xia", "Ping", "Gang", "Hui", "Bin", "Hao",
    "Yun", "Lan", "Peng", "Xin", "Yu", "Zhiqiang", "Haiyan", "Jianguo", "Xiaoming",
)  # fmt: skip
WEST_FIRST: Final = (
    "James", "Emma", "Oliver", "Sophie", "Lukas", "Anna", "Marco", "Giulia", "Pierre",
    "Claire", "Daniel", "Laura", "Liam", "Chloe", "Noah", "Mia", "Jack", "Ella", "Lars",
    "Ingrid",
)  # fmt: skip
WEST_LAST: Final = (
    "Smith", "Brown", "Wilson", "Taylor", "Muller", "Schmidt", "Rossi", "Bianchi", "Martin",
    "Bernard", "Garcia", "Lopez", "Murphy", "Walsh", "Jensen", "Nielsen", "Dubois", "Jones",
    "Clarke", "Lee",
)  # fmt: skip
# (given names, family names) where Western names would look wrong.
ASIAN_NAMES: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "JP": (("Hiroshi", "Yuki", "Takashi", "Aiko", "Kenji", "Haruka", "Sota", "Yui"),
           ("Tanaka", "Sato", "Suzuki", "Takahashi", "Watanabe", "Ito", "Yamamoto")),
    "KR": (("Min-jun", "Ji-woo", "Seo-yeon", "Ha-eun", "Do-hyun", "Ji-ho", "Soo-ah"),
           ("Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Yoon")),
    "VN": (("Minh", "Lan", "Huong", "Tuan", "Anh"), ("Nguyen", "Tran", "Le", "Pham")),
    "TW": (("Chia-hao", "Yi-ting", "Chun-chieh", "Shu-fen"), ("Chen", "Lin", "Huang", "Chang")),
}  # fmt: skip

FOREIGN_NOUN: Final[dict[str, tuple[str, ...]]] = {
    "platform": ("Marketplace",), "seller": ("Trading", "Global Store", "Direct", "Retail"),
    "importer": ("Imports", "Distribution"), "exporter": ("Exports",),
    "manufacturer": ("Laboratories", "Foods", "Industries", "Dairy", "Cosmetics",
                     "Electronics", "Nutrition", "Brands"),
    "logistics": ("Logistics", "Express", "Freight"), "warehouse": ("Warehousing",),
    "lab": ("Testing Services", "Certification"), "broker": ("Customs Services",),
}  # fmt: skip
LEGAL_FORM: Final[dict[str, str]] = {
    "DE": "GmbH", "AT": "GmbH", "CH": "AG", "IT": "S.r.l.", "FR": "SAS", "NL": "B.V.",
    "BE": "NV", "ES": "S.L.", "AU": "Pty Ltd", "US": "Inc.", "CA": "Inc.", "JP": "K.K.",
    "KR": "Co., Ltd.", "TW": "Co., Ltd.", "VN": "Co., Ltd.", "TH": "Co., Ltd.",
    "DK": "A/S", "SE": "AB", "GR": "S.A.", "HU": "Kft.", "IN": "Pvt Ltd", "CL": "SpA",
    "CO": "S.A.S.", "MY": "Sdn Bhd",
}  # fmt: skip
CITY_AREA: Final[dict[str, str]] = {
    "Hangzhou": "571", "Ningbo": "574", "Yiwu": "579", "Wenzhou": "577", "Shenzhen": "755",
    "Guangzhou": "20", "Dongguan": "769", "Shanghai": "21", "Suzhou": "512", "Nanjing": "25",
    "Beijing": "10", "Xiamen": "592", "Fuzhou": "591", "Qingdao": "532", "Tianjin": "22",
    "Zhengzhou": "371", "Chongqing": "23", "Chengdu": "28", "Wuhan": "27",
}  # fmt: skip
PORT_CITY: Final[dict[str, str]] = {
    "CNNGB": "Ningbo", "CNHGH": "Hangzhou", "CNSHA": "Shanghai", "CNSZX": "Shenzhen",
    "CNCAN": "Guangzhou", "CNTSN": "Tianjin", "CNCGO": "Zhengzhou", "CNXMN": "Xiamen",
    "CNTAO": "Qingdao", "CNCKG": "Chongqing",
}  # fmt: skip
