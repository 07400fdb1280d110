"""Write resources/demo/families.json: the demo families (deterministic, Faker fr_FR).

Run once by a developer (``python scripts/make_demo_families.py``); the JSON is committed, so the
application itself does not need Faker. The seed's family (Lise-Roxelane, born 14/02/2009) is first.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from faker import Faker

OUT = Path(__file__).resolve().parent.parent / "resources" / "demo" / "families.json"
SCHOOLS = ["École Pierre Grange", "École du Champ de Mars", "École Louis Pasteur", "École de la Plaine de Conflans",
           "École Saint-Sigismond", "Collège Jean Moulin", "Collège Pierre Grange"]
HEALTH = ["", "", "", "", "Asthme : ventoline dans le sac", "Porte des lunettes", "Diabète de type 1 : voir PAI"]
ALLERGIES = ["", "", "", "", "Arachides", "Pollen", "Piqûres de guêpe"]


def seed_family() -> dict:
    return {
        "name": "Berthier",
        "address_line1": "8 rue Gambetta", "postal_code": "73200", "city": "Albertville",
        "phone": "04 79 32 10 20", "email": "", "caf_number": "1234567", "quotient": 820,
        "quotient_valid_from": "2026-01-01", "quotient_valid_to": "2026-12-31", "notes": "",
        "guardians": [
            {"first_name": "Claire", "last_name": "Berthier", "is_payer": True, "relationship": "mère",
             "phone_mobile": "06 12 34 56 78", "email": "claire.berthier@example.fr"},
            {"first_name": "Julien", "last_name": "Berthier", "is_payer": False, "relationship": "père",
             "phone_mobile": "06 98 76 54 32", "email": ""},
        ],
        "children": [
            {"first_name": "Lise-Roxelane", "last_name": "Berthier", "birth_date": "2009-02-14", "sex": "F",
             "school": "École Pierre Grange", "health_notes": "", "allergies": "", "photo_allowed": True,
             "may_leave_alone": False,
             "pickups": [{"full_name": "Monique Berthier", "relationship": "grand-mère", "phone": "04 79 37 00 11"}]},
        ],
    }


def main() -> None:
    fake = Faker("fr_FR")
    Faker.seed(2017)
    rng = random.Random(2017)
    families = [seed_family()]
    # Names the counter meets and that the software must keep intact.
    special = ["N'Diaye", "Çelik", "Lefèvre-Moreau", "Nguyễn", "Da Silva"]
    for i in range(29):
        last = special[i] if i < len(special) else fake.last_name()
        n_children = rng.choice([1, 1, 2, 2, 3])
        children: list[dict] = []
        for _ in range(n_children):
            sex = rng.choice("FM")
            first = fake.first_name_female() if sex == "F" else fake.first_name_male()
            if i == 1 and not children:
                first = "Zoé"
            birth = dt.date(2014, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 9))  # 3 to 12 years old in 2026
            children.append({
                "first_name": first, "last_name": last, "birth_date": birth.isoformat(), "sex": sex,
                "school": rng.choice(SCHOOLS), "health_notes": rng.choice(HEALTH), "allergies": rng.choice(ALLERGIES),
                "photo_allowed": rng.random() < 0.8, "may_leave_alone": birth.year <= 2015 and rng.random() < 0.5,
                "pickups": [{"full_name": fake.name(),
                             "relationship": rng.choice(["grand-mère", "grand-père", "voisine", "oncle"]),
                             "phone": f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} "
                                      f"{rng.randint(10, 99)} {rng.randint(10, 99)}"}]
                if rng.random() < 0.6 else [],
            })
        mother = fake.first_name_female()
        guardians = [{"first_name": mother, "last_name": last, "is_payer": True, "relationship": "mère",
                      "phone_mobile": f"06 {rng.randint(10, 99)} {rng.randint(10, 99)} "
                                      f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
                      "email": f"{mother.lower()}.{i}@example.fr".replace(" ", "").replace("é", "e")
                                                                  .replace("è", "e").replace("ï", "i")}]
        if rng.random() < 0.6:
            guardians.append({"first_name": fake.first_name_male(), "last_name": last, "is_payer": False,
                              "relationship": "père", "phone_mobile": "", "email": ""})
        quotient = rng.choice([None, 450, 690, 820, 1150, 1500])
        families.append({
            "name": last, "address_line1": fake.street_address(), "postal_code": "73200", "city": "Albertville",
            "phone": "", "email": "", "caf_number": str(rng.randint(1000000, 9999999)) if quotient else "",
            "quotient": quotient, "quotient_valid_from": "2026-01-01" if quotient else None,
            "quotient_valid_to": "2026-12-31" if quotient else None, "notes": "",
            "guardians": guardians, "children": children,
        })
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(families, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"{len(families)} families written to {OUT}")


if __name__ == "__main__":
    main()
