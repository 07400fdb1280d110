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
        <location filename="../../ems_desktop/views/accueil_tab.py" line="195"/>
        <source>Bonjour %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="200"/>
        <source>Paiements par carte à vérifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="201"/>
        <source>Heure</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="201"/>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="230"/>
        <source>Famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="201"/>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="231"/>
        <source>Montant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="201"/>
        <source>État</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="203"/>
        <source>Aucun paiement par carte à vérifier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="215"/>
        <source>Conflits de synchronisation à traiter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="216"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="216"/>
        <source>Quoi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="216"/>
        <source>Ce qui s&apos;est passé et que faire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="217"/>
        <source>Guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="229"/>
        <source>Réservations qui expirent dans moins de 30 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="230"/>
        <source>Expire à</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="230"/>
        <source>Enfant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="230"/>
        <source>Groupe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="233"/>
        <source>Aucune réservation sur le point d&apos;expirer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="239"/>
        <source>Session de caisse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="244"/>
        <source>Aller à la caisse (Ctrl+4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="251"/>
        <source>Terminal de paiement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="255"/>
        <source>Tester</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="298"/>
        <source>Nous sommes le %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="307"/>
        <source>remboursement accepté, à enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="308"/>
        <source>remboursement à vérifier sur le ticket du terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="310"/>
        <source>accepté, encaissement à enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="311"/>
        <source>à vérifier sur le ticket du terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="316"/>
        <source>Enregistrer l&apos;encaissement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="316"/>
        <source>Enregistrer le remboursement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="318"/>
        <source>Régler…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="322"/>
        <source>À faire par le régisseur (ou son suppléant).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="356"/>
        <source>Traité…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="360"/>
        <source>À faire par le régisseur ou l&apos;administrateur.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="380"/>
        <source>Conflit marqué comme traité : %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="389"/>
        <source>Aucune session de caisse ouverte sur ce guichet : ouvrez-la avant le premier encaissement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="393"/>
        <source>Ouverte par %1 le %2, fond de caisse %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="398"/>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="398"/>
        <source>Nombre</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="398"/>
        <source>Encaissé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="398"/>
        <source>Attendu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="408"/>
        <source>&lt;b&gt;Total encaissé : %1&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="416"/>
        <source>Aucun TPE n&apos;est configuré pour ce guichet (Fichier › Paramètres) : pas de paiement par carte.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="419"/>
        <source>Test du terminal…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="423"/>
        <source>● Le terminal répond — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="426"/>
        <source>● Le terminal ne répond pas — %1 : vérifiez qu&apos;il est allumé et branché ; encaissez autrement en attendant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="449"/>
        <source>Échec enregistré : rien n&apos;a été rendu sur la carte ; le montant reste en avoir sur le compte de la famille (remboursable à la Caisse).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="453"/>
        <source>Échec enregistré : les inscriptions peuvent être payées à nouveau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="458"/>
        <source>Remboursement enregistré : %1 rendus sur la carte (avoir %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="461"/>
        <source>Paiement de %1 enregistré en avoir sur le compte de la famille : ses lignes ne pouvaient plus être facturées. Utilisez-le à la Caisse (« Avoir famille ») ou remboursez-le.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="465"/>
        <source>Paiement enregistré : facture %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgentEditDialog</name>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="39"/>
        <source>Nouvel agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="39"/>
        <source>Modifier l&apos;agent %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="41"/>
        <source>ex. c.martin</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="45"/>
        <source>10 caractères au moins, ex. vélo-rouge-lundi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="49"/>
        <source>Compte actif (décochez pour désactiver : l&apos;historique garde son nom)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="60"/>
        <source>Identifiant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="61"/>
        <source>Nom affiché</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="63"/>
        <source>Mot de passe provisoire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="64"/>
        <source>Rôles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="68"/>
        <source>Enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="68"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>AgentsDialog</name>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="144"/>
        <source>Agents du service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="157"/>
        <source>Nouvel agent…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="159"/>
        <source>Modifier…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="161"/>
        <source>Nouveau mot de passe…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="163"/>
        <source>Débloquer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="172"/>
        <source>Fermer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="176"/>
        <source>Un agent n&apos;est jamais supprimé : désactivez-le, son nom reste dans l&apos;historique. Les rôles comptent aussitôt, sur tous les guichets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="206"/>
        <source>verrouillé (trop d&apos;essais)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="207"/>
        <source>actif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="207"/>
        <source>désactivé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="209"/>
        <source>, mot de passe à changer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="220"/>
        <source>Agent créé : il devra utiliser le mot de passe provisoire donné.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="231"/>
        <source>Agent %1 enregistré.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="242"/>
        <source>Mot de passe provisoire enregistré pour %1 : à changer à sa prochaine connexion.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="256"/>
        <source>Compte %1 débloqué.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupActions</name>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="148"/>
        <source>Sau&amp;vegarder maintenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="151"/>
        <source>&amp;Restaurer une sauvegarde…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="157"/>
        <source>Réservé aux administrateurs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="170"/>
        <source>Sauvegarder maintenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="188"/>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="194"/>
        <source>Restaurer une sauvegarde</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="201"/>
        <source>La sauvegarde « %1 » est remise en service (schéma mis à niveau).

La base remplacée est gardée dans :
%2

L&apos;application va redémarrer : reconnectez-vous, puis vérifiez les dernières opérations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="205"/>
        <source>Sauvegarde restaurée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="208"/>
        <source>Redémarrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="221"/>
        <source>Sauvegarde quotidienne de la base en cours…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="222"/>
        <source>Sauvegarde quotidienne faite et vérifiée : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="223"/>
        <source>La sauvegarde quotidienne de la base a échoué.

%1

Vous pouvez travailler, mais prévenez l&apos;administrateur : tant que ce n&apos;est pas réglé, la base n&apos;est pas copiée.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BackupProgressDialog</name>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="236"/>
        <source>Sauvegarder maintenant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="238"/>
        <source>Sauvegarde en cours… La base est copiée dans le dossier des sauvegardes, puis vérifiée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="248"/>
        <source>Fermer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="265"/>
        <source>Sauvegarde faite et vérifiée (%1) :
%2

Les %3 plus récentes sont gardées dans ce dossier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="273"/>
        <source>La sauvegarde n&apos;a pas été faite.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>BatchPeriodDialog</name>
    <message>
        <location filename="../../ems_desktop/views/printing_dialogs.py" line="123"/>
        <source>Imprimer les factures d&apos;une période</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/printing_dialogs.py" line="133"/>
        <source>Toutes les factures émises pendant la période, toutes familles confondues, sont réunies dans un seul PDF.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/printing_dialogs.py" line="138"/>
        <source>Du</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/printing_dialogs.py" line="140"/>
        <source>Au</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/printing_dialogs.py" line="143"/>
        <source>Préparer le PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/printing_dialogs.py" line="144"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/printing_dialogs.py" line="173"/>
        <source>La date de fin précède la date de début.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CaisseTab</name>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="183"/>
        <source>Ouvrir la caisse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="185"/>
        <source>Clôturer la caisse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="187"/>
        <source>Encaisser le restant dû de la famille ouverte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="191"/>
        <source>Avoir / remboursement…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="195"/>
        <source>Rembourser l&apos;avoir…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="200"/>
        <source>Rapports de clôture…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="219"/>
        <source>Prestation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="219"/>
        <source>Enfant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="219"/>
        <source>Groupe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="219"/>
        <source>Montant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="231"/>
        <source>À encaisser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="239"/>
        <source>Ajouter un règlement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="261"/>
        <source>Payer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="265"/>
        <source>Facturer sans paiement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="268"/>
        <source>Abandonner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="276"/>
        <source>Imprimer le ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="278"/>
        <source>Imprimer la facture…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="367"/>
        <source>Caisse clôturée %1 : le rapport de clôture est à signer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="398"/>
        <source>Cette famille n&apos;a pas d&apos;avoir à rembourser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="406"/>
        <source>Avoir remboursé : %1 (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="426"/>
        <source>remboursement sur la carte de %1 non fait : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="432"/>
        <source>Avoir %1 sur la facture %2 : %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="529"/>
        <source>Aucun TPE n&apos;est configuré pour ce guichet (Fichier › Paramètres) : encaissez en espèces, chèque ou chèques vacances.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="579"/>
        <source>Corrigez le montant signalé en rouge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="777"/>
        <source>Reste dû sur la facture : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="780"/>
        <source>Payé : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="782"/>
        <source>Réglé : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="820"/>
        <source>Ticket %1 imprimé sur l&apos;imprimante de tickets (PDF : %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="836"/>
        <source>Facture %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="842"/>
        <source>Impression annulée : %1 enregistrée en PDF : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="280"/>
        <source>Terminé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="293"/>
        <source>Règlements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="326"/>
        <source>Aucune session de caisse ouverte : ouvrez la caisse avant d&apos;encaisser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="330"/>
        <source>Caisse ouverte par %1 depuis %2 — fond %3 — encaissé %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="429"/>
        <source>remboursé %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="431"/>
        <source>gardé en avoir sur le compte famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="447"/>
        <source>Inscriptions en paiement immédiat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="458"/>
        <source>Restant dû de la famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="459"/>
        <source>Facture %1 du %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="474"/>
        <source>Montant dû : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="476"/>
        <source>Avoir de la famille : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="486"/>
        <source>Rien à encaisser pour cette famille.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="499"/>
        <source>Rien à encaisser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="500"/>
        <source>Choisissez « Encaisser » dans le récapitulatif des inscriptions (Ctrl+3), ou le restant dû d&apos;une famille.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="588"/>
        <source>Reste à payer : %1 (restera dû à la famille)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="591"/>
        <source>Reste à payer : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="592"/>
        <source>À rendre : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="640"/>
        <source>Ajoutez au moins un règlement, ou « Facturer sans paiement ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="644"/>
        <source>Une seule ligne carte bancaire par encaissement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="652"/>
        <source>Aucune session de caisse ouverte : ouvrez la caisse pour encaisser.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="677"/>
        <source>En attente de la carte sur le terminal : %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="696"/>
        <source>Carte acceptée — autorisation %1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="702"/>
        <source> — à régler depuis l&apos;Accueil (Ctrl+1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="704"/>
        <source>Paiement par carte non abouti.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="707"/>
        <source> — nouvel essai par carte dans 30 minutes, sauf si le terminal a imprimé un ticket d&apos;échec.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="725"/>
        <source>Échec constaté sur le ticket du terminal : vous pouvez réessayer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="766"/>
        <source>payée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="766"/>
        <source>reste dû %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="768"/>
        <source>Facture %1 émise (%2), %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="770"/>
        <source>Règlement enregistré : %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="772"/>
        <source>Rendez %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CatalogDialog</name>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="274"/>
        <source>Catalogue des activités</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="280"/>
        <source>Nouvelle saison…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="281"/>
        <source>Préparer la saison suivante…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="283"/>
        <source>Tarifs par quotient…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="284"/>
        <source>Exporter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="286"/>
        <source>Saison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="299"/>
        <source>Dispositif / groupe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="299"/>
        <source>Période / horaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="299"/>
        <source>Places</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="300"/>
        <source>Séances / jours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="300"/>
        <source>Tarif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="307"/>
        <source>Nouveau dispositif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="308"/>
        <source>Nouveau groupe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="309"/>
        <source>Cette saison n&apos;a encore aucun dispositif : « Nouveau dispositif » en crée un (un trimestre, un stage ou une sortie), puis « Nouveau groupe » ses groupes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="326"/>
        <source>Choisissez un dispositif ou un groupe dans la liste pour le modifier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="343"/>
        <source>Fermer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="408"/>
        <source>Aucune saison : « Nouvelle saison… » en crée une.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="411"/>
        <source>Zone %1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="413"/>
        <source>Ouvrir aux inscriptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="414"/>
        <source>Archiver la saison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="415"/>
        <source>Rouvrir la saison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="419"/>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="429"/>
        <source> (archivé)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="436"/>
        <source>%1 confirmé(s), %2 en attente de paiement, sur %3 places</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="440"/>
        <source>* tarif selon le quotient familial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="518"/>
        <source>Rien n&apos;a été enregistré.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="534"/>
        <source>Dispositif enregistré.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="543"/>
        <source>Groupe enregistré : les grilles d&apos;inscription ouvertes sont à jour.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="560"/>
        <source>Dispositif réactivé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="561"/>
        <source>Dispositif archivé : plus aucune inscription ; l&apos;historique reste.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="569"/>
        <source>Dispositif supprimé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="576"/>
        <source>Groupe réactivé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="577"/>
        <source>Groupe archivé : plus aucune inscription ; ses inscrits le restent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="585"/>
        <source>Groupe supprimé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="595"/>
        <source>Saison %1 créée, en préparation.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="611"/>
        <source>Saison %1 préparée : vérifiez-la, puis « Ouvrir aux inscriptions ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="628"/>
        <source>Saison %1 ouverte aux inscriptions : elle apparaît aux guichets.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="629"/>
        <source>Saison %1 archivée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="645"/>
        <source>Tarifs de la saison %1 enregistrés (les inscriptions déjà faites gardent leur prix).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="656"/>
        <source>Exporter la saison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="656"/>
        <source>Catalogue CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="667"/>
        <source>Le fichier n&apos;a pas pu être écrit : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="669"/>
        <source>Saison %1 exportée dans %2 (format de l&apos;import).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="267"/>
        <source>Choisir un nouveau mot de passe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="268"/>
        <source>Votre mot de passe est provisoire : choisissez-en un nouveau.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="273"/>
        <source>10 caractères au moins, ex. vélo-rouge-lundi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="277"/>
        <source>Mot de passe actuel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="278"/>
        <source>Nouveau mot de passe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="279"/>
        <source>Confirmation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="280"/>
        <source>Enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="280"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChildBlock</name>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="279"/>
        <source>F : fille, M : garçon, — : non renseigné</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="280"/>
        <source>ex. École Pierre Grange</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="283"/>
        <source>Traitement, PAI, asthme…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="286"/>
        <source>Aliments, médicaments, piqûres…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="287"/>
        <source>Droit à l&apos;image</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="288"/>
        <source>Les responsables autorisent les photos de l&apos;enfant pendant les activités</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="289"/>
        <source>Peut partir seul</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="290"/>
        <source>L&apos;enfant peut quitter l&apos;activité sans être accompagné</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="306"/>
        <source>Né(e) le</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="319"/>
        <source>Personne d&apos;autre que les responsables.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="321"/>
        <source>Ajouter une personne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="323"/>
        <source>Retirer cet enfant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="325"/>
        <source>Cet enfant n&apos;est pas encore enregistré : il peut être retiré.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="327"/>
        <source>Personnes autorisées à venir le chercher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="335"/>
        <source>Prénom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="336"/>
        <source>Nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="338"/>
        <source>Sexe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="339"/>
        <source>École</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="341"/>
        <source>Santé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="342"/>
        <source>Allergies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="366"/>
        <source>Enfant %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="368"/>
        <source> (nouveau)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="382"/>
        <source>%1 an</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="383"/>
        <source>%1 ans</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CloseCashSessionDialog</name>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="81"/>
        <source>Clôturer la caisse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="84"/>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="84"/>
        <source>Règlements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="84"/>
        <source>Attendu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="85"/>
        <source>Compté</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="85"/>
        <source>Écart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="92"/>
        <source> (dont fond)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="98"/>
        <source>total du ticket TPE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="105"/>
        <source>ticket du TPE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="110"/>
        <source>Commentaire (ex. explication d&apos;un écart)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="113"/>
        <source>Clôturer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="113"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="115"/>
        <source>Comptez les espèces, les chèques et les chèques vacances ; pour la carte, saisissez le total du ticket de remise imprimé par le terminal. Une session close ne peut plus être modifiée.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClosingReportsDialog</name>
    <message>
        <location filename="../../ems_desktop/views/closing_reports_dialog.py" line="79"/>
        <source>Rapports de clôture de caisse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/closing_reports_dialog.py" line="81"/>
        <source>Les sessions de caisse clôturées sur ce guichet (%1), la plus récente en premier. L&apos;original du rapport a été imprimé et signé à la clôture : un rapport rouvert ou réimprimé ici est marqué DUPLICATA.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/closing_reports_dialog.py" line="95"/>
        <source>Double-clic : ouvrir le rapport (duplicata)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/closing_reports_dialog.py" line="106"/>
        <source>Lecture des sessions de caisse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/closing_reports_dialog.py" line="118"/>
        <source>Ouvrir (duplicata)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/closing_reports_dialog.py" line="120"/>
        <source>Enregistrer le rapport choisi en PDF, marqué DUPLICATA, et l&apos;ouvrir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/closing_reports_dialog.py" line="121"/>
        <source>Imprimer (duplicata)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/closing_reports_dialog.py" line="123"/>
        <source>Imprimer le rapport choisi, marqué DUPLICATA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/closing_reports_dialog.py" line="124"/>
        <source>Fermer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/closing_reports_dialog.py" line="161"/>
        <source>Aucune session de caisse clôturée sur ce guichet.
Le rapport d&apos;une session apparaîtra ici dès sa clôture (onglet Caisse, « Clôturer la caisse »).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/closing_reports_dialog.py" line="178"/>
        <source>%1 (clôture : %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/closing_reports_dialog.py" line="249"/>
        <source>Duplicata du rapport de clôture du %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/closing_reports_dialog.py" line="254"/>
        <source>Impression annulée. %1 est enregistré en PDF : %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="44"/>
        <source>Avoir / remboursement : annuler une inscription payée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="52"/>
        <source>ex. déménagement, certificat médical</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="69"/>
        <source>N° du chèque de remboursement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="84"/>
        <source>Inscription</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="86"/>
        <source>Motif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="87"/>
        <source>Remboursement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="90"/>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="150"/>
        <source>Établir l&apos;avoir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="90"/>
        <source>Fermer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="92"/>
        <source>Une facture émise n&apos;est jamais modifiée : l&apos;annulation fait un avoir qui la référence.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="111"/>
        <source>Cette famille n&apos;a aucune inscription facturée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="127"/>
        <source>Facture %1 : avoir de %2 ; à rembourser %3 (payé par %4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="141"/>
        <source>Aucun TPE n&apos;est configuré pour ce guichet (Fichier › Paramètres) : pas de remboursement sur la carte ; remboursez en espèces ou par chèque, ou gardez l&apos;avoir sur le compte famille.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="161"/>
        <source>le montant reste en avoir sur le compte de la famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="163"/>
        <source>%1 rendus %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="164"/>
        <source>en espèces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="164"/>
        <source>par chèque</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="165"/>
        <source>sur la carte, par le terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="166"/>
        <source>Établir un avoir de %1 sur la facture %2 pour «&#xa0;%3&#xa0;» ; %4. Un avoir émis ne peut plus être annulé. Cliquez «&#xa0;Confirmer l&apos;avoir&#xa0;» pour l&apos;établir.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="191"/>
        <source>Confirmer l&apos;avoir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="197"/>
        <source>Établissement de l&apos;avoir…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="223"/>
        <source>Avoir %1 établi. En attente de la carte sur le terminal : remboursement de %2 — le client présente la carte qui a payé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="234"/>
        <source>Remboursement par carte à vérifier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="235"/>
        <source> — à régler depuis l&apos;Accueil (Ctrl+1) d&apos;après le ticket du terminal.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="237"/>
        <source>Remboursement par carte non abouti</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/correction_dialog.py" line="238"/>
        <source> — le montant reste au crédit du compte famille.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CreditRefundDialog</name>
    <message>
        <location filename="../../ems_desktop/views/credit_refund_dialog.py" line="24"/>
        <source>Rembourser l&apos;avoir de la famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/credit_refund_dialog.py" line="25"/>
        <source>Avoir disponible : %1. Il se rembourse en espèces ou par chèque ; ce qui n&apos;est pas remboursé reste utilisable à la Caisse (« Avoir famille »).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/credit_refund_dialog.py" line="37"/>
        <source>N° du chèque remis à la famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/credit_refund_dialog.py" line="40"/>
        <source>ex. avoir A01-AV000003, départ de la commune</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/credit_refund_dialog.py" line="44"/>
        <source>Montant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/credit_refund_dialog.py" line="45"/>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/credit_refund_dialog.py" line="46"/>
        <source>Chèque</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/credit_refund_dialog.py" line="47"/>
        <source>Référence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/credit_refund_dialog.py" line="48"/>
        <source>Rembourser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/credit_refund_dialog.py" line="48"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <location filename="../../ems_desktop/views/date_field.py" line="37"/>
        <source>jj/mm/aaaa</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/date_field.py" line="46"/>
        <source>Choisir dans le calendrier (Alt+↓)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/date_field.py" line="76"/>
        <source>Indiquez la date (jj/mm/aaaa).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/date_field.py" line="78"/>
        <source>« %1 » n&apos;est pas une date valide (jj/mm/aaaa).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>DossiersTab</name>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="56"/>
        <source>Rechercher : nom, enfant, responsable, téléphone, e-mail, référence…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="59"/>
        <source>Inclure les dossiers archivés</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="61"/>
        <source>Les dossiers archivés n&apos;apparaissent dans la recherche que si cette case est cochée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="64"/>
        <source>Nouvelle famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="66"/>
        <source>Créer un dossier famille (Ctrl+N)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="120"/>
        <source>Ouvrez un dossier (Entrée) ou créez-en un (Ctrl+N).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="149"/>
        <source>Tapez quelques lettres d&apos;un nom, d&apos;un prénom d&apos;enfant, un numéro de téléphone, un e-mail ou une référence de dossier.
↓ pour parcourir les résultats, Entrée pour ouvrir, Échap pour effacer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="228"/>
        <source>Tapez quelques lettres d&apos;un nom, d&apos;un prénom d&apos;enfant, un numéro de téléphone, un e-mail ou une référence de dossier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="242"/>
        <source>Aucune famille, même archivée, ne correspond à « %1 ».
Vérifiez l&apos;orthographe, ou créez le dossier avec « Nouvelle famille » (Ctrl+N).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="246"/>
        <source>Aucune famille ne correspond à « %1 ».
Vérifiez l&apos;orthographe, ou créez le dossier avec « Nouvelle famille » (Ctrl+N).
Un dossier archivé ne se trouve qu&apos;avec « Inclure les dossiers archivés ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="253"/>
        <source>100 premières familles : précisez la recherche.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="254"/>
        <source>1 famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="254"/>
        <source>%1 familles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="257"/>
        <source> (dont 1 archivée)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="258"/>
        <source> (dont %1 archivées)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="346"/>
        <source>Modifications non enregistrées</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="347"/>
        <source>Le dossier ouvert a des modifications non enregistrées. Les abandonner ?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/dossiers_tab.py" line="349"/>
        <source>Abandonner les modifications</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EnrollmentTab</name>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="272"/>
        <source>Saison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="291"/>
        <source>Cette famille n&apos;a pas encore d&apos;enfant : ajoutez-en un dans son dossier (onglet Dossiers).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="296"/>
        <source>Chaque case dit où en est l&apos;inscription : à payer (jaune, place réservée), confirmée (vert), liste d&apos;attente (rose). Les groupes hors tranche d&apos;âge sont grisés avec la raison. Survolez une case ou un dispositif pour le détail.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="303"/>
        <source>Inscriptions en paiement immédiat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="306"/>
        <source>Dispositif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="306"/>
        <source>Enfant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="306"/>
        <source>Groupe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="307"/>
        <source>Montant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="324"/>
        <source>Encaisser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="346"/>
        <source>Aucun dossier ouvert.
Ouvrez la famille dans l&apos;onglet Dossiers (Ctrl+2) : ses enfants et les activités de la saison s&apos;afficheront ici.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="441"/>
        <source>Famille %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="453"/>
        <source>Âge au %1, début de la saison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="485"/>
        <source>Du %1 au %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="491"/>
        <source>%1 : le tarif reste celui de la période entière.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="507"/>
        <source>Retirer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="509"/>
        <source>Retirer %1 de %2 : la place est libérée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="526"/>
        <source>Choisissez un groupe dans la grille pour l&apos;ajouter ici.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="530"/>
        <source>Réservation expirée : places libérées.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="533"/>
        <source>Places réservées jusqu&apos;à %1 (encore %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="568"/>
        <source>Groupe complet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="570"/>
        <source>Inscrire sur liste d&apos;attente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="571"/>
        <source>Ne pas inscrire</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FacturationTab</name>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="125"/>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="319"/>
        <source>Historique des factures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="137"/>
        <source>N° de facture, ex. A01-F000001</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="142"/>
        <source>Rechercher</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="148"/>
        <source>Imprimer les factures d&apos;une période…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="152"/>
        <source>Rechercher une facture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="164"/>
        <source>Historique des factures (24 derniers mois)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="167"/>
        <source>Double-clic : ouvrir la facture (duplicata)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="177"/>
        <source>Prestation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="177"/>
        <source>Enfant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="177"/>
        <source>Quantité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="178"/>
        <source>Prix unitaire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="178"/>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="183"/>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="185"/>
        <source>Montant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="183"/>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="185"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="183"/>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="183"/>
        <source>Référence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="184"/>
        <source>Reçu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="185"/>
        <source>Avoir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="185"/>
        <source>Motif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="187"/>
        <source>Choisissez un avoir pour l&apos;ouvrir ou l&apos;imprimer (duplicata) ; double-clic : l&apos;ouvrir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="191"/>
        <source>Règlements</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="194"/>
        <source>Avoirs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="201"/>
        <source>Ouvrir (duplicata)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="203"/>
        <source>Enregistrer une copie marquée DUPLICATA en PDF et l&apos;ouvrir</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="204"/>
        <source>Imprimer (duplicata)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="208"/>
        <source>Réimprimer le ticket (duplicata)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="371"/>
        <source>Avoir de la famille : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="421"/>
        <source>Avoirs (%1) — choisissez-en un pour l&apos;ouvrir ou l&apos;imprimer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="467"/>
        <source>Facture %1 :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="469"/>
        <source>Avoir %1 :</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="510"/>
        <source>La facture %1 est d&apos;une autre famille : enregistrez ou abandonnez d&apos;abord le dossier en cours dans Dossiers (Ctrl+2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="575"/>
        <source>Duplicata de l&apos;avoir %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="580"/>
        <source>Impression annulée. %1 est enregistré en PDF : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="618"/>
        <source>Ticket %1 (duplicata) imprimé sur l&apos;imprimante de tickets. PDF : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="622"/>
        <source>Aucune imprimante de tickets n&apos;est configurée (Fichier › Paramètres). %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="206"/>
        <source>Imprimer une copie marquée DUPLICATA</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="210"/>
        <source>Réimprimer le ticket du règlement choisi (DUPLICATA), sur l&apos;imprimante de tickets si elle est configurée, sinon en PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="323"/>
        <source>Aucun dossier ouvert.
Ouvrez un dossier dans l&apos;onglet Dossiers (Ctrl+2) pour voir ses factures des 24 derniers mois,
ou recherchez une facture par son numéro ci-dessus.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="333"/>
        <source>Factures de la famille %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="357"/>
        <source>Aucune facture sur les 24 derniers mois.
Les factures de la famille %1 apparaîtront ici dès qu&apos;un encaissement sera fait (onglet Caisse, Ctrl+4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="374"/>
        <source>Restant dû : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="399"/>
        <source>Facture %1 du %2 — &lt;span style=&apos;color:%3&apos;&gt;%4&lt;/span&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="403"/>
        <source>Total : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="404"/>
        <source>Réglé : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="406"/>
        <source>Avoirs : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="407"/>
        <source>Reste à payer : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="412"/>
        <source>Règlements (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="413"/>
        <source>Règlements : aucun</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="300"/>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="501"/>
        <source>Facture %1 trouvée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="574"/>
        <source>Duplicata de la facture %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="606"/>
        <source>Cette facture n&apos;a aucun règlement : pas de ticket à imprimer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="649"/>
        <source>du %1 au %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="651"/>
        <source>Lecture des factures %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="651"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="654"/>
        <source>Impression des factures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="666"/>
        <source>Facture %1 sur %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="677"/>
        <source>Aucune facture émise %1 : rien à imprimer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="681"/>
        <source>Préparation de %1 factures…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="692"/>
        <source>%1 factures %2 réunies dans un PDF : %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/facturation_tab.py" line="696"/>
        <source>Impression des factures annulée : aucun fichier enregistré.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FamilyForm</name>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="447"/>
        <source>Archivé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="470"/>
        <source>n° et rue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="471"/>
        <source>bâtiment, lieu-dit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="474"/>
        <source>ex. 04 79 32 10 20</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="475"/>
        <source>prenom.nom@exemple.fr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="477"/>
        <source>ex. 820</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="491"/>
        <source>du</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="491"/>
        <source>au</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="502"/>
        <source>Nom de la famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="503"/>
        <source>Téléphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="504"/>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="505"/>
        <source>Adresse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="506"/>
        <source>Adresse (suite)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="507"/>
        <source>Code postal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="508"/>
        <source>Ville</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="509"/>
        <source>N° allocataire CAF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="510"/>
        <source>Quotient familial</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="511"/>
        <source>Quotient valable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="514"/>
        <source>Notes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="522"/>
        <source>Ajouter un responsable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="531"/>
        <source>Ajouter un enfant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="540"/>
        <source>* champ obligatoire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="544"/>
        <source>Famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="549"/>
        <source>Responsables</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="553"/>
        <source>Enfants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="567"/>
        <source>Enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="569"/>
        <source>Enregistrer le dossier (Ctrl+S)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="572"/>
        <source>Annuler les modifications</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="574"/>
        <location filename="../../ems_desktop/views/family_form.py" line="708"/>
        <location filename="../../ems_desktop/views/family_form.py" line="1182"/>
        <source>Archiver le dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="576"/>
        <source>Inscrire aux activités…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="703"/>
        <source>Nouveau dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="705"/>
        <source>Dossier %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1177"/>
        <source>Dossier désarchivé : il revient dans la recherche.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1183"/>
        <source>Archiver le dossier %1 de la famille %2 ?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1186"/>
        <source>Il disparaîtra de la recherche habituelle : pour le retrouver, cochez « Inclure les dossiers archivés » sous le champ de recherche. Ses factures et ses règlements sont gardés, et il pourra être désarchivé.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1189"/>
        <source>Archiver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="715"/>
        <source>Désarchivez le dossier pour inscrire ses enfants.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="716"/>
        <source>Inscrire les enfants de cette famille aux activités</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="731"/>
        <location filename="../../ems_desktop/views/family_form.py" line="732"/>
        <source>Modifications non enregistrées</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="752"/>
        <location filename="../../ems_desktop/views/family_form.py" line="792"/>
        <source>Le prénom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="753"/>
        <location filename="../../ems_desktop/views/family_form.py" line="793"/>
        <source>Le nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="851"/>
        <source>Retirer ce responsable du dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="852"/>
        <source>Un dossier garde au moins un responsable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="893"/>
        <source>Le nom de la famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="943"/>
        <source>« %1 » n&apos;est pas une date valide (jj/mm/aaaa).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="952"/>
        <source>« %1 » n&apos;est pas un nombre entier (ex. 820).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="919"/>
        <location filename="../../ems_desktop/views/family_form.py" line="969"/>
        <source>La fin de validité du quotient précède son début.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="450"/>
        <source>Ce dossier n&apos;apparaît dans la recherche que si « Inclure les dossiers archivés » est coché ; ses factures sont gardées.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="708"/>
        <source>Désarchiver le dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="710"/>
        <source>Le dossier revient dans la recherche habituelle ; ses enfants peuvent être inscrits.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="711"/>
        <source>Le dossier n&apos;apparaîtra plus dans la recherche habituelle ; ses factures sont gardées.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="975"/>
        <source>Le nom de la personne autorisée est obligatoire.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1065"/>
        <source>Le dossier n&apos;est pas enregistré : corrigez les champs signalés en rouge.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1076"/>
        <source>Aucune modification à enregistrer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1109"/>
        <source>Dossier enregistré.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1124"/>
        <source>née le %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1124"/>
        <source>né le %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1124"/>
        <source>né(e) le %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1125"/>
        <source>%1, %2, existe déjà dans le dossier %3 (%4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1130"/>
        <source>Enfant déjà connu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1133"/>
        <source>C&apos;est sans doute le même enfant : ouvrez plutôt son dossier, ou enregistrez quand même s&apos;il s&apos;agit d&apos;un homonyme.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1135"/>
        <source>Ouvrir ce dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1136"/>
        <source>Enregistrer quand même</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1137"/>
        <location filename="../../ems_desktop/views/family_form.py" line="1190"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="1176"/>
        <source>Dossier archivé.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FamilySearchModel</name>
    <message>
        <location filename="../../ems_desktop/views/family_table.py" line="38"/>
        <source>Famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_table.py" line="38"/>
        <source>Enfants</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_table.py" line="38"/>
        <source>Restant dû</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_table.py" line="39"/>
        <source>Référence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_table.py" line="39"/>
        <source>Payeur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_table.py" line="41"/>
        <source>Dossier archivé : ouvrez-le puis « Désarchiver le dossier » pour le reprendre.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_table.py" line="38"/>
        <source>Téléphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_table.py" line="39"/>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_table.py" line="40"/>
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
    <name>GridCellWidget</name>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="192"/>
        <source>Aucun groupe à son âge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="192"/>
        <source>Aucun groupe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="200"/>
        <source>%1 · %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="206"/>
        <source>Pour la changer, établissez un avoir (onglet Caisse).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="212"/>
        <source>Aucun groupe choisi : ouvrez la liste (flèche bas) pour en choisir un.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="214"/>
        <source>%1 : le tarif reste celui de la période entière.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="231"/>
        <source>✓ Confirmée (facturée)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="233"/>
        <source>Liste d&apos;attente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="235"/>
        <source>À payer · réservée jusqu&apos;à %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="236"/>
        <source>À payer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="240"/>
        <source>%1 : inscription confirmée (facturée).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="242"/>
        <source>%1 : sur liste d&apos;attente (le groupe est complet).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="243"/>
        <source>%1 : à payer (récapitulatif ci-dessous)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="245"/>
        <source>, place réservée jusqu&apos;à %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GroupCombo</name>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="79"/>
        <source>— Aucun groupe —</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/enrollment_tab.py" line="97"/>
        <source>%1 : le tarif reste celui de la période entière.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GroupEditor</name>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="175"/>
        <source>Nom du groupe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="176"/>
        <source>ex. 7/11 ans Escalade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="177"/>
        <source>Activité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="178"/>
        <source>Âge compté</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="179"/>
        <source>en années, au premier jour du dispositif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="180"/>
        <source>par années de naissance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="191"/>
        <source>Tranche d&apos;âge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="192"/>
        <source>Places</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="194"/>
        <source>Jour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="197"/>
        <source>De</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="199"/>
        <source>À</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="201"/>
        <source>Lieu</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="202"/>
        <source>Tarif (sans quotient)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="208"/>
        <source>Inscrits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="220"/>
        <source>nés de</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="220"/>
        <source>de</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="221"/>
        <source>à</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="221"/>
        <source>à (ans)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="228"/>
        <source>Nouveau groupe de « %1 »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="243"/>
        <source>Tarifs par quotient : %1 (bouton « Tarifs par quotient… »)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="246"/>
        <source>Pas de tarif par quotient : tout le monde paie ce tarif (bouton « Tarifs par quotient… »).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="247"/>
        <source>%1 confirmé(s), %2 en attente de paiement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="249"/>
        <source>Réactiver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="249"/>
        <source>Archiver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="252"/>
        <source>Un groupe qui a eu des inscriptions ne se supprime pas : archivez-le.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GuardianBlock</name>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="159"/>
        <source>mère, père, tuteur…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="160"/>
        <source>ex. 06 12 34 56 78</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="162"/>
        <source>ex. prenom.nom@exemple.fr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="165"/>
        <source>Payeur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="166"/>
        <source>Le responsable à qui sont adressées les factures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="167"/>
        <source>Retirer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="168"/>
        <source>Retirer ce responsable du dossier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="183"/>
        <source>Prénom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="184"/>
        <source>Nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="185"/>
        <source>Lien avec l&apos;enfant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="187"/>
        <source>Portable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="188"/>
        <source>Téléphone travail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="189"/>
        <source>E-mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="193"/>
        <source>Responsable %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>GuideDialog</name>
    <message>
        <location filename="../../ems_desktop/views/help_dialogs.py" line="59"/>
        <source>Guide du guichet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Journal</name>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="447"/>
        <source>Journal altéré</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="448"/>
        <source>Le journal des opérations a été modifié en dehors de l&apos;application : des entrées ont été changées, supprimées ou ajoutées. Prévenez le régisseur et l&apos;administrateur ; vous pouvez continuer à travailler.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JournalDialog</name>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="130"/>
        <source>Journal des opérations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="132"/>
        <source>Qui a fait quoi, et quand : chaque opération enregistrée, la plus récente en premier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="148"/>
        <source>Tous les agents</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="149"/>
        <source>Tous les guichets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="150"/>
        <source>Toutes les opérations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="156"/>
        <source>Toutes les familles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="162"/>
        <source>Chercher une famille : nom, référence, téléphone… puis Entrée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="168"/>
        <source>Du</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="173"/>
        <source>au</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="178"/>
        <source>Agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="180"/>
        <source>Guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="182"/>
        <source>Famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="187"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="234"/>
        <source>Actualiser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="237"/>
        <source>Exporter en CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="239"/>
        <source>Toutes les opérations de ces critères, pour un tableur (séparateur point-virgule, UTF-8)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="242"/>
        <source>Fermer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="260"/>
        <source>Lecture du journal…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="284"/>
        <source>Dossier ouvert : %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="336"/>
        <source>Aucune opération enregistrée pour ces critères.

Élargissez la période (« Du » … « au ») ou revenez à « Tous les agents », « Tous les guichets », « Toutes les familles », « Toutes les opérations ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="343"/>
        <source>Les %1 opérations les plus récentes sont affichées : resserrez la période ou les filtres pour voir les autres (l&apos;export CSV les contient toutes).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="347"/>
        <source>%1 opération(s) du %2 au %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="385"/>
        <source>Aucune famille ne correspond à « %1 ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="396"/>
        <source>Exporter le journal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="397"/>
        <source>Fichier CSV pour tableur (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="416"/>
        <source>Le fichier %1 n&apos;a pas pu être écrit : %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="421"/>
        <source>%1 opération(s) exportée(s) dans %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>JournalModel</name>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="67"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="67"/>
        <source>Agent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="67"/>
        <source>Guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="67"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="68"/>
        <source>Opération</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="68"/>
        <source>Montant</source>
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
        <location filename="../../ems_desktop/views/application.py" line="127"/>
        <source>Démonstration : identifiant «&#xa0;%1&#xa0;», mot de passe «&#xa0;%2&#xa0;».</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="43"/>
        <source>EMS Desktop — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="49"/>
        <source>Aucun dossier ouvert</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="70"/>
        <source>Accueil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="70"/>
        <source>Dossiers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="70"/>
        <source>Inscriptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="70"/>
        <source>Caisse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="71"/>
        <source>Planning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="71"/>
        <source>Facturation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="114"/>
        <source>Famille ouverte : %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="153"/>
        <source>&amp;Fichier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="154"/>
        <source>&amp;Paramètres…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="158"/>
        <location filename="../../ems_desktop/views/main_window.py" line="169"/>
        <location filename="../../ems_desktop/views/main_window.py" line="176"/>
        <source>Réservé aux administrateurs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="161"/>
        <source>&amp;Importer un catalogue…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="165"/>
        <source>&amp;Catalogue…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="173"/>
        <source>&amp;Agents…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="179"/>
        <source>Changer d&apos;agent / &amp;verrouiller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="185"/>
        <source>&amp;Quitter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="190"/>
        <source>&amp;Affichage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="200"/>
        <source>&amp;Simulateur de TPE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="209"/>
        <source>&amp;Couper la liaison avec le serveur</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="215"/>
        <source>&amp;Aide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="216"/>
        <source>&amp;Guide du guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="220"/>
        <source>&amp;Raccourcis clavier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="224"/>
        <source>À &amp;propos d&apos;EMS Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="255"/>
        <location filename="../../ems_desktop/views/main_window.py" line="259"/>
        <source>Importer un catalogue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="255"/>
        <source>Catalogue CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="267"/>
        <source>Catalogue importé (saison %1) : %2 dispositif(s) et %3 groupe(s) créés, %4 groupe(s) mis à jour.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="287"/>
        <source>À propos d&apos;EMS Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="288"/>
        <source>&lt;b&gt;EMS Desktop %1&lt;/b&gt;&lt;br&gt;Le guichet de l&apos;École Municipale des Sports.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="325"/>
        <source>Agent : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="326"/>
        <source>Guichet : %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="332"/>
        <source>Base : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="334"/>
        <source>TPE : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="375"/>
        <source>1 opération en attente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="376"/>
        <source>%1 opérations en attente</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="379"/>
        <source>Synchronisation : tout est envoyé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="380"/>
        <source>Synchronisation : %1 d&apos;envoi</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="382"/>
        <source>Synchronisation arrêtée : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="385"/>
        <source>Hors ligne depuis %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="386"/>
        <source>Hors ligne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="389"/>
        <source>Synchronisation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="390"/>
        <source>En ligne</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="398"/>
        <source>● Base joignable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="401"/>
        <source>● Base injoignable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="464"/>
        <source>&amp;Journal des opérations…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/journal_dialog.py" line="470"/>
        <source>Réservé au régisseur et à l&apos;administrateur</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NewSeasonDialog</name>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="678"/>
        <source>Nouvelle saison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="680"/>
        <source>ex. 2027/2028</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="683"/>
        <source>Zone %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="687"/>
        <source>Saison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="688"/>
        <source>Vacances scolaires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="689"/>
        <source>La saison est créée vide, en préparation : les guichets ne la voient qu&apos;une fois ouverte. Pour repartir de la saison en cours, préférez « Préparer la saison suivante… ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="692"/>
        <source>Créer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="692"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>NextSeasonDialog</name>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="727"/>
        <source>Préparer la saison %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="728"/>
        <source>La saison %1 sera créée en préparation à partir de %2 : mêmes dispositifs et groupes, mêmes tarifs, dates décalées aux mêmes jours de la semaine ; les séances tiennent compte des vacances scolaires %3 (zone %4). Rien n&apos;est enregistré avant « Créer ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="736"/>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="736"/>
        <source>Dispositif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="736"/>
        <source>Du</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="736"/>
        <source>Au</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="737"/>
        <source>Groupes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="737"/>
        <source>Séances / jours (avant → après)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="755"/>
        <source>Créer la saison %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="756"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OfferEditor</name>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="130"/>
        <source>Code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="131"/>
        <source>ex. EMS-2027-T1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="132"/>
        <source>Libellé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="133"/>
        <source>Libellé sur la facture</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="134"/>
        <source>le libellé, s&apos;il est vide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="135"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="138"/>
        <source>Du</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="139"/>
        <source>Au</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="148"/>
        <source>Nouveau dispositif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="158"/>
        <source>Réactiver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="158"/>
        <source>Archiver</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>OpenCashSessionDialog</name>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="30"/>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="43"/>
        <source>Ouvrir la caisse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="35"/>
        <source>Laissez vide pour une caisse sans fond.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="39"/>
        <source>Fond de caisse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="40"/>
        <source>Comptez les espèces du fond de caisse. Chaque règlement de la journée sera rattaché à cette session, jusqu&apos;à sa clôture.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/cash_dialogs.py" line="43"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PeriodDialog</name>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="512"/>
        <source>Fermeture ou vacances scolaires</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="514"/>
        <source>Fermeture (aucune séance)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="516"/>
        <source>Vacances scolaires de la zone %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="520"/>
        <source>Tous les groupes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="523"/>
        <source>Les groupes du lieu : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="525"/>
        <source>Le groupe : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="534"/>
        <source>ex. Gymnase fermé pour travaux, Vacances de la Toussaint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="539"/>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="540"/>
        <source>Pour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="541"/>
        <source>Du</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="542"/>
        <source>Au</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="543"/>
        <source>Nom ou motif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="544"/>
        <source>Enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="544"/>
        <source>Fermer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PickupRow</name>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="216"/>
        <source>Prénom et nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="217"/>
        <source>Lien (grand-mère, voisin…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="218"/>
        <source>Téléphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="221"/>
        <source>Retirer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="222"/>
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
        <location filename="../../ems_desktop/views/planning_tab.py" line="240"/>
        <source>Aujourd&apos;hui</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="244"/>
        <source>Enfant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="246"/>
        <source>Saison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="255"/>
        <source>&lt;span style=&apos;color:#1f5fbf&apos;&gt;★&lt;/span&gt; séance (inscription confirmée) &amp;nbsp; &lt;span style=&apos;color:#b07d00&apos;&gt;☆&lt;/span&gt; inscription à payer &amp;nbsp; &lt;span style=&apos;color:#8e44ad&apos;&gt;◇&lt;/span&gt; liste d&apos;attente &amp;nbsp; &lt;span style=&apos;color:#b3261e&apos;&gt;✕&lt;/span&gt; séance annulée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="285"/>
        <source>Fermeture ou vacances saisies à la main…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="288"/>
        <source>Activités de la saison</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="294"/>
        <source>Séances du mois</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="348"/>
        <source>Planning — famille %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="280"/>
        <source>Liste du groupe et feuille de présence…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="282"/>
        <source>Annuler, rétablir ou ajouter une séance…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="303"/>
        <source>Aucun dossier ouvert.
Ouvrez un dossier dans l&apos;onglet Dossiers (Ctrl+2) : le planning de chaque enfant s&apos;affichera ici.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="383"/>
        <source>Cette famille n&apos;a pas encore d&apos;enfant : ajoutez-le dans l&apos;onglet Dossiers (Ctrl+2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="385"/>
        <source>Aucune saison : un administrateur importe le catalogue (Fichier › Importer un catalogue…).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="393"/>
        <source> Un administrateur les saisit avec « Fermeture ou vacances saisies à la main… ».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="395"/>
        <source>Coût de la période : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="397"/>
        <source>Restant dû : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="398"/>
        <source>Avoir sur le compte : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="402"/>
        <source>Aucune inscription pour cette saison : inscrivez l&apos;enfant dans l&apos;onglet Inscriptions (Ctrl+3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="405"/>
        <source>%1 séances</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="406"/>
        <source>dates inconnues</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="407"/>
        <source>non facturée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="438"/>
        <source> — annulée : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="439"/>
        <source> — séance ajoutée %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="442"/>
        <source>Pas de séance ce mois-ci.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="451"/>
        <source>Le %1 : pas de séance.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="455"/>
        <source>Le %1 : </source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResetPasswordDialog</name>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="105"/>
        <source>Nouveau mot de passe pour %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="106"/>
        <source>Donnez à l&apos;agent un mot de passe provisoire : il devra en choisir un autre à sa prochaine connexion. Le compte est aussi débloqué.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="113"/>
        <source>Mot de passe provisoire</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="114"/>
        <source>Enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/agents_dialog.py" line="114"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResolveConflictDialog</name>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="152"/>
        <source>Conflit traité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="158"/>
        <source>ex. capacité portée à 17 ; famille prévenue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="162"/>
        <source>Ce qui a été fait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="163"/>
        <source>Marquer comme traité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="163"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="292"/>
        <source>Restaurer une sauvegarde</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="294"/>
        <source>Choisissez la copie à remettre en service. Elle est d&apos;abord vérifiée et mise à niveau ; la base actuelle est ensuite gardée de côté dans le dossier des sauvegardes, puis l&apos;application redémarre.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="298"/>
        <source>Dossier des sauvegardes : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="305"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="305"/>
        <source>Motif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="305"/>
        <source>Taille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="324"/>
        <source>Aucune sauvegarde dans ce dossier : choisissez un fichier.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="327"/>
        <source>Autre fichier…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="330"/>
        <source>Aucune sauvegarde choisie.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="338"/>
        <source>Attention : tout ce qui a été enregistré après cette copie (dossiers, inscriptions, encaissements, factures, clôtures) disparaît de la base, et les numéros de pièces émis depuis seront attribués à nouveau. Ne restaurez que si la base actuelle est inutilisable, en accord avec le régisseur ; la base remplacée reste gardée.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="344"/>
        <source>J&apos;ai compris : remplacer la base actuelle par cette sauvegarde.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="348"/>
        <source>Restauration en cours… vérification de la sauvegarde, mise à niveau, mise de côté de la base actuelle.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="359"/>
        <source>Restaurer et redémarrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="362"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="389"/>
        <source>Choisir une sauvegarde</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="390"/>
        <source>Bases SQLite (*.sqlite3 *.sqlite *.db);;Tous les fichiers (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/backup_dialogs.py" line="399"/>
        <source>Sauvegarde choisie : %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RosterDialog</name>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="628"/>
        <source>Liste du groupe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="635"/>
        <source>Enfant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="635"/>
        <source>Âge</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="635"/>
        <source>Inscription</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="635"/>
        <source>Santé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="643"/>
        <source>Feuille de présence (PDF)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="654"/>
        <source>Fermer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="657"/>
        <source>Groupe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="708"/>
        <source>Enregistrer la feuille de présence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="709"/>
        <source>Documents PDF (*.pdf)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="734"/>
        <source>Feuille de présence enregistrée : %1 — &lt;a href=&quot;%2&quot;&gt;ouvrir&lt;/a&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="650"/>
        <source>Séance du</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="701"/>
        <source>%1 inscrit(s) pour %2 places ; %3 en liste d&apos;attente.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SeasonPricesDialog</name>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="788"/>
        <source>Tarifs par quotient familial — saison %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="790"/>
        <source>Les tranches valent pour tous les groupes de la saison. Une case vide : le tarif sans quotient s&apos;applique. Les inscriptions déjà faites gardent leur prix.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="795"/>
        <source>Quotient de</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="795"/>
        <source>à (vide : sans limite)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="798"/>
        <source>Ajouter une tranche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="798"/>
        <source>Retirer la tranche</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="826"/>
        <source>Enregistrer les tarifs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="826"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="880"/>
        <source>Groupe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="880"/>
        <source>Sans quotient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="883"/>
        <source>QF %1 à %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="884"/>
        <source>QF %1 et plus</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="894"/>
        <source>Cette saison n&apos;a pas encore de groupe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="908"/>
        <source>Aperçu : corrigez d&apos;abord les montants et les tranches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="911"/>
        <source>Aperçu pour « %1 » : </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="939"/>
        <source>Tranche %1 : %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SessionChangeDialog</name>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="763"/>
        <location filename="../../ems_desktop/views/planning_tab.py" line="869"/>
        <source>Annuler la séance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="765"/>
        <source>Ajouter une séance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="774"/>
        <source>Groupe</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="775"/>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="774"/>
        <source>Date</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="751"/>
        <source>Annuler, rétablir ou ajouter une séance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="764"/>
        <source>Rétablir la séance annulée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="773"/>
        <source>Motif</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="783"/>
        <location filename="../../ems_desktop/views/planning_tab.py" line="833"/>
        <source>Annuler la séance…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="783"/>
        <source>Fermer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="813"/>
        <source>Pas de séance ce jour-là (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="814"/>
        <source>Pas de séance ce jour-là pour ce groupe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="816"/>
        <source>Séance annulée ce jour-là%1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="819"/>
        <source>Séance ajoutée ce jour-là%1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="822"/>
        <source>Séance prévue ce jour-là (%1, %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="834"/>
        <source>Rétablir la séance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="835"/>
        <source>Ajouter la séance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="839"/>
        <source>ex. intempéries, grève</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="840"/>
        <source>ex. rattrapage de la séance du 11/10</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="857"/>
        <source>Aucun enfant n&apos;y est inscrit pour l&apos;instant : la séance sera barrée sur le planning, avec le motif «&#xa0;%1&#xa0;».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="859"/>
        <source>1 enfant inscrit est concerné : la séance sera barrée sur son planning, avec le motif «&#xa0;%1&#xa0;».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="861"/>
        <source>%2 enfants inscrits sont concernés : la séance sera barrée sur leur planning, avec le motif «&#xa0;%1&#xa0;».</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="863"/>
        <source>Annuler la séance ?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="864"/>
        <source>Annuler la séance du %1 %2 du groupe «&#xa0;%3&#xa0;» ?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="868"/>
        <source>Vous pourrez la rétablir ensuite.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/planning_tab.py" line="870"/>
        <source>Ne pas annuler</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="35"/>
        <source>Paramètres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="46"/>
        <source>Collectivité et régie (imprimées sur les documents)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="48"/>
        <source>Collectivité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="49"/>
        <source>Adresse postale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="50"/>
        <source>SIRET</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="51"/>
        <source>Logo (fichier PNG)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="52"/>
        <source>Régie de recettes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="57"/>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="59"/>
        <source>Guichet et inscriptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="61"/>
        <source>Nom du guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="62"/>
        <source>Préfixe des numéros</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="63"/>
        <source>Réservation d&apos;une inscription non payée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="67"/>
        <source>TPE du guichet (Caisse-AP sur IP)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="68"/>
        <source>Simulateur de TPE (démonstration : aucun paiement réel)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="70"/>
        <source>Aucun TPE (simulateur sur la base de démonstration seulement)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="74"/>
        <source>ex. 192.168.1.50</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="76"/>
        <source>En service : %1. Un changement de TPE prend effet au prochain démarrage de l&apos;application.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="82"/>
        <source>tcp://192.168.1.60:9100 ou usb:04b8:0202</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="83"/>
        <source>Ce poste : TPE et imprimante</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="85"/>
        <source>TPE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="86"/>
        <source>Adresse du TPE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="87"/>
        <source>Port Caisse-AP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="91"/>
        <source>Imprimante de tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="118"/>
        <source>Indiquez l&apos;adresse IP du TPE sur le réseau du guichet (ex. 192.168.1.50), telle que son menu Caisse-AP/IP l&apos;affiche.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="140"/>
        <source>Ce guichet a déjà émis des factures : la série continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="147"/>
        <source>Zone de vacances %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SettleDialog</name>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="77"/>
        <source>Vérifier un remboursement par carte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="78"/>
        <source>Vérifier un paiement par carte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="79"/>
        <source>Remboursement de %1 du %2 : regardez le ticket imprimé par le terminal (ou son journal).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="81"/>
        <source>Paiement de %1 du %2 : regardez le ticket imprimé par le terminal (ou son journal).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="85"/>
        <source>Le ticket indique « remboursement accepté »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="86"/>
        <source>Le ticket indique « paiement accepté »</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="87"/>
        <source>Le ticket indique un échec, ou aucun ticket n&apos;a été imprimé</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="92"/>
        <source>n° d&apos;autorisation du ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="95"/>
        <source>heure du ticket, ex. 14:32</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="99"/>
        <source>4 derniers chiffres de la carte (facultatif)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="105"/>
        <source>Autorisation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="106"/>
        <source>Heure du ticket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="107"/>
        <source>Carte</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="109"/>
        <source>Enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="109"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/accueil_tab.py" line="123"/>
        <source>Indiquez ce que dit le ticket du terminal.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <location filename="../../ems_desktop/views/help_dialogs.py" line="72"/>
        <source>Raccourcis clavier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/help_dialogs.py" line="73"/>
        <source>Ctrl+N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/help_dialogs.py" line="73"/>
        <source>Dossiers : nouvelle famille</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/help_dialogs.py" line="74"/>
        <source>↓</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/help_dialogs.py" line="74"/>
        <source>Dossiers : de la recherche aux résultats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/help_dialogs.py" line="75"/>
        <source>Entrée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/help_dialogs.py" line="75"/>
        <source>Dossiers : ouvrir la famille choisie dans les résultats</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/help_dialogs.py" line="76"/>
        <source>Échap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/help_dialogs.py" line="76"/>
        <source>Dossiers : effacer la recherche ; ailleurs, fermer une fenêtre de dialogue sans rien enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/help_dialogs.py" line="78"/>
        <source>Alt+↓ ou F4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/help_dialogs.py" line="78"/>
        <source>Dans un champ de date : ouvrir le calendrier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/help_dialogs.py" line="82"/>
        <source>Touches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/help_dialogs.py" line="82"/>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../ems_desktop/views/application.py" line="220"/>
        <source>Base de données inutilisable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/application.py" line="240"/>
        <source>Paramètres du poste illisibles</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TenderRow</name>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="77"/>
        <source>Avoir disponible : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="81"/>
        <source>Cette famille n&apos;a pas d&apos;avoir.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="87"/>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="137"/>
        <source>N° du chèque</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="89"/>
        <source>Banque</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="91"/>
        <source>Tireur (si différent)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="92"/>
        <source>Le terminal a imprimé un ticket d&apos;échec : réessayer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="95"/>
        <source>Retirer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/caisse_tab.py" line="138"/>
        <source>N° des chèques (facultatif)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TerminalSimulatorWindow</name>
    <message>
        <location filename="../../ems_desktop/views/simulator_window.py" line="121"/>
        <source>Remboursement en attente : présentez la carte</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_Editor</name>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="77"/>
        <source>Enregistrer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="79"/>
        <source>Archiver</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="80"/>
        <source>Supprimer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>header</name>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="238"/>
        <source>Lien</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="238"/>
        <source>Prénom et nom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="239"/>
        <source>Téléphone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/family_form.py" line="244"/>
        <source>Retirer</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>parent</name>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="57"/>
        <source>Confirmer la modification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="60"/>
        <source>Enregistrer quand même</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/catalog_dialog.py" line="61"/>
        <source>Annuler</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
