"""The word lists the demo generator draws from: kommuner, services, programmes,
sentences and contact details that look like a plan's own."""

from kontakter.models import Aktor

# (kommune, fylke, first two digits of its postal codes)
KOMMUNER = [
    ("Oslo", "Oslo", "05"),
    ("Bergen", "Vestland", "50"),
    ("Trondheim", "Trøndelag", "70"),
    ("Stavanger", "Rogaland", "40"),
    ("Bærum", "Akershus", "13"),
    ("Kristiansand", "Agder", "46"),
    ("Drammen", "Buskerud", "30"),
    ("Asker", "Akershus", "13"),
    ("Lillestrøm", "Akershus", "20"),
    ("Fredrikstad", "Østfold", "16"),
    ("Sandnes", "Rogaland", "43"),
    ("Tromsø", "Troms", "90"),
    ("Sarpsborg", "Østfold", "17"),
    ("Skien", "Telemark", "37"),
    ("Ålesund", "Møre og Romsdal", "60"),
    ("Sandefjord", "Vestfold", "32"),
    ("Larvik", "Vestfold", "32"),
    ("Tønsberg", "Vestfold", "31"),
    ("Indre Østfold", "Østfold", "18"),
    ("Bodø", "Nordland", "80"),
    ("Karmøy", "Rogaland", "42"),
    ("Arendal", "Agder", "48"),
    ("Ullensaker", "Akershus", "20"),
    ("Haugesund", "Rogaland", "55"),
    ("Porsgrunn", "Telemark", "39"),
    ("Moss", "Østfold", "15"),
    ("Hamar", "Innlandet", "23"),
    ("Lillehammer", "Innlandet", "26"),
    ("Gjøvik", "Innlandet", "28"),
    ("Molde", "Møre og Romsdal", "64"),
    ("Kristiansund", "Møre og Romsdal", "65"),
    ("Harstad", "Troms", "94"),
    ("Alta", "Finnmark", "95"),
    ("Hammerfest", "Finnmark", "96"),
    ("Narvik", "Nordland", "85"),
    ("Steinkjer", "Trøndelag", "77"),
    ("Levanger", "Trøndelag", "76"),
    ("Kongsberg", "Buskerud", "36"),
    ("Ringerike", "Buskerud", "35"),
    ("Halden", "Østfold", "17"),
    ("Nordre Follo", "Akershus", "14"),
    ("Lørenskog", "Akershus", "14"),
    ("Sørum", "Akershus", "19"),
    ("Aurskog-Høland", "Akershus", "19"),
    ("Grimstad", "Agder", "48"),
    ("Førde", "Vestland", "68"),
    ("Voss", "Vestland", "57"),
    ("Elverum", "Innlandet", "24"),
    ("Mo i Rana", "Nordland", "86"),
    ("Vadsø", "Finnmark", "98"),
]
# (politidistrikt, the kommune its station for the demo's addresses is in)
POLITIDISTRIKTER = [
    ("Oslo", "Oslo"),
    ("Øst", "Lillestrøm"),
    ("Innlandet", "Hamar"),
    ("Sør-Øst", "Tønsberg"),
    ("Agder", "Kristiansand"),
    ("Sør-Vest", "Stavanger"),
    ("Vest", "Bergen"),
    ("Møre og Romsdal", "Ålesund"),
    ("Trøndelag", "Trondheim"),
    ("Nordland", "Bodø"),
    ("Troms", "Tromsø"),
    ("Finnmark", "Hammerfest"),
]
# (name, short name, kind, domain: kommune, fylke or a fixed organisation domain)
TJENESTER = [
    ("Oppsøkende ungdomsteam", "OUT", Aktor.Type.KOMMUNAL, "kommune"),
    ("Helsestasjon for ungdom", "HFU", Aktor.Type.KOMMUNAL, "kommune"),
    ("Barneverntjenesten", "Barnevernet", Aktor.Type.KOMMUNAL, "kommune"),
    ("Psykisk helse og familiestøtte", "PHFS", Aktor.Type.KOMMUNAL, "kommune"),
    ("Pedagogisk-psykologisk tjeneste", "PPT", Aktor.Type.KOMMUNAL, "kommune"),
    ("SLT-koordinator", "SLT", Aktor.Type.KOMMUNAL, "kommune"),
    ("Møteplasser for barn og unge", "Møteplassene", Aktor.Type.KOMMUNAL, "kommune"),
    (
        "Rus- og psykisk helsetjeneste",
        "Rus og psykisk helse",
        Aktor.Type.KOMMUNAL,
        "kommune",
    ),
    ("Skolehelsetjenesten", "Skolehelse", Aktor.Type.KOMMUNAL, "kommune"),
    ("Ungdomsskolene", "Ungdomsskolene", Aktor.Type.KOMMUNAL, "kommune"),
    ("Familiens hus", "Familiens hus", Aktor.Type.KOMMUNAL, "kommune"),
    ("Frivilligsentralen", "Frivilligsentralen", Aktor.Type.KOMMUNAL, "kommune"),
    ("NAV", "NAV", Aktor.Type.STATLIG, "nav.example"),
    ("Oppfølgingstjenesten", "OT", Aktor.Type.FYLKESKOMMUNAL, "fylke"),
    ("Natteravnene", "Natteravnene", Aktor.Type.IDEELL, "natteravnene.example"),
    ("Røde Kors", "Røde Kors", Aktor.Type.IDEELL, "rodekors.example"),
    ("Kirkens Bymisjon", "Bymisjonen", Aktor.Type.IDEELL, "bymisjon.example"),
    ("Idrettsrådet", "Idrettsrådet", Aktor.Type.ANNET, "idrett.example"),
]
POLITI = ("Politiet, forebyggende seksjon", "Politiet", Aktor.Type.STATLIG)
KONFLIKTRADET = ("Konfliktrådet", "Konfliktrådet", Aktor.Type.STATLIG)

# Programme names by innsatsområde slug (as in fixtures/source/kuratering.toml).
PROGRAMMER = {
    "ungdomskriminalitet": [
        "Hasjavvenningsprogram",
        "Ungdomslos",
        "Gatemegling",
        "Ungdomskontrakt",
        "Bekymringssamtale",
        "Rusforebyggende undervisning",
        "Sommerjobb for ungdom",
        "Fritidsklubb",
        "Natteravner",
        "Utekontakt",
        "Mentorprogram",
        "Ruskontrakt",
        "Kveldsåpen idrettshall",
        "Trygghetsvandring",
        "Foreldreveiledning",
        "Ung i jobb",
        "Leksehjelp",
        "Oppfølgingsteam for ungdom",
        "Russ uten rus",
        "Skolemiljøteam",
    ],
    "vold-og-overgrep": [
        "Alternativ til vold",
        "Kropp og grenser",
        "Samtalegruppe for barn som har opplevd vold",
        "Foreldreveiledning",
        "Trygge voksne",
        "Voldsforebyggende kurs",
        "Dialoggruppe for ungdom",
        "Samarbeid med Barnehuset",
        "SO-team",
        "Sinnemestring for ungdom",
    ],
    "hatkriminalitet-og-ekstremisme": [
        "Radikaliseringskontakt",
        "Dialogmøter",
        "Nettpatrulje",
        "Mentor mot ekstremisme",
        "Demokrativerksted",
        "Kildekritikk på nett",
        "Inkluderingsprosjekt",
    ],
    "menneskehandel": [
        "Informasjon om menneskehandel",
        "Oppsøkende arbeid mot utnyttelse",
        "Kompetanseheving om menneskehandel",
        "Samarbeidsteam mot utnyttelse av unge",
    ],
    "gjengkriminalitet": [
        "Exit-program",
        "Gjengforebyggende team",
        "Konfliktrådsmøte",
        "Mentor for unge i gjeng",
        "Familieråd",
        "Oppfølging etter løslatelse",
        "Nettverksmøter for foreldre",
        "Ungdomsteam mot gjeng",
    ],
}
AREA_WEIGHTS = {
    "ungdomskriminalitet": 45,
    "vold-og-overgrep": 25,
    "hatkriminalitet-og-ekstremisme": 10,
    "menneskehandel": 5,
    "gjengkriminalitet": 15,
}
MALGRUPPER = [
    "ungdom",
    "barn og unge",
    "foreldre",
    "elever på ungdomsskolen",
    "unge voksne",
    "unge som har begått lovbrudd",
    "unge som bruker rus",
    "ungdom som er utsatt for vold",
    "jenter",
    "gutter",
    "elever i videregående skole",
    "ansatte i skole og barnehage",
    "familier med minoritetsbakgrunn",
]
TEMAER = [
    "rusforebygging",
    "forebygging av vold",
    "trygge oppvekstmiljø",
    "skolefravær",
    "nettvett",
    "hasj og cannabis",
    "vold i nære relasjoner",
    "kriminalitetsforebygging",
    "utenforskap",
    "psykisk helse",
]
METODER = [
    "motiverende intervju",
    "kognitiv atferdsterapi",
    "relasjonsbygging",
    "gruppesamtaler",
    "nettverksmøter",
    "oppsøkende arbeid på kveldstid",
    "tett oppfølging i skolen",
    "samarbeid med foreldre",
    "aktiviteter og mestring",
    "gjenopprettende prosesser",
]
STEDER = [
    "på skolen",
    "på helsestasjonen",
    "hjemme hos familien",
    "på fritidsklubben",
    "i sentrum",
    "på kontoret til tjenesten",
    "digitalt",
]
FREKVENSER = [
    "hver uke",
    "annenhver uke",
    "hver 6.–8. uke",
    "to ganger i semesteret",
    "etter behov",
]
VARIGHETER = ["tre måneder", "seks måneder", "ett skoleår", "12 uker", "ti samtaler"]
SETNINGER = [
    "{program} er et tilbud til {malgruppe} i {kommune}.",
    "Tiltaket retter seg mot {malgruppe} som står i fare for å utvikle "
    "rusproblemer eller begå kriminalitet.",
    "Målet er å forebygge rus og vold blant ungdom gjennom {metode}.",
    "{aktor} har ansvaret og samarbeider tett med skole, foreldre og politiet.",
    "Tilbudet er gratis og frivillig, og det trengs ingen henvisning.",
    "Ungdom som har prøvd hasj eller andre rusmidler, kan få oppfølging i {varighet}.",
    "Samtalene foregår {sted}, og foreldre kan være med når ungdommen ønsker det.",
    "Arbeidet bygger på {metode}.",
    "Skolen kan ta kontakt med {aktor} når de er bekymret for en elev.",
    "Gruppene møtes {frekvens}.",
    "Det legges vekt på trygghet, mestring og tilhørighet.",
    "Tiltaket er en del av kommunens arbeid med {tema}.",
    "Foreldre får veiledning i hvordan de kan snakke med barna sine om rus, "
    "vold og nettvett.",
    "Fagpersoner i skole, barnevern og helsetjeneste kan drøfte en bekymring anonymt.",
    "Tilbudet gis i samarbeid med politiet og SLT-koordinator.",
    "Ungdom kan ta kontakt selv, eller sammen med en voksen de stoler på.",
    "Tiltaket ble evaluert i fjor, og erfaringene brukes i videre arbeid med {tema}.",
    "Ansatte har taushetsplikt, men også plikt til å melde fra ved alvorlig bekymring.",
    "Det tilbys aktiviteter på kveldstid og i helger, når behovet er størst.",
    "Tiltaket når ungdom som ikke oppsøker hjelp selv.",
    "Politiet deltar med forebyggende samtaler og informasjon om straffansvar.",
    "Oppfølgingen avsluttes med et møte der ungdom, foreldre og skole ser på "
    "veien videre.",
    "Kurset tar opp grenser, vennskap, vold, rus og hvordan man får hjelp.",
    "Tilbudet er åpent for alle, uansett bakgrunn.",
]
PUNKTER = [
    "samtaler med ungdom og foreldre",
    "råd og veiledning til skole",
    "oppfølging etter en bekymringssamtale",
    "gruppetilbud for ungdom",
    "informasjon om rus og hasj",
    "hjelp til å finne jobb eller aktivitet",
    "kurs for foreldre",
    "oppsøkende arbeid i sentrum",
]
KONTAKT_TEKSTER = [
    "Den enkelte skole",
    "Ta kontakt med helsesykepleier på skolen",
    "Henvendelser går via SLT-koordinator",
    "Kontaktlærer eller rådgiver på skolen",
]
INTERNE_MERKNADER = [
    "Sjekk telefonnummeret ved neste revisjon.",
    "Avventer ny kontaktperson.",
    "Beskrivelsen bør kortes ned.",
    "Finansiering avklares før neste skoleår.",
]
GATER = [
    "Storgata",
    "Kirkegata",
    "Skolegata",
    "Parkveien",
    "Torget",
    "Rådhusgata",
    "Jernbanegata",
    "Idrettsveien",
    "Kulturhusgata",
    "Sentrumsveien",
]
APNINGSTIDER = [
    "hverdager 08.00–15.30",
    "mandag–fredag 09.00–15.00",
    "mandag–torsdag 12.00–14.30",
    "tirsdag og torsdag 14.00–20.00",
    "hele døgnet",
    "fredag og lørdag 20.00–02.00",
]
TELEFON_ETIKETTER = [
    "Vakttelefon",
    "Drøftingstelefon",
    "Kontakttelefon",
    "Ungdomstelefonen",
]
SOSIALE_MEDIER = ["Instagram", "Facebook", "Snapchat"]
POSTAL_PREFIXES = {kommune: prefix for kommune, _, prefix in KOMMUNER}
SEKSJONER = [
    ("Om demodataene", "om-demodataene"),
    ("Bakgrunn", "bakgrunn"),
    ("Mål", "mal"),
    ("SLT-modellen", "slt-modellen"),
]
# Leading digits under which every eight-digit number is valid in phonenumbers'
# metadata for Norway (landlines, then mobiles), so no draw is wasted.
PHONE_PREFIXES = ["22", "23", "32", "33", "38", "51", "55", "62", "69", "73", "77"]
MOBILE_PREFIXES = ["40", "41", "46", "47", "48", "90", "91", "92", "93", "95"]
