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
    <name>LoginDialog</name>
    <message>
        <location filename="../../ems_desktop/views/application.py" line="64"/>
        <source>Démonstration : identifiant « %1 », mot de passe « %2 ».</source>
        <translation type="unfinished"></translation>
    </message>
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
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="25"/>
        <source>EMS Desktop — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="37"/>
        <source>Accueil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="37"/>
        <source>Dossiers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="37"/>
        <source>Inscriptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="37"/>
        <source>Caisse</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="38"/>
        <source>Planning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="38"/>
        <source>Facturation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="42"/>
        <source>Ce qui demande votre attention maintenant : les paiements par carte à vérifier, les inscriptions dont la réservation de 2 heures va expirer, la session de caisse ouverte et ses totaux, et l&apos;état du terminal de paiement.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="45"/>
        <source>Retrouver une famille en quelques lettres (nom, enfant, responsable, téléphone, e-mail ou référence), ouvrir son dossier, le créer ou le corriger : responsables, adresse, quotient familial, enfants, santé et autorisations.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="48"/>
        <source>La grille des inscriptions de la famille ouverte : pour chaque enfant et chaque trimestre, un groupe de la bonne tranche d&apos;âge avec ses places restantes, puis le récapitulatif des inscriptions en paiement immédiat.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="51"/>
        <source>Encaisser par carte bancaire sur le TPE, en espèces (avec le rendu de monnaie), par chèque ou en chèques vacances ANCV ; ouvrir et clôturer la session de caisse ; établir les avoirs et les remboursements.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="54"/>
        <source>Les mercredis de chaque groupe, hors vacances scolaires de la zone et jours fériés, sur un calendrier ; le coût de la période et le restant dû ; les feuilles d&apos;appel pour les éducateurs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="57"/>
        <source>Les factures de la famille sur 24 mois, regroupées par mois, avec leurs lignes et leurs règlements ; réimpression (DUPLICATA), recherche par numéro, impression par lot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="77"/>
        <source>&amp;Fichier</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="78"/>
        <source>&amp;Paramètres…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="82"/>
        <source>Réservé aux administrateurs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="86"/>
        <source>&amp;Quitter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="91"/>
        <source>&amp;Affichage</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="101"/>
        <source>&amp;Aide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="102"/>
        <source>À &amp;propos d&apos;EMS Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="108"/>
        <source>À propos d&apos;EMS Desktop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="109"/>
        <source>&lt;b&gt;EMS Desktop %1&lt;/b&gt;&lt;br&gt;Le guichet de l&apos;École Municipale des Sports.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="123"/>
        <source>Agent : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="124"/>
        <source>Guichet : %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="126"/>
        <source>Base : %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="137"/>
        <source>● Base joignable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/main_window.py" line="140"/>
        <source>● Base injoignable</source>
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
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="34"/>
        <source>Paramètres</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="48"/>
        <source>Collectivité et régie (imprimées sur les documents)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="50"/>
        <source>Collectivité</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="51"/>
        <source>Adresse postale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="52"/>
        <source>SIRET</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="53"/>
        <source>Logo (fichier PNG)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="54"/>
        <source>Régie de recettes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="59"/>
        <source> min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="61"/>
        <source>Guichet et inscriptions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="63"/>
        <source>Nom du guichet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="64"/>
        <source>Préfixe des numéros</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="65"/>
        <source>Réservation d&apos;une inscription non payée</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="69"/>
        <source>vide : simulateur de TPE intégré</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="72"/>
        <source>tcp://192.168.1.60:9100 ou usb:04b8:0202</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="73"/>
        <source>Ce poste : TPE et imprimante</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="75"/>
        <source>Adresse du TPE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="76"/>
        <source>Port Caisse-AP</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="77"/>
        <source>Imprimante de tickets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="105"/>
        <source>Ce guichet a déjà émis des factures : la série continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ems_desktop/views/settings_dialog.py" line="112"/>
        <source>Zone de vacances %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
