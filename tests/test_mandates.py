"""SEPA mandates on the family dossier: the IBAN and the BIC checked with a French message per field,
nothing saved when refused; a RUM unique without asking anyone; one mandate in force per family;
revoked, kept; the IBAN never written whole to the journal; an agent records it."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import select

from ems_desktop.models import JournalEntry, Mandate
from ems_desktop.services import mandates
from ems_desktop.services.errors import DomainError, ValidationFailed
from ems_desktop.services.mandates import MandateInput
from tests.helpers import make_family

IBAN = "FR76 3000 6000 0112 3456 7890 189"


def signed(**changes) -> MandateInput:
    values = dict(debtor_name="Claire Berthier", iban=IBAN, bic="", signed_on="20/06/2017")
    values.update(changes)
    return MandateInput(**values)


def stored(ctx) -> int:
    with ctx.reading() as s:
        return len(s.scalars(select(Mandate.id)).all())


@pytest.mark.parametrize("iban, message", [
    ("FR76 3000 6000 0112 3456 7890 188",
     "L'IBAN est erroné : sa clé de contrôle ne correspond pas (une faute de frappe ?)."),
    ("FR76 3000 6000 0112", "L'IBAN n'a pas la bonne longueur pour son pays (27 caractères pour la France)."),
    ("XX76 3000 6000 0112 3456 7890 189", "Le code pays de l'IBAN est inconnu (un IBAN commence par FR76, DE89…)."),
    ("", "L'IBAN est obligatoire (il figure sur le RIB de la famille)."),
])
def test_a_wrong_iban_is_refused_in_french_and_nothing_is_saved(agent_ctx, iban, message):
    family = make_family(agent_ctx)
    with pytest.raises(ValidationFailed) as refused:
        mandates.record_mandate(agent_ctx, family.id, signed(iban=iban))
    assert refused.value.errors == {"iban": message}
    assert stored(agent_ctx) == 0


def test_every_wrong_field_at_once(agent_ctx):
    family = make_family(agent_ctx)
    with pytest.raises(ValidationFailed) as refused:
        mandates.record_mandate(agent_ctx, family.id, signed(debtor_name=" ", bic="ZZZ", signed_on="31/02/2017"))
    assert refused.value.errors == {
        "debtor_name": "Le titulaire du compte est obligatoire (nom et prénom, tels que la banque les connaît).",
        "bic": "Le BIC est invalide (8 ou 11 caractères, ex. AGRIFRPP ou AGRIFRPPXXX).",
        "signed_on": "« 31/02/2017 » n'est pas une date jj/mm/aaaa."}
    with pytest.raises(ValidationFailed) as future:
        mandates.record_mandate(agent_ctx, family.id, signed(signed_on="22/06/2017"))  # the clock: 21/06/2017
    assert future.value.errors == {"signed_on": "La date de signature ne peut pas être dans le futur."}
    assert stored(agent_ctx) == 0


def test_a_mandate_recorded_then_revoked(agent_ctx):
    family = make_family(agent_ctx)
    mandate = mandates.record_mandate(agent_ctx, family.id, signed(iban="fr7630006000011234567890189"))
    assert mandate.iban == IBAN and mandate.bic == "AGRIFRPPXXX"  # the BIC derived from the IBAN
    assert mandate.rum.startswith("EMS-") and len(mandate.rum) == 16 and mandate.sequence == "FRST"
    assert mandate.signed_on == dt.date(2017, 6, 20) and mandate.in_force
    with pytest.raises(DomainError) as second:
        mandates.record_mandate(agent_ctx, family.id, signed(iban="DE89 3704 0044 0532 0130 00"))
    assert second.value.message == (f"Ce dossier a déjà un mandat en vigueur ({mandate.rum}, compte FR76 **** **** "
                                    "0189) : révoquez-le d'abord pour en enregistrer un autre.")
    with pytest.raises(ValidationFailed):
        mandates.revoke_mandate(agent_ctx, mandate.id, "  ")
    revoked = mandates.revoke_mandate(agent_ctx, mandate.id, "Changement de banque")
    assert not revoked.in_force and revoked.revoked_reason == "Changement de banque"
    new = mandates.record_mandate(agent_ctx, family.id, signed(iban="DE89 3704 0044 0532 0130 00",
                                                               bic="COBADEFFXXX"))
    assert [m.rum for m in mandates.mandates_of_family(agent_ctx, family.id)] == [new.rum, mandate.rum]
    with pytest.raises(DomainError) as again:
        mandates.revoke_mandate(agent_ctx, mandate.id, "Erreur")
    assert again.value.message.startswith(f"Le mandat {mandate.rum} est déjà révoqué depuis le 21/06/2017")


def test_the_iban_is_never_written_whole_to_the_journal(agent_ctx):
    family = make_family(agent_ctx)
    mandate = mandates.record_mandate(agent_ctx, family.id, signed())
    with agent_ctx.reading() as s:
        changes = s.scalar(select(JournalEntry.changes).where(JournalEntry.entity == "mandate",
                                                              JournalEntry.entity_id == mandate.id))
    assert changes["iban"] == "FR76 **** **** 0189" and "0112345678" not in str(changes)


def test_two_mandates_in_force_are_refused_by_the_database_too(agent_ctx):
    family = make_family(agent_ctx)
    mandates.record_mandate(agent_ctx, family.id, signed())
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), agent_ctx.db.session() as s:
        s.add(Mandate(id=uuid.uuid4(), family_id=family.id, rum="EMS-AUTRE", debtor_name="X",
                      iban="DE89370400440532013000", bic="", signed_on=dt.date(2017, 6, 1), sequence="FRST",
                      revoked_reason="", created_at=dt.datetime(2017, 6, 21, tzinfo=dt.UTC)))
