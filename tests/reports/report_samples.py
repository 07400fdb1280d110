"""Sample values of the seed and a PDF text reader, shared by the report tests and bench.bench_reports."""

from __future__ import annotations

import io

import pdfplumber

from ems_desktop.reports.data import Issuer

SEED_ISSUER = Issuer(
    collectivite="Ville d'Albertville",
    regie="ALBERTVILLE ACCUEIL LOISIRS SPORT CULTUR",
    address_lines=("Hôtel de ville", "12 cours de l'Hôtel de Ville", "73200 Albertville"),
    siret="217 300 110 00019",
    phone="04 79 10 43 00",
    email="regie.loisirs@example.fr",
    legal_mentions=("Régie de recettes ALBERTVILLE ACCUEIL LOISIRS SPORT CULTUR. Paiement à "
                    "réception. TVA non applicable, article 256 B du CGI."),
)
SEED_LABELS = (
    "EMS 2017/2018 1er trim. - Du 20/09/2017 au 06/12/2017",
    "EMS 2017/2018 2ème trim. - Du 10/01/2018 au 28/03/2018",
    "EMS 2017/2018 3ème trim. - Du 04/04/2018 au 27/06/2018",
)
TRICKY_FAMILY = "<b>Dupont & Fils</b>"
TRICKY_PAYER = "Zoé Çelik N'Diaye"


def normalise(text: str) -> str:
    """No-break spaces as plain spaces, so "1 234,56 €" can be searched for."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


class Pdf:
    """The pages' text of a rendered PDF."""

    def __init__(self, data: bytes):
        assert data.startswith(b"%PDF-")
        self.data = data
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            self.pages = [normalise(page.extract_text() or "") for page in pdf.pages]
            self.sizes = [(float(page.width), float(page.height)) for page in pdf.pages]
            self.words = [page.extract_words(keep_blank_chars=False, use_text_flow=True) for page in pdf.pages]
            self.fonts = {char["fontname"] for page in pdf.pages for char in page.chars}

    def column(self, page: int, x0: float, x1: float) -> str:
        """The text of a vertical strip of a page (one table column), lines joined by spaces."""
        with pdfplumber.open(io.BytesIO(self.data)) as pdf:
            target = pdf.pages[page]
            strip = target.crop((x0, 0, x1, float(target.height)))
            return " ".join(normalise(strip.extract_text() or "").split())

    @property
    def text(self) -> str:
        return "\n".join(self.pages)

    def flat(self, page: int | None = None) -> str:
        """Text with line breaks as spaces: a wrapped label reads back whole when nothing sits
        between its lines."""
        source = self.text if page is None else self.pages[page]
        return " ".join(source.split())
