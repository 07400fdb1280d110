<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name></name>
    <message>
        <location filename="../../ems_desktop/views/errors.py" line="43"/>
        <source>ErrorReporter</source>
        <comment>Erreur inattendue</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/errors.py" line="44"/>
        <source>ErrorReporter</source>
        <comment>Une erreur inattendue s&apos;est produite. L&apos;opération en cours n&apos;a pas été enregistrée ; vous pouvez continuer à travailler.</comment>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/errors.py" line="46"/>
        <source>ErrorReporter</source>
        <comment>Le détail est enregistré dans le journal :
%1</comment>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AccueilTab</name>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="133"/>
        <source>Bonjour %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="138"/>
        <source>Paiements par carte à vérifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="139"/>
        <source>Heure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="139"/>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="151"/>
        <source>Famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="139"/>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="152"/>
        <source>Montant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="139"/>
        <source>État</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="141"/>
        <source>Aucun paiement par carte à vérifier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="150"/>
        <source>Réservations qui expirent dans moins de 30 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="151"/>
        <source>Expire à</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="151"/>
        <source>Enfant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="151"/>
        <source>Groupe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="154"/>
        <source>Aucune réservation sur le point d&apos;expirer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="160"/>
        <source>Session de caisse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="165"/>
        <source>Aller à la caisse (Ctrl+4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="172"/>
        <source>Terminal de paiement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="175"/>
        <source>Tester</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="207"/>
        <source>Nous sommes le %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="216"/>
        <source>accepté, encaissement à enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="216"/>
        <source>à vérifier sur le ticket du terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="217"/>
        <source>Enregistrer l&apos;encaissement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="217"/>
        <source>Régler…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="250"/>
        <source>Aucune session de caisse ouverte sur ce guichet : ouvrez-la avant le premier encaissement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="254"/>
        <source>Ouverte par %1 le %2, fond de caisse %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="259"/>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="259"/>
        <source>Nombre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="259"/>
        <source>Encaissé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="259"/>
        <source>Attendu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="269"/>
        <source>&lt;b&gt;Total encaissé : %1&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="277"/>
        <source>Aucun terminal configuré (Fichier › Paramètres).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="279"/>
        <source>Test du terminal…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="283"/>
        <source>● Le terminal répond — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="286"/>
        <source>● Le terminal ne répond pas — %1 : vérifiez qu&apos;il est allumé et branché ; encaissez autrement en attendant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="309"/>
        <source>Échec enregistré : les inscriptions peuvent être payées à nouveau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="313"/>
        <source>Paiement enregistré : facture %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BatchPeriodDialog</name>
    <message>
        <location filename="../../ems_desktop/views/printing_dialogs.py" line="104"/>
        <source>Imprimer les factures d&apos;une période</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/printing_dialogs.py" line="112"/>
        <source>Toutes les factures émises pendant la période, toutes familles confondues, sont réunies dans un seul PDF.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/printing_dialogs.py" line="116"/>
        <source>Du</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/printing_dialogs.py" line="117"/>
        <source>Au</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/printing_dialogs.py" line="120"/>
        <source>Préparer le PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/printing_dialogs.py" line="121"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/printing_dialogs.py" line="144"/>
        <source>La date de fin précède la date de début.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaisseTab</name>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="135"/>
        <source>Ouvrir la caisse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="137"/>
        <source>Clôturer la caisse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="139"/>
        <source>Encaisser le restant dû de la famille ouverte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="143"/>
        <source>Avoir / remboursement…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="159"/>
        <source>Prestation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="159"/>
        <source>Enfant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="159"/>
        <source>Groupe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="159"/>
        <source>Montant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="171"/>
        <source>À encaisser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="179"/>
        <source>Ajouter un règlement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="195"/>
        <source>Payer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="199"/>
        <source>Facturer sans paiement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="202"/>
        <source>Abandonner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="210"/>
        <source>Imprimer le ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="212"/>
        <source>Imprimer la facture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="214"/>
        <source>Terminé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="224"/>
        <source>Règlements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="252"/>
        <source>Aucune session de caisse ouverte : ouvrez la caisse avant d&apos;encaisser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="256"/>
        <source>Caisse ouverte par %1 depuis %2 — fond %3 — encaissé %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="282"/>
        <source>Caisse clôturée. Rapport à signer : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="304"/>
        <source>remboursé %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="305"/>
        <source>gardé en avoir sur le compte famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="306"/>
        <source>Avoir %1 sur la facture %2 : %3. Document : %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="320"/>
        <source>Inscriptions en paiement immédiat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="330"/>
        <source>Restant dû de la famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="331"/>
        <source>Facture %1 du %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="346"/>
        <source>Montant dû : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="351"/>
        <source>Rien à encaisser pour cette famille.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="363"/>
        <source>Rien à encaisser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="364"/>
        <source>Choisissez « Encaisser » dans le récapitulatif des inscriptions (Ctrl+3), ou le restant dû d&apos;une famille.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="420"/>
        <source>Corrigez le montant signalé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="428"/>
        <source>Reste à payer : %1 (restera dû à la famille)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="431"/>
        <source>Reste à payer : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="432"/>
        <source>À rendre : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="480"/>
        <source>Ajoutez au moins un règlement, ou « Facturer sans paiement ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="484"/>
        <source>Une seule ligne carte bancaire par encaissement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="492"/>
        <source>Aucune session de caisse ouverte : ouvrez la caisse pour encaisser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="513"/>
        <source>Aucun terminal de paiement n&apos;est configuré (Fichier › Paramètres).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="517"/>
        <source>En attente de la carte sur le terminal : %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="534"/>
        <source>Carte acceptée — autorisation %1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="540"/>
        <source> — à régler depuis l&apos;Accueil (Ctrl+1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="542"/>
        <source>Paiement par carte non abouti.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="583"/>
        <source>payée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="583"/>
        <source>reste dû %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="585"/>
        <source>Facture %1 émise (%2), %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="587"/>
        <source>Règlement enregistré : %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="589"/>
        <source>Rendez %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChildBlock</name>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="236"/>
        <source>F : fille, M : garçon, — : non renseigné</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="237"/>
        <source>ex. École Pierre Grange</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="240"/>
        <source>Traitement, PAI, asthme…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="243"/>
        <source>Aliments, médicaments, piqûres…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="244"/>
        <source>Droit à l&apos;image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="245"/>
        <source>Les responsables autorisent les photos de l&apos;enfant pendant les activités</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="246"/>
        <source>Peut partir seul</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="247"/>
        <source>L&apos;enfant peut quitter l&apos;activité sans être accompagné</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="263"/>
        <source>Né(e) le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="276"/>
        <source>Personne d&apos;autre que les responsables.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="278"/>
        <source>Ajouter une personne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="280"/>
        <source>Retirer cet enfant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="282"/>
        <source>Cet enfant n&apos;est pas encore enregistré : il peut être retiré.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="285"/>
        <source>Personnes autorisées à venir le chercher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="293"/>
        <source>Prénom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="294"/>
        <source>Nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="296"/>
        <source>Sexe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="297"/>
        <source>École</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="299"/>
        <source>Santé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="300"/>
        <source>Allergies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="321"/>
        <source>Enfant %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="323"/>
        <source> (nouveau)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="337"/>
        <source>%1 an</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="338"/>
        <source>%1 ans</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CloseCashSessionDialog</name>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="76"/>
        <source>Clôturer la caisse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="78"/>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="78"/>
        <source>Règlements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="78"/>
        <source>Attendu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="79"/>
        <source>Compté</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="79"/>
        <source>Écart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="86"/>
        <source> (dont fond)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="99"/>
        <source>ticket du TPE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="104"/>
        <source>Commentaire (ex. explication d&apos;un écart)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="107"/>
        <source>Clôturer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="107"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="109"/>
        <source>Comptez les espèces, les chèques et les chèques vacances. Une session close ne peut plus être modifiée.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="36"/>
        <source>Annuler une inscription payée (avoir)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="42"/>
        <source>ex. déménagement, certificat médical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="49"/>
        <source>N° du chèque de remboursement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="53"/>
        <source>Inscription</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="55"/>
        <source>Motif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="56"/>
        <source>Remboursement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="58"/>
        <source>Établir l&apos;avoir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="58"/>
        <source>Fermer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="60"/>
        <source>Une facture émise n&apos;est jamais modifiée : l&apos;annulation fait un avoir qui la référence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="77"/>
        <source>Cette famille n&apos;a aucune inscription facturée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="87"/>
        <source>Facture %1 : avoir de %2 ; à rembourser %3 (payé par %4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="115"/>
        <source>Remboursement par carte non abouti.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DossiersTab</name>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="43"/>
        <source>Rechercher : nom, enfant, responsable, téléphone, e-mail, référence…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="46"/>
        <source>Nouvelle famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="48"/>
        <source>Créer un dossier famille (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="94"/>
        <source>Ouvrez un dossier (Entrée) ou créez-en un (Ctrl+N).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="118"/>
        <source>Tapez quelques lettres d&apos;un nom, d&apos;un prénom d&apos;enfant, un numéro de téléphone, un e-mail ou une référence de dossier.
↓ pour parcourir les résultats, Entrée pour ouvrir, Échap pour effacer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="148"/>
        <source>Tapez quelques lettres d&apos;un nom, d&apos;un prénom d&apos;enfant, un numéro de téléphone, un e-mail ou une référence de dossier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="161"/>
        <source>100 premières familles : précisez la recherche.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="163"/>
        <source>1 famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="163"/>
        <source>%1 familles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="166"/>
        <source>Aucune famille ne correspond à « %1 ».
Vérifiez l&apos;orthographe, ou créez le dossier avec « Nouvelle famille » (Ctrl+N).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="228"/>
        <source>Modifications non enregistrées</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="229"/>
        <source>Le dossier ouvert a des modifications non enregistrées. Les abandonner ?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="231"/>
        <source>Abandonner les modifications</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnrollmentTab</name>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="133"/>
        <source>Saison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="146"/>
        <source>Jaune : en attente de paiement (place réservée) · Vert : confirmée · Rose : liste d&apos;attente. Les groupes hors tranche d&apos;âge sont grisés avec la raison.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="152"/>
        <source>Inscriptions en paiement immédiat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="155"/>
        <source>Dispositif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="155"/>
        <source>Enfant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="155"/>
        <source>Groupe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="156"/>
        <source>Montant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="171"/>
        <source>Encaisser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="192"/>
        <source>Aucun dossier ouvert.
Ouvrez la famille dans l&apos;onglet Dossiers (Ctrl+2) : ses enfants et les activités de la saison s&apos;afficheront ici.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="247"/>
        <source>Famille %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="259"/>
        <source>Âge au %1, début de la saison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="268"/>
        <source>Cette famille n&apos;a pas encore d&apos;enfant : ajoutez-en un dans son dossier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="282"/>
        <source>Retirer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="298"/>
        <source>Choisissez un groupe dans la grille pour l&apos;ajouter ici.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="302"/>
        <source>Réservation expirée : places libérées.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="305"/>
        <source>Places réservées jusqu&apos;à %1 (encore %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="340"/>
        <source>Groupe complet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="342"/>
        <source>Inscrire sur liste d&apos;attente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="343"/>
        <source>Ne pas inscrire</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FacturationTab</name>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="119"/>
        <source>Historique des factures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="131"/>
        <source>N° de facture, ex. A01-F000001</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="136"/>
        <source>Rechercher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="141"/>
        <source>Imprimer les factures d&apos;une période…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="145"/>
        <source>Rechercher une facture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="157"/>
        <source>Historique de mes factures (24 derniers mois)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="167"/>
        <source>Prestation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="167"/>
        <source>Enfant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="167"/>
        <source>Quantité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="168"/>
        <source>Prix unitaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="168"/>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="172"/>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="174"/>
        <source>Montant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="172"/>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="174"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="172"/>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="172"/>
        <source>Référence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="173"/>
        <source>Reçu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="174"/>
        <source>Avoir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="174"/>
        <source>Motif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="176"/>
        <source>Règlements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="178"/>
        <source>Avoirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="181"/>
        <source>Ouvrir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="183"/>
        <source>Enregistrer la facture en PDF et l&apos;ouvrir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="184"/>
        <source>Imprimer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="186"/>
        <source>Réimprimer (duplicata)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="188"/>
        <source>Imprimer une copie marquée DUPLICATA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="189"/>
        <source>Ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="191"/>
        <source>Réimprimer le ticket du règlement choisi (DUPLICATA), sur l&apos;imprimante de tickets si elle est configurée, sinon en PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="242"/>
        <source>Aucun dossier ouvert.
Ouvrez un dossier dans l&apos;onglet Dossiers (Ctrl+2) pour voir ses factures des 24 derniers mois,
ou recherchez une facture par son numéro ci-dessus.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="276"/>
        <source>Factures de la famille %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="300"/>
        <source>Aucune facture sur les 24 derniers mois.
Les factures de la famille %1 apparaîtront ici dès qu&apos;un encaissement sera fait (onglet Caisse, Ctrl+4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="312"/>
        <source>Crédit en faveur de la famille : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="315"/>
        <source>Restant dû : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="336"/>
        <source>Facture %1 du %2 — &lt;span style=&apos;color:%3&apos;&gt;%4&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="340"/>
        <source>Total : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="341"/>
        <source>Réglé : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="343"/>
        <source>Avoirs : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="344"/>
        <source>Reste à payer : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="349"/>
        <source>Règlements (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="350"/>
        <source>Règlements : aucun</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="393"/>
        <source>Facture %1 trouvée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="433"/>
        <source>Facture %1 enregistrée et ouverte : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="446"/>
        <source>Duplicata de la facture %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="446"/>
        <source>Facture %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="450"/>
        <source>Imprimer : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="452"/>
        <source>Impression annulée. %1 est enregistré(e) en PDF : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="474"/>
        <source>Cette facture n&apos;a aucun règlement : pas de ticket à imprimer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="486"/>
        <source>Ticket (duplicata) imprimé sur l&apos;imprimante de tickets. PDF : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="490"/>
        <source>Aucune imprimante de tickets n&apos;est configurée (Fichier › Paramètres) : le ticket (duplicata) est ouvert en PDF : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="512"/>
        <source>du %1 au %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="514"/>
        <source>Lecture des factures %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="514"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="517"/>
        <source>Impression des factures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="529"/>
        <source>Facture %1 sur %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="540"/>
        <source>Aucune facture émise %1 : rien à imprimer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="544"/>
        <source>Préparation de %1 factures…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="555"/>
        <source>%1 factures %2 réunies dans un PDF : %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="559"/>
        <source>Impression des factures annulée : aucun fichier enregistré.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FamilyForm</name>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="402"/>
        <source>Archivé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="405"/>
        <source>Ce dossier n&apos;apparaît plus dans les recherches ; ses factures sont gardées.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="420"/>
        <source>n° et rue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="421"/>
        <source>bâtiment, lieu-dit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="424"/>
        <source>ex. 04 79 32 10 20</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="425"/>
        <source>prenom.nom@exemple.fr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="427"/>
        <source>ex. 820</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="441"/>
        <source>du</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="441"/>
        <source>au</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="452"/>
        <source>Nom de la famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="453"/>
        <source>Téléphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="454"/>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="455"/>
        <source>Adresse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="456"/>
        <source>Adresse (suite)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="457"/>
        <source>Code postal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="458"/>
        <source>Ville</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="459"/>
        <source>N° allocataire CAF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="460"/>
        <source>Quotient familial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="461"/>
        <source>Quotient valable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="464"/>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="472"/>
        <source>Ajouter un responsable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="481"/>
        <source>Ajouter un enfant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="490"/>
        <source>Famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="492"/>
        <source>Responsables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="496"/>
        <source>Enfants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="510"/>
        <source>Enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="512"/>
        <source>Enregistrer le dossier (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="515"/>
        <source>Annuler les modifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="517"/>
        <location filename="../../ems_desktop/views/family_form.py" line="647"/>
        <source>Archiver le dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="519"/>
        <source>Inscrire aux activités…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="642"/>
        <source>Nouveau dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="644"/>
        <source>Dossier %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="647"/>
        <source>Désarchiver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="650"/>
        <source>Désarchivez le dossier pour inscrire ses enfants.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="651"/>
        <source>Inscrire les enfants de cette famille aux activités</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="665"/>
        <location filename="../../ems_desktop/views/family_form.py" line="666"/>
        <source>Modifications non enregistrées</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="685"/>
        <location filename="../../ems_desktop/views/family_form.py" line="723"/>
        <source>Le prénom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="686"/>
        <location filename="../../ems_desktop/views/family_form.py" line="724"/>
        <source>Le nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="779"/>
        <source>Retirer ce responsable du dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="780"/>
        <source>Un dossier garde au moins un responsable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="794"/>
        <source>Le nom de la famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="833"/>
        <source>« %1 » n&apos;est pas une date valide (jj/mm/aaaa).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="842"/>
        <source>« %1 » n&apos;est pas un nombre entier (ex. 820).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="859"/>
        <source>La fin de validité du quotient précède son début.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="865"/>
        <source>Le nom de la personne autorisée est obligatoire.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="942"/>
        <source>Le dossier n&apos;est pas enregistré : corrigez les champs signalés en rouge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="955"/>
        <source>Aucune modification à enregistrer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="987"/>
        <source>Dossier enregistré.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1002"/>
        <source>née le %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1002"/>
        <source>né le %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1002"/>
        <source>né(e) le %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1003"/>
        <source>%1, %2, existe déjà dans le dossier %3 (%4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1008"/>
        <source>Enfant déjà connu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1011"/>
        <source>C&apos;est sans doute le même enfant : ouvrez plutôt son dossier, ou enregistrez quand même s&apos;il s&apos;agit d&apos;un homonyme.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1013"/>
        <source>Ouvrir ce dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1014"/>
        <source>Enregistrer quand même</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1015"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1048"/>
        <source>Dossier archivé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1048"/>
        <source>Dossier désarchivé.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FamilySearchModel</name>
    <message>
        <location filename="../../ems_desktop/views/family_table.py" line="21"/>
        <source>Famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_table.py" line="21"/>
        <source>Enfants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_table.py" line="21"/>
        <source>Restant dû</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_table.py" line="21"/>
        <source>Référence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_table.py" line="22"/>
        <source>Payeur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_table.py" line="22"/>
        <source>Téléphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_table.py" line="52"/>
        <source> (archivé)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="110"/>
        <source>EMS Desktop — Premier démarrage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="117"/>
        <source>Nom du guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="117"/>
        <source>ex. Accueil Hôtel de Ville</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="118"/>
        <source>Préfixe des numéros</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="118"/>
        <source>ex. A01</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="119"/>
        <source>Votre nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="119"/>
        <source>ex. Claire Martin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="120"/>
        <source>Identifiant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="120"/>
        <source>ex. c.martin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="121"/>
        <source>Mot de passe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="121"/>
        <source>8 caractères au moins</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="122"/>
        <source>Confirmation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="137"/>
        <source>Créer et ouvrir le guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="139"/>
        <source>Quitter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="143"/>
        <source>&lt;b&gt;Bienvenue.&lt;/b&gt; Cette base est vide : nommez ce guichet et créez le compte administrateur. Le préfixe distingue les numéros de facture de ce guichet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GroupCombo</name>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="56"/>
        <source>— Aucun groupe —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="80"/>
        <source>Inscription facturée : pour la changer, établissez un avoir (onglet Caisse).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="82"/>
        <source>%1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GuardianBlock</name>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="122"/>
        <source>mère, père, tuteur…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="123"/>
        <source>ex. 06 12 34 56 78</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="125"/>
        <source>ex. prenom.nom@exemple.fr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="128"/>
        <source>Payeur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="129"/>
        <source>Le responsable à qui sont adressées les factures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="130"/>
        <source>Retirer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="131"/>
        <source>Retirer ce responsable du dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="141"/>
        <source>Prénom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="142"/>
        <source>Nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="143"/>
        <source>Lien avec l&apos;enfant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="145"/>
        <source>Portable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="146"/>
        <source>Téléphone travail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="147"/>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="151"/>
        <source>Responsable %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="30"/>
        <source>EMS Desktop — Connexion</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="37"/>
        <source>ex. c.martin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="50"/>
        <source>Identifiant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="51"/>
        <source>Mot de passe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="53"/>
        <source>Guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="55"/>
        <source>Se connecter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="58"/>
        <source>Quitter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="62"/>
        <source>&lt;b&gt;École Municipale des Sports&lt;/b&gt;&lt;br&gt;Connectez-vous pour ouvrir le guichet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="74"/>
        <source>Base : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/login.py" line="86"/>
        <source>Saisissez votre identifiant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/application.py" line="66"/>
        <source>Démonstration : identifiant «&#xa0;%1&#xa0;», mot de passe «&#xa0;%2&#xa0;».</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="29"/>
        <source>EMS Desktop — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="44"/>
        <source>Accueil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="44"/>
        <source>Dossiers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="44"/>
        <source>Inscriptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="44"/>
        <source>Caisse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="45"/>
        <source>Planning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="45"/>
        <source>Facturation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="49"/>
        <source>Ce qui demande votre attention maintenant : les paiements par carte à vérifier, les inscriptions dont la réservation de 2 heures va expirer, la session de caisse ouverte et ses totaux, et l&apos;état du terminal de paiement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="52"/>
        <source>Retrouver une famille en quelques lettres (nom, enfant, responsable, téléphone, e-mail ou référence), ouvrir son dossier, le créer ou le corriger : responsables, adresse, quotient familial, enfants, santé et autorisations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="55"/>
        <source>La grille des inscriptions de la famille ouverte : pour chaque enfant et chaque trimestre, un groupe de la bonne tranche d&apos;âge avec ses places restantes, puis le récapitulatif des inscriptions en paiement immédiat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="58"/>
        <source>Encaisser par carte bancaire sur le TPE, en espèces (avec le rendu de monnaie), par chèque ou en chèques vacances ANCV ; ouvrir et clôturer la session de caisse ; établir les avoirs et les remboursements.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="61"/>
        <source>Les mercredis de chaque groupe, hors vacances scolaires de la zone et jours fériés, sur un calendrier ; le coût de la période et le restant dû ; les feuilles d&apos;appel pour les éducateurs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="64"/>
        <source>Les factures de la famille sur 24 mois, regroupées par mois, avec leurs lignes et leurs règlements ; réimpression (DUPLICATA), recherche par numéro, impression par lot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="129"/>
        <source>&amp;Fichier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="130"/>
        <source>&amp;Paramètres…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="134"/>
        <source>Réservé aux administrateurs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="137"/>
        <source>&amp;Importer un catalogue…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="142"/>
        <source>&amp;Quitter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="147"/>
        <source>&amp;Affichage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="157"/>
        <source>&amp;Simulateur de TPE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="164"/>
        <source>&amp;Aide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="165"/>
        <source>À &amp;propos d&apos;EMS Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="179"/>
        <location filename="../../ems_desktop/views/main_window.py" line="184"/>
        <source>Importer un catalogue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="180"/>
        <source>Catalogue CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="192"/>
        <source>Catalogue importé (saison %1) : %2 dispositif(s) et %3 groupe(s) créés, %4 groupe(s) mis à jour.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="212"/>
        <source>À propos d&apos;EMS Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="213"/>
        <source>&lt;b&gt;EMS Desktop %1&lt;/b&gt;&lt;br&gt;Le guichet de l&apos;École Municipale des Sports.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="227"/>
        <source>Agent : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="228"/>
        <source>Guichet : %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="230"/>
        <source>Base : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="232"/>
        <source>TPE : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="245"/>
        <source>● Base joignable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="248"/>
        <source>● Base injoignable</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OpenCashSessionDialog</name>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="30"/>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="40"/>
        <source>Ouvrir la caisse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="36"/>
        <source>Fond de caisse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="37"/>
        <source>Comptez les espèces du fond de caisse. Chaque règlement de la journée sera rattaché à cette session, jusqu&apos;à sa clôture.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="40"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PeriodDialog</name>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="482"/>
        <source>Fermeture ou vacances scolaires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="484"/>
        <source>Fermeture (aucune séance)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="486"/>
        <source>Vacances scolaires de la zone %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="490"/>
        <source>Tous les groupes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="493"/>
        <source>Les groupes du lieu : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="495"/>
        <source>Le groupe : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="505"/>
        <source>ex. Gymnase fermé pour travaux, Vacances de la Toussaint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="509"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="510"/>
        <source>Pour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="511"/>
        <source>Du</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="512"/>
        <source>Au</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="513"/>
        <source>Nom ou motif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="514"/>
        <source>Enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="514"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PickupRow</name>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="174"/>
        <source>Prénom et nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="175"/>
        <source>Lien (grand-mère, voisin…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="176"/>
        <source>Téléphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="179"/>
        <source>Retirer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="180"/>
        <source>Retirer cette personne de la liste</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlaceholderTab</name>
    <message>
        <location filename="../../ems_desktop/views/placeholder.py" line="20"/>
        <source>Cet écran arrive dans une prochaine version.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlanningTab</name>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="239"/>
        <source>Aujourd&apos;hui</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="243"/>
        <source>Enfant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="245"/>
        <source>Saison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="253"/>
        <source>&lt;span style=&apos;color:#1f5fbf&apos;&gt;★&lt;/span&gt; séance (inscription confirmée) &amp;nbsp; &lt;span style=&apos;color:#b07d00&apos;&gt;☆&lt;/span&gt; inscription à payer &amp;nbsp; &lt;span style=&apos;color:#8e44ad&apos;&gt;◇&lt;/span&gt; liste d&apos;attente &amp;nbsp; &lt;span style=&apos;color:#b3261e&apos;&gt;✕&lt;/span&gt; séance annulée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="280"/>
        <source>Annuler ou ajouter une séance…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="283"/>
        <source>Fermeture ou vacances saisies à la main…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="286"/>
        <source>Activités de la saison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="292"/>
        <source>Séances du mois</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="330"/>
        <source>Planning — famille %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="278"/>
        <source>Liste du groupe et feuille de présence…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="301"/>
        <source>Aucun dossier ouvert.
Ouvrez un dossier dans l&apos;onglet Dossiers (Ctrl+2) : le planning de chaque enfant s&apos;affichera ici.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="364"/>
        <source>Cette famille n&apos;a pas encore d&apos;enfant : ajoutez-le dans l&apos;onglet Dossiers (Ctrl+2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="366"/>
        <source>Aucune saison : un administrateur importe le catalogue (Fichier › Importer un catalogue…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="373"/>
        <source> Un administrateur les saisit avec « Fermeture ou vacances saisies à la main… ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="375"/>
        <source>Coût de la période : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="377"/>
        <source>Restant dû : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="378"/>
        <source>Avoir sur le compte : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="382"/>
        <source>Aucune inscription pour cette saison : inscrivez l&apos;enfant dans l&apos;onglet Inscriptions (Ctrl+3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="385"/>
        <source>%1 séances</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="386"/>
        <source>dates inconnues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="387"/>
        <source>non facturée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="415"/>
        <source> — annulée : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="416"/>
        <source> — séance ajoutée %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="419"/>
        <source>Pas de séance ce mois-ci.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="428"/>
        <source>Le %1 : pas de séance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="432"/>
        <source>Le %1 : </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RosterDialog</name>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="554"/>
        <source>Liste du groupe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="560"/>
        <source>Enfant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="560"/>
        <source>Âge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="560"/>
        <source>Inscription</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="560"/>
        <source>Santé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="566"/>
        <source>Feuille de présence (PDF)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="609"/>
        <source>Enregistrer la feuille de présence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="610"/>
        <source>Documents PDF (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="640"/>
        <source>Feuille de présence enregistrée : %1 — &lt;a href=&quot;%2&quot;&gt;ouvrir&lt;/a&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="572"/>
        <source>Séance du</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="597"/>
        <source>%1 inscrit(s) pour %2 places ; %3 en liste d&apos;attente.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SessionChangeDialog</name>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="650"/>
        <source>Annuler ou ajouter une séance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="655"/>
        <source>Annuler la séance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="656"/>
        <source>Ajouter une séance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="662"/>
        <source>ex. intempéries, grève, rattrapage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="666"/>
        <source>Groupe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="667"/>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="668"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="669"/>
        <source>Motif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="670"/>
        <source>Enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="670"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="34"/>
        <source>Paramètres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="45"/>
        <source>Collectivité et régie (imprimées sur les documents)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="47"/>
        <source>Collectivité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="48"/>
        <source>Adresse postale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="49"/>
        <source>SIRET</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="50"/>
        <source>Logo (fichier PNG)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="51"/>
        <source>Régie de recettes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="56"/>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="58"/>
        <source>Guichet et inscriptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="60"/>
        <source>Nom du guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="61"/>
        <source>Préfixe des numéros</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="62"/>
        <source>Réservation d&apos;une inscription non payée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="66"/>
        <source>vide : simulateur de TPE intégré</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="69"/>
        <source>tcp://192.168.1.60:9100 ou usb:04b8:0202</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="70"/>
        <source>Ce poste : TPE et imprimante</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="72"/>
        <source>Adresse du TPE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="73"/>
        <source>Port Caisse-AP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="74"/>
        <source>Imprimante de tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="107"/>
        <source>Ce guichet a déjà émis des factures : la série continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="114"/>
        <source>Zone de vacances %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettleDialog</name>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="68"/>
        <source>Vérifier un paiement par carte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="69"/>
        <source>Paiement de %1 du %2 : regardez le ticket imprimé par le terminal (ou son journal).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="73"/>
        <source>Le ticket indique « paiement accepté »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="74"/>
        <source>Le ticket indique un échec, ou aucun ticket n&apos;a été imprimé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="79"/>
        <source>n° d&apos;autorisation du ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="82"/>
        <source>4 derniers chiffres de la carte (facultatif)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="88"/>
        <source>Autorisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="89"/>
        <source>Carte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="91"/>
        <source>Enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="91"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="104"/>
        <source>Indiquez ce que dit le ticket du terminal.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TenderRow</name>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="62"/>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="95"/>
        <source>N° du chèque</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="64"/>
        <source>Banque</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="66"/>
        <source>Tireur (si différent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="67"/>
        <source>Retirer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="96"/>
        <source>N° des chèques (facultatif)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>header</name>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="196"/>
        <source>Nom et prénom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="196"/>
        <source>Lien</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="196"/>
        <source>Téléphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="201"/>
        <source>Retirer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
