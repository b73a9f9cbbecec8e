"""Word lists the demo shop is made of (a home-goods store)."""

from __future__ import annotations

#: category -> (SKU prefix, kind, VAT rate, price range in whole roubles, product names)
CATEGORIES: dict[str, tuple[str, str, str, tuple[int, int], tuple[str, ...]]] = {
    "Kitchen": ("KIT", "goods", "standard", (250, 6500), (
        "Chef knife", "Cutting board", "Saucepan 2 l", "Frying pan 28 cm", "Whisk", "Ladle", "Colander",
        "Grater", "Kitchen scales", "Measuring jug", "Rolling pin", "Spatula set", "Peeler", "Can opener",
        "Garlic press", "Baking tray", "Oven mitts", "Salt mill", "Pepper mill", "Tea kettle",
    )),
    "Tableware": ("TAB", "goods", "standard", (150, 4200), (
        "Dinner plate", "Soup bowl", "Mug white", "Mug black", "Tea cup and saucer", "Wine glass", "Tumbler",
        "Cutlery set 24", "Serving platter", "Salad bowl", "Teapot", "Sugar bowl", "Milk jug", "Dessert plate",
        "Espresso cup", "Water carafe", "Butter dish", "Gravy boat", "Cake stand", "Napkin rings",
    )),
    "Textiles": ("TEX", "goods", "standard", (300, 7800), (
        "Bath towel", "Hand towel", "Bed sheet double", "Duvet cover", "Pillow case pair", "Blanket wool",
        "Throw linen", "Tablecloth", "Kitchen towels 3", "Cushion cover", "Bathrobe", "Curtain panel",
        "Bath mat", "Apron", "Placemats 4", "Fitted sheet", "Pillow", "Duvet", "Tea towel set", "Rug small",
    )),
    "Lighting": ("LIG", "goods", "standard", (400, 9500), (
        "Desk lamp", "Floor lamp", "Pendant light", "LED bulb E27", "LED bulb E14", "Night light",
        "String lights", "Candle holder", "Wall sconce", "Lamp shade", "Reading light", "Lantern",
        "Ceiling light", "Table lamp glass", "Smart bulb", "Extension cord", "Power strip", "Battery pack AA",
        "Battery pack AAA", "Dimmer switch",
    )),
    "Storage": ("STO", "goods", "standard", (200, 5500), (
        "Storage box M", "Storage box L", "Basket wicker", "Shelf unit", "Hanger set 10", "Shoe rack",
        "Vacuum bags", "Jar glass 1 l", "Food container set", "Drawer organiser", "Laundry basket",
        "Hooks set", "Bread bin", "Spice rack", "Magazine holder", "Under-bed box", "Coat rack",
        "Wardrobe organiser", "Trunk", "Bottle rack",
    )),
    "Bathroom": ("BAT", "goods", "standard", (150, 4800), (
        "Soap dispenser", "Toothbrush holder", "Shower curtain", "Bath caddy", "Mirror round", "Towel rail",
        "Toilet brush", "Bath stool", "Cotton pads box", "Waste bin 5 l", "Shelf corner", "Soap dish",
        "Bath pillow", "Scale digital", "Laundry bag", "Shaving mirror", "Cosmetic bag", "Hair dryer holder",
        "Bath tray", "Hooks adhesive",
    )),
    "Garden": ("GAR", "goods", "standard", (180, 8900), (
        "Watering can", "Garden gloves", "Pruning shears", "Flower pot 20 cm", "Flower pot 30 cm", "Seed tray",
        "Hose 15 m", "Garden kneeler", "Bird feeder", "Plant stand", "Trowel", "Rake", "Solar lamp",
        "Compost bin", "Planter box", "Plant labels", "Sprayer", "Garden twine", "Deck chair", "Parasol",
    )),
    "Decor": ("DEC", "goods", "standard", (250, 7200), (
        "Vase ceramic", "Picture frame A4", "Picture frame A5", "Wall clock", "Candle scented", "Mirror wall",
        "Photo album", "Figurine", "Artificial plant", "Wall art print", "Tray decorative", "Bookends",
        "Diffuser", "Doormat", "Cushion velvet", "Coasters 6", "Hourglass", "Globe", "Wind chime", "Calendar",
    )),
    "Office supplies": ("OFF", "consumable", "standard", (60, 1900), (
        "A4 paper 500 sheets", "Printer toner", "Ballpoint pens 10", "Sticky notes", "Stapler", "Staples box",
        "Packing tape", "Bubble wrap roll", "Shipping boxes 20", "Labels roll", "Cleaning spray", "Paper towels",
        "Coffee beans 1 kg", "Tea bags 100", "Folders 10", "Markers set", "Scissors", "Cutter knife",
    )),
    "Services": ("SRV", "service", "standard", (0, 0), ("Gift wrapping", "Assembly service")),
}

FIRST_NAMES = (
    "Ivan", "Olga", "Sergey", "Anna", "Dmitry", "Elena", "Alexey", "Maria", "Pavel", "Natalia", "Mikhail",
    "Tatiana", "Andrey", "Irina", "Nikolai", "Svetlana", "Artem", "Yulia", "Roman", "Ekaterina", "Maxim",
    "Daria", "Kirill", "Ksenia", "Egor", "Polina", "Denis", "Sofia", "Vladimir", "Alina",
)
LAST_NAMES = (
    "Ivanov", "Petrov", "Smirnov", "Kuznetsov", "Popov", "Vasiliev", "Sokolov", "Mikhailov", "Novikov",
    "Fedorov", "Morozov", "Volkov", "Alekseev", "Lebedev", "Semenov", "Egorov", "Pavlov", "Kozlov",
    "Stepanov", "Nikolaev", "Orlov", "Andreev", "Makarov", "Nikitin", "Zakharov", "Zaitsev", "Soloviev",
    "Borisov", "Yakovlev", "Grigoriev",
)
CITIES = ("Moscow", "Saint Petersburg", "Kazan", "Novosibirsk", "Yekaterinburg", "Nizhny Novgorod", "Samara",
          "Rostov-on-Don", "Krasnodar", "Voronezh", "Perm", "Ufa")
STREETS = ("Lenina", "Mira", "Sadovaya", "Tverskaya", "Nevsky", "Gagarina", "Pushkina", "Lesnaya",
           "Sovetskaya", "Molodezhnaya")
SUPPLIER_WORDS = ("Posuda", "Tekstil", "Svet", "Dom", "Sad", "Dekor", "Uyut", "Komfort", "Master", "Profi",
                  "Snab", "Torg", "Opt", "Import", "Kvartira")
SUPPLIER_FORMS = ("LLC", "JSC", "Trading House", "Group")
#: Customers that are businesses: one in forty of the demo's customers is an organisation
CUSTOMER_ORGS = ("Vektor", "Alfa-Servis", "Gorizont", "Stroy-Invest", "Kafe Vstrecha", "Hostel Ural", "Studio Loft",
                 "Salon Elegia", "Ofis-Plus", "Detsky Sad Solnyshko", "Restoran Volga", "Gostinitsa Sever",
                 "Klinika Zdorovye")
EMAIL_DOMAINS = ("mail.ru", "yandex.ru", "gmail.com", "example.com", "inbox.ru")
#: the first names of women (a surname agrees with them: Ivanova)
FEMALE = frozenset(("Irina", "Sofia", "Yulia", "Natalia", "Daria", "Polina", "Ksenia", "Alina", "Svetlana",
                    "Tatiana", "Ekaterina", "Maria", "Olga", "Elena"))


def female(first: str) -> bool:
    return first.endswith("a") or first in FEMALE
