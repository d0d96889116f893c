<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="el">
<context>
    <name>AlertBanner</name>
    <message>
        <location filename="../../ui/views/alerts.py" line="17"/>
        <source>Alert</source>
        <translation>Ειδοποίηση</translation>
    </message>
    <message>
        <location filename="../../ui/views/alerts.py" line="21"/>
        <source>Dismiss</source>
        <translation>Απόρριψη</translation>
    </message>
    <message>
        <location filename="../../ui/views/alerts.py" line="21"/>
        <source>Dismiss alert</source>
        <translation>Κλείσιμο ειδοποίησης</translation>
    </message>
    <message>
        <location filename="../../ui/views/alerts.py" line="32"/>
        <source>Could not do that</source>
        <translation>Δεν ήταν δυνατή η ενέργεια</translation>
    </message>
    <message>
        <location filename="../../ui/views/alerts.py" line="33"/>
        <source>The audio engine stopped and is restarting; calls were lost</source>
        <translation>Η μηχανή ήχου σταμάτησε και επανεκκινείται· οι κλήσεις χάθηκαν</translation>
    </message>
    <message>
        <location filename="../../ui/views/alerts.py" line="34"/>
        <source>The audio engine is running again</source>
        <translation>Η μηχανή ήχου λειτουργεί ξανά</translation>
    </message>
    <message>
        <location filename="../../ui/views/alerts.py" line="35"/>
        <source>Could not save locally</source>
        <translation>Αποτυχία τοπικής αποθήκευσης</translation>
    </message>
    <message>
        <location filename="../../ui/views/alerts.py" line="36"/>
        <source>The server refused an item</source>
        <translation>Ο διακομιστής απέρριψε ένα στοιχείο</translation>
    </message>
    <message>
        <location filename="../../ui/views/alerts.py" line="37"/>
        <source>Registration failed</source>
        <translation>Η εγγραφή απέτυχε</translation>
    </message>
    <message>
        <location filename="../../ui/views/alerts.py" line="38"/>
        <source>Audio devices changed</source>
        <translation>Οι συσκευές ήχου άλλαξαν</translation>
    </message>
    <message>
        <location filename="../../ui/views/alerts.py" line="39"/>
        <source>Incoming call</source>
        <translation>Εισερχόμενη κλήση</translation>
    </message>
    <message>
        <location filename="../../ui/views/alerts.py" line="40"/>
        <source>Call not connected</source>
        <translation>Η κλήση δεν συνδέθηκε</translation>
    </message>
    <message>
        <location filename="../../ui/views/alerts.py" line="44"/>
        <source>busy</source>
        <translation>κατειλημμένο</translation>
    </message>
    <message>
        <location filename="../../ui/views/alerts.py" line="45"/>
        <source>no answer</source>
        <translation>δεν απαντά</translation>
    </message>
    <message>
        <location filename="../../ui/views/alerts.py" line="46"/>
        <source>unreachable</source>
        <translation>μη προσβάσιμος</translation>
    </message>
    <message>
        <location filename="../../ui/views/alerts.py" line="47"/>
        <source>declined</source>
        <translation>απορρίφθηκε</translation>
    </message>
    <message>
        <location filename="../../ui/views/alerts.py" line="48"/>
        <source>refused</source>
        <translation>αρνήθηκε</translation>
    </message>
    <message>
        <location filename="../../ui/views/alerts.py" line="49"/>
        <source>the other side hung up</source>
        <translation>η άλλη πλευρά έκλεισε</translation>
    </message>
    <message>
        <location filename="../../ui/views/alerts.py" line="50"/>
        <source>failed</source>
        <translation>απέτυχε</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../ui/app.py" line="47"/>
        <source>Softphone</source>
        <translation>Softphone</translation>
    </message>
</context>
<context>
    <name>CallCard</name>
    <message>
        <location filename="../../ui/views/call_card.py" line="54"/>
        <source>Call</source>
        <translation>Κλήση</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="61"/>
        <source>Muted</source>
        <translation>Σίγαση</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="62"/>
        <source>Conference</source>
        <translation>Διάσκεψη</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="63"/>
        <source>Microphone level</source>
        <translation>Στάθμη μικροφώνου</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="66"/>
        <location filename="../../ui/views/call_card.py" line="198"/>
        <source>Hold</source>
        <translation>Αναμονή</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="66"/>
        <location filename="../../ui/views/call_card.py" line="199"/>
        <source>Hold call</source>
        <translation>Θέση κλήσης σε αναμονή</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="67"/>
        <location filename="../../ui/views/call_card.py" line="202"/>
        <source>Mute</source>
        <translation>Σίγαση</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="67"/>
        <location filename="../../ui/views/call_card.py" line="204"/>
        <source>Mute microphone</source>
        <translation>Σίγαση μικροφώνου</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="69"/>
        <source>Keypad</source>
        <translation>Πληκτρολόγιο</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="69"/>
        <source>Show DTMF keypad</source>
        <translation>Εμφάνιση πληκτρολογίου DTMF</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="71"/>
        <source>Transfer</source>
        <translation>Μεταφορά</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="71"/>
        <source>Show transfer options</source>
        <translation>Επιλογές μεταφοράς</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="73"/>
        <location filename="../../ui/views/call_card.py" line="215"/>
        <source>Merge</source>
        <translation>Συνένωση</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="73"/>
        <location filename="../../ui/views/call_card.py" line="216"/>
        <source>Merge calls into a conference</source>
        <translation>Συνένωση κλήσεων σε διάσκεψη</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="75"/>
        <source>Hang up</source>
        <translation>Τερματισμός</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="75"/>
        <source>Hang up call</source>
        <translation>Τερματισμός κλήσης</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="93"/>
        <source>Mic</source>
        <translation>Μικρ.</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="108"/>
        <source>Send DTMF %1</source>
        <translation>Αποστολή DTMF %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="125"/>
        <source>Number or SIP address</source>
        <translation>Αριθμός ή διεύθυνση SIP</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="126"/>
        <source>Transfer target</source>
        <translation>Προορισμός μεταφοράς</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="127"/>
        <source>Recent</source>
        <translation>Πρόσφατες</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="127"/>
        <source>Pick a transfer target from recent calls</source>
        <translation>Επιλογή προορισμού μεταφοράς από πρόσφατες κλήσεις</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="132"/>
        <source>Blind transfer</source>
        <translation>Άμεση μεταφορά</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="132"/>
        <source>Transfer now to the target</source>
        <translation>Μεταφορά τώρα στον προορισμό</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="133"/>
        <source>Consult</source>
        <translation>Συνεννόηση</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="133"/>
        <source>Call the target first</source>
        <translation>Κλήση πρώτα του προορισμού</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="135"/>
        <source>Consultation call</source>
        <translation>Κλήση συνεννόησης</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="136"/>
        <source>Complete transfer</source>
        <translation>Ολοκλήρωση μεταφοράς</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="137"/>
        <source>Connect the caller to the consultation call</source>
        <translation>Σύνδεση του καλούντος με την κλήση συνεννόησης</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="173"/>
        <source>Calling…</source>
        <translation>Κλήση…</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="174"/>
        <source>Ringing…</source>
        <translation>Κουδουνίζει…</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="175"/>
        <source>Incoming call</source>
        <translation>Εισερχόμενη κλήση</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="176"/>
        <source>Connecting…</source>
        <translation>Σύνδεση…</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="177"/>
        <source>In call</source>
        <translation>Σε κλήση</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="178"/>
        <source>On hold</source>
        <translation>Σε αναμονή</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="179"/>
        <source>Held by the other side</source>
        <translation>Σε αναμονή από την άλλη πλευρά</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="180"/>
        <source>Ended</source>
        <translation>Τερματίστηκε</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="184"/>
        <source>Consultation: %1</source>
        <translation>Συνεννόηση: %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="195"/>
        <source>Call with %1</source>
        <translation>Κλήση με %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="198"/>
        <source>Resume</source>
        <translation>Συνέχιση</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="199"/>
        <source>Resume call</source>
        <translation>Συνέχιση κλήσης</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="202"/>
        <source>Unmute</source>
        <translation>Άρση σίγασης</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="203"/>
        <source>Unmute microphone</source>
        <translation>Άρση σίγασης μικροφώνου</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="211"/>
        <source>Split</source>
        <translation>Διαχωρισμός</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="212"/>
        <source>Split the conference</source>
        <translation>Διαχωρισμός της διάσκεψης</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="218"/>
        <source>Received: %1</source>
        <translation>Ελήφθησαν: %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="227"/>
        <source>Transferring…</source>
        <translation>Μεταφορά…</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="228"/>
        <source>Transferred</source>
        <translation>Μεταφέρθηκε</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="229"/>
        <source>Transfer failed</source>
        <translation>Η μεταφορά απέτυχε</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="258"/>
        <source>No recent calls</source>
        <translation>Καμία πρόσφατη κλήση</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="305"/>
        <source>Enter a number or SIP address to transfer to.</source>
        <translation>Πληκτρολογήστε αριθμό ή διεύθυνση SIP για μεταφορά.</translation>
    </message>
    <message>
        <location filename="../../ui/views/call_card.py" line="312"/>
        <source>Enter a number or SIP address to consult.</source>
        <translation>Πληκτρολογήστε αριθμό ή διεύθυνση SIP για συνεννόηση.</translation>
    </message>
</context>
<context>
    <name>CustomerCard</name>
    <message>
        <location filename="../../ui/views/customer_card.py" line="23"/>
        <source>Customer card</source>
        <translation>Καρτέλα πελάτη</translation>
    </message>
    <message>
        <location filename="../../ui/views/customer_card.py" line="26"/>
        <source>Customer</source>
        <translation>Πελάτης</translation>
    </message>
    <message>
        <location filename="../../ui/views/customer_card.py" line="32"/>
        <source>Matching customers</source>
        <translation>Πελάτες που ταιριάζουν</translation>
    </message>
    <message>
        <location filename="../../ui/views/customer_card.py" line="34"/>
        <source>Use this customer</source>
        <translation>Επιλογή αυτού του πελάτη</translation>
    </message>
    <message>
        <location filename="../../ui/views/customer_card.py" line="34"/>
        <source>Use the selected customer</source>
        <translation>Επιλογή του επιλεγμένου πελάτη</translation>
    </message>
    <message>
        <location filename="../../ui/views/customer_card.py" line="35"/>
        <source>Retry</source>
        <translation>Επανάληψη</translation>
    </message>
    <message>
        <location filename="../../ui/views/customer_card.py" line="35"/>
        <source>Retry customer lookup</source>
        <translation>Επανάληψη αναζήτησης πελάτη</translation>
    </message>
    <message>
        <location filename="../../ui/views/customer_card.py" line="66"/>
        <source>No customer information.</source>
        <translation>Δεν υπάρχουν στοιχεία πελάτη.</translation>
    </message>
    <message>
        <location filename="../../ui/views/customer_card.py" line="68"/>
        <source>Looking up the caller…</source>
        <translation>Αναζήτηση του καλούντος…</translation>
    </message>
    <message>
        <location filename="../../ui/views/customer_card.py" line="73"/>
        <source>Several customers match this number: pick one.</source>
        <translation>Πολλοί πελάτες ταιριάζουν σε αυτόν τον αριθμό: επιλέξτε έναν.</translation>
    </message>
    <message>
        <location filename="../../ui/views/customer_card.py" line="82"/>
        <source>No customer found for %1.</source>
        <translation>Δεν βρέθηκε πελάτης για %1.</translation>
    </message>
    <message>
        <location filename="../../ui/views/customer_card.py" line="82"/>
        <source>this number</source>
        <translation>αυτόν τον αριθμό</translation>
    </message>
    <message>
        <location filename="../../ui/views/customer_card.py" line="84"/>
        <source>The caller withheld the number.</source>
        <translation>Ο καλών απέκρυψε τον αριθμό.</translation>
    </message>
    <message>
        <location filename="../../ui/views/customer_card.py" line="86"/>
        <source>Customer records are unreachable: %1</source>
        <translation>Τα στοιχεία πελατών δεν είναι διαθέσιμα: %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/customer_card.py" line="91"/>
        <source>Tier: %1</source>
        <translation>Κατηγορία: %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/customer_card.py" line="92"/>
        <source>Language: %1</source>
        <translation>Γλώσσα: %1</translation>
    </message>
</context>
<context>
    <name>DialPad</name>
    <message>
        <location filename="../../ui/views/dialpad.py" line="40"/>
        <source>Dial</source>
        <translation>Κλήση</translation>
    </message>
    <message>
        <location filename="../../ui/views/dialpad.py" line="43"/>
        <source>Number or SIP address</source>
        <translation>Αριθμός ή διεύθυνση SIP</translation>
    </message>
    <message>
        <location filename="../../ui/views/dialpad.py" line="44"/>
        <source>Number to dial</source>
        <translation>Αριθμός για κλήση</translation>
    </message>
    <message>
        <location filename="../../ui/views/dialpad.py" line="47"/>
        <source>Account to call from</source>
        <translation>Λογαριασμός κλήσης</translation>
    </message>
    <message>
        <location filename="../../ui/views/dialpad.py" line="48"/>
        <source>Call</source>
        <translation>Κλήση</translation>
    </message>
    <message>
        <location filename="../../ui/views/dialpad.py" line="48"/>
        <source>Call the number</source>
        <translation>Κλήση του αριθμού</translation>
    </message>
    <message>
        <location filename="../../ui/views/dialpad.py" line="50"/>
        <source>Redial</source>
        <translation>Επανάκληση</translation>
    </message>
    <message>
        <location filename="../../ui/views/dialpad.py" line="50"/>
        <source>Redial the last number</source>
        <translation>Επανάκληση του τελευταίου αριθμού</translation>
    </message>
    <message>
        <location filename="../../ui/views/dialpad.py" line="55"/>
        <source>Digit %1</source>
        <translation>Ψηφίο %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/dialpad.py" line="121"/>
        <source>Enter a number or SIP address.</source>
        <translation>Πληκτρολογήστε αριθμό ή διεύθυνση SIP.</translation>
    </message>
    <message>
        <location filename="../../ui/views/dialpad.py" line="124"/>
        <source>No SIP account is set up: add one in Settings.</source>
        <translation>Δεν υπάρχει λογαριασμός SIP: προσθέστε έναν στις Ρυθμίσεις.</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <location filename="../../ui/views/history.py" line="26"/>
        <source>Search name, number, disposition</source>
        <translation>Αναζήτηση ονόματος, αριθμού, έκβασης</translation>
    </message>
    <message>
        <location filename="../../ui/views/history.py" line="27"/>
        <source>Search history</source>
        <translation>Αναζήτηση ιστορικού</translation>
    </message>
    <message>
        <location filename="../../ui/views/history.py" line="30"/>
        <source>Filter history</source>
        <translation>Φίλτρο ιστορικού</translation>
    </message>
    <message>
        <location filename="../../ui/views/history.py" line="31"/>
        <source>All calls</source>
        <translation>Όλες οι κλήσεις</translation>
    </message>
    <message>
        <location filename="../../ui/views/history.py" line="31"/>
        <location filename="../../ui/views/history.py" line="64"/>
        <source>Missed</source>
        <translation>Αναπάντητες</translation>
    </message>
    <message>
        <location filename="../../ui/views/history.py" line="32"/>
        <source>Inbound</source>
        <translation>Εισερχόμενες</translation>
    </message>
    <message>
        <location filename="../../ui/views/history.py" line="32"/>
        <source>Outbound</source>
        <translation>Εξερχόμενες</translation>
    </message>
    <message>
        <location filename="../../ui/views/history.py" line="35"/>
        <source>Call history</source>
        <translation>Ιστορικό κλήσεων</translation>
    </message>
    <message>
        <location filename="../../ui/views/history.py" line="39"/>
        <source>When</source>
        <translation>Πότε</translation>
    </message>
    <message>
        <location filename="../../ui/views/history.py" line="39"/>
        <source>Who</source>
        <translation>Ποιος</translation>
    </message>
    <message>
        <location filename="../../ui/views/history.py" line="39"/>
        <source>Number</source>
        <translation>Αριθμός</translation>
    </message>
    <message>
        <location filename="../../ui/views/history.py" line="39"/>
        <source>Duration</source>
        <translation>Διάρκεια</translation>
    </message>
    <message>
        <location filename="../../ui/views/history.py" line="40"/>
        <source>Disposition</source>
        <translation>Έκβαση</translation>
    </message>
    <message>
        <location filename="../../ui/views/history.py" line="41"/>
        <source>Call back</source>
        <translation>Επανάκληση</translation>
    </message>
    <message>
        <location filename="../../ui/views/history.py" line="41"/>
        <source>Call back the selected call</source>
        <translation>Επανάκληση της επιλεγμένης κλήσης</translation>
    </message>
    <message>
        <location filename="../../ui/views/history.py" line="65"/>
        <source>In</source>
        <translation>Εισ.</translation>
    </message>
    <message>
        <location filename="../../ui/views/history.py" line="65"/>
        <source>Out</source>
        <translation>Εξερχ.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/main_window.py" line="56"/>
        <location filename="../../ui/main_window.py" line="58"/>
        <source>Softphone</source>
        <translation>Softphone</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="72"/>
        <source>No calls. Type a number to dial.</source>
        <translation>Καμία κλήση. Πληκτρολογήστε αριθμό για κλήση.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="83"/>
        <source>Calls</source>
        <translation>Κλήσεις</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="90"/>
        <source>History and notes</source>
        <translation>Ιστορικό και σημειώσεις</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="91"/>
        <source>History</source>
        <translation>Ιστορικό</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="92"/>
        <source>Notes</source>
        <translation>Σημειώσεις</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="123"/>
        <source>&amp;Call</source>
        <translation>&amp;Κλήση</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="125"/>
        <source>&amp;Answer</source>
        <translation>&amp;Απάντηση</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="126"/>
        <source>&amp;Hang up / decline</source>
        <translation>&amp;Τερματισμός / απόρριψη</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="127"/>
        <source>H&amp;old / resume</source>
        <translation>&amp;Αναμονή / συνέχιση</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="128"/>
        <source>&amp;Mute / unmute</source>
        <translation>&amp;Σίγαση / άρση σίγασης</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="129"/>
        <source>&amp;Redial</source>
        <translation>&amp;Επανάκληση</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="130"/>
        <source>&amp;Go to the number field</source>
        <translation>&amp;Μετάβαση στο πεδίο αριθμού</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="137"/>
        <source>&amp;Phone</source>
        <translation>&amp;Τηλέφωνο</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="138"/>
        <source>&amp;Settings…</source>
        <translation>&amp;Ρυθμίσεις…</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="142"/>
        <source>&amp;Quit</source>
        <translation>Έ&amp;ξοδος</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="185"/>
        <source>No SIP account is set up yet: open Phone &gt; Settings.</source>
        <translation>Δεν υπάρχει ακόμη λογαριασμός SIP: ανοίξτε Τηλέφωνο &gt; Ρυθμίσεις.</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="303"/>
        <source>Supervisor</source>
        <translation>Επόπτης</translation>
    </message>
    <message>
        <location filename="../../ui/main_window.py" line="328"/>
        <source>Incoming call</source>
        <translation>Εισερχόμενη κλήση</translation>
    </message>
</context>
<context>
    <name>NotesPanel</name>
    <message>
        <location filename="../../ui/views/notes.py" line="30"/>
        <source>Customer notes</source>
        <translation>Σημειώσεις πελάτη</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="33"/>
        <source>New note</source>
        <translation>Νέα σημείωση</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="34"/>
        <source>Write a note about this customer</source>
        <translation>Γράψτε μια σημείωση για τον πελάτη</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="37"/>
        <source>Add note</source>
        <translation>Προσθήκη σημείωσης</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="37"/>
        <source>Save the note</source>
        <translation>Αποθήκευση σημείωσης</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="52"/>
        <source>Notes: %1</source>
        <translation>Σημειώσεις: %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="53"/>
        <source>No customer selected</source>
        <translation>Δεν έχει επιλεγεί πελάτης</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="73"/>
        <location filename="../../ui/views/notes.py" line="76"/>
        <source>Saving note…</source>
        <translation>Αποθήκευση σημείωσης…</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="77"/>
        <source>Note not saved: %1</source>
        <translation>Η σημείωση δεν αποθηκεύτηκε: %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/notes.py" line="81"/>
        <source>Note saved.</source>
        <translation>Η σημείωση αποθηκεύτηκε.</translation>
    </message>
</context>
<context>
    <name>RingingPanel</name>
    <message>
        <location filename="../../ui/views/ringing.py" line="24"/>
        <location filename="../../ui/views/ringing.py" line="27"/>
        <source>Incoming call</source>
        <translation>Εισερχόμενη κλήση</translation>
    </message>
    <message>
        <location filename="../../ui/views/ringing.py" line="32"/>
        <source>Answer</source>
        <translation>Απάντηση</translation>
    </message>
    <message>
        <location filename="../../ui/views/ringing.py" line="32"/>
        <source>Answer call</source>
        <translation>Απάντηση κλήσης</translation>
    </message>
    <message>
        <location filename="../../ui/views/ringing.py" line="34"/>
        <source>Decline</source>
        <translation>Απόρριψη</translation>
    </message>
    <message>
        <location filename="../../ui/views/ringing.py" line="34"/>
        <source>Decline call</source>
        <translation>Απόρριψη κλήσης</translation>
    </message>
    <message>
        <location filename="../../ui/views/ringing.py" line="63"/>
        <source>%1 more calls waiting</source>
        <translation>%1 ακόμη κλήσεις σε αναμονή</translation>
    </message>
    <message>
        <location filename="../../ui/views/ringing.py" line="65"/>
        <source>Press %1 to answer</source>
        <translation>Πατήστε %1 για απάντηση</translation>
    </message>
    <message>
        <location filename="../../ui/views/ringing.py" line="66"/>
        <source>Incoming call from %1</source>
        <translation>Εισερχόμενη κλήση από %1</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../ui/views/settings.py" line="39"/>
        <location filename="../../ui/views/settings.py" line="40"/>
        <source>Settings</source>
        <translation>Ρυθμίσεις</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="44"/>
        <source>Settings sections</source>
        <translation>Ενότητες ρυθμίσεων</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="45"/>
        <source>Accounts</source>
        <translation>Λογαριασμοί</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="46"/>
        <source>Audio</source>
        <translation>Ήχος</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="47"/>
        <source>Server</source>
        <translation>Διακομιστής</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="48"/>
        <source>Shortcuts</source>
        <translation>Συντομεύσεις</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="281"/>
        <location filename="../../ui/views/settings.py" line="291"/>
        <source>Language</source>
        <translation>Γλώσσα</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="52"/>
        <source>Save settings</source>
        <translation>Αποθήκευση ρυθμίσεων</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="49"/>
        <source>General</source>
        <translation>Γενικά</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="53"/>
        <source>Cancel</source>
        <translation>Ακύρωση</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="76"/>
        <source>SIP accounts</source>
        <translation>Λογαριασμοί SIP</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="77"/>
        <location filename="../../ui/views/settings.py" line="89"/>
        <source>Account id</source>
        <translation>Αναγνωριστικό λογαριασμού</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="78"/>
        <location filename="../../ui/views/settings.py" line="89"/>
        <source>Display name</source>
        <translation>Εμφανιζόμενο όνομα</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="79"/>
        <location filename="../../ui/views/settings.py" line="90"/>
        <location filename="../../ui/views/settings.py" line="259"/>
        <source>User name</source>
        <translation>Όνομα χρήστη</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="80"/>
        <location filename="../../ui/views/settings.py" line="90"/>
        <source>SIP domain</source>
        <translation>Τομέας SIP</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="81"/>
        <location filename="../../ui/views/settings.py" line="91"/>
        <source>Registrar</source>
        <translation>Καταχωρητής</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="82"/>
        <location filename="../../ui/views/settings.py" line="91"/>
        <location filename="../../ui/views/settings.py" line="260"/>
        <source>Password</source>
        <translation>Κωδικός</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="85"/>
        <location filename="../../ui/views/settings.py" line="92"/>
        <source>Transport</source>
        <translation>Μεταφορά δεδομένων</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="94"/>
        <source>New</source>
        <translation>Νέος</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="94"/>
        <source>New account</source>
        <translation>Νέος λογαριασμός</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="95"/>
        <source>Save account</source>
        <translation>Αποθήκευση λογαριασμού</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="96"/>
        <source>Remove</source>
        <translation>Αφαίρεση</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="96"/>
        <source>Remove account</source>
        <translation>Αφαίρεση λογαριασμού</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="142"/>
        <location filename="../../ui/views/settings.py" line="257"/>
        <source>unchanged</source>
        <translation>αμετάβλητος</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="158"/>
        <source>Account id, user name and SIP domain are required.</source>
        <translation>Απαιτούνται αναγνωριστικό, όνομα χρήστη και τομέας SIP.</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="169"/>
        <location filename="../../ui/views/settings.py" line="334"/>
        <source>Not saved: %1</source>
        <translation>Δεν αποθηκεύτηκε: %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="171"/>
        <source>Account saved.</source>
        <translation>Ο λογαριασμός αποθηκεύτηκε.</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="181"/>
        <source>Not removed: %1</source>
        <translation>Δεν αφαιρέθηκε: %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="183"/>
        <source>Account removed.</source>
        <translation>Ο λογαριασμός αφαιρέθηκε.</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="192"/>
        <source>Microphone</source>
        <translation>Μικρόφωνο</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="192"/>
        <source>Speaker</source>
        <translation>Ηχείο</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="193"/>
        <source>Ringer</source>
        <translation>Κουδούνισμα</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="222"/>
        <source>System default</source>
        <translation>Προεπιλογή συστήματος</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="316"/>
        <source>The server URL must start with https:// (or http:// for a test server).</source>
        <translation>Η διεύθυνση του διακομιστή πρέπει να αρχίζει με https:// (ή http:// για δοκιμαστικό διακομιστή).</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="320"/>
        <source>Two actions use the same shortcut: %1</source>
        <translation>Δύο ενέργειες έχουν την ίδια συντόμευση: %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="199"/>
        <source>Test</source>
        <translation>Δοκιμή</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="199"/>
        <source>Test %1</source>
        <translation>Δοκιμή: %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="208"/>
        <location filename="../../ui/views/settings.py" line="210"/>
        <source>Microphone level</source>
        <translation>Στάθμη μικροφώνου</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="209"/>
        <location filename="../../ui/views/settings.py" line="211"/>
        <source>Speaker level</source>
        <translation>Στάθμη ηχείου</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="235"/>
        <source>Testing…</source>
        <translation>Δοκιμή…</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="243"/>
        <source>Test finished.</source>
        <translation>Η δοκιμή ολοκληρώθηκε.</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="244"/>
        <source>Test failed: %1</source>
        <translation>Η δοκιμή απέτυχε: %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="250"/>
        <location filename="../../ui/views/settings.py" line="258"/>
        <source>Server URL</source>
        <translation>Διεύθυνση διακομιστή</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="252"/>
        <source>Server user name</source>
        <translation>Όνομα χρήστη διακομιστή</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="254"/>
        <source>Server password</source>
        <translation>Κωδικός διακομιστή</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="266"/>
        <source>Answer</source>
        <translation>Απάντηση</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="266"/>
        <source>Hang up</source>
        <translation>Τερματισμός</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="266"/>
        <source>Hold / resume</source>
        <translation>Αναμονή / συνέχιση</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="267"/>
        <source>Mute / unmute</source>
        <translation>Σίγαση / άρση σίγασης</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="267"/>
        <source>Redial</source>
        <translation>Επανάκληση</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="268"/>
        <source>Go to the number field</source>
        <translation>Μετάβαση στο πεδίο αριθμού</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="272"/>
        <source>Shortcut for %1</source>
        <translation>Συντόμευση για %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="285"/>
        <source>Desktop notifications for incoming calls</source>
        <translation>Ειδοποιήσεις επιφάνειας εργασίας για εισερχόμενες κλήσεις</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="286"/>
        <source>Desktop notifications</source>
        <translation>Ειδοποιήσεις επιφάνειας εργασίας</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="288"/>
        <source>Dial tel: and sip: links at once (otherwise fill in the number)</source>
        <translation>Άμεση κλήση συνδέσμων tel: και sip: (αλλιώς συμπλήρωση του αριθμού)</translation>
    </message>
    <message>
        <location filename="../../ui/views/settings.py" line="289"/>
        <source>Dial links at once</source>
        <translation>Άμεση κλήση συνδέσμων</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../../ui/views/status_bar.py" line="26"/>
        <source>Registration status</source>
        <translation>Κατάσταση εγγραφής</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="28"/>
        <source>Agent state</source>
        <translation>Κατάσταση χειριστή</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="30"/>
        <source>Set availability</source>
        <translation>Ορισμός διαθεσιμότητας</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="31"/>
        <location filename="../../ui/views/status_bar.py" line="76"/>
        <source>Ready</source>
        <translation>Διαθέσιμος</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="34"/>
        <source>Not ready: %1</source>
        <translation>Μη διαθέσιμος: %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="35"/>
        <source>Availability</source>
        <translation>Διαθεσιμότητα</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="38"/>
        <source>Sync status</source>
        <translation>Κατάσταση συγχρονισμού</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="40"/>
        <source>Media engine status</source>
        <translation>Κατάσταση μηχανής ήχου</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="62"/>
        <source>Not registered: %1</source>
        <translation>Χωρίς εγγραφή: %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="64"/>
        <source>(retry in %1 s)</source>
        <translation>(νέα προσπάθεια σε %1 δ)</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="67"/>
        <source>Registered</source>
        <translation>Εγγεγραμμένος</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="68"/>
        <source>Ready for direct calls</source>
        <translation>Έτοιμος για απευθείας κλήσεις</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="69"/>
        <source>Registering…</source>
        <translation>Εγγραφή…</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="70"/>
        <source>Not registered</source>
        <translation>Χωρίς εγγραφή</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="77"/>
        <source>Not ready</source>
        <translation>Μη διαθέσιμος</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="78"/>
        <source>Ringing</source>
        <translation>Κουδουνίζει</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="79"/>
        <source>On a call</source>
        <translation>Σε κλήση</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="80"/>
        <source>Wrap-up</source>
        <translation>Ολοκλήρωση κλήσης</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="81"/>
        <source>Offline</source>
        <translation>Εκτός σύνδεσης</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="91"/>
        <source>%1 items refused by the server</source>
        <translation>%1 στοιχεία απορρίφθηκαν από τον διακομιστή</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="93"/>
        <source>Server unreachable</source>
        <translation>Ο διακομιστής δεν είναι προσβάσιμος</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="95"/>
        <source>Offline: %1 waiting to sync</source>
        <translation>Εκτός σύνδεσης: %1 προς συγχρονισμό</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="97"/>
        <source>Syncing %1…</source>
        <translation>Συγχρονισμός %1…</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="98"/>
        <source>All saved and synced</source>
        <translation>Όλα αποθηκεύτηκαν και συγχρονίστηκαν</translation>
    </message>
    <message>
        <location filename="../../ui/views/status_bar.py" line="113"/>
        <source>Audio engine restarting…</source>
        <translation>Επανεκκίνηση μηχανής ήχου…</translation>
    </message>
</context>
<context>
    <name>SupervisorPanel</name>
    <message>
        <location filename="../../ui/views/supervisor.py" line="53"/>
        <source>Agents of my teams</source>
        <translation>Πράκτορες των ομάδων μου</translation>
    </message>
    <message>
        <location filename="../../ui/views/supervisor.py" line="56"/>
        <source>Agent</source>
        <translation>Πράκτορας</translation>
    </message>
    <message>
        <location filename="../../ui/views/supervisor.py" line="56"/>
        <source>State</source>
        <translation>Κατάσταση</translation>
    </message>
    <message>
        <location filename="../../ui/views/supervisor.py" line="56"/>
        <source>Call</source>
        <translation>Κλήση</translation>
    </message>
    <message>
        <location filename="../../ui/views/supervisor.py" line="56"/>
        <source>Time</source>
        <translation>Χρόνος</translation>
    </message>
    <message>
        <location filename="../../ui/views/supervisor.py" line="60"/>
        <source>Listen</source>
        <translation>Ακρόαση</translation>
    </message>
    <message>
        <location filename="../../ui/views/supervisor.py" line="60"/>
        <source>Whisper</source>
        <translation>Ψίθυρος</translation>
    </message>
    <message>
        <location filename="../../ui/views/supervisor.py" line="61"/>
        <source>Barge</source>
        <translation>Παρέμβαση</translation>
    </message>
    <message>
        <location filename="../../ui/views/supervisor.py" line="62"/>
        <source>%1 to the selected agent&apos;s call</source>
        <translation>%1 στην κλήση του επιλεγμένου πράκτορα</translation>
    </message>
    <message>
        <location filename="../../ui/views/supervisor.py" line="66"/>
        <source>Leave</source>
        <translation>Αποχώρηση</translation>
    </message>
    <message>
        <location filename="../../ui/views/supervisor.py" line="66"/>
        <source>Leave the monitored call</source>
        <translation>Αποχώρηση από την παρακολουθούμενη κλήση</translation>
    </message>
    <message>
        <location filename="../../ui/views/supervisor.py" line="93"/>
        <source>Pick an agent first.</source>
        <translation>Επιλέξτε πρώτα έναν πράκτορα.</translation>
    </message>
    <message>
        <location filename="../../ui/views/supervisor.py" line="95"/>
        <source>Joining %1&apos;s call…</source>
        <translation>Σύνδεση στην κλήση του/της %1…</translation>
    </message>
    <message>
        <location filename="../../ui/views/supervisor.py" line="109"/>
        <source>Board unavailable: %1</source>
        <translation>Ο πίνακας δεν είναι διαθέσιμος: %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/supervisor.py" line="114"/>
        <location filename="../../ui/views/supervisor.py" line="117"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location filename="../../ui/views/supervisor.py" line="122"/>
        <source>Left: %1</source>
        <translation>Αποχώρηση: %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/supervisor.py" line="124"/>
        <source>Refused: %1</source>
        <translation>Απορρίφθηκε: %1</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../ui/tray.py" line="68"/>
        <source>Show</source>
        <translation>Εμφάνιση</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="69"/>
        <source>Answer</source>
        <translation>Απάντηση</translation>
    </message>
    <message>
        <location filename="../../ui/tray.py" line="71"/>
        <source>Softphone</source>
        <translation>Softphone</translation>
    </message>
</context>
<context>
    <name>WrapUpPanel</name>
    <message>
        <location filename="../../ui/views/wrapup.py" line="37"/>
        <location filename="../../ui/views/wrapup.py" line="42"/>
        <source>Wrap-up</source>
        <translation>Ολοκλήρωση κλήσης</translation>
    </message>
    <message>
        <location filename="../../ui/views/wrapup.py" line="46"/>
        <location filename="../../ui/views/wrapup.py" line="47"/>
        <source>Search dispositions</source>
        <translation>Αναζήτηση εκβάσεων</translation>
    </message>
    <message>
        <location filename="../../ui/views/wrapup.py" line="50"/>
        <source>Disposition</source>
        <translation>Έκβαση</translation>
    </message>
    <message>
        <location filename="../../ui/views/wrapup.py" line="53"/>
        <source>Notes about this call</source>
        <translation>Σημειώσεις για την κλήση</translation>
    </message>
    <message>
        <location filename="../../ui/views/wrapup.py" line="54"/>
        <source>Call notes</source>
        <translation>Σημειώσεις κλήσης</translation>
    </message>
    <message>
        <location filename="../../ui/views/wrapup.py" line="57"/>
        <source>Follow up</source>
        <translation>Παρακολούθηση</translation>
    </message>
    <message>
        <location filename="../../ui/views/wrapup.py" line="58"/>
        <source>Schedule a follow-up</source>
        <translation>Προγραμματισμός παρακολούθησης</translation>
    </message>
    <message>
        <location filename="../../ui/views/wrapup.py" line="64"/>
        <source>Follow-up date and time</source>
        <translation>Ημερομηνία και ώρα παρακολούθησης</translation>
    </message>
    <message>
        <location filename="../../ui/views/wrapup.py" line="67"/>
        <source>Save</source>
        <translation>Αποθήκευση</translation>
    </message>
    <message>
        <location filename="../../ui/views/wrapup.py" line="67"/>
        <source>Save disposition</source>
        <translation>Αποθήκευση έκβασης</translation>
    </message>
    <message>
        <location filename="../../ui/views/wrapup.py" line="69"/>
        <source>Close</source>
        <translation>Κλείσιμο</translation>
    </message>
    <message>
        <location filename="../../ui/views/wrapup.py" line="69"/>
        <source>Close wrap-up</source>
        <translation>Κλείσιμο ολοκλήρωσης</translation>
    </message>
    <message>
        <location filename="../../ui/views/wrapup.py" line="130"/>
        <source>Call with %1</source>
        <translation>Κλήση με %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/wrapup.py" line="138"/>
        <source>Saving…</source>
        <translation>Αποθήκευση…</translation>
    </message>
    <message>
        <location filename="../../ui/views/wrapup.py" line="140"/>
        <source>Saved.</source>
        <translation>Αποθηκεύτηκε.</translation>
    </message>
    <message>
        <location filename="../../ui/views/wrapup.py" line="142"/>
        <source>Not saved: %1</source>
        <translation>Δεν αποθηκεύτηκε: %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/wrapup.py" line="154"/>
        <source>Overdue %1</source>
        <translation>Καθυστέρηση %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/wrapup.py" line="155"/>
        <source>%1 left</source>
        <translation>Απομένουν %1</translation>
    </message>
    <message>
        <location filename="../../ui/views/wrapup.py" line="182"/>
        <source>Pick a disposition.</source>
        <translation>Επιλέξτε έκβαση.</translation>
    </message>
    <message>
        <location filename="../../ui/views/wrapup.py" line="183"/>
        <source>This disposition needs a note.</source>
        <translation>Αυτή η έκβαση απαιτεί σημείωση.</translation>
    </message>
    <message>
        <location filename="../../ui/views/wrapup.py" line="184"/>
        <source>This disposition needs a follow-up time.</source>
        <translation>Αυτή η έκβαση απαιτεί ώρα παρακολούθησης.</translation>
    </message>
</context>
</TS>
