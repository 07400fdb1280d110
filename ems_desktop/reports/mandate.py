"""The SEPA direct debit mandate the family signs (A4 portrait): the creditor (the town's régie and
its ICS), the RUM, the debtor's name, address and account, recurrent payments, the legal text
every SEPA mandate carries, date, place and signature."""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from ems_desktop.reports.data import MandateDocument
from ems_desktop.reports.styles import ACCENT, FONT, FONT_BOLD, INK, MUTED, date_text, ensure_fonts

__all__ = ["render_mandate"]

LEFT, RIGHT = 18 * mm, A4[0] - 18 * mm
LEGAL = ("En signant ce formulaire de mandat, vous autorisez {creditor} à envoyer des instructions à votre banque "
         "pour débiter votre compte, et votre banque à débiter votre compte conformément aux instructions de "
         "{creditor}. Vous bénéficiez du droit d'être remboursé par votre banque selon les conditions décrites dans "
         "la convention que vous avez passée avec elle. Une demande de remboursement doit être présentée dans les "
         "8 semaines suivant la date de débit de votre compte pour un prélèvement autorisé. Vos droits concernant "
         "le présent mandat sont expliqués dans un document que vous pouvez obtenir auprès de votre banque.")


def _wrapped(pdf: canvas.Canvas, text: str, x: float, y: float, width: float, font: str, size: float,
             leading: float) -> float:
    words, line = text.split(), ""
    for word in words:
        trial = f"{line} {word}".strip()
        if pdf.stringWidth(trial, font, size) > width and line:
            pdf.drawString(x, y, line)
            y -= leading
            line = word
        else:
            line = trial
    if line:
        pdf.drawString(x, y, line)
        y -= leading
    return y


def render_mandate(doc: MandateDocument) -> bytes:
    ensure_fonts()
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    pdf.setTitle(f"Mandat de prélèvement SEPA {doc.rum}")
    y = A4[1] - 22 * mm
    pdf.setFillColor(ACCENT)
    pdf.setFont(FONT_BOLD, 16)
    pdf.drawString(LEFT, y, "Mandat de prélèvement SEPA")
    pdf.setFont(FONT, 10)
    pdf.setFillColor(MUTED)
    pdf.drawRightString(RIGHT, y, "Paiements récurrents")
    y -= 10 * mm
    pdf.setFillColor(INK)

    def pair(label: str, value: str) -> None:
        nonlocal y
        pdf.setFont(FONT, 9)
        pdf.setFillColor(MUTED)
        pdf.drawString(LEFT, y, label)
        pdf.setFillColor(INK)
        pdf.setFont(FONT_BOLD, 10.5)
        pdf.drawString(LEFT + 62 * mm, y, value)
        y -= 6.5 * mm

    def heading(text: str) -> None:
        nonlocal y
        y -= 2 * mm
        pdf.setFont(FONT_BOLD, 11)
        pdf.setFillColor(ACCENT)
        pdf.drawString(LEFT, y, text)
        pdf.setStrokeColor(ACCENT)
        pdf.line(LEFT, y - 2, RIGHT, y - 2)
        pdf.setFillColor(INK)
        y -= 8 * mm

    pair("Référence unique du mandat (RUM)", doc.rum)
    heading("Créancier")
    pair("Nom", doc.creditor_name)
    pair("Collectivité", doc.town)
    for number, line in enumerate(doc.creditor_address):
        pair("Adresse" if number == 0 else "", line)
    pair("Identifiant créancier SEPA (ICS)", doc.creditor_id)
    heading("Débiteur")
    pair("Titulaire du compte", doc.debtor_name)
    pair("Dossier famille", f"{doc.family_name} ({doc.family_reference})")
    for number, line in enumerate(doc.debtor_address):
        pair("Adresse" if number == 0 else "", line)
    pair("IBAN", doc.iban)
    pair("BIC", doc.bic or "—")
    heading("Autorisation")
    pdf.setFont(FONT, 9.5)
    y = _wrapped(pdf, LEGAL.format(creditor=doc.creditor_name), LEFT, y, RIGHT - LEFT, FONT, 9.5, 12.5)
    y -= 8 * mm
    pair("Type de paiement", "Récurrent (factures de l'École Municipale des Sports)")
    pair("Signé à", doc.signed_place or "…………………………………………")
    pair("Le", date_text(doc.signed_on))
    pdf.setFont(FONT, 9)
    pdf.setFillColor(MUTED)
    pdf.drawString(LEFT, y, "Signature du titulaire du compte")
    pdf.setStrokeColor(MUTED)
    pdf.rect(LEFT, y - 32 * mm, 90 * mm, 28 * mm)
    pdf.setFont(FONT, 8)
    _wrapped(pdf, "Les informations de ce mandat sont conservées par la régie pour la gestion des prélèvements ; "
                  "vous pouvez y accéder et les faire rectifier auprès d'elle.",
             LEFT, 20 * mm, RIGHT - LEFT, FONT, 8, 10)
    pdf.showPage()
    pdf.save()
    return out.getvalue()
