"""The demo shop's words in Russian, for a shop built in Russian (``names_in="ru"``).

Keyed by the English words of :mod:`boclerk.demo.data` and of the demo's stories: the shop draws
its English words as it always does and only then says them in Russian, so the same seed gives
the same shop in either language (the same draws, counts, amounts and dates). A word missing
here is a KeyError at build time, not an English word left in a Russian shop.
"""

from __future__ import annotations

from collections.abc import Callable

#: category -> (its name, its products' names in the order of data.CATEGORIES)
CATEGORIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "Kitchen": ("Кухня", (
        "Нож поварской", "Доска разделочная", "Кастрюля 2 л", "Сковорода 28 см", "Венчик", "Половник",
        "Дуршлаг", "Тёрка", "Весы кухонные", "Кувшин мерный", "Скалка", "Набор лопаток", "Овощечистка",
        "Консервный нож", "Пресс для чеснока", "Противень", "Прихватки", "Мельница для соли",
        "Мельница для перца", "Чайник",
    )),
    "Tableware": ("Посуда", (
        "Тарелка обеденная", "Тарелка суповая", "Кружка белая", "Кружка чёрная", "Чайная пара",
        "Бокал для вина", "Стакан", "Набор приборов 24", "Блюдо сервировочное", "Салатник", "Заварочный чайник",
        "Сахарница", "Молочник", "Тарелка десертная", "Чашка для эспрессо", "Графин", "Маслёнка", "Соусник",
        "Подставка для торта", "Кольца для салфеток",
    )),
    "Textiles": ("Текстиль", (
        "Полотенце банное", "Полотенце для рук", "Простыня двуспальная", "Пододеяльник", "Наволочки, пара",
        "Плед шерстяной", "Покрывало льняное", "Скатерть", "Полотенца кухонные 3", "Чехол для подушки",
        "Халат банный", "Штора", "Коврик для ванной", "Фартук", "Салфетки под приборы 4",
        "Простыня на резинке", "Подушка", "Одеяло", "Набор полотенец", "Коврик малый",
    )),
    "Lighting": ("Освещение", (
        "Лампа настольная", "Торшер", "Светильник подвесной", "Лампа LED E27", "Лампа LED E14", "Ночник",
        "Гирлянда", "Подсвечник", "Бра", "Абажур", "Лампа для чтения", "Фонарь", "Люстра потолочная",
        "Лампа настольная стекло", "Умная лампа", "Удлинитель", "Сетевой фильтр", "Батарейки AA",
        "Батарейки AAA", "Диммер",
    )),
    "Storage": ("Хранение", (
        "Коробка для хранения M", "Коробка для хранения L", "Корзина плетёная", "Стеллаж", "Плечики, 10 шт.",
        "Обувница", "Вакуумные пакеты", "Банка стеклянная 1 л", "Набор контейнеров", "Органайзер для ящика",
        "Корзина для белья", "Набор крючков", "Хлебница", "Полка для специй", "Подставка для журналов",
        "Ящик под кровать", "Вешалка напольная", "Органайзер для шкафа", "Сундук", "Подставка для бутылок",
    )),
    "Bathroom": ("Ванная", (
        "Дозатор для мыла", "Стакан для щёток", "Штора для ванной", "Полка на ванну", "Зеркало круглое",
        "Полотенцесушитель", "Ёршик для унитаза", "Табурет для ванной", "Ватные диски", "Ведро для мусора 5 л",
        "Полка угловая", "Мыльница", "Подушка для ванны", "Весы напольные", "Мешок для белья",
        "Зеркало для бритья", "Косметичка", "Держатель для фена", "Поднос для ванной", "Крючки на клейкой основе",
    )),
    "Garden": ("Сад", (
        "Лейка", "Перчатки садовые", "Секатор", "Горшок 20 см", "Горшок 30 см", "Кассета для рассады",
        "Шланг 15 м", "Подставка для колен", "Кормушка для птиц", "Подставка для цветов", "Совок садовый",
        "Грабли", "Садовый фонарь", "Компостер", "Ящик для цветов", "Таблички для растений", "Опрыскиватель",
        "Шпагат садовый", "Шезлонг", "Зонт садовый",
    )),
    "Decor": ("Декор", (
        "Ваза керамическая", "Рамка для фото A4", "Рамка для фото A5", "Часы настенные", "Свеча ароматическая",
        "Зеркало настенное", "Фотоальбом", "Статуэтка", "Искусственное растение", "Постер", "Поднос декоративный",
        "Держатели для книг", "Диффузор", "Коврик придверный", "Подушка бархатная", "Подставки под кружки 6",
        "Песочные часы", "Глобус", "Музыка ветра", "Календарь",
    )),
    "Office supplies": ("Канцтовары и расходники", (
        "Бумага A4, 500 листов", "Тонер для принтера", "Ручки шариковые 10", "Стикеры", "Степлер",
        "Скобы для степлера", "Скотч упаковочный", "Плёнка пузырчатая", "Коробки для отправки 20",
        "Этикетки в рулоне", "Чистящий спрей", "Бумажные полотенца", "Кофе в зёрнах 1 кг", "Чай пакетированный 100",
        "Папки 10", "Набор маркеров", "Ножницы", "Нож канцелярский",
    )),
    "Services": ("Услуги", ("Подарочная упаковка", "Сборка")),
}

#: the people's names; a surname's female form adds "а" (Иванов, Иванова)
FIRST_NAMES = {
    "Ivan": "Иван", "Olga": "Ольга", "Sergey": "Сергей", "Anna": "Анна", "Dmitry": "Дмитрий", "Elena": "Елена",
    "Alexey": "Алексей", "Maria": "Мария", "Pavel": "Павел", "Natalia": "Наталья", "Mikhail": "Михаил",
    "Tatiana": "Татьяна", "Andrey": "Андрей", "Irina": "Ирина", "Nikolai": "Николай", "Svetlana": "Светлана",
    "Artem": "Артём", "Yulia": "Юлия", "Roman": "Роман", "Ekaterina": "Екатерина", "Maxim": "Максим",
    "Daria": "Дарья", "Kirill": "Кирилл", "Ksenia": "Ксения", "Egor": "Егор", "Polina": "Полина", "Denis": "Денис",
    "Sofia": "София", "Vladimir": "Владимир", "Alina": "Алина",
    # the staff's logins' names
    "Boris": "Борис", "Vera": "Вера", "Gleb": "Глеб", "Dima": "Дима",
}
LAST_NAMES = {
    "Ivanov": "Иванов", "Petrov": "Петров", "Smirnov": "Смирнов", "Kuznetsov": "Кузнецов", "Popov": "Попов",
    "Vasiliev": "Васильев", "Sokolov": "Соколов", "Mikhailov": "Михайлов", "Novikov": "Новиков",
    "Fedorov": "Фёдоров", "Morozov": "Морозов", "Volkov": "Волков", "Alekseev": "Алексеев", "Lebedev": "Лебедев",
    "Semenov": "Семёнов", "Egorov": "Егоров", "Pavlov": "Павлов", "Kozlov": "Козлов", "Stepanov": "Степанов",
    "Nikolaev": "Николаев", "Orlov": "Орлов", "Andreev": "Андреев", "Makarov": "Макаров", "Nikitin": "Никитин",
    "Zakharov": "Захаров", "Zaitsev": "Зайцев", "Soloviev": "Соловьёв", "Borisov": "Борисов",
    "Yakovlev": "Яковлев", "Grigoriev": "Григорьев",
}
CITIES = {
    "Moscow": "Москва", "Saint Petersburg": "Санкт-Петербург", "Kazan": "Казань", "Novosibirsk": "Новосибирск",
    "Yekaterinburg": "Екатеринбург", "Nizhny Novgorod": "Нижний Новгород", "Samara": "Самара",
    "Rostov-on-Don": "Ростов-на-Дону", "Krasnodar": "Краснодар", "Voronezh": "Воронеж", "Perm": "Пермь",
    "Ufa": "Уфа",
}
STREETS = {
    "Lenina": "ул. Ленина", "Mira": "пр-т Мира", "Sadovaya": "ул. Садовая", "Tverskaya": "ул. Тверская",
    "Nevsky": "Невский пр-т", "Gagarina": "ул. Гагарина", "Pushkina": "ул. Пушкина", "Lesnaya": "ул. Лесная",
    "Sovetskaya": "ул. Советская", "Molodezhnaya": "ул. Молодёжная",
}
#: the thirty suppliers, in the order of their codes (S001 ...)
SUPPLIERS = (
    "ООО «Посуда-Торг»", "АО «Текстиль-Опт»", "ТД «Светлый дом»", "ГК «ДомСнаб»", "ООО «Сад и огород»",
    "АО «Декор-Центр»", "ТД «Уют»", "ГК «Комфорт»", "ООО «Мастер-Снаб»", "АО «Профи-Трейд»",
    "ТД «СнабКомплект»", "ГК «Торговый двор»", "ООО «Опт-Сервис»", "АО «Импорт-Хаус»", "ТД «Квартира»",
    "ГК «Посуда-Маркет»", "ООО «Текстильная линия»", "АО «Светоч»", "ТД «Домовой»", "ГК «Садовник»",
    "ООО «Декор и свет»", "АО «Уютный дом»", "ТД «Комфорт-Лайн»", "ГК «Мастерская»", "ООО «Профиль»",
    "АО «Снабженец»", "ТД «Торговая марка»", "ГК «Оптовик»", "ООО «Импорт-Групп»", "АО «Новая квартира»",
)
#: the customers that are businesses, in the order of data.CUSTOMER_ORGS
CUSTOMER_ORGS = (
    "ООО «Вектор»", "ООО «Альфа-Сервис»", "ООО «Горизонт»", "АО «Строй-Инвест»", "ООО «Кафе Встреча»",
    "ООО «Хостел Урал»", "ООО «Студия Лофт»", "ООО «Салон Элегия»", "ООО «Офис-Плюс»",
    "АНО «Детский сад Солнышко»", "ООО «Ресторан Волга»", "ООО «Гостиница Север»",
    "ООО «Клиника Здоровье»",
)

#: everything else the demo writes that a clerk reads: memos, the office's people, things and papers
#: (a template's ``{}`` take the same values in both languages)
TEXTS = {
    # the shop
    "Shop floor": "Торговый зал", "Delivery": "Доставка",
    "Opening balances": "Вводные остатки", "IT support for sales": "ИТ-поддержка продаж",
    "Campaign costs": "Расходы на рекламную кампанию", "Card settlement": "Зачисление эквайринга",
    "Shop floor refill": "Пополнение торгового зала", "Dropped while unpacking": "Разбито при распаковке",
    # the bulk orders' opening stock
    "opening stock (bulk orders)": "вводные остатки (история заказов)",
    "Opening stock for the order history": "Вводные остатки товаров для истории заказов",
    # the office's people
    "Olga Orlova": "Орлова Ольга", "Anna Petrova": "Петрова Анна", "Ivan Sokolov": "Соколов Иван",
    "Daria Morozova": "Морозова Дарья", "Boris Borisov": "Борисов Борис", "Pavel Lebedev": "Лебедев Павел",
    "Vera Volkova": "Волкова Вера", "Gleb Grigoriev": "Григорьев Глеб", "Alina Nikitina": "Никитина Алина",
    "Egor Zakharov": "Захаров Егор",
    "Director": "Директор", "Office manager": "Офис-менеджер", "Sales manager": "Менеджер по продажам",
    "Storekeeper": "Кладовщик", "Packer": "Упаковщик", "Chief accountant": "Главный бухгалтер",
    "System administrator": "Системный администратор", "Marketing manager": "Маркетолог", "Driver": "Водитель",
    # its contracts
    "Business Centre Neva LLC": "ООО «Бизнес-центр Нева»",
    "Lease of the office and warehouse, Sadovaya 12": "Аренда офиса и склада, ул. Садовая, д. 12",
    "IT equipment and consumables {}": "ИТ-оборудование и расходные материалы {}",
    "FastNet LLC": "ООО «ФастНет»", "Internet access, 500 Mbit/s": "Доступ в интернет, 500 Мбит/с",
    "Supply contract {}": "Договор поставки {}",
    # its things
    "Printer HP LaserJet M428": "Принтер HP LaserJet M428", "Coffee machine": "Кофемашина",
    "Air conditioner": "Кондиционер", "Fire extinguishers (6)": "Огнетушители (6 шт.)",
    'Monitor 27"': 'Монитор 27"', "Printer Canon LBP": "Принтер Canon LBP", 'Laptop 14" 16 GB': 'Ноутбук 14" 16 ГБ',
    "Office equipment": "Оргтехника", "Climate": "Климатическая техника", "Safety": "Безопасность",
    "IT": "Компьютеры", "IT equipment": "ИТ-оборудование",
    "Sales 204": "Отдел продаж, к. 204", "Warehouse office": "Офис склада", "All floors": "Все этажи",
    "Accounts 108": "Бухгалтерия, к. 108", "IT room 12": "Серверная, к. 12", "Packing room": "Упаковочная",
    "Service": "Техобслуживание", "Service before summer": "Техобслуживание перед летом",
    "Pressure check": "Проверка давления", "Cleaned and refilled": "Чистка и заправка",
    "Repair: new drum": "Ремонт: замена фотобарабана",
    "Repair: new pump and seals": "Ремонт: новая помпа и уплотнители",
    "Print Service LLC": "ООО «Принт-Сервис»", "Klimat Service LLC": "ООО «Климат-Сервис»",
    "Coffee Service LLC": "ООО «Кофе-Сервис»", "Moved for the season": "Переставлен на сезон",
    "Beyond repair: the fuser unit is no longer made": "Ремонту не подлежит: печка больше не выпускается",
    "Leaks under the tray": "Течёт под поддоном",
    # its books and requests
    "Office and warehouse rent, {}": "Аренда офиса и склада, {}", "Rent by floor area": "Аренда по площади",
    "IT support for Marketing": "ИТ-поддержка маркетинга", "For the Christmas peak": "К новогоднему пику продаж",
    "We still have a full box in the store room.": "В кладовой ещё целая коробка.",
    "Board meeting on Friday": "В пятницу совещание у директора",
}

_RU = {**{en: ru for en, (ru, _) in CATEGORIES.items()}, **TEXTS}


def words(language: str | None) -> Callable[[str], str]:
    """What says the demo's words in ``language``: in Russian for "ru", else as they are."""
    return _RU.__getitem__ if language == "ru" else _as_is


def _as_is(text: str) -> str:
    return text


def person(first: str, last: str, female: bool) -> str:
    """A Russian person's name, surname first, its form agreeing (Иванов Иван, Иванова Ольга)."""
    return f"{LAST_NAMES[last]}{'а' if female else ''} {FIRST_NAMES[first]}"


def address(city: str, street: str, house: int, flat: int, office: bool = False) -> str:
    return f"г. {CITIES[city]}, {STREETS[street]}, д. {house}, {'офис' if office else 'кв.'} {flat}"
