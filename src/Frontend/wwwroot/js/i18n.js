// Interface text: Dutch first (the people who use it speak it), English on request. Stored per browser.
const texts = {
  nl: {
    'nav.dashboard': 'Landelijk beeld', 'nav.intake': 'Aanmelding Ter Apel', 'nav.desk': 'Plaatsingsbureau',
    'status.live': 'Live', 'status.connecting': 'Verbinden…', 'status.reconnecting': 'Opnieuw verbinden…', 'status.offline': 'Geen verbinding',
    'status.version': 'versie', 'status.ago': 'geleden', 'auth.key': 'API-sleutel', 'auth.signin': 'Aanmelden', 'auth.signout': 'Afmelden',
    'auth.needed': 'Meld u aan met uw API-sleutel om het beddenbeeld te zien.',
    'beds.freeUsable': 'Vrij bruikbaar', 'beds.held': 'Vastgehouden', 'beds.occupied': 'Bezet', 'beds.closed': 'Gesloten',
    'beds.reserve': 'Reserve', 'beds.nominal': 'Nominale capaciteit', 'beds.available': 'Vrij', 'beds.locations': 'Locaties',
    'pressure.title': 'Drukpunten', 'pressure.terApel': 'Ter Apel t.o.v. maximum', 'pressure.waiting': 'Wachtend zonder bed',
    'pressure.highPriority': 'met voorrang', 'pressure.contracts': 'Contracten die aflopen (plaatsen)', 'pressure.reserve': 'Reserve inzetbaar binnen',
    'pressure.permitHolders': 'Statushouders in de opvang', 'pressure.belowStandard': 'Aandeel in sobere opvang', 'pressure.moves': 'Verhuizingen per bewoner',
    'days.30': '30 dagen', 'days.90': '90 dagen', 'days.365': '365 dagen', 'days.1': '1 dag', 'days.7': '7 dagen',
    'byKind.title': 'Per soort locatie', 'byProvince.title': 'Per provincie', 'col.kind': 'Soort', 'col.province': 'Provincie',
    'col.realised': 'Gerealiseerd / opgave', 'col.location': 'Locatie', 'col.lifecycle': 'Status', 'col.municipality': 'Gemeente',
    'province.drill': 'Locaties in', 'province.close': 'Sluiten',
    'location.back': '← Landelijk beeld', 'location.beds': 'Bedden per unit en kamer', 'location.contract': 'Contract tot', 'location.openEnded': 'onbepaald',
    'location.holdUntil': 'vastgehouden tot', 'location.closedBecause': 'gesloten', 'location.reopens': 'verwacht open', 'location.legend': 'Legenda',
    'intake.title': 'Bed aanvragen', 'intake.case': 'Zaaknummer (pseudoniem)', 'intake.household': 'Huishouden', 'intake.addMember': '+ Persoon',
    'intake.needs': 'Behoeften', 'intake.medical': 'Medisch', 'intake.wheelchair': 'Rolstoel', 'intake.phase': 'Fase', 'intake.priority': 'Voorrang',
    'intake.municipality': 'Gekoppelde gemeente (optioneel)', 'intake.submit': 'Bed aanvragen', 'intake.held': 'Bed vastgehouden',
    'intake.expiresIn': 'Vervalt over', 'intake.confirm': 'Aankomst bevestigen', 'intake.cancel': 'Annuleren', 'intake.confirmed': 'Aankomst bevestigd',
    'intake.cancelled': 'Geannuleerd', 'intake.expired': 'Verlopen', 'intake.waiting': 'Wachtend', 'intake.position': 'Positie in de wachtrij',
    'intake.reason': 'Reden', 'intake.newRequest': 'Nieuwe aanvraag', 'intake.at': 'Locatie', 'intake.beds': 'Bedden',
    'desk.location': 'Locatiecode', 'desk.close': 'Bedden sluiten', 'desk.reopen': 'Bedden heropenen', 'desk.scope': 'Welke bedden',
    'desk.whole': 'Hele locatie', 'desk.target': 'Unit of bed-id’s (komma’s)', 'desk.unit': 'Unit', 'desk.bedIds': 'Bed-id’s (komma’s)', 'desk.reason': 'Reden', 'desk.reopening': 'Verwacht open op',
    'desk.reserve': 'Reserve inzetten', 'desk.count': 'Aantal', 'desk.lifecycle': 'Levensfase', 'desk.contractEnd': 'Contracteinde', 'desk.apply': 'Uitvoeren',
    'desk.transfer': 'Zaak overplaatsen', 'desk.waiting': 'Wachtrij', 'desk.none': 'Niemand wacht.', 'desk.firstOf': 'De eersten in de wachtrij; totaal wachtend:', 'desk.changed': 'gewijzigd', 'desk.skipped': 'overgeslagen',
    'col.position': '#', 'col.case': 'Zaak', 'col.size': 'Pers.', 'col.group': 'Groep', 'col.phase': 'Fase', 'col.since': 'Sinds', 'col.reason': 'Reden',
  },
  en: {
    'nav.dashboard': 'National picture', 'nav.intake': 'Intake Ter Apel', 'nav.desk': 'Placement desk',
    'status.live': 'Live', 'status.connecting': 'Connecting…', 'status.reconnecting': 'Reconnecting…', 'status.offline': 'Offline',
    'status.version': 'version', 'status.ago': 'ago', 'auth.key': 'API key', 'auth.signin': 'Sign in', 'auth.signout': 'Sign out',
    'auth.needed': 'Sign in with your API key to see the bed grid.',
    'beds.freeUsable': 'Free usable', 'beds.held': 'Held', 'beds.occupied': 'Occupied', 'beds.closed': 'Closed',
    'beds.reserve': 'Reserve', 'beds.nominal': 'Nominal capacity', 'beds.available': 'Free', 'beds.locations': 'Locations',
    'pressure.title': 'Pressure signals', 'pressure.terApel': 'Ter Apel against its cap', 'pressure.waiting': 'Waiting without a bed',
    'pressure.highPriority': 'high priority', 'pressure.contracts': 'Contracts ending (places)', 'pressure.reserve': 'Reserve activatable within',
    'pressure.permitHolders': 'Permit holders in reception', 'pressure.belowStandard': 'Share in below-standard places', 'pressure.moves': 'Moves per resident',
    'days.30': '30 days', 'days.90': '90 days', 'days.365': '365 days', 'days.1': '1 day', 'days.7': '7 days',
    'byKind.title': 'By kind of location', 'byProvince.title': 'By province', 'col.kind': 'Kind', 'col.province': 'Province',
    'col.realised': 'Realised / assigned', 'col.location': 'Location', 'col.lifecycle': 'Lifecycle', 'col.municipality': 'Municipality',
    'province.drill': 'Locations in', 'province.close': 'Close',
    'location.back': '← National picture', 'location.beds': 'Beds by unit and room', 'location.contract': 'Contract until', 'location.openEnded': 'open-ended',
    'location.holdUntil': 'held until', 'location.closedBecause': 'closed', 'location.reopens': 'expected to reopen', 'location.legend': 'Legend',
    'intake.title': 'Request a bed', 'intake.case': 'Case reference (pseudonymous)', 'intake.household': 'Household', 'intake.addMember': '+ Person',
    'intake.needs': 'Needs', 'intake.medical': 'Medical', 'intake.wheelchair': 'Wheelchair', 'intake.phase': 'Phase', 'intake.priority': 'Priority',
    'intake.municipality': 'Linked municipality (optional)', 'intake.submit': 'Request a bed', 'intake.held': 'Bed held',
    'intake.expiresIn': 'Expires in', 'intake.confirm': 'Confirm arrival', 'intake.cancel': 'Cancel', 'intake.confirmed': 'Arrival confirmed',
    'intake.cancelled': 'Cancelled', 'intake.expired': 'Expired', 'intake.waiting': 'Waiting', 'intake.position': 'Position in the queue',
    'intake.reason': 'Reason', 'intake.newRequest': 'New request', 'intake.at': 'Location', 'intake.beds': 'Beds',
    'desk.location': 'Location code', 'desk.close': 'Close beds', 'desk.reopen': 'Reopen beds', 'desk.scope': 'Which beds',
    'desk.whole': 'Whole location', 'desk.target': 'Unit or bed ids (commas)', 'desk.unit': 'Unit', 'desk.bedIds': 'Bed ids (commas)', 'desk.reason': 'Reason', 'desk.reopening': 'Expected to reopen',
    'desk.reserve': 'Activate reserve', 'desk.count': 'Count', 'desk.lifecycle': 'Lifecycle', 'desk.contractEnd': 'Contract end', 'desk.apply': 'Apply',
    'desk.transfer': 'Transfer a case', 'desk.waiting': 'Waiting queue', 'desk.none': 'Nobody is waiting.', 'desk.firstOf': 'The first in the queue; waiting in all:', 'desk.changed': 'changed', 'desk.skipped': 'skipped',
    'col.position': '#', 'col.case': 'Case', 'col.size': 'Size', 'col.group': 'Group', 'col.phase': 'Phase', 'col.since': 'Since', 'col.reason': 'Reason',
  },
};

const enumTexts = {
  nl: {
    RegistrationCentre: 'Aanmeldcentrum', Pol: 'POL', Azc: 'AZC', AzcAccelerated: 'AZC versneld', Emergency: 'Noodopvang', Tgo: 'TGO',
    Amv: 'AMV', Pbl: 'PBL', FamilyLocation: 'Gezinslocatie', Vbl: 'VBL', Ibo: 'IBO', Htl: 'HTL', Doorstroom: 'Doorstroomlocatie',
    Planned: 'Gepland', Opening: 'Opent', Open: 'Open', Closing: 'Sluit', Closed: 'Gesloten',
    Available: 'Vrij', Held: 'Vastgehouden', Occupied: 'Bezet', Reserve: 'Reserve',
    Maintenance: 'Onderhoud', Outbreak: 'Uitbraak / quarantaine', Damage: 'Schade', StaffShortage: 'Personeelstekort',
    JustRegistered: 'Net aangemeld', RestAndPreparation: 'Rust en voorbereiding', GeneralProcedure: 'Algemene procedure',
    ExtendedProcedure: 'Verlengde procedure', PermitHolder: 'Statushouder', Rejected: 'Afgewezen',
    Child: 'Kind (0-11)', Teen: 'Tiener (12-17)', Adult: 'Volwassene', Senior: 'Oudere', Male: 'Man', Female: 'Vrouw', X: 'X',
    Head: 'Hoofd', Partner: 'Partner', Sibling: 'Broer/zus', Other: 'Anders', 'relation.Child': 'Kind',
    SingleMen: 'Alleenstaande mannen', SingleWomen: 'Alleenstaande vrouwen', Families: 'Gezinnen', Minors: 'Minderjarigen',
    Normal: 'Normaal', High: 'Hoog', Housed: 'Gehuisvest', Returned: 'Teruggekeerd', UnknownDestination: 'Onbekend vertrokken',
  },
  en: {
    RegistrationCentre: 'Registration centre', Pol: 'POL', Azc: 'AZC', AzcAccelerated: 'AZC accelerated', Emergency: 'Emergency', Tgo: 'TGO',
    Amv: 'Unaccompanied minors', Pbl: 'PBL', FamilyLocation: 'Family location', Vbl: 'VBL', Ibo: 'IBO', Htl: 'HTL', Doorstroom: 'Move-on location',
    Child: 'Child (0-11)', Teen: 'Teen (12-17)', 'relation.Child': 'Child', SingleMen: 'Single men', SingleWomen: 'Single women', StaffShortage: 'Staff shortage',
    JustRegistered: 'Just registered', RestAndPreparation: 'Rest and preparation', GeneralProcedure: 'General procedure',
    ExtendedProcedure: 'Extended procedure', PermitHolder: 'Permit holder', UnknownDestination: 'Unknown destination',
  },
};

export const language = () => localStorage.getItem('beddengrid.lang') === 'en' ? 'en' : 'nl';

export const t = key => texts[language()][key] ?? key;

/**
 * A domain enum value in the interface language; English falls back to the value itself. A value may be qualified by
 * its field ("relation.Child") where two enums share a name but not a meaning (the age band Child is not the relation).
 */
export const te = value => enumTexts[language()][value] ?? (value.includes('.') ? te(value.slice(value.indexOf('.') + 1)) : value);

export function translatePage() {
  document.documentElement.lang = language();
  for (const element of document.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
  for (const element of document.querySelectorAll('[data-i18n-enum]')) {
    element.textContent = te(element.dataset.i18nEnum);
  }
}

export function setLanguage(lang) {
  localStorage.setItem('beddengrid.lang', lang);
  translatePage();
  document.dispatchEvent(new CustomEvent('languagechange'));
}
