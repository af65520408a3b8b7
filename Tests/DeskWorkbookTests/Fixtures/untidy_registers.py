"""Writes hub registers as hubs keep them, with openpyxl (a real spreadsheet library), for the
workbook import tests: python3 untidy_registers.py FOLDER. Every name is made up."""
import datetime
import sys

from openpyxl import Workbook
from openpyxl.styles import Font

folder = sys.argv[1]

HEADER = ["№ сім'ї", "Прізвище", "Ім'я", "По батькові", "Дата народження", "Стать", None,
          "Телефон", "Номер довідки ВПО", "Населений пункт", "Голова", "Примітка"]


def hub():
    """A title, a date, a blank row and the header in row 4; an empty column; phones and
    certificate numbers stored as numbers; dates as Excel dates and one as text; a totals row
    with a formula and a signature below it; a second sheet with notes."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Аркуш1"
    sheet["A1"] = "Реєстр ВПО громадської організації «Вигаданий хаб»"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells("A1:H1")
    sheet["A2"] = "станом на"
    sheet["B2"] = datetime.date(2026, 2, 1)
    sheet["B2"].number_format = "dd.mm.yyyy"
    sheet.append([])
    sheet.append(HEADER)
    rows = [
        [417, "Вигаденко", "Олена", "Петрівна", datetime.date(1957, 3, 1), "ж", None, 501234567,
         1234567890123, "Вінниця", True, "двоє дітей"],
        [417, "Вигаденко", "Максим", "Іванович", datetime.datetime(1985, 11, 2), "ч", None, None,
         None, "Вінниця", False, None],
        [417, "Вигаденко", "Софія", "Максимівна", "14.06.2015", "ж", None, None, None, "Вінниця", None, None],
        [1003, "Несправжня", "Марʼяна", "Олегівна", datetime.date(1990, 12, 31), "Ж", None, 380671234567,
         "0312-0000012", "Гнівань", "так", None],
        [1004, "Уявний", "Ігор", None, None, "ч", None, "067 765 43 21", 9876543210, "Калинівка", 1, None],
    ]
    for row in rows:
        sheet.append(row)
    for cell in sheet["E"][4:]:
        if isinstance(cell.value, (datetime.date, datetime.datetime)):
            cell.number_format = "dd.mm.yyyy"
    sheet.append([])
    sheet.append([None, "Разом:", 5, "=COUNTA(C5:C9)"])
    sheet.append([None, "Координатор ______________ Примарна Г. О."])
    notes = book.create_sheet("Довідка")
    notes["A1"] = "Ця вкладка — не реєстр"
    book.save(f"{folder}/hub.xlsx")


def bad_cell():
    """A bad phone in E17 of Аркуш1, below a title: the error must name that cell."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Аркуш1"
    sheet["A1"] = "Реєстр"
    sheet.append(["household", "surname", "given_name", "birth_date", "phone"])
    for number in range(3, 20):
        phone = "12345" if number == 17 else f"050{number:07d}"
        sheet.append([number, "Вигаденко", f"Особа{number}", datetime.date(1980, 1, number), phone])
    book.save(f"{folder}/bad-cell.xlsx")


def named_sheets():
    """The register on the second, Ukrainian-named tab; the first tab hidden."""
    book = Workbook()
    hidden = book.active
    hidden.title = "Службовий"
    hidden["A1"] = "прихована вкладка"
    hidden.sheet_state = "hidden"
    register = book.create_sheet("Реєстр ВПО")
    register.append(["household", "surname", "given_name"])
    register.append([1, "Вигаденко", "Олена"])
    other = book.create_sheet("Видачі")
    other.append(["household", "surname", "given_name"])
    other.append([2, "Уявний", "Ігор"])
    other.append([3, "Примарна", "Ганна"])
    book.save(f"{folder}/sheets.xlsx")


hub()
bad_cell()
named_sheets()
