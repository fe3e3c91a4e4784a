// Word lists for a realistic Zamość office: Polish first names by sex, surnames (masculine form;
// -ski/-cki/-dzki take -ska/-cka/-dzka for women), real Zamość streets, company name parts.

export const MALE_FIRST_NAMES = [
  'Jan', 'Andrzej', 'Piotr', 'Krzysztof', 'Stanisław', 'Tomasz', 'Paweł', 'Józef', 'Marcin', 'Marek',
  'Michał', 'Grzegorz', 'Jerzy', 'Tadeusz', 'Adam', 'Łukasz', 'Zbigniew', 'Ryszard', 'Dariusz', 'Henryk',
  'Mariusz', 'Kazimierz', 'Wojciech', 'Robert', 'Mateusz', 'Marian', 'Rafał', 'Jacek', 'Janusz', 'Mirosław',
  'Maciej', 'Sławomir', 'Jarosław', 'Kamil', 'Wiesław', 'Roman', 'Władysław', 'Jakub', 'Artur', 'Zdzisław',
  'Edward', 'Mieczysław', 'Damian', 'Dawid', 'Przemysław', 'Sebastian', 'Czesław', 'Leszek', 'Daniel', 'Waldemar',
  'Bartłomiej', 'Bogdan', 'Zenon', 'Bolesław', 'Witold', 'Szymon', 'Radosław', 'Hubert', 'Kacper', 'Filip',
  'Łucjan', 'Bartosz', 'Zygmunt', 'Ireneusz', 'Stefan',
] as const

export const FEMALE_FIRST_NAMES = [
  'Anna', 'Maria', 'Katarzyna', 'Małgorzata', 'Agnieszka', 'Barbara', 'Ewa', 'Krystyna', 'Elżbieta', 'Magdalena',
  'Joanna', 'Zofia', 'Aleksandra', 'Monika', 'Teresa', 'Danuta', 'Natalia', 'Karolina', 'Marta', 'Beata',
  'Dorota', 'Halina', 'Jadwiga', 'Janina', 'Grażyna', 'Iwona', 'Jolanta', 'Paulina', 'Bożena', 'Urszula',
  'Justyna', 'Renata', 'Alicja', 'Hanna', 'Helena', 'Stanisława', 'Irena', 'Sylwia', 'Agata', 'Wiesława',
  'Łucja', 'Genowefa', 'Bronisława', 'Żaneta', 'Ilona', 'Kinga', 'Weronika', 'Julia', 'Wanda', 'Józefa',
  'Gabriela', 'Lucyna',
] as const

export const SURNAMES = [
  'Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański', 'Woźniak',
  'Dąbrowski', 'Kozłowski', 'Jankowski', 'Mazur', 'Wojciechowski', 'Kwiatkowski', 'Krawczyk', 'Kaczmarek', 'Piotrowski', 'Grabowski',
  'Zając', 'Pawłowski', 'Michalski', 'Król', 'Wieczorek', 'Jabłoński', 'Wróbel', 'Nowakowski', 'Majewski', 'Olszewski',
  'Stępień', 'Malinowski', 'Jaworski', 'Adamczyk', 'Dudek', 'Nowicki', 'Pawlak', 'Górski', 'Witkowski', 'Walczak',
  'Sikora', 'Baran', 'Rutkowski', 'Michalak', 'Szewczyk', 'Ostrowski', 'Tomaszewski', 'Pietrzak', 'Zalewski', 'Wróblewski',
  'Marciniak', 'Jasiński', 'Zawadzki', 'Bąk', 'Jakubowski', 'Sadowski', 'Duda', 'Włodarczyk', 'Wilk', 'Chmielewski',
  'Borkowski', 'Sokołowski', 'Szczepański', 'Sawicki', 'Lis', 'Kucharski', 'Kalinowski', 'Wysocki', 'Mazurek', 'Kubiak',
  'Kołodziej', 'Czarnecki', 'Żółkiewski', 'Gołębiowski', 'Łukasik', 'Kozieł', 'Bednarczyk', 'Szwed', 'Sołtys', 'Łoś',
  'Żak', 'Kędzierski', 'Ślusarczyk', 'Gałązka', 'Węgrzyn', 'Łagowski', 'Bielak', 'Hołub', 'Łazuk', 'Żuk',
  'Głowacki', 'Kowalewski', 'Ciechański', 'Pastuszak', 'Kołtun', 'Mącik', 'Szpak', 'Flis', 'Radzikowski', 'Bojarczuk',
] as const

/** Feminine form of a Polish surname: Kozłowski → Kozłowska, Zawadzki → Zawadzka, Nowak → Nowak. */
export function feminineSurname(surname: string): string {
  return /(ski|cki|dzki)$/.test(surname) ? surname.slice(0, -1) + 'a' : surname
}

/** Real Zamość streets; the weight says how many customers live there (big estates weigh more). */
export const STREETS: readonly (readonly [string, number])[] = [
  ['Partyzantów', 6], ['Lwowska', 5], ['Szczebrzeska', 4], ['Okrzei', 3], ['Peowiaków', 4], ['Grecka', 1],
  ['Staszica', 2], ['Kilińskiego', 3], ['Hrubieszowska', 4], ['Lubelska', 4], ['Krucza', 2], ['Łukasińskiego', 3],
  ['Żdanowska', 3], ['Łąkowa', 2], ['Śląska', 2], ['Ogrodowa', 3], ['Słowackiego', 3], ['Piłsudskiego', 4],
  ['Sienkiewicza', 3], ['Orzeszkowej', 3], ['Królowej Jadwigi', 3], ['Bohaterów Monte Cassino', 2], ['Młyńska', 2],
  ['Kołłątaja', 2], ['Wyszyńskiego', 4], ['Reymonta', 2], ['Prusa', 2], ['Kamienna', 1], ['Szwedzka', 1],
  ['Wiejska', 2], ['Zamenhofa', 1], ['Akademicka', 1], ['Ormiańska', 1], ['Moranda', 1], ['Bazyliańska', 1],
  ['Listopadowa', 1], ['Waryńskiego', 2], ['Kalinowa', 1], ['Jana Pawła II', 3], ['Oboźna', 1], ['Sadowa', 2],
  ['Starowiejska', 1], ['Legionów', 2], ['Kochanowskiego', 2], ['Kopernika', 2], ['Spółdzielcza', 2], ['Brzozowa', 1],
  ['Cicha', 1], ['Zielona', 2], ['Wiosenna', 1], ['Fabryczna', 1], ['Przemysłowa', 1], ['Lipska', 2], ['Hetmańska', 2],
]

export const EMAIL_DOMAINS = ['wp.pl', 'onet.pl', 'gmail.com', 'interia.pl', 'o2.pl', 'op.pl', 'poczta.fm'] as const

export const COOPERATIVE_NAMES = ['Zamojska', 'Hetman', 'Nowa Osada', 'Energetyk', 'Rotunda', 'Zamczysko', 'Roztocze', 'Orzeł'] as const

export const LTD_NAMES = [
  'Roztocze Serwis', 'Hetman Bud', 'Zamtrans', 'Renesans Invest', 'Ordynacja Development', 'Zamojskie Centrum Handlowe',
  'Agro-Zam', 'Eko-Zamość', 'Transbet', 'Lubelskie Okna', 'Megabud', 'Polmarket', 'Stolbud', 'Promet Zamość',
] as const

export const SHOP_NAMES = ['Pod Lipami', 'Na Rogu', 'Groszek', 'Jagódka', 'Stokrotka', 'Pod Arkadami', 'Ratuszowy', 'Przy Rynku', 'Kasztan', 'Złoty Kłos'] as const

/** Small businesses named after their owner: "Piekarnia Jan Kozłowski". */
export const TRADES = [
  'Sklep Spożywczy', 'Piekarnia', 'Zakład Fryzjerski', 'Warsztat Samochodowy', 'Kwiaciarnia', 'Zakład Krawiecki',
  'Gabinet Stomatologiczny', 'Pracownia Złotnicza', 'Myjnia Samochodowa', 'Zakład Szklarski',
] as const

export const VENUES = [
  'Restauracja „Ratuszowa”', 'Hotel „Renesans”', 'Kawiarnia „Arkady”', 'Pensjonat „Pod Sowami”', 'Bar Mleczny „Zamojski”',
  'Pizzeria „Roma”', 'Hotel „Zamojski”', 'Apteka „Pod Lwem”', 'Apteka „Rodzinna”', 'Przedszkole Niepubliczne „Słoneczko”',
] as const
