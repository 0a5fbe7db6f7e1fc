"""What the modernisation seed draws from: workshops by college profile, seed 002's
partners and their investments, the milestones of a project. Amounts are assumptions."""

from qadam.registry.choices import CollegeProfile

# (kind, Russian, Kazakh, English) per college profile; a polytechnic's are the default
FACILITIES: dict[str, tuple[tuple[str, str, str, str], ...]] = {
    CollegeProfile.POLYTECHNIC: (
        (
            "workshop",
            "Мастерская станков с ЧПУ",
            "CNC станоктар шеберханасы",
            "CNC machining workshop",
        ),
        ("workshop", "Сварочная мастерская", "Дәнекерлеу шеберханасы", "Welding workshop"),
        (
            "laboratory",
            "Лаборатория электротехники",
            "Электротехника зертханасы",
            "Electrical engineering laboratory",
        ),
    ),
    CollegeProfile.ENERGY: (
        (
            "laboratory",
            "Лаборатория релейной защиты",
            "Релелік қорғаныс зертханасы",
            "Relay protection laboratory",
        ),
        (
            "workshop",
            "Электромонтажная мастерская",
            "Электр монтаждау шеберханасы",
            "Electrical installation workshop",
        ),
    ),
    CollegeProfile.OIL_GAS: (
        (
            "laboratory",
            "Лаборатория КИПиА",
            "Бақылау-өлшеу аспаптары зертханасы",
            "Instrumentation laboratory",
        ),
        ("workshop", "Буровой полигон", "Бұрғылау полигоны", "Drilling training ground"),
    ),
    CollegeProfile.MINING_METALLURGY: (
        (
            "laboratory",
            "Лаборатория металловедения",
            "Металтану зертханасы",
            "Metallography laboratory",
        ),
        ("workshop", "Горный учебный полигон", "Тау-кен оқу полигоны", "Mining training ground"),
    ),
    CollegeProfile.CONSTRUCTION: (
        ("workshop", "Строительная мастерская", "Құрылыс шеберханасы", "Construction workshop"),
        (
            "laboratory",
            "Лаборатория строительных материалов",
            "Құрылыс материалдары зертханасы",
            "Building materials laboratory",
        ),
    ),
    CollegeProfile.TRANSPORT: (
        (
            "workshop",
            "Мастерская диагностики автомобилей",
            "Автокөлік диагностикасы шеберханасы",
            "Vehicle diagnostics workshop",
        ),
        ("laboratory", "Лаборатория тренажёров", "Тренажерлер зертханасы", "Simulator laboratory"),
    ),
    CollegeProfile.IT: (
        (
            "laboratory",
            "Лаборатория сетевых технологий",
            "Желілік технологиялар зертханасы",
            "Networking laboratory",
        ),
        (
            "laboratory",
            "Лаборатория робототехники",
            "Робототехника зертханасы",
            "Robotics laboratory",
        ),
    ),
    CollegeProfile.AGRICULTURE: (
        (
            "workshop",
            "Мастерская сельхозтехники",
            "Ауыл шаруашылығы техникасы шеберханасы",
            "Farm machinery workshop",
        ),
        (
            "laboratory",
            "Агрохимическая лаборатория",
            "Агрохимия зертханасы",
            "Agrochemistry laboratory",
        ),
    ),
    CollegeProfile.MEDICAL: (
        ("laboratory", "Симуляционный центр", "Симуляциялық орталық", "Simulation centre"),
    ),
    CollegeProfile.PEDAGOGICAL: (
        ("laboratory", "Цифровой класс", "Цифрлық сынып", "Digital classroom"),
    ),
    CollegeProfile.SERVICES_ARTS: (
        ("workshop", "Учебная кухня", "Оқу асханасы", "Training kitchen"),
        ("workshop", "Швейная мастерская", "Тігін шеберханасы", "Sewing workshop"),
    ),
}
# the sector whose equipment a profile's lines buy (agreements.seeding.patronage.EQUIPMENT)
SECTOR_OF_PROFILE: dict[str, str] = {
    CollegeProfile.POLYTECHNIC: "mechanical",
    CollegeProfile.ENERGY: "energy",
    CollegeProfile.OIL_GAS: "oil_gas",
    CollegeProfile.MINING_METALLURGY: "metallurgy",
    CollegeProfile.CONSTRUCTION: "construction",
    CollegeProfile.TRANSPORT: "transport",
    CollegeProfile.IT: "it",
    CollegeProfile.AGRICULTURE: "agriculture",
    CollegeProfile.MEDICAL: "health",
    CollegeProfile.PEDAGOGICAL: "education",
    CollegeProfile.SERVICES_ARTS: "services",
}
# (Russian, Kazakh, English, share of the project's span at which it falls due)
MILESTONES = (
    (
        "Проектно-сметная документация утверждена",
        "Жобалық-сметалық құжаттама бекітілді",
        "Design and cost estimates approved",
        0.1,
    ),
    ("Оборудование закуплено", "Жабдық сатып алынды", "Equipment purchased", 0.45),
    (
        "Монтаж и пусконаладка завершены",
        "Монтаж және іске қосу-баптау аяқталды",
        "Installation and commissioning completed",
        0.75,
    ),
    (
        "Мастерские и лаборатории открыты",
        "Шеберханалар мен зертханалар ашылды",
        "Workshops and laboratories opened",
        1.0,
    ),
)
# Seed 002: "state and PPP funds from our partners POCR LLP, ERG, Nephtechim LTD,
# Prommashkomplekt, KAZ Minerals Bozshakol have been invested in the development of the
# material base" of a Pavlodar university since 2015 ("petrochemistry, metallurgy, energy,
# and IT"). (name, sector, year, amount in million tenge, purpose): the years and amounts are
# assumptions; the names, the region and the fields are the source's.
SEED_002_PARTNERS = (
    ("ТОО «ПНХЗ» (POCR LLP)", "oil_gas", 2015, 420, "Лаборатория нефтехимии и переработки нефти"),
    (
        "АО «ERG» (Евразийская Группа)",
        "metallurgy",
        2017,
        860,
        "Лаборатории металлургии и электроэнергетики",
    ),
    (
        "ТОО «Нефтехим LTD» (Nephtechim LTD)",
        "chemistry",
        2018,
        240,
        "Лаборатория полимеров и химической технологии",
    ),
    (
        "ТОО «Проммашкомплект» (Prommashkomplekt)",
        "mechanical",
        2019,
        310,
        "Мастерская машиностроения с ЧПУ",
    ),
    ("ТОО «KAZ Minerals Bozshakol»", "mining", 2021, 650, "Центр горного дела и IT-лаборатория"),
)
PAVLODAR_KATO = "55"
