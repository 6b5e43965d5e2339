"""Screening rules for the generated data: the eight negative-list categories as
versioned rules, and the key-goods / key-items monitoring lists.

Chosen so that generated declarations hit every kind of list reason: NL-07
applies to express and direct-mail parcels only; NL-06 was edited on
2024-07-01 (version 2 adds "refurbished"); NL-08-ASF expired on 2024-01-01;
KG-01 watches infant formula from two origins only.
"""

from typing import Final

from loaders.gen_output import Sink
from loaders.gen_reference import PROHIBITED_CATEGORIES

# (rule_id, version, list, category, title, legal_basis, valid_from, valid_to,
#  hs_prefixes, product_categories, keywords_zh, keywords_en, modes, directions, origin_countries)
Rule = tuple[str, int, str, str, str, str, str, str, str, str, str, str, str, str, str]

_ZH: Final = {
    "NL-01": "活体动物;土壤;病原体", "NL-02": "生肉;生乳;鲜蛋", "NL-03": "危险化学品;二氯甲烷;氰化物",
    "NL-04": "微生物;人体组织;血液制品", "NL-05": "放射性;核材料", "NL-06": "旧货;二手;废物",
    "NL-07": "种子;活昆虫;燕窝", "NL-08": "伪钞;电击器",
}  # fmt: skip
_EXPRESS_POST: Final = "express;direct_mail"


def _negative() -> list[Rule]:
    rows: list[Rule] = []
    for c in PROHIBITED_CATEGORIES:
        modes = _EXPRESS_POST if c.code == "NL-07" else ""
        keywords = c.keywords
        if c.code == "NL-06":  # version 1 predates "refurbished"
            keywords = ";".join(k for k in c.keywords.split(";") if k != "refurbished")
        rows.append((c.code, 1, "negative", c.code, c.title, c.legal_basis, c.valid_from, "",
                     c.hs_prefixes, "", _ZH[c.code], keywords, modes, "inbound", ""))  # fmt: skip
        if c.code == "NL-06":
            rows.append((c.code, 2, "negative", c.code, c.title + " (incl. refurbished goods)",
                         c.legal_basis + "; GACC notice on refurbished electronics", "2024-07-01", "",
                         c.hs_prefixes, "", _ZH[c.code], c.keywords, modes, "inbound", ""))  # fmt: skip
    rows.append(("NL-08-ASF", 1, "negative", "NL-08", "Temporary ban: pork products (African swine fever)",
                 "GACC notice on African swine fever", "2019-01-01", "2024-01-01", "0203;0210;1601",
                 "", "猪肉", "pork", "", "inbound", ""))  # fmt: skip
    return rows


MONITORING: Final[tuple[Rule, ...]] = (
    ("KG-01", 1, "key_goods", "", "Infant formula from origins under a contamination notice",
     "GACC key-goods monitoring list 2023", "2023-01-01", "", "190110", "infant formula",
     "婴幼儿配方奶粉", "infant formula", "", "inbound", "FR;NL"),
    ("KG-02", 1, "key_goods", "", "Collagen and other health-claim foods", "GACC key-goods monitoring list 2023",
     "2023-01-01", "", "", "", "胶原蛋白", "collagen", "", "inbound", ""),
    ("KI-01", 1, "key_items", "", "Battery-powered children's toys", "GACC key-items list 2023",
     "2023-01-01", "", "", "", "遥控", "remote control", "", "", ""),
    ("KI-02", 1, "key_items", "", "Lithium power banks", "GACC key-items list 2023", "2023-01-01", "",
     "850760", "", "充电宝", "power bank", "", "", ""),
)  # fmt: skip


def write_rules(sink: Sink) -> None:
    sink.write_all("screening_rules", _negative())
    sink.write_all("screening_rules", MONITORING)
